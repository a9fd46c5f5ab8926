//! A file as a real spreadsheet reads it: Gnumeric's `ssconvert` (Debian package `gnumeric`) opens it, guessing
//! its separator and its cells' types as Gnumeric does when a user opens it, and writes what its cells hold as
//! plain CSV, which the test then reads. A number that lost its leading zero, or a field split at a separator,
//! shows as it would on a front desk's screen.

use std::path::Path;
use std::process::Command;

/// The rows of `file` (a CSV export) as the spreadsheet shows them, header first.
pub fn rows_as_shown(file: &Path) -> Vec<Vec<String>> {
    let dir = tempfile::tempdir().expect("a folder for the spreadsheet's copy");
    let shown = dir.path().join("as-shown.csv");
    let output = Command::new("ssconvert")
        .arg("--export-type=Gnumeric_stf:stf_csv")
        .arg(file)
        .arg(&shown)
        .env("LANG", "C.UTF-8")
        .output()
        .expect("ssconvert runs (Debian package gnumeric)");
    assert!(
        output.status.success(),
        "ssconvert failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(&shown)
        .expect("the spreadsheet's copy");
    reader
        .records()
        .map(|record| record.expect("a row").iter().map(str::to_owned).collect())
        .collect()
}
