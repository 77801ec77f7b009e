//! JSON-RPC messages over a byte stream, framed as the Language Server
//! Protocol frames them: `Content-Length: N`, a blank line, N bytes of JSON.
//!
//! A message that cannot be read is reported, never fatal: a frame with no
//! length or a body that is not JSON becomes [`Incoming::Malformed`] (the
//! server answers it with a parse error), and reading goes on with the next
//! frame. Only the end of the stream ends reading.

use std::io::{self, BufRead, Write};

use serde_json::Value;

/// What the client sent next.
#[derive(Debug)]
pub enum Incoming {
    Message(Value),
    /// A frame that is not a JSON-RPC message, and why.
    Malformed(String),
    /// The stream ended (or failed).
    End,
}

/// The largest message read (a 5 MB document, and room for its JSON
/// escaping): beyond it, the frame is skipped and reported.
const MAX_MESSAGE: usize = 64 << 20;

/// Reads the next message.
pub fn read(input: &mut impl BufRead) -> Incoming {
    let mut length: Option<usize> = None;
    let mut saw_header = false;
    loop {
        let mut line = String::new();
        match input.read_line(&mut line) {
            Ok(0) | Err(_) => return Incoming::End,
            Ok(_) => {}
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if saw_header {
                break;
            }
            // Blank lines between frames.
            continue;
        }
        saw_header = true;
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok();
            }
        }
    }
    let Some(length) = length else {
        return Incoming::Malformed("a message without a valid Content-Length header".into());
    };
    if length > MAX_MESSAGE {
        // Skip it, a piece at a time.
        let mut left = length;
        let mut chunk = vec![0; 1 << 16];
        while left > 0 {
            let n = left.min(chunk.len());
            if input.read_exact(&mut chunk[..n]).is_err() {
                return Incoming::End;
            }
            left -= n;
        }
        return Incoming::Malformed(format!(
            "a message of {length} bytes, over the limit of {MAX_MESSAGE}"
        ));
    }
    let mut body = vec![0; length];
    if input.read_exact(&mut body).is_err() {
        return Incoming::End;
    }
    match serde_json::from_slice::<Value>(&body) {
        Ok(value) if value.is_object() => Incoming::Message(value),
        Ok(_) => Incoming::Malformed("a message that is not a JSON object".into()),
        Err(e) => Incoming::Malformed(format!("a message that is not JSON: {e}")),
    }
}

/// Writes one message.
pub fn write(output: &mut impl Write, message: &Value) -> io::Result<()> {
    let body = message.to_string();
    write!(output, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    output.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(text: &str) -> Vec<String> {
        let mut input = io::Cursor::new(text.as_bytes().to_vec());
        let mut out = Vec::new();
        loop {
            match read(&mut input) {
                Incoming::Message(v) => out.push(format!("ok {v}")),
                Incoming::Malformed(why) => out.push(format!("bad {why}")),
                Incoming::End => return out,
            }
        }
    }

    #[test]
    fn frames_are_read_and_bad_ones_reported() {
        let got = frames(
            "Content-Length: 7\r\n\r\n{\"a\":1}Content-Length: 3\r\n\r\nxyzContent-Type: x\r\n\r\nContent-Length: 2\r\n\r\n[]content-length:2\r\n\r\n{}",
        );
        assert_eq!(got.len(), 5, "{got:?}");
        assert_eq!(got[0], "ok {\"a\":1}");
        assert!(
            got[1].starts_with("bad a message that is not JSON"),
            "{}",
            got[1]
        );
        assert!(got[2].starts_with("bad a message without"), "{}", got[2]);
        assert!(got[3].starts_with("bad a message that is not a JSON object"));
        assert_eq!(got[4], "ok {}");
    }
}
