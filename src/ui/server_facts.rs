//! What the sign-in screen says of the server itself, before anyone signs in: what it told of itself
//! (`static/basic`: its version, whether it may ask for a captcha, its languages), that it needs a newer Visitor
//! Desk (409), and, when it limits how often it is asked (429), how long until the sign-in is tried again.

use std::time::Duration;

use chrono::{DateTime, Utc};
use egui::{RichText, Ui};

use super::theme;
use super::widgets::{Tone, message_box};
use crate::messages::Failure;
use crate::state::{AppState, SignInStatus};
use crate::t;

/// What `server` (as typed) said of itself, on a line under the address; a server that needs a newer Visitor
/// Desk, in a box.
pub fn facts_line(ui: &mut Ui, state: &AppState, server: &str) {
    let Some(known) = state
        .server_facts
        .as_ref()
        .filter(|known| known.server == server.trim())
    else {
        return;
    };
    match &known.facts {
        Ok(facts) => {
            let mut parts = Vec::new();
            if let Some(version) = facts.version.as_deref().filter(|v| !v.trim().is_empty()) {
                parts.push(t!("server-facts-version", version = version));
            }
            if facts.is_captcha_available == Some(true) {
                parts.push(t!("server-facts-captcha").to_owned());
            }
            if !facts.available_locales.is_empty() {
                parts.push(t!(
                    "server-facts-languages",
                    languages = facts.available_locales.join(", ")
                ));
            }
            if !parts.is_empty() {
                let muted = theme::palette(ui).muted;
                ui.add(
                    egui::Label::new(RichText::new(parts.join(" · ")).small().color(muted)).wrap(),
                );
            }
        }
        Err(failure @ Failure::NeedsNewerClient { .. }) => outdated_box(ui, failure),
        // Anything else is said by the sign-in itself, under the address.
        Err(_) => {}
    }
}

/// "This server needs a newer Visitor Desk", with the version this one speaks and what the server said.
pub fn outdated_box(ui: &mut Ui, failure: &Failure) {
    message_box(ui, Tone::Error, |ui, color| {
        ui.add(egui::Label::new(RichText::new(failure.sentence()).color(color).strong()).wrap());
        if let Some(detail) = failure.detail() {
            ui.add(egui::Label::new(RichText::new(detail).small().color(color)).wrap());
        }
    });
}

/// While the server's wait runs, the countdown (the Sign in button waits); answers whether the wait is over and
/// the sign-in is due again.
pub fn rate_limit(ui: &mut Ui, status: &SignInStatus, now: DateTime<Utc>) -> RateLimit {
    let Some(at) = status.retry_at else {
        return RateLimit::None;
    };
    let left = (at - now).num_milliseconds();
    if left <= 0 {
        return RateLimit::Due;
    }
    // Whole seconds, rounded up: "in 1 s" until it is tried, never "in 0 s".
    let seconds = (left + 999) / 1000;
    message_box(ui, Tone::Warning, |ui, color| {
        let text = t!("sign-in-rate-limited", seconds = seconds);
        ui.add(egui::Label::new(RichText::new(text).color(color)).wrap())
    });
    // The next frame when the figure changes.
    let next = u64::try_from(left % 1000).unwrap_or(0) + 1;
    ui.ctx().request_repaint_after(Duration::from_millis(next));
    RateLimit::Waiting
}

/// Where a sign-in stands with the server's rate limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateLimit {
    None,
    /// The wait runs: Sign in waits too.
    Waiting,
    /// The wait is over: sign in again.
    Due,
}
