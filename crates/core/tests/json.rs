//! The hand-written JSON report is byte for byte what serde_json prints for
//! `Report::to_json`, compact and pretty, in both languages, on every rule
//! fixture and seed example and on text full of characters JSON escapes; so
//! is the hand-written SARIF log for `sarif::to_sarif`.

use kubeshape_core::report::sarif::SarifStream;
use kubeshape_core::report::{Counts, JsonStream};
use kubeshape_core::{lint, lint_each, lint_str, Input, Lang, Options, Settings, Severity};

fn check(report: &kubeshape_core::Report, what: &str) {
    for lang in [Lang::En, Lang::Zh] {
        assert_eq!(
            kubeshape_core::report::sarif::to_sarif_string(report, lang),
            serde_json::to_string_pretty(&kubeshape_core::report::sarif::to_sarif(report, lang))
                .expect("json"),
            "{what} (SARIF)"
        );
        let value = report.to_json(lang);
        assert_eq!(
            report.to_json_string(lang, None, false),
            serde_json::to_string(&value).expect("json"),
            "{what} (compact)"
        );
        assert_eq!(
            report.to_json_string(lang, None, true),
            serde_json::to_string_pretty(&value).expect("json"),
            "{what} (pretty)"
        );
        let mut with_failed = value.clone();
        with_failed["failed"] = serde_json::Value::Bool(true);
        assert_eq!(
            report.to_json_string(lang, Some(true), false),
            serde_json::to_string(&with_failed).expect("json"),
            "{what} (failed)"
        );
    }
}

#[test]
fn matches_serde_json_on_every_fixture() {
    let root = manifest_dir();
    let settings = Settings {
        include: vec!["all".into()],
        ..Settings::default()
    };
    let mut seen = 0;
    for dir in ["tests/fixtures", "../../examples/seeds"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
            .expect("dir")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        paths.sort();
        for path in paths {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let name = path.display().to_string();
            check(&lint_str(&name, &text, &settings), &name);
            seen += 1;
        }
    }
    assert!(seen > 60, "{seen} files");
}

#[test]
fn escapes_like_serde_json() {
    let nasty = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"a\\\"b\\\\c\\u0001\\u001f\\u007f\\t\\b\\f\\r/é中\"\nspec:\n  containers:\n    - name: \"x\\ny\"\n      image: \"nginx:latest\\u0000\"\n";
    check(
        &lint_str("we\"ird\\name\u{1}.yaml", nasty, &Settings::default()),
        "escapes",
    );
    let empty = lint(&[], &Settings::default());
    check(&empty, "no input");
    let broken = lint(
        &[
            Input::new("a.yaml", "key: [unclosed"),
            Input::new("b.yaml", ""),
        ],
        &Settings::default(),
    );
    check(&broken, "syntax error");
}

/// The streamed report and log (what the CLI prints) are the same bytes as
/// the strings, on a report large enough to be written in many pieces.
#[test]
fn streamed_output_is_the_same_bytes() {
    let root = manifest_dir().join("../../examples/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(&root)
        .expect("seeds")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    paths.sort();
    let texts: Vec<(String, String)> = (0..40)
        .flat_map(|copy| {
            paths.iter().filter_map(move |p| {
                let text = std::fs::read_to_string(p).ok()?;
                Some((format!("{copy}/{}", p.display()), text))
            })
        })
        .collect();
    let inputs: Vec<Input<'_>> = texts
        .iter()
        .map(|(name, text)| Input::new(name, text))
        .collect();
    let report = lint(&inputs, &Settings::default());
    for lang in [Lang::En, Lang::Zh] {
        let whole = report.to_json_string(lang, None, true);
        assert!(
            whole.len() > 2_000_000,
            "{} bytes: too small to be streamed in pieces",
            whole.len()
        );
        let mut streamed = Vec::new();
        report
            .write_json(&mut streamed, lang, None, true)
            .expect("write");
        assert!(streamed == whole.as_bytes(), "JSON ({lang:?})");
        // Written as `lint_each` hands the findings over (the CLI's way),
        // a few files at a time, each batch after the one before.
        let mut streamed = Vec::new();
        let mut json = JsonStream::new(&mut streamed, lang, true);
        let (mut batches, mut last_file) = (0, 0);
        let head = lint_each(
            &inputs,
            &Settings::default(),
            Options::default(),
            &mut |r, batch| {
                let files = batch.iter().map(|f| f.file);
                // (A file's findings all come in one batch.)
                assert!(
                    batches == 0 || files.clone().min() > Some(last_file),
                    "batch {batches}"
                );
                last_file = files.max().expect("a batch has findings");
                batches += 1;
                json.findings(r, &batch);
            },
        );
        assert!(head.findings.is_empty());
        let counts = json.finish(&head).expect("write");
        // (Builds for small inputs, the element's, hand over one batch.)
        let large = cfg!(feature = "fast-yaml");
        assert!(batches > 10 || !large && batches == 1, "{batches} batches");
        assert_eq!(counts, Counts::of(&report.findings));
        assert_eq!(
            counts.at_least(Severity::Warning),
            report.count_at_least(Severity::Warning)
        );
        assert!(
            streamed == whole.as_bytes(),
            "JSON as the findings come ({lang:?})"
        );
        let whole = kubeshape_core::report::sarif::to_sarif_string(&report, lang);
        let mut streamed = Vec::new();
        kubeshape_core::report::sarif::write_sarif_to(&report, lang, &mut streamed).expect("write");
        assert!(streamed == whole.as_bytes(), "SARIF ({lang:?})");
        let mut streamed = Vec::new();
        let mut log = SarifStream::new(&mut streamed, lang);
        let head = lint_each(
            &inputs,
            &Settings::default(),
            Options::default(),
            &mut |r, batch| log.findings(r, &batch),
        );
        log.finish(&head).expect("write");
        assert!(
            streamed == whole.as_bytes(),
            "SARIF as the findings come ({lang:?})"
        );
    }
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
