//! The JSON report written by hand: the same bytes serde_json prints for
//! [`Report::to_json`](super::Report::to_json) (keys in alphabetical order,
//! serde_json's escapes, its two-space pretty layout), without building a
//! `Value` of thousands of maps first.

mod writer;

use super::{Counts, Finding, Lang, ObjectFact, Report, TOOL_NAME, TOOL_VERSION};
use writer::count;
pub(crate) use writer::Writer;
pub(super) use writer::KEYED;

/// The keys of the report's findings and objects, with their depth below
/// a finding's: its own fields (and an object's), those of its `object` and
/// `fix`, and those of a fix's edits. For the `fast-json` writer, also as
/// written after another element, pretty (a finding's keys are at depth
/// three: six spaces) and compact: literals, so that writing one is a copy
/// of a length known when compiling, not a call to copy a string.
macro_rules! keys {
    ($($name:literal $below:tt,)*) => {
        const KEYS: [(&str, usize); 33] = [$(($name, $below),)*];
        const PRETTY: [&str; 33] =
            [$(concat!(",\n      ", keys!(@indent $below), "\"", $name, "\": "),)*];
        const COMPACT: [&str; 33] = [$(concat!(",\"", $name, "\":"),)*];
    };
    (@indent 0) => { "" };
    (@indent 1) => { "  " };
    (@indent 3) => { "      " };
}

keys! {
    "category" 0,
    "column" 0,
    "document" 0,
    "end_column" 0,
    "end_line" 0,
    "file" 0,
    "fix" 0,
    "help" 0,
    "kind" 0,
    "line" 0,
    "message" 0,
    "name" 0,
    "namespace" 0,
    "object" 0,
    "path" 0,
    "qos" 0,
    "rule" 0,
    "severity" 0,
    "suppressed" 0,
    "kind" 1,
    "name" 1,
    "namespace" 1,
    "edits" 1,
    "safe" 1,
    "title" 1,
    "column" 3,
    "end" 3,
    "end_column" 3,
    "end_line" 3,
    "line" 3,
    "start" 3,
    "text" 3,
    "detail" 0,
}
const CATEGORY: usize = 0;
const COLUMN: usize = 1;
const DOCUMENT: usize = 2;
const END_COLUMN: usize = 3;
const END_LINE: usize = 4;
const FILE: usize = 5;
const FIX: usize = 6;
const HELP: usize = 7;
const KIND_AT_TOP: usize = 8;
const LINE: usize = 9;
const MESSAGE: usize = 10;
const NAME_AT_TOP: usize = 11;
const NAMESPACE_AT_TOP: usize = 12;
const OBJECT: usize = 13;
const PATH: usize = 14;
const QOS: usize = 15;
const RULE: usize = 16;
const SEVERITY: usize = 17;
const SUPPRESSED: usize = 18;
const KIND: usize = 19;
const NAME: usize = 20;
const NAMESPACE: usize = 21;
const EDITS: usize = 22;
const SAFE: usize = 23;
const TITLE: usize = 24;
const EDIT_COLUMN: usize = 25;
const EDIT_END: usize = 26;
const EDIT_END_COLUMN: usize = 27;
const EDIT_END_LINE: usize = 28;
const EDIT_LINE: usize = 29;
const EDIT_START: usize = 30;
const EDIT_TEXT: usize = 31;
const DETAIL: usize = 32;

/// Writes key `at` of [`KEYS`]: from the literals with `keyed`.
#[inline(always)]
fn key(w: &mut Writer, keyed: bool, at: usize) {
    if !keyed {
        return w.key(KEYS[at].0);
    }
    debug_assert_eq!(w.depth, 3 + KEYS[at].1, "{}", KEYS[at].0);
    let first = w
        .first
        .last_mut()
        .is_some_and(|first| std::mem::replace(first, false));
    // Four copies, each of a constant length once `at` is known.
    match (w.pretty, first) {
        (true, false) => w.out.push_str(PRETTY[at]),
        (true, true) => w.out.push_str(&PRETTY[at][1..]),
        (false, false) => w.out.push_str(COMPACT[at]),
        (false, true) => w.out.push_str(&COMPACT[at][1..]),
    }
}

