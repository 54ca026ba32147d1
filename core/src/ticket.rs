//! What a replay guard needs to know of a verified delivery, in a form that crosses
//! language boundaries as text.

use alloc::string::String;

use sha2::{Digest as _, Sha256};

use crate::encoding::{self, Decimal, push_int};

/// What starts the text of a ticket that carries its scheme and signed id.
const ID_FORM: &str = "i:";

/// The key digest of a delivery with a signed id.
pub(crate) fn digest_of_id(scheme: &str, id: &str) -> [u8; 32] {
    digest(scheme, b"i", id.as_bytes())
}

/// The key digest of a delivery without one: its MAC under the first secret.
pub(crate) fn digest_of_mac(scheme: &str, mac: &[u8]) -> [u8; 32] {
    digest(scheme, b"s", mac)
}

fn digest(scheme: &str, kind: &[u8], subject: &[u8]) -> [u8; 32] {
    let mut hash = Sha256::new();
    hash.update(b"hookseal replay v1\0");
    hash.update((scheme.len() as u64).to_be_bytes());
    hash.update(scheme.as_bytes());
    hash.update(kind);
    hash.update(subject);
    hash.finalize().into()
}

/// `i:<window end>:<scheme length>:<scheme><id>`, the window end empty when there is none;
/// `None` when the scheme or the id holds a NUL, which the bindings' wire format reserves.
pub(crate) fn encode_id_form(scheme: &str, id: &str, window_end: Option<i64>) -> Option<String> {
    if encoding::position(scheme, 0).is_some() || encoding::position(id, 0).is_some() {
        return None;
    }
    let mut text = String::with_capacity(scheme.len().saturating_add(id.len()).saturating_add(32));
    text.push_str(ID_FORM);
    if let Some(end) = window_end {
        push_int(&mut text, end);
    }
    text.push(':');
    Decimal::new(scheme.len() as u64).push_to(&mut text);
    text.push(':');
    text.push_str(scheme);
    text.push_str(id);
    Some(text)
}

/// Reads what [`encode_id_form`] wrote, in its one spelling.
fn decode_id_form(text: &str) -> Option<ReplayTicket> {
    let (end, rest) = encoding::split_once_ascii(text, b':')?;
    let (length, rest) = encoding::split_once_ascii(rest, b':')?;
    let window_end = if end.is_empty() {
        None
    } else {
        Some(encoding::parse_int(end)?)
    };
    let length = usize::try_from(encoding::parse_int(length)?).ok()?;
    let (scheme, id) = (rest.get(..length)?, rest.get(length..)?);
    if scheme.is_empty() || id.is_empty() || encoding::position(rest, 0).is_some() {
        return None;
    }
    Some(ReplayTicket::new(digest_of_id(scheme, id), window_end))
}

/// The key of a verified delivery and how long a replay guard must remember it.
///
/// Bindings carry it from `verify` to a guard as text ([`encode`](ReplayTicket::encode),
/// [`decode`](ReplayTicket::decode)) so that a verified delivery needs no native object.
#[derive(Clone, Copy, Debug, Eq, Hash, PartialEq)]
pub struct ReplayTicket {
    digest: [u8; 32],
    /// The last second at which the delivery still verifies, when its timestamp is signed.
    window_end: Option<i64>,
}

impl ReplayTicket {
    pub(crate) const fn new(digest: [u8; 32], window_end: Option<i64>) -> Self {
        Self { digest, window_end }
    }

    /// The key's bytes, for the in-memory guard.
    pub(crate) const fn digest(&self) -> &[u8; 32] {
        &self.digest
    }

    /// The key replay guards record: 64 lowercase hex digits.
    #[must_use]
    pub fn key(&self) -> String {
        encoding::hex_string(&self.digest)
    }

    /// Until when (exclusive, Unix seconds) a guard must remember the delivery, if claimed
    /// at `now` with `ttl_seconds` for schemes without a signed timestamp.
    ///
    /// With a signed timestamp the entry lives while `now <= timestamp + tolerance`: after
    /// that the window check refuses the delivery anyway.
    #[must_use]
    pub fn expires_at(&self, now: i64, ttl_seconds: u32) -> i64 {
        match self.window_end {
            Some(end) => end.saturating_add(1),
            None => now.saturating_add(i64::from(ttl_seconds)),
        }
    }

    /// How long, in whole seconds from `now`, a guard must remember the delivery; 0 when it
    /// no longer needs remembering.
    #[must_use]
    pub fn ttl_seconds(&self, now: i64, ttl_seconds: u32) -> u64 {
        u64::try_from(self.expires_at(now, ttl_seconds).saturating_sub(now)).unwrap_or(0)
    }

    /// The ticket as text: the key, then `:` and the window's last second if there is one.
    #[must_use]
    pub fn encode(&self) -> String {
        let mut text = self.key();
        if let Some(end) = self.window_end {
            text.push(':');
            push_int(&mut text, end);
        }
        text
    }

    /// Reads what [`encode`](ReplayTicket::encode) or
    /// [`Verified::replay_ticket_text`](crate::Verified::replay_ticket_text) wrote; `None`
    /// for anything else.
    #[must_use]
    pub fn decode(text: &str) -> Option<Self> {
        if let Some(rest) = text.strip_prefix(ID_FORM) {
            return decode_id_form(rest);
        }
        let (key, end) = match encoding::split_once_ascii(text, b':') {
            Some((key, end)) => (key, Some(encoding::parse_int(end)?)),
            None => (text, None),
        };
        let mac = encoding::hex_exact(key.as_bytes(), 32)?;
        let mut digest = [0u8; 32];
        digest.copy_from_slice(mac.as_slice());
        let ticket = Self::new(digest, end);
        // Only the one spelling `encode` writes (lowercase hex, plain decimal).
        (ticket.encode() == text).then_some(ticket)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_and_decodes() {
        for end in [None, Some(0), Some(1_614_265_630), Some(i64::MIN)] {
            let ticket = ReplayTicket::new([0xab; 32], end);
            assert_eq!(ReplayTicket::decode(&ticket.encode()), Some(ticket));
        }
        assert_eq!(ReplayTicket::decode("abc"), None);
        let canonical = ReplayTicket::new([0xab; 32], Some(5)).encode();
        assert_eq!(ReplayTicket::decode(&canonical.to_uppercase()), None);
        assert_eq!(ReplayTicket::decode(&canonical.replace(":5", ":+5")), None);
        assert_eq!(ReplayTicket::decode(&canonical.replace(":5", ":05")), None);
        assert_eq!(
            ReplayTicket::decode(&alloc::format!("{}:x", "ab".repeat(32))),
            None
        );
        assert_eq!(ReplayTicket::new([0; 32], Some(10)).ttl_seconds(5, 99), 6);
        assert_eq!(ReplayTicket::new([0; 32], None).ttl_seconds(5, 99), 99);
        assert_eq!(ReplayTicket::new([0; 32], Some(10)).ttl_seconds(11, 99), 0);
    }
}
