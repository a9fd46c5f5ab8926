//! Sending a code by e-mail, off the UI thread: the mail server's password from the keyring (or the request),
//! the slip made as the slip command makes it, the message composed and sent; one event says how it went.

use super::remember::Remembered;
use super::slips;
use crate::handover::render_pdf;
use crate::mail::{self, MailError, SEND_TIMEOUT};
use crate::messages::{EmailRequest, Event};
use crate::secrets::TokenKey;
use aipix_client::api::Password;

/// Sends `request`'s code and tells the outcome.
pub(super) async fn send(remembered: Remembered, request: EmailRequest, tell: impl Fn(Event)) {
    let (code_id, to) = (request.code_id, request.to.trim().to_owned());
    tell(match send_it(&remembered, request).await {
        Ok(sent) => Event::EmailSent {
            code_id,
            to,
            answer: sent.answer,
        },
        Err(error) => Event::EmailFailed { code_id, to, error },
    });
}

async fn send_it(remembered: &Remembered, request: EmailRequest) -> Result<mail::Sent, MailError> {
    let EmailRequest {
        to,
        handover,
        share,
        slip_size,
        mail: settings,
        password,
        ..
    } = request;
    let letter = super::spawn_blocking(move || {
        let slip = render_pdf(&handover, slip_size, &share)
            .map_err(|error| MailError::Compose(error.to_string()))?;
        mail::compose(
            &settings,
            &to,
            &handover,
            &share,
            slip,
            &slips::file_name(&handover),
        )
        .map(|letter| (letter, settings))
    })
    .await
    .map_err(|error| MailError::Compose(error.to_string()))?;
    // The address typed is checked (in the message made) before the keyring is asked: it is what the user can
    // correct at once.
    let (letter, settings) = letter?;
    let password = match password {
        Some(password) => password,
        None => remembered
            .load_secret(settings.password_key())
            .await
            .map_err(|error| MailError::Keyring(error.reason()))?
            .map(Password::from)
            .ok_or(MailError::NoPassword)?,
    };
    mail::send(&settings, &password, &letter, SEND_TIMEOUT).await
}

/// Keeps the mail server's password under `key`, and tells whether it could.
pub(super) async fn keep_password(
    remembered: Remembered,
    key: TokenKey,
    password: Password,
    tell: impl Fn(Event),
) {
    let kept = remembered
        .save_secret(key, password)
        .await
        .map_err(|error| error.reason());
    tell(Event::MailPasswordKept(kept));
}
