use crate::rules::prelude::*;
use crate::text::lookalike::{is_suspect, Kind, Lookalike, Place};

declare_rule! {
    /// ## What it does
    /// Reports characters that look like YAML syntax but are not, where
    /// syntax is meant: non-breaking, full-width (U+3000) and other Unicode
    /// spaces in the indentation or around a key's colon; a full-width
    /// colon `：` after a key, a full-width comma `，` between the items of
    /// a flow list, `－` or `–` as a list item's dash; curly quotes `“…”`
    /// around a value; a tab in the indentation; and, anywhere, invisible
    /// zero-width characters and bidirectional controls. The rest of the
    /// document is checked as if each were what it stands for, so one
    /// finding says what happened instead of a cascade of syntax errors or
    /// unknown fields.
    ///
    /// ## Why is this bad?
    /// YAML reads these as text, not syntax: a key indented with
    /// non-breaking spaces becomes a new top-level key `  name`, `image：
    /// nginx` is one string instead of a key and its value, `“hello”`
    /// keeps its quotes, and a zero-width space makes `replicas` a key
    /// Kubernetes does not know. They come with YAML copied from web pages
    /// and chats, or typed with a Chinese input method, and they are
    /// invisible or nearly so.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///   - name: web
    ///     image： nginx:1.27.2
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
    ///   - name: web
    ///     image: nginx:1.27.2
    /// ```
    pub struct LookalikeCharacters {
        id: "lookalike-characters",
        category: Input,
        severity: Error,
        default: On,
        whole_input: true,
        fixable: Safe,
        seed: "every article",
        title: ["A character looks like YAML syntax but is not", "字符看起来像 YAML 语法，其实不是"],
        what_zh: "报告在需要 YAML 语法的位置出现的“长得像”的字符：缩进里或键的冒号旁的不换行空格、全角空格（U+3000）等 Unicode 空格；键后的全角冒号 `：`、单行列表里的全角逗号 `，`、当作列表项 `-` 的 `－` 或 `–`；值两边的弯引号 `“…”`；缩进里的 Tab；以及任何位置上看不见的零宽字符和双向文本控制符。文档的其余部分按这些字符本来的意思检查，因此只有一条说明原因的报告，而不是一连串语法错误或未知字段。",
        why_zh: "YAML 把这些字符当作文本而不是语法：用不换行空格缩进的键会变成新的顶层键 `  name`，`image： nginx` 是一个字符串而不是键和值，`“hello”` 会连引号一起成为值，零宽空格会让 `replicas` 变成 Kubernetes 不认识的键。它们来自从网页和聊天工具复制的 YAML，或中文输入法，而且看不见或几乎看不见。",
        fix: ["Replace each with what it stands for: a plain space, `:`, `,`, `-` or a straight quote; delete invisible characters.", "把它们换成本来的字符：半角空格、`:`、`,`、`-` 或直引号；删除看不见的字符。"],
    }
}

/// What a character is, in a message (English, Chinese).
fn what(l: &Lookalike) -> (String, String) {
    let code = format!("U+{:04X}", u32::from(l.ch));
    match l.kind {
        Kind::NoBreakSpace => (
            format!("a non-breaking space ({code})"),
            format!("不换行空格（{code}）"),
        ),
        Kind::IdeographicSpace => (
            format!("a full-width space ({code})"),
            format!("全角空格（{code}）"),
        ),
        Kind::OtherSpace => (
            format!("a Unicode space ({code})"),
            format!("Unicode 空格（{code}）"),
        ),
        Kind::Tab => ("a tab".to_owned(), "Tab 字符".to_owned()),
        Kind::FullWidthColon => (
            "a full-width colon `：`".to_owned(),
            "全角冒号 `：`".to_owned(),
        ),
        Kind::FullWidthComma => (
            "a full-width comma `，`".to_owned(),
            "全角逗号 `，`".to_owned(),
        ),
        Kind::Dash => (
            format!("the dash `{}` ({code})", l.ch),
            format!("破折号或全角连字符 `{}`（{code}）", l.ch),
        ),
        Kind::CurlyQuote => {
            let pair = if matches!(l.ch, '‘' | '’') {
                "‘…’"
            } else {
                "“…”"
            };
            (format!("curly quotes `{pair}`"), format!("弯引号 `{pair}`"))
        }
        Kind::ZeroWidth if l.ch == '\u{feff}' => (
            format!("an invisible byte order mark ({code})"),
            format!("看不见的字节顺序标记（{code}）"),
        ),
        Kind::ZeroWidth => (
            format!("an invisible zero-width character ({code})"),
            format!("看不见的零宽字符（{code}）"),
        ),
        Kind::Bidi => (
            format!("an invisible bidirectional control ({code})"),
            format!("看不见的双向文本控制符（{code}）"),
        ),
    }
}

