//! The packaging files Kubewarden operators and Artifact Hub read, generated
//! from [`KINDS`](crate::KINDS) and the rules themselves:
//! `policies/kubewarden/metadata.yml`, `questions-ui.yml`,
//! `artifacthub-pkg.yml` and an example `cluster-admission-policy.yml`, and
//! the JSON that `kwctl annotate` would embed in
//! the module as its `io.kubewarden.metadata` custom section.
//!
//! `cargo xtask kubewarden` writes the files; a test fails when the
//! committed ones differ from what this module generates.

use kubeshape_core::rules::{self, Scope};
use kubeshape_core::settings::{DEFAULT_KUBERNETES_MINOR, OLDEST_KUBERNETES_MINOR};
use kubeshape_core::Preset;
use serde_json::{json, Value};

use crate::KINDS;

pub const NAME: &str = "kubeshape";
pub const DISPLAY_NAME: &str = "kubeshape: Kubernetes deployment pitfalls";
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
pub const SOURCE: &str = env!("CARGO_PKG_REPOSITORY");
pub const LICENSE: &str = env!("CARGO_PKG_LICENSE");
pub const OCI: &str = "ghcr.io/kubeshape/policies/kubeshape";
pub const AUTHOR: &str = "kubeshape developers";
/// Artifact Hub wants a creation time; it moves with [`VERSION`], so the
/// generated file is the same on every machine.
pub const CREATED_AT: &str = "2026-11-22T00:00:00Z";
pub const DESCRIPTION: &str = "Rejects or warns about the deployment pitfalls kubeshape finds in workloads, Services, Ingresses, ConfigMaps, Secrets, autoscalers and disruption budgets: missing limits and probes, privileged containers, :latest images, broken rollouts and more, with the fix in English or Chinese.";
const KEYWORDS: &[&str] = &[
    "best practices",
    "resources",
    "probes",
    "security context",
    "images",
    "rollout",
];

/// The admission rules: one per API group and version, resources sorted.
pub fn admission_rules() -> Value {
    let mut groups: Vec<(&str, &str, Vec<&str>)> = Vec::new();
    for kind in KINDS {
        match groups
            .iter_mut()
            .find(|(g, v, _)| *g == kind.group && *v == kind.version)
        {
            Some((_, _, resources)) => resources.push(kind.resource),
            None => groups.push((kind.group, kind.version, vec![kind.resource])),
        }
    }
    Value::Array(
        groups
            .into_iter()
            .map(|(group, version, mut resources)| {
                resources.sort_unstable();
                json!({
                    "apiGroups": [group],
                    "apiVersions": [version],
                    "resources": resources,
                    "operations": ["CREATE", "UPDATE"],
                })
            })
            .collect(),
    )
}

fn resources_list() -> String {
    KINDS.iter().map(|k| k.kind).collect::<Vec<_>>().join(", ")
}

/// The rules that run at admission, as a Markdown list for the usage text.
fn admission_rule_list() -> String {
    rules::all()
        .iter()
        .map(|r| r.meta())
        .filter(|m| m.scope == Scope::Object)
        .map(|m| {
            format!(
                "- `{}` ({}, {}{}): {}\n",
                m.id,
                m.category.as_str(),
                m.severity.as_str(),
                if m.default_on() { "" } else { ", opt-in" },
                m.title[0]
            )
        })
        .collect()
}

/// `io.kubewarden.policy.usage`: what an operator reads before deploying.
pub fn usage() -> String {
    let cross = crate::cross_object_rules().join("`, `");
    format!(
        "kubeshape checks each {resources} sent to the API server with the same rules as the `kubeshape` CLI, the browser playground and the documentation widget.\n\n\
Findings at or above `failOn` (default `error`) reject the request; the message names each rule, the field it fired on and the fix. Findings below `failOn` are returned as warnings, which `kubectl` prints. DELETE requests, other kinds and namespaces in `exemptNamespaces` are accepted unexamined. An object annotated `kubeshape.io/ignore: rule-a,rule-b` (or `all`) is not checked by those rules.\n\n\
The policy sees one object per request, so the rules that compare objects (`{cross}`) do not run here; run `kubeshape check` on the whole bundle in CI for those.\n\n\
Settings (camelCase; snake_case is accepted too): `preset` (`recommended`, `strict`, `go`), `include` and `exclude` (rule ids or categories), `severity` (rule id to `info`/`warning`/`error`), `failOn`, `kubernetesVersion` (`1.{oldest}` to `1.{newest}`), `thresholds`, `limits`, `exemptNamespaces`, `lang` (`en` or `zh`).\n\n\
Rules that run at admission:\n\n{list}",
        resources = resources_list(),
        oldest = OLDEST_KUBERNETES_MINOR,
        newest = DEFAULT_KUBERNETES_MINOR,
        list = admission_rule_list(),
    )
}

