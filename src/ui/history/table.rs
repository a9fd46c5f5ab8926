//! The journal's table: only the rows on screen are laid out, and only the pages they fall on are read.

use chrono::{DateTime, Utc};
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::{HistoryScreen, PAGE_ROWS};
use crate::i18n;
use crate::journal::{Entry, Kind, Outcome};
use crate::messages::Command;
use crate::t;
use crate::ui::theme;

const ROW_HEIGHT: f32 = 26.0;

/// Draws the table; answers the entry clicked, if any.
pub(super) fn show(
    ui: &mut Ui,
    screen: &mut HistoryScreen,
    now: DateTime<Utc>,
    commands: &mut Vec<Command>,
) -> Option<Entry> {
    screen.rows_drawn = 0;
    let total = screen.shown_total()?;
    if total == 0 {
        ui.add_space(20.0);
        ui.label(RichText::new(t!("history-empty")).color(theme::palette(ui).muted));
        return None;
    }
    // A click anywhere on a row opens its story: the labels must not take it for selecting text.
    ui.style_mut().interaction.selectable_labels = false;
    let mut clicked = None;
    let mut first_visible = None;
    let mut needed = Vec::new();
    let mut builder = TableBuilder::new(ui)
        .id_salt("history")
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::initial(150.0).at_least(110.0).clip(true))
        .column(Column::initial(150.0).at_least(90.0).clip(true))
        .column(Column::initial(130.0).at_least(80.0).clip(true))
        .column(Column::initial(110.0).at_least(70.0).clip(true))
        .column(Column::initial(80.0).at_least(60.0).clip(true))
        .column(Column::initial(150.0).at_least(60.0).clip(true))
        .column(Column::remainder().at_least(80.0).clip(true));
    if std::mem::take(&mut screen.scroll_to_top) {
        builder = builder.scroll_to_row(0, None);
    }
    let rows = usize::try_from(total).unwrap_or(usize::MAX);
    builder
        .header(22.0, |mut header| {
            for title in [
                t!("journal-column-time"),
                t!("journal-column-event"),
                t!("journal-column-who"),
                t!("journal-column-intercom"),
                t!("journal-column-code"),
                t!("journal-column-title"),
                t!("journal-column-details"),
            ] {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, rows, |mut row| {
                let index = row.index() as u64;
                first_visible = Some(first_visible.map_or(index, |first: u64| first.min(index)));
                screen.rows_drawn += 1;
                let Some(entry) = screen.rows.row(index) else {
                    needed.push(index / PAGE_ROWS);
                    row.col(|ui| {
                        ui.label(RichText::new("…").color(theme::palette(ui).muted));
                    });
                    return;
                };
                row.set_selected(screen.selected == Some(entry.id));
                row.col(|ui| {
                    ui.label(i18n::date_time(entry.at, now));
                });
                row.col(|ui| {
                    let color = match entry.outcome {
                        Outcome::Failed => theme::palette(ui).error,
                        Outcome::Ok if entry.kind == Kind::CodeCreated => theme::palette(ui).ok,
                        Outcome::Ok => ui.visuals().text_color(),
                    };
                    ui.label(RichText::new(event_text(entry)).color(color));
                });
                row.col(|ui| {
                    ui.label(who_text(entry)).on_hover_text(desk_text(entry));
                });
                row.col(|ui| {
                    ui.label(&entry.intercom);
                });
                row.col(|ui| {
                    ui.label(RichText::new(&entry.code).monospace());
                });
                row.col(|ui| {
                    ui.label(&entry.title);
                });
                row.col(|ui| {
                    let details = details_text(entry, now);
                    ui.label(RichText::new(&details).color(theme::palette(ui).muted))
                        .on_hover_text(details);
                });
                if row.response().clicked() {
                    clicked = Some(entry.clone());
                }
            });
        });
    let first = first_visible.unwrap_or(0);
    screen.first_visible = first;
    // The pages on screen, and the next one, so that scrolling on finds it read already.
    needed.push(first / PAGE_ROWS);
    if let Some(last) = needed.iter().max().copied()
        && (last + 1) * PAGE_ROWS < total
    {
        needed.push(last + 1);
    }
    needed.sort_unstable();
    needed.dedup();
    for page in needed {
        commands.extend(screen.rows.request(page));
    }
    clicked
}

/// "Code created", or "Code created — failed".
pub(super) fn event_text(entry: &Entry) -> String {
    match entry.outcome {
        Outcome::Ok => entry.kind.label().to_owned(),
        Outcome::Failed => t!("history-event-failed", event = entry.kind.label()),
    }
}

/// "This desk · anna" (who was at the computer), or how another desk's action was seen.
pub(super) fn who_text(entry: &Entry) -> String {
    if entry.origin.is_this_desk() && !entry.os_user.is_empty() {
        format!("{} · {}", entry.origin.label(), entry.os_user)
    } else {
        entry.origin.label().to_owned()
    }
}

/// The desk that wrote the line: the operating system's user and the device.
pub(super) fn desk_text(entry: &Entry) -> String {
    let device: String = entry.device_id.chars().take(8).collect();
    t!(
        "history-written-by",
        user = entry.os_user.clone(),
        device = device
    )
}

/// The server's answer, a gap's end, a code's expiry: whatever the line has to add.
pub(super) fn details_text(entry: &Entry, now: DateTime<Utc>) -> String {
    let mut parts = Vec::new();
    if let Some(until) = entry.until {
        parts.push(t!("history-until", time = i18n::date_time(until, now)));
    }
    if entry.kind == Kind::CodeCreated
        && entry.outcome == Outcome::Ok
        && let Some(expires) = entry.expires_at
    {
        parts.push(t!(
            "history-valid-until",
            time = i18n::date_time(expires, now)
        ));
    }
    if !entry.detail.is_empty() {
        parts.push(entry.detail.replace(['\n', '\r'], " "));
    }
    parts.join(" · ")
}
