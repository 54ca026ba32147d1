//! The native half of the `hookseal` npm package.
//!
//! A small, backend-neutral surface (`NativeWebhook`, `NativeScheme`, `NativeReplayGuard`,
//! `replayKey`, `replayTtlSeconds`, `generateSecret`) that `lib/api.cjs` wraps into the
//! public API; the wasm build exposes the same surface, so one JavaScript layer serves both.
//! Every method converts, calls the core, and reports the core's error code as the thrown
//! error's `code`.
//!
//! Crossing Node-API is priced per value: a string costs ~0.1 µs, an object with a finalizer
//! (a class instance, an external) ~1.1 µs. So headers arrive as one NUL-joined string, and
//! a verified delivery leaves as one string (its replay ticket and fields), not an object.

#![allow(
    clippy::needless_pass_by_value,
    reason = "napi-rs hands arguments over by value"
)]
#![allow(
    clippy::must_use_candidate,
    reason = "JavaScript callers cannot be told to use a result"
)]
#![allow(
    clippy::missing_errors_doc,
    reason = "every error is the core's, with its code; index.d.ts documents them"
)]

use hookseal::{FieldCase, FieldValue, Secret};
use hookseal_js_wire::{self as wire, seconds};
use napi::bindgen_prelude::{Either, Uint8ArraySlice};
use napi_derive::napi;

/// A napi result whose error `code` is the core's code (`signature_mismatch`, ...).
type Result<T> = napi::Result<T, String>;

fn raise(err: &hookseal::Error) -> napi::Error<String> {
    napi::Error::new(err.code().to_owned(), err.to_string())
}

/// The bytes of a body as the wrapper passes it: bytes (borrowed, not copied) or a string.
fn body_bytes<'a>(body: &'a Either<Uint8ArraySlice<'_>, String>) -> &'a [u8] {
    match body {
        Either::A(bytes) => bytes,
        Either::B(text) => text.as_bytes(),
    }
}

/// A scheme: where the signature travels and what is signed.
#[napi]
pub struct NativeScheme {
    inner: hookseal::Scheme,
}

#[napi]
impl NativeScheme {
    /// A built-in scheme by name.
    #[napi(factory)]
    pub fn from_name(name: String) -> Result<Self> {
        hookseal::Scheme::from_name(&name)
            .map(|inner| Self { inner })
            .map_err(|e| raise(&e))
    }

    /// A scheme from camelCase fields the wrapper has classified: `kinds[i]` is `d`
    /// (default), `s` (string in `texts[i]`), `i` (integer in `ints[i]`) or another letter
    /// for a value of the wrong type, described in `texts[i]`.
    #[napi(factory)]
    pub fn from_fields(
        base: Option<String>,
        names: Vec<String>,
        kinds: Vec<String>,
        texts: Vec<String>,
        ints: Vec<f64>,
    ) -> Result<Self> {
        let mut fields: Vec<(&str, FieldValue<'_>)> = Vec::with_capacity(names.len() + 1);
        if let Some(base) = &base {
            fields.push(("base", FieldValue::Str(base)));
        }
        for (((name, kind), text), int) in names.iter().zip(&kinds).zip(&texts).zip(&ints) {
            fields.push((name, wire::field_value(kind, text, *int)));
        }
        hookseal::SchemeBuilder::from_fields(fields, FieldCase::Camel)
            .map(|inner| Self { inner })
            .map_err(|e| raise(&e))
    }

    /// What `Verified.scheme` reports.
    #[napi(getter)]
    pub fn name(&self) -> String {
        self.inner.name().to_owned()
    }

    /// Allowed distance between the timestamp and now, in seconds.
    #[napi(getter)]
    pub fn tolerance_seconds(&self) -> u32 {
        self.inner.tolerance_seconds()
    }

    /// The header that carries the signature.
    #[napi(getter)]
    pub fn signature_header(&self) -> String {
        self.inner.signature_header().to_owned()
    }

    /// The header that carries the delivery id, if any.
    #[napi(getter)]
    pub fn id_header(&self) -> Option<String> {
        self.inner.id_header().map(str::to_owned)
    }

    /// The header that carries the timestamp, if any.
    #[napi(getter)]
    pub fn timestamp_header(&self) -> Option<String> {
        self.inner.timestamp_header().map(str::to_owned)
    }
}

/// Signs and verifies the deliveries of one endpoint.
#[napi]
pub struct NativeWebhook {
    inner: hookseal::Webhook,
}

#[napi]
impl NativeWebhook {
    /// Keys every secret (strings decoded by the scheme, bytes used raw).
    #[napi(constructor)]
    pub fn new(
        scheme: &NativeScheme,
        secrets: Vec<Either<String, Uint8ArraySlice<'_>>>,
        tolerance_seconds: Option<f64>,
    ) -> Result<Self> {
        let keys = secrets.iter().map(|secret| match secret {
            Either::A(text) => Secret::Text(text),
            Either::B(bytes) => Secret::Bytes(bytes),
        });
        let mut inner =
            hookseal::Webhook::new(scheme.inner.clone(), keys).map_err(|e| raise(&e))?;
        if let Some(tolerance) = tolerance_seconds {
            inner = inner
                .try_with_tolerance_seconds(seconds(tolerance))
                .map_err(|e| raise(&e))?;
        }
        Ok(Self { inner })
    }

