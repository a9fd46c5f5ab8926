//! Where an export or a visitor slip goes: the system's save dialog (`rfd`), behind a small trait so that tests
//! answer with a path of their own (no dialog can be shown without a desktop).
//!
//! On Linux the dialog is the desktop's file-chooser portal over D-Bus (through `rfd`), or `zenity`; neither
//! needs anything at build time. `rfd` answers "cancelled" for a dialog that could not be shown at all (a session
//! bus without a portal, and no zenity: it only logs "Failed to save file with zenity"), so the portal is asked
//! first whether it has a file chooser, and zenity is run here, where its failure can be told from a cancel. Any
//! failure of the dialog is an error, never a cancel: the file then goes to the user's downloads folder, and a
//! message names it.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;

use crate::files::{DialogError, SavedWithoutDialog};
use crate::journal::ExportFormat;
use crate::t;

/// What the dialog answered: a path, `None` when the user cancelled, or why no dialog could be shown.
pub type DialogAnswer = Result<Option<PathBuf>, DialogError>;

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
    /// Asks where to save a file of `kind`, suggesting `file_name`. `Ok(None)` only when the user cancelled;
    /// a dialog that could not be shown, or failed, is an `Err` with the reason.
    fn ask(
        &self,
        file_name: String,
        kind: FileKind,
    ) -> Pin<Box<dyn Future<Output = DialogAnswer> + Send>>;

    /// Asks which visitor list (CSV or XLSX) to import. `Ok(None)` only when the user cancelled. A dialog that
    /// only saves has none to show.
    fn pick_visitor_list(&self) -> Pin<Box<dyn Future<Output = DialogAnswer> + Send>> {
        Box::pin(async { Err(DialogError::NoDialog) })
    }

    /// Where a file goes when the dialog fails: the downloads folder.
    fn fallback_folder(&self) -> Option<PathBuf> {
        default_folder()
    }
}

/// The operating system's own save dialog. The bus and zenity are Linux's: elsewhere `rfd` shows the system's
/// dialog (Windows' common file dialog) and the fields go unread.
#[derive(Debug, Default, Clone)]
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
pub struct NativeSaveDialog {
    /// The session bus to find the portal on (`None`: the one the environment names).
    bus: Option<String>,
    /// Where to look for zenity (`None`: `$PATH`).
    search_path: Option<std::ffi::OsString>,
}

impl NativeSaveDialog {
    /// The dialog as a desktop with this session bus and these folders of programs would show it.
    pub fn on(bus: Option<String>, search_path: std::ffi::OsString) -> Self {
        Self {
            bus,
            search_path: Some(search_path),
        }
    }
}

impl SaveDialog for NativeSaveDialog {
    fn ask(
        &self,
        file_name: String,
        kind: FileKind,
    ) -> Pin<Box<dyn Future<Output = DialogAnswer> + Send>> {
        let this = self.clone();
        Box::pin(async move {
            #[cfg(target_os = "linux")]
            if let Some(zenity) = this.zenity_instead().await? {
                // Run here so that zenity's failure is not taken for a cancel.
                let start = default_folder().map(|dir| dir.join(&file_name));
                return super::spawn_blocking(move || {
                    linux::run_zenity(
                        &zenity,
                        kind,
                        start.as_deref().unwrap_or(Path::new(&file_name)),
                    )
                })
                .await
                .map_err(|error| DialogError::Failed(error.to_string()))?;
            }
            let _ = &this;
            Ok(rfd_dialog(kind.title())
                .set_file_name(file_name)
                .add_filter(kind.filter(), &[kind.extension()])
                .save_file()
                .await
                .map(|handle| handle.path().to_owned()))
        })
    }

