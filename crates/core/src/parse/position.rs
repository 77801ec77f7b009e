//! Positions: saphyr-parser's markers as lines and columns, clamped to
//! the text's real lines (characters per line, or bytes where it is ASCII).

use super::Pos;

pub(super) fn pos(marker: saphyr_parser::Marker) -> Pos {
    Pos {
        line: marker.line() as u32,
        column: marker.col() as u32 + 1,
    }
}

/// Lengths in characters of the text's lines (`\r\n`, `\r` and `\n` end a
/// line, as in YAML).
pub(super) fn line_lengths(text: &str) -> Vec<u32> {
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

pub(super) fn char_count(line: &str) -> u32 {
    let n = if line.is_ascii() {
        line.len()
    } else {
        line.chars().count()
    };
    n as u32
}

/// The length in characters of each line of a text.
pub(super) enum Lengths<'s> {
    /// An ASCII text whose lines end at `\n`: each line's length follows
    /// from where the lines start.
    Ascii { starts: &'s [u32], len: usize },
    /// Any other text: counted ([`line_lengths`]).
    Counted(Vec<u32>),
}

impl Lengths<'_> {
    pub(super) fn lines(&self) -> usize {
        match self {
            Lengths::Ascii { starts, .. } => starts.len(),
            Lengths::Counted(lengths) => lengths.len(),
        }
    }

    pub(super) fn get(&self, line: usize) -> Option<u32> {
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
pub(super) fn clamp(at: Pos, lengths: &Lengths<'_>) -> Pos {
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
