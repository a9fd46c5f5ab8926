//! When to try again after the live connection is lost: soon while the outage is young, then less and less often;
//! and less and less often too for a server that drops the desk as soon as it has subscribed.
//!
//! A server that restarts is usually back within a second or two, and every second the desk waits after that is a
//! second of missed pushes; a server that stays down must not be hammered by every desk at once. So the wait grows
//! with the outage rather than with the count of attempts: a quarter of the time the server has been unreachable,
//! never less than the floor (a few attempts a second at most) and never more than the cap. Each wait is drawn
//! between half of that and all of it ("equal jitter"), so that desks cut off together do not return together.
//!
//! A connection that subscribes ends the outage, so that a server restarted again and again is met each time as
//! the first time. But a server that accepts every attempt and drops the desk right after it subscribes (over
//! capacity, a refused channel, a broken proxy) has no outage to grow: each connection it ends young — sooner than
//! the desk had waited for it (at least half the floor, at most `hold`) — when the desk got back in at the first
//! attempt, is a strike, and each strike doubles the first wait after the loss, up to the cap. Only a connection
//! that stays up and subscribed for longer clears the strikes (pusher-js likewise counts a connection that closes
//! young as a failure of its transport). A loss after a real outage (an attempt refused on the way back) is no
//! strike, and neither is a server restarted again and again that keeps the desk longer than the desk waited:
//! restarts keep their quick return. A close that asks for an immediate reconnect (4200–4299) is granted one at
//! once when it starts an outage without strikes, but at most once per `at_once_spacing`.

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
    /// How long a connection must stay subscribed to clear the strikes.
    hold: Duration,
    /// When the current outage began; `None` while connected (or before the first attempt).
    outage_since: Option<Instant>,
    /// An attempt failed in the current outage: the server was really away.
    outage_refused: bool,
    /// When the current connection subscribed, whether it got in at the first attempt after a loss, and how long
    /// the desk had waited before that attempt.
    subscribed: Option<(Instant, bool, Duration)>,
    /// The last wait given.
    last_wait: Duration,
    /// Connections in a row that the server ended young, each got back at the first attempt.
    strikes: u32,
    /// When an immediate reconnect was last granted.
    last_at_once: Option<Instant>,
    jitter: Jitter,
}

impl Backoff {
    /// `floor`: the shortest nominal wait; `max`: the longest; `at_once_spacing`: the least time between two
    /// immediate reconnects; `hold`: how long a connection must stay subscribed to count as good; `jitter`: where
    /// each wait's place between half and all of its nominal comes from.
    pub fn new(
        floor: Duration,
        max: Duration,
        at_once_spacing: Duration,
        hold: Duration,
        jitter: Jitter,
    ) -> Self {
        Self {
            floor,
            max: max.max(floor),
            at_once_spacing,
            hold,
            outage_since: None,
            outage_refused: false,
            subscribed: None,
            last_wait: Duration::ZERO,
            strikes: 0,
            last_at_once: None,
            jitter,
        }
    }

    /// The connection is subscribed at `now`: the outage, if any, is over.
    pub fn connected(&mut self, now: Instant) {
        // Back at the first attempt after a loss: the server was there all along.
        let first_attempt = self.outage_since.is_some() && !self.outage_refused;
        self.subscribed = Some((now, first_attempt, self.last_wait));
        self.outage_since = None;
        self.outage_refused = false;
    }

    /// The wait before the next attempt, after an attempt failed or a connection was lost at `now`. `at_once`: the
    /// server asked for an immediate reconnect, granted when this starts an outage without strikes and none was
    /// granted lately.
    pub fn next_delay(&mut self, now: Instant, at_once: bool) -> Duration {
        let wait = self.delay(now, at_once);
        self.last_wait = wait;
        wait
    }