/// Where it is, and what YAML makes of it there (English, Chinese).
fn effect(l: &Lookalike) -> ((&'static str, &'static str), (&'static str, &'static str)) {
    match (l.kind, l.place) {
        (Kind::Tab, _) => (
            ("in the indentation", "出现在缩进里"),
            ("YAML indents with spaces only", "YAML 只能用空格缩进"),
        ),
        (Kind::NoBreakSpace | Kind::IdeographicSpace | Kind::OtherSpace, Place::Indentation) => (
            ("in the indentation", "出现在缩进里"),
            (
                "YAML does not count it as a space, so the line is not indented as it looks",
                "YAML 不把它当作空格，这一行的缩进和看上去的不一样",
            ),
        ),
        (Kind::NoBreakSpace | Kind::IdeographicSpace | Kind::OtherSpace, _) => (
            (
                "next to a key's colon or a list item's dash",
                "出现在键的冒号或列表项的 `-` 旁",
            ),
            ("YAML needs a plain space there", "那里 YAML 需要半角空格"),
        ),
        (Kind::FullWidthColon, _) => (
            ("after a key", "出现在键后"),
            (
                "YAML needs the plain `:`, so this line is one string, not a key and its value",
                "YAML 需要半角 `:`，否则这一行是一个字符串，而不是键和值",
            ),
        ),
        (Kind::FullWidthComma, _) => (
            ("between the items of a list", "出现在列表项之间"),
            (
                "YAML separates them with the plain `,`",
                "YAML 用半角 `,` 分隔",
            ),
        ),
        (Kind::Dash, _) => (
            ("where a list item's `-` goes", "出现在列表项的 `-` 处"),
            ("YAML needs the plain `-`", "YAML 需要半角 `-`"),
        ),
        (Kind::CurlyQuote, _) => (
            ("around the value", "出现在值的两边"),
            (
                "YAML only knows `\"` and `'`, so these become part of the value",
                "YAML 只认 `\"` 和 `'`，弯引号会成为值的一部分",
            ),
        ),
        (Kind::ZeroWidth, _) => (
            ("here", "出现在这里"),
            (
                "the key or value it is in no longer matches what it looks like",
                "它所在的键或值和看上去的不再一样",
            ),
        ),
        (Kind::Bidi, _) => (
            ("here", "出现在这里"),
            (
                "the text is shown in another order than the one it is read in",
                "文本显示的顺序和实际读取的顺序不同",
            ),
        ),
    }
}

/// Where such characters usually come from (English, Chinese).
fn origin(l: &Lookalike) -> (&'static str, &'static str) {
    match l.kind {
        Kind::IdeographicSpace | Kind::FullWidthColon | Kind::FullWidthComma => (
            "typed with a Chinese input method",
            "通常是中文输入法打出来的",
        ),
        Kind::Dash if l.ch == '－' => (
            "typed with a Chinese input method",
            "通常是中文输入法打出来的",
        ),
        Kind::Tab => (
            "an editor or a web page put it there",
            "通常是编辑器或网页插入的",
        ),
        Kind::Bidi => (
            "it can hide what the text really says",
            "它可能掩盖文本的真实内容",
        ),
        _ => (
            "copied along with YAML from a web page or a chat",
            "通常是从网页或聊天工具复制 YAML 时带进来的",
        ),
    }
}

/// What to write instead of `l` (empty: delete it).
fn replacement(l: &Lookalike, text: &str) -> &'static str {
    match l.kind {
        // A colon needs a space after it to make a key.
        Kind::FullWidthColon => {
            let next = text[l.byte + l.ch.len_utf8()..].chars().next();
            if next.is_some_and(|c| !c.is_whitespace()) {
                ": "
            } else {
                ":"
            }
        }
        Kind::Tab => "  ",
        _ => match l.replacement() {
            Some(' ') => " ",
            Some(',') => ",",
            Some('-') => "-",
            Some('"') => "\"",
            Some('\'') => "'",
            _ => "",
        },
    }
}

