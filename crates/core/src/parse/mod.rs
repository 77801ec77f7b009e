//! YAML text → documents of spanned nodes.
//!
//! Built on `saphyr-parser`'s event stream rather than a loader so that a
//! duplicate key, a runaway alias or an over-deep document becomes a located
//! issue while everything else in the input is still checked.

mod build;
pub mod explain;
#[cfg(feature = "fast-yaml")]
mod fast;
mod node;
mod position;

use build::Builder;
use position::{clamp, line_lengths, pos, Lengths};

use std::collections::HashMap;

use crate::text::lookalike::{self, Lookalike};
use crate::text::template::{self, Templated};

pub use node::{
    resolve_plain, Entry, Node, NodeValue, Pos, ScalarKind, ScalarStyle, ScalarTag, Span,
};
use saphyr_parser::{Event, Parser, ScalarStyle as SaphyrStyle};
use serde::{Deserialize, Serialize};

/// Hard limits that keep hostile input from exhausting time or memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Largest input accepted, in bytes.
    pub max_input_bytes: usize,
    /// Deepest nesting of mappings and sequences in one document.
    pub max_depth: usize,
    /// Most nodes one input may build, counting every alias expansion
    /// (this is what stops a "billion laughs" document).
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 8 * 1024 * 1024,
            max_depth: 100,
            max_nodes: 1_000_000,
        }
    }
}

/// One YAML document of the input.
#[derive(Debug, Clone, PartialEq)]
pub struct Document<'t> {
    /// 0-based position of the document in its file.
    pub index: usize,
    /// `None` for an empty document or one abandoned at a limit.
    pub root: Option<Node<'t>>,
    pub start: Pos,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssueKind {
    Syntax,
    DuplicateKey,
    Limit,
}

/// Something wrong with the text itself, found while parsing.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseIssue {
    pub kind: IssueKind,
    pub span: Span,
    pub document: usize,
    /// The parser's own words (English), or ours for limits.
    pub detail: String,
    /// For duplicate keys: the key and the line of its first occurrence.
    pub duplicate: Option<(String, u32)>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parsed<'t> {
    pub documents: Vec<Document<'t>>,
    pub issues: Vec<ParseIssue>,
    /// Where each line of the text starts ([`crate::text::line_starts`]),
    /// kept for the fixes' byte positions; empty for a text over the size
    /// limit.
    pub line_starts: Vec<u32>,
    /// Whether the text is all ASCII (a column is then a byte count).
    pub ascii: bool,
}

/// One parsed input file; borrows the caller's text (no copy of the input).
#[derive(Debug, Clone)]
pub struct SourceFile<'t> {
    /// Borrowed, like the text: a file's name was copied once more for
    /// every file (the report keeps its own copy).
    pub name: &'t str,
    pub text: &'t str,
    pub documents: Vec<Document<'t>>,
    /// Where its lines start, from the parser (fixes use them).
    pub line_starts: Vec<u32>,
    /// Whether its text is all ASCII.
    pub ascii: bool,
    /// Characters that look like YAML syntax but are not, where syntax is
    /// meant (see [`crate::text::lookalike`]); the tree is the parse of the
    /// text with them replaced by what they stand for.
    pub lookalikes: &'t [Lookalike],
    /// Its documents that are templates not rendered yet (see
    /// [`crate::text::template`]).
    pub templates: &'t [Templated],
}

impl<'t> SourceFile<'t> {
    /// The file `name` whose text `parsed` is the parse of; also gives
    /// back the problems the parser found.
    pub fn new(name: &'t str, text: &'t str, parsed: Parsed<'t>) -> (Self, Vec<ParseIssue>) {
        let file = SourceFile {
            name,
            text,
            documents: parsed.documents,
            line_starts: parsed.line_starts,
            ascii: parsed.ascii,
            lookalikes: &[],
            templates: &[],
        };
        (file, parsed.issues)
    }

    /// Parses `text` as `reading` (made from it) says to read it: the text
    /// itself, or its copy with look-alike characters replaced. Positions
    /// are the same in both (same lines, same characters on each), and the
    /// line starts are the text's own, so fixes land in what was written.
    pub fn read(
        name: &'t str,
        text: &'t str,
        reading: &'t Reading,
        limits: &Limits,
    ) -> (Self, Vec<ParseIssue>) {
        let parsed = parse(reading.normalized.as_deref().unwrap_or(text), limits);
        let (mut file, issues) = SourceFile::new(name, text, parsed);
        if reading.normalized.is_some() && !file.line_starts.is_empty() {
            file.line_starts = crate::text::line_starts(text);
            file.ascii = false;
        }
        file.lookalikes = &reading.lookalikes;
        file.templates = &reading.templates;
        (file, issues)
    }
}

/// How a text is to be read: its look-alike characters, and the copy of
/// the text with them replaced, when there are any to replace; its
/// documents that are templates.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    pub lookalikes: Vec<Lookalike>,
    pub normalized: Option<String>,
    pub templates: Vec<Templated>,
}

impl Reading {
    pub fn of(text: &str) -> Reading {
        // (Builds without `learning` read the text as it is.)
        if !cfg!(feature = "learning") {
            return Reading::default();
        }
        let lookalikes = lookalike::find(text);
        let normalized = lookalike::normalize(text, &lookalikes);
        Reading {
            lookalikes,
            normalized,
            templates: template::templated(text),
        }
    }
}

