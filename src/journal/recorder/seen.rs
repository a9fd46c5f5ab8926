//! What the server shows, against what was known: a push or a listing changes the journal only where it
//! differs, so each change is written once, whichever way it arrived.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::{MOST_STOPPED_RINGING, Recorder, UNKNOWN_PUSH_EVERY, known_online, seen_code};
use crate::journal::entry::{Entry, Kind, Origin};
use crate::journal::store::{Batch, Change, SeenIntercom};
use crate::t;
use aipix_client::api::{CallState, Code, Intercom, IntercomCall};
use aipix_client::live::Push;

impl Recorder {
    pub(super) fn push(&mut self, at: DateTime<Utc>, push: Push, batch: &mut Batch) {
        match push {
            Push::CodeCreated { code } => self.pushed_code(at, &code, batch),
            Push::CodesDeleted { ids } => {
                for id in ids {
                    // Known: revoked elsewhere. Unknown but just made here: revoked elsewhere too. Unknown and
                    // already gone (revoked here a moment ago): nothing new.
                    let known = self.known.codes.contains_key(&id);
                    if known || !self.touched.contains(id) {
                        batch.entries.push(self.code_entry_by_id(
                            at,
                            Kind::CodeRevoked,
                            Origin::Push,
                            id,
                        ));
                    }
                    self.forget_code(id, at, batch);
                }
            }
            Push::IntercomsDeleted { ids } => {
                for id in ids {
                    self.intercom_removed(at, id, batch);
                }
            }
            Push::IntercomUpdated { intercom } => {
                self.intercom_seen(at, &intercom, Origin::Push, batch);
            }
            // The sign-out that follows is the line (`SessionEnded`, with why).
            Push::Logout { .. } => {}
            Push::CallStored { call } => self.call_stored(at, &call, batch),
            Push::CallsDeleted { ids } => {
                let ids: Vec<String> = ids.iter().map(u64::to_string).collect();
                batch
                    .entries
                    .push(self.notice(at, t!("journal-calls-deleted", ids = ids.join(", "))));
            }
            // Its line is the call's own push that follows (missed, answered…); a cancel without an id, now.
            Push::CallCancelled { call_id: Some(id) } => {
                if self.stopped_ringing.len() == MOST_STOPPED_RINGING {
                    self.stopped_ringing.pop_front();
                }
                self.stopped_ringing.push_back(id);
            }
            Push::CallCancelled { call_id: None } => batch
                .entries
                .push(self.notice(at, t!("journal-call-cancelled", id = "?"))),
            Push::IntercomFailed { kind, error } => {
                batch
                    .entries
                    .push(self.notice(at, format!("{kind}: {error}")));
            }
            Push::PermissionsUpdated => batch
                .entries
                .push(self.notice(at, t!("journal-permissions-updated").to_owned())),
            Push::Unreadable { kind, reason } => batch.entries.push(self.notice(
                at,
                t!(
                    "journal-push-unreadable",
                    kind = kind.as_str(),
                    reason = reason.as_str()
                ),
            )),
            Push::Unknown { kind, .. } => self.unknown_push(at, kind, batch),
        }
    }

    /// A call's state pushed (ringing, answered, missed, ended): a line in the journal's language, "answered
    /// elsewhere" when this desk saw it stop ringing first.
    fn call_stored(&mut self, at: DateTime<Utc>, call: &IntercomCall, batch: &mut Batch) {
        let id = call.id.to_string();
        let stopped_here = match self.stopped_ringing.iter().position(|known| *known == id) {
            Some(index) => {
                self.stopped_ringing.remove(index);
                true
            }
            None => false,
        };
        // The state in the journal's language; one the client does not know, as the server wrote it.
        let state = call.state();
        let status = match &state {
            CallState::Ringing => t!("call-ringing").to_owned(),
            CallState::Answered if stopped_here => t!("journal-call-answered-elsewhere").to_owned(),
            CallState::Answered => t!("call-answered").to_owned(),
            CallState::Ended => t!("call-ended").to_owned(),
            CallState::Missed => t!("call-missed").to_owned(),
            CallState::Unknown(text) if text.is_empty() => "?".to_owned(),
            CallState::Unknown(text) => text.clone(),
        };
        let mut entry = self.notice(
            at,
            t!(
                "journal-call-stored",
                id = call.id,
                status = status.as_str()
            ),
        );
        if let Some(intercom) = &call.intercom {
            entry.intercom_id = Some(intercom.id);
            entry.intercom = intercom.title.clone();
        }
        batch.entries.push(entry);
    }

    /// A code pushed by the server: a line, unless this desk made it (its line comes with the answer).
    fn pushed_code(&mut self, at: DateTime<Utc>, code: &Code, batch: &mut Batch) {
        // A server that pushes a code to the desk that made it too may do so before its answer: that code
        // is this desk's, and its line comes with the answer.
        let ours = self.creates.values().any(|tried| {
            code.intercom_id() == Some(tried.intercom)
                && tried.title.trim() == code.title.trim()
                && (tried.expires_at - code.expired_at).num_seconds().abs() < 60
        });
        if !ours && !self.known.codes.contains_key(&code.id) {
            let seen = seen_code(code);
            batch
                .entries
                .push(self.code_entry(at, Kind::CodeCreated, Origin::Push, &seen));
            self.learn_code(seen, at, batch);
        }
    }

