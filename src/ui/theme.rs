//! The look of Visitor Desk in one place: the colours of a light and a dark theme, a type scale, spacing and
//! corner radii (design tokens, as rerun's `re_ui` keeps them). Screens take colours from [`palette`] and sizes
//! from here, never literal values, so both themes and every window size stay consistent.

use egui::{
    Color32, CornerRadius, FontFamily, FontId, Margin, Stroke, Style, TextStyle, Theme, Visuals,
};

/// Text sizes, in points. Nothing on screen is smaller than [`text::MIN`]: addresses, countdowns and removal
/// dates are read at arm's length, at a desk.
pub mod text {
    /// The smallest text anywhere.
    pub const MIN: f32 = 12.0;
    /// Secondary lines: addresses, countdowns, hints, field errors.
    pub const SMALL: f32 = 12.5;
    pub const BODY: f32 = 14.0;
    pub const MONO: f32 = 14.0;
    pub const HEADING: f32 = 19.0;
    /// A code's digits in the list.
    pub const CODE: f32 = 18.0;
    /// The code just made, read out to a visitor.
    pub const CODE_LARGE: f32 = 44.0;
}

/// Gaps, in points: every space on screen is one of these.
pub mod space {
    pub const XS: f32 = 4.0;
    pub const S: f32 = 8.0;
    pub const M: f32 = 12.0;
    pub const L: f32 = 16.0;
    pub const XL: f32 = 24.0;
}

/// The corner radius of buttons, fields and cards.
pub const RADIUS: u8 = 6;

/// The colours of one theme. Status colours keep a contrast of at least 4.5:1 (WCAG AA) against the panels and
/// the table's stripes of their own theme.
#[derive(Debug)]
pub struct Palette {
    pub dark: bool,
    /// The primary action (Create code, Sign in), and what is selected.
    pub accent: Color32,
    pub accent_hover: Color32,
    /// Text on `accent`.
    pub on_accent: Color32,
    /// Behind a selected row or choice.
    pub selection: Color32,
    pub ok: Color32,
    pub warning: Color32,
    pub error: Color32,
    pub text: Color32,
    pub strong_text: Color32,
    /// Secondary text: addresses, countdowns, hints.
    pub muted: Color32,
    /// Every panel's background.
    pub panel: Color32,
    /// The side panels, a step away from the central one.
    pub side_panel: Color32,
    /// Text fields.
    pub field: Color32,
    /// Cards (the code just made), toasts, dialogs.
    pub surface: Color32,
    pub border: Color32,
    /// Every other row of the table.
    pub stripe: Color32,
    pub button: Color32,
    pub button_hover: Color32,
    pub button_active: Color32,
    /// Behind a warning or an error.
    pub warning_bg: Color32,
    pub error_bg: Color32,
}

pub const LIGHT: Palette = Palette {
    dark: false,
    accent: Color32::from_rgb(0x1a, 0x5f, 0xd0),
    accent_hover: Color32::from_rgb(0x15, 0x4f, 0xb0),
    on_accent: Color32::WHITE,
    selection: Color32::from_rgb(0xd6, 0xe4, 0xfb),
    ok: Color32::from_rgb(0x15, 0x73, 0x3e),
    warning: Color32::from_rgb(0x8f, 0x52, 0x00),
    error: Color32::from_rgb(0xb4, 0x23, 0x1f),
    text: Color32::from_rgb(0x1f, 0x23, 0x28),
    strong_text: Color32::from_rgb(0x0b, 0x0d, 0x10),
    muted: Color32::from_rgb(0x55, 0x5e, 0x69),
    panel: Color32::from_rgb(0xfb, 0xfb, 0xfc),
    side_panel: Color32::from_rgb(0xf1, 0xf3, 0xf5),
    field: Color32::WHITE,
    surface: Color32::WHITE,
    border: Color32::from_rgb(0xcf, 0xd4, 0xda),
    stripe: Color32::from_rgb(0xf0, 0xf2, 0xf5),
    button: Color32::from_rgb(0xe4, 0xe7, 0xeb),
    button_hover: Color32::from_rgb(0xd8, 0xdc, 0xe2),
    button_active: Color32::from_rgb(0xc9, 0xcf, 0xd6),
    warning_bg: Color32::from_rgb(0xfd, 0xf1, 0xdc),
    error_bg: Color32::from_rgb(0xfc, 0xe8, 0xe6),
};

pub const DARK: Palette = Palette {
    dark: true,
    accent: Color32::from_rgb(0x2a, 0x67, 0xcf),
    accent_hover: Color32::from_rgb(0x35, 0x76, 0xe0),
    on_accent: Color32::WHITE,
    selection: Color32::from_rgb(0x24, 0x3b, 0x63),
    ok: Color32::from_rgb(0x5c, 0xcb, 0x8e),
    warning: Color32::from_rgb(0xf0, 0xb4, 0x5a),
    error: Color32::from_rgb(0xff, 0x85, 0x7c),
    text: Color32::from_rgb(0xd8, 0xdc, 0xe2),
    strong_text: Color32::WHITE,
    muted: Color32::from_rgb(0xa0, 0xa8, 0xb2),
    panel: Color32::from_rgb(0x17, 0x19, 0x1c),
    side_panel: Color32::from_rgb(0x1e, 0x21, 0x25),
    field: Color32::from_rgb(0x11, 0x13, 0x15),
    surface: Color32::from_rgb(0x24, 0x28, 0x2d),
    border: Color32::from_rgb(0x3a, 0x40, 0x47),
    stripe: Color32::from_rgb(0x1e, 0x21, 0x25),
    button: Color32::from_rgb(0x2e, 0x33, 0x39),
    button_hover: Color32::from_rgb(0x3a, 0x40, 0x47),
    button_active: Color32::from_rgb(0x46, 0x4d, 0x55),
    warning_bg: Color32::from_rgb(0x3a, 0x2d, 0x14),
    error_bg: Color32::from_rgb(0x40, 0x1f, 0x1d),
};

