//! The codes table: only the visible rows are laid out, however long the list. Its columns fit the width: the
//! title takes what is left, the other columns are as wide as their text; when the width runs short the created
//! date goes first, then the intercom folds under the title, then the status folds under "Valid until" (beside the
//! countdown, in its colour), and below that the table scrolls sideways, so that until when a code works and
//! whether it does always show. A click selects a row (Ctrl adds to the selection, Shift a range). Each
//! row's actions (copy the message, the QR code, the slip, Extend, Revoke) sit in one narrow menu at its end (next
//! to its checkbox when the table scrolls sideways, so that it always shows), and in its context menu.

mod keyboard;
mod layout;

pub use keyboard::has_keyboard;

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use egui::{RichText, TextStyle, Ui};
use egui_extras::TableBuilder;

use self::layout::{Layout, MeasureKey, Measures, TableColumn};
use super::a11y;
use super::action::Action;
use super::handover::row_menu_items;
use super::theme::{self, text};
use super::widgets::{displayable_in, row_copy_button, text_width};
use crate::accounts::Accounts;
use crate::domain::CodeStatus;
use crate::i18n::Relative;
use crate::state::{AppState, CodeKey, Sort, SortKey};
use crate::{i18n, t};
use aipix_client::api::Code;

/// What the table keeps between frames and reports back.
#[derive(Debug, Default)]
pub struct TableState {
    pub selected: BTreeSet<CodeKey>,
    /// The row with the focus (clicked last, or moved to with the keys): Ctrl+C copies its code, Delete revokes
    /// it, Shift+click selects from it.
    pub current: Option<CodeKey>,
    /// What the keyboard does in the table between frames.
    focus: keyboard::RowFocus,
    /// The soonest moment a drawn row's text changes.
    pub next_change: Option<DateTime<Utc>>,
    /// How many rows were laid out in the last frame (the rest were skipped).
    pub rows_drawn: usize,
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
    /// How wide the title is on one line.
    title_width: f32,
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
    /// What a screen reader says of the row, but for its status (which changes by the clock).
    spoken: String,
}

