//! The table's layout: its columns, the widths of the texts they hold (measured once for what they depend on), and
//! which columns fit the width: the title takes what is left, and no optional column cuts a title that would fit
//! without it; when the width runs short the created date goes first, then the intercom folds under the title, then
//! the status folds under "Valid until", then the expiry folds under the title (its countdown, in the status's
//! colour), then the title narrows to [`TITLE_NARROWEST`], and below that the table scrolls sideways. A 1280×800
//! screen at 200% text (640×400 points) ends at the fourth step.

use chrono::{Datelike as _, TimeDelta};
use egui::{TextStyle, Ui};
use egui_extras::Column;

use super::{TableInput, folded_status, menu_button_size};
use crate::domain::CodeStatus;
use crate::i18n::Relative;
use crate::state::SortKey;
use crate::ui::theme::{space, text};
use crate::ui::widgets::text_width;
use crate::{i18n, t};

/// The narrowest a title gets before the table scrolls sideways (a few letters of a name).
const TITLE_NARROWEST: f32 = 56.0;

/// The table's columns, left to right: the header, the rows, the widths and the sort all read this one list
/// (the row's menu moves next to the checkbox when the table scrolls sideways, see [`Layout::columns`]).
pub(super) const COLUMNS: [TableColumn; 9] = [
    TableColumn::Check,
    TableColumn::Title,
    TableColumn::Code,
    TableColumn::Account,
    TableColumn::Intercom,
    TableColumn::ValidUntil,
    TableColumn::Status,
    TableColumn::Created,
    TableColumn::Actions,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum TableColumn {
    /// The row's checkbox (in the header: select all).
    Check,
    Title,
    Code,
    /// The account's group, and whether it is live.
    Account,
    Intercom,
    ValidUntil,
    Status,
    Created,
    /// The row's menu button.
    Actions,
}

impl TableColumn {
    /// The column's heading and what a click on it sorts by; none for the checkbox and the menu.
    pub(super) fn heading(self) -> Option<(&'static str, SortKey)> {
        match self {
            TableColumn::Check | TableColumn::Actions | TableColumn::Account => None,
            TableColumn::Title => Some((t!("column-title"), SortKey::Title)),
            TableColumn::Code => Some((t!("column-code"), SortKey::Code)),
            TableColumn::Intercom => Some((t!("column-intercom"), SortKey::Intercom)),
            TableColumn::ValidUntil => Some((t!("column-valid-until"), SortKey::Expiry)),
            TableColumn::Status => Some((t!("column-status"), SortKey::Status)),
            TableColumn::Created => Some((t!("column-created"), SortKey::Created)),
        }
    }

    /// How egui_extras sizes it: the title takes what is left; the rest are as wide as their text.
    pub(super) fn spec(self, width: f32) -> Column {
        match self {
            TableColumn::Title => Column::remainder().at_least(width).clip(true),
            TableColumn::Check | TableColumn::Code | TableColumn::Actions => Column::exact(width),
            TableColumn::Intercom
            | TableColumn::Account
            | TableColumn::ValidUntil
            | TableColumn::Status
            | TableColumn::Created => Column::exact(width).clip(true),
        }
    }
}

/// The columns that fit, and their widths.
pub(super) struct Layout {
    pub(super) check: f32,
    pub(super) title: f32,
    pub(super) code: f32,
    pub(super) account: Option<f32>,
    pub(super) intercom: Option<f32>,
    /// `None`: the expiry stands under the title, as its countdown in the status's colour.
    pub(super) valid_until: Option<f32>,
    /// `None`: the status stands under the expiry, beside the countdown.
    pub(super) status: Option<f32>,
    /// The status under the expiry has room for its word beside the widest countdown ("Active · in 3 h"); else
    /// each row says it where its line has room, and the countdown alone, in the status's colour, where not.
    pub(super) status_word: bool,
    pub(super) created: Option<f32>,
    /// The row's menu button.
    pub(super) actions: f32,
    /// The menu comes right after the checkbox: the table scrolls sideways, and the menu must show.
    pub(super) actions_first: bool,
    /// The title's second line names the intercom (its column did not fit).
    pub(super) intercom_under_title: bool,
    /// The title's second line names the account, and says when it is not live (its column did not fit).
    pub(super) account_under_title: bool,
    /// The status column is narrower than an expired code's removal date ("будет удалён Вт 8 декабря 21:05"),
    /// which wraps under the status in this many points, the rows made as tall: it is read whole.
    pub(super) removal_wrapped: Option<f32>,
}

/// The widths of the texts the columns hold, in the language and fonts in use: measured again only when what they
/// depend on changes, not in every frame.
#[derive(Debug, Clone, Copy)]
pub(super) struct Measures {
    date: f32,
    statuses: f32,
    /// The widest status with a countdown beside it, as it stands under the expiry when folded there.
    status_and_countdown: f32,
    removal: f32,
    /// How tall the removal date is at its tallest, wrapped in the narrow status column.
    removal_wrapped: f32,
    digits: f32,
    copy: f32,
    longest_intercom: f32,
    longest_account: f32,
}

/// What [`Measures`] depend on.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct MeasureKey {
    language: String,
    day: chrono::NaiveDate,
    max_expiry_days: u32,
    pixels_per_point: f32,
    body_size: f32,
    intercoms: u64,
}

