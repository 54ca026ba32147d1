//! Public API behaviour that the conformance vectors do not cover: redaction in `Debug` and
//! `Display`, error header names, `generate_secret`, `sign` with the clock, raw-key
//! webhooks, tolerance overrides, typed and camelCase scheme building, the list of error
//! codes, and thread-safety of the public types.
//!
//! Expected MACs come from the `hmac` and `sha2` crates directly, never from hookseal.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit as _, Mac as _};
use hookseal::{
    Algorithm, Encoding, Error, ErrorKind, FieldCase, FieldValue, ReplayGuard, Scheme,
    SchemeBuilder, Secret, SecretEncoding, Verified, Webhook, generate_secret,
};
use sha2::Sha256;

const T: i64 = 1_700_000_000;
const BODY: &[u8] = br#"{"n":1}"#;
/// Raw key bytes of the `standard` webhook below: distinctive, so that a leak is visible.
const STANDARD_KEY: &[u8] = b"standard-raw-key-bytes-0123456789";

// Webhook, Scheme, Verified and ReplayGuard can be shared between threads.
const _: fn() = || {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Webhook>();
    send_sync::<Scheme>();
    send_sync::<Verified>();
    send_sync::<ReplayGuard>();
    send_sync::<Error>();
};

fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut out, b| {
        write!(out, "{b:02x}").unwrap();
        out
    })
}

fn standard_secret() -> String {
    format!("whsec_{}", STANDARD.encode(STANDARD_KEY))
}

fn get<'h>(headers: &'h [(String, String)], name: &str) -> &'h str {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map_or_else(|| panic!("no {name} in {headers:?}"), |(_, v)| v.as_str())
}

/// `headers` with `name` set to `value`, or removed when `value` is `None`.
fn with(headers: &[(String, String)], name: &str, value: Option<&str>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = headers
        .iter()
        .filter(|(n, _)| !n.eq_ignore_ascii_case(name))
        .cloned()
        .collect();
    if let Some(value) = value {
        out.push((name.to_owned(), value.to_owned()));
    }
    out
}

/// Strings that must never show up in a message or a `Debug` string.
fn forbidden(secret_text: &str, key: &[u8], macs: &[Vec<u8>]) -> Vec<String> {
    let mut out = vec![
        secret_text.to_owned(),
        String::from_utf8_lossy(key).into_owned(),
        hex(key),
        STANDARD.encode(key),
        format!("{key:?}"),
    ];
    for mac in macs {
        out.extend([
            hex(mac),
            hex(mac).to_uppercase(),
            STANDARD.encode(mac),
            // Prefixes of MAC texts, in case a message shortened one.
            hex(mac)[..16].to_owned(),
            STANDARD.encode(mac)[..16].to_owned(),
        ]);
    }
    out
}

/// One line, lowercase first, no trailing period, nothing from `forbidden`.
fn assert_message(label: &str, text: &str, forbidden: &[String]) {
    assert!(!text.is_empty(), "{label}: empty message");
    assert!(!text.contains(['\n', '\r']), "{label}: {text:?}");
    assert!(
        text.chars().next().unwrap().is_lowercase(),
        "{label}: {text:?}"
    );
    assert!(!text.ends_with('.'), "{label}: {text:?}");
    assert_no_leak(label, text, forbidden);
}

fn assert_no_leak(label: &str, text: &str, forbidden: &[String]) {
    for secret in forbidden {
        assert!(
            !text.contains(secret.as_str()),
            "{label}: {text:?} leaks {secret:?}"
        );
    }
}

/// A failing verification and what its error must say.
struct Failing {
    label: &'static str,
    headers: Vec<(String, String)>,
    body: &'static [u8],
    now: i64,
    code: &'static str,
    header: &'static str,
}

fn failing(
    label: &'static str,
    headers: Vec<(String, String)>,
    body: &'static [u8],
    now: i64,
    code: &'static str,
    header: &'static str,
) -> Failing {
    Failing {
        label,
        headers,
        body,
        now,
        code,
        header,
    }
}

