//! `cargo xtask bench [--quick|--smoke]`: kubeshape side by side with Checkov and
//! Monokle, against the parse-only floor, in the browser and in Kubewarden;
//! and, where valgrind is installed, the instructions kubeshape and the
//! floor execute (callgrind), which the machine's noise does not move.
//! Writes `bench/RESULTS.md` and `bench/chart.svg` (with `--quick`, which
//! finishes in under two minutes, `<target>/bench/RESULTS-quick.md`; with
//! `--smoke`, ours alone on the 1× copy once, which `cargo xtask test` runs
//! to keep the harness working, `<target>/bench/RESULTS-smoke.md`).
//!
//! kubeshape and the floor are the profile-guided builds of `cargo xtask
//! cli` (see [`crate::pgo`]); `--quick` times plain release builds.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{cargo, kubewarden, root, stage, target_dir};

/// Pinned peer versions (PyPI and npm).
const CHECKOV: &str = "3.3.30";
const MONOKLE: &str = "0.33.0";

fn bench_dir() -> PathBuf {
    target_dir().join("bench")
}

/// The kubeshape and floor binaries timed: profile-guided, or (`--quick`)
/// plain release builds.
static BINARIES: std::sync::OnceLock<(PathBuf, PathBuf, bool)> = std::sync::OnceLock::new();

fn binaries() -> (PathBuf, PathBuf, bool) {
    BINARIES.get().cloned().unwrap_or_else(|| {
        (
            target_dir().join("release/kubeshape"),
            target_dir().join("release/examples/parse-floor"),
            false,
        )
    })
}

/// The manifests the benchmarks copy: `KUBESHAPE_BENCH_CORPUS`, or the
/// real-world corpus kept in this repository (so that a plain clone can run
/// every xtask command).
fn corpus_source() -> Result<PathBuf, String> {
    let dir = std::env::var_os("KUBESHAPE_BENCH_CORPUS")
        .map_or_else(|| root().join(VENDORED_CORPUS), PathBuf::from);
    if dir.is_dir() {
        Ok(dir)
    } else {
        Err(format!(
            "{} is missing: set KUBESHAPE_BENCH_CORPUS to a folder of manifests",
            dir.display()
        ))
    }
}

const VENDORED_CORPUS: &str = "tests/corpus/kubernetes-examples";

/// `$TMPDIR/kubeshape-bench/corpus-xN`: N copies of every manifest, side by
/// side. Not under the target directory: Checkov skips every file below a
/// hidden directory, and CI's target directory is `~/.cache/…` — it then
/// "checks" nothing in 3 seconds (it did, once).
fn corpus(source: &Path, n: usize) -> Result<(PathBuf, u64), String> {
    let dir = std::env::temp_dir()
        .join("kubeshape-bench")
        .join(format!("corpus-x{n}"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(source)
        .map_err(|e| e.to_string())?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let mut bytes = 0;
    for i in 0..n {
        for file in &files {
            let name = file.file_name().unwrap_or_default().to_string_lossy();
            let to = dir.join(format!("{i:03}-{name}"));
            bytes += std::fs::copy(file, &to).map_err(|e| e.to_string())?;
        }
    }
    Ok((dir, bytes))
}

fn install_peers() -> Result<(), String> {
    let venv = bench_dir().join("checkov-venv");
    let checkov = venv.join("bin/checkov");
    let has_checkov = Command::new(&checkov)
        .arg("--version")
        .output()
        // It may add an "update available" line when it can reach PyPI.
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).lines().next() == Some(CHECKOV));
    if !has_checkov {
        let mut cmd = Command::new("python3");
        cmd.args(["-m", "venv"]).arg(&venv);
        stage("python3 -m venv (checkov)", cmd)?;
        let mut cmd = Command::new(venv.join("bin/pip"));
        cmd.args(["install", "--quiet", &format!("checkov=={CHECKOV}")]);
        stage(&format!("pip install checkov=={CHECKOV}"), cmd)?;
    }
    let monokle = bench_dir().join("monokle");
    let installed = monokle.join("node_modules/@monokle/validation/package.json");
    let has_monokle = std::fs::read_to_string(&installed)
        .is_ok_and(|t| t.contains(&format!("\"version\": \"{MONOKLE}\"")));
    if !has_monokle {
        std::fs::create_dir_all(&monokle).map_err(|e| e.to_string())?;
        std::fs::write(monokle.join("package.json"), "{\"private\": true}\n")
            .map_err(|e| e.to_string())?;
        let mut cmd = Command::new("npm");
        cmd.current_dir(&monokle).args([
            "install",
            "--no-audit",
            "--no-fund",
            &format!("@monokle/validation@{MONOKLE}"),
        ]);
        stage(&format!("npm install @monokle/validation@{MONOKLE}"), cmd)?;
    }
    Ok(())
}

/// What `cargo xtask bench` was asked for: everything; `--quick`; or
/// `--smoke` (see [`run`]).
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Full,
    Quick,
    Smoke,
}

