//! The sign-in screen: server, login, password; the captcha and the too-many-sessions choice when the server
//! asks; every error under the field it concerns, with the keyboard put there. What was typed stays when a
//! sign-in is refused; the password (and a captcha answer) goes as soon as the session starts or ends, so a
//! shared front-desk computer keeps no password in its sign-in form.

mod prompts;

use egui::{Align, Id, Key, Layout, RichText, TextEdit, Ui};

use super::action::Action;
use super::server_facts::{self, RateLimit};
use super::settings_menu::settings_menu;
use super::theme::{self, space};
use super::widgets::{
    Tone, details, field_errors, labelled_text_edit, message_box, primary_button,
};
use crate::accounts::{self, Accounts};
use crate::messages::{CertificateProblem, Failure};
use crate::messages::{Command, SignInRequest};
use crate::settings::{Profile, SettingsChange, TrustChoice};
use crate::state::{AppState, SignInField, SignInStatus, TooManySessions};
use crate::t;
use aipix_client::api::CaptchaAnswer;
use aipix_client::api::tls::format_fingerprint;

/// What the user typed.
#[derive(Default)]
pub struct SignInForm {
    pub server: String,
    pub login: String,
    pub password: String,
    pub captcha: String,
    /// A CA certificate file to trust for this server (the "Advanced" part).
    pub ca_file: String,
    /// The live channel's auth route, when the server does not use a usual one.
    pub auth_path: String,
    /// A certificate the user chose to trust for this server.
    pinned: Option<(String, String)>,
    focus_set: bool,
    captcha_texture: Option<(String, egui::TextureHandle)>,
    /// Fields left empty at the last submit (checked again as the user types).
    missing: Vec<SignInField>,
    /// The field to put the keyboard in on the next frame.
    focus: Option<SignInField>,
    /// The plain-http address (as typed) the user agreed to send the password to unencrypted.
    insecure_consent: Option<String>,
    /// "Use http://…" chose a plain-http address on another computer: ask before signing in.
    insecure_prompt: bool,
    /// The session chosen to end when the account has too many.
    session_choice: Option<String>,
    /// The address whose facts (`static/basic`) were asked for last.
    facts_asked: Option<String>,
    /// The server and login as the app last put them in the form: once they differ, or a password is typed, the
    /// form is the user's, and a later launch asks before filling it ([`Self::offer`]).
    put: (String, String),
    /// A later launch's server and login, waiting for the user to take them or keep what they typed.
    offered: Option<(String, String)>,
}

/// The fields whose refusals by the server are said under them, by the names the server gives them. Not the
/// login: a form is sent only with a login and a password, and a server files "these credentials do not match"
/// under `login` (Laravel's way) though it is about the two together, so its reasons about the login are said
/// at the form's top, where the user looks, with the keyboard in the password.
const FIELDS: [&str; 3] = [
    SignInField::Server.name(),
    SignInField::Password.name(),
    SignInField::Captcha.name(),
];

fn field_id(field: SignInField) -> Id {
    Id::unique(("sign-in-field", field.name()))
}

impl SignInForm {
    pub fn new(server: &str, login: &str) -> Self {
        Self {
            server: server.to_owned(),
            login: login.to_owned(),
            put: (server.to_owned(), login.to_owned()),
            ..Self::default()
        }
    }

    /// Whether the user has typed into the form since the app last filled it.
    fn typed_into(&self) -> bool {
        !self.password.is_empty()
            || !self.captcha.is_empty()
            || (self.server.as_str(), self.login.as_str())
                != (self.put.0.as_str(), self.put.1.as_str())
    }

    /// A later launch asked for `server` and `login`: the form takes them when the user has typed nothing into
    /// it; otherwise it asks first (what was typed is not overwritten unasked).
    pub fn offer(&mut self, server: String, login: String) {
        if self.server.trim() == server.trim() && self.login.trim() == login.trim() {
            self.offered = None;
        } else if self.typed_into() {
            self.offered = Some((server, login));
            return;
        } else {
            self.take_offer(server, login);
        }
        self.focus = Some(SignInField::Password);
    }

    fn take_offer(&mut self, server: String, login: String) {
        self.server = server;
        self.login = login;
        self.password.clear();
        self.captcha.clear();
        self.missing.clear();
        self.put = (self.server.clone(), self.login.clone());
        self.offered = None;
    }

    /// The user agreed beforehand (`--allow-insecure-http`) to sign in unencrypted to the server filled in.
    pub fn allow_insecure_http(&mut self) {
        self.insecure_consent = Some(self.server.trim().to_owned());
    }

