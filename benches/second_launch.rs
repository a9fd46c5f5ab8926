//! How long a second launch on an account whose window is open takes to hand over and end: the built binary,
//! from spawning it to its exit, against a first copy's socket served in this process (the same listener the
//! window serves; no display needed). `cargo bench --bench second_launch` for the figures; under `cargo test` a
//! short run checks that the benchmark works.

// A benchmark reports on the terminal.
#![allow(clippy::print_stdout)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use visitor_desk::desktop::single_instance::{self, Account, Claim, Handover, InstanceKey};

const SERVER: &str = "http://127.0.0.1:9";

fn main() {
    let full = std::env::args().any(|argument| argument == "--bench");
    let runs = if full { 50 } else { 3 };
    let home = tempfile::tempdir().expect("a home");
    let config = home.path().join("config");
    let runtime_dir = home.path().join("xdg");
    for dir in [&config, &runtime_dir] {
        std::fs::create_dir(dir).expect("a folder");
    }
    let key = InstanceKey::new(&Account {
        config_dir: Some(&config),
        server: SERVER,
        login: "bench",
    });
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let Claim::First(listener) = single_instance::claim(
        &runtime_dir.join("visitor-desk"),
        &key,
        &Handover {
            args: Vec::new(),
            working_dir: None,
        },
    ) else {
        panic!("the bench's own copy is the first");
    };
    let (mut handovers, _socket) = listener.serve(runtime.handle(), || {});

    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_visitor-desk"))
            .args(["--server", SERVER, "--login", "bench"])
            .env("XDG_RUNTIME_DIR", &runtime_dir)
            .env("VISITOR_DESK_CONFIG_DIR", &config)
            .env("VISITOR_DESK_DATA_DIR", home.path().join("data"))
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("visitor-desk runs");
        times.push(started.elapsed());
        assert!(status.success(), "the second launch ends with 0: {status}");
        assert!(
            handovers.try_recv().is_ok(),
            "the first copy has its arguments"
        );
    }
    times.sort();
    let at = |share: f64| times[((times.len() - 1) as f64 * share).round() as usize];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "second launch, spawn to exit, {} runs: median {:.1} ms, p90 {:.1} ms, max {:.1} ms",
        times.len(),
        ms(at(0.5)),
        ms(at(0.9)),
        ms(at(1.0))
    );
}