impl MeasureKey {
    pub(super) fn of(ui: &Ui, input: &TableInput<'_>) -> Self {
        use std::hash::{Hash as _, Hasher as _};
        let mut intercoms = std::collections::hash_map::DefaultHasher::new();
        for account in input.accounts.open() {
            account.name().hash(&mut intercoms);
            for intercom in &account.state.intercoms {
                intercom.title.hash(&mut intercoms);
            }
        }
        Self {
            language: i18n::language(),
            day: input.now.with_timezone(&chrono::Local).date_naive(),
            max_expiry_days: input.max_expiry_days(),
            pixels_per_point: ui.ctx().pixels_per_point(),
            body_size: ui.text_style_height(&TextStyle::Body),
            intercoms: intercoms.finish(),
        }
    }
}

impl Measures {
    pub(super) fn take(ui: &Ui, input: &TableInput<'_>) -> Self {
        let body = |ui: &Ui, text: &str| text_width(ui, text, TextStyle::Body);
        let small = |ui: &Ui, text: &str| text_width(ui, text, TextStyle::Small);
        // The widest texts the columns hold, measured in the language and fonts in use.
        // Dates show their year only when it is not this one: in the last weeks of a year, codes reach into
        // the next.
        // Month and weekday names differ in length: a date of every month, and of every weekday.
        let horizon = input.now + TimeDelta::days(i64::from(input.max_expiry_days()));
        let sample = input.now + TimeDelta::days(3);
        // The countdowns of every shape ("in 3 d 23 h", "in 23 h 59 min", "23 h 59 min ago"): which is widest
        // depends on the language.
        let countdowns: Vec<String> = [
            sample + TimeDelta::hours(23),
            input.now + TimeDelta::minutes(23 * 60 + 59) + TimeDelta::seconds(30),
            input.now - TimeDelta::minutes(23 * 60 + 59) - TimeDelta::seconds(30),
        ]
        .into_iter()
        .map(|at| i18n::relative(&Relative::between(at, input.now).0))
        .collect();
        let date = (0..12)
            .map(|k| input.now + TimeDelta::days(32 * k + k % 7))
            .filter(|at| at.year() == input.now.year() || *at <= horizon)
            // Every weekday of the days around now, whichever month it is: in December the months ahead are
            // next year's, and one weekday's name alone would not do.
            .chain((-1..=7).map(|day| input.now + TimeDelta::days(day)))
            .map(|at| body(ui, &i18n::date_time(at, input.now)))
            .chain(countdowns.iter().map(|countdown| small(ui, countdown)))
            .fold(0.0, f32::max);
        let statuses = [
            CodeStatus::Active,
            CodeStatus::ExpiringSoon,
            CodeStatus::Expired,
        ]
        .into_iter()
        .map(|status| body(ui, status.label()))
        .fold(0.0, f32::max);
        let status_and_countdown = [
            CodeStatus::Active,
            CodeStatus::ExpiringSoon,
            CodeStatus::Expired,
        ]
        .into_iter()
        .flat_map(|status| {
            countdowns
                .iter()
                .map(move |countdown| folded_status(status, countdown))
        })
        .map(|text| small(ui, &text))
        .fold(0.0, f32::max);
        let (removal, removal_wrapped) = removal(ui, input.now, statuses);
        let digits = ui.fonts_mut(|fonts| {
            fonts
                .layout_no_wrap(
                    "00000".into(),
                    egui::FontId::monospace(text::CODE),
                    egui::Color32::WHITE,
                )
                .size()
                .x
        });
        let copy = small(ui, t!("copy")).max(small(ui, t!("copied")))
            + 2.0 * ui.spacing().button_padding.x;
        let longest_intercom = input
            .accounts
            .open()
            .flat_map(|account| account.state.intercoms.iter())
            .map(|intercom| body(ui, &intercom.title))
            .fold(0.0, f32::max);
        let longest_account = input
            .accounts
            .open()
            .map(|account| body(ui, &account.name()))
            .chain([small(ui, t!("account-not-live"))])
            // Its heading is bold: a little wider than the body text measured.
            .chain([body(ui, t!("column-account")) * 1.1])
            .fold(0.0, f32::max);
        Self {
            date,
            statuses,
            status_and_countdown,
            removal,
            removal_wrapped,
            digits,
            copy,
            longest_intercom,
            longest_account,
        }
    }
}

