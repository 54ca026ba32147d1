//! Property tests: for every built-in scheme and for random custom schemes, `sign` writes
//! what an independent HMAC computes and its headers verify; changing any byte of the body,
//! the id, the timestamp or the signature fails; `verify` never panics on arbitrary input.
//!
//! Expected MACs come from the `hmac` and `sha2` crates directly, never from hookseal. Each
//! property runs [`DEFAULT_CASES`] cases unless `PROPTEST_CASES` says otherwise.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::ops::Range;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use hmac::{Hmac, KeyInit as _, Mac as _};
use hookseal::{
    Algorithm, Encoding, Error, ErrorKind, Scheme, Secret, SecretEncoding, Verified, Webhook,
};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::TestCaseError;
use sha2::{Sha256, Sha512};

/// Cases per property when `PROPTEST_CASES` is not set; keeps the file under a few seconds
/// in a debug build.
const DEFAULT_CASES: u32 = 256;
/// The largest timestamp of at most 12 digits.
const MAX_TIMESTAMP: i64 = 999_999_999_999;
/// The codes `verify` may return.
const VERIFY_CODES: [&str; 5] = [
    "missing_header",
    "malformed_header",
    "timestamp_too_old",
    "timestamp_too_new",
    "signature_mismatch",
];
const BUILTINS: [&str; 5] = ["standard", "stripe", "github", "slack", "shopify"];

fn config() -> ProptestConfig {
    let base = ProptestConfig::default();
    let cases = if std::env::var_os("PROPTEST_CASES").is_some() {
        base.cases
    } else {
        DEFAULT_CASES
    };
    ProptestConfig {
        cases,
        // Failures print their seed; no regression files are written next to the sources.
        failure_persistence: None,
        ..base
    }
}

// ---------------------------------------------------------------------------------------
// Schemes written down independently of hookseal.

/// How the signature header is laid out.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
enum Format {
    /// Space-separated `v1,<base64>` entries.
    Standard,
    /// `t=<ts>,v1=<hex>[,v1=<hex>...]`.
    Stripe,
    /// One signature after an optional prefix.
    Single,
}

/// What the test knows about a scheme: API.md's table for the built-ins, the chosen fields
/// for a custom scheme.
#[derive(Clone, Debug)]
struct Spec {
    /// `Some(name)` for a built-in, `None` for a custom scheme.
    builtin: Option<&'static str>,
    format: Format,
    signature_header: &'static str,
    id_header: Option<&'static str>,
    timestamp_header: Option<&'static str>,
    prefix: &'static str,
    encoding: Encoding,
    algorithm: Algorithm,
    template: &'static str,
    secret_encoding: SecretEncoding,
    /// The scheme's tolerance; `None` leaves a custom scheme at the default of 300 s.
    scheme_tolerance: Option<u32>,
    /// A `Webhook::with_tolerance_seconds` override.
    webhook_tolerance: Option<u32>,
    /// A custom scheme's `name`.
    name: Option<String>,
    /// Whether a custom scheme sets fields to their default values explicitly.
    explicit_defaults: bool,
}

impl Spec {
    fn builtin(name: &'static str) -> Self {
        let base = Self {
            builtin: Some(name),
            format: Format::Single,
            signature_header: "",
            id_header: None,
            timestamp_header: None,
            prefix: "",
            encoding: Encoding::Hex,
            algorithm: Algorithm::Sha256,
            template: "{body}",
            secret_encoding: SecretEncoding::Utf8,
            scheme_tolerance: Some(300),
            webhook_tolerance: None,
            name: None,
            explicit_defaults: false,
        };
        match name {
            "standard" => Self {
                format: Format::Standard,
                signature_header: "webhook-signature",
                id_header: Some("webhook-id"),
                timestamp_header: Some("webhook-timestamp"),
                encoding: Encoding::Base64,
                template: "{id}.{timestamp}.{body}",
                secret_encoding: SecretEncoding::Base64,
                ..base
            },
            "stripe" => Self {
                format: Format::Stripe,
                signature_header: "Stripe-Signature",
                template: "{timestamp}.{body}",
                ..base
            },
            "github" => Self {
                signature_header: "X-Hub-Signature-256",
                id_header: Some("X-GitHub-Delivery"),
                prefix: "sha256=",
                ..base
            },
            "slack" => Self {
                signature_header: "X-Slack-Signature",
                timestamp_header: Some("X-Slack-Request-Timestamp"),
                prefix: "v0=",
                template: "v0:{timestamp}:{body}",
                ..base
            },
            "shopify" => Self {
                signature_header: "X-Shopify-Hmac-Sha256",
                id_header: Some("X-Shopify-Webhook-Id"),
                encoding: Encoding::Base64,
                ..base
            },
            other => panic!("not a built-in: {other}"),
        }
    }

