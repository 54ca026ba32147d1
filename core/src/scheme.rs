//! Schemes: where a signature travels and what it signs, described as data.
//!
//! One verification engine reads a [`Scheme`]; the five built-ins are values of it, and a
//! custom scheme is built with a [`SchemeBuilder`], optionally on top of a built-in.

use crate::encoding::{self, concat, int_string};
use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;

use crate::error::{Error, ErrorKind, Result};

/// Tolerance between a delivery's timestamp and now, in seconds, in both directions, unless
/// a scheme or a webhook sets another.
pub const DEFAULT_TOLERANCE_SECONDS: u32 = 300;

/// How a signature is written in its header.
#[derive(Clone, Copy, Debug, Eq, Hash, PartialEq)]
pub enum Encoding {
    /// Hexadecimal, accepted in either case, written in lowercase.
    Hex,
    /// Canonical padded standard base64.
    Base64,
}

/// The hash function under HMAC.
#[derive(Clone, Copy, Debug, Eq, Hash, PartialEq)]
pub enum Algorithm {
    /// HMAC-SHA256, 32-byte MACs.
    Sha256,
    /// HMAC-SHA512, 64-byte MACs.
    Sha512,
}

impl Algorithm {
    /// Length of the MAC in bytes.
    #[must_use]
    pub const fn mac_len(self) -> usize {
        match self {
            Self::Sha256 => 32,
            Self::Sha512 => 64,
        }
    }
}

/// How a secret given as text becomes the HMAC key.
#[derive(Clone, Copy, Debug, Eq, Hash, PartialEq)]
pub enum SecretEncoding {
    /// The UTF-8 bytes of the whole text.
    Utf8,
    /// Standard base64, padded or not, after stripping a `whsec_` prefix.
    Base64,
    /// Hexadecimal of even length, in either case.
    Hex,
}

/// The built-in a custom scheme is based on.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
enum Base {
    Standard,
    Stripe,
    Github,
    Slack,
    Shopify,
}

impl Base {
    fn from_name(name: &str) -> Option<Self> {
        match name {
            "standard" => Some(Self::Standard),
            "stripe" => Some(Self::Stripe),
            "github" => Some(Self::Github),
            "slack" => Some(Self::Slack),
            "shopify" => Some(Self::Shopify),
            _ => None,
        }
    }

    const fn name(self) -> &'static str {
        match self {
            Self::Standard => "standard",
            Self::Stripe => "stripe",
            Self::Github => "github",
            Self::Slack => "slack",
            Self::Shopify => "shopify",
        }
    }

    const fn format(self) -> Format {
        match self {
            Self::Standard => Format::Standard,
            Self::Stripe => Format::Stripe,
            Self::Github | Self::Slack | Self::Shopify => Format::Single,
        }
    }

    /// Everything a custom scheme on this base does not override.
    const fn defaults(self) -> Defaults {
        match self {
            Self::Standard => Defaults {
                signature_header: "webhook-signature",
                prefix: "",
                encoding: Encoding::Base64,
                payload: "{id}.{timestamp}.{body}",
                id_header: Some("webhook-id"),
                timestamp_header: Some("webhook-timestamp"),
                secret_encoding: SecretEncoding::Base64,
            },
            Self::Stripe => Defaults {
                signature_header: "Stripe-Signature",
                prefix: "",
                encoding: Encoding::Hex,
                payload: "{timestamp}.{body}",
                id_header: None,
                timestamp_header: None,
                secret_encoding: SecretEncoding::Utf8,
            },
            Self::Github => Defaults {
                signature_header: "X-Hub-Signature-256",
                prefix: "sha256=",
                encoding: Encoding::Hex,
                payload: "{body}",
                id_header: Some("X-GitHub-Delivery"),
                timestamp_header: None,
                secret_encoding: SecretEncoding::Utf8,
            },
            Self::Slack => Defaults {
                signature_header: "X-Slack-Signature",
                prefix: "v0=",
                encoding: Encoding::Hex,
                payload: "v0:{timestamp}:{body}",
                id_header: None,
                timestamp_header: Some("X-Slack-Request-Timestamp"),
                secret_encoding: SecretEncoding::Utf8,
            },
            Self::Shopify => Defaults {
                signature_header: "X-Shopify-Hmac-Sha256",
                prefix: "",
                encoding: Encoding::Base64,
                payload: "{body}",
                id_header: Some("X-Shopify-Webhook-Id"),
                timestamp_header: None,
                secret_encoding: SecretEncoding::Utf8,
            },
        }
    }
}

struct Defaults {
    signature_header: &'static str,
    prefix: &'static str,
    encoding: Encoding,
    payload: &'static str,
    id_header: Option<&'static str>,
    timestamp_header: Option<&'static str>,
    secret_encoding: SecretEncoding,
}

