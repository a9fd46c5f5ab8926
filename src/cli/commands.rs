//! The scripting commands: `login`, `logout`, `intercoms`, `codes list|create|revoke`, `slip`, `journal`. Each signs in through
//! [`Account`], asks one thing of the backend, and prints the answer.

use std::collections::BTreeSet;

use chrono::Utc;

use visitor_desk::files::{self, Readers};
use visitor_desk::handover::{self, Handover, SlipSize, Void};
use visitor_desk::{journal, settings};

use aipix_client::api::{Code, Intercom};
use aipix_client::live::LiveConfig;
use visitor_desk::backend::Follow;

use super::account::{self, Account, AllAccounts, Following, Purpose};
use super::args::{
    AccountArgs, CreateArgs, CreatedFormat, Format, IntercomsArgs, JournalArgs, JournalFormat,
    ListArgs, RevokeArgs, SlipArgs, SlipSizeArg,
};
use super::failure::{CliError, Exit};
use super::{input, output, stdout, text};

pub async fn login(account: &AccountArgs) -> Result<(), CliError> {
    let desk = Account::open(account, Purpose::Login).await?;
    text::say(&text::signed_in(&desk.user.login, &desk.server));
    // Dropping the desk leaves the session open and kept, as closing the window does.
    Ok(())
}

pub async fn logout(account: &AccountArgs) -> Result<(), CliError> {
    let desk = Account::open(account, Purpose::Logout).await?;
    let said = text::signed_out(&desk.user.login, &desk.server);
    desk.sign_out().await?;
    text::say(&said);
    Ok(())
}

pub async fn intercoms(account: &AccountArgs, args: &IntercomsArgs) -> Result<(), CliError> {
    with_desk(account, async |desk| {
        let (intercoms, _) = desk.listing().await?;
        stdout::to_stdout(|out| output::intercoms(out, args.format, &intercoms))
    })
    .await
}

pub async fn list_codes(account: &AccountArgs, args: &ListArgs) -> Result<(), CliError> {
    if args.all_accounts {
        return list_all_accounts(args).await;
    }
    with_desk(account, async |desk| {
        let (intercoms, codes) = desk.listing().await?;
        let now = Utc::now();
        if let Some(id) = args.intercom
            && !knows_intercom(&intercoms, &codes, id)
        {
            return Err(CliError::usage(text::unknown_intercom(id)));
        }
        let chosen = chosen_codes(args, codes, now);
        stdout::to_stdout(|out| output::codes(out, args.format, &chosen, now))
    })
    .await
}

/// `codes list --all-accounts`: every saved account with a kept sign-in, read at once, in one list. An account
/// that cannot be read is named on stderr and the others are listed; the exit code then says not all were.
async fn list_all_accounts(args: &ListArgs) -> Result<(), CliError> {
    let following = Following {
        live: LiveConfig::default(),
        follow: Follow::OnRequest,
        journal: true,
    };
    let accounts = AllAccounts::open(following, None).await?;
    let total = accounts.opened.len();
    let mut reading = tokio::task::JoinSet::new();
    let mut names = Vec::new();
    let mut read: Vec<Option<Result<Listing, CliError>>> = Vec::new();
    for (index, (name, opened)) in accounts.opened.into_iter().enumerate() {
        names.push(name);
        match opened {
            Ok(mut desk) => {
                read.push(None);
                reading.spawn(async move {
                    let listing = desk.listing().await;
                    desk.finish().await;
                    (index, listing)
                });
            }
            Err(failure) => read.push(Some(Err(failure))),
        }
    }
    while let Some(done) = reading.join_next().await {
        if let Ok((index, listing)) = done {
            read[index] = Some(listing);
        }
    }
    let now = Utc::now();
    let mut listed: Vec<(String, Vec<Code>)> = Vec::new();
    let mut intercom_known = false;
    let mut failures = Vec::new();
    for (name, listing) in names.into_iter().zip(read) {
        match listing
            .unwrap_or_else(|| Err(CliError::new(Exit::Unreachable, text::backend_stopped())))
        {
            Ok((intercoms, codes)) => {
                intercom_known |= args
                    .intercom
                    .is_some_and(|id| knows_intercom(&intercoms, &codes, id));
                listed.push((name, chosen_codes(args, codes, now)));
            }
            Err(failure) => {
                text::say(&text::account_not_read(&name, &failure.message));
                failures.push(failure);
            }
        }
    }
    if let Some(id) = args.intercom
        && !intercom_known
        && failures.is_empty()
    {
        return Err(CliError::usage(text::unknown_intercom(id)));
    }
    if listed.is_empty() {
        // Each account was said above; the first one's reason decides the exit code.
        let exit = failures
            .first()
            .map_or(Exit::Unreachable, |failure| failure.exit);
        return Err(CliError::new(exit, text::no_account_read(total)));
    }
    let rows: Vec<(&str, &Code)> = listed
        .iter()
        .flat_map(|(name, codes)| codes.iter().map(move |code| (name.as_str(), code)))
        .collect();
    stdout::to_stdout(|out| output::account_codes(out, args.format, &rows, now))?;
    if failures.is_empty() {
        Ok(())
    } else {
        Err(CliError::new(
            Exit::NotAllAccounts,
            text::not_every_account_read(failures.len(), total),
        ))
    }
}

