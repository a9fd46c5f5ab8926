//! Listing 10,000 codes from the simulator, one page after another versus several pages at once.
//!
//! The simulator delays every answer (as a real server across a network does), so the figure shows what
//! concurrent paging buys. Run with `cargo bench --bench listing`.

// A benchmark reports on the terminal.
#![allow(clippy::print_stdout)]

use std::time::Duration;

use aipix_client::api::{Client, ClientConfig, LoginRequest};
use aipix_sim::testing::start_on_loopback;
use aipix_sim::{SimConfig, SimHandle};
use chrono::{TimeDelta, Utc};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

const CODES: usize = 10_000;
const PER_PAGE: u32 = 100;
const SERVER_DELAY: Duration = Duration::from_millis(10);

fn client(sim: &SimHandle, runtime: &tokio::runtime::Runtime, in_flight: usize) -> Client {
    let mut config = ClientConfig::new(&sim.base_url(), "bench-device").expect("config");
    config.per_page = PER_PAGE;
    config.pages_in_flight = in_flight;
    let client = Client::new(config).expect("client");
    runtime
        .block_on(client.login(&LoginRequest::new("demo", "demo")))
        .expect("login");
    client
}

fn listing(c: &mut Criterion) {
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

    let mut group = c.benchmark_group(format!("list 10k codes, {PER_PAGE}/page"));
    group.sample_size(10);
    for (delay, label) in [
        (SERVER_DELAY, "10 ms server delay"),
        (Duration::ZERO, "no delay"),
    ] {
        sim.set_request_delay(delay);
        for in_flight in [1, 4, 8] {
            let client = client(&sim, &runtime, in_flight);
            let name = if in_flight == 1 {
                "sequential".to_owned()
            } else {
                format!("{in_flight} in flight")
            };
            group.bench_function(BenchmarkId::new(label, name), |b| {
                b.iter(|| {
                    let codes = runtime.block_on(client.codes()).expect("codes");
                    assert_eq!(codes.len(), CODES);
                })
            });
        }
    }
    group.finish();
    sim.shutdown();
}

criterion_group!(benches, listing);
criterion_main!(benches);
