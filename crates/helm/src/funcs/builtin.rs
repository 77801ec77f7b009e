//! Go's `text/template` builtins: `not`, `len`, `index`, `slice`, the
//! `print` family, the comparisons, and the escapers.

use std::cmp::Ordering;

use super::{arity, fmt::sprintf, int};
use crate::value::{Object, Value};

pub fn known(name: &str) -> bool {
    matches!(
        name,
        "not"
            | "len"
            | "index"
            | "slice"
            | "print"
            | "printf"
            | "println"
            | "eq"
            | "ne"
            | "lt"
            | "le"
            | "gt"
            | "ge"
            | "html"
            | "js"
            | "urlquery"
            | "call"
    )
}

pub fn call(name: &str, args: &[Value]) -> Option<Result<Value, String>> {
    Some(match name {
        "not" => arity("not", args, 1).map(|()| Value::Bool(!args[0].truthy())),
        "len" => arity("len", args, 1).and_then(|()| len(&args[0])),
        "index" => index(args),
        "slice" => slice(args),
        "print" => Ok(Value::string(sprint(args))),
        "println" => Ok(Value::string(sprintln(args))),
        "printf" => match args.first() {
            Some(Value::Str(f)) => Ok(Value::string(sprintf(f, &args[1..]))),
            Some(other) => Err(format!(
                "wrong type for value; expected string; got {}",
                other.type_name()
            )),
            None => Err("wrong number of args for printf: want at least 1 got 0".into()),
        },
        "eq" => eq(args),
        "ne" => arity("ne", args, 2).and_then(|()| eq(args).map(|v| Value::Bool(!v.truthy()))),
        "lt" => compare("lt", args).map(|o| Value::Bool(o == Ordering::Less)),
        "le" => compare("le", args).map(|o| Value::Bool(o != Ordering::Greater)),
        "gt" => compare("gt", args).map(|o| Value::Bool(o == Ordering::Greater)),
        "ge" => compare("ge", args).map(|o| Value::Bool(o != Ordering::Less)),
        "html" => Ok(Value::string(html(&sprint(args)))),
        "js" => Ok(Value::string(js(&sprint(args)))),
        "urlquery" => Ok(Value::string(urlquery(&sprint(args)))),
        "call" => Err("error calling call: can't call a non-function".into()),
        _ => return None,
    })
}

fn len(v: &Value) -> Result<Value, String> {
    let n = match v {
        Value::Str(s) => s.len(),
        Value::List(l) => l.len(),
        Value::Map(m) => m.borrow().len(),
        Value::Object(o) => match &**o {
            Object::Files(f) => f.len(),
            Object::ApiVersions(v) => v.len(),
        },
        Value::Nil => return Err("error calling len: len of nil pointer".into()),
        other => {
            return Err(format!(
                "error calling len: len of type {}",
                other.type_name()
            ))
        }
    };
    Ok(Value::Int(n as i64))
}

fn index(args: &[Value]) -> Result<Value, String> {
    let Some(mut v) = args.first().cloned() else {
        return Err("wrong number of args for index: want at least 1 got 0".into());
    };
    for key in &args[1..] {
        v = match (&v, key) {
            (Value::Map(m), Value::Str(k)) => m.borrow().get(&**k).cloned().unwrap_or(Value::Nil),
            (Value::Map(_), Value::Nil) => Value::Nil,
            (Value::Map(_), other) => {
                return Err(format!(
                    "error calling index: value has type {}; should be string",
                    other.type_name()
                ))
            }
            (Value::List(l), Value::Int(i)) => {
                match usize::try_from(*i).ok().and_then(|i| l.get(i)) {
                    Some(x) => x.clone(),
                    None => return Err(format!("error calling index: index out of range: {i}")),
                }
            }
            (Value::List(_), other) => {
                return Err(format!(
                    "error calling index: cannot index slice/array with type {}",
                    other.type_name()
                ))
            }
            (Value::Str(s), Value::Int(i)) => {
                match usize::try_from(*i).ok().and_then(|i| s.as_bytes().get(i)) {
                    Some(b) => Value::Int(i64::from(*b)),
                    None => return Err(format!("error calling index: index out of range: {i}")),
                }
            }
            (Value::Nil, _) => return Err("error calling index: index of untyped nil".into()),
            (other, _) => {
                return Err(format!(
                    "error calling index: can't index item of type {}",
                    other.type_name()
                ))
            }
        };
    }
    Ok(v)
}

