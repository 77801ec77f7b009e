//! `cargo xtask <command>`: the set-up, build and test commands README names.
//!
//! - `run`    build the CLI and check the bundled example (the main job for now).
//! - `test`   everything CI runs: fmt, clippy, all tests; prints each stage's time.
//! - `readme` regenerate README's rule table from the rules themselves.
//!
//! Everything a stage needs is installed when missing and skipped when present.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root());
    cmd
}

/// Runs one stage, printing its name and how long it took.
fn stage(name: &str, mut cmd: Command) -> Result<(), String> {
    println!("==> {name}");
    let started = Instant::now();
    let status = cmd
        .status()
        .map_err(|e| format!("{name}: cannot start: {e}"))?;
    println!("<== {name}: {:.1}s", started.elapsed().as_secs_f64());
    if status.success() {
        Ok(())
    } else {
        Err(format!("{name} failed ({status})"))
    }
}

fn ensure_rust_components() -> Result<(), String> {
    for (tool, component) in [("rustfmt", "rustfmt"), ("cargo-clippy", "clippy")] {
        let present = Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !present {
            let mut cmd = Command::new("rustup");
            cmd.args(["component", "add", component]);
            stage(&format!("install {component}"), cmd)?;
        }
    }
    Ok(())
}

fn test() -> Result<(), String> {
    let started = Instant::now();
    ensure_rust_components()?;
    let mut fmt = cargo();
    fmt.args(["fmt", "--all", "--check"]);
    stage("cargo fmt --check", fmt)?;
    let mut clippy = cargo();
    clippy.args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]);
    stage("cargo clippy", clippy)?;
    let mut tests = cargo();
    // Snapshots never update silently in a test run.
    tests
        .env("INSTA_UPDATE", "no")
        .args(["test", "--workspace"]);
    stage("cargo test", tests)?;
    println!(
        "all stages passed in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn run() -> Result<(), String> {
    let mut build = cargo();
    build.args(["build", "--release", "--package", "kubeshape"]);
    stage("build kubeshape", build)?;
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from);
    let binary = target.join("release/kubeshape");
    let example = root().join("examples/seed-000-deployment.yaml");
    println!(
        "\n$ kubeshape check {}\n",
        example.strip_prefix(root()).unwrap_or(&example).display()
    );
    let status = Command::new(&binary)
        .arg("check")
        .arg(&example)
        .current_dir(root())
        .status()
        .map_err(|e| e.to_string())?;
    println!(
        "\n(kubeshape exited with {}; {} is the binary — try `--lang zh` or `--format sarif`)",
        status.code().unwrap_or(-1),
        binary.display()
    );
    Ok(())
}

fn readme() -> Result<(), String> {
    let out = cargo()
        .args([
            "run",
            "--quiet",
            "--package",
            "kubeshape",
            "--",
            "rules",
            "--format",
            "markdown",
        ])
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err("kubeshape rules failed".into());
    }
    let table = String::from_utf8(out.stdout).map_err(|e| e.to_string())?;
    let path = root().join("README.md");
    let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
    let (start, end) = ("<!-- rules:start -->\n", "<!-- rules:end -->");
    let a = text.find(start).ok_or("README has no rules:start marker")? + start.len();
    let b = text.find(end).ok_or("README has no rules:end marker")?;
    std::fs::write(&path, format!("{}{table}{}", &text[..a], &text[b..]))
        .map_err(|e| e.to_string())?;
    println!("README.md rule table updated");
    Ok(())
}

fn main() -> ExitCode {
    let task = std::env::args().nth(1).unwrap_or_default();
    let result = match task.as_str() {
        "test" => test(),
        "run" => run(),
        "readme" => readme(),
        _ => Err("usage: cargo xtask <run|test|readme>".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
