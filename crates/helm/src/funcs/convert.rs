//! Sprig's defaults (`default`, `empty`, `coalesce`, `ternary`), Helm's
//! `required`, `fail` and `lookup`, conversions and kind tests, math,
//! `semverCompare`, JSON and YAML, and dates.

use super::{arity, boolean, int, string, strval, to_f64, to_i64};
use crate::value::{Map, Value};

pub fn known(name: &str) -> bool {
    matches!(
        name,
        "default"
            | "empty"
            | "coalesce"
            | "ternary"
            | "required"
            | "fail"
            | "lookup"
            | "int"
            | "int64"
            | "float64"
            | "atoi"
            | "toDecimal"
            | "toJson"
            | "mustToJson"
            | "toPrettyJson"
            | "toRawJson"
            | "fromJson"
            | "mustFromJson"
            | "toYaml"
            | "mustToYaml"
            | "toYamlPretty"
            | "fromYaml"
            | "fromYamlArray"
            | "fromJsonArray"
            | "toToml"
            | "kindOf"
            | "kindIs"
            | "typeOf"
            | "typeIs"
            | "typeIsLike"
            | "deepEqual"
            | "add"
            | "add1"
            | "sub"
            | "mul"
            | "div"
            | "mod"
            | "max"
            | "min"
            | "floor"
            | "ceil"
            | "round"
            | "addf"
            | "add1f"
            | "subf"
            | "mulf"
            | "divf"
            | "maxf"
            | "minf"
            | "semver"
            | "semverCompare"
            | "now"
            | "date"
            | "dateInZone"
            | "toDate"
            | "mustToDate"
            | "unixEpoch"
            | "ago"
            | "duration"
            | "dateModify"
            | "htmlDate"
            | "htmlDateInZone"
            | "getHostByName"
            | "env"
            | "expandenv"
            | "biggest"
            | "bool"
    )
}

/// The moment `now` returns: fixed, so renders repeat (Helm's use the clock).
pub const NOW: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

pub fn call(name: &str, args: &[Value]) -> Option<Result<Value, String>> {
    if !known(name) {
        return None;
    }
    let r = run(name, args);
    Some(r.map_err(|e| {
        if e.starts_with("wrong")
            || e.starts_with("invalid")
            || e.starts_with("error calling")
            || name == "required"
            || name == "fail"
        {
            e
        } else {
            format!("error calling {name}: {e}")
        }
    }))
}

