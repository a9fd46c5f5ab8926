//! The token opens the building's doors: after signing in, making a code and signing out, it is in no file
//! under the config directory and in no log line, even with every log level on.

mod common;

use aipix_sim::testing::start_on_loopback;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use parking_lot::Mutex;
use std::time::Duration;

use aipix_sim::SimConfig;
use chrono::{TimeDelta, Utc};
use common::events::wait_for_event as wait_for;
use visitor_desk::backend::{Backend, BackendConfig, SettingsHome};
use visitor_desk::messages::{Command, Event, SignInRequest};
use visitor_desk::secrets::{MemoryStore, TokenKey, TokenStore as _};
use visitor_desk::settings;

/// Everything logged in this test binary, at every level, from every crate.
#[derive(Clone, Default)]
struct CapturedLog(Arc<Mutex<Vec<u8>>>);

impl Write for CapturedLog {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn files_containing(dir: &Path, needle: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_containing(&path, needle));
        } else if let Ok(bytes) = std::fs::read(&path)
            && bytes.windows(needle.len()).any(|window| window == needle)
        {
            found.push(path.display().to_string());
        }
    }
    found
}

#[test]
fn the_token_is_in_no_file_and_no_log_line() {
    let log = CapturedLog::default();
    let writer = log.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .init();

    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let sim = runtime.block_on(start_on_loopback(SimConfig::default()));
    let config_dir = tempfile::tempdir().expect("config dir");
    let (loaded, _) = settings::load_or_create(config_dir.path());
    let store = Arc::new(MemoryStore::new());
    let config = BackendConfig {
        store: store.clone(),
        home: Some(SettingsHome {
            dir: config_dir.path().to_owned(),
            settings: loaded.clone(),
        }),
        ..BackendConfig::new(loaded.device_id)
    };
    let mut backend = Backend::start(runtime.handle(), config, Arc::new(|| {}));

    backend.send(Command::SignIn(SignInRequest {
        server: sim.base_url(),
        login: "demo".into(),
        password: "demo".into(),
        ..SignInRequest::default()
    }));
    wait_for(&mut backend, "the sign-in", |event| {
        matches!(event, Event::SignedIn { .. })
    });
    wait_for(&mut backend, "the first listing", |event| {
        matches!(event, Event::Synced { .. })
    });

    // The token, as kept while signed in.
    let key = TokenKey::new(&format!("{}/", sim.base_url()), "demo");
    let kept = store
        .load(&key)
        .expect("store")
        .expect("the session is kept while signed in");
    let kept: serde_json::Value = serde_json::from_str(&kept).expect("kept session");
    let token = kept["token"].as_str().expect("token").to_owned();
    assert!(
        token.len() >= 16,
        "a real token: {} characters",
        token.len()
    );

    backend.send(Command::CreateCode {
        request: 1,
        intercom: sim.intercom_ids("demo")[0],
        title: "Courier".into(),
        expires_at: Utc::now() + TimeDelta::hours(2),
    });
    wait_for(&mut backend, "the new code", |event| {
        matches!(event, Event::CodeCreated { .. })
    });
    backend.send(Command::SignOut);
    wait_for(&mut backend, "the sign-out", |event| {
        matches!(event, Event::SignedOut { .. })
    });
    drop(backend);
    runtime.shutdown_timeout(Duration::from_secs(2));

    assert!(
        store.load(&key).expect("store").is_none(),
        "signing out forgets the token"
    );
    assert!(
        settings::file_path(config_dir.path()).exists(),
        "the settings file was written (so the check below looks at something)"
    );
    assert_eq!(
        files_containing(config_dir.path(), token.as_bytes()),
        Vec::<String>::new()
    );
    let logged = log.0.lock().clone();
    let logged = String::from_utf8_lossy(&logged);
    assert!(
        logged.contains("signed in"),
        "the log captured the session (so the check below means something)"
    );
    assert!(!logged.contains(&token), "the token appears in the log");
}
