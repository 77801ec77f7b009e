use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a probe whose port is a name that no `ports[].name` of the
    /// container declares (error: the probe can never succeed), or a number
    /// that is not among the container's declared `containerPort`s (warning,
    /// only when the container declares ports).
    ///
    /// ## Why is this bad?
    /// A named port that does not exist makes the probe fail every time: a
    /// liveness probe then restarts the pod forever, a readiness probe keeps
    /// it out of its Service. A number that differs from the declared port is
    /// usually a leftover from another service (“Deploying Go apps to Kubernetes” §2.3, and its chapter 1 table:
    /// ports must match the Go service).
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
    ///     ports:
    ///     - containerPort: 8080
    ///     readinessProbe:
    ///       httpGet: {path: /ready, port: 8000}
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
    ///     ports:
    ///     - containerPort: 8080
    ///     readinessProbe:
    ///       httpGet: {path: /ready, port: 8080}
    /// ```
    pub struct ProbePortNotExposed {
        id: "probe-port-not-exposed",
        category: Probes,
        severity: Error,
        default: On,
        seed: "000 §2.3",
        title: ["A probe checks a port the container does not declare", "探针检查的端口未在容器中声明"],
        what_zh: "报告探针端口是容器 `ports[].name` 中不存在的名称（错误：探针永远不会成功），或是容器已声明端口中没有的数字（警告，仅在容器声明了端口时检查）。",
        why_zh: "不存在的端口名会让探针每次都失败：存活探针会让 Pod 无限重启，就绪探针会让它一直不在 Service 中。与声明端口不同的数字通常是从别的服务复制来的残留（《Go应用Kubernetes部署》§2.3；同一篇文章第一章的表格：端口需与 Go 服务一致）。",
        fix: ["Point the probe at a declared port (its name or its number).", "让探针指向已声明的端口（名称或端口号）。"],
    }
}

impl Check for ProbePortNotExposed {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for c in cx.containers() {
            if !c.role.is_long_running() {
                continue;
            }
            let ports: Vec<(Option<i64>, Option<&str>)> = c.ports().collect();
            for probe_key in ["livenessProbe", "readinessProbe", "startupProbe"] {
                let Some(probe) = c.node.get(probe_key) else {
                    continue;
                };
                for handler in ["httpGet", "tcpSocket", "grpc"] {
                    let Some(port) = probe.path(&[handler, "port"]) else {
                        continue;
                    };
                    let (message, severity) = if let Some(number) = port.as_i64() {
                        if ports.is_empty() || ports.iter().any(|(n, _)| *n == Some(number)) {
                            continue;
                        }
                        let declared = ports
                            .iter()
                            .filter_map(|(n, _)| *n)
                            .map(|n| n.to_string())
                            .collect::<Vec<_>>()
                            .join(", ");
                        let message = text!(
                            "{probe_key} checks port {number}, but the container declares {declared}",
                            "{probe_key} 检查端口 {number}，但容器声明的是 {declared}"
                        );
                        (message, Severity::Warning)
                    } else if let Some(name) = port.as_str() {
                        if ports.iter().any(|(_, n)| *n == Some(name)) {
                            continue;
                        }
                        let names: Vec<&str> = ports.iter().filter_map(|(_, n)| *n).collect();
                        let (declared, declared_zh) = if names.is_empty() {
                            ("no named ports".to_owned(), "没有命名端口".to_owned())
                        } else {
                            (
                                format!("only {}", names.join(", ")),
                                format!("只有 {}", names.join("、")),
                            )
                        };
                        let message = text!(
                            "{probe_key} checks port `{name}`, but the container has {declared}: the probe always fails",
                            "{probe_key} 检查端口 `{name}`，但容器{declared_zh}：探针永远失败"
                        );
                        (message, Severity::Error)
                    } else {
                        continue;
                    };
                    let path = c.join(&format!("{probe_key}.{handler}.port"));
                    out.report(c.at_path(port, path), message)
                        .severity(severity);
                }
            }
        }
    }
}
