//! The backend as a command drives it: the same worker, settings and keyring as the window, without the live
//! channel. Sign in (the kept sign-in, or one for this run), send a command, wait for its answer.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

use aipix_client::api::{Code, Intercom, User};
use visitor_desk::backend::{Backend, BackendConfig, Follow, Resume, SettingsHome};
use visitor_desk::handover::{Handover, SlipSize};
use visitor_desk::journal::{self, JournalSetup, SessionLines};
use visitor_desk::mail::MailError;
use visitor_desk::messages::{
    self, Command, EmailRequest, Event, FailureKind, Problem, SignInFailure, SignInRequest,
    SlipAction,
};
use visitor_desk::secrets::{self, CommandLineStore, MemoryStore, TokenKey, TokenStore};
use visitor_desk::settings::{self, MailSettings, Profile, Settings, TrustChoice};

use super::args::AccountArgs;
use super::failure::{CliError, Exit};
use super::{input, text};

mod all;
pub use all::{AllAccounts, Following};

/// How long a command waits for the backend to tidy up after the answer (a sign-out, forgetting a refused
/// sign-in); the server's own timeouts bound everything else.
const TIDY_UP: Duration = Duration::from_secs(20);

/// What a command signs in with.
pub enum Purpose {
    /// A command on the account: the kept sign-in, or with `--server/--login` one for this run only.
    Use,
    /// `login`: sign in with a password and keep the sign-in.
    Login,
    /// `logout`: the kept sign-in (of `--server/--login` when given), to end it.
    Logout,
}

/// A signed-in backend.
pub struct Account {
    backend: Backend,
    /// A sign-in made for this run: ended when the command is done, and kept nowhere.
    for_this_run: bool,
    pub user: User,
    pub server: String,
    next_request: u64,
    /// The last create was refused because the account is full.
    refused_as_full: bool,
}

/// What the settings keep for handing a code over (see [`Account::kept_handover`]).
pub struct KeptHandover {
    pub template: Option<String>,
    pub instructions: BTreeMap<u64, String>,
}

/// The settings file's folder and contents (defaults, and a notice, when there is none).
struct Home {
    home: Option<SettingsHome>,
    notices: Vec<String>,
}

impl Home {
    fn load() -> Self {
        match settings::default_dir() {
            Some(dir) => {
                let (settings, warning) = settings::load_or_create(&dir);
                Self {
                    home: Some(SettingsHome { dir, settings }),
                    notices: warning.into_iter().collect(),
                }
            }
            None => Self {
                home: None,
                notices: vec![text::no_settings_folder()],
            },
        }
    }

    /// The settings as they are, without writing a file or saying anything.
    fn load_quietly() -> Self {
        let home = settings::default_dir()
            .and_then(|dir| settings::peek(&dir).map(|settings| SettingsHome { dir, settings }));
        Self {
            home,
            notices: Vec::new(),
        }
    }

    /// The same settings, for another backend of this run.
    fn share(&self) -> Self {
        Self {
            home: self.home.clone(),
            notices: Vec::new(),
        }
    }

    fn settings(&self) -> Settings {
        self.home
            .as_ref()
            .map_or_else(Settings::new, |home| home.settings.clone())
    }

    /// The journal of the account signed in, the window's own, where the command's acts are written as this
    /// desk's (command line).
    fn journal(&self, device_id: &str, lines: SessionLines) -> Option<JournalSetup> {
        let keep_days = self
            .settings()
            .journal_keep_days
            .unwrap_or(journal::DEFAULT_KEEP_DAYS);
        journal::default_dir().map(|dir| {
            JournalSetup::new(dir, device_id, keep_days)
                .for_command_line()
                .with_session_lines(lines)
        })
    }

    /// The saved profile of this account, if any.
    fn profile(&self, key: &TokenKey) -> Option<Profile> {
        self.settings()
            .profiles
            .into_iter()
            .find(|profile| profile.token_key() == *key)
    }