/// How wide an expired code's removal date is on one line, and how tall wrapped at `width`, at the widest and
/// tallest: an expired code is removed within a day or so, so every weekday from yesterday on, at hours of each
/// shape (one sample date was narrower than "Tue 08 Dec 22:07", which the column then cut).
fn removal(ui: &Ui, now: chrono::DateTime<chrono::Utc>, width: f32) -> (f32, f32) {
    let font = TextStyle::Small.resolve(ui.style());
    (-1..=7)
        .flat_map(|day| {
            [0, 6, 12, 18].map(|hour| now + TimeDelta::days(day) + TimeDelta::hours(hour))
        })
        .map(|at| {
            let when = i18n::date_time(at, now);
            let line = t!("code-will-be-removed", when = when.as_str());
            ui.fonts_mut(|fonts| {
                let one_line = fonts
                    .layout_no_wrap(line.clone(), font.clone(), egui::Color32::WHITE)
                    .size()
                    .x;
                let wrapped = fonts
                    .layout(line, font.clone(), egui::Color32::WHITE, width)
                    .size()
                    .y;
                (one_line, wrapped)
            })
        })
        .fold((0.0, 0.0), |(wide, tall), (one_line, wrapped)| {
            (f32::max(wide, one_line), f32::max(tall, wrapped))
        })
}

