//! Properties that hold for any input (proptest): lint returns; every
//! finding lies inside the text; the output is sorted and the same on every
//! run; excluding a rule removes exactly its findings; the fast YAML reader
//! parses as saphyr-parser does.
//!
//! Inputs are YAML-shaped on purpose — random bytes stop at the first syntax
//! error — built from Kubernetes fragments at random indentation, and the
//! fixtures and seed examples with lines deleted, repeated and re-indented.

use std::sync::OnceLock;

use kubeshape_core::{lint_str, Report, Settings};
use proptest::prelude::*;

const FRAGMENTS: &[&str] = &[
    "apiVersion: apps/v1",
    "apiVersion: v1",
    "kind: Deployment",
    "kind: Pod",
    "kind: Service",
    "kind: List",
    "items:",
    "metadata:",
    "name: web",
    "namespace: prod",
    "labels: {app: web}",
    "app: web",
    "spec:",
    "replicas: 3",
    "replicas: \"3\"",
    "selector:",
    "matchLabels:",
    "template:",
    "containers:",
    "initContainers:",
    "- name: app",
    "- name: app",
    "image: nginx:latest",
    "image: nginx",
    "imagePullPolicy: Never",
    "resources:",
    "limits:",
    "requests:",
    "memory: 128Mi",
    "memory: 256m",
    "cpu: 500",
    "cpu: 100m",
    "livenessProbe:",
    "readinessProbe:",
    "httpGet: {path: /live, port: 8080}",
    "initialDelaySeconds: 3",
    "ports:",
    "- containerPort: 8080",
    "securityContext:",
    "runAsNonRoot: true",
    "privileged: true",
    "env:",
    "- name: GOMEMLIMIT",
    "value: 100MiB",
    "strategy:",
    "type: RollingUpdate",
    "maxUnavailable: 100%",
    "---",
    "...",
    "&anchor {a: 1}",
    "*anchor",
    "<<: *anchor",
    "? [a, b]",
    ": value",
    "!!binary aGVsbG8=",
    "!custom tag",
    "x: 1e400",
    "y: 0x1F",
    "z: .nan",
    "中文: 值",
    "key: \"unterminated",
    "{a: [b, {c: d}]}",
    "- - - nested",
    "annotations: {kubeshape.io/ignore: all}",
    "\t tab",
    "# comment",
    "",
    "'quoted': 'x'",
    "|",
    "  block scalar",
    "key: value # trailing",
    "kubeshape.io/ignore: latest-tag",
    "\u{0}",
    "\u{feff}bom: x",
    "a: b: c",
];

fn fragment_line() -> impl Strategy<Value = String> {
    (0usize..10, prop::sample::select(FRAGMENTS), any::<bool>()).prop_map(|(indent, frag, crlf)| {
        format!(
            "{}{frag}{}",
            " ".repeat(indent),
            if crlf { "\r" } else { "" }
        )
    })
}

fn corpus() -> &'static Vec<String> {
    static FILES: OnceLock<Vec<String>> = OnceLock::new();
    FILES.get_or_init(|| {
        let root = manifest_dir();
        let mut texts = Vec::new();
        for dir in [
            root.join("tests/fixtures"),
            root.join("../../examples/seeds"),
        ] {
            let mut paths: Vec<_> = std::fs::read_dir(&dir)
                .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
                .collect();
            paths.sort();
            texts.extend(paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()));
        }
        texts
    })
}

#[derive(Debug, Clone)]
enum Edit {
    Delete(usize),
    Repeat(usize),
    Indent(usize, usize),
    Dedent(usize),
    Insert(usize, String),
}

fn edited_fixture() -> impl Strategy<Value = String> {
    let edit = prop_oneof![
        any::<usize>().prop_map(Edit::Delete),
        any::<usize>().prop_map(Edit::Repeat),
        (any::<usize>(), 1usize..4).prop_map(|(i, n)| Edit::Indent(i, n)),
        any::<usize>().prop_map(Edit::Dedent),
        (any::<usize>(), fragment_line()).prop_map(|(i, l)| Edit::Insert(i, l)),
    ];
    (any::<usize>(), prop::collection::vec(edit, 0..6)).prop_map(|(pick, edits)| {
        let files = corpus();
        let mut lines: Vec<String> = files[pick % files.len()]
            .lines()
            .map(str::to_owned)
            .collect();
        for e in edits {
            let n = lines.len().max(1);
            match e {
                Edit::Delete(i) if !lines.is_empty() => {
                    lines.remove(i % n);
                }
                Edit::Repeat(i) if !lines.is_empty() => {
                    let l = lines[i % n].clone();
                    lines.insert(i % n, l);
                }
                Edit::Indent(i, k) if !lines.is_empty() => {
                    lines[i % n] = format!("{}{}", " ".repeat(k), lines[i % n]);
                }
                Edit::Dedent(i) if !lines.is_empty() => {
                    lines[i % n] = lines[i % n].trim_start().to_owned();
                }
                Edit::Insert(i, l) => lines.insert(i % (lines.len() + 1), l),
                _ => {}
            }
        }
        lines.join("\n")
    })
}

