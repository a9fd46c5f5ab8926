//! What the commands print on stdout: tables for people, JSON and CSV for scripts. Nothing else goes to stdout.

use std::io::{self, Write};

use chrono::{DateTime, Local, SecondsFormat, Utc};

use aipix_client::api::{Code, Intercom};
use visitor_desk::domain::CodeStatus;
use visitor_desk::journal::export::{code_cell, excel_separator, id_cell, neutralise};
use visitor_desk::terminal;

use super::args::{Format, StatusArg};
use super::text;

/// A code's status as `--status` and the CSV name it. Past its removal time the server still holds it for a
/// moment: it is expired.
pub fn status_of(code: &Code, now: DateTime<Utc>) -> StatusArg {
    match CodeStatus::at(code, now) {
        CodeStatus::Active => StatusArg::Active,
        CodeStatus::ExpiringSoon => StatusArg::Expiring,
        CodeStatus::Expired | CodeStatus::Removed => StatusArg::Expired,
    }
}

fn status_word(status: StatusArg) -> &'static str {
    match status {
        StatusArg::Active => "active",
        StatusArg::Expiring => "expiring",
        StatusArg::Expired => "expired",
    }
}

pub fn intercoms(out: &mut dyn Write, format: Format, intercoms: &[Intercom]) -> io::Result<()> {
    match format {
        Format::Json => json(out, intercoms),
        Format::Csv | Format::Excel => {
            let sheet = Sheet::of(format);
            let mut csv = sheet.writer(out)?;
            csv.write_record([
                "id", "title", "address", "entrance", "online", "enabled", "status",
            ])?;
            for intercom in intercoms {
                csv.write_record([
                    sheet.id(intercom.id),
                    sheet.text(&intercom.title),
                    sheet.text(&intercom.address),
                    intercom
                        .department
                        .map(|entrance| entrance.to_string())
                        .unwrap_or_default(),
                    // Empty where the server did not say.
                    intercom
                        .is_online
                        .map(|on| on.to_string())
                        .unwrap_or_default(),
                    intercom
                        .is_enabled
                        .map(|on| on.to_string())
                        .unwrap_or_default(),
                    sheet.text(intercom.status.as_deref().unwrap_or_default()),
                ])?;
            }
            csv.flush()
        }
        Format::Table => {
            if intercoms.is_empty() {
                text::say(&text::no_intercoms());
            }
            let rows = intercoms.iter().map(|intercom| {
                vec![
                    intercom.id.to_string(),
                    intercom.title.clone(),
                    intercom.address.clone(),
                    intercom
                        .department
                        .map(|entrance| entrance.to_string())
                        .unwrap_or_default(),
                    text::online_word(intercom.online()).to_owned(),
                    text::intercom_usable(intercom.confirmation(), intercom.is_enabled).to_owned(),
                ]
            });
            table(out, &text::intercom_headers(), rows.collect())
        }
    }
}

pub fn codes(
    out: &mut dyn Write,
    format: Format,
    codes: &[Code],
    now: DateTime<Utc>,
) -> io::Result<()> {
    let rows: Vec<(&str, &Code)> = codes.iter().map(|code| ("", code)).collect();
    listing(out, format, &rows, false, now)
}

/// Codes of several accounts in one list, each row `(account, code)`: an account column first in the table and
/// the CSV, an `account` field in each JSON object.
pub fn account_codes(
    out: &mut dyn Write,
    format: Format,
    rows: &[(&str, &Code)],
    now: DateTime<Utc>,
) -> io::Result<()> {
    listing(out, format, rows, true, now)
}

