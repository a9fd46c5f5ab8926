//! The live client against the simulator's Pusher endpoint, over real sockets on 127.0.0.1.

mod common;

use aipix_sim::testing::{config_with_users, start_on_loopback};
use std::time::Duration;

use aipix_client::api::ApiError;
use aipix_client::live::{LiveConfig, LiveEvent, Push};
use aipix_sim::{SimConfig, SimHandle};
use chrono::{TimeDelta, Utc};
use common::live::{Listener, PATIENCE, quick_config};
use common::signed_in;

/// Waits for what the simulator saw on its end of a real socket (it has no event to wait on): checked every 10 ms.
async fn wait_until(what: &str, condition: impl Fn() -> bool) {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while !condition() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

fn in_hours(hours: i64) -> chrono::DateTime<Utc> {
    Utc::now() + TimeDelta::hours(hours)
}

fn created_id(push: &Push) -> Option<u64> {
    match push {
        Push::CodeCreated { code } => Some(code.id),
        _ => None,
    }
}

async fn two_desks(sim: &SimHandle) -> (Listener, Listener) {
    let (first, _) = signed_in(sim, "demo", "demo").await;
    let (second, _) = signed_in(sim, "demo", "demo").await;
    let mut a = Listener::start(&first, quick_config());
    let mut b = Listener::start(&second, quick_config());
    let socket_a = a.connected().await;
    let socket_b = b.connected().await;
    assert_ne!(socket_a, socket_b);
    assert_eq!(
        first.socket_id(),
        Some(socket_a),
        "the socket id goes out with REST calls"
    );
    assert_eq!(second.socket_id(), Some(socket_b));
    (a, b)
}

#[tokio::test]
async fn a_code_made_at_one_desk_reaches_the_other_desk_but_not_its_own() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let (mut a, mut b) = two_desks(&sim).await;
    let intercom = sim.intercom_ids("demo")[0];

    let code = a
        .client
        .create_code(intercom, "Plumber", in_hours(2))
        .await
        .expect("create");
    let push = b.next_push().await;
    assert_eq!(created_id(&push), Some(code.id));
    let Push::CodeCreated { code: pushed } = push else {
        unreachable!()
    };
    assert_eq!(pushed.code, code.code);
    assert_eq!(pushed.expired_at, code.expired_at);

    // B now deletes it. Pushes to one socket keep their order, so if A had been sent its own code,
    // it would come before this deletion.
    b.client.delete_codes(&[code.id]).await.expect("delete");
    assert_eq!(
        a.next_push().await,
        Push::CodesDeleted { ids: vec![code.id] }
    );

    // And B, who deleted, hears nothing of it: the next thing B gets is A's next code.
    let next = a
        .client
        .create_code(intercom, "Electrician", in_hours(2))
        .await
        .expect("create");
    assert_eq!(created_id(&b.next_push().await), Some(next.id));
}

#[tokio::test]
async fn a_user_hears_only_their_own_channel() {
    let sim = start_on_loopback(config_with_users(&[("alice", "a-pass"), ("bob", "b-pass")])).await;
    let (alice, _) = signed_in(&sim, "alice", "a-pass").await;
    let (bob, bob_session) = signed_in(&sim, "bob", "b-pass").await;
    let mut bob_live = Listener::start(&bob, quick_config());
    bob_live.connected().await;

    alice
        .create_code(sim.intercom_ids("alice")[0], "For Alice", in_hours(1))
        .await
        .expect("alice's code");
    // Another desk of Bob's makes a code: it must be the first push Bob hears.
    let bobs = sim
        .create_code("bob", sim.intercom_ids("bob")[0], "For Bob", in_hours(1))
        .expect("bob's code");
    assert_eq!(created_id(&bob_live.next_push().await), bobs["id"].as_u64());

    // Bob cannot get a signature for Alice's channel.
    let alice_id = sim.user_id("alice").expect("alice");
    let socket = bob.socket_id().expect("bob is connected");
    let refused = bob
        .authorize_channel(
            "/api/v1/broadcasting/auth",
            &socket,
            &format!("private-user.{alice_id}"),
        )
        .await;
    assert!(matches!(refused, Err(ApiError::Forbidden)), "{refused:?}");
    let own = bob
        .authorize_channel(
            "/api/v1/broadcasting/auth",
            &socket,
            &format!("private-user.{}", bob_session.user.id),
        )
        .await
        .expect("own channel");
    assert!(own.starts_with(&format!("{}:", sim.app_key())));
}

