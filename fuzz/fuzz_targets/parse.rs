//! Any text: the parser returns documents and issues, never panics, every
//! position it reports lies inside the text, and the fast YAML reader (with
//! its fallback) builds exactly what saphyr-parser alone builds.
#![no_main]

use kubeshape_core::parse::{parse, parse_with_saphyr, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let parsed = parse(text, &Limits::default());
    assert!(parsed == parse_with_saphyr(text, &Limits::default()), "{text:?}");
    let lines = text.split(['\n', '\r']).count().max(1) as u32;
    for issue in &parsed.issues {
        assert!(issue.span.start.line >= 1 && issue.span.start.line <= lines, "{issue:?}");
    }
});
