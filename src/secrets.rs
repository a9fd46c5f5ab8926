//! Where the sign-in token is kept between runs: the operating system's keyring, or memory when there is none.
//!
//! The token opens the building's doors, so it never goes into a file, a log line, or a `Debug`/`Display` output.
//!
//! **Keyring calls block** (D-Bus round trips on Linux, and an unlock prompt may wait for the user). Never call
//! [`TokenStore`] methods or [`open_store`] inside an egui frame or on a tokio worker thread: use
//! `tokio::task::spawn_blocking`, or the UI thread only at start-up and sign-out.

use crate::t;
use std::collections::HashMap;
use std::fmt;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, OnceLock};
use std::thread;
use std::time::Duration;

/// The keyring service name every entry of this app is filed under.
pub const KEYRING_SERVICE: &str = "visitor-desk";

/// How long [`open_store`] waits for the keyring to answer before falling back to memory. A hung Secret Service
/// must not keep the window from opening.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(5);

/// Which token: one per server and login, so several servers and accounts can be remembered side by side, and
/// per [`Holder`], so that the window and the command line each keep a session of their own.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TokenKey {
    server: String,
    login: String,
    holder: Holder,
}

/// Who kept a sign-in. Each has its own session on the server: ending one (`visitor-desk logout`, the window's
/// Sign out) leaves the other signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Holder {
    /// The window (the entry every version before this one kept, for both).
    #[default]
    Window,
    /// `visitor-desk login`.
    CommandLine,
    /// Not a sign-in: the password of an account's mail server (`server` is its host and port), which the window
    /// and the command line share.
    Mail,
}

impl TokenKey {
    /// Normalises both parts so that the same account typed slightly differently finds the same token: surrounding
    /// whitespace and trailing slashes of the URL are dropped. The login keeps its case (the server decides that).
    /// The window's.
    pub fn new(server: &str, login: &str) -> Self {
        Self {
            server: server.trim().trim_end_matches('/').to_owned(),
            login: login.trim().to_owned(),
            holder: Holder::Window,
        }
    }

    /// The same account's key for `holder`.
    pub fn held_by(&self, holder: Holder) -> Self {
        Self {
            holder,
            ..self.clone()
        }
    }

    pub fn holder(&self) -> Holder {
        self.holder
    }

    pub fn server(&self) -> &str {
        &self.server
    }

    pub fn login(&self) -> &str {
        &self.login
    }

    /// The keyring entry's user name: `login@server` for the window, `login@server (command line)` for the
    /// command line (so a keyring's manager shows which is which).
    pub fn keyring_user(&self) -> String {
        match self.holder {
            Holder::Window => format!("{}@{}", self.login, self.server),
            Holder::CommandLine => format!("{}@{} (command line)", self.login, self.server),
            Holder::Mail => format!("{}@{} (e-mail)", self.login, self.server),
        }
    }
}

/// Why a token could not be loaded, saved or cleared. `Display` for logs (English); [`SecretsError::reason`]
/// for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretsError {
    /// No keyring, a keyring that cannot be reached, or one that is locked: the token can live in memory only.
    #[error("the system keyring is not available: {0}")]
    Unavailable(KeyringFault),
    #[error("the system keyring failed: {0}")]
    Other(KeyringFault),
}

impl SecretsError {
    /// The reason alone, without the leading sentence, in the user's language.
    pub fn reason(&self) -> String {
        match self {
            SecretsError::Unavailable(why) | SecretsError::Other(why) => why.text(),
        }
    }
}

/// What the keyring (or the wait for it) said.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyringFault {
    #[error("the keyring service could not be reached: {0}")]
    Unreachable(String),
    #[error("the keyring is locked or refused access: {0}")]
    Refused(String),
    #[error("the keyring could not be started")]
    NotStarted,
    #[error("there is no saved sign-in")]
    NoEntry,
    #[error("the saved sign-in is damaged")]
    Damaged,
    #[error("{0} saved sign-ins match")]
    Ambiguous(usize),
    #[error("the keyring check could not start ({0})")]
    CheckNotStarted(String),
    #[error("the keyring did not answer within {} seconds", .0.as_secs_f64())]
    NoAnswer(Duration),
    #[error("the keyring check failed unexpectedly")]
    CheckFailed,
    #[error("the session could not be encoded: {0}")]
    SessionNotEncoded(String),
    #[error("the keyring call stopped: {0}")]
    CallStopped(String),
    /// The keyring crate's own words.
    #[error("{0}")]
    Other(String),
}

