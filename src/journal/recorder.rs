//! Turns what the backend did and saw into journal lines: answers are matched with the commands they answer,
//! pushes and listings are compared with what was known, so each change is written once, whichever way it
//! arrived. Pure: no I/O; the writer thread stores what it answers.

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};

use super::entry::{Entry, Kind, Origin, Outcome};
use super::observe::{Observation, Unreadables, What};
use super::store::{Batch, Change, SeenCode, SeenIntercom, Snapshot};
use crate::domain::{LocalChange, RecentChanges, RequestId};
use crate::reminders::ReminderKind;
use crate::t;
use aipix_client::api::{Code, Intercom};

/// A push of a kind the desk has no use for is journalled once in this long: a server busy with camera events
/// must not fill the journal.
const UNKNOWN_PUSH_EVERY: TimeDelta = TimeDelta::hours(1);

/// The desk writing: stamped on every line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Desk {
    pub device_id: String,
    pub os_user: String,
    /// Its acts come from the command line, not the window.
    pub command_line: bool,
    /// Which of its sign-ins and sign-outs are lines of their own.
    pub session_lines: SessionLines,
}

/// Which sign-ins and sign-outs of a desk the journal writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SessionLines {
    /// Each (the window, `visitor-desk login`).
    #[default]
    All,
    /// The sign-out alone: `visitor-desk logout`, whose act it is (the sign-in it resumes first is not).
    SignOutOnly,
    /// None: a command that signs in to do one thing writes that thing, not the sign-in and sign-out around it
    /// (and a read, nothing of its own).
    None,
}

struct PendingCreate {
    intercom: u64,
    title: String,
    expires_at: DateTime<Utc>,
    /// An extension: the code it replaces, and its digits as known when it was asked for.
    replaces: Option<(u64, String)>,
}

pub struct Recorder {
    desk: Desk,
    login: String,
    known: Snapshot,
    /// When a code was last added or removed outside a listing.
    touched: RecentChanges,
    creates: HashMap<RequestId, PendingCreate>,
    /// Since when the live channel has been down (after having been up).
    down_since: Option<(DateTime<Utc>, String)>,
    live_up_once: bool,
    /// When a push of each unknown kind was last journalled.
    unknown_pushes: HashMap<String, DateTime<Utc>>,
    /// Unreadable items already journalled (as sent), so that every listing does not write them again.
    unreadable_seen: std::collections::HashSet<String>,
    /// Calls that stopped ringing (`intercom_cancel`), newest last: their line waits for the call's own push,
    /// which says how it ended (missed, or answered at another device), so that a call is one line.
    stopped_ringing: std::collections::VecDeque<String>,
}

/// The most calls whose end is awaited at once.
const MOST_STOPPED_RINGING: usize = 64;

impl Recorder {
    pub fn new(desk: Desk, login: String, known: Snapshot) -> Self {
        Self {
            desk,
            login,
            known,
            touched: RecentChanges::default(),
            creates: HashMap::new(),
            down_since: None,
            live_up_once: false,
            unknown_pushes: HashMap::new(),
            unreadable_seen: std::collections::HashSet::new(),
            stopped_ringing: std::collections::VecDeque::new(),
        }
    }

    /// Where this desk's own acts come from: the window or the command line.
    fn own(&self) -> Origin {
        if self.desk.command_line {
            Origin::CommandLine
        } else {
            Origin::Desk
        }
    }

    fn entry(&self, at: DateTime<Utc>, kind: Kind, origin: Origin) -> Entry {
        Entry {
            device_id: self.desk.device_id.clone(),
            os_user: self.desk.os_user.clone(),
            login: self.login.clone(),
            ..Entry::new(at, kind, origin)
        }
    }

    fn code_entry(&self, at: DateTime<Utc>, kind: Kind, origin: Origin, code: &SeenCode) -> Entry {
        Entry {
            intercom_id: Some(code.intercom_id),
            intercom: code.intercom.clone(),
            code_id: Some(code.id),
            code: code.code.clone(),
            title: code.title.clone(),
            expires_at: Some(code.expires_at),
            ..self.entry(at, kind, origin)
        }
    }

    /// A code by id: as known, or only its id.
    fn code_entry_by_id(&self, at: DateTime<Utc>, kind: Kind, origin: Origin, id: u64) -> Entry {
        match self.known.codes.get(&id) {
            Some(code) => self.code_entry(at, kind, origin, code),
            None => Entry {
                code_id: Some(id),
                ..self.entry(at, kind, origin)
            },
        }
    }

    fn intercom_entry(&self, at: DateTime<Utc>, kind: Kind, origin: Origin, id: u64) -> Entry {
        Entry {
            intercom_id: Some(id),
            intercom: self
                .known
                .intercoms
                .get(&id)
                .map(|intercom| intercom.title.clone())
                .unwrap_or_default(),
            ..self.entry(at, kind, origin)
        }
    }

