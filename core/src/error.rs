//! The one error type of the crate and its stable codes.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::sync::Arc;
use core::fmt;

/// Reason a webhook could not be signed, verified or claimed.
///
/// Each kind has a stable [`code`](ErrorKind::code) that is the same string in Rust, Python
/// and JavaScript. Adding a kind is a minor change; renaming or removing one is breaking.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Eq, Hash, PartialEq)]
pub enum ErrorKind {
    /// A replay guard is at capacity with live entries and refuses a new claim.
    GuardFull,
    /// An unknown scheme name, or a custom-scheme field that is unknown, of the wrong type,
    /// not applicable to its base, or out of range.
    InvalidScheme,
    /// A secret is empty or cannot be decoded in the scheme's secret encoding, or no secret
    /// was given.
    InvalidSecret,
    /// A header is present but cannot be parsed: bad timestamp digits, bad entry syntax, bad
    /// encoding, a duplicate, or a value over a length cap.
    MalformedHeader,
    /// A header the scheme needs is absent or empty.
    MissingHeader,
    /// A replay guard has already seen this delivery and its entry is still live.
    Replayed,
    /// No signature in the header matches the payload under any secret.
    SignatureMismatch,
    /// The timestamp is further in the future than the tolerance allows.
    TimestampTooNew,
    /// The timestamp is further in the past than the tolerance allows.
    TimestampTooOld,
}

impl ErrorKind {
    /// Every kind, in alphabetical order of its code.
    pub const ALL: [Self; 9] = [
        Self::GuardFull,
        Self::InvalidScheme,
        Self::InvalidSecret,
        Self::MalformedHeader,
        Self::MissingHeader,
        Self::Replayed,
        Self::SignatureMismatch,
        Self::TimestampTooNew,
        Self::TimestampTooOld,
    ];

    /// Stable identifier; the same string in Rust, Python and JavaScript.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::GuardFull => "guard_full",
            Self::InvalidScheme => "invalid_scheme",
            Self::InvalidSecret => "invalid_secret",
            Self::MalformedHeader => "malformed_header",
            Self::MissingHeader => "missing_header",
            Self::Replayed => "replayed",
            Self::SignatureMismatch => "signature_mismatch",
            Self::TimestampTooNew => "timestamp_too_new",
            Self::TimestampTooOld => "timestamp_too_old",
        }
    }

    /// The kind whose [`code`](ErrorKind::code) is `code`, if any.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }

    /// Lowercase words that start every message of this kind.
    const fn words(self) -> &'static str {
        match self {
            Self::GuardFull => "replay guard full",
            Self::InvalidScheme => "invalid scheme",
            Self::InvalidSecret => "invalid secret",
            Self::MalformedHeader => "malformed header",
            Self::MissingHeader => "missing header",
            Self::Replayed => "replayed",
            Self::SignatureMismatch => "signature mismatch",
            Self::TimestampTooNew => "timestamp too new",
            Self::TimestampTooOld => "timestamp too old",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Why signing, verifying, building or claiming failed.
///
/// `Display` is one lowercase line without a trailing period, naming the header concerned.
/// It never contains a secret, an expected signature or a computed MAC.
#[derive(Clone, Debug, Eq, PartialEq)]
pub struct Error {
    kind: ErrorKind,
    header: Option<Arc<str>>,
    detail: Cow<'static, str>,
}

impl Error {
    /// An error of `kind` with a short explanation.
    pub(crate) fn new(kind: ErrorKind, detail: impl Into<Cow<'static, str>>) -> Self {
        Self {
            kind,
            header: None,
            detail: detail.into(),
        }
    }

    /// An error of `kind` about the header `name`.
    pub(crate) fn header(kind: ErrorKind, name: &Arc<str>, detail: &'static str) -> Self {
        Self {
            kind,
            header: Some(Arc::clone(name)),
            detail: Cow::Borrowed(detail),
        }
    }

    /// What went wrong.
    #[must_use]
    pub const fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The stable code of [`kind`](Error::kind), such as `"signature_mismatch"`.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// The header concerned, spelled as the scheme names it, if the error is about one.
    #[must_use]
    pub fn header_name(&self) -> Option<&str> {
        self.header.as_deref()
    }

    /// The `Display` text, built without `core::fmt` (which the wasm build leaves out).
    #[must_use]
    pub fn message(&self) -> String {
        let mut text = String::from(self.kind.words());
        if let Some(header) = &self.header {
            text.push(' ');
            text.push_str(header);
        }
        if !self.detail.is_empty() {
            text.push_str(": ");
            text.push_str(&self.detail);
        }
        text
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl core::error::Error for Error {}

/// Result of hookseal operations.
pub type Result<T, E = Error> = core::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use alloc::string::ToString;

    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        for kind in ErrorKind::ALL {
            assert_eq!(ErrorKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(ErrorKind::from_code("nope"), None);
        let mut codes: alloc::vec::Vec<_> = ErrorKind::ALL.iter().map(|k| k.code()).collect();
        let sorted = codes.clone();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes, sorted, "ALL is sorted by code and has no duplicates");
    }

    #[test]
    fn display_names_the_header() {
        let name: Arc<str> = Arc::from("webhook-timestamp");
        let err = Error::header(ErrorKind::MalformedHeader, &name, "not decimal digits");
        assert_eq!(
            err.to_string(),
            "malformed header webhook-timestamp: not decimal digits"
        );
        assert_eq!(err.header_name(), Some("webhook-timestamp"));
        assert_eq!(err.message(), err.to_string());
        assert_eq!(Error::new(ErrorKind::Replayed, "").to_string(), "replayed");
    }
}
