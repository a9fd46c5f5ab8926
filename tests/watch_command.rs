//! `visitor-desk watch`, the live client seen from outside the process: one JSON object per line, against the
//! simulator speaking as a real AIPIX server does.

mod common;

use aipix_sim::testing::start_on_loopback;
use std::process::Stdio;
use std::time::Duration;

use aipix_sim::SimConfig;
use chrono::{TimeDelta, Utc};
use serde_json::Value;
use tokio::io::{AsyncBufReadExt as _, BufReader};
use tokio::process::Command;

const PATIENCE: Duration = Duration::from_secs(20);

#[tokio::test]
async fn watch_prints_connection_states_and_pushes_as_json_lines() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let mut watch = Command::new(env!("CARGO_BIN_EXE_visitor-desk"))
        .args(["watch", "--server", &sim.base_url(), "--login", "demo"])
        .env("VISITOR_DESK_PASSWORD", "demo")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("visitor-desk watch starts");
    let mut lines = BufReader::new(watch.stdout.take().expect("stdout")).lines();
    let mut next = async || -> Value {
        let line = tokio::time::timeout(PATIENCE, lines.next_line())
            .await
            .expect("a line in time")
            .expect("readable")
            .expect("watch is still running");
        without_time(
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")),
        )
    };

    assert_eq!(
        next().await,
        serde_json::json!({"event": "connecting", "attempt": 1})
    );
    let connected = next().await;
    assert_eq!(connected["event"], "connected", "{connected}");
    assert!(
        connected["socket_id"]
            .as_str()
            .is_some_and(|id| id.contains('.'))
    );
    assert_eq!(next().await, serde_json::json!({"event": "resync_needed"}));

    let code = sim
        .create_code(
            "demo",
            sim.intercom_ids("demo")[0],
            "Seen by watch",
            Utc::now() + TimeDelta::hours(1),
        )
        .expect("code");
    let push = next().await;
    assert_eq!(push["event"], "push", "{push}");
    assert_eq!(push["push"], "code_created", "{push}");
    assert_eq!(push["code"]["id"], code["id"], "{push}");
    assert_eq!(push["code"]["title"], "Seen by watch", "{push}");

    sim.delete_codes("demo", &[code["id"].as_u64().expect("id")]);
    let deleted = next().await;
    assert_eq!(deleted["push"], "codes_deleted", "{deleted}");
    assert_eq!(deleted["ids"], serde_json::json!([code["id"]]), "{deleted}");

    // A push the desk has no use for is printed with the server's own type.
    let user = sim.user_id("demo").expect("demo");
    let motion = serde_json::json!({"data": {"type": "analytic_case_motion_detect_event_created",
        "status": "ok", "data": {"id": 5}}, "subject": null, "message": null});
    let frame = serde_json::json!({"channel": format!("private-user.{user}"), "event": "App\\Events\\UserPush",
        "data": motion.to_string()});
    assert_eq!(sim.push_raw(user, &frame.to_string()), 1);
    let unknown = next().await;
    assert_eq!(unknown["push"], "unknown", "{unknown}");
    assert_eq!(
        unknown["kind"], "analytic_case_motion_detect_event_created",
        "{unknown}"
    );

    sim.drop_live_connections(4200, "reconnect");
    let dropped = next().await;
    assert_eq!(dropped["event"], "disconnected", "{dropped}");
    assert_eq!(dropped["retry_in"], 0.0, "{dropped}");
    for expected in ["connecting", "connected", "resync_needed"] {
        assert_eq!(next().await["event"], expected);
    }

    // Its session ended by another device: the logout is printed, then it stops with exit code 3.
    let session = sim.session_ids("demo").pop().expect("watch's session");
    assert!(sim.end_session("demo", &session));
    let logout = next().await;
    assert_eq!(logout["push"], "logout", "{logout}");
    assert_eq!(next().await["event"], "stopped");
    let status = tokio::time::timeout(PATIENCE, watch.wait())
        .await
        .expect("watch exits")
        .expect("status");
    assert_eq!(status.code(), Some(3));
}

