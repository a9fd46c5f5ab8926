//! What the UI asks of the backend, and what the backend answers. Plain data: no egui, no I/O.

use chrono::{DateTime, Utc};

use crate::api::{ApiError, CaptchaAnswer, Code, FieldErrors, Intercom, User};
use crate::live::LiveEvent;

/// Numbers a create request so that its answer finds the form that sent it.
pub type RequestId = u64;

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    SignIn(SignInRequest),
    /// Fetch a captcha image for the sign-in screen.
    LoadCaptcha {
        server: String,
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
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SignInRequest {
    pub server: String,
    pub login: String,
    pub password: String,
    pub captcha: Option<CaptchaAnswer>,
    /// After "too many sessions": end this one and sign in.
    pub end_session: Option<String>,
}

/// An error as the screens show it: a general message and the reasons per field.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Problem {
    pub message: String,
    pub fields: FieldErrors,
}

impl Problem {
    pub fn from_api(error: &ApiError) -> Self {
        match error {
            ApiError::Validation { errors, .. } if !errors.is_empty() => Self {
                message: String::new(),
                fields: errors.clone(),
            },
            other => Self {
                message: other.to_string(),
                fields: FieldErrors::new(),
            },
        }
    }

    pub fn message(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            fields: FieldErrors::new(),
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
}