    /// A create (or an extension) the server refused, with what was tried.
    fn failed_create(&mut self, at: DateTime<Utc>, request: RequestId, reason: String) -> Entry {
        let mut entry = Entry {
            outcome: Outcome::Failed,
            detail: reason,
            ..self.entry(at, Kind::CodeCreated, self.own())
        };
        if let Some(tried) = self.creates.remove(&request) {
            entry.intercom = self
                .known
                .intercoms
                .get(&tried.intercom)
                .map(|intercom| intercom.title.clone())
                .unwrap_or_default();
            entry.intercom_id = Some(tried.intercom);
            entry.title = tried.title;
            entry.expires_at = Some(tried.expires_at);
            if let Some((old, digits)) = tried.replaces {
                entry.related_code_id = Some(old);
                entry.detail =
                    format!("{}: {}", t!("journal-extends", code = digits), entry.detail);
            }
        }
        entry
    }

    fn learn_code(&mut self, code: SeenCode, at: DateTime<Utc>, batch: &mut Batch) {
        self.touched.note(code.id, LocalChange::Added, at);
        batch.changes.push(Change::Code(code.clone()));
        self.known.codes.insert(code.id, code);
    }

    fn forget_code(&mut self, id: u64, at: DateTime<Utc>, batch: &mut Batch) {
        self.touched.note(id, LocalChange::Removed, at);
        if self.known.codes.remove(&id).is_some() {
            batch.changes.push(Change::CodeGone(id));
        }
    }

    fn signed_in(&mut self, at: DateTime<Utc>, login: String, batch: &mut Batch) {
        if !login.is_empty() {
            self.login = login;
        }
        self.live_up_once = false;
        self.down_since = None;
        if self.desk.session_lines == SessionLines::All {
            batch.entries.push(self.entry(at, Kind::SignIn, self.own()));
        }
    }

    /// A sign-out, or a session ended (with why).
    fn signed_out(&mut self, at: DateTime<Utc>, reason: Option<String>, batch: &mut Batch) {
        // A gap still open ends with the session.
        self.close_gap(at, batch);
        let kind = if reason.is_some() {
            Kind::SessionEnded
        } else if self.desk.session_lines == SessionLines::None {
            return;
        } else {
            Kind::SignOut
        };
        batch.entries.push(Entry {
            detail: reason.unwrap_or_default(),
            ..self.entry(at, kind, self.own())
        });
    }

    /// A gap in the live channel still open ends now: its line.
    fn close_gap(&mut self, at: DateTime<Utc>, batch: &mut Batch) {
        if let Some((since, why)) = self.down_since.take() {
            batch.entries.push(Entry {
                until: Some(at),
                detail: why,
                ..self.entry(since, Kind::LiveGap, self.own())
            });
        }
    }

    /// The new half of an extension: a code made, naming the one it extends.
    fn extended(
        &mut self,
        at: DateTime<Utc>,
        request: RequestId,
        code: &Code,
        old: u64,
        batch: &mut Batch,
    ) {
        let digits = self
            .creates
            .remove(&request)
            .and_then(|tried| tried.replaces)
            .map_or_else(|| format!("#{old}"), |(_, digits)| digits);
        let seen = seen_code(code);
        batch.entries.push(Entry {
            related_code_id: Some(old),
            detail: t!("journal-extends", code = digits),
            ..self.code_entry(at, Kind::CodeCreated, self.own(), &seen)
        });
        self.learn_code(seen, at, batch);
    }

    /// The old half of an extension: its code revoked (or not), naming the one that replaces it.
    fn extend_revoke(
        &mut self,
        at: DateTime<Utc>,
        old: u64,
        new: Option<&Code>,
        result: Result<(), String>,
        batch: &mut Batch,
    ) {
        let note = match new {
            Some(new) => t!(
                "journal-replaced-by",
                code = crate::domain::shown_value(new)
            ),
            None => t!("journal-revoked-for-extend").to_owned(),
        };
        let entry = Entry {
            related_code_id: new.map(|new| new.id),
            ..self.code_entry_by_id(at, Kind::CodeRevoked, self.own(), old)
        };
        match result {
            Ok(()) => {
                batch.entries.push(Entry {
                    detail: note,
                    ..entry
                });
                self.forget_code(old, at, batch);
            }
            Err(reason) => batch.entries.push(Entry {
                outcome: Outcome::Failed,
                detail: format!("{note}: {reason}"),
                ..entry
            }),
        }
    }

    fn revoked(&mut self, at: DateTime<Utc>, ids: Vec<u64>, batch: &mut Batch) {
        for id in ids {
            batch
                .entries
                .push(self.code_entry_by_id(at, Kind::CodeRevoked, self.own(), id));
            self.forget_code(id, at, batch);
        }
    }

