//! Rule fixtures: `tests/fixtures/<rule-id>.yaml`.
//!
//! A line ending in `# expect: @C` (several allowed: `@5 @17`) must get a
//! finding of that rule at that line and column C; `# expect-at: L:C` names a
//! position on another line (for lines that cannot hold a comment). Every
//! other line, including each corrected document, must stay silent. The
//! rendered findings in English and Chinese are snapshot-tested.

use std::collections::BTreeSet;

use kubeshape_core::report::human::{render, HumanOptions};
use kubeshape_core::{lint_str, rules, Lang};

mod common;
use common::only;

fn expectations(text: &str) -> BTreeSet<(u32, u32)> {
    let mut out = BTreeSet::new();
    for (i, line) in text.lines().enumerate() {
        if let Some((_, rest)) = line.split_once("# expect: ") {
            for col in rest.split_whitespace().filter_map(|w| w.strip_prefix('@')) {
                out.insert((i as u32 + 1, col.parse().expect("column")));
            }
        }
        if let Some((_, rest)) = line.split_once("# expect-at: ") {
            let (l, c) = rest.trim().split_once(':').expect("L:C");
            out.insert((l.parse().expect("line"), c.parse().expect("column")));
        }
    }
    out
}

#[test]
fn every_rule_fires_where_marked_and_nowhere_else() {
    let dir = manifest_dir().join("tests/fixtures");
    let mut failures = Vec::new();
    for rule in rules::all() {
        let id = rule.meta().id;
        let path = dir.join(format!("{id}.yaml"));
        let Ok(text) = std::fs::read_to_string(&path) else {
            failures.push(format!("{id}: no fixture at {}", path.display()));
            continue;
        };
        let name = format!("{id}.yaml");
        let report = lint_str(&name, &text, &only(id));
        let got: BTreeSet<(u32, u32)> = report
            .findings
            .iter()
            .map(|f| (f.span.start.line, f.span.start.column))
            .collect();
        let want = expectations(&text);
        if want.is_empty() {
            failures.push(format!("{id}: the fixture marks no expected finding"));
        }
        if got != want {
            failures.push(format!("{id}: expected findings at {want:?}, got {got:?}"));
        }
        for f in &report.findings {
            assert_eq!(f.rule, id);
            assert!(
                !f.message.en.is_empty() && !f.message.zh.is_empty(),
                "{id}: empty message"
            );
            assert_ne!(f.message.en, f.message.zh, "{id}: message not translated");
            assert!(
                f.message
                    .zh
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{id}: no Chinese in {}",
                f.message.zh
            );
            assert!(
                !f.help.en.is_empty() && !f.help.zh.is_empty(),
                "{id}: no help text"
            );
        }
        let texts = [text.as_str()];
        let rendered = format!(
            "{}\n----- 中文 -----\n{}",
            render(
                &report,
                &texts,
                HumanOptions {
                    lang: Lang::En,
                    color: false
                }
            ),
            render(
                &report,
                &texts,
                HumanOptions {
                    lang: Lang::Zh,
                    color: false
                }
            )
        );
        insta::assert_snapshot!(id, rendered);
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_rule_documents_itself_in_both_languages() {
    for rule in rules::all() {
        let m = rule.meta();
        for lang in [Lang::En, Lang::Zh] {
            assert!(
                !m.what(lang).is_empty(),
                "{}: no What it does ({lang:?})",
                m.id
            );
            assert!(
                !m.why(lang).is_empty(),
                "{}: no Why is this bad? ({lang:?})",
                m.id
            );
            assert!(
                !m.title(lang).is_empty() && !m.fix(lang).is_empty(),
                "{}",
                m.id
            );
        }
        assert!(
            !m.example().is_empty() && !m.use_instead().is_empty(),
            "{}: examples",
            m.id
        );
        assert!(
            m.id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}",
            m.id
        );
    }
}

/// The doc examples are themselves checked: the example triggers the rule
/// or the fixture does, and the "use instead" version never does.
#[test]
fn use_instead_examples_are_clean() {
    for rule in rules::all() {
        let m = rule.meta();
        let report = lint_str("doc.yaml", &wrap(&m.use_instead()), &only(m.id));
        assert!(
            report.findings.is_empty(),
            "{}: its `Use instead` example is flagged: {:?}",
            m.id,
            report.findings.first().map(|f| &f.message.en)
        );
    }
}

/// Doc snippets are fragments; place them in a Deployment so they can be linted.
fn wrap(snippet: &str) -> String {
    if snippet.contains("kind:") {
        return snippet.to_owned();
    }
    let indent = |n: usize| {
        snippet
            .lines()
            .map(|l| format!("{}{l}\n", " ".repeat(n)))
            .collect::<String>()
    };
    let first = snippet.lines().next().unwrap_or("").trim();
    let body = match first {
        "containers:" | "volumes:" => format!("    spec:\n{}", indent(6)),
        "spec:" => format!("    spec:\n{}", indent(4).replacen("    spec:\n", "", 1)),
        "selector:" | "replicas: 3" | "strategy:" => return format!("apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: doc}}\nspec:\n{}", indent(2)),
        "metadata:" => return snippet.to_owned(),
        _ => format!("    spec:\n      containers:\n      - name: doc\n        image: ghcr.io/acme/doc:v1\n{}", indent(8)),
    };
    format!("apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: doc}}\nspec:\n  template:\n{body}")
}

/// The package directory: cargo's run-time value first, so a binary built
/// from another checkout that shares the target directory (CI) does not read
/// that checkout's files.
fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(
        || env!("CARGO_MANIFEST_DIR").into(),
        std::path::PathBuf::from,
    )
}
