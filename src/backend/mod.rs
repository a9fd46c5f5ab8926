//! The one async worker: takes commands from the UI, runs the REST and live clients, sends events back and
//! wakes the UI after each. Knows nothing of egui: the UI hands it a waker.

mod remember;
mod slips;
mod worker;

use std::sync::Arc;

use tokio::sync::mpsc;

pub use remember::SettingsHome;

use crate::messages::{Command, Event};
use crate::secrets::{MemoryStore, TokenStore};
use aipix_client::live::LiveConfig;

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
    /// Said once when `store` keeps nothing across runs.
    pub store_warning: Option<String>,
    /// The settings file (profiles, last choices); `None` keeps nothing.
    pub home: Option<SettingsHome>,
    /// Sign in again at start with the last profile's kept token.
    pub resume_last: bool,
    /// Told to the user at start (a settings file that had to be set aside, say).
    pub notices: Vec<String>,
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
            resume_last: true,
            notices: Vec::new(),
        }
    }
}

impl std::fmt::Debug for BackendConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackendConfig")
            .field("device_id", &self.device_id)
            .field("store", &self.store.describe())
            .field("home", &self.home.as_ref().map(|home| &home.dir))
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
}

impl Backend {
    /// Starts the worker on `runtime`.
    pub fn start(runtime: &tokio::runtime::Handle, config: BackendConfig, wake: Waker) -> Self {
        let (commands, command_rx) = mpsc::unbounded_channel();
        let (event_tx, events) = mpsc::unbounded_channel();
        runtime.spawn(worker::run(config, command_rx, event_tx, wake));
        Self {
            commands,
            events,
            tap: None,
        }
    }

    /// From now on, a copy of every command sent also goes to the returned queue: a test checks exactly
    /// what the UI asked of the backend (and that it asked nothing) without waiting to see what happens.
    pub fn tap(&mut self) -> mpsc::UnboundedReceiver<Command> {
        let (tap, copies) = mpsc::unbounded_channel();
        self.tap = Some(tap);
        copies
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

    /// The next event, if one is waiting. Never blocks.
    pub fn try_recv(&mut self) -> Option<Event> {
        self.events.try_recv().ok()
    }
}
