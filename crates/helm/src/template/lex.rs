//! Go's `text/template` lexer for what lies between `{{` and `}}`.

use std::rc::Rc;

use super::ast::Pos;

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// `.` alone.
    Dot,
    /// `.name`
    Field(Rc<str>),
    /// `$` or `$name` (with the `$`).
    Var(Rc<str>),
    /// A function name or keyword.
    Ident(Rc<str>),
    Str(Rc<str>),
    /// A number's text, as written.
    Number(Rc<str>),
    /// A character constant: its code point.
    Char(i64),
    LParen,
    RParen,
    Pipe,
    Comma,
    Declare,
    Assign,
    /// `}}` (with `-}}` trimming the text after it).
    Close {
        trim: bool,
    },
}

#[derive(Debug, Clone)]
pub struct Token {
    pub tok: Tok,
    pub pos: Pos,
    /// Whitespace came right before it (`$x .a` is two arguments, `$x.a`
    /// one).
    pub spaced: bool,
}

/// A lexing error: where, and Go's wording.
#[derive(Debug)]
pub struct LexError {
    pub pos: Pos,
    pub message: String,
}

/// Lexes one action from `start` (just after `{{` and its trim marker) to
/// its `}}`. Returns the tokens (the last is `Close`) and the offset after
/// the closing delimiter.
pub fn lex_action(src: &str, start: usize) -> Result<(Vec<Token>, usize), LexError> {
    let bytes = src.as_bytes();
    let mut i = start;
    let mut out = Vec::new();
    let mut spaced = true;
    let mut depth = 0usize;
    loop {
        let Some(&b) = bytes.get(i) else {
            return Err(LexError {
                pos: start as Pos,
                message: "unclosed action".into(),
            });
        };
        let pos = i as Pos;
        match b {
            b' ' | b'\t' | b'\r' | b'\n' => {
                // ` -}}` closes with trimming.
                let ws_end = i + bytes[i..]
                    .iter()
                    .take_while(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'))
                    .count();
                if bytes[ws_end..].starts_with(b"-}}") {
                    if depth > 0 {
                        return Err(unclosed_paren(pos));
                    }
                    out.push(Token {
                        tok: Tok::Close { trim: true },
                        pos: ws_end as Pos,
                        spaced: true,
                    });
                    return Ok((out, ws_end + 3));
                }
                i = ws_end;
                spaced = true;
                continue;
            }
            b'}' if bytes[i..].starts_with(b"}}") => {
                if depth > 0 {
                    return Err(unclosed_paren(pos));
                }
                out.push(Token {
                    tok: Tok::Close { trim: false },
                    pos,
                    spaced,
                });
                return Ok((out, i + 2));
            }
            b'(' => {
                depth += 1;
                i += 1;
                out.push(Token {
                    tok: Tok::LParen,
                    pos,
                    spaced,
                });
            }
            b')' => {
                if depth == 0 {
                    return Err(LexError {
                        pos,
                        message: "unexpected right paren".into(),
                    });
                }
                depth -= 1;
                i += 1;
                out.push(Token {
                    tok: Tok::RParen,
                    pos,
                    spaced,
                });
            }
            b'|' => {
                i += 1;
                out.push(Token {
                    tok: Tok::Pipe,
                    pos,
                    spaced,
                });
            }
            b',' => {
                i += 1;
                out.push(Token {
                    tok: Tok::Comma,
                    pos,
                    spaced,
                });
            }
            b':' if bytes.get(i + 1) == Some(&b'=') => {
                i += 2;
                out.push(Token {
                    tok: Tok::Declare,
                    pos,
                    spaced,
                });
            }
            b'=' => {
                i += 1;
                out.push(Token {
                    tok: Tok::Assign,
                    pos,
                    spaced,
                });
            }
            b'"' => {
                let (s, end) = quoted(src, i)?;
                i = end;
                out.push(Token {
                    tok: Tok::Str(s.into()),
                    pos,
                    spaced,
                });
            }
            b'`' => {
                let Some(len) = src[i + 1..].find('`') else {
                    return Err(LexError {
                        pos,
                        message: "unterminated raw quoted string".into(),
                    });
                };
                out.push(Token {
                    tok: Tok::Str(src[i + 1..i + 1 + len].into()),
                    pos,
                    spaced,
                });
                i += len + 2;
            }
            b'\'' => {
                let (c, end) = char_constant(src, i)?;
                i = end;
                out.push(Token {
                    tok: Tok::Char(c),
                    pos,
                    spaced,
                });
            }
            b'.' if !bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                let len = ident_len(&src[i + 1..]);
                let tok = if len == 0 {
                    Tok::Dot
                } else {
                    Tok::Field(src[i + 1..i + 1 + len].into())
                };
                i += 1 + len;
                out.push(Token { tok, pos, spaced });
            }
            b'$' => {
                let len = ident_len(&src[i + 1..]);
                out.push(Token {
                    tok: Tok::Var(src[i..i + 1 + len].into()),
                    pos,
                    spaced,
                });
                i += 1 + len;
            }
            b'0'..=b'9' | b'+' | b'-' | b'.' => {
                let len = number_len(&src[i..]);
                if len == 0 {
                    return Err(bad_char(src, i));
                }
                out.push(Token {
                    tok: Tok::Number(src[i..i + len].into()),
                    pos,
                    spaced,
                });
                i += len;
            }
            _ => {
                let len = ident_len(&src[i..]);
                if len == 0 {
                    return Err(bad_char(src, i));
                }
                out.push(Token {
                    tok: Tok::Ident(src[i..i + len].into()),
                    pos,
                    spaced,
                });
                i += len;
            }
        }
        spaced = false;
    }
}

