//! What the state keeps of the server's own conditions, beside the codes: items of the last listing it could not
//! read, what a server says of itself on the sign-in screen, the account's sessions (the Sessions view), and a
//! server that needs a newer Visitor Desk. Pure data, applied from events like the rest of the state.

use super::{AppState, Effects, NoticeKind};
use crate::messages::{Command, Event, Failure};
use crate::t;
use aipix_client::api::{ServerFacts, SessionInfo};

/// How many items of the last listing could not be read (left out; each kept in the journal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Unreadable {
    pub intercoms: usize,
    pub codes: usize,
}

impl Unreadable {
    pub fn of<T>(intercoms: &[T], codes: &[T]) -> Self {
        Self {
            intercoms: intercoms.len(),
            codes: codes.len(),
        }
    }

    pub fn any(self) -> bool {
        self.intercoms + self.codes > 0
    }

    /// What the window says of them, in the user's language ("1 code could not be read — see the journal").
    pub fn sentence(self) -> Option<String> {
        let mut parts = Vec::new();
        if self.codes > 0 {
            parts.push(t!("listing-codes-unreadable", count = self.codes));
        }
        if self.intercoms > 0 {
            parts.push(t!("listing-intercoms-unreadable", count = self.intercoms));
        }
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

/// What a server said of itself when its address was typed (`static/basic`), or why it could not be asked.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    /// The address as it was asked (the sign-in screen shows the facts only while it still reads so).
    pub server: String,
    pub facts: Result<ServerFacts, Failure>,
}

/// The account's sessions, as the Sessions view shows them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sessions {
    pub list: Vec<SessionInfo>,
    /// A listing is under way.
    pub loading: bool,
    /// The session being ended.
    pub ending: Option<String>,
    /// Why the last listing or ending failed.
    pub failure: Option<Failure>,
}

impl AppState {
    /// The server's answers about itself and the account's sessions.
    pub(super) fn server_event(&mut self, event: Event, effects: &mut Effects) {
        match event {
            Event::ItemsUnreadable { intercoms, codes } => {
                self.unreadable = Unreadable::of(&intercoms, &codes);
            }
            Event::ServerFacts { server, facts } => {
                if let Err(failure @ Failure::NeedsNewerClient { .. }) = &facts {
                    self.needs_update = Some(failure.clone());
                }
                self.server_facts = Some(Facts { server, facts });
            }
            Event::SessionsListed { sessions } => {
                self.sessions = Sessions {
                    list: sessions,
                    ..Sessions::default()
                };
            }
            Event::SessionsFailed { id, failure } => {
                self.sessions.loading = false;
                if id.is_some() {
                    self.sessions.ending = None;
                }
                self.sessions.failure = Some(failure);
            }
            Event::SessionEnded { id } => {
                self.sessions.list.retain(|session| session.id != id);
                self.sessions.ending = None;
                effects.notify(NoticeKind::Info, t!("sessions-ended").to_owned());
            }
            _ => {}
        }
    }

    /// What the sessions view and the sign-in screen wait on.
    pub(super) fn server_sent(&mut self, command: &Command) {
        match command {
            Command::ListSessions => {
                self.sessions.loading = true;
                self.sessions.failure = None;
            }
            Command::EndSession { id } => {
                self.sessions.ending = Some(id.clone());
                self.sessions.failure = None;
            }
            Command::LoadServerFacts { .. } => self.server_facts = None,
            _ => {}
        }
    }

    /// Every code held, in no particular order.
    pub fn all_codes(&self) -> impl Iterator<Item = &aipix_client::api::Code> {
        self.codes.codes()
    }

    /// A listing failed: said in the status bar, and across the window when the server needs a newer Visitor
    /// Desk.
    pub(super) fn sync_failed(&mut self, failure: Failure) {
        self.syncing = false;
        if matches!(failure, Failure::NeedsNewerClient { .. }) {
            self.needs_update = Some(failure.clone());
        }
        self.sync_error = Some(failure);
    }
}
