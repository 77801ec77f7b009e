use crate::rules::prelude::*;
use crate::schema::walk::Problem;

declare_rule! {
    /// ## What it does
    /// Reports a field the object's schema requires that is absent: a
    /// container's `name` or `image`, a Deployment's `selector` or
    /// `template`, a Service port's `port`, a container port's
    /// `containerPort`… The finding points at the block that lacks it.
    ///
    /// A field given a misspelt name is reported once, by `unknown-field`,
    /// not here too. A custom resource's required fields come from its
    /// CustomResourceDefinition, when one is at hand; a Kustomize patch
    /// requires nothing (it is a part of an object by design).
    ///
    /// ## Why is this bad?
    /// The API server rejects the object ("spec.selector: Required value").
    /// A container without `image` or a Deployment without `selector` cannot
    /// be created at all.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web
    /// spec:
    ///   selector:
    ///     app: web
    ///   ports:
    ///     - targetPort: 8080
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web
    /// spec:
    ///   selector:
    ///     app: web
    ///   ports:
    ///     - port: 80
    ///       targetPort: 8080
    /// ```
    pub struct MissingRequiredField {
        id: "missing-required-field",
        category: Input,
        severity: Error,
        default: On,
        seed: "kubeconform",
        title: ["A required field is missing", "缺少必填字段"],
        what_zh: "报告 Schema 要求但缺失的字段：容器的 `name` 或 `image`、Deployment 的 `selector` 或 `template`、Service 端口的 `port`、容器端口的 `containerPort` 等。结果指向缺少该字段的那一块。\n\n拼错名字的字段只由 `unknown-field` 报告一次，这里不重复报告。自定义资源的必填字段来自手头的 CustomResourceDefinition；Kustomize 的 patch 本来就只是对象的一部分，不要求任何字段。",
        why_zh: "API Server 会拒绝该对象（\"spec.selector: Required value\"）。没有 `image` 的容器、没有 `selector` 的 Deployment 根本无法创建。",
        fix: ["Add the missing field.", "补上缺失的字段。"],
    }
}

impl Check for MissingRequiredField {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for problem in cx.schema_problems() {
            let Problem::Missing {
                object,
                anchor,
                path,
                field,
                owner,
            } = problem
            else {
                continue;
            };
            out.report(
                At::object(*object, anchor, path.clone()),
                text!(
                    "{owner} has no `{field}`, which is required",
                    "{owner} 缺少必填字段 `{field}`"
                ),
            )
            .help(help!("Add `{field}`.", "补上 `{field}`。"));
        }
    }
}
