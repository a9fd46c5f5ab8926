//! The backend's task: one loop over commands; each request runs in a task of its own so that a slow listing
//! never holds up a create. Results from a session that has since ended are dropped.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use base64::Engine as _;
use chrono::{DateTime, Utc};
use tokio::sync::{Notify, mpsc};

use super::desktop::Desktop;
use super::instance::Instance;
use super::journal::{self, JournalSlot};
use super::record::problem_text;
use super::remember::Remembered;
use super::save_dialog::{self, FileKind};
use super::slips;
use super::{BackendConfig, Waker};
use super::{Follow, Resume};
use crate::clock::Clock;
use crate::desktop::alerts::Alert;
use crate::domain::RequestId;
use crate::handover::{Handover, SlipFailure, SlipSize};
use crate::journal::{Observation, What};
use crate::messages::{
    CertificateProblem, Command, Event, Failure, Problem, SignInFailure, SignInRequest,
    SignOutReason, SlipAction,
};
use crate::secrets::TokenKey;
use crate::settings::{Profile, Settings, TrustChoice};
use crate::t;
use aipix_client::api::{
    ApiError, Client, ClientConfig, LanguageSource, LoginRequest, PagingMemory, Session, WaitHook,
};
use aipix_client::live::{self, LiveEvent, LiveHandle, Push};

/// Which servers refused `per_page`, learnt once for the whole process: every account's client (each desk has a
/// backend of its own) asks such a server without it from then on.
static PAGING: std::sync::LazyLock<PagingMemory> = std::sync::LazyLock::new(PagingMemory::default);

/// What the worker's own tasks tell it.
enum Internal {
    /// A call of session `generation` was refused with 401.
    Unauthorized { generation: u64 },
    /// The live channel said session `generation` was ended elsewhere (a `logout` push).
    EndedElsewhere { generation: u64 },
}

/// Sends events to the UI and wakes it, unless they belong to a session that has ended; the journal notes each.
#[derive(Clone)]
struct Outbox {
    events: mpsc::UnboundedSender<Event>,
    clock: Clock,
    wake: Waker,
    current: Arc<AtomicU64>,
    journal: JournalSlot,
}

impl Outbox {
    fn send(&self, event: Event) {
        self.journal.event(&event, self.clock.now());
        if self.events.send(event).is_ok() {
            (self.wake)();
        }
    }

    /// [`send`](Self::send), for a task of its own.
    fn sender(&self) -> Arc<dyn Fn(Event) + Send + Sync> {
        let outbox = self.clone();
        Arc::new(move |event| outbox.send(event))
    }

    /// Sends only while `generation` is still the current session.
    fn send_for(&self, generation: u64, event: Event) {
        if self.current.load(Ordering::SeqCst) == generation {
            self.send(event);
        }
    }

    /// Tells the journal alone (no event), while `generation` is still the current session.
    fn note_for(&self, generation: u64, what: What) {
        if self.current.load(Ordering::SeqCst) == generation {
            self.journal.observe(Observation {
                at: self.clock.now(),
                what,
            });
        }
    }
}

/// What every part of the worker needs.
struct Context {
    config: BackendConfig,
    remembered: Remembered,
    outbox: Outbox,
    internal: mpsc::UnboundedSender<Internal>,
    /// Where slips to open or print are written; removed with the worker.
    slips: Arc<slips::Folder>,
    /// Desktop notifications.
    desktop: Desktop,
    /// This account's socket (later launches hand over to this window).
    instance: Instance,
}

