//! One line of the journal, and the filter the history view and the exports read it through.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::search_fold;
use crate::t;

/// What happened. Stored by [`Kind::as_str`]: the names are part of the file format and the JSON export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    SignIn,
    SignOut,
    /// The server ended the session (a token it no longer accepts).
    SessionEnded,
    CodeCreated,
    CodeRevoked,
    /// An expired code the server removed (a day after its expiry).
    CodeRemoved,
    DoorOpened,
    IntercomOffline,
    IntercomOnline,
    IntercomRemoved,
    /// The live channel was down from `at` to `until`: pushes of that time were missed.
    LiveGap,
    /// Something the server said on the live channel that changes no code: a call, an intercom's failed key,
    /// changed permissions, a push the desk has no use for (`detail` says which).
    LiveNotice,
    /// "Expires in 15 minutes" told on the desktop (`code_id`: the code). Read back at each start, so that no
    /// reminder is given twice.
    ReminderExpiresSoon,
    /// "Expired, still counts toward the limit" told on the desktop (`code_id`: the code).
    ReminderHoldingSlot,
    /// A desktop notification's button clicked (`detail`: which).
    NotificationAction,
    /// A code this desk sent by e-mail (`detail`: to whom, and the mail server's answer or why it failed).
    CodeEmailed,
    /// An item of the server's list that could not be read, so is not shown (`detail`: why, and its JSON as sent,
    /// cut; `code_id` or `intercom_id` when its id could be read).
    UnreadableItem,
    /// An expected visitor was given their code (`code_id`: the code; `title`: the visitor; `detail`: when they
    /// were expected, and who added them).
    VisitorArrived,
}

impl Kind {
    pub const ALL: [Kind; 18] = [
        Kind::SignIn,
        Kind::SignOut,
        Kind::SessionEnded,
        Kind::CodeCreated,
        Kind::CodeRevoked,
        Kind::CodeRemoved,
        Kind::DoorOpened,
        Kind::IntercomOffline,
        Kind::IntercomOnline,
        Kind::IntercomRemoved,
        Kind::LiveGap,
        Kind::LiveNotice,
        Kind::ReminderExpiresSoon,
        Kind::ReminderHoldingSlot,
        Kind::NotificationAction,
        Kind::CodeEmailed,
        Kind::UnreadableItem,
        Kind::VisitorArrived,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::SignIn => "sign_in",
            Kind::SignOut => "sign_out",
            Kind::SessionEnded => "session_ended",
            Kind::CodeCreated => "code_created",
            Kind::CodeRevoked => "code_revoked",
            Kind::CodeRemoved => "code_removed",
            Kind::DoorOpened => "door_opened",
            Kind::IntercomOffline => "intercom_offline",
            Kind::IntercomOnline => "intercom_online",
            Kind::IntercomRemoved => "intercom_removed",
            Kind::LiveGap => "live_gap",
            Kind::LiveNotice => "live_notice",
            Kind::ReminderExpiresSoon => "reminder_expires_soon",
            Kind::ReminderHoldingSlot => "reminder_holding_slot",
            Kind::NotificationAction => "notification_action",
            Kind::CodeEmailed => "code_emailed",
            Kind::UnreadableItem => "unreadable_item",
            Kind::VisitorArrived => "visitor_arrived",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }

    /// As people read it.
    pub fn label(self) -> &'static str {
        match self {
            Kind::SignIn => t!("journal-kind-sign-in"),
            Kind::SignOut => t!("journal-kind-sign-out"),
            Kind::SessionEnded => t!("journal-kind-session-ended"),
            Kind::CodeCreated => t!("journal-kind-code-created"),
            Kind::CodeRevoked => t!("journal-kind-code-revoked"),
            Kind::CodeRemoved => t!("journal-kind-code-removed"),
            Kind::DoorOpened => t!("journal-kind-door-opened"),
            Kind::IntercomOffline => t!("journal-kind-intercom-offline"),
            Kind::IntercomOnline => t!("journal-kind-intercom-online"),
            Kind::IntercomRemoved => t!("journal-kind-intercom-removed"),
            Kind::LiveGap => t!("journal-kind-live-gap"),
            Kind::LiveNotice => t!("journal-kind-live-notice"),
            Kind::ReminderExpiresSoon => t!("journal-kind-reminder-expires-soon"),
            Kind::ReminderHoldingSlot => t!("journal-kind-reminder-holding-slot"),
            Kind::NotificationAction => t!("journal-kind-notification-action"),
            Kind::CodeEmailed => t!("journal-kind-code-emailed"),
            Kind::UnreadableItem => t!("journal-kind-unreadable-item"),
            Kind::VisitorArrived => t!("journal-kind-visitor-arrived"),
        }
    }
}

