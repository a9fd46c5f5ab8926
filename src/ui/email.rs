//! Sending a code by e-mail from the window: the send dialog (the visitor's address; what the mail server said,
//! where the address was typed) and the account's mail server settings. Both draw from the accounts model and
//! answer actions; the send itself is the backend's.

use chrono::{DateTime, Utc};
use egui::{Id, RichText, TextEdit, Ui};

use super::action::{Action, Modal, Show};
use super::handover::{handover_of, message_of, slip_size};
use super::theme::{self, space};
use super::widgets::primary_button;
use crate::accounts::{AccountId, Accounts};
use crate::mail::MailError;
use crate::messages::{Command, EmailRequest};
use crate::settings::{MailSecurity, MailSettings, SettingsChange, TrustChoice};
use crate::state::{AppState, CodeKey};
use crate::t;

/// How wide the settings' fields are: a grid's column has no width of its own to fill.
const FIELD_WIDTH: f32 = 280.0;

/// "Send by e-mail…": the button that opens the send dialog for `key`'s code.
pub fn send_button(ui: &mut Ui, key: CodeKey, usable: bool) -> Option<Action> {
    ui.add_enabled(usable, egui::Button::new(t!("mail-send-button")))
        .on_hover_text(t!("mail-send-hint"))
        .clicked()
        .then_some(Action::Show(Show::Email(key)))
}

/// The request that sends `key`'s code to `to`, from the account's state; why not, when its mail server is not set.
pub fn email_request(
    state: &AppState,
    key: CodeKey,
    to: &str,
    now: DateTime<Utc>,
) -> Result<EmailRequest, MailError> {
    let code = state
        .code(key.id)
        .ok_or(MailError::Compose(String::new()))?;
    let mail = state
        .profile()
        .and_then(|profile| profile.mail.clone())
        .ok_or(MailError::NotSet)?;
    Ok(EmailRequest {
        code_id: key.id,
        to: to.trim().to_owned(),
        handover: handover_of(state, code, now),
        share: message_of(state, code, now),
        slip_size: slip_size(state),
        mail,
        password: None,
    })
}

/// The send dialog: the address stays as typed through every refusal, until the mail server takes the message.
#[derive(Debug)]
pub struct EmailDialog {
    pub key: CodeKey,
    pub to: String,
    /// Why the last try could not even start (no mail server set), shown under the address.
    refused_here: Option<String>,
    /// This dialog asked for a send: only then is the last outcome its own (not an earlier dialog's).
    asked: bool,
    /// The address takes the keyboard when the dialog opens.
    focus: super::widgets::FocusOnOpen,
}

impl EmailDialog {
    pub fn new(key: CodeKey) -> Self {
        Self {
            key,
            to: String::new(),
            refused_here: None,
            asked: false,
            focus: super::widgets::FocusOnOpen::default(),
        }
    }

    /// What went wrong with the last send of this code, if it failed.
    fn failure(&self, state: &AppState) -> Option<String> {
        if let Some(why) = &self.refused_here {
            return Some(why.clone());
        }
        match &state.mail.last {
            Some((code, _, Err(error))) if self.asked && *code == self.key.id => Some(error.text()),
            _ => None,
        }
    }

    fn sent(&self, state: &AppState) -> bool {
        self.asked
            && matches!(&state.mail.last, Some((code, to, Ok(_))) if *code == self.key.id && *to == self.to.trim())
    }
}

