//! Sprig's lists and dicts: `list`, `dict`, `get`/`set`/`unset`/`hasKey`,
//! `merge`/`mergeOverwrite` (Sprig's deep merges, through mergo), `pick`,
//! `omit`, `keys`, `values`, `first`, `append`, `concat`, `uniq`, `has`,
//! `sortAlpha` and the rest.

use super::{arity, int, list_arg, string, strval};
use crate::value::{Map, Value};

pub fn known(name: &str) -> bool {
    let base = name.strip_prefix("must").map(lower_first);
    let name = base.as_deref().unwrap_or(name);
    matches!(
        name,
        "list"
            | "dict"
            | "get"
            | "set"
            | "unset"
            | "hasKey"
            | "pluck"
            | "keys"
            | "values"
            | "pick"
            | "omit"
            | "merge"
            | "mergeOverwrite"
            | "deepCopy"
            | "first"
            | "last"
            | "rest"
            | "initial"
            | "append"
            | "push"
            | "prepend"
            | "concat"
            | "uniq"
            | "has"
            | "without"
            | "compact"
            | "sortAlpha"
            | "reverse"
            | "until"
            | "untilStep"
            | "seq"
            | "dig"
            | "slice"
            | "chunk"
    )
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_lowercase().chain(c).collect())
        .unwrap_or_default()
}

pub fn call(name: &str, args: &[Value]) -> Option<Result<Value, String>> {
    if !known(name) || name == "slice" {
        return None;
    }
    let base = name.strip_prefix("must").map(lower_first);
    let op = base.as_deref().unwrap_or(name);
    let r = run(op, args);
    Some(r.map_err(|e| {
        if e.starts_with("wrong") || e.starts_with("invalid") || e.starts_with("error calling") {
            e
        } else {
            format!("error calling {name}: {e}")
        }
    }))
}

/// A map parameter; `nil` is Go's nil map (reads find nothing).
fn map_arg(v: &Value) -> Result<crate::value::MapRef, String> {
    match v {
        Value::Map(m) => Ok(m.clone()),
        Value::Nil => Ok(Default::default()),
        other => Err(format!(
            "wrong type for value; expected map[string]interface {{}}; got {}",
            other.type_name()
        )),
    }
}

