//! The command line against servers that would take the password or the token, and against servers that make it
//! wait: the built binary, as a script runs it.

mod common;

use std::net::SocketAddr;
use std::sync::Arc;

use aipix_sim::SimConfig;
use aipix_sim::testing::start_on_loopback;
use common::cli::Home;
use common::{RawReply, RawServer, Recorded, non_loopback_ip};
use parking_lot::Mutex;

const TOKEN: &str = "91|Hq4wX8zC2vB6nM0kL5jG7fD3sA1pO9iU";
const LOGIN_ANSWER: &str = r#"{"user":{"id":13,"login":"desk","name":"desk","access_token_id":"c862e3c5"},
  "access_token":"Bearer 91|Hq4wX8zC2vB6nM0kL5jG7fD3sA1pO9iU"}"#;
const EMPTY_PAGE: &str = r#"{"data":[],"links":{},"meta":{"current_page":1,"from":null,"last_page":1,"path":"x","per_page":100,"to":null,"total":0}}"#;

#[tokio::test(flavor = "multi_thread")]
async fn plain_http_to_another_computer_needs_allow_insecure_http_and_is_then_said_on_stderr() {
    let sim = aipix_sim::start(SimConfig::default(), SocketAddr::new(non_loopback_ip(), 0))
        .await
        .expect("the simulator starts");
    let home = Home::new();
    let server = sim.base_url();
    let args = ["intercoms", "--server", &server, "--login", "demo"];

    let refused = home.run(&args, Some("demo")).await;
    refused.exited(1);
    assert!(
        refused.stderr.contains("plain http") && refused.stderr.contains("--allow-insecure-http"),
        "{refused:#?}"
    );
    assert_eq!(sim.take_request_stats().0, 0, "nothing was sent");

    let mut allowed = args.to_vec();
    allowed.push("--allow-insecure-http");
    let run = home.run(&allowed, Some("demo")).await;
    run.exited(0);
    assert!(run.stdout.contains("Main entrance"), "{run:#?}");
    assert!(
        run.stderr.contains("Warning:") && run.stderr.contains("unencrypted"),
        "{run:#?}"
    );

    // On this computer, plain http needs no leave and gets no warning.
    let local = start_on_loopback(SimConfig::default()).await;
    let run = home
        .run(
            &[
                "intercoms",
                "--server",
                &local.base_url(),
                "--login",
                "demo",
            ],
            Some("demo"),
        )
        .await;
    run.exited(0);
    assert!(!run.stderr.contains("unencrypted"), "{run:#?}");
}

/// A server that signs in, then answers everything else with an error page that repeats the request (a debug
/// page would), headers and all.
fn echoing(request: &Recorded) -> RawReply {
    if request.request_line().contains("/api/v1/token") {
        return RawReply::json("200 OK", LOGIN_ANSWER);
    }
    let page = format!("<h1>Whoops</h1><pre>{}</pre>", request.head);
    RawReply::http("500 Internal Server Error", &[], page.as_bytes())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_echoing_the_token_gets_it_neither_on_stderr_nor_anywhere_on_disk() {
    let server = RawServer::start(echoing).await;
    let home = Home::new();
    let run = home
        .run(
            &[
                "codes",
                "list",
                "--server",
                &server.base_url,
                "--login",
                "desk",
            ],
            Some("desk-password"),
        )
        .await;
    run.exited(4);
    assert!(run.stderr.contains("error 500"), "{run:#?}");
    assert!(
        server
            .recorded()
            .iter()
            .any(|request| request.head.contains(TOKEN)),
        "the token did go to the server, which echoed it"
    );
    assert!(!run.stderr.contains(TOKEN), "{}", run.stderr);
    assert!(!run.stderr.contains("Hq4wX8zC2v"), "{}", run.stderr);
    assert!(run.stderr.contains("[redacted]"), "{}", run.stderr);
    for file in common::cli::files_under(home.config.path())
        .into_iter()
        .chain(common::cli::files_under(home.data.path()))
    {
        let bytes = std::fs::read(&file).expect("readable");
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("Hq4wX8zC2v"), "{}", file.display());
    }
}

