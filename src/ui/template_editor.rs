//! The share-message editor (settings menu): the template with its placeholders coloured and every unknown one
//! marked as an error where it stands and named under the text, the placeholders listed and inserted at the
//! cursor, a live preview from a real code (or a sample when there is none), and "Reset to the default". A
//! template with an error cannot be saved, so no visitor ever receives `{cdoe}`.

use chrono::{DateTime, Utc};
use egui::text::{CCursor, CCursorRange, LayoutJob, TextFormat};
use egui::{Id, RichText, TextEdit, Ui};

use super::action::{Action, Modal, Show};
use super::handover::handover_of;
use super::theme::{self, Palette, space};
use super::widgets::{Tone, message_box, primary_button};
use crate::accounts::Accounts;
use crate::domain::CodeStatus;
use crate::handover::{
    self, Handover, MarkKind, PLACEHOLDERS, Placeholder, Template, TemplateError,
};
use crate::settings::{HandoverSettings, SettingsChange};
use crate::state::{AppState, CodeKey};
use crate::t;

fn text_id() -> Id {
    Id::unique("share-template-text")
}

#[derive(Debug)]
pub struct TemplateEditor {
    text: String,
    /// The text takes the keyboard when the editor opens.
    focus: super::widgets::FocusOnOpen,
    /// The code the preview shows, when there is one (the main screen keeps it current).
    pub sample: Option<CodeKey>,
}

impl TemplateEditor {
    /// The editor on the template in use (the language's default until the user saved one).
    pub fn new(state: &AppState) -> Self {
        Self {
            text: state
                .handover()
                .template
                .clone()
                .unwrap_or_else(|| handover::default_template().to_owned()),
            focus: super::widgets::FocusOnOpen::default(),
            sample: None,
        }
    }
}

impl Modal for TemplateEditor {
    fn show(
        &mut self,
        ctx: &egui::Context,
        accounts: &Accounts,
        now: DateTime<Utc>,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        let close = Action::Show(Show::Close);
        // The share message is this computer's: every account's state holds the same.
        let state = &accounts.focused().state;
        let parsed = Template::parse(&self.text);
        let modal = egui::Modal::new(Id::unique("visitor-desk-template")).show(ctx, |ui| {
            let width = (ctx.content_rect().width() - 80.0).clamp(320.0, 560.0);
            ui.set_width(width);
            super::a11y::dialog_heading(ui, t!("template-title"));
            ui.add(
                egui::Label::new(
                    RichText::new(t!("template-intro")).color(theme::palette(ui).muted),
                )
                .wrap(),
            );
            ui.add_space(space::S);
            self.text_field(ui);
            if let Err(errors) = &parsed {
                ui.add_space(space::XS);
                for error in errors {
                    ui.label(
                        RichText::new(describe(&self.text, error))
                            .small()
                            .color(theme::palette(ui).error),
                    );
                }
            }
            ui.add_space(space::S);
            self.placeholder_buttons(ui);
            ui.add_space(space::M);
            preview(ui, accounts, now, self.sample, parsed.as_ref().ok());
            ui.add_space(space::M);
            ui.horizontal(|ui| {
                let valid = parsed.is_ok();
                let save = primary_button(ui, valid, t!("template-save"));
                let save = if valid {
                    save
                } else {
                    save.on_disabled_hover_text(t!("template-fix-first"))
                };
                if save.clicked() && valid {
                    // The language's default is kept as "none", so that it follows a change of language.
                    let template = (self.text.trim() != handover::default_template().trim())
                        .then(|| self.text.clone());
                    actions.push(Action::remember(SettingsChange::Handover(
                        HandoverSettings {
                            template,
                            ..state.handover().clone()
                        },
                    )));
                    actions.push(close.clone());
                }
                if ui.button(t!("template-reset")).clicked() {
                    handover::default_template().clone_into(&mut self.text);
                }
                if ui.button(t!("cancel")).clicked() {
                    actions.push(close.clone());
                }
            });
        });
        if modal.should_close() && !actions.contains(&close) {
            actions.push(close);
        }
        actions
    }
}

