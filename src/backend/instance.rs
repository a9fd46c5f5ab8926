//! One copy per account, the backend's side: it serves the account's socket (claimed at launch, before the
//! window), passes each later launch's arguments to the window as [`Event::HandedOver`], and when the user signs
//! in to another account, gives the old account's socket up and claims the new one's, so that a later launch on
//! the new account finds this window.

use std::path::PathBuf;
use std::sync::Arc;

use parking_lot::Mutex;

use crate::desktop::single_instance::{
    self, Account, Claim, Handover, InstanceKey, Listener, SocketFile,
};
use crate::messages::Event;

/// Where the account sockets are, and the one this window claimed at launch.
#[derive(Debug)]
pub struct InstanceClaim {
    /// The sockets' folder.
    pub dir: PathBuf,
    /// The settings folder (part of an account's key).
    pub config_dir: Option<PathBuf>,
    /// The socket claimed at launch, and its key.
    pub listener: Option<(Listener, InstanceKey)>,
}

/// The socket this window serves, while it does.
#[derive(Clone, Default)]
pub(super) struct Instance {
    inner: Arc<Mutex<Option<Served>>>,
    dir: Option<PathBuf>,
    config_dir: Option<PathBuf>,
}

struct Served {
    key: InstanceKey,
    _socket: SocketFile,
}

impl Instance {
    /// Serves the socket claimed at launch (if any); handovers go to `send`.
    pub fn start(claim: Option<InstanceClaim>, send: Arc<dyn Fn(Event) + Send + Sync>) -> Self {
        let Some(claim) = claim else {
            return Self::default();
        };
        let instance = Self {
            inner: Arc::default(),
            dir: Some(claim.dir),
            config_dir: claim.config_dir,
        };
        if let Some((listener, key)) = claim.listener {
            instance.serve(listener, key, send);
        }
        instance
    }

    fn serve(&self, listener: Listener, key: InstanceKey, send: Arc<dyn Fn(Event) + Send + Sync>) {
        let (mut handovers, socket) = listener.serve(&tokio::runtime::Handle::current(), || {});
        super::spawn(async move {
            while let Some(Handover { args, .. }) = handovers.recv().await {
                send(Event::HandedOver { args });
            }
        });
        *self.inner.lock() = Some(Served {
            key,
            _socket: socket,
        });
    }

    /// Signed in to `server` and `login`: this window is the account's copy from now on (the socket of the one
    /// before is given up). Another window already open on it keeps it.
    pub fn signed_in(&self, server: &str, login: &str, send: Arc<dyn Fn(Event) + Send + Sync>) {
        let Some(dir) = &self.dir else { return };
        let key = InstanceKey::new(&Account {
            config_dir: self.config_dir.as_deref(),
            server,
            login,
        });
        if self
            .inner
            .lock()
            .as_ref()
            .is_some_and(|served| served.key == key)
        {
            return;
        }
        // Given up first: a later launch on the old account opens a window of its own.
        self.inner.lock().take();
        match single_instance::claim(dir, &key, &Handover::from_this_process()) {
            Claim::First(listener) => self.serve(listener, key, send),
            Claim::HandedOver => {
                tracing::info!("another window is open on this account; it keeps its socket");
            }
            Claim::Alone { reason } => tracing::info!(%reason, "no socket for this account"),
        }
    }
}
