//! A fast reader for the block-style YAML that Kubernetes manifests are
//! written in, giving saphyr-parser's events at saphyr-parser's positions.
//!
//! saphyr-parser reads a character at a time through a look-ahead buffer
//! and gives every scalar its own `String`: about 130 instructions per byte
//! of a manifest, half of a whole `kubeshape check`. This reader handles the
//! subset manifests use — text with `\n` or `\r\n` line ends (any characters but
//! controls and a byte order mark); block mappings and sequences
//! (indentless ones too); one-line plain and quoted scalars; flow
//! collections and JSON with each key and its value on one line; literal
//! and folded block scalars; comments; `---` between documents — and
//! borrows plain scalars from the text. On anything else (tabs, a lone `\r`,
//! anchors, aliases, tags, directives, `...`, `?` keys, multi-line plain or
//! quoted scalars, a flow collection's line that starts at or left of its
//! block's indentation plus one, explicit block indentation, and every
//! syntax error) it gives up, and [`super::parse`] reads the whole text
//! with saphyr-parser instead: a syntax error's message and place are
//! always saphyr-parser's.
//!
//! Where it does not give up, its events and their start and end positions
//! (in characters) are saphyr-parser's, quirks included: a quoted scalar or
//! a bracket ends after the spaces and comment that follow it; a block
//! scalar starts at its first line of content; an indentless sequence
//! starts after its first `- `. The differential tests (`tests.rs`) hold
//! the two readers equal, event by event, over every manifest in the
//! repository and thousands of mutated copies, and check that the fast
//! reader does read the manifests it is for; a property test and the
//! `parse` fuzz target compare whole parses.

mod block;
mod flow;
mod scalar;

use std::borrow::Cow;

use saphyr_parser::{Event, ScalarStyle};

use super::Pos;

/// The text is outside the subset this reader handles (or is not valid
/// YAML): read it with saphyr-parser.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct GiveUp;

type Read<T> = Result<T, GiveUp>;

/// Deeper than this, give up (saphyr-parser and the builder's depth limit
/// take over); keeps this reader's recursion bounded.
const MAX_DEPTH: u32 = 200;

/// A simple key must end within this many characters of its start
/// (saphyr-parser stops looking for the `:` after 1024).
const MAX_KEY: usize = 1000;

/// Whether `text` can be read at all — printable ASCII, line ends (`\n` or
/// `\r\n`) and any other character but a byte order mark (saphyr-parser
/// gives U+FEFF meanings of its own; no other character is special to it)
/// — and if so, whether it is all ASCII: one pass over its bytes (and
/// another only where it has a `\r` or another alphabet).
fn scan(text: &str) -> Option<bool> {
    let ok = |b: u8| (b' '..=b'~').contains(&b) | (b == b'\n') | (b == b'\r') | (b >= 0x80);
    // A chunk at a time with no early exit inside it: vector compares
    // and bitwise sums.
    let (mut bad, mut cr, mut high) = (0u8, 0u8, 0u8);
    let mut sum = |bytes: &[u8]| {
        for &b in bytes {
            bad |= u8::from(!ok(b));
            cr |= u8::from(b == b'\r');
            high |= b;
        }
        bad == 0
    };
    let mut chunks = text.as_bytes().chunks_exact(32);
    if !chunks.all(&mut sum) || !sum(chunks.remainder()) {
        return None;
    }
    let (high, cr) = (high >= 0x80, cr != 0);
    let no_mark = !high || !text.contains('\u{feff}');
    let crlf = !cr
        || text
            .match_indices('\r')
            .all(|(at, _)| text.as_bytes().get(at + 1) == Some(&b'\n'));
    (no_mark && crlf).then_some(!high)
}

/// Where the line that starts `bytes` ends: at its `\r\n` or `\n` (a
/// vectorised search: a third of a manifest's bytes can be comments).
fn line_end(bytes: &[u8]) -> usize {
    memchr::memchr2(b'\n', b'\r', bytes).unwrap_or(bytes.len())
}

/// The characters in `bytes` (UTF-8): the bytes that do not continue one.
fn chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Where [`read`] hands its events, each with its start and end: any
/// `FnMut(Event, Pos, Pos)`, or a handler that takes scalars and
/// collections' starts and ends — most of a manifest's events — without an
/// `Event` made and matched apart for each (the tree builder).
pub(super) trait Handler<'t> {
    fn event(&mut self, event: Event<'t>, start: Pos, end: Pos);

    fn scalar(&mut self, text: Cow<'t, str>, style: ScalarStyle, start: Pos, end: Pos) {
        self.event(Event::Scalar(text, style, 0, None), start, end);
    }

    /// A mapping (`map`) or sequence starts.
    fn open(&mut self, map: bool, start: Pos, end: Pos) {
        let event = if map {
            Event::MappingStart(0, None)
        } else {
            Event::SequenceStart(0, None)
        };
        self.event(event, start, end);
    }

    /// A mapping (`map`) or sequence ends.
    fn close(&mut self, map: bool, start: Pos, end: Pos) {
        let event = if map {
            Event::MappingEnd
        } else {
            Event::SequenceEnd
        };
        self.event(event, start, end);
    }
}

