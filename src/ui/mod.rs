//! The egui screens and the app that holds them. Each screen draws from `&AppState` and answers the
//! [`Action`]s the user asked for; the app carries them out. Nothing here does I/O.
//!
//! A frame: the backend's events go through [`AppState::apply`], whose commands go back to the backend and whose
//! window effects (notices, a copy, a field to focus) wait for the drawing; the screen drawn answers actions; the
//! app sends their commands (noting each in the state) and does the rest itself.

mod accounts;
mod action;
mod calendar;
mod calls;
pub mod code_form;
mod code_table;
mod confirm;
mod created;
mod desk_changes;
mod extend;
mod handover;
pub mod history;
mod input;
mod instructions;
mod main_screen;
mod raise;
mod server_facts;
mod sessions;
mod settings_menu;
mod sign_in;
mod start_report;
mod template_editor;
pub mod theme;
mod toasts;
mod widgets;
mod window_fit;
mod window_place;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

pub use action::{Action, Extension, ModalAnswer, NewCode};

use crate::backend::{Backend, BackendConfig, Waker};
use crate::clock::Clock;
use crate::desks::{DeskStarter, Desks};
use crate::domain::RequestId;
use crate::i18n::Language;
use crate::journal::{ExportSource, Request};
use crate::messages::Command;
use crate::settings::ThemeChoice;
use crate::state::{AppState, CodeKey, DeskId, Field, LiveStatus, UiEffect};

pub use input::BLINK_TIMEOUT;
pub use sign_in::SignInForm;

/// How the app starts.
#[derive(Debug, Clone, Default)]
pub struct StartOptions {
    pub server: String,
    pub login: String,
    /// Sign in at once with these credentials (the demo does).
    pub password: Option<String>,
    /// More accounts to sign in to at once, each beside the first (the demo on several servers does).
    pub also: Vec<AccountStart>,
}

/// An account signed in to at start.
#[derive(Debug, Clone, Default)]
pub struct AccountStart {
    pub server: String,
    pub login: String,
    pub password: String,
}

/// The application: the state, the backend's handle, and what the screens keep between frames.
pub struct App {
    /// The accounts signed in together, each with its backend and state; one is focused.
    desks: Desks,
    /// The backend's clock: the one the state, the backend and the journal all read.
    clock: Clock,
    /// The backend's language: the one the app, the backend and the journal speak.
    language: Language,
    /// The time of the frame under way, read once at its start.
    now: DateTime<Utc>,
    /// What the events asked of the window (and which account's they were), done at the start of the next drawing.
    effects: Vec<(DeskId, UiEffect)>,
    sign_in: SignInForm,
    main: main_screen::MainScreen,
    history: history::HistoryScreen,
    /// The last request number given (a create or an extend waits for the answer to its number).
    last_request: RequestId,
    toasts: toasts::Toasts,
    /// The theme preference in effect (set on the context when the remembered choice changes).
    theme: Option<ThemeChoice>,
    /// The accounts signed in at the last frame (server, login): the sign-in form forgets the password when that
    /// changes, and the main screen starts afresh when none is left.
    signed_in: Vec<(DeskId, (String, String))>,
    /// The accounts open last time were started again (once, after the settings were read).
    reopened: bool,
    /// The new-code form as the server's end of the session left it (typed, not sent), and whose it was: offered
    /// back when that account signs in again, never to another.
    unsent: Option<((String, String), code_form::Unsent)>,
    /// The input plugins are on the context (added on the first frame).
    input_installed: bool,
    /// Whether the window's first size has been checked against its monitor.
    window_fitted: bool,
    /// Keeps where the window is and how big, for the next start.
    place: window_place::PlaceKeeper,
    /// Coming to the front for a later launch.
    raise: raise::Raise,
    /// The accounts named at start to sign in to beside the first, until the window can start them.
    also: Vec<AccountStart>,
    /// When the first frame and the first codes were on screen, for the log.
    start_report: start_report::StartReport,
}

impl App {
    /// Builds the app inside eframe: the backend runs on `runtime` and wakes egui after each event.
    pub fn new(
        cc: &eframe::CreationContext<'_>,
        runtime: &tokio::runtime::Handle,
        config: BackendConfig,
        start: StartOptions,
    ) -> Self {
        let ctx = cc.egui_ctx.clone();
        let wake: Waker = Arc::new(move || ctx.request_repaint());
        let first = Backend::start(runtime, config.clone(), wake.clone());
        let runtime = runtime.clone();
        Self::with_backend(first, start).with_more_accounts(Box::new(move |resume| {
            Backend::start(&runtime, config.for_another_account(resume), wake.clone())
        }))
    }

