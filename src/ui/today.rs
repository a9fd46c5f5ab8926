//! Today: every open account's expected visitors of the day (kept on this computer, not on the server), each
//! naming its account when there are several, searchable by any three letters of a name, flat, company or host (е
//! and ё alike). Enter makes the first one found their code at their own account (the name and flat, valid to the
//! end of their window), which is copied and shown with its share and slip buttons, and marks them arrived; one
//! given a code already shows it. A small form adds a visitor, and Import… reads a list from a file into a preview
//! (`import_preview`), both for the account chosen above them; a refused one keeps what was typed.

use chrono::{DateTime, Utc};
use egui::{Key, RichText, TextEdit, Ui};

use super::action::{Action, Modal, Show};
use super::created::created_panel;
use super::import_preview::{Choice, ImportPreview};
use super::theme::{self, space};
use super::widgets::{
    Tone, account_choice, copy_button, displayable, labelled_text_edit, message_box,
};
use crate::accounts::{self, AccountId, Accounts};
use crate::expected::{self, Invalid, NewVisitor, Request, Timing, Visitor, fold};
use crate::messages::{Command, Problem};
use crate::state::AppState;
use crate::t;

/// The Today dialog, its add form and import for `account`, every open account's list read afresh.
pub fn open(accounts: &Accounts, account: AccountId, now: DateTime<Utc>) -> Vec<Action> {
    let day = expected::local_now(now).date();
    std::iter::once(Action::Show(Show::Today(account)))
        .chain(
            accounts
                .open()
                .map(|open| Action::send(open.id, Command::Expected(Request::Load { day }))),
        )
        .collect()
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

/// A visitor as Today lists them: with the account they are expected at.
pub type Found<'a> = (AccountId, &'a Visitor);

