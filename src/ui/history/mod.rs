//! The History screen: the journal as a table, newest first, with filters and search, a code's whole story, and
//! exports. It stays interactive however long the journal is: the backend reads the journal (on the journal's
//! own thread), one page of rows at a time, and the table lays out only the rows on screen. A frame never waits
//! for the database: rows not read yet show as "…" for the frame or two it takes.

mod story;
mod table;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Local, NaiveDate, TimeZone as _, Utc};
use egui::{RichText, TextEdit, Ui};

use super::action::Action;
use super::theme;
use super::widgets::labelled_text_edit;
use crate::journal::{
    Answer, Entry, ExportFormat, ExportSource, Filter, Health, Kind, Page, Request, Story, Who,
};
use crate::messages::Command;
use crate::state::{AppState, Effects, NoticeKind};
use crate::t;

/// Rows per page read from the journal.
pub const PAGE_ROWS: u64 = 100;
/// Pages kept in memory; the ones farthest from the screen go first.
const PAGES_KEPT: usize = 24;

/// The main screen's entries to the history: a "History" button and the codes' export menu. Draws in the top
/// bar (right to left); answers what was asked.
pub fn top_bar_buttons(ui: &mut Ui) -> Option<Action> {
    let mut choice = None;
    if ui
        .button(t!("history-open"))
        .on_hover_text(t!("history-open-hint"))
        .clicked()
    {
        choice = Some(Action::OpenHistory);
    }
    ui.menu_button(t!("export-codes-menu"), |ui| {
        if let Some(format) = export_menu(ui) {
            choice = Some(Action::ExportCodes(format));
        }
    });
    choice
}

/// The three ways to save; answers the one clicked.
fn export_menu(ui: &mut Ui) -> Option<ExportFormat> {
    let mut chosen = None;
    if ui.button(t!("export-csv")).clicked() {
        chosen = Some(ExportFormat::Csv { bom: false });
    }
    if ui
        .button(t!("export-csv-excel"))
        .on_hover_text(t!("export-csv-excel-hint"))
        .clicked()
    {
        chosen = Some(ExportFormat::Csv { bom: true });
    }
    if ui.button(t!("export-json")).clicked() {
        chosen = Some(ExportFormat::Json);
    }
    if chosen.is_some() {
        ui.close();
    }
    chosen
}

/// The filters as the user sets them (dates are local days, both included).
#[derive(Debug, Clone, PartialEq, Default)]
struct Inputs {
    search: String,
    intercom: Option<u64>,
    kind: Option<Kind>,
    who: Who,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

impl Inputs {
    fn filter(&self) -> Filter {
        Filter {
            intercom: self.intercom,
            kind: self.kind,
            who: self.who,
            since: self.from.and_then(local_midnight),
            before: self
                .to
                .and_then(|day| day.succ_opt())
                .and_then(local_midnight),
            search: self.search.trim().to_owned(),
            code_id: None,
        }
    }
}

/// The instant a local day begins.
fn local_midnight(date: NaiveDate) -> Option<DateTime<Utc>> {
    Local
        .from_local_datetime(&date.and_time(chrono::NaiveTime::MIN))
        .earliest()
        .map(|at| at.with_timezone(&Utc))
}

fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// Pages of rows read so far, by page number.
type Pages = HashMap<u64, Vec<Entry>>;

/// The rows of the view being shown, as far as they have been read.
#[derive(Debug, Default)]
pub(super) struct Rows {
    /// Numbers the query; answers for an older one are dropped.
    view: u64,
    filter: Filter,
    /// How many rows the filter admits (known once the first page came).
    total: Option<u64>,
    /// The newest entry the view shows, from its first page.
    upto: Option<i64>,
    pages: Pages,
    requested: HashSet<u64>,
    /// The previous view's rows and count, shown until the new view's first page comes (no flash of "…").
    stale: Option<(Pages, Option<u64>)>,
}

impl Rows {
    pub(super) fn row(&self, index: u64) -> Option<&Entry> {
        let key = index / PAGE_ROWS;
        let page = match (self.pages.get(&key), &self.stale) {
            (Some(page), _) => page,
            (None, Some((pages, _))) => pages.get(&key)?,
            (None, None) => return None,
        };
        usize::try_from(index % PAGE_ROWS)
            .ok()
            .and_then(|n| page.get(n))
    }

