//! The REST client against the simulator, over real sockets on 127.0.0.1.

mod common;

use aipix_sim::testing::{config_with_users, start_on_loopback};
use std::collections::HashSet;
use std::time::Duration;

use aipix_client::api::{ApiError, CaptchaAnswer, LoginRequest, MAX_DELETE_IDS};
use aipix_sim::SimConfig;
use chrono::{TimeDelta, Utc};
use common::{client_for, client_with, signed_in};

fn in_hours(hours: i64) -> chrono::DateTime<Utc> {
    Utc::now() + TimeDelta::hours(hours)
}

#[tokio::test]
async fn sign_in_gives_the_user_and_opens_the_account() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let (client, session) = signed_in(&sim, "demo", "demo").await;
    assert_eq!(session.user.login, "demo");
    assert_eq!(Some(session.user.id), sim.user_id("demo"));
    assert!(
        !session
            .user
            .access_token_id
            .as_deref()
            .expect("the session id")
            .is_empty()
    );

    let intercoms = client.intercoms().await.expect("intercoms").items;
    let ids: Vec<u64> = intercoms.iter().map(|i| i.id).collect();
    assert_eq!(ids, sim.intercom_ids("demo"));
    assert!(
        intercoms.iter().any(|i| i.online().is_offline()),
        "the demo has an offline intercom"
    );
    assert!(
        intercoms
            .iter()
            .all(|i| !i.title.is_empty() && i.updated_at.is_some())
    );

    let codes = client.codes().await.expect("codes").items;
    let mut listed: Vec<u64> = codes.iter().map(|c| c.id).collect();
    listed.sort_unstable();
    assert_eq!(listed, sim.code_ids("demo"));
    assert!(
        codes.iter().any(|c| c.is_expired == Some(true)),
        "the demo has an expired code"
    );
    assert!(codes.iter().any(|c| c.is_expired == Some(false)));
    for code in &codes {
        assert!(
            code.intercom_id().is_some_and(|id| ids.contains(&id)),
            "each code names one of the user's intercoms"
        );
        assert_eq!(code.removed_at(), code.expired_at + TimeDelta::hours(24));
    }
}

#[tokio::test]
async fn a_wrong_password_is_a_reason_under_the_login_field() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let client = client_for(&sim.base_url());
    let error = client
        .login(&LoginRequest::new("demo", "wrong"))
        .await
        .expect_err("wrong password");
    assert!(!error.field_errors("login").is_empty(), "{error:?}");
    assert!(client.session().is_none());
    let missing = client
        .login(&LoginRequest::new("", ""))
        .await
        .expect_err("empty form");
    assert!(
        !missing.field_errors("login").is_empty() && !missing.field_errors("password").is_empty()
    );
}

#[tokio::test]
async fn an_https_address_of_a_plain_http_server_says_so() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let https = sim.base_url().replacen("http://", "https://", 1);
    let error = client_for(&https)
        .login(&LoginRequest::new("demo", "demo"))
        .await
        .expect_err("no TLS there");
    assert!(matches!(error, ApiError::PlainHttp), "{error:?}");
    // Nothing else is mistaken for it: a closed port is a network error.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port");
    let error = client_for(&format!("https://{closed}"))
        .login(&LoginRequest::new("demo", "demo"))
        .await
        .expect_err("nobody there");
    assert!(matches!(error, ApiError::Network(_)), "{error:?}");
}

#[tokio::test]
async fn without_a_valid_token_every_call_is_unauthorized() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let anonymous = client_for(&sim.base_url());
    assert!(
        anonymous
            .codes()
            .await
            .expect_err("no token")
            .is_unauthorized()
    );
    assert!(
        anonymous
            .intercoms()
            .await
            .expect_err("no token")
            .is_unauthorized()
    );
    assert!(
        anonymous
            .ws_url()
            .await
            .expect_err("no token")
            .is_unauthorized()
    );

    let (client, session) = signed_in(&sim, "demo", "demo").await;
    client.logout().await.expect("logout");
    assert!(client.session().is_none());
    // The old token is dead on the server, not only forgotten here.
    client.restore_session(session);
    assert!(
        client
            .codes()
            .await
            .expect_err("ended session")
            .is_unauthorized()
    );
}

