//! Every building at once, the client's part: 3 servers × 20 accounts (10,000 codes in all) each signed in, its
//! intercoms and codes listed, and its live channel connected, all together through the client crate with one
//! shared `LiveConfig` (as the desk gives its accounts), against simulators that delay every answer by 5 ms.
//! Reports the time until every account is listed and until every one is live, how many times the servers were
//! asked `wsurl` (at most once each), and the memory each account after the first costs (resident set size).
//!
//! The simulators run in a process of their own (this benchmark started again with `SIM_PROCESS` set), so that
//! their data and threads are not counted with the client's. `cargo bench --bench accounts` for the figures (a
//! median of 5 runs); under `cargo test` one run checks that the benchmark works.

// A benchmark reports on the terminal.
#![allow(clippy::print_stdout)]

use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use aipix_client::api::{Client, ClientConfig, Code, Intercom, LoginRequest};
use aipix_client::live::{self, LiveConfig, LiveEvent, LiveHandle};
use aipix_sim::SimConfig;
use aipix_sim::testing::start_many_on_loopback;
use chrono::{TimeDelta, Utc};
use tokio::sync::mpsc;

const SERVERS: usize = 3;
const ACCOUNTS_PER_SERVER: usize = 20;
const CODES: usize = 10_000;
const DELAY: Duration = Duration::from_millis(5);
/// Set in the environment of the child process that serves the simulators.
const SIM_PROCESS: &str = "VISITOR_DESK_BENCH_SIMS";

fn main() {
    if std::env::var_os(SIM_PROCESS).is_some() {
        serve_simulators();
        return;
    }
    let full = std::env::args().any(|argument| argument == "--bench");
    let runs = if full { 5 } else { 1 };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    println!(
        "{SERVERS} servers × {ACCOUNTS_PER_SERVER} accounts, {CODES} codes in all, {} ms per request, simulators in \
         their own process; median of {runs}",
        DELAY.as_millis()
    );
    let mut listed = Vec::new();
    let mut live = Vec::new();
    let mut per_account = Vec::new();
    let mut most_wsurl = 0;
    for _ in 0..runs {
        // Fresh servers each run: every account signs in anew and `wsurl` is counted from zero.
        let mut sims = SimProcess::start();
        let run = runtime.block_on(every_account(&sims.base_urls));
        let wsurl: usize = sims
            .ask("wsurl")
            .split_whitespace()
            .map(|n| n.parse::<usize>().expect("a count"))
            .sum();
        assert_eq!(run.codes, CODES, "every code listed");
        assert!(wsurl <= SERVERS, "wsurl asked {wsurl} times");
        most_wsurl = most_wsurl.max(wsurl);
        listed.push(run.listed);
        live.push(run.live);
        // The first run's: later ones reuse the heap the earlier ones freed, and grow less than a desk would.
        if per_account.is_empty()
            && let Some(bytes) = run.bytes_per_extra_account
        {
            per_account.push(bytes);
        }
        runtime.block_on(async {
            for handle in run.handles {
                handle.stop().await;
            }
        });
        drop(run.clients);
        sims.quit();
    }
    listed.sort_unstable();
    live.sort_unstable();
    per_account.sort_unstable();
    println!(
        "| all listed | all live | wsurl requests | memory per extra account (RSS, first run) |"
    );
    println!("|---|---|---|---|");
    println!(
        "| {} | {} | {most_wsurl} for {SERVERS} servers | {} |",
        ms(listed[listed.len() / 2]),
        ms(live[live.len() / 2]),
        per_account.get(per_account.len() / 2).map_or_else(
            || "n/a".to_owned(),
            |bytes| format!("{:.0} KiB", *bytes as f64 / 1024.0)
        )
    );
}

/// What one run measured, and what it holds until it is stopped.
struct Run {
    listed: Duration,
    live: Duration,
    codes: usize,
    bytes_per_extra_account: Option<u64>,
    clients: Vec<(Client, Vec<Intercom>, Vec<Code>)>,
    handles: Vec<LiveHandle>,
}

/// Signs in every account of every server at once, lists each, and connects each live; the memory is read with
/// the first account done and with all done.
async fn every_account(base_urls: &[String]) -> Run {
    let shared = LiveConfig::default();
    let (events, mut connected) = mpsc::unbounded_channel();
    let started = Instant::now();

    // The first account alone: what the process holds with one account signed in, listed and live.
    let first = account(&base_urls[0], "user1", &shared, events.clone()).await;
    wait_connected(&mut connected, 1).await;
    let rss_one = resident_bytes();

    let mut opening = tokio::task::JoinSet::new();
    for base_url in base_urls {
        for n in 1..=ACCOUNTS_PER_SERVER {
            if base_url == &base_urls[0] && n == 1 {
                continue;
            }
            let (base_url, shared, events) = (base_url.clone(), shared.clone(), events.clone());
            opening.spawn(
                async move { account(&base_url, &format!("user{n}"), &shared, events).await },
            );
        }
    }
    let mut opened = vec![first];
    while let Some(done) = opening.join_next().await {
        opened.push(done.expect("an account opened"));
    }
    let listed = started.elapsed();
    wait_connected(&mut connected, SERVERS * ACCOUNTS_PER_SERVER - 1).await;
    let live = started.elapsed();
    let rss_all = resident_bytes();

    let codes = opened.iter().map(|(_, _, codes, _)| codes.len()).sum();
    let (clients, handles) = opened
        .into_iter()
        .map(|(client, intercoms, codes, handle)| ((client, intercoms, codes), handle))
        .unzip();
    Run {
        listed,
        live,
        codes,
        bytes_per_extra_account: rss_one
            .zip(rss_all)
            .map(|(one, all)| all.saturating_sub(one) / (SERVERS * ACCOUNTS_PER_SERVER - 1) as u64),
        clients,
        handles,
    }
}

