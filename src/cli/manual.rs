// What `--help` and the man pages say beside the options: exit codes, environment, examples, files. Like
// `args.rs`, `build.rs` includes this file, so it may use only `std`.

/// The exit codes scripts can rely on, as `--help`, the man page and the README list them.
pub const EXIT_CODES: [(u8, &str); 8] = [
    (0, "done"),
    (
        1,
        "usage: a wrong option or value, no password, no --yes without a terminal, an unknown id",
    ),
    (
        2,
        "refused by the server (invalid input, too many codes, not allowed); the reason is on stderr",
    ),
    (
        3,
        "not signed in, or the server no longer accepts the sign-in (HTTP 401)",
    ),
    (
        4,
        "the server cannot be reached or gave no usable answer (network, certificate, server error)",
    ),
    (
        5,
        "--all-accounts: some accounts could not be read (each named on stderr); the others were",
    ),
    (
        6,
        "the server needs a newer Visitor Desk (HTTP 409); the AIPIX version this one speaks is on stderr",
    ),
    (
        7,
        "slip, codes send: the code has expired or was revoked, so no longer opens the door (slip --force prints it marked)",
    ),
];

/// The environment variables the program reads (itself, or through the libraries that follow the desktop's
/// conventions), for `--help` and the man page.
pub const ENVIRONMENT: [(&str, &str); 15] = [
    (
        "VISITOR_DESK_PASSWORD",
        "the password when a command signs in (login, --server/--login, watch); without it, a terminal prompts",
    ),
    (
        "VISITOR_DESK_SMTP_PASSWORD",
        "the mail server's password: mail set keeps it in the keyring (else --password-stdin reads it); codes send \
         and mail test use it for this run, instead of the one kept",
    ),
    (
        "VISITOR_DESK_CONFIG_DIR",
        "where the settings file is kept, instead of the platform's config directory",
    ),
    (
        "VISITOR_DESK_DATA_DIR",
        "where the journals are kept (in its journal folder), instead of the platform's data directory",
    ),
    (
        "VISITOR_DESK_RENDERER",
        "what draws the window, as --renderer: auto, wgpu or glow (WGPU_BACKEND picks wgpu's graphics API)",
    ),
    (
        "VISITOR_DESK_TEXT_SCALE",
        "how large the window draws text (0.5 to 3), instead of the desktop's text scale (GNOME's, from the portal)",
    ),
    (
        "WGPU_BACKEND",
        "the only graphics API wgpu tries: vulkan, gl (dx12 on Windows)",
    ),
    (
        "RUST_LOG",
        "what is logged on stderr (e.g. warn, visitor_desk=debug)",
    ),
    (
        "LC_ALL",
        "the language, when neither --lang nor the app's own choice names one (then LC_MESSAGES, then LANG)",
    ),
    ("LC_MESSAGES", "the language, as LC_ALL"),
    ("LANG", "the language, as LC_ALL"),
    (
        "XDG_CONFIG_HOME",
        "on Linux, where the settings go without VISITOR_DESK_CONFIG_DIR (its visitor-desk folder)",
    ),
    (
        "XDG_DATA_HOME",
        "on Linux, where the journals go without VISITOR_DESK_DATA_DIR (its visitor-desk folder)",
    ),
    (
        "XDG_RUNTIME_DIR",
        "on Linux, where an open window's socket is, through which a second launch on its account hands over",
    ),
    (
        "DBUS_SESSION_BUS_ADDRESS",
        "the session bus: the keyring (Secret Service) for kept sign-ins, notifications, the save dialog and the \
         desktop's text scale",
    ),
];

