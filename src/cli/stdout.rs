//! Where the commands' output goes: stdout, as it is to a file or a pipe, made harmless to a terminal.

use std::io::{self, IsTerminal as _, Write};

use visitor_desk::terminal;

use super::failure::CliError;
use super::text;

/// Writes with `write` to stdout. A reader that went away (`| head`) is not a failure: it had what it wanted.
/// To a terminal, JSON and CSV too are shown with their control characters and bidirectional overrides as
/// spaces, as the tables are (a title's OSC sequence would retitle the terminal); to a file or a pipe they carry
/// the text as it is.
pub fn to_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), CliError> {
    let mut stdout = io::stdout().lock();
    let written = if stdout.is_terminal() {
        let mut shown = Vec::new();
        write(&mut shown).and_then(|()| {
            let shown = String::from_utf8_lossy(&shown);
            stdout.write_all(terminal::message(&shown).as_bytes())
        })
    } else {
        write(&mut stdout)
    };
    match written.and_then(|()| stdout.flush()) {
        Err(error) if !is_broken_pipe(&error) => Err(CliError::usage(text::output_failed(&error))),
        _ => Ok(()),
    }
}

/// Whether writing failed because the reader went away (`| head`, `| true`): the pipe's own error, or one the CSV
/// or JSON writer wrapped (the `csv` crate hands an I/O error on as another kind).
pub fn is_broken_pipe(error: &io::Error) -> bool {
    error.kind() == io::ErrorKind::BrokenPipe
        || error.get_ref().is_some_and(|inner| {
            inner
                .downcast_ref::<csv::Error>()
                .is_some_and(csv_broken_pipe)
                || inner
                    .downcast_ref::<serde_json::Error>()
                    .is_some_and(|json| json.io_error_kind() == Some(io::ErrorKind::BrokenPipe))
                || inner
                    .downcast_ref::<io::Error>()
                    .is_some_and(is_broken_pipe)
        })
}

/// Whether the CSV writer failed because the reader went away.
pub fn csv_broken_pipe(error: &csv::Error) -> bool {
    matches!(error.kind(), csv::ErrorKind::Io(io) if is_broken_pipe(io))
}
