//! A custom resource walked against its CustomResourceDefinition's
//! `openAPIV3Schema` (a structural schema, read as the API server reads
//! it): the same problems as the built-in kinds' walk, in the same words.
//!
//! - `properties` name the fields; others are unknown (the API server
//!   drops them) unless `additionalProperties` or
//!   `x-kubernetes-preserve-unknown-fields: true` keeps them;
//! - `type` (with `x-kubernetes-int-or-string`), `format` and `enum` judge
//!   values; `null` means "not set" everywhere;
//! - `required` lists what must be there (not in a patch).

use std::borrow::Cow;

use super::walk::{fits, is_directive, path_of, Expected, Hint, Problem, Seg};
use crate::model::crd::Crd;
use crate::model::Object;
use crate::parse::{Node, ScalarKind};

struct Walker<'w, 'a> {
    crd: &'w Crd<'a>,
    object: usize,
    prefix: &'a str,
    segs: Vec<Seg<'a>>,
    partial: bool,
    out: &'w mut Vec<Problem<'a>>,
}

/// The problems of `object` (index `index`) against `schema`, the
/// `openAPIV3Schema` of `crd`'s version it uses, added to `out`.
pub fn walk<'a>(
    crd: &Crd<'a>,
    schema: &'a Node<'a>,
    index: usize,
    object: &'a Object<'a>,
    partial: bool,
    out: &mut Vec<Problem<'a>>,
) {
    let mut walker = Walker {
        crd,
        object: index,
        prefix: &object.path,
        segs: Vec::new(),
        partial,
        out,
    };
    let anchor = object.node.entry("kind").map_or(object.node, |e| &e.key);
    walker.value(object.node, schema, anchor, true);
}

/// The text of a scalar schema keyword.
fn word<'a>(schema: &'a Node<'a>, key: &str) -> Option<&'a str> {
    schema.get(key).and_then(Node::as_str)
}

fn flag(schema: &Node, key: &str) -> bool {
    schema.get(key).and_then(Node::as_bool) == Some(true)
}

