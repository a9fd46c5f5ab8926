//! Desktop notifications through the freedesktop notification service (`org.freedesktop.Notifications` on the
//! session bus, the Desktop Notifications Specification 1.2), spoken directly over zbus, which the app already
//! uses: no blocking call, and actions arrive as a stream of signals rather than as a thread waiting per
//! notification.
//!
//! [`Notifier::notify`] shows a notification with its buttons and answers [`Delivery::Shown`], or
//! [`Delivery::NoService`] when there is no session bus or nobody on it shows notifications: never an error, and
//! never a hang (each call to the bus has [`PATIENCE`]), so that the window can show the same words itself. A
//! button clicked comes back on the channel given to [`Notifier::new`] as one [`NotifyEvent::ActionInvoked`] with
//! the action it was given, typed as the caller's own `A`.
//!
//! On Windows the same calls show toasts in the notification centre (`notify_windows`, a file of its own); on
//! macOS every notification is [`Delivery::NoService`]. What a notification is, whichever shows it, is
//! [`super::notification`]'s.

use std::fmt;
use std::sync::Arc;

use tokio::sync::mpsc::UnboundedSender;

#[cfg(target_os = "linux")]
use super::notification::{APP_ID, APP_NAME};
pub use super::notification::{
    Delivery, Expiry, Notification, NotificationId, NotifyEvent, PATIENCE, REMEMBERED, Urgency,
};

/// Which session bus to use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bus {
    /// The user's session bus (`DBUS_SESSION_BUS_ADDRESS`).
    Session,
    /// A bus at this address (tests).
    Address(String),
}

/// Shows notifications and hears their buttons. Cheap to clone; clones share the connection and the buttons.
pub struct Notifier<A> {
    #[cfg(target_os = "linux")]
    service: Arc<linux::Service<A>>,
    #[cfg(windows)]
    service: Arc<super::notify_windows::Service<A>>,
    #[cfg(not(any(target_os = "linux", windows)))]
    _actions: std::marker::PhantomData<(A, UnboundedSender<NotifyEvent<A>>)>,
}

impl<A> Clone for Notifier<A> {
    fn clone(&self) -> Self {
        Self {
            #[cfg(any(target_os = "linux", windows))]
            service: self.service.clone(),
            #[cfg(not(any(target_os = "linux", windows)))]
            _actions: std::marker::PhantomData,
        }
    }
}

impl<A> fmt::Debug for Notifier<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Notifier").finish_non_exhaustive()
    }
}

impl<A: Clone + Send + Sync + 'static> Notifier<A> {
    /// A notifier on `bus`; what the service tells of its notifications goes to `events`. Connects at the first
    /// notification (and again after the bus went away), so that it costs nothing until needed. Call it inside
    /// a tokio runtime: the buttons are heard on a task of its own.
    pub fn new(bus: Bus, events: UnboundedSender<NotifyEvent<A>>) -> Self {
        #[cfg(target_os = "linux")]
        {
            Self {
                service: Arc::new(linux::Service::new(bus, events)),
            }
        }
        #[cfg(windows)]
        {
            // Toasts are the system's own: there is no bus to choose.
            let _ = bus;
            Self {
                service: Arc::new(super::notify_windows::Service::new(events)),
            }
        }
        #[cfg(not(any(target_os = "linux", windows)))]
        {
            let _ = (bus, events);
            Self {
                _actions: std::marker::PhantomData,
            }
        }
    }

    /// Shows `notification`; answers where it went. Sends exactly one `Notify` (or none, when the service is
    /// not there).
    pub async fn notify(&self, notification: &Notification<A>) -> Delivery {
        let notification = &notification.made_safe();
        #[cfg(any(target_os = "linux", windows))]
        {
            self.service.notify(notification).await
        }
        #[cfg(not(any(target_os = "linux", windows)))]
        {
            let _ = notification;
            Delivery::NoService {
                reason: "this system has no freedesktop notification service".to_owned(),
            }
        }
    }

    /// Closes the connection to the session bus as the bus would drop it (a message it refuses): for tests of
    /// the listener coming back.
    #[doc(hidden)]
    pub async fn drop_bus_connection(&self) {
        #[cfg(target_os = "linux")]
        self.service.drop_connection().await;
    }

    /// Takes a notification off the screen (a call answered elsewhere). Nothing happens when it is gone already.
    pub async fn close(&self, id: NotificationId) {
        #[cfg(any(target_os = "linux", windows))]
        self.service.close(id).await;
        #[cfg(not(any(target_os = "linux", windows)))]
        let _ = id;
    }
}

