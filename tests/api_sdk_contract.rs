//! The client speaks to a server as the vendor's own SDKs do (`aipix-dev/vms-mobile-sdk-android`,
//! `aipix-dev/vms-mobile-sdk-ios`): the headers they send, how they sign out, how they read errors, paging without
//! a `per_page` the server refuses. Checked against a raw server that records every request.

mod common;

use aipix_client::api::{AIPIX_VERSION, ApiError, Client, Session, Token, User};
use common::{RawReply, RawServer, client_with};

const USER: &str = r#"{"id":13,"login":"user","name":"user","access_token_id":"c862e3c5"}"#;

fn signed_in(base_url: &str, adjust: impl FnOnce(&mut aipix_client::api::ClientConfig)) -> Client {
    let client = client_with(base_url, adjust);
    let user: User = serde_json::from_str(USER).expect("user");
    client.restore_session(Session {
        user,
        token: Token::new("Bearer test-token"),
    });
    client
}

fn page(codes: &str, total: u64, per_page: u64) -> String {
    let last = total.div_ceil(per_page).max(1);
    format!(
        r#"{{"data":[{codes}],"links":{{}},"meta":{{"current_page":1,"last_page":{last},"per_page":{per_page},"total":{total}}}}}"#
    )
}

const CODE: &str = r#"{"id":1,"title":"Visitor","code":"12345","expired_at":"2030-01-01T10:00:00.000000Z",
  "is_expired":false,"will_deleted_at":"2030-01-02T10:00:00.000000Z","created_at":"2029-12-31T10:00:00.000000Z",
  "intercom":{"id":180,"title":"House","is_online":true,"department":100,"address":"Cameras"}}"#;

#[tokio::test]
async fn every_request_says_the_version_and_the_language_which_follows_the_ui() {
    let server = RawServer::start(|_| RawReply::json("200 OK", &page(CODE, 1, 100))).await;
    let client = signed_in(&server.base_url, |config| config.language = "ru-RU".into());
    client.codes().await.expect("codes");
    client.set_language("en");
    client.codes().await.expect("codes");
    let recorded = server.recorded();
    assert_eq!(recorded.len(), 2);
    for request in &recorded {
        assert_eq!(request.header("X-Version").as_deref(), Some(AIPIX_VERSION));
        assert_eq!(request.header("X-Client").as_deref(), Some("thick-legal"));
    }
    assert_eq!(recorded[0].header("hl").as_deref(), Some("ru"));
    assert_eq!(recorded[1].header("hl").as_deref(), Some("en"));
}

