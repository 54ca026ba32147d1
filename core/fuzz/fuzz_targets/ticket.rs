//! `ReplayTicket::decode`, the text that carries a verified delivery from a binding to a
//! replay guard.
//!
//! Input: `text 0xFF now 0xFF ttl`. Asserts: no panic; a ticket in the digest form decodes
//! only from the one text it encodes to, and one in the deferred form (`i:`, scheme and id,
//! as `Verified::replay_ticket_text` writes it) means the same ticket as its digest form;
//! its key is 64 lowercase hex digits; its expiry and time to live are consistent for any
//! `now` and `ttl`.

#![no_main]

use hookseal::ReplayTicket;
use hookseal_fuzz::{fields, int, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [ticket, now, ttl] = fields(data);
    let ticket = text(ticket);
    let Some(decoded) = ReplayTicket::decode(&ticket) else {
        return;
    };
    if !ticket.starts_with("i:") {
        assert_eq!(
            decoded.encode(),
            ticket,
            "decode accepted a non-canonical text"
        );
    }
    assert_eq!(ReplayTicket::decode(&decoded.encode()), Some(decoded));
    let key = decoded.key();
    assert_eq!(key.len(), 64);
    assert!(key.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')));
    let now = int(now).unwrap_or_default();
    let ttl = u32::try_from(int(ttl).unwrap_or_default() & 0xFFFF_FFFF).unwrap_or_default();
    let expires = decoded.expires_at(now, ttl);
    let live = decoded.ttl_seconds(now, ttl);
    if expires > now {
        // The difference saturates at i64::MAX seconds.
        let expected = (i128::from(expires) - i128::from(now)).min(i128::from(i64::MAX));
        assert_eq!(i128::from(live), expected, "time to live");
    } else {
        assert_eq!(live, 0, "an expired ticket has no time to live");
    }
});