/// The longest summary and body a notification carries, in characters: a desktop shows a line or two, and a
/// server's text could be megabytes (a toast that covers the screen, a bus message the daemon refuses).
pub const SUMMARY_MAX: usize = 160;
pub const BODY_MAX: usize = 600;

/// `text` as a notification may carry it: every control character (NUL, which makes the bus drop the connection,
/// ESC, line breaks unless `lines`) and every bidirectional embedding, override and isolate (which would turn the
/// text around: "Trojan source") shown as a space, and cut at `max` characters, the cut marked with "…".
pub fn safe_text(text: &str, max: usize, lines: bool) -> String {
    // What is past the cut is never looked at: a title of megabytes costs no more than one of a line.
    let head: String = text.chars().take(max.saturating_add(1)).collect();
    let cleaned = if lines {
        crate::terminal::message(&head)
    } else {
        crate::terminal::cell(&head)
    };
    match cleaned.char_indices().nth(max) {
        Some((cut, _)) => {
            let kept: String = cleaned[..cut].chars().take(max.saturating_sub(1)).collect();
            format!("{}…", kept.trim_end())
        }
        None => cleaned.into_owned(),
    }
}

impl<A: Clone> Notification<A> {
    /// The notification with its texts made safe to send (see [`safe_text`]): what every platform shows.
    pub fn made_safe(&self) -> Self {
        Self {
            summary: safe_text(&self.summary, SUMMARY_MAX, false),
            body: safe_text(&self.body, BODY_MAX, true),
            actions: self
                .actions
                .iter()
                .map(|(action, label)| (action.clone(), safe_text(label, SUMMARY_MAX, false)))
                .collect(),
            default_action: self.default_action.clone(),
            urgency: self.urgency,
            expires: self.expires,
            replaces: self.replaces,
        }
    }
}

/// `&`, `<` and `>` as entities: the body is plain text, but a service that reads markup would take a visitor's
/// `<b>` for bold (or drop what it cannot read).
pub fn escape_markup(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(target_os = "linux")]
mod linux {
    //! The service over zbus: one connection, made when first needed; a task that hears the service's signals.

    use std::collections::{HashMap, VecDeque};
    use std::future::Future;

    use futures_util::StreamExt as _;
    use parking_lot::Mutex;
    use tokio::sync::mpsc::UnboundedSender;
    use zbus::zvariant::Value;

    use super::{
        APP_ID, APP_NAME, Bus, Delivery, Expiry, Notification, NotificationId, NotifyEvent,
        PATIENCE, REMEMBERED, Urgency, escape_markup,
    };

    const SERVICE: &str = "org.freedesktop.Notifications";
    const PATH: &str = "/org/freedesktop/Notifications";
    const INTERFACE: &str = "org.freedesktop.Notifications";
    /// The key of the default action, in the specification's words.
    const DEFAULT_KEY: &str = "default";

    /// The buttons of one notification shown, and who showed it (its signals must come from the same sender).
    struct Shown<A> {
        id: u32,
        sender: String,
        actions: Vec<(String, A)>,
    }

    pub(super) struct Service<A> {
        bus: Bus,
        events: UnboundedSender<NotifyEvent<A>>,
        connection: tokio::sync::Mutex<Option<zbus::Connection>>,
        /// Newest last; at most [`REMEMBERED`].
        shown: Mutex<VecDeque<Shown<A>>>,
    }

    impl<A: Clone + Send + Sync + 'static> Service<A> {
        pub(super) fn new(bus: Bus, events: UnboundedSender<NotifyEvent<A>>) -> Self {
            Self {
                bus,
                events,
                connection: tokio::sync::Mutex::new(None),
                shown: Mutex::new(VecDeque::new()),
            }
        }

