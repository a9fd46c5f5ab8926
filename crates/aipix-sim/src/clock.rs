//! The simulator's notion of "now": real UTC time plus an offset that tests can push forward,
//! so expiry and deletion can be checked without waiting.

use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, Utc};

/// Real UTC now shifted by a test-controlled offset (microseconds; never goes backwards by itself).
#[derive(Debug, Default)]
pub struct SimClock {
    offset_micros: AtomicI64,
}

impl SimClock {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::microseconds(self.offset_micros.load(Ordering::Relaxed))
    }

    /// Moves the clock by `by` (negative values move it back; a test's business).
    pub fn advance(&self, by: Duration) {
        // The offset stays within a few centuries so `now()` can never overflow chrono's range.
        let micros = by.num_microseconds().unwrap_or(if by < Duration::zero() {
            -MAX_OFFSET_MICROS
        } else {
            MAX_OFFSET_MICROS
        });
        // fetch_update cannot fail here: the closure always returns Some.
        let _ = self
            .offset_micros
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |old| {
                Some(
                    old.saturating_add(micros)
                        .clamp(-MAX_OFFSET_MICROS, MAX_OFFSET_MICROS),
                )
            });
    }
}

/// About 500 years: far beyond any test, far inside chrono's representable dates.
const MAX_OFFSET_MICROS: i64 = 500 * 366 * 24 * 3600 * 1_000_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advance_moves_now_forward() {
        let clock = SimClock::new();
        let before = clock.now();
        clock.advance(Duration::hours(25));
        let after = clock.now();
        assert!(after - before >= Duration::hours(25));
        assert!(after - before < Duration::hours(25) + Duration::seconds(5));
    }

    #[test]
    fn absurd_offsets_saturate_instead_of_overflowing() {
        let clock = SimClock::new();
        clock.advance(Duration::MAX);
        clock.advance(Duration::MAX);
        assert!(clock.now() > Utc::now());
        clock.advance(Duration::MIN);
        clock.advance(Duration::MIN);
        assert!(clock.now() < Utc::now());
    }
}
