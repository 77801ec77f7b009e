//! A waPC host for the kubeshape Kubewarden module: the `wapc` crate with
//! its wasmtime engine provider, the same pair Kubewarden's policy-server
//! embeds. Tests and the latency benchmark run the built, optimised module
//! through it, never the Rust functions behind it.
//!
//! The module is compiled once per [`Policy`]; every call gets a fresh
//! instance, as the policy-server gives every request.

use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, Mutex};

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
        self.call_in(function, payload, None)
    }

    /// [`Policy::call`] with a cluster that answers the policy's
    /// Kubernetes lookups (as `kwctl --replay-host-capabilities-interactions`
    /// answers them from a session file).
    pub fn call_in(
        &self,
        function: &str,
        payload: &[u8],
        cluster: Option<Arc<Cluster>>,
    ) -> Result<Vec<u8>, String> {
        let engine = self
            .pre
            .rehydrate(None)
            .map_err(|e| format!("cannot instantiate: {e}"))?;
        let callback =
            move |id: u64, binding: &str, namespace: &str, operation: &str, payload: &[u8]| match (
                &cluster, binding, namespace,
            ) {
                (Some(cluster), "kubewarden", "kubernetes") => cluster.answer(operation, payload),
                _ => host_call(id, binding, namespace, operation, payload),
            };
        let host = WapcHost::new(Box::new(engine), Some(Box::new(callback)))
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

    /// `validate` with a cluster answering the policy's lookups.
    pub fn validate_in(
        &self,
        request: &Value,
        settings: &Value,
        cluster: &Arc<Cluster>,
    ) -> Result<Value, String> {
        let payload = serde_json::json!({ "request": request, "settings": settings });
        let bytes = self.call_in(
            "validate",
            payload.to_string().as_bytes(),
            Some(Arc::clone(cluster)),
        )?;
        serde_json::from_slice(&bytes)
            .map_err(|e| format!("validate answered with something that is not JSON ({e})"))
    }
}

/// The objects a test's cluster holds, answering
/// `kubewarden/kubernetes/list_resources_by_namespace` as policy-server
/// does: the objects of that apiVersion, kind and namespace (and name, for
/// a `metadata.name=` field selector), pruned to the field masks, as a
/// Kubernetes list. Every request is kept for the test to read.
#[derive(Debug, Default)]
pub struct Cluster {
    pub objects: Vec<Value>,
    /// When set, every lookup fails with this error (RBAC, a timeout).
    pub fail: Option<String>,
    pub requests: Mutex<Vec<Value>>,
}

type HostResult = Result<Vec<u8>, Box<dyn std::error::Error + Send + Sync>>;

impl Cluster {
    pub fn new(objects: Vec<Value>) -> Arc<Cluster> {
        Arc::new(Cluster {
            objects,
            ..Cluster::default()
        })
    }

    pub fn failing(why: &str) -> Arc<Cluster> {
        Arc::new(Cluster {
            fail: Some(why.to_owned()),
            ..Cluster::default()
        })
    }

    fn answer(&self, operation: &str, payload: &[u8]) -> HostResult {
        let request: Value = serde_json::from_slice(payload)?;
        if let Ok(mut requests) = self.requests.lock() {
            requests.push(serde_json::json!({"operation": operation, "request": request}));
        }
        if let Some(why) = &self.fail {
            return Err(why.clone().into());
        }
        if operation != "list_resources_by_namespace" {
            return Err(format!(
                "this host answers list_resources_by_namespace only, not {operation}"
            )
            .into());
        }
        let text = |key: &str| request[key].as_str().unwrap_or_default().to_owned();
        let (api_version, kind, namespace) = (text("api_version"), text("kind"), text("namespace"));
        let name = request["field_selector"]
            .as_str()
            .and_then(|s| s.strip_prefix("metadata.name="))
            .map(str::to_owned);
        let masks: Vec<String> = request["field_masks"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|m| m.as_str().map(str::to_owned))
            .collect();
        let items: Vec<Value> = self
            .objects
            .iter()
            .filter(|o| o["apiVersion"] == api_version.as_str() && o["kind"] == kind.as_str())
            .filter(|o| o["metadata"]["namespace"].as_str().unwrap_or("default") == namespace)
            .filter(|o| name.as_deref().is_none_or(|n| o["metadata"]["name"] == n))
            .map(|o| prune(o, &masks))
            .collect();
        let list = serde_json::json!({
            "apiVersion": api_version,
            "kind": format!("{kind}List"),
            "metadata": {},
            "items": items,
        });
        Ok(list.to_string().into_bytes())
    }
}

/// `value` with only the fields the masks name (`a.b.c`, lists traversed):
/// everything when there are none.
pub fn prune(value: &Value, masks: &[String]) -> Value {
    if masks.is_empty() {
        return value.clone();
    }
    let paths: Vec<Vec<&str>> = masks.iter().map(|m| m.split('.').collect()).collect();
    let refs: Vec<&[&str]> = paths.iter().map(Vec::as_slice).collect();
    keep(value, &refs).unwrap_or(Value::Null)
}

fn keep(value: &Value, paths: &[&[&str]]) -> Option<Value> {
    if paths.iter().any(|p| p.is_empty()) {
        return Some(value.clone());
    }
    match value {
        Value::Array(items) => Some(Value::Array(
            items.iter().filter_map(|i| keep(i, paths)).collect(),
        )),
        Value::Object(map) => {
            let mut out = serde_json::Map::new();
            for (key, child) in map {
                let rest: Vec<&[&str]> = paths
                    .iter()
                    .filter(|p| p[0] == key)
                    .map(|p| &p[1..])
                    .collect();
                if !rest.is_empty() {
                    if let Some(kept) = keep(child, &rest) {
                        out.insert(key.clone(), kept);
                    }
                }
            }
            Some(Value::Object(out))
        }
        _ => None,
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
