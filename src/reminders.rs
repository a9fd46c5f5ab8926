//! Which reminders about codes are due: "expires in 15 minutes" (so that the visitor can be given longer in time)
//! and "expired, still counts toward the limit" (an expired code keeps its slot until the server removes it, a day
//! later, and a full account makes no new code meanwhile).
//!
//! Pure logic, no I/O and no clock of its own: given the codes, the time and what was already reminded, [`due`]
//! answers what to remind of now (each reminder once per code, never for a revoked code) and the next moment one
//! will be due, for the caller to wake up then. Keeping "already reminded" across a restart is the caller's (the
//! journal).

use std::collections::HashSet;

use chrono::{DateTime, TimeDelta, Utc};

/// How long before expiry "expires soon" is due.
pub const EXPIRY_WARNING: TimeDelta = TimeDelta::minutes(15);

/// What a reminder says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReminderKind {
    /// The code stops working within [`EXPIRY_WARNING`].
    ExpiresSoon,
    /// The code no longer works, yet still counts toward the account's limit, and the account is full.
    ExpiredHoldingSlot,
}

/// One reminder of one code: what "already reminded" is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReminderKey {
    pub code: u64,
    pub kind: ReminderKind,
}

/// What the reminders need to know of a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeTimes {
    pub id: u64,
    /// When it was made, when known: a code made to last less than [`EXPIRY_WARNING`] gets no "expires soon"
    /// (whoever made it knows).
    pub created_at: Option<DateTime<Utc>>,
    pub expires_at: DateTime<Utc>,
    /// When the server removes it, and it stops counting toward the limit.
    pub removed_at: DateTime<Utc>,
    /// Revoked (here or elsewhere): never reminded of, and no longer counted.
    pub revoked: bool,
}

impl From<&aipix_client::api::Code> for CodeTimes {
    fn from(code: &aipix_client::api::Code) -> Self {
        Self {
            id: code.id,
            created_at: code.created_at,
            expires_at: code.expired_at,
            removed_at: code.removed_at(),
            revoked: false,
        }
    }
}

/// A reminder due now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reminder {
    pub key: ReminderKey,
    /// When it became due (for "expires soon": 15 minutes before expiry; a desk opened later is reminded late).
    pub due_at: DateTime<Utc>,
    /// The code's expiry, for the text ("expires at 14:05", "expired at 13:50").
    pub expires_at: DateTime<Utc>,
}

/// What [`due`] answers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Due {
    /// Due now and not yet reminded of, earliest first.
    pub now: Vec<Reminder>,
    /// The next moment a reminder not yet due will be (with the codes as they are): wake up then.
    pub next_at: Option<DateTime<Utc>>,
}