impl RowTexts {
    fn new(ctx: &egui::Context, code: &Code, now: DateTime<Utc>) -> Self {
        // On the minute: a screenful of countdowns changes in one frame (an idle desk draws once a minute).
        let (countdown, valid_until) = Relative::on_the_minute(code.expired_at, now);
        let title = displayable_in(ctx, &code.title).into_owned();
        let intercom = displayable_in(ctx, &crate::domain::intercom_name(code)).into_owned();
        let until = i18n::date_time(code.expired_at, now);
        let spoken = t!(
            "a11y-code-row",
            title = title.as_str(),
            code = code
                .code_value()
                .map_or_else(|| t!("code-value-missing").to_owned(), a11y::spelled_out),
            intercom = intercom.as_str(),
            until = until.as_str()
        );
        Self {
            expired_at: code.expired_at,
            intercom,
            valid_until,
            until,
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
            spoken,
            title_width: ctx.fonts_mut(|fonts| {
                let font = egui::FontId::proportional(text::BODY);
                fonts
                    .layout_no_wrap(title.clone(), font, egui::Color32::WHITE)
                    .size()
                    .x
            }),
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
    pub accounts: &'a Accounts,
    pub now: DateTime<Utc>,
    pub show_intercom: bool,
    /// Several accounts: a column names each code's, and says when its account is not live.
    pub show_account: bool,
}

impl TableInput<'_> {
    /// The longest validity a code is made for without asking (a setting: every account's alike).
    fn max_expiry_days(&self) -> u32 {
        self.accounts.focused().state.preferences().max_expiry_days
    }
}

/// Draws the table; a click on a header sorts by it. Answers what a row's menu asked for.
pub fn show(
    ui: &mut Ui,
    input: &TableInput<'_>,
    sort: &mut Sort,
    table: &mut TableState,
) -> Vec<Action> {
    let key = MeasureKey::of(ui, input);
    let measures = match &table.measures {
        Some((measured, measures)) if *measured == key => *measures,
        _ => {
            let measures = Measures::take(ui, input);
            table.measures = Some((key, measures));
            measures
        }
    };
    // The widest title of the rows drawn lately: the optional columns give way to it (see `Layout::fit`).
    let widest_title = table
        .texts
        .values()
        .map(|texts| texts.title_width)
        .fold(0.0, f32::max);
    let layout = Layout::fit(ui, input, &measures, widest_title);
    egui::ScrollArea::horizontal()
        .id_salt("codes-sideways")
        .show(ui, |ui| {
            let gap = ui.spacing().item_spacing.x;
            ui.set_width(layout.width(gap).max(ui.available_width()));
            draw(ui, input, sort, table, &layout)
        })
        .inner
}

fn draw(
    ui: &mut Ui,
    input: &TableInput<'_>,
    sort: &mut Sort,
    table: &mut TableState,
    layout: &Layout,
) -> Vec<Action> {
    table.next_change = None;
    table.rows_drawn = 0;
    let language = i18n::language();
    if table.texts.len() > REMEMBERED_ROWS || table.texts_language != language {
        table.texts.clear();
        table.texts_language = language;
    }
    // Labels in rows do not take clicks: a click anywhere on a row selects it.
    ui.style_mut().interaction.selectable_labels = false;
    let row_height = layout.row_height(ui);
    let columns = layout.columns();
    let shown: Vec<TableColumn> = columns.iter().map(|(column, _)| *column).collect();

    let ctx = ui.ctx().clone();
    let palette = theme::palette(ui);
    let moved = keyboard::before_rows(ui, table, input.keys);
    // The rows are a table's to a screen reader, named as the screen does not need to.
    let (body, rows) = a11y::table(ui, t!("a11y-codes-table"), |ui| {
        let mut builder = TableBuilder::new(ui)
            .id_salt(("codes", &shown))
            .striped(true)
            // Never taller than the room there is (egui_extras' default is 200 points, more than a 1280×800
            // screen at 200% text leaves: the last rows ran over the calls panel), but always a row.
            .min_scrolled_height(row_height)
            // Clicks, but no Tab stop per cell: the rows are one stop (see the keyboard module).
            .sense(egui::Sense::CLICK)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
        if let Some(row) = moved {
            builder = builder.scroll_to_row(row, None);
        }
        for &(column, width) in &columns {
            builder = builder.column(column.spec(width));
        }

        let mut rows = Rows {
            ctx: &ctx,
            input,
            layout,
            shown: &shown,
            palette,
            clicked: None,
            asked: Vec::new(),
            current: table.current,
            current_rect: None,
            menu_button: None,
        };
        let before = *sort;
        let body = builder
            .header(row_height * 0.7, |mut header| {
                let mut heading_row = None;
                for &column in &shown {
                    header.col(|ui| {
                        let parent =
                            *heading_row.get_or_insert_with(|| a11y::row(ui, "headings", ""));
                        a11y::cell(ui, parent, egui::accesskit::Role::ColumnHeader, |ui| {
                            if column == TableColumn::Check {
                                select_all(ui, input.keys, &mut table.selected);
                            } else if column == TableColumn::Account {
                                ui.strong(t!("column-account"));
                            } else if let Some((title, key)) = column.heading()
                                && sort_heading(ui, title, key, before)
                            {
                                *sort = before.toggled(key);
                            }
                        });
                    });
                }
            })
            .body(|body| {
                body.rows(row_height, input.keys.len(), |row| rows.row(row, table));
            });
        (
            body,
            RowsDrawn {
                clicked: rows.clicked,
                asked: rows.asked,
                current_rect: rows.current_rect,
                menu_button: rows.menu_button,
            },
        )
    });
    if let Some(key) = rows.clicked {
        let modifiers = ui.input(|input| input.modifiers);
        select(table, input.keys, key, modifiers);
    }
    let drawn = keyboard::Drawn {
        body: body.inner_rect,
        row_height,
        current: rows.current_rect,
        menu_button: rows.menu_button,
    };
    let mut asked = rows.asked;
    asked.extend(keyboard::after_rows(ui, table, input, &drawn));
    if rows.clicked.is_some() {
        // The arrows go on from the row clicked. Asked for after the rows' stop is drawn: egui takes the focus
        // from a widget when the pointer clicks elsewhere, and this click was on a row, not on the stop.
        ui.memory_mut(|memory| memory.request_focus(keyboard::focus_id()));
    }
    asked
}

/// What the rows answered, once drawn.
struct RowsDrawn {
    clicked: Option<CodeKey>,
    asked: Vec<Action>,
    current_rect: Option<egui::Rect>,
    menu_button: Option<egui::Rect>,
}

/// The table's rows, as a frame draws the visible ones, and what they answered.
struct Rows<'a> {
    ctx: &'a egui::Context,
    input: &'a TableInput<'a>,
    layout: &'a Layout,
    shown: &'a [TableColumn],
    palette: &'a theme::Palette,
    /// The row clicked.
    clicked: Option<CodeKey>,
    /// What a row's menu asked for.
    asked: Vec<Action>,
    /// The focused row, where it was drawn, and its menu button.
    current: Option<CodeKey>,
    current_rect: Option<egui::Rect>,
    menu_button: Option<egui::Rect>,
}

