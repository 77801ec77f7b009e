//! Helm charts for JavaScript (feature `helm`): `renderChart(files,
//! options)` renders a chart as `helm template` does, and `lint` accepts
//! a chart (its files, or one text of `# values.yaml` / `# templates/…`
//! sections as articles print them), its findings on the template and
//! values lines. Plain Rust over JSON text, tested natively.

use kubeshape_core::{Lang, Settings};
use kubeshape_helm::check::check_chart;
use kubeshape_helm::paste::check_paste;
use kubeshape_helm::{ChartFile, Options};
use serde_json::{json, Map, Value};

use crate::api::error_json;

/// The options `renderChart` and a chart's `lint` read besides `lint`'s.
const CHART_OPTIONS: [&str; 8] = [
    "releaseName",
    "namespace",
    "values",
    "set",
    "setString",
    "kubeVersion",
    "includeTests",
    "includeCrds",
];

/// A chart's files: `{ "path": "text" }`.
fn files(json: &str) -> Result<Vec<ChartFile>, String> {
    let value: Value =
        serde_json::from_str(json).map_err(|e| error_json(&format!("chart files: {e}")))?;
    let Value::Object(map) = value else {
        return Err(error_json(
            "chart files: expected an object of { path: text }",
        ));
    };
    let mut out = Vec::new();
    for (path, text) in map {
        let Value::String(text) = text else {
            return Err(error_json(&format!("chart files: `{path}` is not a text")));
        };
        out.push(ChartFile {
            path: path.trim_start_matches("./").to_owned(),
            text: text.into(),
        });
    }
    Ok(out)
}

/// The render options, the lint options (the rest), and whether to check
/// the test hooks and print the CRDs.
fn split_options(options: Option<&str>) -> Result<(Options, Option<String>, bool, bool), String> {
    let mut map: Map<String, Value> = match options.map(serde_json::from_str::<Value>) {
        None => Map::new(),
        Some(Ok(Value::Object(m))) => m,
        Some(Ok(Value::Null)) => Map::new(),
        Some(_) => return Err(error_json("options: expected an object")),
    };
    let mut o = Options::default();
    let text = |v: &Value, key: &str| {
        v.as_str()
            .map(str::to_owned)
            .ok_or_else(|| error_json(&format!("{key}: expected a string")))
    };
    let list = |v: &Value, key: &str| -> Result<Vec<String>, String> {
        match v {
            Value::String(s) => Ok(vec![s.clone()]),
            Value::Array(items) => items
                .iter()
                .map(|i| {
                    i.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| error_json(&format!("{key}: expected strings")))
                })
                .collect(),
            _ => Err(error_json(&format!(
                "{key}: expected a string or a list of strings"
            ))),
        }
    };
    let mut tests = false;
    let mut crds = false;
    for key in CHART_OPTIONS {
        let Some(v) = map.remove(key) else { continue };
        match key {
            "releaseName" => o.release_name = text(&v, key)?,
            "namespace" => o.namespace = text(&v, key)?,
            "kubeVersion" => {
                let k = text(&v, key)?;
                let k = k.trim_start_matches('v');
                o.kube_version = if k.matches('.').count() == 1 {
                    format!("v{k}.0")
                } else {
                    format!("v{k}")
                };
            }
            // Values: a YAML text, or an object; several, in order.
            "values" => {
                let all = match v {
                    Value::Array(items) => items,
                    one => vec![one],
                };
                for (i, item) in all.into_iter().enumerate() {
                    let yaml = match item {
                        Value::String(s) => s,
                        Value::Object(_) => item.to_string(),
                        _ => return Err(error_json("values: expected a YAML text or an object")),
                    };
                    o.values_files
                        .push((format!("values-{}.yaml", i + 1), yaml));
                }
            }
            "set" => o.set = list(&v, key)?,
            "setString" => o.set_string = list(&v, key)?,
            "includeTests" => {
                tests = v
                    .as_bool()
                    .ok_or_else(|| error_json("includeTests: expected true or false"))?
            }
            "includeCrds" => {
                crds = v
                    .as_bool()
                    .ok_or_else(|| error_json("includeCrds: expected true or false"))?
            }
            _ => {}
        }
    }
    let rest = (!map.is_empty()).then(|| Value::Object(map).to_string());
    Ok((o, rest, tests, crds))
}

/// `renderChart(files, options?)`: `{ chart, rendered: [{ name, path,
/// text }], errors: [{ path, line, column, message }], stream }` (the
/// stream as `helm template` prints it), or `{error}`.
pub fn render_chart_json(files_json: &str, options: Option<&str>) -> String {
    let files = match files(files_json) {
        Ok(f) => f,
        Err(e) => return e,
    };
    let (o, _, tests, crds) = match split_options(options) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let render = kubeshape_helm::render(&files, &o);
    let rendered: Vec<Value> = render
        .rendered
        .iter()
        .filter(|r| tests || !r.test)
        .map(|r| json!({ "name": r.name, "path": r.path, "text": r.output.text, "notes": r.notes }))
        .collect();
    let errors: Vec<Value> = render
        .errors
        .iter()
        .map(
            |e| json!({ "path": e.path, "line": e.line, "column": e.column, "message": e.message }),
        )
        .collect();
    json!({
        "chart": render.chart_name,
        "rendered": rendered,
        "errors": errors,
        "stream": kubeshape_helm::stream::stream(&render, tests, crds),
    })
    .to_string()
}

