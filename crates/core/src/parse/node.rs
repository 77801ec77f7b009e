//! The spanned YAML tree every rule reads.

use std::fmt;

/// A position in the original text. Lines and columns are 1-based; columns
/// count Unicode characters (what editors and SARIF `unicodeCodePoints` use).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

/// The extent of a node in the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

impl Span {
    pub fn point(pos: Pos) -> Self {
        Span {
            start: pos,
            end: pos,
        }
    }
}

/// How a scalar was written; it decides how Kubernetes reads it
/// (`8080` is a number, `"8080"` is a string).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// What a node holds. Boxed strings and slices, not `String`s and `Vec`s:
/// a node is 64 bytes instead of 80 (40 with a scalar's tag in a byte and
/// positions without a character offset) and carries no spare capacity, which took about 40% off the peak memory of a
/// large input (600 to 350 MB for the 100× benchmark corpus: every tree is
/// alive while the cross-object rules run).
///
/// A scalar's text is borrowed from the parsed text (`'t`) where it is
/// written as it reads (most are), so the tree does not copy it; only a
/// scalar whose value differs from its text (escapes, folded or block
/// lines) has one of its own. [`Node::scalar`] gives either.
#[derive(Debug, Clone)]
pub enum NodeValue<'t> {
    /// A scalar whose value is its text, as written.
    Scalar {
        text: &'t str,
        style: ScalarStyle,
        tag: ScalarTag,
    },
    /// A scalar whose value was decoded from its text.
    Decoded {
        text: Box<str>,
        style: ScalarStyle,
        tag: ScalarTag,
    },
    Seq(Box<[Node<'t>]>),
    Map(Box<[Entry<'t>]>),
}

impl NodeValue<'_> {
    /// A scalar's text and style, whether borrowed or decoded.
    pub fn scalar(&self) -> Option<(&str, ScalarStyle)> {
        match self {
            NodeValue::Scalar { text, style, .. } => Some((text, *style)),
            NodeValue::Decoded { text, style, .. } => Some((text, *style)),
            _ => None,
        }
    }
}

/// Scalars are equal by text and style, borrowed or decoded (the fast
/// reader borrows what saphyr-parser copies).
impl PartialEq for NodeValue<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (NodeValue::Seq(a), NodeValue::Seq(b)) => a == b,
            (NodeValue::Map(a), NodeValue::Map(b)) => a == b,
            _ => self.scalar().is_some() && self.scalar() == other.scalar(),
        }
    }
}

/// One `key: value` pair of a mapping; the key keeps its own span so a
/// finding about a field can point at the field's name.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<'t> {
    pub key: Node<'t>,
    pub value: Node<'t>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node<'t> {
    pub value: NodeValue<'t>,
    pub span: Span,
}

/// An explicit tag that changes how Kubernetes reads a scalar (`!!str
/// 8080` is a string, `!!int "3"` a number). Any other tag (`!!map`,
/// `!custom`) changes nothing and is `None`: kept in a byte of the scalar,
/// it leaves a node 40 bytes (a pointer to the tag's text made every node
/// 48 for what nothing read).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScalarTag {
    #[default]
    None,
    Str,
    Int,
    Float,
}

impl ScalarTag {
    /// The tag `!!suffix` (`tag:yaml.org,2002:` + `suffix`) names.
    pub fn of(handle: &str, suffix: &str) -> ScalarTag {
        match (handle, suffix) {
            ("tag:yaml.org,2002:", "str") => ScalarTag::Str,
            ("tag:yaml.org,2002:", "int") => ScalarTag::Int,
            ("tag:yaml.org,2002:", "float") => ScalarTag::Float,
            _ => ScalarTag::None,
        }
    }
}

/// What a plain scalar means under the YAML rules Kubernetes applies
/// (`sigs.k8s.io/yaml`, YAML 1.1 booleans included).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ScalarKind {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String,
}

impl<'t> Node<'t> {
    /// A scalar's text and style, whether borrowed or decoded.
    pub fn scalar(&self) -> Option<(&str, ScalarStyle)> {
        self.value.scalar()
    }

