//! The local journal: who did what, and when, as this desk did and saw it, in an SQLite file per server and login.
//!
//! The backend tells it what it did and saw ([`Journal::observe`], in the journal's words: [`observe::What`]); a
//! thread of its own ([`writer`]) turns that into lines and writes them, and answers the history view's reads.
//! Tokens, passwords and captcha answers never reach it: the backend reduces its commands and events to what the
//! journal needs before they leave (`backend::record`). No egui in here, and nothing of the backend's messages.

mod entry;
pub mod export;
pub mod observe;
mod observer;
mod recorder;
mod schema;
mod store;
mod writer;

pub mod command;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;

use chrono::{DateTime, TimeDelta, Utc};
use sha2::{Digest as _, Sha256};

pub use entry::{Entry, Filter, Kind, Origin, Outcome, Who};
pub use export::{ExportError, ExportFormat};
pub use observe::{Observation, Unreadables, What};
pub use recorder::{Desk, SessionLines};
pub use store::{Pruned, SeenCode};

use crate::clock::Clock;
use crate::i18n::Language;
use aipix_client::api::Code;

/// Overrides the data directory (tests, portable installs), as `VISITOR_DESK_CONFIG_DIR` does for the settings.
pub const DIR_ENV: &str = "VISITOR_DESK_DATA_DIR";

/// How long entries are kept unless the settings say otherwise.
pub const DEFAULT_KEEP_DAYS: u32 = 400;

/// What keeps the journal from being read or written. `Display` is for logs (English); [`JournalError::text`]
/// says it to people, in their language.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("the journal folder {} could not be made: {source}", .path.display())]
    Folder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("there is no journal at {}", .0.display())]
    Missing(PathBuf),
    #[error("the journal was written by a newer version")]
    Newer,
    #[error("the journal could not be prepared: {0}")]
    Schema(String),
    #[error("the journal is not open")]
    NotOpen,
    /// This window keeps no journal.
    #[error("no journal is kept")]
    Off,
    #[error("the journal's database answered: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("the journal file {} could not be opened: {source}", .path.display())]
    File {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl JournalError {
    /// What went wrong, in the user's language.
    pub fn text(&self) -> String {
        use crate::t;
        match self {
            JournalError::Folder { path, source } => t!(
                "journal-error-folder",
                path = path.display().to_string(),
                reason = source.to_string()
            ),
            JournalError::Missing(path) => {
                t!("journal-error-missing", path = path.display().to_string())
            }
            JournalError::Newer => t!("journal-error-newer").to_owned(),
            JournalError::Schema(reason) => t!("journal-error-schema", reason = reason.as_str()),
            JournalError::NotOpen => t!("journal-error-not-open").to_owned(),
            JournalError::Off => t!("journal-off").to_owned(),
            JournalError::Database(error) => {
                t!("journal-error-database", reason = error.to_string())
            }
            JournalError::File { path, source } => t!(
                "journal-error-file",
                path = path.display().to_string(),
                reason = source.to_string()
            ),
        }
    }

    /// Whether the file is not a journal SQLite can read (damaged, or something else altogether): it cannot heal
    /// by waiting, only by being set aside.
    pub fn is_damaged(&self) -> bool {
        matches!(self, JournalError::Database(error) if is_damage(error))
    }
}

/// Whether SQLite says the file is damaged or not a database.
pub(crate) fn is_damage(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
    )
}

/// Where journals live and who writes them.
#[derive(Debug, Clone)]
pub struct JournalSetup {
    /// The folder of the journal files.
    pub dir: PathBuf,
    /// Entries older than this are removed when a journal opens.
    pub keep: TimeDelta,
    pub desk: Desk,
    /// What the journal stamps and prunes by (the backend gives its own, the window's one clock).
    pub clock: Clock,
    /// The language its lines and exports are written in (the backend gives the window's).
    pub language: Language,
}

impl JournalSetup {
    /// Journals in `dir`, kept `keep_days`, written by this device and the operating system's user.
    pub fn new(dir: PathBuf, device_id: &str, keep_days: u32) -> Self {
        Self {
            dir,
            keep: TimeDelta::days(i64::from(keep_days)),
            desk: Desk {
                device_id: device_id.to_owned(),
                os_user: os_user(),
                command_line: false,
                session_lines: SessionLines::All,
            },
            clock: Clock::system(),
            language: Language::default(),
        }
    }

