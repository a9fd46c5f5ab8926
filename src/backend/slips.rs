//! Making a visitor slip and handing it to the system: its PDF viewer, its printer (`lp`), or a file. Runs off
//! the async worker (the PDF takes a few milliseconds of CPU; the viewer and printer are other processes). A slip
//! to open or print is written to a folder of this run's own, which only the user can read (a visitor's name and
//! door code are in it) and which goes when the backend stops.

use std::path::{Path, PathBuf};
use std::process::Command;

use parking_lot::Mutex;

use crate::handover::{Handover, SlipFailure, SlipSize, render_pdf};
use crate::messages::SlipAction;

/// The private folder of this run's slips, made when the first one is: a fresh name in the temporary folder, that
/// only the user may enter (0700), removed with everything in it when dropped.
#[derive(Debug, Default)]
pub(super) struct Folder(Mutex<Option<tempfile::TempDir>>);

impl Folder {
    fn path(&self) -> Result<PathBuf, SlipFailure> {
        let mut folder = self.0.lock();
        if let Some(dir) = &*folder {
            return Ok(dir.path().to_owned());
        }
        let mut builder = tempfile::Builder::new();
        builder.prefix("visitor-desk-slips-");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            builder.permissions(std::fs::Permissions::from_mode(0o700));
        }
        let dir = builder
            .tempdir()
            .map_err(|error| SlipFailure::Make(error.to_string()))?;
        let path = dir.path().to_owned();
        *folder = Some(dir);
        Ok(path)
    }
}

/// Makes the slip and does `then` with it; answers where the PDF is, or what went wrong in words for the user.
pub(super) fn make(
    folder: &Folder,
    handover: &Handover,
    qr_text: &str,
    size: SlipSize,
    then: &SlipAction,
) -> Result<PathBuf, SlipFailure> {
    let pdf = render_pdf(handover, size, qr_text)
        .map_err(|error| SlipFailure::Make(error.to_string()))?;
    let path = match then {
        SlipAction::Save(path) => path.clone(),
        // One file per code in this run's own folder: printing or opening it again replaces it.
        SlipAction::Open | SlipAction::Print | SlipAction::SaveAs => {
            folder.path()?.join(file_name(handover))
        }
    };
    std::fs::write(&path, pdf).map_err(|error| SlipFailure::Write {
        path: path.clone(),
        reason: error.to_string(),
    })?;
    match then {
        SlipAction::Save(_) | SlipAction::SaveAs => {}
        SlipAction::Open => {
            open::that_detached(&path).map_err(|error| SlipFailure::Open(error.to_string()))?
        }
        SlipAction::Print => print(&path)?,
    }
    Ok(path)
}

/// Sends a PDF to the default printer with `lp` (CUPS, on Linux and macOS).
fn print(path: &Path) -> Result<(), SlipFailure> {
    let output = Command::new("lp")
        .arg("--")
        .arg(path)
        .output()
        .map_err(|_| SlipFailure::NoPrinter)?;
    if output.status.success() {
        Ok(())
    } else {
        let said = String::from_utf8_lossy(&output.stderr).trim().to_owned();
        Err(SlipFailure::NotPrinted(said))
    }
}

/// The slip's file name: `visitor-slip-48213.pdf`.
pub(super) fn file_name(handover: &Handover) -> String {
    format!("visitor-slip-{}.pdf", file_safe(&handover.code))
}

/// A code as part of a file name: digits and letters only.
fn file_safe(code: &str) -> String {
    code.chars().filter(char::is_ascii_alphanumeric).collect()
}