fn run(op: &str, args: &[Value]) -> Result<Value, String> {
    Ok(match op {
        "list" => Value::list(args.to_vec()),
        "dict" => {
            let mut map = Map::new();
            for pair in args.chunks(2) {
                let key = strval(&pair[0]);
                map.insert(key, pair.get(1).cloned().unwrap_or(Value::str("")));
            }
            Value::map(map)
        }
        "get" => {
            arity("get", args, 2)?;
            let m = map_arg(&args[0])?;
            let k = string(args, 1)?;
            let found = m.borrow().get(k).cloned();
            found.unwrap_or(Value::str(""))
        }
        "set" => {
            arity("set", args, 3)?;
            if matches!(args[0], Value::Nil) {
                return Err("assignment to entry in nil map".into());
            }
            let m = map_arg(&args[0])?;
            m.borrow_mut()
                .insert(string(args, 1)?.to_string(), args[2].clone());
            args[0].clone()
        }
        "unset" => {
            arity("unset", args, 2)?;
            let m = map_arg(&args[0])?;
            m.borrow_mut().remove(string(args, 1)?);
            args[0].clone()
        }
        "hasKey" => {
            arity("hasKey", args, 2)?;
            let m = map_arg(&args[0])?;
            let key = string(args, 1)?;
            let has = m.borrow().contains_key(key);
            Value::Bool(has)
        }
        "pluck" => {
            let key = string(args, 0)?;
            let mut out = Vec::new();
            for d in &args[1..] {
                if let Some(v) = map_arg(d)?.borrow().get(key) {
                    out.push(v.clone());
                }
            }
            Value::list(out)
        }
        "keys" => {
            // Sprig returns them in Go's random map order; sorted is one of
            // the orders Helm may print.
            let mut out = Vec::new();
            for d in args {
                out.extend(map_arg(d)?.borrow().keys().map(|k| Value::str(k)));
            }
            Value::list(out)
        }
        "values" => {
            arity("values", args, 1)?;
            Value::list(map_arg(&args[0])?.borrow().values().cloned().collect())
        }
        "pick" | "omit" => {
            let m = map_arg(args.first().unwrap_or(&Value::Nil))?;
            let names: Vec<String> = args[1..].iter().map(strval).collect();
            let keep = op == "pick";
            let map: Map = m
                .borrow()
                .iter()
                .filter(|(k, _)| names.contains(k) == keep)
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            Value::map(map)
        }
        "merge" | "mergeOverwrite" => {
            let dst = map_arg(args.first().unwrap_or(&Value::Nil))?;
            for src in &args[1..] {
                let src = match src {
                    Value::Map(m) => match m.try_borrow() {
                        Ok(m) => m.clone(),
                        Err(_) => continue,
                    },
                    Value::Nil => continue,
                    other => {
                        return Err(format!(
                            "wrong type for value; expected map[string]interface {{}}; got {}",
                            other.type_name()
                        ))
                    }
                };
                let Ok(mut d) = dst.try_borrow().map(|m| m.clone()) else {
                    continue;
                };
                merge_into(&mut d, &src, op == "mergeOverwrite");
                if let Ok(mut slot) = dst.try_borrow_mut() {
                    *slot = d;
                }
            }
            args[0].clone()
        }
        "deepCopy" => {
            arity("deepCopy", args, 1)?;
            args[0].deep_copy()
        }
        "first" => list_arg("first", &args[0])?
            .first()
            .cloned()
            .unwrap_or_default(),
        "last" => list_arg("last", &args[0])?
            .last()
            .cloned()
            .unwrap_or_default(),
        "rest" => {
            let l = list_arg("rest", &args[0])?;
            Value::list(l.get(1..).map(<[Value]>::to_vec).unwrap_or_default())
        }
        "initial" => {
            let l = list_arg("initial", &args[0])?;
            Value::list(l[..l.len().saturating_sub(1)].to_vec())
        }
        "append" | "push" => {
            arity(op, args, 2)?;
            let mut l = list_arg("append", &args[0])?.into_owned();
            l.push(args[1].clone());
            Value::list(l)
        }
        "prepend" => {
            arity(op, args, 2)?;
            let mut l = list_arg("prepend", &args[0])?.into_owned();
            l.insert(0, args[1].clone());
            Value::list(l)
        }
        "concat" => {
            let mut out = Vec::new();
            for a in args {
                out.extend(list_arg("concat", a)?.iter().cloned());
            }
            Value::list(out)
        }
        "uniq" => {
            let l = list_arg("uniq", &args[0])?;
            let mut out: Vec<Value> = Vec::new();
            for v in l.iter() {
                if !out.iter().any(|o| deep_eq(o, v)) {
                    out.push(v.clone());
                }
            }
            Value::list(out)
        }
        "has" => {
            arity("has", args, 2)?;
            match &args[1] {
                Value::Nil => Value::Bool(false),
                hay => Value::Bool(list_arg("has", hay)?.iter().any(|v| deep_eq(v, &args[0]))),
            }
        }
        "without" => {
            let l = list_arg("without", &args[0])?;
            Value::list(
                l.iter()
                    .filter(|v| !args[1..].iter().any(|w| deep_eq(v, w)))
                    .cloned()
                    .collect(),
            )
        }
        "compact" => Value::list(
            list_arg("compact", &args[0])?
                .iter()
                .filter(|v| !v.is_empty())
                .cloned()
                .collect(),
        ),
        "sortAlpha" => {
            let mut items: Vec<String> = match &args[0] {
                Value::List(l) => l.iter().map(strval).collect(),
                other => vec![strval(other)],
            };
            items.sort();
            Value::list(items.into_iter().map(Value::string).collect())
        }
        "reverse" => {
            let mut l = list_arg("reverse", &args[0])?.into_owned();
            l.reverse();
            Value::list(l)
        }
        "until" => Value::list(
            (0..int(args, 0)?.clamp(0, 1 << 20))
                .map(Value::Int)
                .collect(),
        ),
        "untilStep" => {
            let (start, stop, step) = (int(args, 0)?, int(args, 1)?, int(args, 2)?);
            let mut out = Vec::new();
            let mut i = start;
            while step != 0
                && ((step > 0 && i < stop) || (step < 0 && i > stop))
                && out.len() < 1 << 20
            {
                out.push(Value::Int(i));
                i += step;
            }
            Value::list(out)
        }
        "seq" => {
            let nums: Vec<i64> = args.iter().map(super::to_i64).collect();
            let (start, step, end) = match nums.as_slice() {
                [e] => (1, 1, *e),
                [s, e] => (*s, if s <= e { 1 } else { -1 }, *e),
                [s, st, e] => (*s, *st, *e),
                _ => (1, 1, 0),
            };
            let mut out = Vec::new();
            let mut i = start;
            while step != 0
                && ((step > 0 && i <= end) || (step < 0 && i >= end))
                && out.len() < 1 << 20
            {
                out.push(i.to_string());
                i += step;
            }
            Value::string(out.join(" "))
        }
        "dig" => {
            // dig "a" "b" default dict
            if args.len() < 3 {
                return Err("wrong number of args for dig".into());
            }
            let dict = &args[args.len() - 1];
            let default = &args[args.len() - 2];
            let mut cur = dict.clone();
            for k in &args[..args.len() - 2] {
                match cur.get(&strval(k)) {
                    Some(v) => cur = v,
                    None => return Ok(default.clone()),
                }
            }
            cur
        }
        "chunk" => {
            let size = int(args, 0)?.max(1) as usize;
            let l = list_arg("chunk", &args[1])?;
            Value::list(l.chunks(size).map(|c| Value::list(c.to_vec())).collect())
        }
        _ => return Err(format!("function {op:?} not defined")),
    })
}

