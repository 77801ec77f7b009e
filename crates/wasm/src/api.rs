//! The JavaScript API as plain Rust over JSON values, so it is tested
//! natively; `lib.rs` only moves values across the wasm boundary.
//!
//! Nothing here panics on any input: bad options come back as
//! `{"error": "…"}`, because in the browser a panic is a trap that kills the
//! module for the rest of the page.

use kubeshape_core::parse::{parse, Limits, ScalarKind};
use kubeshape_core::{rules, Lang, Settings};
use serde_json::{json, Value};

/// The name findings carry when the caller gives none.
pub const DEFAULT_FILE_NAME: &str = "input.yaml";

/// Options that are not settings: the output language and the file name.
const FACE_OPTIONS: [&str; 3] = ["lang", "fileName", "fixes"];

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

/// `{"error": message}` as JSON text, without building a value.
pub fn error_json(message: &str) -> String {
    format!(
        "{{\"error\":{}}}",
        kubeshape_core::report::json_quote(message)
    )
}

/// The options every call takes, read from the options object (JSON
/// text) with the core's own parser (JSON is YAML).
struct Options<'o> {
    lang: Lang,
    file_name: String,
    settings: Settings,
    /// The options object itself, for options of one function.
    root: Option<kubeshape_core::parse::Node<'o>>,
}

/// The option `key` of the options object, unless absent or `null`.
fn option<'n>(
    root: Option<&'n kubeshape_core::parse::Node<'_>>,
    key: &str,
) -> Option<&'n kubeshape_core::parse::Node<'n>> {
    root.and_then(|r| r.get(key)).filter(|v| !v.is_null())
}

/// A true/false option (`default` when absent), or what is wrong with it
/// (as `{error}` JSON).
fn flag(
    root: Option<&kubeshape_core::parse::Node>,
    key: &str,
    default: bool,
) -> Result<bool, String> {
    match option(root, key) {
        None => Ok(default),
        Some(v) => v
            .as_bool()
            .ok_or_else(|| error_json(&format!("{key}: expected true or false"))),
    }
}

/// Reads `options`, or says what is wrong with them (as `{error}` JSON).
fn read_options<'o>(options: Option<&'o str>, face: &[&str]) -> Result<Options<'o>, String> {
    let parsed = options.map(|o| parse(o, &Limits::default()));
    if let Some(issue) = parsed.as_ref().and_then(|p| p.issues.first()) {
        return Err(error_json(&format!("options: {}", issue.detail)));
    }
    let root = parsed.and_then(|p| p.documents.into_iter().find_map(|d| d.root));
    let root = match root {
        Some(root) if root.is_null() => None,
        Some(root) if root.as_map().is_none() => {
            let got = root.as_str().unwrap_or(if root.as_seq().is_some() {
                "a list"
            } else {
                "?"
            });
            return Err(error_json(&format!(
                "options must be an object like {{\"lang\": \"zh\", \"preset\": \"strict\"}}, got {got}"
            )));
        }
        other => other,
    };
    let option = |key: &str| option(root.as_ref(), key);
    let lang = match option("lang").map(|v| (v.scalar_kind(), v.as_str())) {
        None => Lang::En,
        Some((Some(ScalarKind::String), Some(s))) => match Lang::parse(s) {
            Some(lang) => lang,
            None => {
                return Err(error_json(&format!(
                    "lang: `{s}` is not a language (use \"en\" or \"zh\")"
                )))
            }
        },
        Some((_, got)) => {
            return Err(error_json(&format!(
                "lang: expected \"en\" or \"zh\", got {}",
                got.unwrap_or("a list or a map")
            )))
        }
    };
    let file_name = match option("fileName") {
        None => DEFAULT_FILE_NAME.to_owned(),
        Some(v) if matches!(v.scalar_kind(), Some(ScalarKind::String)) => {
            v.as_str().unwrap_or_default().to_owned()
        }
        Some(_) => return Err(error_json("fileName: expected a string")),
    };
    let settings = match &root {
        None => Settings::default(),
        Some(root) => {
            Settings::from_tree(root, face).map_err(|e| error_json(&format!("settings: {e}")))?
        }
    };
    Ok(Options {
        lang,
        file_name,
        settings,
        root,
    })
}

/// The language and settings of an options object (JSON text), for the
/// chart functions (which read their own options first).
#[cfg(feature = "helm")]
pub fn lang_and_settings(options: Option<&str>) -> Result<(Lang, Settings), String> {
    let o = read_options(options, &FACE_OPTIONS)?;
    Ok((o.lang, o.settings))
}

