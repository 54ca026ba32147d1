//! The `Webhook` type: secrets keyed once, then `sign` and `verify` per delivery.

use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;

use zeroize::Zeroizing;

use crate::encoding::{self, Decimal, Mac, concat, int_string, push_int};
use crate::error::{Error, ErrorKind, Result};
use crate::headers::{
    self, FoundView, HeaderPair, MAX_ID_BYTES, MAX_SIGNATURE_ENTRIES, MAX_SIGNATURE_HEADER_BYTES,
};
use crate::mac::{Keyed, Parts};
use crate::scheme::{Encoding, Format, Scheme, SecretEncoding};
use crate::ticket::{self, ReplayTicket};

/// Largest timestamp `sign` writes: the largest of at most 12 digits.
const MAX_TIMESTAMP: i64 = 999_999_999_999;

/// A secret as the caller holds it.
#[derive(Clone, Copy)]
pub enum Secret<'a> {
    /// Text, decoded by the scheme's [`SecretEncoding`].
    Text(&'a str),
    /// The raw HMAC key, used as it is in every scheme.
    Bytes(&'a [u8]),
}

impl fmt::Debug for Secret<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Text(_) => "Secret::Text(<redacted>)",
            Self::Bytes(_) => "Secret::Bytes(<redacted>)",
        })
    }
}

impl<'a> From<&'a str> for Secret<'a> {
    fn from(text: &'a str) -> Self {
        Self::Text(text)
    }
}

impl<'a> From<&'a String> for Secret<'a> {
    fn from(text: &'a String) -> Self {
        Self::Text(text)
    }
}

impl<'a> From<&'a [u8]> for Secret<'a> {
    fn from(bytes: &'a [u8]) -> Self {
        Self::Bytes(bytes)
    }
}

impl<'a, const N: usize> From<&'a [u8; N]> for Secret<'a> {
    fn from(bytes: &'a [u8; N]) -> Self {
        Self::Bytes(bytes)
    }
}

impl<'a> From<&'a Vec<u8>> for Secret<'a> {
    fn from(bytes: &'a Vec<u8>) -> Self {
        Self::Bytes(bytes)
    }
}

/// Signs and verifies the deliveries of one endpoint.
///
/// Build it once from the secret(s) and reuse it: the HMAC key schedule runs here, once per
/// secret, and each call clones the keyed state.
///
/// # Examples
///
/// ```
/// use hookseal::{Scheme, Webhook};
///
/// let wh = Webhook::new(Scheme::standard(), ["whsec_c2VjcmV0"])?;
/// let body = br#"{"type":"ping"}"#;
/// let headers = wh.sign_at(body, "msg_1", 1_700_000_000)?;
/// let verified = wh.verify_at(body, &headers, 1_700_000_010)?;
/// assert_eq!(verified.id(), Some("msg_1"));
/// # Ok::<(), hookseal::Error>(())
/// ```
///
/// # Security
///
/// Verify the raw request body, before any JSON parser touches it. Pass `now` only to
/// verify an old delivery on purpose: the timestamp window is what stops old deliveries.
/// The window does not stop a replay inside it; claim each verified delivery with a
/// [`ReplayGuard`](crate::ReplayGuard) (or a shared one in the bindings) for that.
#[derive(Clone)]
pub struct Webhook {
    scheme: Scheme,
    keys: Vec<Keyed>,
    tolerance_seconds: u32,
}

impl Webhook {
    /// Builds a webhook from one or more secrets (several for rotation: a delivery signed
    /// with any of them verifies).
    ///
    /// Text secrets are decoded by the scheme's secret encoding; byte secrets are the raw
    /// key.
    ///
    /// # Errors
    ///
    /// `invalid_secret` if no secret is given, a secret is empty, or a text secret does not
    /// decode.
    pub fn new<'a, I>(scheme: Scheme, secrets: I) -> Result<Self>
    where
        I: IntoIterator,
        I::Item: Into<Secret<'a>>,
    {
        let keys = secrets
            .into_iter()
            .enumerate()
            .map(|(index, secret)| key(&scheme, index, secret.into()))
            .collect::<Result<Vec<_>>>()?;
        if keys.is_empty() {
            return Err(Error::new(ErrorKind::InvalidSecret, "no secret given"));
        }
        let tolerance_seconds = scheme.tolerance_seconds;
        Ok(Self {
            scheme,
            keys,
            tolerance_seconds,
        })
    }

