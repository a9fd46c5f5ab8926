// The command line's definition and nothing else. `build.rs` includes this file to write the man pages and the
// shell completions from it, so it may use only `clap` and `std` (values that need more are read in `cli`).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use super::manual::after_help;

#[derive(Debug, Parser)]
#[command(
    name = "visitor-desk",
    version,
    about = "Intercom visitor codes for the AIPIX VMS",
    long_about = "Intercom visitor codes for the AIPIX VMS.\n\n\
        Without a command, opens the window. The commands script the same account from a terminal: they use \
        the sign-in kept by `visitor-desk login` (else the window's, in the system keyring), or sign in for one \
        run with --server and --login. Tables are for people; use --format json or csv in scripts.",
    after_help = after_help(),
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Start an embedded demo server, sign in to it, and run a second desk on it that makes and revokes codes.
    #[cfg(feature = "demo")]
    #[arg(long, conflicts_with_all = ["server", "login", "account"])]
    pub demo: bool,
    /// With --demo: run this many demo servers, and sign in to each in the one window.
    #[cfg(feature = "demo")]
    #[arg(
        long,
        requires = "demo",
        default_value_t = 1,
        value_name = "N",
        value_parser = clap::value_parser!(u16).range(1..=8)
    )]
    pub servers: u16,
    /// With --demo: the demo servers leave out, or send as null, what the vendor's apps take as optional (seeded).
    #[cfg(feature = "demo")]
    #[arg(
        long,
        requires = "demo",
        value_name = "SEED",
        num_args = 0..=1,
        default_missing_value = "1"
    )]
    pub sparse: Option<u64>,
    /// Open another window even when one is open on the same account (otherwise this launch brings that window
    /// to the front, hands it these options, and ends).
    #[arg(long)]
    pub new_instance: bool,
    /// What draws the window. auto finds one that works on this computer; the others are for a computer where
    /// it chose badly.
    #[arg(
        long,
        env = "VISITOR_DESK_RENDERER",
        value_enum,
        default_value_t = Renderer::Auto,
        value_name = "RENDERER"
    )]
    pub renderer: Renderer,
    #[command(flatten)]
    pub account: AccountArgs,
    /// The language to speak (e.g. ru, en) instead of the one chosen in the app or the system's.
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<String>,
}

/// What draws the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Renderer {
    /// The first of wgpu's graphics APIs that can draw here (Direct3D 12, Vulkan, then OpenGL on Windows;
    /// Vulkan, then OpenGL on Linux), else OpenGL through glow
    Auto,
    /// wgpu with the graphics API it picks itself (or the one WGPU_BACKEND names: dx12, vulkan, gl)
    Wgpu,
    /// OpenGL through glow, without wgpu (old graphics drivers, remote sessions)
    Glow,
}

/// Which account a run uses. Global: they may come before or after the command.
#[derive(Debug, Clone, Default, Args)]
pub struct AccountArgs {
    /// The saved account of this name (as the window's account list names it), with its kept sign-in, instead
    /// of the last one used.
    #[arg(
        long,
        global = true,
        value_name = "NAME",
        conflicts_with_all = ["server", "login"]
    )]
    pub account: Option<String>,
    /// The server's address, e.g. https://vms.example.org. For the window: fill in the sign-in screen. For a
    /// command: with --login, sign in for this run only (the password from VISITOR_DESK_PASSWORD or a prompt)
    /// instead of using the kept sign-in.
    #[arg(long, global = true, value_name = "URL")]
    pub server: Option<String>,
    /// The login, with --server.
    #[arg(long, global = true, value_name = "LOGIN")]
    pub login: Option<String>,
    /// When signing in: trust the server certificates issued by the CA certificate(s) in this PEM file.
    #[arg(
        long,
        global = true,
        value_name = "FILE",
        conflicts_with = "pin_sha256"
    )]
    pub ca_file: Option<PathBuf>,
    /// When signing in: trust exactly the server certificate with this SHA-256 fingerprint (hex, colons allowed).
    #[arg(long, global = true, value_name = "FINGERPRINT")]
    pub pin_sha256: Option<String>,
    /// Sign in to a plain http:// server on another computer: the password and the codes travel unencrypted.
    /// Refused without it (addresses on this computer need no leave).
    #[arg(long, global = true)]
    pub allow_insecure_http: bool,
    /// When signing in and the account has too many sessions: end this one (an id, or its start, from the table
    /// the refusal prints) and sign in.
    #[arg(long, global = true, value_name = "ID")]
    pub end_session: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Sign in, and keep the sign-in in the system keyring for the commands that follow: the command line's own
    /// session, apart from the window's.
    #[command(after_help = after_help())]
    Login,
    /// End the command line's kept sign-in: on the server, and in the keyring. The window's stays signed in.
    #[command(after_help = after_help())]
    Logout,
    /// List the account's intercoms.
    #[command(after_help = after_help())]
    Intercoms(IntercomsArgs),
    /// List, create, revoke and send visitor codes.
    #[command(subcommand)]
    Codes(CodesCommand),
    /// Print this computer's journal (who did what, and when) of the last account used, or of --server/--login.
    #[command(after_help = after_help())]
    Journal(JournalArgs),
    /// Make a code's printable visitor slip (a PDF): the intercom, the code, until when, how to use it, a QR code.
    #[command(after_help = after_help())]
    Slip(SlipArgs),
    /// Expected visitors: who is coming, kept on this computer (nothing is sent to the server) until they arrive,
    /// when `arrive` makes their code.
    #[command(subcommand)]
    Expected(ExpectedCommand),
    /// The account's mail server, for sending codes by e-mail: set it, show it, send a test message. The same
    /// settings as the window's Mail server…; the password is kept in the keyring, never in a file.
    #[command(subcommand)]
    Mail(MailCommand),
    /// Follow the live channel of the kept sign-in (or of --server/--login for this run) and print one JSON object
    /// per line for every event, each with `at` (UTC), until SIGINT or SIGTERM ends it with a last `stopped` line.
    Watch(WatchArgs),
    /// Run the AIPIX server simulator on its own, with demo data, until interrupted. For demos and tests only.
    #[cfg(feature = "demo")]
    Sim(SimArgs),
}

