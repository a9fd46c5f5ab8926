//! The form's expiry: the quick choices (Alt+1…Alt+6 wherever the keyboard is), the date, hour and minute, and
//! the expiry as it reads in words, which says when it next changes by itself.

use chrono::{DateTime, Local, TimeDelta, Utc};
use egui::{Id, Key, Modifiers, RichText, Ui};

use super::CodeForm;
use crate::new_code::{Expiry, QuickExpiry, round_up_to_minute};
use crate::state::{AppState, CodeField};
use crate::ui::widgets::field_errors;
use crate::ui::{calendar, theme};
use crate::{i18n, t};

/// Alt+1 … Alt+6, in the order of [`QuickExpiry::ALL`].
pub const QUICK_KEYS: [Key; 6] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
];

fn date_id() -> Id {
    Id::unique("new-code-date")
}

impl CodeForm {
    /// Alt+1 … Alt+6 pick the quick choices, wherever the keyboard is.
    pub(super) fn quick_keys(&mut self, ui: &mut Ui) {
        for (choice, key) in QuickExpiry::ALL.into_iter().zip(QUICK_KEYS) {
            if ui.input_mut(|input| input.consume_key(Modifiers::ALT, key)) {
                self.expiry = Expiry::Quick(choice);
            }
        }
    }

    /// The quick choices, the date, hour and minute, and the expiry as it reads in words.
    pub(super) fn expiry_fields(&mut self, ui: &mut Ui, state: &AppState, now: DateTime<Utc>) {
        ui.add_space(theme::space::XS);
        ui.label(t!("form-valid-until"));
        self.quick_choices(ui);
        let shown = self
            .expiry_at(now)
            .map(|at| at.with_timezone(&Local).naive_local());
        if let Some(shown) = shown {
            self.moment_fields(ui, shown, now);
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

    /// Two to a row, in the order of their keys: +1 h, +4 h / end of today, tomorrow noon / +1 day, +1 week. A
    /// choice puts the keyboard back in the title, where Enter makes the code.
    fn quick_choices(&mut self, ui: &mut Ui) {
        let half = (ui.available_width() - ui.spacing().item_spacing.x) / 2.0;
        self.quick_widgets.clear();
        egui::Grid::new("quick-expiry")
            .num_columns(2)
            .spacing(ui.spacing().item_spacing)
            .show(ui, |ui| {
                for (index, choice) in QuickExpiry::ALL.into_iter().enumerate() {
                    let selected = self.expiry == Expiry::Quick(choice);
                    let shortcut = t!("form-quick-shortcut", key = index + 1);
                    let button = egui::Button::selectable(selected, choice.label())
                        .min_size(egui::vec2(half, 0.0));
                    let button = ui.add(button).on_hover_text(shortcut);
                    self.quick_widgets.push(button.id);
                    if button.clicked() {
                        self.expiry = Expiry::Quick(choice);
                        self.focus = Some(CodeField::Title);
                    }
                    if index % 2 == 1 {
                        ui.end_row();
                    }
                }
            });
    }

    /// The date (a calendar that offers no past day), the hour and the minute of `shown`.
    fn moment_fields(&mut self, ui: &mut Ui, shown: chrono::NaiveDateTime, now: DateTime<Utc>) {
        let today = now.with_timezone(&Local).date_naive();
        let field = ui
            .horizontal(|ui| calendar::moment_field(ui, date_id(), shown, today))
            .inner;
        self.date_widget = Some(field.date.id);
        // The hour or minute typed is taken as Enter leaves it; then Enter makes the code.
        self.enter_in_time = field.entered_in_time(ui);
        if let Some(moment) = field.picked {
            self.expiry = Expiry::At(moment);
        }
    }
}
