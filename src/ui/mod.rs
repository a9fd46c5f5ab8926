//! The egui screens and the app that holds them. Each screen draws from the accounts model and answers the
//! [`Action`]s the user asked for; the app carries them out. Nothing here does I/O.
//!
//! A frame: each account's backend events go through [`Accounts::apply`], the clock through
//! [`Accounts::advance`]; the commands they answer go to the backends, and what they ask of the window (notices, a
//! copy, a field to focus) waits for the drawing; the screen drawn answers actions, which go through
//! [`Accounts::act`] (or, for the window's own, to the screen concerned).

mod a11y;
mod action;
mod calendar;
mod calls;
pub mod code_form;
mod code_table;
mod confirm;
mod created;
mod email;
mod extend;
mod handover;
pub mod history;
mod import_preview;
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
mod text_scale;
pub mod theme;
mod toasts;
pub mod today;
mod widgets;
mod window_fit;
mod window_place;

#[cfg(test)]
mod screen_tests;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

pub use action::{Action, CreateWarning, Question, Show};

use crate::accounts::{self, AccountId, Accounts};
use crate::backend::{Backend, BackendConfig, Resume, Waker};
use crate::clock::Clock;
use crate::i18n::Language;
use crate::journal::Request;
use crate::messages::SignInRequest;
use crate::settings::{SettingsChange, ThemeChoice};
use crate::state::{AppState, CodeKey, Field, LiveStatus, SignInField, UiEffect};

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

/// Starts the backend of another account of the window: the window's own settings, resuming what is asked.
pub type BackendStarter = Box<dyn Fn(Resume) -> Backend>;

/// The application: the accounts model, each account's backend, and what the screens keep between frames.
pub struct App {
    /// The accounts signed in together, each with its state: the one model the screens draw from.
    accounts: Accounts,
    /// Each account's backend (its REST client, live socket, journal and keyring entry).
    backends: BTreeMap<AccountId, Backend>,
    /// How further accounts' backends start; without it the window holds one account.
    starter: Option<BackendStarter>,
    /// The backend's clock: the one the state, the backend and the journal all read.
    clock: Clock,
    /// The backend's language: the one the app, the backend and the journal speak.
    language: Language,
    /// The time of the frame under way, read once at its start.
    now: DateTime<Utc>,
    /// What the accounts asked of the window (and whose it was), done at the start of the next drawing.
    effects: Vec<(AccountId, UiEffect)>,
    sign_in: SignInForm,
    main: main_screen::MainScreen,
    history: history::HistoryScreen,
    toasts: toasts::Toasts,
    /// What a screen reader is told of changes, and what it has seen of them.
    announcer: a11y::Announcer,
    /// The theme preference in effect (set on the context when the remembered choice changes).
    theme: Option<ThemeChoice>,
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
    /// How large the window draws: the desktop's text scale times the user's Ctrl + / Ctrl −.
    text_scale: text_scale::TextScale,
}

