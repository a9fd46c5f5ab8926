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

/// How thick the keyboard's focus ring is, in points.
pub const FOCUS_WIDTH: f32 = 2.0;

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
    /// The keyboard's focus ring, and the text of a selected row or choice (on `selection`): at least 3:1 against
    /// every background it rings, 4.5:1 on `selection`.
    pub focus: Color32,
    /// Links.
    pub link: Color32,
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
    focus: Color32::from_rgb(0x15, 0x4f, 0xb0),
    link: Color32::from_rgb(0x1a, 0x5f, 0xd0),
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
    // Darker, not lighter, under the pointer: white on a lighter blue fell under 4.5:1.
    accent_hover: Color32::from_rgb(0x25, 0x60, 0xc4),
    on_accent: Color32::WHITE,
    selection: Color32::from_rgb(0x24, 0x3b, 0x63),
    // The accent read 2.1:1 as a selected row's text and 3.3:1 as a link on the panel: a lighter blue does both.
    focus: Color32::from_rgb(0x9c, 0xc2, 0xff),
    link: Color32::from_rgb(0x9c, 0xc2, 0xff),
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
    visuals.hyperlink_color = palette.link;
    visuals.warn_fg_color = palette.warning;
    visuals.error_fg_color = palette.error;
    visuals.override_text_color = None;
    visuals.selection.bg_fill = palette.selection;
    // A focused field's ring, and a selected row's or choice's text.
    visuals.selection.stroke = Stroke::new(FOCUS_WIDTH, palette.focus);
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
    // egui draws the widget with the keyboard's focus as `active`: its ring is the focus colour, thick enough to
    // see at a glance.
    widgets.active.bg_stroke = Stroke::new(FOCUS_WIDTH, palette.focus);
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

    /// WCAG AA from the look egui draws with, not only the palette: every text on what it is drawn on is 4.5:1,
    /// the keyboard's focus ring 3:1 against what it rings and what is around it (non-text contrast).
    #[test]
    fn the_look_drawn_meets_wcag_aa_in_both_themes() {
        for palette in [&LIGHT, &DARK] {
            let theme = if palette.dark { "dark" } else { "light" };
            let visuals = visuals(palette);
            let text = |name: &str, color: Color32, ground: Color32| {
                let ratio = contrast(color, ground);
                assert!(ratio >= 4.5, "{theme}: {name}: {ratio:.2}:1");
            };
            let widgets = &visuals.widgets;
            for (state, look) in [
                ("button", &widgets.inactive),
                ("button under the pointer", &widgets.hovered),
                ("button pressed or focused", &widgets.active),
                ("open menu's button", &widgets.open),
            ] {
                text(state, look.fg_stroke.color, look.weak_bg_fill);
                text(state, look.fg_stroke.color, look.bg_fill);
            }
            text(
                "label",
                widgets.noninteractive.fg_stroke.color,
                visuals.panel_fill,
            );
            text(
                "label on a card",
                widgets.noninteractive.fg_stroke.color,
                visuals.window_fill,
            );
            let field = visuals
                .text_edit_bg_color
                .unwrap_or(visuals.extreme_bg_color);
            text("typed text", palette.text, field);
            text("hint in a field", palette.muted, field);
            text(
                "selected row's text",
                visuals.selection.stroke.color,
                visuals.selection.bg_fill,
            );
            text(
                "text on a selection",
                palette.text,
                visuals.selection.bg_fill,
            );
            text("link", visuals.hyperlink_color, visuals.panel_fill);
            text(
                "link on a card",
                visuals.hyperlink_color,
                visuals.window_fill,
            );
            text("primary button", palette.on_accent, palette.accent);
            text(
                "primary button under the pointer",
                palette.on_accent,
                palette.accent_hover,
            );

            let ring = widgets.active.bg_stroke;
            assert!(ring.width >= FOCUS_WIDTH, "{theme}: the focus ring is thin");
            for (ground, color) in [
                ("the focused button", widgets.active.weak_bg_fill),
                ("the panel", visuals.panel_fill),
                ("the side panel", palette.side_panel),
                ("a card", visuals.window_fill),
                ("a stripe", palette.stripe),
            ] {
                let ratio = contrast(ring.color, color);
                assert!(
                    ratio >= 3.0,
                    "{theme}: focus ring on {ground}: {ratio:.2}:1"
                );
            }
            let field_ring = contrast(visuals.selection.stroke.color, field);
            assert!(
                field_ring >= 3.0,
                "{theme}: focused field's ring: {field_ring:.2}:1"
            );
        }
    }
}
