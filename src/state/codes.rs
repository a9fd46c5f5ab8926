//! The codes' events: listings, what this desk made, extended and revoked (and how the server answered), doors and
//! slips, and what the live channel tells of changes made elsewhere.

use std::collections::HashSet;

use chrono::{DateTime, TimeDelta, Utc};

use super::{
    AppState, CodeEnd, CodeField, CreateStatus, Effects, ExtendStatus, Field, LiveStatus,
    NoticeKind, UiEffect,
};
use crate::domain::{LocalChange, RequestId};
use crate::messages::{Failure, Problem, SlipAction};
use crate::t;
use aipix_client::api::{Code, Intercom};
use aipix_client::live::{LiveEvent, Push};

impl AppState {
    /// A code this desk asked for: shown as the code just made (and copied) when it answers the form's request.
    pub(super) fn created(
        &mut self,
        request: RequestId,
        code: Code,
        now: DateTime<Utc>,
        effects: &mut Effects,
    ) {
        // The server's answer is as fresh as a listing of that code.
        self.last_live_change = Some(now);
        if self.create.in_flight == Some(request) {
            self.create = CreateStatus {
                created: Some(code.clone()),
                created_at: Some(now),
                ..CreateStatus::default()
            };
            // A code the server sent without its value has nothing to copy.
            if let Some(value) = code.code_value() {
                effects.ui(UiEffect::Copy(value.to_owned()));
            }
            effects.ui(UiEffect::CodeMade {
                title: code.title.clone(),
            });
        }
        self.insert_code(code, now, effects);
    }

    /// A refused create: its reasons stay under the form's fields, and the keyboard goes to the field they name
    /// (the title when they name none).
    pub(super) fn create_failed(
        &mut self,
        request: RequestId,
        problem: Problem,
        limit: Option<u32>,
        effects: &mut Effects,
    ) {
        if self.create.in_flight == Some(request) {
            let field = CodeField::ALL
                .into_iter()
                .find(|field| problem.concerns(field.name()))
                .unwrap_or(CodeField::Title);
            // The panel no longer shows the previous visitor's code under this error.
            self.create = CreateStatus {
                problem,
                full: limit.is_some(),
                ..CreateStatus::default()
            };
            effects.ui(UiEffect::Focus(Field::NewCode(field)));
        }
        if limit.is_some() {
            self.code_limit = limit;
        }
    }

    /// An extension made its new code: it shows as the code just made (and goes to the clipboard), the old one goes
    /// when it was revoked, and the user is told plainly when both still work.
    pub(super) fn extended(
        &mut self,
        request: RequestId,
        code: Code,
        old: u64,
        old_revoke: Result<(), Problem>,
        now: DateTime<Utc>,
        effects: &mut Effects,
    ) {
        self.last_live_change = Some(now);
        let old_code = self
            .code(old)
            .map_or_else(String::new, crate::domain::shown_value);
        match old_revoke {
            Ok(()) => {
                self.remove_codes(&[old], now);
                effects.notify(
                    NoticeKind::Info,
                    t!(
                        "extend-done",
                        title = code.title.as_str(),
                        code = crate::domain::shown_value(&code),
                        old = old_code
                    ),
                );
            }
            Err(problem) => effects.notify(
                NoticeKind::Error,
                t!(
                    "extend-both-work",
                    code = crate::domain::shown_value(&code),
                    old = old_code,
                    reason = problem.general(&[]).join(" ")
                ),
            ),
        }
        if self.extend.in_flight.is_some_and(|(id, _)| id == request) {
            self.extend = ExtendStatus::default();
            // The panel is the new code's now: nothing of the one shown before stays with it.
            self.create = CreateStatus {
                created: Some(code.clone()),
                created_at: Some(now),
                replaces: Some(old),
                ..CreateStatus::default()
            };
            // A code the server sent without its value has nothing to copy.
            if let Some(value) = code.code_value() {
                effects.ui(UiEffect::Copy(value.to_owned()));
            }
            effects.ui(UiEffect::CodeMade {
                title: code.title.clone(),
            });
        }
        self.insert_code(code, now, effects);
    }

