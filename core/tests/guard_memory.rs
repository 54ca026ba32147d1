//! The in-memory replay guard's resident memory per live entry stays within its bound.
//!
//! Linux only (it reads `/proc/self/status`). Keep this file to its one test: it has its own
//! process, so no other test's allocations move the figure. `make memory` prints the full
//! table for a million entries; `make memcheck` skips this test, since valgrind's own memory
//! counts in the process's resident set.

#![cfg(target_os = "linux")]
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use hookseal::{ReplayGuard, ReplayTicket};

const NOW: i64 = 1_700_000_000;
const ENTRIES: usize = 200_000;
/// The guard's one table takes 54 bytes per entry at this count: 40-byte slots plus a
/// control byte, in a power-of-two number of buckets at most 7/8 full, and 94 just after it
/// doubles. 100 leaves the allocator its slack and fails for a change that adds a second
/// copy of each entry (an expiry heap beside the map, say) or holds keys as hex strings.
const MAX_BYTES_PER_ENTRY: usize = 100;

#[test]
fn resident_memory_per_guard_entry_stays_within_bound() {
    let guard = ReplayGuard::new(ENTRIES, 86_400);
    let before = rss_bytes();
    for n in 0..ENTRIES {
        let ticket = ReplayTicket::decode(&format!("{n:064x}:{}", NOW + 86_400)).unwrap();
        guard.claim_ticket_at(&ticket, NOW).unwrap();
    }
    let grown = rss_bytes().saturating_sub(before);
    assert_eq!(guard.len(), ENTRIES);
    assert!(
        grown <= ENTRIES * MAX_BYTES_PER_ENTRY,
        "{ENTRIES} entries grew the resident set by {grown} bytes, {} per entry, over {}",
        grown / ENTRIES,
        MAX_BYTES_PER_ENTRY
    );
}

fn rss_bytes() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let kib: usize = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().strip_suffix("kB"))
        .and_then(|kib| kib.trim().parse().ok())
        .expect("VmRSS in /proc/self/status");
    kib * 1024
}
