//! Positions: the core counts lines and columns in Unicode characters; the
//! textarea counts UTF-16 code units. These convert between the two.

use kubeshape_core::parse::Span;

/// What a textarea would hold: LF line ends, no byte-order mark.
pub fn normalize(text: &str) -> String {
    text.strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n")
        .replace('\r', "\n")
}

/// UTF-16 offset of a 1-based line and column (clamped to the text).
pub fn utf16_offset(text: &str, line: u32, column: u32) -> u32 {
    let mut offset = 0usize;
    for (i, l) in text.split('\n').enumerate() {
        if i + 1 == line as usize {
            let col: usize = l
                .chars()
                .take(column.saturating_sub(1) as usize)
                .map(char::len_utf16)
                .sum();
            return (offset + col) as u32;
        }
        offset += l.encode_utf16().count() + 1;
    }
    text.encode_utf16().count() as u32
}

/// The UTF-16 range a span covers; an empty span selects its whole line.
pub fn utf16_range(text: &str, span: Span) -> (u32, u32) {
    let start = utf16_offset(text, span.start.line, span.start.column);
    let mut end = utf16_offset(text, span.end.line, span.end.column);
    if end <= start {
        end = utf16_offset(text, span.start.line, u32::MAX);
    }
    (start, end.max(start))
}

/// 1-based line and column (in characters) of a UTF-16 offset.
pub fn position_of_utf16(text: &str, offset: u32) -> (u32, u32) {
    let (mut line, mut column, mut seen) = (1u32, 1u32, 0u32);
    for c in text.chars() {
        if seen >= offset {
            break;
        }
        seen += c.len_utf16() as u32;
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (line, column)
}

/// Where text `to` starts to differ from `from`, as a UTF-16 offset (where
/// the caret goes after Undo and Redo).
pub fn first_difference(from: &str, to: &str) -> u32 {
    from.chars()
        .zip(to.chars())
        .take_while(|(a, b)| a == b)
        .map(|(c, _)| c.len_utf16() as u32)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caret_after_undo_is_where_the_change_was() {
        // Undoing typed text: the caret where it was typed.
        assert_eq!(first_difference("ab中xyz", "abyz"), 2);
        // Undoing a deletion: the caret before what comes back.
        assert_eq!(first_difference("a中yz", "a中Bxyz"), 2);
        assert_eq!(first_difference("same", "same"), 4);
        assert_eq!(first_difference("", "new"), 0);
    }
    use kubeshape_core::parse::Pos;

    fn pos(line: u32, column: u32) -> Pos {
        Pos { line, column }
    }

    #[test]
    fn offsets_count_utf16_units_after_chinese_and_emoji() {
        let text = "a: 中文\nb: 😀x\n";
        assert_eq!(utf16_offset(text, 1, 4), 3);
        assert_eq!(utf16_offset(text, 2, 1), 6);
        // 😀 is two UTF-16 units: x starts at 6 + 3 + 2.
        assert_eq!(utf16_offset(text, 2, 5), 11);
        assert_eq!(position_of_utf16(text, 11), (2, 5));
        assert_eq!(position_of_utf16(text, 0), (1, 1));
    }

    #[test]
    fn empty_spans_select_the_line() {
        let text = "key: value\nnext: 1";
        let span = Span {
            start: pos(1, 6),
            end: pos(1, 6),
        };
        assert_eq!(utf16_range(text, span), (5, 10));
        let past = Span {
            start: pos(9, 1),
            end: pos(9, 1),
        };
        assert_eq!(utf16_range(text, past), (18, 18));
    }

    #[test]
    fn normalize_matches_a_textarea() {
        assert_eq!(normalize("\u{feff}a\r\nb\rc"), "a\nb\nc");
    }
}
