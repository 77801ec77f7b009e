use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a container of a long-running workload without a
    /// `livenessProbe`.
    ///
    /// ## Why is this bad?
    /// A process that deadlocks but does not exit is never restarted. A
    /// liveness probe lets the kubelet notice and restart it (“Deploying Go apps to Kubernetes” §2.3).
    /// Informational: a bad liveness probe is worse than none, so write it
    /// against a cheap endpoint that checks only the process itself.
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
    ///       initialDelaySeconds: 10
    /// ```
    pub struct MissingLivenessProbe {
        id: "missing-liveness-probe",
        category: Probes,
        severity: Info,
        default: On,
        fixable: Review,
        seed: "000 §2.3",
        title: ["A container has no liveness probe", "容器没有存活探针"],
        what_zh: "报告长期运行的工作负载中没有 `livenessProbe` 的容器。",
        why_zh: "进程死锁但没有退出时永远不会被重启。存活探针让 kubelet 发现并重启它（《Go应用Kubernetes部署》§2.3）。这是提示：糟糕的存活探针比没有更坏，应指向只检查进程自身的轻量端点。",
        fix: ["Add a `livenessProbe` on a cheap endpoint that checks only the process (e.g. `/live`).", "在只检查进程自身的轻量端点上添加 `livenessProbe`（例如 `/live`）。"],
    }
}

impl Check for MissingLivenessProbe {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for c in cx.containers() {
            if !c.object.is_batch()
                && c.role == Role::Regular
                && c.node.get("livenessProbe").is_none()
            {
                let delay = cx.settings.thresholds.liveness_min_initial_delay_seconds;
                // On a port the container declares, or no fix at all.
                let port = probe_port(&c);
                let fix = port.as_deref().and_then(|port| {
                    let template = || {
                        let extra = [
                            crate::text::concat(&["initialDelaySeconds: ", &delay.to_string()]),
                            "periodSeconds: 10".to_owned(),
                            "timeoutSeconds: 5".to_owned(),
                        ];
                        probe_template("/live", port, &extra)
                    };
                    set_fix(cx, c.index, false, c.node, &["livenessProbe"], template)
                });
                let help = match &port {
                    Some(port) => help!(
                        "Add a `livenessProbe`: an HTTP check of `/live` on port `{port}`, the one the container declares, against an endpoint that checks only the process.",
                        "添加 `livenessProbe`：对容器声明的端口 `{port}` 做 `/live` 的 HTTP 检查，端点只检查进程自身。"
                    ),
                    None => help!(
                        "Add a `livenessProbe` on the port the app listens on, and declare it under `ports` (the container declares none, so no fix guesses one).",
                        "在应用监听的端口上添加 `livenessProbe`，并在 `ports` 中声明该端口（容器没有声明任何端口，所以不提供猜测的修复）。"
                    ),
                };
                out.report(
                    c.lacking(),
                    Text::new(
                        "has no livenessProbe: a hung process is never restarted",
                        "没有 livenessProbe：进程卡死后不会被重启",
                    ),
                )
                .help(help)
                .fix(fix);
            }
        }
    }
}
