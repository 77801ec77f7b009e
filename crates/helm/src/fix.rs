//! `kubeshape fix` on a chart: a fix computed on the rendered text is
//! applied to the chart's files only where its text lies literally there —
//! in template text (an edit of bytes a template wrote as they are, or an
//! insertion among them), or in a values file (an edit that replaces
//! exactly what an action printed from `.Values`: the value itself). Any
//! other fix is left for a person, and said so.

use std::collections::BTreeMap;

use kubeshape_core::diagnostic::Edit;
use kubeshape_core::parse::{self, Limits, Node};
use kubeshape_core::{Finding, Settings};

use crate::render::{Render, Rendered};
use crate::template::exec::Seg;
use crate::{ChartFile, Options};

/// One edit of a chart file: bytes `start..end` of it become `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEdit {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// A fix that was applied, or could not be, and where.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub rule: &'static str,
    /// The chart file (path from the chart's folder) the finding is in.
    pub path: String,
    pub line: u32,
    pub safe: bool,
    /// Why it could not be applied (None: applied).
    pub not_applied: Option<&'static str>,
}

/// What fixing a chart gives: each file's new text, and each fix's outcome.
#[derive(Debug, Default)]
pub struct ChartFix {
    pub texts: BTreeMap<String, String>,
    pub outcomes: Vec<Outcome>,
}

/// Which fixes to apply: those that need no decision (`safe_only`), of
/// these rules (all when empty).
#[derive(Debug, Clone, Default)]
pub struct Which {
    pub safe_only: bool,
    pub rules: Vec<String>,
}

/// The fixes of the chart's rendered findings, moved onto its files: in
/// rounds, as `kubeshape fix` (fix, render and check again, until nothing
/// more applies; fixes that insert at the same place land one per round).
pub fn fix_chart(
    files: &[ChartFile],
    opts: &Options,
    settings: &Settings,
    which: &Which,
) -> ChartFix {
    let mut current: Vec<ChartFile> = files.to_vec();
    let mut out = ChartFix::default();
    for _ in 0..16 {
        let round = fix_round(&current, opts, settings, which);
        let applied: Vec<Outcome> = round
            .outcomes
            .iter()
            .filter(|o| o.not_applied.is_none())
            .cloned()
            .collect();
        if applied.is_empty() || round.texts.is_empty() {
            // What is left: the last round's fixes that could not apply.
            out.outcomes.extend(
                round
                    .outcomes
                    .into_iter()
                    .filter(|o| o.not_applied.is_some()),
            );
            break;
        }
        out.outcomes.extend(applied);
        for (path, text) in round.texts {
            if let Some(f) = current.iter_mut().find(|f| f.path == path) {
                f.text = text.as_str().into();
            }
        }
    }
    for f in &current {
        let before = files.iter().find(|o| o.path == f.path);
        if before.is_some_and(|b| b.text != f.text) {
            out.texts.insert(f.path.clone(), f.text.to_string());
        }
    }
    out
}

/// One round: each fix whose text lies literally in the chart's files,
/// unless an earlier one changes the same text.
fn fix_round(files: &[ChartFile], opts: &Options, settings: &Settings, which: &Which) -> ChartFix {
    let render = crate::render(files, opts);
    let indexes = crate::check::manifests(&render, false);
    let names: Vec<String> = indexes
        .iter()
        .map(|&i| render.rendered[i].name.clone())
        .collect();
    let inputs: Vec<kubeshape_core::Input<'_>> = indexes
        .iter()
        .zip(&names)
        .map(|(&i, n)| kubeshape_core::Input::new(n, &render.rendered[i].output.text))
        .collect();
    let report = kubeshape_core::lint_with(
        &inputs,
        settings,
        kubeshape_core::Options {
            fixes: true,
            ..Default::default()
        },
    );
    let mut edits: BTreeMap<String, Vec<FileEdit>> = BTreeMap::new();
    let mut out = ChartFix::default();
    for f in &report.findings {
        let Some(fix) = &f.fix else { continue };
        if (which.safe_only && !fix.safe)
            || (!which.rules.is_empty() && !which.rules.iter().any(|r| r == f.rule))
            || f.suppressed
        {
            continue;
        }
        let rendered = &render.rendered[indexes[f.file]];
        let (path, line) = place_of(&render, rendered, f);
        let mapped: Option<Vec<(String, FileEdit)>> = fix
            .edits
            .iter()
            .map(|e| map_edit(&render, rendered, files, e))
            .collect();
        let not_applied = match mapped {
            Some(list) if !list.is_empty() => {
                // Not over an edit already taken.
                let clash = list.iter().any(|(p, e)| edits.get(p).is_some_and(|taken| taken.iter().any(|t| overlaps(t, e))));
                if clash {
                    Some("another fix changes the same text (it is left for the next round)")
                } else {
                    for (p, e) in list {
                        edits.entry(p).or_default().push(e);
                    }
                    None
                }
            }
            _ => Some("its text is written by a template action, not literally in a template or values file"),
        };
        out.outcomes.push(Outcome {
            rule: f.rule,
            path,
            line,
            safe: fix.safe,
            not_applied,
        });
    }
    for (path, mut list) in edits {
        let Some(file) = files.iter().find(|f| f.path == path) else {
            continue;
        };
        list.sort_by_key(|e| std::cmp::Reverse((e.start, e.end)));
        let mut text = file.text.to_string();
        for e in list {
            if e.start <= e.end
                && e.end <= text.len()
                && text.is_char_boundary(e.start)
                && text.is_char_boundary(e.end)
            {
                text.replace_range(e.start..e.end, &e.text);
            }
        }
        out.texts.insert(path, text);
    }
    out
}