impl KeyringFault {
    /// What it means, in the user's language.
    pub fn text(&self) -> String {
        match self {
            KeyringFault::Unreachable(why) => t!("keyring-unreachable", why = why.as_str()),
            KeyringFault::Refused(why) => t!("keyring-refused", why = why.as_str()),
            KeyringFault::NotStarted => t!("keyring-not-started").to_owned(),
            KeyringFault::NoEntry => t!("keyring-no-entry").to_owned(),
            KeyringFault::Damaged => t!("keyring-damaged").to_owned(),
            KeyringFault::Ambiguous(count) => t!("keyring-ambiguous", count = *count),
            KeyringFault::CheckNotStarted(why) => {
                t!("keyring-check-not-started", why = why.as_str())
            }
            KeyringFault::NoAnswer(timeout) => {
                t!("keyring-no-answer", seconds = timeout.as_secs_f64())
            }
            KeyringFault::CheckFailed => t!("keyring-check-failed").to_owned(),
            KeyringFault::SessionNotEncoded(why) => {
                t!("keyring-session-not-encoded", why = why.as_str())
            }
            KeyringFault::CallStopped(why) => t!("keyring-call-stopped", why = why.as_str()),
            KeyringFault::Other(why) => why.clone(),
        }
    }
}

/// Keeps one token per [`TokenKey`]. Every method may block; see the module documentation.
pub trait TokenStore: Send + Sync {
    /// The saved token, or `None` when there is none.
    fn load(&self, key: &TokenKey) -> Result<Option<String>, SecretsError>;
    /// Saves the token, replacing any earlier one for the same key.
    fn save(&self, key: &TokenKey, token: &str) -> Result<(), SecretsError>;
    /// Forgets the token. Forgetting one that was never saved is not an error.
    fn clear(&self, key: &TokenKey) -> Result<(), SecretsError>;
    /// Where the tokens go, for the user: "system keyring" or "memory only".
    fn describe(&self) -> &'static str;
    /// Why this store keeps nothing across runs, for a store that knows only once it is open
    /// ([`OpeningStore`]; the others are told with `BackendConfig::store_warning`). May block like the calls.
    fn warning(&self) -> Option<String> {
        None
    }
}

/// Tokens kept for this run only: the fallback without a keyring, and the store of tests.
#[derive(Default)]
pub struct MemoryStore {
    tokens: parking_lot::Mutex<HashMap<TokenKey, String>>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// The accounts it holds a sign-in of.
    pub fn keys(&self) -> Vec<TokenKey> {
        self.tokens().keys().cloned().collect()
    }

    fn tokens(&self) -> parking_lot::MutexGuard<'_, HashMap<TokenKey, String>> {
        // A panic elsewhere cannot leave a HashMap half-changed in a way that matters here; keep going.
        self.tokens.lock()
    }
}

impl fmt::Debug for MemoryStore {
    // Hand-written so that the tokens never reach a log line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryStore")
            .field("tokens", &self.tokens().len())
            .finish()
    }
}

impl TokenStore for MemoryStore {
    fn load(&self, key: &TokenKey) -> Result<Option<String>, SecretsError> {
        Ok(self.tokens().get(key).cloned())
    }

    fn save(&self, key: &TokenKey, token: &str) -> Result<(), SecretsError> {
        self.tokens().insert(key.clone(), token.to_owned());
        Ok(())
    }

    fn clear(&self, key: &TokenKey) -> Result<(), SecretsError> {
        self.tokens().remove(key);
        Ok(())
    }

    fn describe(&self) -> &'static str {
        "memory only"
    }
}

/// The command line's view of a store: what it saves and forgets is its own sign-in ([`Holder::CommandLine`]),
/// never the window's. Reading, it takes its own, else (when `window_too`) the window's, so that an account
/// signed in only in the window can be scripted without a second sign-in; a refused or ended session then
/// forgets only the command line's entry, and the window finds out for itself.
pub struct CommandLineStore {
    inner: std::sync::Arc<dyn TokenStore>,
    window_too: bool,
}

