//! Where people write YAML: the language server under real clients
//! (Neovim's, and the JSON-RPC client VS Code uses), the VS Code extension
//! packaged and its activation tested, the pre-commit hooks run by
//! `pre-commit`, the GitHub Action validated and its SARIF held to GitHub's
//! rules, and the install story (`cargo package`, `cargo install`).
//! `cargo xtask editors` runs them alone; `cargo xtask test` runs them too.
//! `cargo xtask lsp-bench` measures the server's latency and memory.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{cargo, root, setup, stage, target_dir, timed};

/// The Python tools, pinned: `pre-commit` runs the hooks, `check-jsonschema`
/// holds the vendored GitHub Action and workflow schemas.
const PRE_COMMIT: &str = "pre-commit==4.3.0";
const CHECK_JSONSCHEMA: &str = "check-jsonschema==0.39.0";

/// A virtual environment for the Python tools, kept outside the clone.
fn tools_venv() -> Result<PathBuf, String> {
    crate::setup::venv("tools-venv", &[PRE_COMMIT, CHECK_JSONSCHEMA])
}

/// Debian's neovim, for its built-in LSP client.
fn neovim() -> Result<(), String> {
    if Path::new("/usr/bin/nvim").exists() {
        return Ok(());
    }
    setup::apt_install(&["neovim"])
}

/// The debug `kubeshape` binary the tests drive.
fn binary() -> Result<PathBuf, String> {
    let mut build = cargo();
    build.args(["build", "--package", "kubeshape", "--bin", "kubeshape"]);
    stage("cargo build kubeshape", build)?;
    Ok(target_dir().join("debug/kubeshape"))
}

pub fn test() -> Result<(), String> {
    neovim()?;
    setup::npm()?;
    let venv = tools_venv()?;
    let bin = binary()?;
    let mut node = Command::new("node");
    node.current_dir(root())
        .env("KUBESHAPE_BIN", &bin)
        .env("KUBESHAPE_PRE_COMMIT", venv.join("bin/pre-commit"))
        .args(["--test", "--test-concurrency=1"])
        .args(files(&root().join("tests/editors"), ".test.mjs")?);
    stage("language server, Neovim and pre-commit tests", node)?;
    timed("VS Code extension", vscode)?;
    let mut action = Command::new(venv.join("bin/python"));
    action
        .current_dir(root())
        .arg("tests/editors/action_test.py")
        .arg(&bin)
        .arg(venv.join("bin/check-jsonschema"));
    stage("GitHub Action and its SARIF", action)?;
    install()
}

/// `npm ci`, build, package (`kubeshape.vsix`) and the unit test.
fn vscode() -> Result<(), String> {
    let dir = root().join("editors/vscode");
    let npm = |args: &[&str]| {
        let mut cmd = Command::new("npm");
        cmd.current_dir(&dir).args(args);
        cmd
    };
    if !dir.join("node_modules/.bin/vsce").exists() {
        stage(
            "npm ci (editors/vscode)",
            npm(&["ci", "--no-audit", "--no-fund"]),
        )?;
    }
    stage("npm run build (esbuild)", npm(&["run", "-s", "build"]))?;
    stage("vsce package", npm(&["run", "-s", "package"]))?;
    stage("extension unit tests", npm(&["test"]))?;
    println!("vsix: {}", dir.join("kubeshape.vsix").display());
    Ok(())
}

