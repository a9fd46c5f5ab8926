//! What a desktop notification is, whichever platform shows it: its words, buttons, urgency and lifetime, what
//! showing it answers and what the user does with it, and the app's name and icon it is shown under.

use std::time::Duration;

/// How long one call to the session bus may take (it may have to start the notification service).
pub const PATIENCE: Duration = Duration::from_secs(10);

/// The most notifications whose buttons are remembered; beyond it, the oldest one's clicks are no longer heard
/// (a service that never says a notification closed must not make the list grow without end).
pub const REMEMBERED: usize = 64;

/// The application's name and icon, as the desktop entry names them.
pub(super) const APP_NAME: &str = "Visitor Desk";
pub(super) const APP_ID: &str = "org.visitordesk.VisitorDesk";

/// One notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification<A> {
    pub summary: String,
    /// Plain text (escaped for services that read markup).
    pub body: String,
    /// Buttons in order: what each does (given back when clicked), and its label.
    pub actions: Vec<(A, String)>,
    /// What clicking the notification itself does, where the service supports it.
    pub default_action: Option<A>,
    pub urgency: Urgency,
    pub expires: Expiry,
    /// A notification shown before that this one takes the place of.
    pub replaces: Option<NotificationId>,
}

impl<A> Notification<A> {
    /// A notification with no buttons, normal urgency, expiring as the service decides.
    pub fn new(summary: impl Into<String>, body: impl Into<String>) -> Self {
        Self {
            summary: summary.into(),
            body: body.into(),
            actions: Vec::new(),
            default_action: None,
            urgency: Urgency::Normal,
            expires: Expiry::Default,
            replaces: None,
        }
    }

    /// The text as the window shows it where no notification can be: summary and body on one line.
    pub fn as_text(&self) -> String {
        if self.body.is_empty() {
            self.summary.clone()
        } else {
            format!("{}: {}", self.summary, self.body)
        }
    }
}

/// The specification's urgency levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    Low,
    Normal,
    /// Stays until dismissed on most desktops (a call at the door).
    Critical,
}

/// How long a notification stays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// As the service and the user's settings decide.
    Default,
    /// Until the user dismisses it.
    Never,
    After(Duration),
}

/// The service's id of a notification shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NotificationId(pub u32);

/// What became of a notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// On screen. `with_actions`: the service shows buttons (some do not; then the window offers them).
    Shown {
        id: NotificationId,
        with_actions: bool,
    },
    /// Nobody shows notifications here (no session bus, no service on it, or it did not answer in time): show
    /// the text in the window instead. `reason` is for the log.
    NoService { reason: String },
}

/// What the service tells of a notification afterwards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotifyEvent<A> {
    /// A button (or the notification itself, for its default action) was clicked.
    ActionInvoked {
        notification: NotificationId,
        action: A,
    },
    /// The notification went away (expired, dismissed, or closed by the app).
    Closed { notification: NotificationId },
}