impl App {
    /// Builds the app inside eframe: the backends run on `runtime` and wake egui after each event.
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
        let accounts = Accounts::new();
        let first = accounts.focus();
        let mut app = Self {
            accounts,
            backends: BTreeMap::from([(first, backend)]),
            starter: None,
            now: clock.now(),
            clock,
            language,
            effects: Vec::new(),
            sign_in: SignInForm::new(&start.server, &start.login),
            main: main_screen::MainScreen::default(),
            history: history::HistoryScreen::default(),
            toasts: toasts::Toasts::default(),
            announcer: a11y::Announcer::default(),
            theme: None,
            input_installed: false,
            window_fitted: false,
            place: window_place::PlaceKeeper::default(),
            raise: raise::Raise::default(),
            also: Vec::new(),
            start_report: start_report::StartReport::default(),
            text_scale: text_scale::TextScale::default(),
        };
        if let Some(password) = start.password {
            app.sign_in.password = password;
            let command = app.sign_in.submit_command();
            app.carry_out(Action::send(first, command));
        }
        app.also = start.also;
        app
    }

    /// Lets the window sign in to more accounts beside the first, each on a backend `start` makes; the accounts
    /// named at start ([`StartOptions::also`]) are signed in to now.
    #[must_use]
    pub fn with_more_accounts(mut self, start: BackendStarter) -> Self {
        self.starter = Some(start);
        self.accounts = std::mem::take(&mut self.accounts).allowing_more();
        for account in std::mem::take(&mut self.also) {
            let sign_in = SignInRequest {
                server: account.server,
                login: account.login,
                password: account.password.into(),
                ..SignInRequest::default()
            };
            let add = accounts::Action::AddAccount {
                sign_in: Some(sign_in),
            };
            self.carry_out(Action::Accounts(add));
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

    /// Draws at the desktop's text scale once `coming` brings it (see [`crate::desktop::text_scale::follow`]),
    /// times the user's Ctrl + / Ctrl −.
    pub fn follow_text_scale(&mut self, coming: std::sync::mpsc::Receiver<f32>) {
        self.text_scale.follow(coming);
    }

    /// The focused account's state (the first account's, in a window of one), for tests and benchmarks that look
    /// behind the screen.
    pub fn state(&self) -> &AppState {
        &self.accounts.focused().state
    }

    /// The window's accounts, for tests and benchmarks that look behind the screen.
    pub fn accounts(&self) -> &Accounts {
        &self.accounts
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
        self.accounts
            .state(self.history.account())
            .map_or(&self.state().history, |state| &state.history)
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

    /// Carries out what a screen asked: the window's own here, the rest through the accounts model.
    fn carry_out(&mut self, action: Action) {
        let now = self.now;
        match action {
            Action::Accounts(action) => {
                let effects = self.accounts.act(action, now);
                self.carry_out_effects(effects);
            }
            Action::Show(show) => self.main.show(show, &self.accounts),
            Action::OpenHistory(account) => {
                if let Some(state) = self.accounts.state(account) {
                    for action in self.history.open(account, &state.history) {
                        self.carry_out(action);
                    }
                }
            }
            Action::ExportCodes(format) => self.export_codes(format),
            Action::SetLanguage(language) => {
                // The rest of this frame and the backend's next words are in it already.
                self.language.set(&crate::i18n::choose(language.as_deref()));
                self.carry_out(Action::remember(SettingsChange::Language(language)));
            }
        }
    }

    /// Saves the codes as the main screen shows them, naming each one's account when there are several.
    fn export_codes(&mut self, format: crate::journal::ExportFormat) {
        let source = self.main.export_source(&self.accounts, self.now);
        let Some(writer) = self.accounts.open().next().map(|account| account.id) else {
            return;
        };
        let export = crate::messages::Command::Journal(Request::Export { source, format });
        self.carry_out(Action::send(writer, export));
    }

    /// Starts and stops backends, sends the commands to theirs, and keeps what the window is asked to do.
    fn carry_out_effects(&mut self, effects: accounts::Effects) {
        if let Some(start) = &self.starter {
            for (account, resume) in effects.start {
                self.backends.insert(account, start(resume));
            }
        }
        for (account, command) in effects.commands {
            if let Some(backend) = self.backends.get(&account) {
                backend.send(command);
            }
        }
        for account in effects.stop {
            self.backends.remove(&account);
        }
        self.effects.extend(effects.ui);
    }

    /// Drains every account's events into the model, and moves it to the frame's time.
    fn drain_events(&mut self, now: DateTime<Utc>) {
        let ids: Vec<AccountId> = self.backends.keys().copied().collect();
        for account in ids {
            while let Some(event) = self.backends.get_mut(&account).and_then(Backend::try_recv) {
                let rings =
                    (self.accounts.state(account)).and_then(|state| a11y::rings(state, &event));
                let effects = self.accounts.apply(account, event, now);
                if let Some((call, state)) = rings.zip(self.accounts.state(account)) {
                    self.announcer.call(state, call);
                }
                self.carry_out_effects(effects);
            }
        }
        let effects = self.accounts.advance(now);
        self.carry_out_effects(effects);
    }

    /// The look: both themes' styles once, and the light or dark one the user chose (the system's by default).
    fn style(&mut self, ctx: &egui::Context) {
        if self.theme.is_none() {
            theme::install(ctx);
        }
        let chosen = self.state().preferences().theme;
        if self.theme != Some(chosen) {
            self.theme = Some(chosen);
            ctx.set_theme(settings_menu::theme_preference(chosen));
        }
    }

    /// Does what the accounts asked of the window, once each.
    fn window_effects(&mut self, ctx: &egui::Context, now: DateTime<Utc>) {
        for (account, effect) in std::mem::take(&mut self.effects) {
            match effect {
                UiEffect::Notice(notice) => self.toasts.push(notice, now),
                UiEffect::Copy(text) => ctx.copy_text(text),
                UiEffect::Prefill(profile) => self.sign_in.prefill(&profile),
                UiEffect::Focus(Field::SignIn(field)) => {
                    if let Some(state) = self.accounts.state(account) {
                        self.announcer.refused(&state.sign_in.problem);
                    }
                    self.sign_in.focus_field(field);
                }
                UiEffect::Raise => {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Minimized(false));
                    ctx.send_viewport_cmd(egui::ViewportCommand::Focus);
                }
                UiEffect::HandedOver(args) => self.handed_over(ctx, &args, now),
                UiEffect::JournalChanged => self.journal_changed(account),
                // A session that starts or ends leaves no password (nor captcha answer) in the sign-in form.
                UiEffect::ForgetSecrets => self.sign_in.forget_secrets(),
                UiEffect::SignInFor { server, login } => {
                    self.sign_in = SignInForm::new(&server, &login);
                    if !server.is_empty() {
                        self.sign_in.focus_field(SignInField::Password);
                    }
                }
                UiEffect::RevokedElsewhere(codes) => self.announcer.revoked_elsewhere(&codes, now),
                other => {
                    if let Some(state) = self.accounts.state(account) {
                        match other {
                            UiEffect::CodeMade { .. } => self.announcer.code_made(state),
                            UiEffect::Focus(Field::NewCode(_)) => {
                                self.announcer.refused(&state.create.problem);
                            }
                            _ => {}
                        }
                    }
                    for action in self.main.follow_effect(account, other, &self.accounts) {
                        self.carry_out(action);
                    }
                }
            }
        }
    }

    /// New entries in `account`'s journal: the History screen, when it shows that journal, may read them.
    fn journal_changed(&mut self, account: AccountId) {
        if self.history.account() != account {
            return;
        }
        let Some(state) = self.accounts.state(account) else {
            return;
        };
        for command in self.history.journal_changed(&state.history) {
            self.carry_out(Action::send(account, command));
        }
    }

    fn draw(&mut self, ui: &mut egui::Ui, now: DateTime<Utc>) {
        self.window_effects(ui.ctx(), now);
        // What the screen drawn will change by itself (a screen not drawn changes nothing), and where notices go.
        let mut screen_changes = None;
        let mut notices_over = None;
        let mut listed = None;
        let actions = if !self.accounts.focused().is_open() {
            self.history.reset();
            self.sign_in.ui(ui, &self.accounts, now)
        } else if self.history.is_open() {
            self.history.ui(ui, &self.accounts, now)
        } else {
            let actions = self.main.ui(ui, &self.accounts, now);
            let state = self.state();
            listed = state.last_sync.map(|_| state.code_count());
            screen_changes = self.main.next_visible_change();
            notices_over = self.main.codes_area();
            actions
        };
        for action in actions {
            self.carry_out(action);
        }
        self.toasts.show(ui.ctx(), now, notices_over);
        self.announcer.follow(&self.accounts, now);
        self.announcer.publish(ui.ctx());
        self.schedule_repaint(ui.ctx(), now, screen_changes);
        self.start_report.drew(ui.ctx(), listed);
    }

    /// A later launch handed over: to the front; what it named fills the sign-in form while nobody is
    /// signed in.
    fn handed_over(&mut self, ctx: &egui::Context, args: &[String], now: DateTime<Utc>) {
        self.raise.start(ctx, now);
        if !self.accounts.focused().is_open() {
            let (server, login) = raise::account_in(args);
            if let Some(server) = server {
                self.sign_in.offer(server, login.unwrap_or_default());
            }
        }
    }

    /// The account as a notification names it: "login @ server" of the window's first account open, else the
    /// server being signed in to.
    fn account_label(&self) -> String {
        match self
            .accounts
            .open()
            .next()
            .and_then(|account| account.identity())
        {
            Some(who) => crate::state::account_label(&who.server, &who.login),
            None => self.sign_in.server.trim().to_owned(),
        }
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
            .chain(self.accounts.next_change(now))
            .chain(self.toasts.next_change())
            .chain(self.announcer.next_change())
            .min();
        for account in self.accounts.iter() {
            if let LiveStatus::Reconnecting { at, .. } = &account.state.live {
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
    /// Everything before the drawing: the backends' events, the window's place, the look.
    fn logic_in_language(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.start_report.frame_begins();
        if !self.input_installed {
            input::install(ctx);
            self.input_installed = true;
        }
        if !self.window_fitted {
            self.window_fitted = window_fit::fit_to_monitor(ctx);
        }
        self.text_scale.before_frame(ctx);
        let now = self.clock.now();
        self.now = now;
        self.drain_events(now);
        if let Some(change) = self.place.follow(ctx, now) {
            self.carry_out(Action::remember(change));
        }
        let account = self.account_label();
        if let Some(command) = self.raise.follow(ctx, now, &account) {
            // The window's socket, and so its notifier for this, are the first account's.
            let first = self.backends.keys().next().copied();
            if let Some(first) = first {
                self.carry_out(Action::send(first, command));
            }
        }
        self.style(ctx);
    }
}