impl TemplateEditor {
    /// The template, coloured: placeholders in the accent colour, errors underlined in red.
    fn text_field(&mut self, ui: &mut Ui) {
        let palette = theme::palette(ui);
        let mut layouter = |ui: &Ui, text: &dyn egui::TextBuffer, wrap_width: f32| {
            let mut job = highlighted(text.as_str(), palette, ui);
            job.wrap.max_width = wrap_width;
            ui.fonts_mut(|fonts| fonts.layout_job(job))
        };
        let label = ui.label(t!("template-label"));
        if self.focus.ask() {
            // Typing goes into the template at once, after its last character.
            let mut edit = TextEdit::load_state(ui.ctx(), text_id()).unwrap_or_default();
            let end = CCursor::new(self.text.chars().count());
            edit.cursor.set_char_range(Some(CCursorRange::one(end)));
            TextEdit::store_state(ui.ctx(), text_id(), edit);
            ui.memory_mut(|memory| memory.request_focus(text_id()));
        }
        ui.add(
            TextEdit::multiline(&mut self.text)
                .id(text_id())
                .desired_rows(4)
                .desired_width(f32::INFINITY)
                .layouter(&mut layouter),
        )
        .labelled_by(label.id);
    }

    /// A button per placeholder; a click puts it where the cursor is (over a selection), or at the end.
    fn placeholder_buttons(&mut self, ui: &mut Ui) {
        ui.label(RichText::new(t!("template-insert")).strong());
        ui.horizontal_wrapped(|ui| {
            for placeholder in PLACEHOLDERS {
                let name = format!("{{{}}}", placeholder.name());
                let button = egui::Button::new(RichText::new(&name).monospace());
                if ui
                    .add(button)
                    .on_hover_text(placeholder_hint(placeholder))
                    .clicked()
                {
                    self.insert(ui.ctx(), &name);
                }
            }
        });
    }

    fn insert(&mut self, ctx: &egui::Context, inserted: &str) {
        let length = self.text.chars().count();
        let mut edit = TextEdit::load_state(ctx, text_id()).unwrap_or_default();
        let range = edit.cursor.char_range().map_or(length..length, |range| {
            let sorted = range.as_sorted_char_range();
            sorted.start.0.min(length)..sorted.end.0.min(length)
        });
        let byte = |chars: usize| {
            self.text
                .char_indices()
                .nth(chars)
                .map_or(self.text.len(), |(at, _)| at)
        };
        let bytes = byte(range.start)..byte(range.end);
        self.text.replace_range(bytes, inserted);
        let cursor = CCursor::new(range.start + inserted.chars().count());
        edit.cursor.set_char_range(Some(CCursorRange::one(cursor)));
        TextEdit::store_state(ctx, text_id(), edit);
        ctx.memory_mut(|memory| memory.request_focus(text_id()));
    }
}

/// The message as the visitor would read it, for the code the editor was opened on (or a sample).
fn preview(
    ui: &mut Ui,
    accounts: &Accounts,
    now: DateTime<Utc>,
    sample: Option<CodeKey>,
    template: Option<&Template>,
) {
    let palette = theme::palette(ui);
    let code = sample.and_then(|key| Some((accounts.state(key.account)?, accounts.code(key)?)));
    let (heading, handover) = match code {
        Some((state, code)) => (
            t!(
                "template-preview-code",
                code = crate::domain::shown_value(code)
            ),
            handover_of(state, code, now),
        ),
        None => (
            t!("template-preview-sample").to_owned(),
            sample_handover(now),
        ),
    };
    ui.label(RichText::new(heading).strong());
    let Some(template) = template else {
        message_box(ui, Tone::Error, |ui, color| {
            ui.label(RichText::new(t!("template-preview-blocked")).color(color))
        });
        return;
    };
    let message = template.render(&handover);
    egui::Frame::new()
        .fill(palette.field)
        .stroke(egui::Stroke::new(1.0, palette.border))
        .corner_radius(theme::RADIUS)
        .inner_margin(egui::Margin::same(space::S as i8))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            let shown = if message.trim().is_empty() {
                RichText::new(t!("template-preview-empty")).color(palette.muted)
            } else {
                RichText::new(message)
            };
            ui.add(egui::Label::new(shown).wrap());
        });
    if !template.uses(Placeholder::Code) {
        ui.label(
            RichText::new(t!("template-no-code"))
                .small()
                .color(palette.warning),
        );
    }
}