/// Runs every case against `wh`; `macs_for(body)` are the MACs a verifier would compute
/// (or that were presented) for a body.
fn check_failures(
    wh: &Webhook,
    secret_text: &str,
    key: &[u8],
    macs_for: impl Fn(&[u8]) -> Vec<Vec<u8>>,
    cases: Vec<Failing>,
) {
    for case in cases {
        let err = wh
            .verify_at(case.body, &case.headers, case.now)
            .expect_err(case.label);
        assert_eq!(err.code(), case.code, "{}: {err}", case.label);
        assert_eq!(err.header_name(), Some(case.header), "{}", case.label);
        let mut macs = macs_for(BODY);
        macs.extend(macs_for(case.body));
        let forbidden = forbidden(secret_text, key, &macs);
        let text = err.to_string();
        assert_message(case.label, &text, &forbidden);
        assert!(
            text.contains(case.header),
            "{}: {text:?} does not name {}",
            case.label,
            case.header
        );
        assert_no_leak(case.label, &format!("{err:?}"), &forbidden);
    }
}

fn standard_macs(body: &[u8]) -> Vec<Vec<u8>> {
    let ts = T.to_string();
    vec![hmac_sha256(
        STANDARD_KEY,
        &[b"msg_1.", ts.as_bytes(), b".", body],
    )]
}

/// The `standard` webhook, its secret, and a delivery signed at `T`.
fn standard_delivery() -> (Webhook, String, Vec<(String, String)>) {
    let secret = standard_secret();
    let wh = Webhook::new(Scheme::standard(), [secret.as_str()]).unwrap();
    let signed = wh.sign_at(BODY, "msg_1", T).unwrap();
    assert_eq!(
        get(&signed, "webhook-signature"),
        format!("v1,{}", STANDARD.encode(&standard_macs(BODY)[0]))
    );
    (wh, secret, signed)
}

#[test]
fn standard_missing_headers_are_named() {
    let (wh, secret, signed) = standard_delivery();
    let svix: Vec<(String, String)> = signed
        .iter()
        .map(|(n, v)| (n.replace("webhook-", "svix-"), v.clone()))
        .collect();
    let cases = vec![
        failing(
            "no id",
            with(&signed, "webhook-id", None),
            BODY,
            T,
            "missing_header",
            "webhook-id",
        ),
        failing(
            "no timestamp",
            with(&signed, "webhook-timestamp", None),
            BODY,
            T,
            "missing_header",
            "webhook-timestamp",
        ),
        failing(
            "blank timestamp",
            with(&signed, "webhook-timestamp", Some(" \t ")),
            BODY,
            T,
            "missing_header",
            "webhook-timestamp",
        ),
        failing(
            "no signature",
            with(&signed, "webhook-signature", None),
            BODY,
            T,
            "missing_header",
            "webhook-signature",
        ),
        failing(
            "svix without timestamp",
            with(&svix, "svix-timestamp", None),
            BODY,
            T,
            "missing_header",
            "svix-timestamp",
        ),
    ];
    check_failures(&wh, &secret, STANDARD_KEY, standard_macs, cases);
}

#[test]
fn standard_malformed_headers_are_named() {
    let (wh, secret, signed) = standard_delivery();
    let mut duplicate_id = signed.clone();
    duplicate_id.push(("Webhook-Id".into(), "msg_1".into()));
    let long_id = "a".repeat(257);
    let cases = vec![
        failing(
            "leading zero",
            with(&signed, "webhook-timestamp", Some("01700000000")),
            BODY,
            T,
            "malformed_header",
            "webhook-timestamp",
        ),
        failing(
            "duplicate id",
            duplicate_id,
            BODY,
            T,
            "malformed_header",
            "webhook-id",
        ),
        failing(
            "long id",
            with(&signed, "webhook-id", Some(&long_id)),
            BODY,
            T,
            "malformed_header",
            "webhook-id",
        ),
        failing(
            "no v1 entry",
            with(&signed, "webhook-signature", Some("v2,abc v1,short")),
            BODY,
            T,
            "malformed_header",
            "webhook-signature",
        ),
    ];
    check_failures(&wh, &secret, STANDARD_KEY, standard_macs, cases);
}

