//! A JSON writer that prints what serde_json prints, byte for byte.

/// A JSON writer that prints what serde_json prints: the caller gives keys
/// in alphabetical order (serde_json's maps are sorted), and `pretty` is
/// serde_json's two-space layout.
pub(crate) struct Writer {
    pub(crate) out: String,
    pub(super) pretty: bool,
    pub(super) depth: usize,
    /// Whether the current object or array has had an element yet.
    pub(super) first: Vec<bool>,
    /// A string as [`Writer::string`] wrote it, to write again.
    pub(super) escaped: String,
    /// Fix edits' texts as written (see [`Writer::edit_text`]): where in
    /// `edit_texts` each text's escaped form is.
    #[cfg(feature = "fast-json")]
    pub(super) edits: crate::text::hash::FxMap<Box<str>, std::ops::Range<usize>>,
    #[cfg(feature = "fast-json")]
    edit_texts: String,
}

impl Writer {
    pub(crate) fn new(pretty: bool, capacity: usize) -> Self {
        Writer {
            out: String::with_capacity(capacity),
            pretty,
            depth: 0,
            first: Vec::new(),
            escaped: String::new(),
            #[cfg(feature = "fast-json")]
            edits: Default::default(),
            #[cfg(feature = "fast-json")]
            edit_texts: String::new(),
        }
    }

    /// A fix edit's text as a string. The same texts come again and again
    /// (a rule inserts the same lines at the same indentation into
    /// container after container: 151 distinct texts among the 10,810
    /// edits of the 10× benchmark copy), and each has lines to escape,
    /// which took 7.5 M instructions there (3% of the CLI's run). With
    /// `fast-json`, up to [`EDIT_TEXTS`] of them are kept escaped, found by
    /// their hash and copied.
    pub(crate) fn edit_text(&mut self, text: &str) {
        #[cfg(not(feature = "fast-json"))]
        self.string(text);
        #[cfg(feature = "fast-json")]
        self.edit_text_kept(text);
    }

    #[cfg(feature = "fast-json")]
    fn edit_text_kept(&mut self, text: &str) {
        if let Some(at) = self.edits.get(text) {
            let escaped = self.edit_texts.get(at.clone()).unwrap_or_default();
            self.out.push_str(escaped);
            return;
        }
        let from = self.out.len();
        self.string(text);
        if self.edits.len() == EDIT_TEXTS {
            self.edits.clear();
            self.edit_texts.clear();
        }
        let start = self.edit_texts.len();
        self.edit_texts
            .push_str(self.out.get(from..).unwrap_or_default());
        self.edits.insert(text.into(), start..self.edit_texts.len());
    }

    pub(crate) fn newline(&mut self) {
        const INDENT: &str = "\n                                ";
        if self.pretty {
            match INDENT.get(..1 + 2 * self.depth) {
                Some(indent) => self.out.push_str(indent),
                None => {
                    self.out.push('\n');
                    for _ in 0..self.depth {
                        self.out.push_str("  ");
                    }
                }
            }
        }
    }

    pub(crate) fn open(&mut self, bracket: char) {
        self.out.push(bracket);
        self.depth += 1;
        self.first.push(true);
    }

    pub(crate) fn close(&mut self, bracket: char) {
        self.depth -= 1;
        let empty = self.first.pop().unwrap_or(true);
        if !empty {
            self.newline();
        }
        self.out.push(bracket);
    }

    /// Starts an element of the current array or object.
    pub(crate) fn element(&mut self) {
        if let Some(first) = self.first.last_mut() {
            if !*first {
                self.out.push(',');
            }
            *first = false;
        }
        self.newline();
    }

    pub(crate) fn key(&mut self, key: &str) {
        self.element();
        // Keys are the report's own field names: nothing to escape.
        debug_assert!(key.bytes().all(|b| !NEEDS_ESCAPE[usize::from(b)]));
        self.out.push('"');
        self.out.push_str(key);
        self.out.push_str(if self.pretty { "\": " } else { "\":" });
    }

