//! Settings read by hand (see [`super::Settings::from_json`]) from JSON values or
//! from our own parse tree (JSON is YAML: the browser faces read options
//! with the parser they already carry), with messages in serde's words
//! where serde had them.

use serde_json::Value;

use super::{Preset, PresetDefinition, Settings, Thresholds};
use crate::diagnostic::Severity;
use crate::parse::{Limits, Node, NodeValue, ScalarKind};

/// What the reader needs of a tree.
pub(crate) trait Tree {
    /// How serde would name the value in "invalid type: …".
    fn describe(&self) -> String;
    fn string(&self) -> Option<&str>;
    fn float(&self) -> Option<f64>;
    fn int(&self) -> Option<i64>;
    fn boolean(&self) -> Option<bool>;
    fn is_nothing(&self) -> bool;
    fn entries(&self) -> Option<Vec<(&str, &Self)>>;
    fn elements(&self) -> Option<Vec<&Self>>;
}

impl Tree for Value {
    fn describe(&self) -> String {
        match self {
            Value::Null => "null".to_owned(),
            Value::Bool(b) => format!("boolean `{b}`"),
            Value::Number(n) => format!("number `{n}`"),
            Value::String(s) => format!("string \"{s}\""),
            Value::Array(_) => "sequence".to_owned(),
            Value::Object(_) => "map".to_owned(),
        }
    }
    fn string(&self) -> Option<&str> {
        self.as_str()
    }
    fn float(&self) -> Option<f64> {
        self.as_f64()
    }
    fn int(&self) -> Option<i64> {
        self.as_i64()
    }
    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }
    fn is_nothing(&self) -> bool {
        self.is_null()
    }
    fn entries(&self) -> Option<Vec<(&str, &Self)>> {
        self.as_object()
            .map(|m| m.iter().map(|(k, v)| (k.as_str(), v)).collect())
    }
    fn elements(&self) -> Option<Vec<&Self>> {
        self.as_array().map(|items| items.iter().collect())
    }
}

impl Tree for Node<'_> {
    fn describe(&self) -> String {
        match (&self.value, self.scalar_kind()) {
            (NodeValue::Seq(_), _) => "sequence".to_owned(),
            (NodeValue::Map(_), _) => "map".to_owned(),
            (_, Some(ScalarKind::Null)) => "null".to_owned(),
            (_, Some(ScalarKind::Bool(b))) => format!("boolean `{b}`"),
            (_, Some(ScalarKind::Int(_) | ScalarKind::Float(_))) => {
                format!("number `{}`", self.as_str().unwrap_or_default())
            }
            _ => format!("string \"{}\"", self.as_str().unwrap_or_default()),
        }
    }
    fn string(&self) -> Option<&str> {
        matches!(self.scalar_kind(), Some(ScalarKind::String))
            .then(|| self.as_str())
            .flatten()
    }
    fn float(&self) -> Option<f64> {
        self.as_f64()
    }
    fn int(&self) -> Option<i64> {
        match self.scalar_kind()? {
            ScalarKind::Int(i) => Some(i),
            _ => None,
        }
    }
    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }
    fn is_nothing(&self) -> bool {
        self.is_null()
    }
    fn entries(&self) -> Option<Vec<(&str, &Self)>> {
        self.as_map().map(|m| {
            m.iter()
                .map(|e| (e.key.as_str().unwrap_or_default(), &e.value))
                .collect()
        })
    }
    fn elements(&self) -> Option<Vec<&Self>> {
        self.as_seq().map(|items| items.iter().collect())
    }
}

fn object<'v, T: Tree>(
    value: &'v T,
    what: &str,
    fields: &[&str],
    skip: &[&str],
) -> Result<Vec<(&'v str, &'v T)>, String> {
    let entries = value
        .entries()
        .ok_or_else(|| format!("{what}invalid type: {}, expected a map", value.describe()))?;
    let mut kept = Vec::with_capacity(entries.len());
    for (k, v) in entries {
        if skip.contains(&k) {
            continue;
        }
        if !fields.contains(&k) {
            let expected = fields
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", ");
            return Err(format!(
                "{what}unknown field `{k}`, expected one of {expected}"
            ));
        }
        kept.push((k, v));
    }
    Ok(kept)
}

fn string<'v, T: Tree>(value: &'v T, field: &str) -> Result<&'v str, String> {
    value.string().ok_or_else(|| {
        format!(
            "{field}: invalid type: {}, expected a string",
            value.describe()
        )
    })
}

fn strings<T: Tree>(value: &T, field: &str) -> Result<Vec<String>, String> {
    match value.elements() {
        Some(items) => items
            .into_iter()
            .map(|v| string(v, field).map(str::to_owned))
            .collect(),
        None => Err(format!(
            "{field}: invalid type: {}, expected a sequence",
            value.describe()
        )),
    }
}

