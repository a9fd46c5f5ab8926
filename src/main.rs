//! The `visitor-desk` binary: the window, and the commands that run without one. All of it is in [`cli`].

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
