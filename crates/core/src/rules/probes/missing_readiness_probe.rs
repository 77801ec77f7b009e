use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a container of a long-running workload (not a Job, CronJob or
    /// run-once Pod) without a `readinessProbe`.
    ///
    /// ## Why is this bad?
    /// Without readiness, a pod receives Service traffic the moment its
    /// process starts, before it can answer, and keeps receiving it while
    /// it is overloaded or shutting down (“Deploying Go apps to Kubernetes” §2.3, “Go + K8s development guide” §4.1).
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
    ///     readinessProbe:
    ///       httpGet: {path: /ready, port: 8080}
    /// ```
    pub struct MissingReadinessProbe {
        id: "missing-readiness-probe",
        category: Probes,
        severity: Warning,
        default: On,
        fixable: Review,
        seed: "000 §2.3, 004 §4.1",
        title: ["A container has no readiness probe", "容器没有就绪探针"],
        what_zh: "报告长期运行的工作负载（非 Job、CronJob 或一次性 Pod）中没有 `readinessProbe` 的容器。",
        why_zh: "没有就绪探针时，进程一启动 Pod 就开始接收 Service 流量，此时它还无法响应；过载或正在关闭时也仍然接收流量（《Go应用Kubernetes部署》§2.3、《Go语言+K8s开发指南》§4.1）。",
        fix: ["Add a `readinessProbe` that checks the app can serve (e.g. `httpGet: {path: /ready, port: 8080}`).", "添加检查应用能否提供服务的 `readinessProbe`（例如 `httpGet: {path: /ready, port: 8080}`）。"],
    }
}

impl Check for MissingReadinessProbe {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for c in cx.containers() {
            if !c.object.is_batch()
                && c.role == Role::Regular
                && c.node.get("readinessProbe").is_none()
            {
                // On a port the container declares, or no fix at all.
                let port = probe_port(&c);
                let fix = port.as_deref().and_then(|port| {
                    let template =
                        || probe_template("/ready", port, &["periodSeconds: 10".to_owned()]);
                    set_fix(cx, c.index, false, c.node, &["readinessProbe"], template)
                });
                let help = match &port {
                    Some(port) => help!(
                        "Add a `readinessProbe`: an HTTP check of `/ready` on port `{port}`, the one the container declares (point it at your app's readiness endpoint).",
                        "添加 `readinessProbe`：对容器声明的端口 `{port}` 做 `/ready` 的 HTTP 检查（改成应用自己的就绪端点）。"
                    ),
                    None => help!(
                        "Add a `readinessProbe` on the port the app listens on, and declare it under `ports` (the container declares none, so no fix guesses one).",
                        "在应用监听的端口上添加 `readinessProbe`，并在 `ports` 中声明该端口（容器没有声明任何端口，所以不提供猜测的修复）。"
                    ),
                };
                out.report(
                    c.lacking(),
                    Text::new(
                        "has no readinessProbe: it gets traffic before it can serve",
                        "没有 readinessProbe：还不能提供服务时就会接收流量",
                    ),
                )
                .help(help)
                .fix(fix);
            }
        }
    }
}
