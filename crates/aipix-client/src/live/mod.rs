//! The live channel: a Pusher-protocol client for the user's and the session's private channels, read as the
//! vendor's SDKs read them, yielding typed events. Knows nothing of the UI.

mod backoff;
mod client;
mod close;
mod events;

pub use backoff::{Backoff, Jitter};
pub use client::{
    DEFAULT_AUTH_PATHS, FALLBACK_LIVE_PATHS, LiveConfig, LiveHandle, LiveServers, MAX_MESSAGE_SIZE,
    connection_url, connection_url_at, spawn,
};
pub use close::{CloseClass, close_class, describe_code};
pub use events::{LiveEvent, Push, kinds, types};
