//! What the state tells outside the window ([`Alert`]s for the backend's notifier), what it does when a
//! notification's button is clicked, and what it knows of this desk's own requests, so that none is told as
//! if another desk had done it.
//!
//! Time-driven alerts (the reminders of [`crate::reminders`], the live channel lost for more than a minute) come
//! from [`AppState::tick`], on the window's clock.

use std::collections::HashSet;

use chrono::{DateTime, TimeDelta, Utc};

use super::{AppState, Effects, LiveStatus, UiEffect};
use crate::desktop::alerts::{Alert, AlertKind};
use crate::desktop::notices::NoticeAction;
use crate::domain::RequestId;
use crate::messages::Command;
use crate::reminders::{self, CodeTimes, ReminderKey};
use aipix_client::api::Code;

/// How long the live channel may be down before the desktop is told.
pub const LIVE_LOST_AFTER: TimeDelta = TimeDelta::minutes(1);

/// This desk's requests under way that change codes: their pushes are not news from elsewhere.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OwnChanges {
    /// Creates and extensions asked for: the request, the intercom and the title.
    creating: Vec<(RequestId, u64, String)>,
    /// Codes whose revoke was asked for here.
    revoking: HashSet<u64>,
}

impl OwnChanges {
    pub fn creating(&mut self, request: RequestId, intercom: u64, title: &str) {
        self.creating
            .push((request, intercom, title.trim().to_owned()));
    }

    pub fn created(&mut self, request: RequestId) {
        self.creating.retain(|(asked, ..)| *asked != request);
    }

    pub fn revoking(&mut self, ids: &[u64]) {
        self.revoking.extend(ids);
    }

    pub fn revoked(&mut self, ids: &[u64]) {
        for id in ids {
            self.revoking.remove(id);
        }
    }

    /// Whether a code pushed as new may be the answer to a request of this desk still under way.
    pub fn is_ours(&self, code: &Code) -> bool {
        self.creating
            .iter()
            .any(|(_, intercom, title)| *intercom == code.intercom.id && title == code.title.trim())
    }

    pub fn is_revoking(&self, id: u64) -> bool {
        self.revoking.contains(&id)
    }
}

/// What the time-driven alerts remember.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AlertMemory {
    /// The reminders given (this run, and those the journal says were given before).
    pub reminded: HashSet<ReminderKey>,
    /// Since when the live channel has been down, after having been up; whether the desktop was told.
    live_down: Option<(DateTime<Utc>, bool)>,
}

impl AppState {
    fn alert(&self, alert: Alert, effects: &mut Effects) {
        if self.preferences.notifications.wants(alert.kind()) {
            effects.send(Command::Notify(Box::new(alert)));
        }
    }

    /// A code pushed as new, not made here.
    pub(super) fn alert_code_made(&self, code: &Code, effects: &mut Effects) {
        self.alert(Alert::CodeMadeElsewhere { code: code.clone() }, effects);
    }

    /// Codes revoked elsewhere, as known here.
    pub(super) fn alert_revoked(&self, codes: &[&Code], effects: &mut Effects) {
        if codes.is_empty() {
            return;
        }
        let titles = codes.iter().map(|code| code.title.clone()).collect();
        self.alert(Alert::CodesRevokedElsewhere { titles }, effects);
    }

    /// The live channel's state changed: the moment it went down is kept (once it had been up).
    pub(super) fn note_live(&mut self, now: DateTime<Utc>) {
        match &self.live {
            LiveStatus::Connected => self.alerts.live_down = None,
            LiveStatus::Reconnecting { .. } | LiveStatus::Stopped { .. } => {
                if self.alerts.live_down.is_none() && self.live_was_up {
                    self.alerts.live_down = Some((now, false));
                }
            }
            LiveStatus::Off | LiveStatus::Connecting => {}
        }
    }

    /// What the clock brings: reminders due, the live channel down for more than a minute.
    pub fn tick(&mut self, now: DateTime<Utc>) -> Effects {
        let mut effects = Effects::default();
        if !self.is_signed_in() {
            return effects;
        }
        if let Some((since, told)) = &mut self.alerts.live_down
            && !*told
            && now - *since > LIVE_LOST_AFTER
        {
            *told = true;
            let since = *since;
            self.alert(Alert::LiveLost { since }, &mut effects);
        }
        let codes: Vec<CodeTimes> = self.codes.codes().map(CodeTimes::from).collect();
        let limit = self.code_limit.map(|limit| limit as usize);
        let due = reminders::due(&codes, limit, &self.alerts.reminded, now);
        for reminder in due.now {
            self.alerts.reminded.insert(reminder.key);
            let Some(code) = self.code(reminder.key.code) else {
                continue;
            };
            let alert = Alert::Reminder {
                kind: reminder.key.kind,
                code: code.clone(),
                limit: limit.unwrap_or_default(),
            };
            // Turned off: nothing told, and nothing to tell later either.
            self.alert(alert, &mut effects);
        }
        effects
    }

    /// The next moment [`tick`](Self::tick) has something to do.
    pub fn next_alert(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let live = match self.alerts.live_down {
            Some((since, false)) => Some(since + LIVE_LOST_AFTER + TimeDelta::seconds(1)),
            _ => None,
        };
        let codes: Vec<CodeTimes> = self.codes.codes().map(CodeTimes::from).collect();
        let limit = self.code_limit.map(|limit| limit as usize);
        let reminder = reminders::due(&codes, limit, &self.alerts.reminded, now).next_at;
        live.into_iter().chain(reminder).min()
    }

    /// A notification's button clicked: what it asks of the window, or one request.
    pub(super) fn notification_action(&mut self, action: NoticeAction, effects: &mut Effects) {
        match action {
            NoticeAction::ShowWindow => effects.ui(UiEffect::Raise),
            NoticeAction::MakeCode { intercom, title } => {
                effects.ui(UiEffect::Raise);
                if self.intercom(intercom).is_some_and(|i| i.takes_codes()) {
                    effects.ui(UiEffect::MakeCode { intercom, title });
                }
            }
            NoticeAction::OpenDoor { intercom } => {
                effects.ui(UiEffect::Raise);
                if self.intercom(intercom).is_some_and(|i| i.opens_from_app()) {
                    effects.ui(UiEffect::ConfirmOpenDoor(intercom));
                }
            }
            NoticeAction::Extend { code } => {
                effects.ui(UiEffect::Raise);
                if let Some(code) = self.code(code) {
                    effects.ui(UiEffect::Extend(Box::new(code.clone())));
                }
            }
            // An expired code opens nothing: revoking it needs no second thought.
            NoticeAction::Revoke { code } => {
                if self.code(code).is_some() {
                    effects.send(Command::RevokeCodes { ids: vec![code] });
                }
            }
        }
    }

    /// Whether the user wants this kind on the desktop.
    pub fn wants(&self, kind: AlertKind) -> bool {
        self.preferences.notifications.wants(kind)
    }
}