fn annotations() -> Value {
    json!({
        "io.artifacthub.displayName": DISPLAY_NAME,
        "io.artifacthub.resources": resources_list(),
        "io.artifacthub.keywords": KEYWORDS.join(", "),
        "io.kubewarden.policy.ociUrl": OCI,
        "io.kubewarden.policy.title": NAME,
        "io.kubewarden.policy.version": VERSION,
        "io.kubewarden.policy.description": DESCRIPTION,
        "io.kubewarden.policy.author": AUTHOR,
        "io.kubewarden.policy.url": SOURCE,
        "io.kubewarden.policy.source": SOURCE,
        "io.kubewarden.policy.license": LICENSE,
        "io.kubewarden.policy.category": "Best practices",
        "io.kubewarden.policy.severity": "medium",
        "io.kubewarden.policy.usage": usage(),
    })
}

/// The metadata as `kwctl annotate` embeds it (camelCase JSON, with the
/// protocol version the module answers).
pub fn metadata_json() -> Value {
    json!({
        "protocolVersion": "v1",
        "rules": admission_rules(),
        "annotations": annotations(),
        "mutating": false,
        "contextAwareResources": [],
        "backgroundAudit": true,
        "executionMode": "kubewarden-wapc",
        "policyType": "kubernetes",
    })
}

/// YAML for a JSON value, block style; strings double-quoted when plain
/// style could change their meaning, folded into `|` blocks when multi-line.
pub fn to_yaml(value: &Value, indent: usize) -> String {
    let mut out = String::new();
    write_yaml(&mut out, value, indent);
    out
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => {
            let plain = !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || " ._/-".contains(c))
                && !s.starts_with([' ', '-', '.'])
                && !s.ends_with(' ')
                && !matches!(
                    s.to_ascii_lowercase().as_str(),
                    "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "~"
                )
                && s.parse::<f64>().is_err();
            if plain {
                s.clone()
            } else {
                Value::String(s.clone()).to_string()
            }
        }
        other => other.to_string(),
    }
}

fn write_yaml(out: &mut String, value: &Value, indent: usize) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                out.push_str(&format!("{pad}{}:", scalar(&Value::String(k.clone()))));
                write_child(out, v, indent);
            }
        }
        Value::Array(items) => {
            for item in items {
                out.push_str(&format!("{pad}-"));
                match item {
                    Value::Object(map) if !map.is_empty() => {
                        let mut inner = String::new();
                        write_yaml(&mut inner, item, indent + 2);
                        out.push(' ');
                        out.push_str(inner.trim_start());
                    }
                    _ => write_child(out, item, indent),
                }
            }
        }
        other => {
            out.push_str(&format!("{pad}{}\n", scalar(other)));
        }
    }
}

fn write_child(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            write_yaml(out, value, indent + 2);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_yaml(out, value, indent + 2);
        }
        Value::Array(_) => out.push_str(" []\n"),
        Value::Object(_) => out.push_str(" {}\n"),
        Value::String(s) if s.contains('\n') => {
            out.push_str(" |\n");
            let pad = " ".repeat(indent + 2);
            for line in s.trim_end_matches('\n').lines() {
                if line.is_empty() {
                    out.push('\n');
                } else {
                    out.push_str(&format!("{pad}{line}\n"));
                }
            }
        }
        other => out.push_str(&format!(" {}\n", scalar(other))),
    }
}

const GENERATED: &str =
    "# Generated by `cargo xtask kubewarden` from crates/kubewarden and the rules; do not edit.\n";

/// `policies/kubewarden/metadata.yml`.
pub fn metadata_yml() -> String {
    let m = metadata_json();
    let body = json!({
        "rules": m["rules"],
        "mutating": false,
        "contextAware": false,
        "executionMode": "kubewarden-wapc",
        "backgroundAudit": true,
        "annotations": m["annotations"],
    });
    format!("{GENERATED}{}", to_yaml(&body, 0))
}