    /// Builds a webhook from raw HMAC keys.
    ///
    /// # Errors
    ///
    /// `invalid_secret` if no key is given or a key is empty.
    pub fn from_bytes<I>(scheme: Scheme, keys: I) -> Result<Self>
    where
        I: IntoIterator,
        I::Item: AsRef<[u8]>,
    {
        let keys: Vec<I::Item> = keys.into_iter().collect();
        Self::new(scheme, keys.iter().map(|k| Secret::Bytes(k.as_ref())))
    }

    /// Replaces the scheme's tolerance.
    #[must_use]
    pub fn with_tolerance_seconds(mut self, seconds: u32) -> Self {
        self.tolerance_seconds = seconds;
        self
    }

    /// Replaces the scheme's tolerance with a value received from a binding.
    ///
    /// # Errors
    ///
    /// `invalid_scheme` if `seconds` is negative or above `u32::MAX`.
    pub fn try_with_tolerance_seconds(self, seconds: i64) -> Result<Self> {
        let seconds = u32::try_from(seconds).map_err(|_| {
            Error::new(
                ErrorKind::InvalidScheme,
                concat(&[
                    "tolerance must be between 0 and ",
                    &int_string(u32::MAX.into()),
                    " seconds",
                ]),
            )
        })?;
        Ok(self.with_tolerance_seconds(seconds))
    }

    /// The scheme this webhook signs and verifies with.
    #[must_use]
    pub const fn scheme(&self) -> &Scheme {
        &self.scheme
    }

    /// Allowed distance between a delivery's timestamp and now, in seconds.
    #[must_use]
    pub const fn tolerance_seconds(&self) -> u32 {
        self.tolerance_seconds
    }

    /// Verifies a delivery against the system clock.
    ///
    /// # Errors
    ///
    /// As [`verify_at`](Webhook::verify_at).
    #[cfg(feature = "std")]
    pub fn verify<I>(&self, body: &[u8], headers: I) -> Result<Verified>
    where
        I: IntoIterator,
        I::Item: HeaderPair,
    {
        self.verify_at(body, headers, crate::clock::unix_now())
    }

    /// Verifies a delivery at `now` (Unix seconds).
    ///
    /// `body` is the raw request body; `headers` are name/value pairs, matched
    /// case-insensitively.
    ///
    /// # Errors
    ///
    /// Checked in this order, the first failure being reported: `missing_header` (a header
    /// the scheme needs is absent or empty), `malformed_header` (given twice, over a length
    /// cap, or unparsable), `timestamp_too_old` / `timestamp_too_new` (outside the
    /// tolerance), `signature_mismatch` (no signature matches any secret).
    ///
    /// # Security
    ///
    /// MACs are compared in constant time over their decoded bytes.
    pub fn verify_at<I>(&self, body: &[u8], headers: I, now: i64) -> Result<Verified>
    where
        I: IntoIterator,
        I::Item: HeaderPair,
    {
        let scheme = &self.scheme;
        let found = headers::find(&scheme.headers, scheme.fallback.as_ref(), headers);
        self.verify_found(body, &found.view(), now)
    }

