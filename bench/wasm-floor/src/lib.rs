//! A bare wasm HMAC-SHA256 verify: the floor hookseal's wasm build is measured against.
//!
//! The key schedule runs once in the constructor; each call clones the keyed state, hashes
//! the signed prefix and the body, and compares the tag in constant time.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use wasm_bindgen::prelude::wasm_bindgen;

/// An HMAC-SHA256 key, prepared once.
#[wasm_bindgen]
pub struct FloorHmac {
    keyed: Hmac<Sha256>,
}

#[wasm_bindgen]
impl FloorHmac {
    /// Runs the key schedule of `key` once.
    #[wasm_bindgen(constructor)]
    #[must_use]
    pub fn new(key: &[u8]) -> FloorHmac {
        // HMAC accepts keys of any length, so this cannot fail.
        let keyed = Hmac::<Sha256>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
        FloorHmac { keyed }
    }

    /// Whether `tag` is the HMAC of `prefix` followed by `body` (constant-time compare).
    #[must_use]
    pub fn verify(&self, prefix: &[u8], body: &[u8], tag: &[u8]) -> bool {
        let mut mac = self.keyed.clone();
        mac.update(prefix);
        mac.update(body);
        mac.verify_slice(tag).is_ok()
    }
}