    /// The request for page `page`, if it is needed and not asked for yet (pages after the first wait for it).
    fn request(&mut self, page: u64) -> Option<Command> {
        if self.pages.contains_key(&page) || self.requested.contains(&page) {
            return None;
        }
        if page > 0 && self.upto.is_none() {
            return None;
        }
        self.requested.insert(page);
        Some(Command::Journal(Request::Page {
            view: self.view,
            filter: self.filter.clone(),
            offset: page * PAGE_ROWS,
            limit: PAGE_ROWS,
            upto: self.upto,
        }))
    }

    /// Starts over with `filter` (a new view); answers the first page's request.
    fn restart(&mut self, filter: Filter) -> Command {
        self.view += 1;
        self.filter = filter;
        if self.stale.is_none() {
            self.stale = Some((std::mem::take(&mut self.pages), self.total));
        }
        self.pages.clear();
        self.total = None;
        self.upto = None;
        self.requested.clear();
        self.request(0).unwrap_or(Command::Journal(Request::Page {
            view: self.view,
            filter: self.filter.clone(),
            offset: 0,
            limit: PAGE_ROWS,
            upto: None,
        }))
    }

    fn take(&mut self, page: Page, near: u64) {
        if page.view != self.view {
            return;
        }
        let index = page.offset / PAGE_ROWS;
        self.stale = None;
        self.requested.remove(&index);
        self.total = Some(page.total);
        self.upto = Some(page.upto);
        self.pages.insert(index, page.rows);
        // Keep memory flat however far the user scrolls: forget the pages farthest from the screen.
        while self.pages.len() > PAGES_KEPT {
            let Some(farthest) = self.pages.keys().copied().max_by_key(|p| p.abs_diff(near)) else {
                break;
            };
            self.pages.remove(&farthest);
        }
    }
}

/// The History screen and what it keeps between frames.
#[derive(Debug, Default)]
pub struct HistoryScreen {
    open: bool,
    inputs: Inputs,
    rows: Rows,
    /// The newest entry written, as the journal last said: newer than the view's → "N new".
    newest: Option<i64>,
    /// The journal's trouble, if any.
    health: Option<Health>,
    /// The row clicked last (its entry id).
    selected: Option<i64>,
    story: Option<(u64, Option<Story>)>,
    /// The first row drawn in the last frame (0: at the top).
    first_visible: u64,
    scroll_to_top: bool,
    /// Whether a text field had the keyboard at the end of the last frame (Esc there only leaves the field).
    was_typing: bool,
    /// How many rows the last frame laid out.
    pub rows_drawn: usize,
}

impl HistoryScreen {
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Shows the screen, reading the journal afresh.
    pub fn open(&mut self) -> Vec<Command> {
        self.open = true;
        self.scroll_to_top = true;
        vec![self.rows.restart(self.inputs.filter())]
    }

    /// Forgets everything (signed out: the next account has a journal of its own).
    pub fn reset(&mut self) {
        *self = Self {
            rows: Rows {
                view: self.rows.view,
                ..Rows::default()
            },
            ..Self::default()
        };
    }

    /// How many rows the view holds, once known.
    pub fn total(&self) -> Option<u64> {
        self.rows.total
    }

    /// How many rows to draw: the view's, or the previous view's while the new one loads.
    fn shown_total(&self) -> Option<u64> {
        self.rows
            .total
            .or_else(|| self.rows.stale.as_ref().and_then(|(_, total)| *total))
    }

    /// The entry at `index` of the view, if it has been read (or the previous view's, while this one loads).
    pub fn row(&self, index: u64) -> Option<&Entry> {
        self.rows.row(index)
    }

    /// Whether the row at `index` of the current view has been read.
    pub fn is_read(&self, index: u64) -> bool {
        self.rows.pages.contains_key(&(index / PAGE_ROWS))
    }

