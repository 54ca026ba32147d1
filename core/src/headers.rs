//! Reading a delivery's headers: case-insensitive lookup in one pass, duplicates, trimming,
//! and the strict parsers that API.md fixes for every language.

use alloc::vec::Vec;

use crate::encoding::{self, Mac};
use crate::scheme::{Encoding, HeaderNames};

/// A signature header longer than this many bytes is `malformed_header`.
pub const MAX_SIGNATURE_HEADER_BYTES: usize = 8192;
/// A signature header with more entries (Standard Webhooks) or items (Stripe) is
/// `malformed_header`.
pub const MAX_SIGNATURE_ENTRIES: usize = 64;
/// An id longer than this many bytes is `malformed_header`.
pub const MAX_ID_BYTES: usize = 256;
/// A timestamp with more digits is `malformed_header`.
pub const MAX_TIMESTAMP_DIGITS: usize = 12;

/// One header: a name and a value.
///
/// Implemented for pairs of anything that is `AsRef<str>`, and for references to them, so
/// that `&[(&str, &str)]`, `Vec<(String, String)>` and the output of
/// [`Webhook::sign_at`](crate::Webhook::sign_at) can all be passed to `verify`.
pub trait HeaderPair {
    /// The header name; matched case-insensitively.
    fn name(&self) -> &str;
    /// The header value.
    fn value(&self) -> &str;
}

impl<K: AsRef<str>, V: AsRef<str>> HeaderPair for (K, V) {
    fn name(&self) -> &str {
        self.0.as_ref()
    }
    fn value(&self) -> &str {
        self.1.as_ref()
    }
}

impl<T: HeaderPair + ?Sized> HeaderPair for &T {
    fn name(&self) -> &str {
        (**self).name()
    }
    fn value(&self) -> &str {
        (**self).value()
    }
}

/// What was found under one of the names a scheme reads.
pub(crate) struct Slot<P> {
    pair: Option<P>,
    duplicate: bool,
}

impl<P: HeaderPair> Slot<P> {
    /// The trimmed value, or `None` when absent or empty after trimming.
    pub(crate) fn value(&self) -> Option<&str> {
        self.pair
            .as_ref()
            .map(|pair| trim(pair.value()))
            .filter(|value| !value.is_empty())
    }

    /// The value before trimming, for the length cap.
    pub(crate) fn raw_len(&self) -> usize {
        self.pair.as_ref().map_or(0, |pair| pair.value().len())
    }

    /// Present means given with a non-empty value, or given twice.
    pub(crate) fn is_present(&self) -> bool {
        self.duplicate || self.value().is_some()
    }

    fn seen(&self) -> Seen<'_> {
        Seen {
            value: self.value(),
            raw_len: self.raw_len(),
            duplicate: self.duplicate,
        }
    }
}

/// The signature, id and timestamp slots of one header set.
pub(crate) struct Found<'s, P> {
    pub(crate) names: &'s HeaderNames,
    pub(crate) signature: Slot<P>,
    pub(crate) id: Slot<P>,
    pub(crate) timestamp: Slot<P>,
}

impl<'s, P: HeaderPair> Found<'s, P> {
    /// What was found, independent of the pair type: verification proper is compiled once,
    /// not once per header container a caller uses.
    pub(crate) fn view(&self) -> FoundView<'_, 's> {
        FoundView {
            names: self.names,
            signature: self.signature.seen(),
            id: self.id.seen(),
            timestamp: self.timestamp.seen(),
        }
    }
}

/// One slot as verification reads it.
#[derive(Clone, Copy)]
pub(crate) struct Seen<'a> {
    value: Option<&'a str>,
    raw_len: usize,
    duplicate: bool,
}

impl<'a> Seen<'a> {
    /// The trimmed value, or `None` when absent or empty after trimming.
    pub(crate) const fn value(&self) -> Option<&'a str> {
        self.value
    }

    /// The value before trimming, for the length cap.
    pub(crate) const fn raw_len(&self) -> usize {
        self.raw_len
    }

    /// Present means given with a non-empty value, or given twice.
    pub(crate) const fn is_present(&self) -> bool {
        self.duplicate || self.value.is_some()
    }

    pub(crate) const fn is_duplicate(&self) -> bool {
        self.duplicate
    }
}

/// The slots of one header set, as verification reads them.
pub(crate) struct FoundView<'a, 's> {
    pub(crate) names: &'s HeaderNames,
    pub(crate) signature: Seen<'a>,
    pub(crate) id: Seen<'a>,
    pub(crate) timestamp: Seen<'a>,
}

