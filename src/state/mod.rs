//! The application's data. Pure: no I/O, no egui. The screens read it (they get `&AppState`); it changes in three
//! ways only: [`AppState::apply`] takes what the backend reported, [`AppState::sent`] notes what the app asked of
//! the backend (so that the parts waiting on it can wait), and [`AppState::prune`] moves it to the clock's time.
//! What an event asks of the rest of the app comes back as [`Effects`].

mod alerts;
mod calls;
mod codes;
mod effects;
mod expected;
mod history;
mod index;
mod server;
mod session;
mod view;

use chrono::{DateTime, Utc};

pub use alerts::{LIVE_LOST_AFTER, OwnChanges};
pub use calls::{CallRow, Calls, visitor_title};
pub use effects::{CodeField, Effects, Field, Notice, NoticeKind, SignInField, UiEffect};
pub use expected::ExpectedToday;
pub use history::{History, PAGE_ROWS};
pub use server::{Facts, Sessions, Unreadable};
pub use view::{AccountId, CodeKey, CodeQuery, Selection, Sort, SortKey, StatusFilter};

use self::index::CodeIndex;
pub use self::index::CodeView;
use crate::domain::{CodeStatus, RecentChanges, RequestId};
use crate::messages::{CertificateProblem, Command, Event, Failure, Problem, SignOutReason};
use crate::settings::{HandoverSettings, Preferences, Profile, Settings, SettingsChange};
use crate::t;
use aipix_client::api::{Code, Intercom, User};

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
    /// Not followed: the server's live channel is offered only without encryption (`announced`) while its REST
    /// address is https.
    Unencrypted {
        announced: String,
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
    /// Too many sessions: the account's sessions, one of which may be ended to go on.
    pub too_many_sessions: Option<TooManySessions>,
    /// The server limits how often it is asked: the sign-in is tried again by itself at this moment.
    pub retry_at: Option<DateTime<Utc>>,
    /// Why the last session ended (shown above the form).
    pub notice: Option<SignOutReason>,
    /// The server's certificate, when it is not (or no longer) trusted.
    pub certificate: Option<CertificateProblem>,
    /// A kept sign-in is being resumed: the server and the login.
    pub resuming: Option<(String, String)>,
}

