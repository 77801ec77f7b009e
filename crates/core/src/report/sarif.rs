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

/// The `reportingDescriptor` of a rule.
pub fn rule_descriptor(meta: &RuleMeta, lang: Lang) -> Value {
    let markdown = format!(
        "{}\n\n**{}**\n\n{}\n\n```yaml\n{}\n```\n\n{}\n\n```yaml\n{}\n```",
        meta.what(lang),
        lang.pick("Why is this bad?", "为什么有问题？"),
        meta.why(lang),
        meta.example(),
        lang.pick("Use instead:", "应改为："),
        meta.use_instead()
    );
    json!({
        "id": meta.id,
        "name": meta.id,
        "shortDescription": {"text": meta.title(lang)},
        "fullDescription": {"text": meta.what(lang)},
        "help": {"text": meta.fix(lang), "markdown": markdown},
        "defaultConfiguration": {"level": level(meta.severity), "enabled": meta.default_on()},
        "properties": {"category": meta.category.as_str(), "seed": meta.seed, "tags": [meta.category.as_str(), "kubernetes"]},
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
            let mut logical = f.path.clone();
            if let Some(o) = &f.object {
                logical = format!(
                    "{}/{}{}",
                    o.kind.as_deref().unwrap_or("object"),
                    o.name.as_deref().unwrap_or("(unnamed)"),
                    if f.path.is_empty() { String::new() } else { format!(":{}", f.path) }
                );
            }
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": {"text": format!("{} {}", f.message.get(lang), f.help.get(lang)).trim().to_owned()},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(file), "index": f.file},
                        "region": {
                            "startLine": f.span.start.line, "startColumn": f.span.start.column,
                            "endLine": f.span.end.line.max(f.span.start.line),
                            "endColumn": if f.span.end.line > f.span.start.line { f.span.end.column } else { f.span.end.column.max(f.span.start.column) },
                        },
                    },
                }],
                "properties": {"document": f.document, "category": f.category.as_str()},
            });
            if !logical.is_empty() {
                result["locations"][0]["logicalLocations"] = json!([{"fullyQualifiedName": logical}]);
            }
            if let Some(i) = index {
                result["ruleIndex"] = json!(i);
            }
            if f.suppressed {
                result["suppressions"] = json!([{"kind": "inSource", "justification": "kubeshape.io/ignore annotation"}]);
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