    /// The saved profile `--account` names (as the window calls it, or by its own name); an unknown name is a
    /// usage error that lists the names there are.
    fn named(&self, name: &str) -> Result<Profile, CliError> {
        let settings = self.settings();
        if let Some(profile) = settings.named_profile(name) {
            return Ok(profile.clone());
        }
        let names: Vec<String> = settings
            .profiles
            .iter()
            .map(|profile| profile.display_name().to_owned())
            .collect();
        Err(CliError::usage(text::unknown_account(name, &names)))
    }
}

/// The saved profile `--account NAME` names (`None` without `--account`), for what needs no sign-in: the
/// journal, the window's start.
pub fn saved_profile(account: &AccountArgs) -> Result<Option<Profile>, CliError> {
    account
        .account
        .as_deref()
        .map(|name| Home::load_quietly().named(name))
        .transpose()
}

/// The server and login the options name: a saved account's (`--account`), else the ones given; either may be
/// missing (the last account used is then read by whoever asks).
pub fn named_server_and_login(
    account: &AccountArgs,
) -> Result<(Option<String>, Option<String>), CliError> {
    Ok(match saved_profile(account)? {
        Some(profile) => (Some(profile.server), Some(profile.login)),
        None => (account.server.clone(), account.login.clone()),
    })
}

/// The saved profile the options name (`--account`, or `--server` with `--login`), else the one used last: for
/// what is kept per account and needs no sign-in (its mail server).
pub fn profile_for(account: &AccountArgs) -> Result<Option<Profile>, CliError> {
    if let Some(profile) = saved_profile(account)? {
        return Ok(Some(profile));
    }
    let settings = Home::load_quietly().settings();
    Ok(match (&account.server, &account.login) {
        (Some(server), Some(login)) => {
            let key = TokenKey::new(server, login);
            settings
                .profiles
                .into_iter()
                .find(|profile| profile.token_key() == key)
        }
        _ => settings.last_used_profile().cloned(),
    })
}

/// The name of the saved account used last, whose kept sign-in a command without account options uses.
pub fn last_profile_name() -> Option<String> {
    Home::load_quietly()
        .settings()
        .last_used_profile()
        .map(|profile| profile.name.clone())
}

impl Account {
    /// Signs in as `purpose` and the account options say.
    pub async fn open(account: &AccountArgs, purpose: Purpose) -> Result<Self, CliError> {
        let home = Home::load();
        if let Some(name) = &account.account {
            let profile = home.named(name)?;
            return Self::open_saved(home, account, profile, purpose).await;
        }
        let named = named_account(account)?;
        match (purpose, named) {
            (Purpose::Use, None) => Self::resume(home, Resume::LastProfile, true).await,
            (Purpose::Logout, None) => Self::resume(home, Resume::LastProfile, false).await,
            (Purpose::Logout, Some((key, _))) => {
                Self::resume(home, Resume::Account(key), false).await
            }
            (Purpose::Use, Some((key, server))) => {
                let request = sign_in_request(&home, account, &key, server).await?;
                let device_id = home.settings().device_id;
                let config = BackendConfig {
                    resume: Resume::Nothing,
                    follow: Follow::OnRequest,
                    notices: home.notices.clone(),
                    journal: home.journal(&device_id, SessionLines::None),
                    ..BackendConfig::new(device_id)
                };
                Self::sign_in(config, request, true).await
            }
            (Purpose::Login, None) => Err(CliError::usage(text::login_needs_server_and_login())),
            (Purpose::Login, Some((key, server))) => {
                let (store, warning) = open_keyring(false).await;
                if let Some(warning) = warning {
                    return Err(CliError::new(
                        Exit::NotSignedIn,
                        text::login_cannot_be_kept(&warning),
                    ));
                }
                let request = sign_in_request(&home, account, &key, server).await?;
                let config = remembering(home, store, Resume::Nothing, SessionLines::All);
                Self::sign_in(config, request, false).await
            }
        }
    }