    /// The same journals, for the acts of the command line ("this desk (command line)").
    #[must_use]
    pub fn for_command_line(mut self) -> Self {
        self.desk.command_line = true;
        self
    }

    /// The same journals, writing only `lines` of the desk's sign-ins and sign-outs.
    #[must_use]
    pub fn with_session_lines(mut self, lines: SessionLines) -> Self {
        self.desk.session_lines = lines;
        self
    }
}

/// The operating system's user name ("" when it cannot be told).
pub fn os_user() -> String {
    whoami::username().unwrap_or_default()
}

/// The journals' folder: `$VISITOR_DESK_DATA_DIR` if set, else the platform's data directory
/// (e.g. `~/.local/share/visitor-desk/journal` on Linux; the local one on Windows, `%LOCALAPPDATA%`: a journal
/// is what this computer's desk did and saw, and an SQLite file does not belong in a roaming profile).
pub fn default_dir() -> Option<PathBuf> {
    dir_from(std::env::var_os(DIR_ENV))
}

fn dir_from(overridden: Option<OsString>) -> Option<PathBuf> {
    match overridden {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir).join("journal")),
        _ => directories::ProjectDirs::from("org", "VisitorDesk", "visitor-desk")
            .map(|dirs| dirs.data_local_dir().join("journal")),
    }
}

/// The file of one server and login: readable (`login@host`) and unique (a hash of both, as typed after
/// normalising: the server as the profile keeps it).
pub fn file_path(dir: &Path, server: &str, login: &str) -> PathBuf {
    let host = server
        .split("://")
        .nth(1)
        .unwrap_or(server)
        .trim_end_matches('/');
    let readable: String = format!("{login}@{host}")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '@' | '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    let digest = Sha256::digest(format!("{server}\n{login}").as_bytes());
    let tag = hex::encode(&digest[..4]);
    dir.join(format!("{readable}-{tag}.sqlite3"))
}

/// Opens (creating when missing) the journal file at `path` on this thread, brought to the latest schema: for
/// the command line's work on the expected visitors' table, beside any window's writer (SQLite's WAL lets both).
pub fn open_database(path: &Path) -> Result<rusqlite::Connection, JournalError> {
    schema::open(path)
}

/// A [`JournalError`] as it travels to the screen with the journal's health: shared, and equal to another of the
/// same words.
#[derive(Debug, Clone)]
pub struct JournalFault(Arc<JournalError>);

impl JournalFault {
    pub fn text(&self) -> String {
        self.0.text()
    }
}

impl<E: Into<JournalError>> From<E> for JournalFault {
    fn from(error: E) -> Self {
        Self(Arc::new(error.into()))
    }
}

impl PartialEq for JournalFault {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0.to_string() == other.0.to_string()
    }
}

impl Eq for JournalFault {}

impl std::fmt::Display for JournalFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Why an export was not written. `Display` for logs; [`ExportFailure::text`] for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportFailure {
    #[error("{0}")]
    Journal(JournalFault),
    #[error(transparent)]
    Dialog(#[from] crate::files::DialogError),
    #[error(transparent)]
    Output(#[from] crate::files::OutputError),
}

impl ExportFailure {
    pub fn text(&self) -> String {
        match self {
            ExportFailure::Journal(fault) => fault.text(),
            ExportFailure::Dialog(error) => error.text(),
            ExportFailure::Output(error) => error.text(),
        }
    }
}

/// Why [`Journal::flush`] could not write everything (yet).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unwritten {
    #[error("the journal has stopped")]
    Stopped,
    #[error("the journal is busy")]
    Busy,
    #[error("{0}")]
    Unavailable(JournalFault),
}

/// How the journal is doing, for the history view (and a notice when it changes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Health {
    Ok,
    /// Another copy of the app holds the file; entries wait in memory and are written as soon as it lets go.
    Busy,
    /// The file cannot be opened or written; entries wait in memory.
    Unavailable(JournalFault),
    /// This window keeps no journal (no data folder, or a backend made without one).
    Off,
}

