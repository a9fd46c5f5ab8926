//! The client against answers no good server gives: each ends in a typed error, never a panic.

mod common;

use std::time::Duration;

use aipix_client::api::{ApiError, Client, Code, Listing, LoginRequest, Session, Token, User};
use chrono::{TimeZone as _, Utc};
use common::{RawReply, RawServer, client_for, client_with};

const LOGIN_ANSWER: &str = r#"{"user":{"id":13,"login":"user","name":"user","parent_id":null,
  "permissions":[{"id":223,"name":"any-permission"}],"created_at":"","updated_at":"2022-04-21 16:37:46",
  "access_token_id":"c862e3c5","can_update_password":true,"analytic_license":[]},"access_token":"Bearer token"}"#;

fn page_of(codes: &str, total: u64) -> String {
    format!(
        r#"{{"data":[{codes}],"links":{{}},"meta":{{"current_page":1,"from":1,"last_page":1,"path":"x","per_page":100,"to":1,"total":{total}}}}}"#
    )
}

const GOOD_CODE: &str = r#"{"id":1,"title":"Visitor","code":"12345","expired_at":"2030-01-01 10:00:00",
  "is_expired":false,"will_deleted_at":"2030-01-02 10:00:00","created_at":"2029-12-31 10:00:00",
  "intercom":{"id":180,"title":"House","is_online":true,"department":100,"address":"Cameras"}}"#;

/// A client that believes it is signed in, so requests carry a token.
fn signed_in_client(base_url: &str) -> Client {
    let client = client_for(base_url);
    let user: User = serde_json::from_str(
        r#"{"id":13,"login":"user","name":"user","access_token_id":"c862e3c5"}"#,
    )
    .expect("user");
    client.restore_session(Session {
        user,
        token: Token::new("Bearer test-token"),
    });
    client
}

async fn codes_against(reply: RawReply) -> ApiError {
    let server = RawServer::start(move |_| reply.clone()).await;
    signed_in_client(&server.base_url)
        .codes()
        .await
        .expect_err("a broken answer must be an error")
}

#[tokio::test]
async fn truncated_json_is_a_decode_error() {
    let body = page_of(GOOD_CODE, 1);
    let error = codes_against(RawReply::json("200 OK", &body[..body.len() / 2])).await;
    assert!(
        matches!(&error, ApiError::Decode { detail, .. } if detail.contains("not JSON")),
        "{error:?}"
    );
}

async fn codes_listed_from(reply: RawReply) -> Listing<Code> {
    let server = RawServer::start(move |_| reply.clone()).await;
    signed_in_client(&server.base_url)
        .codes()
        .await
        .expect("the readable codes are listed")
}