#[test]
fn standard_window_and_signature_failures_leak_nothing() {
    let (wh, secret, signed) = standard_delivery();
    let (ts_name, sig_name) = ("webhook-timestamp", "webhook-signature");
    let cases = vec![
        failing(
            "too old",
            signed.clone(),
            BODY,
            T + 301,
            "timestamp_too_old",
            ts_name,
        ),
        failing(
            "too new",
            signed.clone(),
            BODY,
            T - 301,
            "timestamp_too_new",
            ts_name,
        ),
        failing(
            "other body",
            signed.clone(),
            b"{}",
            T,
            "signature_mismatch",
            sig_name,
        ),
        failing(
            "other id",
            with(&signed, "webhook-id", Some("msg_2")),
            BODY,
            T,
            "signature_mismatch",
            sig_name,
        ),
    ];
    check_failures(&wh, &secret, STANDARD_KEY, standard_macs, cases);
}

#[test]
fn stripe_failures_name_the_header_and_leak_nothing() {
    let secret = "stripe-secret-text-XYZ";
    let wh = Webhook::new(Scheme::stripe(), [secret]).unwrap();
    let signed = wh.sign_at(BODY, None, T).unwrap();
    let ts = T.to_string();
    let macs = |body: &[u8]| vec![hmac_sha256(secret.as_bytes(), &[ts.as_bytes(), b".", body])];
    let mac = hex(&macs(BODY)[0]);
    assert_eq!(get(&signed, "Stripe-Signature"), format!("t={T},v1={mac}"));
    let name = "Stripe-Signature";
    let cases = vec![
        failing("no header", Vec::new(), BODY, T, "missing_header", name),
        failing(
            "two t",
            with(&signed, name, Some(&format!("t={T},t={T},v1={mac}"))),
            BODY,
            T,
            "malformed_header",
            name,
        ),
        failing(
            "no v1",
            with(&signed, name, Some(&format!("t={T}"))),
            BODY,
            T,
            "malformed_header",
            name,
        ),
        failing(
            "too old",
            signed.clone(),
            BODY,
            T + 301,
            "timestamp_too_old",
            name,
        ),
        failing(
            "too new",
            signed.clone(),
            BODY,
            T - 301,
            "timestamp_too_new",
            name,
        ),
        failing(
            "other body",
            signed.clone(),
            b"{}",
            T,
            "signature_mismatch",
            name,
        ),
    ];
    check_failures(&wh, secret, secret.as_bytes(), macs, cases);
}

#[test]
fn github_failures_name_the_header_and_leak_nothing() {
    let secret = "github-secret-text-XYZ";
    let wh = Webhook::new(Scheme::github(), [secret]).unwrap();
    let signed = wh.sign_at(BODY, "delivery-1", T).unwrap();
    let macs = |body: &[u8]| vec![hmac_sha256(secret.as_bytes(), &[body])];
    let mac = hex(&macs(BODY)[0]);
    assert_eq!(get(&signed, "X-Hub-Signature-256"), format!("sha256={mac}"));
    let name = "X-Hub-Signature-256";
    let mut duplicate_id = signed.clone();
    duplicate_id.push(("x-github-delivery".into(), "delivery-2".into()));
    let cases = vec![
        failing(
            "no header",
            with(&signed, name, None),
            BODY,
            T,
            "missing_header",
            name,
        ),
        failing(
            "no prefix",
            with(&signed, name, Some(&mac)),
            BODY,
            T,
            "malformed_header",
            name,
        ),
        failing(
            "duplicate id",
            duplicate_id,
            BODY,
            T,
            "malformed_header",
            "X-GitHub-Delivery",
        ),
        failing(
            "other body",
            signed.clone(),
            b"{}",
            T,
            "signature_mismatch",
            name,
        ),
    ];
    check_failures(&wh, secret, secret.as_bytes(), macs, cases);
}

