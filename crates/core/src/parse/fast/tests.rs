//! The fast reader against saphyr-parser, event by event.

use saphyr_parser::Parser;

use super::*;

type Events = Vec<(String, Pos, Pos)>;

/// saphyr-parser's events, or `None` where it finds an error.
fn reference(text: &str) -> Option<Events> {
    let mut events = Vec::new();
    for item in Parser::new_from_str(text) {
        let (event, span) = item.ok()?;
        events.push((
            format!("{event:?}"),
            super::super::pos(span.start),
            super::super::pos(span.end),
        ));
    }
    Some(events)
}

fn fast(text: &str) -> Option<Events> {
    let mut events = Vec::new();
    read(text, &mut |event, start, end| {
        events.push((format!("{event:?}"), start, end));
    })
    .ok()?;
    Some(events)
}

/// Whether the fast reader read `text`; panics where it reads it
/// otherwise than saphyr-parser.
fn agrees(name: &str, text: &str) -> bool {
    let Some(fast) = fast(text) else {
        return false;
    };
    let Some(reference) = reference(text) else {
        panic!("{name}: saphyr-parser finds an error the fast reader missed\n{text}");
    };
    for (i, (f, r)) in fast.iter().zip(&reference).enumerate() {
        assert_eq!(
            f,
            r,
            "{name}: event {i} differs (fast, saphyr)\n{text}\nbefore: {:?}",
            &reference[i.saturating_sub(3)..i]
        );
    }
    assert_eq!(fast.len(), reference.len(), "{name}: event count\n{text}");
    true
}

/// Texts in the subset: read, and read as saphyr-parser reads them.
#[test]
fn reads_the_block_subset_as_saphyr_does() {
    let cases = [
        "",
        "# only a comment\n",
        "a: 1\n",
        "a: 1",
        "a: 1\n   ",
        "a:\n  b:\n    c: d\n  ",
        "a:\n  b: c",
        "kind: Pod\nspec:\n  a: 1",
        "a: b # c\nd: \"x\\ty\" \ne: 'it''s'\nf: x:y\ng: a b  c\nh: -1\n",
        "a: 1\nb:\n  c: x\n  d:\n  - e\n  - f: g\n    h: \"i\"\n# c\nk: |\n  lit\n  two\n\nz: [a, \"b\"]\n",
        "---\n# x\napiVersion: v1\nitems:\n- a\n- b: \n  c:\n-\n- - x\n  - y\nlast:\n---\n---\nz: {a: b, c: [1]}\n",
        "- e\n-   f\n",
        "a:\n- e\n",
        "a:\n    - e\n",
        "a:\n    - e\n    -\n    - # c\n      f\nb: 2\n",
        "- a: 1\n  b:\n  - x\n  c: 2\n- d\n",
        "a: |\n  one\n\n  two\n   three\n\n\nb: >\n  f1\n  f2\n\n  f3\n    more\n  f4\nc: |-\n  s\n\nd: >-\n  x\n  y\ne: |+\n  k\n\n\nf: 1\n",
        "a: |\nb: 1\n",
        "a: |\n  x",
        "a: |-\n  x",
        "a: |+\n",
        "a: >\n\n  x\n",
        "- |\n  x\n- >\n  y\n",
        "a: \"\\u00e9\\x41\\\"\\\\\\n\"\nb: ''\nc: \"\"\n",
        "a: [ ]\nb: {}\nc: [a, ]\nd: {\"k\":\"v\", 'l': m}\ne: [[1, 2], {x: y}]\n",
        "\"quoted key\": 1\n'single': 2\n\"spaced\" : 3\n",
        "a: \"v\"  # comment\nb: 'w' \n",
        "a: b#c\nd: e # f\n",
        "a:\n\n  # c\n\n  b: 1\n",
        "  a: 1\n  b: 2\n",
        "- [a, b]\n- {c: d}\n",
        "[a, b]\n",
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"x\",\"labels\":{}},\"spec\":{\"containers\":[{\"name\":\"a\",\"ports\":[{\"containerPort\":80}]}]},\"n\":null,\"t\":true,\"f\":-1.5e3,\"s\":\"\\u003c\\/x\"}",
        "{\n  \"a\": [\n    1,\n    \"b\" ,\n    {}\n  ],\n  \"c\": {\"d\": null}  # c\n}\n",
        "a: [b, # c\n    c,\n    d]\n",
        "- {a: 1,\n   b: 2}\n",
        "scalar\n",
        "\"quoted\"\n",
        "---\n",
        "---\na: 1\n---\n",
        "a: 1\n---\nb: 2\n",
        "--- # c\na: 1\n",
        "a: --x\nb: -1\n",
        "# 典型错误配置示例\napiVersion: v1 # 错误：强制\nkind: Pod\nmetadata:\n  name: 中文\n  labels: {app: é, 'ü': \"ß\"}\n",
        "a: é\nb: |\n  多行\n  文本 →\nc: >\n  折叠\n  文本\n\"键\": 值\n",
        "- 一\n- - 二: 三\n  - [四, 五]\n",
        "a: 中文",
        "a:\n  b: 值 ",
        "a: |\n  末尾",
        "{\"名\": \"值\", \"n\": [1, \"\\u00e9\"]}\n",
    ];
    for text in cases {
        assert!(agrees(text, text), "gave up on {text:?}");
        // And with Windows line ends.
        let crlf = text.replace('\n', "\r\n");
        assert!(agrees(&crlf, &crlf), "gave up on {crlf:?}");
    }
}

