//! The main window: intercoms at the left (a group per account when there are several), the codes of every open
//! account in the middle with the calls under them, the new-code form at the right, the live state at the bottom.
//! Keyboard: Ctrl+N new code, Ctrl+F search, Alt+1…6 quick expiry, Delete revoke, Ctrl+C copy, Esc cancel; the
//! codes table is one Tab stop whose rows the keys work (see the table's keyboard module). Usable
//! from 800×600 up: the panels take a share of the width, the table fits its columns.
//!
//! Drawn from the accounts model alone: it answers `Action`s, and takes those that are its own (a dialog to open
//! or close, the form readied for a door) before the app sees the rest.

mod intercom_list;
mod status_bar;
mod tab_order;
mod top_bar;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use egui::{Id, Key, KeyboardShortcut, Modifiers, RichText, TextEdit, Ui};

use self::tab_order::{Part, TabOrder};
use super::action::{Action, Modal, Question, Show};
use super::calls;
use super::code_form::CodeForm;
use super::code_table::{self, TableInput, TableState};
use super::confirm::Dialog;
use super::extend::ExtendDialog;
use super::handover::QrDialog;
use super::instructions::InstructionsEditor;
use super::template_editor::{self, TemplateEditor};
use super::theme::{self, space};
use super::widgets::{labelled_text_edit, text_width};
use crate::accounts::{self, AccountId, Accounts};
use crate::journal::ExportSource;
use crate::messages::Command;
use crate::settings::SettingsChange;
use crate::state::{
    CodeKey, CodeQuery, CodeView, Field, Selection, StatusFilter, UiEffect, view_across,
};
use crate::t;

const NEW_CODE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
const FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
const COPY: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::C);

/// The Sessions view of `account`, listed afresh.
fn open_sessions(account: AccountId) -> [Action; 2] {
    [
        Action::Show(Show::Sessions(account)),
        Action::send(account, Command::ListSessions),
    ]
}

fn search_id() -> Id {
    Id::unique("code-search")
}

/// The dialog open over the main screen, if any: one at a time, each knowing the account it is about.
#[derive(Debug)]
enum Overlay {
    Confirm(Dialog),
    Qr(QrDialog),
    Extend(ExtendDialog),
    Template(TemplateEditor),
    Instructions(InstructionsEditor),
    Sessions(crate::ui::sessions::SessionsDialog),
    Today(crate::ui::today::TodayDialog),
    Email(crate::ui::email::EmailDialog),
    MailSettings(crate::ui::email::MailSettingsDialog),
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
            Overlay::Today(view) => view,
            Overlay::Email(dialog) => dialog,
            Overlay::MailSettings(dialog) => dialog,
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
    /// The dialog open.
    overlay: Option<Overlay>,
    /// The group being named in the intercom list, and the name typed so far.
    naming: Option<(AccountId, String)>,
    /// The name field is new: the keyboard goes there (once: a click elsewhere takes it away).
    naming_focus: bool,
    /// How tall each intercom's entry was when last drawn, and at which width: one scrolled out of sight takes
    /// its room without being laid out (with many accounts the list is long, and it is laid out every frame).
    entry_heights: HashMap<(AccountId, u64), (f32, f32)>,
    /// Whether a text field had the keyboard at the end of the last frame.
    was_typing: bool,
    /// Whether the search field had the keyboard at the end of the last frame (Esc there clears it).
    search_focused: bool,
    /// Where the codes were drawn in the last frame (notices stand at its bottom right).
    codes_area: Option<egui::Rect>,
    /// Tab in reading order.
    tab_order: TabOrder,
    /// The row the open dialog was asked for from (its menu, Delete), and where it was in the list: the keyboard
    /// goes back there when the dialog closes, as in any desktop table.
    dialog_from_row: Option<(CodeKey, usize)>,
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