#[derive(Debug, Subcommand)]
pub enum CodesCommand {
    /// List every code the server holds (expired ones included), or those --intercom and --status choose.
    #[command(after_help = after_help())]
    List(ListArgs),
    /// Create a code and print it (or, with --format json, the whole code object with its id).
    #[command(after_help = after_help())]
    Create(CreateArgs),
    /// Revoke codes by id. Asks first when a terminal is attached; needs --yes otherwise.
    #[command(after_help = after_help())]
    Revoke(RevokeArgs),
    /// Send a code by e-mail through the account's mail server (set in the window's Settings): the share message
    /// with the address and entrance, its QR code in the message, the visitor slip attached as a PDF.
    #[command(after_help = after_help())]
    Send(SendArgs),
}

/// How a listing is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Format {
    /// Aligned columns, times in local time: for people.
    #[default]
    Table,
    /// One JSON array of the server's objects.
    Json,
    /// For scripts: a header row, then one row per object, every value as it is; times in UTC (RFC 3339).
    Csv,
    /// CSV for Excel, as the window's export writes it: a byte-order mark, the language's list separator, local
    /// times, and door codes and formula-like text guarded (="08583", a leading ') so that a spreadsheet shows them
    /// as they are. Not for scripts.
    Excel,
}

/// How the journal is printed. Unlike a listing's, its CSV is for people: local times, the app's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum JournalFormat {
    /// Aligned columns, local time: for people.
    #[default]
    Table,
    /// One JSON array of the entries, times in UTC (RFC 3339): for programs.
    Json,
    /// A header row, then one row per entry, in local time and the app's language: for people and spreadsheets.
    Csv,
}

/// How a new code is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum CreatedFormat {
    /// The code alone, on one line.
    #[default]
    Code,
    /// The whole code object, with its id.
    Json,
}

/// A code's status, as the window shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ValueEnum)]
pub enum StatusArg {
    /// Valid, not yet expiring.
    Active,
    /// In the last quarter of its time, or its last hour when it lasts four hours or more.
    Expiring,
    /// No longer valid; still listed until the server removes it, a day after expiry.
    Expired,
}

#[derive(Debug, Args)]
pub struct IntercomsArgs {
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only the codes of this intercom.
    #[arg(long, value_name = "ID")]
    pub intercom: Option<u64>,
    /// Only codes with this status; several may be given (--status active,expiring).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "STATUS")]
    pub status: Vec<StatusArg>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// The codes of every saved account with a kept sign-in, read at once, in one list with an account column.
    #[arg(long, conflicts_with_all = ["account", "server", "login"])]
    pub all_accounts: bool,
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// The intercom the code opens.
    #[arg(long, value_name = "ID")]
    pub intercom: u64,
    /// Who the code is for.
    #[arg(long)]
    pub title: String,
    #[command(flatten)]
    pub expiry: ExpiryArgs,
    #[arg(long, value_enum, default_value_t)]
    pub format: CreatedFormat,
    /// Create a code valid for longer than usual (max_expiry_days) without asking; without a terminal it is
    /// refused otherwise.
    #[arg(long, short)]
    pub yes: bool,
}

