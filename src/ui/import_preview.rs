//! The import preview in Today: a visitor list read from a file, each of its columns with the field it fills
//! (pre-set from its header as the command line reads it, changed by hand), its first rows, and what will be added
//! and what skipped and why, redrawn when the mapping changes (not every frame). Import hands the visitors to
//! Today to keep; Cancel keeps nothing.

use egui::{RichText, Ui};

use super::theme::{self, space};
use super::widgets::{Tone, displayable, message_box};
use crate::expected::import::{self, Context, ImportError, Preview, Sheet};
use crate::expected::{Field, NewVisitor};
use crate::t;

/// How many of the file's rows the preview shows.
const ROWS_SHOWN: usize = 5;
/// How many skipped rows are listed one by one (the count says the rest).
const SKIPPED_LISTED: usize = 200;
/// How many characters of a cell the preview shows.
const CELL_CHARS: usize = 40;

/// What the user chose.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    /// Keep these visitors.
    Import(Vec<NewVisitor>),
    Cancel,
}

#[derive(Debug)]
pub struct ImportPreview {
    /// The file's name, as the dialog picked it.
    pub file: String,
    sheet: Sheet,
    mapping: Vec<Option<Field>>,
    context: Context,
    /// What the mapping makes of the file: computed when it changes.
    outcome: Result<Preview, ImportError>,
}

impl ImportPreview {
    /// `sheet` read from `file`, its columns mapped by their headers.
    pub fn new(file: String, sheet: Sheet, context: Context) -> Self {
        let mapping = import::guess_mapping(&sheet.headers);
        let outcome = import::preview(&sheet, &mapping, &context);
        Self {
            file,
            sheet,
            mapping,
            context,
            outcome,
        }
    }

    /// Column `column` fills `field` from now on (taken from any other column that filled it).
    pub fn set(&mut self, column: usize, field: Option<Field>) {
        import::assign(&mut self.mapping, column, field);
        self.outcome = import::preview(&self.sheet, &self.mapping, &self.context);
    }

    pub fn show(&mut self, ui: &mut Ui) -> Option<Choice> {
        let palette = theme::palette(ui);
        ui.label(RichText::new(t!("import-heading", file = self.file.as_str())).strong());
        ui.label(
            RichText::new(t!("import-hint", format = self.sheet.format.text()))
                .small()
                .color(palette.muted),
        );
        ui.add_space(space::XS);
        let mut changed = None;
        egui::ScrollArea::horizontal()
            .id_salt("import-columns")
            .show(ui, |ui| changed = self.columns(ui));
        if let Some((column, field)) = changed {
            self.set(column, field);
            // The grid above was drawn with the choice before: the next frame shows the new one with its count.
            ui.ctx().request_repaint();
        }
        ui.add_space(space::S);
        self.outcome_lines(ui);
        ui.add_space(space::S);
        let visitors = self
            .outcome
            .as_ref()
            .map_or(0, |preview| preview.visitors.len());
        let mut choice = None;
        ui.horizontal(|ui| {
            let import = ui.add_enabled(
                visitors > 0,
                egui::Button::new(t!("import-confirm", count = visitors)),
            );
            if import.clicked()
                && let Ok(preview) = &self.outcome
            {
                choice = Some(Choice::Import(
                    preview.visitors.iter().map(|(_, v)| v.clone()).collect(),
                ));
            }
            if ui.button(t!("cancel")).clicked() {
                choice = Some(Choice::Cancel);
            }
        });
        choice
    }

