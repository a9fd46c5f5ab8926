//! Push latency: from the simulator sending a push (a code made at another desk, in the real server's shape) to a
//! client yielding it, for this project's live client and for the official pusher-js client receiving the same
//! pushes in the same run; and from the same moment to the code being in the window's state (the desk's backend,
//! its live client, the event queue, `AppState::apply`): push → screen, less the frame that draws it.
//!
//! Last, how long a session ended elsewhere takes to bring the window back to sign-in: from the server ending it
//! (and pushing `logout`) to the state showing the sign-in screen, over 20 sessions.
//!
//! `cargo bench --bench push_latency` sends 1,000 pushes; under `cargo test` a short run of 20 (and one logout)
//! checks that the benchmark works. Times are wall-clock microseconds since the epoch on all sides (same machine, same clock).

// A benchmark reports on the terminal.
#![allow(clippy::print_stdout)]

#[path = "../tests/common/pusher_js.rs"]
#[allow(dead_code, reason = "shared with the tests, which use more of it")]
mod pusher_js;

use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use std::sync::Arc;

use aipix_client::api::{Client, ClientConfig, LoginRequest};
use aipix_client::live::{self, LiveConfig, LiveEvent, Push};
use aipix_sim::testing::start_on_loopback;
use aipix_sim::{SimConfig, SimHandle};
use chrono::{TimeDelta, Utc};
use pusher_js::{ListenerOptions, PusherJs};
use tokio::sync::mpsc;
use visitor_desk::backend::{Backend, BackendConfig};
use visitor_desk::messages::{Command, Event, SignInRequest};
use visitor_desk::settings::TrustChoice;
use visitor_desk::state::{AppState, LiveStatus};

/// Pushes are spaced out so that the figure is latency, not queueing behind a burst.
const SPACING: Duration = Duration::from_millis(2);

fn now_micros() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as u64)
}

fn main() {
    let full = std::env::args().any(|argument| argument == "--bench");
    let (pushes, logouts) = if full { (1_000, 20) } else { (20, 1) };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(measure(pushes, logouts));
}

async fn signed_in(base_url: &str) -> Client {
    let client =
        Client::new(ClientConfig::new(base_url, "bench-device").expect("config")).expect("client");
    client
        .login(&LoginRequest::new("demo", "demo"))
        .await
        .expect("login");
    client
}

async fn measure(pushes: usize, logouts: usize) {
    let sim = start_on_loopback(SimConfig::default()).await;
    sim.set_code_limit(usize::MAX);
    let intercom = sim.intercom_ids("demo")[0];

    // This project's client: every code-created push is stamped the moment the client yields it.
    let (handle, our_receipts) = our_client_receipts(&sim, pushes).await;

    // The window's way: the backend signs in, follows the live channel, and every event goes through the state.
    let mut backend = Backend::start(
        &tokio::runtime::Handle::current(),
        BackendConfig::new("bench-window"),
        Arc::new(|| {}),
    );
    let sign_in = Command::SignIn(SignInRequest {
        server: sim.base_url(),
        login: "demo".into(),
        password: "demo".into(),
        captcha: None,
        end_session: None,
        tls: TrustChoice::default(),
        auth_path: None,
        allow_insecure_http: false,
    });
    backend.send(sign_in.clone());
    let mut state = AppState::new();
    signed_in_and_live(&mut backend, &mut state).await;
    let on_screen = tokio::spawn(async move {
        let mut shown = HashMap::new();
        while shown.len() < pushes {
            let Some(event) = backend.recv().await else {
                break;
            };
            let pushed = match &event {
                Event::Live(LiveEvent::Push(Push::CodeCreated { code })) => Some(code.id),
                _ => None,
            };
            state.apply(event, Utc::now());
            if let Some(id) = pushed.filter(|id| state.code(*id).is_some()) {
                shown.insert(id, now_micros());
            }
        }
        (shown, backend, state)
    });

    // pusher-js, subscribed to the same channel with a session of its own, at push1st's Pusher endpoint.
    let mut pusher = pusher_js_listening(&sim, pushes).await;

    let expiry = Utc::now() + TimeDelta::hours(2);
    let mut sent = HashMap::new();
    for n in 0..pushes {
        let before = now_micros();
        let code = sim
            .create_code("demo", intercom, &format!("Latency {n}"), expiry)
            .expect("create");
        sent.insert(code["id"].as_u64().expect("id"), before);
        tokio::time::sleep(SPACING).await;
    }

    let mut their_receipts = HashMap::new();
    while their_receipts.len() < pushes {
        let step = pusher.next_step(Duration::from_secs(30)).await;
        let id = step["data"]["intercom_code"]["id"]
            .as_u64()
            .expect("pushed code id");
        their_receipts.insert(id, step["received_at_us"].as_u64().expect("receive time"));
    }
    let our_receipts = tokio::time::timeout(Duration::from_secs(30), our_receipts)
        .await
        .expect("our client received every push")
        .expect("receiver task");
    let (on_screen, mut backend, mut state) =
        tokio::time::timeout(Duration::from_secs(30), on_screen)
            .await
            .expect("the window's state got every code")
            .expect("state task");
    handle.stop().await;

    // Sessions ended elsewhere: from the server pushing `logout` to the window's state on the sign-in screen.
    let mut to_sign_in =
        sessions_ended_elsewhere(&sim, &mut backend, &mut state, &sign_in, logouts).await;
    sim.shutdown();

    print_latencies(
        pushes,
        &sent,
        [
            ("visitor-desk live client", &our_receipts),
            ("visitor-desk window: backend → state", &on_screen),
            ("pusher-js 8 (Node 20)", &their_receipts),
        ],
    );

    to_sign_in.sort_unstable();
    println!();
    println!(
        "a session ended elsewhere → the window's state on the sign-in screen, over {logouts}: median {:.2} ms, max {:.2} ms",
        to_sign_in[to_sign_in.len() / 2].as_secs_f64() * 1000.0,
        to_sign_in[to_sign_in.len() - 1].as_secs_f64() * 1000.0,
    );
}