        pub(super) async fn notify(
            self: &std::sync::Arc<Self>,
            notification: &Notification<A>,
        ) -> Delivery {
            let no_service = |error: BusError| {
                tracing::info!(%error, "no desktop notification service");
                Delivery::NoService {
                    reason: error.to_string(),
                }
            };
            let connection = match self.connection().await {
                Ok(connection) => connection,
                Err(reason) => return no_service(reason),
            };
            let capabilities: Vec<String> = match patiently(connection.call_method(
                Some(SERVICE),
                PATH,
                Some(INTERFACE),
                "GetCapabilities",
                &(),
            ))
            .await
            .and_then(|reply| Ok(reply.body().deserialize()?))
            {
                Ok(capabilities) => capabilities,
                Err(reason) => {
                    self.forget_connection_if_closed(&connection).await;
                    return no_service(reason);
                }
            };
            let has = |name: &str| capabilities.iter().any(|c| c == name);
            let with_actions = has("actions");
            let body = if has("body-markup") {
                escape_markup(&notification.body)
            } else {
                notification.body.clone()
            };
            let (keyed, actions) = if with_actions {
                keyed_actions(notification)
            } else {
                (Vec::new(), Vec::new())
            };
            let (hints, expire_timeout) = hints_and_timeout(notification);
            let replaces = notification.replaces.map_or(0, |id| id.0);
            let reply = patiently(connection.call_method(
                Some(SERVICE),
                PATH,
                Some(INTERFACE),
                "Notify",
                &(
                    APP_NAME,
                    replaces,
                    APP_ID,
                    notification.summary.as_str(),
                    body.as_str(),
                    actions,
                    hints,
                    expire_timeout,
                ),
            ))
            .await;
            let reply = match reply {
                Ok(reply) => reply,
                Err(reason) => {
                    self.forget_connection_if_closed(&connection).await;
                    return no_service(reason);
                }
            };
            let id: u32 = match reply.body().deserialize() {
                Ok(id) => id,
                Err(error) => return no_service(error.into()),
            };
            let sender = reply
                .header()
                .sender()
                .map(ToString::to_string)
                .unwrap_or_default();
            self.remember(Shown {
                id,
                sender,
                actions: keyed,
            });
            Delivery::Shown {
                id: NotificationId(id),
                with_actions,
            }
        }

        pub(super) async fn close(self: &std::sync::Arc<Self>, id: NotificationId) {
            let Ok(connection) = self.connection().await else {
                return;
            };
            if let Err(reason) = patiently(connection.call_method(
                Some(SERVICE),
                PATH,
                Some(INTERFACE),
                "CloseNotification",
                &(id.0,),
            ))
            .await
            {
                tracing::debug!(%reason, "a notification could not be closed");
            }
        }

        fn remember(&self, shown: Shown<A>) {
            let mut all = self.shown.lock();
            // A replaced notification keeps its id: its old buttons go.
            all.retain(|old| old.id != shown.id || old.sender != shown.sender);
            all.push_back(shown);
            while all.len() > REMEMBERED {
                all.pop_front();
            }
        }

        /// The connection, made (with the task that hears the signals) when there is none.
        async fn connection(self: &std::sync::Arc<Self>) -> Result<zbus::Connection, BusError> {
            let mut slot = self.connection.lock().await;
            if let Some(connection) = slot.as_ref() {
                return Ok(connection.clone());
            }
            let connect = async {
                match &self.bus {
                    Bus::Session => zbus::Connection::session().await,
                    Bus::Address(address) => {
                        zbus::connection::Builder::address(address.as_str())?
                            .build()
                            .await
                    }
                }
            };
            let connection = patiently(connect).await?;
            // The rule is in place before the first Notify is sent: no click can come before it is heard.
            let rule = zbus::MatchRule::builder()
                .msg_type(zbus::message::Type::Signal)
                .interface(INTERFACE)
                .and_then(|rule| rule.path(PATH))?
                .build();
            let signals = patiently(zbus::MessageStream::for_match_rule(
                rule,
                &connection,
                Some(256),
            ))
            .await?;
            tokio::spawn(hear_signals(
                std::sync::Arc::downgrade(self),
                signals,
                connection.unique_name().map(ToString::to_string),
            ));
            *slot = Some(connection.clone());
            Ok(connection)
        }