/// A signed-in session and what runs for it.
struct Active {
    generation: u64,
    api: Client,
    /// The settings' name of its profile.
    profile: String,
    /// Where its token is kept.
    key: TokenKey,
    /// `None` when the session does not follow the live channel ([`Follow::OnRequest`]).
    live: Option<LiveHandle>,
    sync: Arc<Notify>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Active {
    async fn end(self) {
        for task in &self.tasks {
            task.abort();
        }
        if let Some(live) = self.live {
            live.stop().await;
        }
    }
}

pub(super) async fn run(
    mut config: BackendConfig,
    mut commands: mpsc::UnboundedReceiver<Command>,
    events: mpsc::UnboundedSender<Event>,
    wake: Waker,
) {
    let journal = JournalSlot::new(
        config.journal.take(),
        &config.clock,
        &config.language,
        events.clone(),
        wake.clone(),
    );
    let outbox = Outbox {
        events,
        clock: config.clock.clone(),
        wake,
        current: Arc::new(AtomicU64::new(0)),
        journal,
    };
    let (internal, mut internal_rx) = mpsc::unbounded_channel::<Internal>();
    let remembered = Remembered::new(config.store.clone(), config.home.take());
    let desktop = {
        let outbox = outbox.clone();
        Desktop::start(config.desktop.take(), move |event| outbox.send(event))
    };
    let instance = Instance::start(config.instance.lock().take(), outbox.sender());
    let context = Context {
        instance,
        desktop,
        config,
        remembered,
        outbox,
        internal,
        slips: Arc::default(),
    };
    let mut active = context.start().await;
    loop {
        tokio::select! {
            command = commands.recv() => {
                let Some(command) = command else { break };
                context.handle(command, &mut active).await;
            }
            Some(internal) = internal_rx.recv() => {
                let (generation, reason) = match internal {
                    Internal::Unauthorized { generation } => (generation, SignOutReason::SessionEnded),
                    Internal::EndedElsewhere { generation } => (generation, SignOutReason::EndedElsewhere),
                };
                if active.as_ref().is_some_and(|session| session.generation == generation) {
                    // The token is dead on the server: forget it, keep the login for the sign-in screen.
                    if let Some(session) = &active {
                        context.remembered.clear_session(session.key.clone()).await;
                    }
                    context.end_session(&mut active).await;
                    context.outbox.send(Event::SignedOut { reason: Some(reason) });
                    context.outbox.journal.close();
                }
            }
        }
    }
    // The UI is gone: close the live socket; the session stays valid (and kept) for the next start.
    if let Some(session) = active.take() {
        session.end().await;
    }
    context.outbox.journal.close();
}

impl Context {
    /// Tells the UI what was kept, and resumes the last sign-in when its token is still kept.
    async fn start(&self) -> Option<Active> {
        let settings = self.remembered.settings();
        let last_profile = settings.last_used_profile().cloned();
        self.outbox.send(Event::remembered(&settings));
        let warning = match &self.config.store_warning {
            Some(reason) => Some(reason.clone()),
            // A keyring opened while the window showed itself knows only now (waited for off the runtime).
            None => {
                let store = self.config.store.clone();
                super::spawn_blocking(move || store.warning())
                    .await
                    .ok()
                    .flatten()
            }
        };
        if let Some(reason) = warning {
            self.outbox.send(Event::NotRemembered { reason });
        }
        for text in &self.config.notices {
            self.outbox.send(Event::Notice { text: text.clone() });
        }
        let profile = match &self.config.resume {
            Resume::Nothing => return None,
            Resume::LastProfile => last_profile,
            Resume::Account(key) => settings
                .profiles
                .iter()
                .find(|profile| profile.token_key() == *key)
                .cloned(),
        };
        let not_resumed = |reason: Option<String>| {
            self.outbox.send(Event::NotResumed { reason });
            None
        };
        let Some(profile) = profile else {
            return not_resumed(None);
        };
        if !profile.allow_insecure_http && unencrypted(&profile.server) {
            // Kept from before the user was asked: the sign-in screen asks now, before the token goes in clear.
            return not_resumed(Some(
                Failure::from_api(&insecure(&profile.server)).sentence(),
            ));
        }
        let session = match self.remembered.load_session(&profile).await {
            Ok(Some(session)) => session,
            Ok(None) => return not_resumed(None),
            Err(error) => {
                tracing::warn!(%error, "the kept sign-in could not be read");
                return not_resumed(Some(error.reason()));
            }
        };
        self.outbox.send(Event::Resuming {
            server: profile.server.clone(),
            login: profile.login.clone(),
        });
        let api = match self.client(&profile.server, &profile.tls, profile.allow_insecure_http) {
            Ok(api) => api,
            Err(error) => {
                self.outbox.send(Event::SignInFailed(SignInFailure::Refused(
                    Problem::at_field("server", Failure::from_api(&error)),
                )));
                return None;
            }
        };
        api.restore_session(session.clone());
        // The user as the server has it now (`users/self`): its name or permissions may have changed since the
        // sign-in was kept. A server without the route, or one that fails it, leaves the kept user.
        let session = match api.refresh_user().await {
            Ok(user) => Session { user, ..session },
            Err(error) => {
                tracing::info!(%error, "the user could not be read again; the kept one is used");
                session
            }
        };
        self.open_journal(&profile.server, &profile.login);
        // The first listing proves the token; a 401 there returns to sign-in and forgets it.
        Some(self.activate(api, session, &profile))
    }