    pub fn ui(&mut self, ui: &mut Ui, accounts: &Accounts, now: DateTime<Utc>) -> Vec<Action> {
        let mut actions = Vec::new();
        self.tab_order.begin(ui);
        self.follow(accounts);
        self.shortcuts(ui, accounts, &mut actions);
        let palette = theme::palette(ui);
        let width = ui.available_width();
        let side_frame = egui::Frame::side_top_panel(ui.style()).fill(palette.side_panel);
        // The form is never narrower than its quick choices, two to a row, in the language in use.
        let form = CodeForm::min_width(ui) + side_frame.inner_margin.sum().x;

        self.tab_order.part(ui, Part::TopBar);
        egui::Panel::top("top-bar")
            .frame(side_frame.inner_margin(egui::Margin::symmetric(space::M as i8, space::S as i8)))
            .show(ui, |ui| top_bar::show(ui, accounts, now, &mut actions));
        // A server that needs a newer Visitor Desk: said across the window, not only in the status bar.
        if let Some(failure) = accounts
            .open()
            .find_map(|account| account.state.needs_update.as_ref())
        {
            self.tab_order.part(ui, Part::Outdated);
            egui::Panel::top("needs-update")
                .show(ui, |ui| crate::ui::server_facts::outdated_box(ui, failure));
        }
        // The codes the query shows, before any panel: the status bar counts them.
        let shown = view_across(&mut self.view, &accounts.states(), &self.query).len();
        let filtered = self.query.selection != Selection::All
            || !self.query.search.trim().is_empty()
            || self.query.filter != StatusFilter::Any;
        self.tab_order.part(ui, Part::StatusBar);
        egui::Panel::bottom("status-bar")
            .frame(
                side_frame.inner_margin(egui::Margin::symmetric(space::M as i8, space::XS as i8)),
            )
            .show(ui, |ui| {
                status_bar::show(ui, accounts, now, filtered.then_some(shown));
            });
        self.tab_order.part(ui, Part::Intercoms);
        egui::Panel::left("intercoms")
            .frame(side_frame)
            .resizable(true)
            .default_size((width * 0.16).clamp(140.0, 260.0))
            // A window made smaller takes the side panels with it, so that the codes keep their room.
            .size_range(140.0..=(width * 0.18).max(140.0))
            .show(ui, |ui| self.intercom_list(ui, accounts, now, &mut actions));
        self.tab_order.part(ui, Part::Form);
        egui::Panel::right("new-code")
            .frame(side_frame)
            .resizable(true)
            .default_size((width * 0.25).clamp(form, 340.0_f32.max(form)))
            .size_range(form..=(width * 0.28).max(form))
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .show(ui, |ui| actions.extend(self.form.ui(ui, accounts, now)));
            });
        self.codes_area = Some(
            egui::CentralPanel::default()
                .show(ui, |ui| self.codes(ui, accounts, now, &mut actions))
                .response
                .rect,
        );
        let mut actions = self.take_own(actions, accounts);
        if let Some(overlay) = &mut self.overlay {
            if let Overlay::Template(editor) = overlay {
                let shown = view_across(&mut self.view, &accounts.states(), &self.query);
                editor.sample =
                    template_editor::preview_code(accounts, self.form.account, shown, now);
            }
            let asked = overlay.modal().show(ui.ctx(), accounts, now);
            let closes = asked.contains(&Action::Show(Show::Close));
            if asked
                .iter()
                .any(|action| matches!(action, Action::Show(show) if *show != Show::Close))
            {
                // Another dialog takes this one's place once this frame is drawn: nothing else asks for the frame
                // that shows it (seen: "Mail server…" from the send dialog stood half-drawn until the mouse moved).
                ui.ctx().request_repaint();
            }
            actions.extend(self.take_own(asked, accounts));
            if closes
                && self.overlay.is_none()
                && let Some((key, at)) = self.dialog_from_row.take()
            {
                // Extended: the row is the new code's.
                let key = replacement(key, accounts).unwrap_or(key);
                self.table.give_keyboard(ui.ctx(), key, at);
            }
        }
        if self.overlay.is_none() {
            self.dialog_from_row = None;
        }
        self.was_typing = ui.ctx().text_edit_focused();
        actions
    }

    /// Takes the actions that are the screen's own (its dialogs, its form), and answers the rest.
    fn take_own(&mut self, actions: Vec<Action>, accounts: &Accounts) -> Vec<Action> {
        actions
            .into_iter()
            .filter_map(|action| match action {
                Action::Show(show) => {
                    self.show(show, accounts);
                    None
                }
                other => Some(other),
            })
            .collect()
    }

    /// Opens a dialog, or readies the form.
    pub fn show(&mut self, show: Show, accounts: &Accounts) {
        self.overlay = match show {
            Show::Question(question) => Some(Overlay::Confirm(Dialog::new(question))),
            Show::Qr(key) => Some(Overlay::Qr(QrDialog { key })),
            Show::Extend(key) => Some(Overlay::Extend(ExtendDialog::new(key))),
            Show::Instructions { account, intercom } => {
                let Some(state) = accounts.state(account) else {
                    return;
                };
                Some(Overlay::Instructions(InstructionsEditor::new(
                    account, state, intercom,
                )))
            }
            Show::Template => Some(Overlay::Template(TemplateEditor::new(
                &accounts.focused().state,
            ))),
            Show::NewCode {
                account,
                intercom,
                title,
            } => {
                // The form only: which codes the table shows stays the user's own choice.
                self.form.open_on(account, intercom);
                if let Some(title) = title {
                    self.form.title = title;
                }
                self.form.focus_title();
                return;
            }
            Show::Sessions(account) => {
                Some(Overlay::Sessions(crate::ui::sessions::SessionsDialog {
                    account,
                }))
            }
            Show::Today(account) => {
                Some(Overlay::Today(crate::ui::today::TodayDialog::new(account)))
            }
            Show::Email(key) => Some(Overlay::Email(crate::ui::email::EmailDialog::new(key))),
            Show::MailSettings(account) => {
                let Some(state) = accounts.state(account) else {
                    return;
                };
                Some(Overlay::MailSettings(
                    crate::ui::email::MailSettingsDialog::new(account, state),
                ))
            }
            Show::Close => None,
        };
    }

    /// What the accounts asked of the main screen; answers what it asks in return (a form the server's end of
    /// its session interrupted, to keep for that account).
    pub fn follow_effect(
        &mut self,
        account: AccountId,
        effect: UiEffect,
        accounts: &Accounts,
    ) -> Vec<Action> {
        let form_is_its = self.form.account == Some(account);
        match effect {
            UiEffect::OpenIntercom(intercom) => self.open_on(account, intercom),
            UiEffect::Focus(Field::NewCode(field)) if form_is_its => self.form.focus_field(field),
            UiEffect::CodeMade { title } if form_is_its => self.form.made(&title),
            UiEffect::MakeCode { intercom, title } => {
                let title = Some(title);
                self.show(
                    Show::NewCode {
                        account,
                        intercom,
                        title,
                    },
                    accounts,
                );
            }
            UiEffect::ConfirmOpenDoor { intercom, call } => {
                let question = Question::OpenDoor {
                    account,
                    intercom,
                    call,
                };
                self.show(Show::Question(question), accounts);
            }
            UiEffect::Extend(code) => {
                let key = CodeKey {
                    account,
                    id: code.id,
                };
                self.show(Show::Extend(key), accounts);
            }
            UiEffect::SessionEnded { by_server } => {
                if let Some(unsent) = self.form.session_ended(account, by_server) {
                    let keep = accounts::Action::KeepUnsent { account, unsent };
                    return vec![Action::Accounts(keep)];
                }
            }
            UiEffect::OfferUnsent(unsent) => self.form.offer(account, unsent),
            // Nothing of the main window (a title typed, a search, a selection) stays for the next person.
            UiEffect::NoAccountOpen => *self = Self::default(),
            _ => {}
        }
        Vec::new()
    }

    /// The codes as the list shows them, to save: of every account (its group or intercom, search, filter and
    /// order), each naming its account when there are several.
    pub fn export_source(&mut self, accounts: &Accounts, now: DateTime<Utc>) -> ExportSource {
        let keys = view_across(&mut self.view, &accounts.states(), &self.query);
        let shown: Vec<(AccountId, &aipix_client::api::Code)> = keys
            .iter()
            .filter_map(|key| Some((key.account, accounts.code(*key)?)))
            .collect();
        let names = if accounts.several() {
            shown
                .iter()
                .map(|(account, _)| accounts.name(*account))
                .collect()
        } else {
            Vec::new()
        };
        ExportSource::Codes {
            codes: shown.into_iter().map(|(_, code)| code.clone()).collect(),
            accounts: names,
            now,
        }
    }

    /// Shows the codes of `intercom` of `account` (the one looked at last time), and makes new codes for it.
    pub fn open_on(&mut self, account: AccountId, intercom: u64) {
        self.query.selection = Selection::Intercom(account, intercom);
        self.form.open_on(account, intercom);
    }

    /// The list shows `selection` from now on, as the user chose it: remembered for the next start.
    fn select(&mut self, selection: Selection, actions: &mut Vec<Action>) {
        if self.query.selection == selection {
            return;
        }
        self.query.selection = selection;
        let intercom = match selection {
            Selection::All | Selection::Account(_) => None,
            Selection::Intercom(_, id) => Some(id),
        };
        actions.push(Action::remember(SettingsChange::LastIntercom(intercom)));
    }

    /// Keeps the screen's own choices in line with the accounts: the selection, the rows selected, the group
    /// being named.
    fn follow(&mut self, accounts: &Accounts) {
        let open = |id: AccountId| accounts.get(id).filter(|account| account.is_open());
        let shown = match self.query.selection {
            Selection::All => true,
            Selection::Account(id) => open(id).is_some(),
            Selection::Intercom(id, intercom) => {
                open(id).is_some_and(|account| account.state.intercom(intercom).is_some())
            }
        };
        if !shown {
            self.query.selection = Selection::All;
        }
        self.table
            .selected
            .retain(|key| accounts.code(*key).is_some());
        if self
            .naming
            .as_ref()
            .is_some_and(|(account, _)| open(*account).is_none())
        {
            self.naming = None;
        }
    }

    fn shortcuts(&mut self, ui: &mut Ui, accounts: &Accounts, actions: &mut Vec<Action>) {
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
        // On the table's rows Delete and Ctrl+C act on the focused row (Delete on the rows selected, when any).
        let on_rows = code_table::has_keyboard(ui.ctx());
        if delete && self.overlay.is_none() {
            if !self.table.selected.is_empty() {
                actions.push(self.revoke_selected());
            } else if let Some(key) = self.table.current.filter(|_| on_rows) {
                actions.push(Action::Show(Show::Question(Question::Revoke(vec![key]))));
            }
            if let Some(key) = self.table.current.filter(|_| on_rows) {
                self.note_row_dialog(key, accounts);
            }
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
                .filter(|id| on_rows || self.table.selected.contains(id))
                .or_else(|| {
                    (self.table.selected.len() == 1)
                        .then(|| self.table.selected.first().copied())
                        .flatten()
                });
            if let Some(value) = current
                .and_then(|key| accounts.code(key))
                .and_then(|code| code.code_value())
            {
                ui.ctx().copy_text(value.to_owned());
            }
        }
    }

    fn codes(
        &mut self,
        ui: &mut Ui,
        accounts: &Accounts,
        now: DateTime<Utc>,
        actions: &mut Vec<Action>,
    ) {
        self.tab_order.part(ui, Part::Calls);
        let asked = egui::Panel::bottom("calls")
            .resizable(true)
            .default_size(calls::DEFAULT_HEIGHT)
            .show(ui, |ui| calls::calls_panel(ui, accounts, now))
            .inner;
        actions.extend(asked);
        self.tab_order.part(ui, Part::Codes);
        // When the toolbar does not fit one row, the filter and the revoke button take a row of their own.
        if ui.available_width() >= self.toolbar_width(ui) {
            ui.horizontal(|ui| {
                self.search_field(ui);
                self.filter_and_revoke(ui, actions);
            });
        } else {
            ui.horizontal(|ui| self.search_field(ui));
            // Narrower still (200% text): the revoke button goes under the filter. A row wider than the panel
            // would widen what the table below is given, and the table would scroll sideways.
            ui.horizontal_wrapped(|ui| self.filter_and_revoke(ui, actions));
        }
        ui.separator();
        let show_intercom = !matches!(self.query.selection, Selection::Intercom(..));
        let keys = view_across(&mut self.view, &accounts.states(), &self.query);
        if keys.is_empty() {
            ui.add_space(space::XL);
            let loading = accounts
                .open()
                .any(|account| account.state.syncing && account.state.last_sync.is_none());
            let empty = if loading {
                t!("codes-loading")
            } else if self.query.search.trim().is_empty() && self.query.filter == StatusFilter::Any
            {
                t!("codes-none")
            } else {
                t!("codes-no-match")
            };
            ui.label(RichText::new(empty).color(theme::palette(ui).muted));
            if self.table.take_keyboard_wanted() || code_table::has_keyboard(ui.ctx()) {
                // The last row went: the keyboard stays with the codes, in their search.
                ui.memory_mut(|memory| memory.request_focus(search_id()));
            }
            self.table.next_change = None;
            return;
        }
        let input = TableInput {
            keys,
            accounts,
            now,
            show_intercom,
            show_account: accounts.several(),
        };
        let asked = code_table::show(ui, &input, &mut self.query.sort, &mut self.table);
        if let Some(key) = asked
            .iter()
            .find_map(|action| dialog_row(action, self.table.current))
        {
            self.note_row_dialog(key, accounts);
        }
        actions.extend(asked);
    }

    /// A dialog about the row of `key` opens: the keyboard goes back to it when the dialog closes.
    fn note_row_dialog(&mut self, key: CodeKey, accounts: &Accounts) {
        let keys = view_across(&mut self.view, &accounts.states(), &self.query);
        if let Some(at) = keys.iter().position(|shown| *shown == key) {
            self.dialog_from_row = Some((key, at));
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

    fn filter_and_revoke(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
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
            actions.push(self.revoke_selected());
        }
    }

    /// Asks to revoke the codes selected, of one account or several: one question.
    fn revoke_selected(&self) -> Action {
        let keys: Vec<CodeKey> = self.table.selected.iter().copied().collect();
        Action::Show(Show::Question(Question::Revoke(keys)))
    }
}

/// The row a dialog asked for from the table is about: the row `current` (the focused one) when it is one of those
/// it asks about.
fn dialog_row(action: &Action, current: Option<CodeKey>) -> Option<CodeKey> {
    match action {
        Action::Show(Show::Qr(key) | Show::Extend(key) | Show::Email(key)) => Some(*key),
        Action::Show(Show::Question(Question::Revoke(keys))) => current
            .filter(|current| keys.contains(current))
            .or_else(|| keys.first().copied()),
        _ => None,
    }
}

/// The code that replaced the code of `key` (extended), if one did.
fn replacement(key: CodeKey, accounts: &Accounts) -> Option<CodeKey> {
    let create = &accounts.state(key.account)?.create;
    let new = create
        .created
        .as_ref()
        .filter(|_| create.replaces == Some(key.id))?;
    Some(CodeKey {
        account: key.account,
        id: new.id,
    })
}

/// The search field's width: a share of the room, within limits.
fn search_width(ui: &Ui) -> f32 {
    (ui.available_width() * 0.4).clamp(120.0, 240.0)
}
