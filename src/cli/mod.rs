//! The command line: which run the arguments ask for (the window, a scripting command, `watch`, `sim`), and the
//! exit code it ends with. The scripting commands drive the same backend, settings and keyring as the window.

mod account;
mod args;
mod commands;
mod expected;
mod failure;
mod help;
mod input;
mod instance;
mod mail;
mod manual;
mod output;
mod renderer;
mod send;
#[cfg(feature = "demo")]
mod sim;
mod stdout;
mod text;
mod watch;
mod window;

use std::process::ExitCode;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use clap::{CommandFactory as _, FromArgMatches as _};

use args::{Cli, CodesCommand, Command};
pub use failure::{CliError, Exit};

/// "0.1.0 (commit 0123456789ab)", made by `build.rs`.
pub const VERSION: &str = env!("VISITOR_DESK_VERSION");

/// Where what a run says goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Console {
    /// stdout and stderr: a terminal, a script, a pipe.
    Attached,
    /// Nowhere anyone reads (Windows' GUI subsystem): a failure is shown in a message box.
    #[cfg_attr(not(windows), allow(dead_code))]
    None,
}

/// Parses the arguments, runs what they ask for, and answers the exit code.
#[cfg_attr(windows, allow(dead_code))]
pub fn run() -> ExitCode {
    run_with(Console::Attached)
}

/// As [`run`], for a program without a console: a failure is said in a message box.
#[cfg(windows)]
#[allow(dead_code)]
pub fn run_without_console() -> ExitCode {
    run_with(Console::None)
}

/// When this process started (its first line of code): the window logs its start-up against it.
static STARTED: OnceLock<Instant> = OnceLock::new();

fn run_with(console: Console) -> ExitCode {
    STARTED.get_or_init(Instant::now);
    // Before any secret is read: a core dump would keep the token and the password.
    let dumpable = visitor_desk::hardening::forbid_core_dumps();
    // The language first: `--help` and clap's messages speak it too.
    let requested = requested_language(std::env::args_os().skip(1));
    use_language(requested.as_deref());
    let cli = match parse() {
        Ok(cli) => cli,
        Err(error) => {
            // Help and --version go to stdout (what was asked for); mistakes to stderr, with exit code 1.
            let mistake = error.use_stderr();
            let translated = mistake && help::errors::translates();
            if console == Console::None {
                message_box(&if translated {
                    error
                        .apply::<help::errors::Translated>()
                        .render()
                        .to_string()
                } else {
                    error.render().to_string()
                });
            } else {
                let _ = if translated {
                    error.apply::<help::errors::Translated>().print()
                } else {
                    error.print()
                };
            }
            return if mistake {
                Exit::Usage.into()
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let scripting = matches!(
        cli.command,
        Some(
            Command::Login
                | Command::Logout
                | Command::Intercoms(_)
                | Command::Codes(_)
                | Command::Journal(_)
                | Command::Slip(_)
                | Command::Expected(_)
                | Command::Mail(_)
                | Command::Watch(_)
        )
    );
    init_logging(scripting);
    if let Err(error) = dumpable {
        tracing::warn!(%error, "the process could not be marked not dumpable");
    }
    if cli.lang != requested {
        // The look ahead misread the arguments (a value that looks like `--lang`): clap's reading counts.
        use_language(cli.lang.as_deref());
    }
    if let Some(asked) = cli.lang.as_deref()
        && visitor_desk::i18n::catalog_for(asked).is_none()
    {
        // Said, not refused: the run goes on in the language it could find.
        let available: Vec<String> = visitor_desk::i18n::available()
            .into_iter()
            .map(|language| language.tag)
            .collect();
        text::say(&text::language_not_available(
            asked,
            visitor_desk::t!("language-name"),
            &available.join(", "),
        ));
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            return report(
                &CliError::new(Exit::Usage, text::no_runtime(&error)),
                console,
            );
        }
    };
    let result = dispatch(cli, &runtime);
    // Whatever a command left running (a keyring call, a sign-out) gets a moment, not forever.
    runtime.shutdown_timeout(Duration::from_secs(2));
    // The backend is gone: its journal writes its last entries (what this run did) before the process ends.
    visitor_desk::journal::finish_writing(Duration::from_secs(10));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => report(&failure, console),
    }
}

fn parse() -> Result<Cli, clap::Error> {
    let command = help::localize(
        Cli::command().version(VERSION),
        &visitor_desk::i18n::current(),
    );
    let matches = command.try_get_matches()?;
    Cli::from_arg_matches(&matches)
}

/// Speaks `requested` (--lang), else the language chosen in the app, else the system's, else English.
fn use_language(requested: Option<&str>) {
    let chosen = requested.map(str::to_owned).or_else(|| {
        visitor_desk::settings::default_dir()
            .and_then(|dir| visitor_desk::settings::peek(&dir)?.language)
    });
    visitor_desk::i18n::set_language(&visitor_desk::i18n::choose(chosen.as_deref()));
}

/// The value of `--lang` (`--lang ru`, `--lang=ru`), looked for before clap parses, so that the help and the
/// usage errors are in the language asked for. Clap parses it again as usual (it is `Cli::lang`); after `--`,
/// nothing is an option.
fn requested_language(args: impl IntoIterator<Item = std::ffi::OsString>) -> Option<String> {
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let arg = arg.to_string_lossy();
        if arg == "--" {
            break;
        }
        if arg == "--lang" {
            return args
                .next()
                .map(|value| value.to_string_lossy().into_owned());
        }
        if let Some(value) = arg.strip_prefix("--lang=") {
            return Some(value.to_owned());
        }
    }
    None
}