    async fn handle(&self, command: Command, active: &mut Option<Active>) {
        // A sign-in is noted in the journal of the account it is for, once that is known (`sign_in`).
        if !matches!(command, Command::SignIn(_)) {
            self.outbox
                .journal
                .command(&command, self.outbox.clock.now());
        }
        match command {
            Command::SignIn(request) => {
                self.end_session(active).await;
                *active = self.sign_in(request).await;
            }
            Command::LoadCaptcha { server, tls } => self.load_captcha(&server, &tls),
            Command::LoadServerFacts { server, tls } => self.load_server_facts(server, &tls),
            Command::ListSessions => self.sessions_job(active, None),
            Command::EndSession { id } => self.sessions_job(active, Some(id)),
            Command::SignOut => self.sign_out(active).await,
            Command::Refresh => {
                if let Some(session) = active {
                    session.sync.notify_one();
                }
            }
            Command::CreateCode {
                request,
                intercom,
                title,
                expires_at,
            } => {
                let Some(job) = self.job(active) else { return };
                super::spawn(
                    async move { job.create(request, intercom, &title, expires_at).await },
                );
            }
            Command::Extend {
                request,
                old,
                intercom,
                title,
                expires_at,
                revoke_first,
            } => {
                let Some(job) = self.job(active) else { return };
                super::spawn(async move {
                    job.extend(request, old, intercom, &title, expires_at, revoke_first)
                        .await;
                });
            }
            Command::RevokeCodes { ids } => {
                let Some(job) = self.job(active) else { return };
                super::spawn(async move { job.revoke(ids).await });
            }
            Command::OpenDoor { intercom, call } => {
                let Some(job) = self.job(active) else { return };
                super::spawn(async move { job.open_door(intercom, call).await });
            }
            Command::RememberOpenAccounts { profiles } => self.remember_open(profiles).await,
            Command::NameGroup { name } => self.name_group(active, name).await,
            Command::RememberIntercom { intercom } => {
                self.remember(move |settings| settings.last_intercom = intercom)
                    .await;
            }
            Command::RememberLanguage { language } => {
                self.remember(move |settings| settings.language = language)
                    .await;
            }
            Command::RememberTheme { theme } => {
                self.remember(move |settings| settings.theme = theme).await;
            }
            Command::Notify(alert) => self.notify(*alert),
            Command::CloseNotification { key } => self.desktop.close(key),
            Command::RememberNotification { kind, on } => {
                self.remember(move |settings| settings.notifications.set(kind, on))
                    .await;
            }
            Command::RememberWindow { place } => {
                self.remember(move |settings| settings.window = Some(place))
                    .await;
            }
            Command::SaveHandover { handover } => {
                self.remember(move |settings| settings.handover = handover)
                    .await;
            }
            Command::SaveInstructions { intercom, text } => {
                self.save_instructions(active, intercom, text).await;
            }
            Command::MakeSlip {
                handover,
                qr_text,
                size,
                then,
            } => self.make_slip(handover, qr_text, size, then),
            Command::ForgetProfile { name } => self.forget_profile(name).await,
            Command::Journal(request) => self.journal_request(request),
        }
    }

    /// A read or an export of the journal, answered on the journal's own thread.
    fn journal_request(&self, request: crate::journal::Request) {
        let outbox = self.outbox.clone();
        journal::request(
            request,
            self.outbox.journal.current(),
            self.config.save_dialog.clone(),
            today(&self.outbox.clock),
            move |event| outbox.send(event),
        );
    }

    /// Shows `alert` on the desktop; where nothing shows notifications, the window says it.
    fn notify(&self, alert: Alert) {
        let outbox = self.outbox.clone();
        let now = outbox.clock.now();
        self.desktop
            .notify(alert, now, move |event| outbox.send(event));
    }

    /// A captcha carries no secret: asked for before any session.
    fn load_captcha(&self, server: &str, tls: &TrustChoice) {
        match self.client(server, tls, true) {
            Ok(api) => {
                let outbox = self.outbox.clone();
                super::spawn(async move { load_captcha(&api, &outbox).await });
            }
            Err(error) => self.outbox.send(Event::SignInFailed(SignInFailure::Refused(
                Problem::at_field("server", Failure::from_api(&error)),
            ))),
        }
    }

