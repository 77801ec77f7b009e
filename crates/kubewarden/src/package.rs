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

/// The Kubewarden version the policy is built and tested for (field masks
/// in Kubernetes lookups, `hostCapabilities` in the metadata).
pub const MINIMUM_KUBEWARDEN: &str = "1.35.0";

/// The host capabilities the policy calls (with `contextAware: true` only):
/// a lookup by name is a list with a `metadata.name` field selector, so
/// `kubernetes/get_resource` is not needed and not asked for.
pub const HOST_CAPABILITIES: &[&str] = &["kubernetes/list_resources_by_namespace"];

/// The kinds `contextAware: true` may list (see [`crate::context`]), for
/// the metadata and a policy's `contextAwareResources`.
pub fn context_aware_resources() -> Value {
    let mut seen: Vec<(&str, &str)> = Vec::new();
    let targets = [
        "Deployment",
        "StatefulSet",
        "ReplicaSet",
        "ReplicationController",
    ];
    let lookups = KINDS
        .iter()
        .flat_map(|k| crate::context::lookups(k.kind))
        .map(|l| (l.api_version, l.kind))
        .chain(KINDS.iter().filter(|k| targets.contains(&k.kind)).map(|k| {
            let api = if k.group.is_empty() { "v1" } else { "apps/v1" };
            (api, k.kind)
        }));
    for pair in lookups {
        if !seen.contains(&pair) {
            seen.push(pair);
        }
    }
    seen.sort_unstable_by(|a, b| (a.1, a.0).cmp(&(b.1, b.0)));
    Value::Array(
        seen.into_iter()
            .map(|(api_version, kind)| json!({"apiVersion": api_version, "kind": kind}))
            .collect(),
    )
}

/// The rules `mutate: safe` applies, as a Markdown list.
fn mutating_rule_list() -> String {
    crate::mutate::mutating_rules()
        .into_iter()
        .filter_map(rules::find)
        .map(|r| {
            let m = r.meta();
            format!("- `{}`: {}\n", m.id, m.fix(kubeshape_core::Lang::En))
        })
        .collect()
}

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
A request holds one object, so by default the rules that compare objects (`{cross}`) do not run. With `contextAware: true` they do (except `unknown-kind`): the policy lists the objects of the request's namespace those rules read (only their fields, by field masks; ConfigMap and Secret values are dropped as soon as they arrive) through the `kubernetes/list_resources_by_namespace` host capability, and checks the object with them. The policy's `contextAwareResources` must allow those kinds; a lookup that fails skips those rules with a warning and never rejects.\n\n\
With `mutate: safe` (and `mutating: true` in the policy), the fixes that keep the meaning and need no decision are applied and the object returned mutated, each change said in a warning; on UPDATE only what the update brings is changed. The fixes:\n\n{mutating}\n\
Settings (camelCase; snake_case is accepted too): `preset` (`recommended`, `strict`, `go`), `include` and `exclude` (rule ids or categories), `severity` (rule id to `info`/`warning`/`error`), `failOn`, `kubernetesVersion` (`1.{oldest}` to `1.{newest}`), `thresholds`, `limits`, `exemptNamespaces`, `lang` (`en` or `zh`), `contextAware` (`false`), `mutate` (`off` or `safe`).\n\n\
Rules that run at admission:\n\n{list}",
        resources = resources_list(),
        oldest = OLDEST_KUBERNETES_MINOR,
        newest = DEFAULT_KUBERNETES_MINOR,
        list = admission_rule_list(),
        mutating = mutating_rule_list(),
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
        "mutating": true,
        "contextAwareResources": context_aware_resources(),
        "hostCapabilities": HOST_CAPABILITIES,
        "minimumKubewardenVersion": MINIMUM_KUBEWARDEN,
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
        "mutating": true,
        "contextAwareResources": m["contextAwareResources"],
        "hostCapabilities": m["hostCapabilities"],
        "minimumKubewardenVersion": MINIMUM_KUBEWARDEN,
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
            "default": false,
            "tooltip": "Run the rules that compare objects, asking the cluster for the objects of the request's namespace they read (the policy's contextAwareResources must allow them).",
            "group": "Settings", "label": "Context aware", "required": false,
            "type": "boolean", "variable": "contextAware",
        },
        {
            "default": "off",
            "tooltip": "safe: apply the fixes that keep the meaning and need no decision (the policy must be mutating).",
            "group": "Settings", "label": "Mutate", "required": false,
            "type": "enum", "options": ["off", "safe"], "variable": "mutate",
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
            "kubewarden/mutation": "true",
            "kubewarden/contextAwareResources": to_yaml(&context_aware_resources(), 0),
            "kubewarden/questions-ui": to_yaml(&questions(), 0),
            "kubewarden/resources": resources_list(),
            "kubewarden/rules": to_yaml(&admission_rules(), 0),
        },
    });
    format!("{GENERATED}{}", to_yaml(&body, 0))
}