/// Looks up the scheme's headers in one pass over `headers`, then picks the set to use:
/// the primary one when any of its headers is present, else the fallback (Svix) one. Sets
/// are never mixed.
pub(crate) fn find<'s, I>(
    primary: &'s HeaderNames,
    fallback: Option<&'s HeaderNames>,
    headers: I,
) -> Found<'s, I::Item>
where
    I: IntoIterator,
    I::Item: HeaderPair,
{
    let [sig_lower, id_lower, ts_lower] = &primary.lowercase;
    let fallback_lower = fallback.map(|f| &f.lowercase);
    let names: [Option<&str>; 6] = [
        sig_lower.as_deref(),
        id_lower.as_deref(),
        ts_lower.as_deref(),
        fallback_lower.and_then(|[sig, _, _]| sig.as_deref()),
        fallback_lower.and_then(|[_, id, _]| id.as_deref()),
        fallback_lower.and_then(|[_, _, ts]| ts.as_deref()),
    ];
    let mut slots: [Slot<I::Item>; 6] = core::array::from_fn(|_| Slot {
        pair: None,
        duplicate: false,
    });
    for pair in headers {
        let name = pair.name();
        let index = names
            .iter()
            .position(|wanted| wanted.is_some_and(|wanted| same_name(wanted, name)));
        if let Some(slot) = index.and_then(|i| slots.get_mut(i)) {
            if slot.pair.is_some() {
                slot.duplicate = true;
            } else {
                slot.pair = Some(pair);
            }
        }
    }
    let [sig, id, ts, fsig, fid, fts] = slots;
    let use_primary = [&sig, &id, &ts].iter().any(|slot| slot.is_present());
    match fallback {
        Some(fallback) if !use_primary => Found {
            names: fallback,
            signature: fsig,
            id: fid,
            timestamp: fts,
        },
        _ => Found {
            names: primary,
            signature: sig,
            id,
            timestamp: ts,
        },
    }
}

/// Whether `name` is `lower` (a lowercase header name) ignoring ASCII case. Most clients
/// send lowercase names (HTTP/2 requires it), which a plain comparison settles; otherwise
/// the comparison runs from the end, where the names of one scheme (`webhook-...`) differ.
fn same_name(lower: &str, name: &str) -> bool {
    lower.len() == name.len()
        && (lower == name
            || name
                .bytes()
                .rev()
                .zip(lower.bytes().rev())
                .all(|(x, y)| x.to_ascii_lowercase() == y))
}