impl<'t, F: FnMut(Event<'t>, Pos, Pos)> Handler<'t> for F {
    fn event(&mut self, event: Event<'t>, start: Pos, end: Pos) {
        self(event, start, end);
    }
}

/// Reads `text` (see [`scan`]), handing each event to `on`. On `Err`,
/// `on` has seen a prefix of the events and the caller starts again with
/// saphyr-parser.
pub(super) fn read<'t>(text: &'t str, on: &mut impl Handler<'t>) -> Read<()> {
    let ascii = scan(text).ok_or(GiveUp)?;
    let mut reader = Reader {
        text,
        b: text.as_bytes(),
        pos: 0,
        line: 1,
        line_start: 0,
        ascii,
        line_ascii: ascii || line_is_ascii(text.as_bytes()),
        depth: 0,
        pending_document: false,
        on,
    };
    reader.stream()
}

/// What comes next after blank lines and comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    End,
    /// `---` at the start of a line.
    DocumentStart,
    /// `...` at the start of a line.
    DocumentEnd,
    /// Content starting at this (0-based) column.
    Content(i32),
}

/// Where a node stands: what may start there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// After `key: ` on the key's line: a scalar, a flow collection or a
    /// block scalar (a block collection there is an error).
    Value,
    /// After `- ` on the dash's line, on a line of its own, or a document's
    /// root: anything.
    Any,
}

/// A scalar read but not yet handed on (it may turn out to be a key).
struct Scalar<'t> {
    text: Cow<'t, str>,
    style: ScalarStyle,
    start: Pos,
    end: Pos,
}

struct Reader<'t, 'o, F> {
    text: &'t str,
    b: &'t [u8],
    pos: usize,
    /// 1-based line of `pos`.
    line: u32,
    /// Where the line of `pos` starts.
    line_start: usize,
    /// Whether the whole text is ASCII (then bytes are characters).
    ascii: bool,
    /// Whether the line of `pos` is ASCII.
    line_ascii: bool,
    depth: u32,
    /// An implicit document has started: its `DocumentStart` goes out with
    /// the span of its first event.
    pending_document: bool,
    on: &'o mut F,
}

/// Whether the line that starts `bytes` is ASCII.
fn line_is_ascii(bytes: &[u8]) -> bool {
    bytes[..line_end(bytes)].is_ascii()
}

/// The bytes that may end a plain scalar (or need a closer look) in block
/// context, and in a flow collection.
static BLOCK_SPECIAL: [bool; 256] = specials(b" \n\r:");
static FLOW_SPECIAL: [bool; 256] = specials(b" \n\r:,[]{}");
/// The bytes a quoted scalar's reader must look at: its quote, the escape
/// character of double quotes, and what ends the line or the text.
static DOUBLE_QUOTED_SPECIAL: [bool; 256] = specials(b"\"\\\n\r\0");
static SINGLE_QUOTED_SPECIAL: [bool; 256] = specials(b"'\n\r\0");

const fn specials(bytes: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
}

fn is_flow(b: u8) -> bool {
    matches!(b, b',' | b'[' | b']' | b'{' | b'}')
}

impl<'t, F: Handler<'t>> Reader<'t, '_, F> {
    /// Hands on the implicit document's start, if one is pending, before
    /// an event at `start`..`end`.
    fn document(&mut self, start: Pos, end: Pos) {
        if self.pending_document {
            self.pending_document = false;
            self.on.event(Event::DocumentStart(false), start, end);
        }
    }

    fn scalar(&mut self, text: Cow<'t, str>, style: ScalarStyle, start: Pos, end: Pos) {
        self.document(start, end);
        self.on.scalar(text, style, start, end);
    }

    fn open(&mut self, map: bool, start: Pos, end: Pos) {
        self.document(start, end);
        self.on.open(map, start, end);
    }

    fn close(&mut self, map: bool, start: Pos, end: Pos) {
        self.document(start, end);
        self.on.close(map, start, end);
    }

    fn empty_scalar(&mut self, at: Pos) {
        self.scalar(Cow::Borrowed(""), ScalarStyle::Plain, at, at);
    }

    fn emit_scalar(&mut self, s: Scalar<'t>) {
        self.scalar(s.text, s.style, s.start, s.end);
    }

    /// The byte at `at`, or 0 past the end.
    fn byte(&self, at: usize) -> u8 {
        self.b.get(at).copied().unwrap_or(0)
    }

    fn peek(&self) -> u8 {
        self.byte(self.pos)
    }

    /// Whether the byte at `at` is a space, a line break or the end.
    fn blank_or_end(&self, at: usize) -> bool {
        matches!(self.byte(at), b' ' | b'\n' | b'\r' | 0)
    }

    /// The cursor's column in bytes: what indentation is compared in (a
    /// line's indentation is spaces, and keys and dashes follow spaces and
    /// dashes, so there it is the column in characters too).
    fn col(&self) -> i32 {
        (self.pos - self.line_start) as i32
    }

    /// The cursor's column in characters (0-based).
    fn char_col(&self) -> i32 {
        self.mark().column as i32 - 1
    }