impl Mode {
    /// The command-line flag that asks for it (none for a full run).
    fn flag(self) -> &'static str {
        match self {
            Mode::Full => "",
            Mode::Quick => "--quick",
            Mode::Smoke => "--smoke",
        }
    }

    /// The results' and the chart's file names (side by side: the results
    /// link the chart); a full run's go in `bench/`, the others' in the
    /// target directory.
    fn files(self) -> (&'static str, &'static str) {
        match self {
            Mode::Full => ("RESULTS.md", "chart.svg"),
            Mode::Quick => ("RESULTS-quick.md", "chart-quick.svg"),
            Mode::Smoke => ("RESULTS-smoke.md", "chart-smoke.svg"),
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Tool {
    Kubeshape,
    Floor,
    /// kubeshape's parse stage alone (`parse-floor --trees`): shown beside
    /// the floor for information; the issue's target is the floor.
    Trees,
    /// kubeshape with every rule turned off: what it does besides the rules,
    /// their findings and the report of them (files read, parsed and kept,
    /// objects and index made, a report with no findings written).
    NoRules,
    Checkov,
    Monokle,
}

/// Every tool, in the order of the tables.
const TOOLS: [Tool; 6] = [
    Tool::Kubeshape,
    Tool::Floor,
    Tool::Trees,
    Tool::NoRules,
    Tool::Checkov,
    Tool::Monokle,
];

impl Tool {
    fn name(self) -> &'static str {
        match self {
            Tool::Kubeshape => "kubeshape",
            Tool::Floor => "parse-only floor",
            Tool::Trees => "parse with trees",
            Tool::NoRules => "kubeshape, every rule off",
            Tool::Checkov => "Checkov",
            Tool::Monokle => "Monokle",
        }
    }

    fn command(self, dir: &Path) -> Command {
        match self {
            Tool::Kubeshape => {
                let mut c = Command::new(binaries().0);
                c.args(["check", "--format", "json"]).arg(dir);
                c
            }
            Tool::Floor => {
                let mut c = Command::new(binaries().1);
                c.arg(dir);
                c
            }
            Tool::Trees => {
                let mut c = Command::new(binaries().1);
                c.arg("--trees").arg(dir);
                c
            }
            Tool::NoRules => {
                let mut c = Command::new(binaries().0);
                c.args(["check", "--format", "json", "--exclude", "all"])
                    .arg(dir);
                c
            }
            Tool::Checkov => {
                let mut c = Command::new(bench_dir().join("checkov-venv/bin/checkov"));
                c.arg("-d").arg(dir).args([
                    "--framework",
                    "kubernetes",
                    "-o",
                    "json",
                    "--quiet",
                    "--skip-download",
                ]);
                c
            }
            Tool::Monokle => {
                let mut c = Command::new("node");
                c.env("MONOKLE_DIR", bench_dir().join("monokle"))
                    .arg(root().join("bench/monokle-run.mjs"))
                    .arg(dir);
                c
            }
        }
    }

    /// The command line RESULTS.md shows.
    fn shown(self) -> &'static str {
        match self {
            Tool::Kubeshape => "kubeshape check --format json DIR",
            Tool::Floor => {
                "parse-floor DIR (kubeshape's YAML reader over the same files, building nothing)"
            }
            Tool::Trees => {
                "parse-floor --trees DIR (kubeshape's parse stage over the same files: the same reader building the trees the rules read, each dropped before the next file)"
            }
            Tool::NoRules => {
                "kubeshape check --format json --exclude all DIR (the same run with every rule turned off: files read, parsed and kept, objects and index made, a report of the objects with no findings written)"
            }
            Tool::Checkov => {
                "checkov -d DIR --framework kubernetes -o json --quiet --skip-download"
            }
            Tool::Monokle => {
                "node bench/monokle-run.mjs DIR (@monokle/validation as its CLI runs it for --output sarif: references resolved, offline plugins, SARIF printed)"
            }
        }
    }
}

/// How many runs in a row one measurement of `tool` on the `n`× copy
/// takes: ours are fast, and the clock of `/usr/bin/time` ticks in
/// hundredths of a second, so each measurement of ours lasts about half a
/// second or more (a tick is then 2% of it; the floor's 15 ms at 10× in 4
/// runs was a tick in six). The peers take seconds on any size.
fn repeats(tool: Tool, n: usize) -> usize {
    match (tool, n) {
        (Tool::Checkov | Tool::Monokle, _) => 1,
        (_, 1) => 100,
        (_, 10) => 10,
        _ => 2,
    }
}

/// One measured run: wall seconds, CPU seconds (user and system: `cpu`
/// is their sum), peak RSS in KB.
#[derive(Clone, Copy)]
struct Run {
    wall: f64,
    cpu: f64,
    user: f64,
    sys: f64,
    rss_kb: u64,
}

