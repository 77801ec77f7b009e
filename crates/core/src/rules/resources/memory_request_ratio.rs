use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a container whose `requests.memory` is below a share of its
    /// `limits.memory` (setting `thresholds.memory_request_ratio`, default
    /// 0.5).
    ///
    /// ## Why is this bad?
    /// The scheduler reserves the request, the container may grow to the
    /// limit. When many pods on a node grow past their requests at once the
    /// node runs out of memory and the kubelet evicts pods. “Go on Kubernetes in production”
    /// recommends a request of about 80% of the limit for Go services.
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
    ///     resources:
    ///       requests:
    ///         memory: 64Mi
    ///       limits:
    ///         memory: 1Gi
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
    ///     resources:
    ///       requests:
    ///         memory: 800Mi
    ///       limits:
    ///         memory: 1Gi
    /// ```
    pub struct MemoryRequestRatio {
        id: "memory-request-ratio",
        category: Resources,
        severity: Info,
        default: On,
        seed: "003 §2.5",
        title: ["The memory request is far below the limit", "内存请求值远低于限制值"],
        what_zh: "报告 `requests.memory` 低于 `limits.memory` 一定比例（设置项 `thresholds.memory_request_ratio`，默认 0.5）的容器。",
        why_zh: "调度器按请求值预留内存，容器却可以增长到限制值。节点上许多 Pod 同时超出请求值时，节点内存耗尽，kubelet 开始驱逐 Pod。《Go + Kubernetes运维实践》建议 Go 服务的请求值约为限制值的 80%。",
        fix: ["Raise `requests.memory` towards the limit (about 80% of it).", "把 `requests.memory` 提高到接近限制值（约 80%）。"],
    }
}

impl Check for MemoryRequestRatio {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let ratio = cx.settings.thresholds.memory_request_ratio;
        for c in cx.containers() {
            let (Some(node), Some(request), Some(limit)) = (
                c.resource("requests", "memory"),
                c.quantity("requests", "memory"),
                c.quantity("limits", "memory"),
            ) else {
                continue;
            };
            if limit.is_zero() || request.as_f64() >= ratio * limit.as_f64() {
                continue;
            }
            let percent = crate::text::decimal((request.as_f64() / limit.as_f64() * 100.0).round());
            let wanted = crate::text::decimal((ratio * 100.0).round());
            out.report(
                c.at(node, "resources.requests.memory").labelled(),
                text!(
                    "requests {percent}% of its memory limit (below {wanted}%)",
                    "的内存请求值只有限制值的 {percent}%（低于 {wanted}%）"
                ),
            );
        }
    }
}
