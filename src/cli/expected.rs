//! `visitor-desk expected add|import|list|arrive`: the account's expected visitors, kept in its journal file on
//! this computer. Only `arrive` signs in: it makes the visitor's code, and the journal links the two.

use std::io::{self, Write};
use std::path::PathBuf;

use chrono::{DateTime, Local, NaiveDate, SecondsFormat, TimeDelta, Utc};
use rusqlite::Connection;

use visitor_desk::expected::import::{self, Context, Preview};
use visitor_desk::expected::{
    self, Arrival, Invalid, NewVisitor, Visitor, fold, parse_day, parse_time, store,
};
use visitor_desk::{journal, settings, t};

use super::account::{self, Account};
use super::args::{
    AccountArgs, CreatedFormat, ExpectedAddArgs, ExpectedArriveArgs, ExpectedCommand,
    ExpectedFormat, ExpectedImportArgs, ExpectedListArgs,
};
use super::failure::{CliError, Exit};
use super::{commands, output, stdout, text};

pub fn run(
    account: &AccountArgs,
    command: ExpectedCommand,
    runtime: &tokio::runtime::Runtime,
) -> Result<(), CliError> {
    match command {
        ExpectedCommand::Add(args) => add(account, &args),
        ExpectedCommand::Import(args) => import(account, &args),
        ExpectedCommand::List(args) => list(account, &args),
        ExpectedCommand::Arrive(args) => runtime.block_on(arrive(account, &args)),
    }
}

/// The journal file of the account the options name (else the last one used), as `journal` finds it.
fn journal_path(account: &AccountArgs) -> Result<PathBuf, CliError> {
    let (server, login) = account::named_server_and_login(account)?;
    let options = journal::command::Options {
        since: None,
        until: None,
        format: journal::command::Format::Table,
        bom: false,
        server,
        login,
        settings_dir: settings::default_dir(),
        journal_dir: journal::default_dir(),
    };
    journal::command::locate(&options).map_err(|error| match error {
        journal::command::CommandError::NoProfile => CliError::usage(t!("expected-no-account")),
        journal::command::CommandError::NoFolder => CliError::usage(t!("expected-no-journal")),
        other => CliError::usage(other.text()),
    })
}

fn open(path: &std::path::Path) -> Result<Connection, CliError> {
    journal::open_database(path).map_err(|error| CliError::usage(error.text()))
}

fn database_failed(error: &rusqlite::Error) -> CliError {
    CliError::usage(journal::JournalError::Database(clone_error(error)).text())
}

/// `rusqlite::Error` is not `Clone`; its words are all a person needs.
fn clone_error(error: &rusqlite::Error) -> rusqlite::Error {
    rusqlite::Error::InvalidParameterName(error.to_string())
}

fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// Who added a visitor: the computer's user, as the journal names the desk's.
fn added_by() -> String {
    journal::os_user()
}

fn invalid(error: &Invalid) -> CliError {
    CliError::usage(error.text())
}

fn add(account: &AccountArgs, args: &ExpectedAddArgs) -> Result<(), CliError> {
    let today = today();
    let day = match &args.day {
        Some(day) => parse_day(day, today).map_err(|e| invalid(&e))?,
        None => today,
    };
    if day < today {
        return Err(invalid(&Invalid::Past(day)));
    }
    let time = |text: &Option<String>| {
        text.as_deref()
            .map(parse_time)
            .transpose()
            .map_err(|e| invalid(&e))
    };
    let visitor = NewVisitor {
        name: args.name.clone(),
        flat: args.flat.clone(),
        company: args.company.clone(),
        host: args.host.clone(),
        intercom_id: args.intercom,
        day,
        from: time(&args.from)?,
        to: time(&args.to)?,
        note: args.note.clone(),
    }
    .checked()
    .map_err(|e| invalid(&e))?;
    let connection = open(&journal_path(account)?)?;
    let id = store::add(&connection, &visitor, &added_by(), Utc::now())
        .map_err(|e| database_failed(&e))?;
    let kept = store::get(&connection, id)
        .map_err(|e| database_failed(&e))?
        .ok_or_else(|| CliError::usage(t!("expected-unknown", id = id)))?;
    stdout::to_stdout(|out| visitors(out, args.format, std::slice::from_ref(&kept)))?;
    text::say(&t!(
        "expected-added",
        name = kept.details.name.as_str(),
        window = kept.window_text(),
        id = id
    ));
    Ok(())
}

