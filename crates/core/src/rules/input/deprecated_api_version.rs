use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an `apiVersion` that the target Kubernetes version (setting
    /// `kubernetes_version`, default the newest supported) no longer serves
    /// (error) or has deprecated (warning), and names the replacement.
    ///
    /// ## Why is this bad?
    /// Articles and charts outlive API versions. A removed version is
    /// rejected outright (`no matches for kind "HorizontalPodAutoscaler" in
    /// version "autoscaling/v2beta2"`); a deprecated one breaks at the next
    /// cluster upgrade. The replacement sometimes changes fields too.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: autoscaling/v2beta2
    /// kind: HorizontalPodAutoscaler
    /// metadata:
    ///   name: web
    /// spec:
    ///   scaleTargetRef:
    ///     apiVersion: apps/v1
    ///     kind: Deployment
    ///     name: web
    ///   minReplicas: 2
    ///   maxReplicas: 10
    ///   metrics:
    ///   - type: Resource
    ///     resource:
    ///       name: cpu
    ///       target:
    ///         type: Utilization
    ///         averageUtilization: 70
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: autoscaling/v2
    /// kind: HorizontalPodAutoscaler
    /// metadata:
    ///   name: web
    /// spec:
    ///   scaleTargetRef:
    ///     apiVersion: apps/v1
    ///     kind: Deployment
    ///     name: web
    ///   minReplicas: 2
    ///   maxReplicas: 10
    ///   metrics:
    ///   - type: Resource
    ///     resource:
    ///       name: cpu
    ///       target:
    ///         type: Utilization
    ///         averageUtilization: 70
    /// ```
    pub struct DeprecatedApiVersion {
        id: "deprecated-api-version",
        category: Input,
        severity: Error,
        default: On,
        seed: "004 §4.2",
        title: ["An API version that is removed or deprecated", "已移除或已弃用的 API 版本"],
        what_zh: "报告目标 Kubernetes 版本（设置项 `kubernetes_version`，默认为支持的最新版本）已不再提供（错误）或已弃用（警告）的 `apiVersion`，并给出替代版本。",
        why_zh: "文章和 Chart 的寿命比 API 版本长。已移除的版本会被直接拒绝（`no matches for kind \"HorizontalPodAutoscaler\" in version \"autoscaling/v2beta2\"`）；已弃用的版本会在下一次集群升级时失效。替代版本有时字段也不同。",
        fix: ["Switch to the replacement apiVersion and check the fields that changed.", "改用替代的 apiVersion，并检查有变化的字段。"],
    }
}

