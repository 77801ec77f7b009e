//! Characters that look like YAML syntax but are not: what text copied
//! from a web page, a chat or a Chinese input method brings along. Found
//! before the text is parsed, so that the parser can read what the author
//! meant (see [`normalize`]) and one finding can say what happened.
//!
//! Only places where YAML syntax is meant are looked at: the indentation,
//! the colon after a key and the space around it, a list item's dash, the
//! commas of a one-line flow collection, and quotes around a whole value.
//! The same characters inside a value, a quoted string, a comment or a
//! block scalar are text and stay as they are; invisible characters
//! (zero-width, bidirectional controls) are reported wherever they are.

/// What a look-alike character is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// U+00A0 or U+202F: copied from a web page.
    NoBreakSpace,
    /// U+3000: typed with a Chinese input method.
    IdeographicSpace,
    /// Another Unicode space (U+2000–U+200A, U+205F).
    OtherSpace,
    /// A tab in the indentation.
    Tab,
    /// `：` where YAML needs `:`.
    FullWidthColon,
    /// `，` between the items of a flow collection.
    FullWidthComma,
    /// `－`, `–` or `—` where a list item's `-` is meant.
    Dash,
    /// `“ ” ‘ ’` around a whole value.
    CurlyQuote,
    /// U+200B–U+200D, U+2060, or U+FEFF inside the text.
    ZeroWidth,
    /// A bidirectional control (U+200E, U+200F, U+202A–U+202E,
    /// U+2066–U+2069): what is shown is not what is read.
    Bidi,
}

/// Where the character is, for the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Indentation,
    /// Between a key and its value (around the colon).
    AfterKey,
    /// Where a list item's dash goes.
    ListItem,
    /// Between the items of a flow collection.
    FlowCollection,
    /// Around a value.
    Value,
    /// Anywhere (invisible characters).
    Text,
}

/// One look-alike character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lookalike {
    /// 1-based line, and column in characters (as findings count them).
    pub line: u32,
    pub column: u32,
    /// Its byte offset in the text.
    pub byte: usize,
    pub ch: char,
    pub kind: Kind,
    pub place: Place,
}

impl Lookalike {
    /// What it stands for: `' '`, `':'`, `','`, `'-'`, `'"'` or `'\''`;
    /// `None` for a character to delete (invisible ones) and for a tab,
    /// whose width the author knows.
    pub fn replacement(&self) -> Option<char> {
        match self.kind {
            Kind::NoBreakSpace | Kind::IdeographicSpace | Kind::OtherSpace => Some(' '),
            Kind::FullWidthColon => Some(':'),
            Kind::FullWidthComma => Some(','),
            Kind::Dash => Some('-'),
            Kind::CurlyQuote => Some(if matches!(self.ch, '‘' | '’') {
                '\''
            } else {
                '"'
            }),
            Kind::Tab | Kind::ZeroWidth | Kind::Bidi => None,
        }
    }
}

fn space_kind(c: char) -> Option<Kind> {
    match c {
        '\u{a0}' | '\u{202f}' => Some(Kind::NoBreakSpace),
        '\u{3000}' => Some(Kind::IdeographicSpace),
        '\u{2000}'..='\u{200a}' | '\u{205f}' => Some(Kind::OtherSpace),
        _ => None,
    }
}

/// Whether `c` is an invisible character this module reports anywhere.
pub fn invisible_kind(c: char) -> Option<Kind> {
    match c {
        '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => Some(Kind::ZeroWidth),
        '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
            Some(Kind::Bidi)
        }
        _ => None,
    }
}

/// Whether `text` (a key, a value) holds a character this module is about:
/// a Unicode space or an invisible character.
pub fn is_suspect(text: &str) -> bool {
    !text.is_ascii()
        && text
            .chars()
            .any(|c| space_kind(c).is_some() || invisible_kind(c).is_some())
}

/// Every look-alike character of `text`, in text order.
pub fn find(text: &str) -> Vec<Lookalike> {
    let mut found = Vec::new();
    // ASCII text can only have tabs.
    if text.is_ascii() && !text.as_bytes().contains(&b'\t') {
        return found;
    }
    // The indentation of the key whose block scalar (`|`, `>`) the lines
    // being read belong to.
    let mut block_scalar: Option<usize> = None;
    let mut line_start = 0;
    for (i, line) in text.split('\n').enumerate() {
        let scan = Line {
            text: line,
            number: i as u32 + 1,
            start: line_start,
        };
        line_start += line.len() + 1;
        scan.invisible(&mut found);
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(owner) = block_scalar {
            if line.trim().is_empty() || indent > owner {
                continue;
            }
            block_scalar = None;
        }
        if scan.syntax(&mut found) {
            block_scalar = Some(indent);
        }
    }
    // Each line's invisible characters were found before its others: put
    // them in byte order (an insertion sort: the list is almost in order,
    // and a standard sort's code weighs kilobytes in the browser builds).
    for i in 1..found.len() {
        let mut j = i;
        while j > 0 && found[j - 1].byte > found[j].byte {
            found.swap(j - 1, j);
            j -= 1;
        }
    }
    found.dedup_by_key(|l| l.byte);
    found
}

/// `text` with each look-alike that has a replacement replaced, when
/// there is one: the same lines, and the same number of characters on
/// each, so a position in one is the same position in the other.
pub fn normalize(text: &str, found: &[Lookalike]) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut any = false;
    for l in found {
        if let Some(r) = l.replacement() {
            out.push_str(&text[at..l.byte]);
            out.push(r);
            at = l.byte + l.ch.len_utf8();
            any = true;
        }
    }
    if !any {
        return None;
    }
    out.push_str(&text[at..]);
    Some(out)
}

