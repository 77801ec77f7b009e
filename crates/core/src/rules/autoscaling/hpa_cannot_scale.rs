use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a HorizontalPodAutoscaler whose `minReplicas` equals its
    /// `maxReplicas`.
    ///
    /// ## Why is this bad?
    /// It can never scale: it is a fixed replica count with extra moving
    /// parts, and load spikes are not absorbed (“Gin on Kubernetes” chapter 4 scales between
    /// a floor and a ceiling).
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: autoscaling/v2
    /// kind: HorizontalPodAutoscaler
    /// metadata:
    ///   name: web
    /// spec:
    ///   scaleTargetRef:
    ///     apiVersion: apps/v1
    ///     kind: Deployment
    ///     name: web
    ///   minReplicas: 3
    ///   maxReplicas: 3
    ///   metrics:
    ///   - type: Resource
    ///     resource:
    ///       name: cpu
    ///       target:
    ///         type: Utilization
    ///         averageUtilization: 70
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: autoscaling/v2
    /// kind: HorizontalPodAutoscaler
    /// metadata:
    ///   name: web
    /// spec:
    ///   scaleTargetRef:
    ///     apiVersion: apps/v1
    ///     kind: Deployment
    ///     name: web
    ///   minReplicas: 3
    ///   maxReplicas: 10
    ///   metrics:
    ///   - type: Resource
    ///     resource:
    ///       name: cpu
    ///       target:
    ///         type: Utilization
    ///         averageUtilization: 70
    /// ```
    pub struct HpaCannotScale {
        id: "hpa-cannot-scale",
        category: Autoscaling,
        severity: Warning,
        default: On,
        seed: "001 ch4",
        title: ["The autoscaler cannot scale", "自动扩缩容器无法扩缩"],
        what_zh: "报告 `minReplicas` 等于 `maxReplicas` 的 HorizontalPodAutoscaler。",
        why_zh: "它永远不会扩缩：这只是一个固定副本数，却多了一堆活动部件，负载高峰也无法被吸收（《Gin框架与Kubernetes部署》第四章在下限和上限之间扩缩）。",
        fix: ["Raise `maxReplicas` above `minReplicas`, or drop the HPA and set `replicas`.", "把 `maxReplicas` 调到 `minReplicas` 之上，或者去掉 HPA 直接设置 `replicas`。"],
    }
}

impl Check for HpaCannotScale {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for (index, a) in cx.index.autoscalers() {
            let (index, hpa) = (*index, &cx.objects[*index]);
            let (Some(min), Some(max_node)) = (a.min.and_then(Node::as_i64), a.max) else {
                continue;
            };
            if max_node.as_i64() != Some(min) {
                continue;
            }
            out.report(
                At::object(index, max_node, hpa.join("spec.maxReplicas")),
                text!(
                    "minReplicas and maxReplicas are both {min}: this autoscaler can never scale",
                    "minReplicas 和 maxReplicas 都是 {min}：这个自动扩缩容器永远不会扩缩"
                ),
            );
        }
    }
}
