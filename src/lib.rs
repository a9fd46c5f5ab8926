//! Visitor Desk: the desktop client of the AIPIX VMS for intercom visitor codes.
//!
//! Data flows one way: UI → [`backend::Command`] → backend → [`api`]/[`live`] → [`backend::Event`] →
//! [`state::AppState::apply`] → UI.

pub mod api;
pub mod backend;
pub mod demo;
pub mod live;
pub mod secrets;
pub mod settings;
pub mod sim;
pub mod state;
pub mod ui;