/// Who did it, as far as this desk can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// This desk did it (or it happened to this desk: its session, its live channel).
    Desk,
    /// This desk did it from the command line (`visitor-desk codes create`, …).
    CommandLine,
    /// Another desk of the account, told by a live push.
    Push,
    /// Another desk or the server, found by comparing a listing with the one before.
    Listing,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Desk => "desk",
            Origin::CommandLine => "command_line",
            Origin::Push => "push",
            Origin::Listing => "listing",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            Origin::Desk,
            Origin::CommandLine,
            Origin::Push,
            Origin::Listing,
        ]
        .into_iter()
        .find(|origin| origin.as_str() == text)
    }

    /// Whether this desk did it (in the window or from the command line).
    pub fn is_this_desk(self) -> bool {
        matches!(self, Origin::Desk | Origin::CommandLine)
    }

    pub fn label(self) -> &'static str {
        match self {
            Origin::Desk => t!("journal-origin-desk"),
            Origin::CommandLine => t!("journal-origin-command-line"),
            Origin::Push => t!("journal-origin-push"),
            Origin::Listing => t!("journal-origin-listing"),
        }
    }
}

/// The server's answer to what this desk asked; what was seen is always `Ok`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Ok,
    Failed,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "ok" => Some(Outcome::Ok),
            "failed" => Some(Outcome::Failed),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Outcome::Ok => t!("journal-outcome-ok"),
            Outcome::Failed => t!("journal-outcome-failed"),
        }
    }
}

/// One journal line. Text fields are empty rather than absent, so exports have no `null` cells.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Assigned when written; 0 before.
    pub id: i64,
    /// When it happened (the desk's clock).
    pub at: DateTime<Utc>,
    pub kind: Kind,
    pub origin: Origin,
    pub outcome: Outcome,
    /// The desk that wrote the line: its device id (`X-UUID`) and the operating system's user.
    pub device_id: String,
    pub os_user: String,
    /// The login the desk was signed in with (or tried to sign in with).
    pub login: String,
    pub intercom_id: Option<u64>,
    pub intercom: String,
    pub code_id: Option<u64>,
    pub code: String,
    pub title: String,
    pub expires_at: Option<DateTime<Utc>>,
    /// The end of a span (a live-channel gap).
    pub until: Option<DateTime<Utc>>,
    /// The server's answer when it refused, or a note (the reason a session ended, a channel broke).
    pub detail: String,
    /// The other code of an extension: the one a new code replaces (on its creation), or the one that replaces it
    /// (on the old code's revoke).
    #[serde(default)]
    pub related_code_id: Option<u64>,
}

impl Entry {
    /// A line of `kind` at `at`, everything else empty.
    pub fn new(at: DateTime<Utc>, kind: Kind, origin: Origin) -> Self {
        Self {
            id: 0,
            at,
            kind,
            origin,
            outcome: Outcome::Ok,
            device_id: String::new(),
            os_user: String::new(),
            login: String::new(),
            intercom_id: None,
            intercom: String::new(),
            code_id: None,
            code: String::new(),
            title: String::new(),
            expires_at: None,
            until: None,
            detail: String::new(),
            related_code_id: None,
        }
    }

    /// What the search matches: the title and the code, folded as every search folds them (SQLite's own
    /// `lower` knows only ASCII).
    pub fn search_text(&self) -> String {
        format!(
            "{}\n{}",
            search_fold::fold(&self.title),
            search_fold::fold(&self.code)
        )
    }
}

/// Whose lines to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Who {
    #[default]
    Anyone,
    /// What this desk did.
    ThisDesk,
    /// What this desk saw others do.
    Others,
}

impl Who {
    pub const ALL: [Who; 3] = [Who::Anyone, Who::ThisDesk, Who::Others];

    pub fn label(self) -> &'static str {
        match self {
            Who::Anyone => t!("journal-who-anyone"),
            Who::ThisDesk => t!("journal-who-this-desk"),
            Who::Others => t!("journal-who-others"),
        }
    }
}

/// Which lines to read. Empty fields admit everything; dates are instants (the view turns local days into them).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Filter {
    pub intercom: Option<u64>,
    pub kind: Option<Kind>,
    pub who: Who,
    /// From this instant on (inclusive).
    pub since: Option<DateTime<Utc>>,
    /// Before this instant (exclusive).
    pub before: Option<DateTime<Utc>>,
    /// In the title or the code, ignoring case.
    pub search: String,
    pub code_id: Option<u64>,
}
