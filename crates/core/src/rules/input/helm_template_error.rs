use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Helm chart's template that cannot be rendered: one that
    /// does not parse (an unclosed action, an unknown function), one that
    /// fails as it runs (`nil pointer evaluating interface {}.tag`, a
    /// `required` value not given, `fail`), or one that stops at a limit
    /// (runaway recursion, output too large). It is reported once, at the
    /// template line and column where Helm stops, with Helm's own words in
    /// `detail`.
    ///
    /// kubeshape renders charts itself (`kubeshape check <chart folder>`,
    /// the playground's Helm mode): this rule is reported by that renderer
    /// (`crates/helm`), not by reading YAML, and its tests are the chart
    /// fixtures of `crates/helm/tests/`.
    ///
    /// ## Why is this bad?
    /// `helm install` and `helm template` refuse the whole chart on the
    /// first such error, so nothing of it reaches the cluster. The message
    /// names a template and a line, often one inside `_helpers.tpl`, far
    /// from the value that is missing (seed 004 §3 builds its chart this
    /// way: one missing key in `values.yaml` and every template that reads
    /// it fails).
    ///
    /// ## Example
    /// ```yaml
    /// # templates/deployment.yaml, with no `image:` in values.yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   template:
    ///     spec:
    ///       containers:
    ///         - name: web
    ///           image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// # templates/deployment.yaml: a default where values.yaml says nothing
    /// {{- $image := .Values.image | default dict }}
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   template:
    ///     spec:
    ///       containers:
    ///         - name: web
    ///           image: "{{ $image.repository | default "ghcr.io/acme/web" }}:{{ $image.tag | default "1.4.2" }}"
    /// ```
    pub struct HelmTemplateError {
        id: "helm-template-error",
        category: Input,
        severity: Error,
        default: On,
        whole_input: true,
        seed: "004 ch3",
        title: ["The chart's template cannot be rendered", "chart 的模板无法渲染"],
        what_zh: "报告无法渲染的 Helm chart 模板：无法解析的（动作没有闭合、未知函数），执行时失败的（`nil pointer evaluating interface {}.tag`、`required` 的值没有给出、`fail`），或达到限制而停止的（失控的递归、输出过大）。在 Helm 停下的模板行和列报告一次，`detail` 中保留 Helm 自己的原话。kubeshape 自己渲染 chart（`kubeshape check <chart 目录>`、演练场的 Helm 模式）：这条规则由渲染器（`crates/helm`）报告，而不是读 YAML 时报告，它的测试是 `crates/helm/tests/` 里的 chart 夹具。",
        why_zh: "`helm install` 和 `helm template` 遇到第一个这样的错误就拒绝整个 chart，其中任何内容都到不了集群。报错指出的是某个模板的某一行，常常在 `_helpers.tpl` 里，离缺失的值很远（第四篇第三章就是这样搭建 chart 的：`values.yaml` 里少一个键，读它的每个模板都会失败）。",
        fix: ["Give the value the template reads (in values.yaml or with `--set`), or guard it: `{{ with .Values.image }}…{{ end }}`, `required \"…\"`, `default`.", "给出模板读取的值（写在 values.yaml 里或用 `--set`），或者加以保护：`{{ with .Values.image }}…{{ end }}`、`required \"…\"`、`default`。"],
    }
}

impl Check for HelmTemplateError {
    /// Nothing to read in YAML: the chart renderer reports these findings
    /// with this rule's metadata (see `kubeshape_helm::check`).
    fn check(&self, _cx: &Context<'_>, _out: &mut Sink<'_>) {}
}
