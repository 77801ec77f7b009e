//! `cargo xtask schema [--check]`: the Kubernetes field tree the schema
//! rules read, generated from the strict JSON schemas that the PyPI package
//! `kubernetes-validate` ships per Kubernetes version.
//!
//! The output, `crates/core/src/schema/kubernetes.bin`, is committed; `--check`
//! (run by `cargo xtask test`) regenerates it in memory and fails when the
//! committed file differs. The format is described in
//! `crates/core/src/schema/mod.rs`, which reads it.
//!
//! What is kept: every definition reachable from a kind the API serves
//! (lists, watch events and the discovery types left out), its fields, each
//! field's type, in which versions the field exists and in which it is
//! required. Descriptions and enums are dropped. Versions are merged: a field
//! present in 1.25–1.37 is stored once with a bit mask of versions.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::{root, target_dir};

/// The source package, pinned, and the wheel's SHA-256.
const PACKAGE: &str = "kubernetes-validate==1.37.0";
const WHEEL: &str = "kubernetes_validate-1.37.0-py3-none-any.whl";
const WHEEL_SHA256: &str = "85136d018a27b50ec7fc049d902bfa5193f5976807e6c0f408e3ab6fe078cad9";
/// The Kubernetes minor versions whose schemas are kept (the wheel's).
const MINORS: std::ops::RangeInclusive<u8> = 25..=37;

pub fn output_path() -> PathBuf {
    root().join("crates/core/src/schema/kubernetes.bin")
}

fn source_dir() -> PathBuf {
    target_dir().join("schema-source")
}

fn sha256(path: &Path) -> Result<String, String> {
    let out = Command::new("sha256sum")
        .arg(path)
        .output()
        .map_err(|e| format!("sha256sum: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    Ok(text
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned())
}

/// Downloads the wheel (once) and unpacks the strict definitions of each
/// version (once); returns the directory that holds `v1.NN.0-local-strict/`.
fn fetch() -> Result<PathBuf, String> {
    let dir = source_dir();
    let unpacked = dir.join("kubernetes_validate/kubernetes-json-schema");
    let wanted = |m: u8| unpacked.join(format!("v1.{m}.0-local-strict/_definitions.json"));
    if MINORS.clone().all(|m| wanted(m).is_file()) {
        return Ok(unpacked);
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let wheel = dir.join(WHEEL);
    if !wheel.is_file() {
        println!("==> downloading {PACKAGE} from PyPI");
        let status = Command::new("python3")
            .args(["-m", "pip", "download", "--no-deps", "--quiet", "-d"])
            .arg(&dir)
            .arg(PACKAGE)
            .status()
            .map_err(|e| format!("python3 -m pip: {e}"))?;
        if !status.success() || !wheel.is_file() {
            return Err(format!("could not download {PACKAGE} with pip"));
        }
    }
    let sum = sha256(&wheel)?;
    if sum != WHEEL_SHA256 {
        let _ = std::fs::remove_file(&wheel);
        return Err(format!("{WHEEL}: SHA-256 {sum}, expected {WHEEL_SHA256}"));
    }
    let members: Vec<String> = MINORS
        .map(|m| format!("kubernetes_validate/kubernetes-json-schema/v1.{m}.0-local-strict/_definitions.json"))
        .collect();
    let script = "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nfor m in sys.argv[3:]:\n    z.extract(m, sys.argv[2])\n";
    let status = Command::new("python3")
        .args(["-c", script])
        .arg(&wheel)
        .arg(&dir)
        .args(&members)
        .status()
        .map_err(|e| format!("python3: {e}"))?;
    if !status.success() {
        return Err(format!("could not unpack {WHEEL}"));
    }
    Ok(unpacked)
}

/// Fields the OpenAPI schema marks optional but API validation requires
/// (`spec.containers[0].image: Required value`): added as required.
const REQUIRED_BY_VALIDATION: &[(&str, &str)] = &[
    ("io.k8s.api.core.v1.Container", "image"),
    ("io.k8s.api.core.v1.EphemeralContainer", "image"),
];

/// A field's type, as the core reads it (tags match `schema::Ty`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Ty {
    Any,
    String,
    Int,
    Number,
    Bool,
    IntOrString,
    Quantity,
    Array(Box<Ty>),
    Map(Box<Ty>),
    Object(String),
    FreeObject,
}

impl Ty {
    fn tag(&self) -> u8 {
        match self {
            Ty::Any => 0,
            Ty::String => 1,
            Ty::Int => 2,
            Ty::Number => 3,
            Ty::Bool => 4,
            Ty::IntOrString => 5,
            Ty::Quantity => 6,
            Ty::Array(_) => 7,
            Ty::Map(_) => 8,
            Ty::Object(_) => 9,
            Ty::FreeObject => 10,
        }
    }
}

#[derive(Debug, Default)]
struct Field {
    /// Per type (a field may change type between versions): versions mask.
    types: BTreeMap<Ty, u16>,
    required: u16,
}

#[derive(Debug, Default)]
struct Def {
    fields: BTreeMap<String, Field>,
}

fn types_of(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .collect(),
        _ => Vec::new(),
    }
}

