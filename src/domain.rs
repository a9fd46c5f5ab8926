//! What a visitor code is, whoever looks at it: its status at a moment, and the one rule about a listing and the
//! changes seen here while it ran. Plain data and pure functions, no I/O: the state (what the window shows) and the
//! journal (what it writes down) both follow them, so the two never disagree about a code.

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};

use crate::t;
use aipix_client::api::Code;

/// Numbers a create (or an extend) so that its answer finds what asked for it.
pub type RequestId = u64;

/// How long before expiry a code counts as "expiring soon", at most: a code that lasts four hours or more.
pub const EXPIRING_SOON: TimeDelta = TimeDelta::hours(1);

/// How long before its expiry this code counts as "expiring soon": the last quarter of its life, at most
/// [`EXPIRING_SOON`]. A fixed hour would call a "+1 h" code expiring soon from the moment it is made; a quarter
/// keeps the warning for the end of any code. A code whose making the server did not say gets the full hour.
pub fn expiring_soon_window(code: &Code) -> TimeDelta {
    match code.created_at {
        Some(created) if created < code.expired_at => {
            ((code.expired_at - created) / 4).min(EXPIRING_SOON)
        }
        _ => EXPIRING_SOON,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CodeStatus {
    Active,
    /// In the last part of its life: see [`expiring_soon_window`].
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
        } else if code.expired_at - now <= expiring_soon_window(code) {
            CodeStatus::ExpiringSoon
        } else {
            CodeStatus::Active
        }
    }

    /// Whether the code still opens the door.
    pub fn is_valid(self) -> bool {
        matches!(self, CodeStatus::Active | CodeStatus::ExpiringSoon)
    }

    /// Its name as people read it.
    pub fn label(self) -> &'static str {
        match self {
            CodeStatus::Active => t!("status-active"),
            CodeStatus::ExpiringSoon => t!("status-expiring-soon"),
            CodeStatus::Expired => t!("status-expired"),
            CodeStatus::Removed => t!("status-removed"),
        }
    }
}

/// The key codes are grouped by when the server did not say which intercom a code is for (`intercom` is optional
/// in both vendor SDKs). AIPIX ids count from 1, so no intercom has it: such codes are listed under "Unknown
/// intercom", and can still be revoked (a revoke names codes, not doors).
pub const UNKNOWN_INTERCOM: u64 = 0;

/// The intercom a code is grouped under: its own, or [`UNKNOWN_INTERCOM`].
pub fn intercom_key(code: &Code) -> u64 {
    code.intercom_id().unwrap_or(UNKNOWN_INTERCOM)
}

/// The name of a code's intercom as people read it: its title, or "Unknown intercom" when the server did not say.
pub fn intercom_name(code: &Code) -> String {
    match &code.intercom {
        Some(intercom) => intercom.title.clone(),
        None => t!("intercom-name-unknown").to_owned(),
    }
}

/// A code's value as people read it: the code, or words saying the server sent none (never something to copy or
/// hand out: see [`Code::code_value`]).
pub fn shown_value(code: &Code) -> String {
    match code.code_value() {
        Some(value) => value.to_owned(),
        None => t!("code-value-missing").to_owned(),
    }
}

/// The moments a code's status changes: expiring soon, expired, removed.
pub fn status_changes(code: &Code) -> [DateTime<Utc>; 3] {
    [
        code.expired_at - expiring_soon_window(code),
        code.expired_at,
        code.removed_at(),
    ]
}

/// The next moment after `now` at which the code's status changes, if it still will.
pub fn next_status_change(code: &Code, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    status_changes(code)
        .into_iter()
        .find(|moment| *moment > now)
}

/// How long a change seen here outweighs a listing that began before it. A listing takes seconds; ten minutes
/// cover a slow server without remembering changes for ever.
pub const RECENT: TimeDelta = TimeDelta::minutes(10);

/// What happened to a code here (made or revoked by this desk, or told by a push).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalChange {
    Added,
    Removed,
}

/// The rule: **a listing does not undo a newer local change.** A listing answers as the server was when it began;
/// a code made or revoked here (or pushed) after that moment is newer than the listing, and the listing's word on
/// that code is ignored. Changes are remembered for [`RECENT`].
#[derive(Debug, Clone, Default)]
pub struct RecentChanges {
    changes: HashMap<u64, (LocalChange, DateTime<Utc>)>,
}

impl RecentChanges {
    /// Notes that `id` was added or removed here at `at` (the last change of a code is the one that counts).
    pub fn note(&mut self, id: u64, change: LocalChange, at: DateTime<Utc>) {
        self.changes.insert(id, (change, at));
    }

    /// Forgets the changes older than [`RECENT`] at `now`.
    pub fn forget_old(&mut self, now: DateTime<Utc>) {
        self.changes.retain(|_, (_, at)| now - *at < RECENT);
    }