    /// An extension made no new code: the user is told, and told plainly when the old code went first.
    #[allow(clippy::too_many_arguments)] // the event's fields, one by one
    pub(super) fn extend_failed(
        &mut self,
        request: RequestId,
        old: u64,
        problem: Problem,
        limit: Option<u32>,
        old_revoked: bool,
        now: DateTime<Utc>,
        effects: &mut Effects,
    ) {
        if limit.is_some() {
            self.code_limit = limit;
        }
        let reason = problem.general(&[]).join(" ");
        let old_code = self
            .code(old)
            .map_or_else(String::new, crate::domain::shown_value);
        if old_revoked {
            self.remove_codes(&[old], now);
            effects.notify(
                NoticeKind::Error,
                t!(
                    "extend-failed-after-revoke",
                    old = old_code,
                    reason = reason
                ),
            );
        } else {
            effects.notify(
                NoticeKind::Error,
                t!("extend-notice-failed", old = old_code, reason = reason),
            );
        }
        if self.extend.in_flight.is_some_and(|(id, _)| id == request) {
            self.extend = ExtendStatus {
                in_flight: None,
                account_full: limit.is_some() && !old_revoked,
                problem,
            };
        }
    }

    pub(super) fn revoked(&mut self, ids: &[u64], now: DateTime<Utc>, effects: &mut Effects) {
        self.last_live_change = Some(now);
        self.note_ended(
            ids,
            CodeEnd::Revoked {
                at: now,
                here: true,
            },
        );
        self.remove_codes(ids, now);
        effects.notify(NoticeKind::Info, t!("notice-revoked", count = ids.len()));
    }

    pub(super) fn revoke_failed(&mut self, ids: &[u64], failure: &Failure, effects: &mut Effects) {
        effects.notify_failure(
            t!(
                "notice-revoke-failed",
                count = ids.len(),
                reason = failure.sentence()
            ),
            failure,
        );
        // Some may be gone already (the request is split): the list says which.
        effects.refresh();
    }

    pub(super) fn slip_made(
        &mut self,
        then: &SlipAction,
        path: &std::path::Path,
        note: Option<crate::files::SavedWithoutDialog>,
        effects: &mut Effects,
    ) {
        let path = path.display().to_string();
        let mut text = match then {
            SlipAction::Open => t!("slip-opened", path = path),
            SlipAction::Print => t!("slip-printed", path = path),
            SlipAction::Save(_) | SlipAction::SaveAs => t!("slip-saved", path = path),
        };
        if let Some(note) = note {
            text = format!("{text} {}", note.text());
        }
        effects.notify(NoticeKind::Info, text);
    }

    pub(super) fn door_opened(&mut self, intercom: u64, effects: &mut Effects) {
        self.opening_doors.retain(|id| *id != intercom);
        let title = self.intercom_title(intercom);
        effects.notify(
            NoticeKind::Info,
            t!("notice-door-accepted", intercom = title),
        );
    }

    pub(super) fn door_failed(&mut self, intercom: u64, failure: Failure, effects: &mut Effects) {
        self.opening_doors.retain(|id| *id != intercom);
        let title = self.intercom_title(intercom);
        let text = match failure {
            // The server answers 404 for an intercom that is not confirmed (or not this account's).
            Failure::NotFound => t!("notice-door-refused", intercom = title),
            // 403: this intercom's door may not be opened from the app (`is_open_door_app` off).
            Failure::Forbidden => t!("door-forbidden", intercom = title),
            _ => t!(
                "notice-door-failed",
                intercom = title,
                reason = failure.sentence()
            ),
        };
        effects.notify_failure(text, &failure);
    }

    /// Remembers how the code just made ended, when it is among `ids`.
    fn note_ended(&mut self, ids: &[u64], end: CodeEnd) {
        if let Some(created) = &self.create.created
            && ids.contains(&created.id)
            && self.create.ended.is_none()
        {
            self.create.ended = Some(end);
        }
    }

