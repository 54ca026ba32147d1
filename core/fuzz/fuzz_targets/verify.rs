//! `verify_at` with everything arbitrary: the scheme (a built-in or custom fields), the
//! secrets (text in the scheme's secret encoding, raw bytes, garbage, none), a tolerance
//! override, `now` (any `i64`), the headers and the body.
//!
//! Input: `scheme 0xFF secrets 0xFF tolerance 0xFF now 0xFF headers 0xFF body` (see
//! `src/lib.rs`). Asserts: building fails only with `invalid_scheme` or `invalid_secret`;
//! `verify` fails only with one of its five codes, each with a one-line message; the order
//! of the headers does not change the outcome; a success names the scheme and a secret
//! that exists, and its replay ticket survives the text round trip.

#![no_main]

use hookseal::{ErrorKind, Result, Verified};
use hookseal_fuzz::{VERIFY_ERRORS, check_error, fields, headers, int, scheme, secrets, webhook};
use libfuzzer_sys::fuzz_target;

/// What must not depend on the order of the headers: id, timestamp, secret index and replay
/// key of a success, or the kind of a failure.
type Outcome<'a> = std::result::Result<(Option<&'a str>, Option<i64>, usize, String), ErrorKind>;

fn outcome(result: &Result<Verified>) -> Outcome<'_> {
    match result {
        Ok(v) => Ok((v.id(), v.timestamp(), v.secret_index(), v.replay_key())),
        Err(err) => Err(err.kind()),
    }
}

fuzz_target!(|data: &[u8]| {
    let [scheme_field, secret_field, tolerance, now, pairs, body] = fields(data);
    let Some(scheme) = scheme(scheme_field) else {
        return;
    };
    let name = scheme.name().to_owned();
    let secrets = secrets(secret_field);
    let Some(wh) = webhook(scheme, &secrets, tolerance) else {
        return;
    };
    let now = int(now).unwrap_or(1_614_265_330);
    let mut pairs = headers(pairs);
    let result = wh.verify_at(body, &pairs, now);
    match &result {
        Ok(verified) => {
            assert_eq!(verified.scheme(), name);
            assert!(verified.secret_index() < secrets.len());
            let ticket = verified.replay_ticket();
            assert_eq!(
                hookseal::ReplayTicket::decode(&ticket.encode()),
                Some(ticket)
            );
            let _ = verified.replay_ttl_seconds(now, u32::MAX);
        }
        Err(err) => check_error(err, &VERIFY_ERRORS),
    }
    pairs.reverse();
    let reversed = wh.verify_at(body, &pairs, now);
    assert_eq!(
        outcome(&result),
        outcome(&reversed),
        "the order of the headers changed the outcome"
    );
});
