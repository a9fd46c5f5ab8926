//! The new-code form: intercom, title, expiry (date, hour, minute, quick choices). Checked before anything is
//! sent; the server's reasons shown under the field they name; nothing typed is lost on a failure.

use chrono::{
    DateTime, Datelike as _, Local, NaiveDate, TimeDelta, TimeZone as _, Timelike as _, Utc,
};
use egui::{Id, Key, RichText, TextEdit, Ui};

use super::widgets::{ERROR_COLOR, MUTED_COLOR, OK_COLOR, field_errors, labelled_text_edit};
use crate::i18n;
use crate::messages::Command;
use crate::state::AppState;
use aipix_client::api::Code;

pub const MAX_TITLE_CHARS: usize = 255;
const FIELDS: [&str; 3] = ["title", "expired_at", "intercom"];

/// The id of the title field, so that Ctrl+N can put the keyboard there.
pub fn title_id() -> Id {
    Id::unique("new-code-title")
}

#[derive(Debug, Clone)]
pub struct CodeForm {
    pub intercom: Option<u64>,
    pub title: String,
    pub date: jiff::civil::Date,
    pub hour: u32,
    pub minute: u32,
    /// Problems found before sending, by field.
    local_errors: Vec<(&'static str, String)>,
    /// Show the code just made as a QR code, for the visitor's phone.
    show_qr: bool,
    /// Whether the title field had the keyboard in the last frame (Esc there cancels the new code).
    title_focused: bool,
}

impl Default for CodeForm {
    fn default() -> Self {
        let mut form = Self {
            intercom: None,
            title: String::new(),
            date: jiff::civil::Date::constant(2000, 1, 1),
            hour: 0,
            minute: 0,
            local_errors: Vec::new(),
            show_qr: false,
            title_focused: false,
        };
        form.set_expiry(Utc::now() + TimeDelta::hours(4));
        form
    }
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

    pub fn label(self) -> &'static str {
        match self {
            QuickExpiry::OneHour => "+1 h",
            QuickExpiry::FourHours => "+4 h",
            QuickExpiry::EndOfToday => "End of today",
            QuickExpiry::TomorrowNoon => "Tomorrow 12:00",
            QuickExpiry::OneDay => "+1 day",
            QuickExpiry::OneWeek => "+1 week",
        }
    }

    /// The expiry this choice means, seen from `now` in the local time zone.
    pub fn at(self, now: DateTime<Utc>) -> DateTime<Utc> {
        let local_now = now.with_timezone(&Local);
        let today = local_now.date_naive();
        match self {
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
        }
    }
}

