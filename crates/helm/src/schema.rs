//! `values.schema.json`: a chart's values checked against its JSON Schema
//! before rendering, as Helm does (it refuses the chart when they do not
//! fit). The keywords charts use — `type`, `properties`, `required`,
//! `additionalProperties`, `items`, `enum`, `const`, `minimum`/`maximum`
//! (and exclusive), `minLength`/`maxLength`, `pattern`, `minItems`/
//! `maxItems`, `allOf`/`anyOf`/`oneOf`/`not`, local `$ref` — in the words
//! of Helm's validator (`at '/age': minimum: got -5, want 0`).

use serde_json::Value as J;

use crate::value::{format_float_g, Value};

/// One problem: the JSON pointer of the value and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub path: Vec<String>,
    pub message: String,
}

/// The problems of `values` against `schema` (JSON text); a schema that is
/// not JSON is one problem.
pub fn validate(schema: &str, values: &Value) -> Vec<Problem> {
    let root: J = match serde_json::from_str(schema) {
        Ok(j) => j,
        Err(e) => {
            return vec![Problem {
                path: Vec::new(),
                message: format!("values.schema.json is not JSON: {e}"),
            }];
        }
    };
    let mut out = Vec::new();
    check(&root, &root, values, &mut Vec::new(), &mut out, 0);
    out
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Nil => "null",
        Value::Bool(_) => "boolean",
        Value::Int(_) => "integer",
        Value::Float(f) if f.fract() == 0.0 && f.is_finite() => "integer",
        Value::Float(_) => "number",
        Value::Str(_) => "string",
        Value::List(_) => "array",
        Value::Map(_) | Value::Object(_) => "object",
    }
}