    /// Takes what the journal answered; says what the user should hear as notices.
    pub fn apply(&mut self, answer: Answer) -> Effects {
        let mut effects = Effects::default();
        match answer {
            Answer::Page(page) => {
                let near = self.first_visible / PAGE_ROWS;
                self.rows.take(page, near);
                if self.health == Some(Health::Busy) {
                    self.health = None;
                }
            }
            Answer::Story(story) => {
                if self
                    .story
                    .as_ref()
                    .is_some_and(|(id, _)| *id == story.code_id)
                {
                    self.story = Some((story.code_id, Some(story)));
                }
            }
            Answer::Changed { newest } => {
                self.newest = Some(newest);
                // At the top, new lines simply appear; further down they wait for a click, so that what the
                // user reads does not move.
                if self.open
                    && self.first_visible == 0
                    && self.rows.upto.is_some_and(|upto| upto < newest)
                {
                    effects.send(self.rows.restart(self.rows.filter.clone()));
                }
                if let Some((code_id, _)) = self.story {
                    effects.send(Command::Journal(Request::Story { code_id }));
                }
            }
            Answer::Exported { path, count, note } => {
                if let Some(note) = note {
                    effects.notify(NoticeKind::Error, note);
                }
                effects.notify(
                    NoticeKind::Info,
                    t!(
                        "export-saved",
                        count = count,
                        path = path.display().to_string()
                    ),
                );
            }
            Answer::ExportFailed { message } => {
                effects.notify(NoticeKind::Error, t!("export-failed", reason = message));
            }
            Answer::Health(health) => {
                let before = self.health.clone().unwrap_or(Health::Ok);
                if before != health {
                    match &health {
                        Health::Off => {}
                        Health::Ok => effects.notify(NoticeKind::Info, t!("journal-health-ok")),
                        Health::Busy => {
                            effects.notify(NoticeKind::Error, t!("journal-health-busy"))
                        }
                        Health::Unavailable(why) => effects.notify(
                            NoticeKind::Error,
                            t!("journal-health-unavailable", reason = why.clone()),
                        ),
                    }
                }
                self.health = (health != Health::Ok).then_some(health);
            }
            Answer::Recovered { path, aside } => {
                effects.notify(NoticeKind::Error, Answer::recovered_text(&path, &aside));
            }
        }
        effects
    }

    pub fn ui(&mut self, ui: &mut Ui, state: &AppState, now: DateTime<Utc>) -> Vec<Command> {
        let mut commands = Vec::new();
        if ui.input(|input| input.key_pressed(egui::Key::Escape)) && !ui.ctx().any_popup_open() {
            if self.story.is_some() {
                self.story = None;
            } else if !self.was_typing {
                self.open = false;
                return commands;
            }
        }
        egui::Panel::top("history-top-bar").show(ui, |ui| self.top_bar(ui, state, &mut commands));
        egui::Panel::top("history-filters").show(ui, |ui| self.filters(ui, state));
        let filter = self.inputs.filter();
        if filter != self.rows.filter {
            commands.push(self.rows.restart(filter));
            self.scroll_to_top = true;
        }
        if let Some((code_id, story)) = &self.story {
            let mut close = false;
            egui::Panel::right("history-story")
                .resizable(true)
                .default_size(340.0)
                .show(ui, |ui| {
                    close = story::show(ui, *code_id, story.as_ref(), now)
                });
            if close {
                self.story = None;
            }
        }
        egui::CentralPanel::default().show(ui, |ui| {
            self.status_line(ui, &mut commands);
            let clicked = table::show(ui, self, now, &mut commands);
            if let Some(entry) = clicked {
                self.selected = Some(entry.id);
                if let Some(code_id) = entry.code_id {
                    self.story = Some((code_id, None));
                    commands.push(Command::Journal(Request::Story { code_id }));
                }
            }
        });
        self.was_typing = ui.ctx().text_edit_focused();
        commands
    }