/// What the history view asks of the backend.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// `limit` entries from `offset`, newest first. `upto`: the newest entry id the view shows (from its first
    /// page), so that pages stay in line while new entries arrive; `None` for the first page.
    Page {
        view: u64,
        filter: Filter,
        offset: u64,
        limit: u64,
        upto: Option<i64>,
    },
    /// Every line about one code.
    Story { code_id: u64 },
    /// Ask where to save, then write.
    Export {
        source: ExportSource,
        format: ExportFormat,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExportSource {
    /// The journal, filtered as shown; `account`: whose it is, when the window has several (its file is named
    /// after it).
    Journal {
        filter: Filter,
        account: Option<String>,
    },
    /// These codes (as the main screen shows them), with their status at `now`; `accounts`: the account of each,
    /// when they are of several (an Account column), else empty.
    Codes {
        codes: Vec<Code>,
        accounts: Vec<String>,
        now: DateTime<Utc>,
    },
}

impl ExportSource {
    /// The name the save dialog suggests, e.g. `visitor-desk-journal-2025-01-31.csv`, or
    /// `visitor-desk-journal-Harbour-Street-2025-01-31.csv` for one account's among several.
    pub fn suggested_name(&self, format: ExportFormat, today: chrono::NaiveDate) -> String {
        let what = match self {
            ExportSource::Journal {
                account: Some(account),
                ..
            } => format!("journal-{}", file_name_part(account)),
            ExportSource::Journal { .. } => "journal".to_owned(),
            ExportSource::Codes { .. } => "codes".to_owned(),
        };
        format!(
            "visitor-desk-{what}-{}.{}",
            today.format("%Y-%m-%d"),
            format.extension()
        )
    }
}

/// A name as part of a file name: its letters and digits (of any script), runs of anything else as one `-`.
fn file_name_part(name: &str) -> String {
    let mut part = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            part.push(c);
        } else if !part.ends_with('-') {
            part.push('-');
        }
    }
    part.trim_matches('-').to_owned()
}

/// What the backend answers the history view.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Page(Page),
    Story(Story),
    /// New entries were written; the newest has this id.
    Changed {
        newest: i64,
    },
    Exported {
        path: PathBuf,
        count: usize,
        /// Something the user should know about how it was saved (no dialog could be opened, say).
        note: Option<crate::files::SavedWithoutDialog>,
    },
    ExportFailed {
        error: ExportFailure,
    },
    Health(Health),
    /// The reminders this journal says were given (empty when it cannot say: none is held back for ever).
    Reminded {
        given: Vec<crate::reminders::ReminderKey>,
    },
    /// The journal's file was damaged: it was set aside as `aside` (with its side files, bytes untouched) and a
    /// new journal started at `path`, into which the entries waiting went. Said once, when it happens.
    Recovered {
        path: PathBuf,
        aside: PathBuf,
    },
}

