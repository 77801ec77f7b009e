//! A rendered chart's findings, put where a person edits them: a finding
//! in a rendered template moves to the template line and column that
//! wrote it (literal text to its own byte, an action's output to the
//! action), with notes naming the values file lines that supplied the
//! values (`rendered from values.yaml:3 (`tag: latest`)`); a template that
//! cannot be rendered is a `helm-template-error` finding at its line.
//!
//! The faces lint the rendered templates together with their other
//! inputs (so cross-object rules see everything), then call [`relocate`].

use kubeshape_core::diagnostic::RenderedAt;
use kubeshape_core::parse::{Pos, Span};
use kubeshape_core::rules;
use kubeshape_core::{Finding, Related, Report, Settings, Text};

use crate::chart::value_positions;
use crate::render::{Render, RenderError};
use crate::sourcemap::{origin, Origin};

/// The rule a template that cannot be rendered is reported under.
pub const TEMPLATE_ERROR: &str = "helm-template-error";

/// The rendered templates worth linting: not `NOTES.txt`, not the test
/// hooks under `templates/tests/` unless `include_tests`, not those that
/// render to nothing but blanks and `---`. Indexes into `render.rendered`.
pub fn manifests(render: &Render, include_tests: bool) -> Vec<usize> {
    render
        .rendered
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.notes && (include_tests || !r.test))
        .filter(|(_, r)| {
            r.output.text.lines().any(|l| {
                !l.trim().is_empty() && l.trim() != "---" && !l.trim_start().starts_with('#')
            })
        })
        .map(|(i, _)| i)
        .collect()
}

/// A values file, for tracing printed values back to their lines.
pub struct ValuesFile {
    /// Its index in the report's files, if it is one of them.
    pub file: Option<usize>,
    /// The name notes give it (`values.yaml`, `ci/prod-values.yaml`).
    pub name: String,
    pub text: String,
    /// The values path it supplies, from the root chart's (`[]` for the
    /// root chart's files and `-f` files, `["redis"]` for a subchart's
    /// own `values.yaml`).
    pub scope: Vec<String>,
}

/// Where a rendered chart's files are in the report.
pub struct Placement<'a> {
    /// (report file index, index into `render.rendered`) of each rendered
    /// template linted.
    pub rendered: Vec<(usize, usize)>,
    /// The report file index of a chart file, by its path from the root
    /// chart's folder.
    pub file_index: &'a dyn Fn(&str) -> Option<usize>,
    /// The values files, most authoritative first (`-f` files last given
    /// first, then the root's `values.yaml`, then the subcharts').
    pub values: Vec<ValuesFile>,
}

/// Moves the findings of rendered templates to the template lines that
/// wrote them, and adds the render's errors as findings (when the rule is
/// enabled under `settings`).
pub fn relocate(
    report: &mut Report,
    render: &Render,
    place: &Placement<'_>,
    texts: &[&str],
    settings: &Settings,
) {
    let positions: Vec<Vec<(Vec<String>, u32, u32)>> = place
        .values
        .iter()
        .map(|v| value_positions(&v.text))
        .collect();
    for finding in &mut report.findings {
        let Some(&(_, r)) = place.rendered.iter().find(|(f, _)| *f == finding.file) else {
            continue;
        };
        let rendered = &render.rendered[r];
        let text = texts.get(finding.file).copied().unwrap_or("");
        let Some(start) = offset_of(text, finding.span.start) else {
            continue;
        };
        let Some(at) = origin(render, rendered, start) else {
            continue;
        };
        let Some(file) = (place.file_index)(&at.path) else {
            continue;
        };
        let src = &render.set.files[rendered_file(render, &at)].src;
        let end = end_of(&at, src, text, finding.span, render, rendered);
        let mut notes = Vec::new();
        let mut values = Vec::new();
        let span_end = offset_of(text, finding.span.end).unwrap_or(start);
        values_in(render, rendered, start, span_end, &mut values);
        // The related places move too, and bring their values.
        for related in &mut finding.related {
            if related.file != finding.file {
                continue;
            }
            let Some(from) = offset_of(text, related.span.start) else {
                continue;
            };
            let to = offset_of(text, related.span.end).unwrap_or(from);
            if let Some(o) = origin(render, rendered, from) {
                if let Some(f) = (place.file_index)(&o.path) {
                    related.file = f;
                    let p = Pos {
                        line: o.line,
                        column: o.column,
                    };
                    related.span = Span { start: p, end: p };
                    values_in(render, rendered, from, to.max(from), &mut values);
                }
            }
        }
        for path in values {
            if let Some(note) = value_note(&path, place, &positions) {
                notes.push(note);
            }
        }
        let first_value = finding.related.len();
        let value_indexes: Vec<usize> = (first_value..first_value + notes.len()).collect();
        finding.related.extend(notes);
        // An action that includes a named template: where that template is
        // defined (what wrote the text, one call down).
        if !at.literal {
            if let Some(note) = define_note(render, src, &at, place) {
                finding.related.push(note);
            }
        }
        finding.rendered = Some(Box::new(RenderedAt {
            name: rendered.name.as_str().into(),
            line: finding.span.start.line,
            column: finding.span.start.column,
            values: value_indexes,
        }));
        finding.file = file;
        finding.span = Span {
            start: Pos {
                line: at.line,
                column: at.column,
            },
            end,
        };
        // A fix's edits are for the rendered text, not the template.
        finding.fix = None;
    }
    if let Some(rule) = rules::find(TEMPLATE_ERROR) {
        let meta = rule.meta();
        if settings.is_enabled(meta) {
            for e in &render.errors {
                let Some(file) = (place.file_index)(&e.path) else {
                    continue;
                };
                report.findings.push(error_finding(meta, e, file));
            }
        }
    }
    report.findings.sort_by(|a, b| {
        (a.file, a.span.start.line, a.span.start.column, a.rule).cmp(&(
            b.file,
            b.span.start.line,
            b.span.start.column,
            b.rule,
        ))
    });
}

