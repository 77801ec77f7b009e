//! End-to-end tests of the `kubeshape` binary: output formats, exit codes,
//! files, folders, stdin and bad input.

mod common;
use common::{data, run, stdout};

#[test]
fn human_output_of_a_multi_document_file() {
    let out = run(&["check", "bundle.yaml"], None);
    assert_eq!(
        out.status.code(),
        Some(1),
        "an error finding fails the check"
    );
    insta::assert_snapshot!("human_en", stdout(&out));
    let zh = run(&["check", "bundle.yaml", "--lang", "zh"], None);
    insta::assert_snapshot!("human_zh", stdout(&zh));
}

#[test]
fn json_output_matches_the_design_schema() {
    let out = run(&["check", "bundle.yaml", "--format", "json"], None);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["version"], 1);
    assert_eq!(report["summary"]["documents"], 3);
    assert_eq!(report["objects"][1]["qos"], "Burstable");
    assert_eq!(report["objects"][0]["qos"], serde_json::Value::Null);
    let findings = report["findings"].as_array().expect("findings");
    let invalid = findings
        .iter()
        .find(|f| f["rule"] == "invalid-quantity")
        .expect("invalid-quantity");
    assert_eq!(
        (invalid["line"].as_u64(), invalid["column"].as_u64()),
        (Some(35), Some(21))
    );
    assert_eq!(
        invalid["path"],
        "spec.template.spec.containers[0].resources.requests.memory"
    );
    assert_eq!(invalid["object"]["name"], "web");
    let suppressed = findings
        .iter()
        .find(|f| f["rule"] == "missing-liveness-probe")
        .expect("suppressed finding kept");
    assert_eq!(suppressed["suppressed"], true);
    assert_eq!(report["summary"]["suppressed"], 1);
    let keys: Vec<(u64, u64)> = findings
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap_or(0),
                f["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "sorted by position");
    insta::assert_json_snapshot!("json", report);
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let out = run(&["check", "bundle.yaml", "--format", "sarif"], None);
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(data("sarif-2.1.0.schema.json")).expect("schema"),
    )
    .expect("schema json");
    let validator = jsonschema::validator_for(&schema).expect("compile schema");
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "SARIF schema errors: {errors:#?}");
    let run0 = &sarif["runs"][0];
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
    let result = run0["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["ruleId"] == "deprecated-api-version")
        .expect("result");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        46
    );
    let index = result["ruleIndex"].as_u64().expect("index") as usize;
    assert_eq!(
        run0["tool"]["driver"]["rules"][index]["id"],
        "deprecated-api-version"
    );
    insta::assert_json_snapshot!("sarif", sarif, {".runs[0].tool.driver.rules" => "[catalogue]"});
}

#[test]
fn exit_codes_follow_fail_on() {
    let clean = b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {A: b}\n";
    assert_eq!(run(&["check", "-"], Some(clean)).status.code(), Some(0));
    let warn_only = run(&["check", "-", "--include", "latest-tag", "--exclude", "security,resources,probes"], Some(b"apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: a, image: nginx}\n"));
    assert_eq!(
        warn_only.status.code(),
        Some(0),
        "warnings pass with the default fail_on=error"
    );
    let strict = run(&["check", "-", "--fail-on", "warning"], Some(b"apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: a, image: nginx}\n"));
    assert_eq!(strict.status.code(), Some(1));
    let bad_flag = run(&["check", "-", "--include", "latest-tags"], Some(clean));
    assert_eq!(bad_flag.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_flag.stderr).contains("did you mean `latest-tag`"));
}

#[test]
fn yaml_errors_are_findings_not_crashes() {
    let out = run(
        &["check", "-", "--format", "json"],
        Some(b"a: 1\nb: [x, y\nc: 2\n"),
    );
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let f = &report["findings"][0];
    assert_eq!(f["rule"], "yaml-syntax");
    // A tab in the indentation is said at the tab.
    let out = run(
        &["check", "-", "--format", "json"],
        Some(b"a: 1\nb:\n\t- tab\n"),
    );
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let f = &report["findings"][0];
    assert_eq!(f["rule"], "lookalike-characters");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(3), Some(1))
    );
    assert!(f["message"].as_str().unwrap_or("").contains("tab"));
}

