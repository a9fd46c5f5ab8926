//! The egui screens and the app that holds them. Each screen draws from `&AppState` and answers the
//! [`Action`]s the user asked for; the app carries them out. Nothing here does I/O.
//!
//! A frame: the backend's events go through [`AppState::apply`], whose commands go back to the backend and whose
//! window effects (notices, a copy, a field to focus) wait for the drawing; the screen drawn answers actions; the
//! app sends their commands (noting each in the state) and does the rest itself.

mod action;
mod calendar;
mod calls;
pub mod code_form;
mod code_table;
mod confirm;
mod created;
mod extend;
mod handover;
pub mod history;
mod input;
mod instructions;
mod main_screen;
mod raise;
mod settings_menu;
mod sign_in;
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
use crate::domain::RequestId;
use crate::i18n::Language;
use crate::journal::{ExportSource, Request};
use crate::messages::Command;
use crate::settings::ThemeChoice;
use crate::state::{AppState, Field, LiveStatus, UiEffect};

pub use input::BLINK_TIMEOUT;
pub use sign_in::SignInForm;

/// How the app starts.
#[derive(Debug, Clone, Default)]
pub struct StartOptions {
    pub server: String,
    pub login: String,
    /// Sign in at once with these credentials (the demo does).
    pub password: Option<String>,
}