/// Until when a new code is valid: one of the two.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct ExpiryArgs {
    /// The expiry in local time, "YYYY-MM-DD HH:MM" (later than now).
    #[arg(long, value_name = "YYYY-MM-DD HH:MM", allow_hyphen_values = true)]
    pub until: Option<String>,
    /// How long from now, e.g. 30m, 4h, 2h30m, 1d.
    #[arg(long = "for", value_name = "DURATION", allow_hyphen_values = true)]
    pub valid_for: Option<String>,
}

#[derive(Debug, Args)]
pub struct RevokeArgs {
    /// The ids of the codes (as `codes list` shows them).
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<u64>,
    /// Revoke without asking.
    #[arg(long, short)]
    pub yes: bool,
}

#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Set the account's mail server (options not given keep what is set). The password is read from
    /// VISITOR_DESK_SMTP_PASSWORD, or from stdin with --password-stdin (never from an option), and kept in the
    /// keyring as the window keeps it.
    #[command(after_help = after_help())]
    Set(MailSetArgs),
    /// Print the account's mail server (never its password: only whether the keyring holds one).
    #[command(after_help = after_help())]
    Show(MailShowArgs),
    /// Send a test message through the account's mail server, to see that it takes the login and the sender.
    #[command(after_help = after_help())]
    Test(MailTestArgs),
}

/// How the encryption is chosen on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MailSecurityArg {
    /// Plain at first, then STARTTLS before anything else (port 587); a server without it is refused.
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
}

#[derive(Debug, Args)]
pub struct MailSetArgs {
    /// The mail server's host name (its certificate must bear it) or address.
    #[arg(long, value_name = "HOST")]
    pub host: Option<String>,
    /// Its port (default: 587 for starttls, 465 for tls).
    #[arg(long)]
    pub port: Option<u16>,
    /// How the connection is encrypted (there is no unencrypted choice).
    #[arg(long, value_enum)]
    pub security: Option<MailSecurityArg>,
    /// The login on the mail server.
    #[arg(long = "mail-login", value_name = "LOGIN")]
    pub mail_login: Option<String>,
    /// The sender's name as the visitor reads it ("Harbour Street reception").
    #[arg(long, value_name = "NAME")]
    pub sender_name: Option<String>,
    /// The sender's address.
    #[arg(long, value_name = "ADDRESS")]
    pub sender_address: Option<String>,
    /// Trust the mail server's certificate if this CA file (PEM) issued it, instead of the system's authorities.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["mail_pin_sha256", "system_roots"])]
    pub mail_ca_file: Option<PathBuf>,
    /// Trust only the mail server's certificate with this SHA-256 fingerprint (hex, colons allowed).
    #[arg(long, value_name = "FINGERPRINT", conflicts_with = "system_roots")]
    pub mail_pin_sha256: Option<String>,
    /// Trust the system's authorities again (the default).
    #[arg(long)]
    pub system_roots: bool,
    /// Read the password from the first line of stdin (when VISITOR_DESK_SMTP_PASSWORD is not set).
    #[arg(long)]
    pub password_stdin: bool,
}

#[derive(Debug, Args)]
pub struct MailShowArgs {
    /// How the settings are printed.
    #[arg(long, value_enum, default_value_t)]
    pub format: MailShowFormat,
}

/// How `mail show` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum MailShowFormat {
    /// One setting a line: for people.
    #[default]
    Text,
    /// One JSON object, as the settings file keeps it, with `password_kept`.
    Json,
}

#[derive(Debug, Args)]
pub struct MailTestArgs {
    /// Whom the test message goes to (default: the sender's own address).
    #[arg(long, value_name = "ADDRESS")]
    pub to: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ExpectedCommand {
    /// Add an expected visitor of the account (its journal keeps them on this computer).
    #[command(after_help = after_help())]
    Add(ExpectedAddArgs),
    /// Add the visitors of a CSV (UTF-8 or Windows-1251, separated by , or ;) or XLSX file whose first row names
    /// its columns (Name, Flat, Company, Visiting, Intercom, Date, From, Until, Time, Note; or in Russian). Says
    /// how each column was read, and each row skipped and why.
    #[command(after_help = after_help())]
    Import(ExpectedImportArgs),
    /// List the visitors expected today (or on --day), with where each stands.
    #[command(after_help = after_help())]
    List(ExpectedListArgs),
    /// A visitor has come: make their code (titled with the name and flat, valid until the end of their window,
    /// else 4 hours), print it, and mark them arrived. A visitor given a code already is shown theirs.
    #[command(after_help = after_help())]
    Arrive(ExpectedArriveArgs),
}

/// How expected visitors are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ExpectedFormat {
    /// Aligned columns: for people.
    #[default]
    Table,
    /// One JSON array of the visitors, times in UTC.
    Json,
    /// A header row, then one row per visitor: for scripts.
    Csv,
}