/// "written by the template `x.labels`, defined at
/// templates/_helpers.tpl:12" for an action that calls `include` or
/// `template`.
fn define_note(render: &Render, src: &str, at: &Origin, place: &Placement<'_>) -> Option<Related> {
    let line = src.lines().nth(at.line as usize - 1)?;
    let from: String = line.chars().skip(at.column as usize - 1).collect();
    let action = &from[..from.find("}}")?];
    let name = ["include \"", "template \""].iter().find_map(|call| {
        action
            .split_once(call)
            .and_then(|(_, rest)| rest.split('"').next())
    })?;
    let (file, _) = render.set.defines.get(name)?;
    let def_src = &render.set.files[*file as usize].src;
    let needle = format!("define \"{name}\"");
    let offset = def_src.find(&needle)?;
    let def_start = def_src[..offset].rfind("{{").unwrap_or(offset);
    let (line, column) = crate::render::line_col(def_src, def_start);
    let path = &render.paths[*file as usize];
    let p = Pos { line, column };
    Some(Related {
        file: (place.file_index)(path)?,
        span: Span { start: p, end: p },
        message: Text::new(
            format!("written by the template `{name}`, defined at {path}:{line}"),
            format!("由模板 `{name}` 写出，它定义在 {path}:{line}"),
        ),
    })
}

/// The `.Values` paths printed into rendered bytes `from..to` (at least
/// the one at `from`), each once.
fn values_in(
    render: &Render,
    rendered: &crate::render::Rendered,
    from: usize,
    to: usize,
    out: &mut Vec<Vec<String>>,
) {
    let segs = &rendered.output.segs;
    let first = segs
        .partition_point(|s| (s.out as usize) <= from)
        .saturating_sub(1);
    for seg in segs[first..]
        .iter()
        .take_while(|s| (s.out as usize) < to.max(from + 1))
    {
        let Some(full) = crate::sourcemap::value_path(render, rendered, seg) else {
            continue;
        };
        if !out.contains(&full) {
            out.push(full);
        }
    }
}

fn rendered_file(render: &Render, at: &Origin) -> usize {
    render.paths.iter().position(|p| *p == at.path).unwrap_or(0)
}

