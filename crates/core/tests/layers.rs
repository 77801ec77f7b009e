//! The core's top-level modules form layers: each imports only the ones
//! below it. The order is the `Layers:` line of `src/lib.rs` (the diagram
//! a reader sees first); this test fails on any import that goes up it, so
//! the diagram cannot go stale and no cycle can creep in.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The declared order, lowest first.
fn layers(lib: &str) -> Vec<String> {
    let line = lib
        .lines()
        .find_map(|l| l.trim_start_matches("//!").trim().strip_prefix("Layers:"))
        .expect("src/lib.rs has a `//! Layers: a → b → …` line");
    line.split('→').map(|s| s.trim().to_owned()).collect()
}

/// What a root re-export (`pub use engine::{lint, …}`) stands for: a path
/// `crate::lint` is an import of `engine`.
fn reexports(lib: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for statement in lib.split(';') {
        let Some(rest) = statement.trim().strip_prefix("pub use ") else {
            continue;
        };
        let (module, names) = rest.split_once("::").expect("pub use module::…");
        let names = names.trim_matches(|c| c == '{' || c == '}');
        for name in names.split(',') {
            let name = name.split(" as ").last().unwrap_or(name).trim();
            out.insert(name.to_owned(), module.trim().to_owned());
        }
    }
    out
}

/// `text` without comments, string and character literals.
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                out.push_str("\"\"");
            }
            c => {
                out.push(c as char);
                i += 1;
            }
        }
    }
    out
}

/// `text` without `#[cfg(test)]` items written inline (`mod tests { … }`);
/// the names of test modules kept in files of their own (`mod tests;`).
fn without_tests(text: &str) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut files = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let item = &rest[at + "#[cfg(test)]".len()..];
        let brace = item.find('{');
        let semi = item.find(';');
        match (brace, semi) {
            (_, Some(s)) if brace.is_none_or(|b| s < b) => {
                if let Some(name) = item[..s].trim().strip_prefix("mod ") {
                    files.push(name.trim().to_owned());
                }
                rest = &item[s + 1..];
            }
            (Some(b), _) => {
                let mut depth = 0;
                let mut end = item.len();
                for (i, c) in item[b..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = b + i + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                rest = &item[end..];
            }
            _ => rest = "",
        }
    }
    out.push_str(rest);
    (out, files)
}

/// The top-level modules `code` names through `crate::` (or `$crate::`),
/// root re-exports resolved to their module.
fn imports(
    code: &str,
    roots: &BTreeSet<String>,
    reexports: &BTreeMap<String, String>,
) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut name = |n: &str| {
        let n = n.trim();
        if roots.contains(n) {
            found.insert(n.to_owned());
        } else if let Some(m) = reexports.get(n) {
            found.insert(m.clone());
        }
    };
    for (at, _) in code.match_indices("crate::") {
        let after = &code[at + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            // `use crate::{a, b::c, d::{e, f}}`: the first segment of each.
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        name(item.split("::").next().unwrap_or(""));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 {
                    item.push(c);
                }
            }
            name(item.split("::").next().unwrap_or(""));
        } else {
            let end = after
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            name(&after[..end]);
        }
    }
    found
}