#[test]
fn slack_failures_name_the_header_and_leak_nothing() {
    let secret = "slack-signing-secret-XYZ";
    let wh = Webhook::new(Scheme::slack(), [secret]).unwrap();
    let signed = wh.sign_at(BODY, None, T).unwrap();
    let ts = T.to_string();
    let macs = |body: &[u8]| {
        vec![hmac_sha256(
            secret.as_bytes(),
            &[b"v0:", ts.as_bytes(), b":", body],
        )]
    };
    assert_eq!(
        get(&signed, "X-Slack-Signature"),
        format!("v0={}", hex(&macs(BODY)[0]))
    );
    let (sig, ts_name) = ("X-Slack-Signature", "X-Slack-Request-Timestamp");
    let cases = vec![
        failing(
            "no timestamp",
            with(&signed, ts_name, None),
            BODY,
            T,
            "missing_header",
            ts_name,
        ),
        failing(
            "negative",
            with(&signed, ts_name, Some("-5")),
            BODY,
            T,
            "malformed_header",
            ts_name,
        ),
        failing(
            "not hex",
            with(&signed, sig, Some("v0=zz")),
            BODY,
            T,
            "malformed_header",
            sig,
        ),
        failing(
            "too new",
            signed.clone(),
            BODY,
            T - 301,
            "timestamp_too_new",
            ts_name,
        ),
        failing(
            "other body",
            signed.clone(),
            b"{}",
            T,
            "signature_mismatch",
            sig,
        ),
    ];
    check_failures(&wh, secret, secret.as_bytes(), macs, cases);
}

#[test]
fn shopify_failures_name_the_header_and_leak_nothing() {
    let secret = "shopify-secret-text-XYZ";
    let wh = Webhook::new(Scheme::shopify(), [secret]).unwrap();
    let signed = wh.sign_at(BODY, None, T).unwrap();
    let macs = |body: &[u8]| vec![hmac_sha256(secret.as_bytes(), &[body])];
    let mac = STANDARD.encode(&macs(BODY)[0]);
    assert_eq!(
        signed,
        vec![("X-Shopify-Hmac-Sha256".to_owned(), mac.clone())]
    );
    let name = "X-Shopify-Hmac-Sha256";
    let unpadded = mac.trim_end_matches('=');
    let cases = vec![
        failing(
            "unpadded",
            with(&signed, name, Some(unpadded)),
            BODY,
            T,
            "malformed_header",
            name,
        ),
        failing(
            "other body",
            signed.clone(),
            b"{}",
            T,
            "signature_mismatch",
            name,
        ),
    ];
    check_failures(&wh, secret, secret.as_bytes(), macs, cases);
}

fn in_house() -> Scheme {
    SchemeBuilder::new()
        .signature_header("X-Webhook-Signature")
        .prefix("sha256=")
        .encoding(Encoding::Hex)
        .algorithm(Algorithm::Sha256)
        .payload("{body}")
        .id_header("X-Webhook-ID")
        .timestamp_header("X-Webhook-Timestamp")
        .secret_encoding(SecretEncoding::Utf8)
        .tolerance_seconds(300)
        .build()
        .unwrap()
}

#[test]
fn in_house_scheme_from_typed_setters() {
    let scheme = in_house();
    assert_eq!(scheme.name(), "custom");
    assert_eq!(scheme.signature_header(), "X-Webhook-Signature");
    assert_eq!(scheme.id_header(), Some("X-Webhook-ID"));
    assert_eq!(scheme.timestamp_header(), Some("X-Webhook-Timestamp"));
    assert_eq!(scheme.tolerance_seconds(), 300);
    assert!(!scheme.signs_id());
    assert!(!scheme.signs_timestamp());

    let secret = "in-house-secret-XYZ";
    let wh = Webhook::new(scheme, [secret]).unwrap();
    let mut signed = wh.sign_at(BODY, "evt_1", T).unwrap();
    signed.sort();
    let mac = hmac_sha256(secret.as_bytes(), &[BODY]);
    let expected = vec![
        ("X-Webhook-ID".to_owned(), "evt_1".to_owned()),
        (
            "X-Webhook-Signature".to_owned(),
            format!("sha256={}", hex(&mac)),
        ),
        ("X-Webhook-Timestamp".to_owned(), T.to_string()),
    ];
    assert_eq!(signed, expected);

    // The same scheme with the defaults left implicit signs the same way.
    let short = Scheme::custom("X-Webhook-Signature")
        .prefix("sha256=")
        .id_header("X-Webhook-ID")
        .timestamp_header("X-Webhook-Timestamp")
        .build()
        .unwrap();
    let short = Webhook::new(short, [secret]).unwrap();
    let mut again = short.sign_at(BODY, "evt_1", T).unwrap();
    again.sort();
    assert_eq!(again, expected);

    let verified = wh.verify_at(BODY, &signed, T + 10).unwrap();
    assert_eq!(verified.id(), Some("evt_1"));
    assert_eq!(verified.timestamp(), Some(T));
    assert_eq!(verified.scheme(), "custom");
    // The id is optional; the timestamp is required and checked, though not signed.
    let no_id = with(&signed, "X-Webhook-ID", None);
    assert_eq!(wh.verify_at(BODY, &no_id, T).unwrap().id(), None);

    let macs = |body: &[u8]| vec![hmac_sha256(secret.as_bytes(), &[body])];
    let (sig, ts_name) = ("X-Webhook-Signature", "X-Webhook-Timestamp");
    let cases = vec![
        failing(
            "no timestamp",
            with(&signed, ts_name, None),
            BODY,
            T,
            "missing_header",
            ts_name,
        ),
        failing(
            "too old",
            signed.clone(),
            BODY,
            T + 301,
            "timestamp_too_old",
            ts_name,
        ),
        failing(
            "other body",
            signed.clone(),
            b"{}",
            T,
            "signature_mismatch",
            sig,
        ),
    ];
    check_failures(&wh, secret, secret.as_bytes(), macs, cases);
}

