//! The SQL: writing entries and what was seen, reading pages, a code's story, and keeping the file small.

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension as _, Row, Transaction, params, params_from_iter};

use super::entry::{Entry, Filter, Kind, Origin, Outcome, Who};
use crate::reminders::{ReminderKey, ReminderKind};
use crate::search_fold;

/// A code as the last listing or push showed it.
#[derive(Debug, Clone, PartialEq)]
pub struct SeenCode {
    pub id: u64,
    pub code: String,
    pub title: String,
    pub intercom_id: u64,
    pub intercom: String,
    pub expires_at: DateTime<Utc>,
    pub removed_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SeenIntercom {
    pub id: u64,
    pub title: String,
    pub is_online: bool,
}

/// What the last listing showed, as kept in the file.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub codes: HashMap<u64, SeenCode>,
    pub intercoms: HashMap<u64, SeenIntercom>,
    /// Whether any listing was ever taken (before the first, nothing can be said to have changed).
    pub listed: bool,
}

/// A change to what is known of the server's codes and intercoms.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Code(SeenCode),
    CodeGone(u64),
    Intercom(SeenIntercom),
    IntercomGone(u64),
    /// The first listing was taken.
    Listed,
    /// This computer is ending session `id` of the account (as `origin`): kept so that a window whose session
    /// it is can say it was signed out from here, and when (see [`ended_here`]).
    EndingSession {
        id: String,
        at: DateTime<Utc>,
        origin: Origin,
    },
}

/// One transaction's worth of writing.
#[derive(Debug, Default)]
pub struct Batch {
    pub entries: Vec<Entry>,
    /// In the order they happened: a code made and revoked in one batch ends up gone.
    pub changes: Vec<Change>,
}

impl Batch {
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.changes.is_empty()
    }

    /// Appends a later batch.
    pub fn append(&mut self, later: Batch) {
        self.entries.extend(later.entries);
        self.changes.extend(later.changes);
    }
}

pub fn millis(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

pub fn from_millis(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// SQLite integers are signed; ids from the server fit.
fn id_value(id: u64) -> i64 {
    i64::try_from(id).unwrap_or(i64::MAX)
}

fn id_from(value: Option<i64>) -> Option<u64> {
    value.and_then(|v| u64::try_from(v).ok())
}

/// Writes a batch in `tx`; answers the id of the last entry written (if any).
pub fn write(tx: &Transaction<'_>, batch: &Batch) -> rusqlite::Result<Option<i64>> {
    let mut last = None;
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO entries (at, kind, origin, outcome, device_id, os_user, login, intercom_id, intercom,
                                  code_id, code, title, expires_at, until, detail, search, related_code_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        )?;
        for entry in &batch.entries {
            insert.execute(params![
                millis(entry.at),
                entry.kind.as_str(),
                entry.origin.as_str(),
                entry.outcome.as_str(),
                entry.device_id,
                entry.os_user,
                entry.login,
                entry.intercom_id.map(id_value),
                entry.intercom,
                entry.code_id.map(id_value),
                entry.code,
                entry.title,
                entry.expires_at.map(millis),
                entry.until.map(millis),
                entry.detail,
                entry.search_text(),
                entry.related_code_id.map(id_value),
            ])?;
            last = Some(tx.last_insert_rowid());
        }
    }
    let mut delete_code = tx.prepare_cached("DELETE FROM seen_codes WHERE id = ?1")?;
    let mut upsert_code = tx.prepare_cached(
        "INSERT OR REPLACE INTO seen_codes (id, code, title, intercom_id, intercom, expires_at, removed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut delete_intercom = tx.prepare_cached("DELETE FROM seen_intercoms WHERE id = ?1")?;
    let mut upsert_intercom = tx.prepare_cached(
        "INSERT OR REPLACE INTO seen_intercoms (id, title, is_online) VALUES (?1, ?2, ?3)",
    )?;
    for change in &batch.changes {
        match change {
            Change::Code(code) => {
                upsert_code.execute(params![
                    id_value(code.id),
                    code.code,
                    code.title,
                    id_value(code.intercom_id),
                    code.intercom,
                    millis(code.expires_at),
                    millis(code.removed_at),
                ])?;
            }
            Change::CodeGone(id) => {
                delete_code.execute([id_value(*id)])?;
            }
            Change::Intercom(intercom) => {
                upsert_intercom.execute(params![
                    id_value(intercom.id),
                    intercom.title,
                    intercom.is_online
                ])?;
            }
            Change::IntercomGone(id) => {
                delete_intercom.execute([id_value(*id)])?;
            }
            Change::Listed => {
                tx.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('listed', '1')",
                    [],
                )?;
            }
            Change::EndingSession { id, at, origin } => {
                tx.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                    params![
                        format!("{ENDING_SESSION}{id}"),
                        format!("{} {}", millis(*at), origin.as_str())
                    ],
                )?;
            }
        }
    }
    Ok(last)
}

