use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Deployment whose `maxUnavailable` is 100% or at least its
    /// `replicas`.
    ///
    /// ## Why is this bad?
    /// The rollout may take every old pod down before the new ones are
    /// ready: each release is a full outage (“Go microservices on K8s” chapter 5, “Go + K8s development guide” §4.3).
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   replicas: 3
    ///   strategy:
    ///     rollingUpdate:
    ///       maxUnavailable: 3
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
    ///   strategy:
    ///     rollingUpdate:
    ///       maxSurge: 1
    ///       maxUnavailable: 0
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
    pub struct RollingUpdateFullOutage {
        id: "rolling-update-full-outage",
        category: Availability,
        severity: Warning,
        default: On,
        seed: "002 ch5, 004 §4.3",
        title: ["A rollout may take every pod down", "发布可能让所有 Pod 同时下线"],
        what_zh: "报告 `maxUnavailable` 为 100% 或不小于 `replicas` 的 Deployment。",
        why_zh: "发布可能在新 Pod 就绪之前把旧 Pod 全部下线：每次发布都是一次完全中断（《Go微服务部署K8s实战》第五章、《Go语言+K8s开发指南》§4.3）。",
        fix: ["Lower `maxUnavailable` (e.g. 0 with `maxSurge: 1`, or 25%).", "降低 `maxUnavailable`（例如设为 0 并搭配 `maxSurge: 1`，或 25%）。"],
    }
}

impl Check for RollingUpdateFullOutage {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for (index, object) in cx.of_kind("Deployment") {
            let Some((rolling, ..)) = super::rolling_update_blocked::rolling_update(object) else {
                continue;
            };
            let Some(node) = rolling.get("maxUnavailable") else {
                continue;
            };
            let replicas = object.replicas().and_then(Node::as_i64);
            let outage = match (
                node.as_i64(),
                node.as_str().and_then(|s| s.strip_suffix('%')),
            ) {
                (Some(n), _) => replicas.is_some_and(|r| r > 0 && n >= r),
                (None, Some(percent)) => {
                    crate::text::parse_decimal(percent.trim()).is_some_and(|p| p >= 100.0)
                }
                _ => false,
            };
            if !outage {
                continue;
            }
            let what = object.describe();
            out.report(At::object(index, node, object.join("spec.strategy.rollingUpdate.maxUnavailable")), text!(
                    "{what} allows maxUnavailable {node}: a rollout may take every pod down at once",
                    "{what} 的 maxUnavailable 为 {node}：发布可能让所有 Pod 同时下线"
                ));
        }
    }
}