impl Check for LookalikeCharacters {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        // (Builds without `learning` read no look-alike characters or
        // placeholders: nothing to say.)
        if !cfg!(feature = "learning") {
            return;
        }
        for (f, file) in cx.files.iter().enumerate() {
            // One finding per line and kind, at its first character; its
            // fix replaces every character of that kind on the line.
            let mut groups: Vec<Vec<&Lookalike>> = Vec::new();
            for l in file.lookalikes {
                let same = groups
                    .iter_mut()
                    .rev()
                    .take_while(|g| g[0].line == l.line)
                    .find(|g| g[0].kind == l.kind);
                match same {
                    Some(group) => group.push(l),
                    None => groups.push(vec![l]),
                }
            }
            for group in &groups {
                report(cx, out, f, group);
            }
            keys(cx, out, f);
        }
    }
}

/// The finding for the look-alikes of one kind on one line.
fn report(cx: &Context<'_>, out: &mut Sink<'_>, f: usize, group: &[&Lookalike]) {
    let file = &cx.files[f];
    let first = group[0];
    let count = group.len();
    let (what_en, what_zh) = what(first);
    let ((place_en, place_zh), (effect_en, effect_zh)) = effect(first);
    let (origin_en, origin_zh) = origin(first);
    // (A pair of curly quotes is one thing.)
    let (more_en, more_zh) = if count > 1 && first.kind != Kind::CurlyQuote {
        (
            format!(" ({count} on this line)"),
            format!("（这一行共 {count} 个）"),
        )
    } else {
        (String::new(), String::new())
    };
    let message = text!(
        "{what_en} {place_en}{more_en}: {effect_en}; {origin_en}",
        "{what_zh}{place_zh}{more_zh}：{effect_zh}；{origin_zh}"
    );
    let help = match first.kind {
        Kind::Tab => help!(
            "Indent with spaces: `kubeshape fix` puts two spaces for each tab (review the result).",
            "用空格缩进：`kubeshape fix` 会把每个 Tab 换成两个空格（请检查结果）。"
        ),
        Kind::ZeroWidth | Kind::Bidi => help!(
            "Delete it (`kubeshape fix` does): it cannot be seen, so retyping the line is the other way.",
            "删除它（`kubeshape fix` 会这样做）：它看不见，也可以把这一行重新输入一遍。"
        ),
        Kind::NoBreakSpace | Kind::IdeographicSpace | Kind::OtherSpace => help!(
            "Replace it with a plain space (`kubeshape fix` does); type YAML with the input method in English mode.",
            "把它换成半角空格（`kubeshape fix` 会这样做）；输入 YAML 时请把输入法切换到英文。"
        ),
        _ => help!(
            "Replace it with `{}` (`kubeshape fix` does); type YAML with the input method in English mode.",
            "把它换成 `{}`（`kubeshape fix` 会这样做）；输入 YAML 时请把输入法切换到英文。",
            replacement(first, file.text).trim()
        ),
    };
    let fix = cx.file_fixer(f).map(|source| crate::diagnostic::Fix {
        // (How wide a tab was meant to be, the author knows.)
        safe: first.kind != Kind::Tab,
        edits: group
            .iter()
            .map(|l| source.edit(l.byte, l.byte + l.ch.len_utf8(), replacement(l, file.text)))
            .collect(),
    });
    let start = crate::parse::Pos {
        line: first.line,
        column: first.column,
    };
    let end = crate::parse::Pos {
        column: first.column + 1,
        ..start
    };
    let span = crate::parse::Span { start, end };
    out.in_file(
        f,
        crate::text::document_at(file.text, first.line),
        span,
        message,
    )
    .help(help)
    .fix(fix);
}

/// Keys that hold a Unicode space or an invisible character where the text
/// scan does not look (quoted keys, JSON such as an admission request).
fn keys(cx: &Context<'_>, out: &mut Sink<'_>, f: usize) {
    let file = &cx.files[f];
    for doc in &file.documents {
        let Some(root) = &doc.root else { continue };
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            if let Some(entries) = node.as_map() {
                for e in entries {
                    if let Some(key) = e.key.as_str().filter(|k| is_suspect(k)) {
                        let line = e.key.span.start.line;
                        if !file.lookalikes.iter().any(|l| l.line == line) {
                            let shown = key.escape_unicode().to_string();
                            out.in_file(f, doc.index, e.key.span, text!(
                                "the key `{key}` holds a Unicode space or an invisible character ({shown}), so it is not the key it looks like",
                                "键 `{key}` 含有 Unicode 空格或看不见的字符（{shown}），所以不是看上去的那个键"
                            ));
                        }
                    }
                    stack.push(&e.value);
                }
            } else if let Some(items) = node.as_seq() {
                stack.extend(items);
            }
        }
    }
}
