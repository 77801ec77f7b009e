//! What a parse error means for the person who wrote the text: the
//! parser's message sorted into the mistakes people make, and the place
//! to change, which is not always where the parser stopped (an unclosed
//! quote is found where the text ends; a line missing its colon, on the
//! line after it).

use super::Pos;

/// The mistake a parse error comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// A tab where YAML wants spaces.
    Tab,
    /// A quote (`"` or `'`) opened and never closed.
    UnclosedQuote(char),
    /// `: ` inside an unquoted value: YAML reads a new key there.
    ColonInValue,
    /// A key indented under a key that already has a value on its line.
    KeyUnderValue,
    /// A line indented differently from the keys around it: its
    /// indentation, and that of the line it should line up with.
    Misaligned { here: u32, before: u32 },
    /// A list item's `-` not lined up with the items before it.
    ListItemMisaligned { here: u32, before: u32 },
    /// A `- ` list item where a key was expected.
    ListItemInMapping,
    /// A line with neither a `key:` nor a `- `.
    KeyWithoutColon,
    /// A `- ` item inside `[…]` or `{…}`.
    DashInFlow,
    /// `-` or `:` with no space after it, where YAML needs one.
    NoSpaceAfter(char),
    /// A `[` or `{` never closed.
    Unclosed(char),
    /// `*name` with no `&name` before it in the document.
    UnknownAnchor,
    /// A backslash in a double-quoted value that starts no escape.
    BadEscape,
    /// Text after a closing quote.
    AfterQuote,
    /// Text after `|` or `>` on its line.
    BlockScalarHeader,
    /// A `]` or `}` with nothing to close.
    StrayBracket,
    /// `key:[` or `key:{` inside a flow mapping (no space after `:`).
    ColonBeforeBracket,
    /// The text ends in the middle of a value.
    EndOfInput,
    /// Something after a `...` document end, or a `%` directive.
    Directive,
    /// A tag (`!something`) YAML cannot read.
    Tag,
    /// A control character, or a byte order mark inside the text.
    Unprintable,
    /// A comment line inside a value that goes on over several lines.
    CommentInValue,
    /// Anything else: the parser's own words say it.
    Other,
}

/// A parse error explained: its cause and where to look (1-based line,
/// column in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Diagnosis {
    pub cause: Cause,
    pub at: Pos,
}

struct Lines<'t> {
    lines: Vec<&'t str>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        Lines {
            lines: text
                .split('\n')
                .map(|l| l.strip_suffix('\r').unwrap_or(l))
                .collect(),
        }
    }

    /// Line `n` (1-based), empty past the end.
    fn get(&self, n: u32) -> &'t str {
        self.lines
            .get((n as usize).wrapping_sub(1))
            .copied()
            .unwrap_or("")
    }

    fn blank(&self, n: u32) -> bool {
        let l = self.get(n).trim();
        l.is_empty() || l.starts_with('#')
    }

    /// The nearest line at or before `n` that holds something.
    fn filled_at_or_before(&self, n: u32) -> Option<u32> {
        (1..=n.min(self.lines.len() as u32))
            .rev()
            .find(|&k| !self.blank(k))
    }

    /// The nearest line before `n` that holds something.
    fn filled_before(&self, n: u32) -> Option<u32> {
        self.filled_at_or_before(n.saturating_sub(1))
    }
}

/// Spaces before the first character of `line`.
fn indent(line: &str) -> u32 {
    (line.len() - line.trim_start_matches(' ').len()) as u32
}

/// The position of the first character of line `n`.
fn start_of(lines: &Lines<'_>, n: u32) -> Pos {
    Pos {
        line: n,
        column: indent(lines.get(n)) + 1,
    }
}

/// The column (1-based, in characters) of byte `at` of `line`.
fn column(line: &str, at: usize) -> u32 {
    line[..at].chars().count() as u32 + 1
}