    /// Builds the app around a running backend (tests and benchmarks pass their own).
    pub fn with_backend(backend: Backend, start: StartOptions) -> Self {
        let clock = backend.clock().clone();
        let language = backend.language().clone();
        let mut app = Self {
            desks: Desks::new(backend),
            now: clock.now(),
            clock,
            language,
            effects: Vec::new(),
            sign_in: SignInForm::new(&start.server, &start.login),
            main: main_screen::MainScreen::default(),
            history: history::HistoryScreen::default(),
            last_request: 0,
            toasts: toasts::Toasts::default(),
            theme: None,
            signed_in: Vec::new(),
            reopened: false,
            unsent: None,
            input_installed: false,
            window_fitted: false,
            place: window_place::PlaceKeeper::default(),
            raise: raise::Raise::default(),
            also: Vec::new(),
            start_report: start_report::StartReport::default(),
        };
        if let Some(password) = start.password {
            app.sign_in.password = password;
            let command = app.sign_in.submit_command();
            app.send(command);
        }
        app.also = start.also;
        app
    }

    /// Lets the window sign in to more accounts beside the first, each on a backend `start` makes; the accounts
    /// named at start ([`StartOptions::also`]) are signed in to now.
    #[must_use]
    pub fn with_more_accounts(mut self, start: DeskStarter) -> Self {
        self.desks.set_starter(start);
        for account in std::mem::take(&mut self.also) {
            self.sign_in_beside(account);
        }
        self
    }

    /// The user agreed beforehand (`--allow-insecure-http`) to sign in over plain http to the server filled in.
    #[must_use]
    pub fn allowing_insecure_http(mut self) -> Self {
        self.sign_in.allow_insecure_http();
        self
    }

    /// Logs when the first frame and the first codes listed were on screen, counted from `started` (the
    /// process's start), and calls `on_first_frame` once the first frame is.
    #[must_use]
    pub fn reporting_start_from(
        mut self,
        started: std::time::Instant,
        on_first_frame: impl FnOnce() + Send + 'static,
    ) -> Self {
        self.start_report = start_report::StartReport::new(Some(started), Box::new(on_first_frame));
        self
    }

    /// The focused account's state, for tests and benchmarks that look behind the screen.
    pub fn state(&self) -> &AppState {
        &self.desks.focused().state
    }

    /// The window's accounts, for tests and benchmarks that look behind the screen.
    pub fn desks(&self) -> &Desks {
        &self.desks
    }

    /// The codes the main screen's list showed in the last frame, in its order.
    pub fn shown(&self) -> &[CodeKey] {
        self.main.view.shown()
    }

    /// How many table rows the last frame laid out (the rest of a long list is skipped).
    pub fn rows_laid_out(&self) -> usize {
        self.main.table.rows_drawn
    }

    /// The journal as the History screen has read it, for tests and benchmarks.
    pub fn history(&self) -> &crate::state::History {
        &self.state().history
    }

    /// Whether the History screen shows.
    pub fn history_is_open(&self) -> bool {
        self.history.is_open()
    }

    /// How many rows of the History screen the last frame laid out.
    pub fn history_rows_laid_out(&self) -> usize {
        self.history.rows_drawn
    }

    /// The sign-in form as typed, for tests.
    pub fn sign_in_form(&self) -> &SignInForm {
        &self.sign_in
    }

    /// The new-code form, for automation that sets what a date picker would.
    pub fn code_form_mut(&mut self) -> &mut code_form::CodeForm {
        &mut self.main.form
    }

    /// Sends `command` to the focused account's backend.
    fn send(&mut self, command: Command) {
        self.send_to(self.desks.focus(), command);
    }

    /// Sends `command` to one account's backend. The settings menu's choices are every account's: each state
    /// notes them, one backend writes them down.
    fn send_to(&mut self, desk: DeskId, command: Command) {
        if matches!(
            command,
            Command::RememberLanguage { .. }
                | Command::RememberTheme { .. }
                | Command::RememberNotification { .. }
        ) {
            for other in self.desks.iter_mut().filter(|other| other.id != desk) {
                other.state.sent(&command);
            }
        }
        if let Some(desk) = self.desks.get_mut(desk) {
            desk.send(command);
        }
    }

    /// Drains every account's events into its state, sending the commands they call for to the same account.
    fn drain_events(&mut self, now: DateTime<Utc>) {
        let ids: Vec<DeskId> = self.desks.iter().map(|desk| desk.id).collect();
        for id in ids {
            let Some(desk) = self.desks.get_mut(id) else {
                continue;
            };
            let mut commands = Vec::new();
            while let Some(event) = desk.try_recv() {
                if desk.reopened && Self::ends_reopening(&event) {
                    desk.leaving = true;
                }
                let effects = desk.state.apply(event, now);
                // A burst of pushes may ask for several listings; the backend folds those that come while one
                // runs into a single next one, so that nothing pushed during a listing is missed.
                commands.extend(effects.commands);
                self.effects
                    .extend(effects.ui.into_iter().map(|ui| (id, ui)));
            }
            desk.state.prune(now);
            let alerts = desk.state.tick(now);
            commands.extend(alerts.commands);
            self.effects
                .extend(alerts.ui.into_iter().map(|ui| (id, ui)));
            for command in commands {
                desk.send(command);
            }
        }
        self.follow_desks();
    }

