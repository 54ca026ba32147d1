//! The in-memory replay guard: one winner under contention, the capacity bound, expiry,
//! release, saturating arithmetic at the ends of time, and the replay key.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Barrier};
use std::thread;

use hookseal::{ErrorKind, ReplayGuard, Scheme, Verified, Webhook};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const T: i64 = 1_700_000_000;
const THREADS: usize = 16;

fn standard() -> Webhook {
    Webhook::new(Scheme::standard(), [SECRET]).unwrap()
}

fn github() -> Webhook {
    Webhook::new(Scheme::github(), ["It's a Secret to Everybody"]).unwrap()
}

/// A `standard` delivery with `id`, signed at `timestamp` and verified then.
fn delivery(wh: &Webhook, id: &str, timestamp: i64) -> Verified {
    let headers = wh.sign_at(b"{}", id, timestamp).unwrap();
    wh.verify_at(b"{}", &headers, timestamp).unwrap()
}

fn code<T: std::fmt::Debug>(outcome: hookseal::Result<T>) -> &'static str {
    outcome.unwrap_err().code()
}

#[test]
fn concurrent_claims_of_one_delivery_have_one_winner() {
    let wh = standard();
    let guard = Arc::new(ReplayGuard::new(1_000, 86_400));
    // Several rounds, each a fresh delivery, so that the threads really race.
    for round in 0..25 {
        let verified = delivery(&wh, &format!("msg_race_{round}"), T);
        let barrier = Barrier::new(THREADS);
        let outcomes: Vec<hookseal::Result<()>> = thread::scope(|scope| {
            let handles: Vec<_> = (0..THREADS)
                .map(|_| {
                    let (guard, barrier, verified) = (&guard, &barrier, verified.clone());
                    scope.spawn(move || {
                        barrier.wait();
                        guard.claim_at(&verified, T + 1)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let winners = outcomes.iter().filter(|o| o.is_ok()).count();
        assert_eq!(winners, 1, "round {round}: {outcomes:?}");
        for outcome in outcomes.into_iter().filter(Result::is_err) {
            assert_eq!(outcome.unwrap_err().kind(), ErrorKind::Replayed);
        }
    }
    assert_eq!(guard.len(), 25);
}

#[test]
fn concurrent_claims_of_distinct_deliveries_all_win() {
    const PER_THREAD: usize = 64;
    let wh = standard();
    let guard = ReplayGuard::new(THREADS * PER_THREAD, 86_400);
    let barrier = Barrier::new(THREADS);
    thread::scope(|scope| {
        for t in 0..THREADS {
            let (wh, guard, barrier) = (&wh, &guard, &barrier);
            scope.spawn(move || {
                let deliveries: Vec<Verified> = (0..PER_THREAD)
                    .map(|i| delivery(wh, &format!("msg_{t}_{i}"), T))
                    .collect();
                barrier.wait();
                for verified in &deliveries {
                    guard.claim_at(verified, T).unwrap();
                }
            });
        }
    });
    // Exactly at capacity, every entry live: one more is refused.
    assert_eq!(guard.len(), THREADS * PER_THREAD);
    let extra = delivery(&wh, "msg_extra", T);
    assert_eq!(code(guard.claim_at(&extra, T)), "guard_full");
}

#[test]
fn a_full_guard_refuses_new_claims_and_keeps_live_ones() {
    let wh = standard();
    let guard = ReplayGuard::new(3, 86_400);
    let held: Vec<Verified> = (0..3)
        .map(|i| delivery(&wh, &format!("msg_{i}"), T))
        .collect();
    for verified in &held {
        guard.claim_at(verified, T).unwrap();
    }
    let newcomer = delivery(&wh, "msg_new", T);
    for now in [T, T + 1, T + 300] {
        assert_eq!(code(guard.claim_at(&newcomer, now)), "guard_full");
        // Nothing was forgotten to make room: every held delivery is still a replay.
        for verified in &held {
            assert_eq!(code(guard.claim_at(verified, now)), "replayed");
        }
    }
    assert_eq!(guard.len(), 3);
    // A replay is reported as such even when the guard is full.
    assert_eq!(code(guard.claim_at(&held[0], T)), "replayed");

    guard.release(&held[1]);
    guard.claim_at(&newcomer, T).unwrap();
    assert_eq!(code(guard.claim_at(&newcomer, T)), "replayed");
    assert_eq!(code(guard.claim_at(&held[1], T)), "guard_full");
}

#[test]
fn expired_entries_free_capacity() {
    let wh = standard();
    let guard = ReplayGuard::new(2, 86_400);
    guard.claim_at(&delivery(&wh, "msg_a", T), T).unwrap();
    guard.claim_at(&delivery(&wh, "msg_b", T), T).unwrap();
    // Live while now <= T + 300 (the tolerance), gone after.
    let late = delivery(&wh, "msg_c", T + 300);
    assert_eq!(code(guard.claim_at(&late, T + 300)), "guard_full");
    let later = delivery(&wh, "msg_d", T + 301);
    guard.claim_at(&later, T + 301).unwrap();
    assert_eq!(code(guard.claim_at(&later, T + 301)), "replayed");
    guard.claim_at(&late, T + 301).unwrap();
    assert_eq!(guard.len(), 2);
}

#[test]
fn entries_without_a_signed_timestamp_live_for_the_ttl() {
    let wh = github();
    let guard = ReplayGuard::new(1, 10);
    let headers = wh.sign_at(b"{}", None, 0).unwrap();
    let verified = wh.verify_at(b"{}", &headers, 100).unwrap();
    guard.claim_at(&verified, 100).unwrap();
    assert_eq!(code(guard.claim_at(&verified, 109)), "replayed");
    let other = wh.verify_at(b"[]", wh.sign_at(b"[]", None, 0).unwrap(), 109);
    assert_eq!(code(guard.claim_at(&other.unwrap(), 109)), "guard_full");
    // Live while now < claimed_at + ttl; at 110 the claim starts a new entry.
    guard.claim_at(&verified, 110).unwrap();
    assert_eq!(code(guard.claim_at(&verified, 119)), "replayed");
    assert_eq!(guard.len(), 1);
}

#[test]
fn release_then_claim_again() {
    let wh = standard();
    let guard = ReplayGuard::default();
    assert_eq!(guard.capacity(), hookseal::DEFAULT_GUARD_CAPACITY);
    assert_eq!(guard.ttl_seconds(), hookseal::DEFAULT_GUARD_TTL_SECONDS);
    let verified = delivery(&wh, "msg_1", T);
    let other = delivery(&wh, "msg_2", T);

    // Releasing what was never claimed does nothing.
    guard.release(&verified);
    assert!(guard.is_empty());

    guard.claim_at(&verified, T).unwrap();
    guard.claim_at(&other, T).unwrap();
    guard.release(&verified);
    assert_eq!(guard.len(), 1);
    guard.claim_at(&verified, T + 1).unwrap();
    assert_eq!(code(guard.claim_at(&verified, T + 2)), "replayed");
    // Releasing one delivery keeps the others.
    assert_eq!(code(guard.claim_at(&other, T + 2)), "replayed");

    // Many release/claim cycles leave one entry.
    for now in T..T + 2_000 {
        guard.release(&verified);
        guard.claim_at(&verified, now.min(T + 300)).unwrap();
    }
    assert_eq!(guard.len(), 2);
}

#[test]
fn zero_capacity_refuses_every_claim() {
    let wh = standard();
    let guard = ReplayGuard::new(0, 86_400);
    let verified = delivery(&wh, "msg_1", T);
    assert_eq!(code(guard.claim_at(&verified, T)), "guard_full");
    assert_eq!(code(guard.claim_at(&verified, T)), "guard_full");
    guard.release(&verified);
    assert!(guard.is_empty());
    assert_eq!(guard.capacity(), 0);
}

#[test]
fn times_at_the_ends_of_i64_saturate() {
    // Signed timestamp at the 12-digit maximum with the widest tolerance.
    let wh = standard().with_tolerance_seconds(u32::MAX);
    let max_ts = 999_999_999_999;
    let verified = delivery(&wh, "msg_end", max_ts);
    let window_end = max_ts + i64::from(u32::MAX);
    assert_eq!(
        verified.replay_expires_at(i64::MIN, u32::MAX),
        window_end + 1
    );
    assert_eq!(
        verified.replay_ttl_seconds(i64::MIN, u32::MAX),
        u64::try_from(i64::MAX).unwrap(),
        "saturates"
    );
    assert_eq!(verified.replay_ttl_seconds(i64::MAX, u32::MAX), 0);

    let guard = ReplayGuard::new(4, u32::MAX);
    guard.claim_at(&verified, i64::MIN).unwrap();
    assert_eq!(code(guard.claim_at(&verified, i64::MIN)), "replayed");
    assert_eq!(code(guard.claim_at(&verified, window_end)), "replayed");
    // Past the window there is nothing to remember; a `now` beyond 12 digits sweeps nothing,
    // so the earlier claim stays.
    guard.claim_at(&verified, i64::MAX).unwrap();
    assert_eq!(guard.len(), 1);

    // No signed timestamp: now + ttl saturates.
    let gh = github();
    let headers = gh.sign_at(b"{}", None, 0).unwrap();
    for now in [i64::MIN, i64::MIN + 1, -1, 0, i64::MAX - 1, i64::MAX] {
        let verified = gh.verify_at(b"{}", &headers, now).unwrap();
        assert_eq!(
            verified.replay_expires_at(now, u32::MAX),
            now.saturating_add(i64::from(u32::MAX))
        );
        let guard = ReplayGuard::new(4, u32::MAX);
        guard.claim_at(&verified, now).unwrap();
        if now < i64::MAX {
            assert_eq!(code(guard.claim_at(&verified, now)), "replayed");
        }
        guard.release(&verified);
        guard.claim_at(&verified, now).unwrap();
    }
}

fn is_lower_hex_64(key: &str) -> bool {
    key.len() == 64 && key.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[test]
fn replay_key_is_64_lowercase_hex_and_stable() {
    let wh = standard();
    let headers = wh.sign_at(b"{}", "msg_1", T).unwrap();
    let first = wh.verify_at(b"{}", &headers, T).unwrap();
    let again = wh.verify_at(b"{}", &headers, T + 5).unwrap();
    assert!(
        is_lower_hex_64(&first.replay_key()),
        "{}",
        first.replay_key()
    );
    assert_eq!(first.replay_key(), again.replay_key());

    // The same id re-signed later with another body (a retry) is the same delivery.
    let retry = wh.sign_at(b"[1]", "msg_1", T + 60).unwrap();
    let retry = wh.verify_at(b"[1]", &retry, T + 60).unwrap();
    assert_eq!(first.replay_key(), retry.replay_key());

    // Sent under the Svix names, it is still the same delivery of the same scheme.
    let svix: Vec<(String, String)> = headers
        .iter()
        .map(|(name, value)| (name.replace("webhook-", "svix-"), value.clone()))
        .collect();
    let svix = wh.verify_at(b"{}", &svix, T).unwrap();
    assert_eq!(first.replay_key(), svix.replay_key());

    let other = delivery(&wh, "msg_2", T);
    assert_ne!(first.replay_key(), other.replay_key());
}

#[test]
fn replay_key_differs_between_schemes_with_the_same_id() {
    let standard = delivery(&standard(), "msg_1", T);
    let renamed = Webhook::new(
        hookseal::SchemeBuilder::based_on("standard")
            .unwrap()
            .name("svix")
            .build()
            .unwrap(),
        [SECRET],
    )
    .unwrap();
    let renamed = delivery(&renamed, "msg_1", T);
    let custom = Webhook::new(
        Scheme::custom("X-Sig")
            .id_header("X-Id")
            .payload("{id}.{body}")
            .build()
            .unwrap(),
        ["secret"],
    )
    .unwrap();
    let custom = custom
        .verify_at(b"{}", custom.sign_at(b"{}", "msg_1", 0).unwrap(), 0)
        .unwrap();
    assert_eq!(custom.id(), Some("msg_1"));

    let keys = [
        standard.replay_key(),
        renamed.replay_key(),
        custom.replay_key(),
    ];
    assert!(keys.iter().all(|k| is_lower_hex_64(k)));
    assert_ne!(keys[0], keys[1]);
    assert_ne!(keys[0], keys[2]);
    assert_ne!(keys[1], keys[2]);

    let guard = ReplayGuard::default();
    guard.claim_at(&standard, T).unwrap();
    guard.claim_at(&renamed, T).unwrap();
    guard.claim_at(&custom, T).unwrap();
}

#[test]
fn replay_key_without_a_signed_id_follows_the_signature() {
    // GitHub: the delivery id is not signed, so it does not make a new delivery.
    let wh = github();
    let signed = wh
        .sign_at(b"{}", "72d3162e-cc78-11e3-81ab-4c9367dc0958", 0)
        .unwrap();
    let first = wh.verify_at(b"{}", &signed, T).unwrap();
    let mut relabelled = signed.clone();
    for (name, value) in &mut relabelled {
        if name.eq_ignore_ascii_case("X-GitHub-Delivery") {
            "something-else".clone_into(value);
        }
    }
    let second = wh.verify_at(b"{}", &relabelled, T).unwrap();
    assert_eq!(second.id(), Some("something-else"));
    assert_eq!(first.replay_key(), second.replay_key());
    let unlabelled: Vec<_> = signed
        .iter()
        .filter(|(name, _)| name != "X-GitHub-Delivery")
        .collect();
    let third = wh.verify_at(b"{}", unlabelled, T).unwrap();
    assert_eq!(third.id(), None);
    assert_eq!(first.replay_key(), third.replay_key());

    // Uppercase hex is the same signature bytes, so the same key.
    let upper: Vec<(String, String)> = signed
        .iter()
        .map(|(name, value)| match value.strip_prefix("sha256=") {
            Some(hex) => (name.clone(), format!("sha256={}", hex.to_uppercase())),
            None => (name.clone(), value.clone()),
        })
        .collect();
    assert_ne!(upper, signed);
    let fourth = wh.verify_at(b"{}", &upper, T).unwrap();
    assert_eq!(first.replay_key(), fourth.replay_key());

    let guard = ReplayGuard::default();
    guard.claim_at(&first, T).unwrap();
    assert_eq!(code(guard.claim_at(&second, T)), "replayed");

    // Another body is another signature, so another delivery, whatever the id header says.
    let other = wh
        .sign_at(b"[]", "72d3162e-cc78-11e3-81ab-4c9367dc0958", 0)
        .unwrap();
    let other = wh.verify_at(b"[]", &other, T).unwrap();
    assert_ne!(first.replay_key(), other.replay_key());
    guard.claim_at(&other, T).unwrap();

    // The in-house scheme: id and timestamp reported but unsigned, so keyed by signature.
    let in_house = Webhook::new(
        Scheme::custom("X-Webhook-Signature")
            .prefix("sha256=")
            .id_header("X-Webhook-ID")
            .timestamp_header("X-Webhook-Timestamp")
            .build()
            .unwrap(),
        ["secret"],
    )
    .unwrap();
    let a = in_house
        .verify_at(b"{}", in_house.sign_at(b"{}", "evt_1", T).unwrap(), T)
        .unwrap();
    let b = in_house
        .verify_at(b"{}", in_house.sign_at(b"{}", "evt_2", T + 1).unwrap(), T)
        .unwrap();
    assert_eq!((a.id(), b.id()), (Some("evt_1"), Some("evt_2")));
    assert_eq!(a.replay_key(), b.replay_key());
}

#[test]
fn a_zero_ttl_still_refuses_replays_of_unsigned_deliveries() {
    // A guard that remembered nothing would wave every replay of a GitHub delivery through.
    let guard = ReplayGuard::new(10, 0);
    assert_eq!(guard.ttl_seconds(), hookseal::MIN_GUARD_TTL_SECONDS);
    let wh = Webhook::new(Scheme::github(), ["It's a Secret to Everybody"]).unwrap();
    let headers = wh.sign_at(b"Hello, World!", None, 0).unwrap();
    let verified = wh
        .verify_at(b"Hello, World!", &headers, 1_700_000_000)
        .unwrap();
    guard.claim_at(&verified, 1_700_000_000).unwrap();
    let again = guard.claim_at(&verified, 1_700_000_000).unwrap_err();
    assert_eq!(again.code(), "replayed");
}

#[test]
fn a_millisecond_now_does_not_sweep_live_entries() {
    // Date.now() passed as `now` must not expire every live entry of the guard.
    let guard = ReplayGuard::new(10, 60);
    let wh = Webhook::new(Scheme::github(), ["It's a Secret to Everybody"]).unwrap();
    let first = wh
        .verify_at(b"one", wh.sign_at(b"one", None, 0).unwrap(), 1_000)
        .unwrap();
    let second = wh
        .verify_at(b"two", wh.sign_at(b"two", None, 0).unwrap(), 1_000)
        .unwrap();
    guard.claim_at(&first, 1_000).unwrap();
    guard.claim_at(&second, 1_700_000_000_000).unwrap();
    let again = guard.claim_at(&first, 1_001).unwrap_err();
    assert_eq!(again.code(), "replayed");
    assert!(!format!("{guard:?}").contains('['), "{guard:?}");
}

#[test]
fn a_growing_guard_sweeps_what_expired() {
    // Expired entries may linger, but once the guard has grown past its first sweep point
    // a claim drops them: memory follows the live entries, not every claim ever made.
    let wh = standard();
    let guard = ReplayGuard::new(100_000, 86_400);
    for i in 0..2_000 {
        guard
            .claim_at(&delivery(&wh, &format!("msg_old_{i}"), T), T)
            .unwrap();
    }
    assert_eq!(guard.len(), 2_000);
    // Live until T + 300 inclusive: nothing to sweep yet, and every one is still a replay.
    let fresh = delivery(&wh, "msg_fresh", T + 300);
    guard.claim_at(&fresh, T + 300).unwrap();
    assert_eq!(guard.len(), 2_001);
    assert_eq!(
        code(guard.claim_at(&delivery(&wh, "msg_old_7", T), T + 300)),
        "replayed"
    );
    let later = delivery(&wh, "msg_later", T + 301);
    guard.claim_at(&later, T + 301).unwrap();
    assert_eq!(guard.len(), 2, "the 2,000 expired entries were swept");
    assert_eq!(code(guard.claim_at(&fresh, T + 301)), "replayed");
}

#[test]
fn ticket_text_defers_hashing_yet_means_the_same_ticket() {
    use hookseal::ReplayTicket;

    // With a signed id the text carries the scheme and the id; decoding hashes them.
    let verified = delivery(&standard(), "msg_1", T);
    let text = verified.replay_ticket_text();
    assert_eq!(text, format!("i:{}:8:standardmsg_1", T + 300));
    assert_eq!(ReplayTicket::decode(&text), Some(verified.replay_ticket()));
    let guard = ReplayGuard::new(10, 60);
    guard
        .claim_ticket_at(&ReplayTicket::decode(&text).unwrap(), T)
        .unwrap();
    assert_eq!(code(guard.claim_at(&verified, T)), "replayed");

    // Without one it is the encoded digest, as before.
    let wh = github();
    let unsigned = wh
        .verify_at(b"{}", wh.sign_at(b"{}", None, T).unwrap(), T)
        .unwrap();
    assert_eq!(
        unsigned.replay_ticket_text(),
        unsigned.replay_ticket().encode()
    );

    // One spelling only, and nothing that could not come from a delivery.
    let end = T + 300;
    for bad in [
        format!("i:{end}:08:standardmsg_1"),
        format!("i:+{end}:8:standardmsg_1"),
        format!("i:0{end}:8:standardmsg_1"),
        format!("i:{end}:8:standard"),
        format!("i:{end}:0:msg_1"),
        format!("i:{end}:99:standardmsg_1"),
        format!("i:{end}:8:standardmsg\01"),
        format!("i:{end}:-1:standardmsg_1"),
        format!("i:{end}8:standardmsg_1"),
        "i:".to_owned(),
    ] {
        assert_eq!(ReplayTicket::decode(&bad), None, "{bad:?}");
    }
    // A delivery without a window (no signed timestamp) and a scheme name holding ':'.
    let scheme = hookseal::SchemeBuilder::from_fields(
        [
            ("name", hookseal::FieldValue::Str("a:b")),
            ("signature_header", hookseal::FieldValue::Str("x-sig")),
            ("id_header", hookseal::FieldValue::Str("x-id")),
            ("payload", hookseal::FieldValue::Str("{id}.{body}")),
        ],
        hookseal::FieldCase::Snake,
    )
    .unwrap();
    let wh = Webhook::new(scheme, ["key"]).unwrap();
    let verified = wh
        .verify_at(b"{}", wh.sign_at(b"{}", "id:1", T).unwrap(), T)
        .unwrap();
    let text = verified.replay_ticket_text();
    assert_eq!(text, "i::3:a:bid:1");
    assert_eq!(ReplayTicket::decode(&text), Some(verified.replay_ticket()));
}
