//! The application's data and `apply(event)`: pure, no I/O, no egui. The screens read it; only events change it.

mod index;
mod view;

use std::collections::{HashSet, VecDeque};

use chrono::{DateTime, TimeDelta, Utc};

pub use view::{CodeQuery, Selection, Sort, SortKey, StatusFilter};

use self::index::CodeIndex;
use crate::domain::{CodeStatus, LocalChange, RecentChanges, RequestId};
use crate::messages::{
    CertificateProblem, Command, Event, Failure, Problem, SignInFailure, SignOutReason, SlipAction,
};
use crate::settings::{HandoverSettings, Preferences, Profile};
use crate::t;
use aipix_client::api::{Code, Intercom, User};
use aipix_client::live::{LiveEvent, Push};

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
    /// `reason` is the live client's technical why (for a tooltip).
    Reconnecting {
        at: DateTime<Utc>,
        reason: String,
    },
    Stopped {
        reason: String,
    },
}

impl LiveStatus {
    /// Whether pushes arrive now: what the screen shows of the intercoms (online or not) is current only then.
    pub fn is_connected(&self) -> bool {
        matches!(self, LiveStatus::Connected)
    }
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
    pub notice: Option<SignOutReason>,
    /// The server's certificate, when it is not (or no longer) trusted.
    pub certificate: Option<CertificateProblem>,
    /// A kept sign-in is being resumed: the server and the login.
    pub resuming: Option<(String, String)>,
    /// How many sign-ins were refused so far: the form puts the keyboard in the field at fault once per refusal.
    pub refusals: u64,
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
    /// The code just made, shown large, as the server answered it.
    pub created: Option<Code>,
    /// When it arrived (a second click of a double click just after is not a new request).
    pub created_at: Option<DateTime<Utc>>,
    /// How it ended, once revoked (here or elsewhere) or gone with its intercom.
    pub ended: Option<CodeEnd>,
    /// How many creates were refused so far: the form puts the keyboard in the field at fault once per refusal.
    pub refusals: u64,
    /// The code just made re-issues this one: while it is still listed (its revoke failed), both open the door.
    pub replaces: Option<u64>,
    /// The refusal was the account's limit: it holds only while the account is full.
    pub full: bool,
}

/// How a code stopped working before its time, as far as this desk saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeEnd {
    /// Revoked by this desk (`here`) or another one.
    Revoked { at: DateTime<Utc>, here: bool },
    /// Its intercom was removed, and its codes with it.
    IntercomRemoved { at: DateTime<Utc> },
}

/// Where the code just made stands now: what the "just made" panel must say before anyone hands it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeLife {
    /// It opens the door.
    Valid,
    Expired {
        at: DateTime<Utc>,
    },
    Revoked {
        at: DateTime<Utc>,
        here: bool,
    },
    /// The server removed it (its removal time passed, or its intercom went).
    Removed {
        at: DateTime<Utc>,
    },
    /// No longer listed by the server, for a reason this desk did not see.
    Gone,
}

impl CodeLife {
    pub fn is_valid(self) -> bool {
        self == CodeLife::Valid
    }
}

/// A re-issue under way, or why the last one failed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReissueStatus {
    /// The request and the code it replaces.
    pub in_flight: Option<(RequestId, u64)>,
    /// Why the last re-issue made no new code (shown where it was asked for).
    pub problem: Problem,
    /// The last re-issue was refused because the account is full: it can be tried again revoking the old code
    /// first.
    pub account_full: bool,
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
    /// The technical reason, when there is one (shown on demand).
    pub detail: Option<String>,
}

#[derive(Debug, Default)]
pub struct AppState {
    pub session: Option<SessionInfo>,
    pub intercoms: Vec<Intercom>,
    codes: CodeIndex,
    pub live: LiveStatus,
    pub last_sync: Option<DateTime<Utc>>,
    /// When the last change arrived live (a push), or the server answered one made here: with `last_sync`, how
    /// current the screen is.
    pub last_live_change: Option<DateTime<Utc>>,
    pub syncing: bool,
    pub sync_error: Option<Failure>,
    /// The account's code limit, once the server has named it.
    pub code_limit: Option<u32>,
    pub sign_in: SignInStatus,
    /// How codes are handed over (the share template, the slip's paper).
    pub handover: HandoverSettings,
    pub create: CreateStatus,
    pub reissue: ReissueStatus,
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
    /// Sign-ins are not kept across runs (no usable keyring): the technical reason.
    pub storage_warning: Option<String>,
    /// The choices of the settings menu (language, theme) and the form's limits, as remembered.
    pub preferences: Preferences,
    /// When each code was added or removed here, so a listing that started earlier does not undo it.
    recent: RecentChanges,
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

