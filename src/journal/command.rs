//! `visitor-desk journal`: the local journal of the last profile (or of `--server`/`--login`) on the terminal,
//! as a table for people, or as CSV or JSON for other programs. Reads only: the file is never created or changed,
//! and a running app may keep writing to it meanwhile.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, TimeZone as _, Utc};

use super::entry::{Entry, Filter};
use super::export::{self, ExportFormat};
use super::{schema, store};
use crate::{settings, t, terminal};

/// How the entries are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Aligned columns for people, in their language.
    #[default]
    Table,
    Csv,
    Json,
}

/// The command's options, as parsed from its command line.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Entries from this instant on.
    pub since: Option<DateTime<Utc>>,
    /// Entries before this instant.
    pub until: Option<DateTime<Utc>>,
    pub format: Format,
    /// Start CSV with a byte-order mark (for Excel).
    pub bom: bool,
    pub server: Option<String>,
    pub login: Option<String>,
    /// Where the settings are (for the last profile); `None`: there are none.
    pub settings_dir: Option<PathBuf>,
    /// Where the journals are.
    pub journal_dir: Option<PathBuf>,
}

/// Why the journal could not be printed. `Display` for logs (English); [`CommandError::text`] for the terminal.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error("{0:?} is not a date")]
    BadDate(String),
    #[error("{0:?} is no such date")]
    NoSuchDate(String),
    #[error("no folder for journals")]
    NoFolder,
    #[error(transparent)]
    BadServer(#[from] aipix_client::api::ApiError),
    #[error("no server was used on this computer yet")]
    NoProfile,
    #[error("no login is saved for {0}")]
    NeedLogin(String),
    #[error("several logins are saved for {0}")]
    WhichLogin(String),
    #[error(transparent)]
    Journal(#[from] super::JournalError),
    #[error(transparent)]
    Export(#[from] export::ExportError),
}

impl From<std::io::Error> for CommandError {
    fn from(error: std::io::Error) -> Self {
        CommandError::Export(error.into())
    }
}

impl From<rusqlite::Error> for CommandError {
    fn from(error: rusqlite::Error) -> Self {
        CommandError::Export(error.into())
    }
}

impl CommandError {
    /// What went wrong, in the user's language.
    pub fn text(&self) -> String {
        match self {
            CommandError::BadDate(text) => t!("journal-cli-bad-date", text = text.as_str()),
            CommandError::NoSuchDate(text) => t!("journal-cli-no-such-date", text = text.as_str()),
            CommandError::NoFolder => t!("journal-cli-no-folder").to_owned(),
            CommandError::BadServer(error) => {
                // As the sign-in screen says it, and why.
                let failure = crate::messages::Failure::from_api(error);
                match failure.detail() {
                    Some(detail) => format!("{}\n{detail}", failure.sentence()),
                    None => failure.sentence(),
                }
            }
            CommandError::NoProfile => t!("journal-cli-no-profile").to_owned(),
            CommandError::NeedLogin(server) => {
                t!("journal-cli-need-login", server = server.as_str())
            }
            CommandError::WhichLogin(server) => {
                t!("journal-cli-which-login", server = server.as_str())
            }
            CommandError::Journal(error) => error.text(),
            CommandError::Export(error) => error.to_string(),
        }
    }
}

/// Whether `text` is written as a date is (`2026-02-31`, `2026-02-31 10:00`, `…T10:00`), whatever its numbers:
/// one that then does not parse names no day of the calendar, which is not the same mistake as a wrong format.
pub fn shaped_like_a_date(text: &str) -> bool {
    let shape = |text: &str, pattern: &str| {
        text.len() == pattern.len()
            && text.bytes().zip(pattern.bytes()).all(|(c, p)| match p {
                b'9' => c.is_ascii_digit(),
                b' ' => c == b' ' || c == b'T',
                other => c == other,
            })
    };
    let text = text.trim();
    shape(text, "9999-99-99") || shape(text, "9999-99-99 99:99")
}

/// `2025-01-31` (local midnight), `2025-01-31 14:05` (local time), or RFC 3339 (`2025-01-31T14:05:00+03:00`).
pub fn parse_since(text: &str) -> Result<DateTime<Utc>, CommandError> {
    parse_instant(text, false)
}

/// The end of what `--until` asks for, exclusive: a day alone counts whole (until the next local midnight);
/// a time or an instant, up to it.
pub fn parse_until(text: &str) -> Result<DateTime<Utc>, CommandError> {
    parse_instant(text, true)
}

fn parse_instant(text: &str, whole_day: bool) -> Result<DateTime<Utc>, CommandError> {
    let text = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(at.with_timezone(&Utc));
    }
    let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M"))
        .or_else(|_| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d").map(|date| {
                let day = if whole_day {
                    date.succ_opt().unwrap_or(date)
                } else {
                    date
                };
                day.and_time(chrono::NaiveTime::MIN)
            })
        })
        .map_err(|_| {
            if shaped_like_a_date(text) {
                CommandError::NoSuchDate(text.to_owned())
            } else {
                CommandError::BadDate(text.to_owned())
            }
        })?;
    Local
        .from_local_datetime(&local)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
        .ok_or_else(|| CommandError::BadDate(text.to_owned()))
}

