use crate::rules::prelude::*;
use crate::schema::walk::{Hint, Problem};

declare_rule! {
    /// ## What it does
    /// Reports a field that the object's Kubernetes schema does not have, at
    /// the target Kubernetes version, with what was probably meant: a field
    /// spelt differently (`imagePullpolicy` → `imagePullPolicy`), a field
    /// that belongs one level down (`image` written at the pod spec level
    /// belongs to `containers[]`) or one level up (indented too far), or a
    /// field that only exists in other Kubernetes versions.
    ///
    /// Maps with free keys (`labels`, `annotations`, a ConfigMap's `data`)
    /// take any key. A custom resource is checked against its
    /// CustomResourceDefinition's `openAPIV3Schema` when one is in the input
    /// or named with `--crd` (fields it keeps with
    /// `x-kubernetes-preserve-unknown-fields` or `additionalProperties` take
    /// any key; without one, see `unknown-kind`). A `kustomization.yaml` is
    /// checked against Kustomize's own fields (Kustomize stops at an unknown
    /// one); a Kustomize patch may hold `$patch` and the other
    /// strategic-merge directives.
    ///
    /// ## Why is this bad?
    /// By default `kubectl apply` only warns about an unknown field and the
    /// API server drops it: a misspelt `livenessprobe` means the pod runs
    /// without a liveness probe, and nothing fails to tell you. With
    /// `--validate=strict` the whole object is rejected instead.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///     - name: web
    ///       image: nginx:1.27
    ///       imagePullpolicy: Always
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///     - name: web
    ///       image: nginx:1.27
    ///       imagePullPolicy: Always
    /// ```
    pub struct UnknownField {
        id: "unknown-field",
        category: Input,
        severity: Error,
        default: On,
        fixable: Safe,
        seed: "kubeconform strict",
        title: ["A field the schema does not have", "Schema 中不存在的字段"],
        what_zh: "报告对象在目标 Kubernetes 版本的 Schema 中不存在的字段，并给出可能的本意：拼写不同的字段（`imagePullpolicy` → `imagePullPolicy`）、应该再往下一层的字段（写在 Pod spec 层的 `image` 属于 `containers[]`）、应该往上一层的字段（缩进过深），或只在其他 Kubernetes 版本中存在的字段。\n\n键可以随意取的映射（`labels`、`annotations`、ConfigMap 的 `data`）接受任意键。输入中有（或用 `--crd` 指定了）CustomResourceDefinition 时，自定义资源按其 `openAPIV3Schema` 检查（用 `x-kubernetes-preserve-unknown-fields` 或 `additionalProperties` 保留的字段接受任意键；没有时见 `unknown-kind`）。`kustomization.yaml` 按 Kustomize 自己的字段检查（Kustomize 遇到未知字段会停止）；Kustomize 的 patch 可以包含 `$patch` 等 strategic-merge 指令。",
        why_zh: "默认情况下 `kubectl apply` 对未知字段只给出警告，API Server 会把它丢弃：拼错的 `livenessprobe` 意味着 Pod 在没有存活探针的情况下运行，而且没有任何报错提醒你。使用 `--validate=strict` 时整个对象会被拒绝。",
        fix: ["Fix the field's spelling or move it to where it belongs; delete it if it is not a Kubernetes field.", "修正字段拼写，或把它移到正确的位置；如果它不是 Kubernetes 字段，请删除。"],
    }
}

impl Check for UnknownField {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for problem in cx.schema_problems() {
            let Problem::Unknown {
                object,
                key,
                name,
                path,
                owner,
                hint,
                clash,
            } = problem
            else {
                continue;
            };
            // A key with a non-breaking or invisible character in it is
            // `lookalike-characters`' to explain.
            if crate::text::lookalike::is_suspect(name) {
                continue;
            }
            // The rename, unless the mapping has that field already.
            let fix = match hint {
                Hint::Rename(to) if !clash => {
                    fix_with(cx, *object, true, |s| Some(vec![s.replace(key, *to)]))
                }
                _ => None,
            };
            let v = cx.settings.kubernetes_minor;
            let (message, help) = match hint {
                Hint::Rename(to) => (
                    text!(
                        "`{name}` is not a field of {owner}; did you mean `{to}`?",
                        "`{name}` 不是 {owner} 的字段；你是不是想写 `{to}`？"
                    ),
                    help!("Rename `{name}` to `{to}`.", "把 `{name}` 改为 `{to}`。"),
                ),
                Hint::Under(parents) => {
                    let list = parents.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>();
                    let (en, zh) = (list.join(" or "), list.join(" 或 "));
                    (
                        text!(
                            "`{name}` is not a field of {owner}: it belongs under {en} (is it indented too little?)",
                            "`{name}` 不是 {owner} 的字段：它应该在 {zh} 之下（是不是缩进少了？）"
                        ),
                        help!(
                            "Indent `{name}` under {en}.",
                            "把 `{name}` 缩进到 {zh} 之下。"
                        ),
                    )
                }
                Hint::Up(parent) => (
                    text!(
                        "`{name}` is not a field of {owner}: it is a field of the enclosing {parent} (is it indented too far?)",
                        "`{name}` 不是 {owner} 的字段：它是外层 {parent} 的字段（是不是缩进多了？）"
                    ),
                    help!(
                        "Move `{name}` one level out, next to the key that holds this block.",
                        "把 `{name}` 往外移一层，与包含这一块的键对齐。"
                    ),
                ),
                Hint::OtherVersions { from, to } => (
                    text!(
                        "`{name}` is not a field of {owner} in Kubernetes 1.{v}: it exists in 1.{from}–1.{to}",
                        "在 Kubernetes 1.{v} 中 `{name}` 不是 {owner} 的字段：它只存在于 1.{from}–1.{to}"
                    ),
                    help!(
                        "Remove `{name}`, or set `kubernetes_version` to the version your cluster runs.",
                        "删除 `{name}`，或把 `kubernetes_version` 设为集群实际运行的版本。"
                    ),
                ),
                Hint::None => (
                    text!("`{name}` is not a field of {owner}", "`{name}` 不是 {owner} 的字段"),
                    help!(
                        "Remove `{name}`, or check the field names of {owner} with `kubectl explain`.",
                        "删除 `{name}`，或用 `kubectl explain` 查看 {owner} 有哪些字段。"
                    ),
                ),
            };
            out.report(At::object(*object, key, path.clone()), message)
                .help(help)
                .fix(fix);
        }
    }
}