    pub fn submit_command(&self) -> Command {
        self.command(None, None)
    }

    /// Forgets the password and the captcha answer: the session started or ended. The server and login stay.
    pub fn forget_secrets(&mut self) {
        // Zeroed, not only emptied: the buffer is not left for a later allocation (or a core dump) to show.
        zeroize::Zeroize::zeroize(&mut self.password);
        self.captcha.clear();
        self.missing.clear();
        self.focus_set = false;
    }

    /// Fills the form from a saved profile.
    pub fn fill(&mut self, profile: &Profile) {
        self.server = profile.server.trim_end_matches('/').to_owned();
        self.login = profile.login.clone();
        self.put = (self.server.clone(), self.login.clone());
        // Zeroed, not only emptied: the buffer is not left for a later allocation (or a core dump) to show.
        zeroize::Zeroize::zeroize(&mut self.password);
        self.auth_path = profile.auth_path.clone().unwrap_or_default();
        self.ca_file.clear();
        self.pinned = None;
        self.insecure_prompt = false;
        self.insecure_consent = profile
            .allow_insecure_http
            .then(|| self.server.trim().to_owned());
        match &profile.tls {
            TrustChoice::System => {}
            TrustChoice::CaFile { path } => self.ca_file = path.display().to_string(),
            TrustChoice::Pinned { sha256, subject } => {
                self.pinned = Some((sha256.clone(), subject.clone()))
            }
        }
        self.focus_set = false;
    }

    /// Which certificates the form asks to accept.
    fn tls(&self) -> TrustChoice {
        if let Some((sha256, subject)) = &self.pinned {
            TrustChoice::Pinned {
                sha256: sha256.clone(),
                subject: subject.clone(),
            }
        } else if !self.ca_file.trim().is_empty() {
            TrustChoice::CaFile {
                path: self.ca_file.trim().into(),
            }
        } else {
            TrustChoice::System
        }
    }

    fn command(&self, captcha_key: Option<&str>, end_session: Option<String>) -> Command {
        Command::SignIn(SignInRequest {
            server: self.server.trim().to_owned(),
            login: self.login.trim().to_owned(),
            password: self.password.clone().into(),
            captcha: captcha_key.map(|key| CaptchaAnswer {
                key: key.to_owned(),
                text: self.captcha.trim().to_owned(),
            }),
            end_session,
            tls: self.tls(),
            auth_path: Some(self.auth_path.trim().to_owned()).filter(|path| !path.is_empty()),
            allow_insecure_http: self.insecure_consent.as_deref() == Some(self.server.trim()),
        })
    }

    /// The fields that must not be empty and are (or, for the server, that is no address).
    fn empty_fields(&self, captcha: bool) -> Vec<SignInField> {
        let mut empty = Vec::new();
        if self.server.trim().is_empty() || !looks_like_an_address(&self.server) {
            empty.push(SignInField::Server);
        }
        if self.login.trim().is_empty() {
            empty.push(SignInField::Login);
        }
        if self.password.is_empty() {
            empty.push(SignInField::Password);
        }
        if captcha && self.captcha.trim().is_empty() {
            empty.push(SignInField::Captcha);
        }
        empty
    }

    /// The sign-in command, when every field is filled in; otherwise says which are not and puts the keyboard
    /// in the first.
    fn submit(&mut self, status: &SignInStatus, end_session: Option<String>) -> Option<Command> {
        self.missing = self.empty_fields(status.captcha_required);
        if let Some(first) = self.missing.first() {
            self.focus = Some(*first);
            return None;
        }
        Some(self.command(status.captcha_key(), end_session))
    }

    /// The last account fills an empty form (a server given on the command line, or typed, wins).
    pub fn prefill(&mut self, profile: &Profile) {
        if self.server.trim().is_empty() {
            self.fill(profile);
        }
    }

    /// Puts the keyboard in `field` on the next frame (a refusal is about it).
    pub fn focus_field(&mut self, field: SignInField) {
        self.focus = Some(field);
    }

