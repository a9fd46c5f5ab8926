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
use crate::desktop::storm::Storm;
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
        self.creating.iter().any(|(_, intercom, title)| {
            code.intercom_id() == Some(*intercom) && title == code.title.trim()
        })
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
    /// The journal has said which reminders were given before: none is given until it has (else a restart
    /// would give them again).
    pub loaded: bool,
    /// Since when the live channel has been down, after having been up; whether the desktop was told.
    live_down: Option<(DateTime<Utc>, bool)>,
    /// The last look at the reminders: until the codes, the limit or the reminders given change, or the next one
    /// comes due, a frame does not go through every code again (10,000 of them cost more than the frame).
    checked: Option<ReminderCheck>,
    /// How many notifications of each kind were shown lately, and what waits for a summary.
    storm: Storm,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct ReminderCheck {
    codes_version: u64,
    limit: Option<usize>,
    reminded: usize,
    next_at: Option<DateTime<Utc>>,
}

impl AppState {
    /// Tells `alert` on the desktop, when its kind is wanted and no storm of it is under way (see
    /// [`crate::desktop::storm`]: then it is counted for the summary).
    pub(super) fn alert(&mut self, alert: Alert, now: DateTime<Utc>, effects: &mut Effects) {
        if !alert
            .kind()
            .is_none_or(|kind| self.preferences.notifications.wants(kind))
        {
            return;
        }
        if let Some((kind, count)) = alert.storm()
            && !self.alerts.storm.admit(kind, count, now)
        {
            return;
        }
        effects.command(Command::Notify(Box::new(alert)));
    }

    /// A code pushed as new, not made here.
    pub(super) fn alert_code_made(
        &mut self,
        code: &Code,
        now: DateTime<Utc>,
        effects: &mut Effects,
    ) {
        self.alert(
            Alert::CodeMadeElsewhere { code: code.clone() },
            now,
            effects,
        );
    }

    /// Codes revoked elsewhere, as known here: their titles.
    pub(super) fn alert_revoked(
        &mut self,
        titles: Vec<String>,
        now: DateTime<Utc>,
        effects: &mut Effects,
    ) {
        if titles.is_empty() {
            return;
        }
        self.alert(Alert::CodesRevokedElsewhere { titles }, now, effects);
    }

    /// The summaries a storm owes at `now`, each naming this account.
    fn storm_summaries(&mut self, now: DateTime<Utc>, effects: &mut Effects) {
        for (kind, count) in self.alerts.storm.due(now) {
            let alert = Alert::Summary {
                kind,
                count,
                account: self.group_name(),
            };
            if alert
                .kind()
                .is_none_or(|kind| self.preferences.notifications.wants(kind))
            {
                effects.command(Command::Notify(Box::new(alert)));
            }
        }
    }

