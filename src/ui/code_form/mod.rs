//! The new-code form: intercom, title, expiry (a quick choice, or a date, hour and minute). Checked before
//! anything is sent, and checked again as the user fixes it; the server's reasons shown under the field they
//! name; the keyboard put in the field at fault; nothing typed lost on a failure. Keyboard: Alt+1…Alt+6 pick the
//! quick choices (typing nothing); a quick choice puts the keyboard back in the title; Enter anywhere in the form
//! creates, on its buttons too (Space presses them).
//!
//! With several accounts the form is for one of them, named under the intercom: the account whose limit the code
//! takes. It stays that account's until the user picks a door of another (or the form's offer to use another with
//! a free slot); naming a group or clicking elsewhere does not move it. When the server ends its account's
//! session, what was typed leaves with the account and is offered back when it signs in again, never to another.

mod expiry_fields;
mod intercom_field;

pub use expiry_fields::QUICK_KEYS;

use chrono::{DateTime, Local, TimeDelta, Utc};
use egui::{Id, Key, RichText, TextEdit, Ui};

use super::action::{Action, CreateWarning, Question, Show};
use super::created::created_panel;
use super::theme::{self, space};
use super::widgets::{
    Tone, displayable, field_errors, labelled_text_edit, message_box, primary_button, text_width,
};
use crate::accounts::{self, AccountId, Accounts};
use crate::new_code::{DEFAULT_EXPIRY, Expiry, NewCode, QuickExpiry, Unsent, round_up_to_minute};
use crate::state::{AppState, CodeField, CodeKey};
use crate::t;

pub const MAX_TITLE_CHARS: usize = 255;
/// The fields' names as the server's refusals name them.
const FIELDS: [&str; 3] = [
    CodeField::Title.name(),
    CodeField::Expiry.name(),
    CodeField::Intercom.name(),
];
/// A click this soon after a code arrived is the second half of a double click, not a request.
const DOUBLE_CLICK_GRACE: TimeDelta = TimeDelta::milliseconds(800);

/// The id of the title field, so that Ctrl+N can put the keyboard there.
pub fn title_id() -> Id {
    Id::unique("new-code-title")
}

/// What the request under way was sent with: the server's reasons show while the fields still say it.
#[derive(Debug, Clone, PartialEq)]
struct Sent {
    intercom: u64,
    title: String,
    expiry: Expiry,
}

#[derive(Debug, Clone)]
pub struct CodeForm {
    /// The account the code is for (whose limit it takes).
    pub account: Option<AccountId>,
    pub intercom: Option<u64>,
    pub title: String,
    pub expiry: Expiry,
    /// A submit was refused here: the checks run again each frame, so a fixed field loses its message at once.
    checking: bool,
    local_errors: Vec<(CodeField, String)>,
    sent: Option<Sent>,
    /// Show the code just made as a QR code, for the visitor's phone.
    show_qr: bool,
    /// Whether the title field had the keyboard in the last frame (Esc there cancels the new code).
    title_focused: bool,
    /// The field to put the keyboard in.
    focus: Option<CodeField>,
    /// Select the title's text when the keyboard goes there (Ctrl+N: what is typed next replaces it).
    select_title: bool,
    /// The widgets of the intercom and the date, as last drawn (the keyboard goes to them by id).
    intercom_widget: Option<Id>,
    date_widget: Option<Id>,
    /// The quick choices' buttons, as last drawn: Enter on one of them makes the code, as on any field.
    quick_widgets: Vec<Id>,
    /// Enter was pressed in the hour or the minute this frame.
    enter_in_time: bool,
    /// When the expiry as drawn (its date, hour, minute and "in …") next changes by itself.
    next_change: Option<DateTime<Utc>>,
    /// A form kept from a session the server ended, offered back, and whose it is.
    offered: Option<(AccountId, Unsent)>,
    /// A code was just made: the panel under the form comes into view.
    panel_into_view: bool,
    /// The size of the form's view in the last frame (`None` before the first): see [`CodeForm::create_into_view`].
    view_size: Option<egui::Vec2>,
}

impl Default for CodeForm {
    fn default() -> Self {
        Self {
            account: None,
            intercom: None,
            title: String::new(),
            expiry: Expiry::Quick(DEFAULT_EXPIRY),
            checking: false,
            local_errors: Vec::new(),
            sent: None,
            show_qr: false,
            title_focused: false,
            focus: None,
            select_title: false,
            intercom_widget: None,
            date_widget: None,
            quick_widgets: Vec::new(),
            enter_in_time: false,
            next_change: None,
            offered: None,
            panel_into_view: false,
            view_size: None,
        }
    }
}