    /// The look: both themes' styles once, and the light or dark one the user chose (the system's by default).
    fn style(&mut self, ctx: &egui::Context) {
        if self.theme.is_none() {
            theme::install(ctx);
        }
        let chosen = self.state().preferences.theme;
        if self.theme != Some(chosen) {
            self.theme = Some(chosen);
            ctx.set_theme(settings_menu::theme_preference(chosen));
        }
    }

    /// Does what the events asked of the window, once each. What concerns one account's intercom or code
    /// focuses that account first.
    fn carry_out_effects(&mut self, ctx: &egui::Context, now: DateTime<Utc>) {
        for (desk, effect) in std::mem::take(&mut self.effects) {
            let focused = desk == self.desks.focus();
            match effect {
                UiEffect::Notice(mut notice) => {
                    // With several accounts, a notice says whose it is.
                    if self.desks.several()
                        && let Some(state) = self.desks.state(desk)
                        && state.is_signed_in()
                    {
                        notice.text = format!("{}: {}", state.group_name(), notice.text);
                    }
                    self.toasts.push(notice, now);
                }
                UiEffect::Copy(text) => ctx.copy_text(text),
                // Only while no one is signed in: an account added beside others starts from an empty form.
                UiEffect::Prefill(profile) if self.signed_in.is_empty() && focused => {
                    self.sign_in.prefill(&profile);
                }
                UiEffect::Prefill(_) => {}
                UiEffect::OpenIntercom(intercom) if focused => self.main.open_on(desk, intercom),
                UiEffect::OpenIntercom(_) => {}
                UiEffect::Focus(Field::SignIn(field)) if focused => self.sign_in.focus_field(field),
                UiEffect::Focus(Field::NewCode(field)) if focused => {
                    self.main.form.focus_field(field);
                }
                UiEffect::Focus(_) => {}
                UiEffect::Raise => {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Minimized(false));
                    ctx.send_viewport_cmd(egui::ViewportCommand::Focus);
                }
                UiEffect::HandedOver(args) => self.handed_over(ctx, &args, now),
                UiEffect::MakeCode { intercom, title } => {
                    self.desks.set_focus(desk);
                    self.main.make_code_for(desk, intercom, title);
                }
                UiEffect::ConfirmOpenDoor { intercom, call } => {
                    self.desks.set_focus(desk);
                    self.main.confirm_open_door(desk, intercom, call);
                }
                UiEffect::Extend(code) => {
                    self.desks.set_focus(desk);
                    self.main.extend(desk, code.id);
                }
                UiEffect::JournalChanged if focused => {
                    for command in self
                        .history
                        .journal_changed(&self.desks.focused().state.history)
                    {
                        self.send(command);
                    }
                }
                UiEffect::JournalChanged => {}
            }
        }
    }

    fn draw(&mut self, ui: &mut egui::Ui, now: DateTime<Utc>) {
        self.carry_out_effects(ui.ctx(), now);
        // What the screen drawn will change by itself (a screen not drawn changes nothing), and where notices go.
        let mut screen_changes = None;
        let mut notices_over = None;
        let mut listed = None;
        let actions = if !self.state().is_signed_in() {
            self.history.reset();
            // An account being added beside others can be given up, back to them.
            let others = self.desks.open().next().is_some();
            self.sign_in
                .ui(ui, &self.desks.focused().state, others, now)
        } else if self.history.is_open() {
            let commands = self.history.ui(ui, &self.desks.focused().state, now);
            commands.into_iter().map(Action::Send).collect()
        } else {
            let actions = self.main.ui(ui, &self.desks, now);
            let state = self.state();
            listed = state.last_sync.map(|_| state.code_count());
            screen_changes = self.main.next_visible_change();
            notices_over = self.main.codes_area();
            actions
        };
        for action in actions {
            self.carry_out(action, now);
        }
        self.toasts.show(ui.ctx(), now, notices_over);
        self.schedule_repaint(ui.ctx(), now, screen_changes);
        self.start_report.drew(ui.ctx(), listed);
    }

    /// Does what a screen asked.
    fn carry_out(&mut self, action: Action, now: DateTime<Utc>) {
        match action {
            Action::Send(command) => self.send(command),
            Action::Focus(desk) => {
                self.desks.set_focus(desk);
                // An account the server signed out: the sign-in form is for it again.
                let ended = self.desks.focused().ended.clone();
                if let Some((server, login)) = ended
                    && !self.state().is_signed_in()
                {
                    self.sign_in = SignInForm::new(&server, &login);
                    self.sign_in
                        .focus_field(crate::state::SignInField::Password);
                }
            }
            Action::AddAccount => self.add_account(),
            Action::GiveUpAdding => self.give_up_adding(),
            Action::SignOut(desk) => self.sign_out(desk),
            Action::RefreshAll => {
                let open: Vec<DeskId> = self.desks.open().map(|desk| desk.id).collect();
                for desk in open {
                    self.send_to(desk, Command::Refresh);
                }
            }
            Action::Create(code) => {
                let request = self.next_request();
                self.send(Command::CreateCode {
                    request,
                    intercom: code.intercom,
                    title: code.title,
                    expires_at: code.expires_at,
                });
            }
            Action::Extend(extension) => {
                let request = self.next_request();
                self.send(Command::Extend {
                    request,
                    old: extension.old,
                    intercom: extension.intercom,
                    title: extension.title,
                    expires_at: extension.expires_at,
                    revoke_first: extension.revoke_first,
                });
            }
            Action::OpenHistory => {
                for command in self.history.open(&self.desks.focused().state.history) {
                    self.send(command);
                }
            }
            Action::ExportCodes(format) => {
                let codes = self.main.shown_codes(&self.desks);
                self.send(Command::Journal(Request::Export {
                    source: ExportSource::Codes { codes, now },
                    format,
                }));
            }
            Action::SetLanguage(language) => {
                // The rest of this frame and the backend's next words are in it already.
                self.language.set(&crate::i18n::choose(language.as_deref()));
                self.send(Command::RememberLanguage { language });
            }
            Action::SetTheme(theme) => self.send(Command::RememberTheme { theme }),
        }
    }

    /// A later launch handed over: to the front; what it named fills the sign-in form while nobody is
    /// signed in.
    fn handed_over(&mut self, ctx: &egui::Context, args: &[String], now: DateTime<Utc>) {
        self.raise.start(ctx, now);
        if !self.state().is_signed_in() {
            let (server, login) = raise::account_in(args);
            if let Some(server) = server {
                self.sign_in.offer(server, login.unwrap_or_default());
            }
        }
    }

    /// The account as a notification names it: "login @ server".
    fn account_label(&self) -> String {
        match self.desks.focused().account() {
            Some((server, login)) => format!("{login} @ {}", server.trim_end_matches('/')),
            None => self.sign_in.server.trim().to_owned(),
        }
    }

    fn next_request(&mut self) -> RequestId {
        self.last_request += 1;
        self.last_request
    }

    /// Idle means idle: the next frame is asked for only when something visible will change.
    fn schedule_repaint(
        &self,
        ctx: &egui::Context,
        now: DateTime<Utc>,
        screen_changes: Option<DateTime<Utc>>,
    ) {
        let mut next = screen_changes
            .into_iter()
            .chain(
                self.desks
                    .iter()
                    .filter_map(|desk| desk.state.next_change(now)),
            )
            .chain(
                self.desks
                    .iter()
                    .filter_map(|desk| desk.state.next_alert(now)),
            )
            .chain(self.toasts.next_change())
            .min();
        for desk in self.desks.iter() {
            if let LiveStatus::Reconnecting { at, .. } = &desk.state.live {
                // "reconnecting in N s" counts down by the second.
                let tick = now + chrono::TimeDelta::seconds(1);
                next = Some(next.map_or(tick, |n| n.min(tick)).min((*at).max(now)));
            }
        }
        if let Some(next) = next {
            let wait = (next - now).to_std().unwrap_or(Duration::ZERO);
            ctx.request_repaint_after(wait.max(Duration::from_millis(50)));
        }
    }
}

impl eframe::App for App {
    fn logic(&mut self, ctx: &egui::Context, frame: &mut eframe::Frame) {
        let language = self.language.clone();
        language.enter(|| self.logic_in_language(ctx, frame));
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let language = self.language.clone();
        language.enter(|| self.draw(ui, self.now));
    }
}

impl App {
    /// Everything before the drawing: the backend's events, the window's place, the look.
    fn logic_in_language(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.start_report.frame_begins();
        if !self.input_installed {
            input::install(ctx);
            self.input_installed = true;
        }
        if !self.window_fitted {
            self.window_fitted = window_fit::fit_to_monitor(ctx);
        }
        let now = self.clock.now();
        self.now = now;
        self.drain_events(now);
        if let Some(command) = self.place.follow(ctx, now) {
            self.send(command);
        }
        let account = self.account_label();
        if let Some(command) = self.raise.follow(ctx, now, &account) {
            self.send(command);
        }
        self.style(ctx);
    }
}