#[tokio::test]
async fn a_drop_asking_to_come_back_at_once_reconnects_at_once_and_asks_for_a_resync() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let (client, _) = signed_in(&sim, "demo", "demo").await;
    let mut live = Listener::start(&client, quick_config());
    let first_socket = live.connected().await;

    assert_eq!(sim.drop_live_connections(4200, "reconnect"), 1);
    let disconnected = live
        .wait_for("disconnected", |e| {
            matches!(e, LiveEvent::Disconnected { .. })
        })
        .await;
    assert!(
        matches!(disconnected, LiveEvent::Disconnected { retry_in, .. } if retry_in == Duration::ZERO)
    );
    let second_socket = live.connected().await;
    assert_ne!(
        first_socket, second_socket,
        "a new socket id on every connection"
    );
    assert_eq!(client.socket_id(), Some(second_socket));

    // Subscribed again: pushes flow on the new connection.
    let code = sim
        .create_code(
            "demo",
            sim.intercom_ids("demo")[0],
            "After the drop",
            in_hours(1),
        )
        .expect("code");
    assert_eq!(created_id(&live.next_push().await), code["id"].as_u64());
}

#[tokio::test]
async fn a_drop_asking_to_wait_backs_off_and_the_back_off_grows_while_refused() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let (client, _) = signed_in(&sim, "demo", "demo").await;
    let mut live = Listener::start(&client, quick_config());
    live.connected().await;

    sim.refuse_live_connections_for(Duration::from_millis(1500));
    sim.drop_live_connections(4100, "over capacity");
    let mut waits = Vec::new();
    loop {
        match live.next().await {
            LiveEvent::Disconnected { retry_in, .. } => waits.push(retry_in),
            LiveEvent::Connected { .. } => break,
            LiveEvent::Stopped { reason } => panic!("stopped: {reason}"),
            _ => {}
        }
    }
    assert!(
        waits.len() >= 2,
        "refused at least once after the drop: {waits:?}"
    );
    // Equal jitter around a nominal wait of a quarter of the outage, at least the floor (200 ms): over an outage
    // of 1.5 s that is 100–200 ms, growing to at most ~400 ms; a few attempts a second, never a tight loop.
    assert!(
        waits
            .iter()
            .all(|wait| *wait >= Duration::from_millis(100) && *wait <= Duration::from_millis(500)),
        "every wait backs off: {waits:?}"
    );
    assert!(
        waits.len() <= 17,
        "at most one attempt per 100 ms: {waits:?}"
    );
    live.wait_for("resync needed", |e| matches!(e, LiveEvent::ResyncNeeded))
        .await;

    // After a good connection the back-off starts over.
    sim.drop_live_connections(4100, "again");
    let LiveEvent::Disconnected { retry_in, .. } = live
        .wait_for("disconnected", |e| {
            matches!(e, LiveEvent::Disconnected { .. })
        })
        .await
    else {
        unreachable!()
    };
    assert!(
        retry_in <= Duration::from_millis(200),
        "reset to the first step: {retry_in:?}"
    );
}