/// A server that signs in and lists nothing, but answers the code list 429 with `retry_after` `refusals` times.
async fn busy(retry_after: &'static str, refusals: usize) -> RawServer {
    let refused = Arc::new(Mutex::new(0));
    RawServer::start(move |request| {
        let line = request.request_line();
        if line.contains("/api/v1/token") {
            RawReply::json("200 OK", LOGIN_ANSWER)
        } else if line.contains("/api/v1/intercom/codes") && *refused.lock() < refusals {
            *refused.lock() += 1;
            RawReply::http(
                "429 Too Many Requests",
                &[("Retry-After", retry_after)],
                b"{}",
            )
        } else if line.starts_with("GET") {
            RawReply::json("200 OK", EMPTY_PAGE)
        } else {
            RawReply::http("204 No Content", &[], b"")
        }
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_command_says_that_it_waits_for_a_busy_server_and_gives_up_at_once_on_an_hour() {
    let home = Home::new();
    let server = busy("2", 1).await;
    let run = home
        .run(
            &[
                "codes",
                "list",
                "--server",
                &server.base_url,
                "--login",
                "desk",
            ],
            Some("pw"),
        )
        .await;
    run.exited(0);
    assert!(
        run.stderr
            .contains("The server limits how often it is asked: asking again in 2 s."),
        "{run:#?}"
    );

    let server = busy("3600", usize::MAX).await;
    let run = home
        .run(
            &[
                "codes",
                "list",
                "--server",
                &server.base_url,
                "--login",
                "desk",
            ],
            Some("pw"),
        )
        .await;
    run.exited(2);
    assert!(run.stderr.contains("Try again in 3600 s"), "{run:#?}");
    assert!(!run.stderr.contains("asking again"), "{run:#?}");
    let asked = server
        .recorded()
        .iter()
        .filter(|request| request.request_line().contains("/intercom/codes"))
        .count();
    assert_eq!(asked, 1, "asked once, then told the user");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_password_in_the_server_address_is_refused_and_never_repeated() {
    let home = Home::new();
    let run = home
        .run(
            &[
                "intercoms",
                "--server",
                "https://desk:hunter2@vms.example.org",
                "--login",
                "desk",
            ],
            Some("pw"),
        )
        .await;
    run.exited(1);
    assert!(run.stderr.contains("user name or password"), "{run:#?}");
    assert!(!run.stderr.contains("hunter2"), "{run:#?}");
}

/// A title that would retitle the terminal (OSC 0), clear it, and turn the line around.
const HOSTILE_TITLE: &str = "Ann\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}olleh";

/// `codes list --format csv` and `journal` to a terminal show what a title would command it to do as spaces, as
/// the tables already did; to a pipe the CSV carries the title as it is (a script asked for the data).
#[tokio::test(flavor = "multi_thread")]
async fn csv_and_the_journal_to_a_terminal_cannot_command_it() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let intercom = sim.intercom_ids("demo")[0].to_string();
    let home = Home::new();
    let server = sim.base_url();
    // Made from the command line: the journal has its line, title and all.
    home.run(
        &[
            "codes",
            "create",
            "--intercom",
            &intercom,
            "--title",
            HOSTILE_TITLE,
            "--for",
            "2h",
            "--server",
            &server,
            "--login",
            "demo",
        ],
        Some("demo"),
    )
    .await
    .exited(0);

    let piped = home
        .run(
            &[
                "codes", "list", "--format", "csv", "--server", &server, "--login", "demo",
            ],
            Some("demo"),
        )
        .await;
    piped.exited(0);
    assert!(piped.stdout.contains(HOSTILE_TITLE), "{piped:#?}");

    let binary = env!("CARGO_BIN_EXE_visitor-desk");
    for command in [
        format!("{binary} codes list --format csv --server {server} --login demo"),
        format!("{binary} codes list --format json --server {server} --login demo"),
        format!("{binary} journal --server {server} --login demo"),
        format!("{binary} journal --format csv --server {server} --login demo"),
    ] {
        let (code, screen) = home
            .in_terminal(&format!("VISITOR_DESK_PASSWORD=demo {command}"), &[])
            .await;
        assert_eq!(code, Some(0), "{command}: {screen}");
        assert!(
            !screen.contains("\u{1b}]0;")
                && !screen.contains("\u{1b}[2J")
                && !screen.contains('\u{202e}'),
            "{command}: {screen:?}"
        );
        if !command.contains("--format json") {
            assert!(screen.contains("Ann ]0;pwned"), "{command}: {screen:?}");
        }
    }
}

/// A log line written to a file or a pipe carries no colour escapes.
#[tokio::test(flavor = "multi_thread")]
async fn watch_writes_no_colour_escapes_into_a_stderr_that_is_not_a_terminal() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let home = Home::new();
    let mut watch = home.command(
        &["watch", "--server", &sim.base_url(), "--login", "demo"],
        Some("demo"),
    );
    watch
        .env("RUST_LOG", "debug")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = watch.spawn().expect("watch starts");
    // Logged lines come as it signs in and connects; then it is stopped.
    let mut stdout = tokio::io::BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    while !line.contains("\"connected\"") {
        line.clear();
        let read = tokio::time::timeout(
            std::time::Duration::from_secs(30),
            tokio::io::AsyncBufReadExt::read_line(&mut stdout, &mut line),
        )
        .await
        .expect("a line in time")
        .expect("readable");
        assert!(read > 0, "watch ended");
    }
    child.start_kill().expect("stopped");
    let output = child.wait_with_output().await.expect("ended");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("DEBUG"), "logged: {stderr}");
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
}

/// `journal --help` says what its formats hold: its CSV is in local time (not UTC, as a listing's is), its JSON
/// has the journal's entries (not the server's objects); in Russian too.
#[tokio::test(flavor = "multi_thread")]
async fn journal_help_tells_the_times_its_formats_hold() {
    let home = Home::new();
    let help = home.run(&["journal", "--help"], None).await;
    help.exited(0);
    let csv = help
        .stdout
        .lines()
        .find(|line| line.trim_start().starts_with("- csv:"))
        .unwrap_or_else(|| panic!("{}", help.stdout));
    assert!(csv.contains("local time") && !csv.contains("UTC"), "{csv}");
    assert!(!help.stdout.contains("server's objects"), "{}", help.stdout);
    let russian = home.run(&["--lang", "ru", "journal", "--help"], None).await;
    assert!(
        russian.stdout.contains("в местном времени")
            && !russian.stdout.contains("с объектами сервера"),
        "{}",
        russian.stdout
    );
}