#[derive(Debug)]
pub struct TodayDialog {
    /// The account the add form and Import… keep visitors for.
    pub account: AccountId,
    pub search: String,
    pub form: AddForm,
    /// The visitor whose code the dialog made or shows (their row is marked), and their account.
    pub shown: Option<(AccountId, i64)>,
    /// The account of the code the dialog asked for last: its panel shows under the list.
    made_for: Option<AccountId>,
    /// Import… was pressed for this account: a list it reads after the one numbered here is this dialog's to
    /// preview.
    import_asked: Option<(AccountId, u64)>,
    /// The list read, while its preview is shown, and the account it is imported for (boxed: a file's cells).
    import: Option<(AccountId, Box<ImportPreview>)>,
    /// How many the last import added, or why the last list picked could not be read.
    import_said: Option<Result<String, String>>,
    /// The import sent and not yet answered.
    importing: bool,
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
            made_for: None,
            import_asked: None,
            import: None,
            import_said: None,
            importing: false,
            made_here: false,
            show_qr: false,
            panel_code: None,
            adding: false,
            focus_search: true,
        }
    }

    /// The visitors the search finds at every open account, by the start of their window (those without one
    /// first), then name; an account's own order stays where the two agree.
    pub fn found<'a>(&self, accounts: &'a Accounts) -> Vec<Found<'a>> {
        let query = fold(&self.search);
        let mut found: Vec<Found<'a>> = accounts
            .open()
            .flat_map(|account| {
                account
                    .state
                    .expected
                    .visitors
                    .iter()
                    .map(move |visitor| (account.id, visitor))
            })
            .filter(|(_, visitor)| visitor.matches(&query))
            .collect();
        found.sort_by_key(|(_, visitor)| (visitor.details.from, fold(&visitor.details.name)));
        found
    }

    /// Enter, or a row's button: the visitor's code made at their account, or the one they were given shown.
    fn arrive(
        &mut self,
        accounts: &Accounts,
        account: AccountId,
        visitor: &Visitor,
    ) -> Option<Action> {
        self.shown = Some((account, visitor.id));
        let state = accounts.open_state(account)?;
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
        self.made_for = Some(account);
        Some(Action::Accounts(accounts::Action::Arrive {
            account,
            visitor: Box::new(visitor.clone()),
            intercom,
        }))
    }

    fn search_field(&mut self, ui: &mut Ui, accounts: &Accounts) -> Vec<Action> {
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
        let found = self.found(accounts);
        let chosen = found
            .iter()
            .find(|(_, visitor)| visitor.code_id.is_none())
            .or(found.first())
            .map(|(account, visitor)| (*account, (*visitor).clone()));
        response.request_focus();
        chosen
            .and_then(|(account, visitor)| self.arrive(accounts, account, &visitor))
            .into_iter()
            .collect()
    }

    fn list(&mut self, ui: &mut Ui, accounts: &Accounts, now: DateTime<Utc>) -> Vec<Action> {
        let mut actions = Vec::new();
        let local = expected::local_now(now);
        let found: Vec<(AccountId, Visitor)> = self
            .found(accounts)
            .into_iter()
            .map(|(account, visitor)| (account, visitor.clone()))
            .collect();
        let states = || accounts.open().map(|account| &account.state);
        let loading = states().any(|state| state.expected.loading);
        if found.is_empty() && !loading {
            ui.label(
                RichText::new(
                    if states().all(|state| state.expected.visitors.is_empty()) {
                        t!("today-none")
                    } else {
                        t!("today-none-found")
                    },
                )
                .color(theme::palette(ui).muted),
            );
        }
        egui::ScrollArea::vertical()
            .max_height(ui.ctx().content_rect().height() * 0.35)
            .id_salt("today-visitors")
            .show(ui, |ui| {
                for (account, visitor) in &found {
                    actions.extend(self.row(ui, accounts, *account, visitor, local));
                    ui.separator();
                }
            });
        actions
    }

    fn row(
        &mut self,
        ui: &mut Ui,
        accounts: &Accounts,
        account: AccountId,
        visitor: &Visitor,
        local: chrono::NaiveDateTime,
    ) -> Option<Action> {
        let palette = theme::palette(ui);
        let mut asked = None;
        let arriving = accounts
            .open_state(account)
            .is_some_and(|state| state.expected.is_arriving(visitor.id));
        ui.horizontal_wrapped(|ui| {
            let timing = visitor.timing(local);
            let name = displayable(ui, &visitor.details.name).into_owned();
            let mut title = RichText::new(&name).strong();
            if self.shown == Some((account, visitor.id)) {
                title = title.color(palette.accent);
            }
            ui.label(title);
            let mut facts = vec![window_of(visitor)];
            // With several accounts, whose visitor this is: the code is made there.
            if accounts.several() {
                facts.insert(0, displayable(ui, &accounts.name(account)).into_owned());
            }
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
            } else if arriving {
                ui.spinner();
            } else {
                let label = t!("today-make-code-for", name = name.as_str());
                let button = ui.button(t!("today-make-code")).on_hover_text(&label);
                button.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
                if button.clicked() {
                    asked = self.arrive(accounts, account, visitor);
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
        // The account of the form has gone (signed out, or its server ended the session): the form is for
        // another open one, and Today closes with the last.
        if accounts.open_state(self.account).is_none() {
            match accounts.open().next() {
                Some(other) => self.account = other.id,
                None => return vec![close],
            }
        }
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
            ui.add_space(space::S);
            // In a small window (800×600) the list, the code just made and the form scroll under the heading, so
            // that the dialog never runs off the screen.
            // An area's content is held to the size it had the frame before, so the body is let grow to its
            // height (not only shrink): a longer list or the import preview makes the dialog taller at once.
            let body_height = (ctx.content_rect().height() - 140.0).max(200.0);
            egui::ScrollArea::vertical()
                .max_height(body_height)
                .min_scrolled_height(body_height)
                .id_salt("today-body")
                .show(ui, |ui| actions.extend(self.body(ui, accounts, now)));
        });
        if modal.should_close() {
            actions.push(close);
        }
        actions
    }
}

impl TodayDialog {
    /// Everything under the heading: the search, the list, the code just made, the add form, Import…, Close; or
    /// the preview of a list being imported.
    fn body(&mut self, ui: &mut Ui, accounts: &Accounts, now: DateTime<Utc>) -> Vec<Action> {
        let mut actions = Vec::new();
        let Some(state) = accounts.open_state(self.account) else {
            return actions;
        };
        self.take_list_read(accounts, now);
        if self.import.is_some() {
            return self.import_preview(ui, now);
        }
        actions.extend(self.search_field(ui, accounts));
        for open in accounts.open() {
            if let Some(failure) = &open.state.expected.failure {
                let failure = if accounts.several() {
                    format!("{}: {failure}", accounts.name(open.id))
                } else {
                    failure.clone()
                };
                message_box(ui, Tone::Error, |ui, color| {
                    ui.add(egui::Label::new(RichText::new(failure).color(color)).wrap())
                });
            }
        }
        let states = || accounts.open().map(|account| &account.state);
        if states().any(|state| state.expected.loading)
            && states().all(|state| state.expected.visitors.is_empty())
        {
            ui.spinner();
        }
        actions.extend(self.list(ui, accounts, now));
        if self.made_here
            && let Some((made_for, state)) = self
                .made_for
                .and_then(|account| Some((account, accounts.open_state(account)?)))
        {
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
                made_for,
                state,
                now,
                &mut self.show_qr,
                new,
            ));
        }
        ui.add_space(space::M);
        self.account_choice(ui, accounts);
        actions.extend(self.add_form(ui, state, now));
        ui.add_space(space::S);
        actions.extend(self.import_button(ui, state));
        ui.add_space(space::S);
        if ui.button(t!("close")).clicked() {
            actions.push(Action::Show(Show::Close));
        }
        actions
    }
}

