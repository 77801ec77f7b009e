//! The JavaScript API across the real wasm boundary, in Node
//! (`wasm-bindgen-test-runner`; `cargo xtask test` runs it).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:latest\n      imagePullPolicy: Never\n";

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn json(text: &str) -> JsValue {
    JSON::parse(text).expect("valid JSON")
}

fn error_of(value: &JsValue) -> String {
    get(value, "error").as_string().unwrap_or_default()
}

#[wasm_bindgen_test]
fn lint_returns_the_report_as_a_plain_object() {
    let report = kubeshape_wasm::lint(JsValue::from_str(POD), JsValue::UNDEFINED);
    assert!(report.is_object());
    assert_eq!(get(&report, "version").as_f64(), Some(1.0));
    let findings = Array::from(&get(&report, "findings"));
    let never = findings
        .iter()
        .find(|f| get(f, "rule").as_string().as_deref() == Some("pull-policy-never"))
        .expect("pull-policy-never");
    assert_eq!(get(&never, "line").as_f64(), Some(9.0));
    assert_eq!(get(&never, "column").as_f64(), Some(24.0));
    assert_eq!(
        get(&never, "file").as_string().as_deref(),
        Some("input.yaml")
    );
    assert!(Object::keys(&get(&report, "summary").into()).length() >= 6);
}

