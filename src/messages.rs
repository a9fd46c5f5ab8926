//! What the UI asks of the backend ([`Command`]), and what the backend answers ([`Event`]). Plain data: no egui,
//! no I/O. Its own module, so that `backend` (which runs commands) and `state` (which applies events) both name
//! them without depending on each other.

use chrono::{DateTime, Utc};

use std::path::PathBuf;

use crate::desktop::alerts::{Alert, AlertKey};
use crate::desktop::notices::NoticeAction;
use crate::domain::RequestId;
use crate::files::SavedWithoutDialog;
use crate::handover::{Handover, SlipFailure, SlipSize};
use crate::journal;
use crate::mail::MailError;
use crate::settings::{MailSettings, Settings, SettingsChange, TrustChoice};
use crate::t;
use aipix_client::api::{
    ApiError, CaptchaAnswer, Code, FieldErrors, Intercom, IntercomCall, ServerFacts, SessionInfo,
    Unreadable, User,
};
use aipix_client::live::LiveEvent;

/// Which kept sign-in the backend resumes at start.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Resume {
    /// None: start signed out.
    Nothing,
    /// The last profile used, when its token is kept (the window's start).
    #[default]
    LastProfile,
    /// The profile of this server and login, when its token is kept.
    Account(crate::secrets::TokenKey),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    SignIn(SignInRequest),
    /// Fetch a captcha image for the sign-in screen.
    LoadCaptcha {
        server: String,
        tls: TrustChoice,
    },
    /// Ask a server what it says of itself (`static/basic`), for the sign-in screen: no sign-in needed.
    LoadServerFacts {
        server: String,
        tls: TrustChoice,
    },
    /// List the account's sessions (the Sessions view).
    ListSessions,
    /// End another session of the account (the Sessions view), then list them again.
    EndSession {
        id: String,
    },
    /// End the session on the server and forget it here.
    SignOut,
    /// List the intercoms and codes again.
    Refresh,
    CreateCode {
        request: RequestId,
        intercom: u64,
        title: String,
        expires_at: DateTime<Utc>,
    },
    RevokeCodes {
        ids: Vec<u64>,
    },
    /// Extend a code for a visitor who needs longer: the server cannot change an expiry, so a new code with the same title
    /// and intercom and a new expiry, then the old one revoked once the new one exists. With `revoke_first` (the
    /// account is full and the user agreed to leave the visitor briefly without a code) the old one goes first.
    Extend {
        request: RequestId,
        old: u64,
        intercom: u64,
        title: String,
        expires_at: DateTime<Utc>,
        revoke_first: bool,
    },
    OpenDoor {
        intercom: u64,
        /// The call at the door it answers, when opened from one (the journal says so).
        call: Option<u64>,
    },
    /// Keep this change of the settings (the window's state noted it already, by the same rule).
    Remember(SettingsChange),
    /// Make a code's visitor slip (a PDF), then open it, print it, or save it where the user chose.
    MakeSlip {
        /// Boxed: a slip's words would make every command as large as they are.
        handover: Box<Handover>,
        /// What its QR code holds: the share message.
        qr_text: String,
        size: SlipSize,
        then: SlipAction,
    },
    /// Send a code by e-mail through the account's mail server: the message, its QR code inline, the slip
    /// attached. Boxed: a message and a slip's words.
    SendEmail(Box<EmailRequest>),
    /// Keep the mail server's password in the keyring (typed in its settings; never in the settings file).
    KeepMailPassword {
        key: crate::secrets::TokenKey,
        password: aipix_client::api::Password,
    },
    /// A read or an export of the local journal (the history view).
    Journal(journal::Request),
    /// An expected visitor was given their code: the journal links the two (History: expected → arrived → code).
    /// Boxed: it carries the code.
    VisitorArrived(Box<crate::expected::Arrival>),
    /// A read or a change of the account's expected visitors (the window's Today).
    Expected(crate::expected::Request),
    /// Ask which visitor list to import (the system's open dialog) and read it off the window's thread: answered
    /// by `Event::Expected(Answer::ListRead)`, or nothing when the user cancels.
    PickVisitorList,
    /// Tell this on the desktop (a notification; its text in the window where nothing shows notifications).
    /// Boxed: an alert carries a code or an intercom.
    Notify(Box<Alert>),
    /// Take the notification kept under `key` off the screen (a call answered or ended elsewhere).
    CloseNotification {
        key: AlertKey,
    },
}

