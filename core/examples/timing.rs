//! `make timing`: a dudect-style test that the time `Webhook::verify` takes does not depend
//! on how close a wrong signature comes to the right one.
//!
//! Each experiment has two classes of input. Calls of both classes are interleaved in a
//! random order, each call is timed on its own, and Welch's t statistic compares the two
//! classes' mean times, once over all measurements and once per cropping threshold (the
//! pooled percentiles below which measurements are kept, which drops the calls that an
//! interrupt or another process stretched). Noise hits both classes alike; a difference
//! that the code makes shows as a |t| that grows with the number of measurements. The usual
//! reading: |t| < 4.5 is "no difference detected", |t| > 10 a clear one.
//!
//! Besides the experiment proper (a wrong MAC whose first byte is wrong against one whose
//! last byte is wrong), the run holds a calibration (both classes the same input: |t| must
//! stay small, or the harness itself is biased), a text control (the same two signatures
//! under another secret, where neither is close to the MAC computed: what differs there
//! comes from the presented text alone), inputs that differ by design in public ways (a
//! signature of the wrong length), and two positive controls, comparisons that stop at the
//! first differing byte, to show that the harness finds a leak of that size.
//!
//! At millions of measurements the test resolves differences of hundredths of a nanosecond,
//! far below one cycle, which two different presented texts produce whatever the secret. A
//! no-difference experiment therefore fails only when |t| >= 4.5 and the means differ by
//! at least 0.5 ns; an early exit costs about a third of a nanosecond per byte here.
//!
//! ```text
//! cargo run --release -p hookseal --example timing -- [MEASUREMENTS_PER_CLASS]
//! ```
//!
//! Prints Markdown. Exits non-zero if an experiment expected to show no difference shows
//! one, or if a positive control shows none (the harness would then be blind).

#![allow(missing_docs)]

use std::error::Error;
use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit as _, Mac as _};
use hookseal::{Scheme, Webhook};
use sha2::Sha256;

/// A test secret (the one in the crate's README), never a real one.
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
/// Another test secret, under which neither wrong signature is close to the MAC computed.
const OTHER_SECRET: &str = "whsec_dGltaW5nIGNvbnRyb2wgc2VjcmV0IGZvciBob29rc2VhbA==";
const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TIMESTAMP: i64 = 1_614_265_330;
const BODY_LEN: usize = 1024;
/// The buffer the early-exit `==` control compares.
const CONTROL_LEN: usize = 4096;
const DEFAULT_PER_CLASS: usize = 2_000_000;
/// Untimed calls before each experiment, to settle caches and the branch predictor.
const WARM_UP: usize = 20_000;
/// The usual dudect threshold.
const T_THRESHOLD: f64 = 4.5;
/// The smallest mean difference, in nanoseconds, that fails the no-difference check when
/// it is also significant. At millions of measurements the t-test resolves differences far
/// below one cycle, which two presented texts produce whatever the secret (see the text
/// control); an early exit over even a few bytes of a MAC costs more than this.
const MIN_EFFECT_NS: f64 = 0.5;
/// Pooled percentiles kept; 100 keeps every measurement.
const CROPS: [f64; 7] = [100.0, 99.9, 99.0, 95.0, 90.0, 75.0, 50.0];

/// What an experiment is expected to show.
#[derive(Clone, Copy, PartialEq)]
enum Expect {
    /// Constant time: no crop may show both |t| >= 4.5 and a difference of `MIN_EFFECT_NS`.
    NoDifference,
    /// The classes differ by design, in public input only: reported, not checked.
    DifferenceByDesign,
    /// A positive control: some crop must show both.
    Leak,
}