type Listing = (Vec<Intercom>, Vec<Code>);

/// Whether the account has intercom `id` (a code of it is enough: the server may list it no longer).
fn knows_intercom(intercoms: &[Intercom], codes: &[Code], id: u64) -> bool {
    intercoms.iter().any(|intercom| intercom.id == id)
        || codes.iter().any(|code| code.intercom_id() == Some(id))
}

/// The codes `--intercom` and `--status` choose.
fn chosen_codes(args: &ListArgs, codes: Vec<Code>, now: chrono::DateTime<Utc>) -> Vec<Code> {
    codes
        .into_iter()
        .filter(|code| {
            args.intercom
                .is_none_or(|id| code.intercom_id() == Some(id))
        })
        .filter(|code| {
            args.status.is_empty() || args.status.contains(&output::status_of(code, now))
        })
        .collect()
}

pub async fn create_code(account: &AccountArgs, args: &CreateArgs) -> Result<(), CliError> {
    // A wrong expiry is said before anything is sent.
    let expires_at = input::expiry(&args.expiry, Utc::now())?;
    with_desk(account, async |desk| {
        // The intercom named, and what the window would ask about first: an unknown id is said as such, an
        // intercom that may not take the code or a long validity is warned of (and asked, at a terminal).
        let (intercoms, codes) = desk.listing().await?;
        let intercom = intercoms
            .iter()
            .find(|intercom| intercom.id == args.intercom)
            .ok_or_else(|| CliError::usage(text::unknown_intercom(args.intercom)))?;
        // As the window: the server would refuse it, saying only that it is not allowed.
        if !intercom.takes_codes() {
            return Err(CliError::new(
                Exit::Refused,
                text::intercom_takes_no_codes(&intercom.title),
            ));
        }
        let max_days = desk.max_expiry_days();
        let warnings = create_warnings(intercom, expires_at, max_days);
        if !warnings.is_empty() {
            for warning in &warnings {
                text::say(warning);
            }
            // A validity longer than usual is asked about, as revoking is: a script says --yes.
            if !args.yes && !input::terminal_attached() && longer_than_usual(expires_at, max_days) {
                return Err(CliError::usage(text::long_code_needs_yes()));
            }
            if !args.yes && input::terminal_attached() {
                let question = text::create_anyway();
                let confirmed = tokio::task::spawn_blocking(move || input::confirm(&question))
                    .await
                    .unwrap_or(false);
                if !confirmed {
                    return Err(CliError::usage(text::nothing_made()));
                }
            }
        }
        let now = Utc::now();
        let code = match desk
            .create(args.intercom, args.title.trim(), expires_at)
            .await
        {
            Ok(code) => code,
            Err(mut failure) if desk.refused_as_full() => {
                // Which codes still count without opening a door: revoking those makes room.
                let expired: Vec<u64> = codes
                    .iter()
                    .filter(|code| code.expired_at <= now)
                    .map(|code| code.id)
                    .collect();
                failure.message.push('\n');
                failure.message.push_str(&text::full_account_hint(&expired));
                return Err(failure);
            }
            Err(failure) => return Err(failure),
        };
        if args.format == CreatedFormat::Code && code.code_value().is_none() {
            // Made, but nothing to hand the visitor: a script must not take an empty line for a code.
            return Err(CliError::new(
                Exit::Unreachable,
                text::created_without_value(code.id),
            ));
        }
        stdout::to_stdout(|out| match args.format {
            CreatedFormat::Code => output::code_alone(out, &code),
            CreatedFormat::Json => output::json(out, &code),
        })?;
        text::say(&text::created(
            &visitor_desk::domain::shown_value(&code),
            &code.title,
            &visitor_desk::domain::intercom_name(&code),
            &output::local_minute(code.expired_at),
        ));
        Ok(())
    })
    .await
}

