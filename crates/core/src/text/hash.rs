//! The hash of the maps keyed by names (kinds, object names, label
//! values): [`Fx`] where inputs may be large, the standard one in the
//! size-budgeted element.

use std::collections::HashMap;
use std::hash::Hasher;

/// The hash of the maps keyed by names: [`Fx`] where inputs may be large;
/// the size-budgeted element keeps the standard hash its other maps use
/// (120 bytes less).
#[cfg(feature = "fast-yaml")]
pub type NameHash = std::hash::BuildHasherDefault<Fx>;
#[cfg(not(feature = "fast-yaml"))]
pub type NameHash = std::collections::hash_map::RandomState;

/// A map hashed with [`Fx`] (the fixes' ends, the JSON writer's kept edit
/// texts).
pub type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fx>>;

/// The hash of the name maps where inputs may be large: FxHash's rotate, xor and multiply over eight
/// bytes at a time (the Rust compiler's own), several times cheaper than
/// the standard SipHash on the short keys of a manifest. SipHash's
/// defence against keys chosen to collide is not needed here: the keys
/// come from the manifests being checked, and a Kubewarden request holds
/// one object.
#[derive(Default, Clone, Copy)]
pub struct Fx(u64);

impl Fx {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0xf135_7aea_2e62_a9c5);
    }
}

impl Hasher for Fx {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut w = [0u8; 8];
            w.copy_from_slice(word);
            self.add(u64::from_le_bytes(w));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    #[inline]
    fn write_u8(&mut self, byte: u8) {
        // (A `str` ends its hash with a 0xff byte.)
        self.add(u64::from(byte));
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // The table takes its bucket from the low bits, which the multiply
        // mixes least: rotate the well-mixed high bits down.
        self.0.rotate_left(26)
    }
}
