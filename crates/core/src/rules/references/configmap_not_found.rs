use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a ConfigMap that a pod template uses — through
    /// `configMapKeyRef`, `envFrom.configMapRef`, a `configMap` volume or a
    /// projected source — and that is not in the input, unless the reference
    /// is `optional: true`. Absence is judged only when the input holds at
    /// least one ConfigMap (or with `assume_complete_input: true`), so a
    /// Deployment checked on its own is never blamed for a ConfigMap applied
    /// from another file.
    ///
    /// ## Why is this bad?
    /// The pod never starts: it stays in `CreateContainerConfigError` (env)
    /// or `ContainerCreating` (volume) until the ConfigMap exists. A typo in
    /// the name is the usual cause (“Deploying Go apps to Kubernetes” §2.4 wires configuration this way).
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
    ///       envFrom:
    ///         - configMapRef:
    ///             name: app-confg
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
    ///       envFrom:
    ///         - configMapRef:
    ///             name: app-config
    /// ```
    pub struct ConfigmapNotFound {
        id: "configmap-not-found",
        category: References,
        severity: Warning,
        default: On,
        scope: Objects,
        seed: "000 §2.4",
        title: ["A referenced ConfigMap is not in the input", "引用的 ConfigMap 不在输入中"],
        what_zh: "报告 Pod 模板通过 `configMapKeyRef`、`envFrom.configMapRef`、`configMap` 卷或投射卷引用、但输入中不存在的 ConfigMap（`optional: true` 的引用除外）。只有当输入中至少有一个 ConfigMap（或设置了 `assume_complete_input: true`）时才判断缺失，因此单独检查的 Deployment 不会因为另一个文件中的 ConfigMap 而被误报。",
        why_zh: "Pod 永远无法启动：在 ConfigMap 出现之前，它会一直处于 `CreateContainerConfigError`（环境变量）或 `ContainerCreating`（卷）状态。最常见的原因是名字拼错（《Go应用Kubernetes部署》§2.4 就是这样接入配置的）。",
        fix: ["Fix the name, add the ConfigMap to the bundle, or mark the reference `optional: true` if the pod can run without it.", "修正名字、把 ConfigMap 加入清单，或者如果 Pod 没有它也能运行，就把引用标记为 `optional: true`。"],
    }
}

impl Check for ConfigmapNotFound {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        check_references(cx, out, "ConfigMap", RefCheck::Object);
    }
}
