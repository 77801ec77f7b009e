//! What a file found in a folder is, before anything judges it: a
//! Kubernetes manifest, or one of the other YAML and JSON files a repository
//! holds (Helm values, Cloud Build steps, a Compose file, an OpenAPI
//! document…), recognised by its name and its shape.
//!
//! A file is a manifest when one of its documents is a Kubernetes object
//! (`apiVersion` and `kind`, in a group that is not another tool's) or looks
//! like one (`metadata` or `spec` at the top: a manifest that lost its
//! `kind` is still an error to report). Otherwise it is not, and what it is
//! comes from its name, then from its top-level keys.

use crate::diagnostic::FileKind;
use crate::parse::{Node, SourceFile};

/// `None` when `file` is a manifest; what it is otherwise.
pub fn classify(file: &SourceFile<'_>) -> Option<FileKind> {
    let roots: Vec<&Node> = file
        .documents
        .iter()
        .filter_map(|d| d.root.as_ref())
        .collect();
    let name = base_name(file.name);
    let lower = name.to_ascii_lowercase();
    if roots.is_empty() {
        // Nothing read: empty, or a parse that failed at once. A manifest
        // says `apiVersion:` or `kind:` at the start of a line.
        let blank = |l: &str| {
            let l = l.trim();
            l.is_empty() || l.starts_with('#') || l == "---" || l == "..."
        };
        if file.text.lines().all(blank) {
            return Some(FileKind::Empty);
        }
        let says = |keys: &[&str]| {
            file.text.lines().any(|l| {
                let l = l.trim_start_matches(['-', ' ', '{']);
                keys.iter().any(|k| l.starts_with(k))
            })
        };
        if says(&["kind:", "metadata:", "\"kind\""]) {
            return None;
        }
        return match by_name(&lower, file.name) {
            Some(kind) => Some(kind),
            None if says(&["apiVersion:", "\"apiVersion\""]) => None,
            None => Some(other(&lower)),
        };
    }
    let mut tools = None;
    for root in &roots {
        match object_kind(root) {
            Object::Kubernetes => return None,
            Object::Tool(kind) => tools = tools.or(Some(kind)),
            Object::None => {}
        }
    }
    if let Some(kind) = by_name(&lower, file.name) {
        return Some(kind);
    }
    if tools.is_none()
        && roots
            .iter()
            .any(|r| r.get("metadata").is_some() || r.get("spec").is_some())
    {
        return None;
    }
    tools.or_else(|| {
        roots
            .iter()
            .find_map(|r| by_shape(r))
            .or(Some(other(&lower)))
    })
}

/// `a/b/values.yaml` → `values.yaml` (either slash).
fn base_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

fn other(lower: &str) -> FileKind {
    match lower.ends_with(".json") {
        true => FileKind::OtherJson,
        false => FileKind::OtherYaml,
    }
}

enum Object {
    /// A Kubernetes object (maybe a custom resource).
    Kubernetes,
    /// Another tool's file in Kubernetes style.
    Tool(FileKind),
    None,
}

/// Groups of `apiVersion`s that are other tools' files, not API objects.
const TOOL_GROUPS: &[(&str, FileKind)] = &[
    ("skaffold", FileKind::Skaffold),
    ("kustomize.config.k8s.io", FileKind::KustomizeConfig),
    ("builtin", FileKind::KustomizeConfig),
    ("kind.x-k8s.io", FileKind::ToolConfig),
    ("kubeadm.k8s.io", FileKind::ToolConfig),
    ("kubelet.config.k8s.io", FileKind::ToolConfig),
    ("kubeproxy.config.k8s.io", FileKind::ToolConfig),
    ("kubescheduler.config.k8s.io", FileKind::ToolConfig),
    ("kubecontrollermanager.config.k8s.io", FileKind::ToolConfig),
    ("apiserver.config.k8s.io", FileKind::ToolConfig),
    ("apiserver.k8s.io", FileKind::ToolConfig),
    ("audit.k8s.io", FileKind::ToolConfig),
    ("client.authentication.k8s.io", FileKind::ToolConfig),
    ("config.kubernetes.io", FileKind::ToolConfig),
    ("kpt.dev", FileKind::ToolConfig),
    ("fn.kpt.dev", FileKind::ToolConfig),
    ("ctlptl.dev", FileKind::ToolConfig),
    ("k3d.io", FileKind::ToolConfig),
    ("kuttl.dev", FileKind::ToolConfig),
    ("chainsaw.kyverno.io", FileKind::ToolConfig),
    ("cli.kyverno.io", FileKind::ToolConfig),
    ("backstage.io", FileKind::ToolConfig),
    ("garden.io", FileKind::ToolConfig),
];