/// Explains the parse error `detail` the parser reported at `at` in `text`.
pub fn diagnose(text: &str, at: Pos, detail: &str) -> Diagnosis {
    let lines = Lines::new(text);
    let d = detail.to_ascii_lowercase();
    let here = |cause| Diagnosis { cause, at };
    let diagnosis = if d.contains("tab") {
        // The first tab on this line or the few before it.
        let tab = (at.line.saturating_sub(3).max(1)..=at.line)
            .rev()
            .find_map(|n| lines.get(n).find('\t').map(|b| (n, b)));
        match tab {
            Some((n, b)) => Diagnosis {
                cause: Cause::Tab,
                at: Pos {
                    line: n,
                    column: column(lines.get(n), b),
                },
            },
            None => here(Cause::Tab),
        }
    } else if d.contains("quoted scalar")
        && (d.contains("end of stream")
            || d.contains("indentation")
            || d.contains("document indicator"))
    {
        match open_quote(&lines, at.line) {
            Some((quote, pos)) => Diagnosis {
                cause: Cause::UnclosedQuote(quote),
                at: pos,
            },
            None => here(Cause::UnclosedQuote('"')),
        }
    } else if d.contains("mapping values are not allowed") {
        let line = lines.get(at.line);
        let before = lines.filled_before(at.line);
        let parent = before.map(|b| lines.get(b)).unwrap_or("");
        // `key: value` on the line before, and this line deeper.
        let parent_has_value = parent
            .trim_start()
            .trim_start_matches("- ")
            .split_once(": ")
            .is_some_and(|(_, v)| !v.trim().is_empty() && !v.trim_start().starts_with('#'));
        if parent_has_value && indent(line) > indent(parent) {
            Diagnosis {
                cause: Cause::KeyUnderValue,
                at: start_of(&lines, at.line),
            }
        } else {
            here(Cause::ColonInValue)
        }
    } else if d.contains("did not find expected key")
        || d.contains("did not find expected '-'")
        || d.contains("block sequence entries are not allowed")
        || d == "invalid indentation"
        || d.contains("indentation for anchor")
        || d.contains("wrongly indented")
    {
        let n = if lines.blank(at.line) {
            lines.filled_at_or_before(at.line).unwrap_or(at.line)
        } else {
            at.line
        };
        let line = lines.get(n);
        let before = lines.filled_before(n).map(|b| lines.get(b)).unwrap_or("");
        let cause = if line.trim_start().starts_with('-') {
            if before.trim_start().starts_with('-') && indent(before) != indent(line) {
                Cause::ListItemMisaligned {
                    here: indent(line),
                    before: indent(before),
                }
            } else {
                Cause::ListItemInMapping
            }
        } else {
            Cause::Misaligned {
                here: indent(line),
                before: indent(before),
            }
        };
        Diagnosis {
            cause,
            at: start_of(&lines, n),
        }
    } else if d.contains("simple key expect") {
        // The line with no colon is the one before where the parser saw
        // the next key.
        let n = if at.column <= indent(lines.get(at.line)) + 1 {
            lines.filled_before(at.line).unwrap_or(at.line)
        } else {
            at.line
        };
        Diagnosis {
            cause: Cause::KeyWithoutColon,
            at: start_of(&lines, n),
        }
    } else if d.contains("expected ',' or")
        || d.contains("illegal placement of ':'")
        || d.contains("did not find expected node content")
        || d.contains("unexpected eof")
        || d.contains("invalid indentation in flow")
    {
        match open_bracket(&lines, at) {
            Some((bracket, pos)) => Diagnosis {
                cause: Cause::Unclosed(bracket),
                at: pos,
            },
            None => here(Cause::EndOfInput),
        }
    } else if d.contains("only valid inside a block") {
        here(Cause::DashInFlow)
    } else if d.contains("must be followed by a valid yaml whitespace") {
        here(Cause::NoSpaceAfter(if d.starts_with("'-'") {
            '-'
        } else {
            ':'
        }))
    } else if d.contains("unknown anchor") || d.contains("alias to an anchor") {
        here(Cause::UnknownAnchor)
    } else if d.contains("escape") || d.contains("hexadecimal") {
        // The backslash: the first at or after where the parser stopped,
        // or else the line's first.
        let line = lines.get(at.line);
        let from = line
            .char_indices()
            .nth(at.column.saturating_sub(1) as usize)
            .map_or(line.len(), |(b, _)| b);
        let backslash = line[from..]
            .find('\\')
            .map(|b| from + b)
            .or_else(|| line.find('\\'));
        Diagnosis {
            cause: Cause::BadEscape,
            at: backslash.map_or(at, |b| Pos {
                line: at.line,
                column: column(line, b),
            }),
        }
    } else if d.contains("trailing content after") {
        here(Cause::AfterQuote)
    } else if d.contains("block scalar") {
        here(Cause::BlockScalarHeader)
    } else if d.contains("misplaced bracket") {
        here(Cause::StrayBracket)
    } else if d.contains("may not precede") {
        here(Cause::ColonBeforeBracket)
    } else if d.contains("document") || d.contains("directive") {
        here(Cause::Directive)
    } else if d.contains("tag") || d.contains("handle") {
        here(Cause::Tag)
    } else if d.contains("comment intercepting") {
        here(Cause::CommentInValue)
    } else if d.contains("unprintable") || d.contains("byte order mark") {
        here(Cause::Unprintable)
    } else {
        here(Cause::Other)
    };
    off_blank_lines(&lines, diagnosis)
}

