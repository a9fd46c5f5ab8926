//! The command line's kept sign-in against a real Secret Service: `login` in one process, the commands that
//! follow in others without `--server/--login`, `logout`, and a kept sign-in the server no longer accepts.
//!
//! Ignored by default, so that it never touches a developer's keyring. CI runs it inside a private D-Bus session
//! with a throwaway, unlocked gnome-keyring (see `.ci/run` and `secrets_keyring.rs`).

mod common;

use std::process::Stdio;
use std::time::Duration;

use aipix_client::api::{Session, Token, User};
use aipix_sim::SimHandle;
use aipix_sim::testing::{config_with_users, start_on_loopback};
use serde_json::Value;
use tokio::process::Command;
use visitor_desk::secrets::{Holder, KEYRING_SERVICE, TokenKey};

#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// `visitor-desk` with its own settings folder, the session's keyring, and every log level on.
async fn desk(config_dir: &std::path::Path, args: &[&str], password: Option<&str>) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_visitor-desk"));
    command
        .args(args)
        .env("VISITOR_DESK_CONFIG_DIR", config_dir)
        // The commands' journal too stays in the test's folder.
        .env("VISITOR_DESK_DATA_DIR", config_dir)
        .env("RUST_LOG", "trace")
        .env_remove("VISITOR_DESK_PASSWORD")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::null())
        .kill_on_drop(true);
    if let Some(password) = password {
        command.env("VISITOR_DESK_PASSWORD", password);
    }
    let output = tokio::time::timeout(Duration::from_secs(60), command.output())
        .await
        .expect("in time")
        .expect("runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The session `login` kept for this account: the command line's own.
fn kept(sim: &SimHandle, login: &str) -> Option<Value> {
    kept_by(sim, login, Holder::CommandLine)
}

/// The session `holder` kept for this account, read as its next start would.
fn kept_by(sim: &SimHandle, login: &str, holder: Holder) -> Option<Value> {
    let key = TokenKey::new(&sim.base_url(), login).held_by(holder);
    let entry = keyring::Entry::new(KEYRING_SERVICE, &key.keyring_user()).expect("entry");
    match entry.get_password() {
        Ok(text) => Some(serde_json::from_str(&text).expect("a kept session")),
        Err(keyring::Error::NoEntry) => None,
        Err(error) => panic!("the keyring failed: {error}"),
    }
}

/// `codes list`, `codes create`, `codes revoke` and `intercoms` with no password and no --server: the runs.
async fn commands_use_the_kept_sign_in(sim: &SimHandle, dir: &std::path::Path) -> Vec<Run> {
    let mut runs = Vec::new();
    let list = desk(dir, &["codes", "list", "--format", "json"], None).await;
    assert_eq!(list.code, Some(0), "{list:#?}");
    let listed = serde_json::from_str::<Value>(&list.stdout).expect("JSON");
    assert_eq!(
        listed.as_array().map(Vec::len),
        Some(sim.code_ids("demo").len())
    );
    runs.push(list);
    let intercom = sim.intercom_ids("demo")[0].to_string();
    let create = desk(
        dir,
        &[
            "codes",
            "create",
            "--intercom",
            &intercom,
            "--title",
            "Kept",
            "--for",
            "1h",
            "--format",
            "json",
        ],
        None,
    )
    .await;
    assert_eq!(create.code, Some(0), "{create:#?}");
    let id = serde_json::from_str::<Value>(&create.stdout).expect("JSON")["id"]
        .as_u64()
        .expect("id");
    runs.push(create);
    let revoke = desk(dir, &["codes", "revoke", &id.to_string(), "--yes"], None).await;
    assert_eq!(revoke.code, Some(0), "{revoke:#?}");
    assert!(!sim.code_ids("demo").contains(&id));
    runs.push(revoke);
    let intercoms = desk(dir, &["intercoms", "--format", "csv"], None).await;
    assert_eq!(intercoms.code, Some(0), "{intercoms:#?}");
    runs.push(intercoms);
    runs
}

/// One journal line per run, none for a read: login's sign-in, the code made and revoked, logout's sign-out.
async fn journal_has_one_line_per_run(dir: &std::path::Path, server: &str) {
    let journal = desk(
        dir,
        &[
            "journal", "--server", server, "--login", "demo", "--format", "json",
        ],
        None,
    )
    .await;
    assert_eq!(journal.code, Some(0), "{journal:#?}");
    let kinds: Vec<String> = serde_json::from_str::<Value>(&journal.stdout)
        .expect("JSON")
        .as_array()
        .expect("an array")
        .iter()
        .filter(|entry| entry["origin"] == "command_line")
        .map(|entry| format!("{} {}", entry["kind"], entry["outcome"]).replace('"', ""))
        .collect();
    assert_eq!(
        kinds,
        // Newest first.
        [
            "sign_out ok",
            "code_revoked ok",
            "code_created ok",
            "sign_in ok"
        ],
        "{journal:#?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a Secret Service: run under dbus-run-session with gnome-keyring (see .ci/run)"]
async fn login_is_kept_for_the_commands_that_follow_until_logout() {
    let sim = start_on_loopback(config_with_users(&[("demo", "demo"), ("alice", "wonder")])).await;
    let dir = tempfile::tempdir().expect("config dir");
    let dir = dir.path();
    let server = sim.base_url();

    let login = desk(
        dir,
        &["login", "--server", &server, "--login", "alice"],
        Some("wonder"),
    )
    .await;
    assert_eq!(login.code, Some(0), "{login:#?}");
    let login = desk(
        dir,
        &["login", "--server", &server, "--login", "demo"],
        Some("demo"),
    )
    .await;
    assert_eq!(login.code, Some(0), "{login:#?}");
    assert_eq!(login.stdout, "");
    assert!(login.stderr.contains("Signed in to"), "{login:#?}");
    assert_eq!(
        (sim.session_count("demo"), sim.session_count("alice")),
        (1, 1)
    );
    let token = kept(&sim, "demo").expect("the sign-in is in the keyring")["token"]
        .as_str()
        .expect("token")
        .to_owned();
    let settings: Value =
        serde_json::from_slice(&std::fs::read(dir.join("settings.json")).expect("settings"))
            .expect("JSON");
    let last = settings["last_profile"].as_str().expect("a last profile");
    assert!(last.starts_with("demo@"), "{settings:#}");

    // The last login is the account every command uses, with no password and no --server.
    let mut runs = commands_use_the_kept_sign_in(&sim, dir).await;
    assert_eq!(
        sim.session_count("demo"),
        1,
        "the kept session is used, not a new one"
    );

    // `logout --server --login` ends that account's kept sign-in only.
    let alice_out = desk(
        dir,
        &["logout", "--server", &server, "--login", "alice"],
        None,
    )
    .await;
    assert_eq!(alice_out.code, Some(0), "{alice_out:#?}");
    assert_eq!(sim.session_count("alice"), 0);
    assert!(kept(&sim, "alice").is_none());
    assert!(kept(&sim, "demo").is_some());

    let logout = desk(dir, &["logout"], None).await;
    assert_eq!(logout.code, Some(0), "{logout:#?}");
    assert_eq!(sim.session_count("demo"), 0, "ended on the server");
    assert!(kept(&sim, "demo").is_none(), "forgotten in the keyring");
    runs.push(logout);
    let after = desk(dir, &["codes", "list"], None).await;
    assert_eq!(after.code, Some(3), "{after:#?}");
    assert!(after.stderr.contains("Not signed in"), "{after:#?}");

    journal_has_one_line_per_run(dir, &server).await;

    // Every log level was on: the token appeared on neither stream of any run.
    assert!(
        runs.iter().any(|run| run.stderr.contains("TRACE")),
        "the logs were on"
    );
    for run in &runs {
        assert!(
            !run.stdout.contains(&token) && !run.stderr.contains(&token),
            "{run:#?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a Secret Service: run under dbus-run-session with gnome-keyring (see .ci/run)"]
async fn a_kept_sign_in_the_server_ended_is_forgotten_with_exit_3() {
    let sim = start_on_loopback(Default::default()).await;
    let dir = tempfile::tempdir().expect("config dir");
    let dir = dir.path();
    let login = desk(
        dir,
        &["login", "--server", &sim.base_url(), "--login", "demo"],
        Some("demo"),
    )
    .await;
    assert_eq!(login.code, Some(0), "{login:#?}");
    let stored = kept(&sim, "demo").expect("kept");

    // The session ends elsewhere (signed out from another device with the same token).
    let other = common::client_for(&sim.base_url());
    other.restore_session(Session {
        user: serde_json::from_value::<User>(stored["user"].clone()).expect("user"),
        token: Token::new(stored["token"].as_str().expect("token")),
    });
    other.logout().await.expect("signed out elsewhere");
    assert_eq!(sim.session_count("demo"), 0);

    let list = desk(dir, &["codes", "list"], None).await;
    assert_eq!(list.code, Some(3), "{list:#?}");
    assert_eq!(list.stdout, "");
    assert!(list.stderr.contains("no longer accepts"), "{list:#?}");
    assert!(
        kept(&sim, "demo").is_none(),
        "the dead sign-in is forgotten"
    );
    let again = desk(dir, &["codes", "list"], None).await;
    assert_eq!(again.code, Some(3));
    assert!(again.stderr.contains("Not signed in"), "{again:#?}");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a Secret Service: run under dbus-run-session with gnome-keyring (see .ci/run)"]
async fn logout_ends_the_command_lines_own_sign_in_and_never_the_windows() {
    let sim = start_on_loopback(Default::default()).await;
    let dir = tempfile::tempdir().expect("config dir");
    let dir = dir.path();
    let server = sim.base_url();
    let login = desk(
        dir,
        &["login", "--server", &server, "--login", "demo"],
        Some("demo"),
    )
    .await;
    assert_eq!(login.code, Some(0), "{login:#?}");
    assert!(login.stderr.contains("apart from the window"), "{login:#?}");
    assert!(kept_by(&sim, "demo", Holder::Window).is_none());

    // The window signs in on the same account and keeps its session, as its backend does.
    let (window, session) = common::signed_in(&sim, "demo", "demo").await;
    let window_entry = keyring::Entry::new(
        KEYRING_SERVICE,
        &TokenKey::new(&server, "demo").keyring_user(),
    )
    .expect("entry");
    window_entry
        .set_password(
            &serde_json::json!({"token": session.token.secret(), "user": session.user}).to_string(),
        )
        .expect("the window's sign-in kept");
    assert_eq!(sim.session_count("demo"), 2, "one session each");

    let logout = desk(dir, &["logout"], None).await;
    assert_eq!(logout.code, Some(0), "{logout:#?}");
    assert!(
        logout.stderr.contains("command line's own sign-in")
            && logout.stderr.contains("window's sign-in"),
        "it says what it ended: {logout:#?}"
    );
    assert_eq!(sim.session_count("demo"), 1, "the window's session is open");
    assert!(kept(&sim, "demo").is_none());
    assert!(kept_by(&sim, "demo", Holder::Window).is_some());
    window.codes().await.expect("the window is still signed in");

    // Commands go on with the window's sign-in; logout has nothing of its own to end, and says so.
    let list = desk(dir, &["codes", "list", "--format", "json"], None).await;
    assert_eq!(list.code, Some(0), "{list:#?}");
    let again = desk(dir, &["logout"], None).await;
    assert_eq!(again.code, Some(3), "{again:#?}");
    assert!(
        again.stderr.contains("no sign-in of its own")
            && again.stderr.contains("sign out in the window"),
        "{again:#?}"
    );
    assert_eq!(sim.session_count("demo"), 1);
    assert!(kept_by(&sim, "demo", Holder::Window).is_some());
    window_entry.delete_credential().expect("tidied up");
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a Secret Service: run under dbus-run-session with gnome-keyring (see .ci/run)"]
async fn watch_follows_the_kept_sign_in_without_options_and_leaves_it_kept() {
    use tokio::io::{AsyncBufReadExt as _, BufReader};
    let sim = start_on_loopback(Default::default()).await;
    let dir = tempfile::tempdir().expect("config dir");
    let dir = dir.path();
    let login = desk(
        dir,
        &["login", "--server", &sim.base_url(), "--login", "demo"],
        Some("demo"),
    )
    .await;
    assert_eq!(login.code, Some(0), "{login:#?}");
    let mut watch = Command::new(env!("CARGO_BIN_EXE_visitor-desk"))
        .arg("watch")
        .env("VISITOR_DESK_CONFIG_DIR", dir)
        .env("VISITOR_DESK_DATA_DIR", dir)
        .env("RUST_LOG", "off")
        .env_remove("VISITOR_DESK_PASSWORD")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("watch starts");
    let mut lines = BufReader::new(watch.stdout.take().expect("stdout")).lines();
    let mut events = Vec::new();
    while events.last().map(String::as_str) != Some("resync_needed") {
        let line = tokio::time::timeout(Duration::from_secs(20), lines.next_line())
            .await
            .expect("a line in time")
            .expect("readable")
            .unwrap_or_else(|| panic!("watch ended after {events:?}"));
        let line: Value = serde_json::from_str(&line).expect("JSON");
        events.push(line["event"].as_str().expect("an event").to_owned());
    }
    let pid = watch.id().expect("running").to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill")
            .success()
    );
    let status = tokio::time::timeout(Duration::from_secs(20), watch.wait())
        .await
        .expect("watch exits")
        .expect("status");
    assert_eq!(status.code(), Some(0));
    assert_eq!(sim.session_count("demo"), 1, "the kept session stays open");
    assert!(kept(&sim, "demo").is_some());
}
