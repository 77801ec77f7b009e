//! Small text helpers shared by rules: "did you mean" suggestions, and
//! joining strings on the hot path; the hash of maps keyed by names;
//! characters that look like YAML syntax but are not.

pub mod hash;
pub mod lookalike;
pub mod template;

/// Byte offsets where the lines of `text` start (a line ends at `\n`).
pub fn line_starts(text: &str) -> Vec<u32> {
    #[cfg(feature = "fast-yaml")]
    {
        line_starts_searched(text)
    }
    #[cfg(not(feature = "fast-yaml"))]
    {
        line_starts_by_words(text)
    }
}

/// [`line_starts`] with a vectorised search for each newline (memchr).
#[cfg(feature = "fast-yaml")]
fn line_starts_searched(text: &str) -> Vec<u32> {
    let bytes = text.as_bytes();
    let mut starts = Vec::with_capacity(bytes.len() / 24 + 1);
    starts.push(0);
    starts.extend(memchr::memchr_iter(b'\n', bytes).map(|at| at as u32 + 1));
    starts
}

/// [`line_starts`] eight bytes at a time, each newline among them found
/// from a mask of exactly the newline bytes (builds without memchr).
#[cfg_attr(feature = "fast-yaml", allow(dead_code))]
fn line_starts_by_words(text: &str) -> Vec<u32> {
    const LOWS: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let bytes = text.as_bytes();
    let mut starts = Vec::with_capacity(bytes.len() / 24 + 1);
    starts.push(0);
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word) ^ (ONES * u64::from(b'\n'));
        // The high bit of each byte that is zero in `x` (a newline), and
        // of no other byte: no carry crosses from one byte to the next.
        let mut newlines = !(((x & LOWS) + LOWS) | x | LOWS);
        while newlines != 0 {
            let k = newlines.trailing_zeros() as usize / 8;
            starts.push((at + k + 1) as u32);
            newlines &= newlines - 1;
        }
        at += 8;
    }
    for (k, &b) in chunks.remainder().iter().enumerate() {
        if b == b'\n' {
            starts.push((at + k + 1) as u32);
        }
    }
    starts
}

/// The parts joined into one string, allocated once: `format!` costs
/// about a microsecond a call, and every finding about a container calls
/// it for its label, its message and its path.
pub fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// `head` and `[i]` (a path to a list item: `spec.containers[0]`), made
/// without the formatting machinery: every container of every pod has one.
pub fn indexed(head: &[&str], i: usize) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = i;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let digits = std::str::from_utf8(&digits[at..]).unwrap_or_default();
    let len = head.iter().map(|p| p.len()).sum::<usize>() + digits.len() + 2;
    let mut out = String::with_capacity(len);
    for part in head {
        out.push_str(part);
    }
    out.push('[');
    out.push_str(digits);
    out.push(']');
    out
}

/// Levenshtein distance, case-sensitive, over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The candidate closest to `word`: an exact case-insensitive match first,
/// then the smallest edit distance within a third of the word's length.
///
/// Cheap per candidate (it runs for every finding about a missing name,
/// against every name of that kind in the input): no allocation, a length
/// check first, and the distance given up as soon as it exceeds the best
/// one so far.
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let lower: Vec<char> = word.chars().map(|c| c.to_ascii_lowercase()).collect();
    let max = (lower.len() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    let mut row = Vec::new();
    for c in candidates {
        if c == word {
            continue;
        }
        if c.eq_ignore_ascii_case(word) {
            return Some(c);
        }
        // A better candidate must be strictly closer than the best so far.
        let limit = best.map_or(max, |(d, _)| d.saturating_sub(1).min(max));
        if c.chars().count().abs_diff(lower.len()) > limit {
            continue;
        }
        if let Some(d) = distance_within(&lower, c, limit, &mut row) {
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, c));
            }
        }
    }
    best.map(|(_, c)| c)
}