impl Answer {
    /// What the user is told of a recovered journal.
    pub fn recovered_text(path: &Path, aside: &Path) -> String {
        crate::t!(
            "journal-recovered",
            path = path.display().to_string(),
            aside = aside.display().to_string()
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub view: u64,
    pub offset: u64,
    /// How many entries the filter admits (up to `upto`).
    pub total: u64,
    pub upto: i64,
    pub rows: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    pub code_id: u64,
    /// Oldest first.
    pub entries: Vec<Entry>,
    /// The code as the last listing showed it, while it is still listed.
    pub last_seen: Option<SeenCode>,
}

/// The journals' threads, so that a process can let them finish writing before it ends ([`finish_writing`]).
static WRITERS: parking_lot::Mutex<Vec<std::thread::JoinHandle<()>>> =
    parking_lot::Mutex::new(Vec::new());

/// When and from where (the command line, or a window) this computer ended session `id` of the account whose
/// journal is at `path`, if it did since `since`; `None` too when the journal cannot be read. Blocking: a read of
/// SQLite, off the async workers.
pub fn session_ended_here(
    path: &Path,
    id: &str,
    since: chrono::DateTime<chrono::Utc>,
) -> Option<(chrono::DateTime<chrono::Utc>, Origin)> {
    let connection =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .ok()?;
    connection.busy_timeout(schema::BUSY_TIMEOUT).ok()?;
    store::ended_here(&connection, id, since).ok().flatten()
}

/// Waits, at most `patience`, until every journal whose handles are all gone has written what it was given and
/// stopped. For the end of the process (a command run, a window closed), once the backend is gone: without it
/// the process could end while a journal's thread still holds its last entries. Answers whether all finished.
pub fn finish_writing(patience: std::time::Duration) -> bool {
    let deadline = std::time::Instant::now() + patience;
    let writers = std::mem::take(&mut *WRITERS.lock());
    while writers.iter().any(|writer| !writer.is_finished()) {
        if std::time::Instant::now() >= deadline {
            tracing::warn!("a journal was still writing when the process ended");
            return false;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    for writer in writers {
        let _ = writer.join();
    }
    true
}

/// Where the journal's answers go (the backend's event queue).
pub type Sink = Arc<dyn Fn(Answer) + Send + Sync>;

/// A handle on one open journal. Cheap to clone; the thread writes what is left and stops when the last is
/// dropped. Every method returns at once.
#[derive(Clone)]
pub struct Journal {
    messages: mpsc::Sender<writer::Message>,
    path: PathBuf,
}

impl std::fmt::Debug for Journal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Journal").field("path", &self.path).finish()
    }
}

impl Journal {
    /// Opens the journal of `server` and `login` (as the profile keeps them) on a thread of its own. Opening
    /// happens there too: a failure comes back through `sink` as [`Health::Unavailable`].
    pub fn open(setup: &JournalSetup, server: &str, login: &str, sink: Sink) -> Self {
        let path = file_path(&setup.dir, server, login);
        Self::open_at(path, setup.clone(), login, sink)
    }

    /// Opens the journal file at `path`.
    pub fn open_at(path: PathBuf, setup: JournalSetup, login: &str, sink: Sink) -> Self {
        let (messages, received) = mpsc::channel();
        let thread_path = path.clone();
        let login = login.to_owned();
        let spawned = std::thread::Builder::new()
            .name("journal".into())
            .spawn(move || writer::run(thread_path, setup, login, sink, received));
        match spawned {
            Ok(writer) => {
                let mut writers = WRITERS.lock();
                writers.retain(|writer| !writer.is_finished());
                writers.push(writer);
            }
            Err(error) => {
                tracing::error!(%error, "the journal's thread could not start; nothing will be recorded");
            }
        }
        Self { messages, path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn send(&self, message: writer::Message) {
        if self.messages.send(message).is_err() {
            tracing::warn!("the journal has stopped; an entry or a read was dropped");
        }
    }

    pub fn observe(&self, observation: Observation) {
        self.send(writer::Message::Observe(observation));
    }

    /// A page of the history view; answers [`Answer::Page`].
    pub fn page(&self, view: u64, filter: Filter, offset: u64, limit: u64, upto: Option<i64>) {
        self.send(writer::Message::Page {
            view,
            filter,
            offset,
            limit,
            upto,
        });
    }

    /// The reminders given before (so that none is given twice); answers [`Answer::Reminded`].
    pub fn reminded(&self) {
        self.send(writer::Message::Reminded);
    }

    /// Every line about one code; answers [`Answer::Story`].
    pub fn story(&self, code_id: u64) {
        self.send(writer::Message::Story { code_id });
    }

    /// Writes the filtered journal to `path`; answers [`Answer::Exported`] or [`Answer::ExportFailed`].
    pub fn export_to(
        &self,
        filter: Filter,
        format: ExportFormat,
        path: PathBuf,
        note: Option<crate::files::SavedWithoutDialog>,
    ) {
        self.send(writer::Message::Export {
            filter,
            format,
            path,
            note,
        });
    }

    /// Blocks until everything sent before is committed; an error says why it could not be (yet). For tests
    /// and the command line: never call it on an async worker or in a frame.
    pub fn flush(&self) -> Result<(), Unwritten> {
        let (done, wait) = mpsc::sync_channel(1);
        self.send(writer::Message::Flush(done));
        wait.recv().map_err(|_| Unwritten::Stopped)?
    }
}

#[cfg(test)]
mod tests;
