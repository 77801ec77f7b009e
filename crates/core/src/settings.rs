//! One settings struct for every face: CLI flags and `kubeshape.yaml`, the
//! playground's controls, the Kubewarden policy settings.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Category, Severity};
use crate::parse::{parse, Limits};
use crate::rules;
pub use crate::rules::Thresholds;

/// The Kubernetes minor version rules assume when none is given.
pub const DEFAULT_KUBERNETES_MINOR: u32 = 37;
/// The oldest minor version `kubernetes_version` accepts.
pub const OLDEST_KUBERNETES_MINOR: u32 = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Preset {
    #[default]
    Recommended,
    Strict,
    Go,
}

impl Preset {
    pub const ALL: [Preset; 3] = [Preset::Recommended, Preset::Strict, Preset::Go];

    pub fn as_str(self) -> &'static str {
        match self {
            Preset::Recommended => "recommended",
            Preset::Strict => "strict",
            Preset::Go => "go",
        }
    }

    pub fn parse(text: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.as_str() == text)
    }

    /// The preset's definition, kept as data in `policies/presets/`.
    pub fn definition(self) -> &'static PresetDefinition {
        static CACHE: [OnceLock<PresetDefinition>; 3] =
            [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        CACHE[self as usize].get_or_init(|| self.load())
    }

    fn load(self) -> PresetDefinition {
        let text = match self {
            Preset::Recommended => include_str!("../../../policies/presets/recommended.yaml"),
            Preset::Strict => include_str!("../../../policies/presets/strict.yaml"),
            Preset::Go => include_str!("../../../policies/presets/go.yaml"),
        };
        let root = parse(text, &Limits::default())
            .documents
            .into_iter()
            .find_map(|d| d.root);
        root.and_then(|r| read::preset(&r).ok())
            .expect("the bundled presets are valid (tested)")
    }
}

#[derive(Debug, Clone)]
pub struct PresetDefinition {
    pub description: String,
    pub description_zh: String,
    /// `default`: rules that are on by default; `all`: every rule.
    pub base: String,
    pub include: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    pub preset: Preset,
    /// Rule ids or category names to turn on (`all` for every rule).
    pub include: Vec<String>,
    /// Rule ids or category names to turn off.
    pub exclude: Vec<String>,
    /// Severity overrides by rule id.
    pub severity: BTreeMap<String, Severity>,
    /// Target Kubernetes version, `1.NN`; default: the newest supported.
    pub kubernetes_version: Option<String>,
    /// Findings at or above this severity fail the check.
    pub fail_on: Severity,
    pub thresholds: Thresholds,
    pub limits: Limits,
    /// Report references to objects missing from the input even when the
    /// input holds no object of that kind.
    pub assume_complete_input: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            preset: Preset::Recommended,
            include: Vec::new(),
            exclude: Vec::new(),
            severity: BTreeMap::new(),
            kubernetes_version: None,
            fail_on: Severity::Error,
            thresholds: Thresholds::default(),
            limits: Limits::default(),
            assume_complete_input: false,
        }
    }
}

fn selects(selector: &str, id: &str, category: Category) -> bool {
    selector == "all" || selector == id || selector == category.as_str()
}

impl Settings {
    /// Reads settings from YAML or JSON text (a `kubeshape.yaml`).
    pub fn from_yaml(text: &str) -> Result<Settings, String> {
        let parsed = parse(text, &Limits::default());
        if let Some(issue) = parsed.issues.first() {
            return Err(format!(
                "line {}, column {}: {}",
                issue.span.start.line, issue.span.start.column, issue.detail
            ));
        }
        match parsed.documents.into_iter().find_map(|d| d.root) {
            Some(root) => Settings::from_tree(&root, &[]),
            None => Ok(Settings::default()),
        }
    }

    /// Reads and validates settings from a parsed tree (YAML or JSON text
    /// through [`crate::parse::parse`]), leaving out the keys in `skip`:
    /// options of a face that are not settings, such as `lang`.
    pub fn from_tree(root: &crate::parse::Node, skip: &[&str]) -> Result<Settings, String> {
        let settings = read::settings(root, skip)?;
        settings.validate()?;
        Ok(settings)
    }

