//! Block collections: a node at an indentation, mappings, sequences
//! (indentless ones too).

use super::*;

impl<'t, F: Handler<'t>> Reader<'t, '_, F> {
    /// Reads the node at the cursor, inside a block collection of
    /// indentation `parent` (-1 for a document's root).
    pub(super) fn node(&mut self, parent: i32, place: Place) -> Read<()> {
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
    pub(super) fn scalar_or_key(&mut self, scalar: Scalar<'t>, col: i32, place: Place) -> Read<()> {
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
    pub(super) fn mapping(&mut self, indent: i32, first: Scalar<'t>) -> Read<()> {
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
    pub(super) fn dash(&mut self) -> Pos {
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
    pub(super) fn sequence(&mut self, indent: i32, indentless: bool) -> Read<()> {
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
}
