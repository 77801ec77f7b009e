//! What the server's settings come from, in order: `kubeshape.yaml` at the
//! workspace root, then the client's (`initializationOptions`, then
//! `workspace/didChangeConfiguration`), which override it.
//!
//! The client's settings are those of the command line, in the editors'
//! camelCase or the settings file's snake_case: `lang`, `preset`,
//! `include`, `exclude`, `severity`, `kubernetesVersion`, `crds` (files or
//! folders of CustomResourceDefinitions, relative to the workspace root),
//! `assumeCompleteInput`, `thresholds`, `limits`.

use std::path::{Path, PathBuf};

use kubeshape_core::{Lang, Settings};
use serde_json::{Map, Value};

/// The settings in force.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub settings: Settings,
    pub lang: Lang,
    /// Problems reading them, to show the user once.
    pub problems: Vec<String>,
}

/// The settings from the workspace's `kubeshape.yaml` (if there is one) and
/// the client's `options` over it.
pub fn read(root: Option<&Path>, options: &Value) -> Config {
    let mut config = Config::default();
    let mut base = Value::Object(Map::new());
    if let Some(root) = root {
        let path = root.join("kubeshape.yaml");
        if let Ok(text) = std::fs::read_to_string(&path) {
            match Settings::from_yaml(&text) {
                Ok(settings) => match serde_json::to_value(&settings) {
                    Ok(value) => base = value,
                    Err(e) => config.problems.push(format!("{}: {e}", path.display())),
                },
                Err(e) => config.problems.push(format!("{}: {e}", path.display())),
            }
        }
    }
    let options = options
        .get("kubeshape")
        .filter(|v| v.is_object())
        .unwrap_or(options);
    let mut merged = match base {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    if let Some(map) = options.as_object() {
        for (key, value) in map {
            let key = snake(key);
            if key == "lang" {
                match value.as_str().and_then(Lang::parse) {
                    Some(lang) => config.lang = lang,
                    None => config.problems.push(format!(
                        "lang: {value} is not a language kubeshape speaks (en, zh)"
                    )),
                }
                continue;
            }
            merged.insert(key, value.clone());
        }
    }
    match Settings::from_json(Value::Object(merged)) {
        Ok(settings) => config.settings = settings,
        Err(e) => config.problems.push(format!("settings: {e}")),
    }
    if let Some(root) = root {
        for crd in &mut config.settings.crds {
            if Path::new(crd).is_relative() {
                *crd = root.join(&*crd).to_string_lossy().into_owned();
            }
        }
    }
    config
}

/// `kubernetesVersion` → `kubernetes_version`.
fn snake(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The files the settings' `crds` name (folders walked for YAML).
pub fn crd_files(settings: &Settings) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for crd in &settings.crds {
        walk(Path::new(crd), &mut out);
    }
    out
}

fn walk(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for entry in entries {
            walk(&entry, out);
        }
    } else if is_yaml(path) {
        out.push(path.to_path_buf());
    }
}

/// Whether a path names a YAML or JSON file.
pub fn is_yaml(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn client_settings_override_the_workspace_file() {
        let dir = std::env::temp_dir().join(format!("kubeshape-lsp-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(
            dir.join("kubeshape.yaml"),
            "preset: strict\nexclude: [latest-tag]\ncrds: [crds/]\n",
        )
        .expect("write");
        let config = read(
            Some(&dir),
            &json!({"kubeshape": {"lang": "zh", "kubernetesVersion": "1.29", "include": ["security"]}}),
        );
        assert!(config.problems.is_empty(), "{:?}", config.problems);
        assert_eq!(config.lang, Lang::Zh);
        assert_eq!(config.settings.kubernetes_version.as_deref(), Some("1.29"));
        assert_eq!(config.settings.exclude, ["latest-tag"]);
        assert_eq!(config.settings.include, ["security"]);
        assert_eq!(config.settings.crds, [dir.join("crds/").to_string_lossy()]);
        let bad = read(None, &json!({"lang": "fr", "preset": "loud"}));
        assert_eq!(bad.problems.len(), 2, "{:?}", bad.problems);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