    /// What a visitor does at this intercom's door, as set for the account signed in ("" when nothing is).
    pub fn instructions(&self, intercom: u64) -> &str {
        self.last_profile
            .as_ref()
            .and_then(|profile| profile.instructions.get(&intercom))
            .map_or("", String::as_str)
    }

    pub fn intercom(&self, id: u64) -> Option<&Intercom> {
        self.intercoms.iter().find(|intercom| intercom.id == id)
    }

    /// The moment the screen was last known to match the server: the last full listing or live change.
    pub fn synced_at(&self) -> Option<DateTime<Utc>> {
        self.last_sync.max(self.last_live_change)
    }

    /// The codes that no longer open the door but still count against the account until the server removes
    /// them, soonest removal first.
    pub fn expired_codes(&self, now: DateTime<Utc>) -> Vec<&Code> {
        let mut expired: Vec<&Code> = self
            .codes
            .codes()
            .filter(|code| CodeStatus::at(code, now) == CodeStatus::Expired)
            .collect();
        expired.sort_by_key(|code| (code.removed_at(), code.id));
        expired
    }

    /// The code just made and where it stands now.
    pub fn created_life(&self, now: DateTime<Utc>) -> Option<(&Code, CodeLife)> {
        let created = self.create.created.as_ref()?;
        let life = match (self.codes.get(created.id), self.create.ended) {
            (Some(code), _) => match CodeStatus::at(code, now) {
                CodeStatus::Active | CodeStatus::ExpiringSoon => CodeLife::Valid,
                CodeStatus::Expired => CodeLife::Expired {
                    at: code.expired_at,
                },
                CodeStatus::Removed => CodeLife::Removed {
                    at: code.removed_at(),
                },
            },
            (None, Some(CodeEnd::Revoked { at, here })) => CodeLife::Revoked { at, here },
            (None, Some(CodeEnd::IntercomRemoved { at })) => CodeLife::Removed { at },
            (None, None) if now >= created.removed_at() => CodeLife::Removed {
                at: created.removed_at(),
            },
            // A listing no longer has it: deleted on the server in a way no push told.
            (None, None) => CodeLife::Gone,
        };
        Some((created, life))
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
        self.recent.forget_old(now);
        // "No more than 5 codes" no longer holds once a code has gone (revoked, removed): the form is free again.
        if self.create.full
            && self
                .code_limit
                .is_some_and(|limit| self.codes.len() < limit as usize)
        {
            self.create.problem = Problem::default();
            self.create.full = false;
        }
    }

