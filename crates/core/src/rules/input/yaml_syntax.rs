use crate::parse::explain::{diagnose, Cause, Diagnosis};
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

/// The numbers in one of our limit messages (`… more than 100 levels …`).
fn numbers(detail: &str) -> Vec<&str> {
    detail
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map(|s| s.trim_matches('.'))
        .filter(|s| !s.is_empty())
        .collect()
}

/// A limit the input reached, in plain words (message, help).
fn limit(detail: &str) -> (Text, Text) {
    let n = numbers(detail);
    let first = n.first().copied().unwrap_or("?");
    let second = n.get(1).copied().unwrap_or("?");
    if detail.contains("MiB") {
        (
            text!(
                "the input is {first} MiB, more than the limit of {second} MiB (setting `limits.max_input_bytes`): nothing was checked",
                "输入有 {first} MiB，超过了 {second} MiB 的上限（设置项 `limits.max_input_bytes`）：没有做任何检查"
            ),
            help!("Split the input into smaller files, or raise the limit.", "把输入拆成更小的文件，或提高上限。"),
        )
    } else if detail.contains("nodes") {
        (
            text!(
                "the input expands to more than {first} YAML nodes, aliases included: the rest of this document was not checked",
                "输入展开后超过 {first} 个 YAML 节点（包括别名展开）：这个文档的其余部分没有检查"
            ),
            help!(
                "Aliases (`*name`) that expand into aliases make documents explode (\"billion laughs\"); write the values out.",
                "层层展开的别名（`*name`）会让文档急剧膨胀（“billion laughs”）；请直接写出这些值。"
            ),
        )
    } else {
        (
            text!(
                "this document nests deeper than {first} levels: the rest of it was not checked",
                "这个文档的嵌套超过 {first} 层：其余部分没有检查"
            ),
            help!("A Kubernetes object is never this deep: look for a runaway indentation or bracket.", "Kubernetes 对象不会有这么深的嵌套：检查是否有失控的缩进或括号。"),
        )
    }
}

/// The text of line `n` (1-based).
fn line(text: &str, n: u32) -> &str {
    text.lines().nth(n.saturating_sub(1) as usize).unwrap_or("")
}

