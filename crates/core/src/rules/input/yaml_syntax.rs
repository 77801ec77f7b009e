use crate::parse::IssueKind;
use crate::rules::prelude::*;
use crate::text::lookalike::Kind;

declare_rule! {
    /// ## What it does
    /// Reports text that is not valid YAML, or input that exceeds a parsing
    /// limit (size, nesting depth, alias expansion), at the line and column
    /// where the parser stopped, with a hint in plain words.
    ///
    /// ## Why is this bad?
    /// `kubectl apply` refuses the whole file with a terse message. Tabs used
    /// for indentation, an unclosed quote or a colon inside an unquoted value
    /// are the usual causes when YAML is copied from a web page.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: "web
    /// data:
    ///   mode: production
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: "web"
    /// data:
    ///   mode: production
    /// ```
    pub struct YamlSyntax {
        id: "yaml-syntax",
        category: Input,
        severity: Error,
        default: On,
        whole_input: true,
        seed: "every article",
        title: ["The text is not valid YAML", "文本不是合法的 YAML"],
        what_zh: "报告无法解析的 YAML，或超出解析限制（大小、嵌套深度、别名展开）的输入，指出解析器停下的行和列，并用通俗的话给出提示。",
        why_zh: "`kubectl apply` 会以简短的报错拒绝整个文件。从网页复制 YAML 时，最常见的原因是用 Tab 缩进、引号没有闭合，或未加引号的值里带有冒号。",
        fix: ["Fix the text at the marked position; indent with spaces only and quote values that contain `: ` or `#`.", "修改标出位置的文本：只用空格缩进，含有 `: ` 或 `#` 的值要加引号。"],
    }
}

/// A plain-words explanation of the parser's message.
fn hint(detail: &str, line_text: &str) -> Text {
    if line_text.contains('\t') {
        return text!(
            "This line contains a tab: YAML indentation must use spaces.",
            "这一行含有 Tab：YAML 只能用空格缩进。"
        );
    }
    if line_text.contains("{{") {
        return text!(
            "This is a Helm (Go) template, not YAML yet: render it first, e.g. `helm template . | kubeshape check -`.",
            "这是 Helm（Go）模板，还不是 YAML：请先渲染，例如 `helm template . | kubeshape check -`。"
        );
    }
    let d = detail.to_ascii_lowercase();
    if d.contains("quoted scalar") || d.contains("unexpected end of stream") {
        text!(
            "A quote is opened but never closed.",
            "有引号打开后没有闭合。"
        )
    } else if d.contains("mapping values are not allowed") {
        text!(
            "A `key: value` appears where a plain value was expected: quote a value that contains `: `, or check the indentation of this line.",
            "在需要普通值的位置出现了 `key: value`：含有 `: ` 的值要加引号，或检查这一行的缩进。"
        )
    } else if d.contains("did not find expected key")
        || d.contains("indentation")
        || d.contains("block end")
    {
        text!(
            "The indentation of this line does not line up with the lines around it.",
            "这一行的缩进与上下文对不齐。"
        )
    } else if d.contains("did not find expected '-'") || d.contains("expected ',' or ']'") {
        text!(
            "A list is not closed or its items are misaligned.",
            "列表没有闭合，或列表项没有对齐。"
        )
    } else if d.contains("deeper than") || d.contains("recursion limit") {
        text!(
            "The document nests too deeply to be a Kubernetes object.",
            "文档嵌套过深，不可能是 Kubernetes 对象。"
        )
    } else if d.contains("yaml nodes") {
        text!(
            "Aliases (`*name`) expand to too many nodes; this looks like a \"billion laughs\" document.",
            "别名（`*name`）展开后节点过多，看起来像“billion laughs”攻击文档。"
        )
    } else if d.contains("bytes") {
        text!(
            "Split the input into smaller files.",
            "请把输入拆成更小的文件。"
        )
    } else {
        Text::default()
    }
}

impl Check for YamlSyntax {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for (file, issue) in cx.parse_issues {
            if !matches!(issue.kind, IssueKind::Syntax | IssueKind::Limit) {
                continue;
            }
            // A tab, an invisible character or a full-width colon with no
            // space after it, in the document before the error, is
            // `lookalike-characters`' to explain (the others are read as
            // what they stand for, so they stop no parse).
            let line = issue.span.start.line;
            let text = cx.files[*file].text;
            // The document's first line: after the last `---` above.
            let from = text
                .lines()
                .take(line as usize)
                .enumerate()
                .filter(|(_, l)| l.starts_with("---"))
                .last()
                .map_or(1, |(i, _)| i as u32 + 2);
            let caused = cx.files[*file].lookalikes.iter().any(|l| {
                matches!(
                    l.kind,
                    Kind::Tab | Kind::ZeroWidth | Kind::Bidi | Kind::FullWidthColon
                ) && (from..=line).contains(&l.line)
            });
            if caused && issue.kind == IssueKind::Syntax {
                continue;
            }
            let line_text = cx.files[*file]
                .text
                .lines()
                .nth(issue.span.start.line.saturating_sub(1) as usize)
                .unwrap_or("");
            let detail = &issue.detail;
            let hint = hint(detail, line_text);
            let (en, zh) = match issue.kind {
                IssueKind::Limit => (
                    format!("input limit reached: {detail}"),
                    format!("超出输入限制：{detail}"),
                ),
                _ => (
                    format!("YAML syntax error: {detail}"),
                    format!("YAML 语法错误：{detail}"),
                ),
            };
            // (No hint: the rule's own help.)
            out.in_file(*file, issue.document, issue.span, Text::new(en, zh))
                .help(hint);
        }
    }
}
