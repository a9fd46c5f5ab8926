//! The live channel: a Pusher-protocol client for the user's private channel, yielding typed events.
//! Knows nothing of the UI.

mod backoff;
mod client;
mod close;
mod events;

pub use backoff::Backoff;
pub use client::{DEFAULT_AUTH_PATHS, LiveConfig, LiveHandle, connection_url, spawn};
pub use close::{CloseClass, close_class, describe_code};
pub use events::{LiveEvent, Push, kinds};