/// A parse error in plain words (message, help), at the place to change.
fn explain(text: &str, d: &Diagnosis, detail: &str) -> (Text, Text) {
    let here = line(text, d.at.line).trim();
    match d.cause {
        Cause::Tab => (
            text!("a tab where YAML needs spaces", "这里用了 Tab，YAML 需要空格"),
            help!(
                "Indent with spaces only; set your editor to insert spaces for Tab.",
                "只用空格缩进；把编辑器设置为按 Tab 键时插入空格。"
            ),
        ),
        Cause::UnclosedQuote(q) => (
            text!(
                "the quote `{q}` opened here is never closed, so everything after it is read as one value",
                "这里打开的引号 `{q}` 没有闭合，它后面的内容都被当成了同一个值"
            ),
            help!("Close it with `{q}` at the end of the value.", "在值的末尾用 `{q}` 把它闭合。"),
        ),
        Cause::ColonInValue => {
            // The line's value, quoted, where that is simple.
            let quoted = here
                .split_once(": ")
                .filter(|(_, v)| !v.contains('"'))
                .map(|(k, v)| format!("`{k}: \"{v}\"`"));
            let (quoted_en, quoted_zh) = match &quoted {
                Some(q) => (format!(": {q}"), format!("：{q}")),
                None => (String::new(), String::new()),
            };
            (
                text!(
                    "`: ` inside a value: YAML reads a new key here",
                    "值里出现了 `: `：YAML 在这里把它当成了新的键"
                ),
                help!(
                    "Put the whole value in quotes{quoted_en}.",
                    "把整个值放进引号里{quoted_zh}。"
                ),
            )
        }
        Cause::KeyUnderValue => (
            text!(
                "`{here}` is indented under a key that already has a value on its own line",
                "`{here}` 缩进在一个已经有值的键下面"
            ),
            help!(
                "Line it up with the key above if it sits beside it; if it belongs inside, that key takes no value on its own line.",
                "如果它与上面的键同级，就和那个键对齐；如果它属于那个键，那个键的同一行就不能再有值。"
            ),
        ),
        Cause::Misaligned { here: n, before } => (
            text!(
                "this line is indented by {n} spaces and the line before it by {before}: the keys of one mapping line up",
                "这一行缩进了 {n} 个空格，上一行是 {before} 个：同一个映射里的键要对齐"
            ),
            help!(
                "Indent it like the keys it belongs with; a nested key goes deeper than its parent, by spaces only.",
                "把它缩进到与所属的键相同的位置；子键比父键缩进更深，只用空格。"
            ),
        ),
        Cause::ListItemMisaligned { here: n, before } => {
            let (col, before_col) = (n + 1, before + 1);
            (
                text!(
                    "this list item's `-` is at column {col} and the item before it at column {before_col}: the items of one list line up",
                    "这个列表项的 `-` 在第 {col} 列，上一项在第 {before_col} 列：同一个列表的各项要对齐"
                ),
                help!("Line the `-` up with the other items of the list.", "把 `-` 和列表中的其他项对齐。"),
            )
        }
        Cause::ListItemInMapping => (
            text!(
                "a list item (`- `) where a key was expected",
                "在需要键的位置出现了列表项（`- `）"
            ),
            help!(
                "Indent the list under the key it belongs to (`items:` on the line before), or give it a key.",
                "把列表缩进到它所属的键下面（上一行写 `items:`），或者给它一个键。"
            ),
        ),
        Cause::KeyWithoutColon => (
            text!(
                "`{here}` is neither a key (no `:` after it) nor a list item (no `- ` before it)",
                "`{here}` 既不是键（后面没有 `:`），也不是列表项（前面没有 `- `）"
            ),
            help!(
                "Add `: ` after a key (`name: value`), `- ` before a list item, or `#` before a comment.",
                "在键后加 `: `（`name: value`），在列表项前加 `- `，或在注释前加 `#`。"
            ),
        ),
        Cause::NoSpaceAfter(c) => (
            text!(
                "`{c}` with no space after it, where YAML needs one",
                "`{c}` 后面没有空格，YAML 在这里需要一个空格"
            ),
            help!("Put a space after `{c}`.", "在 `{c}` 后面加一个空格。"),
        ),
        Cause::DashInFlow => (
            text!(
                "a `- ` list item inside `[…]` or `{{…}}`: there, items are separated by commas",
                "在 `[…]` 或 `{{…}}` 里用了列表项的 `- `：括号里的各项用逗号分隔"
            ),
            help!(
                "Write `[a, b]` without dashes, or put each item on its own line as `- item` (no brackets).",
                "写成不带短横线的 `[a, b]`，或者去掉括号、每项单独一行写成 `- item`。"
            ),
        ),
        Cause::Unclosed(open) => {
            let close = if open == '[' { ']' } else { '}' };
            (
                text!("`{open}` is opened here and never closed", "这里打开的 `{open}` 没有闭合"),
                help!(
                    "Close it with `{close}`, with `, ` between the items.",
                    "用 `{close}` 把它闭合，各项之间用 `, ` 分隔。"
                ),
            )
        }
        Cause::UnknownAnchor => (
            text!(
                "an alias `*name` with no anchor `&name` before it in this document (anchors do not carry across `---`)",
                "别名 `*name` 在这个文档中前面没有对应的锚点 `&name`（锚点不能跨越 `---`）"
            ),
            help!(
                "Define `&name` earlier in the same document, or write the value out.",
                "在同一个文档的前面定义 `&name`，或直接写出这个值。"
            ),
        ),
        Cause::BadEscape => (
            text!(
                "a backslash inside double quotes starts an escape (`\\n`, `\\t`, `\\\\`…), and this one is none",
                "双引号里的反斜杠表示转义（`\\n`、`\\t`、`\\\\` 等），这里不是合法的转义"
            ),
            help!(
                "Use single quotes (`'C:\\path'`), or write each backslash twice (`\"C:\\\\path\"`).",
                "改用单引号（`'C:\\path'`），或把每个反斜杠写两次（`\"C:\\\\path\"`）。"
            ),
        ),
        Cause::AfterQuote => (
            text!("text after the closing quote", "结束引号后面还有文字"),
            help!(
                "Put all of the value inside the quotes, or remove what follows them.",
                "把整个值都放进引号里，或删掉引号后面的文字。"
            ),
        ),
        Cause::BlockScalarHeader => (
            text!(
                "text on the same line as `|` or `>`: a block value starts on the next line",
                "`|` 或 `>` 的同一行还有文字：块值要从下一行开始"
            ),
            help!("Move the text to the next line, indented under the key.", "把文字移到下一行，并缩进到键的下面。"),
        ),
        Cause::StrayBracket => (
            text!("a `]` or `}}` that closes nothing", "这个 `]` 或 `}}` 没有对应的开括号"),
            help!(
                "Remove it, or put the value in quotes if the bracket is part of it.",
                "删掉它；如果括号是值的一部分，就把值放进引号里。"
            ),
        ),
        Cause::ColonBeforeBracket => (
            text!(
                "a `:` directly before `[` or `{{` inside `{{…}}`",
                "在 `{{…}}` 里，`:` 后面直接跟着 `[` 或 `{{`"
            ),
            help!("Put a space after the colon: `{{key: [a, b]}}`.", "在冒号后加一个空格：`{{key: [a, b]}}`。"),
        ),
        Cause::EndOfInput => (
            text!("the text ends in the middle of a value", "文本在一个值的中间结束了"),
            help!("Finish the value, or remove the unfinished line.", "把这个值写完整，或删掉没写完的那一行。"),
        ),
        Cause::Directive => (
            text!(
                "document markers or directives (`...`, `%`) that Kubernetes YAML does not use",
                "这里有 Kubernetes YAML 不使用的文档标记或指令（`...`、`%`）"
            ),
            help!(
                "Separate documents with `---`; remove text after `...` and lines that start with `%`.",
                "用 `---` 分隔文档；删掉 `...` 后面的文字和以 `%` 开头的行。"
            ),
        ),
        Cause::Tag => (
            text!("a tag (`!…`) that YAML cannot read", "YAML 无法读取这个标签（`!…`）"),
            help!(
                "Remove the tag, or put the value in quotes if the `!` is part of it.",
                "删掉这个标签；如果 `!` 是值的一部分，就把值放进引号里。"
            ),
        ),
        Cause::Unprintable => (
            text!(
                "a control character or byte order mark that YAML does not allow here",
                "这里有 YAML 不允许的控制字符或字节顺序标记"
            ),
            help!(
                "Remove it: it cannot be seen, so retyping the line is the other way.",
                "删掉它：它看不见，也可以把这一行重新输入一遍。"
            ),
        ),
        Cause::CommentInValue => (
            text!(
                "a comment line inside a value that goes on over several lines",
                "一个跨多行的值中间夹了一行注释"
            ),
            help!(
                "Move the comment above the key, or put the value in quotes or a `|` block.",
                "把注释移到键的上方，或者把值放进引号或 `|` 块里。"
            ),
        ),
        Cause::Other => (
            text!(
                "YAML cannot read the text here ({detail})",
                "YAML 无法读取这里的文本（{detail}）"
            ),
            Text::default(),
        ),
    }
}

