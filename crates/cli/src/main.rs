//! `kubeshape`: check Kubernetes manifests from files, folders or stdin.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use kubeshape_cli::kustomize;
use kubeshape_cli::repo::{read_inputs, ReadOptions, Source};
use kubeshape_core::report::human::{self, HumanOptions};
use kubeshape_core::report::sarif::SarifStream;
use kubeshape_core::report::{Counts, JsonStream, ReportStream};
use kubeshape_core::{
    lint_each, lint_with, rules, Input, Lang, Options, Preset, Settings, Severity,
};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
mod fix;

#[derive(Parser)]
#[command(
    name = "kubeshape",
    version,
    about = "Finds Kubernetes deployment pitfalls, with the line, the column, the why and the fix."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check manifests: files, folders (recursively, *.yaml *.yml *.json), or `-` for stdin.
    Check(CheckArgs),
    /// Apply the rules' fixes that need no decision (`--review`: the others
    /// too): a unified diff by default, `--write` edits the files in place,
    /// stdin is written corrected to stdout.
    Fix(FixArgs),
    /// List every rule.
    Rules {
        #[arg(long, value_enum, default_value = "human")]
        format: ListFormat,
        #[arg(long, default_value = "en", value_parser = parse_lang)]
        lang: Lang,
    },
    /// Explain one rule: what it finds, why it matters, how to fix it.
    Explain {
        id: String,
        #[arg(long, default_value = "en", value_parser = parse_lang)]
        lang: Lang,
    },
    /// Run the language server (Language Server Protocol over stdin and
    /// stdout) for editors: diagnostics, quick fixes, hovers.
    Lsp {
        /// Accepted for editors that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files or folders to check; `-` (or nothing) reads stdin.
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    lang: Lang,
    #[command(flatten)]
    settings: SettingsArgs,
    /// Exit with 1 when a finding is at or above this severity.
    #[arg(long, value_parser = parse_severity)]
    fail_on: Option<Severity>,
    #[arg(long, value_enum, default_value = "auto")]
    color: Color,
    /// Judge every file found in a folder as a manifest, as a file named
    /// on the command line is (by default a file none of whose documents
    /// is a Kubernetes object, such as a Helm `values.yaml` or a
    /// `docker-compose.yaml`, is skipped and counted).
    #[arg(long)]
    include_non_manifests: bool,
    /// Judge each file named on the command line as if it were found in a
    /// folder: skip it when it is not a Kubernetes manifest (a Helm
    /// `values.yaml`, a CI file) or is a chart's template, and read it as
    /// its folder's kustomization says (a patch as a patch). For lists of
    /// files from pre-commit hooks and scripts.
    #[arg(long, conflicts_with = "include_non_manifests")]
    skip_non_manifests: bool,
    /// List every file skipped, and what it is.
    #[arg(long, short)]
    verbose: bool,
    /// Build each Kustomize overlay with `kubectl kustomize` (or
    /// `kustomize build`) and check the objects it gives, each finding shown
    /// in the file where its field is written. Without it, kustomizations
    /// and patches are checked file by file.
    #[arg(long)]
    kustomize: bool,
    #[command(flatten)]
    helm: HelmArgs,
}

/// How charts are rendered: a folder with a `Chart.yaml` (named, or met
/// while walking) is rendered as `helm template` would, by kubeshape
/// itself, and its findings shown on the template lines that wrote them.
#[derive(clap::Args)]
struct HelmArgs {
    /// A values file for the charts (repeatable; later files win), as
    /// `helm template -f`.
    #[arg(long = "values", short = 'f', value_name = "FILE")]
    values: Vec<PathBuf>,
    /// Set a chart value, `K=V` (repeatable), as `helm template --set`.
    #[arg(long = "set", value_name = "K=V")]
    set: Vec<String>,
    /// Set a chart value as a string, `K=V` (repeatable).
    #[arg(long = "set-string", value_name = "K=V")]
    set_string: Vec<String>,
    /// The release name charts are rendered with (`release-name`).
    #[arg(long)]
    release_name: Option<String>,
    /// The namespace charts are rendered into (`default`).
    #[arg(long)]
    namespace: Option<String>,
    /// Check the charts' test hooks (`templates/tests/`) too.
    #[arg(long)]
    include_tests: bool,
    /// Print the rendered charts as `helm template` does (each document
    /// under a `# Source:` line) instead of checking them.
    #[arg(long)]
    show_rendered: bool,
}