/// Each client's latencies, from the moment a push was sent to the one it was received.
fn print_latencies(
    pushes: usize,
    sent: &HashMap<u64, u64>,
    clients: [(&str, &HashMap<u64, u64>); 3],
) {
    println!("push latency over {pushes} pushes (simulator sends → client yields)");
    println!("| client | median | p99 | max |");
    println!("|---|---|---|---|");
    for (name, receipts) in clients {
        let mut latencies: Vec<u64> = sent
            .iter()
            .map(|(id, at)| {
                receipts
                    .get(id)
                    .expect("every push received")
                    .saturating_sub(*at)
            })
            .collect();
        latencies.sort_unstable();
        let median = latencies[latencies.len() / 2];
        let p99 = latencies[(latencies.len() * 99).div_ceil(100).saturating_sub(1)];
        let max = latencies[latencies.len() - 1];
        println!("| {name} | {} | {} | {} |", ms(median), ms(p99), ms(max));
    }
}

/// This project's live client, signed in and connected, and the task that stamps each code-created push the
/// moment the client yields it.
async fn our_client_receipts(
    sim: &SimHandle,
    pushes: usize,
) -> (live::LiveHandle, tokio::task::JoinHandle<HashMap<u64, u64>>) {
    let ours = signed_in(&sim.base_url()).await;
    let (sender, mut events) = mpsc::unbounded_channel();
    let handle = live::spawn(ours.clone(), LiveConfig::default(), sender);
    loop {
        match events.recv().await.expect("live client running") {
            LiveEvent::Connected { .. } => break,
            LiveEvent::Stopped { reason } => panic!("live client stopped: {reason}"),
            _ => {}
        }
    }
    let our_receipts = tokio::spawn(async move {
        let mut received = HashMap::new();
        while received.len() < pushes {
            match events.recv().await {
                Some(LiveEvent::Push(Push::CodeCreated { code })) => {
                    received.insert(code.id, now_micros());
                }
                Some(_) => {}
                None => break,
            }
        }
        received
    });
    (handle, our_receipts)
}

/// pusher-js, signed in with a session of its own and subscribed to the account's channel at push1st's Pusher
/// endpoint.
async fn pusher_js_listening(sim: &SimHandle, pushes: usize) -> PusherJs {
    let theirs = signed_in(&sim.base_url()).await;
    let session = theirs.session().expect("session");
    let settings = theirs.ws_url().await.expect("wsurl");
    let mut pusher = PusherJs::spawn(&ListenerOptions {
        host: settings.host,
        port: settings.port.expect("port"),
        path: sim.live_path().to_owned(),
        key: settings.app_key,
        auth_endpoint: format!("{}/api/v1/broadcasting/auth", sim.base_url()),
        token: session.token.secret().to_owned(),
        channels: vec![format!("private-user.{}", session.user.id)],
        pushes,
    });
    for expected in ["connected", "subscribed"] {
        assert_eq!(
            pusher.next_step(Duration::from_secs(30)).await["step"],
            expected
        );
    }
    pusher
}

/// How long each of `logouts` sessions ended at the server takes to bring the window's state to the sign-in
/// screen (signed in again between them).
async fn sessions_ended_elsewhere(
    sim: &SimHandle,
    backend: &mut Backend,
    state: &mut AppState,
    sign_in: &Command,
    logouts: usize,
) -> Vec<Duration> {
    let mut to_sign_in = Vec::new();
    for n in 0..logouts {
        if n > 0 {
            backend.send(sign_in.clone());
            signed_in_and_live(backend, state).await;
        }
        let session = state
            .session
            .clone()
            .expect("signed in")
            .user
            .access_token_id
            .expect("the simulator names the session");
        let ended = Instant::now();
        assert!(sim.end_session("demo", &session));
        while state.session.is_some() {
            let event = backend.recv().await.expect("the backend is running");
            state.apply(event, Utc::now());
        }
        to_sign_in.push(ended.elapsed());
    }
    to_sign_in
}

/// Applies the backend's events until the session is signed in, listed and live.
async fn signed_in_and_live(backend: &mut Backend, state: &mut AppState) {
    while state.live != LiveStatus::Connected
        || state.last_sync.is_none()
        || state.session.is_none()
    {
        let event = backend.recv().await.expect("the backend is running");
        state.apply(event, Utc::now());
    }
}

fn ms(micros: u64) -> String {
    format!("{:.2} ms", micros as f64 / 1000.0)
}
