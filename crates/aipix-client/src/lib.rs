//! A typed client of the AIPIX VMS for intercom visitor codes: the REST API ([`api`]) and the server's live
//! channel ([`live`]), a Pusher protocol 7 client that yields typed events. No UI and no server code: any Rust
//! program that talks to an AIPIX server can use it.

pub mod api;
pub mod live;
