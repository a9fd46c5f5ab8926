//! The History screen: the journal as a table, newest first, with filters and search, a code's whole story, and
//! exports. It stays interactive however long the journal is: the backend reads the journal (on the journal's
//! own thread), one page of rows at a time, and the table lays out only the rows on screen. What was read is the
//! state's ([`History`]); this screen keeps what is its own: the filters as typed, where it is scrolled, the row
//! and the story picked.

mod story;
mod table;

use chrono::{DateTime, Local, NaiveDate, TimeZone as _, Utc};
use egui::{RichText, TextEdit, Ui};

use super::action::Action;
use super::theme;
use super::widgets::{account_choice, labelled_text_edit};
use crate::accounts::{AccountId, Accounts};
use crate::journal::{ExportFormat, ExportSource, Filter, Health, Kind, Request, Who};
use crate::messages::Command;
use crate::state::{AppState, History};
use crate::t;

/// The main screen's entries to the history: a "History" button (on `account`'s journal first) and the codes'
/// export menu. Draws in the top bar (right to left); answers what was asked.
pub fn top_bar_buttons(ui: &mut Ui, account: AccountId) -> Option<Action> {
    let mut choice = None;
    if ui
        .button(t!("history-open"))
        .on_hover_text(t!("history-open-hint"))
        .clicked()
    {
        choice = Some(Action::OpenHistory(account));
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

/// The History screen and what it keeps between frames.
#[derive(Debug, Default)]
pub struct HistoryScreen {
    open: bool,
    /// Whose journal it shows (each account has its own).
    account: AccountId,
    inputs: Inputs,
    /// The row clicked last (its entry id).
    selected: Option<i64>,
    /// The code whose story shows beside the table.
    story: Option<u64>,
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

    /// Whose journal the screen shows.
    pub fn account(&self) -> AccountId {
        self.account
    }

    /// Shows the screen on `account`'s journal, reading it afresh.
    pub fn open(&mut self, account: AccountId, history: &History) -> Vec<Action> {
        self.open = true;
        self.scroll_to_top = true;
        self.account = account;
        vec![Action::send(account, history.restart(self.inputs.filter()))]
    }

    /// Forgets everything (signed out: the next account has a journal of its own).
    pub fn reset(&mut self) {
        *self = Self::default();
    }

    /// New entries were written: at the top, they simply appear; further down they wait for a click, so that
    /// what the user reads does not move. The story shown is read again.
    pub fn journal_changed(&mut self, history: &History) -> Vec<Command> {
        let mut commands = Vec::new();
        if !self.open {
            return commands;
        }
        if self.open && self.first_visible == 0 && history.waiting().is_some() {
            commands.push(history.restart(history.filter().clone()));
        }
        if let Some(code_id) = self.story {
            commands.push(History::story_request(code_id));
        }
        commands
    }

    /// Draws the screen from its account's journal; answers what it asks of the accounts.
    pub fn ui(&mut self, ui: &mut Ui, accounts: &Accounts, now: DateTime<Utc>) -> Vec<Action> {
        let Some(state) = accounts.open_state(self.account) else {
            // Its account has gone: back to the others.
            self.open = false;
            return Vec::new();
        };
        let account = self.account;
        let mut actions = Vec::new();
        let mut commands = self.screen(ui, accounts, state, now, &mut actions);
        actions.extend(
            commands
                .drain(..)
                .map(|command| Action::send(account, command)),
        );
        actions
    }

    fn screen(
        &mut self,
        ui: &mut Ui,
        accounts: &Accounts,
        state: &AppState,
        now: DateTime<Utc>,
        actions: &mut Vec<Action>,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        let history = &state.history;
        if ui.input(|input| input.key_pressed(egui::Key::Escape)) && !ui.ctx().any_popup_open() {
            if self.story.is_some() {
                self.story = None;
            } else if !self.was_typing {
                self.open = false;
                return commands;
            }
        }
        egui::Panel::top("history-top-bar").show(ui, |ui| {
            self.top_bar(ui, accounts, state, &mut commands, actions)
        });
        egui::Panel::top("history-filters").show(ui, |ui| self.filters(ui, state));
        let filter = self.inputs.filter();
        if filter != *history.filter() {
            commands.push(history.restart(filter));
            self.scroll_to_top = true;
        }
        if let Some(code_id) = self.story {
            let mut close = false;
            egui::Panel::right("history-story")
                .resizable(true)
                .default_size(340.0)
                .show(ui, |ui| {
                    close = story::show(ui, code_id, history.story(code_id), now)
                });
            if close {
                self.story = None;
            }
        }
        egui::CentralPanel::default().show(ui, |ui| {
            self.status_line(ui, history, &mut commands);
            let clicked = table::show(ui, self, history, now, &mut commands);
            if let Some(entry) = clicked {
                self.selected = Some(entry.id);
                if let Some(code_id) = entry.code_id {
                    self.story = Some(code_id);
                    commands.push(History::story_request(code_id));
                }
            }
        });
        self.was_typing = ui.ctx().text_edit_focused();
        commands
    }

    fn top_bar(
        &mut self,
        ui: &mut Ui,
        accounts: &Accounts,
        state: &AppState,
        commands: &mut Vec<Command>,
        actions: &mut Vec<Action>,
    ) {
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
            if accounts.several() {
                actions.extend(self.account_switch(ui, accounts));
            } else if let Some(session) = &state.session {
                ui.label(
                    RichText::new(format!("{} · {}", session.user.login, session.server))
                        .color(theme::palette(ui).muted),
                );
            }
            let named = accounts.several().then(|| accounts.name(self.account));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.menu_button(t!("export-journal-menu"), |ui| {
                    ui.label(
                        RichText::new(t!("export-journal-as-shown"))
                            .small()
                            .color(theme::palette(ui).muted),
                    );
                    if let Some(format) = export_menu(ui) {
                        commands.push(Command::Journal(Request::Export {
                            source: ExportSource::Journal {
                                filter: state.history.filter().clone(),
                                account: named.clone(),
                            },
                            format,
                        }));
                    }
                });
            });
        });
    }

    /// Whose journal: each account keeps its own. Another one chosen is read afresh, with the same filters.
    fn account_switch(&mut self, ui: &mut Ui, accounts: &Accounts) -> Vec<Action> {
        let chosen = account_choice(
            ui,
            "history-account",
            t!("history-account"),
            accounts,
            self.account,
        );
        let Some(state) = accounts.state(chosen).filter(|_| chosen != self.account) else {
            return Vec::new();
        };
        self.selected = None;
        self.story = None;
        self.open(chosen, &state.history)
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
            date_bound(ui, DateBound::From, &mut self.inputs.from);
            date_bound(ui, DateBound::To, &mut self.inputs.to);
            if self.inputs != Inputs::default() && ui.button(t!("history-clear")).clicked() {
                self.inputs = Inputs::default();
            }
        });
    }

    fn status_line(&mut self, ui: &mut Ui, history: &History, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            match history.shown_total() {
                Some(total) => ui.label(t!("history-count", count = total)),
                None => {
                    ui.label(RichText::new(t!("history-loading")).color(theme::palette(ui).muted))
                }
            };
            if let Some(waiting) = history.waiting()
                && ui
                    .button(
                        RichText::new(t!("history-new-entries", count = waiting))
                            .color(theme::palette(ui).warning),
                    )
                    .clicked()
            {
                commands.push(history.restart(history.filter().clone()));
                self.scroll_to_top = true;
            }
            match history.health() {
                Some(Health::Busy) => {
                    ui.label(
                        RichText::new(t!("journal-health-busy")).color(theme::palette(ui).warning),
                    );
                }
                Some(Health::Unavailable(why)) => {
                    ui.label(
                        RichText::new(t!("journal-health-unavailable", reason = why.text()))
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
/// Which end of the dates shown a date filter sets.
#[derive(Clone, Copy)]
enum DateBound {
    From,
    To,
}

impl DateBound {
    /// The button that adds the filter says what it filters ("Date from…"), as "From…" alone did not.
    fn button(self) -> &'static str {
        match self {
            DateBound::From => t!("history-from-button"),
            DateBound::To => t!("history-to-button"),
        }
    }

    fn hint(self) -> &'static str {
        match self {
            DateBound::From => t!("history-from-hint"),
            DateBound::To => t!("history-to-hint"),
        }
    }

    fn label(self) -> &'static str {
        match self {
            DateBound::From => t!("history-from"),
            DateBound::To => t!("history-to"),
        }
    }

    fn id(self) -> &'static str {
        match self {
            DateBound::From => "history-from",
            DateBound::To => "history-to",
        }
    }
}

fn date_bound(ui: &mut Ui, bound: DateBound, day: &mut Option<NaiveDate>) {
    match day {
        None => {
            if ui
                .button(bound.button())
                .on_hover_text(bound.hint())
                .clicked()
            {
                *day = Some(today());
            }
        }
        Some(date) => {
            ui.label(bound.label()).on_hover_text(bound.hint());
            let today = today();
            let (_, picked) = super::calendar::date_field(
                ui,
                egui::Id::unique(bound.id()),
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