fn listing(
    out: &mut dyn Write,
    format: Format,
    rows: &[(&str, &Code)],
    with_account: bool,
    now: DateTime<Utc>,
) -> io::Result<()> {
    match format {
        Format::Json if with_account => {
            let objects = rows
                .iter()
                .map(|(account, code)| {
                    let mut object = serde_json::to_value(code)?;
                    if let Some(fields) = object.as_object_mut() {
                        fields.insert("account".to_owned(), (*account).into());
                    }
                    Ok(object)
                })
                .collect::<serde_json::Result<Vec<_>>>()?;
            json(out, &objects)
        }
        Format::Json => {
            let codes: Vec<&Code> = rows.iter().map(|(_, code)| *code).collect();
            json(out, &codes)
        }
        Format::Csv | Format::Excel => {
            let sheet = Sheet::of(format);
            let mut csv = sheet.writer(out)?;
            let header = [
                "id",
                "code",
                "title",
                "status",
                "expires_at",
                "removed_at",
                "created_at",
                "intercom_id",
                "intercom_title",
                "intercom_address",
            ];
            let account_column = with_account.then_some("account");
            csv.write_record(account_column.into_iter().chain(header))?;
            for (account, code) in rows {
                let account_cell = with_account.then(|| sheet.text(account));
                let cells = [
                    sheet.id(code.id),
                    sheet.code(code.code_value().unwrap_or_default()),
                    sheet.text(&code.title),
                    status_word(status_of(code, now)).to_owned(),
                    sheet.time(code.expired_at),
                    sheet.time(code.removed_at()),
                    code.created_at.map(|at| sheet.time(at)).unwrap_or_default(),
                    // Empty where the server did not say which intercom.
                    code.intercom_id()
                        .map(|id| sheet.id(id))
                        .unwrap_or_default(),
                    sheet.text(code.intercom.as_ref().map_or("", |i| i.title.as_str())),
                    sheet.text(code.intercom.as_ref().map_or("", |i| i.address.as_str())),
                ];
                csv.write_record(account_cell.into_iter().chain(cells))?;
            }
            csv.flush()
        }
        Format::Table => {
            if rows.is_empty() {
                text::say(&text::no_codes());
            }
            let lines = rows.iter().map(|(account, code)| {
                let account = with_account.then(|| (*account).to_owned());
                account
                    .into_iter()
                    .chain([
                        code.id.to_string(),
                        visitor_desk::domain::shown_value(code),
                        code.title.clone(),
                        visitor_desk::domain::intercom_name(code),
                        CodeStatus::at(code, now).label().to_owned(),
                        local_minute(code.expired_at),
                    ])
                    .collect()
            });
            let account_header = with_account.then(text::account_header);
            let headers: Vec<&str> = account_header
                .into_iter()
                .chain(text::code_headers())
                .collect();
            table(out, &headers, lines.collect())
        }
    }
}

/// The code alone, on a line of its own.
pub fn code_alone(out: &mut dyn Write, code: &Code) -> io::Result<()> {
    writeln!(out, "{}", code.code_value().unwrap_or_default())
}

/// One JSON value, as the client reads it from the server, pretty-printed, with a final newline.
pub fn json<T: serde::Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

