//! Any text: the parser returns documents and issues, never panics, and
//! every position it reports lies inside the text.
#![no_main]

use kubeshape_core::parse::{parse, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let parsed = parse(text, &Limits::default());
    let lines = text.split(['\n', '\r']).count().max(1) as u32;
    for issue in &parsed.issues {
        assert!(issue.span.start.line >= 1 && issue.span.start.line <= lines, "{issue:?}");
    }
});