/// `file` is the finding's file name as a JSON string literal: each name
/// is escaped once, not once per finding. `object`: the object it is about.
fn finding(
    w: &mut Writer,
    k: bool,
    f: &Finding,
    (file, object, files): (&str, Option<&ObjectFact>, &[String]),
    lang: Lang,
) {
    w.element();
    w.open('{');
    key(w, k, CATEGORY);
    w.word(f.category.as_str());
    key(w, k, COLUMN);
    w.number(u64::from(f.span.start.column));
    if let Some(detail) = &f.detail {
        key(w, k, DETAIL);
        w.string(detail);
    }
    key(w, k, DOCUMENT);
    w.number(count(f.document));
    key(w, k, END_COLUMN);
    w.number(u64::from(f.span.end.column));
    key(w, k, END_LINE);
    w.number(u64::from(f.span.end.line));
    key(w, k, FILE);
    w.out.push_str(file);
    key(w, k, FIX);
    // Always `null` in builds without fixes (their code is left out).
    match f.fix.as_ref().filter(|_| cfg!(feature = "fixes")) {
        Some(fix) => {
            w.open('{');
            key(w, k, EDITS);
            w.open('[');
            for e in &fix.edits {
                w.element();
                w.open('{');
                key(w, k, EDIT_COLUMN);
                w.number(u64::from(e.from.1));
                key(w, k, EDIT_END);
                w.number(count(e.end));
                key(w, k, EDIT_END_COLUMN);
                w.number(u64::from(e.to.1));
                key(w, k, EDIT_END_LINE);
                w.number(u64::from(e.to.0));
                key(w, k, EDIT_LINE);
                w.number(u64::from(e.from.0));
                key(w, k, EDIT_START);
                w.number(count(e.start));
                key(w, k, EDIT_TEXT);
                w.edit_text(&e.text);
                w.close('}');
            }
            w.close(']');
            key(w, k, SAFE);
            w.boolean(fix.safe);
            key(w, k, TITLE);
            // The title is the help, written again below: escaped once.
            let at = w.out.len();
            w.string(f.help.get(lang));
            w.escaped.clear();
            w.escaped.push_str(w.out.get(at..).unwrap_or_default());
            w.close('}');
        }
        None => {
            if cfg!(feature = "fixes") {
                w.escaped.clear();
            }
            w.out.push_str("null");
        }
    }
    key(w, k, HELP);
    if !cfg!(feature = "fixes") || w.escaped.is_empty() {
        w.string(f.help.get(lang));
    } else {
        w.out.push_str(&w.escaped);
    }
    key(w, k, LINE);
    w.number(u64::from(f.span.start.line));
    key(w, k, MESSAGE);
    w.string(f.message.get(lang));
    key(w, k, OBJECT);
    match object {
        Some(o) => {
            w.open('{');
            key(w, k, KIND);
            w.opt(o.kind.as_deref());
            key(w, k, NAME);
            w.opt(o.name.as_deref());
            key(w, k, NAMESPACE);
            w.opt(o.namespace.as_deref());
            w.close('}');
        }
        None => w.out.push_str("null"),
    }
    key(w, k, PATH);
    w.string(&f.path);
    // Only where there are some (few findings have any).
    if !f.related.is_empty() {
        w.key("related");
        w.open('[');
        for r in &f.related {
            w.element();
            w.open('{');
            w.field_num("column", r.span.start.column);
            w.field_num("end_column", r.span.end.column);
            w.field_num("end_line", r.span.end.line);
            w.key("file");
            w.out.push_str(self::file(files, r.file));
            w.field_num("line", r.span.start.line);
            w.key("message");
            w.string(r.message.get(lang));
            w.close('}');
        }
        w.close(']');
    }
    // Only for a finding moved from a rendered template to its line (only
    // builds with the Helm renderer make them).
    #[cfg(feature = "rendered")]
    if let Some(at) = &f.rendered {
        w.key("rendered");
        w.open('{');
        w.field_num("column", at.column);
        w.key("file");
        w.string(&at.name);
        w.field_num("line", at.line);
        w.close('}');
    }
    key(w, k, RULE);
    w.word(f.rule);
    key(w, k, SEVERITY);
    w.word(f.severity.as_str());
    key(w, k, SUPPRESSED);
    w.boolean(f.suppressed);
    #[cfg(feature = "rendered")]
    if let Some(at) = &f.rendered {
        w.key("values");
        w.open('[');
        for r in at.values.iter().filter_map(|&i| f.related.get(i)) {
            w.element();
            w.open('{');
            w.field_num("column", r.span.start.column);
            w.key("file");
            w.out.push_str(self::file(files, r.file));
            w.field_num("line", r.span.start.line);
            w.key("message");
            w.string(r.message.get(lang));
            w.close('}');
        }
        w.close(']');
    }
    w.close('}');
}