    /// Verification proper, after the lookup: not generic, so compiled once.
    #[allow(clippy::too_many_lines, reason = "the four stages of API.md, in order")]
    fn verify_found(&self, body: &[u8], found: &FoundView<'_, '_>, now: i64) -> Result<Verified> {
        let scheme = &self.scheme;
        let names = found.names;
        let id_name = names.id.as_ref();
        let ts_name = names.timestamp.as_ref();

        // 1. Required headers present. An id that is not signed is optional.
        if let Some(name) = id_name
            && scheme.signs_id
            && !found.id.is_present()
        {
            return Err(Error::header(
                ErrorKind::MissingHeader,
                name,
                "absent or empty",
            ));
        }
        if let Some(name) = ts_name
            && !found.timestamp.is_present()
        {
            return Err(Error::header(
                ErrorKind::MissingHeader,
                name,
                "absent or empty",
            ));
        }
        if !found.signature.is_present() {
            return Err(Error::header(
                ErrorKind::MissingHeader,
                &names.signature,
                "absent or empty",
            ));
        }

        // 2. Headers parsed.
        let malformed = |name: &Arc<str>, why| Error::header(ErrorKind::MalformedHeader, name, why);
        let mut id = None;
        if let Some(name) = id_name {
            if found.id.is_duplicate() {
                return Err(malformed(name, "given more than once"));
            }
            id = found.id.value();
            if id.is_some_and(|id| id.len() > MAX_ID_BYTES) {
                return Err(malformed(name, "longer than 256 bytes"));
            }
        }
        let mut timestamp = None;
        if let Some(name) = ts_name {
            if found.timestamp.is_duplicate() {
                return Err(malformed(name, "given more than once"));
            }
            let text = found.timestamp.value().unwrap_or_default();
            let seconds = headers::parse_timestamp(text).ok_or_else(|| {
                malformed(
                    name,
                    "not a Unix timestamp of 1 to 12 digits without sign or leading zero",
                )
            })?;
            // The syntax rules make the header text identical to the number's digits, so
            // the text is what gets signed.
            timestamp = Some((seconds, text));
        }
        let sig_name = &names.signature;
        if found.signature.is_duplicate() {
            return Err(malformed(sig_name, "given more than once"));
        }
        if found.signature.raw_len() > MAX_SIGNATURE_HEADER_BYTES {
            return Err(malformed(sig_name, "longer than 8192 bytes"));
        }
        let value = found.signature.value().unwrap_or_default();
        let mac_len = scheme.algorithm.mac_len();
        let candidates = match scheme.format {
            Format::Standard => headers::parse_standard(value, mac_len),
            Format::Stripe => headers::parse_stripe(value, mac_len).map(|(t, candidates)| {
                timestamp = Some(t);
                candidates
            }),
            Format::Single => {
                headers::parse_single(value, &scheme.prefix, scheme.encoding, mac_len)
                    .map(headers::Candidates::one)
            }
        }
        .map_err(|why| malformed(sig_name, why))?;

        // 3. Timestamp inside the window, in both directions.
        if let Some((ts, _)) = timestamp {
            let tolerance = i64::from(self.tolerance_seconds);
            let ts_header = ts_name.unwrap_or(sig_name);
            if ts < now.saturating_sub(tolerance) {
                return Err(Error::header(
                    ErrorKind::TimestampTooOld,
                    ts_header,
                    "further in the past than the tolerance",
                ));
            }
            if ts > now.saturating_add(tolerance) {
                return Err(Error::header(
                    ErrorKind::TimestampTooNew,
                    ts_header,
                    "further in the future than the tolerance",
                ));
            }
        }

        // 4. Signatures: one MAC per secret, compared with every candidate.
        let parts = Parts {
            id: id.unwrap_or_default().as_bytes(),
            timestamp: timestamp.map_or("", |(_, text)| text).as_bytes(),
            body,
        };
        let timestamp = timestamp.map(|(seconds, _)| seconds);
        // The MAC under the first secret keys replays of deliveries without a signed id.
        // Keying by the matched signature instead would let a copy stripped of its first
        // signature (Stripe during rotation) match another secret and pass as new.
        let mut first_mac = None;
        for (secret_index, key) in self.keys.iter().enumerate() {
            let expected = key.compute(&scheme.payload, parts);
            let replay_mac = *first_mac.get_or_insert(expected);
            // Every candidate is compared, so that the time taken does not depend on which
            // one matched or on how many bytes of a wrong one were right.
            let mut matched = false;
            for candidate in candidates.iter() {
                matched |= candidate.ct_eq(&expected);
            }
            if matched {
                return Ok(Verified {
                    id: id.map(String::from),
                    timestamp,
                    secret_index,
                    scheme: Arc::clone(&scheme.name),
                    signed_id: scheme.signs_id,
                    replay_mac,
                    window_end: timestamp
                        .filter(|_| scheme.signs_timestamp)
                        .map(|ts| ts.saturating_add(i64::from(self.tolerance_seconds))),
                });
            }
        }
        Err(Error::header(
            ErrorKind::SignatureMismatch,
            sig_name,
            "no signature matches",
        ))
    }

    /// Signs `body` with a random id and the system clock's time.
    ///
    /// # Errors
    ///
    /// As [`sign_at`](Webhook::sign_at).
    #[cfg(feature = "std")]
    pub fn sign(&self, body: &[u8]) -> Result<Vec<(String, String)>> {
        self.sign_at(body, None, crate::clock::unix_now())
    }