    fn scheme(&self) -> Scheme {
        if let Some(name) = self.builtin {
            return Scheme::from_name(name).unwrap();
        }
        let explicit = self.explicit_defaults;
        let mut builder = Scheme::custom(self.signature_header)
            .payload(self.template)
            .secret_encoding(self.secret_encoding);
        if !self.prefix.is_empty() || explicit {
            builder = builder.prefix(self.prefix);
        }
        if self.encoding != Encoding::Hex || explicit {
            builder = builder.encoding(self.encoding);
        }
        if self.algorithm != Algorithm::Sha256 || explicit {
            builder = builder.algorithm(self.algorithm);
        }
        if let Some(name) = self.id_header {
            builder = builder.id_header(name);
        }
        if let Some(name) = self.timestamp_header {
            builder = builder.timestamp_header(name);
        }
        if let Some(seconds) = self.scheme_tolerance {
            builder = builder.tolerance_seconds(seconds);
        }
        if let Some(name) = &self.name {
            builder = builder.name(name);
        }
        builder.build().unwrap()
    }

    fn name(&self) -> &str {
        self.builtin.or(self.name.as_deref()).unwrap_or("custom")
    }

    fn tolerance(&self) -> i64 {
        i64::from(
            self.webhook_tolerance
                .or(self.scheme_tolerance)
                .unwrap_or(300),
        )
    }

    fn signs_id(&self) -> bool {
        self.template.contains("{id}")
    }

    fn signs_timestamp(&self) -> bool {
        self.template.contains("{timestamp}")
    }

    fn carries_timestamp(&self) -> bool {
        self.format == Format::Stripe || self.timestamp_header.is_some()
    }

    fn mac_len(&self) -> usize {
        match self.algorithm {
            Algorithm::Sha256 => 32,
            Algorithm::Sha512 => 64,
        }
    }

    /// The signed content, by substituting the template in one pass.
    fn content(&self, id: &str, timestamp: i64, body: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut rest = self.template;
        while let Some(open) = rest.find('{') {
            out.extend_from_slice(&rest.as_bytes()[..open]);
            let close = open + rest[open..].find('}').unwrap();
            match &rest[open + 1..close] {
                "id" => out.extend_from_slice(id.as_bytes()),
                "timestamp" => out.extend_from_slice(timestamp.to_string().as_bytes()),
                "body" => out.extend_from_slice(body),
                other => panic!("unknown placeholder {other}"),
            }
            rest = &rest[close + 1..];
        }
        out.extend_from_slice(rest.as_bytes());
        out
    }

    fn mac(&self, key: &[u8], content: &[u8]) -> Vec<u8> {
        match self.algorithm {
            Algorithm::Sha256 => {
                let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
                mac.update(content);
                mac.finalize().into_bytes().to_vec()
            }
            Algorithm::Sha512 => {
                let mut mac = Hmac::<Sha512>::new_from_slice(key).unwrap();
                mac.update(content);
                mac.finalize().into_bytes().to_vec()
            }
        }
    }

    /// The headers `sign` must write for `id` and `timestamp`, with the MACs of `keys`.
    fn expected_headers(
        &self,
        keys: &[&[u8]],
        id: &str,
        timestamp: i64,
        body: &[u8],
    ) -> Vec<(String, String)> {
        let content = self.content(id, timestamp, body);
        let macs: Vec<Vec<u8>> = keys.iter().map(|key| self.mac(key, &content)).collect();
        let signature = match self.format {
            Format::Standard => macs
                .iter()
                .map(|mac| format!("v1,{}", STANDARD.encode(mac)))
                .collect::<Vec<_>>()
                .join(" "),
            Format::Stripe => {
                let mut value = format!("t={timestamp}");
                for mac in &macs {
                    value.push_str(",v1=");
                    value.push_str(&hex(mac));
                }
                value
            }
            Format::Single => {
                let encoded = match self.encoding {
                    Encoding::Hex => hex(&macs[0]),
                    Encoding::Base64 => STANDARD.encode(&macs[0]),
                };
                format!("{}{encoded}", self.prefix)
            }
        };
        let mut out = Vec::new();
        if let Some(name) = self.id_header {
            out.push((name.to_owned(), id.to_owned()));
        }
        if let Some(name) = self.timestamp_header {
            out.push((name.to_owned(), timestamp.to_string()));
        }
        out.push((self.signature_header.to_owned(), signature));
        out.sort();
        out
    }