/// The settings form Kubewarden's UI (Rancher) draws.
pub fn questions() -> Value {
    let opt_in: Vec<&str> = rules::all()
        .iter()
        .map(|r| r.meta())
        .filter(|m| m.scope == Scope::Object && !m.default_on())
        .map(|m| m.id)
        .collect();
    let versions: Vec<String> = (OLDEST_KUBERNETES_MINOR..=DEFAULT_KUBERNETES_MINOR)
        .rev()
        .map(|minor| format!("1.{minor}"))
        .collect();
    let presets: Vec<&str> = Preset::ALL.iter().map(|p| p.as_str()).collect();
    let preset_help: Vec<String> = Preset::ALL
        .iter()
        .map(|p| format!("{}: {}", p.as_str(), p.definition().description))
        .collect();
    json!({ "questions": [
        {
            "default": "recommended",
            "tooltip": format!("Which rules run. {}", preset_help.join(" ")),
            "group": "Settings", "label": "Preset", "required": false,
            "type": "enum", "options": presets, "variable": "preset",
        },
        {
            "default": "error",
            "tooltip": "Findings at or above this severity reject the request; the others come back as warnings.",
            "group": "Settings", "label": "Fail on", "required": false,
            "type": "enum", "options": ["error", "warning", "info"], "variable": "failOn",
        },
        {
            "default": format!("1.{DEFAULT_KUBERNETES_MINOR}"),
            "tooltip": "The Kubernetes version the cluster runs, for the rules about deprecated API versions.",
            "group": "Settings", "label": "Kubernetes version", "required": false,
            "type": "enum", "options": versions, "variable": "kubernetesVersion",
        },
        {
            "default": [],
            "tooltip": format!("Rule ids or categories to turn on. Opt-in rules: {}.", opt_in.join(", ")),
            "group": "Settings", "label": "Include rules", "required": false,
            "type": "array[", "value_multiline": false, "variable": "include",
        },
        {
            "default": [],
            "tooltip": "Rule ids or categories to turn off (see `kubeshape rules`).",
            "group": "Settings", "label": "Exclude rules", "required": false,
            "type": "array[", "value_multiline": false, "variable": "exclude",
        },
        {
            "default": [],
            "tooltip": "Requests in these namespaces are accepted unexamined.",
            "group": "Settings", "label": "Exempt namespaces", "required": false,
            "type": "array[", "value_multiline": false, "variable": "exemptNamespaces",
        },
        {
            "default": "en",
            "tooltip": "The language of rejection messages and warnings: en (English) or zh (简体中文).",
            "group": "Settings", "label": "Language", "required": false,
            "type": "enum", "options": ["en", "zh"], "variable": "lang",
        },
    ]})
}

/// `policies/kubewarden/questions-ui.yml`.
pub fn questions_ui_yml() -> String {
    format!("{GENERATED}{}", to_yaml(&questions(), 0))
}

/// `policies/kubewarden/artifacthub-pkg.yml`.
pub fn artifacthub_pkg_yml() -> String {
    let image = format!("{OCI}:v{VERSION}");
    let install = format!(
        "The policy can be obtained using [`kwctl`](https://github.com/kubewarden/kwctl):\n```console\nkwctl pull {image}\n```\nThen, generate the policy manifest and tune it to your liking. For example:\n```console\nkwctl scaffold manifest -t ClusterAdmissionPolicy registry://{image}\n```\n"
    );
    let body = json!({
        "version": VERSION,
        "name": NAME,
        "displayName": DISPLAY_NAME,
        "createdAt": CREATED_AT,
        "description": DESCRIPTION,
        "license": LICENSE,
        "homeURL": SOURCE,
        "containersImages": [{ "name": "policy", "image": image }],
        "keywords": KEYWORDS,
        "links": [
            { "name": "policy", "url": format!("{SOURCE}/releases/download/v{VERSION}/policy.wasm") },
            { "name": "source", "url": SOURCE },
        ],
        "install": install,
        "maintainers": [{ "name": AUTHOR }],
        "provider": { "name": "kubewarden" },
        "recommendations": [{ "url": "https://artifacthub.io/packages/helm/kubewarden/kubewarden-controller" }],
        "annotations": {
            "kubewarden/mutation": "false",
            "kubewarden/questions-ui": to_yaml(&questions(), 0),
            "kubewarden/resources": resources_list(),
            "kubewarden/rules": to_yaml(&admission_rules(), 0),
        },
    });
    format!("{GENERATED}{}", to_yaml(&body, 0))
}

/// A `ClusterAdmissionPolicy` that deploys the policy with its rules and
/// the settings most clusters start with (docs/kubewarden.md).
pub fn cluster_admission_policy_yml() -> String {
    let body = json!({
        "apiVersion": "policies.kubewarden.io/v1",
        "kind": "ClusterAdmissionPolicy",
        "metadata": { "name": NAME },
        "spec": {
            "module": format!("registry://{OCI}:v{VERSION}"),
            "mode": "protect",
            "mutating": false,
            "backgroundAudit": true,
            "rules": admission_rules(),
            "namespaceSelector": {
                "matchExpressions": [{
                    "key": "kubernetes.io/metadata.name",
                    "operator": "NotIn",
                    "values": ["kube-system", "kubewarden"],
                }],
            },
            "settings": {
                "preset": "recommended",
                "failOn": "error",
                "lang": "en",
            },
        },
    });
    format!("{GENERATED}{}", to_yaml(&body, 0))
}

/// The generated files, by path under `policies/kubewarden/`.
pub fn files() -> Vec<(&'static str, String)> {
    vec![
        ("metadata.yml", metadata_yml()),
        ("questions-ui.yml", questions_ui_yml()),
        ("artifacthub-pkg.yml", artifacthub_pkg_yml()),
        (
            "cluster-admission-policy.yml",
            cluster_admission_policy_yml(),
        ),
    ]
}
