//! The sign-in screen's questions and answers that interrupt the form: a later launch's account, a plain-http
//! address, a captcha, an untrusted certificate, too many sessions.

use egui::{RichText, TextEdit, Ui};

use super::*;

impl SignInForm {
    /// A later launch named another account while the form held what the user typed: take it, or keep the form.
    pub(super) fn offer_prompt(&mut self, ui: &mut Ui) {
        let Some((server, login)) = self.offered.clone() else {
            return;
        };
        let (mut take, mut keep) = (false, false);
        message_box(ui, Tone::Warning, |ui, color| {
            let account = if login.trim().is_empty() {
                server.clone()
            } else {
                format!("{login} @ {server}")
            };
            let said = t!("sign-in-offered", account = account);
            ui.add(egui::Label::new(RichText::new(said).color(color)).wrap());
            ui.horizontal_wrapped(|ui| {
                take = ui.button(t!("sign-in-offered-take")).clicked();
                keep = ui.button(t!("sign-in-offered-keep")).clicked();
            });
        });
        ui.add_space(space::S);
        if take {
            self.take_offer(server, login);
            self.focus = Some(SignInField::Password);
        } else if keep {
            self.offered = None;
        }
    }

    /// The address is plain http to another computer: say what that means, and sign in only when asked to.
    /// `say_why`: the refusal is not already said under the field.
    pub(super) fn insecure_http_prompt(
        &mut self,
        ui: &mut Ui,
        status: &SignInStatus,
        say_why: bool,
        commands: &mut Vec<Command>,
    ) {
        message_box(ui, Tone::Warning, |ui, color| {
            if say_why {
                let host = aipix_client::api::parse_base_url(&self.server)
                    .ok()
                    .and_then(|url| url.host_str().map(str::to_owned))
                    .unwrap_or_default();
                let why = Failure::InsecureHttp { host }.sentence();
                ui.add(egui::Label::new(RichText::new(why).color(color)).wrap());
            }
            ui.add(egui::Label::new(RichText::new(t!("insecure-http-advice")).color(color)).wrap());
            if ui
                .add_enabled(!status.busy, egui::Button::new(t!("insecure-http-confirm")))
                .clicked()
            {
                self.insecure_consent = Some(self.server.trim().to_owned());
                self.insecure_prompt = false;
                if let Some(command) = self.submit(status, None) {
                    commands.push(command);
                }
            }
        });
    }

    /// The captcha image (or a spinner while it loads), its answer field, and a button for a new one.
    pub(super) fn captcha(
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
                    ui.label(t!("captcha-loading"));
                });
            }
        }
        let field = labelled_text_edit(
            ui,
            t!("captcha"),
            TextEdit::singleline(&mut self.captcha)
                .id(field_id(SignInField::Captcha))
                .desired_width(width),
        );
        field_errors(ui, &self.field_messages(status, SignInField::Captcha));
        if ui.button(t!("captcha-new")).clicked() {
            commands.push(Command::LoadCaptcha {
                server: self.server.trim().to_owned(),
                tls: self.tls(),
            });
        }
        field
    }

    /// The server's certificate is not trusted (or changed): who it claims to be, its fingerprint, and the
    /// choice to trust it.
    pub(super) fn certificate_prompt(
        &mut self,
        ui: &mut Ui,
        status: &SignInStatus,
        certificate: &CertificateProblem,
        commands: &mut Vec<Command>,
    ) {
        let headline = if certificate.changed {
            t!("certificate-changed")
        } else {
            t!("certificate-untrusted")
        };
        message_box(ui, Tone::Error, |ui, color| {
            ui.add(egui::Label::new(RichText::new(headline).color(color)).wrap());
            ui.label(t!(
                "certificate-subject",
                subject = certificate.subject.as_str()
            ));
            ui.label(
                RichText::new(format!(
                    "SHA-256: {}",
                    format_fingerprint(&certificate.sha256)
                ))
                .monospace()
                .small(),
            );
            details(ui, "certificate-detail", &certificate.detail);
        });
        ui.add(
            egui::Label::new(
                RichText::new(if certificate.changed {
                    t!("certificate-changed-advice")
                } else {
                    t!("certificate-untrusted-advice")
                })
                .color(theme::palette(ui).muted),
            )
            .wrap(),
        );
        let label = if certificate.changed {
            t!("certificate-trust-new")
        } else {
            t!("certificate-trust")
        };
        if ui
            .add_enabled(!status.busy, egui::Button::new(label))
            .clicked()
        {
            self.pinned = Some((certificate.sha256.clone(), certificate.subject.clone()));
            commands.push(self.command(status.captcha_key(), None));
        }
        ui.add_space(space::S);
    }

    /// The account has too many sessions: choose one to end and sign in, or try again.
    pub(super) fn too_many_sessions_prompt(
        &mut self,
        ui: &mut Ui,
        status: &SignInStatus,
        too_many: &TooManySessions,
        commands: &mut Vec<Command>,
        now: chrono::DateTime<chrono::Utc>,
    ) {
        let (end, again) = crate::ui::sessions::session_picker(
            ui,
            too_many,
            &mut self.session_choice,
            status.busy,
            now,
        );
        if (end.is_some() || again)
            && let Some(command) = self.submit(status, end)
        {
            commands.push(command);
        }
    }

    pub(super) fn captcha_texture(
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