/// The key under which `meta` keeps a session this computer ended, before the session's id.
const ENDING_SESSION: &str = "ending_session:";

/// When and from where (the command line, or a window) this computer ended session `id`, if it did since
/// `since`.
pub fn ended_here(
    connection: &Connection,
    id: &str,
    since: DateTime<Utc>,
) -> rusqlite::Result<Option<(DateTime<Utc>, Origin)>> {
    let value: Option<String> = connection
        .query_row(
            "SELECT value FROM meta WHERE key = ?1",
            [format!("{ENDING_SESSION}{id}")],
            |row| row.get(0),
        )
        .optional()?;
    Ok(value.and_then(|value| {
        let (at, origin) = value.split_once(' ')?;
        let at = from_millis(at.parse().ok()?);
        Some((at, Origin::parse(origin)?)).filter(|_| at >= since)
    }))
}

/// The columns [`seen_code`] reads, in its order.
const SEEN_CODE_COLUMNS: &str = "id, code, title, intercom_id, intercom, expires_at, removed_at";

/// A row of `seen_codes` read as [`SEEN_CODE_COLUMNS`].
fn seen_code(row: &rusqlite::Row<'_>) -> rusqlite::Result<SeenCode> {
    Ok(SeenCode {
        id: id_from(row.get(0)?).unwrap_or_default(),
        code: row.get(1)?,
        title: row.get(2)?,
        intercom_id: id_from(row.get(3)?).unwrap_or_default(),
        intercom: row.get(4)?,
        expires_at: from_millis(row.get(5)?),
        removed_at: from_millis(row.get(6)?),
    })
}

pub fn load_snapshot(connection: &Connection) -> rusqlite::Result<Snapshot> {
    let mut snapshot = Snapshot::default();
    let mut codes = connection.prepare(&format!("SELECT {SEEN_CODE_COLUMNS} FROM seen_codes"))?;
    let rows = codes.query_map([], seen_code)?;
    for code in rows {
        let code = code?;
        snapshot.codes.insert(code.id, code);
    }
    let mut intercoms = connection.prepare("SELECT id, title, is_online FROM seen_intercoms")?;
    let rows = intercoms.query_map([], |row| {
        Ok(SeenIntercom {
            id: id_from(row.get(0)?).unwrap_or_default(),
            title: row.get(1)?,
            is_online: row.get(2)?,
        })
    })?;
    for intercom in rows {
        let intercom = intercom?;
        snapshot.intercoms.insert(intercom.id, intercom);
    }
    snapshot.listed = connection
        .query_row("SELECT value FROM meta WHERE key = 'listed'", [], |row| {
            row.get::<_, String>(0)
        })
        .map(|value| value == "1")
        .or_else(|error| match error {
            rusqlite::Error::QueryReturnedNoRows => Ok(false),
            other => Err(other),
        })?;
    Ok(snapshot)
}

const COLUMNS: &str = "id, at, kind, origin, outcome, device_id, os_user, login, intercom_id, intercom, code_id, \
                       code, title, expires_at, until, detail, related_code_id";

