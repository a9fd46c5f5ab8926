//! CSV and JSON of the journal and of the codes.
//!
//! CSV is for people and spreadsheets: headers and words in the user's language, times in local time, UTF-8, quotes
//! and line breaks escaped by the `csv` crate, and every cell that a spreadsheet would run as a formula (`=`, `+`,
//! `-`, `@`, and tab or carriage return, which some spreadsheets skip before one) starts with an apostrophe, which
//! spreadsheets show as text. Door codes (digits that a spreadsheet would read as a number, dropping a leading
//! zero) are written as the formula `="08583"`, whose value is that text, and so are ids too long for a
//! spreadsheet's numbers: Excel, LibreOffice and Gnumeric all show `08583` (an apostrophe, which Gnumeric hides,
//! stays visible in LibreOffice and in Excel when they open a CSV file). "CSV for Excel" starts with
//! a byte-order mark (Excel needs it to read UTF-8) and separates fields with the list separator Excel uses in the
//! language (`;` where the decimal separator is a comma, as in Russian).
//! JSON is for programs: stable field names, times in RFC 3339 (UTC), nothing translated.

use std::borrow::Cow;
use std::io::Write;

use chrono::{DateTime, Local, Utc};
use serde::{Deserialize, Serialize};

use super::entry::Entry;
use crate::domain::CodeStatus;
use crate::t;
use aipix_client::api::Code;

/// Why an export could not be written: what the writer, the CSV or JSON encoder, or the journal's database said.
/// Its words are the system's and the crates' (English), for the message that names the file.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Write(#[from] std::io::Error),
    #[error(transparent)]
    Csv(#[from] csv::Error),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Read(#[from] rusqlite::Error),
}

/// What a file is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ExportFormat {
    Csv {
        /// For Excel: start with a UTF-8 byte-order mark, and separate fields with the language's list separator.
        bom: bool,
    },
    Json,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv { .. } => "csv",
            ExportFormat::Json => "json",
        }
    }
}

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell a spreadsheet shows as the text it is: a leading apostrophe before anything that would start a formula.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Digits as a spreadsheet must show them, as text: the formula `="08583"`, whose value is the text itself.
fn text_of_digits(digits: &str) -> String {
    format!("=\"{digits}\"")
}

/// Free text as a cell: neutralised, so that no spreadsheet runs it.
pub fn text(cell: &str) -> String {
    neutralise(cell).into_owned()
}

/// A door code as a spreadsheet must show it: digits (which a spreadsheet would take for a number, and lose the
/// leading zero of `08583`) are written as text; anything else is free text.
pub fn code_cell(code: &str) -> Cow<'_, str> {
    if !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit()) {
        Cow::Owned(text_of_digits(code))
    } else {
        neutralise(code)
    }
}

/// Spreadsheets show 12 digits and more as `1.23457E+11`, and keep 15 at most.
const LONGEST_SPREADSHEET_NUMBER: usize = 11;

/// An id as a spreadsheet must show it: a number, unless it is too long for a spreadsheet to show whole.
pub fn id_cell(id: u64) -> String {
    let digits = id.to_string();
    if digits.len() > LONGEST_SPREADSHEET_NUMBER {
        text_of_digits(&digits)
    } else {
        digits
    }
}

/// The field separator Excel expects in the language in use: its list separator (`;` where the decimal
/// separator is a comma).
pub fn excel_separator() -> u8 {
    match t!("export-excel-separator").trim().as_bytes() {
        [separator] => *separator,
        _ => b',',
    }
}

