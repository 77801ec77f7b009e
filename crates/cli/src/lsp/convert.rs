//! Findings in the protocol's words: diagnostics (with the rule's page and
//! the related places), code actions (the rule's fix, "ignore this rule
//! here", "fix all safe"), hovers (what, why and how to fix).

use kubeshape_core::diagnostic::Edit;
use kubeshape_core::rules;
use kubeshape_core::{Finding, Lang, Severity};
use serde_json::{json, Value};

use super::text::{range_json, Position, Text};

/// The most diagnostics published for one document. Beyond it, an
/// editor would spend seconds reading a list no one reads (a generated
/// 5 MB bundle has 200,000 findings): the most severe are shown, and one
/// more diagnostic says how many are not.
pub const MAX_DIAGNOSTICS: usize = 2_000;

/// A finding of an open document, with its range in that document and its
/// related places (URI and range).
#[derive(Debug, Clone)]
pub struct Shown {
    pub finding: Finding,
    pub start: Position,
    pub end: Position,
    pub related: Vec<(String, Value)>,
}

impl Shown {
    /// `finding` of `text`; `related` gives each related place's URI and
    /// range (`None` when its file is not known).
    pub fn new(
        finding: Finding,
        text: &Text,
        related: impl Fn(usize, kubeshape_core::parse::Span) -> Option<(String, Value)>,
    ) -> Shown {
        let start = text.from_pos(finding.span.start);
        let end = text.from_pos(finding.span.end).max(start);
        let related = finding
            .related
            .iter()
            .filter_map(|r| related(r.file, r.span))
            .collect();
        Shown {
            finding,
            start,
            end,
            related,
        }
    }

    /// Whether the finding's range touches `start..=end` (a zero-width
    /// range touches what it sits in or next to).
    pub fn touches(&self, start: Position, end: Position) -> bool {
        self.start <= end && start <= self.end
    }

    /// Its diagnostic.
    pub fn diagnostic(&self, lang: Lang) -> Value {
        let f = &self.finding;
        let mut diagnostic = json!({
            "range": range_json(self.start, self.end),
            "severity": severity(f.severity),
            "code": f.rule,
            "source": "kubeshape",
            "message": f.message.get(lang),
        });
        if rules::find(f.rule).is_some() {
            diagnostic["codeDescription"] =
                json!({"href": format!("{}{}", rules::RULE_PAGES, f.rule)});
        }
        if !self.related.is_empty() {
            let places = f
                .related
                .iter()
                .zip(&self.related)
                .map(|(r, (uri, range))| json!({"location": {"uri": uri, "range": range}, "message": r.message.get(lang)}))
                .collect();
            diagnostic["relatedInformation"] = Value::Array(places);
        }
        diagnostic
    }

    /// Whether the client's `diagnostic` is this one's.
    pub fn is(&self, diagnostic: &Value) -> bool {
        diagnostic.get("code").and_then(Value::as_str) == Some(self.finding.rule)
            && diagnostic.get("range") == Some(&range_json(self.start, self.end))
    }
}

fn severity(severity: Severity) -> u8 {
    match severity {
        Severity::Error => 1,
        Severity::Warning => 2,
        Severity::Info => 3,
    }
}

/// The diagnostics published for `shown`: all of them, or the
/// [`MAX_DIAGNOSTICS`] most severe (in the document's order) and one that
/// says how many more there are.
pub fn publishable(shown: &[Shown], lang: Lang) -> Vec<Value> {
    if shown.len() <= MAX_DIAGNOSTICS {
        return shown.iter().map(|s| s.diagnostic(lang)).collect();
    }
    let mut order: Vec<usize> = (0..shown.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(shown[i].finding.severity));
    order.truncate(MAX_DIAGNOSTICS);
    order.sort_unstable();
    let mut out: Vec<Value> = order.iter().map(|&i| shown[i].diagnostic(lang)).collect();
    let more = shown.len() - MAX_DIAGNOSTICS;
    let message = match lang {
        Lang::En => format!(
            "{more} more findings are not shown (at most {MAX_DIAGNOSTICS} per document, the most severe first); `kubeshape check` lists them all"
        ),
        Lang::Zh => format!("另有 {more} 条问题未显示（每个文档最多显示 {MAX_DIAGNOSTICS} 条，按严重程度优先）；`kubeshape check` 会列出全部"),
    };
    out.push(json!({
        "range": range_json(Position { line: 0, character: 0 }, Position { line: 0, character: 0 }),
        "severity": 3,
        "code": "too-many-findings",
        "source": "kubeshape",
        "message": message,
    }));
    out
}

/// The text edits of a fix.
pub fn text_edits(text: &Text, edits: &[Edit]) -> Vec<Value> {
    edits
        .iter()
        .map(|e| json!({"range": range_json(text.position(e.start), text.position(e.end)), "newText": e.text}))
        .collect()
}