pub async fn revoke_codes(account: &AccountArgs, args: &RevokeArgs) -> Result<(), CliError> {
    let ask = !args.yes;
    if ask && !input::terminal_attached() {
        return Err(CliError::usage(text::revoke_needs_yes()));
    }
    let ids: BTreeSet<u64> = args.ids.iter().copied().collect();
    with_desk(account, async |desk| {
        // The server ignores ids that are not the account's: a mistyped id must not pass for a revoked code.
        let (_, codes) = desk.listing().await?;
        let unknown: Vec<u64> = ids
            .iter()
            .copied()
            .filter(|id| !codes.iter().any(|code| code.id == *id))
            .collect();
        if !unknown.is_empty() {
            return Err(CliError::usage(text::unknown_codes(&unknown)));
        }
        if ask {
            let chosen: Vec<_> = codes
                .into_iter()
                .filter(|code| ids.contains(&code.id))
                .collect();
            let mut listing = Vec::new();
            output::codes(&mut listing, Format::Table, &chosen, Utc::now())
                .map_err(|error| CliError::usage(text::output_failed(&error)))?;
            text::say(String::from_utf8_lossy(&listing).trim_end());
            let question = text::revoke_question(ids.len());
            let confirmed = tokio::task::spawn_blocking(move || input::confirm(&question))
                .await
                .unwrap_or(false);
            if !confirmed {
                return Err(CliError::usage(text::nothing_revoked()));
            }
        }
        desk.revoke(ids.iter().copied().collect()).await?;
        text::say(&text::revoked(ids.len()));
        Ok(())
    })
    .await
}

pub async fn slip(account: &AccountArgs, args: &SlipArgs) -> Result<(), CliError> {
    let size = match args.size {
        SlipSizeArg::A6 => SlipSize::A6,
        SlipSizeArg::Receipt => SlipSize::Receipt,
        SlipSizeArg::A4 => SlipSize::A4,
    };
    // Asked before signing in: a file that must not be replaced costs no session.
    let existing = input::output_policy(&args.output, args.force)?;
    with_desk(account, async |desk| {
        let (intercoms, codes) = desk.listing().await?;
        let now = Utc::now();
        let kept = desk.kept_handover();
        let instructions_of = |intercom: Option<u64>| {
            intercom
                .and_then(|id| kept.instructions.get(&id))
                .map_or("", String::as_str)
        };
        let (handover, void) = match codes.iter().find(|code| code.id == args.code_id) {
            Some(code) => {
                let Some(value) = code.code_value() else {
                    return Err(CliError::usage(text::slip_without_value(code.id)));
                };
                // As the window: a code that no longer opens the door gets no slip a visitor could be handed.
                let void = (code.expired_at <= now).then_some(Void::Expired);
                if void.is_some() && !args.force {
                    return Err(CliError::new(
                        Exit::NotValid,
                        text::slip_expired(value, code.id, &output::local_minute(code.expired_at)),
                    ));
                }
                let intercom = intercoms.iter().find(|i| Some(i.id) == code.intercom_id());
                let instructions = instructions_of(code.intercom_id());
                (Handover::new(code, intercom, instructions, now), void)
            }
            // The server forgets a revoked code at once; this computer's journal remembers it.
            None => {
                let revoked = revoked_here(desk, args.code_id)
                    .ok_or_else(|| CliError::usage(text::unknown_slip_code(args.code_id)))?;
                if !args.force {
                    return Err(CliError::new(
                        Exit::NotValid,
                        text::slip_revoked(
                            &revoked.handover.code,
                            args.code_id,
                            &output::local_minute(revoked.at),
                        ),
                    ));
                }
                let mut handover = revoked.handover;
                if let Some(intercom) = intercoms.iter().find(|i| Some(i.id) == revoked.intercom) {
                    handover.address.clone_from(&intercom.address);
                    handover.entrance = intercom
                        .department
                        .map(|n| n.to_string())
                        .unwrap_or_default();
                }
                handover.instructions = instructions_of(revoked.intercom).trim().to_owned();
                (handover, Some(Void::Revoked))
            }
        };
        // The slip is made into a file beside its place, which takes the place whole once it is written: a
        // failure (a full disk) leaves what was there.
        let temp = files::temporary_beside(&args.output, existing, Readers::Usual)
            .map_err(|error| CliError::usage(error.text()))?;
        let code = handover.code.clone();
        match void {
            None => {
                let message = handover::message(kept.template.as_deref(), &handover);
                desk.make_slip(handover, message, size, temp.path().to_owned())
                    .await?;
            }
            Some(void) => write_void_slip(handover, size, void, temp.path(), &args.output).await?,
        }
        files::put_in_place(temp, &args.output, existing)
            .map_err(|error| CliError::usage(error.text()))?;
        let path = args.output.display().to_string();
        text::say(&match void {
            None => text::slip_written(&code, &path),
            Some(void) => text::slip_void_written(&code, &path, void.mark()),
        });
        Ok(())
    })
    .await
}