    /// Applies what the backend reported; answers the commands that must follow (a fresh listing, say).
    pub fn apply(&mut self, event: Event, now: DateTime<Utc>) -> Vec<Command> {
        let mut follow_up = Vec::new();
        match event {
            Event::Remembered {
                profiles,
                last_profile,
                last_intercom,
                preferences,
                handover,
            } => {
                self.profiles = profiles;
                self.preferences = preferences;
                self.handover = handover;
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
                self.sign_in.resuming = Some((server, login));
            }
            // The sign-in form is what shows until something is resumed.
            Event::NotResumed { .. } => {}
            Event::NotRemembered { reason } => self.storage_warning = Some(reason),
            Event::Notice { text } => self.notify(NoticeKind::Error, text),
            Event::CaptchaLoaded { key, png } => {
                self.sign_in.captcha_required = true;
                self.sign_in.captcha = Some((key, png));
            }
            Event::SignInFailed(failure) => {
                self.sign_in.busy = false;
                self.sign_in.refusals += 1;
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
                self.sign_in = SignInStatus {
                    refusals: self.sign_in.refusals,
                    ..SignInStatus::default()
                };
                self.session = Some(SessionInfo { user, server });
                self.live = LiveStatus::Connecting;
                self.syncing = true;
            }
            Event::SignedOut { reason } => {
                // The refusal counts only ever grow: the forms compare them with what they last answered.
                let sign_in = SignInStatus {
                    notice: reason,
                    refusals: self.sign_in.refusals,
                    ..SignInStatus::default()
                };
                let create = CreateStatus {
                    refusals: self.create.refusals,
                    ..CreateStatus::default()
                };
                // The saved profiles and what is known of the keyring outlive the session.
                *self = Self {
                    sign_in,
                    create,
                    profiles: std::mem::take(&mut self.profiles),
                    storage_warning: self.storage_warning.take(),
                    preferences: std::mem::take(&mut self.preferences),
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
            Event::SyncFailed { failure } => {
                self.syncing = false;
                self.sync_error = Some(failure);
            }
            Event::CodeCreated { request, code } => {
                // The server's answer is as fresh as a listing of that code.
                self.last_live_change = Some(now);
                if self.create.in_flight == Some(request) {
                    self.create = CreateStatus {
                        in_flight: None,
                        problem: Problem::default(),
                        created: Some(code.clone()),
                        created_at: Some(now),
                        ended: None,
                        refusals: self.create.refusals,
                        replaces: None,
                        full: false,
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
                    // The panel no longer shows the previous visitor's code under this error.
                    self.create = CreateStatus {
                        problem,
                        refusals: self.create.refusals + 1,
                        full: limit.is_some(),
                        ..CreateStatus::default()
                    };
                }
                if limit.is_some() {
                    self.code_limit = limit;
                }
            }
            Event::Reissued {
                request,
                code,
                old,
                old_revoke,
            } => {
                self.last_live_change = Some(now);
                self.reissued(request, code, old, old_revoke, now, &mut follow_up)
            }
            Event::ReissueFailed {
                request,
                old,
                problem,
                limit,
                old_revoked,
            } => {
                if limit.is_some() {
                    self.code_limit = limit;
                }
                let reason = problem.general(&[]).join(" ");
                let old_code = self.code(old).map_or_else(String::new, |c| c.code.clone());
                if old_revoked {
                    self.remove_codes(&[old], now);
                    self.notify(
                        NoticeKind::Error,
                        t!(
                            "reissue-failed-after-revoke",
                            old = old_code,
                            reason = reason
                        ),
                    );
                } else {
                    self.notify(
                        NoticeKind::Error,
                        t!("reissue-failed", old = old_code, reason = reason),
                    );
                }
                if self.reissue.in_flight.is_some_and(|(id, _)| id == request) {
                    self.reissue = ReissueStatus {
                        in_flight: None,
                        account_full: limit.is_some() && !old_revoked,
                        problem,
                    };
                }
            }
            Event::CodesDeleted { ids } => {
                self.last_live_change = Some(now);
                let count = ids.len();
                self.note_ended(
                    &ids,
                    CodeEnd::Revoked {
                        at: now,
                        here: true,
                    },
                );
                self.remove_codes(&ids, now);
                self.notify(NoticeKind::Info, t!("notice-revoked", count = count));
            }
            Event::DeleteFailed { ids, failure } => {
                self.notify_failure(
                    t!(
                        "notice-revoke-failed",
                        count = ids.len(),
                        reason = failure.sentence()
                    ),
                    &failure,
                );
                // Some may be gone already (the request is split): the list says which.
                follow_up.push(Command::Refresh);
            }
            Event::SlipMade { then, path, note } => {
                let path = path.display().to_string();
                let mut text = match then {
                    SlipAction::Open => t!("slip-opened", path = path),
                    SlipAction::Print => t!("slip-printed", path = path),
                    SlipAction::Save(_) | SlipAction::SaveAs => t!("slip-saved", path = path),
                };
                if let Some(note) = note {
                    text = format!("{text} {note}");
                }
                self.notify(NoticeKind::Info, text);
            }
            Event::SlipFailed { message } => self.notify(NoticeKind::Error, message),
            Event::DoorOpened { intercom } => {
                self.opening_doors.retain(|id| *id != intercom);
                let title = self.intercom_title(intercom);
                self.notify(
                    NoticeKind::Info,
                    t!("notice-door-accepted", intercom = title),
                );
            }
            Event::DoorFailed { intercom, failure } => {
                self.opening_doors.retain(|id| *id != intercom);
                let title = self.intercom_title(intercom);
                let text = match failure {
                    // The server answers 404 for an intercom that is not confirmed (or not this account's).
                    Failure::NotFound => t!("notice-door-refused", intercom = title),
                    _ => t!(
                        "notice-door-failed",
                        intercom = title,
                        reason = failure.sentence()
                    ),
                };
                self.notify_failure(text, &failure);
            }
            Event::Live(live) => self.apply_live(live, now, &mut follow_up),
            // The history view keeps what the journal answers (`ui::history`).
            Event::Journal(_) => {}
        }
        follow_up
    }

    /// A re-issue made its new code: it shows as the code just made (and goes to the clipboard), the old one goes
    /// when it was revoked, and the user is told plainly when both still work.
    fn reissued(
        &mut self,
        request: RequestId,
        code: Code,
        old: u64,
        old_revoke: Result<(), Problem>,
        now: DateTime<Utc>,
        follow_up: &mut Vec<Command>,
    ) {
        let old_code = self.code(old).map_or_else(String::new, |c| c.code.clone());
        match old_revoke {
            Ok(()) => {
                self.remove_codes(&[old], now);
                self.notify(
                    NoticeKind::Info,
                    t!(
                        "reissue-done",
                        title = code.title.as_str(),
                        code = code.code.as_str(),
                        old = old_code
                    ),
                );
            }
            Err(problem) => self.notify(
                NoticeKind::Error,
                t!(
                    "reissue-both-live",
                    code = code.code.as_str(),
                    old = old_code,
                    reason = problem.general(&[]).join(" ")
                ),
            ),
        }
        if self.reissue.in_flight.is_some_and(|(id, _)| id == request) {
            self.reissue = ReissueStatus::default();
            // The panel is the new code's now: nothing of the one shown before stays with it.
            self.create = CreateStatus {
                created: Some(code.clone()),
                created_at: Some(now),
                replaces: Some(old),
                refusals: self.create.refusals,
                ..CreateStatus::default()
            };
            self.clipboard = Some(code.code.clone());
        }
        self.insert_code(code, now, follow_up);
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
                // The panel is for this visitor now: the previous one's code leaves it.
                self.create = CreateStatus {
                    in_flight: Some(*request),
                    refusals: self.create.refusals,
                    ..CreateStatus::default()
                };
            }
            Command::Refresh => self.syncing = true,
            Command::SaveHandover { handover } => self.handover = handover.clone(),
            Command::SaveInstructions { intercom, text } => {
                // The profile in use is the one signed in with last.
                let name = self.last_profile.as_ref().map(|p| p.name.clone());
                for profile in self
                    .profiles
                    .iter_mut()
                    .chain(self.last_profile.as_mut())
                    .filter(|p| Some(&p.name) == name.as_ref())
                {
                    if text.trim().is_empty() {
                        profile.instructions.remove(intercom);
                    } else {
                        profile.instructions.insert(*intercom, text.clone());
                    }
                }
            }
            Command::Reissue { request, old, .. } => {
                self.reissue = ReissueStatus {
                    in_flight: Some((*request, *old)),
                    ..ReissueStatus::default()
                };
            }
            Command::OpenDoor { intercom } => self.opening_doors.push(*intercom),
            Command::LoadCaptcha { .. }
            | Command::SignOut
            | Command::DeleteCodes { .. }
            | Command::RememberIntercom { .. }
            | Command::MakeSlip { .. }
            | Command::ForgetProfile { .. }
            | Command::RememberWindow { .. }
            | Command::Journal(_) => {}
            // The settings menu shows the choice at once; the backend writes it down.
            Command::RememberLanguage { language } => {
                self.preferences.language.clone_from(language)
            }
            Command::RememberTheme { theme } => self.preferences.theme = *theme,
        }
    }

    pub fn notify(&mut self, kind: NoticeKind, text: impl Into<String>) {
        self.notices.push_back(Notice {
            kind,
            text: text.into(),
            detail: None,
        });
    }

    /// An error notice, with the failure's technical reason for those who ask.
    fn notify_failure(&mut self, text: String, failure: &Failure) {
        self.notices.push_back(Notice {
            kind: NoticeKind::Error,
            text,
            detail: failure.detail().map(str::to_owned),
        });
    }

    fn intercom_title(&self, id: u64) -> String {
        self.intercom(id)
            .map_or_else(|| format!("#{id}"), |intercom| intercom.title.clone())
    }

    /// Remembers how the code just made ended, when it is among `ids`.
    fn note_ended(&mut self, ids: &[u64], end: CodeEnd) {
        if let Some(created) = &self.create.created
            && ids.contains(&created.id)
            && self.create.ended.is_none()
        {
            self.create.ended = Some(end);
        }
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
            LiveEvent::Push(push) => {
                self.last_live_change = Some(now);
                self.apply_push(push, now, follow_up);
            }
        }
    }