impl CodeForm {
    /// The soonest moment the form as drawn changes by itself.
    pub fn next_change(&self) -> Option<DateTime<Utc>> {
        self.next_change
    }

    /// The expiry the fields say, in UTC, seen from `now`.
    pub fn expiry_at(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.expiry.at(now)
    }

    /// Sets the fields to a moment, shown in local time and rounded up to the minute.
    pub fn set_expiry(&mut self, at: DateTime<Utc>) {
        let local = round_up_to_minute(at).with_timezone(&Local).naive_local();
        self.expiry = Expiry::At(local);
    }

    /// The form is for `intercom` of `account` from now on.
    pub fn open_on(&mut self, account: AccountId, intercom: u64) {
        self.account = Some(account);
        self.intercom = Some(intercom);
    }

    /// Keeps the form's account and door among those there are: an account that is not open (or a door it no
    /// longer lists) gives way to the first account whose server answered, and its first door.
    fn follow(&mut self, accounts: &Accounts) {
        let open = self
            .account
            .and_then(|id| accounts.get(id))
            .filter(|account| account.is_open());
        let Some(account) = open else {
            self.account = accounts.first_for_codes();
            self.intercom = self
                .account
                .and_then(|id| accounts.state(id))
                .and_then(|state| state.intercoms.first())
                .map(|intercom| intercom.id);
            return;
        };
        if self
            .intercom
            .is_none_or(|id| account.state.intercom(id).is_none())
        {
            self.intercom = account.state.intercoms.first().map(|intercom| intercom.id);
        }
    }

    /// The problems of the form as it stands, by field.
    fn problems(&self, state: &AppState, now: DateTime<Utc>) -> Vec<(CodeField, String)> {
        let mut problems = Vec::new();
        match self.intercom.and_then(|id| state.intercom(id)) {
            None => problems.push((CodeField::Intercom, t!("form-choose-intercom").to_owned())),
            // The server would refuse it: the door's codes are off (`is_open_door_code`).
            Some(intercom) if !intercom.takes_codes() => problems.push((
                CodeField::Intercom,
                t!(
                    "form-intercom-takes-no-codes",
                    intercom = intercom.title.as_str()
                ),
            )),
            Some(_) => {}
        }
        let title = self.title.trim();
        if title.is_empty() {
            problems.push((CodeField::Title, t!("form-enter-title").to_owned()));
        } else if title.chars().count() > MAX_TITLE_CHARS {
            problems.push((
                CodeField::Title,
                t!("form-title-too-long", limit = MAX_TITLE_CHARS),
            ));
        }
        match self.expiry_at(now) {
            None => problems.push((CodeField::Expiry, t!("form-no-such-time").to_owned())),
            Some(at) if at <= now => {
                problems.push((CodeField::Expiry, t!("form-expiry-past").to_owned()))
            }
            Some(_) => {}
        }
        problems
    }

    /// Checks the form; the code to ask for when it passes. A refused form puts the keyboard in the first
    /// field at fault and keeps checking as the user types.
    pub fn check(&mut self, state: &AppState, now: DateTime<Utc>) -> Option<NewCode> {
        self.local_errors = self.problems(state, now);
        if let Some((field, _)) = self.local_errors.first() {
            self.checking = true;
            self.focus = Some(*field);
            return None;
        }
        let (Some(intercom), Some(expires_at)) = (self.intercom, self.expiry_at(now)) else {
            return None;
        };
        self.checking = false;
        let title = self.title.trim().to_owned();
        self.sent = Some(Sent {
            intercom,
            title: title.clone(),
            expiry: self.expiry,
        });
        Some(NewCode {
            intercom,
            title,
            expires_at,
        })
    }

    /// The messages under a field: what the form found, and the server's reasons while the field still says
    /// what was sent.
    fn errors_for(&self, field: CodeField, state: &AppState) -> Vec<String> {
        let mut lines: Vec<String> = self
            .local_errors
            .iter()
            .filter(|(name, _)| *name == field)
            .map(|(_, reason)| reason.clone())
            .collect();
        let unchanged = self.sent.as_ref().is_some_and(|sent| match field {
            CodeField::Title => sent.title == self.title.trim(),
            CodeField::Expiry => sent.expiry == self.expiry,
            CodeField::Intercom => Some(sent.intercom) == self.intercom,
        });
        if unchanged {
            lines.extend(state.create.problem.field(field.name()));
        }
        lines
    }

