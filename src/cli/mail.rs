//! `visitor-desk mail set|show|test`: the account's mail server, as the window's *Mail server…* keeps it (in the
//! settings file, per account) with its password in the keyring (its own entry, which the window reads too). None
//! of them signs in to the AIPIX server.

use std::io::BufRead as _;

use aipix_client::api::Password;
use visitor_desk::mail::{self, MailError};
use visitor_desk::secrets::{self, TokenStore};
use visitor_desk::settings::{self, MailSecurity, MailSettings, Profile, TrustChoice};
use visitor_desk::t;

use super::account;
use super::args::{
    AccountArgs, MailCommand, MailSecurityArg, MailSetArgs, MailShowArgs, MailShowFormat,
    MailTestArgs,
};
use super::failure::CliError;
use super::send::{SMTP_PASSWORD_ENV, exit_of};
use super::{output, stdout, text};

pub fn run(
    account: &AccountArgs,
    command: MailCommand,
    runtime: &tokio::runtime::Runtime,
) -> Result<(), CliError> {
    let profile =
        account::profile_for(account)?.ok_or_else(|| CliError::usage(t!("mail-cli-no-account")))?;
    match command {
        MailCommand::Set(args) => set(&profile, &args),
        MailCommand::Show(args) => show(&profile, &args),
        MailCommand::Test(args) => runtime.block_on(test(&profile, &args)),
    }
}

/// The settings `args` make of `current` (what is not given stays), checked as the window checks them.
fn settings_of(
    current: Option<MailSettings>,
    args: &MailSetArgs,
) -> Result<MailSettings, CliError> {
    let had_port = current.as_ref().is_some_and(|mail| mail.port != 0);
    let mut mail = current.unwrap_or_default();
    if let Some(host) = &args.host {
        mail.server = host.trim().to_owned();
    }
    if let Some(security) = args.security {
        mail.security = match security {
            MailSecurityArg::Starttls => MailSecurity::StartTls,
            MailSecurityArg::Tls => MailSecurity::Tls,
        };
    }
    match args.port {
        Some(port) => mail.port = port,
        // A new server, or another encryption, without a port: the usual one for it.
        None if !had_port || args.security.is_some() => mail.port = mail.security.usual_port(),
        None => {}
    }
    if let Some(login) = &args.mail_login {
        mail.login = login.trim().to_owned();
    }
    if let Some(name) = &args.sender_name {
        mail.sender_name = name.trim().to_owned();
    }
    if let Some(address) = &args.sender_address {
        mail.sender_address = address.trim().to_owned();
    }
    if let Some(path) = &args.mail_ca_file {
        mail.tls = TrustChoice::CaFile { path: path.clone() };
    } else if let Some(pin) = &args.mail_pin_sha256 {
        let sha256 = aipix_client::api::tls::normalize_fingerprint(pin)
            .ok_or_else(|| CliError::usage(t!("mail-trust-pinned")))?;
        mail.tls = TrustChoice::Pinned {
            sha256,
            subject: String::new(),
        };
    } else if args.system_roots {
        mail.tls = TrustChoice::System;
    }
    let incomplete = |what| CliError::usage(MailError::Incomplete(what).text());
    if mail.server.is_empty() {
        return Err(incomplete("server"));
    }
    if mail.port == 0 {
        return Err(incomplete("port"));
    }
    if mail.login.is_empty() {
        return Err(incomplete("login"));
    }
    if mail.sender_address.parse::<lettre::Address>().is_err() {
        return Err(CliError::usage(
            MailError::BadSender {
                address: mail.sender_address.clone(),
            }
            .text(),
        ));
    }
    Ok(mail)
}

/// The password to keep: `VISITOR_DESK_SMTP_PASSWORD`, else stdin's first line with `--password-stdin`, else none
/// (the one kept stays).
fn password_given(args: &MailSetArgs) -> Result<Option<Password>, CliError> {
    if let Some(password) = std::env::var_os(SMTP_PASSWORD_ENV) {
        let password = password
            .into_string()
            .map_err(|_| CliError::usage(t!("mail-cli-password-unreadable")))?;
        return Ok(Some(Password::from(password)));
    }
    if !args.password_stdin {
        return Ok(None);
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|_| CliError::usage(t!("mail-cli-password-unreadable")))?;
    let password = line.trim_end_matches(['\n', '\r']);
    if password.is_empty() {
        return Err(CliError::usage(t!("mail-cli-password-empty")));
    }
    Ok(Some(Password::from(password.to_owned())))
}

/// No mail server kept for `profile`: said with the command that sets one.
fn not_set(profile: &Profile) -> CliError {
    CliError::usage(t!("mail-cli-not-set", account = profile.name.as_str()))
}

/// The system keyring, or why there is none (a store in memory would forget the password at once).
fn keyring() -> Result<Box<dyn TokenStore>, String> {
    match secrets::open_store() {
        (store, None) => Ok(store),
        (_, Some(why)) => Err(why),
    }
}

