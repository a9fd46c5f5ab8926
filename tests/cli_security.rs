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
