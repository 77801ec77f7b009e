//! `validate` natively, in a loop, for profiling the policy's own work
//! without the wasm host (instance creation is most of a request there):
//!
//! ```sh
//! cargo build --release -p kubeshape-kubewarden --example validate-loop
//! valgrind --tool=callgrind target/release/examples/validate-loop \
//!     policies/kubewarden/test_data/deployment-clean.json 200
//! ```
//!
//! Arguments: an AdmissionRequest JSON file and how many times to call
//! `validate` with it (default 1,000), with empty settings, as
//! `policy-bench` sends it.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: validate-loop REQUEST.json [TIMES]");
        return ExitCode::FAILURE;
    };
    let request: serde_json::Value = match std::fs::read_to_string(path)
        .map_err(|e| e.to_string())
        .and_then(|text| serde_json::from_str(&text).map_err(|e| e.to_string()))
    {
        Ok(request) => request,
        Err(e) => {
            eprintln!("validate-loop: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let payload = serde_json::json!({ "request": request, "settings": {} }).to_string();
    let times: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(1000);
    let mut bytes = 0;
    for _ in 0..times {
        bytes += kubeshape_kubewarden::validate(payload.as_bytes()).len();
    }
    println!("{times} answers, {bytes} bytes");
    ExitCode::SUCCESS
}