/// The application: the state, the backend's handle, and what the screens keep between frames.
pub struct App {
    backend: Backend,
    /// The backend's clock: the one the state, the backend and the journal all read.
    clock: Clock,
    /// The backend's language: the one the app, the backend and the journal speak.
    language: Language,
    /// The time of the frame under way, read once at its start.
    now: DateTime<Utc>,
    state: AppState,
    /// What the events asked of the window, done at the start of the next drawing.
    effects: Vec<UiEffect>,
    sign_in: SignInForm,
    main: main_screen::MainScreen,
    history: history::HistoryScreen,
    /// The last request number given (a create or an extend waits for the answer to its number).
    last_request: RequestId,
    toasts: toasts::Toasts,
    /// The theme preference in effect (set on the context when the remembered choice changes).
    theme: Option<ThemeChoice>,
    /// Whether the last frame was signed in: the sign-in form forgets the password when that changes.
    was_signed_in: bool,
    /// The account signed in (server, login), while one is.
    account: Option<(String, String)>,
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
        Self::with_backend(Backend::start(runtime, config, wake), start)
    }

    /// Builds the app around a running backend (tests and benchmarks pass their own).
    pub fn with_backend(backend: Backend, start: StartOptions) -> Self {
        let clock = backend.clock().clone();
        let language = backend.language().clone();
        let mut app = Self {
            backend,
            now: clock.now(),
            clock,
            language,
            state: AppState::new(),
            effects: Vec::new(),
            sign_in: SignInForm::new(&start.server, &start.login),
            main: main_screen::MainScreen::default(),
            history: history::HistoryScreen::default(),
            last_request: 0,
            toasts: toasts::Toasts::default(),
            theme: None,
            was_signed_in: false,
            account: None,
            unsent: None,
            input_installed: false,
            window_fitted: false,
            place: window_place::PlaceKeeper::default(),
            raise: raise::Raise::default(),
        };
        if let Some(password) = start.password {
            app.sign_in.password = password;
            let command = app.sign_in.submit_command();
            app.send(command);
        }
        app
    }

    /// The user agreed beforehand (`--allow-insecure-http`) to sign in over plain http to the server filled in.
    #[must_use]
    pub fn allowing_insecure_http(mut self) -> Self {
        self.sign_in.allow_insecure_http();
        self
    }

    /// The state, for tests and benchmarks that look behind the screen.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The codes the main screen's list showed in the last frame, in its order.
    pub fn shown(&self) -> &[u64] {
        self.main.view.shown()
    }

    /// How many table rows the last frame laid out (the rest of a long list is skipped).
    pub fn rows_laid_out(&self) -> usize {
        self.main.table.rows_drawn
    }

    /// The journal as the History screen has read it, for tests and benchmarks.
    pub fn history(&self) -> &crate::state::History {
        &self.state.history
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

    fn send(&mut self, command: Command) {
        self.state.sent(&command);
        self.backend.send(command);
    }

    /// Drains the backend's events into the state, sending the commands they call for.
    fn drain_events(&mut self, now: DateTime<Utc>) {
        while let Some(event) = self.backend.try_recv() {
            let effects = self.state.apply(event, now);
            // A burst of pushes may ask for several listings; the backend folds those that come while one
            // runs into a single next one, so that nothing pushed during a listing is missed.
            for command in effects.commands {
                self.send(command);
            }
            self.effects.extend(effects.ui);
        }
        self.state.prune(now);
        let alerts = self.state.tick(now);
        for command in alerts.commands {
            self.send(command);
        }
        self.effects.extend(alerts.ui);
        // A session that starts or ends leaves no password (nor captcha answer) in the sign-in form; one that
        // ends leaves nothing of the main window (a title typed, a search, a selection) for the next person.
        if self.state.is_signed_in() != self.was_signed_in {
            self.was_signed_in = self.state.is_signed_in();
            self.sign_in.forget_secrets();
            if self.was_signed_in {
                self.account = self
                    .state
                    .session
                    .as_ref()
                    .map(|session| (session.server.clone(), session.user.login.clone()));
                if let Some((account, unsent)) = self.unsent.take()
                    && Some(&account) == self.account.as_ref()
                {
                    self.main.form.offer(unsent);
                }
            } else {
                // A session the server ended (not a sign-out: the next person gets nothing) keeps what was
                // being typed, for the same account.
                let ended_by_server = self.state.sign_in.notice.is_some();
                let account = self.account.take();
                self.unsent = account
                    .zip(self.main.form.unsent())
                    .filter(|_| ended_by_server);
                self.main = main_screen::MainScreen::default();
            }
        }
    }

    /// The look: both themes' styles once, and the light or dark one the user chose (the system's by default).
    fn style(&mut self, ctx: &egui::Context) {
        if self.theme.is_none() {
            theme::install(ctx);
        }
        let chosen = self.state.preferences.theme;
        if self.theme != Some(chosen) {
            self.theme = Some(chosen);
            ctx.set_theme(settings_menu::theme_preference(chosen));
        }
    }

    /// Does what the events asked of the window, once each.
    fn carry_out_effects(&mut self, ctx: &egui::Context, now: DateTime<Utc>) {
        for effect in std::mem::take(&mut self.effects) {
            match effect {
                UiEffect::Notice(notice) => self.toasts.push(notice, now),
                UiEffect::Copy(text) => ctx.copy_text(text),
                UiEffect::Prefill(profile) => self.sign_in.prefill(&profile),
                UiEffect::OpenIntercom(intercom) => self.main.open_on(intercom),
                UiEffect::Focus(Field::SignIn(field)) => self.sign_in.focus_field(field),
                UiEffect::Focus(Field::NewCode(field)) => self.main.form.focus_field(field),
                UiEffect::Raise => {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Minimized(false));
                    ctx.send_viewport_cmd(egui::ViewportCommand::Focus);
                }
                UiEffect::HandedOver(args) => self.handed_over(ctx, &args, now),
                UiEffect::MakeCode { intercom, title } => self.main.make_code_for(intercom, title),
                UiEffect::ConfirmOpenDoor { intercom, call } => {
                    self.main.confirm_open_door(intercom, call);
                }
                UiEffect::Extend(code) => self.main.extend(code.id),
                UiEffect::JournalChanged => {
                    for command in self.history.journal_changed(&self.state.history) {
                        self.send(command);
                    }
                }
            }
        }
    }

    fn draw(&mut self, ui: &mut egui::Ui, now: DateTime<Utc>) {
        self.carry_out_effects(ui.ctx(), now);
        // What the screen drawn will change by itself (a screen not drawn changes nothing), and where notices go.
        let mut screen_changes = None;
        let mut notices_over = None;
        let actions = if !self.state.is_signed_in() {
            self.history.reset();
            self.sign_in.ui(ui, &self.state)
        } else if self.history.is_open() {
            let commands = self.history.ui(ui, &self.state, now);
            commands.into_iter().map(Action::Send).collect()
        } else {
            let actions = self.main.ui(ui, &self.state, now);
            screen_changes = self.main.next_visible_change();
            notices_over = self.main.codes_area();
            actions
        };
        for action in actions {
            self.carry_out(action, now);
        }
        self.toasts.show(ui.ctx(), now, notices_over);
        self.schedule_repaint(ui.ctx(), now, screen_changes);
    }

    /// Does what a screen asked.
    fn carry_out(&mut self, action: Action, now: DateTime<Utc>) {
        match action {
            Action::Send(command) => self.send(command),
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
                for command in self.history.open(&self.state.history) {
                    self.send(command);
                }
            }
            Action::ExportCodes(format) => {
                let codes = self.main.shown_codes(&self.state);
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
        if !self.state.is_signed_in() {
            let (server, login) = raise::account_in(args);
            if let Some(server) = server {
                self.sign_in.server = server;
                self.sign_in.login = login.unwrap_or_default();
                self.sign_in
                    .focus_field(crate::state::SignInField::Password);
            }
        }
    }

    /// The account as a notification names it: "login @ server".
    fn account_label(&self) -> String {
        match &self.account {
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
            .chain(self.state.next_change(now))
            .chain(self.state.next_alert(now))
            .chain(self.toasts.next_change())
            .min();
        if let LiveStatus::Reconnecting { at, .. } = &self.state.live {
            // "reconnecting in N s" counts down by the second.
            let tick = now + chrono::TimeDelta::seconds(1);
            next = Some(next.map_or(tick, |n| n.min(tick)).min((*at).max(now)));
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
