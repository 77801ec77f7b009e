//! kubeshape-core: Kubernetes manifest checks with exact positions.
//!
//! No I/O and no platform dependencies: the CLI, the browser faces and the
//! Kubewarden module all call [`lint`] and render its [`Report`].
//!
//! The modules are layers, each importing only the ones below it (a test,
//! `tests/layers.rs`, holds the code to this diagram):
//!
//! ```text
//! fix         kubeshape fix: apply the fixes, lint again, repeat
//! report      the JSON report, the SARIF log, the human rendering
//! engine      run the enabled rules over an input; severities, order, dedup
//! settings    presets, include/exclude, thresholds: which rules run, and how
//! rules       one file per rule; what a rule sees; the catalogue
//! schema      the Kubernetes field table, and the walk of objects against it
//! model       objects, pod templates, containers, quantities, the index,
//!             ignore annotations
//! edit        where a fix's edits go in the text a person wrote
//! diagnostic  severities, categories, texts in two languages, findings,
//!             fixes, reports: the vocabulary every layer above speaks
//! parse       YAML text to spanned nodes, positions, limits
//! text        string helpers, the hash of name maps
//! ```
//!
//! Layers: text → parse → diagnostic → edit → model → schema → rules → settings → engine → report → fix

pub mod diagnostic;
pub mod edit;
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

pub use diagnostic::{
    Category, Counts, Finding, Lang, ObjectFact, Qos, Related, Report, Severity, Text,
};
pub use engine::{lint, lint_each, lint_str, lint_with, Input, Options, IGNORE_ANNOTATION};
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
