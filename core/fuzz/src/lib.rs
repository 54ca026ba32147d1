//! The input format shared by the hookseal fuzz targets, and the checks they share.
//!
//! An input is a list of fields separated by [`FIELD`] (`0xFF`); a field that holds a list
//! (header pairs, secrets, scheme fields) separates its items by [`ITEM`] (`0xFE`). Neither
//! byte occurs in UTF-8 text, so any header, secret or scheme field of the conformance
//! vectors can be written in this format (`seed_corpus.py` does), and the fuzzer mutates
//! real deliveries instead of rediscovering their layout. The last field of a target takes
//! the rest of the input as it is, so a body may hold any byte.
//!
//! Text is decoded from bytes lossily: the bindings only ever pass valid UTF-8, and invalid
//! sequences become U+FFFD instead of discarding the input.

use hookseal::{Error, ErrorKind, FieldCase, FieldValue, Scheme, SchemeBuilder, Secret, Webhook};

/// Separates the fields of an input.
pub const FIELD: u8 = 0xFF;
/// Separates the items of a list field.
pub const ITEM: u8 = 0xFE;

/// The codes `verify` may report.
pub const VERIFY_ERRORS: [ErrorKind; 5] = [
    ErrorKind::MissingHeader,
    ErrorKind::MalformedHeader,
    ErrorKind::TimestampTooOld,
    ErrorKind::TimestampTooNew,
    ErrorKind::SignatureMismatch,
];

/// The built-in scheme names, in the order an index picks them.
pub const BUILTINS: [&str; 5] = ["standard", "stripe", "github", "slack", "shopify"];

/// Splits `data` into `N` fields; the last one keeps the rest of the input, separators
/// included, and missing fields are empty.
#[must_use]
pub fn fields<const N: usize>(data: &[u8]) -> [&[u8]; N] {
    let mut out = [&[][..]; N];
    for (slot, field) in out.iter_mut().zip(data.splitn(N, |&b| b == FIELD)) {
        *slot = field;
    }
    out
}

/// The items of a list field; an empty field has none.
pub fn items(field: &[u8]) -> impl Iterator<Item = &[u8]> {
    field
        .split(|&b| b == ITEM)
        .take(if field.is_empty() { 0 } else { usize::MAX })
}

/// Bytes as text, invalid UTF-8 replaced.
#[must_use]
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// An integer: decimal text (any `i64`, signed), else the first 8 bytes little-endian, so
/// that every `i64` is reachable either way; `None` for an empty field.
#[must_use]
pub fn int(field: &[u8]) -> Option<i64> {
    if field.is_empty() {
        return None;
    }
    if let Some(n) = std::str::from_utf8(field)
        .ok()
        .and_then(|t| t.trim().parse::<i64>().ok())
    {
        return Some(n);
    }
    let mut raw = [0u8; 8];
    for (dst, src) in raw.iter_mut().zip(field) {
        *dst = *src;
    }
    Some(i64::from_le_bytes(raw))
}

/// Header pairs: name, value, name, value, ...; a name without a value gets `""`.
#[must_use]
pub fn headers(field: &[u8]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut parts = items(field);
    while let Some(name) = parts.next() {
        let value = parts.next().unwrap_or_default();
        out.push((text(name), text(value)));
    }
    out
}

/// A secret as decoded from an input item.
pub enum SecretInput {
    /// Text, decoded by the scheme's secret encoding.
    Text(String),
    /// The raw key.
    Bytes(Vec<u8>),
}

impl SecretInput {
    /// The secret as `Webhook::new` takes it.
    #[must_use]
    pub fn as_secret(&self) -> Secret<'_> {
        match self {
            Self::Text(text) => Secret::Text(text),
            Self::Bytes(bytes) => Secret::Bytes(bytes),
        }
    }
}

/// Secrets, one per item: `t<text>`, `b<raw bytes>`, `x<hex of raw bytes>` (how the seeds
/// write keys that are not text); an item with any other first byte is text as a whole.
#[must_use]
pub fn secrets(field: &[u8]) -> Vec<SecretInput> {
    items(field)
        .map(|item| match item.split_first() {
            Some((b't', rest)) => SecretInput::Text(text(rest)),
            Some((b'b', rest)) => SecretInput::Bytes(rest.to_vec()),
            Some((b'x', rest)) => SecretInput::Bytes(unhex(rest)),
            _ => SecretInput::Text(text(item)),
        })
        .collect()
}

