//! YAML text → documents of spanned nodes.
//!
//! Built on `saphyr-parser`'s event stream rather than a loader so that a
//! duplicate key, a runaway alias or an over-deep document becomes a located
//! issue while everything else in the input is still checked.

#[cfg(feature = "fast-yaml")]
mod fast;
mod node;

use std::collections::HashMap;

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
        };
        (file, parsed.issues)
    }
}

/// An open collection. Its items (entries) are the top of the builder's
/// `items` (`entries`) stack from `first` on: one stack for every open
/// collection, so a collection's nodes are moved once, into a slice of
/// their exact size, rather than grown in a vector of their own and shrunk.
enum Frame<'t> {
    Seq {
        first: usize,
        start: Pos,
        anchor: usize,
    },
    Map {
        first: usize,
        key: Option<Node<'t>>,
        start: Pos,
        anchor: usize,
        /// Where each key is in `entries`, built once a mapping grows past
        /// [`SCAN_KEYS`] entries (smaller ones are searched in place).
        seen: Option<HashMap<String, usize>>,
    },
}

/// Up to this many entries, a mapping's duplicate keys are found by looking
/// through its entries: cheaper than hashing every key of every mapping.
const SCAN_KEYS: usize = 24;

/// Where `key` already is among `entries`.
fn position_of(
    entries: &[Entry],
    seen: &mut Option<HashMap<String, usize>>,
    key: &str,
) -> Option<usize> {
    if seen.is_none() && entries.len() >= SCAN_KEYS {
        let mut index = HashMap::with_capacity(entries.len() * 2);
        for (i, e) in entries.iter().enumerate() {
            if let Some(k) = e.key.as_str().filter(|k| *k != "<<") {
                index.insert(k.to_owned(), i);
            }
        }
        *seen = Some(index);
    }
    match seen {
        Some(index) => index.get(key).copied(),
        None => entries.iter().position(|e| e.key.is_str(key)),
    }
}

fn pos(marker: saphyr_parser::Marker) -> Pos {
    Pos {
        line: marker.line() as u32,
        column: marker.col() as u32 + 1,
    }
}

/// Lengths in characters of the text's lines (`\r\n`, `\r` and `\n` end a
/// line, as in YAML).
fn line_lengths(text: &str) -> Vec<u32> {
    if !text.contains('\r') {
        // The common case: lines end at `\n` only.
        return text.split('\n').map(char_count).collect();
    }
    let mut lengths = vec![0u32];
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                lengths.push(0);
            }
            '\n' => lengths.push(0),
            _ => {
                if let Some(last) = lengths.last_mut() {
                    *last += 1;
                }
            }
        }
    }
    lengths
}

fn char_count(line: &str) -> u32 {
    let n = if line.is_ascii() {
        line.len()
    } else {
        line.chars().count()
    };
    n as u32
}

/// The length in characters of each line of a text.
enum Lengths<'s> {
    /// An ASCII text whose lines end at `\n`: each line's length follows
    /// from where the lines start.
    Ascii { starts: &'s [u32], len: usize },
    /// Any other text: counted ([`line_lengths`]).
    Counted(Vec<u32>),
}

impl Lengths<'_> {
    fn lines(&self) -> usize {
        match self {
            Lengths::Ascii { starts, .. } => starts.len(),
            Lengths::Counted(lengths) => lengths.len(),
        }
    }

    fn get(&self, line: usize) -> Option<u32> {
        match self {
            Lengths::Ascii { starts, len } => {
                let start = *starts.get(line)? as usize;
                let end = starts.get(line + 1).map_or(*len, |&next| next as usize - 1);
                Some((end - start) as u32)
            }
            Lengths::Counted(lengths) => lengths.get(line).copied(),
        }
    }
}

/// Keeps a position inside the text: the parser may report an error one
/// line past the end ("%!" at end of input), and a finding must point at a
/// place an editor can show.
fn clamp(at: Pos, lengths: &Lengths<'_>) -> Pos {
    let lines = lengths.lines().max(1) as u32;
    let line = at.line.clamp(1, lines);
    let len = lengths.get(line as usize - 1).unwrap_or(0);
    let column = if line < at.line {
        len + 1
    } else {
        at.column.clamp(1, len + 1)
    };
    Pos { line, column }
}

