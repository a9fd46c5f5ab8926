//! The main window: intercoms at the left, the codes in the middle, the new-code form at the right, the live
//! state at the bottom. Keyboard: Ctrl+N new code, Ctrl+F search, Delete revoke, Ctrl+C copy, Esc cancel.

use chrono::{DateTime, Utc};
use egui::{Id, Key, KeyboardShortcut, Modifiers, RichText, TextEdit, Ui};

use super::code_form::{self, CodeForm};
use super::code_table::{self, TableInput, TableState};
use super::widgets::{
    ERROR_COLOR, MUTED_COLOR, OK_COLOR, WARNING_COLOR, labelled_text_edit, status_dot,
};
use crate::messages::Command;
use crate::state::{AppState, CodeQuery, LiveStatus, Selection, StatusFilter, plural};
use crate::{i18n, t};

const NEW_CODE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
const FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
const COPY: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::C);
/// How many codes a revoke confirmation names before it says "and N more".
const CONFIRM_LIST_LIMIT: usize = 15;

fn search_id() -> Id {
    Id::unique("code-search")
}

#[derive(Debug, Clone, PartialEq)]
enum Confirm {
    Revoke(Vec<u64>),
    OpenDoor(u64),
}

#[derive(Debug, Default)]
pub struct MainScreen {
    pub query: CodeQuery,
    pub table: TableState,
    pub form: CodeForm,
    confirm: Option<Confirm>,
    /// The code last shown as created, so that a new one clears the title for the next visitor.
    last_created: Option<u64>,
    /// The selection last remembered, so that a change is remembered once.
    remembered_selection: Option<Selection>,
    /// Whether a text field had the keyboard at the end of the last frame.
    was_typing: bool,
}

impl MainScreen {
    /// The soonest moment something drawn will change by itself.
    pub fn next_visible_change(&self) -> Option<DateTime<Utc>> {
        self.table.next_change
    }

