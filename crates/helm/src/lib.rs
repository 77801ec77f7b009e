//! Helm charts rendered in pure Rust, as Helm v4 renders them, with a
//! source map: every output byte knows the template file, line and column
//! that wrote it, and, where an action printed a value straight from
//! `.Values`, which value. No I/O: a chart is a list of files.
//!
//! ```
//! use kubeshape_helm::{render, ChartFile, Options};
//! let files = vec![
//!     ChartFile { path: "Chart.yaml".into(), text: "apiVersion: v2\nname: demo\nversion: 0.1.0\n".into() },
//!     ChartFile { path: "values.yaml".into(), text: "tag: latest\n".into() },
//!     ChartFile { path: "templates/pod.yaml".into(), text: "image: \"app:{{ .Values.tag }}\"\n".into() },
//! ];
//! let out = render(&files, &Options::default());
//! assert_eq!(out.rendered[0].output.text, "image: \"app:latest\"\n");
//! ```
//!
//! Layers (each imports only those below it): `render` (a chart's render)
//! → `values`, `chart` (values coalescing; a chart from its files) →
//! `template` (Go's `text/template`: lexer, parser, executor) → `funcs`
//! (Go's builtins, Sprig's and Helm's functions) → `yaml`, `semver`,
//! `date`, `glob` → `value`.

mod archive;
pub mod chart;
pub mod check;
mod date;
pub mod fix;
#[cfg(not(target_family = "wasm"))]
pub mod folder;
pub mod funcs;
mod glob;
pub mod paste;
pub mod render;
mod schema;
mod semver;
pub mod sourcemap;
pub mod stream;
pub mod template;
pub mod value;
pub mod values;
pub mod yaml;

pub use archive::{chart_files, unpack};
pub use chart::ChartFile;
pub use render::{render, Options, Render, RenderError, Rendered};