impl CommandLineStore {
    /// `window_too`: whether a load may fall back to the window's sign-in (not for `logout`, which ends the
    /// command line's own only).
    pub fn new(inner: std::sync::Arc<dyn TokenStore>, window_too: bool) -> Self {
        Self { inner, window_too }
    }

    /// Whether the window keeps a sign-in for the account of `key`.
    pub fn window_holds(&self, key: &TokenKey) -> Result<bool, SecretsError> {
        Ok(self.inner.load(&key.held_by(Holder::Window))?.is_some())
    }
}

impl TokenStore for CommandLineStore {
    fn load(&self, key: &TokenKey) -> Result<Option<String>, SecretsError> {
        if key.holder() == Holder::Mail {
            return self.inner.load(key);
        }
        match self.inner.load(&key.held_by(Holder::CommandLine))? {
            Some(token) => Ok(Some(token)),
            None if self.window_too => self.inner.load(&key.held_by(Holder::Window)),
            None => Ok(None),
        }
    }

    fn save(&self, key: &TokenKey, token: &str) -> Result<(), SecretsError> {
        self.inner.save(&own(key), token)
    }

    fn clear(&self, key: &TokenKey) -> Result<(), SecretsError> {
        self.inner.clear(&own(key))
    }

    fn describe(&self) -> &'static str {
        self.inner.describe()
    }

    fn warning(&self) -> Option<String> {
        self.inner.warning()
    }
}

/// The key the command line keeps a secret under: its own sign-in's, or the mail server's password (shared).
fn own(key: &TokenKey) -> TokenKey {
    match key.holder() {
        Holder::Mail => key.clone(),
        Holder::Window | Holder::CommandLine => key.held_by(Holder::CommandLine),
    }
}

/// The operating system's keyring (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows).
/// Entries use service [`KEYRING_SERVICE`] and user [`TokenKey::keyring_user`].
#[derive(Debug)]
pub struct KeyringStore {
    // Only `open` makes one, so holding a `KeyringStore` means the keyring answered once.
    _opened: (),
}

impl KeyringStore {
    /// Connects to the platform keyring and checks that it answers by reading an entry that never exists.
    /// The `keyring` crate connects once per process: if that failed, every later call fails the same way.
    pub fn open() -> Result<Self, SecretsError> {
        if let Err(err) = keyring::Entry::store_status() {
            return Err(keyring_error(err));
        }
        let store = Self { _opened: () };
        store.load(&TokenKey::new(
            "https://probe.invalid",
            "visitor-desk-probe",
        ))?;
        Ok(store)
    }

    fn entry(key: &TokenKey) -> Result<keyring::Entry, SecretsError> {
        keyring::Entry::new(KEYRING_SERVICE, &key.keyring_user()).map_err(|err| keyring_error(&err))
    }
}

impl TokenStore for KeyringStore {
    fn load(&self, key: &TokenKey) -> Result<Option<String>, SecretsError> {
        match Self::entry(key)?.get_password() {
            Ok(token) => Ok(Some(token)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(err) => Err(keyring_error(&err)),
        }
    }

    fn save(&self, key: &TokenKey, token: &str) -> Result<(), SecretsError> {
        Self::entry(key)?
            .set_password(token)
            .map_err(|err| keyring_error(&err))
    }

    fn clear(&self, key: &TokenKey) -> Result<(), SecretsError> {
        match Self::entry(key)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(err) => Err(keyring_error(&err)),
        }
    }

    fn describe(&self) -> &'static str {
        "system keyring"
    }
}

/// Says what went wrong without ever echoing stored bytes (some variants carry the secret's raw data).
fn keyring_error(err: &keyring::Error) -> SecretsError {
    use keyring::Error as E;
    match err {
        E::PlatformFailure(why) => {
            SecretsError::Unavailable(KeyringFault::Unreachable(why.to_string()))
        }
        E::NoStorageAccess(why) => {
            SecretsError::Unavailable(KeyringFault::Refused(why.to_string()))
        }
        E::NoDefaultStore => SecretsError::Unavailable(KeyringFault::NotStarted),
        E::NoEntry => SecretsError::Other(KeyringFault::NoEntry),
        E::BadEncoding(_) | E::BadDataFormat(..) => SecretsError::Other(KeyringFault::Damaged),
        E::Ambiguous(matches) => SecretsError::Other(KeyringFault::Ambiguous(matches.len())),
        other => SecretsError::Other(KeyringFault::Other(other.to_string())),
    }
}

