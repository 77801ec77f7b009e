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
#[cfg(feature = "helm")]
pub mod chart;

use wasm_bindgen::prelude::*;

#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("../types.d.ts");

#[cfg(feature = "docs")]
fn to_js(value: &serde_json::Value) -> JsValue {
    // Our own serialisation of a serde_json::Value is always valid JSON.
    js_sys::JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
}

/// Calls `f(text, options as JSON text)` and returns its JSON as a value.
fn with_options(
    text: &str,
    options: &JsValue,
    f: impl Fn(&str, Option<&str>) -> String,
) -> JsValue {
    let out = if options.is_undefined() || options.is_null() {
        f(text, None)
    } else {
        match js_sys::JSON::stringify(options)
            .ok()
            .and_then(|t| t.as_string())
        {
            Some(json) => f(text, Some(&json)),
            None => api::error_json("options cannot be turned into JSON (a cycle or a BigInt?)"),
        }
    };
    // Our own serialisation is always valid JSON.
    js_sys::JSON::parse(&out).unwrap_or(JsValue::NULL)
}

#[wasm_bindgen(unchecked_return_type = "Report | LintError")]
pub fn lint(
    #[wasm_bindgen(unchecked_param_type = "string | ChartFiles")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "LintOptions & ChartOptions")] options: JsValue,
) -> JsValue {
    if let Some(text) = input.as_string() {
        return with_options(&text, &options, api::lint_json);
    }
    // A chart: its files, `{ path: text }`.
    #[cfg(feature = "helm")]
    if input.is_object() {
        if let Some(files) = js_sys::JSON::stringify(&input)
            .ok()
            .and_then(|t| t.as_string())
        {
            return with_options(&files, &options, chart::lint_chart_json);
        }
    }
    js_sys::JSON::parse(&api::error_json(
        "lint: expected a text (or, with the Helm renderer, a chart's files)",
    ))
    .unwrap_or(JsValue::NULL)
}

/// Renders a chart as `helm template` does: its files (`{ path: text }`)
/// and options (`releaseName`, `namespace`, `values`, `set`, …).
#[cfg(feature = "helm")]
#[wasm_bindgen(js_name = renderChart, unchecked_return_type = "RenderedChart | LintError")]
pub fn render_chart(
    #[wasm_bindgen(unchecked_param_type = "ChartFiles")] files: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ChartOptions")] options: JsValue,
) -> JsValue {
    match js_sys::JSON::stringify(&files)
        .ok()
        .and_then(|t| t.as_string())
    {
        Some(json) => with_options(&json, &options, chart::render_chart_json),
        None => js_sys::JSON::parse(&api::error_json(
            "renderChart: expected the chart's files as { path: text }",
        ))
        .unwrap_or(JsValue::NULL),
    }
}

/// Applies the rules' fixes and returns the corrected text with what was
/// applied, or `{error}`.
#[cfg(feature = "fixes")]
#[wasm_bindgen(unchecked_return_type = "FixResult | LintError")]
pub fn fix(
    text: &str,
    #[wasm_bindgen(unchecked_param_type = "FixOptions")] options: JsValue,
) -> JsValue {
    with_options(text, &options, api::fix_json)
}

/// The rule catalogue with texts in `lang` ("en" by default).
#[cfg(feature = "docs")]
#[wasm_bindgen(unchecked_return_type = "RuleInfo[] | LintError")]
pub fn rules(lang: Option<String>) -> JsValue {
    to_js(&api::rules(lang.as_deref()))
}

/// One rule's documentation, or `{error}` with the closest rule id.
#[cfg(feature = "docs")]
#[wasm_bindgen(unchecked_return_type = "RuleExplanation | LintError")]
pub fn explain(id: &str, lang: Option<String>) -> JsValue {
    to_js(&api::explain(id, lang.as_deref()))
}

/// Hands the Kubernetes field table (`kubernetes.bin`, beside the package)
/// to a build that does not carry it (the element's), so the schema rules
/// run. Returns how many kinds it describes, or `{error}`. Builds with the
/// table compiled in ignore it.
#[wasm_bindgen(js_name = loadSchema, unchecked_return_type = "number | LintError")]
pub fn load_schema(bytes: Vec<u8>) -> JsValue {
    match kubeshape_core::schema::load_schema(bytes) {
        Ok(kinds) => JsValue::from(kinds as u32),
        Err(e) => js_sys::JSON::parse(&api::error_json(&e)).unwrap_or(JsValue::NULL),
    }
}

/// The kubeshape version, e.g. "0.1.0".
#[wasm_bindgen]
pub fn version() -> String {
    api::version().to_owned()
}
