//! The parts of the `kubeshape` command that other programs share: how it
//! finds and reads files (the benchmarks' parse-only floor reads them the
//! same way).

pub mod files;
pub mod helm;
pub mod kustomize;
pub mod lsp;
pub mod repo;
