//! The one async worker: takes commands from the UI, runs the REST and live clients, sends events back and
//! wakes the UI after each. Knows nothing of egui: the UI hands it a waker.

mod calls;
mod desktop;
mod instance;
mod journal;
mod record;
mod remember;
mod save_dialog;
mod sessions;
mod slips;
mod worker;

use std::sync::Arc;

use tokio::sync::mpsc;

pub use instance::InstanceClaim;
pub use remember::SettingsHome;
pub use save_dialog::{DialogAnswer, FileKind, NativeSaveDialog, SaveDialog};

use crate::clock::Clock;
use crate::desktop::notify::Bus;
use crate::i18n::Language;
use crate::journal::JournalSetup;
// Which sign-in to resume is said in the commands' vocabulary (the accounts model asks for it); the backend acts on it.
pub use crate::messages::Resume;
use crate::messages::{Command, Event};
use crate::secrets::{MemoryStore, TokenStore};
use aipix_client::live::LiveConfig;

/// Starts a task of the backend, speaking the language of the one that started it (the window's).
pub(crate) fn spawn<F>(future: F) -> tokio::task::JoinHandle<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    match Language::of_scope() {
        Some(language) => tokio::spawn(language.scoped(future)),
        None => tokio::spawn(future),
    }
}

/// Runs blocking work on tokio's pool, speaking the language of the task that asked for it.
pub(crate) fn spawn_blocking<R: Send + 'static>(
    work: impl FnOnce() -> R + Send + 'static,
) -> tokio::task::JoinHandle<R> {
    let language = Language::of_scope();
    tokio::task::spawn_blocking(move || match language {
        Some(language) => language.enter(work),
        None => work(),
    })
}

/// What runs by itself while signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Follow {
    /// The window: the live channel, a listing once it is subscribed (or refused), again after any break or
    /// failure.
    #[default]
    Live,
    /// One request at a time (the command line): no live channel, and a listing only when
    /// [`Command::Refresh`] asks for one.
    OnRequest,
}

/// Called after every event so that the UI wakes up and drains them (egui's `request_repaint`).
pub type Waker = Arc<dyn Fn() + Send + Sync>;

#[derive(Clone)]
pub struct BackendConfig {
    /// Sent as `X-UUID` on every call.
    pub device_id: String,
    pub live: LiveConfig,
    /// Listing page size asked of the server.
    pub per_page: u32,
    /// Where sign-ins are kept between runs.
    pub store: Arc<dyn TokenStore>,
    /// Why `store` keeps nothing across runs (the technical reason: the screens say what it means for the user).
    pub store_warning: Option<String>,
    /// The settings file (profiles, last choices); `None` keeps nothing.
    pub home: Option<SettingsHome>,
    /// Which kept sign-in to resume at start; after the attempt comes `Resuming` or `NotResumed`.
    pub resume: Resume,
    pub follow: Follow,
    /// Told to the user at start (a settings file that had to be set aside, say).
    pub notices: Vec<String>,
    /// Where the journal of each server and login is kept; `None` records nothing.
    pub journal: Option<JournalSetup>,
    /// Asks where an export goes.
    pub save_dialog: Arc<dyn SaveDialog>,
    /// The window's one clock: the backend, its journal and the app read the time from it.
    pub clock: Clock,
    /// The window's language: the app, the backend and its journal speak it.
    pub language: Language,
    /// Where desktop notifications go; `None` shows none (the command line, tests that do not look for them).
    pub desktop: Option<Bus>,
    /// One copy per account: the socket the window claimed at launch, served by the backend, which claims the
    /// account's again at each sign-in. Empty: no socket (the command line, `--new-instance`, tests).
    pub instance: Arc<parking_lot::Mutex<Option<InstanceClaim>>>,
}

impl BackendConfig {
    /// A backend that keeps nothing between runs (tests, benchmarks).
    pub fn new(device_id: impl Into<String>) -> Self {
        Self {
            device_id: device_id.into(),
            live: LiveConfig::default(),
            per_page: 100,
            store: Arc::new(MemoryStore::new()),
            store_warning: None,
            home: None,
            resume: Resume::LastProfile,
            follow: Follow::Live,
            notices: Vec::new(),
            journal: None,
            save_dialog: Arc::new(NativeSaveDialog::default()),
            clock: Clock::system(),
            language: Language::default(),
            desktop: None,
            instance: Arc::default(),
        }
    }
}

impl BackendConfig {
    /// The same settings for another account of the window: it resumes `resume`; the window's socket, and the
    /// notices told at start, stay with the first.
    pub fn for_another_account(&self, resume: Resume) -> Self {
        Self {
            resume,
            notices: Vec::new(),
            instance: Arc::default(),
            ..self.clone()
        }
    }
}

impl std::fmt::Debug for BackendConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackendConfig")
            .field("device_id", &self.device_id)
            .field("store", &self.store.describe())
            .field("home", &self.home.as_ref().map(|home| &home.dir))
            .field(
                "journal",
                &self.journal.as_ref().map(|journal| &journal.dir),
            )
            .finish_non_exhaustive()
    }
}

/// The UI's end of the backend: send commands, drain events. Dropping it stops the worker.
#[derive(Debug)]
pub struct Backend {
    commands: mpsc::UnboundedSender<Command>,
    events: mpsc::UnboundedReceiver<Event>,
    /// A copy of every command sent, for whoever asked with [`Backend::tap`].
    tap: Option<mpsc::UnboundedSender<Command>>,
    clock: Clock,
    language: Language,
}

impl Backend {
    /// Starts the worker on `runtime`.
    pub fn start(runtime: &tokio::runtime::Handle, config: BackendConfig, wake: Waker) -> Self {
        let (commands, command_rx) = mpsc::unbounded_channel();
        let (event_tx, events) = mpsc::unbounded_channel();
        let (clock, language) = (config.clock.clone(), config.language.clone());
        runtime.spawn(language.scoped(worker::run(config, command_rx, event_tx, wake)));
        Self {
            commands,
            events,
            tap: None,
            clock,
            language,
        }
    }

    /// From now on, a copy of every command sent also goes to the returned queue: a test checks exactly
    /// what the UI asked of the backend (and that it asked nothing) without waiting to see what happens.
    pub fn tap(&mut self) -> mpsc::UnboundedReceiver<Command> {
        let (tap, copies) = mpsc::unbounded_channel();
        self.tap = Some(tap);
        copies
    }

    /// The clock the backend reads, which the app reads too.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The language the backend speaks, which the app speaks too.
    pub fn language(&self) -> &Language {
        &self.language
    }

    /// Never blocks: safe inside a frame.
    pub fn send(&self, command: Command) {
        if let Some(tap) = &self.tap {
            let _ = tap.send(command.clone());
        }
        if self.commands.send(command).is_err() {
            tracing::error!("the backend has stopped; a command was dropped");
        }
    }

    /// The next event, waiting for it; `None` once the worker has stopped. For callers outside a frame (the
    /// command line).
    pub async fn recv(&mut self) -> Option<Event> {
        self.events.recv().await
    }

    /// The next event, if one is waiting. Never blocks.
    pub fn try_recv(&mut self) -> Option<Event> {
        self.events.try_recv().ok()
    }
}
