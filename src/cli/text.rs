//! Every sentence the command line says to a person, in one place, so that they can be translated together.
//! Machine output (JSON, CSV, the code alone, the status words of CSV) is not here: scripts depend on it.

use std::io::Write as _;

/// One message on stderr. A closed stderr leaves nobody to tell.
pub fn say(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{message}");
}

pub fn failed(message: &str) -> String {
    format!("visitor-desk: {message}")
}

pub fn no_runtime(error: &std::io::Error) -> String {
    format!("cannot start the async runtime: {error}")
}

fn codes(count: usize) -> String {
    if count == 1 {
        "1 code".to_owned()
    } else {
        format!("{count} codes")
    }
}

// ----- signing in and out -----

pub fn not_signed_in(reason: Option<&str>) -> String {
    let mut text =
        "Not signed in. Sign in with `visitor-desk login --server URL --login LOGIN`, or give \
                    --server and --login (with VISITOR_DESK_PASSWORD) to sign in for one run."
            .to_owned();
    if let Some(reason) = reason {
        text.push_str(&format!("\n{reason}"));
    }
    text
}

pub fn sign_in_ended(reason: Option<&str>) -> String {
    let reason = reason.unwrap_or("The session has ended.");
    format!("{reason} Sign in again with `visitor-desk login --server URL --login LOGIN`.")
}

pub fn login_cannot_be_kept(warning: &str) -> String {
    format!(
        "{warning} `login` keeps nothing here, so nothing was signed in: give --server and --login (with \
         VISITOR_DESK_PASSWORD) to each command instead."
    )
}

pub fn need_server_and_login() -> String {
    "Give both --server and --login (or neither, to use the kept sign-in).".to_owned()
}

pub fn login_needs_server_and_login() -> String {
    "`login` needs --server URL and --login LOGIN.".to_owned()
}

pub fn no_password() -> String {
    "No password: set VISITOR_DESK_PASSWORD, or run this in a terminal to be asked for it."
        .to_owned()
}

pub fn password_prompt(login: &str, server: &str) -> String {
    format!("Password for {login} at {server}: ")
}

pub fn unreadable_password(error: &std::io::Error) -> String {
    format!("The password could not be read: {error}")
}

pub fn signed_in(login: &str, server: &str) -> String {
    format!("Signed in to {server} as {login}. The sign-in is kept in the system keyring.")
}

pub fn signed_out(login: &str, server: &str) -> String {
    format!("Signed out of {server} ({login}).")
}

pub fn captcha_required(reason: &str) -> String {
    format!(
        "The server asks for a captcha ({reason}). Sign in once from the window (`visitor-desk`), then try again."
    )
}

pub fn too_many_sessions(message: &str) -> String {
    let message = if message.trim().is_empty() {
        "Too many sessions are open for this account."
    } else {
        message.trim()
    };
    format!("{message} Sign out on another device, or sign in from the window, which can end one.")
}

pub fn untrusted_certificate(message: &str, sha256: &str) -> String {
    format!(
        "{message}\nIf this is your server's certificate, trust it with --pin-sha256 {sha256} (or give its CA with \
         --ca-file)."
    )
}

pub fn bad_pin(given: &str) -> String {
    format!(
        "{given:?} is not a SHA-256 fingerprint: 64 hexadecimal digits, in pairs separated by colons or not."
    )
}

pub fn backend_stopped() -> String {
    "The backend stopped unexpectedly.".to_owned()
}

// ----- codes -----

pub fn bad_until(given: &str) -> String {
    format!("--until {given:?}: give the local date and time as \"YYYY-MM-DD HH:MM\".")
}

pub fn nonexistent_local_time(given: &str) -> String {
    format!("--until {given:?}: that time does not exist here (the clocks change then).")
}

pub fn bad_duration(given: &str, reason: &str) -> String {
    format!("--for {given:?}: give how long, e.g. 30m, 4h, 2h30m or 1d ({reason}).")
}

pub fn duration_not_positive(given: &str) -> String {
    format!("--for {given:?}: the code must be valid for some time from now.")
}

pub fn created(code: &str, title: &str, intercom: &str, until: &str) -> String {
    format!("Code {code} for \u{201c}{title}\u{201d} at {intercom}, valid until {until}.")
}

pub fn unknown_intercom(id: u64) -> String {
    format!("This account has no intercom with id {id}.")
}

pub fn unknown_codes(ids: &[u64]) -> String {
    let ids: Vec<String> = ids.iter().map(u64::to_string).collect();
    format!(
        "This account has no code with id {}. Nothing was revoked.",
        ids.join(", ")
    )
}

pub fn revoke_needs_yes() -> String {
    "Revoking asks first, and no terminal is attached: add --yes. Nothing was revoked.".to_owned()
}

pub fn revoke_question(count: usize) -> String {
    format!(
        "Revoke {}? They stop opening the door at once. [y/N] ",
        codes(count)
    )
}

pub fn revoke_answer_is_yes(answer: &str) -> bool {
    matches!(answer.trim().to_lowercase().as_str(), "y" | "yes")
}

pub fn nothing_revoked() -> String {
    "Nothing was revoked.".to_owned()
}

pub fn revoked(count: usize) -> String {
    format!("Revoked {}.", codes(count))
}

pub fn no_codes() -> String {
    "No codes.".to_owned()
}

pub fn no_intercoms() -> String {
    "No intercoms.".to_owned()
}

pub fn output_failed(error: &std::io::Error) -> String {
    format!("The output could not be written: {error}")
}

// ----- tables -----

pub fn code_headers() -> [&'static str; 6] {
    ["ID", "CODE", "TITLE", "INTERCOM", "STATUS", "VALID UNTIL"]
}

pub fn intercom_headers() -> [&'static str; 6] {
    ["ID", "TITLE", "ADDRESS", "ENTRANCE", "ONLINE", "STATUS"]
}

pub fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

pub fn intercom_usable(confirmed: bool, enabled: bool) -> &'static str {
    match (confirmed, enabled) {
        (_, false) => "disabled",
        (true, true) => "confirmed",
        (false, true) => "not confirmed",
    }
}

// ----- the window, the demo and the simulator -----

pub fn no_settings_folder() -> String {
    "No settings folder was found: profiles will not be kept.".to_owned()
}

pub fn window_failed(error: &dyn std::fmt::Display) -> String {
    format!("the window could not be shown: {error}")
}

#[cfg(feature = "demo")]
pub fn demo_server(url: &str, login: &str, password: &str) -> String {
    format!(
        "Demo server: {url}\n  login: {login}  password: {password}\n\
         Another window can join it: visitor-desk --server {url} --login {login}"
    )
}

#[cfg(feature = "demo")]
pub fn sim_listening(url: &str, users: &[(String, String)]) -> String {
    let mut text = format!("AIPIX simulator listening on {url}");
    for (login, password) in users {
        text.push_str(&format!("\n  login: {login}  password: {password}"));
    }
    text.push_str("\nPress Ctrl-C to stop.");
    text
}

pub fn watch_sign_in_failed(error: &dyn std::fmt::Display) -> String {
    format!("sign-in failed: {error}")
}

pub fn watch_needs_account() -> String {
    "`watch` needs --server URL and --login LOGIN.".to_owned()
}

pub fn live_channel_stopped() -> String {
    "the live channel stopped".to_owned()
}

pub fn trust_options_are_for_commands() -> String {
    "--ca-file and --pin-sha256 are for commands; for the window, use the sign-in screen's Advanced section."
        .to_owned()
}
