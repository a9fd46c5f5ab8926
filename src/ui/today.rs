//! Today: the account's expected visitors of the day (kept on this computer, not on the server), searchable by any
//! three letters of a name, flat, company or host (е and ё alike). Enter makes the first one found their code (the
//! name and flat, valid to the end of their window), which is copied and shown with its share and slip buttons, and
//! marks them arrived; one given a code already shows it. A small form adds a visitor; a refused one keeps what
//! was typed.

use chrono::{DateTime, Utc};
use egui::{Key, RichText, TextEdit, Ui};

use super::action::{Action, Modal, Show};
use super::created::created_panel;
use super::theme::{self, space};
use super::widgets::{Tone, copy_button, displayable, labelled_text_edit, message_box};
use crate::accounts::{self, AccountId, Accounts};
use crate::expected::{self, Invalid, NewVisitor, Request, Timing, Visitor, fold};
use crate::messages::{Command, Problem};
use crate::state::AppState;
use crate::t;

/// The Today dialog opened on `account`, its list read afresh.
pub fn open(account: AccountId, now: DateTime<Utc>) -> [Action; 2] {
    let day = expected::local_now(now).date();
    [
        Action::Show(Show::Today(account)),
        Action::send(account, Command::Expected(Request::Load { day })),
    ]
}

/// What the add form holds: kept as typed until the visitor is added.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct AddForm {
    pub name: String,
    pub flat: String,
    pub from: String,
    pub to: String,
    pub note: String,
    /// Why the last "Add" was refused.
    pub error: Option<String>,
}

impl AddForm {
    /// The visitor typed, expected on `day`; or why not.
    fn visitor(&self, day: chrono::NaiveDate) -> Result<NewVisitor, Invalid> {
        let time = |text: &str| {
            Some(text.trim())
                .filter(|text| !text.is_empty())
                .map(expected::parse_time)
                .transpose()
        };
        NewVisitor {
            name: self.name.clone(),
            flat: self.flat.clone(),
            from: time(&self.from)?,
            to: time(&self.to)?,
            note: self.note.clone(),
            ..NewVisitor::new("", day)
        }
        .checked()
    }
}

#[derive(Debug)]
pub struct TodayDialog {
    pub account: AccountId,
    pub search: String,
    pub form: AddForm,
    /// The visitor whose code the dialog made or shows (their row is marked).
    pub shown: Option<i64>,
    /// The dialog asked for a code: the panel of the code just made shows under the list.
    made_here: bool,
    show_qr: bool,
    /// The code the panel showed last frame: a new one scrolls into view with its buttons (800×600).
    panel_code: Option<u64>,
    /// The add that the form waits on: emptied once the state says that visitor was added.
    adding: bool,
    /// The search field gets the keyboard when the dialog opens.
    focus_search: bool,
}

impl TodayDialog {
    pub fn new(account: AccountId) -> Self {
        Self {
            account,
            search: String::new(),
            form: AddForm::default(),
            shown: None,
            made_here: false,
            show_qr: false,
            panel_code: None,
            adding: false,
            focus_search: true,
        }
    }

