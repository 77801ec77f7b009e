//! Flow collections and JSON (`{…}`, `[…]`) whose keys and values sit
//! on one line each.

use super::*;

impl<'t, F: Handler<'t>> Reader<'t, '_, F> {
    /// Spaces, comments and line breaks between the tokens of a flow
    /// collection, inside a block collection of indentation `parent`. A
    /// token that starts a line must stand right of the column after the
    /// block's indentation (saphyr-parser's rule depends on the tokens
    /// before; this is the strictest form of it): nearer, give up.
    pub(super) fn flow_space(&mut self, parent: i32) -> Read<()> {
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
    pub(super) fn spaces_and_comment(&mut self) -> Read<()> {
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
    pub(super) fn flow(&mut self, parent: i32) -> Read<()> {
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
    pub(super) fn flow_node(&mut self, parent: i32) -> Read<()> {
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
    pub(super) fn plain_starts(&self, c: u8, flow: bool) -> bool {
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
}
