//! Random ids and secrets from the operating system.

use alloc::string::String;

use crate::error::Result;
#[cfg(not(feature = "getrandom"))]
use crate::error::{Error, ErrorKind};

/// Characters of a random id.
const ALPHANUMERIC: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/// Random characters after `msg_`.
const ID_CHARS: usize = 24;

/// A `msg_` id followed by 24 random alphanumerics.
///
/// # Errors
///
/// `malformed_header` without the `getrandom` feature (part of `std`), where there is no random source: pass an
/// id explicitly.
#[cfg(feature = "getrandom")]
#[allow(
    clippy::unnecessary_wraps,
    reason = "the same signature as the no_std variant, which fails"
)]
pub(crate) fn message_id() -> Result<String> {
    let mut id = String::with_capacity(4 + ID_CHARS);
    id.push_str("msg_");
    let mut count = 0;
    while count < ID_CHARS {
        let mut bytes = [0u8; 32];
        fill(&mut bytes);
        // 248 is the largest multiple of 62 below 256: rejecting the rest keeps every
        // character equally likely.
        for byte in bytes.into_iter().filter(|b| *b < 248) {
            if count == ID_CHARS {
                break;
            }
            let index = usize::from(byte % 62);
            id.push(char::from(ALPHANUMERIC.get(index).copied().unwrap_or(b'0')));
            count = count.saturating_add(1);
        }
    }
    Ok(id)
}

#[cfg(not(feature = "getrandom"))]
pub(crate) fn message_id() -> Result<String> {
    let _ = (ALPHANUMERIC, ID_CHARS);
    Err(Error::new(
        ErrorKind::MalformedHeader,
        "an id is required: this build has no random source",
    ))
}

/// A new secret for the `standard` scheme: `whsec_` and the base64 of 32 random bytes.
///
/// # Panics
///
/// If the operating system's random number generator fails, which on supported platforms
/// does not happen; a secret must never come from a weaker source.
#[cfg(feature = "getrandom")]
#[must_use]
pub fn generate_secret() -> String {
    let mut key = zeroize::Zeroizing::new([0u8; 32]);
    fill(&mut key[..]);
    let mut secret = String::from("whsec_");
    secret.push_str(&crate::encoding::base64_string(&key[..]));
    secret
}

#[cfg(feature = "getrandom")]
fn fill(buf: &mut [u8]) {
    // No weaker source may stand in for the operating system's generator.
    assert!(
        getrandom::fill(buf).is_ok(),
        "the operating system's random number generator failed"
    );
}
