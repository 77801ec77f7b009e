//! `policy-bench MODULE [MODULE...] [CALLS]`: per-request latency of
//! Kubewarden policy modules in the waPC host, a fresh instance per request
//! as policy-server gives each one. Prints p50 / p99 / mean per
//! AdmissionRequest fixture, a table per module. With several modules, the
//! calls alternate between them (A B A B), so that each meets the same
//! moments of a shared machine. `cargo xtask kubewarden-bench` builds
//! everything and runs it on kubeshape's module.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use kubeshape_kubewarden_host::{root, Policy};
use serde_json::{json, Value};

const FIXTURES: &[&str] = &[
    "deployment-clean",
    "pod-40-containers",
    // 265 KB: 2,000 env vars.
    "deployment-large",
    "deployment-latest-warnings",
    "pod-broken",
    "config-map-clean",
];

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// What one module answered a fixture, and how long each call took (µs).
struct Timed {
    answer: Value,
    times: Vec<f64>,
}

fn run(modules: &[&Path], calls: usize) -> Result<(), String> {
    let mut policies = Vec::new();
    let mut headers = Vec::new();
    for module in modules {
        let bytes = std::fs::read(module).map_err(|e| format!("{}: {e}", module.display()))?;
        let started = Instant::now();
        policies.push(Policy::load(&bytes)?);
        headers.push(format!(
            "module {} ({:.1} KB), compiled in {:.2} s",
            module.display(),
            bytes.len() as f64 / 1024.0,
            started.elapsed().as_secs_f64()
        ));
    }
    let mut tables: Vec<Vec<String>> = modules.iter().map(|_| Vec::new()).collect();
    for name in FIXTURES {
        let path = root().join(format!("policies/kubewarden/test_data/{name}.json"));
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let request: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        let payload = json!({ "request": request, "settings": {} }).to_string();
        let mut timed: Vec<Timed> = Vec::new();
        for policy in &policies {
            let mut answer = Value::Null;
            for _ in 0..200 {
                answer = policy.call_json("validate", payload.as_bytes())?;
            }
            timed.push(Timed {
                answer,
                times: Vec::with_capacity(calls),
            });
        }
        for _ in 0..calls {
            for (policy, timed) in policies.iter().zip(&mut timed) {
                let t = Instant::now();
                let out = policy.call("validate", payload.as_bytes())?;
                timed.times.push(t.elapsed().as_secs_f64() * 1e6);
                std::hint::black_box(out);
            }
        }
        for (Timed { answer, mut times }, table) in timed.into_iter().zip(&mut tables) {
            times.sort_by(f64::total_cmp);
            let mean = times.iter().sum::<f64>() / times.len() as f64;
            let verdict = if answer["accepted"] == true {
                "accepted"
            } else {
                "rejected"
            };
            let warnings = answer["warnings"].as_array().map_or(0, Vec::len);
            table.push(format!(
                "| {name} ({} B) | {:.0} µs | {:.0} µs | {:.0} µs | {verdict}, {warnings} warning(s) |",
                payload.len(),
                percentile(&times, 0.50),
                percentile(&times, 0.99),
                mean
            ));
        }
    }
    let alternating = if modules.len() > 1 {
        format!(", alternating between the {} modules", modules.len())
    } else {
        String::new()
    };
    for (header, table) in headers.iter().zip(tables) {
        println!(
            "{header}: {calls} calls per fixture, fresh instance per call, after 200 warm-up calls{alternating}\n"
        );
        println!("| request | p50 | p99 | mean | answer |");
        println!("|---|---|---|---|---|");
        for row in table {
            println!("{row}");
        }
        println!();
    }
    Ok(())
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    // The count of calls, when given, is the last argument.
    let calls = match args.last().map(|a| a.parse::<usize>()) {
        Some(Ok(n)) => {
            args.pop();
            n.max(1)
        }
        _ => 10_000,
    };
    if args.is_empty() {
        eprintln!("usage: policy-bench MODULE [MODULE...] [CALLS]");
        return ExitCode::FAILURE;
    }
    let modules: Vec<&Path> = args.iter().map(Path::new).collect();
    match run(&modules, calls) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("policy-bench: {e}");
            ExitCode::FAILURE
        }
    }
}