#[test]
fn other_errors_follow_the_message_rules() {
    let bad_secret = "whsec_!!not-base64-SECRET!!";
    let key = b"unused";
    let forbid = forbidden(bad_secret, key, &[]);
    let mut errors: Vec<(&str, Error)> = vec![
        (
            "bad base64 secret",
            Webhook::new(Scheme::standard(), [bad_secret]).unwrap_err(),
        ),
        (
            "bad hex secret",
            Webhook::new(
                Scheme::custom("X-Sig")
                    .secret_encoding(SecretEncoding::Hex)
                    .build()
                    .unwrap(),
                ["abc-SECRET"],
            )
            .unwrap_err(),
        ),
        (
            "empty secret",
            Webhook::new(Scheme::github(), [""]).unwrap_err(),
        ),
        (
            "no secret",
            Webhook::new(Scheme::github(), Vec::<&str>::new()).unwrap_err(),
        ),
        ("unknown scheme", Scheme::from_name("svix\n").unwrap_err()),
        (
            "negative tolerance",
            Webhook::new(Scheme::github(), ["s"])
                .unwrap()
                .try_with_tolerance_seconds(-1)
                .unwrap_err(),
        ),
        (
            "bad payload",
            Scheme::custom("X-Sig")
                .payload("{id}.{body}")
                .build()
                .unwrap_err(),
        ),
        (
            "sign long id",
            Webhook::new(Scheme::standard(), [standard_secret().as_str()])
                .unwrap()
                .sign_at(BODY, "x".repeat(300).as_str(), T)
                .unwrap_err(),
        ),
    ];
    let wh = Webhook::new(Scheme::standard(), [standard_secret().as_str()]).unwrap();
    let verified = wh
        .verify_at(BODY, wh.sign_at(BODY, "msg_1", T).unwrap(), T)
        .unwrap();
    let guard = ReplayGuard::new(1, 60);
    guard.claim_at(&verified, T).unwrap();
    errors.push(("replayed", guard.claim_at(&verified, T).unwrap_err()));
    let other = wh
        .verify_at(BODY, wh.sign_at(BODY, "msg_2", T).unwrap(), T)
        .unwrap();
    errors.push(("guard full", guard.claim_at(&other, T).unwrap_err()));

    let codes: Vec<&str> = errors.iter().map(|(_, e)| e.code()).collect();
    assert_eq!(
        codes,
        [
            "invalid_secret",
            "invalid_secret",
            "invalid_secret",
            "invalid_secret",
            "invalid_scheme",
            "invalid_scheme",
            "invalid_scheme",
            "malformed_header",
            "replayed",
            "guard_full",
        ]
    );
    for (label, err) in &errors {
        assert_message(label, &err.to_string(), &forbid);
        assert!(!err.to_string().contains("abc-SECRET"), "{label}");
    }
    assert_eq!(errors[7].1.header_name(), Some("webhook-id"));
}

