//! A slip opened or printed from the window is written where only the user can read it (it holds a visitor's
//! name and door code): a folder of the run's own in the temporary folder, mode 0700, not a predictable name,
//! and removed when the backend stops. A binary of its own: it puts a printer of its own (`lp`) on `PATH`.

#![cfg(unix)]

mod common;

use std::os::unix::fs::PermissionsExt as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use common::fixtures::a_code;
use visitor_desk::backend::{Backend, BackendConfig, Resume};
use visitor_desk::handover::{Handover, SlipSize};
use visitor_desk::messages::{Command, Event, SlipAction};

/// Set in the copy of this test that runs with the test's printer on `PATH`.
const CHILD: &str = "VISITOR_DESK_SLIP_TEST_PRINTER";

#[test]
fn a_printed_slip_is_written_in_a_private_folder_that_goes_with_the_backend() {
    let Some(noted) = std::env::var_os(CHILD) else {
        // The printer: `lp -- FILE` notes the file it was given. This test runs again in a process whose `PATH`
        // finds it first.
        let bin = tempfile::tempdir().expect("dir");
        let noted = bin.path().join("printed");
        let lp = bin.path().join("lp");
        std::fs::write(
            &lp,
            format!("#!/bin/sh\necho \"$2\" > '{}'\n", noted.display()),
        )
        .expect("lp");
        std::fs::set_permissions(&lp, std::fs::Permissions::from_mode(0o755)).expect("mode");
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut dirs = vec![bin.path().to_owned()];
        dirs.extend(std::env::split_paths(&path));
        let status = std::process::Command::new(std::env::current_exe().expect("this test"))
            .args([
                "--exact",
                "a_printed_slip_is_written_in_a_private_folder_that_goes_with_the_backend",
            ])
            .env("PATH", std::env::join_paths(dirs).expect("PATH"))
            .env(CHILD, &noted)
            .status()
            .expect("the test again");
        assert!(status.success(), "{status}");
        return;
    };
    let noted = std::path::PathBuf::from(noted);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let config = BackendConfig {
        resume: Resume::Nothing,
        ..BackendConfig::new("slip-test")
    };
    let mut backend = Backend::start(runtime.handle(), config, Arc::new(|| {}));
    let now = Utc::now();
    let code = a_code(7, now)
        .title("Anna Schmidt")
        .digits("08583")
        .at(1, "Main entrance", Some(1), "12 Harbour Street")
        .build();
    backend.send(Command::MakeSlip {
        handover: Box::new(Handover::new(&code, None, "", now)),
        qr_text: "Code 08583".into(),
        size: SlipSize::A6,
        then: SlipAction::Print,
    });
    let made = runtime.block_on(async {
        tokio::time::timeout(Duration::from_secs(30), async {
            loop {
                match backend.recv().await {
                    Some(Event::SlipMade { path, .. }) => return path,
                    Some(Event::SlipFailed { error }) => panic!("{error}"),
                    Some(_) => {}
                    None => panic!("the backend stopped"),
                }
            }
        })
        .await
        .expect("the slip in time")
    });
    let printed = std::fs::read_to_string(&noted).expect("printed");
    assert_eq!(
        printed.trim(),
        made.display().to_string(),
        "the file printed"
    );
    let folder = made.parent().expect("its folder").to_owned();
    assert_ne!(
        folder,
        std::env::temp_dir(),
        "not straight in the shared temporary folder"
    );
    assert!(folder.starts_with(std::env::temp_dir()));
    let mode = std::fs::metadata(&folder)
        .expect("folder")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o700, "only the user may enter it: {mode:o}");

    drop(backend);
    // No event can say it (the backend is gone): its worker removes the folder as it ends, on its own thread.
    let deadline = Instant::now() + Duration::from_secs(15);
    while folder.exists() {
        assert!(Instant::now() < deadline, "the folder outlived the backend");
        std::thread::sleep(Duration::from_millis(20));
    }
}
