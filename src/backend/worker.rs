//! The backend's task: one loop over commands; each request runs in a task of its own so that a slow listing
//! never holds up a create. Results from a session that has since ended are dropped.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use base64::Engine as _;
use chrono::Utc;
use tokio::sync::{Notify, mpsc};

use super::messages::{Command, Event, Problem, SignInFailure, SignInRequest};
use super::{BackendConfig, Waker};
use crate::api::{ApiError, Client, ClientConfig, LoginRequest};
use crate::live::{self, LiveEvent, LiveHandle};

/// What the worker's own tasks tell it.
enum Internal {
    /// A call of session `generation` was refused with 401.
    Unauthorized { generation: u64 },
}

/// Sends events to the UI and wakes it, unless they belong to a session that has ended.
#[derive(Clone)]
struct Outbox {
    events: mpsc::UnboundedSender<Event>,
    wake: Waker,
    current: Arc<AtomicU64>,
}

impl Outbox {
    fn send(&self, event: Event) {
        if self.events.send(event).is_ok() {
            (self.wake)();
        }
    }

    /// Sends only while `generation` is still the current session.
    fn send_for(&self, generation: u64, event: Event) {
        if self.current.load(Ordering::SeqCst) == generation {
            self.send(event);
        }
    }
}

/// A signed-in session and what runs for it.
struct Active {
    generation: u64,
    api: Client,
    live: LiveHandle,
    sync: Arc<Notify>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Active {
    async fn end(self) {
        for task in &self.tasks {
            task.abort();
        }
        self.live.stop().await;
    }
}

pub(super) async fn run(
    config: BackendConfig,
    mut commands: mpsc::UnboundedReceiver<Command>,
    events: mpsc::UnboundedSender<Event>,
    wake: Waker,
) {
    let outbox = Outbox {
        events,
        wake,
        current: Arc::new(AtomicU64::new(0)),
    };
    let (internal_tx, mut internal) = mpsc::unbounded_channel::<Internal>();
    let mut active: Option<Active> = None;
    loop {
        tokio::select! {
            command = commands.recv() => {
                let Some(command) = command else { break };
                handle(&config, command, &mut active, &outbox, &internal_tx).await;
            }
            Some(Internal::Unauthorized { generation }) = internal.recv() => {
                if active.as_ref().is_some_and(|session| session.generation == generation) {
                    end_session(&mut active, &outbox).await;
                    outbox.send(Event::SignedOut {
                        reason: Some("Your session has ended. Please sign in again.".into()),
                    });
                }
            }
        }
    }
    // The UI is gone: close the live socket; the session stays valid for the next start.
    if let Some(session) = active.take() {
        session.end().await;
    }
}

async fn handle(
    config: &BackendConfig,
    command: Command,
    active: &mut Option<Active>,
    outbox: &Outbox,
    internal: &mpsc::UnboundedSender<Internal>,
) {
    match command {
        Command::SignIn(request) => {
            end_session(active, outbox).await;
            *active = sign_in(config, request, outbox, internal).await;
        }
        Command::LoadCaptcha { server } => {
            let outbox = outbox.clone();
            let device = config.device_id.clone();
            tokio::spawn(async move { load_captcha(&server, device, &outbox).await });
        }
        Command::SignOut => {
            if let Some(session) = active.take() {
                outbox.current.fetch_add(1, Ordering::SeqCst);
                let api = session.api.clone();
                session.end().await;
                if let Err(error) = api.logout().await {
                    tracing::warn!(%error, "ending the session on the server failed");
                }
            }
            outbox.send(Event::SignedOut { reason: None });
        }
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
            let Some(session) = active else { return };
            let job = Job::new(session, outbox, internal);
            tokio::spawn(async move {
                match job.api.create_code(intercom, &title, expires_at).await {
                    Ok(code) => job.send(Event::CodeCreated { request, code }),
                    Err(error) => {
                        job.check_unauthorized(&error);
                        let limit = error.code_limit();
                        job.send(Event::CreateFailed {
                            request,
                            problem: Problem::from_api(&error),
                            limit,
                        });
                    }
                }
            });
        }
        Command::DeleteCodes { ids } => {
            let Some(session) = active else { return };
            let job = Job::new(session, outbox, internal);
            tokio::spawn(async move {
                match job.api.delete_codes(&ids).await {
                    Ok(()) => job.send(Event::CodesDeleted { ids }),
                    Err(error) => {
                        job.check_unauthorized(&error);
                        job.send(Event::DeleteFailed {
                            ids,
                            message: error.to_string(),
                        });
                    }
                }
            });
        }
        Command::OpenDoor { intercom } => {
            let Some(session) = active else { return };
            let job = Job::new(session, outbox, internal);
            tokio::spawn(async move {
                match job.api.open_door(intercom).await {
                    Ok(()) => job.send(Event::DoorOpened { intercom }),
                    Err(error) => {
                        job.check_unauthorized(&error);
                        let message = match error {
                            ApiError::NotFound => {
                                "this intercom cannot be opened from here (not confirmed)"
                                    .to_owned()
                            }
                            other => other.to_string(),
                        };
                        job.send(Event::DoorFailed { intercom, message });
                    }
                }
            });
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
    fn new(session: &Active, outbox: &Outbox, internal: &mpsc::UnboundedSender<Internal>) -> Self {
        Self {
            api: session.api.clone(),
            generation: session.generation,
            outbox: outbox.clone(),
            internal: internal.clone(),
        }
    }

    fn send(&self, event: Event) {
        self.outbox.send_for(self.generation, event);
    }

    fn check_unauthorized(&self, error: &ApiError) {
        if error.is_unauthorized() {
            let _ = self.internal.send(Internal::Unauthorized {
                generation: self.generation,
            });
        }
    }
}

async fn end_session(active: &mut Option<Active>, outbox: &Outbox) {
    if let Some(session) = active.take() {
        outbox.current.fetch_add(1, Ordering::SeqCst);
        session.api.forget_session();
        session.end().await;
    }
}

async fn sign_in(
    config: &BackendConfig,
    request: SignInRequest,
    outbox: &Outbox,
    internal: &mpsc::UnboundedSender<Internal>,
) -> Option<Active> {
    let refused = |problem: Problem| Event::SignInFailed(SignInFailure::Refused(problem));
    let mut client_config = match ClientConfig::new(&request.server, config.device_id.clone()) {
        Ok(client_config) => client_config,
        Err(error) => {
            let problem = Problem {
                message: String::new(),
                fields: [("server".to_owned(), vec![error.to_string()])].into(),
            };
            outbox.send(refused(problem));
            return None;
        }
    };
    client_config.per_page = config.per_page;
    let api = match Client::new(client_config) {
        Ok(api) => api,
        Err(error) => {
            outbox.send(refused(Problem::from_api(&error)));
            return None;
        }
    };
    let login = LoginRequest {
        login: request.login.trim().to_owned(),
        password: request.password,
        captcha: request.captcha,
        end_session: request.end_session,
    };
    let session = match api.login(&login).await {
        Ok(session) => session,
        Err(ApiError::TooManySessions {
            session_id,
            message,
        }) => {
            outbox.send(Event::SignInFailed(SignInFailure::TooManySessions {
                session_id,
                message,
            }));
            return None;
        }
        Err(error @ ApiError::Validation { .. }) if !error.field_errors("captcha").is_empty() => {
            outbox.send(Event::SignInFailed(SignInFailure::CaptchaRequired(
                Problem::from_api(&error),
            )));
            load_captcha(&request.server, config.device_id.clone(), outbox).await;
            return None;
        }
        Err(error @ ApiError::Network(_)) => {
            let problem = Problem {
                message: String::new(),
                fields: [("server".to_owned(), vec![error.to_string()])].into(),
            };
            outbox.send(refused(problem));
            return None;
        }
        Err(error) => {
            outbox.send(refused(Problem::from_api(&error)));
            return None;
        }
    };

    let generation = outbox.current.fetch_add(1, Ordering::SeqCst) + 1;
    tracing::info!(login = %session.user.login, server = %api.config().base_url, "signed in");
    outbox.send(Event::SignedIn {
        user: session.user,
        server: api.config().base_url.to_string(),
    });

    let sync = Arc::new(Notify::new());
    let syncer = tokio::spawn(sync_loop(
        api.clone(),
        sync.clone(),
        outbox.clone(),
        internal.clone(),
        generation,
    ));
    sync.notify_one();

    let (live_tx, mut live_rx) = mpsc::unbounded_channel();
    let live = live::spawn(api.clone(), config.live.clone(), live_tx);
    let forwarder = {
        let outbox = outbox.clone();
        let sync = sync.clone();
        tokio::spawn(async move {
            while let Some(event) = live_rx.recv().await {
                // A stopped live channel may mean the token died: a listing finds out (and signs out on 401).
                if matches!(event, LiveEvent::Stopped { .. }) {
                    sync.notify_one();
                }
                outbox.send_for(generation, Event::Live(event));
            }
        })
    };
    Some(Active {
        generation,
        api,
        live,
        sync,
        tasks: vec![syncer, forwarder],
    })
}

/// Lists everything whenever asked; requests that arrive during a listing are folded into one more.
async fn sync_loop(
    api: Client,
    requested: Arc<Notify>,
    outbox: Outbox,
    internal: mpsc::UnboundedSender<Internal>,
    generation: u64,
) {
    loop {
        requested.notified().await;
        let started = Utc::now();
        match tokio::try_join!(api.intercoms(), api.codes()) {
            Ok((intercoms, codes)) => outbox.send_for(
                generation,
                Event::Synced {
                    intercoms,
                    codes,
                    at: started,
                },
            ),
            Err(error) => {
                if error.is_unauthorized() {
                    let _ = internal.send(Internal::Unauthorized { generation });
                    return;
                }
                outbox.send_for(
                    generation,
                    Event::SyncFailed {
                        message: error.to_string(),
                    },
                );
                // Try again by itself after a pause, unless something asks sooner.
                let again = requested.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(Duration::from_secs(10)).await;
                    again.notify_one();
                });
            }
        }
    }
}

async fn load_captcha(server: &str, device_id: String, outbox: &Outbox) {
    let result = async {
        let api = Client::new(ClientConfig::new(server, device_id)?)?;
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
            Problem::message(format!("The captcha could not be loaded: {error}")),
        ))),
    }
}