fn dispatch(cli: Cli, runtime: &tokio::runtime::Runtime) -> Result<(), CliError> {
    let account = cli.account;
    match cli.command {
        None => {
            #[cfg(feature = "demo")]
            if cli.demo {
                return window::run_demo(
                    runtime,
                    usize::from(cli.servers),
                    cli.sparse,
                    cli.renderer,
                );
            }
            window::run(runtime, account, cli.new_instance, cli.renderer)
        }
        Some(Command::Login) => runtime.block_on(commands::login(&account)),
        Some(Command::Logout) => runtime.block_on(commands::logout(&account)),
        Some(Command::Intercoms(args)) => runtime.block_on(commands::intercoms(&account, &args)),
        Some(Command::Codes(CodesCommand::List(args))) => {
            runtime.block_on(commands::list_codes(&account, &args))
        }
        Some(Command::Codes(CodesCommand::Create(args))) => {
            runtime.block_on(commands::create_code(&account, &args))
        }
        Some(Command::Codes(CodesCommand::Revoke(args))) => {
            runtime.block_on(commands::revoke_codes(&account, &args))
        }
        Some(Command::Codes(CodesCommand::Send(args))) => {
            runtime.block_on(send::send_code(&account, &args))
        }
        Some(Command::Journal(args)) => commands::journal(&account, &args),
        Some(Command::Slip(args)) => runtime.block_on(commands::slip(&account, &args)),
        Some(Command::Expected(command)) => expected::run(&account, command, runtime),
        Some(Command::Mail(command)) => mail::run(&account, command, runtime),
        Some(Command::Watch(args)) => runtime.block_on(watch::run(&account, args)),
        #[cfg(feature = "demo")]
        Some(Command::Sim(args)) => runtime.block_on(sim::run(args)),
    }
}

/// Says why (on stderr, or in a message box without a console) and answers the exit code.
fn report(failure: &CliError, console: Console) -> ExitCode {
    let said = text::failed(&failure.message);
    match console {
        Console::Attached => text::say(&said),
        Console::None => message_box(&said),
    }
    failure.exit.into()
}

/// A message box for a program that has no console to say it on (Windows' GUI subsystem). Blocks until closed.
#[cfg(windows)]
fn message_box(text: &str) {
    let _ = rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title("Visitor Desk")
        .set_description(text)
        .set_buttons(rfd::MessageButtons::Ok)
        .show();
}

/// Elsewhere every run has somewhere to say it: stderr.
#[cfg(not(windows))]
fn message_box(text: &str) {
    text::say(text);
}

/// Logs go to stderr, filtered by `RUST_LOG`. The window logs what it does; a scripting command says what it
/// has to say itself, so only errors are logged unless asked.
fn init_logging(scripting: bool) {
    let default = if scripting {
        "error"
    } else {
        "warn,visitor_desk=info"
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    // Colours only for a person at a terminal: in a file or a pipe the escapes are noise.
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
}

#[cfg(test)]
mod tests {
    use super::requested_language;

    fn requested(args: &[&str]) -> Option<String> {
        requested_language(args.iter().map(std::ffi::OsString::from))
    }

    #[test]
    fn the_language_is_found_before_clap_parses() {
        assert_eq!(
            requested(&["codes", "list", "--lang", "ru"]).as_deref(),
            Some("ru")
        );
        assert_eq!(requested(&["--lang=ru", "--help"]).as_deref(), Some("ru"));
        assert_eq!(requested(&["--help"]), None);
        assert_eq!(requested(&["--lang"]), None);
        assert_eq!(requested(&["codes", "revoke", "--", "--lang", "ru"]), None);
    }
}