/// Reads every file of `dir` (not measured), so that each measured run
/// finds the same warm caches. Between rounds the shared machine evicts
/// some of the 100× copy's 25,000 files (the peers' runs come in between),
/// and the first tool measured after that read them from disk: kubeshape's
/// 100× runs showed 0.1–0.2 s more wall than CPU time, the floor's, right
/// after it, none.
fn warm(dir: &Path) -> Result<(), String> {
    for entry in std::fs::read_dir(dir).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// Runs `tool` on `dir` `repeat` times in a row under one `/usr/bin/time`
/// (whose clock ticks in hundredths of a second, too coarse for one
/// 10-millisecond run) and returns the time of one run. Measured runs write
/// to `/dev/null`: a report of 155 MB (kubeshape's JSON for the 100× copy)
/// piped into this process cost the tool time it would not spend writing
/// to a file. The warm-up (`check_output`) reads what the tool prints.
fn measure(tool: Tool, dir: &Path, repeat: usize, check_output: bool) -> Result<Run, String> {
    let inner = tool.command(dir);
    let mut cmd = Command::new("/usr/bin/time");
    cmd.arg("-v");
    if !check_output {
        cmd.args([
            "sh",
            "-c",
            &format!("for i in $(seq {repeat}); do \"$@\" >/dev/null; done; echo done"),
            "sh",
        ]);
    }
    cmd.arg(inner.get_program()).args(inner.get_args());
    for (k, v) in inner.get_envs() {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    let out = cmd.output().map_err(|e| format!("{}: {e}", tool.name()))?;
    let report = String::from_utf8_lossy(&out.stderr);
    let field = |name: &str| {
        report
            .lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix(name)
                    .map(str::trim)
                    .map(str::to_owned)
            })
            .ok_or_else(|| {
                format!(
                    "{}: no `{name}` in /usr/bin/time output:\n{report}",
                    tool.name()
                )
            })
    };
    let wall_text = field("Elapsed (wall clock) time (h:mm:ss or m:ss):")?;
    let wall = wall_text
        .split(':')
        .try_fold(0.0, |acc, part| part.parse::<f64>().map(|v| acc * 60.0 + v))
        .map_err(|e| format!("{wall_text}: {e}"))?;
    let number = |name: &str| -> Result<f64, String> {
        field(name)?
            .parse::<f64>()
            .map_err(|e| format!("{name}: {e}"))
    };
    let user = number("User time (seconds):")? / repeat as f64;
    let sys = number("System time (seconds):")? / repeat as f64;
    let rss_kb = number("Maximum resident set size (kbytes):")? as u64;
    let (wall, cpu) = (wall / repeat as f64, user + sys);
    // kubeshape and Checkov exit non-zero when they find problems; a crash
    // or a missing tool shows as no output at all.
    if out.stdout.is_empty() {
        return Err(format!("{} printed nothing:\n{report}", tool.name()));
    }
    // A tool that read no manifest is not measuring anything.
    if check_output && String::from_utf8_lossy(&out.stdout).contains("\"resource_count\": 0") {
        return Err(format!(
            "{} found no resources in {}",
            tool.name(),
            dir.display()
        ));
    }
    Ok(Run {
        wall,
        cpu,
        user,
        sys,
        rss_kb,
    })
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

struct Cell {
    tool: Tool,
    copies: usize,
    bytes: u64,
    wall: f64,
    cpu: f64,
    /// Medians of the user and the system part of the CPU time (each on
    /// its own: they need not add up to `cpu`'s median).
    user: f64,
    sys: f64,
    rss_mb: f64,
    /// Each round's wall time, in the order of the rounds.
    walls: Vec<f64>,
}

fn output(cmd: &mut Command) -> Result<String, String> {
    let out = cmd.output().map_err(|e| e.to_string())?;
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|l| l.trim_start_matches([' ', '\t', ':']).to_owned())
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|l| l.trim().trim_end_matches(" kB").parse::<f64>().ok())
        .map_or_else(String::new, |kb| {
            format!(", {:.0} GB RAM", kb / 1024.0 / 1024.0)
        });
    format!("{cores} cores ({model}){mem}")
}

/// The versions of what ran: kubeshape and rustc, and the peers when
/// `peers` (a smoke run has none).
fn versions(peers: bool) -> String {
    let rustc = output(Command::new("rustc").arg("--version")).unwrap_or_default();
    // The measured binary's own word (this crate's version is not its).
    let kubeshape = output(Command::new(binaries().0).arg("--version"))
        .unwrap_or_else(|_| "kubeshape (version unknown)".to_owned());
    if !peers {
        return format!("{kubeshape} ({rustc})");
    }
    let node = output(Command::new("node").arg("--version")).unwrap_or_default();
    let python = output(Command::new(bench_dir().join("checkov-venv/bin/python")).arg("--version"))
        .unwrap_or_default();
    format!(
        "{kubeshape} ({rustc}), Checkov {CHECKOV} ({python}), @monokle/validation {MONOKLE} (Node {node})"
    )
}