#[wasm_bindgen_test]
fn options_pick_language_and_settings() {
    let report = kubeshape_wasm::lint(
        JsValue::from_str(POD),
        json(r#"{"lang":"zh","exclude":["latest-tag"],"fileName":"a.yaml"}"#),
    );
    let findings = Array::from(&get(&report, "findings"));
    assert!(findings.length() > 0);
    for f in findings.iter() {
        assert_ne!(get(&f, "rule").as_string().as_deref(), Some("latest-tag"));
        let message = get(&f, "message").as_string().unwrap_or_default();
        assert!(
            message
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{message}"
        );
    }
}

#[wasm_bindgen_test]
fn bad_options_are_values_not_traps() {
    assert!(error_of(&kubeshape_wasm::lint(
        JsValue::from_str(POD),
        json(r#"{"preset":"lax"}"#)
    ))
    .contains("preset"));
    assert!(error_of(&kubeshape_wasm::lint(
        JsValue::from_str(POD),
        JsValue::from_str("strict")
    ))
    .contains("object"));
    assert!(error_of(&kubeshape_wasm::lint(
        JsValue::from_str(POD),
        JsValue::from(3)
    ))
    .contains("object"));
    // A cycle cannot become JSON: still an error value.
    let cyclic = Object::new();
    Reflect::set(&cyclic, &"self".into(), &cyclic).unwrap();
    assert!(
        error_of(&kubeshape_wasm::lint(JsValue::from_str(POD), cyclic.into())).contains("JSON")
    );
    // A BigInt cannot either.
    let big = Object::new();
    Reflect::set(&big, &"fail_on".into(), &js_sys::BigInt::from(3u64).into()).unwrap();
    assert!(!error_of(&kubeshape_wasm::lint(JsValue::from_str(POD), big.into())).is_empty());
    // And the module still works afterwards.
    assert!(get(
        &kubeshape_wasm::lint(JsValue::from_str(POD), JsValue::NULL),
        "findings"
    )
    .is_object());
}

#[wasm_bindgen_test]
fn hostile_text_is_a_finding() {
    for text in [
        "a: [b",
        "\u{0}\u{0}",
        "a: &x [*x]",
        "- !!binary zz\n",
        "key: 1e400\n? [a]\n: b\n",
    ] {
        let report = kubeshape_wasm::lint(JsValue::from_str(text), JsValue::UNDEFINED);
        assert!(get(&report, "findings").is_object(), "{text:?}");
    }
    let deep = "[".repeat(10_000);
    let report = kubeshape_wasm::lint(JsValue::from_str(&deep), JsValue::UNDEFINED);
    let rules: Vec<String> = Array::from(&get(&report, "findings"))
        .iter()
        .filter_map(|f| get(&f, "rule").as_string())
        .collect();
    assert!(!rules.is_empty(), "10,000 open brackets give a finding");
}

#[wasm_bindgen_test]
fn catalogue_and_explain() {
    let rules = Array::from(&kubeshape_wasm::rules(Some("zh".into())));
    assert!(rules.length() > 40);
    let entry = kubeshape_wasm::explain("latest-tag", None);
    assert_eq!(get(&entry, "id").as_string().as_deref(), Some("latest-tag"));
    assert!(get(&entry, "text")
        .as_string()
        .unwrap_or_default()
        .contains("Why is this bad?"));
    assert!(error_of(&kubeshape_wasm::explain("latest-tags", None)).contains("latest-tag"));
    assert!(error_of(&kubeshape_wasm::rules(Some("fr".into()))).contains("fr"));
    assert!(!kubeshape_wasm::version().is_empty());
}

#[wasm_bindgen_test]
fn input_over_the_size_limit_is_a_finding_not_a_trap() {
    // 9 MiB of text: over the default 8 MiB limit.
    let line = "# padding padding padding padding padding padding padding\n";
    let big = line.repeat(9 * 1024 * 1024 / line.len() + 1);
    let report = kubeshape_wasm::lint(JsValue::from_str(&big), JsValue::UNDEFINED);
    let findings = Array::from(&get(&report, "findings"));
    assert_eq!(findings.length(), 1);
    let only = findings.get(0);
    assert_eq!(
        get(&only, "rule").as_string().as_deref(),
        Some("yaml-syntax")
    );
    assert_eq!(get(&only, "line").as_f64(), Some(1.0));
    let message = get(&only, "message").as_string().unwrap_or_default();
    assert!(message.contains("max_input_bytes"), "{message}");
    // A smaller limit from the settings applies the same way.
    let report = kubeshape_wasm::lint(
        JsValue::from_str(POD),
        json(r#"{"limits": {"max_input_bytes": 10}}"#),
    );
    let findings = Array::from(&get(&report, "findings"));
    assert_eq!(findings.length(), 1);
}

#[wasm_bindgen_test]
fn fix_returns_the_corrected_text_and_what_was_applied() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: api # keep\nspec:\n  containers:\n    - name: api\n      image: example.org/api:latest\n      imagePullpolicy: IfNotPresent\n";
    let safe = kubeshape_wasm::fix(
        text,
        json(r#"{"safeOnly": true, "rules": ["unknown-field"]}"#),
    );
    let fixed = get(&safe, "text").as_string().expect("text");
    assert_eq!(fixed, text.replace("imagePullpolicy", "imagePullPolicy"));
    let applied = Array::from(&get(&safe, "applied"));
    assert_eq!(applied.length(), 1);
    assert_eq!(
        get(&applied.get(0), "rule").as_string().as_deref(),
        Some("unknown-field")
    );
    assert_eq!(get(&applied.get(0), "line").as_f64(), Some(9.0));
    // By default, every fix that needs no decision: the renamed field is
    // then fixed for `:latest` too; nothing to review is applied.
    let safe = kubeshape_wasm::fix(text, json(r#"{"lang": "zh"}"#));
    let fixed = get(&safe, "text").as_string().expect("text");
    assert!(
        fixed.contains("imagePullPolicy: Always") && fixed.contains("# keep"),
        "{fixed}"
    );
    assert!(fixed.contains("allowPrivilegeEscalation: false"), "{fixed}");
    assert!(!fixed.contains("TODO"), "{fixed}");
    let applied = Array::from(&get(&safe, "applied"));
    assert!(applied
        .iter()
        .all(|a| get(&a, "safe").as_bool() == Some(true)));
    // With `review`, the fixes to review too, each marked.
    let all = kubeshape_wasm::fix(text, json(r#"{"review": true}"#));
    let fixed = get(&all, "text").as_string().expect("text");
    assert!(fixed.contains("# TODO"), "{fixed}");
    let applied = Array::from(&get(&all, "applied"));
    assert!(applied
        .iter()
        .any(|a| get(&a, "safe").as_bool() == Some(false)));
    // The report's findings carry the same edits.
    let report = kubeshape_wasm::lint(JsValue::from_str(text), JsValue::UNDEFINED);
    let findings = Array::from(&get(&report, "findings"));
    let typo = findings
        .iter()
        .find(|f| get(f, "rule").as_string().as_deref() == Some("unknown-field"))
        .expect("unknown-field");
    let fix = get(&typo, "fix");
    assert_eq!(get(&fix, "safe").as_bool(), Some(true));
    let edit = Array::from(&get(&fix, "edits")).get(0);
    assert_eq!(
        get(&edit, "text").as_string().as_deref(),
        Some("imagePullPolicy")
    );
    assert_eq!(
        (get(&edit, "line").as_f64(), get(&edit, "column").as_f64()),
        (Some(9.0), Some(7.0))
    );
    // Bad options are values.
    for bad in [
        r#"{"safeOnly": "yes"}"#,
        r#"{"review": 1}"#,
        r#"{"rules": ["no-such-rule"]}"#,
        r#"{"rules": "latest-tag"}"#,
    ] {
        assert!(
            !error_of(&kubeshape_wasm::fix(text, json(bad))).is_empty(),
            "{bad}"
        );
    }
}

/// A chart's files, as an object: rendered and checked, the findings on
/// the template line.
#[wasm_bindgen_test]
fn lint_takes_a_chart() {
    let files = json(
        r#"{"Chart.yaml": "apiVersion: v2\nname: web\nversion: 0.1.0\n", "values.yaml": "tag: latest\n", "templates/pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: \"nginx:{{ .Values.tag }}\"\n"}"#,
    );
    let report = kubeshape_wasm::lint(files.clone(), JsValue::UNDEFINED);
    let findings = Array::from(&get(&report, "findings"));
    let tag = findings
        .iter()
        .find(|f| get(f, "rule").as_string().as_deref() == Some("latest-tag"))
        .expect("latest-tag");
    assert_eq!(
        get(&tag, "file").as_string().as_deref(),
        Some("templates/pod.yaml")
    );
    assert_eq!(get(&tag, "line").as_f64(), Some(8.0));
    let rendered = kubeshape_wasm::render_chart(files, JsValue::UNDEFINED);
    assert!(get(&rendered, "stream")
        .as_string()
        .unwrap_or_default()
        .contains("image: \"nginx:latest\""));
    // Neither a text nor an object: an error, not a trap.
    assert!(!error_of(&kubeshape_wasm::lint(JsValue::from(3), JsValue::UNDEFINED)).is_empty());
}
