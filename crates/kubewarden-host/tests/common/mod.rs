//! What the waPC host's test files share: the built module, loaded once per
//! test binary; the CLI binary the verdicts are compared with; the
//! AdmissionRequest fixtures.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use kubeshape_kubewarden_host::{built_module, root, Policy};
use serde_json::Value;

/// The module's bytes and the compiled policy.
pub struct Loaded {
    pub policy: Policy,
    pub bytes: Vec<u8>,
}

/// Built and compiled once per test binary (compiling takes seconds).
pub fn loaded() -> &'static Loaded {
    static LOADED: OnceLock<Loaded> = OnceLock::new();
    LOADED.get_or_init(|| {
        let path = built_module().unwrap_or_else(|e| panic!("{e}"));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let policy = Policy::load(&bytes).unwrap_or_else(|e| panic!("{e}"));
        Loaded { policy, bytes }
    })
}

pub fn policy() -> &'static Policy {
    &loaded().policy
}

pub fn data_dir() -> PathBuf {
    root().join("policies/kubewarden/test_data")
}

/// `policies/kubewarden/test_data/<name>.json`.
pub fn fixture(name: &str) -> Value {
    let path = data_dir().join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The CLI binary of this workspace, built if the test run did not.
pub fn cli() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let dir = exe
        .parent()
        .and_then(|d| d.parent())
        .expect("target profile dir");
    let binary = dir.join("kubeshape");
    if !binary.exists() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .current_dir(root())
            .args(["build", "--quiet", "--package", "kubeshape"])
            .status()
            .expect("cargo build");
        assert!(status.success(), "cannot build the CLI");
    }
    binary
}