/// A time as spreadsheets read it, in the desk's time zone.
fn local(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

fn local_opt(at: Option<DateTime<Utc>>) -> String {
    at.map(local).unwrap_or_default()
}

/// Writes rows to a CSV file. Its cells come made safe by the functions that make them: [`text`] for free text,
/// [`code_cell`] and [`id_cell`] for digits.
pub struct CsvOut<W: Write> {
    writer: csv::Writer<W>,
}

impl<W: Write> CsvOut<W> {
    /// A CSV file with `header`; `excel`: the dialect Excel reads (a byte-order mark, the language's separator).
    pub fn new(mut out: W, excel: bool, header: &[&str]) -> Result<Self, ExportError> {
        if excel {
            out.write_all("\u{feff}".as_bytes())?;
        }
        // A field holding the separator (or a quote, or a line break) is quoted, whichever the separator is.
        let mut writer = csv::WriterBuilder::new()
            .delimiter(if excel { excel_separator() } else { b',' })
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        writer.write_record(header.iter().map(|cell| neutralise(cell).into_owned()))?;
        Ok(Self { writer })
    }

    pub fn row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) -> Result<(), ExportError> {
        Ok(self.writer.write_record(cells)?)
    }

    pub fn finish(self) -> Result<W, ExportError> {
        self.writer
            .into_inner()
            .map_err(|error| error.into_error().into())
    }
}

/// The journal's CSV header, in the user's language.
pub fn journal_header() -> Vec<&'static str> {
    vec![
        t!("journal-column-time"),
        t!("journal-column-event"),
        t!("journal-column-who"),
        t!("journal-column-result"),
        t!("journal-column-intercom"),
        t!("journal-column-code"),
        t!("journal-column-title"),
        t!("journal-column-valid-until"),
        t!("journal-column-until"),
        t!("journal-column-details"),
        t!("journal-column-login"),
        t!("journal-column-device"),
        t!("journal-column-os-user"),
    ]
}

/// One entry as CSV cells (the order of [`journal_header`]).
pub fn journal_cells(entry: &Entry) -> Vec<String> {
    vec![
        local(entry.at),
        text(entry.kind.label()),
        text(entry.origin.label()),
        text(entry.outcome.label()),
        text(&entry.intercom),
        code_cell(&entry.code).into_owned(),
        text(&entry.title),
        local_opt(entry.expires_at),
        local_opt(entry.until),
        text(&entry.detail),
        text(&entry.login),
        text(&entry.device_id),
        text(&entry.os_user),
    ]
}

/// Streams entries as a JSON array, one object per entry, without holding them all.
pub struct JsonArrayOut<W: Write> {
    out: W,
    first: bool,
}

impl<W: Write> JsonArrayOut<W> {
    pub fn new(mut out: W) -> Result<Self, ExportError> {
        out.write_all(b"[")?;
        Ok(Self { out, first: true })
    }

    pub fn item(&mut self, item: &impl Serialize) -> Result<(), ExportError> {
        let separator: &[u8] = if self.first { b"\n  " } else { b",\n  " };
        self.first = false;
        self.out.write_all(separator)?;
        Ok(serde_json::to_writer(&mut self.out, item)?)
    }

    pub fn finish(mut self) -> Result<W, ExportError> {
        let end: &[u8] = if self.first { b"]\n" } else { b"\n]\n" };
        self.out.write_all(end)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Writes entries in `format`; answers how many. `entries` yields them one at a time.
pub fn write_journal<W: Write>(
    out: W,
    format: ExportFormat,
    entries: impl FnOnce(&mut dyn FnMut(Entry) -> Result<(), ExportError>) -> Result<usize, ExportError>,
) -> Result<(usize, W), ExportError> {
    match format {
        ExportFormat::Csv { bom } => {
            let mut csv = CsvOut::new(out, bom, &journal_header())?;
            let count = entries(&mut |entry| {
                let cells = journal_cells(&entry);
                csv.row(cells.iter().map(String::as_str))
            })?;
            Ok((count, csv.finish()?))
        }
        ExportFormat::Json => {
            let mut json = JsonArrayOut::new(out)?;
            let count = entries(&mut |entry| json.item(&entry))?;
            Ok((count, json.finish()?))
        }
    }
}

/// A code as the JSON export gives it.
#[derive(Debug, Serialize)]
struct CodeRecord<'a> {
    /// Whose it is, when the codes are of several accounts.
    #[serde(skip_serializing_if = "Option::is_none")]
    account: Option<&'a str>,
    id: u64,
    /// `null` when the server sent no value.
    code: Option<&'a str>,
    title: &'a str,
    /// `null` when the server did not say which intercom the code is for (and so are `intercom` and `address`).
    intercom_id: Option<u64>,
    intercom: Option<&'a str>,
    address: Option<&'a str>,
    status: &'static str,
    expires_at: DateTime<Utc>,
    removed_at: DateTime<Utc>,
    created_at: Option<DateTime<Utc>>,
}

fn status_name(status: CodeStatus) -> &'static str {
    match status {
        CodeStatus::Active => "active",
        CodeStatus::ExpiringSoon => "expiring_soon",
        CodeStatus::Expired => "expired",
        CodeStatus::Removed => "removed",
    }
}

