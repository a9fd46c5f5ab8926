//! How soon the live client is subscribed again after the live server comes back, measured the way a desk meets
//! it: one client with its default settings through many short outages in a row (the simulator's live endpoint
//! stopped and started again at random: down 0.15–4 s, up 0.5–3 s, as a real Pusher server was restarted when
//! the drift was found), not one outage at a time from a fresh client. Also: a drain after a 4200, an oversized
//! push, and how often a server that stays down is tried.
//!
//! `cargo bench --bench reconnect` for the figures (about six minutes); under `cargo test` a short run checks that
//! the benchmark works. Times are measured in this process: from the moment the endpoint accepts again to the
//! client's `Connected`.

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
    /// Restarts in a row, for each way of going down.
    restarts: usize,
    drains: usize,
    oversized: usize,
    /// Outages and the up time after each are drawn evenly from these ranges.
    down: (Duration, Duration),
    up: (Duration, Duration),
    drain: (Duration, Duration),
    stays_down: Duration,
}

fn main() {
    let full = std::env::args().any(|argument| argument == "--bench");
    let plan = if full {
        Plan {
            restarts: 20,
            drains: 20,
            oversized: 5,
            down: (Duration::from_millis(150), Duration::from_secs(4)),
            up: (Duration::from_millis(500), Duration::from_secs(3)),
            drain: (Duration::from_millis(100), Duration::from_secs(1)),
            stays_down: Duration::from_secs(60),
        }
    } else {
        Plan {
            restarts: 3,
            drains: 1,
            oversized: 1,
            down: (Duration::from_millis(100), Duration::from_millis(600)),
            up: (Duration::from_millis(300), Duration::from_millis(600)),
            drain: (Duration::from_millis(50), Duration::from_millis(200)),
            stays_down: Duration::from_secs(3),
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
    /// Waits for `Connected`; answers when it came and the attempts made on the way, each with its moment.
    async fn connected(&mut self) -> (Instant, Vec<Instant>) {
        let mut attempts = Vec::new();
        loop {
            let (at, event) = timeout(PATIENCE, self.received.recv())
                .await
                .expect("the client reconnects in time")
                .expect("the client is running");
            match event {
                LiveEvent::Connecting { .. } => attempts.push(at),
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

/// One restart of a series: how it went for the client.
struct Restart {
    down: Duration,
    /// From the endpoint accepting again to the client subscribed.
    gap: Duration,
    /// Attempts while the endpoint was down, and the one that got through.
    attempts: usize,
    /// The most attempts within any one second of the outage.
    busiest_second: usize,
}

async fn measure(plan: Plan) {
    let sim = start_on_loopback(SimConfig::default()).await;
    let client = Client::new(ClientConfig::new(&sim.base_url(), "bench-device").expect("config"))
        .expect("client");
    client
        .login(&LoginRequest::new("demo", "demo"))
        .await
        .expect("login");
    let config = LiveConfig::default();
    let (sender, mut raw) = mpsc::unbounded_channel();
    let handle = live::spawn(client.clone(), config.clone(), sender);
    let (stamped, received) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Some(event) = raw.recv().await {
            let _ = stamped.send((Instant::now(), event));
        }
    });
    let mut events = Events { received };
    events.connected().await;

    println!(
        "live client back after the server answers again: {} restarts in a row per series (down {}–{} s, up {}–{} s), \
         one client throughout with its default settings",
        plan.restarts,
        plan.down.0.as_secs_f64(),
        plan.down.1.as_secs_f64(),
        plan.up.0.as_secs_f64(),
        plan.up.1.as_secs_f64(),
    );
    let mut rows = Vec::new();
    for (label, close) in [
        ("restart, sockets closed with 1001", Some(1001)),
        ("restart, sockets cut (a killed process)", None),
    ] {
        let series = restarts(&sim, &mut events, &plan, close).await;
        print_series(label, &series);
        rows.push(Row::new(
            label,
            series.iter().map(|restart| restart.gap).collect(),
            series.iter().map(|restart| restart.attempts).collect(),
        ));
    }

    rows.push(drains(&sim, &mut events, &plan).await);

    let user = client.session().expect("session").user.id;
    let huge = format!(
        r#"{{"event":"App\\Events\\UserPush","channel":"private-user.{user}","data":"{}"}}"#,
        "x".repeat(config.max_message_size + 1)
    );
    let mut costs = Vec::new();
    let mut attempts = Vec::new();
    for _ in 0..plan.oversized {
        sleep(between(plan.up)).await;
        let sent = Instant::now();
        assert_eq!(sim.push_raw(user, &huge), 1, "one subscribed socket");
        let (_, tries) = events.connected().await;
        costs.push(events.resync().await - sent);
        attempts.push(tries.len());
    }
    rows.push(Row::new(
        "a push over the live cap (256 KiB): sent → subscribed and resync asked",
        costs,
        attempts,
    ));

    println!();
    println!("| case | runs | median | p90 | max | attempts per reconnect (median / max) |");
    println!("|---|---|---|---|---|---|");
    for row in &rows {
        row.print();
    }

    // A server that stays down: how often it is tried.
    stays_down(&sim, &mut events, &plan).await;
    sim.start_live_endpoint();
    events.connected().await;

    // A server that accepts every attempt and drops the desk right after it subscribes (over capacity).
    dropped_after_subscribing(&sim, &mut events, &plan).await;
    handle.stop().await;
    sim.shutdown();
}

/// Every restart of a series in order, so that a wait growing from one outage to the next would show.
fn print_series(label: &str, series: &[Restart]) {
    let ms = |d: Duration| format!("{:.0}", d.as_secs_f64() * 1000.0);
    println!();
    println!("{label}, restart by restart:");
    println!("| # | down (ms) | back → subscribed (ms) | attempts | most attempts in one second |");
    println!("|---|---|---|---|---|");
    for (n, restart) in series.iter().enumerate() {
        println!(
            "| {} | {} | {} | {} | {} |",
            n + 1,
            ms(restart.down),
            ms(restart.gap),
            restart.attempts,
            restart.busiest_second
        );
    }
}

/// `plan.restarts` restarts of the live endpoint in a row, its sockets closed with `close` (or cut): how long the
/// client took to be back each time, and how hard it tried meanwhile.
async fn restarts(
    sim: &SimHandle,
    events: &mut Events,
    plan: &Plan,
    close: Option<u16>,
) -> Vec<Restart> {
    let mut series = Vec::new();
    for _ in 0..plan.restarts {
        sleep(between(plan.up)).await;
        let down = between(plan.down);
        sim.stop_live_endpoint(close);
        sleep(down).await;
        let back = restart(sim);
        let (connected, attempts) = events.connected().await;
        let busiest_second = attempts
            .iter()
            .map(|from| {
                attempts
                    .iter()
                    .filter(|at| **at >= *from && **at - *from < Duration::from_secs(1))
                    .count()
            })
            .max()
            .unwrap_or_default();
        series.push(Restart {
            down,
            gap: connected - back,
            attempts: attempts.len(),
            busiest_second,
        });
    }
    series
}

/// The live endpoint down for `plan.stays_down`: how often the client tries it, early and late.
async fn stays_down(sim: &SimHandle, events: &mut Events, plan: &Plan) {
    sleep(plan.up.1).await;
    let down_at = Instant::now();
    sim.stop_live_endpoint(None);
    let attempts = events.attempts_until(down_at + plan.stays_down).await;
    let early = Duration::from_secs(10).min(plan.stays_down / 2);
    let in_early = attempts.iter().filter(|at| **at - down_at <= early).count();
    let first_second = attempts
        .iter()
        .filter(|at| **at - down_at <= Duration::from_secs(1))
        .count();
    let last_wait = attempts
        .windows(2)
        .last()
        .map_or(Duration::ZERO, |pair| pair[1] - pair[0]);
    println!();
    println!(
        "a server down for {:.0} s: {} attempts, {first_second} in the first second, {in_early} in the first {:.0} s; \
         the last wait {:.1} s",
        plan.stays_down.as_secs_f64(),
        attempts.len(),
        early.as_secs_f64(),
        last_wait.as_secs_f64(),
    );
}

/// "Reconnect now" (4200), while the server drains and answers 503 for a moment: how long until the client is
/// back, and how hard it tried.
async fn drains(sim: &SimHandle, events: &mut Events, plan: &Plan) -> Row {
    let mut gaps = Vec::new();
    let mut attempts = Vec::new();
    for _ in 0..plan.drains {
        sleep(between(plan.up)).await;
        // "Reconnect now", while the server drains and answers 503 for a moment.
        sim.stop_live_endpoint(Some(4200));
        sleep(between(plan.drain)).await;
        let back = restart(sim);
        let (connected, tries) = events.connected().await;
        gaps.push(connected - back);
        attempts.push(tries.len());
    }
    Row::new("4200, then 503 while the server drains", gaps, attempts)
}

/// A server that accepts every attempt and drops the desk right after it subscribes (4100): the waits between
/// the reconnects.
async fn dropped_after_subscribing(sim: &SimHandle, events: &mut Events, plan: &Plan) {
    sleep(plan.up.1).await;
    sim.drop_after_subscribing(Some(4100));
    let dropping_since = Instant::now();
    sim.drop_live_connections(4100, "Over capacity");
    let reconnects = events
        .attempts_until(dropping_since + plan.stays_down / 2)
        .await;
    let waits: Vec<String> = reconnects
        .windows(2)
        .map(|pair| format!("{:.1}", (pair[1] - pair[0]).as_secs_f64()))
        .collect();
    println!();
    println!(
        "a server that drops the desk right after every subscription (4100), for {:.0} s: {} reconnects, \
         the waits between them (s): {}",
        (plan.stays_down / 2).as_secs_f64(),
        reconnects.len(),
        waits.join(", ")
    );
    sim.drop_after_subscribing(None);
    events.connected().await;
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
