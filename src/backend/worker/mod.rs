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
    CertificateProblem, Command, EndedFrom, Event, Failure, Problem, SignInFailure, SignInRequest,
    SignOutReason, SlipAction,
};
use crate::secrets::TokenKey;
use crate::settings::{Profile, SettingsChange, TrustChoice};
use crate::t;
use aipix_client::api::{
    ApiError, Client, ClientConfig, LanguageSource, LoginRequest, PagingMemory, Session, WaitHook,
};
use aipix_client::live::{self, LiveEvent, LiveHandle, Push};

mod jobs;
mod session;
mod sync;

use jobs::Job;
use sync::sync_loop;

/// Which servers refused `per_page`, learnt once for the whole process: every account's client (each account has a
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
    fn tell(&self, event: Event) {
        self.journal.event(&event, self.clock.now());
        if self.events.send(event).is_ok() {
            (self.wake)();
        }
    }

    /// [`tell`](Self::tell), for a task of its own.
    fn sender(&self) -> Arc<dyn Fn(Event) + Send + Sync> {
        let outbox = self.clone();
        Arc::new(move |event| outbox.tell(event))
    }

    /// Sends only while `generation` is still the current session.
    fn tell_for(&self, generation: u64, event: Event) {
        if self.current.load(Ordering::SeqCst) == generation {
            self.tell(event);
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
    /// The session's id on the server (`access_token_id`), to tell whether this computer ended it.
    session_id: Option<String>,
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
        Desktop::start(config.desktop.take(), move |event| outbox.tell(event))
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
                if let Some(session) = active.as_ref().filter(|session| session.generation == generation) {
                    let reason = context.ended_here(session).await.unwrap_or(reason);
                    // The token is dead on the server: forget it, keep the login for the sign-in screen.
                    context.remembered.clear_session(session.key.clone()).await;
                    context.end_session(&mut active).await;
                    context.outbox.tell(Event::SignedOut { reason: Some(reason) });
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
            Command::Remember(change) => self.remember(change).await,
            Command::Notify(alert) => self.notify(*alert),
            Command::CloseNotification { key } => self.desktop.close(key),
            Command::MakeSlip {
                handover,
                qr_text,
                size,
                then,
            } => self.make_slip(handover, qr_text, size, then),
            Command::SendEmail(request) => {
                let (remembered, outbox) = (self.remembered.clone(), self.outbox.clone());
                super::spawn(async move {
                    super::mail::send(remembered, *request, |event| outbox.tell(event)).await;
                });
            }
            Command::KeepMailPassword { key, password } => {
                let (remembered, outbox) = (self.remembered.clone(), self.outbox.clone());
                super::spawn(async move {
                    super::mail::keep_password(remembered, key, password, |event| {
                        outbox.tell(event)
                    })
                    .await;
                });
            }
            Command::Journal(request) => self.journal_request(request),
            // A line of the journal alone, written as every command's is.
            Command::VisitorArrived(_) => {}
            Command::Expected(request) => self.expected_request(request),
            Command::PickVisitorList => self.pick_visitor_list(),
        }
    }

    /// The open dialog asks which list to import; the file is read on a blocking thread and answered whole, or
    /// why not. A cancelled dialog answers nothing.
    fn pick_visitor_list(&self) {
        let (outbox, dialog) = (self.outbox.clone(), self.config.save_dialog.clone());
        super::spawn(async move {
            let read = match dialog.pick_visitor_list().await {
                Ok(None) => return,
                Err(crate::files::DialogError::NoDialog) => {
                    (String::new(), Err(crate::t!("import-no-dialog").to_owned()))
                }
                Err(crate::files::DialogError::Failed(reason)) => (
                    String::new(),
                    Err(crate::t!("import-dialog-failed", reason = reason)),
                ),
                Ok(Some(path)) => {
                    let file = path.file_name().map_or_else(
                        || path.display().to_string(),
                        |name| name.to_string_lossy().into_owned(),
                    );
                    let sheet = super::spawn_blocking(move || {
                        crate::expected::import::read_file(&path).map_err(|error| error.text())
                    })
                    .await
                    .unwrap_or_else(|error| Err(error.to_string()));
                    (file, sheet)
                }
            };
            let (file, sheet) = read;
            outbox.tell(Event::Expected(crate::expected::Answer::ListRead {
                file,
                sheet,
            }));
        });
    }

    /// A read or a change of the expected visitors, on a blocking thread with a connection of its own to the
    /// account's journal file (opened when the window first asks: nothing of it before the first frame).
    fn expected_request(&self, request: crate::expected::Request) {
        let outbox = self.outbox.clone();
        let path = self
            .outbox
            .journal
            .current()
            .map(|journal| journal.path().to_owned());
        super::spawn_blocking(move || {
            let answer = match path {
                None => crate::expected::Answer::Failed {
                    reason: crate::t!("expected-no-journal").to_owned(),
                },
                Some(path) => crate::journal::open_database(&path)
                    .and_then(|connection| {
                        crate::expected::store::carry_out(&connection, &request)
                            .map_err(crate::journal::JournalError::from)
                    })
                    .unwrap_or_else(|error| crate::expected::Answer::Failed {
                        reason: error.text(),
                    }),
            };
            outbox.tell(Event::Expected(answer));
        });
    }

    /// A read or an export of the journal, answered on the journal's own thread.
    fn journal_request(&self, request: crate::journal::Request) {
        let outbox = self.outbox.clone();
        journal::request(
            request,
            self.outbox.journal.current(),
            self.config.save_dialog.clone(),
            today(&self.outbox.clock),
            move |event| outbox.tell(event),
        );
    }

    /// Lists the account's sessions, or ends one (`end`) and lists them again.
    fn sessions_job(&self, active: &Option<Active>, end: Option<String>) {
        let Some(job) = self.job(active) else { return };
        super::spawn(async move {
            let outbox = job.outbox.clone();
            let send = move |event| outbox.tell_for(job.generation, event);
            match end {
                Some(id) => {
                    job.outbox.journal.written().await;
                    super::sessions::end(&job.api, id, send).await;
                }
                None => super::sessions::list(&job.api, send).await,
            }
        });
    }

    /// Shows `alert` on the desktop; where nothing shows notifications, the window says it.
    fn notify(&self, alert: Alert) {
        let outbox = self.outbox.clone();
        let now = outbox.clock.now();
        self.desktop
            .notify(alert, now, move |event| outbox.tell(event));
    }

    /// Keeps a change of the settings on disk, by the rule the window's state followed already. A profile
    /// forgotten takes its kept sign-in with it.
    async fn remember(&self, change: SettingsChange) {
        if let SettingsChange::Forget { profile } = &change {
            let settings = self.remembered.settings();
            if let Some(profile) = settings.profile(profile) {
                self.remembered.clear_session(profile.token_key()).await;
            }
        }
        // A profile forgotten or a group named: the window hears the profiles as the file has them now.
        let told = matches!(
            change,
            SettingsChange::Forget { .. } | SettingsChange::GroupName { .. }
        );
        let settings = self
            .remembered
            .update_settings(move |settings| change.apply_to(settings))
            .await;
        if told {
            self.outbox.tell(Event::remembered(&settings));
        }
    }

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
                            return outbox.tell(Event::SlipFailed {
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
            outbox.tell(match made {
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
}

/// The local day it is by the backend's clock (exports are named after it).
fn today(clock: &Clock) -> chrono::NaiveDate {
    clock.now().with_timezone(&chrono::Local).date_naive()
}