    pub(super) fn apply_live(
        &mut self,
        event: LiveEvent,
        now: DateTime<Utc>,
        effects: &mut Effects,
    ) {
        match event {
            LiveEvent::Connecting { .. } => {
                if !matches!(self.live, LiveStatus::Reconnecting { .. }) {
                    self.live = LiveStatus::Connecting;
                }
            }
            LiveEvent::Connected { .. } => {
                self.live = LiveStatus::Connected;
                self.first_subscription = !self.live_was_up;
                self.live_was_up = true;
            }
            LiveEvent::Disconnected { reason, retry_in } => {
                let wait = TimeDelta::from_std(retry_in).unwrap_or(TimeDelta::MAX);
                self.live = LiveStatus::Reconnecting {
                    at: now.checked_add_signed(wait).unwrap_or(now),
                    reason,
                };
            }
            LiveEvent::Unencrypted { announced } => {
                self.live = LiveStatus::Unencrypted { announced };
            }
            // After a refusal to go unencrypted, that refusal is what the screen keeps saying.
            LiveEvent::Stopped { reason } => {
                if !matches!(self.live, LiveStatus::Unencrypted { .. }) {
                    self.live = LiveStatus::Stopped { reason };
                }
            }
            LiveEvent::ResyncNeeded => {
                if !std::mem::take(&mut self.first_subscription) {
                    effects.refresh();
                }
            }
            LiveEvent::Push(push) => {
                self.last_live_change = Some(now);
                self.apply_push(push, now, effects);
            }
        }
        self.note_live(now);
    }

    /// A change made elsewhere (another desk, a phone, the server): applied, and announced when it is news.
    fn apply_push(&mut self, push: Push, now: DateTime<Utc>, effects: &mut Effects) {
        match push {
            Push::CodeCreated { code } => {
                if !self.codes.contains(code.id) && !self.own.is_ours(&code) {
                    self.alert_code_made(&code, now, effects);
                    effects.notify(
                        NoticeKind::Info,
                        t!(
                            "notice-made-elsewhere",
                            title = code.title.as_str(),
                            intercom = crate::domain::intercom_name(&code)
                        ),
                    );
                }
                self.insert_code(*code, now, effects);
            }
            Push::CodesDeleted { ids } => self.revoked_elsewhere(&ids, now, effects),
            Push::IntercomsDeleted { ids } => {
                if ids.iter().any(|id| self.intercom(*id).is_none()) {
                    effects.refresh();
                }
                self.intercoms
                    .retain(|intercom| !ids.contains(&intercom.id));
                let gone: Vec<u64> = self
                    .codes
                    .codes()
                    .filter(|code| code.intercom_id().is_some_and(|id| ids.contains(&id)))
                    .map(|code| code.id)
                    .collect();
                self.note_ended(&gone, CodeEnd::IntercomRemoved { at: now });
                self.remove_codes(&gone, now);
            }
            Push::IntercomUpdated { intercom } => self.intercom_updated(*intercom),
            // Which intercoms the account sees may have changed with its permissions; an unreadable push may
            // have changed anything.
            Push::PermissionsUpdated | Push::Unreadable { .. } => effects.refresh(),
            // A logout is the backend's to act on (it signs out); the rest is only seen.
            Push::CallStored { call } => self.call_stored(*call, effects),
            Push::CallsDeleted { ids } => self.calls_deleted(&ids, effects),
            Push::CallCancelled { call_id } => self.call_cancelled(call_id.as_deref(), effects),
            Push::IntercomFailed { .. } | Push::Logout { .. } | Push::Unknown { .. } => {}
        }
    }

    /// Codes revoked at another desk: gone, and said so when they were known here.
    fn revoked_elsewhere(&mut self, ids: &[u64], now: DateTime<Utc>, effects: &mut Effects) {
        if ids.iter().any(|id| !self.codes.contains(*id)) {
            effects.refresh();
        }
        // A code whose revoke this desk asked for is not news, whichever arrives first: the push or the answer.
        let known: Vec<&Code> = ids
            .iter()
            .filter(|id| !self.own.is_revoking(**id))
            .filter_map(|id| self.codes.get(*id))
            .collect();
        let titles: Vec<String> = known.iter().map(|code| code.title.clone()).collect();
        let announcement = match known.as_slice() {
            [] => None,
            [code] => Some(t!(
                "notice-revoked-elsewhere",
                title = code.title.as_str(),
                intercom = crate::domain::intercom_name(code)
            )),
            several => Some(t!("notice-revoked-elsewhere-many", count = several.len())),
        };
        if let Some(text) = announcement {
            effects.notify_said_apart(text);
        }
        if !known.is_empty() {
            let ended = known.iter().map(|code| (*code).clone()).collect();
            effects.ui(UiEffect::RevokedElsewhere(ended));
        }
        self.alert_revoked(titles, now, effects);
        self.note_ended(
            ids,
            CodeEnd::Revoked {
                at: now,
                here: false,
            },
        );
        self.remove_codes(ids, now);
    }

