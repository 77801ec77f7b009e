//! Each look-alike character, pasted into a manifest: `lookalike-characters`
//! fires at its line and column, the parser and the schema rules do not
//! fire for the same cause, and the fix gives back the ASCII manifest,
//! which lints as the original does, in English and Chinese.

// Parse errors in plain words and look-alike characters are `learning`'s.
#![cfg(feature = "learning")]
#![cfg(feature = "fixes")]

use kubeshape_core::fix::{fix_str, Filter};
use kubeshape_core::{lint_str, Lang, Report};

mod common;

const ORIGINAL: &str = "apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27.2
    args: [a, b]
    env:
    - name: GREETING
      value: \"hello\"
";

/// (what, the line to change, what it becomes, where the finding must be)
const CASES: &[(&str, &str, &str, (u32, u32))] = &[
    (
        "non-breaking spaces",
        "  name: web",
        "\u{a0}\u{a0}name: web",
        (4, 1),
    ),
    (
        "ideographic spaces",
        "  name: web",
        "\u{3000}\u{3000}name: web",
        (4, 1),
    ),
    (
        "a full-width colon",
        "    image: nginx:1.27.2",
        "    image： nginx:1.27.2",
        (8, 10),
    ),
    (
        "a full-width colon with no space",
        "    image: nginx:1.27.2",
        "    image：nginx:1.27.2",
        (8, 10),
    ),
    (
        "a full-width comma",
        "    args: [a, b]",
        "    args: [a， b]",
        (9, 13),
    ),
    (
        "curly quotes",
        "      value: \"hello\"",
        "      value: “hello”",
        (12, 14),
    ),
    (
        "a zero-width space",
        "  name: web",
        "  na\u{200b}me: web",
        (4, 5),
    ),
    (
        "a bidi control",
        "    args: [a, b]",
        "    args: [a, \u{202e}b]",
        (9, 15),
    ),
    (
        "a full-width dash",
        "  - name: web",
        "  － name: web",
        (7, 3),
    ),
    ("a tab", "  name: web", "\tname: web", (4, 1)),
];

/// The findings of every rule but `lookalike-characters`: rule, place,
/// message and help (a fix's byte offsets differ where a character of two
/// or three bytes stood for one of one).
fn others(report: &Report, lang: Lang) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.rule != "lookalike-characters")
        .map(|f| {
            let (start, end) = (f.span.start, f.span.end);
            format!(
                "{} {}:{}-{}:{} {} | {}",
                f.rule,
                start.line,
                start.column,
                end.line,
                end.column,
                f.message.get(lang),
                f.help.get(lang)
            )
        })
        .collect()
}

#[test]
fn every_lookalike_is_found_where_it_is_and_fixed_back() {
    let settings = common::all();
    let original = lint_str("pod.yaml", ORIGINAL, &settings);
    for &(what, line, pasted, at) in CASES {
        assert!(ORIGINAL.contains(line), "{what}");
        let text = ORIGINAL.replacen(line, pasted, 1);
        let report = lint_str("pod.yaml", &text, &settings);
        let found: Vec<(u32, u32)> = report
            .findings
            .iter()
            .filter(|f| f.rule == "lookalike-characters")
            .map(|f| (f.span.start.line, f.span.start.column))
            .collect();
        assert_eq!(found, vec![at], "{what}");
        let caused: Vec<&str> = report
            .findings
            .iter()
            .map(|f| f.rule)
            .filter(|r| {
                matches!(
                    *r,
                    "yaml-syntax"
                        | "unknown-field"
                        | "wrong-type"
                        | "missing-required-field"
                        | "duplicate-key"
                        | "lost-indentation"
                )
            })
            .collect();
        assert!(caused.is_empty(), "{what}: {caused:?}");
        // The fix (a tab's is to review: how wide it was meant, the author
        // knows) gives back the original, which lints as the original.
        let filter = Filter {
            rules: vec!["lookalike-characters".to_owned()],
            ..Filter::default()
        };
        let fixed = fix_str("pod.yaml", &text, &settings, &filter);
        assert_eq!(fixed.text, ORIGINAL, "{what}");
        let safe = fix_str(
            "pod.yaml",
            &text,
            &settings,
            &Filter {
                safe_only: true,
                ..filter
            },
        );
        assert_eq!(safe.text == ORIGINAL, what != "a tab", "{what}");
        // Every other rule gives what it gives the original, at the same
        // places: the document was read as what it stands for. (A tab and
        // a colon with no space after it stop the parse; an invisible
        // character stays in what it is in.)
        if !matches!(
            what,
            "a tab" | "a full-width colon with no space" | "a zero-width space" | "a bidi control"
        ) {
            for lang in [Lang::En, Lang::Zh] {
                assert_eq!(others(&report, lang), others(&original, lang), "{what}");
            }
        }
    }
}