    /// Byte ranges of the MAC texts inside a signature header value.
    fn mac_spans(&self, value: &str) -> Vec<Range<usize>> {
        let (separator, marker) = match self.format {
            Format::Standard => (' ', "v1,"),
            Format::Stripe => (',', "v1="),
            Format::Single => return std::iter::once(self.prefix.len()..value.len()).collect(),
        };
        let mut spans = Vec::new();
        let mut offset = 0;
        for item in value.split(separator) {
            if item.starts_with(marker) {
                spans.push(offset + marker.len()..offset + item.len());
            }
            offset += item.len() + 1;
        }
        spans
    }

    /// The encoding of the MAC texts in the signature header.
    fn mac_encoding(&self) -> Encoding {
        match self.format {
            Format::Standard => Encoding::Base64,
            Format::Stripe => Encoding::Hex,
            Format::Single => self.encoding,
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut out, b| {
        write!(out, "{b:02x}").unwrap();
        out
    })
}

const TEMPLATES: [&str; 7] = [
    "{body}",
    "{id}.{timestamp}.{body}",
    "{timestamp}:{body}",
    "v1:{id}:{body}|end",
    "{body}.{timestamp}",
    "{id}{body}",
    "{id}:{id}:{timestamp}:{body}",
];

fn custom_spec() -> impl Strategy<Value = Spec> {
    (
        (
            select(vec!["", "sha256=", "v1=", "sig:"]),
            prop_oneof![Just(Encoding::Hex), Just(Encoding::Base64)],
            prop_oneof![Just(Algorithm::Sha256), Just(Algorithm::Sha512)],
            select(TEMPLATES.to_vec()),
            select(vec!["X-Signature", "x-sig", "Signature"]),
        ),
        (
            any::<bool>(),
            any::<bool>(),
            prop::option::of(0u32..=1000),
            prop_oneof![
                Just(SecretEncoding::Utf8),
                Just(SecretEncoding::Base64),
                Just(SecretEncoding::Hex),
            ],
            prop::option::of("[a-z][a-z0-9-]{0,15}"),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (prefix, encoding, algorithm, template, signature_header),
                (with_id, with_timestamp, tolerance, secret_encoding, name, explicit),
            )| {
                let id_header = (with_id || template.contains("{id}")).then_some("X-Delivery-Id");
                let timestamp_header = (with_timestamp || template.contains("{timestamp}"))
                    .then_some("X-Delivery-Timestamp");
                Spec {
                    builtin: None,
                    format: Format::Single,
                    signature_header,
                    id_header,
                    timestamp_header,
                    prefix,
                    encoding,
                    algorithm,
                    template,
                    secret_encoding,
                    scheme_tolerance: tolerance,
                    webhook_tolerance: None,
                    name,
                    explicit_defaults: explicit,
                }
            },
        )
}

fn builtin_spec() -> impl Strategy<Value = Spec> {
    (
        select(BUILTINS.to_vec()),
        prop::option::weighted(0.25, 0u32..=1000),
    )
        .prop_map(|(name, webhook_tolerance)| Spec {
            webhook_tolerance,
            ..Spec::builtin(name)
        })
}

// ---------------------------------------------------------------------------------------
// Secrets and deliveries.

/// A secret as given to `Webhook::new`, and the HMAC key it must become.
#[derive(Clone, Debug)]
struct TestSecret {
    key: Vec<u8>,
    text: Option<String>,
}

impl TestSecret {
    fn secret(&self) -> Secret<'_> {
        match &self.text {
            Some(text) => Secret::Text(text),
            None => Secret::Bytes(&self.key),
        }
    }
}