/// "Send this code to this address": everything the backend needs to write and send it.
#[derive(Debug, Clone, PartialEq)]
pub struct EmailRequest {
    pub code_id: u64,
    /// The address as typed.
    pub to: String,
    /// What the message and the slip say of the code.
    pub handover: Handover,
    /// The share message (the QR code holds it too).
    pub share: String,
    /// The slip's paper.
    pub slip_size: SlipSize,
    /// The account's mail server.
    pub mail: MailSettings,
    /// The mail server's password for this send only (`VISITOR_DESK_SMTP_PASSWORD`); `None`: the one kept in the
    /// keyring. Zeroed when dropped.
    pub password: Option<aipix_client::api::Password>,
}

/// What to do with a slip once it is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlipAction {
    /// Open it in the system's PDF viewer.
    Open,
    /// Send it to the default printer.
    Print,
    /// Write it to this file.
    Save(PathBuf),
    /// Ask where (the system's save dialog, as exports do), then write it there: answered as `Save(path)`.
    SaveAs,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SignInRequest {
    pub server: String,
    pub login: String,
    /// Zeroed when dropped.
    pub password: aipix_client::api::Password,
    pub captcha: Option<CaptchaAnswer>,
    /// After "too many sessions": end this one and sign in.
    pub end_session: Option<String>,
    /// Which server certificates to accept.
    pub tls: TrustChoice,
    /// The live channel's auth route, when not one of the usual ones.
    pub auth_path: Option<String>,
    /// The user agreed to send the password unencrypted: the address is plain http to another computer.
    pub allow_insecure_http: bool,
}

/// Which way a request failed: what a caller must act on differently (the command line's exit code, say).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FailureKind {
    /// Found wrong here, before the server was asked: an unusable address, an unreadable CA file.
    #[default]
    Local,
    /// The server said no: invalid input (422), not allowed, not found, too many sessions, too many requests.
    Refused,
    /// The server does not accept the sign-in (401), or there is none.
    Unauthorized,
    /// The server could not be reached, or gave no usable answer: network, TLS, server errors, broken answers.
    Unreachable,
    /// The server needs a newer client (a 409).
    Outdated,
}

impl FailureKind {
    pub fn of(error: &ApiError) -> Self {
        Failure::from_api(error).kind()
    }
}

/// What went wrong, as the user is told it: one short sentence and, where there is one, what to do next (see
/// [`Failure::sentence`]); the technical reason, when there is one, behind a "Details" toggle
/// ([`Failure::detail`]). Made from the client's errors in one place ([`Failure::from_api`]), so that no screen
/// shows a library's English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// What was typed is not a server address.
    BadAddress {
        detail: String,
    },
    /// Nothing answered at the address (refused, unknown host, timed out).
    Unreachable {
        detail: String,
    },
    /// An `https://` address whose server speaks plain `http://`.
    PlainHttp,
    /// Something answered, but it is not an AIPIX server (no sign-in route, a web page).
    NotAipix {
        detail: String,
    },
    /// The sign-in is over (a 401): sign in again.
    SessionEnded,
    Forbidden,
    NotFound,
    /// The server asks to wait (a 429), for this many seconds when it said.
    Busy {
        retry_after: Option<u64>,
    },
    /// The server failed (a 5xx or an unexpected status).
    ServerFault {
        status: u16,
        detail: String,
    },
    /// The server's answer could not be read.
    BadAnswer {
        detail: String,
    },
    /// The list changed under a paged listing; it is read again by itself.
    ListChanging,
    /// The certificate settings of the profile cannot be used (an unreadable CA file, say).
    TrustSettings {
        detail: String,
    },
    /// The server's certificate is refused (outside the sign-in screen, which asks about it).
    Certificate {
        detail: String,
    },
    /// The server refused, with its own reasons (shown as the server wrote them).
    Refused {
        reasons: Vec<String>,
    },
    TooManySessions,
    /// The captcha's image could not be fetched or read.
    CaptchaUnavailable {
        detail: String,
    },
    /// The server answered with a redirect to `location`, which is never followed.
    Redirected {
        location: String,
    },
    /// The server's answer was longer than the client reads.
    AnswerTooLarge,
    /// A listing past what the desk takes: more than `max_items` items or `max_mib` MiB.
    ListTooLarge {
        max_items: u64,
        max_mib: usize,
    },
    /// The server needs a newer client (a 409); `detail` is what it said.
    NeedsNewerClient {
        detail: String,
    },
    /// The server address holds a user name or password (`user:pass@host`).
    CredentialsInAddress,
    /// A password or token would go unencrypted (plain http) to `host`, which is not this computer, and the
    /// user has not agreed to that.
    InsecureHttp {
        host: String,
    },
}