fn ref_name(schema: &Value) -> Option<&str> {
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
}

struct Source<'d> {
    defs: &'d serde_json::Map<String, Value>,
}

impl Source<'_> {
    /// The type of `schema`; object definitions it names are pushed to `todo`.
    fn ty(&self, schema: &Value, todo: &mut Vec<String>) -> Ty {
        if schema.get("x-kubernetes-preserve-unknown-fields") == Some(&Value::Bool(true)) {
            return Ty::Any;
        }
        if let Some(name) = ref_name(schema) {
            let Some(def) = self.defs.get(name) else {
                return Ty::Any;
            };
            if def
                .get("properties")
                .is_some_and(|p| p.as_object().is_some_and(|p| !p.is_empty()))
                && def.get("x-kubernetes-preserve-unknown-fields") != Some(&Value::Bool(true))
            {
                todo.push(name.to_owned());
                return Ty::Object(name.to_owned());
            }
            return self.ty(def, todo);
        }
        if let Some(Value::Array(options)) = schema.get("oneOf") {
            let kinds: BTreeSet<&str> = options.iter().flat_map(types_of).collect();
            return match kinds.iter().copied().collect::<Vec<_>>().as_slice() {
                ["integer", "string"] => Ty::IntOrString,
                ["number", "string"] => Ty::Quantity,
                _ => Ty::Any,
            };
        }
        match types_of(schema).as_slice() {
            ["string"] => Ty::String,
            ["integer"] => Ty::Int,
            ["number"] => Ty::Number,
            ["boolean"] => Ty::Bool,
            ["array"] => Ty::Array(Box::new(
                schema.get("items").map_or(Ty::Any, |i| self.ty(i, todo)),
            )),
            ["object"] => match schema.get("additionalProperties") {
                Some(v @ Value::Object(_)) => Ty::Map(Box::new(self.ty(v, todo))),
                _ => Ty::FreeObject,
            },
            _ => Ty::Any,
        }
    }
}

/// Kinds that are not objects one writes in a manifest.
fn is_listed_kind(kind: &str) -> bool {
    !(kind.ends_with("List")
        || matches!(kind, "WatchEvent" | "DeleteOptions" | "Status")
        || kind.starts_with("API"))
}

struct Merged {
    versions: Vec<u8>,
    defs: BTreeMap<String, Def>,
    /// (apiVersion, kind) → (definition, versions mask).
    kinds: BTreeMap<(String, String), (String, u16)>,
}

fn merge(unpacked: &Path) -> Result<Merged, String> {
    let mut merged = Merged {
        versions: MINORS.collect(),
        defs: BTreeMap::new(),
        kinds: BTreeMap::new(),
    };
    for (bit, minor) in MINORS.enumerate() {
        let mask = 1u16 << bit;
        let path = unpacked.join(format!("v1.{minor}.0-local-strict/_definitions.json"));
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let json: Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let defs = json
            .get("$defs")
            .and_then(Value::as_object)
            .ok_or(format!("{}: no $defs", path.display()))?;
        let source = Source { defs };
        let mut todo: Vec<String> = Vec::new();
        for (name, def) in defs {
            for gvk in def
                .get("x-kubernetes-group-version-kind")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let field = |k: &str| gvk.get(k).and_then(Value::as_str).unwrap_or_default();
                let (group, version, kind) = (field("group"), field("version"), field("kind"));
                if !is_listed_kind(kind) || def.get("properties").is_none() {
                    continue;
                }
                let api_version = if group.is_empty() {
                    version.to_owned()
                } else {
                    format!("{group}/{version}")
                };
                let entry = merged
                    .kinds
                    .entry((api_version, kind.to_owned()))
                    .or_insert((name.clone(), 0));
                if entry.0 != *name {
                    return Err(format!("{kind}: two definitions ({} and {name})", entry.0));
                }
                entry.1 |= mask;
                todo.push(name.clone());
            }
        }
        let mut seen = BTreeSet::new();
        while let Some(name) = todo.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            let def = &defs[&name];
            let required: BTreeSet<&str> = def
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            let out = merged.defs.entry(name.clone()).or_default();
            for (field, schema) in def
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                let ty = source.ty(schema, &mut todo);
                let f = out.fields.entry(field.clone()).or_default();
                *f.types.entry(ty).or_default() |= mask;
                if required.contains(field.as_str())
                    || REQUIRED_BY_VALIDATION.contains(&(name.as_str(), field.as_str()))
                {
                    f.required |= mask;
                }
            }
        }
    }
    Ok(merged)
}

