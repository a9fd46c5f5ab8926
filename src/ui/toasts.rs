//! Notices for the user: small cards at the bottom right of the codes (of the window on other screens), so
//! they never cover the top bar's buttons nor the new-code panel, where the next thing to click is. Each is a label (screen readers and tests read it) and a live region (announced as it
//! appears: an error at once), takes the theme's colours, and goes away by
//! the app's clock (errors stay longer, and any can be dismissed).

use chrono::{DateTime, TimeDelta, Utc};
use egui::{Align2, Id, Order};

use super::a11y::{self, Urgency};
use super::theme::{self, space};
use super::widgets::displayable;
use crate::state::{Notice, NoticeKind};
use crate::t;

/// How long a notice stays.
const INFO_FOR: TimeDelta = TimeDelta::seconds(8);
const ERROR_FOR: TimeDelta = TimeDelta::seconds(15);
/// The most notices shown at once (the oldest go first).
const MOST: usize = 4;
/// The most lines a notice's text takes (a 255-character title would take half the table).
const LINES: usize = 3;
/// How far above the window's bottom edge the notices stand (clear of the status bar).
const ABOVE_BOTTOM: f32 = 44.0;
const WIDTH: f32 = 340.0;

fn area_id() -> Id {
    Id::unique("visitor-desk-toasts")
}

/// The layer the notices are drawn on (the main screen's Tab goes on to their buttons).
pub fn layer() -> egui::LayerId {
    egui::LayerId::new(Order::Foreground, area_id())
}

#[derive(Debug, Default)]
pub struct Toasts {
    shown: Vec<Shown>,
    next_id: u64,
}

#[derive(Debug)]
struct Shown {
    id: u64,
    notice: Notice,
    until: DateTime<Utc>,
}

impl Toasts {
    pub fn push(&mut self, notice: Notice, now: DateTime<Utc>) {
        let stay = match notice.kind {
            NoticeKind::Info => INFO_FOR,
            NoticeKind::Error => ERROR_FOR,
        };
        self.next_id += 1;
        self.shown.push(Shown {
            id: self.next_id,
            notice,
            until: now + stay,
        });
        if self.shown.len() > MOST {
            self.shown.remove(0);
        }
    }

    /// When the next notice goes away.
    pub fn next_change(&self) -> Option<DateTime<Utc>> {
        self.shown.iter().map(|shown| shown.until).min()
    }

    /// Shows the notices at the bottom right of `over` (the codes' area), or of the window without one.
    pub fn show(&mut self, ctx: &egui::Context, now: DateTime<Utc>, over: Option<egui::Rect>) {
        self.shown.retain(|shown| shown.until > now);
        if self.shown.is_empty() {
            return;
        }
        let palette = theme::palette_of(ctx);
        let mut dismissed = None;
        let window = ctx.content_rect();
        let (corner, room) = match over {
            Some(area) => (
                area.right_bottom() - egui::vec2(space::M, space::M),
                area.width(),
            ),
            None => (
                window.right_bottom() - egui::vec2(space::M, ABOVE_BOTTOM),
                window.width(),
            ),
        };
        egui::Area::new(area_id())
            .pivot(Align2::RIGHT_BOTTOM)
            .fixed_pos(corner)
            .order(Order::Foreground)
            .interactable(true)
            .show(ctx, |ui| {
                ui.set_max_width(WIDTH.min(room - 2.0 * space::M));
                for shown in &self.shown {
                    let (accent, urgency) = match shown.notice.kind {
                        NoticeKind::Info => (palette.accent, Urgency::Polite),
                        NoticeKind::Error => (palette.error, Urgency::Assertive),
                    };
                    // Each notice its own node (by its number): a screen reader announces it when it appears, the
                    // same words twice included.
                    ui.push_id(shown.id, |ui| {
                        egui::Frame::new()
                            .fill(palette.surface)
                            .stroke(egui::Stroke::new(1.0, accent))
                            .corner_radius(theme::RADIUS)
                            .shadow(ui.visuals().popup_shadow)
                            .inner_margin(egui::Margin::symmetric(space::M as i8, space::S as i8))
                            .show(ui, |ui| {
                                ui.horizontal_top(|ui| {
                                    let close = ui.small_button("×").on_hover_text(t!("dismiss"));
                                    close.widget_info(|| {
                                        egui::WidgetInfo::labeled(
                                            egui::Role::Button,
                                            true,
                                            t!("dismiss"),
                                        )
                                    });
                                    if close.clicked() {
                                        dismissed = Some(shown.id);
                                    }
                                    // Notices name codes and intercoms as the server wrote them, a title up
                                    // to 255 characters: cut to a few lines, whole on hover.
                                    let text = displayable(ui, &shown.notice.text).into_owned();
                                    let (label, cut) = few_lines(ui, &text, palette.text);
                                    if !shown.notice.said_apart {
                                        a11y::live(ui.ctx(), label.id, urgency);
                                    }
                                    let hover = match (cut, &shown.notice.detail) {
                                        (true, Some(detail)) => Some(format!("{text}\n\n{detail}")),
                                        (true, None) => Some(text),
                                        (false, detail) => detail.clone(),
                                    };
                                    if let Some(hover) = hover {
                                        label.on_hover_text(hover);
                                    }
                                });
                            });
                    });
                    ui.add_space(space::XS);
                }
            });
        if let Some(id) = dismissed {
            self.shown.retain(|shown| shown.id != id);
        }
    }
}

/// `text` wrapped to the width there is, in at most [`LINES`] lines (the last ending in "…" when it is cut); answers
/// the label and whether it was cut.
fn few_lines(ui: &mut egui::Ui, text: &str, color: egui::Color32) -> (egui::Response, bool) {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let mut job = egui::text::LayoutJob::single_section(
        text.to_owned(),
        egui::TextFormat::simple(font, color),
    );
    job.wrap = egui::text::TextWrapping {
        max_width: ui.available_width(),
        max_rows: LINES,
        break_anywhere: false,
        overflow_character: Some('…'),
    };
    let galley = ui.fonts_mut(|fonts| fonts.layout_job(job));
    let cut = galley.elided;
    // Its own tooltip when cut (the whole text, and the detail), not egui's.
    let label = egui::Label::new(galley).show_tooltip_when_elided(false);
    (ui.add(label), cut)
}
