//! Rule documentation loaded at run time, for builds without the `docs`
//! feature (the playground), and titles and fixes for builds without
//! `titles`: the texts come from `rules.json`, which
//! `cargo xtask` writes from a build that has them, so both are the same
//! words. With the feature on, nothing here is used.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::diagnostic::Lang;

#[derive(Debug, Default, Clone)]
pub(crate) struct Docs {
    pub title: String,
    pub fix: String,
    pub what: String,
    pub why: String,
    pub example: String,
    pub use_instead: String,
}

/// Per language (0 = English, 1 = Chinese), per rule id.
static LOADED: OnceLock<[HashMap<String, Docs>; 2]> = OnceLock::new();

fn slot(lang: Lang) -> usize {
    match lang {
        Lang::En => 0,
        Lang::Zh => 1,
    }
}

/// Loads `rules.json` (`{"en": [catalogue], "zh": [catalogue]}`, the
/// output of `kubeshape rules --format json` per language). Returns how many
/// rules it documents; the first successful load wins. Read with the core's
/// own parser (JSON is YAML), so the browser builds need no JSON library.
pub fn load_docs(json: &str) -> Result<usize, String> {
    let parsed = crate::parse::parse(json, &crate::parse::Limits::default());
    if let Some(issue) = parsed.issues.first() {
        return Err(format!(
            "rules.json: line {}, column {}: {}",
            issue.span.start.line, issue.span.start.column, issue.detail
        ));
    }
    let root = parsed
        .documents
        .into_iter()
        .find_map(|d| d.root)
        .ok_or("rules.json: empty")?;
    let mut tables: [HashMap<String, Docs>; 2] = Default::default();
    for (lang, table) in [(Lang::En, "en"), (Lang::Zh, "zh")] {
        let entries = root
            .get(table)
            .and_then(crate::parse::Node::as_seq)
            .ok_or(format!("rules.json: no `{table}` list"))?;
        for e in entries {
            let text = |k: &str| {
                e.get(k)
                    .and_then(crate::parse::Node::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            let docs = Docs {
                title: text("title"),
                fix: text("fix"),
                what: text("what"),
                why: text("why"),
                example: text("example"),
                use_instead: text("use_instead"),
            };
            tables[slot(lang)].insert(text("id"), docs);
        }
    }
    let count = tables[0].len();
    let _ = LOADED.set(tables);
    Ok(count)
}

/// One loaded text, or empty before `load_docs` ran.
pub(crate) fn loaded(id: &str, lang: Lang, field: impl Fn(&Docs) -> &String) -> String {
    LOADED
        .get()
        .and_then(|t| t[slot(lang)].get(id))
        .map(|d| field(d).clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_json_loads_with_the_core_parser() {
        let json = serde_json::json!({
            "en": crate::rules::catalogue_json(Lang::En),
            "zh": crate::rules::catalogue_json(Lang::Zh),
        })
        .to_string();
        let count = load_docs(&json).expect("loads");
        assert_eq!(count, crate::rules::all().len());
        for rule in crate::rules::all() {
            let m = rule.meta();
            for lang in [Lang::En, Lang::Zh] {
                assert_eq!(loaded(m.id, lang, |d| &d.title), m.title(lang), "{}", m.id);
                assert_eq!(loaded(m.id, lang, |d| &d.fix), m.fix(lang), "{}", m.id);
                assert_eq!(loaded(m.id, lang, |d| &d.why), m.why(lang), "{}", m.id);
                assert_eq!(
                    loaded(m.id, Lang::En, |d| &d.example),
                    m.example(),
                    "{}",
                    m.id
                );
            }
        }
        assert!(load_docs("{not json").is_err());
        assert!(load_docs("{}").is_err());
    }
}
