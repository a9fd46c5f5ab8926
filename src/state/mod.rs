//! The application's data and `apply(event)`: pure, no I/O, no egui. The screens read it; only events change it.

mod index;
mod status;
mod view;

use std::collections::{HashMap, VecDeque};

use chrono::{DateTime, TimeDelta, Utc};

pub use status::{CodeStatus, EXPIRING_SOON, next_status_change, relative};
pub use view::{CodeQuery, Selection, Sort, SortKey, StatusFilter};

use self::index::CodeIndex;
use crate::messages::{CertificateProblem, Command, Event, Problem, RequestId, SignInFailure};
use crate::settings::Profile;
use aipix_client::api::{Code, Intercom, User};
use aipix_client::live::{LiveEvent, Push};

/// How long a local change is remembered against a listing that began before it.
const RECENT: TimeDelta = TimeDelta::minutes(10);

#[derive(Debug, Clone, PartialEq)]
pub struct SessionInfo {
    pub user: User,
    pub server: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub enum LiveStatus {
    #[default]
    Off,
    Connecting,
    Connected,
    Reconnecting {
        at: DateTime<Utc>,
        reason: String,
    },
    Stopped {
        reason: String,
    },
}

/// What the sign-in screen shows besides the form itself.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SignInStatus {
    pub busy: bool,
    pub problem: Problem,
    /// The server wants a captcha: its key and PNG, once loaded.
    pub captcha: Option<(String, Vec<u8>)>,
    pub captcha_required: bool,
    /// Too many sessions: the one that may be ended to go on.
    pub too_many_sessions: Option<TooManySessions>,
    /// Why the last session ended (shown above the form).
    pub notice: Option<String>,
    /// The server's certificate, when it is not (or no longer) trusted.
    pub certificate: Option<CertificateProblem>,
    /// A kept sign-in is being resumed.
    pub resuming: Option<String>,
}

impl SignInStatus {
    /// The key of the captcha shown, which the answer goes with.
    pub fn captcha_key(&self) -> Option<&str> {
        self.captcha.as_ref().map(|(key, _)| key.as_str())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TooManySessions {
    pub session_id: Option<String>,
    pub message: String,
}

/// The new-code form's dealings with the server.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CreateStatus {
    /// The request under way; the form's button is off meanwhile.
    pub in_flight: Option<RequestId>,
    pub problem: Problem,
    /// The code just made, shown large.
    pub created: Option<Code>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub text: String,
}

#[derive(Debug, Default)]
pub struct AppState {
    pub session: Option<SessionInfo>,
    pub intercoms: Vec<Intercom>,
    codes: CodeIndex,
    pub live: LiveStatus,
    pub last_sync: Option<DateTime<Utc>>,
    pub syncing: bool,
    pub sync_error: Option<String>,
    /// The account's code limit, once the server has named it.
    pub code_limit: Option<u32>,
    pub sign_in: SignInStatus,
    pub create: CreateStatus,
    /// Doors being opened, so that their buttons wait.
    pub opening_doors: Vec<u64>,
    /// Messages for the user, oldest first; the UI takes them.
    pub notices: VecDeque<Notice>,
    /// Text for the clipboard; the UI takes it.
    pub clipboard: Option<String>,
    /// The saved server profiles the sign-in screen offers.
    pub profiles: Vec<Profile>,
    /// A profile for the sign-in form to fill itself from; the UI takes it.
    pub prefill: Option<Profile>,
    /// The account used last: the sign-in screen offers it again after a sign-out.
    last_profile: Option<Profile>,
    /// The intercom to open on, from the last run; the UI takes it.
    pub initial_intercom: Option<u64>,
    /// Sign-ins are not kept across runs (no keyring): why, said plainly.
    pub storage_warning: Option<String>,
    /// When each code was added or removed here, so a listing that started earlier does not undo it.
    recent_inserts: HashMap<u64, DateTime<Utc>>,
    recent_removals: HashMap<u64, DateTime<Utc>>,
}

impl AppState {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn is_signed_in(&self) -> bool {
        self.session.is_some()
    }

    pub fn code(&self, id: u64) -> Option<&Code> {
        self.codes.get(id)
    }

    pub fn code_count(&self) -> usize {
        self.codes.len()
    }

    pub fn intercom(&self, id: u64) -> Option<&Intercom> {
        self.intercoms.iter().find(|intercom| intercom.id == id)
    }

    /// How many codes of an intercom still open its door.
    pub fn valid_code_count(&self, intercom: u64, now: DateTime<Utc>) -> usize {
        self.codes.valid_count(intercom, now)
    }

    /// The ids of the codes the query shows, in its order (moving the state's clock to `now` first). Cached:
    /// recomputed only when the codes, a status, or the query changed, and then from codes already sorted.
    pub fn view(&mut self, query: &CodeQuery, now: DateTime<Utc>) -> &[u64] {
        self.codes.view(query, now)
    }

    /// The ids the last [`view`](Self::view) answered, for reading alongside the rest of the state.
    pub fn shown(&self) -> &[u64] {
        self.codes.shown()
    }

