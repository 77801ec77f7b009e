//! Installs what a stage needs when it is missing, and skips it when present.
//! Versions are pinned: the ones checked to work with this machine's Rust.

use std::path::PathBuf;
use std::process::Command;

use crate::{root, stage};

/// wasm-pack's last release that builds with our Rust, checked here.
const WASM_PACK_VERSION: &str = "0.15.1";

fn has(program: &str, arg: &str) -> Option<String> {
    let out = Command::new(program).arg(arg).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// The exact version of a package in Cargo.lock (wasm-bindgen-cli must match
/// the wasm-bindgen library to the patch level).
pub fn locked_version(package: &str) -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).map_err(|e| e.to_string())?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let at = lock
        .find(&needle)
        .ok_or_else(|| format!("{package} is not in Cargo.lock"))?
        + needle.len();
    Ok(lock[at..].split('"').next().unwrap_or_default().to_owned())
}

pub fn wasm_targets() -> Result<(), String> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).to_string())
        .is_ok_and(|t| t.contains("wasm32-unknown-unknown") && t.contains("wasm32-wasip1"));
    if installed {
        return Ok(());
    }
    let mut cmd = Command::new("rustup");
    cmd.args(["target", "add", "wasm32-unknown-unknown", "wasm32-wasip1"]);
    stage("install wasm targets", cmd)
}

pub fn wasm_bindgen() -> Result<(), String> {
    let version = locked_version("wasm-bindgen")?;
    if has("wasm-bindgen", "--version").is_some_and(|v| v.ends_with(&version)) {
        return Ok(());
    }
    // `--locked` fails for wasm-bindgen-cli here; the exact version is enough.
    let mut cmd = Command::new("cargo");
    cmd.args(["install", "wasm-bindgen-cli", "--version", &version]);
    stage(&format!("install wasm-bindgen-cli {version}"), cmd)
}

pub fn wasm_pack() -> Result<(), String> {
    if has("wasm-pack", "--version").is_some_and(|v| v.ends_with(WASM_PACK_VERSION)) {
        return Ok(());
    }
    let mut cmd = Command::new("cargo");
    cmd.args([
        "install",
        "wasm-pack",
        "--version",
        WASM_PACK_VERSION,
        "--locked",
    ]);
    stage(&format!("install wasm-pack {WASM_PACK_VERSION}"), cmd)
}

/// The npm packages of package.json (binaryen's wasm-opt, playwright-core,
/// typescript), installed unless each is present at its pinned version.
pub fn npm() -> Result<(), String> {
    let manifest =
        std::fs::read_to_string(root().join("package.json")).map_err(|e| e.to_string())?;
    let present = |name: &str, version: &str| {
        let installed = root().join("node_modules").join(name).join("package.json");
        std::fs::read_to_string(installed)
            .is_ok_and(|text| text.contains(&format!("\"version\": \"{version}\"")))
    };
    // package.json's devDependencies: one `"name": "x.y.z"` per line.
    let all_present = manifest
        .lines()
        .skip_while(|l| !l.contains("\"devDependencies\""))
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with('}'))
        .filter_map(|l| {
            let mut parts = l
                .split('"')
                .filter(|p| !p.trim().is_empty() && p.trim() != ":" && p.trim() != ",");
            Some((parts.next()?.to_owned(), parts.next()?.to_owned()))
        })
        .all(|(name, version)| present(&name, &version));
    if all_present {
        return Ok(());
    }
    let mut cmd = Command::new("npm");
    cmd.current_dir(root())
        .args(["install", "--no-audit", "--no-fund"]);
    stage("npm install", cmd)
}

pub fn wasm_opt() -> PathBuf {
    root().join("node_modules/.bin/wasm-opt")
}

/// Debian's chromium, for the browser tests.
/// pip, which fetches the schema package from PyPI (`cargo xtask schema`);
/// Debian's `python3-pip` when the machine has Python without it.
pub fn pip() -> Result<(), String> {
    let present = Command::new("python3")
        .args(["-m", "pip", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if present {
        return Ok(());
    }
    apt_install(&["python3-pip"])
}

/// Installs Debian `packages` (after `apt-get update`).
pub fn apt_install(packages: &[&str]) -> Result<(), String> {
    let mut update = Command::new("apt-get");
    update.args(["update", "-qq"]);
    stage("apt-get update", update)?;
    let mut install = Command::new("apt-get");
    install
        .env("DEBIAN_FRONTEND", "noninteractive")
        .args(["install", "-y", "-qq"])
        .args(packages);
    stage(&format!("install {}", packages.join(" ")), install)
}

pub fn chromium() -> Result<(), String> {
    // A CJK font, so screenshots of the Chinese texts show characters.
    let font = PathBuf::from("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
    if PathBuf::from("/usr/bin/chromium").exists() && font.exists() {
        return Ok(());
    }
    apt_install(&["chromium", "fonts-wqy-microhei"])
}

/// `/usr/bin/time` (Debian's `time`), whose `-v` report the benchmarks read.
pub fn gnu_time() -> Result<(), String> {
    if PathBuf::from("/usr/bin/time").exists() {
        return Ok(());
    }
    apt_install(&["time"])
}

/// A Python virtual environment `~/.cache/kubeshape/<name>` (outside the
/// clone, kept between runs) with `packages` (pinned) installed: made
/// once, again only when the list changes.
pub fn venv(name: &str, packages: &[&str]) -> Result<PathBuf, String> {
    let home = std::env::var_os("HOME").map_or_else(std::env::temp_dir, PathBuf::from);
    let venv = home.join(".cache/kubeshape").join(name);
    let stamp = venv.join("kubeshape-packages.txt");
    if std::fs::read_to_string(&stamp).is_ok_and(|s| s == packages.join("\n")) {
        return Ok(venv);
    }
    let mut create = Command::new("python3");
    create.args(["-m", "venv"]).arg(&venv);
    stage(&format!("python3 -m venv ({name})"), create)?;
    let mut pip = Command::new(venv.join("bin/pip"));
    pip.args(["install", "--quiet", "--disable-pip-version-check"])
        .args(packages);
    stage(&format!("pip install {}", packages.join(" ")), pip)?;
    std::fs::write(&stamp, packages.join("\n")).map_err(|e| e.to_string())?;
    Ok(venv)
}
