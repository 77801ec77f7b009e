//! SARIF 2.1.0, the format code-scanning services read.

use serde_json::{json, Value};

use super::{Lang, Report, Severity, TOOL_NAME, TOOL_VERSION};
use crate::rules::{self, RuleMeta};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A file name as a relative URI reference.
fn uri(name: &str) -> String {
    let name = if name == "-" { "stdin" } else { name };
    let mut out = String::new();
    for c in name.replace('\\', "/").chars() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '.' | '_' | '~' | '/' | ':' => out.push(c),
            other => {
                let mut buf = [0u8; 4];
                for b in other.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    out
}

/// A rule's help in Markdown: what, why, the example and its correction.
fn markdown(meta: &RuleMeta, lang: Lang) -> String {
    format!(
        "{}\n\n**{}**\n\n{}\n\n```yaml\n{}\n```\n\n{}\n\n```yaml\n{}\n```",
        meta.what(lang),
        lang.pick("Why is this bad?", "为什么有问题？"),
        meta.why(lang),
        meta.example(),
        lang.pick("Use instead:", "应改为："),
        meta.use_instead()
    )
}

/// The `reportingDescriptor` of a rule.
pub fn rule_descriptor(meta: &RuleMeta, lang: Lang) -> Value {
    let markdown = markdown(meta, lang);
    json!({
        "id": meta.id,
        "name": meta.id,
        "shortDescription": {"text": meta.title(lang)},
        "fullDescription": {"text": meta.what(lang)},
        "help": {"text": meta.fix(lang), "markdown": markdown},
        "helpUri": meta.page(),
        "defaultConfiguration": {"level": level(meta.severity), "enabled": meta.default_on()},
        "properties": {"category": meta.category.as_str(), "fixable": meta.fixable.as_str(), "seed": meta.seed, "tags": [meta.category.as_str(), "kubernetes"]},
    })
}

/// The report as a SARIF 2.1.0 log with one run.
pub fn to_sarif(report: &Report, lang: Lang) -> Value {
    let catalogue = rules::all();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let index = catalogue.iter().position(|r| r.meta().id == f.rule);
            let file = report.files.get(f.file).map_or("<input>", String::as_str);
            let logical = logical_name(report, f);
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": {"text": format!("{} {}", f.message.get(lang), f.help.get(lang)).trim().to_owned()},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(file), "index": f.file},
                        "region": region_json(f.span),
                    },
                }],
                "properties": {"document": f.document, "category": f.category.as_str()},
                "partialFingerprints": {FINGERPRINT: fingerprint(f.rule, &uri(file), &logical, (f.span.start.line, f.span.start.column))},
            });
            if !logical.is_empty() {
                result["locations"][0]["logicalLocations"] = json!([{"fullyQualifiedName": logical}]);
            }
            if let Some(i) = index {
                result["ruleIndex"] = json!(i);
            }
            if !f.related.is_empty() {
                let related: Vec<Value> = f.related.iter().enumerate().map(|(i, r)| {
                    let file = report.files.get(r.file).map_or("<input>", String::as_str);
                    json!({
                        "id": i,
                        "message": {"text": r.message.get(lang)},
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri(file), "index": r.file},
                            "region": region_json(r.span),
                        },
                    })
                }).collect();
                result["relatedLocations"] = Value::Array(related);
            }
            if f.suppressed {
                result["suppressions"] = json!([{"kind": "inSource", "justification": "kubeshape.io/ignore annotation"}]);
            }
            if let Some(fix) = &f.fix {
                let replacements: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|e| {
                        json!({
                            "deletedRegion": {"startLine": e.from.0, "startColumn": e.from.1, "endLine": e.to.0, "endColumn": e.to.1},
                            "insertedContent": {"text": e.text},
                        })
                    })
                    .collect();
                result["fixes"] = json!([{
                    "description": {"text": f.help.get(lang)},
                    "artifactChanges": [{"artifactLocation": {"uri": uri(file), "index": f.file}, "replacements": replacements}],
                }]);
            }
            result
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": TOOL_NAME,
                "version": TOOL_VERSION,
                "informationUri": "https://github.com/kubeshape/kubeshape",
                "rules": catalogue.iter().map(|r| rule_descriptor(r.meta(), lang)).collect::<Vec<_>>(),
            }},
            "columnKind": "unicodeCodePoints",
            "artifacts": report.files.iter().map(|f| json!({"location": {"uri": uri(f)}})).collect::<Vec<_>>(),
            "results": results,
        }],
    })
}