/// Runs the YAML reader [`parse`] uses over `text` and counts its events,
/// building nothing: the parse-only floor of `cargo xtask bench`. That
/// reader is the fast one (feature `fast-yaml`) where it reads the text,
/// saphyr-parser from the start where it gives up — as in [`parse`].
pub fn count_events(text: &str) -> usize {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    #[cfg(feature = "fast-yaml")]
    {
        let mut events = 0;
        if fast::read(text, &mut |_, _, _| events += 1).is_ok() {
            return events;
        }
    }
    Parser::new_from_str(text).take_while(Result::is_ok).count()
}

/// Parses every document of `text`. Never panics: problems come back as
/// issues with a location.
pub fn parse<'t>(text: &'t str, limits: &Limits) -> Parsed<'t> {
    parse_with(text, limits, cfg!(feature = "fast-yaml"))
}

/// [`parse`] with saphyr-parser alone: what [`parse`] must equal, for the
/// differential tests (the fuzz target and the property tests).
#[doc(hidden)]
pub fn parse_with_saphyr<'t>(text: &'t str, limits: &Limits) -> Parsed<'t> {
    parse_with(text, limits, false)
}

/// The fast reader's events into the tree builder, positions kept inside
/// the text (`inside`); scalars without an `Event` made for them.
#[cfg(feature = "fast-yaml")]
struct Direct<'b, 't, I> {
    builder: &'b mut Builder<'t>,
    inside: I,
}

#[cfg(feature = "fast-yaml")]
impl<'t, I: Fn(Pos) -> Pos> fast::Handler<'t> for Direct<'_, 't, I> {
    fn event(&mut self, event: Event<'t>, start: Pos, end: Pos) {
        let span = self.span(start, end);
        self.builder.on_event(event, span);
    }

    fn scalar(
        &mut self,
        text: std::borrow::Cow<'t, str>,
        style: SaphyrStyle,
        start: Pos,
        end: Pos,
    ) {
        let span = self.span(start, end);
        self.builder.scalar(text, style, 0, ScalarTag::None, span);
    }

    fn open(&mut self, map: bool, start: Pos, end: Pos) {
        let span = self.span(start, end);
        self.builder.open(map, 0, span);
    }

    fn close(&mut self, map: bool, start: Pos, end: Pos) {
        let span = self.span(start, end);
        self.builder.close(map, span);
    }
}

#[cfg(feature = "fast-yaml")]
impl<I: Fn(Pos) -> Pos> Direct<'_, '_, I> {
    fn span(&self, start: Pos, end: Pos) -> Span {
        Span {
            start: (self.inside)(start),
            end: (self.inside)(end),
        }
    }
}

fn parse_with<'t>(text: &'t str, limits: &Limits, fast: bool) -> Parsed<'t> {
    if text.len() > limits.max_input_bytes {
        return Parsed {
            documents: Vec::new(),
            issues: vec![ParseIssue {
                kind: IssueKind::Limit,
                span: Span::point(Pos { line: 1, column: 1 }),
                document: 0,
                detail: format!(
                    "the input is {} MiB, more than the limit of {} MiB (setting `limits.max_input_bytes`); nothing was checked",
                    crate::text::decimal(text.len() as f64 / 1_048_576.0),
                    crate::text::decimal(limits.max_input_bytes as f64 / 1_048_576.0)
                ),
                duplicate: None,
            }],
            ..Parsed::default()
        };
    }
    // The line starts of the text as given (a fix edits it, byte
    // order mark and all); the parser reads it without its mark.
    let line_starts = crate::text::line_starts(text);
    let ascii = text.is_ascii();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut builder = Builder::new(limits);
    let lengths = if ascii && !text.as_bytes().contains(&b'\r') {
        Lengths::Ascii {
            starts: &line_starts,
            len: text.len(),
        }
    } else {
        Lengths::Counted(line_lengths(text))
    };
    // A position before the last character (on a line before the last,
    // or on the last before its end) is inside the text as the parser
    // gives it; only those at the very end may need pulling back.
    let lines = lengths.lines() as u32;
    let last = lengths.get(lengths.lines().saturating_sub(1)).unwrap_or(0);
    let inside = |at: Pos| {
        if at.line < lines || (at.line == lines && at.column <= last) {
            at
        } else {
            clamp(at, &lengths)
        }
    };
    #[cfg(feature = "fast-yaml")]
    let done = fast
        && fast::read(
            text,
            &mut Direct {
                builder: &mut builder,
                inside,
            },
        )
        .is_ok();
    #[cfg(not(feature = "fast-yaml"))]
    let done = {
        let _ = fast;
        false
    };
    if !done {
        // The fast reader gave up (or is not built in): start again with
        // saphyr-parser, which reads any YAML and words every error.
        builder = Builder::new(limits);
        for item in Parser::new_from_str(text) {
            match item {
                Ok((event, span)) => {
                    let span = Span {
                        start: inside(pos(span.start)),
                        end: inside(pos(span.end)),
                    };
                    builder.on_event(event, span);
                }
                Err(error) => {
                    let at = clamp(pos(*error.marker()), &lengths);
                    let kind = if error.info().contains("recursion limit") {
                        IssueKind::Limit
                    } else {
                        IssueKind::Syntax
                    };
                    builder.issue(kind, Span::point(at), error.info().to_owned());
                    break;
                }
            }
        }
    }
    drop(lengths);
    builder.out.line_starts = line_starts;
    builder.out.ascii = ascii;
    builder.out
}

#[cfg(test)]
mod tests;
