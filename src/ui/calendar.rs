//! A date field for the new-code form: a button with the date that opens a month calendar headed by the month
//! and year, in the language's own names and with its first day of the week. Only the days a field allows are
//! offered (a code cannot be valid until the past; a search of the journal has no future). egui_extras' date picker has English names, a Monday-first week and
//! every past day, hence this small one.

use std::ops::RangeInclusive;

use chrono::{Datelike as _, Months, NaiveDate, NaiveDateTime, Timelike as _, Weekday};
use egui::{Id, RichText, Ui};

use super::theme;
use crate::{i18n, t};

/// What [`moment_field`] drew, and the moment picked in it this frame.
pub struct MomentField {
    pub date: egui::Response,
    pub hour: egui::Response,
    pub minute: egui::Response,
    pub picked: Option<NaiveDateTime>,
}

impl MomentField {
    /// Enter was pressed as the keyboard left the hour or the minute (their value is taken then).
    pub fn entered_in_time(&self, ui: &Ui) -> bool {
        (self.hour.lost_focus() || self.minute.lost_focus())
            && ui.input(|input| input.key_pressed(egui::Key::Enter))
    }
}

/// A moment to the minute, in the row the caller lays out: the date (its calendar offers the days from `today`
/// on), the hour and the minute of `shown`. A moment picked is drawn from the next frame, which is asked for.
pub fn moment_field(ui: &mut Ui, id: Id, shown: NaiveDateTime, today: NaiveDate) -> MomentField {
    let (mut date, mut hour, mut minute) = (shown.date(), shown.hour(), shown.minute());
    let (button, picked) = date_field(ui, id, date, today, today..=NaiveDate::MAX);
    let mut changed = picked.is_some();
    if let Some(day) = picked {
        date = day;
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
    spin_name(&hour_field, t!("form-hour"), hour);
    ui.label(":");
    let minute_field = ui
        .add(
            egui::DragValue::new(&mut minute)
                .range(0..=59)
                .custom_formatter(two_digits),
        )
        .on_hover_text(t!("form-minute"));
    spin_name(&minute_field, t!("form-minute"), minute);
    changed |= hour_field.changed() || minute_field.changed();
    let picked = changed.then(|| date.and_hms_opt(hour, minute, 0)).flatten();
    if picked.is_some() {
        // The fields above were drawn before the change: the next frame shows it.
        ui.ctx().request_repaint();
    }
    MomentField {
        date: button,
        hour: hour_field,
        minute: minute_field,
        picked,
    }
}

/// Names a field that shows no label of its own, for screen readers (and tests).
fn spin_name(response: &egui::Response, text: &str, value: u32) {
    response.widget_info(|| {
        let mut info = egui::WidgetInfo::labeled(egui::Role::SpinButton, true, text);
        info.value = Some(f64::from(value));
        info
    });
}

/// Draws the date button and, while open, its calendar, which offers only the days in `allowed` (from today on
/// for an expiry, up to today for a search of the past). Answers the day picked, if one was.
pub fn date_field(
    ui: &mut Ui,
    id: Id,
    date: NaiveDate,
    today: NaiveDate,
    allowed: RangeInclusive<NaiveDate>,
) -> (egui::Response, Option<NaiveDate>) {
    let names = i18n::current();
    let label = format_date(date);
    let button = ui.add(egui::Button::new(label));
    let button = button.on_hover_text(t!("calendar-open"));
    let shown_id = id.with("shown-month");
    if button.clicked() {
        // Opening shows the month of the date chosen.
        ui.data_mut(|data| data.insert_temp(shown_id, first_of_month(date)));
    }
    let mut picked = None;
    egui::Popup::from_toggle_button_response(&button)
        .id(id.with("popup"))
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
        .show(|ui| {
            let mut shown: NaiveDate = ui
                .data(|data| data.get_temp(shown_id))
                .unwrap_or_else(|| first_of_month(date));
            let (first_month, last_month) = (
                first_of_month(*allowed.start()),
                first_of_month(*allowed.end()),
            );
            ui.horizontal(|ui| {
                let back = ui
                    .add_enabled(shown > first_month, egui::Button::new("‹"))
                    .on_hover_text(t!("calendar-previous-month"));
                name(&back, t!("calendar-previous-month"));
                if back.clicked() {
                    shown = shown - Months::new(1);
                }
                let heading = format!(
                    "{} {}",
                    names.date_names().month(shown.month()),
                    shown.year()
                );
                ui.add_sized(
                    egui::vec2(7.0 * day_width(ui) - 2.0 * 28.0, 24.0),
                    egui::Label::new(RichText::new(heading).strong()),
                );
                let next = ui
                    .add_enabled(shown < last_month, egui::Button::new("›"))
                    .on_hover_text(t!("calendar-next-month"));
                name(&next, t!("calendar-next-month"));
                if next.clicked() {
                    shown = shown + Months::new(1);
                }
            });
            if let Some(day) = month_grid(ui, shown, date, today, &allowed) {
                picked = Some(day);
                ui.close();
            }
            ui.data_mut(|data| data.insert_temp(shown_id, shown));
        });
    (button, picked)
}

/// The weeks of `month`, starting on the language's first weekday; answers the day clicked.
fn month_grid(
    ui: &mut Ui,
    month: NaiveDate,
    selected: NaiveDate,
    today: NaiveDate,
    allowed: &RangeInclusive<NaiveDate>,
) -> Option<NaiveDate> {
    let names = i18n::current();
    let first_weekday = names.date_names().first_weekday();
    let palette = theme::palette(ui);
    let width = day_width(ui);
    let mut picked = None;
    egui::Grid::new(("calendar", month))
        .spacing(egui::vec2(2.0, 2.0))
        .show(ui, |ui| {
            let mut weekday = first_weekday;
            for _ in 0..7 {
                ui.add_sized(
                    egui::vec2(width, 20.0),
                    egui::Label::new(
                        RichText::new(names.date_names().weekday(weekday))
                            .small()
                            .color(palette.muted),
                    ),
                );
                weekday = weekday.succ();
            }
            ui.end_row();
            let lead = days_from(first_weekday, month.weekday());
            let mut day = month - chrono::Days::new(u64::from(lead));
            loop {
                for _ in 0..7 {
                    if day.month() == month.month() {
                        let past = !allowed.contains(&day);
                        let mut text = RichText::new(day.day().to_string());
                        if day == today {
                            text = text.strong();
                        }
                        let response = ui.add_enabled(
                            !past,
                            egui::Button::selectable(day == selected, text)
                                .min_size(egui::vec2(width, 26.0)),
                        );
                        let full = format_date(day);
                        response.widget_info(|| {
                            egui::WidgetInfo::selected(
                                egui::Role::Button,
                                !past,
                                day == selected,
                                &full,
                            )
                        });
                        if response.clicked() {
                            picked = Some(day);
                        }
                    } else {
                        ui.label("");
                    }
                    day = day.succ_opt().unwrap_or(day);
                }
                ui.end_row();
                if day.month() != month.month() {
                    break;
                }
            }
        });
    picked
}

/// "Fri 27 Nov" / "Пт 27 ноября": a date as the form's button shows it.
pub fn format_date(date: NaiveDate) -> String {
    let catalog = i18n::current();
    date.format_localized(t!("format-date"), catalog.date_names().chrono_locale())
        .to_string()
}

fn day_width(ui: &Ui) -> f32 {
    ui.text_style_height(&egui::TextStyle::Body) * 2.0
}

fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

/// How many days from `first` (the week's first day) to `day`.
fn days_from(first: Weekday, day: Weekday) -> u32 {
    (day.num_days_from_monday() + 7 - first.num_days_from_monday()) % 7
}

/// Gives a button drawn with a symbol its name, for screen readers (and tests).
fn name(response: &egui::Response, text: &str) {
    let enabled = response.enabled();
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, text));
}
