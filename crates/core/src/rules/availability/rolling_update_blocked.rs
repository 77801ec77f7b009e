use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a rolling update with both `maxSurge` and `maxUnavailable`
    /// set to zero (`0` or `0%`), on a Deployment or a DaemonSet.
    ///
    /// ## Why is this bad?
    /// The rollout may neither add a new pod nor remove an old one, so it
    /// can never progress; the API server rejects it (`may not be 0 when
    /// maxSurge is 0`). “Go microservices on K8s” chapter 5 and “Go + K8s development guide” §4.3 use a surge to roll
    /// without downtime.
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
    ///       maxSurge: 0
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
    pub struct RollingUpdateBlocked {
        id: "rolling-update-blocked",
        category: Availability,
        severity: Error,
        default: On,
        fixable: Review,
        seed: "002 ch5, 004 §4.3",
        title: ["The rolling update can never progress", "滚动更新永远无法推进"],
        what_zh: "报告 Deployment 或 DaemonSet 的滚动更新中 `maxSurge` 和 `maxUnavailable` 都为零（`0` 或 `0%`）。",
        why_zh: "发布过程既不能新增 Pod，也不能删除旧 Pod，因此永远无法推进；API Server 会拒绝它（`may not be 0 when maxSurge is 0`）。《Go微服务部署K8s实战》第五章和《Go语言+K8s开发指南》§4.3 用 surge 实现零停机滚动。",
        fix: ["Allow a surge: `maxSurge: 1` (or 25%) with `maxUnavailable: 0`.", "允许超量：`maxSurge: 1`（或 25%）搭配 `maxUnavailable: 0`。"],
    }
}

/// The rolling-update block of a Deployment or DaemonSet, and the default
/// of its two fields when unset.
pub(crate) fn rolling_update<'a>(
    object: &Object<'a>,
) -> Option<(&'a Node<'a>, &'static str, &'static str)> {
    let spec = object.spec()?;
    match object.kind? {
        "Deployment" => Some((spec.path(&["strategy", "rollingUpdate"])?, "25%", "25%")),
        "DaemonSet" => Some((spec.path(&["updateStrategy", "rollingUpdate"])?, "0", "1")),
        _ => None,
    }
}

pub(crate) fn is_zero(value: &str) -> bool {
    matches!(value.trim(), "0" | "0%")
}

impl Check for RollingUpdateBlocked {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for (index, object) in cx.objects.iter().enumerate() {
            let Some((rolling, surge_default, unavailable_default)) = rolling_update(object) else {
                continue;
            };
            let surge = rolling
                .get("maxSurge")
                .and_then(Node::as_str)
                .unwrap_or(surge_default);
            let Some(unavailable_node) = rolling.get("maxUnavailable") else {
                if is_zero(unavailable_default) && is_zero(surge) {
                    let what = object.describe();
                    out.report(
                        At::object(index, rolling, object.join("spec")),
                        text!("{what} can never roll out", "{what} 永远无法完成发布"),
                    )
                    .fix(set_fix(
                        cx,
                        index,
                        false,
                        rolling,
                        &["maxSurge"],
                        || FixValue::inline("1"),
                    ));
                }
                continue;
            };
            let unavailable = unavailable_node.as_str().unwrap_or("");
            if is_zero(surge) && is_zero(unavailable) {
                let what = object.describe();
                out.report(At::object(index, unavailable_node, object.join("spec.strategy.rollingUpdate.maxUnavailable")), text!(
                        "{what} allows neither a surge nor an unavailable pod: the rollout can never progress",
                        "{what} 既不允许超量也不允许不可用的 Pod：发布永远无法推进"
                    ))
                .fix(set_fix(cx, index, false, rolling, &["maxSurge"], || FixValue::inline("1")));
            }
        }
    }
}
