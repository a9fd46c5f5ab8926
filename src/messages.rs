//! What the UI asks of the backend ([`Command`]), and what the backend answers ([`Event`]). Plain data: no egui,
//! no I/O. Its own module, so that `backend` (which runs commands) and `state` (which applies events) both name
//! them without depending on each other.

use chrono::{DateTime, Utc};

use crate::settings::{Profile, TrustChoice};
use aipix_client::api::{ApiError, CaptchaAnswer, Code, FieldErrors, Intercom, User};
use aipix_client::live::LiveEvent;

/// Numbers a create request so that its answer finds the form that sent it.
pub type RequestId = u64;

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    SignIn(SignInRequest),
    /// Fetch a captcha image for the sign-in screen.
    LoadCaptcha {
        server: String,
        tls: TrustChoice,
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
    DeleteCodes {
        ids: Vec<u64>,
    },
    OpenDoor {
        intercom: u64,
    },
    /// Remember the intercom looked at (the next start opens on it).
    RememberIntercom {
        intercom: Option<u64>,
    },
    /// Remember the language chosen in the app (`None`: follow the operating system).
    RememberLanguage {
        language: Option<String>,
    },
    /// Forget a saved server profile (and its kept sign-in).
    ForgetProfile {
        name: String,
    },
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SignInRequest {
    pub server: String,
    pub login: String,
    pub password: String,
    pub captcha: Option<CaptchaAnswer>,
    /// After "too many sessions": end this one and sign in.
    pub end_session: Option<String>,
    /// Which server certificates to accept.
    pub tls: TrustChoice,
    /// The live channel's auth route, when not one of the usual ones.
    pub auth_path: Option<String>,
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
}

impl FailureKind {
    pub fn of(error: &ApiError) -> Self {
        match error {
            ApiError::Validation { .. }
            | ApiError::TooManySessions { .. }
            | ApiError::RateLimited { .. }
            | ApiError::Forbidden
            | ApiError::NotFound => Self::Refused,
            ApiError::Unauthorized | ApiError::NotSignedIn => Self::Unauthorized,
            ApiError::Server { .. }
            | ApiError::Network(_)
            | ApiError::Decode { .. }
            | ApiError::ListChanging
            | ApiError::UntrustedCertificate { .. }
            | ApiError::CertificateChanged { .. } => Self::Unreachable,
            ApiError::InvalidUrl(_) | ApiError::TlsSetup(_) => Self::Local,
        }
    }
}

/// An error as the screens show it: a general message and the reasons per field.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Problem {
    pub message: String,
    pub fields: FieldErrors,
    pub kind: FailureKind,
}

impl Problem {
    pub fn from_api(error: &ApiError) -> Self {
        let kind = FailureKind::of(error);
        match error {
            ApiError::Validation { errors, .. } if !errors.is_empty() => Self {
                message: String::new(),
                fields: errors.clone(),
                kind,
            },
            other => Self {
                message: other.to_string(),
                fields: FieldErrors::new(),
                kind,
            },
        }
    }

    /// The error's text under one field (an address the server cannot be reached at goes under `server`).
    pub fn from_api_for_field(name: &str, error: &ApiError) -> Self {
        Self {
            kind: FailureKind::of(error),
            ..Self::for_field(name, error.to_string())
        }
    }

    /// One reason under one field.
    pub fn for_field(name: &str, reason: impl Into<String>) -> Self {
        Self {
            message: String::new(),
            fields: [(name.to_owned(), vec![reason.into()])].into(),
            kind: FailureKind::Local,
        }
    }

    pub fn message(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            fields: FieldErrors::new(),
            kind: FailureKind::Local,
        }
    }

    pub fn field(&self, name: &str) -> &[String] {
        self.fields.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The reasons whose field is not among `known`, with the general message: shown at the top of a form.
    pub fn general(&self, known: &[&str]) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        if !self.message.is_empty() {
            lines.push(self.message.clone());
        }
        for (field, reasons) in &self.fields {
            if !known.contains(&field.as_str()) {
                lines.extend(reasons.iter().cloned());
            }
        }
        lines
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// What was kept from earlier runs: the saved profiles, the one used last, the intercom looked at last.
    Remembered {
        profiles: Vec<Profile>,
        last_profile: Option<Profile>,
        last_intercom: Option<u64>,
    },
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
    /// Tokens will not survive a restart; said once, plainly.
    NotRemembered {
        warning: String,
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
        reason: Option<String>,
    },
    Synced {
        intercoms: Vec<Intercom>,
        codes: Vec<Code>,
        at: DateTime<Utc>,
    },
    SyncFailed {
        message: String,
        kind: FailureKind,
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
    CodesDeleted {
        ids: Vec<u64>,
    },
    DeleteFailed {
        ids: Vec<u64>,
        message: String,
        kind: FailureKind,
    },
    DoorOpened {
        intercom: u64,
    },
    DoorFailed {
        intercom: u64,
        message: String,
    },
    Live(LiveEvent),
}

#[derive(Debug, Clone, PartialEq)]
pub enum SignInFailure {
    /// Wrong input or credentials: reasons per field (`login`, `password`, `captcha`) or a message.
    Refused(Problem),
    /// The account has too many sessions; `session_id` (when given) can be ended to go on.
    TooManySessions {
        session_id: Option<String>,
        message: String,
    },
    /// The server asks for a captcha (its image is being fetched).
    CaptchaRequired(Problem),
    /// The server's certificate is not trusted (or changed since it was trusted): the user may trust this one.
    Certificate(CertificateProblem),
}

/// A certificate the user is asked about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateProblem {
    pub message: String,
    pub subject: String,
    /// SHA-256 of the certificate, lowercase hex.
    pub sha256: String,
    /// A certificate was pinned for this server and the server now shows another.
    pub changed: bool,
}