fn set(profile: &Profile, args: &MailSetArgs) -> Result<(), CliError> {
    // Everything is read and checked before anything is kept.
    let mail = settings_of(profile.mail.clone(), args)?;
    let password = password_given(args)?;
    let dir = settings::default_dir().ok_or_else(|| CliError::usage(t!("mail-cli-no-settings")))?;
    let name = profile.name.clone();
    let kept = mail.clone();
    settings::update(&dir, move |settings| {
        if let Some(profile) = settings.profiles.iter_mut().find(|p| p.name == name) {
            profile.mail = Some(kept);
        }
    })
    .written()
    .map_err(|error| CliError::usage(error.to_string()))?;
    text::say(&t!(
        "mail-cli-set",
        account = profile.name.as_str(),
        server = format!("{}:{}", mail.server, mail.port)
    ));
    let Some(password) = password else {
        return Ok(());
    };
    let store = keyring().map_err(|why| CliError::usage(t!("mail-cli-no-keyring", why = why)))?;
    store
        .save(&mail.password_key(), &password)
        .map_err(|error| CliError::usage(t!("mail-cli-no-keyring", why = error.reason())))?;
    text::say(t!("mail-cli-password-kept"));
    Ok(())
}

/// Whether the keyring holds the mail server's password: `None` when there is no keyring to ask.
fn password_kept(mail: &MailSettings) -> Option<bool> {
    let store = keyring().ok()?;
    store
        .load(&mail.password_key())
        .ok()
        .map(|kept| kept.is_some())
}

fn show(profile: &Profile, args: &MailShowArgs) -> Result<(), CliError> {
    let mail = profile.mail.clone().ok_or_else(|| not_set(profile))?;
    let kept = password_kept(&mail);
    match args.format {
        MailShowFormat::Json => {
            let mut value =
                serde_json::to_value(&mail).map_err(|error| CliError::usage(error.to_string()))?;
            value["account"] = profile.name.clone().into();
            value["password_kept"] = kept.into();
            stdout::to_stdout(|out| output::json(out, &value))
        }
        MailShowFormat::Text => {
            let security = match mail.security {
                MailSecurity::StartTls => "STARTTLS",
                MailSecurity::Tls => "TLS",
            };
            let sender = if mail.sender_name.is_empty() {
                mail.sender_address.clone()
            } else {
                format!("{} <{}>", mail.sender_name, mail.sender_address)
            };
            let certificate = match &mail.tls {
                TrustChoice::System => t!("mail-cli-trust-system").to_owned(),
                TrustChoice::CaFile { path } => {
                    t!("mail-cli-trust-ca-file", path = path.display().to_string())
                }
                TrustChoice::Pinned { sha256, .. } => {
                    t!("mail-cli-trust-pinned", sha256 = sha256.as_str())
                }
            };
            let password = match kept {
                Some(true) => t!("mail-cli-password-in-keyring"),
                Some(false) => t!("mail-cli-password-none"),
                None => t!("mail-cli-password-no-keyring"),
            };
            let lines = [
                (t!("mail-cli-field-account"), profile.name.clone()),
                (
                    t!("mail-cli-field-server"),
                    format!("{}:{} ({security})", mail.server, mail.port),
                ),
                (t!("mail-cli-field-login"), mail.login.clone()),
                (t!("mail-cli-field-sender"), sender),
                (t!("mail-cli-field-certificate"), certificate),
                (t!("mail-cli-field-password"), password.to_owned()),
            ];
            let width = lines
                .iter()
                .map(|(label, _)| label.chars().count())
                .max()
                .unwrap_or(0);
            stdout::to_stdout(|out| {
                for (label, value) in &lines {
                    let pad = width - label.chars().count();
                    writeln!(out, "{label}:{:pad$} {value}", "")?;
                }
                Ok(())
            })
        }
    }
}

async fn test(profile: &Profile, args: &MailTestArgs) -> Result<(), CliError> {
    let mail = profile.mail.clone().ok_or_else(|| not_set(profile))?;
    let to = args
        .to
        .clone()
        .unwrap_or_else(|| mail.sender_address.clone());
    let failed = |error: MailError| CliError::new(exit_of(&error), error.text());
    // The address first: it is what the user can correct at once.
    let letter = mail::test_letter(&mail, &to).map_err(failed)?;
    let password = match std::env::var_os(SMTP_PASSWORD_ENV) {
        Some(password) => Password::from(
            password
                .into_string()
                .map_err(|_| CliError::usage(t!("mail-cli-password-unreadable")))?,
        ),
        None => {
            let key = mail.password_key();
            let loaded = tokio::task::spawn_blocking(move || {
                keyring()
                    .map_err(MailError::Keyring)
                    .and_then(|store| store.load(&key).map_err(|e| MailError::Keyring(e.reason())))
            })
            .await
            .map_err(|error| CliError::usage(error.to_string()))?;
            Password::from(
                loaded
                    .map_err(failed)?
                    .ok_or(MailError::NoPassword)
                    .map_err(failed)?,
            )
        }
    };
    let sent = mail::send(&mail, &password, &letter, mail::SEND_TIMEOUT)
        .await
        .map_err(failed)?;
    text::say(&t!(
        "mail-cli-test-sent",
        address = letter.to.as_str(),
        answer = sent.answer.as_str()
    ));
    Ok(())
}