    /// What a server says of itself, asked before any sign-in (nothing secret goes with it).
    fn load_server_facts(&self, server: String, tls: &TrustChoice) {
        let outbox = self.outbox.clone();
        match self.client(&server, tls, true) {
            Ok(api) => {
                super::spawn(async move {
                    super::sessions::facts(&api, server, move |event| outbox.send(event)).await;
                });
            }
            Err(error) => outbox.send(Event::ServerFacts {
                server,
                facts: Err(Failure::from_api(&error)),
            }),
        }
    }

    /// Lists the account's sessions, or ends one (`end`) and lists them again.
    fn sessions_job(&self, active: &Option<Active>, end: Option<String>) {
        let Some(job) = self.job(active) else { return };
        super::spawn(async move {
            let outbox = job.outbox.clone();
            let send = move |event| outbox.send_for(job.generation, event);
            match end {
                Some(id) => super::sessions::end(&job.api, id, send).await,
                None => super::sessions::list(&job.api, send).await,
            }
        });
    }

    async fn sign_out(&self, active: &mut Option<Active>) {
        if let Some(session) = active.take() {
            self.outbox.current.fetch_add(1, Ordering::SeqCst);
            let (api, key) = (session.api.clone(), session.key.clone());
            session.end().await;
            if let Err(error) = api.logout().await {
                tracing::warn!(%error, "ending the session on the server failed");
                // Forgotten here all the same; the user is told the server may still count it.
                let reason = Failure::from_api(&error).sentence();
                self.outbox.send(Event::Notice {
                    text: t!("sign-out-kept", reason = reason),
                });
            }
            self.remembered.clear_session(key).await;
        }
        self.outbox.send(Event::SignedOut { reason: None });
        self.outbox.journal.close();
    }

    /// Changes the settings kept on disk.
    async fn remember(&self, change: impl FnOnce(&mut Settings) + Send + 'static) {
        self.remembered.update_settings(change).await;
    }

    /// The instructions printed on the slips of an intercom, kept with the account signed in.
    async fn save_instructions(&self, active: &Option<Active>, intercom: u64, text: String) {
        let Some(profile) = active.as_ref().map(|session| session.profile.clone()) else {
            return;
        };
        self.remember(move |settings| {
            if let Some(profile) = settings.profiles.iter_mut().find(|p| p.name == profile) {
                if text.trim().is_empty() {
                    profile.instructions.remove(&intercom);
                } else {
                    profile.instructions.insert(intercom, text);
                }
            }
        })
        .await;
    }

    /// Which accounts the window has open together, for its next start.
    async fn remember_open(&self, profiles: Vec<String>) {
        self.remember(move |settings| settings.open_accounts = profiles)
            .await;
    }

    /// Names the signed-in account's group of intercoms; the state hears the profiles again.
    async fn name_group(&self, active: &Option<Active>, name: String) {
        let Some(profile) = active.as_ref().map(|session| session.profile.clone()) else {
            return;
        };
        let settings = self
            .remembered
            .update_settings(move |settings| {
                if let Some(profile) = settings.profiles.iter_mut().find(|p| p.name == profile) {
                    let name = name.trim();
                    profile.group = (!name.is_empty()).then(|| name.to_owned());
                }
            })
            .await;
        self.outbox.send(Event::remembered(&settings));
    }

    async fn forget_profile(&self, name: String) {
        let removed = self.remembered.settings().profile(&name).cloned();
        if let Some(profile) = removed {
            self.remembered.clear_session(profile.token_key()).await;
        }
        let settings = self
            .remembered
            .update_settings(move |settings| {
                settings.remove_profile(&name);
            })
            .await;
        self.outbox.send(Event::remembered(&settings));
    }

