//! Chinese texts are typeset as Chinese: no space next to full-width
//! punctuation (`放到 每个容器（containers[]） 下` reads as a gap), and
//! none between two Chinese characters. A space between Chinese and Latin
//! text or code (`设置 runAsUser`) is the usual style and stays.

use kubeshape_core::{lint_str, rules, Lang};

mod common;

const FULL_WIDTH: &str = "（）【】《》「」，。：；！？、“”";

fn cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// The stray spaces of `text` (outside `code`, which quotes input as it
/// is): each with a few characters around it.
fn stray_spaces(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut in_code = false;
    for (i, &c) in chars.iter().enumerate() {
        if c == '`' {
            in_code = !in_code;
        }
        if in_code || c != ' ' || i == 0 || i + 1 == chars.len() {
            continue;
        }
        let (before, after) = (chars[i - 1], chars[i + 1]);
        let punct = FULL_WIDTH.contains(before) || FULL_WIDTH.contains(after);
        if punct || (cjk(before) && cjk(after)) {
            let from = i.saturating_sub(8);
            let to = (i + 9).min(chars.len());
            out.push(chars[from..to].iter().collect());
        }
    }
    out
}

#[test]
fn the_rules_texts_have_no_stray_spaces() {
    let mut found = Vec::new();
    for rule in rules::all() {
        let m = rule.meta();
        for text in [
            m.title(Lang::Zh).into_owned(),
            m.what(Lang::Zh),
            m.why(Lang::Zh),
            m.fix(Lang::Zh).into_owned(),
        ] {
            for s in stray_spaces(&text) {
                found.push(format!("{}: …{s}…", m.id));
            }
        }
    }
    assert!(found.is_empty(), "\n{}", found.join("\n"));
}

#[test]
fn findings_have_no_stray_spaces() {
    let dirs = [
        "tests/fixtures",
        "tests/fixes",
        "../../examples/seeds",
        "../../tests/corpus/kubernetes-examples",
    ];
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = std::collections::BTreeSet::new();
    for dir in dirs {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
            .expect("dir")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        paths.sort();
        for path in paths
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        {
            let text = std::fs::read_to_string(path).expect("text");
            let report = lint_str("t.yaml", &text, &common::all());
            for f in &report.findings {
                for s in stray_spaces(&f.message.zh)
                    .into_iter()
                    .chain(stray_spaces(&f.help.zh))
                {
                    found.insert(format!("{}: …{s}…", f.rule));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "\n{}",
        found.into_iter().collect::<Vec<_>>().join("\n")
    );
}