/// The edit distance between `a` (lowercase characters) and `b` (compared
/// in lowercase), when it is at most `limit`; `None` as soon as every
/// cell of a row exceeds it.
fn distance_within(a: &[char], b: &str, limit: usize, row: &mut Vec<usize>) -> Option<usize> {
    row.clear();
    row.extend(0..=a.len());
    for (i, cb) in b.chars().map(|c| c.to_ascii_lowercase()).enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        let mut smallest = row[0];
        for (j, &ca) in a.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
            smallest = smallest.min(row[j + 1]);
        }
        if smallest > limit {
            return None;
        }
    }
    row.last().copied().filter(|&d| d <= limit)
}

/// A number for a message: whole numbers as integers, others with up to
/// three decimals (`0.5`, `1.25`, `12`).
///
/// Written by hand because `f64`'s `Display` adds about 14 KB to every
/// WebAssembly build, and messages never need more precision than this.
pub fn decimal(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_owned();
    }
    if x.is_infinite() {
        return if x > 0.0 { "∞" } else { "-∞" }.to_owned();
    }
    // 1e15 thousandths still fit u64 exactly enough for a message.
    let scaled = (x.abs() * 1000.0).round().min(9.0e18) as u64;
    let sign = if x < 0.0 && scaled > 0 { "-" } else { "" };
    let (whole, thousandths) = (scaled / 1000, scaled % 1000);
    if thousandths == 0 {
        format!("{sign}{whole}")
    } else {
        let frac = format!("{thousandths:03}");
        format!("{sign}{whole}.{}", frac.trim_end_matches('0'))
    }
}

/// Chinese text joined from `parts` as Chinese is typeset: a space where
/// Chinese meets Latin text or code (`放到 metadata 下`), none between
/// Chinese characters or next to full-width punctuation (`放到每个容器（containers[]）下`).
/// Where standard base64 (as Go's `encoding/base64` reads it) first breaks,
/// as a character offset; `None` when the text is valid.
pub fn base64_error(text: &str) -> Option<usize> {
    let chars: Vec<(usize, char)> = text
        .chars()
        .enumerate()
        .filter(|(_, c)| *c != '\n' && *c != '\r')
        .collect();
    if chars.len() % 4 != 0 {
        return Some(chars.last().map_or(0, |(i, _)| *i));
    }
    let padding = chars.iter().rev().take_while(|(_, c)| *c == '=').count();
    if padding > 2 {
        return chars.get(chars.len() - padding).map(|(i, _)| *i);
    }
    chars[..chars.len() - padding]
        .iter()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '+' || *c == '/'))
        .map(|(i, _)| *i)
}

/// A decimal number as YAML and Go write one (`3`, `-0.5`, `.25`, `1e3`,
/// `2.5E-3`), or `None`. Exact where the digits fit in 53 bits and the
/// exponent is within 22 (every value a manifest holds); the standard
/// library's parser, exact everywhere, weighs about 6 KB of WebAssembly
/// (its tables) in the browser builds.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let negative = match bytes.first() {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let mut mantissa: u64 = 0;
    let mut exponent: i32 = 0;
    let mut digits = 0;
    let mut point = false;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'0'..=b'9' => {
                digits += 1;
                if mantissa < (1 << 60) {
                    mantissa = mantissa * 10 + u64::from(b - b'0');
                    if point {
                        exponent -= 1;
                    }
                } else if !point {
                    // Digits past what counts: the scale grows.
                    exponent += 1;
                }
            }
            b'.' if !point => point = true,
            _ => break,
        }
        i += 1;
    }
    if digits == 0 {
        return None;
    }
    if let Some(b'e' | b'E') = bytes.get(i) {
        i += 1;
        let sign = match bytes.get(i) {
            Some(b'-') => {
                i += 1;
                -1
            }
            Some(b'+') => {
                i += 1;
                1
            }
            _ => 1,
        };
        let start = i;
        let mut e: i32 = 0;
        while let Some(&b) = bytes.get(i).filter(|b| b.is_ascii_digit()) {
            e = e.saturating_mul(10).saturating_add(i32::from(b - b'0'));
            i += 1;
        }
        if i == start {
            return None;
        }
        exponent = exponent.saturating_add(sign * e);
    }
    if i != bytes.len() {
        return None;
    }
    const POWERS: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    let mut value = mantissa as f64;
    let mut left = exponent;
    while left != 0 {
        let step = left.unsigned_abs().min(22) as usize;
        if left > 0 {
            value *= POWERS[step];
            left -= step as i32;
        } else {
            value /= POWERS[step];
            left += step as i32;
        }
        if value == 0.0 || value.is_infinite() {
            break;
        }
    }
    Some(if negative { -value } else { value })
}

