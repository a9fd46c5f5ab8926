//! A code sent by e-mail: the message (the share message in the desk's language with the address and entrance,
//! its QR code inline, the slip attached) and its delivery to the account's mail server. No egui; the backend
//! runs it off the UI thread and tells the window (and the journal) how it went.

mod compose;
mod error;
mod send;

pub use compose::{Letter, compose, qr_png, test_letter};
pub use error::MailError;
pub use send::{SEND_TIMEOUT, Sent, send};
