//! Edits: how a rule's fix is written into the text a person wrote.
//!
//! A fix is a list of edits (byte range → replacement) computed from the
//! nodes' positions, never a re-serialisation: comments, key order, quoting
//! and the surrounding indentation stay as the user wrote them. New keys go
//! where a person would put them: after the mapping's last entry, at its
//! indentation, in block style under a block mapping and in flow style
//! inside `{…}`.
//!
//! A fix is *safe* when it keeps the manifest's meaning and needs no
//! decision (`allowPrivilegeEscalation: false`, `"8080"` → `8080`, a
//! misspelt field renamed). Fixes that need a value from the user insert a
//! template with the seeds' starting values and a `# TODO` note; they are
//! applied only when asked (`kubeshape fix --review`, `fix(text, {review:
//! true})`), never by "Apply all safe fixes".

use crate::diagnostic::Edit;
use crate::parse::{Node, NodeValue, Pos, ScalarStyle};

/// A value to write: a plain scalar or flow collection (`false`, `[ALL]`),
/// or a block of lines (a probe template), each relative to the key.
#[derive(Debug, Clone)]
pub enum Value {
    Inline(String),
    /// An inline value with a trailing `# note` (dropped in flow style,
    /// where a comment would end the line).
    Noted(String, String),
    /// Lines of a nested block, without indentation of their own beyond
    /// their nesting (`httpGet:`, `  path: /ready`).
    Block(Vec<String>),
}

impl Value {
    pub fn inline(text: impl Into<String>) -> Value {
        Value::Inline(text.into())
    }

    /// `Noted` becomes `Inline` (for places a comment cannot go).
    fn plain(self) -> Value {
        match self {
            Value::Noted(v, _) => Value::Inline(v),
            other => other,
        }
    }
}

/// Where collections' own text ends ([`Source::content_end`]), by the
/// node's address, for the fixes of one group of objects: a container
/// gets a fix from each of a dozen rules, most of them inserting into it,
/// and each insertion asked where it ends again (walking down its last
/// entries: 4% of the CLI's instructions). Nodes do not move while a lint
/// runs.
pub type Ends = std::cell::RefCell<crate::text::hash::FxMap<usize, usize>>;

/// Byte positions and line starts of one file's text.
pub struct Source<'t> {
    pub text: &'t str,
    line_starts: std::borrow::Cow<'t, [u32]>,
    /// In ASCII text a column is a byte count: no need to walk characters.
    ascii: bool,
    /// Ends already found, when the caller keeps them.
    ends: Option<&'t Ends>,
}

impl<'t> Source<'t> {
    pub fn new(text: &'t str) -> Self {
        Source {
            text,
            line_starts: crate::text::line_starts(text).into(),
            ascii: text.is_ascii(),
            ends: None,
        }
    }

    /// The source of a parsed file: its line starts are the parser's.
    pub fn of(file: &'t crate::parse::SourceFile<'t>) -> Self {
        if file.line_starts.is_empty() {
            // Over the size limit: never parsed, so never fixed; but
            // positions must still work.
            return Source::new(file.text);
        }
        Source {
            text: file.text,
            line_starts: file.line_starts.as_slice().into(),
            ascii: file.ascii,
            ends: None,
        }
    }

    /// This source, keeping the ends of collections it finds in `ends`
    /// (and using those found before).
    pub fn keeping(self, ends: &'t Ends) -> Self {
        Source {
            ends: Some(ends),
            ..self
        }
    }