fn secret_strategy(encoding: SecretEncoding) -> BoxedStrategy<TestSecret> {
    let raw = vec(any::<u8>(), 1..=64).prop_map(|key| TestSecret { key, text: None });
    let text = match encoding {
        SecretEncoding::Utf8 => "(?s).{1,40}"
            .prop_map(|text: String| TestSecret {
                key: text.as_bytes().to_vec(),
                text: Some(text),
            })
            .boxed(),
        SecretEncoding::Base64 => (vec(any::<u8>(), 1..=64), any::<bool>(), any::<bool>())
            .prop_map(|(key, whsec, padded)| {
                let encoded = if padded {
                    STANDARD.encode(&key)
                } else {
                    STANDARD_NO_PAD.encode(&key)
                };
                let text = if whsec {
                    format!("whsec_{encoded}")
                } else {
                    encoded
                };
                TestSecret {
                    key,
                    text: Some(text),
                }
            })
            .boxed(),
        SecretEncoding::Hex => (vec(any::<u8>(), 1..=64), any::<bool>())
            .prop_map(|(key, upper)| {
                let text = if upper {
                    hex(&key).to_uppercase()
                } else {
                    hex(&key)
                };
                TestSecret {
                    key,
                    text: Some(text),
                }
            })
            .boxed(),
    };
    prop_oneof![raw, text].boxed()
}

fn body_strategy() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        1 => Just(Vec::new()),
        3 => "(?s).{0,200}".prop_map(String::into_bytes),
        6 => vec(any::<u8>(), 0..=4096),
    ]
}

/// 1 to 256 bytes of visible ASCII, inner spaces allowed, none around.
fn id_strategy() -> impl Strategy<Value = String> {
    "[!-~]([ -~]{0,254}[!-~])?"
}

#[derive(Clone, Debug)]
struct Delivery {
    spec: Spec,
    secrets: Vec<TestSecret>,
    body: Vec<u8>,
    id: String,
    timestamp: i64,
    now: i64,
}

impl Delivery {
    fn webhook(&self) -> Webhook {
        let wh = Webhook::new(
            self.spec.scheme(),
            self.secrets.iter().map(TestSecret::secret),
        )
        .unwrap();
        match self.spec.webhook_tolerance {
            Some(seconds) => wh.with_tolerance_seconds(seconds),
            None => wh,
        }
    }

    fn keys(&self) -> Vec<&[u8]> {
        self.secrets.iter().map(|s| s.key.as_slice()).collect()
    }

    fn sign(&self, wh: &Webhook) -> Vec<(String, String)> {
        wh.sign_at(&self.body, self.id.as_str(), self.timestamp)
            .unwrap()
    }

    fn check(&self, verified: &Verified, secret_index: usize) -> Result<(), TestCaseError> {
        let spec = &self.spec;
        prop_assert_eq!(verified.id(), spec.id_header.map(|_| self.id.as_str()));
        prop_assert_eq!(
            verified.timestamp(),
            spec.carries_timestamp().then_some(self.timestamp)
        );
        prop_assert_eq!(verified.scheme(), spec.name());
        prop_assert_eq!(verified.secret_index(), secret_index);
        Ok(())
    }
}

fn deliveries(specs: impl Strategy<Value = Spec>) -> impl Strategy<Value = Delivery> {
    specs
        .prop_flat_map(|spec| {
            let secrets = vec(secret_strategy(spec.secret_encoding), 1..=3);
            (
                Just(spec),
                secrets,
                body_strategy(),
                id_strategy(),
                0..=MAX_TIMESTAMP,
                any::<u32>(),
                any::<i64>(),
            )
        })
        .prop_map(|(spec, secrets, body, id, timestamp, offset, free_now)| {
            let now = if spec.carries_timestamp() {
                // Anywhere in [timestamp - tolerance, timestamp + tolerance].
                let tolerance = spec.tolerance();
                timestamp + i64::from(offset) % (2 * tolerance + 1) - tolerance
            } else {
                free_now
            };
            Delivery {
                spec,
                secrets,
                body,
                id,
                timestamp,
                now,
            }
        })
}

fn fail(context: &str, err: &Error) -> TestCaseError {
    TestCaseError::fail(format!("{context}: {} ({err})", err.code()))
}