/// How the signature header is laid out.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub(crate) enum Format {
    /// Space-separated `v1,<base64>` entries (Standard Webhooks, Svix).
    Standard,
    /// Comma-separated `key=value` items with one `t` and any number of `v1` (Stripe).
    Stripe,
    /// One signature, after an optional prefix.
    Single,
}

/// A piece of the signed content.
#[derive(Clone, Debug, Eq, PartialEq)]
pub(crate) enum Segment {
    Literal(Box<[u8]>),
    Id,
    Timestamp,
    Body,
}

/// The header names one scheme reads; `standard` has a second set for Svix.
#[derive(Clone, Debug)]
pub(crate) struct HeaderNames {
    pub(crate) signature: Arc<str>,
    pub(crate) id: Option<Arc<str>>,
    pub(crate) timestamp: Option<Arc<str>>,
    /// The signature, id and timestamp names in lowercase, for lookup.
    pub(crate) lowercase: [Option<Box<str>>; 3],
}

impl HeaderNames {
    fn new(signature: &str, id: Option<&str>, timestamp: Option<&str>) -> Self {
        let lower = |name: &str| Some(name.to_ascii_lowercase().into_boxed_str());
        Self {
            signature: Arc::from(signature),
            id: id.map(Arc::from),
            timestamp: timestamp.map(Arc::from),
            lowercase: [
                lower(signature),
                id.and_then(lower),
                timestamp.and_then(lower),
            ],
        }
    }
}

/// Where a webhook's signature travels, what is signed, and how secrets are decoded.
///
/// Build one with [`Scheme::standard`], [`Scheme::stripe`], [`Scheme::github`],
/// [`Scheme::slack`], [`Scheme::shopify`], [`Scheme::from_name`], or a [`SchemeBuilder`].
///
/// # Examples
///
/// ```
/// use hookseal::Scheme;
///
/// let in_house = Scheme::custom("X-Webhook-Signature")
///     .prefix("sha256=")
///     .id_header("X-Webhook-ID")
///     .timestamp_header("X-Webhook-Timestamp")
///     .build()?;
/// assert_eq!(in_house.name(), "custom");
/// # Ok::<(), hookseal::Error>(())
/// ```
#[derive(Clone)]
pub struct Scheme {
    pub(crate) name: Arc<str>,
    pub(crate) format: Format,
    pub(crate) prefix: Arc<str>,
    pub(crate) encoding: Encoding,
    pub(crate) algorithm: Algorithm,
    pub(crate) payload: Arc<[Segment]>,
    pub(crate) headers: HeaderNames,
    pub(crate) fallback: Option<HeaderNames>,
    pub(crate) secret_encoding: SecretEncoding,
    pub(crate) tolerance_seconds: u32,
    pub(crate) signs_id: bool,
    pub(crate) signs_timestamp: bool,
}

impl Scheme {
    /// Standard Webhooks (also Svix): `webhook-signature` (else `svix-signature`) holds
    /// space-separated `v1,<base64>` entries over `{id}.{timestamp}.{body}`; the secret is
    /// base64 after an optional `whsec_` prefix.
    #[must_use]
    pub fn standard() -> Self {
        Self::builtin(Base::Standard)
    }

    /// Stripe: `Stripe-Signature: t=<ts>,v1=<hex>` over `{timestamp}.{body}`; the key is the
    /// UTF-8 of the whole secret.
    #[must_use]
    pub fn stripe() -> Self {
        Self::builtin(Base::Stripe)
    }

    /// GitHub: `X-Hub-Signature-256: sha256=<hex>` over the body; the id in
    /// `X-GitHub-Delivery` is reported but not signed.
    #[must_use]
    pub fn github() -> Self {
        Self::builtin(Base::Github)
    }

    /// Slack: `X-Slack-Signature: v0=<hex>` over `v0:{timestamp}:{body}`, with the timestamp
    /// in `X-Slack-Request-Timestamp`.
    #[must_use]
    pub fn slack() -> Self {
        Self::builtin(Base::Slack)
    }

    /// Shopify: `X-Shopify-Hmac-Sha256: <base64>` over the body; the id in
    /// `X-Shopify-Webhook-Id` is reported but not signed.
    #[must_use]
    pub fn shopify() -> Self {
        Self::builtin(Base::Shopify)
    }

    /// The built-in scheme called `name`: `standard`, `stripe`, `github`, `slack` or
    /// `shopify`.
    ///
    /// # Errors
    ///
    /// `invalid_scheme` for any other name.
    pub fn from_name(name: &str) -> Result<Self> {
        Base::from_name(name)
            .map(Self::builtin)
            .ok_or_else(|| unknown_scheme(name))
    }

    /// Starts a custom scheme whose signature travels in `signature_header`; the other
    /// fields take the defaults of API.md until set.
    #[must_use]
    pub fn custom(signature_header: &str) -> SchemeBuilder {
        SchemeBuilder::new().signature_header(signature_header)
    }

    /// What [`Verified::scheme`](crate::Verified::scheme) reports for this scheme.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Allowed distance between a delivery's timestamp and now, in seconds.
    #[must_use]
    pub const fn tolerance_seconds(&self) -> u32 {
        self.tolerance_seconds
    }

