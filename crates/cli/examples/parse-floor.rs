//! The floor for `cargo xtask bench`: read the same files as `kubeshape
//! check` and run the YAML reader kubeshape uses over them (its own fast
//! reader, saphyr-parser where that gives up: `parse::count_events`),
//! building nothing. kubeshape's whole run is measured as a multiple of
//! this.
//!
//! With `--trees`, each file is parsed into the tree kubeshape's rules read
//! (`parse::parse`, the criterion bench's `parse` stage: the same reader,
//! the tree builder, the line index), and the tree is dropped before the
//! next file: kubeshape's parse stage alone, as a whole process, shown
//! beside the floor for information.
//!
//! `cargo run --release -p kubeshape --example parse-floor -- [--trees] PATH...`

use std::path::Path;

use kubeshape_cli::files::{collect, read_file};
use kubeshape_core::parse::{count_events, parse, Limits};

// The same allocator as the `kubeshape` binary: the floor gets every
// advantage kubeshape has that is not about what it builds.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut paths = Vec::new();
    let mut trees = false;
    for arg in std::env::args().skip(1) {
        if arg == "--trees" {
            trees = true;
            continue;
        }
        // (A folder it cannot read is skipped, as `kubeshape check` skips
        // it after saying so.)
        let _ = collect(Path::new(&arg), &mut paths);
    }
    let limits = Limits::default();
    let (mut events, mut documents, mut bytes) = (0usize, 0usize, 0usize);
    let mut buffer = vec![0; 64 * 1024];
    for path in &paths {
        let Some(text) = read_file(path, &mut buffer)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
        else {
            continue;
        };
        bytes += text.len();
        if trees {
            documents += parse(&text, &limits).documents.len();
        } else {
            events += count_events(&text);
        }
    }
    if trees {
        println!(
            "{} files, {bytes} bytes, {documents} documents",
            paths.len()
        );
    } else {
        println!("{} files, {bytes} bytes, {events} events", paths.len());
    }
}
