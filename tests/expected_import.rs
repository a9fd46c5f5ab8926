//! Expected visitors imported from files real programs wrote: an XLSX saved by Gnumeric (`ssconvert`, Debian
//! package `gnumeric`, which `.ci/run` installs), whose dates and times are cells of those types, not text.

mod common;

use std::path::Path;

use common::spreadsheet::ssconvert;

use chrono::{NaiveDate, NaiveTime};
use visitor_desk::expected::import::{self, Context, Format};
use visitor_desk::expected::{Field, Invalid, NewVisitor, store};

/// `csv` saved as XLSX by Gnumeric, as a spreadsheet user saves a list.
fn xlsx_by_gnumeric(dir: &Path, csv: &str) -> Vec<u8> {
    let source = dir.join("visitors.csv");
    let xlsx = dir.join("visitors.xlsx");
    std::fs::write(&source, csv).expect("the CSV");
    ssconvert(&source, &xlsx, &["--export-type=Gnumeric_Excel:xlsx2"]);
    std::fs::read(&xlsx).expect("the XLSX")
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).expect("a day")
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("a time")
}

#[test]
fn an_xlsx_saved_by_gnumeric_is_read_with_its_date_and_time_cells() {
    let dir = tempfile::tempdir().expect("dir");
    let bytes = xlsx_by_gnumeric(
        dir.path(),
        "Name,Flat,Date,From,To,Intercom,Note\n\
         Фёдор Семёнов,12,2026-12-07,14:00,16:00,180,с собакой\n\
         Anna Petrova,7A,2026-12-08,9:30,,,\n\
         ,3,2026-12-07,,,,no name\n\
         Boris,4,2026-12-07,18:00,17:00,,\n",
    );
    let sheet = import::read(&bytes).expect("the XLSX is read");
    assert_eq!(sheet.format, Format::Xlsx);
    let mapping = import::guess_mapping(&sheet.headers);
    assert_eq!(mapping[2], Some(Field::Day));
    let context = Context {
        today: day(7),
        intercoms: vec![(180, "Main entrance".into())],
    };
    let preview = import::preview(&sheet, &mapping, &context).expect("a preview");
    assert_eq!(preview.visitors.len(), 2, "{preview:#?}");
    let (line, fyodor) = &preview.visitors[0];
    assert_eq!(*line, 2);
    assert_eq!(fyodor.name, "Фёдор Семёнов");
    assert_eq!(fyodor.flat, "12");
    assert_eq!(fyodor.day, day(7));
    assert_eq!(
        (fyodor.from, fyodor.to),
        (Some(time(14, 0)), Some(time(16, 0)))
    );
    assert_eq!(fyodor.intercom_id, Some(180));
    let anna = &preview.visitors[1].1;
    assert_eq!(
        (anna.day, anna.from, anna.flat.as_str()),
        (day(8), Some(time(9, 30)), "7A")
    );
    let skipped: Vec<(usize, &Invalid)> = preview
        .skipped
        .iter()
        .map(|skipped| (skipped.line, &skipped.reason))
        .collect();
    assert_eq!(
        skipped,
        [
            (4, &Invalid::NoName),
            (
                5,
                &Invalid::WindowBackwards {
                    from: time(18, 0),
                    to: time(17, 0)
                }
            )
        ]
    );
}

#[test]
fn a_csv_saved_by_gnumeric_in_windows_1251_with_semicolons_is_read() {
    let dir = tempfile::tempdir().expect("dir");
    let source = dir.path().join("source.csv");
    std::fs::write(
        &source,
        "Имя,Квартира,Дата,Время\nФёдор Семёнов,12,2026-12-07,14:00-16:00\n",
    )
    .expect("the source");
    let saved = dir.path().join("saved.csv");
    // As Russian Excel saves "CSV (разделители — точки с запятой)": Windows-1251, `;`.
    ssconvert(
        &source,
        &saved,
        &[
            "--export-type=Gnumeric_stf:stf_assistant",
            "--export-options=separator=; charset=WINDOWS-1251 format=preserve",
        ],
    );
    let bytes = std::fs::read(&saved).expect("the saved CSV");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "written in Windows-1251"
    );
    let sheet = import::read(&bytes).expect("read");
    assert_eq!(
        sheet.format,
        Format::Csv {
            windows_1251: true,
            separator: b';'
        }
    );
    let context = Context {
        today: day(7),
        intercoms: Vec::new(),
    };
    let preview =
        import::preview(&sheet, &import::guess_mapping(&sheet.headers), &context).expect("ok");
    assert_eq!(preview.visitors.len(), 1, "{preview:#?}");
    assert_eq!(preview.visitors[0].1.name, "Фёдор Семёнов");
    assert_eq!(preview.visitors[0].1.to, Some(time(16, 0)));
}

#[test]
fn the_table_keeps_visitors_marks_arrivals_once_and_prunes_past_days() {
    let dir = tempfile::tempdir().expect("dir");
    let mut connection =
        visitor_desk::journal::open_database(&dir.path().join("j.sqlite3")).expect("open");
    let at = chrono::Utc::now();
    let mut anna = NewVisitor::new("Anna", day(7));
    anna.from = Some(time(14, 0));
    anna.intercom_id = Some(180);
    let early = NewVisitor::new("Boris", day(7));
    let old = NewVisitor::new("Old", NaiveDate::from_ymd_opt(2026, 11, 1).expect("a day"));
    let id = store::add(&connection, &anna, "desk", at).expect("add");
    store::add_all(&mut connection, &[early, old], "desk", at).expect("add all");
    let today = store::on_day(&connection, day(7)).expect("read");
    let names: Vec<&str> = today.iter().map(|v| v.details.name.as_str()).collect();
    // No window first, then by the window's start.
    assert_eq!(names, ["Boris", "Anna"]);
    assert_eq!(today[1].details, anna);
    assert!(store::arrived(&connection, id, at, 1388, "08583").expect("arrive"));
    assert!(!store::arrived(&connection, id, at, 1390, "11111").expect("again"));
    let kept = store::get(&connection, id).expect("get").expect("there");
    assert_eq!((kept.code_id, kept.code.as_str()), (Some(1388), "08583"));
    assert_eq!(store::prune(&connection, day(1)).expect("prune"), 1);
    assert_eq!(
        store::between(
            &connection,
            NaiveDate::from_ymd_opt(2026, 1, 1).expect("a day"),
            day(31)
        )
        .expect("all")
        .len(),
        2
    );
}
