//! Calls at the doors: the listing, and the live pushes that add, change, end and remove them. A call that rings
//! is told on the desktop (where the user wants it); one answered or ended elsewhere, or removed, takes its
//! notification back.

use chrono::{DateTime, Utc};

use super::{AppState, Effects};
use crate::desktop::alerts::{Alert, AlertKey, AlertKind};
use crate::messages::Command;
use crate::t;
use aipix_client::api::{CallState, Intercom, IntercomCall};

/// How many calls the panel keeps: the newest (the server keeps the rest).
pub const KEPT: usize = 200;

/// A call as the panel shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct CallRow {
    pub call: IntercomCall,
    /// Answered or ended elsewhere while ringing (`intercom_cancel`): it no longer rings here.
    pub cancelled: bool,
}

impl CallRow {
    /// What became of it, as far as this desk knows.
    pub fn state(&self) -> CallState {
        match self.call.state() {
            CallState::Ringing if self.cancelled => CallState::Ended,
            state => state,
        }
    }

    /// The intercom it came from, when the server said.
    pub fn intercom_id(&self) -> Option<u64> {
        self.call.intercom.as_ref().map(|intercom| intercom.id)
    }
}

/// The calls known, newest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Calls {
    rows: Vec<CallRow>,
}

impl Calls {
    pub fn rows(&self) -> &[CallRow] {
        &self.rows
    }

    pub fn get(&self, id: u64) -> Option<&CallRow> {
        self.rows.iter().find(|row| row.call.id == id)
    }

    fn sort(&mut self) {
        // Newest first; a call without a time after those with one, by id (the server's order).
        self.rows
            .sort_by_key(|row| std::cmp::Reverse((row.call.came_at(), row.call.id)));
        self.rows.truncate(KEPT);
    }
}

impl AppState {
    /// A listing of the calls: the server's word, except that a call cancelled here stays cancelled.
    pub(super) fn calls_listed(&mut self, calls: Vec<IntercomCall>) {
        let rows = calls
            .into_iter()
            .map(|call| CallRow {
                cancelled: self.calls.get(call.id).is_some_and(|row| row.cancelled),
                call,
            })
            .collect();
        self.calls.rows = rows;
        self.calls.sort();
    }

    /// A call recorded or changed (`intercom.call.store`): a new one that rings is told on the desktop; one that
    /// no longer rings takes its notification back.
    pub(super) fn call_stored(&mut self, call: IntercomCall, effects: &mut Effects) {
        let ringing = call.state() == CallState::Ringing;
        match self
            .calls
            .rows
            .iter_mut()
            .find(|row| row.call.id == call.id)
        {
            Some(row) => {
                let was_ringing = row.state() == CallState::Ringing;
                row.call = call;
                if was_ringing && !ringing {
                    effects.command(Command::CloseNotification {
                        key: AlertKey::Call(row.call.id),
                    });
                }
            }
            None => {
                if ringing {
                    self.alert_call(&call, effects);
                }
                self.calls.rows.push(CallRow {
                    call,
                    cancelled: false,
                });
            }
        }
        self.calls.sort();
    }

    /// Calls removed from the history (`intercom.call.delete`).
    pub(super) fn calls_deleted(&mut self, ids: &[u64], effects: &mut Effects) {
        for id in ids {
            if self.calls.get(*id).is_some() {
                effects.command(Command::CloseNotification {
                    key: AlertKey::Call(*id),
                });
            }
        }
        self.calls.rows.retain(|row| !ids.contains(&row.call.id));
    }

    /// A ringing call answered or ended elsewhere (`intercom_cancel`): it stops ringing here.
    pub(super) fn call_cancelled(&mut self, call_id: Option<&str>, effects: &mut Effects) {
        let Some(id) = call_id.and_then(|id| id.trim().parse::<u64>().ok()) else {
            return;
        };
        if let Some(row) = self.calls.rows.iter_mut().find(|row| row.call.id == id) {
            row.cancelled = true;
        }
        effects.command(Command::CloseNotification {
            key: AlertKey::Call(id),
        });
    }

    /// The intercom a call came from: as listed here (its flags and status current), else as the call said.
    pub fn call_intercom<'a>(&'a self, row: &'a CallRow) -> Option<&'a Intercom> {
        let id = row.intercom_id()?;
        self.intercom(id).or(row.call.intercom.as_ref())
    }

    fn alert_call(&mut self, call: &IntercomCall, effects: &mut Effects) {
        if !self.preferences.notifications.wants(AlertKind::Calls) {
            return;
        }
        let row = CallRow {
            call: call.clone(),
            cancelled: false,
        };
        let Some(intercom) = self.call_intercom(&row) else {
            return;
        };
        let at = call.came_at().unwrap_or_else(|| self.now_or_epoch());
        let alert = Alert::Call {
            call: call.id,
            intercom: intercom.clone(),
            at,
            title: visitor_title(at),
        };
        // The push's moment, for the storm's count (the call's own time is the server's).
        let now = self.now_or_epoch();
        self.alert(alert, now, effects);
    }

    fn now_or_epoch(&self) -> DateTime<Utc> {
        self.last_live_change.unwrap_or_default()
    }
}

/// The title a code made from a call starts with: "Visitor 14:05", in the window's language.
pub fn visitor_title(at: DateTime<Utc>) -> String {
    let time = crate::i18n::current().format_moment(at, "format-time");
    t!("call-code-title", time = time.as_str())
}
