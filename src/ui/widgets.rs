//! Small pieces several screens share.

use egui::{Color32, RichText, Ui};

pub const ERROR_COLOR: Color32 = Color32::from_rgb(0xd9, 0x3f, 0x3f);
pub const WARNING_COLOR: Color32 = Color32::from_rgb(0xd9, 0x8c, 0x1f);
pub const OK_COLOR: Color32 = Color32::from_rgb(0x2e, 0x9e, 0x5b);
pub const MUTED_COLOR: Color32 = Color32::from_gray(0x8a);

/// The reasons under a field, in the error colour.
pub fn field_errors(ui: &mut Ui, reasons: &[String]) {
    for reason in reasons {
        ui.label(RichText::new(reason).color(ERROR_COLOR).small());
    }
}

/// A label and a single-line text field tied to it, so that screen readers (and tests) find the field by
/// its label.
pub fn labelled_text_edit(ui: &mut Ui, label: &str, edit: egui::TextEdit<'_>) -> egui::Response {
    let label = ui.label(label);
    ui.add(edit).labelled_by(label.id)
}

/// A small filled (or hollow) dot before a status text; drawn, so it needs no glyph from any font.
pub fn status_dot(ui: &mut Ui, color: Color32, filled: bool) {
    let size = ui.text_style_height(&egui::TextStyle::Small);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(size, size), egui::Sense::hover());
    let radius = size * 0.3;
    if filled {
        ui.painter().circle_filled(rect.center(), radius, color);
    } else {
        ui.painter()
            .circle_stroke(rect.center(), radius, egui::Stroke::new(1.2, color));
    }
}

/// `text` as a QR code, `side` points wide, drawn module by module (with the quiet zone the standard asks for).
pub fn qr_code(ui: &mut Ui, text: &str, side: f32) {
    let Ok(code) = qrcode::QrCode::new(text.as_bytes()) else {
        ui.label(RichText::new("Too long for a QR code").color(MUTED_COLOR));
        return;
    };
    const QUIET_ZONE: usize = 4;
    let width = code.width();
    let modules = width + 2 * QUIET_ZONE;
    let (rect, _) = ui.allocate_exact_size(egui::vec2(side, side), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, Color32::WHITE);
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
                Color32::BLACK,
            );
        }
    }
}