/// A dead code's slip (`--force`), marked EXPIRED or REVOKED and without its QR code, written to `temp`.
async fn write_void_slip(
    handover: Handover,
    size: SlipSize,
    void: Void,
    temp: &std::path::Path,
    output: &std::path::Path,
) -> Result<(), CliError> {
    let pdf = tokio::task::spawn_blocking(move || handover::render_void_pdf(&handover, size, void))
        .await
        .map_err(|_| CliError::usage(text::backend_stopped()))?
        .map_err(|error| CliError::usage(handover::SlipFailure::Make(error.to_string()).text()))?;
    std::fs::write(temp, pdf).map_err(|error| {
        CliError::usage(
            handover::SlipFailure::Write {
                path: output.to_owned(),
                reason: error.to_string(),
            }
            .text(),
        )
    })
}

/// A code this computer's journal saw revoked: when, and what its slip said (from the line that made it).
struct Revoked {
    at: chrono::DateTime<Utc>,
    intercom: Option<u64>,
    handover: Handover,
}

/// What the account's journal knows of code `id` being revoked; `None` when it knows no revoke of it, or the
/// code's digits (nothing to print).
fn revoked_here(desk: &Account, id: u64) -> Option<Revoked> {
    let path = journal::file_path(&journal::default_dir()?, &desk.server, &desk.user.login);
    let story = journal::command::code_story(&path, id).ok()?;
    let revoked = story.iter().rev().find(|entry| {
        entry.kind == journal::Kind::CodeRevoked
            && entry.code_id == Some(id)
            && entry.outcome == journal::Outcome::Ok
    })?;
    let made = story
        .iter()
        .find(|entry| entry.kind == journal::Kind::CodeCreated && entry.code_id == Some(id));
    let value = [Some(revoked), made]
        .into_iter()
        .flatten()
        .map(|entry| entry.code.as_str())
        .find(|code| !code.is_empty())?;
    let (title, intercom_name, intercom, until) = match made {
        Some(made) => (
            &made.title,
            &made.intercom,
            made.intercom_id,
            made.expires_at,
        ),
        None => (
            &revoked.title,
            &revoked.intercom,
            revoked.intercom_id,
            revoked.expires_at,
        ),
    };
    let now = Utc::now();
    Some(Revoked {
        at: revoked.at,
        intercom,
        handover: Handover {
            code: value.to_owned(),
            title: title.clone(),
            intercom: intercom_name.clone(),
            valid_from: made.map_or_else(String::new, |made| {
                visitor_desk::i18n::date_time(made.at, now)
            }),
            valid_until: until.map_or_else(String::new, |until| {
                visitor_desk::i18n::date_time(until, now)
            }),
            ..Handover::default()
        },
    })
}