/// Where a moved finding ends: the same distance along literal text, or
/// the end of the action (`}}`) that printed the value.
fn end_of(
    at: &Origin,
    src: &str,
    text: &str,
    span: Span,
    render: &Render,
    rendered: &crate::render::Rendered,
) -> Pos {
    let start = Pos {
        line: at.line,
        column: at.column,
    };
    if at.literal {
        if let Some(e) = offset_of(text, span.end)
            .and_then(|off| origin(render, rendered, off.saturating_sub(1)))
        {
            if e.literal && e.path == at.path && e.line == at.line && e.column >= at.column {
                return Pos {
                    line: e.line,
                    column: e.column + 1,
                };
            }
        }
        return start;
    }
    // The action's text, `{{` to `}}`, on its line.
    let line = src.lines().nth(at.line as usize - 1).unwrap_or("");
    let from: String = line.chars().skip(at.column as usize - 1).collect();
    match from.find("}}") {
        Some(i) => Pos {
            line: at.line,
            column: at.column + from[..i + 2].chars().count() as u32,
        },
        None => start,
    }
}

/// The byte offset of a (1-based line, character column) position, lines
/// broken as the YAML reader breaks them (`\n`, `\r\n`, a lone `\r`).
fn offset_of(text: &str, pos: Pos) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut line_start = 0;
    let mut line = 1;
    let mut i = 0;
    while line < pos.line {
        match bytes.get(i)? {
            b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => {
                line += 1;
                line_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    let rest = &text[line_start..];
    let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
    let line_text = &rest[..end];
    let col = line_text
        .char_indices()
        .nth(pos.column.saturating_sub(1) as usize)
        .map_or(line_text.len(), |(i, _)| i);
    Some(line_start + col)
}

/// "rendered from values.yaml:3 (`tag: latest`)" for the first values file
/// that writes `path`.
fn value_note(
    path: &[String],
    place: &Placement<'_>,
    positions: &[Vec<(Vec<String>, u32, u32)>],
) -> Option<Related> {
    for (v, pos) in place.values.iter().zip(positions) {
        let Some(rest) = path.strip_prefix(v.scope.as_slice()) else {
            continue;
        };
        let Some((_, line, column)) = pos.iter().find(|(p, _, _)| p.as_slice() == rest) else {
            continue;
        };
        let file = v.file?;
        let written = v.text.lines().nth(*line as usize - 1).unwrap_or("").trim();
        let p = Pos {
            line: *line,
            column: *column,
        };
        return Some(Related {
            file,
            span: Span { start: p, end: p },
            message: Text::new(
                format!("rendered from {}:{line} (`{written}`)", v.name),
                format!("渲染自 {}:{line}（`{written}`）", v.name),
            ),
        });
    }
    None
}

fn error_finding(meta: &rules::RuleMeta, e: &RenderError, file: usize) -> Finding {
    let (en, zh) = plain_words(e);
    let p = Pos {
        line: e.line,
        column: e.column,
    };
    Finding {
        rule: meta.id,
        category: meta.category,
        severity: meta.severity,
        message: Text::new(en, zh),
        help: help_for(e).map_or_else(
            || {
                Text::new(
                    meta.fix(kubeshape_core::Lang::En),
                    meta.fix(kubeshape_core::Lang::Zh),
                )
            },
            |(en, zh)| Text::new(en, zh),
        ),
        file,
        document: 0,
        span: Span { start: p, end: p },
        path: String::new(),
        object: None,
        suppressed: false,
        fix: None,
        detail: Some(e.message.as_str().into()),
        related: Vec::new(),
        rendered: None,
    }
}

/// What to do about a render error, where the rule's fix (give the value
/// the template reads) is not it.
fn help_for(e: &RenderError) -> Option<(&'static str, &'static str)> {
    let m = e.message.as_str();
    Some(if e.limit.is_some() {
        (
            "Break the loop: a template that includes itself (directly or through another) needs a condition that ends it.",
            "打破循环：直接或间接引用自身的模板需要一个能结束递归的条件。",
        )
    } else if m.starts_with("found in Chart.yaml, but missing") {
        (
            "Run `helm dependency build` in the chart's folder (or put the charts it names in charts/), then check again.",
            "在 chart 目录中运行 `helm dependency build`（或把它依赖的 chart 放进 charts/），然后再检查。",
        )
    } else if m.starts_with("values don't meet") {
        (
            "Change the value to what values.schema.json asks for (or the schema, if the value is right).",
            "把这个值改成 values.schema.json 要求的样子（如果值是对的，就修改 schema）。",
        )
    } else if m.starts_with("validation: chart.metadata.type") {
        (
            "Set `type: application` (or `library`) in Chart.yaml.",
            "在 Chart.yaml 中设置 `type: application`（或 `library`）。",
        )
    } else if m.contains("not defined") && m.contains("function") {
        (
            "Use a function Helm has (Go's, Sprig's or Helm's own: `include`, `tpl`, `toYaml`, `required`…); check the spelling.",
            "使用 Helm 支持的函数（Go 的、Sprig 的或 Helm 自己的：`include`、`tpl`、`toYaml`、`required`……），并检查拼写。",
        )
    } else if m.contains("no template \"") {
        (
            "Define it (`{{- define \"name\" -}}…{{- end }}` in templates/_helpers.tpl) or correct the name.",
            "定义它（在 templates/_helpers.tpl 中写 `{{- define \"name\" -}}…{{- end }}`），或改正名字。",
        )
    } else if m.starts_with("parse error") {
        (
            "Correct the template's syntax where marked: every `{{` closed by `}}`, every `if`/`range`/`with`/`define` closed by `{{ end }}`.",
            "在标出的位置修正模板语法：每个 `{{` 都要用 `}}` 闭合，每个 `if`/`range`/`with`/`define` 都要用 `{{ end }}` 结束。",
        )
    } else if m.starts_with("execution error at") {
        (
            "Give the value the chart asks for (in values.yaml, with --values or --set).",
            "给出 chart 要求的值（写在 values.yaml 里，或用 --values、--set）。",
        )
    } else {
        return None;
    })
}

/// A render error in plain words, English and Chinese.
fn plain_words(e: &RenderError) -> (String, String) {
    let m = &e.message;
    let tail = m.rsplit_once("]: ").map_or(m.as_str(), |(_, t)| t);
    let tail = tail
        .rsplit_once(": error calling ")
        .map_or(tail, |(_, t)| t);
    if let Some(limit) = e.limit {
        return (
            format!("rendering stopped at a limit ({limit}): {tail}"),
            format!("渲染因达到限制（{limit}）而停止：{tail}"),
        );
    }
    if let Some(field) = m.split("nil pointer evaluating interface {}.").nth(1) {
        let field = field.split_whitespace().next().unwrap_or(field);
        return (
            format!("a value this reads is not set, so `.{field}` of it cannot be read (set it in values.yaml, or guard it with `with` or `default`)"),
            format!("这里读取的值没有设置，因此无法读取它的 `.{field}`（在 values.yaml 里设置它，或用 `with`、`default` 保护）"),
        );
    }
    if let Some(name) = m
        .split("function \"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .filter(|_| m.contains("not defined"))
    {
        return (
            format!(
                "`{name}` is not a function Helm knows (a typo, or a function from another tool)"
            ),
            format!("`{name}` 不是 Helm 认识的函数（拼写错误，或是别的工具的函数）"),
        );
    }
    if let Some(name) = m
        .split("no template \"")
        .nth(1)
        .and_then(|s| s.split('"').next())
    {
        return (
            format!("this includes the template `{name}`, which no file of the chart defines (a typo, or a `define` in a file that is missing)"),
            format!("这里引用了模板 `{name}`，但 chart 中没有文件定义它（拼写错误，或定义它的文件缺失）"),
        );
    }
    if m.starts_with("parse error") {
        let what = m.split_once("): ").map_or(m.as_str(), |x| x.1);
        return (
            format!("the template does not parse: {what}"),
            format!("模板无法解析：{what}"),
        );
    }
    if m.starts_with("execution error at") {
        let what = m.split_once("): ").map_or(m.as_str(), |x| x.1);
        return (
            format!("the chart stops the render: {what}"),
            format!("chart 中止了渲染：{what}"),
        );
    }
    if let Some(name) = m.strip_prefix("found in Chart.yaml, but missing in charts/ directory: ") {
        return (
            format!("the chart depends on `{name}`, which is not in its charts/ folder, so nothing of it can be rendered: run `helm dependency build` first"),
            format!("chart 依赖 `{name}`，但它不在 charts/ 目录里，因此整个 chart 都无法渲染：先运行 `helm dependency build`"),
        );
    }
    if let Some(what) = m.strip_prefix(
        "values don't meet the specifications of the schema(s) in the following chart(s):\n",
    ) {
        let what = what.split_once(":\n- ").map_or(what, |(_, p)| p);
        return (
            format!("the values do not fit the chart's values.schema.json, so Helm refuses the chart: {what}"),
            format!("values 不符合 chart 的 values.schema.json，Helm 会拒绝这个 chart：{what}"),
        );
    }
    if m.starts_with("validation: chart.metadata.type") {
        return (
            "Chart.yaml's `type` is neither `application` nor `library`, so Helm refuses the chart"
                .into(),
            "Chart.yaml 的 `type` 既不是 `application` 也不是 `library`，Helm 会拒绝这个 chart"
                .into(),
        );
    }
    if m.starts_with("error converting YAML") || m.starts_with("error unmarshaling") {
        return (
            format!("the chart cannot be loaded: {m}"),
            format!("chart 无法加载：{m}"),
        );
    }
    let what = m.rsplit_once(": ").map_or(m.as_str(), |(_, t)| t);
    (
        format!("the template fails as it runs: {what}"),
        format!("模板执行时失败：{what}"),
    )
}

/// A chart checked on its own (the npm package, the playground, tests):
/// its render and the report, findings on its template and values lines.
pub struct Checked {
    pub render: Render,
    pub report: Report,
    /// The text of each of the report's files.
    pub texts: Vec<String>,
}

/// Renders the chart whose files are `files` and checks what it gives:
/// its templates, `values.yaml` files and `Chart.yaml` are in the report
/// (by their paths) to show findings in; its rendered templates are
/// checked (and named as Helm names them); `crds/` give their schemas.
pub fn check_chart(
    files: &[crate::ChartFile],
    opts: &crate::Options,
    settings: &Settings,
    include_tests: bool,
) -> Checked {
    use kubeshape_core::diagnostic::Role;
    // A path given twice (a paste with two `# templates/a.yaml`): the last.
    let mut unique: Vec<crate::ChartFile> = Vec::with_capacity(files.len());
    for f in files.iter().rev() {
        if !unique.iter().any(|u| u.path == f.path) {
            unique.push(f.clone());
        }
    }
    unique.reverse();
    let files = &unique[..];
    let render = crate::render(files, opts);
    // Linted: the rendered templates, and the CRDs for their schemas.
    let mut names: Vec<String> = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    let mut roles: Vec<Role> = Vec::new();
    for f in files.iter().filter(|f| {
        f.path.starts_with("crds/") && (f.path.ends_with(".yaml") || f.path.ends_with(".yml"))
    }) {
        names.push(f.path.clone());
        texts.push(f.text.to_string());
        roles.push(Role::Crds);
    }
    let mut rendered = Vec::new();
    for i in manifests(&render, include_tests) {
        rendered.push((names.len(), i));
        names.push(render.rendered[i].name.clone());
        texts.push(render.rendered[i].output.text.clone());
        roles.push(Role::Manifest);
    }
    let inputs: Vec<kubeshape_core::Input<'_>> = names
        .iter()
        .zip(&texts)
        .zip(&roles)
        .map(|((n, t), r)| kubeshape_core::Input::new(n, t).with_role(*r))
        .collect();
    let mut report =
        kubeshape_core::lint_with(&inputs, settings, kubeshape_core::Options::default());
    // Added, not read: the files findings move to (templates, values files,
    // Chart.yaml), and the `--values` files.
    for f in files {
        let base = f.path.rsplit('/').next().unwrap_or(&f.path);
        if f.path.contains("templates/") || base == "values.yaml" || base == "Chart.yaml" {
            report.add_origin(&f.path);
            texts.push(f.text.to_string());
        }
    }
    for (name, text) in &opts.values_files {
        report.add_origin(name);
        texts.push(text.clone());
    }
    let file_names = report.files.clone();
    let lookup = |path: &str| file_names.iter().position(|n| n == path);
    let mut values: Vec<ValuesFile> = opts
        .values_files
        .iter()
        .rev()
        .map(|(name, text)| ValuesFile {
            file: lookup(name),
            name: name.clone(),
            text: text.clone(),
            scope: Vec::new(),
        })
        .collect();
    for c in &render.charts {
        let rel = format!("{}values.yaml", c.prefix);
        if let Some(f) = files.iter().find(|f| f.path == rel) {
            values.push(ValuesFile {
                file: lookup(&rel),
                name: rel.clone(),
                text: f.text.to_string(),
                scope: c.scope.clone(),
            });
        }
    }
    let place = Placement {
        rendered,
        file_index: &lookup,
        values,
    };
    let text_refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    relocate(&mut report, &render, &place, &text_refs, settings);
    Checked {
        render,
        report,
        texts,
    }
}