impl Failure {
    /// The user's view of a client error.
    pub fn from_api(error: &ApiError) -> Self {
        let detail = || error.to_string();
        match error {
            ApiError::Unauthorized | ApiError::NotSignedIn => Failure::SessionEnded,
            ApiError::Validation { message, errors } => {
                let mut reasons: Vec<String> = errors.values().flatten().cloned().collect();
                if reasons.is_empty() && !message.trim().is_empty() {
                    reasons.push(message.clone());
                }
                Failure::Refused { reasons }
            }
            ApiError::TooManySessions { .. } => Failure::TooManySessions,
            ApiError::RateLimited { retry_after } => Failure::Busy {
                retry_after: retry_after.map(|wait| wait.as_secs().max(1)),
            },
            ApiError::Forbidden => Failure::Forbidden,
            ApiError::NotFound => Failure::NotFound,
            ApiError::Server { status, excerpt } => Failure::ServerFault {
                status: *status,
                detail: excerpt.clone(),
            },
            ApiError::Network(why) => Failure::Unreachable {
                detail: why.clone(),
            },
            ApiError::PlainHttp => Failure::PlainHttp,
            ApiError::Decode { .. } => Failure::BadAnswer { detail: detail() },
            ApiError::ListChanging => Failure::ListChanging,
            ApiError::InvalidUrl(why) => Failure::BadAddress {
                detail: why.clone(),
            },
            ApiError::UntrustedCertificate { .. } | ApiError::CertificateChanged { .. } => {
                Failure::Certificate { detail: detail() }
            }
            ApiError::TlsSetup(why) => Failure::TrustSettings {
                detail: why.clone(),
            },
            ApiError::Redirected { location, .. } => Failure::Redirected {
                location: location.clone(),
            },
            ApiError::TooLarge { .. } => Failure::AnswerTooLarge,
            ApiError::ListTooLarge {
                max_items,
                max_bytes,
            } => Failure::ListTooLarge {
                max_items: *max_items,
                max_mib: max_bytes / (1024 * 1024),
            },
            ApiError::NeedsNewerClient { message } => Failure::NeedsNewerClient {
                detail: message.clone(),
            },
            ApiError::CredentialsInAddress => Failure::CredentialsInAddress,
            ApiError::InsecureHttp { host } => Failure::InsecureHttp { host: host.clone() },
        }
    }

    /// A sign-in's error: an answer that no AIPIX server gives there (no such route, a web page, an unexpected
    /// status, a web server that does not take the request at all: 501 Not Implemented) means there is no AIPIX
    /// server at the address.
    pub fn at_sign_in(error: &ApiError) -> Self {
        match error {
            ApiError::NotFound
            | ApiError::Decode { .. }
            | ApiError::Server {
                status: 300..=499 | 501,
                ..
            } => Failure::NotAipix {
                detail: error.to_string(),
            },
            ApiError::Validation { errors, .. } if errors.is_empty() => Failure::NotAipix {
                detail: error.to_string(),
            },
            other => Self::from_api(other),
        }
    }

    /// One short sentence in the user's language, with what to do next where there is something.
    pub fn sentence(&self) -> String {
        match self {
            Failure::BadAddress { .. } => t!("failure-bad-address").to_owned(),
            Failure::Unreachable { .. } => t!("failure-unreachable").to_owned(),
            Failure::PlainHttp => t!("failure-plain-http").to_owned(),
            Failure::NotAipix { .. } => t!("failure-not-aipix").to_owned(),
            Failure::SessionEnded => t!("failure-session-ended").to_owned(),
            Failure::Forbidden => t!("failure-forbidden").to_owned(),
            Failure::NotFound => t!("failure-not-found").to_owned(),
            Failure::Busy {
                retry_after: Some(seconds),
            } => t!("failure-busy-for", seconds = *seconds),
            Failure::Busy { retry_after: None } => t!("failure-busy").to_owned(),
            Failure::ServerFault { status, .. } => t!("failure-server-fault", status = *status),
            Failure::BadAnswer { .. } => t!("failure-bad-answer").to_owned(),
            Failure::ListChanging => t!("failure-list-changing").to_owned(),
            Failure::TrustSettings { .. } => t!("failure-trust-settings").to_owned(),
            Failure::Certificate { .. } => t!("failure-certificate").to_owned(),
            Failure::Refused { reasons } if !reasons.is_empty() => reasons.join(" "),
            Failure::Refused { .. } => t!("failure-refused").to_owned(),
            Failure::TooManySessions => t!("failure-too-many-sessions").to_owned(),
            Failure::CaptchaUnavailable { .. } => t!("failure-captcha").to_owned(),
            Failure::Redirected { location } => {
                t!("failure-redirected", location = location.as_str())
            }
            Failure::AnswerTooLarge => t!("failure-answer-too-large").to_owned(),
            Failure::ListTooLarge { max_items, max_mib } => {
                t!("failure-list-too-large", items = *max_items, mib = *max_mib)
            }
            Failure::NeedsNewerClient { .. } => t!(
                "failure-needs-newer-client",
                version = aipix_client::api::AIPIX_VERSION
            ),
            Failure::CredentialsInAddress => t!("failure-credentials-in-address").to_owned(),
            Failure::InsecureHttp { host } => t!("failure-insecure-http", host = host.as_str()),
        }
    }

