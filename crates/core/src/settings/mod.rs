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

    /// The preset's definition, kept as data in `crates/core/presets/`.
    pub fn definition(self) -> &'static PresetDefinition {
        static CACHE: [OnceLock<PresetDefinition>; 3] =
            [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        CACHE[self as usize].get_or_init(|| self.load())
    }

    fn load(self) -> PresetDefinition {
        let text = match self {
            Preset::Recommended => include_str!("../../presets/recommended.yaml"),
            Preset::Strict => include_str!("../../presets/strict.yaml"),
            Preset::Go => include_str!("../../presets/go.yaml"),
        };
        let root = parse(text, &Limits::default())
            .documents
            .into_iter()
            .find_map(|d| d.root);
        root.and_then(|r| read::preset(&r).ok())
            .expect("the bundled presets are valid (tested)")
    }
}

/// Severity overrides by rule id: a few pairs, looked up by a scan (a
/// `BTreeMap`'s code weighed 2 KB of the size-budgeted element).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overrides(Vec<(String, Severity)>);

impl Overrides {
    pub fn get(&self, id: &str) -> Option<&Severity> {
        self.0.iter().find(|(k, _)| k == id).map(|(_, s)| s)
    }

    /// Sets `id`'s severity (replacing one set before).
    pub fn insert(&mut self, id: String, severity: Severity) {
        match self.0.iter_mut().find(|(k, _)| *k == id) {
            Some(entry) => entry.1 = severity,
            None => self.0.push((id, severity)),
        }
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Overrides {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (id, severity) in &self.0 {
            map.serialize_entry(id, severity)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Overrides {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<String, Severity>::deserialize(deserializer)?;
        Ok(Overrides(map.into_iter().collect()))
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
    pub severity: Overrides,
    /// Target Kubernetes version, `1.NN`; default: the newest supported.
    pub kubernetes_version: Option<String>,
    /// Findings at or above this severity fail the check.
    pub fail_on: Severity,
    pub thresholds: Thresholds,
    pub limits: Limits,
    /// Report references to objects missing from the input even when the
    /// input holds no object of that kind.
    pub assume_complete_input: bool,
    /// Files or folders of CustomResourceDefinitions that custom resources
    /// are checked against (read by the command line, relative to the
    /// settings file; the CLI's `--crd` adds to them).
    pub crds: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            preset: Preset::Recommended,
            include: Vec::new(),
            exclude: Vec::new(),
            severity: Overrides::default(),
            kubernetes_version: None,
            fail_on: Severity::Error,
            thresholds: Thresholds::default(),
            limits: Limits::default(),
            assume_complete_input: false,
            crds: Vec::new(),
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

pub(crate) mod read;

#[cfg(test)]
mod tests;