impl<'a> Walker<'_, 'a> {
    fn path(&self) -> String {
        path_of(self.prefix, &self.segs)
    }

    /// `Widget`, `Widget spec.ports[]`: what the fields are of, in messages.
    fn owner(&self) -> Cow<'a, str> {
        if self.segs.is_empty() {
            return Cow::Borrowed(self.crd.kind);
        }
        let mut at = String::new();
        for seg in &self.segs {
            match seg {
                Seg::Key(k) => {
                    if !at.is_empty() {
                        at.push('.');
                    }
                    at.push_str(k);
                }
                Seg::Item(_) => at.push_str("[]"),
            }
        }
        Cow::Owned(format!("{} {at}", self.crd.kind))
    }

    fn push_wrong(&mut self, node: &'a Node<'a>, expected: Expected) {
        let path = self.path();
        self.out.push(Problem::WrongType {
            object: self.object,
            node,
            path,
            expected,
        });
    }

    fn value(
        &mut self,
        node: &'a Node<'a>,
        schema: &'a Node<'a>,
        anchor: &'a Node<'a>,
        root: bool,
    ) {
        if node.is_null() {
            return;
        }
        if flag(schema, "x-kubernetes-int-or-string") {
            if !fits(node, Expected::IntOrString) {
                self.push_wrong(node, Expected::IntOrString);
            }
            return;
        }
        let ty = word(schema, "type")
            .or_else(|| schema.get("properties").map(|_| "object"))
            .or_else(|| schema.get("items").map(|_| "array"));
        match ty {
            Some("object") => self.object(node, schema, anchor, root),
            Some("array") => {
                let Some(items) = node.as_seq() else {
                    return self.push_wrong(node, Expected::List);
                };
                let Some(item_schema) = schema.get("items") else {
                    return;
                };
                for (i, item) in items.iter().enumerate() {
                    let first = item
                        .as_map()
                        .and_then(|m| m.first())
                        .map_or(item, |e| &e.key);
                    self.segs.push(Seg::Item(i));
                    self.value(item, item_schema, first, false);
                    self.segs.pop();
                }
            }
            Some(scalar) => {
                let expected = match scalar {
                    "string" => Expected::String,
                    "integer" => Expected::Int,
                    "number" => Expected::Number,
                    "boolean" => Expected::Bool,
                    _ => return,
                };
                if !fits(node, expected) {
                    return self.push_wrong(node, expected);
                }
                self.check_enum(node, schema);
                if let Some(format) = word(schema, "format") {
                    if !format_fits(node, format) {
                        let path = self.path();
                        self.out.push(Problem::WrongFormat {
                            object: self.object,
                            node,
                            path,
                            format,
                        });
                    }
                }
            }
            // No type: anything goes (`x-kubernetes-preserve-unknown-fields`
            // alone, or an `anyOf` of types).
            None => self.check_enum(node, schema),
        }
    }

    fn check_enum(&mut self, node: &'a Node<'a>, schema: &'a Node<'a>) {
        let Some(allowed) = schema.get("enum").and_then(Node::as_seq) else {
            return;
        };
        let Some(text) = node.as_str() else { return };
        let listed: Vec<&'a str> = allowed.iter().filter_map(Node::as_str).collect();
        if listed.is_empty() || listed.contains(&text) {
            return;
        }
        let path = self.path();
        self.out.push(Problem::NotAllowed {
            object: self.object,
            node,
            path,
            allowed: listed,
        });
    }

    fn object(
        &mut self,
        node: &'a Node<'a>,
        schema: &'a Node<'a>,
        anchor: &'a Node<'a>,
        root: bool,
    ) {
        let Some(entries) = node.as_map() else {
            return self.push_wrong(node, Expected::Mapping);
        };
        let properties = schema
            .get("properties")
            .and_then(Node::as_map)
            .unwrap_or(&[]);
        let additional = schema.get("additionalProperties");
        let keeps_any = flag(schema, "x-kubernetes-preserve-unknown-fields")
            || additional.is_some_and(|a| a.as_bool() == Some(true))
            || !self.crd.prunes;
        let embedded = root || flag(schema, "x-kubernetes-embedded-resource");
        let mut merged = false;
        let mut renamed: Vec<&'a str> = Vec::new();
        for e in entries {
            let Some(key) = e.key.as_str() else { continue };
            if key == "<<" {
                merged = true;
                continue;
            }
            // An object's `metadata` is the API server's (ObjectMeta),
            // whatever the schema says of it.
            if embedded && key == "metadata" {
                continue;
            }
            if let Some(field) = properties.iter().find(|p| p.key.is_str(key)) {
                self.segs.push(Seg::Key(key));
                self.value(&e.value, &field.value, &e.key, false);
                self.segs.pop();
                continue;
            }
            if let Some(each) = additional.filter(|a| a.as_map().is_some()) {
                self.segs.push(Seg::Key(key));
                self.value(&e.value, each, &e.key, false);
                self.segs.pop();
                continue;
            }
            // The object's own `apiVersion`, `kind` and `metadata` (the
            // API server's, whatever the schema says of them).
            let own = embedded && matches!(key, "apiVersion" | "kind" | "metadata");
            if keeps_any || own || (self.partial && is_directive(key)) {
                continue;
            }
            let names = || properties.iter().filter_map(|p| p.key.as_str());
            let hint = self.hint(key, properties, names);
            if let Hint::Rename(to) = hint {
                renamed.push(to);
            }
            let clash =
                matches!(hint, Hint::Rename(to) if entries.iter().any(|e| e.key.is_str(to)));
            self.segs.push(Seg::Key(key));
            let path = self.path();
            self.segs.pop();
            let owner = self.owner();
            self.out.push(Problem::Unknown {
                object: self.object,
                key: &e.key,
                name: key,
                path,
                owner,
                hint,
                clash,
            });
        }
        if merged || self.partial {
            return;
        }
        for field in schema.items("required").iter().filter_map(Node::as_str) {
            if renamed.contains(&field) || entries.iter().any(|e| e.key.is_str(field)) {
                continue;
            }
            let path = self.path();
            let owner = self.owner();
            self.out.push(Problem::Missing {
                object: self.object,
                anchor,
                path,
                field,
                owner,
            });
        }
    }

    fn hint<I: Iterator<Item = &'a str>>(
        &self,
        key: &str,
        properties: &'a [crate::parse::Entry<'a>],
        names: impl Fn() -> I,
    ) -> Hint<'a> {
        if let Some(name) = names().find(|n| n.eq_ignore_ascii_case(key)) {
            return Hint::Rename(name);
        }
        // A field of a child object: indented too little.
        let under: Vec<String> = properties
            .iter()
            .filter_map(|p| {
                let (child, list) = match p.value.get("items") {
                    Some(items) => (items, true),
                    None => (&p.value, false),
                };
                let has = child.path(&["properties", key]).is_some();
                let name = p.key.as_str()?;
                has.then(|| {
                    if list {
                        format!("{name}[]")
                    } else {
                        name.to_owned()
                    }
                })
            })
            .take(3)
            .collect();
        if !under.is_empty() {
            return Hint::Under(under);
        }
        match crate::text::closest(key, names()) {
            Some(name) => Hint::Rename(name),
            None => Hint::None,
        }
    }
}

