//! Any settings JSON (the first line) and any text (the rest): lint
//! returns a report whose findings lie inside the text, and its JSON
//! rendering (what the browser and Kubewarden faces send) succeeds. SARIF is
//! left out: it renders every rule's documentation each time, which took
//! the run from thousands of executions a second to under a hundred.
#![no_main]

use kubeshape_core::{lint_str, Lang, Settings};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else { return };
    let (first, text) = input.split_once('\n').unwrap_or(("", input));
    let settings = serde_json::from_str(first)
        .ok()
        .and_then(|v| Settings::from_json(v).ok())
        .map(|mut s: Settings| {
            // Keep each run small: the fuzzer explores inputs, not limits.
            s.limits.max_nodes = s.limits.max_nodes.min(100_000);
            s.limits.max_input_bytes = s.limits.max_input_bytes.min(1 << 20);
            s
        })
        .unwrap_or_default();
    let report = lint_str("fuzz.yaml", text, &settings);
    let lines = text.split(['\n', '\r']).count().max(1) as u32;
    for f in &report.findings {
        assert!(f.span.start.line >= 1 && f.span.start.line <= lines, "{} at {:?}", f.rule, f.span);
    }
    let _ = report.to_json(Lang::Zh).to_string();
});