    /// The header that carries the signature (the primary one for `standard`).
    #[must_use]
    pub fn signature_header(&self) -> &str {
        &self.headers.signature
    }

    /// The header that carries the delivery id, if the scheme has one.
    #[must_use]
    pub fn id_header(&self) -> Option<&str> {
        self.headers.id.as_deref()
    }

    /// The header that carries the timestamp, if the scheme has one (Stripe's travels inside
    /// its signature header and is not listed here).
    #[must_use]
    pub fn timestamp_header(&self) -> Option<&str> {
        self.headers.timestamp.as_deref()
    }

    /// Every header name the scheme reads, as spelled in the scheme (the `svix-*` fallback
    /// included), for a binding that wants to skip converting other headers.
    pub fn header_names(&self) -> impl Iterator<Item = &str> {
        [&self.headers]
            .into_iter()
            .chain(self.fallback.as_ref())
            .flat_map(|names| {
                [
                    Some(&names.signature),
                    names.id.as_ref(),
                    names.timestamp.as_ref(),
                ]
            })
            .flatten()
            .map(|name| &**name)
    }

    /// Whether the delivery id is part of the signed content.
    #[must_use]
    pub const fn signs_id(&self) -> bool {
        self.signs_id
    }

    /// Whether the timestamp is part of the signed content.
    #[must_use]
    pub const fn signs_timestamp(&self) -> bool {
        self.signs_timestamp
    }

    /// Whether deliveries of this scheme carry a timestamp at all (in its own header, or in
    /// Stripe's signature header), and so are checked against the tolerance.
    #[must_use]
    pub fn carries_timestamp(&self) -> bool {
        self.format == Format::Stripe || self.headers.timestamp.is_some()
    }

    fn builtin(base: Base) -> Self {
        // A built-in is a builder with nothing overridden; its fields are valid by
        // construction, which the unit tests check for every base.
        SchemeBuilder::on(base)
            .finish()
            .unwrap_or_else(|_| Self::fallback_standard())
    }

    /// Unreachable in practice; keeps `builtin` free of panics.
    fn fallback_standard() -> Self {
        let names = |sig: &str, id: &str, ts: &str| HeaderNames::new(sig, Some(id), Some(ts));
        Self {
            name: Arc::from("standard"),
            format: Format::Standard,
            prefix: Arc::from(""),
            encoding: Encoding::Base64,
            algorithm: Algorithm::Sha256,
            payload: Arc::from(
                [
                    Segment::Id,
                    Segment::Literal(Box::from(*b".")),
                    Segment::Timestamp,
                    Segment::Literal(Box::from(*b".")),
                    Segment::Body,
                ]
                .as_slice(),
            ),
            headers: names("webhook-signature", "webhook-id", "webhook-timestamp"),
            fallback: Some(names("svix-signature", "svix-id", "svix-timestamp")),
            secret_encoding: SecretEncoding::Base64,
            tolerance_seconds: DEFAULT_TOLERANCE_SECONDS,
            signs_id: true,
            signs_timestamp: true,
        }
    }
}

impl fmt::Debug for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scheme")
            .field("name", &self.name)
            .field("signature_header", &self.headers.signature)
            .field("id_header", &self.headers.id)
            .field("timestamp_header", &self.headers.timestamp)
            .field("tolerance_seconds", &self.tolerance_seconds)
            .finish_non_exhaustive()
    }
}

impl core::str::FromStr for Scheme {
    type Err = Error;

    fn from_str(name: &str) -> Result<Self> {
        Self::from_name(name)
    }
}

/// A field of a custom scheme, for bindings that receive fields by name.
#[derive(Clone, Copy, Debug, Eq, Hash, PartialEq)]
#[non_exhaustive]
pub enum Field {
    /// `signature_header` / `signatureHeader`.
    SignatureHeader,
    /// `prefix`.
    Prefix,
    /// `encoding`: `hex` or `base64`.
    Encoding,
    /// `algorithm`: `sha256` or `sha512`.
    Algorithm,
    /// `payload`: a template of `{id}`, `{timestamp}`, `{body}` and literal text.
    Payload,
    /// `id_header` / `idHeader`.
    IdHeader,
    /// `timestamp_header` / `timestampHeader`.
    TimestampHeader,
    /// `secret_encoding` / `secretEncoding`: `utf8`, `base64` or `hex`.
    SecretEncoding,
    /// `tolerance_seconds` / `toleranceSeconds`.
    ToleranceSeconds,
    /// `name`.
    Name,
}

/// How field names are spelled: `snake_case` in Rust and Python, `camelCase` in JavaScript.
#[derive(Clone, Copy, Debug, Default, Eq, Hash, PartialEq)]
pub enum FieldCase {
    /// `signature_header`.
    #[default]
    Snake,
    /// `signatureHeader`.
    Camel,
}