#[test]
fn unreadable_and_non_utf8_files_are_per_file_errors() {
    let dir = std::env::temp_dir().join(format!("kubeshape-cli-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("sub")).expect("mkdir");
    std::fs::write(dir.join("sub/bad.yaml"), b"kind: Pod\nname: \xff\xfe\n").expect("write");
    std::fs::write(dir.join("good.yaml"), b"apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: a, image: nginx}\n").expect("write");
    let out = run(
        &["check", dir.to_str().expect("path"), "--format", "json"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.yaml is not UTF-8 text (invalid byte at offset 16)"),
        "{stderr}"
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        report["summary"]["objects"], 1,
        "the other file is still checked"
    );
    let missing = run(&["check", "does-not-exist.yaml"], None);
    assert_eq!(missing.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn rules_and_explain() {
    let list = run(&["rules", "--format", "json"], None);
    let rules: serde_json::Value = serde_json::from_slice(&list.stdout).expect("json");
    assert!(rules.as_array().expect("array").len() >= 41);
    let explain = stdout(&run(&["explain", "latest-tag", "--lang", "zh"], None));
    assert!(
        explain.contains("为什么有问题？") && explain.contains("nginx:1.27.2"),
        "{explain}"
    );
    let unknown = run(&["explain", "latest-tags"], None);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("Did you mean `latest-tag`?"));
}

/// A 50 MB document: one located finding naming the limit, not a 50 MB parse.
#[test]
fn a_fifty_megabyte_file_is_one_finding() {
    let path = std::env::temp_dir().join(format!("kubeshape-big-{}.yaml", std::process::id()));
    let line = "key: value value value value value value value value value value\n";
    std::fs::write(&path, line.repeat(50 * 1024 * 1024 / line.len())).expect("write");
    let out = run(
        &["check", path.to_str().expect("path"), "--format", "json"],
        None,
    );
    let _ = std::fs::remove_file(&path);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["rule"], "yaml-syntax");
    assert_eq!(
        (findings[0]["line"].as_u64(), findings[0]["column"].as_u64()),
        (Some(1), Some(1))
    );
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("MiB"),
        "{}",
        findings[0]["message"]
    );
}

const TYPO: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: api # keep me\nspec:\n  containers:\n    - name: api\n      image: example.org/api:1.0\n      imagePullpolicy: Always\n";

#[test]
fn fix_reads_stdin_and_writes_the_corrected_text() {
    let out = run(
        &["fix", "--safe-only", "--rule", "unknown-field"],
        Some(TYPO.as_bytes()),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        stdout(&out),
        TYPO.replace("imagePullpolicy", "imagePullPolicy")
    );
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(
        log.contains("-:9: [unknown-field] Rename `imagePullpolicy` to `imagePullPolicy`."),
        "{log}"
    );
}

/// A chart pasted on stdin as articles print one: `fix` edits its values
/// and template sections (as it edits a chart's files), the rest as it was.
#[test]
fn fix_of_a_pasted_chart_edits_its_sections() {
    let paste = include_str!("../../../examples/helm/seed-004-chart.yaml");
    let out = run(&["fix"], Some(paste.as_bytes()));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fixed = stdout(&out);
    assert_eq!(
        fixed,
        paste
            .replace("pullPolicy: IfNotPresent", "pullPolicy: Always")
            .replacen(
                "            - containerPort: 8080\n",
                "            - containerPort: 8080\n          securityContext:\n            allowPrivilegeEscalation: false\n",
                1
            ),
    );
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(log.contains("[latest-without-always-pull]"), "{log}");
    // Each fix said as a manifest's is: where, the rule, what was done.
    assert!(
        log.contains("-:24: [latest-without-always-pull] Set `imagePullPolicy: Always`"),
        "{log}"
    );
    assert!(log.contains("applied 2 fixes in 1 file"), "{log}");
}

#[test]
fn fix_shows_a_diff_then_writes_in_place() {
    let dir = std::env::temp_dir().join(format!("kubeshape-fix-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("pod.yaml");
    std::fs::write(&file, TYPO).expect("write");
    let path = file.to_str().expect("utf-8 path");
    let diff = run(&["fix", "--safe-only", path], None);
    assert_eq!(diff.status.code(), Some(0));
    let text = stdout(&diff);
    assert!(
        text.contains("-      imagePullpolicy: Always\n+      imagePullPolicy: Always"),
        "{text}"
    );
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        TYPO,
        "--diff leaves the file alone"
    );
    let write = run(&["fix", "--safe-only", "--write", path], None);
    assert_eq!(write.status.code(), Some(0));
    let fixed = std::fs::read_to_string(&file).expect("read");
    assert!(
        fixed.contains("imagePullPolicy: Always") && fixed.contains("# keep me"),
        "{fixed}"
    );
    let left: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(left.len(), 1, "no temporary file left: {left:?}");
    // Fixed files have nothing left to fix.
    let again = run(&["fix", "--safe-only", path], None);
    assert_eq!(stdout(&again), "");
    assert!(String::from_utf8_lossy(&again.stderr).contains("nothing to fix"));
    let unknown = run(&["fix", "--rule", "unknown-feild", path], None);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("did you mean `unknown-field`?"));
    let _ = std::fs::remove_dir_all(&dir);
}
