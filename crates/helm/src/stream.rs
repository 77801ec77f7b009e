//! The rendered chart as `helm template` prints it: every document of
//! every rendered template under a `# Source:` line, in Helm's install
//! order (by kind, then template name), hooks after the rest, test hooks
//! left out unless asked for.

use crate::render::Render;
use crate::value::Value;
use crate::yaml::from_yaml;

/// Helm's install order of kinds; others come after, by kind name.
const INSTALL_ORDER: &[&str] = &[
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

/// One document of a rendered template.
pub struct Doc<'r> {
    /// Helm's template name.
    pub source: &'r str,
    pub text: &'r str,
    pub kind: String,
    /// The `helm.sh/hook` annotation, if it is a hook.
    pub hook: Option<String>,
}

/// Splits a rendered template into documents as Helm's `SplitManifests`
/// does (at `---` lines; blank documents dropped).
pub fn split(text: &str) -> Vec<&str> {
    let mut docs = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    while i <= text.len() {
        let at_line_start = i == 0 || bytes.get(i - 1) == Some(&b'\n');
        if at_line_start && text[i..].starts_with("---") {
            let end = text[start..i].trim_end().len() + start;
            docs.push(&text[start..end]);
            let mut j = i + 3;
            while j < text.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            start = j;
            i = j;
            continue;
        }
        match text[i..].find('\n') {
            Some(n) => i += n + 1,
            None => break,
        }
    }
    docs.push(&text[start..]);
    docs.into_iter().filter(|d| !d.trim().is_empty()).collect()
}

fn head(doc: &str) -> (String, Option<String>) {
    let v = from_yaml(doc).unwrap_or(Value::Nil);
    let kind = v.get("kind").map(|k| k.to_go_string()).unwrap_or_default();
    let hook = v
        .get("metadata")
        .and_then(|m| m.get("annotations"))
        .and_then(|a| a.get("helm.sh/hook"))
        .map(|h| h.to_go_string());
    (kind, hook)
}

/// The documents of a render in Helm's order: manifests by install order
/// and template name, then hooks; test hooks only with `include_tests`.
pub fn documents(render: &Render, include_tests: bool) -> Vec<Doc<'_>> {
    let mut docs = Vec::new();
    let mut rendered: Vec<&crate::render::Rendered> =
        render.rendered.iter().filter(|r| !r.notes).collect();
    rendered.sort_by(|a, b| a.name.cmp(&b.name));
    for r in rendered {
        let base = r.name.rsplit('/').next().unwrap_or("");
        if base.starts_with('_') {
            continue;
        }
        for text in split(&r.output.text) {
            let (kind, hook) = head(text);
            if !include_tests
                && hook.as_deref().is_some_and(|h| {
                    h.split(',')
                        .any(|h| matches!(h.trim(), "test" | "test-success" | "test-failure"))
                })
            {
                continue;
            }
            docs.push(Doc {
                source: &r.name,
                text,
                kind,
                hook,
            });
        }
    }
    let rank = |k: &str| {
        INSTALL_ORDER
            .iter()
            .position(|x| *x == k)
            .unwrap_or(INSTALL_ORDER.len())
    };
    docs.sort_by(|a, b| {
        a.hook
            .is_some()
            .cmp(&b.hook.is_some())
            .then_with(|| rank(&a.kind).cmp(&rank(&b.kind)))
            .then_with(|| {
                if rank(&a.kind) == INSTALL_ORDER.len() {
                    a.kind.cmp(&b.kind)
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .then_with(|| a.source.cmp(b.source))
    });
    docs
}

/// `helm template`'s output for a render.
pub fn stream(render: &Render, include_tests: bool) -> String {
    let mut out = String::new();
    for d in documents(render, include_tests) {
        out.push_str("---\n# Source: ");
        out.push_str(d.source);
        out.push('\n');
        out.push_str(d.text);
        out.push('\n');
    }
    out
}
