use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a HorizontalPodAutoscaler whose `minReplicas` is below 2
    /// (unset means 1).
    ///
    /// ## Why is this bad?
    /// At quiet times the autoscaler scales down to one pod, and that pod is
    /// a single point of failure until load returns (“Go + K8s development guide” §4.2 sets
    /// `minReplicas: 2`).
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
    ///   minReplicas: 1
    ///   maxReplicas: 10
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
    pub struct HpaSingleMinReplica {
        id: "hpa-single-min-replica",
        category: Autoscaling,
        severity: Info,
        default: On,
        seed: "004 §4.2",
        title: ["The autoscaler may scale down to one pod", "自动扩缩容可能缩到只剩一个 Pod"],
        what_zh: "报告 `minReplicas` 小于 2（未设置即为 1）的 HorizontalPodAutoscaler。",
        why_zh: "空闲时自动扩缩容器会缩到一个 Pod，在负载回来之前这个 Pod 就是单点故障（《Go语言+K8s开发指南》§4.2 设置了 `minReplicas: 2`）。",
        fix: ["Set `minReplicas: 2` or more.", "设置 `minReplicas: 2` 或更多。"],
    }
}

impl Check for HpaSingleMinReplica {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for (index, a) in cx.index.autoscalers() {
            let (index, hpa) = (*index, &cx.objects[*index]);
            let (node, path, message) = match a.min {
                Some(node) => {
                    let Some(min) = node.as_i64().filter(|m| *m < 2) else {
                        continue;
                    };
                    (
                        node,
                        hpa.join("spec.minReplicas"),
                        text!(
                            "minReplicas {min}: at quiet times one pod carries everything",
                            "minReplicas 为 {min}：空闲时只有一个 Pod 承担全部流量"
                        ),
                    )
                }
                None => {
                    let Some(max) = a.max else { continue };
                    (
                        max,
                        hpa.join("spec.maxReplicas"),
                        text!(
                        "minReplicas is unset (so 1): at quiet times one pod carries everything",
                        "未设置 minReplicas（即为 1）：空闲时只有一个 Pod 承担全部流量"
                    ),
                    )
                }
            };
            out.report(At::object(index, node, path), message);
        }
    }
}
