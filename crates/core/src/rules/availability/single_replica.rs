use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Deployment or StatefulSet with `replicas` of 1 or less (or
    /// unset, which means 1) that no HorizontalPodAutoscaler in the input
    /// scales.
    ///
    /// ## Why is this bad?
    /// One pod is one point of failure: every node drain, eviction, crash or
    /// rollout is downtime. “Deploying Go apps to Kubernetes” chapter 1 and “Gin on Kubernetes” §3.1 run 3 replicas.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   replicas: 1
    ///   selector:
    ///     matchLabels:
    ///       app: web
    ///   template:
    ///     metadata:
    ///       labels:
    ///         app: web
    ///     spec:
    ///       containers:
    ///       - name: web
    ///         image: ghcr.io/acme/web:v1.4.2
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
    ///     matchLabels:
    ///       app: web
    ///   template:
    ///     metadata:
    ///       labels:
    ///         app: web
    ///     spec:
    ///       containers:
    ///       - name: web
    ///         image: ghcr.io/acme/web:v1.4.2
    /// ```
    pub struct SingleReplica {
        id: "single-replica",
        category: Availability,
        severity: Info,
        default: On,
        scope: Objects,
        seed: "000 ch1",
        title: ["The workload runs a single replica", "工作负载只有一个副本"],
        what_zh: "报告 `replicas` 小于等于 1（或未设置，即为 1）、且输入中没有任何 HorizontalPodAutoscaler 扩缩容的 Deployment 或 StatefulSet。",
        why_zh: "一个 Pod 就是一个单点故障：每次节点排空、驱逐、崩溃或滚动更新都意味着停机。《Go应用Kubernetes部署》第一章和《Gin框架与Kubernetes部署》§3.1 都运行 3 个副本。",
        fix: ["Run at least 2 replicas (3 for rolling updates without capacity loss), or let an HPA with `minReplicas: 2` manage them.", "至少运行 2 个副本（滚动更新不损失容量需要 3 个），或者交给 `minReplicas: 2` 的 HPA 管理。"],
    }
}

impl Check for SingleReplica {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for (index, object) in cx.replicated() {
            let replicas = object.replicas();
            let count = replicas.map_or(Some(1), Node::as_i64);
            if count.is_none_or(|n| n > 1) || cx.autoscalers_of(object).next().is_some() {
                continue;
            }
            let what = object.describe();
            let (node, path, message) = match replicas {
                Some(node) => (
                    node,
                    object.join("spec.replicas"),
                    text!(
                        "{what} runs a single replica: every restart or drain is downtime",
                        "{what} 只运行一个副本：每次重启或节点排空都会停机"
                    ),
                ),
                None => (
                    object
                        .metadata()
                        .and_then(|m| m.get("name"))
                        .unwrap_or(object.node),
                    object.join("metadata.name"),
                    text!(
                        "{what} sets no replicas (so 1): every restart or drain is downtime",
                        "{what} 没有设置 replicas（即 1 个）：每次重启或节点排空都会停机"
                    ),
                ),
            };
            out.report(At::object(index, node, path), message);
        }
    }
}
