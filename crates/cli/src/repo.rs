//! How `kubeshape check` reads a repository: every file as what it is. A
//! file named on the command line is a manifest, whatever it holds; a file
//! found in a folder is judged when it is one, and skipped (and counted)
//! when it is not (see `kubeshape_core::model::shape`). A Helm chart's
//! `templates/` are not YAML until rendered. A `kustomization.yaml` says
//! what the files it names are: its patches are parts of objects, its
//! generators' inputs are not manifests.

use std::collections::HashMap;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

use kubeshape_core::diagnostic::{FileKind, Role};
use kubeshape_core::model::kustomization::{is_kustomization, references};
use kubeshape_core::parse::{parse, Limits};

use crate::files::{collect_found, is_chart_template, read_file, Place};

/// One input: its name (as the report shows it), its text (empty for a
/// file skipped unread), how it is to be read.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
    pub role: Role,
}

/// How to read what the command line names.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// Judge every file as a manifest (`--include-non-manifests`), as for
    /// a file named on the command line.
    pub strict: bool,
    /// Judge a file named on the command line as one found in a folder
    /// (`--skip-non-manifests`, for a list of files from a pre-commit hook
    /// or a script): skipped when it is not a manifest or is a Helm chart's
    /// template, and read as the kustomization of its folder says (a patch
    /// as a patch), even when that kustomization is not named.
    pub lenient: bool,
}

/// Reads every input named in `paths` (`-` is stdin): the sources, and the
/// errors of those that could not be read (one message each).
pub fn read_inputs(paths: &[PathBuf], options: ReadOptions) -> (Vec<Source>, Vec<String>) {
    let mut errors = Vec::new();
    let mut sources: Vec<Source> = Vec::new();
    let paths = if paths.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        paths.to_vec()
    };
    let mut buffer = vec![0; 64 * 1024];
    for path in &paths {
        if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            match io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read stdin: {e}"))
                .and_then(|_| read_text(bytes, "stdin"))
            {
                Ok(text) => sources.push(Source {
                    name: "-".to_owned(),
                    text,
                    role: Role::Manifest,
                }),
                Err(e) => errors.push(e),
            }
            continue;
        }
        let mut files = Vec::new();
        if let Err(e) = collect_found(path, &mut files) {
            errors.push(format!("cannot read {}: {e}", path.display()));
        }
        for (file, place) in files {
            let place = match place {
                Place::Named if options.lenient && is_chart_template(&file) => Place::ChartTemplate,
                Place::Named if options.lenient => Place::Found,
                place => place,
            };
            let name = file
                .to_str()
                .map_or_else(|| file.display().to_string(), str::to_owned);
            let role = match place {
                Place::Named => Role::Manifest,
                Place::Found => Role::Found,
                Place::ChartTemplate => Role::Skipped(FileKind::HelmTemplate),
            };
            let role = match role {
                Role::Found | Role::Skipped(_) if options.strict => Role::Manifest,
                role => role,
            };
            if matches!(role, Role::Skipped(_)) {
                sources.push(Source {
                    name,
                    text: String::new(),
                    role,
                });
                continue;
            }
            match read_file(&file, &mut buffer)
                .map_err(|e| format!("cannot read {name}: {e}"))
                .and_then(|b| read_text(b, &name))
            {
                Ok(text) => sources.push(Source { name, text, role }),
                Err(e) => errors.push(e),
            }
        }
    }
    if options.lenient {
        // The kustomizations of the named files' folders, read to learn
        // their roles and then left out.
        let named = sources.len();
        let mut dirs: Vec<PathBuf> = sources
            .iter()
            .filter_map(|s| Some(Path::new(&s.name).parent()?.to_path_buf()))
            .collect();
        dirs.sort();
        dirs.dedup();
        for dir in dirs {
            for file in ["kustomization.yaml", "kustomization.yml", "Kustomization"] {
                let path = dir.join(file);
                let name = path.to_string_lossy().into_owned();
                if sources.iter().any(|s| s.name == name) {
                    continue;
                }
                if let Ok(text) = std::fs::read_to_string(&path) {
                    sources.push(Source {
                        name,
                        text,
                        role: Role::Found,
                    });
                }
            }
        }
        assign_roles(&mut sources);
        sources.truncate(named);
    } else {
        assign_roles(&mut sources);
    }
    (sources, errors)
}

