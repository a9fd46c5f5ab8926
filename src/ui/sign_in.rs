//! The sign-in screen: server, login, password; the captcha and the too-many-sessions choice when the server
//! asks; every error under the field it concerns. What was typed stays when a sign-in is refused.

use egui::{Align, Key, Layout, RichText, TextEdit, Ui};

use super::widgets::{ERROR_COLOR, MUTED_COLOR, WARNING_COLOR, field_errors, labelled_text_edit};
use crate::messages::CertificateProblem;
use crate::messages::{Command, SignInRequest};
use crate::settings::{Profile, TrustChoice};
use crate::state::{AppState, SignInStatus, TooManySessions};
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
}

const FIELDS: [&str; 4] = ["server", "login", "password", "captcha"];

impl SignInForm {
    pub fn new(server: &str, login: &str) -> Self {
        Self {
            server: server.to_owned(),
            login: login.to_owned(),
            ..Self::default()
        }
    }

    pub fn submit_command(&self) -> Command {
        self.command(None, None)
    }

    /// Fills the form from a saved profile.
    pub fn fill(&mut self, profile: &Profile) {
        self.server = profile.server.trim_end_matches('/').to_owned();
        self.login = profile.login.clone();
        self.password.clear();
        self.auth_path = profile.auth_path.clone().unwrap_or_default();
        self.ca_file.clear();
        self.pinned = None;
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
            password: self.password.clone(),
            captcha: captcha_key.map(|key| CaptchaAnswer {
                key: key.to_owned(),
                text: self.captcha.trim().to_owned(),
            }),
            end_session,
            tls: self.tls(),
            auth_path: Some(self.auth_path.trim().to_owned()).filter(|path| !path.is_empty()),
        })
    }

    pub fn ui(&mut self, ui: &mut Ui, state: &mut AppState) -> Vec<Command> {
        // The last account fills an empty form (a server given on the command line wins).
        if let Some(profile) = state.prefill.take()
            && self.server.trim().is_empty()
        {
            self.fill(&profile);
        }
        let mut commands = Vec::new();
        egui::CentralPanel::default().show(ui, |ui| {
            ui.with_layout(Layout::top_down(Align::Center), |ui| {
                ui.add_space(ui.available_height() * 0.12);
                ui.set_max_width(360.0);
                ui.heading("Visitor Desk");
                ui.label(RichText::new("Sign in to your AIPIX server").weak());
                ui.add_space(12.0);
                ui.with_layout(Layout::top_down(Align::Min), |ui| {
                    self.form(ui, state, &mut commands)
                });
            });
        });
        commands
    }

    /// The form, top to bottom: what to tell first, the fields, Advanced, then what the server asked about
    /// (a certificate, too many sessions) or the Sign in button.
    fn form(&mut self, ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
        let status = &state.sign_in;
        if let Some(warning) = &state.storage_warning {
            ui.label(RichText::new(warning).color(WARNING_COLOR));
            ui.add_space(6.0);
        }
        if let Some(resuming) = &status.resuming {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(resuming);
            });
            return;
        }
        if !state.profiles.is_empty() {
            self.saved_profiles(ui, state, commands);
        }
        if let Some(notice) = &status.notice {
            ui.label(RichText::new(notice).color(ERROR_COLOR));
            ui.add_space(6.0);
        }
        for line in status.problem.general(&FIELDS) {
            ui.label(RichText::new(line).color(ERROR_COLOR));
        }
        let fields = self.fields(ui, status, commands);
        self.advanced(ui);
        ui.add_space(8.0);
        if let Some(certificate) = &status.certificate {
            self.certificate_prompt(ui, status, certificate, commands);
        }
        if let Some(too_many) = &status.too_many_sessions {
            self.too_many_sessions_prompt(ui, status, too_many, commands);
            return;
        }
        let submitted_by_key = fields
            .iter()
            .any(|field| field.lost_focus() && ui.input(|input| input.key_pressed(Key::Enter)));
        ui.horizontal(|ui| {
            let button = ui.add_enabled(!status.busy, egui::Button::new("Sign in"));
            if status.busy {
                ui.spinner();
            }
            if (button.clicked() || submitted_by_key) && !status.busy {
                commands.push(self.command(status.captcha_key(), None));
            }
        });
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
            "Server",
            TextEdit::singleline(&mut self.server)
                .hint_text("https://vms.example.org")
                .desired_width(width),
        );
        field_errors(ui, status.problem.field("server"));
        let login = labelled_text_edit(
            ui,
            "Login",
            TextEdit::singleline(&mut self.login).desired_width(width),
        );
        field_errors(ui, status.problem.field("login"));
        let password = labelled_text_edit(
            ui,
            "Password",
            TextEdit::singleline(&mut self.password)
                .password(true)
                .desired_width(width),
        );
        field_errors(ui, status.problem.field("password"));

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

    /// The captcha image (or a spinner while it loads), its answer field, and a button for a new one.
    fn captcha(
        &mut self,
        ui: &mut Ui,
        status: &SignInStatus,
        width: f32,
        commands: &mut Vec<Command>,
    ) -> egui::Response {
        match &status.captcha {
            Some((key, png)) => {
                if let Some(texture) = self.captcha_texture(ui.ctx(), key, png) {
                    ui.add(egui::Image::new(&texture).fit_to_original_size(2.0));
                }
            }
            None => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Loading the captcha…");
                });
            }
        }
        let field = labelled_text_edit(
            ui,
            "Captcha",
            TextEdit::singleline(&mut self.captcha).desired_width(width),
        );
        field_errors(ui, status.problem.field("captcha"));
        if ui.button("New captcha").clicked() {
            commands.push(Command::LoadCaptcha {
                server: self.server.trim().to_owned(),
                tls: self.tls(),
            });
        }
        field
    }

    /// A CA file, the live auth route, and the certificate trusted for this server (which can be dropped).
    fn advanced(&mut self, ui: &mut Ui) {
        let width = ui.available_width();
        egui::CollapsingHeader::new("Advanced").show(ui, |ui| {
            labelled_text_edit(
                ui,
                "CA certificate file",
                TextEdit::singleline(&mut self.ca_file)
                    .hint_text("/path/to/ca.pem")
                    .desired_width(width),
            );
            labelled_text_edit(
                ui,
                "Live auth path",
                TextEdit::singleline(&mut self.auth_path)
                    .hint_text("/broadcasting/auth")
                    .desired_width(width),
            );
            if let Some((sha256, subject)) = &self.pinned {
                ui.label(
                    RichText::new(format!(
                        "Trusted certificate: {subject}\n{}",
                        format_fingerprint(sha256)
                    ))
                    .small()
                    .color(MUTED_COLOR),
                );
                if ui.small_button("Stop trusting this certificate").clicked() {
                    self.pinned = None;
                }
            }
        });
    }

    /// The server's certificate is not trusted (or changed): who it claims to be, its fingerprint, and the
    /// choice to trust it.
    fn certificate_prompt(
        &mut self,
        ui: &mut Ui,
        status: &SignInStatus,
        certificate: &CertificateProblem,
        commands: &mut Vec<Command>,
    ) {
        ui.label(RichText::new(&certificate.message).color(ERROR_COLOR));
        ui.label(format!("Certificate: {}", certificate.subject));
        ui.label(
            RichText::new(format!(
                "SHA-256: {}",
                format_fingerprint(&certificate.sha256)
            ))
            .monospace()
            .small(),
        );
        ui.label(
            RichText::new(if certificate.changed {
                "Trust the new certificate only if the server's administrator told you it changed."
            } else {
                "Trust it only if this fingerprint is the one your administrator gave you."
            })
            .color(MUTED_COLOR),
        );
        let label = if certificate.changed {
            "Trust the new certificate"
        } else {
            "Trust this certificate"
        };
        if ui
            .add_enabled(!status.busy, egui::Button::new(label))
            .clicked()
        {
            self.pinned = Some((certificate.sha256.clone(), certificate.subject.clone()));
            commands.push(self.command(status.captcha_key(), None));
        }
        ui.add_space(8.0);
    }

    /// The account has too many sessions: end the oldest one and sign in, or try again.
    fn too_many_sessions_prompt(
        &self,
        ui: &mut Ui,
        status: &SignInStatus,
        too_many: &TooManySessions,
        commands: &mut Vec<Command>,
    ) {
        ui.label(RichText::new(if too_many.message.is_empty() {
            "Too many sessions are open for this account."
        } else {
            &too_many.message
        }));
        ui.horizontal(|ui| {
            if let Some(session_id) = &too_many.session_id
                && ui
                    .add_enabled(
                        !status.busy,
                        egui::Button::new("End the oldest session and sign in"),
                    )
                    .clicked()
            {
                commands.push(self.command(status.captcha_key(), Some(session_id.clone())));
            }
            if ui
                .add_enabled(!status.busy, egui::Button::new("Try again"))
                .clicked()
            {
                commands.push(self.command(status.captcha_key(), None));
            }
        });
    }

    fn saved_profiles(&mut self, ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            let label = ui.label("Saved");
            let current = state
                .profiles
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
                        .unwrap_or_else(|| "Choose a saved server…".to_owned()),
                )
                .show_ui(ui, |ui| {
                    for profile in &state.profiles {
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
                    .small_button("Forget")
                    .on_hover_text("Remove this server and its kept sign-in")
                    .clicked()
            {
                commands.push(Command::ForgetProfile { name });
            }
        });
        ui.add_space(6.0);
    }

    fn captcha_texture(
        &mut self,
        ctx: &egui::Context,
        key: &str,
        png: &[u8],
    ) -> Option<egui::TextureHandle> {
        if let Some((cached_key, texture)) = &self.captcha_texture
            && cached_key == key
        {
            return Some(texture.clone());
        }
        let image = decode_png(png)?;
        let texture = ctx.load_texture(
            format!("captcha-{key}"),
            image,
            egui::TextureOptions::NEAREST,
        );
        self.captcha_texture = Some((key.to_owned(), texture.clone()));
        Some(texture)
    }
}

/// A PNG into an egui image; `None` for anything that is not a readable PNG.
fn decode_png(bytes: &[u8]) -> Option<egui::ColorImage> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().ok()?;
    let mut buffer = vec![0; reader.output_buffer_size()?];
    let info = reader.next_frame(&mut buffer).ok()?;
    let pixels = &buffer[..info.buffer_size()];
    let size = [info.width as usize, info.height as usize];
    let rgba: Vec<u8> = match info.color_type {
        png::ColorType::Rgba => pixels.to_vec(),
        png::ColorType::Rgb => pixels
            .chunks_exact(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect(),
        png::ColorType::GrayscaleAlpha => pixels
            .chunks_exact(2)
            .flat_map(|p| [p[0], p[0], p[0], p[1]])
            .collect(),
        png::ColorType::Grayscale => pixels.iter().flat_map(|g| [*g, *g, *g, 255]).collect(),
        png::ColorType::Indexed => return None,
    };
    (rgba.len() == size[0] * size[1] * 4)
        .then(|| egui::ColorImage::from_rgba_unmultiplied(size, &rgba))
}