    pub fn ui(
        &mut self,
        ui: &mut Ui,
        state: &mut AppState,
        now: DateTime<Utc>,
        next_request: &mut u64,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        self.follow_state(state, &mut commands);
        self.shortcuts(ui, state);

        egui::Panel::top("top-bar").show(ui, |ui| self.top_bar(ui, state, &mut commands));
        egui::Panel::bottom("status-bar").show(ui, |ui| status_bar(ui, state, now));
        egui::Panel::left("intercoms")
            .resizable(true)
            .default_size(220.0)
            .show(ui, |ui| self.intercom_list(ui, state, now));
        egui::Panel::right("new-code")
            .resizable(true)
            .default_size(280.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    if let Some(command) = self.form.ui(ui, state, now, next_request) {
                        commands.push(command);
                    }
                });
            });
        egui::CentralPanel::default().show(ui, |ui| self.codes(ui, state, now));
        self.confirmation(ui, state, &mut commands);
        self.was_typing = ui.ctx().text_edit_focused();
        commands
    }

    /// Keeps the screen's own choices in line with the data: the form's intercom, the selection.
    fn follow_state(&mut self, state: &mut AppState, commands: &mut Vec<Command>) {
        // Open on the intercom looked at last time, once the intercoms are known.
        if let Some(id) = state.initial_intercom
            && state.last_sync.is_some()
        {
            state.initial_intercom = None;
            if state.intercom(id).is_some() {
                self.query.selection = Selection::Intercom(id);
                self.form.intercom = Some(id);
            }
            self.remembered_selection = Some(self.query.selection);
        }
        if state.last_sync.is_some() && self.remembered_selection != Some(self.query.selection) {
            if self.remembered_selection.is_some() {
                let intercom = match self.query.selection {
                    Selection::All => None,
                    Selection::Intercom(id) => Some(id),
                };
                commands.push(Command::RememberIntercom { intercom });
            }
            self.remembered_selection = Some(self.query.selection);
        }
        let created = state.create.created.as_ref().map(|code| code.id);
        if created.is_some() && created != self.last_created {
            self.form.clear_title();
        }
        self.last_created = created;
        if let Selection::Intercom(id) = self.query.selection
            && state.intercom(id).is_none()
        {
            self.query.selection = Selection::All;
        }
        if self
            .form
            .intercom
            .is_none_or(|id| state.intercom(id).is_none())
        {
            self.form.intercom = match self.query.selection {
                Selection::Intercom(id) => Some(id),
                Selection::All => state.intercoms.first().map(|intercom| intercom.id),
            };
        }
        self.table.selected.retain(|id| state.code(*id).is_some());
    }

    fn shortcuts(&mut self, ui: &mut Ui, state: &AppState) {
        // Delete and Ctrl+C belong to the text while a text field has the keyboard.
        let typing = ui.ctx().text_edit_focused();
        let (new_code, find, delete, escape, copy) = ui.input_mut(|input| {
            (
                input.consume_shortcut(&NEW_CODE),
                input.consume_shortcut(&FIND),
                !typing && input.consume_key(Modifiers::NONE, Key::Delete),
                input.key_pressed(Key::Escape),
                !typing
                    && (input.consume_shortcut(&COPY)
                        || input.events.iter().any(|e| matches!(e, egui::Event::Copy))),
            )
        });
        if new_code {
            ui.memory_mut(|memory| memory.request_focus(code_form::title_id()));
        }
        if find {
            ui.memory_mut(|memory| memory.request_focus(search_id()));
        }
        if delete && !self.table.selected.is_empty() && self.confirm.is_none() {
            self.confirm = Some(Confirm::Revoke(
                self.table.selected.iter().copied().collect(),
            ));
        }
        // Esc closes what is open first (a dialog or a popup, which egui handles) and loses nothing else;
        // in the title field it cancels the new code; elsewhere it clears the selection. egui takes the focus
        // away on Esc before this runs, so where the keyboard was is the last frame's answer.
        if escape && self.confirm.is_none() && !ui.ctx().any_popup_open() {
            if self.form.title_was_focused() {
                self.form.cancel();
            } else if !self.was_typing {
                self.table.selected.clear();
            }
        }
        if copy {
            let current = self.table.current.or_else(|| {
                (self.table.selected.len() == 1)
                    .then(|| self.table.selected.first().copied())
                    .flatten()
            });
            if let Some(code) = current.and_then(|id| state.code(id)) {
                ui.ctx().copy_text(code.code.clone());
            }
        }
    }

    fn top_bar(&mut self, ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            ui.heading("Visitor Desk");
            ui.separator();
            if let Some(session) = &state.session {
                ui.label(
                    RichText::new(format!("{} · {}", session.user.login, session.server))
                        .color(MUTED_COLOR),
                );
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("Sign out").clicked() {
                    commands.push(Command::SignOut);
                }
                if ui
                    .add_enabled(!state.syncing, egui::Button::new("Refresh"))
                    .clicked()
                {
                    commands.push(Command::Refresh);
                }
            });
        });
    }

    fn intercom_list(&mut self, ui: &mut Ui, state: &AppState, now: DateTime<Utc>) {
        ui.add_space(4.0);
        ui.strong("Intercoms");
        ui.add_space(4.0);
        egui::ScrollArea::vertical().show(ui, |ui| {
            let all = ui.selectable_label(self.query.selection == Selection::All, "All intercoms");
            if all.clicked() {
                self.query.selection = Selection::All;
            }
            for intercom in &state.intercoms {
                ui.separator();
                let selected = self.query.selection == Selection::Intercom(intercom.id);
                if ui
                    .selectable_label(selected, RichText::new(&intercom.title).strong())
                    .clicked()
                {
                    self.query.selection = Selection::Intercom(intercom.id);
                    self.form.intercom = Some(intercom.id);
                }
                let mut place = intercom.address.clone();
                if let Some(entrance) = intercom.department {
                    if !place.is_empty() {
                        place.push_str(" · ");
                    }
                    place.push_str(&format!("entrance {entrance}"));
                }
                if !place.is_empty() {
                    ui.label(RichText::new(place).small().color(MUTED_COLOR));
                }
                ui.horizontal(|ui| {
                    if intercom.is_online {
                        status_dot(ui, OK_COLOR, true);
                        ui.label(RichText::new("online").small().color(OK_COLOR));
                    } else {
                        status_dot(ui, MUTED_COLOR, false);
                        ui.label(RichText::new("offline").small().color(MUTED_COLOR));
                    }
                    let valid = state.valid_code_count(intercom.id, now);
                    ui.label(RichText::new(format!("{valid} active")).small());
                    let opening = state.opening_doors.contains(&intercom.id);
                    let button = egui::Button::new(RichText::new("Open door").small());
                    if ui
                        .add_enabled(intercom.is_confirmed() && !opening, button)
                        .on_disabled_hover_text("This intercom is not confirmed")
                        .clicked()
                    {
                        self.confirm = Some(Confirm::OpenDoor(intercom.id));
                    }
                });
            }
        });
    }

    fn codes(&mut self, ui: &mut Ui, state: &mut AppState, now: DateTime<Utc>) {
        ui.horizontal(|ui| {
            labelled_text_edit(
                ui,
                "Search",
                TextEdit::singleline(&mut self.query.search)
                    .id(search_id())
                    .hint_text("title or code")
                    .desired_width(200.0),
            );
            let filter_label = ui.label("Show");
            egui::ComboBox::from_id_salt("status-filter")
                .selected_text(self.query.filter.label())
                .show_ui(ui, |ui| {
                    for filter in StatusFilter::ALL {
                        ui.selectable_value(&mut self.query.filter, filter, filter.label());
                    }
                })
                .response
                .labelled_by(filter_label.id);
            let selected = self.table.selected.len();
            let revoke = egui::Button::new(format!("Revoke selected ({selected})"));
            if ui.add_enabled(selected > 0, revoke).clicked() {
                self.confirm = Some(Confirm::Revoke(
                    self.table.selected.iter().copied().collect(),
                ));
            }
        });
        ui.separator();
        let show_intercom = self.query.selection == Selection::All;
        state.view(&self.query, now);
        let state: &AppState = state;
        let ids = state.shown();
        if ids.is_empty() {
            ui.add_space(20.0);
            let empty = if state.syncing && state.last_sync.is_none() {
                "Loading the codes…"
            } else if self.query.search.trim().is_empty() && self.query.filter == StatusFilter::Any
            {
                "No codes yet. Make one with the form at the right (Ctrl+N)."
            } else {
                "No code matches."
            };
            ui.label(RichText::new(empty).color(MUTED_COLOR));
            self.table.next_change = None;
            return;
        }
        let input = TableInput {
            ids,
            state,
            now,
            show_intercom,
        };
        if let Some(sort) = code_table::show(ui, &input, self.query.sort, &mut self.table) {
            self.query.sort = sort;
        }
    }

    fn confirmation(&mut self, ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
        let Some(confirm) = self.confirm.clone() else {
            return;
        };
        let mut decided = false;
        let modal = egui::Modal::new(Id::unique("confirm")).show(ui.ctx(), |ui| {
            ui.set_max_width(420.0);
            match &confirm {
                Confirm::Revoke(ids) => {
                    let codes: Vec<_> = ids.iter().filter_map(|id| state.code(*id)).collect();
                    ui.heading(format!(
                        "Revoke {} code{}?",
                        codes.len(),
                        plural(codes.len())
                    ));
                    ui.label("These codes will stop opening the door at once:");
                    for code in codes.iter().take(CONFIRM_LIST_LIMIT) {
                        ui.label(format!(
                            "{} — {} ({})",
                            code.code, code.title, code.intercom.title
                        ));
                    }
                    if codes.len() > CONFIRM_LIST_LIMIT {
                        ui.label(format!("and {} more", codes.len() - CONFIRM_LIST_LIMIT));
                    }
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        let label = format!("Revoke {} code{}", codes.len(), plural(codes.len()));
                        if ui.button(RichText::new(label).color(ERROR_COLOR)).clicked() {
                            commands.push(Command::DeleteCodes {
                                ids: codes.iter().map(|code| code.id).collect(),
                            });
                            decided = true;
                        }
                        if ui.button("Cancel").clicked() {
                            decided = true;
                        }
                    });
                }
                Confirm::OpenDoor(id) => {
                    let title = state
                        .intercom(*id)
                        .map_or("this intercom", |intercom| intercom.title.as_str());
                    ui.heading(format!("Open the door of {title}?"));
                    ui.label(
                        RichText::new("It stays open for the time its administrator set.")
                            .color(WARNING_COLOR),
                    );
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button("Open the door").clicked() {
                            commands.push(Command::OpenDoor { intercom: *id });
                            decided = true;
                        }
                        if ui.button("Cancel").clicked() {
                            decided = true;
                        }
                    });
                }
            }
        });
        if decided || modal.should_close() {
            self.confirm = None;
        }
    }
}

