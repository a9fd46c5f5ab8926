//! The accounts signed in together in one window. Each is a desk: a backend of its own (its REST client, live
//! socket, journal and keyring entry) and a state of its own (its intercoms, codes, quota). The window shows them
//! all together and works with one at a time, the focused desk: the new-code form's, the dialogs', the sign-in
//! screen's. No egui here and no I/O: the backends do that.

use aipix_client::api::Code;

use crate::backend::{Backend, Resume};
use crate::messages::{Command, Event};
use crate::state::{AppState, CodeKey, DeskId};

/// One account of the window.
#[derive(Debug)]
pub struct Desk {
    pub id: DeskId,
    backend: Backend,
    pub state: AppState,
    /// Its sign-out was asked for while other accounts stay: it goes once its backend has signed out.
    pub leaving: bool,
    /// Started to resume an account the window had open last time: it goes if that cannot be resumed.
    pub reopened: bool,
    /// The account (server, login) whose session the server ended, while it is not signed in again.
    pub ended: Option<(String, String)>,
}

impl Desk {
    /// Sends `command` to this account's backend, noting it in its state first.
    pub fn send(&mut self, command: Command) {
        self.state.sent(&command);
        self.backend.send(command);
    }

    /// The next event of this account's backend, if one is waiting. Never blocks.
    pub fn try_recv(&mut self) -> Option<Event> {
        self.backend.try_recv()
    }

    /// Signed in, and staying.
    pub fn is_open(&self) -> bool {
        self.state.is_signed_in() && !self.leaving
    }

    /// The server and login signed in, while one is.
    pub fn account(&self) -> Option<(&str, &str)> {
        self.state
            .session
            .as_ref()
            .map(|session| (session.server.as_str(), session.user.login.as_str()))
    }
}

/// Starts the backend of another account: the window's own settings, resuming what is asked.
pub type DeskStarter = Box<dyn Fn(Resume) -> Backend>;

/// The window's accounts, in the order they were added, and which one is focused.
pub struct Desks {
    desks: Vec<Desk>,
    focus: DeskId,
    next: u32,
    starter: Option<DeskStarter>,
}

impl std::fmt::Debug for Desks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Desks")
            .field("desks", &self.desks)
            .field("focus", &self.focus)
            .finish_non_exhaustive()
    }
}

impl Desks {
    /// The window's first account, on `backend`.
    pub fn new(backend: Backend) -> Self {
        let first = DeskId(1);
        Self {
            desks: vec![Desk {
                id: first,
                backend,
                state: AppState::new(),
                leaving: false,
                reopened: false,
                ended: None,
            }],
            focus: first,
            next: 2,
            starter: None,
        }
    }

    /// How further accounts start; without it the window holds one.
    pub fn set_starter(&mut self, starter: DeskStarter) {
        self.starter = Some(starter);
    }

    /// Starts another account's backend (signed out, or resuming `resume`); `None` when this window takes one.
    pub fn add(&mut self, resume: Resume, reopened: bool) -> Option<DeskId> {
        let backend = (self.starter.as_ref()?)(resume);
        let id = DeskId(self.next);
        self.next += 1;
        self.desks.push(Desk {
            id,
            backend,
            state: AppState::new(),
            leaving: false,
            reopened,
            ended: None,
        });
        Some(id)
    }

    /// Whether another account can be added.
    pub fn can_add(&self) -> bool {
        self.starter.is_some()
    }

    /// Drops an account's desk (its backend stops; a session still signed in stays kept for the next start).
    /// The last one stays: the window always has a desk to sign in with.
    pub fn remove(&mut self, id: DeskId) {
        if self.desks.len() == 1 {
            return;
        }
        self.desks.retain(|desk| desk.id != id);
        if self.focus == id {
            self.focus = self
                .desks
                .iter()
                .find(|desk| desk.is_open())
                .unwrap_or(&self.desks[0])
                .id;
        }
    }

    pub fn focus(&self) -> DeskId {
        self.focus
    }

    /// Works with `id` from now on (nothing happens for an account no longer here).
    pub fn set_focus(&mut self, id: DeskId) {
        if self.get(id).is_some() {
            self.focus = id;
        }
    }

    pub fn focused(&self) -> &Desk {
        self.get(self.focus).unwrap_or(&self.desks[0])
    }

    pub fn focused_mut(&mut self) -> &mut Desk {
        let focus = self.focus;
        let at = self
            .desks
            .iter()
            .position(|desk| desk.id == focus)
            .unwrap_or(0);
        &mut self.desks[at]
    }

    pub fn get(&self, id: DeskId) -> Option<&Desk> {
        self.desks.iter().find(|desk| desk.id == id)
    }

    pub fn get_mut(&mut self, id: DeskId) -> Option<&mut Desk> {
        self.desks.iter_mut().find(|desk| desk.id == id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Desk> {
        self.desks.iter()
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Desk> {
        self.desks.iter_mut()
    }

    /// The accounts signed in and staying, in order.
    pub fn open(&self) -> impl Iterator<Item = &Desk> {
        self.desks.iter().filter(|desk| desk.is_open())
    }

    /// Whether the window shows more than one account (then it names them).
    pub fn several(&self) -> bool {
        self.open().nth(1).is_some()
    }

    /// Each open account's state, for views across them.
    pub fn states(&self) -> Vec<(DeskId, &AppState)> {
        self.open().map(|desk| (desk.id, &desk.state)).collect()
    }

    pub fn state(&self, id: DeskId) -> Option<&AppState> {
        self.get(id).map(|desk| &desk.state)
    }

    pub fn code(&self, key: CodeKey) -> Option<&Code> {
        self.state(key.desk).and_then(|state| state.code(key.id))
    }

    /// The open account signed in to `server` as `login` (the server as its base URL), but `except`.
    pub fn signed_in_as(&self, server: &str, login: &str, except: DeskId) -> Option<DeskId> {
        self.open()
            .find(|desk| desk.id != except && desk.account() == Some((server, login)))
            .map(|desk| desk.id)
    }
}