    /// Verifies a delivery. `headers` is `name\0value\0name\0value...` (one string), or
    /// `[name, value, ...]` when a value holds a NUL; `now` defaults to the clock. Returns
    /// `ticket\0secretIndex\0timestamp\0id` (empty for an absent timestamp or id).
    #[napi]
    pub fn verify(
        &self,
        body: Either<Uint8ArraySlice<'_>, String>,
        headers: Either<String, Vec<String>>,
        now: Option<f64>,
    ) -> Result<String> {
        let now = now.map_or_else(hookseal::unix_now, seconds);
        let outcome = match &headers {
            Either::A(joined) => {
                self.inner
                    .verify_at(body_bytes(&body), wire::joined_pairs(joined), now)
            }
            Either::B(flat) => self
                .inner
                .verify_at(body_bytes(&body), wire::flat_pairs(flat), now),
        };
        let verified = outcome.map_err(|e| raise(&e))?;
        Ok(wire::encode_verified(&verified))
    }

    /// Signs `body`; returns `[name, value, ...]`.
    #[napi]
    pub fn sign(
        &self,
        body: Either<Uint8ArraySlice<'_>, String>,
        id: Option<String>,
        timestamp: Option<f64>,
    ) -> Result<Vec<String>> {
        let timestamp = timestamp.map_or_else(hookseal::unix_now, seconds);
        let headers = self
            .inner
            .sign_at(body_bytes(&body), id.as_deref(), timestamp)
            .map_err(|e| raise(&e))?;
        Ok(headers.into_iter().flat_map(|(n, v)| [n, v]).collect())
    }

    /// The header names the scheme reads, in lowercase.
    #[napi(getter)]
    pub fn header_names(&self) -> Vec<String> {
        wire::header_names(self.inner.scheme())
    }

    /// The scheme in use.
    #[napi(getter)]
    pub fn scheme(&self) -> NativeScheme {
        NativeScheme {
            inner: self.inner.scheme().clone(),
        }
    }

    /// Allowed distance between the timestamp and now, in seconds.
    #[napi(getter)]
    pub fn tolerance_seconds(&self) -> u32 {
        self.inner.tolerance_seconds()
    }
}

fn ticket(text: &str) -> Result<hookseal::ReplayTicket> {
    hookseal::ReplayTicket::decode(text)
        .ok_or_else(|| napi::Error::new("InvalidArg".to_owned(), "not a replay ticket"))
}

/// The key shared replay guards record for the delivery `ticket` stands for.
#[napi]
pub fn replay_key(ticket_text: String) -> Result<String> {
    Ok(ticket(&ticket_text)?.key())
}

/// Seconds a shared guard must remember the delivery `ticket` stands for, claimed at `now`
/// (the clock when null); 0 when nothing needs remembering.
#[napi]
#[allow(
    clippy::cast_precision_loss,
    reason = "lifetimes far below 2^53 seconds"
)]
pub fn replay_ttl_seconds(ticket_text: String, ttl_seconds: u32, now: Option<f64>) -> Result<f64> {
    let now = now.map_or_else(hookseal::unix_now, seconds);
    Ok(ticket(&ticket_text)?.ttl_seconds(now, ttl_seconds) as f64)
}

/// Remembers verified deliveries in this process until their window closes.
#[napi]
pub struct NativeReplayGuard {
    inner: hookseal::ReplayGuard,
}

#[napi]
impl NativeReplayGuard {
    /// A guard of at most `capacity` live entries; `ttl_seconds` for deliveries without a
    /// signed timestamp. Nulls take the core's defaults.
    #[napi(constructor)]
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "checked by the wrapper"
    )]
    pub fn new(capacity: Option<f64>, ttl_seconds: Option<u32>) -> Self {
        Self {
            inner: hookseal::ReplayGuard::new(
                capacity.map_or(hookseal::DEFAULT_GUARD_CAPACITY, |c| c as usize),
                ttl_seconds.unwrap_or(hookseal::DEFAULT_GUARD_TTL_SECONDS),
            ),
        }
    }

    /// Records the delivery `ticket` stands for; throws `replayed` or `guard_full`.
    #[napi]
    pub fn claim(&self, ticket_text: String, now: Option<f64>) -> Result<()> {
        let now = now.map_or_else(hookseal::unix_now, seconds);
        self.inner
            .claim_ticket_at(&ticket(&ticket_text)?, now)
            .map_err(|e| raise(&e))
    }

    /// Forgets a claim.
    #[napi]
    pub fn release(&self, ticket_text: String) -> Result<()> {
        self.inner.release_ticket(&ticket(&ticket_text)?);
        Ok(())
    }

    /// The most live claims this guard holds.
    #[napi(getter)]
    #[allow(clippy::cast_precision_loss, reason = "capacities far below 2^53")]
    pub fn capacity(&self) -> f64 {
        self.inner.capacity() as f64
    }

    /// How long deliveries without a signed timestamp are remembered.
    #[napi(getter)]
    pub fn ttl_seconds(&self) -> u32 {
        self.inner.ttl_seconds()
    }

    /// Entries held.
    #[napi(getter)]
    #[allow(clippy::cast_precision_loss, reason = "sizes far below 2^53")]
    pub fn size(&self) -> f64 {
        self.inner.len() as f64
    }
}

/// A new `whsec_` secret: the base64 of 32 random bytes from the operating system.
#[napi]
#[must_use]
pub fn generate_secret() -> String {
    hookseal::generate_secret()
}

/// The default tolerance, in seconds.
#[napi]
pub const DEFAULT_TOLERANCE_SECONDS: u32 = hookseal::DEFAULT_TOLERANCE_SECONDS;