    /// Whether a change to `id` was seen here (lately).
    pub fn contains(&self, id: u64) -> bool {
        self.changes.contains_key(&id)
    }

    /// Whether a listing that began at `started` must leave `id` as it is here: it changed here since.
    pub fn outweighs(&self, id: u64, started: DateTime<Utc>) -> bool {
        self.changes.get(&id).is_some_and(|(_, at)| *at >= started)
    }

    /// The codes that had `change` here since `started`, which a listing begun then knows nothing of.
    pub fn since(
        &self,
        started: DateTime<Utc>,
        change: LocalChange,
    ) -> impl Iterator<Item = u64> + '_ {
        self.changes
            .iter()
            .filter(move |(_, (kind, at))| *kind == change && *at >= started)
            .map(|(id, _)| *id)
    }
}

/// Whether two intercoms, each as one account lists it, are the same door. The contract has no identity for a door
/// across accounts (each account's intercoms have ids of their own), so the same door is one with the same name,
/// address and entrance, ignoring case and spaces around them.
pub fn same_door(a: &aipix_client::api::Intercom, b: &aipix_client::api::Intercom) -> bool {
    let same = |x: &str, y: &str| x.trim().to_lowercase() == y.trim().to_lowercase();
    same(&a.title, &b.title) && same(&a.address, &b.address) && a.department == b.department
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
            code: Some("12345".into()),
            expired_at,
            is_expired: Some(false),
            will_deleted_at: None,
            created_at: None,
            intercom: Some(IntercomBrief {
                id: 180,
                title: "House".into(),
                is_online: Some(true),
                department: Some(1),
                address: String::new(),
            }),
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
    fn soon_is_the_last_quarter_of_a_short_code_and_the_last_hour_of_a_long_one() {
        let made_at = |created: DateTime<Utc>| Code {
            created_at: Some(created),
            ..code_expiring(at(12, 0))
        };
        // A "+1 h" code made at 11:00 is not expiring soon when it is made, only in its last quarter hour.
        let hour = made_at(at(11, 0));
        assert_eq!(CodeStatus::at(&hour, at(11, 0)), CodeStatus::Active);
        assert_eq!(CodeStatus::at(&hour, at(11, 44)), CodeStatus::Active);
        assert_eq!(CodeStatus::at(&hour, at(11, 45)), CodeStatus::ExpiringSoon);
        assert_eq!(next_status_change(&hour, at(11, 0)), Some(at(11, 45)));
        // A two-hour code: its last half hour.
        let two = made_at(at(10, 0));
        assert_eq!(CodeStatus::at(&two, at(11, 29)), CodeStatus::Active);
        assert_eq!(CodeStatus::at(&two, at(11, 30)), CodeStatus::ExpiringSoon);
        // A day's code: its last hour, as before.
        let day = made_at(at(12, 0) - TimeDelta::days(1));
        assert_eq!(CodeStatus::at(&day, at(10, 59)), CodeStatus::Active);
        assert_eq!(CodeStatus::at(&day, at(11, 0)), CodeStatus::ExpiringSoon);
        // A making time after the expiry (a server's mistake) is no length at all: the full hour.
        let odd = made_at(at(13, 0));
        assert_eq!(CodeStatus::at(&odd, at(11, 0)), CodeStatus::ExpiringSoon);
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

    #[test]
    fn a_listing_yields_to_changes_made_after_it_began_and_only_for_a_while() {
        let mut recent = RecentChanges::default();
        recent.note(1, LocalChange::Added, at(10, 6));
        recent.note(2, LocalChange::Removed, at(10, 6));
        recent.note(3, LocalChange::Added, at(10, 4));
        // A listing begun at 10:05 knows code 3 but not the changes to 1 and 2.
        assert!(recent.outweighs(1, at(10, 5)) && recent.outweighs(2, at(10, 5)));
        assert!(!recent.outweighs(3, at(10, 5)));
        assert!(!recent.outweighs(4, at(10, 5)), "never changed here");
        assert_eq!(
            recent
                .since(at(10, 5), LocalChange::Added)
                .collect::<Vec<_>>(),
            [1]
        );
        assert_eq!(
            recent
                .since(at(10, 5), LocalChange::Removed)
                .collect::<Vec<_>>(),
            [2]
        );
        // The last change of a code counts: made, then revoked.
        recent.note(1, LocalChange::Removed, at(10, 7));
        assert_eq!(recent.since(at(10, 5), LocalChange::Added).count(), 0);
        // Remembered for ten minutes, then a listing is the truth again.
        recent.forget_old(at(10, 13));
        assert!(recent.contains(3) && recent.contains(1));
        recent.forget_old(at(10, 16));
        assert!(!recent.contains(2) && !recent.contains(3));
        assert!(recent.contains(1));
    }
}