    /// Reads and validates settings from a JSON value. Read by hand, not by
    /// serde's derive: the browser builds then carry no typed deserializer
    /// (whose error messages alone pull in float printing), and every error
    /// leads with the field it is about.
    pub fn from_json(value: serde_json::Value) -> Result<Settings, String> {
        let settings = read::settings(&value, &[])?;
        settings.validate()?;
        Ok(settings)
    }

    /// Checks what serde cannot: rule ids, versions, ranges.
    pub fn validate(&self) -> Result<(), String> {
        let mut problems = Vec::new();
        let known =
            |s: &str| s == "all" || Category::parse(s).is_some() || rules::find(s).is_some();
        for (field, list) in [("include", &self.include), ("exclude", &self.exclude)] {
            for s in list.iter().filter(|s| !known(s)) {
                problems.push(format!(
                    "{field}: unknown rule or category `{s}`{}",
                    suggest_rule(s)
                ));
            }
        }
        for id in self.severity.keys().filter(|s| rules::find(s).is_none()) {
            problems.push(format!("severity: unknown rule `{id}`{}", suggest_rule(id)));
        }
        if let Some(v) = &self.kubernetes_version {
            if parse_minor(v).is_none() {
                problems.push(format!(
                    "kubernetes_version: `{v}` is not a version between 1.{OLDEST_KUBERNETES_MINOR} and 1.{DEFAULT_KUBERNETES_MINOR} (write it as 1.NN)"
                ));
            }
        }
        let t = &self.thresholds;
        if !(t.memory_request_ratio > 0.0 && t.memory_request_ratio <= 1.0) {
            problems
                .push("thresholds.memory_request_ratio must be above 0 and at most 1".to_owned());
        }
        if t.liveness_min_initial_delay_seconds < 0 {
            problems.push(
                "thresholds.liveness_min_initial_delay_seconds must not be negative".to_owned(),
            );
        }
        if t.max_cpu_cores.is_nan() || t.max_cpu_cores <= 0.0 {
            problems.push("thresholds.max_cpu_cores must be above 0".to_owned());
        }
        let l = &self.limits;
        if l.max_depth == 0 || l.max_nodes == 0 || l.max_input_bytes == 0 {
            problems.push("limits must be above 0".to_owned());
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("; "))
        }
    }

    /// Whether the rule runs under these settings.
    pub fn is_enabled(&self, meta: &rules::RuleMeta) -> bool {
        let preset = self.preset.definition();
        let mut on = preset.base == "all" || meta.default_on();
        on |= preset
            .include
            .iter()
            .any(|s| selects(s, meta.id, meta.category));
        on |= self
            .include
            .iter()
            .any(|s| selects(s, meta.id, meta.category));
        on && !self
            .exclude
            .iter()
            .any(|s| selects(s, meta.id, meta.category))
    }

    /// What these settings tell the rules.
    pub fn for_rules(&self) -> rules::RuleSettings<'_> {
        rules::RuleSettings {
            thresholds: &self.thresholds,
            kubernetes_minor: self.kubernetes_minor(),
            assume_complete_input: self.assume_complete_input,
        }
    }

    /// The target Kubernetes minor version.
    pub fn kubernetes_minor(&self) -> u32 {
        self.kubernetes_version
            .as_deref()
            .and_then(parse_minor)
            .unwrap_or(DEFAULT_KUBERNETES_MINOR)
    }
}

fn parse_minor(version: &str) -> Option<u32> {
    let v = version.trim().trim_start_matches('v');
    let rest = v.strip_prefix("1.")?;
    let minor: u32 = rest.split('.').next()?.parse().ok()?;
    (OLDEST_KUBERNETES_MINOR..=DEFAULT_KUBERNETES_MINOR)
        .contains(&minor)
        .then_some(minor)
}

