//! Today through the real `App` (egui_kittest) against the simulator: fifty visitors expected take no code; three
//! letters find one, Enter makes their code, which is on the clipboard and in the simulator, shown with its share
//! and slip buttons, and marks them arrived in the account's table.

mod common;

use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;

use chrono::Utc;
use common::desk::Desk;
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use parking_lot::Mutex;
use visitor_desk::backend::{BackendConfig, DialogAnswer, FileKind, SaveDialog};
use visitor_desk::expected::{NewVisitor, store};
use visitor_desk::journal::JournalSetup;

const WIDE: [f32; 2] = [1280.0, 900.0];

/// A desk signed in to the demo account whose codes were all removed, keeping a journal in `dir`.
fn desk_with_journal(dir: &std::path::Path) -> Desk {
    desk_with_dialog(dir, Arc::new(PickedList::default()))
}

/// The same desk, its file dialogs answered by `dialog`.
fn desk_with_dialog(dir: &std::path::Path, dialog: Arc<PickedList>) -> Desk {
    let backend = BackendConfig {
        journal: Some(JournalSetup::new(dir.to_owned(), "ui-test-device", 400)),
        save_dialog: dialog,
        ..BackendConfig::new("ui-test-device")
    };
    let desk = Desk::signed_in_with(WIDE, backend);
    let codes = desk.sim.code_ids("demo");
    desk.sim.delete_codes("demo", &codes);
    desk
}

/// An open dialog that picks the file the test names (no desktop here to show a real one).
#[derive(Default)]
struct PickedList {
    path: Mutex<Option<PathBuf>>,
}

impl SaveDialog for PickedList {
    fn ask(
        &self,
        _file_name: String,
        _kind: FileKind,
    ) -> Pin<Box<dyn std::future::Future<Output = DialogAnswer> + Send>> {
        Box::pin(async { Ok(None) })
    }

    fn pick_visitor_list(&self) -> Pin<Box<dyn std::future::Future<Output = DialogAnswer> + Send>> {
        let path = self.path.lock().clone();
        Box::pin(async move { Ok(path) })
    }
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

/// A list as Russian Excel saves it (Windows-1251, `;`): one column the importer does not know ("Кто принимает"),
/// a row without a name, a row whose date is not one.
fn russian_list() -> Vec<u8> {
    let text = "Гость;Кв;Кто принимает;Дата;Время\n\
                Фёдор Семёнов;12;Ольга;сегодня;09:00-23:59\n\
                Анна Петрова;7;Иван;сегодня;\n\
                ;3;Ольга;сегодня;\n\
                Олег Ёлкин;5;Иван;31.02.2030;\n";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn a_list_imported_in_the_window_is_previewed_remapped_and_kept_and_cancel_keeps_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let dialog = Arc::new(PickedList::default());
    let mut desk = desk_with_dialog(dir.path(), dialog.clone());
    let journal = journal_file(&mut desk, dir.path());
    let list = dir.path().join("guests.csv");
    std::fs::write(&list, russian_list()).expect("the list");
    *dialog.path.lock() = Some(list);

    desk.harness.get_by_label("Today").click();
    desk.step_until("today's list read", |h| {
        h.state().state().expected.day.is_some()
    });
    desk.frames(1);
    press_import(&mut desk);
    desk.step_until("the preview", |h| {
        h.query_by_label("Import guests.csv").is_some()
    });
    // The dialog, resized to the preview, takes a few frames to settle where it is centred.
    desk.frames(5);
    // Read as the command line reads it: the headers it knows, what it skips and why.
    assert!(desk.has_label_containing("Windows-1251"));
    assert!(desk.has_label("Line 4 (3) skipped: no name"));
    assert!(desk.has_label_containing("Line 5 (Олег Ёлкин) skipped: “31.02.2030” is not a date"));
    assert!(desk.has_label("Import 2 visitors"));
    assert!(desk.has_label("Фёдор Семёнов"), "the first rows shown");

    // The unknown column filled by hand; the date column left out, so Олег is today's and taken.
    choose(&mut desk, "Кто принимает", "Visiting");
    choose(&mut desk, "Дата", "— (not used)");
    assert!(
        !desk.has_label_containing("skipped: “31.02.2030”"),
        "no longer skipped"
    );
    assert!(desk.has_label("Import 3 visitors"));
    desk.harness.get_by_label("Import 3 visitors").click();
    desk.step_until("the three kept", |h| {
        h.state().state().expected.visitors.len() == 3
    });
    desk.frames(2);
    assert!(desk.has_label("3 visitors were added from the list."));
    let connection = visitor_desk::journal::open_database(&journal).expect("the journal");
    let today = visitor_desk::expected::local_now(Utc::now()).date();
    let kept = store::on_day(&connection, today).expect("read");
    let hosts: Vec<(&str, &str)> = kept
        .iter()
        .map(|v| (v.details.name.as_str(), v.details.host.as_str()))
        .collect();
    assert!(hosts.contains(&("Олег Ёлкин", "Иван")), "{hosts:?}");
    assert!(hosts.contains(&("Фёдор Семёнов", "Ольга")), "{hosts:?}");
    assert!(
        desk.sim.code_ids("demo").is_empty(),
        "nothing sent to the server"
    );

    // Cancel: the preview goes, and nothing more is kept.
    press_import(&mut desk);
    desk.step_until("the second read", |h| {
        h.state().state().expected.list_read.as_ref().map(|r| r.0) == Some(2)
    });
    desk.step_until("the preview again", |h| {
        h.query_by_label("Import guests.csv").is_some()
    });
    desk.frames(5);
    desk.harness.get_by_label("Cancel").click_accesskit();
    desk.frames(3);
    assert!(desk.harness.query_by_label("Import guests.csv").is_none());
    assert_eq!(store::on_day(&connection, today).expect("read").len(), 3);

    // A broken spreadsheet says why under the button.
    let broken = dir.path().join("broken.xlsx");
    std::fs::write(&broken, b"PK\x03\x04 not a spreadsheet").expect("the file");
    *dialog.path.lock() = Some(broken);
    press_import(&mut desk);
    desk.step_until("the refusal", |h| {
        h.query_all_by_label_contains("The file could not be read")
            .next()
            .is_some()
    });
    assert_eq!(store::on_day(&connection, today).expect("read").len(), 3);
}

/// Import…, under the list, as a screen reader presses it (the dialog moves while it settles on its size).
fn press_import(desk: &mut Desk) {
    desk.harness.get_by_label("Import…").click_accesskit();
}

/// Picks `option` in the preview's choice for the column headed `column`.
fn choose(desk: &mut Desk, column: &str, option: &str) {
    desk.harness
        .get_by_role_and_label(Role::ComboBox, column)
        .click();
    desk.frames(2);
    desk.harness
        .get_all_by_label(option)
        .last()
        .expect("the choice in the open list")
        .click();
    desk.frames(2);
}
