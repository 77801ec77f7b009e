//! YAML in and out as Helm does it through `sigs.k8s.io/yaml`: reading
//! gives JSON's types (every number a float64, keys strings); writing goes
//! through JSON (integral floats print as integers) and then YAML with
//! sorted keys, sequences flush with their key, block literals for
//! multi-line strings and quotes where a plain scalar would read back as
//! something else.

use kubeshape_core::parse::{self, Limits, Node, NodeValue, ScalarKind};

use crate::value::{Map, Value, MAX_DEPTH};

/// The first document of `text` as a value.
pub fn from_yaml(text: &str) -> Result<Value, String> {
    let parsed = parse::parse(text, &Limits::default());
    if let Some(issue) = parsed
        .issues
        .iter()
        .find(|i| !matches!(i.kind, parse::IssueKind::DuplicateKey))
    {
        return Err(format!(
            "error converting YAML to JSON: yaml: line {}: {}",
            issue.span.start.line, issue.detail
        ));
    }
    Ok(parsed
        .documents
        .first()
        .and_then(|d| d.root.as_ref())
        .map_or(Value::Nil, node_value))
}

/// A parsed node as a value (numbers as float64, as JSON gives them).
pub fn node_value(node: &Node) -> Value {
    node_value_at(node, 0)
}

fn node_value_at(node: &Node, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::Nil;
    }
    match &node.value {
        NodeValue::Seq(items) => {
            Value::list(items.iter().map(|n| node_value_at(n, depth + 1)).collect())
        }
        NodeValue::Map(entries) => {
            let mut map = Map::new();
            for e in entries.iter() {
                let key = match e.key.scalar() {
                    Some((k, _)) => scalar_key(&e.key, k),
                    None => continue,
                };
                map.insert(key, node_value_at(&e.value, depth + 1));
            }
            Value::map(map)
        }
        _ => scalar(node),
    }
}

/// A map key as JSON makes it: `true` and `1` become "true" and "1".
fn scalar_key(node: &Node, text: &str) -> String {
    match node.scalar_kind() {
        Some(ScalarKind::Bool(b)) => b.to_string(),
        Some(ScalarKind::Null) => "null".into(),
        _ => text.to_string(),
    }
}

fn scalar(node: &Node) -> Value {
    let Some((text, _)) = node.scalar() else {
        return Value::Nil;
    };
    match node.scalar_kind() {
        Some(ScalarKind::Null) => Value::Nil,
        Some(ScalarKind::Bool(b)) => Value::Bool(b),
        Some(ScalarKind::Int(i)) => Value::Float(i as f64),
        Some(ScalarKind::Float(f)) => Value::Float(f),
        _ => Value::str(text),
    }
}

/// `toYaml`: the value as `sigs.k8s.io/yaml.Marshal` writes it (with its
/// final newline).
pub fn to_yaml(v: &Value) -> Result<String, String> {
    let json = v.to_json();
    let mut out = String::new();
    match &json {
        serde_json::Value::Object(m) if m.is_empty() => out.push_str("{}\n"),
        serde_json::Value::Array(a) if a.is_empty() => out.push_str("[]\n"),
        serde_json::Value::Object(_) | serde_json::Value::Array(_) => block(&json, 0, &mut out),
        scalar => {
            out.push_str(&scalar_text(scalar));
            out.push('\n');
        }
    }
    Ok(out)
}

fn block(v: &serde_json::Value, indent: usize, out: &mut String) {
    use serde_json::Value as J;
    let pad = " ".repeat(indent);
    match v {
        J::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| natural(a, b));
            for k in keys {
                let item = &map[k];
                out.push_str(&pad);
                out.push_str(&string_text(k));
                out.push(':');
                nested(item, indent, out, true);
            }
        }
        J::Array(items) => {
            for item in items {
                out.push_str(&pad);
                out.push('-');
                match item {
                    J::Object(m) if !m.is_empty() => {
                        // The first key on the dash's line, the rest below it.
                        let mut inner = String::new();
                        block(item, indent + 2, &mut inner);
                        out.push(' ');
                        out.push_str(inner.trim_start());
                    }
                    J::Array(a) if !a.is_empty() => {
                        let mut inner = String::new();
                        block(item, indent + 2, &mut inner);
                        out.push(' ');
                        out.push_str(inner.trim_start());
                    }
                    _ => nested(item, indent, out, false),
                }
            }
        }
        _ => {}
    }
}

/// What follows `key:` or `-`: a scalar on the line, or a block below.
fn nested(item: &serde_json::Value, indent: usize, out: &mut String, in_map: bool) {
    use serde_json::Value as J;
    match item {
        J::Object(m) if !m.is_empty() => {
            out.push('\n');
            block(item, indent + 2, out);
        }
        J::Array(a) if !a.is_empty() => {
            out.push('\n');
            // yaml.v2 writes a mapping's sequence flush with the key.
            block(item, if in_map { indent } else { indent + 2 }, out);
        }
        J::Object(_) => out.push_str(" {}\n"),
        J::Array(_) => out.push_str(" []\n"),
        J::String(s)
            if s.contains('\n')
                && s.chars().all(|c| !c.is_control() || c == '\n' || c == '\t')
                && !s.contains(" \n") =>
        {
            let chomp = if s.ends_with("\n\n") {
                "+"
            } else if s.ends_with('\n') {
                ""
            } else {
                "-"
            };
            let lead = if s.starts_with(' ') { "2" } else { "" };
            out.push_str(&format!(" |{lead}{chomp}\n"));
            let body = s.strip_suffix('\n').unwrap_or(s);
            let pad = " ".repeat(indent + 2);
            for line in body.split('\n') {
                if !line.is_empty() {
                    out.push_str(&pad);
                    out.push_str(line);
                }
                out.push('\n');
            }
        }
        scalar => {
            out.push(' ');
            out.push_str(&scalar_text(scalar));
            out.push('\n');
        }
    }
}

