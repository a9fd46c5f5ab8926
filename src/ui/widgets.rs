//! Small pieces several screens share.

use std::borrow::Cow;

use egui::{Color32, FontId, RichText, TextStyle, Ui};

use super::theme::{self, Palette, space};
use crate::t;

/// How long a Copy button says "Copied".
const COPIED_FOR: f64 = 2.0;

/// The reasons under a field, in the error colour.
pub fn field_errors(ui: &mut Ui, reasons: &[String]) {
    let color = theme::palette(ui).error;
    for reason in reasons {
        ui.label(RichText::new(reason).color(color).small());
    }
}

/// A label and a single-line text field tied to it, so that screen readers (and tests) find the field by
/// its label.
pub fn labelled_text_edit(ui: &mut Ui, label: &str, edit: egui::TextEdit<'_>) -> egui::Response {
    let label = ui.label(label);
    ui.add(edit).labelled_by(label.id)
}

/// The primary action of a screen, in the accent colour.
pub fn primary_button(ui: &mut Ui, enabled: bool, text: &str) -> egui::Response {
    let palette = theme::palette(ui);
    let button = egui::Button::new(RichText::new(text).color(palette.on_accent).strong())
        .fill(palette.accent)
        .min_size(egui::vec2(0.0, 28.0));
    ui.scope(|ui| {
        let hovered = &mut ui.visuals_mut().widgets.hovered;
        hovered.weak_bg_fill = palette.accent_hover;
        hovered.bg_fill = palette.accent_hover;
        ui.add_enabled(enabled, button)
    })
    .inner
}

/// A button that copies `text` and then says "Copied" for a moment.
pub fn copy_button(
    ui: &mut Ui,
    enabled: bool,
    label: &str,
    text: &str,
    small: bool,
) -> egui::Response {
    copy_button_sensing(ui, enabled, label, text, small, egui::Sense::click())
}

/// [`copy_button`] in a table's row: small, and no Tab stop of its own (the focused row copies with Ctrl+C). `name`
/// is what a screen reader calls it until it says "Copied" (which code it copies: it meets a column of these).
pub fn row_copy_button(
    ui: &mut Ui,
    enabled: bool,
    label: &str,
    name: &str,
    text: &str,
) -> egui::Response {
    let response = copy_button_sensing(ui, enabled, label, text, true, egui::Sense::CLICK);
    if !showing_copied(ui, label, text) {
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, name));
    }
    response
}

/// Whether the copy button of `label` for `text` says "Copied" now.
fn showing_copied(ui: &Ui, label: &str, text: &str) -> bool {
    let id = ui.make_persistent_id(("copy", label, text));
    let time = ui.input(|input| input.time);
    let copied_at: Option<f64> = ui.data(|data| data.get_temp(id));
    copied_at.is_some_and(|at| time - at < COPIED_FOR)
}

fn copy_button_sensing(
    ui: &mut Ui,
    enabled: bool,
    label: &str,
    text: &str,
    small: bool,
    sense: egui::Sense,
) -> egui::Response {
    // Its own: two copy buttons side by side (the code, the message) each say "Copied" only when clicked.
    let id = ui.make_persistent_id(("copy", label, text));
    let time = ui.input(|input| input.time);
    let copied_at: Option<f64> = ui.data(|data| data.get_temp(id));
    let showing_copied = copied_at.is_some_and(|at| time - at < COPIED_FOR);
    let shown = if showing_copied { t!("copied") } else { label };
    let mut text_shown = RichText::new(shown);
    if small {
        text_shown = text_shown.small();
    }
    let response = ui.add_enabled(enabled, egui::Button::new(text_shown).sense(sense));
    if response.clicked() {
        ui.ctx().copy_text(text.to_owned());
        ui.data_mut(|data| data.insert_temp(id, time));
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs_f64(COPIED_FOR));
    } else if let Some(at) = copied_at.filter(|_| showing_copied) {
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs_f64(COPIED_FOR - (time - at)));
    }
    response
}

/// How wide `text` is in a text style, for layouts that choose before they draw.
pub fn text_width(ui: &Ui, text: &str, style: TextStyle) -> f32 {
    let font = style.resolve(ui.style());
    ui.fonts_mut(|fonts| {
        fonts
            .layout_no_wrap(text.to_owned(), font, Color32::WHITE)
            .size()
            .x
    })
}

/// A small filled (or hollow) dot before a status text; drawn, so it needs no glyph from any font.
pub fn status_dot(ui: &mut Ui, color: Color32, filled: bool) {
    let size = ui.text_style_height(&TextStyle::Small);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(size, size), egui::Sense::hover());
    let radius = size * 0.3;
    if filled {
        ui.painter().circle_filled(rect.center(), radius, color);
    } else {
        ui.painter()
            .circle_stroke(rect.center(), radius, egui::Stroke::new(1.5, color));
    }
}

/// How serious a message box is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Warning,
    Error,
}

