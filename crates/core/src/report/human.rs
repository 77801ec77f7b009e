//! rustc-style text output: where, the source line, a caret, the fix.

use std::fmt::Write as _;

use super::{Lang, Report, Severity};
use crate::diagnostic::Role;

/// How to render.
#[derive(Debug, Clone, Copy, Default)]
pub struct HumanOptions {
    pub lang: Lang,
    /// ANSI colours (the CLI turns them on only on a terminal).
    pub color: bool,
}

fn paint(on: bool, code: &str, text: &str) -> String {
    if on {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

/// Columns a character takes in a terminal (CJK and full-width forms: 2).
fn width(c: char) -> usize {
    let u = c as u32;
    let wide = (0x1100..=0x115F).contains(&u)
        || (0x2E80..=0xA4CF).contains(&u)
        || (0xAC00..=0xD7A3).contains(&u)
        || (0xF900..=0xFAFF).contains(&u)
        || (0xFE30..=0xFE4F).contains(&u)
        || (0xFF00..=0xFF60).contains(&u)
        || (0xFFE0..=0xFFE6).contains(&u)
        || (0x1F300..=0x1F64F).contains(&u)
        || (0x20000..=0x3FFFD).contains(&u);
    if wide {
        2
    } else {
        1
    }
}

/// Renders the unsuppressed findings. `texts[i]` is the text of `report.files[i]`.
pub fn render(report: &Report, texts: &[&str], options: HumanOptions) -> String {
    let lang = options.lang;
    let mut out = String::new();
    // Byte offsets where each line starts, per file: one pass, not one per finding.
    let texts: Vec<&str> = texts
        .iter()
        .map(|t| t.trim_start_matches('\u{feff}'))
        .collect();
    let line_starts: Vec<Vec<usize>> = texts
        .iter()
        .map(|t| {
            std::iter::once(0)
                .chain(t.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
        .collect();
    for finding in report.active() {
        let (code, label) = match finding.severity {
            Severity::Error => ("1;31", lang.pick("error", "错误")),
            Severity::Warning => ("1;33", lang.pick("warning", "警告")),
            Severity::Info => ("1;36", lang.pick("info", "提示")),
        };
        // `[*]`: a safe fix (`kubeshape fix` applies it).
        let safe = if finding.fix.as_ref().is_some_and(|f| f.safe) {
            " [*]"
        } else {
            ""
        };
        let head = paint(
            options.color,
            code,
            &format!("{label}[{}]{safe}", finding.rule),
        );
        let _ = writeln!(
            out,
            "{head}: {}",
            paint(options.color, "1", finding.message.get(lang))
        );
        let start = finding.span.start;
        let file = report
            .files
            .get(finding.file)
            .map_or("<input>", String::as_str);
        let line_no = start.line.to_string();
        let pad = " ".repeat(line_no.len());
        let blue = |t: &str| paint(options.color, "1;34", t);
        let _ = writeln!(
            out,
            "{pad}{} {file}:{}:{}",
            blue("-->"),
            start.line,
            start.column
        );
        let source_line = texts.get(finding.file).and_then(|text| {
            let starts = &line_starts[finding.file];
            let from = *starts.get(start.line.checked_sub(1)? as usize)?;
            let to = starts
                .get(start.line as usize)
                .map_or(text.len(), |&next| next - 1);
            text.get(from..to)
        });
        if let Some(line) = source_line {
            let line = line.trim_end_matches('\r').replace('\t', " ");
            let chars: Vec<char> = line.chars().collect();
            let from = (start.column as usize).saturating_sub(1).min(chars.len());
            let to = if finding.span.end.line == start.line {
                (finding.span.end.column as usize)
                    .saturating_sub(1)
                    .min(chars.len())
            } else {
                chars.len()
            };
            let lead: usize = chars[..from].iter().copied().map(width).sum();
            let marked: usize = chars[from..to.max(from)]
                .iter()
                .copied()
                .map(width)
                .sum::<usize>()
                .max(1);
            let _ = writeln!(out, "{pad} {}", blue("|"));
            let _ = writeln!(out, "{} {} {line}", blue(&line_no), blue("|"));
            let carets = paint(options.color, code, &"^".repeat(marked));
            let _ = writeln!(out, "{pad} {} {}{carets}", blue("|"), " ".repeat(lead));
        }
        let help = finding.help.get(lang);
        if !help.is_empty() {
            let _ = writeln!(
                out,
                "{pad} {} {}: {help}",
                blue("="),
                lang.pick("help", "修复")
            );
        }
        // A finding moved from a rendered chart template: the values
        // behind it, and the named template that wrote it.
        #[cfg(feature = "rendered")]
        if let Some(at) = &finding.rendered {
            let defined = finding
                .related
                .iter()
                .filter(|r| r.message.en.starts_with("written by"));
            for r in at
                .values
                .iter()
                .filter_map(|&i| finding.related.get(i))
                .chain(defined)
            {
                let _ = writeln!(
                    out,
                    "{pad} {} {}: {}",
                    blue("="),
                    lang.pick("note", "说明"),
                    r.message.get(lang)
                );
            }
        }
        out.push('\n');
    }
    out.push_str(&summary(report, lang));
    out.push('\n');
    out.push_str(&read_as(report, lang));
    let fixes: Vec<bool> = report
        .active()
        .filter_map(|f| f.fix.as_ref().map(|x| x.safe))
        .collect();
    if !fixes.is_empty() {
        let (n, safe) = (fixes.len(), fixes.iter().filter(|&&s| s).count());
        let review = n - safe;
        out.push_str(&match (safe, review) {
            (_, 0) => lang.pick(
                format!("{n} fixable by `kubeshape fix` (marked [*]: no review needed)\n"),
                format!("{n} 处可用 `kubeshape fix` 修复（标 [*]，无需复核）\n"),
            ),
            (0, _) => lang.pick(
                format!("{n} fixable by `kubeshape fix --review`, each a change to review\n"),
                format!("{n} 处可用 `kubeshape fix --review` 修复，每一处都需要复核\n"),
            ),
            _ => lang.pick(
                format!("{n} fixable: {safe} marked [*] by `kubeshape fix` (no review needed), {review} more by `kubeshape fix --review`\n"),
                format!("{n} 处可修复：标 [*] 的 {safe} 处用 `kubeshape fix`（无需复核），另外 {review} 处用 `kubeshape fix --review`（需要复核）\n"),
            ),
        });
    }
    out
}

/// What was read as something other than manifests, a line each: the
/// files skipped (by kind), the Kustomize files read as Kustomize's. Empty
/// when every file was a manifest.
pub fn read_as(report: &Report, lang: Lang) -> String {
    let mut out = String::new();
    let by_kind = report.skipped_by_kind();
    if !by_kind.is_empty() {
        let n: usize = by_kind.iter().map(|k| k.1).sum();
        let kinds: Vec<String> = by_kind
            .iter()
            .map(|&(kind, k)| kind.count(k, lang))
            .collect();
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                format!(
                    "skipped {n} {} not Kubernetes manifests: {} (`--verbose` lists them)",
                    if n == 1 {
                        "file that is"
                    } else {
                        "files that are"
                    },
                    kinds.join(", ")
                ),
                format!(
                    "跳过 {n} 个不是 Kubernetes 清单的文件：{}（`--verbose` 会逐个列出）",
                    kinds.join("，")
                ),
            )
        );
    }
    if by_kind
        .iter()
        .any(|k| k.0 == crate::diagnostic::FileKind::HelmTemplate)
    {
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                "a chart's templates are YAML once rendered: `kubeshape check <chart folder>` renders the chart and checks what it gives",
                "chart 的模板要渲染之后才是 YAML：`kubeshape check <chart 目录>` 会渲染 chart 并检查渲染结果",
            )
        );
    }
    let kustomizations = report.count_role(|r| r == Role::Kustomization);
    let patches = report.count_role(|r| r == Role::Patch);
    if kustomizations + patches > 0 {
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                format!(
                    "read {kustomizations} kustomization{} and {patches} patch{} as Kustomize's: fields checked, nothing required of a patch",
                    if kustomizations == 1 { "" } else { "s" },
                    if patches == 1 { "" } else { "es" },
                ),
                format!(
                    "按 Kustomize 的格式读取了 {kustomizations} 个 kustomization 和 {patches} 个 patch：检查写出的字段，不要求 patch 写全"
                ),
            )
        );
    }
    out
}