#[derive(Debug, Args)]
pub struct ExpectedAddArgs {
    /// The visitor's name.
    #[arg(long)]
    pub name: String,
    /// The flat (or office) they visit.
    #[arg(long, default_value = "")]
    pub flat: String,
    /// Their company.
    #[arg(long, default_value = "")]
    pub company: String,
    /// Whom they visit.
    #[arg(long, default_value = "")]
    pub host: String,
    /// The intercom their code will open (else it is given when they arrive).
    #[arg(long, value_name = "ID")]
    pub intercom: Option<u64>,
    /// The day of the visit: 2026-12-07, 07.12.2026, today, tomorrow (default: today).
    #[arg(long, value_name = "DATE")]
    pub day: Option<String>,
    /// When they are expected from, local time (14:00).
    #[arg(long, value_name = "HH:MM")]
    pub from: Option<String>,
    /// Until when they are expected, local time; their code lasts until then.
    #[arg(long, value_name = "HH:MM")]
    pub to: Option<String>,
    #[arg(long, default_value = "")]
    pub note: String,
    #[arg(long, value_enum, default_value_t)]
    pub format: ExpectedFormat,
}

#[derive(Debug, Args)]
pub struct ExpectedImportArgs {
    /// The CSV or XLSX file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Only say what would be added and skipped; add nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Which field each column fills, in the file's order, instead of reading the headers: one of
    /// `name flat company host intercom day from to window note` a column, `-` (or nothing) for a column left
    /// out, as in `name,flat,-,day`.
    #[arg(long, value_name = "FIELDS")]
    pub columns: Option<String>,
    /// How the visitors added are printed.
    #[arg(long, value_enum, default_value_t)]
    pub format: ExpectedFormat,
}

#[derive(Debug, Args)]
pub struct ExpectedListArgs {
    /// The day: 2026-12-07, 07.12.2026, today, tomorrow (default: today).
    #[arg(long, value_name = "DATE")]
    pub day: Option<String>,
    /// This many days from --day on (default: 1).
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=400))]
    pub days: u32,
    /// Only the visitors whose name, flat, company or host holds this (е and ё alike, any case).
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: ExpectedFormat,
}

#[derive(Debug, Args)]
pub struct ExpectedArriveArgs {
    /// The visitor's id (as `expected list` shows it).
    #[arg(value_name = "ID")]
    pub id: i64,
    /// The intercom of the code, for a visitor added without one (or instead of theirs).
    #[arg(long, value_name = "ID")]
    pub intercom: Option<u64>,
    #[arg(long, value_enum, default_value_t)]
    pub format: CreatedFormat,
}

#[derive(Debug, Args)]
pub struct SendArgs {
    /// The code's id (as `codes list` shows it).
    #[arg(long, value_name = "ID")]
    pub code_id: u64,
    /// The visitor's e-mail address.
    #[arg(long, value_name = "ADDRESS")]
    pub to: String,
    /// The paper of the slip attached.
    #[arg(long, value_enum, default_value_t)]
    pub size: SlipSizeArg,
}

/// The paper a slip is made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum SlipSizeArg {
    /// A6 postcard, 105 × 148 mm.
    #[default]
    A6,
    /// 80 mm receipt roll, as long as the slip.
    Receipt,
    /// A4 sheet.
    A4,
}