impl Check for YamlSyntax {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for (file, issue) in cx.parse_issues {
            if !matches!(issue.kind, IssueKind::Syntax | IssueKind::Limit) {
                continue;
            }
            let text = cx.files[*file].text;
            if issue.kind == IssueKind::Limit {
                let (message, help) = limit(&issue.detail);
                out.in_file(*file, issue.document, issue.span, message)
                    .help(help);
                continue;
            }
            let line = issue.span.start.line;
            // The document's first line: after the last `---` above.
            let from = text
                .lines()
                .take(line as usize)
                .enumerate()
                .filter(|(_, l)| l.starts_with("---"))
                .last()
                .map_or(1, |(i, _)| i as u32 + 2);
            // A tab, an invisible character or a full-width colon with no
            // space after it, in the document before the error, is
            // `lookalike-characters`' to explain (the others are read as
            // what they stand for, so they stop no parse).
            let caused = cx.files[*file].lookalikes.iter().any(|l| {
                matches!(
                    l.kind,
                    Kind::Tab | Kind::ZeroWidth | Kind::Bidi | Kind::FullWidthColon
                ) && (from..=line).contains(&l.line)
            });
            if caused {
                continue;
            }
            // Builds without `learning` (the element's) say the parser's
            // words, where it stopped.
            if !cfg!(feature = "learning") {
                let detail = &issue.detail;
                out.in_file(
                    *file,
                    issue.document,
                    issue.span,
                    text!("YAML syntax error: {detail}", "YAML 语法错误：{detail}"),
                );
                continue;
            }
            let d = diagnose(text, issue.span.start, &issue.detail);
            let (message, help) = explain(text, &d, &issue.detail);
            let span = crate::parse::Span::point(d.at);
            let finding = out.in_file(*file, issue.document, span, message).help(help);
            finding.detail = Some(issue.detail.as_str().into());
        }
    }
}
