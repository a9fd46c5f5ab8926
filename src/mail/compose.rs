//! The e-mail of one code: the share message as text and as HTML around the QR code (inline, so that the
//! visitor's phone shows it without a click), the visitor slip attached as a PDF.

use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart};

use super::MailError;
use crate::handover::Handover;
use crate::settings::MailSettings;
use crate::t;

/// The content id the HTML names the QR code by.
const QR_ID: &str = "visitor-code-qr";

/// A message ready to go, and whom it is for.
#[derive(Debug, Clone)]
pub struct Letter {
    pub message: Message,
    /// The recipient's address as read (`guest@example.org`).
    pub to: String,
}

/// The e-mail of `handover` to `to`: `share` (the share message, which the QR code holds too), the door's
/// address and entrance, and `slip` (the PDF) attached under `slip_name`.
pub fn compose(
    mail: &MailSettings,
    to: &str,
    handover: &Handover,
    share: &str,
    slip: Vec<u8>,
    slip_name: &str,
) -> Result<Letter, MailError> {
    let recipient: Mailbox = to.trim().parse().map_err(|_| MailError::BadAddress {
        address: to.trim().to_owned(),
    })?;
    let sender = sender_of(mail)?;
    let place = place_line(handover);
    let plain = match &place {
        Some(place) => format!("{share}\n\n{place}\n"),
        None => format!("{share}\n"),
    };
    let html = html_body(share, place.as_deref());
    let qr = qr_png(share).ok_or_else(|| MailError::Compose("the QR code".into()))?;
    let png =
        ContentType::parse("image/png").map_err(|error| MailError::Compose(error.to_string()))?;
    let pdf = ContentType::parse("application/pdf")
        .map_err(|error| MailError::Compose(error.to_string()))?;
    let body = MultiPart::mixed()
        .multipart(
            MultiPart::related()
                .multipart(MultiPart::alternative_plain_html(plain, html))
                .singlepart(Attachment::new_inline(QR_ID.to_owned()).body(qr, png)),
        )
        .singlepart(Attachment::new(slip_name.to_owned()).body(slip, pdf));
    let address = recipient.email.to_string();
    let message = Message::builder()
        .from(sender)
        .to(recipient)
        .subject(t!("mail-subject", intercom = handover.intercom.as_str()))
        .multipart(body)
        .map_err(|error| MailError::Compose(error.to_string()))?;
    Ok(Letter {
        message,
        to: address,
    })
}

/// A test message from `mail`'s sender to `to` (in the desk's language): it names the server that took it, so that
/// the settings can be tried before a visitor's code is sent.
pub fn test_letter(mail: &MailSettings, to: &str) -> Result<Letter, MailError> {
    let recipient: Mailbox = to.trim().parse().map_err(|_| MailError::BadAddress {
        address: to.trim().to_owned(),
    })?;
    let address = recipient.email.to_string();
    let message = Message::builder()
        .from(sender_of(mail)?)
        .to(recipient)
        .subject(t!("mail-test-subject"))
        .header(ContentType::TEXT_PLAIN)
        .body(t!(
            "mail-test-body",
            server = format!("{}:{}", mail.server.trim(), mail.port),
            login = mail.login.trim()
        ))
        .map_err(|error| MailError::Compose(error.to_string()))?;
    Ok(Letter {
        message,
        to: address,
    })
}

/// The sender as the visitor reads it: the name given, and the address.
fn sender_of(mail: &MailSettings) -> Result<Mailbox, MailError> {
    let sender_address = mail
        .sender_address
        .trim()
        .parse()
        .map_err(|_| MailError::BadSender {
            address: mail.sender_address.trim().to_owned(),
        })?;
    let sender_name = mail.sender_name.trim();
    Ok(Mailbox::new(
        (!sender_name.is_empty()).then(|| sender_name.to_owned()),
        sender_address,
    ))
}

/// "Address: 12 Mill Lane, entrance 3", or `None` when the server gave no address.
fn place_line(handover: &Handover) -> Option<String> {
    let address = handover.address.trim();
    if address.is_empty() {
        return None;
    }
    Some(if handover.entrance.is_empty() {
        t!("mail-place", address = address)
    } else {
        t!(
            "mail-place-entrance",
            address = address,
            entrance = handover.entrance.as_str()
        )
    })
}

/// The HTML part: the message's lines, the place, and the QR code by its content id.
fn html_body(share: &str, place: Option<&str>) -> String {
    let lines = |text: &str| escape(text).replace('\n', "<br>\n");
    let mut html = format!("<!DOCTYPE html>\n<html><body>\n<p>{}</p>\n", lines(share));
    if let Some(place) = place {
        html.push_str(&format!("<p>{}</p>\n", lines(place)));
    }
    html.push_str(&format!(
        "<p><img src=\"cid:{QR_ID}\" alt=\"{}\" width=\"240\" height=\"240\"></p>\n</body></html>\n",
        escape(t!("mail-qr-alt"))
    ));
    html
}

