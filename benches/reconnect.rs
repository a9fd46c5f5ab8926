//! How soon the live client is subscribed again after the live server comes back, over many restarts of the
//! simulator's live endpoint; what an oversized push costs; and how often a server that stays down is tried.
//!
//! `cargo bench --bench reconnect` for the figures (about five minutes: each connection is held past the
//! client's 3 s "stable" mark before the next break, as between real restarts); under `cargo test` a short run
//! with shorter holds checks that the benchmark works. The client runs with its default settings in the full run.
//! Times are measured in this process: from the moment the endpoint accepts again to the client's `Connected`.

// A benchmark reports on the terminal.
#![allow(clippy::print_stdout)]

use std::time::Duration;

use aipix_client::api::{Client, ClientConfig, LoginRequest};
use aipix_client::live::{self, LiveConfig, LiveEvent};
use aipix_sim::testing::start_on_loopback;
use aipix_sim::{SimConfig, SimHandle};
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep, timeout};

/// The longest any one reconnect may take before the benchmark calls the client broken.
const PATIENCE: Duration = Duration::from_secs(60);

struct Plan {
    restarts: usize,
    drains: usize,
    oversized: usize,
    /// How long each connection is held before the next break (past the client's `stable_after`).
    hold: Duration,
    /// Outages are drawn evenly from this range.
    down: (Duration, Duration),
    drain: (Duration, Duration),
    stays_down: Duration,
    config: LiveConfig,
}

