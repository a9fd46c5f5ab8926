//! The status bar. With one account: the live channel, when the screen last matched the server, and how many codes
//! there are. With several: an entry per account (live or not, codes held of its limit, or that its codes could
//! not be listed yet, or that the server signed it out), the details on hover. Either way, while a search or a
//! filter hides some codes, how many the list shows.

use chrono::{DateTime, Utc};
use egui::{RichText, Ui};

use crate::accounts::{Account, Accounts};
use crate::state::{AppState, LiveStatus};
use crate::ui::theme;
use crate::ui::widgets::{displayable, status_dot};
use crate::{i18n, t};

/// `shown`: how many codes the list shows, when a search or a filter hides some.
pub(super) fn show(ui: &mut Ui, accounts: &Accounts, now: DateTime<Utc>, shown: Option<usize>) {
    if accounts.several() || accounts.iter().any(Account::is_ended) {
        several(ui, accounts, now, shown);
    } else if let Some(account) = accounts.open().next() {
        one(ui, &account.state, now, shown);
    }
}

/// Per account whether it is live and how many codes it holds of its limit, then how many the list shows.
fn several(ui: &mut Ui, accounts: &Accounts, now: DateTime<Utc>, shown: Option<usize>) {
    let palette = theme::palette(ui);
    ui.horizontal_wrapped(|ui| {
        for account in accounts.iter() {
            let state = &account.state;
            let name = displayable(ui, &account.name()).into_owned();
            if account.is_ended() {
                status_dot(ui, palette.error, true);
                let text = format!("{name}: {}", t!("account-signed-out"));
                ui.label(RichText::new(text).color(palette.warning));
                ui.separator();
                continue;
            }
            if !account.is_open() {
                continue;
            }
            live_dot(ui, state);
            let color = if state.live.is_connected() {
                ui.visuals().text_color()
            } else {
                palette.warning
            };
            let entry = ui.label(RichText::new(format!("{name}: {}", held(state))).color(color));
            entry.on_hover_ui(|ui| {
                ui.label(account_status(state, now));
            });
            // Items its last listing left out: said, never silently missing.
            if let Some(text) = state.unreadable.sentence() {
                ui.label(RichText::new(text).small().color(palette.warning));
            }
            ui.separator();
        }
        if let Some(shown) = shown {
            let held: usize = accounts
                .open()
                .map(|account| account.state.code_count())
                .sum();
            ui.label(t!("codes-shown", shown = shown, count = held));
        }
    });
}

/// How many codes an account holds (of its limit, once the server named it); an account whose codes were never
/// listed holds none that anyone knows of, which is not "0 codes".
fn held(state: &AppState) -> String {
    if state.last_sync.is_none() {
        return t!("account-codes-not-listed").to_owned();
    }
    let held = state.code_count();
    match state.code_limit {
        Some(limit) => t!("codes-of-limit", held = held, limit = limit),
        None => t!("codes-count", count = held),
    }
}

/// One account's live channel and last listing, in words.
fn account_status(state: &AppState, now: DateTime<Utc>) -> String {
    let live = match &state.live {
        LiveStatus::Off | LiveStatus::Connecting => t!("live-connecting").to_owned(),
        LiveStatus::Connected => t!("live-on").to_owned(),
        LiveStatus::Reconnecting { at, .. } => reconnecting(*at, now),
        LiveStatus::Stopped { .. } => t!("live-stopped").to_owned(),
        LiveStatus::Unencrypted { .. } => t!("live-unencrypted").to_owned(),
    };
    let synced = if let Some(failure) = &state.sync_error {
        t!("sync-failed", reason = failure.sentence())
    } else if let Some(at) = state.synced_at() {
        t!(
            "synced-at",
            time = i18n::current().format_moment(at, "format-time")
        )
    } else {
        t!("syncing").to_owned()
    };
    format!("{}\n{live}\n{synced}", account_hint(state))
}

/// Whole seconds left, rounded up: "in 1 s" until the attempt, then "reconnecting…", never "in 0 s".
fn reconnecting(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let millis = (at - now).num_milliseconds();
    if millis > 0 {
        t!("live-reconnecting", seconds = (millis + 999) / 1000)
    } else {
        t!("live-reconnecting-now").to_owned()
    }
}

