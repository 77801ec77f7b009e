//! The functions a Helm template can call: Go's builtins, Sprig's, and
//! Helm's own (`include`, `tpl` and `template` live in the executor, which
//! they need). Arguments are checked as Go's `text/template` checks them
//! against a function's parameter types, with Go's wording.

mod builtin;
mod collections;
mod convert;
mod crypto;
mod fmt;
mod strings;

use crate::value::{Object, Value};

pub use fmt::sprintf;

/// The functions that exist, for the parser (Go rejects an unknown one
/// when it parses).
pub fn known(name: &str) -> bool {
    matches!(name, "include" | "tpl" | "template" | "and" | "or")
        || builtin::known(name)
        || strings::known(name)
        || collections::known(name)
        || convert::known(name)
        || crypto::known(name)
}

/// Calls the function `name` with its arguments (the piped value last).
pub fn call(name: &str, args: Vec<Value>, random: &mut Random) -> Result<Value, String> {
    if let Some(r) = builtin::call(name, &args) {
        return r;
    }
    if let Some(r) = strings::call(name, &args, random) {
        return r;
    }
    if let Some(r) = collections::call(name, &args) {
        return r;
    }
    if let Some(r) = convert::call(name, &args) {
        return r;
    }
    if let Some(r) = crypto::call(name, &args, random) {
        return r;
    }
    Err(format!("function {name:?} not defined"))
}

/// A method of one of Helm's objects (`.Files.Get`, `.Capabilities.APIVersions.Has`).
pub fn method(obj: &Object, name: &str, args: &[Value]) -> Result<Value, String> {
    match (obj, name) {
        (Object::Files(files), "Get") => {
            let path = string(args, 0)?;
            Ok(Value::str(
                files.iter().find(|(p, _)| p == path).map_or("", |(_, t)| t),
            ))
        }
        (Object::Files(files), "GetBytes") => {
            let path = string(args, 0)?;
            Ok(Value::str(
                files.iter().find(|(p, _)| p == path).map_or("", |(_, t)| t),
            ))
        }
        (Object::Files(files), "Lines") => {
            let path = string(args, 0)?;
            let text = files.iter().find(|(p, _)| p == path).map_or("", |(_, t)| t);
            if text.is_empty() {
                return Ok(Value::list(Vec::new()));
            }
            Ok(Value::list(text.split('\n').map(Value::str).collect()))
        }
        (Object::Files(files), "Glob") => {
            let pattern = string(args, 0)?;
            let matched = files
                .iter()
                .filter(|(p, _)| crate::glob::matches(pattern, p))
                .map(|(p, t)| (p.clone(), t.clone()))
                .collect();
            Ok(Value::Object(std::rc::Rc::new(Object::Files(matched))))
        }
        (Object::Files(files), "AsConfig") => {
            let map = files
                .iter()
                .map(|(p, t)| (base_name(p).to_string(), Value::Str(t.clone())))
                .collect();
            crate::yaml::to_yaml(&Value::map(map)).map(|s| Value::string(s.trim_end().to_string()))
        }
        (Object::Files(files), "AsSecrets") => {
            let map = files
                .iter()
                .map(|(p, t)| {
                    (
                        base_name(p).to_string(),
                        Value::string(strings::base64_encode(t.as_bytes())),
                    )
                })
                .collect();
            crate::yaml::to_yaml(&Value::map(map)).map(|s| Value::string(s.trim_end().to_string()))
        }
        (Object::ApiVersions(versions), "Has") => {
            let want = string(args, 0)?;
            Ok(Value::Bool(versions.iter().any(|v| v == want)))
        }
        _ => Err(format!(
            "can't evaluate field {name} in type {}",
            match obj {
                Object::Files(_) => "chart.Files",
                Object::ApiVersions(_) => "chartutil.VersionSet",
            }
        )),
    }
}

fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The deterministic source behind `randAlphaNum`, `uuidv4` and `shuffle`:
/// kubeshape's renders repeat exactly (Helm's do not), seeded per file.
pub struct Random(u64);

impl Random {
    pub fn new(seed: u64) -> Self {
        Random(seed ^ 0x9e37_79b9_7f4a_7c15)
    }