/// A scalar's tag as the tree keeps it (see [`ScalarTag`]); a
/// collection's tag changes nothing Kubernetes reads and is not kept.
fn scalar_tag(tag: Option<&saphyr_parser::Tag>) -> ScalarTag {
    tag.map_or(ScalarTag::None, |t| ScalarTag::of(&t.handle, &t.suffix))
}

struct Builder<'t> {
    limits: Limits,
    out: Parsed<'t>,
    stack: Vec<Frame<'t>>,
    /// The items of the open sequences, innermost last.
    items: Vec<Node<'t>>,
    /// The entries of the open mappings, innermost last.
    entries: Vec<Entry<'t>>,
    anchors: HashMap<usize, Node<'t>>,
    doc_index: usize,
    doc_start: Pos,
    doc_root: Option<Node<'t>>,
    /// Set when the current document hit a limit: the rest of it is skipped.
    abandoned: bool,
    nodes: usize,
}

impl<'t> Builder<'t> {
    fn new(limits: &Limits) -> Self {
        Builder {
            limits: *limits,
            out: Parsed::default(),
            // Room for what a manifest usually holds open at once: grown
            // from nothing, these are reallocated a few times per file.
            stack: Vec::with_capacity(16),
            items: Vec::with_capacity(16),
            entries: Vec::with_capacity(32),
            anchors: HashMap::new(),
            doc_index: 0,
            doc_start: Pos::default(),
            doc_root: None,
            abandoned: false,
            nodes: 0,
        }
    }

    fn issue(&mut self, kind: IssueKind, span: Span, detail: String) {
        self.out.issues.push(ParseIssue {
            kind,
            span,
            document: self.doc_index,
            detail,
            duplicate: None,
        });
    }

    fn abandon(&mut self, span: Span, detail: String) {
        self.issue(IssueKind::Limit, span, detail);
        self.abandoned = true;
        self.stack.clear();
        self.items.clear();
        self.entries.clear();
    }

    fn count(&mut self, n: usize, span: Span) -> bool {
        self.nodes += n;
        if self.nodes > self.limits.max_nodes {
            self.abandon(
                span,
                format!(
                    "the input expands to more than {} YAML nodes (aliases included); the rest of this document was not checked",
                    self.limits.max_nodes
                ),
            );
            return false;
        }
        true
    }

    fn push(&mut self, frame: Frame<'t>, span: Span) {
        if self.stack.len() >= self.limits.max_depth {
            self.abandon(
                span,
                format!(
                    "this document nests deeper than {} levels; the rest of it was not checked",
                    self.limits.max_depth
                ),
            );
            return;
        }
        self.stack.push(frame);
    }

    /// Hands a finished node to its parent (or makes it the document root).
    fn emit(&mut self, node: Node<'t>, anchor: usize) {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        let mut duplicate = None;
        match self.stack.last_mut() {
            None => self.doc_root = Some(node),
            Some(Frame::Seq { .. }) => self.items.push(node),
            Some(Frame::Map {
                first, key, seen, ..
            }) => match key.take() {
                None => *key = Some(node),
                Some(k) => {
                    let first = *first;
                    if let Some(text) = k.as_str().filter(|t| *t != "<<") {
                        let entries = &self.entries[first..];
                        if let Some(at) = position_of(entries, seen, text) {
                            let earlier: &Entry = &entries[at];
                            duplicate =
                                Some((text.to_owned(), earlier.key.span.start.line, k.span));
                            // The last value wins, as it does in Kubernetes.
                            self.entries.remove(first + at);
                            if let Some(index) = seen {
                                for idx in index.values_mut() {
                                    if *idx > at {
                                        *idx -= 1;
                                    }
                                }
                            }
                        }
                        if let Some(index) = seen {
                            index.insert(text.to_owned(), self.entries.len() - first);
                        }
                    }
                    self.entries.push(Entry {
                        key: k,
                        value: node,
                    });
                }
            },
        }
        if let Some((key, first_line, span)) = duplicate {
            self.out.issues.push(ParseIssue {
                kind: IssueKind::DuplicateKey,
                span,
                document: self.doc_index,
                detail: format!("duplicate key `{key}`"),
                duplicate: Some((key, first_line)),
            });
        }
    }

    fn end_document(&mut self) {
        let root = if self.abandoned {
            None
        } else {
            self.doc_root.take()
        };
        let root = root.filter(|r| !r.is_null());
        if crate::LARGE_INPUTS && self.out.documents.capacity() == 0 {
            // Most files hold one document: room for four (a vector's
            // first growth) was 170 bytes of every file's memory unused.
            self.out.documents.reserve_exact(1);
        }
        self.out.documents.push(Document {
            index: self.doc_index,
            root,
            start: self.doc_start,
        });
        self.doc_root = None;
        self.stack.clear();
        self.items.clear();
        self.entries.clear();
        self.abandoned = false;
        self.doc_index += 1;
    }