fn unclosed_paren(pos: Pos) -> LexError {
    LexError {
        pos,
        message: "unclosed left paren".into(),
    }
}

fn bad_char(src: &str, i: usize) -> LexError {
    let c = src[i..].chars().next().unwrap_or(' ');
    LexError {
        pos: i as Pos,
        message: format!("unexpected {c:?} in command"),
    }
}

/// The length of an identifier (letters, digits, `_`) at the start of `s`.
fn ident_len(s: &str) -> usize {
    // ASCII first: most names are.
    let ascii = s
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    if s.as_bytes().get(ascii).is_none_or(|b| b.is_ascii()) {
        return ascii;
    }
    s.char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
        .map_or(s.len(), |(i, _)| i)
}

/// The length of a Go number at the start of `s` (sign, base prefix,
/// digits, `_`, fraction, exponent).
fn number_len(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let digits_start = i;
    let mut hex = false;
    if b.get(i) == Some(&b'0')
        && matches!(b.get(i + 1), Some(b'x' | b'X' | b'o' | b'O' | b'b' | b'B'))
    {
        hex = matches!(b[i + 1], b'x' | b'X');
        i += 2;
    }
    while i < b.len() {
        let c = b[i];
        let ok = c.is_ascii_digit()
            || c == b'_'
            || c == b'.'
            || (hex && c.is_ascii_hexdigit())
            || (!hex && matches!(c, b'e' | b'E'))
            || (hex && matches!(c, b'p' | b'P'))
            || (matches!(c, b'+' | b'-') && matches!(b[i - 1], b'e' | b'E' | b'p' | b'P'));
        if !ok {
            break;
        }
        i += 1;
    }
    if i == digits_start || (i == digits_start + 1 && b[digits_start] == b'.') {
        return 0;
    }
    // A number runs into a letter: `3k` is not a number.
    if b.get(i).is_some_and(|c| c.is_ascii_alphabetic()) {
        return 0;
    }
    i
}

/// A double-quoted string with Go's escapes, from the quote at `start`.
fn quoted(src: &str, start: usize) -> Result<(String, usize), LexError> {
    let mut out = String::new();
    let mut chars = src[start + 1..].char_indices();
    let unterminated = || LexError {
        pos: start as Pos,
        message: "unterminated quoted string".into(),
    };
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((out, start + 1 + i + 1)),
            '\n' => return Err(unterminated()),
            '\\' => {
                let (_, e) = chars.next().ok_or_else(unterminated)?;
                match e {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    '\\' => out.push('\\'),
                    '"' => out.push('"'),
                    '\'' => out.push('\''),
                    'a' => out.push('\u{7}'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'v' => out.push('\u{b}'),
                    'x' | 'u' | 'U' => {
                        let n = match e {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let hex: String = (0..n)
                            .filter_map(|_| chars.next().map(|(_, c)| c))
                            .collect();
                        let code = u32::from_str_radix(&hex, 16).map_err(|_| LexError {
                            pos: start as Pos,
                            message: "invalid syntax".into(),
                        })?;
                        out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                    }
                    '0'..='7' => {
                        let mut code = e.to_digit(8).unwrap_or(0);
                        for _ in 0..2 {
                            if let Some((_, d)) = chars.next() {
                                code = code * 8 + d.to_digit(8).unwrap_or(0);
                            }
                        }
                        out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                    }
                    _ => {
                        return Err(LexError {
                            pos: start as Pos,
                            message: "invalid syntax".into(),
                        })
                    }
                }
            }
            c => out.push(c),
        }
    }
    Err(unterminated())
}

/// A character constant `'x'` (or `'\n'`), as its code point.
fn char_constant(src: &str, start: usize) -> Result<(i64, usize), LexError> {
    let rest = &src[start + 1..];
    let end = rest.find('\'').filter(|&e| e > 0).ok_or(LexError {
        pos: start as Pos,
        message: "unterminated character constant".into(),
    })?;
    let body = &rest[..end];
    let c = if let Some(esc) = body.strip_prefix('\\') {
        match esc {
            "n" => '\n',
            "t" => '\t',
            "r" => '\r',
            "\\" => '\\',
            "'" => '\'',
            "0" => '\0',
            _ => esc.chars().next().unwrap_or('\\'),
        }
    } else {
        body.chars().next().unwrap_or(' ')
    };
    Ok((c as i64, start + 1 + end + 1))
}
