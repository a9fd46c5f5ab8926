//! What the journal is told: what the backend did and saw, and when, in the journal's own words. The backend makes
//! these from its commands and events (`backend::record`), so a password or a captcha answer never reaches here.

use chrono::{DateTime, Utc};

use crate::domain::RequestId;
use crate::reminders::ReminderKind;
use aipix_client::api::{Code, Intercom, Unreadable};
use aipix_client::live::Push;

/// The items of one listing that could not be read, by list.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadables {
    pub intercoms: Vec<Unreadable>,
    pub codes: Vec<Unreadable>,
}

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
    /// An extension is being tried: a new code in place of `old`.
    ExtendAttempt {
        request: RequestId,
        old: u64,
        intercom: u64,
        title: String,
        expires_at: DateTime<Utc>,
    },
    /// An extension made its new code. Told by the worker the moment the code exists, before the old one's revoke
    /// is asked for: each half is recorded when it happens, whatever becomes of the other.
    Extended {
        request: RequestId,
        code: Code,
        old: u64,
    },
    /// The old code of an extension was revoked (`Ok`) or not (the server's answer). `new` is the code replacing
    /// it, when made already (a full account revokes first). Told the moment the revoke answers.
    ExtendRevoke {
        old: u64,
        new: Option<Code>,
        result: Result<(), String>,
    },
    /// An extension made no new code.
    ExtendFailed {
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
    /// A code this desk sent by e-mail to `to`: the mail server's answer, or why it was not sent.
    Emailed {
        code_id: u64,
        to: String,
        answer: Result<String, String>,
    },
    DoorOpened {
        intercom: u64,
        /// Opened for a call at the door (from its row or its notification).
        for_call: bool,
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
    /// Another session of the account was ended from this desk (the Sessions view).
    OtherSessionEnded {
        id: String,
    },
    /// This desk is about to end session `id` of the account (the Sessions view, or a sign-in that ends an old
    /// session to make room): noted before it is asked, as the window whose session it is may look at once.
    EndingSession {
        id: String,
    },
    /// Items of a listing that could not be read (left out of it).
    Unreadable(Unreadables),
    Push(Push),
    LiveUp,
    LiveDown {
        reason: String,
    },
    /// A reminder of `code` was given on the desktop.
    Reminded {
        code: Code,
        kind: ReminderKind,
    },
    /// An expected visitor was given their code.
    VisitorArrived(crate::expected::Arrival),
    /// A desktop notification's button was clicked (`what`: which, as the user reads it).
    NotificationAction {
        intercom: Option<u64>,
        code: Option<u64>,
        what: String,
    },
}
