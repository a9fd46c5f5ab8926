//! The database file: its tables, how it is opened (WAL, durable commits, waiting on other copies), and the
//! schema's versions (kept in SQLite's `user_version` by `rusqlite_migration`).

use std::path::Path;
use std::sync::LazyLock;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::{M, Migrations};

use super::JournalError;
use crate::files;

/// How long a statement waits on a lock another copy of the app holds before it answers "busy".
pub const BUSY_TIMEOUT: Duration = Duration::from_millis(250);

/// Each step is applied once, in order, in a transaction of its own; never edit one that has shipped: add one.
static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    Migrations::new(vec![
        M::up(
            "CREATE TABLE entries (
            id          INTEGER PRIMARY KEY,
            at          INTEGER NOT NULL,          -- milliseconds since 1970, UTC
            kind        TEXT    NOT NULL,
            origin      TEXT    NOT NULL,
            outcome     TEXT    NOT NULL,
            device_id   TEXT    NOT NULL,
            os_user     TEXT    NOT NULL,
            login       TEXT    NOT NULL,
            intercom_id INTEGER,
            intercom    TEXT    NOT NULL,
            code_id     INTEGER,
            code        TEXT    NOT NULL,
            title       TEXT    NOT NULL,
            expires_at  INTEGER,
            until       INTEGER,
            detail      TEXT    NOT NULL,
            search      TEXT    NOT NULL           -- lowercased title and code
        ) STRICT;
        CREATE INDEX entries_by_time ON entries (at, id);
        CREATE INDEX entries_by_code ON entries (code_id) WHERE code_id IS NOT NULL;
        CREATE INDEX entries_by_intercom ON entries (intercom_id, at);

        -- What the last listing (or push) showed, to tell what changed by the next one, across runs.
        CREATE TABLE seen_codes (
            id          INTEGER PRIMARY KEY,
            code        TEXT    NOT NULL,
            title       TEXT    NOT NULL,
            intercom_id INTEGER NOT NULL,
            intercom    TEXT    NOT NULL,
            expires_at  INTEGER NOT NULL,
            removed_at  INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE seen_intercoms (
            id          INTEGER PRIMARY KEY,
            title       TEXT    NOT NULL,
            is_online   INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE meta (
            key         TEXT PRIMARY KEY,
            value       TEXT NOT NULL
        ) STRICT;",
        ),
        // An extension links its two codes: the new one's creation names the old, the old one's revoke the new.
        M::up(
            "ALTER TABLE entries ADD COLUMN related_code_id INTEGER;
        CREATE INDEX entries_by_related_code ON entries (related_code_id)
            WHERE related_code_id IS NOT NULL;",
        ),
        // Expected visitors (`crate::expected`): kept here until they arrive, then linked to the code they were
        // given. Days and times are the desk's local ones, as typed.
        M::up(
            "CREATE TABLE expected (
            id          INTEGER PRIMARY KEY,
            name        TEXT    NOT NULL,
            flat        TEXT    NOT NULL,
            company     TEXT    NOT NULL,
            host        TEXT    NOT NULL,
            intercom_id INTEGER,
            day         TEXT    NOT NULL,          -- YYYY-MM-DD, local
            from_time   TEXT,                      -- HH:MM, local
            to_time     TEXT,
            note        TEXT    NOT NULL,
            added_by    TEXT    NOT NULL,
            added_at    INTEGER NOT NULL,          -- milliseconds since 1970, UTC
            search      TEXT    NOT NULL,          -- folded name, flat, company and host
            arrived_at  INTEGER,
            code_id     INTEGER,
            code        TEXT    NOT NULL DEFAULT ''
        ) STRICT;
        CREATE INDEX expected_by_day ON expected (day, from_time);",
        ),
    ])
});

/// The files SQLite keeps beside a journal (write-ahead log, its index, a rollback journal), by their endings.
pub const SIDE_FILES: [&str; 3] = ["-wal", "-shm", "-journal"];

