//! One writer of what the other desks did, per journal file. Two copies of the app on one account (a second
//! window with `--new-instance`, the command line beside the window) share the journal file, and each hears the
//! same pushes and reads the same listings: each wrote "made at another desk" for every code, twice. Now the copy
//! that holds the file's observer lock writes what it saw of others; every copy still writes what it did itself.
//! When the holder ends (or is killed: the system releases the lock), the next copy to write takes it over.

use std::collections::HashMap;
use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Weak};

use parking_lot::Mutex;

use super::entry::{Entry, Origin};

/// The locks this process holds, by path: a journal closed and opened again (a sign-out and a sign-in) has a new
/// writer while the old one finishes its last lines, and the two share the lock instead of the new one leaving
/// lines out. The lock goes when the last writer holding it does.
static HELD: LazyLock<Mutex<HashMap<PathBuf, Weak<File>>>> = LazyLock::new(Mutex::default);

/// The lock beside a journal, `<journal>.observer`.
pub(super) struct Observer {
    path: PathBuf,
    held: Option<Arc<File>>,
}

impl Observer {
    pub fn new(journal: &Path) -> Self {
        let mut path = journal.as_os_str().to_owned();
        path.push(".observer");
        Self {
            path: path.into(),
            held: None,
        }
    }

    /// Whether this copy writes what the other desks did: it holds the lock, or takes it now that it is free. A
    /// lock that cannot be tried at all (a file system without locks) leaves every copy writing, as before:
    /// entries twice rather than none.
    pub fn is_observer(&mut self) -> bool {
        if self.held.is_some() {
            return true;
        }
        let mut held = HELD.lock();
        held.retain(|_, lock| lock.strong_count() > 0);
        if let Some(lock) = held.get(&self.path).and_then(Weak::upgrade) {
            self.held = Some(lock);
            return true;
        }
        let file = match crate::files::private_options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&self.path)
        {
            Ok(file) => file,
            Err(error) => {
                tracing::debug!(%error, "the journal's observer lock cannot be opened");
                return true;
            }
        };
        match file.try_lock() {
            Ok(()) => {
                let lock = Arc::new(file);
                held.insert(self.path.clone(), Arc::downgrade(&lock));
                self.held = Some(lock);
                true
            }
            Err(TryLockError::WouldBlock) => false,
            Err(TryLockError::Error(error)) => {
                tracing::debug!(%error, "the journal's observer lock cannot be taken");
                true
            }
        }
    }
}

/// Whether `entry` tells what another desk (or the server) did, rather than what this desk did itself.
pub(super) fn is_of_others(entry: &Entry) -> bool {
    matches!(entry.origin, Origin::Push | Origin::Listing)
}
