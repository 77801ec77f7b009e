//! What a document is checked with: the files of its folder (an open
//! document's buffer in place of its file), the other open documents of
//! the workspace, and the CustomResourceDefinitions the settings name —
//! the same roles `kubeshape check` gives them (a file that is not a
//! Kubernetes manifest is skipped, a kustomization's patches are patches,
//! a Helm chart's templates wait for rendering).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use kubeshape_core::diagnostic::{FileKind, Role};

use crate::files::is_chart_template;
use crate::repo::{assign_roles, normalize, Source};

use super::config::is_yaml;

/// The largest sibling file read from disk: a bigger one is left out
/// (it is checked when it is opened itself).
const MAX_SIBLING: u64 = 8 << 20;

/// `file:///a/b%20c.yaml` → `/a/b c.yaml`; `None` for other schemes.
pub fn uri_to_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    // `file://host/path` is not a local file; `file:///path` is.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok().map(PathBuf::from)
}

/// `/a/b c.yaml` → `file:///a/b%20c.yaml`.
pub fn path_to_uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An open document, as the inputs see it.
pub struct Open<'a> {
    pub uri: &'a str,
    pub path: Option<&'a Path>,
    pub text: &'a str,
}

/// The inputs a document is checked with, itself first, and each one's
/// URI (for related locations).
pub struct Unit {
    pub sources: Vec<Source>,
    pub uris: Vec<String>,
}

/// The inputs of `doc`: itself, the YAML files of its folder (not its
/// subfolders), the open documents under `root`, and `crds`.
pub fn unit(doc: &Open<'_>, open: &[Open<'_>], root: Option<&Path>, crds: &[Source]) -> Unit {
    let mut sources = vec![Source {
        name: doc
            .path
            .map_or_else(|| doc.uri.to_owned(), |p| p.to_string_lossy().into_owned()),
        text: doc.text.to_owned(),
        role: Role::Found,
    }];
    let mut uris = vec![doc.uri.to_owned()];
    if doc.path.is_some_and(is_chart_template) {
        sources[0].role = Role::Skipped(FileKind::HelmTemplate);
        sources[0].text.clear();
        return Unit { sources, uris };
    }
    let buffers: HashMap<PathBuf, &Open<'_>> = open
        .iter()
        .filter_map(|o| Some((normalize(o.path?), o)))
        .collect();
    let mut seen: Vec<PathBuf> = Vec::new();
    if let Some(path) = doc.path {
        seen.push(normalize(path));
        if let Some(dir) = path.parent() {
            for sibling in siblings(dir) {
                let key = normalize(&sibling);
                if seen.contains(&key) {
                    continue;
                }
                let text = match buffers.get(&key) {
                    Some(o) => o.text.to_owned(),
                    None => match std::fs::read_to_string(&sibling) {
                        Ok(text) => text,
                        Err(_) => continue,
                    },
                };
                uris.push(path_to_uri(&sibling));
                sources.push(Source {
                    name: sibling.to_string_lossy().into_owned(),
                    text,
                    role: Role::Found,
                });
                seen.push(key);
            }
        }
    }
    for o in open {
        let Some(path) = o.path else { continue };
        let under_root = root.is_some_and(|r| path.starts_with(r));
        if o.uri == doc.uri
            || !under_root
            || seen.contains(&normalize(path))
            || is_chart_template(path)
        {
            continue;
        }
        uris.push(o.uri.to_owned());
        sources.push(Source {
            name: path.to_string_lossy().into_owned(),
            text: o.text.to_owned(),
            role: Role::Found,
        });
    }
    assign_roles(&mut sources);
    for crd in crds {
        uris.push(path_to_uri(Path::new(&crd.name)));
        sources.push(crd.clone());
    }
    Unit { sources, uris }
}

/// The YAML files directly in `dir`, sorted.
fn siblings(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| {
            e.file_type().is_ok_and(|t| t.is_file())
                && e.metadata().is_ok_and(|m| m.len() <= MAX_SIBLING)
        })
        .map(|e| e.path())
        .filter(|p| is_yaml(p) || p.file_name().is_some_and(|n| n == "Kustomization"))
        .collect();
    out.sort();
    out
}

/// Reads the CustomResourceDefinition files, each an input read only for
/// them; the files that could not be read, with why.
pub fn read_crds(paths: &[PathBuf]) -> (Vec<Source>, Vec<String>) {
    let mut sources = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        match std::fs::read_to_string(path) {
            Ok(text) => sources.push(Source {
                name: path.to_string_lossy().into_owned(),
                text,
                role: Role::Crds,
            }),
            Err(e) => problems.push(format!("cannot read {}: {e}", path.display())),
        }
    }
    (sources, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_and_paths_round_trip() {
        let path = Path::new("/tmp/a b/名.yaml");
        let uri = path_to_uri(path);
        assert_eq!(uri, "file:///tmp/a%20b/%E5%90%8D.yaml");
        assert_eq!(uri_to_path(&uri).as_deref(), Some(path));
        assert_eq!(uri_to_path("file:///x%2"), Some(PathBuf::from("/x%2")));
        assert_eq!(uri_to_path("untitled:Untitled-1"), None);
    }

    #[test]
    fn a_document_is_checked_with_its_folder_and_its_kustomization() {
        let dir = std::env::temp_dir().join(format!("kubeshape-lsp-unit-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).expect("dir");
        std::fs::write(
            dir.join("kustomization.yaml"),
            "resources: [app.yaml]\npatches:\n  - path: patch.yaml\n",
        )
        .expect("write");
        std::fs::write(dir.join("app.yaml"), "kind: ConfigMap\n").expect("write");
        std::fs::write(dir.join("patch.yaml"), "kind: Deployment\n").expect("write");
        std::fs::write(dir.join("sub/other.yaml"), "kind: Service\n").expect("write");
        let patch = dir.join("patch.yaml");
        let uri = path_to_uri(&patch);
        let doc = Open {
            uri: &uri,
            path: Some(&patch),
            text: "kind: Deployment # edited\n",
        };
        let unit = unit(&doc, &[], Some(&dir), &[]);
        let got: Vec<(String, Role)> = unit
            .sources
            .iter()
            .map(|s| {
                (
                    s.name.rsplit('/').next().unwrap_or_default().to_owned(),
                    s.role,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("patch.yaml".to_owned(), Role::Patch),
                ("app.yaml".to_owned(), Role::Manifest),
                ("kustomization.yaml".to_owned(), Role::Kustomization),
            ]
        );
        assert_eq!(unit.sources[0].text, "kind: Deployment # edited\n");
        assert_eq!(unit.uris.len(), 3);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
