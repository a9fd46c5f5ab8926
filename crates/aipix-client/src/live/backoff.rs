//! Exponential back-off with jitter for reconnecting: 1 s doubling to 30 s, reset after a good connection.

use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Backoff {
    initial: Duration,
    max: Duration,
    failures: u32,
}

impl Backoff {
    pub fn new(initial: Duration, max: Duration) -> Self {
        Self {
            initial,
            max: max.max(initial),
            failures: 0,
        }
    }

    /// The wait before the next attempt: the nominal delay (doubling per failure, capped) with "equal jitter",
    /// between half of it and all of it, so that many desks cut off at once do not come back at once.
    pub fn next_delay(&mut self) -> Duration {
        let nominal = self.nominal();
        self.failures = self.failures.saturating_add(1);
        let half = nominal / 2;
        half + half.mul_f64(rand::random_range(0.0..=1.0))
    }

    /// The delay without jitter that the next call is based on.
    pub fn nominal(&self) -> Duration {
        let factor = 2u32.saturating_pow(self.failures.min(20));
        self.initial.saturating_mul(factor).min(self.max)
    }

    /// After a good connection the next failure starts from the initial delay again.
    pub fn reset(&mut self) {
        self.failures = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_up_to_the_cap_and_resets() {
        let mut backoff = Backoff::new(Duration::from_secs(1), Duration::from_secs(30));
        let nominals: Vec<u64> = (0..8)
            .map(|_| {
                let nominal = backoff.nominal();
                let delay = backoff.next_delay();
                assert!(
                    delay <= nominal && delay >= nominal / 2,
                    "{delay:?} within jitter of {nominal:?}"
                );
                nominal.as_secs()
            })
            .collect();
        assert_eq!(nominals, [1, 2, 4, 8, 16, 30, 30, 30]);
        backoff.reset();
        assert_eq!(backoff.nominal(), Duration::from_secs(1));
    }

    #[test]
    fn many_failures_do_not_overflow() {
        let mut backoff = Backoff::new(Duration::from_secs(1), Duration::from_secs(30));
        for _ in 0..1000 {
            assert!(backoff.next_delay() <= Duration::from_secs(30));
        }
    }

    #[test]
    fn jitter_spreads_the_delays() {
        let delays: std::collections::HashSet<Duration> = (0..20)
            .map(|_| Backoff::new(Duration::from_secs(8), Duration::from_secs(30)).next_delay())
            .collect();
        assert!(
            delays.len() > 1,
            "twenty fresh back-offs should not all wait the same"
        );
    }
}