    /// The byte offset of a parser position (its line and column count
    /// characters).
    pub fn byte(&self, pos: Pos) -> usize {
        let line = (pos.line as usize).saturating_sub(1);
        let Some(start) = self.line_starts.get(line).map(|&s| s as usize) else {
            return self.text.len();
        };
        // (`get`: offsets are u32, and a text past 4 GiB must not panic.)
        let Some(rest) = self.text.get(start..) else {
            return self.text.len();
        };
        let column = (pos.column as usize).saturating_sub(1);
        if self.ascii {
            return (start + column).min(self.text.len());
        }
        // Where the characters before the column are ASCII (the usual case
        // even in a file with Chinese comments), the column is a byte count.
        if rest.as_bytes().get(..column).is_some_and(<[u8]>::is_ascii) {
            return start + column;
        }
        rest.char_indices()
            .nth(column)
            .map_or(self.text.len(), |(i, _)| start + i)
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, byte: usize) -> (u32, u32) {
        let byte = byte.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s as usize <= byte) - 1;
        let start = self.line_starts[line] as usize;
        let column = if self.ascii {
            byte - start
        } else {
            self.text.get(start..byte).map_or(0, |s| s.chars().count())
        };
        (line as u32 + 1, column as u32 + 1)
    }

    fn start(&self, node: &Node) -> usize {
        self.byte(node.span.start)
    }

    fn end(&self, node: &Node) -> usize {
        self.byte(node.span.end).max(self.start(node))
    }

    /// Where `node`'s own text ends. The parser ends a collection where the
    /// next token starts (often on a later line), so collections end at
    /// their last scalar, or just past their closing bracket in flow style.
    fn content_end(&self, node: &Node) -> usize {
        let Some(ends) = self
            .ends
            .filter(|_| matches!(node.value, NodeValue::Map(_) | NodeValue::Seq(_)))
        else {
            return self.content_end_found(node);
        };
        let at = std::ptr::from_ref(node) as usize;
        if let Some(&end) = ends.borrow().get(&at) {
            return end;
        }
        let end = self.content_end_found(node);
        ends.borrow_mut().insert(at, end);
        end
    }

    /// [`Source::content_end`], found.
    fn content_end_found(&self, node: &Node) -> usize {
        let last = match &node.value {
            // A block scalar (`|`, `>`) ends where the next token starts:
            // its text ends at its last non-blank character.
            NodeValue::Scalar { style, .. } | NodeValue::Decoded { style, .. }
                if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) =>
            {
                return self.text[..self.end(node)]
                    .trim_end()
                    .len()
                    .max(self.start(node));
            }
            NodeValue::Scalar { .. } | NodeValue::Decoded { .. } => return self.end(node),
            NodeValue::Map(entries) => entries.last().map(|e| {
                if e.value.is_null() && self.end(&e.value) <= self.start(&e.value) {
                    self.content_end_found(&e.key)
                } else {
                    self.content_end_found(&e.value)
                        .max(self.content_end_found(&e.key))
                }
            }),
            NodeValue::Seq(items) => items.last().map(|i| self.content_end_found(i)),
        };
        if !self.is_flow(node) {
            return last.unwrap_or_else(|| self.start(node));
        }
        let from = last.unwrap_or(self.start(node) + 1);
        let close = if matches!(node.value, NodeValue::Map(_)) {
            '}'
        } else {
            ']'
        };
        self.text[from..]
            .find(close)
            .map_or(self.text.len(), |i| from + i + 1)
    }

    /// The offset just past the end of the line holding `byte` (after its
    /// newline), or the end of the text.
    fn after_line(&self, byte: usize) -> usize {
        if byte > 0 && self.text.as_bytes().get(byte - 1) == Some(&b'\n') {
            return byte;
        }
        self.text[byte..]
            .find('\n')
            .map_or(self.text.len(), |i| byte + i + 1)
    }

    /// Whether the collection at `node` is written in flow style.
    fn is_flow(&self, node: &Node) -> bool {
        matches!(
            self.text.as_bytes().get(self.start(node)),
            Some(b'{' | b'[')
        )
    }

    /// The indentation (in spaces) of the keys of a block mapping.
    fn indent_of(&self, map: &Node) -> usize {
        (map.span.start.column as usize).saturating_sub(1)
    }

    /// An edit of `start..end` with its line/column range.
    pub fn edit(&self, start: usize, end: usize, text: impl Into<String>) -> Edit {
        Edit {
            start,
            end,
            text: text.into(),
            from: self.line_column(start),
            to: self.line_column(end),
        }
    }

    /// The text of `node` as written (quotes included).
    pub fn slice(&self, node: &Node) -> &'t str {
        &self.text[self.start(node)..self.end(node)]
    }

    /// Replaces the text of `node` (a scalar or key).
    pub fn replace(&self, node: &Node, text: impl Into<String>) -> Edit {
        self.edit(self.start(node), self.end(node), text.into())
    }

    /// Deletes a mapping entry: its whole lines in block style.
    pub fn delete_entry(&self, map: &Node, key: &str) -> Option<Edit> {
        let entry = map.entry(key)?;
        let from = self.start(&entry.key);
        let line_start = self.text[..from].rfind('\n').map_or(0, |i| i + 1);
        let to = self.after_line(
            self.content_end(&entry.value)
                .max(self.content_end(&entry.key)),
        );
        let only_spaces = self.text[line_start..from].bytes().all(|b| b == b' ');
        if self.is_flow(map) || !only_spaces {
            return None;
        }
        Some(self.edit(line_start, to, String::new()))
    }

    /// Edits that make `map.path` hold `value`: the existing value is
    /// replaced, missing keys are created under the deepest mapping that
    /// exists. `None` when the path runs into something that is not a
    /// mapping (a list, a scalar): no guess is made.
    pub fn set(&self, map: &Node, path: &[&str], value: Value) -> Option<Edit> {
        let (first, rest) = path.split_first()?;
        let value = if map.entry(first).is_some_and(|e| !e.value.is_null()) && rest.is_empty() {
            value.plain()
        } else {
            value
        };
        match map.entry(first) {
            None => self.insert(map, path, value),
            Some(entry) if entry.value.is_null() => self.under_null_key(entry, rest, value),
            Some(entry) if rest.is_empty() => match (&value, entry.value.scalar_kind()) {
                (Value::Inline(text), Some(_)) => Some(self.replace(&entry.value, text.clone())),
                _ => None,
            },
            Some(entry) if entry.value.as_map().is_some() => self.set(&entry.value, rest, value),
            Some(_) => None,
        }
    }

    /// Writes `rest = value` as the value of a key that has none
    /// (`securityContext:` with nothing under it, or `securityContext: null`).
    fn under_null_key(
        &self,
        entry: &crate::parse::Entry,
        rest: &[&str],
        value: Value,
    ) -> Option<Edit> {
        if self.end(&entry.value) > self.start(&entry.value) {
            // An explicit `null` or `~`: replaced by a flow value.
            let value = value.plain();
            let text = match (&value, rest.is_empty()) {
                (Value::Inline(v), true) => v.clone(),
                (_, true) => return None,
                (_, false) => format!("{{{}}}", flow(rest, &value)?),
            };
            return Some(self.replace(&entry.value, text));
        }
        if let (Value::Inline(v) | Value::Noted(v, _), true) = (&value, rest.is_empty()) {
            // `key:` alone: the value goes after the colon.
            let after_key = self.end(&entry.key);
            let colon = after_key + self.text[after_key..].find(':')? + 1;
            return Some(self.edit(colon, colon, format!(" {v}")));
        }
        let at = self.after_line(self.end(&entry.key));
        let mut text = String::new();
        if at == self.text.len() && !self.text.ends_with('\n') {
            text.push('\n');
        }
        let indent = self.indent_of(&entry.key) + 2;
        match (&value, rest.is_empty()) {
            (Value::Block(lines), true) => push_lines(&mut text, indent, lines),
            _ => block(&mut text, indent, rest, &value),
        }
        Some(self.edit(at, at, text))
    }

    /// Inserts `path = value` into `map`, where `path[0]` is absent.
    fn insert(&self, map: &Node, path: &[&str], value: Value) -> Option<Edit> {
        let entries = map.as_map()?;
        if self.is_flow(map) {
            let close = self.content_end(map).checked_sub(1)?;
            let text = flow(path, &value)?;
            let text = if entries.is_empty() {
                text
            } else {
                format!(", {text}")
            };
            return Some(self.edit(close, close, text));
        }
        let at = self.after_line(self.content_end(map));
        let mut text = String::new();
        if at == self.text.len() && !self.text.ends_with('\n') {
            text.push('\n');
        }
        block(&mut text, self.indent_of(map), path, &value);
        Some(self.edit(at, at, text))
    }

    /// Appends `item` to the sequence `seq` (flow or block style).
    pub fn append_item(&self, seq: &Node, item: &str) -> Option<Edit> {
        let items = seq.as_seq()?;
        if self.is_flow(seq) {
            let close = self.content_end(seq).checked_sub(1)?;
            let text = if items.is_empty() {
                item.to_owned()
            } else {
                format!(", {item}")
            };
            return Some(self.edit(close, close, text));
        }
        let last = items.last()?;
        let first = items.first()?;
        // The dash sits two columns left of the first item's content.
        let first_start = self.start(first);
        let line_start = self.text[..first_start].rfind('\n').map_or(0, |i| i + 1);
        let dash = self.text[line_start..first_start].rfind('-')?;
        let at = self.after_line(self.content_end(last));
        let mut text = String::new();
        if at == self.text.len() && !self.text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&" ".repeat(dash));
        text.push_str("- ");
        text.push_str(item);
        text.push('\n');
        Some(self.edit(at, at, text))
    }
}

