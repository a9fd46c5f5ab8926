//! `codes send`: a code sent by e-mail through the account's mail server, as the window's "Send by e-mail…"
//! sends it (the same backend command, the same journal line).

use chrono::Utc;

use aipix_client::api::Password;
use visitor_desk::handover::{self, Handover, SlipSize};
use visitor_desk::mail::MailError;
use visitor_desk::messages::EmailRequest;

use super::args::{AccountArgs, SendArgs, SlipSizeArg};
use super::commands::with_desk;
use super::failure::{CliError, Exit};
use super::{output, text};

/// The environment variable the mail server's password is taken from for one run (else the keyring's).
pub const SMTP_PASSWORD_ENV: &str = "VISITOR_DESK_SMTP_PASSWORD";

pub async fn send_code(account: &AccountArgs, args: &SendArgs) -> Result<(), CliError> {
    let slip_size = match args.size {
        SlipSizeArg::A6 => SlipSize::A6,
        SlipSizeArg::Receipt => SlipSize::Receipt,
        SlipSizeArg::A4 => SlipSize::A4,
    };
    let password = match std::env::var_os(SMTP_PASSWORD_ENV) {
        Some(password) => {
            Some(Password::from(password.into_string().map_err(|_| {
                CliError::usage(MailError::Incomplete("password").text())
            })?))
        }
        None => None,
    };
    with_desk(account, async |desk| {
        let mail = desk
            .kept_mail()
            .ok_or_else(|| CliError::usage(MailError::NotSet.text()))?;
        let (intercoms, codes) = desk.listing().await?;
        let now = Utc::now();
        let code = codes
            .iter()
            .find(|code| code.id == args.code_id)
            .ok_or_else(|| CliError::usage(text::unknown_slip_code(args.code_id)))?;
        let Some(value) = code.code_value() else {
            return Err(CliError::usage(text::slip_without_value(code.id)));
        };
        // As a slip: a code that no longer opens the door is not handed to a visitor.
        if code.expired_at <= now {
            return Err(CliError::new(
                Exit::NotValid,
                text::slip_expired(value, code.id, &output::local_minute(code.expired_at)),
            ));
        }
        let kept = desk.kept_handover();
        let intercom = intercoms.iter().find(|i| Some(i.id) == code.intercom_id());
        let instructions = code
            .intercom_id()
            .and_then(|id| kept.instructions.get(&id))
            .map_or("", String::as_str);
        let handover = Handover::new(code, intercom, instructions, now);
        let share = handover::message(kept.template.as_deref(), &handover);
        let request = EmailRequest {
            code_id: code.id,
            to: args.to.clone(),
            handover,
            share,
            slip_size,
            mail,
            password: password.clone(),
        };
        match desk.send_email(request).await? {
            Ok(_answer) => {
                text::say(&visitor_desk::t!("mail-sent", address = args.to.trim()));
                Ok(())
            }
            Err(error) => Err(CliError::new(exit_of(&error), error.text())),
        }
    })
    .await
}

/// The exit code a failed send ends with: the address or the settings (1), the server said no (2), the mail
/// server's login (3), the mail server not reached (4).
pub fn exit_of(error: &MailError) -> Exit {
    match error {
        MailError::NotSet
        | MailError::Incomplete(_)
        | MailError::NoPassword
        | MailError::Keyring(_)
        | MailError::BadAddress { .. }
        | MailError::BadSender { .. }
        | MailError::Compose(_) => Exit::Usage,
        MailError::SenderRefused { .. }
        | MailError::RecipientRefused { .. }
        | MailError::MessageRefused { .. } => Exit::Refused,
        MailError::WrongPassword { .. } | MailError::NoLogin { .. } => Exit::NotSignedIn,
        MailError::Unreachable { .. }
        | MailError::NoStartTls { .. }
        | MailError::Certificate(_)
        | MailError::TimedOut { .. }
        | MailError::Protocol(_) => Exit::Unreachable,
    }
}
