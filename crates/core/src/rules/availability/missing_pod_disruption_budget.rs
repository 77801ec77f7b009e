use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Deployment or StatefulSet with more than one replica whose
    /// pods no PodDisruptionBudget in the input selects. Opt-in: PDBs are
    /// often kept with the cluster's policies rather than the app.
    ///
    /// ## Why is this bad?
    /// A node drain (an upgrade, an autoscaler scaling nodes in) may evict
    /// all replicas at once: several replicas protect against crashes, a
    /// PDB protects against maintenance (“Go + K8s development guide” §4.3).
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   replicas: 3
    ///   selector:
    ///     matchLabels: {app: web}
    ///   template:
    ///     metadata:
    ///       labels: {app: web}
    ///     spec:
    ///       containers:
    ///         - name: app
    ///           image: ghcr.io/acme/app:v1
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   replicas: 3
    ///   selector:
    ///     matchLabels: {app: web}
    ///   template:
    ///     metadata:
    ///       labels: {app: web}
    ///     spec:
    ///       containers:
    ///         - name: app
    ///           image: ghcr.io/acme/app:v1
    /// ---
    /// apiVersion: policy/v1
    /// kind: PodDisruptionBudget
    /// metadata:
    ///   name: web
    /// spec:
    ///   minAvailable: 2
    ///   selector:
    ///     matchLabels: {app: web}
    /// ```
    pub struct MissingPodDisruptionBudget {
        id: "missing-pod-disruption-budget",
        category: Availability,
        severity: Info,
        default: OptIn,
        scope: Objects,
        seed: "004 §4.3",
        title: ["No PodDisruptionBudget protects the replicas", "没有 PodDisruptionBudget 保护这些副本"],
        what_zh: "报告副本数大于 1、但输入中没有任何 PodDisruptionBudget 选中其 Pod 的 Deployment 或 StatefulSet。需手动启用：PDB 常常和集群策略放在一起，而不是和应用放在一起。",
        why_zh: "节点排空（升级、节点自动缩容）可能一次驱逐所有副本：多副本防的是崩溃，PDB 防的是维护（《Go语言+K8s开发指南》§4.3）。",
        fix: ["Add a PodDisruptionBudget (`policy/v1`) whose selector matches the pod labels, with `minAvailable` or `maxUnavailable`.", "添加一个选择器匹配这些 Pod 标签的 PodDisruptionBudget（`policy/v1`），设置 `minAvailable` 或 `maxUnavailable`。"],
    }
}

impl Check for MissingPodDisruptionBudget {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for (index, object) in cx.replicated() {
            let Some(replicas) = object.replicas() else {
                continue;
            };
            let Some(count) = replicas.as_i64().filter(|n| *n > 1) else {
                continue;
            };
            if cx.selected_by_any("PodDisruptionBudget", index) {
                continue;
            }
            let what = object.describe();
            out.report(At::object(index, replicas, object.join("spec.replicas")), text!(
                    "{what} runs {count} replicas but no PodDisruptionBudget selects them: a node drain may evict them all at once",
                    "{what} 运行 {count} 个副本，但没有 PodDisruptionBudget 选中它们：一次节点排空可能同时驱逐所有副本"
                ));
        }
    }
}