#[tokio::test]
async fn a_server_that_drops_every_desk_right_after_it_subscribes_gets_the_back_off_not_a_loop() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let (client, _) = signed_in(&sim, "demo", "demo").await;
    let config = LiveConfig {
        at_once_spacing: Duration::from_secs(60),
        ..quick_config()
    };
    let mut live = Listener::start(&client, config);
    live.connected().await;
    let mut waits = Vec::new();
    for _ in 0..3 {
        assert_eq!(sim.drop_live_connections(4200, "reconnect"), 1);
        match live
            .wait_for("disconnected", |e| {
                matches!(e, LiveEvent::Disconnected { .. })
            })
            .await
        {
            LiveEvent::Disconnected { retry_in, .. } => waits.push(retry_in),
            _ => unreachable!(),
        }
        live.connected().await;
    }
    assert_eq!(
        waits[0],
        Duration::ZERO,
        "the first 4200 is answered at once"
    );
    assert!(
        waits[1..]
            .iter()
            .all(|wait| *wait >= Duration::from_millis(100)),
        "a 4200 right after each subscription is not answered at once again: {waits:?}"
    );
}

#[tokio::test]
async fn an_oversized_push_costs_one_immediate_reconnect_and_a_resync() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let (client, session) = signed_in(&sim, "demo", "demo").await;
    let mut live = Listener::start(&client, quick_config());
    live.connected().await;
    let user = session.user.id;
    let channel = format!("private-user.{user}");
    let cap = LiveConfig::default().max_message_size;
    assert_eq!(
        cap,
        256 << 10,
        "a real push (a few KB) fits many times over"
    );

    // Under the cap: a push of 200 KB is read like any other.
    let title = "x".repeat(200 << 10);
    let big = format!(
        r#"{{"event":"App\\Events\\UserPush","channel":"{channel}","data":{{"type":"intercom_code_created","status":"ok","data":{{"id":77,"title":"{title}","code":"12345","expired_at":"2099-01-01 00:00:00","intercom":{{"id":1,"title":"Gate","is_online":true}}}}}}}}"#
    );
    assert_eq!(sim.push_raw(user, &big), 1);
    match live.next_push().await {
        // Read, and its title cut where the model reads it (a real title is a few words).
        Push::CodeCreated { code } => assert_eq!(
            code.title.chars().count(),
            aipix_client::api::bounds::MAX_TEXT_CHARS + 1
        ),
        other => panic!("the big push decoded: {other:?}"),
    }

    // Over the cap: the socket is given up and a new one made at once, then the list is read again.
    let huge = format!(
        r#"{{"event":"App\\Events\\UserPush","channel":"{channel}","data":"{}"}}"#,
        "y".repeat(cap + 1)
    );
    assert_eq!(sim.push_raw(user, &huge), 1);
    let LiveEvent::Disconnected { reason, retry_in } = live.next().await else {
        panic!("the oversized push ends the connection")
    };
    assert!(reason.contains("could not be read"), "{reason}");
    assert_eq!(
        retry_in,
        Duration::ZERO,
        "one immediate reconnect: {reason}"
    );
    assert!(matches!(live.next().await, LiveEvent::Connecting { .. }));
    assert!(matches!(live.next().await, LiveEvent::Connected { .. }));
    assert!(matches!(live.next().await, LiveEvent::ResyncNeeded));
    let code = sim
        .create_code(
            "demo",
            sim.intercom_ids("demo")[0],
            "After the big one",
            in_hours(1),
        )
        .expect("code");
    assert_eq!(created_id(&live.next_push().await), code["id"].as_u64());
}

#[tokio::test]
async fn a_drop_saying_do_not_come_back_stops_and_says_why() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let (client, _) = signed_in(&sim, "demo", "demo").await;
    let mut live = Listener::start(&client, quick_config());
    live.connected().await;

    sim.drop_live_connections(4009, "Connection is unauthorized");
    let LiveEvent::Stopped { reason } = live
        .wait_for("stopped", |e| matches!(e, LiveEvent::Stopped { .. }))
        .await
    else {
        unreachable!()
    };
    assert!(reason.contains("4009"), "{reason}");
    assert_eq!(client.socket_id(), None, "no socket id once disconnected");
    assert!(
        live.events.recv().await.is_none(),
        "nothing after stopping: the task has ended"
    );
    assert_eq!(sim.live_connection_count(), 0);
}