/// `lint(text, options?)`: the JSON report (version 1), or `{error}`, as
/// JSON text. `options` is the options object as JSON text (`None` for
/// none); it is read with the core's own parser (JSON is YAML) and the
/// report is written straight to text, so this path carries no serde code —
/// which keeps the `<kubeshape-lint>` build small — and is fast.
pub fn lint_json(text: &str, options: Option<&str>) -> String {
    let o = match read_options(options, &FACE_OPTIONS) {
        Ok(o) => o,
        Err(e) => return e,
    };
    // `fixes: false` skips computing the findings' edits (a lint as you
    // type that shows findings first).
    let fixes = match flag(o.root.as_ref(), "fixes", true) {
        Ok(fixes) => fixes,
        Err(e) => return e,
    };
    // A chart pasted as one text: rendered, its findings on the paste.
    #[cfg(feature = "helm")]
    if let Some(json) = crate::chart::lint_paste_json(text, &o.file_name, o.lang, &o.settings) {
        return json;
    }
    let input = [kubeshape_core::Input::new(&o.file_name, text)];
    let report = kubeshape_core::lint_with(
        &input,
        &o.settings,
        kubeshape_core::Options {
            fixes,
            ..Default::default()
        },
    );
    let failed = report.count_at_least(o.settings.fail_on) > 0;
    report.to_json_string(o.lang, Some(failed), false)
}

/// `fix(text, options?)`: every fix applied (in rounds, as `kubeshape fix`),
/// as `{"text", "applied": [{"rule", "line", "safe", "title"}],
/// "remaining"}`, or `{error}`. Options are `lint`'s plus `review` (also
/// the fixes to review; default false: only fixes that need no decision),
/// `safeOnly` (the opposite, for callers written before `review`) and
/// `rules` (only these rules' fixes).
#[cfg(feature = "fixes")]
pub fn fix_json(text: &str, options: Option<&str>) -> String {
    const FIX_OPTIONS: [&str; 6] = ["lang", "fileName", "fixes", "review", "safeOnly", "rules"];
    let o = match read_options(options, &FIX_OPTIONS) {
        Ok(o) => o,
        Err(e) => return e,
    };
    let review = match flag(o.root.as_ref(), "review", false) {
        Ok(review) => review,
        Err(e) => return e,
    };
    let safe_only = match flag(o.root.as_ref(), "safeOnly", !review) {
        Ok(safe_only) => safe_only,
        Err(e) => return e,
    };
    let mut rules = Vec::new();
    if let Some(list) = option(o.root.as_ref(), "rules") {
        let Some(items) = list.as_seq() else {
            return error_json("rules: expected a list of rule ids");
        };
        for item in items {
            match item.as_str().filter(|id| rules::find(id).is_some()) {
                Some(id) => rules.push(id.to_owned()),
                None => {
                    return error_json(&format!(
                        "rules: `{}` is not a rule id",
                        item.as_str().unwrap_or("?")
                    ))
                }
            }
        }
    }
    // A chart pasted as one text: fixed in its templates and values.
    #[cfg(feature = "helm")]
    {
        let which = kubeshape_helm::fix::Which {
            safe_only,
            rules: rules.clone(),
        };
        if let Some(json) = crate::chart::fix_paste_json(text, o.lang, &o.settings, &which) {
            return json;
        }
    }
    let filter = kubeshape_core::fix::Filter {
        safe_only,
        rules,
        ..Default::default()
    };
    let fixed = kubeshape_core::fix::fix_str(&o.file_name, text, &o.settings, &filter);
    let q = kubeshape_core::report::json_quote;
    let applied: Vec<String> = fixed
        .applied
        .iter()
        .map(|a| {
            format!(
                "{{\"line\":{},\"rule\":{},\"safe\":{},\"title\":{}}}",
                a.line,
                q(a.rule),
                a.safe,
                q(a.title.get(o.lang))
            )
        })
        .collect();
    format!(
        "{{\"applied\":[{}],\"remaining\":{},\"text\":{}}}",
        applied.join(","),
        fixed.remaining,
        q(&fixed.text)
    )
}

/// [`lint_json`] as a value (for callers in Rust and the tests).
pub fn lint(text: &str, options: Value) -> Value {
    let options = (!options.is_null()).then(|| options.to_string());
    serde_json::from_str(&lint_json(text, options.as_deref())).unwrap_or(Value::Null)
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

    /// `fixes: false` gives the same findings without their edits.
    #[test]
    fn fixes_can_be_left_out() {
        let with = lint(BAD, json!({}));
        let without = lint(BAD, json!({"fixes": false}));
        let strip = |report: &Value| -> Vec<Value> {
            report["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| {
                    let mut f = f.clone();
                    f["fix"] = Value::Null;
                    f
                })
                .collect()
        };
        assert_eq!(strip(&with), strip(&without));
        let fixed = |report: &Value| {
            report["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| !f["fix"].is_null())
                .count()
        };
        assert_eq!(fixed(&without), 0);
        if cfg!(feature = "fixes") {
            assert!(fixed(&with) > 0);
        }
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
            (json!({"fixes": "no"}), "fixes: expected true or false"),
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
