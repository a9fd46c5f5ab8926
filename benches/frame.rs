//! The main screen with 10,000 codes: the CPU time of a frame while scrolling and while filtering, how many
//! rows a frame lays out, and how many repaints ten idle seconds ask for.
//!
//! `cargo bench --bench frame` for the figures; under `cargo test` a short run checks that the benchmark works.
//! A frame here is egui's pass plus tessellation (what the CPU does before the GPU draws), driven by
//! egui_kittest without a window.

// A benchmark reports on the terminal.
#![allow(clippy::print_stdout)]

use std::time::{Duration, Instant};

use aipix_sim::SimConfig;
use aipix_sim::testing::start_on_loopback;
use chrono::{TimeDelta, Utc};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use visitor_desk::backend::{Backend, BackendConfig};
use visitor_desk::ui::{App, StartOptions};

const CODES: usize = 10_000;

fn main() {
    let full = std::env::args().any(|argument| argument == "--bench");
    let (frames, idle) = if full {
        (600, Duration::from_secs(10))
    } else {
        (20, Duration::from_secs(1))
    };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let sim = runtime.block_on(start_on_loopback(SimConfig::default()));
    let intercoms = sim.intercom_ids("demo");
    let have = sim.code_ids("demo").len();
    for (n, intercom) in intercoms.iter().enumerate() {
        let share =
            (CODES - have) / intercoms.len() + usize::from(n < (CODES - have) % intercoms.len());
        // Expiries spread over a week, so that statuses and countdowns differ from row to row.
        sim.insert_codes(
            "demo",
            *intercom,
            share,
            Utc::now() + TimeDelta::minutes(90 + 37 * n as i64),
        );
    }
    let backend = Backend::start(
        runtime.handle(),
        BackendConfig::new("bench-device"),
        std::sync::Arc::new(|| {}),
    );
    let start = StartOptions {
        server: sim.base_url(),
        login: "demo".into(),
        password: Some("demo".into()),
    };
    let mut harness = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_eframe(move |_cc| App::with_backend(backend, start));
    let deadline = Instant::now() + Duration::from_secs(60);
    while harness.state().state().code_count() < CODES {
        assert!(
            Instant::now() < deadline,
            "the 10,000 codes were not listed in time"
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    for _ in 0..30 {
        harness.step();
    }

    println!(
        "main screen with {} codes, {frames} frames each",
        harness.state().state().code_count()
    );
    println!("| while | median | p99 | max | rows laid out |");
    println!("|---|---|---|---|---|");

    // Scrolling: the wheel over the table, every frame.
    harness.hover_at(egui::pos2(600.0, 450.0));
    let scrolling = measure(&mut harness, frames, |harness, n| {
        let down = (n / 150) % 2 == 0;
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Line,
            delta: egui::vec2(0.0, if down { -4.0 } else { 4.0 }),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers: egui::Modifiers::NONE,
        });
    });
    report("scrolling", &scrolling);

    // Filtering: the search changes every frame (a digit typed, then erased), so the view is rebuilt each time.
    harness.get_by_label("Search").click();
    harness.step();
    let filtering = measure(&mut harness, frames, |harness, n| {
        if n % 2 == 0 {
            harness.event(egui::Event::Text(((n / 2) % 10).to_string()));
        } else {
            harness.key_press(egui::Key::Backspace);
        }
    });
    report("filtering", &filtering);
    harness.key_press(egui::Key::Escape);
    harness.step();

    // Idle: run frames only when the app asks for one, for `idle` of wall-clock time.
    let until = Instant::now() + idle;
    let mut repaints = 0u32;
    harness.remove_cursor();
    harness.step();
    loop {
        let delay = harness
            .output()
            .viewport_output
            .get(&egui::ViewportId::ROOT)
            .map_or(Duration::MAX, |viewport| viewport.repaint_delay);
        let now = Instant::now();
        if delay >= until.saturating_duration_since(now) {
            break;
        }
        std::thread::sleep(delay);
        harness.step();
        repaints += 1;
    }
    println!();
    println!(
        "repaints asked for over {} idle seconds: {repaints}",
        idle.as_secs()
    );
    sim.shutdown();
}

struct Frames {
    times: Vec<Duration>,
    rows: usize,
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
        rows = rows.max(harness.state().rows_laid_out());
    }
    assert!(
        rows < 60,
        "only the visible rows may be laid out, got {rows}"
    );
    Frames { times, rows }
}

fn report(what: &str, frames: &Frames) {
    let mut times = frames.times.clone();
    times.sort_unstable();
    let at = |q: f64| times[((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1];
    let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1000.0);
    println!(
        "| {what} | {} | {} | {} | {} |",
        ms(at(0.5)),
        ms(at(0.99)),
        ms(at(1.0)),
        frames.rows
    );
}