    /// The live channel's state changed: the moment it went down is kept (once it had been up).
    pub(super) fn note_live(&mut self, now: DateTime<Utc>) {
        match &self.live {
            LiveStatus::Connected => self.alerts.live_down = None,
            LiveStatus::Reconnecting { .. }
            | LiveStatus::Stopped { .. }
            | LiveStatus::Unencrypted { .. } => {
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
        self.storm_summaries(now, &mut effects);
        if let Some((since, told)) = &mut self.alerts.live_down
            && !*told
            && now - *since > LIVE_LOST_AFTER
        {
            *told = true;
            let since = *since;
            self.alert(Alert::LiveLost { since }, now, &mut effects);
        }
        if !self.alerts.loaded {
            return effects;
        }
        let limit = self.code_limit.map(|limit| limit as usize);
        if self
            .reminder_check(limit)
            .is_some_and(|check| check.next_at.is_none_or(|at| now < at))
        {
            return effects;
        }
        let codes: Vec<CodeTimes> = self.codes.codes().map(CodeTimes::from).collect();
        let due = reminders::due(&codes, limit, &self.alerts.reminded, now);
        let next_at = due.next_at;
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
            self.alert(alert, now, &mut effects);
        }
        self.alerts.checked = Some(ReminderCheck {
            codes_version: self.codes.version(),
            limit,
            reminded: self.alerts.reminded.len(),
            next_at,
        });
        effects
    }

    /// The last look at the reminders, while it still holds for the codes, the limit and the reminders given.
    fn reminder_check(&self, limit: Option<usize>) -> Option<ReminderCheck> {
        self.alerts.checked.filter(|check| {
            check.codes_version == self.codes.version()
                && check.limit == limit
                && check.reminded == self.alerts.reminded.len()
        })
    }

    /// The next moment [`tick`](Self::tick) has something to do.
    pub fn next_alert(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let live = match self.alerts.live_down {
            Some((since, false)) => Some(since + LIVE_LOST_AFTER + TimeDelta::seconds(1)),
            _ => None,
        };
        let reminder = if self.alerts.loaded {
            let limit = self.code_limit.map(|limit| limit as usize);
            match self.reminder_check(limit) {
                Some(check) => check.next_at,
                None => {
                    let codes: Vec<CodeTimes> = self.codes.codes().map(CodeTimes::from).collect();
                    reminders::due(&codes, limit, &self.alerts.reminded, now).next_at
                }
            }
        } else {
            None
        };
        live.into_iter()
            .chain(reminder)
            .chain(self.alerts.storm.next_due())
            .min()
    }

    /// The reminders the journal says were given before this run: not given again. From now on, reminders are
    /// due.
    pub(super) fn reminded_before(&mut self, given: Vec<ReminderKey>) {
        self.alerts.reminded.extend(given);
        self.alerts.loaded = true;
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
            NoticeAction::OpenDoor { intercom, call } => {
                effects.ui(UiEffect::Raise);
                if self.intercom(intercom).is_some_and(|i| i.opens_from_app()) {
                    effects.ui(UiEffect::ConfirmOpenDoor {
                        intercom,
                        call: Some(call),
                    });
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
                    effects.command(Command::RevokeCodes { ids: vec![code] });
                }
            }
        }
    }

    /// Whether the journal has said which reminders were given before (none is given until then).
    pub fn reminders_ready(&self) -> bool {
        self.alerts.loaded
    }

    /// Whether the user wants this kind on the desktop.
    pub fn wants(&self, kind: AlertKind) -> bool {
        self.preferences.notifications.wants(kind)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone as _;

    use super::*;
    use crate::desktop::alerts::AlertKey;
    use crate::messages::Event;
    use crate::reminders::ReminderKind;
    use aipix_client::api::{Intercom, IntercomBrief};
    use aipix_client::live::{LiveEvent, Push};

    fn t(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 10, h, m, s)
            .single()
            .expect("date")
    }

    fn intercom(id: u64) -> Intercom {
        serde_json::from_value(serde_json::json!({
            "id": id, "title": format!("Door {id}"), "is_online": true, "status": "confirmed"
        }))
        .expect("intercom")
    }

    fn code(id: u64, title: &str, expires: DateTime<Utc>) -> Code {
        Code {
            id,
            title: title.into(),
            code: Some("12345".into()),
            expired_at: expires,
            is_expired: Some(false),
            will_deleted_at: Some(expires + TimeDelta::hours(24)),
            created_at: Some(expires - TimeDelta::hours(5)),
            intercom: Some(IntercomBrief {
                id: 1,
                title: "Door 1".into(),
                is_online: Some(true),
                department: None,
                address: String::new(),
            }),
        }
    }