/// `sign` writes what an independent HMAC computes; its headers verify with secret 0; a
/// webhook holding only secret `k` signs deliveries that the full one attributes to the
/// first secret with the same key.
fn round_trip(d: &Delivery) -> Result<(), TestCaseError> {
    let wh = d.webhook();
    let mut signed = d.sign(&wh);
    signed.sort();
    let keys = d.keys();
    prop_assert_eq!(
        &signed,
        &d.spec.expected_headers(&keys, &d.id, d.timestamp, &d.body)
    );
    let verified = wh
        .verify_at(&d.body, &signed, d.now)
        .map_err(|e| fail("signed headers do not verify", &e))?;
    d.check(&verified, 0)?;

    for secret in &d.secrets {
        let alone = Webhook::new(d.spec.scheme(), [secret.secret()]).unwrap();
        let signed = d.sign(&alone);
        let verified = wh
            .verify_at(&d.body, &signed, d.now)
            .map_err(|e| fail("one secret's signature does not verify", &e))?;
        let first_equal = keys.iter().position(|key| *key == secret.key).unwrap();
        d.check(&verified, first_equal)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn builtin_sign_verify_round_trip(d in deliveries(builtin_spec())) {
        round_trip(&d)?;
    }

    #[test]
    fn custom_sign_verify_round_trip(d in deliveries(custom_spec())) {
        round_trip(&d)?;
    }
}

// ---------------------------------------------------------------------------------------
// Tampering.

#[derive(Clone, Debug)]
enum Tamper {
    /// XOR one byte of the body with a non-zero mask (append the mask to an empty body).
    Body { index: usize, mask: u8 },
    /// Replace the id with another valid id.
    Id(String),
    /// Move the timestamp to another value inside the window around `now`.
    Timestamp(u64),
    /// Replace one character of every MAC text with another canonical one.
    SignatureCanonical(u64),
    /// Replace one character of every MAC text with any other character.
    SignatureAny(u64, char),
}

fn tamper_strategy() -> impl Strategy<Value = Tamper> {
    prop_oneof![
        (any::<usize>(), 1u8..=255).prop_map(|(index, mask)| Tamper::Body { index, mask }),
        id_strategy().prop_map(Tamper::Id),
        any::<u64>().prop_map(Tamper::Timestamp),
        any::<u64>().prop_map(Tamper::SignatureCanonical),
        (any::<u64>(), any::<char>()).prop_map(|(at, c)| Tamper::SignatureAny(at, c)),
    ]
}

const BASE64_ALPHABET: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Replaces one character of `text` (a canonical MAC text of `mac_len` bytes) so that the
/// result is still canonical in `encoding` but decodes to other bytes.
#[allow(
    clippy::cast_possible_truncation,
    reason = "every value is reduced modulo a small number first"
)]
fn canonical_flip(text: &str, encoding: Encoding, mac_len: usize, selector: u64) -> String {
    let mut bytes = text.as_bytes().to_vec();
    match encoding {
        Encoding::Hex => {
            let len = bytes.len() as u64;
            let at = (selector % len) as usize;
            let digit = char::from(bytes[at]).to_digit(16).unwrap();
            // A different value, not merely another case of the same digit.
            let shift = 1 + ((selector / len) % 15) as u32;
            bytes[at] = char::from_digit((digit + shift) % 16, 16).unwrap() as u8;
        }
        Encoding::Base64 => {
            let data = text.trim_end_matches('=').len();
            let at = (selector % data as u64) as usize;
            let value = BASE64_ALPHABET
                .iter()
                .position(|c| *c == bytes[at])
                .unwrap();
            // The last symbol carries bits beyond the MAC's length, which must stay zero.
            let zero_bits = data * 6 - mac_len * 8;
            let step = if at == data - 1 { 1 << zero_bits } else { 1 };
            let choices = (64 / step) as u64;
            let k = 1 + ((selector / data as u64) % (choices - 1)) as usize;
            bytes[at] = BASE64_ALPHABET[(value + k * step) % 64];
        }
    }
    String::from_utf8(bytes).unwrap()
}

/// Replaces one character of `text` with `with`; a replacement that would decode to the same
/// bytes (the same character, or another case of the same hex digit) becomes a canonical
/// flip instead.
#[allow(
    clippy::cast_possible_truncation,
    reason = "the position is reduced modulo the length first"
)]
fn any_flip(text: &str, encoding: Encoding, mac_len: usize, selector: u64, with: char) -> String {
    let at = (selector % text.len() as u64) as usize;
    let old = char::from(text.as_bytes()[at]);
    let same = old == with || (encoding == Encoding::Hex && old.eq_ignore_ascii_case(&with));
    if same {
        return canonical_flip(text, encoding, mac_len, selector);
    }
    format!("{}{with}{}", &text[..at], &text[at + 1..])
}