/// Examples for the man pages: the command they belong to (`""` for the program itself), the line, and what it
/// does. The program's own page shows them all.
#[allow(dead_code)] // Read by build.rs alone.
pub const EXAMPLES: [(&str, &str, &str); 20] = [
    (
        "",
        "visitor-desk",
        "Open the window (the sign-in screen the first time).",
    ),
    (
        "",
        "visitor-desk --account 'Harbour Street'",
        "Open the window on a saved account.",
    ),
    (
        "login",
        "visitor-desk login --server https://vms.example.org --login frontdesk",
        "Sign in (the password is asked without echo) and keep the command line's sign-in.",
    ),
    (
        "logout",
        "visitor-desk logout",
        "End the command line's sign-in, on the server and in the keyring; the window stays signed in.",
    ),
    (
        "intercoms",
        "visitor-desk intercoms --format json",
        "The account's intercoms, for a program.",
    ),
    (
        "codes list",
        "visitor-desk codes list --status active,expiring",
        "The codes still valid, as a table.",
    ),
    (
        "codes list",
        "visitor-desk codes list --format csv > codes.csv",
        "Every code for a script: every value as the server holds it.",
    ),
    (
        "codes list",
        "visitor-desk codes list --format excel > codes-for-excel.csv",
        "Every code for a spreadsheet: leading zeros kept, formulas defused.",
    ),
    (
        "codes create",
        "visitor-desk codes create --intercom 180 --title Courier --for 4h",
        "Make a code for four hours and print it alone.",
    ),
    (
        "codes create",
        "visitor-desk codes create --intercom 180 --title Anna --until '2026-12-01 18:00' --format json",
        "Make a code until a local time and print it whole, with its id.",
    ),
    (
        "codes revoke",
        "visitor-desk codes revoke 1388 1390 --yes",
        "Revoke two codes without asking (a script has no terminal to ask).",
    ),
    (
        "journal",
        "visitor-desk journal --since 2025-01-01 --until 2025-01-31 --format csv --bom --output january.csv",
        "January's journal, for Excel.",
    ),
    (
        "slip",
        "visitor-desk slip --code-id 1388 --size receipt --output slip.pdf",
        "The visitor slip of a code, for an 80 mm receipt printer.",
    ),
    (
        "expected add",
        "visitor-desk expected add --name 'Anna Petrova' --flat 12 --intercom 180 --day tomorrow --from 14:00 --to 16:00",
        "Expect a visitor tomorrow afternoon; nothing is sent to the server until she arrives.",
    ),
    (
        "expected import",
        "visitor-desk expected import visitors.xlsx --dry-run",
        "Say how a list's columns are read and which rows would be skipped, and add nothing.",
    ),
    (
        "expected list",
        "visitor-desk expected list --search pet --format json",
        "Today's expected visitors whose name, flat, company or host holds \"pet\", for a program.",
    ),
    (
        "expected arrive",
        "visitor-desk expected arrive 7",
        "Visitor 7 has come: make the code (until the end of the visit's window), print it, mark them arrived.",
    ),
    (
        "watch",
        "visitor-desk watch | tee -a live.jsonl",
        "Follow the kept sign-in's live channel, one JSON line per event, until Ctrl+C.",
    ),
    (
        "watch",
        "VISITOR_DESK_PASSWORD=secret visitor-desk watch --server https://vms.example.org --login monitor",
        "Follow another account for one run: signed in now, signed out when stopped.",
    ),
    (
        "sim",
        "visitor-desk sim --listen 127.0.0.1:8080",
        "A demo AIPIX server on this computer, to try the window and the commands on (login demo, password demo).",
    ),
];

/// The files the program keeps, for the man pages (Linux paths).
#[allow(dead_code)] // Read by build.rs alone.
pub const FILES: [(&str, &str); 4] = [
    (
        "~/.config/visitor-desk/settings.json",
        "The settings: the saved accounts (server, login, name: never a password or a token), preferences, the share \
         template and door instructions. In $VISITOR_DESK_CONFIG_DIR when set.",
    ),
    (
        "~/.local/share/visitor-desk/journal/",
        "The journal of each server and login (SQLite; the user's alone): who did what, and when. In \
         $VISITOR_DESK_DATA_DIR/journal/ when set.",
    ),
    (
        "$XDG_RUNTIME_DIR/visitor-desk/",
        "The sockets of the open windows, one per account, through which a second launch hands over and ends.",
    ),
    (
        "the system keyring (Secret Service)",
        "The kept sign-ins, service visitor-desk: user login@server for the window, login@server (command line) \
         for the command line, each a session of its own.",
    ),
];

/// The text after `--help`: exit codes and environment.
pub fn after_help() -> String {
    after_help_in("Exit status", EXIT_CODES, "Environment", ENVIRONMENT)
}

/// The text after `--help` in any language: the headings and meanings given, the layout the same.
pub fn after_help_in<'a>(
    exit_status: &str,
    codes: impl IntoIterator<Item = (u8, &'a str)>,
    environment: &str,
    variables: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> String {
    let mut text = format!("{exit_status}:\n");
    for (code, meaning) in codes {
        text.push_str(&format!("  {code}  {meaning}\n"));
    }
    text.push_str(&format!("\n{environment}:\n"));
    for (name, meaning) in variables {
        text.push_str(&format!("  {name}\n      {meaning}\n"));
    }
    text
}
