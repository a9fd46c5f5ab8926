//! The client against a server out to get the password, the token or the memory: a redirect to another
//! address, a body without end, its own error page echoing the secrets, a `Retry-After` of an hour, an auth route
//! on another host, a password typed into the address, and plain http to another computer. Each is refused, said
//! in words, and sends nothing where it should not.

mod common;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use aipix_client::api::{
    ApiError, Client, ClientConfig, LoginRequest, Session, Token, User, WaitHook,
};
use common::{RawReply, RawServer, client_with, non_loopback_ip};
use parking_lot::Mutex;

const TOKEN: &str = "73|Zq8vT2nR5xW1yB7kM4pL0sD9fG3hJ6cV";
const PASSWORD: &str = "correct horse battery staple";

const LOGIN_ANSWER: &str = r#"{"user":{"id":13,"login":"desk","name":"desk","access_token_id":"c862e3c5"},
  "access_token":"Bearer 73|Zq8vT2nR5xW1yB7kM4pL0sD9fG3hJ6cV"}"#;

const EMPTY_PAGE: &str = r#"{"data":[],"links":{},"meta":{"current_page":1,"from":null,"last_page":1,"path":"x","per_page":100,"to":null,"total":0}}"#;

/// A client that believes it is signed in with [`TOKEN`].
fn signed_in(base_url: &str, adjust: impl FnOnce(&mut ClientConfig)) -> Client {
    let client = client_with(base_url, adjust);
    let user: User = serde_json::from_str(
        r#"{"id":13,"login":"desk","name":"desk","access_token_id":"c862e3c5"}"#,
    )
    .expect("user");
    client.restore_session(Session {
        user,
        token: Token::new(TOKEN),
    });
    client
}

/// A server that records what reaches it and answers 200 to everything: where a redirect points.
async fn elsewhere() -> RawServer {
    RawServer::start(|_| RawReply::json("200 OK", LOGIN_ANSWER)).await
}

#[tokio::test]
async fn a_sign_in_redirected_to_another_port_sends_the_password_nowhere_and_says_where() {
    let other = elsewhere().await;
    for status in [
        "307 Temporary Redirect",
        "308 Permanent Redirect",
        "302 Found",
    ] {
        let target = format!("{}/steal?x=1", other.base_url);
        let server = RawServer::start(move |_| {
            RawReply::http(status, &[("Location", target.as_str())], b"")
        })
        .await;
        let error = client_with(&server.base_url, |_| {})
            .login(&LoginRequest::new("desk", PASSWORD))
            .await
            .expect_err("a redirect is not a sign-in");
        match &error {
            ApiError::Redirected { location, .. } => {
                assert_eq!(location, &format!("{}/steal", other.base_url), "{status}");
            }
            other => panic!("{status}: expected a redirect, got {other:?}"),
        }
        assert!(error.to_string().contains("redirected to"), "{error}");
        assert_eq!(server.recorded().len(), 1, "{status}: asked once");
    }
    assert!(
        other.recorded().is_empty(),
        "nothing reached the other port: {:#?}",
        other.recorded()
    );
}

#[tokio::test]
async fn an_api_call_follows_no_redirect_even_to_its_own_server() {
    let other = elsewhere().await;
    let target = format!("{}/api/v1/intercom/codes", other.base_url);
    let server = RawServer::start(move |request| {
        if request.request_line().contains("/moved/") {
            RawReply::json("200 OK", EMPTY_PAGE)
        } else if request.request_line().contains("/intercom/codes") {
            RawReply::http(
                "301 Moved Permanently",
                &[("Location", target.as_str())],
                b"",
            )
        } else {
            RawReply::http("302 Found", &[("Location", "/moved/")], b"")
        }
    })
    .await;
    let client = signed_in(&server.base_url, |_| {});
    let error = client.codes().await.expect_err("a redirected listing");
    assert!(
        matches!(&error, ApiError::Redirected { status: 301, location } if location.starts_with(&other.base_url)),
        "{error:?}"
    );
    // Same origin, a GET: still not followed, and the user is told where it pointed.
    let error = client.ws_url().await.expect_err("a redirected GET");
    assert!(
        matches!(&error, ApiError::Redirected { status: 302, location } if location == &format!("{}/moved/", server.base_url)),
        "{error:?}"
    );
    assert!(other.recorded().is_empty(), "{:#?}", other.recorded());
    assert_eq!(server.recorded().len(), 2, "{:#?}", server.recorded());
}