        /// Closes the connection (tests).
        pub(super) async fn drop_connection(&self) {
            let connection = self.connection.lock().await.clone();
            if let Some(connection) = connection {
                let _ = connection.close().await;
            }
        }

        /// The connection the signals came on is gone (the bus dropped it, or restarted): forgotten, and made
        /// again at once, so that buttons already on screen keep working without waiting for the next
        /// notification. Tried again, less and less often, while there is no bus.
        /// (Boxed: it connects, which starts a listener that may come here again.)
        fn connection_lost(
            self: std::sync::Arc<Self>,
            name: Option<String>,
        ) -> std::pin::Pin<Box<dyn Future<Output = ()> + Send>> {
            Box::pin(self.connect_again(name))
        }

        async fn connect_again(self: std::sync::Arc<Self>, name: Option<String>) {
            {
                let mut slot = self.connection.lock().await;
                let same = slot.as_ref().is_some_and(|connection| {
                    connection.unique_name().map(ToString::to_string) == name
                });
                if same {
                    *slot = None;
                } else {
                    return;
                }
            }
            tracing::info!("the session bus connection was lost: connecting again");
            let mut wait = std::time::Duration::from_secs(1);
            let service = std::sync::Arc::downgrade(&self);
            drop(self);
            loop {
                let Some(service) = service.upgrade() else {
                    return;
                };
                match service.connection().await {
                    Ok(_) => return,
                    Err(error) => tracing::debug!(%error, "the session bus is still away"),
                }
                drop(service);
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(std::time::Duration::from_secs(60));
            }
        }

        /// After a failed call: a connection the bus closed is dropped, so that the next notification connects
        /// again (a session bus restarted); one still open is kept (the service is merely missing).
        async fn forget_connection_if_closed(&self, connection: &zbus::Connection) {
            let closed = patiently(connection.call_method(
                Some("org.freedesktop.DBus"),
                "/org/freedesktop/DBus",
                Some("org.freedesktop.DBus.Peer"),
                "Ping",
                &(),
            ))
            .await
            .is_err();
            if closed {
                *self.connection.lock().await = None;
            }
        }

