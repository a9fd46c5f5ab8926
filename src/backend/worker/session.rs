//! The worker's sessions: resuming a kept sign-in at start, signing in (and every way it is refused), what runs
//! while signed in (the listing loop, the live channel), and signing out.

use super::*;

/// How long the first listing of a session waits for the live channel's subscription before it goes ahead.
const FIRST_LISTING_WAITS_FOR_LIVE: Duration = Duration::from_secs(1);

impl Context {
    /// Tells the UI what was kept, and resumes the last sign-in when its token is still kept.
    pub(super) async fn start(&self) -> Option<Active> {
        let settings = self.remembered.settings();
        let last_profile = settings.last_used_profile().cloned();
        self.outbox.tell(Event::remembered(&settings));
        let warning = match &self.config.store_warning {
            Some(reason) => Some(reason.clone()),
            // A keyring opened while the window showed itself knows only now (waited for off the runtime).
            None => {
                let store = self.config.store.clone();
                crate::backend::spawn_blocking(move || store.warning())
                    .await
                    .ok()
                    .flatten()
            }
        };
        if let Some(reason) = warning {
            self.outbox.tell(Event::NotRemembered { reason });
        }
        for text in &self.config.notices {
            self.outbox.tell(Event::Notice { text: text.clone() });
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
            self.outbox.tell(Event::NotResumed { reason });
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
        self.outbox.tell(Event::Resuming {
            server: profile.server.clone(),
            login: profile.login.clone(),
        });
        let api = match self.client(&profile.server, &profile.tls, profile.allow_insecure_http) {
            Ok(api) => api,
            Err(error) => {
                self.outbox.tell(Event::SignInFailed(SignInFailure::Refused(
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

    /// A captcha carries no secret: asked for before any session.
    pub(super) fn load_captcha(&self, server: &str, tls: &TrustChoice) {
        match self.client(server, tls, true) {
            Ok(api) => {
                let outbox = self.outbox.clone();
                crate::backend::spawn(async move { load_captcha(&api, &outbox).await });
            }
            Err(error) => self.outbox.tell(Event::SignInFailed(SignInFailure::Refused(
                Problem::at_field("server", Failure::from_api(&error)),
            ))),
        }
    }

    /// What a server says of itself, asked before any sign-in (nothing secret goes with it).
    pub(super) fn load_server_facts(&self, server: String, tls: &TrustChoice) {
        let outbox = self.outbox.clone();
        match self.client(&server, tls, true) {
            Ok(api) => {
                crate::backend::spawn(async move {
                    crate::backend::sessions::facts(&api, server, move |event| outbox.tell(event))
                        .await;
                });
            }
            Err(error) => outbox.tell(Event::ServerFacts {
                server,
                facts: Err(Failure::from_api(&error)),
            }),
        }
    }

    pub(super) async fn sign_out(&self, active: &mut Option<Active>) {
        if let Some(session) = active.take() {
            self.outbox.current.fetch_add(1, Ordering::SeqCst);
            let (api, key) = (session.api.clone(), session.key.clone());
            session.end().await;
            if let Err(error) = api.logout().await {
                tracing::warn!(%error, "ending the session on the server failed");
                // Forgotten here all the same; the user is told the server may still count it.
                let reason = Failure::from_api(&error).sentence();
                self.outbox.tell(Event::Notice {
                    text: t!("sign-out-kept", reason = reason),
                });
            }
            self.remembered.clear_session(key).await;
        }
        self.outbox.tell(Event::SignedOut { reason: None });
        self.outbox.journal.close();
    }

    /// Why `session` ended, when this computer ended it (the command line, or a window here): read from the
    /// account's journal, where whoever ends a session notes it, committed, before asking the server.
    pub(super) async fn ended_here(&self, session: &Active) -> Option<SignOutReason> {
        let id = session.session_id.clone()?;
        let path = self.outbox.journal.current()?.path().to_owned();
        let since = self.outbox.clock.now() - chrono::TimeDelta::minutes(2);
        let (at, origin) = crate::backend::spawn_blocking(move || {
            crate::journal::session_ended_here(&path, &id, since)
        })
        .await
        .ok()
        .flatten()?;
        let from = match origin {
            crate::journal::Origin::CommandLine => EndedFrom::CommandLine,
            _ => EndedFrom::Window,
        };
        Some(SignOutReason::EndedHere { from, at })
    }

    /// Changes the settings kept on disk.
    pub(super) async fn end_session(&self, active: &mut Option<Active>) {
        if let Some(session) = active.take() {
            self.outbox.current.fetch_add(1, Ordering::SeqCst);
            session.api.forget_session();
            session.end().await;
        }
    }

    /// A client of `server`; `allow_insecure_http`: the user agreed to plain http to another computer.
    pub(super) fn client(
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
            outbox.tell(Event::Notice {
                text: t!("server-busy-waiting", seconds = wait.as_secs().max(1)),
            });
        }));
        Client::new(client_config)
    }

    pub(super) async fn sign_in(&self, request: SignInRequest) -> Option<Active> {
        let outbox = &self.outbox;
        let refused = |problem: Problem| Event::SignInFailed(SignInFailure::Refused(problem));
        if !request.allow_insecure_http && unencrypted(&request.server) {
            // Asked before anything is sent (or journalled): the password would travel in clear.
            let failure = Failure::from_api(&insecure(&request.server));
            outbox.tell(refused(Problem::at_field("server", failure)));
            return None;
        }
        let api = match self.client(&request.server, &request.tls, request.allow_insecure_http) {
            Ok(api) => api,
            Err(error) => {
                outbox.tell(refused(Problem::at_field(
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
        self.note_attempt(&request);
        if request.end_session.is_some() {
            self.outbox.journal.written().await;
        }
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
                outbox.tell(Event::SignInFailed(SignInFailure::TooManySessions {
                    limit,
                    sessions,
                    message,
                }));
                return None;
            }
            Err(error @ ApiError::Validation { .. })
                if !error.field_errors("captcha").is_empty() =>
            {
                outbox.tell(Event::SignInFailed(SignInFailure::CaptchaRequired(
                    Problem::from_api(&error),
                )));
                load_captcha(&api, outbox).await;
                return None;
            }
            Err(error) => {
                outbox.tell(Event::SignInFailed(refusal(&error)));
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
            outbox.tell(Event::NotRemembered {
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
        outbox.tell(Event::remembered(&settings));
        Some(self.activate(api, session, &profile))
    }

    /// Journals a sign-in about to be asked for, and the old session it ends to make room, if it names one: noted
    /// before it is asked, as the window whose session it is looks as soon as it is told.
    fn note_attempt(&self, request: &SignInRequest) {
        let at = self.outbox.clock.now();
        self.outbox.journal.observe(Observation {
            at,
            what: What::SignInAttempt {
                login: request.login.trim().to_owned(),
            },
        });
        if let Some(id) = &request.end_session {
            self.outbox.journal.observe(Observation {
                at,
                what: What::EndingSession { id: id.clone() },
            });
        }
    }

    /// The live channel's settings for `profile`: the configured ones, with the profile's own auth path if it has
    /// one.
    fn live_config(&self, profile: &Profile) -> live::LiveConfig {
        let mut live_config = self.config.live.clone();
        if let Some(path) = profile
            .auth_path
            .as_ref()
            .filter(|path| !path.trim().is_empty())
        {
            live_config.auth_paths = vec![path.trim().to_owned()];
        }
        live_config
    }

    /// Starts what runs for a signed-in session: the listing loop and the live channel.
    pub(super) fn activate(&self, api: Client, session: Session, profile: &Profile) -> Active {
        let outbox = &self.outbox;
        let generation = outbox.current.fetch_add(1, Ordering::SeqCst) + 1;
        let session_id = session.user.access_token_id.clone();
        tracing::info!(login = %session.user.login, server = %api.config().base_url, "signed in");
        self.instance
            .signed_in(&profile.server, &profile.login, outbox.sender());
        outbox.tell(Event::SignedIn {
            user: session.user,
            server: api.config().base_url.to_string(),
        });

        let follow_live = self.config.follow == Follow::Live;
        let sync = Arc::new(Notify::new());
        let syncer = crate::backend::spawn(sync_loop(
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
                session_id,
                key: profile.token_key(),
                live: None,
                sync,
                tasks: vec![syncer],
            };
        }
        let (first_listing, timer) = FirstListing::start(sync.clone());
        let (live_tx, live_rx) = mpsc::unbounded_channel();
        let live = live::spawn(api.clone(), self.live_config(profile), live_tx);
        let forwarder = crate::backend::spawn(forward_live(
            live_rx,
            outbox.clone(),
            self.internal.clone(),
            generation,
            first_listing,
        ));
        Active {
            generation,
            api,
            session_id,
            key: profile.token_key(),
            live: Some(live),
            sync,
            tasks: vec![syncer, forwarder, timer],
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

/// A refused sign-in as the sign-in screen shows it: a certificate to trust, the server's reasons under their
/// fields, or whatever is wrong with the server itself (unreachable, not AIPIX, http not https) under its address.
fn refusal(error: &ApiError) -> SignInFailure {
    if let ApiError::RateLimited { retry_after } = error {
        return SignInFailure::RateLimited {
            retry_after: retry_after.map(|wait| wait.as_secs().max(1)),
        };
    }
    match certificate_problem(error) {
        Some(problem) => SignInFailure::Certificate(problem),
        None if !error.field_errors("login").is_empty()
            || !error.field_errors("password").is_empty() =>
        {
            SignInFailure::Refused(Problem::from_api(error))
        }
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
        Ok(event) => outbox.tell(event),
        Err(error) => outbox.tell(Event::SignInFailed(SignInFailure::CaptchaRequired(
            Problem::failure(Failure::CaptchaUnavailable {
                detail: error.to_string(),
            }),
        ))),
    }
}

/// The first listing of a session that follows the live channel. It waits for the subscription and starts the
/// moment there is one (pushes made before the subscription never come): a listing made before would only be made
/// again, 10,000 codes twice. It starts here, not after a round through the window (busy drawing its first
/// frames). A live channel that fails, or takes longer than [`FIRST_LISTING_WAITS_FOR_LIVE`], does not hold the
/// codes back.
struct FirstListing {
    sync: Arc<Notify>,
    /// The timer that lists without the live channel, until the channel is subscribed or fails.
    waiting: Option<tokio::task::AbortHandle>,
    /// The channel has been subscribed once: the listing for it is made (later ones are the window's to ask for).
    subscribed: bool,
}

impl FirstListing {
    /// Starts the timer, whose task ends with the session's.
    fn start(sync: Arc<Notify>) -> (Self, tokio::task::JoinHandle<()>) {
        let timer = {
            let sync = sync.clone();
            crate::backend::spawn(async move {
                tokio::time::sleep(FIRST_LISTING_WAITS_FOR_LIVE).await;
                sync.notify_one();
            })
        };
        let first = Self {
            sync,
            waiting: Some(timer.abort_handle()),
            subscribed: false,
        };
        (first, timer)
    }

    /// Acts on a live event before it goes on to the window (the state asks for no listing for the resync of the
    /// first subscription: this is it).
    fn on(&mut self, event: &LiveEvent) {
        match event {
            LiveEvent::Connected { .. } if !self.subscribed => {
                self.subscribed = true;
                if let Some(waiting) = self.waiting.take() {
                    waiting.abort();
                }
                self.sync.notify_one();
            }
            // Not there yet: the codes are listed now, without it (a stopped channel lists anyway).
            LiveEvent::Disconnected { .. } | LiveEvent::Stopped { .. } => {
                if let Some(waiting) = self.waiting.take() {
                    waiting.abort();
                    if matches!(event, LiveEvent::Disconnected { .. }) {
                        self.sync.notify_one();
                    }
                }
            }
            _ => {}
        }
    }
}

/// Passes the live channel's events on to the window, acting first on those that ask something of the session.
async fn forward_live(
    mut live_rx: mpsc::UnboundedReceiver<LiveEvent>,
    outbox: Outbox,
    internal: mpsc::UnboundedSender<Internal>,
    generation: u64,
    mut first_listing: FirstListing,
) {
    while let Some(event) = live_rx.recv().await {
        first_listing.on(&event);
        match &event {
            // The server ended this session: sign out (after the push is journalled as seen).
            LiveEvent::Push(Push::Logout { .. }) => {
                outbox.tell_for(generation, Event::Live(event));
                let _ = internal.send(Internal::EndedElsewhere { generation });
                return;
            }
            // A stopped live channel may mean the token died: a listing finds out (and signs out on 401).
            LiveEvent::Stopped { .. } => first_listing.sync.notify_one(),
            _ => {}
        }
        outbox.tell_for(generation, Event::Live(event));
    }
}
