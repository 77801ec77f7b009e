//! `cargo xtask <command>`: the set-up, build and test commands README names.
//!
//! - `run [--port N]`  build the playground and serve it on 127.0.0.1 (the main job).
//! - `test`   everything CI runs: fmt, clippy, all tests, the wasm builds with
//!   their size report, the npm package and the browser tests; prints each
//!   stage's time.
//! - `build`  the browser faces only (playground and npm package), with sizes.
//! - `browser` build the browser faces and run only the browser tests.
//! - `wasm-bench` lint() timings in Node, Chromium and the playground.
//! - `fuzz TARGET [SECONDS]` seed the corpus and run cargo fuzz (nightly).
//! - `check`  build the CLI and check the bundled example.
//! - `cli`    build the CLI with profile-guided optimisation (what the
//!   benchmarks time); prints its path.
//! - `docs`   regenerate docs/rules.md and README's rule summary from the rules.
//! - `kubewarden` build, optimise and annotate the Kubewarden module, with its size.
//! - `kubewarden-metadata` regenerate `policies/kubewarden/*.yml` from the rules.
//! - `kubewarden-bench [MODULE.wasm...] [CALLS]` per-request latency of the module in the waPC host,
//!   and of any other modules named, their calls alternating with ours.
//! - `schema [--check]` regenerate (or check) the Kubernetes field table
//!   the schema rules read, from PyPI's `kubernetes-validate`.
//! - `bench [--quick|--smoke]` kubeshape vs Checkov and Monokle, the
//!   parse-only floor, criterion stages, wasm and Kubewarden timings: writes
//!   `bench/RESULTS.md` (`--smoke`, ours alone once, is part of `test`).
//!
//! Everything a stage needs is installed when missing and skipped when present.

mod bench;
mod dist;
mod editors;
mod features;
mod helm;
mod kubewarden;
mod pgo;
mod schema;
mod serve;
mod setup;
mod web;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

/// Where cargo puts build output (CI keeps it outside the clone).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from)
}

pub fn root() -> PathBuf {
    manifest_dir()
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

pub fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root());
    cmd
}

/// Runs `work` as one stage of this process, printing its name and how
/// long it took (as [`stage`] does for a command).
pub fn timed<T>(name: &str, work: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    println!("==> {name}");
    let started = Instant::now();
    let result = work();
    println!("<== {name}: {:.1}s", started.elapsed().as_secs_f64());
    result
}

/// Runs one stage, printing its name and how long it took.
pub fn stage(name: &str, mut cmd: Command) -> Result<(), String> {
    println!("==> {name}");
    let started = Instant::now();
    let status = cmd
        .status()
        .map_err(|e| format!("{name}: cannot start: {e}"))?;
    println!("<== {name}: {:.1}s", started.elapsed().as_secs_f64());
    if status.success() {
        Ok(())
    } else {
        Err(format!("{name} failed ({status})"))
    }
}

fn ensure_rust_components() -> Result<(), String> {
    for (tool, component) in [("rustfmt", "rustfmt"), ("cargo-clippy", "clippy")] {
        let present = Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !present {
            let mut cmd = Command::new("rustup");
            cmd.args(["component", "add", component]);
            stage(&format!("install {component}"), cmd)?;
        }
    }
    Ok(())
}