fn entry_from(row: &Row<'_>) -> rusqlite::Result<Entry> {
    let kind: String = row.get(2)?;
    let origin: String = row.get(3)?;
    let outcome: String = row.get(4)?;
    Ok(Entry {
        id: row.get(0)?,
        at: from_millis(row.get(1)?),
        // A kind a newer version wrote reads as the nearest thing this version knows rather than failing.
        kind: Kind::parse(&kind).unwrap_or(Kind::LiveGap),
        origin: Origin::parse(&origin).unwrap_or(Origin::Listing),
        outcome: Outcome::parse(&outcome).unwrap_or(Outcome::Ok),
        device_id: row.get(5)?,
        os_user: row.get(6)?,
        login: row.get(7)?,
        intercom_id: id_from(row.get(8)?),
        intercom: row.get(9)?,
        code_id: id_from(row.get(10)?),
        code: row.get(11)?,
        title: row.get(12)?,
        expires_at: row.get::<_, Option<i64>>(13)?.map(from_millis),
        until: row.get::<_, Option<i64>>(14)?.map(from_millis),
        detail: row.get(15)?,
        related_code_id: id_from(row.get(16)?),
    })
}

/// `WHERE …` for a filter and the newest id to consider, with its parameters.
fn condition(filter: &Filter, upto: Option<i64>) -> (String, Vec<Value>) {
    let mut clauses = Vec::new();
    let mut values = Vec::new();
    if let Some(upto) = upto {
        clauses.push("id <= ?");
        values.push(Value::Integer(upto));
    }
    if let Some(intercom) = filter.intercom {
        clauses.push("intercom_id = ?");
        values.push(Value::Integer(id_value(intercom)));
    }
    if let Some(code) = filter.code_id {
        clauses.push("code_id = ?");
        values.push(Value::Integer(id_value(code)));
    }
    if let Some(kind) = filter.kind {
        clauses.push("kind = ?");
        values.push(Value::Text(kind.as_str().to_owned()));
    }
    match filter.who {
        Who::Anyone => {}
        Who::ThisDesk => clauses.push("origin IN ('desk', 'command_line')"),
        Who::Others => clauses.push("origin NOT IN ('desk', 'command_line')"),
    }
    if let Some(since) = filter.since {
        clauses.push("at >= ?");
        values.push(Value::Integer(millis(since)));
    }
    if let Some(before) = filter.before {
        clauses.push("at < ?");
        values.push(Value::Integer(millis(before)));
    }
    let needle = search_fold::fold(filter.search.trim());
    if !needle.is_empty() {
        // Lines written before ё was folded into е have their ё still: the query folds them too.
        clauses.push("replace(search, 'ё', 'е') LIKE ? ESCAPE '\\'");
        let escaped = needle
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        values.push(Value::Text(format!("%{escaped}%")));
    }
    if clauses.is_empty() {
        (String::new(), values)
    } else {
        (format!("WHERE {}", clauses.join(" AND ")), values)
    }
}

/// The reminders the journal says were given: by code and kind.
pub fn reminded(connection: &Connection) -> rusqlite::Result<Vec<ReminderKey>> {
    let mut query = connection.prepare(
        "SELECT code_id, kind FROM entries WHERE kind IN (?1, ?2) AND code_id IS NOT NULL",
    )?;
    let rows = query.query_map(
        [
            Kind::ReminderExpiresSoon.as_str(),
            Kind::ReminderHoldingSlot.as_str(),
        ],
        |row| Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?)),
    )?;
    let mut given = Vec::new();
    for row in rows {
        let (code, kind) = row?;
        let kind = match Kind::parse(&kind) {
            Some(Kind::ReminderExpiresSoon) => ReminderKind::ExpiresSoon,
            Some(Kind::ReminderHoldingSlot) => ReminderKind::ExpiredHoldingSlot,
            _ => continue,
        };
        if let Some(code) = id_from(Some(code)) {
            given.push(ReminderKey { code, kind });
        }
    }
    Ok(given)
}

pub fn newest_id(connection: &Connection) -> rusqlite::Result<i64> {
    connection.query_row("SELECT coalesce(max(id), 0) FROM entries", [], |row| {
        row.get(0)
    })
}

