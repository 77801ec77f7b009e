//! An open document's text and its positions in the three units that meet
//! here: bytes (the core's edits), characters (the core's columns) and
//! UTF-16 code units (the Language Server Protocol's columns). A line ends
//! at `\n`; a `\r` before it belongs to the line break.

use kubeshape_core::parse::Pos;
use serde_json::{json, Value};

/// An LSP position: 0-based line, 0-based column in UTF-16 code units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

impl Position {
    pub fn from_json(value: &Value) -> Option<Position> {
        Some(Position {
            line: u32::try_from(value.get("line")?.as_u64()?).ok()?,
            character: u32::try_from(value.get("character")?.as_u64()?).ok()?,
        })
    }

    pub fn to_json(self) -> Value {
        json!({"line": self.line, "character": self.character})
    }
}

/// `{start, end}` as LSP writes a range.
pub fn range_json(start: Position, end: Position) -> Value {
    json!({"start": start.to_json(), "end": end.to_json()})
}

/// A document's text with where each line starts.
#[derive(Debug, Clone)]
pub struct Text {
    pub text: String,
    starts: Vec<usize>,
}

impl Text {
    pub fn new(text: String) -> Text {
        let starts = line_starts(&text);
        Text { text, starts }
    }

    /// Line `line` (0-based), without its line break.
    fn line(&self, line: usize) -> &str {
        let Some(&start) = self.starts.get(line) else {
            return "";
        };
        let end = self
            .starts
            .get(line + 1)
            .map_or(self.text.len(), |&next| next - 1);
        self.text[start..end].trim_end_matches('\r')
    }

    /// The byte offset of an LSP position (clamped to the line and the text;
    /// a position inside a character's two UTF-16 units goes before it).
    pub fn offset(&self, at: Position) -> usize {
        let line = at.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return self.text.len();
        };
        let mut units = 0;
        for (i, c) in self.line(line).char_indices() {
            if units >= at.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + self.line(line).len()
    }

    /// The LSP position of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let upto = self.text.get(start..offset).unwrap_or_default();
        Position {
            line: line as u32,
            character: upto.chars().map(char::len_utf16).sum::<usize>() as u32,
        }
    }

    /// The LSP position of a core position (1-based line, 1-based column in
    /// characters).
    pub fn from_pos(&self, pos: Pos) -> Position {
        let line = pos.line.saturating_sub(1) as usize;
        let text = self.line(line);
        let chars = pos.column.saturating_sub(1) as usize;
        Position {
            line: line as u32,
            character: text.chars().take(chars).map(char::len_utf16).sum::<usize>() as u32,
        }
    }

    /// The whole text's range.
    pub fn whole(&self) -> (Position, Position) {
        (
            Position {
                line: 0,
                character: 0,
            },
            self.position(self.text.len()),
        )
    }

    /// Replaces `start..end` (LSP positions) with `new`, or the whole text
    /// when no range is given.
    pub fn change(&mut self, range: Option<(Position, Position)>, new: &str) {
        match range {
            None => self.text = new.to_owned(),
            Some((from, to)) => {
                let (a, b) = (self.offset(from), self.offset(to));
                let (a, b) = (a.min(b), a.max(b));
                self.text.replace_range(a..b, new);
            }
        }
        self.starts = line_starts(&self.text);
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units() {
        // `名` is one unit, `🙂` two; the core counts each as one character.
        let t = Text::new("a: 名🙂x\r\nb: 2\n".to_owned());
        let x = t.from_pos(Pos { line: 1, column: 6 });
        assert_eq!(
            x,
            Position {
                line: 0,
                character: 6
            }
        );
        assert_eq!(t.offset(x), "a: 名🙂".len());
        assert_eq!(t.position("a: 名🙂".len()), x);
        assert_eq!(
            t.position(t.text.len()),
            Position {
                line: 2,
                character: 0
            }
        );
        assert_eq!(
            t.from_pos(Pos { line: 2, column: 4 }),
            Position {
                line: 1,
                character: 3
            }
        );
    }

    #[test]
    fn incremental_changes_apply_at_their_utf16_range() {
        let mut t = Text::new("name: 名🙂\nimage: x\n".to_owned());
        // Replace `🙂` (UTF-16 columns 7..9 of line 0).
        t.change(
            Some((
                Position {
                    line: 0,
                    character: 7,
                },
                Position {
                    line: 0,
                    character: 9,
                },
            )),
            "字",
        );
        assert_eq!(t.text, "name: 名字\nimage: x\n");
        t.change(
            Some((
                Position {
                    line: 1,
                    character: 7,
                },
                Position {
                    line: 2,
                    character: 0,
                },
            )),
            "nginx:1.27\n",
        );
        assert_eq!(t.text, "name: 名字\nimage: nginx:1.27\n");
        t.change(None, "x");
        assert_eq!(t.text, "x");
    }
}
