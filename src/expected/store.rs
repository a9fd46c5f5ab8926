//! The expected visitors' table in the account's journal file (its schema is the journal's, migrated with it):
//! adding (one, or an import's in one transaction), reading a day, marking an arrival, and removing past days.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rusqlite::{Connection, OptionalExtension as _, Row, params};

use super::{NewVisitor, Visitor, fold};

const COLUMNS: &str = "id, name, flat, company, host, intercom_id, day, from_time, to_time, note, added_by, \
                       added_at, arrived_at, code_id, code";

fn day_text(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

fn time_text(time: Option<NaiveTime>) -> Option<String> {
    time.map(|time| time.format("%H:%M").to_string())
}

fn id_value(id: u64) -> i64 {
    i64::try_from(id).unwrap_or(i64::MAX)
}

fn insert(
    connection: &Connection,
    visitor: &NewVisitor,
    added_by: &str,
    at: DateTime<Utc>,
) -> rusqlite::Result<i64> {
    let search = [
        &visitor.name,
        &visitor.flat,
        &visitor.company,
        &visitor.host,
    ]
    .map(|text| fold(text))
    .join("\n");
    connection
        .prepare_cached(
            "INSERT INTO expected (name, flat, company, host, intercom_id, day, from_time, to_time, note,
                                   added_by, added_at, search)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
            visitor.name,
            visitor.flat,
            visitor.company,
            visitor.host,
            visitor.intercom_id.map(id_value),
            day_text(visitor.day),
            time_text(visitor.from),
            time_text(visitor.to),
            visitor.note,
            added_by,
            at.timestamp_millis(),
            search,
        ])?;
    Ok(connection.last_insert_rowid())
}

/// Keeps one visitor; answers their id.
pub fn add(
    connection: &Connection,
    visitor: &NewVisitor,
    added_by: &str,
    at: DateTime<Utc>,
) -> rusqlite::Result<i64> {
    insert(connection, visitor, added_by, at)
}

/// Keeps every visitor of an import, all or none (one transaction, one sync to disk); answers their ids.
pub fn add_all(
    connection: &mut Connection,
    visitors: &[NewVisitor],
    added_by: &str,
    at: DateTime<Utc>,
) -> rusqlite::Result<Vec<i64>> {
    let tx = connection.transaction()?;
    let ids = visitors
        .iter()
        .map(|visitor| insert(&tx, visitor, added_by, at))
        .collect::<rusqlite::Result<Vec<_>>>()?;
    tx.commit()?;
    Ok(ids)
}

fn visitor_from(row: &Row<'_>) -> rusqlite::Result<Visitor> {
    // What this desk wrote reads back; a value another version wrote that does not is left empty, not an error.
    let day: String = row.get(6)?;
    let time = |index| -> rusqlite::Result<Option<NaiveTime>> {
        let text: Option<String> = row.get(index)?;
        Ok(text.and_then(|text| NaiveTime::parse_from_str(&text, "%H:%M").ok()))
    };
    let millis = |index| -> rusqlite::Result<Option<DateTime<Utc>>> {
        let value: Option<i64> = row.get(index)?;
        Ok(value.and_then(DateTime::from_timestamp_millis))
    };
    let id = |index| -> rusqlite::Result<Option<u64>> {
        let value: Option<i64> = row.get(index)?;
        Ok(value.and_then(|value| u64::try_from(value).ok()))
    };
    Ok(Visitor {
        id: row.get(0)?,
        details: NewVisitor {
            name: row.get(1)?,
            flat: row.get(2)?,
            company: row.get(3)?,
            host: row.get(4)?,
            intercom_id: id(5)?,
            day: NaiveDate::parse_from_str(&day, "%Y-%m-%d").unwrap_or_default(),
            from: time(7)?,
            to: time(8)?,
            note: row.get(9)?,
        },
        added_by: row.get(10)?,
        added_at: millis(11)?.unwrap_or_default(),
        arrived_at: millis(12)?,
        code_id: id(13)?,
        code: row.get(14)?,
    })
}

/// The visitors expected from `first` to `last` (inclusive), by day and the start of their window (those without
/// one first), then name.
pub fn between(
    connection: &Connection,
    first: NaiveDate,
    last: NaiveDate,
) -> rusqlite::Result<Vec<Visitor>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM expected WHERE day >= ?1 AND day <= ?2
         ORDER BY day, from_time IS NOT NULL, from_time, name, id"
    );
    let mut statement = connection.prepare_cached(&sql)?;
    statement
        .query_map([day_text(first), day_text(last)], visitor_from)?
        .collect()
}

/// The visitors expected on `day`.
pub fn on_day(connection: &Connection, day: NaiveDate) -> rusqlite::Result<Vec<Visitor>> {
    between(connection, day, day)
}

/// One visitor by id.
pub fn get(connection: &Connection, id: i64) -> rusqlite::Result<Option<Visitor>> {
    connection
        .query_row(
            &format!("SELECT {COLUMNS} FROM expected WHERE id = ?1"),
            [id],
            visitor_from,
        )
        .optional()
}

/// Marks visitor `id` arrived at `at` with their code; answers whether they were waiting (a visitor already
/// given a code keeps the first).
pub fn arrived(
    connection: &Connection,
    id: i64,
    at: DateTime<Utc>,
    code_id: u64,
    code: &str,
) -> rusqlite::Result<bool> {
    let changed = connection.execute(
        "UPDATE expected SET arrived_at = ?2, code_id = ?3, code = ?4 WHERE id = ?1 AND arrived_at IS NULL",
        params![id, at.timestamp_millis(), id_value(code_id), code],
    )?;
    Ok(changed == 1)
}

/// Carries out what the window asked, and answers the visitors of the day it is about.
pub fn carry_out(
    connection: &Connection,
    request: &super::Request,
) -> rusqlite::Result<super::Answer> {
    let (day, added) = match request {
        super::Request::Load { day } => (*day, None),
        super::Request::Add {
            visitor,
            added_by,
            at,
        } => (visitor.day, Some(add(connection, visitor, added_by, *at)?)),
        super::Request::Import {
            visitors,
            added_by,
            at,
            day,
        } => {
            // All or none, in one transaction, as the command line's import.
            let tx = connection.unchecked_transaction()?;
            for visitor in visitors {
                insert(&tx, visitor, added_by, *at)?;
            }
            tx.commit()?;
            (*day, None)
        }
        super::Request::Arrived {
            visitor,
            day,
            at,
            code_id,
            code,
        } => {
            arrived(connection, *visitor, *at, *code_id, code)?;
            (*day, None)
        }
    };
    Ok(super::Answer::Day {
        day,
        visitors: on_day(connection, day)?,
        added,
    })
}

/// Removes the visitors of days before `first_kept`; answers how many.
pub fn prune(connection: &Connection, first_kept: NaiveDate) -> rusqlite::Result<usize> {
    connection.execute(
        "DELETE FROM expected WHERE day < ?1",
        [day_text(first_kept)],
    )
}
