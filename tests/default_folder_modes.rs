//! Exports and slips saved where no save dialog could ask (the user's downloads folder, else home) are the user's
//! alone (0600): they hold working door codes and visitors' names. The folder comes from `$HOME`, which a test
//! cannot change in its own process; so the test runs its other half in a child process with a home of its own.
#![cfg(unix)]

mod common;

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use aipix_sim::SimConfig;
use aipix_sim::testing::start_on_loopback;
use chrono::Utc;
use common::events::wait_for;
use common::fakes::NoDialog;
use visitor_desk::backend::{Backend, BackendConfig};
use visitor_desk::journal::{Answer, ExportFormat, ExportSource, Request};
use visitor_desk::messages::{Command, Event, SignInRequest, SlipAction};

/// Set for the child process that runs [`inside_a_home_of_its_own`].
const INNER: &str = "VISITOR_DESK_TEST_DEFAULT_FOLDER";

#[test]
fn exports_and_slips_saved_without_a_dialog_are_the_users_alone() {
    let home = tempfile::tempdir().expect("home");
    let output = std::process::Command::new(std::env::current_exe().expect("this test"))
        .args([
            "--exact",
            "inside_a_home_of_its_own",
            "--include-ignored",
            "--nocapture",
        ])
        .env(INNER, "1")
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env_remove("XDG_DOWNLOAD_DIR")
        .output()
        .expect("the child runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{said}");
    assert!(said.contains("1 passed"), "the other half ran: {said}");
    let written: Vec<PathBuf> = std::fs::read_dir(home.path())
        .expect("home")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.is_file())
        .collect();
    assert_eq!(written.len(), 2, "an export and a slip: {written:?}");
    for file in written {
        let mode = std::fs::metadata(&file).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", file.display());
    }
}

fn in_home(path: &Path) -> bool {
    std::env::var_os("HOME").is_some_and(|home| path.starts_with(home))
}

#[test]
#[ignore = "the other half of exports_and_slips_saved_without_a_dialog_are_the_users_alone, run by it"]
fn inside_a_home_of_its_own() {
    assert!(std::env::var_os(INNER).is_some(), "run by its first half");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let sim = runtime.block_on(start_on_loopback(SimConfig::default()));
    let config = BackendConfig {
        save_dialog: Arc::new(NoDialog),
        ..BackendConfig::new("default-folder-device")
    };
    let mut backend = Backend::start(runtime.handle(), config, Arc::new(|| {}));
    backend.send(Command::SignIn(SignInRequest {
        server: sim.base_url(),
        login: "demo".into(),
        password: "demo".into(),
        ..SignInRequest::default()
    }));
    let codes = wait_for(&mut backend, "the listing", |e| match e {
        Event::Synced { codes, .. } => Some(codes.clone()),
        _ => None,
    });
    backend.send(Command::Journal(Request::Export {
        source: ExportSource::Codes {
            codes: codes.clone(),
            accounts: Vec::new(),
            now: Utc::now(),
        },
        format: ExportFormat::Csv { bom: false },
    }));
    let exported = wait_for(&mut backend, "the export", |e| match e {
        Event::Journal(Answer::Exported { path, note, .. }) => Some((path.clone(), note.clone())),
        Event::Journal(Answer::ExportFailed { error }) => panic!("{error}"),
        _ => None,
    });
    assert!(exported.1.is_some(), "said where it went without a dialog");
    assert!(in_home(&exported.0), "{}", exported.0.display());

    let code = &codes[0];
    let handover = visitor_desk::handover::Handover::new(code, None, "", Utc::now());
    backend.send(Command::MakeSlip {
        handover: Box::new(handover),
        qr_text: code.code_value().expect("the code").to_owned(),
        size: visitor_desk::handover::SlipSize::A6,
        then: SlipAction::SaveAs,
    });
    let slip = wait_for(&mut backend, "the slip", |e| match e {
        Event::SlipMade { path, note, .. } => Some((path.clone(), note.clone())),
        Event::SlipFailed { error } => panic!("{error}"),
        _ => None,
    });
    assert!(slip.1.is_some(), "said where it went without a dialog");
    assert!(in_home(&slip.0), "{}", slip.0.display());
}