/// Writes codes in `format`, with their status at `now`. `accounts`: the account of each code, when they are of
/// several (then an Account column comes first); empty otherwise.
pub fn write_codes<W: Write>(
    out: W,
    format: ExportFormat,
    codes: &[Code],
    accounts: &[String],
    now: DateTime<Utc>,
) -> Result<W, ExportError> {
    let account = |index: usize| accounts.get(index).map(String::as_str);
    match format {
        ExportFormat::Csv { bom } => {
            let mut header: Vec<&str> = Vec::new();
            if !accounts.is_empty() {
                header.push(t!("export-code-column-account"));
            }
            header.extend([
                t!("export-code-column-code"),
                t!("export-code-column-title"),
                t!("export-code-column-intercom"),
                t!("export-code-column-address"),
                t!("export-code-column-status"),
                t!("export-code-column-valid-until"),
                t!("export-code-column-removed-at"),
                t!("export-code-column-created"),
            ]);
            let mut csv = CsvOut::new(out, bom, &header)?;
            for (index, code) in codes.iter().enumerate() {
                let address = code
                    .intercom
                    .as_ref()
                    .map(|intercom| intercom.address.as_str());
                let mut cells: Vec<String> = account(index).map(text).into_iter().collect();
                cells.extend([
                    code_cell(code.code_value().unwrap_or_default()).into_owned(),
                    text(&code.title),
                    text(&crate::domain::intercom_name(code)),
                    text(address.unwrap_or_default()),
                    text(CodeStatus::at(code, now).label()),
                    local(code.expired_at),
                    local(code.removed_at()),
                    local_opt(code.created_at),
                ]);
                csv.row(cells.iter().map(String::as_str))?;
            }
            csv.finish()
        }
        ExportFormat::Json => {
            let mut json = JsonArrayOut::new(out)?;
            for (index, code) in codes.iter().enumerate() {
                json.item(&CodeRecord {
                    account: account(index),
                    id: code.id,
                    code: code.code_value(),
                    title: &code.title,
                    intercom_id: code.intercom_id(),
                    intercom: code
                        .intercom
                        .as_ref()
                        .map(|intercom| intercom.title.as_str()),
                    address: code
                        .intercom
                        .as_ref()
                        .map(|intercom| intercom.address.as_str()),
                    status: status_name(CodeStatus::at(code, now)),
                    expires_at: code.expired_at,
                    removed_at: code.removed_at(),
                    created_at: code.created_at,
                })?;
            }
            json.finish()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{Kind, Origin};
    use chrono::TimeDelta;

    /// Titles a visitor's name can be, and what a spreadsheet must show for each.
    const TRICKY: [(&str, &str); 10] = [
        ("Smith, John", "Smith, John"),
        ("The \"Boss\"", "The \"Boss\""),
        ("two\nlines", "two\nlines"),
        ("Иван Петров", "Иван Петров"),
        (
            "=HYPERLINK(\"http://x\",\"click\")",
            "'=HYPERLINK(\"http://x\",\"click\")",
        ),
        ("+1 555", "'+1 555"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("ok=fine", "ok=fine"),
    ];

    fn read_back(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
        let mut reader = csv::Reader::from_reader(bytes);
        let header = reader
            .headers()
            .expect("header")
            .iter()
            .map(str::to_owned)
            .collect();
        let rows = reader
            .records()
            .map(|record| record.expect("record").iter().map(str::to_owned).collect())
            .collect();
        (header, rows)
    }

    #[test]
    fn journal_csv_reads_back_as_written_and_runs_no_formula() {
        for bom in [false, true] {
            let entries: Vec<Entry> = TRICKY
                .iter()
                .map(|(title, _)| Entry {
                    title: (*title).to_owned(),
                    code: "-12345".into(),
                    detail: "line one\r\nline \"two\"".into(),
                    ..Entry::new(Utc::now(), Kind::CodeCreated, Origin::Desk)
                })
                .collect();
            let (count, bytes) = write_journal(Vec::new(), ExportFormat::Csv { bom }, |each| {
                for entry in entries.clone() {
                    each(entry)?;
                }
                Ok(entries.len())
            })
            .expect("csv");
            assert_eq!(count, TRICKY.len());
            assert_eq!(bytes.starts_with("\u{feff}".as_bytes()), bom);
            let body = if bom { &bytes[3..] } else { &bytes[..] };
            let (header, rows) = read_back(body);
            assert_eq!(header, journal_header());
            assert_eq!(rows.len(), TRICKY.len());
            for (row, (_, shown)) in rows.iter().zip(TRICKY) {
                assert_eq!(row[6], shown);
                assert_eq!(
                    row[5], "'-12345",
                    "a code that looks like a negative number"
                );
                assert_eq!(row[9], "line one\r\nline \"two\"");
                assert_eq!(row[1], "Code created");
            }
        }
    }

    #[test]
    fn codes_csv_and_json() {
        let now = Utc::now();
        let code = |id: u64, title: &str| Code {
            id,
            title: title.to_owned(),
            code: Some(format!("{id:05}")),
            expired_at: now + TimeDelta::hours(2),
            is_expired: Some(false),
            will_deleted_at: None,
            created_at: Some(now),
            intercom: Some(aipix_client::api::IntercomBrief {
                id: 9,
                title: "Ворота, север".into(),
                is_online: Some(true),
                department: None,
                address: "=cmd|' /C calc'!A0".into(),
            }),
        };
        let codes: Vec<Code> = TRICKY
            .iter()
            .enumerate()
            .map(|(n, (title, _))| code(n as u64 + 1, title))
            .collect();
        let bytes = write_codes(
            Vec::new(),
            ExportFormat::Csv { bom: false },
            &codes,
            &[],
            now,
        )
        .expect("csv");
        let (header, rows) = read_back(&bytes);
        assert_eq!(header[0], "Code");
        for (row, (_, shown)) in rows.iter().zip(TRICKY) {
            assert_eq!(row[1], shown);
            assert_eq!(row[2], "Ворота, север");
            assert_eq!(row[3], "'=cmd|' /C calc'!A0");
            assert_eq!(row[4], "Active");
        }
        let json = write_codes(Vec::new(), ExportFormat::Json, &codes, &[], now).expect("json");
        let json: serde_json::Value = serde_json::from_slice(&json).expect("parses");
        assert_eq!(json.as_array().map(Vec::len), Some(TRICKY.len()));
        assert_eq!(
            json[4]["title"], TRICKY[4].0,
            "JSON keeps the text as it is"
        );
        assert_eq!(json[0]["status"], "active");
        let empty = write_codes(Vec::new(), ExportFormat::Json, &[], &[], now).expect("json");
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&empty).expect("parses"),
            serde_json::json!([])
        );
    }

    #[test]
    fn formula_starts_get_an_apostrophe_and_nothing_else_changes() {
        for cell in ["=1+1", "+7", "-2", "@SUM(A1)", "\t=x", "\r=x"] {
            assert_eq!(neutralise(cell), format!("'{cell}"));
        }
        for cell in ["Courier", "12345", "", "a=b", " =1", "Иван", "'quoted"] {
            assert_eq!(neutralise(cell), cell);
        }
    }
}
