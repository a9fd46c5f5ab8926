//! When to try again after the live connection is lost: soon while the outage is young, then less and less often.
//!
//! A server that restarts is usually back within a second or two, and every second the desk waits after that is a
//! second of missed pushes; a server that stays down must not be hammered by every desk at once. So the wait grows
//! with the outage rather than with the count of attempts: a quarter of the time the server has been unreachable,
//! never less than the floor (a few attempts a second at most) and never more than the cap. Each wait is drawn
//! between half of that and all of it ("equal jitter"), so that desks cut off together do not return together.
//!
//! A lost connection whose close asks for it (4200–4299) is retried at once when that starts an outage. A
//! connection only ends an outage once it has held for a while: a server that drops every desk right after it
//! subscribes is given the growing back-off, not a reconnect loop.

use std::time::Duration;

use tokio::time::Instant;

/// The wait is this fraction of the outage so far (1/4: a server down for 8 s is tried again within 2 s).
const OUTAGE_FRACTION: u32 = 4;

#[derive(Debug, Clone)]
pub struct Backoff {
    floor: Duration,
    max: Duration,
    stable_after: Duration,
    /// When the current outage began; `None` while connected (or before the first attempt).
    outage_since: Option<Instant>,
    /// When the last connection came up, until it is lost.
    connected_at: Option<Instant>,
}

impl Backoff {
    /// `floor`: the shortest nominal wait; `max`: the longest; `stable_after`: how long a connection must hold to end
    /// the outage (the loss of a shorter one continues it, and its close cannot ask for "at once").
    pub fn new(floor: Duration, max: Duration, stable_after: Duration) -> Self {
        Self {
            floor,
            max: max.max(floor),
            stable_after,
            outage_since: None,
            connected_at: None,
        }
    }

    /// The connection is up (subscribed).
    pub fn connected(&mut self, now: Instant) {
        self.connected_at = Some(now);
    }

    /// The wait before the next attempt, after an attempt failed or a connection was lost at `now`. `at_once`: the
    /// server asked for an immediate reconnect, granted when this starts an outage.
    pub fn next_delay(&mut self, now: Instant, at_once: bool) -> Duration {
        let stable = self
            .connected_at
            .take()
            .is_some_and(|at| now.saturating_duration_since(at) >= self.stable_after);
        if stable {
            self.outage_since = None;
        }
        match self.outage_since {
            None => {
                self.outage_since = Some(now);
                if at_once {
                    Duration::ZERO
                } else {
                    jittered(self.floor)
                }
            }
            Some(since) => jittered(self.nominal(now.saturating_duration_since(since))),
        }
    }

    /// The wait without jitter after an outage of `outage` so far.
    pub fn nominal(&self, outage: Duration) -> Duration {
        (outage / OUTAGE_FRACTION).clamp(self.floor, self.max)
    }
}

/// Between half of `nominal` and all of it.
fn jittered(nominal: Duration) -> Duration {
    let half = nominal / 2;
    half + half.mul_f64(rand::random_range(0.0..=1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FLOOR: Duration = Duration::from_millis(500);
    const MAX: Duration = Duration::from_secs(30);
    const STABLE: Duration = Duration::from_secs(3);

    fn backoff() -> Backoff {
        Backoff::new(FLOOR, MAX, STABLE)
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
        let mut backoff = backoff();
        let (attempts, _) =
            attempts_while_down(&mut backoff, Instant::now(), Duration::from_secs(600));
        let within = |from: u64, to: u64| {
            attempts
                .iter()
                .filter(|at| **at > Duration::from_secs(from) && **at <= Duration::from_secs(to))
                .count()
        };
        // Waits of 250–500 ms while young: 2 to 4 attempts a second.
        assert!((4..=9).contains(&within(0, 2)), "{attempts:?}");
        // A minute in, each wait is an eighth to a quarter of the outage so far: the outage grows by 1.125–1.25
        // times an attempt, and doubling it (60 s to 120 s) takes 3 to 6 attempts.
        assert!((3..=6).contains(&within(60, 120)), "{attempts:?}");
        // Ten minutes in, waits of 15–30 s: two to four a minute.
        assert!((2..=4).contains(&within(540, 600)), "{attempts:?}");
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

    #[test]
    fn a_stable_connection_starts_a_new_outage_and_may_come_back_at_once() {
        let mut backoff = backoff();
        let start = Instant::now();
        let mut now = start;
        for _ in 0..20 {
            now += backoff.next_delay(now, false);
        }
        backoff.connected(now);
        now += STABLE;
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

        backoff.connected(now);
        now += STABLE;
        let wait = backoff.next_delay(now, false);
        assert!(
            wait >= FLOOR / 2 && wait <= FLOOR,
            "a plain loss starts at the floor: {wait:?}"
        );
    }

    #[test]
    fn a_connection_lost_soon_after_it_came_up_continues_the_outage() {
        let mut backoff = backoff();
        let start = Instant::now();
        let mut now = start;
        backoff.next_delay(now, false);
        now += Duration::from_secs(20);
        backoff.connected(now);
        now += Duration::from_secs(1);
        // A server that drops us right after subscribing: no "at once", and the outage is 21 s old.
        let wait = backoff.next_delay(now, true);
        let nominal = backoff.nominal(Duration::from_secs(21));
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
