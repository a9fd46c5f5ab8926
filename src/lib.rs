//! Visitor Desk: the desktop client of the AIPIX VMS for intercom visitor codes.

pub mod api;
pub mod live;
pub mod sim;
