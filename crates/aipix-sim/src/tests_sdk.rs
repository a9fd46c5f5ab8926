//! The simulator answers in the shapes the vendor's SDKs read (`aipix-dev/vms-mobile-sdk-android`,
//! `aipix-dev/vms-mobile-sdk-ios`): sessions, sign-out, the user, the server's facts, 419 in both shapes, 429,
//! 409 for another version, messages by `hl`, a refused `per_page`, and sparse data. Over real HTTP on 127.0.0.1.

use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

use super::{SessionsShape, SimConfig, SimHandle};

async fn sim(config: SimConfig) -> SimHandle {
    crate::testing::start_on_loopback(config).await
}

/// A request with the headers the SDKs send, and the answer's status, `Retry-After` and body.
async fn send(
    sim: &SimHandle,
    method: Method,
    path: &str,
    token: Option<&str>,
    headers: &[(&str, &str)],
    body: Option<Value>,
) -> (StatusCode, Option<String>, Value) {
    let mut request = Client::new()
        .request(method, format!("{}{path}", sim.base_url()))
        .header("Accept", "application/json")
        .header("X-Client", "thick-legal")
        .header("User-Agent", "visitor-desk/test");
    if let Some(token) = token {
        request = request.header("Authorization", token);
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("the simulator answers");
    let status = response.status();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let text = response.text().await.unwrap_or_default();
    (
        status,
        retry_after,
        serde_json::from_str(&text).unwrap_or(Value::Null),
    )
}

async fn login(sim: &SimHandle, session_id: Option<&str>) -> (StatusCode, Value) {
    let body = json!({"login": "demo", "password": "demo", "session_id": session_id});
    let (status, _, answer) = send(sim, Method::POST, "/api/v1/token", None, &[], Some(body)).await;
    (status, answer)
}

fn token(answer: &Value) -> String {
    answer["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn sessions_are_listed_ended_one_by_one_and_signed_out_of_by_logout() {
    let sim = sim(SimConfig::default()).await;
    let (_, first) = login(&sim, None).await;
    let (_, second) = login(&sim, None).await;
    let (status, _, sessions) = send(
        &sim,
        Method::GET,
        "/api/v1/sessions",
        Some(&token(&second)),
        &[],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let sessions = sessions.as_array().expect("an array").clone();
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions[0]["id"], first["user"]["access_token_id"]);
    assert_eq!(sessions[0]["is_current"], false);
    assert_eq!(sessions[1]["is_current"], true);
    assert_eq!(sessions[1]["client"], "thick-legal");
    assert_eq!(sessions[1]["user_agent"], "visitor-desk/test");
    assert_eq!(sessions[1]["ip"], "127.0.0.1");
    assert_eq!(sessions[1]["online"], true);
    assert!(sessions[1]["last"].as_i64().is_some());

    // The user, as the login answered it.
    let (status, _, user) = send(
        &sim,
        Method::GET,
        "/api/v1/users/self",
        Some(&token(&second)),
        &[],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(user["id"], second["user"]["id"]);
    assert_eq!(user["access_token_id"], second["user"]["access_token_id"]);

    // `POST /logout` ends the caller's own session, and only it.
    let (status, _, _) = send(
        &sim,
        Method::POST,
        "/api/v1/logout",
        Some(&token(&first)),
        &[],
        Some(json!({"uuid": "device"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        sim.session_ids("demo"),
        [second["user"]["access_token_id"]
            .as_str()
            .unwrap_or_default()]
    );
    let (status, _, _) = send(
        &sim,
        Method::GET,
        "/api/v1/users/self",
        Some(&token(&first)),
        &[],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn too_many_sessions_lists_them_as_the_sdks_read_it_in_both_shapes() {
    for shape in [SessionsShape::Object, SessionsShape::BareArray] {
        let sim = sim(SimConfig {
            max_sessions: Some(2),
            sessions_shape: shape,
            ..SimConfig::default()
        })
        .await;
        login(&sim, None).await;
        login(&sim, None).await;
        let (status, refused) = login(&sim, None).await;
        assert_eq!(status.as_u16(), 419);
        let sessions = match shape {
            SessionsShape::Object => {
                assert_eq!(refused["sessions_limit"], 2);
                assert!(refused.get("key").is_some());
                refused["sessions"].clone()
            }
            SessionsShape::BareArray => refused.clone(),
        };
        let sessions = sessions.as_array().expect("sessions").clone();
        assert_eq!(sessions.len(), 2, "{refused}");
        // Ending the second (not the oldest) lets the sign-in go on, and the server ended that one.
        let chosen = sessions[1]["id"].as_str().expect("id").to_owned();
        let (status, _) = login(&sim, Some(&chosen)).await;
        assert_eq!(status, StatusCode::OK);
        let left = sim.session_ids("demo");
        assert_eq!(left.len(), 2);
        assert!(!left.contains(&chosen), "the chosen session was ended");
        assert!(left.contains(&sessions[0]["id"].as_str().expect("id").to_owned()));
    }
}

#[tokio::test]
async fn static_basic_says_what_the_server_is_without_a_sign_in() {
    let sim = sim(SimConfig {
        captcha: true,
        ..SimConfig::default()
    })
    .await;
    let (status, _, facts) = send(&sim, Method::GET, "/api/v1/static/basic", None, &[], None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(facts["version"], crate::SIM_VERSION);
    assert_eq!(facts["is_captcha_available"], true);
    assert_eq!(facts["is_external_auth_enabled"], false);
    assert_eq!(facts["available_locales"], json!(["en", "ru"]));
}

#[tokio::test]
async fn another_version_is_told_to_update_with_409() {
    let sim = sim(SimConfig {
        require_version: Some("25.12.0.0".into()),
        ..SimConfig::default()
    })
    .await;
    let body = json!({"login": "demo", "password": "demo"});
    let (status, _, answer) = send(
        &sim,
        Method::POST,
        "/api/v1/token",
        None,
        &[("X-Version", "24.03.0.0")],
        Some(body.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    assert!(
        answer["message"]
            .as_str()
            .is_some_and(|m| m.contains("25.12.0.0"))
    );
    let (status, _, _) = send(
        &sim,
        Method::POST,
        "/api/v1/token",
        None,
        &[],
        Some(body.clone()),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "no version is another version"
    );
    let (status, _, _) = send(
        &sim,
        Method::POST,
        "/api/v1/token",
        None,
        &[("X-Version", "25.12.0.0")],
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, _, facts) = send(
        &sim,
        Method::GET,
        "/api/v1/static/basic",
        None,
        &[("X-Version", "25.12.0.0")],
        None,
    )
    .await;
    assert_eq!(facts["version"], "25.12.0.0");
}

#[tokio::test]
async fn messages_follow_hl() {
    let sim = sim(SimConfig::default()).await;
    let (_, answer) = login(&sim, None).await;
    let token = token(&answer);
    let intercom = sim.intercom_ids("demo")[0];
    let body = json!({"title": "x".repeat(300), "expired_at": "2099-12-31 12:45"});
    let path = format!("/api/v1/intercom/{intercom}/codes");
    let (status, _, english) = send(
        &sim,
        Method::POST,
        &path,
        Some(&token),
        &[("hl", "en")],
        Some(body.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        english["errors"]["title"][0],
        "The title field must not be greater than 255 characters."
    );
    let (status, _, russian) = send(
        &sim,
        Method::POST,
        &path,
        Some(&token),
        &[("hl", "ru")],
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        russian["errors"]["title"][0],
        "Количество символов в поле title не может превышать 255."
    );
    assert_eq!(russian["message"], russian["errors"]["title"][0]);
}

#[tokio::test]
async fn a_per_page_over_the_servers_maximum_is_refused_naming_it() {
    let sim = sim(SimConfig {
        per_page_max: Some(50),
        ..SimConfig::default()
    })
    .await;
    let (_, answer) = login(&sim, None).await;
    let token = token(&answer);
    for path in [
        "/api/v1/intercom/codes",
        "/api/v1/intercom",
        "/api/v1/intercom/calls",
    ] {
        let (status, _, refused) = send(
            &sim,
            Method::GET,
            &format!("{path}?page=1&per_page=100"),
            Some(&token),
            &[],
            None,
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert!(refused["errors"]["per_page"].is_array(), "{refused}");
        let (status, _, page) = send(
            &sim,
            Method::GET,
            &format!("{path}?page=1"),
            Some(&token),
            &[],
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(page["meta"]["per_page"], 25, "the server's own default");
    }
}

#[tokio::test]
async fn a_rate_limit_names_its_wait() {
    let sim = sim(SimConfig::default()).await;
    sim.rate_limit_next(2, 7);
    let body = json!({"login": "demo", "password": "demo"});
    for _ in 0..2 {
        let (status, retry_after, _) = send(
            &sim,
            Method::POST,
            "/api/v1/token",
            None,
            &[],
            Some(body.clone()),
        )
        .await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(retry_after.as_deref(), Some("7"));
    }
    let (status, _, _) = send(&sim, Method::POST, "/api/v1/token", None, &[], Some(body)).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_sparse_server_leaves_out_what_the_sdks_may_miss_the_same_way_each_time() {
    let sim = sim(SimConfig {
        sparse: Some(3),
        extra_codes: 60,
        ..SimConfig::default()
    })
    .await;
    let (_, answer) = login(&sim, None).await;
    let token = token(&answer);
    let path = "/api/v1/intercom/codes?page=1&per_page=100";
    let (_, _, first) = send(&sim, Method::GET, path, Some(&token), &[], None).await;
    let (_, _, again) = send(&sim, Method::GET, path, Some(&token), &[], None).await;
    assert_eq!(
        first["data"], again["data"],
        "the same codes thinned the same way"
    );
    let codes = first["data"].as_array().expect("codes");
    assert!(codes.len() > 60);
    let missing = |field: &str| {
        codes
            .iter()
            .filter(|code| code.get(field).is_none())
            .count()
    };
    let null = |field: &str| codes.iter().filter(|code| code[field].is_null()).count();
    for field in ["code", "intercom", "is_expired", "title"] {
        assert!(
            missing(field) > 0 && null(field) > missing(field),
            "{field}"
        );
        assert!(null(field) < codes.len(), "{field} is sometimes there");
    }
    for code in codes {
        assert!(
            code["id"].is_u64() && code["expired_at"].is_string(),
            "{code}"
        );
    }
    let (_, _, intercoms) = send(
        &sim,
        Method::GET,
        "/api/v1/intercom",
        Some(&token),
        &[],
        None,
    )
    .await;
    for intercom in intercoms["data"].as_array().expect("intercoms") {
        assert!(intercom["id"].is_u64());
    }
}