/// Hex digits to bytes, skipping anything that is not a pair of hex digits.
fn unhex(hex: &[u8]) -> Vec<u8> {
    let digit = |b: u8| {
        char::from(b)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
    };
    hex.chunks_exact(2)
        .filter_map(|pair| match pair {
            [hi, lo] => Some(digit(*hi)? << 4 | digit(*lo)?),
            _ => None,
        })
        .collect()
}

/// A value of a scheme field, owned: tag `0x01` then an integer, `0x02` for "none", `0x03`
/// for a value of another type, anything else a string.
enum ValueInput {
    Default,
    Str(String),
    Int(i64),
    Other,
}

impl ValueInput {
    fn parse(item: &[u8]) -> Self {
        match item.split_first() {
            Some((1, rest)) => Self::Int(int(rest).unwrap_or_default()),
            Some((2, _)) => Self::Default,
            Some((3, _)) => Self::Other,
            _ => Self::Str(text(item)),
        }
    }

    fn as_value(&self) -> FieldValue<'_> {
        match self {
            Self::Default => FieldValue::Default,
            Self::Str(text) => FieldValue::Str(text),
            Self::Int(n) => FieldValue::Int(*n),
            Self::Other => FieldValue::Other("float"),
        }
    }
}

/// Builds a custom scheme from a list field: the first item picks the spelling of field
/// names (`camel`, or anything starting with `c`, is camelCase; the rest `snake_case`), then
/// name/value pairs, passed to `SchemeBuilder::from_fields` in that order.
///
/// # Errors
///
/// Whatever `from_fields` refuses (and the caller checks that it is `invalid_scheme`).
pub fn custom_scheme(field: &[u8]) -> Result<Scheme, Error> {
    let mut parts = items(field);
    let case = match parts.next().and_then(<[u8]>::first) {
        Some(b'c' | b'C') => FieldCase::Camel,
        _ => FieldCase::Snake,
    };
    let mut pairs = Vec::new();
    while let Some(name) = parts.next() {
        let value = ValueInput::parse(parts.next().unwrap_or(&[2]));
        pairs.push((text(name), value));
    }
    SchemeBuilder::from_fields(
        pairs
            .iter()
            .map(|(name, value)| (&**name, value.as_value())),
        case,
    )
}

/// A scheme from a field: one item is a built-in by name (any other single item picks a
/// built-in by its first byte); several items are a custom scheme as [`custom_scheme`]
/// reads them. `None` when the custom scheme is refused, after checking the code.
#[must_use]
pub fn scheme(field: &[u8]) -> Option<Scheme> {
    if items(field).nth(1).is_none() {
        if let Ok(scheme) = Scheme::from_name(&text(field)) {
            return Some(scheme);
        }
        let pick = usize::from(field.first().copied().unwrap_or_default()) % BUILTINS.len();
        let name = BUILTINS.get(pick).copied().unwrap_or("standard");
        return Scheme::from_name(name).ok();
    }
    match custom_scheme(field) {
        Ok(scheme) => Some(scheme),
        Err(err) => {
            check_error(&err, &[ErrorKind::InvalidScheme]);
            None
        }
    }
}

/// Asserts that `err` is one of `allowed`, that its code is one of the 9 codes of the API
/// and names its kind, and that its message is one line.
///
/// # Panics
///
/// When any of that does not hold: the fuzzer reports it as a crash.
pub fn check_error(err: &Error, allowed: &[ErrorKind]) {
    let code = err.code();
    assert!(
        allowed.contains(&err.kind()),
        "unexpected error code {code}: {err}"
    );
    assert_eq!(ErrorKind::from_code(code), Some(err.kind()), "code {code}");
    assert!(ErrorKind::ALL.contains(&err.kind()), "code {code}");
    let message = err.to_string();
    assert!(
        !message.contains(['\n', '\r']),
        "message of {code} spans lines"
    );
}

/// A webhook of `scheme` keyed with `secrets`, with the tolerance field's override if it
/// holds one; `None` when the core refuses them, after checking that it refused with the
/// code it should (`invalid_secret` for the secrets, `invalid_scheme` for the tolerance).
#[must_use]
pub fn webhook(scheme: Scheme, secrets: &[SecretInput], tolerance: &[u8]) -> Option<Webhook> {
    let wh = match Webhook::new(scheme, secrets.iter().map(SecretInput::as_secret)) {
        Ok(wh) => wh,
        Err(err) => {
            check_error(&err, &[ErrorKind::InvalidSecret]);
            return None;
        }
    };
    match int(tolerance).map(|t| wh.clone().try_with_tolerance_seconds(t)) {
        None => Some(wh),
        Some(Ok(wh)) => Some(wh),
        Some(Err(err)) => {
            check_error(&err, &[ErrorKind::InvalidScheme]);
            None
        }
    }
}