fn scalar_text(v: &serde_json::Value) -> String {
    use serde_json::Value as J;
    match v {
        J::Null => "null".into(),
        J::Bool(b) => b.to_string(),
        J::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.to_string()
            } else if let Some(f) = n.as_f64() {
                if f.fract() == 0.0 && f.abs() < 1e21 {
                    format!("{f:.0}")
                } else {
                    crate::value::format_float_g(f)
                }
            } else {
                n.to_string()
            }
        }
        J::String(s) => string_text(s),
        _ => String::new(),
    }
}

/// A string as yaml.v2 writes it: plain when it reads back as the same
/// string, else single-quoted, else double-quoted.
fn string_text(s: &str) -> String {
    let resolves_other = !matches!(parse::resolve_plain(s), ScalarKind::String) || s.is_empty();
    if resolves_other {
        return crate::funcs::sprintf("%q", &[Value::str(s)]);
    }
    if plain_ok(s) {
        return s.to_string();
    }
    if s.chars().all(|c| !c.is_control()) {
        return format!("'{}'", s.replace('\'', "''"));
    }
    crate::funcs::sprintf("%q", &[Value::str(s)])
}

/// Whether libyaml's emitter allows `s` as a plain scalar.
fn plain_ok(s: &str) -> bool {
    let first = s.chars().next().unwrap_or(' ');
    if matches!(
        first,
        '-' | '?'
            | ':'
            | ','
            | '['
            | ']'
            | '{'
            | '}'
            | '#'
            | '&'
            | '*'
            | '!'
            | '|'
            | '>'
            | '\''
            | '"'
            | '%'
            | '@'
            | '`'
    ) {
        // `-x` and `:x` are fine when not followed by a space… libyaml
        // still quotes a leading `-`/`?`/`:` only before a space.
        if matches!(first, '-' | '?' | ':') {
            let second = s.chars().nth(1);
            if second.is_none_or(|c| c == ' ') {
                return false;
            }
        } else {
            return false;
        }
    }
    if s.starts_with(' ') || s.ends_with(' ') || s.starts_with('\t') || s.ends_with('\t') {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') || s.contains('\t') {
        return false;
    }
    if s.starts_with("---") || s.starts_with("...") {
        return false;
    }
    !s.chars().any(|c| {
        c.is_control() || c == '\u{feff}' || c == '\u{85}' || c == '\u{2028}' || c == '\u{2029}'
    })
}

/// yaml.v2's key order: text compared with runs of digits as numbers.
fn natural(a: &str, b: &str) -> std::cmp::Ordering {
    // yaml.v2's `keyList.Less`: letters before non-letters at the first
    // difference, digit runs by value.
    let (ar, br): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut i = 0;
    while i < ar.len() && i < br.len() {
        if ar[i] == br[i] {
            i += 1;
            continue;
        }
        let (al, bl) = (ar[i].is_alphabetic(), br[i].is_alphabetic());
        if al && bl {
            return ar[i].cmp(&br[i]);
        }
        if al || bl {
            return if al {
                std::cmp::Ordering::Less
            } else {
                std::cmp::Ordering::Greater
            };
        }
        let digits = |v: &[char], mut j: usize| {
            while j > 0 && v[j - 1].is_ascii_digit() {
                j -= 1;
            }
            let start = j;
            let mut end = i;
            while end < v.len() && v[end].is_ascii_digit() {
                end += 1;
            }
            (start, end)
        };
        let (a0, a1) = digits(&ar, i);
        let (b0, b1) = digits(&br, i);
        if a1 > a0 && b1 > b0 && (a1 > i || b1 > i) {
            let an: String = ar[a0..a1].iter().collect();
            let bn: String = br[b0..b1].iter().collect();
            let (an, bn) = (
                an.parse::<u128>().unwrap_or(0),
                bn.parse::<u128>().unwrap_or(0),
            );
            if an != bn {
                return an.cmp(&bn);
            }
        }
        return ar[i].cmp(&br[i]);
    }
    ar.len().cmp(&br.len())
}

/// `toToml`: tables for maps, `key = value` lines (BurntSushi/toml's
/// layout, enough for the config files charts write with it).
pub fn to_toml(v: &Value) -> String {
    let mut out = String::new();
    if let Value::Map(m) = v {
        toml_table(&m.borrow(), "", &mut out);
    }
    out
}

fn toml_table(map: &Map, prefix: &str, out: &mut String) {
    for (k, v) in map {
        if !matches!(v, Value::Map(_)) {
            out.push_str(&format!("{k} = {}\n", toml_value(v)));
        }
    }
    for (k, v) in map {
        if let Value::Map(m) = v {
            let name = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            out.push_str(&format!("\n[{name}]\n"));
            toml_table(&m.borrow(), &name, out);
        }
    }
}

fn toml_value(v: &Value) -> String {
    match v {
        Value::Str(s) => crate::funcs::sprintf("%q", &[Value::Str(s.clone())]),
        Value::List(items) => format!(
            "[{}]",
            items.iter().map(toml_value).collect::<Vec<_>>().join(", ")
        ),
        Value::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        other => other.to_go_string(),
    }
}
