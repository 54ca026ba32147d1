//! Hex and base64 at the edges: strict decoding of presented signatures, lenient decoding of
//! secrets, and encoding of computed MACs.

use alloc::string::String;
use alloc::vec::Vec;

/// The standard base64 alphabet (RFC 4648, section 4).
const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Longest MAC the crate computes (HMAC-SHA512).
pub(crate) const MAX_MAC_LEN: usize = 64;

/// A MAC, computed or presented, held without allocation.
#[derive(Clone, Copy)]
pub(crate) struct Mac {
    bytes: [u8; MAX_MAC_LEN],
    len: usize,
}

impl Mac {
    /// Copies `bytes`, which the caller guarantees is at most [`MAX_MAC_LEN`] long.
    pub(crate) fn from_slice(bytes: &[u8]) -> Self {
        let len = bytes.len().min(MAX_MAC_LEN);
        let mut mac = Self {
            bytes: [0; MAX_MAC_LEN],
            len,
        };
        if let (Some(dst), Some(src)) = (mac.bytes.get_mut(..len), bytes.get(..len)) {
            dst.copy_from_slice(src);
        }
        mac
    }

    pub(crate) fn as_slice(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }

    /// Compares two MACs in constant time: the time depends on the length only, never on
    /// where the bytes differ. Words of 8 bytes keep `subtle`'s optimisation barrier to one
    /// per word.
    pub(crate) fn ct_eq(&self, other: &Self) -> bool {
        use subtle::ConstantTimeEq as _;
        if self.len != other.len {
            return false;
        }
        let words = |mac: &Self| {
            let mut out = [0u64; MAX_MAC_LEN / 8];
            for (word, chunk) in out.iter_mut().zip(mac.bytes.chunks_exact(8)) {
                let mut buf = [0u8; 8];
                buf.copy_from_slice(chunk);
                *word = u64::from_ne_bytes(buf);
            }
            out
        };
        // Bytes past `len` are zero in both, so comparing all words is comparing the MACs.
        bool::from(words(self).ct_eq(&words(other)))
    }
}

/// Decodes `text` as hex of exactly `len` bytes, in either case.
pub(crate) fn hex_exact(text: &[u8], len: usize) -> Option<Mac> {
    if len > MAX_MAC_LEN || text.len() != len.checked_mul(2)? {
        return None;
    }
    let mut out = [0u8; MAX_MAC_LEN];
    for (dst, pair) in out.iter_mut().zip(text.chunks_exact(2)) {
        let [hi, lo] = pair else { return None };
        *dst = (nibble(*hi)? << 4) | nibble(*lo)?;
    }
    Some(Mac { bytes: out, len })
}

/// Decodes `text` as canonical padded standard base64 of exactly `len` bytes.
pub(crate) fn base64_exact(text: &[u8], len: usize) -> Option<Mac> {
    if len > MAX_MAC_LEN || text.len() != len.div_ceil(3).checked_mul(4)? {
        return None;
    }
    // Canonical: exactly the padding that `len` needs, and no bits set past the last byte.
    let data = text.get(..base64_len(len))?;
    if text.get(data.len()..)?.iter().any(|c| *c != b'=') {
        return None;
    }
    let mut mac = Mac {
        bytes: [0; MAX_MAC_LEN],
        len: 0,
    };
    let canonical = base64_decode(data, |byte| {
        if let Some(slot) = mac.bytes.get_mut(mac.len) {
            *slot = byte;
            mac.len = mac.len.saturating_add(1);
        }
    })?;
    (canonical && mac.len == len).then_some(mac)
}

/// Characters of unpadded base64 for `len` bytes.
fn base64_len(len: usize) -> usize {
    len.saturating_mul(4).div_ceil(3)
}

/// Marks a byte outside the alphabet in [`SEXTETS`]; every sextet is below 64.
const INVALID: u8 = 0xFF;