/// No control character but `\n` (and `\r` before it), and no byte
/// order mark, at every place in a chunk; other characters are welcome.
#[test]
fn eligible_texts_are_printable_ascii_lines() {
    let base = "a: b\n".repeat(20);
    assert_eq!(scan(&base), Some(true));
    assert_eq!(
        scan(&format!("{base}# 错误：强制使用本地镜像 §2.2 →\n")),
        Some(false)
    );
    assert_eq!(scan(&base.replace('\n', "\r\n")), Some(true));
    assert_eq!(scan("a: 1\r"), None);
    for at in 0..base.len() {
        for bad in ["\t", "\rx", "\u{0}", "\u{7f}", "\u{feff}", "\u{1f}"] {
            let mut text = base.clone();
            text.insert_str(at, bad);
            assert_eq!(scan(&text), None, "{text:?}");
        }
        let mut text = base.clone();
        text.insert(at, 'é');
        assert_eq!(scan(&text), Some(false), "{text:?}");
    }
}

/// Texts outside the subset: the fast reader gives up (and
/// saphyr-parser reads them, or words their error).
#[test]
fn gives_up_outside_the_subset() {
    let cases = [
        "a:\tb\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "%YAML 1.2\n---\na: 1\n",
        "a: 1\n...\n",
        "? a\n: b\n",
        "a: b\n  c\n",
        "a: \"b\n  c\"\n",
        "a: [b,\n c]\n",
        "a: [b\n  c]\n",
        "a: {b:\n  c}\n",
        "[\n---\n]\n",
        "a: |2\n   x\n",
        "a: b: c\n",
        "a: 1\n b: 2\n",
        "a:\n    b: 1\n  c: 2\n",
        "- a\nb: 1\n",
        "a: 1\n- b\n",
        "a: 'x' y\n",
        "a: \"x\"#c\n",
        "a: [b]: c\n",
        "a: 1\nb\n",
        "a: -\n",
        "a: \"\\q\"\n",
        "{a: 1}\nb\n",
        "a: {b: c, }\n",
        "a: {b: c -}\n",
        "|\n  root\n",
    ];
    for text in cases {
        assert!(!agrees(text, text), "read {text:?}");
    }
}