#[tokio::test]
async fn logout_ends_only_its_own_session() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let (first, _) = signed_in(&sim, "demo", "demo").await;
    let (second, _) = signed_in(&sim, "demo", "demo").await;
    assert_eq!(sim.session_count("demo"), 2);
    first.logout().await.expect("logout");
    assert_eq!(sim.session_count("demo"), 1);
    second.codes().await.expect("the other session still works");
}

#[tokio::test]
async fn too_many_sessions_names_one_to_end_and_ending_it_lets_the_login_in() {
    let sim = start_on_loopback(SimConfig {
        max_sessions: Some(1),
        ..SimConfig::default()
    })
    .await;
    let (old, old_session) = signed_in(&sim, "demo", "demo").await;
    let client = client_for(&sim.base_url());
    let error = client
        .login(&LoginRequest::new("demo", "demo"))
        .await
        .expect_err("over the session limit");
    let Some(session_id) = error.oldest_session().map(|session| session.id.clone()) else {
        panic!("expected too many sessions with an id, got {error:?}")
    };
    assert_eq!(
        session_id,
        old_session
            .user
            .access_token_id
            .as_deref()
            .expect("the session id")
    );

    let request = LoginRequest {
        end_session: Some(session_id),
        ..LoginRequest::new("demo", "demo")
    };
    client
        .login(&request)
        .await
        .expect("login ending the old session");
    assert_eq!(sim.session_count("demo"), 1);
    assert!(old.codes().await.expect_err("ended").is_unauthorized());
    client.codes().await.expect("new session works");
}

#[tokio::test]
async fn a_captcha_is_asked_for_and_its_answer_lets_the_login_in() {
    let sim = start_on_loopback(SimConfig {
        captcha: true,
        ..SimConfig::default()
    })
    .await;
    let client = client_for(&sim.base_url());
    let error = client
        .login(&LoginRequest::new("demo", "demo"))
        .await
        .expect_err("no captcha");
    assert!(!error.field_errors("captcha").is_empty(), "{error:?}");

    let captcha = client.captcha().await.expect("captcha");
    let png = captcha
        .img
        .strip_prefix("data:image/png;base64,")
        .expect("a PNG data URL");
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(png)
        .expect("base64");
    assert!(
        bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "the image is a PNG"
    );

    let wrong = LoginRequest {
        captcha: Some(CaptchaAnswer {
            key: captcha.key.clone(),
            text: "not it".into(),
        }),
        ..LoginRequest::new("demo", "demo")
    };
    let error = client.login(&wrong).await.expect_err("wrong captcha");
    assert!(!error.field_errors("captcha").is_empty(), "{error:?}");

    let fresh = client.captcha().await.expect("a new captcha");
    let answer = sim
        .captcha_answer(&fresh.key)
        .expect("the simulator knows its answer");
    let right = LoginRequest {
        captcha: Some(CaptchaAnswer {
            key: fresh.key,
            text: answer,
        }),
        ..LoginRequest::new("demo", "demo")
    };
    client.login(&right).await.expect("right captcha");
}

#[tokio::test]
async fn a_new_code_is_listed_and_expires_by_the_clock() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let (client, _) = signed_in(&sim, "demo", "demo").await;
    let intercom = sim.intercom_ids("demo")[0];
    let expiry = in_hours(3);
    let code = client
        .create_code(intercom, "Courier", expiry)
        .await
        .expect("create");
    assert_eq!(code.title, "Courier");
    assert_eq!(code.intercom_id().expect("the intercom"), intercom);
    assert!(code.is_expired == Some(false));
    assert!(
        !code.code_value().expect("the code").is_empty()
            && code
                .code_value()
                .expect("the code")
                .chars()
                .all(|c| c.is_ascii_digit()),
        "{:?}",
        code.code
    );
    // Sent as `Y-m-d H:i`: the minute survives, the seconds do not.
    assert_eq!(
        code.expired_at.format("%Y-%m-%d %H:%M").to_string(),
        expiry.format("%Y-%m-%d %H:%M").to_string()
    );
    assert!(
        client
            .codes()
            .await
            .expect("codes")
            .items
            .iter()
            .any(|c| c.id == code.id)
    );

    sim.advance_clock(chrono::Duration::hours(4));
    let listed = client.codes().await.expect("codes").items;
    let later = listed
        .iter()
        .find(|c| c.id == code.id)
        .expect("still listed after expiry");
    assert_eq!(later.is_expired, Some(true));

    sim.advance_clock(chrono::Duration::hours(24));
    let listed = client.codes().await.expect("codes").items;
    assert!(
        listed.iter().all(|c| c.id != code.id),
        "gone a day after expiry"
    );
}

