//! The hand-written JSON report against serde_json's.

use super::quote;

/// The keys from a table are the bytes `Writer::key` writes: the same
/// report either way, pretty and compact, over every fixture and seed.
#[test]
fn keyed_reports_are_the_same_bytes() {
    let texts = crate::test_files(&["tests/fixtures", "tests/fixes", "../../examples/seeds"]);
    let inputs: Vec<crate::Input<'_>> = texts
        .iter()
        .map(|(name, text)| crate::Input::new(name, text))
        .collect();
    let report = crate::lint(&inputs, &crate::Settings::default());
    // (Fixes, with their escaped edit texts, where they are built in.)
    assert!(!cfg!(feature = "fixes") || report.findings.iter().any(|f| f.fix.is_some()));
    for pretty in [true, false] {
        for lang in [crate::Lang::En, crate::Lang::Zh] {
            let plain = super::write_with(&report, lang, Some(true), pretty, None, false);
            let keyed = super::write_with(&report, lang, Some(true), pretty, None, true);
            assert!(plain == keyed, "pretty: {pretty}");
        }
    }
}

/// A fix edit's text kept escaped is written as `string` writes it:
/// the first time, from the table, and after the table starts again.
#[test]
#[cfg(feature = "fast-json")]
fn kept_edit_texts_are_written_as_strings() {
    let texts: Vec<String> = (0..super::writer::EDIT_TEXTS + 10)
        .map(|i| format!("  securityContext:\n    a: \"{i}\"\t\n"))
        .collect();
    let mut kept = super::Writer::new(true, 0);
    let mut plain = super::Writer::new(true, 0);
    for round in 0..3 {
        for (i, text) in texts.iter().enumerate() {
            // Every text again and again, and some twice in a row.
            for _ in 0..1 + (i + round) % 2 {
                kept.edit_text(text);
                plain.string(text);
            }
        }
    }
    assert!(kept.out == plain.out);
    assert!(kept.edits.len() <= super::writer::EDIT_TEXTS);
}

/// Every escape at every offset of the sixteen- and eight-byte
/// skipping (two blocks of sixteen and the rest), next to multi-byte
/// characters: the same text serde_json writes.
#[test]
fn strings_are_escaped_as_serde_json_escapes_them() {
    let specials = [
        "\"", "\\", "\n", "\r", "\t", "\u{8}", "\u{c}", "\u{0}", "\u{1f}", "\u{7f}", "é", "容器",
        "!", "~",
    ];
    for len in 0..44 {
        for at in 0..=len {
            for s in specials {
                let text = format!("{}{s}{}", "a".repeat(at), "b".repeat(len - at));
                let want = serde_json::to_string(&text).expect("serialise");
                assert_eq!(quote(&text), want, "{text:?}");
            }
        }
    }
    let all: String = (0u32..0x300).filter_map(char::from_u32).collect();
    assert_eq!(quote(&all), serde_json::to_string(&all).expect("serialise"));
}
