//! kubeshape for JavaScript.
//!
//! ```js
//! import init, { lint } from "kubeshape/web";
//! await init();
//! const report = lint(yaml, { lang: "zh", preset: "strict" });
//! ```
//!
//! Values cross the boundary as JSON text (parsed with the engine's own
//! `JSON`), so the module needs no serde-wasm-bindgen and the shape is exactly
//! the CLI's `--format json`. Errors are values (`{error}`), never traps.

pub mod api;

use serde_json::Value;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("../types.d.ts");

fn to_js(value: &Value) -> JsValue {
    // Our own serialisation of a serde_json::Value is always valid JSON.
    js_sys::JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
}

fn from_js(value: &JsValue) -> Result<Value, String> {
    if value.is_undefined() || value.is_null() {
        return Ok(Value::Null);
    }
    let text = js_sys::JSON::stringify(value)
        .map_err(|_| "options cannot be turned into JSON (a cycle or a BigInt?)".to_owned())?;
    let text = text.as_string().unwrap_or_default();
    serde_json::from_str(&text).map_err(|e| format!("options: {e}"))
}

/// Checks Kubernetes YAML; returns the JSON report (version 1) or `{error}`.
#[wasm_bindgen(unchecked_return_type = "Report | LintError")]
pub fn lint(
    text: &str,
    #[wasm_bindgen(unchecked_param_type = "LintOptions")] options: JsValue,
) -> JsValue {
    let out = match from_js(&options) {
        Ok(options) => api::lint_string(text, options),
        Err(e) => serde_json::json!({ "error": e }).to_string(),
    };
    // Our own serialisation is always valid JSON.
    js_sys::JSON::parse(&out).unwrap_or(JsValue::NULL)
}

/// The rule catalogue with texts in `lang` ("en" by default).
#[wasm_bindgen(unchecked_return_type = "RuleInfo[] | LintError")]
pub fn rules(lang: Option<String>) -> JsValue {
    to_js(&api::rules(lang.as_deref()))
}

/// One rule's documentation, or `{error}` with the closest rule id.
#[wasm_bindgen(unchecked_return_type = "RuleExplanation | LintError")]
pub fn explain(id: &str, lang: Option<String>) -> JsValue {
    to_js(&api::explain(id, lang.as_deref()))
}

/// Loads the rules' documentation (`rules.json` of the package) into a build
/// made without it; returns how many rules it documents, or `{error}`.
#[wasm_bindgen(js_name = loadDocs, unchecked_return_type = "number | LintError")]
pub fn load_docs(json: &str) -> JsValue {
    match kubeshape_core::rules::load_docs(json) {
        Ok(n) => JsValue::from(n as u32),
        Err(e) => to_js(&serde_json::json!({ "error": e })),
    }
}

/// The kubeshape version, e.g. "0.1.0".
#[wasm_bindgen]
pub fn version() -> String {
    api::version().to_owned()
}
