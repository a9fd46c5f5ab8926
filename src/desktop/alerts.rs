//! What the desk tells outside its window, as data: the state decides that something is worth a notification
//! (an [`Alert`]), the backend, which owns the [`Notifier`](super::notify::Notifier), words it in the window's
//! language ([`Alert::notification`]) and shows it. Each alert has a kind ([`AlertKind`]) that the user can turn
//! off in Settings, and a call's alert has a key, so that the call's end takes its notification off the screen.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use aipix_client::api::{Code, Intercom};

use super::notices::{NoticeAction, Notices};
use super::notify::Notification;
use super::storm::StormKind;
use crate::reminders::ReminderKind;

/// Something that happened, worth telling outside the window.
#[derive(Debug, Clone, PartialEq)]
pub enum Alert {
    /// Someone rang at `intercom` (call `call`); `title` prefills "Make code".
    Call {
        call: u64,
        intercom: Intercom,
        at: DateTime<Utc>,
        title: String,
    },
    CodeMadeElsewhere {
        code: Code,
    },
    CodesRevokedElsewhere {
        titles: Vec<String>,
    },
    /// A reminder of `code` (see [`crate::reminders`]); `limit` is the account's, for the text.
    Reminder {
        kind: ReminderKind,
        code: Code,
        limit: usize,
    },
    /// The live channel has been down since `since`, for more than a minute.
    LiveLost {
        since: DateTime<Utc>,
    },
    /// A later launch handed over to this window, which the desktop would not bring to the front.
    AlreadyOpen {
        account: String,
    },
    /// `alert`, of the account the window calls `account`: with several accounts open, each notification says
    /// whose it is (three buildings may each have a "Main entrance").
    Of {
        account: String,
        alert: Box<Alert>,
    },
    /// What a storm held back in its last minute: `count` more of `kind` at `account` (see [`super::storm`]).
    Summary {
        kind: StormKind,
        count: u64,
        account: String,
    },
}

/// The kinds the user can turn off one by one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AlertKind {
    Calls,
    CodesElsewhere,
    ExpiresSoon,
    ExpiredHoldingSlot,
    LiveLost,
}

impl AlertKind {
    pub const ALL: [AlertKind; 5] = [
        AlertKind::Calls,
        AlertKind::CodesElsewhere,
        AlertKind::ExpiresSoon,
        AlertKind::ExpiredHoldingSlot,
        AlertKind::LiveLost,
    ];
}

/// Which kinds of alert the user wants on the desktop (all, until turned off). Kept with the settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AlertChoices {
    pub calls: bool,
    pub codes_elsewhere: bool,
    pub expires_soon: bool,
    pub expired_holding_slot: bool,
    pub live_lost: bool,
}

impl Default for AlertChoices {
    fn default() -> Self {
        Self {
            calls: true,
            codes_elsewhere: true,
            expires_soon: true,
            expired_holding_slot: true,
            live_lost: true,
        }
    }
}

impl AlertChoices {
    /// All on (nothing to write down).
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }

    pub fn wants(&self, kind: AlertKind) -> bool {
        *self.flag(kind)
    }

    pub fn set(&mut self, kind: AlertKind, on: bool) {
        *self.flag_mut(kind) = on;
    }

    fn flag(&self, kind: AlertKind) -> &bool {
        match kind {
            AlertKind::Calls => &self.calls,
            AlertKind::CodesElsewhere => &self.codes_elsewhere,
            AlertKind::ExpiresSoon => &self.expires_soon,
            AlertKind::ExpiredHoldingSlot => &self.expired_holding_slot,
            AlertKind::LiveLost => &self.live_lost,
        }
    }

    fn flag_mut(&mut self, kind: AlertKind) -> &mut bool {
        match kind {
            AlertKind::Calls => &mut self.calls,
            AlertKind::CodesElsewhere => &mut self.codes_elsewhere,
            AlertKind::ExpiresSoon => &mut self.expires_soon,
            AlertKind::ExpiredHoldingSlot => &mut self.expired_holding_slot,
            AlertKind::LiveLost => &mut self.live_lost,
        }
    }
}

/// What a notification shown is known by, to take it off the screen later: a call's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AlertKey {
    Call(u64),
}

