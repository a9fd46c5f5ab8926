//! Listing 10,000 codes: one page at a time, at most 4 in flight (the old fixed number), and the adaptive number
//! of pages in flight (the default: up to 16), against a simulator that delays every answer as a server across a
//! network does.
//!
//! The simulator runs in a process of its own (this benchmark started again with `SIM_PROCESS` set), so that the
//! client and the server do not share one process's threads. `cargo bench --bench listing` for the figures (a
//! median of 15 listings each); under `cargo test` one listing each checks that the benchmark works.

// A benchmark reports on the terminal.
#![allow(clippy::print_stdout)]

use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use aipix_client::api::{Client, ClientConfig, LoginRequest};
use aipix_sim::SimConfig;
use aipix_sim::testing::start_on_loopback;
use chrono::{TimeDelta, Utc};

const CODES: usize = 10_000;
const PER_PAGE: u32 = 100;
/// Set in the environment of the child process that serves the simulator.
const SIM_PROCESS: &str = "VISITOR_DESK_BENCH_SIM";

fn main() {
    if std::env::var_os(SIM_PROCESS).is_some() {
        serve_simulator();
        return;
    }
    let full = std::env::args().any(|argument| argument == "--bench");
    let runs = if full { 15 } else { 1 };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");

    let mut sim = SimProcess::start();
    println!(
        "listing {CODES} codes, {PER_PAGE} a page ({} pages), simulator in its own process; median of {runs}",
        CODES.div_ceil(PER_PAGE as usize)
    );
    println!(
        "| server delay per request | one at a time | at most 4 in flight | adaptive (cap 16) | adaptive vs one at a time | most in flight (server) |"
    );
    println!("|---|---|---|---|---|---|");
    for delay in [5, 10, 0] {
        sim.ask(&format!("delay {delay}"));
        let mut medians = Vec::new();
        let mut most = 0;
        for cap in [1, 4, 16] {
            let client = signed_in(&runtime, &sim.base_url, cap);
            // One listing to open the connections, then the measured ones.
            runtime.block_on(client.codes()).expect("codes");
            sim.ask("stats");
            let mut times: Vec<Duration> = (0..runs)
                .map(|_| {
                    let started = Instant::now();
                    let codes = runtime.block_on(client.codes()).expect("codes");
                    let took = started.elapsed();
                    assert_eq!(codes.items.len(), CODES);
                    took
                })
                .collect();
            most = sim
                .ask("stats")
                .split_whitespace()
                .next()
                .map_or(0, |n| n.parse().unwrap_or(0));
            times.sort_unstable();
            medians.push(times[times.len() / 2]);
        }
        let label = if delay == 0 {
            "none".to_owned()
        } else {
            format!("{delay} ms")
        };
        println!(
            "| {label} | {} | {} | {} | {:.1}× | {most} |",
            ms(medians[0]),
            ms(medians[1]),
            ms(medians[2]),
            medians[0].as_secs_f64() / medians[2].as_secs_f64()
        );
    }
}

fn signed_in(runtime: &tokio::runtime::Runtime, base_url: &str, cap: usize) -> Client {
    let mut config = ClientConfig::new(base_url, "bench-device").expect("config");
    config.per_page = PER_PAGE;
    config.max_pages_in_flight = cap;
    let client = Client::new(config).expect("client");
    runtime
        .block_on(client.login(&LoginRequest::new("demo", "demo")))
        .expect("login");
    client
}

fn ms(duration: Duration) -> String {
    format!("{:.0} ms", duration.as_secs_f64() * 1000.0)
}

/// The simulator in a child process, driven by lines on its stdin.
struct SimProcess {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
    base_url: String,
}

impl SimProcess {
    fn start() -> Self {
        let mut child = Command::new(std::env::current_exe().expect("this benchmark's path"))
            .env(SIM_PROCESS, "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the simulator process starts");
        let input = child.stdin.take().expect("stdin");
        let mut output = BufReader::new(child.stdout.take().expect("stdout"));
        let mut base_url = String::new();
        output
            .read_line(&mut base_url)
            .expect("the simulator's address");
        Self {
            child,
            input,
            output,
            base_url: base_url.trim().to_owned(),
        }
    }

    /// Sends one command line and answers the line the simulator answers.
    fn ask(&mut self, command: &str) -> String {
        writeln!(self.input, "{command}").expect("the simulator reads");
        let mut answer = String::new();
        self.output
            .read_line(&mut answer)
            .expect("the simulator answers");
        answer.trim().to_owned()
    }
}

impl Drop for SimProcess {
    fn drop(&mut self) {
        // Closing its stdin ends the simulator.
        let _ = writeln!(self.input, "quit");
        let _ = self.child.wait();
    }
}

/// The child: a simulator with 10,000 codes; prints its address, then answers `delay MS` and `stats` (the most
/// requests answered at once since the last `stats`) until `quit` or the end of its input.
fn serve_simulator() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let sim = runtime.block_on(start_on_loopback(SimConfig {
        max_per_page: PER_PAGE,
        ..SimConfig::default()
    }));
    let intercom = sim.intercom_ids("demo")[0];
    let have = sim.code_ids("demo").len();
    sim.insert_codes(
        "demo",
        intercom,
        CODES - have,
        Utc::now() + TimeDelta::days(3),
    );
    assert_eq!(sim.code_ids("demo").len(), CODES);
    let mut stdout = std::io::stdout();
    let mut say = |line: String| {
        writeln!(stdout, "{line}").expect("the benchmark reads");
        stdout.flush().expect("the benchmark reads");
    };
    say(sim.base_url());
    for line in std::io::stdin().lines() {
        let line = line.unwrap_or_default();
        let mut words = line.split_whitespace();
        match (words.next(), words.next()) {
            (Some("delay"), Some(ms)) => {
                sim.set_request_delay(Duration::from_millis(ms.parse().unwrap_or(0)));
                say("ok".into());
            }
            (Some("stats"), _) => {
                let (most, refused) = sim.take_request_stats();
                say(format!("{most} {refused}"));
            }
            _ => break,
        }
    }
    sim.shutdown();
    runtime.block_on(sim.stopped());
}