    fn pick_visitor_list(&self) -> Pin<Box<dyn Future<Output = DialogAnswer> + Send>> {
        let this = self.clone();
        Box::pin(async move {
            #[cfg(target_os = "linux")]
            if let Some(zenity) = this.zenity_instead().await? {
                return super::spawn_blocking(move || linux::run_zenity_open(&zenity))
                    .await
                    .map_err(|error| DialogError::Failed(error.to_string()))?;
            }
            let _ = &this;
            Ok(rfd_dialog(t!("import-dialog-title"))
                .add_filter(t!("import-filter"), &LIST_EXTENSIONS)
                .pick_file()
                .await
                .map(|handle| handle.path().to_owned()))
        })
    }
}

impl NativeSaveDialog {
    /// zenity, where no desktop portal offers a file dialog; `None` when one does (rfd asks it).
    #[cfg(target_os = "linux")]
    async fn zenity_instead(&self) -> Result<Option<PathBuf>, DialogError> {
        if linux::portal_has_file_chooser(self.bus.as_deref()).await {
            return Ok(None);
        }
        linux::find_zenity(self.search_path.as_deref())
            .ok_or(DialogError::NoDialog)
            .map(Some)
    }
}

/// rfd's dialog titled `title`, opening in the folder files go to.
fn rfd_dialog(title: &str) -> rfd::AsyncFileDialog {
    let dialog = rfd::AsyncFileDialog::new().set_title(title);
    match default_folder() {
        Some(dir) => dialog.set_directory(dir),
        None => dialog,
    }
}

/// The files a visitor list is read from.
const LIST_EXTENSIONS: [&str; 4] = ["csv", "xlsx", "CSV", "XLSX"];

#[cfg(target_os = "linux")]
mod linux {
    //! The Linux dialogs: the desktop portal's file chooser (asked whether it is there), and zenity.

    use std::ffi::OsStr;
    use std::path::{Path, PathBuf};
    use std::time::Duration;

    use super::{DialogAnswer, DialogError, FileKind};

    /// How long the session bus may take to say whether a portal is there (it may have to start it).
    const PORTAL_PATIENCE: Duration = Duration::from_secs(10);

    /// Whether the session bus (`bus`, else the environment's) has a desktop portal with a file chooser: the
    /// portal's service answers for the FileChooser interface's version. A bus without a portal, a portal
    /// without a file-chooser backend, no bus at all, or no answer in time: no.
    pub(super) async fn portal_has_file_chooser(bus: Option<&str>) -> bool {
        let ask = async {
            let connection = match bus {
                Some(address) => zbus::connection::Builder::address(address)?.build().await?,
                None => zbus::Connection::session().await?,
            };
            connection
                .call_method(
                    Some("org.freedesktop.portal.Desktop"),
                    "/org/freedesktop/portal/desktop",
                    Some("org.freedesktop.DBus.Properties"),
                    "Get",
                    &("org.freedesktop.portal.FileChooser", "version"),
                )
                .await?;
            Ok::<(), zbus::Error>(())
        };
        match tokio::time::timeout(PORTAL_PATIENCE, ask).await {
            Ok(Ok(())) => true,
            Ok(Err(error)) => {
                tracing::info!(%error, "no file chooser portal on the session bus");
                false
            }
            Err(_) => {
                tracing::warn!(
                    "the session bus did not say in time whether it has a file chooser portal"
                );
                false
            }
        }
    }

    /// zenity in `search_path` (else `$PATH`), if it is there.
    pub(super) fn find_zenity(search_path: Option<&OsStr>) -> Option<PathBuf> {
        let path = match search_path {
            Some(path) => path.to_owned(),
            None => std::env::var_os("PATH")?,
        };
        std::env::split_paths(&path)
            .map(|dir| dir.join("zenity"))
            .find(|candidate| candidate.is_file())
    }