fn run(name: &str, args: &[Value]) -> Result<Value, String> {
    Ok(match name {
        "default" => {
            let d = args.first().cloned().unwrap_or_default();
            match args.get(1) {
                Some(g) if !g.is_empty() => g.clone(),
                _ => d,
            }
        }
        "empty" => Value::Bool(args.first().is_none_or(Value::is_empty)),
        "coalesce" => args.iter().find(|v| !v.is_empty()).cloned().unwrap_or_default(),
        "ternary" => {
            arity(name, args, 3)?;
            if boolean(args, 2)? {
                args[0].clone()
            } else {
                args[1].clone()
            }
        }
        "required" => {
            arity(name, args, 2)?;
            let msg = string(args, 0)?;
            match &args[1] {
                Value::Nil => return Err(msg.to_string()),
                Value::Str(s) if s.is_empty() => return Err(msg.to_string()),
                v => v.clone(),
            }
        }
        "fail" => return Err(args.first().map(strval).unwrap_or_default()),
        // `helm template` has no cluster: every lookup finds nothing.
        "lookup" => Value::map(Map::new()),
        "int" | "int64" | "atoi" => Value::Int(to_i64(args.first().unwrap_or(&Value::Nil))),
        "float64" | "toDecimal" => Value::Float(to_f64(args.first().unwrap_or(&Value::Nil))),
        "bool" => Value::Bool(args.first().is_some_and(Value::truthy)),
        "toJson" | "mustToJson" => Value::string(crate::value::go_json(args.first().unwrap_or(&Value::Nil), None, true)),
        "toRawJson" => Value::string(crate::value::go_json(args.first().unwrap_or(&Value::Nil), None, false)),
        "toPrettyJson" => Value::string(crate::value::go_json(args.first().unwrap_or(&Value::Nil), Some("  "), true)),
        "fromJson" | "mustFromJson" => match serde_json::from_str::<serde_json::Value>(string(args, 0)?) {
            Ok(v) => Value::from_json(&v),
            Err(e) if name == "fromJson" => Value::map(Map::from([("Error".to_string(), Value::string(e.to_string()))])),
            Err(e) => return Err(e.to_string()),
        },
        "fromJsonArray" => match serde_json::from_str::<serde_json::Value>(string(args, 0)?) {
            Ok(v @ serde_json::Value::Array(_)) => Value::from_json(&v),
            Ok(_) => Value::list(vec![Value::string("json: cannot unmarshal object into Go value of type []interface {}".into())]),
            Err(e) => Value::list(vec![Value::string(e.to_string())]),
        },
        "toYaml" | "mustToYaml" | "toYamlPretty" => {
            let v = args.first().unwrap_or(&Value::Nil);
            match crate::yaml::to_yaml(v) {
                Ok(s) => Value::string(s.strip_suffix('\n').unwrap_or(&s).to_string()),
                Err(e) if name == "mustToYaml" => return Err(e),
                Err(_) => Value::str(""),
            }
        }
        "fromYaml" => match crate::yaml::from_yaml(string(args, 0)?) {
            Ok(Value::Map(m)) => Value::Map(m),
            Ok(Value::Nil) => Value::map(Map::new()),
            Ok(_) => Value::map(Map::from([("Error".to_string(), Value::str("error unmarshaling JSON: json: cannot unmarshal into Go value of type map[string]interface {}"))])),
            Err(e) => Value::map(Map::from([("Error".to_string(), Value::string(e))])),
        },
        "fromYamlArray" => match crate::yaml::from_yaml(string(args, 0)?) {
            Ok(Value::List(l)) => Value::List(l),
            Ok(Value::Nil) => Value::list(Vec::new()),
            Ok(_) => Value::list(vec![Value::str("error unmarshaling JSON: json: cannot unmarshal object into Go value of type []interface {}")]),
            Err(e) => Value::list(vec![Value::string(e)]),
        },
        "toToml" => Value::string(crate::yaml::to_toml(args.first().unwrap_or(&Value::Nil))),
        "kindOf" => Value::str(args.first().unwrap_or(&Value::Nil).kind_name()),
        "kindIs" => {
            arity(name, args, 2)?;
            Value::Bool(string(args, 0)? == args[1].kind_name())
        }
        "typeOf" => Value::str(args.first().unwrap_or(&Value::Nil).type_name()),
        "typeIs" | "typeIsLike" => {
            arity(name, args, 2)?;
            let t = string(args, 0)?;
            let actual = args[1].type_name();
            Value::Bool(t == actual || (name == "typeIsLike" && t.trim_start_matches('*') == actual))
        }
        "deepEqual" => {
            arity(name, args, 2)?;
            Value::Bool(super::collections::deep_eq(&args[0], &args[1]))
        }
        "add" => Value::Int(args.iter().map(to_i64).fold(0i64, i64::wrapping_add)),
        "add1" => Value::Int(to_i64(args.first().unwrap_or(&Value::Nil)).wrapping_add(1)),
        "sub" => Value::Int(to_i64(&args[0]).wrapping_sub(to_i64(args.get(1).unwrap_or(&Value::Nil)))),
        "mul" => Value::Int(args.iter().map(to_i64).fold(1i64, i64::wrapping_mul)),
        "div" | "mod" => {
            let (a, b) = (to_i64(&args[0]), to_i64(args.get(1).unwrap_or(&Value::Nil)));
            if b == 0 {
                return Err("runtime error: integer divide by zero".into());
            }
            Value::Int(if name == "div" { a.wrapping_div(b) } else { a.wrapping_rem(b) })
        }
        "max" | "biggest" => Value::Int(args.iter().map(to_i64).max().unwrap_or(0)),
        "min" => Value::Int(args.iter().map(to_i64).min().unwrap_or(0)),
        "floor" => Value::Float(to_f64(&args[0]).floor()),
        "ceil" => Value::Float(to_f64(&args[0]).ceil()),
        "round" => {
            let p = args.get(1).map(to_i64).unwrap_or(0) as i32;
            let m = 10f64.powi(p);
            Value::Float((to_f64(&args[0]) * m).round() / m)
        }
        "addf" => Value::Float(args.iter().map(to_f64).sum()),
        "add1f" => Value::Float(to_f64(&args[0]) + 1.0),
        "subf" => Value::Float(args.iter().skip(1).fold(to_f64(&args[0]), |a, b| a - to_f64(b))),
        "mulf" => Value::Float(args.iter().map(to_f64).product()),
        "divf" => Value::Float(args.iter().skip(1).fold(to_f64(&args[0]), |a, b| a / to_f64(b))),
        "maxf" => Value::Float(args.iter().map(to_f64).fold(f64::MIN, f64::max)),
        "minf" => Value::Float(args.iter().map(to_f64).fold(f64::MAX, f64::min)),
        "semver" => {
            let v = crate::semver::Version::parse(string(args, 0)?).ok_or("Invalid Semantic Version")?;
            v.to_value()
        }
        "semverCompare" => {
            arity(name, args, 2)?;
            let c = crate::semver::Constraint::parse(string(args, 0)?).ok_or_else(|| format!("improper constraint: {}", strval(&args[0])))?;
            let v = crate::semver::Version::parse(string(args, 1)?).ok_or("Invalid Semantic Version")?;
            Value::Bool(c.matches(&v))
        }
        "now" => Value::Int(NOW),
        "unixEpoch" => Value::string(to_i64(args.first().unwrap_or(&Value::Int(NOW))).to_string()),
        "date" | "dateInZone" => {
            let layout = string(args, 0)?;
            let t = args.get(1).map(to_i64).unwrap_or(NOW);
            Value::string(crate::date::format(layout, t))
        }
        "htmlDate" | "htmlDateInZone" => Value::string(crate::date::format("2006-01-02", args.first().map(to_i64).unwrap_or(NOW))),
        "toDate" | "mustToDate" => Value::Int(crate::date::parse(string(args, 0)?, string(args, 1)?).unwrap_or(0)),
        "ago" | "duration" => Value::str("0s"),
        "dateModify" => args.get(1).cloned().unwrap_or_default(),
        "getHostByName" | "env" => Value::str(""),
        "expandenv" => Value::string(string(args, 0)?.to_string()),
        _ => {
            let _ = int(args, 0);
            return Err(format!("function {name:?} not defined"));
        }
    })
}
