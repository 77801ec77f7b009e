//! The ConfigMap and Secret references of pod templates.

use crate::model::{Container, Object, PodTemplate};
use crate::parse::Node;

/// The keys of a ConfigMap or Secret (`data`, `stringData`, `binaryData`),
/// with their key nodes.
pub fn data_keys<'a>(object: &Object<'a>) -> Vec<(&'a str, &'a Node<'a>)> {
    ["data", "stringData", "binaryData"]
        .iter()
        .filter_map(|f| object.node.get(f).and_then(Node::as_map))
        .flatten()
        .filter_map(|e| Some((e.key.as_str()?, &e.key)))
        .collect()
}

/// A reference from a pod template to a ConfigMap or Secret.
#[derive(Debug, Clone)]
pub struct Reference<'a> {
    /// `ConfigMap` or `Secret`.
    pub kind: &'static str,
    /// The node holding the referenced object's name.
    pub name: &'a Node<'a>,
    /// The node holding a key inside it, for key references, and its path.
    pub key: Option<(&'a Node<'a>, String)>,
    pub optional: bool,
    /// Dotted path of the name node.
    pub path: String,
    /// The container that uses it (none for volumes and imagePullSecrets).
    pub container: Option<&'a Container<'a>>,
    /// How it is used, for messages: `env`, `envFrom`, `volume`, `imagePullSecrets`.
    pub via: &'static str,
}

fn optional(node: &Node) -> bool {
    node.get("optional").and_then(Node::as_bool) == Some(true)
}

/// Every ConfigMap and Secret reference of a pod template, in input order.
pub fn references<'a>(pod: &'a PodTemplate<'a>) -> Vec<Reference<'a>> {
    let mut out = Vec::new();
    for c in &pod.containers {
        for (i, env) in c.env().iter().enumerate() {
            for (field, kind) in [("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret")] {
                let Some(r) = env.path(&["valueFrom", field]) else {
                    continue;
                };
                let Some(name) = r.get("name") else { continue };
                out.push(Reference {
                    kind,
                    name,
                    key: r
                        .get("key")
                        .map(|k| (k, c.join(&format!("env[{i}].valueFrom.{field}.key")))),
                    optional: optional(r),
                    path: c.join(&format!("env[{i}].valueFrom.{field}.name")),
                    container: Some(c),
                    via: "env",
                });
            }
        }
        for (i, from) in c.node.items("envFrom").iter().enumerate() {
            for (field, kind) in [("configMapRef", "ConfigMap"), ("secretRef", "Secret")] {
                let Some(r) = from.get(field) else { continue };
                let Some(name) = r.get("name") else { continue };
                out.push(Reference {
                    kind,
                    name,
                    key: None,
                    optional: optional(r),
                    path: c.join(&format!("envFrom[{i}].{field}.name")),
                    container: Some(c),
                    via: "envFrom",
                });
            }
        }
    }
    let mut volume = |source: &'a Node<'a>, kind: &'static str, name_field: &str, path: String| {
        let Some(name) = source.get(name_field) else {
            return;
        };
        let is_optional = optional(source);
        let items = source.items("items");
        if items.is_empty() {
            out.push(Reference {
                kind,
                name,
                key: None,
                optional: is_optional,
                path: format!("{path}.{name_field}"),
                container: None,
                via: "volume",
            });
        }
        for (j, item) in items.iter().enumerate() {
            let key = item
                .get("key")
                .map(|k| (k, format!("{path}.items[{j}].key")));
            out.push(Reference {
                kind,
                name,
                key,
                optional: is_optional,
                path: format!("{path}.{name_field}"),
                container: None,
                via: "volume",
            });
        }
    };
    for (i, v) in pod.spec.items("volumes").iter().enumerate() {
        let base = pod.join(&format!("volumes[{i}]"));
        if let Some(s) = v.get("configMap") {
            volume(s, "ConfigMap", "name", format!("{base}.configMap"));
        }
        if let Some(s) = v.get("secret") {
            volume(s, "Secret", "secretName", format!("{base}.secret"));
        }
        for (j, source) in v
            .path(&["projected", "sources"])
            .and_then(Node::as_seq)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let at = format!("{base}.projected.sources[{j}]");
            if let Some(s) = source.get("configMap") {
                volume(s, "ConfigMap", "name", format!("{at}.configMap"));
            }
            if let Some(s) = source.get("secret") {
                volume(s, "Secret", "name", format!("{at}.secret"));
            }
        }
    }
    for (i, s) in pod.spec.items("imagePullSecrets").iter().enumerate() {
        if let Some(name) = s.get("name") {
            out.push(Reference {
                kind: "Secret",
                name,
                key: None,
                optional: false,
                path: pod.join(&format!("imagePullSecrets[{i}].name")),
                container: None,
                via: "imagePullSecrets",
            });
        }
    }
    out
}
