//! The wire format between hookseal's JavaScript layer (`bindings-node/lib/api.cjs`) and its
//! two backends, the napi addon and the wasm build, so that both speak it from one source.
//!
//! Crossing into native code is priced per value, so the layer sends headers as one
//! NUL-joined string and receives a verified delivery as one string; scheme fields arrive
//! already classified by JavaScript type.

#![no_std]

extern crate alloc;

use alloc::string::String;
use alloc::vec::Vec;

use hookseal::{FieldValue, Scheme, Verified};

/// Header pairs from `name\0value\0name\0value...`.
pub fn joined_pairs(joined: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut parts = hookseal::split_ascii(joined, 0);
    core::iter::from_fn(move || Some((parts.next()?, parts.next()?)))
}

/// Header pairs from `[name, value, name, value, ...]`.
pub fn flat_pairs(flat: &[String]) -> impl Iterator<Item = (&str, &str)> {
    flat.chunks_exact(2).filter_map(|pair| match pair {
        [name, value] => Some((name.as_str(), value.as_str())),
        _ => None,
    })
}

/// A verified delivery as `ticket\0secretIndex\0timestamp\0id`, with an empty timestamp or
/// id where there is none (an id is never empty: empty means absent).
#[must_use]
pub fn encode_verified(verified: &Verified) -> String {
    let mut out = verified.replay_ticket_text();
    out.push('\0');
    hookseal::push_int(
        &mut out,
        i64::try_from(verified.secret_index()).unwrap_or(i64::MAX),
    );
    out.push('\0');
    if let Some(ts) = verified.timestamp() {
        hookseal::push_int(&mut out, ts);
    }
    out.push('\0');
    out.push_str(verified.id().unwrap_or_default());
    out
}

/// The header names `scheme` reads, in lowercase: the layer converts only headers whose name
/// is as long as one of them, and insists on well-formed text only in these.
#[must_use]
pub fn header_names(scheme: &Scheme) -> Vec<String> {
    scheme.header_names().map(str::to_ascii_lowercase).collect()
}

/// A scheme field as the layer classified it: `kind` is `d` (default), `s` (the string
/// `text`), `i` (the integer `int`, saturating) or anything else for a value of the wrong
/// type, whose JavaScript type is `text`.
#[must_use]
pub fn field_value<'a>(kind: &str, text: &'a str, int: f64) -> FieldValue<'a> {
    match kind {
        "d" => FieldValue::Default,
        "s" => FieldValue::Str(text),
        "i" => FieldValue::Int(seconds(int)),
        _ => FieldValue::Other(match text {
            "boolean" => "a boolean",
            "number" => "a non-integer number",
            "bigint" => "a bigint",
            "array" => "an array",
            _ => "an object",
        }),
    }
}

/// Whole seconds from a JavaScript number the layer has checked is an integer; beyond `i64`
/// saturates (the core then refuses it or treats it as never).
#[must_use]
#[allow(clippy::cast_possible_truncation, reason = "saturating is the intent")]
pub fn seconds(value: f64) -> i64 {
    value as i64
}

#[cfg(test)]
mod tests {
    use alloc::borrow::ToOwned;

    use super::*;

    #[test]
    fn pairs_split() {
        let joined: Vec<_> = joined_pairs("a\0b\0c\0d").collect();
        assert_eq!(joined, [("a", "b"), ("c", "d")]);
        assert_eq!(joined_pairs("").count(), 0);
        let flat = ["a".to_owned(), "b".to_owned(), "odd".to_owned()];
        assert_eq!(flat_pairs(&flat).collect::<Vec<_>>(), [("a", "b")]);
    }

    #[test]
    fn fields_and_seconds() {
        assert_eq!(field_value("s", "x", 0.0), FieldValue::Str("x"));
        assert_eq!(field_value("i", "", 300.0), FieldValue::Int(300));
        assert_eq!(
            field_value("o", "boolean", 0.0),
            FieldValue::Other("a boolean")
        );
        assert_eq!(seconds(1e300), i64::MAX);
        let names = header_names(&Scheme::standard());
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
    }
}
