//! The parser: positions, duplicate keys, limits, merge keys.

use super::*;

/// Found by the property tests: the parser puts these errors past the
/// end of the text; findings must stay where an editor can show them.
#[test]
fn positions_stay_inside_the_text() {
    for (text, line, column) in [("%!", 1, 3), ("\"", 1, 1), ("a: [b\r\n", 2, 1)] {
        let parsed = parse(text, &Limits::default());
        let at = parsed.issues[0].span.start;
        assert_eq!((at.line, at.column), (line, column), "{text:?}");
    }
    let root = parse("kind: Pod\nspec:\n  a: 1", &Limits::default()).documents[0]
        .root
        .clone()
        .unwrap();
    assert_eq!(root.span.end.line, 3);
}

/// Every node's start and end, and every issue's place, is a place in
/// its text an editor can show (a line of the text, a column up to one
/// past its end): in the fixtures and the corpus, with and without a
/// last line end, with `\r\n`, after a line in another alphabet, and
/// cut short anywhere in their last lines.
#[test]
fn every_position_is_a_place_in_the_text() {
    fn walk(node: &Node, out: &mut Vec<Pos>) {
        out.extend([node.span.start, node.span.end]);
        match &node.value {
            NodeValue::Scalar { .. } | NodeValue::Decoded { .. } => {}
            NodeValue::Seq(items) => items.iter().for_each(|n| walk(n, out)),
            NodeValue::Map(entries) => entries.iter().for_each(|e| {
                walk(&e.key, out);
                walk(&e.value, out);
            }),
        }
    }
    let files = crate::test_files(&["tests/fixtures", "../../tests/corpus/kubernetes-examples"]);
    assert!(files.len() > 100);
    let mut checked = 0;
    for (name, text) in &files {
        let trimmed = text.trim_end();
        let mut variants = vec![
            text.clone(),
            trimmed.to_owned(),
            text.replace('\n', "\r\n"),
            format!("# 中文注释\n{trimmed}"),
            format!("\u{feff}{text}"),
        ];
        for cut in 1..8 {
            if let Some(cut) = trimmed.char_indices().rev().nth(cut) {
                variants.push(trimmed[..cut.0].to_owned());
            }
        }
        for text in variants {
            let lengths = line_lengths(text.strip_prefix('\u{feff}').unwrap_or(&text));
            let parsed = parse(&text, &Limits::default());
            let mut positions: Vec<Pos> = parsed.issues.iter().map(|i| i.span.start).collect();
            for doc in &parsed.documents {
                if let Some(root) = &doc.root {
                    walk(root, &mut positions);
                }
            }
            for at in positions {
                let len = (at.line as usize)
                    .checked_sub(1)
                    .and_then(|l| lengths.get(l));
                assert!(
                    len.is_some_and(|&len| (1..=len + 1).contains(&at.column)),
                    "{name}: {at:?} in {text:?}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100_000, "{checked}");
}

fn parse_ok(text: &str) -> Parsed<'_> {
    parse(text, &Limits::default())
}

#[test]
fn positions_are_file_lines_across_documents() {
    let parsed = parse_ok("# lead\na: 1\n---\nb:\n  c: x\n...\n---\n\n---\nd: [1, 2]\n");
    assert_eq!(parsed.documents.len(), 4);
    assert!(parsed.issues.is_empty());
    let c = parsed.documents[1]
        .root
        .as_ref()
        .unwrap()
        .path(&["b", "c"])
        .unwrap();
    assert_eq!((c.span.start.line, c.span.start.column), (5, 6));
    assert!(parsed.documents[2].root.is_none());
    let d = parsed.documents[3].root.as_ref().unwrap().get("d").unwrap();
    assert_eq!(d.as_seq().unwrap()[1].span.start.column, 8);
}

#[test]
fn duplicate_keys_are_reported_and_last_wins() {
    let parsed = parse_ok("a: 1\nb: 2\na: 3\n");
    assert_eq!(parsed.issues.len(), 1);
    let issue = &parsed.issues[0];
    assert_eq!(issue.kind, IssueKind::DuplicateKey);
    assert_eq!(issue.duplicate, Some(("a".to_owned(), 1)));
    assert_eq!((issue.span.start.line, issue.span.start.column), (3, 1));
    let root = parsed.documents[0].root.as_ref().unwrap();
    assert_eq!(root.get("a").unwrap().as_i64(), Some(3));
    assert_eq!(root.get("b").unwrap().as_i64(), Some(2));
}

#[test]
fn syntax_error_keeps_earlier_documents() {
    let parsed = parse_ok("a: 1\n---\nb: \"open\n");
    assert_eq!(parsed.documents.len(), 1);
    assert_eq!(parsed.issues[0].kind, IssueKind::Syntax);
}

#[test]
fn billion_laughs_stops_at_node_budget() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    let parsed = parse_ok(&text);
    assert!(parsed.issues.iter().any(|i| i.kind == IssueKind::Limit));
    assert!(parsed.documents[0].root.is_none());
}

#[test]
fn deep_nesting_stops_at_depth_limit() {
    let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let parsed = parse_ok(&text);
    assert!(parsed.issues.iter().any(|i| i.kind == IssueKind::Limit));
    let block: String = (0..300)
        .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
        .collect();
    let parsed = parse_ok(&block);
    let issue = parsed
        .issues
        .iter()
        .find(|i| i.kind == IssueKind::Limit)
        .unwrap();
    assert!(issue.detail.contains("deeper than 100"));
}

#[test]
fn merge_keys_fill_missing_entries_only() {
    let parsed = parse_ok("base: &b {x: 1, y: 2}\nobj:\n  <<: *b\n  y: 3\n");
    let obj = parsed.documents[0]
        .root
        .as_ref()
        .unwrap()
        .get("obj")
        .unwrap();
    assert_eq!(obj.get("x").unwrap().as_i64(), Some(1));
    assert_eq!(obj.get("y").unwrap().as_i64(), Some(3));
    assert!(obj.get("<<").is_none());
}

#[test]
fn oversized_input_is_an_issue() {
    let limits = Limits {
        max_input_bytes: 4,
        ..Limits::default()
    };
    let parsed = parse("a: 12345\n", &limits);
    assert_eq!(parsed.issues[0].kind, IssueKind::Limit);
}

#[test]
fn ascii_line_lengths_follow_from_the_line_starts() {
    for text in [
        "",
        "a",
        "\n",
        "ab\n",
        "ab\n\ncd",
        "a: 1\nb:\n  - c\n\n",
        "\n\n\nx",
    ] {
        let starts = crate::text::line_starts(text);
        let lengths = Lengths::Ascii {
            starts: &starts,
            len: text.len(),
        };
        let counted = line_lengths(text);
        assert_eq!(lengths.lines(), counted.len(), "{text:?}");
        for (line, &want) in counted.iter().enumerate() {
            assert_eq!(lengths.get(line), Some(want), "{text:?} line {line}");
        }
        assert_eq!(lengths.get(counted.len()), None);
    }
}

#[test]
fn line_lengths_count_characters_per_line() {
    assert_eq!(line_lengths(""), vec![0]);
    assert_eq!(line_lengths("ab"), vec![2]);
    assert_eq!(line_lengths("ab\n"), vec![2, 0]);
    assert_eq!(line_lengths("ab\n\n容器 x\n"), vec![2, 0, 4, 0]);
    // `\r\n` and a lone `\r` end lines too.
    assert_eq!(line_lengths("ab\r\n容器\rx\n"), vec![2, 2, 1, 0]);
}

#[test]
fn bom_and_crlf_keep_columns() {
    let parsed = parse_ok("\u{feff}a:\r\n  b: 1\r\n");
    let b = parsed.documents[0]
        .root
        .as_ref()
        .unwrap()
        .path(&["a", "b"])
        .unwrap();
    assert_eq!((b.span.start.line, b.span.start.column), (2, 6));
}