struct Line<'t> {
    text: &'t str,
    number: u32,
    /// Byte offset of the line in the text.
    start: usize,
}

impl Line<'_> {
    fn push(&self, found: &mut Vec<Lookalike>, byte: usize, ch: char, kind: Kind, place: Place) {
        let column = self.text[..byte].chars().count() as u32 + 1;
        found.push(Lookalike {
            line: self.number,
            column,
            byte: self.start + byte,
            ch,
            kind,
            place,
        });
    }

    /// Invisible characters anywhere on the line (a byte order mark only
    /// past the text's first character).
    fn invisible(&self, found: &mut Vec<Lookalike>) {
        if self.text.is_ascii() {
            return;
        }
        for (at, c) in self.text.char_indices() {
            if let Some(kind) = invisible_kind(c) {
                if c == '\u{feff}' && self.start + at == 0 {
                    continue;
                }
                self.push(found, at, c, kind, Place::Text);
            }
        }
    }

    /// Look-alikes where YAML syntax is meant; whether the line opens a
    /// block scalar.
    fn syntax(&self, found: &mut Vec<Lookalike>) -> bool {
        let text = self.text;
        // The indentation: spaces, and what looks like them.
        let mut at = 0;
        for (i, c) in text.char_indices() {
            let kind = match c {
                ' ' => None,
                '\t' => Some(Kind::Tab),
                c => match space_kind(c) {
                    Some(kind) => Some(kind),
                    None if invisible_kind(c).is_some() => None,
                    None => break,
                },
            };
            if let Some(kind) = kind {
                self.push(found, i, c, kind, Place::Indentation);
            }
            at = i + c.len_utf8();
        }
        let mut rest = &text[at..];
        if rest.is_empty() || rest.starts_with('#') || rest.starts_with("---") {
            return false;
        }
        // List items' dashes, real or look-alike.
        loop {
            let mut chars = rest.chars();
            let first = chars.next();
            let second = chars.next();
            let blank = |c: Option<char>| c.is_none_or(|c| c == ' ' || space_kind(c).is_some());
            match first {
                Some('-') if blank(second) => {}
                Some(c @ ('－' | '–' | '—')) if blank(second) => {
                    self.push(found, at, c, Kind::Dash, Place::ListItem);
                }
                _ => break,
            }
            let dash = first.map_or(1, char::len_utf8);
            at += dash;
            let spaces = self.spaces(&text[at..], at, found, Place::ListItem);
            at += spaces;
            rest = &text[at..];
        }
        // A key: quoted, or plain ASCII up to a colon.
        let key_len = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].find(q).map_or(0, |end| end + 2),
            _ => rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || "_-./\\$@".contains(c)))
                .unwrap_or(rest.len()),
        };
        if key_len == 0 {
            return false;
        }
        at += key_len;
        // Spaces before the colon (a plain key's own spaces are not YAML's,
        // but a look-alike one there is surely meant as nothing).
        at += self.spaces(&text[at..], at, found, Place::AfterKey);
        let colon = text[at..].chars().next();
        match colon {
            Some(':') => {}
            Some('：') => self.push(found, at, '：', Kind::FullWidthColon, Place::AfterKey),
            _ => return false,
        }
        at += colon.map_or(1, char::len_utf8);
        let after = text[at..].chars().next();
        if after.is_some_and(|c| c != ' ' && space_kind(c).is_none()) {
            // `key:value` is a scalar, not a mapping.
            return false;
        }
        at += self.spaces(&text[at..], at, found, Place::AfterKey);
        self.value(&text[at..], at, found)
    }

    /// Skips spaces (real and look-alike) at the start of `rest`, which is
    /// at byte `at` of the line; returns how many bytes.
    fn spaces(&self, rest: &str, at: usize, found: &mut Vec<Lookalike>, place: Place) -> usize {
        let mut len = 0;
        for (i, c) in rest.char_indices() {
            match c {
                ' ' => {}
                c => match space_kind(c) {
                    Some(kind) => self.push(found, at + i, c, kind, place),
                    None => break,
                },
            }
            len = i + c.len_utf8();
        }
        len
    }

    /// A value that starts at byte `at`: curly quotes around it, full-width
    /// commas in a one-line flow collection; whether it opens a block
    /// scalar.
    fn value(&self, value: &str, at: usize, found: &mut Vec<Lookalike>) -> bool {
        // The value without a trailing comment.
        let end = value.find(" #").unwrap_or(value.len());
        let body = value[..end].trim_end();
        let mut chars = body.chars();
        match (chars.next(), chars.next_back()) {
            (Some(open @ ('“' | '‘')), Some(close @ ('”' | '’'))) if body.chars().count() > 1 =>
            {
                self.push(found, at, open, Kind::CurlyQuote, Place::Value);
                let close_at = at + body.len() - close.len_utf8();
                self.push(found, close_at, close, Kind::CurlyQuote, Place::Value);
            }
            (Some('[' | '{'), _) => {
                let mut quote = None;
                for (i, c) in body.char_indices() {
                    match (quote, c) {
                        (None, '"' | '\'') => quote = Some(c),
                        (Some(q), c) if c == q => quote = None,
                        (None, '，') => self.push(
                            found,
                            at + i,
                            c,
                            Kind::FullWidthComma,
                            Place::FlowCollection,
                        ),
                        _ => {}
                    }
                }
            }
            (Some('|' | '>'), _) => {
                return body[1..]
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '+' || c == '-');
            }
            _ => {}
        }
        false
    }
}

#[cfg(test)]
mod tests;