    /// A scalar event (the fast reader hands them here directly).
    fn scalar(
        &mut self,
        text: std::borrow::Cow<'t, str>,
        style: SaphyrStyle,
        anchor: usize,
        tag: ScalarTag,
        span: Span,
    ) {
        if self.abandoned || !self.count(1, span) {
            return;
        }
        let style = match style {
            SaphyrStyle::Plain => ScalarStyle::Plain,
            SaphyrStyle::SingleQuoted => ScalarStyle::SingleQuoted,
            SaphyrStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
            SaphyrStyle::Literal => ScalarStyle::Literal,
            SaphyrStyle::Folded => ScalarStyle::Folded,
        };
        let value = match text {
            std::borrow::Cow::Borrowed(text) => NodeValue::Scalar { text, style, tag },
            std::borrow::Cow::Owned(text) => NodeValue::Decoded {
                text: text.into_boxed_str(),
                style,
                tag,
            },
        };
        self.emit(Node { value, span }, anchor);
    }

    /// A mapping (`map`) or sequence starts.
    fn open(&mut self, map: bool, anchor: usize, span: Span) {
        if self.abandoned || !self.count(1, span) {
            return;
        }
        let frame = if map {
            Frame::Map {
                first: self.entries.len(),
                key: None,
                start: span.start,
                anchor,
                seen: None,
            }
        } else {
            Frame::Seq {
                first: self.items.len(),
                start: span.start,
                anchor,
            }
        };
        self.push(frame, span);
    }

    /// The innermost collection, a mapping (`map`) or sequence, ends.
    fn close(&mut self, map: bool, span: Span) {
        if self.abandoned {
            return;
        }
        let (value, start, anchor) = match (self.stack.pop(), map) {
            (
                Some(Frame::Seq {
                    first,
                    start,
                    anchor,
                }),
                false,
            ) => (
                NodeValue::Seq(self.items.split_off(first).into_boxed_slice()),
                start,
                anchor,
            ),
            (
                Some(Frame::Map {
                    first,
                    start,
                    anchor,
                    ..
                }),
                true,
            ) => {
                let entries = self.entries.split_off(first);
                (
                    NodeValue::Map(apply_merge_keys(entries).into_boxed_slice()),
                    start,
                    anchor,
                )
            }
            _ => return,
        };
        let node = Node {
            value,
            span: Span {
                start,
                end: span.end,
            },
        };
        self.emit(node, anchor);
    }