impl Rows<'_> {
    fn row(&mut self, mut row: egui_extras::TableRow<'_, '_>, table: &mut TableState) {
        let input = self.input;
        let Some(&key) = input.keys.get(row.index()) else {
            return;
        };
        let Some(state) = input.accounts.state(key.account) else {
            return;
        };
        let Some(code) = state.code(key.id) else {
            return;
        };
        table.rows_drawn += 1;
        row.set_selected(table.selected.contains(&key));
        let texts = row_texts(&mut table.texts, self.ctx, key, code, input.now);
        table.next_change = Some(
            table
                .next_change
                .map_or(texts.valid_until, |n| n.min(texts.valid_until)),
        );
        let cells = Cells {
            input,
            layout: self.layout,
            key,
            state,
            code,
            texts,
            status: CodeStatus::at(code, input.now),
            palette: self.palette,
        };
        // One row for a screen reader, named by all it says, its cells under it (egui_extras lays them out apart).
        let spoken = format!(
            "{}, {}, {}",
            cells.texts.spoken,
            cells.status.label(),
            cells.texts.countdown
        );
        let mut row_node = None;
        let current = self.current == Some(key);
        for &column in self.shown {
            let (rect, _) = row.col(|ui| {
                let parent = *row_node.get_or_insert_with(|| a11y::row(ui, key, spoken.as_str()));
                let asked = a11y::cell(ui, parent, egui::accesskit::Role::Cell, |ui| {
                    cells.show(ui, column, &mut table.selected)
                });
                self.asked.extend(asked);
            });
            if current && column == TableColumn::Actions {
                self.menu_button = Some(rect);
            }
        }
        let response = row.response();
        if current {
            self.current_rect = Some(response.rect);
        }
        response.context_menu(|ui| {
            self.asked
                .extend(row_menu_items(ui, state, key, code, input.now));
        });
        if response.clicked() {
            self.clicked = Some(key);
        }
    }
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
    let heading =
        ui.add(egui::Button::new(RichText::new(format!("{title}{arrow}")).strong()).frame(false));
    if heading.has_focus() {
        // Without a frame egui draws no focus: Shift+Tab from the rows lands here, and must show where.
        let stroke = egui::Stroke::new(theme::FOCUS_WIDTH, theme::palette(ui).focus);
        ui.painter()
            .rect_stroke(heading.rect, 2.0, stroke, egui::StrokeKind::Inside);
    }
    heading.on_hover_text(t!("sort-hint")).clicked()
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
    ) -> Vec<Action> {
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
                return actions_menu(
                    ui,
                    self.state,
                    self.key,
                    self.input.now,
                    self.code,
                    &texts.actions,
                );
            }
        }
        Vec::new()
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
        let response = row_checkbox(ui, &mut checked);
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
        let (intercom, account) = (
            self.layout.intercom_under_title,
            self.layout.account_under_title,
        );
        if self.layout.valid_until.is_none() {
            ui.vertical(|ui| {
                ui.spacing_mut().item_spacing.y = 0.0;
                self.title_and_door(ui, intercom, account);
                self.countdown_under_title(ui);
            });
            return;
        }
        self.title_and_door(ui, intercom, account);
    }

    /// The title, and under it the account or the intercom when their columns did not fit.
    fn title_and_door(&self, ui: &mut Ui, intercom: bool, account: bool) {
        let texts = self.texts;
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
            // A code that opens no door is not handed out: nothing to copy. Its name says which code: a screen
            // reader meets a column of these.
            row_copy_button(ui, !dead, t!("copy"), &self.texts.copy, value)
                .on_hover_text(self.texts.copy.as_str())
                .on_disabled_hover_text(t!("handover-dead-code"));
        });
    }

    /// The expiry's column folded under the title: the countdown in the status's colour (with the word when the line
    /// has room), the date and the status on hover.
    fn countdown_under_title(&self, ui: &mut Ui) {
        let texts = self.texts;
        let folded = folded_status(self.status, &texts.countdown);
        let word = text_width(ui, &folded, TextStyle::Small) <= ui.available_width();
        let line = if word {
            folded
        } else {
            texts.countdown.clone()
        };
        let label = RichText::new(line).small().color(self.status_color());
        ui.add(egui::Label::new(label).truncate())
            .on_hover_text(format!("{} · {}", texts.until, self.status.label()));
    }

    fn valid_until(&self, ui: &mut Ui) {
        let texts = self.texts;
        ui.vertical(|ui| {
            ui.label(texts.until.as_str());
            if self.layout.status.is_none() {
                // The word when this row's line has room for it (the layout keeps room for the widest only when
                // it can), else the countdown alone in the status's colour, the word on hover.
                let folded = folded_status(self.status, &texts.countdown);
                let word = self.layout.status_word
                    || text_width(ui, &folded, TextStyle::Small) <= ui.available_width();
                let line = if word {
                    folded
                } else {
                    texts.countdown.clone()
                };
                let label = ui.label(RichText::new(line).small().color(self.status_color()));
                if !word {
                    label.on_hover_text(self.status.label());
                }
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
            let wraps = self.layout.removal_wrapped.is_some();
            if wraps {
                ui.spacing_mut().item_spacing.y = 0.0;
            }
            ui.label(RichText::new(self.status.label()).color(self.status_color()));
            if self.status == CodeStatus::Expired
                && let Some(removal) = &self.texts.removal
            {
                let removal = RichText::new(removal.as_str())
                    .small()
                    .color(self.palette.muted);
                // Wrapped where the column is too narrow for it (the row is as tall as that takes): when the
                // code goes is read whole.
                let label = egui::Label::new(removal);
                ui.add(if wraps {
                    label.wrap()
                } else {
                    label.truncate()
                });
            }
        });
    }
}

