//! The files the command line writes, and what it prints to a terminal: `journal --output` and `slip` write
//! whole or not at all, never over the journal's own files, and replace a file only with `--force` or a yes at
//! the terminal; no table or message passes a terminal command from a visitor's title.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use aipix_sim::SimConfig;
use aipix_sim::testing::start_on_loopback;
use chrono::{TimeDelta, Utc};
use common::cli::Home;
use common::events::{journal_when, wait_for};
use visitor_desk::backend::{Backend, BackendConfig};
use visitor_desk::journal::{self, JournalSetup, Kind};
use visitor_desk::messages::{Command, Event, SignInRequest};

/// A visitor's title that commands a terminal: retitle the window, ring, clear the screen, hide the rest.
const HOSTILE_TITLE: &str = "Ann\u{1b}]0;pwned\u{7}\u{1b}[2J\u{8}\u{8}\u{202e}tseug";

/// The journal of the demo account in `journal_dir`, with a code made at `intercom` for each of `titles` through
/// the real backend (on a runtime of its own: call it off the test's).
fn journal_with_codes(journal_dir: &Path, server: &str, intercom: u64, titles: &[&str]) -> PathBuf {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let config = BackendConfig {
        journal: Some(JournalSetup::new(
            journal_dir.to_owned(),
            "cli-files-device",
            400,
        )),
        ..BackendConfig::new("cli-files-device")
    };
    let mut backend = Backend::start(runtime.handle(), config, Arc::new(|| {}));
    backend.send(Command::SignIn(SignInRequest {
        server: server.to_owned(),
        login: "demo".into(),
        password: "demo".into(),
        ..SignInRequest::default()
    }));
    wait_for(&mut backend, "the listing", |e| {
        matches!(e, Event::Synced { .. }).then_some(())
    });
    for (request, title) in (1..).zip(titles) {
        backend.send(Command::CreateCode {
            request,
            intercom,
            title: (*title).to_owned(),
            expires_at: Utc::now() + TimeDelta::hours(2),
        });
        wait_for(&mut backend, "the new code", |e| {
            matches!(e, Event::CodeCreated { request: made, .. } if *made == request).then_some(())
        });
    }
    backend.send(Command::SignOut);
    wait_for(&mut backend, "the sign-out", |e| {
        matches!(e, Event::SignedOut { .. }).then_some(())
    });
    let file = journal::file_path(journal_dir, &format!("{server}/"), "demo");
    // The journal's thread writes on its own time: the sign-out is the last line.
    journal_when(&mut backend, &file, &mut Vec::new(), |entries| {
        entries
            .last()
            .is_some_and(|entry| entry.kind == Kind::SignOut)
    });
    drop(backend);
    drop(runtime);
    file
}

/// How many entries the journal at `path` holds, read as the command line reads it.
fn count_entries(path: &Path) -> Option<usize> {
    let mut out = Vec::new();
    let options = journal::command::Options {
        format: journal::command::Format::Json,
        ..journal::command::Options::default()
    };
    journal::command::write_from(path, &options, &mut out).ok()
}

/// [`journal_with_codes`] off the test's runtime.
async fn journal_for(home: &Home, sim: &aipix_sim::SimHandle, titles: &[&str]) -> PathBuf {
    let journal_dir = home.journal_dir();
    let server = sim.base_url();
    let intercom = sim.intercom_ids("demo")[0];
    let titles: Vec<String> = titles.iter().map(|title| (*title).to_owned()).collect();
    tokio::task::spawn_blocking(move || {
        let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
        journal_with_codes(&journal_dir, &server, intercom, &titles)
    })
    .await
    .expect("the journal is made")
}