#[tokio::test]
async fn a_connection_that_just_dies_backs_off() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let (client, _) = signed_in(&sim, "demo", "demo").await;
    let mut live = Listener::start(&client, quick_config());
    live.connected().await;
    sim.drop_live_connections(1011, "internal error");
    let LiveEvent::Disconnected { retry_in, .. } = live
        .wait_for("disconnected", |e| {
            matches!(e, LiveEvent::Disconnected { .. })
        })
        .await
    else {
        unreachable!()
    };
    assert!(
        retry_in >= Duration::from_millis(100) && retry_in <= Duration::from_millis(200),
        "{retry_in:?}"
    );
    live.connected().await;
}

#[tokio::test]
async fn keepalive_holds_an_idle_connection_and_a_missing_pong_reconnects() {
    let sim = start_on_loopback(SimConfig {
        activity_timeout: Duration::from_secs(1),
        pong_grace: Duration::from_millis(500),
        ..SimConfig::default()
    })
    .await;
    let (client, _) = signed_in(&sim, "demo", "demo").await;
    let config = LiveConfig {
        pong_timeout: Duration::from_millis(700),
        ..quick_config()
    };
    let mut live = Listener::start(&client, config);
    live.connected().await;

    // The server closes sockets that stay silent past its timeout; our pings keep this one open.
    let quiet = tokio::time::timeout(Duration::from_millis(3500), live.events.recv()).await;
    assert!(quiet.is_err(), "no event while idle, got {quiet:?}");
    assert_eq!(sim.live_connection_count(), 1);

    // A server that stops answering pings is a dead connection.
    sim.set_live_silent(true);
    let LiveEvent::Disconnected { reason, retry_in } = live
        .wait_for("disconnected", |e| {
            matches!(e, LiveEvent::Disconnected { .. })
        })
        .await
    else {
        unreachable!()
    };
    assert!(reason.contains("ping"), "{reason}");
    assert_eq!(retry_in, Duration::ZERO);
    sim.set_live_silent(false);
    live.connected().await;
}

#[tokio::test]
async fn garbage_on_the_socket_is_skipped_without_dropping_the_connection() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let (client, session) = signed_in(&sim, "demo", "demo").await;
    let mut live = Listener::start(&client, quick_config());
    live.connected().await;
    let user = session.user.id;
    let channel = format!("private-user.{user}");
    let garbage = [
        "not json".to_owned(),
        "[1,2,3]".to_owned(),
        r#"{"event": 12}"#.to_owned(),
        format!(r#"{{"event":"App\\Events\\UserPush","channel":"{channel}","data":"{{broken"}}"#),
        format!(
            r#"{{"event":"App\\Events\\UserPush","channel":"{channel}","data":{{"type":"intercom_code_created","data":{{"id":"x"}}}}}}"#
        ),
        r#"{"event":"App\\Events\\UserPush","channel":"private-user.999","data":"{}"}"#.to_owned(),
        r#"{"event":"pusher:error","data":{"message":"no code here"}}"#.to_owned(),
        "x".repeat(50_000),
    ];
    for frame in &garbage {
        assert_eq!(sim.push_raw(user, frame), 1);
    }
    // Only the two readable pushes on our channel come through, as seen (unknown) or unreadable; the
    // connection stays.
    assert!(matches!(live.next_push().await, Push::Unknown { .. }));
    assert!(matches!(live.next_push().await, Push::Unreadable { .. }));
    let code = sim
        .create_code(
            "demo",
            sim.intercom_ids("demo")[0],
            "Still here",
            in_hours(1),
        )
        .expect("code");
    assert_eq!(created_id(&live.next_push().await), code["id"].as_u64());
    assert_eq!(sim.live_connection_count(), 1);
}

#[tokio::test]
async fn the_auth_route_is_found_among_the_usual_ones() {
    let sim = start_on_loopback(SimConfig {
        auth_paths: vec!["/api/broadcasting/auth".into()],
        ..SimConfig::default()
    })
    .await;
    let (client, _) = signed_in(&sim, "demo", "demo").await;
    let mut live = Listener::start(&client, quick_config());
    live.connected().await;
    // Found once, it is used directly on the next connection.
    sim.drop_live_connections(4200, "again");
    live.connected().await;
}

