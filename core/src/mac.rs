//! Keyed HMAC states, computed once per secret and cloned per message.

use hmac::{Hmac, KeyInit, Mac as _};
use sha2::{Sha256, Sha512};

use crate::encoding::Mac;
use crate::scheme::{Algorithm, Segment};

/// An HMAC whose key schedule has run. Cloning it costs a copy of two hash states, far less
/// than hashing the key blocks again; its memory is zeroized on drop.
#[derive(Clone)]
pub(crate) enum Keyed {
    Sha256(Hmac<Sha256>),
    Sha512(Hmac<Sha512>),
}

/// The variable parts of a delivery that a payload template refers to.
#[derive(Clone, Copy)]
pub(crate) struct Parts<'a> {
    pub(crate) id: &'a [u8],
    pub(crate) timestamp: &'a [u8],
    pub(crate) body: &'a [u8],
}

impl Keyed {
    /// Runs the key schedule. HMAC takes keys of any length, so this fails only if the
    /// underlying crate changes that contract.
    pub(crate) fn new(algorithm: Algorithm, key: &[u8]) -> Option<Self> {
        Some(match algorithm {
            Algorithm::Sha256 => Self::Sha256(Hmac::new_from_slice(key).ok()?),
            Algorithm::Sha512 => Self::Sha512(Hmac::new_from_slice(key).ok()?),
        })
    }

    /// The MAC of the content that `payload` describes, fed piece by piece: the body is
    /// never copied into a joined buffer.
    pub(crate) fn compute(&self, payload: &[Segment], parts: Parts<'_>) -> Mac {
        match self {
            Self::Sha256(state) => {
                let mut mac = state.clone();
                feed(&mut mac, payload, parts);
                Mac::from_slice(&mac.finalize().into_bytes())
            }
            Self::Sha512(state) => {
                let mut mac = state.clone();
                feed(&mut mac, payload, parts);
                Mac::from_slice(&mac.finalize().into_bytes())
            }
        }
    }
}

fn feed(mac: &mut impl hmac::Mac, payload: &[Segment], parts: Parts<'_>) {
    for segment in payload {
        mac.update(match segment {
            Segment::Literal(text) => text,
            Segment::Id => parts.id,
            Segment::Timestamp => parts.timestamp,
            Segment::Body => parts.body,
        });
    }
}
