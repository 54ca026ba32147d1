#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![warn(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic
)]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

#[cfg(feature = "std")]
mod clock;
mod encoding;
mod error;
mod guard;
mod headers;
mod mac;
mod random;
mod scheme;
mod ticket;
mod webhook;

#[cfg(feature = "std")]
pub use clock::unix_now;
pub use encoding::{push_int, split_ascii, split_once_ascii};
pub use error::{Error, ErrorKind, Result};
pub use guard::{
    DEFAULT_GUARD_CAPACITY, DEFAULT_GUARD_TTL_SECONDS, MIN_GUARD_TTL_SECONDS, ReplayGuard,
};
pub use headers::{
    HeaderPair, MAX_ID_BYTES, MAX_SIGNATURE_ENTRIES, MAX_SIGNATURE_HEADER_BYTES,
    MAX_TIMESTAMP_DIGITS,
};
#[cfg(feature = "getrandom")]
pub use random::generate_secret;
pub use scheme::{
    Algorithm, DEFAULT_TOLERANCE_SECONDS, Encoding, Field, FieldCase, FieldValue, Scheme,
    SchemeBuilder, SecretEncoding,
};
pub use ticket::ReplayTicket;
pub use webhook::{Secret, Verified, Webhook};

/// The Rust examples of the repository's README, compiled and run as doctests.
#[cfg(all(doctest, feature = "std"))]
#[doc = include_str!("../../README.md")]
pub struct RootReadme;
