//! The `visitor-desk` command line: the window, and the commands that run without one.

// The entry point speaks to the terminal; the library below it never does.
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[cfg(feature = "demo")]
use std::net::SocketAddr;
use std::process::ExitCode;
#[cfg(feature = "demo")]
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use std::sync::Arc;

#[cfg(feature = "demo")]
use aipix_sim::SimConfig;
use visitor_desk::backend::{BackendConfig, SettingsHome};
#[cfg(feature = "demo")]
use visitor_desk::demo;
use visitor_desk::ui::{App, StartOptions};
use visitor_desk::{journal, secrets, settings};

#[derive(Debug, Parser)]
#[command(
    name = "visitor-desk",
    version,
    about = "Intercom visitor codes for the AIPIX VMS"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Start an embedded demo server, sign in to it, and run a second desk on it that makes and revokes codes.
    #[cfg(feature = "demo")]
    #[arg(long, conflicts_with_all = ["server", "login"])]
    demo: bool,
    /// Open the sign-in screen with this server filled in.
    #[arg(long)]
    server: Option<String>,
    /// Open the sign-in screen with this login filled in.
    #[arg(long)]
    login: Option<String>,
    /// The language to speak (e.g. ru, en) instead of the one chosen in the app or the system's.
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<String>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the AIPIX server simulator on its own, with demo data, until interrupted.
    #[cfg(feature = "demo")]
    Sim(SimArgs),
    /// Sign in, follow the live channel, and print one JSON object per line for every event, until interrupted.
    Watch(WatchArgs),
    /// Print this computer's journal (who did what, and when) of the last server used, or of --server/--login.
    Journal(JournalArgs),
}

#[derive(Debug, Args)]
struct JournalArgs {
    /// Only entries from this day (2025-01-31), time (2025-01-31 14:05) or RFC 3339 instant on.
    #[arg(long, value_name = "DATE", value_parser = journal::command::parse_since)]
    since: Option<chrono::DateTime<chrono::Utc>>,
    #[arg(long, value_enum, default_value_t = JournalFormat::Table)]
    format: JournalFormat,
    /// Write to this file instead of the terminal.
    #[arg(long, value_name = "FILE")]
    output: Option<std::path::PathBuf>,
    /// Start CSV with a byte-order mark, for Excel.
    #[arg(long)]
    bom: bool,
    /// The server whose journal to read (default: the one used last).
    #[arg(long)]
    server: Option<String>,
    /// The login whose journal to read (default: the one used last).
    #[arg(long)]
    login: Option<String>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum JournalFormat {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Args)]
struct WatchArgs {
    /// The server's address, e.g. https://vms.example.org.
    #[arg(long)]
    server: String,
    #[arg(long)]
    login: String,
    /// The password; taken from the environment variable VISITOR_DESK_PASSWORD when not given here.
    #[arg(long, env = "VISITOR_DESK_PASSWORD", hide_env_values = true)]
    password: String,
    /// A channel authorisation route to use instead of the usual ones; repeat to try several in order.
    #[arg(long = "auth-path", value_name = "PATH")]
    auth_paths: Vec<String>,
}

#[cfg(feature = "demo")]
#[derive(Debug, Args)]
struct SimArgs {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// A user as LOGIN:PASSWORD; repeat for several. Default: demo:demo.
    #[arg(long = "user", value_name = "LOGIN:PASSWORD", value_parser = parse_user)]
    users: Vec<(String, String)>,
    /// How many codes one account may hold at a time.
    #[arg(long, default_value_t = 5)]
    code_limit: usize,
    /// Start without demo intercoms and codes.
    #[arg(long)]
    no_demo_data: bool,
    /// Ask for a captcha on every sign-in.
    #[arg(long)]
    captcha: bool,
    /// Sessions one account may hold before sign-in answers "too many sessions".
    #[arg(long)]
    max_sessions: Option<usize>,
    /// Delay every API answer by this many milliseconds (to see a slow server).
    #[arg(long, default_value_t = 0)]
    delay_ms: u64,
}

#[cfg(feature = "demo")]
fn parse_user(text: &str) -> Result<(String, String), String> {
    match text.split_once(':') {
        Some((login, password)) if !login.is_empty() && !password.is_empty() => {
            Ok((login.to_owned(), password.to_owned()))
        }
        _ => Err(format!("{text:?} is not LOGIN:PASSWORD")),
    }
}