    /// The next moment any code's status changes (a view or a count may change then).
    pub fn next_change(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.codes.next_change(now)
    }

    /// Moves the state's clock to `now`: statuses change as their moments pass, and codes whose removal time has
    /// passed leave (the server has deleted them without a push).
    pub fn prune(&mut self, now: DateTime<Utc>) {
        self.codes.advance(now);
        self.recent_inserts.retain(|_, at| now - *at < RECENT);
        self.recent_removals.retain(|_, at| now - *at < RECENT);
    }

    /// Applies what the backend reported; answers the commands that must follow (a fresh listing, say).
    pub fn apply(&mut self, event: Event, now: DateTime<Utc>) -> Vec<Command> {
        let mut follow_up = Vec::new();
        match event {
            Event::Remembered {
                profiles,
                last_profile,
                last_intercom,
            } => {
                self.profiles = profiles;
                if self.session.is_none() {
                    self.prefill.clone_from(&last_profile);
                }
                self.last_profile = last_profile;
                if self.initial_intercom.is_none() && self.last_sync.is_none() {
                    self.initial_intercom = last_intercom;
                }
            }
            Event::Resuming { server, login } => {
                self.sign_in.busy = true;
                self.sign_in.resuming = Some(format!("Signing in to {server} as {login}…"));
            }
            // The sign-in form is what shows until something is resumed.
            Event::NotResumed { .. } => {}
            Event::NotRemembered { warning } => self.storage_warning = Some(warning),
            Event::Notice { text } => self.notify(NoticeKind::Error, text),
            Event::CaptchaLoaded { key, png } => {
                self.sign_in.captcha_required = true;
                self.sign_in.captcha = Some((key, png));
            }
            Event::SignInFailed(failure) => {
                self.sign_in.busy = false;
                match failure {
                    SignInFailure::Refused(problem) => self.sign_in.problem = problem,
                    SignInFailure::CaptchaRequired(problem) => {
                        self.sign_in.problem = problem;
                        self.sign_in.captcha_required = true;
                    }
                    SignInFailure::TooManySessions {
                        session_id,
                        message,
                    } => {
                        self.sign_in.problem = Problem::default();
                        self.sign_in.too_many_sessions = Some(TooManySessions {
                            session_id,
                            message,
                        });
                    }
                    SignInFailure::Certificate(problem) => {
                        self.sign_in.problem = Problem::default();
                        self.sign_in.certificate = Some(problem);
                    }
                }
                self.sign_in.resuming = None;
            }
            Event::SignedIn { user, server } => {
                self.sign_in = SignInStatus::default();
                self.session = Some(SessionInfo { user, server });
                self.live = LiveStatus::Connecting;
                self.syncing = true;
            }
            Event::SignedOut { reason } => {
                let sign_in = SignInStatus {
                    notice: reason,
                    ..SignInStatus::default()
                };
                // The saved profiles and what is known of the keyring outlive the session.
                *self = Self {
                    sign_in,
                    profiles: std::mem::take(&mut self.profiles),
                    storage_warning: self.storage_warning.take(),
                    prefill: self.last_profile.clone(),
                    last_profile: self.last_profile.take(),
                    ..Self::default()
                };
            }
            Event::Synced {
                intercoms,
                codes,
                at,
            } => self.merge_listing(intercoms, codes, at),
            Event::SyncFailed { message, .. } => {
                self.syncing = false;
                self.sync_error = Some(message);
            }
            Event::CodeCreated { request, code } => {
                if self.create.in_flight == Some(request) {
                    self.create = CreateStatus {
                        in_flight: None,
                        problem: Problem::default(),
                        created: Some(code.clone()),
                    };
                    self.clipboard = Some(code.code.clone());
                }
                self.insert_code(code, now, &mut follow_up);
            }
            Event::CreateFailed {
                request,
                problem,
                limit,
            } => {
                if self.create.in_flight == Some(request) {
                    self.create.in_flight = None;
                    self.create.problem = problem;
                }
                if limit.is_some() {
                    self.code_limit = limit;
                }
            }
            Event::CodesDeleted { ids } => {
                let count = ids.len();
                self.remove_codes(&ids, now);
                self.notify(
                    NoticeKind::Info,
                    format!("{count} code{} revoked", plural(count)),
                );
            }
            Event::DeleteFailed { ids, message, .. } => {
                self.notify(
                    NoticeKind::Error,
                    format!(
                        "Revoking {} code{} failed: {message}",
                        ids.len(),
                        plural(ids.len())
                    ),
                );
                // Some may be gone already (the request is split): the list says which.
                follow_up.push(Command::Refresh);
            }
            Event::DoorOpened { intercom } => {
                self.opening_doors.retain(|id| *id != intercom);
                let title = self
                    .intercom(intercom)
                    .map_or_else(|| format!("#{intercom}"), |i| i.title.clone());
                self.notify(NoticeKind::Info, format!("Door opened: {title}"));
            }
            Event::DoorFailed { intercom, message } => {
                self.opening_doors.retain(|id| *id != intercom);
                self.notify(
                    NoticeKind::Error,
                    format!("The door did not open: {message}"),
                );
            }
            Event::Live(live) => self.apply_live(live, now, &mut follow_up),
        }
        follow_up
    }

