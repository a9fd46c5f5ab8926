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
        Err(error) if error.kind() != io::ErrorKind::BrokenPipe => {
            Err(CliError::usage(text::output_failed(&error)))
        }
        _ => Ok(()),
    }
}