    /// Draws the form; answers what the user asked for, when the form passed.
    pub fn ui(&mut self, ui: &mut Ui, accounts: &Accounts, now: DateTime<Utc>) -> Vec<Action> {
        self.follow(accounts);
        self.next_change = None;
        let Some((account, state)) = self
            .account
            .and_then(|account| Some((account, accounts.state(account)?)))
        else {
            // No account is open: there is nothing to make a code at.
            return Vec::new();
        };
        if self.checking {
            self.local_errors = self.problems(state, now);
        }
        self.quick_keys(ui);
        let enter_on_button = self.enter_on_button(ui);
        ui.heading(t!("form-heading"));
        ui.add_space(space::XS);
        self.offered(ui, accounts);
        let door = self.intercom_field(ui, accounts, state);
        let mut actions = Vec::new();
        let title = self.title_field(ui, state);
        self.expiry_fields(ui, state, now);
        actions.extend(self.refusal(ui, accounts, account, now));
        ui.add_space(space::S);
        let enter = enter_on_button
            || std::mem::take(&mut self.enter_in_time)
            || title.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        let (asked, create) = self.submit_row(ui, account, state, now, enter);
        actions.extend(asked);
        let focus = match self.focus.take() {
            Some(CodeField::Intercom) => self.intercom_widget,
            Some(CodeField::Expiry) => self.date_widget,
            Some(CodeField::Title) => Some(title_id()),
            None => None,
        };
        if let Some(id) = focus {
            ui.memory_mut(|memory| memory.request_focus(id));
        }
        if std::mem::take(&mut self.select_title) {
            select_all(ui.ctx(), title_id(), &self.title);
        }
        let into_view = std::mem::take(&mut self.panel_into_view);
        actions.extend(created_panel(
            ui,
            account,
            state,
            now,
            &mut self.show_qr,
            into_view,
        ));
        // Ctrl+N in a window too short for the form and the panel: the title comes back into view, and the door
        // the code is for with it (the form keeps the last one: it must show before Enter), and Create.
        let keyboard_came = focus == Some(title_id()) || title.gained_focus();
        if self.create_into_view(ui, keyboard_came || title.changed()) && !into_view {
            ui.scroll_to_rect(door.union(title.rect).union(create), None);
        }
        actions
    }

    /// Whether the form scrolls so that its door, title and Create show together: when it is first drawn, when its
    /// view changes size (Ctrl + or −, the system's text scale, a window made smaller), and when `typing` (the
    /// keyboard came to the title, or it is typed in). At 200% text on a laptop's screen the form is taller than
    /// its panel, and what a low-vision user must not have to hunt for is the button that makes the code; a
    /// scroll by hand otherwise stays where it was put.
    fn create_into_view(&mut self, ui: &Ui, typing: bool) -> bool {
        let size = ui.clip_rect().size();
        let resized = self.view_size.is_none_or(|was| (was - size).length() > 0.5);
        self.view_size = Some(size);
        resized || typing
    }

    /// Enter while the keyboard is on one of the form's buttons (a quick choice, the date, the intercom) makes the
    /// code, as it does in the title: it is taken before the button would read it as a click (or open its list).
    /// A list or calendar open keeps its Enter.
    fn enter_on_button(&self, ui: &mut Ui) -> bool {
        let Some(focused) = ui.memory(egui::Memory::focused) else {
            return false;
        };
        let on_button = self.quick_widgets.contains(&focused)
            || [self.intercom_widget, self.date_widget].contains(&Some(focused));
        on_button
            && !ui.ctx().any_popup_open()
            && ui.input_mut(|input| input.consume_key(egui::Modifiers::NONE, Key::Enter))
    }

    /// Puts the keyboard in `field` on the next frame (a refusal is about it).
    pub fn focus_field(&mut self, field: CodeField) {
        self.focus = Some(field);
    }

    /// The title, with a count of characters as it nears the limit.
    fn title_field(&mut self, ui: &mut Ui, state: &AppState) -> egui::Response {
        let title = labelled_text_edit(
            ui,
            t!("form-title"),
            TextEdit::singleline(&mut self.title)
                .id(title_id())
                .hint_text(t!("form-title-hint"))
                .desired_width(ui.available_width()),
        );
        self.title_focused = title.has_focus();
        let chars = self.title.trim().chars().count();
        if chars > MAX_TITLE_CHARS - 30 {
            let palette = theme::palette(ui);
            let color = if chars > MAX_TITLE_CHARS {
                palette.error
            } else {
                palette.muted
            };
            ui.label(
                RichText::new(format!("{chars} / {MAX_TITLE_CHARS}"))
                    .small()
                    .color(color),
            );
        }
        field_errors(ui, &self.errors_for(CodeField::Title, state));
        title
    }