    /// A visitor slip made off the async threads, saved where the user says ("Save as…" asks first).
    fn make_slip(
        &self,
        handover: Box<Handover>,
        qr_text: String,
        size: SlipSize,
        then: SlipAction,
    ) {
        let outbox = self.outbox.clone();
        let dialog = self.config.save_dialog.clone();
        let folder = self.slips.clone();
        super::spawn(async move {
            // "Save as…" asks where first, as the exports do; a cancelled dialog ends it quietly.
            let (then, note) = match then {
                SlipAction::SaveAs => {
                    let file_name = slips::file_name(&handover);
                    match save_dialog::ask_or_fallback(&*dialog, file_name, FileKind::Slip).await {
                        Ok(Some((path, note))) => (SlipAction::Save(path), note),
                        Ok(None) => return,
                        Err(error) => {
                            return outbox.send(Event::SlipFailed {
                                error: error.into(),
                            });
                        }
                    }
                }
                then => (then, None),
            };
            // Saved where no dialog asked (the downloads folder): made the user's alone before it is written.
            let private = match (&then, &note) {
                (SlipAction::Save(path), Some(_)) => Some(path.clone()),
                _ => None,
            };
            let made = super::spawn_blocking(move || {
                if let Some(path) = private {
                    let _ = crate::files::private_options()
                        .write(true)
                        .create_new(true)
                        .open(path);
                }
                slips::make(&folder, &handover, &qr_text, size, &then).map(|path| (then, path))
            })
            .await
            .unwrap_or_else(|error| Err(SlipFailure::Make(error.to_string())));
            outbox.send(match made {
                Ok((then, path)) => Event::SlipMade { then, path, note },
                Err(error) => Event::SlipFailed { error },
            });
        });
    }

    /// Opens the journal of this server and login (the one it was open already stays).
    fn open_journal(&self, server: &str, login: &str) {
        self.outbox.journal.open(server, login);
    }

    fn job(&self, active: &Option<Active>) -> Option<Job> {
        active.as_ref().map(|session| Job {
            api: session.api.clone(),
            generation: session.generation,
            outbox: self.outbox.clone(),
            internal: self.internal.clone(),
        })
    }

    async fn end_session(&self, active: &mut Option<Active>) {
        if let Some(session) = active.take() {
            self.outbox.current.fetch_add(1, Ordering::SeqCst);
            session.api.forget_session();
            session.end().await;
        }
    }

    /// A client of `server`; `allow_insecure_http`: the user agreed to plain http to another computer.
    fn client(
        &self,
        server: &str,
        tls: &TrustChoice,
        allow_insecure_http: bool,
    ) -> Result<Client, ApiError> {
        let mut client_config = ClientConfig::new(server, self.config.device_id.clone())?;
        client_config.per_page = self.config.per_page;
        client_config.tls = tls.into();
        client_config.allow_insecure_http = allow_insecure_http;
        client_config.paging = PAGING.clone();
        // The server writes its messages in the window's language, as it is when each request leaves.
        let language = self.config.language.clone();
        client_config.language_source = Some(LanguageSource::new(move || language.tag()));
        // A listing that waits for the server says so, rather than seem to hang.
        let outbox = self.outbox.clone();
        client_config.on_wait = Some(WaitHook::new(move |wait| {
            outbox.send(Event::Notice {
                text: t!("server-busy-waiting", seconds = wait.as_secs().max(1)),
            });
        }));
        Client::new(client_config)
    }