#[tokio::test]
async fn a_code_of_the_wrong_shape_is_left_out_named_and_counted() {
    let second = GOOD_CODE.replace(r#""id":1,"#, r#""id":2,"#);
    let wrong = GOOD_CODE.replace(r#""id":1,"#, r#""id":"one","#);
    let listing = codes_listed_from(RawReply::json(
        "200 OK",
        &page_of(&format!("{wrong},{second}"), 2),
    ))
    .await;
    assert_eq!(
        listing.items.iter().map(|code| code.id).collect::<Vec<_>>(),
        [2]
    );
    assert_eq!(listing.unreadable.len(), 1);
    assert_eq!(listing.unreadable[0].id, None, "its id is what was wrong");
    assert!(
        listing.unreadable[0].reason.contains("id"),
        "{:?}",
        listing.unreadable[0]
    );
    assert!(listing.unreadable[0].raw.contains(r#""id":"one""#));

    let bad_time = GOOD_CODE.replace("2030-01-01 10:00:00", "next tuesday");
    let listing = codes_listed_from(RawReply::json(
        "200 OK",
        &page_of(&format!("{bad_time},{second}"), 2),
    ))
    .await;
    assert_eq!(listing.items.len(), 1);
    let bad = &listing.unreadable[0];
    assert_eq!(bad.id, Some(1));
    assert!(bad.reason.contains("expired_at"), "{bad:?}");
}

#[tokio::test]
async fn a_page_whose_meta_is_wrong_is_still_an_error_naming_it() {
    let body = page_of(GOOD_CODE, 1).replace(r#""total":1"#, r#""total":"one""#);
    let error = codes_against(RawReply::json("200 OK", &body)).await;
    match &error {
        ApiError::Decode { what, detail } => {
            assert!(what.contains("code list page 1"), "{what}");
            assert!(detail.contains("meta.total"), "{detail}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_html_error_page_is_a_server_error_with_an_excerpt() {
    let html = b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
    let error = codes_against(RawReply::http(
        "502 Bad Gateway",
        &[("Content-Type", "text/html")],
        html,
    ))
    .await;
    match &error {
        ApiError::Server { status, excerpt } => {
            assert_eq!(*status, 502);
            assert!(
                excerpt.starts_with("502 Bad Gateway") && !excerpt.contains('<'),
                "{excerpt}"
            );
        }
        other => panic!("expected a server error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_html_page_with_status_200_is_a_decode_error() {
    let error = codes_against(RawReply::http(
        "200 OK",
        &[("Content-Type", "text/html")],
        b"<html>Login</html>",
    ))
    .await;
    assert!(
        matches!(&error, ApiError::Decode { detail, .. } if detail.contains("Login")),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_empty_body_is_a_decode_error() {
    let error = codes_against(RawReply::json("200 OK", "")).await;
    assert!(matches!(error, ApiError::Decode { .. }), "{error:?}");
}

#[tokio::test]
async fn a_dropped_connection_is_a_network_error() {
    let error = codes_against(RawReply::Hangup).await;
    assert!(matches!(error, ApiError::Network(_)), "{error:?}");
}

#[tokio::test]
async fn a_silent_server_times_out() {
    let server = RawServer::start(|_| RawReply::Silence).await;
    let client = client_with(&server.base_url, |config| {
        config.timeout = Duration::from_millis(300)
    });
    let error = client.ws_url().await.expect_err("no answer");
    assert!(
        matches!(&error, ApiError::Network(text) if text.contains("in time")),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_refused_connection_is_a_network_error() {
    // Bind, learn the port, and close: nothing listens there any more.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("addr");
    drop(listener);
    let error = client_for(&format!("http://{address}"))
        .login(&LoginRequest::new("a", "b"))
        .await
        .expect_err("nobody listens");
    assert!(matches!(error, ApiError::Network(_)), "{error:?}");
}

#[tokio::test]
async fn rate_limits_carry_retry_after() {
    let error = codes_against(RawReply::http(
        "429 Too Many Requests",
        &[("Retry-After", "7")],
        b"{}",
    ))
    .await;
    assert!(
        matches!(error, ApiError::RateLimited { retry_after: Some(wait) } if wait == Duration::from_secs(7)),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_422_with_an_html_body_is_still_a_validation_error() {
    let error = codes_against(RawReply::http(
        "422 Unprocessable Entity",
        &[],
        b"<p>Bad input</p>",
    ))
    .await;
    assert!(
        matches!(&error, ApiError::Validation { message, errors } if message == "Bad input" && errors.is_empty())
    );
}

#[tokio::test]
async fn a_401_of_any_body_is_unauthorized() {
    let error = codes_against(RawReply::http("401 Unauthorized", &[], b"nope")).await;
    assert!(error.is_unauthorized(), "{error:?}");
}

#[tokio::test]
async fn too_many_sessions_is_419_in_every_shape_the_sdks_read() {
    let session = r#"{"id":"s-7","online":true,"last":1700000000,"user_agent":"Firefox","client":"web","ip":"10.0.0.2","is_current":false}"#;
    for body in [
        // The SDKs' body (`VMSSessionResponse`, `VMSLoginResponse`).
        format!(
            r#"{{"message":"Too many sessions.","sessions_limit":2,"sessions":[{session}],"key":null}}"#
        ),
        // Android's fallback: a bare array of sessions (`getErrorMessage419`).
        format!("[{session}]"),
    ] {
        let server = RawServer::start(move |_| RawReply::json("419 unknown status", &body)).await;
        let error = client_for(&server.base_url)
            .login(&LoginRequest::new("user", "pw"))
            .await
            .expect_err("too many sessions");
        let ApiError::TooManySessions { sessions, .. } = &error else {
            panic!("{error:?}");
        };
        assert_eq!(sessions.len(), 1, "{error:?}");
        assert_eq!(sessions[0].id, "s-7");
        assert_eq!(sessions[0].user_agent.as_deref(), Some("Firefox"));
        assert_eq!(error.oldest_session().map(|s| s.id.as_str()), Some("s-7"));
    }
    // An older server's lone `session_id` still names one to end.
    let server = RawServer::start(|_| {
        RawReply::json(
            "419 unknown status",
            r#"{"message":"Too many sessions.","session_id":"old-session"}"#,
        )
    })
    .await;
    let error = client_for(&server.base_url)
        .login(&LoginRequest::new("user", "pw"))
        .await
        .expect_err("too many sessions");
    assert_eq!(
        error.oldest_session().map(|s| s.id.as_str()),
        Some("old-session")
    );
}

#[tokio::test]
async fn a_429_at_sign_in_is_a_rate_limit_with_its_wait_never_too_many_sessions() {
    let server = RawServer::start(|_| {
        RawReply::http(
            "429 Too Many Requests",
            &[("Retry-After", "12")],
            br#"{"message":"Too Many Attempts."}"#,
        )
    })
    .await;
    let error = client_for(&server.base_url)
        .login(&LoginRequest::new("user", "pw"))
        .await
        .expect_err("rate limited");
    assert!(
        matches!(error, ApiError::RateLimited { retry_after: Some(wait) } if wait == Duration::from_secs(12)),
        "{error:?}"
    );
}

#[tokio::test]
async fn every_request_carries_the_contract_headers() {
    let server = RawServer::start(|request| {
        if request.request_line().contains("/api/v1/token") {
            RawReply::json("200 OK", LOGIN_ANSWER)
        } else {
            RawReply::http("204 No Content", &[], b"")
        }
    })
    .await;
    let client = client_for(&server.base_url);
    let session = client
        .login(&LoginRequest::new("user", "pw"))
        .await
        .expect("login");
    assert_eq!(
        session.token.secret(),
        "token",
        "the `Bearer ` prefix is not doubled"
    );
    client.set_socket_id(Some("123.456".into()));
    let expiry = Utc
        .with_ymd_and_hms(2029, 12, 31, 12, 45, 0)
        .single()
        .expect("date");
    // The 204 has no code in it: the create fails to decode, but the request went out as it should.
    let _ = client.create_code(180, "Visitor", expiry).await;

    let recorded = server.recorded();
    let [login, create] = recorded.as_slice() else {
        panic!("expected two requests, got {recorded:#?}")
    };
    for request in [login, create] {
        assert_eq!(
            request.header("accept").as_deref(),
            Some("application/json")
        );
        assert_eq!(request.header("x-client").as_deref(), Some("thick-legal"));
        assert_eq!(
            request.header("x-uuid").as_deref(),
            Some("test-device-0001")
        );
        assert_eq!(
            request.header("content-type").as_deref(),
            Some("application/json")
        );
    }
    assert_eq!(login.header("authorization"), None, "login sends no token");
    assert_eq!(login.header("x-socket-id"), None);
    let login_body: serde_json::Value = serde_json::from_slice(&login.body).expect("login body");
    assert_eq!(
        login_body,
        serde_json::json!({"login": "user", "password": "pw"})
    );

    assert!(
        create
            .request_line()
            .starts_with("POST /api/v1/intercom/180/codes "),
        "{}",
        create.request_line()
    );
    assert_eq!(
        create.header("authorization").as_deref(),
        Some("Bearer token")
    );
    assert_eq!(create.header("x-socket-id").as_deref(), Some("123.456"));
    let create_body: serde_json::Value = serde_json::from_slice(&create.body).expect("create body");
    assert_eq!(
        create_body,
        serde_json::json!({"title": "Visitor", "expired_at": "2029-12-31 12:45"})
    );
}

#[tokio::test]
async fn a_server_under_a_path_keeps_its_path() {
    let server = RawServer::start(|_| RawReply::json("200 OK", &page_of(GOOD_CODE, 1))).await;
    let client = signed_in_client(&format!("{}/vms", server.base_url));
    let codes = client.codes().await.expect("codes").items;
    assert_eq!(codes.len(), 1);
    let line = server.recorded()[0].request_line().to_owned();
    assert!(
        line.starts_with("GET /vms/api/v1/intercom/codes?page=1&per_page=100 "),
        "{line}"
    );
}