#[tokio::test]
async fn no_auth_route_at_all_stops_with_the_routes_tried() {
    let sim = start_on_loopback(SimConfig {
        auth_paths: vec!["/custom/auth".into()],
        ..SimConfig::default()
    })
    .await;
    let (client, _) = signed_in(&sim, "demo", "demo").await;
    let mut live = Listener::start(&client, quick_config());
    let LiveEvent::Stopped { reason } = live
        .wait_for("stopped", |e| matches!(e, LiveEvent::Stopped { .. }))
        .await
    else {
        unreachable!()
    };
    assert!(
        reason.contains("/broadcasting/auth") && reason.contains("/api/v1/broadcasting/auth"),
        "{reason}"
    );

    // With the route configured, the same server works.
    let config = LiveConfig {
        auth_paths: vec!["/custom/auth".into()],
        ..quick_config()
    };
    let mut live = Listener::start(&client, config);
    live.connected().await;
}

#[tokio::test]
async fn a_signed_out_token_stops_the_live_client() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let (client, session) = signed_in(&sim, "demo", "demo").await;
    client.logout().await.expect("logout");
    client.restore_session(session);
    let mut live = Listener::start(&client, quick_config());
    let LiveEvent::Stopped { reason } = live
        .wait_for("stopped", |e| matches!(e, LiveEvent::Stopped { .. }))
        .await
    else {
        unreachable!()
    };
    assert!(reason.contains("sign in"), "{reason}");
}

#[tokio::test]
async fn stopping_closes_the_socket() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let (client, _) = signed_in(&sim, "demo", "demo").await;
    let mut live = Listener::start(&client, quick_config());
    live.connected().await;
    assert_eq!(sim.live_connection_count(), 1);
    let Listener {
        handle, mut events, ..
    } = live;
    handle.stop().await;
    let mut last = None;
    while let Some(event) = events.recv().await {
        last = Some(event);
    }
    assert!(matches!(last, Some(LiveEvent::Stopped { .. })), "{last:?}");
    wait_until("the server to see the socket close", || {
        sim.live_connection_count() == 0
    })
    .await;
}

/// A frame as push1st relays it from the application: its own keys beside the event's, `data` a JSON string.
fn push1st_frame(channel: &str, event: &str, data: &serde_json::Value) -> String {
    serde_json::json!({
        "#msg-from": "api", "#msg-id": 1_796_248_669_309_862_998_u64, "#msg-time": 66630,
        "channel": channel, "data": data.to_string(), "event": event,
    })
    .to_string()
}

const NOTIFICATION: &str = "Illuminate\\Notifications\\Events\\BroadcastNotificationCreated";

