//! The backend's side of the journal: which journal is open (the signed-in server and login's), what goes into it,
//! and the history view's requests (reads, and exports through the save dialog).

use std::sync::Arc;

use parking_lot::Mutex;
use tokio::sync::mpsc;

use super::Waker;
use super::save_dialog::{self, FileKind, SaveDialog};
use crate::clock::Clock;
use crate::files::{self, Existing, Readers};
use crate::i18n::Language;
use crate::journal::{
    self, Answer, ExportFailure, ExportFormat, ExportSource, Health, Journal, JournalError,
    JournalSetup, Observation, Request,
};
use crate::messages::{Command, Event};

/// The journal of the account in use, if any, shared by the worker and every task that sends events.
#[derive(Clone)]
pub(super) struct JournalSlot {
    open: Arc<Mutex<Option<Journal>>>,
    /// A sign-in to an account that has no journal file yet: what it says is held here until the sign-in
    /// succeeds, so that a mistyped server or login leaves no file behind.
    pending: Arc<Mutex<Option<Pending>>>,
    /// Where journals are kept, on the backend's clock and in its language; `None` keeps none.
    setup: Option<JournalSetup>,
    /// Where its answers go.
    events: mpsc::UnboundedSender<Event>,
    wake: Waker,
}

impl JournalSlot {
    pub fn new(
        setup: Option<JournalSetup>,
        clock: &Clock,
        language: &Language,
        events: mpsc::UnboundedSender<Event>,
        wake: Waker,
    ) -> Self {
        let setup = setup.map(|setup| JournalSetup {
            clock: clock.clone(),
            language: language.clone(),
            ..setup
        });
        Self {
            open: Arc::default(),
            pending: Arc::default(),
            setup,
            events,
            wake,
        }
    }

    /// Before a sign-in to `server` and `login`: their journal when its file exists (a refusal goes there);
    /// otherwise nothing is written until [`JournalSlot::open`] after the sign-in succeeds, which then writes
    /// what was held (a wrong password before the right one).
    pub fn open_for_sign_in(&self, server: &str, login: &str) {
        let Some(setup) = &self.setup else {
            return self.open(server, login);
        };
        let path = journal::file_path(&setup.dir, server, login.trim());
        let already_open = self
            .open
            .lock()
            .as_ref()
            .is_some_and(|open| open.path() == path);
        if already_open || path.exists() {
            return self.open(server, login);
        }
        self.open.lock().take();
        let mut pending = self.pending.lock();
        if pending.as_ref().is_none_or(|pending| pending.path != path) {
            *pending = Some(Pending {
                path,
                held: Vec::new(),
            });
        }
    }

    pub fn current(&self) -> Option<Journal> {
        self.open.lock().clone()
    }

    /// Waits, off the async threads, until what the open journal was given is committed: a session this computer
    /// ends is noted before the server ends it, so the window whose session it was finds the note when it is told.
    pub async fn written(&self) {
        if let Some(journal) = self.current() {
            let _ = super::spawn_blocking(move || journal.flush()).await;
        }
    }

    /// Opens the journal of `server` and `login` (keeping the open one when it is the same file).
    /// Asks it which reminders were given before (with no journal: none, said at once).
    pub fn open(&self, server: &str, login: &str) {
        let Some(setup) = &self.setup else {
            if self
                .events
                .send(Event::Journal(Answer::Reminded { given: Vec::new() }))
                .is_ok()
            {
                (self.wake)();
            }
            return;
        };
        let path = journal::file_path(&setup.dir, server, login.trim());
        let mut slot = self.open.lock();
        if let Some(open) = slot.as_ref().filter(|open| open.path() == path) {
            open.reminded();
            return;
        }
        // The sink holds the event queue, not this slot: the journal's thread must not keep itself alive.
        let (events, wake) = (self.events.clone(), self.wake.clone());
        let sink: journal::Sink = Arc::new(move |answer| {
            // A journal set aside is news for the user wherever they are (the command line too).
            let event = match answer {
                Answer::Recovered { path, aside } => Event::Notice {
                    text: Answer::recovered_text(&path, &aside),
                },
                answer => Event::Journal(answer),
            };
            if events.send(event).is_ok() {
                wake();
            }
        });
        let held = match self.pending.lock().take() {
            Some(pending) if pending.path == path => pending.held,
            _ => Vec::new(),
        };
        let journal = Journal::open_at(path, setup.clone(), login.trim(), sink);
        for observation in held {
            journal.observe(observation);
        }
        journal.reminded();
        *slot = Some(journal);
    }

