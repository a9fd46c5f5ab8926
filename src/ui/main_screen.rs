//! The main window: intercoms at the left, the codes in the middle, the new-code form at the right, the live
//! state at the bottom. Keyboard: Ctrl+N new code, Ctrl+F search, Alt+1…6 quick expiry, Delete revoke, Ctrl+C
//! copy, Esc cancel. Usable from 800×600 up: the panels take a share of the width, the table fits its columns.

use chrono::{DateTime, Utc};
use egui::{Id, Key, KeyboardShortcut, Modifiers, RichText, TextEdit, Ui};

use super::action::{Action, Modal};
use super::calls::{self, CallChoice};
use super::code_form::{CodeForm, FormRequest};
use super::code_table::{self, TableInput, TableState};
use super::confirm::{Confirm, Dialog, online_state};
use super::extend::ExtendDialog;
use super::handover::{CodeChoice, QrDialog};
use super::instructions::InstructionsEditor;
use super::settings_menu::settings_menu;
use super::template_editor::{self, TemplateEditor};
use super::theme::{self, space};
use super::widgets::{displayable, labelled_text_edit, status_dot, text_width};
use crate::messages::Command;
use crate::state::{AppState, CodeQuery, CodeView, LiveStatus, Selection, StatusFilter};
use crate::{i18n, t};
use aipix_client::api::Intercom;

const NEW_CODE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
const FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
const COPY: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::C);

fn search_id() -> Id {
    Id::unique("code-search")
}

/// The dialog open over the main screen, if any: one at a time.
#[derive(Debug)]
enum Overlay {
    Confirm(Dialog),
    Qr(QrDialog),
    Extend(ExtendDialog),
    Template(TemplateEditor),
    Instructions(InstructionsEditor),
}

impl Overlay {
    fn modal(&mut self) -> &mut dyn Modal {
        match self {
            Overlay::Confirm(dialog) => dialog,
            Overlay::Qr(dialog) => dialog,
            Overlay::Extend(dialog) => dialog,
            Overlay::Template(editor) => editor,
            Overlay::Instructions(editor) => editor,
        }
    }
}

#[derive(Debug, Default)]
pub struct MainScreen {
    pub query: CodeQuery,
    /// The codes the query shows, cached.
    pub view: CodeView,
    pub table: TableState,
    pub form: CodeForm,
    overlay: Option<Overlay>,
    /// The code last shown as created, so that a new one readies the form for the next visitor.
    last_created: Option<u64>,
    /// The selection last remembered, so that a change is remembered once.
    remembered_selection: Option<Selection>,
    /// Whether a text field had the keyboard at the end of the last frame.
    was_typing: bool,
    /// Whether the search field had the keyboard at the end of the last frame (Esc there clears it).
    search_focused: bool,
    /// Where the codes were drawn in the last frame (notices stand at its bottom right).
    codes_area: Option<egui::Rect>,
}

impl MainScreen {
    /// Where the codes were drawn in the last frame.
    pub fn codes_area(&self) -> Option<egui::Rect> {
        self.codes_area
    }

    /// The soonest moment something drawn will change by itself.
    pub fn next_visible_change(&self) -> Option<DateTime<Utc>> {
        self.table
            .next_change
            .into_iter()
            .chain(self.form.next_change())
            .min()
    }

