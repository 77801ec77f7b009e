//! The values a template computes with, as Go's `interface{}` holds them in
//! Helm: `nil`, booleans, `int64`, `float64` (every number read from YAML
//! or JSON is one, as `sigs.k8s.io/yaml` gives them), strings, slices and
//! maps with string keys. Maps are shared and mutable, as Go's are (`set`
//! on a dict changes it for every holder); lists are copied on change.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// How deep printing and copying go into nested values (a map that holds
/// itself, through `set`, would otherwise never end).
pub const MAX_DEPTH: usize = 200;

/// A map as Go templates see it: iterated in key order.
pub type Map = BTreeMap<String, Value>;

/// A shared, mutable map (Go's `map[string]interface{}`).
pub type MapRef = Rc<RefCell<Map>>;

#[derive(Clone, Debug, Default)]
pub enum Value {
    #[default]
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Rc<str>),
    List(Rc<Vec<Value>>),
    Map(MapRef),
    /// Helm's objects with methods: `.Files`, `.Capabilities.APIVersions`.
    Object(Rc<Object>),
}

/// Objects with methods, not fields.
#[derive(Debug)]
pub enum Object {
    /// `.Files`: the chart's files outside `templates/` (path, bytes).
    Files(Vec<(String, Rc<str>)>),
    /// `.Capabilities.APIVersions`: `Has "apps/v1"`.
    ApiVersions(Vec<String>),
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Rc::from(s))
    }

    pub fn string(s: String) -> Value {
        Value::Str(Rc::from(s))
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(items))
    }

    pub fn map(map: Map) -> Value {
        Value::Map(Rc::new(RefCell::new(map)))
    }

    /// Go's template truth: false, 0, nil, and empty strings, slices and
    /// maps are false.
    pub fn truthy(&self) -> bool {
        match self {
            Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::List(l) => !l.is_empty(),
            Value::Map(m) => !m.borrow().is_empty(),
            Value::Object(_) => true,
        }
    }

    /// Go's type name of the value, as errors and `typeOf` print it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Nil => "<nil>",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float64",
            Value::Str(_) => "string",
            Value::List(_) => "[]interface {}",
            Value::Map(_) => "map[string]interface {}",
            Value::Object(o) => match **o {
                Object::Files(_) => "chart.Files",
                Object::ApiVersions(_) => "chartutil.VersionSet",
            },
        }
    }

    /// Go's `reflect.Kind` name (`kindOf`, `kindIs`).
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Nil => "invalid",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float64",
            Value::Str(_) => "string",
            Value::List(_) => "slice",
            Value::Map(_) => "map",
            Value::Object(o) => match **o {
                Object::Files(_) => "map",
                Object::ApiVersions(_) => "slice",
            },
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The value as `fmt.Sprint` writes it (`%v`).
    pub fn to_go_string(&self) -> String {
        let mut out = String::new();
        self.write_go(&mut out, false);
        out
    }

    /// Appends the value as `%v` writes it; `nested` marks a value inside a
    /// slice or map, where `nil` is `<nil>` as well.
    pub fn write_go(&self, out: &mut String, nested: bool) {
        self.write_go_at(out, nested, 0);
    }

    fn write_go_at(&self, out: &mut String, nested: bool, depth: usize) {
        if depth > MAX_DEPTH {
            out.push_str("...");
            return;
        }
        match self {
            Value::Nil => out.push_str(if nested { "<nil>" } else { "<no value>" }),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) => out.push_str(&i.to_string()),
            Value::Float(f) => out.push_str(&format_float_g(*f)),
            Value::Str(s) => out.push_str(s),
            Value::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    item.write_go_at(out, true, depth + 1);
                }
                out.push(']');
            }
            Value::Map(map) => {
                out.push_str("map[");
                for (i, (k, v)) in map.borrow().iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(k);
                    out.push(':');
                    v.write_go_at(out, true, depth + 1);
                }
                out.push(']');
            }
            Value::Object(o) => match &**o {
                Object::Files(files) => {
                    out.push_str("map[");
                    for (i, (k, _)) in files.iter().enumerate() {
                        if i > 0 {
                            out.push(' ');
                        }
                        out.push_str(k);
                        out.push_str(":[...]");
                    }
                    out.push(']');
                }
                Object::ApiVersions(v) => {
                    out.push('[');
                    out.push_str(&v.join(" "));
                    out.push(']');
                }
            },
        }
    }

    /// A deep copy: maps are no longer shared.
    pub fn deep_copy(&self) -> Value {
        self.deep_copy_at(0)
    }

    fn deep_copy_at(&self, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::Nil;
        }
        match self {
            Value::List(items) => {
                Value::list(items.iter().map(|v| v.deep_copy_at(depth + 1)).collect())
            }
            Value::Map(map) => Value::map(
                map.borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.deep_copy_at(depth + 1)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    /// Sprig's `empty`: the zero value of its type.
    pub fn is_empty(&self) -> bool {
        !self.truthy() && !matches!(self, Value::Object(_))
    }

    /// The value as a JSON value (for `toJson`, `toYaml`, comparisons).
    pub fn to_json(&self) -> serde_json::Value {
        self.to_json_at(0)
    }

    fn to_json_at(&self, depth: usize) -> serde_json::Value {
        use serde_json::Value as J;
        if depth > MAX_DEPTH {
            return J::Null;
        }
        match self {
            Value::Nil => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::Str(s) => J::String(s.to_string()),
            Value::List(items) => J::Array(items.iter().map(|v| v.to_json_at(depth + 1)).collect()),
            Value::Map(map) => J::Object(
                map.borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json_at(depth + 1)))
                    .collect(),
            ),
            Value::Object(o) => match &**o {
                Object::Files(_) => J::Object(Default::default()),
                Object::ApiVersions(v) => {
                    J::Array(v.iter().map(|s| J::String(s.clone())).collect())
                }
            },
        }
    }

    /// A value from JSON, numbers as Go's `encoding/json` gives them
    /// (`float64`).
    pub fn from_json(json: &serde_json::Value) -> Value {
        use serde_json::Value as J;
        match json {
            J::Null => Value::Nil,
            J::Bool(b) => Value::Bool(*b),
            J::Number(n) => Value::Float(n.as_f64().unwrap_or(0.0)),
            J::String(s) => Value::str(s),
            J::Array(items) => Value::list(items.iter().map(Value::from_json).collect()),
            J::Object(map) => Value::map(
                map.iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// Looks up `key` in a map value.
    pub fn get(&self, key: &str) -> Option<Value> {
        match self {
            Value::Map(map) => map.borrow().get(key).cloned(),
            _ => None,
        }
    }
}

/// A float as Go's `%v` (`strconv.FormatFloat(f, 'g', -1, 64)`) writes it:
/// the shortest digits that read back, in exponent form when the exponent
/// is below -4 or at least 6 (`1e+06`, `100000`, `1.5e-05`,
/// `1.23456789e+08`: why Helm prints large numbers from values oddly).
pub fn format_float_g(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    // Rust's `{:e}` gives the shortest round-trip digits: "1.2345e5".
    let sci = format!("{:e}", f);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let nd = digits.len() as i32;
    let dp = exp + 1;
    let mut out = String::new();
    if f < 0.0 {
        out.push('-');
    }
    if !(-4..6).contains(&exp) {
        out.push_str(&digits[..1]);
        if nd > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        let e = exp.abs();
        if e < 10 {
            out.push('0');
        }
        out.push_str(&e.to_string());
    } else if dp <= 0 {
        out.push_str("0.");
        for _ in 0..-dp {
            out.push('0');
        }
        out.push_str(&digits);
    } else if dp >= nd {
        out.push_str(&digits);
        for _ in 0..dp - nd {
            out.push('0');
        }
    } else {
        out.push_str(&digits[..dp as usize]);
        out.push('.');
        out.push_str(&digits[dp as usize..]);
    }
    out
}

/// The value as Go's `encoding/json` writes it: map keys sorted, integral
/// floats without a fraction (`1`, not `1.0`), exponents past 1e21, and,
/// with `html`, `<`, `>` and `&` escaped (`toJson`; `toRawJson` does not).
pub fn go_json(v: &Value, indent: Option<&str>, html: bool) -> String {
    let mut out = String::new();
    write_json(v, indent, html, 0, &mut out);
    out
}

fn write_json(v: &Value, indent: Option<&str>, html: bool, depth: usize, out: &mut String) {
    if depth > MAX_DEPTH {
        out.push_str("null");
        return;
    }
    let newline = |out: &mut String, level: usize| {
        if let Some(unit) = indent {
            out.push('\n');
            for _ in 0..level {
                out.push_str(unit);
            }
        }
    };
    match v {
        Value::Nil => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&json_float(*f)),
        Value::Str(s) => json_string(s, html, out),
        Value::List(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_json(item, indent, html, depth + 1, out);
            }
            newline(out, depth);
            out.push(']');
        }
        Value::Map(map) => {
            let map = map.borrow();
            if map.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push('{');
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                json_string(k, html, out);
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
                write_json(item, indent, html, depth + 1, out);
            }
            newline(out, depth);
            out.push('}');
        }
        Value::Object(_) => write_json(
            &Value::from_json(&v.to_json()),
            indent,
            html,
            depth + 1,
            out,
        ),
    }
}

