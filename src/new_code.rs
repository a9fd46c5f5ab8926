//! A new code as the user asks for it: its expiry (one of the quick choices, counted from the moment the code is
//! made or, for Extend, from the old expiry; or a local wall-clock moment), what the new-code form and the Extend
//! dialog ask an account for, and what a form held, not sent, when its account's session ended. Plain data and
//! pure functions: the screens, the accounts model and the state all name them.

use chrono::{
    DateTime, Local, NaiveDate, NaiveDateTime, TimeDelta, TimeZone as _, Timelike as _, Utc,
};

use crate::t;

/// The expiry a new form starts with, and returns to after each code.
pub const DEFAULT_EXPIRY: QuickExpiry = QuickExpiry::FourHours;

/// What the expiry fields say: a quick choice (counted from the moment the code is made), or a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    Quick(QuickExpiry),
    /// A local wall-clock time.
    At(NaiveDateTime),
}

/// The quick choices for the expiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuickExpiry {
    OneHour,
    FourHours,
    EndOfToday,
    TomorrowNoon,
    OneDay,
    OneWeek,
}

impl QuickExpiry {
    pub const ALL: [QuickExpiry; 6] = [
        QuickExpiry::OneHour,
        QuickExpiry::FourHours,
        QuickExpiry::EndOfToday,
        QuickExpiry::TomorrowNoon,
        QuickExpiry::OneDay,
        QuickExpiry::OneWeek,
    ];

    pub fn label(self) -> &'static str {
        match self {
            QuickExpiry::OneHour => t!("quick-one-hour"),
            QuickExpiry::FourHours => t!("quick-four-hours"),
            QuickExpiry::EndOfToday => t!("quick-end-of-today"),
            QuickExpiry::TomorrowNoon => t!("quick-tomorrow-noon"),
            QuickExpiry::OneDay => t!("quick-one-day"),
            QuickExpiry::OneWeek => t!("quick-one-week"),
        }
    }

    /// The expiry this choice means, seen from `now` in the local time zone, to the minute (rounded up: "+1 h"
    /// is at least an hour).
    pub fn at(self, now: DateTime<Utc>) -> DateTime<Utc> {
        let local_now = now.with_timezone(&Local);
        let today = local_now.date_naive();
        let moment = match self {
            QuickExpiry::OneHour => now + TimeDelta::hours(1),
            QuickExpiry::FourHours => now + TimeDelta::hours(4),
            QuickExpiry::EndOfToday => {
                local_moment(today, 23, 59).unwrap_or(now + TimeDelta::hours(1))
            }
            QuickExpiry::TomorrowNoon => today
                .succ_opt()
                .and_then(|tomorrow| local_moment(tomorrow, 12, 0))
                .unwrap_or(now + TimeDelta::days(1)),
            QuickExpiry::OneDay => now + TimeDelta::days(1),
            QuickExpiry::OneWeek => now + TimeDelta::weeks(1),
        };
        round_up_to_minute(moment)
    }
}

impl QuickExpiry {
    /// The expiry this choice means for a code that already works until `old` (Extend): a span ("+1 h") counts
    /// from the old expiry, or from now once that has passed; a moment ("end of today") is that moment, which
    /// may be no later than the old expiry.
    pub fn after(self, old: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
        let from = old.max(now);
        match self {
            QuickExpiry::OneHour => round_up_to_minute(from + TimeDelta::hours(1)),
            QuickExpiry::FourHours => round_up_to_minute(from + TimeDelta::hours(4)),
            QuickExpiry::OneDay => round_up_to_minute(from + TimeDelta::days(1)),
            QuickExpiry::OneWeek => round_up_to_minute(from + TimeDelta::weeks(1)),
            QuickExpiry::EndOfToday | QuickExpiry::TomorrowNoon => self.at(now),
        }
    }
}

/// `at`, or the next whole minute after it: "+1 h" is at least an hour.
pub fn round_up_to_minute(at: DateTime<Utc>) -> DateTime<Utc> {
    if at.second() > 0 || at.nanosecond() > 0 {
        at.with_nanosecond(0).unwrap_or(at) + TimeDelta::seconds(60 - i64::from(at.second()))
    } else {
        at
    }
}

/// A local wall-clock moment as UTC; in a DST gap the later reading, in an overlap the earlier.
pub fn local_moment(date: NaiveDate, hour: u32, minute: u32) -> Option<DateTime<Utc>> {
    local_to_utc(date.and_hms_opt(hour, minute, 0)?)
}

/// A local wall-clock time as UTC (see [`local_moment`]); `None` for one that exists in no reading.
pub fn local_to_utc(naive: NaiveDateTime) -> Option<DateTime<Utc>> {
    Local
        .from_local_datetime(&naive)
        .earliest()
        .or_else(|| {
            Local
                .from_local_datetime(&(naive + TimeDelta::hours(1)))
                .earliest()
        })
        .map(|local| local.with_timezone(&Utc))
}

impl Expiry {
    /// The moment it means, seen from `now`; `None` for a local time that does not exist.
    pub fn at(self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            Expiry::Quick(choice) => Some(choice.at(now)),
            Expiry::At(naive) => local_to_utc(naive),
        }
    }
}

/// A code the new-code form asks an account for.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCode {
    pub intercom: u64,
    pub title: String,
    pub expires_at: DateTime<Utc>,
}

/// What Extend asks for: a code like `old`, working until `expires_at`.
#[derive(Debug, Clone, PartialEq)]
pub struct Extension {
    pub old: u64,
    pub intercom: u64,
    pub title: String,
    pub expires_at: DateTime<Utc>,
    /// The account is full and the user agreed that the old code goes first.
    pub revoke_first: bool,
}

/// What the new-code form held, not sent, when the server ended its account's session: offered back once the same
/// account signs in again, never to another.
#[derive(Debug, Clone, PartialEq)]
pub struct Unsent {
    pub intercom: Option<u64>,
    pub title: String,
    pub expiry: Expiry,
}