impl Alert {
    /// Its kind; `None` for one the user cannot turn off (the answer to their own launch).
    pub fn kind(&self) -> Option<AlertKind> {
        Some(match self {
            Alert::Of { alert, .. } => return alert.kind(),
            Alert::Call { .. } => AlertKind::Calls,
            Alert::CodeMadeElsewhere { .. } | Alert::CodesRevokedElsewhere { .. } => {
                AlertKind::CodesElsewhere
            }
            Alert::Reminder {
                kind: ReminderKind::ExpiresSoon,
                ..
            } => AlertKind::ExpiresSoon,
            Alert::Reminder {
                kind: ReminderKind::ExpiredHoldingSlot,
                ..
            } => AlertKind::ExpiredHoldingSlot,
            Alert::LiveLost { .. } => AlertKind::LiveLost,
            Alert::AlreadyOpen { .. } => return None,
            Alert::Summary { kind, .. } => match kind {
                StormKind::Call => AlertKind::Calls,
                StormKind::CodeMade | StormKind::CodesRevoked => AlertKind::CodesElsewhere,
                StormKind::ExpiresSoon => AlertKind::ExpiresSoon,
                StormKind::HoldingSlot => AlertKind::ExpiredHoldingSlot,
                StormKind::LiveLost => AlertKind::LiveLost,
            },
        })
    }

    /// What a storm counts it as, and how many things it tells of; `None` for one never held back (the answer
    /// to the user's own launch, a summary).
    pub fn storm(&self) -> Option<(StormKind, u64)> {
        Some(match self {
            Alert::Call { .. } => (StormKind::Call, 1),
            Alert::CodeMadeElsewhere { .. } => (StormKind::CodeMade, 1),
            Alert::CodesRevokedElsewhere { titles } => (
                StormKind::CodesRevoked,
                u64::try_from(titles.len()).unwrap_or(u64::MAX),
            ),
            Alert::Reminder {
                kind: ReminderKind::ExpiresSoon,
                ..
            } => (StormKind::ExpiresSoon, 1),
            Alert::Reminder {
                kind: ReminderKind::ExpiredHoldingSlot,
                ..
            } => (StormKind::HoldingSlot, 1),
            Alert::LiveLost { .. } => (StormKind::LiveLost, 1),
            Alert::AlreadyOpen { .. } | Alert::Summary { .. } => return None,
            Alert::Of { alert, .. } => return alert.storm(),
        })
    }

    /// What happened, whoever's account it was.
    pub fn inner(&self) -> &Alert {
        match self {
            Alert::Of { alert, .. } => alert.inner(),
            other => other,
        }
    }

    /// The key its notification is kept under, for those that may be taken back.
    pub fn key(&self) -> Option<AlertKey> {
        match self {
            Alert::Of { alert, .. } => alert.key(),
            Alert::Call { call, .. } => Some(AlertKey::Call(*call)),
            _ => None,
        }
    }

    /// The notification, worded by `notices`.
    pub fn notification(
        &self,
        notices: Notices<'_>,
        now: DateTime<Utc>,
    ) -> Notification<NoticeAction> {
        match self {
            Alert::Of { account, alert } => {
                let mut notification = alert.notification(notices, now);
                notification.summary = format!("{account}: {}", notification.summary);
                notification
            }
            Alert::Call {
                call,
                intercom,
                at,
                title,
            } => notices.call_at_door(intercom, *call, *at, title),
            Alert::CodeMadeElsewhere { code } => notices.code_made_elsewhere(code, now),
            Alert::CodesRevokedElsewhere { titles } => {
                let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
                notices.codes_revoked_elsewhere(&titles)
            }
            Alert::Reminder {
                kind: ReminderKind::ExpiresSoon,
                code,
                ..
            } => notices.expires_soon(code),
            Alert::Reminder {
                kind: ReminderKind::ExpiredHoldingSlot,
                code,
                limit,
            } => notices.expired_holding_slot(code, *limit),
            Alert::LiveLost { since } => notices.live_lost(*since),
            Alert::AlreadyOpen { account } => notices.already_open(account),
            Alert::Summary {
                kind,
                count,
                account,
            } => notices.storm_summary(*kind, *count, account),
        }
    }
}