/// A float64 as `encoding/json` writes it.
pub fn json_float(f: f64) -> String {
    if !f.is_finite() {
        return "null".into();
    }
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        // 'e' format, shortest, exponent without a leading zero.
        let s = format!("{f:e}");
        let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
        let e: i32 = e.parse().unwrap_or(0);
        return format!("{m}e{}{}", if e < 0 { '-' } else { '+' }, e.abs());
    }
    if f.fract() == 0.0 {
        return format!("{f:.0}");
    }
    // Shortest digits that read back, in positional form.
    let s = format!("{f}");
    s
}

fn json_string(s: &str, html: bool, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' if html => out.push_str(&format!("\\u{:04x}", c as u32)),
            '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The value with every `null` inside its maps removed, as Helm reads a
/// chart's `values.yaml` (lists keep theirs).
pub fn strip_nulls(map: &Map) -> Map {
    map.iter()
        .filter(|(_, v)| !matches!(v, Value::Nil))
        .map(|(k, v)| {
            let v = match v {
                Value::Map(m) => Value::map(strip_nulls(&m.borrow())),
                other => other.clone(),
            };
            (k.clone(), v)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_as_go_prints_them() {
        for (f, s) in [
            (1.0, "1"),
            (1.5, "1.5"),
            (100000.0, "100000"),
            (1000000.0, "1e+06"),
            (123456789.0, "1.23456789e+08"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (-2.5, "-2.5"),
            (8080.0, "8080"),
        ] {
            assert_eq!(format_float_g(f), s, "{f}");
        }
    }
}
