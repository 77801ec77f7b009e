//! Helm charts in `kubeshape check`: a folder with a `Chart.yaml`, named or
//! met while walking, is rendered by kubeshape's own renderer
//! (`kubeshape-helm`, no `helm` binary), its rendered templates are
//! checked with everything else, and each finding is shown on the
//! template line that wrote it, with the values file line behind it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use kubeshape_core::diagnostic::Role;
use kubeshape_core::{Report, Settings};
use kubeshape_helm::check::{self, Placement, ValuesFile};
use kubeshape_helm::{render, ChartFile, Options, Render};

use crate::repo::Source;

/// How to render charts: `helm template`'s options.
#[derive(Debug, Clone, Default)]
pub struct HelmOptions {
    /// `--values FILE`, in order.
    pub values: Vec<PathBuf>,
    /// `--set K=V`, in order.
    pub set: Vec<String>,
    /// `--set-string K=V`, in order.
    pub set_string: Vec<String>,
    pub release_name: Option<String>,
    pub namespace: Option<String>,
    /// Check the test hooks under `templates/tests/` too.
    pub include_tests: bool,
    /// `.Capabilities.KubeVersion` (from `--kubernetes-version`).
    pub kube_version: Option<String>,
}

/// One rendered chart.
pub struct Chart {
    pub root: PathBuf,
    pub render: Render,
    /// (source index, index into `render.rendered`) of each rendered
    /// template added to the sources.
    pub rendered: Vec<(usize, usize)>,
    /// Values files: (source name, if it is a source; the name notes give;
    /// text; the values path it supplies).
    values: Vec<(Option<String>, String, String, Vec<String>)>,
}

/// The chart folders under `paths`: each folder with a `Chart.yaml`
/// (not looking inside one: its `charts/` are its subcharts).
pub fn find(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out);
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    if dir.join("Chart.yaml").is_file() {
        out.push(dir.to_path_buf());
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    dirs.sort();
    for d in dirs {
        walk(&d, out);
    }
}

/// The files of the chart at `root` (see `kubeshape_helm::folder::read`).
pub fn read_chart(root: &Path) -> Vec<ChartFile> {
    kubeshape_helm::folder::read(root)
}

/// The render options `opts` give (values files that cannot be read are
/// left out; `render_all` reports them).
pub fn options_for(opts: &HelmOptions) -> Options {
    options(opts, &mut Vec::new())
}

fn options(opts: &HelmOptions, problems: &mut Vec<String>) -> Options {
    let mut o = Options::default();
    if let Some(n) = &opts.release_name {
        o.release_name = n.clone();
    }
    if let Some(n) = &opts.namespace {
        o.namespace = n.clone();
    }
    if let Some(v) = &opts.kube_version {
        let v = v.trim_start_matches('v');
        o.kube_version = if v.matches('.').count() == 1 {
            format!("v{v}.0")
        } else {
            format!("v{v}")
        };
    }
    for f in &opts.values {
        match std::fs::read_to_string(f) {
            Ok(text) => o.values_files.push((f.display().to_string(), text)),
            Err(e) => problems.push(format!("cannot read values file {}: {e}", f.display())),
        }
    }
    o.set = opts.set.clone();
    o.set_string = opts.set_string.clone();
    o
}