/// The binary table (see `crates/core/src/schema/mod.rs` for the layout).
fn encode(m: &Merged) -> Result<Vec<u8>, String> {
    let mut strings: Vec<String> = Vec::new();
    let mut string_ids: HashMap<String, u16> = HashMap::new();
    let mut string = |s: &str| -> u16 {
        if let Some(&i) = string_ids.get(s) {
            return i;
        }
        let i = strings.len() as u16;
        strings.push(s.to_owned());
        string_ids.insert(s.to_owned(), i);
        i
    };
    let def_ids: HashMap<&str, u16> = m
        .defs
        .keys()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i as u16))
        .collect();
    let mut types: Vec<Ty> = Vec::new();
    let mut type_ids: HashMap<Ty, u16> = HashMap::new();
    fn type_id(ty: &Ty, types: &mut Vec<Ty>, ids: &mut HashMap<Ty, u16>) -> u16 {
        if let Some(&i) = ids.get(ty) {
            return i;
        }
        if let Ty::Array(inner) | Ty::Map(inner) = ty {
            type_id(inner, types, ids);
        }
        let i = types.len() as u16;
        types.push(ty.clone());
        ids.insert(ty.clone(), i);
        i
    }
    let mut defs_out = Vec::new();
    for (name, def) in &m.defs {
        let short = name.rsplit('.').next().unwrap_or(name);
        let entries: Vec<(&String, &Ty, u16, u16)> = def
            .fields
            .iter()
            .flat_map(|(f, field)| {
                field
                    .types
                    .iter()
                    .map(move |(t, mask)| (f, t, *mask, field.required & *mask))
            })
            .collect();
        push16(&mut defs_out, string(short));
        push16(&mut defs_out, entries.len() as u16);
        for (f, ty, mask, required) in entries {
            push16(&mut defs_out, string(f));
            push16(&mut defs_out, type_id(ty, &mut types, &mut type_ids));
            push16(&mut defs_out, mask);
            push16(&mut defs_out, required);
        }
    }
    let mut kinds_out = Vec::new();
    for ((api_version, kind), (def, mask)) in &m.kinds {
        push16(&mut kinds_out, string(api_version));
        push16(&mut kinds_out, string(kind));
        push16(&mut kinds_out, def_ids[def.as_str()]);
        push16(&mut kinds_out, *mask);
    }
    let mut out = b"KSCH\x01".to_vec();
    out.push(m.versions.len() as u8);
    out.extend(&m.versions);
    push16(&mut out, strings.len() as u16);
    for s in &strings {
        let len = u8::try_from(s.len()).map_err(|_| format!("name too long: {s}"))?;
        out.push(len);
        out.extend(s.as_bytes());
    }
    push16(&mut out, types.len() as u16);
    for ty in &types {
        out.push(ty.tag());
        match ty {
            Ty::Array(inner) | Ty::Map(inner) => push16(&mut out, type_ids[inner.as_ref()]),
            Ty::Object(def) => push16(&mut out, def_ids[def.as_str()]),
            _ => {}
        }
    }
    push16(&mut out, m.defs.len() as u16);
    out.extend(defs_out);
    push16(&mut out, m.kinds.len() as u16);
    out.extend(kinds_out);
    Ok(out)
}

fn push16(out: &mut Vec<u8>, v: u16) {
    out.extend(v.to_le_bytes());
}

fn generate() -> Result<Vec<u8>, String> {
    let unpacked = fetch()?;
    let merged = merge(&unpacked)?;
    let fields: usize = merged.defs.values().map(|d| d.fields.len()).sum();
    println!(
        "schema: Kubernetes 1.{}–1.{}: {} kinds, {} definitions, {} fields",
        MINORS.start(),
        MINORS.end(),
        merged.kinds.len(),
        merged.defs.len(),
        fields
    );
    encode(&merged)
}

/// Writes the table, or with `--check` fails when the committed one differs.
pub fn run(args: &[String]) -> Result<(), String> {
    let bytes = generate()?;
    let path = output_path();
    if args.iter().any(|a| a == "--check") {
        let committed = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        if committed != bytes {
            return Err(format!(
                "{} is not what `cargo xtask schema` generates from {PACKAGE}; run it and commit the result",
                path.display()
            ));
        }
        println!(
            "schema: {} is up to date ({} bytes)",
            path.display(),
            bytes.len()
        );
        return Ok(());
    }
    std::fs::create_dir_all(path.parent().expect("has a parent")).map_err(|e| e.to_string())?;
    std::fs::write(&path, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("schema: wrote {} ({} bytes)", path.display(), bytes.len());
    Ok(())
}