    /// `--account NAME`: its kept sign-in, or for `login` a new one kept in its place.
    async fn open_saved(
        home: Home,
        account: &AccountArgs,
        profile: Profile,
        purpose: Purpose,
    ) -> Result<Self, CliError> {
        let key = profile.token_key();
        match purpose {
            Purpose::Use | Purpose::Logout => {
                let logout = matches!(purpose, Purpose::Logout);
                let (store, warning) = open_keyring(!logout).await;
                let lines = if logout {
                    SessionLines::SignOutOnly
                } else {
                    SessionLines::None
                };
                let config = remembering(home, store.clone(), Resume::Account(key.clone()), lines);
                match Self::resume_kept(config).await {
                    Ok(Some(desk)) => Ok(desk),
                    Ok(None) if logout && window_holds(&store, &key).await => Err(CliError::new(
                        Exit::NotSignedIn,
                        text::logout_window_only(key.login(), key.server()),
                    )),
                    Ok(None) => Err(CliError::new(
                        Exit::NotSignedIn,
                        match &warning {
                            Some(warning) => text::keyring_unreachable(warning),
                            None => text::account_not_signed_in(profile.display_name(), None),
                        },
                    )),
                    Err(failure) => Err(failure),
                }
            }
            Purpose::Login => {
                let (store, warning) = open_keyring(false).await;
                if let Some(warning) = warning {
                    return Err(CliError::new(
                        Exit::NotSignedIn,
                        text::login_cannot_be_kept(&warning),
                    ));
                }
                // The profile's own leave for plain http counts as if given again.
                let account = AccountArgs {
                    allow_insecure_http: account.allow_insecure_http || profile.allow_insecure_http,
                    ..account.clone()
                };
                let request =
                    sign_in_request(&home, &account, &key, profile.server.clone()).await?;
                let config = remembering(home, store, Resume::Nothing, SessionLines::All);
                Self::sign_in(config, request, false).await
            }
        }
    }

    /// Resumes the kept sign-in `config` names; `None` when none is kept.
    async fn resume_kept(config: BackendConfig) -> Result<Option<Self>, CliError> {
        let mut backend = start(config);
        loop {
            match next(&mut backend).await? {
                Event::SignedIn { user, server } => {
                    return Ok(Some(Self::signed_in(backend, user, server, false)));
                }
                Event::NotResumed { reason: None } => return Ok(None),
                Event::NotResumed {
                    reason: Some(reason),
                } => return Err(CliError::new(Exit::NotSignedIn, reason)),
                Event::SignInFailed(failure) => return Err(CliError::from_sign_in(failure)),
                _ => {}
            }
        }
    }

    /// Resumes a kept sign-in, as the window does at start; `window_too`: the window's too, when the command line
    /// keeps none of its own.
    async fn resume(home: Home, resume: Resume, window_too: bool) -> Result<Self, CliError> {
        let (store, warning) = open_keyring(window_too).await;
        let key = match &resume {
            Resume::Account(key) => Some(key.clone()),
            _ => home
                .settings()
                .last_used_profile()
                .map(settings::Profile::token_key),
        };
        // `logout` (the only one that does not read the window's sign-in) writes its sign-out; a command, neither.
        let lines = if window_too {
            SessionLines::None
        } else {
            SessionLines::SignOutOnly
        };
        let mut backend = start(remembering(home, store.clone(), resume, lines));
        loop {
            match next(&mut backend).await? {
                Event::SignedIn { user, server } => {
                    return Ok(Self::signed_in(backend, user, server, false));
                }
                // `logout` with only the window's sign-in kept: nothing of the command line's to end.
                Event::NotResumed { reason: None }
                    if !window_too
                        && let Some(key) = &key
                        && window_holds(&store, key).await =>
                {
                    return Err(CliError::new(
                        Exit::NotSignedIn,
                        text::logout_window_only(key.login(), key.server()),
                    ));
                }
                // A saved account, and no keyring to read its sign-in from (cron, ssh): that is what to say.
                Event::NotResumed { reason: None }
                    if let (Some(warning), Some(_)) = (&warning, &key) =>
                {
                    return Err(CliError::new(
                        Exit::NotSignedIn,
                        text::keyring_unreachable(warning),
                    ));
                }
                Event::NotResumed { reason } => {
                    let reason = reason.or_else(|| warning.clone());
                    return Err(CliError::new(
                        Exit::NotSignedIn,
                        text::not_signed_in(reason.as_deref()),
                    ));
                }
                Event::SignInFailed(failure) => return Err(CliError::from_sign_in(failure)),
                _ => {}
            }
        }
    }

