//! The in-memory replay guard.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::collections::hash_map::{Entry, HashMap};
use std::sync::{Mutex, MutexGuard};

use alloc::format;

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

/// Remembers verified deliveries until their window closes, so that a captured delivery
/// cannot be replayed inside it.
///
/// Bounded: when full of live entries it refuses new claims with `guard_full` rather than
/// forget a live one. Safe to share between threads (`Arc<ReplayGuard>` or a `static`).
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
    state: Mutex<State>,
    capacity: usize,
    ttl_seconds: u32,
}

#[derive(Debug, Default)]
struct State {
    /// Key digest to the time (exclusive) its entry expires.
    live: HashMap<[u8; 32], i64>,
    /// The same entries by expiry, for sweeping; entries released or replaced stay here
    /// until swept or compacted.
    by_expiry: BinaryHeap<Reverse<(i64, [u8; 32])>>,
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
            state: Mutex::new(State::default()),
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
        // A `now` beyond any timestamp (12 digits) is a caller's mistake, typically
        // milliseconds: sweeping with it would forget every live entry and let their replays
        // through, so such a claim sweeps nothing.
        if now <= MAX_SWEEP_NOW {
            state.sweep(now);
        }
        if expires_at <= now {
            // The window has closed: verification refuses this delivery from now on, so
            // there is nothing to remember.
            return Ok(());
        }
        let full = state.live.len() >= self.capacity;
        match state.live.entry(key) {
            Entry::Occupied(entry) if *entry.get() > now => {
                return Err(Error::new(ErrorKind::Replayed, "delivery already claimed"));
            }
            Entry::Occupied(mut entry) => {
                entry.insert(expires_at);
            }
            Entry::Vacant(_) if full => {
                return Err(Error::new(
                    ErrorKind::GuardFull,
                    format!("{} live entries", self.capacity),
                ));
            }
            Entry::Vacant(entry) => {
                entry.insert(expires_at);
            }
        }
        state.by_expiry.push(Reverse((expires_at, key)));
        state.compact();
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

    fn lock(&self) -> MutexGuard<'_, State> {
        // Nothing panics while the lock is held; if something ever did, the map is still
        // consistent (each step is a single insert or remove), so keep using it.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
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
        while let Some(Reverse((expires_at, key))) = self.by_expiry.peek().copied() {
            if expires_at > now {
                break;
            }
            self.by_expiry.pop();
            if self.live.get(&key) == Some(&expires_at) {
                self.live.remove(&key);
            }
        }
    }

    /// Rebuilds the expiry heap when released or replaced entries make up most of it, so
    /// that memory stays proportional to the live entries.
    fn compact(&mut self) {
        if self.by_expiry.len() > self.live.len().saturating_mul(2).saturating_add(1024) {
            self.by_expiry = self
                .live
                .iter()
                .map(|(key, expires_at)| Reverse((*expires_at, *key)))
                .collect();
        }
    }
}