impl Field {
    /// Every field, in the order of the API table.
    pub const ALL: [Self; 10] = [
        Self::SignatureHeader,
        Self::Prefix,
        Self::Encoding,
        Self::Algorithm,
        Self::Payload,
        Self::IdHeader,
        Self::TimestampHeader,
        Self::SecretEncoding,
        Self::ToleranceSeconds,
        Self::Name,
    ];

    /// The field spelled `name` in `case`, if any. Only that spelling is accepted.
    #[must_use]
    pub fn from_name(name: &str, case: FieldCase) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|field| field.spelling(case) == name)
    }

    /// The field's name in `case`.
    #[must_use]
    pub const fn spelling(self, case: FieldCase) -> &'static str {
        match (self, case) {
            (Self::SignatureHeader, FieldCase::Snake) => "signature_header",
            (Self::SignatureHeader, FieldCase::Camel) => "signatureHeader",
            (Self::Prefix, _) => "prefix",
            (Self::Encoding, _) => "encoding",
            (Self::Algorithm, _) => "algorithm",
            (Self::Payload, _) => "payload",
            (Self::IdHeader, FieldCase::Snake) => "id_header",
            (Self::IdHeader, FieldCase::Camel) => "idHeader",
            (Self::TimestampHeader, FieldCase::Snake) => "timestamp_header",
            (Self::TimestampHeader, FieldCase::Camel) => "timestampHeader",
            (Self::SecretEncoding, FieldCase::Snake) => "secret_encoding",
            (Self::SecretEncoding, FieldCase::Camel) => "secretEncoding",
            (Self::ToleranceSeconds, FieldCase::Snake) => "tolerance_seconds",
            (Self::ToleranceSeconds, FieldCase::Camel) => "toleranceSeconds",
            (Self::Name, _) => "name",
        }
    }

    /// Whether the field can be overridden on a scheme of `format`.
    const fn applies_to(self, format: Format) -> bool {
        match format {
            Format::Single => true,
            // `v1` fixes HMAC-SHA256 in base64 with no prefix.
            Format::Standard => !matches!(self, Self::Prefix | Self::Encoding | Self::Algorithm),
            // Stripe's `v1` is HMAC-SHA256 hex, its timestamp travels in `t=`, and it has no
            // id header.
            Format::Stripe => !matches!(
                self,
                Self::Prefix
                    | Self::Encoding
                    | Self::Algorithm
                    | Self::IdHeader
                    | Self::TimestampHeader
            ),
        }
    }
}

/// A field value as a binding received it.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub enum FieldValue<'a> {
    /// `None`, `null` or `undefined`: the field keeps its default.
    Default,
    /// A string.
    Str(&'a str),
    /// An integer.
    Int(i64),
    /// Any other value; the text names its type for the error message (`"float"`).
    Other(&'static str),
}

/// Builds a custom scheme, from scratch or on top of a built-in, and validates it.
///
/// Setters record values; [`build`](SchemeBuilder::build) checks them all.
///
/// # Examples
///
/// ```
/// use hookseal::{Scheme, SchemeBuilder, SecretEncoding};
///
/// // Standard Webhooks with a plain-text secret.
/// let scheme = SchemeBuilder::based_on("standard")?
///     .secret_encoding(SecretEncoding::Utf8)
///     .build()?;
/// assert_eq!(scheme.name(), "standard");
/// # Ok::<(), hookseal::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct SchemeBuilder {
    base: Option<Base>,
    case: FieldCase,
    signature_header: Option<String>,
    prefix: Option<String>,
    encoding: Option<Encoding>,
    algorithm: Option<Algorithm>,
    payload: Option<String>,
    id_header: Option<String>,
    timestamp_header: Option<String>,
    secret_encoding: Option<SecretEncoding>,
    tolerance_seconds: Option<i64>,
    name: Option<String>,
}

impl SchemeBuilder {
    /// A custom scheme with no base; `signature_header` must be set before building.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A scheme that keeps every property of the built-in `base` that is not overridden.
    ///
    /// # Errors
    ///
    /// `invalid_scheme` if `base` is not a built-in name.
    pub fn based_on(base: &str) -> Result<Self> {
        Base::from_name(base)
            .map(Self::on)
            .ok_or_else(|| unknown_scheme(base))
    }

    fn on(base: Base) -> Self {
        Self {
            base: Some(base),
            ..Self::default()
        }
    }

