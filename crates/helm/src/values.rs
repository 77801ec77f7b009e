//! Values as Helm computes them: `-f` files merged in order, `--set` and
//! `--set-string` on top, then coalesced with the chart's `values.yaml`
//! and each subchart's (a `null` deletes a default; `global` flows down).

use crate::chart::Chart;
use crate::value::{Map, Value};

/// Deep-merges `src` over `dst` (Helm's `mergeMaps` for `-f` files).
pub fn merge_maps(dst: &mut Map, src: &Map) {
    for (k, v) in src {
        if let (Some(Value::Map(d)), Value::Map(s)) = (dst.get(k), v) {
            let mut inner = d.borrow().clone();
            merge_maps(&mut inner, &s.borrow());
            dst.insert(k.clone(), Value::map(inner));
            continue;
        }
        dst.insert(k.clone(), v.deep_copy());
    }
}

fn is_table(v: &Value) -> bool {
    matches!(v, Value::Map(_))
}

fn take_map(v: &Value) -> Map {
    match v {
        Value::Map(m) => m.borrow().clone(),
        _ => Map::new(),
    }
}

/// Helm's `CoalesceValues`: the user's values over the chart's defaults,
/// and each subchart's under its name.
pub fn coalesce(chart: &Chart, user: Map) -> Map {
    let mut dest = user;
    coalesce_values(chart, &mut dest);
    coalesce_deps(chart, &mut dest);
    dest
}

fn coalesce_values(chart: &Chart, v: &mut Map) {
    let defaults = Value::map(chart.values.clone()).deep_copy();
    for (key, val) in take_map(&defaults) {
        match v.get(&key) {
            Some(Value::Nil) => {
                v.remove(&key);
            }
            Some(Value::Map(dest)) => {
                if let Value::Map(src) = &val {
                    let merge = chart.subcharts.iter().any(|s| s.name == key);
                    let mut d = dest.borrow().clone();
                    coalesce_tables(&mut d, &mut src.borrow().clone(), merge);
                    v.insert(key, Value::map(d));
                }
            }
            Some(_) => {}
            None => {
                v.insert(key, val);
            }
        }
    }
}

fn coalesce_deps(chart: &Chart, dest: &mut Map) {
    for sub in &chart.subcharts {
        let mut dv = match dest.get(&sub.name) {
            None => Map::new(),
            Some(v) if is_table(v) => take_map(v),
            Some(_) => continue,
        };
        coalesce_globals(&mut dv, dest);
        let merged = coalesce(sub, dv);
        dest.insert(sub.name.clone(), Value::map(merged));
    }
}

fn coalesce_globals(dest: &mut Map, src: &Map) {
    let mut dg = match dest.get("global") {
        None => Map::new(),
        Some(Value::Map(m)) => m.borrow().clone(),
        Some(_) => return,
    };
    let sg = match src.get("global") {
        None => Map::new(),
        Some(Value::Map(m)) => m.borrow().clone(),
        Some(_) => return,
    };
    for (key, val) in sg {
        if let Value::Map(vm) = &val {
            let mut vv = vm.borrow().clone();
            match dg.get(&key) {
                None => {
                    dg.insert(key, Value::map(vv).deep_copy());
                }
                Some(Value::Map(dm)) => {
                    coalesce_tables(&mut vv, &mut dm.borrow().clone(), true);
                    dg.insert(key, Value::map(vv).deep_copy());
                }
                Some(_) => {}
            }
        } else if dg.get(&key).is_some_and(is_table) {
        } else {
            dg.insert(key, val);
        }
    }
    dest.insert("global".into(), Value::map(dg));
}

/// Helm's `coalesceTablesFullKey`: `dst` wins; `src` fills what it lacks.
pub fn coalesce_tables(dst: &mut Map, src: &mut Map, merge: bool) {
    for (key, val) in dst.iter() {
        if matches!(val, Value::Nil) {
            src.insert(key.clone(), Value::Nil);
        }
    }
    for (key, val) in src.iter() {
        match dst.get(key) {
            Some(Value::Nil) if !merge => {
                dst.remove(key);
            }
            None => {
                dst.insert(key.clone(), val.clone());
            }
            Some(Value::Map(dv)) if is_table(val) => {
                let mut d = dv.borrow().clone();
                coalesce_tables(&mut d, &mut take_map(val), merge);
                dst.insert(key.clone(), Value::map(d));
            }
            _ => {}
        }
    }
}

/// Applies one `--set` (or, with `strings`, `--set-string`) argument:
/// `a.b=1,c[0]=x,d={e,f}`.
pub fn apply_set(values: &mut Map, arg: &str, strings: bool) -> Result<(), String> {
    for assignment in split_unescaped(arg, ',') {
        if assignment.is_empty() {
            continue;
        }
        let Some((key, raw)) = split_once_unescaped(&assignment, '=') else {
            return Err(format!("key {assignment:?} has no value"));
        };
        let value = if raw.starts_with('{') && raw.ends_with('}') {
            Value::list(
                split_unescaped(&raw[1..raw.len() - 1], ',')
                    .iter()
                    .map(|s| typed(s, strings))
                    .collect(),
            )
        } else {
            typed(&unescape(&raw), strings)
        };
        let path = split_unescaped(&key, '.');
        set_path(values, &path, value)?;
    }
    Ok(())
}

