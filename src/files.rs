//! How the app writes files that hold working door codes, visitors' names and who did what: private to the user
//! (files 0600, the folders it makes 0700, on Unix; on Windows a new file takes the permissions of its folder,
//! and the app's folders are in the user's profile, `%LOCALAPPDATA%` and its `Temp`, which are the user's own and
//! the system's), and whole or not at all: a file is written beside its place under a temporary name, flushed to
//! disk, then renamed over it, so that a failure (a full disk, a broken read) leaves the old file as it was and
//! no half of a new one.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::t;

/// The mode of a private file: the user alone reads and writes it.
#[cfg(unix)]
const PRIVATE_FILE: u32 = 0o600;
/// The mode of a private folder.
#[cfg(unix)]
const PRIVATE_DIR: u32 = 0o700;
/// The mode of a file the user asked for by name (an export, a slip): what the user's other programs make.
#[cfg(unix)]
const SHARED_FILE: u32 = 0o644;

/// Makes `dir` and the folders above it that are missing, the new ones private. Folders that exist are left as
/// they are (the user may have chosen them, and others may use them).
pub fn private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        builder.mode(PRIVATE_DIR);
    }
    builder.create(dir)
}

/// Makes an existing file or folder of the app's own private (a journal made by an older version, say).
pub fn make_private(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = if path.is_dir() {
            PRIVATE_DIR
        } else {
            PRIVATE_FILE
        };
        let current = fs::metadata(path)?.permissions().mode() & 0o777;
        if current != mode {
            fs::set_permissions(path, fs::Permissions::from_mode(mode))?;
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Options that create a file private to the user.
pub fn private_options() -> fs::OpenOptions {
    #[cfg_attr(not(unix), allow(unused_mut))]
    let mut options = fs::OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(PRIVATE_FILE);
    }
    options
}

/// Whether a file that exists at the path may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Replace it (keeping its mode).
    Replace,
    /// Leave it, and fail with [`OutputError::Exists`] (also when it appears while the new one is written).
    Keep,
}

/// Who may read a new file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readers {
    /// The user alone: a file the app put somewhere by itself.
    Private,
    /// As the user's other programs make files: one the user named.
    Usual,
}

/// Why an output file was not written. Its `Display` is for logs (English); [`OutputError::text`] for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutputError {
    #[error("{} exists already", .0.display())]
    Exists(PathBuf),
    #[error("{} is one of the journal's own files", .0.display())]
    JournalFile(PathBuf),
    #[error("{} was not written: {reason}", .path.display())]
    Write {
        path: PathBuf,
        /// What the system (or the writer) said, as it said it.
        reason: String,
    },
}

impl OutputError {
    /// What went wrong, in the user's language.
    pub fn text(&self) -> String {
        match self {
            OutputError::Exists(path) => t!("output-exists", path = path.display().to_string()),
            OutputError::JournalFile(path) => {
                t!("output-is-journal", path = path.display().to_string())
            }
            OutputError::Write { path, reason } => t!(
                "output-not-written",
                path = path.display().to_string(),
                reason = reason.as_str()
            ),
        }
    }
}

/// Why no save dialog could ask where a file goes. `Display` for logs; [`DialogError::text`] for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DialogError {
    /// Neither the desktop's file-chooser portal nor zenity is there.
    #[error("no save dialog: no file-chooser portal and no zenity")]
    NoDialog,
    #[error("the save dialog failed: {0}")]
    Failed(String),
}

impl DialogError {
    pub fn text(&self) -> String {
        match self {
            DialogError::NoDialog => t!("export-no-dialog-linux").to_owned(),
            DialogError::Failed(reason) => t!("export-dialog-failed", reason = reason.as_str()),
        }
    }
}

/// A file saved where no dialog asked (the dialog failed): why, and in which folder, for the note that says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedWithoutDialog {
    pub why: DialogError,
    pub folder: PathBuf,
}

impl SavedWithoutDialog {
    pub fn text(&self) -> String {
        t!(
            "export-saved-without-dialog",
            reason = self.why.text(),
            folder = self.folder.display().to_string()
        )
    }
}

