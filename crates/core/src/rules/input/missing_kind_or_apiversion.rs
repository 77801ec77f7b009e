use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a non-empty document that lacks `kind` or `apiVersion`, or
    /// that is not a mapping at all.
    ///
    /// ## Why is this bad?
    /// The API server cannot tell what object you mean and rejects the
    /// document; kubeshape cannot check it either. This often happens when a
    /// snippet (a container, a `resources:` block) is applied on its own.
    ///
    /// ## Example
    /// ```yaml
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
    pub struct MissingKindOrApiversion {
        id: "missing-kind-or-apiversion",
        category: Input,
        severity: Error,
        default: On,
        whole_input: true,
        seed: "kubeconform",
        title: ["The document has no kind or apiVersion", "文档缺少 kind 或 apiVersion"],
        what_zh: "报告缺少 `kind` 或 `apiVersion` 的非空文档，或根本不是映射的文档。",
        why_zh: "API Server 无法判断你要创建什么对象，会拒绝该文档；kubeshape 也无法检查它。单独 apply 一段片段（一个容器、一个 `resources:` 块）时常出现这种情况。",
        fix: ["Add `apiVersion` and `kind` at the top of the document (e.g. `apiVersion: apps/v1`, `kind: Deployment`).", "在文档顶部加上 `apiVersion` 和 `kind`（例如 `apiVersion: apps/v1`、`kind: Deployment`）。"],
    }
}

impl Check for MissingKindOrApiversion {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for (f, file) in cx.files.iter().enumerate() {
            for doc in &file.documents {
                let Some(root) = &doc.root else { continue };
                if root.as_map().is_none() {
                    let shape = root.type_name();
                    out.in_file(
                        f,
                        doc.index,
                        root.span,
                        text!(
                            "this document is a {shape}, not a Kubernetes object",
                            "这个文档是一个 {shape}，不是 Kubernetes 对象"
                        ),
                    );
                }
            }
        }
        for (index, object) in cx.objects.iter().enumerate() {
            let missing: Vec<&str> = [("apiVersion", object.api_version), ("kind", object.kind)]
                .into_iter()
                .filter(|(_, v)| v.is_none())
                .map(|(k, _)| k)
                .collect();
            if missing.is_empty() {
                continue;
            }
            let fields = missing
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(" and ");
            let fields_zh = fields.replace(" and ", " 和 ");
            let anchor = object
                .node
                .as_map()
                .and_then(|m| m.first())
                .map_or(object.node, |e| &e.key);
            out.report(
                At::object(index, anchor, object.join("")),
                text!("the object has no {fields}", "该对象缺少 {fields_zh}"),
            );
        }
    }
}