/// (apiVersion, kind or "*", deprecated in 1.x, removed in 1.x, replacement)
const TABLE: &[(&str, &str, u32, u32, &str)] = &[
    ("extensions/v1beta1", "Deployment", 9, 16, "apps/v1"),
    ("extensions/v1beta1", "DaemonSet", 9, 16, "apps/v1"),
    ("extensions/v1beta1", "ReplicaSet", 9, 16, "apps/v1"),
    (
        "extensions/v1beta1",
        "NetworkPolicy",
        9,
        16,
        "networking.k8s.io/v1",
    ),
    (
        "extensions/v1beta1",
        "PodSecurityPolicy",
        11,
        16,
        "policy/v1beta1 (itself removed in 1.25; use Pod Security admission)",
    ),
    (
        "extensions/v1beta1",
        "Ingress",
        14,
        22,
        "networking.k8s.io/v1",
    ),
    ("apps/v1beta1", "*", 9, 16, "apps/v1"),
    ("apps/v1beta2", "*", 9, 16, "apps/v1"),
    (
        "networking.k8s.io/v1beta1",
        "*",
        19,
        22,
        "networking.k8s.io/v1",
    ),
    (
        "rbac.authorization.k8s.io/v1beta1",
        "*",
        17,
        22,
        "rbac.authorization.k8s.io/v1",
    ),
    (
        "rbac.authorization.k8s.io/v1alpha1",
        "*",
        17,
        22,
        "rbac.authorization.k8s.io/v1",
    ),
    (
        "admissionregistration.k8s.io/v1beta1",
        "MutatingWebhookConfiguration",
        16,
        22,
        "admissionregistration.k8s.io/v1",
    ),
    (
        "admissionregistration.k8s.io/v1beta1",
        "ValidatingWebhookConfiguration",
        16,
        22,
        "admissionregistration.k8s.io/v1",
    ),
    (
        "apiextensions.k8s.io/v1beta1",
        "*",
        16,
        22,
        "apiextensions.k8s.io/v1",
    ),
    (
        "apiregistration.k8s.io/v1beta1",
        "*",
        19,
        22,
        "apiregistration.k8s.io/v1",
    ),
    (
        "authentication.k8s.io/v1beta1",
        "*",
        19,
        22,
        "authentication.k8s.io/v1",
    ),
    (
        "authorization.k8s.io/v1beta1",
        "*",
        19,
        22,
        "authorization.k8s.io/v1",
    ),
    (
        "certificates.k8s.io/v1beta1",
        "*",
        19,
        22,
        "certificates.k8s.io/v1",
    ),
    (
        "coordination.k8s.io/v1beta1",
        "*",
        19,
        22,
        "coordination.k8s.io/v1",
    ),
    (
        "scheduling.k8s.io/v1beta1",
        "*",
        14,
        22,
        "scheduling.k8s.io/v1",
    ),
    (
        "scheduling.k8s.io/v1alpha1",
        "*",
        14,
        22,
        "scheduling.k8s.io/v1",
    ),
    (
        "storage.k8s.io/v1beta1",
        "CSIStorageCapacity",
        24,
        27,
        "storage.k8s.io/v1",
    ),
    ("storage.k8s.io/v1beta1", "*", 19, 22, "storage.k8s.io/v1"),
    ("batch/v1beta1", "CronJob", 21, 25, "batch/v1"),
    ("batch/v2alpha1", "CronJob", 8, 21, "batch/v1"),
    ("policy/v1beta1", "PodDisruptionBudget", 21, 25, "policy/v1"),
    (
        "policy/v1beta1",
        "PodSecurityPolicy",
        21,
        25,
        "Pod Security admission (no object replaces it)",
    ),
    ("autoscaling/v2beta1", "*", 22, 25, "autoscaling/v2"),
    ("autoscaling/v2beta2", "*", 23, 26, "autoscaling/v2"),
    (
        "discovery.k8s.io/v1beta1",
        "*",
        21,
        25,
        "discovery.k8s.io/v1",
    ),
    ("events.k8s.io/v1beta1", "*", 19, 25, "events.k8s.io/v1"),
    ("node.k8s.io/v1beta1", "*", 20, 25, "node.k8s.io/v1"),
    (
        "flowcontrol.apiserver.k8s.io/v1beta1",
        "*",
        23,
        26,
        "flowcontrol.apiserver.k8s.io/v1",
    ),
    (
        "flowcontrol.apiserver.k8s.io/v1beta2",
        "*",
        26,
        29,
        "flowcontrol.apiserver.k8s.io/v1",
    ),
    (
        "flowcontrol.apiserver.k8s.io/v1beta3",
        "*",
        29,
        32,
        "flowcontrol.apiserver.k8s.io/v1",
    ),
];

/// The table's row for `version`/`kind`. A `*` row does not cover a kind
/// that the Kubernetes schema still serves at or after the row's removal
/// (kinds added later to an old beta version, such as
/// `networking.k8s.io/v1beta1` IPAddress in 1.31).
fn row(
    version: &str,
    kind: &str,
) -> Option<&'static (&'static str, &'static str, u32, u32, &'static str)> {
    let row = TABLE
        .iter()
        .find(|(v, k, ..)| *v == version && (*k == kind || *k == "*"))?;
    let served_later = crate::schema::get()
        .and_then(|s| s.last_served(version, kind))
        .is_some_and(|last| u32::from(last) >= row.3);
    (row.1 == kind || !served_later).then_some(row)
}

/// Whether this rule speaks for `version`/`kind` (a removed or deprecated
/// apiVersion), so others need not.
pub(crate) fn knows(version: &str, kind: &str) -> bool {
    row(version, kind).is_some()
}

impl Check for DeprecatedApiVersion {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let target = cx.settings.kubernetes_minor;
        for (index, object) in cx.objects.iter().enumerate() {
            let (Some(version), Some(kind)) = (object.api_version, object.kind) else {
                continue;
            };
            let Some(&(_, _, deprecated, removed, replacement)) = row(version, kind) else {
                continue;
            };
            let Some(node) = object.node.get("apiVersion") else {
                continue;
            };
            let (message, severity) = if target >= removed {
                let message = text!(
                    "{kind} {version} was removed in Kubernetes 1.{removed} (target 1.{target}); use {replacement}",
                    "{kind} {version} 已在 Kubernetes 1.{removed} 中移除（目标版本 1.{target}）；请改用 {replacement}"
                );
                (message, Severity::Error)
            } else if target >= deprecated {
                let message = text!(
                    "{kind} {version} is deprecated since 1.{deprecated} and removed in 1.{removed}; use {replacement}",
                    "{kind} {version} 自 1.{deprecated} 起已弃用，将在 1.{removed} 中移除；请改用 {replacement}"
                );
                (message, Severity::Warning)
            } else {
                continue;
            };
            out.report(At::object(index, node, object.join("apiVersion")), message)
                .severity(severity);
        }
    }
}
