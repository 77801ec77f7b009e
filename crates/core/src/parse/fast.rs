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
//! starts after its first `- `. The differential tests in this file hold
//! the two readers equal, event by event, over every manifest in the
//! repository and thousands of mutated copies, and check that the fast
//! reader does read the manifests it is for; a property test and the
//! `parse` fuzz target compare whole parses.

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

    /// Reads the node at the cursor, inside a block collection of
    /// indentation `parent` (-1 for a document's root).
    fn node(&mut self, parent: i32, place: Place) -> Read<()> {
        let col = self.col();
        match self.peek() {
            b'-' if self.is_dash() => {
                if place == Place::Value {
                    return Err(GiveUp);
                }
                self.sequence(col, false)
            }
            b'[' | b'{' => {
                self.flow(parent)?;
                self.end_of_line()
            }
            b'|' | b'>' => {
                if parent < 0 {
                    return Err(GiveUp);
                }
                self.block_scalar(parent)
            }
            b'"' | b'\'' => {
                let scalar = self.quoted(false)?;
                self.scalar_or_key(scalar, col, place)
            }
            c if self.plain_starts(c, false) => {
                let scalar = self.plain(false)?;
                self.scalar_or_key(scalar, col, place)
            }
            _ => Err(GiveUp),
        }
    }

    /// A scalar on its own, or the first key of a block mapping at `col`.
    fn scalar_or_key(&mut self, scalar: Scalar<'t>, col: i32, place: Place) -> Read<()> {
        self.skip_spaces();
        if self.peek() == b':' {
            if place == Place::Value || !self.blank_or_end(self.pos + 1) {
                return Err(GiveUp);
            }
            return self.mapping(col, scalar);
        }
        self.emit_scalar(scalar);
        self.end_of_line()
    }

    /// A block mapping at indentation `indent` whose first key has been
    /// read; the cursor is at that key's `:`.
    fn mapping(&mut self, indent: i32, first: Scalar<'t>) -> Read<()> {
        self.deeper()?;
        let start = first.start;
        self.open(true, start, start);
        let mut key = first;
        loop {
            // (Keys this reader reads are on one line.)
            if key.end.line != key.start.line || key.end.column - key.start.column > MAX_KEY as u32
            {
                return Err(GiveUp);
            }
            self.emit_scalar(key);
            // The cursor is at the `:`.
            let colon = self.mark();
            self.pos += 1;
            self.skip_spaces();
            match self.peek() {
                b'\n' | b'\r' | 0 | b'#' => match self.next() {
                    Next::Content(col) if col > indent => self.node(indent, Place::Any)?,
                    Next::Content(col) if col == indent && self.is_dash() => {
                        self.sequence(indent, true)?;
                    }
                    _ => self.empty_scalar(colon),
                },
                _ => self.node(indent, Place::Value)?,
            }
            match self.next() {
                Next::Content(col) if col == indent => {}
                Next::Content(col) if col > indent => return Err(GiveUp),
                _ => break,
            }
            // The next key.
            key = match self.peek() {
                b'"' | b'\'' => self.quoted(false)?,
                c if self.plain_starts(c, false) => self.plain(false)?,
                _ => return Err(GiveUp),
            };
            self.skip_spaces();
            if self.peek() != b':' || !self.blank_or_end(self.pos + 1) {
                return Err(GiveUp);
            }
        }
        let end = self.end_mark(indent);
        self.close(true, end, end);
        self.depth -= 1;
        Ok(())
    }

    /// Skips a `- ` and what follows it on the line (spaces, a comment):
    /// the entry's position as saphyr-parser marks it.
    fn dash(&mut self) -> Pos {
        self.pos += 1;
        self.skip_spaces();
        if self.peek() == b'#' {
            self.skip_comment();
        }
        self.mark()
    }

    /// A block sequence whose first `-` is at the cursor and whose dashes
    /// stand at column `indent`. An `indentless` one is a mapping's value
    /// with its dashes at the mapping's column: saphyr-parser starts it at
    /// its first entry, and the mapping's next key ends it.
    fn sequence(&mut self, indent: i32, indentless: bool) -> Read<()> {
        self.deeper()?;
        if !indentless {
            let start = self.mark();
            self.open(false, start, start);
        }
        let mut first = true;
        loop {
            let entry = self.dash();
            if indentless && first {
                self.open(false, entry, entry);
            }
            first = false;
            match self.peek() {
                b'\n' | b'\r' | 0 => match self.next() {
                    Next::Content(col) if col > indent => self.node(indent, Place::Any)?,
                    _ => self.empty_scalar(entry),
                },
                _ => self.node(indent, Place::Any)?,
            }
            match self.next() {
                Next::Content(col) if col == indent && self.is_dash() => {}
                Next::Content(col) if col > indent || (col == indent && !indentless) => {
                    return Err(GiveUp)
                }
                _ => break,
            }
        }
        let end = self.end_mark(indent);
        self.close(false, end, end);
        self.depth -= 1;
        Ok(())
    }

    /// A plain scalar starting at the cursor, on one line; the cursor ends
    /// after its last character. In a flow collection (`flow`) it also
    /// ends at `,[]{}` and at a `:` before one of them.
    fn plain(&mut self, flow: bool) -> Read<Scalar<'t>> {
        let b = self.b;
        let from = self.pos;
        let mut at = from;
        let mut end = from;
        let special = if flow { &FLOW_SPECIAL } else { &BLOCK_SPECIAL };
        while at < b.len() {
            // Most bytes are none of the ones below: one table lookup.
            if !special[usize::from(b[at])] {
                at += 1;
                end = at;
                continue;
            }
            match b[at] {
                b' ' => {
                    let mut next = at + 1;
                    while next < b.len() && b[next] == b' ' {
                        next += 1;
                    }
                    if next == b.len() || matches!(b[next], b'\n' | b'\r' | b'#') {
                        break;
                    }
                    // saphyr-parser: an error (a plain scalar cannot go on
                    // with `-` before a flow indicator).
                    if flow && b[next] == b'-' && is_flow(self.byte(next + 1)) {
                        return Err(GiveUp);
                    }
                    at = next;
                    continue;
                }
                b'\n' | b'\r' => break,
                b':' => {
                    let after = self.byte(at + 1);
                    if matches!(after, b' ' | b'\n' | b'\r' | 0) || (flow && is_flow(after)) {
                        break;
                    }
                }
                c if flow && is_flow(c) => break,
                _ => {}
            }
            at += 1;
            end = at;
        }
        self.pos = end;
        Ok(Scalar {
            text: Cow::Borrowed(&self.text[from..end]),
            style: ScalarStyle::Plain,
            start: self.mark_at(from),
            end: self.mark_at(end),
        })
    }

    /// A single-line quoted scalar at the cursor. Its span runs on over the
    /// spaces and comment after it, as saphyr-parser's does; after it comes
    /// the end of the line, a `:` (a key) or, in a flow collection, `,]}`.
    fn quoted(&mut self, flow: bool) -> Read<Scalar<'t>> {
        let b = self.b;
        let quote = b[self.pos];
        let from = self.pos;
        let mut at = from + 1;
        let mut owned: Option<String> = None;
        let mut copied = at;
        let special = if quote == b'"' {
            &DOUBLE_QUOTED_SPECIAL
        } else {
            &SINGLE_QUOTED_SPECIAL
        };
        loop {
            // Most bytes of a quoted scalar are its text: step over them
            // without matching each (a JSON request is mostly strings).
            while let Some(&c) = b.get(at) {
                if special[usize::from(c)] {
                    break;
                }
                at += 1;
            }
            match self.byte(at) {
                b'\n' | b'\r' | 0 => return Err(GiveUp),
                b'\'' if quote == b'\'' => {
                    if self.byte(at + 1) != b'\'' {
                        break;
                    }
                    let text = owned.get_or_insert_with(String::new);
                    text.push_str(&self.text[copied..=at]);
                    at += 2;
                    copied = at;
                }
                b'"' if quote == b'"' => break,
                b'\\' if quote == b'"' => {
                    let text = owned.get_or_insert_with(String::new);
                    text.push_str(&self.text[copied..at]);
                    let (c, len) = self.escape(at)?;
                    text.push(c);
                    at += len;
                    copied = at;
                }
                _ => at += 1,
            }
        }
        let text = match owned {
            Some(mut text) => {
                text.push_str(&self.text[copied..at]);
                Cow::Owned(text)
            }
            None => Cow::Borrowed(&self.text[from + 1..at]),
        };
        self.pos = at + 1;
        self.spaces_and_comment()?;
        match self.peek() {
            b'\n' | b'\r' | 0 | b':' => {}
            b',' | b']' | b'}' if flow => {}
            _ => return Err(GiveUp),
        }
        Ok(Scalar {
            text,
            style: if quote == b'"' {
                ScalarStyle::DoubleQuoted
            } else {
                ScalarStyle::SingleQuoted
            },
            start: self.mark_at(from),
            end: self.mark(),
        })
    }

    /// The escape sequence at `at` (a `\`) in a double-quoted scalar: the
    /// character it stands for and its length.
    fn escape(&self, at: usize) -> Read<(char, usize)> {
        let c = match self.byte(at + 1) {
            b'0' => '\0',
            b'a' => '\x07',
            b'b' => '\x08',
            b't' => '\t',
            b'n' => '\n',
            b'v' => '\x0b',
            b'f' => '\x0c',
            b'r' => '\r',
            b'e' => '\x1b',
            b' ' => ' ',
            b'"' => '"',
            b'/' => '/',
            b'\\' => '\\',
            b'N' => '\u{85}',
            b'_' => '\u{a0}',
            b'L' => '\u{2028}',
            b'P' => '\u{2029}',
            kind @ (b'x' | b'u' | b'U') => {
                let digits = match kind {
                    b'x' => 2,
                    b'u' => 4,
                    _ => 8,
                };
                let hex = self.b.get(at + 2..at + 2 + digits).ok_or(GiveUp)?;
                let mut value = 0u32;
                for &h in hex {
                    value = (value << 4) | (h as char).to_digit(16).ok_or(GiveUp)?;
                }
                return Ok((char::from_u32(value).ok_or(GiveUp)?, 2 + digits));
            }
            _ => return Err(GiveUp),
        };
        Ok((c, 2))
    }

    /// Spaces, comments and line breaks between the tokens of a flow
    /// collection, inside a block collection of indentation `parent`. A
    /// token that starts a line must stand right of the column after the
    /// block's indentation (saphyr-parser's rule depends on the tokens
    /// before; this is the strictest form of it): nearer, give up.
    fn flow_space(&mut self, parent: i32) -> Read<()> {
        let line = self.line;
        loop {
            self.skip_spaces();
            match self.peek() {
                b'\n' | b'\r' => self.newline(),
                b'#' if self.pos == self.line_start || self.byte(self.pos - 1) == b' ' => {
                    self.skip_comment()
                }
                _ => break,
            }
        }
        if self.line != line
            && ((parent >= 0 && self.col() <= parent + 1) || self.document_marker().is_some())
        {
            return Err(GiveUp);
        }
        Ok(())
    }

    /// Spaces and a comment after a bracket or a quoted scalar:
    /// saphyr-parser's span of either runs on over them.
    fn spaces_and_comment(&mut self) -> Read<()> {
        self.skip_spaces();
        if self.peek() == b'#' {
            if self.byte(self.pos - 1) != b' ' {
                return Err(GiveUp);
            }
            self.skip_comment();
        }
        Ok(())
    }

    /// A flow collection (JSON, too), inside a block collection of
    /// indentation `parent`. Its keys and values stand on one line each.
    fn flow(&mut self, parent: i32) -> Read<()> {
        self.deeper()?;
        let open = self.peek();
        let start = self.mark();
        self.pos += 1;
        self.spaces_and_comment()?;
        let end = self.mark();
        let sequence = open == b'[';
        let close = if sequence { b']' } else { b'}' };
        if sequence {
            self.open(false, start, end);
        } else {
            self.open(true, start, end);
        }
        self.flow_space(parent)?;
        while self.peek() != close {
            if sequence {
                self.flow_node(parent)?;
                if self.peek() == b':' {
                    return Err(GiveUp);
                }
            } else {
                // A key: a scalar, then `:` and a value.
                let key = match self.peek() {
                    b'"' | b'\'' => self.quoted(true)?,
                    c if self.plain_starts(c, true) => self.plain(true)?,
                    _ => return Err(GiveUp),
                };
                let quoted = key.style != ScalarStyle::Plain;
                self.emit_scalar(key);
                self.skip_spaces();
                if self.peek() != b':' {
                    return Err(GiveUp);
                }
                self.pos += 1;
                if !quoted && self.peek() != b' ' {
                    return Err(GiveUp);
                }
                self.skip_spaces();
                self.flow_node(parent)?;
            }
            self.flow_space(parent)?;
            match self.peek() {
                b',' => {
                    self.pos += 1;
                    self.flow_space(parent)?;
                    // saphyr-parser ends a flow mapping with a trailing
                    // comma at the comma.
                    if !sequence && self.peek() == close {
                        return Err(GiveUp);
                    }
                }
                c if c == close => {}
                _ => return Err(GiveUp),
            }
        }
        let start = self.mark();
        self.pos += 1;
        self.spaces_and_comment()?;
        let end = self.mark();
        if sequence {
            self.close(false, start, end);
        } else {
            self.close(true, start, end);
        }
        self.depth -= 1;
        Ok(())
    }

    /// A node inside a flow collection: a scalar or a flow collection.
    fn flow_node(&mut self, parent: i32) -> Read<()> {
        match self.peek() {
            b'[' | b'{' => self.flow(parent),
            b'"' | b'\'' => {
                let scalar = self.quoted(true)?;
                self.emit_scalar(scalar);
                Ok(())
            }
            c if self.plain_starts(c, true) => {
                let scalar = self.plain(true)?;
                self.emit_scalar(scalar);
                Ok(())
            }
            _ => Err(GiveUp),
        }
    }

    /// Whether `c` at the cursor starts a plain scalar this reader reads.
    fn plain_starts(&self, c: u8, flow: bool) -> bool {
        match c {
            b'-' => {
                let next = self.byte(self.pos + 1);
                !(matches!(next, b' ' | b'\n' | b'\r' | 0) || (flow && is_flow(next)))
            }
            b'#' | b'&' | b'*' | b'!' | b'%' | b'@' | b'`' | b'?' | b':' | b'|' | b'>' | b'"'
            | b'\'' | b' ' | b'\n' | b'\r' | 0 => false,
            c => !is_flow(c),
        }
    }

    /// A literal (`|`) or folded (`>`) block scalar whose indicator is at
    /// the cursor, in a block collection of indentation `parent`.
    fn block_scalar(&mut self, parent: i32) -> Read<()> {
        #[derive(PartialEq)]
        enum Chomp {
            Strip,
            Clip,
            Keep,
        }
        let header = self.mark();
        let literal = self.peek() == b'|';
        let style = if literal {
            ScalarStyle::Literal
        } else {
            ScalarStyle::Folded
        };
        self.pos += 1;
        let chomp = match self.peek() {
            b'-' => Chomp::Strip,
            b'+' => Chomp::Keep,
            _ => Chomp::Clip,
        };
        if chomp != Chomp::Clip {
            self.pos += 1;
        }
        self.skip_spaces();
        match self.peek() {
            b'#' if self.byte(self.pos - 1) == b' ' => self.skip_comment(),
            b'\n' | b'\r' | 0 => {}
            _ => return Err(GiveUp),
        }
        if self.at_break() {
            self.newline();
        }
        // Leading empty lines, and the indentation of the first line of
        // content (the deepest of them decides).
        let mut breaks = 0usize;
        let mut widest = 0;
        loop {
            self.skip_spaces();
            widest = widest.max(self.col());
            if self.at_break() {
                breaks += 1;
                self.newline();
            } else {
                break;
            }
        }
        let indent = widest.max(parent + 1).max(1);
        if self.pos == self.b.len() {
            let text = match chomp {
                Chomp::Strip | Chomp::Clip => String::new(),
                Chomp::Keep if breaks == 0 && self.line > header.line && self.char_col() > 0 => {
                    "\n".to_owned()
                }
                Chomp::Keep => "\n".repeat(breaks),
            };
            let end = self.mark();
            self.scalar(Cow::Owned(text), style, header, end);
            return Ok(());
        }
        if self.col() < indent && self.col() > parent {
            return Err(GiveUp);
        }
        let start = self.mark();
        let mut text = String::new();
        let mut leading_break = false;
        let mut leading_blank = false;
        while self.col() == indent && !matches!(self.peek(), b'\n' | b'\r' | 0) {
            let trailing_blank = self.peek() == b' ';
            if !literal && leading_break && !leading_blank && !trailing_blank {
                if breaks == 0 {
                    text.push(' ');
                }
            } else if leading_break {
                text.push('\n');
            }
            for _ in 0..breaks {
                text.push('\n');
            }
            leading_break = false;
            breaks = 0;
            leading_blank = trailing_blank;
            let line_end = self.pos + line_end(&self.b[self.pos..]);
            text.push_str(&self.text[self.pos..line_end]);
            self.pos = line_end;
            if !self.at_break() {
                break;
            }
            leading_break = true;
            self.newline();
            loop {
                while self.col() < indent && self.peek() == b' ' {
                    self.pos += 1;
                }
                if self.at_break() {
                    breaks += 1;
                    self.newline();
                } else {
                    break;
                }
            }
        }
        if chomp != Chomp::Strip {
            if leading_break {
                text.push('\n');
            }
            if self.pos == self.b.len() && self.char_col() >= indent.max(1) {
                text.push('\n');
            }
        }
        if chomp == Chomp::Keep {
            for _ in 0..breaks {
                text.push('\n');
            }
        }
        let end = self.mark();
        self.scalar(Cow::Owned(text), style, start, end);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use saphyr_parser::Parser;

    use super::*;

    type Events = Vec<(String, Pos, Pos)>;

    /// saphyr-parser's events, or `None` where it finds an error.
    fn reference(text: &str) -> Option<Events> {
        let mut events = Vec::new();
        for item in Parser::new_from_str(text) {
            let (event, span) = item.ok()?;
            events.push((
                format!("{event:?}"),
                super::super::pos(span.start),
                super::super::pos(span.end),
            ));
        }
        Some(events)
    }

    fn fast(text: &str) -> Option<Events> {
        let mut events = Vec::new();
        read(text, &mut |event, start, end| {
            events.push((format!("{event:?}"), start, end));
        })
        .ok()?;
        Some(events)
    }

    /// Whether the fast reader read `text`; panics where it reads it
    /// otherwise than saphyr-parser.
    fn agrees(name: &str, text: &str) -> bool {
        let Some(fast) = fast(text) else {
            return false;
        };
        let Some(reference) = reference(text) else {
            panic!("{name}: saphyr-parser finds an error the fast reader missed\n{text}");
        };
        for (i, (f, r)) in fast.iter().zip(&reference).enumerate() {
            assert_eq!(
                f,
                r,
                "{name}: event {i} differs (fast, saphyr)\n{text}\nbefore: {:?}",
                &reference[i.saturating_sub(3)..i]
            );
        }
        assert_eq!(fast.len(), reference.len(), "{name}: event count\n{text}");
        true
    }

    /// Texts in the subset: read, and read as saphyr-parser reads them.
    #[test]
    fn reads_the_block_subset_as_saphyr_does() {
        let cases = [
            "",
            "# only a comment\n",
            "a: 1\n",
            "a: 1",
            "a: 1\n   ",
            "a:\n  b:\n    c: d\n  ",
            "a:\n  b: c",
            "kind: Pod\nspec:\n  a: 1",
            "a: b # c\nd: \"x\\ty\" \ne: 'it''s'\nf: x:y\ng: a b  c\nh: -1\n",
            "a: 1\nb:\n  c: x\n  d:\n  - e\n  - f: g\n    h: \"i\"\n# c\nk: |\n  lit\n  two\n\nz: [a, \"b\"]\n",
            "---\n# x\napiVersion: v1\nitems:\n- a\n- b: \n  c:\n-\n- - x\n  - y\nlast:\n---\n---\nz: {a: b, c: [1]}\n",
            "- e\n-   f\n",
            "a:\n- e\n",
            "a:\n    - e\n",
            "a:\n    - e\n    -\n    - # c\n      f\nb: 2\n",
            "- a: 1\n  b:\n  - x\n  c: 2\n- d\n",
            "a: |\n  one\n\n  two\n   three\n\n\nb: >\n  f1\n  f2\n\n  f3\n    more\n  f4\nc: |-\n  s\n\nd: >-\n  x\n  y\ne: |+\n  k\n\n\nf: 1\n",
            "a: |\nb: 1\n",
            "a: |\n  x",
            "a: |-\n  x",
            "a: |+\n",
            "a: >\n\n  x\n",
            "- |\n  x\n- >\n  y\n",
            "a: \"\\u00e9\\x41\\\"\\\\\\n\"\nb: ''\nc: \"\"\n",
            "a: [ ]\nb: {}\nc: [a, ]\nd: {\"k\":\"v\", 'l': m}\ne: [[1, 2], {x: y}]\n",
            "\"quoted key\": 1\n'single': 2\n\"spaced\" : 3\n",
            "a: \"v\"  # comment\nb: 'w' \n",
            "a: b#c\nd: e # f\n",
            "a:\n\n  # c\n\n  b: 1\n",
            "  a: 1\n  b: 2\n",
            "- [a, b]\n- {c: d}\n",
            "[a, b]\n",
            "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"x\",\"labels\":{}},\"spec\":{\"containers\":[{\"name\":\"a\",\"ports\":[{\"containerPort\":80}]}]},\"n\":null,\"t\":true,\"f\":-1.5e3,\"s\":\"\\u003c\\/x\"}",
            "{\n  \"a\": [\n    1,\n    \"b\" ,\n    {}\n  ],\n  \"c\": {\"d\": null}  # c\n}\n",
            "a: [b, # c\n    c,\n    d]\n",
            "- {a: 1,\n   b: 2}\n",
            "scalar\n",
            "\"quoted\"\n",
            "---\n",
            "---\na: 1\n---\n",
            "a: 1\n---\nb: 2\n",
            "--- # c\na: 1\n",
            "a: --x\nb: -1\n",
            "# 典型错误配置示例\napiVersion: v1 # 错误：强制\nkind: Pod\nmetadata:\n  name: 中文\n  labels: {app: é, 'ü': \"ß\"}\n",
            "a: é\nb: |\n  多行\n  文本 →\nc: >\n  折叠\n  文本\n\"键\": 值\n",
            "- 一\n- - 二: 三\n  - [四, 五]\n",
            "a: 中文",
            "a:\n  b: 值 ",
            "a: |\n  末尾",
            "{\"名\": \"值\", \"n\": [1, \"\\u00e9\"]}\n",
        ];
        for text in cases {
            assert!(agrees(text, text), "gave up on {text:?}");
            // And with Windows line ends.
            let crlf = text.replace('\n', "\r\n");
            assert!(agrees(&crlf, &crlf), "gave up on {crlf:?}");
        }
    }

    /// No control character but `\n` (and `\r` before it), and no byte
    /// order mark, at every place in a chunk; other characters are welcome.
    #[test]
    fn eligible_texts_are_printable_ascii_lines() {
        let base = "a: b\n".repeat(20);
        assert_eq!(scan(&base), Some(true));
        assert_eq!(
            scan(&format!("{base}# 错误：强制使用本地镜像 §2.2 →\n")),
            Some(false)
        );
        assert_eq!(scan(&base.replace('\n', "\r\n")), Some(true));
        assert_eq!(scan("a: 1\r"), None);
        for at in 0..base.len() {
            for bad in ["\t", "\rx", "\u{0}", "\u{7f}", "\u{feff}", "\u{1f}"] {
                let mut text = base.clone();
                text.insert_str(at, bad);
                assert_eq!(scan(&text), None, "{text:?}");
            }
            let mut text = base.clone();
            text.insert(at, 'é');
            assert_eq!(scan(&text), Some(false), "{text:?}");
        }
    }

    /// Texts outside the subset: the fast reader gives up (and
    /// saphyr-parser reads them, or words their error).
    #[test]
    fn gives_up_outside_the_subset() {
        let cases = [
            "a:\tb\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "%YAML 1.2\n---\na: 1\n",
            "a: 1\n...\n",
            "? a\n: b\n",
            "a: b\n  c\n",
            "a: \"b\n  c\"\n",
            "a: [b,\n c]\n",
            "a: [b\n  c]\n",
            "a: {b:\n  c}\n",
            "[\n---\n]\n",
            "a: |2\n   x\n",
            "a: b: c\n",
            "a: 1\n b: 2\n",
            "a:\n    b: 1\n  c: 2\n",
            "- a\nb: 1\n",
            "a: 1\n- b\n",
            "a: 'x' y\n",
            "a: \"x\"#c\n",
            "a: [b]: c\n",
            "a: 1\nb\n",
            "a: -\n",
            "a: \"\\q\"\n",
            "{a: 1}\nb\n",
            "a: {b: c, }\n",
            "a: {b: c -}\n",
            "|\n  root\n",
        ];
        for text in cases {
            assert!(!agrees(text, text), "read {text:?}");
        }
    }

    /// The manifests in the repository, and the Kubewarden tests'
    /// AdmissionRequests (JSON, as the policy reads them).
    fn repository_texts() -> Vec<(String, String)> {
        let mut texts = crate::test_files(&[
            "tests/fixtures",
            "tests/fixes",
            "../../examples/seeds",
            "../../tests/corpus/kubernetes-examples",
        ]);
        let requests = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../policies/kubewarden/test_data"
        );
        let mut json: Vec<_> = std::fs::read_dir(requests)
            .unwrap_or_else(|e| panic!("{requests}: {e}"))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        json.sort();
        assert!(json.len() > 20, "{} requests", json.len());
        for path in json {
            let text = std::fs::read_to_string(&path).unwrap();
            texts.push((path.display().to_string(), text));
        }
        texts
    }

    /// Every manifest in the repository: read as saphyr-parser reads it,
    /// and nearly all of the real-world ones read at all (the point of the
    /// fast reader).
    #[test]
    fn reads_the_repository_as_saphyr_does() {
        let texts = repository_texts();
        let (mut corpus, mut corpus_read, mut read_count) = (0, 0, 0);
        for (name, text) in &texts {
            let read = agrees(name, text);
            read_count += usize::from(read);
            if name.ends_with(".json") {
                assert!(read, "gave up on {name}");
            }
            if name.contains("kubernetes-examples") {
                corpus += 1;
                corpus_read += usize::from(read);
            }
        }
        assert!(corpus > 200, "{corpus} corpus files");
        assert!(
            corpus_read * 100 >= corpus * 95,
            "the fast reader read {corpus_read} of {corpus} corpus files"
        );
        assert!(
            read_count * 10 >= texts.len() * 8,
            "{read_count} of {}",
            texts.len()
        );
    }

    /// Mutated copies of the repository's manifests (a byte deleted, one
    /// of YAML's significant characters inserted, a line's indentation
    /// changed): wherever the fast reader reads one, it reads it as
    /// saphyr-parser does.
    #[test]
    fn reads_mutated_manifests_as_saphyr_does() {
        const INSERTS: &[&str] = &[
            " ",
            "\n",
            ":",
            ": ",
            "-",
            "- ",
            "#",
            " #",
            "\"",
            "'",
            "[",
            "]",
            "{",
            "}",
            ",",
            "|",
            ">",
            "|-",
            ">+",
            "a",
            "0",
            "---\n",
            "  ",
            "\n\n",
            "\\",
            "\n  ",
            "- a: b\n",
            "|\n",
            "\"a\": ",
            "{a: b}",
            "[a]",
            "# c\n",
            "x: |\n  y\n",
            "\n- ",
            "''",
            " -}",
            " -,",
            " - ",
            "中",
            " é",
            "→ ",
            "值: 中\n",
        ];
        let mut state = 0x2545_f491_u64;
        let mut random = |below: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % below as u64) as usize
        };
        // `KUBESHAPE_MUTATIONS=N` tries N per file (40 by default) for a
        // longer search.
        let per_file = std::env::var("KUBESHAPE_MUTATIONS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(40);
        let (mut tried, mut read) = (0, 0);
        for (name, text) in repository_texts() {
            if text.is_empty() {
                continue;
            }
            for _ in 0..per_file {
                // A quarter of the copies with Windows line ends.
                let mut copy = if random(4) == 0 {
                    text.replace('\n', "\r\n")
                } else {
                    text.clone()
                };
                let mut at = 0;
                // One to three changes.
                for _ in 0..1 + random(3) {
                    at = random(copy.len().max(1));
                    if !copy.is_char_boundary(at) {
                        continue;
                    }
                    match random(3) {
                        0 => {
                            let end = (at + 1..=copy.len())
                                .find(|&e| copy.is_char_boundary(e))
                                .unwrap_or(copy.len());
                            copy.replace_range(at..end, "");
                        }
                        1 => copy.insert_str(at, INSERTS[random(INSERTS.len())]),
                        _ => {
                            let start = copy[..at].rfind('\n').map_or(0, |n| n + 1);
                            if random(2) == 0 {
                                copy.insert(start, ' ');
                            } else if copy[start..].starts_with(' ') {
                                copy.remove(start);
                            }
                        }
                    }
                }
                tried += 1;
                read += usize::from(agrees(&format!("{name} (mutated, last at {at})"), &copy));
            }
        }
        eprintln!("the fast reader read {read} of {tried} mutated manifests");
        // Most mutations leave a text the fast reader still reads.
        assert!(read * 5 > tried, "read {read} of {tried}");
    }
}