/// A local wall-clock moment as UTC; in a DST gap the later reading, in an overlap the earlier.
fn local_moment(date: NaiveDate, hour: u32, minute: u32) -> Option<DateTime<Utc>> {
    let naive = date.and_hms_opt(hour, minute, 0)?;
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

impl CodeForm {
    /// The expiry the fields say, in UTC.
    pub fn expiry(&self) -> Option<DateTime<Utc>> {
        let date = NaiveDate::from_ymd_opt(
            i32::from(self.date.year()),
            u32::try_from(self.date.month()).ok()?,
            u32::try_from(self.date.day()).ok()?,
        )?;
        local_moment(date, self.hour, self.minute)
    }

    /// Sets the fields to a moment, shown in local time and rounded up to the minute.
    pub fn set_expiry(&mut self, at: DateTime<Utc>) {
        let rounded = if at.second() > 0 || at.nanosecond() > 0 {
            at + TimeDelta::seconds(60 - i64::from(at.second()))
        } else {
            at
        };
        let local = rounded.with_timezone(&Local);
        if let Ok(date) = jiff::civil::Date::new(
            i16::try_from(local.year()).unwrap_or(2000),
            i8::try_from(local.month()).unwrap_or(1),
            i8::try_from(local.day()).unwrap_or(1),
        ) {
            self.date = date;
        }
        self.hour = local.hour();
        self.minute = local.minute();
    }

    /// Checks the form; the command to send when it passes.
    pub fn check(&mut self, now: DateTime<Utc>, request: u64) -> Option<Command> {
        self.local_errors.clear();
        let title = self.title.trim();
        if title.is_empty() {
            self.local_errors
                .push(("title", "Enter a title: who is the code for?".into()));
        } else if title.chars().count() > MAX_TITLE_CHARS {
            self.local_errors.push((
                "title",
                format!("The title can have at most {MAX_TITLE_CHARS} characters."),
            ));
        }
        let expiry = self.expiry();
        match expiry {
            None => self
                .local_errors
                .push(("expired_at", "That date and time do not exist here.".into())),
            Some(at) if at <= now => self
                .local_errors
                .push(("expired_at", "The expiry must be in the future.".into())),
            Some(_) => {}
        }
        if self.intercom.is_none() {
            self.local_errors
                .push(("intercom", "Choose the intercom the code opens.".into()));
        }
        match (self.local_errors.is_empty(), self.intercom, expiry) {
            (true, Some(intercom), Some(expires_at)) => Some(Command::CreateCode {
                request,
                intercom,
                title: title.to_owned(),
                expires_at,
            }),
            _ => None,
        }
    }

    fn errors_for(&self, field: &str, state: &AppState) -> Vec<String> {
        let local = self
            .local_errors
            .iter()
            .filter(|(name, _)| *name == field)
            .map(|(_, reason)| reason.clone());
        local
            .chain(state.create.problem.field(field).iter().cloned())
            .collect()
    }

    /// Draws the form; answers the create command when the user asked for one and the form passed.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        state: &AppState,
        now: DateTime<Utc>,
        next_request: &mut u64,
    ) -> Option<Command> {
        ui.heading("New code");
        ui.add_space(4.0);
        self.intercom_field(ui, state);
        let title = self.title_field(ui, state);
        self.expiry_fields(ui, state, now);
        for line in state.create.problem.general(&FIELDS) {
            ui.label(RichText::new(line).color(ERROR_COLOR));
        }
        ui.add_space(6.0);
        let enter = title.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        let command = self.submit_row(ui, state, now, enter, next_request);
        if let Some(code) = &state.create.created {
            self.created(ui, code, now);
        }
        command
    }

    fn intercom_field(&mut self, ui: &mut Ui, state: &AppState) {
        let intercom_label = ui.label("Intercom");
        let selected_title = self
            .intercom
            .and_then(|id| state.intercom(id))
            .map_or_else(|| "Choose…".to_owned(), |intercom| intercom.title.clone());
        let combo = egui::ComboBox::from_id_salt("new-code-intercom")
            .selected_text(selected_title)
            .width(ui.available_width())
            .show_ui(ui, |ui| {
                for intercom in &state.intercoms {
                    ui.selectable_value(&mut self.intercom, Some(intercom.id), &intercom.title);
                }
            });
        let _ = combo.response.labelled_by(intercom_label.id);
        field_errors(ui, &self.errors_for("intercom", state));
    }

    /// The title, with a count of characters as it nears the limit.
    fn title_field(&mut self, ui: &mut Ui, state: &AppState) -> egui::Response {
        let title = labelled_text_edit(
            ui,
            "Title",
            TextEdit::singleline(&mut self.title)
                .id(title_id())
                .hint_text("Visitor's name")
                .desired_width(ui.available_width()),
        );
        self.title_focused = title.has_focus();
        let chars = self.title.trim().chars().count();
        if chars > MAX_TITLE_CHARS - 30 {
            let color = if chars > MAX_TITLE_CHARS {
                ERROR_COLOR
            } else {
                MUTED_COLOR
            };
            ui.label(
                RichText::new(format!("{chars} / {MAX_TITLE_CHARS}"))
                    .small()
                    .color(color),
            );
        }
        field_errors(ui, &self.errors_for("title", state));
        title
    }

    /// Date, hour and minute, the quick choices, and the expiry as it reads in words.
    fn expiry_fields(&mut self, ui: &mut Ui, state: &AppState, now: DateTime<Utc>) {
        ui.label("Valid until");
        ui.horizontal(|ui| {
            ui.add(
                egui_extras::DatePickerButton::new(&mut self.date)
                    .id_salt("new-code-date")
                    .combo_boxes(false)
                    .calendar_week(false),
            );
            let hour_label = ui.label("Hour");
            ui.add(egui::DragValue::new(&mut self.hour).range(0..=23))
                .labelled_by(hour_label.id);
            let minute_label = ui.label("Minute");
            ui.add(egui::DragValue::new(&mut self.minute).range(0..=59))
                .labelled_by(minute_label.id);
        });
        ui.horizontal_wrapped(|ui| {
            for choice in QuickExpiry::ALL {
                if ui.small_button(choice.label()).clicked() {
                    self.set_expiry(choice.at(now));
                }
            }
        });
        if let Some(expiry) = self.expiry() {
            let relative = i18n::relative(&crate::state::relative(expiry, now).0);
            ui.label(
                RichText::new(format!("{} ({relative})", i18n::date_time(expiry, now)))
                    .color(MUTED_COLOR),
            );
        }
        field_errors(ui, &self.errors_for("expired_at", state));
    }

    /// The Create button (off while a request runs); answers the command when the form passes.
    fn submit_row(
        &mut self,
        ui: &mut Ui,
        state: &AppState,
        now: DateTime<Utc>,
        enter: bool,
        next_request: &mut u64,
    ) -> Option<Command> {
        let busy = state.create.in_flight.is_some();
        let mut command = None;
        ui.horizontal(|ui| {
            let create = ui.add_enabled(!busy, egui::Button::new("Create code"));
            if busy {
                ui.spinner();
            }
            // One click, one code: nothing is sent while a request runs.
            if (create.clicked() || enter) && !busy {
                command = self.check(now, *next_request);
                if command.is_some() {
                    *next_request += 1;
                }
            }
        });
        command
    }

    /// The code just made, large, with ways to hand it over.
    fn created(&mut self, ui: &mut Ui, code: &Code, now: DateTime<Utc>) {
        ui.add_space(10.0);
        ui.separator();
        ui.label(RichText::new(&code.title).strong());
        ui.label(
            RichText::new(&code.code)
                .monospace()
                .size(40.0)
                .strong()
                .color(OK_COLOR),
        );
        ui.label(format!(
            "valid until {}",
            i18n::date_time(code.expired_at, now)
        ));
        ui.label(
            RichText::new("Copied to the clipboard")
                .small()
                .color(MUTED_COLOR),
        );
        let message = format!(
            "Your visitor code for {} is {}. It is valid until {}.",
            code.intercom.title,
            code.code,
            i18n::date_time(code.expired_at, now)
        );
        ui.horizontal(|ui| {
            if ui.button("Copy code").clicked() {
                ui.ctx().copy_text(code.code.clone());
            }
            if ui.button("Copy as message").clicked() {
                ui.ctx().copy_text(message.clone());
            }
        });
        ui.checkbox(&mut self.show_qr, "Show as QR code");
        if self.show_qr {
            super::widgets::qr_code(ui, &message, 180.0);
        }
    }

    /// After a code was made: ready for the next visitor (the intercom and expiry stay).
    pub fn clear_title(&mut self) {
        self.title.clear();
        self.local_errors.clear();
    }

    pub fn title_was_focused(&self) -> bool {
        self.title_focused
    }

    /// Esc: forget what was typed and the reasons shown.
    pub fn cancel(&mut self) {
        self.clear_title();
    }
}