#[tokio::test]
async fn a_redirect_names_where_it_pointed_without_what_it_carried() {
    let server = RawServer::start(|_| {
        RawReply::http(
            "307 Temporary Redirect",
            &[(
                "Location",
                "http://user:secret@evil.example:81/grab?token=1#x",
            )],
            b"",
        )
    })
    .await;
    let error = client_with(&server.base_url, |_| {})
        .login(&LoginRequest::new("desk", PASSWORD))
        .await
        .expect_err("redirect");
    let ApiError::Redirected { location, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(location, "http://evil.example:81/grab");
}

#[tokio::test]
async fn a_body_declared_fifty_gigabytes_long_is_refused_before_it_is_read() {
    let head =
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 53687091200\r\n\r\n";
    let server = RawServer::start(move |_| RawReply::Endless {
        head: head.to_vec(),
        chunk: vec![b' '; 64 * 1024],
    })
    .await;
    // Without a cap the client would read until its timeout; the timeout is long enough to tell the two apart.
    let client = signed_in(&server.base_url, |config| {
        config.timeout = Duration::from_secs(10)
    });
    let error = client.ws_url().await.expect_err("too large");
    assert!(
        matches!(error, ApiError::TooLarge { limit } if limit == aipix_client::api::MAX_ANSWER_BYTES),
        "{error:?}"
    );
    assert!(error.to_string().contains("too large"), "{error}");
    // Whatever the socket buffers took, the client read nowhere near the body.
    assert!(
        server.written() < 64 * 1024 * 1024,
        "{} bytes went out",
        server.written()
    );
}

#[tokio::test]
async fn an_endless_chunked_body_stops_at_the_cap() {
    let mut chunk = format!("{:x}\r\n", 64 * 1024).into_bytes();
    chunk.extend(std::iter::repeat_n(b'[', 64 * 1024));
    chunk.extend_from_slice(b"\r\n");
    let head =
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    let server = RawServer::start(move |_| RawReply::Endless {
        head: head.to_vec(),
        chunk: chunk.clone(),
    })
    .await;
    let limit = 1024 * 1024;
    let client = signed_in(&server.base_url, |config| {
        config.timeout = Duration::from_secs(10);
        config.max_answer_bytes = limit;
    });
    let error = client.codes().await.expect_err("too large");
    assert!(
        matches!(error, ApiError::TooLarge { limit: l } if l == limit),
        "{error:?}"
    );
    assert!(
        server.written() < 32 * 1024 * 1024,
        "{} bytes went out",
        server.written()
    );
}

#[tokio::test]
async fn an_error_page_of_any_length_is_read_only_for_its_first_words() {
    let head = b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n";
    let mut chunk = format!("{:x}\r\n", 4096).into_bytes();
    chunk.extend(std::iter::repeat_n(b'x', 4096));
    chunk.extend_from_slice(b"\r\n");
    let server = RawServer::start(move |_| RawReply::Endless {
        head: head.to_vec(),
        chunk: chunk.clone(),
    })
    .await;
    let client = signed_in(&server.base_url, |config| {
        config.timeout = Duration::from_secs(10)
    });
    let error = client.ws_url().await.expect_err("a server error");
    assert!(
        matches!(&error, ApiError::Server { status: 500, excerpt } if excerpt.ends_with('…')),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_server_echoing_the_token_or_the_password_gets_neither_into_the_error() {
    // The server puts the request itself, body and headers, into its error page (a debug page would).
    let echo = |request: &common::Recorded| {
        let mut page = b"<pre>".to_vec();
        page.extend_from_slice(&request.body);
        page.extend_from_slice(format!("\n{}</pre>", request.head).as_bytes());
        if request.request_line().contains("/token") {
            RawReply::http("500 Internal Server Error", &[], &page)
        } else {
            RawReply::http("503 Service Unavailable", &[], &page)
        }
    };
    let server = RawServer::start(echo).await;
    let error = signed_in(&server.base_url, |_| {})
        .ws_url()
        .await
        .expect_err("a server error");
    let text = format!("{error} {error:?}");
    assert!(
        matches!(error, ApiError::Server { status: 503, .. }),
        "{text}"
    );
    assert!(
        !text.contains(TOKEN) && !text.contains("Zq8vT2nR5x"),
        "{text}"
    );
    assert!(text.contains("[redacted]"), "{text}");

    let error = client_with(&server.base_url, |_| {})
        .login(&LoginRequest::new("desk", PASSWORD))
        .await
        .expect_err("a server error");
    let text = format!("{error} {error:?}");
    assert!(
        matches!(error, ApiError::Server { status: 500, .. }),
        "{text}"
    );
    assert!(!text.contains(PASSWORD), "{text}");
    assert!(text.contains("[redacted]"), "{text}");

    // A refusal (422) that repeats the password as its reason.
    let server = RawServer::start(|request| {
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap_or_default();
        let said = format!(
            r#"{{"message":"bad {0}","errors":{{"password":["{0} is wrong"]}}}}"#,
            body["password"].as_str().unwrap_or_default()
        );
        RawReply::json("422 Unprocessable Entity", &said)
    })
    .await;
    let error = client_with(&server.base_url, |_| {})
        .login(&LoginRequest::new("desk", PASSWORD))
        .await
        .expect_err("refused");
    let text = format!("{error} {error:?}");
    assert!(!text.contains(PASSWORD), "{text}");
    assert_eq!(error.field_errors("password"), ["[redacted] is wrong"]);
}

/// A server that answers the listing 429 with `retry_after` the first `refusals` times, then an empty page.
async fn busy_server(retry_after: &'static str, refusals: usize) -> RawServer {
    let asked = Arc::new(Mutex::new(0));
    RawServer::start(move |_| {
        let mut asked = asked.lock();
        *asked += 1;
        if *asked <= refusals {
            RawReply::http(
                "429 Too Many Requests",
                &[("Retry-After", retry_after)],
                b"{}",
            )
        } else {
            RawReply::json("200 OK", EMPTY_PAGE)
        }
    })
    .await
}

#[tokio::test]
async fn an_hour_of_retry_after_ends_the_listing_at_once_with_the_servers_answer() {
    let server = busy_server("3600", usize::MAX).await;
    let waits = Arc::new(Mutex::new(Vec::new()));
    let told = waits.clone();
    let client = signed_in(&server.base_url, |config| {
        config.on_wait = Some(WaitHook::new(move |wait| told.lock().push(wait)));
    });
    let started = std::time::Instant::now();
    let error = client.codes().await.expect_err("busy");
    assert!(
        matches!(error, ApiError::RateLimited { retry_after: Some(wait) } if wait == Duration::from_secs(3600)),
        "{error:?}"
    );
    assert_eq!(server.recorded().len(), 1, "asked once, not five times");
    assert!(waits.lock().is_empty(), "no wait was started");
    // Not a timed assertion on speed: a wait of an hour (or 5 × 60 s, as before) would not end at all here.
    assert!(started.elapsed() < Duration::from_secs(60));
    assert!(error.to_string().contains("3600 s"), "{error}");
}

#[tokio::test]
async fn a_short_retry_after_is_waited_out_and_announced_first() {
    let server = busy_server("1", 1).await;
    let waits = Arc::new(Mutex::new(Vec::new()));
    let told = waits.clone();
    let client = signed_in(&server.base_url, |config| {
        config.on_wait = Some(WaitHook::new(move |wait| told.lock().push(wait)));
    });
    let codes = client.codes().await.expect("listed after the wait").items;
    assert!(codes.is_empty());
    assert_eq!(*waits.lock(), [Duration::from_secs(1)]);
    assert_eq!(server.recorded().len(), 2);
}

#[tokio::test]
async fn the_channel_authorisation_never_goes_to_another_host() {
    let other = elsewhere().await;
    let server =
        RawServer::start(|_| RawReply::json("200 OK", r#"{"auth":"key:signature"}"#)).await;
    let client = signed_in(&server.base_url, |_| {});
    for path in [
        format!("{}/broadcasting/auth", other.base_url),
        format!(
            "//{}/broadcasting/auth",
            other.base_url.trim_start_matches("http://")
        ),
    ] {
        let answer = client
            .authorize_channel(&path, "1.2", "private-user.13")
            .await;
        match &answer {
            // A scheme-relative path is read as a path on the server itself.
            Ok(_) => assert!(path.starts_with("//"), "{path}: {answer:?}"),
            Err(ApiError::InvalidUrl(why)) => assert!(why.contains("own address"), "{why}"),
            Err(other) => panic!("{path}: {other:?}"),
        }
    }
    assert!(other.recorded().is_empty(), "{:#?}", other.recorded());
    // A path on the server is fine.
    let auth = client
        .authorize_channel("/broadcasting/auth", "1.2", "private-user.13")
        .await
        .expect("signed");
    assert_eq!(auth, "key:signature");
    assert!(
        server
            .recorded()
            .iter()
            .all(|request| request.header("authorization").as_deref()
                == Some(&format!("Bearer {TOKEN}")))
    );
}

#[tokio::test]
async fn a_user_name_and_password_in_the_address_are_refused_without_repeating_them() {
    for typed in [
        "https://desk:hunter2@vms.example.org",
        "desk:hunter2@vms.example.org",
        "http://desk@127.0.0.1:8080",
    ] {
        let error = ClientConfig::new(typed, "device").expect_err(typed);
        assert!(
            matches!(error, ApiError::CredentialsInAddress),
            "{typed}: {error:?}"
        );
        assert!(!error.to_string().contains("hunter2"), "{error}");
    }
}

#[tokio::test]
async fn plain_http_to_another_computer_sends_no_password_or_token_unless_allowed() {
    let address = SocketAddr::new(non_loopback_ip(), 0).to_string();
    let server = RawServer::start_on(&address, |request| {
        if request.request_line().contains("/token") {
            RawReply::json("200 OK", LOGIN_ANSWER)
        } else {
            RawReply::json("200 OK", EMPTY_PAGE)
        }
    })
    .await;

    let refused = client_with(&server.base_url, |_| {});
    let error = refused
        .login(&LoginRequest::new("desk", PASSWORD))
        .await
        .expect_err("not without leave");
    assert!(matches!(error, ApiError::InsecureHttp { .. }), "{error:?}");
    let error = signed_in(&server.base_url, |_| {})
        .codes()
        .await
        .expect_err("no token in clear either");
    assert!(matches!(error, ApiError::InsecureHttp { .. }), "{error:?}");
    assert!(server.recorded().is_empty(), "{:#?}", server.recorded());

    let allowed = client_with(&server.base_url, |config| config.allow_insecure_http = true);
    allowed
        .login(&LoginRequest::new("desk", PASSWORD))
        .await
        .expect("with leave");
    allowed.codes().await.expect("listed");
    assert_eq!(server.recorded().len(), 2);
}

#[test]
fn loopback_addresses_are_not_another_computer() {
    let unencrypted = |typed: &str| {
        aipix_client::api::is_unencrypted(&aipix_client::api::parse_base_url(typed).expect(typed))
    };
    for local in [
        "http://127.0.0.1:8080",
        "http://127.1.2.3",
        "http://[::1]:9000",
        "http://localhost:8080",
        "http://LOCALHOST.",
        "http://desk.localhost",
        "https://vms.example.org",
        "vms.example.org",
    ] {
        assert!(!unencrypted(local), "{local}");
    }
    for remote in [
        "http://vms.example.org",
        "http://192.168.1.20",
        "http://[fd00::2]",
        "http://localhost.example.org",
    ] {
        assert!(unencrypted(remote), "{remote}");
    }
}
