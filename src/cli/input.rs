//! What a command reads besides its arguments, and the arguments clap cannot check alone: the password, a
//! confirmation, certificate trust, and the expiry of a new code.

use std::io::{BufRead as _, IsTerminal as _, Write as _};

use chrono::{DateTime, Local, NaiveDateTime, TimeDelta, TimeZone as _, Utc};
use jiff::{Span, SpanRelativeTo, Unit};
use zeroize::Zeroizing;

use std::path::Path;

use visitor_desk::files::{self, Existing, OutputError};
use visitor_desk::settings::TrustChoice;

use super::args::{AccountArgs, ExpiryArgs};
use super::failure::CliError;
use super::text;

/// The environment variable a command takes its password from.
pub const PASSWORD_ENV: &str = "VISITOR_DESK_PASSWORD";

/// Whether a person can be asked: standard input is a terminal.
pub fn terminal_attached() -> bool {
    std::io::stdin().is_terminal()
}

/// The password: `VISITOR_DESK_PASSWORD`, else a prompt without echo when a terminal is attached. Blocks. The
/// buffer is zeroed when dropped.
pub fn password(login: &str, server: &str) -> Result<Zeroizing<String>, CliError> {
    if let Some(password) = std::env::var_os(PASSWORD_ENV) {
        return password
            .into_string()
            .map(Zeroizing::new)
            .map_err(|_| CliError::usage(text::no_password()));
    }
    if !terminal_attached() {
        return Err(CliError::usage(text::no_password()));
    }
    rpassword::prompt_password(text::password_prompt(login, server))
        .map(Zeroizing::new)
        .map_err(|error| CliError::usage(text::unreadable_password(&error)))
}

/// Refuses plain http to another computer unless `--allow-insecure-http` says to go ahead: a password or token
/// sent there travels in clear. An address that does not parse is left for the sign-in to report.
pub fn check_encryption(account: &AccountArgs, server: &str) -> Result<(), CliError> {
    match unencrypted_host(server) {
        Some(host) if !account.allow_insecure_http => {
            Err(CliError::usage(text::insecure_http_refused(&host)))
        }
        _ => Ok(()),
    }
}

/// Says on stderr that `server` is reached unencrypted, when it is: the command line's lasting marker.
pub fn warn_if_unencrypted(server: &str) {
    if let Some(host) = unencrypted_host(server) {
        text::say(&text::not_encrypted(&host));
    }
}

/// The host of `server` when it is plain http to another computer.
fn unencrypted_host(server: &str) -> Option<String> {
    let url = aipix_client::api::parse_base_url(server).ok()?;
    aipix_client::api::is_unencrypted(&url).then(|| url.host_str().unwrap_or_default().to_owned())
}

/// Whether the file a command is to write at `path` may replace one that is there: never one of the journal's
/// own files; an existing file with `--force`, or when a person at the terminal says so; otherwise not.
pub fn output_policy(path: &Path, force: bool) -> Result<Existing, CliError> {
    if let Some(journals) = visitor_desk::journal::default_dir()
        && files::is_journal_file(path, &journals)
    {
        return Err(CliError::usage(
            OutputError::JournalFile(path.to_owned()).text(),
        ));
    }
    if std::fs::symlink_metadata(path).is_err() {
        return Ok(Existing::Keep);
    }
    if force {
        return Ok(Existing::Replace);
    }
    if terminal_attached() && confirm(&text::replace_question(path)) {
        return Ok(Existing::Replace);
    }
    Err(CliError::usage(OutputError::Exists(path.to_owned()).text()))
}

/// Asks a yes/no question on the terminal (stderr, then a line of stdin); anything but yes is no.
pub fn confirm(question: &str) -> bool {
    let mut stderr = std::io::stderr().lock();
    if write!(stderr, "{question}")
        .and_then(|()| stderr.flush())
        .is_err()
    {
        return false;
    }
    let mut answer = String::new();
    match std::io::stdin().lock().read_line(&mut answer) {
        Ok(_) => text::answer_is_yes(&answer),
        Err(_) => false,
    }
}

/// The certificate trust `--ca-file` or `--pin-sha256` ask for, if either.
pub fn trust_choice(account: &AccountArgs) -> Result<Option<TrustChoice>, CliError> {
    if let Some(path) = &account.ca_file {
        return Ok(Some(TrustChoice::CaFile { path: path.clone() }));
    }
    let Some(given) = &account.pin_sha256 else {
        return Ok(None);
    };
    let hex: String = given
        .trim()
        .chars()
        .filter(|c| *c != ':')
        .collect::<String>()
        .to_ascii_lowercase();
    if hex.len() != 64 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(CliError::usage(text::bad_pin(given)));
    }
    Ok(Some(TrustChoice::Pinned {
        sha256: hex,
        subject: String::new(),
    }))
}

/// The expiry `--until` (local time) or `--for` (from `now`) gives.
pub fn expiry(args: &ExpiryArgs, now: DateTime<Utc>) -> Result<DateTime<Utc>, CliError> {
    match (&args.until, &args.valid_for) {
        (Some(until), _) => {
            let at = local_time(until)?;
            // Refused here, before anything is sent: the server would only say the date is invalid.
            if at <= now {
                return Err(CliError::usage(text::until_in_the_past(until)));
            }
            Ok(at)
        }
        (None, Some(valid_for)) => Ok(now + duration(valid_for)?),
        // clap requires one of the two.
        (None, None) => Err(CliError::usage(text::bad_until(""))),
    }
}

