//! `visitor-desk watch`: the live client from the outside, one JSON line per event: the connection's states and
//! every push as the client reads it (`code_created`, `codes_deleted`, `intercom_updated`, `call_stored`, `logout`,
//! `unknown` with the server's type, …).

use std::io::Write as _;

use aipix_client::api::{Client, ClientConfig, LoginRequest};
use aipix_client::live::{self, LiveConfig, LiveEvent, Push};
use tokio::sync::mpsc;
use visitor_desk::messages::FailureKind;

use super::args::{AccountArgs, WatchArgs};
use super::failure::{CliError, Exit};
use super::{input, text};

pub async fn run(account: &AccountArgs, args: WatchArgs) -> Result<(), CliError> {
    let (Some(server), Some(login)) = (account.server.clone(), account.login.clone()) else {
        return Err(CliError::usage(text::watch_needs_account()));
    };
    if args.password.is_some() {
        return Err(CliError::usage(text::password_in_arguments()));
    }
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
    let outcome = loop {
        tokio::select! {
            event = received.recv() => match event {
                Some(event) => {
                    ended_elsewhere |= matches!(event, LiveEvent::Push(Push::Logout { .. }));
                    let stopped = matches!(event, LiveEvent::Stopped { .. });
                    if print(&event).is_err() {
                        break Ok(()); // stdout closed: whoever read it is gone
                    }
                    if stopped && ended_elsewhere {
                        break Err(CliError::new(Exit::NotSignedIn, text::live_session_ended()));
                    }
                    if stopped {
                        break Err(CliError::new(Exit::Unreachable, text::live_channel_stopped()));
                    }
                }
                None => break Ok(()),
            },
            _ = tokio::signal::ctrl_c() => break Ok(()),
        }
    };
    handle.stop().await;
    // End the session this command opened, so that it does not count against the account.
    if !ended_elsewhere && let Err(error) = api.logout().await {
        tracing::warn!(%error, "sign-out failed");
    }
    outcome
}

fn print(event: &LiveEvent) -> std::io::Result<()> {
    let line = serde_json::to_string(event).map_err(std::io::Error::other)?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{line}")?;
    stdout.flush()
}
