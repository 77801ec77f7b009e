//! Renders a chart folder and prints `{ "rendered": {name: text}, "errors": [..] }`
//! as JSON: what the reference test compares with Helm's render.
//!
//! cargo run -p kubeshape-helm --example render -- CHART_DIR [-f values.yaml]... [--set k=v]...

use std::path::Path;

use kubeshape_helm::{render, Options};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: render CHART_DIR [-f FILE]... [--set K=V]...");
        std::process::exit(2);
    };
    let mut opts = Options::default();
    let mut i = 1;
    while i < args.len() {
        match args[i].as_str() {
            "-f" => {
                let name = args.get(i + 1).cloned().unwrap_or_default();
                let text = std::fs::read_to_string(&name).unwrap_or_default();
                opts.values_files.push((name, text));
                i += 2;
            }
            "--set" => {
                opts.set.push(args.get(i + 1).cloned().unwrap_or_default());
                i += 2;
            }
            "--name" => {
                opts.release_name = args.get(i + 1).cloned().unwrap_or_default();
                i += 2;
            }
            _ => i += 1,
        }
    }
    let files = kubeshape_helm::folder::read(Path::new(dir));
    let out = render(&files, &opts);
    let rendered: serde_json::Map<String, serde_json::Value> = out
        .rendered
        .iter()
        .map(|r| {
            (
                r.name.clone(),
                serde_json::Value::String(r.output.text.clone()),
            )
        })
        .collect();
    let errors: Vec<String> = out
        .errors
        .iter()
        .map(|e| format!("{}:{}:{}: {}", e.path, e.line, e.column, e.message))
        .collect();
    println!(
        "{}",
        serde_json::json!({ "rendered": rendered, "errors": errors })
    );
}