fn status_bar(ui: &mut Ui, state: &AppState, now: DateTime<Utc>) {
    ui.horizontal(|ui| {
        match &state.live {
            LiveStatus::Off => {}
            LiveStatus::Connecting => {
                status_dot(ui, MUTED_COLOR, false);
                ui.label(RichText::new("Connecting to live updates…").color(MUTED_COLOR));
            }
            LiveStatus::Connected => {
                status_dot(ui, OK_COLOR, true);
                ui.label(RichText::new("Live").color(OK_COLOR));
            }
            LiveStatus::Reconnecting { at, reason } => {
                let seconds = (*at - now).num_seconds().max(0);
                status_dot(ui, WARNING_COLOR, false);
                let text = format!("Reconnecting in {seconds} s ({reason})");
                ui.label(RichText::new(text).color(WARNING_COLOR));
            }
            LiveStatus::Stopped { reason } => {
                status_dot(ui, ERROR_COLOR, true);
                let text = format!("Live updates stopped: {reason}");
                ui.label(RichText::new(text).color(ERROR_COLOR));
            }
        }
        ui.separator();
        if let Some(error) = &state.sync_error {
            ui.label(RichText::new(format!("Listing failed: {error}")).color(ERROR_COLOR));
        } else if state.syncing {
            ui.label(RichText::new("Syncing…").color(MUTED_COLOR));
        } else if let Some(at) = state.last_sync {
            ui.label(RichText::new(format!("Synced {}", i18n::clock(at))).color(MUTED_COLOR));
        }
        ui.separator();
        let held = state.code_count();
        let count = match state.code_limit {
            Some(limit) => t!("codes-of-limit", held = held, limit = limit),
            None => t!("codes-count", count = held),
        };
        ui.label(count);
        if let Some(warning) = &state.storage_warning {
            ui.separator();
            ui.label(RichText::new("Sign-in not remembered").color(WARNING_COLOR))
                .on_hover_text(warning);
        }
        if let Some(session) = &state.session {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(
                    RichText::new(format!("{} @ {}", session.user.login, session.server))
                        .small()
                        .color(MUTED_COLOR),
                );
            });
        }
    });
}
