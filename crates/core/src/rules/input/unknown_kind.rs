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
    /// - a custom resource (an API group Kubernetes itself does not have,
    ///   such as `networking.istio.io`): one `info` note per kind, since its
    ///   schema lives in its CustomResourceDefinition, not here.
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
        what_zh: "说明哪些对象没能被 Schema 规则（`unknown-field`、`wrong-type`、`missing-required-field`）检查，以及原因：\n- Kubernetes API 在该 `apiVersion` 下没有这个 kind（`apiVersion: v1` 配 `kind: Deployment`，而它属于 `apps/v1`），或内置 API 组中拼错的 kind（`kind: Deploymnet`）：报错误，并给出存在的 apiVersion 或 kind；\n- 自定义资源（Kubernetes 本身没有的 API 组，例如 `networking.istio.io`）：每种 kind 一条 `info` 提示，因为它的 Schema 在对应的 CustomResourceDefinition 里，不在这里。\n\n已被 Kubernetes 移除的 API 版本由 `deprecated-api-version` 报告，不归本规则。",
        why_zh: "对错误的 `apiVersion`/`kind` 组合，`kubectl apply` 会回答 \"no matches for kind … in version …\"，什么也不会创建。对自定义资源，这条提示告诉你字段检查没有运行，以免把沉默当成一切正常。",
        fix: ["Use the apiVersion and kind the Kubernetes API serves (`kubectl api-resources` lists them); for custom resources, nothing to do.", "使用 Kubernetes API 提供的 apiVersion 和 kind（`kubectl api-resources` 会列出）；自定义资源无需处理。"],
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
                Lookup::Custom => {
                    if noted.contains(&(api_version, kind)) {
                        continue;
                    }
                    noted.push((api_version, kind));
                    let (what, what_zh) = if BUILT_IN_WITHOUT_SCHEMA
                        .contains(&crate::schema::group_of(api_version))
                    {
                        ("served by the API aggregation layer", "由 API 聚合层提供")
                    } else {
                        ("a custom resource", "自定义资源")
                    };
                    let message = text!(
                        "no built-in schema for {api_version} {kind} ({what}): its fields are not checked",
                        "{api_version} {kind} 没有内置 Schema（{what_zh}）：不检查它的字段"
                    );
                    out.report(At::object(index, kind_node, object.join("kind")), message)
                        .severity(Severity::Info)
                        .help(help!(
                        "Nothing to fix; its CustomResourceDefinition validates it in the cluster.",
                        "无需修改；集群中由其 CustomResourceDefinition 校验。"
                    ));
                }
            }
        }
    }
}
