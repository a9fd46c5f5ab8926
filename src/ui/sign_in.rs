//! The sign-in screen: server, login, password; the captcha and the too-many-sessions choice when the server
//! asks; every error under the field it concerns. What was typed stays when a sign-in is refused.

use egui::{Align, Key, Layout, RichText, TextEdit, Ui};

use super::widgets::{ERROR_COLOR, field_errors, labelled_text_edit};
use crate::api::CaptchaAnswer;
use crate::backend::{Command, SignInRequest};
use crate::state::AppState;

/// What the user typed.
#[derive(Default)]
pub struct SignInForm {
    pub server: String,
    pub login: String,
    pub password: String,
    pub captcha: String,
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
        })
    }

    pub fn ui(&mut self, ui: &mut Ui, state: &AppState) -> Vec<Command> {
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

    fn form(&mut self, ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
        let status = &state.sign_in;
        if let Some(notice) = &status.notice {
            ui.label(RichText::new(notice).color(ERROR_COLOR));
            ui.add_space(6.0);
        }
        for line in status.problem.general(&FIELDS) {
            ui.label(RichText::new(line).color(ERROR_COLOR));
        }

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

        let mut captcha_field = None;
        if status.captcha_required {
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
            captcha_field = Some(labelled_text_edit(
                ui,
                "Captcha",
                TextEdit::singleline(&mut self.captcha).desired_width(width),
            ));
            field_errors(ui, status.problem.field("captcha"));
            if ui.button("New captcha").clicked() {
                commands.push(Command::LoadCaptcha {
                    server: self.server.trim().to_owned(),
                });
            }
        }

        // The keyboard starts in the first empty field.
        if !self.focus_set {
            self.focus_set = true;
            let first_empty = [(&self.server, &server), (&self.login, &login)]
                .into_iter()
                .find(|(text, _)| text.trim().is_empty())
                .map_or(&password, |(_, response)| response);
            first_empty.request_focus();
        }

        ui.add_space(8.0);
        let captcha_key = status.captcha.as_ref().map(|(key, _)| key.as_str());
        if let Some(too_many) = &status.too_many_sessions {
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
                    commands.push(self.command(captcha_key, Some(session_id.clone())));
                }
                if ui
                    .add_enabled(!status.busy, egui::Button::new("Try again"))
                    .clicked()
                {
                    commands.push(self.command(captcha_key, None));
                }
            });
            return;
        }

        let submitted_by_key = [&server, &login, &password]
            .into_iter()
            .chain(captcha_field.as_ref())
            .any(|field| field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)));
        ui.horizontal(|ui| {
            let button = ui.add_enabled(!status.busy, egui::Button::new("Sign in"));
            if status.busy {
                ui.spinner();
            }
            if (button.clicked() || submitted_by_key) && !status.busy {
                commands.push(self.command(captcha_key, None));
            }
        });
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
