//! Times kubeshape on charts: render + check (every rule) + moving the
//! findings to their template lines, in one process, the median of
//! `--runs` runs per chart. Prints `{"chart dir": milliseconds}` as JSON.
//!
//! cargo run --release -p kubeshape-helm --example bench -- [--runs N] CHART_DIR...

use std::path::Path;
use std::time::Instant;

use kubeshape_core::Settings;
use kubeshape_helm::check::check_chart;
use kubeshape_helm::Options;

// The allocator of the kubeshape binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut runs = 20;
    // `--render-only`: the render alone, as Helm's figure is.
    let render_only = args.iter().any(|a| a == "--render-only");
    args.retain(|a| a != "--render-only");
    if let Some(i) = args.iter().position(|a| a == "--runs") {
        runs = args.get(i + 1).and_then(|n| n.parse().ok()).unwrap_or(20);
        args.drain(i..(i + 2).min(args.len()));
    }
    let settings = Settings::default();
    let mut out = serde_json::Map::new();
    for dir in &args {
        let files = kubeshape_helm::folder::read(Path::new(dir));
        let opts = Options::default();
        // One run to warm the caches, then the timed ones.
        let _ = check_chart(&files, &opts, &settings, false);
        let mut times: Vec<f64> = (0..runs)
            .map(|_| {
                let started = Instant::now();
                if render_only {
                    std::hint::black_box(kubeshape_helm::render(&files, &opts).rendered.len());
                } else {
                    let checked = check_chart(&files, &opts, &settings, false);
                    std::hint::black_box(&checked.report.findings);
                }
                started.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        times.sort_by(|a, b| a.total_cmp(b));
        out.insert(dir.clone(), serde_json::json!(times[times.len() / 2]));
    }
    println!("{}", serde_json::Value::Object(out));
}
