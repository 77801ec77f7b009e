use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a container with neither `resources.requests.memory` nor `resources.limits.memory` (a request defaults to the limit).
    ///
    /// ## Why is this bad?
    /// Without a memory request the scheduler assumes the container needs nothing, packs it onto full nodes, and the kubelet evicts it first under memory pressure.
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
    ///     resources:
    ///       requests:
    ///         cpu: 100m
    ///         memory: 128Mi
    ///       limits:
    ///         cpu: 500m
    ///         memory: 256Mi
    /// ```
    pub struct MissingMemoryRequest {
        id: "missing-memory-request",
        category: Resources,
        severity: Warning,
        default: On,
        fixable: Review,
        seed: "000 §2.1, 003 §2.5",
        title: ["A container has no memory request", "容器没有设置内存请求"],
        what_zh: "报告既没有 `resources.requests.memory` 也没有 `resources.limits.memory` 的容器（未设置请求时默认等于限制）。",
        why_zh: "没有内存请求时，调度器认为容器不需要内存，会把它塞到已满的节点上；节点内存紧张时 kubelet 会最先驱逐它。",
        fix: ["Set `resources.requests.memory` close to the observed baseline (e.g. `128Mi`).", "设置 `resources.requests.memory`，接近观测到的基线（例如 `128Mi`）。"],
    }
}

impl Check for MissingMemoryRequest {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for c in cx.containers() {
            if c.role.has_resources()
                && !(c.resource("requests", "memory").is_some()
                    || c.resource("limits", "memory").is_some())
            {
                let fix = set_fix(
                    cx,
                    c.index,
                    false,
                    c.node,
                    &["resources", "requests", "memory"],
                    || FixValue::Noted("128Mi".into(), "TODO: measure the baseline use".into()),
                );
                out.report(c.lacking(), Text::new("has no `resources.requests.memory` (nor a memory limit to default it from)", "没有设置 `resources.requests.memory`（也没有可作为默认值的内存限制）"))
                    .fix(fix);
            }
        }
    }
}
