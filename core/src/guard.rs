//! The in-memory replay guard.

use crate::encoding::{concat, int_string};
use core::hash::{BuildHasherDefault, Hasher};
use core::ops::DerefMut;

use hashbrown::HashMap;

use crate::error::{Error, ErrorKind, Result};
use crate::ticket::ReplayTicket;
use crate::webhook::Verified;

/// Claims a guard holds at most, unless told otherwise.
pub const DEFAULT_GUARD_CAPACITY: usize = 100_000;
/// How long a guard remembers a delivery whose scheme signs no timestamp, unless told
/// otherwise.
pub const DEFAULT_GUARD_TTL_SECONDS: u32 = 86_400;
/// The shortest `ttl_seconds` a guard takes.
pub const MIN_GUARD_TTL_SECONDS: u32 = 1;

/// The latest `now` a claim may sweep expired entries with: the largest 12-digit timestamp.
const MAX_SWEEP_NOW: i64 = 999_999_999_999;
/// Entries a guard holds before its first sweep for expired ones.
const FIRST_SWEEP_AT: usize = 1024;

/// Remembers verified deliveries until their window closes, so that a captured delivery
/// cannot be replayed inside it.
///
/// Bounded: when full of live entries it refuses new claims with `guard_full` rather than
/// forget a live one. With the `std` feature it is safe to share between threads
/// (`Arc<ReplayGuard>` or a `static`); without it, it serves one thread (a wasm instance).
///
/// # Examples
///
/// ```
/// use hookseal::{ReplayGuard, Scheme, Webhook};
///
/// let wh = Webhook::new(Scheme::standard(), ["whsec_c2VjcmV0"])?;
/// let headers = wh.sign_at(b"{}", "msg_1", 1_700_000_000)?;
/// let guard = ReplayGuard::new(1_000, 86_400);
///
/// let first = wh.verify_at(b"{}", &headers, 1_700_000_001)?;
/// guard.claim_at(&first, 1_700_000_001)?;
/// let again = wh.verify_at(b"{}", &headers, 1_700_000_002)?;
/// assert_eq!(guard.claim_at(&again, 1_700_000_002).unwrap_err().code(), "replayed");
/// # Ok::<(), hookseal::Error>(())
/// ```
///
/// # Security
///
/// An in-memory guard protects one process. Receivers that run as several processes need
/// a shared guard (the Python and Node packages ship one on Redis).
pub struct ReplayGuard {
    state: Lock<State>,
    capacity: usize,
    ttl_seconds: u32,
}

/// Threads share a guard through a mutex; without `std` (one thread) a cell will do.
#[cfg(feature = "std")]
type Lock<T> = std::sync::Mutex<T>;
#[cfg(not(feature = "std"))]
type Lock<T> = core::cell::RefCell<T>;

#[derive(Debug)]
struct State {
    /// Key digest to the time (exclusive) its entry expires. Expired entries stay until a
    /// sweep; they never count as a replay.
    live: HashMap<[u8; 32], i64, BuildHasherDefault<DigestHasher>>,
    /// No entry expires before this (it may be earlier than the earliest expiry, never
    /// later), so a sweep before it would find nothing.
    earliest_expiry: i64,
    /// Entries at which a claim sweeps even when the guard is not full: twice the size
    /// after the last sweep, so that sweeping costs O(1) per claim on average.
    sweep_at: usize,
}

impl Default for State {
    fn default() -> Self {
        Self {
            live: HashMap::default(),
            earliest_expiry: i64::MAX,
            sweep_at: FIRST_SWEEP_AT,
        }
    }
}

/// Hashes the guard's keys: a multiply-rotate mix of their 8-byte words, finished with
/// splitmix64's avalanche so that every input bit reaches the low bits hashbrown indexes by.
/// Keys are SHA-256 digests of verified deliveries, so nobody without the secret chooses
/// them; tickets decoded from text with patterned digests still spread.
#[derive(Default)]
struct DigestHasher(u64);

impl Hasher for DigestHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            for (to, from) in word.iter_mut().zip(chunk) {
                *to = *from;
            }
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

impl ReplayGuard {
    /// A guard that holds at most `capacity` live claims and remembers deliveries without
    /// a signed timestamp for `ttl_seconds`.
    ///
    /// A `ttl_seconds` of 0 is taken as 1: a guard that remembers nothing would let every
    /// replay of such a delivery through. The bindings refuse 0 outright.
    #[must_use]
    pub fn new(capacity: usize, ttl_seconds: u32) -> Self {
        Self {
            state: Lock::new(State::default()),
            capacity,
            ttl_seconds: ttl_seconds.max(MIN_GUARD_TTL_SECONDS),
        }
    }

    /// The most live claims this guard holds.
    #[must_use]
    pub const fn capacity(&self) -> usize {
        self.capacity
    }