    /// Which way it failed, for a caller that acts on it (the command line's exit code).
    pub fn kind(&self) -> FailureKind {
        match self {
            Failure::BadAddress { .. }
            | Failure::TrustSettings { .. }
            | Failure::CredentialsInAddress
            | Failure::InsecureHttp { .. } => FailureKind::Local,
            Failure::SessionEnded => FailureKind::Unauthorized,
            Failure::Forbidden
            | Failure::NotFound
            | Failure::Busy { .. }
            | Failure::Refused { .. }
            | Failure::TooManySessions => FailureKind::Refused,
            Failure::Unreachable { .. }
            | Failure::PlainHttp
            | Failure::NotAipix { .. }
            | Failure::ServerFault { .. }
            | Failure::BadAnswer { .. }
            | Failure::ListChanging
            | Failure::Certificate { .. }
            | Failure::CaptchaUnavailable { .. }
            | Failure::Redirected { .. }
            | Failure::AnswerTooLarge
            | Failure::ListTooLarge { .. } => FailureKind::Unreachable,
            Failure::NeedsNewerClient { .. } => FailureKind::Outdated,
        }
    }

    /// The technical reason, for a "Details" toggle; `None` when the sentence says it all.
    pub fn detail(&self) -> Option<&str> {
        match self {
            Failure::BadAddress { detail }
            | Failure::Unreachable { detail }
            | Failure::NotAipix { detail }
            | Failure::ServerFault { detail, .. }
            | Failure::BadAnswer { detail }
            | Failure::TrustSettings { detail }
            | Failure::Certificate { detail }
            | Failure::CaptchaUnavailable { detail }
            | Failure::NeedsNewerClient { detail } => {
                Some(detail.as_str()).filter(|d| !d.is_empty())
            }
            _ => None,
        }
    }
}

/// An error as a form shows it: the server's reasons per field (as the server wrote them), and a [`Failure`]
/// either under one field (`server` on the sign-in screen) or at the top of the form.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Problem {
    pub failure: Option<Failure>,
    /// The field `failure` concerns; `None` puts it at the top of the form.
    pub failure_field: Option<String>,
    pub fields: FieldErrors,
}

impl Problem {
    /// A 422's reasons go under their fields; anything else is a failure at the top of the form.
    pub fn from_api(error: &ApiError) -> Self {
        match error {
            ApiError::Validation { errors, .. } if !errors.is_empty() => Self {
                fields: errors.clone(),
                ..Self::default()
            },
            other => Self::failure(Failure::from_api(other)),
        }
    }

    pub fn failure(failure: Failure) -> Self {
        Self {
            failure: Some(failure),
            ..Self::default()
        }
    }