/// The palette of the theme `ui` is drawn in.
pub fn palette(ui: &egui::Ui) -> &'static Palette {
    if ui.visuals().dark_mode {
        &DARK
    } else {
        &LIGHT
    }
}

/// The palette of the theme in use.
pub fn palette_of(ctx: &egui::Context) -> &'static Palette {
    match ctx.theme() {
        Theme::Dark => &DARK,
        Theme::Light => &LIGHT,
    }
}

/// Installs both themes' styles; egui picks one by the theme preference (the system's by default).
pub fn install(ctx: &egui::Context) {
    ctx.set_style_of(Theme::Light, style(&LIGHT));
    ctx.set_style_of(Theme::Dark, style(&DARK));
}

fn style(palette: &Palette) -> Style {
    let mut style = Style {
        visuals: visuals(palette),
        ..Style::default()
    };
    style.text_styles = [
        (
            TextStyle::Small,
            FontId::new(text::SMALL, FontFamily::Proportional),
        ),
        (
            TextStyle::Body,
            FontId::new(text::BODY, FontFamily::Proportional),
        ),
        (
            TextStyle::Button,
            FontId::new(text::BODY, FontFamily::Proportional),
        ),
        (
            TextStyle::Monospace,
            FontId::new(text::MONO, FontFamily::Monospace),
        ),
        (
            TextStyle::Heading,
            FontId::new(text::HEADING, FontFamily::Proportional),
        ),
    ]
    .into();
    let spacing = &mut style.spacing;
    spacing.item_spacing = egui::vec2(space::S, 6.0);
    spacing.button_padding = egui::vec2(10.0, 4.0);
    spacing.interact_size.y = 24.0;
    spacing.window_margin = Margin::same(space::L as i8);
    spacing.menu_margin = Margin::same(space::S as i8);
    spacing.indent = space::L;
    style
}

fn visuals(palette: &Palette) -> Visuals {
    let mut visuals = if palette.dark {
        Visuals::dark()
    } else {
        Visuals::light()
    };
    let radius = CornerRadius::same(RADIUS);
    visuals.panel_fill = palette.panel;
    visuals.window_fill = palette.surface;
    visuals.window_stroke = Stroke::new(1.0, palette.border);
    visuals.window_corner_radius = CornerRadius::same(RADIUS + 2);
    visuals.menu_corner_radius = radius;
    visuals.extreme_bg_color = palette.field;
    visuals.text_edit_bg_color = Some(palette.field);
    visuals.faint_bg_color = palette.stripe;
    visuals.code_bg_color = palette.stripe;
    visuals.hyperlink_color = palette.accent;
    visuals.warn_fg_color = palette.warning;
    visuals.error_fg_color = palette.error;
    visuals.override_text_color = None;
    visuals.selection.bg_fill = palette.selection;
    visuals.selection.stroke = Stroke::new(1.0, palette.accent);
    visuals.text_cursor.stroke = Stroke::new(2.0, palette.accent);

    let widgets = &mut visuals.widgets;
    widgets.noninteractive.fg_stroke = Stroke::new(1.0, palette.text);
    widgets.noninteractive.bg_stroke = Stroke::new(1.0, palette.border);
    widgets.noninteractive.bg_fill = palette.surface;
    widgets.noninteractive.weak_bg_fill = palette.surface;
    for (state, fill) in [
        (&mut widgets.inactive, palette.button),
        (&mut widgets.hovered, palette.button_hover),
        (&mut widgets.active, palette.button_active),
        (&mut widgets.open, palette.button_hover),
    ] {
        state.bg_fill = fill;
        state.weak_bg_fill = fill;
        state.corner_radius = radius;
        state.fg_stroke = Stroke::new(1.0, palette.strong_text);
    }
    widgets.noninteractive.corner_radius = radius;
    widgets.inactive.bg_stroke = Stroke::new(1.0, palette.border);
    widgets.hovered.bg_stroke = Stroke::new(1.0, palette.accent);
    widgets.active.bg_stroke = Stroke::new(1.0, palette.accent);
    visuals
}

/// The contrast ratio of two colours as WCAG 2 defines it (1 to 21).
pub fn contrast(a: Color32, b: Color32) -> f32 {
    fn luminance(color: Color32) -> f32 {
        let channel = |c: u8| {
            let c = f32::from(c) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(color.r()) + 0.7152 * channel(color.g()) + 0.0722 * channel(color.b())
    }
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_colour_reads_on_every_background_of_its_theme() {
        for palette in [&LIGHT, &DARK] {
            for (name, color) in [
                ("ok", palette.ok),
                ("warning", palette.warning),
                ("error", palette.error),
                ("muted", palette.muted),
                ("text", palette.text),
            ] {
                for (ground, background) in [
                    ("panel", palette.panel),
                    ("side panel", palette.side_panel),
                    ("stripe", palette.stripe),
                    ("surface", palette.surface),
                ] {
                    let ratio = contrast(color, background);
                    assert!(
                        ratio >= 4.5,
                        "{name} on {ground} (dark: {}): {ratio:.2}",
                        palette.dark
                    );
                }
            }
            for (name, background) in [
                ("warning box", palette.warning_bg),
                ("error box", palette.error_bg),
            ] {
                let color = if name == "warning box" {
                    palette.warning
                } else {
                    palette.error
                };
                assert!(contrast(color, background) >= 4.5, "{name}");
            }
            assert!(contrast(palette.on_accent, palette.accent) >= 4.5);
        }
    }
}
