//! The code just made (or extended), large, with ways to hand it over: the code, the message from the user's
//! template, its QR code, the visitor slip, and Extend; and, the moment it stops working (revoked here or at
//! another desk, expired, removed by the server), a plain "do not hand out" with its digits, QR code and copy
//! buttons greyed out. An extension whose old code could not be revoked says so here for as long as it is listed.

use chrono::{DateTime, Utc};
use egui::{RichText, Ui};

use super::action::{Action, Question, Show};
use super::handover::{message_of, slip_action, slip_menu};
use super::theme::{self, space, text};
use super::widgets::{Tone, copy_button, displayable, message_box, qr_code};
use crate::accounts::AccountId;
use crate::domain::CodeStatus;
use crate::state::{AppState, CodeKey, CodeLife};
use crate::{i18n, t};
use aipix_client::api::Code;

/// Draws the panel when there is a code just made; `show_qr` is the user's choice, kept by the form. With
/// `bring_into_view` (a new code) the panel scrolls into view whole, its hand-over buttons included, in a window too
/// short to show it under the form. Answers what the user asked for the code (a slip, Extend, revoking the old code
/// of an extension), of `account`, whose state `state` is.
pub fn created_panel(
    ui: &mut Ui,
    account: AccountId,
    state: &AppState,
    now: DateTime<Utc>,
    show_qr: &mut bool,
    bring_into_view: bool,
) -> Vec<Action> {
    let Some((code, life)) = state.created_life(now) else {
        return Vec::new();
    };
    let palette = theme::palette(ui);
    ui.add_space(space::M);
    let panel = egui::Frame::new()
        .fill(palette.surface)
        .stroke(egui::Stroke::new(1.0, palette.border))
        .corner_radius(theme::RADIUS)
        .inner_margin(egui::Margin::same(space::M as i8))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            describe(ui, code, life, now);
            let mut asked = old_code_warning(ui, account, state);
            // A code the server sent without its value is never handed out.
            let usable = life.is_valid() && code.code_value().is_some();
            asked.extend(hand_over(ui, account, state, code, now, usable, show_qr));
            asked
        });
    if bring_into_view {
        ui.scroll_to_rect(panel.response.rect, Some(egui::Align::Max));
    }
    panel.inner
}

/// The code made: its title, intercom, digits, until when it works and how long that is from now.
fn describe(ui: &mut Ui, code: &Code, life: CodeLife, now: DateTime<Utc>) {
    let palette = theme::palette(ui);
    let usable = life.is_valid() && code.code_value().is_some();
    ui.label(
        RichText::new(t!("created-heading"))
            .small()
            .color(palette.muted),
    );
    ui.add(egui::Label::new(RichText::new(displayable(ui, &code.title)).strong()).wrap());
    ui.label(
        RichText::new(displayable(ui, &crate::domain::intercom_name(code)))
            .small()
            .color(palette.muted),
    );
    if let Some(warning) = dead_code_warning(life) {
        ui.add_space(space::XS);
        message_box(ui, Tone::Error, |ui, color| {
            ui.label(RichText::new(warning).color(color).strong())
        });
    }
    let Some(value) = code.code_value() else {
        // Nothing to read out: say so where the digits would be.
        message_box(ui, Tone::Warning, |ui, color| {
            ui.add(egui::Label::new(RichText::new(t!("code-value-missing")).color(color)).wrap())
        });
        return;
    };
    let mut digits = RichText::new(value)
        .monospace()
        .size(text::CODE_LARGE)
        .strong();
    digits = if usable {
        digits.color(palette.ok)
    } else {
        digits.color(palette.muted).strikethrough()
    };
    ui.label(digits);
    // The countdown on a line of its own that never wraps: it changes length as it runs, and the buttons
    // below must stay where the hand aims. The expiry above it changes only with the code.
    let relative = i18n::relative(&i18n::Relative::between(code.expired_at, now).0);
    ui.add(
        egui::Label::new(t!(
            "created-valid-until",
            when = i18n::date_time(code.expired_at, now)
        ))
        .wrap(),
    );
    ui.add(egui::Label::new(RichText::new(relative).color(palette.muted)).truncate());
    if usable {
        ui.label(
            RichText::new(t!("created-copied"))
                .small()
                .color(palette.muted),
        );
    }
}

/// An extension whose old code still works says so, with a button to revoke it.
fn old_code_warning(ui: &mut Ui, account: AccountId, state: &AppState) -> Vec<Action> {
    let Some(old) = state.create.replaces.and_then(|id| state.code(id)) else {
        return Vec::new();
    };
    let mut choice = Vec::new();
    ui.add_space(space::XS);
    message_box(ui, Tone::Warning, |ui, color| {
        ui.add(
            egui::Label::new(
                RichText::new(t!(
                    "created-old-still-works",
                    old = crate::domain::shown_value(old)
                ))
                .color(color),
            )
            .wrap(),
        );
        if ui.button(t!("created-revoke-old")).clicked() {
            let key = CodeKey {
                account,
                id: old.id,
            };
            choice.push(Action::Show(Show::Question(Question::Revoke(vec![key]))));
        }
    });
    choice
}

/// The ways to hand the code over (copy, QR code, slip) and Extend.
#[allow(clippy::too_many_arguments)] // the panel's code, whose it is, and the user's QR choice
fn hand_over(
    ui: &mut Ui,
    account: AccountId,
    state: &AppState,
    code: &Code,
    now: DateTime<Utc>,
    usable: bool,
    show_qr: &mut bool,
) -> Vec<Action> {
    let key = CodeKey {
        account,
        id: code.id,
    };
    let mut choice = Vec::new();
    let message = message_of(state, code, now);
    ui.add_space(space::XS);
    ui.horizontal_wrapped(|ui| {
        copy_button(
            ui,
            usable,
            t!("copy-code"),
            code.code_value().unwrap_or_default(),
            false,
        );
        copy_button(ui, usable, t!("copy-message"), &message, false);
    });
    ui.add_enabled(
        usable || *show_qr,
        egui::Checkbox::new(show_qr, t!("show-qr")),
    );
    if *show_qr {
        let side = ui.available_width().min(200.0);
        qr_code(ui, &message, side, usable);
    }
    ui.horizontal_wrapped(|ui| {
        if let Some(command) = slip_menu(ui, state, code, now, usable) {
            choice.push(slip_action(key, command));
        }
        choice.extend(super::email::send_button(ui, key, usable));
        // A code still listed can be extended, expired or not.
        let listed = state.code(code.id).is_some_and(|listed| {
            super::handover::can_extend(CodeStatus::at(listed, now)) && listed.intercom.is_some()
        });
        if ui
            .add_enabled(listed, egui::Button::new(t!("extend")))
            .on_hover_text(t!("extend-hint"))
            .clicked()
        {
            choice.push(Action::Show(Show::Extend(key)));
        }
    });
    choice
}

/// What the panel says once the code no longer opens the door.
fn dead_code_warning(life: CodeLife) -> Option<String> {
    let time = |at: DateTime<Utc>| i18n::current().format_moment(at, "format-time");
    match life {
        CodeLife::Valid => None,
        CodeLife::Expired { at } => Some(t!("created-expired", time = time(at))),
        CodeLife::Revoked { at, here: true } => Some(t!("created-revoked", time = time(at))),
        CodeLife::Revoked { at, here: false } => {
            Some(t!("created-revoked-elsewhere", time = time(at)))
        }
        CodeLife::Removed { at } => Some(t!("created-removed", time = time(at))),
        CodeLife::Gone => Some(t!("created-gone").to_owned()),
    }
}
