//! Findings, reports and their serialisations (JSON v1, SARIF 2.1.0, human).

pub mod human;
mod json;
pub use json::{quote as json_quote, JsonStream};
pub mod sarif;

use serde_json::{json, Value};

pub use crate::diagnostic::{Category, Counts, Finding, Lang, ObjectFact, Report, Severity, Text};

/// A report written as [`crate::lint_each`] hands over the findings: the
/// JSON report ([`JsonStream`]) or the SARIF log ([`sarif::SarifStream`]).
pub trait ReportStream {
    /// Writes `findings`, of `report` (its files and objects).
    fn findings(&mut self, report: &Report, findings: &[Finding]);

    /// Writes the rest of the report; gives the first write error, if any.
    fn finish(self: Box<Self>, report: &Report) -> std::io::Result<()>;
}

pub const TOOL_NAME: &str = "kubeshape";
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

impl Report {
    /// The JSON report, version 1 (see DESIGN.md).
    pub fn to_json(&self, lang: Lang) -> Value {
        let file = |i: usize| self.files.get(i).cloned().unwrap_or_default();
        let objects: Vec<Value> = self
            .objects
            .iter()
            .map(|o| {
                json!({
                    "file": file(o.file), "document": o.document, "kind": o.kind, "name": o.name,
                    "namespace": o.namespace, "line": o.line, "qos": o.qos,
                })
            })
            .collect();
        let findings: Vec<Value> = self
            .findings
            .iter()
            .map(|f| {
                let mut finding = json!({
                    "rule": f.rule, "category": f.category, "severity": f.severity,
                    "message": f.message.get(lang), "help": f.help.get(lang),
                    "file": file(f.file), "document": f.document,
                    "line": f.span.start.line, "column": f.span.start.column,
                    "end_line": f.span.end.line, "end_column": f.span.end.column,
                    "path": f.path, "suppressed": f.suppressed,
                    "object": self.object_of(f).map(|o| json!({
                        "kind": o.kind, "name": o.name, "namespace": o.namespace,
                    })),
                    "fix": f.fix.as_ref().map(|x| json!({
                        "safe": x.safe, "title": f.help.get(lang),
                        "edits": x.edits.iter().map(|e| json!({
                            "start": e.start, "end": e.end, "text": e.text,
                            "line": e.from.0, "column": e.from.1,
                            "end_line": e.to.0, "end_column": e.to.1,
                        })).collect::<Vec<_>>(),
                    })),
                });
                // Only where there is one.
                if let (Some(detail), Some(map)) = (&f.detail, finding.as_object_mut()) {
                    map.insert("detail".to_owned(), json!(detail));
                }
                if let (false, Some(map)) = (f.related.is_empty(), finding.as_object_mut()) {
                    let related: Vec<Value> = f
                        .related
                        .iter()
                        .map(|r| {
                            json!({
                                "file": file(r.file), "line": r.span.start.line,
                                "column": r.span.start.column, "end_line": r.span.end.line,
                                "end_column": r.span.end.column, "message": r.message.get(lang),
                            })
                        })
                        .collect();
                    map.insert("related".to_owned(), Value::Array(related));
                }
                #[cfg(feature = "rendered")]
                if let (Some(at), Some(map)) = (&f.rendered, finding.as_object_mut()) {
                    map.insert(
                        "rendered".to_owned(),
                        json!({
                            "file": at.name, "line": at.line, "column": at.column,
                        }),
                    );
                    let values: Vec<Value> = at
                        .values
                        .iter()
                        .filter_map(|&i| f.related.get(i))
                        .map(|r| {
                            json!({
                                "file": file(r.file), "line": r.span.start.line,
                                "column": r.span.start.column, "message": r.message.get(lang),
                            })
                        })
                        .collect();
                    map.insert("values".to_owned(), Value::Array(values));
                }
                finding
            })
            .collect();
        json!({
            "version": 1,
            "tool": {"name": TOOL_NAME, "version": TOOL_VERSION},
            "summary": {
                "documents": self.documents, "objects": self.objects.len(),
                "files": self.checked_files(),
                "skipped": self.skipped().count(),
                "error": self.count(Severity::Error), "warning": self.count(Severity::Warning),
                "info": self.count(Severity::Info),
                "suppressed": self.findings.iter().filter(|f| f.suppressed).count(),
            },
            "objects": objects,
            "findings": findings,
            "skipped": self.skipped().map(|(i, kind)| json!({
                "file": file(i), "kind": kind.as_str(),
            })).collect::<Vec<_>>(),
        })
    }

    /// The same report written straight to text by [`json::write`], without
    /// building a value first: several times faster for 10,000 findings, and
    /// no serde code for the browser builds to carry. Byte for byte what
    /// serde_json prints for [`Report::to_json`] (tested). `failed`, when
    /// given, is added as the top-level `failed` field.
    pub fn to_json_string(&self, lang: Lang, failed: Option<bool>, pretty: bool) -> String {
        json::write(self, lang, failed, pretty)
    }

    /// [`Report::to_json_string`] written to `out` piece by piece (the
    /// same bytes), for reports too large to build as one string first.
    pub fn write_json(
        &self,
        out: &mut dyn std::io::Write,
        lang: Lang,
        failed: Option<bool>,
        pretty: bool,
    ) -> std::io::Result<()> {
        json::stream(out, |sink| {
            json::write_with(self, lang, failed, pretty, sink, json::KEYED)
        })
    }
}
