//! The command line and the account's sessions, as a script meets them against a server that allows two: one-run
//! commands sign out after themselves (`POST /api/v1/logout`), "too many sessions" prints the sessions and takes
//! `--end-session`, and a server that needs a newer client has an exit code of its own.

mod common;

use aipix_sim::SimConfig;
use aipix_sim::testing::start_on_loopback;
use common::cli::Home;

fn for_this_run<'a>(server: &'a str, command: &[&'a str]) -> Vec<&'a str> {
    let mut args = command.to_vec();
    args.extend(["--server", server, "--login", "demo"]);
    args
}

#[tokio::test(flavor = "multi_thread")]
async fn five_one_run_commands_in_a_row_leave_no_session_open_on_a_two_session_account() {
    let sim = start_on_loopback(SimConfig {
        max_sessions: Some(2),
        ..SimConfig::default()
    })
    .await;
    let server = sim.base_url();
    let home = Home::new();
    for command in [
        &["intercoms"][..],
        &["codes", "list"],
        &["codes", "list", "--format", "json"],
        &["intercoms", "--format", "csv"],
        &["codes", "list", "--status", "expired"],
    ] {
        home.run(&for_this_run(&server, command), Some("demo"))
            .await
            .exited(0);
        assert_eq!(sim.session_count("demo"), 0, "{command:?} signed out");
    }
    assert_eq!(
        sim.requests_to("POST", "/api/v1/logout"),
        5,
        "each signed out as the SDKs do"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn too_many_sessions_prints_them_and_end_session_ends_the_one_named() {
    let sim = start_on_loopback(SimConfig {
        max_sessions: Some(2),
        ..SimConfig::default()
    })
    .await;
    let server = sim.base_url();
    // Two sessions elsewhere (a phone, another desk).
    for _ in 0..2 {
        common::signed_in(&sim, "demo", "demo").await;
    }
    let open = sim.session_ids("demo");
    let home = Home::new();
    let refused = home
        .run(&for_this_run(&server, &["codes", "list"]), Some("demo"))
        .await;
    refused.exited(2);
    assert!(
        refused.stderr.contains("it may have 2"),
        "{}",
        refused.stderr
    );
    for id in &open {
        assert!(
            refused.stderr.contains(&id[..12]),
            "the table names {id}:\n{}",
            refused.stderr
        );
    }
    assert!(
        refused.stderr.contains("--end-session"),
        "{}",
        refused.stderr
    );
    assert_eq!(sim.session_count("demo"), 2, "nothing was ended");

    // The start of the second one's id, as the table shows it.
    let chosen = &open[1][..12];
    let mut args = for_this_run(&server, &["codes", "list"]);
    args.extend(["--end-session", chosen]);
    home.run(&args, Some("demo")).await.exited(0);
    assert_eq!(
        sim.session_ids("demo"),
        [open[0].clone()],
        "the one named was ended, and this run signed out after itself"
    );

    // A start that names no session ends nothing.
    let mut args = for_this_run(&server, &["codes", "list"]);
    common::signed_in(&sim, "demo", "demo").await;
    args.extend(["--end-session", "nothing-like-it"]);
    let run = home.run(&args, Some("demo")).await;
    run.exited(1);
    assert!(run.stderr.contains("nothing-like-it"), "{}", run.stderr);
    assert_eq!(sim.session_count("demo"), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_that_needs_a_newer_client_has_its_own_exit_code() {
    let sim = start_on_loopback(SimConfig {
        require_version: Some("99.0.0.0".into()),
        ..SimConfig::default()
    })
    .await;
    let home = Home::new();
    let run = home
        .run(&for_this_run(&sim.base_url(), &["intercoms"]), Some("demo"))
        .await;
    run.exited(6);
    assert!(
        run.stderr
            .contains(&format!("AIPIX {}", aipix_client::api::AIPIX_VERSION)),
        "{}",
        run.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_that_keeps_the_session_is_said_to() {
    use common::{RawReply, RawServer};
    let server = RawServer::start(|request| {
        let line = request.request_line();
        if line.starts_with("POST /api/v1/token") {
            RawReply::json(
                "200 OK",
                r#"{"user":{"id":1,"login":"demo","access_token_id":"s-1"},"access_token":"Bearer t"}"#,
            )
        } else if line.contains("/logout") || line.contains("/sessions/") {
            RawReply::json("503 Service Unavailable", r#"{"message":"down"}"#)
        } else {
            RawReply::json(
                "200 OK",
                r#"{"data":[],"meta":{"current_page":1,"last_page":1,"per_page":100,"total":0}}"#,
            )
        }
    })
    .await;
    let home = Home::new();
    let run = home
        .run(
            &for_this_run(&server.base_url, &["intercoms"]),
            Some("demo"),
        )
        .await;
    run.exited(0);
    assert!(
        run.stderr.contains("the server may keep this session open"),
        "{}",
        run.stderr
    );
}
