use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `replicas` on a Deployment or StatefulSet that a
    /// HorizontalPodAutoscaler in the input scales.
    ///
    /// ## Why is this bad?
    /// The autoscaler owns the replica count. Every `kubectl apply` of the
    /// manifest resets it to the written number — scaling a busy service
    /// down until the HPA catches up (“Go + K8s development guide” §4.2 pairs a Deployment with
    /// an HPA).
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: go-app
    /// spec:
    ///   replicas: 3
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
    /// ---
    /// apiVersion: autoscaling/v2
    /// kind: HorizontalPodAutoscaler
    /// metadata:
    ///   name: go-app
    /// spec:
    ///   scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: go-app}
    ///   minReplicas: 2
    ///   maxReplicas: 10
    /// ```
    pub struct ReplicasWithHpa {
        id: "replicas-with-hpa",
        category: Availability,
        severity: Warning,
        default: On,
        scope: Objects,
        seed: "004 §4.2",
        title: ["replicas is set while an HPA scales the workload", "HPA 扩缩容的工作负载仍设置了 replicas"],
        what_zh: "报告被输入中某个 HorizontalPodAutoscaler 扩缩容的 Deployment 或 StatefulSet 上的 `replicas`。",
        why_zh: "副本数归自动扩缩容器管理。每次 `kubectl apply` 清单都会把它重置为写死的数字——在 HPA 追上之前，繁忙的服务会被缩容（《Go语言+K8s开发指南》§4.2 把 Deployment 和 HPA 配对使用）。",
        fix: ["Remove `replicas` from the manifest and let the HPA's `minReplicas` set the floor.", "从清单中删除 `replicas`，由 HPA 的 `minReplicas` 决定下限。"],
    }
}

impl Check for ReplicasWithHpa {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for (index, object) in cx.replicated() {
            let Some(replicas) = object.replicas() else {
                continue;
            };
            let Some((hpa, _)) = cx.autoscalers_of(object).next() else {
                continue;
            };
            let hpa = *hpa;
            let what = object.describe();
            let autoscaler = cx.objects[hpa].describe();
            out.report(At::object(index, replicas, object.join("spec.replicas")), text!(
                    "{what} sets replicas while {autoscaler} scales it: every apply resets the count",
                    "{what} 设置了 replicas，而 {autoscaler} 正在扩缩容它：每次 apply 都会重置副本数"
                ));
        }
    }
}
