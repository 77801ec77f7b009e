use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a workload that no NetworkPolicy in the input selects (by
    /// `podSelector`, in a namespace the workload can be in; `podSelector:
    /// {}` selects every pod of its namespace). Judged only when the input
    /// holds a NetworkPolicy in the workload's namespace — then the other
    /// workloads there were meant to be covered too — or always with
    /// `assume_complete_input: true`.
    ///
    /// ## Why is this bad?
    /// A pod that no policy selects accepts traffic from every pod in the
    /// cluster and may connect anywhere: one compromised neighbour reaches
    /// it directly (“Go + K8s development guide” §4.3 restricts traffic between services).
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: networking.k8s.io/v1
    /// kind: NetworkPolicy
    /// metadata:
    ///   name: api
    /// spec:
    ///   podSelector:
    ///     matchLabels:
    ///       app: api
    ///   policyTypes: [Ingress]
    /// ---
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    ///   labels:
    ///     app: web
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: ghcr.io/acme/app:v1
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: networking.k8s.io/v1
    /// kind: NetworkPolicy
    /// metadata:
    ///   name: default-deny
    /// spec:
    ///   podSelector: {}
    ///   policyTypes: [Ingress]
    /// ---
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    ///   labels:
    ///     app: web
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: ghcr.io/acme/app:v1
    /// ```
    pub struct MissingNetworkPolicy {
        id: "missing-network-policy",
        category: Networking,
        severity: Info,
        default: On,
        scope: Objects,
        seed: "004 §4.3",
        title: ["No NetworkPolicy covers the workload", "没有 NetworkPolicy 覆盖该工作负载"],
        what_zh: "报告输入中没有任何 NetworkPolicy 选中的工作负载（按 `podSelector`，在该工作负载可能所在的命名空间中；`podSelector: {}` 选中其命名空间的所有 Pod）。只有当输入中在该工作负载的命名空间里有 NetworkPolicy 时才判断（说明那里的其他工作负载也应被覆盖），或者设置了 `assume_complete_input: true` 时总是判断。",
        why_zh: "没有被任何策略选中的 Pod 会接受集群中所有 Pod 的流量，也可以连接任何地方：一个被攻破的邻居就能直接访问它（《Go语言+K8s开发指南》§4.3 限制了服务之间的流量）。",
        fix: ["Add a NetworkPolicy whose `podSelector` matches the pod labels (a default-deny `podSelector: {}` plus allow rules is the usual start).", "添加一个 `podSelector` 匹配这些 Pod 标签的 NetworkPolicy（通常先用 `podSelector: {}` 默认拒绝，再加放行规则）。"],
    }
}

impl Check for MissingNetworkPolicy {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for w in cx.workloads() {
            if !cx.judges_absence("NetworkPolicy", w.object)
                || cx.selected_by_any("NetworkPolicy", w.index)
            {
                continue;
            }
            let what = w.object.describe();
            let labels = index::describe_labels(w.pod.labels());
            let node = w
                .object
                .metadata()
                .and_then(|m| m.get("name"))
                .unwrap_or(w.object.node);
            out.report(
                At::object(w.index, node, w.object.join("metadata.name")),
                text!(
                    "no NetworkPolicy in this input selects {what}'s pods ({labels})",
                    "此输入中没有 NetworkPolicy 选中 {what} 的 Pod（{labels}）"
                ),
            );
        }
    }
}