fn fits_type(v: &Value, want: &str) -> bool {
    let got = type_name(v);
    got == want || (want == "number" && got == "integer")
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

fn show(f: f64) -> String {
    format_float_g(f)
}

fn resolve<'s>(root: &'s J, schema: &'s J) -> &'s J {
    let mut s = schema;
    for _ in 0..16 {
        let Some(r) = s.get("$ref").and_then(J::as_str) else {
            break;
        };
        let Some(pointer) = r.strip_prefix('#') else {
            break;
        };
        match root.pointer(pointer) {
            Some(t) => s = t,
            None => break,
        }
    }
    s
}

fn check(
    root: &J,
    schema: &J,
    v: &Value,
    path: &mut Vec<String>,
    out: &mut Vec<Problem>,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    let schema = resolve(root, schema);
    let Some(s) = schema.as_object() else {
        if schema == &J::Bool(false) {
            out.push(Problem {
                path: path.clone(),
                message: "false schema".into(),
            });
        }
        return;
    };
    let mut say = |message: String| {
        out.push(Problem {
            path: path.clone(),
            message,
        })
    };
    if let Some(t) = s.get("type") {
        let wants: Vec<&str> = match t {
            J::String(one) => vec![one.as_str()],
            J::Array(list) => list.iter().filter_map(J::as_str).collect(),
            _ => Vec::new(),
        };
        if !wants.is_empty() && !wants.iter().any(|w| fits_type(v, w)) {
            say(format!("got {}, want {}", type_name(v), wants.join(" or ")));
            return;
        }
    }
    if let Some(options) = s.get("enum").and_then(J::as_array) {
        let json = v.to_json();
        if !options.iter().any(|o| same(o, &json)) {
            let list: Vec<String> = options
                .iter()
                .map(|o| o.to_string().replace('"', "'"))
                .collect();
            say(format!("value must be one of {}", list.join(", ")));
        }
    }
    if let Some(c) = s.get("const") {
        if !same(c, &v.to_json()) {
            say(format!("value must be {}", c.to_string().replace('"', "'")));
        }
    }
    if let Some(n) = number(v) {
        if let Some(limit) = s.get("minimum").and_then(J::as_f64) {
            if n < limit {
                say(format!("minimum: got {}, want {}", show(n), show(limit)));
            }
        }
        if let Some(limit) = s.get("maximum").and_then(J::as_f64) {
            if n > limit {
                say(format!("maximum: got {}, want {}", show(n), show(limit)));
            }
        }
        if let Some(limit) = s.get("exclusiveMinimum").and_then(J::as_f64) {
            if n <= limit {
                say(format!(
                    "exclusiveMinimum: got {}, want {}",
                    show(n),
                    show(limit)
                ));
            }
        }
        if let Some(limit) = s.get("exclusiveMaximum").and_then(J::as_f64) {
            if n >= limit {
                say(format!(
                    "exclusiveMaximum: got {}, want {}",
                    show(n),
                    show(limit)
                ));
            }
        }
    }
    if let Value::Str(text) = v {
        let len = text.chars().count() as f64;
        if let Some(min) = s.get("minLength").and_then(J::as_f64) {
            if len < min {
                say(format!("minLength: got {len}, want {min}"));
            }
        }
        if let Some(max) = s.get("maxLength").and_then(J::as_f64) {
            if len > max {
                say(format!("maxLength: got {len}, want {max}"));
            }
        }
        if let Some(p) = s.get("pattern").and_then(J::as_str) {
            if let Ok(re) = regex_lite::Regex::new(p) {
                if !re.is_match(text) {
                    say(format!("'{text}' does not match pattern '{p}'"));
                }
            }
        }
    }
    if let Value::List(items) = v {
        let len = items.len() as f64;
        if let Some(min) = s.get("minItems").and_then(J::as_f64) {
            if len < min {
                say(format!("minItems: got {len}, want {min}"));
            }
        }
        if let Some(max) = s.get("maxItems").and_then(J::as_f64) {
            if len > max {
                say(format!("maxItems: got {len}, want {max}"));
            }
        }
        if let Some(item_schema) = s.get("items").filter(|i| i.is_object() || i.is_boolean()) {
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                check(root, item_schema, item, path, out, depth + 1);
                path.pop();
            }
        }
    }
    if let Value::Map(map) = v {
        let map = map.borrow();
        if let Some(required) = s.get("required").and_then(J::as_array) {
            let missing: Vec<String> = required
                .iter()
                .filter_map(J::as_str)
                .filter(|k| !map.contains_key(*k))
                .map(|k| format!("'{k}'"))
                .collect();
            match missing.len() {
                0 => {}
                1 => out.push(Problem {
                    path: path.clone(),
                    message: format!("missing property {}", missing[0]),
                }),
                _ => out.push(Problem {
                    path: path.clone(),
                    message: format!("missing properties {}", missing.join(", ")),
                }),
            }
        }
        let props = s.get("properties").and_then(J::as_object);
        let mut extra = Vec::new();
        for (k, item) in map.iter() {
            match props.and_then(|p| p.get(k)) {
                Some(sub) => {
                    path.push(k.clone());
                    check(root, sub, item, path, out, depth + 1);
                    path.pop();
                }
                None => match s.get("additionalProperties") {
                    Some(J::Bool(false)) => extra.push(format!("'{k}'")),
                    Some(sub @ J::Object(_)) => {
                        path.push(k.clone());
                        check(root, sub, item, path, out, depth + 1);
                        path.pop();
                    }
                    _ => {}
                },
            }
        }
        if !extra.is_empty() {
            out.push(Problem {
                path: path.clone(),
                message: format!("additional properties {} not allowed", extra.join(", ")),
            });
        }
    }
    for (key, want) in [("allOf", usize::MAX), ("anyOf", 1), ("oneOf", 1)] {
        let Some(list) = s.get(key).and_then(J::as_array) else {
            continue;
        };
        let results: Vec<Vec<Problem>> = list
            .iter()
            .map(|sub| {
                let mut p = Vec::new();
                check(root, sub, v, path, &mut p, depth + 1);
                p
            })
            .collect();
        let passing = results.iter().filter(|r| r.is_empty()).count();
        match key {
            "allOf" => out.extend(results.into_iter().flatten()),
            "anyOf" if passing < want => out.push(Problem {
                path: path.clone(),
                message: "anyOf failed".into(),
            }),
            "oneOf" if passing != 1 => out.push(Problem {
                path: path.clone(),
                message: format!("oneOf failed: {passing} subschemas matched"),
            }),
            _ => {}
        }
    }
    if let Some(not) = s.get("not") {
        let mut p = Vec::new();
        check(root, not, v, path, &mut p, depth + 1);
        if p.is_empty() {
            out.push(Problem {
                path: path.clone(),
                message: "not failed".into(),
            });
        }
    }
}

/// JSON equality with numbers compared as numbers (1 == 1.0).
fn same(a: &J, b: &J) -> bool {
    match (a, b) {
        (J::Number(x), J::Number(y)) => x.as_f64() == y.as_f64(),
        (J::Array(x), J::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (J::Object(x), J::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, p)| y.get(k).is_some_and(|q| same(p, q)))
        }
        _ => a == b,
    }
}

/// A problem as Helm writes it: `- at '/age': minimum: got -5, want 0`.
pub fn helm_line(p: &Problem) -> String {
    let pointer: String = p.path.iter().map(|k| format!("/{k}")).collect();
    format!("- at '{pointer}': {}", p.message)
}