/// mergo's merge as Sprig calls it: keys missing from `dst` (or, with
/// `overwrite`, present in `src` with a non-empty value) are taken from
/// `src`; maps on both sides merge deeply.
pub fn merge_into(dst: &mut Map, src: &Map, overwrite: bool) {
    merge_depth(dst, src, overwrite, 0);
}

fn merge_depth(dst: &mut Map, src: &Map, overwrite: bool, depth: usize) {
    if depth > 100 {
        return;
    }
    for (k, sv) in src {
        match dst.get(k) {
            None => {
                dst.insert(k.clone(), sv.clone());
            }
            Some(Value::Map(dm)) if matches!(sv, Value::Map(_)) => {
                let Value::Map(sm) = sv else { continue };
                if std::rc::Rc::ptr_eq(dm, sm) {
                    continue;
                }
                // A map inside both: merged in place, as Go's shared maps are.
                let Ok(sm) = sm.try_borrow().map(|m| m.clone()) else {
                    continue;
                };
                let Ok(mut d) = dm.try_borrow().map(|m| m.clone()) else {
                    continue;
                };
                merge_depth(&mut d, &sm, overwrite, depth + 1);
                if let Ok(mut slot) = dm.try_borrow_mut() {
                    *slot = d;
                }
            }
            Some(dv) => {
                if (overwrite && !matches!(sv, Value::Nil)) || dv.is_empty() {
                    dst.insert(k.clone(), sv.clone());
                }
            }
        }
    }
}

/// `reflect.DeepEqual` on values.
pub fn deep_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Nil, Value::Nil) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x == y,
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| deep_eq(a, b))
        }
        (Value::Map(x), Value::Map(y)) => {
            let (x, y) = (x.borrow(), y.borrow());
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| deep_eq(v, w)))
        }
        _ => false,
    }
}