/// Opens the system keyring, or memory when it is unavailable. The second value is then the technical reason
/// ([`SecretsError::reason`]): the screens tell the user what it means for them and keep the reason behind a
/// "Details" toggle. Blocks for up to [`PROBE_TIMEOUT`]; see the module documentation.
///
/// The check only reads, so a keyring that is there but locked passes it and refuses at the first save instead
/// ([`SecretsError::Unavailable`]); tell the user then.
pub fn open_store() -> (Box<dyn TokenStore>, Option<String>) {
    open_with(
        || KeyringStore::open().map(|store| Box::new(store) as Box<dyn TokenStore>),
        PROBE_TIMEOUT,
    )
}

/// [`open_store`] with the opening and the patience given, so the fallback can be tested without a keyring.
fn open_with<F>(open: F, timeout: Duration) -> (Box<dyn TokenStore>, Option<String>)
where
    F: FnOnce() -> Result<Box<dyn TokenStore>, SecretsError> + Send + 'static,
{
    // On a thread of its own, so a keyring that never answers costs `timeout`, not the app. A thread still stuck
    // stays blocked in the `keyring` crate, which is then never used again by this process.
    let (sender, receiver) = mpsc::sync_channel(1);
    let spawned = thread::Builder::new()
        .name("keyring-probe".to_owned())
        .spawn(move || {
            // The receiver is gone only if we stopped waiting; nothing left to tell.
            let _ = sender.send(open());
        });
    let outcome = match spawned {
        Err(err) => Err(SecretsError::Unavailable(KeyringFault::CheckNotStarted(
            err.to_string(),
        ))),
        Ok(_) => match receiver.recv_timeout(timeout) {
            Ok(outcome) => outcome,
            Err(RecvTimeoutError::Timeout) => {
                Err(SecretsError::Unavailable(KeyringFault::NoAnswer(timeout)))
            }
            Err(RecvTimeoutError::Disconnected) => {
                Err(SecretsError::Unavailable(KeyringFault::CheckFailed))
            }
        },
    };
    match outcome {
        Ok(store) => (store, None),
        Err(err) => {
            tracing::warn!(
                error = %err,
                "no system keyring; the token is kept in memory only"
            );
            in_memory(&err)
        }
    }
}

/// The keyring being opened ([`open_store`]) on a thread of its own, so that the window need not wait for it
/// to show itself: each call waits for the opening (at most [`PROBE_TIMEOUT`] from its start), then goes to
/// the keyring, or to memory when there is none ([`TokenStore::warning`] says why).
pub struct OpeningStore {
    opened: Arc<OnceLock<Opened>>,
}

/// The store opened, and why it keeps nothing across runs when it is memory.
type Opened = (Box<dyn TokenStore>, Option<String>);

impl OpeningStore {
    /// Starts opening the system keyring.
    pub fn start() -> Self {
        Self::start_with(open_store)
    }

    fn start_with(open: impl FnOnce() -> Opened + Send + 'static) -> Self {
        let opened = Arc::new(OnceLock::new());
        let filled = opened.clone();
        let spawned = thread::Builder::new()
            .name("keyring-open".to_owned())
            .spawn(move || {
                // Filled whatever happens, or every call would wait for ever.
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(open))
                    .unwrap_or_else(|_| {
                        in_memory(&SecretsError::Unavailable(KeyringFault::CheckFailed))
                    });
                let _ = filled.set(outcome);
            });
        if let Err(err) = spawned {
            let _ = opened.set(in_memory(&SecretsError::Unavailable(
                KeyringFault::CheckNotStarted(err.to_string()),
            )));
        }
        Self { opened }
    }

    fn opened(&self) -> &dyn TokenStore {
        self.opened.wait().0.as_ref()
    }
}

/// Memory, for want of the keyring, and why.
fn in_memory(err: &SecretsError) -> Opened {
    (Box::new(MemoryStore::new()), Some(err.reason()))
}

impl TokenStore for OpeningStore {
    fn load(&self, key: &TokenKey) -> Result<Option<String>, SecretsError> {
        self.opened().load(key)
    }

    fn save(&self, key: &TokenKey, token: &str) -> Result<(), SecretsError> {
        self.opened().save(key, token)
    }

