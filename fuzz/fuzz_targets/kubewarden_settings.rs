//! Any payload to `validate_settings`: always `{"valid": bool}`, with a
//! message whenever it is not valid.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let answer = kubeshape_kubewarden::validate_settings(data);
    let value: serde_json::Value = serde_json::from_slice(&answer).expect("a JSON answer");
    assert!(value["valid"].is_boolean(), "{value}");
    if value["valid"] == false {
        assert!(value["message"].is_string(), "{value}");
    }
});