#[derive(clap::Args)]
struct FixArgs {
    /// Files or folders to fix; `-` (or nothing) reads stdin and writes the
    /// corrected text to stdout.
    paths: Vec<PathBuf>,
    /// Also apply the fixes to review (templates with `# TODO` values,
    /// changes of behaviour); by default only the fixes that keep the
    /// meaning and need no decision are applied.
    #[arg(long)]
    review: bool,
    /// Only fixes that keep the meaning and need no decision (the default;
    /// kept for scripts written when the fixes to review were applied too).
    #[arg(long, conflicts_with = "review")]
    safe_only: bool,
    /// Only these rules' fixes (comma-separated).
    #[arg(long = "rule", value_delimiter = ',')]
    rules: Vec<String>,
    /// Print a unified diff (the default).
    #[arg(long, conflicts_with = "write")]
    diff: bool,
    /// Edit the files in place (each written to a temporary file, then renamed).
    #[arg(long)]
    write: bool,
    /// The language of the summary.
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    lang: Lang,
    /// Fix only the named files that are Kubernetes manifests (see
    /// `check --skip-non-manifests`).
    #[arg(long)]
    skip_non_manifests: bool,
    #[command(flatten)]
    settings: SettingsArgs,
}

/// What decides which rules run, shared by `check` and `fix`.
#[derive(clap::Args)]
struct SettingsArgs {
    #[arg(long, value_parser = parse_preset)]
    preset: Option<Preset>,
    /// A kubeshape.yaml settings file; flags override it.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Rule ids or categories to turn on (comma-separated).
    #[arg(long, value_delimiter = ',')]
    include: Vec<String>,
    /// Rule ids or categories to turn off (comma-separated).
    #[arg(long, value_delimiter = ',')]
    exclude: Vec<String>,
    /// Target Kubernetes version, e.g. 1.29.
    #[arg(long)]
    kubernetes_version: Option<String>,
    /// A file or folder of CustomResourceDefinitions to check custom
    /// resources against (repeatable; adds to `crds:` in the settings).
    #[arg(long = "crd", value_name = "PATH")]
    crds: Vec<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
    Sarif,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Human,
    Json,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("`{s}` is not a language kubeshape speaks (en, zh)"))
}

fn parse_preset(s: &str) -> Result<Preset, String> {
    Preset::parse(s).ok_or_else(|| format!("`{s}` is not a preset (recommended, strict, go)"))
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    Severity::parse(s).ok_or_else(|| format!("`{s}` is not a severity (error, warning, info)"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check(args),
        Command::Lsp { stdio: _ } => {
            let input = io::BufReader::with_capacity(1 << 16, io::stdin());
            ExitCode::from(kubeshape_cli::lsp::serve(input, io::stdout()))
        }
        Command::Fix(args) => fix::run(args),
        Command::Rules { format, lang } => {
            let text = match format {
                ListFormat::Json => format!("{:#}\n", rules::catalogue_json(lang)),
                ListFormat::Markdown => rules::markdown_table(),
                ListFormat::Human => rules::all()
                    .iter()
                    .map(|r| {
                        let m = r.meta();
                        let default = if m.default_on() { "" } else { " (opt-in)" };
                        format!(
                            "{:<38} {:<8} {:<13} {}{default}\n",
                            m.id,
                            m.severity,
                            m.category.as_str(),
                            m.title(lang)
                        )
                    })
                    .collect(),
            };
            print_out(&text)
        }
        Command::Explain { id, lang } => match rules::find(&id) {
            Some(rule) => print_out(&rules::explain(rule.meta(), lang)),
            None => {
                let ids = rules::all().iter().map(|r| r.meta().id);
                let hint = kubeshape_core::text::closest(&id, ids)
                    .map(|c| format!(" Did you mean `{c}`?"))
                    .unwrap_or_default();
                eprintln!(
                    "error: there is no rule `{id}`.{hint} `kubeshape rules` lists them all."
                );
                ExitCode::from(2)
            }
        },
    }
}

fn print_out(text: &str) -> ExitCode {
    let mut stdout = io::stdout().lock();
    // A closed pipe (`kubeshape rules | head`) is not an error worth reporting.
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
    ExitCode::SUCCESS
}

fn settings_for(args: &SettingsArgs, fail_on: Option<Severity>) -> Result<Settings, String> {
    let mut settings = match &args.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read settings file {}: {e}", path.display()))?;
            let mut settings = Settings::from_yaml(&text)
                .map_err(|e| format!("settings file {}: {e}", path.display()))?;
            // `crds:` paths are the settings file's.
            let dir = path.parent().unwrap_or(std::path::Path::new(""));
            for crd in &mut settings.crds {
                *crd = dir.join(&*crd).to_string_lossy().into_owned();
            }
            settings
        }
        None => Settings::default(),
    };
    settings
        .crds
        .extend(args.crds.iter().map(|p| p.to_string_lossy().into_owned()));
    if let Some(preset) = args.preset {
        settings.preset = preset;
    }
    settings.include.extend(args.include.iter().cloned());
    settings.exclude.extend(args.exclude.iter().cloned());
    if let Some(level) = fail_on {
        settings.fail_on = level;
    }
    if let Some(v) = &args.kubernetes_version {
        settings.kubernetes_version = Some(v.clone());
    }
    settings.validate()?;
    Ok(settings)
}

