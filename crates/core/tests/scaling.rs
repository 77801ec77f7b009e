//! Every rule is linear in its input: a synthetic Deployment with N env
//! vars, ports, volume mounts and volumes (and a Pod with N/8 containers)
//! is linted with every rule on, for N = 1,000 … 16,000, and each doubling
//! of N may cost at most 2.5× (linear is 2×; a rule that compares every
//! item with every other costs 4× a doubling, and shows at these sizes).
//!
//! A timing test on a shared machine: each size is the fastest of seven
//! runs, and the ratios are taken over two doublings (4k → 16k: at most
//! 2.5² = 6.25×, against 16× for a quadratic rule) and the whole span (1k →
//! 16k: at most 2.5⁴ ≈ 39×, against 256×), so noise in one step does not
//! fail it; the sizes are timed in turn, and only five failed measurements in
//! a row fail the test.
//! Release builds only (`cargo test --release`): a
//! debug build's allocator and bounds checks skew small sizes.

use std::time::Instant;

/// The CLI's allocator (see Cargo.toml): a test of the rules' work, not of
/// the system allocator's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use kubeshape_core::{lint_with, Input, Options, Preset, Settings};

/// One container's lists, N items each.
fn container(name: &str, n: usize, indent: &str) -> String {
    let mut out = format!(
        "{indent}- name: {name}\n{indent}  image: ghcr.io/acme/{name}:v1.2.3\n{indent}  env:\n"
    );
    for i in 0..n {
        out.push_str(&format!(
            "{indent}  - name: VAR_{i}\n{indent}    value: \"{i}\"\n"
        ));
    }
    out.push_str(&format!("{indent}  ports:\n"));
    for i in 0..n {
        out.push_str(&format!(
            "{indent}  - name: p{i}\n{indent}    containerPort: {}\n",
            1024 + i % 60000
        ));
    }
    out.push_str(&format!("{indent}  volumeMounts:\n"));
    for i in 0..n {
        out.push_str(&format!(
            "{indent}  - name: v{i}\n{indent}    mountPath: /data/{i}\n"
        ));
    }
    out
}

fn deployment(n: usize) -> String {
    let mut out = String::from(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: big\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: big}\n  template:\n    metadata:\n      labels: {app: big}\n    spec:\n      containers:\n",
    );
    out.push_str(&container("app", n, "      "));
    out.push_str("      volumes:\n");
    for i in 0..n {
        out.push_str(&format!("      - name: v{i}\n        emptyDir: {{}}\n"));
    }
    out
}

fn many_containers(n: usize) -> String {
    let mut out =
        String::from("apiVersion: v1\nkind: Pod\nmetadata:\n  name: wide\nspec:\n  containers:\n");
    for c in 0..n / 8 {
        out.push_str(&container(&format!("c{c}"), 4, "  "));
    }
    out.push_str("  volumes:\n");
    for i in 0..4 {
        out.push_str(&format!("  - name: v{i}\n    emptyDir: {{}}\n"));
    }
    out
}

/// The Deployment as an admission request carries it: JSON on one line.
fn deployment_json(n: usize) -> String {
    use serde_json::json;
    let env: Vec<_> = (0..n)
        .map(|i| json!({"name": format!("VAR_{i}"), "value": i.to_string()}))
        .collect();
    let ports: Vec<_> = (0..n)
        .map(|i| json!({"name": format!("p{i}"), "containerPort": 1024 + i % 60000}))
        .collect();
    let mounts: Vec<_> = (0..n)
        .map(|i| json!({"name": format!("v{i}"), "mountPath": format!("/data/{i}")}))
        .collect();
    let volumes: Vec<_> = (0..n)
        .map(|i| json!({"name": format!("v{i}"), "emptyDir": {}}))
        .collect();
    json!({
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "big"},
        "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "big"}}, "template": {
            "metadata": {"labels": {"app": "big"}},
            "spec": {"containers": [{"name": "app", "image": "ghcr.io/acme/app:v1.2.3",
                "env": env, "ports": ports, "volumeMounts": mounts}], "volumes": volumes}}}
    })
    .to_string()
}

/// The fastest of seven runs of each text, the sizes taken in turn (a
/// busy moment of a shared machine slows every size, not just one).
fn fastest_each(texts: &[String], settings: &Settings, options: Options) -> Vec<f64> {
    let mut best = vec![f64::INFINITY; texts.len()];
    for _ in 0..7 {
        for (text, best) in texts.iter().zip(&mut best) {
            let started = Instant::now();
            let report = lint_with(&[Input::new("big.yaml", text)], settings, options);
            std::hint::black_box(report);
            *best = best.min(started.elapsed().as_secs_f64());
        }
    }
    best.into_iter().map(|t| t.max(1e-6)).collect()
}

/// The times for each size and whether they scale linearly.
fn measure(build: &impl Fn(usize) -> String, options: Options) -> (String, bool) {
    let settings = Settings {
        preset: Preset::Strict,
        ..Settings::default()
    };
    let sizes = [1_000, 2_000, 4_000, 8_000, 16_000];
    let texts: Vec<String> = sizes.iter().map(|&n| build(n)).collect();
    let times = fastest_each(&texts, &settings, options);
    let shown: Vec<String> = sizes
        .iter()
        .zip(&times)
        .map(|(n, t)| format!("N={n}: {:.1} ms", t * 1000.0))
        .collect();
    // The last two doublings together (4k → 16k), where a quadratic term
    // dominates (16× there), and the whole span: at most 2.5× a doubling
    // on average, so that one step slowed by the machine does not fail it.
    let last = times[4] / times[2];
    let whole = times[4] / times[0];
    let text = format!(
        "{} (4k→16k {last:.1}×, 1k→16k {whole:.1}×)",
        shown.join(", ")
    );
    (text, last <= 2.5f64.powi(2) && whole <= 2.5f64.powi(4))
}

/// Fails only when five measurements in a row are not linear: a shared
/// machine slows some runs down, a quadratic rule slows them all.
fn check_linear(label: &str, build: impl Fn(usize) -> String, options: Options) {
    let mut seen = Vec::new();
    for _ in 0..5 {
        let (text, linear) = measure(&build, options);
        eprintln!("{label}: {text}");
        if linear {
            return;
        }
        seen.push(text);
    }
    panic!("{label} is not linear:\n{}", seen.join("\n"));
}

#[test]
#[cfg_attr(debug_assertions, ignore = "timing: run with --release")]
fn every_rule_is_linear_in_the_items_of_an_object() {
    check_linear(
        "Deployment with N env vars, ports, mounts, volumes",
        deployment,
        Options::default(),
    );
    check_linear(
        "the same, with fixes",
        deployment,
        Options {
            fixes: true,
            ..Options::default()
        },
    );
    check_linear(
        "Pod with N/8 containers",
        many_containers,
        Options::default(),
    );
    check_linear(
        "the Deployment as JSON",
        deployment_json,
        Options::default(),
    );
}