    /// Signs `body` and returns the headers to send, spelled as the scheme names them.
    ///
    /// `id` is used where the scheme carries an id (a random `msg_` id where the scheme
    /// signs one and `id` is `None`); `timestamp` where it carries a timestamp. Schemes
    /// with several signatures (`standard`, `stripe`) sign with every secret; the others
    /// with the first.
    ///
    /// # Errors
    ///
    /// `malformed_header` if `id` is empty, longer than 256 bytes, has surrounding spaces
    /// or tabs, or holds a control character, or if `timestamp` is negative or longer than
    /// 12 digits, since verification would refuse such headers.
    pub fn sign_at<'i>(
        &self,
        body: &[u8],
        id: impl Into<Option<&'i str>>,
        timestamp: i64,
    ) -> Result<Vec<(String, String)>> {
        let scheme = &self.scheme;
        let names = &scheme.headers;
        let mut out = Vec::with_capacity(3);

        let id: Option<String> = match (&names.id, id.into()) {
            (Some(name), Some(id)) => {
                check_id(name, id)?;
                Some(id.into())
            }
            (Some(_), None) if scheme.signs_id => Some(crate::random::message_id()?),
            _ => None,
        };
        if let (Some(name), Some(id)) = (&names.id, &id) {
            out.push((String::from(&**name), id.clone()));
        }

        let ts_text = Decimal::new(u64::try_from(timestamp).unwrap_or(0));
        if scheme.carries_timestamp() && !(0..=MAX_TIMESTAMP).contains(&timestamp) {
            let name = names.timestamp.as_ref().unwrap_or(&names.signature);
            return Err(Error::header(
                ErrorKind::MalformedHeader,
                name,
                "timestamp must be between 0 and 999999999999",
            ));
        }
        if let Some(name) = &names.timestamp {
            let mut text = String::new();
            ts_text.push_to(&mut text);
            out.push((String::from(&**name), text));
        }

        // What `sign` returns must verify: no more entries (items, for stripe) than verify
        // reads, and no longer a header.
        let entries = match scheme.format {
            Format::Standard => self.keys.len(),
            Format::Stripe => self.keys.len().saturating_add(1),
            Format::Single => 1,
        };
        if entries > MAX_SIGNATURE_ENTRIES {
            return Err(Error::header(
                ErrorKind::MalformedHeader,
                &names.signature,
                "would hold more than 64 entries: sign with fewer secrets",
            ));
        }

        let parts = Parts {
            id: id.as_deref().unwrap_or_default().as_bytes(),
            timestamp: ts_text.as_bytes(),
            body,
        };
        let macs = self
            .keys
            .iter()
            .map(|key| key.compute(&scheme.payload, parts));
        let value = match scheme.format {
            Format::Standard => {
                let mut value = String::new();
                for mac in macs {
                    if !value.is_empty() {
                        value.push(' ');
                    }
                    value.push_str("v1,");
                    value.push_str(&encoding::base64_string(mac.as_slice()));
                }
                value
            }
            Format::Stripe => {
                let mut value = String::from("t=");
                ts_text.push_to(&mut value);
                for mac in macs {
                    value.push_str(",v1=");
                    value.push_str(&encoding::hex_string(mac.as_slice()));
                }
                value
            }
            Format::Single => {
                let first = self
                    .keys
                    .first()
                    .map(|key| key.compute(&scheme.payload, parts));
                let mac = first.as_ref().map(Mac::as_slice).unwrap_or_default();
                let encoded = match scheme.encoding {
                    Encoding::Hex => encoding::hex_string(mac),
                    Encoding::Base64 => encoding::base64_string(mac),
                };
                concat(&[&scheme.prefix, &encoded])
            }
        };
        if value.len() > MAX_SIGNATURE_HEADER_BYTES {
            return Err(Error::header(
                ErrorKind::MalformedHeader,
                &names.signature,
                "would be longer than 8192 bytes",
            ));
        }
        out.push((String::from(&*names.signature), value));
        Ok(out)
    }
}

impl fmt::Debug for Webhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Webhook")
            .field("scheme", &self.scheme.name)
            .field("secrets", &self.keys.len())
            .field("tolerance_seconds", &self.tolerance_seconds)
            .finish()
    }
}

fn key(scheme: &Scheme, index: usize, secret: Secret<'_>) -> Result<Keyed> {
    let invalid = |why: &str| {
        let mut detail = String::from("secret ");
        push_int(&mut detail, i64::try_from(index).unwrap_or(i64::MAX));
        detail.push(' ');
        detail.push_str(why);
        Error::new(ErrorKind::InvalidSecret, detail)
    };
    let decoded: Zeroizing<Vec<u8>>;
    let bytes: &[u8] = match secret {
        Secret::Bytes(bytes) => bytes,
        Secret::Text(text) => match scheme.secret_encoding {
            SecretEncoding::Utf8 => text.as_bytes(),
            SecretEncoding::Base64 => {
                let text = text.strip_prefix("whsec_").unwrap_or(text);
                decoded = Zeroizing::new(
                    encoding::base64_lenient(text).ok_or_else(|| invalid("is not valid base64"))?,
                );
                &decoded
            }
            SecretEncoding::Hex => {
                decoded = Zeroizing::new(
                    encoding::hex_vec(text).ok_or_else(|| invalid("is not valid hex"))?,
                );
                &decoded
            }
        },
    };
    if bytes.is_empty() {
        return Err(invalid("is empty"));
    }
    Keyed::new(scheme.algorithm, bytes).ok_or_else(|| invalid("cannot key the MAC"))
}

