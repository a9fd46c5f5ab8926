//! `visitor-desk-window`: the window for Windows' Start menu. Windows gives a console program a console window
//! of its own when it is not started from one, so the Start-menu entry starts this build of the same program
//! instead, made for the GUI subsystem: no console, and what would have gone to the terminal (no window could
//! start, a wrong option) is shown in a message box. From a terminal, `visitor-desk` is the program to run: its
//! commands print, and the terminal waits for its exit code.
//!
//! Elsewhere a program has no such split, and this binary only says which one to run.

// Functions of at most `too-many-lines-threshold` lines (clippy.toml), tests included: one job each.
#![warn(clippy::too_many_lines)]
#![cfg_attr(windows, windows_subsystem = "windows")]

#[cfg(windows)]
#[path = "cli/mod.rs"]
mod cli;

#[cfg(windows)]
fn main() -> std::process::ExitCode {
    cli::run_without_console()
}

#[cfg(not(windows))]
#[allow(clippy::print_stderr)]
fn main() -> std::process::ExitCode {
    eprintln!("visitor-desk-window is the Windows Start menu's; run visitor-desk");
    std::process::ExitCode::from(1)
}