/// Trims the spaces and tabs around a header value.
pub(crate) fn trim(value: &str) -> &str {
    let blank = |b: &u8| *b == b' ' || *b == b'\t';
    let bytes = value.as_bytes();
    let start = bytes.iter().position(|b| !blank(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !blank(b))
        .map_or(start, |last| last.saturating_add(1));
    // Spaces and tabs are ASCII, so both ends fall on character boundaries.
    value.get(start..end).unwrap_or_default()
}

/// Parses a timestamp: 1 to 12 decimal digits, no sign, no leading zero except `0` itself.
pub(crate) fn parse_timestamp(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    let valid = !bytes.is_empty()
        && bytes.len() <= MAX_TIMESTAMP_DIGITS
        && bytes.iter().all(u8::is_ascii_digit)
        && (bytes.len() == 1 || bytes.first() != Some(&b'0'));
    if !valid {
        return None;
    }
    bytes.iter().try_fold(0i64, |acc, digit| {
        acc.checked_mul(10)?
            .checked_add(i64::from(digit.saturating_sub(b'0')))
    })
}

/// Why a signature header could not be parsed.
pub(crate) type ParseError = &'static str;

/// The usable signatures of a header. Almost every delivery carries one, which is kept
/// inline so that verifying allocates nothing for it.
#[derive(Default)]
pub(crate) struct Candidates {
    first: Option<Mac>,
    rest: Vec<Mac>,
}

impl Candidates {
    pub(crate) fn one(mac: Mac) -> Self {
        Self {
            first: Some(mac),
            rest: Vec::new(),
        }
    }

    fn push(&mut self, mac: Mac) {
        if self.first.is_none() {
            self.first = Some(mac);
        } else {
            self.rest.push(mac);
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.first.is_none()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &Mac> {
        self.first.iter().chain(&self.rest)
    }
}

/// Parses a Standard Webhooks list: space-separated `v1,<base64>` entries.
pub(crate) fn parse_standard(value: &str, mac_len: usize) -> Result<Candidates, ParseError> {
    let mut candidates = Candidates::default();
    // Split as bytes: the separators are ASCII, and the entries are only decoded, never
    // returned as text.
    let entries = value
        .as_bytes()
        .split(|b| *b == b' ')
        .filter(|e| !e.is_empty());
    for (count, entry) in entries.enumerate() {
        if count >= MAX_SIGNATURE_ENTRIES {
            return Err("more than 64 signature entries");
        }
        // Other versions, entries without a comma and entries with two are skipped (a
        // second comma makes the value invalid base64), so that a sender can add new
        // versions without breaking old receivers.
        let Some((b"v1", text)) = entry
            .iter()
            .position(|b| *b == b',')
            .map(|comma| entry.split_at(comma))
            .map(|(version, rest)| (version, rest.get(1..).unwrap_or_default()))
        else {
            continue;
        };
        if let Some(mac) = encoding::base64_exact(text, mac_len) {
            candidates.push(mac);
        }
    }
    if candidates.is_empty() {
        Err("no usable v1 entry")
    } else {
        Ok(candidates)
    }
}

/// Parses a Stripe header: comma-separated `key=value` items, exactly one `t`, any number of
/// `v1`.
pub(crate) fn parse_stripe(
    value: &str,
    mac_len: usize,
) -> Result<((i64, &str), Candidates), ParseError> {
    let mut timestamp = None;
    let mut candidates = Candidates::default();
    for (count, item) in encoding::split_ascii(value, b',').enumerate() {
        if count >= MAX_SIGNATURE_ENTRIES {
            return Err("more than 64 items");
        }
        let Some((key, text)) = encoding::split_once_ascii(trim(item), b'=') else {
            return Err("an item is not key=value");
        };
        match key {
            "t" if timestamp.is_some() => return Err("more than one t"),
            "t" => {
                let seconds = parse_timestamp(text).ok_or("t is not a valid timestamp")?;
                timestamp = Some((seconds, text));
            }
            "v1" => {
                if let Some(mac) = encoding::hex_exact(text.as_bytes(), mac_len) {
                    candidates.push(mac);
                }
            }
            // `v0` (Stripe's test-mode scheme) and keys unknown today are ignored.
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or("no t")?;
    if candidates.is_empty() {
        return Err("no usable v1");
    }
    Ok((timestamp, candidates))
}

/// Parses a single signature after its prefix.
pub(crate) fn parse_single(
    value: &str,
    prefix: &str,
    encoding: Encoding,
    mac_len: usize,
) -> Result<Mac, ParseError> {
    let text = value
        .strip_prefix(prefix)
        .ok_or("the signature prefix is missing")?;
    match encoding {
        Encoding::Hex => {
            encoding::hex_exact(text.as_bytes(), mac_len).ok_or("not hex of the MAC's length")
        }
        Encoding::Base64 => encoding::base64_exact(text.as_bytes(), mac_len)
            .ok_or("not canonical padded base64 of the MAC's length"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_strict() {
        assert_eq!(parse_timestamp("1614265330"), Some(1_614_265_330));
        assert_eq!(parse_timestamp("0"), Some(0));
        assert_eq!(parse_timestamp("999999999999"), Some(999_999_999_999));
        for bad in [
            "",
            "1614265330abc",
            "1614265330.0",
            "+1614265330",
            "01614265330",
            "-1",
            "1000000000000",
            "12345678901234567890",
            " 1",
            "１２",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn names_match_ignoring_ascii_case_only() {
        assert!(same_name("webhook-id", "Webhook-ID"));
        assert!(same_name("webhook-id", "webhook-id"));
        assert!(!same_name("webhook-id", "webhook-ie"));
        assert!(!same_name("a^b", "a~b"));
        assert!(!same_name("webhook-id", "webhook-id "));
        assert!(!same_name("k", "\u{212a}"));
    }

    #[test]
    fn trimming_is_spaces_and_tabs_only() {
        assert_eq!(trim(" \t v1,x \t"), "v1,x");
        assert_eq!(trim("\nx\n"), "\nx\n");
    }

    #[test]
    fn stripe_items() {
        let sig = "a".repeat(64);
        let header = alloc::format!(" t=5 , v0=zz,x, v1={sig}");
        assert_eq!(
            parse_stripe(&header, 32).err(),
            Some("an item is not key=value")
        );
        let header = alloc::format!("t=5, v0=zz, v1={sig}, k=v");
        assert_eq!(
            parse_stripe(&header, 32).map(|((t, _), c)| (t, c.iter().count())),
            Ok((5, 1))
        );
        assert!(parse_stripe(&alloc::format!("t=5,t=6,v1={sig}"), 32).is_err());
        assert!(parse_stripe(&alloc::format!("v1={sig}"), 32).is_err());
        assert!(parse_stripe("t=5,v1=abc", 32).is_err());
    }
}
