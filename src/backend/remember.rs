//! What the backend keeps between runs: the session (token and user) in the token store, the profiles and the
//! device id in the settings file. Every call here blocks (keyring, file system), so each runs on tokio's
//! blocking pool, never on a worker thread or in a frame.

use std::path::PathBuf;
use std::sync::Arc;

use parking_lot::Mutex;

use serde::{Deserialize, Serialize};

use crate::secrets::{KeyringFault, SecretsError, TokenKey, TokenStore};
use crate::settings::{self, Profile, Settings};
use aipix_client::api::{Session, Token, User};

/// The settings file and its contents; `None` in tests that keep nothing.
#[derive(Debug, Clone)]
pub struct SettingsHome {
    pub dir: PathBuf,
    pub settings: Settings,
}

/// What goes into the token store for one account: the token, and the user from the login answer (there is no
/// "current user" endpoint to ask again).
#[derive(Serialize, Deserialize)]
struct StoredSession {
    token: String,
    user: User,
}

/// The backend's handle on remembered things. Cheap to clone.
#[derive(Clone)]
pub struct Remembered {
    store: Arc<dyn TokenStore>,
    home: Arc<Mutex<Option<SettingsHome>>>,
}

impl Remembered {
    pub fn new(store: Arc<dyn TokenStore>, home: Option<SettingsHome>) -> Self {
        Self {
            store,
            home: Arc::new(Mutex::new(home)),
        }
    }

    /// A snapshot of the settings (defaults when nothing is kept).
    pub fn settings(&self) -> Settings {
        self.home
            .lock()
            .as_ref()
            .map(|home| home.settings.clone())
            .unwrap_or_default()
    }

    /// The session kept for `profile`, if any (an unreadable entry counts as none).
    pub async fn load_session(&self, profile: &Profile) -> Result<Option<Session>, SecretsError> {
        let store = self.store.clone();
        let key = profile.token_key();
        let stored = blocking(move || store.load(&key)).await?;
        Ok(
            stored.and_then(|text| match serde_json::from_str::<StoredSession>(&text) {
                Ok(stored) => Some(Session {
                    user: stored.user,
                    token: Token::new(&stored.token),
                }),
                Err(_) => {
                    tracing::warn!("a kept session could not be read; it is ignored");
                    None
                }
            }),
        )
    }

    pub async fn save_session(&self, key: TokenKey, session: &Session) -> Result<(), SecretsError> {
        let text = serde_json::to_string(&StoredSession {
            token: session.token.secret().to_owned(),
            user: session.user.clone(),
        })
        .map_err(|error| SecretsError::Other(KeyringFault::SessionNotEncoded(error.to_string())))?;
        let store = self.store.clone();
        blocking(move || store.save(&key, &text)).await
    }

    pub async fn clear_session(&self, key: TokenKey) {
        let store = self.store.clone();
        if let Err(error) = blocking(move || store.clear(&key)).await {
            tracing::warn!(%error, "a kept session could not be removed");
        }
    }

    /// A secret that is not a session (the mail server's password), as kept.
    pub async fn load_secret(&self, key: TokenKey) -> Result<Option<String>, SecretsError> {
        let store = self.store.clone();
        blocking(move || store.load(&key)).await
    }

    /// Keeps a secret that is not a session (the mail server's password).
    pub async fn save_secret(
        &self,
        key: TokenKey,
        secret: aipix_client::api::Password,
    ) -> Result<(), SecretsError> {
        let store = self.store.clone();
        blocking(move || store.save(&key, &secret)).await
    }

    /// Changes the settings and writes them when there is a file; answers the new settings. The change is made to
    /// the file as it is on disk now, under its lock, so that what another window saved meanwhile stays (see
    /// [`settings::update`]); this copy becomes what was written.
    pub async fn update_settings(
        &self,
        change: impl FnOnce(&mut Settings) + Send + 'static,
    ) -> Settings {
        let home = self.home.clone();
        let result = super::spawn_blocking(move || {
            let mut guard = home.lock();
            let Some(home) = guard.as_mut() else {
                return Settings::default();
            };
            let updated = settings::update(&home.dir, change);
            if let Some(error) = &updated.not_written {
                tracing::warn!(%error, "the settings could not be written");
            }
            home.settings = updated.settings;
            home.settings.clone()
        })
        .await;
        result.unwrap_or_default()
    }
}

/// Runs a blocking store call on the blocking pool.
async fn blocking<T: Send + 'static>(
    call: impl FnOnce() -> Result<T, SecretsError> + Send + 'static,
) -> Result<T, SecretsError> {
    super::spawn_blocking(call)
        .await
        .map_err(|error| SecretsError::Other(KeyringFault::CallStopped(error.to_string())))?
}
