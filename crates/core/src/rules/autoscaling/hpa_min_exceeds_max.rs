use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a HorizontalPodAutoscaler whose `minReplicas` is greater than
    /// its `maxReplicas`.
    ///
    /// ## Why is this bad?
    /// The API server rejects it (`maxReplicas: must be greater than or equal
    /// to minReplicas`); usually the two numbers were swapped.
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
    ///   minReplicas: 10
    ///   maxReplicas: 2
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
    ///   minReplicas: 2
    ///   maxReplicas: 10
    ///   metrics:
    ///   - type: Resource
    ///     resource:
    ///       name: cpu
    ///       target:
    ///         type: Utilization
    ///         averageUtilization: 70
    /// ```
    pub struct HpaMinExceedsMax {
        id: "hpa-min-exceeds-max",
        category: Autoscaling,
        severity: Error,
        default: On,
        seed: "004 §4.2",
        title: ["minReplicas is above maxReplicas", "minReplicas 大于 maxReplicas"],
        what_zh: "报告 `minReplicas` 大于 `maxReplicas` 的 HorizontalPodAutoscaler。",
        why_zh: "API Server 会拒绝它（`maxReplicas: must be greater than or equal to minReplicas`）；通常是两个数字写反了。",
        fix: ["Make `minReplicas` at most `maxReplicas`.", "让 `minReplicas` 不大于 `maxReplicas`。"],
    }
}

impl Check for HpaMinExceedsMax {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for (index, a) in cx.index.autoscalers() {
            let (index, hpa) = (*index, &cx.objects[*index]);
            let (Some(min_node), Some(max)) = (a.min, a.max.and_then(Node::as_i64)) else {
                continue;
            };
            let Some(min) = min_node.as_i64().filter(|m| *m > max) else {
                continue;
            };
            out.report(At::object(index, min_node, hpa.join("spec.minReplicas")), text!(
                    "minReplicas {min} is above maxReplicas {max}: the API server rejects this autoscaler",
                    "minReplicas {min} 大于 maxReplicas {max}：API Server 会拒绝这个自动扩缩容器"
                ));
        }
    }
}