#[cfg(feature = "demo")]
impl SimArgs {
    fn config(self) -> SimConfig {
        let defaults = SimConfig::default();
        SimConfig {
            users: if self.users.is_empty() {
                defaults.users.clone()
            } else {
                self.users
            },
            code_limit: self.code_limit,
            demo_data: !self.no_demo_data,
            request_delay: Duration::from_millis(self.delay_ms),
            captcha: self.captcha,
            max_sessions: self.max_sessions,
            ..defaults
        }
    }
}

fn main() -> ExitCode {
    init_logging();
    let cli = Cli::parse();
    // The language: --lang, else the one chosen in the app, else the system's, else English.
    let chosen = cli
        .lang
        .clone()
        .or_else(|| settings::default_dir().and_then(|dir| settings::peek(&dir)?.language));
    visitor_desk::i18n::set_language(&visitor_desk::i18n::choose(chosen.as_deref()));
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("visitor-desk: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let result = match cli.command {
        #[cfg(feature = "demo")]
        Some(Command::Sim(args)) => runtime.block_on(run_sim(args)),
        Some(Command::Watch(args)) => runtime.block_on(watch::run(args)),
        Some(Command::Journal(args)) => print_journal(args),
        #[cfg(feature = "demo")]
        None if cli.demo => run_demo_window(&runtime),
        None => run_window(
            &runtime,
            remembering_config(cli.server.is_none()),
            StartOptions {
                server: cli.server.unwrap_or_default(),
                login: cli.login.unwrap_or_default(),
                password: None,
            },
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("visitor-desk: {message}");
            ExitCode::FAILURE
        }
    }
}

mod watch {
    //! `visitor-desk watch`: the live client from the outside, one JSON line per event.

    use std::io::Write as _;

    use aipix_client::api::{Client, ClientConfig, LoginRequest};
    use aipix_client::live::{self, LiveConfig, LiveEvent};
    use tokio::sync::mpsc;

    pub async fn run(args: super::WatchArgs) -> Result<(), String> {
        let device_id = format!("watch-{}", uuid::Uuid::new_v4());
        let config = ClientConfig::new(&args.server, device_id).map_err(|e| e.to_string())?;
        let api = Client::new(config).map_err(|e| e.to_string())?;
        api.login(&LoginRequest::new(args.login, args.password))
            .await
            .map_err(|e| format!("sign-in failed: {e}"))?;
        let mut live_config = LiveConfig::default();
        if !args.auth_paths.is_empty() {
            live_config.auth_paths = args.auth_paths;
        }
        let (events, mut received) = mpsc::unbounded_channel();
        let handle = live::spawn(api.clone(), live_config, events);
        let outcome = loop {
            tokio::select! {
                event = received.recv() => match event {
                    Some(event) => {
                        let stopped = matches!(event, LiveEvent::Stopped { .. });
                        if print(&event).is_err() {
                            break Ok(()); // stdout closed: whoever read it is gone
                        }
                        if stopped {
                            break Err("the live channel stopped".to_owned());
                        }
                    }
                    None => break Ok(()),
                },
                _ = tokio::signal::ctrl_c() => break Ok(()),
            }
        };
        handle.stop().await;
        // End the session this command opened, so that it does not count against the account.
        if let Err(error) = api.logout().await {
            tracing::warn!(%error, "sign-out failed");
        }
        outcome
    }

    fn print(event: &LiveEvent) -> std::io::Result<()> {
        let line = serde_json::to_string(event).map_err(std::io::Error::other)?;
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "{line}")?;
        stdout.flush()
    }
}

/// `visitor-desk journal`: the options into the library's command, to the terminal or a file.
fn print_journal(args: JournalArgs) -> Result<(), String> {
    let options = journal::command::Options {
        since: args.since,
        format: match args.format {
            JournalFormat::Table => journal::command::Format::Table,
            JournalFormat::Csv => journal::command::Format::Csv,
            JournalFormat::Json => journal::command::Format::Json,
        },
        bom: args.bom,
        server: args.server,
        login: args.login,
        settings_dir: settings::default_dir(),
        journal_dir: journal::default_dir(),
    };
    let mut out: Box<dyn std::io::Write> = match &args.output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?,
        )),
        None => Box::new(std::io::stdout().lock()),
    };
    journal::command::run(&options, &mut out)?;
    out.flush().map_err(|e| e.to_string())
}