/// Criterion's median for one bench, in milliseconds.
fn criterion_median(group: &str, bench: &str, n: usize) -> Option<f64> {
    let path = target_dir()
        .join("criterion")
        .join(group)
        .join(bench)
        .join(n.to_string())
        .join("new/estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    value["median"]["point_estimate"]
        .as_f64()
        .map(|ns| ns / 1e6)
}

pub fn run(args: &[String]) -> Result<(), String> {
    // `--smoke` (what `cargo xtask test` runs): ours only, on the 1× copy
    // of the corpus kept in this repository, one round, no criterion or
    // callgrind — it checks that every step of the harness still runs and
    // that RESULTS.md still fills in, not how fast anything is.
    let mode = [Mode::Smoke, Mode::Quick]
        .into_iter()
        .find(|m| args.iter().any(|a| a == m.flag()))
        .unwrap_or(Mode::Full);
    // What `--quick` leaves out, `--smoke` leaves out too.
    let (quick, smoke) = (mode != Mode::Full, mode == Mode::Smoke);
    let source = if smoke {
        root().join(VENDORED_CORPUS)
    } else {
        corpus_source()?
    };
    // Profile-guided builds, unless `--quick` or they cannot be made here
    // (no `llvm-profdata` for rustc's LLVM): then plain release builds,
    // and RESULTS.md says so.
    let guided = if quick {
        None
    } else {
        crate::pgo::cli()
            .map_err(|e| {
                println!("profile-guided builds unavailable ({e}): timing plain release builds")
            })
            .ok()
    };
    if let Some(built) = guided {
        let _ = BINARIES.set((built.cli, built.floor, true));
    } else {
        let mut build = cargo();
        build.args(["build", "--release", "--package", "kubeshape"]);
        stage("build kubeshape (release)", build)?;
        let mut floor = cargo();
        floor.args([
            "build",
            "--release",
            "--package",
            "kubeshape",
            "--example",
            "parse-floor",
        ]);
        stage("build parse-floor (release)", floor)?;
    }
    crate::setup::gnu_time()?;
    if !smoke {
        install_peers()?;
    }

    let (runs, ours, peers): (usize, &[usize], &[usize]) = match mode {
        Mode::Smoke => (1, &[1], &[]),
        Mode::Quick => (3, &[1, 10], &[1]),
        Mode::Full => (5, &[1, 10, 100], &[1, 10]),
    };
    let mut corpora = Vec::new();
    for &n in ours {
        let (dir, bytes) = corpus(&source, n)?;
        corpora.push((n, dir, bytes));
    }
    // The peers take seconds per megabyte: they skip the 100× copy.
    let sizes = |tool: Tool| {
        if matches!(tool, Tool::Checkov | Tool::Monokle) {
            peers
        } else {
            ours
        }
    };
    // One warm-up run of each: fills the page cache, and checks that every
    // tool runs and prints something (repeated runs go to /dev/null).
    for &(n, ref dir, _) in &corpora {
        for tool in TOOLS {
            if sizes(tool).contains(&n) {
                measure(tool, dir, 1, true)?;
            }
        }
    }
    let mut samples: Vec<(Tool, usize, Vec<Run>)> = Vec::new();
    for round in 1..=runs {
        println!("==> round {round}/{runs}");
        for &(n, ref dir, _) in &corpora {
            // A B A B: every round runs each tool on each size once, so a
            // slow moment of the shared machine hits every tool alike.
            for tool in TOOLS {
                if !sizes(tool).contains(&n) {
                    continue;
                }
                warm(dir)?;
                let r = measure(tool, dir, repeats(tool, n), false)?;
                println!(
                    "    {} x{n}: {:.3} s wall, {:.3} s CPU, {} MB",
                    tool.name(),
                    r.wall,
                    r.cpu,
                    r.rss_kb / 1024
                );
                match samples.iter_mut().find(|(t, m, _)| *t == tool && *m == n) {
                    Some((_, _, v)) => v.push(r),
                    None => samples.push((tool, n, vec![r])),
                }
            }
        }
    }
    let cells: Vec<Cell> = samples
        .iter()
        .map(|(tool, n, v)| Cell {
            tool: *tool,
            copies: *n,
            bytes: corpora.iter().find(|c| c.0 == *n).map_or(0, |c| c.2),
            wall: median(v.iter().map(|r| r.wall).collect()),
            cpu: median(v.iter().map(|r| r.cpu).collect()),
            user: median(v.iter().map(|r| r.user).collect()),
            sys: median(v.iter().map(|r| r.sys).collect()),
            rss_mb: median(v.iter().map(|r| r.rss_kb as f64 / 1024.0).collect()),
            walls: v.iter().map(|r| r.wall).collect(),
        })
        .collect();

    // (`--quick` counts the 1× copy only: it must stay under two minutes.)
    let counted = if quick {
        corpora.get(..1).unwrap_or(&[])
    } else {
        &corpora[..]
    };
    let instructions = if smoke {
        Err("a smoke run counts none".to_owned())
    } else {
        instruction_counts(counted)
    };

    if !smoke {
        let mut criterion = cargo();
        criterion.args(["bench", "--package", "kubeshape-core", "--bench", "core"]);
        if quick {
            criterion.env("KUBESHAPE_BENCH_QUICK", "1");
        }
        stage("criterion: parse, index, lint, report", criterion)?;
    }

    let (wasm, policy) = if quick {
        (None, None)
    } else {
        (Some(wasm_timings()?), Some(policy_timings()?))
    };

    let mut text = results_markdown(
        &cells,
        ours,
        runs,
        mode,
        &instructions,
        wasm.as_deref(),
        policy.as_deref(),
    );
    text.push_str(&crate::helm::bench(if smoke { 1 } else { 20 })?);
    if smoke {
        // Every step of ours ran and was measured.
        if let Some(step) = STEPS
            .into_iter()
            .find(|&step| find(&cells, step, 1).is_none_or(|c| c.wall <= 0.0))
        {
            return Err(format!(
                "the smoke run has no time for {}:\n{text}",
                step.name()
            ));
        }
    }
    let (md, svg) = mode.files();
    let (md, svg) = if mode == Mode::Full {
        (
            root().join("bench").join(md),
            root().join("bench").join(svg),
        )
    } else {
        (bench_dir().join(md), bench_dir().join(svg))
    };
    // (On a fresh machine the target directory has no `bench/` yet: a
    // smoke run on one failed here.)
    let write = |path: &Path, text: &str| {
        path.parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(path, text))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    write(&md, &text)?;
    write(&svg, &chart(&cells))?;
    println!("wrote {} and {}", md.display(), svg.display());
    Ok(())
}

/// Instructions kubeshape and the floor execute on each input, counted by
/// callgrind: the one figure of the bench the shared machine's moment does
/// not move. `Err` says why there are none (no valgrind here).
fn instruction_counts(
    corpora: &[(usize, PathBuf, u64)],
) -> Result<Vec<(Tool, usize, u64)>, String> {
    let have = Command::new("valgrind")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        return Err(
            "valgrind is not installed here, so no instruction counts were taken".to_owned(),
        );
    }
    let mut counts = Vec::new();
    for &(n, ref dir, _) in corpora {
        for tool in [Tool::Kubeshape, Tool::Floor, Tool::Trees, Tool::NoRules] {
            let inner = tool.command(dir);
            let out = Command::new("valgrind")
                .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
                .arg(inner.get_program())
                .args(inner.get_args())
                .stdout(std::process::Stdio::null())
                .output()
                .map_err(|e| format!("valgrind: {e}"))?;
            let log = String::from_utf8_lossy(&out.stderr);
            // `==123== Collected : 342172159`
            let count = log
                .lines()
                .find_map(|l| l.split("Collected :").nth(1))
                .and_then(|c| c.trim().parse::<u64>().ok())
                .ok_or_else(|| {
                    format!(
                        "callgrind printed no count for {} x{n}:\n{log}",
                        tool.name()
                    )
                })?;
            println!("    {} x{n}: {count} instructions", tool.name());
            counts.push((tool, n, count));
        }
    }
    Ok(counts)
}