fn slice(args: &[Value]) -> Result<Value, String> {
    let Some(v) = args.first() else {
        return Err("wrong number of args for slice: want at least 1 got 0".into());
    };
    let mut idx = Vec::new();
    for i in 1..args.len() {
        idx.push(int(args, i).map_err(|e| format!("error calling slice: {e}"))?);
    }
    let len = match v {
        Value::Str(s) => s.len(),
        Value::List(l) => l.len(),
        Value::Nil => return Err("error calling slice: slice of untyped nil".into()),
        other => {
            return Err(format!(
                "error calling slice: can't slice item of type {}",
                other.type_name()
            ))
        }
    } as i64;
    let lo = idx.first().copied().unwrap_or(0);
    let hi = idx.get(1).copied().unwrap_or(len);
    if lo < 0 || hi < lo || hi > len {
        return Err(format!("error calling slice: index out of range: {hi}"));
    }
    Ok(match v {
        Value::Str(s) => Value::str(s.get(lo as usize..hi as usize).unwrap_or("")),
        Value::List(l) => Value::list(l[lo as usize..hi as usize].to_vec()),
        _ => Value::Nil,
    })
}

/// `fmt.Sprint`: spaces between operands when neither is a string.
pub fn sprint(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 && !matches!(a, Value::Str(_)) && !matches!(args[i - 1], Value::Str(_)) {
            out.push(' ');
        }
        match a {
            Value::Nil => out.push_str("<nil>"),
            other => other.write_go(&mut out, true),
        }
    }
    out
}

fn sprintln(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        a.write_go(&mut out, true);
    }
    out.push('\n');
    out
}

#[derive(PartialEq, Clone, Copy)]
enum Kind {
    Bool,
    Int,
    Float,
    Str,
    Other,
    Invalid,
}

fn kind(v: &Value) -> Kind {
    match v {
        Value::Bool(_) => Kind::Bool,
        Value::Int(_) => Kind::Int,
        Value::Float(_) => Kind::Float,
        Value::Str(_) => Kind::Str,
        Value::Nil => Kind::Invalid,
        _ => Kind::Other,
    }
}

/// Go's `eq`: true if the first argument equals any of the others; an
/// error for an integer against a float, as Go gives.
fn eq(args: &[Value]) -> Result<Value, String> {
    let Some(a) = args.first() else {
        return Err("wrong number of args for eq: want at least 1 got 0".into());
    };
    if args.len() < 2 {
        return Err("error calling eq: missing argument for comparison".into());
    }
    let ka = kind(a);
    for b in &args[1..] {
        let kb = kind(b);
        let truth = if ka != kb {
            if ka != Kind::Invalid && kb != Kind::Invalid {
                return Err("error calling eq: incompatible types for comparison".into());
            }
            false
        } else {
            match (a, b) {
                (Value::Bool(x), Value::Bool(y)) => x == y,
                (Value::Int(x), Value::Int(y)) => x == y,
                (Value::Float(x), Value::Float(y)) => x == y,
                (Value::Str(x), Value::Str(y)) => x == y,
                (Value::Nil, Value::Nil) => true,
                (Value::List(_), _) | (Value::Map(_), _) | (Value::Object(_), _) => {
                    return Err(format!(
                        "error calling eq: non-comparable type {}: {}",
                        b.to_go_string(),
                        b.type_name()
                    ));
                }
                _ => false,
            }
        };
        if truth {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn compare(name: &str, args: &[Value]) -> Result<Ordering, String> {
    arity(name, args, 2)?;
    let (a, b) = (&args[0], &args[1]);
    let (ka, kb) = (kind(a), kind(b));
    if matches!(ka, Kind::Invalid | Kind::Other | Kind::Bool)
        || matches!(kb, Kind::Invalid | Kind::Other | Kind::Bool)
    {
        return Err(format!("error calling {name}: invalid type for comparison"));
    }
    if ka != kb {
        return Err(format!(
            "error calling {name}: incompatible types for comparison"
        ));
    }
    Ok(match (a, b) {
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Value::Float(x), Value::Float(y)) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
        (Value::Str(x), Value::Str(y)) => x.cmp(y),
        _ => Ordering::Equal,
    })
}

fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\0' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

fn js(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

fn urlquery(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