    /// An intercom the server removed, and its codes with it.
    fn intercom_removed(&mut self, at: DateTime<Utc>, id: u64, batch: &mut Batch) {
        batch
            .entries
            .push(self.intercom_entry(at, Kind::IntercomRemoved, Origin::Push, id));
        if self.known.intercoms.remove(&id).is_some() {
            batch.changes.push(Change::IntercomGone(id));
        }
        let gone: Vec<u64> = self
            .known
            .codes
            .values()
            .filter(|code| code.intercom_id == id)
            .map(|code| code.id)
            .collect();
        for code in gone {
            self.forget_code(code, at, batch);
        }
    }

    /// A push of a kind this desk does not know: a line, at most once per kind in a while.
    fn unknown_push(&mut self, at: DateTime<Utc>, kind: String, batch: &mut Batch) {
        let recently = self
            .unknown_pushes
            .get(&kind)
            .is_some_and(|when| at - *when < UNKNOWN_PUSH_EVERY);
        if !recently {
            let kind = if kind.is_empty() {
                "?".to_owned()
            } else {
                kind
            };
            batch
                .entries
                .push(self.notice(at, t!("journal-push-unknown", kind = kind.as_str())));
            self.unknown_pushes.insert(kind, at);
        }
    }

    /// A line of what the server said on the live channel that changes no code.
    fn notice(&self, at: DateTime<Utc>, detail: String) -> Entry {
        Entry {
            detail,
            ..self.entry(at, Kind::LiveNotice, Origin::Push)
        }
    }

    /// Records an intercom going online or offline; learns a new one silently.
    fn intercom_seen(
        &mut self,
        at: DateTime<Utc>,
        intercom: &Intercom,
        origin: Origin,
        batch: &mut Batch,
    ) {
        let before = self.known.intercoms.get(&intercom.id).cloned();
        let seen = SeenIntercom {
            id: intercom.id,
            title: intercom.title.clone(),
            // A server that does not say keeps what was known: "not said" is no change.
            is_online: known_online(intercom, before.as_ref()),
        };
        if before.as_ref() == Some(&seen) {
            return;
        }
        self.known.intercoms.insert(seen.id, seen.clone());
        batch.changes.push(Change::Intercom(seen.clone()));
        if let Some(before) = before
            && before.is_online != seen.is_online
        {
            let kind = if seen.is_online {
                Kind::IntercomOnline
            } else {
                Kind::IntercomOffline
            };
            batch
                .entries
                .push(self.intercom_entry(at, kind, origin, seen.id));
        }
    }

    /// Compares a listing with what was known: what appeared was made elsewhere, what vanished was revoked
    /// elsewhere (or removed by the server after its expiry). The first listing ever only learns.
    pub(super) fn listing(
        &mut self,
        at: DateTime<Utc>,
        intercoms: &[Intercom],
        codes: &[Code],
        started: DateTime<Utc>,
        batch: &mut Batch,
    ) {
        let first = !self.known.listed;
        self.touched.forget_old(at);

        let listed: HashSet<u64> = codes.iter().map(|code| code.id).collect();
        for code in codes {
            if self.touched.outweighs(code.id, started) {
                continue;
            }
            let seen = seen_code(code);
            match self.known.codes.get(&code.id) {
                Some(known) if *known == seen => {}
                Some(_) => {
                    batch.changes.push(Change::Code(seen.clone()));
                    self.known.codes.insert(seen.id, seen);
                }
                None => {
                    if !first {
                        batch.entries.push(self.code_entry(
                            at,
                            Kind::CodeCreated,
                            Origin::Listing,
                            &seen,
                        ));
                    }
                    batch.changes.push(Change::Code(seen.clone()));
                    self.known.codes.insert(seen.id, seen);
                }
            }
        }
        let mut vanished: Vec<u64> = self
            .known
            .codes
            .keys()
            .filter(|id| !listed.contains(id) && !self.touched.outweighs(**id, started))
            .copied()
            .collect();
        vanished.sort_unstable();
        for id in vanished {
            if let Some(code) = self.known.codes.remove(&id) {
                batch.changes.push(Change::CodeGone(id));
                if !first {
                    let kind = if code.removed_at <= at {
                        Kind::CodeRemoved
                    } else {
                        Kind::CodeRevoked
                    };
                    batch
                        .entries
                        .push(self.code_entry(at, kind, Origin::Listing, &code));
                }
            }
        }

        let present: HashSet<u64> = intercoms.iter().map(|intercom| intercom.id).collect();
        for intercom in intercoms {
            if first {
                let seen = SeenIntercom {
                    id: intercom.id,
                    title: intercom.title.clone(),
                    is_online: known_online(intercom, None),
                };
                batch.changes.push(Change::Intercom(seen.clone()));
                self.known.intercoms.insert(seen.id, seen);
            } else {
                self.intercom_seen(at, intercom, Origin::Listing, batch);
            }
        }
        let mut gone: Vec<u64> = self
            .known
            .intercoms
            .keys()
            .filter(|id| !present.contains(id))
            .copied()
            .collect();
        gone.sort_unstable();
        for id in gone {
            if !first {
                batch.entries.push(self.intercom_entry(
                    at,
                    Kind::IntercomRemoved,
                    Origin::Listing,
                    id,
                ));
            }
            self.known.intercoms.remove(&id);
            batch.changes.push(Change::IntercomGone(id));
        }
        if first {
            self.known.listed = true;
            batch.changes.push(Change::Listed);
        }
    }
}
