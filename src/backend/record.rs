//! What the journal is told of the commands the backend runs and the events it sends. Backend knowledge: only the
//! backend knows which of its commands an answer will be about, and it reduces each to what the journal needs
//! before it leaves, so a password or a captcha answer never reaches the journal.
//!
//! Every command and every event is named below, journalled or not: the journal promises "everything done and
//! seen", so a new variant does not compile until someone decides whether it belongs there.

use chrono::{DateTime, Utc};

use crate::desktop::alerts::Alert;
use crate::desktop::notices::NoticeAction;
use crate::journal::{Observation, Unreadables, What};
use crate::messages::{Command, Event, Failure, Problem, SignInFailure, SignOutReason};
use crate::t;
use aipix_client::live::LiveEvent;

/// The part of a command the journal needs to name what the answer is about; `None` for a command whose answer
/// (or nothing) is all there is to write down.
pub fn of_command(command: &Command, at: DateTime<Utc>) -> Option<Observation> {
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
        Command::Extend {
            request,
            old,
            intercom,
            title,
            expires_at,
            revoke_first: _,
        } => What::ExtendAttempt {
            request: *request,
            old: *old,
            intercom: *intercom,
            title: title.clone(),
            expires_at: *expires_at,
        },
        // Their answers are the lines (a revoke, a door, a listing, a sign-out).
        Command::RevokeCodes { .. }
        | Command::OpenDoor { .. }
        | Command::Refresh
        | Command::SignOut => return None,
        // Its answer is the line (another session ended); noted first, for the window whose session it is.
        Command::EndSession { id } => What::EndingSession { id: id.clone() },
        // Nothing on the server changes: a captcha, what a server says of itself, the sessions listed, the
        // settings, a slip, the journal's own reads.
        Command::LoadCaptcha { .. }
        | Command::Remember(_)
        | Command::LoadServerFacts { .. }
        | Command::ListSessions
        | Command::MakeSlip { .. }
        | Command::KeepMailPassword { .. }
        | Command::Journal(_) => return None,
        // Its answer is the line (sent, to whom, what the mail server said).
        Command::SendEmail(_) => return None,
        // A reminder given is a line (and never given twice); the rest tells of what was journalled already (a
        // call, a code made or revoked elsewhere, the live channel's gap) or changes nothing on the server.
        Command::Notify(alert) => match alert.inner() {
            Alert::Reminder { kind, code, .. } => What::Reminded {
                code: code.clone(),
                kind: *kind,
            },
            Alert::Call { .. }
            | Alert::CodeMadeElsewhere { .. }
            | Alert::CodesRevokedElsewhere { .. }
            | Alert::LiveLost { .. }
            | Alert::AlreadyOpen { .. }
            | Alert::Summary { .. }
            | Alert::Of { .. } => return None,
        },
        Command::CloseNotification { .. } => return None,
        Command::VisitorArrived(arrival) => What::VisitorArrived(arrival.as_ref().clone()),
        // The visitors' own table; the journal's line is the arrival's, above.
        Command::Expected(_) | Command::PickVisitorList => return None,
    };
    Some(Observation { at, what })
}

/// A code sent by e-mail, or not: to whom, and the mail server's answer or why.
fn emailed(code_id: u64, to: &str, answer: Result<String, String>) -> What {
    What::Emailed {
        code_id,
        to: to.to_owned(),
        answer,
    }
}

