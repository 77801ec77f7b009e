//! Any chart: the input is split into files at lines `#> path` (text
//! before the first one is `templates/t.yaml`; a `Chart.yaml` is added if
//! none is given). Rendering and checking it never panics, stops within
//! its limits, and every finding lies inside its file.
#![no_main]

use kubeshape_core::{Lang, Settings};
use kubeshape_helm::check::check_chart;
use kubeshape_helm::template::exec::Limits;
use kubeshape_helm::{ChartFile, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else { return };
    let mut files: Vec<ChartFile> = Vec::new();
    let mut path = "templates/t.yaml".to_string();
    let mut text = String::new();
    for line in input.split_inclusive('\n') {
        if let Some(p) = line.strip_prefix("#> ") {
            files.push(ChartFile { path: std::mem::replace(&mut path, p.trim().to_string()), text: std::mem::take(&mut text).into() });
        } else {
            text.push_str(line);
        }
    }
    files.push(ChartFile { path, text: text.into() });
    if !files.iter().any(|f| f.path == "Chart.yaml") {
        files.push(ChartFile { path: "Chart.yaml".into(), text: "apiVersion: v2\nname: fuzz\nversion: 0.1.0\n".into() });
    }
    // Keep each run small: the fuzzer explores inputs, not limits.
    let opts = Options {
        limits: Limits { max_depth: 32, max_output: 1 << 20, max_steps: 200_000 },
        ..Options::default()
    };
    let checked = check_chart(&files, &opts, &Settings::default(), true);
    for f in &checked.report.findings {
        // (Lines as the YAML reader counts them: a lone `\r` breaks one.)
        let lines = checked.texts.get(f.file).map_or(1, |t| t.split(['\n', '\r']).count().max(1)) as u32;
        assert!(f.span.start.line >= 1 && f.span.start.line <= lines, "{} at {:?} of {}", f.rule, f.span, checked.report.files[f.file]);
    }
    let _ = checked.report.to_json(Lang::Zh).to_string();
});
