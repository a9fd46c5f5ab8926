//! The new-code form: intercom, title, expiry (a quick choice, or a date, hour and minute). Checked before
//! anything is sent, and checked again as the user fixes it; the server's reasons shown under the field they
//! name; the keyboard put in the field at fault; nothing typed lost on a failure. Keyboard: Alt+1…Alt+6 pick the
//! quick choices, Enter in the title creates.

use chrono::{
    DateTime, Local, NaiveDate, NaiveDateTime, TimeDelta, TimeZone as _, Timelike as _, Utc,
};
use egui::{Id, Key, Modifiers, RichText, TextEdit, Ui};

use super::action::{Action, NewCode};
use super::calendar;
use super::confirm::{Confirm, CreateWarning};
use super::created::created_panel;
use super::handover::CodeChoice;
use super::theme::{self, space};
use super::widgets::{
    Tone, displayable, field_errors, labelled_text_edit, message_box, primary_button, text_width,
};
use crate::desks::Desks;
use crate::state::{AppState, CodeField, DeskId};
use crate::{i18n, t};

pub const MAX_TITLE_CHARS: usize = 255;
/// The fields' names as the server's refusals name them.
const FIELDS: [&str; 3] = [
    CodeField::Title.name(),
    CodeField::Expiry.name(),
    CodeField::Intercom.name(),
];
/// The expiry a new form starts with, and returns to after each code.
pub const DEFAULT_EXPIRY: QuickExpiry = QuickExpiry::FourHours;
/// A click this soon after a code arrived is the second half of a double click, not a request.
const DOUBLE_CLICK_GRACE: TimeDelta = TimeDelta::milliseconds(800);

/// The id of the title field, so that Ctrl+N can put the keyboard there.
pub fn title_id() -> Id {
    Id::unique("new-code-title")
}

fn date_id() -> Id {
    Id::unique("new-code-date")
}

fn intercom_id() -> Id {
    Id::unique("new-code-intercom")
}

/// What the expiry fields say: a quick choice (counted from the moment the code is made), or a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    Quick(QuickExpiry),
    /// A local wall-clock time.
    At(NaiveDateTime),
}

/// The quick choices for the expiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuickExpiry {
    OneHour,
    FourHours,
    EndOfToday,
    TomorrowNoon,
    OneDay,
    OneWeek,
}

impl QuickExpiry {
    pub const ALL: [QuickExpiry; 6] = [
        QuickExpiry::OneHour,
        QuickExpiry::FourHours,
        QuickExpiry::EndOfToday,
        QuickExpiry::TomorrowNoon,
        QuickExpiry::OneDay,
        QuickExpiry::OneWeek,
    ];

    /// Alt+1 … Alt+6, in the order of [`QuickExpiry::ALL`].
    const KEYS: [Key; 6] = [
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Num4,
        Key::Num5,
        Key::Num6,
    ];

    pub fn label(self) -> &'static str {
        match self {
            QuickExpiry::OneHour => t!("quick-one-hour"),
            QuickExpiry::FourHours => t!("quick-four-hours"),
            QuickExpiry::EndOfToday => t!("quick-end-of-today"),
            QuickExpiry::TomorrowNoon => t!("quick-tomorrow-noon"),
            QuickExpiry::OneDay => t!("quick-one-day"),
            QuickExpiry::OneWeek => t!("quick-one-week"),
        }
    }

    /// The expiry this choice means, seen from `now` in the local time zone, to the minute (rounded up: "+1 h"
    /// is at least an hour).
    pub fn at(self, now: DateTime<Utc>) -> DateTime<Utc> {
        let local_now = now.with_timezone(&Local);
        let today = local_now.date_naive();
        let moment = match self {
            QuickExpiry::OneHour => now + TimeDelta::hours(1),
            QuickExpiry::FourHours => now + TimeDelta::hours(4),
            QuickExpiry::EndOfToday => {
                local_moment(today, 23, 59).unwrap_or(now + TimeDelta::hours(1))
            }
            QuickExpiry::TomorrowNoon => today
                .succ_opt()
                .and_then(|tomorrow| local_moment(tomorrow, 12, 0))
                .unwrap_or(now + TimeDelta::days(1)),
            QuickExpiry::OneDay => now + TimeDelta::days(1),
            QuickExpiry::OneWeek => now + TimeDelta::weeks(1),
        };
        round_up_to_minute(moment)
    }
}