    /// Records that the UI sent a command, for the parts of the screen that wait on it.
    pub fn sent(&mut self, command: &Command) {
        match command {
            Command::SignIn(_) => {
                self.sign_in.busy = true;
                self.sign_in.notice = None;
                self.sign_in.certificate = None;
                self.sign_in.too_many_sessions = None;
            }
            Command::CreateCode { request, .. } => {
                self.create.in_flight = Some(*request);
                self.create.problem = Problem::default();
            }
            Command::Refresh => self.syncing = true,
            Command::OpenDoor { intercom } => self.opening_doors.push(*intercom),
            Command::LoadCaptcha { .. }
            | Command::SignOut
            | Command::DeleteCodes { .. }
            | Command::RememberIntercom { .. }
            | Command::RememberLanguage { .. }
            | Command::ForgetProfile { .. } => {}
        }
    }

    pub fn notify(&mut self, kind: NoticeKind, text: impl Into<String>) {
        self.notices.push_back(Notice {
            kind,
            text: text.into(),
        });
    }

    fn apply_live(&mut self, event: LiveEvent, now: DateTime<Utc>, follow_up: &mut Vec<Command>) {
        match event {
            LiveEvent::Connecting { .. } => {
                if !matches!(self.live, LiveStatus::Reconnecting { .. }) {
                    self.live = LiveStatus::Connecting;
                }
            }
            LiveEvent::Connected { .. } => self.live = LiveStatus::Connected,
            LiveEvent::Disconnected { reason, retry_in } => {
                let wait = TimeDelta::from_std(retry_in).unwrap_or(TimeDelta::MAX);
                self.live = LiveStatus::Reconnecting {
                    at: now.checked_add_signed(wait).unwrap_or(now),
                    reason,
                };
            }
            LiveEvent::Stopped { reason } => self.live = LiveStatus::Stopped { reason },
            LiveEvent::ResyncNeeded => follow_up.push(Command::Refresh),
            LiveEvent::Push(push) => match push {
                Push::CodeCreated { code } => self.insert_code(*code, now, follow_up),
                Push::CodesDeleted { ids } => {
                    if ids.iter().any(|id| !self.codes.contains(*id)) {
                        follow_up.push(Command::Refresh);
                    }
                    self.remove_codes(&ids, now);
                }
                Push::IntercomsDeleted { ids } => {
                    if ids.iter().any(|id| self.intercom(*id).is_none()) {
                        follow_up.push(Command::Refresh);
                    }
                    self.intercoms
                        .retain(|intercom| !ids.contains(&intercom.id));
                    let gone: Vec<u64> = self
                        .codes
                        .codes()
                        .filter(|code| ids.contains(&code.intercom.id))
                        .map(|code| code.id)
                        .collect();
                    self.remove_codes(&gone, now);
                }
                Push::IntercomUpdated { intercom } => {
                    match self
                        .intercoms
                        .iter_mut()
                        .find(|known| known.id == intercom.id)
                    {
                        Some(known) => *known = *intercom,
                        None => follow_up.push(Command::Refresh),
                    }
                }
                Push::Unknown { .. } => follow_up.push(Command::Refresh),
            },
        }
    }

    /// Adds or replaces a code by id: a push of a code we already have is harmless.
    fn insert_code(&mut self, code: Code, now: DateTime<Utc>, follow_up: &mut Vec<Command>) {
        if self.intercom(code.intercom.id).is_none() && !follow_up.contains(&Command::Refresh) {
            follow_up.push(Command::Refresh);
        }
        self.recent_removals.remove(&code.id);
        self.recent_inserts.insert(code.id, now);
        self.codes.insert(code);
    }

    fn remove_codes(&mut self, ids: &[u64], now: DateTime<Utc>) {
        for id in ids {
            self.codes.remove(*id);
            self.recent_inserts.remove(id);
            self.recent_removals.insert(*id, now);
        }
    }

    /// A full listing replaces what we have, except for changes made here after the listing began.
    fn merge_listing(
        &mut self,
        intercoms: Vec<Intercom>,
        codes: Vec<Code>,
        started: DateTime<Utc>,
    ) {
        let kept: Vec<Code> = self
            .recent_inserts
            .iter()
            .filter(|(_, at)| **at >= started)
            .filter_map(|(id, _)| self.codes.get(*id).cloned())
            .collect();
        let removed_since: Vec<u64> = self
            .recent_removals
            .iter()
            .filter(|(_, at)| **at >= started)
            .map(|(id, _)| *id)
            .collect();
        let removed_since: std::collections::HashSet<u64> = removed_since.into_iter().collect();
        self.codes.replace_all(
            codes
                .into_iter()
                .chain(kept)
                .filter(|code| !removed_since.contains(&code.id)),
        );
        self.intercoms = intercoms;
        self.syncing = false;
        self.sync_error = None;
        self.last_sync = Some(started);
    }
}

/// The English plural ending for `count` things: "" for one, "s" otherwise.
pub fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests;