fn variant<T: Tree, V: Copy>(value: &T, field: &str, all: &[(&str, V)]) -> Result<V, String> {
    let text = string(value, field)?;
    all.iter()
        .find(|(name, _)| *name == text)
        .map(|(_, v)| *v)
        .ok_or_else(|| {
            let expected = all
                .iter()
                .map(|(n, _)| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ");
            format!("{field}: unknown variant `{text}`, expected one of {expected}")
        })
}

const SEVERITIES: [(&str, Severity); 3] = [
    ("info", Severity::Info),
    ("warning", Severity::Warning),
    ("error", Severity::Error),
];

fn float<T: Tree>(value: &T, field: &str) -> Result<f64, String> {
    value.float().ok_or_else(|| {
        format!(
            "{field}: invalid type: {}, expected a number",
            value.describe()
        )
    })
}

fn int<T: Tree>(value: &T, field: &str) -> Result<i64, String> {
    value.int().ok_or_else(|| {
        format!(
            "{field}: invalid type: {}, expected an integer",
            value.describe()
        )
    })
}

fn size<T: Tree>(value: &T, field: &str) -> Result<usize, String> {
    value
        .int()
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| {
            format!(
                "{field}: invalid type: {}, expected a positive integer",
                value.describe()
            )
        })
}

/// The settings in `value`, ignoring the keys in `skip` (options of a
/// face that are not settings, such as `lang`).
pub(crate) fn settings<T: Tree>(value: &T, skip: &[&str]) -> Result<Settings, String> {
    let mut s = Settings::default();
    if value.is_nothing() {
        return Ok(s);
    }
    let map = object(
        value,
        "",
        &[
            "preset",
            "include",
            "exclude",
            "severity",
            "kubernetes_version",
            "fail_on",
            "thresholds",
            "limits",
            "assume_complete_input",
            "crds",
        ],
        skip,
    )?;
    for (field, v) in map {
        match field {
            "preset" => {
                let all: Vec<(&str, Preset)> =
                    Preset::ALL.iter().map(|p| (p.as_str(), *p)).collect();
                s.preset = variant(v, field, &all)?;
            }
            "include" => s.include = strings(v, field)?,
            "crds" => s.crds = strings(v, field)?,
            "exclude" => s.exclude = strings(v, field)?,
            "severity" => {
                let map = v.entries().ok_or_else(|| {
                    format!("severity: invalid type: {}, expected a map", v.describe())
                })?;
                for (id, level) in map {
                    s.severity.insert(
                        id.to_owned(),
                        variant(level, &format!("severity.{id}"), &SEVERITIES)?,
                    );
                }
            }
            "kubernetes_version" => {
                s.kubernetes_version = if v.is_nothing() {
                    None
                } else {
                    Some(string(v, field)?.to_owned())
                }
            }
            "fail_on" => s.fail_on = variant(v, field, &SEVERITIES)?,
            "thresholds" => s.thresholds = thresholds(v)?,
            "limits" => s.limits = limits(v)?,
            _ => {
                s.assume_complete_input = v.boolean().ok_or_else(|| {
                    format!(
                        "{field}: invalid type: {}, expected a boolean",
                        v.describe()
                    )
                })?
            }
        }
    }
    Ok(s)
}

fn thresholds<T: Tree>(value: &T) -> Result<Thresholds, String> {
    let mut t = Thresholds::default();
    let map = object(
        value,
        "thresholds: ",
        &[
            "memory_request_ratio",
            "liveness_min_initial_delay_seconds",
            "max_cpu_cores",
        ],
        &[],
    )?;
    for (key, v) in map {
        let field = format!("thresholds.{key}");
        match key {
            "memory_request_ratio" => t.memory_request_ratio = float(v, &field)?,
            "liveness_min_initial_delay_seconds" => {
                t.liveness_min_initial_delay_seconds = int(v, &field)?
            }
            _ => t.max_cpu_cores = float(v, &field)?,
        }
    }
    Ok(t)
}

fn limits<T: Tree>(value: &T) -> Result<Limits, String> {
    let mut l = Limits::default();
    let map = object(
        value,
        "limits: ",
        &["max_input_bytes", "max_depth", "max_nodes"],
        &[],
    )?;
    for (key, v) in map {
        let field = format!("limits.{key}");
        match key {
            "max_input_bytes" => l.max_input_bytes = size(v, &field)?,
            "max_depth" => l.max_depth = size(v, &field)?,
            _ => l.max_nodes = size(v, &field)?,
        }
    }
    Ok(l)
}

pub(crate) fn preset<T: Tree>(value: &T) -> Result<PresetDefinition, String> {
    let map = object(
        value,
        "",
        &["description", "description_zh", "base", "include"],
        &[],
    )?;
    let get = |k: &str| map.iter().find(|(key, _)| *key == k).map(|(_, v)| *v);
    let text = |k: &str| -> Result<String, String> {
        get(k).map_or(Err(format!("missing field `{k}`")), |v| {
            string(v, k).map(str::to_owned)
        })
    };
    Ok(PresetDefinition {
        description: text("description")?,
        description_zh: text("description_zh")?,
        base: text("base")?,
        include: get("include").map_or(Ok(Vec::new()), |v| strings(v, "include"))?,
    })
}