/// The journal file the options name: `--server`/`--login`, filled in from the profiles where one is missing.
pub fn locate(options: &Options) -> Result<PathBuf, CommandError> {
    let dir = options
        .journal_dir
        .as_deref()
        .ok_or(CommandError::NoFolder)?;
    let settings = options
        .settings_dir
        .as_deref()
        .and_then(settings::peek)
        .unwrap_or_default();
    let server = match &options.server {
        Some(server) => Some(aipix_client::api::parse_base_url(server)?.to_string()),
        None => None,
    };
    let profile = match (&server, &options.login) {
        (Some(server), Some(login)) => return Ok(super::file_path(dir, server, login.trim())),
        (Some(server), None) => {
            let mut matching = settings
                .profiles
                .iter()
                .filter(|profile| &profile.server == server);
            match (matching.next(), matching.next()) {
                (Some(profile), None) => profile.clone(),
                (Some(_), Some(_)) => return Err(CommandError::WhichLogin(server.clone())),
                _ => return Err(CommandError::NeedLogin(server.clone())),
            }
        }
        (None, login) => {
            let last = settings
                .last_used_profile()
                .cloned()
                .ok_or(CommandError::NoProfile)?;
            match login {
                Some(login) => settings::Profile {
                    login: login.trim().to_owned(),
                    ..last
                },
                None => last,
            }
        }
    };
    Ok(super::file_path(dir, &profile.server, &profile.login))
}

/// Prints the journal to `out`; answers how many entries.
pub fn run(options: &Options, out: &mut dyn Write) -> Result<usize, CommandError> {
    let path = locate(options)?;
    write_from(&path, options, out)
}

/// Prints the journal at `path` to `out`.
pub fn write_from(
    path: &Path,
    options: &Options,
    out: &mut dyn Write,
) -> Result<usize, CommandError> {
    let connection = schema::open_read_only(path)?;
    let filter = Filter {
        since: options.since,
        before: options.until,
        ..Filter::default()
    };
    let read = |each: &mut dyn FnMut(Entry) -> Result<(), export::ExportError>| {
        store::for_each(&connection, &filter, each)
    };
    match options.format {
        Format::Csv => {
            Ok(export::write_journal(out, ExportFormat::Csv { bom: options.bom }, read)?.0)
        }
        Format::Json => Ok(export::write_journal(out, ExportFormat::Json, read)?.0),
        Format::Table => {
            let mut rows = Vec::new();
            read(&mut |entry| {
                rows.push(entry);
                Ok(())
            })?;
            table(&rows, out)?;
            Ok(rows.len())
        }
    }
}

/// A code's lines in the journal at `path`, oldest first (with those of an extension that links it to another
/// code); none when there is no journal file yet.
pub fn code_story(path: &Path, code_id: u64) -> Result<Vec<Entry>, CommandError> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    let connection = schema::open_read_only(path)?;
    Ok(store::story(&connection, code_id)?.0)
}

/// The widest a table column gets before its text is cut.
const MOST_WIDTH: usize = 40;

fn table(rows: &[Entry], out: &mut dyn Write) -> std::io::Result<()> {
    if rows.is_empty() {
        return writeln!(out, "{}", t!("journal-cli-empty"));
    }
    let header = [
        t!("journal-column-time"),
        t!("journal-column-event"),
        t!("journal-column-who"),
        t!("journal-column-result"),
        t!("journal-column-intercom"),
        t!("journal-column-code"),
        t!("journal-column-title"),
        t!("journal-column-details"),
    ];
    let cells: Vec<[String; 8]> = rows
        .iter()
        .map(|entry| {
            let mut detail = entry.detail.clone();
            if let Some(until) = entry.until {
                let until = until
                    .with_timezone(&Local)
                    .format("%Y-%m-%d %H:%M:%S")
                    .to_string();
                detail = if detail.is_empty() {
                    t!("journal-cli-until", until = until)
                } else {
                    format!("{} · {detail}", t!("journal-cli-until", until = until))
                };
            }
            // What a server or a person typed would command the terminal: every cell through the one sanitiser.
            [
                entry
                    .at
                    .with_timezone(&Local)
                    .format("%Y-%m-%d %H:%M:%S")
                    .to_string(),
                entry.kind.label().to_owned(),
                entry.origin.label().to_owned(),
                entry.outcome.label().to_owned(),
                terminal::cell(&entry.intercom).into_owned(),
                terminal::cell(&entry.code).into_owned(),
                terminal::cell(&entry.title).into_owned(),
                terminal::cell(&detail).into_owned(),
            ]
        })
        .collect();
    let mut widths = header.map(|title| title.chars().count());
    for row in &cells {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count().min(MOST_WIDTH));
        }
    }
    let line = |out: &mut dyn Write, cells: &[&str]| -> std::io::Result<()> {
        let mut text = String::new();
        for (n, (cell, width)) in cells.iter().zip(widths).enumerate() {
            if n > 0 {
                text.push_str("  ");
            }
            text.push_str(&fit(cell, width));
        }
        writeln!(out, "{}", text.trim_end())
    };
    line(out, &header)?;
    let rule: Vec<String> = widths.iter().map(|width| "─".repeat(*width)).collect();
    line(out, &rule.iter().map(String::as_str).collect::<Vec<_>>())?;
    for row in &cells {
        line(out, &row.iter().map(String::as_str).collect::<Vec<_>>())?;
    }
    writeln!(out, "{}", t!("journal-cli-count", count = rows.len()))
}

/// `text` padded or cut (with an ellipsis) to `width` characters.
fn fit(text: &str, width: usize) -> String {
    let count = text.chars().count();
    if count <= width {
        format!("{text}{}", " ".repeat(width - count))
    } else {
        let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}