/// `file` as in [`finding`].
fn object(w: &mut Writer, k: bool, o: &ObjectFact, file: &str) {
    w.element();
    w.open('{');
    key(w, k, DOCUMENT);
    w.number(count(o.document));
    key(w, k, FILE);
    w.out.push_str(file);
    key(w, k, KIND_AT_TOP);
    w.opt(o.kind.as_deref());
    key(w, k, LINE);
    w.number(u64::from(o.line));
    key(w, k, NAME_AT_TOP);
    w.opt(o.name.as_deref());
    key(w, k, NAMESPACE_AT_TOP);
    w.opt(o.namespace.as_deref());
    key(w, k, QOS);
    w.opt(o.qos.map(|q| q.as_str()));
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
    write_with(report, lang, failed, pretty, None, KEYED)
}

/// Where a writer hands its text on in pieces (see [`stream`]), if anywhere.
pub(super) type Sink<'s> = Option<&'s mut dyn FnMut(&str)>;

/// How much a writer with a sink collects before handing it on.
pub(super) const SPILL: usize = 256 * 1024;

/// Writes to `out` what `write` writes, in pieces of about [`SPILL`]
/// bytes (`write` hands them to the sink it is given and returns the
/// rest), so a report of a hundred megabytes never sits in memory whole.
pub(super) fn stream(
    out: &mut dyn std::io::Write,
    write: impl FnOnce(Sink<'_>) -> String,
) -> std::io::Result<()> {
    let mut result = Ok(());
    let mut sink = to(out, &mut result);
    let rest = write(Some(&mut sink));
    sink(&rest);
    drop(sink);
    result
}

/// A sink that writes each piece to `out`, until a write fails (`result`
/// keeps the first error; a closed pipe is no reason to stop linting).
fn to<'a>(
    out: &'a mut dyn std::io::Write,
    result: &'a mut std::io::Result<()>,
) -> impl FnMut(&str) + 'a {
    move |piece: &str| {
        if result.is_ok() {
            *result = out.write_all(piece.as_bytes());
        }
    }
}

/// A writer whose text goes to `out` in pieces of about [`SPILL`] bytes:
/// what the reports written as the findings come ([`JsonStream`],
/// [`super::sarif::SarifStream`]) write through.
pub(super) struct Output<'o> {
    out: &'o mut dyn std::io::Write,
    result: std::io::Result<()>,
    pub(super) w: Writer,
}

impl<'o> Output<'o> {
    pub(super) fn new(out: &'o mut dyn std::io::Write, pretty: bool) -> Self {
        Output {
            out,
            result: Ok(()),
            w: Writer::new(pretty, SPILL + 64 * 1024),
        }
    }

    /// Hands the text to `out` once it is [`SPILL`] long (between elements).
    pub(super) fn spill(&mut self) {
        if self.w.out.len() >= SPILL {
            self.with_sink(|w, mut sink| w.spill(&mut sink));
        }
    }

