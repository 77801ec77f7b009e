//! The floor for `cargo xtask bench`: read the same files as `kubeshape
//! check` and run the YAML parser kubeshape uses (saphyr-parser's event
//! stream) over them, building nothing. kubeshape's whole run is measured
//! as a multiple of this.
//!
//! `cargo run --release -p kubeshape-core --example parse-floor -- PATH...`

use std::path::{Path, PathBuf};

use saphyr_parser::Parser;

fn files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        entries.sort();
        for entry in entries {
            files(&entry, out);
        }
    } else if path
        .extension()
        .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
    {
        out.push(path.to_path_buf());
    }
}

fn main() {
    let mut paths = Vec::new();
    for arg in std::env::args().skip(1) {
        files(Path::new(&arg), &mut paths);
    }
    let (mut events, mut bytes) = (0usize, 0usize);
    for path in &paths {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        bytes += text.len();
        for event in Parser::new_from_str(&text) {
            if event.is_err() {
                break;
            }
            events += 1;
        }
    }
    println!("{} files, {bytes} bytes, {events} events", paths.len());
}