/// The crates package for crates.io, and `cargo install` works from the
/// path and from a git URL (this repository's committed HEAD), each from a
/// scratch directory.
fn install() -> Result<(), String> {
    // Cargo verifies interdependent packages through a temporary registry
    // whose crates it unpacks under `$CARGO_HOME/registry/src` once per
    // version: a previous run's copy (same 0.1.0, older code) would be
    // compiled instead of this one. Both go first.
    let verify = target_dir().join("package-verify");
    let _ = std::fs::remove_dir_all(verify.join("package"));
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    if let Some(src) = cargo_home.map(|h| h.join("registry/src")) {
        for registry in std::fs::read_dir(&src).into_iter().flatten().flatten() {
            for unpacked in std::fs::read_dir(registry.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                let name = unpacked.file_name().to_string_lossy().into_owned();
                if ["kubeshape-core-", "kubeshape-helm-", "kubeshape-0"]
                    .iter()
                    .any(|p| name.starts_with(p))
                {
                    let _ = std::fs::remove_dir_all(unpacked.path());
                }
            }
        }
    }
    // Cargo takes a registry crate's build as final (its version is its
    // identity), so in a kept target folder the verification would link
    // the previous run's build of `kubeshape-helm 0.1.0` against this
    // run's `kubeshape` (it did: a function new in the helm crate was "not
    // found"). The verification builds in a folder of its own, without
    // what it built of our crates before; their dependencies stay cached.
    for dir in ["debug/.fingerprint", "debug/deps"] {
        for entry in std::fs::read_dir(verify.join(dir))
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with("kubeshape") || name.starts_with("libkubeshape") {
                let path = entry.path();
                let _ = std::fs::remove_dir_all(&path).or_else(|_| std::fs::remove_file(&path));
            }
        }
    }
    let mut package = cargo();
    package.args([
        "package",
        "--target-dir",
        &verify.display().to_string(),
        "--allow-dirty",
        "--package",
        "kubeshape-core",
        "--package",
        "kubeshape-helm",
        "--package",
        "kubeshape",
    ]);
    stage(
        "cargo package -p kubeshape-core -p kubeshape-helm -p kubeshape",
        package,
    )?;
    let scratch = std::env::temp_dir().join(format!("kubeshape-install-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;
    let result = (|| {
        let crate_dir = root().join("crates/cli");
        let url = format!("file://{}", root().display());
        for (name, args) in [
            (
                "cargo install --path crates/cli",
                vec!["--path".to_owned(), crate_dir.display().to_string()],
            ),
            (
                "cargo install --git <this repository> kubeshape",
                vec!["--git".to_owned(), url, "kubeshape".to_owned()],
            ),
        ] {
            let into = scratch.join(
                name.split(' ')
                    .nth(2)
                    .unwrap_or("x")
                    .trim_start_matches('-'),
            );
            let mut cmd = Command::new("cargo");
            // Debug builds in the shared target directory: what is tested
            // is that the command works, not how long a release build takes.
            cmd.current_dir(&scratch)
                .env("CARGO_TARGET_DIR", target_dir())
                .args(["install", "--locked", "--debug", "--quiet", "--root"])
                .arg(&into)
                .args(&args);
            stage(name, cmd)?;
            let out = Command::new(into.join("bin/kubeshape"))
                .args(["explain", "latest-tag", "--lang", "zh"])
                .output()
                .map_err(|e| format!("{name}: the installed binary does not run: {e}"))?;
            let text = String::from_utf8_lossy(&out.stdout);
            if !out.status.success() || !text.contains("latest") {
                return Err(format!("{name}: the installed binary answered {text}"));
            }
        }
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

fn files(dir: &Path, suffix: &str) -> Result<Vec<PathBuf>, String> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    out.sort();
    Ok(out)
}

/// `cargo xtask lsp-bench`: the server's latency after didChange of a
/// 2,000-line bundle, and its memory with 100 documents open (release
/// build; see bench/lsp.mjs).
pub fn bench() -> Result<(), String> {
    setup::npm()?;
    let mut build = cargo();
    build.args([
        "build",
        "--release",
        "--package",
        "kubeshape",
        "--bin",
        "kubeshape",
    ]);
    stage("cargo build --release kubeshape", build)?;
    let mut node = Command::new("node");
    node.current_dir(root())
        .arg("bench/lsp.mjs")
        .arg(target_dir().join("release/kubeshape"));
    stage("language server latency and memory", node)
}