    /// The server's refusal that belongs to no field; when the account is full, how many of its codes have
    /// expired but still count, and the offer to revoke those, or to make the code through another account that
    /// reaches the same door and has room.
    fn refusal(
        &mut self,
        ui: &mut Ui,
        accounts: &Accounts,
        account: AccountId,
        now: DateTime<Utc>,
    ) -> Vec<Action> {
        let Some(state) = accounts.state(account) else {
            return Vec::new();
        };
        let lines = state.create.problem.general(&FIELDS);
        let full = state
            .code_limit
            .is_some_and(|limit| state.code_count() >= limit as usize);
        if lines.is_empty() && !full {
            return Vec::new();
        }
        let expired: Vec<CodeKey> = state
            .expired_codes(now)
            .iter()
            .map(|code| CodeKey {
                account,
                id: code.id,
            })
            .collect();
        let mut actions = Vec::new();
        ui.add_space(space::S);
        message_box(ui, Tone::Error, |ui, color| {
            for line in &lines {
                ui.add(egui::Label::new(RichText::new(line).color(color)).wrap());
            }
            let Some(limit) = state.code_limit.filter(|_| full) else {
                return;
            };
            let held = state.code_count();
            let text = if expired.is_empty() {
                t!("form-full", held = held, limit = limit)
            } else {
                t!(
                    "form-full-expired",
                    held = held,
                    limit = limit,
                    expired = expired.len()
                )
            };
            ui.add(egui::Label::new(RichText::new(text).color(color)).wrap());
            if !expired.is_empty()
                && ui
                    .button(t!("form-revoke-expired", count = expired.len()))
                    .clicked()
            {
                actions.push(Action::Show(Show::Question(Question::Revoke(
                    expired.clone(),
                ))));
            }
            let elsewhere = self
                .intercom
                .and_then(|intercom| accounts.same_door_with_room(account, intercom));
            if let Some((other, intercom, name)) = elsewhere {
                let offer = ui
                    .button(t!("form-use-account", account = name.as_str()))
                    .on_hover_text(t!("form-use-account-hint"));
                if offer.clicked() {
                    // The form is the other account's from now on, on the same door; nothing typed is lost.
                    self.open_on(other, intercom);
                }
            }
        });
        actions
    }

    /// The Create button (off while a request runs); answers what to do when the form passes (send, or ask first
    /// when the code may not do what the visitor needs), and where the button is.
    fn submit_row(
        &mut self,
        ui: &mut Ui,
        account: AccountId,
        state: &AppState,
        now: DateTime<Utc>,
        enter: bool,
    ) -> (Vec<Action>, egui::Rect) {
        let busy = state.create.in_flight.is_some();
        let mut actions = Vec::new();
        let row = ui.horizontal(|ui| {
            let create =
                primary_button(ui, !busy, t!("form-create")).on_hover_text(t!("form-create-hint"));
            if busy {
                ui.spinner();
            }
            // One click, one code: nothing is sent while a request runs, and the second click of a double
            // click that lands just after the code arrived is not a request for another.
            let just_made = state
                .create
                .created_at
                .is_some_and(|at| now - at < DOUBLE_CLICK_GRACE)
                && self.title.trim().is_empty();
            let asked = (create.clicked() && !create.double_clicked()) || enter;
            if asked
                && !busy
                && !just_made
                && let Some(code) = self.check(state, now)
            {
                actions.push(warnings(account, state, now, code));
            }
        });
        (actions, row.response.rect)
    }

    /// After a code was made: ready for the next visitor. The intercom stays; the expiry returns to the default
    /// choice; the title clears unless the user already typed the next one. The panel of the code comes into view.
    pub fn made(&mut self, title: &str) {
        if self.title.trim() == title {
            self.title.clear();
        }
        self.expiry = Expiry::Quick(DEFAULT_EXPIRY);
        self.local_errors.clear();
        self.checking = false;
        self.sent = None;
        self.panel_into_view = true;
    }

    pub fn title_was_focused(&self) -> bool {
        self.title_focused
    }

    /// Esc in the title: forget what was typed and the messages shown.
    pub fn cancel(&mut self) {
        self.title.clear();
        self.local_errors.clear();
        self.checking = false;
    }

