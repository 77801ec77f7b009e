//! A chart pasted as one text, as articles print charts (seed 004 §3):
//!
//! ```text
//! # values.yaml
//! image:
//!   tag: latest
//! # templates/deployment.yaml
//! apiVersion: apps/v1
//! ...
//! ```
//!
//! Each `# <path>` line naming a chart file starts that file. The chart is
//! rendered and checked, and the findings are put back on the lines of
//! the paste, so the playground, the npm package and `kubeshape check -`
//! show them where the reader pasted them.

use kubeshape_core::diagnostic::Role;
use kubeshape_core::parse::Pos;
use kubeshape_core::{Report, Settings};

use crate::check::{check_chart, Checked};
use crate::fix::{fix_chart, ChartFix, Which};
use crate::{ChartFile, Options};

/// The name a pasted chart gets when it brings no `Chart.yaml`.
pub const DEFAULT_CHART_NAME: &str = "mychart";

/// A file of a paste: its path, text, and the paste's line (0-based) its
/// first line is on.
#[derive(Debug, Clone)]
pub struct Section {
    pub path: String,
    pub text: String,
    pub first_line: u32,
}

/// Whether `line` names a chart file: `# values.yaml`, `# Chart.yaml`,
/// `# templates/x.yaml`, `# charts/sub/values.yaml`, `# values-prod.yaml`.
fn file_marker(line: &str) -> Option<&str> {
    let path = line.strip_prefix('#')?.trim();
    let path = path.strip_prefix("mychart/").unwrap_or(path);
    let ok = path == "Chart.yaml"
        || (path.starts_with("values") && (path.ends_with(".yaml") || path.ends_with(".yml")))
        || ((path.starts_with("templates/")
            || path.starts_with("charts/")
            || path.starts_with("crds/"))
            && !path.contains(' ')
            && path.rsplit('/').next().is_some_and(|b| b.contains('.')));
    ok.then_some(path)
}

/// The files of `text` if it is a pasted chart: at least one template
/// section, and a `{{` somewhere (else it is plain YAML with comments).
pub fn sections(text: &str) -> Option<Vec<Section>> {
    if !text.contains("{{") {
        return None;
    }
    let mut out: Vec<Section> = Vec::new();
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let bare = line.trim_end_matches(['\n', '\r']);
        if let Some(path) = file_marker(bare) {
            out.push(Section {
                path: path.to_string(),
                text: String::new(),
                first_line: i as u32 + 1,
            });
            continue;
        }
        match out.last_mut() {
            Some(s) => s.text.push_str(line),
            // Text before the first marker: not a paste we read.
            None if !bare.trim().is_empty() => return None,
            None => {}
        }
    }
    out.iter()
        .any(|s| s.path.starts_with("templates/"))
        .then_some(out)
}

/// Checks `text` as a pasted chart, if it is one: the report names one
/// file, `name`, and every finding is on the paste's own lines.
pub fn check_paste(
    name: &str,
    text: &str,
    opts: &Options,
    settings: &Settings,
) -> Option<(Checked, Vec<Section>)> {
    let sections = sections(text)?;
    let mut checked = check_chart(&files_of(&sections), opts, settings, true);
    onto_paste(&mut checked.report, &sections, name);
    checked.texts = vec![text.to_string()];
    Some((checked, sections))
}

/// The chart a paste's sections make (a `Chart.yaml` of its own when the
/// paste brings none).
fn files_of(sections: &[Section]) -> Vec<ChartFile> {
    let mut files: Vec<ChartFile> = sections
        .iter()
        .map(|s| ChartFile {
            path: s.path.clone(),
            text: s.text.as_str().into(),
        })
        .collect();
    if !files.iter().any(|f| f.path == "Chart.yaml") {
        files.push(ChartFile {
            path: "Chart.yaml".into(),
            text: format!("apiVersion: v2\nname: {DEFAULT_CHART_NAME}\nversion: 0.1.0\n").into(),
        });
    }
    files
}

