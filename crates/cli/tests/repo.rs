//! A repository as people keep one (`tests/data/repo`): manifests next to
//! Helm charts, Kustomize bases and overlays, CI and tool configuration,
//! envsubst templates, a CustomResourceDefinition and its resources. Each
//! file is read as what it is; the real mistakes are found, the rest is
//! skipped and counted.

use std::collections::BTreeSet;
use std::path::Path;

mod common;
use common::{data, run, stdout};

fn report(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["check", "repo", "--format", "json"];
    all.extend_from_slice(args);
    let out = run(&all, None);
    serde_json::from_str(&stdout(&out)).expect("a JSON report")
}

/// (rule, file under repo/, line, column) of every finding.
fn findings(report: &serde_json::Value) -> BTreeSet<(String, String, u64, u64)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let file = f["file"].as_str().unwrap_or_default();
            (
                f["rule"].as_str().unwrap_or_default().to_owned(),
                file.strip_prefix("repo/").unwrap_or(file).to_owned(),
                f["line"].as_u64().unwrap_or(0),
                f["column"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn has(
    set: &BTreeSet<(String, String, u64, u64)>,
    rule: &str,
    file: &str,
    line: u64,
    column: u64,
) -> bool {
    set.contains(&(rule.to_owned(), file.to_owned(), line, column))
}

#[test]
fn every_file_is_read_as_what_it_is() {
    let r = report(&[]);
    let got = findings(&r);
    // Not one file is taken for a manifest that lost its kind.
    assert!(
        !got.iter().any(|f| f.0 == "missing-kind-or-apiversion"),
        "{got:#?}"
    );
    // What was skipped, and as what.
    let skipped: BTreeSet<(String, String)> = r["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|s| {
            let file = s["file"].as_str().unwrap_or_default();
            (
                file.strip_prefix("repo/").unwrap_or(file).to_owned(),
                s["kind"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let want: BTreeSet<(String, String)> = [
        (".goreleaser.yml", "goreleaser"),
        ("api/openapi.yaml", "openapi"),
        ("app/base/settings.yaml", "kustomize-config"),
        // The chart itself is rendered (its values files other than
        // values.yaml are read only when named with --values).
        ("chart/ci/prod-values.yaml", "helm-values"),
        ("cloudbuild.yaml", "cloud-build"),
        ("docker-compose.yaml", "docker-compose"),
        ("monitoring/dashboard.json", "grafana"),
        ("otel/collector.yaml", "opentelemetry"),
        ("skaffold.yaml", "skaffold"),
    ]
    .into_iter()
    .map(|(f, k)| (f.to_owned(), k.to_owned()))
    .collect();
    assert_eq!(skipped, want);
    assert_eq!(r["summary"]["skipped"], 9);
    assert_eq!(r["summary"]["files"], 11);
    // Nothing is said about a skipped file.
    for f in &got {
        assert!(!want.iter().any(|(s, _)| *s == f.1), "{f:?}");
    }
    // The real mistakes are found.
    for (rule, file, line, column) in [
        // Kafka's `requests` written twice; a request over its limit.
        ("duplicate-key", "kafka/broker.yaml", 21, 13),
        ("request-exceeds-limit", "kafka/broker.yaml", 22, 23),
        // The kustomization: a misspelt field, a quoted count.
        (
            "unknown-field",
            "app/overlays/prod/kustomization.yaml",
            6,
            1,
        ),
        ("wrong-type", "app/overlays/prod/kustomization.yaml", 18, 12),
        // A patch's own mistakes, and a JSON patch's operations.
        ("invalid-quantity", "app/overlays/prod/memory.yaml", 13, 20),
        (
            "missing-required-field",
            "app/overlays/prod/replicas.json",
            3,
            4,
        ),
        ("unknown-field", "app/overlays/prod/replicas.json", 4, 67),
        // The envsubst template: said once; a typo away from the
        // placeholders is still one.
        ("unrendered-template", "deploy/envsubst.yaml", 7, 13),
        ("unknown-field", "deploy/envsubst.yaml", 22, 11),
        // The chart, rendered: its template includes a helper no file
        // defines.
        (
            "helm-template-error",
            "chart/templates/deployment.yaml",
            7,
            5,
        ),
        // Custom resources against their CustomResourceDefinition.
        ("wrong-type", "deploy/widgets.yaml", 6, 9),
        ("unknown-field", "deploy/widgets.yaml", 7, 3),
        ("missing-required-field", "deploy/widgets.yaml", 15, 1),
    ] {
        assert!(
            has(&got, rule, file, line, column),
            "{rule} at {file}:{line}:{column} in {got:#?}"
        );
    }
    // A patch is a part of an object: nothing required, `$patch` known;
    // a placeholder stands for a valid value.
    for f in &got {
        assert_ne!(f.1, "app/overlays/prod/sidecar.yaml", "{f:?}");
        let envsubst_placeholder = f.1 == "deploy/envsubst.yaml" && [7, 18, 21].contains(&f.2);
        assert!(
            !envsubst_placeholder || f.0 == "unrendered-template",
            "{f:?}"
        );
    }
    assert!(
        !got.iter().any(|f| f.0 == "unknown-kind"),
        "the CRD is in the input"
    );
}

#[test]
fn the_summary_says_what_was_skipped_and_verbose_lists_it() {
    let out = run(&["check", "repo", "--verbose"], None);
    let text = stdout(&out);
    let tail: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.contains(" errors, "))
        .collect();
    insta::assert_snapshot!("repo_summary", tail.join("\n"));
    let zh = stdout(&run(&["check", "repo", "--lang", "zh"], None));
    assert!(
        zh.contains("跳过 9 个不是 Kubernetes 清单的文件：Helm values 文件 1 个"),
        "{zh}"
    );
}

#[test]
fn include_non_manifests_judges_every_file() {
    let r = report(&["--include-non-manifests"]);
    let got = findings(&r);
    for file in [
        "chart/values.yaml",
        "docker-compose.yaml",
        "cloudbuild.yaml",
    ] {
        assert!(
            got.iter()
                .any(|f| f.0 == "missing-kind-or-apiversion" && f.1 == file),
            "{file}"
        );
    }
    assert_eq!(r["summary"]["skipped"], 0);
    // A file named on the command line is a manifest, whatever it holds.
    let named = run(
        &["check", "repo/chart/values.yaml", "--format", "json"],
        None,
    );
    let named: serde_json::Value = serde_json::from_str(&stdout(&named)).expect("json");
    assert_eq!(named["findings"][0]["rule"], "missing-kind-or-apiversion");
}

/// What a pre-commit hook passes: staged files by name. With
/// `--skip-non-manifests` they are read as if found in their folders.
#[test]
fn skip_non_manifests_reads_named_files_as_found() {
    let files = [
        "repo/chart/values.yaml",
        "repo/chart/templates/deployment.yaml",
        "repo/docker-compose.yaml",
        "repo/app/overlays/prod/memory.yaml",
    ];
    let mut args = vec!["check", "--format", "json"];
    args.extend(files);
    let plain: serde_json::Value = serde_json::from_str(&stdout(&run(&args, None))).expect("json");
    args.push("--skip-non-manifests");
    let lenient: serde_json::Value =
        serde_json::from_str(&stdout(&run(&args, None))).expect("json");
    let rules = |r: &serde_json::Value, file: &str| -> BTreeSet<String> {
        findings(r)
            .into_iter()
            .filter(|f| f.1 == file)
            .map(|f| f.0)
            .collect()
    };
    // Named, each is a manifest: the values and the compose file are not
    // Kubernetes objects, the patch lacks what only the base has.
    assert!(rules(&plain, "chart/values.yaml").contains("missing-kind-or-apiversion"));
    assert!(rules(&plain, "app/overlays/prod/memory.yaml").contains("missing-required-field"));
    // Lenient: skipped and said, and the patch (its folder's kustomization
    // says so, unnamed) keeps only its own mistake.
    assert_eq!(lenient["summary"]["skipped"], 3, "{}", lenient["skipped"]);
    let skipped: BTreeSet<&str> = lenient["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .filter_map(|s| s["kind"].as_str())
        .collect();
    assert_eq!(
        skipped,
        BTreeSet::from(["docker-compose", "helm-template", "helm-values"])
    );
    assert_eq!(
        rules(&lenient, "app/overlays/prod/memory.yaml"),
        BTreeSet::from(["invalid-quantity".to_owned()])
    );
    assert_eq!(
        lenient["summary"]["files"], 1,
        "the kustomization read for roles is not reported"
    );
}

#[test]
fn a_crd_named_with_crd_checks_its_resources() {
    let alone = report(&[]);
    assert!(has(
        &findings(&alone),
        "unknown-field",
        "deploy/widgets.yaml",
        7,
        3
    ));
    let out = run(
        &["check", "repo/deploy/widgets.yaml", "--format", "json"],
        None,
    );
    let without: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let rules: Vec<&str> = without["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert_eq!(rules, ["unknown-kind"], "no CRD: one note");
    let out = run(
        &[
            "check",
            "repo/deploy/widgets.yaml",
            "--crd",
            "repo/crds",
            "--format",
            "json",
        ],
        None,
    );
    let with: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let got = findings(&with);
    assert!(
        has(&got, "unknown-field", "deploy/widgets.yaml", 7, 3),
        "{got:#?}"
    );
    assert!(has(
        &got,
        "missing-required-field",
        "deploy/widgets.yaml",
        15,
        1
    ));
    assert_eq!(
        with["summary"]["files"], 1,
        "the CRD file is read, not checked"
    );
}

/// A copy of the overlay with its own mistakes corrected (so that
/// Kustomize builds it), plus a field only a patch writes.
fn buildable_copy() -> tempdir::Dir {
    let dir = tempdir::Dir::new("kubeshape-kustomize-test");
    copy(&data("repo/app"), &dir.path().join("app"));
    let edit = |file: &str, from: &str, to: &str| {
        let path = dir.path().join("app/overlays/prod").join(file);
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains(from), "{file}: {from}");
        std::fs::write(&path, text.replace(from, to)).expect("write");
    };
    edit("kustomization.yaml", "commonLabel:", "commonLabels:");
    edit("kustomization.yaml", "count: \"3\"", "count: 3");
    edit("memory.yaml", "cpu: 500mm", "cpu: 500m");
    edit(
        "memory.yaml",
        "imagePullPolicy: Allways",
        "securityContext:\n            privileged: true",
    );
    edit("replicas.json", "  {\"op\": \"add\", \"value\": {\"name\": \"DEBUG\", \"value\": \"0\"}},\n  {\"op\": \"remove\", \"path\": \"/spec/template/metadata/annotations\", \"form\": \"x\"}\n", "");
    edit("replicas.json", "\"value\": 4},", "\"value\": 4}");
    dir
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// Whether `kubectl` is here (this machine has 1.32, bundling Kustomize
/// 5.5); the tests that build overlays say so and pass where it is not.
fn kubectl() -> bool {
    let found = std::process::Command::new("kubectl")
        .args(["version", "--client"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("SKIPPED: kubectl is not on PATH, so Kustomize overlays cannot be built here");
    }
    found
}

#[test]
fn kustomize_builds_the_overlay_and_shows_findings_where_written() {
    if !kubectl() {
        return;
    }
    let dir = buildable_copy();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kubeshape"))
        .args(["check", "app", "--kustomize", "--format", "json"])
        .current_dir(dir.path())
        .output()
        .expect("run");
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let got = findings(&r);
    // Built: three replicas, the log shipper deleted by the patch.
    assert!(!got.iter().any(|f| f.0 == "single-replica"), "{got:#?}");
    assert!(
        !got.iter()
            .any(|f| f.2 >= 25 && f.1 == "app/base/deployment.yaml"),
        "{got:#?}"
    );
    // Shown in the base where the container is written.
    assert!(
        has(&got, "run-as-root", "app/base/deployment.yaml", 15, 11),
        "{got:#?}"
    );
    // A field only the patch writes: shown in the patch.
    assert!(
        has(
            &got,
            "privileged-container",
            "app/overlays/prod/memory.yaml",
            15,
            25
        ),
        "{got:#?}"
    );
    // Nothing left in Kustomize's own output.
    assert!(
        !got.iter().any(|f| f.1.contains("kubectl kustomize")),
        "{got:#?}"
    );
    let human = std::process::Command::new(env!("CARGO_BIN_EXE_kubeshape"))
        .args(["check", "app", "--kustomize"])
        .env("NO_COLOR", "1")
        .current_dir(dir.path())
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("built 1 overlay with `kubectl kustomize`"),
        "{text}"
    );
}

#[test]
fn a_failed_build_is_said_and_the_files_are_checked_one_by_one() {
    if !kubectl() {
        return;
    }
    let out = run(
        &["check", "repo/app", "--kustomize", "--format", "json"],
        None,
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("failed, so its files are checked file by file")
            && err.contains("commonLabel"),
        "{err}"
    );
    let r: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let got = findings(&r);
    assert!(has(
        &got,
        "unknown-field",
        "app/overlays/prod/kustomization.yaml",
        6,
        1
    ));
    assert!(has(&got, "run-as-root", "app/base/deployment.yaml", 15, 11));
}

/// A folder removed when dropped.
mod tempdir {
    use std::path::{Path, PathBuf};

    pub struct Dir(PathBuf);

    impl Dir {
        pub fn new(prefix: &str) -> Dir {
            let unique = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos());
            let path =
                std::env::temp_dir().join(format!("{prefix}-{}-{unique}", std::process::id()));
            std::fs::create_dir_all(&path).expect("temp dir");
            Dir(path)
        }

        pub fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}