fn test() -> Result<(), String> {
    let started = Instant::now();
    ensure_rust_components()?;
    let mut fmt = cargo();
    fmt.args(["fmt", "--all", "--check"]);
    stage("cargo fmt --check", fmt)?;
    // The rule files are modules that build.rs declares, which cargo fmt
    // does not follow: check them by name.
    let mut rules_fmt = Command::new("rustfmt");
    rules_fmt
        .current_dir(root())
        .args(["--check", "--edition", "2021"])
        .args(rule_files()?);
    stage("rustfmt --check (rule files)", rules_fmt)?;
    // The committed schema table is what the pinned PyPI package generates.
    timed("schema table", || schema::run(&["--check".to_owned()]))?;
    let mut clippy = cargo();
    clippy.args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]);
    stage("cargo clippy", clippy)?;
    // The Kubewarden host tests run the built module: build it first.
    let policy = kubewarden::build()?;
    let mut tests = cargo();
    // Snapshots never update silently in a test run.
    tests
        .env("INSTA_UPDATE", "no")
        .env("KUBESHAPE_POLICY_WASM", &policy)
        .args(["test", "--workspace"]);
    stage("cargo test", tests)?;
    // Every rule linear in its input: a timing test, so optimised.
    let mut scaling = cargo();
    scaling.args([
        "test",
        "--release",
        "--package",
        "kubeshape-core",
        "--test",
        "scaling",
    ]);
    stage("scaling test (release)", scaling)?;
    helm::test()?;
    features::test_each_face_set()?;
    setup::wasm_targets()?;
    // One package at a time: together, cargo would unify the core's features
    // and the playground's no-`docs` build would go unchecked.
    for (package, target) in [
        ("kubeshape-wasm", "wasm32-unknown-unknown"),
        ("kubeshape-web", "wasm32-unknown-unknown"),
        ("kubeshape-kubewarden", "wasm32-wasip1"),
    ] {
        let mut wasm_clippy = cargo();
        wasm_clippy.args([
            "clippy",
            "--package",
            package,
            "--target",
            target,
            "--",
            "-D",
            "warnings",
        ]);
        stage(&format!("cargo clippy {package} ({target})"), wasm_clippy)?;
    }
    setup::wasm_bindgen()?;
    let mut wasm_tests = cargo();
    wasm_tests
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .args([
            "test",
            "--package",
            "kubeshape-wasm",
            "--target",
            "wasm32-unknown-unknown",
        ]);
    stage("wasm-bindgen tests (node)", wasm_tests)?;
    let playground = web::playground()?;
    let package = web::npm_package()?;
    browser_tests(&playground, &package)?;
    timed(
        "static site (cargo xtask dist) on python3 -m http.server",
        static_site,
    )?;
    editors::test()?;
    // The benchmark harness still runs (the issue's "catch bit-rot"):
    // ours alone, once, on the corpus kept in this repository.
    timed("bench --smoke", || bench::run(&["--smoke".to_owned()]))?;
    println!(
        "all stages passed in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `cargo xtask dist` into the target folder, served by Python's plain
/// static server, checked in Chromium (tests/dist/site.test.mjs).
fn static_site() -> Result<(), String> {
    let site = target_dir().join("site");
    dist::run(&[site.display().to_string()])?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    let mut server = Command::new("python3")
        .args([
            "-m",
            "http.server",
            "--bind",
            "127.0.0.1",
            &port.to_string(),
            "-d",
        ])
        .arg(&site)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("python3 -m http.server: {e}"))?;
    let ready = (0..100).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(50));
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    let result = if ready {
        let mut node = Command::new("node");
        node.current_dir(root())
            .env("KUBESHAPE_URL", format!("http://127.0.0.1:{port}"))
            .env("KUBESHAPE_SITE", &site)
            .args(["--test", "--test-concurrency=1", "tests/dist/site.test.mjs"]);
        stage("static site tests", node)
    } else {
        Err("python3 -m http.server did not start".to_owned())
    };
    let _ = server.kill();
    let _ = server.wait();
    result
}

/// `crates/core/src/rules/<category>/*.rs`, relative to the workspace.
fn rule_files() -> Result<Vec<PathBuf>, String> {
    let dir = root().join("crates/core/src/rules");
    let mut files = Vec::new();
    for category in std::fs::read_dir(&dir)
        .map_err(|e| e.to_string())?
        .flatten()
    {
        if category.path().is_dir() {
            for file in std::fs::read_dir(category.path())
                .map_err(|e| e.to_string())?
                .flatten()
            {
                if file.path().extension().is_some_and(|e| e == "rs") {
                    files.push(file.path());
                }
            }
        }
    }
    files.sort();
    Ok(files)
}

/// What the local server serves: the playground at `/`, the npm package,
/// the widget demo and test pages, and the seed examples they fetch.
pub fn mounts(playground: &Path, package: &Path) -> Vec<serve::Mount> {
    vec![
        ("/", playground.to_path_buf()),
        ("/npm/", package.to_path_buf()),
        ("/web/", root().join("web")),
        ("/test/", root().join("tests/browser/pages")),
        ("/examples/", root().join("examples")),
    ]
}

/// Runs `tests/browser/*.test.mjs` (node's test runner, playwright-core
/// driving Debian's chromium) against the built playground and package.
fn browser_tests(playground: &Path, package: &Path) -> Result<(), String> {
    setup::chromium()?;
    setup::npm()?;
    let mounts = mounts(playground, package);
    let port = serve::start(mounts, 0)?;
    let shots = target_dir().join("screenshots");
    std::fs::create_dir_all(&shots).map_err(|e| e.to_string())?;
    let mut node = Command::new("node");
    node.current_dir(root())
        .env("KUBESHAPE_URL", format!("http://127.0.0.1:{port}"))
        .env("KUBESHAPE_NPM_PACKAGE", package)
        .env("KUBESHAPE_SCREENSHOTS", &shots)
        .args(["--test", "--test-concurrency=1"])
        .args(browser_test_files()?);
    stage("browser and npm tests", node)?;
    println!("screenshots: {}", shots.display());
    Ok(())
}