    fn mark(&self) -> Pos {
        self.mark_at(self.pos)
    }

    /// The position of `at`, on the current line, in characters.
    fn mark_at(&self, at: usize) -> Pos {
        let col = if self.line_ascii {
            at - self.line_start
        } else {
            chars(&self.b[self.line_start..at])
        };
        Pos {
            line: self.line,
            column: col as u32 + 1,
        }
    }

    /// Whether the cursor is at a line end (`\n`, or the `\r` of `\r\n`).
    fn at_break(&self) -> bool {
        matches!(self.peek(), b'\n' | b'\r')
    }

    /// Steps over the line end at the cursor (`\n` or `\r\n`).
    fn newline(&mut self) {
        let step = if self.peek() == b'\r' { 2 } else { 1 };
        self.pos += step;
        self.line += 1;
        self.line_start = self.pos;
        if !self.ascii {
            self.line_ascii = line_is_ascii(&self.b[self.pos..]);
        }
    }

    fn skip_spaces(&mut self) {
        while self.peek() == b' ' {
            self.pos += 1;
        }
    }

    fn skip_comment(&mut self) {
        self.pos += line_end(&self.b[self.pos..]);
    }

    /// Skips spaces, line breaks and comments up to the next token.
    fn next(&mut self) -> Next {
        loop {
            self.skip_spaces();
            match self.peek() {
                b'\n' | b'\r' => self.newline(),
                b'#' => self.skip_comment(),
                0 => return Next::End,
                _ => break,
            }
        }
        self.document_marker().unwrap_or(Next::Content(self.col()))
    }

    /// `---` or `...` standing at the start of the cursor's line.
    fn document_marker(&self) -> Option<Next> {
        if self.pos != self.line_start || !self.blank_or_end(self.pos + 3) {
            return None;
        }
        match self.b.get(self.pos..self.pos + 3) {
            Some(b"---") => Some(Next::DocumentStart),
            Some(b"...") => Some(Next::DocumentEnd),
            _ => None,
        }
    }

    /// Whether a block sequence's `- ` is at the cursor.
    fn is_dash(&self) -> bool {
        self.peek() == b'-' && self.blank_or_end(self.pos + 1)
    }

    /// Where a block collection of indentation `indent` ends, the cursor
    /// being at the next token: there, or at the end of the text as
    /// saphyr-parser marks it (a collection more indented than the last
    /// line's column ends on that line; the others on a line after it).
    fn end_mark(&self, indent: i32) -> Pos {
        let at = self.mark();
        let col = at.column as i32 - 1;
        if self.pos < self.b.len() || indent > col || col == 0 {
            at
        } else {
            Pos {
                line: self.line + 1,
                column: 1,
            }
        }
    }

    /// The rest of a line after a value: spaces and a comment.
    fn end_of_line(&mut self) -> Read<()> {
        self.skip_spaces();
        match self.peek() {
            b'\n' | b'\r' | 0 => Ok(()),
            b'#' if self.byte(self.pos - 1) == b' ' => {
                self.skip_comment();
                Ok(())
            }
            _ => Err(GiveUp),
        }
    }

    fn deeper(&mut self) -> Read<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(GiveUp);
        }
        Ok(())
    }

    fn stream(&mut self) -> Read<()> {
        let origin = self.mark();
        self.on.event(Event::StreamStart, origin, origin);
        let mut next = self.next();
        let mut first = true;
        loop {
            match next {
                Next::End => {
                    let at = self.end_mark(-1);
                    self.on.event(Event::StreamEnd, at, at);
                    return Ok(());
                }
                Next::DocumentEnd => return Err(GiveUp),
                Next::DocumentStart => {
                    let (start, end) = (self.mark(), self.mark_at(self.pos + 3));
                    self.pos += 3;
                    self.on.event(Event::DocumentStart(true), start, end);
                    self.skip_spaces();
                    if !matches!(self.peek(), b'\n' | b'\r' | 0 | b'#') {
                        return Err(GiveUp);
                    }
                    match self.next() {
                        Next::End => {
                            let at = self.end_mark(-1);
                            self.empty_scalar(at);
                        }
                        Next::DocumentStart => {
                            let (start, end) = (self.mark(), self.mark_at(self.pos + 3));
                            self.on
                                .scalar(Cow::Borrowed(""), ScalarStyle::Plain, start, end);
                        }
                        Next::DocumentEnd => return Err(GiveUp),
                        Next::Content(_) => self.node(-1, Place::Any)?,
                    }
                }
                Next::Content(_) if first => {
                    self.pending_document = true;
                    self.node(-1, Place::Any)?;
                }
                Next::Content(_) => return Err(GiveUp),
            }
            first = false;
            next = self.next();
            let (start, end) = match next {
                Next::End => {
                    let at = self.end_mark(-1);
                    (at, at)
                }
                Next::DocumentStart => (self.mark(), self.mark_at(self.pos + 3)),
                Next::DocumentEnd | Next::Content(_) => return Err(GiveUp),
            };
            self.on.event(Event::DocumentEnd, start, end);
        }
    }
}

#[cfg(test)]
mod tests;
