//! `policy-run [--settings JSON] MODULE REQUEST.json`: what `kwctl run`
//! does, through this crate's waPC host: prints the module's answer to one
//! AdmissionRequest (or, with `--settings` alone, to `validate_settings`).

use std::process::ExitCode;

use kubeshape_kubewarden_host::Policy;
use serde_json::Value;

fn run(args: &[String]) -> Result<Value, String> {
    let mut settings = Value::Null;
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if arg == "--settings" {
            let text = it.next().ok_or("--settings needs a JSON value")?;
            settings = serde_json::from_str(text).map_err(|e| format!("--settings: {e}"))?;
        } else {
            rest.push(arg);
        }
    }
    let module = rest
        .first()
        .ok_or("usage: policy-run [--settings JSON] MODULE [REQUEST.json]")?;
    let bytes = std::fs::read(module).map_err(|e| format!("{module}: {e}"))?;
    let policy = Policy::load(&bytes)?;
    match rest.get(1) {
        None => policy.call_json("validate_settings", settings.to_string().as_bytes()),
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
            let request: Value = serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
            // A file holding a whole AdmissionReview is accepted too.
            let request = request.get("request").cloned().unwrap_or(request);
            policy.validate(&request, &settings)
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(answer) => {
            println!(
                "{}",
                serde_json::to_string_pretty(&answer).unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("policy-run: {e}");
            ExitCode::FAILURE
        }
    }
}