    /// Signed in at 10:00 with Alice's code (until 12:00) and Bob's (until 10:30), the live channel up.
    fn listed() -> AppState {
        let mut state = AppState::new();
        let user = serde_json::from_str(r#"{"id": 13, "login": "demo", "access_token_id": "a"}"#)
            .expect("user");
        state.apply(
            Event::SignedIn {
                user,
                server: "http://x".into(),
            },
            t(10, 0, 0),
        );
        state.apply(
            Event::Synced {
                intercoms: vec![intercom(1)],
                codes: vec![
                    code(10, "Alice", t(12, 0, 0)),
                    code(11, "Bob", t(10, 30, 0)),
                ],
                at: t(10, 0, 0),
            },
            t(10, 0, 0),
        );
        state.apply(
            Event::Live(LiveEvent::Connected {
                socket_id: "1.1".into(),
            }),
            t(10, 0, 0),
        );
        state.apply(
            Event::Journal(crate::journal::Answer::Reminded { given: Vec::new() }),
            t(10, 0, 0),
        );
        state
    }

    fn alerts(effects: &Effects) -> Vec<&Alert> {
        effects
            .commands
            .iter()
            .filter_map(|command| match command {
                Command::Notify(alert) => Some(alert.as_ref()),
                _ => None,
            })
            .collect()
    }

    fn push(state: &mut AppState, push: Push, at: DateTime<Utc>) -> Effects {
        state.apply(Event::Live(LiveEvent::Push(push)), at)
    }

    #[test]
    fn this_desks_own_code_is_no_news_even_when_its_push_comes_before_the_answer() {
        let mut state = listed();
        state.sent(&Command::CreateCode {
            request: 1,
            intercom: 1,
            title: "Dan ".into(),
            expires_at: t(13, 0, 0),
        });
        let ours = push(
            &mut state,
            Push::CodeCreated {
                code: Box::new(code(20, "Dan", t(13, 0, 0))),
            },
            t(10, 1, 0),
        );
        assert!(alerts(&ours).is_empty(), "{ours:?}");
        let theirs = push(
            &mut state,
            Push::CodeCreated {
                code: Box::new(code(21, "Eve", t(13, 0, 0))),
            },
            t(10, 1, 0),
        );
        assert!(matches!(
            alerts(&theirs)[..],
            [Alert::CodeMadeElsewhere { code }] if code.id == 21
        ));
    }

    #[test]
    fn a_revoke_asked_here_is_no_news_whichever_comes_first() {
        let mut state = listed();
        state.sent(&Command::RevokeCodes { ids: vec![10] });
        let ours = push(
            &mut state,
            Push::CodesDeleted { ids: vec![10] },
            t(10, 1, 0),
        );
        assert!(
            alerts(&ours).is_empty() && ours.notices().count() == 0,
            "{ours:?}"
        );
        let theirs = push(
            &mut state,
            Push::CodesDeleted { ids: vec![11] },
            t(10, 1, 0),
        );
        assert_eq!(
            alerts(&theirs),
            [&Alert::CodesRevokedElsewhere {
                titles: vec!["Bob".into()]
            }]
        );
    }

    #[test]
    fn expires_soon_at_fifteen_minutes_to_the_second_once_and_never_for_a_revoked_code() {
        let mut state = listed();
        // Bob's code expires at 10:30: due at 10:15:00.
        assert!(alerts(&state.tick(t(10, 14, 59))).is_empty());
        assert_eq!(state.next_alert(t(10, 14, 59)), Some(t(10, 15, 0)));
        let due = state.tick(t(10, 15, 0));
        assert!(matches!(
            alerts(&due)[..],
            [Alert::Reminder { kind: ReminderKind::ExpiresSoon, code, .. }] if code.id == 11
        ));
        assert!(alerts(&state.tick(t(10, 15, 1))).is_empty(), "once");

        // Alice's (12:00) is revoked elsewhere before its time: no reminder.
        push(
            &mut state,
            Push::CodesDeleted { ids: vec![10] },
            t(11, 0, 0),
        );
        assert!(alerts(&state.tick(t(11, 45, 0))).is_empty());
    }

    #[test]
    fn a_kind_turned_off_is_not_told() {
        let mut state = listed();
        state.sent(&Command::Remember(
            crate::settings::SettingsChange::Notification {
                kind: AlertKind::ExpiresSoon,
                on: false,
            },
        ));
        assert!(alerts(&state.tick(t(10, 15, 0))).is_empty());
    }

    #[test]
    fn the_live_channel_lost_for_more_than_a_minute_is_told_once() {
        let mut state = listed();
        state.apply(
            Event::Live(LiveEvent::Disconnected {
                reason: "reset".into(),
                retry_in: std::time::Duration::from_secs(5),
            }),
            t(10, 2, 0),
        );
        assert!(alerts(&state.tick(t(10, 3, 0))).is_empty());
        let lost = state.tick(t(10, 3, 1));
        assert_eq!(alerts(&lost), [&Alert::LiveLost { since: t(10, 2, 0) }]);
        assert!(alerts(&state.tick(t(10, 9, 0))).is_empty());
    }

    #[test]
    fn a_call_cancelled_elsewhere_takes_its_notification_back() {
        let mut state = listed();
        let call: aipix_client::api::IntercomCall = serde_json::from_value(serde_json::json!({
            "id": 5, "status": "ring", "created_at": "2026-03-10 10:05:00",
            "intercom": {"id": 1, "title": "Door 1"}
        }))
        .expect("a call");
        let rang = push(
            &mut state,
            Push::CallStored {
                call: Box::new(call),
            },
            t(10, 5, 0),
        );
        assert!(matches!(alerts(&rang)[..], [Alert::Call { call: 5, .. }]));
        let cancelled = push(
            &mut state,
            Push::CallCancelled {
                call_id: Some("5".into()),
            },
            t(10, 5, 30),
        );
        assert_eq!(
            cancelled.commands,
            [Command::CloseNotification {
                key: AlertKey::Call(5)
            }]
        );
    }
}

#[cfg(test)]
mod action_tests {
    use super::*;
    use crate::messages::Event;