fn overlaps(a: &FileEdit, b: &FileEdit) -> bool {
    a.start < b.end && b.start < a.end
        || (a.start == b.start && (a.start == a.end || b.start == b.end))
}

/// The chart file and line a finding is about (for the outcome's line).
fn place_of(render: &Render, rendered: &Rendered, f: &Finding) -> (String, u32) {
    let text = &rendered.output.text;
    let offset = byte_of(text, f.span.start.line, f.span.start.column);
    match crate::sourcemap::origin(render, rendered, offset) {
        Some(o) => (o.path, o.line),
        None => (rendered.path.clone(), f.span.start.line),
    }
}

fn byte_of(text: &str, line: u32, column: u32) -> usize {
    let mut at = 0;
    for _ in 1..line {
        match text[at..].find('\n') {
            Some(n) => at += n + 1,
            None => return text.len(),
        }
    }
    let rest = &text[at..];
    at + rest
        .char_indices()
        .nth(column.saturating_sub(1) as usize)
        .map_or(rest.len(), |(i, _)| i)
}

/// The segment that wrote byte `offset` (for an insertion at a segment's
/// end, the one it ends).
fn seg_at(segs: &[Seg], offset: usize) -> Option<(usize, &Seg)> {
    let i = segs
        .partition_point(|s| (s.out as usize) <= offset)
        .checked_sub(1)?;
    Some((i, &segs[i]))
}

/// A rendered edit as an edit of a chart file, if its text lies literally
/// in one.
fn map_edit(
    render: &Render,
    rendered: &Rendered,
    files: &[ChartFile],
    e: &Edit,
) -> Option<(String, FileEdit)> {
    let segs = &rendered.output.segs;
    let end_of = |i: usize| {
        segs.get(i + 1)
            .map_or(rendered.output.text.len(), |s| s.out as usize)
    };
    // An insertion, or a replacement within one literal run of a template.
    let (i, seg) = seg_at(segs, e.start)?;
    if seg.literal {
        let in_run = if e.end > e.start {
            e.end <= end_of(i)
        } else {
            e.start <= end_of(i)
        };
        if in_run {
            let start = seg.src as usize + (e.start - seg.out as usize);
            let end = start + (e.end - e.start);
            return Some((
                render.paths[seg.file as usize].clone(),
                FileEdit {
                    start,
                    end,
                    text: e.text.clone(),
                },
            ));
        }
    }
    // An insertion right after a literal run (a line the template wrote).
    if e.start == e.end && e.start == seg.out as usize && i > 0 && segs[i - 1].literal {
        let prev = &segs[i - 1];
        let start = prev.src as usize + (e.start - prev.out as usize);
        return Some((
            render.paths[prev.file as usize].clone(),
            FileEdit {
                start,
                end: start,
                text: e.text.clone(),
            },
        ));
    }
    // Exactly the text an action printed from `.Values`: the value itself.
    if !seg.literal && seg.value > 0 && seg.out as usize == e.start && end_of(i) == e.end {
        let (chart, path) = rendered.output.values.get(seg.value as usize - 1)?;
        let prefix = &render.charts.get(*chart as usize)?.prefix;
        let values_path = format!("{prefix}values.yaml");
        let file = files.iter().find(|f| f.path == values_path)?;
        let keys: Vec<String> = path.iter().map(|p| p.to_string()).collect();
        let (start, end) = value_span(&file.text, &keys)?;
        // Only when the values file writes the value as it was printed.
        if file.text.get(start..end)? != &rendered.output.text[e.start..e.end] {
            return None;
        }
        return Some((
            values_path,
            FileEdit {
                start,
                end,
                text: e.text.clone(),
            },
        ));
    }
    None
}

/// The bytes of the plain scalar at `keys` in a values file.
fn value_span(text: &str, keys: &[String]) -> Option<(usize, usize)> {
    let parsed = parse::parse(text, &Limits::default());
    let mut node: &Node = parsed.documents.first()?.root.as_ref()?;
    for k in keys {
        node = &node
            .as_map()?
            .iter()
            .find(|e| e.key.scalar().is_some_and(|(s, _)| s == k))?
            .value;
    }
    node.scalar()?;
    let starts = kubeshape_core::text::line_starts(text);
    let at = |p: parse::Pos| -> Option<usize> {
        let line_start = *starts.get(p.line.checked_sub(1)? as usize)? as usize;
        let line = &text[line_start..];
        Some(
            line_start
                + line
                    .char_indices()
                    .nth(p.column.saturating_sub(1) as usize)
                    .map_or(line.len(), |(i, _)| i),
        )
    };
    Some((at(node.span.start)?, at(node.span.end)?))
}
