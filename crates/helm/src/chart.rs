//! A chart from its files: `Chart.yaml`, `values.yaml`, `templates/`,
//! other files (`.Files`), `crds/`, and its subcharts in `charts/`
//! (folders; `.tgz` archives are unpacked by the caller). No I/O: a chart
//! is a list of (path, text) pairs relative to its folder.

use std::rc::Rc;

use kubeshape_core::parse::{self, Limits, Node};

use crate::value::{Map, Value};
use crate::yaml::node_value;

/// A file of a chart: its path inside the chart's folder, and its text.
#[derive(Debug, Clone)]
pub struct ChartFile {
    pub path: String,
    pub text: Rc<str>,
}

/// A loaded chart and its subcharts.
#[derive(Debug)]
pub struct Chart {
    /// The name templates know it by (`alias` if its parent gave one).
    pub name: String,
    /// Where its folder is, from the root chart's (`""`, `charts/redis/`).
    pub prefix: String,
    /// `Chart.yaml` as read.
    pub meta: Map,
    /// `values.yaml` (nil-free map; an absent file is an empty map).
    pub values: Map,
    /// `templates/…` files.
    pub templates: Vec<ChartFile>,
    /// Every other file, for `.Files` (not the templates, the subcharts,
    /// `Chart.yaml`, `values.yaml` or the schema, as Helm's loader).
    pub files: Vec<ChartFile>,
    pub subcharts: Vec<Chart>,
    /// `values.schema.json`, if it has one.
    pub schema: Option<Rc<str>>,
    /// Problems loading it (a YAML error in `Chart.yaml` or `values.yaml`).
    pub problems: Vec<(String, String)>,
}

impl Chart {
    pub fn dependencies(&self) -> Vec<Map> {
        match self.meta.get("dependencies") {
            Some(Value::List(items)) => items
                .iter()
                .filter_map(|d| match d {
                    Value::Map(m) => Some(m.borrow().clone()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    pub fn meta_str(&self, key: &str) -> String {
        match self.meta.get(key) {
            Some(Value::Str(s)) => s.to_string(),
            Some(Value::Nil) | None => String::new(),
            Some(other) => other.to_go_string(),
        }
    }

    /// Whether it is a library chart (`type: library`: templates only).
    pub fn is_library(&self) -> bool {
        self.meta_str("type") == "library"
    }
}

/// Reads a YAML file into a map (Helm's `ReadValues`).
pub fn read_map(name: &str, text: &str, problems: &mut Vec<(String, String)>) -> Map {
    let parsed = parse::parse(text, &Limits::default());
    if let Some(issue) = parsed
        .issues
        .iter()
        .find(|i| !matches!(i.kind, parse::IssueKind::DuplicateKey))
    {
        problems.push((
            name.to_string(),
            format!(
                "error converting YAML to JSON: yaml: line {}: {}",
                issue.span.start.line, issue.detail
            ),
        ));
        return Map::new();
    }
    match parsed
        .documents
        .first()
        .and_then(|d| d.root.as_ref())
        .map(node_value)
    {
        Some(Value::Map(m)) => m.borrow().clone(),
        Some(Value::Nil) | None => Map::new(),
        Some(_) => {
            problems.push((name.to_string(), "error unmarshaling JSON: json: cannot unmarshal array into Go value of type map[string]interface {}".into()));
            Map::new()
        }
    }
}

/// Builds a chart from its files (paths relative to its folder).
pub fn load(files: &[ChartFile], prefix: &str) -> Chart {
    let mut problems = Vec::new();
    let get = |p: &str| files.iter().find(|f| f.path == p);
    let meta = get("Chart.yaml")
        .map(|f| read_map(&format!("{prefix}Chart.yaml"), &f.text, &mut problems))
        .unwrap_or_default();
    // Helm drops a chart's own `null` defaults (only a user's `null`
    // deletes a key).
    let values = get("values.yaml")
        .map(|f| {
            crate::value::strip_nulls(&read_map(
                &format!("{prefix}values.yaml"),
                &f.text,
                &mut problems,
            ))
        })
        .unwrap_or_default();
    let mut templates = Vec::new();
    let mut other = Vec::new();
    let mut sub_names: Vec<String> = Vec::new();
    for f in files {
        if let Some(rest) = f.path.strip_prefix("charts/") {
            if let Some((name, _)) = rest.split_once('/') {
                if !sub_names.iter().any(|n| n == name) {
                    sub_names.push(name.to_string());
                }
                continue;
            }
            continue;
        }
        if f.path.starts_with("templates/") {
            templates.push(f.clone());
        } else if !matches!(
            f.path.as_str(),
            "Chart.yaml"
                | "Chart.lock"
                | "values.yaml"
                | "values.schema.json"
                | "requirements.yaml"
                | "requirements.lock"
        ) {
            other.push(f.clone());
        }
    }
    sub_names.sort();
    let mut subcharts = Vec::new();
    for name in sub_names {
        let inner = format!("charts/{name}/");
        let sub_files: Vec<ChartFile> = files
            .iter()
            .filter_map(|f| {
                f.path.strip_prefix(&inner).map(|p| ChartFile {
                    path: p.to_string(),
                    text: f.text.clone(),
                })
            })
            .collect();
        if !sub_files.iter().any(|f| f.path == "Chart.yaml") {
            continue;
        }
        subcharts.push(load(&sub_files, &format!("{prefix}{inner}")));
    }
    templates.sort_by(|a, b| a.path.cmp(&b.path));
    let mut chart = Chart {
        name: String::new(),
        prefix: prefix.to_string(),
        meta,
        values,
        templates,
        files: other,
        subcharts,
        schema: get("values.schema.json").map(|f| f.text.clone()),
        problems,
    };
    chart.name = chart.meta_str("name");
    chart
}

/// Where each value of a values file is written: dotted path → (line,
/// column, the line's text).
pub fn value_positions(text: &str) -> Vec<(Vec<String>, u32, u32)> {
    let parsed = parse::parse(text, &Limits::default());
    let mut out = Vec::new();
    if let Some(root) = parsed.documents.first().and_then(|d| d.root.as_ref()) {
        walk(root, &mut Vec::new(), &mut out, 0);
    }
    out
}

fn walk(node: &Node, path: &mut Vec<String>, out: &mut Vec<(Vec<String>, u32, u32)>, depth: usize) {
    if depth > 100 {
        return;
    }
    if let Some(entries) = node.as_map() {
        for e in entries {
            let Some((k, _)) = e.key.scalar() else {
                continue;
            };
            path.push(k.to_string());
            out.push((path.clone(), e.key.span.start.line, e.key.span.start.column));
            walk(&e.value, path, out, depth + 1);
            path.pop();
        }
    }
}
