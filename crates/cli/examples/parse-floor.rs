//! The floor for `cargo xtask bench`: read the same files as `kubeshape
//! check` and run the YAML reader kubeshape uses over them (its own fast
//! reader, saphyr-parser where that gives up: `parse::count_events`),
//! building nothing. kubeshape's whole run is measured as a multiple of
//! this.
//!
//! `cargo run --release -p kubeshape --example parse-floor -- PATH...`

use std::path::Path;

use kubeshape_cli::files::{collect, read_file};
use kubeshape_core::parse::count_events;

// The same allocator as the `kubeshape` binary: the floor gets every
// advantage kubeshape has that is not about what it builds.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut paths = Vec::new();
    for arg in std::env::args().skip(1) {
        // (A folder it cannot read is skipped, as `kubeshape check` skips
        // it after saying so.)
        let _ = collect(Path::new(&arg), &mut paths);
    }
    let (mut events, mut bytes) = (0usize, 0usize);
    let mut buffer = vec![0; 64 * 1024];
    for path in &paths {
        let Some(text) = read_file(path, &mut buffer)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
        else {
            continue;
        };
        bytes += text.len();
        events += count_events(&text);
    }
    println!("{} files, {bytes} bytes, {events} events", paths.len());
}