    /// Signs in with a password; a failure to keep the sign-in (a locked keyring) undoes it.
    async fn sign_in(
        config: BackendConfig,
        mut request: SignInRequest,
        for_this_run: bool,
    ) -> Result<Self, CliError> {
        let mut backend = start(config);
        backend.send(Command::SignIn(request.clone()));
        let mut not_kept = None;
        loop {
            match next(&mut backend).await? {
                // `--end-session` gave the start of an id, as the table prints it: the whole one, once.
                Event::SignInFailed(SignInFailure::TooManySessions { sessions, .. })
                    if request.end_session.is_some() =>
                {
                    let asked = request.end_session.take().unwrap_or_default();
                    let mut matching = sessions.iter().filter(|s| s.id.starts_with(&asked));
                    match (matching.next(), matching.next()) {
                        (Some(session), None) if session.id != asked => {
                            request.end_session = Some(session.id.clone());
                            backend.send(Command::SignIn(request.clone()));
                        }
                        _ => return Err(CliError::usage(text::unknown_session(&asked))),
                    }
                }
                Event::NotRemembered { reason } => not_kept = Some(reason),
                Event::SignedIn { user, server } => {
                    let desk = Self::signed_in(backend, user, server, for_this_run);
                    if let Some(warning) = not_kept.filter(|_| !for_this_run) {
                        desk.sign_out().await?;
                        return Err(CliError::new(
                            Exit::NotSignedIn,
                            text::login_cannot_be_kept(&warning),
                        ));
                    }
                    return Ok(desk);
                }
                Event::SignInFailed(failure) => return Err(CliError::from_sign_in(failure)),
                _ => {}
            }
        }
    }

    fn signed_in(backend: Backend, user: User, server: String, for_this_run: bool) -> Self {
        input::warn_if_unencrypted(&server);
        Self {
            backend,
            for_this_run,
            user,
            server,
            next_request: 1,
            refused_as_full: false,
        }
    }

    /// Every intercom and every code of the account, as the server lists them now.
    pub async fn listing(&mut self) -> Result<(Vec<Intercom>, Vec<Code>), CliError> {
        self.backend.send(Command::Refresh);
        loop {
            match self.next().await? {
                Event::Synced {
                    intercoms, codes, ..
                } => return Ok((intercoms, codes)),
                Event::SyncFailed { failure } => {
                    return Err(self.failed(&failure).await);
                }
                Event::SignedOut { .. } => return Err(self.signed_out()),
                _ => {}
            }
        }
    }