/// A code action that edits the document at `uri`.
pub fn action(
    title: String,
    kind: &str,
    uri: &str,
    edits: Vec<Value>,
    diagnostic: Option<Value>,
    preferred: bool,
) -> Value {
    let mut action = json!({
        "title": title,
        "kind": kind,
        "edit": {"changes": {uri: edits}},
    });
    if let Some(d) = diagnostic {
        action["diagnostics"] = json!([d]);
    }
    if preferred {
        action["isPreferred"] = Value::Bool(true);
    }
    action
}

/// The title of the action that applies `finding`'s fix.
pub fn fix_title(finding: &Finding, lang: Lang, safe: bool) -> String {
    let what = match rules::find(finding.rule) {
        Some(rule) => rule.meta().fix(lang).into_owned(),
        None => finding.help.get(lang).to_owned(),
    };
    let what = what.trim_end_matches(['.', '。']);
    match (lang, safe) {
        (Lang::En, true) => format!("{what} ({})", finding.rule),
        (Lang::En, false) => format!("{what} ({}; review the result)", finding.rule),
        (Lang::Zh, true) => format!("{what}（{}）", finding.rule),
        (Lang::Zh, false) => format!("{what}（{}；请检查结果）", finding.rule),
    }
}

/// The title of the action that silences a rule for an object.
pub fn ignore_title(rule: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("Ignore {rule} for this object (kubeshape.io/ignore)"),
        Lang::Zh => format!("对此对象忽略 {rule}（kubeshape.io/ignore）"),
    }
}

/// The title of the source action that applies every safe fix.
pub fn fix_all_title(lang: Lang) -> String {
    lang.pick(
        "Apply all safe kubeshape fixes",
        "应用 kubeshape 的全部安全修复",
    )
    .to_owned()
}

/// The hover of the findings at a position: each one's message, then its
/// rule's what, why and fix, and a link to its page.
pub fn hover(shown: &[&Shown], lang: Lang) -> Option<Value> {
    let first = shown.first()?;
    let mut parts = Vec::new();
    for s in shown {
        let f = &s.finding;
        let mut part = format!(
            "**{}** · `{}`\n\n{}",
            f.severity.as_str(),
            f.rule,
            f.message.get(lang)
        );
        let rule = rules::find(f.rule);
        let fix = rule.map(|r| r.meta().fix(lang));
        if !f.help.is_empty() && fix.as_deref() != Some(f.help.get(lang)) {
            part.push_str(&format!("\n\n{}", f.help.get(lang)));
        }
        if let Some(rule) = rule {
            let meta = rule.meta();
            let [what, why, fix, more] = match lang {
                Lang::En => ["What it finds", "Why it matters", "How to fix", "Rule page"],
                Lang::Zh => ["检查什么", "为什么重要", "如何修复", "规则说明"],
            };
            part.push_str(&format!(
                "\n\n**{}** — {}\n\n**{what}.** {}\n\n**{why}.** {}\n\n**{fix}.** {}\n\n[{more}]({})",
                meta.id,
                meta.title(lang),
                meta.what(lang).trim(),
                meta.why(lang).trim(),
                meta.fix(lang),
                meta.page(),
            ));
        }
        parts.push(part);
    }
    let (start, end) = shown.iter().fold((first.start, first.end), |(a, b), s| {
        (a.min(s.start), b.max(s.end))
    });
    Some(json!({
        "contents": {"kind": "markdown", "value": parts.join("\n\n---\n\n")},
        "range": range_json(start, end),
    }))
}

/// The one edit that turns `old` into `new`: what lies between their
/// common start and common end (so that an editor keeps its cursor and
/// folds everywhere else).
pub fn whole_edit(text: &Text, new: &str) -> Option<Value> {
    let old = text.text.as_str();
    if old == new {
        return None;
    }
    let mut start = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(start) || !new.is_char_boundary(start) {
        start -= 1;
    }
    let max_end = old.len().min(new.len()) - start;
    let mut end = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_end)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - end) || !new.is_char_boundary(new.len() - end) {
        end -= 1;
    }
    Some(json!({
        "range": range_json(text.position(start), text.position(old.len() - end)),
        "newText": new[start..new.len() - end],
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_edit_is_the_part_that_changed() {
        let text = Text::new("a: 名\nb: 1\nc: 3\n".to_owned());
        let edit = whole_edit(&text, "a: 名\nb: 2\nc: 3\n").expect("an edit");
        assert_eq!(edit["range"]["start"], json!({"line": 1, "character": 3}));
        assert_eq!(edit["range"]["end"], json!({"line": 1, "character": 4}));
        assert_eq!(edit["newText"], "2");
        let edit = whole_edit(&text, "a: 名字\nb: 1\nc: 3\n").expect("an edit");
        assert_eq!(edit["range"]["start"], json!({"line": 0, "character": 4}));
        assert_eq!(edit["newText"], "字");
        assert!(whole_edit(&text, &text.text.clone()).is_none());
    }
}
