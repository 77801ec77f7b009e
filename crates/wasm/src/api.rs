//! The JavaScript API as plain Rust over JSON values, so it is tested
//! natively; `lib.rs` only moves values across the wasm boundary.
//!
//! Nothing here panics on any input: bad options come back as
//! `{"error": "…"}`, because in the browser a panic is a trap that kills the
//! module for the rest of the page.

use kubeshape_core::{rules, Lang, Settings};
use serde_json::{json, Map, Value};

/// The name findings carry when the caller gives none.
pub const DEFAULT_FILE_NAME: &str = "input.yaml";

/// Options that are not settings: the output language and the file name.
const FACE_OPTIONS: [&str; 2] = ["lang", "fileName"];

fn error(message: impl Into<String>) -> Value {
    json!({ "error": message.into() })
}

fn parse_lang(value: Option<&Value>) -> Result<Lang, String> {
    match value {
        None | Some(Value::Null) => Ok(Lang::En),
        Some(Value::String(s)) => Lang::parse(s)
            .ok_or_else(|| format!("lang: `{s}` is not a language (use \"en\" or \"zh\")")),
        Some(other) => Err(format!("lang: expected \"en\" or \"zh\", got {other}")),
    }
}

/// `lint(text, options?)`: the JSON report (version 1), or `{error}`, as
/// JSON text: written straight from the report, which is what makes the
/// browser's re-lint fast.
///
/// `options` holds settings (the fields of `kubeshape.yaml`) plus `lang`
/// and `fileName`; `null` means defaults.
pub fn lint_string(text: &str, options: Value) -> String {
    let mut fields = match options {
        Value::Null => Map::new(),
        Value::Object(map) => map,
        other => {
            return error(format!(
                "options must be an object like {{\"lang\": \"zh\", \"preset\": \"strict\"}}, got {other}"
            ))
            .to_string()
        }
    };
    let lang = match parse_lang(fields.get("lang")) {
        Ok(lang) => lang,
        Err(e) => return error(e).to_string(),
    };
    let file_name = match fields.get("fileName") {
        None | Some(Value::Null) => DEFAULT_FILE_NAME.to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => {
            return error(format!("fileName: expected a string, got {other}")).to_string()
        }
    };
    for key in FACE_OPTIONS {
        fields.remove(key);
    }
    let settings = match Settings::from_json(Value::Object(fields)) {
        Ok(s) => s,
        Err(e) => return error(format!("settings: {e}")).to_string(),
    };
    let report = kubeshape_core::lint_str(&file_name, text, &settings);
    let failed = report.count_at_least(settings.fail_on) > 0;
    report.to_json_string(lang, Some(failed), false)
}

/// [`lint_string`] as a value (for callers in Rust and the tests).
pub fn lint(text: &str, options: Value) -> Value {
    serde_json::from_str(&lint_string(text, options)).unwrap_or(Value::Null)
}

/// `rules(lang?)`: the rule catalogue with texts in one language.
pub fn rules(lang: Option<&str>) -> Value {
    match parse_lang(lang.map(|s| Value::String(s.to_owned())).as_ref()) {
        Ok(lang) => rules::catalogue_json(lang),
        Err(e) => error(e),
    }
}

/// `explain(id, lang?)`: one rule's catalogue entry plus its documentation
/// as text, or `{error}` naming the closest rule id.
pub fn explain(id: &str, lang: Option<&str>) -> Value {
    let lang = match parse_lang(lang.map(|s| Value::String(s.to_owned())).as_ref()) {
        Ok(lang) => lang,
        Err(e) => return error(e),
    };
    let Some(rule) = rules::find(id) else {
        let ids = rules::all().iter().map(|r| r.meta().id);
        let hint = kubeshape_core::text::closest(id, ids)
            .map(|c| format!(" — did you mean `{c}`?"))
            .unwrap_or_default();
        return error(format!("unknown rule `{id}`{hint}"));
    };
    let meta = rule.meta();
    let mut entry = rules::entry_json(meta, lang);
    if let Value::Object(map) = &mut entry {
        map.insert("text".to_owned(), Value::String(rules::explain(meta, lang)));
    }
    entry
}

pub fn version() -> &'static str {
    kubeshape_core::report::TOOL_VERSION
}

#[cfg(test)]
mod tests {
    use super::*;

    const BAD: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: app\n          image: nginx:latest\n          imagePullPolicy: Never\n";

    #[test]
    fn lint_returns_the_report_with_lang_and_file_name() {
        let report = lint(BAD, json!({"lang": "zh", "fileName": "web.yaml"}));
        assert_eq!(report["version"], 1);
        let finding = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "pull-policy-never")
            .expect("pull-policy-never fires");
        assert_eq!(finding["file"], "web.yaml");
        assert_eq!(finding["line"], 15);
        assert!(finding["message"]
            .as_str()
            .unwrap()
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
        // Warnings only: the default `fail_on: error` is not reached.
        assert_eq!(report["failed"], false);
    }

    #[test]
    fn settings_are_applied() {
        let report = lint(
            BAD,
            json!({"exclude": ["pull-policy-never"], "fail_on": "info"}),
        );
        let rules: Vec<&str> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap())
            .collect();
        assert!(!rules.contains(&"pull-policy-never"), "{rules:?}");
        assert!(!rules.is_empty());
        assert_eq!(report["failed"], true);
    }

    #[test]
    fn bad_options_are_errors_not_panics() {
        for (options, needle) in [
            (json!("strict"), "options must be an object"),
            (json!({"lang": "fr"}), "lang: `fr`"),
            (json!({"lang": 3}), "lang: expected"),
            (json!({"fileName": 3}), "fileName"),
            (json!({"preset": "lax"}), "settings:"),
            (
                json!({"include": ["latest-tags"]}),
                "did you mean `latest-tag`",
            ),
            (json!({"kubernetes_version": "2.0"}), "kubernetes_version"),
            (json!({"colour": true}), "colour"),
        ] {
            let out = lint("kind: Pod", options.clone());
            let message = out["error"]
                .as_str()
                .unwrap_or_else(|| panic!("{options} gave {out}"));
            assert!(message.contains(needle), "{options}: {message}");
        }
    }

    #[test]
    fn explain_and_rules() {
        let entry = explain("latest-tag", Some("zh"));
        assert_eq!(entry["id"], "latest-tag");
        assert!(entry["text"].as_str().unwrap().contains("为什么有问题"));
        let miss = explain("latest-tags", None);
        assert!(miss["error"]
            .as_str()
            .unwrap()
            .contains("did you mean `latest-tag`"));
        assert!(rules(Some("xx"))["error"].is_string());
        let all = rules(None);
        assert_eq!(
            all.as_array().unwrap().len(),
            kubeshape_core::rules::all().len()
        );
    }
}
