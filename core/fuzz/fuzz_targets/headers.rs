//! Header parsing of every built-in scheme: arbitrary header names and values, body and
//! time through `verify_at` of `standard`, `stripe`, `github`, `slack` and `shopify`.
//!
//! Input: `now 0xFF headers 0xFF body` (see `src/lib.rs`). Asserts: no panic; every error
//! is one of the five codes `verify` reports, with a one-line message; a success names
//! its scheme and the secret that matched.

#![no_main]

use std::sync::OnceLock;

use hookseal::{Scheme, Webhook};
use hookseal_fuzz::{VERIFY_ERRORS, check_error, fields, headers, int};
use libfuzzer_sys::fuzz_target;

/// The secrets of the conformance vectors (public test values), each followed by a second
/// one, so that seeds from the vectors verify and rotation is exercised.
const SECRETS: [(&str, [&str; 2]); 5] = [
    (
        "standard",
        ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_c2Vjb25k"],
    ),
    (
        "stripe",
        ["whsec_test_9kXq2Lm7Pz4Rv8Tn1Wb6Yc3Hd5Jf0Ga", "second"],
    ),
    ("github", ["It's a Secret to Everybody", "second"]),
    ("slack", ["8f742231b10e8888abcd99yyyzzz85a5", "second"]),
    ("shopify", ["shpss_vectors_secret", "second"]),
];

fn webhooks() -> &'static [Webhook] {
    static WEBHOOKS: OnceLock<Vec<Webhook>> = OnceLock::new();
    WEBHOOKS.get_or_init(|| {
        SECRETS
            .iter()
            .filter_map(|(name, secrets)| {
                let scheme = Scheme::from_name(name).ok()?;
                Webhook::new(scheme, *secrets).ok()
            })
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let [now, pairs, body] = fields(data);
    let now = int(now).unwrap_or(1_614_265_330);
    let pairs = headers(pairs);
    let webhooks = webhooks();
    assert_eq!(webhooks.len(), SECRETS.len(), "a built-in failed to build");
    for wh in webhooks {
        match wh.verify_at(body, &pairs, now) {
            Ok(verified) => {
                assert_eq!(verified.scheme(), wh.scheme().name());
                assert!(verified.secret_index() < 2);
            }
            Err(err) => check_error(&err, &VERIFY_ERRORS),
        }
    }
});