#[tokio::test]
async fn both_private_channels_are_followed_and_each_of_the_servers_shapes_arrives_typed() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let (client, session) = signed_in(&sim, "demo", "demo").await;
    let mut live = Listener::start(&client, quick_config());
    live.connected().await;
    let user = format!("private-user.{}", session.user.id);
    let token = format!(
        "private-token.{}",
        session
            .user
            .access_token_id
            .as_deref()
            .expect("the session id")
    );
    assert_eq!(sim.channel_subscriber_count(&user), 1);
    assert_eq!(sim.channel_subscriber_count(&token), 1);

    // Another desk makes and revokes a code: BroadcastNotificationCreated, flat.
    let intercom = sim.intercom_ids("demo")[0];
    let code = sim
        .create_code("demo", intercom, "Courier", in_hours(1))
        .expect("code");
    let id = code["id"].as_u64().expect("id");
    assert_eq!(created_id(&live.next_push().await), Some(id));
    assert_eq!(sim.delete_codes("demo", &[id]), 1);
    assert_eq!(live.next_push().await, Push::CodesDeleted { ids: vec![id] });
    sim.set_intercom_online("demo", intercom, false, true)
        .expect("offline");
    match live.next_push().await {
        Push::IntercomUpdated { intercom: pushed } => {
            assert_eq!(pushed.id, intercom);
            assert!(pushed.online().is_offline());
        }
        other => panic!("an intercom update, got {other:?}"),
    }

    // The other notifications, exactly as the SDK reads them, on either channel; data as a string or an object.
    let renamed = serde_json::json!({"type": "intercom.rename", "intercom": {"id": intercom, "title": "Front door",
        "is_online": true, "status": "confirmed"}, "deleted_ids": null, "id": "a3c1"});
    assert_eq!(
        sim.push_raw_on(&user, &push1st_frame(&user, NOTIFICATION, &renamed)),
        1
    );
    assert!(matches!(live.next_push().await,
        Push::IntercomUpdated { intercom: pushed } if pushed.title == "Front door"));
    let call = serde_json::json!({"type": "intercom.call.store", "intercom_call": {"id": 31, "status": "missed",
        "type": "call", "created_at": "2026-12-01 10:00:00", "intercom": {"id": intercom, "title": "Front door"}},
        "deleted_ids": null, "id": "b7"});
    let as_object =
        serde_json::json!({"channel": token, "event": NOTIFICATION, "data": call}).to_string();
    assert_eq!(sim.push_raw_on(&token, &as_object), 1);
    assert!(matches!(live.next_push().await, Push::CallStored { call } if call.id == 31));
    let calls_gone = serde_json::json!({"type": "intercom.call.delete", "intercom_call": null,
        "deleted_ids": [31], "id": "c9"});
    sim.push_raw_on(&user, &push1st_frame(&user, NOTIFICATION, &calls_gone));
    assert_eq!(live.next_push().await, Push::CallsDeleted { ids: vec![31] });

    // UserPush, nested.
    let permissions = serde_json::json!({"data": {"type": "permissions_updated", "status": "ok",
        "data": {"detached": [1, 2], "attached": [4, 6]}}, "subject": null, "message": null});
    sim.push_raw_on(
        &user,
        &push1st_frame(&user, "App\\Events\\UserPush", &permissions),
    );
    assert_eq!(live.next_push().await, Push::PermissionsUpdated);
    let motion = serde_json::json!({"data": {"type": "analytic_case_motion_detect_event_created", "status": "ok",
        "data": {"id": 5}}, "subject": null, "message": null});
    sim.push_raw_on(
        &user,
        &push1st_frame(&user, "App\\Events\\UserPush", &motion),
    );
    assert!(matches!(live.next_push().await,
        Push::Unknown { kind, .. } if kind == "analytic_case_motion_detect_event_created"));

    // The old envelope, still.
    let old = serde_json::json!({"type": "intercom_codes_deleted", "status": "ok", "data": [99],
        "subject": null, "message": null});
    sim.push_raw_on(&user, &push1st_frame(&user, "App\\Events\\UserPush", &old));
    assert_eq!(live.next_push().await, Push::CodesDeleted { ids: vec![99] });

    // Another session's channel is not ours: nothing comes of it.
    let elsewhere = "private-token.someone-else";
    let stray = serde_json::json!({"channel": elsewhere, "event": "App\\Events\\TokenPush",
        "data": {"data": {"type": "logout", "status": "ok", "data": []}, "subject": null, "message": null}});
    sim.push_raw_on(&user, &stray.to_string());
    sim.push_raw_on(&user, &push1st_frame(&user, NOTIFICATION, &calls_gone));
    assert_eq!(live.next_push().await, Push::CallsDeleted { ids: vec![31] });
    assert_eq!(sim.live_connection_count(), 1);
}