pub fn count(connection: &Connection, filter: &Filter, upto: Option<i64>) -> rusqlite::Result<u64> {
    let (condition, values) = condition(filter, upto);
    let sql = format!("SELECT count(*) FROM entries {condition}");
    let count: i64 = connection.query_row(&sql, params_from_iter(values), |row| row.get(0))?;
    Ok(u64::try_from(count).unwrap_or_default())
}

/// Newest first, `limit` entries after skipping `offset`.
pub fn page(
    connection: &Connection,
    filter: &Filter,
    upto: Option<i64>,
    offset: u64,
    limit: u64,
) -> rusqlite::Result<Vec<Entry>> {
    let (condition, mut values) = condition(filter, upto);
    let sql = format!(
        "SELECT {COLUMNS} FROM entries {condition} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?"
    );
    values.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
    values.push(Value::Integer(i64::try_from(offset).unwrap_or(i64::MAX)));
    let mut statement = connection.prepare_cached(&sql)?;
    let rows = statement.query_map(params_from_iter(values), entry_from)?;
    rows.collect()
}

/// Every entry the filter admits, newest first, one at a time (exports of any size in little memory).
pub fn for_each<E: From<rusqlite::Error>>(
    connection: &Connection,
    filter: &Filter,
    mut each: impl FnMut(Entry) -> Result<(), E>,
) -> Result<usize, E> {
    let (condition, values) = condition(filter, None);
    let sql = format!("SELECT {COLUMNS} FROM entries {condition} ORDER BY at DESC, id DESC");
    let mut statement = connection.prepare(&sql)?;
    let mut rows = statement.query(params_from_iter(values))?;
    let mut count = 0;
    while let Some(row) = rows.next()? {
        each(entry_from(row)?)?;
        count += 1;
    }
    Ok(count)
}

/// A code's lines, oldest first, with those of an extension that links it to another code (made in its place, or
/// replaced by it), and what the last listing showed of it.
pub fn story(
    connection: &Connection,
    code_id: u64,
) -> rusqlite::Result<(Vec<Entry>, Option<SeenCode>)> {
    let sql = format!(
        "SELECT {COLUMNS} FROM entries WHERE code_id = ?1 OR related_code_id = ?1 ORDER BY at, id"
    );
    let mut statement = connection.prepare_cached(&sql)?;
    let entries = statement
        .query_map([id_value(code_id)], entry_from)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let seen = connection
        .query_row(
            &format!("SELECT {SEEN_CODE_COLUMNS} FROM seen_codes WHERE id = ?1"),
            [id_value(code_id)],
            seen_code,
        )
        .map(Some)
        .or_else(|error| match error {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            other => Err(other),
        })?;
    Ok((entries, seen))
}

/// What retention did at start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pruned {
    pub removed: usize,
    pub vacuumed: bool,
}

/// Removes entries older than `keep`, and the expected visitors of the days before it (both counted in
/// `removed`); vacuums when at least a quarter of the file is free pages (and the file is
/// not tiny), which gives the space back to the disk.
pub fn prune(
    connection: &Connection,
    now: DateTime<Utc>,
    keep: TimeDelta,
) -> rusqlite::Result<Pruned> {
    let cutoff = now.checked_sub_signed(keep).unwrap_or_default();
    let removed = connection.execute("DELETE FROM entries WHERE at < ?1", [millis(cutoff)])?;
    // Expected visitors of past days go with the journal's lines of those days.
    let first_kept = cutoff.with_timezone(&chrono::Local).date_naive();
    let removed = removed + crate::expected::store::prune(connection, first_kept)?;
    let pages: i64 = connection.query_row("PRAGMA page_count", [], |row| row.get(0))?;
    let free: i64 = connection.query_row("PRAGMA freelist_count", [], |row| row.get(0))?;
    let vacuumed = pages > 64 && free * 4 >= pages;
    if vacuumed {
        connection.execute_batch("VACUUM")?;
    }
    Ok(Pruned { removed, vacuumed })
}
