//! Scalars: plain and quoted ones on one line, escapes, and literal and
//! folded block scalars.

use super::*;

impl<'t, F: Handler<'t>> Reader<'t, '_, F> {
    /// A plain scalar starting at the cursor, on one line; the cursor ends
    /// after its last character. In a flow collection (`flow`) it also
    /// ends at `,[]{}` and at a `:` before one of them.
    pub(super) fn plain(&mut self, flow: bool) -> Read<Scalar<'t>> {
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
    pub(super) fn quoted(&mut self, flow: bool) -> Read<Scalar<'t>> {
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
    pub(super) fn escape(&self, at: usize) -> Read<(char, usize)> {
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

    /// A literal (`|`) or folded (`>`) block scalar whose indicator is at
    /// the cursor, in a block collection of indentation `parent`.
    pub(super) fn block_scalar(&mut self, parent: i32) -> Read<()> {
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
