//! A waPC host for the kubeshape Kubewarden module: the `wapc` crate with
//! its wasmtime engine provider, the same pair Kubewarden's policy-server
//! embeds. Tests and the latency benchmark run the built, optimised module
//! through it, never the Rust functions behind it.
//!
//! The module is compiled once per [`Policy`]; every call gets a fresh
//! instance, as the policy-server gives every request.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;
use wapc::WapcHost;
use wasmtime_provider::{WasmtimeEngineProviderBuilder, WasmtimeEngineProviderPre};

/// The compiled module, ready to instantiate.
pub struct Policy {
    pre: WasmtimeEngineProviderPre,
}

impl Policy {
    /// Compiles a module (1–2 s for ours: do it once).
    pub fn load(bytes: &[u8]) -> Result<Policy, String> {
        let pre = WasmtimeEngineProviderBuilder::new()
            .module_bytes(bytes)
            .build_pre()
            .map_err(|e| format!("cannot compile the module: {e}"))?;
        Ok(Policy { pre })
    }

    /// Calls one waPC function on a fresh instance. `Err` is a guest error
    /// or a trap: the policy must never produce either.
    pub fn call(&self, function: &str, payload: &[u8]) -> Result<Vec<u8>, String> {
        let engine = self
            .pre
            .rehydrate(None)
            .map_err(|e| format!("cannot instantiate: {e}"))?;
        let host = WapcHost::new(Box::new(engine), Some(Box::new(host_call)))
            .map_err(|e| format!("wapc_init failed: {e}"))?;
        host.call(function, payload)
            .map_err(|e| format!("{function} failed: {e}"))
    }

    /// Calls a function and reads its answer as JSON.
    pub fn call_json(&self, function: &str, payload: &[u8]) -> Result<Value, String> {
        let bytes = self.call(function, payload)?;
        serde_json::from_slice(&bytes).map_err(|e| {
            format!(
                "{function} answered with something that is not JSON ({e}): {}",
                String::from_utf8_lossy(&bytes)
            )
        })
    }

    /// `validate` for an AdmissionRequest and settings.
    pub fn validate(&self, request: &Value, settings: &Value) -> Result<Value, String> {
        let payload = serde_json::json!({ "request": request, "settings": settings });
        self.call_json("validate", payload.to_string().as_bytes())
    }
}

/// How this host answers a policy's host calls. Kubewarden's policy-server
/// offers policies capabilities through them; the one a plain validation
/// uses is the SDK's log drain (`kubewarden` / `tracing` / `log`: a JSON
/// record, which the server passes on to its own log, and which is read
/// here and dropped). Every other capability (cluster lookups, OCI, DNS,
/// signatures) is refused with an error the guest sees. kubeshape's module
/// makes no host call; other policies timed beside it (`policy-bench`) log.
fn host_call(
    _id: u64,
    binding: &str,
    namespace: &str,
    operation: &str,
    payload: &[u8],
) -> Result<Vec<u8>, Box<dyn std::error::Error + Send + Sync>> {
    match (binding, namespace, operation) {
        ("kubewarden", "tracing", "log") => {
            serde_json::from_slice::<Value>(payload)?;
            Ok(Vec::new())
        }
        _ => {
            Err(format!("this host offers no {binding}/{namespace}/{operation} capability").into())
        }
    }
}

/// Reads a custom section (e.g. `io.kubewarden.metadata`) from a module.
pub fn custom_section<'a>(module: &'a [u8], name: &str) -> Option<&'a [u8]> {
    let mut rest = module.strip_prefix(b"\0asm\x01\0\0\0")?;
    while let Some((&id, after)) = rest.split_first() {
        let (size, after) = leb128(after)?;
        let body = after.get(..size)?;
        rest = &after[size..];
        if id != 0 {
            continue;
        }
        let (len, named) = leb128(body)?;
        if named.get(..len)? == name.as_bytes() {
            return Some(&named[len..]);
        }
    }
    None
}

fn leb128(bytes: &[u8]) -> Option<(usize, &[u8])> {
    let mut value = 0usize;
    for (i, &b) in bytes.iter().enumerate().take(5) {
        value |= usize::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Some((value, &bytes[i + 1..]));
        }
    }
    None
}

/// The workspace root.
pub fn root() -> PathBuf {
    manifest_dir()
        .ancestors()
        .nth(2)
        .expect("workspace root")
        .to_path_buf()
}

/// The annotated, optimised module `cargo xtask kubewarden` builds:
/// `$KUBESHAPE_POLICY_WASM` when set (the test command sets it after
/// building), otherwise built now.
pub fn built_module() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os("KUBESHAPE_POLICY_WASM") {
        return Ok(PathBuf::from(path));
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(root())
        .args([
            "run",
            "--quiet",
            "--package",
            "xtask",
            "--",
            "kubewarden",
            "--print-path",
        ])
        .output()
        .map_err(|e| format!("cannot run cargo xtask kubewarden: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cargo xtask kubewarden failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let path = stdout
        .lines()
        .last()
        .ok_or("cargo xtask kubewarden printed no path")?;
    Ok(PathBuf::from(path.trim()))
}

/// This package's directory: cargo's run-time value first, so a binary
/// built from another checkout that shares the target directory (CI) does
/// not read that checkout's files — but only when it is this package's (the
/// `policy-bench` binary run by `cargo xtask` inherits xtask's).
fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .filter(|dir| dir.ends_with("crates/kubewarden-host"))
        .unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into())
}

#[cfg(test)]
mod tests {
    use super::host_call;

    /// The log drain's records are read and answered with nothing; a
    /// record that is not JSON, and every capability the host does not
    /// offer, get an error the guest sees.
    #[test]
    fn host_calls_answer_the_log_drain_only() {
        let record = br#"{"level":"info","message":"starting validation"}"#;
        assert_eq!(
            host_call(1, "kubewarden", "tracing", "log", record).ok(),
            Some(Vec::new())
        );
        assert!(host_call(1, "kubewarden", "tracing", "log", b"not json").is_err());
        for (binding, namespace, operation) in [
            ("kubewarden", "kubernetes", "list_resources_by_namespace"),
            ("kubewarden", "oci", "v1/manifest_digest"),
            ("kubewarden", "net", "v1/dns_lookup_host"),
            ("other", "tracing", "log"),
        ] {
            let answer = host_call(1, binding, namespace, operation, b"{}");
            let error = answer.expect_err(operation).to_string();
            assert!(error.contains(operation), "{error}");
        }
    }
}
