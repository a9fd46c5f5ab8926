//! The journal's own thread: the one connection that writes, and the reads of the history view.
//!
//! Why a dedicated thread rather than `spawn_blocking` per write: SQLite wants one writer, entries must land in the
//! order they happened, and a burst of pushes is best written as one transaction (one fsync) rather than one each.
//! A thread that owns its connection gives all three without locks: it takes everything waiting, writes it in one
//! transaction, then answers the queries that came with it (which therefore see every entry recorded before them).
//! Nothing here ever runs on the async worker's threads or in a frame.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender};
use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode};

use super::entry::Filter;
use super::export::{self, ExportFormat};
use super::observe::Observation;
use super::observer::{Observer, is_of_others};
use super::recorder::Recorder;
use super::store::{self, Batch};
use super::{
    Answer, ExportFailure, Health, JournalError, JournalSetup, Page, Sink, Story, Unwritten, schema,
};
use crate::files::{self, Existing, Readers};

/// What the handles send the thread.
pub(super) enum Message {
    Observe(Observation),
    Page {
        view: u64,
        filter: Filter,
        offset: u64,
        limit: u64,
        upto: Option<i64>,
    },
    Story {
        code_id: u64,
    },
    Export {
        filter: Filter,
        format: ExportFormat,
        path: PathBuf,
        note: Option<crate::files::SavedWithoutDialog>,
    },
    /// The reminders given before.
    Reminded,
    /// Answered once everything sent before it is committed (or cannot be).
    Flush(SyncSender<Result<(), Unwritten>>),
}

/// Most observations kept while the file cannot be opened; older ones are dropped past it.
const MAX_WAITING: usize = 100_000;
/// How soon a write that found the file busy (or failed) is tried again, at first and at most.
const RETRY_FIRST: Duration = Duration::from_millis(100);
const RETRY_MOST: Duration = Duration::from_secs(5);

struct Writer {
    path: PathBuf,
    setup: JournalSetup,
    login: String,
    sink: Sink,
    connection: Option<(Connection, Recorder)>,
    /// Observations not yet turned into lines (the file is not open yet).
    waiting: Vec<Observation>,
    /// Lines recorded but not yet committed.
    batch: Batch,
    health: Health,
    retry: Duration,
    next_open: Instant,
    /// Whether this copy writes what the other desks did (see [`Observer`]).
    observer: Observer,
}

pub(super) fn run(
    path: PathBuf,
    setup: JournalSetup,
    login: String,
    sink: Sink,
    messages: Receiver<Message>,
) {
    let path_for_observer = path.clone();
    let mut writer = Writer {
        path,
        setup,
        login,
        sink,
        connection: None,
        waiting: Vec::new(),
        batch: Batch::default(),
        health: Health::Ok,
        retry: RETRY_FIRST,
        next_open: Instant::now(),
        observer: Observer::new(&path_for_observer),
    };
    let mut open = true;
    while open {
        let mut received = Vec::new();
        let first = if writer.has_unwritten() {
            match messages.recv_timeout(writer.retry) {
                Ok(message) => Some(message),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => {
                    open = false;
                    None
                }
            }
        } else {
            match messages.recv() {
                Ok(message) => Some(message),
                Err(_) => {
                    open = false;
                    None
                }
            }
        };
        received.extend(first);
        received.extend(messages.try_iter());
        // Its lines and exports in the window's language as it is now.
        let language = writer.setup.language.clone();
        language.enter(|| writer.handle(received));
    }
    // Every handle is gone: a last few tries for what is not written yet.
    let deadline = Instant::now() + Duration::from_secs(5);
    while writer.has_unwritten() && Instant::now() < deadline {
        std::thread::sleep(writer.retry);
        let language = writer.setup.language.clone();
        language.enter(|| writer.handle(Vec::new()));
    }
    if writer.has_unwritten() {
        tracing::error!(
            "the journal stopped with entries it could not write to {}",
            writer.path.display()
        );
    }
}

impl Writer {
    fn has_unwritten(&self) -> bool {
        !self.waiting.is_empty() || !self.batch.is_empty()
    }

