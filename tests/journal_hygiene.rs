//! The journal never holds a token, a password or a captcha answer: after a sign-in that needed a captcha, a code,
//! and a sign-out, none of them is in any byte of the journal's files (the database, its WAL, its shared memory).

mod common;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use aipix_sim::SimConfig;
use aipix_sim::testing::{config_with_users, start_on_loopback};
use chrono::{TimeDelta, Utc};
use common::events::{journal_when, wait_for};
use visitor_desk::backend::{Backend, BackendConfig};
use visitor_desk::journal::{self, JournalSetup, Kind};
use visitor_desk::messages::{Command, Event, SignInFailure, SignInRequest};
use visitor_desk::secrets::{MemoryStore, TokenKey, TokenStore as _};

const LOGIN: &str = "frontdesk";
const PASSWORD: &str = "Zq93-hygiene-Pa55";

/// Every file under `dir` with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files(&path));
        } else if let Ok(bytes) = std::fs::read(&path) {
            found.push((path.display().to_string(), bytes));
        }
    }
    found
}

fn holding(files: &[(String, Vec<u8>)], needle: &str) -> Vec<String> {
    let needle = needle.as_bytes();
    files
        .iter()
        .filter(|(_, bytes)| bytes.windows(needle.len()).any(|window| window == needle))
        .map(|(name, _)| name.clone())
        .collect()
}

#[test]
fn no_token_password_or_captcha_answer_reaches_the_journal() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let sim = runtime.block_on(start_on_loopback(SimConfig {
        captcha: true,
        ..config_with_users(&[(LOGIN, PASSWORD)])
    }));
    let data = tempfile::tempdir().expect("data");
    let store = Arc::new(MemoryStore::new());
    let config = BackendConfig {
        store: store.clone(),
        journal: Some(JournalSetup::new(data.path().to_owned(), "device-h", 400)),
        ..BackendConfig::new("device-h")
    };
    let mut backend = Backend::start(runtime.handle(), config, Arc::new(|| {}));
    let request = SignInRequest {
        server: sim.base_url(),
        login: LOGIN.into(),
        password: PASSWORD.into(),
        ..SignInRequest::default()
    };

    // The server asks for a captcha; it is answered.
    backend.send(Command::SignIn(request.clone()));
    wait_for(&mut backend, "the captcha demand", |e| {
        matches!(e, Event::SignInFailed(SignInFailure::CaptchaRequired(_))).then_some(())
    });
    let key = wait_for(&mut backend, "the captcha", |e| match e {
        Event::CaptchaLoaded { key, .. } => Some(key.clone()),
        _ => None,
    });
    let answer = sim.captcha_answer(&key).expect("the captcha's answer");
    backend.send(Command::SignIn(SignInRequest {
        captcha: Some(aipix_client::api::CaptchaAnswer {
            key,
            text: answer.clone(),
        }),
        ..request
    }));
    let intercom = wait_for(&mut backend, "the first listing", |e| match e {
        Event::Synced { intercoms, .. } => intercoms.first().map(|i| i.id),
        _ => None,
    });
    let kept = store
        .load(&TokenKey::new(&format!("{}/", sim.base_url()), LOGIN))
        .expect("store")
        .expect("the session is kept");
    let kept: serde_json::Value = serde_json::from_str(&kept).expect("kept session");
    let token = kept["token"].as_str().expect("token").to_owned();
    assert!(token.len() >= 16);

    backend.send(Command::CreateCode {
        request: 1,
        intercom,
        title: "Courier Hygiene".into(),
        expires_at: Utc::now() + TimeDelta::hours(2),
    });
    wait_for(&mut backend, "the new code", |e| {
        matches!(e, Event::CodeCreated { .. }).then_some(())
    });
    backend.send(Command::SignOut);
    wait_for(&mut backend, "the sign-out", |e| {
        matches!(e, Event::SignedOut { .. }).then_some(())
    });

    // Wait until the journal has written the sign-out (its thread finishes after the session).
    let file = journal::file_path(data.path(), &format!("{}/", sim.base_url()), LOGIN);
    journal_when(&mut backend, &file, &mut Vec::new(), |entries| {
        entries.iter().any(|entry| entry.kind == Kind::SignOut)
    });
    let written = files(data.path());
    assert!(
        !holding(&written, "Courier Hygiene").is_empty(),
        "the journal was written (so the checks below look at something)"
    );
    assert!(
        !holding(&written, LOGIN).is_empty(),
        "the login is recorded"
    );
    assert_eq!(holding(&written, &token), Vec::<String>::new(), "the token");
    assert_eq!(
        holding(&written, PASSWORD),
        Vec::<String>::new(),
        "the password"
    );
    assert_eq!(
        holding(&written, &answer),
        Vec::<String>::new(),
        "the captcha answer"
    );
    drop(backend);
    runtime.shutdown_timeout(Duration::from_secs(2));
}