#[tokio::test]
async fn a_session_ended_elsewhere_is_told_on_its_own_channel_and_the_client_stops() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let (client, session) = signed_in(&sim, "demo", "demo").await;
    let (other, _) = signed_in(&sim, "demo", "demo").await;
    let mut live = Listener::start(&client, quick_config());
    let mut other_live = Listener::start(&other, quick_config());
    live.connected().await;
    other_live.connected().await;

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
    match live.next_push().await {
        Push::Logout { subject } => assert!(subject.is_some_and(|s| !s.is_empty())),
        other => panic!("a logout, got {other:?}"),
    }
    let reason = live.stopped().await;
    assert!(reason.contains("ended elsewhere"), "{reason}");
    assert!(live.events.recv().await.is_none(), "nothing after stopping");
    assert_eq!(client.socket_id(), None);

    // The other session heard nothing of it and goes on.
    let code = sim
        .create_code(
            "demo",
            sim.intercom_ids("demo")[0],
            "Still here",
            in_hours(1),
        )
        .expect("code");
    assert_eq!(
        created_id(&other_live.next_push().await),
        code["id"].as_u64()
    );
}

#[tokio::test]
async fn the_old_guessed_shapes_still_work_end_to_end() {
    let sim = start_on_loopback(SimConfig {
        pushes: aipix_sim::PushShapes::Legacy,
        ..SimConfig::default()
    })
    .await;
    let (mut a, mut b) = two_desks(&sim).await;
    let intercom = sim.intercom_ids("demo")[0];
    let code = a
        .client
        .create_code(intercom, "Plumber", in_hours(2))
        .await
        .expect("create");
    assert_eq!(created_id(&b.next_push().await), Some(code.id));
    b.client.delete_codes(&[code.id]).await.expect("delete");
    assert_eq!(
        a.next_push().await,
        Push::CodesDeleted { ids: vec![code.id] }
    );
    sim.set_intercom_online("demo", intercom, false, true)
        .expect("offline");
    assert!(
        matches!(a.next_push().await, Push::IntercomUpdated { intercom: i } if i.online().is_offline())
    );
}

/// Counts the attempts until the client is subscribed (ten at most).
async fn attempts_until_connected(live: &mut Listener) -> u32 {
    let mut attempts = 0;
    loop {
        assert!(attempts <= 10, "not subscribed after {attempts} attempts");
        match live.next().await {
            LiveEvent::Connecting { .. } => attempts += 1,
            LiveEvent::Connected { .. } => return attempts,
            LiveEvent::Stopped { reason } => panic!("stopped: {reason}"),
            _ => {}
        }
    }
}

#[tokio::test]
async fn a_live_path_that_closes_a_pusher_client_falls_back_to_pusher_and_is_remembered() {
    // As deployed: `wsurl` names /ws, push1st's raw protocol, which closes a Pusher client with 1008.
    let sim = start_on_loopback(SimConfig::default()).await;
    let (client, _) = signed_in(&sim, "demo", "demo").await;
    let config = quick_config();
    let servers = config.servers.clone();
    let mut live = Listener::start(&client, config.clone());
    let attempts = attempts_until_connected(&mut live).await;
    assert!(attempts <= 3, "found within 3 attempts: {attempts}");
    assert_eq!(
        sim.requests_to("GET", "/ws"),
        1,
        "the path wsurl names, tried once"
    );
    assert_eq!(sim.requests_to("GET", "/pusher"), 1);
    let server = client.config().base_url.to_string();
    assert_eq!(servers.path(&server).as_deref(), Some("/pusher"));

    // Remembered: the next connection, and the next session on this server, go straight to /pusher.
    sim.drop_live_connections(4200, "reconnect");
    live.connected().await;
    live.handle.stop().await;
    let (second, _) = signed_in(&sim, "demo", "demo").await;
    let mut again = Listener::start(&second, config);
    assert_eq!(attempts_until_connected(&mut again).await, 1);
    assert_eq!(sim.requests_to("GET", "/ws"), 1);
    assert_eq!(sim.requests_to("GET", "/pusher"), 3);
}