    /// Closes the journal (its thread writes what is left, then stops).
    pub fn close(&self) {
        self.open.lock().take();
        self.pending.lock().take();
    }

    pub fn observe(&self, observation: Observation) {
        if let Some(journal) = &*self.open.lock() {
            journal.observe(observation);
        } else if let Some(pending) = &mut *self.pending.lock()
            && pending.held.len() < Pending::MOST
        {
            pending.held.push(observation);
        }
    }

    /// Notes a command the backend runs (what its answer will be about), as of `at`.
    pub fn command(&self, command: &Command, at: chrono::DateTime<chrono::Utc>) {
        if let Some(observation) = super::record::of_command(command, at) {
            self.observe(observation);
        }
    }

    /// Notes an event the backend sends, as of `at`.
    pub fn event(&self, event: &Event, at: chrono::DateTime<chrono::Utc>) {
        if let Some(observation) = super::record::of_event(event, at) {
            self.observe(observation);
        }
    }
}

/// What a sign-in without a journal file yet said, held until it succeeds.
struct Pending {
    path: std::path::PathBuf,
    held: Vec<Observation>,
}

impl Pending {
    /// Sign-in attempts and their refusals: a few, however often a password is mistyped.
    const MOST: usize = 32;
}

/// Runs a request of the history view; answers come back as [`Event::Journal`] through `send`.
pub(super) fn request(
    request: Request,
    journal: Option<Journal>,
    dialog: Arc<dyn SaveDialog>,
    today: chrono::NaiveDate,
    send: impl Fn(Event) + Send + Sync + 'static,
) {
    let off = || {
        Event::Journal(Answer::Health(Health::Unavailable(
            JournalError::Off.into(),
        )))
    };
    match request {
        Request::Page {
            view,
            filter,
            offset,
            limit,
            upto,
        } => match journal {
            Some(journal) => journal.page(view, filter, offset, limit, upto),
            None => send(off()),
        },
        Request::Story { code_id } => match journal {
            Some(journal) => journal.story(code_id),
            None => send(off()),
        },
        Request::Export { source, format } => {
            super::spawn(export(source, format, journal, dialog, today, send));
        }
    }
}

/// Asks where to save, then writes: the journal on its own thread, codes on the blocking pool.
async fn export(
    source: ExportSource,
    format: ExportFormat,
    journal: Option<Journal>,
    dialog: Arc<dyn SaveDialog>,
    today: chrono::NaiveDate,
    send: impl Fn(Event) + Send + Sync + 'static,
) {
    let failed = |error: ExportFailure| Event::Journal(Answer::ExportFailed { error });
    let file_name = source.suggested_name(format, today);
    let (path, note) =
        match save_dialog::ask_or_fallback(&*dialog, file_name, FileKind::Export(format)).await {
            Ok(Some(chosen)) => chosen,
            Ok(None) => return,
            Err(why) => {
                send(failed(why.into()));
                return;
            }
        };
    match source {
        ExportSource::Journal { filter, .. } => match journal {
            Some(journal) => journal.export_to(filter, format, path, note),
            None => send(failed(ExportFailure::Journal(JournalError::Off.into()))),
        },
        ExportSource::Codes {
            codes,
            accounts,
            now,
        } => {
            let count = codes.len();
            let target = path.clone();
            // Saved where no dialog asked (the downloads folder): the user's alone.
            let readers = if note.is_some() {
                Readers::Private
            } else {
                Readers::Usual
            };
            let written = super::spawn_blocking(move || {
                files::write_whole(&target, Existing::Replace, readers, |out| {
                    journal::export::write_codes(out, format, &codes, &accounts, now).map(drop)
                })
            })
            .await
            .unwrap_or_else(|error| {
                Err(files::OutputError::Write {
                    path: path.clone(),
                    reason: error.to_string(),
                })
            });
            send(Event::Journal(match written {
                Ok(()) => Answer::Exported { path, count, note },
                Err(error) => Answer::ExportFailed {
                    error: error.into(),
                },
            }));
        }
    }
}