impl Layout {
    /// The columns that fit `measures` in the width there is, the title as wide as `widest_title` (the widest of
    /// the rows drawn lately) before the account, the intercom and the created date take a column of their own:
    /// those fold under the title or go, the title is what tells codes apart.
    pub(super) fn fit(
        ui: &Ui,
        input: &TableInput<'_>,
        measures: &Measures,
        widest_title: f32,
    ) -> Self {
        let Measures {
            date,
            statuses,
            status_and_countdown,
            removal,
            removal_wrapped,
            digits,
            copy,
            longest_intercom,
            longest_account,
        } = *measures;
        // egui_extras puts the item spacing between columns; each column keeps a little room of its own.
        let gap = ui.spacing().item_spacing.x;
        let pad = space::XS;
        let check = ui.spacing().interact_size.y;
        // The copy button sits under the digits.
        let code = digits.max(copy) + pad;
        let valid_until = date + pad;
        let status_short = statuses + pad;
        let status_full = statuses.max(removal) + pad;
        let mut title_min = 80.0;
        let intercom = (longest_intercom + pad).clamp(90.0, 200.0);
        let created = date + pad;
        let actions = menu_button_size(ui).x + pad;

        // What must show: the title, the code, until when, and the status. Then, as the width allows: the whole
        // removal date of an expired code, the intercom's own column, the creation date.
        let available = ui.available_width();
        let mut used = check + code + valid_until + status_short + title_min + actions + 5.0 * gap;
        let mut status_word = true;
        let (status, valid_until) = if used + status_full - status_short <= available {
            used += status_full - status_short;
            (Some(status_full), valid_until)
        } else if used <= available {
            (Some(status_short), valid_until)
        } else {
            // No room for a column of its own: the status goes under the expiry, beside the countdown; with no
            // room for the widest of those (Russian at 800×600), the column is as wide as the date, and a row
            // whose line does not fit says its countdown alone, in its colour.
            let folded = valid_until.max(status_and_countdown + pad);
            let with_word = used + folded - valid_until - status_short - gap;
            if with_word <= available {
                used = with_word;
                (None, folded)
            } else {
                status_word = false;
                used -= status_short + gap;
                (None, valid_until)
            }
        };
        // Still too wide (200% text on a laptop's screen): the expiry goes under the title, then the title narrows.
        let valid_until = if used > available {
            used -= valid_until + gap;
            None
        } else {
            Some(valid_until)
        };
        let narrower = (used - available).clamp(0.0, title_min - TITLE_NARROWEST);
        title_min -= narrower;
        used -= narrower;
        // The title's room before the optional columns: its widest, within a share of the width.
        let title_room = (widest_title + pad).clamp(title_min, (available * 0.4).max(title_min));
        let used_by_title = title_room - title_min;
        // Whose a code is comes before where it is: with several accounts, a row must say which is not live.
        let account = (longest_account + pad).clamp(80.0, 180.0);
        let account = (input.show_account && used + used_by_title + account + gap <= available)
            .then_some(account);
        used += account.map_or(0.0, |width| width + gap);
        let intercom = (input.show_intercom && used + used_by_title + intercom + gap <= available)
            .then_some(intercom);
        used += intercom.map_or(0.0, |width| width + gap);
        let created = (used + used_by_title + created + gap <= available).then_some(created);
        used += created.map_or(0.0, |width| width + gap);

        Self {
            check,
            title: (available - used + title_min).max(title_min),
            code,
            account,
            intercom,
            valid_until,
            status,
            created,
            actions,
            actions_first: used > available,
            status_word,
            intercom_under_title: input.show_intercom && intercom.is_none(),
            account_under_title: input.show_account && account.is_none(),
            removal_wrapped: (status == Some(status_short) && status_short < status_full)
                .then_some(removal_wrapped),
        }
    }

    pub(super) fn width_of(&self, column: TableColumn) -> Option<f32> {
        match column {
            TableColumn::Check => Some(self.check),
            TableColumn::Title => Some(self.title),
            TableColumn::Code => Some(self.code),
            TableColumn::Account => self.account,
            TableColumn::Intercom => self.intercom,
            TableColumn::ValidUntil => self.valid_until,
            TableColumn::Status => self.status,
            TableColumn::Created => self.created,
            TableColumn::Actions => Some(self.actions),
        }
    }

    /// The columns shown, in [`COLUMNS`]' order, with their widths.
    pub(super) fn columns(&self) -> Vec<(TableColumn, f32)> {
        let mut shown: Vec<(TableColumn, f32)> = COLUMNS
            .iter()
            .filter_map(|&column| Some((column, self.width_of(column)?)))
            .collect();
        if self.actions_first
            && let Some(at) = shown
                .iter()
                .position(|(column, _)| *column == TableColumn::Actions)
        {
            let actions = shown.remove(at);
            shown.insert(1, actions);
        }
        shown
    }

    /// How tall a row is: its title cell is the tallest, the title's line and a small line for each thing folded
    /// under it (the account or the intercom, the expiry), one at least (the digits' Copy button stands under them);
    /// or the status cell, where an expired code's removal date wraps under the status.
    pub(super) fn row_height(&self, ui: &Ui) -> f32 {
        let door = self.intercom_under_title || self.account_under_title;
        let under = (usize::from(door) + usize::from(self.valid_until.is_none())).max(1);
        let body = ui.text_style_height(&TextStyle::Body);
        let lines = body + under as f32 * ui.text_style_height(&TextStyle::Small) + 12.0;
        // An expired code's removal date wrapped under its status.
        self.removal_wrapped
            .map_or(lines, |removal| lines.max(body + removal + 6.0))
    }

    /// The width the table needs (more than there is, when it must scroll sideways).
    pub(super) fn width(&self, gap: f32) -> f32 {
        let columns = self.columns();
        let shown = columns.len() as f32;
        columns.iter().map(|(_, width)| width).sum::<f32>() + gap * (shown - 1.0)
    }
}
