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
        const INDENT: &str = "\n                                ";
        if self.pretty {
            match INDENT.get(..1 + 2 * self.depth) {
                Some(indent) => self.out.push_str(indent),
                None => {
                    self.out.push('\n');
                    for _ in 0..self.depth {
                        self.out.push_str("  ");
                    }
                }
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
        // Keys are the report's own field names: nothing to escape.
        debug_assert!(key.bytes().all(|b| !NEEDS_ESCAPE[usize::from(b)]));
        self.out.push('"');
        self.out.push_str(key);
        self.out.push_str(if self.pretty { "\": " } else { "\":" });
    }

    /// Writes a [`Key`] made for the current depth: what [`Writer::key`]
    /// writes, in one piece.
    pub(crate) fn key_at(&mut self, key: &Key) {
        debug_assert_eq!(self.depth, key.depth, "{}", key.later);
        let first = self
            .first
            .last_mut()
            .is_some_and(|first| std::mem::replace(first, false));
        self.out
            .push_str(if first { &key.first } else { &key.later });
    }

    pub(crate) fn string(&mut self, text: &str) {
        self.out.push('"');
        let bytes = text.as_bytes();
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            // Only control characters, `"` and `\` need escaping: skip eight
            // bytes at a time while none of them does.
            if let Some(chunk) = bytes.get(i..i + 8) {
                let mut word = [0u8; 8];
                word.copy_from_slice(chunk);
                if !word_needs_escape(u64::from_le_bytes(word)) {
                    i += 8;
                    continue;
                }
            }
            let b = bytes[i];
            i += 1;
            if !NEEDS_ESCAPE[usize::from(b)] {
                continue;
            }
            self.out.push_str(&text[start..i - 1]);
            match b {
                b'"' => self.out.push_str("\\\""),
                b'\\' => self.out.push_str("\\\\"),
                b'\n' => self.out.push_str("\\n"),
                b'\r' => self.out.push_str("\\r"),
                b'\t' => self.out.push_str("\\t"),
                0x08 => self.out.push_str("\\b"),
                0x0c => self.out.push_str("\\f"),
                _ => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    self.out.push_str("\\u00");
                    self.out.push(HEX[usize::from(b >> 4)] as char);
                    self.out.push(HEX[usize::from(b & 0xf)] as char);
                }
            }
            start = i;
        }
        self.out.push_str(&text[start..]);
        self.out.push('"');
    }

    /// Writes a number without the formatting machinery (one call per
    /// line and column of every finding).
    pub(crate) fn number(&mut self, mut value: u64) {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        loop {
            at -= 1;
            digits[at] = b'0' + (value % 10) as u8;
            value /= 10;
            if value == 0 {
                break;
            }
        }
        for &d in &digits[at..] {
            self.out.push(char::from(d));
        }
    }

    pub(crate) fn field_str(&mut self, key: impl Name, value: &str) {
        key.write(self);
        self.string(value);
    }

    /// A field whose value is our own word (a rule id, a category, a
    /// severity): nothing to escape.
    pub(crate) fn field_word(&mut self, key: impl Name, value: &str) {
        key.write(self);
        debug_assert!(value.bytes().all(|b| !NEEDS_ESCAPE[usize::from(b)]));
        self.out.push('"');
        self.out.push_str(value);
        self.out.push('"');
    }

    /// A field whose value is already a JSON string literal ([`quote`]).
    pub(crate) fn field_quoted(&mut self, key: impl Name, quoted: &str) {
        key.write(self);
        self.out.push_str(quoted);
    }

    pub(crate) fn field_opt(&mut self, key: impl Name, value: Option<&str>) {
        key.write(self);
        match value {
            Some(v) => self.string(v),
            None => self.out.push_str("null"),
        }
    }

    pub(crate) fn field_num(&mut self, key: impl Name, value: impl Into<u64>) {
        key.write(self);
        self.number(value.into());
    }

    pub(crate) fn field_bool(&mut self, key: impl Name, value: bool) {
        key.write(self);
        self.out.push_str(if value { "true" } else { "false" });
    }
}

/// A key at a depth known in advance: the separator, newline, indentation,
/// quoted key and colon [`Writer::key`] writes for it, made once (a report
/// writes the same few keys hundreds of thousands of times).
pub(crate) struct Key {
    /// As the first element of its object.
    first: String,
    /// After another element.
    later: String,
    depth: usize,
}

impl Key {
    pub(crate) fn new(key: &str, depth: usize, pretty: bool) -> Key {
        let written = |first: bool| {
            let mut w = Writer::new(pretty, 0);
            w.depth = depth;
            w.first.push(first);
            w.key(key);
            w.out
        };
        Key {
            first: written(true),
            later: written(false),
            depth,
        }
    }
}

/// What names a field: a key written as it comes, or a [`Key`].
pub(crate) trait Name {
    fn write(self, w: &mut Writer);
}

impl Name for &str {
    fn write(self, w: &mut Writer) {
        w.key(self);
    }
}

impl Name for &Key {
    fn write(self, w: &mut Writer) {
        w.key_at(self);
    }
}