impl QuickExpiry {
    /// The expiry this choice means for a code that already works until `old` (Extend): a span ("+1 h") counts
    /// from the old expiry, or from now once that has passed; a moment ("end of today") is that moment, which
    /// may be no later than the old expiry.
    pub fn after(self, old: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
        let from = old.max(now);
        match self {
            QuickExpiry::OneHour => round_up_to_minute(from + TimeDelta::hours(1)),
            QuickExpiry::FourHours => round_up_to_minute(from + TimeDelta::hours(4)),
            QuickExpiry::OneDay => round_up_to_minute(from + TimeDelta::days(1)),
            QuickExpiry::OneWeek => round_up_to_minute(from + TimeDelta::weeks(1)),
            QuickExpiry::EndOfToday | QuickExpiry::TomorrowNoon => self.at(now),
        }
    }
}

fn round_up_to_minute(at: DateTime<Utc>) -> DateTime<Utc> {
    if at.second() > 0 || at.nanosecond() > 0 {
        at.with_nanosecond(0).unwrap_or(at) + TimeDelta::seconds(60 - i64::from(at.second()))
    } else {
        at
    }
}

/// A local wall-clock moment as UTC; in a DST gap the later reading, in an overlap the earlier.
fn local_moment(date: NaiveDate, hour: u32, minute: u32) -> Option<DateTime<Utc>> {
    local_to_utc(date.and_hms_opt(hour, minute, 0)?)
}

fn local_to_utc(naive: NaiveDateTime) -> Option<DateTime<Utc>> {
    Local
        .from_local_datetime(&naive)
        .earliest()
        .or_else(|| {
            Local
                .from_local_datetime(&(naive + TimeDelta::hours(1)))
                .earliest()
        })
        .map(|local| local.with_timezone(&Utc))
}

/// What the form held, not sent, when the server ended the session: offered back once the same account signs in
/// again.
#[derive(Debug, Clone, PartialEq)]
pub struct Unsent {
    intercom: Option<u64>,
    title: String,
    expiry: Expiry,
}

/// What the form asks of the main screen.
#[derive(Debug, Clone, PartialEq)]
pub enum FormRequest {
    Act(Action),
    Confirm(Confirm),
    /// Something asked of the code just made (its slip, Extend).
    Code(CodeChoice),
    /// Make the code through another account, at this intercom of it (picked in the list, or the same door
    /// offered when the account in use is full).
    Use {
        desk: DeskId,
        intercom: u64,
    },
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
    /// When the expiry as drawn (its date, hour, minute and "in …") next changes by itself.
    next_change: Option<DateTime<Utc>>,
    /// A form kept from a session the server ended, offered back.
    offered: Option<Unsent>,
    /// The code the panel under the form showed last: a new one is scrolled into view.
    panel_code: Option<u64>,
}

impl Default for CodeForm {
    fn default() -> Self {
        Self {
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
            next_change: None,
            offered: None,
            panel_code: None,
        }
    }
}

impl CodeForm {
    /// The expiry the fields say, in UTC, seen from `now`.
    /// The soonest moment the form as drawn changes by itself.
    pub fn next_change(&self) -> Option<DateTime<Utc>> {
        self.next_change
    }

    pub fn expiry_at(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self.expiry {
            Expiry::Quick(choice) => Some(choice.at(now)),
            Expiry::At(naive) => local_to_utc(naive),
        }
    }