/// Every `.rs` file under `dir` but the test modules its parents name.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("src is readable")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn modules_import_only_the_layers_below_them() {
    let root = src();
    let lib = std::fs::read_to_string(root.join("lib.rs")).expect("lib.rs");
    let order = layers(&lib);
    let reexports = reexports(&code_only(&lib));
    let mut roots = BTreeSet::new();
    for entry in std::fs::read_dir(&root)
        .expect("src")
        .filter_map(Result::ok)
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        let module = name.strip_suffix(".rs").unwrap_or(&name).to_owned();
        let is_module = entry.path().is_dir() || name.ends_with(".rs");
        if is_module && module != "lib" && !name.ends_with(".bin") {
            roots.insert(module);
        }
    }
    let declared: BTreeSet<String> = order.iter().cloned().collect();
    assert_eq!(
        roots, declared,
        "the Layers line of src/lib.rs names every top-level module once"
    );
    assert_eq!(
        order.len(),
        declared.len(),
        "a module named twice in the Layers line"
    );

    let mut files = Vec::new();
    sources(&root, &mut files);
    // Test modules kept in files of their own: `x.rs` declaring
    // `#[cfg(test)] mod tests;` has them in `x/tests.rs` (or `x/tests/mod.rs`).
    let mut test_files = BTreeSet::new();
    let mut texts = Vec::new();
    for path in &files {
        let text = code_only(&std::fs::read_to_string(path).expect("source"));
        let (code, tests) = without_tests(&text);
        let dir = match path.file_name().and_then(|n| n.to_str()) {
            Some("mod.rs" | "lib.rs") => path.parent().expect("parent").to_path_buf(),
            _ => path.with_extension(""),
        };
        for t in tests {
            test_files.insert(dir.join(format!("{t}.rs")));
            test_files.insert(dir.join(&t).join("mod.rs"));
        }
        texts.push((path.clone(), code));
    }
    let position = |m: &str| order.iter().position(|o| o == m).expect("declared");
    let mut upward = Vec::new();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, code) in texts {
        let rel = path.strip_prefix(&root).expect("under src");
        let Some(first) = rel.components().next() else {
            continue;
        };
        let first = first.as_os_str().to_string_lossy();
        let module = first.strip_suffix(".rs").unwrap_or(&first).to_owned();
        if module == "lib"
            || test_files
                .iter()
                .any(|t| path.starts_with(t.with_extension("")) || path == *t)
        {
            continue;
        }
        for target in imports(&code, &roots, &reexports) {
            if target == module {
                continue;
            }
            if position(&target) > position(&module) {
                upward.push(format!(
                    "{} imports {target}, a layer above {module}",
                    rel.display()
                ));
            }
            edges.entry(module.clone()).or_default().insert(target);
        }
    }
    assert!(
        upward.is_empty(),
        "imports that go up the layers ({}):\n{}",
        order.join(" → "),
        upward.join("\n")
    );
    // (The check sees something: the engine runs rules over the model.)
    assert!(edges["engine"].contains("rules") && edges["rules"].contains("model"));
}

#[test]
fn the_check_sees_grouped_and_reexported_imports() {
    let roots: BTreeSet<String> = ["a", "b", "c", "d"].map(String::from).into();
    let reexports: BTreeMap<String, String> = [("lint".to_owned(), "d".to_owned())].into();
    let code = code_only("use crate::{a::X, b::{Y, Z}};\n// crate::c in a comment\nfn f() { crate::lint(\"crate::c\") }");
    let found = imports(&code, &roots, &reexports);
    assert_eq!(found, ["a", "b", "d"].map(String::from).into());
    let (code, files) = without_tests(
        "fn a() {}\n#[cfg(test)]\nmod tests { use crate::c; }\n#[cfg(test)]\nmod more;\n",
    );
    assert!(!code.contains("crate::c"));
    assert_eq!(files, vec!["more".to_owned()]);
}

/// Files stay readable: none has more than 700 lines before its tests
/// (the generated schema table aside). Split a file along its seams, with
/// its tests in a module file of their own, before it grows past that.
#[test]
fn no_source_file_is_over_700_lines_before_its_tests() {
    let mut files = Vec::new();
    sources(&src(), &mut files);
    let long: Vec<String> = files
        .iter()
        .filter(|p| !p.ends_with("schema/table.rs"))
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).expect("source");
            let lines = text
                .lines()
                .take_while(|l| !l.starts_with("#[cfg(test)]"))
                .count();
            (lines > 700).then(|| format!("{} ({lines} lines)", p.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "over 700 lines before their tests: {long:?}"
    );
    assert!(files.len() > 80, "{} files", files.len());
}