/// One account: signed in, its intercoms and codes listed, its live channel started with the shared settings.
async fn account(
    base_url: &str,
    login: &str,
    shared: &LiveConfig,
    events: mpsc::UnboundedSender<()>,
) -> (Client, Vec<Intercom>, Vec<Code>, LiveHandle) {
    let client =
        Client::new(ClientConfig::new(base_url, format!("bench-{login}")).expect("config"))
            .expect("client");
    client
        .login(&LoginRequest::new(login.to_owned(), login.to_owned()))
        .await
        .expect("login");
    let (intercoms, codes) = tokio::join!(client.intercoms(), client.codes());
    let (live_events, mut received) = mpsc::unbounded_channel();
    let handle = live::spawn(client.clone(), shared.clone(), live_events);
    tokio::spawn(async move {
        while let Some(event) = received.recv().await {
            if matches!(event, LiveEvent::Connected { .. }) {
                let _ = events.send(());
            }
        }
    });
    (
        client,
        intercoms.expect("intercoms").items,
        codes.expect("codes").items,
        handle,
    )
}

async fn wait_connected(connected: &mut mpsc::UnboundedReceiver<()>, count: usize) {
    for _ in 0..count {
        tokio::time::timeout(Duration::from_secs(60), connected.recv())
            .await
            .expect("connected in time")
            .expect("a live channel");
    }
}

/// The process's resident set size (Linux: `/proc/self/statm`, in pages of 4 KiB); `None` elsewhere.
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

fn ms(duration: Duration) -> String {
    format!("{:.0} ms", duration.as_secs_f64() * 1000.0)
}

/// The simulators in a child process, driven by lines on its stdin.
struct SimProcess {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
    base_urls: Vec<String>,
}

impl SimProcess {
    fn start() -> Self {
        let mut child = Command::new(std::env::current_exe().expect("this benchmark's path"))
            .env(SIM_PROCESS, "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the simulators' process starts");
        let input = child.stdin.take().expect("stdin");
        let mut output = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        output
            .read_line(&mut line)
            .expect("the simulators' addresses");
        let base_urls = line.split_whitespace().map(str::to_owned).collect();
        Self {
            child,
            input,
            output,
            base_urls,
        }
    }

    /// Sends one command line and answers the line the simulators answer.
    fn ask(&mut self, command: &str) -> String {
        writeln!(self.input, "{command}").expect("the simulators read");
        let mut answer = String::new();
        self.output
            .read_line(&mut answer)
            .expect("the simulators answer");
        answer.trim().to_owned()
    }

    fn quit(mut self) {
        let _ = writeln!(self.input, "quit");
        let _ = self.child.wait();
    }
}

/// The child: 3 simulators, each with user1 … user20 and the 10,000 codes shared out among the 60 accounts;
/// prints their addresses on one line, then answers `wsurl` (the `wsurl` requests each server answered) until
/// `quit` or the end of its input.
fn serve_simulators() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let users: Vec<(String, String)> = (1..=ACCOUNTS_PER_SERVER)
        .map(|n| (format!("user{n}"), format!("user{n}")))
        .collect();
    let accounts = SERVERS * ACCOUNTS_PER_SERVER;
    let config = SimConfig {
        users: users.clone(),
        request_delay: DELAY,
        ..SimConfig::default()
    };
    let sims = runtime.block_on(start_many_on_loopback(&config, SERVERS));
    // The codes shared out as evenly as they go: the demo's 3 each, and the rest.
    let mut left = CODES - accounts * sims[0].code_ids("user1").len();
    let mut accounts_left = accounts;
    for sim in &sims {
        for (login, _) in &users {
            let more = left.div_ceil(accounts_left);
            sim.insert_codes(
                login,
                sim.intercom_ids(login)[0],
                more,
                Utc::now() + TimeDelta::days(3),
            );
            left -= more;
            accounts_left -= 1;
        }
    }
    let total: usize = sims
        .iter()
        .flat_map(|sim| {
            users
                .iter()
                .map(move |(login, _)| sim.code_ids(login).len())
        })
        .sum();
    assert_eq!(total, CODES);
    let mut stdout = std::io::stdout();
    let mut say = |line: String| {
        writeln!(stdout, "{line}").expect("the benchmark reads");
        stdout.flush().expect("the benchmark reads");
    };
    say(sims
        .iter()
        .map(|sim| sim.base_url())
        .collect::<Vec<_>>()
        .join(" "));
    for line in std::io::stdin().lines() {
        match line.unwrap_or_default().trim() {
            "wsurl" => say(sims
                .iter()
                .map(|sim| sim.requests_to("GET", "/api/v1/wsurl").to_string())
                .collect::<Vec<_>>()
                .join(" ")),
            _ => break,
        }
    }
    for sim in &sims {
        sim.shutdown();
    }
    runtime.block_on(async {
        for sim in &sims {
            sim.stopped().await;
        }
    });
}