    fn delay(&mut self, now: Instant, at_once: bool) -> Duration {
        let lost = self.subscribed.take();
        if let Some((since, first_attempt, waited)) = lost {
            // A connection lost: a strike when it ended young (sooner than the desk had waited for it, at most the
            // hold: a server kicking the desk faster than it comes back) and the server had not been away before
            // it. A server restarted again and again keeps a connection up for longer than the wait.
            let young =
                now.saturating_duration_since(since) < waited.max(self.floor / 2).min(self.hold);
            self.strikes = if young && first_attempt {
                self.strikes.saturating_add(1)
            } else {
                0
            };
        }
        match self.outage_since {
            None => {
                self.outage_since = Some(now);
                // Not a connection lost: the very first attempt failed.
                self.outage_refused = lost.is_none();
                let spaced = self
                    .last_at_once
                    .is_none_or(|at| now.saturating_duration_since(at) >= self.at_once_spacing);
                if at_once && spaced && self.strikes == 0 {
                    self.last_at_once = Some(now);
                    Duration::ZERO
                } else {
                    self.jittered(self.struck())
                }
            }
            Some(since) => {
                self.outage_refused = true;
                let nominal = self
                    .nominal(now.saturating_duration_since(since))
                    .max(self.struck());
                self.jittered(nominal)
            }
        }
    }

    /// Connections in a row that the server ended young, each got back at the first attempt.
    pub fn strikes(&self) -> u32 {
        self.strikes
    }