    fn clear(&self, key: &TokenKey) -> Result<(), SecretsError> {
        self.opened().clear(key)
    }

    /// Without waiting (a `Debug` output asks): the keyring until it is known to be missing.
    fn describe(&self) -> &'static str {
        self.opened
            .get()
            .map_or("system keyring", |(store, _)| store.describe())
    }

    fn warning(&self) -> Option<String> {
        self.opened.wait().1.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_keeps_and_forgets_its_own_sign_in_and_only_reads_the_windows()
    -> Result<(), SecretsError> {
        let memory = std::sync::Arc::new(MemoryStore::new());
        let account = key("https://vms.example", "desk");
        memory.save(&account, "window-token")?;
        let scripts = CommandLineStore::new(memory.clone(), true);
        let logout = CommandLineStore::new(memory.clone(), false);
        assert_eq!(scripts.load(&account)?.as_deref(), Some("window-token"));
        assert_eq!(logout.load(&account)?, None, "logout sees its own only");
        assert!(logout.window_holds(&account)?);

        scripts.save(&account, "command-line-token")?;
        assert_eq!(memory.load(&account)?.as_deref(), Some("window-token"));
        assert_eq!(
            scripts.load(&account)?.as_deref(),
            Some("command-line-token")
        );
        assert_eq!(
            logout.load(&account)?.as_deref(),
            Some("command-line-token")
        );

        logout.clear(&account)?;
        scripts.clear(&account)?;
        assert_eq!(
            memory.load(&account)?.as_deref(),
            Some("window-token"),
            "the window's sign-in is never forgotten by the command line"
        );
        assert_eq!(logout.load(&account)?, None);
        assert_ne!(
            account.keyring_user(),
            account.held_by(Holder::CommandLine).keyring_user()
        );
        Ok(())
    }

    fn key(server: &str, login: &str) -> TokenKey {
        TokenKey::new(server, login)
    }

    #[test]
    fn memory_store_saves_loads_and_clears() -> Result<(), SecretsError> {
        let store = MemoryStore::new();
        let k = key("https://vms.example", "desk");
        assert_eq!(store.load(&k)?, None);
        store.save(&k, "first")?;
        assert_eq!(store.load(&k)?.as_deref(), Some("first"));
        store.save(&k, "second")?;
        assert_eq!(store.load(&k)?.as_deref(), Some("second"));
        store.clear(&k)?;
        assert_eq!(store.load(&k)?, None);
        // Clearing what is not there is fine: sign-out after a 401 does exactly that.
        store.clear(&k)?;
        assert_eq!(store.describe(), "memory only");
        Ok(())
    }

    #[test]
    fn tokens_are_kept_apart_per_server_and_per_login() -> Result<(), SecretsError> {
        let store = MemoryStore::new();
        let a = key("https://one.example", "desk");
        let b = key("https://two.example", "desk");
        let c = key("https://one.example", "manager");
        store.save(&a, "a")?;
        store.save(&b, "b")?;
        store.save(&c, "c")?;
        assert_eq!(store.load(&a)?.as_deref(), Some("a"));
        assert_eq!(store.load(&b)?.as_deref(), Some("b"));
        assert_eq!(store.load(&c)?.as_deref(), Some("c"));
        store.clear(&a)?;
        assert_eq!(store.load(&a)?, None);
        assert_eq!(store.load(&b)?.as_deref(), Some("b"));
        assert_eq!(store.load(&c)?.as_deref(), Some("c"));
        Ok(())
    }

    #[test]
    fn keys_are_normalised() -> Result<(), SecretsError> {
        let typed = key("  https://vms.example/// ", " desk\t");
        assert_eq!(typed.server(), "https://vms.example");
        assert_eq!(typed.login(), "desk");
        assert_eq!(typed, key("https://vms.example", "desk"));
        assert_eq!(typed.keyring_user(), "desk@https://vms.example");
        // A path is part of the server, and a login's case is the server's business.
        assert_ne!(key("https://vms.example/a", "desk"), typed);
        assert_ne!(key("https://vms.example", "Desk"), typed);

        let store = MemoryStore::new();
        store.save(&typed, "t")?;
        assert_eq!(
            store.load(&key("https://vms.example", "desk"))?.as_deref(),
            Some("t")
        );
        Ok(())
    }

    #[test]
    fn debug_output_never_shows_a_token() -> Result<(), SecretsError> {
        let store = MemoryStore::new();
        store.save(&key("https://vms.example", "desk"), "s3cr3t-token")?;
        let shown = format!("{store:?}");
        assert!(!shown.contains("s3cr3t-token"), "{shown}");
        Ok(())
    }

    #[test]
    fn falls_back_to_memory_with_the_reason() {
        let (store, warning) = open_with(
            || {
                Err(SecretsError::Unavailable(KeyringFault::Other(
                    "the keyring service could not be reached (no bus)".to_owned(),
                )))
            },
            Duration::from_secs(5),
        );
        assert_eq!(store.describe(), "memory only");
        assert_eq!(
            warning.as_deref(),
            Some("the keyring service could not be reached (no bus)")
        );
    }

    #[test]
    fn a_keyring_that_never_answers_costs_only_the_timeout() {
        let (_never_sent, hang) = mpsc::channel::<()>();
        let started = std::time::Instant::now();
        let (store, warning) = open_with(
            move || {
                // Blocks until the test ends and drops the sender.
                let _ = hang.recv();
                Err(SecretsError::Other(KeyringFault::Other(
                    "unreachable".to_owned(),
                )))
            },
            Duration::from_millis(50),
        );
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(store.describe(), "memory only");
        assert!(
            warning
                .as_deref()
                .is_some_and(|w| w.contains("did not answer")),
            "{warning:?}"
        );
    }

    #[test]
    fn a_keyring_that_answers_is_used_without_a_warning() {
        let (store, warning) = open_with(
            || Ok(Box::new(MemoryStore::new()) as Box<dyn TokenStore>),
            Duration::from_secs(5),
        );
        assert_eq!(store.describe(), "memory only");
        assert_eq!(warning, None);
    }

    #[test]
    fn a_store_being_opened_is_there_at_once_and_its_calls_wait_for_the_opening()
    -> Result<(), SecretsError> {
        let (open_now, opening) = mpsc::channel::<()>();
        let kept = MemoryStore::new();
        kept.save(&key("https://vms.example", "desk"), "kept-token")?;
        let started = std::time::Instant::now();
        let store = OpeningStore::start_with(move || {
            // Bounded: an opening done before answering fails the test below instead of hanging it.
            let _ = opening.recv_timeout(Duration::from_secs(2));
            (Box::new(kept) as Box<dyn TokenStore>, None)
        });
        assert!(started.elapsed() < Duration::from_secs(1), "not waited for");
        assert_eq!(store.describe(), "system keyring", "not known yet");
        let loading = thread::spawn(move || {
            let loaded = store.load(&key("https://vms.example", "desk"));
            (loaded, store.warning())
        });
        thread::sleep(Duration::from_millis(50));
        assert!(!loading.is_finished(), "a call waits for the opening");
        open_now.send(()).expect("the opening waits");
        let (loaded, warning) = loading.join().expect("no panic");
        assert_eq!(loaded?.as_deref(), Some("kept-token"));
        assert_eq!(warning, None);
        Ok(())
    }

    #[test]
    fn a_store_whose_opening_fails_keeps_in_memory_and_says_why() -> Result<(), SecretsError> {
        let store = OpeningStore::start_with(|| {
            in_memory(&SecretsError::Unavailable(KeyringFault::Other(
                "no bus".to_owned(),
            )))
        });
        assert_eq!(store.warning().as_deref(), Some("no bus"));
        assert_eq!(store.describe(), "memory only");
        store.save(&key("https://vms.example", "desk"), "t")?;
        assert_eq!(
            store.load(&key("https://vms.example", "desk"))?.as_deref(),
            Some("t")
        );
        let panicked = OpeningStore::start_with(|| panic!("a bug in the opening"));
        assert!(
            panicked.warning().is_some(),
            "answered, not waited for ever"
        );
        Ok(())
    }

    #[test]
    fn keyring_errors_never_echo_stored_bytes() {
        let secret = b"s3cr3t-token\xff".to_vec();
        let err = keyring_error(&keyring::Error::BadEncoding(secret));
        assert_eq!(err, SecretsError::Other(KeyringFault::Damaged));
        assert!(!err.to_string().contains("s3cr3t"));
    }
}