#[tokio::test]
async fn sign_out_is_post_logout_with_the_device() {
    let server = RawServer::start(|_| RawReply::json("200 OK", r#"{"status":"ok"}"#)).await;
    let client = signed_in(&server.base_url, |_| {});
    client.logout().await.expect("signed out");
    let recorded = server.recorded();
    assert_eq!(recorded.len(), 1, "no fallback when logout answers");
    assert!(
        recorded[0]
            .request_line()
            .starts_with("POST /api/v1/logout "),
        "{}",
        recorded[0].request_line()
    );
    let body: serde_json::Value = serde_json::from_slice(&recorded[0].body).expect("json");
    assert_eq!(body["uuid"], "test-device-0001");
    assert!(client.session().is_none());
}

#[tokio::test]
async fn a_server_without_logout_ends_the_session_by_its_id_only_on_404_or_405() {
    for missing in ["404 Not Found", "405 Method Not Allowed"] {
        let server = RawServer::start(move |request| {
            if request.request_line().contains("/api/v1/logout") {
                RawReply::json(missing, r#"{"message":"nope"}"#)
            } else {
                RawReply::json("200 OK", r#"{"status":"ok"}"#)
            }
        })
        .await;
        signed_in(&server.base_url, |_| {})
            .logout()
            .await
            .expect("ended by its id");
        let lines: Vec<String> = server
            .recorded()
            .iter()
            .map(|request| request.request_line().to_owned())
            .collect();
        assert_eq!(lines.len(), 2, "{missing}: {lines:?}");
        assert!(
            lines[1].starts_with("POST /api/v1/sessions/c862e3c5 "),
            "{lines:?}"
        );
    }
    // Any other failure is no reason to try another route: the caller is told the server may keep the session.
    let server = RawServer::start(|_| RawReply::json("500 Internal Server Error", "{}")).await;
    let client = signed_in(&server.base_url, |_| {});
    let error = client.logout().await.expect_err("the server failed");
    assert!(
        matches!(error, ApiError::Server { status: 500, .. }),
        "{error:?}"
    );
    assert_eq!(server.recorded().len(), 1);
    assert!(client.session().is_none(), "forgotten here all the same");
}

#[tokio::test]
async fn a_refused_per_page_is_asked_again_without_it_and_remembered_for_the_server() {
    let server = RawServer::start(|request| {
        if request.request_line().contains("per_page=") {
            RawReply::json(
                "422 Unprocessable Content",
                r#"{"message":"The per page may not be greater than 50.","errors":{"per_page":["The per page may not be greater than 50."]}}"#,
            )
        } else {
            RawReply::json("200 OK", &page(CODE, 1, 25))
        }
    })
    .await;
    let client = signed_in(&server.base_url, |_| {});
    assert_eq!(client.codes().await.expect("listed").items.len(), 1);
    assert_eq!(client.codes().await.expect("listed again").items.len(), 1);
    // A second client of the same configuration (another account, say) shares what was learnt.
    let other = signed_in(&server.base_url, |config| {
        config.paging = client.config().paging.clone();
    });
    other.intercoms().await.ok();
    let lines: Vec<String> = server
        .recorded()
        .iter()
        .map(|request| request.request_line().to_owned())
        .collect();
    let sized = lines
        .iter()
        .filter(|line| line.contains("per_page="))
        .count();
    assert_eq!(sized, 1, "asked with per_page once only: {lines:?}");
    assert_eq!(lines.len(), 4, "{lines:?}");
}

#[tokio::test]
async fn per_page_is_kept_where_the_server_takes_it() {
    let server = RawServer::start(|_| RawReply::json("200 OK", &page(CODE, 1, 100))).await;
    let client = signed_in(&server.base_url, |_| {});
    client.codes().await.expect("listed");
    assert!(server.recorded()[0].request_line().contains("per_page=100"));
}

#[tokio::test]
async fn errors_read_as_the_sdks_read_them() {
    /// A status line, a body and extra headers.
    type Answer = (
        &'static str,
        &'static str,
        &'static [(&'static str, &'static str)],
    );
    let cases: [Answer; 4] = [
        ("409 Conflict", r#"{"message":"Update the app"}"#, &[]),
        (
            "400 Bad Request",
            r#"{"message":"Bad","errors":{"title":["The title is too long."]}}"#,
            &[],
        ),
        (
            "422 Unprocessable Content",
            r#"{"message":"Bad","errors":"The code limit is reached."}"#,
            &[],
        ),
        (
            "429 Too Many Requests",
            r#"{"message":"Too Many Attempts."}"#,
            &[("Retry-After", "99")],
        ),
    ];
    let mut errors = Vec::new();
    for (status, body, headers) in cases {
        let server =
            RawServer::start(move |_| RawReply::http(status, headers, body.as_bytes())).await;
        let client = signed_in(&server.base_url, |config| {
            config.max_retry_wait = std::time::Duration::from_secs(1);
        });
        errors.push(
            client
                .create_code(180, "Visitor", chrono::Utc::now())
                .await
                .expect_err(status),
        );
    }
    assert!(
        matches!(&errors[0], ApiError::NeedsNewerClient { .. }),
        "{:?}",
        errors[0]
    );
    assert!(errors[0].to_string().contains(AIPIX_VERSION));
    assert_eq!(errors[1].field_errors("title"), ["The title is too long."]);
    assert_eq!(errors[2].to_string(), "The code limit is reached.");
    assert!(
        matches!(errors[3], ApiError::RateLimited { retry_after: Some(wait) } if wait.as_secs() == 99),
        "{:?}",
        errors[3]
    );
}

#[tokio::test]
async fn a_listing_past_its_total_is_refused_with_a_clear_error() {
    // More items than the client takes, announced on page 1: nothing more is asked for.
    let server = RawServer::start(|_| RawReply::json("200 OK", &page(CODE, 1_000, 1))).await;
    let client = signed_in(&server.base_url, |config| config.max_list_items = 500);
    let error = client.codes().await.expect_err("too many");
    assert!(
        matches!(error, ApiError::ListTooLarge { max_items: 500, .. }),
        "{error:?}"
    );
    assert_eq!(server.recorded().len(), 1);
    // More bytes than it reads, page after page: it stops once past them.
    let title = "x".repeat(4_000);
    let big = CODE.replace(r#""title":"Visitor""#, &format!(r#""title":"{title}""#));
    let body = page(&big, 40, 1);
    let server = RawServer::start(move |_| RawReply::json("200 OK", &body)).await;
    let client = signed_in(&server.base_url, |config| {
        config.max_list_bytes = 64 * 1024;
        config.max_pages_in_flight = 1;
    });
    let error = client.codes().await.expect_err("too large");
    assert!(matches!(error, ApiError::ListTooLarge { .. }), "{error:?}");
    assert!(error.to_string().contains("larger than"), "{error}");
    let asked = server.recorded().len();
    assert!(asked < 40, "stopped early: {asked} pages asked for");
}

#[tokio::test]
async fn sessions_the_user_and_the_server_facts_read_tolerantly() {
    let server = RawServer::start(|request| {
        let line = request.request_line();
        let body = if line.contains("/api/v1/sessions") {
            r#"[{"id":"a","online":true,"last":1700000000,"user_agent":"Firefox","client":"web","ip":"10.0.0.2","is_current":true},
                {"id":7},{"online":true},"junk"]"#
        } else if line.contains("/api/v1/users/self") {
            r#"{"id":13,"login":"user","name":"New Name","access_token_id":null,"permissions":null}"#
        } else {
            r#"{"version":"24.03.1.0","is_captcha_available":true,"available_locales":["en","ru"]}"#
        };
        RawReply::json("200 OK", body)
    })
    .await;
    let client = signed_in(&server.base_url, |_| {});
    let sessions = client.sessions().await.expect("sessions");
    assert_eq!(
        sessions.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
        ["a", "7"],
        "a session without an id, and junk, are left out"
    );
    assert!(sessions[0].is_current && sessions[0].last_used().is_some());
    let user = client.refresh_user().await.expect("user");
    assert_eq!(user.name, "New Name");
    assert_eq!(
        user.access_token_id.as_deref(),
        Some("c862e3c5"),
        "the sign-in's id is kept when the answer has none"
    );
    assert_eq!(client.session().expect("signed in").user.name, "New Name");
    let facts = client.server_facts().await.expect("facts");
    assert_eq!(facts.version.as_deref(), Some("24.03.1.0"));
    assert_eq!(facts.is_captcha_available, Some(true));
    assert_eq!(facts.available_locales, ["en", "ru"]);
    let facts_request = server.recorded().pop().expect("asked");
    assert!(
        facts_request
            .request_line()
            .starts_with("GET /api/v1/static/basic ")
    );
    assert_eq!(
        facts_request.header("Authorization"),
        None,
        "nothing secret goes with it"
    );
}