    /// Sets the fields to a moment, shown in local time and rounded up to the minute.
    pub fn set_expiry(&mut self, at: DateTime<Utc>) {
        let local = round_up_to_minute(at).with_timezone(&Local).naive_local();
        self.expiry = Expiry::At(local);
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
    pub fn ui(&mut self, ui: &mut Ui, desks: &Desks, now: DateTime<Utc>) -> Option<FormRequest> {
        let state = &desks.focused().state;
        self.next_change = None;
        if self.checking {
            self.local_errors = self.problems(state, now);
        }
        self.quick_keys(ui);
        ui.heading(t!("form-heading"));
        ui.add_space(space::XS);
        self.offered(ui, state);
        let mut request = self.intercom_field(ui, desks);
        let title = self.title_field(ui, state);
        self.expiry_fields(ui, state, now);
        if let Some(refused) = self.refusal(ui, desks, now) {
            request = Some(refused);
        }
        ui.add_space(space::S);
        let enter = title.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        if let Some(asked) = self.submit_row(ui, state, now, enter) {
            request = Some(asked);
        }
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
        let created = state.create.created.as_ref().map(|code| code.id);
        let new_code = created.is_some() && created != self.panel_code;
        self.panel_code = created;
        if let Some(choice) = created_panel(ui, state, now, &mut self.show_qr, new_code) {
            request = Some(FormRequest::Code(choice));
        }
        // Ctrl+N in a window too short for the form and the panel: the title comes back into view.
        if focus == Some(title_id()) {
            ui.scroll_to_rect(title.rect, None);
        }
        request
    }

    /// Puts the keyboard in `field` on the next frame (a refusal is about it).
    pub fn focus_field(&mut self, field: CodeField) {
        self.focus = Some(field);
    }

    /// Alt+1 … Alt+6 pick the quick choices, wherever the keyboard is.
    fn quick_keys(&mut self, ui: &mut Ui) {
        for (choice, key) in QuickExpiry::ALL.into_iter().zip(QuickExpiry::KEYS) {
            if ui.input_mut(|input| input.consume_key(Modifiers::ALT, key)) {
                self.expiry = Expiry::Quick(choice);
            }
        }
    }

    /// The intercom, of any account signed in (grouped by account when there are several); one of another
    /// account than the one in use asks to use that account.
    fn intercom_field(&mut self, ui: &mut Ui, desks: &Desks) -> Option<FormRequest> {
        let state = &desks.focused().state;
        let intercom_label = ui.label(t!("form-intercom"));
        let selected_title = self.intercom.and_then(|id| state.intercom(id)).map_or_else(
            || t!("form-choose").to_owned(),
            |intercom| displayable(ui, &intercom.title).into_owned(),
        );
        let mut other = None;
        let combo = egui::ComboBox::from_id_salt(intercom_id())
            .selected_text(selected_title)
            .width(ui.available_width())
            .truncate()
            .show_ui(ui, |ui| {
                for desk in desks.open() {
                    if desks.several() {
                        let name = displayable(ui, &desk.state.group_name()).into_owned();
                        ui.label(RichText::new(name).small().strong());
                    }
                    for intercom in &desk.state.intercoms {
                        let title = displayable(ui, &intercom.title).into_owned();
                        let chosen = desk.id == desks.focus() && self.intercom == Some(intercom.id);
                        // A door whose codes are off is listed (so that it is not missed) but cannot be picked.
                        ui.add_enabled_ui(intercom.takes_codes(), |ui| {
                            let item = ui
                                .selectable_label(chosen, title)
                                .on_disabled_hover_text(t!("intercom-takes-no-codes"));
                            if item.clicked() {
                                if desk.id == desks.focus() {
                                    self.intercom = Some(intercom.id);
                                } else {
                                    other = Some(FormRequest::Use {
                                        desk: desk.id,
                                        intercom: intercom.id,
                                    });
                                }
                            }
                        });
                    }
                }
            });
        self.intercom_widget = Some(combo.response.id);
        let _ = combo.response.labelled_by(intercom_label.id);
        if desks.several() {
            // Whose quota the code takes.
            let name = displayable(ui, &state.group_name()).into_owned();
            ui.label(
                RichText::new(t!("form-account", account = name.as_str()))
                    .small()
                    .color(theme::palette(ui).muted),
            );
        }
        field_errors(ui, &self.errors_for(CodeField::Intercom, state));
        // A code for an intercom that cannot use it is said here, before anyone types.
        if let Some(intercom) = self.intercom.and_then(|id| state.intercom(id)) {
            let palette = theme::palette(ui);
            let title = displayable(ui, &intercom.title).into_owned();
            let note = if !intercom.takes_codes() {
                // Said once: as the field's error once the form was tried.
                let refused = self
                    .local_errors
                    .iter()
                    .any(|(field, _)| *field == CodeField::Intercom);
                (!refused).then(|| {
                    (
                        palette.error,
                        t!("form-intercom-takes-no-codes", intercom = title.as_str()),
                    )
                })
            } else if intercom.is_unconfirmed() {
                Some((
                    palette.error,
                    t!("form-intercom-not-confirmed", intercom = title.as_str()),
                ))
            } else if state.live.is_connected() && intercom.online().is_offline() {
                Some((
                    palette.warning,
                    t!("form-intercom-offline", intercom = title.as_str()),
                ))
            } else {
                None
            };
            if let Some((color, text)) = note {
                ui.add(egui::Label::new(RichText::new(text).small().color(color)).wrap());
            }
        }
        other
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

    /// The quick choices, the date, hour and minute, and the expiry as it reads in words.
    fn expiry_fields(&mut self, ui: &mut Ui, state: &AppState, now: DateTime<Utc>) {
        ui.add_space(space::XS);
        ui.label(t!("form-valid-until"));
        // Two to a row, in the order of their keys: +1 h, +4 h / end of today, tomorrow noon / +1 day, +1 week.
        let half = (ui.available_width() - ui.spacing().item_spacing.x) / 2.0;
        egui::Grid::new("quick-expiry")
            .num_columns(2)
            .spacing(ui.spacing().item_spacing)
            .show(ui, |ui| {
                for (index, choice) in QuickExpiry::ALL.into_iter().enumerate() {
                    let selected = self.expiry == Expiry::Quick(choice);
                    let shortcut = t!("form-quick-shortcut", key = index + 1);
                    let button = egui::Button::selectable(selected, choice.label())
                        .min_size(egui::vec2(half, 0.0));
                    if ui.add(button).on_hover_text(shortcut).clicked() {
                        self.expiry = Expiry::Quick(choice);
                    }
                    if index % 2 == 1 {
                        ui.end_row();
                    }
                }
            });
        let shown = self
            .expiry_at(now)
            .map(|at| at.with_timezone(&Local).naive_local());
        let today = now.with_timezone(&Local).date_naive();
        if let Some(shown) = shown {
            let (mut date, mut hour, mut minute) = (shown.date(), shown.hour(), shown.minute());
            let mut changed = false;
            ui.horizontal(|ui| {
                let (button, picked) =
                    calendar::date_field(ui, date_id(), date, today, today..=NaiveDate::MAX);
                self.date_widget = Some(button.id);
                if let Some(day) = picked {
                    date = day;
                    changed = true;
                }
                // Hours and minutes as a clock writes them: 09 : 05.
                let two_digits = |n: f64, _| format!("{n:02}");
                let hour_field = ui
                    .add(
                        egui::DragValue::new(&mut hour)
                            .range(0..=23)
                            .custom_formatter(two_digits),
                    )
                    .on_hover_text(t!("form-hour"));
                name(&hour_field, t!("form-hour"), hour);
                ui.label(":");
                let minute_field = ui
                    .add(
                        egui::DragValue::new(&mut minute)
                            .range(0..=59)
                            .custom_formatter(two_digits),
                    )
                    .on_hover_text(t!("form-minute"));
                name(&minute_field, t!("form-minute"), minute);
                changed |= hour_field.changed() || minute_field.changed();
            });
            if changed && let Some(moment) = date.and_hms_opt(hour, minute, 0) {
                self.expiry = Expiry::At(moment);
            }
        }
        if let Some(expiry) = self.expiry_at(now) {
            let (relative, relative_changes) = i18n::Relative::between(expiry, now);
            // A quick choice moves with the clock, to the minute: it may read otherwise once the clock's
            // minute turns.
            let minute_turns = match self.expiry {
                Expiry::Quick(_) => Some(
                    round_up_to_minute(now + TimeDelta::nanoseconds(1))
                        + TimeDelta::milliseconds(1),
                ),
                Expiry::At(_) => None,
            };
            self.next_change =
                Some(minute_turns.map_or(relative_changes, |turn| turn.min(relative_changes)));
            let relative = i18n::relative(&relative);
            ui.label(
                RichText::new(format!("{} ({relative})", i18n::date_time(expiry, now)))
                    .color(theme::palette(ui).muted),
            );
        }
        field_errors(ui, &self.errors_for(CodeField::Expiry, state));
    }

    /// The server's refusal that belongs to no field; when the account is full, how many of its codes have
    /// expired but still count, and the offer to revoke those.
    fn refusal(&mut self, ui: &mut Ui, desks: &Desks, now: DateTime<Utc>) -> Option<FormRequest> {
        let state = &desks.focused().state;
        let lines = state.create.problem.general(&FIELDS);
        let full = state
            .code_limit
            .is_some_and(|limit| state.code_count() >= limit as usize);
        if lines.is_empty() && !full {
            return None;
        }
        let expired: Vec<u64> = state
            .expired_codes(now)
            .iter()
            .map(|code| code.id)
            .collect();
        let mut request = None;
        ui.add_space(space::S);
        message_box(ui, Tone::Error, |ui, color| {
            for line in &lines {
                ui.add(egui::Label::new(RichText::new(line).color(color)).wrap());
            }
            if let Some(limit) = state.code_limit.filter(|_| full) {
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
                    request = Some(FormRequest::Confirm(Confirm::Revoke(expired.clone())));
                }
                if let Some((desk, intercom, name)) = self.same_door_elsewhere(desks) {
                    let offer = ui
                        .button(t!("form-use-account", account = name.as_str()))
                        .on_hover_text(t!("form-use-account-hint"));
                    if offer.clicked() {
                        request = Some(FormRequest::Use { desk, intercom });
                    }
                }
            }
        });
        request
    }

    /// The chosen door as another signed-in account reaches it, where that account has a free slot: its desk,
    /// its intercom there, its name.
    fn same_door_elsewhere(&self, desks: &Desks) -> Option<(DeskId, u64, String)> {
        let door = self
            .intercom
            .and_then(|id| desks.focused().state.intercom(id))?;
        desks
            .open()
            .filter(|desk| desk.id != desks.focus())
            .filter(|desk| desk.state.has_free_slot())
            .find_map(|desk| {
                let same =
                    desk.state.intercoms.iter().find(|other| {
                        crate::domain::same_door(door, other) && other.takes_codes()
                    })?;
                Some((desk.id, same.id, desk.state.group_name()))
            })
    }

    /// The Create button (off while a request runs); answers what to do when the form passes: send, or ask
    /// first when the code may not do what the visitor needs.
    fn submit_row(
        &mut self,
        ui: &mut Ui,
        state: &AppState,
        now: DateTime<Utc>,
        enter: bool,
    ) -> Option<FormRequest> {
        let busy = state.create.in_flight.is_some();
        let mut request = None;
        ui.horizontal(|ui| {
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
            if asked && !busy && !just_made {
                request = self
                    .check(state, now)
                    .map(|code| self.warnings(state, now, code));
            }
        });
        request
    }

    /// Asks for the code, or asks the user first about a long validity or an intercom that may not take it.
    fn warnings(&self, state: &AppState, now: DateTime<Utc>, code: NewCode) -> FormRequest {
        let mut warnings = Vec::new();
        let limit = state.preferences.max_expiry_days;
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
            FormRequest::Act(Action::Create(code))
        } else {
            FormRequest::Confirm(Confirm::CreateAnyway { code, warnings })
        }
    }

