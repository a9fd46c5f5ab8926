//! Today through the real `App` (egui_kittest) against the simulator: fifty visitors expected take no code; three
//! letters find one, Enter makes their code, which is on the clipboard and in the simulator, shown with its share
//! and slip buttons, and marks them arrived in the account's table.

mod common;

use chrono::Utc;
use common::desk::Desk;
use egui::Key;
use egui_kittest::kittest::Queryable as _;
use visitor_desk::backend::BackendConfig;
use visitor_desk::expected::{NewVisitor, store};
use visitor_desk::journal::JournalSetup;

const WIDE: [f32; 2] = [1280.0, 900.0];

/// A desk signed in to the demo account whose codes were all removed, keeping a journal in `dir`.
fn desk_with_journal(dir: &std::path::Path) -> Desk {
    let backend = BackendConfig {
        journal: Some(JournalSetup::new(dir.to_owned(), "ui-test-device", 400)),
        ..BackendConfig::new("ui-test-device")
    };
    let desk = Desk::signed_in_with(WIDE, backend);
    let codes = desk.sim.code_ids("demo");
    desk.sim.delete_codes("demo", &codes);
    desk
}

/// The account's journal file (the only one in `dir`), once the sign-in has made it.
fn journal_file(desk: &mut Desk, dir: &std::path::Path) -> std::path::PathBuf {
    let find = || {
        std::fs::read_dir(dir)
            .ok()?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .find(|path| path.extension().is_some_and(|ext| ext == "sqlite3"))
    };
    desk.step_until("the journal file", |_| find().is_some());
    find().expect("the journal file")
}

/// Fifty visitors expected today, Фёдор Семёнов of flat 12 at `intercom` among them, added as an import would.
fn fifty_expected(path: &std::path::Path, intercom: u64) {
    let today = visitor_desk::expected::local_now(Utc::now()).date();
    let mut visitors: Vec<NewVisitor> = (1..50)
        .map(|n| {
            let mut visitor = NewVisitor::new(&format!("Guest {n}"), today);
            visitor.flat = n.to_string();
            visitor
        })
        .collect();
    let mut fyodor = NewVisitor::new("Фёдор Семёнов", today);
    fyodor.flat = "12".into();
    fyodor.intercom_id = Some(intercom);
    visitors.insert(20, fyodor);
    let mut connection = visitor_desk::journal::open_database(path).expect("the journal");
    let ids = store::add_all(&mut connection, &visitors, "frontdesk", Utc::now()).expect("added");
    assert_eq!(ids.len(), 50);
}

#[test]
fn three_letters_and_enter_make_the_code_of_an_expected_visitor() {
    let dir = tempfile::tempdir().expect("dir");
    let mut desk = desk_with_journal(dir.path());
    let journal = journal_file(&mut desk, dir.path());
    let intercom = desk.intercom_id("Main entrance");
    fifty_expected(&journal, intercom);

    desk.harness.get_by_label("Today").click();
    desk.step_until("today's fifty visitors", |h| {
        h.state().state().expected.visitors.len() == 50
    });
    desk.frames(2);
    assert!(
        desk.sim.code_ids("demo").is_empty(),
        "50 expected, no code made"
    );

    // Е typed for Ё: the search folds both.
    desk.type_into("Find a visitor", "фед");
    assert!(desk.has_label("Фёдор Семёнов"));
    assert!(
        !desk.has_label("Guest 1"),
        "the search leaves the others out"
    );
    desk.harness.key_press(Key::Enter);
    let copies = desk.step_until_collecting_copies("the visitor's code", |h| {
        h.state()
            .state()
            .expected
            .visitors
            .iter()
            .any(|visitor| visitor.code_id.is_some())
    });
    desk.frames(3);

    let codes = desk.sim.code_ids("demo");
    assert_eq!(codes.len(), 1, "one code made");
    let made = desk.created().expect("the code just made");
    assert_eq!(made.id, codes[0]);
    assert_eq!(made.title, "Фёдор Семёнов, flat 12");
    assert_eq!(made.intercom_id(), Some(intercom));
    let value = made.code_value().expect("its digits").to_owned();
    assert!(copies.contains(&value), "copied: {copies:?}");
    // Its share and slip buttons, in the dialog.
    assert!(desk.has_label("Copy as message"));
    assert!(desk.has_label("Visitor slip"));

    // Kept arrived in the account's table, with the code; Enter again shows it and makes no second one.
    desk.step_until("the table marked", |_| {
        let connection = visitor_desk::journal::open_database(&journal).expect("the journal");
        let today = visitor_desk::expected::local_now(Utc::now()).date();
        store::on_day(&connection, today)
            .expect("read")
            .iter()
            .any(|visitor| visitor.code_id == Some(made.id) && visitor.code == value)
    });
    desk.harness.get_by_label("Find a visitor").click();
    desk.harness.step();
    desk.harness.key_press(Key::Enter);
    desk.frames(3);
    assert_eq!(desk.sim.code_ids("demo").len(), 1);
    assert!(desk.has_label(&value));
}

#[test]
fn a_visitor_typed_into_the_form_is_added_and_a_refused_one_keeps_what_was_typed() {
    let dir = tempfile::tempdir().expect("dir");
    let mut desk = desk_with_journal(dir.path());
    journal_file(&mut desk, dir.path());
    desk.harness.get_by_label("Today").click();
    desk.step_until("today's list read", |h| {
        h.state().state().expected.day.is_some()
    });
    desk.frames(1);
    // No name: refused, and what was typed stays.
    desk.type_into("From (14:00)", "14:00");
    desk.type_into("Until (16:00)", "16:00");
    desk.harness.get_by_label("Add").click();
    desk.frames(2);
    assert!(desk.has_label_containing("no name"));
    assert_eq!(desk.field("From (14:00)"), "14:00", "kept as typed");
    assert_eq!(desk.field("Until (16:00)"), "16:00", "kept as typed");
    assert!(desk.harness.state().state().expected.visitors.is_empty());
    // The dialog, taller by the refusal, takes a few frames to settle where it is centred.
    desk.frames(5);

    desk.type_into("Name", "Anna Petrova");
    desk.harness.get_by_label("Add").click();
    desk.step_until("the visitor added", |h| {
        h.state().state().expected.visitors.len() == 1
    });
    desk.frames(2);
    assert_eq!(desk.field("Name"), "", "the form is ready for the next one");
    let anna = &desk.harness.state().state().expected.visitors[0];
    assert_eq!(anna.added_by, visitor_desk::journal::os_user());
    assert_eq!(anna.window_text().split(' ').nth(1), Some("14:00–16:00"));
    assert!(desk.has_label("Anna Petrova"));
}