fn header_mut<'h>(headers: &'h mut [(String, String)], name: &str) -> &'h mut String {
    &mut headers
        .iter_mut()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .unwrap()
        .1
}

/// Rewrites every MAC text of the signature header with `flip`.
fn rewrite_macs(spec: &Spec, headers: &mut [(String, String)], flip: impl Fn(&str) -> String) {
    let value = header_mut(headers, spec.signature_header);
    let mut out = value.clone();
    // From the end, so that earlier ranges stay valid when a replacement changes length.
    for span in spec.mac_spans(value).into_iter().rev() {
        let replaced = flip(&out[span.clone()]);
        out.replace_range(span, &replaced);
    }
    *value = out;
}

fn expect_code(
    outcome: hookseal::Result<Verified>,
    codes: &[ErrorKind],
    what: &str,
) -> Result<(), TestCaseError> {
    match outcome {
        Ok(v) => Err(TestCaseError::fail(format!(
            "{what}: verified anyway ({v:?})"
        ))),
        Err(err) if codes.contains(&err.kind()) => Ok(()),
        Err(err) => Err(fail(&format!("{what}: expected one of {codes:?}"), &err)),
    }
}

fn tampered(d: &Delivery, tamper: &Tamper) -> Result<(), TestCaseError> {
    let spec = &d.spec;
    let wh = d.webhook();
    let mut headers = d.sign(&wh);
    let original = wh
        .verify_at(&d.body, &headers, d.now)
        .map_err(|e| fail("untampered delivery", &e))?;
    let mismatch = [ErrorKind::SignatureMismatch];
    match tamper {
        Tamper::Body { index, mask } => {
            let mut body = d.body.clone();
            if body.is_empty() {
                body.push(*mask);
            } else {
                let at = index % body.len();
                body[at] ^= mask;
            }
            // Exactly signature_mismatch: every header is still well formed.
            expect_code(wh.verify_at(&body, &headers, d.now), &mismatch, "body byte")?;
        }
        Tamper::Id(other) => {
            let Some(name) = spec.id_header else {
                return Ok(());
            };
            if *other == d.id {
                return Ok(());
            }
            other.clone_into(header_mut(&mut headers, name));
            let outcome = wh.verify_at(&d.body, &headers, d.now);
            if spec.signs_id() {
                expect_code(outcome, &mismatch, "changed signed id")?;
            } else {
                // Not signed: reported as given, and the replay key ignores it.
                let verified = outcome.map_err(|e| fail("changed unsigned id", &e))?;
                prop_assert_eq!(verified.id(), Some(other.as_str()));
                prop_assert_eq!(verified.replay_key(), original.replay_key());
            }
        }
        Tamper::Timestamp(selector) => {
            if !spec.carries_timestamp() {
                return Ok(());
            }
            let tolerance = spec.tolerance();
            let low = (d.now - tolerance).max(0);
            let high = (d.now + tolerance).min(MAX_TIMESTAMP);
            let span = u64::try_from(high - low).unwrap();
            if span == 0 {
                return Ok(());
            }
            // Any value of [low, high] other than the original timestamp.
            let mut other = low + i64::try_from(selector % span).unwrap();
            if other >= d.timestamp {
                other += 1;
            }
            if let Some(name) = spec.timestamp_header {
                *header_mut(&mut headers, name) = other.to_string();
            } else {
                // Stripe: the timestamp is the `t=` item of the signature header.
                let value = header_mut(&mut headers, spec.signature_header);
                let old = format!("t={},", d.timestamp);
                *value = value.replacen(&old, &format!("t={other},"), 1);
            }
            let outcome = wh.verify_at(&d.body, &headers, d.now);
            if spec.signs_timestamp() {
                expect_code(outcome, &mismatch, "changed signed timestamp")?;
            } else {
                let verified = outcome.map_err(|e| fail("changed unsigned timestamp", &e))?;
                prop_assert_eq!(verified.timestamp(), Some(other));
            }
        }
        Tamper::SignatureCanonical(selector) => {
            let (encoding, len) = (spec.mac_encoding(), spec.mac_len());
            rewrite_macs(spec, &mut headers, |text| {
                canonical_flip(text, encoding, len, *selector)
            });
            // Still well formed, so exactly signature_mismatch.
            expect_code(
                wh.verify_at(&d.body, &headers, d.now),
                &mismatch,
                "canonical signature change",
            )?;
        }
        Tamper::SignatureAny(selector, with) => {
            let (encoding, len) = (spec.mac_encoding(), spec.mac_len());
            rewrite_macs(spec, &mut headers, |text| {
                any_flip(text, encoding, len, *selector, *with)
            });
            // Either still well formed (mismatch) or no longer parsable (malformed).
            expect_code(
                wh.verify_at(&d.body, &headers, d.now),
                &[ErrorKind::SignatureMismatch, ErrorKind::MalformedHeader],
                "signature character change",
            )?;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn builtin_tampering_fails(d in deliveries(builtin_spec()), tamper in tamper_strategy()) {
        tampered(&d, &tamper)?;
    }

    #[test]
    fn custom_tampering_fails(d in deliveries(custom_spec()), tamper in tamper_strategy()) {
        tampered(&d, &tamper)?;
    }
}

// ---------------------------------------------------------------------------------------
// Arbitrary input never panics.

/// Every header name a built-in reads, including the Svix fallback.
const KNOWN_NAMES: [&str; 12] = [
    "webhook-id",
    "webhook-timestamp",
    "webhook-signature",
    "svix-id",
    "svix-timestamp",
    "svix-signature",
    "Stripe-Signature",
    "X-Hub-Signature-256",
    "X-GitHub-Delivery",
    "X-Slack-Signature",
    "X-Slack-Request-Timestamp",
    "X-Shopify-Hmac-Sha256",
];

fn name_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (select(KNOWN_NAMES.to_vec()), any::<u64>()).prop_map(|(name, cases)| {
            // Scramble the case, one bit of `cases` per character.
            name.chars()
                .enumerate()
                .map(|(i, c)| {
                    if cases >> (i % 64) & 1 == 1 {
                        c.to_ascii_uppercase()
                    } else {
                        c.to_ascii_lowercase()
                    }
                })
                .collect()
        }),
        1 => Just("X-Shopify-Webhook-Id".to_owned()),
        1 => any::<String>(),
        1 => "[A-Za-z0-9-]{1,24}",
    ]
}

