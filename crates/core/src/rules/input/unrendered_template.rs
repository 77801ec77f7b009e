use crate::rules::prelude::*;
use crate::text::template::Kind;

declare_rule! {
    /// ## What it does
    /// Reports a document that is a template not rendered yet: Helm's
    /// `{{ … }}` where YAML reads it, envsubst's `${VAR}`, or `$(VAR)`
    /// outside a container's `command`, `args` and env `value`s (where
    /// Kubernetes expands it itself; elsewhere Kustomize's `vars` or a
    /// script must). It says so once, at the first placeholder, naming the
    /// placeholders and the command that renders them; no rule then judges
    /// what a placeholder stands for (it stands for some valid value), and
    /// a Helm template's syntax errors (it is not YAML yet) are not
    /// reported.
    ///
    /// ## Why is this bad?
    /// What Kubernetes will get is not written yet: `replicas: ${REPLICAS}`
    /// is a number only once the shell replaces it, and a chart's
    /// `templates/deployment.yaml` is YAML only once Helm has filled in its
    /// values. Checked as it is, a template gives a cascade of syntax and
    /// type errors about text that will not be there, and hides the real
    /// pitfalls, which only the rendered output shows (“Go + K8s
    /// development guide” chapter 3 applies such a template).
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: {{ .Release.Name }}-web
    /// spec:
    ///   replicas: 3
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
    ///         image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// # helm template web ./chart | kubeshape check -
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web-web
    /// spec:
    ///   replicas: 3
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
    ///         image: "ghcr.io/acme/web:1.4.2"
    /// ```
    pub struct UnrenderedTemplate {
        id: "unrendered-template",
        category: Input,
        severity: Info,
        default: On,
        whole_input: true,
        seed: "004 ch3",
        title: ["The document is a template not rendered yet", "文档是还没有渲染的模板"],
        what_zh: "报告还没有渲染的模板文档：YAML 会读到的位置上有 Helm 的 `{{ … }}`，或任何位置有 envsubst 的 `${VAR}`。在第一个占位符处报告一次，并给出渲染命令；之后任何规则都不评判占位符所代表的内容，Helm 模板的语法错误（它还不是 YAML）也不报告。",
        why_zh: "Kubernetes 最终收到的内容还没有写出来：`replicas: ${REPLICAS}` 要等 shell 替换之后才是数字，chart 的 `templates/deployment.yaml` 要等 Helm 填入值之后才是 YAML。直接检查模板，会得到一连串关于不会出现的文本的语法和类型错误，反而掩盖了只有渲染结果才能暴露的真正问题（《Go语言+K8s开发指南》第三章就直接应用了这样的模板）。",
        fix: ["Render it first, then check the result: `kubeshape check <chart folder>` renders a Helm chart itself; `envsubst < file.yaml | kubeshape check -` for environment placeholders.", "先渲染再检查结果：`kubeshape check <chart 目录>` 会自己渲染 Helm chart；环境变量占位符用 `envsubst < file.yaml | kubeshape check -`。"],
    }
}

impl Check for UnrenderedTemplate {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        // (Builds without `learning` read no look-alike characters or
        // placeholders: nothing to say.)
        if !cfg!(feature = "learning") {
            return;
        }
        for (f, file) in cx.files.iter().enumerate() {
            for doc in file.templates {
                // The first placeholder YAML reads, else the first.
                let Some(first) = doc
                    .placeholders
                    .iter()
                    .find(|p| p.raw)
                    .or_else(|| doc.placeholders.first())
                else {
                    continue;
                };
                // The placeholders, each once, the first three by name.
                let mut names: Vec<&str> = Vec::new();
                for p in doc.placeholders.iter().filter(|p| p.kind == first.kind) {
                    if !names.contains(&p.text.as_str()) {
                        names.push(&p.text);
                    }
                }
                let more = names.len().saturating_sub(3);
                let listed: Vec<String> = names.iter().take(3).map(|n| format!("`{n}`")).collect();
                let (shown, shown_zh) = match more {
                    0 => (crate::text::and_list(&listed), listed.join("、")),
                    n => (
                        format!("{} and {n} more", listed.join(", ")),
                        format!("{} 等 {} 个", listed.join("、"), names.len()),
                    ),
                };
                let are = if names.len() == 1 { "is" } else { "are" };
                let (message, help) = match first.kind {
                    Kind::Go => (
                        Text::new(
                            format!("this document is a Helm template: {shown} {are} filled in when the chart is rendered, so what Kubernetes will get is not written here yet"),
                            crate::text::zh_join(&["这个文档是 Helm 模板：", &shown_zh, "要在渲染 chart 时才会被替换，Kubernetes 最终收到的内容还没有写在这里"]),
                        ),
                        help!(
                            "Check the chart's folder instead: `kubeshape check <chart folder>` renders the chart and puts each finding on its template line (or paste the chart whole, `# values.yaml` and `# templates/…` sections).",
                            "改为检查 chart 目录：`kubeshape check <chart 目录>` 会渲染 chart，并把每个问题标在它的模板行上（也可以把 chart 整个粘贴进来，用 `# values.yaml` 和 `# templates/…` 分段）。"
                        ),
                    ),
                    Kind::Env => (
                        Text::new(
                            format!("this document has environment placeholders: {shown} {are} replaced before it is applied, so what Kubernetes will get is not written here yet"),
                            crate::text::zh_join(&["这个文档含有环境变量占位符：", &shown_zh, "要在应用之前才会被替换，Kubernetes 最终收到的内容还没有写在这里"]),
                        ),
                        help!(
                            "Render it with the variables set and check the result: `envsubst < file.yaml | kubeshape check -`.",
                            "设置好变量后渲染，再检查结果：`envsubst < file.yaml | kubeshape check -`。"
                        ),
                    ),
                    Kind::Dollar => (
                        Text::new(
                            format!("this document has placeholders Kubernetes does not expand: {shown} {are} outside a container's `command`, `args` and env values, so Kustomize's `vars` or a script must replace them before it is applied"),
                            crate::text::zh_join(&["这个文档含有 Kubernetes 不会展开的占位符：", &shown_zh, "不在容器的 `command`、`args` 或环境变量值里，要由 Kustomize 的 `vars` 或脚本在应用之前替换"]),
                        ),
                        help!(
                            "Render it and check the result: `kubectl kustomize <dir> | kubeshape check -`, or the script that fills them in.",
                            "先渲染再检查结果：`kubectl kustomize <dir> | kubeshape check -`，或运行填入它们的脚本。"
                        ),
                    ),
                };
                let start = crate::parse::Pos {
                    line: first.line,
                    column: first.column,
                };
                let end = crate::parse::Pos {
                    column: first.column + first.text.chars().count() as u32,
                    ..start
                };
                let document = crate::text::document_at(file.text, first.line);
                out.in_file(f, document, crate::parse::Span { start, end }, message)
                    .help(help);
            }
        }
    }
}
