//! A rule marked `Scope::Object` judges each object alone: the Kubewarden
//! module, which sees one object per admission request, relies on it. For
//! every fixture and seed example, the object-scope findings of a bundle
//! (each document its own file) are exactly the findings of its documents
//! linted one by one. A rule that peeks at other objects breaks this.
//! (CustomResourceDefinitions are not objects judged against but schemas:
//! each document linted alone is given those of its bundle, as the command
//! line's `--crd` gives them.)

use std::collections::BTreeSet;

use std::path::Path;

use kubeshape_core::diagnostic::Role;
use kubeshape_core::rules::{all, Scope};
use kubeshape_core::{lint, lint_with, Input, Lang, Options, Settings};

fn object_rules_only() -> Settings {
    Settings {
        include: vec!["all".into()],
        exclude: all()
            .iter()
            .map(|r| r.meta())
            .filter(|m| m.scope == Scope::Objects)
            .map(|m| m.id.to_owned())
            .collect(),
        ..Settings::default()
    }
}

/// Splits a stream at its `---` lines (what the fixtures use).
fn documents(text: &str) -> Vec<String> {
    let mut docs = vec![String::new()];
    for line in text.split_inclusive('\n') {
        if line.trim_end() == "---" {
            docs.push(String::new());
        } else if let Some(last) = docs.last_mut() {
            last.push_str(line);
        }
    }
    docs.retain(|d| {
        d.lines()
            .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
    });
    docs
}

type Seen = BTreeSet<(usize, &'static str, u32, u32, String)>;

fn findings(inputs: &[Input<'_>], offset: usize, settings: &Settings) -> Seen {
    lint(inputs, settings)
        .findings
        .iter()
        .map(|f| {
            let start = f.span.start;
            (
                f.file + offset,
                f.rule,
                start.line,
                start.column,
                f.message.en.to_string(),
            )
        })
        .collect()
}

/// The `.yaml` files of `dir`, in name order.
fn yaml_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("fixture directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths
}

fn check_dir(dir: &Path) -> usize {
    let settings = object_rules_only();
    let mut checked = 0;
    for path in yaml_files(dir) {
        let text = std::fs::read_to_string(&path).expect("fixture text");
        let docs = documents(&text);
        if docs.len() < 2 {
            continue;
        }
        let names: Vec<String> = (0..docs.len()).map(|i| format!("doc{i}.yaml")).collect();
        let inputs: Vec<Input<'_>> = docs
            .iter()
            .zip(&names)
            .map(|(d, n)| Input::new(n, d))
            .collect();
        let together = findings(&inputs, 0, &settings);
        let schemas: Vec<Input<'_>> = inputs
            .iter()
            .filter(|i| i.text.contains("kind: CustomResourceDefinition"))
            .map(|i| i.with_role(Role::Crds))
            .collect();
        let alone: Seen = inputs
            .iter()
            .enumerate()
            .flat_map(|(i, input)| {
                let mut with = vec![*input];
                with.extend_from_slice(&schemas);
                findings(&with, i, &settings)
            })
            .collect();
        assert_eq!(
            together,
            alone,
            "{}: an object-scope rule depends on other objects",
            path.display()
        );
        checked += 1;
    }
    checked
}

#[test]
fn object_scope_rules_judge_each_object_alone() {
    let root = manifest_dir();
    let fixtures = check_dir(&root.join("tests/fixtures"));
    let seeds = check_dir(&root.join("../../examples/seeds"));
    // The check means something only if it saw bundles.
    assert!(fixtures >= 10, "only {fixtures} multi-document fixtures");
    assert!(seeds >= 5, "only {seeds} multi-document seed examples");
}

/// `Options::alone` (the Kubewarden module's way of leaving out the rules
/// that need other objects) gives, for every fixture and seed example, the
/// report that excluding those rules by name gives; and it leaves
/// something out.
#[test]
fn alone_leaves_out_exactly_the_cross_object_rules() {
    let root = manifest_dir();
    let everything = Settings {
        include: vec!["all".into()],
        ..Settings::default()
    };
    let by_name = object_rules_only();
    let mut left_out = 0;
    for dir in ["tests/fixtures", "../../examples/seeds"] {
        for path in yaml_files(&root.join(dir)) {
            let text = std::fs::read_to_string(&path).expect("fixture text");
            let input = [Input::new("input.yaml", &text)];
            let alone = Options {
                alone: true,
                ..Options::default()
            };
            let report =
                lint_with(&input, &everything, alone).to_json_string(Lang::En, None, false);
            let excluded = lint_with(&input, &by_name, Options::default()).to_json_string(
                Lang::En,
                None,
                false,
            );
            assert!(report == excluded, "{}", path.display());
            left_out += lint(&input, &everything).findings.len()
                - lint_with(&input, &everything, alone).findings.len();
        }
    }
    assert!(left_out > 0, "no fixture has a cross-object finding");
}

#[test]
fn cross_object_rules_are_marked() {
    let objects: Vec<&str> = all()
        .iter()
        .map(|r| r.meta())
        .filter(|m| m.scope == Scope::Objects)
        .map(|m| m.id)
        .collect();
    for id in [
        "service-selects-nothing",
        "secret-not-found",
        "single-replica",
        "hpa-target-not-found",
    ] {
        assert!(objects.contains(&id), "{id} needs other objects");
    }
    for id in [
        "privileged-container",
        "latest-tag",
        "hpa-min-exceeds-max",
        "secret-invalid-base64",
    ] {
        assert!(!objects.contains(&id), "{id} judges one object");
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