fn wasm_timings() -> Result<String, String> {
    let playground = crate::web::playground()?;
    let package = crate::web::npm_package()?;
    crate::setup::chromium()?;
    let port = crate::serve::start(crate::mounts(&playground, &package), 0)?;
    let out = Command::new("node")
        .current_dir(root())
        .env("KUBESHAPE_URL", format!("http://127.0.0.1:{port}"))
        .env("KUBESHAPE_NPM_PACKAGE", &package)
        .arg("bench/wasm-lint.mjs")
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "wasm-lint.mjs failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// The variable naming another Kubewarden policy module to time beside
/// ours (Kubewarden's `pod-privileged`, built from its sources).
const PEER_POLICY: &str = "KUBESHAPE_BENCH_PEER_POLICY";

/// `policy-bench` on our module and, alternating with it, on the module
/// `$KUBESHAPE_BENCH_PEER_POLICY` names, if any: their tables, and what
/// RESULTS.md says of the peer.
fn policy_timings() -> Result<String, String> {
    let (module, bench) = kubewarden::bench_parts()?;
    let peer = std::env::var_os(PEER_POLICY).map(PathBuf::from);
    let out = Command::new(&bench)
        .arg(&module)
        .args(&peer)
        .arg("10000")
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).to_string());
    }
    let tables = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let Some(peer) = peer else {
        return Ok(format!(
            "{tables}\n\nKubewarden's own Rust policy `pod-privileged` is published on GitHub and as an OCI artifact, not on crates.io, and this machine reaches neither, so it is not timed next to ours here. To time it (or any policy module) in the same host on the same requests, set `{PEER_POLICY}` to the module: for `pod-privileged`, built from its sources as Kubewarden's release action builds it (`cargo build --target=wasm32-wasip1 --release`; its dependencies come from crates.io)."
        ));
    };
    Ok(format!(
        "The second module is the one `{PEER_POLICY}` names ({}), timed in the same host on the same requests, its calls alternating with ours. Where that is Kubewarden's own Rust policy `pod-privileged`, built from its sources: it makes one check (no container may run privileged) where kubeshape's module runs every rule; it logs each request through the SDK's log drain, which the host reads and drops where policy-server would pass it on; and it is registered for pods and the workloads that hold them, so the ConfigMap request, which policy-server would never send it, gets its parse error.\n\n{tables}",
        peer.file_name().map_or_else(|| peer.display().to_string(), |n| n.to_string_lossy().into_owned())
    ))
}

/// The steps from the floor to kubeshape, each adding one part of its
/// work, and what the floor target leaves the rules: the figures a
/// decision about that target needs.
const STEPS: [Tool; 4] = [Tool::Floor, Tool::Trees, Tool::NoRules, Tool::Kubeshape];

/// RESULTS.md's "where the time goes": [`STEPS`] by input size, in wall
/// time and (when counted) instructions, each as a multiple of the floor.
fn ladder(
    s: &mut String,
    cells: &[Cell],
    ours: &[usize],
    instructions: Option<&[(Tool, usize, u64)]>,
    criterion: bool,
) {
    let _ = writeln!(s, "\n## Where kubeshape's time goes\n");
    let _ = writeln!(
        s,
        "Each step adds one part of kubeshape's work to the one before it: building and keeping the trees, then everything but the rules (objects, index, a report of the objects), then the rules with their findings, fixes and report. Wall time (from the table above) and its multiple of the floor's:\n"
    );
    // One table: a row per step, a column per size, each figure with its
    // multiple of the floor's.
    let table =
        |s: &mut String, figure: &dyn Fn(Tool, usize) -> Option<f64>, show: fn(f64) -> String| {
            let header: Vec<String> = ours.iter().map(|n| format!("{n}×")).collect();
            let _ = writeln!(s, "| step | {} |", header.join(" | "));
            let _ = writeln!(s, "|---|{}", "---|".repeat(ours.len()));
            for step in STEPS {
                let row: Vec<String> = ours
                    .iter()
                    .map(|&n| match (figure(step, n), figure(Tool::Floor, n)) {
                        (Some(v), Some(f)) if f > 0.0 => format!("{} ({:.2}×)", show(v), v / f),
                        _ => "–".to_owned(),
                    })
                    .collect();
                let _ = writeln!(s, "| {} | {} |", step.name(), row.join(" | "));
            }
        };
    table(s, &|tool, n| find(cells, tool, n).map(|c| c.wall), |v| {
        format!("{:.1} ms", v * 1e3)
    });
    let _ = writeln!(
        s,
        "\nCPU time in two parts, the same way: user time (the program's own work: reading, building, the rules, the report) and system time (the kernel's: opening and reading the files, and the page faults of the memory a run touches for the first time; the floor's time is mostly this):\n"
    );
    table(s, &|tool, n| find(cells, tool, n).map(|c| c.user), |v| {
        format!("user {:.1} ms", v * 1e3)
    });
    let _ = writeln!(s);
    table(s, &|tool, n| find(cells, tool, n).map(|c| c.sys), |v| {
        format!("system {:.1} ms", v * 1e3)
    });
    if let Some(counts) = instructions {
        let _ = writeln!(s, "\nInstructions (callgrind, below), the same way:\n");
        table(
            s,
            &|tool, n| count(counts, tool, n).map(|c| c as f64),
            |v| format!("{:.1} M", v / 1e6),
        );
    }
    // The rules' share against what the target leaves them.
    let _ = writeln!(s);
    for &n in ours {
        let (Some(k), Some(none), Some(f)) = (
            find(cells, Tool::Kubeshape, n),
            find(cells, Tool::NoRules, n),
            find(cells, Tool::Floor, n),
        ) else {
            continue;
        };
        let (take, left) = ((k.wall - none.wall) * 1e3, (2.0 * f.wall - none.wall) * 1e3);
        let verdict = if left <= 0.0 {
            "the target leaves them no time at all".to_owned()
        } else if take <= left {
            format!("the target leaves them {left:.1} ms: within it")
        } else {
            format!(
                "the target leaves them {left:.1} ms (twice the floor less the run with every rule off): {:.1}× less than they take",
                take / left
            )
        };
        // What formatting the report alone takes (criterion's
        // `report-stream`, run before this is written).
        let report = criterion_median(&format!("corpus-x{n}"), "report-stream", n)
            .filter(|_| criterion)
            .map_or_else(String::new, |ms| {
                // The run with every rule off plus the formatting of this
                // report: what the target has to fit before any rule runs.
                let least = none.wall * 1e3 + ms;
                format!(
                    " Formatting the report alone, as the CLI formats it, from findings in memory takes {ms:.1} ms (criterion's `report-stream`, below; the CLI writes each batch of findings right after making it, while it is in the cache, which this does not). The run with every rule off and that formatting come to {least:.1} ms, {:.2}× the floor, before any rule has run.",
                    least / (f.wall * 1e3)
                )
            });
        let _ = writeln!(
            s,
            "- {n}×: the rules, their findings and their report (kubeshape less the run with every rule off) take {take:.1} ms; {verdict}.{report}"
        );
    }
}