/// Reads a file as UTF-8, or says where it is not.
pub fn read_text(bytes: Vec<u8>, name: &str) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        format!("{name} is not UTF-8 text (invalid byte at offset {offset}); save it as UTF-8 and try again")
    })
}

/// Gives each file a kustomization among `sources` names the role it has
/// there: a patch, a manifest it builds on, an input of its generators
/// (the kustomizations themselves become [`Role::Kustomization`]).
pub fn assign_roles(sources: &mut [Source]) {
    let mut named: HashMap<PathBuf, Role> = HashMap::new();
    for source in sources.iter_mut() {
        let path = Path::new(&source.name);
        let Some(file_name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if !is_kustomization(file_name) || matches!(source.role, Role::Skipped(_)) {
            continue;
        }
        source.role = Role::Kustomization;
        let dir = path.parent().unwrap_or(Path::new(""));
        let parsed = parse(&source.text, &Limits::default());
        for doc in &parsed.documents {
            let Some(root) = &doc.root else { continue };
            let refs = references(root);
            let mut name = |rel: &str, role: Role| {
                if rel.contains("://") {
                    return;
                }
                let at = normalize(&dir.join(rel));
                // A patch stays a patch whatever else names the file.
                let keep = named.get(&at) == Some(&Role::Patch);
                if !keep {
                    named.insert(at, role);
                }
            };
            for rel in refs.resources.iter().chain(&refs.crds) {
                name(rel, Role::Manifest);
            }
            for rel in &refs.inputs {
                name(rel, Role::Skipped(FileKind::KustomizeConfig));
            }
            for rel in &refs.patches {
                name(rel, Role::Patch);
            }
        }
    }
    if named.is_empty() {
        return;
    }
    for source in sources.iter_mut() {
        if source.role != Role::Found && source.role != Role::Manifest {
            continue;
        }
        if let Some(&role) = named.get(&normalize(Path::new(&source.name))) {
            // A file named on the command line stays a manifest unless a
            // kustomization says it is a patch.
            if source.role == Role::Found || role == Role::Patch {
                source.role = role;
                if matches!(role, Role::Skipped(_)) {
                    source.text.clear();
                }
            }
        }
    }
}

/// `a/./b/../c.yaml` → `a/c.yaml`, without asking the file system.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_normalized_lexically() {
        assert_eq!(
            normalize(Path::new("a/./b/../c.yaml")),
            PathBuf::from("a/c.yaml")
        );
        assert_eq!(normalize(Path::new("./x.yaml")), PathBuf::from("x.yaml"));
        assert_eq!(
            normalize(Path::new("../x.yaml")),
            PathBuf::from("../x.yaml")
        );
    }

    #[test]
    fn a_kustomization_says_what_its_files_are() {
        let source = |name: &str, text: &str, role| Source {
            name: name.to_owned(),
            text: text.to_owned(),
            role,
        };
        let mut sources = vec![
            source("app/base/deployment.yaml", "kind: Deployment", Role::Found),
            source(
                "app/base/kustomization.yaml",
                "resources: [deployment.yaml]\nconfigMapGenerator:\n- name: c\n  files: [settings.yaml]\n",
                Role::Found,
            ),
            source("app/base/settings.yaml", "port: 80", Role::Found),
            source(
                "app/overlays/prod/kustomization.yaml",
                "resources: [../../base]\npatches:\n- path: replicas.yaml\n- path: ../../base/deployment.yaml\n",
                Role::Found,
            ),
            source("app/overlays/prod/replicas.yaml", "spec: {}", Role::Found),
            source("app/overlays/prod/other.yaml", "kind: Service", Role::Found),
        ];
        assign_roles(&mut sources);
        let roles: Vec<Role> = sources.iter().map(|s| s.role).collect();
        assert_eq!(
            roles,
            [
                // Named as a resource by one, as a patch by another.
                Role::Patch,
                Role::Kustomization,
                Role::Skipped(FileKind::KustomizeConfig),
                Role::Kustomization,
                Role::Patch,
                Role::Found,
            ]
        );
        assert!(sources[2].text.is_empty());
    }
}
