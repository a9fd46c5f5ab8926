//! The one clock of a window. The state, the backend and the journal all read the time from it (given once, in
//! the backend's config), so that a test or a benchmark moves time for all of them at once instead of sleeping,
//! as egui's demo app takes a mock time. Timers (a retry in ten seconds, a back-off) stay on tokio's time, which
//! tests pause and move in their own way.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, TimeDelta, Utc};

/// Where the time is read. Cheap to clone: every clone reads the same clock.
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>);

impl Clock {
    /// The system's clock.
    pub fn system() -> Self {
        Self(Arc::new(Utc::now))
    }

    /// A clock that reads `now`.
    pub fn from_fn(now: impl Fn() -> DateTime<Utc> + Send + Sync + 'static) -> Self {
        Self(Arc::new(now))
    }

    pub fn now(&self) -> DateTime<Utc> {
        (self.0)()
    }
}

impl Default for Clock {
    fn default() -> Self {
        Self::system()
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Clock").field(&self.now()).finish()
    }
}

/// A clock moved by hand: the system's time (or a fixed start) plus however far it was moved. For tests and
/// benchmarks; [`ManualClock::clock`] is what the app reads.
#[derive(Debug, Clone)]
pub struct ManualClock {
    /// `None`: the system's time flows underneath.
    start: Option<DateTime<Utc>>,
    /// How far it was moved, in microseconds.
    moved_us: Arc<AtomicI64>,
}

impl ManualClock {
    /// The system's time, moved on by [`advance`](Self::advance).
    pub fn following_system() -> Self {
        Self {
            start: None,
            moved_us: Arc::default(),
        }
    }

    /// Stands at `start` and moves only by [`advance`](Self::advance).
    pub fn stopped_at(start: DateTime<Utc>) -> Self {
        Self {
            start: Some(start),
            moved_us: Arc::default(),
        }
    }

    pub fn advance(&self, by: TimeDelta) {
        let micros = by.num_microseconds().unwrap_or(i64::MAX);
        self.moved_us.fetch_add(micros, Ordering::SeqCst);
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.start.unwrap_or_else(Utc::now)
            + TimeDelta::microseconds(self.moved_us.load(Ordering::SeqCst))
    }

    /// The clock to give the app.
    pub fn clock(&self) -> Clock {
        let hand = self.clone();
        Clock::from_fn(move || hand.now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_every_clock_made_from_it() {
        let start = DateTime::<Utc>::UNIX_EPOCH + TimeDelta::days(20_000);
        let hand = ManualClock::stopped_at(start);
        let (a, b) = (hand.clock(), hand.clock().clone());
        assert_eq!(a.now(), start);
        hand.advance(TimeDelta::minutes(90));
        assert_eq!(a.now(), start + TimeDelta::minutes(90));
        assert_eq!(b.now(), a.now());
    }
}