struct Experiment {
    name: &'static str,
    classes: [&'static str; 2],
    expect: Expect,
    per_class: usize,
    /// Welch's t at every cropping threshold; the measurements themselves are dropped.
    crops: Vec<Crop>,
}

fn main() -> ExitCode {
    let per_class = match std::env::args().nth(1).map(|arg| arg.parse::<usize>()) {
        None => DEFAULT_PER_CLASS,
        Some(Ok(n)) if n >= 1_000 => n,
        Some(_) => {
            eprintln!("timing: the argument is the number of measurements per class (>= 1000)");
            return ExitCode::from(2);
        }
    };
    let mut rng = SplitMix64::from_clock();
    let started = Instant::now();
    let experiments = match run_all(per_class, &mut rng) {
        Ok(experiments) => experiments,
        Err(err) => {
            eprintln!("timing: setting up failed: {err}");
            return ExitCode::FAILURE;
        }
    };
    let elapsed = started.elapsed().as_secs();
    report(&experiments, per_class, elapsed)
}

fn run_all(per_class: usize, rng: &mut SplitMix64) -> Result<Vec<Experiment>, Box<dyn Error>> {
    let wh = Webhook::new(Scheme::standard(), [SECRET])?;
    let body = body(BODY_LEN);
    let signed = wh.sign_at(&body, ID, TIMESTAMP)?;
    let valid = valid_mac(&signed);
    // Wrong signatures built from the valid MAC; none of them is ever printed.
    let first_wrong = flipped(&valid, 0);
    let last_wrong = flipped(&valid, valid.len().saturating_sub(1));
    let short = first_wrong.get(..16).unwrap_or_default().to_vec();
    let value = |entries: &[&[u8]]| {
        entries
            .iter()
            .map(|mac| format!("v1,{}", STANDARD.encode(mac)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let first = value(&[&first_wrong]);
    let last = value(&[&last_wrong]);
    let short_only = value(&[&short]);
    let short_then_wrong = value(&[&short, &first_wrong]);
    let mut experiments = Vec::new();
    experiments.push(Experiment::run(
        "verify, standard, 1 KiB body: wrong MAC, first byte vs last byte flipped",
        ["first byte wrong", "last byte wrong"],
        Expect::NoDifference,
        per_class,
        rng,
        &mut VerifySubject::new(&wh, &body, [&first, &last], ["signature_mismatch"; 2]),
    ));
    // The same two texts verified under another secret: neither is then close to the MAC
    // computed, so what differs between them here comes from the text alone.
    let other = Webhook::new(Scheme::standard(), [OTHER_SECRET])?;
    experiments.push(Experiment::run(
        "text control: the same two signatures, verified under another secret",
        ["first-byte text", "last-byte text"],
        Expect::DifferenceByDesign,
        per_class,
        rng,
        &mut VerifySubject::new(&other, &body, [&first, &last], ["signature_mismatch"; 2]),
    ));
    experiments.push(Experiment::run(
        "calibration: verify, both classes the same wrong MAC (first byte flipped)",
        ["first byte wrong", "the same"],
        Expect::NoDifference,
        per_class,
        rng,
        &mut VerifySubject::new(&wh, &body, [&first, &first], ["signature_mismatch"; 2]),
    ));
    experiments.push(Experiment::run(
        "verify, standard, 1 KiB body: 32-byte wrong MAC vs 16-byte MAC",
        ["32 bytes, wrong", "16 bytes (skipped)"],
        Expect::DifferenceByDesign,
        per_class,
        rng,
        &mut VerifySubject::new(
            &wh,
            &body,
            [&first, &short_only],
            ["signature_mismatch", "malformed_header"],
        ),
    ));
    experiments.push(Experiment::run(
        "verify, standard, 1 KiB body: wrong MAC alone vs after a 16-byte entry",
        ["wrong 32-byte entry", "16-byte entry, then it"],
        Expect::DifferenceByDesign,
        per_class,
        rng,
        &mut VerifySubject::new(
            &wh,
            &body,
            [&first, &short_then_wrong],
            ["signature_mismatch"; 2],
        ),
    ));

    // Positive control 1: slice `==` (a `memcmp`) over 4 KiB, first vs last byte different.
    let reference = body_bytes(CONTROL_LEN, 7);
    experiments.push(Experiment::run(
        "control: slice == over 4 KiB, first vs last byte different",
        ["first byte differs", "last byte differs"],
        Expect::Leak,
        per_class,
        rng,
        &mut SliceEqSubject {
            other: reference.clone(),
            variants: [flipped(&reference, 0), flipped(&reference, CONTROL_LEN - 1)],
            reference,
        },
    ));

    // Positive control 2: what `verify` would be with a naive comparison: the same HMAC over
    // the same 1 KiB body, then a byte loop that returns at the first difference.
    experiments.push(Experiment::run(
        "control: HMAC of 1 KiB + early-exit byte loop over 32 bytes, first vs last byte",
        ["first byte wrong", "last byte wrong"],
        Expect::Leak,
        per_class,
        rng,
        &mut NaiveSubject {
            keyed: Hmac::<Sha256>::new_from_slice(&secret_key())?,
            timestamp: TIMESTAMP.to_string(),
            body: &body,
            presented: vec![0; valid.len()],
            variants: [first_wrong, last_wrong],
        },
    ));
    Ok(experiments)
}

/// What an experiment times. `prepare` puts one class's input in place, untimed; `call`
/// runs the operation on it, timed. Both classes go through the same buffers, so that where
/// an input lies in memory cannot set the classes apart.
trait Subject {
    fn prepare(&mut self, class: usize);
    fn call(&mut self);
}

/// `verify_at` with a header set whose signature value is one of two.
struct VerifySubject<'a> {
    wh: &'a Webhook,
    body: &'a [u8],
    headers: [(String, String); 3],
    values: [&'a str; 2],
}

impl<'a> VerifySubject<'a> {
    /// Checks first that each value gives the error code expected of it.
    fn new(wh: &'a Webhook, body: &'a [u8], values: [&'a str; 2], codes: [&str; 2]) -> Self {
        let longest = values.iter().map(|v| v.len()).max().unwrap_or(0);
        let mut subject = Self {
            wh,
            body,
            headers: [
                ("webhook-id".to_owned(), ID.to_owned()),
                ("webhook-timestamp".to_owned(), TIMESTAMP.to_string()),
                (
                    "webhook-signature".to_owned(),
                    String::with_capacity(longest),
                ),
            ],
            values,
        };
        for (class, code) in codes.iter().enumerate() {
            subject.prepare(class);
            let outcome = wh.verify_at(body, &subject.headers, TIMESTAMP);
            assert_eq!(outcome.map(drop).map_err(|e| e.code()), Err(*code));
        }
        subject
    }
}

impl Subject for VerifySubject<'_> {
    fn prepare(&mut self, class: usize) {
        let [_, _, (_, signature)] = &mut self.headers;
        signature.clear();
        signature.push_str(self.values[class]);
    }

    fn call(&mut self) {
        let outcome = self
            .wh
            .verify_at(black_box(self.body), black_box(&self.headers), TIMESTAMP);
        black_box(outcome.is_ok());
    }
}

/// Slice `==` of a buffer against a copy that differs in one byte.
struct SliceEqSubject {
    reference: Vec<u8>,
    other: Vec<u8>,
    variants: [Vec<u8>; 2],
}

impl Subject for SliceEqSubject {
    fn prepare(&mut self, class: usize) {
        self.other.copy_from_slice(&self.variants[class]);
    }

    fn call(&mut self) {
        black_box(black_box(self.reference.as_slice()) == black_box(self.other.as_slice()));
    }
}

/// The HMAC that `verify` computes, compared with an early-exit loop.
struct NaiveSubject<'a> {
    keyed: Hmac<Sha256>,
    timestamp: String,
    body: &'a [u8],
    presented: Vec<u8>,
    variants: [Vec<u8>; 2],
}

impl Subject for NaiveSubject<'_> {
    fn prepare(&mut self, class: usize) {
        self.presented.copy_from_slice(&self.variants[class]);
    }

    fn call(&mut self) {
        let mut mac = self.keyed.clone();
        mac.update(black_box(ID.as_bytes()));
        mac.update(b".");
        mac.update(black_box(self.timestamp.as_bytes()));
        mac.update(b".");
        mac.update(black_box(self.body));
        let expected = mac.finalize().into_bytes();
        black_box(early_exit_eq(&expected, black_box(&self.presented)));
    }
}

impl Experiment {
    /// Times `subject` `per_class` times for each class, in a random order.
    fn run(
        name: &'static str,
        classes: [&'static str; 2],
        expect: Expect,
        per_class: usize,
        rng: &mut SplitMix64,
        subject: &mut impl Subject,
    ) -> Self {
        eprintln!("timing: {name}");
        let order = rng.balanced_order(per_class);
        for _ in 0..WARM_UP {
            subject.prepare(rng.below(2));
            subject.call();
        }
        let mut samples = [Vec::with_capacity(per_class), Vec::with_capacity(per_class)];
        for class in order {
            let class = usize::from(class);
            subject.prepare(class);
            let start = Instant::now();
            subject.call();
            let nanos = start.elapsed().as_nanos();
            if let Some(out) = samples.get_mut(class) {
                // Over 4 s for one call is an outlier that every crop drops anyway.
                out.push(u32::try_from(nanos).unwrap_or(u32::MAX));
            }
        }
        Self {
            name,
            classes,
            expect,
            per_class,
            crops: crops(&samples),
        }
    }
}

/// Welch's t for every cropping threshold.
fn crops([a, b]: &[Vec<u32>; 2]) -> Vec<Crop> {
    let mut pooled: Vec<u32> = a.iter().chain(b).copied().collect();
    pooled.sort_unstable();
    CROPS
        .iter()
        .map(|&percentile| {
            let limit = percentile_of(&pooled, percentile);
            let (sa, sb) = (Stats::below(a, limit), Stats::below(b, limit));
            Crop {
                percentile,
                limit,
                a: sa,
                b: sb,
                t: welch_t(&sa, &sb),
            }
        })
        .collect()
}

struct Crop {
    percentile: f64,
    limit: u32,
    a: Stats,
    b: Stats,
    t: f64,
}

/// Count, mean and variance of the measurements at or below a limit.
#[derive(Clone, Copy)]
struct Stats {
    n: u64,
    mean: f64,
    variance: f64,
}

impl Stats {
    /// Welford's running mean and variance, which stays exact over millions of values.
    #[allow(clippy::cast_precision_loss)] // nanosecond counts and counts far below 2^52
    fn below(values: &[u32], limit: u32) -> Self {
        let (mut n, mut mean, mut m2) = (0u64, 0f64, 0f64);
        for &value in values.iter().filter(|&&v| v <= limit) {
            n += 1;
            let x = f64::from(value);
            let delta = x - mean;
            mean += delta / n as f64;
            m2 += delta * (x - mean);
        }
        let variance = if n > 1 { m2 / (n - 1) as f64 } else { 0.0 };
        Self { n, mean, variance }
    }
}

#[allow(clippy::cast_precision_loss)] // counts far below 2^52
fn welch_t(a: &Stats, b: &Stats) -> f64 {
    let se = (a.variance / a.n.max(1) as f64 + b.variance / b.n.max(1) as f64).sqrt();
    if se > 0.0 {
        (a.mean - b.mean) / se
    } else {
        0.0
    }
}

/// The value below which `percentile` percent of the sorted `values` fall.
#[allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)] // an index into a vector of a few million values, rounded down on purpose
fn percentile_of(sorted: &[u32], percentile: f64) -> u32 {
    let last = sorted.len().saturating_sub(1);
    let index = ((last as f64) * percentile / 100.0).floor() as usize;
    sorted.get(index.min(last)).copied().unwrap_or(u32::MAX)
}

fn report(experiments: &[Experiment], per_class: usize, elapsed: u64) -> ExitCode {
    let mut failed = false;
    println!("## Timing: dudect-style Welch t-tests");
    println!();
    println!(
        "{per_class} measurements per class, classes interleaved at random; each call timed \
         with `std::time::Instant` ({} ns between two readings, median); {}; load average \
         before the run {}; {elapsed} s in all.",
        timer_step(),
        cpu_summary(),
        load_average(),
    );
    println!();
    println!(
        "| experiment | per class | max \\|t\\| | at crop | mean difference, ns | expected | verdict |"
    );
    println!("|---|---:|---:|---:|---:|---|---|");
    for experiment in experiments {
        let worst = experiment
            .crops
            .iter()
            .max_by(|x, y| x.t.abs().total_cmp(&y.t.abs()));
        let (max_t, at, difference) = worst.map_or((0.0, 100.0, 0.0), |c| {
            (c.t.abs(), c.percentile, c.a.mean - c.b.mean)
        });
        // A difference counts when it is both significant and at least MIN_EFFECT_NS.
        let counts = experiment
            .crops
            .iter()
            .any(|c| c.t.abs() >= T_THRESHOLD && (c.a.mean - c.b.mean).abs() >= MIN_EFFECT_NS);
        let (expected, verdict) = match experiment.expect {
            Expect::NoDifference if counts => {
                failed = true;
                ("no difference", "DIFFERENCE DETECTED")
            }
            Expect::NoDifference if max_t >= T_THRESHOLD => {
                ("no difference", "none of 0.5 ns or more")
            }
            Expect::NoDifference => ("no difference", "none detected"),
            Expect::DifferenceByDesign if max_t >= T_THRESHOLD => {
                ("public input differs", "difference detected")
            }
            Expect::DifferenceByDesign => ("public input differs", "none detected"),
            Expect::Leak if counts => ("leak (control)", "leak detected"),
            Expect::Leak => {
                failed = true;
                ("leak (control)", "CONTROL MISSED")
            }
        };
        println!(
            "| {} | {} | {max_t:.1} | {at}% | {difference:+.2} | {expected} | {verdict} |",
            experiment.name, experiment.per_class,
        );
    }
    for experiment in experiments {
        let [class_a, class_b] = experiment.classes;
        println!();
        println!("### {}", experiment.name);
        println!();
        println!(
            "| crop (pooled percentile) | limit ns | n {class_a} | n {class_b} | mean ns {class_a} \
             | mean ns {class_b} | t |"
        );
        println!("|---:|---:|---:|---:|---:|---:|---:|");
        for crop in &experiment.crops {
            println!(
                "| {}% | {} | {} | {} | {:.1} | {:.1} | {:.2} |",
                crop.percentile, crop.limit, crop.a.n, crop.b.n, crop.a.mean, crop.b.mean, crop.t
            );
        }
    }
    if failed {
        eprintln!("timing: an experiment did not show what it should (see the verdicts)");
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Compares byte by byte and returns at the first difference: the naive comparison that
/// leaks where a wrong MAC first goes wrong. Each byte goes through `black_box` so that the
/// compiler keeps the early exit instead of comparing whole words.
fn early_exit_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    for (x, y) in a.iter().zip(b) {
        if black_box(*x) != black_box(*y) {
            return false;
        }
    }
    true
}

/// The decoded MAC of the one `v1` entry that `sign_at` wrote.
fn valid_mac(headers: &[(String, String)]) -> Vec<u8> {
    headers
        .iter()
        .find(|(name, _)| name == "webhook-signature")
        .and_then(|(_, value)| value.strip_prefix("v1,"))
        .and_then(|text| STANDARD.decode(text).ok())
        .unwrap_or_default()
}

fn secret_key() -> Vec<u8> {
    STANDARD
        .decode(SECRET.trim_start_matches("whsec_"))
        .unwrap_or_default()
}

fn flipped(bytes: &[u8], index: usize) -> Vec<u8> {
    let mut out = bytes.to_vec();
    if let Some(byte) = out.get_mut(index) {
        *byte ^= 0x01;
    }
    out
}

fn body(len: usize) -> Vec<u8> {
    let mut body = br#"{"type":"invoice.paid","data":""#.to_vec();
    body.resize(len.saturating_sub(2), b'x');
    body.extend_from_slice(b"\"}");
    body
}

/// Bytes that are not all alike, so that no comparison finds a shortcut.
fn body_bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut rng = SplitMix64(seed);
    (0..len).map(|_| rng.next().to_le_bytes()[0]).collect()
}

/// Median of the time between two consecutive `Instant` readings.
fn timer_step() -> u128 {
    let mut steps: Vec<u128> = (0..10_001)
        .map(|_| {
            let start = Instant::now();
            start.elapsed().as_nanos()
        })
        .collect();
    steps.sort_unstable();
    steps.get(steps.len() / 2).copied().unwrap_or(0)
}

fn cpu_summary() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|line| line.strip_prefix("model name"))
                .and_then(|rest| rest.split_once(':'))
                .map(|(_, model)| model.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    format!("{model}, {cpus} logical CPUs")
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".to_owned())
}

/// A tiny PRNG for the class order (`SplitMix64`); its quality is ample for shuffling.
struct SplitMix64(u64);

impl SplitMix64 {
    fn from_clock() -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        // The low 64 bits vary from run to run; that is all a seed needs here.
        #[allow(clippy::cast_possible_truncation)]
        Self(nanos as u64 ^ u64::from(std::process::id()))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`, with a bias far too small to matter here.
    #[allow(clippy::cast_possible_truncation)] // the result is below `n`, a usize
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    /// `per_class` zeros and `per_class` ones in a random order (Fisher-Yates).
    fn balanced_order(&mut self, per_class: usize) -> Vec<u8> {
        let mut order: Vec<u8> = (0..per_class * 2)
            .map(|i| u8::from(i >= per_class))
            .collect();
        for i in (1..order.len()).rev() {
            let j = self.below(i + 1);
            order.swap(i, j);
        }
        order
    }
}
