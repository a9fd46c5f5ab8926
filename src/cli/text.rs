//! Every sentence the command line says to a person, in one place, through the translation layer (the `cli-*`
//! messages of `assets/locales/<lang>/cli.ftl`). Machine output (JSON, CSV, the code alone, the status words of
//! CSV) is not here: scripts depend on it.

use std::io::Write as _;

use aipix_client::api::{Confirmation, Online};
use visitor_desk::t;

/// One message on stderr, through the sanitiser (it may quote what a server or a visitor's title said). A closed
/// stderr leaves nobody to tell.
pub fn say(message: &str) {
    let shown = visitor_desk::terminal::message(message);
    let _ = writeln!(std::io::stderr().lock(), "{shown}");
}

pub fn language_not_available(asked: &str, speaking: &str, available: &str) -> String {
    t!(
        "cli-language-not-available",
        asked = asked,
        speaking = speaking,
        available = available
    )
}

pub fn failed(message: &str) -> String {
    t!("cli-failed", message = message)
}

pub fn no_runtime(error: &std::io::Error) -> String {
    t!("cli-no-runtime", error = error.to_string())
}

pub fn backend_stopped() -> String {
    t!("cli-backend-stopped").to_owned()
}

pub fn output_failed(error: &std::io::Error) -> String {
    t!("cli-output-failed", error = error.to_string())
}

// ----- signing in and out -----

pub fn not_signed_in(reason: Option<&str>) -> String {
    let text = t!("cli-not-signed-in");
    match reason {
        Some(reason) => format!("{text}\n{reason}"),
        None => text.to_owned(),
    }
}

/// The sign-in of this run ended (`kept`: the kept one, which is then forgotten).
pub fn sign_in_ended(kept: bool) -> String {
    if kept {
        t!("cli-kept-sign-in-refused").to_owned()
    } else {
        t!("cli-sign-in-ended").to_owned()
    }
}

pub fn login_cannot_be_kept(warning: &str) -> String {
    t!("cli-login-cannot-be-kept", warning = warning)
}

pub fn keyring_check_stopped(error: &dyn std::fmt::Display) -> String {
    t!("cli-keyring-check-stopped", error = error.to_string())
}

pub fn need_server_and_login() -> String {
    t!("cli-need-server-and-login").to_owned()
}

pub fn login_needs_server_and_login() -> String {
    t!("cli-login-needs-account").to_owned()
}

/// `--account NAME` names no saved account: the names there are.
pub fn unknown_account(name: &str, names: &[String]) -> String {
    if names.is_empty() {
        t!("cli-no-saved-accounts", name = name)
    } else {
        t!("cli-unknown-account", name = name, names = names.join(", "))
    }
}

/// The saved account `name` has no kept sign-in (or it could not be read: `reason`).
pub fn account_not_signed_in(name: &str, reason: Option<&str>) -> String {
    let text = t!("cli-account-not-signed-in", name = name);
    match reason {
        Some(reason) => format!("{text}\n{reason}"),
        None => text,
    }
}

/// A saved account whose kept sign-in cannot be read: there is no keyring to read it from (`reason`).
pub fn keyring_unreachable(reason: &str) -> String {
    t!("cli-keyring-unreachable", reason = reason)
}

/// `--all-accounts` and no saved account has a kept sign-in.
pub fn no_account_signed_in() -> String {
    t!("cli-no-account-signed-in").to_owned()
}

/// One account of `--all-accounts` failed; the others go on.
pub fn account_not_read(name: &str, reason: &str) -> String {
    t!("cli-account-not-read", name = name, reason = reason)
}

/// `--all-accounts`: `failed` of `total` accounts were not read (each said already).
pub fn not_every_account_read(failed: usize, total: usize) -> String {
    t!("cli-not-every-account-read", failed = failed, total = total)
}

/// `--all-accounts`: not one of the `total` accounts could be read (each said already).
pub fn no_account_read(total: usize) -> String {
    t!("cli-no-account-read", total = total)
}