impl Modal for EmailDialog {
    fn show(
        &mut self,
        ctx: &egui::Context,
        accounts: &Accounts,
        now: DateTime<Utc>,
    ) -> Vec<Action> {
        let close = Action::Show(Show::Close);
        let found = accounts.open_code(self.key);
        let Some((state, code)) = found else {
            return vec![close];
        };
        if self.sent(state) {
            return vec![close];
        }
        let sending = state
            .mail
            .sending
            .as_ref()
            .is_some_and(|(id, _)| *id == self.key.id);
        let mut actions = Vec::new();
        let modal = egui::Modal::new(Id::unique("visitor-desk-email")).show(ctx, |ui| {
            ui.set_width((ctx.content_rect().width() - 80.0).clamp(300.0, 460.0));
            ui.heading(t!(
                "mail-dialog-title",
                code = crate::domain::shown_value(code)
            ));
            let mail = state.profile().and_then(|profile| profile.mail.as_ref());
            if let Some(mail) = mail {
                let sender = if mail.sender_name.trim().is_empty() {
                    mail.sender_address.clone()
                } else {
                    format!(
                        "{} <{}>",
                        mail.sender_name.trim(),
                        mail.sender_address.trim()
                    )
                };
                ui.label(
                    RichText::new(t!(
                        "mail-from",
                        sender = sender.as_str(),
                        server = mail.server.as_str()
                    ))
                    .color(theme::palette(ui).muted),
                );
            }
            ui.add_space(space::S);
            let label = ui.label(t!("mail-to"));
            let id = Id::unique("visitor-email-address");
            if self.focus.ask() {
                ui.memory_mut(|memory| memory.request_focus(id));
            }
            let field = ui
                .add_enabled(
                    !sending,
                    TextEdit::singleline(&mut self.to)
                        .id(id)
                        .desired_width(f32::INFINITY)
                        .hint_text("guest@example.org"),
                )
                .labelled_by(label.id);
            let entered =
                field.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
            if let Some(why) = self.failure(state) {
                ui.add(egui::Label::new(RichText::new(why).color(theme::palette(ui).error)).wrap());
            }
            ui.add_space(space::M);
            ui.horizontal(|ui| {
                let label = if sending {
                    t!("mail-sending")
                } else {
                    t!("mail-send")
                };
                let ready = !sending && !self.to.trim().is_empty();
                if (primary_button(ui, ready, label).clicked() || (entered && ready))
                    && let Some(action) = self.send(state, now)
                {
                    actions.push(action);
                }
                if ui.button(t!("mail-settings-menu")).clicked() {
                    actions.push(Action::Show(Show::MailSettings(self.key.account)));
                }
                if ui.button(t!("cancel")).clicked() {
                    actions.push(close.clone());
                }
            });
        });
        if modal.should_close() && !sending && !actions.contains(&close) {
            actions.push(close);
        }
        actions
    }
}

impl EmailDialog {
    fn send(&mut self, state: &AppState, now: DateTime<Utc>) -> Option<Action> {
        match email_request(state, self.key, &self.to, now) {
            Ok(request) => {
                self.refused_here = None;
                self.asked = true;
                Some(Action::send(
                    self.key.account,
                    Command::SendEmail(Box::new(request)),
                ))
            }
            Err(error) => {
                self.refused_here = Some(error.text());
                None
            }
        }
    }
}

/// The account's mail server, as typed: kept once it reads right; the password goes to the keyring.
#[derive(Debug)]
pub struct MailSettingsDialog {
    pub account: AccountId,
    server: String,
    port: String,
    security: MailSecurity,
    login: String,
    password: String,
    sender_name: String,
    sender_address: String,
    tls: TrustChoice,
    /// A CA file's path or a pinned fingerprint, as typed.
    trust_text: String,
    problem: Option<String>,
}

impl MailSettingsDialog {
    pub fn new(account: AccountId, state: &AppState) -> Self {
        let mail = state
            .profile()
            .and_then(|profile| profile.mail.clone())
            .unwrap_or_default();
        let trust_text = match &mail.tls {
            TrustChoice::System => String::new(),
            TrustChoice::CaFile { path } => path.display().to_string(),
            TrustChoice::Pinned { sha256, .. } => sha256.clone(),
        };
        Self {
            account,
            port: if mail.port == 0 {
                mail.security.usual_port().to_string()
            } else {
                mail.port.to_string()
            },
            server: mail.server,
            security: mail.security,
            login: mail.login,
            password: String::new(),
            sender_name: mail.sender_name,
            sender_address: mail.sender_address,
            tls: mail.tls,
            trust_text,
            problem: None,
        }
    }

    /// The settings as typed, or what is wrong with them (the dialog keeps what was typed).
    pub fn read(&self) -> Result<MailSettings, String> {
        let server = self.server.trim();
        if server.is_empty() {
            return Err(MailError::Incomplete("server").text());
        }
        let port = self
            .port
            .trim()
            .parse::<u16>()
            .ok()
            .filter(|port| *port != 0)
            .ok_or_else(|| MailError::Incomplete("port").text())?;
        if self.login.trim().is_empty() {
            return Err(MailError::Incomplete("login").text());
        }
        let sender = self.sender_address.trim();
        if sender.parse::<lettre::Address>().is_err() {
            return Err(MailError::BadSender {
                address: sender.to_owned(),
            }
            .text());
        }
        let tls = match &self.tls {
            TrustChoice::System => TrustChoice::System,
            TrustChoice::CaFile { .. } => TrustChoice::CaFile {
                path: self.trust_text.trim().into(),
            },
            TrustChoice::Pinned { .. } => TrustChoice::Pinned {
                sha256: aipix_client::api::tls::normalize_fingerprint(&self.trust_text)
                    .ok_or_else(|| t!("mail-trust-pinned").to_owned())?,
                subject: String::new(),
            },
        };
        Ok(MailSettings {
            server: server.to_owned(),
            port,
            security: self.security,
            login: self.login.trim().to_owned(),
            sender_name: self.sender_name.trim().to_owned(),
            sender_address: sender.to_owned(),
            tls,
        })
    }