#[tokio::test]
async fn each_invalid_field_gets_its_own_reason() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let (client, _) = signed_in(&sim, "demo", "demo").await;
    let intercom = sim.intercom_ids("demo")[0];
    let before = sim.code_ids("demo");

    let empty = client
        .create_code(intercom, "", in_hours(2))
        .await
        .expect_err("empty title");
    assert!(!empty.field_errors("title").is_empty(), "{empty:?}");
    assert!(empty.field_errors("expired_at").is_empty());

    let long = "x".repeat(256);
    let too_long = client
        .create_code(intercom, &long, in_hours(2))
        .await
        .expect_err("long title");
    assert!(
        too_long
            .field_errors("title")
            .iter()
            .any(|r| r.contains("255")),
        "{too_long:?}"
    );
    client
        .create_code(intercom, &"y".repeat(255), in_hours(2))
        .await
        .expect("255 characters are fine");

    let past = client
        .create_code(intercom, "Late", in_hours(-1))
        .await
        .expect_err("past expiry");
    assert!(!past.field_errors("expired_at").is_empty(), "{past:?}");

    let both = client
        .create_code(intercom, "", in_hours(-1))
        .await
        .expect_err("both wrong");
    assert!(!both.field_errors("title").is_empty() && !both.field_errors("expired_at").is_empty());

    assert_eq!(
        sim.code_ids("demo").len(),
        before.len() + 1,
        "only the valid request made a code"
    );
}

#[tokio::test]
async fn the_code_limit_is_a_validation_error_that_names_the_limit() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let (client, _) = signed_in(&sim, "demo", "demo").await;
    let intercom = sim.intercom_ids("demo")[1];
    let held = sim.code_ids("demo").len();
    assert!(held < 5, "the demo leaves room under the default limit");
    for n in held..5 {
        client
            .create_code(intercom, &format!("Guest {n}"), in_hours(1))
            .await
            .expect("under the limit");
    }
    let error = client
        .create_code(intercom, "One too many", in_hours(1))
        .await
        .expect_err("over the limit");
    assert_eq!(error.code_limit(), Some(5), "{error:?}");
    assert_eq!(sim.code_ids("demo").len(), 5);

    sim.set_code_limit(7);
    client
        .create_code(intercom, "After raising the limit", in_hours(1))
        .await
        .expect("raised limit");
    sim.set_code_limit(6);
    let error = client
        .create_code(intercom, "Again over", in_hours(1))
        .await
        .expect_err("over again");
    assert_eq!(error.code_limit(), Some(6));
}

#[tokio::test]
async fn another_users_intercom_is_not_found() {
    let sim = start_on_loopback(config_with_users(&[("alice", "a-pass"), ("bob", "b-pass")])).await;
    let (alice, _) = signed_in(&sim, "alice", "a-pass").await;
    let bobs = sim.intercom_ids("bob")[0];
    assert!(matches!(
        alice.create_code(bobs, "Sneaky", in_hours(1)).await,
        Err(ApiError::NotFound)
    ));
    assert!(matches!(
        alice.open_door(bobs).await,
        Err(ApiError::NotFound)
    ));
    assert!(matches!(
        alice.open_door(999_999).await,
        Err(ApiError::NotFound)
    ));
    // Bob's codes are not Alice's to see or to delete.
    let bob_codes = sim.code_ids("bob");
    let alice_codes: HashSet<u64> = alice
        .codes()
        .await
        .expect("codes")
        .items
        .iter()
        .map(|c| c.id)
        .collect();
    assert!(bob_codes.iter().all(|id| !alice_codes.contains(id)));
    alice
        .delete_codes(&bob_codes)
        .await
        .expect("ids that are not hers are ignored");
    assert_eq!(sim.code_ids("bob"), bob_codes);
    // Only her own intercoms come back by id.
    let mut asked = sim.intercom_ids("alice");
    asked.push(bobs);
    let shown = alice.intercoms_by_id(&asked).await.expect("shows");
    assert_eq!(shown.len(), asked.len() - 1);
    assert!(shown.iter().all(|i| i.id != bobs));
}