#[tokio::test]
async fn a_live_path_that_is_not_there_falls_back_and_a_good_one_is_kept() {
    let sim = start_on_loopback(SimConfig {
        wsurl_path: "/socket".into(),
        ..SimConfig::default()
    })
    .await;
    let (client, _) = signed_in(&sim, "demo", "demo").await;
    let config = quick_config();
    let mut live = Listener::start(&client, config.clone());
    assert_eq!(
        attempts_until_connected(&mut live).await,
        1,
        "a 404 upgrade is a wrong path"
    );
    assert_eq!(
        config
            .servers
            .path(client.config().base_url.as_str())
            .as_deref(),
        Some("/pusher")
    );

    // Where wsurl's path is the Pusher endpoint (the old guesses), it is used as it is.
    let legacy = start_on_loopback(SimConfig {
        pushes: aipix_sim::PushShapes::Legacy,
        ..SimConfig::default()
    })
    .await;
    let (client, _) = signed_in(&legacy, "demo", "demo").await;
    let mut live = Listener::start(&client, config.clone());
    assert_eq!(attempts_until_connected(&mut live).await, 1);
    assert_eq!(legacy.requests_to("GET", "/ws"), 1);
    assert_eq!(
        config
            .servers
            .path(client.config().base_url.as_str())
            .as_deref(),
        Some("/ws")
    );
}

/// `wsurl` is the same for every account of a server and limited to 20 calls in 5 minutes: accounts signing in
/// together, with clones of one configuration as the desk gives them, ask it once per server.
#[tokio::test]
async fn accounts_on_one_server_ask_wsurl_once_even_when_they_connect_together() {
    let users = [("alice", "a-pass"), ("bob", "b-pass"), ("carol", "c-pass")];
    let first = start_on_loopback(config_with_users(&users)).await;
    let second = start_on_loopback(config_with_users(&users)).await;
    let config = quick_config();
    let mut listeners = Vec::new();
    for sim in [&first, &second] {
        for (login, password) in users {
            let (client, _) = signed_in(sim, login, password).await;
            listeners.push(Listener::start(&client, config.clone()));
        }
    }
    for listener in &mut listeners {
        listener.connected().await;
    }
    assert_eq!(first.requests_to("GET", "/api/v1/wsurl"), 1);
    assert_eq!(second.requests_to("GET", "/api/v1/wsurl"), 1);

    // A configuration of its own (another desk on this machine) learns for itself.
    let (client, _) = signed_in(&first, "alice", "a-pass").await;
    Listener::start(&client, quick_config()).connected().await;
    assert_eq!(first.requests_to("GET", "/api/v1/wsurl"), 2);
}

/// Ten idle minutes against push1st's keep-alive as the vendor deploys it (`activity_timeout` "40": a session
/// that sent nothing for 80 s is closed), on the runtime's clock paused once connected (it then jumps from one
/// timer to the next): the client pings every 25 s and is never dropped.
#[tokio::test]
async fn an_idle_desk_stays_connected_ten_minutes_with_a_ping_at_most_every_25_s() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let (client, _) = signed_in(&sim, "demo", "demo").await;
    let mut live = Listener::start(&client, LiveConfig::default());
    let socket = live.connected().await;
    tokio::time::pause();
    let subscribed = tokio::time::Instant::now();

    let idle = tokio::time::timeout(Duration::from_secs(600), live.events.recv()).await;
    assert!(
        idle.is_err(),
        "nothing happens in ten idle minutes: {idle:?}"
    );
    assert_eq!(sim.live_connection_count(), 1);
    assert_eq!(
        sim.live_socket_ids(),
        vec![socket.clone()],
        "the same socket throughout"
    );

    let pings: Vec<tokio::time::Instant> = sim
        .live_client_frames()
        .into_iter()
        .filter(|frame| frame.socket_id == socket && frame.event == "pusher:ping")
        .map(|frame| frame.at)
        .collect();
    assert!(pings.len() >= 23, "a ping every 25 s: {}", pings.len());
    // The runtime's timers fire on whole milliseconds, after the deadline: a few of them are allowed.
    let at_most = Duration::from_secs(25) + Duration::from_millis(5);
    let mut last = subscribed;
    for ping in &pings {
        assert!(*ping - last <= at_most, "{:?} without a word", *ping - last);
        last = *ping;
    }
}