/// `--set`'s typing: `true`/`false`, `null`, integers (not with a leading
/// zero), else a string.
fn typed(s: &str, strings: bool) -> Value {
    if strings {
        return Value::str(s);
    }
    match s {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        "null" => Value::Nil,
        _ if s.len() > 1 && s.starts_with('0') => Value::str(s),
        _ => s.parse::<i64>().map_or_else(|_| Value::str(s), Value::Int),
    }
}

fn set_path(map: &mut Map, path: &[String], value: Value) -> Result<(), String> {
    let Some((first, rest)) = path.split_first() else {
        return Ok(());
    };
    // `name[2]`: a list element.
    let (name, index) = match first.split_once('[') {
        Some((n, i)) => (n.to_string(), i.trim_end_matches(']').parse::<usize>().ok()),
        None => (first.clone(), None),
    };
    if let Some(i) = index {
        if i > 65_536 {
            return Err(format!(
                "index of {i} is greater than maximum supported index of 65536"
            ));
        }
        let mut list = match map.get(&name) {
            Some(Value::List(l)) => l.to_vec(),
            _ => Vec::new(),
        };
        while list.len() <= i {
            list.push(Value::Nil);
        }
        if rest.is_empty() {
            list[i] = value;
        } else {
            let mut inner = take_map(&list[i]);
            set_path(&mut inner, rest, value)?;
            list[i] = Value::map(inner);
        }
        map.insert(name, Value::list(list));
        return Ok(());
    }
    if rest.is_empty() {
        map.insert(name, value);
        return Ok(());
    }
    let mut inner = take_map(map.get(&name).unwrap_or(&Value::Nil));
    set_path(&mut inner, rest, value)?;
    map.insert(name, Value::map(inner));
    Ok(())
}

fn split_unescaped(s: &str, sep: char) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = s.chars();
    let mut depth = 0;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                push(&mut out, '\\');
                if let Some(n) = chars.next() {
                    push(&mut out, n);
                }
            }
            '{' => {
                depth += 1;
                push(&mut out, c);
            }
            '}' => {
                depth -= 1;
                push(&mut out, c);
            }
            c if c == sep && depth == 0 => out.push(String::new()),
            c => push(&mut out, c),
        }
    }
    if sep == '.' {
        return out.iter().map(|p| unescape(p)).collect();
    }
    out
}

fn push(out: &mut [String], c: char) {
    if let Some(last) = out.last_mut() {
        last.push(c);
    }
}

fn split_once_unescaped(s: &str, sep: char) -> Option<(String, String)> {
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        if c == '\\' {
            escaped = true;
        } else if c == sep {
            return Some((s[..i].to_string(), s[i + 1..].to_string()));
        }
    }
    None
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Helm's `processImportValues`, children first: each dependency's
/// `import-values` copy a child's table (`{child: a.b, parent: x}`, or a
/// name under the child's `exports`) into the parent's values, under the
/// parent's own values and the user's.
pub fn import_values(chart: &mut Chart, user: &Map) {
    for sub in &mut chart.subcharts {
        let scoped = take_map(user.get(&sub.name).unwrap_or(&Value::Nil));
        import_values(sub, &scoped);
    }
    let deps = chart.dependencies();
    if !deps.iter().any(|d| d.contains_key("import-values")) {
        return;
    }
    let cvals = coalesce(chart, user.clone());
    let mut imported = Map::new();
    for dep in &deps {
        let name = dep
            .get("alias")
            .or_else(|| dep.get("name"))
            .map(Value::to_go_string)
            .unwrap_or_default();
        let Some(Value::List(ivs)) = dep.get("import-values") else {
            continue;
        };
        for iv in ivs.iter() {
            let (child, parent) = match iv {
                Value::Map(m) => {
                    let m = m.borrow();
                    let get = |k: &str| m.get(k).map(Value::to_go_string).unwrap_or_default();
                    (get("child"), get("parent"))
                }
                Value::Str(s) => (format!("exports.{s}"), ".".to_string()),
                _ => continue,
            };
            let mut table = Value::map(cvals.clone());
            for part in std::iter::once(name.as_str()).chain(child.split('.')) {
                table = table.get(part).unwrap_or(Value::Nil);
            }
            let Value::Map(table) = table else { continue };
            let mut src = path_to_map(&parent, table.borrow().clone());
            coalesce_tables(&mut imported, &mut src, false);
        }
    }
    let mut values = cvals;
    coalesce_tables(&mut values, &mut imported, false);
    // The chart's values are now what it imported under its own.
    chart.values = values;
}

/// `a.b` and a table: `{a: {b: table}}` (`.` is the table itself).
fn path_to_map(path: &str, table: Map) -> Map {
    if path == "." || path.is_empty() {
        return table;
    }
    let mut out = table;
    for part in path.rsplit('.') {
        out = Map::from([(part.to_string(), Value::map(out))]);
    }
    out
}