fn import(account: &AccountArgs, args: &ExpectedImportArgs) -> Result<(), CliError> {
    let sheet = import::read_file(&args.file).map_err(|e| CliError::usage(e.text()))?;
    let mapping = match &args.columns {
        Some(list) => import::mapping_of_list(list, sheet.headers.len()).map_err(|unknown| {
            CliError::usage(t!(
                "expected-import-unknown-field",
                word = unknown.0.as_str()
            ))
        })?,
        None => import::guess_mapping(&sheet.headers),
    };
    let context = Context {
        today: today(),
        intercoms: Vec::new(),
    };
    let preview =
        import::preview(&sheet, &mapping, &context).map_err(|e| CliError::usage(e.text()))?;
    say_preview(&preview);
    if preview.visitors.is_empty() {
        return Err(CliError::usage(t!("expected-import-nothing")));
    }
    if args.dry_run {
        text::say(t!("expected-import-dry-run"));
        return Ok(());
    }
    let path = journal_path(account)?;
    let mut connection = open(&path)?;
    let new: Vec<NewVisitor> = preview.visitors.into_iter().map(|(_, v)| v).collect();
    let ids = store::add_all(&mut connection, &new, &added_by(), Utc::now())
        .map_err(|e| database_failed(&e))?;
    let added = ids
        .into_iter()
        .filter_map(|id| store::get(&connection, id).transpose())
        .collect::<rusqlite::Result<Vec<Visitor>>>()
        .map_err(|e| database_failed(&e))?;
    stdout::to_stdout(|out| visitors(out, args.format, &added))?;
    text::say(&t!("expected-import-done", added = new.len()));
    Ok(())
}

/// How the file was read, on stderr: its format, each column's field, each row skipped and why, the count.
fn say_preview(preview: &Preview) {
    text::say(&t!(
        "expected-import-read-as",
        format = preview.format.text()
    ));
    for (header, field) in preview.headers.iter().zip(&preview.mapping) {
        text::say(&match field {
            Some(field) => t!(
                "expected-import-column",
                header = header.as_str(),
                field = field.label()
            ),
            None => t!("expected-import-column-unused", header = header.as_str()),
        });
    }
    for skipped in &preview.skipped {
        text::say(&t!(
            "expected-import-skipped",
            line = skipped.line,
            first = skipped.first.as_str(),
            reason = skipped.reason.text()
        ));
    }
    text::say(&t!(
        "expected-import-summary",
        added = preview.visitors.len(),
        skipped = preview.skipped.len()
    ));
}

fn list(account: &AccountArgs, args: &ExpectedListArgs) -> Result<(), CliError> {
    let today = today();
    let first = match &args.day {
        Some(day) => parse_day(day, today).map_err(|e| invalid(&e))?,
        None => today,
    };
    let last = first + TimeDelta::days(i64::from(args.days) - 1);
    let path = journal_path(account)?;
    // No journal yet: no one is expected (and listing makes none).
    let found = if path.exists() {
        let connection = open(&path)?;
        store::between(&connection, first, last).map_err(|e| database_failed(&e))?
    } else {
        Vec::new()
    };
    let query = fold(args.search.as_deref().unwrap_or_default());
    let chosen: Vec<Visitor> = found
        .into_iter()
        .filter(|visitor| visitor.matches(&query))
        .collect();
    if chosen.is_empty() && args.format == ExpectedFormat::Table {
        text::say(t!("expected-none"));
        return Ok(());
    }
    stdout::to_stdout(|out| visitors(out, args.format, &chosen))
}

async fn arrive(account: &AccountArgs, args: &ExpectedArriveArgs) -> Result<(), CliError> {
    commands::with_desk(account, async |desk| {
        let dir =
            journal::default_dir().ok_or_else(|| CliError::usage(t!("expected-no-journal")))?;
        // The visitors of the account signed in: its code is made there.
        let connection = open(&journal::file_path(&dir, &desk.server, &desk.user.login))?;
        let visitor = store::get(&connection, args.id)
            .map_err(|e| database_failed(&e))?
            .ok_or_else(|| CliError::usage(t!("expected-unknown", id = args.id)))?;
        if let (Some(arrived_at), Some(_)) = (visitor.arrived_at, visitor.code_id) {
            // Given a code already: that code, not a second one taking another slot.
            text::say(&t!(
                "expected-already-arrived",
                name = visitor.details.name.as_str(),
                code = visitor.code.as_str(),
                at = output::local_minute(arrived_at)
            ));
            return stdout::to_stdout(|out| match args.format {
                CreatedFormat::Code => writeln!(out, "{}", visitor.code),
                CreatedFormat::Json => output::json(out, &Listed::of(&visitor)),
            });
        }
        let intercom = args
            .intercom
            .or(visitor.details.intercom_id)
            .ok_or_else(|| {
                CliError::usage(t!(
                    "expected-needs-intercom",
                    name = visitor.details.name.as_str()
                ))
            })?;
        let code = make_code(desk, &visitor, intercom).await?;
        let value = code.code_value().unwrap_or_default().to_owned();
        store::arrived(&connection, visitor.id, Utc::now(), code.id, &value)
            .map_err(|e| database_failed(&e))?;
        stdout::to_stdout(|out| match args.format {
            CreatedFormat::Code => output::code_alone(out, &code),
            CreatedFormat::Json => output::json(out, &code),
        })?;
        text::say(&t!(
            "expected-arrived",
            name = visitor.details.name.as_str(),
            code = visitor_desk::domain::shown_value(&code),
            until = output::local_minute(code.expired_at)
        ));
        Ok(())
    })
    .await
}