fn check_id(name: &Arc<str>, id: &str) -> Result<()> {
    let why = if id.is_empty() {
        "id must not be empty"
    } else if id.len() > MAX_ID_BYTES {
        "id longer than 256 bytes"
    } else if headers::trim(id) != id {
        "id has surrounding spaces or tabs"
    } else if id.chars().any(char::is_control) {
        "id holds a control character"
    } else {
        return Ok(());
    };
    Err(Error::header(ErrorKind::MalformedHeader, name, why))
}

/// A delivery that verified: what it carried and which secret matched.
///
/// Pass it to [`ReplayGuard::claim_at`](crate::ReplayGuard::claim_at) to refuse replays.
#[derive(Clone)]
pub struct Verified {
    id: Option<String>,
    timestamp: Option<i64>,
    secret_index: usize,
    scheme: Arc<str>,
    signed_id: bool,
    /// The MAC of the signed content under the first secret.
    replay_mac: Mac,
    window_end: Option<i64>,
}

impl Verified {
    /// The delivery id, if the scheme carries one and it was given.
    #[must_use]
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The timestamp in Unix seconds, if the scheme carries one.
    #[must_use]
    pub const fn timestamp(&self) -> Option<i64> {
        self.timestamp
    }

    /// Index of the first secret, in the order given, that matched.
    #[must_use]
    pub const fn secret_index(&self) -> usize {
        self.secret_index
    }

    /// The name of the scheme that verified it.
    #[must_use]
    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    /// The key under which replay guards record this delivery: 64 lowercase hex digits of
    /// a SHA-256 over the scheme name and the signed id, or, where the scheme signs no id,
    /// the MAC of the signed content under the first secret (the matched signature when the
    /// first secret matched).
    ///
    /// # Security
    ///
    /// An id the scheme does not sign is never used: anyone can change it. Nor is the matched
    /// signature itself when several secrets are configured: a copy of a Stripe delivery
    /// stripped of its first `v1` would match the second secret, and so would pass as new.
    #[must_use]
    pub fn replay_key(&self) -> String {
        self.replay_ticket().key()
    }

    /// What a replay guard needs to remember this delivery: its key and its window.
    #[must_use]
    pub fn replay_ticket(&self) -> ReplayTicket {
        ReplayTicket::new(self.replay_digest(), self.window_end)
    }

    fn replay_digest(&self) -> [u8; 32] {
        match (&self.id, self.signed_id) {
            (Some(id), true) => ticket::digest_of_id(&self.scheme, id),
            _ => ticket::digest_of_mac(&self.scheme, self.replay_mac.as_slice()),
        }
    }

    /// The same ticket as [`replay_ticket`](Verified::replay_ticket)`().encode()` means,
    /// as text that [`ReplayTicket::decode`] reads, without hashing now when the delivery
    /// has a signed id: the text then carries the scheme and the id, and decoding hashes
    /// them. For bindings that hand a ticket to a guard only if there is one.
    #[must_use]
    pub fn replay_ticket_text(&self) -> String {
        match (&self.id, self.signed_id) {
            (Some(id), true) => ticket::encode_id_form(&self.scheme, id, self.window_end)
                .unwrap_or_else(|| self.replay_ticket().encode()),
            _ => self.replay_ticket().encode(),
        }
    }

    /// Until when (exclusive, Unix seconds) a guard must remember this delivery; see
    /// [`ReplayTicket::expires_at`].
    #[must_use]
    pub fn replay_expires_at(&self, now: i64, ttl_seconds: u32) -> i64 {
        self.replay_ticket().expires_at(now, ttl_seconds)
    }

    /// How long, in whole seconds from `now`, a guard must remember this delivery; 0 when
    /// it no longer needs remembering.
    #[must_use]
    pub fn replay_ttl_seconds(&self, now: i64, ttl_seconds: u32) -> u64 {
        self.replay_ticket().ttl_seconds(now, ttl_seconds)
    }
}

impl fmt::Debug for Verified {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The replay MAC stays out: it is a MAC.
        f.debug_struct("Verified")
            .field("id", &self.id)
            .field("timestamp", &self.timestamp)
            .field("secret_index", &self.secret_index)
            .field("scheme", &self.scheme)
            .finish_non_exhaustive()
    }
}