#[test]
fn debug_never_shows_secrets_or_signatures() {
    let secret = standard_secret();
    let wh = Webhook::new(Scheme::standard(), [secret.as_str()]).unwrap();
    let signed = wh.sign_at(BODY, "msg_1", T).unwrap();
    let verified = wh.verify_at(BODY, &signed, T).unwrap();
    let ts = T.to_string();
    let mac = hmac_sha256(STANDARD_KEY, &[b"msg_1.", ts.as_bytes(), b".", BODY]);
    let mut forbid = forbidden(&secret, STANDARD_KEY, &[mac]);
    forbid.push(get(&signed, "webhook-signature").to_owned());

    let text_secret = "utf8-secret-text-XYZ";
    let raw = b"raw-key-bytes-ABC\x00\xff";
    let gh = Webhook::new(
        Scheme::github(),
        [Secret::Text(text_secret), Secret::Bytes(raw)],
    )
    .unwrap();
    let gh_signed = gh.sign_at(BODY, None, T).unwrap();
    let gh_verified = gh.verify_at(BODY, &gh_signed, T).unwrap();
    forbid.extend(forbidden(
        text_secret,
        raw,
        &[hmac_sha256(text_secret.as_bytes(), &[BODY])],
    ));
    forbid.extend(forbidden(text_secret, text_secret.as_bytes(), &[]));
    forbid.push(get(&gh_signed, "X-Hub-Signature-256").to_owned());

    let debugs = [
        format!("{wh:?}"),
        format!("{gh:?}"),
        format!("{:?}", Secret::Text(&secret)),
        format!("{:?}", Secret::Text(text_secret)),
        format!("{:?}", Secret::Bytes(raw)),
        format!("{:?}", Secret::Bytes(STANDARD_KEY)),
        format!("{verified:?}"),
        format!("{gh_verified:?}"),
        format!("{verified:#?}"),
        format!("{:?}", wh.scheme()),
    ];
    for text in &debugs {
        assert_no_leak("debug", text, &forbid);
    }
    // Still useful: the scheme and the delivery are there.
    assert!(debugs[0].contains("standard"), "{}", debugs[0]);
    assert!(debugs[6].contains("msg_1"), "{}", debugs[6]);
}

#[test]
fn generate_secret_is_whsec_and_32_random_bytes() {
    let a = generate_secret();
    let b = generate_secret();
    assert_ne!(a, b);
    for secret in [&a, &b] {
        let encoded = secret.strip_prefix("whsec_").unwrap();
        assert_eq!(encoded.len(), 44, "{secret}");
        let key = STANDARD.decode(encoded).unwrap();
        assert_eq!(key.len(), 32);
        assert_eq!(STANDARD.encode(&key), encoded, "canonical padded base64");

        let wh = Webhook::new(Scheme::standard(), [secret.as_str()]).unwrap();
        let signed = wh.sign_at(BODY, "msg_1", T).unwrap();
        let ts = T.to_string();
        let mac = hmac_sha256(&key, &[b"msg_1.", ts.as_bytes(), b".", BODY]);
        assert_eq!(
            get(&signed, "webhook-signature"),
            format!("v1,{}", STANDARD.encode(mac))
        );
        wh.verify_at(BODY, &signed, T).unwrap();
    }
}

fn clock() -> i64 {
    i64::try_from(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    )
    .unwrap()
}