/// A span's region: its start, and an end never before it (a point span
/// ends where it starts).
fn region_bounds(span: crate::parse::Span) -> ((u32, u32), (u32, u32)) {
    let start = (span.start.line, span.start.column);
    let end_column = if span.end.line > span.start.line {
        span.end.column
    } else {
        span.end.column.max(span.start.column)
    };
    (start, (span.end.line.max(start.0), end_column))
}

fn region_json(span: crate::parse::Span) -> Value {
    let ((line, column), (end_line, end_column)) = region_bounds(span);
    json!({"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column})
}

/// [`region`] of a span, for the streaming writer.
fn span_region(w: &mut super::json::Writer, span: crate::parse::Span) {
    let (start, end) = region_bounds(span);
    region(w, "region", start, end);
}

/// The key of `partialFingerprints` that code scanning matches results by.
pub const FINGERPRINT: &str = "kubeshape/v1";

/// A finding's fingerprint: the same finding in the next run (the file
/// edited above or below it, lines moved) has the same one, so code
/// scanning keeps one alert rather than closing it and opening another. A
/// hash (FNV-1a, 64 bits, hex) of the rule, the file and the logical
/// location (object and field); without one (a YAML error), the line and
/// column instead.
pub fn fingerprint(rule: &str, file: &str, logical: &str, at: (u32, u32)) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut add = |bytes: &[u8]| {
        for &b in bytes.iter().chain([0u8].iter()) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    add(rule.as_bytes());
    add(file.as_bytes());
    if logical.is_empty() {
        add(format!("{}:{}", at.0, at.1).as_bytes());
    } else {
        add(logical.as_bytes());
    }
    format!("{hash:016x}")
}

/// `Kind/name:path` (or the path alone) for a finding's logical location.
fn logical_name(report: &Report, f: &super::Finding) -> String {
    match report.object_of(f) {
        Some(o) => format!(
            "{}/{}{}",
            o.kind.as_deref().unwrap_or("object"),
            o.name.as_deref().unwrap_or("(unnamed)"),
            if f.path.is_empty() {
                String::new()
            } else {
                format!(":{}", f.path)
            }
        ),
        None => f.path.clone(),
    }
}

/// `"artifactLocation": {"index", "uri"}`, `uri` as [`uri`] writes it.
fn artifact_location(w: &mut super::json::Writer, index: usize, uri: &str) {
    w.key("artifactLocation");
    w.open('{');
    w.field_num("index", index as u64);
    w.field_str("uri", uri);
    w.close('}');
}

/// A region from (line, column) to (line, column), keys in serde's order.
fn region(w: &mut super::json::Writer, key: &str, from: (u32, u32), to: (u32, u32)) {
    w.key(key);
    w.open('{');
    w.field_num("endColumn", to.1);
    w.field_num("endLine", to.0);
    w.field_num("startColumn", from.1);
    w.field_num("startLine", from.0);
    w.close('}');
}

/// The SARIF log written straight to text: byte for byte what
/// `serde_json::to_string_pretty(&to_sarif(..))` prints (tested), without
/// building a value first — so the playground's download carries no serde.
pub fn to_sarif_string(report: &Report, lang: Lang) -> String {
    write_sarif(report, lang, None)
}

/// [`to_sarif_string`] written to `out` piece by piece (the same bytes):
/// the log of a large folder runs to hundreds of megabytes.
pub fn write_sarif_to(
    report: &Report,
    lang: Lang,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    super::json::stream(out, |sink| write_sarif(report, lang, sink))
}

fn write_sarif(report: &Report, lang: Lang, mut sink: super::json::Sink<'_>) -> String {
    use super::json::Writer;
    let catalogue = rules::all();
    let mut w = Writer::for_sink(true, &sink, || 4096 + report.findings.len() * 900);
    let uris = head(&mut w, report, &mut sink);
    for f in &report.findings {
        result(&mut w, report, f, (&uris, catalogue), lang);
        w.spill(&mut sink);
    }
    tail(&mut w, lang, catalogue);
    w.out
}

/// The log up to its first result; gives each file's URI.
fn head(
    w: &mut super::json::Writer,
    report: &Report,
    sink: &mut super::json::Sink<'_>,
) -> Vec<String> {
    let uris: Vec<String> = report.files.iter().map(|f| uri(f)).collect();
    w.open('{');
    w.field_str("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    w.key("runs");
    w.open('[');
    w.element();
    w.open('{');
    w.key("artifacts");
    w.open('[');
    for uri in &uris {
        w.element();
        w.open('{');
        w.key("location");
        w.open('{');
        w.field_str("uri", uri);
        w.close('}');
        w.close('}');
        w.spill(sink);
    }
    w.close(']');
    w.field_str("columnKind", "unicodeCodePoints");
    w.key("results");
    w.open('[');
    uris
}

/// One result: `uris` are the files' (see [`head`]).
fn result(
    w: &mut super::json::Writer,
    report: &Report,
    f: &super::Finding,
    (uris, catalogue): (&[String], &[&dyn rules::Rule]),
    lang: Lang,
) {
    let fallback;
    let file = match uris.get(f.file) {
        Some(uri) => uri.as_str(),
        None => {
            fallback = uri("<input>");
            &fallback
        }
    };
    let logical = logical_name(report, f);
    w.element();
    w.open('{');
    if let Some(fix) = &f.fix {
        w.key("fixes");
        w.open('[');
        w.element();
        w.open('{');
        w.key("artifactChanges");
        w.open('[');
        w.element();
        w.open('{');
        artifact_location(w, f.file, file);
        w.key("replacements");
        w.open('[');
        for e in &fix.edits {
            w.element();
            w.open('{');
            region(w, "deletedRegion", e.from, e.to);
            w.key("insertedContent");
            w.open('{');
            w.key("text");
            w.edit_text(&e.text);
            w.close('}');
            w.close('}');
        }
        w.close(']');
        w.close('}');
        w.close(']');
        w.key("description");
        w.open('{');
        w.field_str("text", f.help.get(lang));
        w.close('}');
        w.close('}');
        w.close(']');
    }
    w.field_str("level", level(f.severity));
    w.key("locations");
    w.open('[');
    w.element();
    w.open('{');
    if !logical.is_empty() {
        w.key("logicalLocations");
        w.open('[');
        w.element();
        w.open('{');
        w.field_str("fullyQualifiedName", &logical);
        w.close('}');
        w.close(']');
    }
    w.key("physicalLocation");
    w.open('{');
    artifact_location(w, f.file, file);
    span_region(w, f.span);
    w.close('}');
    w.close('}');
    w.close(']');
    w.key("message");
    w.open('{');
    let text = format!("{} {}", f.message.get(lang), f.help.get(lang));
    w.field_str("text", text.trim());
    w.close('}');
    w.key("partialFingerprints");
    w.open('{');
    let at = (f.span.start.line, f.span.start.column);
    w.field_str(FINGERPRINT, &fingerprint(f.rule, file, &logical, at));
    w.close('}');
    w.key("properties");
    w.open('{');
    w.field_str("category", f.category.as_str());
    w.field_num("document", f.document as u64);
    w.close('}');
    if !f.related.is_empty() {
        w.key("relatedLocations");
        w.open('[');
        for (i, r) in f.related.iter().enumerate() {
            w.element();
            w.open('{');
            w.field_num("id", i as u64);
            w.key("message");
            w.open('{');
            w.field_str("text", r.message.get(lang));
            w.close('}');
            w.key("physicalLocation");
            w.open('{');
            let fallback;
            let file = match uris.get(r.file) {
                Some(uri) => uri.as_str(),
                None => {
                    fallback = uri("<input>");
                    &fallback
                }
            };
            artifact_location(w, r.file, file);
            span_region(w, r.span);
            w.close('}');
            w.close('}');
        }
        w.close(']');
    }
    w.field_str("ruleId", f.rule);
    if let Some(i) = catalogue.iter().position(|r| r.meta().id == f.rule) {
        w.field_num("ruleIndex", i as u64);
    }
    if f.suppressed {
        w.key("suppressions");
        w.open('[');
        w.element();
        w.open('{');
        w.field_str("justification", "kubeshape.io/ignore annotation");
        w.field_str("kind", "inSource");
        w.close('}');
        w.close(']');
    }
    w.close('}');
}

/// The log after its last result: the tool and its rules.
fn tail(w: &mut super::json::Writer, lang: Lang, catalogue: &[&dyn rules::Rule]) {
    w.close(']');
    w.key("tool");
    w.open('{');
    w.key("driver");
    w.open('{');
    w.field_str("informationUri", "https://github.com/kubeshape/kubeshape");
    w.field_str("name", TOOL_NAME);
    w.key("rules");
    w.open('[');
    for rule in catalogue {
        let meta = rule.meta();
        w.element();
        w.open('{');
        w.key("defaultConfiguration");
        w.open('{');
        w.field_bool("enabled", meta.default_on());
        w.field_str("level", level(meta.severity));
        w.close('}');
        w.key("fullDescription");
        w.open('{');
        w.field_str("text", &meta.what(lang));
        w.close('}');
        w.key("help");
        w.open('{');
        w.field_str("markdown", &markdown(meta, lang));
        w.field_str("text", &meta.fix(lang));
        w.close('}');
        w.field_str("helpUri", &meta.page());
        w.field_str("id", meta.id);
        w.field_str("name", meta.id);
        w.key("properties");
        w.open('{');
        w.field_str("category", meta.category.as_str());
        w.field_opt("fixable", meta.fixable.as_str());
        w.field_str("seed", meta.seed);
        w.key("tags");
        w.open('[');
        w.element();
        w.string(meta.category.as_str());
        w.element();
        w.string("kubernetes");
        w.close(']');
        w.close('}');
        w.key("shortDescription");
        w.open('{');
        w.field_str("text", &meta.title(lang));
        w.close('}');
        w.close('}');
    }
    w.close(']');
    w.field_str("version", TOOL_VERSION);
    w.close('}');
    w.close('}');
    w.close('}');
    w.close(']');
    w.field_str("version", "2.1.0");
    w.close('}');
}

/// A SARIF log written as [`crate::lint_each`] hands over the findings, a
/// few files' worth at a time: the bytes [`write_sarif_to`] writes.
pub struct SarifStream<'o> {
    output: super::json::Output<'o>,
    lang: Lang,
    /// The files' URIs, once the log's head is written.
    uris: Option<Vec<String>>,
}

impl<'o> SarifStream<'o> {
    pub fn new(out: &'o mut dyn std::io::Write, lang: Lang) -> Self {
        SarifStream {
            output: super::json::Output::new(out, true),
            lang,
            uris: None,
        }
    }

    /// Writes the log's head, once.
    fn start(&mut self, report: &Report) {
        if self.uris.is_none() {
            let uris = self
                .output
                .with_sink(|w, mut sink| head(w, report, &mut sink));
            self.uris = Some(uris);
        }
    }

    /// Writes `findings`, of `report` (its files and objects).
    pub fn findings(&mut self, report: &Report, findings: &[super::Finding]) {
        self.start(report);
        let catalogue = rules::all();
        let uris = self.uris.as_deref().unwrap_or_default();
        for f in findings {
            result(&mut self.output.w, report, f, (uris, catalogue), self.lang);
            self.output.spill();
        }
    }

    /// Writes the rest of the log; gives the first write error, if any.
    pub fn finish(mut self, report: &Report) -> std::io::Result<()> {
        self.start(report);
        tail(&mut self.output.w, self.lang, rules::all());
        self.output.finish()
    }
}

impl super::ReportStream for SarifStream<'_> {
    fn findings(&mut self, report: &Report, findings: &[super::Finding]) {
        SarifStream::findings(self, report, findings);
    }

    fn finish(self: Box<Self>, report: &Report) -> std::io::Result<()> {
        SarifStream::finish(*self, report)
    }
}