/// `visitor-desk sim`: the simulator on its own, until Ctrl-C.
#[cfg(feature = "demo")]
async fn run_sim(args: SimArgs) -> Result<(), String> {
    let listen = args.listen;
    let config = args.config();
    let users = config.users.clone();
    let sim = aipix_sim::start(config, listen)
        .await
        .map_err(|e| e.to_string())?;
    println!("AIPIX simulator listening on {}", sim.base_url());
    for (login, password) in &users {
        println!("  login: {login}  password: {password}");
    }
    println!("Press Ctrl-C to stop.");
    sim.serve_until_interrupted()
        .await
        .map_err(|e| e.to_string())
}

/// `--demo`: the window on the embedded demo server, signed in, with a second desk at work on it.
#[cfg(feature = "demo")]
fn run_demo_window(runtime: &tokio::runtime::Runtime) -> Result<(), String> {
    let sim = runtime
        .block_on(demo::start_server())
        .map_err(|e| e.to_string())?;
    println!("Demo server: {}", sim.base_url());
    println!(
        "  login: {}  password: {}",
        demo::DEMO_LOGIN,
        demo::DEMO_PASSWORD
    );
    println!(
        "Another window can join it: visitor-desk --server {} --login {}",
        sim.base_url(),
        demo::DEMO_LOGIN
    );
    runtime.spawn(demo::second_desk(
        sim.base_url(),
        Duration::from_secs(20)..=Duration::from_secs(40),
    ));
    let start = StartOptions {
        server: sim.base_url(),
        login: demo::DEMO_LOGIN.to_owned(),
        password: Some(demo::DEMO_PASSWORD.to_owned()),
    };
    // The demo keeps nothing: its server lives only as long as this window (`sim` is held until it closes), and
    // so does its journal, in a temporary folder.
    let device_id = format!("visitor-desk-demo-{}", uuid::Uuid::new_v4());
    let journal_dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let config = BackendConfig {
        journal: Some(journal::JournalSetup::new(
            journal_dir.path().to_owned(),
            &device_id,
            journal::DEFAULT_KEEP_DAYS,
        )),
        ..BackendConfig::new(device_id)
    };
    let result = run_window(runtime, config, start);
    drop(sim);
    drop(journal_dir);
    result
}

/// The desktop window.
fn run_window(
    runtime: &tokio::runtime::Runtime,
    config: BackendConfig,
    start: StartOptions,
) -> Result<(), String> {
    let _entered = runtime.enter();
    let handle = runtime.handle().clone();
    let mut viewport = egui::ViewportBuilder::default();
    match eframe::icon_data::from_png_bytes(include_bytes!("../assets/icon.png")) {
        Ok(icon) => viewport = viewport.with_icon(icon),
        Err(error) => tracing::warn!(%error, "the window icon could not be read"),
    }
    let options = eframe::NativeOptions {
        viewport: viewport
            .with_title("Visitor Desk")
            .with_inner_size([1280.0, 760.0])
            .with_min_inner_size([900.0, 540.0]),
        ..eframe::NativeOptions::default()
    };
    eframe::run_native(
        "Visitor Desk",
        options,
        Box::new(move |cc| Ok(Box::new(App::new(cc, &handle, config, start)))),
    )
    .map_err(|e| format!("the window could not be shown: {e}"))
}

/// A backend that keeps the device id and profiles in the settings file and sign-ins in the system keyring
/// (memory only when there is none). Runs at start, before the window: the keyring probe may block briefly.
fn remembering_config(resume_last: bool) -> BackendConfig {
    let (store, store_warning) = secrets::open_store();
    let mut notices = Vec::new();
    let home = match settings::default_dir() {
        Some(dir) => {
            let (settings, warning) = settings::load_or_create(&dir);
            notices.extend(warning);
            Some(SettingsHome { dir, settings })
        }
        None => {
            notices.push("No settings folder was found: profiles will not be kept.".to_owned());
            None
        }
    };
    let device_id = home.as_ref().map_or_else(
        || uuid::Uuid::new_v4().to_string(),
        |home| home.settings.device_id.clone(),
    );
    let keep_days = home
        .as_ref()
        .and_then(|home| home.settings.journal_keep_days)
        .unwrap_or(journal::DEFAULT_KEEP_DAYS);
    let journal =
        journal::default_dir().map(|dir| journal::JournalSetup::new(dir, &device_id, keep_days));
    if journal.is_none() {
        notices.push("No data folder was found: the journal will not be kept.".to_owned());
    }
    BackendConfig {
        journal,
        store: Arc::from(store),
        store_warning,
        home,
        resume_last,
        notices,
        ..BackendConfig::new(device_id)
    }
}

/// Logs go to stderr, filtered by `RUST_LOG` (default: warnings, and info from this crate).
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,visitor_desk=info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}
