//! Go's `fmt.Sprintf` for the verbs templates use: `%s %v %d %q %x %X %t
//! %f %e %g %c %o %b %%`, with flags (`-+# 0`), width and precision, and
//! Go's `%!d(float64=1)` for a value of the wrong type (what Helm prints
//! for `printf "%d" .Values.port`: numbers from YAML are float64).

use crate::value::{format_float_g, Value};

#[derive(Default, Clone, Copy)]
struct Spec {
    minus: bool,
    plus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut out = String::new();
    let mut next = 0usize;
    let mut chars = format.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = Spec::default();
        while let Some(&(_, f)) = chars.peek() {
            match f {
                '-' => spec.minus = true,
                '+' => spec.plus = true,
                '#' => spec.sharp = true,
                ' ' => spec.space = true,
                '0' => spec.zero = true,
                _ => break,
            }
            chars.next();
        }
        let number = |chars: &mut std::iter::Peekable<std::str::CharIndices>,
                      next: &mut usize|
         -> Option<usize> {
            if chars.peek().map(|&(_, c)| c) == Some('*') {
                chars.next();
                let v = args.get(*next).and_then(|v| match v {
                    Value::Int(i) => usize::try_from(*i).ok(),
                    _ => None,
                });
                *next += 1;
                return v;
            }
            let mut n: Option<usize> = None;
            while let Some(&(_, d)) = chars.peek() {
                let Some(d) = d.to_digit(10) else { break };
                n = Some(n.unwrap_or(0) * 10 + d as usize);
                chars.next();
            }
            n
        };
        spec.width = number(&mut chars, &mut next);
        if chars.peek().map(|&(_, c)| c) == Some('.') {
            chars.next();
            spec.prec = Some(number(&mut chars, &mut next).unwrap_or(0));
        }
        let Some((_, verb)) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = args.get(next) else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            continue;
        };
        next += 1;
        let body = format_one(verb, arg, &spec);
        out.push_str(&pad(body, &spec, verb));
    }
    if next < args.len() {
        out.push_str("%!(EXTRA ");
        for (i, a) in args[next..].iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&bad_type(a));
        }
        out.push(')');
    }
    out
}

/// `type=value` as Go writes a wrong-type or extra operand.
fn bad_type(v: &Value) -> String {
    match v {
        Value::Nil => "<nil>".into(),
        other => format!("{}={}", other.type_name(), other.to_go_string()),
    }
}

fn wrong(verb: char, v: &Value) -> String {
    format!("%!{verb}({})", bad_type(v))
}

fn pad(body: String, spec: &Spec, verb: char) -> String {
    let Some(width) = spec.width else { return body };
    let len = body.chars().count();
    if len >= width || body.starts_with("%!") {
        return body;
    }
    let fill = width - len;
    if spec.minus {
        return format!("{body}{}", " ".repeat(fill));
    }
    if spec.zero && matches!(verb, 'd' | 'f' | 'e' | 'g' | 'x' | 'X' | 'o' | 'b' | 'v') {
        let (sign, digits) = match body.strip_prefix(['-', '+']) {
            Some(rest) => (&body[..1], rest),
            None => ("", body.as_str()),
        };
        return format!("{sign}{}{digits}", "0".repeat(fill));
    }
    format!("{}{body}", " ".repeat(fill))
}

fn sign(s: String, spec: &Spec, negative: bool) -> String {
    if negative {
        s
    } else if spec.plus {
        format!("+{s}")
    } else if spec.space {
        format!(" {s}")
    } else {
        s
    }
}

fn format_one(verb: char, v: &Value, spec: &Spec) -> String {
    match verb {
        'v' => match v {
            Value::Nil => "<nil>".into(),
            Value::Str(s) if spec.sharp => quote(s),
            Value::Int(i) => sign(i.to_string(), spec, *i < 0),
            Value::Float(f) => sign(format_float_g(*f), spec, *f < 0.0),
            other => {
                let mut s = String::new();
                other.write_go(&mut s, true);
                s
            }
        },
        's' => match v {
            Value::Str(s) => truncate(s, spec.prec),
            Value::List(items) if items.iter().all(|i| matches!(i, Value::Str(_))) => {
                let mut s = String::new();
                v.write_go(&mut s, true);
                s
            }
            Value::Map(_) | Value::List(_) => {
                // Go formats each element with %s.
                let mut s = String::new();
                v.write_go(&mut s, true);
                s
            }
            other => wrong('s', other),
        },
        'q' => match v {
            Value::Str(s) => {
                if spec.sharp && !s.contains('`') {
                    format!("`{s}`")
                } else {
                    quote(s)
                }
            }
            Value::Int(i) => {
                char::from_u32(*i as u32).map_or_else(|| wrong('q', v), |c| format!("'{c}'"))
            }
            other => wrong('q', other),
        },
        'd' => match v {
            Value::Int(i) => sign(i.to_string(), spec, *i < 0),
            Value::List(items) => {
                let parts: Vec<String> = items.iter().map(|i| format_one('d', i, spec)).collect();
                format!("[{}]", parts.join(" "))
            }
            other => wrong('d', other),
        },
        'x' | 'X' => {
            let s = match v {
                Value::Int(i) => {
                    let body = format!("{:x}", i.unsigned_abs());
                    let body = if spec.sharp {
                        format!("0x{body}")
                    } else {
                        body
                    };
                    if *i < 0 {
                        format!("-{body}")
                    } else {
                        body
                    }
                }
                Value::Str(s) => s.bytes().map(|b| format!("{b:02x}")).collect(),
                other => return wrong(verb, other),
            };
            if verb == 'X' {
                s.to_uppercase()
            } else {
                s
            }
        }
        'o' => match v {
            Value::Int(i) => format!("{:o}", i),
            other => wrong('o', other),
        },
        'b' => match v {
            Value::Int(i) => format!("{:b}", i),
            other => wrong('b', other),
        },
        'c' => match v {
            Value::Int(i) => char::from_u32(*i as u32).map_or(String::new(), String::from),
            other => wrong('c', other),
        },
        't' => match v {
            Value::Bool(b) => b.to_string(),
            other => wrong('t', other),
        },
        'f' | 'F' => match v {
            Value::Float(f) => sign(format!("{:.*}", spec.prec.unwrap_or(6), f), spec, *f < 0.0),
            other => wrong(verb, other),
        },
        'e' | 'E' => match v {
            Value::Float(f) => {
                let s = go_exp(*f, spec.prec.unwrap_or(6));
                sign(
                    if verb == 'E' { s.to_uppercase() } else { s },
                    spec,
                    *f < 0.0,
                )
            }
            other => wrong(verb, other),
        },
        'g' | 'G' => match v {
            Value::Float(f) => sign(format_float_g(*f), spec, *f < 0.0),
            other => wrong(verb, other),
        },
        'T' => v.type_name().to_string(),
        other => wrong(other, v),
    }
}

fn truncate(s: &str, prec: Option<usize>) -> String {
    match prec {
        Some(p) => s.chars().take(p).collect(),
        None => s.to_string(),
    }
}

/// `%e`: `1.500000e+00`.
fn go_exp(f: f64, prec: usize) -> String {
    let s = format!("{:.*e}", prec, f);
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
}

/// Go's `strconv.Quote`: `"..."` with Go escapes; printable Unicode kept.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if c.is_control() || c == '\u{feff}' => {
                if (c as u32) < 0x10000 {
                    out.push_str(&format!("\\u{:04x}", c as u32));
                } else {
                    out.push_str(&format!("\\U{:08x}", c as u32));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
