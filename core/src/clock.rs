//! The system clock, for the conveniences that do not take `now`.

/// The system clock in Unix seconds (negative before 1970): the `now` that the conveniences
/// without a `now` argument use, for bindings that take an optional one.
#[must_use]
pub fn unix_now() -> i64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
        Err(before) => {
            i64::try_from(before.duration().as_secs()).map_or(i64::MIN, i64::saturating_neg)
        }
    }
}