/// Reads the files of CustomResourceDefinitions the settings name (every
/// YAML file of a folder), each an input read only for them; prints the
/// errors of those that could not be read.
fn read_crds(settings: &Settings) -> (Vec<Source>, bool) {
    if settings.crds.is_empty() {
        return (Vec::new(), false);
    }
    let paths: Vec<PathBuf> = settings.crds.iter().map(PathBuf::from).collect();
    let (mut sources, failed) = read_sources(
        &paths,
        ReadOptions {
            strict: true,
            lenient: false,
        },
    );
    for source in &mut sources {
        source.role = kubeshape_core::diagnostic::Role::Crds;
    }
    (sources, failed)
}

/// Reads every input, printing the errors of those that could not be
/// read: the sources, and whether any could not.
fn read_sources(paths: &[PathBuf], options: ReadOptions) -> (Vec<Source>, bool) {
    let (sources, errors) = read_inputs(paths, options);
    for e in &errors {
        eprintln!("error: {e}");
    }
    (sources, !errors.is_empty())
}

fn check(args: CheckArgs) -> ExitCode {
    let settings = match settings_for(&args.settings, args.fail_on) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    // The process ends once the report is written: its texts, trees and
    // findings are left to the operating system rather than freed one by
    // one (see `Options::free`).
    let read = ReadOptions {
        strict: args.include_non_manifests,
        lenient: args.skip_non_manifests,
    };
    let (mut sources, mut io_failed) = read_sources(&args.paths, read);
    let (crds, crd_failed) = read_crds(&settings);
    sources.extend(crds);
    io_failed |= crd_failed;
    let chart_roots = kubeshape_cli::helm::find(&args.paths);
    let helm_options = kubeshape_cli::helm::HelmOptions {
        values: args.helm.values.clone(),
        set: args.helm.set.clone(),
        set_string: args.helm.set_string.clone(),
        release_name: args.helm.release_name.clone(),
        namespace: args.helm.namespace.clone(),
        include_tests: args.helm.include_tests,
        kube_version: settings.kubernetes_version.clone(),
    };
    let (charts, chart_problems) =
        kubeshape_cli::helm::render_all(&chart_roots, &mut sources, &helm_options);
    for problem in &chart_problems {
        eprintln!("error: {problem}");
        io_failed = true;
    }
    if args.helm.show_rendered {
        let failed = charts.iter().any(|c| !c.render.errors.is_empty());
        for c in &charts {
            for e in &c.render.errors {
                eprintln!("error: {}: {}", c.root.join(&e.path).display(), e.message);
            }
        }
        print_out(&kubeshape_cli::helm::show(&charts, args.helm.include_tests));
        return exit_code(io_failed, usize::from(failed));
    }
    let builds = match args.kustomize {
        true => kustomize::build_all(&mut sources),
        false => kustomize::Builds::default(),
    };
    for problem in &builds.problems {
        eprintln!("warning: {problem}");
    }
    let sources = std::mem::ManuallyDrop::new(sources);
    let texts: Vec<&str> = sources.iter().map(|s| s.text.as_str()).collect();
    let inputs: Vec<Input<'_>> = sources
        .iter()
        .map(|s| Input::new(&s.name, &s.text).with_role(s.role))
        .collect();
    let options = Options {
        free: false,
        ..Options::default()
    };
    // A chart pasted as one text (`# values.yaml`, `# templates/x.yaml`
    // sections, as articles print them), piped in or named: rendered, its
    // findings on the paste's lines.
    let paste = match (sources.len(), charts.is_empty()) {
        (1, true) => {
            let o = kubeshape_cli::helm::options_for(&helm_options);
            kubeshape_helm::paste::check_paste(&sources[0].name, &sources[0].text, &o, &settings)
                .map(|(c, _)| c.report)
        }
        _ => None,
    };
    let moved = !builds.files.is_empty() || !charts.is_empty() || paste.is_some();
    // The whole report, built overlays' and rendered charts' findings moved
    // to the files where they are written (a pasted chart's, on its lines).
    let whole_report = || {
        let mut report = match paste {
            Some(report) => report,
            None => lint_with(&inputs, &settings, options),
        };
        if !builds.files.is_empty() {
            kustomize::relocate(&mut report, &texts, &builds.files);
        }
        kubeshape_cli::helm::relocate(&mut report, &texts, &charts, &settings);
        report
    };
    if let (Format::Json | Format::Sarif, true) = (args.format, moved) {
        // Built overlays' and rendered charts' findings are moved to their
        // files first.
        let report = whole_report();
        let mut stdout = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
        let mut stream: Box<dyn ReportStream> = match args.format {
            Format::Sarif => Box::new(SarifStream::new(&mut stdout, args.lang)),
            _ => Box::new(JsonStream::new(&mut stdout, args.lang, true)),
        };
        stream.findings(&report, &report.findings);
        let failing = report.count_at_least(settings.fail_on);
        let _ = stream
            .finish(&report)
            .and_then(|()| stdout.write_all(b"\n"))
            .and_then(|()| stdout.flush());
        return exit_code(io_failed, failing);
    }
    if let Format::Json | Format::Sarif = args.format {
        // Written as the findings come (see `lint_each`): the report of a
        // large folder runs to hundreds of megabytes. Each batch of
        // findings is freed once written, and the next ones reuse its
        // memory. A closed pipe is not an error worth reporting.
        let mut stdout = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
        let mut stream: Box<dyn ReportStream> = match args.format {
            Format::Sarif => Box::new(SarifStream::new(&mut stdout, args.lang)),
            _ => Box::new(JsonStream::new(&mut stdout, args.lang, true)),
        };
        let mut counts = Counts::default();
        let report = lint_each(&inputs, &settings, options, &mut |report, batch| {
            batch.iter().for_each(|f| counts.add(f));
            stream.findings(report, &batch);
        });
        let written = stream.finish(&report);
        std::mem::forget(report);
        let _ = written
            .and_then(|()| stdout.write_all(b"\n"))
            .and_then(|()| stdout.flush());
        return exit_code(io_failed, counts.at_least(settings.fail_on));
    }
    let report = std::mem::ManuallyDrop::new(whole_report());
    let output = match args.format {
        // (JSON and SARIF are written above.)
        Format::Json | Format::Sarif => String::new(),
        Format::Human => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            };
            let mut text = human::render(
                &report,
                &texts,
                HumanOptions {
                    lang: args.lang,
                    color,
                },
            );
            text.push_str(&kustomize::summary(
                &report,
                &builds,
                args.kustomize,
                args.lang,
            ));
            if args.verbose {
                text.push_str(&human::skipped_list(&report, args.lang));
            }
            text
        }
    };
    print_out(&output);
    exit_code(io_failed, report.count_at_least(settings.fail_on))
}

/// 2 when an input could not be read, 1 when `failing` findings are at or
/// above `--fail-on`, else 0.
fn exit_code(io_failed: bool, failing: usize) -> ExitCode {
    if io_failed {
        ExitCode::from(2)
    } else if failing > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
