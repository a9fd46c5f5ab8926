//! The simulator over real HTTP on 127.0.0.1 port 0, checked with a plain HTTP client (not the
//! project's `api` client, which is what the simulator exists to check).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use chrono::Duration as TimeDelta;
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

use super::{Push, SimConfig, SimError, SimHandle, start};

const ANY_PORT: SocketAddr =
    SocketAddr::new(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), 0);

async fn sim(config: SimConfig) -> SimHandle {
    crate::testing::start_on_loopback(config).await
}

struct Desk {
    http: Client,
    base: String,
    token: String,
    socket: Option<String>,
}

impl Desk {
    fn anonymous(sim: &SimHandle) -> Self {
        Self {
            http: Client::new(),
            base: sim.base_url(),
            token: String::new(),
            socket: None,
        }
    }

    async fn login(sim: &SimHandle) -> (Self, Value) {
        let mut desk = Self::anonymous(sim);
        let (status, body) = desk
            .send(
                Method::POST,
                "/api/v1/token",
                Some(json!({"login": "demo", "password": "demo"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        desk.token = body["access_token"].as_str().unwrap_or_default().to_owned();
        (desk, body)
    }

    async fn send(&self, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header("Accept", "application/json")
            .header("X-Client", "thick-legal");
        if !self.token.is_empty() {
            request = request.header("Authorization", &self.token);
        }
        if let Some(socket) = &self.socket {
            request = request.header("X-Socket-ID", socket);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = match request.send().await {
            Ok(r) => r,
            Err(e) => panic!("request failed: {e}"),
        };
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }
}

fn next_push(rx: &mut tokio::sync::broadcast::Receiver<Push>) -> Option<Push> {
    rx.try_recv().ok()
}

#[tokio::test]
async fn login_create_list_delete_and_pushes() {
    let sim = sim(SimConfig::default()).await;
    let mut pushes = sim.subscribe_pushes();
    let (mut desk, login) = Desk::login(&sim).await;
    assert!(desk.token.starts_with("Bearer "));
    assert_eq!(login["user"]["id"].as_u64(), sim.user_id("demo"));
    assert_eq!(sim.session_count("demo"), 1);
    desk.socket = Some("123.456".to_owned());

    let (status, page) = desk.send(Method::GET, "/api/v1/intercom", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["meta"]["total"], 4);
    assert_eq!(
        page["meta"]["path"],
        format!("{}/api/v1/intercom", sim.base_url())
    );
    let ids: Vec<u64> = page["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["id"].as_u64())
        .collect();
    assert_eq!(ids, sim.intercom_ids("demo"));
    codes_are_made_listed_and_deleted(&sim, &desk, &mut pushes, ids[0], &login).await;
    intercoms_open_show_change_and_go(&sim, &desk, &mut pushes, &ids).await;
    a_session_ends_on_its_own_channel(&desk, &mut pushes, &login).await;
    sim.shutdown();
}

/// Part of [`login_create_list_delete_and_pushes`]: a code made (and pushed to every socket but the caller's),
/// listed by pages, deleted (pushed only when one was the caller's).
async fn codes_are_made_listed_and_deleted(
    sim: &SimHandle,
    desk: &Desk,
    pushes: &mut tokio::sync::broadcast::Receiver<Push>,
    intercom: u64,
    login: &Value,
) {
    let expires = (sim.now() + TimeDelta::hours(2))
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let (status, code) = desk
        .send(
            Method::POST,
            &format!("/api/v1/intercom/{intercom}/codes"),
            Some(json!({"title": "Visitor 1", "expired_at": expires})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{code}");
    assert_eq!(
        code["expired_at"],
        format!("{}:00.000000Z", expires.replace(' ', "T"))
    );
    let push = next_push(pushes);
    let Some(push) = push else {
        panic!("no push for the created code")
    };
    assert_eq!(push.except_socket.as_deref(), Some("123.456"));
    assert_eq!(
        push.event,
        "Illuminate\\Notifications\\Events\\BroadcastNotificationCreated"
    );
    assert_eq!(
        push.channel,
        format!("private-user.{}", login["user"]["id"])
    );
    assert_eq!(push.data["type"], "intercom.code.store");
    assert_eq!(push.data["intercom_code"], code);
    assert_eq!(push.data["deleted_ids"], Value::Null);
    // The notification's id: a UUID.
    let id = push.data["id"].as_str().unwrap_or_default();
    assert_eq!(id.len(), 36, "{id}");
    assert_eq!(id.matches('-').count(), 4, "{id}");

    let (status, page) = desk
        .send(
            Method::GET,
            "/api/v1/intercom/codes?per_page=2&page=1",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["meta"]["total"], 4);
    assert_eq!(page["meta"]["last_page"], 2);
    assert_eq!(page["data"][0]["id"], code["id"]);

    let id = code["id"].as_u64().unwrap_or_default();
    let (status, _) = desk
        .send(
            Method::DELETE,
            "/api/v1/intercom/codes",
            Some(json!({"ids": [id, 1]})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let push = next_push(pushes).map(|p| p.data);
    assert_eq!(
        push.map(|d| (d["type"].clone(), d["deleted_ids"].clone())),
        Some((json!("intercom.code.delete"), json!([id])))
    );
    // Nothing of the caller's among the ids: no push.
    let (status, _) = desk
        .send(
            Method::DELETE,
            "/api/v1/intercom/codes",
            Some(json!({"ids": [1]})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(next_push(pushes).is_none());
}

/// Part of [`login_create_list_delete_and_pushes`]: a door opened (not a pending intercom's), intercoms shown by
/// id, renamed and deleted, each change pushed.
async fn intercoms_open_show_change_and_go(
    sim: &SimHandle,
    desk: &Desk,
    pushes: &mut tokio::sync::broadcast::Receiver<Push>,
    ids: &[u64],
) {
    let intercom = ids[0];
    let (status, _) = desk
        .send(
            Method::POST,
            &format!("/api/v1/intercom/{intercom}/open-door"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let pending = ids[3];
    let (status, body) = desk
        .send(
            Method::POST,
            &format!("/api/v1/intercom/{pending}/open-door"),
            None,
        )
        .await;
    assert_eq!(
        (status, body),
        (StatusCode::NOT_FOUND, json!({"message": "Not found."}))
    );

    let (status, shown) = desk
        .send(
            Method::GET,
            &format!("/api/v1/intercom/shows?ids[]={}&ids[]={}", ids[1], ids[2]),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(shown.as_array().map(Vec::len), Some(2));

    let (status, updated) = desk
        .send(
            Method::PATCH,
            &format!("/api/v1/intercom/{intercom}"),
            Some(json!({"title": "Front door"})),
        )
        .await;
    assert_eq!(
        (status, updated["title"].clone()),
        (StatusCode::OK, json!("Front door"))
    );
    assert_eq!(
        next_push(pushes).map(|p| (p.data["type"].clone(), p.data["intercom"]["title"].clone())),
        Some((json!("intercom.update"), json!("Front door")))
    );

    let (status, _) = desk
        .send(
            Method::DELETE,
            "/api/v1/intercom",
            Some(json!({"ids": [intercom]})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        next_push(pushes).map(|p| (p.data["type"].clone(), p.data["deleted_ids"].clone())),
        Some((json!("intercom.delete"), json!([intercom])))
    );
    assert_eq!(sim.code_ids("demo").len(), 1);
}

/// Part of [`login_create_list_delete_and_pushes`]: a session ended is told so on its own channel, and its token
/// no longer works.
async fn a_session_ends_on_its_own_channel(
    desk: &Desk,
    pushes: &mut tokio::sync::broadcast::Receiver<Push>,
    login: &Value,
) {
    let access_token_id = login["user"]["access_token_id"]
        .as_str()
        .unwrap_or_default();
    let (status, body) = desk
        .send(
            Method::POST,
            &format!("/api/v1/sessions/{access_token_id}"),
            None,
        )
        .await;
    assert_eq!((status, body), (StatusCode::OK, json!({"status": "ok"})));
    // The ended session is told so on its own channel (not on the socket that asked).
    let push = next_push(pushes);
    let Some(push) = push else {
        panic!("no logout push")
    };
    assert_eq!(push.event, "App\\Events\\TokenPush");
    assert_eq!(push.channel, format!("private-token.{access_token_id}"));
    assert_eq!(push.except_socket.as_deref(), Some("123.456"));
    assert_eq!(push.data["data"]["type"], "logout");
    assert_eq!(push.data["data"]["status"], "ok");
    let (status, body) = desk.send(Method::GET, "/api/v1/intercom", None).await;
    assert_eq!(
        (status, body),
        (
            StatusCode::UNAUTHORIZED,
            json!({"message": "Unauthenticated."})
        )
    );
}

/// Part of [`errors_are_json_and_never_crash`]: without a session, an unknown route, a wrong method and a wrong
/// password each get Laravel's status and JSON.
async fn anonymous_errors_are_laravels(anonymous: &Desk) {
    let (status, body) = anonymous
        .send(Method::GET, "/api/v1/intercom/codes", None)
        .await;
    assert_eq!(
        (status, body),
        (
            StatusCode::UNAUTHORIZED,
            json!({"message": "Unauthenticated."})
        )
    );
    let (status, body) = anonymous.send(Method::GET, "/api/v1/nothing", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        body["message"],
        "The route api/v1/nothing could not be found."
    );
    let (status, body) = anonymous.send(Method::PUT, "/api/v1/token", None).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(body["message"].is_string());

    let (status, body) = anonymous
        .send(
            Method::POST,
            "/api/v1/token",
            Some(json!({"login": "demo", "password": "nope"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["errors"]["login"],
        json!(["These credentials do not match our records."])
    );
}

#[tokio::test]
async fn errors_are_json_and_never_crash() {
    let sim = sim(SimConfig::default()).await;
    anonymous_errors_are_laravels(&Desk::anonymous(&sim)).await;
    let (desk, _) = Desk::login(&sim).await;
    let url = format!(
        "{}/api/v1/intercom/{}/codes",
        sim.base_url(),
        sim.intercom_ids("demo")[0]
    );
    // Broken JSON is no input at all, as in Laravel.
    let response = desk
        .http
        .post(&url)
        .header("Authorization", &desk.token)
        .header("Content-Type", "application/json")
        .body("{\"title\": ")
        .send()
        .await;
    let Ok(response) = response else {
        panic!("request failed")
    };
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(
        body["errors"]["title"],
        json!(["The title field is required."])
    );
    assert_eq!(
        body["message"],
        "The title field is required. (and 1 more error)"
    );

    // Without a JSON content type the body is read as a form, so a JSON text is no input.
    let response = desk
        .http
        .post(&url)
        .header("Authorization", &desk.token)
        .body(json!({"title": "x", "expired_at": "2099-01-01 10:00"}).to_string())
        .send()
        .await;
    assert_eq!(
        response.map(|r| r.status()).ok(),
        Some(StatusCode::UNPROCESSABLE_ENTITY)
    );

    for path in [
        "/api/v1/intercom/abc/codes",
        "/api/v1/intercom/99999999999999999999999/codes",
        "/api/v1/intercom/%FF/codes",
    ] {
        let (status, _) = desk.send(Method::POST, path, Some(json!({}))).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let (status, page) = desk
        .send(
            Method::GET,
            "/api/v1/intercom/codes?page=x&per_page=100000",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (
            page["meta"]["current_page"].clone(),
            page["meta"]["per_page"].clone()
        ),
        (json!(1), json!(100))
    );
    let (_, page) = desk
        .send(Method::GET, "/api/v1/intercom/codes?page=7", None)
        .await;
    assert_eq!(
        (page["data"].clone(), page["meta"]["from"].clone()),
        (json!([]), Value::Null)
    );
    sim.shutdown();
}

#[tokio::test]
async fn limit_applies_to_requests_and_to_the_other_desk() {
    let sim = sim(SimConfig::default()).await;
    let mut pushes = sim.subscribe_pushes();
    let intercom = sim.intercom_ids("demo")[1];
    let later = sim.now() + TimeDelta::days(1);
    assert!(sim.create_code("demo", intercom, "A", later).is_ok());
    let push = next_push(&mut pushes);
    assert_eq!(push.map(|p| p.except_socket), Some(None));
    assert!(sim.create_code("demo", intercom, "B", later).is_ok());
    match sim.create_code("demo", intercom, "C", later) {
        Err(SimError::Validation { errors, .. }) => assert_eq!(
            errors.get("limit"),
            Some(&vec![
                "You can have no more than 5 visitor codes at a time.".to_owned()
            ])
        ),
        other => panic!("expected the limit, got {other:?}"),
    }
    assert!(matches!(
        sim.create_code("nobody", intercom, "C", later),
        Err(SimError::UnknownUser(_))
    ));

    let (desk, _) = Desk::login(&sim).await;
    let (status, body) = desk
        .send(
            Method::POST,
            &format!("/api/v1/intercom/{intercom}/codes"),
            Some(json!({"title": "C", "expired_at": "2099-01-01 10:00"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["message"],
        "You can have no more than 5 visitor codes at a time."
    );

    sim.set_code_limit(6);
    let (status, _) = desk
        .send(
            Method::POST,
            &format!("/api/v1/intercom/{intercom}/codes"),
            Some(json!({"title": "C", "expired_at": "2099-01-01 10:00"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let ids = sim.code_ids("demo");
    assert_eq!(sim.delete_codes("demo", &ids[..2]), 2);
    let kinds: Vec<Value> = std::iter::from_fn(|| next_push(&mut pushes))
        .map(|p| p.data["type"].clone())
        .collect();
    assert_eq!(kinds.last(), Some(&json!("intercom.code.delete")));

    // An absurd expiry is stored, not a crash.
    let far = sim.insert_codes(
        "demo",
        intercom,
        1,
        chrono::DateTime::<chrono::Utc>::MAX_UTC,
    );
    assert_eq!(sim.delete_codes("demo", &far), 1);
    let _ = next_push(&mut pushes);

    // Bulk data: no limit, no push.
    let bulk = sim.insert_codes("demo", intercom, 1000, later);
    assert_eq!(bulk.len(), 1000);
    assert!(next_push(&mut pushes).is_none());
    let (_, page) = desk
        .send(
            Method::GET,
            "/api/v1/intercom/codes?per_page=100&page=3",
            None,
        )
        .await;
    assert_eq!(page["meta"]["total"], 1004);
    assert_eq!(page["meta"]["last_page"], 11);
    sim.shutdown();
}

/// Signs `demo` in through a fresh captcha (checked to be one), naming the session to end when it is given.
async fn login_with_captcha(
    sim: &SimHandle,
    desk: &Desk,
    session_id: Option<String>,
) -> (StatusCode, Value) {
    let desk_http = &desk.http;
    let base = &desk.base;
    let captcha: Value = match desk_http.get(format!("{base}/api/v1/captcha")).send().await {
        Ok(r) => r.json().await.unwrap_or(Value::Null),
        Err(e) => panic!("captcha failed: {e}"),
    };
    assert_eq!(captcha["ttl"], 60);
    assert!(
        captcha["img"]
            .as_str()
            .is_some_and(|i| i.starts_with("data:image/png;base64,"))
    );
    let key = captcha["key"].as_str().unwrap_or_default().to_owned();
    let answer = sim.captcha_answer(&key);
    let body = json!({"login": "demo", "password": "demo", "captcha": answer, "key": key, "session_id": session_id});
    let response = desk_http
        .post(format!("{base}/api/v1/token"))
        .json(&body)
        .send()
        .await;
    let Ok(response) = response else {
        panic!("login failed")
    };
    let status = response.status();
    (
        status,
        response.json::<Value>().await.unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn sessions_captcha_and_wsurl_limits() {
    let config = SimConfig {
        captcha: true,
        max_sessions: Some(1),
        ..SimConfig::default()
    };
    let sim = sim(config).await;
    let desk = Desk::anonymous(&sim);
    let (status, body) = desk
        .send(
            Method::POST,
            "/api/v1/token",
            Some(json!({"login": "demo", "password": "demo"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["errors"]["captcha"].is_array());

    let (status, first) = login_with_captcha(&sim, &desk, None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, refused) = login_with_captcha(&sim, &desk, None).await;
    assert_eq!(status.as_u16(), 419);
    assert_eq!(refused["message"], "Too many sessions.");
    assert_eq!(refused["sessions_limit"], 1);
    assert_eq!(
        refused["sessions"][0]["id"],
        first["user"]["access_token_id"]
    );
    assert!(refused["sessions"][0].get("client").is_some());
    let oldest = refused["sessions"][0]["id"].as_str().map(str::to_owned);
    let (status, second) = login_with_captcha(&sim, &desk, oldest).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(sim.session_count("demo"), 1);

    let desk = Desk {
        token: second["access_token"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        ..Desk::anonymous(&sim)
    };
    for _ in 0..20 {
        let (status, ws) = desk.send(Method::GET, "/api/v1/wsurl", None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            ws["ws_url"],
            format!("ws://127.0.0.1:{}/ws", sim.addr().port())
        );
        assert_eq!(ws["app_key"], "visitor-desk-key");
    }
    let response = desk
        .http
        .get(format!("{}/api/v1/wsurl", sim.base_url()))
        .header("Authorization", &desk.token)
        .send()
        .await;
    let Ok(response) = response else {
        panic!("wsurl failed")
    };
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: Option<u64> = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    assert!(retry.is_some_and(|s| (1..=300).contains(&s)), "{retry:?}");
    sim.advance_clock(TimeDelta::minutes(5));
    let (status, _) = desk.send(Method::GET, "/api/v1/wsurl", None).await;
    assert_eq!(status, StatusCode::OK);
    sim.shutdown();
}

#[tokio::test]
async fn delay_is_applied_and_changeable() {
    let sim = sim(SimConfig::default()).await;
    let desk = Desk::anonymous(&sim);
    sim.set_request_delay(Duration::from_millis(300));
    let started = Instant::now();
    let (status, _) = desk.send(Method::GET, "/api/v1/intercom", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(started.elapsed() >= Duration::from_millis(300));
    sim.set_request_delay(Duration::ZERO);
    let started = Instant::now();
    desk.send(Method::GET, "/api/v1/intercom", None).await;
    assert!(started.elapsed() < Duration::from_millis(300));
    sim.shutdown();
}

#[tokio::test]
async fn shutdown_stops_the_server() {
    let sim = sim(SimConfig {
        demo_data: false,
        ..SimConfig::default()
    })
    .await;
    assert!(sim.code_ids("demo").is_empty());
    sim.shutdown();
    let stopped = tokio::time::timeout(Duration::from_secs(5), sim.stopped()).await;
    assert!(stopped.is_ok());
    let result = Client::new()
        .get(format!("{}/api/v1/intercom", sim.base_url()))
        .send()
        .await;
    assert!(result.is_err());
}

#[tokio::test]
async fn bind_failure_and_duplicate_users_are_errors() {
    let sim = sim(SimConfig::default()).await;
    assert!(matches!(
        start(SimConfig::default(), sim.addr()).await,
        Err(SimError::Bind { .. })
    ));
    let duplicate = SimConfig {
        users: vec![("a".into(), "1".into()), ("a".into(), "2".into())],
        ..SimConfig::default()
    };
    assert!(matches!(
        start(duplicate, ANY_PORT).await,
        Err(SimError::DuplicateUser(_))
    ));
    sim.shutdown();
}

#[tokio::test]
async fn a_test_can_make_creates_and_revokes_fail_and_then_work_again() {
    let sim = sim(SimConfig::default()).await;
    let (desk, _) = Desk::login(&sim).await;
    let intercom = sim.intercom_ids("demo")[0];
    let held = sim.code_ids("demo");
    let path = format!("/api/v1/intercom/{intercom}/codes");
    let create = || {
        desk.send(
            Method::POST,
            &path,
            Some(json!({"title": "Courier", "expired_at": "2099-12-31 12:45"})),
        )
    };
    let revoke = |id: u64| {
        desk.send(
            Method::DELETE,
            "/api/v1/intercom/codes",
            Some(json!({"ids": [id]})),
        )
    };

    sim.fail_creates(true);
    let (status, body) = create().await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
    assert_eq!(sim.code_ids("demo"), held, "nothing made");
    // Another desk's create is not a client request: it still works.
    let other = sim
        .create_code(
            "demo",
            intercom,
            "Other desk",
            sim.now() + TimeDelta::hours(1),
        )
        .expect("another desk creates");
    sim.fail_creates(false);
    assert_eq!(create().await.0, StatusCode::OK);

    sim.fail_deletes(true);
    let id = other["id"].as_u64().expect("id");
    assert_eq!(revoke(id).await.0, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(sim.code_ids("demo").contains(&id), "nothing revoked");
    sim.fail_deletes(false);
    assert_eq!(revoke(id).await.0, StatusCode::NO_CONTENT);
    assert!(!sim.code_ids("demo").contains(&id));
}

/// The next push within a few seconds (a background task sends it).
async fn push_within(rx: &mut tokio::sync::broadcast::Receiver<Push>) -> Push {
    match tokio::time::timeout(Duration::from_secs(10), rx.recv()).await {
        Ok(Ok(push)) => push,
        other => panic!("no push came: {other:?}"),
    }
}

#[tokio::test]
async fn calls_are_listed_with_the_sdks_field_names_and_pushed_as_a_real_server_pushes_them() {
    let sim = sim(SimConfig::default()).await;
    let mut pushes = sim.subscribe_pushes();
    let (mut desk, _) = Desk::login(&sim).await;
    desk.socket = Some("123.456".to_owned());
    let intercom = sim.intercom_ids("demo")[0];
    let user = sim.user_id("demo").unwrap_or_default();

    let call = sim.ring("demo", intercom).expect("a visitor rings");
    let id = call["id"].as_u64().expect("id");
    let push = next_push(&mut pushes).expect("the ring is pushed");
    assert_eq!(push.channel, format!("private-user.{user}"));
    assert_eq!(push.event, crate::wire::NOTIFICATION_EVENT);
    assert_eq!(push.data["type"], "intercom.call.store");
    assert_eq!(push.data["intercom_call"], call);
    assert!(push.data["deleted_ids"].is_null() && push.data["id"].is_string());
    assert!(next_push(&mut pushes).is_none(), "one push for a ring");

    let (status, page) = desk.send(Method::GET, "/api/v1/intercom/calls", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["meta"]["total"], 1);
    let listed = &page["data"][0];
    let mut fields: Vec<&str> = listed
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    fields.sort_unstable();
    // `VMSIntercomCall` of aipix-dev/vms-mobile-sdk-android, field for field.
    assert_eq!(
        fields,
        [
            "created_at",
            "ended_at",
            "id",
            "intercom",
            "mark_type",
            "started_at",
            "status",
            "type"
        ]
    );
    assert_eq!(listed["status"], "ring");
    assert_eq!(listed["intercom"]["id"], intercom);
    assert_eq!(listed["intercom"]["is_open_door_app"], true);

    // Answered elsewhere: the ringing stops first, then the call as it is.
    sim.answer_call("demo", id).expect("answered");
    let cancel = next_push(&mut pushes).expect("intercom_cancel");
    assert_eq!(cancel.event, crate::wire::NOTIFICATION_EVENT);
    assert_eq!(cancel.data["type"], "intercom_cancel");
    assert_eq!(cancel.data["data"]["call_id"], id);
    assert_eq!(cancel.data["data"]["id"], intercom);
    assert_eq!(cancel.data["data"]["title"], "Main entrance");
    let stored = next_push(&mut pushes).expect("the answered call");
    assert_eq!(stored.data["intercom_call"]["status"], "answered");
    sim.end_call("demo", id).expect("over");
    let ended = next_push(&mut pushes).expect("the ended call");
    assert_eq!(ended.data["intercom_call"]["status"], "ended");
    assert!(
        next_push(&mut pushes).is_none(),
        "no cancel for a call not ringing"
    );

    // A missed call stops ringing too.
    let missed = sim.ring("demo", intercom).expect("rings")["id"]
        .as_u64()
        .expect("id");
    let _ = next_push(&mut pushes);
    sim.end_call("demo", missed).expect("missed");
    assert_eq!(
        next_push(&mut pushes).map(|p| p.data["type"].clone()),
        Some(json!("intercom_cancel"))
    );
    assert_eq!(
        next_push(&mut pushes).map(|p| p.data["intercom_call"]["status"].clone()),
        Some(json!("missed"))
    );

    // Removed from the history by this desk: pushed to the others, not to the socket that asked.
    let (status, _) = desk
        .send(
            Method::DELETE,
            "/api/v1/intercom/calls",
            Some(json!({"ids": [id, 424_242]})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let deleted = next_push(&mut pushes).expect("the deletion");
    assert_eq!(deleted.data["type"], "intercom.call.delete");
    assert_eq!(deleted.data["deleted_ids"], json!([id]));
    assert_eq!(deleted.except_socket.as_deref(), Some("123.456"));
    assert_eq!(sim.call_ids("demo"), [missed]);
    let (status, body) = desk
        .send(Method::DELETE, "/api/v1/intercom/calls", Some(json!({})))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
}

#[tokio::test]
async fn the_legacy_channel_names_no_calls_and_they_are_listed_only() {
    let sim = sim(SimConfig {
        pushes: crate::PushShapes::Legacy,
        ..SimConfig::default()
    })
    .await;
    let mut pushes = sim.subscribe_pushes();
    let (desk, _) = Desk::login(&sim).await;
    let id = sim
        .ring("demo", sim.intercom_ids("demo")[0])
        .expect("rings")["id"]
        .as_u64()
        .expect("id");
    sim.end_call("demo", id).expect("missed");
    assert_eq!(sim.delete_calls("demo", &[id]), 1);
    assert!(next_push(&mut pushes).is_none());
    let (_, page) = desk.send(Method::GET, "/api/v1/intercom/calls", None).await;
    assert_eq!(page["meta"]["total"], 0);
}

#[tokio::test]
async fn the_door_flags_are_listed_and_the_server_holds_to_them() {
    let sim = sim(SimConfig::default()).await;
    let (desk, _) = Desk::login(&sim).await;
    let (_, page) = desk.send(Method::GET, "/api/v1/intercom", None).await;
    let flags: Vec<(String, bool, bool)> = page["data"]
        .as_array()
        .map(|all| {
            all.iter()
                .map(|i| {
                    (
                        i["title"].as_str().unwrap_or_default().to_owned(),
                        i["is_open_door_app"] == true,
                        i["is_open_door_code"] == true,
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        flags,
        [
            ("Main entrance".to_owned(), true, true),
            ("Courtyard gate".to_owned(), false, true),
            ("Parking barrier".to_owned(), true, true),
            ("Service door".to_owned(), true, false),
        ]
    );
    let ids = sim.intercom_ids("demo");
    let (status, body) = desk
        .send(
            Method::POST,
            &format!("/api/v1/intercom/{}/open-door", ids[1]),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["message"], "This action is unauthorized.");
    let tomorrow = crate::wire::sql_time(sim.now() + TimeDelta::days(1));
    let (status, _) = desk
        .send(
            Method::POST,
            &format!("/api/v1/intercom/{}/codes", ids[3]),
            Some(json!({"title": "Van", "expired_at": tomorrow})),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "the service door takes no codes"
    );
    let (status, _) = desk
        .send(
            Method::POST,
            &format!("/api/v1/intercom/{}/codes", ids[2]),
            Some(json!({"title": "Van", "expired_at": tomorrow})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "the barrier does");
    let (status, _) = desk
        .send(
            Method::POST,
            &format!("/api/v1/intercom/{}/open-door", ids[2]),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "and opens from the app");

    // Changed by its administrator: pushed, and held to at once.
    let mut pushes = sim.subscribe_pushes();
    sim.set_door_flags("demo", ids[1], true, false)
        .expect("changed");
    let push = next_push(&mut pushes).expect("an intercom update");
    assert_eq!(push.data["type"], "intercom.update");
    assert_eq!(push.data["intercom"]["is_open_door_app"], true);
    assert_eq!(push.data["intercom"]["is_open_door_code"], false);
    let (status, _) = desk
        .send(
            Method::POST,
            &format!("/api/v1/intercom/{}/open-door", ids[1]),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn the_demos_visitors_ring_now_and_then_at_doors_that_are_online() {
    let sim = sim(SimConfig {
        demo_calls: Some(crate::DemoCalls {
            every: Duration::from_millis(1)..=Duration::from_millis(5),
            ringing: Duration::from_millis(1)..=Duration::from_millis(5),
            talking: Duration::from_millis(1)..=Duration::from_millis(5),
        }),
        ..SimConfig::default()
    })
    .await;
    let mut pushes = sim.subscribe_pushes();
    let online: Vec<u64> = sim.intercom_ids("demo")[..2].to_vec();
    let mut rung = 0;
    let mut cancelled = 0;
    let mut over = 0;
    while rung < 3 || over < 3 {
        let push = push_within(&mut pushes).await;
        match push.data["type"].as_str() {
            Some("intercom.call.store") => {
                let call = &push.data["intercom_call"];
                let at = call["intercom"]["id"].as_u64().unwrap_or_default();
                assert!(
                    online.contains(&at),
                    "rings only where a visitor can: {call}"
                );
                match call["status"].as_str() {
                    Some("ring") => rung += 1,
                    Some("missed" | "ended") => over += 1,
                    Some("answered") => {}
                    other => panic!("a status the SDKs do not name: {other:?}"),
                }
            }
            Some("intercom_cancel") => cancelled += 1,
            other => panic!("unexpected push {other:?}"),
        }
    }
    assert!(cancelled >= 2, "every ring that stopped said so");
    sim.shutdown();
    sim.stopped().await;
}
