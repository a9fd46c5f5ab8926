//! The backend's notifier: shows the state's [`Alert`]s on the desktop in the window's language, takes a call's
//! notification back when the call ends, and turns a clicked button into one event for the state. Where nothing
//! shows notifications, the window shows the same words instead (none of this is an error).

use std::collections::HashMap;
use std::sync::Arc;

use parking_lot::Mutex;
use tokio::sync::mpsc;

use crate::desktop::alerts::{Alert, AlertKey, AlertKind};
use crate::desktop::notices::{NoticeAction, Notices};
use crate::desktop::notify::{Bus, Delivery, NotificationId, Notifier, NotifyEvent};
use crate::messages::Event;

/// Shows alerts and hears their buttons; `None` inside when the window shows none on the desktop (tests that do
/// not ask for a bus).
#[derive(Clone)]
pub(super) struct Desktop {
    notifier: Option<Notifier<NoticeAction>>,
    /// The notifications that may be taken back, by what they are about.
    shown: Arc<Mutex<HashMap<AlertKey, NotificationId>>>,
}

impl Desktop {
    /// A notifier on `bus` whose clicks go to `send` as [`Event::NotificationAction`]. Inside the runtime.
    pub fn start(bus: Option<Bus>, send: impl Fn(Event) + Send + 'static) -> Self {
        let Some(bus) = bus else {
            return Self {
                notifier: None,
                shown: Arc::default(),
            };
        };
        let (clicks_tx, mut clicks) = mpsc::unbounded_channel();
        let notifier = Notifier::new(bus, clicks_tx);
        let shown: Arc<Mutex<HashMap<AlertKey, NotificationId>>> = Arc::default();
        let forgotten = shown.clone();
        super::spawn(async move {
            while let Some(event) = clicks.recv().await {
                match event {
                    NotifyEvent::ActionInvoked { action, .. } => {
                        send(Event::NotificationAction { action })
                    }
                    NotifyEvent::Closed { notification } => {
                        forgotten.lock().retain(|_, id| *id != notification);
                    }
                }
            }
        });
        Self {
            notifier: Some(notifier),
            shown,
        }
    }

    /// Shows `alert`; where no service shows it, `fallback` gets the words for the window (unless the window
    /// says it already: codes made or revoked elsewhere are its own notices).
    pub fn notify(
        &self,
        alert: Alert,
        now: chrono::DateTime<chrono::Utc>,
        fallback: impl FnOnce(Event) + Send + 'static,
    ) {
        let Some(notifier) = self.notifier.clone() else {
            return;
        };
        let shown = self.shown.clone();
        let catalog = crate::i18n::current();
        let notification = alert.notification(Notices::new(&catalog), now).made_safe();
        super::spawn(async move {
            match notifier.notify(&notification).await {
                Delivery::Shown { id, .. } => {
                    tracing::info!(kind = ?alert.kind(), "shown on the desktop");
                    if let Some(key) = alert.key() {
                        shown.lock().insert(key, id);
                    }
                }
                Delivery::NoService { reason } => {
                    tracing::info!(%reason, "no notification service: said in the window");
                    if alert.kind() != Some(AlertKind::CodesElsewhere) {
                        fallback(Event::NotShownOnDesktop {
                            text: notification.as_text(),
                        });
                    }
                }
            }
        });
    }

    /// Takes the notification kept under `key` off the screen, if one is.
    pub fn close(&self, key: AlertKey) {
        let Some(notifier) = self.notifier.clone() else {
            return;
        };
        let Some(id) = self.shown.lock().remove(&key) else {
            return;
        };
        super::spawn(async move { notifier.close(id).await });
    }
}
