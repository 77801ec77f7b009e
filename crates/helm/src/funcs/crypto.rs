//! Sprig's certificate functions (`genCA`, `genSignedCert`,
//! `genSelfSignedCert`, `genPrivateKey`). Helm makes fresh keys on every
//! render; kubeshape renders to check manifests, so it gives stand-ins of
//! the same form instead: PEM blocks of the right type and about the right
//! size, their bytes deterministic (a render repeats exactly), not usable
//! as keys or certificates. A chart's manifests come out the same shape,
//! which is what the rules read.

use super::strings::base64_encode;
use super::{string, Random};
use crate::value::{Map, Value};

pub fn known(name: &str) -> bool {
    matches!(
        name,
        "genCA"
            | "genCAWithKey"
            | "genSignedCert"
            | "genSignedCertWithKey"
            | "genSelfSignedCert"
            | "genSelfSignedCertWithKey"
            | "genPrivateKey"
    )
}

pub fn call(name: &str, args: &[Value], random: &mut Random) -> Option<Result<Value, String>> {
    if !known(name) {
        return None;
    }
    Some(match name {
        "genPrivateKey" => {
            let kind = string(args, 0).unwrap_or("rsa");
            let (label, size) = match kind {
                "ecdsa" => ("EC PRIVATE KEY", 121),
                "ed25519" => ("PRIVATE KEY", 48),
                "dsa" => ("DSA PRIVATE KEY", 445),
                _ => ("RSA PRIVATE KEY", 1192),
            };
            Ok(Value::string(pem(label, size, random)))
        }
        _ => {
            let cert = pem(
                "CERTIFICATE",
                if name.starts_with("genCA") { 786 } else { 900 },
                random,
            );
            let key = pem("RSA PRIVATE KEY", 1192, random);
            Ok(Value::map(Map::from([
                ("Cert".to_string(), Value::string(cert)),
                ("Key".to_string(), Value::string(key)),
            ])))
        }
    })
}

/// A PEM block of `size` deterministic bytes, 64 characters a line.
fn pem(label: &str, size: usize, random: &mut Random) -> String {
    let bytes: Vec<u8> = (0..size).map(|_| random.next_u64() as u8).collect();
    let body = base64_encode(&bytes);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in body.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or(""));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}