    pub(crate) fn string(&mut self, text: &str) {
        self.out.push('"');
        let bytes = text.as_bytes();
        // With `fast-json`: most strings have nothing to escape, which one
        // vectorised pass over them tells; copied whole then.
        if KEYED && !any_escape(bytes) {
            self.out.push_str(text);
            self.out.push('"');
            return;
        }
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            // Only control characters, `"` and `\` need escaping: skip
            // sixteen (with `fast-json`; then eight) bytes at a time while
            // none of them does, then go straight to the first that does
            // (the lowest byte a word's test flags is always a true one).
            if let Some(chunk) = bytes.get(i..i + 16).filter(|_| KEYED) {
                let (mut low, mut high) = ([0u8; 8], [0u8; 8]);
                low.copy_from_slice(&chunk[..8]);
                high.copy_from_slice(&chunk[8..]);
                let low = escape_bits(u64::from_le_bytes(low));
                let high = escape_bits(u64::from_le_bytes(high));
                if low | high == 0 {
                    i += 16;
                    continue;
                }
                i += if low != 0 {
                    first_byte(low)
                } else {
                    8 + first_byte(high)
                };
            } else if let Some(chunk) = bytes.get(i..i + 8) {
                let mut word = [0u8; 8];
                word.copy_from_slice(chunk);
                let bits = escape_bits(u64::from_le_bytes(word));
                if bits == 0 {
                    i += 8;
                    continue;
                }
                i += first_byte(bits);
            }
            let b = bytes[i];
            i += 1;
            if !NEEDS_ESCAPE[usize::from(b)] {
                continue;
            }
            self.out.push_str(&text[start..i - 1]);
            match b {
                b'"' => self.out.push_str("\\\""),
                b'\\' => self.out.push_str("\\\\"),
                b'\n' => self.out.push_str("\\n"),
                b'\r' => self.out.push_str("\\r"),
                b'\t' => self.out.push_str("\\t"),
                0x08 => self.out.push_str("\\b"),
                0x0c => self.out.push_str("\\f"),
                _ => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    self.out.push_str("\\u00");
                    self.out.push(HEX[usize::from(b >> 4)] as char);
                    self.out.push(HEX[usize::from(b & 0xf)] as char);
                }
            }
            start = i;
        }
        self.out.push_str(&text[start..]);
        self.out.push('"');
    }

    /// Writes a number without the formatting machinery (one call per
    /// line and column of every finding).
    pub(crate) fn number(&mut self, mut value: u64) {
        if value < 10 {
            // Most numbers of a report (columns, documents, small lines).
            self.out.push(char::from(b'0' + value as u8));
            return;
        }
        if KEYED && value < 100 {
            // Most of the rest (lines and columns of short files).
            self.out.push(char::from(b'0' + (value / 10) as u8));
            self.out.push(char::from(b'0' + (value % 10) as u8));
            return;
        }
        // (A loop of its own: one shared with `text::indexed`, returning
        // the digits as a slice, cost 0.7 M more instructions at 10×.)
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        loop {
            at -= 1;
            digits[at] = b'0' + (value % 10) as u8;
            value /= 10;
            if value == 0 {
                break;
            }
        }
        for &d in &digits[at..] {
            self.out.push(char::from(d));
        }
    }

    pub(crate) fn field_str(&mut self, key: &str, value: &str) {
        self.key(key);
        self.string(value);
    }

    /// Our own word as a string (nothing to escape).
    pub(crate) fn word(&mut self, value: &str) {
        debug_assert!(value.bytes().all(|b| !NEEDS_ESCAPE[usize::from(b)]));
        self.out.push('"');
        self.out.push_str(value);
        self.out.push('"');
    }

    pub(crate) fn field_opt(&mut self, key: &str, value: Option<&str>) {
        self.key(key);
        self.opt(value);
    }

    pub(crate) fn opt(&mut self, value: Option<&str>) {
        match value {
            Some(v) => self.string(v),
            None => self.out.push_str("null"),
        }
    }

    pub(crate) fn field_num(&mut self, key: &str, value: impl Into<u64>) {
        self.key(key);
        self.number(value.into());
    }

    pub(crate) fn field_bool(&mut self, key: &str, value: bool) {
        self.key(key);
        self.boolean(value);
    }

    pub(crate) fn boolean(&mut self, value: bool) {
        self.out.push_str(if value { "true" } else { "false" });
    }
}

/// Which bytes [`Writer::string`] escapes.
const NEEDS_ESCAPE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// Nonzero when some byte of `word` is below 0x20, `"` or `\` (the
/// classic "has a zero byte" and "has a byte less than n" tricks): the high
/// bit of each such byte is set, and of some bytes above one (a borrow),
/// never below the first.
fn escape_bits(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let control = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
    let quote = zero_byte(word ^ (ONES * u64::from(b'"')));
    let backslash = zero_byte(word ^ (ONES * u64::from(b'\\')));
    control | quote | backslash
}

/// Whether some byte of `bytes` needs escaping: thirty-two bytes at a time
/// with no early exit inside them (vector compares and a bitwise sum).
fn any_escape(bytes: &[u8]) -> bool {
    let needs = |b: u8| u8::from(b < 0x20) | u8::from(b == b'"') | u8::from(b == b'\\');
    let mut chunks = bytes.chunks_exact(32);
    for chunk in &mut chunks {
        if chunk.iter().fold(0, |any, &b| any | needs(b)) != 0 {
            return true;
        }
    }
    let mut words = chunks.remainder().chunks_exact(8);
    for chunk in &mut words {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        if escape_bits(u64::from_le_bytes(word)) != 0 {
            return true;
        }
    }
    words
        .remainder()
        .iter()
        .any(|&b| NEEDS_ESCAPE[usize::from(b)])
}

/// Which byte of a word [`escape_bits`] flags first (nonzero `bits`).
fn first_byte(bits: u64) -> usize {
    bits.trailing_zeros() as usize / 8
}

/// How many distinct fix edit texts a writer keeps escaped (about 100 KB
/// at most; then it starts again).
#[cfg(feature = "fast-json")]
pub(super) const EDIT_TEXTS: usize = 1024;

/// Whether this build writes keys from the `PRETTY` and `COMPACT` literals and scans strings
/// sixteen bytes at a time (feature `fast-json`).
pub(in crate::report) const KEYED: bool = cfg!(feature = "fast-json");

pub(super) fn count(n: usize) -> u64 {
    n as u64
}