    /// Runs `write` on the writer with a sink to `out`, for the parts that
    /// spill as they go (a report's objects, a log's artifacts).
    pub(super) fn with_sink<T>(&mut self, write: impl FnOnce(&mut Writer, Sink<'_>) -> T) -> T {
        let mut sink = to(&mut *self.out, &mut self.result);
        write(&mut self.w, Some(&mut sink))
    }

    /// Writes the rest; gives the first write error, if any.
    pub(super) fn finish(mut self) -> std::io::Result<()> {
        let mut sink = to(&mut *self.out, &mut self.result);
        sink(&self.w.out);
        drop(sink);
        self.result
    }
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
    #[inline(always)]
    pub(super) fn spill(&mut self, sink: &mut Sink<'_>) {
        if let Some(sink) = sink.as_mut().filter(|_| self.out.len() >= SPILL) {
            sink(&self.out);
            self.out.clear();
        }
    }
}

/// `keyed`: write the keys of findings and objects from those literals
/// (the same bytes).
pub(super) fn write_with(
    report: &Report,
    lang: Lang,
    failed: Option<bool>,
    pretty: bool,
    mut sink: Sink<'_>,
    keyed: bool,
) -> String {
    let mut w = Writer::for_sink(pretty, &sink, || capacity(report, lang, pretty));
    let files = quoted_files(report);
    head(&mut w, failed);
    for f in &report.findings {
        finding(
            &mut w,
            keyed,
            f,
            (file(&files, f.file), report.object_of(f), &files),
            lang,
        );
        w.spill(&mut sink);
    }
    tail(
        &mut w,
        keyed,
        report,
        &files,
        &Counts::of(&report.findings),
        sink,
    );
    w.out
}

/// Each input file's name as a JSON string literal: each name is escaped
/// once, not once per finding.
fn quoted_files(report: &Report) -> Vec<String> {
    report.files.iter().map(|f| quote(f)).collect()
}

fn file(files: &[String], i: usize) -> &str {
    files.get(i).map_or("\"\"", String::as_str)
}

/// The report up to its first finding.
#[inline(always)]
fn head(w: &mut Writer, failed: Option<bool>) {
    // Findings and objects are objects in arrays in the report: depth 3.
    w.open('{');
    if let Some(failed) = failed {
        w.field_bool("failed", failed);
    }
    w.key("findings");
    w.open('[');
}

/// The report after its last finding: the objects, the summary (with
/// `counts` of the findings), the tool. (Inlined, `head` too: where the
/// sink is known to be none, the browser builds' case, both shrink.)
#[inline(always)]
fn tail(
    w: &mut Writer,
    keyed: bool,
    report: &Report,
    files: &[String],
    counts: &Counts,
    mut sink: Sink<'_>,
) {
    w.close(']');
    w.key("objects");
    w.open('[');
    for o in &report.objects {
        object(w, keyed, o, file(files, o.file));
        w.spill(&mut sink);
    }
    w.close(']');
    w.key("skipped");
    w.open('[');
    let mut skipped = 0;
    for (i, kind) in report.skipped() {
        w.element();
        w.open('{');
        w.key("file");
        w.out.push_str(file(files, i));
        w.key("kind");
        w.word(kind.as_str());
        w.close('}');
        skipped += 1;
    }
    w.close(']');
    w.key("summary");
    w.open('{');
    w.field_num("documents", count(report.documents));
    w.field_num("error", count(counts.error));
    w.field_num("files", count(report.checked_files()));
    w.field_num("info", count(counts.info));
    w.field_num("objects", count(report.objects.len()));
    w.field_num("skipped", count(skipped));
    w.field_num("suppressed", count(counts.suppressed));
    w.field_num("warning", count(counts.warning));
    w.close('}');
    w.key("tool");
    w.open('{');
    w.field_str("name", TOOL_NAME);
    w.field_str("version", TOOL_VERSION);
    w.close('}');
    w.field_num("version", 1u32);
    w.close('}');
}

/// A JSON report written as [`crate::lint_each`] hands over the findings,
/// a few files' worth at a time: the bytes [`Report::write_json`] writes
/// (without `failed`, which would come before the findings).
pub struct JsonStream<'o> {
    output: Output<'o>,
    lang: Lang,
    /// [`quoted_files`], once the first findings come.
    files: Option<Vec<String>>,
    counts: Counts,
}

impl<'o> JsonStream<'o> {
    pub fn new(out: &'o mut dyn std::io::Write, lang: Lang, pretty: bool) -> Self {
        let mut output = Output::new(out, pretty);
        head(&mut output.w, None);
        JsonStream {
            output,
            lang,
            files: None,
            counts: Counts::default(),
        }
    }

    /// Writes `findings`, of `report` (its files and objects).
    pub fn findings(&mut self, report: &Report, findings: &[Finding]) {
        let files = self.files.get_or_insert_with(|| quoted_files(report));
        for f in findings {
            let at = (file(files, f.file), report.object_of(f), &files[..]);
            finding(&mut self.output.w, KEYED, f, at, self.lang);
            self.counts.add(f);
            self.output.spill();
        }
    }

    /// Writes the rest of `report` (objects, summary); returns how many
    /// findings of each severity were written, or the first write error.
    pub fn finish(mut self, report: &Report) -> std::io::Result<Counts> {
        let files = self.files.take().unwrap_or_else(|| quoted_files(report));
        let counts = self.counts;
        self.output
            .with_sink(|w, sink| tail(w, KEYED, report, &files, &counts, sink));
        self.output.finish().map(|()| counts)
    }
}

impl super::ReportStream for JsonStream<'_> {
    fn findings(&mut self, report: &Report, findings: &[Finding]) {
        JsonStream::findings(self, report, findings);
    }

    fn finish(self: Box<Self>, report: &Report) -> std::io::Result<()> {
        JsonStream::finish(*self, report).map(drop)
    }
}

/// `text` as a JSON string literal, escaped as serde_json escapes it.
pub fn quote(text: &str) -> String {
    let mut w = Writer::new(false, text.len() + 2);
    w.string(text);
    w.out
}

#[cfg(test)]
mod tests;