/// Whether a value that fits its type is of `format` (the formats the API
/// server checks that manifests use; others pass).
fn format_fits(node: &Node, format: &str) -> bool {
    let Some(text) = node.as_str() else {
        return true;
    };
    match format {
        "int32" => match node.scalar_kind() {
            Some(ScalarKind::Int(i)) => i32::try_from(i).is_ok(),
            _ => true,
        },
        "date-time" | "datetime" => is_date_time(text),
        "date" => is_date(text),
        "uuid" => is_uuid(text),
        "byte" => crate::text::base64_error(text).is_none(),
        "ipv4" => is_ipv4(text),
        "ipv6" => is_ipv6(text),
        "cidr" => text.split_once('/').is_some_and(|(ip, bits)| {
            let bits = bits.parse::<u8>().ok();
            (is_ipv4(ip) && bits.is_some_and(|b| b <= 32))
                || (is_ipv6(ip) && bits.is_some_and(|b| b <= 128))
        }),
        _ => true,
    }
}

fn digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// `2024-05-01`.
fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    matches!(parts.as_slice(), [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2
        && digits(y) && digits(m) && digits(d))
}

/// `2024-05-01T10:00:00Z`, with seconds' fractions and an offset.
fn is_date_time(text: &str) -> bool {
    let Some((date, time)) = text.split_once(['T', 't', ' ']) else {
        return false;
    };
    let zone_at = time
        .find(['Z', 'z', '+'])
        .or_else(|| time.rfind('-'))
        .unwrap_or(time.len());
    let (clock, _zone) = time.split_at(zone_at);
    let clock = clock.split('.').next().unwrap_or(clock);
    let hms: Vec<&str> = clock.split(':').collect();
    is_date(date) && hms.len() == 3 && hms.iter().all(|p| p.len() == 2 && digits(p))
}

/// `10.0.0.1`. (The standard library's parsers weigh kilobytes in the
/// browser builds.)
fn is_ipv4(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            digits(p)
                && p.len() <= 3
                && (p.len() == 1 || !p.starts_with('0'))
                && p.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}

/// `fd00::1`, `2001:db8:0:0:0:0:2:1`, `::ffff:10.0.0.1`.
fn is_ipv6(text: &str) -> bool {
    let (head, tail, compressed) = match text.split_once("::") {
        Some((h, t)) => (h, t, true),
        None => (text, "", false),
    };
    if tail.contains("::") {
        return false;
    }
    let groups = |part: &str| -> Option<usize> {
        if part.is_empty() {
            return Some(0);
        }
        let pieces: Vec<&str> = part.split(':').collect();
        let mut n = 0;
        for (i, piece) in pieces.iter().enumerate() {
            if i + 1 == pieces.len() && piece.contains('.') {
                is_ipv4(piece).then_some(())?;
                n += 2;
            } else if (1..=4).contains(&piece.len()) && piece.bytes().all(|b| b.is_ascii_hexdigit())
            {
                n += 1;
            } else {
                return None;
            }
        }
        Some(n)
    };
    let (Some(a), Some(b)) = (groups(head), groups(tail)) else {
        return false;
    };
    if head.contains('.') && compressed {
        return false;
    }
    match compressed {
        true => a + b <= 7,
        false => a == 8,
    }
}

/// `123e4567-e89b-12d3-a456-426614174000`.
fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert!(is_date_time("2024-05-01T10:00:00Z"));
        assert!(is_date_time("2024-05-01T10:00:00.123+08:00"));
        assert!(!is_date_time("2024-05-01"));
        assert!(!is_date_time("yesterday"));
        assert!(is_date("2024-05-01") && !is_date("2024-5-1"));
        assert!(is_uuid("123e4567-e89b-12d3-a456-426614174000"));
        for ok in ["10.0.0.1", "255.255.255.255", "0.0.0.0"] {
            assert!(is_ipv4(ok), "{ok}");
        }
        for bad in ["10.0.0", "256.1.1.1", "01.2.3.4", "a.b.c.d", "1.2.3.4.5"] {
            assert!(!is_ipv4(bad), "{bad}");
        }
        for ok in [
            "::",
            "::1",
            "fd00::1",
            "2001:db8:0:0:0:0:2:1",
            "::ffff:10.0.0.1",
            "fe80::1:2",
        ] {
            assert!(is_ipv6(ok), "{ok}");
        }
        for bad in [
            "1::2::3",
            "2001:db8",
            "12345::",
            "g::1",
            "1:2:3:4:5:6:7:8:9",
        ] {
            assert!(!is_ipv6(bad), "{bad}");
        }
        assert!(!is_uuid("123e4567"));
    }
}
