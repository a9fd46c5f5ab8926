//! The codes table: only the visible rows are laid out, however long the list. Its columns fit the width: the
//! title takes what is left, the other columns are as wide as their text; when the width runs short the created
//! date goes first, then the intercom folds under the title, then the status folds under "Valid until" (beside the
//! countdown, in its colour), and below that the table scrolls sideways, so that until when a code works and
//! whether it does always show. A click selects a row (Ctrl adds to the selection, Shift a range). Each
//! row's actions (copy the message, the QR code, the slip, Extend, Revoke) sit in one narrow menu at its end (next
//! to its checkbox when the table scrolls sideways, so that it always shows), and in its context menu.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Datelike as _, TimeDelta, Utc};
use egui::{RichText, TextStyle, Ui};
use egui_extras::{Column, TableBuilder};

use super::handover::{CodeChoice, row_menu_items};
use super::theme::{self, space, text};
use super::widgets::{copy_button, displayable_in, text_width};
use crate::desks::Desks;
use crate::domain::CodeStatus;
use crate::i18n::Relative;
use crate::state::{AppState, CodeKey, DeskId, Sort, SortKey};
use crate::{i18n, t};
use aipix_client::api::Code;

/// What the table keeps between frames and reports back.
#[derive(Debug, Default)]
pub struct TableState {
    pub selected: BTreeSet<CodeKey>,
    /// The row clicked last: Ctrl+C copies its code, Shift+click selects from it.
    pub current: Option<CodeKey>,
    /// The soonest moment a drawn row's text changes.
    pub next_change: Option<DateTime<Utc>>,
    /// How many rows were laid out in the last frame (the rest were skipped).
    pub rows_drawn: usize,
    /// What a row's menu asked for in the last frame, and whose code it is.
    pub choice: Option<(DeskId, CodeChoice)>,
    /// The texts of rows drawn lately, so that a frame formats only what changed, and their language.
    texts: HashMap<CodeKey, RowTexts>,
    texts_language: String,
    /// The widths the columns' texts take, measured once for what they depend on.
    measures: Option<(MeasureKey, Measures)>,
}

/// What a row shows that takes formatting: made when the row is first drawn, again when its countdown changes
/// (or the language does).
#[derive(Debug)]
struct RowTexts {
    expired_at: DateTime<Utc>,
    title: String,
    intercom: String,
    /// Until then every text below holds.
    valid_until: DateTime<Utc>,
    until: String,
    countdown: String,
    /// When the server removes the code: only for an expired one (the texts are made again at expiry).
    removal: Option<String>,
    created: String,
    select: String,
    copy: String,
    /// The name of the row's menu button, for screen readers (and tests).
    actions: String,
}

impl RowTexts {
    fn new(ctx: &egui::Context, code: &Code, now: DateTime<Utc>) -> Self {
        let (countdown, valid_until) = Relative::between(code.expired_at, now);
        let title = displayable_in(ctx, &code.title).into_owned();
        Self {
            expired_at: code.expired_at,
            intercom: displayable_in(ctx, &crate::domain::intercom_name(code)).into_owned(),
            valid_until,
            until: i18n::date_time(code.expired_at, now),
            countdown: i18n::relative(&countdown),
            // Still listed, and still counted, until the server removes it.
            removal: (now >= code.expired_at).then(|| {
                let when = i18n::date_time(code.removed_at(), now);
                if code.removed_at() > now {
                    t!("code-will-be-removed", when = when)
                } else {
                    t!("code-removed", when = when)
                }
            }),
            created: code
                .created_at
                .map_or_else(|| "—".to_owned(), |at| i18n::date_time(at, now)),
            select: t!("select-code", title = title.as_str()),
            copy: t!("copy-this", code = crate::domain::shown_value(code)),
            actions: t!(
                "row-actions",
                title = title.as_str(),
                code = crate::domain::shown_value(code)
            ),
            title,
        }
    }

    fn holds_for(&self, code: &Code, now: DateTime<Utc>) -> bool {
        self.expired_at == code.expired_at && now < self.valid_until
    }
}

/// Rows remembered beyond this many are forgotten (a screenful is a few dozen).
const REMEMBERED_ROWS: usize = 1000;

pub struct TableInput<'a> {
    pub keys: &'a [CodeKey],
    pub desks: &'a Desks,
    pub now: DateTime<Utc>,
    pub show_intercom: bool,
    /// Several accounts: a column names each code's, and says when its account is not live.
    pub show_account: bool,
}