    pub fn as_map(&self) -> Option<&[Entry<'t>]> {
        match &self.value {
            NodeValue::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node<'t>]> {
        match &self.value {
            NodeValue::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// The text of any scalar, whatever its style (`8080` and `"8080"` both
    /// give `8080`). `None` for mappings, sequences and null.
    pub fn as_str(&self) -> Option<&str> {
        self.scalar()
            .filter(|_| !self.is_null())
            .map(|(text, _)| text)
    }

    /// Whether this is a null scalar (`~`, `null`, nothing). The same answer
    /// as `scalar_kind() == Some(Null)` without resolving the scalar: every
    /// key lookup asks this, so it must be cheap.
    pub fn is_null(&self) -> bool {
        match self.scalar() {
            Some((text, ScalarStyle::Plain)) => {
                matches!(text, "" | "~" | "null" | "Null" | "NULL") && self.tag() == ScalarTag::None
            }
            _ => false,
        }
    }

    /// The scalar's explicit tag, if one that matters (see [`ScalarTag`]).
    pub fn tag(&self) -> ScalarTag {
        match &self.value {
            NodeValue::Scalar { tag, .. } | NodeValue::Decoded { tag, .. } => *tag,
            _ => ScalarTag::None,
        }
    }

    pub fn is_quoted(&self) -> bool {
        matches!(
            self.scalar(),
            Some((_, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted))
        )
    }

    /// The scalar's type as Kubernetes' YAML reader resolves it.
    pub fn scalar_kind(&self) -> Option<ScalarKind> {
        let (text, style) = self.scalar()?;
        if style != ScalarStyle::Plain {
            return Some(ScalarKind::String);
        }
        match self.tag() {
            ScalarTag::Str => return Some(ScalarKind::String),
            ScalarTag::Int => return text.parse().ok().map(ScalarKind::Int),
            ScalarTag::Float => return crate::text::parse_decimal(text).map(ScalarKind::Float),
            ScalarTag::None => {}
        }
        Some(resolve_plain(text))
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.scalar_kind()? {
            ScalarKind::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self.scalar_kind()? {
            ScalarKind::Int(i) => Some(i),
            ScalarKind::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(f as i64),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self.scalar_kind()? {
            ScalarKind::Int(i) => Some(i as f64),
            ScalarKind::Float(f) => Some(f),
            _ => None,
        }
    }

    /// The entry for `key` in a mapping.
    pub fn entry(&self, key: &str) -> Option<&Entry<'t>> {
        self.as_map()?.iter().find(|e| e.key.is_str(key))
    }

    /// `self.as_str() == Some(text)`, comparing the text first: most keys
    /// differ from the one looked for, and that check is the cheapest.
    pub fn is_str(&self, text: &str) -> bool {
        matches!(self.scalar(), Some((own, _)) if own == text) && !self.is_null()
    }

    /// The value for `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node<'t>> {
        self.entry(key).map(|e| &e.value)
    }

    /// Follows a chain of mapping keys.
    pub fn path(&self, keys: &[&str]) -> Option<&Node<'t>> {
        keys.iter().try_fold(self, |node, key| node.get(key))
    }

    /// Sequence items under `key`, or nothing.
    pub fn items(&self, key: &str) -> &[Node<'t>] {
        self.get(key).and_then(Node::as_seq).unwrap_or(&[])
    }

    /// Number of nodes in this subtree (itself included).
    pub fn size(&self) -> usize {
        match &self.value {
            NodeValue::Scalar { .. } | NodeValue::Decoded { .. } => 1,
            NodeValue::Seq(items) => 1 + items.iter().map(Node::size).sum::<usize>(),
            NodeValue::Map(entries) => {
                1 + entries
                    .iter()
                    .map(|e| e.key.size() + e.value.size())
                    .sum::<usize>()
            }
        }
    }

    pub fn type_name(&self) -> &'static str {
        match &self.value {
            NodeValue::Map(_) => "mapping",
            NodeValue::Seq(_) => "list",
            NodeValue::Scalar { .. } | NodeValue::Decoded { .. } => match self.scalar_kind() {
                Some(ScalarKind::Null) => "null",
                Some(ScalarKind::Bool(_)) => "boolean",
                Some(ScalarKind::Int(_)) => "integer",
                Some(ScalarKind::Float(_)) => "number",
                _ => "string",
            },
        }
    }
}

impl fmt::Display for Node<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.value, self.scalar()) {
            (_, Some((text, _))) => f.write_str(text),
            (NodeValue::Seq(_), _) => f.write_str("[…]"),
            _ => f.write_str("{…}"),
        }
    }
}