    /// A failure shown under one field.
    pub fn at_field(name: &str, failure: Failure) -> Self {
        Self {
            failure: Some(failure),
            failure_field: Some(name.to_owned()),
            fields: FieldErrors::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.failure.is_none() && self.fields.is_empty()
    }

    /// Which way it failed: reasons per field are the server's refusal.
    pub fn kind(&self) -> FailureKind {
        match &self.failure {
            Some(failure) => failure.kind(),
            None if !self.fields.is_empty() => FailureKind::Refused,
            None => FailureKind::Local,
        }
    }

    /// The failure shown under `field`, if it is there.
    pub fn failure_at(&self, field: &str) -> Option<&Failure> {
        self.failure
            .as_ref()
            .filter(|_| self.failure_field.as_deref() == Some(field))
    }

    /// The server's reasons for one field, and the failure when it is about that field.
    pub fn field(&self, name: &str) -> Vec<String> {
        let mut lines: Vec<String> = self.fields.get(name).cloned().unwrap_or_default();
        if let Some(failure) = self.failure_at(name) {
            lines.push(failure.sentence());
        }
        lines
    }

    /// Whether anything is said under `field`.
    pub fn concerns(&self, field: &str) -> bool {
        self.fields
            .get(field)
            .is_some_and(|reasons| !reasons.is_empty())
            || self.failure_at(field).is_some()
    }

    /// The failure when it belongs to no field among `known`: shown at the top of a form.
    pub fn general_failure(&self, known: &[&str]) -> Option<&Failure> {
        self.failure.as_ref().filter(|_| {
            self.failure_field
                .as_deref()
                .is_none_or(|field| !known.contains(&field))
        })
    }

    /// The lines shown at the top of a form: the general failure, then the reasons whose field is not among
    /// `known`.
    pub fn general(&self, known: &[&str]) -> Vec<String> {
        let mut lines: Vec<String> = self
            .general_failure(known)
            .map(Failure::sentence)
            .into_iter()
            .collect();
        for (field, reasons) in &self.fields {
            if !known.contains(&field.as_str()) {
                lines.extend(reasons.iter().cloned());
            }
        }
        lines
    }
}

/// Why a session ended without the user signing out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignOutReason {
    /// The server no longer accepts the session (a 401): signed out elsewhere, or too many sessions.
    SessionEnded,
    /// The server said so on the live channel: this session was ended from another device or by an
    /// administrator (a `logout` `TokenPush`).
    EndedElsewhere,
    /// This computer ended it, at `at`: its journal says so (whoever ends a session notes it there first).
    EndedHere { from: EndedFrom, at: DateTime<Utc> },
}

/// Where on this computer a session was ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndedFrom {
    /// `visitor-desk login --end-session`.
    CommandLine,
    /// A Visitor Desk window: its Sessions list (another of its accounts), or a sign-in that made room.
    Window,
}

