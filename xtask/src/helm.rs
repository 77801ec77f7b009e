//! The Helm renderer against real Helm: PyPI's `helm-python-sdk` (Helm
//! v4.2.3 as a C library, no Go toolchain) in a venv kept outside the
//! clone, a test-only dependency. `tests/helm/compare.py` renders every
//! chart of `tests/corpus/helm-charts` with both and compares them object
//! for object.

use std::path::PathBuf;
use std::process::Command;

use crate::{cargo, root, stage, target_dir};

/// Real Helm for the tests, pinned.
const HELM_PYTHON_SDK: &str = "helm-python-sdk==0.2.2";
/// The YAML reader compare.py parses both renders with.
const PYYAML: &str = "PyYAML==6.0.4";

/// The venv with real Helm, created once.
pub fn venv() -> Result<PathBuf, String> {
    crate::setup::venv("helm-venv", &[HELM_PYTHON_SDK, PYYAML])
}

/// The renderer's command-line example, built.
fn render_example(release: bool) -> Result<PathBuf, String> {
    let mut build = cargo();
    build.args([
        "build",
        "--package",
        "kubeshape-helm",
        "--example",
        "render",
    ]);
    if release {
        build.arg("--release");
    }
    stage("cargo build kubeshape-helm --example render", build)?;
    Ok(target_dir()
        .join(if release { "release" } else { "debug" })
        .join("examples/render"))
}

/// Every corpus chart (default values and each `ci/*-values.yaml`)
/// rendered by both, compared object for object.
pub fn test() -> Result<(), String> {
    let venv = venv()?;
    let render = render_example(false)?;
    let mut compare = Command::new(venv.join("bin/python"));
    compare
        .current_dir(root())
        .arg("tests/helm/compare.py")
        .arg(&render)
        .arg("tests/corpus/helm-charts");
    stage(
        "Helm reference: corpus charts rendered by Helm v4.2.3 and by kubeshape",
        compare,
    )
}

/// Helm charts in `cargo xtask bench`: every corpus chart rendered and
/// checked by kubeshape against rendered by Helm (helm-python-sdk), the
/// median of `runs` runs each, in one run. A Markdown section for
/// RESULTS.md.
pub fn bench(runs: usize) -> Result<String, String> {
    let venv = venv()?;
    let mut build = cargo();
    build.args([
        "build",
        "--release",
        "--package",
        "kubeshape-helm",
        "--example",
        "bench",
    ]);
    stage(
        "cargo build kubeshape-helm --example bench (release)",
        build,
    )?;
    let out = Command::new(venv.join("bin/python"))
        .current_dir(root())
        .arg("tests/helm/bench.py")
        .arg(target_dir().join("release/examples/bench"))
        .arg("tests/corpus/helm-charts")
        .args(["--runs", &runs.to_string()])
        .output()
        .map_err(|e| format!("tests/helm/bench.py: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "tests/helm/bench.py failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let table = String::from_utf8_lossy(&out.stdout).into_owned();
    print!("{table}");
    Ok(format!(
        "\n## Helm charts\n\nEvery chart of `tests/corpus/helm-charts` (dependencies vendored from their\nsiblings): Helm v4.2.3 rendering it (helm-python-sdk, in process) against\nkubeshape rendering it, checking the result with every default rule and\nmoving the findings to their template lines, in one process; the median of\n{runs} runs each, same machine, same run.\n\n```text\n{table}```\n"
    ))
}
