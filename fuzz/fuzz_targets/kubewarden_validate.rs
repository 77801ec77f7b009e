//! Any payload to the Kubewarden module's `validate`: the answer is always
//! a well-formed validation response (the wasm build of the same code would
//! trap on a panic, failing the admission with no explanation).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let answer = kubeshape_kubewarden::validate(data);
    let value: serde_json::Value = serde_json::from_slice(&answer).expect("a JSON answer");
    assert!(value["accepted"].is_boolean(), "{value}");
    if value["accepted"] == false {
        assert!(value["message"].is_string(), "a rejection says why: {value}");
    }
});
