//! Calm in a storm: a server (or a busy building) that pushes thousands of codes or calls must not become
//! thousands of desktop notifications. Of each kind, a few are shown in a minute; the rest of that minute are
//! counted and told in one summary when it ends ("12 more codes made at another desk at Mill Lane"). While the
//! storm goes on, each further minute is one summary, until a minute passes with nothing to tell.
//!
//! Pure: the state asks [`Storm::admit`] before each alert, and [`Storm::due`] on its clock for the summaries.

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};

/// How many notifications of one kind are shown in a window before the rest are counted.
pub const BURST: u32 = 3;

/// How long a window lasts.
pub const WINDOW: TimeDelta = TimeDelta::minutes(1);

/// What a storm is counted by: each kind of notification the desk gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StormKind {
    Call,
    CodeMade,
    CodesRevoked,
    ExpiresSoon,
    HoldingSlot,
    LiveLost,
}

/// One kind's current window.
#[derive(Debug, Clone, PartialEq)]
struct Window {
    until: DateTime<Utc>,
    shown: u32,
    /// What came after the burst, to be told in the summary (codes, for a revoke of several).
    held: u64,
    /// The window follows one that overflowed: nothing is shown one by one until a window passes quietly.
    storming: bool,
}

/// Each kind's window.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Storm {
    windows: HashMap<StormKind, Window>,
}

impl Storm {
    /// Whether a notification of `kind` about `count` things may be shown at `now`; when not, the things are
    /// counted for the summary.
    pub fn admit(&mut self, kind: StormKind, count: u64, now: DateTime<Utc>) -> bool {
        let window = self.windows.entry(kind).or_insert_with(|| Window {
            until: now + WINDOW,
            shown: 0,
            held: 0,
            storming: false,
        });
        if !window.storming && window.shown < BURST {
            window.shown += 1;
            true
        } else {
            window.held = window.held.saturating_add(count);
            false
        }
    }

    /// The summaries due at `now`, each kind with how many things it holds, in a fixed order. A window that held
    /// something starts another in which everything is held; one that held nothing ends the storm.
    pub fn due(&mut self, now: DateTime<Utc>) -> Vec<(StormKind, u64)> {
        let mut due = Vec::new();
        self.windows.retain(|kind, window| {
            if now < window.until {
                return true;
            }
            if window.held == 0 {
                return false;
            }
            due.push((*kind, window.held));
            *window = Window {
                until: now + WINDOW,
                shown: 0,
                held: 0,
                storming: true,
            };
            true
        });
        due.sort_unstable();
        due
    }

    /// When the next summary may be due (a window ends).
    pub fn next_due(&self) -> Option<DateTime<Utc>> {
        self.windows.values().map(|window| window.until).min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + seconds, 0).unwrap_or_default()
    }

    #[test]
    fn a_few_are_shown_then_the_rest_of_the_minute_is_one_summary() {
        let mut storm = Storm::default();
        let shown = (0..20_000)
            .filter(|n| storm.admit(StormKind::CodeMade, 1, at(n / 1000)))
            .count();
        assert_eq!(shown, 3);
        assert!(storm.due(at(59)).is_empty(), "not before the minute ends");
        assert_eq!(storm.next_due(), Some(at(60)));
        assert_eq!(storm.due(at(60)), vec![(StormKind::CodeMade, 19_997)]);
    }

    #[test]
    fn while_the_storm_goes_on_each_minute_is_one_summary_and_a_quiet_minute_ends_it() {
        let mut storm = Storm::default();
        let mut shown = 0;
        let mut summaries = Vec::new();
        for second in 0..300 {
            for _ in 0..10 {
                shown += usize::from(storm.admit(StormKind::Call, 1, at(second)));
            }
            summaries.extend(storm.due(at(second + 1)));
        }
        assert_eq!(shown, 3, "only the first minute's burst, one by one");
        assert_eq!(summaries.len(), 5, "one a minute: {summaries:?}");
        assert_eq!(
            summaries.iter().map(|(_, held)| held).sum::<u64>(),
            2997,
            "every call is counted once"
        );
        // The storm is over: a quiet minute, and the next call is shown again.
        assert!(storm.due(at(361)).is_empty());
        assert_eq!(storm.next_due(), None);
        assert!(storm.admit(StormKind::Call, 1, at(361)));
    }

    #[test]
    fn kinds_are_counted_apart_and_a_revoke_counts_its_codes() {
        let mut storm = Storm::default();
        for _ in 0..3 {
            assert!(storm.admit(StormKind::CodesRevoked, 5, at(0)));
        }
        assert!(!storm.admit(StormKind::CodesRevoked, 7, at(1)));
        assert!(
            storm.admit(StormKind::Call, 1, at(1)),
            "a call is not held back by revokes"
        );
        assert_eq!(storm.due(at(60)), vec![(StormKind::CodesRevoked, 7)]);
    }
}