    fn top_bar(&mut self, ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            if ui
                .button(t!("history-back"))
                .on_hover_text(t!("history-back-hint"))
                .clicked()
            {
                self.open = false;
            }
            ui.heading(t!("history-title"));
            ui.separator();
            if let Some(session) = &state.session {
                ui.label(
                    RichText::new(format!("{} · {}", session.user.login, session.server))
                        .color(theme::palette(ui).muted),
                );
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.menu_button(t!("export-journal-menu"), |ui| {
                    ui.label(
                        RichText::new(t!("export-journal-as-shown"))
                            .small()
                            .color(theme::palette(ui).muted),
                    );
                    if let Some(format) = export_menu(ui) {
                        commands.push(Command::Journal(Request::Export {
                            source: ExportSource::Journal(self.rows.filter.clone()),
                            format,
                        }));
                    }
                });
            });
        });
    }

    fn filters(&mut self, ui: &mut Ui, state: &AppState) {
        ui.horizontal_wrapped(|ui| {
            labelled_text_edit(
                ui,
                t!("history-search"),
                TextEdit::singleline(&mut self.inputs.search)
                    .hint_text(t!("history-search-hint"))
                    .desired_width(180.0),
            );
            let label = ui.label(t!("history-intercom"));
            let chosen = self
                .inputs
                .intercom
                .and_then(|id| state.intercom(id))
                .map_or_else(
                    || t!("history-all-intercoms").to_owned(),
                    |i| i.title.clone(),
                );
            egui::ComboBox::from_id_salt("history-intercom")
                .selected_text(chosen)
                .show_ui(ui, |ui| {
                    ui.selectable_value(
                        &mut self.inputs.intercom,
                        None,
                        t!("history-all-intercoms"),
                    );
                    for intercom in &state.intercoms {
                        ui.selectable_value(
                            &mut self.inputs.intercom,
                            Some(intercom.id),
                            &intercom.title,
                        );
                    }
                })
                .response
                .labelled_by(label.id);
            let label = ui.label(t!("history-event"));
            egui::ComboBox::from_id_salt("history-kind")
                .selected_text(
                    self.inputs
                        .kind
                        .map_or(t!("history-all-events"), Kind::label),
                )
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.inputs.kind, None, t!("history-all-events"));
                    for kind in Kind::ALL {
                        ui.selectable_value(&mut self.inputs.kind, Some(kind), kind.label());
                    }
                })
                .response
                .labelled_by(label.id);
            let label = ui.label(t!("history-who"));
            egui::ComboBox::from_id_salt("history-who")
                .selected_text(self.inputs.who.label())
                .show_ui(ui, |ui| {
                    for who in Who::ALL {
                        ui.selectable_value(&mut self.inputs.who, who, who.label());
                    }
                })
                .response
                .labelled_by(label.id);
            date_bound(
                ui,
                t!("history-from"),
                "history-from",
                &mut self.inputs.from,
            );
            date_bound(ui, t!("history-to"), "history-to", &mut self.inputs.to);
            if self.inputs != Inputs::default() && ui.button(t!("history-clear")).clicked() {
                self.inputs = Inputs::default();
            }
        });
    }

    fn status_line(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            match self.shown_total() {
                Some(total) => ui.label(t!("history-count", count = total)),
                None => {
                    ui.label(RichText::new(t!("history-loading")).color(theme::palette(ui).muted))
                }
            };
            let waiting = match (self.newest, self.rows.upto) {
                (Some(newest), Some(upto)) if newest > upto => Some(newest - upto),
                _ => None,
            };
            if let Some(waiting) = waiting
                && ui
                    .button(
                        RichText::new(t!("history-new-entries", count = waiting))
                            .color(theme::palette(ui).warning),
                    )
                    .clicked()
            {
                commands.push(self.rows.restart(self.rows.filter.clone()));
                self.scroll_to_top = true;
            }
            match &self.health {
                Some(Health::Busy) => {
                    ui.label(
                        RichText::new(t!("journal-health-busy")).color(theme::palette(ui).warning),
                    );
                }
                Some(Health::Unavailable(why)) => {
                    ui.label(
                        RichText::new(t!("journal-health-unavailable", reason = why.clone()))
                            .color(theme::palette(ui).error),
                    );
                }
                Some(Health::Off) => {
                    ui.label(RichText::new(t!("journal-off")).color(theme::palette(ui).muted));
                }
                Some(Health::Ok) | None => {}
            }
        });
        ui.separator();
    }
}

/// An optional day: a button to set it, or a date picker and a button to clear it.
fn date_bound(ui: &mut Ui, label: &str, id: &str, day: &mut Option<NaiveDate>) {
    match day {
        None => {
            if ui.button(format!("{label}…")).clicked() {
                *day = Some(today());
            }
        }
        Some(date) => {
            ui.label(label);
            let today = today();
            let (_, picked) = super::calendar::date_field(
                ui,
                egui::Id::unique(id),
                *date,
                today,
                NaiveDate::MIN..=today,
            );
            if let Some(picked) = picked {
                *date = picked;
            }
            if ui
                .small_button("×")
                .on_hover_text(t!("history-clear-date"))
                .clicked()
            {
                *day = None;
            }
        }
    }
}