        /// A signal of the service: a click on a notification this notifier showed becomes its action; a close
        /// forgets it. Signals for notifications it did not show, or from another sender, are not its business.
        fn heard(&self, message: &zbus::Message) {
            let header = message.header();
            let sender = header.sender().map(ToString::to_string).unwrap_or_default();
            let member = header
                .member()
                .map(|m| m.as_str().to_owned())
                .unwrap_or_default();
            match member.as_str() {
                "ActionInvoked" => {
                    let Ok((id, key)) = message.body().deserialize::<(u32, String)>() else {
                        return;
                    };
                    let action = self
                        .shown
                        .lock()
                        .iter()
                        .find(|shown| shown.id == id && shown.sender == sender)
                        .and_then(|shown| {
                            shown
                                .actions
                                .iter()
                                .find(|(known, _)| *known == key)
                                .map(|(_, action)| action.clone())
                        });
                    if let Some(action) = action {
                        let _ = self.events.send(NotifyEvent::ActionInvoked {
                            notification: NotificationId(id),
                            action,
                        });
                    }
                }
                "NotificationClosed" => {
                    let Ok((id, _reason)) = message.body().deserialize::<(u32, u32)>() else {
                        return;
                    };
                    let mut shown = self.shown.lock();
                    let before = shown.len();
                    shown.retain(|one| !(one.id == id && one.sender == sender));
                    if shown.len() < before {
                        let _ = self.events.send(NotifyEvent::Closed {
                            notification: NotificationId(id),
                        });
                    }
                }
                _ => {}
            }
        }
    }

    /// Hears the service's signals until the connection ends (then connects again) or the notifier is gone.
    async fn hear_signals<A: Clone + Send + Sync + 'static>(
        service: std::sync::Weak<Service<A>>,
        mut signals: zbus::MessageStream,
        name: Option<String>,
    ) {
        while let Some(message) = signals.next().await {
            let Some(service) = service.upgrade() else {
                return;
            };
            match message {
                Ok(message) => service.heard(&message),
                Err(error) => tracing::debug!(%error, "an unreadable signal from the bus"),
            }
        }
        if let Some(service) = service.upgrade() {
            service.connection_lost(name).await;
        }
    }

    /// A call to the bus, at most [`PATIENCE`] long; its error in words.
    /// The notification's buttons as the service takes them (key, label, key, label…), and which action each
    /// key stands for.
    #[allow(clippy::type_complexity)] // two lists that go together, named where they are used
    fn keyed_actions<A: Clone>(notification: &Notification<A>) -> (Vec<(String, A)>, Vec<String>) {
        let mut keyed: Vec<(String, A)> = Vec::new();
        let mut actions: Vec<String> = Vec::new();
        if let Some(action) = &notification.default_action {
            keyed.push((DEFAULT_KEY.to_owned(), action.clone()));
            // The label of a default action is shown by few services (in a menu, if at all).
            actions.extend([DEFAULT_KEY.to_owned(), String::new()]);
        }
        for (n, (action, label)) in notification.actions.iter().enumerate() {
            let key = format!("action-{n}");
            actions.extend([key.clone(), label.clone()]);
            keyed.push((key, action.clone()));
        }
        (keyed, actions)
    }

    /// The urgency and the desktop entry as the service's hints; the expiry in its milliseconds (-1: its own).
    fn hints_and_timeout<A>(
        notification: &Notification<A>,
    ) -> (HashMap<&'static str, Value<'static>>, i32) {
        let urgency: u8 = match notification.urgency {
            Urgency::Low => 0,
            Urgency::Normal => 1,
            Urgency::Critical => 2,
        };
        let hints = HashMap::from([
            ("urgency", Value::from(urgency)),
            ("desktop-entry", Value::from(APP_ID)),
        ]);
        let expire_timeout: i32 = match notification.expires {
            Expiry::Default => -1,
            Expiry::Never => 0,
            Expiry::After(after) => i32::try_from(after.as_millis()).unwrap_or(i32::MAX),
        };
        (hints, expire_timeout)
    }

    /// Why the notification service could not be spoken to (for the log and [`Delivery::NoService`]).
    #[derive(Debug, thiserror::Error)]
    pub(super) enum BusError {
        #[error(transparent)]
        Bus(#[from] zbus::Error),
        #[error(transparent)]
        Answer(#[from] zbus::zvariant::Error),
        #[error("the session bus did not answer within {} s", PATIENCE.as_secs())]
        Silent,
    }

    async fn patiently<T>(call: impl Future<Output = zbus::Result<T>>) -> Result<T, BusError> {
        match tokio::time::timeout(PATIENCE, call).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(error)) => Err(error.into()),
            Err(_) => Err(BusError::Silent),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_nothing_else_changes() {
        assert_eq!(
            escape_markup("<b>Tom & Jerry</b> «Дом» 12"),
            "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt; «Дом» 12"
        );
    }

    #[test]
    fn what_would_break_the_bus_or_turn_the_text_around_is_shown_as_spaces() {
        let notification = Notification::<()>::new(
            "Someone at\u{0}Gate\u{202e}etag",
            "Called\nat 14:05\u{1b}]0;x\u{7}\u{2066}",
        )
        .made_safe();
        assert_eq!(notification.summary, "Someone at Gate etag");
        assert_eq!(notification.body, "Called\nat 14:05 ]0;x  ");
    }

    #[test]
    fn a_text_of_megabytes_is_cut_and_the_cut_is_marked() {
        let title = "Анна ".repeat(400_000);
        let notification = Notification::<()>::new(title.as_str(), title.as_str()).made_safe();
        assert_eq!(notification.summary.chars().count(), SUMMARY_MAX);
        assert!(notification.summary.ends_with('…'));
        assert_eq!(notification.body.chars().count(), BODY_MAX);
        assert_eq!(safe_text("short", 10, false), "short");
        assert_eq!(safe_text("0123456789", 10, false), "0123456789");
        assert_eq!(safe_text("0123456789A", 10, false), "012345678…");
    }

    #[test]
    fn the_windows_text_is_the_summary_and_the_body() {
        let notification = Notification::<()>::new("Someone is at Gate", "Called at 14:05");
        assert_eq!(
            notification.as_text(),
            "Someone is at Gate: Called at 14:05"
        );
        assert_eq!(Notification::<()>::new("Only", "").as_text(), "Only");
    }
}