/// Text as HTML shows it literally: a visitor's title is typed by people.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The QR code of `text` as a PNG: 8 pixels a module and the four-module quiet zone scanners need; `None` when
/// the text is too long for a QR code.
pub fn qr_png(text: &str) -> Option<Vec<u8>> {
    const SCALE: usize = 8;
    const QUIET: usize = 4;
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    let width = code.width();
    let side = (width + 2 * QUIET) * SCALE;
    let mut pixels = vec![255_u8; side * side];
    for (n, color) in code.to_colors().into_iter().enumerate() {
        if color != qrcode::Color::Dark {
            continue;
        }
        let (x, y) = (n % width + QUIET, n / width + QUIET);
        for row in y * SCALE..(y + 1) * SCALE {
            let start = row * side + x * SCALE;
            pixels[start..start + SCALE].fill(0);
        }
    }
    let side = u32::try_from(side).ok()?;
    let mut png = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut png, side, side);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().ok()?;
        writer.write_image_data(&pixels).ok()?;
    }
    Some(png)
}

#[cfg(test)]
mod tests {
    use super::*;
    use mailparse::MailHeaderMap as _;

    fn settings() -> MailSettings {
        MailSettings {
            server: "mail.example.org".into(),
            port: 587,
            login: "desk".into(),
            sender_name: "Harbour Street".into(),
            sender_address: "desk@example.org".into(),
            ..MailSettings::default()
        }
    }

    fn handover() -> Handover {
        Handover {
            code: "48213".into(),
            title: "Anna <b>".into(),
            intercom: "Gate".into(),
            address: "12 Mill Lane".into(),
            entrance: "3".into(),
            ..Handover::default()
        }
    }

    #[test]
    fn the_message_carries_the_text_the_place_the_qr_code_inline_and_the_slip() {
        let letter = compose(
            &settings(),
            " guest@example.org ",
            &handover(),
            "Code 48213 for Anna <b>",
            b"%PDF-1.7 slip".to_vec(),
            "visitor-slip-48213.pdf",
        )
        .expect("composed");
        assert_eq!(letter.to, "guest@example.org");
        let raw = letter.message.formatted();
        assert!(raw.is_ascii(), "ASCII on the wire");
        let mail = mailparse::parse_mail(&raw).expect("a message");
        let mut parts = Vec::new();
        let mut stack = vec![&mail];
        while let Some(part) = stack.pop() {
            stack.extend(part.subparts.iter());
            parts.push((part.ctype.mimetype.clone(), part));
        }
        let types: Vec<&str> = parts.iter().map(|(t, _)| t.as_str()).collect();
        for expected in [
            "multipart/mixed",
            "multipart/related",
            "multipart/alternative",
            "text/plain",
            "text/html",
            "image/png",
            "application/pdf",
        ] {
            assert!(types.contains(&expected), "{expected} not in {types:?}");
        }
        let body = |mimetype: &str| {
            parts
                .iter()
                .find(|(t, _)| t == mimetype)
                .map(|(_, part)| part.get_body().expect("text"))
                .unwrap_or_default()
        };
        assert!(body("text/plain").contains("Code 48213 for Anna <b>"));
        assert!(body("text/plain").contains("Address: 12 Mill Lane, entrance 3"));
        let html = body("text/html");
        assert!(
            html.contains("Anna &lt;b&gt;") && !html.contains("<b>"),
            "{html}"
        );
        assert!(html.contains("src=\"cid:visitor-code-qr\""), "{html}");
        let qr = parts
            .iter()
            .find(|(t, _)| t == "image/png")
            .expect("the QR code")
            .1;
        assert_eq!(
            qr.headers.get_first_value("Content-ID").as_deref(),
            Some("<visitor-code-qr>")
        );
        let slip = parts
            .iter()
            .find(|(t, _)| t == "application/pdf")
            .expect("the slip")
            .1;
        assert_eq!(
            slip.get_content_disposition()
                .params
                .get("filename")
                .map(String::as_str),
            Some("visitor-slip-48213.pdf")
        );
    }

    #[test]
    fn an_address_that_is_none_is_refused_as_the_address() {
        let error = compose(
            &settings(),
            "guest at home",
            &handover(),
            "x",
            Vec::new(),
            "s.pdf",
        )
        .expect_err("refused");
        assert!(error.is_the_address(), "{error:?}");
        let mut no_sender = settings();
        no_sender.sender_address = "reception".into();
        let error = compose(
            &no_sender,
            "guest@example.org",
            &handover(),
            "x",
            Vec::new(),
            "s.pdf",
        )
        .expect_err("refused");
        assert!(matches!(error, MailError::BadSender { .. }), "{error:?}");
    }
}