    /// The grid of columns: each header, its field's choice, and the first rows' cells. Answers a choice changed.
    fn columns(&self, ui: &mut Ui) -> Option<(usize, Option<Field>)> {
        let mut changed = None;
        egui::Grid::new("import-columns-grid")
            .striped(true)
            .spacing([space::S, space::XS])
            .show(ui, |ui| {
                ui.label(RichText::new(t!("import-line")).small());
                let mut headers = Vec::new();
                for header in &self.sheet.headers {
                    headers.push(ui.label(RichText::new(cell(ui, header)).strong()).id);
                }
                ui.end_row();
                ui.label(RichText::new(t!("import-fills")).small());
                for (column, (label, field)) in headers.iter().zip(&self.mapping).enumerate() {
                    let mut chosen = *field;
                    egui::ComboBox::from_id_salt(("import-column", column))
                        .selected_text(field_text(chosen))
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut chosen, None, field_text(None));
                            for field in Field::ALL {
                                ui.selectable_value(&mut chosen, Some(field), field.label());
                            }
                        })
                        .response
                        .labelled_by(*label);
                    if chosen != *field {
                        changed = Some((column, chosen));
                    }
                }
                ui.end_row();
                for (line, cells) in self.sheet.rows.iter().take(ROWS_SHOWN) {
                    ui.label(RichText::new(line.to_string()).small());
                    for column in 0..self.sheet.headers.len() {
                        ui.label(cell(ui, cells.get(column).map_or("", String::as_str)));
                    }
                    ui.end_row();
                }
            });
        changed
    }

    /// What the mapping makes of the file: the count to add and skip, each skipped row and why; or why nothing.
    fn outcome_lines(&self, ui: &mut Ui) {
        let preview = match &self.outcome {
            Ok(preview) => preview,
            Err(error) => {
                message_box(ui, Tone::Error, |ui, color| {
                    ui.add(egui::Label::new(RichText::new(error.text()).color(color)).wrap())
                });
                return;
            }
        };
        ui.label(t!(
            "expected-import-summary",
            added = preview.visitors.len(),
            skipped = preview.skipped.len()
        ));
        if preview.skipped.is_empty() {
            return;
        }
        let color = theme::palette(ui).muted;
        egui::ScrollArea::vertical()
            .id_salt("import-skipped")
            .max_height(160.0)
            .show(ui, |ui| {
                for skipped in preview.skipped.iter().take(SKIPPED_LISTED) {
                    let text = t!(
                        "expected-import-skipped",
                        line = skipped.line,
                        first = displayable(ui, &skipped.first).into_owned(),
                        reason = skipped.reason.text()
                    );
                    ui.add(egui::Label::new(RichText::new(text).small().color(color)).wrap());
                }
                let more = preview.skipped.len().saturating_sub(SKIPPED_LISTED);
                if more > 0 {
                    ui.label(RichText::new(t!("import-more-skipped", count = more)).small());
                }
            });
    }
}

/// A choice's words: the field's name, or "—" for a column left out.
fn field_text(field: Option<Field>) -> String {
    field.map_or_else(
        || t!("import-column-none").to_owned(),
        |f| f.label().to_owned(),
    )
}

/// A cell as the preview shows it: what the font can draw, cut to a few words.
fn cell(ui: &Ui, text: &str) -> String {
    let shown = displayable(ui, text);
    let mut cut: String = shown.chars().take(CELL_CHARS).collect();
    if shown.chars().count() > CELL_CHARS {
        cut.push('…');
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet() -> Sheet {
        import::read("Who,Number,When\nАнна,7,today\nОлег,5,31.02.2026\n".as_bytes()).expect("read")
    }

    fn context() -> Context {
        Context {
            today: chrono::NaiveDate::from_ymd_opt(2026, 12, 7).expect("a day"),
            intercoms: Vec::new(),
        }
    }

    #[test]
    fn the_preview_follows_the_mapping_as_it_changes() {
        let mut preview = ImportPreview::new("guests.csv".into(), sheet(), context());
        assert!(matches!(preview.outcome, Err(ImportError::NoNameColumn(_))));
        preview.set(0, Some(Field::Name));
        preview.set(2, Some(Field::Day));
        let outcome = preview.outcome.as_ref().expect("a name column");
        assert_eq!(outcome.visitors.len(), 1);
        assert_eq!(outcome.skipped.len(), 1);
        assert_eq!(preview.mapping, [Some(Field::Name), None, Some(Field::Day)]);
    }
}
