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

/// Splits a rendered template into documents as Helm v4 does: at each
/// `---` that starts a line, the separator taking the blanks after it (a
/// document keeps its own trailing blank lines); blank documents dropped.
pub fn split(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut docs = Vec::new();
    let mut start = 0;
    let mut line = 0;
    while line < text.len() {
        let next = text[line..].find('\n').map_or(text.len(), |n| line + n + 1);
        if text[line..].starts_with("---") {
            docs.push(&text[start..line]);
            let mut j = line + 3;
            while j < text.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            // The blanks after `---` (its line's end included) go with it.
            start = j;
            line = j;
            continue;
        }
        line = next;
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

/// `helm template`'s output for a render (`include_tests`: the test hooks
/// too; `include_crds`: the `crds/` files first, as `--include-crds`).
pub fn stream(render: &Render, include_tests: bool, include_crds: bool) -> String {
    let mut out = String::new();
    if include_crds {
        for (name, text) in &render.crds {
            push_doc(&mut out, name, text);
        }
    }
    let docs = documents(render, include_tests);
    let mut manifests = String::new();
    for d in docs.iter().filter(|d| d.hook.is_none()) {
        push_doc(&mut manifests, d.source, d.text);
    }
    out.push_str(manifests.trim());
    out.push('\n');
    for d in docs.iter().filter(|d| d.hook.is_some()) {
        push_doc(&mut out, d.source, d.text);
    }
    out
}

fn push_doc(out: &mut String, source: &str, text: &str) {
    out.push_str("---\n# Source: ");
    out.push_str(source);
    out.push('\n');
    out.push_str(text);
    out.push('\n');
}
