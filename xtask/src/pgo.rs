//! `cargo xtask cli`: the command-line tool built with profile-guided
//! optimisation, as the benchmarks measure it — an instrumented build, a
//! training run, and a build that uses what the training run counted.
//!
//! The training run checks the rule fixtures, the fixes' inputs and the
//! seed examples (every rule, every output format, both languages): never
//! the benchmark corpus, so the profile does not know the inputs it is
//! measured on. The benchmark's parse-only floor is built and trained the
//! same way (over the same files), so that kubeshape is compared with its
//! own reader built as well as itself.
//!
//! The profile is merged with `llvm-profdata` of the LLVM that rustc is
//! built on (rustup's `llvm-tools`, or Debian's `llvm-N`; installed when
//! missing).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{cargo, root, stage, target_dir};

/// The two profile-guided binaries.
pub struct Built {
    pub cli: PathBuf,
    pub floor: PathBuf,
}

/// What the training run reads: the rules' fixtures, the fixes' inputs
/// and the seed examples.
fn training_inputs() -> Vec<PathBuf> {
    [
        "crates/core/tests/fixtures",
        "crates/core/tests/fixes",
        "examples",
    ]
    .iter()
    .map(|p| root().join(p))
    .collect()
}

/// `rustc -vV`'s `host:` and the major version of its `LLVM version:`.
fn rustc_host_and_llvm() -> Result<(String, String), String> {
    let out = Command::new("rustc")
        .arg("-vV")
        .output()
        .map_err(|e| format!("rustc -vV: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_owned())
            .ok_or_else(|| format!("rustc -vV printed no `{name}`"))
    };
    let host = field("host:")?;
    let llvm = field("LLVM version:")?;
    let major = llvm.split('.').next().unwrap_or_default().to_owned();
    Ok((host, major))
}

/// `llvm-profdata` of rustc's own LLVM (a profile written by one LLVM is
/// not read by an older one): rustup's `llvm-tools` component, added when
/// missing, or else Debian's `llvm-<major>`. (Debian's stable release has
/// no package of the LLVM today's rustc is built on; rustup's component
/// always matches it.)
fn llvm_profdata(host: &str, major: &str) -> Result<PathBuf, String> {
    let sysroot = Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .map_err(|e| format!("rustc --print sysroot: {e}"))?;
    let sysroot = PathBuf::from(String::from_utf8_lossy(&sysroot.stdout).trim());
    let rustup = sysroot.join(format!("lib/rustlib/{host}/bin/llvm-profdata"));
    if !rustup.exists() {
        let mut add = Command::new("rustup");
        add.args(["component", "add", "llvm-tools"]);
        if let Err(e) = stage("rustup component add llvm-tools", add) {
            println!("{e}: trying Debian's llvm-{major}");
        }
    }
    if rustup.exists() {
        return Ok(rustup);
    }
    let path = PathBuf::from(format!("/usr/lib/llvm-{major}/bin/llvm-profdata"));
    if !path.exists() {
        crate::setup::apt_install(&[&format!("llvm-{major}")])?;
    }
    if path.exists() {
        Ok(path)
    } else {
        Err(format!(
            "no llvm-profdata: neither rustup's llvm-tools nor {} (llvm-{major})",
            path.display()
        ))
    }
}

/// `cargo build --release` of the CLI and the floor for `host`, into
/// `dir`, with `flags` for our code and its dependencies (not for build
/// scripts: with `--target`, RUSTFLAGS leave them alone).
fn build(name: &str, host: &str, dir: &Path, flags: &str) -> Result<(), String> {
    let mut cmd = cargo();
    cmd.env("CARGO_TARGET_DIR", dir)
        .env("RUSTFLAGS", flags)
        .args([
            "build",
            "--release",
            "--package",
            "kubeshape",
            "--target",
            host,
        ])
        .args(["--bin", "kubeshape", "--example", "parse-floor"]);
    stage(name, cmd)
}

/// Runs `cmd` for its profile: 0 or 1 (findings) is a run that did its
/// work; 2 (a usage or I/O error) or a crash is not.
fn train(cmd: &mut Command) -> Result<(), String> {
    let status = cmd
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .map_err(|e| format!("training run: {e}"))?;
    match status.code() {
        Some(0 | 1) => Ok(()),
        _ => Err(format!("training run {cmd:?} failed ({status})")),
    }
}

/// Builds the profile-guided CLI and floor; returns where they are.
pub fn cli() -> Result<Built, String> {
    let (host, major) = rustc_host_and_llvm()?;
    let profdata = llvm_profdata(&host, &major)?;
    let base = target_dir().join("pgo");
    let profiles = base.join("profiles");
    // Counts from an older build would not match this code.
    let _ = std::fs::remove_dir_all(&profiles);
    std::fs::create_dir_all(&profiles).map_err(|e| e.to_string())?;
    let generate = base.join("generate");
    build(
        "build kubeshape, instrumented (release)",
        &host,
        &generate,
        &format!("-Cprofile-generate={}", profiles.display()),
    )?;
    let bin = |dir: &Path, name: &str| dir.join(&host).join("release").join(name);
    let floor = bin(&generate, "examples/parse-floor");
    crate::timed("training run (fixtures, fixes, seed examples)", || {
        let inputs = training_inputs();
        for format in ["json", "sarif", "human"] {
            for lang in ["en", "zh"] {
                train(
                    Command::new(bin(&generate, "kubeshape"))
                        .args([
                            "check",
                            "--include",
                            "all",
                            "--format",
                            format,
                            "--lang",
                            lang,
                        ])
                        .args(&inputs),
                )?;
            }
        }
        train(Command::new(&floor).args(&inputs))?;
        train(Command::new(&floor).arg("--trees").args(&inputs))
    })?;
    let raw: Vec<PathBuf> = std::fs::read_dir(&profiles)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "profraw"))
        .collect();
    if raw.is_empty() {
        return Err("the training run wrote no profile".into());
    }
    let merged = base.join("merged.profdata");
    let mut merge = Command::new(&profdata);
    merge.arg("merge").arg("-o").arg(&merged).args(&raw);
    stage("llvm-profdata merge", merge)?;
    let optimised = base.join("use");
    build(
        "build kubeshape, profile-guided (release)",
        &host,
        &optimised,
        &format!("-Cprofile-use={}", merged.display()),
    )?;
    let built = Built {
        cli: bin(&optimised, "kubeshape"),
        floor: bin(&optimised, "examples/parse-floor"),
    };
    println!("profile-guided kubeshape: {}", built.cli.display());
    Ok(built)
}