impl SignOutReason {
    /// What the sign-in screen and the journal say.
    pub fn sentence(self) -> String {
        match self {
            SignOutReason::SessionEnded => Failure::SessionEnded.sentence(),
            SignOutReason::EndedElsewhere => t!("failure-session-ended-elsewhere").to_owned(),
            SignOutReason::EndedHere { from, at } => {
                let time = crate::i18n::current().format_moment(at, "format-time");
                match from {
                    EndedFrom::CommandLine => {
                        t!("failure-session-ended-command-line", time = time.as_str())
                    }
                    EndedFrom::Window => t!("failure-session-ended-window", time = time.as_str()),
                }
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// What the settings file keeps (the saved profiles, the one used last, the intercom looked at last, the
    /// choices of the settings menu, how codes are handed over), at start and whenever a sign-in changed it. Boxed:
    /// the settings would make every event as large as they are.
    /// The account's expected visitors of a day, or why they could not be read (the answer to
    /// [`Command::Expected`]).
    Expected(crate::expected::Answer),
    Remembered(Box<Settings>),
    /// A kept sign-in is being resumed (the sign-in screen waits).
    Resuming {
        server: String,
        login: String,
    },
    /// Something to tell the user that belongs to no screen in particular.
    Notice {
        text: String,
    },
    /// The start resumed no sign-in although asked to: none was kept, or it could not be read (`reason`). Comes
    /// instead of `Resuming`, so that whoever waits knows the start is over.
    NotResumed {
        reason: Option<String>,
    },
    /// Tokens will not survive a restart (no usable keyring); `reason` is the technical why, for a "Details"
    /// toggle.
    NotRemembered {
        reason: String,
    },
    /// What `server` (as typed on the sign-in screen) says of itself, or why it could not be asked.
    ServerFacts {
        server: String,
        facts: Result<ServerFacts, Failure>,
    },
    /// The account's sessions, as the server lists them.
    SessionsListed {
        sessions: Vec<SessionInfo>,
    },
    /// The sessions could not be listed, or one could not be ended (`id`).
    SessionsFailed {
        id: Option<String>,
        failure: Failure,
    },
    /// Another session of the account was ended.
    SessionEnded {
        id: String,
    },
    /// The server wants a captcha for sign-in; the image follows in `CaptchaLoaded`.
    CaptchaLoaded {
        key: String,
        /// PNG bytes.
        png: Vec<u8>,
    },
    SignInFailed(SignInFailure),
    SignedIn {
        user: User,
        server: String,
    },
    /// The session is over: signed out by the user (`reason` is `None`) or ended by the server.
    SignedOut {
        reason: Option<SignOutReason>,
    },
    Synced {
        intercoms: Vec<Intercom>,
        codes: Vec<Code>,
        at: DateTime<Utc>,
    },
    /// Items of the listing just sent that could not be read: left out of it, counted for the user, and kept
    /// (bounded) in the journal. Sent after [`Event::Synced`] only when there are some.
    ItemsUnreadable {
        intercoms: Vec<Unreadable>,
        codes: Vec<Unreadable>,
    },
    SyncFailed {
        failure: Failure,
    },
    CodeCreated {
        request: RequestId,
        code: Code,
    },
    CreateFailed {
        request: RequestId,
        problem: Problem,
        /// The account's code limit, when the refusal named it.
        limit: Option<u32>,
    },
    /// An extension made its new code. `old_revoke` says whether the old code is gone; an error means both work.
    Extended {
        request: RequestId,
        code: Code,
        old: u64,
        old_revoke: Result<(), Problem>,
    },
    /// An extension made no new code. `old_revoked`: the old code was revoked first, so the visitor has none now.
    ExtendFailed {
        request: RequestId,
        old: u64,
        problem: Problem,
        limit: Option<u32>,
        old_revoked: bool,
    },
    CodesRevoked {
        ids: Vec<u64>,
    },
    RevokeFailed {
        ids: Vec<u64>,
        failure: Failure,
    },
    /// A slip was made and opened, printed or saved.
    SlipMade {
        then: SlipAction,
        path: PathBuf,
        /// Why it went where it went, when no save dialog could ask.
        note: Option<SavedWithoutDialog>,
    },
    SlipFailed {
        error: SlipFailure,
    },
    /// The mail server took the code's message for `to`; `answer` is what it said.
    EmailSent {
        code_id: u64,
        to: String,
        answer: String,
    },
    EmailFailed {
        code_id: u64,
        to: String,
        error: MailError,
    },
    /// The mail server's password was kept (`Ok`) or could not be (why, for people).
    MailPasswordKept(Result<(), String>),
    /// The server accepted the request to open the door (it answers nothing more).
    DoorOpened {
        intercom: u64,
        call: Option<u64>,
    },
    DoorFailed {
        intercom: u64,
        failure: Failure,
    },
    Live(LiveEvent),
    /// The calls at the doors, as the server lists them (a listing's second part).
    CallsListed {
        calls: Vec<IntercomCall>,
    },
    /// A button of a desktop notification was clicked (or the notification itself).
    NotificationAction {
        action: NoticeAction,
    },
    /// A later launch on this account handed its arguments to this window (which comes to the front).
    HandedOver {
        args: Vec<String>,
    },
    /// Nothing shows notifications here: the window shows this text instead.
    NotShownOnDesktop {
        text: String,
    },
    /// The journal's answer to [`Command::Journal`], or news of it (new entries, trouble with its file).
    Journal(journal::Answer),
}

impl Event {
    /// What the settings keep, as the window's state holds it.
    pub fn remembered(settings: &Settings) -> Self {
        Event::Remembered(Box::new(settings.clone()))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum SignInFailure {
    /// Wrong input or credentials: reasons per field (`login`, `password`, `captcha`) or a message.
    Refused(Problem),
    /// The account has as many sessions open as it may (`limit`, when the server said): ending one of `sessions`
    /// lets the sign-in go on.
    TooManySessions {
        limit: Option<u32>,
        sessions: Vec<SessionInfo>,
        message: String,
    },
    /// The server asks for a captcha (its image is being fetched).
    CaptchaRequired(Problem),
    /// The server limits how often it is asked (429): sign in again after `retry_after` seconds (when it said).
    RateLimited { retry_after: Option<u64> },
    /// The server's certificate is not trusted (or changed since it was trusted): the user may trust this one.
    Certificate(CertificateProblem),
}

/// A certificate the user is asked about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateProblem {
    /// Why the check refused it, technically (behind a "Details" toggle).
    pub detail: String,
    pub subject: String,
    /// SHA-256 of the certificate, lowercase hex.
    pub sha256: String,
    /// A certificate was pinned for this server and the server now shows another.
    pub changed: bool,
}
