//! `visitor-desk journal` speaks the user's language: the table, its plurals and the CSV header in Russian (a test
//! binary of its own, since the language is process-wide). What people typed stays as they typed it.

use std::sync::Arc;

use chrono::Utc;
use visitor_desk::i18n;
use visitor_desk::journal::command::{self, Format, Options};
use visitor_desk::journal::observe::What;
use visitor_desk::journal::{Journal, JournalSetup, Observation};

#[test]
fn the_table_and_the_csv_header_are_in_russian() {
    i18n::set_language("ru");
    let dir = tempfile::tempdir().expect("dir");
    let setup = JournalSetup::new(dir.path().to_owned(), "device-ru", 400);
    let journal = Journal::open(&setup, "https://vms.example.org/", "demo", Arc::new(|_| {}));
    for what in [
        What::SignedIn {
            login: "demo".into(),
        },
        What::DoorFailed {
            intercom: 3,
            reason: "Intercom is offline".into(),
        },
        What::Push(aipix_client::live::Push::CallStored {
            call: Box::new(aipix_client::api::IntercomCall {
                id: 7,
                status: Some("missed".into()),
                call_type: None,
                mark_type: None,
                created_at: None,
                started_at: None,
                ended_at: None,
                intercom: None,
            }),
        }),
    ] {
        journal.observe(Observation {
            at: Utc::now(),
            what,
        });
    }
    journal.flush().expect("written");
    let options = Options {
        format: Format::Table,
        ..Options::default()
    };
    let mut out = Vec::new();
    assert_eq!(
        command::write_from(journal.path(), &options, &mut out).expect("table"),
        3
    );
    let table = String::from_utf8(out).expect("utf-8");
    for words in [
        "Время",
        "Событие",
        "Вход",
        "Дверь открыта",
        "Ошибка",
        "Это рабочее место",
        "Intercom is offline",
        // A call's state in the journal's language, not the server's word.
        "Вызов с домофона 7: Пропущен",
        "3 записи",
    ] {
        assert!(table.contains(words), "{words} in:\n{table}");
    }
    assert!(!table.contains("missed"), "{table}");

    let mut out = Vec::new();
    let csv = Options {
        format: Format::Csv,
        ..Options::default()
    };
    command::write_from(journal.path(), &csv, &mut out).expect("csv");
    let mut reader = csv::Reader::from_reader(out.as_slice());
    assert_eq!(&reader.headers().expect("header")[0], "Время");

    let error = command::parse_since("вчера").expect_err("not a date");
    assert!(error.text().contains("не дата"), "{error}");
}
