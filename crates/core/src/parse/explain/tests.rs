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
        ("a: [b, - c]\n", DashInFlow, (1, 8)),
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

/// Every message saphyr-parser 0.3.3 can give is sorted into a mistake
/// (what is left to `Other` says nothing a learner could act on).
#[test]
fn every_parser_message_has_a_cause() {
    const MESSAGES: &[&str] = &[
        "\"-\" is only valid inside a block",
        "'-' must be followed by a valid YAML whitespace",
        "':' may not precede any of `[{` in flow mapping",
        "':' must be followed by a valid YAML whitespace",
        "a block scalar content cannot start with a tab",
        "a byte order mark must not appear inside a document",
        "block sequence entries are not allowed in this context",
        "comment intercepting the multiline text",
        "did not find expected <document start>",
        "did not find expected <document-start>",
        "did not find expected next token",
        "duplicate version directive",
        "expected whitespace",
        "found unprintable character",
        "illegal placement of ':' indicator",
        "invalid content after document end marker",
        "invalid global tag character",
        "invalid indentation",
        "invalid indentation for anchor",
        "invalid indentation in flow construct",
        "invalid indentation in quoted scalar",
        "invalid trailing content after double-quoted scalar",
        "mapping keys are not allowed in this context",
        "mapping values are not allowed in this context",
        "misplaced bracket",
        "missing explicit document end marker before directive",
        "plain scalar cannot start with '-' followed by ,[]{}",
        "simple key expect ':'",
        "simple key expected",
        "tab cannot be used as indentation",
        "tabs disallowed in this context",
        "tabs disallowed within this context (block indentation)",
        "the TAG directive must only be given at most once per handle in the same document",
        "the handle wasn't declared",
        "unexpected end of plain scalar",
        "unexpected eof",
        "while parsing a block collection, did not find expected '-' indicator",
        "while parsing a block mapping, did not find expected key",
        "while parsing a flow mapping, did not find expected ',' or '}'",
        "while parsing a flow sequence, expected ',' or ']'",
        "while parsing a node, did not find expected node content",
        "while parsing a quoted scalar, did not find expected hexadecimal number",
        "while parsing a quoted scalar, found invalid Unicode character escape code",
        "while parsing a quoted scalar, found unknown escape character",
        "while parsing a tag directive, did not find expected '!'",
        "while parsing a tag, did not find expected tag URI",
        "while parsing a tag, found an incorrect leading UTF-8 byte",
        "while parsing a tag, found an incorrect trailing UTF-8 byte",
        "while parsing a tag, found an invalid UTF-8 codepoint",
        "while parsing a tag, found an invalid escape sequence",
        "while parsing node, found unknown anchor",
        "while scanning TAG, did not find expected whitespace or line break",
        "while scanning a YAML directive, did not find expected digit or '.' character",
        "while scanning a YAML directive, did not find expected version number",
        "while scanning a YAML directive, found extremely long version number",
        "while scanning a block scalar, did not find expected comment or line break",
        "while scanning a block scalar, found an indentation indicator equal to 0",
        "while scanning a directive, could not find expected directive name",
        "while scanning a directive, did not find expected comment or line break",
        "while scanning a directive, found unexpected non-alphabetical character",
        "while scanning a plain scalar, found a tab",
        "while scanning a quoted scalar, found unexpected document indicator",
        "while scanning a quoted scalar, found unexpected end of stream",
        "while scanning a tag, did not find expected '!'",
        "while scanning a tag, did not find expected whitespace or line break",
        "while scanning a verbatim tag, did not find the expected '>'",
        "while scanning an anchor or alias, did not find expected alphabetic or numeric character",
        "wrongly indented line in block scalar",
        "alias to an anchor that is not defined in this document (anchors do not carry across `---`)",
    ];
    // What the parser says when something it expected is simply not there:
    // the text around says more than any cause would.
    const LEFT: &[&str] = &[
        "did not find expected next token",
        "expected whitespace",
        "unexpected end of plain scalar",
        "plain scalar cannot start with '-' followed by ,[]{}",
        "mapping keys are not allowed in this context",
        "while scanning an anchor or alias, did not find expected alphabetic or numeric character",
    ];
    let text = "a: 1\nb: 2\n";
    let mut other = Vec::new();
    for &m in MESSAGES {
        let d = diagnose(text, Pos { line: 1, column: 1 }, m);
        if d.cause == Cause::Other && !LEFT.contains(&m) {
            other.push(m);
        }
    }
    assert!(other.is_empty(), "no cause for: {other:#?}");
}