/// `a`, `a and b`, `a, b and c`.
pub fn and_list(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

pub fn zh_join(parts: &[&str]) -> String {
    let latin =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '`' | ']' | '[' | '_' | '.' | ')');
    let cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    let mut out = String::new();
    for part in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        if let (Some(before), Some(after)) = (out.chars().last(), part.chars().next()) {
            if (latin(before) && cjk(after)) || (cjk(before) && latin(after)) {
                out.push(' ');
            }
        }
        out.push_str(part);
    }
    out
}

/// The index of the YAML document (0-based) that line `line` (1-based) of
/// `text` is in, counting `---` lines as a parser does: a `---` before any
/// content starts the first document rather than a second one. Found in
/// the text, so it holds where the parser gave up.
pub fn document_at(text: &str, line: u32) -> usize {
    let mut index = 0;
    let mut content = false;
    for l in text.split('\n').take(line.saturating_sub(1) as usize) {
        if l.starts_with("---") {
            if content {
                index += 1;
            }
            content = true;
        } else if !content {
            let t = l.trim();
            content = !(t.is_empty() || t.starts_with('#') || t.starts_with('%'));
        }
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same numbers as the standard library's parser, for what YAML
    /// and manifests write; `None` where it says no.
    #[test]
    fn decimals_read_as_the_standard_library_reads_them() {
        let mut cases: Vec<String> = [
            "0",
            "3",
            "-3",
            "+3",
            "3.0",
            "-0.5",
            ".5",
            "5.",
            "0.25",
            "1e3",
            "1E3",
            "2.5e-3",
            "-2.5E+3",
            "0.1",
            "0.2",
            "0.3",
            "123456789.123",
            "1e22",
            "1e-22",
            "9007199254740993",
            "3.14159265358979",
            "100.0",
            "1.5e10",
            "0.000001",
            "6.02e23",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for i in 0..2000u64 {
            let x = i.wrapping_mul(2654435761) % 1_000_000;
            cases.push(format!("{}.{:03}", x / 1000, x % 1000));
            cases.push(format!("{}e-{}", x, i % 20));
        }
        for case in &cases {
            let want: f64 = case.parse().expect(case);
            let got = parse_decimal(case).unwrap_or_else(|| panic!("{case}"));
            let close = got == want || ((got - want) / want).abs() < 1e-15;
            assert!(close, "{case}: {got} vs {want}");
        }
        for bad in [
            "", ".", "-", "e3", "1e", "1.2.3", "1e+", "--1", "1x", "0x10", "1 2",
        ] {
            assert_eq!(parse_decimal(bad), None, "{bad}");
            assert!(bad.parse::<f64>().is_err(), "{bad}");
        }
    }

    #[test]
    fn line_starts_are_after_each_newline() {
        let plain = |text: &str| -> Vec<u32> {
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i as u32 + 1))
                .collect()
        };
        // Newlines at every offset of a word, next to each other, next to
        // bytes the word test could mistake for one (0x0a + 1, 0x8a, …).
        let pieces = [
            "a", "\n", "\n\n", "\u{b}", "\t", "容", "\r\n", "é", "\u{8a}",
        ];
        for len in 0..24 {
            for (p, piece) in pieces.iter().enumerate() {
                for at in 0..=len {
                    let text = format!("{}{piece}{}", "x".repeat(at), "y\n".repeat(len - at));
                    let mixed: String = pieces.iter().cycle().skip(p).take(len).copied().collect();
                    for text in [&text, &mixed] {
                        assert_eq!(line_starts(text), plain(text), "{text:?}");
                        // The other builds' way too.
                        assert_eq!(line_starts_by_words(text), plain(text), "{text:?}");
                    }
                }
            }
        }
        assert_eq!(line_starts(""), vec![0]);
    }

    #[test]
    fn indexed_paths_read_as_formatted() {
        for i in [0, 7, 10, 99, 12345, usize::MAX] {
            assert_eq!(
                indexed(&["spec", ".", "containers"], i),
                format!("spec.containers[{i}]")
            );
        }
        assert_eq!(indexed(&[], 3), "[3]");
    }

    #[test]
    fn decimals_read_like_people_write_them() {
        for (x, text) in [
            (0.0, "0"),
            (12.0, "12"),
            (0.5, "0.5"),
            (1.25, "1.25"),
            (2.0 / 3.0, "0.667"),
            (-1.5, "-1.5"),
            (-0.0001, "0"),
            (1048576.0, "1048576"),
            (f64::INFINITY, "∞"),
        ] {
            assert_eq!(decimal(x), text, "{x}");
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(
            closest("imagePullpolicy", ["image", "imagePullPolicy"]),
            Some("imagePullPolicy")
        );
        assert_eq!(
            closest("log-level", ["LOG_LEVEL", "TIMEOUT"]),
            Some("LOG_LEVEL")
        );
        assert_eq!(closest("timeout", ["LOG_LEVEL"]), None);
        assert_eq!(
            closest("app-confg", ["app-config", "other"]),
            Some("app-config")
        );
    }

    /// The plain definition: case-insensitive match first, else the
    /// smallest full edit distance within a third of the word's length.
    fn closest_by_definition<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
        let lower = word.to_ascii_lowercase();
        let mut best: Option<(usize, &str)> = None;
        for &c in candidates {
            if c == word {
                continue;
            }
            if c.to_ascii_lowercase() == lower {
                return Some(c);
            }
            let d = edit_distance(&lower, &c.to_ascii_lowercase());
            if d <= (word.chars().count() / 3).max(1) && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, c));
            }
        }
        best.map(|(_, c)| c)
    }

    /// The early exits change nothing: every pair of words built from a
    /// few letters (mixed case, a Chinese character), against lists of them.
    #[test]
    fn closest_agrees_with_its_definition() {
        let letters = ["a", "B", "c", "容", "-"];
        let mut words = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = words
                .iter()
                .flat_map(|w| letters.iter().map(move |l| format!("{w}{l}")))
                .collect();
            words.extend(longer);
        }
        words.sort();
        words.dedup();
        let pool: Vec<&str> = words.iter().map(String::as_str).collect();
        for (i, word) in pool.iter().enumerate().step_by(7) {
            let candidates: Vec<&str> = pool
                .iter()
                .copied()
                .skip(i % 5)
                .step_by(13)
                .take(40)
                .collect();
            assert_eq!(
                closest(word, candidates.iter().copied()),
                closest_by_definition(word, &candidates),
                "{word:?} among {candidates:?}"
            );
        }
    }

    #[test]
    fn documents_are_counted_as_the_parser_counts_them() {
        let text = "---\na: 1\n---\nb: 2\n# c\n---\nc: 3\n";
        let at: Vec<usize> = (1..=7).map(|line| super::document_at(text, line)).collect();
        // (A `---` line is counted with the document before it.)
        assert_eq!(at, [0, 0, 0, 1, 1, 1, 2]);
        assert_eq!(super::document_at("a: 1\n---\nb: 2\n", 3), 1);
    }
}