/// Each byte's value in the base64 alphabet, or [`INVALID`]: one lookup per character, the
/// same work whichever character it is.
#[allow(
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    reason = "evaluated at compile time over the 64 characters of the alphabet"
)]
const SEXTETS: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        table[BASE64[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// The sextets of up to four characters, big-endian in the low bits; `None` if one is
/// outside the alphabet.
fn sextets(chars: &[u8]) -> Option<u32> {
    let mut word = 0u32;
    let mut seen = 0u8;
    for c in chars {
        let sextet = SEXTETS.get(usize::from(*c)).copied().unwrap_or(INVALID);
        seen |= sextet;
        word = (word << 6) | u32::from(sextet & 63);
    }
    (seen & 0xC0 == 0).then_some(word)
}

/// Decodes unpadded standard base64, handing each byte to `out`. `None` for a character
/// outside the alphabet or a length no byte count has; otherwise whether it is canonical
/// (no bits set past the last byte).
fn base64_decode(text: &[u8], mut out: impl FnMut(u8)) -> Option<bool> {
    let mut groups = text.chunks_exact(4);
    for group in &mut groups {
        let [_, a, b, c] = sextets(group)?.to_be_bytes();
        out(a);
        out(b);
        out(c);
    }
    let rest = groups.remainder();
    match rest.len() {
        0 => Some(true),
        // Two characters carry one byte and 4 spare bits, three carry two and 2 spare bits.
        2 => {
            let [_, a, spare, _] = (sextets(rest)? << 12).to_be_bytes();
            out(a);
            Some(spare == 0)
        }
        3 => {
            let [_, a, b, spare] = (sextets(rest)? << 6).to_be_bytes();
            out(a);
            out(b);
            Some(spare == 0)
        }
        _ => None,
    }
}

/// Decodes an even-length hex secret in either case.
pub(crate) fn hex_vec(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    text.as_bytes()
        .chunks_exact(2)
        .map(|pair| match pair {
            [hi, lo] => Some((nibble(*hi)? << 4) | nibble(*lo)?),
            _ => None,
        })
        .collect()
}

/// Decodes a base64 secret, as other libraries do with Python's lenient `b64decode`: padded,
/// partly padded or unpadded, with any trailing bits; never with more padding than the
/// length needs, or padding inside.
pub(crate) fn base64_lenient(text: &str) -> Option<Vec<u8>> {
    let data = text.trim_end_matches('=').as_bytes();
    let padding = text.len().saturating_sub(data.len());
    let tail = data.len() % 4;
    if padding > 0 && (tail == 0 || padding.saturating_add(tail) > 4) {
        return None;
    }
    let mut out = Vec::with_capacity(data.len().saturating_mul(3) / 4);
    base64_decode(data, |byte| out.push(byte))?;
    Some(out)
}

/// Lowercase hex.
pub(crate) fn hex_string(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len().saturating_mul(2));
    for byte in bytes {
        for nib in [byte >> 4, byte & 0x0f] {
            out.push(char::from(
                DIGITS.get(usize::from(nib)).copied().unwrap_or(b'0'),
            ));
        }
    }
    out
}

/// Canonical padded standard base64.
pub(crate) fn base64_string(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(base64_len(bytes.len()).div_ceil(4).saturating_mul(4));
    for group in bytes.chunks(3) {
        let mut word = [0u8; 3];
        for (to, from) in word.iter_mut().zip(group) {
            *to = *from;
        }
        let [a, b, c] = word;
        let n = u32::from_be_bytes([0, a, b, c]);
        // A group of k bytes gives k + 1 characters, then padding.
        let sextets = [n >> 18, n >> 12, n >> 6, n];
        for (i, sextet) in sextets.into_iter().enumerate() {
            let char = if i <= group.len() {
                BASE64.get((sextet & 63) as usize).copied().unwrap_or(b'=')
            } else {
                b'='
            };
            out.push(char::from(char));
        }
    }
    out
}

fn nibble(c: u8) -> Option<u8> {
    char::from(c)
        .to_digit(16)
        .and_then(|digit| u8::try_from(digit).ok())
}

/// Formats a non-negative timestamp as decimal digits without allocating.
pub(crate) struct Decimal {
    buf: [u8; 20],
    start: usize,
}

impl Decimal {
    pub(crate) fn new(value: u64) -> Self {
        let mut buf = [b'0'; 20];
        let mut start = buf.len();
        let mut rest = value;
        loop {
            start = start.saturating_sub(1);
            if let Some(slot) = buf.get_mut(start) {
                // `rest % 10` is below 10, so the cast cannot truncate.
                #[allow(clippy::cast_possible_truncation)]
                let digit = (rest % 10) as u8;
                *slot = b'0'.saturating_add(digit);
            }
            rest /= 10;
            if rest == 0 || start == 0 {
                break;
            }
        }
        Self { buf, start }
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.buf.get(self.start..).unwrap_or_default()
    }

    /// Appends the digits to `out`.
    pub(crate) fn push_to(&self, out: &mut String) {
        out.extend(self.as_bytes().iter().copied().map(char::from));
    }
}

/// Appends `value` in decimal, `-` first when negative. Messages and tickets are built with
/// this and [`concat`] rather than `format!`: the wasm build then carries no `core::fmt`.
#[doc(hidden)]
pub fn push_int(out: &mut String, value: i64) {
    if value < 0 {
        out.push('-');
    }
    Decimal::new(value.unsigned_abs()).push_to(out);
}

/// `value` in decimal, as [`push_int`] writes it.
pub(crate) fn int_string(value: i64) -> String {
    let mut out = String::new();
    push_int(&mut out, value);
    out
}

/// The pieces of `text` between each `separator`, an ASCII byte: what `text.split(char)`
/// returns. Byte-wise, because `str`'s character searcher weighs more in the wasm build than
/// this; ASCII separators always fall on character boundaries.
#[doc(hidden)]
pub fn split_ascii(text: &str, separator: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    core::iter::from_fn(move || {
        let current = rest?;
        let (piece, tail) = match split_once_ascii(current, separator) {
            Some((piece, tail)) => (piece, Some(tail)),
            None => (current, None),
        };
        rest = tail;
        Some(piece)
    })
}

/// `text` before and after its first `separator`, an ASCII byte: `text.split_once(char)`.
#[doc(hidden)]
#[must_use]
pub fn split_once_ascii(text: &str, separator: u8) -> Option<(&str, &str)> {
    // A byte above 0x7f is part of a character, never a separator: nothing to split at.
    if !separator.is_ascii() {
        return None;
    }
    let at = position(text, separator)?;
    Some((text.get(..at)?, text.get(at.saturating_add(1)..)?))
}

/// Where the first `byte` is in `text`.
pub(crate) fn position(text: &str, byte: u8) -> Option<usize> {
    text.bytes().position(|b| b == byte)
}

/// The pieces joined, for messages (see [`push_int`]).
pub(crate) fn concat(pieces: &[&str]) -> String {
    let mut out = String::new();
    for piece in pieces {
        out.push_str(piece);
    }
    out
}

/// An integer in the one spelling [`push_int`] writes: digits without leading zeros, `-`
/// before a negative one. Smaller in wasm than `str::parse` followed by a round trip.
pub(crate) fn parse_int(text: &str) -> Option<i64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(digits) => (true, digits.as_bytes()),
        None => (false, text.as_bytes()),
    };
    if digits.is_empty() || (digits.len() > 1 && digits.first() == Some(&b'0')) {
        return None;
    }
    // Accumulated negatively, so that `i64::MIN` fits.
    let mut value = 0i64;
    for &digit in digits {
        if !digit.is_ascii_digit() {
            return None;
        }
        value = value
            .checked_mul(10)?
            .checked_sub(i64::from(digit.wrapping_sub(b'0')))?;
    }
    if negative {
        (value != 0).then_some(value)
    } else {
        value.checked_neg()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_accepts_either_case_and_exact_length_only() {
        let mac = hex_exact(b"00fFaA", 3).map(|m| m.as_slice().to_vec());
        assert_eq!(mac, Some(alloc::vec![0x00, 0xff, 0xaa]));
        assert!(hex_exact(b"00ff", 3).is_none());
        assert!(hex_exact(b"00fg00", 3).is_none());
        assert!(hex_exact(b"+0ff00", 3).is_none());
        assert_eq!(hex_string(&[0x00, 0xab, 0x9f]), "00ab9f");
        assert_eq!(hex_vec("0A0b"), Some(alloc::vec![10, 11]));
        assert_eq!(hex_vec("0A0"), None);
    }

    #[test]
    fn base64_signatures_are_canonical_only() {
        let b64 = base64_string(&[7u8; 32]);
        assert_eq!(b64.len(), 44);
        assert!(base64_exact(b64.as_bytes(), 32).is_some());
        assert!(
            base64_exact(b64.trim_end_matches('=').as_bytes(), 32).is_none(),
            "unpadded"
        );
        assert!(
            base64_exact(alloc::format!("{b64}=").as_bytes(), 32).is_none(),
            "over-padded"
        );
        assert!(
            base64_exact(b64.replace('B', "-").as_bytes(), 32).is_none(),
            "url alphabet"
        );
        assert!(base64_exact(b64.as_bytes(), 31).is_none(), "wrong length");
        // 32 bytes leave 2 spare bits in the last symbol: "Bwc=" is canonical, "Bwd=" is not.
        assert!(b64.ends_with("Bwc="));
        let tweaked = alloc::format!("{}d=", &b64[..42]);
        assert!(
            base64_exact(tweaked.as_bytes(), 32).is_none(),
            "trailing bits"
        );
    }

    #[test]
    fn base64_secrets_are_lenient_about_padding() {
        assert_eq!(base64_lenient("c2VjcmV0"), Some(b"secret".to_vec()));
        assert_eq!(base64_lenient("c2VjcmV0MQ"), Some(b"secret1".to_vec()));
        assert_eq!(base64_lenient("c2VjcmV0MQ=="), Some(b"secret1".to_vec()));
        assert_eq!(base64_lenient("c2Vj cmV0"), None);
    }

    #[test]
    fn decimal_formats_as_display_does() {
        assert_eq!(Decimal::new(0).as_bytes(), b"0");
        assert_eq!(Decimal::new(1_614_265_330).as_bytes(), b"1614265330");
        assert_eq!(Decimal::new(u64::MAX).as_bytes(), b"18446744073709551615");
        for value in [0, 7, -7, 10, -10, 1_614_265_330, i64::MIN, i64::MAX] {
            assert_eq!(int_string(value), alloc::format!("{value}"));
            assert_eq!(parse_int(&int_string(value)), Some(value));
        }
        for text in [
            "",
            "-",
            "-0",
            "01",
            "-01",
            "+1",
            " 1",
            "1 ",
            "1a",
            "9223372036854775808",
        ] {
            assert_eq!(parse_int(text), None, "{text:?}");
        }
    }

    /// The codec agrees with the `base64` crate configured as the rules say: canonical
    /// padded decoding for signatures, indifferent padding with trailing bits for secrets,
    /// padded encoding.
    mod against_the_base64_crate {
        use alloc::string::String;
        use base64::Engine as _;
        use base64::engine::general_purpose::STANDARD;
        use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
        use proptest::prelude::*;

        use super::super::{base64_exact, base64_lenient, base64_string};

        const LENIENT: GeneralPurpose = GeneralPurpose::new(
            &base64::alphabet::STANDARD,
            GeneralPurposeConfig::new()
                .with_decode_padding_mode(DecodePaddingMode::Indifferent)
                .with_decode_allow_trailing_bits(true),
        );

        fn text() -> impl Strategy<Value = String> {
            // Mostly the alphabet and padding, sometimes a character outside it.
            const TEXT: &str = "[A-Za-z0-9+/]{0,14}[=]{0,3}|[A-Za-z0-9+/= _.-]{0,14}";
            TEXT
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(4096))]

            #[test]
            fn lenient_decoding_matches(text in text()) {
                prop_assert_eq!(base64_lenient(&text), LENIENT.decode(&text).ok());
            }

            #[test]
            fn exact_decoding_matches(text in text(), len in 0usize..12) {
                let reference = STANDARD.decode(&text).ok().filter(|bytes| bytes.len() == len);
                let ours = base64_exact(text.as_bytes(), len).map(|mac| mac.as_slice().to_vec());
                prop_assert_eq!(ours, reference);
            }

            #[test]
            fn encoding_matches(bytes in proptest::collection::vec(any::<u8>(), 0..70)) {
                prop_assert_eq!(base64_string(&bytes), STANDARD.encode(&bytes));
            }
        }
    }

    /// Integers print as `Display` does and read back only in that spelling.
    mod integers_against_std {
        use proptest::prelude::*;

        use super::super::{int_string, parse_int};

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(4096))]

            #[test]
            fn integers_match_std(value in any::<i64>(), text in "[-+0-9a ]{0,21}") {
                let printed = alloc::format!("{value}");
                prop_assert_eq!(int_string(value), printed.clone());
                prop_assert_eq!(parse_int(&printed), Some(value));
                let reference = text
                    .parse::<i64>()
                    .ok()
                    .filter(|parsed| alloc::format!("{parsed}") == text);
                prop_assert_eq!(parse_int(&text), reference);
            }
        }
    }

    /// Byte-wise splitting agrees with `str`'s, around multi-byte characters too.
    mod splitting_against_std {
        use alloc::vec::Vec;

        use proptest::prelude::*;

        use super::super::{split_ascii, split_once_ascii};

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(4096))]

            #[test]
            fn splits_match_std(
                text in "[a:,=\u{0}é€😀]{0,12}",
                byte in prop::sample::select(&[b':', b',', b'=', 0][..]),
            ) {
                let ours: Vec<&str> = split_ascii(&text, byte).collect();
                let reference: Vec<&str> = text.split(char::from(byte)).collect();
                prop_assert_eq!(ours, reference);
                prop_assert_eq!(split_once_ascii(&text, byte), text.split_once(char::from(byte)));
            }
        }
    }
}