/// Makes the visitor's code on `intercom` and tells the journal whose it is.
async fn make_code(
    desk: &mut Account,
    visitor: &Visitor,
    intercom: u64,
) -> Result<aipix_client::api::Code, CliError> {
    let (intercoms, _) = desk.listing().await?;
    let Some(door) = intercoms.iter().find(|door| door.id == intercom) else {
        return Err(CliError::usage(text::unknown_intercom(intercom)));
    };
    if !door.takes_codes() {
        return Err(CliError::new(
            Exit::Refused,
            text::intercom_takes_no_codes(&door.title),
        ));
    }
    let began = Utc::now();
    let code = desk
        .create(intercom, &visitor.code_title(), visitor.code_expiry(began))
        .await?;
    desk.note_arrival(Arrival::of(visitor, code.clone(), began));
    Ok(code)
}

/// A visitor as JSON prints them: every field, and where they stand now.
#[derive(serde::Serialize)]
struct Listed<'a> {
    #[serde(flatten)]
    visitor: &'a Visitor,
    status: expected::Timing,
}

impl<'a> Listed<'a> {
    fn of(visitor: &'a Visitor) -> Self {
        Self {
            visitor,
            status: visitor.timing(expected::local_now(Utc::now())),
        }
    }
}

fn visitors(out: &mut dyn Write, format: ExpectedFormat, visitors: &[Visitor]) -> io::Result<()> {
    let now = expected::local_now(Utc::now());
    match format {
        ExpectedFormat::Json => {
            let listed: Vec<Listed<'_>> = visitors.iter().map(Listed::of).collect();
            output::json(out, &listed)
        }
        ExpectedFormat::Csv => csv_rows(out, visitors, now),
        ExpectedFormat::Table => {
            let rows = visitors
                .iter()
                .map(|visitor| {
                    vec![
                        visitor.id.to_string(),
                        visitor.window_text(),
                        visitor.details.name.clone(),
                        visitor.details.flat.clone(),
                        visitor.details.host.clone(),
                        visitor
                            .details
                            .intercom_id
                            .map(|id| id.to_string())
                            .unwrap_or_default(),
                        visitor.timing(now).label().to_owned(),
                        visitor.code.clone(),
                    ]
                })
                .collect();
            let headers = [
                "ID",
                t!("expected-field-day"),
                t!("expected-field-name"),
                t!("expected-field-flat"),
                t!("expected-field-host"),
                t!("expected-field-intercom"),
                t!("expected-header-status"),
                t!("expected-header-code"),
            ];
            output::table(out, &headers, rows)
        }
    }
}

/// For scripts: every value as kept, times in UTC (RFC 3339), days and windows as typed.
fn csv_rows(
    out: &mut dyn Write,
    visitors: &[Visitor],
    now: chrono::NaiveDateTime,
) -> io::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record([
        "id",
        "name",
        "flat",
        "company",
        "host",
        "intercom_id",
        "day",
        "from",
        "to",
        "note",
        "added_by",
        "added_at",
        "status",
        "arrived_at",
        "code_id",
        "code",
    ])?;
    let time = |at: Option<chrono::NaiveTime>| {
        at.map(|at| at.format("%H:%M").to_string())
            .unwrap_or_default()
    };
    let moment = |at: Option<DateTime<Utc>>| {
        at.map(|at| at.to_rfc3339_opts(SecondsFormat::Secs, true))
            .unwrap_or_default()
    };
    for visitor in visitors {
        let details = &visitor.details;
        let status = serde_json::to_value(visitor.timing(now))
            .ok()
            .and_then(|value| value.as_str().map(str::to_owned))
            .unwrap_or_default();
        csv.write_record([
            visitor.id.to_string(),
            details.name.clone(),
            details.flat.clone(),
            details.company.clone(),
            details.host.clone(),
            details
                .intercom_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
            details.day.format("%Y-%m-%d").to_string(),
            time(details.from),
            time(details.to),
            details.note.clone(),
            visitor.added_by.clone(),
            moment(Some(visitor.added_at)),
            status,
            moment(visitor.arrived_at),
            visitor.code_id.map(|id| id.to_string()).unwrap_or_default(),
            visitor.code.clone(),
        ])?;
    }
    csv.flush()
}
