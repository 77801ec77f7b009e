//! Fixes: `tests/fixes/<rule-id>.yaml` holds findings of one rule; applying
//! that rule's fixes gives the snapshot text, which no longer has those
//! findings, still parses, is no less schema-valid than before, keeps every
//! comment, and does not change when fixed again. (Builds without the
//! `fixes` feature, the element's and the Kubewarden module's, make none.)
#![cfg(feature = "fixes")]

use std::collections::BTreeSet;

use kubeshape_core::fix::{fix_str, Filter};
use kubeshape_core::rules::Fixable;
use kubeshape_core::{lint_str, lint_with, rules, Input, Lang, Options, Preset, Settings};

mod common;
use common::only;

/// Rules whose findings must never appear in a fixed text unless they were
/// in the original: the text parses and fits the schema.
const VALIDITY: &[&str] = &[
    "yaml-syntax",
    "duplicate-key",
    "unknown-field",
    "wrong-type",
    "missing-required-field",
    "invalid-quantity",
    "request-exceeds-limit",
];

fn validity(text: &str) -> BTreeSet<(String, String)> {
    let settings = Settings {
        preset: Preset::Strict,
        ..Settings::default()
    };
    lint_str("t.yaml", text, &settings)
        .findings
        .iter()
        .filter(|f| VALIDITY.contains(&f.rule))
        .map(|f| (f.rule.to_owned(), f.path.clone()))
        .collect()
}

fn fixtures() -> Vec<(String, String)> {
    let dir = manifest_dir().join("tests/fixes");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("tests/fixes")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            let id = p
                .file_stem()
                .expect("a file name")
                .to_string_lossy()
                .into_owned();
            (id, std::fs::read_to_string(&p).expect("a fixture"))
        })
        .collect();
    out.sort();
    out
}

/// A rule says it fixes exactly when it has a fix fixture, and what it says
/// about safety is what its fixes do.
#[test]
fn rules_that_say_they_fix_do() {
    let ids: Vec<String> = fixtures().into_iter().map(|(id, _)| id).collect();
    for rule in rules::all() {
        let m = rule.meta();
        let has = ids.iter().any(|f| f == m.id);
        assert_eq!(
            has,
            m.fixable != Fixable::No,
            "{}: fixable {:?}, fixture {has}",
            m.id,
            m.fixable
        );
    }
    for (id, text) in fixtures() {
        let fixable = rules::find(&id).expect("rule").meta().fixable;
        let fixes: Vec<bool> = lint_str("t.yaml", &text, &only(&id))
            .findings
            .iter()
            .filter_map(|f| f.fix.as_ref().map(|x| x.safe))
            .collect();
        match fixable {
            Fixable::Safe => assert!(fixes.iter().any(|&s| s), "{id}: says safe, no safe fix"),
            Fixable::Review => assert!(
                fixes.iter().all(|&s| !s),
                "{id}: says review, has a safe fix"
            ),
            Fixable::No => {}
        }
    }
}

