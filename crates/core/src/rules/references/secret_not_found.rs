use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Secret that a pod template uses — `secretKeyRef`,
    /// `envFrom.secretRef`, a `secret` volume, a projected source or
    /// `imagePullSecrets` — and that is not in the input, unless the
    /// reference is `optional: true`. Absence is judged only when the input
    /// holds at least one Secret (or with `assume_complete_input: true`).
    ///
    /// ## Why is this bad?
    /// The pod stays in `CreateContainerConfigError` or `ContainerCreating`;
    /// a missing pull secret gives `ImagePullBackOff` from a private registry
    /// (“Go on Kubernetes in production” §2.4 creates the pull secret for exactly this).
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Secret
    /// metadata:
    ///   name: regcred
    /// type: kubernetes.io/dockerconfigjson
    /// data:
    ///   .dockerconfigjson: e30=
    /// ---
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   imagePullSecrets:
    ///     - name: reg-cred
    ///   containers:
    ///     - name: app
    ///       image: registry.example.com/app:v1
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: v1
    /// kind: Secret
    /// metadata:
    ///   name: regcred
    /// type: kubernetes.io/dockerconfigjson
    /// data:
    ///   .dockerconfigjson: e30=
    /// ---
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   imagePullSecrets:
    ///     - name: regcred
    ///   containers:
    ///     - name: app
    ///       image: registry.example.com/app:v1
    /// ```
    pub struct SecretNotFound {
        id: "secret-not-found",
        category: References,
        severity: Warning,
        default: On,
        scope: Objects,
        seed: "003 §2.4",
        title: ["A referenced Secret is not in the input", "引用的 Secret 不在输入中"],
        what_zh: "报告 Pod 模板通过 `secretKeyRef`、`envFrom.secretRef`、`secret` 卷、投射卷或 `imagePullSecrets` 引用、但输入中不存在的 Secret（`optional: true` 的引用除外）。只有当输入中至少有一个 Secret（或设置了 `assume_complete_input: true`）时才判断缺失。",
        why_zh: "Pod 会一直处于 `CreateContainerConfigError` 或 `ContainerCreating`；缺少镜像拉取 Secret 时，从私有仓库拉取会出现 `ImagePullBackOff`（《Go + Kubernetes运维实践》§2.4 正是为此创建拉取 Secret）。",
        fix: ["Fix the name, add the Secret to the bundle, or mark the reference `optional: true`.", "修正名字、把 Secret 加入清单，或者把引用标记为 `optional: true`。"],
    }
}

impl Check for SecretNotFound {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        check_references(cx, out, "Secret", RefCheck::Object);
    }
}