fn suggest_rule(unknown: &str) -> String {
    let best = rules::all()
        .iter()
        .map(|r| r.meta().id)
        .min_by_key(|id| crate::text::edit_distance(unknown, id));
    match best {
        Some(id) if crate::text::edit_distance(unknown, id) <= 3 => {
            format!(" (did you mean `{id}`?)")
        }
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_load_and_differ() {
        let count = |p: Preset| {
            let s = Settings {
                preset: p,
                ..Settings::default()
            };
            rules::all()
                .iter()
                .filter(|r| s.is_enabled(r.meta()))
                .count()
        };
        assert!(count(Preset::Recommended) < count(Preset::Go));
        assert!(count(Preset::Go) < count(Preset::Strict));
        assert_eq!(count(Preset::Strict), rules::all().len());
        for p in Preset::ALL {
            for id in &p.definition().include {
                assert!(
                    rules::find(id).is_some(),
                    "preset {p:?} names unknown rule {id}"
                );
            }
        }
    }

    #[test]
    fn yaml_settings_and_validation() {
        let s = Settings::from_yaml(
            "preset: strict\nexclude: [security]\nfail_on: warning\nkubernetes_version: '1.25'\n",
        )
        .unwrap();
        assert_eq!(s.preset, Preset::Strict);
        assert_eq!(s.kubernetes_minor(), 25);
        let err =
            Settings::from_yaml("include: [latest-tags]\nkubernetes_version: '2.0'\n").unwrap_err();
        assert!(err.contains("did you mean `latest-tag`"), "{err}");
        assert!(err.contains("kubernetes_version"), "{err}");
        assert!(Settings::from_yaml("presett: strict\n")
            .unwrap_err()
            .contains("unknown field"));
        assert!(Settings::from_yaml("thresholds: {memory_request_ratio: 2}\n").is_err());
        // A bad value names its field.
        let err = Settings::from_yaml("exclude: []\npreset: lax\n").unwrap_err();
        assert!(err.starts_with("preset: unknown variant `lax`"), "{err}");
        let err = Settings::from_yaml("fail_on: 3\n").unwrap_err();
        assert!(err.starts_with("fail_on: "), "{err}");
    }

    /// The hand reader accepts what serde's derive accepts, to the same
    /// values, and refuses what it refuses.
    #[test]
    fn hand_reader_agrees_with_serde() {
        let good = [
            "null",
            "{}",
            r#"{"preset": "go", "include": ["all"], "exclude": ["security", "latest-tag"]}"#,
            r#"{"severity": {"latest-tag": "error", "run-as-root": "info"}, "fail_on": "warning"}"#,
            r#"{"kubernetes_version": "1.29", "assume_complete_input": true}"#,
            r#"{"kubernetes_version": null}"#,
            r#"{"thresholds": {"memory_request_ratio": 0.25, "liveness_min_initial_delay_seconds": 5, "max_cpu_cores": 8}}"#,
            r#"{"limits": {"max_input_bytes": 1000, "max_depth": 10, "max_nodes": 5000}}"#,
        ];
        for text in good {
            let value: serde_json::Value = serde_json::from_str(text).unwrap();
            let ours = read::settings(&value, &[]).unwrap();
            let theirs: Settings = if value.is_null() {
                Settings::default()
            } else {
                Settings::deserialize(&value).unwrap()
            };
            assert_eq!(ours, theirs, "{text}");
        }
        let bad = [
            r#"{"presett": "go"}"#,
            r#"{"preset": "lax"}"#,
            r#"{"preset": 3}"#,
            r#"{"include": "all"}"#,
            r#"{"include": [1]}"#,
            r#"{"severity": {"latest-tag": "fatal"}}"#,
            r#"{"severity": []}"#,
            r#"{"fail_on": true}"#,
            r#"{"kubernetes_version": 1.29}"#,
            r#"{"thresholds": {"memory_request_ratio": "half"}}"#,
            r#"{"thresholds": {"nope": 1}}"#,
            r#"{"limits": {"max_depth": -1}}"#,
            r#"{"limits": {"max_depth": 1.5}}"#,
            r#"{"assume_complete_input": "yes"}"#,
            r#"[1]"#,
            r#""strict""#,
        ];
        for text in bad {
            let value: serde_json::Value = serde_json::from_str(text).unwrap();
            assert!(
                Settings::deserialize(&value).is_err(),
                "serde accepts {text}"
            );
            let err = read::settings(&value, &[]).unwrap_err();
            let first_key = value.as_object().and_then(|m| m.keys().next().cloned());
            if let Some(key) = first_key.filter(|_| !err.starts_with("unknown field")) {
                assert!(err.starts_with(&key), "{text}: {err}");
            }
        }
    }
}

/// Settings read by hand (see [`Settings::from_json`]) from JSON values or
/// from our own parse tree (JSON is YAML: the browser faces read options
/// with the parser they already carry), with messages in serde's words
/// where serde had them.
pub(crate) mod read {
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
}