#[derive(Debug, Args)]
pub struct SlipArgs {
    /// The code's id (as `codes list` shows it).
    #[arg(long, value_name = "ID")]
    pub code_id: u64,
    #[arg(long, value_enum, default_value_t)]
    pub size: SlipSizeArg,
    /// Where to write the PDF.
    #[arg(long, short, value_name = "FILE.pdf")]
    pub output: PathBuf,
    /// Replace the file if it exists (otherwise a terminal is asked, and a script refused), and make the slip of
    /// a code that has expired or was revoked, marked EXPIRED or REVOKED (otherwise refused with exit code 7).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct JournalArgs {
    /// Only entries from this day (2025-01-31), local time (2025-01-31 14:05) or RFC 3339 instant on.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only entries up to this day (2025-01-31, the whole day), local time (2025-01-31 14:05) or RFC 3339 instant.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: JournalFormat,
    /// Write to this file instead of the terminal.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the --output file if it exists (otherwise a terminal is asked, and a script refused).
    #[arg(long, requires = "output")]
    pub force: bool,
    /// Start CSV with a byte-order mark, for Excel.
    #[arg(long)]
    pub bom: bool,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// No longer taken: a password in the arguments is visible to every user of the computer (`ps`). The
    /// password comes from VISITOR_DESK_PASSWORD, or a prompt.
    #[arg(long, hide = true, value_name = "PASSWORD")]
    pub password: Option<String>,
    /// A channel authorisation route to use instead of the usual ones; repeat to try several in order.
    #[arg(long = "auth-path", value_name = "PATH")]
    pub auth_paths: Vec<String>,
    /// Follow every saved account with a kept sign-in at once; each line names its account.
    #[arg(long, conflicts_with_all = ["account", "server", "login"])]
    pub all_accounts: bool,
}

#[cfg(feature = "demo")]
#[derive(Debug, Args)]
pub struct SimArgs {
    /// The address to listen on (with --servers, the first; the others on the ports after it). Any but this
    /// computer's own (127.0.0.1, ::1) puts demo accounts with plain-http sign-in on the network.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: std::net::SocketAddr,
    /// How many independent servers to run, each with its own port, users and data.
    #[arg(
        long,
        default_value_t = 1,
        value_name = "N",
        value_parser = clap::value_parser!(u16).range(1..=64)
    )]
    pub servers: u16,
    /// Also hold this many accounts on each server, user1 … userN, each with its login as password.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub accounts: usize,
    /// Give every account this many more codes (the code limit is raised to fit them).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub codes_per_account: usize,
    /// A user as LOGIN:PASSWORD; repeat for several. Default: demo:demo.
    #[arg(long = "user", value_name = "LOGIN:PASSWORD", value_parser = parse_user)]
    pub users: Vec<(String, String)>,
    /// How many codes one account may hold at a time.
    #[arg(long, default_value_t = 5)]
    pub code_limit: usize,
    /// Start without demo intercoms and codes.
    #[arg(long)]
    pub no_demo_data: bool,
    /// Ask for a captcha on every sign-in.
    #[arg(long)]
    pub captcha: bool,
    /// Sessions one account may hold before sign-in answers "too many sessions".
    #[arg(long)]
    pub max_sessions: Option<usize>,
    /// Delay every API answer by this many milliseconds (to see a slow server).
    #[arg(long, default_value_t = 0)]
    pub delay_ms: u64,
    /// Speak the live channel as this project guessed it before reading the vendor's code, not as a real AIPIX server.
    #[arg(long)]
    pub legacy_pushes: bool,
    /// Leave out, or send as null, every field the vendor's apps take as optional, at random (the same seed, the same data).
    #[arg(long, value_name = "SEED", num_args = 0..=1, default_missing_value = "1")]
    pub sparse: Option<u64>,
    /// Answer 409 ("update the app") to a client that does not send this `X-Version`.
    #[arg(long, value_name = "VERSION")]
    pub require_version: Option<String>,
    /// Refuse (422) a per_page above N, as a server that validates it, instead of taking at most 100.
    #[arg(long, value_name = "N")]
    pub per_page_max: Option<u32>,
    /// Answer "too many sessions" (419) with a bare array of the sessions, the other shape the vendor's apps read.
    #[arg(long)]
    pub sessions_as_array: bool,
    /// The simulator is a server: the client's options are not its own, and its help does not list them.
    #[command(flatten)]
    pub not_a_client: NotAClient,
}

/// The global options of a client (`AccountArgs`), taken and ignored by `sim`: clap hands a global option to no
/// command that has one of the same name, so these hidden ones keep them out of `sim --help`.
#[cfg(feature = "demo")]
#[derive(Debug, Args)]
pub struct NotAClient {
    #[arg(long, hide = true)]
    pub account: Option<String>,
    #[arg(long, hide = true)]
    pub server: Option<String>,
    #[arg(long, hide = true)]
    pub login: Option<String>,
    #[arg(long, hide = true)]
    pub ca_file: Option<PathBuf>,
    #[arg(long, hide = true)]
    pub pin_sha256: Option<String>,
    #[arg(long, hide = true)]
    pub allow_insecure_http: bool,
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
