//! Sign, then verify: whatever `sign_at` accepts, `verify_at` accepts at the same time,
//! and refuses once a byte of the body changes.
//!
//! Input: `scheme 0xFF secrets 0xFF tolerance 0xFF id 0xFF timestamp 0xFF flip 0xFF body`
//! (see `src/lib.rs`; an empty id field means no id, an empty timestamp 1700000000). Asserts,
//! whenever the webhook builds and `sign_at` succeeds:
//! - the output verifies at `now = timestamp`, with header names in any case, reporting
//!   the first secret, the scheme, the id and the timestamp;
//! - where the scheme carries a timestamp, it still verifies at `timestamp + tolerance`
//!   and is `timestamp_too_old` one second later and `timestamp_too_new` one second before
//!   `timestamp - tolerance`;
//! - the body with one byte flipped (or one byte appended to an empty body) is
//!   `signature_mismatch`.
//!
//! `sign_at` itself may only refuse with `malformed_header`.

#![no_main]

use hookseal::ErrorKind;
use hookseal_fuzz::{check_error, fields, int, scheme, secrets, text, webhook};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [
        scheme_field,
        secret_field,
        tolerance,
        id,
        timestamp,
        flip,
        body,
    ] = fields(data);
    let Some(scheme) = scheme(scheme_field) else {
        return;
    };
    let name = scheme.name().to_owned();
    let carries_timestamp = scheme.carries_timestamp();
    let id_header = scheme.id_header().is_some();
    let signs_id = scheme.signs_id();
    let secrets = secrets(secret_field);
    let Some(wh) = webhook(scheme, &secrets, tolerance) else {
        return;
    };
    let id = (!id.is_empty()).then(|| text(id));
    let ts = int(timestamp).unwrap_or(1_700_000_000);
    let signed = match wh.sign_at(body, id.as_deref(), ts) {
        Ok(signed) => signed,
        Err(err) => {
            check_error(&err, &[ErrorKind::MalformedHeader]);
            return;
        }
    };

    let verified = match wh.verify_at(body, &signed, ts) {
        Ok(verified) => verified,
        Err(err) => panic!("signed output refused at the same now: {err}"),
    };
    assert_eq!(verified.scheme(), name);
    assert_eq!(verified.secret_index(), 0);
    assert_eq!(verified.timestamp(), carries_timestamp.then_some(ts));
    match (&id, id_header) {
        (Some(id), true) => assert_eq!(verified.id(), Some(id.as_str())),
        (None, true) if signs_id => assert!(verified.id().is_some_and(|id| id.starts_with("msg_"))),
        _ => assert_eq!(verified.id(), None),
    }

    let shouted: Vec<(String, String)> = signed
        .iter()
        .map(|(k, v)| (k.to_ascii_uppercase(), v.clone()))
        .collect();
    if let Err(err) = wh.verify_at(body, &shouted, ts) {
        panic!("header names in upper case refused: {err}");
    }

    if carries_timestamp {
        let tolerance = i64::from(wh.tolerance_seconds());
        if let Err(err) = wh.verify_at(body, &signed, ts + tolerance) {
            panic!("refused at the edge of the window: {err}");
        }
        let late = wh.verify_at(body, &signed, ts + tolerance + 1).err();
        assert_eq!(late.map(|e| e.kind()), Some(ErrorKind::TimestampTooOld));
        let early = wh.verify_at(body, &signed, ts - tolerance - 1).err();
        assert_eq!(early.map(|e| e.kind()), Some(ErrorKind::TimestampTooNew));
    }

    let mut changed = body.to_vec();
    let flip = u64::from_le_bytes(int(flip).unwrap_or_default().to_le_bytes());
    if changed.is_empty() {
        changed.push(u8::try_from(flip & 0xFF).unwrap_or_default());
    } else {
        let len = u64::try_from(changed.len()).unwrap_or(u64::MAX);
        let at = usize::try_from(flip % len).unwrap_or_default();
        let mask = 1u8 << ((flip >> 32) % 8);
        if let Some(byte) = changed.get_mut(at) {
            *byte ^= mask;
        }
    }
    match wh.verify_at(&changed, &signed, ts) {
        Ok(_) => panic!("a changed body verified"),
        Err(err) => assert_eq!(err.kind(), ErrorKind::SignatureMismatch, "{err}"),
    }
});