    /// Builds a scheme from fields given by name, as bindings receive them from a dict or
    /// an object. A `base` entry names the built-in to start from.
    ///
    /// # Errors
    ///
    /// `invalid_scheme` for an unknown field name (in `case`), a value of the wrong type,
    /// and anything [`build`](SchemeBuilder::build) refuses.
    pub fn from_fields<'a>(
        fields: impl IntoIterator<Item = (&'a str, FieldValue<'a>)>,
        case: FieldCase,
    ) -> Result<Scheme> {
        let fields: Vec<(&str, FieldValue<'_>)> = fields.into_iter().collect();
        let mut builder = Self::new();
        builder.case = case;
        if fields.iter().filter(|(name, _)| *name == "base").count() > 1 {
            return Err(Error::new(
                ErrorKind::InvalidScheme,
                "\"base\" given more than once",
            ));
        }
        for (name, value) in &fields {
            if *name == "base" {
                match value {
                    FieldValue::Default => {}
                    FieldValue::Str(base) => {
                        builder.base =
                            Some(Base::from_name(base).ok_or_else(|| unknown_scheme(base))?);
                    }
                    other => return Err(wrong_type("base", "a string", *other)),
                }
            }
        }
        for (name, value) in fields {
            if name != "base" {
                builder.set(name, value)?;
            }
        }
        builder.build()
    }

    /// Sets the field spelled `name` (in this builder's [`FieldCase`], `snake_case` unless
    /// built by [`from_fields`](SchemeBuilder::from_fields) with camelCase).
    ///
    /// # Errors
    ///
    /// `invalid_scheme` for an unknown field name, a value of the wrong type, or an unknown
    /// `encoding`, `algorithm` or `secret_encoding`.
    pub fn set(&mut self, name: &str, value: FieldValue<'_>) -> Result<()> {
        let field = Field::from_name(name, self.case).ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidScheme,
                concat(&["unknown field ", &quoted(name)]),
            )
        })?;
        self.set_field(field, value)
    }

    /// Sets `field` from a value as a binding received it.
    ///
    /// # Errors
    ///
    /// As [`set`](SchemeBuilder::set).
    pub fn set_field(&mut self, field: Field, value: FieldValue<'_>) -> Result<()> {
        let spelled = field.spelling(self.case);
        if field == Field::ToleranceSeconds {
            self.tolerance_seconds = match value {
                FieldValue::Default => None,
                FieldValue::Int(seconds) => Some(seconds),
                other => return Err(wrong_type(spelled, "an integer", other)),
            };
            return Ok(());
        }
        let text = match value {
            FieldValue::Default => None,
            FieldValue::Str(text) => Some(text),
            other => return Err(wrong_type(spelled, "a string", other)),
        };
        let owned = || text.map(ToString::to_string);
        match field {
            Field::SignatureHeader => self.signature_header = owned(),
            Field::Prefix => self.prefix = owned(),
            Field::Payload => self.payload = owned(),
            Field::IdHeader => self.id_header = owned(),
            Field::TimestampHeader => self.timestamp_header = owned(),
            Field::Name => self.name = owned(),
            Field::Encoding => {
                self.encoding = text
                    .map(|t| {
                        parse_choice(
                            spelled,
                            t,
                            &[("hex", Encoding::Hex), ("base64", Encoding::Base64)],
                            "hex, base64",
                        )
                    })
                    .transpose()?;
            }
            Field::Algorithm => {
                self.algorithm = text
                    .map(|t| {
                        parse_choice(
                            spelled,
                            t,
                            &[("sha256", Algorithm::Sha256), ("sha512", Algorithm::Sha512)],
                            "sha256, sha512",
                        )
                    })
                    .transpose()?;
            }
            Field::SecretEncoding => {
                self.secret_encoding = text
                    .map(|t| {
                        parse_choice(
                            spelled,
                            t,
                            &[
                                ("utf8", SecretEncoding::Utf8),
                                ("base64", SecretEncoding::Base64),
                                ("hex", SecretEncoding::Hex),
                            ],
                            "utf8, base64, hex",
                        )
                    })
                    .transpose()?;
            }
            Field::ToleranceSeconds => {}
        }
        Ok(())
    }

    /// Sets the header that carries the signature.
    #[must_use]
    pub fn signature_header(mut self, name: &str) -> Self {
        self.signature_header = Some(name.into());
        self
    }

    /// Sets the text before the signature, such as `sha256=` (case-sensitive, required).
    #[must_use]
    pub fn prefix(mut self, prefix: &str) -> Self {
        self.prefix = Some(prefix.into());
        self
    }

    /// Sets how the signature is encoded.
    #[must_use]
    pub fn encoding(mut self, encoding: Encoding) -> Self {
        self.encoding = Some(encoding);
        self
    }

    /// Sets the hash function.
    #[must_use]
    pub fn algorithm(mut self, algorithm: Algorithm) -> Self {
        self.algorithm = Some(algorithm);
        self
    }

    /// Sets what is signed: a template of `{id}`, `{timestamp}`, `{body}` and literal text.
    #[must_use]
    pub fn payload(mut self, template: &str) -> Self {
        self.payload = Some(template.into());
        self
    }

    /// Sets the header that carries the delivery id.
    #[must_use]
    pub fn id_header(mut self, name: &str) -> Self {
        self.id_header = Some(name.into());
        self
    }

    /// Sets the header that carries the timestamp.
    #[must_use]
    pub fn timestamp_header(mut self, name: &str) -> Self {
        self.timestamp_header = Some(name.into());
        self
    }

    /// Sets how secrets given as text are decoded.
    #[must_use]
    pub fn secret_encoding(mut self, encoding: SecretEncoding) -> Self {
        self.secret_encoding = Some(encoding);
        self
    }

    /// Sets the allowed distance between the timestamp and now, in both directions.
    #[must_use]
    pub fn tolerance_seconds(mut self, seconds: u32) -> Self {
        self.tolerance_seconds = Some(i64::from(seconds));
        self
    }

    /// Sets what [`Verified::scheme`](crate::Verified::scheme) reports.
    #[must_use]
    pub fn name(mut self, name: &str) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Validates the fields and builds the scheme.
    ///
    /// # Errors
    ///
    /// `invalid_scheme` when: a custom scheme has no `signature_header`; a field does not
    /// apply to the base's format; a header name is not an HTTP token, or two of the
    /// scheme's headers are the same; the `prefix` is not visible ASCII; the `payload`
    /// does not hold exactly one `{body}`, holds another placeholder or a stray brace, or
    /// uses `{id}` / `{timestamp}` with no header to take it from; the tolerance is negative
    /// or above `u32::MAX`; the `name` is empty.
    pub fn build(self) -> Result<Scheme> {
        self.finish()
    }

    #[allow(
        clippy::too_many_lines,
        reason = "one check after another, in the order documented"
    )]
    fn finish(self) -> Result<Scheme> {
        let format = self.base.map_or(Format::Single, Base::format);
        let defaults = self.base.map(Base::defaults);
        let case = self.case;
        let invalid = |detail: String| Error::new(ErrorKind::InvalidScheme, detail);

        if let Some(base) = self.base {
            for (field, set) in self.set_fields() {
                if set && !field.applies_to(format) {
                    return Err(invalid(concat(&[
                        "field \"",
                        field.spelling(case),
                        "\" does not apply to a scheme based on \"",
                        base.name(),
                        "\"",
                    ])));
                }
            }
        }

        let overrides_headers = self.signature_header.is_some()
            || self.id_header.is_some()
            || self.timestamp_header.is_some();
        let signature = match (&self.signature_header, &defaults) {
            (Some(name), _) => name.clone(),
            (None, Some(d)) => d.signature_header.into(),
            (None, None) => {
                return Err(invalid(concat(&[
                    "a custom scheme needs \"",
                    Field::SignatureHeader.spelling(case),
                    "\"",
                ])));
            }
        };
        let id = self.id_header.clone().or_else(|| {
            defaults
                .as_ref()
                .and_then(|d| d.id_header.map(String::from))
        });
        let timestamp = self.timestamp_header.clone().or_else(|| {
            defaults
                .as_ref()
                .and_then(|d| d.timestamp_header.map(String::from))
        });
        let named = [
            (Field::SignatureHeader, Some(&signature)),
            (Field::IdHeader, id.as_ref()),
            (Field::TimestampHeader, timestamp.as_ref()),
        ];
        for (field, value) in named {
            if let Some(value) = value
                && !is_token(value)
            {
                return Err(invalid(concat(&[
                    "\"",
                    field.spelling(case),
                    "\" must be an HTTP header name",
                ])));
            }
        }
        let same = |a: Option<&String>, b: Option<&String>| match (a, b) {
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            _ => false,
        };
        if same(Some(&signature), id.as_ref())
            || same(Some(&signature), timestamp.as_ref())
            || same(id.as_ref(), timestamp.as_ref())
        {
            return Err(invalid(
                "the signature, id and timestamp headers must differ".into(),
            ));
        }

        let prefix = self
            .prefix
            .clone()
            .unwrap_or_else(|| defaults.as_ref().map_or("", |d| d.prefix).into());
        if !prefix.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(invalid(concat(&[
                "\"",
                Field::Prefix.spelling(case),
                "\" must be visible ASCII",
            ])));
        }

        let template = self
            .payload
            .clone()
            .unwrap_or_else(|| defaults.as_ref().map_or("{body}", |d| d.payload).into());
        let payload = parse_template(&template).map_err(|detail| {
            invalid(concat(&[
                "\"",
                Field::Payload.spelling(case),
                "\" ",
                &detail,
            ]))
        })?;
        let signs_id = payload.contains(&Segment::Id);
        let signs_timestamp = payload.contains(&Segment::Timestamp);
        if signs_id && id.is_none() {
            return Err(invalid(concat(&[
                "\"",
                Field::Payload.spelling(case),
                "\" signs {id} but the scheme has no \"",
                Field::IdHeader.spelling(case),
                "\"",
            ])));
        }
        if signs_timestamp && timestamp.is_none() && format != Format::Stripe {
            return Err(invalid(concat(&[
                "\"",
                Field::Payload.spelling(case),
                "\" signs {timestamp} but the scheme has no \"",
                Field::TimestampHeader.spelling(case),
                "\"",
            ])));
        }

        let tolerance_seconds = match self.tolerance_seconds {
            None => DEFAULT_TOLERANCE_SECONDS,
            Some(seconds) => u32::try_from(seconds).map_err(|_| {
                invalid(concat(&[
                    "\"",
                    Field::ToleranceSeconds.spelling(case),
                    "\" must be between 0 and ",
                    &int_string(u32::MAX.into()),
                ]))
            })?,
        };

        let name = self
            .name
            .clone()
            .unwrap_or_else(|| self.base.map_or("custom", Base::name).into());
        if name.is_empty() {
            return Err(invalid(concat(&[
                "\"",
                Field::Name.spelling(case),
                "\" must not be empty",
            ])));
        }

        let fallback = (self.base == Some(Base::Standard) && !overrides_headers)
            .then(|| HeaderNames::new("svix-signature", Some("svix-id"), Some("svix-timestamp")));

        Ok(Scheme {
            name: Arc::from(name),
            format,
            prefix: Arc::from(prefix),
            encoding: self
                .encoding
                .or(defaults.as_ref().map(|d| d.encoding))
                .unwrap_or(Encoding::Hex),
            algorithm: self.algorithm.unwrap_or(Algorithm::Sha256),
            payload: Arc::from(payload),
            headers: HeaderNames::new(&signature, id.as_deref(), timestamp.as_deref()),
            fallback,
            secret_encoding: self
                .secret_encoding
                .or(defaults.as_ref().map(|d| d.secret_encoding))
                .unwrap_or(SecretEncoding::Utf8),
            tolerance_seconds,
            signs_id,
            signs_timestamp,
        })
    }

    fn set_fields(&self) -> [(Field, bool); 10] {
        [
            (Field::SignatureHeader, self.signature_header.is_some()),
            (Field::Prefix, self.prefix.is_some()),
            (Field::Encoding, self.encoding.is_some()),
            (Field::Algorithm, self.algorithm.is_some()),
            (Field::Payload, self.payload.is_some()),
            (Field::IdHeader, self.id_header.is_some()),
            (Field::TimestampHeader, self.timestamp_header.is_some()),
            (Field::SecretEncoding, self.secret_encoding.is_some()),
            (Field::ToleranceSeconds, self.tolerance_seconds.is_some()),
            (Field::Name, self.name.is_some()),
        ]
    }
}

