//! The one async worker: takes commands from the UI, runs the REST and live clients, sends events back and
//! wakes the UI after each. Knows nothing of egui: the UI hands it a waker.

mod messages;
mod worker;

use std::sync::Arc;

use tokio::sync::mpsc;

pub use messages::{Command, Event, Problem, RequestId, SignInFailure, SignInRequest};

use crate::live::LiveConfig;

/// Called after every event so that the UI wakes up and drains them (egui's `request_repaint`).
pub type Waker = Arc<dyn Fn() + Send + Sync>;

#[derive(Debug, Clone)]
pub struct BackendConfig {
    /// Sent as `X-UUID` on every call.
    pub device_id: String,
    pub live: LiveConfig,
    /// Listing page size asked of the server.
    pub per_page: u32,
}

impl BackendConfig {
    pub fn new(device_id: impl Into<String>) -> Self {
        Self {
            device_id: device_id.into(),
            live: LiveConfig::default(),
            per_page: 100,
        }
    }
}

/// The UI's end of the backend: send commands, drain events. Dropping it stops the worker.
#[derive(Debug)]
pub struct Backend {
    commands: mpsc::UnboundedSender<Command>,
    events: mpsc::UnboundedReceiver<Event>,
}

impl Backend {
    /// Starts the worker on `runtime`.
    pub fn start(runtime: &tokio::runtime::Handle, config: BackendConfig, wake: Waker) -> Self {
        let (commands, command_rx) = mpsc::unbounded_channel();
        let (event_tx, events) = mpsc::unbounded_channel();
        runtime.spawn(worker::run(config, command_rx, event_tx, wake));
        Self { commands, events }
    }

    /// Never blocks: safe inside a frame.
    pub fn send(&self, command: Command) {
        if self.commands.send(command).is_err() {
            tracing::error!("the backend has stopped; a command was dropped");
        }
    }

    /// The next event, if one is waiting. Never blocks.
    pub fn try_recv(&mut self) -> Option<Event> {
        self.events.try_recv().ok()
    }
}