/// Which server and login an account is (a group's name may be anything).
pub(super) fn account_hint(state: &AppState) -> String {
    state.session.as_ref().map_or_else(String::new, |session| {
        crate::state::account_label(&session.server, &session.user.login)
    })
}

/// A dot for whether an account is live: green when pushes arrive, amber while it reconnects, red when stopped.
pub(super) fn live_dot(ui: &mut Ui, state: &AppState) {
    let palette = theme::palette(ui);
    match &state.live {
        LiveStatus::Connected => status_dot(ui, palette.ok, true),
        LiveStatus::Reconnecting { .. } => status_dot(ui, palette.warning, false),
        LiveStatus::Stopped { .. } | LiveStatus::Unencrypted { .. } => {
            status_dot(ui, palette.error, true);
        }
        LiveStatus::Off | LiveStatus::Connecting => status_dot(ui, palette.muted, false),
    }
}

/// The live channel, when the screen last matched the server, and how many codes there are.
fn one(ui: &mut Ui, state: &AppState, now: DateTime<Utc>, shown: Option<usize>) {
    let palette = theme::palette(ui);
    ui.horizontal(|ui| {
        live(ui, state, now);
        ui.separator();
        if let Some(failure) = &state.sync_error {
            let label = ui.label(
                RichText::new(t!("sync-failed", reason = failure.sentence())).color(palette.error),
            );
            if let Some(detail) = failure.detail() {
                label.on_hover_text(detail);
            }
        } else if state.syncing {
            ui.label(RichText::new(t!("syncing")).color(palette.muted));
        } else if let Some(at) = state.synced_at() {
            let time = i18n::current().format_moment(at, "format-time");
            ui.label(RichText::new(t!("synced-at", time = time)).color(palette.muted))
                .on_hover_text(t!("synced-hint"));
        }
        ui.separator();
        counts(ui, state, shown);
        if state.storage_warning.is_some() {
            ui.separator();
            ui.label(RichText::new(t!("keyring-short")).color(palette.warning))
                .on_hover_text(t!("keyring-missing"));
        }
        // Items the last listing left out: said, never silently missing.
        if let Some(text) = state.unreadable.sentence() {
            ui.separator();
            ui.label(RichText::new(text).color(palette.warning));
        }
    });
}

/// The live channel's state, with the technical reason on hover.
fn live(ui: &mut Ui, state: &AppState, now: DateTime<Utc>) {
    let palette = theme::palette(ui);
    match &state.live {
        LiveStatus::Off => {}
        LiveStatus::Connecting => {
            status_dot(ui, palette.muted, false);
            ui.label(RichText::new(t!("live-connecting")).color(palette.muted));
        }
        LiveStatus::Connected => {
            status_dot(ui, palette.ok, true);
            ui.label(RichText::new(t!("live-on")).color(palette.ok))
                .on_hover_text(t!("live-on-hint"));
        }
        LiveStatus::Reconnecting { at, reason } => {
            status_dot(ui, palette.warning, false);
            ui.label(RichText::new(reconnecting(*at, now)).color(palette.warning))
                .on_hover_text(reason);
        }
        LiveStatus::Stopped { reason } => {
            status_dot(ui, palette.error, true);
            ui.label(RichText::new(t!("live-stopped")).color(palette.error))
                .on_hover_text(reason);
        }
        LiveStatus::Unencrypted { announced } => {
            status_dot(ui, palette.error, true);
            ui.label(RichText::new(t!("live-unencrypted")).color(palette.error))
                .on_hover_text(t!("live-unencrypted-hint", address = announced.as_str()));
        }
    }
}

/// How many codes the list shows (when it hides some) and the account holds (of its limit).
fn counts(ui: &mut Ui, state: &AppState, shown: Option<usize>) {
    let held = state.code_count();
    if let Some(shown) = shown {
        ui.label(t!("codes-shown", shown = shown, count = held));
    }
    if state.last_sync.is_none() {
        if shown.is_none() {
            ui.label(t!("account-codes-not-listed"));
        }
        return;
    }
    match state.code_limit {
        Some(limit) => {
            if shown.is_some() {
                ui.separator();
            }
            ui.label(t!("codes-of-limit", held = held, limit = limit));
        }
        None if shown.is_none() => {
            ui.label(t!("codes-count", count = held));
        }
        None => {}
    }
}