/// What an event sent to the UI means for the journal; `None` for an event it does not record.
pub fn of_event(event: &Event, at: DateTime<Utc>) -> Option<Observation> {
    let what = match event {
        Event::SignedIn { user, server: _ } => What::SignedIn {
            login: user.login.clone(),
        },
        Event::SignInFailed(failure) => What::SignInFailed {
            reason: sign_in_failure_text(failure),
        },
        Event::SignedOut { reason } => What::SignedOut {
            reason: reason.map(SignOutReason::sentence),
        },
        Event::CodeCreated { request, code } => What::Created {
            request: *request,
            code: code.clone(),
        },
        Event::CreateFailed {
            request,
            problem,
            limit: _,
        } => What::CreateFailed {
            request: *request,
            reason: problem_text(problem),
        },
        // Told as each half happened (`What::Extended`, `What::ExtendRevoke`), by the worker.
        Event::Extended { .. } => return None,
        Event::ExtendFailed {
            request,
            problem,
            old: _,
            limit: _,
            old_revoked: _,
        } => What::ExtendFailed {
            request: *request,
            reason: problem_text(problem),
        },
        Event::CodesRevoked { ids } => What::Revoked { ids: ids.clone() },
        Event::RevokeFailed { ids, failure } => What::RevokeFailed {
            ids: ids.clone(),
            reason: failure_text(failure),
        },
        Event::DoorOpened { intercom, call } => What::DoorOpened {
            intercom: *intercom,
            for_call: call.is_some(),
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
        Event::ItemsUnreadable { intercoms, codes } => What::Unreadable(Unreadables {
            intercoms: intercoms.clone(),
            codes: codes.clone(),
        }),
        Event::SessionEnded { id } => What::OtherSessionEnded { id: id.clone() },
        // Reads that change nothing: what a server says of itself, the sessions listed (a failure to end one
        // leaves it as it was).
        Event::ServerFacts { .. } | Event::SessionsListed { .. } | Event::SessionsFailed { .. } => {
            return None;
        }
        Event::Live(live) => of_live(live)?,
        // The next listing tells what it failed to (a failed one changes nothing).
        Event::SyncFailed { .. } => return None,
        // Before a session, or about this computer only: the settings, the keyring, a slip, a captcha, notices.
        Event::Remembered(_)
        | Event::Resuming { .. }
        | Event::NotResumed { .. }
        | Event::NotRemembered { .. }
        | Event::CaptchaLoaded { .. }
        | Event::Notice { .. }
        | Event::SlipMade { .. }
        | Event::SlipFailed { .. }
        | Event::MailPasswordKept(_) => return None,
        Event::EmailSent {
            code_id,
            to,
            answer,
        } => emailed(*code_id, to, Ok(answer.clone())),
        Event::EmailFailed { code_id, to, error } => emailed(*code_id, to, Err(error.text())),
        // The journal's own answers.
        Event::Journal(_) | Event::Expected(_) => return None,
        Event::NotificationAction { action } => notification_action(action),
        // Calls live are journalled as their pushes; a listing of them is history the server keeps. A text shown
        // in the window instead of on the desktop is about something journalled already.
        Event::CallsListed { .. } | Event::NotShownOnDesktop { .. } => return None,
        // About this computer's windows, not the account.
        Event::HandedOver { .. } => return None,
    };
    Some(Observation { at, what })
}

/// The live channel: its pushes, and when it was up or down (a gap is a line).
fn of_live(event: &LiveEvent) -> Option<What> {
    match event {
        LiveEvent::Push(push) => Some(What::Push(push.clone())),
        LiveEvent::Connected { .. } => Some(What::LiveUp),
        LiveEvent::Disconnected { reason, .. } | LiveEvent::Stopped { reason } => {
            Some(What::LiveDown {
                reason: reason.clone(),
            })
        }
        // The `Stopped` that follows is the line.
        LiveEvent::Unencrypted { .. } => None,
        // An attempt is not news; a resync is the listing that follows.
        LiveEvent::Connecting { .. } | LiveEvent::ResyncNeeded => None,
    }
}

fn sign_in_failure_text(failure: &SignInFailure) -> String {
    match failure {
        SignInFailure::Refused(problem) | SignInFailure::CaptchaRequired(problem) => {
            problem_text(problem)
        }
        SignInFailure::TooManySessions {
            message,
            limit: _,
            sessions: _,
        } => message.clone(),
        SignInFailure::Certificate(problem) => problem.detail.clone(),
        SignInFailure::RateLimited { retry_after } => failure_text(&Failure::Busy {
            retry_after: *retry_after,
        }),
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

/// A notification's button clicked, as the journal says it.
fn notification_action(action: &NoticeAction) -> What {
    let (intercom, code, what) = match action {
        NoticeAction::ShowWindow => (None, None, t!("journal-action-show")),
        NoticeAction::MakeCode { intercom, .. } => {
            (Some(*intercom), None, t!("journal-action-make-code"))
        }
        NoticeAction::OpenDoor { intercom, .. } => {
            (Some(*intercom), None, t!("journal-action-open-door"))
        }
        NoticeAction::Extend { code } => (None, Some(*code), t!("journal-action-extend")),
        NoticeAction::Revoke { code } => (None, Some(*code), t!("journal-action-revoke")),
    };
    What::NotificationAction {
        intercom,
        code,
        what: what.to_owned(),
    }
}