/// Writes `path` whole or not at all: `write` fills a temporary file beside it, which then takes its place. A
/// failure of `write` (its message is kept) or of the disk leaves whatever was at `path` untouched.
pub fn write_whole<E: std::fmt::Display>(
    path: &Path,
    existing: Existing,
    readers: Readers,
    write: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<(), OutputError> {
    let temp = temporary_beside(path, existing, readers)?;
    {
        let mut out = io::BufWriter::new(temp.as_file());
        write(&mut out).map_err(|reason| write_error(path, reason.to_string()))?;
        out.flush()
            .map_err(|error| write_error(path, error.to_string()))?;
    }
    put_in_place(temp, path, existing)
}

/// A new, empty file beside `path`, to be written (by anyone, by its path) and then [`put_in_place`]. Removed
/// when dropped before that. Fails at once when `path` exists and is to be kept.
pub fn temporary_beside(
    path: &Path,
    existing: Existing,
    readers: Readers,
) -> Result<tempfile::NamedTempFile, OutputError> {
    if existing == Existing::Keep && fs::symlink_metadata(path).is_ok() {
        return Err(OutputError::Exists(path.to_owned()));
    }
    let dir = path
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".visitor-desk-").suffix(".part");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = match (existing, fs::metadata(path)) {
            // A file replaced keeps who may read it.
            (Existing::Replace, Ok(old)) if old.is_file() => old.permissions().mode() & 0o777,
            _ => match readers {
                Readers::Private => PRIVATE_FILE,
                Readers::Usual => SHARED_FILE,
            },
        };
        builder.permissions(fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = readers;
    builder
        .tempfile_in(dir)
        .map_err(|error| write_error(path, error.to_string()))
}

/// Flushes `temp` to disk and renames it to `path`: over what is there ([`Existing::Replace`]), or only if
/// nothing is ([`Existing::Keep`], decided by the rename itself, so that nothing appearing meanwhile is lost).
pub fn put_in_place(
    temp: tempfile::NamedTempFile,
    path: &Path,
    existing: Existing,
) -> Result<(), OutputError> {
    temp.as_file()
        .sync_all()
        .map_err(|error| write_error(path, error.to_string()))?;
    match existing {
        Existing::Replace => temp
            .persist(path)
            .map(drop)
            .map_err(|error| write_error(path, error.error.to_string())),
        Existing::Keep => temp.persist_noclobber(path).map(drop).map_err(|error| {
            if error.error.kind() == io::ErrorKind::AlreadyExists {
                OutputError::Exists(path.to_owned())
            } else {
                write_error(path, error.error.to_string())
            }
        }),
    }
}

fn write_error(path: &Path, reason: String) -> OutputError {
    OutputError::Write {
        path: path.to_owned(),
        reason,
    }
}

/// Whether `path` is one of the journal's own files in `journal_dir` (a journal, or its write-ahead log, index or
/// rollback file), following links. Writing an export over one would destroy what it exports.
pub fn is_journal_file(path: &Path, journal_dir: &Path) -> bool {
    let Ok(journals) = journal_dir.canonicalize() else {
        return false;
    };
    let target = match path.canonicalize() {
        Ok(target) => target,
        // Not there yet: where it would be.
        Err(_) => match (path.parent(), path.file_name()) {
            (Some(parent), Some(name)) => {
                let parent = if parent.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    parent
                };
                match parent.canonicalize() {
                    Ok(parent) => parent.join(name),
                    Err(_) => return false,
                }
            }
            _ => return false,
        },
    };
    let name = target
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.parent() == Some(journals.as_path())
        && [
            ".sqlite3",
            ".sqlite3-wal",
            ".sqlite3-shm",
            ".sqlite3-journal",
        ]
        .iter()
        .any(|ending| name.ends_with(ending))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary_one() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("out.csv");
        fs::write(&path, "old").expect("old");
        let error = write_whole(&path, Existing::Replace, Readers::Usual, |out| {
            out.write_all(b"half").map_err(|e| e.to_string())?;
            Err::<(), String>("the journal could not be read".into())
        })
        .expect_err("failed");
        assert!(
            error.to_string().contains("the journal could not be read"),
            "{error}"
        );
        assert_eq!(fs::read_to_string(&path).expect("read"), "old");
        assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 1);
    }

    #[test]
    fn keep_refuses_an_existing_file_and_replace_replaces_it() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("slip.pdf");
        fs::write(&path, "old").expect("old");
        let kept = write_whole(&path, Existing::Keep, Readers::Usual, |out| {
            out.write_all(b"new").map_err(|e| e.to_string())
        });
        assert!(matches!(kept, Err(OutputError::Exists(_))), "{kept:?}");
        assert_eq!(fs::read_to_string(&path).expect("read"), "old");
        write_whole(&path, Existing::Replace, Readers::Usual, |out| {
            out.write_all(b"new").map_err(|e| e.to_string())
        })
        .expect("replaced");
        assert_eq!(fs::read_to_string(&path).expect("read"), "new");
    }

    #[cfg(unix)]
    #[test]
    fn private_files_and_folders_are_the_users_alone() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().expect("dir");
        let nested = dir.path().join("a").join("b");
        private_dir(&nested).expect("made");
        for folder in [dir.path().join("a"), nested.clone()] {
            let mode = fs::metadata(&folder).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode, 0o700, "{}", folder.display());
        }
        let path = nested.join("private.pdf");
        write_whole(&path, Existing::Keep, Readers::Private, |out| {
            out.write_all(b"x").map_err(|e| e.to_string())
        })
        .expect("written");
        let mode = fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[test]
    fn the_journals_own_files_are_recognised_through_links_and_before_they_exist() {
        let dir = tempfile::tempdir().expect("dir");
        let journals = dir.path().join("journal");
        fs::create_dir(&journals).expect("journal dir");
        let journal = journals.join("demo@vms-0a1b2c3d.sqlite3");
        fs::write(&journal, "x").expect("journal");
        assert!(is_journal_file(&journal, &journals));
        assert!(is_journal_file(
            &journals.join("demo@vms-0a1b2c3d.sqlite3-wal"),
            &journals
        ));
        assert!(is_journal_file(
            &journals.join("..").join("journal").join("x.sqlite3"),
            &journals
        ));
        #[cfg(unix)]
        {
            let link = dir.path().join("link.csv");
            std::os::unix::fs::symlink(&journal, &link).expect("link");
            assert!(is_journal_file(&link, &journals));
        }
        assert!(!is_journal_file(&dir.path().join("export.csv"), &journals));
        assert!(!is_journal_file(&journals.join("notes.txt"), &journals));
    }
}
