//! Desktop notifications against a notification service written for the tests (`common::notify_daemon`): a small
//! `org.freedesktop.Notifications` on a private D-Bus session bus.
#![cfg(target_os = "linux")]

mod common;

use std::time::Duration;

use chrono::Utc;
use tokio::sync::mpsc::UnboundedReceiver;

use aipix_client::api::Intercom;
use visitor_desk::desktop::notices::{NoticeAction, Notices};
use visitor_desk::desktop::notify::{
    Bus, Delivery, NotificationId, Notifier, NotifyEvent, PATIENCE,
};
use visitor_desk::i18n::catalog_for;

use common::notify_daemon::{Notified, PrivateBus, emit, serve};

async fn next_event(
    events: &mut UnboundedReceiver<NotifyEvent<NoticeAction>>,
) -> NotifyEvent<NoticeAction> {
    tokio::time::timeout(Duration::from_secs(10), events.recv())
        .await
        .expect("an event in time")
        .expect("the notifier is alive")
}

fn gate() -> Intercom {
    serde_json::from_value(serde_json::json!({
        "id": 181, "title": "Main entrance", "is_online": true, "status": "confirmed",
        "address": "12 Harbour Street", "is_open_door_app": true, "is_open_door_code": true
    }))
    .expect("an intercom")
}