/// Opens (creating when missing) the journal at `path`, brought to the latest schema. The journal holds working
/// door codes and visitors' names: its folder is the user's alone (0700) and so are its files (0600), also those
/// an older version made readable to others.
pub fn open(path: &Path) -> Result<Connection, JournalError> {
    if let Some(dir) = path.parent() {
        let folder_error = |source| JournalError::Folder {
            path: dir.to_owned(),
            source,
        };
        files::private_dir(dir).map_err(folder_error)?;
        files::make_private(dir).map_err(folder_error)?;
    }
    // Made before SQLite opens it, with the user's permissions alone; SQLite gives its side files the same.
    files::private_options()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|source| JournalError::File {
            path: path.to_owned(),
            source,
        })?;
    for file in std::iter::once(path.to_owned()).chain(side_files(path)) {
        if file.exists()
            && let Err(source) = files::make_private(&file)
        {
            return Err(JournalError::File { path: file, source });
        }
    }
    let mut connection = Connection::open(path)?;
    configure(&connection)?;
    migrate(&mut connection)?;
    Ok(connection)
}

/// Opens an existing journal for reading only (the command line); never creates or changes one.
pub fn open_read_only(path: &Path) -> Result<Connection, JournalError> {
    if !path.exists() {
        return Err(JournalError::Missing(path.to_owned()));
    }
    let connection = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    connection.busy_timeout(Duration::from_secs(5))?;
    let version: i64 = connection.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    let latest = i64::try_from(MIGRATIONS_COUNT).unwrap_or(i64::MAX);
    if version > latest {
        return Err(JournalError::Newer);
    }
    // Made a moment ago by a copy of the app that has not set it up yet: nothing to read.
    if version == 0 {
        return Err(JournalError::Missing(path.to_owned()));
    }
    Ok(connection)
}

const MIGRATIONS_COUNT: usize = 3;

/// The side files of the journal at `path` (whether they exist or not).
pub fn side_files(path: &Path) -> impl Iterator<Item = std::path::PathBuf> + '_ {
    SIDE_FILES.iter().map(move |ending| {
        let mut name = path.as_os_str().to_owned();
        name.push(ending);
        name.into()
    })
}

fn configure(connection: &Connection) -> Result<(), JournalError> {
    connection.busy_timeout(BUSY_TIMEOUT)?;
    // WAL: readers never wait for the writer, and another copy of the app can read and write the same file.
    let mode: String = connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!(%mode, "the journal could not switch to WAL");
    }
    // FULL: a committed entry survives a crash of the process and of the machine alike.
    connection.pragma_update(None, "synchronous", "FULL")?;
    Ok(())
}

/// Brings the schema up to date. Two copies starting at once may both try; the loser finds the work done when it
/// tries again (the version is read before the migration's transaction begins).
fn migrate(connection: &mut Connection) -> Result<(), JournalError> {
    let mut attempts = 0;
    loop {
        match MIGRATIONS.to_latest(connection) {
            Ok(()) => return Ok(()),
            Err(rusqlite_migration::Error::MigrationDefinition(
                rusqlite_migration::MigrationDefinitionError::DatabaseTooFarAhead,
            )) => return Err(JournalError::Newer),
            Err(error) if attempts < 20 => {
                attempts += 1;
                tracing::debug!(%error, "the journal's schema could not be updated yet; trying again");
                std::thread::sleep(BUSY_TIMEOUT);
            }
            Err(error) => return Err(JournalError::Schema(error.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_migrations_are_valid_and_counted() {
        assert!(MIGRATIONS.validate().is_ok());
        let dir = tempfile::tempdir().expect("dir");
        let connection = open(&dir.path().join("j.sqlite3")).expect("open");
        let version: i64 = connection
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .expect("version");
        assert_eq!(usize::try_from(version).ok(), Some(MIGRATIONS_COUNT));
        let mode: String = connection
            .query_row("PRAGMA journal_mode", [], |row| row.get(0))
            .expect("mode");
        assert_eq!(mode, "wal");
    }

    #[test]
    fn a_newer_file_is_refused_not_damaged() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("j.sqlite3");
        drop(open(&path).expect("open"));
        let connection = Connection::open(&path).expect("raw");
        connection
            .pragma_update(None, "user_version", 99)
            .expect("bump");
        drop(connection);
        assert!(matches!(open(&path), Err(JournalError::Newer)));
        assert!(matches!(open_read_only(&path), Err(JournalError::Newer)));
    }
}