fn object_kind(root: &Node) -> Object {
    let api_version = root.get("apiVersion");
    let kind = root.get("kind").and_then(Node::as_str);
    // Grafana's provisioning files say `apiVersion: 1`.
    let Some(api_version) = api_version.filter(|v| v.is_quoted() || v.as_i64().is_none()) else {
        return Object::None;
    };
    let (Some(api_version), Some(kind)) = (api_version.as_str(), kind) else {
        return Object::None;
    };
    let group = api_version.rsplit_once('/').map_or(api_version, |(g, _)| g);
    if let Some(&(_, tool)) = TOOL_GROUPS.iter().find(|(g, _)| *g == group) {
        return Object::Tool(tool);
    }
    // A kubeconfig: `apiVersion: v1`, `kind: Config`.
    if api_version == "v1" && kind == "Config" && root.get("clusters").is_some() {
        return Object::Tool(FileKind::ToolConfig);
    }
    Object::Kubernetes
}

/// Files known by their names. (`lower` is the base name, lowercased.)
fn by_name(lower: &str, path: &str) -> Option<FileKind> {
    let stem = lower
        .strip_suffix(".yaml")
        .or_else(|| lower.strip_suffix(".yml"))
        .or_else(|| lower.strip_suffix(".json"))
        .or_else(|| lower.strip_suffix(".lock"))
        .unwrap_or(lower);
    let kind = match stem {
        "chart" | "requirements" => FileKind::HelmChart,
        "values.schema" => FileKind::JsonSchema,
        "kustomizeconfig" => FileKind::KustomizeConfig,
        "skaffold" => FileKind::Skaffold,
        ".goreleaser" | "goreleaser" => FileKind::GoReleaser,
        ".gitlab-ci"
        | ".travis"
        | "bitbucket-pipelines"
        | ".drone"
        | "azure-pipelines"
        | "appveyor"
        | ".cirrus"
        | "codefresh" => FileKind::CiWorkflow,
        _ if stem.starts_with("cloudbuild") => FileKind::CloudBuild,
        _ if stem.starts_with("docker-compose")
            || stem == "compose"
            || stem.starts_with("compose.")
            || stem.starts_with("compose-") =>
        {
            FileKind::DockerCompose
        }
        _ if stem == "values"
            || stem.starts_with("values.")
            || stem.starts_with("values-")
            || stem.starts_with("values_")
            || stem.ends_with("-values")
            || stem.ends_with("_values")
            || stem.ends_with(".values") =>
        {
            FileKind::HelmValues
        }
        _ => {
            let unix = path.replace('\\', "/");
            if unix.contains(".github/workflows/") || unix.contains(".github/actions/") {
                FileKind::CiWorkflow
            } else {
                return None;
            }
        }
    };
    Some(kind)
}

/// Files known by their top-level keys.
fn by_shape(root: &Node) -> Option<FileKind> {
    let has = |key: &str| root.get(key).is_some();
    let items = |key: &str| root.get(key).and_then(Node::as_seq).unwrap_or(&[]);
    if has("openapi") || has("swagger") {
        return Some(FileKind::OpenApi);
    }
    if has("$schema") || (root.get("type").is_some_and(|t| t.is_str("object")) && has("properties"))
    {
        return Some(FileKind::JsonSchema);
    }
    if has("suite") && (has("tests") || has("templates")) {
        return Some(FileKind::HelmTest);
    }
    if has("receivers") && (has("exporters") || has("processors")) {
        return Some(FileKind::OpenTelemetry);
    }
    if has("scrape_configs")
        || has("rule_files")
        || (has("route") && has("receivers"))
        || (!items("groups").is_empty() && items("groups").iter().all(|g| g.get("rules").is_some()))
    {
        return Some(FileKind::Prometheus);
    }
    if has("panels")
        || root
            .get("dashboard")
            .is_some_and(|d| d.get("panels").is_some())
        || (root.get("apiVersion").is_some()
            && [
                "datasources",
                "providers",
                "deleteDatasources",
                "contactPoints",
                "policies",
            ]
            .iter()
            .any(|k| has(k)))
    {
        return Some(FileKind::Grafana);
    }
    if has("jobs") && (has("on") || has("true") || has("name")) {
        return Some(FileKind::CiWorkflow);
    }
    if has("stages") || (has("trigger") && has("steps")) || has("pipeline") {
        return Some(FileKind::CiWorkflow);
    }
    let steps = items("steps");
    if !steps.is_empty() && steps.iter().all(|s| s.get("name").is_some()) {
        return Some(FileKind::CloudBuild);
    }
    if root
        .get("services")
        .and_then(Node::as_map)
        .is_some_and(|m| {
            m.iter()
                .any(|e| e.value.get("image").is_some() || e.value.get("build").is_some())
        })
    {
        return Some(FileKind::DockerCompose);
    }
    if has("builds")
        && (has("archives") || has("project_name") || has("release") || has("changelog"))
    {
        return Some(FileKind::GoReleaser);
    }
    if has("nameReference") || has("varReference") || has("commonLabels") || has("namePrefix") {
        return Some(FileKind::KustomizeConfig);
    }
    None
}

#[cfg(test)]
mod tests;
