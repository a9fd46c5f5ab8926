//! `--all-accounts`: every saved account's kept sign-in, resumed at once.

use aipix_client::live::LiveConfig;
use visitor_desk::backend::{BackendConfig, Follow, Resume};
use visitor_desk::journal::SessionLines;

use super::{Account, Home, open_keyring, remembering};
use crate::cli::failure::{CliError, Exit};
use crate::cli::text;

/// How the accounts of [`AllAccounts`] are followed.
pub struct Following {
    /// One for all: the accounts of a server share what it said of its live channel.
    pub live: LiveConfig,
    pub follow: Follow,
    /// Whether what they do goes into each account's journal (not for `watch`, which only looks).
    pub journal: bool,
}

/// The saved accounts of `--all-accounts`, each signed in from its kept sign-in, opened at once.
pub struct AllAccounts {
    /// In the order the settings keep them: the name, and the account or why it could not be opened.
    pub opened: Vec<(String, Result<Account, CliError>)>,
}

impl AllAccounts {
    /// Resumes every saved profile's kept sign-in at once (`only`: the one of that name), with one keyring and the
    /// live settings given (one `LiveConfig` for all, so that the accounts of one server ask it for the live
    /// address once). Profiles with no kept sign-in are left out; `NotSignedIn` when none has one.
    pub async fn open(how: Following, only: Option<&str>) -> Result<Self, CliError> {
        let home = Home::load();
        let (store, warning) = open_keyring(true).await;
        let profiles = match only {
            Some(name) => vec![home.named(name)?],
            None => home.settings().profiles,
        };
        let mut opening = tokio::task::JoinSet::new();
        for (index, profile) in profiles.iter().enumerate() {
            let config = remembering(
                home.share(),
                store.clone(),
                Resume::Account(profile.token_key()),
                SessionLines::None,
            );
            let config = BackendConfig {
                live: how.live.clone(),
                follow: how.follow,
                journal: config.journal.filter(|_| how.journal),
                ..config
            };
            opening.spawn(async move { (index, Account::resume_kept(config).await) });
        }
        let profiles_empty = profiles.is_empty();
        let mut opened: Vec<Option<Result<Account, CliError>>> =
            profiles.iter().map(|_| None).collect();
        while let Some(done) = opening.join_next().await {
            if let Ok((index, result)) = done {
                opened[index] = result.transpose();
            }
        }
        let opened: Vec<_> = profiles
            .into_iter()
            .zip(opened)
            .filter_map(|(profile, result)| Some((profile.display_name().to_owned(), result?)))
            .collect();
        // No keyring (cron, ssh): the sign-ins may well be kept; they cannot be read.
        if let (Some(warning), true, false) = (&warning, opened.is_empty(), profiles_empty) {
            return Err(CliError::new(
                Exit::NotSignedIn,
                text::keyring_unreachable(warning),
            ));
        }
        if let (Some(name), true) = (only, opened.is_empty()) {
            return Err(CliError::new(
                Exit::NotSignedIn,
                text::account_not_signed_in(name, warning.as_deref()),
            ));
        }
        if opened.is_empty() {
            let reason = warning.map(|warning| format!("\n{warning}"));
            return Err(CliError::new(
                Exit::NotSignedIn,
                text::no_account_signed_in() + reason.as_deref().unwrap_or(""),
            ));
        }
        Ok(Self { opened })
    }
}