/// `watch --all-accounts`: this account's live channel stopped or its sign-in ended; the others go on.
pub fn account_stopped(name: &str, reason: &str) -> String {
    t!("cli-account-stopped", name = name, reason = reason)
}

pub fn account_header() -> &'static str {
    t!("cli-header-account")
}

pub fn no_password() -> String {
    t!("cli-no-password").to_owned()
}

/// The prompt, with the space the answer follows.
pub fn password_prompt(login: &str, server: &str) -> String {
    format!(
        "{} ",
        t!("cli-password-prompt", login = login, server = server)
    )
}

pub fn unreadable_password(error: &std::io::Error) -> String {
    t!("cli-unreadable-password", error = error.to_string())
}

pub fn signed_in(login: &str, server: &str) -> String {
    t!("cli-signed-in", login = login, server = server)
}

pub fn signed_out(login: &str, server: &str) -> String {
    t!("cli-signed-out", login = login, server = server)
}

pub fn logout_window_only(login: &str, server: &str) -> String {
    t!("cli-logout-window-only", login = login, server = server)
}

pub fn captcha_required(reason: &str) -> String {
    t!("cli-captcha-required", reason = reason)
}

/// The server's own words come first when it gave any, then the account's sessions, and how to end one.
pub fn too_many_sessions(message: &str, limit: Option<u32>, sessions: &str) -> String {
    let mut lines = Vec::new();
    if !message.trim().is_empty() {
        lines.push(message.trim().to_owned());
    }
    match limit {
        Some(limit) => lines.push(t!("cli-too-many-sessions-limit", limit = limit)),
        None => lines.push(t!("cli-too-many-sessions").to_owned()),
    }
    if !sessions.is_empty() {
        lines.push(sessions.to_owned());
        lines.push(t!("cli-end-session-hint").to_owned());
    }
    lines.join("\n")
}

/// The columns of the sessions table.
pub fn session_headers() -> [&'static str; 5] {
    [
        t!("cli-session-column-id"),
        t!("cli-session-column-device"),
        t!("cli-session-column-ip"),
        t!("cli-session-column-last"),
        t!("cli-session-column-online"),
    ]
}

/// `--end-session` named no session of the account.
pub fn unknown_session(id: &str) -> String {
    t!("cli-unknown-session", id = id)
}

pub fn untrusted_certificate(message: &str, sha256: &str) -> String {
    t!(
        "cli-untrusted-certificate",
        message = message,
        sha256 = sha256
    )
}

pub fn bad_pin(given: &str) -> String {
    t!("cli-bad-pin", given = given)
}

pub fn trust_options_are_for_commands() -> String {
    t!("cli-trust-options-for-commands").to_owned()
}

pub fn watch_sign_in_failed(error: &dyn std::fmt::Display) -> String {
    t!("cli-watch-sign-in-failed", error = error.to_string())
}

pub fn live_channel_stopped() -> String {
    t!("cli-live-channel-stopped").to_owned()
}

pub fn live_session_ended() -> String {
    t!("cli-live-session-ended").to_owned()
}

// ----- codes -----

pub fn bad_until(given: &str) -> String {
    t!("cli-bad-until", given = given)
}

pub fn nonexistent_local_time(given: &str) -> String {
    t!("cli-nonexistent-local-time", given = given)
}

pub fn bad_duration(given: &str) -> String {
    t!("cli-bad-duration", given = given)
}

pub fn duration_not_fixed(given: &str) -> String {
    t!("cli-duration-not-fixed", given = given)
}

pub fn duration_not_positive(given: &str) -> String {
    t!("cli-duration-not-positive", given = given)
}

pub fn created(code: &str, title: &str, intercom: &str, until: &str) -> String {
    t!(
        "cli-created",
        code = code,
        title = title,
        intercom = intercom,
        until = until
    )
}

pub fn no_data_folder() -> String {
    t!("cli-no-data-folder").to_owned()
}

pub fn slip_written(code: &str, path: &str) -> String {
    t!("cli-slip-written", code = code, path = path)
}