/// Writes `path = value` as block lines (`securityContext:`,
/// `  runAsNonRoot: true`), each line `indent` spaces in plus two per
/// level, straight into `out` (its room made first: a block grown piece
/// by piece is reallocated several times).
fn block(out: &mut String, indent: usize, path: &[&str], value: &Value) {
    let mut room = 0;
    block_lines(path, value, &mut |depth, parts| {
        room += indent + 2 * depth + parts.iter().map(|p| p.len()).sum::<usize>() + 1;
    });
    out.reserve(room);
    block_lines(path, value, &mut |depth, parts| {
        spaces(out, indent + 2 * depth);
        for part in parts {
            out.push_str(part);
        }
        out.push('\n');
    });
}

/// The lines of `path = value` as [`block`] writes them: each line's depth
/// and parts.
fn block_lines(path: &[&str], value: &Value, line: &mut dyn FnMut(usize, &[&str])) {
    for (depth, key) in path.iter().enumerate() {
        if depth + 1 < path.len() {
            line(depth, &[key, ":"]);
            continue;
        }
        match value {
            Value::Inline(v) => line(depth, &[key, ": ", v]),
            Value::Noted(v, note) => line(depth, &[key, ": ", v, "  # ", note]),
            Value::Block(inner) => {
                line(depth, &[key, ":"]);
                for l in inner {
                    line(depth + 1, &[l]);
                }
            }
        }
    }
}

