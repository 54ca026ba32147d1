//! `make memory`: how much memory a `ReplayGuard` holds per live entry.
//!
//! Fills a guard with distinct live claims, reads the resident set size (`VmRSS` in
//! `/proc/self/status`, Linux only) before and after, and prints the bytes per entry beside
//! what the guard's two tables should take in theory.
//!
//! ```text
//! cargo run --release -p hookseal --example guard_memory -- [ENTRIES] [--churn M]
//!     [--max-bytes-per-entry N]
//! ```
//!
//! `--churn M` then releases the oldest claim and makes a new one `M` times, and reports
//! the resident set again. Exits non-zero if the bytes per entry after filling (and after
//! churning) exceed `N`.

#![allow(missing_docs)]

use std::process::ExitCode;

use hookseal::{ReplayGuard, ReplayTicket};

/// The clock every claim uses; the entries expire long after it.
const NOW: i64 = 1_700_000_000;
const DEFAULT_ENTRIES: usize = 1_000_000;

fn main() -> ExitCode {
    let args = match Args::parse() {
        Ok(args) => args,
        Err(why) => {
            eprintln!("guard_memory: {why}");
            return ExitCode::from(2);
        }
    };
    let Some(before) = rss_bytes() else {
        eprintln!("guard_memory: no VmRSS in /proc/self/status (Linux only)");
        return ExitCode::from(2);
    };
    let guard = ReplayGuard::new(args.entries, 86_400);
    for n in 0..args.entries {
        if let Err(err) = guard.claim_ticket_at(&ticket(n), NOW) {
            eprintln!("guard_memory: claim {n} refused: {}", err.code());
            return ExitCode::FAILURE;
        }
    }
    let after = rss_bytes().unwrap_or(before);
    assert_eq!(guard.len(), args.entries);
    // Churn: release the oldest claim and claim a new delivery, as a receiver whose handler
    // fails now and then does; the table's deleted slots must not make it grow for ever.
    for n in 0..args.churn {
        guard.release_ticket(&ticket(n));
        if let Err(err) = guard.claim_ticket_at(&ticket(args.entries + n), NOW) {
            eprintln!("guard_memory: churn claim {n} refused: {}", err.code());
            return ExitCode::FAILURE;
        }
    }
    let churned = rss_bytes().unwrap_or(after);
    let peak = status_kib("VmHWM").map_or(0, |kib| kib * 1024);

    let delta = after.saturating_sub(before);
    let per_entry = ratio(delta, args.entries);
    let map = theoretical_bytes(args.entries);
    println!("ReplayGuard memory, {} live entries", args.entries);
    println!();
    println!("| figure | bytes | bytes per entry |");
    println!("|---|---:|---:|");
    println!("| RSS before filling | {before} | |");
    println!("| RSS after filling | {after} | |");
    println!("| RSS growth | {delta} | {per_entry:.1} |");
    if args.churn > 0 {
        println!(
            "| RSS growth after {} releases and new claims | {} | {:.1} |",
            args.churn,
            churned.saturating_sub(before),
            ratio(churned.saturating_sub(before), args.entries)
        );
    }
    println!(
        "| peak RSS (VmHWM) | {peak} | {:.1} |",
        ratio(peak.saturating_sub(before), args.entries)
    );
    println!(
        "| theory: hash map (buckets x 41 + 16) | {map} | {:.1} |",
        ratio(map, args.entries)
    );
    drop(guard);

    let worst = per_entry.max(ratio(churned.saturating_sub(before), args.entries));
    match args.max_per_entry {
        Some(max) if worst > max => {
            eprintln!("guard_memory: {worst:.1} bytes per entry exceeds the bound of {max}");
            ExitCode::FAILURE
        }
        Some(max) => {
            println!();
            println!("within the bound of {max} bytes per entry");
            ExitCode::SUCCESS
        }
        None => ExitCode::SUCCESS,
    }
}

struct Args {
    entries: usize,
    churn: usize,
    max_per_entry: Option<f64>,
}

impl Args {
    fn parse() -> Result<Self, String> {
        let mut args = Self {
            entries: DEFAULT_ENTRIES,
            churn: 0,
            max_per_entry: None,
        };
        let mut words = std::env::args().skip(1);
        while let Some(arg) = words.next() {
            if arg == "--churn" {
                let value = words.next().ok_or("--churn needs a number")?;
                args.churn = value.parse().map_err(|_| format!("bad {value:?}"))?;
            } else if arg == "--max-bytes-per-entry" {
                let value = words.next().ok_or("--max-bytes-per-entry needs a number")?;
                args.max_per_entry = Some(value.parse().map_err(|_| format!("bad {value:?}"))?);
            } else {
                args.entries = arg
                    .parse()
                    .map_err(|_| format!("bad entry count {arg:?}"))?;
            }
        }
        Ok(args)
    }
}

/// What the guard's table takes for `n` distinct live entries, claimed one by one.
///
/// The guard is one `HashMap<[u8; 32], i64>` (hashbrown): 40-byte slots plus one control
/// byte each and 16 more, in a power-of-two number of buckets kept at most 7/8 full.
fn theoretical_bytes(n: usize) -> usize {
    let buckets = if n < 8 {
        8
    } else {
        (n * 8).div_ceil(7).next_power_of_two()
    };
    buckets * 41 + 16
}

/// Delivery `n`'s ticket: a distinct key, live until one day after `NOW`. Built one at a
/// time, so that no list of tickets sits in memory beside the guard.
fn ticket(n: usize) -> ReplayTicket {
    let text = format!("{n:064x}:{}", NOW + 86_400);
    ReplayTicket::decode(&text).unwrap_or_else(|| unreachable!("a canonical ticket"))
}

fn rss_bytes() -> Option<usize> {
    status_kib("VmRSS").map(|kib| kib * 1024)
}

/// A `kB` figure from `/proc/self/status`.
fn status_kib(field: &str) -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find_map(|line| {
        let rest = line.strip_prefix(field)?.strip_prefix(':')?;
        rest.trim().strip_suffix("kB")?.trim().parse().ok()
    })
}

/// `bytes / entries` for the table; the counts are far below 2^52, so the casts are exact.
#[allow(clippy::cast_precision_loss)]
fn ratio(bytes: usize, entries: usize) -> f64 {
    bytes as f64 / entries.max(1) as f64
}
