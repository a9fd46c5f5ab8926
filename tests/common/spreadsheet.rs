//! A file as real spreadsheets read it, each writing what its cells hold as plain CSV, which the test then reads.
//! A number that lost its leading zero, or a field split at a separator, shows as it would on a front desk's
//! screen.
//!
//! - Gnumeric's `ssconvert` (Debian package `gnumeric`) opens a file guessing its separator and its cells' types,
//!   as Gnumeric does when a user opens it.
//! - LibreOffice Calc (Debian package `libreoffice-calc-nogui`) opens it as Excel does: with the list separator of
//!   the user's language given, not guessed, and the text read as UTF-8.

use std::path::Path;
use std::process::Command;

/// The rows of `file` (a CSV export) as Gnumeric shows them, header first.
#[allow(dead_code)] // Each test binary uses what it needs.
pub fn rows_in_gnumeric(file: &Path) -> Vec<Vec<String>> {
    let dir = tempfile::tempdir().expect("a folder for the spreadsheet's copy");
    let shown = dir.path().join("as-shown.csv");
    ssconvert(file, &shown, &["--export-type=Gnumeric_stf:stf_csv"]);
    read_plain(&shown)
}

/// Has Gnumeric's `ssconvert` save `source` as `target`, as `options` (the export type and its options) say.
#[allow(dead_code)] // Each test binary uses what it needs.
pub fn ssconvert(source: &Path, target: &Path, options: &[&str]) {
    let output = Command::new("ssconvert")
        .args(options)
        .arg(source)
        .arg(target)
        .env("LANG", "C.UTF-8")
        .output()
        .expect("ssconvert runs (Debian package gnumeric)");
    assert!(
        output.status.success(),
        "ssconvert failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The rows of `file` as LibreOffice Calc shows them when fields are separated by `separator` (as Excel reads a
/// CSV file: with the list separator of the user's language), header first.
#[allow(dead_code)] // Each test binary uses what it needs.
pub fn rows_in_libreoffice(file: &Path, separator: u8) -> Vec<Vec<String>> {
    let dir = tempfile::tempdir().expect("a folder for the spreadsheet's copy");
    // A profile of its own: two conversions at once must not share one, nor touch the user's.
    let profile = format!("file://{}", dir.path().join("profile").display());
    // The CSV filter's options: separator, text delimiter ("), character set (76: UTF-8), first line 1.
    let filter = format!("CSV:{separator},34,76,1");
    let output = Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--norestore"])
        .arg(format!("--infilter={filter}"))
        .args(["--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1"])
        .arg("--outdir")
        .arg(dir.path())
        .arg(file)
        .env("HOME", dir.path())
        .output()
        .expect("soffice runs (Debian package libreoffice-calc-nogui)");
    let shown = dir
        .path()
        .join(file.file_stem().expect("a file name"))
        .with_extension("csv");
    assert!(
        output.status.success() && shown.exists(),
        "LibreOffice converted nothing: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    read_plain(&shown)
}

fn read_plain(file: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(file)
        .expect("the spreadsheet's copy");
    reader
        .records()
        .map(|record| record.expect("a row").iter().map(str::to_owned).collect())
        .collect()
}