#[test]
fn sign_uses_the_clock_and_a_random_id() {
    let secret = standard_secret();
    let wh = Webhook::new(Scheme::standard(), [secret.as_str()]).unwrap();
    let before = clock();
    let first = wh.sign(BODY).unwrap();
    let second = wh.sign(BODY).unwrap();
    let after = clock();

    for signed in [&first, &second] {
        let names: Vec<&str> = signed.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names.len(), 3, "{names:?}");
        let id = get(signed, "webhook-id");
        let random = id.strip_prefix("msg_").unwrap();
        assert!(random.len() >= 20, "{id}");
        assert!(random.bytes().all(|b| b.is_ascii_alphanumeric()), "{id}");
        let ts: i64 = get(signed, "webhook-timestamp").parse().unwrap();
        assert!(
            (before..=after).contains(&ts),
            "{ts} not in {before}..={after}"
        );
        let mac = hmac_sha256(
            STANDARD_KEY,
            &[id.as_bytes(), b".", ts.to_string().as_bytes(), b".", BODY],
        );
        assert_eq!(
            get(signed, "webhook-signature"),
            format!("v1,{}", STANDARD.encode(mac))
        );
        let verified = wh.verify(BODY, signed).unwrap();
        assert_eq!(verified.id(), Some(id));
        assert_eq!(verified.timestamp(), Some(ts));
    }
    assert_ne!(get(&first, "webhook-id"), get(&second, "webhook-id"));

    // Schemes that sign no id get none; GitHub's id header only when an id is given.
    let gh = Webhook::new(Scheme::github(), ["s"]).unwrap();
    let signed = gh.sign(BODY).unwrap();
    assert_eq!(signed.len(), 1, "{signed:?}");
    assert_eq!(signed[0].0, "X-Hub-Signature-256");
    assert_eq!(gh.verify(BODY, &signed).unwrap().id(), None);

    let stripe = Webhook::new(Scheme::stripe(), ["s"]).unwrap();
    let signed = stripe.sign(BODY).unwrap();
    let ts = stripe.verify(BODY, &signed).unwrap().timestamp().unwrap();
    assert!((before..=clock()).contains(&ts));
}

#[test]
fn from_bytes_uses_raw_keys_in_every_scheme() {
    // Standard would base64-decode a text secret; raw bytes are used as they are.
    let key = b"whsec_not-decoded";
    let wh = Webhook::from_bytes(Scheme::standard(), [key]).unwrap();
    let signed = wh.sign_at(BODY, "msg_1", T).unwrap();
    let ts = T.to_string();
    let mac = hmac_sha256(key, &[b"msg_1.", ts.as_bytes(), b".", BODY]);
    assert_eq!(
        get(&signed, "webhook-signature"),
        format!("v1,{}", STANDARD.encode(mac))
    );

    let keys: Vec<Vec<u8>> = vec![vec![0u8, 255, 1], b"second".to_vec()];
    let gh = Webhook::from_bytes(Scheme::github(), &keys).unwrap();
    let signed = gh.sign_at(BODY, None, T).unwrap();
    assert_eq!(
        signed[0].1,
        format!("sha256={}", hex(&hmac_sha256(&keys[0], &[BODY])))
    );
    let from_second = [(
        "X-Hub-Signature-256",
        format!("sha256={}", hex(&hmac_sha256(b"second", &[BODY]))),
    )];
    assert_eq!(
        gh.verify_at(BODY, &from_second, T).unwrap().secret_index(),
        1
    );

    let empty: [&[u8]; 1] = [b""];
    assert_eq!(
        Webhook::from_bytes(Scheme::github(), empty)
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidSecret
    );
    assert_eq!(
        Webhook::from_bytes(Scheme::github(), Vec::<Vec<u8>>::new())
            .unwrap_err()
            .code(),
        "invalid_secret"
    );
}

#[test]
fn tolerance_overrides() {
    let wh = Webhook::new(Scheme::slack(), ["s"]).unwrap();
    assert_eq!(wh.tolerance_seconds(), 300);
    for bad in [-1, i64::MIN, i64::from(u32::MAX) + 1] {
        let err = wh.clone().try_with_tolerance_seconds(bad).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidScheme, "{bad}");
    }
    let max = wh
        .clone()
        .try_with_tolerance_seconds(i64::from(u32::MAX))
        .unwrap();
    assert_eq!(max.tolerance_seconds(), u32::MAX);

    let exact = wh.try_with_tolerance_seconds(0).unwrap();
    let signed = exact.sign_at(BODY, None, T).unwrap();
    assert!(exact.verify_at(BODY, &signed, T).is_ok());
    assert_eq!(
        exact.verify_at(BODY, &signed, T + 1).unwrap_err().code(),
        "timestamp_too_old"
    );
    assert_eq!(
        exact.verify_at(BODY, &signed, T - 1).unwrap_err().code(),
        "timestamp_too_new"
    );
}