/// `lint(files, options?)` for a chart's files: the JSON report, its
/// findings on the chart's files (by path), or `{error}`.
pub fn lint_chart_json(files_json: &str, options: Option<&str>) -> String {
    let files = match files(files_json) {
        Ok(f) => f,
        Err(e) => return e,
    };
    let (o, rest, tests, _) = match split_options(options) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let (lang, settings) = match crate::api::lang_and_settings(rest.as_deref()) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let checked = check_chart(&files, &o, &settings, tests);
    let failed = checked.report.count_at_least(settings.fail_on) > 0;
    checked.report.to_json_string(lang, Some(failed), false)
}

/// A text that is a chart pasted as one (`# values.yaml`, `# templates/…`
/// sections): its report, or `None` for any other text.
pub fn lint_paste_json(
    text: &str,
    file_name: &str,
    lang: Lang,
    settings: &Settings,
) -> Option<String> {
    let (checked, _) = check_paste(file_name, text, &Options::default(), settings)?;
    let failed = checked.report.count_at_least(settings.fail_on) > 0;
    Some(checked.report.to_json_string(lang, Some(failed), false))
}

/// `fix` of a text that is a chart pasted as one: the chart's fixes
/// (those `which` names) applied to its templates and values as
/// `kubeshape fix` applies them to a chart's files, and put back in the
/// paste; in `fix`'s shape (`applied` on the paste's lines, `remaining`:
/// the fixes that could not apply, `text`). `None` for any other text.
#[cfg(feature = "fixes")]
pub fn fix_paste_json(
    text: &str,
    lang: Lang,
    settings: &Settings,
    which: &kubeshape_helm::fix::Which,
) -> Option<String> {
    let (fixed, outcome) =
        kubeshape_helm::paste::fix_paste(text, &Options::default(), settings, which)?;
    let q = kubeshape_core::report::json_quote;
    let (applied, remaining): (Vec<_>, Vec<_>) = outcome
        .outcomes
        .iter()
        .partition(|o| o.not_applied.is_none());
    let applied: Vec<String> = applied
        .iter()
        .map(|o| {
            let title = kubeshape_core::rules::find(o.rule)
                .map_or_else(String::new, |r| r.meta().fix(lang).into_owned());
            format!(
                "{{\"line\":{},\"rule\":{},\"safe\":{},\"title\":{}}}",
                o.line,
                q(o.rule),
                o.safe,
                q(&title)
            )
        })
        .collect();
    Some(format!(
        "{{\"applied\":[{}],\"remaining\":{},\"text\":{}}}",
        applied.join(","),
        remaining.len(),
        q(&fixed)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "fixes")]
    #[test]
    fn fix_of_a_pasted_chart_edits_its_values_and_template_sections() {
        let paste = "# values.yaml\ntag: latest\npullPolicy: IfNotPresent # keep\n# templates/pod.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: \"nginx:{{ .Values.tag }}\"\n      imagePullPolicy: {{ .Values.pullPolicy }}\n";
        let out: Value = serde_json::from_str(&crate::api::fix_json(paste, None)).unwrap();
        let text = out["text"].as_str().unwrap();
        assert!(
            text.starts_with(
                "# values.yaml\ntag: latest\npullPolicy: Always # keep\n# templates/pod.yaml\n"
            ),
            "{text}"
        );
        assert!(text.contains("allowPrivilegeEscalation: false"), "{text}");
        let applied = out["applied"].as_array().unwrap();
        let pull = applied
            .iter()
            .find(|a| a["rule"] == "latest-without-always-pull")
            .expect("the pull policy fixed");
        // On the paste's line of the finding: the template line that
        // writes the pull policy (the fix itself changed the value).
        assert_eq!(pull["line"], 13, "{out}");
        assert!(pull["title"].as_str().is_some_and(|t| !t.is_empty()));
    }

    const CHART: &str = r#"{"Chart.yaml": "apiVersion: v2\nname: web\nversion: 0.1.0\n", "values.yaml": "tag: latest\n", "templates/pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: \"nginx:{{ .Values.tag }}\"\n      imagePullPolicy: IfNotPresent\n"}"#;

    #[test]
    fn render_chart_renders_and_streams() {
        let out: Value = serde_json::from_str(&render_chart_json(
            CHART,
            Some(r#"{"releaseName":"demo","set":"tag=1.2.3"}"#),
        ))
        .unwrap();
        assert_eq!(out["chart"], "web");
        assert!(out["rendered"][0]["text"]
            .as_str()
            .unwrap()
            .contains("nginx:1.2.3"));
        assert!(out["stream"]
            .as_str()
            .unwrap()
            .starts_with("---\n# Source: web/templates/pod.yaml\n"));
        assert_eq!(out["errors"], json!([]));
        let bad: Value = serde_json::from_str(&render_chart_json("[1]", None)).unwrap();
        assert!(bad["error"].as_str().unwrap().starts_with("chart files"));
    }

    #[test]
    fn lint_of_a_chart_puts_findings_on_the_template_line() {
        let out: Value =
            serde_json::from_str(&lint_chart_json(CHART, Some(r#"{"lang":"zh"}"#))).unwrap();
        let f = out["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "latest-without-always-pull")
            .unwrap()
            .clone();
        assert_eq!(f["file"], "templates/pod.yaml");
        assert_eq!(f["line"], 9);
        assert_eq!(f["rendered"]["file"], "web/templates/pod.yaml");
        assert_eq!(f["values"][0]["file"], "values.yaml");
        assert!(f["values"][0]["message"]
            .as_str()
            .unwrap()
            .contains("渲染自 values.yaml:1"));
    }
}
