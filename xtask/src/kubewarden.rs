//! `cargo xtask kubewarden`: builds the Kubewarden module for wasm32-wasip1,
//! optimises it with wasm-opt, embeds the policy metadata the way
//! `kwctl annotate` does, and reports its size against the 1.5 MB budget.
//! `cargo xtask kubewarden-metadata` rewrites `policies/kubewarden/*.yml`
//! from the rules (a test fails when the committed files differ).

use std::path::{Path, PathBuf};

use kubeshape_kubewarden::package;

use crate::{cargo, root, setup, stage, target_dir, web};

/// DESIGN.md: the module after wasm-opt stays within 1.5 MB.
pub const BUDGET: u64 = 1536 * 1024;

/// The custom section `kwctl annotate` writes and policy-server reads.
pub const METADATA_SECTION: &str = "io.kubewarden.metadata";

fn leb128(mut value: usize, out: &mut Vec<u8>) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Appends a custom section (id 0: name, then payload) to a module.
fn with_custom_section(module: &[u8], name: &str, payload: &[u8]) -> Vec<u8> {
    let mut body = Vec::with_capacity(name.len() + payload.len() + 5);
    leb128(name.len(), &mut body);
    body.extend_from_slice(name.as_bytes());
    body.extend_from_slice(payload);
    let mut out = module.to_vec();
    out.push(0);
    leb128(body.len(), &mut out);
    out.extend_from_slice(&body);
    out
}

/// Builds `<target>/kubewarden/policy.wasm` (optimised) and
/// `annotated-policy.wasm` (with metadata); returns the annotated one.
pub fn build() -> Result<PathBuf, String> {
    setup::wasm_targets()?;
    setup::npm()?;
    let mut cmd = cargo();
    cmd.args([
        "build",
        "--package",
        "kubeshape-kubewarden",
        "--target",
        "wasm32-wasip1",
        "--profile",
        "release-policy",
    ]);
    stage("cargo build kubeshape-kubewarden (wasm32-wasip1)", cmd)?;
    let built = target_dir().join("wasm32-wasip1/release-policy/kubeshape_kubewarden.wasm");
    let out = target_dir().join("kubewarden");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let policy = out.join("policy.wasm");
    std::fs::copy(&built, &policy).map_err(|e| format!("copy {}: {e}", built.display()))?;
    web::wasm_opt_at(&policy, "-O3")?;
    let module = std::fs::read(&policy).map_err(|e| e.to_string())?;
    let metadata = package::metadata_json().to_string();
    let annotated = out.join("annotated-policy.wasm");
    std::fs::write(
        &annotated,
        with_custom_section(&module, METADATA_SECTION, metadata.as_bytes()),
    )
    .map_err(|e| e.to_string())?;
    report(&built, &policy, &annotated)?;
    Ok(annotated)
}

fn size(path: &Path) -> Result<u64, String> {
    std::fs::metadata(path)
        .map(|m| m.len())
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn report(built: &Path, policy: &Path, annotated: &Path) -> Result<(), String> {
    let kb = |b: u64| b as f64 / 1024.0;
    let (raw, opt, ann) = (size(built)?, size(policy)?, size(annotated)?);
    let gz = web::gzip_size(policy)?;
    let verdict = if opt <= BUDGET { "within" } else { "OVER" };
    println!(
        "kubewarden module: {:.1} KB from cargo, {:.1} KB after wasm-opt -O3 ({:.1} KB gzip -9), {:.1} KB annotated; {verdict} the budget of {} KB",
        kb(raw),
        kb(opt),
        kb(gz),
        kb(ann),
        BUDGET / 1024
    );
    if opt > BUDGET {
        return Err("the Kubewarden module is over its size budget".into());
    }
    Ok(())
}

/// Writes the generated packaging files.
pub fn write_metadata() -> Result<(), String> {
    let dir = root().join("policies/kubewarden");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    for (name, text) in package::files() {
        std::fs::write(dir.join(name), text).map_err(|e| e.to_string())?;
        println!("wrote policies/kubewarden/{name}");
    }
    Ok(())
}

/// Builds the module and the optimised host; returns the module and the
/// `policy-bench` binary.
pub fn bench_parts() -> Result<(PathBuf, PathBuf), String> {
    let module = build()?;
    let mut host = cargo();
    host.args([
        "build",
        "--package",
        "kubeshape-kubewarden-host",
        "--profile",
        "bench-host",
        "--bin",
        "policy-bench",
    ]);
    stage("cargo build policy-bench (bench-host profile)", host)?;
    Ok((module, target_dir().join("bench-host/policy-bench")))
}

/// Builds the module and the optimised host, then times `validate`.
pub fn bench(args: &[String]) -> Result<(), String> {
    let (module, bench) = bench_parts()?;
    let mut run = std::process::Command::new(bench);
    run.arg(&module).args(args);
    stage("policy-bench", run)
}
