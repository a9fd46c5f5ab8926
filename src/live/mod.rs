//! The live channel: a Pusher-protocol client for the user's private channel, yielding typed events.
//! Knows nothing of the UI.

mod backoff;
mod client;
mod events;
pub mod protocol;

pub use backoff::Backoff;
pub use client::{DEFAULT_AUTH_PATHS, LiveConfig, LiveHandle, connection_url, spawn};
pub use events::{LiveEvent, Push, kinds};
