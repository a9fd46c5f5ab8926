//! When to try again after the live connection is lost: soon while the outage is young, then less and less often.
//!
//! A server that restarts is usually back within a second or two, and every second the desk waits after that is a
//! second of missed pushes; a server that stays down must not be hammered by every desk at once. So the wait grows
//! with the outage rather than with the count of attempts: a quarter of the time the server has been unreachable,
//! never less than the floor (a few attempts a second at most) and never more than the cap. Each wait is drawn
//! between half of that and all of it ("equal jitter"), so that desks cut off together do not return together.
//!
//! An outage ends when a connection is subscribed again, however short-lived it turns out to be (as pusher-js
//! resets on every connection): the next loss starts a new outage at the floor. Growth is for a server that stays
//! down or refuses every attempt before the subscription, never for one that merely restarted often. A close that
//! asks for an immediate reconnect (4200–4299) is granted one at once when it starts an outage, but at most once per
//! `at_once_spacing`: a server that asks for it right after every subscription gets the floor's wait, not a loop.

use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

/// The wait is this fraction of the outage so far (1/4: a server down for 8 s is tried again within 2 s).
const OUTAGE_FRACTION: u32 = 4;

/// Where the back-off draws its jitter: a fraction between 0 and 1 for each wait. Random by default; a test gives
/// fixed fractions to know every wait exactly.
#[derive(Clone)]
pub struct Jitter(Arc<dyn Fn() -> f64 + Send + Sync>);

impl Jitter {
    /// A uniformly random fraction for each wait.
    pub fn random() -> Self {
        Self(Arc::new(|| rand::random_range(0.0..=1.0)))
    }

    /// The fractions `draw` answers (clamped to 0–1).
    pub fn from_fn(draw: impl Fn() -> f64 + Send + Sync + 'static) -> Self {
        Self(Arc::new(draw))
    }

    /// Always the same fraction: 0 waits half the nominal, 1 all of it.
    pub fn fixed(fraction: f64) -> Self {
        Self::from_fn(move || fraction)
    }

    fn draw(&self) -> f64 {
        (self.0)().clamp(0.0, 1.0)
    }
}

impl Default for Jitter {
    fn default() -> Self {
        Self::random()
    }
}

impl std::fmt::Debug for Jitter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Jitter")
    }
}

#[derive(Debug, Clone)]
pub struct Backoff {
    floor: Duration,
    max: Duration,
    at_once_spacing: Duration,
    /// When the current outage began; `None` while connected (or before the first attempt).
    outage_since: Option<Instant>,
    /// When an immediate reconnect was last granted.
    last_at_once: Option<Instant>,
    jitter: Jitter,
}

impl Backoff {
    /// `floor`: the shortest nominal wait; `max`: the longest; `at_once_spacing`: the least time between two
    /// immediate reconnects; `jitter`: where each wait's place between half and all of its nominal comes from.
    pub fn new(floor: Duration, max: Duration, at_once_spacing: Duration, jitter: Jitter) -> Self {
        Self {
            floor,
            max: max.max(floor),
            at_once_spacing,
            outage_since: None,
            last_at_once: None,
            jitter,
        }
    }

    /// The connection is up (subscribed): the outage, if any, is over.
    pub fn connected(&mut self) {
        self.outage_since = None;
    }

    /// The wait before the next attempt, after an attempt failed or a connection was lost at `now`. `at_once`: the
    /// server asked for an immediate reconnect, granted when this starts an outage and none was granted lately.
    pub fn next_delay(&mut self, now: Instant, at_once: bool) -> Duration {
        match self.outage_since {
            None => {
                self.outage_since = Some(now);
                let spaced = self
                    .last_at_once
                    .is_none_or(|at| now.saturating_duration_since(at) >= self.at_once_spacing);
                if at_once && spaced {
                    self.last_at_once = Some(now);
                    Duration::ZERO
                } else {
                    self.jittered(self.floor)
                }
            }
            Some(since) => self.jittered(self.nominal(now.saturating_duration_since(since))),
        }
    }