/// What the window asks about before it makes a code: a validity longer than the usual limit, an intercom that is
/// not confirmed or is offline.
fn create_warnings(
    intercom: &aipix_client::api::Intercom,
    expires_at: chrono::DateTime<Utc>,
    max_days: u32,
) -> Vec<String> {
    let mut warnings = Vec::new();
    if longer_than_usual(expires_at, max_days) {
        warnings.push(text::create_warning_long(
            days_from_now(expires_at),
            max_days,
        ));
    }
    // A status the server does not report is nothing to warn about.
    if intercom.is_unconfirmed() {
        warnings.push(text::create_warning_not_confirmed(&intercom.title));
    } else if intercom.online().is_offline() {
        warnings.push(text::create_warning_offline(&intercom.title));
    }
    warnings
}

/// Whole days from now to `expires_at`, a part of a day counting as one.
fn days_from_now(expires_at: chrono::DateTime<Utc>) -> i64 {
    let minutes = (expires_at - Utc::now()).num_minutes();
    (minutes + 24 * 60 - 1) / (24 * 60)
}

/// Whether a code valid until `expires_at` is valid for longer than the usual limit.
fn longer_than_usual(expires_at: chrono::DateTime<Utc>, max_days: u32) -> bool {
    days_from_now(expires_at) > i64::from(max_days)
}

/// `journal`: this computer's journal of an account, read from its file (no sign-in needed).
pub fn journal(account: &AccountArgs, args: &JournalArgs) -> Result<(), CliError> {
    let (server, login) = account::named_server_and_login(account)?;
    let since = args
        .since
        .as_deref()
        .map(journal::command::parse_since)
        .transpose()
        .map_err(|error| CliError::usage(error.text()))?;
    let until = args
        .until
        .as_deref()
        .map(journal::command::parse_until)
        .transpose()
        .map_err(|error| CliError::usage(error.text()))?;
    let options = journal::command::Options {
        since,
        until,
        format: match args.format {
            JournalFormat::Table => journal::command::Format::Table,
            JournalFormat::Csv => journal::command::Format::Csv,
            JournalFormat::Json => journal::command::Format::Json,
        },
        bom: args.bom,
        server,
        login,
        settings_dir: settings::default_dir(),
        journal_dir: journal::default_dir(),
    };
    match &args.output {
        // Written beside its place and put there whole once the journal was read: a failure leaves the file as
        // it was, and the journal's own files are never written over.
        Some(path) => {
            let existing = input::output_policy(path, args.force)?;
            let source = journal::command::locate(&options)
                .map_err(|error| CliError::usage(error.text()))?;
            files::write_whole(path, existing, Readers::Usual, |out| {
                journal::command::write_from(&source, &options, out)
                    .map(drop)
                    .map_err(|error| error.text())
            })
            .map_err(|error| CliError::usage(error.text()))
        }
        // Through the one writer to stdout: to a terminal, what a title would command it to do is shown as spaces.
        None => {
            let mut failure = None;
            stdout::to_stdout(|out| {
                match journal::command::run(&options, out) {
                    // The reader went away (`| head`): it had what it wanted.
                    Err(error) if journal_reader_gone(&error) => {}
                    Err(error) => failure = Some(CliError::usage(error.text())),
                    Ok(_) => {}
                }
                Ok(())
            })?;
            failure.map_or(Ok(()), Err)
        }
    }
}

/// Whether printing the journal failed only because whoever read stdout went away.
fn journal_reader_gone(error: &journal::command::CommandError) -> bool {
    use journal::ExportError;
    match error {
        journal::command::CommandError::Export(ExportError::Write(io)) => {
            stdout::is_broken_pipe(io)
        }
        journal::command::CommandError::Export(ExportError::Csv(csv)) => {
            stdout::csv_broken_pipe(csv)
        }
        journal::command::CommandError::Export(ExportError::Json(json)) => {
            json.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe)
        }
        _ => false,
    }
}

/// Signs in, runs `job`, and ends a sign-in made for this run whatever the job's outcome.
pub async fn with_desk(
    account: &AccountArgs,
    job: impl AsyncFnOnce(&mut Account) -> Result<(), CliError>,
) -> Result<(), CliError> {
    let mut desk = Account::open(account, Purpose::Use).await?;
    let result = job(&mut desk).await;
    desk.finish().await;
    result
}