#[tokio::test]
async fn the_door_opens_only_on_a_confirmed_intercom() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let (client, _) = signed_in(&sim, "demo", "demo").await;
    let intercoms = client.intercoms().await.expect("intercoms").items;
    let confirmed = intercoms
        .iter()
        .find(|i| i.is_confirmed())
        .expect("a confirmed intercom");
    let pending = intercoms
        .iter()
        .find(|i| !i.is_confirmed())
        .expect("an unconfirmed intercom");
    client.open_door(confirmed.id).await.expect("opens");
    assert!(matches!(
        client.open_door(pending.id).await,
        Err(ApiError::NotFound)
    ));
}

#[tokio::test]
async fn deleting_more_than_200_codes_is_split_and_complete() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let (client, _) = signed_in(&sim, "demo", "demo").await;
    let intercom = sim.intercom_ids("demo")[0];
    sim.insert_codes("demo", intercom, 450, in_hours(5));
    let all = sim.code_ids("demo");
    assert!(all.len() > 2 * MAX_DELETE_IDS);
    let keep = all[0];
    client
        .delete_codes(&all[1..])
        .await
        .expect("delete in chunks");
    assert_eq!(sim.code_ids("demo"), vec![keep]);

    // The server itself refuses more than 200 ids in one request.
    let too_many: Vec<u64> = (1..=201).collect();
    let http = reqwest::Client::new();
    let token = client.session().expect("session").token.header_value();
    let answer = http
        .delete(format!("{}/api/v1/intercom/codes", sim.base_url()))
        .header("Accept", "application/json")
        .header("Authorization", token)
        .json(&serde_json::json!({ "ids": too_many }))
        .send()
        .await
        .expect("request");
    assert_eq!(answer.status().as_u16(), 422);
    let body: serde_json::Value = answer.json().await.expect("json");
    assert!(
        body["errors"]["ids"][0]
            .as_str()
            .is_some_and(|r| r.contains("200")),
        "{body}"
    );
}

#[tokio::test]
async fn a_thousand_codes_over_many_pages_are_listed_once_each_in_server_order() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let intercoms = sim.intercom_ids("demo");
    for (n, intercom) in intercoms.iter().enumerate() {
        sim.insert_codes("demo", *intercom, 250 + n, in_hours(6 + n as i64));
    }
    let expected = sim.code_ids("demo");
    assert!(expected.len() >= 1000);

    let client = client_with(&sim.base_url(), |config| config.per_page = 25);
    client
        .login(&LoginRequest::new("demo", "demo"))
        .await
        .expect("login");
    let codes = client.codes().await.expect("codes").items;
    let listed: Vec<u64> = codes.iter().map(|c| c.id).collect();
    let distinct: HashSet<u64> = listed.iter().copied().collect();
    assert_eq!(distinct.len(), listed.len(), "no code twice");
    let mut newest_first = expected.clone();
    newest_first.reverse();
    assert_eq!(
        listed, newest_first,
        "all of them, in the server's order (newest first)"
    );
}

#[tokio::test]
async fn the_server_cap_on_page_size_is_honoured() {
    let sim = start_on_loopback(SimConfig {
        max_per_page: 10,
        ..SimConfig::default()
    })
    .await;
    sim.insert_codes("demo", sim.intercom_ids("demo")[0], 95, in_hours(6));
    let client = client_with(&sim.base_url(), |config| config.per_page = 500);
    client
        .login(&LoginRequest::new("demo", "demo"))
        .await
        .expect("login");
    assert_eq!(
        client.codes().await.expect("codes").items.len(),
        sim.code_ids("demo").len()
    );
}

