//! What the end-to-end tests share: running the binary in `tests/data`.

#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

pub fn data(name: &str) -> PathBuf {
    manifest_dir().join("tests/data").join(name)
}

pub fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kubeshape"))
        .args(args)
        .current_dir(data(""))
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run kubeshape");
    let mut input = child.stdin.take().expect("stdin");
    // The binary may exit before reading stdin (a bad flag): a closed pipe is fine.
    let _ = input.write_all(stdin.unwrap_or_default());
    drop(input);
    child.wait_with_output().expect("wait")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8")
}

/// The package directory: cargo's run-time value first, so a binary built
/// from another checkout that shares the target directory (CI) does not read
/// that checkout's files.
pub fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(
        || env!("CARGO_MANIFEST_DIR").into(),
        std::path::PathBuf::from,
    )
}