    pub async fn create(
        &mut self,
        intercom: u64,
        title: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<Code, CliError> {
        let request = self.next_request;
        self.next_request += 1;
        self.backend.send(Command::CreateCode {
            request,
            intercom,
            title: title.to_owned(),
            expires_at,
        });
        loop {
            match self.next().await? {
                Event::CodeCreated { request: r, code } if r == request => return Ok(code),
                Event::CreateFailed {
                    request: r,
                    problem,
                    limit,
                } if r == request => {
                    self.refused_as_full = limit.is_some();
                    return Err(self.refused(&problem).await);
                }
                Event::SignedOut { .. } => return Err(self.signed_out()),
                _ => {}
            }
        }
    }

    /// Tells the account's journal that an expected visitor was given their code.
    pub fn note_arrival(&self, arrival: visitor_desk::expected::Arrival) {
        self.backend
            .send(Command::VisitorArrived(Box::new(arrival)));
    }

    pub async fn revoke(&mut self, ids: Vec<u64>) -> Result<(), CliError> {
        self.backend.send(Command::RevokeCodes { ids });
        loop {
            match self.next().await? {
                Event::CodesRevoked { .. } => return Ok(()),
                Event::RevokeFailed { failure, .. } => {
                    return Err(self.failed(&failure).await);
                }
                Event::SignedOut { .. } => return Err(self.signed_out()),
                _ => {}
            }
        }
    }

    /// Whether the last create was refused because the account is full.
    pub fn refused_as_full(&self) -> bool {
        self.refused_as_full
    }

    /// The longest usual validity of a code, in days (a longer one is warned of, as the window asks first).
    pub fn max_expiry_days(&self) -> u32 {
        Home::load_quietly()
            .settings()
            .preferences()
            .max_expiry_days
    }

    /// What the settings file keeps for handing codes over on this account: the share template and the door
    /// instructions of its profile (none when it has no saved profile).
    pub fn kept_handover(&self) -> KeptHandover {
        let settings = Home::load_quietly().settings();
        let key = TokenKey::new(&self.server, &self.user.login);
        KeptHandover {
            template: settings.handover.template.clone(),
            instructions: settings
                .profiles
                .into_iter()
                .find(|profile| profile.token_key() == key)
                .map(|profile| profile.instructions)
                .unwrap_or_default(),
        }
    }

    /// Makes a code's slip through the backend and writes it to `path`; answers where it went.
    pub async fn make_slip(
        &mut self,
        handover: Handover,
        qr_text: String,
        size: SlipSize,
        path: PathBuf,
    ) -> Result<PathBuf, CliError> {
        self.backend.send(Command::MakeSlip {
            handover: Box::new(handover),
            qr_text,
            size,
            then: SlipAction::Save(path),
        });
        loop {
            match self.next().await? {
                Event::SlipMade { path, .. } => return Ok(path),
                Event::SlipFailed { error } => return Err(CliError::usage(error.text())),
                _ => {}
            }
        }
    }

    /// The mail server kept for this account's profile (none without a saved profile, or none set).
    pub fn kept_mail(&self) -> Option<MailSettings> {
        let key = TokenKey::new(&self.server, &self.user.login);
        Home::load_quietly()
            .settings()
            .profiles
            .into_iter()
            .find(|profile| profile.token_key() == key)
            .and_then(|profile| profile.mail)
    }

    /// Sends a code by e-mail through the backend; answers what the mail server said, or why it was not sent.
    pub async fn send_email(
        &mut self,
        request: EmailRequest,
    ) -> Result<Result<String, MailError>, CliError> {
        self.backend.send(Command::SendEmail(Box::new(request)));
        loop {
            match self.next().await? {
                Event::EmailSent { answer, .. } => return Ok(Ok(answer)),
                Event::EmailFailed { error, .. } => return Ok(Err(error)),
                _ => {}
            }
        }
    }

    /// Ends the session on the server and forgets the kept sign-in, as the window's sign-out does.
    pub async fn sign_out(mut self) -> Result<(), CliError> {
        self.backend.send(Command::SignOut);
        loop {
            match self.next().await? {
                Event::SignedOut { .. } => return Ok(()),
                // The server may keep the session: said, as the window says it.
                Event::Notice { text } => text::say(&text),
                _ => {}
            }
        }
    }

    /// Done: a sign-in for this run ends on the server (so that it does not count against the account); a kept
    /// one stays kept.
    pub async fn finish(self) {
        if self.for_this_run {
            match tokio::time::timeout(TIDY_UP, self.sign_out()).await {
                Ok(Ok(())) => {}
                Ok(Err(failure)) => tracing::warn!(reason = %failure.message, "signing out failed"),
                Err(_) => tracing::warn!("signing out took too long"),
            }
        }
    }

    async fn next(&mut self) -> Result<Event, CliError> {
        next(&mut self.backend).await
    }

    /// The backend's next event, whatever it is (`watch` follows the live channel through it).
    pub async fn next_event(&mut self) -> Result<Event, CliError> {
        self.next().await
    }

    async fn refused(&mut self, problem: &Problem) -> CliError {
        if problem.kind() == FailureKind::Unauthorized {
            self.forgotten().await;
            return self.signed_out();
        }
        CliError::from_problem(problem)
    }

    async fn failed(&mut self, failure: &messages::Failure) -> CliError {
        if failure.kind() == FailureKind::Unauthorized {
            self.forgotten().await;
            return self.signed_out();
        }
        CliError::from_failure(failure)
    }

    /// After a 401 the backend forgets the kept sign-in; wait for that before the process ends.
    async fn forgotten(&mut self) {
        let wait = async {
            while let Ok(event) = self.next().await {
                if let Event::SignedOut { .. } = event {
                    break;
                }
            }
        };
        let _ = tokio::time::timeout(TIDY_UP, wait).await;
    }

    fn signed_out(&self) -> CliError {
        CliError::new(Exit::NotSignedIn, text::sign_in_ended(!self.for_this_run))
    }
}

/// The account `--server/--login` name, with its token key and the server's address as the client reads it.
fn named_account(account: &AccountArgs) -> Result<Option<(TokenKey, String)>, CliError> {
    match (&account.server, &account.login) {
        (None, None) => Ok(None),
        (Some(server), Some(login)) => {
            // As the sign-in screen says it: "This is not a server address. Type it like…", and why.
            let server = aipix_client::api::parse_base_url(server)
                .map_err(|error| CliError::from_failure(&messages::Failure::from_api(&error)))?
                .to_string();
            Ok(Some((TokenKey::new(&server, login), server)))
        }
        _ => Err(CliError::usage(text::need_server_and_login())),
    }
}

/// A sign-in for `key` with the password from the environment or a prompt, and the certificate choice from the
/// options, else from the account's saved profile.
async fn sign_in_request(
    home: &Home,
    account: &AccountArgs,
    key: &TokenKey,
    server: String,
) -> Result<SignInRequest, CliError> {
    input::check_encryption(account, &server)?;
    let profile = home.profile(key);
    let tls = match input::trust_choice(account)? {
        Some(choice) => choice,
        None => profile
            .as_ref()
            .map_or(TrustChoice::System, |profile| profile.tls.clone()),
    };
    let login = key.login().to_owned();
    let password = {
        let (login, server) = (login.clone(), server.clone());
        tokio::task::spawn_blocking(move || input::password(&login, &server))
            .await
            .map_err(|_| CliError::usage(text::no_password()))??
    };
    Ok(SignInRequest {
        server,
        login,
        password: password.into(),
        tls,
        auth_path: profile.and_then(|profile| profile.auth_path),
        allow_insecure_http: account.allow_insecure_http,
        end_session: account.end_session.clone(),
        ..SignInRequest::default()
    })
}

/// The system keyring (or memory, with the warning why) as the command line keeps sign-ins in it: its own,
/// apart from the window's, which it may read (`window_too`) but never ends or forgets. The probe blocks (up to
/// its timeout): off the runtime.
async fn open_keyring(window_too: bool) -> (Arc<CommandLineStore>, Option<String>) {
    let (store, warning): (Arc<dyn TokenStore>, _) =
        match tokio::task::spawn_blocking(secrets::open_store).await {
            Ok((store, warning)) => (Arc::from(store), warning),
            Err(error) => (
                Arc::new(MemoryStore::new()),
                Some(text::keyring_check_stopped(&error)),
            ),
        };
    (Arc::new(CommandLineStore::new(store, window_too)), warning)
}

/// A backend that keeps sign-ins in `store` and profiles in the settings file, like the window's.
fn remembering(
    home: Home,
    store: Arc<CommandLineStore>,
    resume: Resume,
    lines: SessionLines,
) -> BackendConfig {
    let device_id = home.settings().device_id;
    BackendConfig {
        journal: home.journal(&device_id, lines),
        store,
        home: home.home,
        notices: home.notices,
        resume,
        follow: Follow::OnRequest,
        ..BackendConfig::new(device_id)
    }
}

/// Whether the window keeps a sign-in for the account of `key` (a keyring that cannot say: no).
async fn window_holds(store: &Arc<CommandLineStore>, key: &TokenKey) -> bool {
    let (store, key) = (store.clone(), key.clone());
    tokio::task::spawn_blocking(move || store.window_holds(&key).unwrap_or(false))
        .await
        .unwrap_or(false)
}

fn start(config: BackendConfig) -> Backend {
    // Nothing to wake: the command waits on the events themselves.
    Backend::start(&tokio::runtime::Handle::current(), config, Arc::new(|| {}))
}

/// The next event; notices are said on the way.
async fn next(backend: &mut Backend) -> Result<Event, CliError> {
    loop {
        match backend.recv().await {
            Some(Event::Notice { text: notice }) => text::say(&notice),
            Some(event) => return Ok(event),
            None => return Err(CliError::new(Exit::Unreachable, text::backend_stopped())),
        }
    }
}