    /// After a code was made: ready for the next visitor. The intercom stays; the expiry returns to the default
    /// choice; the title clears unless the user already typed the next one.
    pub fn made(&mut self, title: &str) {
        if self.title.trim() == title {
            self.title.clear();
        }
        self.expiry = Expiry::Quick(DEFAULT_EXPIRY);
        self.local_errors.clear();
        self.checking = false;
        self.sent = None;
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

    /// What was typed and not sent, if anything.
    pub fn unsent(&self) -> Option<Unsent> {
        (!self.title.trim().is_empty()).then(|| Unsent {
            intercom: self.intercom,
            title: self.title.clone(),
            expiry: self.expiry,
        })
    }

    /// Offers back a form the session's end interrupted (the user restores it or lets it go).
    pub fn offer(&mut self, unsent: Unsent) {
        self.offered = Some(unsent);
    }

    /// The offer of an interrupted form: restore it into the fields, or let it go.
    fn offered(&mut self, ui: &mut Ui, state: &AppState) {
        let Some(unsent) = &self.offered else {
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
        if restore && let Some(unsent) = self.offered.take() {
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

/// Selects all of a text field's text.
fn select_all(ctx: &egui::Context, id: Id, text: &str) {
    let mut state = egui::text_edit::TextEditState::load(ctx, id).unwrap_or_default();
    state
        .cursor
        .set_char_range(Some(egui::text::CCursorRange::select_all_str(text)));
    state.store(ctx, id);
}

/// Names a field that shows no label of its own, for screen readers (and tests).
fn name(response: &egui::Response, text: &str, value: u32) {
    response.widget_info(|| {
        let mut info = egui::WidgetInfo::labeled(egui::Role::SpinButton, true, text);
        info.value = Some(f64::from(value));
        info
    });
}