    fn handle(&mut self, received: Vec<Message>) {
        let mut reads = Vec::new();
        let mut flushes = Vec::new();
        for message in received {
            match message {
                Message::Observe(observation) => self.waiting.push(observation),
                Message::Flush(done) => flushes.push(done),
                read => reads.push(read),
            }
        }
        if self.waiting.len() > MAX_WAITING {
            let dropped = self.waiting.len() - MAX_WAITING;
            self.waiting.drain(..dropped);
            tracing::error!(
                dropped,
                "the journal is not open; its oldest waiting entries were dropped"
            );
        }
        self.ensure_open();
        if let Some((_, recorder)) = &mut self.connection {
            for observation in self.waiting.drain(..) {
                self.batch.append(recorder.observe(observation));
            }
        }
        self.commit();
        self.answer(reads);
        let result = if self.has_unwritten() {
            Err(match &self.health {
                Health::Unavailable(why) => Unwritten::Unavailable(why.clone()),
                _ => Unwritten::Busy,
            })
        } else {
            Ok(())
        };
        for done in flushes {
            let _ = done.send(result.clone());
        }
    }

    fn set_health(&mut self, health: Health) {
        if self.health != health {
            self.health = health.clone();
            (self.sink)(Answer::Health(health));
        }
    }

    fn ensure_open(&mut self) {
        if self.connection.is_some() || Instant::now() < self.next_open {
            return;
        }
        let mut opened = open_and_prune(&self.path, &self.setup);
        if let Err(error) = &opened
            && error.is_damaged()
        {
            tracing::error!(%error, path = %self.path.display(), "the journal is damaged");
            // Waiting cannot heal it: set it aside and start a new one, which the waiting entries go into.
            match self.set_aside() {
                Ok(()) => opened = open_and_prune(&self.path, &self.setup),
                Err(error) => {
                    tracing::error!(%error, "the damaged journal could not be set aside");
                }
            }
        }
        match opened {
            Ok((connection, snapshot)) => {
                let recorder = Recorder::new(self.setup.desk.clone(), self.login.clone(), snapshot);
                self.connection = Some((connection, recorder));
                self.retry = RETRY_FIRST;
                self.set_health(Health::Ok);
            }
            Err(error) => {
                tracing::error!(%error, path = %self.path.display(), "the journal could not be opened");
                self.next_open = Instant::now() + RETRY_MOST;
                self.retry = RETRY_MOST;
                self.set_health(Health::Unavailable(error.into()));
            }
        }
    }

    fn commit(&mut self) {
        let Some((connection, _)) = &mut self.connection else {
            return;
        };
        // What another desk did is written by one copy of the app per journal; this one's own acts always.
        if !self.observer.is_observer() {
            self.batch.entries.retain(|entry| !is_of_others(entry));
        }
        if self.batch.is_empty() {
            return;
        }
        let result = connection.transaction().and_then(|tx| {
            let last = store::write(&tx, &self.batch)?;
            tx.commit()?;
            Ok(last)
        });
        match result {
            Ok(last) => {
                self.batch = Batch::default();
                self.retry = RETRY_FIRST;
                self.set_health(Health::Ok);
                if let Some(newest) = last {
                    (self.sink)(Answer::Changed { newest });
                }
            }
            Err(error) if is_busy(&error) => {
                // Another copy of the app is writing: keep the lines and try again shortly.
                self.retry = (self.retry * 2).min(RETRY_MOST);
                self.set_health(Health::Busy);
            }
            Err(error) if super::is_damage(&error) => {
                // Found damaged while writing: the lines stay in the batch and go into a new journal.
                tracing::error!(%error, "the journal is damaged");
                self.connection = None;
                match self.set_aside() {
                    Ok(()) => self.retry = RETRY_FIRST,
                    Err(error) => {
                        tracing::error!(%error, "the damaged journal could not be set aside");
                        self.retry = RETRY_MOST;
                        self.next_open = Instant::now() + RETRY_MOST;
                        self.set_health(Health::Unavailable(
                            JournalError::File {
                                path: self.path.clone(),
                                source: error,
                            }
                            .into(),
                        ));
                    }
                }
            }
            Err(error) => {
                tracing::error!(%error, "the journal could not be written");
                self.retry = (self.retry * 2).min(RETRY_MOST);
                self.set_health(Health::Unavailable(error.into()));
            }
        }
    }

