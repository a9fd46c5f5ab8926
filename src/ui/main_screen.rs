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
use crate::desks::Desks;
use crate::messages::Command;
use crate::state::{
    AppState, CodeQuery, CodeView, DeskId, LiveStatus, Selection, StatusFilter, view_across,
};
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
    Sessions(super::sessions::SessionsDialog),
}

impl Overlay {
    fn modal(&mut self) -> &mut dyn Modal {
        match self {
            Overlay::Confirm(dialog) => dialog,
            Overlay::Qr(dialog) => dialog,
            Overlay::Extend(dialog) => dialog,
            Overlay::Template(editor) => editor,
            Overlay::Instructions(editor) => editor,
            Overlay::Sessions(view) => view,
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
    /// The dialog open, and the account it is about.
    overlay: Option<(DeskId, Overlay)>,
    /// Revokes asked for codes of several accounts at once: one confirmation per account, in turn.
    revokes_waiting: Vec<(DeskId, Vec<u64>)>,
    /// The group being named in the intercom list, and the name typed so far.
    naming: Option<(DeskId, String)>,
    /// The name field is new: the keyboard goes there (once: a click elsewhere takes it away).
    naming_focus: bool,
    /// How tall each intercom's entry was when last drawn, and at which width: one scrolled out of sight takes
    /// its room without being laid out (with many accounts the list is long, and it is laid out every frame).
    entry_heights: std::collections::HashMap<(DeskId, u64), (f32, f32)>,
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

    pub fn ui(&mut self, ui: &mut Ui, desks: &Desks, now: DateTime<Utc>) -> Vec<Action> {
        let mut actions = Vec::new();
        let state = &desks.focused().state;
        self.follow_state(desks, &mut actions);
        self.shortcuts(ui, desks);
        let palette = theme::palette(ui);
        let width = ui.available_width();
        let side_frame = egui::Frame::side_top_panel(ui.style()).fill(palette.side_panel);
        // The form is never narrower than its quick choices, two to a row, in the language in use.
        let form = CodeForm::min_width(ui) + side_frame.inner_margin.sum().x;

        egui::Panel::top("top-bar")
            .frame(side_frame.inner_margin(egui::Margin::symmetric(space::M as i8, space::S as i8)))
            .show(ui, |ui| self.top_bar(ui, desks, &mut actions));
        // A server that needs a newer Visitor Desk: said across the window, not only in the status bar.
        if let Some(failure) = desks
            .open()
            .find_map(|desk| desk.state.needs_update.as_ref())
        {
            egui::Panel::top("needs-update")
                .show(ui, |ui| super::server_facts::outdated_box(ui, failure));
        }
        // The codes the query shows, before any panel: the status bar counts them.
        let shown = view_across(&mut self.view, &desks.states(), &self.query).len();
        let filtered = self.query.selection != Selection::All
            || !self.query.search.trim().is_empty()
            || self.query.filter != StatusFilter::Any;
        egui::Panel::bottom("status-bar")
            .frame(
                side_frame.inner_margin(egui::Margin::symmetric(space::M as i8, space::XS as i8)),
            )
            .show(ui, |ui| {
                if desks.several() {
                    super::accounts::status_bar(ui, desks, now, filtered.then_some(shown));
                } else {
                    status_bar(ui, state, now, filtered.then_some(shown));
                }
            });
        egui::Panel::left("intercoms")
            .frame(side_frame)
            .resizable(true)
            .default_size((width * 0.16).clamp(140.0, 260.0))
            // A window made smaller takes the side panels with it, so that the codes keep their room.
            .size_range(140.0..=(width * 0.18).max(140.0))
            .show(ui, |ui| self.intercom_list(ui, desks, now, &mut actions));
        egui::Panel::right("new-code")
            .frame(side_frame)
            .resizable(true)
            .default_size((width * 0.25).clamp(form, 340.0_f32.max(form)))
            .size_range(form..=(width * 0.28).max(form))
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| match self.form.ui(ui, desks, now) {
                    Some(FormRequest::Act(action)) => actions.push(action),
                    Some(FormRequest::Confirm(confirm)) => self.confirm(desks.focus(), confirm),
                    Some(FormRequest::Code(choice)) => {
                        self.code_choice(desks.focus(), desks.focus(), choice, &mut actions);
                    }
                    Some(FormRequest::Use { desk, intercom }) => {
                        actions.push(Action::Focus(desk));
                        self.form.intercom = Some(intercom);
                        self.query.selection = Selection::Intercom(desk, intercom);
                    }
                    None => {}
                });
            });
        self.codes_area = Some(
            egui::CentralPanel::default()
                .show(ui, |ui| self.codes(ui, desks, now, &mut actions))
                .response
                .rect,
        );
        if let Some((desk, choice)) = self.table.choice.take() {
            self.code_choice(desks.focus(), desk, choice, &mut actions);
        }
        self.overlay(ui.ctx(), desks, now, &mut actions);
        self.was_typing = ui.ctx().text_edit_focused();
        actions
    }

    /// The codes as the list shows them, of every account: its group or intercom, search, filter and order.
    pub fn shown_codes(&mut self, desks: &Desks) -> Vec<aipix_client::api::Code> {
        view_across(&mut self.view, &desks.states(), &self.query)
            .iter()
            .filter_map(|key| desks.code(*key).cloned())
            .collect()
    }

    /// Asks `confirm` of the user, about an account's codes or doors.
    fn confirm(&mut self, desk: DeskId, confirm: Confirm) {
        self.overlay = Some((desk, Overlay::Confirm(Dialog::new(confirm))));
    }

    /// Acts on what was asked for a code of `desk`, from its row or from the panel of the code just made; a code
    /// of another account than the focused one focuses it first.
    fn code_choice(
        &mut self,
        focus: DeskId,
        desk: DeskId,
        choice: CodeChoice,
        actions: &mut Vec<Action>,
    ) {
        match choice {
            CodeChoice::Send(command) => {
                if desk != focus {
                    actions.push(Action::Focus(desk));
                }
                actions.push(Action::Send(*command));
            }
            CodeChoice::ShowQr(code) => self.overlay = Some((desk, Overlay::Qr(QrDialog { code }))),
            CodeChoice::Extend(code) => self.extend(desk, code),
            CodeChoice::Revoke(code) => self.confirm(desk, Confirm::Revoke(vec![code])),
        }
    }

    /// Draws the open dialog with its account's data; passes on what it asked for (as that account's), and
    /// forgets it once closed. Revokes waiting for their confirmation follow, one account at a time.
    fn overlay(
        &mut self,
        ctx: &egui::Context,
        desks: &Desks,
        now: DateTime<Utc>,
        actions: &mut Vec<Action>,
    ) {
        if self.overlay.is_none()
            && let Some((desk, ids)) = self.revokes_waiting.pop()
        {
            self.confirm(desk, Confirm::Revoke(ids));
        }
        let Some((desk, overlay)) = &mut self.overlay else {
            return;
        };
        let Some(state) = desks.state(*desk).filter(|state| state.is_signed_in()) else {
            // Its account has gone: so has the question.
            self.overlay = None;
            return;
        };
        if let Overlay::Confirm(dialog) = overlay {
            dialog.account = desks.several().then(|| state.group_name());
        }
        if let Overlay::Template(editor) = overlay {
            let shown: Vec<u64> = state
                .view(*desk, &mut self.view, &self.query)
                .iter()
                .map(|key| key.id)
                .collect();
            editor.sample = template_editor::preview_code(state, &shown, now);
        }
        let answer = overlay.modal().show(ctx, state, now);
        if !answer.actions.is_empty() && *desk != desks.focus() {
            actions.push(Action::Focus(*desk));
        }
        if answer.closed {
            // A revoke cancelled for one account is cancelled for the others it was asked with.
            if answer.actions.is_empty() {
                self.revokes_waiting.clear();
            }
            self.overlay = None;
        }
        actions.extend(answer.actions);
    }

    /// The Sessions view of `desk`'s account, listed afresh.
    fn open_sessions(&mut self, desk: DeskId, actions: &mut Vec<Action>) {
        self.overlay = Some((desk, Overlay::Sessions(super::sessions::SessionsDialog)));
        actions.push(Action::Focus(desk));
        actions.push(Action::Send(Command::ListSessions));
    }

    /// The new-code form for `intercom` of `desk`, `title` in it and the keyboard there (a call's "Make code").
    pub fn make_code_for(&mut self, desk: DeskId, intercom: u64, title: String) {
        self.open_on(desk, intercom);
        self.form.title = title;
        self.form.focus_title();
    }

    /// Asks whether to open `intercom`'s door (for `call`, when a call's button asked).
    pub fn confirm_open_door(&mut self, desk: DeskId, intercom: u64, call: Option<u64>) {
        self.confirm(desk, Confirm::OpenDoor { intercom, call });
    }

    /// The Extend dialog of `code`.
    pub fn extend(&mut self, desk: DeskId, code: u64) {
        self.overlay = Some((desk, Overlay::Extend(ExtendDialog::new(code))));
    }

    /// Shows the codes of `intercom` (the one looked at last time), and makes new codes for it.
    pub fn open_on(&mut self, desk: DeskId, intercom: u64) {
        self.query.selection = Selection::Intercom(desk, intercom);
        self.form.intercom = Some(intercom);
        self.remembered_selection = Some(self.query.selection);
    }

    /// Keeps the screen's own choices in line with the data: the form's intercom, the selection.
    fn follow_state(&mut self, desks: &Desks, actions: &mut Vec<Action>) {
        let state = &desks.focused().state;
        if state.last_sync.is_some() && self.remembered_selection != Some(self.query.selection) {
            if self.remembered_selection.is_some() {
                let intercom = match self.query.selection {
                    Selection::All | Selection::Desk(_) => None,
                    Selection::Intercom(_, id) => Some(id),
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
        let shown = match self.query.selection {
            Selection::All => true,
            Selection::Desk(desk) => desks.get(desk).is_some_and(|desk| desk.is_open()),
            Selection::Intercom(desk, id) => desks
                .get(desk)
                .is_some_and(|desk| desk.is_open() && desk.state.intercom(id).is_some()),
        };
        if !shown {
            self.query.selection = Selection::All;
        }
        if self
            .form
            .intercom
            .is_none_or(|id| state.intercom(id).is_none())
        {
            self.form.intercom = match self.query.selection {
                Selection::Intercom(desk, id) if desk == desks.focus() => Some(id),
                _ => state.intercoms.first().map(|intercom| intercom.id),
            };
        }
        self.table.selected.retain(|key| desks.code(*key).is_some());
        if self
            .naming
            .as_ref()
            .is_some_and(|(desk, _)| desks.get(*desk).is_none_or(|desk| !desk.is_open()))
        {
            self.naming = None;
        }
    }

    fn shortcuts(&mut self, ui: &mut Ui, desks: &Desks) {
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
            self.revoke_selected();
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
            if let Some(value) = current
                .and_then(|key| desks.code(key))
                .and_then(|code| code.code_value())
            {
                ui.ctx().copy_text(value.to_owned());
            }
        }
    }

    fn top_bar(&mut self, ui: &mut Ui, desks: &Desks, actions: &mut Vec<Action>) {
        let palette = theme::palette(ui);
        let state = &desks.focused().state;
        ui.horizontal(|ui| {
            ui.heading(t!("app-name"));
            // The buttons first, from the right edge, so that a narrow window cuts the account's name instead.
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                actions.extend(super::accounts::sign_out_button(ui, desks));
                if desks.can_add()
                    && ui
                        .button(t!("add-account"))
                        .on_hover_text(t!("add-account-hint"))
                        .clicked()
                {
                    actions.push(Action::AddAccount);
                }
                actions.extend(super::history::top_bar_buttons(ui));
                let syncing = desks.open().any(|desk| desk.state.syncing);
                if ui
                    .add_enabled(!syncing, egui::Button::new(t!("refresh")))
                    .on_hover_text(t!("refresh-hint"))
                    .clicked()
                {
                    actions.push(Action::RefreshAll);
                }
                let mut edit_template = false;
                actions.extend(settings_menu(ui, &state.preferences, |ui| {
                    if ui.button(t!("menu-share-message")).clicked() {
                        edit_template = true;
                    }
                    ui.separator();
                }));
                if edit_template {
                    self.overlay =
                        Some((desks.focus(), Overlay::Template(TemplateEditor::new(state))));
                }
                ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                    ui.add_space(space::S);
                    for desk in desks.open() {
                        if let Some(session) = &desk.state.session {
                            not_encrypted_marker(ui, &session.server);
                        }
                    }
                    let who = if desks.several() {
                        t!("accounts-signed-in", count = desks.open().count())
                    } else if let Some(session) = &state.session {
                        format!("{} · {}", session.user.login, session.server)
                    } else {
                        String::new()
                    };
                    if desks.several() {
                        ui.add(
                            egui::Label::new(RichText::new(who).color(palette.muted)).truncate(),
                        );
                    } else if super::sessions::account_menu(ui, &who) {
                        // One account: its name is its menu (with several, each group's "⋯" is).
                        self.open_sessions(desks.focus(), actions);
                    }
                });
            });
        });
    }

    fn intercom_list(
        &mut self,
        ui: &mut Ui,
        desks: &Desks,
        now: DateTime<Utc>,
        actions: &mut Vec<Action>,
    ) {
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
            // One account: its intercoms, as they always were. Several: a group each, named.
            let grouped = desks.several() || desks.iter().any(|desk| desk.ended.is_some());
            // An account still resuming, or being added, shows once it is signed in.
            let shown = |desk: &&crate::desks::Desk| desk.is_open() || desk.ended.is_some();
            for desk in desks.iter().filter(shown) {
                if !grouped {
                    for intercom in &desk.state.intercoms {
                        ui.separator();
                        self.intercom_entry_if_seen(ui, desks, desk.id, intercom, now, actions);
                    }
                    continue;
                }
                if !desk.state.is_signed_in() {
                    // Ended by the server: say so, and offer to sign in again.
                    if super::accounts::signed_out_group(ui, desk) {
                        actions.push(Action::Focus(desk.id));
                    }
                    continue;
                }
                ui.add_space(space::XS);
                let header = egui::CollapsingHeader::new(
                    RichText::new(displayable(ui, &desk.state.group_name())).strong(),
                )
                .id_salt(("group", desk.id.0))
                .default_open(true)
                .show(ui, |ui| {
                    self.group_row(ui, desks, desk.id, actions);
                    for intercom in &desk.state.intercoms {
                        ui.separator();
                        self.intercom_entry_if_seen(ui, desks, desk.id, intercom, now, actions);
                    }
                });
                header
                    .header_response
                    .on_hover_text(super::accounts::account_hint(&desk.state));
            }
        });
    }

    /// A group's own row: show all its codes, whether its account is live, and its menu (name it, sign out).
    fn group_row(&mut self, ui: &mut Ui, desks: &Desks, desk: DeskId, actions: &mut Vec<Action>) {
        let Some(state) = desks.state(desk) else {
            return;
        };
        // Wrapped: in a narrow list the menu goes under "All its codes" rather than out of sight.
        ui.horizontal_wrapped(|ui| {
            let selected = self.query.selection == Selection::Desk(desk);
            let name = state.group_name();
            let all = ui
                .selectable_label(selected, t!("group-all"))
                .on_hover_text(t!("group-all-hint", group = name.as_str()));
            if all.clicked() {
                self.query.selection = Selection::Desk(desk);
                actions.push(Action::Focus(desk));
            }
            super::accounts::live_dot(ui, state);
            // "⋯", drawn as the rows' menus draw it (no font needs the glyph).
            let button = egui::Button::new("").min_size(code_table::menu_button_size(ui));
            let (response, _) =
                egui::containers::menu::MenuButton::from_button(button).ui(ui, |ui| {
                    if ui.button(t!("group-rename")).clicked() {
                        self.naming = Some((desk, state.group_name()));
                        self.naming_focus = true;
                    }
                    if ui.button(t!("sessions-open")).clicked() {
                        self.open_sessions(desk, actions);
                    }
                    if ui.button(t!("group-sign-out")).clicked() {
                        actions.push(Action::SignOut(desk));
                    }
                });
            code_table::paint_dots(ui, &response);
            let label = t!("group-menu-of", group = name.as_str());
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        });
        if let Some((naming, text)) = &mut self.naming
            && *naming == desk
        {
            let focus = std::mem::take(&mut self.naming_focus);
            match super::accounts::name_field(ui, text, focus) {
                Some(true) => {
                    actions.push(Action::Focus(desk));
                    actions.push(Action::Send(Command::NameGroup { name: text.clone() }));
                    self.naming = None;
                }
                Some(false) => self.naming = None,
                None => {}
            }
        }
    }

    /// An intercom's entry where it can be seen; out of sight, only its room (as tall as when last drawn at
    /// this width).
    fn intercom_entry_if_seen(
        &mut self,
        ui: &mut Ui,
        desks: &Desks,
        desk: DeskId,
        intercom: &Intercom,
        now: DateTime<Utc>,
        actions: &mut Vec<Action>,
    ) {
        let key = (desk, intercom.id);
        let width = ui.available_width();
        let top = ui.cursor().top();
        let seen = ui.clip_rect();
        if let Some(&(drawn_width, height)) = self.entry_heights.get(&key)
            && drawn_width == width
            && (top > seen.bottom() || top + height < seen.top())
        {
            ui.allocate_space(egui::vec2(width, height));
            return;
        }
        let drawn = ui.scope(|ui| self.intercom_entry(ui, desks, desk, intercom, now, actions));
        self.entry_heights
            .insert(key, (width, drawn.response.rect.height()));
    }

    /// One intercom: its name (a click shows its codes), where it is, whether it is online, how many codes work,
    /// what a visitor does at its door, and its buttons.
    fn intercom_entry(
        &mut self,
        ui: &mut Ui,
        desks: &Desks,
        desk: DeskId,
        intercom: &Intercom,
        now: DateTime<Utc>,
        actions: &mut Vec<Action>,
    ) {
        let Some(state) = desks.state(desk) else {
            return;
        };
        let palette = theme::palette(ui);
        let selected = self.query.selection == Selection::Intercom(desk, intercom.id);
        let title = displayable(ui, &intercom.title).into_owned();
        if ui
            .add(
                egui::Button::selectable(selected, RichText::new(title.as_str()).strong())
                    .truncate(),
            )
            .clicked()
        {
            // Its account's form and dialogs from now on.
            if desk != desks.focus() {
                actions.push(Action::Focus(desk));
            }
            self.query.selection = Selection::Intercom(desk, intercom.id);
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
        ui.horizontal_wrapped(|ui| self.door_buttons(ui, desk, state, intercom, &title));
    }

    /// Open the door (asked first), and the door's instructions; each button names its intercom for screen
    /// readers (and tests).
    fn door_buttons(
        &mut self,
        ui: &mut Ui,
        desk: DeskId,
        state: &AppState,
        intercom: &Intercom,
        title: &str,
    ) {
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
            self.confirm(
                desk,
                Confirm::OpenDoor {
                    intercom: intercom.id,
                    call: None,
                },
            );
        }
        let edit = ui
            .button(RichText::new(t!("door-instructions")).small())
            .on_hover_text(t!("door-instructions-hint"));
        let name = t!("door-instructions-of", intercom = title);
        edit.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
        if edit.clicked() {
            self.overlay = Some((
                desk,
                Overlay::Instructions(InstructionsEditor::new(state, intercom.id)),
            ));
        }
    }

    fn codes(&mut self, ui: &mut Ui, desks: &Desks, now: DateTime<Utc>, actions: &mut Vec<Action>) {
        let asked = egui::Panel::bottom("calls")
            .resizable(true)
            .default_size(calls::DEFAULT_HEIGHT)
            .show(ui, |ui| calls::calls_panel(ui, desks, now))
            .inner;
        match asked {
            Some(CallChoice::MakeCode {
                desk,
                intercom,
                title,
            }) => {
                // The form is its account's from now on.
                if desk != desks.focus() {
                    actions.push(Action::Focus(desk));
                }
                self.make_code_for(desk, intercom, title);
            }
            Some(CallChoice::OpenDoor {
                desk,
                intercom,
                call,
            }) => self.confirm_open_door(desk, intercom, Some(call)),
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
        let show_intercom = !matches!(self.query.selection, Selection::Intercom(..));
        let keys = view_across(&mut self.view, &desks.states(), &self.query);
        if keys.is_empty() {
            ui.add_space(space::XL);
            let loading = desks
                .open()
                .any(|desk| desk.state.syncing && desk.state.last_sync.is_none());
            let empty = if loading {
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
            keys,
            desks,
            now,
            show_intercom,
            show_account: desks.several(),
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
            self.revoke_selected();
        }
    }

    /// Asks to revoke the codes selected: one confirmation per account they belong to.
    fn revoke_selected(&mut self) {
        let mut by_desk: Vec<(DeskId, Vec<u64>)> = Vec::new();
        for key in &self.table.selected {
            match by_desk.last_mut() {
                Some((desk, ids)) if *desk == key.desk => ids.push(key.id),
                _ => by_desk.push((key.desk, vec![key.id])),
            }
        }
        // Asked in the accounts' order: the waiting ones are taken from the end.
        by_desk.reverse();
        if let Some((desk, ids)) = by_desk.pop() {
            self.confirm(desk, Confirm::Revoke(ids));
        }
        self.revokes_waiting = by_desk;
    }
}

/// Whether the intercom is confirmed, and online as far as the live channel tells (each status on one line:
/// "online status unknown" never splits over two).
fn intercom_status(ui: &mut Ui, state: &AppState, intercom: &Intercom) {
    let palette = theme::palette(ui);
    let status = |ui: &mut Ui, text: &str, color: egui::Color32| {
        ui.add(egui::Label::new(RichText::new(text).small().color(color)).extend())
    };
    match (!intercom.is_unconfirmed(), online_state(state, intercom)) {
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
            // Unknown while the live channel is down, or because the server does not say.
            let hint = if state.live.is_connected() {
                t!("intercom-online-not-reported")
            } else {
                t!("intercom-unknown-hint")
            };
            status(ui, t!("intercom-unknown"), palette.muted).on_hover_text(hint);
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
            LiveStatus::Unencrypted { announced } => {
                status_dot(ui, palette.error, true);
                ui.label(RichText::new(t!("live-unencrypted")).color(palette.error))
                    .on_hover_text(t!("live-unencrypted-hint", address = announced.as_str()));
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
        // Items the last listing left out: said, never silently missing.
        if let Some(text) = state.unreadable.sentence() {
            ui.separator();
            ui.label(RichText::new(text).color(palette.warning));
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
