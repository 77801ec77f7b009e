//! Helpers shared by the integration tests.
//!
//! The tests also run with the feature sets the faces ship (`cargo xtask
//! test` runs them for each): a build without the `schema` feature reads
//! the same table from `kubernetes.bin`, loaded here as the browser faces
//! load it.

use kubeshape_core::{rules, Preset, Settings};

/// Makes the Kubernetes field table available: compiled in, or loaded
/// from the bytes the browser faces fetch.
#[allow(dead_code)]
pub fn schema_table() {
    if !cfg!(feature = "schema") {
        let bytes = include_bytes!("../../src/schema/kubernetes.bin");
        kubeshape_core::schema::load_schema(bytes.to_vec()).expect("the committed table reads");
    }
}

/// Settings that run rule `id` alone (opt-in or not).
#[allow(dead_code)]
pub fn only(id: &str) -> Settings {
    schema_table();
    Settings {
        preset: Preset::Strict,
        exclude: rules::all()
            .iter()
            .map(|r| r.meta().id.to_owned())
            .filter(|r| r != id)
            .collect(),
        ..Settings::default()
    }
}

/// Settings that run every rule.
#[allow(dead_code)]
pub fn all() -> Settings {
    schema_table();
    Settings {
        preset: Preset::Strict,
        ..Settings::default()
    }
}