fn parts_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("list")
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".part"))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_journal_that_cannot_be_read_leaves_the_output_file_as_it_was() {
    let home = Home::new();
    let out = tempfile::tempdir().expect("out");
    let target = out.path().join("january.csv");
    std::fs::write(&target, "last month's export").expect("old file");
    let run = home
        .run(
            &[
                "journal",
                "--server",
                "http://127.0.0.1:9/",
                "--login",
                "nobody",
                "--format",
                "csv",
                "--output",
                target.to_str().expect("path"),
                "--force",
            ],
            None,
        )
        .await;
    run.exited(1);
    assert!(run.stderr.contains("no journal"), "{run:#?}");
    assert_eq!(
        std::fs::read_to_string(&target).expect("still there"),
        "last month's export"
    );
    assert!(parts_in(out.path()).is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_journals_own_files_are_never_an_output_even_with_force() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let home = Home::new();
    let server = sim.base_url();
    let journal_file = journal_for(&home, &sim, &["Courier"]).await;
    let before = count_entries(&journal_file).expect("readable");
    let link = home.data.path().join("journal-link.csv");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&journal_file, &link).expect("link");
    let mut wal = journal_file.as_os_str().to_owned();
    wal.push("-wal");
    for target in [journal_file.clone(), PathBuf::from(wal), link] {
        let run = home
            .run(
                &[
                    "journal",
                    "--server",
                    &server,
                    "--login",
                    "demo",
                    "--output",
                    target.to_str().expect("path"),
                    "--force",
                ],
                None,
            )
            .await;
        run.exited(1);
        assert!(
            run.stderr.contains("one of the journal's own files"),
            "{}: {run:#?}",
            target.display()
        );
    }
    assert_eq!(
        count_entries(&journal_file),
        Some(before),
        "the journal is whole"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_existing_output_is_replaced_only_with_force_or_a_yes_at_the_terminal() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let home = Home::new();
    let server = sim.base_url();
    journal_for(&home, &sim, &["Courier"]).await;
    let out = tempfile::tempdir().expect("out");
    let target = out.path().join("journal.csv");
    let target_text = target.to_str().expect("path").to_owned();
    std::fs::write(&target, "keep me").expect("old file");
    let args = |force: bool| {
        let mut args = vec![
            "journal",
            "--server",
            &server,
            "--login",
            "demo",
            "--format",
            "csv",
            "--output",
            &target_text,
        ];
        if force {
            args.push("--force");
        }
        args.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    let refused = home
        .run(
            &args(false).iter().map(String::as_str).collect::<Vec<_>>(),
            None,
        )
        .await;
    refused.exited(1);
    assert!(
        refused.stderr.contains("already exists") && refused.stderr.contains("--force"),
        "{refused:#?}"
    );
    assert_eq!(std::fs::read_to_string(&target).expect("kept"), "keep me");

    // At a terminal the question is asked: no keeps it, yes replaces it.
    let command_line = format!(
        "{} {}",
        env!("CARGO_BIN_EXE_visitor-desk"),
        args(false).join(" ")
    );
    let (code, screen) = home
        .in_terminal(&command_line, &[("Replace it?", "n")])
        .await;
    assert_eq!(code, Some(1), "{screen}");
    assert_eq!(std::fs::read_to_string(&target).expect("kept"), "keep me");
    let (code, screen) = home
        .in_terminal(&command_line, &[("Replace it?", "y")])
        .await;
    assert_eq!(code, Some(0), "{screen}");
    let replaced = std::fs::read_to_string(&target).expect("replaced");
    assert!(replaced.contains("Courier"), "{replaced}");

    std::fs::write(&target, "keep me").expect("old file again");
    let forced = home
        .run(
            &args(true).iter().map(String::as_str).collect::<Vec<_>>(),
            None,
        )
        .await;
    forced.exited(0);
    assert!(
        std::fs::read_to_string(&target)
            .expect("replaced")
            .contains("Courier")
    );
    assert!(parts_in(out.path()).is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_slip_replaces_a_file_only_with_force_and_asks_before_signing_in() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let home = Home::new();
    // A code that still opens the door (an expired one gets no slip without --force).
    let made = sim
        .create_code(
            "demo",
            sim.intercom_ids("demo")[0],
            "Slip",
            sim.now() + TimeDelta::hours(3),
        )
        .expect("a code");
    let code_id = made["id"].as_u64().expect("id").to_string();
    let out = tempfile::tempdir().expect("out");
    let target = out.path().join("slip.pdf");
    let target_text = target.to_str().expect("path");
    std::fs::write(&target, "an older slip").expect("old file");
    let server = sim.base_url();
    let slip = |force: bool| {
        let mut args = vec![
            "slip",
            "--code-id",
            &code_id,
            "--output",
            target_text,
            "--server",
            &server,
            "--login",
            "demo",
        ];
        if force {
            args.push("--force");
        }
        args
    };
    let refused = home.run(&slip(false), Some("demo")).await;
    refused.exited(1);
    assert!(refused.stderr.contains("already exists"), "{refused:#?}");
    assert_eq!(sim.take_request_stats().0, 0, "refused before signing in");
    assert_eq!(std::fs::read(&target).expect("kept"), b"an older slip");

    let forced = home.run(&slip(true), Some("demo")).await;
    forced.exited(0);
    assert!(
        std::fs::read(&target)
            .expect("replaced")
            .starts_with(b"%PDF")
    );
    assert!(
        parts_in(out.path()).is_empty(),
        "{:?}",
        parts_in(out.path())
    );

    let fresh = out.path().join("new.pdf");
    let run = home
        .run(
            &[
                "slip",
                "--code-id",
                &code_id,
                "--output",
                fresh.to_str().expect("path"),
                "--server",
                &server,
                "--login",
                "demo",
            ],
            Some("demo"),
        )
        .await;
    run.exited(0);
    assert!(std::fs::read(&fresh).expect("written").starts_with(b"%PDF"));
}

#[tokio::test(flavor = "multi_thread")]
async fn no_table_or_message_passes_a_terminal_command_from_a_title() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let home = Home::new();
    let server = sim.base_url();
    let intercom = sim.intercom_ids("demo")[0];
    journal_for(&home, &sim, &[HOSTILE_TITLE]).await;
    let account = ["--server", server.as_str(), "--login", "demo"];
    let commands: [&[&str]; 2] = [&["journal"], &["codes", "list"]];
    for command in commands {
        let args: Vec<&str> = command.iter().chain(&account).copied().collect();
        let run = home.run(&args, Some("demo")).await;
        run.exited(0);
        assert!(run.stdout.contains("Ann"), "{command:?}: {run:#?}");
        for forbidden in ['\u{1b}', '\u{7}', '\u{8}', '\u{0}', '\u{202e}'] {
            assert!(
                !run.stdout.contains(forbidden) && !run.stderr.contains(forbidden),
                "{command:?} printed {forbidden:?}: {run:#?}"
            );
        }
    }
    // A message on stderr quoting the title.
    let run = home
        .run(
            &[
                "codes",
                "create",
                "--intercom",
                &intercom.to_string(),
                "--title",
                HOSTILE_TITLE,
                "--for",
                "1h",
                "--server",
                &server,
                "--login",
                "demo",
            ],
            Some("demo"),
        )
        .await;
    run.exited(0);
    assert!(run.stderr.contains("Ann"), "{run:#?}");
    assert!(
        !run.stderr.contains('\u{1b}') && !run.stderr.contains('\u{7}'),
        "{run:#?}"
    );
}