    fn save(&mut self, state: &AppState) -> Vec<Action> {
        let Some(profile) = state.profile() else {
            self.problem = Some(t!("mail-account-none").to_owned());
            return Vec::new();
        };
        let mail = match self.read() {
            Ok(mail) => mail,
            Err(why) => {
                self.problem = Some(why);
                return Vec::new();
            }
        };
        let mut actions = Vec::new();
        if !self.password.is_empty() {
            actions.push(Action::send(
                self.account,
                Command::KeepMailPassword {
                    key: mail.password_key(),
                    password: std::mem::take(&mut self.password).into(),
                },
            ));
        }
        actions.push(Action::remember(SettingsChange::Mail {
            profile: profile.name.clone(),
            mail: Some(mail),
        }));
        actions.push(Action::Show(Show::Close));
        actions
    }

    fn fields(&mut self, ui: &mut Ui) {
        let row = |ui: &mut Ui, label: &str, text: &mut String, password: bool| {
            let label = ui.label(label);
            ui.add(
                TextEdit::singleline(text)
                    .password(password)
                    .desired_width(FIELD_WIDTH),
            )
            .labelled_by(label.id);
            ui.end_row();
        };
        egui::Grid::new("mail-settings")
            .num_columns(2)
            .show(ui, |ui| {
                row(ui, t!("mail-server"), &mut self.server, false);
                row(ui, t!("mail-port"), &mut self.port, false);
                ui.label(t!("mail-security"));
                ui.vertical(|ui| {
                    for (security, label) in [
                        (MailSecurity::StartTls, t!("mail-security-starttls")),
                        (MailSecurity::Tls, t!("mail-security-tls")),
                    ] {
                        if ui
                            .radio_value(&mut self.security, security, label)
                            .clicked()
                        {
                            self.port = security.usual_port().to_string();
                        }
                    }
                });
                ui.end_row();
                row(ui, t!("mail-login"), &mut self.login, false);
                row(ui, t!("mail-password"), &mut self.password, true);
                row(ui, t!("mail-sender-name"), &mut self.sender_name, false);
                row(
                    ui,
                    t!("mail-sender-address"),
                    &mut self.sender_address,
                    false,
                );
                ui.label(t!("mail-trust"));
                ui.vertical(|ui| {
                    let kind = |choice: &TrustChoice| std::mem::discriminant(choice);
                    for (choice, label) in [
                        (TrustChoice::System, t!("mail-trust-system")),
                        (
                            TrustChoice::CaFile {
                                path: Default::default(),
                            },
                            t!("mail-trust-ca-file"),
                        ),
                        (
                            TrustChoice::Pinned {
                                sha256: String::new(),
                                subject: String::new(),
                            },
                            t!("mail-trust-pinned"),
                        ),
                    ] {
                        let chosen = kind(&self.tls) == kind(&choice);
                        if ui.radio(chosen, label).clicked() && !chosen {
                            self.tls = choice;
                            self.trust_text.clear();
                        }
                    }
                    if !matches!(self.tls, TrustChoice::System) {
                        let label = if matches!(self.tls, TrustChoice::CaFile { .. }) {
                            t!("mail-trust-ca-file")
                        } else {
                            t!("mail-trust-pinned")
                        };
                        let label = ui.label(RichText::new(label).small());
                        ui.add(
                            TextEdit::singleline(&mut self.trust_text).desired_width(FIELD_WIDTH),
                        )
                        .labelled_by(label.id);
                    }
                });
                ui.end_row();
            });
    }
}

impl Modal for MailSettingsDialog {
    fn show(
        &mut self,
        ctx: &egui::Context,
        accounts: &Accounts,
        _now: DateTime<Utc>,
    ) -> Vec<Action> {
        let close = Action::Show(Show::Close);
        let Some(state) = accounts.open_state(self.account) else {
            return vec![close];
        };
        let mut actions = Vec::new();
        let modal = egui::Modal::new(Id::unique("visitor-desk-mail-settings")).show(ctx, |ui| {
            ui.set_width((ctx.content_rect().width() - 80.0).clamp(300.0, 520.0));
            let account = state.profile().map_or("", |profile| profile.display_name());
            ui.heading(t!("mail-settings-title", account = account));
            ui.add_space(space::S);
            self.fields(ui);
            let kept = state
                .profile()
                .and_then(|profile| profile.mail.as_ref())
                .is_some();
            if kept {
                ui.label(
                    RichText::new(t!("mail-password-kept"))
                        .small()
                        .color(theme::palette(ui).muted),
                );
            }
            if let Some(why) = &self.problem {
                ui.add(egui::Label::new(RichText::new(why).color(theme::palette(ui).error)).wrap());
            }
            ui.add_space(space::M);
            ui.horizontal(|ui| {
                if primary_button(ui, true, t!("mail-save")).clicked() {
                    actions.extend(self.save(state));
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
