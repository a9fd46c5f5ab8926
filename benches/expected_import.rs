//! Importing a list of expected visitors: 50 rows (and 5,000, the most one import takes) read, previewed and kept
//! in the account's journal file in one transaction, from CSV in Windows-1251 and from an XLSX saved by Gnumeric
//! (`ssconvert`, when it is installed). Nothing is sent to a server.
//!
//! `cargo bench --bench expected_import` for the figures (the median of 21 runs each); under `cargo test` one run
//! of each checks that the benchmark works.

// A benchmark reports on the terminal.
#![allow(clippy::print_stdout)]

use std::time::{Duration, Instant};

use visitor_desk::expected::import::{self, Context};
use visitor_desk::expected::store;

fn main() {
    let full = std::env::args().any(|argument| argument == "--bench");
    let runs = if full { 21 } else { 1 };
    let dir = tempfile::tempdir().expect("a folder");
    for rows in [50, 5000] {
        let csv = list(rows);
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&csv);
        report("CSV, Windows-1251", rows, &bytes, runs, dir.path());
        match xlsx_by_gnumeric(dir.path(), &csv) {
            Some(xlsx) => report("XLSX (Gnumeric)", rows, &xlsx, runs, dir.path()),
            None => println!("XLSX: ssconvert is not installed here; skipped"),
        }
    }
}

/// `rows` visitors of today, as a front desk's list has them.
fn list(rows: usize) -> String {
    let mut text = String::from("ФИО;Квартира;К кому;Дата;Время;Примечание\n");
    for n in 1..=rows {
        text.push_str(&format!(
            "Посетитель Фёдоров {n};{};Иванов;сегодня;14:00-16:00;курьер\n",
            n % 300
        ));
    }
    text
}

fn xlsx_by_gnumeric(dir: &std::path::Path, csv: &str) -> Option<Vec<u8>> {
    let source = dir.join("list.csv");
    let xlsx = dir.join("list.xlsx");
    std::fs::write(&source, csv.replace(';', ",")).ok()?;
    let done = std::process::Command::new("ssconvert")
        .arg("--export-type=Gnumeric_Excel:xlsx2")
        .arg(&source)
        .arg(&xlsx)
        .env("LANG", "C.UTF-8")
        .output()
        .ok()?;
    done.status.success().then(|| std::fs::read(&xlsx).ok())?
}

/// Reads, previews and keeps `bytes` `runs` times, each into a journal of its own; prints the median and slowest.
fn report(what: &str, rows: usize, bytes: &[u8], runs: usize, dir: &std::path::Path) {
    let context = Context {
        today: chrono::Local::now().date_naive(),
        intercoms: Vec::new(),
    };
    let mut times: Vec<Duration> = (0..runs)
        .map(|run| {
            let path = dir.join(format!("{what}-{rows}-{run}.sqlite3"));
            let mut connection = visitor_desk::journal::open_database(&path).expect("a journal");
            let started = Instant::now();
            let sheet = import::read(bytes).expect("read");
            let preview = import::preview(&sheet, &import::guess_mapping(&sheet.headers), &context)
                .expect("a preview");
            assert_eq!(
                preview.visitors.len(),
                rows,
                "{:?}",
                preview.skipped.first()
            );
            let visitors: Vec<_> = preview.visitors.into_iter().map(|(_, v)| v).collect();
            store::add_all(&mut connection, &visitors, "bench", chrono::Utc::now()).expect("kept");
            started.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "{what}, {rows} rows: read, previewed and kept in {:.1} ms (median of {runs}; slowest {:.1} ms)",
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times[times.len() - 1].as_secs_f64() * 1000.0
    );
}
