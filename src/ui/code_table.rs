//! The codes table: only the visible rows are laid out, however long the list.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::widgets::{ERROR_COLOR, MUTED_COLOR, OK_COLOR, WARNING_COLOR};
use crate::i18n;
use crate::state::{AppState, CodeStatus, Sort, SortKey, relative};
use aipix_client::api::Code;

const ROW_HEIGHT: f32 = 40.0;

/// What the table keeps between frames and reports back.
#[derive(Debug, Default)]
pub struct TableState {
    pub selected: BTreeSet<u64>,
    /// The row clicked last: Ctrl+C copies its code.
    pub current: Option<u64>,
    /// The soonest moment a drawn row's text changes.
    pub next_change: Option<DateTime<Utc>>,
    /// How many rows were laid out in the last frame (the rest were skipped).
    pub rows_drawn: usize,
    /// The texts of rows drawn lately, so that a frame formats only what changed, and their language.
    texts: HashMap<u64, RowTexts>,
    texts_language: String,
}

/// What a row shows that takes formatting: made when the row is first drawn, again when its countdown changes
/// (or the language does).
#[derive(Debug)]
struct RowTexts {
    expired_at: DateTime<Utc>,
    /// Until then every text below holds.
    valid_until: DateTime<Utc>,
    until: String,
    countdown: String,
    /// When the server removes the code: only for an expired one (the texts are made again at expiry).
    removal: Option<String>,
    created: String,
    select: String,
    copy: String,
}

impl RowTexts {
    fn new(code: &Code, now: DateTime<Utc>) -> Self {
        let (countdown, valid_until) = relative(code.expired_at, now);
        Self {
            expired_at: code.expired_at,
            valid_until,
            until: i18n::date_time(code.expired_at, now),
            countdown: i18n::relative(&countdown),
            removal: (now >= code.expired_at)
                .then(|| format!("removed {}", i18n::date_time(code.removed_at(), now))),
            created: code
                .created_at
                .map_or_else(|| "—".to_owned(), |at| i18n::date_time(at, now)),
            select: format!("Select {}", code.title),
            copy: format!("Copy {}", code.code),
        }
    }

    fn holds_for(&self, code: &Code, now: DateTime<Utc>) -> bool {
        self.expired_at == code.expired_at && now < self.valid_until
    }
}

/// Rows remembered beyond this many are forgotten (a screenful is a few dozen).
const REMEMBERED_ROWS: usize = 1000;

pub struct TableInput<'a> {
    pub ids: &'a [u64],
    pub state: &'a AppState,
    pub now: DateTime<Utc>,
    pub show_intercom: bool,
}