fn value_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ \t]{0,2}[0-9]{0,14}[ \t]{0,2}",
        "[ \t]{0,2}(v1,[A-Za-z0-9+/=]{0,90}|v[0-9],[A-Za-z0-9]{0,4}|,|v1) ?( {1,2}v1,[A-Za-z0-9+/=]{0,90}){0,3}",
        "(t=[0-9]{0,13}|v1=[0-9a-fA-F]{0,70}|v0=[a-z]{0,3}|[a-z]{0,3}=?)( ?, ?(t=[0-9]{0,13}|v1=[0-9a-fA-F]{0,70}|[a-z]{0,3}=?)){0,4},?",
        "(sha256=|v0=|SHA256=)?[0-9a-fA-F]{0,130}",
        "[A-Za-z0-9+/]{0,90}={0,3}",
        (
            0usize..80,
            "v1,[A-Za-z0-9+/=]{0,8}",
            select(vec![" ", "  ", ","])
        )
            .prop_map(|(n, entry, sep)| vec![entry; n].join(sep)),
        (8180usize..8200, any::<char>()).prop_map(|(n, c)| std::iter::repeat_n(c, n).collect()),
    ]
}

fn webhook_for(name: &str) -> Webhook {
    let secret = if name == "standard" {
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    } else {
        "a plain text secret"
    };
    Webhook::new(Scheme::from_name(name).unwrap(), [secret]).unwrap()
}

/// The names a built-in may report in an error.
fn reportable(name: &str) -> Vec<&'static str> {
    let spec = Spec::builtin(BUILTINS.iter().copied().find(|b| *b == name).unwrap());
    let mut names: Vec<&str> = [
        Some(spec.signature_header),
        spec.id_header,
        spec.timestamp_header,
    ]
    .into_iter()
    .flatten()
    .collect();
    if name == "standard" {
        names.extend(["svix-signature", "svix-id", "svix-timestamp"]);
    }
    names
}

