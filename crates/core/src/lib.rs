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

pub use engine::{lint, lint_str, lint_with, Input, Options, IGNORE_ANNOTATION};
pub use report::{Category, Finding, Lang, Report, Severity, Text};
pub use settings::{Preset, Settings};
