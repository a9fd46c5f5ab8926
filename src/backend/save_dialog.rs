//! Where an export or a visitor slip goes: the system's save dialog (`rfd`), behind a small trait so that tests
//! answer with a path of their own (no dialog can be shown without a desktop).
//!
//! On Linux `rfd` asks the desktop's file-chooser portal over D-Bus (libdbus is loaded at run time), or runs
//! `zenity`; neither needs anything at build time. When neither can be reached, the dialog says so instead of
//! answering "cancelled", and the export is saved in the user's downloads folder with a message saying where.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;

use crate::journal::ExportFormat;
use crate::t;

/// What the dialog answered: a path, `None` when the user cancelled, or why no dialog could be shown.
pub type DialogAnswer = Result<Option<PathBuf>, String>;

/// What is being saved: it names the dialog and the file type it offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Export(ExportFormat),
    /// A visitor slip (PDF).
    Slip,
}

impl FileKind {
    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Export(format) => format.extension(),
            FileKind::Slip => "pdf",
        }
    }

    fn title(self) -> &'static str {
        match self {
            FileKind::Export(_) => t!("export-dialog-title"),
            FileKind::Slip => t!("slip-dialog-title"),
        }
    }

    /// The name of the file type in the dialog's filter.
    fn filter(self) -> &'static str {
        match self {
            FileKind::Export(ExportFormat::Csv { .. }) => t!("export-filter-csv"),
            FileKind::Export(ExportFormat::Json) => t!("export-filter-json"),
            FileKind::Slip => t!("slip-filter-pdf"),
        }
    }
}

pub trait SaveDialog: Send + Sync {
    /// Asks where to save a file of `kind`, suggesting `file_name`.
    fn ask(
        &self,
        file_name: String,
        kind: FileKind,
    ) -> Pin<Box<dyn Future<Output = DialogAnswer> + Send>>;
}

/// The operating system's own save dialog.
#[derive(Debug, Default, Clone, Copy)]
pub struct NativeSaveDialog;

impl SaveDialog for NativeSaveDialog {
    fn ask(
        &self,
        file_name: String,
        kind: FileKind,
    ) -> Pin<Box<dyn Future<Output = DialogAnswer> + Send>> {
        Box::pin(async move {
            if let Some(why) = unavailable() {
                return Err(why);
            }
            let mut dialog = rfd::AsyncFileDialog::new()
                .set_title(kind.title())
                .set_file_name(file_name)
                .add_filter(kind.filter(), &[kind.extension()]);
            if let Some(dir) = default_folder() {
                dialog = dialog.set_directory(dir);
            }
            Ok(dialog
                .save_file()
                .await
                .map(|handle| handle.path().to_owned()))
        })
    }
}

/// Why no save dialog can be shown here, if that can be told beforehand.
#[cfg(target_os = "linux")]
fn unavailable() -> Option<String> {
    let bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|a| !a.is_empty())
        || std::env::var_os("XDG_RUNTIME_DIR")
            .is_some_and(|dir| Path::new(&dir).join("bus").exists());
    let zenity = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join("zenity").is_file()));
    (!bus && !zenity).then(|| t!("export-no-dialog-linux").to_owned())
}

#[cfg(not(target_os = "linux"))]
fn unavailable() -> Option<String> {
    None
}

/// Asks `dialog` where to save; where no dialog can be shown, picks a fresh name in the default folder and
/// answers a note saying so. `Ok(None)`: the user cancelled. `Err`: no dialog and no folder either.
pub async fn ask_or_fallback(
    dialog: &dyn SaveDialog,
    file_name: String,
    kind: FileKind,
) -> Result<Option<(PathBuf, Option<String>)>, String> {
    match dialog.ask(file_name.clone(), kind).await {
        Ok(Some(path)) => Ok(Some((path, None))),
        Ok(None) => Ok(None),
        Err(why) => match default_folder() {
            Some(dir) => {
                let path = unused_path(&dir, &file_name);
                let note = t!(
                    "export-saved-without-dialog",
                    reason = why,
                    folder = dir.display().to_string()
                );
                Ok(Some((path, Some(note))))
            }
            None => Err(why),
        },
    }
}

/// Where files go when no dialog can ask: the downloads folder, else the documents folder, else home.
pub fn default_folder() -> Option<PathBuf> {
    let dirs = directories::UserDirs::new()?;
    dirs.download_dir()
        .or_else(|| dirs.document_dir())
        .map(Path::to_path_buf)
        .or_else(|| Some(dirs.home_dir().to_path_buf()))
}

/// `file_name` in `dir`, or `name (2).ext`, `name (3).ext`… so that nothing there is overwritten.
pub fn unused_path(dir: &Path, file_name: &str) -> PathBuf {
    let first = dir.join(file_name);
    if !first.exists() {
        return first;
    }
    let (stem, extension) = match file_name.rsplit_once('.') {
        Some((stem, extension)) => (stem, format!(".{extension}")),
        None => (file_name, String::new()),
    };
    (2..)
        .map(|n| dir.join(format!("{stem} ({n}){extension}")))
        .find(|path| !path.exists())
        .unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fallback_name_never_overwrites() {
        let dir = tempfile::tempdir().expect("dir");
        let first = unused_path(dir.path(), "codes.csv");
        assert_eq!(first, dir.path().join("codes.csv"));
        std::fs::write(&first, "x").expect("write");
        assert_eq!(
            unused_path(dir.path(), "codes.csv"),
            dir.path().join("codes (2).csv")
        );
    }
}