/// A message in a tinted box, where the user is looking (a form's refusal, a dead code's warning).
pub fn message_box<R>(
    ui: &mut Ui,
    tone: Tone,
    add_contents: impl FnOnce(&mut Ui, Color32) -> R,
) -> R {
    let palette = theme::palette(ui);
    let (fill, color) = match tone {
        Tone::Warning => (palette.warning_bg, palette.warning),
        Tone::Error => (palette.error_bg, palette.error),
    };
    egui::Frame::new()
        .fill(fill)
        .stroke(egui::Stroke::new(1.0, color.gamma_multiply(0.5)))
        .corner_radius(theme::RADIUS)
        .inner_margin(egui::Margin::symmetric(space::M as i8, space::S as i8))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            add_contents(ui, color)
        })
        .inner
}

/// A technical reason behind a "Details" toggle, for whoever has to fix it.
pub fn details(ui: &mut Ui, id_salt: &str, detail: &str) {
    egui::CollapsingHeader::new(RichText::new(t!("details")).small())
        .id_salt(id_salt)
        .show(ui, |ui| {
            ui.add(egui::Label::new(RichText::new(detail).small().weak()).wrap());
        });
}

/// Text from the server as the fonts can draw it: a character no font has (a newer emoji, say) becomes a clean
/// replacement mark instead of an empty box.
pub fn displayable<'a>(ui: &Ui, text: &'a str) -> Cow<'a, str> {
    displayable_in(ui.ctx(), text)
}

/// [`displayable`] where there is a context but no `Ui` at hand.
pub fn displayable_in<'a>(ctx: &egui::Context, text: &'a str) -> Cow<'a, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let font = FontId::proportional(theme::text::BODY);
    ctx.fonts_mut(|fonts| {
        let mut missing = |c: char| !c.is_control() && !fonts.has_glyph(&font, c);
        if !text.chars().any(&mut missing) {
            return Cow::Borrowed(text);
        }
        let replacement = if missing(REPLACEMENT) {
            '?'
        } else {
            REPLACEMENT
        };
        // Joiners and variation selectors only glue emoji together: without the emoji they mean nothing.
        Cow::Owned(
            text.chars()
                .filter(|c| !matches!(c, '\u{200d}' | '\u{fe0e}' | '\u{fe0f}'))
                .map(|c| if missing(c) { replacement } else { c })
                .collect(),
        )
    })
}

/// What stands for a character the fonts lack.
const REPLACEMENT: char = '\u{fffd}';

/// `text` as a QR code, `side` points wide, drawn module by module (with the quiet zone the standard asks for).
/// A code that no longer works is drawn faded and veiled, so that no phone reads it.
pub fn qr_code(ui: &mut Ui, text: &str, side: f32, usable: bool) {
    let palette: &Palette = theme::palette(ui);
    let Ok(code) = qrcode::QrCode::new(text.as_bytes()) else {
        ui.label(RichText::new(t!("qr-too-long")).color(palette.muted));
        return;
    };
    const QUIET_ZONE: usize = 4;
    let width = code.width();
    let modules = width + 2 * QUIET_ZONE;
    let (rect, response) = ui.allocate_exact_size(egui::vec2(side, side), egui::Sense::hover());
    let label = if usable {
        t!("qr-code")
    } else {
        t!("qr-code-void")
    };
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, label));
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, Color32::WHITE);
    let dark = if usable {
        Color32::BLACK
    } else {
        Color32::from_gray(0xc8)
    };
    let step = side / modules as f32;
    for (index, color) in code.to_colors().into_iter().enumerate() {
        if color == qrcode::Color::Dark {
            let (x, y) = (
                (index % width + QUIET_ZONE) as f32,
                (index / width + QUIET_ZONE) as f32,
            );
            let min = rect.min + egui::vec2(x * step, y * step);
            painter.rect_filled(
                egui::Rect::from_min_size(min, egui::vec2(step, step)),
                0.0,
                dark,
            );
        }
    }
    if !usable {
        painter.rect_filled(rect, 0.0, palette.panel.gamma_multiply(0.6));
        let stroke = egui::Stroke::new(3.0, palette.error);
        painter.line_segment([rect.left_top(), rect.right_bottom()], stroke);
        painter.line_segment([rect.right_top(), rect.left_bottom()], stroke);
    }
}

/// A dialog's field that takes the keyboard as the dialog opens: asked for in its first two frames, as the click
/// that opened it may take the focus away at the end of the first.
#[derive(Debug, Default, Clone, Copy)]
pub struct FocusOnOpen {
    frames: u8,
}

impl FocusOnOpen {
    /// Whether this frame asks for the focus (counted as drawn).
    pub fn ask(&mut self) -> bool {
        let asking = self.frames < 2;
        self.frames = self.frames.saturating_add(1).min(2);
        asking
    }
}

/// A labelled choice among the open accounts, by their names as the window shows them; answers the one chosen
/// (`current` until another is picked).
pub fn account_choice(
    ui: &mut Ui,
    id_salt: &str,
    label: &str,
    accounts: &crate::accounts::Accounts,
    current: crate::accounts::AccountId,
) -> crate::accounts::AccountId {
    let label = ui.label(label);
    let mut chosen = current;
    egui::ComboBox::from_id_salt(id_salt)
        .selected_text(displayable(ui, &accounts.name(current)).into_owned())
        .show_ui(ui, |ui| {
            for account in accounts.open() {
                let name = displayable(ui, &account.name()).into_owned();
                ui.selectable_value(&mut chosen, account.id, name);
            }
        })
        .response
        .labelled_by(label.id);
    chosen
}