/// Seconds as the tables show them: milliseconds to a tenth below a
/// second (ours at 1× take a few), seconds to a hundredth above.
fn duration(seconds: f64) -> String {
    if seconds < 1.0 {
        format!("{:.1} ms", seconds * 1e3)
    } else {
        format!("{seconds:.2} s")
    }
}

/// Callgrind's count for `tool` on the `n`× copy.
fn count(counts: &[(Tool, usize, u64)], tool: Tool, n: usize) -> Option<u64> {
    counts
        .iter()
        .find(|(t, m, _)| *t == tool && *m == n)
        .map(|c| c.2)
}

fn find(cells: &[Cell], tool: Tool, n: usize) -> Option<&Cell> {
    cells.iter().find(|c| c.tool == tool && c.copies == n)
}

fn results_markdown(
    cells: &[Cell],
    ours: &[usize],
    runs: usize,
    mode: Mode,
    instructions: &Result<Vec<(Tool, usize, u64)>, String>,
    wasm: Option<&str>,
    policy: Option<&str>,
) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Benchmark results\n");
    let _ = writeln!(
        s,
        "Generated by `cargo xtask bench{}{}`; do not edit by hand.\n",
        if mode == Mode::Full { "" } else { " " },
        mode.flag()
    );
    let _ = writeln!(s, "- Machine: {}", machine());
    let _ = writeln!(s, "- Versions: {}", versions(mode != Mode::Smoke));
    let _ = writeln!(
        s,
        "- Input: `{}` (real-world manifests){}",
        match std::env::var("KUBESHAPE_BENCH_CORPUS") {
            Ok(dir) if mode != Mode::Smoke => dir,
            _ => VENDORED_CORPUS.to_owned(),
        },
        if ours.len() > 1 {
            " and N× copies of it side by side in one folder"
        } else {
            ""
        }
    );
    // (A smoke run is one round at one size: its line says so, rather
    // than "median of the 1 runs" and sizes it never ran.)
    let rounds = if runs == 1 {
        "each tool run once (one round)".to_owned()
    } else {
        format!("tools alternating A B A B in each of {runs} rounds; median of the {runs} runs")
    };
    let in_a_row: Vec<String> = ours
        .iter()
        .map(|&n| format!("{} times at {n}×", repeats(Tool::Kubeshape, n)))
        .collect();
    let _ = writeln!(
        s,
        "- Method: whole processes under `/usr/bin/time -v`, {rounds}. kubeshape (with its rules and with none), the floor and the parse with trees run {} in a row per measurement (the clock of `/usr/bin/time` ticks in hundredths of a second); the figures are per run; measured runs write their reports to `/dev/null` (a warm-up run of each reads them); before each measurement every input file is read once, unmeasured, so that each tool finds the same warm file cache",
        in_a_row.join(", "),
    );
    let _ = writeln!(
        s,
        "- Builds: {}\n",
        if binaries().2 {
            "kubeshape and the floor (whose `--trees` is the parse with trees) as `cargo xtask cli` builds them, with profile-guided optimisation (each trained on the rule fixtures, the fixes' inputs and the seed examples: not on the benchmark corpus)"
        } else {
            "kubeshape and the floor as plain release builds (`cargo build --release`)"
        }
    );
    let _ = writeln!(s, "## Whole process\n");
    let _ = writeln!(
        s,
        "| tool | input | wall | CPU | peak RSS | CPU vs kubeshape | wall, fastest to slowest round |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|---|---|");
    for tool in TOOLS {
        for c in cells.iter().filter(|c| c.tool == tool) {
            let ratio = find(cells, Tool::Kubeshape, c.copies)
                .filter(|k| k.cpu > 0.0)
                .map_or_else(|| "–".to_owned(), |k| format!("{:.1}×", c.cpu / k.cpu));
            let fastest = c.walls.iter().copied().fold(f64::INFINITY, f64::min);
            let slowest = c.walls.iter().copied().fold(0.0, f64::max);
            let _ = writeln!(
                s,
                "| {} | {}× ({:.1} MB) | {} | {} | {:.0} MB | {ratio} | {} – {} |",
                tool.name(),
                c.copies,
                c.bytes as f64 / 1e6,
                duration(c.wall),
                duration(c.cpu),
                c.rss_mb,
                duration(fastest),
                duration(slowest)
            );
        }
    }
    let _ = writeln!(s, "\nCommands:\n");
    // (Those that ran: a smoke run has no peers.)
    for tool in TOOLS
        .into_iter()
        .filter(|&t| cells.iter().any(|c| c.tool == t))
    {
        let _ = writeln!(s, "- {}: `{}`", tool.name(), tool.shown());
    }
    let _ = writeln!(
        s,
        "\n![time against input size, log–log]({})\n",
        mode.files().1
    );
    let _ = writeln!(s, "## Targets\n");
    let big = if mode == Mode::Full { 10 } else { 1 };
    let target_line = |peer: Tool, want: f64| -> String {
        match (find(cells, peer, big), find(cells, Tool::Kubeshape, big)) {
            (Some(p), Some(k)) if k.cpu > 0.0 => {
                let ratio = p.cpu / k.cpu;
                format!(
                    "- CPU vs {} on the {big}× corpus: {ratio:.0}× less (target ≥ {want:.0}×): {}",
                    peer.name(),
                    if ratio >= want { "met" } else { "**not met**" }
                )
            }
            _ => format!("- CPU vs {}: not measured", peer.name()),
        }
    };
    let _ = writeln!(s, "{}", target_line(Tool::Checkov, 300.0));
    let _ = writeln!(s, "{}", target_line(Tool::Monokle, 100.0));
    let last_two = ours.len().checked_sub(2).and_then(|i| ours.get(i..));
    if let Some((Some(a), Some(b))) = last_two.map(|two| {
        (
            find(cells, Tool::Kubeshape, two[0]),
            find(cells, Tool::Kubeshape, two[1]),
        )
    }) {
        let growth = b.wall / a.wall;
        let input = b.bytes as f64 / a.bytes as f64;
        let _ = writeln!(
            s,
            "- Growth: {input:.0}× input ({}× → {}×) took {growth:.1}× the wall time (target ≤ 11×): {}",
            a.copies,
            b.copies,
            if growth <= 11.0 { "met" } else { "**not met**" }
        );
    }
    for &n in ours {
        if let (Some(k), Some(f)) = (find(cells, Tool::Kubeshape, n), find(cells, Tool::Floor, n)) {
            let x = k.wall / f.wall;
            // Each round's kubeshape against the same round's floor: the
            // two ran a minute apart at most, so a slow moment of the
            // machine weighs on both (the medians above may come from
            // different rounds).
            let paired: Vec<f64> = k
                .walls
                .iter()
                .zip(&f.walls)
                .filter(|(_, f)| **f > 0.0)
                .map(|(k, f)| k / f)
                .collect();
            let rounds = if paired.len() > 1 {
                let each: Vec<String> = paired.iter().map(|r| format!("{r:.2}×")).collect();
                format!(
                    " (round by round, against the same round's floor: {}; median {:.2}×)",
                    each.join(", "),
                    median(paired)
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                s,
                "- kubeshape vs the parse-only floor at {n}×: {x:.2}× the floor's wall time (target ≤ 2×): {}{rounds}",
                if x <= 2.0 { "met" } else { "**not met**" }
            );
        }
    }
    // Not a target: what the same ratio is against kubeshape's own parse
    // stage, for whoever sets the target.
    let against_trees: Vec<String> = ours
        .iter()
        .filter_map(|&n| {
            let (k, t) = (
                find(cells, Tool::Kubeshape, n)?,
                find(cells, Tool::Trees, n)?,
            );
            Some(format!("{:.2}× at {n}×", k.wall / t.wall))
        })
        .collect();
    if !against_trees.is_empty() {
        let _ = writeln!(
            s,
            "- For information, not a target: kubeshape's wall time against its parse stage alone (`{}`): {}",
            Tool::Trees.name(),
            against_trees.join(", ")
        );
    }
    ladder(
        &mut s,
        cells,
        ours,
        instructions.as_deref().ok(),
        mode != Mode::Smoke,
    );
    let _ = writeln!(s, "\n## Instructions (callgrind)\n");
    match instructions {
        Ok(counts) => {
            let _ = writeln!(
                s,
                "`valgrind --tool=callgrind` on the same commands, one run each: unlike the times above, these do not move with the machine's moment (system time is not in them).\n"
            );
            let _ = writeln!(
                s,
                "| input | kubeshape | parse-only floor | kubeshape vs floor | parse with trees | kubeshape vs parse with trees |"
            );
            let _ = writeln!(s, "|---|---|---|---|---|---|");
            let of = |tool: Tool, n: usize| count(counts, tool, n);
            for &n in ours {
                if let (Some(k), Some(f), Some(t)) = (
                    of(Tool::Kubeshape, n),
                    of(Tool::Floor, n),
                    of(Tool::Trees, n),
                ) {
                    let _ = writeln!(
                        s,
                        "| {n}× | {:.1} M | {:.1} M | {:.2}× | {:.1} M | {:.2}× |",
                        k as f64 / 1e6,
                        f as f64 / 1e6,
                        k as f64 / f.max(1) as f64,
                        t as f64 / 1e6,
                        k as f64 / t.max(1) as f64
                    );
                }
            }
            if let (Some(a), Some(b)) = (of(Tool::Kubeshape, 10), of(Tool::Kubeshape, 100)) {
                let _ = writeln!(
                    s,
                    "\nGrowth in instructions, 10× → 100× input: {:.2}×.",
                    b as f64 / a.max(1) as f64
                );
            }
        }
        Err(why) => {
            let _ = writeln!(s, "Not measured: {why}.");
        }
    }
    if mode == Mode::Smoke {
        // (No criterion run: what its folder holds is from another.)
        return s;
    }
    let _ = writeln!(s, "\n## Inside the process (criterion)\n");
    let _ = writeln!(
        s,
        "`cargo bench -p kubeshape-core --bench core`, median per stage:\n"
    );
    let _ = writeln!(
        s,
        "| input | parse | objects + index | lint (all of it) | JSON report | JSON report as the CLI writes it |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|---|");
    for &n in ours {
        let group = format!("corpus-x{n}");
        let cell = |bench: &str| {
            criterion_median(&group, bench, n)
                .map_or_else(|| "–".to_owned(), |ms| format!("{ms:.2} ms"))
        };
        let _ = writeln!(
            s,
            "| {n}× | {} | {} | {} | {} | {} |",
            cell("parse"),
            cell("objects+index"),
            cell("lint"),
            cell("report-json"),
            cell("report-stream")
        );
    }
    if let Some(wasm) = wasm {
        let _ = writeln!(s, "\n## WebAssembly\n");
        let _ = writeln!(
            s,
            "`node bench/wasm-lint.mjs` (what `cargo xtask wasm-bench` runs):\n"
        );
        let _ = writeln!(s, "```text\n{wasm}\n```");
    }
    if let Some(policy) = policy {
        let _ = writeln!(s, "\n## Kubewarden\n");
        let _ = writeln!(
            s,
            "`policy-bench` (what `cargo xtask kubewarden-bench` runs): the optimised module in the wapc + wasmtime host.\n"
        );
        let _ = writeln!(s, "{policy}");
    }
    s
}