pub fn unknown_intercom(id: u64) -> String {
    t!("cli-unknown-intercom", id = id.to_string())
}

pub fn slip_expired(code: &str, id: u64, at: &str) -> String {
    t!(
        "cli-slip-expired",
        code = code,
        id = id.to_string(),
        at = at
    )
}

pub fn slip_revoked(code: &str, id: u64, at: &str) -> String {
    t!(
        "cli-slip-revoked",
        code = code,
        id = id.to_string(),
        at = at
    )
}

pub fn slip_void_written(code: &str, path: &str, mark: &str) -> String {
    t!(
        "cli-slip-void-written",
        code = code,
        path = path,
        mark = mark
    )
}

pub fn until_in_the_past(given: &str) -> String {
    t!("cli-until-in-the-past", given = given)
}

pub fn no_such_until(given: &str) -> String {
    t!("cli-no-such-until", given = given)
}

pub fn long_code_needs_yes() -> String {
    t!("cli-long-code-needs-yes").to_owned()
}

pub fn intercom_takes_no_codes(intercom: &str) -> String {
    t!("form-intercom-takes-no-codes", intercom = intercom)
}

pub fn unknown_slip_code(id: u64) -> String {
    t!("cli-unknown-slip-code", id = id.to_string())
}

/// Why a new code may not do what the visitor needs (the window's own words), and the question.
pub fn create_warning_long(days: i64, limit: u32) -> String {
    t!("confirm-create-long", days = days, limit = limit)
}

pub fn create_warning_offline(intercom: &str) -> String {
    t!("confirm-create-offline", intercom = intercom)
}

pub fn create_warning_not_confirmed(intercom: &str) -> String {
    t!("confirm-create-not-confirmed", intercom = intercom)
}

pub fn create_anyway() -> String {
    t!("cli-create-anyway").to_owned()
}

pub fn nothing_made() -> String {
    t!("cli-nothing-made").to_owned()
}

/// What to do about a full account: revoke the expired codes that still count (`ids`), or another one.
pub fn full_account_hint(expired: &[u64]) -> String {
    if expired.is_empty() {
        return t!("cli-full-none-expired").to_owned();
    }
    let listed: Vec<String> = expired.iter().map(u64::to_string).collect();
    t!(
        "cli-full-expired",
        count = expired.len(),
        ids = listed.join(" ")
    )
}

pub fn unknown_codes(ids: &[u64]) -> String {
    let listed: Vec<String> = ids.iter().map(u64::to_string).collect();
    t!(
        "cli-unknown-codes",
        count = ids.len(),
        ids = listed.join(", ")
    )
}

pub fn revoke_needs_yes() -> String {
    t!("cli-revoke-needs-yes").to_owned()
}

/// The question, with the space the answer follows.
pub fn revoke_question(count: usize) -> String {
    format!("{} ", t!("cli-revoke-question", count = count))
}

/// Whether an answer to a yes/no question means yes, in this language (English's always count).
pub fn answer_is_yes(answer: &str) -> bool {
    let answer = answer.trim().to_lowercase();
    t!("cli-answers-yes")
        .split(',')
        .chain(["y", "yes"])
        .any(|yes| yes.trim() == answer)
}

pub fn nothing_revoked() -> String {
    t!("cli-nothing-revoked").to_owned()
}

pub fn revoked(count: usize) -> String {
    t!("cli-revoked", count = count)
}

pub fn no_codes() -> String {
    t!("cli-no-codes").to_owned()
}

pub fn no_intercoms() -> String {
    t!("cli-no-intercoms").to_owned()
}

// ----- tables -----

pub fn code_headers() -> [&'static str; 6] {
    [
        t!("cli-header-id"),
        t!("cli-header-code"),
        t!("cli-header-title"),
        t!("cli-header-intercom"),
        t!("cli-header-status"),
        t!("cli-header-valid-until"),
    ]
}

pub fn intercom_headers() -> [&'static str; 6] {
    [
        t!("cli-header-id"),
        t!("cli-header-title"),
        t!("cli-header-address"),
        t!("cli-header-entrance"),
        t!("cli-header-online"),
        t!("cli-header-status"),
    ]
}

