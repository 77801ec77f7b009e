//! Each kind of parse error, as the parser reports it on a real text, and
//! what `diagnose` makes of it.

use super::{diagnose, Cause, Diagnosis};
use crate::parse::{parse, Limits, Pos};

fn diagnosis(text: &str) -> Diagnosis {
    let parsed = parse(text, &Limits::default());
    let issue = parsed
        .issues
        .first()
        .unwrap_or_else(|| panic!("no issue in {text:?}"));
    diagnose(text, issue.span.start, &issue.detail)
}

#[test]
fn each_mistake_is_found_where_it_was_made() {
    use Cause::*;
    let cases: &[(&str, Cause, (u32, u32))] = &[
        ("a:\n\tb: 1\n", Tab, (2, 1)),
        ("a: 1\nb: \"hello\nc: 2\n", UnclosedQuote('"'), (2, 4)),
        ("a: 1\nb: 'hello\nc: 2\n", UnclosedQuote('\''), (2, 4)),
        ("a: 1\ncommand: echo hello: world\n", ColonInValue, (2, 20)),
        (
            "metadata:\n  name: web\n    labels: x\n",
            KeyUnderValue,
            (3, 5),
        ),
        (
            "spec:\n    replicas: 1\n  selector: x\n",
            Misaligned { here: 2, before: 4 },
            (3, 3),
        ),
        (
            "spec:\n  containers:\n  - name: a\n   - name: b\n",
            ListItemMisaligned { here: 3, before: 2 },
            (4, 4),
        ),
        ("a: b\n- c\n", ListItemInMapping, (2, 1)),
        ("a: 1\nb\nc: 2\n", KeyWithoutColon, (2, 1)),
        ("a: [1, 2\nb: 3\n", Unclosed('['), (1, 4)),
        ("a: {x: 1\nb: 3\n", Unclosed('{'), (1, 4)),
        ("a: [\n", Unclosed('['), (1, 4)),
        ("a: *nope\n", UnknownAnchor, (1, 4)),
        ("path: \"C:\\Users\\x\"\n", BadEscape, (1, 10)),
        ("a: \"x\"y\n", AfterQuote, (1, 7)),
        ("a: | text\n  more\n", BlockScalarHeader, (1, 4)),
        ("a: ]\n", StrayBracket, (1, 4)),
        ("a: {b:[c]}\n", ColonBeforeBracket, (1, 6)),
        ("a: 1\n... x\n", Directive, (2, 5)),
    ];
    for &(text, cause, (line, column)) in cases {
        assert_eq!(
            diagnosis(text),
            Diagnosis {
                cause,
                at: Pos { line, column }
            },
            "{text:?}"
        );
    }
}

#[test]
fn a_place_on_a_blank_line_moves_to_the_text_before_it() {
    // The parser stops past the last line; the reader must look at it.
    let d = diagnosis("a:\n  b: [1, 2\n\n\n");
    assert_eq!(d.cause, Cause::Unclosed('['));
    assert_eq!((d.at.line, d.at.column), (2, 6));
}
