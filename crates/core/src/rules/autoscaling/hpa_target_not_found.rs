use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a HorizontalPodAutoscaler whose `scaleTargetRef` names an
    /// object that is not in the input, when the input holds at least one
    /// object of that kind (or with `assume_complete_input: true`).
    ///
    /// ## Why is this bad?
    /// The autoscaler does nothing: its status says `FailedGetScale` and the
    /// workload it was meant for never scales (“Go + K8s development guide” §4.2).
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: autoscaling/v2
    /// kind: HorizontalPodAutoscaler
    /// metadata:
    ///   name: go-app
    /// spec:
    ///   scaleTargetRef:
    ///     apiVersion: apps/v1
    ///     kind: Deployment
    ///     name: go-ap
    ///   minReplicas: 2
    ///   maxReplicas: 10
    /// ---
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: go-app
    /// spec:
    ///   selector:
    ///     matchLabels:
    ///       app: go-app
    ///   template:
    ///     metadata:
    ///       labels:
    ///         app: go-app
    ///     spec:
    ///       containers:
    ///       - name: go-app
    ///         image: ghcr.io/acme/go-app:v1.0
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: autoscaling/v2
    /// kind: HorizontalPodAutoscaler
    /// metadata:
    ///   name: go-app
    /// spec:
    ///   scaleTargetRef:
    ///     apiVersion: apps/v1
    ///     kind: Deployment
    ///     name: go-app
    ///   minReplicas: 2
    ///   maxReplicas: 10
    /// ---
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: go-app
    /// spec:
    ///   selector:
    ///     matchLabels:
    ///       app: go-app
    ///   template:
    ///     metadata:
    ///       labels:
    ///         app: go-app
    ///     spec:
    ///       containers:
    ///       - name: go-app
    ///         image: ghcr.io/acme/go-app:v1.0
    /// ```
    pub struct HpaTargetNotFound {
        id: "hpa-target-not-found",
        category: Autoscaling,
        severity: Warning,
        default: On,
        scope: Objects,
        seed: "004 §4.2",
        title: ["The autoscaler's target is not in the input", "自动扩缩容的目标不在输入中"],
        what_zh: "当输入中至少有一个同类对象（或设置了 `assume_complete_input: true`）时，报告 `scaleTargetRef` 指向的对象不在输入中的 HorizontalPodAutoscaler。",
        why_zh: "这个自动扩缩容器什么也不做：它的状态会显示 `FailedGetScale`，本该被扩缩容的工作负载永远不会扩缩（《Go语言+K8s开发指南》§4.2）。",
        fix: ["Make `scaleTargetRef` name the workload's kind and `metadata.name` exactly.", "让 `scaleTargetRef` 准确写出工作负载的 kind 和 `metadata.name`。"],
    }
}

impl Check for HpaTargetNotFound {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for (index, a) in cx.index.autoscalers() {
            let (index, hpa) = (*index, &cx.objects[*index]);
            let (Some(kind), Some(name_node)) = (a.target_kind, a.target_name) else {
                continue;
            };
            let Some(name) = name_node.as_str() else {
                continue;
            };
            if cx.find(kind, hpa, name).is_some() || !cx.judges_absence(kind, hpa) {
                continue;
            }
            out.report(
                At::object(index, name_node, hpa.join("spec.scaleTargetRef.name")),
                cx.not_found(kind, hpa, name),
            );
        }
    }
}