/// A call at the door in English, as the notification server was given it: the app, the words, the buttons, critical
/// until dismissed.
fn english_call_as_shown(shown: &Notified) {
    assert_eq!(shown.app_name, "Visitor Desk");
    assert_eq!(shown.app_icon, "org.visitordesk.VisitorDesk");
    assert_eq!(
        shown.desktop_entry.as_deref(),
        Some("org.visitordesk.VisitorDesk")
    );
    assert_eq!(shown.summary, "Someone is at Main entrance");
    assert!(shown.body.starts_with("Called at ") && shown.body.ends_with("12 Harbour Street"));
    assert_eq!(
        shown.actions,
        [
            "default",
            "",
            "action-0",
            "Make code",
            "action-1",
            "Open door"
        ]
    );
    assert_eq!(shown.urgency, Some(2), "critical");
    assert_eq!(shown.expire_timeout, 0, "until dismissed");
    assert_eq!(shown.replaces_id, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_notify_per_notification_with_its_words_and_buttons_and_a_click_comes_back_as_one_typed_event()
 {
    let bus = PrivateBus::start();
    let (service, record) = serve(&bus, &["actions", "body", "persistence"]).await;
    let (sender, mut events) = tokio::sync::mpsc::unbounded_channel();
    let notifier = Notifier::new(bus.bus(), sender);
    let english = catalog_for("en").expect("English");
    let russian = catalog_for("ru").expect("Russian");
    let now = Utc::now();

    let call = Notices::new(&english).call_at_door(&gate(), 9, now, "Visitor at Main entrance");
    let Delivery::Shown { id, with_actions } = notifier.notify(&call).await else {
        panic!("shown")
    };
    assert!(with_actions);
    {
        let record = record.lock();
        assert_eq!(record.notified.len(), 1, "exactly one Notify");
        english_call_as_shown(&record.notified[0]);
    }

    let russian_call = Notices::new(&russian).call_at_door(&gate(), 9, now, "Посетитель");
    let Delivery::Shown { id: russian_id, .. } = notifier.notify(&russian_call).await else {
        panic!("shown")
    };
    assert_ne!(russian_id, id);
    {
        let record = record.lock();
        assert_eq!(record.notified.len(), 2, "one more Notify, no more");
        let shown = &record.notified[1];
        assert_eq!(shown.summary, "Звонят в «Main entrance»");
        assert!(shown.body.starts_with("Вызов в "), "{}", shown.body);
        assert_eq!(
            shown.actions,
            [
                "default",
                "",
                "action-0",
                "Создать код",
                "action-1",
                "Открыть дверь"
            ]
        );
    }

    // "Open door" clicked on the English one: one typed event, the action as it was given.
    emit(&service, "ActionInvoked", &(id.0, "action-1")).await;
    assert_eq!(
        next_event(&mut events).await,
        NotifyEvent::ActionInvoked {
            notification: id,
            action: NoticeAction::OpenDoor {
                intercom: 181,
                call: 9
            },
        }
    );

    // Not ours: a notification this notifier never showed, a key it never gave, and another program on the bus
    // claiming to be the service. None of these is an event: the close that follows is the next one.
    emit(&service, "ActionInvoked", &(999_u32, "action-0")).await;
    emit(&service, "ActionInvoked", &(id.0, "action-7")).await;
    let impostor = bus.connect().await;
    emit(&impostor, "ActionInvoked", &(russian_id.0, "action-0")).await;
    emit(&service, "NotificationClosed", &(id.0, 2_u32)).await;
    assert_eq!(
        next_event(&mut events).await,
        NotifyEvent::Closed { notification: id }
    );
    // Closed: its buttons are forgotten; the Russian one's still work (the notification itself clicked).
    emit(&service, "ActionInvoked", &(id.0, "action-1")).await;
    emit(&service, "ActionInvoked", &(russian_id.0, "default")).await;
    assert_eq!(
        next_event(&mut events).await,
        NotifyEvent::ActionInvoked {
            notification: russian_id,
            action: NoticeAction::ShowWindow,
        }
    );

    notifier.close(russian_id).await;
    assert_eq!(record.lock().closed, [russian_id.0]);
    assert!(events.try_recv().is_err(), "nothing else was heard");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_service_without_buttons_gets_none_and_one_that_reads_markup_gets_the_text_escaped() {
    let bus = PrivateBus::start();
    let (_service, record) = serve(&bus, &["body", "body-markup"]).await;
    let (sender, _events) = tokio::sync::mpsc::unbounded_channel();
    let notifier = Notifier::new(bus.bus(), sender);
    let english = catalog_for("en").expect("English");
    let code = serde_json::from_value(serde_json::json!({
        "id": 1388, "title": "<b>Tom & Jerry</b>", "code": "12345",
        "expired_at": "2026-12-01 14:05:00", "intercom": {"id": 180, "title": "Gate <1>"}
    }))
    .expect("a code");
    let soon = Notices::new(&english).expires_soon(&code);
    let delivery = notifier.notify(&soon).await;
    assert!(
        matches!(
            delivery,
            Delivery::Shown {
                with_actions: false,
                ..
            }
        ),
        "{delivery:?}: the window offers Extend instead"
    );
    let record = record.lock();
    assert_eq!(record.notified.len(), 1);
    assert!(record.notified[0].actions.is_empty());
    assert_eq!(
        record.notified[0].body,
        "Gate &lt;1&gt;. Extend it so that the visitor can still get in."
    );
    // The summary is never markup, by the specification: as it is.
    assert!(record.notified[0].summary.contains("<b>Tom & Jerry</b>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_service_or_without_a_bus_the_answer_is_no_service_at_once() {
    let bus = PrivateBus::start();
    let (sender, mut events) = tokio::sync::mpsc::unbounded_channel::<NotifyEvent<NoticeAction>>();
    let english = catalog_for("en").expect("English");
    let lost = Notices::new(&english).live_lost(Utc::now());

    let nobody = Notifier::new(bus.bus(), sender.clone());
    let started = std::time::Instant::now();
    let Delivery::NoService { reason } = nobody.notify(&lost).await else {
        panic!("no service")
    };
    assert!(
        reason.contains("ServiceUnknown") || reason.contains("not provided"),
        "the bus said nobody is there: {reason}"
    );
    assert!(
        started.elapsed() < PATIENCE,
        "answered by the bus, not by waiting out the patience"
    );
    // The window shows the same words instead.
    assert!(lost.as_text().starts_with("Live updates lost: Since "));

    let no_bus = Notifier::new(
        Bus::Address("unix:path=/nonexistent/visitor-desk-test/bus".into()),
        sender,
    );
    let delivery = no_bus.notify(&lost).await;
    assert!(
        matches!(delivery, Delivery::NoService { .. }),
        "{delivery:?}"
    );
    no_bus.close(NotificationId(1)).await;

    // A service that comes later is found by the next notification.
    let (_service, record) = serve(&bus, &["actions", "body"]).await;
    assert!(matches!(nobody.notify(&lost).await, Delivery::Shown { .. }));
    assert_eq!(record.lock().notified.len(), 1);
    assert!(events.try_recv().is_err());
}

/// The session bus drops the app's connection (as it did for a NUL in a title): the buttons already on screen
/// keep working, because the notifier connects again at once and hears the service's signals there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn buttons_on_screen_keep_working_after_the_bus_dropped_the_connection() {
    let bus = PrivateBus::start();
    let (service, _record) = serve(&bus, &["actions", "body", "persistence"]).await;
    let (sender, mut events) = tokio::sync::mpsc::unbounded_channel();
    let notifier = Notifier::new(bus.bus(), sender);
    let english = catalog_for("en").expect("English");
    let call = Notices::new(&english).call_at_door(&gate(), 9, Utc::now(), "Visitor");
    let Delivery::Shown { id, .. } = notifier.notify(&call).await else {
        panic!("shown")
    };

    notifier.drop_bus_connection().await;
    // The click may come before the new connection hears it: clicked again until it is heard, as a person would.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    let heard = loop {
        emit(&service, "ActionInvoked", &(id.0, "action-1")).await;
        if let Ok(Some(event)) =
            tokio::time::timeout(Duration::from_millis(200), events.recv()).await
        {
            break event;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the click is never heard again"
        );
    };
    assert_eq!(
        heard,
        NotifyEvent::ActionInvoked {
            notification: id,
            action: NoticeAction::OpenDoor {
                intercom: 181,
                call: 9
            }
        }
    );
}