#[test]
fn camel_case_fields_only_with_field_case_camel() {
    let camel = SchemeBuilder::from_fields(
        [
            ("signatureHeader", FieldValue::Str("X-Webhook-Signature")),
            ("prefix", FieldValue::Str("sha256=")),
            ("idHeader", FieldValue::Str("X-Webhook-ID")),
            ("timestampHeader", FieldValue::Str("X-Webhook-Timestamp")),
            ("secretEncoding", FieldValue::Str("utf8")),
            ("toleranceSeconds", FieldValue::Int(60)),
        ],
        FieldCase::Camel,
    )
    .unwrap();
    assert_eq!(camel.signature_header(), "X-Webhook-Signature");
    assert_eq!(camel.id_header(), Some("X-Webhook-ID"));
    assert_eq!(camel.tolerance_seconds(), 60);

    let snake_in_camel = SchemeBuilder::from_fields(
        [("signature_header", FieldValue::Str("X-Sig"))],
        FieldCase::Camel,
    );
    assert_eq!(snake_in_camel.unwrap_err().code(), "invalid_scheme");
    let camel_in_snake = SchemeBuilder::from_fields(
        [("signatureHeader", FieldValue::Str("X-Sig"))],
        FieldCase::Snake,
    );
    assert_eq!(camel_in_snake.unwrap_err().code(), "invalid_scheme");
    let snake = SchemeBuilder::from_fields(
        [("signature_header", FieldValue::Str("X-Sig"))],
        FieldCase::Snake,
    );
    assert_eq!(snake.unwrap().signature_header(), "X-Sig");
}

#[test]
fn error_codes_match_the_api_table() {
    // API.md, "Errors", in the table's order.
    let table = [
        "invalid_secret",
        "invalid_scheme",
        "missing_header",
        "malformed_header",
        "timestamp_too_old",
        "timestamp_too_new",
        "signature_mismatch",
        "replayed",
        "guard_full",
    ];
    let mut expected = table.to_vec();
    expected.sort_unstable();
    let codes: Vec<&str> = ErrorKind::ALL.iter().map(|kind| kind.code()).collect();
    assert_eq!(codes, expected, "ALL is the table, sorted by code");
    for kind in ErrorKind::ALL {
        assert_eq!(ErrorKind::from_code(kind.code()), Some(kind));
        assert_eq!(kind.to_string(), kind.code());
    }
    assert_eq!(ErrorKind::from_code("replay"), None);
}

#[test]
fn sign_refuses_headers_that_verify_would_refuse() {
    // 64 entries is the most verify reads; stripe spends one item on `t`.
    let secrets: Vec<String> = (0..65).map(|i| format!("secret-{i}")).collect();
    let raw = |n: usize| secrets[..n].iter().map(|s| Secret::Bytes(s.as_bytes()));
    let standard = Webhook::new(Scheme::standard(), raw(64)).unwrap();
    let signed = standard.sign_at(b"{}", "msg_1", T).unwrap();
    standard.verify_at(b"{}", &signed, T).unwrap();
    let too_many = Webhook::new(Scheme::standard(), raw(65)).unwrap();
    let err = too_many.sign_at(b"{}", "msg_1", T).unwrap_err();
    assert_eq!(err.code(), "malformed_header");
    assert_eq!(err.header_name(), Some("webhook-signature"));

    let stripe = Webhook::new(Scheme::stripe(), raw(63)).unwrap();
    stripe
        .verify_at(b"{}", stripe.sign_at(b"{}", None, T).unwrap(), T)
        .unwrap();
    let stripe = Webhook::new(Scheme::stripe(), raw(64)).unwrap();
    let err = stripe.sign_at(b"{}", None, T).unwrap_err();
    assert_eq!(err.code(), "malformed_header");

    // A prefix long enough to push the header past 8,192 bytes.
    let prefix = "p".repeat(8_192 - 64);
    let scheme = SchemeBuilder::new()
        .signature_header("x-signature")
        .prefix(&prefix)
        .build()
        .unwrap();
    let long = Webhook::new(scheme, ["key"]).unwrap();
    let signed = long.sign_at(b"{}", None, T).unwrap();
    long.verify_at(b"{}", &signed, T).unwrap();
    let scheme = SchemeBuilder::new()
        .signature_header("x-signature")
        .prefix(&format!("{prefix}p"))
        .build()
        .unwrap();
    let err = Webhook::new(scheme, ["key"])
        .unwrap()
        .sign_at(b"{}", None, T)
        .unwrap_err();
    assert_eq!(err.code(), "malformed_header");
}