    pub fn ui(&mut self, ui: &mut Ui, state: &AppState, now: DateTime<Utc>) -> Vec<Action> {
        let mut actions = Vec::new();
        self.follow_state(state, &mut actions);
        self.shortcuts(ui, state);
        let palette = theme::palette(ui);
        let width = ui.available_width();
        let side_frame = egui::Frame::side_top_panel(ui.style()).fill(palette.side_panel);
        // The form is never narrower than its quick choices, two to a row, in the language in use.
        let form = CodeForm::min_width(ui) + side_frame.inner_margin.sum().x;

        egui::Panel::top("top-bar")
            .frame(side_frame.inner_margin(egui::Margin::symmetric(space::M as i8, space::S as i8)))
            .show(ui, |ui| self.top_bar(ui, state, &mut actions));
        // The codes the query shows, before any panel: the status bar counts them.
        let shown = state.view(&mut self.view, &self.query).len();
        let filtered = self.query.selection != Selection::All
            || !self.query.search.trim().is_empty()
            || self.query.filter != StatusFilter::Any;
        egui::Panel::bottom("status-bar")
            .frame(
                side_frame.inner_margin(egui::Margin::symmetric(space::M as i8, space::XS as i8)),
            )
            .show(ui, |ui| {
                status_bar(ui, state, now, filtered.then_some(shown))
            });
        egui::Panel::left("intercoms")
            .frame(side_frame)
            .resizable(true)
            .default_size((width * 0.16).clamp(140.0, 260.0))
            // A window made smaller takes the side panels with it, so that the codes keep their room.
            .size_range(140.0..=(width * 0.18).max(140.0))
            .show(ui, |ui| self.intercom_list(ui, state, now));
        egui::Panel::right("new-code")
            .frame(side_frame)
            .resizable(true)
            .default_size((width * 0.25).clamp(form, 340.0_f32.max(form)))
            .size_range(form..=(width * 0.28).max(form))
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| match self.form.ui(ui, state, now) {
                    Some(FormRequest::Act(action)) => actions.push(action),
                    Some(FormRequest::Confirm(confirm)) => self.confirm(confirm),
                    Some(FormRequest::Code(choice)) => self.code_choice(choice, &mut actions),
                    None => {}
                });
            });
        self.codes_area = Some(
            egui::CentralPanel::default()
                .show(ui, |ui| self.codes(ui, state, now))
                .response
                .rect,
        );
        if let Some(choice) = self.table.choice.take() {
            self.code_choice(choice, &mut actions);
        }
        self.overlay(ui.ctx(), state, now, &mut actions);
        self.was_typing = ui.ctx().text_edit_focused();
        actions
    }

    /// The codes as the list shows them: its intercom, search, filter and order.
    pub fn shown_codes(&mut self, state: &AppState) -> Vec<aipix_client::api::Code> {
        state
            .view(&mut self.view, &self.query)
            .iter()
            .filter_map(|id| state.code(*id).cloned())
            .collect()
    }

    fn confirm(&mut self, confirm: Confirm) {
        self.overlay = Some(Overlay::Confirm(Dialog::new(confirm)));
    }

    /// Acts on what was asked for a code, from its row or from the panel of the code just made.
    fn code_choice(&mut self, choice: CodeChoice, actions: &mut Vec<Action>) {
        match choice {
            CodeChoice::Send(command) => actions.push(Action::Send(*command)),
            CodeChoice::ShowQr(code) => self.overlay = Some(Overlay::Qr(QrDialog { code })),
            CodeChoice::Extend(code) => {
                self.overlay = Some(Overlay::Extend(ExtendDialog::new(code)));
            }
            CodeChoice::Revoke(code) => self.confirm(Confirm::Revoke(vec![code])),
        }
    }

    /// Draws the open dialog; passes on what it asked for, and forgets it once closed.
    fn overlay(
        &mut self,
        ctx: &egui::Context,
        state: &AppState,
        now: DateTime<Utc>,
        actions: &mut Vec<Action>,
    ) {
        let Some(overlay) = &mut self.overlay else {
            return;
        };
        if let Overlay::Template(editor) = overlay {
            let shown = state.view(&mut self.view, &self.query);
            editor.sample = template_editor::preview_code(state, shown, now);
        }
        let answer = overlay.modal().show(ctx, state, now);
        actions.extend(answer.actions);
        if answer.closed {
            self.overlay = None;
        }
    }

    /// The new-code form for `intercom`, `title` in it and the keyboard there (a call's "Make code").
    pub fn make_code_for(&mut self, intercom: u64, title: String) {
        self.open_on(intercom);
        self.form.title = title;
        self.form.focus_title();
    }

    /// Asks whether to open `intercom`'s door (for `call`, when a call's button asked).
    pub fn confirm_open_door(&mut self, intercom: u64, call: Option<u64>) {
        self.confirm(Confirm::OpenDoor { intercom, call });
    }

    /// The Extend dialog of `code`.
    pub fn extend(&mut self, code: u64) {
        self.overlay = Some(Overlay::Extend(ExtendDialog::new(code)));
    }

    /// Shows the codes of `intercom` (the one looked at last time), and makes new codes for it.
    pub fn open_on(&mut self, intercom: u64) {
        self.query.selection = Selection::Intercom(intercom);
        self.form.intercom = Some(intercom);
        self.remembered_selection = Some(self.query.selection);
    }

    /// Keeps the screen's own choices in line with the data: the form's intercom, the selection.
    fn follow_state(&mut self, state: &AppState, actions: &mut Vec<Action>) {
        if state.last_sync.is_some() && self.remembered_selection != Some(self.query.selection) {
            if self.remembered_selection.is_some() {
                let intercom = match self.query.selection {
                    Selection::All => None,
                    Selection::Intercom(id) => Some(id),
                };
                actions.push(Action::Send(Command::RememberIntercom { intercom }));
            }
            self.remembered_selection = Some(self.query.selection);
        }
        let created = state.create.created.as_ref();
        let created_id = created.map(|code| code.id);
        if let Some(code) = created
            && created_id != self.last_created
        {
            self.form.made(&code.title);
        }
        self.last_created = created_id;
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
            self.form.focus_title();
        }
        if find {
            ui.memory_mut(|memory| memory.request_focus(search_id()));
        }
        if delete && !self.table.selected.is_empty() && self.overlay.is_none() {
            self.confirm(Confirm::Revoke(
                self.table.selected.iter().copied().collect(),
            ));
        }
        // Esc closes what is open first (a dialog or a popup, which egui handles) and loses nothing else;
        // in the title field it cancels the new code; in the search it clears the search; elsewhere it clears
        // the selection. egui takes the focus away on Esc before this runs, so where the keyboard was is the
        // last frame's answer.
        if escape && self.overlay.is_none() && !ui.ctx().any_popup_open() {
            if self.form.title_was_focused() {
                self.form.cancel();
            } else if self.search_focused {
                self.query.search.clear();
            } else if !self.was_typing {
                self.table.selected.clear();
            }
        }
        if copy {
            let current = self
                .table
                .current
                .filter(|id| self.table.selected.contains(id))
                .or_else(|| {
                    (self.table.selected.len() == 1)
                        .then(|| self.table.selected.first().copied())
                        .flatten()
                });
            if let Some(code) = current.and_then(|id| state.code(id)) {
                ui.ctx().copy_text(code.code.clone());
            }
        }
    }

    fn top_bar(&mut self, ui: &mut Ui, state: &AppState, actions: &mut Vec<Action>) {
        let palette = theme::palette(ui);
        ui.horizontal(|ui| {
            ui.heading(t!("app-name"));
            // The buttons first, from the right edge, so that a narrow window cuts the account's name instead.
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button(t!("sign-out")).clicked() {
                    actions.push(Action::Send(Command::SignOut));
                }
                actions.extend(super::history::top_bar_buttons(ui));
                if ui
                    .add_enabled(!state.syncing, egui::Button::new(t!("refresh")))
                    .on_hover_text(t!("refresh-hint"))
                    .clicked()
                {
                    actions.push(Action::Send(Command::Refresh));
                }
                let mut edit_template = false;
                actions.extend(settings_menu(ui, &state.preferences, |ui| {
                    if ui.button(t!("menu-share-message")).clicked() {
                        edit_template = true;
                    }
                    ui.separator();
                }));
                if edit_template {
                    self.overlay = Some(Overlay::Template(TemplateEditor::new(state)));
                }
                if let Some(session) = &state.session {
                    ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                        ui.add_space(space::S);
                        not_encrypted_marker(ui, &session.server);
                        ui.add(
                            egui::Label::new(
                                RichText::new(format!(
                                    "{} · {}",
                                    session.user.login, session.server
                                ))
                                .color(palette.muted),
                            )
                            .truncate(),
                        );
                    });
                }
            });
        });
    }

    fn intercom_list(&mut self, ui: &mut Ui, state: &AppState, now: DateTime<Utc>) {
        ui.add_space(space::S);
        ui.strong(t!("intercoms-heading"));
        ui.add_space(space::XS);
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.set_width(ui.available_width());
            let all =
                ui.selectable_label(self.query.selection == Selection::All, t!("intercoms-all"));
            if all.clicked() {
                self.query.selection = Selection::All;
            }
            for intercom in &state.intercoms {
                ui.separator();
                self.intercom_entry(ui, state, intercom, now);
            }
        });
    }

    /// One intercom: its name (a click shows its codes), where it is, whether it is online, how many codes work,
    /// what a visitor does at its door, and its buttons.
    fn intercom_entry(
        &mut self,
        ui: &mut Ui,
        state: &AppState,
        intercom: &Intercom,
        now: DateTime<Utc>,
    ) {
        let palette = theme::palette(ui);
        let selected = self.query.selection == Selection::Intercom(intercom.id);
        let title = displayable(ui, &intercom.title).into_owned();
        if ui
            .add(
                egui::Button::selectable(selected, RichText::new(title.as_str()).strong())
                    .truncate(),
            )
            .clicked()
        {
            self.query.selection = Selection::Intercom(intercom.id);
            self.form.intercom = Some(intercom.id);
        }
        let mut place = displayable(ui, &intercom.address).into_owned();
        if let Some(entrance) = intercom.department {
            if !place.is_empty() {
                place.push_str(" · ");
            }
            // "entrance 4" stays on one line.
            place.push_str(&t!("intercom-entrance", number = entrance).replace(' ', "\u{a0}"));
        }
        if !place.is_empty() {
            ui.add(egui::Label::new(RichText::new(place).small().color(palette.muted)).wrap());
        }
        ui.horizontal_wrapped(|ui| {
            intercom_status(ui, state, intercom);
            let valid = state.valid_code_count(intercom.id, now);
            let active = t!("intercom-active-codes", count = valid).replace(' ', "\u{a0}");
            ui.label(RichText::new(active).small());
        });
        // What a visitor does at this door, as the share message and the slip say it.
        let instructions = state.instructions(intercom.id);
        if !instructions.is_empty() {
            ui.add(
                egui::Label::new(
                    RichText::new(displayable(ui, instructions))
                        .small()
                        .italics()
                        .color(palette.muted),
                )
                .wrap(),
            );
        }
        ui.horizontal_wrapped(|ui| self.door_buttons(ui, state, intercom, &title));
    }

    /// Open the door (asked first), and the door's instructions; each button names its intercom for screen
    /// readers (and tests).
    fn door_buttons(&mut self, ui: &mut Ui, state: &AppState, intercom: &Intercom, title: &str) {
        let opening = state.opening_doors.contains(&intercom.id);
        // A door the server does not let the app open (`is_open_door_app`) keeps its button, greyed, with why.
        let enabled = !opening && intercom.opens_from_app();
        let button = egui::Button::new(RichText::new(t!("open-door")).small());
        let door = ui
            .add_enabled(enabled, button)
            .on_hover_text(t!("open-door-hint"))
            .on_disabled_hover_text(if intercom.opens_from_app() {
                t!("open-door-hint")
            } else {
                t!("open-door-not-from-app")
            });
        let name = t!("open-door-of", intercom = title);
        door.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, &name));
        if door.clicked() {
            self.confirm(Confirm::OpenDoor {
                intercom: intercom.id,
                call: None,
            });
        }
        let edit = ui
            .button(RichText::new(t!("door-instructions")).small())
            .on_hover_text(t!("door-instructions-hint"));
        let name = t!("door-instructions-of", intercom = title);
        edit.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
        if edit.clicked() {
            self.overlay = Some(Overlay::Instructions(InstructionsEditor::new(
                state,
                intercom.id,
            )));
        }
    }

    fn codes(&mut self, ui: &mut Ui, state: &AppState, now: DateTime<Utc>) {
        let asked = egui::Panel::bottom("calls")
            .resizable(true)
            .default_size(calls::DEFAULT_HEIGHT)
            .show(ui, |ui| calls::calls_panel(ui, state, now))
            .inner;
        match asked {
            Some(CallChoice::MakeCode { intercom, title }) => self.make_code_for(intercom, title),
            Some(CallChoice::OpenDoor { intercom, call }) => {
                self.confirm_open_door(intercom, Some(call));
            }
            None => {}
        }
        // When the toolbar does not fit one row, the filter and the revoke button take a row of their own.
        if ui.available_width() >= self.toolbar_width(ui) {
            ui.horizontal(|ui| {
                self.search_field(ui);
                self.filter_and_revoke(ui);
            });
        } else {
            ui.horizontal(|ui| self.search_field(ui));
            ui.horizontal(|ui| self.filter_and_revoke(ui));
        }
        ui.separator();
        let show_intercom = self.query.selection == Selection::All;
        let ids = state.view(&mut self.view, &self.query);
        if ids.is_empty() {
            ui.add_space(space::XL);
            let empty = if state.syncing && state.last_sync.is_none() {
                t!("codes-loading")
            } else if self.query.search.trim().is_empty() && self.query.filter == StatusFilter::Any
            {
                t!("codes-none")
            } else {
                t!("codes-no-match")
            };
            ui.label(RichText::new(empty).color(theme::palette(ui).muted));
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

    /// The width of the toolbar in one row, in the language in use.
    fn toolbar_width(&self, ui: &Ui) -> f32 {
        let body = |text: &str| text_width(ui, text, egui::TextStyle::Body);
        let padding = ui.spacing().button_padding.x;
        let filters = StatusFilter::ALL
            .into_iter()
            .map(|filter| body(filter.label()))
            .fold(0.0, f32::max);
        let revoke = t!("revoke-selected", count = self.table.selected.len());
        body(t!("search"))
            + search_width(ui)
            + body(t!("show"))
            + filters
            + ui.spacing().icon_width
            + 3.0 * padding
            + body(&revoke)
            + 2.0 * padding
            + 5.0 * ui.spacing().item_spacing.x
    }

    fn search_field(&mut self, ui: &mut Ui) {
        let search = labelled_text_edit(
            ui,
            t!("search"),
            TextEdit::singleline(&mut self.query.search)
                .id(search_id())
                .hint_text(t!("search-hint"))
                .desired_width(search_width(ui)),
        );
        self.search_focused = search.has_focus();
    }

    fn filter_and_revoke(&mut self, ui: &mut Ui) {
        let filter_label = ui.label(t!("show"));
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
        let revoke = egui::Button::new(t!("revoke-selected", count = selected));
        if ui.add_enabled(selected > 0, revoke).clicked() {
            self.confirm(Confirm::Revoke(
                self.table.selected.iter().copied().collect(),
            ));
        }
    }
}

/// Whether the intercom is confirmed, and online as far as the live channel tells (each status on one line:
/// "online status unknown" never splits over two).
fn intercom_status(ui: &mut Ui, state: &AppState, intercom: &Intercom) {
    let palette = theme::palette(ui);
    let status = |ui: &mut Ui, text: &str, color: egui::Color32| {
        ui.add(egui::Label::new(RichText::new(text).small().color(color)).extend())
    };
    match (intercom.is_confirmed(), online_state(state, intercom)) {
        (false, _) => {
            status_dot(ui, palette.warning, false);
            status(ui, t!("intercom-not-confirmed"), palette.warning);
        }
        (true, Some(true)) => {
            status_dot(ui, palette.ok, true);
            status(ui, t!("intercom-online"), palette.ok);
        }
        (true, Some(false)) => {
            status_dot(ui, palette.muted, false);
            status(ui, t!("intercom-offline"), palette.muted);
        }
        (true, None) => {
            status_dot(ui, palette.muted, false);
            status(ui, t!("intercom-unknown"), palette.muted)
                .on_hover_text(t!("intercom-unknown-hint"));
        }
    }
}

/// The search field's width: a share of the room, within limits.
fn search_width(ui: &Ui) -> f32 {
    (ui.available_width() * 0.4).clamp(120.0, 240.0)
}

/// The live channel, when the screen last matched the server, and how many codes there are (`shown`: how many of
/// them the search and filters show, when they hide some).
fn status_bar(ui: &mut Ui, state: &AppState, now: DateTime<Utc>, shown: Option<usize>) {
    let palette = theme::palette(ui);
    ui.horizontal(|ui| {
        match &state.live {
            LiveStatus::Off => {}
            LiveStatus::Connecting => {
                status_dot(ui, palette.muted, false);
                ui.label(RichText::new(t!("live-connecting")).color(palette.muted));
            }
            LiveStatus::Connected => {
                status_dot(ui, palette.ok, true);
                ui.label(RichText::new(t!("live-on")).color(palette.ok))
                    .on_hover_text(t!("live-on-hint"));
            }
            LiveStatus::Reconnecting { at, reason } => {
                // Whole seconds left, rounded up: "in 1 s" until the attempt, then "reconnecting…", never "in 0 s".
                let millis = (*at - now).num_milliseconds();
                let text = if millis > 0 {
                    t!("live-reconnecting", seconds = (millis + 999) / 1000)
                } else {
                    t!("live-reconnecting-now").to_owned()
                };
                status_dot(ui, palette.warning, false);
                ui.label(RichText::new(text).color(palette.warning))
                    .on_hover_text(reason);
            }
            LiveStatus::Stopped { reason } => {
                status_dot(ui, palette.error, true);
                ui.label(RichText::new(t!("live-stopped")).color(palette.error))
                    .on_hover_text(reason);
            }
        }
        ui.separator();
        if let Some(failure) = &state.sync_error {
            let label = ui.label(
                RichText::new(t!("sync-failed", reason = failure.sentence())).color(palette.error),
            );
            if let Some(detail) = failure.detail() {
                label.on_hover_text(detail);
            }
        } else if state.syncing {
            ui.label(RichText::new(t!("syncing")).color(palette.muted));
        } else if let Some(at) = state.synced_at() {
            let time = i18n::current().format_moment(at, "format-time");
            ui.label(RichText::new(t!("synced-at", time = time)).color(palette.muted))
                .on_hover_text(t!("synced-hint"));
        }
        ui.separator();
        let held = state.code_count();
        if let Some(shown) = shown {
            ui.label(t!("codes-shown", shown = shown, count = held));
        }
        match state.code_limit {
            Some(limit) => {
                if shown.is_some() {
                    ui.separator();
                }
                ui.label(t!("codes-of-limit", held = held, limit = limit));
            }
            None if shown.is_none() => {
                ui.label(t!("codes-count", count = held));
            }
            None => {}
        }
        if state.storage_warning.is_some() {
            ui.separator();
            ui.label(RichText::new(t!("keyring-short")).color(palette.warning))
                .on_hover_text(t!("keyring-missing"));
        }
    });
}

/// "Not encrypted", for as long as the session's server is plain http on another computer.
fn not_encrypted_marker(ui: &mut Ui, server: &str) {
    let unencrypted = aipix_client::api::parse_base_url(server)
        .is_ok_and(|url| aipix_client::api::is_unencrypted(&url));
    if unencrypted {
        ui.label(
            RichText::new(format!("⚠ {}", t!("not-encrypted")))
                .strong()
                .color(theme::palette(ui).warning),
        )
        .on_hover_text(t!("not-encrypted-hint"));
    }
}