/// The reminders due at `now` for `codes` on an account that holds at most `limit` codes at a time (`None` when
/// not known: then no "expired, still counts" reminder, since nobody can say the account is full), leaving out
/// those in `reminded`.
pub fn due(
    codes: &[CodeTimes],
    limit: Option<usize>,
    reminded: &HashSet<ReminderKey>,
    now: DateTime<Utc>,
) -> Due {
    let held = codes
        .iter()
        .filter(|code| !code.revoked && now < code.removed_at)
        .count();
    let full = limit.is_some_and(|limit| held >= limit);
    let mut due = Due::default();
    let mut wake_at = |at: DateTime<Utc>| {
        if at > now {
            due.next_at = Some(due.next_at.map_or(at, |next| next.min(at)));
        }
    };
    let mut now_due = Vec::new();
    for code in codes.iter().filter(|code| !code.revoked) {
        let key = |kind| ReminderKey {
            code: code.id,
            kind,
        };
        let soon = key(ReminderKind::ExpiresSoon);
        let warn_at = code.expires_at - EXPIRY_WARNING;
        let long_enough = code
            .created_at
            .is_none_or(|made| code.expires_at - made > EXPIRY_WARNING);
        if long_enough && !reminded.contains(&soon) && now < code.expires_at {
            if now >= warn_at {
                now_due.push(Reminder {
                    key: soon,
                    due_at: warn_at,
                    expires_at: code.expires_at,
                });
            } else {
                wake_at(warn_at);
            }
        }
        let holding = key(ReminderKind::ExpiredHoldingSlot);
        if full && !reminded.contains(&holding) && now < code.removed_at {
            if now >= code.expires_at {
                now_due.push(Reminder {
                    key: holding,
                    due_at: code.expires_at,
                    expires_at: code.expires_at,
                });
            } else {
                wake_at(code.expires_at);
            }
        }
    }
    now_due.sort_by_key(|reminder| (reminder.due_at, reminder.key));
    due.now = now_due;
    due
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(1_800_000_000 + seconds, 0).unwrap_or_default()
    }

    /// A code made at `made` that expires at `expires` (seconds on the test's clock), removed a day later.
    fn code(id: u64, made: i64, expires: i64) -> CodeTimes {
        CodeTimes {
            id,
            created_at: Some(at(made)),
            expires_at: at(expires),
            removed_at: at(expires) + TimeDelta::hours(24),
            revoked: false,
        }
    }

    fn keys(due: &Due) -> Vec<(u64, ReminderKind)> {
        due.now
            .iter()
            .map(|reminder| (reminder.key.code, reminder.key.kind))
            .collect()
    }

    const HOUR: i64 = 3600;
    const WARNING: i64 = 15 * 60;

    #[test]
    fn expires_soon_is_due_at_fifteen_minutes_to_the_second_and_once() {
        let codes = [code(1, 0, 4 * HOUR)];
        let nothing = HashSet::new();
        let warn_at = 4 * HOUR - WARNING;

        let before = due(&codes, Some(5), &nothing, at(warn_at - 1));
        assert!(before.now.is_empty(), "a second early: not yet");
        assert_eq!(
            before.next_at,
            Some(at(warn_at)),
            "wake up at 15 min to expiry"
        );

        let on_time = due(&codes, Some(5), &nothing, at(warn_at));
        assert_eq!(keys(&on_time), [(1, ReminderKind::ExpiresSoon)]);
        assert_eq!(on_time.now[0].due_at, at(warn_at));
        assert_eq!(on_time.now[0].expires_at, at(4 * HOUR));

        let a_second_late = due(&codes, Some(5), &nothing, at(warn_at + 1));
        assert_eq!(keys(&a_second_late), [(1, ReminderKind::ExpiresSoon)]);

        let reminded: HashSet<ReminderKey> = on_time.now.iter().map(|r| r.key).collect();
        let after = due(&codes, Some(5), &reminded, at(warn_at + 1));
        assert!(after.now.is_empty(), "once per code");
        assert_eq!(after.next_at, None, "nothing more to wake up for");
    }

    #[test]
    fn a_desk_opened_within_the_last_fifteen_minutes_is_reminded_late_but_not_after_expiry() {
        let codes = [code(1, 0, HOUR)];
        let late = due(&codes, None, &HashSet::new(), at(HOUR - 60));
        assert_eq!(keys(&late), [(1, ReminderKind::ExpiresSoon)]);
        assert_eq!(late.now[0].due_at, at(HOUR - WARNING));
        let expired = due(&codes, None, &HashSet::new(), at(HOUR));
        assert!(
            expired.now.is_empty(),
            "an expired code no longer 'expires soon'"
        );
    }

    #[test]
    fn a_code_made_to_last_less_than_the_warning_is_not_announced_as_expiring() {
        let short = [code(1, 0, 10 * 60), code(2, 0, WARNING)];
        let due_now = due(&short, None, &HashSet::new(), at(60));
        assert!(due_now.now.is_empty());
        assert_eq!(due_now.next_at, None);
        // Without a creation time it is taken to have been long.
        let unknown = [CodeTimes {
            created_at: None,
            ..code(3, 0, 10 * 60)
        }];
        assert_eq!(
            keys(&due(&unknown, None, &HashSet::new(), at(60))),
            [(3, ReminderKind::ExpiresSoon)]
        );
    }

    #[test]
    fn a_revoked_code_is_never_reminded_of_nor_counted() {
        let revoked = CodeTimes {
            revoked: true,
            ..code(1, 0, HOUR)
        };
        let codes = [revoked, code(2, 0, 2 * HOUR)];
        for now in [HOUR - WARNING, HOUR - 1, HOUR, HOUR + 60] {
            let due_now = due(&codes, Some(2), &HashSet::new(), at(now));
            assert!(
                due_now.now.iter().all(|reminder| reminder.key.code != 1),
                "at {now}: {due_now:?}"
            );
        }
        // Two codes, one revoked: the account of two is not full.
        let expired = due(&codes, Some(2), &HashSet::new(), at(2 * HOUR + 60));
        assert!(expired.now.is_empty(), "{expired:?}");
    }

    #[test]
    fn an_expired_code_on_a_full_account_is_reminded_of_once_while_it_holds_its_slot() {
        let codes = [code(1, 0, HOUR), code(2, 0, 3 * HOUR)];
        let soon_done: HashSet<ReminderKey> = [1, 2]
            .into_iter()
            .map(|code| ReminderKey {
                code,
                kind: ReminderKind::ExpiresSoon,
            })
            .collect();

        let before = due(&codes, Some(2), &soon_done, at(HOUR - 1));
        assert!(before.now.is_empty());
        assert_eq!(before.next_at, Some(at(HOUR)), "wake up at its expiry");

        let expired = due(&codes, Some(2), &soon_done, at(HOUR));
        assert_eq!(keys(&expired), [(1, ReminderKind::ExpiredHoldingSlot)]);
        assert_eq!(expired.now[0].expires_at, at(HOUR));

        let mut reminded = soon_done.clone();
        reminded.extend(expired.now.iter().map(|r| r.key));
        let again = due(&codes, Some(2), &reminded, at(HOUR + 600));
        assert!(again.now.is_empty(), "once per code");
        assert_eq!(again.next_at, Some(at(3 * HOUR)), "the other code's expiry");

        // Not full (a limit of three), or the limit not known: an expired code takes no room anyone needs.
        assert!(due(&codes, Some(3), &soon_done, at(HOUR)).now.is_empty());
        assert!(due(&codes, None, &soon_done, at(HOUR)).now.is_empty());
        // Removed by the server a day later: it holds nothing.
        let removed = due(&codes, Some(2), &soon_done, at(HOUR + 24 * HOUR));
        assert!(removed.now.is_empty(), "{removed:?}");
    }

    #[test]
    fn what_was_reminded_before_a_restart_is_not_reminded_again() {
        let codes = [code(7, 0, HOUR), code(8, 0, HOUR + 30)];
        let first_run = due(&codes, Some(2), &HashSet::new(), at(HOUR + 60));
        assert_eq!(
            keys(&first_run),
            [
                (7, ReminderKind::ExpiredHoldingSlot),
                (8, ReminderKind::ExpiredHoldingSlot)
            ],
            "earliest first; expires-soon has passed with the expiry"
        );
        // What the journal kept, read back at the next start.
        let kept: HashSet<ReminderKey> = first_run.now.iter().map(|r| r.key).collect();
        let second_run = due(&codes, Some(2), &kept, at(HOUR + 120));
        assert_eq!(second_run, Due::default());
    }

    #[test]
    fn the_next_wake_up_is_the_earliest_of_every_code() {
        let codes = [
            code(1, 0, 5 * HOUR),
            code(2, 0, 2 * HOUR),
            code(3, 0, 9 * HOUR),
        ];
        let due_now = due(&codes, Some(5), &HashSet::new(), at(0));
        assert!(due_now.now.is_empty());
        assert_eq!(due_now.next_at, Some(at(2 * HOUR - WARNING)));
        // The account is full: the first expiry is a wake-up too, though later than a warning.
        let full = due(&codes, Some(3), &HashSet::new(), at(0));
        assert_eq!(full.next_at, Some(at(2 * HOUR - WARNING)));
    }
}
