use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a container whose liveness and readiness probes use the same
    /// handler: the same HTTP path and port, TCP port, gRPC port and service,
    /// or command.
    ///
    /// ## Why is this bad?
    /// The two probes answer different questions (“Deploying Go apps to Kubernetes” §2.3): readiness
    /// "should I get traffic?", liveness "should I be restarted?". With one
    /// endpoint, a slow database makes every pod fail liveness at once and
    /// Kubernetes restarts them all, turning an outage of a dependency into
    /// your own.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: api
    /// spec:
    ///   containers:
    ///   - name: api
    ///     image: ghcr.io/acme/api:v1.4.2
    ///     livenessProbe:
    ///       httpGet: {path: /health, port: 8080}
    ///     readinessProbe:
    ///       httpGet: {path: /health, port: 8080}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: api
    /// spec:
    ///   containers:
    ///   - name: api
    ///     image: ghcr.io/acme/api:v1.4.2
    ///     livenessProbe:
    ///       httpGet: {path: /live, port: 8080}
    ///     readinessProbe:
    ///       httpGet: {path: /ready, port: 8080}
    /// ```
    pub struct IdenticalLivenessReadiness {
        id: "identical-liveness-readiness",
        category: Probes,
        severity: Warning,
        default: On,
        fixable: Review,
        seed: "000 §2.3",
        title: ["Liveness and readiness probes are identical", "存活探针与就绪探针完全相同"],
        what_zh: "报告存活探针和就绪探针使用相同处理方式的容器：相同的 HTTP 路径和端口、TCP 端口、gRPC 端口和服务，或相同的命令。",
        why_zh: "两种探针回答的问题不同（《Go应用Kubernetes部署》§2.3）：就绪探针回答“该不该给我流量”，存活探针回答“该不该重启我”。共用一个端点时，数据库一变慢，所有 Pod 同时存活检查失败，Kubernetes 把它们全部重启，依赖的故障变成了你自己的故障。",
        fix: ["Point liveness at a cheap `/live` that checks only the process, readiness at `/ready` that checks dependencies.", "存活探针指向只检查进程自身的 `/live`，就绪探针指向检查依赖的 `/ready`。"],
    }
}

/// A comparable description of a probe's handler.
pub(crate) fn handler(probe: &Node) -> Option<String> {
    if let Some(http) = probe.get("httpGet") {
        let field = |k| http.get(k).map(ToString::to_string).unwrap_or_default();
        return Some(format!(
            "http {} {}:{}",
            field("scheme"),
            field("path"),
            field("port")
        ));
    }
    if let Some(tcp) = probe.get("tcpSocket") {
        return Some(format!(
            "tcp {}",
            tcp.get("port").map(ToString::to_string).unwrap_or_default()
        ));
    }
    if let Some(grpc) = probe.get("grpc") {
        let field = |k| grpc.get(k).map(ToString::to_string).unwrap_or_default();
        return Some(format!("grpc {} {}", field("port"), field("service")));
    }
    let command = probe.path(&["exec", "command"])?.as_seq()?;
    Some(format!(
        "exec {}",
        command
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\u{0}")
    ))
}

impl Check for IdenticalLivenessReadiness {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for c in cx.containers() {
            if !c.role.is_long_running() {
                continue;
            }
            let (Some(live), Some(ready)) =
                (c.node.entry("livenessProbe"), c.node.get("readinessProbe"))
            else {
                continue;
            };
            let live_handler = handler(&live.value);
            if live_handler.is_some() && live_handler == handler(ready) {
                out.report(c.at(&live.key, "livenessProbe").labelled(), text!(
                        "has identical liveness and readiness probes: a dependency outage will restart every pod",
                        "的存活探针与就绪探针完全相同：依赖故障时所有 Pod 都会被重启"
                    ))
                .fix(live.value.path(&["httpGet", "path"]).and_then(|path| {
                    fix_with(cx, c.index, false, |s| {
                        // (No comment: the path may sit in a flow mapping.)
                        Some(vec![s.replace(path, "/live")])
                    })
                }));
            }
        }
    }
}
