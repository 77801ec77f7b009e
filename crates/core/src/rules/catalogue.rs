//! The rule catalogue as the faces show it: the README's table, the JSON
//! that `kubeshape rules` prints and the playground reads, and the text of
//! `kubeshape explain`.

use super::{all, Fixable, RuleMeta, Scope};
use crate::diagnostic::Lang;

/// The rule catalogue as a Markdown table (the README's rule table is this
/// text, checked by a test).
pub fn markdown_table() -> String {
    let mut out = String::from("| id | category | severity | default | fix | from the article | what it finds |\n|---|---|---|---|---|---|---|\n");
    for rule in all() {
        let m = rule.meta();
        let default = if m.default_on() { "on" } else { "opt-in" };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} |\n",
            m.id,
            m.category.as_str(),
            m.severity,
            default,
            m.fixable.as_str().unwrap_or(""),
            m.source(Lang::En),
            m.title(Lang::En)
        ));
    }
    out
}

/// One rule's catalogue entry as JSON: metadata and texts in `lang`.
pub fn entry_json(m: &RuleMeta, lang: Lang) -> serde_json::Value {
    serde_json::json!({
        "id": m.id, "category": m.category, "severity": m.severity,
        "default": if m.default_on() { "on" } else { "opt-in" },
        "scope": match m.scope { Scope::Object => "object", Scope::Objects => "objects" },
        "seed": m.seed, "source": m.source(lang), "title": m.title(lang), "what": m.what(lang), "why": m.why(lang),
        "fixable": m.fixable.as_str(),
        "fix": m.fix(lang), "example": m.example(), "use_instead": m.use_instead(),
    })
}

/// The catalogue as JSON (what `kubeshape rules --format json` prints).
pub fn catalogue_json(lang: Lang) -> serde_json::Value {
    serde_json::Value::Array(all().iter().map(|r| entry_json(r.meta(), lang)).collect())
}

/// `kubeshape explain ID`: the rule's whole documentation as text.
pub fn explain(meta: &RuleMeta, lang: Lang) -> String {
    let default = match (meta.default_on(), lang) {
        (true, Lang::En) => "on by default",
        (false, Lang::En) => "opt-in",
        (true, Lang::Zh) => "默认启用",
        (false, Lang::Zh) => "需手动启用",
    };
    let severity = match lang {
        Lang::En => meta.severity.as_str(),
        Lang::Zh => meta.severity.zh(),
    };
    let h = |en: &'static str, zh: &'static str| lang.pick(en, zh);
    format!(
        "{id} — {title}\n{cat}: {category} · {sev}: {severity} · {default} · {seed}: {seed_ref}\n\n## {what_h}\n{what}\n\n## {why_h}\n{why}\n\n## {fix_h}\n{fix}{auto}\n\n## {ex_h}\n{example}\n\n## {use_h}\n{use_instead}\n",
        id = meta.id,
        title = meta.title(lang),
        cat = h("category", "类别"),
        category = meta.category.title(lang),
        sev = h("severity", "级别"),
        seed = h("from", "来源"),
        seed_ref = meta.source(lang),
        what_h = h("What it does", "作用"),
        what = meta.what(lang),
        why_h = h("Why is this bad?", "为什么有问题？"),
        why = meta.why(lang),
        fix_h = h("How to fix", "如何修复"),
        fix = meta.fix(lang),
        auto = match meta.fixable {
            Fixable::No => "",
            Fixable::Safe => h(
                "\n`kubeshape fix` corrects it (a safe fix: `--safe-only` applies it too).",
                "\n`kubeshape fix` 可以自动修正（安全修复：`--safe-only` 也会应用）。",
            ),
            Fixable::Review => h(
                "\n`kubeshape fix` proposes a correction to review (a template or a change of behaviour).",
                "\n`kubeshape fix` 会给出需要复核的修正（模板或行为上的改变）。",
            ),
        },
        ex_h = h("Example", "示例"),
        example = meta.example(),
        use_h = h("Use instead", "应改为"),
        use_instead = meta.use_instead(),
    )
}
