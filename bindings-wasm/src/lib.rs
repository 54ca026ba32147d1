//! The WebAssembly half of the `hookseal` npm package (and of `hookseal-wasm`).
//!
//! The same small surface as the napi addon (`NativeWebhook`, `NativeScheme`,
//! `NativeReplayGuard`, `replayKey`, `replayTtlSeconds`, `generateSecret`), so that one
//! JavaScript layer (`bindings-node/lib/api.cjs`) serves both. Every function converts, calls
//! the core, and throws the core's error code as the thrown error's `code`. This is the one
//! binding that reads the host clock: `Date.now()` when the caller gives no `now`.

#![allow(
    clippy::needless_pass_by_value,
    reason = "wasm-bindgen hands arguments over by value"
)]
#![allow(
    clippy::must_use_candidate,
    reason = "JavaScript callers cannot be told to use a result"
)]
#![allow(
    clippy::missing_errors_doc,
    reason = "every error is the core's, with its code; index.d.ts documents them"
)]
#![cfg_attr(target_arch = "wasm32", no_std)]

extern crate alloc;

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;

use hookseal::{FieldCase, FieldValue, Secret};
use hookseal_js_wire::{self as wire, seconds};
use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

/// Memory for the module: talc over wasm's linear memory, grown as needed.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// A panic (a bug: no input should cause one) traps; the JavaScript caller sees a
/// `WebAssembly.RuntimeError`. Nothing formats the panic message, so none of that code ships.
#[cfg(all(target_arch = "wasm32", not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

/// A thrown `Error` whose `code` is the core's code (`signature_mismatch`, ...).
fn raise(err: &hookseal::Error) -> JsValue {
    coded(err.code(), &err.message())
}

fn coded(code: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    let _ = Reflect::set(&error, &JsValue::from_str("code"), &JsValue::from_str(code));
    error.into()
}

/// The host clock in whole Unix seconds.
fn now_or_clock(now: Option<f64>) -> i64 {
    // `Date.now()` is whole milliseconds; flooring them to seconds needs no float maths.
    now.map_or_else(|| seconds(js_sys::Date::now()).div_euclid(1000), seconds)
}

/// Bytes of a body or secret: a `Uint8Array` (copied into wasm memory) or a string.
fn bytes_of(value: &JsValue) -> Result<Vec<u8>, JsValue> {
    if let Some(text) = value.as_string() {
        return Ok(text.into_bytes());
    }
    value
        .dyn_ref::<Uint8Array>()
        .map(Uint8Array::to_vec)
        .ok_or_else(|| coded("InvalidArg", "expected a string or a Uint8Array"))
}

/// The strings of a JavaScript array (anything else reads as ""). Arrays cross as `Array`
/// rather than `Vec<String>`: wasm-bindgen's vector conversions would add to the module.
fn strings(array: &JsValue) -> Vec<String> {
    Array::from(array)
        .iter()
        .map(|value| value.as_string().unwrap_or_default())
        .collect()
}

fn optional_string(value: Option<&str>) -> JsValue {
    value.map_or(JsValue::NULL, JsValue::from_str)
}

/// A scheme: where the signature travels and what is signed.
#[wasm_bindgen]
pub struct NativeScheme {
    inner: hookseal::Scheme,
}

#[wasm_bindgen]
impl NativeScheme {
    /// A built-in scheme by name.
    #[wasm_bindgen(js_name = fromName)]
    pub fn from_name(name: String) -> Result<NativeScheme, JsValue> {
        hookseal::Scheme::from_name(&name)
            .map(|inner| Self { inner })
            .map_err(|e| raise(&e))
    }

    /// A scheme from camelCase fields the wrapper has classified (see the napi addon).
    #[wasm_bindgen(js_name = fromFields)]
    pub fn from_fields(
        base: Option<String>,
        names: Array,
        kinds: Array,
        texts: Array,
        ints: Vec<f64>,
    ) -> Result<NativeScheme, JsValue> {
        let (names, kinds, texts) = (strings(&names), strings(&kinds), strings(&texts));
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
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.inner.name().to_owned()
    }

    /// Allowed distance between the timestamp and now, in seconds.
    #[wasm_bindgen(getter, js_name = toleranceSeconds)]
    pub fn tolerance_seconds(&self) -> u32 {
        self.inner.tolerance_seconds()
    }

    /// The header that carries the signature.
    #[wasm_bindgen(getter, js_name = signatureHeader)]
    pub fn signature_header(&self) -> String {
        self.inner.signature_header().to_owned()
    }

    /// The header that carries the delivery id, or null.
    #[wasm_bindgen(getter, js_name = idHeader)]
    pub fn id_header(&self) -> JsValue {
        optional_string(self.inner.id_header())
    }

    /// The header that carries the timestamp, or null.
    #[wasm_bindgen(getter, js_name = timestampHeader)]
    pub fn timestamp_header(&self) -> JsValue {
        optional_string(self.inner.timestamp_header())
    }
}

/// Signs and verifies the deliveries of one endpoint.
#[wasm_bindgen]
pub struct NativeWebhook {
    inner: hookseal::Webhook,
}

