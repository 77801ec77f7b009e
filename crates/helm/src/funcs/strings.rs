//! Sprig's string functions: trimming, case, `replace`, `trunc`, `indent`
//! and `nindent`, quoting, splitting and joining, regular expressions,
//! encodings and digests, and the random strings (deterministic here).

use super::fmt::quote;
use super::{arity, int, list_arg, string, strval, Random};
use crate::value::{Map, Value};

pub fn known(name: &str) -> bool {
    matches!(
        name,
        "trim"
            | "trimAll"
            | "trimPrefix"
            | "trimSuffix"
            | "upper"
            | "lower"
            | "title"
            | "untitle"
            | "replace"
            | "trunc"
            | "contains"
            | "hasPrefix"
            | "hasSuffix"
            | "quote"
            | "squote"
            | "indent"
            | "nindent"
            | "b64enc"
            | "b64dec"
            | "sha256sum"
            | "sha1sum"
            | "regexMatch"
            | "regexFind"
            | "regexFindAll"
            | "regexReplaceAll"
            | "regexReplaceAllLiteral"
            | "regexSplit"
            | "mustRegexReplaceAll"
            | "mustRegexMatch"
            | "splitList"
            | "split"
            | "splitn"
            | "join"
            | "toString"
            | "repeat"
            | "substr"
            | "nospace"
            | "cat"
            | "abbrev"
            | "initials"
            | "snakecase"
            | "camelcase"
            | "kebabcase"
            | "trimall"
            | "randAlphaNum"
            | "randAlpha"
            | "randNumeric"
            | "randAscii"
            | "uuidv4"
            | "plural"
            | "wrap"
            | "shuffle"
            | "sha256"
            | "toStrings"
            | "adler32sum"
            | "swapcase"
    )
}