fn browser_test_files() -> Result<Vec<PathBuf>, String> {
    let dir = root().join("tests/browser");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    Ok(files)
}

/// Builds the playground and serves it until interrupted.
fn run(args: &[String]) -> Result<(), String> {
    let port = match args.iter().position(|a| a == "--port") {
        Some(i) => args
            .get(i + 1)
            .and_then(|p| p.parse().ok())
            .ok_or("--port needs a number")?,
        None => std::env::var("KUBESHAPE_PORT")
            .ok()
            .and_then(|p| p.parse().ok())
            .unwrap_or(8080),
    };
    let dist = web::playground()?;
    let package = web::npm_package()?;
    // Served compressed, as a static host would (gzip: quick to make).
    dist::compress(&dist, false)?;
    let mounts = mounts(&dist, &package);
    let port = serve::start(mounts.clone(), port).or_else(|e| {
        println!("{e}; using a free port instead");
        serve::start(mounts, 0)
    })?;
    println!("\nkubeshape playground: http://127.0.0.1:{port}/");
    println!("widget demo:          http://127.0.0.1:{port}/web/embed-demo.html");
    println!("(serving {}; Ctrl-C stops)", dist.display());
    loop {
        std::thread::park();
    }
}

/// Times lint() on a 1,000-line bundle in Node and Chromium, and the
/// playground's re-lint (bench/wasm-lint.mjs).
fn wasm_bench() -> Result<(), String> {
    let playground = web::playground()?;
    let package = web::npm_package()?;
    setup::chromium()?;
    let mounts = mounts(&playground, &package);
    let port = serve::start(mounts, 0)?;
    let mut node = Command::new("node");
    node.current_dir(root())
        .env("KUBESHAPE_URL", format!("http://127.0.0.1:{port}"))
        .env("KUBESHAPE_NPM_PACKAGE", package)
        .arg("bench/wasm-lint.mjs");
    stage("wasm lint timing", node)
}

/// Runs a cargo-fuzz target (`parse` or `lint`) for SECONDS (default 60),
/// after seeding its corpus from the rule fixtures, the seed examples and
/// the real-world corpus kept in `tests/corpus`. Needs the nightly toolchain and
/// cargo-fuzz, which it installs when missing.
fn fuzz(args: &[String]) -> Result<(), String> {
    let target = args.first().ok_or(
        "usage: cargo xtask fuzz <parse|lint|helm_render|kubewarden_validate|kubewarden_settings> [seconds]",
    )?;
    let seconds: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(60);
    if Command::new("cargo")
        .args(["fuzz", "--version"])
        .output()
        .map_or(true, |o| !o.status.success())
    {
        let mut install = Command::new("cargo");
        install.args(["install", "cargo-fuzz", "--locked"]);
        stage("install cargo-fuzz", install)?;
    }
    let corpus = root().join("fuzz/corpus").join(target);
    std::fs::create_dir_all(&corpus).map_err(|e| e.to_string())?;
    let kubewarden = target.starts_with("kubewarden");
    let helm = target == "helm_render";
    let sources = if kubewarden {
        // Whole validation payloads: each AdmissionRequest fixture with
        // default settings.
        vec![root().join("policies/kubewarden/test_data")]
    } else if helm {
        // Every template and values file of the corpus charts, one input
        // each (a template as `templates/t.yaml`).
        helm_seed_dirs()?
    } else {
        vec![
            root().join("crates/core/tests/fixtures"),
            root().join("examples/seeds"),
            root().join("crates/cli/tests/data"),
            root().join("tests/corpus/kubernetes-examples"),
        ]
    };
    let mut seeded = 0;
    for dir in sources {
        for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            // The lint target reads settings JSON from the first line.
            let body = match target.as_str() {
                "lint" => format!("{{\"preset\":\"strict\"}}\n{text}"),
                "kubewarden_validate" => {
                    format!("{{\"settings\":{{\"preset\":\"strict\"}},\"request\":{text}}}")
                }
                "helm_render" if name.ends_with("values.yaml") => format!("{{{{ .Values | toYaml }}}}\n#> values.yaml\n{text}"),
                "kubewarden_settings" => {
                    r#"{"preset":"strict","failOn":"warning","exemptNamespaces":["kube-system"],"thresholds":{"memoryRequestRatio":0.4},"lang":"zh"}"#.to_owned()
                }
                _ => text,
            };
            std::fs::write(corpus.join(name), body).map_err(|e| e.to_string())?;
            seeded += 1;
        }
    }
    println!("seeded {seeded} inputs into {}", corpus.display());
    let mut run = Command::new("cargo");
    run.current_dir(root().join("fuzz"))
        .env_remove("CARGO_TARGET_DIR")
        .args(["+nightly", "fuzz", "run", target, "--"])
        .arg(format!("-max_total_time={seconds}"))
        // Small inputs run hundreds of times faster; the seeds' content is
        // what matters, and libFuzzer cuts them to this length.
        .arg("-max_len=4096")
        .arg("-print_final_stats=1");
    stage(&format!("cargo fuzz run {target} ({seconds}s)"), run)
}

