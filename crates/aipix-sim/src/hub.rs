//! Every open live socket, the channels each has joined and the live channel's knobs: what the state's changes
//! deliver pushes through and the test hooks reach, without the sockets' protocol (that is [`crate::live`]).

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use parking_lot::{Mutex, MutexGuard};
use tokio::sync::mpsc;

use crate::pushes::PushShapes;

/// The client frames kept for [`crate::SimHandle::live_client_frames`].
const CLIENT_FRAMES_KEPT: usize = 4096;

/// Stands in for "never" when a configured duration overflows an `Instant`.
pub(crate) const FAR_FUTURE: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

/// The live endpoint's settings, fixed at start.
#[derive(Debug, Clone)]
pub(crate) struct LiveSettings {
    pub shapes: PushShapes,
    pub activity_timeout: Duration,
    pub pong_grace: Duration,
    pub auth_paths: Vec<String>,
}

/// Something a hook asks of one socket task.
#[derive(Debug)]
pub(crate) enum Control {
    Close {
        code: u16,
        reason: String,
    },
    /// End the connection without a close frame, as a process that was killed.
    Drop,
    Raw(String),
}

#[derive(Debug)]
struct Entry {
    socket_id: String,
    channels: HashSet<String>,
    control: mpsc::UnboundedSender<Control>,
}

#[derive(Debug, Default)]
struct Registry {
    next_id: u64,
    sockets: HashMap<u64, Entry>,
    refuse_until: Option<Instant>,
}

/// How the live endpoint misbehaves on purpose (the `testing` hooks set it): a server that drops every desk once
/// it has subscribed, or signs the session's channel so that push1st refuses it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Hostility {
    /// Close each socket with this code right after its session's channel (`private-token.…`, the last a desk
    /// subscribes) is subscribed.
    pub drop_after_subscribing: Option<u16>,
    /// Sign `private-token.…` channels with a wrong secret.
    pub mis_sign_token_channels: bool,
    /// What `wsurl` announces instead of this server's own live address.
    pub announced: Option<Announced>,
}

/// A live address `wsurl` announces in place of the server's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announced {
    pub host: String,
    pub port: u16,
    pub path: String,
    pub encrypted: bool,
}

/// One frame a client sent, as the hooks report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientFrame {
    pub socket_id: String,
    /// The frame's event (`pusher:ping`, …), or `""` for what was no frame.
    pub event: String,
    pub at: tokio::time::Instant,
}

/// Every open live socket and the live knobs; lives in [`crate::state::Shared`].
#[derive(Debug)]
pub(crate) struct Hub {
    pub(crate) settings: LiveSettings,
    registry: Mutex<Registry>,
    pub(crate) silent: AtomicBool,
    /// The last frames clients sent, oldest first.
    client_frames: Mutex<std::collections::VecDeque<ClientFrame>>,
    pub(crate) hostility: Mutex<Hostility>,
}

impl Hub {
    pub(crate) fn new(settings: LiveSettings) -> Self {
        Self {
            settings,
            registry: Mutex::new(Registry::default()),
            silent: AtomicBool::new(false),
            client_frames: Mutex::new(std::collections::VecDeque::new()),
            hostility: Mutex::new(Hostility::default()),
        }
    }

    pub(crate) fn hostility(&self) -> Hostility {
        self.hostility.lock().clone()
    }

    pub(crate) fn shapes(&self) -> PushShapes {
        self.settings.shapes
    }

    pub(crate) fn note_client_frame(&self, socket_id: &str, event: &str) {
        let mut frames = self.client_frames.lock();
        if frames.len() == CLIENT_FRAMES_KEPT {
            frames.pop_front();
        }
        frames.push_back(ClientFrame {
            socket_id: socket_id.to_owned(),
            event: event.to_owned(),
            at: tokio::time::Instant::now(),
        });
    }

    pub(crate) fn client_frames(&self) -> Vec<ClientFrame> {
        self.client_frames.lock().iter().cloned().collect()
    }

    fn registry(&self) -> MutexGuard<'_, Registry> {
        self.registry.lock()
    }

    /// Adds a socket with a fresh socket id (unique among the open ones).
    pub(crate) fn register(&self, control: mpsc::UnboundedSender<Control>) -> (u64, String) {
        let mut registry = self.registry();
        let socket_id = loop {
            let id = format!(
                "{}.{}",
                rand::random_range(1..1_000_000_000u64),
                rand::random_range(1..1_000_000_000u64)
            );
            if registry.sockets.values().all(|e| e.socket_id != id) {
                break id;
            }
        };
        registry.next_id += 1;
        let key = registry.next_id;
        registry.sockets.insert(
            key,
            Entry {
                socket_id: socket_id.clone(),
                channels: HashSet::new(),
                control,
            },
        );
        (key, socket_id)
    }

    pub(crate) fn remove(&self, key: u64) {
        self.registry().sockets.remove(&key);
    }

    pub(crate) fn subscribe(&self, key: u64, channel: &str) {
        if let Some(entry) = self.registry().sockets.get_mut(&key) {
            entry.channels.insert(channel.to_owned());
        }
    }

    pub(crate) fn unsubscribe(&self, key: u64, channel: &str) {
        if let Some(entry) = self.registry().sockets.get_mut(&key) {
            entry.channels.remove(channel);
        }
    }

    pub(crate) fn is_subscribed(&self, key: u64, channel: &str) -> bool {
        self.registry()
            .sockets
            .get(&key)
            .is_some_and(|e| e.channels.contains(channel))
    }

    /// Asks every socket to close (with `code` and `reason`, or without a close frame when `code` is `None`) and
    /// forgets them at once (so counts drop immediately).
    pub(crate) fn close_all(&self, code: Option<u16>, reason: &str) -> usize {
        let sockets: Vec<Entry> = self.registry().sockets.drain().map(|(_, e)| e).collect();
        let mut closed = 0;
        for entry in sockets {
            let control = match code {
                Some(code) => Control::Close {
                    code,
                    reason: reason.to_owned(),
                },
                None => Control::Drop,
            };
            if entry.control.send(control).is_ok() {
                closed += 1;
            }
        }
        closed
    }

    pub(crate) fn send_raw(&self, channel: &str, text: &str) -> usize {
        self.registry()
            .sockets
            .values()
            .filter(|e| e.channels.contains(channel))
            .filter(|e| e.control.send(Control::Raw(text.to_owned())).is_ok())
            .count()
    }

    pub(crate) fn count(&self) -> usize {
        self.registry().sockets.len()
    }

    pub(crate) fn socket_ids(&self) -> Vec<String> {
        self.registry()
            .sockets
            .values()
            .map(|e| e.socket_id.clone())
            .collect()
    }

    pub(crate) fn subscribers(&self, channel: &str) -> usize {
        self.registry()
            .sockets
            .values()
            .filter(|e| e.channels.contains(channel))
            .count()
    }

    pub(crate) fn refuse_for(&self, duration: Duration) {
        let now = Instant::now();
        self.registry().refuse_until = Some(
            now.checked_add(duration)
                .unwrap_or_else(|| now + FAR_FUTURE),
        );
    }

    pub(crate) fn refusing(&self) -> bool {
        self.registry()
            .refuse_until
            .is_some_and(|until| Instant::now() < until)
    }

    pub(crate) fn silent(&self) -> bool {
        self.silent.load(Ordering::Relaxed)
    }
}