    /// Between half of `nominal` and all of it.
    fn jittered(&self, nominal: Duration) -> Duration {
        let half = nominal / 2;
        half + half.mul_f64(self.jitter.draw())
    }

    /// The wait without jitter after an outage of `outage` so far.
    pub fn nominal(&self, outage: Duration) -> Duration {
        (outage / OUTAGE_FRACTION).clamp(self.floor, self.max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FLOOR: Duration = Duration::from_millis(500);
    const MAX: Duration = Duration::from_secs(30);
    const SPACING: Duration = Duration::from_secs(3);

    fn backoff() -> Backoff {
        Backoff::new(FLOOR, MAX, SPACING, Jitter::random())
    }

    /// A back-off whose every wait is the same share of its nominal: 0 the shortest (half), 1 the longest.
    fn backoff_at(fraction: f64) -> Backoff {
        Backoff::new(FLOOR, MAX, SPACING, Jitter::fixed(fraction))
    }

    /// Fails at `start` and then after every wait until `until` has passed: the moments of the failed attempts,
    /// and of the first attempt after `until`.
    fn attempts_while_down(
        backoff: &mut Backoff,
        start: Instant,
        until: Duration,
    ) -> (Vec<Duration>, Duration) {
        let mut now = start;
        let mut attempts = Vec::new();
        loop {
            now += backoff.next_delay(now, false);
            let since = now - start;
            if since > until {
                return (attempts, since);
            }
            attempts.push(since);
        }
    }

    #[test]
    fn the_wait_grows_with_the_outage_between_the_floor_and_the_cap() {
        let backoff = backoff();
        assert_eq!(backoff.nominal(Duration::ZERO), FLOOR);
        assert_eq!(backoff.nominal(Duration::from_secs(1)), FLOOR);
        assert_eq!(
            backoff.nominal(Duration::from_secs(8)),
            Duration::from_secs(2)
        );
        assert_eq!(
            backoff.nominal(Duration::from_secs(60)),
            Duration::from_secs(15)
        );
        assert_eq!(backoff.nominal(Duration::from_secs(3600)), MAX);
    }

    #[test]
    fn every_wait_lies_within_the_jitter_of_its_nominal() {
        let mut backoff = backoff();
        let start = Instant::now();
        let mut now = start;
        let mut before = Duration::ZERO;
        for _ in 0..200 {
            let outage = now - start;
            let wait = backoff.next_delay(now, false);
            let nominal = if outage.is_zero() {
                FLOOR
            } else {
                backoff.nominal(outage)
            };
            assert!(
                wait >= nominal / 2 && wait <= nominal,
                "{wait:?} after {outage:?} within jitter of {nominal:?}"
            );
            assert!(nominal >= before, "the nominal never shrinks in one outage");
            before = nominal;
            now += wait;
        }
        assert_eq!(before, MAX, "two hundred attempts reach the cap");
    }

    #[test]
    fn a_server_that_stays_down_gets_a_few_attempts_a_second_then_fewer_and_fewer() {
        // The longest waits (all of each nominal) and the shortest (half of it): every draw of the jitter lies
        // between the two, and with a fixed draw the count of attempts is exact. Young, waits of 250–500 ms:
        // 2 to 4 attempts a second. A minute in, each wait is an eighth to a quarter of the outage so far, and
        // doubling it (60 s to 120 s) takes 3 to 6 attempts. Ten minutes in, waits of 15–30 s: 2 to 4 a minute.
        for (fraction, young, a_minute_in, ten_minutes_in) in [(1.0, 4, 3, 2), (0.0, 8, 6, 4)] {
            let (attempts, _) = attempts_while_down(
                &mut backoff_at(fraction),
                Instant::now(),
                Duration::from_secs(600),
            );
            let within = |from: u64, to: u64| {
                attempts
                    .iter()
                    .filter(|at| {
                        **at > Duration::from_secs(from) && **at <= Duration::from_secs(to)
                    })
                    .count()
            };
            assert_eq!(within(0, 2), young, "{attempts:?}");
            assert_eq!(within(60, 120), a_minute_in, "{attempts:?}");
            assert_eq!(within(540, 600), ten_minutes_in, "{attempts:?}");
        }
    }

    #[test]
    fn a_server_back_after_a_short_outage_is_found_within_a_quarter_of_it() {
        for down_ms in [200, 1000, 2000, 4000, 8000] {
            let down = Duration::from_millis(down_ms);
            for _ in 0..100 {
                let (_, found) = attempts_while_down(&mut backoff(), Instant::now(), down);
                let gap = found - down;
                assert!(
                    gap <= FLOOR.max(down / 4),
                    "down {down:?}: found after {gap:?}"
                );
            }
        }
    }

    /// The measurement, replayed on the back-off alone: twenty outages of 0.15–4 s, each followed by a
    /// connection that subscribed and held 0.2–3 s. Every outage is met as the first one was: the server is found
    /// within the floor or a quarter of that outage, never later because of the outages before it.
    #[test]
    fn many_short_outages_in_a_row_are_each_met_like_the_first() {
        for _ in 0..50 {
            let mut backoff = backoff();
            let mut now = Instant::now();
            for restart in 0..20 {
                let down = Duration::from_millis(rand::random_range(150..=4000));
                let lost = now;
                let mut attempt = lost;
                loop {
                    attempt += backoff.next_delay(attempt, false);
                    if attempt - lost > down {
                        break;
                    }
                }
                let gap = attempt - lost - down;
                assert!(
                    gap <= FLOOR.max(down / 4),
                    "restart {restart}: down {down:?}, found {gap:?} after it was back"
                );
                backoff.connected();
                now = attempt + Duration::from_millis(rand::random_range(200..=3000));
            }
        }
    }

    #[test]
    fn a_4200_is_answered_at_once_when_it_starts_an_outage_and_not_more_often_than_the_spacing() {
        let mut backoff = backoff();
        let start = Instant::now();
        let mut now = start;
        for _ in 0..20 {
            now += backoff.next_delay(now, false);
        }
        backoff.connected();
        now += Duration::from_secs(1);
        assert_eq!(
            backoff.next_delay(now, true),
            Duration::ZERO,
            "4200 after a good connection"
        );
        let wait = backoff.next_delay(now, false);
        assert!(
            wait >= FLOOR / 2 && wait <= FLOOR,
            "then the floor: {wait:?}"
        );

        // A server that asks for it again right after the next subscription: the floor, not a loop.
        backoff.connected();
        now += Duration::from_millis(100);
        let wait = backoff.next_delay(now, true);
        assert!(
            wait >= FLOOR / 2 && wait <= FLOOR,
            "a second 4200 within the spacing waits: {wait:?}"
        );
        backoff.connected();
        now += SPACING;
        assert_eq!(
            backoff.next_delay(now, true),
            Duration::ZERO,
            "after the spacing, at once again"
        );

        backoff.connected();
        now += Duration::from_secs(1);
        let wait = backoff.next_delay(now, false);
        assert!(
            wait >= FLOOR / 2 && wait <= FLOOR,
            "a plain loss starts at the floor: {wait:?}"
        );
    }

    #[test]
    fn attempts_that_never_subscribe_continue_the_outage() {
        let mut backoff = backoff();
        let start = Instant::now();
        backoff.next_delay(start, false);
        // Twenty seconds of attempts refused before the subscription (a socket closed at once, a refused auth).
        let wait = backoff.next_delay(start + Duration::from_secs(20), true);
        let nominal = backoff.nominal(Duration::from_secs(20));
        assert!(wait >= nominal / 2 && wait <= nominal, "{wait:?}");
    }

    #[test]
    fn jitter_spreads_the_delays() {
        let now = Instant::now();
        let delays: std::collections::HashSet<Duration> =
            (0..20).map(|_| backoff().next_delay(now, false)).collect();
        assert!(
            delays.len() > 1,
            "twenty fresh back-offs should not all wait the same"
        );
    }
}