/// Resolves a plain scalar the way go-yaml v2 (behind `kubectl`) does:
/// YAML 1.1 booleans, `~`/`null`, decimal, octal and hex integers, floats.
pub fn resolve_plain(text: &str) -> ScalarKind {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return ScalarKind::Null,
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "y" | "Y" => {
            return ScalarKind::Bool(true)
        }
        "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "n" | "N" => {
            return ScalarKind::Bool(false)
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return ScalarKind::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return ScalarKind::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return ScalarKind::Float(f64::NAN),
        _ => {}
    }
    let first = text.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return ScalarKind::String;
    }
    // (YAML 1.1 allows `_` between digits; most numbers have none.)
    let owned: String;
    let cleaned = if text.contains('_') {
        owned = text.chars().filter(|&c| c != '_').collect();
        &owned
    } else {
        text
    };
    let (sign, digits) = match cleaned.strip_prefix('-') {
        Some(rest) => (-1i128, rest),
        None => (1, cleaned.strip_prefix('+').unwrap_or(cleaned)),
    };
    let int = if let Some(hex) = digits.strip_prefix("0x") {
        i128::from_str_radix(hex, 16).ok()
    } else if let Some(bin) = digits.strip_prefix("0b") {
        i128::from_str_radix(bin, 2).ok()
    } else if let Some(oct) = digits.strip_prefix("0o") {
        i128::from_str_radix(oct, 8).ok()
    } else if digits.len() > 1
        && digits.starts_with('0')
        && digits.bytes().all(|b| b.is_ascii_digit())
    {
        i128::from_str_radix(&digits[1..], 8).ok()
    } else if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse::<i128>().ok().or(Some(i128::MAX))
    } else {
        None
    };
    if let Some(value) = int {
        return match i64::try_from(sign * value) {
            Ok(i) => ScalarKind::Int(i),
            Err(_) => ScalarKind::Float((sign * value) as f64),
        };
    }
    let looks_float = digits.bytes().any(|b| b.is_ascii_digit())
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if looks_float {
        if let Some(f) = crate::text::parse_decimal(cleaned) {
            return ScalarKind::Float(f);
        }
    }
    ScalarKind::String
}

impl Node<'_> {
    /// The value as JSON, typed the way Kubernetes reads it.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.value {
            NodeValue::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|e| (e.key.to_string(), e.value.to_json()))
                    .collect(),
            ),
            NodeValue::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeValue::Scalar { .. } | NodeValue::Decoded { .. } => match self.scalar_kind() {
                Some(ScalarKind::Null) => Value::Null,
                Some(ScalarKind::Bool(b)) => Value::Bool(b),
                Some(ScalarKind::Int(i)) => Value::from(i),
                Some(ScalarKind::Float(f)) => serde_json::Number::from_f64(f)
                    .map_or_else(|| Value::String(self.to_string()), Value::Number),
                _ => Value::String(self.to_string()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_plain_scalars_like_kubectl() {
        assert_eq!(resolve_plain("8080"), ScalarKind::Int(8080));
        assert_eq!(resolve_plain("0x1F"), ScalarKind::Int(31));
        assert_eq!(resolve_plain("yes"), ScalarKind::Bool(true));
        assert_eq!(resolve_plain("~"), ScalarKind::Null);
        assert_eq!(resolve_plain("1.5"), ScalarKind::Float(1.5));
        assert!(matches!(resolve_plain("1e400"), ScalarKind::Float(f) if f.is_infinite()));
        assert_eq!(resolve_plain("100m"), ScalarKind::String);
        assert_eq!(resolve_plain("v1.0"), ScalarKind::String);
        assert_eq!(resolve_plain("1.2.3"), ScalarKind::String);
        assert_eq!(resolve_plain("-"), ScalarKind::String);
    }

    #[test]
    fn is_null_agrees_with_scalar_kind() {
        let texts = ["", "~", "null", "Null", "NULL", "nul", "0", "x", "true"];
        let styles = [
            ScalarStyle::Plain,
            ScalarStyle::SingleQuoted,
            ScalarStyle::Literal,
        ];
        let yaml = "tag:yaml.org,2002:";
        let tags = [
            ("", ""),
            (yaml, "str"),
            (yaml, "int"),
            (yaml, "float"),
            (yaml, "null"),
            ("!", "x"),
        ];
        for text in texts {
            for style in styles {
                for (handle, suffix) in tags {
                    let tag = ScalarTag::of(handle, suffix);
                    let node = Node {
                        value: NodeValue::Scalar { text, style, tag },
                        span: Span::default(),
                    };
                    assert_eq!(
                        node.is_null(),
                        node.scalar_kind() == Some(ScalarKind::Null),
                        "{text:?} {style:?} {tag:?}"
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod size_tests {
    /// The sizes the memory figures of the benchmarks rest on (64-bit targets).
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn nodes_stay_small() {
        assert_eq!(std::mem::size_of::<super::Node<'_>>(), 40);
        assert_eq!(std::mem::size_of::<super::Entry<'_>>(), 80);
    }
}