/// Fixes `text` as a pasted chart, if it is one: the fixes `which` names,
/// applied to the chart's templates and values as `kubeshape fix` applies
/// them to a chart's files, then put back in the paste, each section's new
/// text under its `# path` line (the paste's other lines as they were).
/// With the fixes' outcomes, their lines the paste's (a file's `path` is
/// kept); `None` when `text` is not a pasted chart.
pub fn fix_paste(
    text: &str,
    opts: &Options,
    settings: &Settings,
    which: &Which,
) -> Option<(String, ChartFix)> {
    let sections = sections(text)?;
    // A path given twice: the chart reads the last one (see `check_chart`).
    let files: Vec<ChartFile> = {
        let mut seen: Vec<ChartFile> = Vec::new();
        for f in files_of(&sections).into_iter().rev() {
            if !seen.iter().any(|s| s.path == f.path) {
                seen.push(f);
            }
        }
        seen.reverse();
        seen
    };
    let mut fix = fix_chart(&files, opts, settings, which);
    // Each outcome on the paste's line: under its section's `# path` line.
    for o in &mut fix.outcomes {
        if let Some(s) = sections.iter().rev().find(|s| s.path == o.path) {
            o.line += s.first_line;
        }
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0usize;
    for (k, s) in sections.iter().enumerate() {
        let start = s.first_line as usize;
        let end = sections
            .get(k + 1)
            .map_or(lines.len(), |n| n.first_line as usize - 1);
        // Up to this section's text: its `# path` line (and, before the
        // first, the blank lines a paste may start with).
        out.extend(lines[at..start].iter().copied());
        let last = !sections[k + 1..].iter().any(|n| n.path == s.path);
        match fix.texts.get(&s.path).filter(|_| last) {
            Some(new) => out.push_str(new),
            None => out.extend(lines[start..end].iter().copied()),
        }
        at = end;
    }
    out.extend(lines[at..].iter().copied());
    Some((out, fix))
}

/// Moves every finding of a chart's report onto the paste's lines.
fn onto_paste(report: &mut Report, sections: &[Section], name: &str) {
    let offset = |file: usize| -> Option<u32> {
        let path = report.files.get(file)?;
        sections
            .iter()
            .find(|s| s.path == *path)
            .map(|s| s.first_line)
    };
    let shift = |p: &mut Pos, by: u32| p.line += by;
    let offsets: Vec<Option<u32>> = (0..report.files.len()).map(offset).collect();
    let mut kept = Vec::new();
    for mut f in std::mem::take(&mut report.findings) {
        // A finding left on the rendered text (where no template line
        // wrote it) has no line of the paste: dropped, as nothing could
        // show it.
        let Some(by) = offsets.get(f.file).copied().flatten() else {
            continue;
        };
        shift(&mut f.span.start, by);
        shift(&mut f.span.end, by);
        f.file = 0;
        f.fix = None;
        let mut moved = Vec::new();
        let mut index = Vec::new();
        for mut r in std::mem::take(&mut f.related) {
            match offsets.get(r.file).copied().flatten() {
                Some(by) => {
                    shift(&mut r.span.start, by);
                    shift(&mut r.span.end, by);
                    r.file = 0;
                    index.push(Some(moved.len()));
                    moved.push(r);
                }
                None => index.push(None),
            }
        }
        f.related = moved;
        if let Some(at) = &mut f.rendered {
            at.values = at
                .values
                .iter()
                .filter_map(|&i| index.get(i).copied().flatten())
                .collect();
        }
        kept.push(f);
    }
    report.findings = kept;
    // An object is on the first line of the template that wrote it.
    for o in &mut report.objects {
        let template = report
            .files
            .get(o.file)
            .and_then(|n| n.split_once('/'))
            .map(|(_, p)| p);
        if let Some(s) = template.and_then(|p| sections.iter().find(|s| s.path == p)) {
            o.line = s.first_line + 1;
        }
        o.file = 0;
    }
    report.files = vec![name.to_string()];
    report.roles = vec![Role::Manifest];
}