    /// How long deliveries without a signed timestamp are remembered.
    #[must_use]
    pub const fn ttl_seconds(&self) -> u32 {
        self.ttl_seconds
    }

    /// Claims `verified` at the system clock's time.
    ///
    /// # Errors
    ///
    /// As [`claim_at`](ReplayGuard::claim_at).
    #[cfg(feature = "std")]
    pub fn claim(&self, verified: &Verified) -> Result<()> {
        self.claim_at(verified, crate::clock::unix_now())
    }

    /// Records `verified` as seen at `now` (Unix seconds).
    ///
    /// # Security
    ///
    /// Every claim on one guard must use the same clock in seconds: expired entries are
    /// swept by `now`, so a `now` far ahead of the others would forget live entries. (A
    /// `now` of more than 12 digits, such as milliseconds, sweeps nothing.)
    ///
    /// # Errors
    ///
    /// `replayed` if it was already claimed and its entry is still live; `guard_full` if
    /// the guard holds `capacity` live entries.
    pub fn claim_at(&self, verified: &Verified, now: i64) -> Result<()> {
        self.claim_ticket_at(&verified.replay_ticket(), now)
    }

    /// Records the delivery `ticket` stands for, as seen at `now`: what bindings call when
    /// they carry a verified delivery as its [`ReplayTicket`].
    ///
    /// # Errors
    ///
    /// As [`claim_at`](ReplayGuard::claim_at).
    pub fn claim_ticket_at(&self, ticket: &ReplayTicket, now: i64) -> Result<()> {
        let expires_at = ticket.expires_at(now, self.ttl_seconds);
        let key = *ticket.digest();
        let mut state = self.lock();
        if expires_at <= now {
            // The window has closed: verification refuses this delivery from now on, so
            // there is nothing to remember.
            return Ok(());
        }
        if let Some(held) = state.live.get_mut(&key) {
            if *held > now {
                return Err(Error::new(ErrorKind::Replayed, "delivery already claimed"));
            }
            *held = expires_at;
        } else {
            if state.live.len() >= self.capacity.min(state.sweep_at) {
                state.sweep(now);
            }
            if state.live.len() >= self.capacity {
                return Err(Error::new(
                    ErrorKind::GuardFull,
                    concat(&[
                        &int_string(i64::try_from(self.capacity).unwrap_or(i64::MAX)),
                        " live entries",
                    ]),
                ));
            }
            state.live.insert(key, expires_at);
        }
        state.earliest_expiry = state.earliest_expiry.min(expires_at);
        Ok(())
    }

    /// Forgets a claim, so that a retry of a delivery whose processing failed is accepted.
    /// Releasing a delivery that was never claimed does nothing.
    pub fn release(&self, verified: &Verified) {
        self.release_ticket(&verified.replay_ticket());
    }

    /// Forgets the claim of the delivery `ticket` stands for.
    pub fn release_ticket(&self, ticket: &ReplayTicket) {
        self.lock().live.remove(ticket.digest());
    }

    /// Entries held, live or expired but not yet swept.
    #[must_use]
    pub fn len(&self) -> usize {
        self.lock().live.len()
    }

    /// Whether the guard holds no entry.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    #[cfg(feature = "std")]
    fn lock(&self) -> impl DerefMut<Target = State> + '_ {
        // Nothing panics while the lock is held; if something ever did, the map is still
        // consistent (each step is a single insert or remove), so keep using it.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    #[cfg(not(feature = "std"))]
    fn lock(&self) -> impl DerefMut<Target = State> + '_ {
        // No method calls out while it holds the borrow, so borrows never overlap.
        self.state.borrow_mut()
    }
}

impl core::fmt::Debug for ReplayGuard {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // The entries stay out: a map of up to `capacity` keys is no use in a log.
        f.debug_struct("ReplayGuard")
            .field("entries", &self.len())
            .field("capacity", &self.capacity)
            .field("ttl_seconds", &self.ttl_seconds)
            .finish_non_exhaustive()
    }
}

impl Default for ReplayGuard {
    fn default() -> Self {
        Self::new(DEFAULT_GUARD_CAPACITY, DEFAULT_GUARD_TTL_SECONDS)
    }
}

impl State {
    /// Drops every entry that expired at or before `now`.
    fn sweep(&mut self, now: i64) {
        // A `now` beyond any timestamp (12 digits) is a caller's mistake, typically
        // milliseconds: sweeping with it would forget every live entry and let their replays
        // through, so such a claim sweeps nothing.
        if now > MAX_SWEEP_NOW || now < self.earliest_expiry {
            return;
        }
        let mut earliest = i64::MAX;
        self.live.retain(|_, expires_at| {
            let live = *expires_at > now;
            if live {
                earliest = earliest.min(*expires_at);
            }
            live
        });
        self.earliest_expiry = earliest;
        self.sweep_at = self.live.len().saturating_mul(2).max(FIRST_SWEEP_AT);
    }
}