/// Which bytes [`Writer::string`] escapes.
const NEEDS_ESCAPE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// Whether any of the eight bytes of `word` is below 0x20, `"` or `\`
/// (the classic "has a zero byte" and "has a byte less than n" tricks).
fn word_needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let control = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
    let quote = zero_byte(word ^ (ONES * u64::from(b'"')));
    let backslash = zero_byte(word ^ (ONES * u64::from(b'\\')));
    control | quote | backslash != 0
}

fn count(n: usize) -> u64 {
    n as u64
}

/// The keys of the report's findings and objects, made once for the
/// depths they are written at (see [`Key`]).
struct Keys {
    /// A finding's (and an object's) own fields.
    category: Key,
    column: Key,
    document: Key,
    end_column: Key,
    end_line: Key,
    file: Key,
    fix: Key,
    help: Key,
    kind_at_top: Key,
    line: Key,
    message: Key,
    name_at_top: Key,
    namespace_at_top: Key,
    object: Key,
    path: Key,
    qos: Key,
    rule: Key,
    severity: Key,
    suppressed: Key,
    /// The fields of a finding's `object` and `fix`.
    kind: Key,
    name: Key,
    namespace: Key,
    edits: Key,
    safe: Key,
    title: Key,
    /// The fields of a fix's edits.
    edit_column: Key,
    edit_end: Key,
    edit_end_column: Key,
    edit_end_line: Key,
    edit_line: Key,
    edit_start: Key,
    edit_text: Key,
}

impl Keys {
    /// For findings and objects at `depth` (the report's arrays of them).
    fn new(depth: usize, pretty: bool) -> Keys {
        let top = |k| Key::new(k, depth, pretty);
        let inner = |k| Key::new(k, depth + 1, pretty);
        let edit = |k| Key::new(k, depth + 3, pretty);
        Keys {
            category: top("category"),
            column: top("column"),
            document: top("document"),
            end_column: top("end_column"),
            end_line: top("end_line"),
            file: top("file"),
            fix: top("fix"),
            help: top("help"),
            kind_at_top: top("kind"),
            line: top("line"),
            message: top("message"),
            name_at_top: top("name"),
            namespace_at_top: top("namespace"),
            object: top("object"),
            path: top("path"),
            qos: top("qos"),
            rule: top("rule"),
            severity: top("severity"),
            suppressed: top("suppressed"),
            kind: inner("kind"),
            name: inner("name"),
            namespace: inner("namespace"),
            edits: inner("edits"),
            safe: inner("safe"),
            title: inner("title"),
            edit_column: edit("column"),
            edit_end: edit("end"),
            edit_end_column: edit("end_column"),
            edit_end_line: edit("end_line"),
            edit_line: edit("line"),
            edit_start: edit("start"),
            edit_text: edit("text"),
        }
    }
}

/// `file` is the finding's file name as a JSON string literal: each name
/// is escaped once, not once per finding.
fn finding(w: &mut Writer, k: &Keys, f: &Finding, file: &str, lang: Lang) {
    w.element();
    w.open('{');
    w.field_word(&k.category, f.category.as_str());
    w.field_num(&k.column, f.span.start.column);
    w.field_num(&k.document, count(f.document));
    w.field_num(&k.end_column, f.span.end.column);
    w.field_num(&k.end_line, f.span.end.line);
    w.field_quoted(&k.file, file);
    w.key_at(&k.fix);
    // Always `null` in builds without fixes (their code is left out).
    match f.fix.as_ref().filter(|_| cfg!(feature = "fixes")) {
        Some(fix) => {
            w.open('{');
            w.key_at(&k.edits);
            w.open('[');
            for e in &fix.edits {
                w.element();
                w.open('{');
                w.field_num(&k.edit_column, e.from.1);
                w.field_num(&k.edit_end, count(e.end));
                w.field_num(&k.edit_end_column, e.to.1);
                w.field_num(&k.edit_end_line, e.to.0);
                w.field_num(&k.edit_line, e.from.0);
                w.field_num(&k.edit_start, count(e.start));
                w.field_str(&k.edit_text, &e.text);
                w.close('}');
            }
            w.close(']');
            w.field_bool(&k.safe, fix.safe);
            w.field_str(&k.title, f.help.get(lang));
            w.close('}');
        }
        None => w.out.push_str("null"),
    }
    w.field_str(&k.help, f.help.get(lang));
    w.field_num(&k.line, f.span.start.line);
    w.field_str(&k.message, f.message.get(lang));
    w.key_at(&k.object);
    match &f.object {
        Some(ObjectRef {
            kind,
            name,
            namespace,
        }) => {
            w.open('{');
            w.field_opt(&k.kind, kind.as_deref());
            w.field_opt(&k.name, name.as_deref());
            w.field_opt(&k.namespace, namespace.as_deref());
            w.close('}');
        }
        None => w.out.push_str("null"),
    }
    w.field_str(&k.path, &f.path);
    w.field_word(&k.rule, f.rule);
    w.field_word(&k.severity, f.severity.as_str());
    w.field_bool(&k.suppressed, f.suppressed);
    w.close('}');
}

