//! The JSON report written by hand: the same bytes serde_json prints for
//! [`Report::to_json`](super::Report::to_json) (keys in alphabetical order,
//! serde_json's escapes, its two-space pretty layout), without building a
//! `Value` of thousands of maps first.

use super::{Finding, Lang, ObjectFact, ObjectRef, Report, Severity, TOOL_NAME, TOOL_VERSION};

/// A JSON writer that prints what serde_json prints: the caller gives keys
/// in alphabetical order (serde_json's maps are sorted), and `pretty` is
/// serde_json's two-space layout.
pub(crate) struct Writer {
    pub(crate) out: String,
    pretty: bool,
    depth: usize,
    /// Whether the current object or array has had an element yet.
    first: Vec<bool>,
}

impl Writer {
    pub(crate) fn new(pretty: bool, capacity: usize) -> Self {
        Writer {
            out: String::with_capacity(capacity),
            pretty,
            depth: 0,
            first: Vec::new(),
        }
    }

    pub(crate) fn newline(&mut self) {
        if self.pretty {
            self.out.push('\n');
            for _ in 0..self.depth {
                self.out.push_str("  ");
            }
        }
    }

    pub(crate) fn open(&mut self, bracket: char) {
        self.out.push(bracket);
        self.depth += 1;
        self.first.push(true);
    }

    pub(crate) fn close(&mut self, bracket: char) {
        self.depth -= 1;
        let empty = self.first.pop().unwrap_or(true);
        if !empty {
            self.newline();
        }
        self.out.push(bracket);
    }

    /// Starts an element of the current array or object.
    pub(crate) fn element(&mut self) {
        if let Some(first) = self.first.last_mut() {
            if !*first {
                self.out.push(',');
            }
            *first = false;
        }
        self.newline();
    }

    pub(crate) fn key(&mut self, key: &str) {
        self.element();
        self.string(key);
        self.out.push(':');
        if self.pretty {
            self.out.push(' ');
        }
    }

    pub(crate) fn string(&mut self, text: &str) {
        self.out.push('"');
        let mut start = 0;
        for (i, b) in text.bytes().enumerate() {
            let escape = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0x00..=0x1f => "",
                _ => continue,
            };
            self.out.push_str(&text[start..i]);
            if escape.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                self.out.push_str("\\u00");
                self.out.push(HEX[usize::from(b >> 4)] as char);
                self.out.push(HEX[usize::from(b & 0xf)] as char);
            } else {
                self.out.push_str(escape);
            }
            start = i + 1;
        }
        self.out.push_str(&text[start..]);
        self.out.push('"');
    }

    pub(crate) fn field_str(&mut self, key: &str, value: &str) {
        self.key(key);
        self.string(value);
    }

    pub(crate) fn field_opt(&mut self, key: &str, value: Option<&str>) {
        self.key(key);
        match value {
            Some(v) => self.string(v),
            None => self.out.push_str("null"),
        }
    }

    pub(crate) fn field_num(&mut self, key: &str, value: impl Into<u64>) {
        self.key(key);
        self.out.push_str(&value.into().to_string());
    }

    pub(crate) fn field_bool(&mut self, key: &str, value: bool) {
        self.key(key);
        self.out.push_str(if value { "true" } else { "false" });
    }
}

fn count(n: usize) -> u64 {
    n as u64
}

fn finding(w: &mut Writer, f: &Finding, file: &str, lang: Lang) {
    w.element();
    w.open('{');
    w.field_str("category", f.category.as_str());
    w.field_num("column", f.span.start.column);
    w.field_num("document", count(f.document));
    w.field_num("end_column", f.span.end.column);
    w.field_num("end_line", f.span.end.line);
    w.field_str("file", file);
    w.key("fix");
    // Always `null` in builds without fixes (their code is left out).
    match f.fix.as_ref().filter(|_| cfg!(feature = "fixes")) {
        Some(fix) => {
            w.open('{');
            w.key("edits");
            w.open('[');
            for e in &fix.edits {
                w.element();
                w.open('{');
                w.field_num("column", e.from.1);
                w.field_num("end", count(e.end));
                w.field_num("end_column", e.to.1);
                w.field_num("end_line", e.to.0);
                w.field_num("line", e.from.0);
                w.field_num("start", count(e.start));
                w.field_str("text", &e.text);
                w.close('}');
            }
            w.close(']');
            w.field_bool("safe", fix.safe);
            w.field_str("title", f.help.get(lang));
            w.close('}');
        }
        None => w.out.push_str("null"),
    }
    w.field_str("help", f.help.get(lang));
    w.field_num("line", f.span.start.line);
    w.field_str("message", f.message.get(lang));
    w.key("object");
    match &f.object {
        Some(ObjectRef {
            kind,
            name,
            namespace,
        }) => {
            w.open('{');
            w.field_opt("kind", kind.as_deref());
            w.field_opt("name", name.as_deref());
            w.field_opt("namespace", namespace.as_deref());
            w.close('}');
        }
        None => w.out.push_str("null"),
    }
    w.field_str("path", &f.path);
    w.field_str("rule", f.rule);
    w.field_str("severity", f.severity.as_str());
    w.field_bool("suppressed", f.suppressed);
    w.close('}');
}

fn object(w: &mut Writer, o: &ObjectFact, file: &str) {
    w.element();
    w.open('{');
    w.field_num("document", count(o.document));
    w.field_str("file", file);
    w.field_opt("kind", o.kind.as_deref());
    w.field_num("line", o.line);
    w.field_opt("name", o.name.as_deref());
    w.field_opt("namespace", o.namespace.as_deref());
    w.field_opt("qos", o.qos.map(|q| q.as_str()));
    w.close('}');
}

pub(super) fn write(report: &Report, lang: Lang, failed: Option<bool>, pretty: bool) -> String {
    let mut w = Writer {
        out: String::with_capacity(256 + report.findings.len() * if pretty { 560 } else { 400 }),
        pretty,
        depth: 0,
        first: Vec::new(),
    };
    let file = |i: usize| report.files.get(i).map_or("", String::as_str);
    w.open('{');
    if let Some(failed) = failed {
        w.field_bool("failed", failed);
    }
    w.key("findings");
    w.open('[');
    for f in &report.findings {
        finding(&mut w, f, file(f.file), lang);
    }
    w.close(']');
    w.key("objects");
    w.open('[');
    for o in &report.objects {
        object(&mut w, o, file(o.file));
    }
    w.close(']');
    w.key("summary");
    w.open('{');
    w.field_num("documents", count(report.documents));
    w.field_num("error", count(report.count(Severity::Error)));
    w.field_num("info", count(report.count(Severity::Info)));
    w.field_num("objects", count(report.objects.len()));
    w.field_num(
        "suppressed",
        count(report.findings.iter().filter(|f| f.suppressed).count()),
    );
    w.field_num("warning", count(report.count(Severity::Warning)));
    w.close('}');
    w.key("tool");
    w.open('{');
    w.field_str("name", TOOL_NAME);
    w.field_str("version", TOOL_VERSION);
    w.close('}');
    w.field_num("version", 1u32);
    w.close('}');
    w.out
}

/// `text` as a JSON string literal, escaped as serde_json escapes it.
pub fn quote(text: &str) -> String {
    let mut w = Writer {
        out: String::with_capacity(text.len() + 2),
        pretty: false,
        depth: 0,
        first: Vec::new(),
    };
    w.string(text);
    w.out
}