    fn listed() -> AppState {
        let mut state = AppState::new();
        let user = serde_json::from_str(r#"{"id": 13, "login": "demo", "access_token_id": "a"}"#)
            .expect("user");
        let now = Utc::now();
        state.apply(
            Event::SignedIn {
                user,
                server: "http://x".into(),
            },
            now,
        );
        let listing: (Vec<aipix_client::api::Intercom>, Vec<Code>) =
            serde_json::from_value(serde_json::json!([
                [{"id": 1, "title": "Gate", "status": "confirmed", "is_open_door_app": false}],
                [{"id": 10, "title": "Old", "code": "11111", "expired_at": "2020-01-01 10:00:00",
                  "intercom": {"id": 1, "title": "Gate"}}]
            ]))
            .expect("a listing");
        state.apply(
            Event::Synced {
                intercoms: listing.0,
                codes: listing.1,
                at: now,
            },
            now,
        );
        state
    }

    fn clicked(state: &mut AppState, action: NoticeAction) -> Effects {
        state.apply(Event::NotificationAction { action }, Utc::now())
    }

    #[test]
    fn a_button_clicked_is_one_request_or_one_thing_the_window_does() {
        let mut state = listed();
        let revoke = clicked(&mut state, NoticeAction::Revoke { code: 10 });
        assert_eq!(revoke.commands, [Command::RevokeCodes { ids: vec![10] }]);
        assert!(revoke.ui.is_empty());

        let extend = clicked(&mut state, NoticeAction::Extend { code: 10 });
        assert!(extend.commands.is_empty());
        assert!(matches!(
            extend.ui[..],
            [UiEffect::Raise, UiEffect::Extend(ref code)] if code.id == 10
        ));

        let make = clicked(
            &mut state,
            NoticeAction::MakeCode {
                intercom: 1,
                title: "Visitor 14:05".into(),
            },
        );
        assert!(make.commands.is_empty());
        assert_eq!(
            make.ui,
            [
                UiEffect::Raise,
                UiEffect::MakeCode {
                    intercom: 1,
                    title: "Visitor 14:05".into()
                }
            ]
        );

        // The gate may not be opened from the app (changed since the notification): no question, no request.
        let open = clicked(
            &mut state,
            NoticeAction::OpenDoor {
                intercom: 1,
                call: 5,
            },
        );
        assert_eq!(open.ui, [UiEffect::Raise]);
        assert!(open.commands.is_empty());
        // A code gone meanwhile: nothing asked of the server.
        let gone = clicked(&mut state, NoticeAction::Revoke { code: 99 });
        assert!(gone.commands.is_empty());
    }
}
