//! The code just made, large, with ways to hand it over; and, the moment it stops working (revoked here or at
//! another desk, expired, removed by the server), a plain "do not hand out" with its digits, QR code and copy
//! buttons greyed out.

use chrono::{DateTime, Utc};
use egui::{RichText, Ui};

use super::theme::{self, space, text};
use super::widgets::{Tone, copy_button, displayable, message_box, qr_code};
use crate::state::{AppState, CodeLife};
use crate::{i18n, t};

/// Draws the panel when there is a code just made; `show_qr` is the user's choice, kept by the form.
pub fn created_panel(ui: &mut Ui, state: &AppState, now: DateTime<Utc>, show_qr: &mut bool) {
    let Some((code, life)) = state.created_life(now) else {
        return;
    };
    let palette = theme::palette(ui);
    let usable = life.is_valid();
    ui.add_space(space::M);
    egui::Frame::new()
        .fill(palette.surface)
        .stroke(egui::Stroke::new(1.0, palette.border))
        .corner_radius(theme::RADIUS)
        .inner_margin(egui::Margin::same(space::M as i8))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                RichText::new(t!("created-heading"))
                    .small()
                    .color(palette.muted),
            );
            ui.add(egui::Label::new(RichText::new(displayable(ui, &code.title)).strong()).wrap());
            ui.label(
                RichText::new(displayable(ui, &code.intercom.title))
                    .small()
                    .color(palette.muted),
            );
            if let Some(warning) = dead_code_warning(life) {
                ui.add_space(space::XS);
                message_box(ui, Tone::Error, |ui, color| {
                    ui.label(RichText::new(warning).color(color).strong())
                });
            }
            let mut digits = RichText::new(&code.code)
                .monospace()
                .size(text::CODE_LARGE)
                .strong();
            digits = if usable {
                digits.color(palette.ok)
            } else {
                digits.color(palette.muted).strikethrough()
            };
            ui.label(digits);
            let relative = i18n::relative(&crate::state::relative(code.expired_at, now).0);
            ui.label(t!(
                "created-valid-until",
                when = i18n::date_time(code.expired_at, now),
                relative = relative
            ));
            if usable {
                ui.label(
                    RichText::new(t!("created-copied"))
                        .small()
                        .color(palette.muted),
                );
            }
            let message = t!(
                "created-message",
                intercom = code.intercom.title.as_str(),
                code = code.code.as_str(),
                until = i18n::date_time(code.expired_at, now)
            );
            ui.add_space(space::XS);
            ui.horizontal_wrapped(|ui| {
                copy_button(ui, usable, t!("copy-code"), &code.code, false);
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
        });
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
