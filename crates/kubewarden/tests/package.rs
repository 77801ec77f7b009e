//! The packaging files in `policies/kubewarden/` are generated from the
//! rules: the committed ones must be what the generator writes now, and the
//! YAML must read back as the data it was written from.

use kubeshape_core::parse::{parse, Limits};
use kubeshape_kubewarden::package;
use serde_json::Value;

fn read_back(yaml: &str) -> Value {
    let parsed = parse(yaml, &Limits::default());
    assert!(parsed.issues.is_empty(), "{:?}", parsed.issues);
    parsed
        .documents
        .into_iter()
        .find_map(|d| d.root)
        .map(|r| r.to_json())
        .expect("a document")
}

#[test]
fn committed_files_are_generated() {
    let dir = manifest_dir().join("../../policies/kubewarden");
    for (name, text) in package::files() {
        let committed = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        assert!(
            committed == text,
            "policies/kubewarden/{name} is out of date: run `cargo xtask kubewarden-metadata`"
        );
    }
}

#[test]
fn yaml_reads_back_as_written() {
    let metadata = read_back(&package::metadata_yml());
    let json = package::metadata_json();
    assert_eq!(metadata["rules"], json["rules"]);
    assert_eq!(metadata["annotations"], json["annotations"]);
    assert_eq!(metadata["executionMode"], "kubewarden-wapc");
    assert_eq!(
        read_back(&package::questions_ui_yml()),
        package::questions()
    );
    let pkg = read_back(&package::artifacthub_pkg_yml());
    let questions = pkg["annotations"]["kubewarden/questions-ui"]
        .as_str()
        .expect("questions-ui text");
    assert_eq!(read_back(questions), package::questions());
    let rules = pkg["annotations"]["kubewarden/rules"]
        .as_str()
        .expect("rules text");
    assert_eq!(read_back(rules), package::admission_rules());
}

#[test]
fn tricky_strings_survive_the_yaml_writer() {
    for s in [
        "yes",
        "1.30",
        "- x",
        "a: b",
        "#c",
        "",
        " lead",
        "trail ",
        "null",
        "~",
        "x\ny\n",
        "quote \" and \\",
    ] {
        let value = serde_json::json!({ "k": s, "list": [s] });
        assert_eq!(read_back(&package::to_yaml(&value, 0)), value, "{s:?}");
    }
}

#[test]
fn the_example_policy_deploys_valid_settings() {
    let policy = read_back(&package::cluster_admission_policy_yml());
    assert_eq!(policy["kind"], "ClusterAdmissionPolicy");
    assert_eq!(policy["spec"]["rules"], package::admission_rules());
    kubeshape_kubewarden::PolicySettings::from_json(&policy["spec"]["settings"])
        .expect("the example's settings are valid");
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