    /// The sign-in screen, for the account the window focuses: the first, one added beside those open (which
    /// can be given up), or one whose session the server ended (named, to sign in to again).
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        accounts: &Accounts,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Vec<Action> {
        let account = accounts.focused();
        let state = &account.state;
        let beside_others = accounts.open().next().is_some();
        if !self.missing.is_empty() {
            self.missing = self.empty_fields(state.sign_in.captcha_required);
        }
        let mut commands = Vec::new();
        let mut chosen = None;
        let mut give_up = false;
        let subtitle = if account.is_ended() {
            t!("sign-in-again-subtitle", account = account.name().as_str())
        } else if beside_others {
            t!("sign-in-another-subtitle").to_owned()
        } else {
            t!("sign-in-subtitle").to_owned()
        };
        egui::CentralPanel::default().show(ui, |ui| {
            ui.with_layout(Layout::right_to_left(Align::Min), |ui| {
                chosen = settings_menu(ui, state.preferences(), |_| {});
                if beside_others {
                    give_up = ui
                        .button(t!("back-to-accounts"))
                        .on_hover_text(t!("back-to-accounts-hint"))
                        .clicked();
                }
            });
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.with_layout(Layout::top_down(Align::Center), |ui| {
                    ui.add_space((ui.available_height() * 0.08).max(space::S));
                    ui.set_max_width(380.0);
                    ui.heading(t!("app-name"));
                    ui.label(RichText::new(subtitle).color(theme::palette(ui).muted));
                    ui.add_space(space::M);
                    ui.with_layout(Layout::top_down(Align::Min), |ui| {
                        self.form(ui, state, &mut commands, now)
                    });
                });
            });
        });
        if let Some(field) = self.focus.take() {
            ui.memory_mut(|memory| memory.request_focus(field_id(field)));
            if field == SignInField::Password {
                select_all(ui.ctx(), field_id(field), &self.password);
            }
        }
        let id = account.id;
        commands
            .into_iter()
            .map(|command| match command {
                Command::Remember(change) => Action::remember(change),
                command => Action::send(id, command),
            })
            .chain(chosen)
            .chain(give_up.then_some(Action::Accounts(accounts::Action::GiveUpAdding)))
            .collect()
    }

    /// The form, top to bottom: what to tell first, the fields, Advanced, then what the server asked about
    /// (a certificate, too many sessions) or the Sign in button.
    fn form(
        &mut self,
        ui: &mut Ui,
        state: &AppState,
        commands: &mut Vec<Command>,
        now: chrono::DateTime<chrono::Utc>,
    ) {
        let status = &state.sign_in;
        if let Some(reason) = &state.storage_warning {
            keyring_note(ui, reason);
            ui.add_space(space::S);
        }
        if let Some((server, login)) = &status.resuming {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(t!(
                    "signing-in-as",
                    server = server.as_str(),
                    login = login.as_str()
                ));
            });
            return;
        }
        if self.offered.is_some() {
            self.offer_prompt(ui);
        }
        if !state.profiles().is_empty() {
            self.saved_profiles(ui, state, commands);
        }
        if let Some(reason) = status.notice {
            message_box(ui, Tone::Warning, |ui, color| {
                ui.add(egui::Label::new(RichText::new(reason.sentence()).color(color)).wrap())
            });
            ui.add_space(space::S);
        }
        let general = status.problem.general(&FIELDS);
        if !general.is_empty() {
            message_box(ui, Tone::Error, |ui, color| {
                for line in &general {
                    ui.add(egui::Label::new(RichText::new(line).color(color)).wrap());
                }
                if let Some(detail) = status
                    .problem
                    .general_failure(&FIELDS)
                    .and_then(Failure::detail)
                {
                    details(ui, "sign-in-general-detail", detail);
                }
            });
            ui.add_space(space::S);
        }
        let fields = self.fields(ui, status, commands);
        self.server_facts(ui, state, &fields[0], commands);
        self.advanced(ui);
        ui.add_space(space::S);
        if let Some(certificate) = &status.certificate {
            self.certificate_prompt(ui, status, certificate, commands);
        }
        if let Some(too_many) = &status.too_many_sessions {
            self.too_many_sessions_prompt(ui, status, too_many, commands, now);
            return;
        }
        let limited = server_facts::rate_limit(ui, status, now);
        if limited == RateLimit::Due
            && !status.busy
            && let Some(command) = self.submit(status, None)
        {
            commands.push(command);
        }
        let submitted_by_key = fields
            .iter()
            .any(|field| field.lost_focus() && ui.input(|input| input.key_pressed(Key::Enter)));
        ui.horizontal(|ui| {
            let ready = !status.busy && limited == RateLimit::None;
            let button = primary_button(ui, ready, t!("sign-in"));
            if status.busy {
                ui.spinner();
            }
            if (button.clicked() || submitted_by_key)
                && ready
                && let Some(command) = self.submit(status, None)
            {
                commands.push(command);
            }
        });
    }

    /// A field's messages: the server's, and "enter …" while it is empty after a submit.
    fn field_messages(&self, status: &SignInStatus, field: SignInField) -> Vec<String> {
        let mut lines = if FIELDS.contains(&field.name()) {
            status.problem.field(field.name())
        } else {
            Vec::new()
        };
        if self.missing.contains(&field) {
            lines.push(
                match field {
                    SignInField::Server if !self.server.trim().is_empty() => {
                        t!("failure-bad-address")
                    }
                    SignInField::Server => t!("sign-in-enter-server"),
                    SignInField::Login => t!("sign-in-enter-login"),
                    SignInField::Password => t!("sign-in-enter-password"),
                    SignInField::Captcha => t!("sign-in-enter-captcha"),
                }
                .to_owned(),
            );
        }
        lines
    }

    /// Server, login, password, and the captcha when the server asks for one; answers the fields drawn, so
    /// that Enter in any of them signs in.
    fn fields(
        &mut self,
        ui: &mut Ui,
        status: &SignInStatus,
        commands: &mut Vec<Command>,
    ) -> Vec<egui::Response> {
        let width = ui.available_width();
        let server = labelled_text_edit(
            ui,
            t!("sign-in-server"),
            TextEdit::singleline(&mut self.server)
                .id(field_id(SignInField::Server))
                .hint_text("vms.example.org")
                .desired_width(width),
        );
        field_errors(ui, &self.field_messages(status, SignInField::Server));
        let failure = status.problem.failure_at(SignInField::Server.name());
        if let Some(failure) = failure {
            if *failure == Failure::PlainHttp && !is_plain_http(&self.server) {
                let plain = plain_http_address(&self.server);
                if ui
                    .button(t!("sign-in-use-http", address = plain.as_str()))
                    .clicked()
                {
                    self.server = plain;
                    if unencrypted(&self.server) {
                        // The password would go in clear to another computer: ask first, not in one click.
                        self.insecure_prompt = true;
                    } else if let Some(command) = self.submit(status, None) {
                        commands.push(command);
                    }
                }
            }
            if let Some(detail) = failure.detail() {
                details(ui, "sign-in-server-detail", detail);
            }
        }
        let refused_in_clear = matches!(failure, Some(Failure::InsecureHttp { .. }));
        if (refused_in_clear || self.insecure_prompt)
            && unencrypted(&self.server)
            && self.insecure_consent.as_deref() != Some(self.server.trim())
        {
            self.insecure_http_prompt(ui, status, !refused_in_clear, commands);
        }
        let login = labelled_text_edit(
            ui,
            t!("sign-in-login"),
            TextEdit::singleline(&mut self.login)
                .id(field_id(SignInField::Login))
                .desired_width(width),
        );
        field_errors(ui, &self.field_messages(status, SignInField::Login));
        let password = labelled_text_edit(
            ui,
            t!("sign-in-password"),
            TextEdit::singleline(&mut self.password)
                .id(field_id(SignInField::Password))
                .password(true)
                .desired_width(width),
        );
        field_errors(ui, &self.field_messages(status, SignInField::Password));

        // The keyboard starts in the first empty field.
        if !self.focus_set {
            self.focus_set = true;
            let first_empty = [(&self.server, &server), (&self.login, &login)]
                .into_iter()
                .find(|(text, _)| text.trim().is_empty())
                .map_or(&password, |(_, response)| response);
            first_empty.request_focus();
        }
        let mut fields = vec![server, login, password];
        if status.captcha_required {
            fields.push(self.captcha(ui, status, width, commands));
        }
        fields
    }

    /// A CA file, the live auth route, and the certificate trusted for this server (which can be dropped).
    fn advanced(&mut self, ui: &mut Ui) {
        let width = ui.available_width();
        egui::CollapsingHeader::new(t!("advanced")).show(ui, |ui| {
            labelled_text_edit(
                ui,
                t!("ca-file"),
                TextEdit::singleline(&mut self.ca_file)
                    .hint_text("/path/to/ca.pem")
                    .desired_width(width),
            );
            labelled_text_edit(
                ui,
                t!("auth-path"),
                TextEdit::singleline(&mut self.auth_path)
                    .hint_text("/api/v1/broadcasting/auth")
                    .desired_width(width),
            );
            if let Some((sha256, subject)) = &self.pinned {
                ui.label(
                    RichText::new(t!(
                        "certificate-trusted",
                        subject = subject.as_str(),
                        fingerprint = format_fingerprint(sha256)
                    ))
                    .small()
                    .color(theme::palette(ui).muted),
                );
                if ui.small_button(t!("certificate-stop-trusting")).clicked() {
                    self.pinned = None;
                }
            }
        });
    }

    /// What the address typed says of itself, asked once it is typed and left (or filled in).
    fn server_facts(
        &mut self,
        ui: &mut Ui,
        state: &AppState,
        field: &egui::Response,
        commands: &mut Vec<Command>,
    ) {
        let server = self.server.trim();
        // Nothing goes in clear to another computer before the user agreed (it would carry no secret, but the
        // promise is that nothing is sent at all).
        let in_clear = unencrypted(server) && self.insecure_consent.as_deref() != Some(server);
        if !field.has_focus()
            && !server.is_empty()
            && !in_clear
            && self.facts_asked.as_deref() != Some(server)
        {
            self.facts_asked = Some(server.to_owned());
            commands.push(Command::LoadServerFacts {
                server: server.to_owned(),
                tls: self.tls(),
            });
        }
        server_facts::facts_line(ui, state, &self.server);
    }

    fn saved_profiles(&mut self, ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            let label = ui.label(t!("profiles-saved"));
            let current = state
                .profiles()
                .iter()
                .find(|profile| {
                    profile.login == self.login
                        && profile.server.trim_end_matches('/') == self.server
                })
                .map(|profile| profile.name.clone());
            let mut chosen = None;
            egui::ComboBox::from_id_salt("saved-profiles")
                .selected_text(
                    current
                        .clone()
                        .unwrap_or_else(|| t!("profiles-choose").to_owned()),
                )
                .truncate()
                .show_ui(ui, |ui| {
                    for profile in state.profiles() {
                        if ui
                            .selectable_label(
                                current.as_ref() == Some(&profile.name),
                                &profile.name,
                            )
                            .clicked()
                        {
                            chosen = Some(profile.clone());
                        }
                    }
                })
                .response
                .labelled_by(label.id);
            if let Some(profile) = chosen {
                self.fill(&profile);
            }
            if let Some(name) = current
                && ui
                    .small_button(t!("profiles-forget"))
                    .on_hover_text(t!("profiles-forget-hint"))
                    .clicked()
            {
                commands.push(Command::Remember(SettingsChange::Forget { profile: name }));
            }
        });
        ui.add_space(space::S);
    }
}