pub fn call(name: &str, args: &[Value], random: &mut Random) -> Option<Result<Value, String>> {
    let s = |i| string(args, i);
    let r: Result<Value, String> = (|| {
        Ok(match name {
            "trim" => {
                arity(name, args, 1)?;
                Value::str(s(0)?.trim_matches(is_space))
            }
            "trimAll" | "trimall" => {
                arity(name, args, 2)?;
                let cut: Vec<char> = s(0)?.chars().collect();
                Value::str(s(1)?.trim_matches(|c| cut.contains(&c)))
            }
            "trimPrefix" => {
                arity(name, args, 2)?;
                let (p, t) = (s(0)?, s(1)?);
                Value::str(t.strip_prefix(p).unwrap_or(t))
            }
            "trimSuffix" => {
                arity(name, args, 2)?;
                let (p, t) = (s(0)?, s(1)?);
                Value::str(t.strip_suffix(p).unwrap_or(t))
            }
            "upper" => Value::string(s(0)?.to_uppercase()),
            "lower" => Value::string(s(0)?.to_lowercase()),
            "title" => Value::string(title(s(0)?)),
            "untitle" => Value::string(untitle(s(0)?)),
            "swapcase" => Value::string(s(0)?.chars().map(|c| if c.is_uppercase() { c.to_lowercase().next().unwrap_or(c) } else { c.to_uppercase().next().unwrap_or(c) }).collect()),
            "replace" => {
                arity(name, args, 3)?;
                Value::string(s(2)?.replace(s(0)?, s(1)?))
            }
            "trunc" => {
                arity(name, args, 2)?;
                let (n, t) = (int(args, 0)?, s(1)?);
                let len = t.len() as i64;
                Value::str(if n < 0 {
                    let start = (len + n).max(0) as usize;
                    t.get(start..).unwrap_or(t)
                } else if n < len {
                    t.get(..n as usize).unwrap_or(t)
                } else {
                    t
                })
            }
            "substr" => {
                arity(name, args, 3)?;
                let (a, b, t) = (int(args, 0)?, int(args, 1)?, s(2)?);
                let len = t.len() as i64;
                let start = a.clamp(0, len) as usize;
                let end = if b < 0 || b > len { len as usize } else { b as usize };
                Value::str(t.get(start..end.max(start)).unwrap_or(""))
            }
            "contains" => {
                arity(name, args, 2)?;
                Value::Bool(s(1)?.contains(s(0)?))
            }
            "hasPrefix" => {
                arity(name, args, 2)?;
                Value::Bool(s(1)?.starts_with(s(0)?))
            }
            "hasSuffix" => {
                arity(name, args, 2)?;
                Value::Bool(s(1)?.ends_with(s(0)?))
            }
            "quote" => Value::string(args.iter().filter(|a| !matches!(a, Value::Nil)).map(|a| quote(&strval(a))).collect::<Vec<_>>().join(" ")),
            "squote" => Value::string(args.iter().filter(|a| !matches!(a, Value::Nil)).map(|a| format!("'{}'", strval(a))).collect::<Vec<_>>().join(" ")),
            "cat" => Value::string(args.iter().filter(|a| !matches!(a, Value::Nil)).map(strval).collect::<Vec<_>>().join(" ")),
            "indent" => {
                arity(name, args, 2)?;
                Value::string(indent(int(args, 0)?, s(1)?))
            }
            "nindent" => {
                arity(name, args, 2)?;
                Value::string(format!("\n{}", indent(int(args, 0)?, s(1)?)))
            }
            "repeat" => {
                arity(name, args, 2)?;
                let n = int(args, 0)?;
                let t = s(1)?;
                if n < 0 || (n as usize).saturating_mul(t.len()) > 1 << 24 {
                    return Err("error calling repeat: strings: negative Repeat count or result too large".into());
                }
                Value::string(t.repeat(n as usize))
            }
            "nospace" => Value::string(s(0)?.chars().filter(|c| !c.is_whitespace()).collect()),
            "abbrev" => {
                let (n, t) = (int(args, 0)?, s(1)?);
                Value::string(if n < 4 || t.len() as i64 <= n { t.to_string() } else { format!("{}...", &t[..(n as usize - 3).min(t.len())]) })
            }
            "initials" => Value::string(s(0)?.split_whitespace().filter_map(|w| w.chars().next()).collect()),
            "snakecase" => Value::string(snake(s(0)?, '_')),
            "kebabcase" => Value::string(snake(s(0)?, '-')),
            "camelcase" => Value::string(s(0)?.split(['_', '-', ' ']).map(title).collect()),
            "plural" => {
                let n = int(args, 2)?;
                Value::str(if n == 1 { s(0)? } else { s(1)? })
            }
            "wrap" => Value::str(s(1)?),
            "b64enc" => Value::string(base64_encode(s(0)?.as_bytes())),
            "b64dec" => Value::string(match base64_decode(s(0)?) {
                Some(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                None => "illegal base64 data at input byte 0".into(),
            }),
            "sha256sum" | "sha256" => {
                use sha2::Digest;
                let digest = sha2::Sha256::digest(s(0)?.as_bytes());
                Value::string(digest.iter().map(|b| format!("{b:02x}")).collect())
            }
            "sha1sum" => Value::string(sha1_hex(s(0)?.as_bytes())),
            "adler32sum" => Value::string(adler32(s(0)?.as_bytes()).to_string()),
            "regexMatch" | "mustRegexMatch" => Value::Bool(regex(s(0)?)?.is_match(s(1)?)),
            "regexFind" => Value::str(regex(s(0)?)?.find(s(1)?).map_or("", |m| m.as_str())),
            "regexFindAll" => {
                let re = regex(s(0)?)?;
                let n = int(args, 2)?;
                let all = re.find_iter(s(1)?).map(|m| Value::str(m.as_str()));
                Value::list(if n < 0 { all.collect() } else { all.take(n as usize).collect() })
            }
            "regexReplaceAll" | "mustRegexReplaceAll" => {
                let re = regex(s(0)?)?;
                Value::string(re.replace_all(s(1)?, s(2)?).into_owned())
            }
            "regexReplaceAllLiteral" => {
                let re = regex(s(0)?)?;
                Value::string(re.replace_all(s(1)?, regex_lite::NoExpand(s(2)?)).into_owned())
            }
            "regexSplit" => {
                let re = regex(s(0)?)?;
                let n = int(args, 2)?;
                let parts = re.split(s(1)?).map(Value::str);
                Value::list(if n < 0 { parts.collect() } else { parts.take(n as usize).collect() })
            }
            "splitList" => {
                arity(name, args, 2)?;
                Value::list(s(1)?.split(s(0)?).map(Value::str).collect())
            }
            "split" => {
                arity(name, args, 2)?;
                let map: Map = s(1)?.split(s(0)?).enumerate().map(|(i, p)| (format!("_{i}"), Value::str(p))).collect();
                Value::map(map)
            }
            "splitn" => {
                let n = int(args, 1)?;
                let map: Map = s(2)?.splitn(n.max(0) as usize, s(0)?).enumerate().map(|(i, p)| (format!("_{i}"), Value::str(p))).collect();
                Value::map(map)
            }
            "join" => {
                arity(name, args, 2)?;
                let sep = s(0)?;
                Value::string(to_strings(&args[1]).join(sep))
            }
            "toStrings" => Value::list(to_strings(&args[0]).into_iter().map(Value::string).collect()),
            "toString" => {
                arity(name, args, 1)?;
                Value::string(strval(&args[0]))
            }
            "randAlphaNum" => Value::string(random_string(random, int(args, 0)?, b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")),
            "randAlpha" => Value::string(random_string(random, int(args, 0)?, b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")),
            "randNumeric" => Value::string(random_string(random, int(args, 0)?, b"0123456789")),
            "randAscii" => Value::string(random_string(random, int(args, 0)?, b"!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~")),
            "uuidv4" => {
                let (a, b) = (random.next_u64(), random.next_u64());
                let hex = format!("{a:016x}{b:016x}");
                Value::string(format!("{}-{}-4{}-{}{}-{}", &hex[..8], &hex[8..12], &hex[13..16], ["8", "9", "a", "b"][(b & 3) as usize], &hex[17..20], &hex[20..32]))
            }
            "shuffle" => {
                let mut chars: Vec<char> = s(0)?.chars().collect();
                for i in (1..chars.len()).rev() {
                    let j = (random.next_u64() % (i as u64 + 1)) as usize;
                    chars.swap(i, j);
                }
                Value::string(chars.into_iter().collect())
            }
            _ => unreachable_name()?,
        })
    })();
    if !known(name) {
        return None;
    }
    Some(r.map_err(|e| {
        if e.starts_with("error calling") || e.starts_with("wrong") || e.starts_with("invalid") {
            e
        } else {
            format!("error calling {name}: {e}")
        }
    }))
}

fn unreachable_name() -> Result<Value, String> {
    Err("not a string function".into())
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Sprig's `indent`: every line, the first included, gets `n` spaces.
fn indent(n: i64, s: &str) -> String {
    let pad = " ".repeat(n.clamp(0, 1 << 16) as usize);
    let mut out = String::with_capacity(s.len() + pad.len() * 4);
    out.push_str(&pad);
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(&pad);
        }
        out.push_str(line);
    }
    out
}

fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_letter = false;
    for c in s.chars() {
        if !prev_letter {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        prev_letter = c.is_alphanumeric() || c == '_' || c == '\'';
    }
    out
}

fn untitle(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_space = true;
    for c in s.chars() {
        if prev_space {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
        prev_space = c.is_whitespace();
    }
    out
}

fn snake(s: &str, sep: char) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 && !out.ends_with(sep) {
                out.push(sep);
            }
            out.extend(c.to_lowercase());
        } else if c == '_' || c == '-' || c == ' ' {
            out.push(sep);
        } else {
            out.push(c);
        }
    }
    out
}

/// Sprig's `strslice`: a list's items as strings (nil items dropped), or
/// the value itself as one string.
fn to_strings(v: &Value) -> Vec<String> {
    match list_arg("join", v) {
        Ok(items) => items
            .iter()
            .filter(|i| !matches!(i, Value::Nil))
            .map(strval)
            .collect(),
        Err(_) => match v {
            Value::Nil => Vec::new(),
            other => vec![strval(other)],
        },
    }
}

fn regex(pattern: &str) -> Result<regex_lite::Regex, String> {
    regex_lite::Regex::new(pattern).map_err(|e| format!("error parsing regexp: {e}"))
}

fn random_string(random: &mut Random, n: i64, alphabet: &[u8]) -> String {
    (0..n.clamp(0, 1 << 16))
        .map(|_| alphabet[(random.next_u64() % alphabet.len() as u64) as usize] as char)
        .collect()
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let mut buf = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        if c == b'=' {
            break;
        }
        let v = B64.iter().position(|&x| x == c)? as u32;
        buf = (buf << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
            buf &= (1 << bits) - 1;
        }
    }
    Some(out)
}

fn adler32(bytes: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &x in bytes {
        a = (a + u32::from(x)) % 65521;
        b = (b + a) % 65521;
    }
    (b << 16) | a
}

/// SHA-1, for `sha1sum` (small enough to keep a dependency out).
fn sha1_hex(data: &[u8]) -> String {
    let mut h: [u32; 5] = [
        0x6745_2301,
        0xEFCD_AB89,
        0x98BA_DCFE,
        0x1032_5476,
        0xC3D2_E1F0,
    ];
    let mut msg = data.to_vec();
    let bit_len = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bit_len.to_be_bytes());
    for block in msg.chunks(64) {
        let mut w = [0u32; 80];
        for i in 0..16 {
            w[i] = u32::from_be_bytes([
                block[4 * i],
                block[4 * i + 1],
                block[4 * i + 2],
                block[4 * i + 3],
            ]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, wi) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A82_7999),
                20..=39 => (b ^ c ^ d, 0x6ED9_EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC),
                _ => (b ^ c ^ d, 0xCA62_C1D6),
            };
            let t = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(*wi);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = t;
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    h.iter().map(|x| format!("{x:08x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_and_digests_match_go() {
        assert_eq!(base64_encode(b"hello"), "aGVsbG8=");
        assert_eq!(base64_decode("aGVsbG8=").as_deref(), Some(&b"hello"[..]));
        assert_eq!(sha1_hex(b"abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert_eq!(indent(2, "a\nb"), "  a\n  b");
        assert_eq!(title("hello world"), "Hello World");
    }
}
