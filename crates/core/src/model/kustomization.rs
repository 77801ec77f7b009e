//! What a `kustomization.yaml` names, and as what: the resources it builds
//! on (manifests, or folders of other kustomizations), the patches it
//! applies (parts of objects by design), the files its generators and
//! transformers read (not manifests at all). A tool that walks a repository
//! reads each file as what its kustomization says it is.

use crate::parse::Node;

/// The files and folders a kustomization names, as written (relative to
/// its folder, or URLs).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct References {
    /// `resources` (and the deprecated `bases`): manifests, or folders
    /// holding another kustomization.
    pub resources: Vec<String>,
    /// `components`: folders holding a `kind: Component` kustomization.
    pub components: Vec<String>,
    /// Files under `patches`, `patchesStrategicMerge`, `patchesJson6902`.
    pub patches: Vec<String>,
    /// `crds`: CustomResourceDefinitions, manifests too.
    pub crds: Vec<String>,
    /// What the generators and transformers read: `configMapGenerator` and
    /// `secretGenerator` files, `configurations`, `transformers`,
    /// `generators`, `validators`, `replacements` files, a Helm chart's
    /// values files. None of them is a manifest.
    pub inputs: Vec<String>,
}

/// Whether a name is a kustomization's: `kustomization.yaml`,
/// `kustomization.yml` or `Kustomization`.
pub fn is_kustomization(file_name: &str) -> bool {
    matches!(
        file_name,
        "kustomization.yaml" | "kustomization.yml" | "Kustomization"
    )
}

/// What the kustomization `root` (a document's root) names.
pub fn references(root: &Node) -> References {
    let strings = |key: &str| -> Vec<String> {
        root.items(key)
            .iter()
            .filter_map(Node::as_str)
            .map(str::to_owned)
            .collect()
    };
    let mut refs = References {
        resources: strings("resources"),
        components: strings("components"),
        crds: strings("crds"),
        ..References::default()
    };
    refs.resources.extend(strings("bases"));
    // A patch is a file, or written inline (a text over several lines).
    let file = |text: &str| !text.contains('\n') && !text.trim_start().starts_with(['{', '[']);
    for item in root.items("patchesStrategicMerge") {
        if let Some(text) = item.as_str().filter(|t| file(t)) {
            refs.patches.push(text.to_owned());
        }
    }
    for key in ["patches", "patchesJson6902"] {
        for item in root.items(key) {
            if let Some(path) = item.get("path").and_then(Node::as_str) {
                refs.patches.push(path.to_owned());
            }
        }
    }
    for key in ["configurations", "transformers", "generators", "validators"] {
        for item in root.items(key) {
            if let Some(text) = item.as_str().filter(|t| file(t)) {
                refs.inputs.push(text.to_owned());
            }
        }
    }
    for item in root.items("replacements") {
        if let Some(path) = item.get("path").and_then(Node::as_str) {
            refs.inputs.push(path.to_owned());
        }
    }
    for key in ["configMapGenerator", "secretGenerator"] {
        for generator in root.items(key) {
            for list in ["files", "envs"] {
                for source in generator.items(list).iter().filter_map(Node::as_str) {
                    // `[key=]path`
                    let path = source.split_once('=').map_or(source, |(_, p)| p);
                    refs.inputs.push(path.to_owned());
                }
            }
            if let Some(env) = generator.get("env").and_then(Node::as_str) {
                refs.inputs.push(env.to_owned());
            }
        }
    }
    for chart in root.items("helmCharts") {
        if let Some(values) = chart.get("valuesFile").and_then(Node::as_str) {
            refs.inputs.push(values.to_owned());
        }
        refs.inputs.extend(
            chart
                .items("additionalValuesFiles")
                .iter()
                .filter_map(Node::as_str)
                .map(str::to_owned),
        );
    }
    refs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse, Limits};

    #[test]
    fn a_kustomization_names_its_files_by_what_they_are() {
        let text = "\
resources:
- deployment.yaml
- ../base
bases: [../old]
components: [../components/tls]
crds: [crds/widget.yaml]
patches:
- path: replicas.yaml
- target: {kind: Deployment}
  patch: |-
    - op: replace
      path: /spec/replicas
      value: 3
patchesStrategicMerge:
- memory.yaml
- |-
  apiVersion: apps/v1
  kind: Deployment
patchesJson6902:
- target: {group: apps, version: v1, kind: Deployment, name: web}
  path: ops.yaml
configMapGenerator:
- name: app
  files: [config.json, key=settings.yaml]
  envs: [app.env]
secretGenerator:
- name: s
  env: secret.env
configurations: [kustomizeconfig.yaml]
transformers: [labels.yaml]
replacements:
- path: replacement.yaml
helmCharts:
- name: redis
  valuesFile: redis-values.yaml
  additionalValuesFiles: [more.yaml]
";
        let parsed = parse(text, &Limits::default());
        let root = parsed.documents[0].root.as_ref().unwrap();
        let refs = references(root);
        assert_eq!(refs.resources, ["deployment.yaml", "../base", "../old"]);
        assert_eq!(refs.components, ["../components/tls"]);
        assert_eq!(refs.crds, ["crds/widget.yaml"]);
        assert_eq!(refs.patches, ["memory.yaml", "replicas.yaml", "ops.yaml"]);
        assert_eq!(
            refs.inputs,
            [
                "kustomizeconfig.yaml",
                "labels.yaml",
                "replacement.yaml",
                "config.json",
                "settings.yaml",
                "app.env",
                "secret.env",
                "redis-values.yaml",
                "more.yaml"
            ]
        );
        assert!(is_kustomization("kustomization.yaml") && is_kustomization("Kustomization"));
        assert!(!is_kustomization("kustomization.json"));
    }
}