/// Time against input size, log–log, one line per tool.
fn chart(cells: &[Cell]) -> String {
    let (w, h, left, right, top, bottom) = (640.0, 400.0, 70.0, 170.0, 20.0, 50.0);
    let xs: Vec<f64> = cells.iter().map(|c| c.bytes as f64).collect();
    let ys: Vec<f64> = cells.iter().map(|c| c.wall).collect();
    let decade = |v: f64, up: bool| {
        let l = v.log10();
        10f64.powf(if up { l.ceil() } else { l.floor() })
    };
    let (x0, x1) = (
        decade(xs.iter().copied().fold(f64::MAX, f64::min), false),
        decade(xs.iter().copied().fold(0.0, f64::max), true),
    );
    let (y0, y1) = (
        decade(ys.iter().copied().fold(f64::MAX, f64::min), false),
        decade(ys.iter().copied().fold(0.0, f64::max), true),
    );
    let px =
        |x: f64| left + (x.log10() - x0.log10()) / (x1.log10() - x0.log10()) * (w - left - right);
    let py = |y: f64| {
        h - bottom - (y.log10() - y0.log10()) / (y1.log10() - y0.log10()) * (h - top - bottom)
    };
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="12">
<rect width="{w}" height="{h}" fill="white"/>
"#
    );
    let mut x = x0;
    while x <= x1 * 1.0001 {
        let p = px(x);
        let label = if x >= 1e6 {
            format!("{:.0} MB", x / 1e6)
        } else {
            format!("{:.0} KB", x / 1e3)
        };
        let _ = writeln!(
            s,
            r##"<line x1="{p:.1}" y1="{top}" x2="{p:.1}" y2="{:.1}" stroke="#ddd"/><text x="{p:.1}" y="{:.1}" text-anchor="middle">{label}</text>"##,
            h - bottom,
            h - bottom + 16.0
        );
        x *= 10.0;
    }
    let mut y = y0;
    while y <= y1 * 1.0001 {
        let p = py(y);
        let label = if y >= 1.0 {
            format!("{y:.0} s")
        } else {
            format!("{:.0} ms", y * 1000.0)
        };
        let _ = writeln!(
            s,
            r##"<line x1="{left}" y1="{p:.1}" x2="{:.1}" y2="{p:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" text-anchor="end">{label}</text>"##,
            w - right,
            left - 6.0,
            p + 4.0
        );
        y *= 10.0;
    }
    let _ = writeln!(
        s,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">input size (log)</text>"#,
        left + (w - left - right) / 2.0,
        h - 10.0
    );
    let _ = writeln!(
        s,
        r#"<text x="16" y="{:.1}" transform="rotate(-90 16 {:.1})" text-anchor="middle">wall time (log)</text>"#,
        top + (h - top - bottom) / 2.0,
        top + (h - top - bottom) / 2.0
    );
    let colours = [
        (Tool::Kubeshape, "#1f6feb"),
        (Tool::Floor, "#8b949e"),
        (Tool::Trees, "#3fb950"),
        (Tool::Checkov, "#d29922"),
        (Tool::Monokle, "#a371f7"),
    ];
    for (i, (tool, colour)) in colours.iter().enumerate() {
        let mut points: Vec<(f64, f64)> = cells
            .iter()
            .filter(|c| c.tool == *tool)
            .map(|c| (px(c.bytes as f64), py(c.wall)))
            .collect();
        points.sort_by(|a, b| a.0.total_cmp(&b.0));
        if points.is_empty() {
            continue;
        }
        let path: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect();
        let _ = writeln!(
            s,
            r#"<polyline fill="none" stroke="{colour}" stroke-width="2" points="{}"/>"#,
            path.join(" ")
        );
        for (x, y) in &points {
            let _ = writeln!(
                s,
                r#"<circle cx="{x:.1}" cy="{y:.1}" r="4" fill="{colour}"/>"#
            );
        }
        let ly = top + 20.0 + i as f64 * 20.0;
        let lx = w - right + 16.0;
        let _ = writeln!(
            s,
            r#"<line x1="{lx}" y1="{ly}" x2="{:.1}" y2="{ly}" stroke="{colour}" stroke-width="3"/><text x="{:.1}" y="{:.1}">{}</text>"#,
            lx + 20.0,
            lx + 26.0,
            ly + 4.0,
            tool.name()
        );
    }
    s.push_str("</svg>\n");
    s
}