#[test]
fn every_fix_gives_its_snapshot_and_removes_its_findings() {
    let mut failures = Vec::new();
    for (id, text) in fixtures() {
        assert!(
            rules::find(&id).is_some(),
            "tests/fixes/{id}.yaml: no such rule"
        );
        let settings = only(&id);
        let before = lint_str("t.yaml", &text, &settings).findings.len();
        let filter = Filter {
            rules: vec![id.clone()],
            ..Filter::default()
        };
        let fixed = fix_str("t.yaml", &text, &settings, &filter);
        insta::assert_snapshot!(format!("fix__{id}"), fixed.text);
        if fixed.applied.is_empty() {
            failures.push(format!("{id}: no fix applied ({before} findings)"));
        }
        let after = lint_str("t.yaml", &fixed.text, &settings);
        let left: Vec<String> = after
            .findings
            .iter()
            .filter(|f| f.fix.is_some())
            .map(|f| {
                format!(
                    "{}:{} {}",
                    f.span.start.line, f.span.start.column, f.message.en
                )
            })
            .collect();
        if !left.is_empty() {
            failures.push(format!(
                "{id}: fixable findings left after fixing: {left:?}"
            ));
        }
        let new_problems: Vec<_> = validity(&fixed.text)
            .difference(&validity(&text))
            .cloned()
            .collect();
        if !new_problems.is_empty() {
            failures.push(format!(
                "{id}: the fixed text has new problems: {new_problems:?}\n{}",
                fixed.text
            ));
        }
        // Comments survive, except on a line a fix deletes.
        let deleted = touched_lines(&text, &settings);
        for (n, line) in text.lines().enumerate() {
            let Some(at) = line.find('#') else { continue };
            let comment = &line[at..];
            if !deleted.contains(&(n as u32 + 1)) && !fixed.text.contains(comment) {
                failures.push(format!("{id}: lost the comment `{comment}`"));
            }
        }
        let again = fix_str("t.yaml", &fixed.text, &settings, &filter);
        if again.text != fixed.text {
            failures.push(format!("{id}: fixing twice changes the text again"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Lines the fixes did not touch stay byte for byte: the old text's lines
/// appear, in order, in the new one, except the lines an edit replaced.
#[test]
fn unrelated_lines_are_unchanged() {
    for (id, text) in fixtures() {
        let settings = only(&id);
        let touched = touched_lines(&text, &settings);
        let filter = Filter {
            rules: vec![id.clone()],
            ..Filter::default()
        };
        let fixed = fix_str("t.yaml", &text, &settings, &filter).text;
        let mut rest = fixed.lines();
        for (n, line) in text.lines().enumerate() {
            if touched.contains(&(n as u32 + 1)) {
                continue;
            }
            assert!(
                rest.any(|l| l == line),
                "{id}: line {} `{line}` changed or moved\n{fixed}",
                n + 1
            );
        }
    }
}

/// Lines the first round of fixes rewrites: replaced or deleted ranges, and
/// insertions inside a line (not at its start).
fn touched_lines(text: &str, settings: &Settings) -> BTreeSet<u32> {
    lint_str("t.yaml", text, settings)
        .findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .flat_map(|x| x.edits.iter())
        .filter(|e| e.start != e.end || e.from.1 != 1)
        .flat_map(|e| e.from.0..=e.to.0.max(e.from.0))
        .filter(|&line| line as usize <= text.lines().count())
        .collect()
}

#[test]
fn safe_only_leaves_fixes_that_need_a_decision() {
    let text =
        std::fs::read_to_string(manifest_dir().join("tests/fixes/missing-memory-limit.yaml"))
            .unwrap();
    let settings = only("missing-memory-limit");
    let filter = Filter {
        safe_only: true,
        ..Filter::default()
    };
    let fixed = fix_str("t.yaml", &text, &settings, &filter);
    assert_eq!(fixed.text, text);
    assert!(fixed.applied.is_empty());
    assert_eq!(fixed.remaining, 2);
}

/// Applying every safe fix to every seed example and every file of the
/// real-world corpus (`tests/corpus/`): idempotent, and never a new parse
/// or schema problem.
#[test]
fn all_safe_fixes_over_the_seeds_and_the_corpus() {
    let files = seeds_and_corpus();
    assert!(files.len() > 250, "{} files", files.len());
    let settings = Settings::default();
    let filter = Filter {
        safe_only: true,
        ..Filter::default()
    };
    let (mut changed, mut applied) = (0, 0);
    let mut failures = Vec::new();
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let name = path.display().to_string();
        let fixed = fix_str(&name, &text, &settings, &filter);
        if fixed.text == text {
            continue;
        }
        changed += 1;
        applied += fixed.applied.len();
        // A document re-indented by `lost-indentation` is checked against
        // the schema for the first time: what it lacks shows only now
        // (the seed's strategy fragment has no selector).
        let reindented = fixed.applied.iter().any(|a| a.rule == "lost-indentation");
        let new_problems: Vec<_> = validity(&fixed.text)
            .difference(&validity(&text))
            .filter(|(rule, _)| !(reindented && rule == "missing-required-field"))
            .cloned()
            .collect();
        if !new_problems.is_empty() {
            failures.push(format!("{name}: new problems {new_problems:?}"));
        }
        if fix_str(&name, &fixed.text, &settings, &filter).text != fixed.text {
            failures.push(format!("{name}: not idempotent"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(changed > 0 && applied > 0);
    println!("{changed} files changed, {applied} safe fixes applied");
}

/// Linting without fixes (what the playground does as the reader types)
/// gives the same findings, in the same order, only without their edits:
/// every fix fixture, seed example and corpus file, one by one and as one
/// input.
#[test]
fn findings_do_not_depend_on_asking_for_fixes_or_freeing() {
    let mut texts: Vec<(String, String)> = fixtures();
    for path in seeds_and_corpus() {
        if let Ok(text) = std::fs::read_to_string(&path) {
            texts.push((path.display().to_string(), text));
        }
    }
    let settings = Settings {
        preset: Preset::Strict,
        ..Settings::default()
    };
    let key = |f: &kubeshape_core::Finding| (f.rule, f.file, f.span, f.message.en.to_string());
    let mut with_fixes = 0;
    let check = |inputs: &[Input<'_>], with_fixes: &mut usize| {
        let lint = |fixes| {
            lint_with(
                inputs,
                &settings,
                Options {
                    fixes,
                    ..Options::default()
                },
            )
        };
        let (full, bare) = (lint(true), lint(false));
        let full_keys: Vec<_> = full.findings.iter().map(key).collect();
        let bare_keys: Vec<_> = bare.findings.iter().map(key).collect();
        assert_eq!(full_keys, bare_keys, "{}", inputs[0].name);
        assert!(bare.findings.iter().all(|f| f.fix.is_none()));
        *with_fixes += full.findings.iter().filter(|f| f.fix.is_some()).count();
    };
    for (name, text) in &texts {
        check(&[Input::new(name, text)], &mut with_fixes);
    }
    let all: Vec<Input<'_>> = texts
        .iter()
        .map(|(name, text)| Input::new(name, text))
        .collect();
    check(&all, &mut with_fixes);
    assert!(with_fixes > 100, "{with_fixes} findings with fixes");
    // Leaving the trees to the operating system (the CLI) changes nothing.
    let kept = lint_with(
        &all,
        &settings,
        Options {
            free: false,
            ..Options::default()
        },
    );
    let freed = lint_with(&all, &settings, Options::default());
    assert_eq!(
        kept.to_json_string(Lang::En, None, true),
        freed.to_json_string(Lang::En, None, true)
    );
}

/// The seed examples and the vendored real-world corpus, in name order.
fn seeds_and_corpus() -> Vec<std::path::PathBuf> {
    let root = manifest_dir().join("../..");
    let mut files = Vec::new();
    for dir in ["examples/seeds", "tests/corpus/kubernetes-examples"] {
        let mut entries: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .collect();
        entries.sort();
        files.extend(entries);
    }
    files
}

/// The package directory, from cargo at run time (see the other tests).
fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(
        || env!("CARGO_MANIFEST_DIR").into(),
        std::path::PathBuf::from,
    )
}

/// "Ignore this rule here" (the editors' quick fix): the annotation is
/// added, then extended; the finding is then suppressed, nothing else is.
#[test]
fn an_ignore_fix_silences_the_rule_for_its_object() {
    use kubeshape_core::fix::ignore_fix;
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n    image: nginx:latest\n";
    let settings = Settings::default();
    let report = kubeshape_core::lint(&[Input::new("p.yaml", text)], &settings);
    let latest = report
        .findings
        .iter()
        .find(|f| f.rule == "latest-tag")
        .expect("latest-tag");
    let fix = ignore_fix(text, latest).expect("a fix");
    let once = kubeshape_core::edit::apply(text, &fix.edits);
    assert!(
        once.contains("kubeshape.io/ignore: \"latest-tag\""),
        "{once}"
    );
    let after = kubeshape_core::lint(&[Input::new("p.yaml", &once)], &settings);
    let again = after
        .findings
        .iter()
        .find(|f| f.rule == "latest-tag")
        .expect("still reported");
    assert!(again.suppressed);
    assert_eq!(
        report.findings.iter().filter(|f| !f.suppressed).count() - 1,
        after.findings.iter().filter(|f| !f.suppressed).count()
    );
    // A second rule joins the first; the same rule twice is no fix.
    let other = after
        .findings
        .iter()
        .find(|f| !f.suppressed && f.object.is_some())
        .expect("another");
    let twice = kubeshape_core::edit::apply(&once, &ignore_fix(&once, other).expect("a fix").edits);
    assert!(
        twice.contains(&format!(
            "kubeshape.io/ignore: \"latest-tag,{}\"",
            other.rule
        )),
        "{twice}"
    );
    assert!(ignore_fix(&once, again).is_none());
}

/// `Filter::except` leaves the findings it names as they are: the
/// Kubewarden policy's update of an object fixes only what is new in it.
#[test]
fn except_leaves_the_named_findings_unfixed() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: two\nspec:\n  containers:\n    - name: old\n      image: ghcr.io/acme/old:1.0.0\n    - name: new\n      image: ghcr.io/acme/new:1.0.0\n";
    let settings = Settings::default();
    let report = kubeshape_core::lint_str("pod.yaml", text, &settings);
    let old = report
        .findings
        .iter()
        .find(|f| f.rule == "privilege-escalation" && f.path.contains("containers[0]"))
        .expect("privilege-escalation on the first container");
    let filter = Filter {
        safe_only: true,
        except: vec![(old.rule.to_owned(), old.path.clone())],
        ..Filter::default()
    };
    let fixed = fix_str("pod.yaml", text, &settings, &filter);
    assert_eq!(fixed.applied.len(), 1, "{:?}", fixed.applied);
    assert_eq!(
        fixed
            .text
            .matches("allowPrivilegeEscalation: false")
            .count(),
        1
    );
    let new_at = fixed.text.find("name: new").expect("new");
    let fix_at = fixed.text.find("allowPrivilegeEscalation").expect("fixed");
    assert!(
        fix_at > new_at,
        "the second container is the one fixed:\n{}",
        fixed.text
    );
    // The excepted one is counted with those the filter leaves out.
    assert!(fixed.remaining >= 1);
}