    /// Renames the damaged journal and its side files to `<name>.damaged-<unix time>…`, bytes untouched, for
    /// whoever wants to look into them; says so once.
    fn set_aside(&mut self) -> std::io::Result<()> {
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| since.as_secs());
        let mut aside = self.path.as_os_str().to_owned();
        aside.push(format!(".damaged-{stamp}"));
        let aside = PathBuf::from(aside);
        // The side files first: the write-ahead log may hold committed entries, and must not meet a new journal.
        for (side, moved) in schema::side_files(&self.path).zip(schema::side_files(&aside)) {
            if side.exists() {
                std::fs::rename(&side, &moved)?;
            }
        }
        std::fs::rename(&self.path, &aside)?;
        (self.sink)(Answer::Recovered {
            path: self.path.clone(),
            aside,
        });
        Ok(())
    }

    /// Answers reads. Of several page requests, only those of the newest view are worth answering: the user
    /// typed on, and the older ones show nothing any more.
    fn answer(&mut self, reads: Vec<Message>) {
        let newest_view = reads
            .iter()
            .filter_map(|read| match read {
                Message::Page { view, .. } => Some(*view),
                _ => None,
            })
            .max();
        for read in reads {
            let Some((connection, _)) = &self.connection else {
                if let Message::Reminded = read {
                    (self.sink)(Answer::Reminded { given: Vec::new() });
                }
                let why = match &self.health {
                    Health::Unavailable(why) => why.clone(),
                    _ => JournalError::NotOpen.into(),
                };
                if let Message::Export { .. } = read {
                    (self.sink)(Answer::ExportFailed {
                        error: ExportFailure::Journal(why),
                    });
                } else {
                    (self.sink)(Answer::Health(Health::Unavailable(why)));
                }
                continue;
            };
            match read {
                Message::Page {
                    view,
                    filter,
                    offset,
                    limit,
                    upto,
                } if Some(view) == newest_view => {
                    match read_page(connection, view, &filter, offset, limit, upto) {
                        Ok(page) => (self.sink)(Answer::Page(page)),
                        Err(error) => report_read_error(&self.sink, error),
                    }
                }
                Message::Page { .. } => {}
                Message::Reminded => {
                    let given = store::reminded(connection).unwrap_or_else(|error| {
                        report_read_error(&self.sink, error);
                        Vec::new()
                    });
                    (self.sink)(Answer::Reminded { given });
                }
                Message::Story { code_id } => match store::story(connection, code_id) {
                    Ok((entries, last_seen)) => (self.sink)(Answer::Story(Story {
                        code_id,
                        entries,
                        last_seen,
                    })),
                    Err(error) => report_read_error(&self.sink, error),
                },
                Message::Export {
                    filter,
                    format,
                    path,
                    note,
                } => {
                    // Saved where no dialog asked (the downloads folder): the user's alone.
                    let readers = if note.is_some() {
                        Readers::Private
                    } else {
                        Readers::Usual
                    };
                    let answer = match export_to(connection, &filter, format, &path, readers) {
                        Ok(count) => Answer::Exported { path, count, note },
                        Err(error) => Answer::ExportFailed { error },
                    };
                    (self.sink)(answer);
                }
                Message::Observe(_) | Message::Flush(_) => {}
            }
        }
    }
}

fn report_read_error(sink: &Sink, error: rusqlite::Error) {
    tracing::warn!(%error, "a journal read failed");
    let why = if is_busy(&error) {
        Health::Busy
    } else {
        Health::Unavailable(error.into())
    };
    sink(Answer::Health(why));
}

fn is_busy(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

fn read_page(
    connection: &Connection,
    view: u64,
    filter: &Filter,
    offset: u64,
    limit: u64,
    upto: Option<i64>,
) -> rusqlite::Result<Page> {
    // The first page fixes the newest entry the view shows, so later pages line up with it.
    let upto = match upto {
        Some(upto) => upto,
        None => store::newest_id(connection)?,
    };
    let total = store::count(connection, filter, Some(upto))?;
    let rows = store::page(connection, filter, Some(upto), offset, limit)?;
    Ok(Page {
        view,
        offset,
        total,
        upto,
        rows,
    })
}

/// Writes the filtered journal to `path` whole or not at all (see [`files::write_whole`]).
fn export_to(
    connection: &Connection,
    filter: &Filter,
    format: ExportFormat,
    path: &Path,
    readers: Readers,
) -> Result<usize, ExportFailure> {
    let mut count = 0;
    files::write_whole(path, Existing::Replace, readers, |out| {
        let (written, _) = export::write_journal(out, format, |each| {
            store::for_each(connection, filter, each)
        })?;
        count = written;
        Ok::<_, export::ExportError>(())
    })?;
    Ok(count)
}

fn open_and_prune(
    path: &Path,
    setup: &JournalSetup,
) -> Result<(Connection, store::Snapshot), JournalError> {
    let connection = schema::open(path)?;
    match store::prune(&connection, setup.clock.now(), setup.keep) {
        Ok(pruned) if pruned.removed > 0 || pruned.vacuumed => {
            tracing::info!(
                removed = pruned.removed,
                vacuumed = pruned.vacuumed,
                "journal retention"
            );
        }
        Ok(_) => {}
        // Another copy holding the file is no reason not to record: retention runs at the next start.
        Err(error) => tracing::warn!(%error, "journal retention did not run"),
    }
    let snapshot = store::load_snapshot(&connection)?;
    Ok((connection, snapshot))
}