/// The line without its `at`, which every line has: when the desk printed it, in UTC, a moment ago.
#[track_caller]
fn without_time(mut line: Value) -> Value {
    let at = line
        .as_object_mut()
        .and_then(|fields| fields.remove("at"))
        .unwrap_or_else(|| panic!("no `at` in {line}"));
    let at: chrono::DateTime<Utc> = at
        .as_str()
        .and_then(|at| at.parse().ok())
        .unwrap_or_else(|| panic!("`at` is not an RFC 3339 time: {at}"));
    assert!(
        at.to_rfc3339().ends_with("+00:00") && (Utc::now() - at).num_seconds().abs() < 60,
        "{at}"
    );
    line
}

#[cfg(unix)]
#[tokio::test]
async fn sigint_and_sigterm_end_watch_with_a_last_stopped_line_and_exit_0() {
    let sim = start_on_loopback(SimConfig::default()).await;
    for (signal, reason) in [
        ("-TERM", "terminated (SIGTERM)"),
        ("-INT", "interrupted (SIGINT)"),
    ] {
        let mut watch = Command::new(env!("CARGO_BIN_EXE_visitor-desk"))
            .args(["watch", "--server", &sim.base_url(), "--login", "demo"])
            .env("VISITOR_DESK_PASSWORD", "demo")
            .env("RUST_LOG", "off")
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("visitor-desk watch starts");
        let mut lines = BufReader::new(watch.stdout.take().expect("stdout")).lines();
        let mut next = async || -> Option<Value> {
            let line = tokio::time::timeout(PATIENCE, lines.next_line())
                .await
                .expect("a line in time")
                .expect("readable")?;
            Some(without_time(serde_json::from_str(&line).expect("JSON")))
        };
        while next().await.expect("a line")["event"] != "resync_needed" {}
        let pid = watch.id().expect("running").to_string();
        let killed = std::process::Command::new("kill")
            .args([signal, &pid])
            .status()
            .expect("kill runs");
        assert!(killed.success());
        assert_eq!(
            next().await,
            Some(serde_json::json!({"event": "stopped", "reason": reason}))
        );
        assert_eq!(next().await, None, "the stopped line is the last");
        let status = tokio::time::timeout(PATIENCE, watch.wait())
            .await
            .expect("watch exits")
            .expect("status");
        assert_eq!(status.code(), Some(0), "{signal}");
    }
    // Each run signed out after itself.
    assert_eq!(sim.session_count("demo"), 0);
}

#[tokio::test]
async fn watch_without_account_options_uses_the_kept_sign_in_as_every_command_does() {
    // No keyring and no account used yet: not signed in (3), as `codes list` says, not a usage error.
    let home = common::cli::Home::new();
    let run = home.run(&["watch"], None).await;
    run.exited(3);
    assert!(run.stderr.contains("Not signed in"), "{run:#?}");
    // --server without --login is still a usage error.
    let run = home
        .run(&["watch", "--server", "http://127.0.0.1:9"], None)
        .await;
    run.exited(1);
}

#[tokio::test]
async fn watch_with_a_wrong_password_fails_with_the_reason() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let output = Command::new(env!("CARGO_BIN_EXE_visitor-desk"))
        .args(["watch", "--server", &sim.base_url(), "--login", "demo"])
        .env("VISITOR_DESK_PASSWORD", "wrong")
        .env("RUST_LOG", "off")
        .output()
        .await
        .expect("runs");
    assert!(!output.status.success());
    assert!(output.stdout.is_empty(), "nothing on stdout");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("sign-in failed") && stderr.contains("do not match"),
        "{stderr}"
    );
}

#[tokio::test]
async fn a_password_in_the_arguments_is_refused_before_anything_is_sent() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let output = Command::new(env!("CARGO_BIN_EXE_visitor-desk"))
        .args([
            "watch",
            "--server",
            &sim.base_url(),
            "--login",
            "demo",
            "--password",
            "demo",
        ])
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("RUST_LOG", "off")
        .kill_on_drop(true)
        .output();
    // Taken as before, it would follow the channel until interrupted.
    let output = tokio::time::timeout(Duration::from_secs(60), output)
        .await
        .expect("refused at once")
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "nothing on stdout");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--password is not taken") && stderr.contains("VISITOR_DESK_PASSWORD"),
        "{stderr}"
    );
    assert_eq!(sim.take_request_stats().0, 0, "nothing was sent");
}