    async fn sign_in(&self, request: SignInRequest) -> Option<Active> {
        let outbox = &self.outbox;
        let refused = |problem: Problem| Event::SignInFailed(SignInFailure::Refused(problem));
        if !request.allow_insecure_http && unencrypted(&request.server) {
            // Asked before anything is sent (or journalled): the password would travel in clear.
            let failure = Failure::from_api(&insecure(&request.server));
            outbox.send(refused(Problem::at_field("server", failure)));
            return None;
        }
        let api = match self.client(&request.server, &request.tls, request.allow_insecure_http) {
            Ok(api) => api,
            Err(error) => {
                outbox.send(refused(Problem::at_field(
                    "server",
                    Failure::from_api(&error),
                )));
                return None;
            }
        };
        // A journal file is made only for a sign-in that succeeds (a mistyped server or login leaves none).
        self.outbox
            .journal
            .open_for_sign_in(api.config().base_url.as_str(), request.login.trim());
        self.outbox.journal.observe(Observation {
            at: self.outbox.clock.now(),
            what: What::SignInAttempt {
                login: request.login.trim().to_owned(),
            },
        });
        let login = LoginRequest {
            login: request.login.trim().to_owned(),
            password: request.password.clone(),
            captcha: request.captcha.clone(),
            end_session: request.end_session.clone(),
        };
        let session = match api.login(&login).await {
            Ok(session) => session,
            Err(ApiError::TooManySessions {
                limit,
                sessions,
                message,
                key: _,
            }) => {
                outbox.send(Event::SignInFailed(SignInFailure::TooManySessions {
                    limit,
                    sessions,
                    message,
                }));
                return None;
            }
            Err(error @ ApiError::Validation { .. })
                if !error.field_errors("captcha").is_empty() =>
            {
                outbox.send(Event::SignInFailed(SignInFailure::CaptchaRequired(
                    Problem::from_api(&error),
                )));
                load_captcha(&api, outbox).await;
                return None;
            }
            Err(error) => {
                outbox.send(Event::SignInFailed(sign_in_refusal(&error)));
                return None;
            }
        };

        // Remember the account: the profile in the settings file, the session in the token store.
        let base_url = api.config().base_url.to_string();
        self.open_journal(&base_url, login.login.trim());
        let profile = Profile {
            name: crate::settings::profile_name(&login.login, &base_url),
            server: base_url,
            login: login.login.clone(),
            auth_path: request.auth_path.clone(),
            tls: request.tls.clone(),
            allow_insecure_http: request.allow_insecure_http && unencrypted(&request.server),
            ..Profile::default()
        };
        let key = profile.token_key();
        if let Err(error) = self.remembered.save_session(key.clone(), &session).await {
            outbox.send(Event::NotRemembered {
                reason: error.reason(),
            });
        }
        let kept = profile.clone();
        let settings = self
            .remembered
            .update_settings(move |settings| {
                settings.last_profile = Some(kept.name.clone());
                settings.upsert_profile(kept);
            })
            .await;
        outbox.send(Event::remembered(&settings));
        Some(self.activate(api, session, &profile))
    }

    /// Starts what runs for a signed-in session: the listing loop and the live channel.
    fn activate(&self, api: Client, session: Session, profile: &Profile) -> Active {
        let outbox = &self.outbox;
        let generation = outbox.current.fetch_add(1, Ordering::SeqCst) + 1;
        tracing::info!(login = %session.user.login, server = %api.config().base_url, "signed in");
        self.instance
            .signed_in(&profile.server, &profile.login, outbox.sender());
        outbox.send(Event::SignedIn {
            user: session.user,
            server: api.config().base_url.to_string(),
        });

        let follow_live = self.config.follow == Follow::Live;
        let sync = Arc::new(Notify::new());
        let syncer = super::spawn(sync_loop(
            api.clone(),
            sync.clone(),
            outbox.clone(),
            self.internal.clone(),
            generation,
            follow_live,
        ));
        if !follow_live {
            return Active {
                generation,
                api,
                profile: profile.name.clone(),
                key: profile.token_key(),
                live: None,
                sync,
                tasks: vec![syncer],
            };
        }
        sync.notify_one();

        let mut live_config = self.config.live.clone();
        if let Some(path) = profile
            .auth_path
            .as_ref()
            .filter(|path| !path.trim().is_empty())
        {
            live_config.auth_paths = vec![path.trim().to_owned()];
        }
        let (live_tx, mut live_rx) = mpsc::unbounded_channel();
        let live = live::spawn(api.clone(), live_config, live_tx);
        let forwarder = {
            let outbox = outbox.clone();
            let sync = sync.clone();
            let internal = self.internal.clone();
            super::spawn(async move {
                while let Some(event) = live_rx.recv().await {
                    match &event {
                        // The server ended this session: sign out (after the push is journalled as seen).
                        LiveEvent::Push(Push::Logout { .. }) => {
                            outbox.send_for(generation, Event::Live(event));
                            let _ = internal.send(Internal::EndedElsewhere { generation });
                            return;
                        }
                        // A stopped live channel may mean the token died: a listing finds out (and signs out on
                        // 401).
                        LiveEvent::Stopped { .. } => sync.notify_one(),
                        _ => {}
                    }
                    outbox.send_for(generation, Event::Live(event));
                }
            })
        };
        Active {
            generation,
            api,
            profile: profile.name.clone(),
            key: profile.token_key(),
            live: Some(live),
            sync,
            tasks: vec![syncer, forwarder],
        }
    }
}

/// What a request's task needs: the client, and how to report back for its session.
struct Job {
    api: Client,
    generation: u64,
    outbox: Outbox,
    internal: mpsc::UnboundedSender<Internal>,
}

impl Job {
    fn send(&self, event: Event) {
        self.outbox.send_for(self.generation, event);
    }

    fn note(&self, what: What) {
        self.outbox.note_for(self.generation, what);
    }

