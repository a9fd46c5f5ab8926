//! The desk outside its window: desktop notifications ([`notify`], with the texts of each kind in [`notices`]) and
//! one copy of the window per account ([`single_instance`]). No egui and no app state here: the window hands in
//! what to say and drains what comes back, on channels.

pub mod alerts;
pub mod notices;
pub mod notification;
pub mod notify;
#[cfg(windows)]
mod notify_windows;
pub mod single_instance;
pub mod storm;
pub mod text_scale;