    fn on_event(&mut self, event: Event<'t>, span: Span) {
        match event {
            Event::DocumentStart(_) => {
                self.doc_start = span.start;
                self.doc_root = None;
                self.abandoned = false;
                // Anchors belong to one document (YAML 1.2 §3.2.2.2); kubectl
                // rejects an alias to an anchor of an earlier document.
                self.anchors.clear();
            }
            Event::DocumentEnd => self.end_document(),
            _ if self.abandoned => {}
            Event::Scalar(text, style, anchor, tag) => {
                self.scalar(text, style, anchor, scalar_tag(tag.as_deref()), span);
            }
            Event::Alias(id) => match self.anchors.get(&id) {
                Some(target) => {
                    let size = target.size();
                    let mut copy = target.clone();
                    if !self.count(size, span) {
                        return;
                    }
                    // The copy is read where the alias stands.
                    copy.span = span;
                    self.emit(copy, 0);
                }
                None => self.issue(
                    IssueKind::Syntax,
                    span,
                    "alias to an anchor that is not defined in this document (anchors do not carry across `---`)".to_owned(),
                ),
            },
            Event::SequenceStart(anchor, _) => self.open(false, anchor, span),
            Event::MappingStart(anchor, _) => self.open(true, anchor, span),
            Event::SequenceEnd => self.close(false, span),
            Event::MappingEnd => self.close(true, span),
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
    }
}

/// Resolves YAML merge keys (`<<: *base`): merged entries never override
/// keys the mapping sets itself.
fn apply_merge_keys(entries: Vec<Entry<'_>>) -> Vec<Entry<'_>> {
    if !entries.iter().any(|e| e.key.is_str("<<")) {
        return entries;
    }
    let (merges, mut own): (Vec<Entry>, Vec<Entry>) = entries
        .into_iter()
        .partition(|e| e.key.is_str("<<") && !e.key.is_quoted());
    for merge in merges {
        let sources: Vec<&Node> = match &merge.value.value {
            NodeValue::Map(_) => vec![&merge.value],
            NodeValue::Seq(items) => items.iter().collect(),
            NodeValue::Scalar { .. } | NodeValue::Decoded { .. } => Vec::new(),
        };
        for source in sources {
            for entry in source.as_map().unwrap_or(&[]) {
                let exists = own
                    .iter()
                    .any(|e| e.key.as_str().is_some() && e.key.as_str() == entry.key.as_str());
                if !exists {
                    own.push(entry.clone());
                }
            }
        }
    }
    own
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
mod tests {
    use super::*;

    /// Found by the property tests: the parser puts these errors past the
    /// end of the text; findings must stay where an editor can show them.
    #[test]
    fn positions_stay_inside_the_text() {
        for (text, line, column) in [("%!", 1, 3), ("\"", 1, 1), ("a: [b\r\n", 2, 1)] {
            let parsed = parse(text, &Limits::default());
            let at = parsed.issues[0].span.start;
            assert_eq!((at.line, at.column), (line, column), "{text:?}");
        }
        let root = parse("kind: Pod\nspec:\n  a: 1", &Limits::default()).documents[0]
            .root
            .clone()
            .unwrap();
        assert_eq!(root.span.end.line, 3);
    }

    /// Every node's start and end, and every issue's place, is a place in
    /// its text an editor can show (a line of the text, a column up to one
    /// past its end): in the fixtures and the corpus, with and without a
    /// last line end, with `\r\n`, after a line in another alphabet, and
    /// cut short anywhere in their last lines.
    #[test]
    fn every_position_is_a_place_in_the_text() {
        fn walk(node: &Node, out: &mut Vec<Pos>) {
            out.extend([node.span.start, node.span.end]);
            match &node.value {
                NodeValue::Scalar { .. } | NodeValue::Decoded { .. } => {}
                NodeValue::Seq(items) => items.iter().for_each(|n| walk(n, out)),
                NodeValue::Map(entries) => entries.iter().for_each(|e| {
                    walk(&e.key, out);
                    walk(&e.value, out);
                }),
            }
        }
        let files =
            crate::test_files(&["tests/fixtures", "../../tests/corpus/kubernetes-examples"]);
        assert!(files.len() > 100);
        let mut checked = 0;
        for (name, text) in &files {
            let trimmed = text.trim_end();
            let mut variants = vec![
                text.clone(),
                trimmed.to_owned(),
                text.replace('\n', "\r\n"),
                format!("# 中文注释\n{trimmed}"),
                format!("\u{feff}{text}"),
            ];
            for cut in 1..8 {
                if let Some(cut) = trimmed.char_indices().rev().nth(cut) {
                    variants.push(trimmed[..cut.0].to_owned());
                }
            }
            for text in variants {
                let lengths = line_lengths(text.strip_prefix('\u{feff}').unwrap_or(&text));
                let parsed = parse(&text, &Limits::default());
                let mut positions: Vec<Pos> = parsed.issues.iter().map(|i| i.span.start).collect();
                for doc in &parsed.documents {
                    if let Some(root) = &doc.root {
                        walk(root, &mut positions);
                    }
                }
                for at in positions {
                    let len = (at.line as usize)
                        .checked_sub(1)
                        .and_then(|l| lengths.get(l));
                    assert!(
                        len.is_some_and(|&len| (1..=len + 1).contains(&at.column)),
                        "{name}: {at:?} in {text:?}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 100_000, "{checked}");
    }

    fn parse_ok(text: &str) -> Parsed<'_> {
        parse(text, &Limits::default())
    }

    #[test]
    fn positions_are_file_lines_across_documents() {
        let parsed = parse_ok("# lead\na: 1\n---\nb:\n  c: x\n...\n---\n\n---\nd: [1, 2]\n");
        assert_eq!(parsed.documents.len(), 4);
        assert!(parsed.issues.is_empty());
        let c = parsed.documents[1]
            .root
            .as_ref()
            .unwrap()
            .path(&["b", "c"])
            .unwrap();
        assert_eq!((c.span.start.line, c.span.start.column), (5, 6));
        assert!(parsed.documents[2].root.is_none());
        let d = parsed.documents[3].root.as_ref().unwrap().get("d").unwrap();
        assert_eq!(d.as_seq().unwrap()[1].span.start.column, 8);
    }

    #[test]
    fn duplicate_keys_are_reported_and_last_wins() {
        let parsed = parse_ok("a: 1\nb: 2\na: 3\n");
        assert_eq!(parsed.issues.len(), 1);
        let issue = &parsed.issues[0];
        assert_eq!(issue.kind, IssueKind::DuplicateKey);
        assert_eq!(issue.duplicate, Some(("a".to_owned(), 1)));
        assert_eq!((issue.span.start.line, issue.span.start.column), (3, 1));
        let root = parsed.documents[0].root.as_ref().unwrap();
        assert_eq!(root.get("a").unwrap().as_i64(), Some(3));
        assert_eq!(root.get("b").unwrap().as_i64(), Some(2));
    }

    #[test]
    fn syntax_error_keeps_earlier_documents() {
        let parsed = parse_ok("a: 1\n---\nb: \"open\n");
        assert_eq!(parsed.documents.len(), 1);
        assert_eq!(parsed.issues[0].kind, IssueKind::Syntax);
    }

    #[test]
    fn billion_laughs_stops_at_node_budget() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let parsed = parse_ok(&text);
        assert!(parsed.issues.iter().any(|i| i.kind == IssueKind::Limit));
        assert!(parsed.documents[0].root.is_none());
    }

    #[test]
    fn deep_nesting_stops_at_depth_limit() {
        let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let parsed = parse_ok(&text);
        assert!(parsed.issues.iter().any(|i| i.kind == IssueKind::Limit));
        let block: String = (0..300)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        let parsed = parse_ok(&block);
        let issue = parsed
            .issues
            .iter()
            .find(|i| i.kind == IssueKind::Limit)
            .unwrap();
        assert!(issue.detail.contains("deeper than 100"));
    }

    #[test]
    fn merge_keys_fill_missing_entries_only() {
        let parsed = parse_ok("base: &b {x: 1, y: 2}\nobj:\n  <<: *b\n  y: 3\n");
        let obj = parsed.documents[0]
            .root
            .as_ref()
            .unwrap()
            .get("obj")
            .unwrap();
        assert_eq!(obj.get("x").unwrap().as_i64(), Some(1));
        assert_eq!(obj.get("y").unwrap().as_i64(), Some(3));
        assert!(obj.get("<<").is_none());
    }

    #[test]
    fn oversized_input_is_an_issue() {
        let limits = Limits {
            max_input_bytes: 4,
            ..Limits::default()
        };
        let parsed = parse("a: 12345\n", &limits);
        assert_eq!(parsed.issues[0].kind, IssueKind::Limit);
    }

    #[test]
    fn ascii_line_lengths_follow_from_the_line_starts() {
        for text in [
            "",
            "a",
            "\n",
            "ab\n",
            "ab\n\ncd",
            "a: 1\nb:\n  - c\n\n",
            "\n\n\nx",
        ] {
            let starts = crate::text::line_starts(text);
            let lengths = Lengths::Ascii {
                starts: &starts,
                len: text.len(),
            };
            let counted = line_lengths(text);
            assert_eq!(lengths.lines(), counted.len(), "{text:?}");
            for (line, &want) in counted.iter().enumerate() {
                assert_eq!(lengths.get(line), Some(want), "{text:?} line {line}");
            }
            assert_eq!(lengths.get(counted.len()), None);
        }
    }

    #[test]
    fn line_lengths_count_characters_per_line() {
        assert_eq!(line_lengths(""), vec![0]);
        assert_eq!(line_lengths("ab"), vec![2]);
        assert_eq!(line_lengths("ab\n"), vec![2, 0]);
        assert_eq!(line_lengths("ab\n\n容器 x\n"), vec![2, 0, 4, 0]);
        // `\r\n` and a lone `\r` end lines too.
        assert_eq!(line_lengths("ab\r\n容器\rx\n"), vec![2, 2, 1, 0]);
    }

    #[test]
    fn bom_and_crlf_keep_columns() {
        let parsed = parse_ok("\u{feff}a:\r\n  b: 1\r\n");
        let b = parsed.documents[0]
            .root
            .as_ref()
            .unwrap()
            .path(&["a", "b"])
            .unwrap();
        assert_eq!((b.span.start.line, b.span.start.column), (2, 6));
    }
}