/// A status with the countdown beside it ("Active · in 3 h"), as it stands under the expiry in a narrow table.
pub(super) fn folded_status(status: CodeStatus, countdown: &str) -> String {
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
    key: CodeKey,
    now: DateTime<Utc>,
    code: &Code,
    name: &str,
) -> Vec<Action> {
    // No Tab stop of its own: Enter on the focused row opens the same menu.
    let button = egui::Button::new("")
        .min_size(menu_button_size(ui))
        .sense(egui::Sense::CLICK);
    let (response, menu) = egui::containers::menu::MenuButton::from_button(button)
        .ui(ui, |ui| row_menu_items(ui, state, key, code, now));
    paint_dots(ui, &response);
    response
        .on_hover_text(t!("row-actions-hint"))
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, name));
    menu.map(|menu| menu.inner).unwrap_or_default()
}

/// A row's menu button: as tall as a line of text, a little wider.
pub(crate) fn menu_button_size(ui: &Ui) -> egui::Vec2 {
    let height = ui.spacing().interact_size.y;
    egui::vec2(height * 1.3, height)
}

/// Three dots on the menu button, drawn (no font needs the glyph), in the button's text colour.
pub(crate) fn paint_dots(ui: &Ui, response: &egui::Response) {
    let color = ui.style().interact(response).fg_stroke.color;
    let center = response.rect.center();
    let step = response.rect.height() * 0.22;
    for k in [-1.0, 0.0, 1.0] {
        ui.painter()
            .circle_filled(center + egui::vec2(k * step, 0.0), 1.8, color);
    }
}

/// A row's checkbox: egui's look, without a Tab stop of its own (Space on the focused row selects it).
fn row_checkbox(ui: &mut Ui, checked: &mut bool) -> egui::Response {
    let side = ui.spacing().interact_size.y.max(ui.spacing().icon_width);
    let (rect, mut response) = ui.allocate_exact_size(egui::vec2(side, side), egui::Sense::CLICK);
    if response.clicked() {
        *checked = !*checked;
        response.mark_changed();
    }
    if ui.is_rect_visible(rect) {
        let visuals = ui.style().interact(&response);
        let (size, inner) = (ui.spacing().icon_width, ui.spacing().icon_width_inner);
        let center = egui::pos2(rect.left() + size * 0.5, rect.center().y);
        let frame = egui::Rect::from_center_size(center, egui::vec2(size, size));
        let mark = egui::Rect::from_center_size(center, egui::vec2(inner, inner));
        // As egui rounds its checkbox: a little, so that it never looks like a radio button.
        let radius = visuals.corner_radius.at_most((0.3 * size).round() as u8);
        ui.painter().rect(
            frame,
            radius,
            visuals.bg_fill,
            visuals.bg_stroke,
            egui::StrokeKind::Inside,
        );
        if *checked {
            ui.painter().line(
                vec![
                    egui::pos2(mark.left(), mark.center().y),
                    egui::pos2(mark.center().x, mark.bottom()),
                    egui::pos2(mark.right(), mark.top()),
                ],
                visuals.fg_stroke,
            );
        }
    }
    response
}

/// Gives a checkbox without visible text its name for screen readers (and tests).
fn named_checkbox(response: &egui::Response, checked: bool, name: &str) {
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::CheckBox, true, checked, name));
}
