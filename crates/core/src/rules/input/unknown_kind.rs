use crate::model::crd::Lookup as CrdLookup;
use crate::rules::prelude::*;
use crate::schema::Lookup;

declare_rule! {
    /// ## What it does
    /// Says which objects the schema rules (`unknown-field`, `wrong-type`,
    /// `missing-required-field`) could not check, and why:
    /// - a kind the Kubernetes API does not serve under that `apiVersion`
    ///   (`apiVersion: v1` with `kind: Deployment`, which is `apps/v1`) or a
    ///   misspelt kind in a built-in group (`kind: Deploymnet`): an error,
    ///   with the apiVersion or kind that exists;
    /// - a custom resource whose CustomResourceDefinition is in the input
    ///   (or named with `--crd`) but does not define its kind, or does not
    ///   serve its version: an error, with the kind or version it does;
    /// - a custom resource (an API group Kubernetes itself does not have,
    ///   such as `networking.istio.io`) with no CustomResourceDefinition at
    ///   hand: one `info` note per kind, saying how to supply one (with
    ///   it, the schema rules check its fields from its `openAPIV3Schema`).
    ///
    /// API versions that Kubernetes removed are `deprecated-api-version`'s,
    /// not this rule's.
    ///
    /// ## Why is this bad?
    /// `kubectl apply` answers a wrong `apiVersion`/`kind` pair with "no
    /// matches for kind … in version …" and creates nothing. For custom
    /// resources, the note tells you the field checks did not run, rather
    /// than letting silence look like a clean bill of health.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   replicas: 2
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
    ///   replicas: 2
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
    pub struct UnknownKind {
        id: "unknown-kind",
        category: Input,
        severity: Error,
        default: On,
        scope: Objects,
        seed: "kubeconform",
        title: ["A kind the schema does not know", "Schema 不认识的 kind"],
        what_zh: "说明哪些对象没能被 Schema 规则（`unknown-field`、`wrong-type`、`missing-required-field`）检查，以及原因：\n- Kubernetes API 在该 `apiVersion` 下没有这个 kind（`apiVersion: v1` 配 `kind: Deployment`，而它属于 `apps/v1`），或内置 API 组中拼错的 kind（`kind: Deploymnet`）：报错误，并给出存在的 apiVersion 或 kind；\n- 输入中（或用 `--crd` 指定）有自定义资源的 CustomResourceDefinition，但它没有定义这个 kind，或不提供这个版本：报错误，并给出它定义的 kind 或提供的版本；\n- 自定义资源（Kubernetes 本身没有的 API 组，例如 `networking.istio.io`）而手头没有它的 CustomResourceDefinition：每种 kind 一条 `info` 提示，并说明如何提供（有了它，Schema 规则会按其 `openAPIV3Schema` 检查字段）。\n\n已被 Kubernetes 移除的 API 版本由 `deprecated-api-version` 报告，不归本规则。",
        why_zh: "对错误的 `apiVersion`/`kind` 组合，`kubectl apply` 会回答 \"no matches for kind … in version …\"，什么也不会创建。对自定义资源，这条提示告诉你字段检查没有运行，以免把沉默当成一切正常。",
        fix: ["Use the apiVersion and kind the Kubernetes API (or the CustomResourceDefinition) serves (`kubectl api-resources` lists them); to check a custom resource's fields, supply its CustomResourceDefinition.", "使用 Kubernetes API（或 CustomResourceDefinition）提供的 apiVersion 和 kind（`kubectl api-resources` 会列出）；要检查自定义资源的字段，请提供它的 CustomResourceDefinition。"],
    }
}

/// What the CustomResourceDefinitions at hand say (nothing, in builds that
/// do not check custom resources).
fn crds_lookup<'c, 'a>(cx: &'c Context<'a>, api_version: &str, kind: &str) -> CrdLookup<'c, 'a> {
    match cfg!(feature = "crds") {
        true => cx.crds.lookup(api_version, kind),
        false => CrdLookup::Unknown,
    }
}

/// Built-in API groups the schema package does not describe.
const BUILT_IN_WITHOUT_SCHEMA: &[&str] = &["apiregistration.k8s.io"];

