use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a container of a pod that a Service in the input sends
    /// traffic to, when it has no `lifecycle.preStop` hook. Opt-in: an app
    /// that drains on SIGTERM by itself does not need one.
    ///
    /// ## Why is this bad?
    /// When a pod is deleted, removing it from the Service's endpoints and
    /// sending SIGTERM happen at the same time; kube-proxies and ingress
    /// controllers keep routing to it for a few seconds. A short `preStop`
    /// sleep lets them catch up, so rollouts drop no requests (“Deploying Go apps to Kubernetes” §3.2,
    /// “Go microservices on K8s” chapter 5).
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   replicas: 3
    ///   selector:
    ///     matchLabels:
    ///       app: web
    ///   template:
    ///     metadata:
    ///       labels:
    ///         app: web
    ///     spec:
    ///       containers:
    ///       - name: web
    ///         image: ghcr.io/acme/web:v1.4.2
    /// ---
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web
    /// spec:
    ///   selector:
    ///     app: web
    ///   ports:
    ///   - port: 80
    ///     targetPort: 8080
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   replicas: 3
    ///   selector:
    ///     matchLabels:
    ///       app: web
    ///   template:
    ///     metadata:
    ///       labels:
    ///         app: web
    ///     spec:
    ///       containers:
    ///       - name: web
    ///         image: ghcr.io/acme/web:v1.4.2
    ///         lifecycle:
    ///           preStop:
    ///             sleep:
    ///               seconds: 5
    /// ---
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web
    /// spec:
    ///   selector:
    ///     app: web
    ///   ports:
    ///   - port: 80
    ///     targetPort: 8080
    /// ```
    pub struct MissingPrestopHook {
        id: "missing-prestop-hook",
        category: Availability,
        severity: Info,
        default: OptIn,
        scope: Objects,
        seed: "000 §3.2",
        title: ["A Service-backed container has no preStop hook", "Service 后端容器没有 preStop 钩子"],
        what_zh: "报告输入中某个 Service 会向其发送流量的 Pod 中、没有 `lifecycle.preStop` 钩子的容器。需手动启用：自己在收到 SIGTERM 时会排空连接的应用不需要它。",
        why_zh: "删除 Pod 时，把它从 Service 的 endpoints 中移除和发送 SIGTERM 是同时发生的；kube-proxy 和 Ingress 控制器还会继续把流量路由给它几秒钟。一个短暂的 `preStop` 休眠能让它们跟上，滚动更新就不会丢请求（《Go应用Kubernetes部署》§3.2、《Go微服务部署K8s实战》第五章）。",
        fix: ["Add `lifecycle.preStop` with a few seconds' sleep (and keep `terminationGracePeriodSeconds` above it).", "添加一个休眠几秒的 `lifecycle.preStop`（并让 `terminationGracePeriodSeconds` 大于它）。"],
    }
}

impl Check for MissingPrestopHook {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for w in cx.workloads() {
            if w.object.is_batch() {
                continue;
            }
            // The first Service that sends traffic to it (computed once for
            // all workloads).
            let Some(service) = cx
                .index
                .fronted_by(w.index)
                .map(|s| cx.objects[s].describe())
            else {
                continue;
            };
            for c in w.containers().filter(|c| c.role == Role::Regular) {
                if c.node.path(&["lifecycle", "preStop"]).is_some() {
                    continue;
                }
                out.report(c.lacking(), text!(
                        "receives traffic from {service} but has no preStop hook: requests in flight fail during rollouts",
                        "接收来自 {service} 的流量，却没有 preStop 钩子：滚动更新时正在处理的请求会失败"
                    ));
            }
        }
    }
}
