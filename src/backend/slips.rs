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
    print_with(PrintCommands::CUPS, path)
}

/// The printing system's commands: what prints, and what says which printers there are.
#[derive(Debug, Clone, Copy)]
pub(super) struct PrintCommands {
    pub lp: &'static str,
    pub lpstat: &'static str,
}

impl PrintCommands {
    pub const CUPS: Self = Self {
        lp: "lp",
        lpstat: "lpstat",
    };
}

/// [`print`] with these commands. A refusal is explained by asking `lpstat` why: no printer chosen as the
/// default (naming those there are), none set up, or no printing service; only a printer that refused the slip
/// itself is said in `lp`'s own words.
pub(super) fn print_with(commands: PrintCommands, path: &Path) -> Result<(), SlipFailure> {
    let output = Command::new(commands.lp)
        .arg("--")
        .arg(path)
        .output()
        .map_err(|_| SlipFailure::NoPrinter)?;
    if output.status.success() {
        return Ok(());
    }
    let said = String::from_utf8_lossy(&output.stderr).trim().to_owned();
    // `lpstat` in the C locale, to be read; what it says is not shown as it is.
    let lpstat = |arg: &str| {
        Command::new(commands.lpstat)
            .arg(arg)
            .env("LC_ALL", "C")
            .output()
            .ok()
            .filter(|output| output.status.success())
            .map(|output| String::from_utf8_lossy(&output.stdout).into_owned())
    };
    let default = lpstat("-d");
    let printers = lpstat("-e").unwrap_or_default();
    Err(refusal(default.as_deref(), &printers, said))
}

/// Why `lp` refused, from what `lpstat -d` (`None`: it failed) and `lpstat -e` said.
fn refusal(default: Option<&str>, printers: &str, said: String) -> SlipFailure {
    match default.map(str::trim) {
        Some(default) if default.starts_with("system default destination:") => {
            SlipFailure::NotPrinted(said)
        }
        Some(default) if default.starts_with("no system default destination") => {
            SlipFailure::NoDefaultPrinter {
                printers: printers
                    .lines()
                    .map(str::trim)
                    .filter(|name| !name.is_empty())
                    .map(str::to_owned)
                    .collect(),
            }
        }
        _ => SlipFailure::NoPrintingService(said),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_is_explained_by_what_lpstat_says() {
        let refused = || "lp: Error - No default destination.".to_owned();
        assert_eq!(
            refusal(
                Some("no system default destination\n"),
                "Front_desk\nLabels\n",
                refused()
            ),
            SlipFailure::NoDefaultPrinter {
                printers: vec!["Front_desk".into(), "Labels".into()]
            }
        );
        assert_eq!(
            refusal(Some("no system default destination\n"), "", refused()),
            SlipFailure::NoDefaultPrinter { printers: vec![] }
        );
        assert_eq!(
            refusal(
                Some("system default destination: Front_desk\n"),
                "Front_desk\n",
                "lp: paper jam".into()
            ),
            SlipFailure::NotPrinted("lp: paper jam".into())
        );
        assert_eq!(
            refusal(None, "", "lp: Error - Scheduler is not running.".into()),
            SlipFailure::NoPrintingService("lp: Error - Scheduler is not running.".into())
        );
    }

    #[test]
    fn cups_with_no_printer_chosen_is_explained_in_the_desks_language() {
        // The real CUPS client (Debian package cups-client) on a computer with no printer set up, as a fresh
        // machine is: `lp` refuses with "No default destination", `lpstat` says why.
        let lpstat = Command::new("lpstat")
            .arg("-d")
            .env("LC_ALL", "C")
            .output()
            .expect("lpstat runs (Debian package cups-client)");
        assert!(
            String::from_utf8_lossy(&lpstat.stdout).starts_with("no system default destination"),
            "this test needs a computer with no default printer: {lpstat:?}"
        );
        let pdf = tempfile::NamedTempFile::new().expect("a file");
        let refused = print_with(PrintCommands::CUPS, pdf.path()).expect_err("nothing to print on");
        assert!(
            matches!(refused, SlipFailure::NoDefaultPrinter { .. }),
            "{refused:?}"
        );
        let said = crate::i18n::Language::new("ru").enter(|| refused.text());
        assert!(
            said.starts_with("Принтер по умолчанию не выбран")
                || said.starts_with("На этом компьютере не настроен ни один принтер"),
            "{said}"
        );
        assert!(!said.contains("lp:"), "not lp's own English: {said}");
    }

    #[test]
    fn no_printing_system_at_all_is_said_so() {
        let pdf = tempfile::NamedTempFile::new().expect("a file");
        let none = PrintCommands {
            lp: "visitor-desk-test-no-such-lp",
            lpstat: "visitor-desk-test-no-such-lpstat",
        };
        assert_eq!(print_with(none, pdf.path()), Err(SlipFailure::NoPrinter));
    }
}
