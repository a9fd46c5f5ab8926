//! Desktop notifications on Windows: toasts in the notification centre (WinRT's `ToastNotificationManager`,
//! through `tauri-winrt-notification`), under the app's id `org.visitordesk.VisitorDesk`. Windows shows a toast of
//! an app that is not from the Store under the name and icon registered for its id in
//! `HKCU\Software\Classes\AppUserModelId`: the installer registers them, and so does the app at its first toast
//! (a copy run without installing). A button clicked comes back as the caller's action; the toast itself clicked
//! as its default action; dismissed, as [`NotifyEvent::Closed`]. Where no toast can be shown (Wine, a system
//! without WinRT's notifications, a policy that turns them off), the answer is [`Delivery::NoService`] and the
//! window shows the same words.
//!
//! Not seen on a real Windows by this project (its Windows is Wine, which has no toasts): the fallback is.
//! A toast once shown is not taken back ([`Service::close`] does nothing: the wrapper keeps no handle to it); it
//! goes as Windows decides, and a button on it still asks in the window before it acts.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use parking_lot::Mutex;
use tauri_winrt_notification::{Duration as Lasting, Scenario, Toast};
use tokio::sync::mpsc::UnboundedSender;

use super::notification::{
    APP_ID, APP_NAME, Delivery, Expiry, Notification, NotificationId, NotifyEvent, REMEMBERED,
    Urgency,
};

/// The key under which Windows finds the name and icon of the app's toasts.
const REGISTERED_ID: &str = r"Software\Classes\AppUserModelId\org.visitordesk.VisitorDesk";

/// The actions of the toasts shown, by their id: the oldest forgotten past [`REMEMBERED`].
struct Actions<A> {
    by_id: HashMap<u32, (Vec<A>, Option<A>)>,
    order: VecDeque<u32>,
}

pub(super) struct Service<A> {
    events: UnboundedSender<NotifyEvent<A>>,
    next_id: AtomicU32,
    actions: Arc<Mutex<Actions<A>>>,
    /// Whether the app's id is registered (once per process): why not, if it could not be.
    registered: Mutex<Option<Result<(), String>>>,
}

impl<A: Clone + Send + Sync + 'static> Service<A> {
    pub(super) fn new(events: UnboundedSender<NotifyEvent<A>>) -> Self {
        Self {
            events,
            next_id: AtomicU32::new(1),
            actions: Arc::new(Mutex::new(Actions {
                by_id: HashMap::new(),
                order: VecDeque::new(),
            })),
            registered: Mutex::new(None),
        }
    }

    pub(super) async fn notify(&self, notification: &Notification<A>) -> Delivery {
        let registered = self
            .registered
            .lock()
            .get_or_insert_with(register_app_id)
            .clone();
        if let Err(reason) = registered {
            return Delivery::NoService { reason };
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        self.remember(id, notification);
        let shown = self.toast(id, notification);
        // A WinRT call may block a moment: not on the runtime's workers.
        let outcome = tokio::task::spawn_blocking(move || shown().map_err(|e| e.to_string())).await;
        match outcome {
            Ok(Ok(())) => Delivery::Shown {
                id: NotificationId(id),
                with_actions: true,
            },
            Ok(Err(reason)) => {
                self.actions.lock().by_id.remove(&id);
                tracing::info!(%reason, "no toast could be shown");
                Delivery::NoService { reason }
            }
            Err(error) => Delivery::NoService {
                reason: error.to_string(),
            },
        }
    }

    /// A toast cannot be taken back through the wrapper: it stays until Windows lets it go.
    pub(super) async fn close(&self, id: NotificationId) {
        tracing::debug!(id = id.0, "a toast stays until Windows removes it");
    }

    fn remember(&self, id: u32, notification: &Notification<A>) {
        let mut actions = self.actions.lock();
        let buttons = notification
            .actions
            .iter()
            .map(|(action, _)| action.clone())
            .collect();
        actions
            .by_id
            .insert(id, (buttons, notification.default_action.clone()));
        actions.order.push_back(id);
        while actions.order.len() > REMEMBERED {
            if let Some(oldest) = actions.order.pop_front() {
                actions.by_id.remove(&oldest);
            }
        }
    }

    /// What shows the toast, to be run off the runtime: the toast is made where it is shown (its handlers are
    /// WinRT objects), from owned copies of the notification's parts.
    fn toast(
        &self,
        id: u32,
        notification: &Notification<A>,
    ) -> impl FnOnce() -> tauri_winrt_notification::Result<()> + Send + 'static {
        let summary = notification.summary.clone();
        let body = notification.body.clone();
        let labels: Vec<String> = notification
            .actions
            .iter()
            .map(|(_, label)| label.clone())
            .collect();
        let stays =
            notification.urgency == Urgency::Critical || notification.expires == Expiry::Never;
        let (activated, dismissed) = (self.events.clone(), self.events.clone());
        let actions = self.actions.clone();
        move || {
            let mut toast = Toast::new(APP_ID).title(&summary).text1(&body);
            toast = if stays {
                toast.scenario(Scenario::Reminder)
            } else {
                toast.duration(Lasting::Short)
            };
            for (index, label) in labels.iter().enumerate() {
                toast = toast.add_button(label, &index.to_string());
            }
            toast
                .on_activated(move |argument| {
                    let chosen = actions
                        .lock()
                        .by_id
                        .get(&id)
                        .and_then(|(buttons, default)| {
                            match argument.as_deref().map(str::parse::<usize>) {
                                Some(Ok(index)) => buttons.get(index).cloned(),
                                _ => default.clone(),
                            }
                        });
                    if let Some(action) = chosen {
                        let _ = activated.send(NotifyEvent::ActionInvoked {
                            notification: NotificationId(id),
                            action,
                        });
                    }
                    Ok(())
                })
                .on_dismissed(move |_| {
                    let _ = dismissed.send(NotifyEvent::Closed {
                        notification: NotificationId(id),
                    });
                    Ok(())
                })
                .show()
        }
    }
}

/// Registers the app's id for the user (its name, and the icon beside the program when there is one), as the
/// installer does: without it Windows shows no toast of an app that is not from the Store.
fn register_app_id() -> Result<(), String> {
    let key = windows_registry::CURRENT_USER
        .create(REGISTERED_ID)
        .map_err(|error| format!("the app's id cannot be registered: {error}"))?;
    key.set_string("DisplayName", APP_NAME)
        .map_err(|error| format!("the app's name cannot be registered: {error}"))?;
    let icon = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.join("visitor-desk.ico")))
        .filter(|icon| icon.is_file());
    if let Some(icon) = icon {
        let _ = key.set_string("IconUri", icon.to_string_lossy().as_ref());
    }
    Ok(())
}