/// A code the preview can show when there is none to take: one made now for four hours.
fn sample_handover(now: DateTime<Utc>) -> Handover {
    let until = now + chrono::TimeDelta::hours(4);
    Handover {
        code: "48213".into(),
        title: t!("template-sample-title").into(),
        intercom: t!("template-sample-intercom").into(),
        address: t!("template-sample-address").into(),
        entrance: "2".into(),
        place: crate::handover::place(t!("template-sample-address"), Some(2)),
        valid_from: crate::i18n::date_time(now, now),
        valid_until: crate::i18n::date_time(until, now),
        valid_for: crate::i18n::current().duration(&crate::i18n::Span::from_minutes(240)),
        instructions: t!("template-sample-instructions").into(),
    }
}

/// The code the preview takes: the one just made while it works (`made`: the form's account), else the first
/// shown that works.
pub fn preview_code(
    accounts: &Accounts,
    made: Option<crate::accounts::AccountId>,
    shown: &[CodeKey],
    now: DateTime<Utc>,
) -> Option<CodeKey> {
    let works = |key: &CodeKey| {
        accounts
            .code(*key)
            .is_some_and(|code| CodeStatus::at(code, now).is_valid())
    };
    made.and_then(|account| {
        let id = accounts.state(account)?.create.created.as_ref()?.id;
        Some(CodeKey { account, id })
    })
    .filter(works)
    .or_else(|| shown.iter().copied().find(works))
}

/// An error in words, with where it is (line and column, as an editor counts them) and what was likely meant.
fn describe(text: &str, error: &TemplateError) -> String {
    let (at, unknown) = match error {
        TemplateError::Unknown { name, at } => (*at, Some(name)),
        TemplateError::Unclosed { at } => (*at, None),
    };
    let before: Vec<char> = text.chars().take(at).collect();
    let line = before.iter().filter(|c| **c == '\n').count() + 1;
    let column = before.iter().rev().take_while(|c| **c != '\n').count() + 1;
    match unknown {
        Some(name) => {
            let mut said = t!(
                "template-unknown",
                name = format!("{{{name}}}"),
                line = line,
                column = column
            );
            if let Some(meant) = Placeholder::nearest(name) {
                said.push(' ');
                said.push_str(&t!(
                    "template-did-you-mean",
                    name = format!("{{{}}}", meant.name())
                ));
            }
            said
        }
        None => t!("template-unclosed", line = line, column = column),
    }
}

/// The template as a layout job: placeholders in the accent colour, errors in red on a red tint, underlined.
fn highlighted(text: &str, palette: &Palette, ui: &Ui) -> LayoutJob {
    let font = egui::TextStyle::Monospace.resolve(ui.style());
    let plain = TextFormat::simple(font.clone(), palette.text);
    let known = TextFormat::simple(font.clone(), palette.accent);
    let wrong = TextFormat {
        background: palette.error_bg,
        underline: egui::Stroke::new(1.5, palette.error),
        ..TextFormat::simple(font, palette.error)
    };
    let mut job = LayoutJob::default();
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(at, _)| at)
        .chain([text.len()])
        .collect();
    let byte = |chars: usize| bytes.get(chars).copied().unwrap_or(text.len());
    let mut done = 0;
    for mark in Template::marks(text) {
        let (start, end) = (byte(mark.chars.start), byte(mark.chars.end));
        if start > done {
            job.append(&text[done..start], 0.0, plain.clone());
        }
        let format = match mark.kind {
            MarkKind::Placeholder(_) => known.clone(),
            MarkKind::Unknown | MarkKind::Unclosed => wrong.clone(),
        };
        job.append(&text[start..end], 0.0, format);
        done = end;
    }
    if done < text.len() || text.is_empty() {
        job.append(&text[done..], 0.0, plain);
    }
    job
}

/// What a placeholder gives, for its button's hover text.
fn placeholder_hint(placeholder: Placeholder) -> &'static str {
    match placeholder {
        Placeholder::Code => t!("placeholder-code"),
        Placeholder::Title => t!("placeholder-title"),
        Placeholder::Intercom => t!("placeholder-intercom"),
        Placeholder::Place => t!("placeholder-place"),
        Placeholder::Address => t!("placeholder-address"),
        Placeholder::Entrance => t!("placeholder-entrance"),
        Placeholder::ValidUntil => t!("placeholder-valid-until"),
        Placeholder::ValidFor => t!("placeholder-valid-for"),
        Placeholder::Instructions => t!("placeholder-instructions"),
    }
}