/// A place on a blank line (or past the text) moves to the end of the last
/// line that holds something: that is where the reader must look.
fn off_blank_lines(lines: &Lines<'_>, d: Diagnosis) -> Diagnosis {
    if !lines.get(d.at.line).trim().is_empty() {
        return d;
    }
    match lines.filled_at_or_before(d.at.line) {
        Some(n) => Diagnosis {
            at: Pos {
                line: n,
                column: lines.get(n).trim_end().chars().count() as u32,
            },
            ..d
        },
        None => d,
    }
}

/// The quote that opened a value and is not closed on its line, on line
/// `upto` or the nearest such line before it.
fn open_quote(lines: &Lines<'_>, upto: u32) -> Option<(char, Pos)> {
    (1..=upto).rev().take(500).find_map(|n| {
        let line = lines.get(n);
        let mut open: Option<(char, usize)> = None;
        let mut prev = ' ';
        for (b, c) in line.char_indices() {
            match open {
                Some((q, _)) if c == q => open = None,
                Some(_) => {}
                None if c == '#' && prev == ' ' => break,
                // A quote starts a value after a space, `[`, `{` or `,`.
                None if (c == '"' || c == '\'') && matches!(prev, ' ' | '[' | '{' | ',') => {
                    open = Some((c, b))
                }
                None => {}
            }
            prev = c;
        }
        open.map(|(q, b)| {
            (
                q,
                Pos {
                    line: n,
                    column: column(line, b),
                },
            )
        })
    })
}

/// The `[` or `{` not closed before `at`, in the document it is in.
fn open_bracket(lines: &Lines<'_>, at: Pos) -> Option<(char, Pos)> {
    let first = (1..=at.line)
        .rev()
        .find(|&n| lines.get(n).starts_with("---"))
        .map_or(1, |n| n + 1);
    let mut open: Vec<(char, Pos)> = Vec::new();
    for n in first..=at.line {
        let line = lines.get(n);
        let mut quote = None;
        let mut prev = ' ';
        for (b, c) in line.char_indices() {
            if n == at.line && column(line, b) >= at.column {
                break;
            }
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '#') if prev == ' ' => break,
                (None, '"' | '\'') => quote = Some(c),
                (None, '[' | '{') => open.push((
                    c,
                    Pos {
                        line: n,
                        column: column(line, b),
                    },
                )),
                (None, ']' | '}') => {
                    open.pop();
                }
                _ => {}
            }
            prev = c;
        }
    }
    open.pop()
}

#[cfg(test)]
mod tests;
