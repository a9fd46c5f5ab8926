//! The `visitor-desk` binary: the window, and the commands that run without one. All of it is in [`cli`].

// Functions of at most `too-many-lines-threshold` lines (clippy.toml), tests included: one job each.
#![warn(clippy::too_many_lines)]

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