    /// Runs zenity's save dialog, starting at `start`.
    pub(super) fn run_zenity(zenity: &Path, kind: FileKind, start: &Path) -> DialogAnswer {
        zenity_answer(
            std::process::Command::new(zenity)
                .arg("--file-selection")
                .arg("--save")
                .arg("--confirm-overwrite")
                .arg(format!("--title={}", kind.title()))
                .arg(format!("--filename={}", start.display()))
                .arg(format!(
                    "--file-filter={} | *.{}",
                    kind.filter(),
                    kind.extension()
                )),
        )
    }

    /// Runs zenity's open dialog for a visitor list.
    pub(super) fn run_zenity_open(zenity: &Path) -> DialogAnswer {
        let patterns = super::LIST_EXTENSIONS.map(|extension| format!("*.{extension}"));
        zenity_answer(
            std::process::Command::new(zenity)
                .arg("--file-selection")
                .arg(format!("--title={}", crate::t!("import-dialog-title")))
                .arg(format!(
                    "--file-filter={} | {}",
                    crate::t!("import-filter"),
                    patterns.join(" ")
                )),
        )
    }

    /// What zenity answered: its exit status tells a cancel (1) from a failure (any other, or a display it could
    /// not open).
    fn zenity_answer(command: &mut std::process::Command) -> DialogAnswer {
        let output = command
            .output()
            .map_err(|error| DialogError::Failed(error.to_string()))?;
        let said = String::from_utf8_lossy(&output.stderr).trim().to_owned();
        let chosen = String::from_utf8_lossy(&output.stdout)
            .trim_end_matches(['\n', '\r'])
            .to_owned();
        match output.status.code() {
            Some(0) if !chosen.is_empty() => Ok(Some(PathBuf::from(chosen))),
            // GTK's own words when there is no display to show the dialog on.
            Some(1) if !said.contains("cannot open display") => Ok(None),
            _ => Err(DialogError::Failed(if said.is_empty() {
                format!("zenity: {}", output.status)
            } else {
                said
            })),
        }
    }
}

/// Asks `dialog` where to save; where no dialog can be shown (or it failed), picks a fresh name in the dialog's
/// fallback folder and answers a note saying why. `Ok(None)`: the user cancelled. `Err`: no dialog and no
/// folder either.
pub async fn ask_or_fallback(
    dialog: &dyn SaveDialog,
    file_name: String,
    kind: FileKind,
) -> Result<Option<(PathBuf, Option<SavedWithoutDialog>)>, DialogError> {
    match dialog.ask(file_name.clone(), kind).await {
        Ok(Some(path)) => Ok(Some((path, None))),
        Ok(None) => Ok(None),
        Err(why) => match dialog.fallback_folder() {
            Some(dir) => {
                let path = unused_path(&dir, &file_name);
                let note = SavedWithoutDialog { why, folder: dir };
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

    /// A zenity that answers as a script says: the dialog's outcome is read from its exit status and words.
    #[cfg(target_os = "linux")]
    #[test]
    fn zenitys_cancel_is_told_from_its_failure() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().expect("dir");
        let zenity = dir.path().join("zenity");
        let answer = |script: &str| {
            std::fs::write(&zenity, format!("#!/bin/sh\n{script}\n")).expect("script");
            std::fs::set_permissions(&zenity, std::fs::Permissions::from_mode(0o755))
                .expect("mode");
            linux::run_zenity(&zenity, FileKind::Slip, Path::new("slip.pdf"))
        };
        assert_eq!(
            answer("echo /home/anna/slip.pdf; exit 0"),
            Ok(Some(PathBuf::from("/home/anna/slip.pdf")))
        );
        assert_eq!(answer("exit 1"), Ok(None), "cancelled");
        assert!(answer("echo 'cannot open display: :0' >&2; exit 1").is_err());
        assert!(answer("echo 'some failure' >&2; exit 255").is_err());
        assert_eq!(
            linux::find_zenity(Some(dir.path().as_os_str())),
            Some(zenity.clone())
        );
        assert_eq!(
            linux::find_zenity(Some(std::ffi::OsStr::new("/nonexistent"))),
            None
        );
    }

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
