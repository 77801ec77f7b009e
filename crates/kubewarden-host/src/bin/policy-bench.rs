//! `policy-bench MODULE [CALLS]`: per-request latency of the Kubewarden
//! module in the waPC host, a fresh instance per request as policy-server
//! gives each one. Prints p50 / p99 / mean per AdmissionRequest fixture.
//! `cargo xtask kubewarden-bench` builds everything and runs it.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use kubeshape_kubewarden_host::{root, Policy};
use serde_json::{json, Value};

const FIXTURES: &[&str] = &[
    "deployment-clean",
    "deployment-latest-warnings",
    "pod-broken",
    "config-map-clean",
];

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn run(module: &Path, calls: usize) -> Result<(), String> {
    let bytes = std::fs::read(module).map_err(|e| format!("{}: {e}", module.display()))?;
    let started = Instant::now();
    let policy = Policy::load(&bytes)?;
    println!(
        "module {} ({:.1} KB), compiled in {:.2} s",
        module.display(),
        bytes.len() as f64 / 1024.0,
        started.elapsed().as_secs_f64()
    );
    println!("{calls} calls per fixture, fresh instance per call, after 200 warm-up calls");
    println!("| request | p50 | p99 | mean | answer |");
    println!("|---|---|---|---|---|");
    for name in FIXTURES {
        let path = root().join(format!("policies/kubewarden/test_data/{name}.json"));
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let request: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        let payload = json!({ "request": request, "settings": {} }).to_string();
        let mut answer = Value::Null;
        for _ in 0..200 {
            answer = policy.call_json("validate", payload.as_bytes())?;
        }
        let mut times = Vec::with_capacity(calls);
        for _ in 0..calls {
            let t = Instant::now();
            let out = policy.call("validate", payload.as_bytes())?;
            times.push(t.elapsed().as_secs_f64() * 1e6);
            std::hint::black_box(out);
        }
        times.sort_by(f64::total_cmp);
        let mean = times.iter().sum::<f64>() / times.len() as f64;
        let verdict = if answer["accepted"] == true {
            "accepted"
        } else {
            "rejected"
        };
        let warnings = answer["warnings"].as_array().map_or(0, Vec::len);
        println!(
            "| {name} ({} B) | {:.0} µs | {:.0} µs | {:.0} µs | {verdict}, {warnings} warning(s) |",
            payload.len(),
            percentile(&times, 0.50),
            percentile(&times, 0.99),
            mean
        );
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(module) = args.first() else {
        eprintln!("usage: policy-bench MODULE [CALLS]");
        return ExitCode::FAILURE;
    };
    let calls = args.get(1).and_then(|c| c.parse().ok()).unwrap_or(10_000);
    match run(Path::new(module), calls) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("policy-bench: {e}");
            ExitCode::FAILURE
        }
    }
}
