//! The official Pusher client, pusher-js 8, against the simulator: connect, authorise the private channel
//! through the simulator's auth route with a real token, and receive a code made by a REST call.

mod common;

use aipix_sim::testing::{config_with_users, start_on_loopback};
use std::time::Duration;

use aipix_client::live::kinds;
use aipix_sim::SimConfig;
use chrono::{TimeDelta, Utc};
use common::pusher_js::{ListenerOptions, PusherJs};
use common::signed_in;

const PATIENCE: Duration = Duration::from_secs(30);

#[tokio::test]
async fn pusher_js_receives_a_code_made_over_rest() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let (listener_session, session) = signed_in(&sim, "demo", "demo").await;
    let settings = listener_session.ws_url().await.expect("wsurl");

    let mut pusher = PusherJs::spawn(&ListenerOptions {
        host: settings.host.clone(),
        port: settings.port.expect("the simulator names its port"),
        path: settings.path.clone(),
        key: settings.app_key.clone(),
        auth_endpoint: format!("{}/broadcasting/auth", sim.base_url()),
        token: session.token.secret().to_owned(),
        channel: format!("private-user.{}", session.user.id),
        pushes: 1,
    });
    let connected = pusher.next_step(PATIENCE).await;
    assert_eq!(connected["step"], "connected", "{connected}");
    assert!(
        connected["socket_id"]
            .as_str()
            .is_some_and(|id| id.contains('.')),
        "{connected}"
    );
    let subscribed = pusher.next_step(PATIENCE).await;
    assert_eq!(subscribed["step"], "subscribed", "{subscribed}");

    // Another desk of the same account makes a code through the REST API.
    let (desk, _) = signed_in(&sim, "demo", "demo").await;
    let intercom = sim.intercom_ids("demo")[0];
    let code = desk
        .create_code(
            intercom,
            "Visitor for pusher-js",
            Utc::now() + TimeDelta::hours(1),
        )
        .await
        .expect("create");

    let push = pusher.next_step(PATIENCE).await;
    assert_eq!(push["step"], "push", "{push}");
    assert_eq!(push["data"]["type"], kinds::CODE_CREATED, "{push}");
    assert_eq!(push["data"]["status"], "ok", "{push}");
    assert_eq!(push["data"]["data"]["id"].as_u64(), Some(code.id), "{push}");
    assert_eq!(
        push["data"]["data"]["code"].as_str(),
        Some(code.code.as_str()),
        "{push}"
    );
    assert!(pusher.finished().await.success());
}

#[tokio::test]
async fn pusher_js_is_refused_another_users_channel() {
    let sim = start_on_loopback(config_with_users(&[("alice", "a"), ("bob", "b")])).await;
    let (alice, session) = signed_in(&sim, "alice", "a").await;
    let settings = alice.ws_url().await.expect("wsurl");
    let bob = sim.user_id("bob").expect("bob");
    let mut pusher = PusherJs::spawn(&ListenerOptions {
        host: settings.host.clone(),
        port: settings.port.expect("port"),
        path: settings.path.clone(),
        key: settings.app_key.clone(),
        auth_endpoint: format!("{}/broadcasting/auth", sim.base_url()),
        token: session.token.secret().to_owned(),
        channel: format!("private-user.{bob}"),
        pushes: 1,
    });
    assert_eq!(pusher.next_step(PATIENCE).await["step"], "connected");
    // The listener reports the refused subscription as an error line and exits non-zero.
    let line = tokio::time::timeout(PATIENCE, async {
        loop {
            match pusher.next_raw().await {
                Some(step) if step["step"] == "error" => return step,
                Some(_) => continue,
                None => panic!("pusher-js ended without reporting the refusal"),
            }
        }
    })
    .await
    .expect("the refusal in time");
    assert!(
        line["detail"].as_str().is_some_and(|d| d.contains("403")),
        "{line}"
    );
}