/// `file` as in [`finding`].
fn object(w: &mut Writer, k: &Keys, o: &ObjectFact, file: &str) {
    w.element();
    w.open('{');
    w.field_num(&k.document, count(o.document));
    w.field_quoted(&k.file, file);
    w.field_opt(&k.kind_at_top, o.kind.as_deref());
    w.field_num(&k.line, o.line);
    w.field_opt(&k.name_at_top, o.name.as_deref());
    w.field_opt(&k.namespace_at_top, o.namespace.as_deref());
    w.field_opt(&k.qos, o.qos.map(|q| q.as_str()));
    w.close('}');
}

/// About how long the report will be: growing a string of many megabytes
/// by doubling copies it over and over.
fn capacity(report: &Report, lang: Lang, pretty: bool) -> usize {
    let layout = if pretty { 620 } else { 420 };
    let file = |i: usize| report.files.get(i).map_or(0, String::len);
    let findings: usize = report
        .findings
        .iter()
        .map(|f| {
            let fix = f.fix.as_ref().map_or(0, |fix| {
                fix.edits.iter().map(|e| e.text.len() + 220).sum::<usize>() + f.help.get(lang).len()
            });
            layout
                + file(f.file)
                + f.message.get(lang).len()
                + f.help.get(lang).len()
                + f.path.len()
                + fix
        })
        .sum();
    let objects: usize = report
        .objects
        .iter()
        .map(|o| layout / 2 + file(o.file))
        .sum();
    1024 + findings + objects
}

pub(super) fn write(report: &Report, lang: Lang, failed: Option<bool>, pretty: bool) -> String {
    write_with(report, lang, failed, pretty, None)
}

/// Where a writer hands its text on in pieces (see [`stream`]), if anywhere.
pub(super) type Sink<'s> = Option<&'s mut dyn FnMut(&str)>;

/// How much a writer with a sink collects before handing it on.
const SPILL: usize = 256 * 1024;

/// Writes to `out` what `write` writes, in pieces of about [`SPILL`]
/// bytes (`write` hands them to the sink it is given and returns the
/// rest), so a report of a hundred megabytes never sits in memory whole.
pub(super) fn stream(
    out: &mut dyn std::io::Write,
    write: impl FnOnce(Sink<'_>) -> String,
) -> std::io::Result<()> {
    let mut result = Ok(());
    let mut sink = |piece: &str| {
        if result.is_ok() {
            result = out.write_all(piece.as_bytes());
        }
    };
    let rest = write(Some(&mut sink));
    sink(&rest);
    result
}

impl Writer {
    /// A writer for [`stream`] (small buffer) or for one string of about
    /// `whole()` bytes (only estimated when needed: it reads every finding).
    pub(super) fn for_sink(pretty: bool, sink: &Sink<'_>, whole: impl FnOnce() -> usize) -> Self {
        let capacity = if sink.is_some() {
            SPILL + 64 * 1024
        } else {
            whole()
        };
        Writer::new(pretty, capacity)
    }

    /// Hands what is written so far to `sink` once it is [`SPILL`] long;
    /// called between elements.
    pub(super) fn spill(&mut self, sink: &mut Sink<'_>) {
        if let Some(sink) = sink.as_mut().filter(|_| self.out.len() >= SPILL) {
            sink(&self.out);
            self.out.clear();
        }
    }
}

pub(super) fn write_with(
    report: &Report,
    lang: Lang,
    failed: Option<bool>,
    pretty: bool,
    mut sink: Sink<'_>,
) -> String {
    let mut w = Writer::for_sink(pretty, &sink, || capacity(report, lang, pretty));
    let files: Vec<String> = report.files.iter().map(|f| quote(f)).collect();
    let file = |i: usize| files.get(i).map_or("\"\"", String::as_str);
    // Findings and objects are objects in arrays in the report: depth 3.
    let keys = Keys::new(3, pretty);
    w.open('{');
    if let Some(failed) = failed {
        w.field_bool("failed", failed);
    }
    w.key("findings");
    w.open('[');
    for f in &report.findings {
        finding(&mut w, &keys, f, file(f.file), lang);
        w.spill(&mut sink);
    }
    w.close(']');
    w.key("objects");
    w.open('[');
    for o in &report.objects {
        object(&mut w, &keys, o, file(o.file));
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

#[cfg(test)]
mod tests {
    use super::quote;

    /// Every escape at every offset of the eight-byte skipping, next to
    /// multi-byte characters: the same text serde_json writes.
    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let specials = [
            "\"", "\\", "\n", "\r", "\t", "\u{8}", "\u{c}", "\u{0}", "\u{1f}", "\u{7f}", "é",
            "容器", "!", "~",
        ];
        for len in 0..20 {
            for at in 0..=len {
                for s in specials {
                    let text = format!("{}{s}{}", "a".repeat(at), "b".repeat(len - at));
                    let want = serde_json::to_string(&text).expect("serialise");
                    assert_eq!(quote(&text), want, "{text:?}");
                }
            }
        }
        let all: String = (0u32..0x300).filter_map(char::from_u32).collect();
        assert_eq!(quote(&all), serde_json::to_string(&all).expect("serialise"));
    }
}
