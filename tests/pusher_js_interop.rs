//! The official Pusher client, pusher-js 8, against the simulator as a real AIPIX server behind push1st speaks:
//! connect at push1st's `/pusher` endpoint (where the Android SDK also falls back to), authorise both private
//! channels at the SDKs' auth route with a real token, receive a code made over REST as the SDKs bind it
//! (`BroadcastNotificationCreated`, flat), and a `logout` `TokenPush` when the session is ended elsewhere.

mod common;

use aipix_sim::testing::{config_with_users, start_on_loopback};
use std::time::Duration;

use aipix_client::live::types;
use aipix_sim::{PushShapes, SimConfig};
use chrono::{TimeDelta, Utc};
use common::pusher_js::{ListenerOptions, PusherJs};
use common::signed_in;

const PATIENCE: Duration = Duration::from_secs(30);

#[tokio::test]
async fn pusher_js_follows_both_channels_and_receives_the_servers_shapes() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let (listener_session, session) = signed_in(&sim, "demo", "demo").await;
    let settings = listener_session.ws_url().await.expect("wsurl");
    assert_eq!(settings.path, "/ws", "wsurl names push1st's raw path");
    let user_channel = format!("private-user.{}", session.user.id);
    let token_channel = format!(
        "private-token.{}",
        session
            .user
            .access_token_id
            .as_deref()
            .expect("the session id")
    );

    let mut pusher = PusherJs::spawn(&ListenerOptions {
        host: settings.host.clone(),
        port: settings.port.expect("the simulator names its port"),
        path: sim.live_path().to_owned(),
        key: settings.app_key.clone(),
        auth_endpoint: format!("{}/api/v1/broadcasting/auth", sim.base_url()),
        token: session.token.secret().to_owned(),
        channels: vec![user_channel.clone(), token_channel.clone()],
        pushes: 2,
    });
    let connected = pusher.next_step(PATIENCE).await;
    assert_eq!(connected["step"], "connected", "{connected}");
    assert!(
        connected["socket_id"]
            .as_str()
            .is_some_and(|id| id.contains('.')),
        "{connected}"
    );
    // push1st's `subscription_succeeded` has no data; pusher-js takes it.
    let mut subscribed = Vec::new();
    for _ in 0..2 {
        let step = pusher.next_step(PATIENCE).await;
        assert_eq!(step["step"], "subscribed", "{step}");
        subscribed.push(step["channel"].as_str().unwrap_or_default().to_owned());
    }
    subscribed.sort();
    let mut expected = vec![user_channel.clone(), token_channel.clone()];
    expected.sort();
    assert_eq!(subscribed, expected);

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
    assert_eq!(push["channel"], user_channel.as_str(), "{push}");
    assert_eq!(
        push["event"], "Illuminate\\Notifications\\Events\\BroadcastNotificationCreated",
        "{push}"
    );
    assert_eq!(push["data"]["type"], types::CODE_STORE, "{push}");
    assert_eq!(
        push["data"]["intercom_code"]["id"].as_u64(),
        Some(code.id),
        "{push}"
    );
    assert_eq!(
        push["data"]["intercom_code"]["code"].as_str(),
        Some(code.code_value().expect("the code")),
        "{push}"
    );

    // The listener's session is ended by another device: pusher-js hears the logout on the session's channel.
    assert!(
        sim.end_session(
            "demo",
            session
                .user
                .access_token_id
                .as_deref()
                .expect("the session id")
        )
    );
    let logout = pusher.next_step(PATIENCE).await;
    assert_eq!(logout["channel"], token_channel.as_str(), "{logout}");
    assert_eq!(logout["event"], "App\\Events\\TokenPush", "{logout}");
    assert_eq!(logout["data"]["data"]["type"], types::LOGOUT, "{logout}");
    assert!(pusher.finished().await.success());
}

#[tokio::test]
async fn pusher_js_still_reads_the_old_guessed_shapes() {
    let sim = start_on_loopback(SimConfig {
        pushes: PushShapes::Legacy,
        ..SimConfig::default()
    })
    .await;
    let (listener_session, session) = signed_in(&sim, "demo", "demo").await;
    let settings = listener_session.ws_url().await.expect("wsurl");
    let mut pusher = PusherJs::spawn(&ListenerOptions {
        host: settings.host.clone(),
        port: settings.port.expect("port"),
        path: settings.path.clone(),
        key: settings.app_key.clone(),
        auth_endpoint: format!("{}/api/v1/broadcasting/auth", sim.base_url()),
        token: session.token.secret().to_owned(),
        channels: vec![format!("private-user.{}", session.user.id)],
        pushes: 1,
    });
    assert_eq!(pusher.next_step(PATIENCE).await["step"], "connected");
    assert_eq!(pusher.next_step(PATIENCE).await["step"], "subscribed");
    let code = sim
        .create_code(
            "demo",
            sim.intercom_ids("demo")[0],
            "Old shape",
            Utc::now() + TimeDelta::hours(1),
        )
        .expect("code");
    let push = pusher.next_step(PATIENCE).await;
    assert_eq!(push["event"], "App\\Events\\UserPush", "{push}");
    assert_eq!(push["data"]["type"], "intercom_code_created", "{push}");
    assert_eq!(push["data"]["data"]["id"], code["id"], "{push}");
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
        path: sim.live_path().to_owned(),
        key: settings.app_key.clone(),
        auth_endpoint: format!("{}/api/v1/broadcasting/auth", sim.base_url()),
        token: session.token.secret().to_owned(),
        channels: vec![format!("private-user.{bob}")],
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
