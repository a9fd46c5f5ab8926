//! `visitor-desk watch`: the live client from the outside, one JSON line per event: the connection's states and
//! every push as the client reads it (`code_created`, `codes_deleted`, `intercom_updated`, `call_stored`, `logout`,
//! `unknown` with the server's type, …).

use std::io::Write as _;

use aipix_client::api::{Client, ClientConfig, LoginRequest};
use aipix_client::live::{self, LiveConfig, LiveEvent, Push};
use tokio::sync::mpsc;
use visitor_desk::backend::Follow;
use visitor_desk::messages::{Event, FailureKind};

use super::account::{Account, AllAccounts, Following};
use super::args::{AccountArgs, WatchArgs};
use super::failure::{CliError, Exit};
use super::{input, text};

pub async fn run(account: &AccountArgs, args: WatchArgs) -> Result<(), CliError> {
    if args.password.is_some() {
        return Err(CliError::usage(text::password_in_arguments()));
    }
    if args.all_accounts || account.account.is_some() {
        return watch_kept(account.account.as_deref(), args).await;
    }
    let (server, login) = match (account.server.clone(), account.login.clone()) {
        (Some(server), Some(login)) => (server, login),
        // As every other command: the kept sign-in of the account used last.
        (None, None) => {
            let name = super::account::last_profile_name()
                .ok_or_else(|| CliError::new(Exit::NotSignedIn, text::not_signed_in(None)))?;
            return watch_kept(Some(&name), args).await;
        }
        _ => return Err(CliError::usage(text::need_server_and_login())),
    };
    input::check_encryption(account, &server)?;
    input::warn_if_unencrypted(&server);
    let password = {
        let (login, server) = (login.clone(), server.clone());
        tokio::task::spawn_blocking(move || input::password(&login, &server))
            .await
            .map_err(|_| CliError::usage(text::no_password()))??
    };
    let device_id = format!("watch-{}", uuid::Uuid::new_v4());
    let api_failure = |error: aipix_client::api::ApiError| {
        CliError::new(FailureKind::of(&error).into(), error.to_string())
    };
    let mut config = ClientConfig::new(&server, device_id).map_err(api_failure)?;
    if let Some(choice) = input::trust_choice(account)? {
        config.tls = (&choice).into();
    }
    config.allow_insecure_http = account.allow_insecure_http;
    let api = Client::new(config).map_err(api_failure)?;
    api.login(&LoginRequest::new(login, password))
        .await
        .map_err(|error| {
            CliError::new(
                FailureKind::of(&error).into(),
                text::watch_sign_in_failed(&error),
            )
        })?;
    let mut live_config = LiveConfig::default();
    if !args.auth_paths.is_empty() {
        live_config.auth_paths = args.auth_paths;
    }
    let (events, mut received) = mpsc::unbounded_channel();
    let handle = live::spawn(api.clone(), live_config, events);
    // A `logout` push: the server ended this session, so the live client stops and there is nothing to sign out.
    let mut ended_elsewhere = false;
    // Listened for once, before the loop: a signal between two turns of it is not lost.
    let stop = stop_signal();
    tokio::pin!(stop);
    let outcome = loop {
        tokio::select! {
            event = received.recv() => match event {
                Some(event) => {
                    ended_elsewhere |= matches!(event, LiveEvent::Push(Push::Logout { .. }));
                    let stopped = matches!(event, LiveEvent::Stopped { .. });
                    if print(&event).is_err() {
                        break Ended::Reader; // stdout closed: whoever read it is gone
                    }
                    if stopped && ended_elsewhere {
                        break Ended::Failed(CliError::new(Exit::NotSignedIn, text::live_session_ended()));
                    }
                    if stopped {
                        break Ended::Failed(CliError::new(Exit::Unreachable, text::live_channel_stopped()));
                    }
                }
                None => break Ended::Reader,
            },
            signal = &mut stop => break Ended::Signal(signal),
        }
    };
    handle.stop().await;
    // End the session this command opened, so that it does not count against the account.
    if !ended_elsewhere && let Err(error) = api.logout().await {
        let reason = visitor_desk::messages::Failure::from_api(&error).sentence();
        super::text::say(&visitor_desk::t!("sign-out-kept", reason = reason));
    }
    outcome.finish()
}

/// Why following ended.
enum Ended {
    /// Whoever read stdout is gone, or there is nothing more to read.
    Reader,
    /// SIGINT or SIGTERM (its name).
    Signal(&'static str),
    Failed(CliError),
}

impl Ended {
    /// The exit: a signal is a wish, said on stdout as a last line, so that a reader knows the end was asked for.
    fn finish(self) -> Result<(), CliError> {
        match self {
            Ended::Reader => Ok(()),
            Ended::Signal(signal) => {
                let _ = print(&LiveEvent::Stopped {
                    reason: signal.to_owned(),
                });
                Ok(())
            }
            Ended::Failed(failure) => Err(failure),
        }
    }
}

/// The first SIGINT (Ctrl+C) or SIGTERM (a service manager, `kill`): its name.
async fn stop_signal() -> &'static str {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            return tokio::select! {
                _ = tokio::signal::ctrl_c() => "interrupted (SIGINT)",
                _ = terminate.recv() => "terminated (SIGTERM)",
            };
        }
    }
    let _ = tokio::signal::ctrl_c().await;
    "interrupted (SIGINT)"
}

