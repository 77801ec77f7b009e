//! Every kind of parse error, as a learner makes it: `yaml-syntax` points
//! at the character to change and says what is wrong in plain words, in
//! English and Chinese (snapshot), keeping the parser's own words in the
//! JSON report's `detail` for tools.

// Parse errors in plain words and look-alike characters are `learning`'s.
#![cfg(feature = "learning")]

use kubeshape_core::report::human::{render, HumanOptions};
use kubeshape_core::{lint_str, Lang};

mod common;

/// (what, the text, the line and column to change)
const CASES: &[(&str, &str, (u32, u32))] = &[
    (
        "unclosed double quote",
        "metadata:\n  name: \"web\n  labels: {}\n",
        (2, 9),
    ),
    ("unclosed single quote", "metadata:\n  name: 'web\n", (2, 9)),
    (
        "colon inside a value",
        "command: echo hello: world\n",
        (1, 20),
    ),
    (
        "key under a key with a value",
        "metadata:\n  name: web\n    labels: x\n",
        (3, 5),
    ),
    (
        "misaligned key",
        "spec:\n    replicas: 1\n  selector: x\n",
        (3, 3),
    ),
    (
        "misaligned list item",
        "containers:\n  - name: a\n   - name: b\n",
        (3, 4),
    ),
    (
        "list item where a key goes",
        "metadata:\n  name: web\n- labels\n",
        (3, 1),
    ),
    (
        "line without a colon",
        "apiVersion: v1\nkind Pod\nmetadata: {}\n",
        (2, 1),
    ),
    ("unclosed bracket", "args: [a, b\nimage: nginx\n", (1, 7)),
    (
        "unclosed brace",
        "labels: {app: web\nimage: nginx\n",
        (1, 9),
    ),
    ("unknown alias", "a: *nope\n", (1, 4)),
    ("a dash inside brackets", "args: [a, - b]\n", (1, 11)),
    (
        "backslash in double quotes",
        "path: \"C:\\Users\\app\"\n",
        (1, 10),
    ),
    ("text after a closing quote", "name: \"web\"-1\n", (1, 12)),
    (
        "text after a block scalar's bar",
        "script: | echo hi\n  more\n",
        (1, 9),
    ),
    ("stray bracket", "args: ]\n", (1, 7)),
    (
        "colon before a bracket in a flow mapping",
        "a: {b:[c]}\n",
        (1, 6),
    ),
    ("text after a document end", "a: 1\n... x\n", (2, 5)),
];

#[test]
fn every_parse_error_points_at_what_to_change_in_plain_words() {
    let mut rendered = String::new();
    for &(what, text, (line, column)) in CASES {
        let report = lint_str("paste.yaml", text, &common::only("yaml-syntax"));
        let f = report
            .findings
            .first()
            .unwrap_or_else(|| panic!("{what}: no finding"));
        assert_eq!(
            (f.span.start.line, f.span.start.column),
            (line, column),
            "{what}"
        );
        assert!(f.detail.is_some(), "{what}: no detail");
        for lang in [Lang::En, Lang::Zh] {
            assert!(
                !f.message.get(lang).starts_with("YAML"),
                "{what}: {}",
                f.message.get(lang)
            );
            // (Builds without the rules' texts, the element's, have no
            // help to show.)
            if cfg!(feature = "docs") {
                assert!(!f.help.get(lang).is_empty(), "{what}: no help");
            }
        }
        let texts = [text];
        for lang in [Lang::En, Lang::Zh] {
            let human = render(&report, &texts, HumanOptions { lang, color: false });
            rendered.push_str(&format!("## {what} ({lang:?})\n{human}\n"));
        }
    }
    if cfg!(feature = "docs") {
        insta::assert_snapshot!("parse_errors", rendered);
    }
}

#[test]
fn the_parsers_own_words_are_kept_for_tools() {
    let report = lint_str("paste.yaml", "a: [1, 2\n", &common::only("yaml-syntax"));
    let json: serde_json::Value =
        serde_json::from_str(&report.to_json_string(Lang::En, None, false)).expect("json");
    let finding = &json["findings"][0];
    assert_eq!(finding["rule"], "yaml-syntax");
    assert!(
        finding["detail"]
            .as_str()
            .is_some_and(|d| d.contains("while parsing")),
        "{finding}"
    );
    // The same with serde_json.
    assert_eq!(
        report.to_json(Lang::En)["findings"][0]["detail"],
        finding["detail"]
    );
}
