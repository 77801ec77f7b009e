use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a `configMapKeyRef.key` or a `configMap` volume `items[].key`
    /// naming a key the ConfigMap (present in the input) does not have in
    /// `data` or `binaryData`. References marked `optional: true` are skipped.
    ///
    /// ## Why is this bad?
    /// The container fails with `CreateContainerConfigError: couldn't find
    /// key` (env) or the volume does not mount. Keys are case-sensitive:
    /// `log-level` is not `LOG_LEVEL`.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: app-config
    /// data:
    ///   LOG_LEVEL: info
    /// ---
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: ghcr.io/acme/app:v1
    ///       env:
    ///         - name: LOG_LEVEL
    ///           valueFrom:
    ///             configMapKeyRef:
    ///               name: app-config
    ///               key: log-level
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: app-config
    /// data:
    ///   LOG_LEVEL: info
    /// ---
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: ghcr.io/acme/app:v1
    ///       env:
    ///         - name: LOG_LEVEL
    ///           valueFrom:
    ///             configMapKeyRef:
    ///               name: app-config
    ///               key: LOG_LEVEL
    /// ```
    pub struct ConfigmapKeyNotFound {
        id: "configmap-key-not-found",
        category: References,
        severity: Error,
        default: On,
        scope: Objects,
        seed: "000 §2.4",
        title: ["A referenced ConfigMap key does not exist", "引用的 ConfigMap 键不存在"],
        what_zh: "报告 `configMapKeyRef.key` 或 `configMap` 卷的 `items[].key` 引用了输入中该 ConfigMap 的 `data`、`binaryData` 里都没有的键。标记为 `optional: true` 的引用会被跳过。",
        why_zh: "容器会因 `CreateContainerConfigError: couldn't find key` 失败（环境变量），或者卷无法挂载。键区分大小写：`log-level` 不是 `LOG_LEVEL`。",
        fix: ["Use one of the ConfigMap's keys, or add the key to the ConfigMap.", "使用 ConfigMap 中已有的键，或者把这个键加入 ConfigMap。"],
    }
}

impl Check for ConfigmapKeyNotFound {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        check_references(cx, out, "ConfigMap", RefCheck::Key);
    }
}