    /// A change made elsewhere (another desk, a phone, the server): applied, and announced when it is news.
    fn apply_push(&mut self, push: Push, now: DateTime<Utc>, follow_up: &mut Vec<Command>) {
        match push {
            Push::CodeCreated { code } => {
                if !self.codes.contains(code.id) {
                    self.notify(
                        NoticeKind::Info,
                        t!(
                            "notice-made-elsewhere",
                            title = code.title.as_str(),
                            intercom = code.intercom.title.as_str()
                        ),
                    );
                }
                self.insert_code(*code, now, follow_up);
            }
            Push::CodesDeleted { ids } => {
                if ids.iter().any(|id| !self.codes.contains(*id)) {
                    follow_up.push(Command::Refresh);
                }
                let known: Vec<&Code> = ids.iter().filter_map(|id| self.codes.get(*id)).collect();
                let announcement = match known.as_slice() {
                    [] => None,
                    [code] => Some(t!(
                        "notice-revoked-elsewhere",
                        title = code.title.as_str(),
                        intercom = code.intercom.title.as_str()
                    )),
                    several => Some(t!("notice-revoked-elsewhere-many", count = several.len())),
                };
                if let Some(text) = announcement {
                    self.notify(NoticeKind::Info, text);
                }
                self.note_ended(
                    &ids,
                    CodeEnd::Revoked {
                        at: now,
                        here: false,
                    },
                );
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
                self.note_ended(&gone, CodeEnd::IntercomRemoved { at: now });
                self.remove_codes(&gone, now);
            }
            // Added, renamed, changed or confirmed: the whole object, in place of the one known or beside them.
            Push::IntercomUpdated { intercom } => {
                let mut intercom = *intercom;
                match self
                    .intercoms
                    .iter_mut()
                    .find(|known| known.id == intercom.id)
                {
                    Some(known) => {
                        // The vendor's SDK model has no `status`: a push without one keeps what the list said.
                        if intercom.status.is_empty() {
                            intercom.status = std::mem::take(&mut known.status);
                        }
                        *known = intercom;
                    }
                    None => self.intercoms.push(intercom),
                }
            }
            // Which intercoms the account sees may have changed with its permissions.
            Push::PermissionsUpdated => follow_up.push(Command::Refresh),
            Push::Unreadable { .. } => {
                if !follow_up.contains(&Command::Refresh) {
                    follow_up.push(Command::Refresh);
                }
            }
            // Calls are not shown yet; a logout is the backend's to act on (it signs out); the rest is only seen.
            Push::IntercomFailed { .. }
            | Push::CallStored { .. }
            | Push::CallsDeleted { .. }
            | Push::CallCancelled { .. }
            | Push::Logout { .. }
            | Push::Unknown { .. } => {}
        }
    }

    /// Adds or replaces a code by id: a push of a code we already have is harmless.
    fn insert_code(&mut self, code: Code, now: DateTime<Utc>, follow_up: &mut Vec<Command>) {
        if self.intercom(code.intercom.id).is_none() && !follow_up.contains(&Command::Refresh) {
            follow_up.push(Command::Refresh);
        }
        self.recent.note(code.id, LocalChange::Added, now);
        self.codes.insert(code);
    }

    fn remove_codes(&mut self, ids: &[u64], now: DateTime<Utc>) {
        for id in ids {
            self.codes.remove(*id);
            self.recent.note(*id, LocalChange::Removed, now);
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
            .recent
            .since(started, LocalChange::Added)
            .filter_map(|id| self.codes.get(id).cloned())
            .collect();
        let removed_since: HashSet<u64> =
            self.recent.since(started, LocalChange::Removed).collect();
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

#[cfg(test)]
mod tests;