    async fn create(
        &self,
        request: RequestId,
        intercom: u64,
        title: &str,
        expires_at: DateTime<Utc>,
    ) {
        match self.api.create_code(intercom, title, expires_at).await {
            Ok(code) => self.send(Event::CodeCreated { request, code }),
            Err(error) => {
                self.check_unauthorized(&error);
                let limit = error.code_limit();
                self.send(Event::CreateFailed {
                    request,
                    problem: Problem::from_api(&error),
                    limit,
                });
            }
        }
    }

    async fn revoke(&self, ids: Vec<u64>) {
        match self.api.delete_codes(&ids).await {
            Ok(()) => self.send(Event::CodesRevoked { ids }),
            Err(error) => {
                self.check_unauthorized(&error);
                self.send(Event::RevokeFailed {
                    ids,
                    failure: Failure::from_api(&error),
                });
            }
        }
    }

    async fn open_door(&self, intercom: u64, call: Option<u64>) {
        match self.api.open_door(intercom).await {
            Ok(()) => self.send(Event::DoorOpened { intercom, call }),
            Err(error) => {
                self.check_unauthorized(&error);
                self.send(Event::DoorFailed {
                    intercom,
                    failure: Failure::from_api(&error),
                });
            }
        }
    }

    /// Makes the new code and revokes the old one, in the order the account's room allows, and says exactly
    /// what happened: never a visitor left with no code without the user being told.
    async fn extend(
        &self,
        request: RequestId,
        old: u64,
        intercom: u64,
        title: &str,
        expires_at: DateTime<Utc>,
        revoke_first: bool,
    ) {
        let failed = |error: &ApiError, old_revoked: bool| Event::ExtendFailed {
            request,
            old,
            problem: Problem::from_api(error),
            limit: error.code_limit(),
            old_revoked,
        };
        // The journal hears of each half as it happens (see `What::Extended`).
        if revoke_first {
            if let Err(error) = self.api.delete_codes(&[old]).await {
                self.check_unauthorized(&error);
                return self.send(failed(&error, false));
            }
            self.note(What::ExtendRevoke {
                old,
                new: None,
                result: Ok(()),
            });
            match self.api.create_code(intercom, title, expires_at).await {
                Ok(code) => {
                    self.note(What::Extended {
                        request,
                        code: code.clone(),
                        old,
                    });
                    self.send(Event::Extended {
                        request,
                        code,
                        old,
                        old_revoke: Ok(()),
                    });
                }
                Err(error) => {
                    self.check_unauthorized(&error);
                    self.send(failed(&error, true));
                }
            }
            return;
        }
        let code = match self.api.create_code(intercom, title, expires_at).await {
            Ok(code) => code,
            Err(error) => {
                self.check_unauthorized(&error);
                return self.send(failed(&error, false));
            }
        };
        self.note(What::Extended {
            request,
            code: code.clone(),
            old,
        });
        let old_revoke = self.api.delete_codes(&[old]).await.map_err(|error| {
            self.check_unauthorized(&error);
            Problem::from_api(&error)
        });
        self.note(What::ExtendRevoke {
            old,
            new: Some(code.clone()),
            result: old_revoke.clone().map_err(|problem| problem_text(&problem)),
        });
        self.send(Event::Extended {
            request,
            code,
            old,
            old_revoke,
        });
    }