impl TableInput<'_> {
    /// The account the form and the limits are of.
    fn focused(&self) -> &AppState {
        &self.desks.focused().state
    }
}

/// The table's columns, left to right: the header, the rows, the widths and the sort all read this one list
/// (the row's menu moves next to the checkbox when the table scrolls sideways, see [`Layout::columns`]).
const COLUMNS: [TableColumn; 9] = [
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
enum TableColumn {
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
    fn heading(self) -> Option<(&'static str, SortKey)> {
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
    fn spec(self, width: f32) -> Column {
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
struct Layout {
    check: f32,
    title: f32,
    code: f32,
    account: Option<f32>,
    intercom: Option<f32>,
    valid_until: f32,
    /// `None`: the status stands under the expiry, beside the countdown.
    status: Option<f32>,
    created: Option<f32>,
    /// The row's menu button.
    actions: f32,
    /// The menu comes right after the checkbox: the table scrolls sideways, and the menu must show.
    actions_first: bool,
    /// The title's second line names the intercom (its column did not fit).
    intercom_under_title: bool,
    /// The title's second line names the account, and says when it is not live (its column did not fit).
    account_under_title: bool,
}

/// The widths of the texts the columns hold, in the language and fonts in use: measured again only when what they
/// depend on changes, not in every frame.
#[derive(Debug, Clone, Copy)]
struct Measures {
    date: f32,
    statuses: f32,
    /// The widest status with a countdown beside it, as it stands under the expiry when folded there.
    status_and_countdown: f32,
    removal: f32,
    digits: f32,
    copy: f32,
    longest_intercom: f32,
    longest_account: f32,
}

/// What [`Measures`] depend on.
#[derive(Debug, Clone, PartialEq)]
struct MeasureKey {
    language: String,
    day: chrono::NaiveDate,
    max_expiry_days: u32,
    pixels_per_point: f32,
    body_size: f32,
    intercoms: u64,
}

impl MeasureKey {
    fn of(ui: &Ui, input: &TableInput<'_>) -> Self {
        use std::hash::{Hash as _, Hasher as _};
        let mut intercoms = std::collections::hash_map::DefaultHasher::new();
        for desk in input.desks.open() {
            desk.state.group_name().hash(&mut intercoms);
            for intercom in &desk.state.intercoms {
                intercom.title.hash(&mut intercoms);
            }
        }
        Self {
            language: i18n::language(),
            day: input.now.with_timezone(&chrono::Local).date_naive(),
            max_expiry_days: input.focused().preferences.max_expiry_days,
            pixels_per_point: ui.ctx().pixels_per_point(),
            body_size: ui.text_style_height(&TextStyle::Body),
            intercoms: intercoms.finish(),
        }
    }
}

impl Measures {
    fn take(ui: &Ui, input: &TableInput<'_>) -> Self {
        let body = |ui: &Ui, text: &str| text_width(ui, text, TextStyle::Body);
        let small = |ui: &Ui, text: &str| text_width(ui, text, TextStyle::Small);
        // The widest texts the columns hold, measured in the language and fonts in use.
        // Dates show their year only when it is not this one: in the last weeks of a year, codes reach into
        // the next.
        // Month and weekday names differ in length: a date of every month, and of every weekday.
        let horizon =
            input.now + TimeDelta::days(i64::from(input.focused().preferences.max_expiry_days));
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
        let removal = small(
            ui,
            &t!(
                "code-will-be-removed",
                when = i18n::date_time(sample, input.now)
            ),
        );
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
            .desks
            .open()
            .flat_map(|desk| desk.state.intercoms.iter())
            .map(|intercom| body(ui, &intercom.title))
            .fold(0.0, f32::max);
        let longest_account = input
            .desks
            .open()
            .map(|desk| body(ui, &desk.state.group_name()))
            .chain([small(ui, t!("account-not-live"))])
            // Its heading is bold: a little wider than the body text measured.
            .chain([body(ui, t!("column-account")) * 1.1])
            .fold(0.0, f32::max);
        Self {
            date,
            statuses,
            status_and_countdown,
            removal,
            digits,
            copy,
            longest_intercom,
            longest_account,
        }
    }
}

impl Layout {
    fn fit(ui: &Ui, input: &TableInput<'_>, measures: &Measures) -> Self {
        let Measures {
            date,
            statuses,
            status_and_countdown,
            removal,
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
        let title_min = 80.0;
        let intercom = (longest_intercom + pad).clamp(90.0, 200.0);
        let created = date + pad;
        let actions = menu_button_size(ui).x + pad;

        // What must show: the title, the code, until when, and the status. Then, as the width allows: the whole
        // removal date of an expired code, the intercom's own column, the creation date.
        let available = ui.available_width();
        let mut used = check + code + valid_until + status_short + title_min + actions + 5.0 * gap;
        let (status, valid_until) = if used + status_full - status_short <= available {
            used += status_full - status_short;
            (Some(status_full), valid_until)
        } else if used <= available {
            (Some(status_short), valid_until)
        } else {
            // No room for a column of its own: the status goes under the expiry, beside the countdown.
            let folded = valid_until.max(status_and_countdown + pad);
            used += folded - valid_until - status_short - gap;
            (None, folded)
        };
        // Whose a code is comes before where it is: with several accounts, a row must say which is not live.
        let account = (longest_account + pad).clamp(80.0, 180.0);
        let account = (input.show_account && used + account + gap <= available).then_some(account);
        used += account.map_or(0.0, |width| width + gap);
        let intercom =
            (input.show_intercom && used + intercom + gap <= available).then_some(intercom);
        used += intercom.map_or(0.0, |width| width + gap);
        let created = (used + created + gap <= available).then_some(created);
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
            intercom_under_title: input.show_intercom && intercom.is_none(),
            account_under_title: input.show_account && account.is_none(),
        }
    }

    fn width_of(&self, column: TableColumn) -> Option<f32> {
        match column {
            TableColumn::Check => Some(self.check),
            TableColumn::Title => Some(self.title),
            TableColumn::Code => Some(self.code),
            TableColumn::Account => self.account,
            TableColumn::Intercom => self.intercom,
            TableColumn::ValidUntil => Some(self.valid_until),
            TableColumn::Status => self.status,
            TableColumn::Created => self.created,
            TableColumn::Actions => Some(self.actions),
        }
    }

    /// The columns shown, in [`COLUMNS`]' order, with their widths.
    fn columns(&self) -> Vec<(TableColumn, f32)> {
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

    /// The width the table needs (more than there is, when it must scroll sideways).
    fn width(&self, gap: f32) -> f32 {
        let columns = self.columns();
        let shown = columns.len() as f32;
        columns.iter().map(|(_, width)| width).sum::<f32>() + gap * (shown - 1.0)
    }
}

/// Draws the table; answers a new sort when a header was clicked.
pub fn show(
    ui: &mut Ui,
    input: &TableInput<'_>,
    sort: Sort,
    table: &mut TableState,
) -> Option<Sort> {
    let key = MeasureKey::of(ui, input);
    let measures = match &table.measures {
        Some((measured, measures)) if *measured == key => *measures,
        _ => {
            let measures = Measures::take(ui, input);
            table.measures = Some((key, measures));
            measures
        }
    };
    let layout = Layout::fit(ui, input, &measures);
    let mut new_sort = None;
    egui::ScrollArea::horizontal()
        .id_salt("codes-sideways")
        .show(ui, |ui| {
            let gap = ui.spacing().item_spacing.x;
            ui.set_width(layout.width(gap).max(ui.available_width()));
            new_sort = draw(ui, input, sort, table, &layout);
        });
    new_sort
}

fn draw(
    ui: &mut Ui,
    input: &TableInput<'_>,
    sort: Sort,
    table: &mut TableState,
    layout: &Layout,
) -> Option<Sort> {
    table.next_change = None;
    table.rows_drawn = 0;
    let language = i18n::language();
    if table.texts.len() > REMEMBERED_ROWS || table.texts_language != language {
        table.texts.clear();
        table.texts_language = language;
    }
    // Labels in rows do not take clicks: a click anywhere on a row selects it.
    ui.style_mut().interaction.selectable_labels = false;
    let palette = theme::palette(ui);
    let row_height =
        ui.text_style_height(&TextStyle::Body) + ui.text_style_height(&TextStyle::Small) + 12.0;
    let columns = layout.columns();
    let shown: Vec<TableColumn> = columns.iter().map(|(column, _)| *column).collect();

    let ctx = ui.ctx().clone();
    let mut builder = TableBuilder::new(ui)
        .id_salt(("codes", &shown))
        .striped(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
    for &(column, width) in &columns {
        builder = builder.column(column.spec(width));
    }

    let mut new_sort = None;
    let mut clicked_row = None;
    let mut chosen = None;
    builder
        .header(row_height * 0.7, |mut header| {
            for &column in &shown {
                header.col(|ui| {
                    if column == TableColumn::Check {
                        select_all(ui, input.keys, &mut table.selected);
                    } else if column == TableColumn::Account {
                        ui.strong(t!("column-account"));
                    } else if let Some((title, key)) = column.heading()
                        && sort_heading(ui, title, key, sort)
                    {
                        new_sort = Some(sort.toggled(key));
                    }
                });
            }
        })
        .body(|body| {
            body.rows(row_height, input.keys.len(), |mut row| {
                let Some(&key) = input.keys.get(row.index()) else {
                    return;
                };
                let Some(desk) = input.desks.get(key.desk) else {
                    return;
                };
                let Some(code) = desk.state.code(key.id) else {
                    return;
                };
                table.rows_drawn += 1;
                row.set_selected(table.selected.contains(&key));
                let texts = row_texts(&mut table.texts, &ctx, key, code, input.now);
                table.next_change = Some(
                    table
                        .next_change
                        .map_or(texts.valid_until, |n| n.min(texts.valid_until)),
                );
                let cells = Cells {
                    input,
                    layout,
                    key,
                    state: &desk.state,
                    code,
                    texts,
                    status: CodeStatus::at(code, input.now),
                    palette,
                };
                for &column in &shown {
                    row.col(|ui| {
                        if let Some(asked) = cells.show(ui, column, &mut table.selected) {
                            chosen = Some((key.desk, asked));
                        }
                    });
                }
                let response = row.response();
                response.context_menu(|ui| {
                    if let Some(asked) = row_menu_items(ui, &desk.state, code, input.now) {
                        chosen = Some((key.desk, asked));
                    }
                });
                if response.clicked() {
                    clicked_row = Some(key);
                }
            });
        });
    if let Some(key) = clicked_row {
        let modifiers = ui.input(|input| input.modifiers);
        select(table, input.keys, key, modifiers);
    }
    table.choice = chosen;
    new_sort
}

/// The texts of a row, made again when they no longer hold.
fn row_texts<'t>(
    texts: &'t mut HashMap<CodeKey, RowTexts>,
    ctx: &egui::Context,
    key: CodeKey,
    code: &Code,
    now: DateTime<Utc>,
) -> &'t RowTexts {
    match texts.entry(key) {
        std::collections::hash_map::Entry::Occupied(entry) => {
            let texts = entry.into_mut();
            if !texts.holds_for(code, now) {
                *texts = RowTexts::new(ctx, code, now);
            }
            texts
        }
        std::collections::hash_map::Entry::Vacant(entry) => {
            entry.insert(RowTexts::new(ctx, code, now))
        }
    }
}

/// The header's checkbox: selects every row listed, or none.
fn select_all(ui: &mut Ui, keys: &[CodeKey], selected: &mut BTreeSet<CodeKey>) {
    let all_selected = !keys.is_empty() && keys.iter().all(|key| selected.contains(key));
    let mut checked = all_selected;
    let response = ui.add(egui::Checkbox::without_text(&mut checked));
    named_checkbox(&response, checked, t!("select-all"));
    if response.on_hover_text(t!("select-all")).changed() {
        if checked {
            selected.extend(keys.iter().copied());
        } else {
            selected.clear();
        }
    }
}

/// A column's heading, with an arrow when the list is sorted by it; answers whether it was clicked.
fn sort_heading(ui: &mut Ui, title: &str, key: SortKey, sort: Sort) -> bool {
    let arrow = match (sort.key == key, sort.ascending) {
        (true, true) => " ⏶",
        (true, false) => " ⏷",
        (false, _) => "",
    };
    ui.add(egui::Button::new(RichText::new(format!("{title}{arrow}")).strong()).frame(false))
        .on_hover_text(t!("sort-hint"))
        .clicked()
}

/// What one row's cells show.
struct Cells<'a> {
    input: &'a TableInput<'a>,
    layout: &'a Layout,
    key: CodeKey,
    /// The state of the code's account.
    state: &'a AppState,
    code: &'a Code,
    texts: &'a RowTexts,
    status: CodeStatus,
    palette: &'a theme::Palette,
}

impl Cells<'_> {
    /// Draws the row's cell of `column`; answers what its menu asked for.
    fn show(
        &self,
        ui: &mut Ui,
        column: TableColumn,
        selected: &mut BTreeSet<CodeKey>,
    ) -> Option<CodeChoice> {
        let (texts, palette) = (self.texts, self.palette);
        match column {
            TableColumn::Check => self.checkbox(ui, selected),
            TableColumn::Title => self.title(ui),
            TableColumn::Code => self.digits(ui),
            TableColumn::Account => self.account(ui),
            TableColumn::Intercom => {
                ui.add(egui::Label::new(texts.intercom.as_str()).truncate());
            }
            TableColumn::ValidUntil => self.valid_until(ui),
            TableColumn::Status => self.status(ui),
            TableColumn::Created => {
                ui.label(RichText::new(texts.created.as_str()).color(palette.muted));
            }
            TableColumn::Actions => {
                return actions_menu(ui, self.state, self.input.now, self.code, &texts.actions);
            }
        }
        None
    }

    /// A code that no longer opens the door never looks like one that does, at any width (the status column may
    /// be scrolled out of view in a narrow window).
    fn dead(&self) -> bool {
        matches!(self.status, CodeStatus::Expired | CodeStatus::Removed)
    }

    fn status_color(&self) -> egui::Color32 {
        match self.status {
            CodeStatus::Active => self.palette.ok,
            CodeStatus::ExpiringSoon => self.palette.warning,
            CodeStatus::Expired => self.palette.error,
            CodeStatus::Removed => self.palette.muted,
        }
    }

    fn checkbox(&self, ui: &mut Ui, selected: &mut BTreeSet<CodeKey>) {
        let id = self.key;
        let mut checked = selected.contains(&id);
        let response = ui.add(egui::Checkbox::without_text(&mut checked));
        named_checkbox(&response, checked, &self.texts.select);
        if response.on_hover_text(&self.texts.select).changed() {
            if checked {
                selected.insert(id);
            } else {
                selected.remove(&id);
            }
        }
    }

    /// The account's group; under it, while its account is not live, that this row may not be current.
    fn account(&self, ui: &mut Ui) {
        ui.vertical(|ui| {
            ui.spacing_mut().item_spacing.y = 0.0;
            let name = self.state.group_name();
            ui.add(egui::Label::new(displayable_in(ui.ctx(), &name).as_ref()).truncate());
            if !self.state.live.is_connected() {
                ui.add(
                    egui::Label::new(
                        RichText::new(t!("account-not-live"))
                            .small()
                            .color(self.palette.warning),
                    )
                    .truncate(),
                )
                .on_hover_text(t!("account-not-live-hint"));
            }
        });
    }

    fn title(&self, ui: &mut Ui) {
        let texts = self.texts;
        let (intercom, account) = (
            self.layout.intercom_under_title,
            self.layout.account_under_title,
        );
        if !intercom && !account {
            ui.add(egui::Label::new(texts.title.as_str()).truncate());
            return;
        }
        let under = match (intercom, account) {
            // The account first: the same door names recur from account to account.
            (true, true) => format!("{} · {}", self.state.group_name(), texts.intercom),
            (true, false) => texts.intercom.clone(),
            _ => self.state.group_name(),
        };
        let under =
            egui::Label::new(RichText::new(under).small().color(self.palette.muted)).truncate();
        ui.vertical(|ui| {
            ui.add(egui::Label::new(texts.title.as_str()).truncate());
            if !account || self.state.live.is_connected() {
                ui.add(under);
                return;
            }
            ui.horizontal(|ui| {
                // That its account is not live shows first: the names may be cut.
                ui.label(
                    RichText::new(t!("account-not-live"))
                        .small()
                        .color(self.palette.warning),
                )
                .on_hover_text(t!("account-not-live-hint"));
                ui.add(under);
            });
        });
    }

    fn digits(&self, ui: &mut Ui) {
        let dead = self.dead();
        ui.vertical(|ui| {
            ui.spacing_mut().item_spacing.y = 0.0;
            let Some(value) = self.code.code_value() else {
                // Nothing to read out or copy: said where the digits would be.
                ui.add(
                    egui::Label::new(
                        RichText::new(t!("code-value-missing"))
                            .small()
                            .color(self.palette.warning),
                    )
                    .wrap(),
                );
                return;
            };
            let digits = RichText::new(value).monospace().size(text::CODE);
            ui.label(if dead {
                digits.strikethrough().color(self.palette.muted)
            } else {
                digits.strong()
            });
            // A code that opens no door is not handed out: nothing to copy.
            copy_button(ui, !dead, t!("copy"), value, true)
                .on_hover_text(self.texts.copy.as_str())
                .on_disabled_hover_text(t!("handover-dead-code"));
        });
    }

    fn valid_until(&self, ui: &mut Ui) {
        let texts = self.texts;
        ui.vertical(|ui| {
            ui.label(texts.until.as_str());
            if self.layout.status.is_none() {
                ui.label(
                    RichText::new(folded_status(self.status, &texts.countdown))
                        .small()
                        .color(self.status_color()),
                );
            } else {
                let color = if self.dead() {
                    self.palette.error
                } else {
                    self.palette.muted
                };
                ui.label(RichText::new(texts.countdown.as_str()).small().color(color));
            }
        });
    }

    fn status(&self, ui: &mut Ui) {
        ui.vertical(|ui| {
            ui.label(RichText::new(self.status.label()).color(self.status_color()));
            if self.status == CodeStatus::Expired
                && let Some(removal) = &self.texts.removal
            {
                ui.add(
                    egui::Label::new(
                        RichText::new(removal.as_str())
                            .small()
                            .color(self.palette.muted),
                    )
                    .truncate(),
                );
            }
        });
    }
}

/// A status with the countdown beside it ("Active · in 3 h"), as it stands under the expiry in a narrow table.
fn folded_status(status: CodeStatus, countdown: &str) -> String {
    format!("{} · {countdown}", status.label())
}

/// A click on a row: it alone is selected; with Ctrl (Cmd) it joins or leaves the selection; with Shift the
/// rows from the last one clicked are selected.
fn select(table: &mut TableState, ids: &[CodeKey], id: CodeKey, modifiers: egui::Modifiers) {
    if modifiers.shift
        && let Some(anchor) = table.current
        && let (Some(from), Some(to)) = (
            ids.iter().position(|row| *row == anchor),
            ids.iter().position(|row| *row == id),
        )
    {
        let (from, to) = (from.min(to), from.max(to));
        table.selected.extend(ids[from..=to].iter().copied());
        return;
    }
    if modifiers.command {
        if !table.selected.remove(&id) {
            table.selected.insert(id);
        }
    } else {
        table.selected.clear();
        table.selected.insert(id);
    }
    table.current = Some(id);
}

/// The row's menu button ("⋯"): copy the message or the code, the QR code, the slip, Extend, Revoke.
fn actions_menu(
    ui: &mut Ui,
    state: &AppState,
    now: DateTime<Utc>,
    code: &Code,
    name: &str,
) -> Option<CodeChoice> {
    let button = egui::Button::new("").min_size(menu_button_size(ui));
    let (response, menu) = egui::containers::menu::MenuButton::from_button(button)
        .ui(ui, |ui| row_menu_items(ui, state, code, now));
    paint_dots(ui, &response);
    response
        .on_hover_text(t!("row-actions-hint"))
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, name));
    menu.and_then(|menu| menu.inner)
}

/// A row's menu button: as tall as a line of text, a little wider.
pub(super) fn menu_button_size(ui: &Ui) -> egui::Vec2 {
    let height = ui.spacing().interact_size.y;
    egui::vec2(height * 1.3, height)
}

/// Three dots on the menu button, drawn (no font needs the glyph), in the button's text colour.
pub(super) fn paint_dots(ui: &Ui, response: &egui::Response) {
    let color = ui.style().interact(response).fg_stroke.color;
    let center = response.rect.center();
    let step = response.rect.height() * 0.22;
    for k in [-1.0, 0.0, 1.0] {
        ui.painter()
            .circle_filled(center + egui::vec2(k * step, 0.0), 1.8, color);
    }
}

/// Gives a checkbox without visible text its name for screen readers (and tests).
fn named_checkbox(response: &egui::Response, checked: bool, name: &str) {
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::CheckBox, true, checked, name));
}