    fn revoke_failed(&self, at: DateTime<Utc>, ids: &[u64], reason: &str, batch: &mut Batch) {
        for &id in ids {
            batch.entries.push(Entry {
                outcome: Outcome::Failed,
                detail: reason.to_owned(),
                ..self.code_entry_by_id(at, Kind::CodeRevoked, self.own(), id)
            });
        }
    }

    /// The lines (and changes to what is known) one observation makes.
    /// A code sent by e-mail (or not): to whom, and what the mail server answered or why it failed.
    fn emailed(
        &self,
        at: DateTime<Utc>,
        code_id: u64,
        to: &str,
        answer: Result<String, String>,
    ) -> Entry {
        let (outcome, answer) = match answer {
            Ok(answer) => (Outcome::Ok, answer),
            Err(reason) => (Outcome::Failed, reason),
        };
        Entry {
            outcome,
            detail: t!("journal-emailed", address = to, answer = answer.as_str()),
            ..self.code_entry_by_id(at, Kind::CodeEmailed, self.own(), code_id)
        }
    }

    /// A door this desk opened; `for_call`: for a call at the door (its row or its notification).
    fn door_opened(&self, at: DateTime<Utc>, intercom: u64, for_call: bool) -> Entry {
        Entry {
            detail: if for_call {
                t!("journal-door-for-call").to_owned()
            } else {
                String::new()
            },
            ..self.intercom_entry(at, Kind::DoorOpened, self.own(), intercom)
        }
    }

    pub fn observe(&mut self, observation: Observation) -> Batch {
        let mut batch = Batch::default();
        let at = observation.at;
        match observation.what {
            What::SignInAttempt { login } => self.login = login,
            What::SignedIn { login } => self.signed_in(at, login, &mut batch),
            What::SignInFailed { reason } => batch.entries.push(Entry {
                outcome: Outcome::Failed,
                detail: reason,
                ..self.entry(at, Kind::SignIn, self.own())
            }),
            What::SignedOut { reason } => self.signed_out(at, reason, &mut batch),
            attempt @ (What::CreateAttempt { .. } | What::ExtendAttempt { .. }) => {
                self.attempt(attempt);
            }
            What::Extended { request, code, old } => {
                self.extended(at, request, &code, old, &mut batch);
            }
            What::ExtendRevoke { old, new, result } => {
                self.extend_revoke(at, old, new.as_ref(), result, &mut batch);
            }
            What::Created { request, code } => {
                self.creates.remove(&request);
                let seen = seen_code(&code);
                batch
                    .entries
                    .push(self.code_entry(at, Kind::CodeCreated, self.own(), &seen));
                self.learn_code(seen, at, &mut batch);
            }
            What::CreateFailed { request, reason } | What::ExtendFailed { request, reason } => {
                batch.entries.push(self.failed_create(at, request, reason));
            }
            What::Revoked { ids } => self.revoked(at, ids, &mut batch),
            What::RevokeFailed { ids, reason } => {
                self.revoke_failed(at, &ids, &reason, &mut batch);
            }
            What::Emailed {
                code_id,
                to,
                answer,
            } => batch.entries.push(self.emailed(at, code_id, &to, answer)),
            What::DoorOpened { intercom, for_call } => {
                batch.entries.push(self.door_opened(at, intercom, for_call));
            }
            What::DoorFailed { intercom, reason } => batch.entries.push(Entry {
                outcome: Outcome::Failed,
                detail: reason,
                ..self.intercom_entry(at, Kind::DoorOpened, self.own(), intercom)
            }),
            What::Listing {
                intercoms,
                codes,
                started,
            } => self.listing(at, &intercoms, &codes, started, &mut batch),
            What::Unreadable(items) => self.unreadables(at, &items, &mut batch),
            What::OtherSessionEnded { id } => batch.entries.push(self.other_session_ended(at, &id)),
            What::EndingSession { id } => batch.changes.push(Change::EndingSession {
                id,
                at,
                origin: self.own(),
            }),
            What::Push(push) => self.push(at, push, &mut batch),
            What::LiveUp => {
                self.close_gap(at, &mut batch);
                self.live_up_once = true;
            }
            What::LiveDown { reason } => {
                if self.live_up_once && self.down_since.is_none() {
                    self.down_since = Some((at, reason));
                }
            }
            What::VisitorArrived(arrival) => batch.entries.push(self.arrival(&arrival)),
            desktop @ (What::Reminded { .. } | What::NotificationAction { .. }) => {
                batch.entries.extend(self.desktop_entry(at, desktop));
            }
        }
        batch
    }