fn check_outcome(name: &str, outcome: &hookseal::Result<Verified>) -> Result<(), TestCaseError> {
    if let Err(err) = outcome {
        prop_assert!(
            VERIFY_CODES.contains(&err.code()),
            "unexpected code {}",
            err.code()
        );
        let header = err.header_name();
        prop_assert!(
            header.is_some_and(|h| reportable(name).contains(&h)),
            "{err} names {header:?}"
        );
        let message = err.to_string();
        prop_assert!(!message.contains(['\n', '\r']), "{message:?}");
    }
    Ok(())
}

#[derive(Clone, Debug)]
enum Edit {
    Remove(usize),
    Duplicate(usize),
    Replace(usize, String),
    Insert(usize, usize, char),
    Truncate(usize, usize),
    Uppercase(usize),
    Add(String, String),
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<usize>().prop_map(Edit::Remove),
        any::<usize>().prop_map(Edit::Duplicate),
        (any::<usize>(), value_strategy()).prop_map(|(i, v)| Edit::Replace(i, v)),
        (any::<usize>(), any::<usize>(), any::<char>())
            .prop_map(|(i, at, c)| Edit::Insert(i, at, c)),
        (any::<usize>(), any::<usize>()).prop_map(|(i, len)| Edit::Truncate(i, len)),
        any::<usize>().prop_map(Edit::Uppercase),
        (name_strategy(), value_strategy()).prop_map(|(n, v)| Edit::Add(n, v)),
    ]
}

fn apply(headers: &mut Vec<(String, String)>, edit: &Edit) {
    if headers.is_empty() {
        if let Edit::Add(name, value) = edit {
            headers.push((name.clone(), value.clone()));
        }
        return;
    }
    let count = headers.len();
    let pick = |i: &usize| i % count;
    match edit {
        Edit::Remove(i) => {
            headers.remove(pick(i));
        }
        Edit::Duplicate(i) => headers.push(headers[pick(i)].clone()),
        Edit::Replace(i, value) => value.clone_into(&mut headers[pick(i)].1),
        Edit::Insert(i, at, c) => {
            let value = &mut headers[pick(i)].1;
            let chars: Vec<char> = value.chars().collect();
            let at = at % (chars.len() + 1);
            *value = chars[..at]
                .iter()
                .chain(std::iter::once(c))
                .chain(&chars[at..])
                .collect();
        }
        Edit::Truncate(i, len) => {
            let value = &mut headers[pick(i)].1;
            let keep = len % (value.chars().count() + 1);
            *value = value.chars().take(keep).collect();
        }
        Edit::Uppercase(i) => {
            let (name, value) = &mut headers[pick(i)];
            *name = name.to_uppercase();
            *value = value.to_uppercase();
        }
        Edit::Add(name, value) => headers.push((name.clone(), value.clone())),
    }
}

proptest! {
    #![proptest_config(config())]

    /// Arbitrary header pairs, bodies and times: `Ok`, or one of the codes of `verify`
    /// naming one of the scheme's headers.
    #[test]
    fn verify_never_panics_on_arbitrary_headers(
        name in select(BUILTINS.to_vec()),
        headers in vec((name_strategy(), value_strategy()), 0..8),
        body in vec(any::<u8>(), 0..256),
        now in any::<i64>(),
    ) {
        let outcome = webhook_for(name).verify_at(&body, &headers, now);
        check_outcome(name, &outcome)?;
    }

    /// A signed delivery edited at random, verified at any time: never a panic, and a
    /// success only reports what the headers carry.
    #[test]
    fn verify_never_panics_on_edited_deliveries(
        name in select(BUILTINS.to_vec()),
        body in vec(any::<u8>(), 0..256),
        timestamp in 0..=MAX_TIMESTAMP,
        edits in vec(edit_strategy(), 1..6),
        now in prop_oneof![any::<i64>(), Just(i64::MIN), Just(i64::MAX), Just(0)],
    ) {
        let wh = webhook_for(name);
        let mut headers = wh.sign_at(&body, "msg_p", timestamp).unwrap();
        for edit in &edits {
            apply(&mut headers, edit);
        }
        let outcome = wh.verify_at(&body, &headers, now);
        check_outcome(name, &outcome)?;
        if let Ok(verified) = outcome {
            prop_assert_eq!(verified.scheme(), name);
            prop_assert_eq!(verified.secret_index(), 0);
            if let Some(ts) = verified.timestamp() {
                prop_assert!(now.abs_diff(ts) <= 300);
            }
        }
    }
}
