//! kubeshape-core: Kubernetes manifest checks with exact positions.
//!
//! No I/O and no platform dependencies: the CLI, the browser faces and the
//! Kubewarden module all call [`lint`] and render its [`Report`].

pub mod engine;
pub mod fix;
pub mod model;
pub mod parse;
pub mod report;
pub mod rules;
pub mod schema;
pub mod settings;
pub mod text;

/// Whether this build is for inputs of any size (feature `fast-yaml`: the
/// CLI, the npm package, the playground, the Kubewarden module) rather than
/// the size-budgeted `<kubeshape-lint>` element, which checks the YAML of
/// one page. Code that only pays off on large inputs keys on it.
pub(crate) const LARGE_INPUTS: bool = cfg!(feature = "fast-yaml");

pub use engine::{lint, lint_each, lint_str, lint_with, Input, Options, IGNORE_ANNOTATION};
pub use report::{Category, Finding, Lang, Report, Severity, Text};
pub use settings::{Preset, Settings};

/// The YAML files of `dirs` (relative to this package), each folder in
/// name order: (path, text). For the unit tests that lint the fixtures,
/// seeds and corpus.
#[cfg(test)]
pub(crate) fn test_files(dirs: &[&str]) -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in dirs {
        let dir = root.join(dir);
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .collect();
        paths.sort();
        files.extend(paths.into_iter().filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            Some((p.display().to_string(), text))
        }));
    }
    files
}
