//! The live channel against a server out to hurt the desk, on 127.0.0.1: frames of megabytes, a server that drops
//! the desk right after every subscription, a session's channel refused by closing the socket (push1st's answer
//! to a bad signature), and a plain `ws://` live address announced by an https server. Each is met calmly: bounded
//! memory, waits that grow, the user's channel kept, and no unencrypted socket, said in words.

mod common;

use std::process::Stdio;
use std::time::Duration;

use aipix_client::api::TlsTrust;
use aipix_client::live::{LiveEvent, MAX_MESSAGE_SIZE, Push};
use aipix_sim::testing::start_on_loopback;
use aipix_sim::{Announced, SimConfig, SimHandle, SimTls};
use chrono::{TimeDelta, Utc};
use common::cli::Home;
use common::live::{Listener, quick_config};
use common::{client_with, signed_in};
use pusher_wire::{Frame, NOTIFICATION_EVENT};
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};
use tokio::io::{AsyncBufReadExt as _, BufReader};

/// JSON as PHP's `json_encode` writes it by default, as Laravel hands it to push1st: every character past ASCII
/// as `\uXXXX` (UTF-16), and `/` as `\/`.
fn php_json(value: &Value) -> String {
    let mut text = String::new();
    for c in value.to_string().chars() {
        match c {
            '/' => text.push_str("\\/"),
            c if c.is_ascii() => text.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    text.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    text
}

/// A code object as an AIPIX server sends it, every text at the longest the desk's models keep (512 characters),
/// in Cyrillic: the longest escaped form.
fn longest_code() -> Value {
    let text = "Ж".repeat(512);
    json!({
        "id": 4_294_967_295_u64, "title": text, "code": "1234567890",
        "expired_at": "2099-12-31 23:59:00", "is_expired": false, "will_deleted_at": "2100-01-01 23:59:00",
        "created_at": "2026-01-01 00:00:00",
        "intercom": {
            "id": 4_294_967_295_u64, "title": text, "is_online": true, "is_enabled": true, "department": 100,
            "address": text, "status": "confirmed", "created_at": "2026-01-01T00:00:00.000000Z",
            "updated_at": "2026-01-01T00:00:00.000000Z", "is_open_door_app": true, "is_open_door_code": true,
            "timetable": {"days": [], "intervals": []}, "camera": null
        }
    })
}

/// The frame push1st sends for it: Laravel's `BroadcastNotificationCreated`, its payload a JSON string.
fn push1st_frame_of(code: &Value) -> String {
    let payload = format!(
        r#"{{"type":"intercom.code.store","intercom_code":{},"deleted_ids":null,"id":"9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d"}}"#,
        php_json(code)
    );
    json!({
        "event": NOTIFICATION_EVENT,
        "channel": "private-user.4294967295",
        "data": payload,
    })
    .to_string()
}

#[test]
fn the_longest_code_a_server_can_push_fits_the_live_cap_many_times_over() {
    let frame = push1st_frame_of(&longest_code());
    println!(
        "a push1st frame of the longest code: {} bytes; the cap: {MAX_MESSAGE_SIZE} bytes",
        frame.len()
    );
    assert!(
        frame.len() * 10 <= MAX_MESSAGE_SIZE,
        "{} bytes leave too little margin under {MAX_MESSAGE_SIZE}",
        frame.len()
    );
    assert!(
        frame.len() < 16 << 10,
        "the README says under 16 KB: {}",
        frame.len()
    );
    let parsed = Frame::parse(&frame).expect("a frame");
    match Push::read(&parsed.data) {
        Push::CodeCreated { code } => assert_eq!(code.title.chars().count(), 512),
        other => panic!("read as {other:?}"),
    }
}

/// The peak resident memory of process `pid` (`VmHWM`), in KiB.
fn peak_rss_kib(pid: u32) -> u64 {
    let status =
        std::fs::read_to_string(format!("/proc/{pid}/status")).expect("the process's status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM")
}

/// A `UserPush` of a code whose title is `title_bytes` long, as raw text.
fn code_push(user: u64, id: u64, title_bytes: usize) -> String {
    let title = "y".repeat(title_bytes);
    format!(
        r#"{{"event":"App\\Events\\UserPush","channel":"private-user.{user}","data":{{"type":"intercom_code_created","status":"ok","data":{{"id":{id},"title":"{title}","code":"12345","expired_at":"2099-01-01 00:00:00","intercom":{{"id":1,"title":"Gate","is_online":true}}}}}}}}"#
    )
}

/// `visitor-desk watch` (the live client in a process of its own, printing every push) against a server that
/// pushes codes with titles of 15 MB, under the old 16 MiB cap: each costs a reconnect and nothing is held. Its
/// peak memory is asserted with a wide margin; the old cap held 150 MB and more for such a push.
#[cfg(target_os = "linux")]
#[tokio::test]
async fn pushes_of_megabytes_cost_a_reconnect_each_and_no_memory() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let user = sim.user_id("demo").expect("demo");
    let home = Home::new();
    let mut watch = home
        .command(
            &["watch", "--server", &sim.base_url(), "--login", "demo"],
            Some("demo"),
        )
        .stdout(Stdio::piped())
        .spawn()
        .expect("visitor-desk watch starts");
    let pid = watch.id().expect("a pid");
    let mut lines = BufReader::new(watch.stdout.take().expect("stdout")).lines();
    let mut next_event = async |wanted: &str| -> Value {
        loop {
            let line = tokio::time::timeout(Duration::from_secs(60), lines.next_line())
                .await
                .unwrap_or_else(|_| panic!("no {wanted} in time"))
                .expect("readable")
                .expect("watch is still running");
            let event: Value = serde_json::from_str(&line).expect("a JSON line");
            if event["event"] == wanted {
                return event;
            }
        }
    };
    next_event("connected").await;
    let before = peak_rss_kib(pid);

    // Under the cap: a code with a title of 100 KB is read like any other.
    assert_eq!(sim.push_raw(user, &code_push(user, 1, 100 << 10)), 1);
    let push = next_event("push").await;
    assert_eq!(push["code"]["id"], 1, "{}", push["push"]);

    for id in 2..=4 {
        assert_eq!(sim.push_raw(user, &code_push(user, id, 15 << 20)), 1);
        let lost = next_event("disconnected").await;
        assert!(
            lost["reason"]
                .as_str()
                .is_some_and(|reason| reason.contains("could not be read")),
            "{lost}"
        );
        next_event("connected").await;
    }
    let peak = peak_rss_kib(pid);
    println!("watch's peak RSS: {before} KiB connected, {peak} KiB after three pushes of 15 MB");
    assert!(
        peak < before + 40 * 1024,
        "peak RSS {peak} KiB (was {before} KiB before the pushes)"
    );
}

/// Every `Disconnected` of `live` for `window`: its wait each time.
async fn waits_within(live: &mut Listener, window: Duration) -> Vec<Duration> {
    let mut waits = Vec::new();
    let deadline = tokio::time::Instant::now() + window;
    while let Ok(Some(event)) = tokio::time::timeout_at(deadline, live.events.recv()).await {
        match event {
            LiveEvent::Disconnected { retry_in, .. } => waits.push(retry_in),
            LiveEvent::Stopped { reason } => panic!("stopped: {reason}"),
            _ => {}
        }
    }
    waits
}

/// The issue's server: every desk accepted, subscribed, and dropped at once (4100 "over capacity", or 4200
/// "reconnect now"). The desk's waits double up to the cap instead of a reconnect (and a full listing) every
/// quarter of a second: with a floor of 200 ms and a cap of 2 s, about eight connections in 8 s (twelve at most)
/// where the old rule made forty and more.
#[tokio::test]
async fn a_server_that_drops_the_desk_after_every_subscription_gets_waits_that_grow_to_the_cap() {
    for code in [4100, 4200, 1011] {
        let sim = start_on_loopback(SimConfig::default()).await;
        let (client, _) = signed_in(&sim, "demo", "demo").await;
        let mut live = Listener::start(&client, quick_config());
        live.connected().await;
        sim.drop_after_subscribing(Some(code));
        assert_eq!(sim.drop_live_connections(code, "dropped"), 1);
        let waits = waits_within(&mut live, Duration::from_secs(8)).await;
        assert!(
            waits.len() <= 12,
            "{code}: {} reconnects in 8 s: {waits:?}",
            waits.len()
        );
        let last = waits.last().copied().unwrap_or_default();
        assert!(
            last >= Duration::from_secs(1),
            "{code}: the waits reach the cap (2 s, jittered down to half): {waits:?}"
        );
        assert!(
            waits.windows(2).skip(1).all(|pair| pair[1] >= pair[0] / 2),
            "{code}: the waits do not fall back: {waits:?}"
        );
    }
}

/// push1st refuses a subscription it cannot verify by closing the socket with 1002, after answering the ones
/// before it: a session's channel signed wrongly took the user's channel down with it, forever. Now the next
/// connection goes without it, the user's channel is kept, and pushes arrive.
#[tokio::test]
async fn a_session_channel_refused_by_a_close_is_given_up_and_the_users_channel_kept() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let (client, session) = signed_in(&sim, "demo", "demo").await;
    sim.mis_sign_token_channels(true);
    let mut live = Listener::start(&client, quick_config());
    let LiveEvent::Disconnected { reason, .. } = live
        .wait_for("the refusal", |e| {
            matches!(e, LiveEvent::Disconnected { .. })
        })
        .await
    else {
        unreachable!()
    };
    assert!(reason.contains("1002"), "{reason}");
    live.connected().await;
    let user = session.user.id;
    let token = format!(
        "private-token.{}",
        session.user.access_token_id.as_deref().unwrap_or_default()
    );
    assert_eq!(sim.subscriber_count(user), 1);
    assert_eq!(sim.channel_subscriber_count(&token), 0);

    let code = sim
        .create_code(
            "demo",
            sim.intercom_ids("demo")[0],
            "Through the user's channel",
            Utc::now() + TimeDelta::hours(1),
        )
        .expect("code");
    match live.next_push().await {
        Push::CodeCreated { code: pushed } => assert_eq!(Some(pushed.id), code["id"].as_u64()),
        other => panic!("{other:?}"),
    }
    assert!(
        tokio::time::timeout(Duration::from_secs(2), live.events.recv())
            .await
            .is_err(),
        "no reconnect after that"
    );
}