/// Draws the table; answers a new sort when a header was clicked.
pub fn show(
    ui: &mut Ui,
    input: &TableInput<'_>,
    sort: Sort,
    table: &mut TableState,
) -> Option<Sort> {
    let mut new_sort = None;
    table.next_change = None;
    table.rows_drawn = 0;
    let language = i18n::language();
    if table.texts.len() > REMEMBERED_ROWS || table.texts_language != language {
        table.texts.clear();
        table.texts_language = language;
    }
    let mut builder = TableBuilder::new(ui)
        .id_salt("codes")
        .striped(true)
        .resizable(true)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(24.0))
        .column(Column::initial(135.0).at_least(70.0).clip(true))
        .column(Column::initial(118.0).at_least(110.0));
    if input.show_intercom {
        builder = builder.column(Column::initial(105.0).at_least(60.0).clip(true));
    }
    builder = builder
        .column(Column::initial(122.0).at_least(100.0).clip(true))
        .column(Column::initial(112.0).at_least(80.0).clip(true))
        .column(Column::remainder().at_least(70.0).clip(true));

    let mut header_columns = vec![("Title", SortKey::Title), ("Code", SortKey::Code)];
    if input.show_intercom {
        header_columns.push(("Intercom", SortKey::Intercom));
    }
    header_columns.extend([
        ("Valid until", SortKey::Expiry),
        ("Status", SortKey::Status),
        ("Created", SortKey::Created),
    ]);

    builder
        .header(24.0, |mut header| {
            header.col(|ui| {
                let all_selected =
                    !input.ids.is_empty() && input.ids.iter().all(|id| table.selected.contains(id));
                let mut checked = all_selected;
                let response = ui.add(egui::Checkbox::without_text(&mut checked));
                named_checkbox(&response, checked, "Select all shown");
                if response.on_hover_text("Select all shown").changed() {
                    if checked {
                        table.selected.extend(input.ids.iter().copied());
                    } else {
                        table.selected.clear();
                    }
                }
            });
            for (title, key) in &header_columns {
                header.col(|ui| {
                    let arrow = match (sort.key == *key, sort.ascending) {
                        (true, true) => " ⏶",
                        (true, false) => " ⏷",
                        (false, _) => "",
                    };
                    if ui
                        .button(RichText::new(format!("{title}{arrow}")).strong())
                        .clicked()
                    {
                        new_sort = Some(sort.toggled(*key));
                    }
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, input.ids.len(), |mut row| {
                let Some(code) = input
                    .ids
                    .get(row.index())
                    .and_then(|id| input.state.code(*id))
                else {
                    return;
                };
                table.rows_drawn += 1;
                let id = code.id;
                row.set_selected(table.selected.contains(&id));
                let status = CodeStatus::at(code, input.now);
                let texts = table
                    .texts
                    .entry(id)
                    .and_modify(|texts| {
                        if !texts.holds_for(code, input.now) {
                            *texts = RowTexts::new(code, input.now);
                        }
                    })
                    .or_insert_with(|| RowTexts::new(code, input.now));
                table.next_change = Some(
                    table
                        .next_change
                        .map_or(texts.valid_until, |n| n.min(texts.valid_until)),
                );

                row.col(|ui| {
                    let mut checked = table.selected.contains(&id);
                    let response = ui.add(egui::Checkbox::without_text(&mut checked));
                    named_checkbox(&response, checked, &texts.select);
                    if response.on_hover_text(&texts.select).changed() {
                        if checked {
                            table.selected.insert(id);
                        } else {
                            table.selected.remove(&id);
                        }
                    }
                });
                row.col(|ui| {
                    ui.label(&code.title);
                });
                row.col(|ui| {
                    ui.label(RichText::new(&code.code).monospace().size(18.0).strong());
                    if ui.small_button("Copy").on_hover_text(&texts.copy).clicked() {
                        ui.ctx().copy_text(code.code.clone());
                    }
                });
                if input.show_intercom {
                    row.col(|ui| {
                        ui.label(&code.intercom.title);
                    });
                }
                row.col(|ui| {
                    ui.vertical(|ui| {
                        ui.label(&texts.until);
                        ui.label(RichText::new(&texts.countdown).small().color(MUTED_COLOR));
                    });
                });
                row.col(|ui| {
                    let color = match status {
                        CodeStatus::Active => OK_COLOR,
                        CodeStatus::ExpiringSoon => WARNING_COLOR,
                        CodeStatus::Expired => ERROR_COLOR,
                        CodeStatus::Removed => MUTED_COLOR,
                    };
                    ui.vertical(|ui| {
                        ui.label(RichText::new(status.label()).color(color));
                        if status == CodeStatus::Expired
                            && let Some(removal) = &texts.removal
                        {
                            ui.label(RichText::new(removal).small().color(MUTED_COLOR));
                        }
                    });
                });
                row.col(|ui| {
                    ui.label(RichText::new(&texts.created).color(MUTED_COLOR));
                });
                if row.response().clicked() {
                    table.current = Some(id);
                }
            });
        });
    new_sort
}

/// Gives a checkbox without visible text its name for screen readers (and tests).
fn named_checkbox(response: &egui::Response, checked: bool, name: &str) {
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::CheckBox, true, checked, name));
}