/// "2026-03-10 14:05" in local time: the form `--until` takes.
pub fn local_minute(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Which CSV: plain values for scripts, or the values guarded for a spreadsheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sheet {
    /// `--format csv`: every value as it is, times in UTC: what a script reads back is what the server holds.
    Plain,
    /// `--format excel`: as the window's "CSV for Excel" (a byte-order mark, the language's list separator, local
    /// times); a door code or a long id as `="08583"` (whose value is the text), free text that a spreadsheet would
    /// run as a formula after a `'`.
    Excel,
}

impl Sheet {
    fn of(format: Format) -> Self {
        if format == Format::Excel {
            Sheet::Excel
        } else {
            Sheet::Plain
        }
    }

    fn writer(self, out: &mut dyn Write) -> io::Result<csv::Writer<&mut dyn Write>> {
        Ok(match self {
            Sheet::Plain => csv::Writer::from_writer(out),
            Sheet::Excel => {
                out.write_all("\u{feff}".as_bytes())?;
                csv::WriterBuilder::new()
                    .delimiter(excel_separator())
                    .terminator(csv::Terminator::CRLF)
                    .from_writer(out)
            }
        })
    }

    fn text(self, text: &str) -> String {
        match self {
            Sheet::Plain => text.to_owned(),
            Sheet::Excel => neutralise(text).into_owned(),
        }
    }

    fn code(self, code: &str) -> String {
        match self {
            Sheet::Plain => code.to_owned(),
            Sheet::Excel => code_cell(code).into_owned(),
        }
    }

    fn id(self, id: u64) -> String {
        match self {
            Sheet::Plain => id.to_string(),
            Sheet::Excel => id_cell(id),
        }
    }

    fn time(self, at: DateTime<Utc>) -> String {
        match self {
            Sheet::Plain => rfc3339(at),
            // As spreadsheets read a date and time.
            Sheet::Excel => at
                .with_timezone(&Local)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string(),
        }
    }
}

/// Columns padded to their widest cell (counted in characters), two spaces apart; the last one unpadded.
/// The longest session id shown whole; a longer one (the server's are 80 characters) by its start, which
/// `--end-session` takes as well.
const SESSION_ID_SHOWN: usize = 16;

/// A session id as the table shows it.
pub fn session_id_shown(id: &str) -> String {
    if id.chars().count() <= SESSION_ID_SHOWN {
        id.to_owned()
    } else {
        id.chars().take(12).collect()
    }
}

/// The account's sessions as a table for stderr: the id `--end-session` takes, the device, its address, when it
/// was last used (local time) and whether it is online.
pub fn sessions_table(sessions: &[aipix_client::api::SessionInfo]) -> String {
    let rows = sessions
        .iter()
        .map(|session| {
            let device = [session.user_agent.as_deref(), session.client.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · ");
            vec![
                session_id_shown(&session.id),
                device,
                session.ip.clone().unwrap_or_default(),
                session
                    .last_used()
                    .map_or_else(|| "—".to_owned(), local_minute),
                text::online_word(aipix_client::api::Online::from_flag(session.online)).to_owned(),
            ]
        })
        .collect();
    let mut out = Vec::new();
    let _ = table(&mut out, &text::session_headers(), rows);
    String::from_utf8_lossy(&out).trim_end().to_owned()
}

pub fn table(out: &mut dyn Write, headers: &[&str], rows: Vec<Vec<String>>) -> io::Result<()> {
    // What the server sent would command the terminal: every cell through the one sanitiser.
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| terminal::cell(cell).into_owned())
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let header: Vec<String> = headers.iter().map(|h| (*h).to_owned()).collect();
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (index, (shown, width)) in row.iter().zip(&widths).enumerate() {
            if index + 1 == row.len() {
                line.push_str(shown);
            } else {
                line.push_str(&format!("{shown:<width$}  "));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_csv_keeps_values_and_excel_csv_guards_them() {
        for (value, guarded) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+1", "'+1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("-2", "'-2"),
            ("Courier", "Courier"),
            ("Анна", "Анна"),
        ] {
            assert_eq!(Sheet::Plain.text(value), value);
            assert_eq!(Sheet::Excel.text(value), guarded);
        }
        assert_eq!(Sheet::Plain.code("08583"), "08583");
        assert_eq!(Sheet::Excel.code("08583"), "=\"08583\"");
        assert_eq!(Sheet::Plain.id(123_456_789_012), "123456789012");
        assert_eq!(Sheet::Excel.id(123_456_789_012), "=\"123456789012\"");
    }

    #[test]
    fn table_columns_line_up() {
        let mut out = Vec::new();
        table(
            &mut out,
            &["ID", "TITLE", "END"],
            vec![
                vec!["7".into(), "Анна".into(), "x".into()],
                vec!["12".into(), "Courier service".into(), "y".into()],
            ],
        )
        .expect("written");
        assert_eq!(
            String::from_utf8(out).expect("utf-8"),
            "ID  TITLE            END\n7   Анна             x\n12  Courier service  y\n"
        );
    }
}
