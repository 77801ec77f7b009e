//! `kubeshape lsp`: the Language Server Protocol over stdio. Editors get
//! each finding as a diagnostic where it is (UTF-16 columns, as the
//! protocol counts them), the rule's fix and "ignore this rule here" as
//! quick fixes, "apply all safe fixes" as a source action, and the rule's
//! what, why and fix on hover, in English or Chinese.
//!
//! Layers, each using only those before it: [`transport`] (frames),
//! [`text`] (documents and positions), [`config`] (settings),
//! [`workspace`] (what a document is checked with), [`convert`] (findings
//! in the protocol's words), [`server`] (state and messages), and
//! [`serve`], the loop.
//!
//! Why no LSP framework: see `docs/editors.md`. In short, a malformed
//! message must get an error and the session go on, and the server needs
//! no async runtime (each check takes milliseconds and runs on the loop's
//! thread, between messages).

pub mod chart;
pub mod config;
pub mod convert;
pub mod server;
pub mod text;
pub mod transport;
pub mod workspace;

use std::io::{BufRead, Write};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Instant;

use serde_json::Value;

use server::{Next, Server, PARSE_ERROR};
use transport::Incoming;

/// Serves one session: reads messages from `input` (on a thread of its
/// own, so that a document is checked when it is due even while nothing
/// arrives) until `exit` or the input's end, and writes to `output`.
/// Returns the exit code: 0 after `shutdown` then `exit`, 1 otherwise.
pub fn serve(input: impl BufRead + Send + 'static, output: impl Write) -> u8 {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut input = input;
        loop {
            let message = transport::read(&mut input);
            let end = matches!(message, Incoming::End);
            if tx.send(message).is_err() || end {
                return;
            }
        }
    });
    let mut server = Server::new(output);
    loop {
        let next = match server.next_due() {
            Some(due) => match rx.recv_timeout(due.saturating_duration_since(Instant::now())) {
                Ok(message) => Some(message),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => Some(Incoming::End),
            },
            None => Some(rx.recv().unwrap_or(Incoming::End)),
        };
        match next {
            Some(Incoming::Message(message)) => {
                if let Next::Exit(code) = server.handle(message) {
                    return code;
                }
            }
            Some(Incoming::Malformed(why)) => server.error(Value::Null, PARSE_ERROR, &why),
            Some(Incoming::End) => return u8::from(!server.shut_down()),
            None => {}
        }
        server.check_due();
    }
}