#[wasm_bindgen]
impl NativeWebhook {
    /// Keys every secret (strings decoded by the scheme, bytes used raw).
    #[wasm_bindgen(constructor)]
    pub fn new(
        scheme: &NativeScheme,
        secrets: Array,
        tolerance_seconds: Option<f64>,
    ) -> Result<NativeWebhook, JsValue> {
        enum Owned {
            Text(String),
            Bytes(Vec<u8>),
        }
        let owned = secrets
            .iter()
            .map(|secret| match secret.as_string() {
                Some(text) => Ok(Owned::Text(text)),
                None => bytes_of(&secret).map(Owned::Bytes),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let keys = owned.iter().map(|secret| match secret {
            Owned::Text(text) => Secret::Text(text),
            Owned::Bytes(bytes) => Secret::Bytes(bytes),
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

    /// Verifies a delivery. `headers` is `name\0value\0...` (one string) or
    /// `[name, value, ...]`; returns `ticket\0secretIndex\0timestamp\0id`.
    pub fn verify(
        &self,
        body: JsValue,
        headers: JsValue,
        now: Option<f64>,
    ) -> Result<String, JsValue> {
        let body = bytes_of(&body)?;
        let now = now_or_clock(now);
        let outcome = if let Some(joined) = headers.as_string() {
            self.inner
                .verify_at(&body, wire::joined_pairs(&joined), now)
        } else {
            self.inner
                .verify_at(&body, wire::flat_pairs(&strings(&headers)), now)
        };
        let verified = outcome.map_err(|e| raise(&e))?;
        Ok(wire::encode_verified(&verified))
    }

    /// Signs `body`; returns `[name, value, ...]`.
    pub fn sign(
        &self,
        body: JsValue,
        id: Option<String>,
        timestamp: Option<f64>,
    ) -> Result<Array, JsValue> {
        let body = bytes_of(&body)?;
        let headers = self
            .inner
            .sign_at(&body, id.as_deref(), now_or_clock(timestamp))
            .map_err(|e| raise(&e))?;
        let flat = Array::new();
        for (name, value) in &headers {
            flat.push(&JsValue::from_str(name));
            flat.push(&JsValue::from_str(value));
        }
        Ok(flat)
    }

    /// The header names the scheme reads, in lowercase.
    #[wasm_bindgen(getter, js_name = headerNames)]
    pub fn header_names(&self) -> Array {
        wire::header_names(self.inner.scheme())
            .iter()
            .map(|name| JsValue::from_str(name))
            .collect()
    }

    /// The scheme in use.
    #[wasm_bindgen(getter)]
    pub fn scheme(&self) -> NativeScheme {
        NativeScheme {
            inner: self.inner.scheme().clone(),
        }
    }

    /// Allowed distance between the timestamp and now, in seconds.
    #[wasm_bindgen(getter, js_name = toleranceSeconds)]
    pub fn tolerance_seconds(&self) -> u32 {
        self.inner.tolerance_seconds()
    }
}

fn ticket(text: &str) -> Result<hookseal::ReplayTicket, JsValue> {
    hookseal::ReplayTicket::decode(text).ok_or_else(|| coded("InvalidArg", "not a replay ticket"))
}

/// The key shared replay guards record for the delivery `ticket` stands for.
#[wasm_bindgen(js_name = replayKey)]
pub fn replay_key(ticket_text: String) -> Result<String, JsValue> {
    Ok(ticket(&ticket_text)?.key())
}

/// Seconds a shared guard must remember the delivery `ticket` stands for.
#[wasm_bindgen(js_name = replayTtlSeconds)]
#[allow(
    clippy::cast_precision_loss,
    reason = "lifetimes far below 2^53 seconds"
)]
pub fn replay_ttl_seconds(
    ticket_text: String,
    ttl_seconds: u32,
    now: Option<f64>,
) -> Result<f64, JsValue> {
    Ok(ticket(&ticket_text)?.ttl_seconds(now_or_clock(now), ttl_seconds) as f64)
}

/// Remembers verified deliveries until their window closes.
#[wasm_bindgen]
pub struct NativeReplayGuard {
    inner: hookseal::ReplayGuard,
}

#[wasm_bindgen]
impl NativeReplayGuard {
    /// A guard of at most `capacity` live entries; nulls take the core's defaults.
    #[wasm_bindgen(constructor)]
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "checked by the wrapper"
    )]
    pub fn new(capacity: Option<f64>, ttl_seconds: Option<u32>) -> NativeReplayGuard {
        Self {
            inner: hookseal::ReplayGuard::new(
                capacity.map_or(hookseal::DEFAULT_GUARD_CAPACITY, |c| c as usize),
                ttl_seconds.unwrap_or(hookseal::DEFAULT_GUARD_TTL_SECONDS),
            ),
        }
    }

    /// Records the delivery `ticket` stands for; throws `replayed` or `guard_full`.
    pub fn claim(&self, ticket_text: String, now: Option<f64>) -> Result<(), JsValue> {
        self.inner
            .claim_ticket_at(&ticket(&ticket_text)?, now_or_clock(now))
            .map_err(|e| raise(&e))
    }

    /// Forgets a claim.
    pub fn release(&self, ticket_text: String) -> Result<(), JsValue> {
        self.inner.release_ticket(&ticket(&ticket_text)?);
        Ok(())
    }

    /// The most live claims this guard holds.
    #[wasm_bindgen(getter)]
    #[allow(clippy::cast_precision_loss, reason = "capacities far below 2^53")]
    pub fn capacity(&self) -> f64 {
        self.inner.capacity() as f64
    }

    /// How long deliveries without a signed timestamp are remembered.
    #[wasm_bindgen(getter, js_name = ttlSeconds)]
    pub fn ttl_seconds(&self) -> u32 {
        self.inner.ttl_seconds()
    }

    /// Entries held.
    #[wasm_bindgen(getter)]
    #[allow(clippy::cast_precision_loss, reason = "sizes far below 2^53")]
    pub fn size(&self) -> f64 {
        self.inner.len() as f64
    }
}

/// A new `whsec_` secret: the base64 of 32 bytes from `crypto.getRandomValues`.
#[wasm_bindgen(js_name = generateSecret)]
pub fn generate_secret() -> String {
    hookseal::generate_secret()
}