/// Online, offline, or not said by the server.
pub fn online_word(online: Online) -> &'static str {
    match online {
        Online::Yes => t!("cli-yes"),
        Online::No => t!("cli-no"),
        Online::Unknown => t!("cli-unknown"),
    }
}

/// Whether an intercom takes visitors as the server says: turned off for this device (`is_enabled: false`),
/// confirmed, not, or its status not reported.
pub fn intercom_usable(confirmation: Confirmation<'_>, enabled: Option<bool>) -> &'static str {
    match (confirmation, enabled) {
        (_, Some(false)) => t!("cli-intercom-disabled"),
        (Confirmation::Confirmed, _) => t!("cli-intercom-confirmed"),
        (Confirmation::Unconfirmed(_), _) => t!("cli-intercom-not-confirmed"),
        (Confirmation::NotReported, _) => t!("cli-intercom-status-not-reported"),
    }
}

/// A code made whose value the server did not send.
pub fn created_without_value(id: u64) -> String {
    t!("cli-created-without-value", id = id)
}

/// A slip asked for a code whose value the server did not send.
pub fn slip_without_value(id: u64) -> String {
    t!("cli-slip-without-value", id = id)
}

// ----- what the command line refuses, to keep the password, the token and files safe -----

pub fn password_in_arguments() -> String {
    t!("cli-password-in-arguments").to_owned()
}

pub fn insecure_http_refused(host: &str) -> String {
    t!("cli-insecure-http-refused", host = host)
}

pub fn not_encrypted(host: &str) -> String {
    t!("cli-not-encrypted", host = host)
}

/// The question, with the space the answer follows.
pub fn replace_question(path: &std::path::Path) -> String {
    format!(
        "{} ",
        t!("output-replace-question", path = path.display().to_string())
    )
}

// ----- the window, the demo and the simulator -----

pub fn no_settings_folder() -> String {
    t!("cli-no-settings-folder").to_owned()
}

/// No window could start: why, each graphics API tried and what became of it, and what the user can do.
pub fn no_window(error: &dyn std::fmt::Display, tried: &[super::renderer::Tried]) -> String {
    let tried: Vec<String> = tried.iter().map(ToString::to_string).collect();
    let tried = if tried.is_empty() {
        String::new()
    } else {
        format!("\n{}", t!("cli-window-tried", tried = tried.join("; ")))
    };
    format!(
        "{}{tried}\n{}",
        t!("cli-window-failed", error = error.to_string()),
        t!("cli-window-advice")
    )
}

#[cfg(feature = "demo")]
pub fn demo_server(url: &str, login: &str, password: &str) -> String {
    t!(
        "cli-demo-server",
        url = url,
        login = login,
        password = password
    )
}

/// The simulator listens where other computers reach it (`addr`, as bound: `0.0.0.0:8080` for every interface).
#[cfg(feature = "demo")]
pub fn sim_exposed(addr: &str) -> String {
    t!("cli-sim-exposed", addr = addr)
}

/// What `sim` prints: each server's address on a line of its own (with its building, when there are several),
/// the users every server has, and how to stop. `extra_accounts`: the user1 … userN added by `--accounts`.
#[cfg(feature = "demo")]
pub fn sim_listening(
    servers: &[(String, String)],
    users: &[(String, String)],
    extra_accounts: usize,
) -> String {
    let mut lines: Vec<String> = servers
        .iter()
        .map(|(url, site)| {
            if servers.len() > 1 {
                t!("cli-sim-listening-site", url = url, site = site)
            } else {
                t!("cli-sim-listening", url = url)
            }
        })
        .collect();
    for (login, password) in users {
        lines.push(t!("cli-sim-user", login = login, password = password));
    }
    if extra_accounts > 0 {
        lines.push(t!("cli-sim-accounts", count = extra_accounts));
    }
    lines.push(t!("cli-sim-stop").to_owned());
    lines.join("\n")
}