/// What the keyring's absence means for the user, with the technical reason behind "Details".
fn keyring_note(ui: &mut Ui, reason: &str) {
    message_box(ui, Tone::Warning, |ui, color| {
        ui.add(egui::Label::new(RichText::new(t!("keyring-missing")).color(color)).wrap());
        details(ui, "keyring-detail", reason);
    });
}

/// Whether what was typed is a plain-http address of another computer (see [`aipix_client::api::is_unencrypted`]).
fn unencrypted(typed: &str) -> bool {
    aipix_client::api::parse_base_url(typed)
        .is_ok_and(|url| aipix_client::api::is_unencrypted(&url))
}

/// Whether what was typed already names plain http.
fn is_plain_http(typed: &str) -> bool {
    typed
        .trim()
        .get(..7)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("http://"))
}

/// The `http://` address of what was typed (with or without `https://`).
fn plain_http_address(typed: &str) -> String {
    let typed = typed.trim();
    let rest = typed
        .strip_prefix("https://")
        .or_else(|| typed.strip_prefix("HTTPS://"))
        .unwrap_or(typed);
    format!("http://{rest}")
}

/// Selects the whole text of a field, so that typing replaces it (a wrong password is typed anew).
fn select_all(ctx: &egui::Context, id: Id, text: &str) {
    let mut state = TextEdit::load_state(ctx, id).unwrap_or_default();
    state
        .cursor
        .set_char_range(Some(egui::text::CCursorRange::select_all_str(text)));
    TextEdit::store_state(ctx, id, state);
}

/// Whether what was typed can be a server's address: no spaces, a scheme with its colon ("htp//vms example" is a
/// mistyped address, not a host called "htp" to look for on the network), and a URL the client can use. An
/// address with a user name or password in it is one: the backend refuses it with its own words, sending nothing.
fn looks_like_an_address(typed: &str) -> bool {
    let typed = typed.trim();
    !typed.contains(char::is_whitespace)
        && (!typed.contains("//") || typed.contains("://"))
        && matches!(
            aipix_client::api::parse_base_url(typed),
            Ok(_) | Err(aipix_client::api::ApiError::CredentialsInAddress)
        )
}