    pub fn next_u64(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

// Argument checks with Go's wording.

/// The number of arguments must be `want`.
pub(crate) fn arity(name: &str, args: &[Value], want: usize) -> Result<(), String> {
    if args.len() != want {
        return Err(format!(
            "wrong number of args for {name}: want {want} got {}",
            args.len()
        ));
    }
    Ok(())
}

/// Argument `i` where a `string` parameter takes it.
pub(crate) fn string(args: &[Value], i: usize) -> Result<&str, String> {
    match args.get(i) {
        Some(Value::Str(s)) => Ok(s),
        Some(Value::Nil) | None => Err("invalid value; expected string".into()),
        Some(other) => Err(format!(
            "wrong type for value; expected string; got {}",
            other.type_name()
        )),
    }
}

/// Argument `i` where an `int` parameter takes it.
pub(crate) fn int(args: &[Value], i: usize) -> Result<i64, String> {
    match args.get(i) {
        Some(Value::Int(n)) => Ok(*n),
        Some(Value::Nil) | None => Err("invalid value; expected int".into()),
        Some(other) => Err(format!(
            "wrong type for value; expected int; got {}",
            other.type_name()
        )),
    }
}

/// Argument `i` where a `bool` parameter takes it.
pub(crate) fn boolean(args: &[Value], i: usize) -> Result<bool, String> {
    match args.get(i) {
        Some(Value::Bool(b)) => Ok(*b),
        Some(Value::Nil) | None => Err("invalid value; expected bool".into()),
        Some(other) => Err(format!(
            "wrong type for value; expected bool; got {}",
            other.type_name()
        )),
    }
}

/// Sprig's `strval`: a string as is, anything else as `%v` prints it.
pub(crate) fn strval(v: &Value) -> String {
    match v {
        Value::Str(s) => s.to_string(),
        Value::Nil => "<nil>".into(),
        other => {
            let mut out = String::new();
            other.write_go(&mut out, true);
            out
        }
    }
}

/// Sprig's `toInt64` (`cast.ToInt64`): numbers truncated, strings parsed,
/// booleans 0/1, anything else 0.
pub(crate) fn to_i64(v: &Value) -> i64 {
    match v {
        Value::Int(i) => *i,
        Value::Float(f) => *f as i64,
        Value::Bool(b) => i64::from(*b),
        Value::Str(s) => parse_int(s).unwrap_or(0),
        _ => 0,
    }
}

/// Sprig's `toFloat64`.
pub(crate) fn to_f64(v: &Value) -> f64 {
    match v {
        Value::Int(i) => *i as f64,
        Value::Float(f) => *f,
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::Str(s) => s.trim().parse().unwrap_or(0.0),
        _ => 0.0,
    }
}

/// `strconv.ParseInt(s, 0, 64)` after `cast` drops a `.0` tail.
pub(crate) fn parse_int(s: &str) -> Option<i64> {
    let s = s.trim();
    let s = s.strip_suffix(".0").unwrap_or(s);
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let lower = body.to_ascii_lowercase();
    let n = if let Some(h) = lower.strip_prefix("0x") {
        i64::from_str_radix(h, 16).ok()?
    } else if let Some(b) = lower.strip_prefix("0b") {
        i64::from_str_radix(b, 2).ok()?
    } else if let Some(o) = lower.strip_prefix("0o") {
        i64::from_str_radix(o, 8).ok()?
    } else if lower.len() > 1 && lower.starts_with('0') {
        i64::from_str_radix(&lower[1..], 8).ok()?
    } else {
        lower.parse().ok()?
    };
    Some(if neg { -n } else { n })
}

/// A list argument as Sprig's list functions take it (`[]interface{}` or
/// any slice); a type error otherwise, with the function's name.
pub(crate) fn list_arg<'a>(
    name: &str,
    v: &'a Value,
) -> Result<std::borrow::Cow<'a, [Value]>, String> {
    match v {
        Value::List(items) => Ok(std::borrow::Cow::Borrowed(items.as_slice())),
        Value::Object(o) => match &**o {
            Object::ApiVersions(v) => Ok(std::borrow::Cow::Owned(
                v.iter().map(|s| Value::str(s)).collect(),
            )),
            Object::Files(_) => Err(format!("Cannot {name} on type chart.Files")),
        },
        Value::Nil => Err(format!("Cannot {name} on type <nil>")),
        other => Err(format!("Cannot {name} on type {}", other.type_name())),
    }
}