/// A certificate for 127.0.0.1, made for the test.
fn certificate() -> (SimTls, String) {
    let key = rcgen::KeyPair::generate().expect("key");
    let cert = rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned()])
        .expect("names")
        .self_signed(&key)
        .expect("certificate");
    let sha256 = hex::encode(Sha256::digest(cert.der()));
    (
        SimTls {
            cert_pem: cert.pem(),
            key_pem: key.serialize_pem(),
        },
        sha256,
    )
}

async fn https_sim(tls: SimTls) -> SimHandle {
    start_on_loopback(SimConfig {
        tls: Some(tls),
        ..SimConfig::default()
    })
    .await
}

/// An https server whose `wsurl` names a plain `ws://` address (on another server, or its own): the desk never
/// opens an unencrypted socket. It asks for the same address with TLS; where nothing answers so, it stops and
/// says why, and the plain server never sees a websocket request.
#[tokio::test]
async fn an_https_server_announcing_plain_ws_is_not_followed_unencrypted() {
    let (tls, sha256) = certificate();
    let sim = https_sim(tls).await;
    let plain = start_on_loopback(SimConfig::default()).await;
    let client = client_with(&sim.base_url(), |config| {
        config.tls = TlsTrust::Pinned { sha256 };
    });
    client
        .login(&aipix_client::api::LoginRequest::new("demo", "demo"))
        .await
        .expect("signed in over https");

    sim.announce_live(Some(Announced {
        host: "127.0.0.1".into(),
        port: plain.addr().port(),
        path: "/pusher".into(),
        encrypted: false,
    }));
    let mut live = Listener::start(&client, quick_config());
    let LiveEvent::Unencrypted { announced } = live
        .wait_for("the refusal", |e| {
            matches!(e, LiveEvent::Unencrypted { .. })
        })
        .await
    else {
        unreachable!()
    };
    assert_eq!(
        announced,
        format!(
            "ws://127.0.0.1:{}/pusher/app/{}",
            plain.addr().port(),
            sim.app_key()
        )
    );
    let reason = live.stopped().await;
    assert!(reason.contains("without encryption"), "{reason}");
    assert_eq!(
        plain.requests_to("GET", "/pusher"),
        0,
        "no websocket request in clear"
    );
    assert_eq!(plain.live_connection_count(), 0);

    // Its own address announced as plain: asked for with TLS, which it speaks.
    sim.announce_live(Some(Announced {
        host: "127.0.0.1".into(),
        port: sim.addr().port(),
        path: "/ws".into(),
        encrypted: false,
    }));
    let mut live = Listener::start(&client, quick_config());
    live.connected().await;
    assert_eq!(sim.live_connection_count(), 1);
}