/// "YYYY-MM-DD HH:MM" in local time (a `T` between them is fine too). A time the clocks skip is refused rather
/// than guessed; in the hour that repeats, the first one counts.
fn local_time(given: &str) -> Result<DateTime<Utc>, CliError> {
    let trimmed = given.trim();
    let naive = ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(trimmed, format).ok())
        .ok_or_else(|| {
            // Written right, but 2026-02-31 or 25:00 is on no calendar: that, not the format, is the mistake.
            if visitor_desk::journal::command::shaped_like_a_date(trimmed) && trimmed.len() > 10 {
                CliError::usage(text::no_such_until(given))
            } else {
                CliError::usage(text::bad_until(given))
            }
        })?;
    Local
        .from_local_datetime(&naive)
        .earliest()
        .map(|local| local.with_timezone(&Utc))
        .ok_or_else(|| CliError::usage(text::nonexistent_local_time(given)))
}

/// "30m", "4h", "2h30m", "1d", "1 day 2 hours": a day is 24 hours here.
fn duration(given: &str) -> Result<TimeDelta, CliError> {
    // The parser's own words (where in the text it stopped, which unit it expected) are for programmers.
    let span: Span = given
        .trim()
        .parse()
        .map_err(|_: jiff::Error| CliError::usage(text::bad_duration(given)))?;
    let seconds = span
        .total((Unit::Second, SpanRelativeTo::days_are_24_hours()))
        .map_err(|_| CliError::usage(text::duration_not_fixed(given)))?;
    if !(1.0..=1e10).contains(&seconds) {
        return Err(CliError::usage(text::duration_not_positive(given)));
    }
    // Whole seconds: the server counts in minutes anyway.
    #[allow(clippy::cast_possible_truncation)]
    Ok(TimeDelta::seconds(seconds as i64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::failure::Exit;

    #[test]
    fn durations_in_the_usual_spellings() {
        for (given, minutes) in [
            ("30m", 30),
            ("4h", 240),
            ("2h30m", 150),
            ("2h 30m", 150),
            ("1d", 1440),
            ("1 day", 1440),
            ("1w", 7 * 1440),
            ("PT90M", 90),
        ] {
            assert_eq!(
                duration(given).map(|d| d.num_minutes()),
                Ok(minutes),
                "{given}"
            );
        }
    }

    #[test]
    fn durations_that_make_no_sense_are_usage_errors() {
        for given in ["", "soon", "4", "-1h", "0m", "1 month", "10y", "4x"] {
            let failure = duration(given).expect_err(given);
            assert_eq!(failure.exit, Exit::Usage, "{given}");
            assert!(failure.message.contains("--for"), "{}", failure.message);
        }
    }

    #[test]
    fn until_is_local_time() {
        let expected = Local
            .with_ymd_and_hms(2031, 5, 6, 18, 45, 0)
            .earliest()
            .map(|at| at.with_timezone(&Utc));
        assert_eq!(local_time("2031-05-06 18:45").ok(), expected);
        assert_eq!(local_time(" 2031-05-06T18:45 ").ok(), expected);
        for given in [
            "2031-05-06",
            "tomorrow 18:45",
            "2031-13-01 10:00",
            "06.05.2031 18:45",
        ] {
            assert_eq!(
                local_time(given).map_err(|f| f.exit),
                Err(Exit::Usage),
                "{given}"
            );
        }
    }

    #[test]
    fn a_day_not_in_the_calendar_and_a_past_until_are_said_as_such() {
        for given in ["2031-02-31 10:00", "2031-04-31T10:00", "2031-05-06 25:00"] {
            let failure = local_time(given).expect_err(given);
            assert!(failure.message.contains("no such"), "{}", failure.message);
        }
        let failure = local_time("31.05.2031 10:00").expect_err("format");
        assert!(!failure.message.contains("no such"), "{}", failure.message);
        let past = ExpiryArgs {
            until: Some("2020-01-01 10:00".into()),
            valid_for: None,
        };
        let failure = expiry(&past, Utc::now()).expect_err("in the past");
        assert_eq!(failure.exit, Exit::Usage);
        assert!(failure.message.contains("past"), "{}", failure.message);
    }

    #[test]
    fn fingerprints_with_or_without_colons() {
        let hex = "AB".repeat(32);
        let colons = vec!["ab"; 32].join(":");
        for given in [hex.clone(), colons] {
            let account = AccountArgs {
                pin_sha256: Some(given),
                ..AccountArgs::default()
            };
            assert_eq!(
                trust_choice(&account),
                Ok(Some(TrustChoice::Pinned {
                    sha256: "ab".repeat(32),
                    subject: String::new()
                }))
            );
        }
        let short = AccountArgs {
            pin_sha256: Some("abcd".into()),
            ..AccountArgs::default()
        };
        assert_eq!(trust_choice(&short).map_err(|f| f.exit), Err(Exit::Usage));
        assert_eq!(trust_choice(&AccountArgs::default()), Ok(None));
    }
}