    /// The visitors the search finds, in the list's order.
    pub fn found<'a>(&self, state: &'a AppState) -> Vec<&'a Visitor> {
        let query = fold(&self.search);
        state
            .expected
            .visitors
            .iter()
            .filter(|visitor| visitor.matches(&query))
            .collect()
    }

    /// Enter, or a row's button: the visitor's code made, or the one they were given shown.
    fn arrive(&mut self, state: &AppState, visitor: &Visitor) -> Option<Action> {
        self.shown = Some(visitor.id);
        if visitor.code_id.is_some() || state.expected.is_arriving(visitor.id) {
            return None;
        }
        let intercom = visitor.details.intercom_id.or_else(|| {
            state
                .intercoms
                .iter()
                .find(|intercom| intercom.takes_codes())
                .map(|intercom| intercom.id)
        })?;
        self.made_here = true;
        Some(Action::Accounts(accounts::Action::Arrive {
            account: self.account,
            visitor: Box::new(visitor.clone()),
            intercom,
        }))
    }

    fn search_field(&mut self, ui: &mut Ui, state: &AppState) -> Vec<Action> {
        let response = labelled_text_edit(
            ui,
            t!("today-search"),
            TextEdit::singleline(&mut self.search)
                .hint_text(t!("today-search-hint"))
                .desired_width(f32::INFINITY),
        );
        if std::mem::take(&mut self.focus_search) {
            response.request_focus();
        }
        let entered = response.lost_focus() && ui.input(|input| input.key_pressed(Key::Enter));
        if !entered || self.search.trim().is_empty() {
            return Vec::new();
        }
        // The first found who has no code yet; else the first found, whose code is shown.
        let found = self.found(state);
        let chosen = found
            .iter()
            .find(|visitor| visitor.code_id.is_none())
            .or(found.first())
            .map(|visitor| (*visitor).clone());
        response.request_focus();
        chosen
            .and_then(|visitor| self.arrive(state, &visitor))
            .into_iter()
            .collect()
    }

    fn list(&mut self, ui: &mut Ui, state: &AppState, now: DateTime<Utc>) -> Vec<Action> {
        let mut actions = Vec::new();
        let local = expected::local_now(now);
        let found: Vec<Visitor> = self.found(state).into_iter().cloned().collect();
        if found.is_empty() && !state.expected.loading {
            ui.label(
                RichText::new(if state.expected.visitors.is_empty() {
                    t!("today-none")
                } else {
                    t!("today-none-found")
                })
                .color(theme::palette(ui).muted),
            );
        }
        egui::ScrollArea::vertical()
            .max_height(ui.ctx().content_rect().height() * 0.35)
            .id_salt("today-visitors")
            .show(ui, |ui| {
                for visitor in &found {
                    actions.extend(self.row(ui, state, visitor, local));
                    ui.separator();
                }
            });
        actions
    }

    fn row(
        &mut self,
        ui: &mut Ui,
        state: &AppState,
        visitor: &Visitor,
        local: chrono::NaiveDateTime,
    ) -> Option<Action> {
        let palette = theme::palette(ui);
        let mut asked = None;
        ui.horizontal_wrapped(|ui| {
            let timing = visitor.timing(local);
            let name = displayable(ui, &visitor.details.name).into_owned();
            let mut title = RichText::new(&name).strong();
            if self.shown == Some(visitor.id) {
                title = title.color(palette.accent);
            }
            ui.label(title);
            let mut facts = vec![window_of(visitor)];
            for (label, text) in [
                (t!("expected-field-flat"), &visitor.details.flat),
                (t!("expected-field-host"), &visitor.details.host),
                (t!("expected-field-company"), &visitor.details.company),
            ] {
                if !text.is_empty() {
                    facts.push(format!("{label}: {}", displayable(ui, text)));
                }
            }
            ui.label(
                RichText::new(facts.join(" · "))
                    .small()
                    .color(palette.muted),
            );
            let color = match timing {
                Timing::Now => palette.ok,
                Timing::Arrived => palette.accent,
                Timing::Later | Timing::Gone => palette.muted,
            };
            ui.label(RichText::new(timing.label()).small().color(color));
            if visitor.code_id.is_some() {
                ui.label(RichText::new(&visitor.code).monospace().strong());
                copy_button(ui, true, t!("today-copy-code"), &visitor.code, true);
            } else if state.expected.is_arriving(visitor.id) {
                ui.spinner();
            } else {
                let label = t!("today-make-code-for", name = name.as_str());
                let button = ui.button(t!("today-make-code")).on_hover_text(&label);
                button.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
                if button.clicked() {
                    asked = self.arrive(state, visitor);
                }
            }
            if !visitor.details.note.is_empty() {
                ui.label(
                    RichText::new(displayable(ui, &visitor.details.note))
                        .small()
                        .italics()
                        .color(palette.muted),
                );
            }
        });
        asked
    }

    fn add_form(&mut self, ui: &mut Ui, state: &AppState, now: DateTime<Utc>) -> Option<Action> {
        if self.adding && !state.expected.loading {
            self.adding = false;
            if state.expected.failure.is_none() && state.expected.added.is_some() {
                self.form = AddForm::default();
            }
        }
        ui.label(RichText::new(t!("today-add-heading")).strong());
        egui::Grid::new("today-add")
            .num_columns(2)
            .spacing([space::S, space::XS])
            .show(ui, |ui| {
                for (label, text, width) in [
                    (t!("expected-field-name"), &mut self.form.name, 220.0),
                    (t!("expected-field-flat"), &mut self.form.flat, 80.0),
                    (t!("today-add-from"), &mut self.form.from, 80.0),
                    (t!("today-add-to"), &mut self.form.to, 80.0),
                    (t!("expected-field-note"), &mut self.form.note, 220.0),
                ] {
                    labelled_text_edit(ui, label, TextEdit::singleline(text).desired_width(width));
                    ui.end_row();
                }
            });
        if let Some(error) = &self.form.error {
            message_box(ui, Tone::Error, |ui, color| {
                ui.add(egui::Label::new(RichText::new(error).color(color)).wrap())
            });
        }
        let busy = self.adding;
        if !ui
            .add_enabled(!busy, egui::Button::new(t!("today-add")))
            .clicked()
        {
            return None;
        }
        let day = expected::local_now(now).date();
        match self.form.visitor(day) {
            Ok(visitor) => {
                self.form.error = None;
                self.adding = true;
                Some(Action::send(
                    self.account,
                    Command::Expected(Request::Add {
                        visitor,
                        added_by: crate::journal::os_user(),
                        at: now,
                    }),
                ))
            }
            Err(invalid) => {
                self.form.error = Some(invalid.text());
                None
            }
        }
    }
}