fn spaces(out: &mut String, mut n: usize) {
    const SPACES: &str = "                                ";
    while n > 0 {
        let k = n.min(SPACES.len());
        out.push_str(&SPACES[..k]);
        n -= k;
    }
}

/// `path = value` in flow style (`securityContext: {runAsNonRoot: true}`);
/// block values cannot be written in flow style.
fn flow(path: &[&str], value: &Value) -> Option<String> {
    let (Value::Inline(v) | Value::Noted(v, _)) = value else {
        return None;
    };
    let mut out = v.clone();
    for (i, key) in path.iter().enumerate().rev() {
        out = if i == 0 {
            format!("{key}: {out}")
        } else {
            format!("{{{key}: {out}}}")
        };
    }
    Some(out)
}

fn push_lines(out: &mut String, indent: usize, lines: &[String]) {
    out.reserve(lines.iter().map(|l| indent + l.len() + 1).sum());
    for line in lines {
        if !line.is_empty() {
            spaces(out, indent);
        }
        out.push_str(line);
        out.push('\n');
    }
}

/// Sorts a short list by `key`: insertion sort, because the standard
/// library's sorts weigh kilobytes in each browser build that instantiates
/// them, and fixes only ever sort a handful of items.
pub(crate) fn sort_short<T>(items: &mut [T], key: impl Fn(&T) -> (usize, usize)) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && key(&items[j - 1]) > key(&items[j]) {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Applies edits (sorted, non-overlapping) to `text`.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for e in edits {
        if e.start < at || e.end > text.len() || e.start > e.end {
            continue;
        }
        out.push_str(&text[at..e.start]);
        out.push_str(&e.text);
        at = e.end;
    }
    out.push_str(&text[at..]);
    out
}
