//! What the share link carries: the YAML and every setting the page shows.

use kubeshape_core::parse::{parse, Limits, Node};
use kubeshape_core::report::json_quote;
use kubeshape_core::settings::{DEFAULT_KUBERNETES_MINOR, OLDEST_KUBERNETES_MINOR};
use kubeshape_core::{rules, Lang, Preset, Settings, Severity};

/// Written and read by hand (JSON out, the core's parser in), so the page
/// carries no serde: the share link's JSON, the draft in local storage, and
/// what `<kubeshape-lint>`'s "Open in playground" writes.
#[derive(Debug, Clone, PartialEq)]
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

    /// The state as JSON.
    pub fn to_json(&self) -> String {
        let list = |v: &[String]| {
            let items: Vec<String> = v.iter().map(|s| json_quote(s)).collect();
            format!("[{}]", items.join(","))
        };
        format!(
            "{{\"yaml\":{},\"lang\":{},\"preset\":{},\"include\":{},\"exclude\":{},\"kubernetes_minor\":{},\"fail_on\":{}}}",
            json_quote(&self.yaml),
            self.lang.map_or_else(|| "null".to_owned(), |l| json_quote(l.as_str())),
            json_quote(self.preset.as_str()),
            list(&self.include),
            list(&self.exclude),
            self.kubernetes_minor.map_or_else(|| "null".to_owned(), |m| m.to_string()),
            json_quote(self.fail_on.as_str()),
        )
    }

    /// Reads a state written by [`Shared::to_json`] (or by the element):
    /// missing or unreadable fields keep their defaults; `None` when the
    /// text is not a JSON object.
    pub fn from_json(text: &str) -> Option<Shared> {
        let parsed = parse(text, &Limits::default());
        if !parsed.issues.is_empty() {
            return None;
        }
        let root = parsed.documents.into_iter().find_map(|d| d.root)?;
        root.as_map()?;
        let text = |key: &str| {
            root.get(key)
                .filter(|n| !n.is_null())
                .and_then(Node::as_str)
        };
        let list = |key: &str| -> Vec<String> {
            root.items(key)
                .iter()
                .filter_map(Node::as_str)
                .map(str::to_owned)
                .collect()
        };
        let defaults = Shared::default();
        Some(Shared {
            yaml: text("yaml").map_or(defaults.yaml, str::to_owned),
            lang: text("lang").and_then(Lang::parse),
            preset: text("preset")
                .and_then(Preset::parse)
                .unwrap_or(defaults.preset),
            include: list("include"),
            exclude: list("exclude"),
            kubernetes_minor: root
                .get("kubernetes_minor")
                .and_then(Node::as_i64)
                .and_then(|m| u32::try_from(m).ok()),
            fail_on: text("fail_on")
                .and_then(Severity::parse)
                .unwrap_or(defaults.fail_on),
        })
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
        let s = Shared::from_json(
            r#"{"yaml":"a: 1","include":["no-such-rule"],"kubernetes_minor":99}"#,
        )
        .unwrap();
        assert!(s.settings().validate().is_ok());
        assert!(Shared::from_json("[1, 2]").is_none());
        assert!(Shared::from_json("{yaml: [unclosed").is_none());
    }

    #[test]
    fn the_state_survives_a_round_trip() {
        let s = Shared {
            yaml: "kind: Pod\n# \"quoted\" \\ 中文\t\n".into(),
            lang: Some(Lang::Zh),
            preset: Preset::Strict,
            include: vec!["latest-tag".into()],
            exclude: vec!["run-as-root".into(), "x\"y".into()],
            kubernetes_minor: Some(29),
            fail_on: Severity::Warning,
        };
        assert_eq!(Shared::from_json(&s.to_json()), Some(s));
        assert_eq!(
            Shared::from_json(&Shared::default().to_json()),
            Some(Shared::default())
        );
        // What `<kubeshape-lint>` writes: a subset of the fields.
        let from_element = Shared::from_json(
            r#"{"yaml":"a: 1\n","lang":"en","include":[],"exclude":["latest-tag"]}"#,
        )
        .unwrap();
        assert_eq!(from_element.exclude, vec!["latest-tag".to_owned()]);
        assert_eq!(from_element.lang, Some(Lang::En));
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