/// "14:00–16:00", "from 14:00", "until 16:00", or "all day".
fn window_of(visitor: &Visitor) -> String {
    let time = |time: chrono::NaiveTime| time.format("%H:%M").to_string();
    match (visitor.details.from, visitor.details.to) {
        (Some(from), Some(to)) => format!("{}–{}", time(from), time(to)),
        (Some(from), None) => t!("today-from", from = time(from)),
        (None, Some(to)) => t!("today-until", to = time(to)),
        (None, None) => t!("today-all-day").to_owned(),
    }
}

/// What a refused code says, every reason in one list.
fn problem_lines(problem: &Problem) -> Vec<String> {
    problem
        .failure
        .iter()
        .map(crate::messages::Failure::sentence)
        .chain(problem.fields.values().flatten().cloned())
        .collect()
}

impl Modal for TodayDialog {
    fn show(
        &mut self,
        ctx: &egui::Context,
        accounts: &Accounts,
        now: DateTime<Utc>,
    ) -> Vec<Action> {
        let close = Action::Show(Show::Close);
        // The account has gone (signed out, or its server ended the session): so has its Today.
        let Some(state) = accounts.open_state(self.account) else {
            return vec![close];
        };
        let mut actions = Vec::new();
        let modal = egui::Modal::new(egui::Id::unique("visitor-desk-today")).show(ctx, |ui| {
            ui.set_width((ctx.content_rect().width() * 0.8).clamp(300.0, 640.0));
            let day = crate::i18n::date_time(now, now);
            ui.heading(t!("today-title"));
            ui.label(
                RichText::new(t!("today-hint", day = day))
                    .small()
                    .color(theme::palette(ui).muted),
            );
            if accounts.several() {
                ui.label(
                    RichText::new(
                        accounts
                            .get(self.account)
                            .map(accounts::Account::name)
                            .unwrap_or_default(),
                    )
                    .small(),
                );
            }
            ui.add_space(space::S);
            // In a small window (800×600) the list, the code just made and the form scroll under the heading, so
            // that the dialog never runs off the screen.
            egui::ScrollArea::vertical()
                .max_height((ctx.content_rect().height() - 140.0).max(200.0))
                .id_salt("today-body")
                .show(ui, |ui| actions.extend(self.body(ui, state, now)));
        });
        if modal.should_close() {
            actions.push(close);
        }
        actions
    }
}

impl TodayDialog {
    /// Everything under the heading: the search, the list, the code just made, the add form, Close.
    fn body(&mut self, ui: &mut Ui, state: &AppState, now: DateTime<Utc>) -> Vec<Action> {
        let mut actions = Vec::new();
        actions.extend(self.search_field(ui, state));
        if let Some(failure) = &state.expected.failure {
            message_box(ui, Tone::Error, |ui, color| {
                ui.add(egui::Label::new(RichText::new(failure).color(color)).wrap())
            });
        }
        if state.expected.loading && state.expected.visitors.is_empty() {
            ui.spinner();
        }
        actions.extend(self.list(ui, state, now));
        if self.made_here {
            let refused = problem_lines(&state.create.problem);
            if !refused.is_empty() {
                message_box(ui, Tone::Error, |ui, color| {
                    ui.add(egui::Label::new(RichText::new(refused.join("\n")).color(color)).wrap())
                });
            }
            let made = state.create.created.as_ref().map(|code| code.id);
            let new = made.is_some() && made != self.panel_code;
            self.panel_code = made;
            actions.extend(created_panel(
                ui,
                self.account,
                state,
                now,
                &mut self.show_qr,
                new,
            ));
        }
        ui.add_space(space::M);
        actions.extend(self.add_form(ui, state, now));
        ui.add_space(space::S);
        if ui.button(t!("close")).clicked() {
            actions.push(Action::Show(Show::Close));
        }
        actions
    }
}

#[cfg(test)]
#[path = "today_tests.rs"]
mod tests;
