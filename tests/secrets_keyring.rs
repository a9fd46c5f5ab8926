//! The token store against a real keyring.
//!
//! The round trip needs a Secret Service of its own and is ignored by default, so that it never touches a
//! developer's keyring. CI runs it inside a private D-Bus session with a throwaway, unlocked gnome-keyring:
//!
//! ```sh
//! dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; \
//!     cargo test --locked --test secrets_keyring -- --ignored'
//! ```

use visitor_desk::secrets::{
    KEYRING_SERVICE, KeyringFault, KeyringStore, SecretsError, TokenKey, TokenStore,
};

#[test]
#[ignore = "needs a Secret Service: run under dbus-run-session with gnome-keyring (see .ci/run)"]
fn keyring_round_trip_save_load_from_a_fresh_entry_and_clear() -> Result<(), SecretsError> {
    // A login of its own per run: never collides with another run, nor with anything real.
    let key = TokenKey::new(
        "https://keyring-test.invalid/",
        &format!("test-{}", uuid::Uuid::new_v4()),
    );
    let token = format!("token-{}", uuid::Uuid::new_v4());

    let writer = KeyringStore::open()?;
    assert_eq!(writer.describe(), "system keyring");
    assert_eq!(writer.load(&key)?, None);
    writer.save(&key, "an older token")?;
    writer.save(&key, &token)?;

    // Read back through a store and entry of its own, as the next start of the app would.
    let reader = KeyringStore::open()?;
    assert_eq!(reader.load(&key)?.as_deref(), Some(token.as_str()));
    // The entry's naming is a contract with the user's keyring manager: service and `login@server`.
    let user = format!("{}@https://keyring-test.invalid", key.login());
    let raw = keyring::Entry::new(KEYRING_SERVICE, &user)
        .and_then(|entry| entry.get_password())
        .map_err(|err| SecretsError::Other(KeyringFault::Other(err.to_string())))?;
    assert_eq!(raw, token);

    reader.clear(&key)?;
    assert_eq!(writer.load(&key)?, None);
    assert_eq!(KeyringStore::open()?.load(&key)?, None);
    // Clearing again is fine: sign-out after the token is already gone.
    writer.clear(&key)?;
    Ok(())
}

/// Without a session bus the keyring cannot come up, and the app must fall back to memory at once.
/// The `keyring` crate connects once per process, so this runs in a child process with a bus address that
/// cannot exist: deterministic, and it cannot reach any real keyring.
#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn without_a_session_bus_the_store_falls_back_to_memory_quickly()
-> Result<(), Box<dyn std::error::Error>> {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    let mut child = Command::new(std::env::current_exe()?)
        .args(["--exact", "no_bus_child", "--nocapture", "--test-threads=1"])
        .env(CHILD_MARKER, "1")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/visitor-desk-test/bus",
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    // Generous, because CI machines are busy; a hang is what this guards against.
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait()?.is_none() {
        if Instant::now() > deadline {
            child.kill()?;
            return Err("open_store() hung without a session bus".into());
        }
        // A child process that may hang: looked at, not waited on, so that it can be killed.
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output()?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "child failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // Make sure the child really ran the check rather than filtering it out.
    assert!(stdout.contains("1 passed"), "{stdout}");
    assert!(stdout.contains(CHILD_RAN), "{stdout}");
    Ok(())
}

const CHILD_MARKER: &str = "VISITOR_DESK_TEST_NO_BUS_CHILD";
const CHILD_RAN: &str = "no-bus child: fell back to memory";

/// The child's half of the test above; does nothing unless started by it.
#[test]
fn no_bus_child() {
    if std::env::var_os(CHILD_MARKER).is_none() {
        return;
    }
    let started = std::time::Instant::now();
    let (store, warning) = visitor_desk::secrets::open_store();
    // The technical reason (the screens say what it means for the user, and show this behind "Details").
    let warning = warning.unwrap_or_default();
    assert_eq!(store.describe(), "memory only");
    assert!(
        warning.starts_with("the keyring") && !warning.ends_with('.'),
        "{warning}"
    );
    // The connection was refused, not timed out: the fast path, not the probe's timeout.
    assert!(!warning.contains("did not answer"), "{warning}");
    assert!(started.elapsed() < visitor_desk::secrets::PROBE_TIMEOUT);
    println!("{CHILD_RAN} in {:?}: {warning}", started.elapsed());
}
