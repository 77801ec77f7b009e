use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a container whose request for a resource (cpu, memory,
    /// ephemeral-storage, …) is greater than its limit for that resource.
    ///
    /// ## Why is this bad?
    /// The API server rejects the pod: `must be less than or equal to cpu
    /// limit`. The Deployment is created but its ReplicaSet never gets a pod.
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
    ///         memory: 512Mi
    ///       limits:
    ///         memory: 256Mi
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
    ///         memory: 256Mi
    ///       limits:
    ///         memory: 512Mi
    /// ```
    pub struct RequestExceedsLimit {
        id: "request-exceeds-limit",
        category: Resources,
        severity: Error,
        default: On,
        seed: "000 §2.1",
        title: ["A request is greater than its limit", "请求值大于限制值"],
        what_zh: "报告某项资源（CPU、内存、临时存储等）的请求值大于其限制值的容器。",
        why_zh: "API Server 会拒绝这个 Pod：`must be less than or equal to cpu limit`。Deployment 能创建成功，但它的 ReplicaSet 永远得不到 Pod。",
        fix: ["Lower the request or raise the limit so that request ≤ limit.", "降低请求值或提高限制值，使请求值 ≤ 限制值。"],
    }
}

impl Check for RequestExceedsLimit {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for c in cx.containers() {
            for entry in c
                .resources("requests")
                .and_then(Node::as_map)
                .unwrap_or(&[])
            {
                let Some(resource) = entry.key.as_str() else {
                    continue;
                };
                let Some(limit_node) = c.resource("limits", resource) else {
                    continue;
                };
                let (Some(request), Some(limit)) =
                    (quantity_of(&entry.value), quantity_of(limit_node))
                else {
                    continue;
                };
                if request <= limit {
                    continue;
                }
                let r = &entry.value;
                out.report(c.at(r, &format!("resources.requests.{resource}")).labelled(), text!(
                        "requests {resource} {r} but limits it to {limit_node}; the API server rejects this",
                        "的 {resource} 请求值 {r} 大于限制值 {limit_node}；API Server 会拒绝"
                    ));
            }
        }
    }
}
