//! The parts of the main window that speak of several accounts: the status bar with one entry per account (live
//! or not, codes held of its limit), a group's live dot, the field a group is named in, a group whose session
//! ended, and the sign-out button that asks which account.

use chrono::{DateTime, Utc};
use egui::{Key, RichText, Ui};

use super::action::Action;
use super::theme::{self, space};
use super::widgets::{displayable, status_dot};
use crate::desks::{Desk, Desks};
use crate::state::{AppState, LiveStatus};
use crate::{i18n, t};

/// The status bar with several accounts: per account whether it is live and how many codes it holds of its
/// limit (the details on hover), then how many codes the list shows.
pub fn status_bar(ui: &mut Ui, desks: &Desks, now: DateTime<Utc>, shown: Option<usize>) {
    let palette = theme::palette(ui);
    ui.horizontal_wrapped(|ui| {
        for desk in desks.open() {
            let state = &desk.state;
            live_dot(ui, state);
            let held = state.code_count();
            let count = match state.code_limit {
                Some(limit) => t!("codes-of-limit", held = held, limit = limit),
                None => t!("codes-count", count = held),
            };
            let color = if state.live.is_connected() {
                ui.visuals().text_color()
            } else {
                palette.warning
            };
            let name = displayable(ui, &state.group_name()).into_owned();
            let entry = ui.label(RichText::new(format!("{name}: {count}")).color(color));
            entry.on_hover_text(account_status(state, now));
            ui.separator();
        }
        if let Some(shown) = shown {
            let held: usize = desks.open().map(|desk| desk.state.code_count()).sum();
            ui.label(t!("codes-shown", shown = shown, count = held));
        }
    });
}

/// One account's live channel and last listing, in words.
fn account_status(state: &AppState, now: DateTime<Utc>) -> String {
    let live = match &state.live {
        LiveStatus::Off | LiveStatus::Connecting => t!("live-connecting").to_owned(),
        LiveStatus::Connected => t!("live-on").to_owned(),
        LiveStatus::Reconnecting { at, .. } => {
            let millis = (*at - now).num_milliseconds();
            if millis > 0 {
                t!("live-reconnecting", seconds = (millis + 999) / 1000)
            } else {
                t!("live-reconnecting-now").to_owned()
            }
        }
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

/// Which server and login an account is (a group's name may be anything).
pub fn account_hint(state: &AppState) -> String {
    state.session.as_ref().map_or_else(String::new, |session| {
        crate::state::account_label(&session.server, &session.user.login)
    })
}

/// A dot for whether an account is live: green when pushes arrive, amber while it reconnects, red when stopped.
pub fn live_dot(ui: &mut Ui, state: &AppState) {
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

/// The field a group's name is typed in: `Some(true)` to keep it (Enter, Save), `Some(false)` to leave it as it
/// was (Esc in it, Cancel). A click elsewhere leaves it open, as typed. `focus`: it was just opened, and takes
/// the keyboard.
pub fn name_field(ui: &mut Ui, text: &mut String, focus: bool) -> Option<bool> {
    let label = ui.label(t!("group-name"));
    let field = ui
        .add(
            egui::TextEdit::singleline(text)
                .hint_text(t!("group-name-hint"))
                .desired_width(ui.available_width()),
        )
        .labelled_by(label.id);
    if focus {
        field.request_focus();
    }
    let entered = field.lost_focus() && ui.input(|input| input.key_pressed(Key::Enter));
    let escaped = field.lost_focus() && ui.input(|input| input.key_pressed(Key::Escape));
    let mut answer = None;
    ui.horizontal(|ui| {
        if ui.button(t!("group-save")).clicked() || entered {
            answer = Some(true);
        } else if ui.button(t!("cancel")).clicked() || escaped {
            answer = Some(false);
        }
    });
    ui.add_space(space::XS);
    answer
}

/// A group whose account is not signed in (the server ended its session): why, and a button to sign in again;
/// answers whether it was clicked.
pub fn signed_out_group(ui: &mut Ui, desk: &Desk) -> bool {
    let palette = theme::palette(ui);
    ui.add_space(space::XS);
    if let Some((server, login)) = &desk.ended {
        let name = desk.state.account_name(server, login);
        ui.strong(displayable(ui, &name));
    }
    let reason = desk.state.sign_in.notice.map_or_else(
        || t!("group-signed-out").to_owned(),
        |notice| notice.sentence(),
    );
    ui.add(egui::Label::new(RichText::new(reason).small().color(palette.warning)).wrap());
    ui.button(t!("group-sign-in-again")).clicked()
}

/// Sign out: of the one account, or, with several, of the one chosen from a menu.
pub fn sign_out_button(ui: &mut Ui, desks: &Desks) -> Option<Action> {
    if !desks.several() {
        return ui
            .button(t!("sign-out"))
            .clicked()
            .then_some(Action::SignOut(desks.focus()));
    }
    let mut chosen = None;
    ui.menu_button(t!("sign-out"), |ui| {
        for desk in desks.open() {
            let name = desk.state.group_name();
            if ui
                .button(t!("sign-out-of", account = name.as_str()))
                .on_hover_text(account_hint(&desk.state))
                .clicked()
            {
                chosen = Some(Action::SignOut(desk.id));
            }
        }
    });
    chosen
}
