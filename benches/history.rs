//! The History screen with 100,000 journal entries: the CPU time of a frame while scrolling and while the search
//! changes every frame, how many rows a frame lays out, and how long the backend takes to bring the rows of a new
//! filter or of a far scroll (frames go on meanwhile).
//!
//! `cargo bench --bench history` for the figures; under `cargo test` a short run (10,000 entries) checks that the
//! benchmark works. A frame is egui's pass plus tessellation, driven by egui_kittest without a window.

// A benchmark reports on the terminal.
#![allow(clippy::print_stdout)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use aipix_client::api::{Code, Intercom, IntercomBrief};
use aipix_client::live::Push;
use aipix_sim::SimConfig;
use aipix_sim::testing::start_on_loopback;
use chrono::{TimeDelta, Utc};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use visitor_desk::backend::{Backend, BackendConfig};
use visitor_desk::journal::observe::What;
use visitor_desk::journal::{self, Journal, JournalSetup, Observation};
use visitor_desk::ui::{App, StartOptions};

const NAMES: [&str; 8] = [
    "Courier",
    "Plumber",
    "Иван Петров",
    "Guest",
    "Cleaner",
    "Electrician",
    "Анна",
    "Delivery",
];

fn main() {
    let full = std::env::args().any(|argument| argument == "--bench");
    let (entries, frames, seeks) = if full {
        (100_000, 600, 20)
    } else {
        (10_000, 20, 3)
    };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let sim = runtime.block_on(start_on_loopback(SimConfig::default()));
    let data = tempfile::tempdir().expect("data");
    let setup = JournalSetup::new(data.path().join("journal"), "bench-device", 400);
    let started = Instant::now();
    fill(&setup, &format!("{}/", sim.base_url()), entries);
    println!(
        "journal of {entries} entries written in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let backend = Backend::start(
        runtime.handle(),
        BackendConfig {
            journal: Some(setup),
            ..BackendConfig::new("bench-device")
        },
        Arc::new(|| {}),
    );
    let start = StartOptions {
        also: Vec::new(),
        server: sim.base_url(),
        login: "demo".into(),
        password: Some("demo".into()),
    };
    let mut harness = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_eframe(move |_cc| App::with_backend(backend, start));
    step_until(&mut harness, "the sign-in", |h| {
        h.state().state().last_sync.is_some()
    });
    harness.get_by_label("History").click();
    step_until(&mut harness, "the journal", |h| {
        h.state()
            .history()
            .total()
            .is_some_and(|total| total >= entries as u64)
            && h.state().history().row(0).is_some()
    });
    for _ in 0..10 {
        harness.step();
    }
    let all = harness.state().history().total().unwrap_or_default();
    println!("history with {all} entries, {frames} frames each");
    println!("| while | median | p99 | max | rows laid out per frame |");
    println!("|---|---|---|---|---|");

    harness.hover_at(egui::pos2(600.0, 500.0));
    let scrolling = measure(&mut harness, frames, |harness, n| {
        let down = (n / 150) % 2 == 0;
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Line,
            delta: egui::vec2(0.0, if down { -6.0 } else { 6.0 }),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers: egui::Modifiers::NONE,
        });
    });
    report("scrolling", &scrolling);

    harness.get_by_label("Search").click();
    harness.step();
    let filtering = measure(&mut harness, frames, |harness, n| {
        if n % 2 == 0 {
            harness.event(egui::Event::Text(NAMES[(n / 2) % 4][..2].to_lowercase()));
        } else {
            harness.key_press(egui::Key::Backspace);
            harness.key_press(egui::Key::Backspace);
        }
    });
    report("filtering (the search changes every frame)", &filtering);

    // How long until the rows are there: a new search, and a jump to the oldest entries.
    let mut searches = new_searches(&mut harness, all, seeks);
    let mut jumps = jumps_to_oldest(&mut harness, all, seeks);
    println!();
    println!("| rows on screen after | median | max |");
    println!("|---|---|---|");
    latency("a new search", &mut searches);
    latency("a jump from the newest entries to the oldest", &mut jumps);
    sim.shutdown();
}