/// Renders each chart and adds its rendered templates to `sources` (and
/// the `--values` files, to show notes in). Returns the charts and the
/// problems met reading values files.
pub fn render_all(
    roots: &[PathBuf],
    sources: &mut Vec<Source>,
    opts: &HelmOptions,
) -> (Vec<Chart>, Vec<String>) {
    let mut problems = Vec::new();
    let o = options(opts, &mut problems);
    let mut charts = Vec::new();
    for (name, text) in &o.values_files {
        if !sources.iter().any(|s| s.name == *name) {
            sources.push(Source {
                name: name.clone(),
                text: text.clone(),
                role: Role::Origin,
            });
        }
    }
    for root in roots {
        // The chart's own files are read to show findings in, not judged
        // as YAML themselves (its templates are not YAML before rendering).
        let prefix = normalize(&root.display().to_string());
        for s in sources.iter_mut() {
            let name = normalize(&s.name);
            let Some(rel) = name.strip_prefix(&prefix).and_then(|r| r.strip_prefix('/')) else {
                continue;
            };
            let base = rel.rsplit('/').next().unwrap_or(rel);
            // (`--include-non-manifests` judges values.yaml as a manifest.)
            let chart_file =
                (base == "values.yaml" || base == "Chart.yaml") && s.role != Role::Manifest;
            if rel.contains("templates/") || chart_file {
                s.role = Role::Origin;
            }
        }
        let files = read_chart(root);
        for s in sources
            .iter_mut()
            .filter(|s| s.role == Role::Origin && s.text.is_empty())
        {
            let name = normalize(&s.name);
            if let Some(f) = name
                .strip_prefix(&prefix)
                .and_then(|r| r.strip_prefix('/'))
                .and_then(|rel| files.iter().find(|f| f.path == rel))
            {
                s.text = f.text.to_string();
            }
        }
        let render = render(&files, &o);
        let mut rendered = Vec::new();
        for i in check::manifests(&render, opts.include_tests) {
            let r = &render.rendered[i];
            rendered.push((sources.len(), i));
            sources.push(Source {
                name: r.name.clone(),
                text: r.output.text.clone(),
                role: Role::Manifest,
            });
        }
        // Values files, most authoritative first.
        let mut values = Vec::new();
        for (name, text) in o.values_files.iter().rev() {
            values.push((Some(name.clone()), name.clone(), text.clone(), Vec::new()));
        }
        for c in &render.charts {
            let rel = format!("{}values.yaml", c.prefix);
            if let Some(f) = files.iter().find(|f| f.path == rel) {
                let shown = root.join(&rel).display().to_string();
                values.push((Some(shown), rel, f.text.to_string(), c.scope.clone()));
            }
        }
        charts.push(Chart {
            root: root.clone(),
            render,
            rendered,
            values,
        });
    }
    (charts, problems)
}

fn normalize(p: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for part in p.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." if out.last().is_some_and(|l| *l != "..") => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out.join("/")
}

/// Moves each chart's findings to its templates and values files, and adds
/// the templates that could not be rendered as findings.
pub fn relocate(report: &mut Report, texts: &[&str], charts: &[Chart], settings: &Settings) {
    // The chart's templates that the walk did not read (`_helpers.tpl`):
    // in the report too, for notes to point into.
    let known: std::collections::HashSet<String> =
        report.files.iter().map(|n| normalize(n)).collect();
    for chart in charts {
        for path in &chart.render.paths {
            let name = chart.root.join(path).display().to_string();
            if !known.contains(&normalize(&name)) {
                report.add_origin(&name);
            }
        }
    }
    let index: HashMap<String, usize> = report
        .files
        .iter()
        .enumerate()
        .map(|(i, n)| (normalize(n), i))
        .collect();
    for chart in charts {
        let root = chart.root.clone();
        let lookup = |path: &str| {
            index
                .get(&normalize(&root.join(path).display().to_string()))
                .copied()
        };
        let values = chart
            .values
            .iter()
            .map(|(source, name, text, scope)| ValuesFile {
                file: source
                    .as_ref()
                    .and_then(|s| index.get(&normalize(s)).copied()),
                name: name.clone(),
                text: text.clone(),
                scope: scope.clone(),
            })
            .collect();
        let place = Placement {
            rendered: chart.rendered.clone(),
            file_index: &lookup,
            values,
        };
        check::relocate(report, &chart.render, &place, texts, settings);
        // The chart's own files were rendered, not skipped.
        let prefix = normalize(&root.display().to_string());
        for (i, name) in report.files.iter().enumerate() {
            let name = normalize(name);
            let Some(rel) = name.strip_prefix(&prefix).and_then(|r| r.strip_prefix('/')) else {
                continue;
            };
            let base = rel.rsplit('/').next().unwrap_or(rel);
            let chart_file =
                rel.contains("templates/") || base == "values.yaml" || base == "Chart.yaml";
            if chart_file && matches!(report.roles[i], Role::Skipped(_)) {
                report.roles[i] = Role::Origin;
            }
        }
    }
}

/// The rendered charts as `helm template` prints them: each document
/// under a `# Source:` line.
pub fn show(charts: &[Chart], include_tests: bool) -> String {
    let mut out = String::new();
    for chart in charts {
        out.push_str(&kubeshape_helm::stream::stream(
            &chart.render,
            include_tests,
            false,
        ));
    }
    out
}