#[tokio::test]
async fn listing_never_has_more_pages_in_flight_than_the_cap() {
    let sim = start_on_loopback(SimConfig::default()).await;
    sim.insert_codes("demo", sim.intercom_ids("demo")[0], 3000, in_hours(6));
    sim.set_request_delay(Duration::from_millis(5));
    let client = client_with(&sim.base_url(), |config| config.max_pages_in_flight = 6);
    client
        .login(&LoginRequest::new("demo", "demo"))
        .await
        .expect("login");
    sim.take_request_stats();
    let codes = client.codes().await.expect("codes").items;
    assert_eq!(codes.len(), sim.code_ids("demo").len());
    let (most, _) = sim.take_request_stats();
    assert!(most <= 6, "the server saw {most} requests at once");
}

#[tokio::test]
async fn a_server_that_refuses_requests_beyond_a_few_at_once_is_read_completely() {
    let sim = start_on_loopback(SimConfig::default()).await;
    sim.insert_codes("demo", sim.intercom_ids("demo")[0], 3000, in_hours(6));
    sim.set_request_delay(Duration::from_millis(5));
    let client = client_with(&sim.base_url(), |_| {});
    client
        .login(&LoginRequest::new("demo", "demo"))
        .await
        .expect("login");
    sim.limit_concurrent_requests(Some(3));
    sim.take_request_stats();
    let codes = client.codes().await.expect("codes despite the 429s").items;
    let ids: HashSet<u64> = codes.iter().map(|code| code.id).collect();
    assert_eq!(
        ids,
        sim.code_ids("demo").into_iter().collect::<HashSet<_>>()
    );
    let (_, refused) = sim.take_request_stats();
    // The window starts at 4 and halves on the first refusal; it then probes upwards now and then.
    assert!(
        (1..=15).contains(&refused),
        "{refused} requests were refused with 429"
    );
}

#[tokio::test]
async fn codes_made_and_deleted_while_listing_leave_a_consistent_list() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let intercom = sim.intercom_ids("demo")[0];
    sim.insert_codes("demo", intercom, 300, in_hours(6));
    sim.set_request_delay(Duration::from_millis(15));
    let client = client_with(&sim.base_url(), |config| {
        config.per_page = 10;
        config.max_pages_in_flight = 2;
    });
    client
        .login(&LoginRequest::new("demo", "demo"))
        .await
        .expect("login");

    // Another desk changes the list while the first pass is under way (a pass takes ~ 15 × 31 / 2 ms).
    let desk = sim.clone();
    let changes = tokio::spawn(async move {
        for round in 0..4 {
            // Timed to land inside the client's paging pass over the real socket (what this test is about).
            tokio::time::sleep(Duration::from_millis(25)).await;
            let ids = desk.code_ids("demo");
            desk.delete_codes("demo", &ids[round * 7..round * 7 + 3]);
            desk.insert_codes("demo", intercom, 2, Utc::now() + TimeDelta::hours(2));
        }
    });
    let codes = client.codes().await.expect("codes").items;
    changes.await.expect("changes finished");

    let listed: Vec<u64> = codes.iter().map(|c| c.id).collect();
    let distinct: HashSet<u64> = listed.iter().copied().collect();
    assert_eq!(distinct.len(), listed.len(), "no code twice");
    let at_end: HashSet<u64> = sim.code_ids("demo").into_iter().collect();
    assert_eq!(distinct, at_end, "exactly the codes that exist at the end");
}

#[tokio::test]
async fn the_live_settings_name_this_server_and_are_rate_limited() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let (client, _) = signed_in(&sim, "demo", "demo").await;
    let ws = client.ws_url().await.expect("wsurl");
    assert_eq!(ws.host, "127.0.0.1");
    assert_eq!(ws.port, Some(sim.addr().port()));
    assert!(!ws.is_encrypted);
    assert!(ws.ws_url.starts_with("ws://127.0.0.1:"), "{}", ws.ws_url);
    assert!(!ws.app_key.is_empty());
    for _ in 1..20 {
        client.ws_url().await.expect("within 20 calls");
    }
    let error = client
        .ws_url()
        .await
        .expect_err("the 21st call in 5 minutes");
    assert!(
        matches!(
            error,
            ApiError::RateLimited {
                retry_after: Some(_)
            }
        ),
        "{error:?}"
    );
}