    /// A create or an extension asked for: what its answer will be about (the old code's digits, for an extension).
    fn attempt(&mut self, what: What) {
        let (request, pending) = match what {
            What::CreateAttempt {
                request,
                intercom,
                title,
                expires_at,
            } => (
                request,
                PendingCreate {
                    intercom,
                    title,
                    expires_at,
                    replaces: None,
                },
            ),
            What::ExtendAttempt {
                request,
                old,
                intercom,
                title,
                expires_at,
            } => {
                let digits = self
                    .known
                    .codes
                    .get(&old)
                    .map_or_else(|| format!("#{old}"), |code| code.code.clone());
                let pending = PendingCreate {
                    intercom,
                    title,
                    expires_at,
                    replaces: Some((old, digits)),
                };
                (request, pending)
            }
            _ => return,
        };
        self.creates.insert(request, pending);
    }

    /// An expected visitor given their code: dated when the desk began making it, so that a code's story reads
    /// expected → arrived → code; titled with the visitor's name, the detail saying when they were expected.
    fn arrival(&self, arrival: &crate::expected::Arrival) -> Entry {
        let seen = seen_code(&arrival.code);
        Entry {
            title: arrival.name.clone(),
            detail: crate::t!(
                "expected-journal-detail",
                window = arrival.window.as_str(),
                added_by = arrival.added_by.as_str(),
                added_at = crate::i18n::date_time(arrival.added_at, arrival.at)
            ),
            ..self.code_entry(arrival.at, Kind::VisitorArrived, self.own(), &seen)
        }
    }

    /// A reminder given on the desktop, or a notification's button clicked (about a code, else an intercom).
    fn desktop_entry(&self, at: DateTime<Utc>, what: What) -> Option<Entry> {
        let (intercom, code, what) = match what {
            What::Reminded { code, kind } => {
                let kind = match kind {
                    ReminderKind::ExpiresSoon => Kind::ReminderExpiresSoon,
                    ReminderKind::ExpiredHoldingSlot => Kind::ReminderHoldingSlot,
                };
                return Some(self.code_entry(at, kind, self.own(), &seen_code(&code)));
            }
            What::NotificationAction {
                intercom,
                code,
                what,
            } => (intercom, code, what),
            _ => return None,
        };
        let kind = Kind::NotificationAction;
        let entry = match (code, intercom) {
            (Some(code), _) => self.code_entry_by_id(at, kind, self.own(), code),
            (None, Some(intercom)) => self.intercom_entry(at, kind, self.own(), intercom),
            (None, None) => self.entry(at, kind, self.own()),
        };
        Some(Entry {
            detail: what,
            ..entry
        })
    }
}

impl Recorder {
    /// A line for another session of the account, ended here: its id, cut (the server's are 80 characters).
    fn other_session_ended(&self, at: DateTime<Utc>, id: &str) -> Entry {
        let short: String = id.chars().take(12).collect();
        Entry {
            detail: t!("journal-other-session-ended", id = short),
            ..self.entry(at, Kind::SignOut, self.own())
        }
    }

    fn unreadables(&mut self, at: DateTime<Utc>, items: &Unreadables, batch: &mut Batch) {
        self.unreadable(at, &items.intercoms, false, batch);
        self.unreadable(at, &items.codes, true, batch);
    }

    /// A line for each item of a listing that could not be read, once per item as the server sent it.
    fn unreadable(
        &mut self,
        at: DateTime<Utc>,
        items: &[aipix_client::api::Unreadable],
        codes: bool,
        batch: &mut Batch,
    ) {
        for item in items {
            if !self.unreadable_seen.insert(item.raw.clone()) {
                continue;
            }
            let what = if codes {
                t!("journal-unreadable-code")
            } else {
                t!("journal-unreadable-intercom")
            };
            let mut entry = Entry {
                outcome: Outcome::Failed,
                detail: format!("{what}: {} — {}", item.reason, item.raw),
                ..self.entry(at, Kind::UnreadableItem, Origin::Listing)
            };
            if codes {
                entry.code_id = item.id;
            } else {
                entry.intercom_id = item.id;
            }
            batch.entries.push(entry);
        }
    }
}

/// Whether an intercom is online as the journal keeps it: as the server said, else as it was known (online for
/// one new to the journal), so that a server leaving `is_online` out is not a door going on- or offline.
fn known_online(intercom: &Intercom, before: Option<&SeenIntercom>) -> bool {
    intercom
        .is_online
        .or(before.map(|before| before.is_online))
        .unwrap_or(true)
}

fn seen_code(code: &Code) -> SeenCode {
    SeenCode {
        id: code.id,
        // Empty when the server sent no value.
        code: code.code_value().unwrap_or_default().to_owned(),
        title: code.title.clone(),
        intercom_id: crate::domain::intercom_key(code),
        intercom: code
            .intercom
            .as_ref()
            .map_or_else(String::new, |intercom| intercom.title.clone()),
        expires_at: code.expired_at,
        removed_at: code.removed_at(),
    }
}

mod seen;
#[cfg(test)]
mod tests;
