use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a `secretKeyRef.key` or a `secret` volume `items[].key` naming
    /// a key the Secret (present in the input) does not have in `data` or
    /// `stringData`. References marked `optional: true` are skipped.
    ///
    /// ## Why is this bad?
    /// The container fails with `CreateContainerConfigError: couldn't find
    /// key`, or the volume does not mount.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Secret
    /// metadata:
    ///   name: db
    /// stringData:
    ///   password: change-me
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
    ///         - name: DB_PASSWORD
    ///           valueFrom:
    ///             secretKeyRef:
    ///               name: db
    ///               key: db-password
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: v1
    /// kind: Secret
    /// metadata:
    ///   name: db
    /// stringData:
    ///   password: change-me
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
    ///         - name: DB_PASSWORD
    ///           valueFrom:
    ///             secretKeyRef:
    ///               name: db
    ///               key: password
    /// ```
    pub struct SecretKeyNotFound {
        id: "secret-key-not-found",
        category: References,
        severity: Error,
        default: On,
        scope: Objects,
        seed: "000 §2.4",
        title: ["A referenced Secret key does not exist", "引用的 Secret 键不存在"],
        what_zh: "报告 `secretKeyRef.key` 或 `secret` 卷的 `items[].key` 引用了输入中该 Secret 的 `data`、`stringData` 里都没有的键。标记为 `optional: true` 的引用会被跳过。",
        why_zh: "容器会因 `CreateContainerConfigError: couldn't find key` 失败，或者卷无法挂载。",
        fix: ["Use one of the Secret's keys, or add the key to the Secret.", "使用 Secret 中已有的键，或者把这个键加入 Secret。"],
    }
}

impl Check for SecretKeyNotFound {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        check_references(cx, out, "Secret", RefCheck::Key);
    }
}
