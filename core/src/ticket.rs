//! What a replay guard needs to know of a verified delivery, in a form that crosses
//! language boundaries as text.

use alloc::string::String;
use core::fmt::Write as _;

use crate::encoding;

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
            let _ = write!(text, ":{end}");
        }
        text
    }

    /// Reads what [`encode`](ReplayTicket::encode) wrote; `None` for anything else.
    #[must_use]
    pub fn decode(text: &str) -> Option<Self> {
        let (key, end) = match text.split_once(':') {
            Some((key, end)) => (key, Some(end.parse::<i64>().ok()?)),
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
