//! The window's desktop notifications, end to end: the real app (egui_kittest) signed in to the real simulator,
//! its backend's notifier on a private D-Bus session bus where the test's notification service
//! (`common::notify_daemon`) records every call. One notification per event, in the window's language; a
//! call's notification taken back when the call is answered elsewhere; a button clicked is one request to the
//! server and one journal line.
#![cfg(target_os = "linux")]

mod common;

use std::sync::Arc;

use aipix_sim::SimConfig;
use chrono::TimeDelta;
use parking_lot::Mutex;
use visitor_desk::backend::BackendConfig;
use visitor_desk::i18n::Language;
use visitor_desk::journal::{self, Entry, JournalSetup, Kind};
use visitor_desk::ui::StartOptions;

use common::desk::{Desk, WIDE};
use common::events::read_journal;
use common::notify_daemon::{PrivateBus, Record, emit, serve};

struct Watched {
    desk: Desk,
    bus: PrivateBus,
    record: Arc<Mutex<Record>>,
    service: zbus::Connection,
    journal: tempfile::TempDir,
}

fn desk_speaking(language: &str) -> Watched {
    let bus = PrivateBus::start();
    let journal = tempfile::tempdir().expect("a journal folder");
    let backend = BackendConfig {
        desktop: Some(bus.bus()),
        language: Language::new(language),
        journal: Some(JournalSetup::new(
            journal.path().to_owned(),
            "ui-test-device",
            journal::DEFAULT_KEEP_DAYS,
        )),
        ..BackendConfig::new("ui-test-device")
    };
    let mut desk = Desk::with(SimConfig::default(), WIDE, backend, |sim| StartOptions {
        also: Vec::new(),
        server: sim.base_url(),
        login: "demo".into(),
        password: Some("demo".into()),
    });
    let (service, record) = desk
        .runtime
        .block_on(serve(&bus, &["actions", "body", "persistence"]));
    desk.step_until("the first listing", |h| {
        h.state().state().last_sync.is_some()
    });
    desk.wait_for_live();
    Watched {
        desk,
        bus,
        record,
        service,
        journal,
    }
}

impl Watched {
    fn intercom(&self, title: &str) -> u64 {
        let state = self.desk.harness.state().state();
        state
            .intercoms
            .iter()
            .find(|intercom| intercom.title == title)
            .map(|intercom| intercom.id)
            .expect("a demo intercom")
    }

    fn notified(&self) -> usize {
        self.record.lock().notified.len()
    }

    fn until_notified(&mut self, count: usize) {
        let record = self.record.clone();
        self.desk.step_until("the notification", move |_| {
            record.lock().notified.len() >= count
        });
    }

    /// The journal once it holds a line of `kind` (its thread writes in its own time).
    fn journal_with(&mut self, kind: Kind) -> Vec<Entry> {
        let file = journal::file_path(
            self.journal.path(),
            &format!("{}/", self.desk.sim.base_url()),
            "demo",
        );
        let written = file.clone();
        self.desk.step_until("the journal's line", move |_| {
            read_journal(&written)
                .iter()
                .any(|entry| entry.kind == kind)
        });
        read_journal(&file)
    }
}

#[test]
fn a_call_is_one_notification_whose_open_door_is_one_request_and_one_journal_line() {
    let mut watched = desk_speaking("en");
    let main = watched.intercom("Main entrance");
    let call = watched.desk.sim.ring("demo", main).expect("rings")["id"]
        .as_u64()
        .expect("its id");
    watched.until_notified(1);
    watched.desk.step_until("the call listed", |h| {
        h.state().state().calls.get(call).is_some()
    });
    watched.desk.frames(5);
    let id = {
        let record = watched.record.lock();
        assert_eq!(record.notified.len(), 1, "exactly one per call");
        let shown = &record.notified[0];
        assert_eq!(shown.summary, "Someone is at Main entrance");
        assert!(shown.body.ends_with("12 Harbour Street"), "{}", shown.body);
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
        41_u32
    };

    // "Open door" clicked on the desktop: the window asks, as it does for its own button; then one request.
    let path = format!("/api/v1/intercom/{main}/open-door");
    let before = watched.desk.sim.requests_to("POST", &path);
    watched
        .desk
        .runtime
        .block_on(emit(&watched.service, "ActionInvoked", &(id, "action-1")));
    watched.desk.step_until("the question", |h| {
        // The dialog and its heading both say it.
        egui_kittest::kittest::Queryable::query_all_by_label(h, "Open the door of Main entrance?")
            .next()
            .is_some()
    });
    assert_eq!(watched.desk.sim.requests_to("POST", &path), before);
    egui_kittest::kittest::Queryable::get_by_label(&watched.desk.harness, "Open the door").click();
    watched.desk.step_until("the door opened", |h| {
        h.state().state().opening_doors.is_empty()
    });
    watched.desk.frames(3);
    assert_eq!(watched.desk.sim.requests_to("POST", &path), before + 1);
    let journal = watched.journal_with(Kind::NotificationAction);
    let clicked: Vec<&Entry> = journal
        .iter()
        .filter(|entry| entry.kind == Kind::NotificationAction)
        .collect();
    assert_eq!(clicked.len(), 1, "{journal:#?}");
    assert_eq!(clicked[0].detail, "Open door");
    assert_eq!(clicked[0].intercom_id, Some(main));
    // The door's own line says it was opened for a call.
    let journal = watched.journal_with(Kind::DoorOpened);
    let opened: Vec<&Entry> = journal
        .iter()
        .filter(|entry| entry.kind == Kind::DoorOpened)
        .collect();
    assert_eq!(opened.len(), 1, "{journal:#?}");
    assert_eq!(opened[0].detail, "For a call at the door");
    assert_eq!(opened[0].intercom_id, Some(main));

    // Answered on a phone: the notification goes; no new one comes.
    watched
        .desk
        .sim
        .answer_call("demo", call)
        .expect("answered");
    let record = watched.record.clone();
    watched
        .desk
        .step_until("the notification closed", move |_| {
            record.lock().closed == [41]
        });
    assert_eq!(watched.notified(), 1);
    drop(watched.bus);
}

#[test]
fn codes_made_elsewhere_are_told_once_in_russian_and_this_desks_own_never() {
    let mut watched = desk_speaking("ru");
    let main = watched.intercom("Main entrance");
    let tomorrow = watched.desk.now() + TimeDelta::days(1);
    watched
        .desk
        .sim
        .create_code("demo", main, "Курьер", tomorrow)
        .expect("made at another desk");
    watched.until_notified(1);
    {
        let record = watched.record.lock();
        assert_eq!(
            record.notified[0].summary,
            "Новый код на другом рабочем месте"
        );
        assert!(
            record.notified[0]
                .body
                .starts_with("Курьер · Main entrance")
        );
    }
    let count = watched.desk.harness.state().state().code_count();
    watched.desk.step_until("the code listed", |h| {
        h.state().state().code_count() == count
    });

    // Made here: the push that follows is this desk's own.
    watched.desk.harness.state_mut().code_form_mut().intercom = Some(main);
    watched.desk.type_into("Название", "Гость");
    egui_kittest::kittest::Queryable::get_by_label(&watched.desk.harness, "Создать код").click();
    watched.desk.step_until("the code made here", |h| {
        h.state().state().create.created.is_some()
    });
    watched.desk.frames(10);
    assert_eq!(watched.notified(), 1, "nothing for what this desk did");
}