    /// The least nominal wait after the strikes so far: the floor, doubled for each.
    fn struck(&self) -> Duration {
        let doubling = 1u32.checked_shl(self.strikes.min(31)).unwrap_or(u32::MAX);
        self.floor.saturating_mul(doubling).min(self.max)
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
    const HOLD: Duration = Duration::from_secs(10);

    fn backoff() -> Backoff {
        Backoff::new(FLOOR, MAX, SPACING, HOLD, Jitter::random())
    }

    /// A back-off whose every wait is the same share of its nominal: 0 the shortest (half), 1 the longest.
    fn backoff_at(fraction: f64) -> Backoff {
        Backoff::new(FLOOR, MAX, SPACING, HOLD, Jitter::fixed(fraction))
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
        // A restart so short that the first attempt finds the server back looks like a drop: the loss after it
        // waits twice the floor. Rare (an outage shorter than the first wait), and never more than that in a row
        // of such restarts.
        let mut slowed = 0;
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
                if backoff.strikes() > 0 {
                    slowed += 1;
                }
                assert!(
                    gap <= FLOOR.max(down / 4).max(backoff.struck()),
                    "restart {restart}: down {down:?}, found {gap:?} after it was back"
                );
                backoff.connected(attempt);
                now = attempt + Duration::from_millis(rand::random_range(200..=3000));
            }
        }
        assert!(slowed < 150, "{slowed} of 1000 restarts met with a strike");
    }

    #[test]
    fn a_4200_is_answered_at_once_when_it_starts_an_outage_and_not_more_often_than_the_spacing() {
        let mut backoff = backoff();
        let start = Instant::now();
        let mut now = start;
        for _ in 0..20 {
            now += backoff.next_delay(now, false);
        }
        backoff.connected(now);
        now += Duration::from_secs(1);
        assert_eq!(
            backoff.next_delay(now, true),
            Duration::ZERO,
            "4200 after a connection that followed a real outage"
        );
        let wait = backoff.next_delay(now, false);
        assert!(
            wait >= FLOOR / 2 && wait <= FLOOR,
            "then the floor: {wait:?}"
        );

        // Back after that refused attempt, and asked again within the spacing: the floor, not a loop.
        backoff.connected(now);
        now += Duration::from_millis(100);
        let wait = backoff.next_delay(now, true);
        assert!(
            wait >= FLOOR / 2 && wait <= FLOOR,
            "a second 4200 within the spacing waits: {wait:?}"
        );
        now += wait;
        now += backoff.next_delay(now, false);
        backoff.connected(now);
        now += SPACING;
        assert_eq!(
            backoff.next_delay(now, true),
            Duration::ZERO,
            "after the spacing, at once again"
        );

        // A connection that held: a plain loss starts at the floor.
        backoff.connected(now);
        now += HOLD;
        let wait = backoff.next_delay(now, false);
        assert!(
            wait >= FLOOR / 2 && wait <= FLOOR,
            "a plain loss starts at the floor: {wait:?}"
        );
    }

    /// The hostile server: every attempt is accepted and subscribed, and dropped a moment later (4100,
    /// 4200 or a plain close). The waits double up to the cap instead of staying at the floor.
    #[test]
    fn a_server_that_drops_the_desk_right_after_each_subscription_gets_waits_that_grow_to_the_cap()
    {
        for at_once in [false, true] {
            let mut backoff = backoff_at(1.0);
            let start = Instant::now();
            let mut now = start;
            backoff.connected(now);
            let mut waits = Vec::new();
            while now - start < Duration::from_secs(120) {
                now += Duration::from_millis(50);
                let wait = backoff.next_delay(now, at_once);
                waits.push(wait);
                now += wait;
                backoff.connected(now);
            }
            let expected: Vec<Duration> = [0, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]
                .into_iter()
                .map(Duration::from_millis)
                .collect();
            let first = if at_once { Duration::ZERO } else { FLOOR };
            assert_eq!(waits[0], first, "{waits:?}");
            assert_eq!(waits[1..], expected[1..waits.len()], "{waits:?}");
            let in_30_s = waits
                .iter()
                .scan(Duration::ZERO, |at, wait| {
                    *at += *wait + Duration::from_millis(50);
                    Some(*at)
                })
                .take_while(|at| *at <= Duration::from_secs(30))
                .count();
            assert!(in_30_s <= 6, "{in_30_s} reconnects in 30 s: {waits:?}");
        }
    }

    #[test]
    fn a_connection_that_stays_up_for_the_hold_clears_the_strikes() {
        let mut backoff = backoff_at(1.0);
        let mut now = Instant::now();
        backoff.connected(now);
        for _ in 0..4 {
            now += Duration::from_millis(10);
            now += backoff.next_delay(now, false);
            backoff.connected(now);
        }
        assert_eq!(
            backoff.strikes(),
            3,
            "the first loss is of the first connection"
        );
        now += HOLD;
        assert_eq!(backoff.next_delay(now, false), FLOOR, "held: no strike");
        assert_eq!(backoff.strikes(), 0);
    }

    /// A restart that refused an attempt on the way back is an outage, not a strike: a server restarted again
    /// and again, up for less than the hold each time, is met each time as the first time.
    #[test]
    fn a_loss_after_a_refused_attempt_is_no_strike() {
        let mut backoff = backoff_at(1.0);
        let mut now = Instant::now();
        backoff.connected(now);
        for _ in 0..10 {
            now += Duration::from_secs(1);
            let wait = backoff.next_delay(now, false);
            assert_eq!(wait, FLOOR);
            now += wait;
            // Refused once: the server was away.
            now += backoff.next_delay(now, false);
            backoff.connected(now);
        }
        assert_eq!(backoff.strikes(), 0);
    }

    #[test]
    fn strikes_also_raise_the_waits_of_an_outage_that_follows() {
        let mut backoff = backoff_at(1.0);
        let mut now = Instant::now();
        backoff.connected(now);
        for _ in 0..4 {
            now += Duration::from_millis(10);
            now += backoff.next_delay(now, false);
            backoff.connected(now);
        }
        now += Duration::from_millis(10);
        let first = backoff.next_delay(now, false);
        assert_eq!(first, FLOOR * 16, "four strikes");
        now += first;
        assert_eq!(
            backoff.next_delay(now, false),
            FLOOR * 16,
            "a refused attempt after it waits as long"
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