    /// Added, renamed, changed or confirmed: the whole object, in place of the one known or beside them.
    fn intercom_updated(&mut self, intercom: Intercom) {
        let mut intercom = named(intercom);
        match self
            .intercoms
            .iter_mut()
            .find(|known| known.id == intercom.id)
        {
            Some(known) => {
                // The vendor's SDK model has no `status`: a push without one keeps what the list said.
                if intercom.status.is_none() {
                    intercom.status = known.status.take();
                }
                *known = intercom;
            }
            None => self.intercoms.push(intercom),
        }
    }

    /// Adds or replaces a code by id: a push of a code we already have is harmless.
    fn insert_code(&mut self, code: Code, now: DateTime<Utc>, effects: &mut Effects) {
        // A code for an intercom not listed yet: list again. One whose intercom the server did not name stays
        // under "Unknown intercom" (listing again would not name it either).
        if code
            .intercom_id()
            .is_some_and(|id| self.intercom(id).is_none())
        {
            effects.refresh();
        }
        self.recent.note(code.id, LocalChange::Added, now);
        self.codes.insert(door_named(code, &self.intercoms));
    }

    fn remove_codes(&mut self, ids: &[u64], now: DateTime<Utc>) {
        for id in ids {
            self.codes.remove(*id);
            self.recent.note(*id, LocalChange::Removed, now);
        }
    }

    /// A full listing replaces what we have, except for changes made here after the listing began (the domain's
    /// rule). The first listing of a session opens on the intercom looked at last, when it still exists.
    pub(super) fn merge_listing(
        &mut self,
        intercoms: Vec<Intercom>,
        codes: Vec<Code>,
        started: DateTime<Utc>,
        effects: &mut Effects,
    ) {
        let intercoms: Vec<Intercom> = intercoms.into_iter().map(named).collect();
        // What the last listing could not read is told again by this one's `ItemsUnreadable`, if still so.
        self.unreadable = super::Unreadable::default();
        let kept: Vec<Code> = self
            .recent
            .since(started, LocalChange::Added)
            .filter_map(|id| self.codes.get(id).cloned())
            .collect();
        let removed_since: HashSet<u64> =
            self.recent.since(started, LocalChange::Removed).collect();
        self.codes.replace_all(
            codes
                .into_iter()
                .map(|code| door_named(code, &intercoms))
                .chain(kept)
                .filter(|code| !removed_since.contains(&code.id)),
        );
        if self.last_sync.is_none()
            && let Some(id) = self.remembered.last_intercom
            && intercoms.iter().any(|intercom| intercom.id == id)
        {
            effects.ui(UiEffect::OpenIntercom(id));
        }
        self.intercoms = intercoms;
        self.syncing = false;
        self.sync_error = None;
        self.last_sync = Some(started);
    }
}

/// An intercom the server sent without a title (the vendor's SDKs take it as optional) is named by its number,
/// so that its entry, the form's choice and the table never show a blank where a door's name goes.
fn named(mut intercom: Intercom) -> Intercom {
    if intercom.title.trim().is_empty() {
        intercom.title = t!("intercom-untitled", id = intercom.id).to_string();
    }
    intercom
}

/// A code whose door the server sent without a title carries the name its intercom goes by here (the list's,
/// or its number), so that the table's door column is never blank.
fn door_named(mut code: Code, intercoms: &[Intercom]) -> Code {
    if let Some(door) = code.intercom.as_mut()
        && door.title.trim().is_empty()
    {
        door.title = match intercoms.iter().find(|intercom| intercom.id == door.id) {
            Some(intercom) => intercom.title.clone(),
            None => t!("intercom-untitled", id = door.id).to_string(),
        };
    }
    code
}