/// An unknown scheme name. The name is not repeated: a secret passed in the wrong argument
/// would otherwise end up in the message.
fn unknown_scheme(_name: &str) -> Error {
    Error::new(
        ErrorKind::InvalidScheme,
        "unknown scheme name; expected standard, stripe, github, slack or shopify",
    )
}

/// Caller text for a message: cut to 40 characters, on one line, with anything but printable
/// ASCII shown as `?` (no Unicode tables: they would weigh on the wasm build).
fn quoted(text: &str) -> String {
    const MAX: usize = 40;
    let mut out = String::with_capacity(MAX.saturating_add(5));
    out.push('"');
    for c in text.chars().take(MAX) {
        out.push(if c == ' ' || c.is_ascii_graphic() {
            c
        } else {
            '?'
        });
    }
    if text.chars().nth(MAX).is_some() {
        out.push_str("...");
    }
    out.push('"');
    out
}

fn wrong_type(field: &str, expected: &str, got: FieldValue<'_>) -> Error {
    let got = match got {
        FieldValue::Default => "nothing",
        FieldValue::Str(_) => "a string",
        FieldValue::Int(_) => "an integer",
        FieldValue::Other(kind) => kind,
    };
    Error::new(
        ErrorKind::InvalidScheme,
        concat(&["\"", field, "\" must be ", expected, ", not ", got]),
    )
}

