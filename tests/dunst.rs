//! The notification a user sees: the window's call notification shown by `dunst` (Debian's package), the
//! notification daemon many desktops without one of their own use. Needs an X display and a session bus of its
//! own, so it is ignored by default; CI runs it under `xvfb-run` and `dbus-run-session`:
//! `xvfb-run -a dbus-run-session -- cargo test --test dunst -- --ignored`.
#![cfg(target_os = "linux")]

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use visitor_desk::backend::BackendConfig;
use visitor_desk::desktop::notify::Bus;

use common::desk::{Desk, PATIENCE, WIDE};

/// `dunst` on the session bus, stopped when dropped.
struct Dunst(Child);

impl Drop for Dunst {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn dunstctl(args: &[&str]) -> Option<String> {
    let out = Command::new("dunstctl").args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Waits until `check` holds, asking `dunstctl` every few milliseconds.
fn wait_for(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + PATIENCE;
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
#[ignore = "needs an X display and a session bus of its own: run under xvfb-run and dbus-run-session"]
fn dunst_shows_the_call_at_the_door() {
    assert!(
        std::env::var_os("DISPLAY").is_some()
            && std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "run under xvfb-run and dbus-run-session"
    );
    let _dunst = Dunst(
        Command::new("dunst")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("dunst runs (Debian package dunst)"),
    );
    wait_for("dunst on the bus", || {
        dunstctl(&["count", "displayed"]).is_some()
    });

    let backend = BackendConfig {
        desktop: Some(Bus::Session),
        ..BackendConfig::new("dunst-desk")
    };
    let mut desk = Desk::signed_in_with(WIDE, backend);
    desk.wait_for_live();
    let main = desk.intercom_id("Main entrance");
    desk.sim.ring("demo", main).expect("rings");
    let deadline = Instant::now() + PATIENCE;
    while dunstctl(&["count", "displayed"]).is_none_or(|count| count.trim() != "1") {
        assert!(Instant::now() < deadline, "dunst shows the call");
        desk.harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    // Closed, it goes to dunst's history, which says what it showed.
    dunstctl(&["close-all"]).expect("closed");
    wait_for("the call in dunst's history", || {
        dunstctl(&["history"])
            .is_some_and(|history| history.contains("Someone is at Main entrance"))
    });
    // `dunstctl history`: D-Bus's JSON, {"data": [[{"summary": {"data": …}, "body": {"data": …}}, …]]}.
    let history: serde_json::Value =
        serde_json::from_str(&dunstctl(&["history"]).unwrap_or_default()).expect("its JSON");
    let shown: Vec<(&str, &str)> = history["data"][0]
        .as_array()
        .expect("the notifications")
        .iter()
        .map(|notification| {
            (
                notification["summary"]["data"].as_str().unwrap_or_default(),
                notification["body"]["data"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(shown.len(), 1, "one notification: {shown:?}");
    assert_eq!(shown[0].0, "Someone is at Main entrance");
    assert!(
        shown[0].1.starts_with("Called at ") && shown[0].1.ends_with(" · 12 Harbour Street"),
        "{shown:?}"
    );
}