/// `watch --account NAME` (`only`) or `--all-accounts`: the kept sign-ins, followed through the backend as the
/// window follows them, with one live configuration for all (the accounts of one server ask it for the live
/// address once). With `--all-accounts` each line names its account (an `account` field); an account whose
/// channel stops or whose sign-in ends is said on stderr, and the others go on.
async fn watch_kept(only: Option<&str>, args: WatchArgs) -> Result<(), CliError> {
    let mut live = LiveConfig::default();
    if !args.auth_paths.is_empty() {
        live.auth_paths = args.auth_paths;
    }
    let following = Following {
        live,
        follow: Follow::Live,
        journal: false,
    };
    let accounts = AllAccounts::open(following, only).await?;
    let total = accounts.opened.len();
    let named = only.is_none();
    let (events, mut received) = mpsc::unbounded_channel();
    let mut followed = 0;
    let mut ended: Vec<CliError> = Vec::new();
    for (name, opened) in accounts.opened {
        match opened {
            Ok(desk) => {
                followed += 1;
                tokio::spawn(follow(name, desk, events.clone()));
            }
            Err(failure) => {
                text::say(&text::account_stopped(&name, &failure.message));
                ended.push(failure);
            }
        }
    }
    drop(events);
    // Listened for once, before the loop: a signal between two turns of it is not lost.
    let stop = stop_signal();
    tokio::pin!(stop);
    let outcome = loop {
        if followed == 0 {
            break Ended::Reader;
        }
        tokio::select! {
            message = received.recv() => match message {
                Some(Followed::Event(name, event)) => {
                    let printed = if named { print_named(&name, &event) } else { print(&event) };
                    if printed.is_err() {
                        break Ended::Reader; // stdout closed: whoever read it is gone
                    }
                }
                Some(Followed::Ended(name, failure)) => {
                    text::say(&text::account_stopped(&name, &failure.message));
                    ended.push(failure);
                    followed -= 1;
                }
                None => break Ended::Reader,
            },
            signal = &mut stop => break Ended::Signal(signal),
        }
    };
    match ended.first() {
        None => outcome.finish(),
        // One account, or every one, stopped: as a single `watch` ends.
        Some(first) if ended.len() == total => Err(CliError::new(
            first.exit,
            if total == 1 {
                first.message.clone()
            } else {
                text::no_account_read(total)
            },
        )),
        Some(_) => Err(CliError::new(
            Exit::NotAllAccounts,
            text::not_every_account_read(ended.len(), total),
        )),
    }
}

/// What an account's follower tells the printer.
enum Followed {
    Event(String, LiveEvent),
    Ended(String, CliError),
}

/// Forwards the live events of `desk` until its channel stops, its sign-in ends or nobody listens.
async fn follow(name: String, mut desk: Account, out: mpsc::UnboundedSender<Followed>) {
    let ended = loop {
        match desk.next_event().await {
            Ok(Event::Live(event)) => {
                let stopped = match &event {
                    LiveEvent::Stopped { .. } => Some(false),
                    LiveEvent::Push(Push::Logout { .. }) => Some(true),
                    _ => None,
                };
                if out.send(Followed::Event(name.clone(), event)).is_err() {
                    return;
                }
                match stopped {
                    Some(false) => {
                        break CliError::new(Exit::Unreachable, text::live_channel_stopped());
                    }
                    Some(true) => {
                        break CliError::new(Exit::NotSignedIn, text::live_session_ended());
                    }
                    None => {}
                }
            }
            Ok(Event::SignedOut { .. }) => {
                break CliError::new(Exit::NotSignedIn, text::sign_in_ended(true));
            }
            Ok(_) => {}
            Err(failure) => break failure,
        }
    };
    let _ = out.send(Followed::Ended(name, ended));
}

/// One line: the event with the account it came from.
fn print_named(account: &str, event: &LiveEvent) -> std::io::Result<()> {
    let mut value = serde_json::to_value(event).map_err(std::io::Error::other)?;
    if let Some(fields) = value.as_object_mut() {
        fields.insert("account".to_owned(), account.into());
    }
    write_line(&value)
}

fn print(event: &LiveEvent) -> std::io::Result<()> {
    write_line(event)
}

/// One JSON object on a line of its own, with `at`: when the desk printed it (UTC, RFC 3339, milliseconds), so
/// that a log of the stream says when each thing happened.
fn write_line(value: &impl serde::Serialize) -> std::io::Result<()> {
    let mut value = serde_json::to_value(value).map_err(std::io::Error::other)?;
    if let Some(fields) = value.as_object_mut() {
        let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        fields.insert("at".to_owned(), at.into());
    }
    let line = serde_json::to_string(&value).map_err(std::io::Error::other)?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{line}")?;
    stdout.flush()
}
