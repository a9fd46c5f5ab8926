//! What the backend tells the journal, taken from the commands it runs and the events it sends. The conversion
//! happens on the backend's side, so a password or a captcha answer never leaves the command it came in.

use chrono::{DateTime, Utc};

use crate::domain::RequestId;
use crate::messages::{Command, Event, Failure, Problem, SignInFailure, SignOutReason};
use aipix_client::api::{Code, Intercom};
use aipix_client::live::{LiveEvent, Push};

/// Something the backend did or saw, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub at: DateTime<Utc>,
    pub what: What,
}

#[derive(Debug, Clone, PartialEq)]
pub enum What {
    /// A sign-in is being tried with this login (its password stays behind).
    SignInAttempt {
        login: String,
    },
    SignedIn {
        login: String,
    },
    SignInFailed {
        reason: String,
    },
    SignedOut {
        reason: Option<String>,
    },
    CreateAttempt {
        request: RequestId,
        intercom: u64,
        title: String,
        expires_at: DateTime<Utc>,
    },
    Created {
        request: RequestId,
        code: Code,
    },
    CreateFailed {
        request: RequestId,
        reason: String,
    },
    /// A re-issue is being tried: a new code in place of `old`.
    ReissueAttempt {
        request: RequestId,
        old: u64,
        intercom: u64,
        title: String,
        expires_at: DateTime<Utc>,
    },
    /// A re-issue made its new code. Told by the worker the moment the code exists, before the old one's revoke
    /// is asked for: each half is recorded when it happens, whatever becomes of the other.
    Reissued {
        request: RequestId,
        code: Code,
        old: u64,
    },
    /// The old code of a re-issue was revoked (`Ok`) or not (the server's answer). `new` is the code replacing
    /// it, when made already (a full account revokes first). Told the moment the revoke answers.
    ReissueRevoke {
        old: u64,
        new: Option<Code>,
        result: Result<(), String>,
    },
    /// A re-issue made no new code.
    ReissueFailed {
        request: RequestId,
        reason: String,
    },
    Revoked {
        ids: Vec<u64>,
    },
    RevokeFailed {
        ids: Vec<u64>,
        reason: String,
    },
    DoorOpened {
        intercom: u64,
    },
    DoorFailed {
        intercom: u64,
        reason: String,
    },
    Listing {
        intercoms: Vec<Intercom>,
        codes: Vec<Code>,
        /// When the listing began: changes seen here after that are newer than what it says.
        started: DateTime<Utc>,
    },
    Push(Push),
    LiveUp,
    LiveDown {
        reason: String,
    },
}

impl Observation {
    /// The part of a command the journal needs to name what the answer is about; `None` for the rest.
    pub fn of_command(command: &Command, at: DateTime<Utc>) -> Option<Self> {
        let what = match command {
            Command::SignIn(request) => What::SignInAttempt {
                login: request.login.trim().to_owned(),
            },
            Command::CreateCode {
                request,
                intercom,
                title,
                expires_at,
            } => What::CreateAttempt {
                request: *request,
                intercom: *intercom,
                title: title.clone(),
                expires_at: *expires_at,
            },
            Command::Reissue {
                request,
                old,
                intercom,
                title,
                expires_at,
                ..
            } => What::ReissueAttempt {
                request: *request,
                old: *old,
                intercom: *intercom,
                title: title.clone(),
                expires_at: *expires_at,
            },
            _ => return None,
        };
        Some(Self { at, what })
    }

    /// What an event sent to the UI means for the journal; `None` for events it does not record.
    pub fn of_event(event: &Event, at: DateTime<Utc>) -> Option<Self> {
        let what = match event {
            Event::SignedIn { user, .. } => What::SignedIn {
                login: user.login.clone(),
            },
            Event::SignInFailed(failure) => What::SignInFailed {
                reason: match failure {
                    SignInFailure::Refused(problem) | SignInFailure::CaptchaRequired(problem) => {
                        problem_text(problem)
                    }
                    SignInFailure::TooManySessions { message, .. } => message.clone(),
                    SignInFailure::Certificate(problem) => problem.detail.clone(),
                },
            },
            Event::SignedOut { reason } => What::SignedOut {
                reason: reason.map(SignOutReason::sentence),
            },
            Event::CodeCreated { request, code } => What::Created {
                request: *request,
                code: code.clone(),
            },
            Event::CreateFailed {
                request, problem, ..
            } => What::CreateFailed {
                request: *request,
                reason: problem_text(problem),
            },
            // A re-issue's made code and revoke were told as they happened (`What::Reissued`, `ReissueRevoke`).
            Event::ReissueFailed {
                request, problem, ..
            } => What::ReissueFailed {
                request: *request,
                reason: problem_text(problem),
            },
            Event::CodesDeleted { ids } => What::Revoked { ids: ids.clone() },
            Event::DeleteFailed { ids, failure } => What::RevokeFailed {
                ids: ids.clone(),
                reason: failure_text(failure),
            },
            Event::DoorOpened { intercom } => What::DoorOpened {
                intercom: *intercom,
            },
            Event::DoorFailed { intercom, failure } => What::DoorFailed {
                intercom: *intercom,
                reason: failure_text(failure),
            },
            Event::Synced {
                intercoms,
                codes,
                at: started,
            } => What::Listing {
                intercoms: intercoms.clone(),
                codes: codes.clone(),
                started: *started,
            },
            Event::Live(LiveEvent::Push(push)) => What::Push(push.clone()),
            Event::Live(LiveEvent::Connected { .. }) => What::LiveUp,
            Event::Live(LiveEvent::Disconnected { reason, .. } | LiveEvent::Stopped { reason }) => {
                What::LiveDown {
                    reason: reason.clone(),
                }
            }
            _ => return None,
        };
        Some(Self { at, what })
    }
}

/// A refusal in one line: what the user was told, and every field's reasons.
pub fn problem_text(problem: &Problem) -> String {
    let mut lines: Vec<String> = problem.failure.iter().map(failure_text).collect();
    for reasons in problem.fields.values() {
        lines.extend(reasons.iter().cloned());
    }
    lines.join(" ")
}

/// A failure as the user was told it, with the technical reason after it.
fn failure_text(failure: &Failure) -> String {
    match failure.detail() {
        Some(detail) => format!("{} ({detail})", failure.sentence()),
        None => failure.sentence(),
    }
}