    /// The session of `account` ended: a form for it is for no account any more (the next frame finds another),
    /// and nothing of it stays under another account's name. What was typed, when the server ended the session,
    /// is answered to be kept for the same account.
    pub fn session_ended(&mut self, account: AccountId, by_server: bool) -> Option<Unsent> {
        if self
            .offered
            .as_ref()
            .is_some_and(|(whose, _)| *whose == account)
        {
            self.offered = None;
        }
        if self.account != Some(account) {
            return None;
        }
        let unsent = (!self.title.trim().is_empty()).then(|| Unsent {
            intercom: self.intercom,
            title: self.title.clone(),
            expiry: self.expiry,
        });
        *self = Self {
            offered: self.offered.take(),
            ..Self::default()
        };
        unsent.filter(|_| by_server)
    }

    /// Offers back a form the server's end of `account`'s session interrupted (the user restores it or lets
    /// it go).
    pub fn offer(&mut self, account: AccountId, unsent: Unsent) {
        self.offered = Some((account, unsent));
    }

    /// The offer of an interrupted form: restore it into the fields (for its account), or let it go.
    fn offered(&mut self, ui: &mut Ui, accounts: &Accounts) {
        let Some((account, unsent)) = &self.offered else {
            return;
        };
        let Some((account, state)) = accounts
            .get(*account)
            .filter(|found| found.is_open())
            .map(|found| (found.id, &found.state))
        else {
            return;
        };
        let intercom = unsent
            .intercom
            .and_then(|id| state.intercom(id))
            .map_or_else(String::new, |intercom| {
                displayable(ui, &intercom.title).into_owned()
            });
        let title = displayable(ui, &unsent.title).into_owned();
        let text = if intercom.is_empty() {
            t!("form-unsent-anywhere", title = title.as_str())
        } else {
            t!(
                "form-unsent",
                title = title.as_str(),
                intercom = intercom.as_str()
            )
        };
        let (mut restore, mut discard) = (false, false);
        message_box(ui, Tone::Warning, |ui, color| {
            ui.add(egui::Label::new(RichText::new(text).color(color)).wrap());
            ui.horizontal_wrapped(|ui| {
                restore = ui.button(t!("form-unsent-restore")).clicked();
                discard = ui.button(t!("form-unsent-discard")).clicked();
            });
        });
        ui.add_space(space::S);
        if restore && let Some((_, unsent)) = self.offered.take() {
            self.account = Some(account);
            if unsent
                .intercom
                .is_some_and(|id| state.intercom(id).is_some())
            {
                self.intercom = unsent.intercom;
            }
            self.title = unsent.title;
            self.expiry = unsent.expiry;
            self.focus = Some(CodeField::Title);
        } else if discard {
            self.offered = None;
        }
    }

    /// The narrowest the form can be: two quick choices side by side.
    pub fn min_width(ui: &Ui) -> f32 {
        let widest = QuickExpiry::ALL
            .into_iter()
            .map(|choice| text_width(ui, choice.label(), egui::TextStyle::Button))
            .fold(0.0, f32::max);
        2.0 * (widest + 2.0 * ui.spacing().button_padding.x) + ui.spacing().item_spacing.x
    }

    /// Puts the keyboard in the title, its text selected, so that the next visitor's name replaces what is left
    /// there (Ctrl+N).
    pub fn focus_title(&mut self) {
        self.focus = Some(CodeField::Title);
        self.select_title = true;
    }
}

/// Asks for the code, or asks the user first about a long validity or an intercom that may not take it.
fn warnings(account: AccountId, state: &AppState, now: DateTime<Utc>, code: NewCode) -> Action {
    let mut warnings = Vec::new();
    let limit = state.preferences().max_expiry_days;
    let minutes = (code.expires_at - now).num_minutes();
    let days = (minutes + 24 * 60 - 1) / (24 * 60);
    if days > i64::from(limit) {
        warnings.push(CreateWarning::LongExpiry { days, limit });
    }
    if let Some(intercom) = state.intercom(code.intercom) {
        // A status the server does not report is nothing to warn about; only one it reports otherwise.
        if intercom.is_unconfirmed() {
            warnings.push(CreateWarning::NotConfirmed {
                intercom: intercom.title.clone(),
            });
        } else if state.live.is_connected() && intercom.online().is_offline() {
            warnings.push(CreateWarning::Offline {
                intercom: intercom.title.clone(),
            });
        }
    }
    if warnings.is_empty() {
        Action::Accounts(accounts::Action::Create { account, code })
    } else {
        Action::Show(Show::Question(Question::CreateAnyway {
            account,
            code,
            warnings,
        }))
    }
}

/// Selects all of a text field's text.
fn select_all(ctx: &egui::Context, id: Id, text: &str) {
    let mut state = egui::text_edit::TextEditState::load(ctx, id).unwrap_or_default();
    state
        .cursor
        .set_char_range(Some(egui::text::CCursorRange::select_all_str(text)));
    state.store(ctx, id);
}