fn input() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => edited_fixture(),
        3 => prop::collection::vec(fragment_line(), 0..40).prop_map(|l| l.join("\n")),
        1 => any::<String>(),
    ]
}

fn settings_all_rules() -> Settings {
    Settings {
        include: vec!["all".into()],
        ..Settings::default()
    }
}

/// Line lengths in characters, 1-based lines; the core counts `\r\n`, `\r`
/// and `\n` as line ends and ignores a leading byte-order mark.
fn line_lengths(text: &str) -> Vec<u32> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    normalized
        .split('\n')
        .map(|l| l.chars().count() as u32)
        .collect()
}

fn check_positions(text: &str, report: &Report) -> Result<(), TestCaseError> {
    let lengths = line_lengths(text);
    for f in &report.findings {
        for pos in [f.span.start, f.span.end] {
            prop_assert!(
                pos.line >= 1 && (pos.line as usize) <= lengths.len(),
                "{} at line {} of {}",
                f.rule,
                pos.line,
                lengths.len()
            );
            let len = lengths[pos.line as usize - 1];
            prop_assert!(
                pos.column >= 1 && pos.column <= len + 1,
                "{} at {}:{} (line has {len} characters)",
                f.rule,
                pos.line,
                pos.column
            );
        }
        prop_assert!(
            f.span.start <= f.span.end || f.span.start.line == f.span.end.line,
            "{} span runs backwards",
            f.rule
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn findings_lie_inside_the_input_and_are_sorted_and_stable(text in input()) {
        let settings = settings_all_rules();
        let report = lint_str("p.yaml", &text, &settings);
        check_positions(&text, &report)?;
        let keys: Vec<_> = report.findings.iter().map(|f| (f.file, f.span.start, f.rule)).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        prop_assert_eq!(&keys, &sorted, "findings are sorted by file, position, rule");
        let again = lint_str("p.yaml", &text, &settings);
        prop_assert_eq!(report.to_json(kubeshape_core::Lang::En), again.to_json(kubeshape_core::Lang::En));
    }

    /// The fast YAML reader (or saphyr-parser where it gives up) builds
    /// exactly what saphyr-parser alone builds: documents, nodes, spans and
    /// issues.
    #[test]
    fn the_fast_reader_parses_as_saphyr_parser_does(text in input()) {
        let limits = kubeshape_core::parse::Limits::default();
        let parsed = kubeshape_core::parse::parse(&text, &limits);
        let reference = kubeshape_core::parse::parse_with_saphyr(&text, &limits);
        prop_assert!(parsed == reference, "{:?}\n{:#?}\n{:#?}", text, parsed, reference);
    }

    #[test]
    fn excluding_a_rule_removes_exactly_its_findings(text in input(), pick in any::<usize>()) {
        let all = lint_str("p.yaml", &text, &settings_all_rules());
        let fired: Vec<&str> = all.findings.iter().map(|f| f.rule).collect();
        if fired.is_empty() {
            // Nothing to exclude (a rejection would count against proptest's
            // reject limit on long runs).
            return Ok(());
        }
        let rule = fired[pick % fired.len()];
        let mut settings = settings_all_rules();
        settings.exclude = vec![rule.to_owned()];
        let without = lint_str("p.yaml", &text, &settings);
        let expected: Vec<_> = all.findings.iter().filter(|f| f.rule != rule)
            .map(|f| (f.rule, f.span.start, f.message.en.to_string())).collect();
        let got: Vec<_> = without.findings.iter().map(|f| (f.rule, f.span.start, f.message.en.to_string())).collect();
        prop_assert_eq!(got, expected);
    }
}

/// 400 cases per property, or `PROPTEST_CASES` (an explicit `cases` in the
/// config would otherwise override proptest's own reading of it).
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(400)
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
