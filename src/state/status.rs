//! A code's status at a moment, when it next changes, and its countdown as people read it.

use chrono::{DateTime, TimeDelta, Utc};

use aipix_client::api::Code;

use crate::i18n::{Relative, Span};
use crate::t;

/// How long before expiry a code counts as "expiring soon".
pub const EXPIRING_SOON: TimeDelta = TimeDelta::hours(1);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CodeStatus {
    Active,
    /// Valid for less than [`EXPIRING_SOON`].
    ExpiringSoon,
    /// No longer opens the door; still listed until the server removes it.
    Expired,
    /// Past its removal time: gone from the server, so gone from the list.
    Removed,
}

impl CodeStatus {
    pub fn at(code: &Code, now: DateTime<Utc>) -> Self {
        if now >= code.removed_at() {
            CodeStatus::Removed
        } else if now >= code.expired_at {
            CodeStatus::Expired
        } else if code.expired_at - now <= EXPIRING_SOON {
            CodeStatus::ExpiringSoon
        } else {
            CodeStatus::Active
        }
    }

    /// Whether the code still opens the door.
    pub fn is_valid(self) -> bool {
        matches!(self, CodeStatus::Active | CodeStatus::ExpiringSoon)
    }

    pub fn label(self) -> &'static str {
        match self {
            CodeStatus::Active => t!("status-active"),
            CodeStatus::ExpiringSoon => t!("status-expiring-soon"),
            CodeStatus::Expired => t!("status-expired"),
            CodeStatus::Removed => t!("status-removed"),
        }
    }
}

/// The next moment after `now` at which the code's status changes, if it still will.
pub fn next_status_change(code: &Code, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    [
        code.expired_at - EXPIRING_SOON,
        code.expired_at,
        code.removed_at(),
    ]
    .into_iter()
    .find(|moment| *moment > now)
}

/// How far `at` is from `now`, to the minute ("in 2 h 10 min", "3 min ago" once put in words by
/// `i18n::relative`), with the moment that distance next changes.
pub fn relative(at: DateTime<Utc>, now: DateTime<Utc>) -> (Relative, DateTime<Utc>) {
    let future = at > now;
    let distance = if future { at - now } else { now - at };
    let minutes = distance.num_minutes();
    let relative = match (minutes < 1, future) {
        (true, true) => Relative::InUnderAMinute,
        (true, false) => Relative::JustNow,
        (false, true) => Relative::In(Span::from_minutes(minutes)),
        (false, false) => Relative::Ago(Span::from_minutes(minutes)),
    };
    // The distance is read in whole minutes, so it changes at most when the whole minutes of the distance do:
    // for a future moment just after the distance drops below its current minute, for a past one when it
    // reaches the next.
    let next = if future {
        if minutes < 1 {
            at
        } else {
            at - TimeDelta::minutes(minutes) + TimeDelta::milliseconds(1)
        }
    } else {
        at + TimeDelta::minutes(minutes + 1)
    };
    (relative, next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aipix_client::api::IntercomBrief;
    use chrono::TimeZone as _;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 10, h, m, 0)
            .single()
            .expect("date")
    }

    fn code_expiring(expired_at: DateTime<Utc>) -> Code {
        Code {
            id: 1,
            title: "Guest".into(),
            code: "12345".into(),
            expired_at,
            is_expired: false,
            will_deleted_at: None,
            created_at: None,
            intercom: IntercomBrief {
                id: 180,
                title: "House".into(),
                is_online: true,
                department: Some(1),
                address: String::new(),
            },
        }
    }

    #[test]
    fn statuses_follow_the_clock() {
        let code = code_expiring(at(12, 0));
        assert_eq!(CodeStatus::at(&code, at(10, 0)), CodeStatus::Active);
        assert_eq!(CodeStatus::at(&code, at(11, 0)), CodeStatus::ExpiringSoon);
        assert_eq!(CodeStatus::at(&code, at(11, 59)), CodeStatus::ExpiringSoon);
        assert_eq!(CodeStatus::at(&code, at(12, 0)), CodeStatus::Expired);
        assert_eq!(CodeStatus::at(&code, at(23, 59)), CodeStatus::Expired);
        assert_eq!(
            CodeStatus::at(&code, at(12, 0) + TimeDelta::hours(24)),
            CodeStatus::Removed
        );
    }

    #[test]
    fn the_next_change_is_the_next_boundary() {
        let code = code_expiring(at(12, 0));
        assert_eq!(next_status_change(&code, at(10, 0)), Some(at(11, 0)));
        assert_eq!(next_status_change(&code, at(11, 0)), Some(at(12, 0)));
        assert_eq!(
            next_status_change(&code, at(12, 30)),
            Some(at(12, 0) + TimeDelta::hours(24))
        );
        assert_eq!(
            next_status_change(&code, at(12, 0) + TimeDelta::hours(25)),
            None
        );
    }

    fn span(days: i64, hours: i64, minutes: i64) -> Span {
        Span {
            days,
            hours,
            minutes,
        }
    }

    #[test]
    fn countdowns_count_whole_minutes_and_say_when_they_change() {
        let now = at(10, 0);
        let (distance, next) = relative(at(12, 10) + TimeDelta::seconds(30), now);
        assert_eq!(distance, Relative::In(span(0, 2, 10)));
        assert_eq!(
            next,
            at(10, 0) + TimeDelta::seconds(30) + TimeDelta::milliseconds(1)
        );
        assert_eq!(relative(at(12, 0), now).0, Relative::In(span(0, 2, 0)));
        assert_eq!(relative(at(10, 45), now).0, Relative::In(span(0, 0, 45)));
        assert_eq!(
            relative(now + TimeDelta::seconds(20), now),
            (Relative::InUnderAMinute, now + TimeDelta::seconds(20))
        );
        assert_eq!(
            relative(now + TimeDelta::days(2) + TimeDelta::hours(4), now).0,
            Relative::In(span(2, 4, 0))
        );
        let (past, next) = relative(at(9, 57), now);
        assert_eq!(past, Relative::Ago(span(0, 0, 3)));
        assert_eq!(next, at(10, 1));
        assert_eq!(relative(now, now).0, Relative::JustNow);
    }

    #[test]
    fn the_countdown_text_holds_until_its_next_change() {
        let expiry = at(12, 10) + TimeDelta::seconds(30);
        let mut now = at(10, 0);
        while now < expiry {
            let (text, next) = relative(expiry, now);
            assert!(next > now);
            let just_before = next - TimeDelta::milliseconds(1);
            assert_eq!(
                relative(expiry, just_before).0,
                text,
                "unchanged until {next}"
            );
            now = next;
        }
    }
}
