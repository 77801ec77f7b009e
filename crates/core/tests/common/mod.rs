//! Helpers shared by the integration tests.

use kubeshape_core::{rules, Preset, Settings};

/// Settings that run rule `id` alone (opt-in or not).
pub fn only(id: &str) -> Settings {
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
    Settings {
        preset: Preset::Strict,
        ..Settings::default()
    }
}