    fn check_unauthorized(&self, error: &ApiError) {
        if error.is_unauthorized() {
            let _ = self.internal.send(Internal::Unauthorized {
                generation: self.generation,
            });
        }
    }
}

/// Whether `server` is plain http to another computer (a password or token sent there travels in clear).
fn unencrypted(server: &str) -> bool {
    aipix_client::api::parse_base_url(server)
        .is_ok_and(|url| aipix_client::api::is_unencrypted(&url))
}

/// The refusal for a plain-http `server` the user has not agreed to.
fn insecure(server: &str) -> ApiError {
    let host = aipix_client::api::parse_base_url(server)
        .ok()
        .and_then(|url| url.host_str().map(str::to_owned))
        .unwrap_or_default();
    ApiError::InsecureHttp { host }
}

/// A refused sign-in as the sign-in screen says it.
fn sign_in_refusal(error: &ApiError) -> SignInFailure {
    if let ApiError::RateLimited { retry_after } = error {
        return SignInFailure::RateLimited {
            retry_after: retry_after.map(|wait| wait.as_secs().max(1)),
        };
    }
    match certificate_problem(error) {
        Some(problem) => SignInFailure::Certificate(problem),
        // The reasons of a 422 go under their fields.
        None if !error.field_errors("login").is_empty()
            || !error.field_errors("password").is_empty() =>
        {
            SignInFailure::Refused(Problem::from_api(error))
        }
        // Whatever is wrong with the server itself (unreachable, not AIPIX, http not https) is said
        // under its address.
        None => match Failure::at_sign_in(error) {
            Failure::Refused { .. } => SignInFailure::Refused(Problem::from_api(error)),
            failure => SignInFailure::Refused(Problem::at_field("server", failure)),
        },
    }
}

/// A certificate refusal the user can answer by trusting the certificate.
fn certificate_problem(error: &ApiError) -> Option<CertificateProblem> {
    match error {
        ApiError::UntrustedCertificate {
            subject, sha256, ..
        } => Some(CertificateProblem {
            detail: error.to_string(),
            subject: subject.clone(),
            sha256: sha256.clone(),
            changed: false,
        }),
        ApiError::CertificateChanged { found, subject, .. } => Some(CertificateProblem {
            detail: error.to_string(),
            subject: subject.clone(),
            sha256: found.clone(),
            changed: true,
        }),
        _ => None,
    }
}

/// Lists everything whenever asked; requests that arrive during a listing are folded into one more. A failed
/// listing is tried again after a pause when `retry` (the window), not when a command asked once.
async fn sync_loop(
    api: Client,
    requested: Arc<Notify>,
    outbox: Outbox,
    internal: mpsc::UnboundedSender<Internal>,
    generation: u64,
    retry: bool,
) {
    loop {
        requested.notified().await;
        let started = outbox.clock.now();
        // The calls (the window's only) beside the codes: a listing is over when its answer comes.
        let (listing, calls) = tokio::join!(
            async { tokio::try_join!(api.intercoms(), api.codes()) },
            super::calls::list(&api, retry)
        );
        match listing {
            Ok((intercoms, codes)) => {
                let unreadable = (!intercoms.unreadable.is_empty() || !codes.unreadable.is_empty())
                    .then(|| Event::ItemsUnreadable {
                        intercoms: intercoms.unreadable,
                        codes: codes.unreadable,
                    });
                outbox.send_for(
                    generation,
                    Event::Synced {
                        intercoms: intercoms.items,
                        codes: codes.items,
                        at: started,
                    },
                );
                // After the listing, which clears what the last one could not read.
                if let Some(event) = unreadable {
                    outbox.send_for(generation, event);
                }
                if let Some(calls) = calls {
                    outbox.send_for(generation, Event::CallsListed { calls });
                }
            }
            Err(error) => {
                if error.is_unauthorized() {
                    let _ = internal.send(Internal::Unauthorized { generation });
                    return;
                }
                outbox.send_for(
                    generation,
                    Event::SyncFailed {
                        failure: Failure::from_api(&error),
                    },
                );
                if !retry {
                    continue;
                }
                // Try again by itself after a pause, unless something asks sooner.
                let again = requested.clone();
                super::spawn(async move {
                    tokio::time::sleep(Duration::from_secs(10)).await;
                    again.notify_one();
                });
            }
        }
    }
}

async fn load_captcha(api: &Client, outbox: &Outbox) {
    let result = async {
        let captcha = api.captcha().await?;
        let encoded = captcha
            .img
            .split_once("base64,")
            .map_or(captcha.img.as_str(), |(_, data)| data);
        let png = base64::engine::general_purpose::STANDARD
            .decode(encoded.trim())
            .map_err(|error| ApiError::Decode {
                what: "captcha image".into(),
                detail: error.to_string(),
            })?;
        Ok::<_, ApiError>(Event::CaptchaLoaded {
            key: captcha.key,
            png,
        })
    }
    .await;
    match result {
        Ok(event) => outbox.send(event),
        Err(error) => outbox.send(Event::SignInFailed(SignInFailure::CaptchaRequired(
            Problem::failure(Failure::CaptchaUnavailable {
                detail: error.to_string(),
            }),
        ))),
    }
}

/// The local day it is by the backend's clock (exports are named after it).
fn today(clock: &Clock) -> chrono::NaiveDate {
    clock.now().with_timezone(&chrono::Local).date_naive()
}
