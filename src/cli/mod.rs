//! The command line: which run the arguments ask for (the window, a scripting command, `watch`, `sim`), and the
//! exit code it ends with. The scripting commands drive the same backend, settings and keyring as the window.

mod args;
mod commands;
mod desk;
mod failure;
mod input;
mod output;
#[cfg(feature = "demo")]
mod sim;
mod text;
mod watch;
mod window;

use std::process::ExitCode;
use std::time::Duration;

use clap::{CommandFactory as _, FromArgMatches as _};

use args::{Cli, CodesCommand, Command};
pub use failure::{Exit, Failure};

/// "0.1.0 (commit 0123456789ab)", made by `build.rs`.
pub const VERSION: &str = env!("VISITOR_DESK_VERSION");

/// Parses the arguments, runs what they ask for, and answers the exit code.
pub fn run() -> ExitCode {
    let cli = match parse() {
        Ok(cli) => cli,
        Err(error) => {
            // Help and --version go to stdout (what was asked for); mistakes to stderr, with exit code 1.
            let _ = error.print();
            return if error.use_stderr() {
                Exit::Usage.into()
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let scripting = matches!(
        cli.command,
        Some(Command::Login | Command::Logout | Command::Intercoms(_) | Command::Codes(_))
    );
    init_logging(scripting);
    // The language: --lang, else the one chosen in the app, else the system's, else English.
    let chosen = cli.lang.clone().or_else(|| {
        visitor_desk::settings::default_dir()
            .and_then(|dir| visitor_desk::settings::peek(&dir)?.language)
    });
    visitor_desk::i18n::set_language(&visitor_desk::i18n::choose(chosen.as_deref()));
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            return report(&Failure::new(Exit::Usage, text::no_runtime(&error)));
        }
    };
    let result = dispatch(cli, &runtime);
    // Whatever a command left running (a keyring call, a sign-out) gets a moment, not forever.
    runtime.shutdown_timeout(Duration::from_secs(2));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => report(&failure),
    }
}

fn parse() -> Result<Cli, clap::Error> {
    let matches = Cli::command().version(VERSION).try_get_matches()?;
    Cli::from_arg_matches(&matches)
}

fn dispatch(cli: Cli, runtime: &tokio::runtime::Runtime) -> Result<(), Failure> {
    let account = cli.account;
    match cli.command {
        None => {
            #[cfg(feature = "demo")]
            if cli.demo {
                return window::run_demo(runtime);
            }
            window::run(runtime, account)
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
        Some(Command::Watch(args)) => runtime.block_on(watch::run(&account, args)),
        #[cfg(feature = "demo")]
        Some(Command::Sim(args)) => runtime.block_on(sim::run(args)),
    }
}

/// Says why on stderr and answers the exit code.
fn report(failure: &Failure) -> ExitCode {
    text::say(&text::failed(&failure.message));
    failure.exit.into()
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
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}