impl SignInStatus {
    /// The key of the captcha shown, which the answer goes with.
    pub fn captcha_key(&self) -> Option<&str> {
        self.captcha.as_ref().map(|(key, _)| key.as_str())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TooManySessions {
    /// How many sessions the account may have open, when the server said.
    pub limit: Option<u32>,
    pub sessions: Vec<aipix_client::api::SessionInfo>,
    pub message: String,
}

impl TooManySessions {
    /// The session most likely to be ended: the one used longest ago that is not this one.
    pub fn oldest(&self) -> Option<&aipix_client::api::SessionInfo> {
        self.sessions
            .iter()
            .filter(|session| !session.is_current)
            .min_by_key(|session| session.last.unwrap_or(i64::MIN))
    }
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
    /// The code just made extends this one: while it is still listed (its revoke failed), both open the door.
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

/// An extension under way, or why the last one failed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExtendStatus {
    /// The request and the code it replaces.
    pub in_flight: Option<(RequestId, u64)>,
    /// Why the last extension made no new code (shown where it was asked for).
    pub problem: Problem,
    /// The last extension was refused because the account is full: it can be tried again revoking the old code
    /// first.
    pub account_full: bool,
}

/// A code being sent by e-mail, or how the last send went: the send dialog shows it where the address was typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MailStatus {
    /// The code and the address of the send under way.
    pub sending: Option<(u64, String)>,
    /// The last send's code, address, and the server's answer or why it failed.
    pub last: Option<(u64, String, Result<String, crate::mail::MailError>)>,
    /// Why the mail server's password could not be kept, when it could not.
    pub password_not_kept: Option<String>,
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
    /// Items of the last listing that could not be read.
    pub unreadable: Unreadable,
    /// What the server typed on the sign-in screen says of itself.
    pub server_facts: Option<Facts>,
    /// The account's sessions, for the Sessions view.
    pub sessions: Sessions,
    /// The server needs a newer Visitor Desk (a 409): what it said.
    pub needs_update: Option<Failure>,
    /// The account's code limit, once the server has named it.
    pub code_limit: Option<u32>,
    pub sign_in: SignInStatus,
    pub create: CreateStatus,
    pub extend: ExtendStatus,
    pub mail: MailStatus,
    /// Doors being opened, so that their buttons wait.
    pub opening_doors: Vec<u64>,
    /// Sign-ins are not kept across runs (no usable keyring): the technical reason.
    pub storage_warning: Option<String>,
    /// The settings file as last read, with the changes asked for since (each by its one rule): the saved
    /// profiles, the account used last, the choices of the settings menu, how codes are handed over.
    remembered: Settings,
    /// The choices of the settings menu and the form's limits, as `remembered` says them.
    preferences: Preferences,
    /// When each code was added or removed here, so a listing that started earlier does not undo it.
    recent: RecentChanges,
    /// The journal as the History screen shows it.
    pub history: History,
    /// The calls at the doors, newest first.
    pub calls: Calls,
    /// The expected visitors of the day Today shows.
    pub expected: ExpectedToday,
    /// What the time-driven desktop alerts remember.
    alerts: alerts::AlertMemory,
    /// This desk's own requests under way, whose pushes are no news from elsewhere.
    own: OwnChanges,
    /// The live channel has been up in this session (it is "lost" only after that).
    live_was_up: bool,
    /// The live channel's first subscription of the session has just come: the backend lists the codes for it by
    /// itself, so the resync that follows it asks for nothing here.
    first_subscription: bool,
}

/// An account as the window names it: "login @ host" (the scheme and a trailing slash say nothing to a reader).
pub fn account_label(server: &str, login: &str) -> String {
    let host = server
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_end_matches('/');
    format!("{login} @ {host}")
}

/// The codes `query` shows across the window's accounts, in its order, each as of its state's clock
/// ([`AppState::prune`]). Cached in `view`, which the asking screen keeps: recomputed only when some account's codes,
/// a status, or the query changed, and then from codes already sorted.
pub fn view_across<'a>(
    view: &'a mut CodeView,
    accounts: &[(AccountId, &AppState)],
    query: &CodeQuery,
) -> &'a [CodeKey] {
    let indexes: Vec<(AccountId, &CodeIndex)> = accounts
        .iter()
        .map(|(account, state)| (*account, &state.codes))
        .collect();
    view.of(&indexes, query)
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

    /// A number that changes whenever a code is added, changed or removed.
    pub fn codes_version(&self) -> u64 {
        self.codes.version()
    }

    /// The saved server profiles the sign-in screen offers.
    pub fn profiles(&self) -> &[Profile] {
        &self.remembered.profiles
    }

    /// The choices of the settings menu (language, theme, notifications) and the form's limits, as remembered.
    pub fn preferences(&self) -> &Preferences {
        &self.preferences
    }

    /// How codes are handed over (the share template, the slip's paper).
    pub fn handover(&self) -> &HandoverSettings {
        &self.remembered.handover
    }

    /// The accounts the window had signed in together, as the settings keep them ([`Profile::name`]s).
    pub fn open_accounts(&self) -> &[String] {
        &self.remembered.open_accounts
    }

    pub fn code_count(&self) -> usize {
        self.codes.len()
    }

    /// What a visitor does at this intercom's door, as set for the account signed in ("" when nothing is).
    pub fn instructions(&self, intercom: u64) -> &str {
        self.profile()
            .and_then(|profile| profile.instructions.get(&intercom))
            .map_or("", String::as_str)
    }

    /// Whether the account can take another code, as far as this desk knows (its limit unknown: yes).
    pub fn has_free_slot(&self) -> bool {
        self.code_limit
            .is_none_or(|limit| self.codes.len() < limit as usize)
    }

    /// The profile of the account signed in (while none is: the one used last). Several accounts may be signed
    /// in, each in a state of its own, so the settings' "used last" is not necessarily this one.
    pub fn profile(&self) -> Option<&Profile> {
        match &self.session {
            Some(session) => self
                .remembered
                .profiles
                .iter()
                .find(|p| p.server == session.server && p.login == session.user.login),
            None => self.remembered.last_used_profile(),
        }
    }

    /// What the window calls this account's group of intercoms: the name given to it, else "login @ server".
    pub fn group_name(&self) -> String {
        self.session.as_ref().map_or_else(String::new, |session| {
            self.account_name(&session.server, &session.user.login)
        })
    }

    /// What the window calls the group of the account `login` at `server`, signed in or not.
    pub fn account_name(&self, server: &str, login: &str) -> String {
        self.remembered
            .profiles
            .iter()
            .find(|p| p.server == server && p.login == login)
            .and_then(|profile| profile.group.clone())
            .unwrap_or_else(|| account_label(server, login))
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

    /// The codes `query` shows of this one account (known to the window as `account`), in its order.
    pub fn view<'a>(
        &self,
        account: AccountId,
        view: &'a mut CodeView,
        query: &CodeQuery,
    ) -> &'a [CodeKey] {
        view_across(view, &[(account, self)], query)
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

    /// Applies what the backend reported; answers what it asks of the rest of the app (a fresh listing, a
    /// notice, the keyboard moved to the field a refusal is about).
    pub fn apply(&mut self, event: Event, now: DateTime<Utc>) -> Effects {
        let mut effects = Effects::default();
        let fx = &mut effects;
        match event {
            Event::Remembered(settings) => self.remembered(*settings, fx),
            Event::Resuming { server, login } => self.resuming(server, login),
            // The sign-in form is what shows until something is resumed.
            Event::NotResumed { .. } => {}
            Event::NotRemembered { reason } => self.storage_warning = Some(reason),
            Event::Notice { text } => fx.notify(NoticeKind::Error, text),
            Event::CaptchaLoaded { key, png } => self.captcha_loaded(key, png),
            Event::SignInFailed(failure) => self.sign_in_failed(failure, now, fx),
            Event::SignedIn { user, server } => self.signed_in(user, server),
            Event::SignedOut { reason } => self.signed_out(reason, fx),
            Event::Synced {
                intercoms,
                codes,
                at,
            } => self.merge_listing(intercoms, codes, at, fx),
            Event::SyncFailed { failure } => self.sync_failed(failure),
            event @ (Event::ItemsUnreadable { .. }
            | Event::ServerFacts { .. }
            | Event::SessionsListed { .. }
            | Event::SessionsFailed { .. }
            | Event::SessionEnded { .. }) => self.server_event(event, fx),
            Event::CodeCreated { request, code } => {
                self.own.created(request);
                self.expected.code_made(request, &code, now, fx);
                self.created(request, code, now, fx);
            }
            Event::CreateFailed {
                request,
                problem,
                limit,
            } => {
                self.own.created(request);
                self.expected.code_refused(request);
                self.create_failed(request, problem, limit, fx);
            }
            Event::Extended {
                request,
                code,
                old,
                old_revoke,
            } => {
                self.own.created(request);
                self.own.revoked(&[old]);
                self.extended(request, code, old, old_revoke, now, fx);
            }
            Event::ExtendFailed {
                request,
                old,
                problem,
                limit,
                old_revoked,
            } => {
                self.own.created(request);
                self.own.revoked(&[old]);
                self.extend_failed(request, old, problem, limit, old_revoked, now, fx);
            }
            Event::CodesRevoked { ids } => {
                self.revoked(&ids, now, fx);
                self.own.revoked(&ids);
            }
            Event::RevokeFailed { ids, failure } => {
                self.own.revoked(&ids);
                self.revoke_failed(&ids, &failure, fx);
            }
            Event::SlipMade { then, path, note } => self.slip_made(&then, &path, note, fx),
            Event::SlipFailed { error } => fx.notify(NoticeKind::Error, error.text()),
            mail @ (Event::EmailSent { .. }
            | Event::EmailFailed { .. }
            | Event::MailPasswordKept(_)) => self.mail_event(mail, fx),
            Event::DoorOpened { intercom, .. } => self.door_opened(intercom, fx),
            Event::DoorFailed { intercom, failure } => self.door_failed(intercom, failure, fx),
            Event::Live(live) => self.apply_live(live, now, fx),
            Event::CallsListed { calls } => self.calls_listed(calls),
            Event::NotificationAction { action } => self.notification_action(action, fx),
            Event::NotShownOnDesktop { text } => fx.notify(NoticeKind::Info, text),
            Event::HandedOver { args } => fx.ui(UiEffect::HandedOver(args)),
            Event::Journal(crate::journal::Answer::Reminded { given }) => {
                self.reminded_before(given);
            }
            Event::Journal(answer) => self.history.apply(answer, fx),
            Event::Expected(answer) => self.expected.apply(answer),
        }
        effects
    }

    fn resuming(&mut self, server: String, login: String) {
        self.sign_in.busy = true;
        self.sign_in.resuming = Some((server, login));
    }

    fn captcha_loaded(&mut self, key: String, png: Vec<u8>) {
        self.sign_in.captcha_required = true;
        self.sign_in.captcha = Some((key, png));
    }

    /// A code sent by e-mail or not (the send dialog shows which), or the mail server's password kept.
    fn mail_event(&mut self, event: Event, fx: &mut Effects) {
        match event {
            Event::EmailSent {
                code_id,
                to,
                answer,
            } => {
                fx.notify(NoticeKind::Info, t!("mail-sent", address = to.as_str()));
                self.mail.sending = None;
                self.mail.last = Some((code_id, to, Ok(answer)));
            }
            Event::EmailFailed { code_id, to, error } => {
                self.mail.sending = None;
                self.mail.last = Some((code_id, to, Err(error)));
            }
            Event::MailPasswordKept(kept) => {
                self.mail.password_not_kept = kept.err();
                if let Some(why) = &self.mail.password_not_kept {
                    fx.notify(
                        NoticeKind::Error,
                        t!("mail-password-not-kept", why = why.as_str()),
                    );
                }
            }
            _ => {}
        }
    }

    /// Records that the app sent a command, for the parts of the screen that wait on it.
    pub fn sent(&mut self, command: &Command) {
        match command {
            Command::SignIn(_) => {
                self.sign_in.busy = true;
                self.sign_in.notice = None;
                self.sign_in.certificate = None;
                self.sign_in.too_many_sessions = None;
                self.sign_in.retry_at = None;
            }
            Command::CreateCode {
                request,
                intercom,
                title,
                ..
            } => {
                self.own.creating(*request, *intercom, title);
                // The panel is for this visitor now: the previous one's code leaves it.
                self.create = CreateStatus {
                    in_flight: Some(*request),
                    ..CreateStatus::default()
                };
            }
            Command::Refresh => self.syncing = true,
            Command::Extend {
                request,
                old,
                intercom,
                title,
                ..
            } => {
                self.own.creating(*request, *intercom, title);
                self.own.revoking(&[*old]);
                self.extend = ExtendStatus {
                    in_flight: Some((*request, *old)),
                    ..ExtendStatus::default()
                };
            }
            Command::OpenDoor { intercom, .. } => self.opening_doors.push(*intercom),
            Command::RevokeCodes { ids } => self.own.revoking(ids),
            Command::LoadServerFacts { .. }
            | Command::ListSessions
            | Command::EndSession { .. } => {
                self.server_sent(command);
            }
            Command::LoadCaptcha { .. }
            | Command::SignOut
            | Command::Notify(_)
            | Command::CloseNotification { .. }
            | Command::MakeSlip { .. }
            | Command::VisitorArrived(_)
            | Command::KeepMailPassword { .. } => {}
            Command::Expected(request) => self.expected.sent(request),
            Command::PickVisitorList => {}
            Command::SendEmail(request) => {
                self.mail.sending = Some((request.code_id, request.to.trim().to_owned()));
                self.mail.last = None;
            }
            Command::Journal(request) => self.history.sent(request),
            // The screens show the change at once, by the rule the backend follows to write it down.
            Command::Remember(change) => self.remember(change),
        }
    }

    /// A change of the settings, as the file will hold it.
    fn remember(&mut self, change: &SettingsChange) {
        change.apply_to(&mut self.remembered);
        self.preferences = self.remembered.preferences();
    }

    fn intercom_title(&self, id: u64) -> String {
        self.intercom(id)
            .map_or_else(|| format!("#{id}"), |intercom| intercom.title.clone())
    }
}

#[cfg(test)]
mod tests;