/// The three ways to deploy the policy: object-only (the default),
/// context-aware, and mutating.
#[derive(Debug, Clone, Copy)]
pub enum Variant {
    ObjectOnly,
    ContextAware,
    Mutating,
}

impl Variant {
    pub const ALL: [Variant; 3] = [
        Variant::ObjectOnly,
        Variant::ContextAware,
        Variant::Mutating,
    ];

    fn name(self) -> &'static str {
        match self {
            Variant::ObjectOnly => NAME,
            Variant::ContextAware => "kubeshape-context-aware",
            Variant::Mutating => "kubeshape-mutating",
        }
    }

    fn settings(self) -> Value {
        let mut settings = json!({"preset": "recommended", "failOn": "error", "lang": "en"});
        match self {
            Variant::ObjectOnly => {}
            Variant::ContextAware => settings["contextAware"] = json!(true),
            Variant::Mutating => settings["mutate"] = json!("safe"),
        }
        settings
    }
}

/// A `ClusterAdmissionPolicy` for a variant, with the settings most
/// clusters start with (docs/kubewarden.md).
pub fn cluster_admission_policy(variant: Variant) -> Value {
    let mut spec = json!({
        "module": format!("registry://{OCI}:v{VERSION}"),
        "mode": "protect",
        "mutating": matches!(variant, Variant::Mutating),
        "backgroundAudit": true,
        "rules": admission_rules(),
        "namespaceSelector": {
            "matchExpressions": [{
                "key": "kubernetes.io/metadata.name",
                "operator": "NotIn",
                "values": ["kube-system", "kubewarden"],
            }],
        },
        "settings": variant.settings(),
    });
    if let Variant::ContextAware = variant {
        spec["contextAwareResources"] = context_aware_resources();
    }
    json!({
        "apiVersion": "policies.kubewarden.io/v1",
        "kind": "ClusterAdmissionPolicy",
        "metadata": { "name": variant.name() },
        "spec": spec,
    })
}

/// `cluster-admission-policy.yml`: the three variants, one document each.
pub fn cluster_admission_policy_yml() -> String {
    let docs: Vec<String> = Variant::ALL
        .iter()
        .map(|v| to_yaml(&cluster_admission_policy(*v), 0))
        .collect();
    format!("{GENERATED}{}", docs.join("---\n"))
}

/// `policies.yml` for a local policy-server (`policy-server --policies
/// policies.yml`): the three variants, the module from a local file.
pub fn policies_yml() -> String {
    let mut all = serde_json::Map::new();
    for variant in Variant::ALL {
        let mut entry = json!({
            "module": "file:///policies/kubeshape.wasm",
            "settings": variant.settings(),
        });
        match variant {
            Variant::ObjectOnly => {}
            Variant::ContextAware => entry["contextAwareResources"] = context_aware_resources(),
            Variant::Mutating => entry["allowedToMutate"] = json!(true),
        }
        all.insert(variant.name().to_owned(), entry);
    }
    format!("{GENERATED}{}", to_yaml(&Value::Object(all), 0))
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
        ("policies.yml", policies_yml()),
    ]
}
