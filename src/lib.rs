//! Visitor Desk: the desktop client of the AIPIX VMS for intercom visitor codes.
//!
//! Data flows one way: UI → [`messages::Command`] → [`backend`] → `aipix_client` (REST and live) →
//! [`messages::Event`] → [`state::AppState::apply`] → UI.

pub mod accounts;
pub mod backend;
pub mod clock;
#[cfg(feature = "demo")]
pub mod demo;
pub mod desktop;
pub mod domain;
pub mod expected;
pub mod files;
#[cfg(test)]
mod fixtures;
pub mod handover;
pub mod hardening;
pub mod i18n;
pub mod journal;
pub mod mail;
pub mod messages;
pub mod new_code;
pub mod reminders;
pub mod search_fold;
pub mod secrets;
pub mod settings;
pub mod state;
pub mod terminal;
pub mod ui;