/// Writes `count` entries through the real journal: codes made and revoked by other desks, doors, sign-ins,
/// intercoms going offline and online, spread over the last 300 days.
fn fill(setup: &JournalSetup, server: &str, count: usize) {
    let journal = Journal::open(setup, server, "demo", Arc::new(|_| {}));
    let now = Utc::now();
    let step = TimeDelta::days(300) / i32::try_from(count).unwrap_or(i32::MAX);
    let intercom = |id: u64, online: bool| Intercom {
        id,
        title: format!("Entrance {id}"),
        is_online: Some(online),
        is_enabled: Some(true),
        department: Some(i64::try_from(id).unwrap_or_default()),
        address: "1 Long Street".into(),
        status: Some("confirmed".into()),
        created_at: None,
        updated_at: None,
        is_open_door_app: None,
        is_open_door_code: None,
    };
    journal.observe(Observation {
        at: now - TimeDelta::days(301),
        what: What::Listing {
            intercoms: (1..=4).map(|id| intercom(id, true)).collect(),
            codes: Vec::new(),
            started: now - TimeDelta::days(301),
        },
    });
    let mut written = 0;
    let mut n: u64 = 0;
    while written < count {
        n += 1;
        let at = now - TimeDelta::days(300) + step * i32::try_from(written).unwrap_or(0);
        let intercom_id = n % 4 + 1;
        let what = match n % 10 {
            0..=3 => What::Push(Push::CodeCreated {
                code: Box::new(Code {
                    id: n,
                    title: format!("{} {n}", NAMES[(n % 8) as usize]),
                    code: Some(format!("{:05}", (n * 7919) % 100_000)),
                    expired_at: at + TimeDelta::hours(4),
                    is_expired: Some(false),
                    will_deleted_at: None,
                    created_at: Some(at),
                    intercom: Some(IntercomBrief {
                        id: intercom_id,
                        title: format!("Entrance {intercom_id}"),
                        is_online: Some(true),
                        department: None,
                        address: String::new(),
                    }),
                }),
            }),
            4..=6 => What::Push(Push::CodesDeleted { ids: vec![n - 3] }),
            7 => What::DoorOpened {
                intercom: intercom_id,
                for_call: false,
            },
            8 => What::SignedIn {
                login: "demo".into(),
            },
            _ => What::Push(Push::IntercomUpdated {
                intercom: Box::new(intercom(intercom_id, n % 20 != 9)),
            }),
        };
        journal.observe(Observation { at, what });
        written += 1;
    }
    journal.flush().expect("the journal is written");
    // Every observation above writes one line, except intercom updates that change nothing.
    let lines = journal::command::write_from(
        journal.path(),
        &journal::command::Options {
            format: journal::command::Format::Csv,
            ..journal::command::Options::default()
        },
        &mut std::io::sink(),
    )
    .expect("read back");
    assert!(lines * 10 >= count * 9, "{lines} lines for {count}");
}

fn step_until(
    harness: &mut Harness<'static, App>,
    what: &str,
    mut done: impl FnMut(&Harness<'static, App>) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        harness.step();
        if done(harness) {
            return;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(1));
    }
}

struct Frames {
    times: Vec<Duration>,
    rows: usize,
}

/// How long each of `seeks` new searches takes to show its rows (the whole journal shown again between them).
fn new_searches(harness: &mut Harness<'static, App>, all: u64, seeks: usize) -> Vec<Duration> {
    let mut searches = Vec::new();
    for n in 0..seeks {
        harness.event(egui::Event::Text(
            NAMES[n % NAMES.len()].chars().take(3).collect(),
        ));
        let began = Instant::now();
        harness.step();
        step_until(harness, "the search's rows", |h| {
            h.state().history().total().is_some() && h.state().history().row(0).is_some()
        });
        searches.push(began.elapsed());
        for _ in 0..3 {
            harness.key_press(egui::Key::Backspace);
        }
        step_until(harness, "the whole journal again", |h| {
            h.state().history().total() == Some(all) && h.state().history().row(0).is_some()
        });
    }
    searches
}

/// How long a jump to the oldest entries takes to show them, each time in a fresh view (nothing read yet but
/// its first page).
fn jumps_to_oldest(harness: &mut Harness<'static, App>, all: u64, seeks: usize) -> Vec<Duration> {
    let mut jumps = Vec::new();
    for _ in 0..seeks {
        harness.event(egui::Event::Text("x".into()));
        harness.step();
        harness.key_press(egui::Key::Backspace);
        step_until(harness, "a fresh view", |h| {
            h.state().history().total() == Some(all) && h.state().history().is_read(0)
        });
        harness.hover_at(egui::pos2(600.0, 500.0));
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Page,
            delta: egui::vec2(0.0, -100_000.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers: egui::Modifiers::NONE,
        });
        let began = Instant::now();
        step_until(harness, "the oldest rows", |h| {
            h.state().history().is_read(all - 1)
        });
        jumps.push(began.elapsed());
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Page,
            delta: egui::vec2(0.0, 100_000.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers: egui::Modifiers::NONE,
        });
        harness.get_by_label("Search").click();
        harness.step();
    }
    jumps
}

fn measure(
    harness: &mut Harness<'static, App>,
    frames: usize,
    mut input: impl FnMut(&mut Harness<'static, App>, usize),
) -> Frames {
    let mut times = Vec::with_capacity(frames);
    let mut rows = 0;
    for n in 0..frames {
        input(harness, n);
        let started = Instant::now();
        harness.step();
        let output = harness.output();
        let primitives = harness
            .ctx
            .tessellate(output.shapes.clone(), output.pixels_per_point);
        std::hint::black_box(primitives);
        times.push(started.elapsed());
        rows = rows.max(harness.state().history_rows_laid_out());
    }
    assert!(
        rows < 60,
        "only the visible rows may be laid out, got {rows}"
    );
    Frames { times, rows }
}

fn quantile(times: &mut [Duration], q: f64) -> Duration {
    times.sort_unstable();
    times[((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn report(what: &str, frames: &Frames) {
    let mut times = frames.times.clone();
    println!(
        "| {what} | {} | {} | {} | {} |",
        ms(quantile(&mut times, 0.5)),
        ms(quantile(&mut times, 0.99)),
        ms(quantile(&mut times, 1.0)),
        frames.rows
    );
}

fn latency(what: &str, times: &mut [Duration]) {
    println!(
        "| {what} | {} | {} |",
        ms(quantile(times, 0.5)),
        ms(quantile(times, 1.0))
    );
}
