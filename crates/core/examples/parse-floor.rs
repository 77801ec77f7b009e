//! The floor for `cargo xtask bench`: read the same files as `kubeshape
//! check` and run the YAML reader kubeshape uses over them (its own fast
//! reader, saphyr-parser where that gives up: `parse::count_events`),
//! building nothing. kubeshape's whole run is measured as a multiple of
//! this.
//!
//! `cargo run --release -p kubeshape-core --example parse-floor -- PATH...`

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};

use kubeshape_core::parse::count_events;

// The same allocator as the `kubeshape` binary: the floor gets every
// advantage kubeshape has that is not about what it builds.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The files `kubeshape check` reads, found the way it finds them (names
/// sorted per folder, read from each entry's own name; no extra `stat` per
/// entry; hidden folders skipped).
fn files(path: &Path, out: &mut Vec<PathBuf>) {
    let Ok(dir) = std::fs::read_dir(path) else {
        out.push(path.to_path_buf());
        return;
    };
    let mut entries: Vec<(OsString, PathBuf, bool)> = dir
        .filter_map(Result::ok)
        .map(|e| {
            let path = e.path();
            let is_dir = match e.file_type() {
                Ok(t) if !t.is_symlink() => t.is_dir(),
                _ => path.is_dir(),
            };
            (e.file_name(), path, is_dir)
        })
        .collect();
    kubeshape_core::text::sort_by_bytes(&mut entries, |e| e.0.as_encoded_bytes());
    for (name, entry, is_dir) in entries {
        let name = name.as_encoded_bytes();
        if is_dir && !name.starts_with(b".") {
            files(&entry, out);
        } else if [&b".yaml"[..], b".yml", b".json"]
            .iter()
            .any(|ext| name.len() > ext.len() && name.ends_with(ext))
        {
            out.push(entry);
        }
    }
}

/// A file's bytes, read as `kubeshape check` reads them (one buffer for
/// every file; open, read to the end, close).
fn read_file(path: &Path, buffer: &mut Vec<u8>) -> Option<Vec<u8>> {
    let mut file = std::fs::File::open(path).ok()?;
    let mut len = 0;
    loop {
        if len == buffer.len() {
            buffer.resize(buffer.len().max(4096) * 2, 0);
        }
        match file.read(&mut buffer[len..]) {
            Ok(0) => return Some(buffer[..len].to_vec()),
            Ok(n) => len += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
}

fn main() {
    let mut paths = Vec::new();
    for arg in std::env::args().skip(1) {
        files(Path::new(&arg), &mut paths);
    }
    let (mut events, mut bytes) = (0usize, 0usize);
    let mut buffer = vec![0; 64 * 1024];
    for path in &paths {
        let Some(text) = read_file(path, &mut buffer).and_then(|b| String::from_utf8(b).ok())
        else {
            continue;
        };
        bytes += text.len();
        events += count_events(&text);
    }
    println!("{} files, {bytes} bytes, {events} events", paths.len());
}
