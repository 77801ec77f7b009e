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
    /// resources:
    ///   requests:
    ///     memory: 512Mi
    ///   limits:
    ///     memory: 256Mi
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// resources:
    ///   requests:
    ///     memory: 256Mi
    ///   limits:
    ///     memory: 512Mi
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
        for (index, _, _, container) in cx.containers() {
            let Some(requests) = container.resources("requests").and_then(Node::as_map) else { continue };
            for entry in requests {
                let Some(resource) = entry.key.as_str() else { continue };
                let (Some(request), Some(limit_node)) = (quantity_of(&entry.value), container.resource("limits", resource)) else {
                    continue;
                };
                let Some(limit) = quantity_of(limit_node) else { continue };
                if request > limit {
                    let (r, l) = (&entry.value, limit_node);
                    let who = container.label();
                    let who_zh = container.label_zh();
                    out.at_container(
                        cx,
                        index,
                        container,
                        &entry.value,
                        container.join(&format!("resources.requests.{resource}")),
                        text!(
                            "{who} requests {resource} {r} but limits it to {l}; the API server rejects this",
                            "{who_zh} 的 {resource} 请求值 {r} 大于限制值 {l}；API Server 会拒绝"
                        ),
                    );
                }
            }
        }
    }
}
