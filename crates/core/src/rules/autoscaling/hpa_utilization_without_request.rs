use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a utilization target on cpu or memory (`autoscaling/v2`
    /// `target.type: Utilization`, `v2beta1` `targetAverageUtilization`, or
    /// `v1` `targetCPUUtilizationPercentage`) when a container of the target
    /// workload in the input has no request for that resource (nor a limit,
    /// which the request would default to).
    ///
    /// ## Why is this bad?
    /// Utilization is usage divided by request. Without a request the HPA
    /// cannot compute it (`missing request for cpu`) and never scales —
    /// “Gin on Kubernetes” chapter 4 and “Go + K8s development guide” §4.2 set requests for exactly this reason.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: go-app
    /// spec:
    ///   selector:
    ///     matchLabels: {app: go-app}
    ///   template:
    ///     metadata:
    ///       labels: {app: go-app}
    ///     spec:
    ///       containers:
    ///         - name: app
    ///           image: ghcr.io/acme/app:v1
    /// ---
    /// apiVersion: autoscaling/v2
    /// kind: HorizontalPodAutoscaler
    /// metadata:
    ///   name: go-app
    /// spec:
    ///   scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: go-app}
    ///   minReplicas: 2
    ///   maxReplicas: 10
    ///   metrics:
    ///     - type: Resource
    ///       resource:
    ///         name: cpu
    ///         target: {type: Utilization, averageUtilization: 50}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: go-app
    /// spec:
    ///   selector:
    ///     matchLabels: {app: go-app}
    ///   template:
    ///     metadata:
    ///       labels: {app: go-app}
    ///     spec:
    ///       containers:
    ///         - name: app
    ///           image: ghcr.io/acme/app:v1
    ///           resources:
    ///             requests: {cpu: 250m, memory: 256Mi}
    /// ---
    /// apiVersion: autoscaling/v2
    /// kind: HorizontalPodAutoscaler
    /// metadata:
    ///   name: go-app
    /// spec:
    ///   scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: go-app}
    ///   minReplicas: 2
    ///   maxReplicas: 10
    ///   metrics:
    ///     - type: Resource
    ///       resource:
    ///         name: cpu
    ///         target: {type: Utilization, averageUtilization: 50}
    /// ```
    pub struct HpaUtilizationWithoutRequest {
        id: "hpa-utilization-without-request",
        category: Autoscaling,
        severity: Error,
        default: On,
        scope: Objects,
        seed: "001 ch4",
        title: ["The autoscaler needs a request it does not have", "自动扩缩容依赖的 request 不存在"],
        what_zh: "当目标工作负载在输入中的某个容器没有对应资源的 request（也没有可作为其默认值的 limit）时，报告 cpu 或 memory 上的利用率目标（`autoscaling/v2` 的 `target.type: Utilization`、`v2beta1` 的 `targetAverageUtilization` 或 `v1` 的 `targetCPUUtilizationPercentage`）。",
        why_zh: "利用率 = 用量 ÷ request。没有 request，HPA 就无法计算（`missing request for cpu`），也就永远不会扩缩容——《Gin框架与Kubernetes部署》第四章和《Go语言+K8s开发指南》§4.2 正是为此设置了 requests。",
        fix: ["Set `resources.requests` for that resource on every container of the target workload.", "为目标工作负载的每个容器设置该资源的 `resources.requests`。"],
    }
}

impl Check for HpaUtilizationWithoutRequest {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for (index, a) in cx.index.autoscalers() {
            let (index, hpa) = (*index, &cx.objects[*index]);
            let (Some(kind), Some(name)) = (a.target_kind, a.target_name.and_then(Node::as_str))
            else {
                continue;
            };
            let Some((_, target)) = cx.find(kind, hpa, name) else {
                continue;
            };
            let Some(pod) = &target.pod else { continue };
            for metric in &a.utilization {
                let resource = metric.resource;
                let lacking: Vec<&str> = pod
                    .containers
                    .iter()
                    .filter(|c| c.role.is_long_running())
                    .filter(|c| {
                        c.resource("requests", resource).is_none()
                            && c.resource("limits", resource).is_none()
                    })
                    .map(|c| c.name.unwrap_or("(unnamed)"))
                    .collect();
                if lacking.is_empty() {
                    continue;
                }
                let containers = lacking.join(", ");
                let what = target.describe();
                out.report(At::object(index, metric.node, metric.path.clone()), text!(
                        "{resource} utilization needs a {resource} request, but {what}'s container {containers} has none: the HPA cannot scale",
                        "{resource} 利用率需要 {resource} request，但 {what} 的容器 {containers} 没有设置：HPA 无法扩缩容"
                    ));
            }
        }
    }
}