impl TodayDialog {
    /// With several accounts: which one the add form and Import… keep visitors for.
    fn account_choice(&mut self, ui: &mut Ui, accounts: &Accounts) {
        if !accounts.several() {
            return;
        }
        ui.horizontal(|ui| {
            let chosen = account_choice(
                ui,
                "today-account",
                t!("today-account"),
                accounts,
                self.account,
            );
            if chosen != self.account {
                self.account = chosen;
                self.form.error = None;
                self.import_said = None;
            }
        });
    }

    /// "Import…": the open dialog, then the list read off the window's thread; a list that could not be read says
    /// why under the button, and how many the last import added.
    fn import_button(&mut self, ui: &mut Ui, state: &AppState) -> Option<Action> {
        if self.importing && !state.expected.loading {
            self.importing = false;
            if let Some(count) = state
                .expected
                .imported
                .filter(|_| state.expected.failure.is_none())
            {
                self.import_said = Some(Ok(t!("today-imported", count = count)));
            }
        }
        match &self.import_said {
            Some(Ok(said)) => {
                ui.label(RichText::new(said).color(theme::palette(ui).ok));
            }
            Some(Err(why)) => {
                message_box(ui, Tone::Error, |ui, color| {
                    ui.add(egui::Label::new(RichText::new(why).color(color)).wrap())
                });
            }
            None => {}
        }
        let clicked = ui
            .add_enabled(!self.importing, egui::Button::new(t!("today-import")))
            .on_hover_text(t!("today-import-hint"))
            .clicked();
        if !clicked {
            return None;
        }
        self.import_said = None;
        let seen = state.expected.list_read.as_ref().map_or(0, |(n, _, _)| *n);
        self.import_asked = Some((self.account, seen));
        Some(Action::send(self.account, Command::PickVisitorList))
    }

    /// A list read since Import… was pressed: its preview, or why it could not be read.
    fn take_list_read(&mut self, accounts: &Accounts, now: DateTime<Utc>) {
        let Some((account, asked)) = self.import_asked else {
            return;
        };
        let Some(state) = accounts.open_state(account) else {
            self.import_asked = None;
            return;
        };
        let Some((number, file, sheet)) = &state.expected.list_read else {
            return;
        };
        if *number <= asked {
            return;
        }
        self.import_asked = None;
        match sheet {
            Ok(sheet) => {
                let context = expected::import::Context {
                    today: expected::local_now(now).date(),
                    intercoms: state
                        .intercoms
                        .iter()
                        .map(|intercom| (intercom.id, intercom.title.clone()))
                        .collect(),
                };
                let preview = Box::new(ImportPreview::new(file.clone(), sheet.clone(), context));
                self.import = Some((account, preview));
            }
            Err(reason) => self.import_said = Some(Err(reason.clone())),
        }
    }

    /// The preview of the list being imported; Import keeps its visitors for the account it was picked for.
    fn import_preview(&mut self, ui: &mut Ui, now: DateTime<Utc>) -> Vec<Action> {
        let Some((account, preview)) = self.import.as_mut() else {
            return Vec::new();
        };
        let account = *account;
        match preview.show(ui) {
            None => Vec::new(),
            Some(Choice::Cancel) => {
                self.import = None;
                Vec::new()
            }
            Some(Choice::Import(visitors)) => {
                self.import = None;
                self.importing = true;
                self.account = account;
                vec![Action::send(
                    account,
                    Command::Expected(Request::Import {
                        visitors,
                        added_by: crate::journal::os_user(),
                        at: now,
                        day: expected::local_now(now).date(),
                    }),
                )]
            }
        }
    }
}

#[cfg(test)]
#[path = "today_tests.rs"]
mod tests;
