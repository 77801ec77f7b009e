//! What the share link carries: the YAML and every setting the page shows.

use kubeshape_core::settings::{DEFAULT_KUBERNETES_MINOR, OLDEST_KUBERNETES_MINOR};
use kubeshape_core::{rules, Lang, Preset, Settings, Severity};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Shared {
    pub yaml: String,
    pub lang: Option<Lang>,
    pub preset: Preset,
    /// Rules switched on beyond the preset.
    pub include: Vec<String>,
    /// Rules switched off.
    pub exclude: Vec<String>,
    /// Kubernetes minor version (1.NN); `None` is the newest supported.
    pub kubernetes_minor: Option<u32>,
    pub fail_on: Severity,
}

impl Default for Shared {
    fn default() -> Self {
        Shared {
            yaml: String::new(),
            lang: None,
            preset: Preset::Recommended,
            include: Vec::new(),
            exclude: Vec::new(),
            kubernetes_minor: None,
            fail_on: Severity::Error,
        }
    }
}

impl Shared {
    pub fn settings(&self) -> Settings {
        let known = |id: &String| rules::find(id).is_some();
        Settings {
            preset: self.preset,
            include: self.include.iter().filter(|s| known(s)).cloned().collect(),
            exclude: self.exclude.iter().filter(|s| known(s)).cloned().collect(),
            kubernetes_version: self
                .kubernetes_minor
                .filter(|m| (OLDEST_KUBERNETES_MINOR..=DEFAULT_KUBERNETES_MINOR).contains(m))
                .map(|m| format!("1.{m}")),
            fail_on: self.fail_on,
            ..Settings::default()
        }
    }

    /// Turns one rule on or off, on top of the preset.
    pub fn toggle_rule(&mut self, id: &str) {
        let Some(rule) = rules::find(id) else { return };
        let on = self.settings().is_enabled(rule.meta());
        self.include.retain(|s| s != id);
        self.exclude.retain(|s| s != id);
        if on {
            self.exclude.push(id.to_owned());
        } else if !self.settings().is_enabled(rule.meta()) {
            self.include.push(id.to_owned());
        }
    }

    /// Whether the input holds a Secret (sharing it puts it in a URL).
    pub fn has_secret(&self) -> bool {
        self.yaml.lines().any(|l| {
            let l = l.trim();
            l.strip_prefix("kind:")
                .is_some_and(|k| k.trim().trim_matches(['"', '\'']) == "Secret")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toggling_a_rule_flips_it_and_back() {
        let mut s = Shared::default();
        let latest = rules::find("latest-tag").unwrap().meta();
        let before = s.settings().is_enabled(latest);
        s.toggle_rule("latest-tag");
        assert_ne!(s.settings().is_enabled(latest), before);
        s.toggle_rule("latest-tag");
        assert_eq!(s.settings().is_enabled(latest), before);
        assert!(s.include.is_empty() && s.exclude.is_empty());
    }

    #[test]
    fn settings_from_a_damaged_link_stay_valid() {
        let s: Shared = serde_json::from_str(
            r#"{"yaml":"a: 1","include":["no-such-rule"],"kubernetes_minor":99}"#,
        )
        .unwrap();
        assert!(s.settings().validate().is_ok());
    }

    #[test]
    fn secrets_are_noticed() {
        let s = Shared {
            yaml: "apiVersion: v1\nkind: \"Secret\"\n".into(),
            ..Shared::default()
        };
        assert!(s.has_secret());
        assert!(!Shared::default().has_secret());
    }
}