/// The value named `text` among `choices`, or an error that lists `names` (the choices'
/// names, comma-separated: written out rather than joined, for the wasm build's size).
fn parse_choice<T: Copy>(field: &str, text: &str, choices: &[(&str, T)], names: &str) -> Result<T> {
    choices
        .iter()
        .find(|(name, _)| *name == text)
        .map(|(_, value)| *value)
        .ok_or_else(|| not_one_of(field, text, names))
}

fn not_one_of(field: &str, text: &str, names: &str) -> Error {
    Error::new(
        ErrorKind::InvalidScheme,
        concat(&[
            "\"",
            field,
            "\" must be one of ",
            names,
            ", not ",
            &quoted(text),
        ]),
    )
}

/// Whether `name` is an HTTP field name (RFC 9110 `token`).
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Splits a payload template into literal text and placeholders.
fn parse_template(template: &str) -> core::result::Result<Vec<Segment>, Cow<'static, str>> {
    let mut segments = Vec::new();
    let mut rest = template;
    let mut bodies = 0usize;
    while !rest.is_empty() {
        let Some(open) = rest.bytes().position(|b| b == b'{' || b == b'}') else {
            segments.push(Segment::Literal(Box::from(rest.as_bytes())));
            break;
        };
        let (literal, tail) = rest.split_at(open);
        if !literal.is_empty() {
            segments.push(Segment::Literal(Box::from(literal.as_bytes())));
        }
        if tail.starts_with('}') {
            return Err(Cow::Borrowed("has a stray '}'"));
        }
        let Some(close) = encoding::position(tail, b'}') else {
            return Err(Cow::Borrowed("has an unclosed '{'"));
        };
        let placeholder = tail.get(1..close).unwrap_or_default();
        segments.push(match placeholder {
            "id" => Segment::Id,
            "timestamp" => Segment::Timestamp,
            "body" => {
                bodies = bodies.saturating_add(1);
                Segment::Body
            }
            other => {
                return Err(Cow::Owned(concat(&[
                    "has the unknown placeholder ",
                    &quoted(other),
                    "; expected {id}, {timestamp} or {body}",
                ])));
            }
        });
        rest = tail.get(close.saturating_add(1)..).unwrap_or_default();
    }
    if bodies == 1 {
        Ok(segments)
    } else {
        Err(Cow::Borrowed("must contain {body} exactly once"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_builds_from_its_defaults() {
        for base in [
            Base::Standard,
            Base::Stripe,
            Base::Github,
            Base::Slack,
            Base::Shopify,
        ] {
            let built = SchemeBuilder::on(base).finish();
            assert!(built.is_ok(), "{base:?}: {built:?}");
        }
    }

    #[test]
    fn header_names_include_the_fallback() {
        let standard = Scheme::standard();
        let names: Vec<&str> = standard.header_names().collect();
        assert_eq!(
            names,
            [
                "webhook-signature",
                "webhook-id",
                "webhook-timestamp",
                "svix-signature",
                "svix-id",
                "svix-timestamp"
            ]
        );
        let github = Scheme::github();
        let names: Vec<&str> = github.header_names().collect();
        assert_eq!(names, ["X-Hub-Signature-256", "X-GitHub-Delivery"]);
    }

    #[test]
    fn templates_split_into_segments() {
        let parsed = parse_template("v0:{timestamp}:{body}").ok();
        assert_eq!(
            parsed,
            Some(alloc::vec![
                Segment::Literal(Box::from(*b"v0:")),
                Segment::Timestamp,
                Segment::Literal(Box::from(*b":")),
                Segment::Body,
            ])
        );
        assert!(parse_template("{body}{body}").is_err());
        assert!(parse_template("{id}").is_err());
        assert!(parse_template("{body").is_err());
        assert!(parse_template("}{body}").is_err());
        assert!(parse_template("{nonce}.{body}").is_err());
        assert!(parse_template("{{body}}").is_err());
    }

    #[test]
    fn choice_errors_list_every_choice() {
        for (field, choices) in [
            (Field::Encoding, &["hex", "base64"][..]),
            (Field::Algorithm, &["sha256", "sha512"][..]),
            (Field::SecretEncoding, &["utf8", "base64", "hex"][..]),
        ] {
            for choice in choices {
                let mut builder = SchemeBuilder::new();
                assert!(builder.set_field(field, FieldValue::Str(choice)).is_ok());
            }
            let mut builder = SchemeBuilder::new();
            let text = builder
                .set_field(field, FieldValue::Str("nope"))
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            let listed = choices.join(", ");
            assert!(
                text.ends_with(&alloc::format!("must be one of {listed}, not \"nope\"")),
                "{text}"
            );
        }
    }

    #[test]
    fn messages_never_echo_a_scheme_name_and_quote_one_line() {
        let err = Scheme::from_name("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").err();
        let text = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(
            text.starts_with("invalid scheme") && !text.contains("MfKQ9r8"),
            "{text}"
        );
        let long = "x\n".repeat(100);
        let fields = [
            ("signature_header", FieldValue::Str("X")),
            (&*long, FieldValue::Int(1)),
        ];
        let text = SchemeBuilder::from_fields(fields, FieldCase::Snake)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(!text.contains('\n') && text.len() < 200, "{text}");
        let twice = [
            ("base", FieldValue::Str("standard")),
            ("base", FieldValue::Str("stripe")),
        ];
        let err = SchemeBuilder::from_fields(twice, FieldCase::Snake).err();
        assert_eq!(err.map(|e| e.code()), Some("invalid_scheme"));
    }

    #[test]
    fn field_names_are_exact_per_case() {
        assert_eq!(
            Field::from_name("signature_header", FieldCase::Snake),
            Some(Field::SignatureHeader)
        );
        assert_eq!(Field::from_name("signatureHeader", FieldCase::Snake), None);
        assert_eq!(
            Field::from_name("signatureHeader", FieldCase::Camel),
            Some(Field::SignatureHeader)
        );
        assert_eq!(Field::from_name("signature_header", FieldCase::Camel), None);
    }

    #[test]
    fn tokens() {
        assert!(is_token("X-Hub-Signature-256"));
        assert!(!is_token("X Sig"));
        assert!(!is_token(""));
        assert!(!is_token("X:Sig"));
    }
}