impl Check for UnknownKind {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let Some(schema) = crate::schema::get() else {
            return;
        };
        let minor = cx.settings.kubernetes_minor;
        let mut noted: Vec<(&str, &str)> = Vec::new();
        for (index, object) in cx.objects.iter().enumerate() {
            let (Some(api_version), Some(kind)) = (object.api_version, object.kind) else {
                continue;
            };
            if kind == "List" || super::deprecated_api_version::knows(api_version, kind) {
                continue;
            }
            let kind_node = object.node.get("kind").unwrap_or(object.node);
            let version_node = object.node.get("apiVersion").unwrap_or(object.node);
            match schema.lookup(api_version, kind, minor) {
                Lookup::Known { .. } => {}
                Lookup::OtherVersions(versions) => {
                    let list = versions
                        .iter()
                        .take(3)
                        .map(|v| format!("`{v}`"))
                        .collect::<Vec<_>>();
                    let (en, zh) = (list.join(", "), list.join("、"));
                    let best = versions[0];
                    out.report(
                        At::object(index, version_node, object.join("apiVersion")),
                        text!(
                            "Kubernetes has no {kind} in `{api_version}`; {kind} is served as {en}",
                            "Kubernetes 的 `{api_version}` 中没有 {kind}；{kind} 属于 {zh}"
                        ),
                    )
                    .help(help!(
                        "Write `apiVersion: {best}`.",
                        "改为 `apiVersion: {best}`。"
                    ));
                }
                Lookup::UnknownKind(kinds) => {
                    let close = crate::text::closest(kind, kinds.iter().copied());
                    let (en, zh) = match close {
                        Some(c) => (
                            format!("; did you mean `{c}`?"),
                            format!("；你是不是想写 `{c}`？"),
                        ),
                        None => (String::new(), String::new()),
                    };
                    let finding = out.report(
                        At::object(index, kind_node, object.join("kind")),
                        text!(
                            "`{api_version}` has no kind `{kind}`{en}",
                            "`{api_version}` 中没有 `{kind}` 这种 kind{zh}"
                        ),
                    );
                    if let Some(c) = close {
                        finding.help(help!("Write `kind: {c}`.", "改为 `kind: {c}`。"));
                    }
                }
                Lookup::Custom => match crds_lookup(cx, api_version, kind) {
                    CrdLookup::Served { .. } => {}
                    CrdLookup::NotServed { crd, served } => {
                        let group = crd.group;
                        let list: Vec<String> =
                            served.iter().map(|v| format!("`{group}/{v}`")).collect();
                        let (en, zh) = match list.is_empty() {
                            true => ("no version".to_owned(), "任何版本".to_owned()),
                            false => (list.join(", "), list.join("、")),
                        };
                        let name = crd.name;
                        let finding = out.report(
                            At::object(index, version_node, object.join("apiVersion")),
                            text!(
                                "the CustomResourceDefinition `{name}` serves {kind} as {en}, not `{api_version}`",
                                "CustomResourceDefinition `{name}` 提供的 {kind} 是 {zh}，不是 `{api_version}`"
                            ),
                        );
                        if let Some(v) = served.last() {
                            finding.help(help!(
                                "Write `apiVersion: {group}/{v}`.",
                                "改为 `apiVersion: {group}/{v}`。"
                            ));
                        }
                    }
                    CrdLookup::UnknownKind { kinds } => {
                        let close = crate::text::closest(kind, kinds.iter().copied());
                        let group = crate::schema::group_of(api_version);
                        let (en, zh) = match close {
                            Some(c) => (
                                format!("; did you mean `{c}`?"),
                                format!("；你是不是想写 `{c}`？"),
                            ),
                            None => (String::new(), String::new()),
                        };
                        let finding = out.report(
                            At::object(index, kind_node, object.join("kind")),
                            text!(
                                "the CustomResourceDefinitions of `{group}` here define no kind `{kind}`{en}",
                                "这里 `{group}` 的 CustomResourceDefinition 没有定义 `{kind}` 这种 kind{zh}"
                            ),
                        );
                        if let Some(c) = close {
                            finding.help(help!("Write `kind: {c}`.", "改为 `kind: {c}`。"));
                        }
                    }
                    CrdLookup::Unknown => {
                        if noted.contains(&(api_version, kind)) {
                            continue;
                        }
                        noted.push((api_version, kind));
                        let aggregated =
                            BUILT_IN_WITHOUT_SCHEMA.contains(&crate::schema::group_of(api_version));
                        let (what, what_zh) = match aggregated {
                            true => ("served by the API aggregation layer", "由 API 聚合层提供"),
                            false => ("a custom resource", "自定义资源"),
                        };
                        let message = text!(
                            "no schema for {api_version} {kind} ({what}): its fields are not checked",
                            "没有 {api_version} {kind} 的 Schema（{what_zh}）：不检查它的字段"
                        );
                        let help = match aggregated {
                            true => help!(
                                "Nothing to fix; the API server that serves it validates it.",
                                "无需修改；由提供它的 API Server 校验。"
                            ),
                            false => help!(
                                "To check its fields, put its CustomResourceDefinition in the input (above it, or in the same folder), or name it with `--crd FILE` (`crds:` in the settings).",
                                "要检查它的字段，请把它的 CustomResourceDefinition 放进输入（写在它上面，或放在同一文件夹），或用 `--crd FILE` 指定（设置文件中的 `crds:`）。"
                            ),
                        };
                        out.report(At::object(index, kind_node, object.join("kind")), message)
                            .severity(Severity::Info)
                            .help(help);
                    }
                },
            }
        }
    }
}