/// The manifests in the repository, and the Kubewarden tests'
/// AdmissionRequests (JSON, as the policy reads them).
fn repository_texts() -> Vec<(String, String)> {
    let mut texts = crate::test_files(&[
        "tests/fixtures",
        "tests/fixes",
        "../../examples/seeds",
        "../../tests/corpus/kubernetes-examples",
    ]);
    let requests = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../policies/kubewarden/test_data"
    );
    let mut json: Vec<_> = std::fs::read_dir(requests)
        .unwrap_or_else(|e| panic!("{requests}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    json.sort();
    assert!(json.len() > 20, "{} requests", json.len());
    for path in json {
        let text = std::fs::read_to_string(&path).unwrap();
        texts.push((path.display().to_string(), text));
    }
    texts
}

/// Every manifest in the repository: read as saphyr-parser reads it,
/// and nearly all of the real-world ones read at all (the point of the
/// fast reader).
#[test]
fn reads_the_repository_as_saphyr_does() {
    let texts = repository_texts();
    let (mut corpus, mut corpus_read, mut read_count) = (0, 0, 0);
    for (name, text) in &texts {
        let read = agrees(name, text);
        read_count += usize::from(read);
        if name.ends_with(".json") {
            assert!(read, "gave up on {name}");
        }
        if name.contains("kubernetes-examples") {
            corpus += 1;
            corpus_read += usize::from(read);
        }
    }
    assert!(corpus > 200, "{corpus} corpus files");
    assert!(
        corpus_read * 100 >= corpus * 95,
        "the fast reader read {corpus_read} of {corpus} corpus files"
    );
    assert!(
        read_count * 10 >= texts.len() * 8,
        "{read_count} of {}",
        texts.len()
    );
}

/// Mutated copies of the repository's manifests (a byte deleted, one
/// of YAML's significant characters inserted, a line's indentation
/// changed): wherever the fast reader reads one, it reads it as
/// saphyr-parser does.
#[test]
fn reads_mutated_manifests_as_saphyr_does() {
    const INSERTS: &[&str] = &[
        " ",
        "\n",
        ":",
        ": ",
        "-",
        "- ",
        "#",
        " #",
        "\"",
        "'",
        "[",
        "]",
        "{",
        "}",
        ",",
        "|",
        ">",
        "|-",
        ">+",
        "a",
        "0",
        "---\n",
        "  ",
        "\n\n",
        "\\",
        "\n  ",
        "- a: b\n",
        "|\n",
        "\"a\": ",
        "{a: b}",
        "[a]",
        "# c\n",
        "x: |\n  y\n",
        "\n- ",
        "''",
        " -}",
        " -,",
        " - ",
        "中",
        " é",
        "→ ",
        "值: 中\n",
    ];
    let mut state = 0x2545_f491_u64;
    let mut random = |below: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % below as u64) as usize
    };
    // `KUBESHAPE_MUTATIONS=N` tries N per file (40 by default) for a
    // longer search.
    let per_file = std::env::var("KUBESHAPE_MUTATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(40);
    let (mut tried, mut read) = (0, 0);
    for (name, text) in repository_texts() {
        if text.is_empty() {
            continue;
        }
        for _ in 0..per_file {
            // A quarter of the copies with Windows line ends.
            let mut copy = if random(4) == 0 {
                text.replace('\n', "\r\n")
            } else {
                text.clone()
            };
            let mut at = 0;
            // One to three changes.
            for _ in 0..1 + random(3) {
                at = random(copy.len().max(1));
                if !copy.is_char_boundary(at) {
                    continue;
                }
                match random(3) {
                    0 => {
                        let end = (at + 1..=copy.len())
                            .find(|&e| copy.is_char_boundary(e))
                            .unwrap_or(copy.len());
                        copy.replace_range(at..end, "");
                    }
                    1 => copy.insert_str(at, INSERTS[random(INSERTS.len())]),
                    _ => {
                        let start = copy[..at].rfind('\n').map_or(0, |n| n + 1);
                        if random(2) == 0 {
                            copy.insert(start, ' ');
                        } else if copy[start..].starts_with(' ') {
                            copy.remove(start);
                        }
                    }
                }
            }
            tried += 1;
            read += usize::from(agrees(&format!("{name} (mutated, last at {at})"), &copy));
        }
    }
    eprintln!("the fast reader read {read} of {tried} mutated manifests");
    // Most mutations leave a text the fast reader still reads.
    assert!(read * 5 > tried, "read {read} of {tried}");
}
