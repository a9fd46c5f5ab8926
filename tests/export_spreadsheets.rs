//! The exports as real spreadsheets read them, in Russian: "CSV for Excel" separates fields with the semicolon
//! Russian Excel expects (read by LibreOffice with that separator, as Excel reads it), a field holding one stays
//! one field, and door codes keep their leading zeros; the plain CSV read by Gnumeric, which guesses. A binary of
//! its own: the language is process-wide.

mod common;

use std::sync::Arc;

use aipix_client::api::Code;
use chrono::{TimeDelta, Utc};
use common::fixtures::a_code;
use common::spreadsheet::{rows_in_gnumeric, rows_in_libreoffice};
use visitor_desk::i18n;
use visitor_desk::journal::command::{self, Format, Options};
use visitor_desk::journal::export::{ExportFormat, write_codes};
use visitor_desk::journal::observe::What;
use visitor_desk::journal::{Journal, JournalSetup, Observation};

fn code(id: u64, digits: &str, title: &str) -> Code {
    let now = Utc::now();
    a_code(id, now)
        .title(title)
        .digits(digits)
        .expires_at(now + TimeDelta::hours(3))
        .at(180, "Дом 1, подъезд 2", Some(2), "ул. Ленина, 5")
        .build()
}

const CODES: [(&str, &str); 4] = [
    ("08583", "Электрик; щиток"),
    ("00001", "Иван, Петров"),
    ("12345", "=HYPERLINK(\"http://x\")"),
    ("90210", "Курьер \"Быстро\""),
];

#[test]
fn russian_excel_csv_keeps_the_codes_and_its_fields_whole_in_a_spreadsheet() {
    i18n::set_language("ru");
    let codes: Vec<Code> = CODES
        .iter()
        .enumerate()
        .map(|(n, (digits, title))| code(n as u64 + 1, digits, title))
        .collect();
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("коды.csv");
    let bytes = write_codes(
        Vec::new(),
        ExportFormat::Csv { bom: true },
        &codes,
        &[],
        Utc::now(),
    )
    .expect("csv");
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "Excel's byte-order mark"
    );
    let text = String::from_utf8_lossy(&bytes[3..]).into_owned();
    assert!(
        text.lines()
            .next()
            .is_some_and(|header| header.starts_with("Код;")),
        "fields separated by semicolons: {text}"
    );
    assert!(
        text.contains("\"Электрик; щиток\""),
        "a field that holds the separator is quoted: {text}"
    );
    std::fs::write(&file, &bytes).expect("written");
    assert_shown_whole(&rows_in_libreoffice(&file, b';'));

    let plain = dir.path().join("коды-просто.csv");
    let bytes = write_codes(
        Vec::new(),
        ExportFormat::Csv { bom: false },
        &codes,
        &[],
        Utc::now(),
    )
    .expect("csv");
    std::fs::write(&plain, &bytes).expect("written");
    assert_shown_whole(&rows_in_gnumeric(&plain));
    assert_shown_whole(&rows_in_libreoffice(&plain, b','));
}

/// The codes' export as a spreadsheet shows it: every code and title as it is, in its own column.
fn assert_shown_whole(rows: &[Vec<String>]) {
    assert_eq!(rows.len(), 1 + CODES.len(), "{rows:?}");
    assert_eq!(rows[0][0], "Код");
    assert_eq!(rows[0].len(), 8, "eight columns: {:?}", rows[0]);
    for (row, (digits, title)) in rows[1..].iter().zip(CODES) {
        assert_eq!(row.len(), 8, "{row:?}");
        assert_eq!(
            row[0], digits,
            "the door code as it is, leading zeros and all"
        );
        assert_eq!(row[2], "Дом 1, подъезд 2");
        assert_eq!(
            as_text(&row[1]),
            title,
            "every title whole, a formula's shown as text, not run"
        );
    }
}

#[test]
fn the_journals_excel_csv_in_russian_keeps_the_codes_in_a_spreadsheet() {
    i18n::set_language("ru");
    let dir = tempfile::tempdir().expect("dir");
    let setup = JournalSetup::new(dir.path().to_owned(), "device-ru", 400);
    let journal = Journal::open(&setup, "https://vms.example.org/", "demo", Arc::new(|_| {}));
    for (n, (digits, title)) in CODES.iter().enumerate() {
        journal.observe(Observation {
            at: Utc::now(),
            what: What::Created {
                request: n as u64 + 1,
                code: code(n as u64 + 1, digits, title),
            },
        });
    }
    journal.flush().expect("written");
    let options = Options {
        format: Format::Csv,
        bom: true,
        ..Options::default()
    };
    let mut out = Vec::new();
    assert_eq!(
        command::write_from(journal.path(), &options, &mut out).expect("csv"),
        CODES.len()
    );
    let file = dir.path().join("журнал.csv");
    std::fs::write(&file, &out).expect("written");
    let rows = rows_in_libreoffice(&file, b';');
    let header = &rows[0];
    let column = |name: &str| {
        header
            .iter()
            .position(|cell| cell == name)
            .unwrap_or_else(|| panic!("{name} in {header:?}"))
    };
    let (code_at, title_at) = (column("Код"), column("Название"));
    let mut shown: Vec<(String, String)> = rows[1..]
        .iter()
        .map(|row| (row[code_at].clone(), as_text(&row[title_at]).to_owned()))
        .collect();
    shown.sort();
    let mut expected: Vec<(String, String)> = CODES
        .iter()
        .map(|(digits, title)| ((*digits).to_owned(), (*title).to_owned()))
        .collect();
    expected.sort();
    assert_eq!(shown, expected);
}

/// A cell's text without the apostrophe that keeps a formula-like title from running: Gnumeric hides it,
/// LibreOffice (like Excel) shows it.
fn as_text(shown: &str) -> &str {
    shown.strip_prefix('\'').unwrap_or(shown)
}
