//! The journal's table: only the rows on screen are laid out, and only the pages they fall on are read. Its
//! columns fit their texts (the time, the event, the code, who, measured in the language in use); the intercom and
//! the title share what is left with the details. Who comes last: in a narrow window the table scrolls sideways to
//! it, while what happened, where, to which code and why stays in view.

use chrono::{DateTime, Utc};
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::HistoryScreen;
use crate::i18n;
use crate::journal::{Entry, Kind, Origin, Outcome};
use crate::messages::Command;
use crate::state::{History, PAGE_ROWS};
use crate::t;
use crate::ui::theme;

const ROW_HEIGHT: f32 = 26.0;

/// Draws the table; answers the entry clicked, if any.
pub(super) fn show(
    ui: &mut Ui,
    screen: &mut HistoryScreen,
    history: &History,
    now: DateTime<Utc>,
    commands: &mut Vec<Command>,
) -> Option<Entry> {
    screen.rows_drawn = 0;
    let total = history.shown_total()?;
    if total == 0 {
        ui.add_space(20.0);
        ui.label(RichText::new(t!("history-empty")).color(theme::palette(ui).muted));
        return None;
    }
    let widths = Widths::fit(ui, now);
    let mut clicked = None;
    egui::ScrollArea::horizontal()
        .id_salt("history-sideways")
        .show(ui, |ui| {
            ui.set_width(widths.total(ui).max(ui.available_width()));
            clicked = rows(ui, screen, history, now, commands, total, &widths);
        });
    clicked
}

/// The columns' widths: what their texts take, and shares of what is left.
struct Widths {
    time: f32,
    event: f32,
    who: f32,
    intercom: f32,
    code: f32,
    title: f32,
    details: f32,
}

impl Widths {
    fn fit(ui: &Ui, now: DateTime<Utc>) -> Self {
        let body = |text: &str| crate::ui::widgets::text_width(ui, text, egui::TextStyle::Body);
        let pad = 2.0 * crate::ui::theme::space::S;
        // A time of every month (their names differ in length), as the rows write them.
        let time = (0..12)
            .map(|k| body(&i18n::date_time(now - chrono::TimeDelta::days(31 * k), now)))
            .fold(0.0, f32::max);
        // Every event as it reads, and "…: failed" of those this desk may ask for and be refused.
        let failable = [
            Kind::SignIn,
            Kind::CodeCreated,
            Kind::CodeRevoked,
            Kind::DoorOpened,
        ];
        let event = Kind::ALL
            .into_iter()
            .map(|kind| body(kind.label()))
            .chain(
                failable
                    .into_iter()
                    .map(|kind| body(&t!("history-event-failed", event = kind.label()))),
            )
            .fold(0.0, f32::max);
        // Who, with a computer user's name of a usual length.
        let who = [
            Origin::Desk,
            Origin::CommandLine,
            Origin::Push,
            Origin::Listing,
        ]
        .into_iter()
        .map(|origin| body(&format!("{} · {}", origin.label(), "reception2")))
        .fold(0.0, f32::max);
        let code = crate::ui::widgets::text_width(ui, "000000", egui::TextStyle::Monospace);
        let fixed = time + event + code + 3.0 * pad;
        // What is left before Who: the intercom and the title a share each, the details the rest.
        let left = (ui.available_width() - fixed - 5.0 * ui.spacing().item_spacing.x).max(0.0);
        Self {
            time: time + pad,
            event: event + pad,
            who: who + pad,
            intercom: (left * 0.2).clamp(80.0, 220.0),
            code: code + pad,
            title: (left * 0.25).clamp(90.0, 280.0),
            details: 180.0,
        }
    }

    /// The width the table needs: every column at its width (the details at their least).
    fn total(&self, ui: &Ui) -> f32 {
        self.time
            + self.event
            + self.who
            + self.intercom
            + self.code
            + self.title
            + self.details
            + 6.0 * ui.spacing().item_spacing.x
    }
}

fn rows(
    ui: &mut Ui,
    screen: &mut HistoryScreen,
    history: &History,
    now: DateTime<Utc>,
    commands: &mut Vec<Command>,
    total: u64,
    widths: &Widths,
) -> Option<Entry> {
    // A click anywhere on a row opens its story: the labels must not take it for selecting text.
    ui.style_mut().interaction.selectable_labels = false;
    let mut clicked = None;
    let mut first_visible = None;
    let mut needed = Vec::new();
    let mut builder = TableBuilder::new(ui)
        .id_salt("history-table")
        .striped(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(widths.time).clip(true))
        .column(Column::exact(widths.event).clip(true))
        .column(Column::exact(widths.intercom).clip(true))
        .column(Column::exact(widths.code).clip(true))
        .column(Column::exact(widths.title).clip(true))
        .column(Column::remainder().at_least(widths.details).clip(true))
        .column(Column::exact(widths.who).clip(true));
    if std::mem::take(&mut screen.scroll_to_top) {
        builder = builder.scroll_to_row(0, None);
    }
    let rows = usize::try_from(total).unwrap_or(usize::MAX);
    builder
        .header(22.0, |mut header| {
            for title in [
                t!("journal-column-time"),
                t!("journal-column-event"),
                t!("journal-column-intercom"),
                t!("journal-column-code"),
                t!("journal-column-title"),
                t!("journal-column-details"),
                t!("journal-column-who"),
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
                let Some(entry) = history.row(index) else {
                    needed.push(index / PAGE_ROWS);
                    row.col(|ui| {
                        ui.label(RichText::new("…").color(theme::palette(ui).muted));
                    });
                    return;
                };
                row.set_selected(screen.selected == Some(entry.id));
                entry_cells(&mut row, entry, now);
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
        commands.extend(history.page_request(page));
    }
    clicked
}

/// One journal line's cells, in the columns' order.
fn entry_cells(row: &mut egui_extras::TableRow<'_, '_>, entry: &Entry, now: DateTime<Utc>) {
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
    row.col(|ui| {
        ui.label(who_text(entry)).on_hover_text(desk_text(entry));
    });
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

/// The server's answer, a gap's end, a code's expiry, the login: whatever the line has to add.
pub(super) fn details_text(entry: &Entry, now: DateTime<Utc>) -> String {
    let mut parts = Vec::new();
    if let Some(until) = entry.until {
        parts.push(t!("history-until", time = i18n::date_time(until, now)));
    }
    match (entry.kind, entry.expires_at) {
        (Kind::CodeCreated, Some(expires)) => parts.push(t!(
            "history-valid-until",
            time = i18n::date_time(expires, now)
        )),
        (Kind::CodeRevoked | Kind::CodeRemoved, Some(expires)) => parts.push(t!(
            "history-was-valid-until",
            time = i18n::date_time(expires, now)
        )),
        _ => {}
    }
    if matches!(
        entry.kind,
        Kind::SignIn | Kind::SignOut | Kind::SessionEnded
    ) && !entry.login.is_empty()
    {
        parts.push(t!("history-login", login = entry.login.as_str()));
    }
    if !entry.detail.is_empty() {
        parts.push(entry.detail.replace(['\n', '\r'], " "));
    }
    parts.join(" · ")
}