/// The folders of the corpus charts that hold templates or values.
fn helm_seed_dirs() -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    let mut stack = vec![root().join("tests/corpus/helm-charts")];
    while let Some(dir) = stack.pop() {
        let mut has = false;
        for entry in std::fs::read_dir(&dir)
            .map_err(|e| e.to_string())?
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "tpl") {
                has = true;
            }
        }
        if has {
            out.push(dir);
        }
    }
    out.sort();
    Ok(out)
}

fn build() -> Result<(), String> {
    web::playground()?;
    web::npm_package()?;
    Ok(())
}

fn check_example() -> Result<(), String> {
    let mut build = cargo();
    build.args(["build", "--release", "--package", "kubeshape"]);
    stage("build kubeshape", build)?;
    let binary = target_dir().join("release/kubeshape");
    let example = root().join("examples/seed-000-deployment.yaml");
    println!(
        "\n$ kubeshape check {}\n",
        example.strip_prefix(root()).unwrap_or(&example).display()
    );
    let status = Command::new(&binary)
        .arg("check")
        .arg(&example)
        .current_dir(root())
        .status()
        .map_err(|e| e.to_string())?;
    println!(
        "\n(kubeshape exited with {}; {} is the binary — try `--lang zh` or `--format sarif`)",
        status.code().unwrap_or(-1),
        binary.display()
    );
    Ok(())
}

/// Writes what the docs generate from the rules: `docs/rules.md`, and the
/// README's one-line summary of the catalogue (between its `rules:start`
/// and `rules:end` markers). Tests fail when either is stale.
fn docs() -> Result<(), String> {
    use kubeshape_core::rules;
    let page = root().join("docs/rules.md");
    std::fs::write(&page, rules::markdown_page())
        .map_err(|e| format!("{}: {e}", page.display()))?;
    let path = root().join("README.md");
    let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
    let (start, end) = ("<!-- rules:start -->", "<!-- rules:end -->");
    let a = text.find(start).ok_or("README has no rules:start marker")? + start.len();
    let b = text.find(end).ok_or("README has no rules:end marker")?;
    std::fs::write(
        &path,
        format!("{}{}{}", &text[..a], rules::summary(), &text[b..]),
    )
    .map_err(|e| e.to_string())?;
    println!("docs/rules.md and README.md's rule summary updated");
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let task = args.first().cloned().unwrap_or_default();
    let result = match task.as_str() {
        "test" => test(),
        "run" | "serve" => run(&args[1..]),
        "build" => build(),
        "browser" => web::playground()
            .and_then(|p| web::npm_package().map(|n| (p, n)))
            .and_then(|(p, n)| browser_tests(&p, &n)),
        "check" => check_example(),
        "editors" => editors::test(),
        "dist" => dist::run(&args[1..]),
        "lsp-bench" => editors::bench(),
        "wasm-bench" => wasm_bench(),
        "fuzz" => fuzz(&args[1..]),
        "docs" => docs(),
        "kubewarden" => kubewarden::build().map(|path| {
            if args.iter().any(|a| a == "--print-path") {
                println!("{}", path.display());
            }
        }),
        "kubewarden-metadata" => kubewarden::write_metadata(),
        "kubewarden-bench" => kubewarden::bench(&args[1..]),
        "bench" => bench::run(&args[1..]),
        "cli" => pgo::cli().map(drop),
        "schema" => schema::run(&args[1..]),
        _ => Err(
            "usage: cargo xtask <run [--port N]|test|build|browser|wasm-bench|fuzz TARGET [SECONDS]|check|dist OUT|editors|lsp-bench|cli|docs|kubewarden|kubewarden-metadata|kubewarden-bench [MODULE.wasm...] [CALLS]|bench [--quick|--smoke]>".into(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The package directory: cargo's run-time value first, so a binary built
/// from another checkout that shares the target directory (CI) does not read
/// that checkout's files.
fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(
        || env!("CARGO_MANIFEST_DIR").into(),
        std::path::PathBuf::from,
    )
}