fn main() {
    let full = std::env::args().any(|argument| argument == "--bench");
    let plan = if full {
        Plan {
            restarts: 40,
            drains: 20,
            oversized: 5,
            hold: Duration::from_millis(3300),
            down: (Duration::from_millis(200), Duration::from_secs(3)),
            drain: (Duration::from_millis(100), Duration::from_secs(1)),
            stays_down: Duration::from_secs(60),
            config: LiveConfig::default(),
        }
    } else {
        Plan {
            restarts: 2,
            drains: 1,
            oversized: 1,
            hold: Duration::from_millis(400),
            down: (Duration::from_millis(100), Duration::from_millis(600)),
            drain: (Duration::from_millis(50), Duration::from_millis(200)),
            stays_down: Duration::from_secs(3),
            config: LiveConfig {
                stable_after: Duration::from_millis(300),
                ..LiveConfig::default()
            },
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(measure(plan));
}

/// The client's events, each stamped when it arrived.
struct Events {
    received: mpsc::UnboundedReceiver<(Instant, LiveEvent)>,
}

impl Events {
    /// Waits for `Connected`; answers when it came and how many attempts were made on the way.
    async fn connected(&mut self) -> (Instant, usize) {
        let mut attempts = 0;
        loop {
            let (at, event) = timeout(PATIENCE, self.received.recv())
                .await
                .expect("the client reconnects in time")
                .expect("the client is running");
            match event {
                LiveEvent::Connecting { .. } => attempts += 1,
                LiveEvent::Connected { .. } => return (at, attempts),
                LiveEvent::Stopped { reason } => panic!("the client stopped: {reason}"),
                _ => {}
            }
        }
    }

    /// Waits for the resync the client asks for after connecting.
    async fn resync(&mut self) -> Instant {
        loop {
            let (at, event) = timeout(PATIENCE, self.received.recv())
                .await
                .expect("a resync in time")
                .expect("the client is running");
            if matches!(event, LiveEvent::ResyncNeeded) {
                return at;
            }
        }
    }

    /// Counts the attempts (`Connecting`) until `until`.
    async fn attempts_until(&mut self, until: Instant) -> Vec<Instant> {
        let mut attempts = Vec::new();
        while let Ok(Some((at, event))) = tokio::time::timeout_at(until, self.received.recv()).await
        {
            if matches!(event, LiveEvent::Connecting { .. }) {
                attempts.push(at);
            }
        }
        attempts
    }
}

fn between((low, high): (Duration, Duration)) -> Duration {
    low + (high - low).mul_f64(rand::random_range(0.0..=1.0))
}

async fn measure(plan: Plan) {
    let sim = start_on_loopback(SimConfig::default()).await;
    let client = Client::new(ClientConfig::new(&sim.base_url(), "bench-device").expect("config"))
        .expect("client");
    client
        .login(&LoginRequest::new("demo", "demo"))
        .await
        .expect("login");
    let (sender, mut raw) = mpsc::unbounded_channel();
    let handle = live::spawn(client.clone(), plan.config.clone(), sender);
    let (stamped, received) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Some(event) = raw.recv().await {
            let _ = stamped.send((Instant::now(), event));
        }
    });
    let mut events = Events { received };
    events.connected().await;

    let mut rows = Vec::new();
    for (label, close) in [
        ("restart, sockets closed with 1001", Some(1001)),
        ("restart, sockets cut (a killed process)", None),
    ] {
        let mut gaps = Vec::new();
        let mut attempts = Vec::new();
        for _ in 0..plan.restarts / 2 {
            sleep(plan.hold).await;
            sim.stop_live_endpoint(close);
            sleep(between(plan.down)).await;
            let back = restart(&sim);
            let (connected, tries) = events.connected().await;
            gaps.push(connected - back);
            attempts.push(tries);
        }
        rows.push(Row::new(label, gaps, attempts));
    }

    let mut gaps = Vec::new();
    let mut attempts = Vec::new();
    for _ in 0..plan.drains {
        sleep(plan.hold).await;
        // "Reconnect now", while the server drains and answers 503 for a moment.
        sim.stop_live_endpoint(Some(4200));
        sleep(between(plan.drain)).await;
        let back = restart(&sim);
        let (connected, tries) = events.connected().await;
        gaps.push(connected - back);
        attempts.push(tries);
    }
    rows.push(Row::new(
        "4200, then 503 while the server drains",
        gaps,
        attempts,
    ));

    let user = client.session().expect("session").user.id;
    let huge = format!(
        r#"{{"event":"App\\Events\\UserPush","channel":"private-user.{user}","data":"{}"}}"#,
        "x".repeat(plan.config.max_message_size + 1)
    );
    let mut costs = Vec::new();
    let mut attempts = Vec::new();
    for _ in 0..plan.oversized {
        sleep(plan.hold).await;
        let sent = Instant::now();
        assert_eq!(sim.push_raw(user, &huge), 1, "one subscribed socket");
        let (_, tries) = events.connected().await;
        costs.push(events.resync().await - sent);
        attempts.push(tries);
    }
    rows.push(Row::new(
        "a push over the 16 MiB cap: sent → subscribed and resync asked",
        costs,
        attempts,
    ));

    println!(
        "live client back after the server answers again (simulator's live endpoint; outages {}–{} s, drains {}–{} s)",
        plan.down.0.as_secs_f64(),
        plan.down.1.as_secs_f64(),
        plan.drain.0.as_secs_f64(),
        plan.drain.1.as_secs_f64(),
    );
    println!("| case | runs | median | p90 | max | attempts per reconnect (median / max) |");
    println!("|---|---|---|---|---|---|");
    for row in &rows {
        row.print();
    }

    // A server that stays down: how often it is tried.
    sleep(plan.hold).await;
    let down_at = Instant::now();
    sim.stop_live_endpoint(None);
    let attempts = events.attempts_until(down_at + plan.stays_down).await;
    let early = Duration::from_secs(10).min(plan.stays_down / 2);
    let in_early = attempts.iter().filter(|at| **at - down_at <= early).count();
    let last_wait = attempts
        .windows(2)
        .last()
        .map_or(Duration::ZERO, |pair| pair[1] - pair[0]);
    println!();
    println!(
        "a server down for {:.0} s: {} attempts, {in_early} of them in the first {:.0} s; the last wait {:.1} s",
        plan.stays_down.as_secs_f64(),
        attempts.len(),
        early.as_secs_f64(),
        last_wait.as_secs_f64(),
    );
    sim.start_live_endpoint();
    events.connected().await;
    handle.stop().await;
    sim.shutdown();
}

/// Lets the endpoint accept again; answers the moment it did.
fn restart(sim: &SimHandle) -> Instant {
    let back = Instant::now();
    sim.start_live_endpoint();
    back
}

struct Row {
    label: &'static str,
    times: Vec<Duration>,
    attempts: Vec<usize>,
}

impl Row {
    fn new(label: &'static str, mut times: Vec<Duration>, mut attempts: Vec<usize>) -> Self {
        times.sort_unstable();
        attempts.sort_unstable();
        Self {
            label,
            times,
            attempts,
        }
    }

    fn print(&self) {
        let at = |q: f64| {
            let n = self.times.len();
            self.times[((n as f64 * q).ceil() as usize).clamp(1, n) - 1]
        };
        let ms = |d: Duration| format!("{:.0} ms", d.as_secs_f64() * 1000.0);
        println!(
            "| {} | {} | {} | {} | {} | {} / {} |",
            self.label,
            self.times.len(),
            ms(at(0.5)),
            ms(at(0.9)),
            ms(at(1.0)),
            self.attempts[self.attempts.len() / 2],
            self.attempts[self.attempts.len() - 1],
        );
    }
}