/// Every skipped file and what it is, a line each (`--verbose`).
pub fn skipped_list(report: &Report, lang: Lang) -> String {
    let mut out = String::new();
    for (i, kind) in report.skipped() {
        let name = report.files.get(i).map_or("", String::as_str);
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                format!("skipped {name}: {}", kind.label(lang)),
                format!("跳过 {name}：{}", kind.label(lang))
            )
        );
    }
    out
}

/// One line: counts by severity, suppressed, files and objects.
pub fn summary(report: &Report, lang: Lang) -> String {
    let (e, w, i) = (
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Info),
    );
    let suppressed = report.findings.iter().filter(|f| f.suppressed).count();
    let files = report.checked_files();
    let objects = report.objects.len();
    match lang {
        Lang::En => {
            let plural =
                |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
            let mut s = format!(
                "{}, {}, {} in {}, {}",
                plural(e, "error"),
                plural(w, "warning"),
                plural(i, "info"),
                plural(files, "file"),
                plural(objects, "object")
            );
            if suppressed > 0 {
                let _ = write!(s, " ({suppressed} suppressed)");
            }
            s
        }
        Lang::Zh => {
            let mut s =
                format!("{e} 个错误，{w} 个警告，{i} 个提示；共 {files} 个文件、{objects} 个对象");
            if suppressed > 0 {
                let _ = write!(s, "（{suppressed} 个已忽略）");
            }
            s
        }
    }
}
