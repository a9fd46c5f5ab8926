//! The main screen with 10,000 codes: the CPU time of a frame while scrolling and while filtering, side by side
//! with a bare egui_extras table of the same 10,000 rows and visible columns (its strings made in advance, its
//! filter a substring match over pre-lowered strings): the floor that egui itself sets. Then how many repaints
//! 60 idle seconds ask for, on the sign-in screen and on the main screen, each with a text field focused.
//!
//! `cargo bench --bench frame` for the figures (`cargo bench --bench frame -- accounts`: only the three accounts'
//! part); under `cargo test` a short run checks that the benchmark works.
//! A frame here is egui's pass plus tessellation (what the CPU does before the GPU draws), driven by
//! egui_kittest without a window. The app and the bare table take turns in blocks of frames, so that both see the
//! same machine. The idle minutes run on a clock the benchmark moves (the app's and egui's), from one requested
//! repaint to the next.

// A benchmark reports on the terminal.
#![allow(clippy::print_stdout)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use aipix_sim::testing::start_on_loopback;
use aipix_sim::{SimConfig, SimHandle};
use chrono::{DateTime, TimeDelta, Utc};
use egui::{Color32, RichText};
use egui_extras::{Column, TableBuilder};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use visitor_desk::backend::{Backend, BackendConfig};
use visitor_desk::clock::ManualClock;
use visitor_desk::domain::CodeStatus;
use visitor_desk::i18n;
use visitor_desk::i18n::Relative;
use visitor_desk::ui::{App, StartOptions};

const CODES: usize = 10_000;
const SIZE: [f32; 2] = [1400.0, 900.0];
/// Frames per turn before the other table takes over.
const BLOCK: usize = 50;
const IDLE: Duration = Duration::from_secs(60);
/// The first stretch of an idle window, measured apart: the cursor blinks, then stops (on its next phase).
const BLINKING: Duration = Duration::from_secs(visitor_desk::ui::BLINK_TIMEOUT.as_secs() + 1);

fn main() {
    let full = std::env::args().any(|argument| argument == "--bench");
    let only_accounts = std::env::args().any(|argument| argument == "accounts");
    let frames = if full { 600 } else { 20 };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    // The app's clock: the moment the benchmark began, moved only by the benchmark (so that the idle minutes can
    // be run at once, and a repaint's moment is exactly the one the app asked for).
    let clock = ManualClock::stopped_at(Utc::now());
    if only_accounts {
        across_accounts(&runtime, &clock, frames);
        return;
    }
    let sim = runtime.block_on(start_on_loopback(SimConfig::default()));
    fill(&sim);
    let (sign_in_blink, sign_in_idle) = sign_in_idleness(&runtime, &clock, &sim);
    let mut harness = signed_in(&runtime, &clock, &sim);
    let mut bare = bare_table(harness.state());
    scroll_and_filter(&mut harness, &mut bare, frames);
    let (main_blink, main_idle) = main_screen_idleness(&mut harness, &clock);
    print_idleness(sign_in_blink, sign_in_idle, main_blink, main_idle);
    sim.shutdown();
    drop(harness);
    drop(bare);
    across_accounts(&runtime, &clock, frames);
}

/// Gives the simulator's `demo` account [`CODES`] codes, spread over its intercoms.
fn fill(sim: &SimHandle) {
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
}

/// The sign-in screen: a fresh app, the password field focused; its repaints while idle.
fn sign_in_idleness(
    runtime: &tokio::runtime::Runtime,
    clock: &ManualClock,
    sim: &SimHandle,
) -> ((u32, u32), (u32, u32)) {
    let mut sign_in = app(
        runtime,
        clock,
        StartOptions {
            also: Vec::new(),
            server: sim.base_url(),
            login: "demo".into(),
            password: None,
        },
    );
    for _ in 0..5 {
        sign_in.step();
    }
    let sign_in_blink = idle(&mut sign_in, clock, BLINKING, |_| false);
    let sign_in_idle = idle(&mut sign_in, clock, IDLE, |_| false);
    (sign_in_blink, sign_in_idle)
}

/// The app signed in to `demo`, every code listed.
fn signed_in(
    runtime: &tokio::runtime::Runtime,
    clock: &ManualClock,
    sim: &SimHandle,
) -> Harness<'static, App> {
    let mut harness = app(
        runtime,
        clock,
        StartOptions {
            also: Vec::new(),
            server: sim.base_url(),
            login: "demo".into(),
            password: Some("demo".into()),
        },
    );
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
    harness
}

/// Scrolling and filtering, the app beside the bare table.
fn scroll_and_filter(
    harness: &mut Harness<'static, App>,
    bare: &mut Harness<'static, Bare>,
    frames: usize,
) {
    println!(
        "main screen with {} codes ({frames} frames each, in turns of {BLOCK} with a bare egui_extras table)",
        harness.state().state().code_count()
    );
    println!(
        "| while | app median | app p99 | app max | bare table median | bare table p99 | rows laid out |"
    );
    println!("|---|---|---|---|---|---|---|");

    // Scrolling: the wheel over the table, every frame.
    harness.hover_at(egui::pos2(600.0, 450.0));
    bare.hover_at(egui::pos2(600.0, 450.0));
    let scroll = |n: usize| egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Line,
        delta: egui::vec2(
            0.0,
            if (n / 150).is_multiple_of(2) {
                -4.0
            } else {
                4.0
            },
        ),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
        modifiers: egui::Modifiers::NONE,
    };
    let (scrolling, bare_scrolling) = side_by_side(
        harness,
        bare,
        frames,
        |h, n| h.event(scroll(n)),
        |h, n| h.event(scroll(n)),
    );
    report("scrolling", &scrolling, &bare_scrolling);

    // Filtering: the search changes every frame (a digit typed, then erased), so the view is rebuilt each time.
    harness.get_by_label("Search").click();
    harness.step();
    bare.get_by_label("Search").click();
    bare.step();
    let edit = |n: usize| {
        if n.is_multiple_of(2) {
            Some(((n / 2) % 10).to_string())
        } else {
            None
        }
    };
    let (filtering, bare_filtering) = side_by_side(
        harness,
        bare,
        frames,
        |h, n| match edit(n) {
            Some(digit) => h.event(egui::Event::Text(digit)),
            None => h.key_press(egui::Key::Backspace),
        },
        |h, n| match edit(n) {
            Some(digit) => h.event(egui::Event::Text(digit)),
            None => h.key_press(egui::Key::Backspace),
        },
    );
    report("filtering", &filtering, &bare_filtering);
    println!();
    println!(
        "ratio to bare table: scrolling {:.2}, filtering {:.2}",
        median(&scrolling.times).as_secs_f64() / median(&bare_scrolling.times).as_secs_f64(),
        median(&filtering.times).as_secs_f64() / median(&bare_filtering.times).as_secs_f64(),
    );
}

/// The main screen's repaints while idle with the search still focused, each checked against the countdowns on
/// screen.
fn main_screen_idleness(
    harness: &mut Harness<'static, App>,
    clock: &ManualClock,
) -> ((u32, u32), (u32, u32)) {
    harness.remove_cursor();
    harness.step();
    let expiries: Vec<DateTime<Utc>> = harness
        .state()
        .shown()
        .iter()
        .filter_map(|id| harness.state().accounts().code(*id))
        .map(|code| code.expired_at)
        .collect();
    let state_changes: Vec<DateTime<Utc>> = harness
        .state()
        .shown()
        .iter()
        .filter_map(|id| harness.state().accounts().code(*id))
        .flat_map(|code| {
            [
                code.expired_at - visitor_desk::domain::EXPIRING_SOON,
                code.expired_at,
                code.removed_at(),
            ]
        })
        .collect();
    // A countdown changes its text now, or a code its status.
    let countdown = |now: DateTime<Utc>| {
        let before = now - TimeDelta::milliseconds(60);
        let near = |moment: DateTime<Utc>| (moment - now).num_milliseconds().abs() <= 60;
        expiries
            .iter()
            .any(|expiry| near(Relative::on_the_minute(*expiry, before).1))
            || state_changes.iter().any(|moment| near(*moment))
    };
    let main_blink = idle(harness, clock, BLINKING, countdown);
    let main_idle = idle(harness, clock, IDLE, countdown);
    (main_blink, main_idle)
}

/// The idle repaints' table.
fn print_idleness(
    sign_in_blink: (u32, u32),
    sign_in_idle: (u32, u32),
    main_blink: (u32, u32),
    main_idle: (u32, u32),
) {
    println!();
    println!(
        "repaints asked for while idle with a text field focused: the first {} s (the cursor blinks, then stops), then {} s",
        BLINKING.as_secs(),
        IDLE.as_secs()
    );
    println!(
        "| screen | first {} s | next {} s | of those, when a countdown or a status changed |",
        BLINKING.as_secs(),
        IDLE.as_secs()
    );
    println!("|---|---|---|---|");
    println!(
        "| sign-in, password focused | {} | {} | {} |",
        sign_in_blink.0, sign_in_idle.0, sign_in_idle.1
    );
    println!(
        "| main screen, {CODES} codes, search focused | {} | {} | {} |",
        main_blink.0, main_idle.0, main_idle.1
    );
}

/// The same 10,000 codes spread over three accounts on three servers, in the one table: filtering beside a bare
/// table of the same rows.
fn across_accounts(runtime: &tokio::runtime::Runtime, clock: &ManualClock, frames: usize) {
    const SERVERS: usize = 3;
    let sims = runtime.block_on(aipix_sim::testing::start_many_on_loopback(
        &SimConfig::default(),
        SERVERS,
    ));
    for (n, sim) in sims.iter().enumerate() {
        let intercoms = sim.intercom_ids("demo");
        let wanted = CODES / SERVERS + usize::from(n < CODES % SERVERS);
        let have = sim.code_ids("demo").len();
        for (k, intercom) in intercoms.iter().enumerate() {
            let share = (wanted - have) / intercoms.len()
                + usize::from(k < (wanted - have) % intercoms.len());
            sim.insert_codes(
                "demo",
                *intercom,
                share,
                Utc::now() + TimeDelta::minutes(90 + 37 * (k + 3 * n) as i64),
            );
        }
    }
    let config = BackendConfig {
        clock: clock.clock(),
        ..BackendConfig::new("bench-device")
    };
    let start = StartOptions {
        server: sims[0].base_url(),
        login: "demo".into(),
        password: Some("demo".into()),
        also: sims[1..]
            .iter()
            .map(|sim| visitor_desk::ui::AccountStart {
                server: sim.base_url(),
                login: "demo".into(),
                password: "demo".into(),
            })
            .collect(),
    };
    let handle = runtime.handle().clone();
    let first = Backend::start(&handle, config.clone(), Arc::new(|| {}));
    let mut harness = Harness::builder().with_size(SIZE).build_eframe(move |_cc| {
        App::with_backend(first, start).with_more_accounts(Box::new(move |resume| {
            Backend::start(&handle, config.for_another_account(resume), Arc::new(|| {}))
        }))
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    let listed = |app: &App| -> usize {
        app.accounts()
            .open()
            .map(|account| account.state.code_count())
            .sum()
    };
    while listed(harness.state()) < CODES || harness.state().accounts().open().count() < SERVERS {
        assert!(
            Instant::now() < deadline,
            "the 10,000 codes of 3 accounts were not listed in time"
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    for _ in 0..30 {
        harness.step();
    }
    let mut bare = bare_table(harness.state());
    harness.get_by_label("Search").click();
    harness.step();
    bare.get_by_label("Search").click();
    bare.step();
    let (filtering, bare_filtering) = side_by_side(
        &mut harness,
        &mut bare,
        frames,
        type_or_erase,
        type_or_erase,
    );
    println!();
    println!(
        "the same {CODES} codes over {SERVERS} accounts on {SERVERS} servers, in one table ({frames} frames each)"
    );
    println!(
        "| while | app median | app p99 | app max | bare table median | bare table p99 | rows laid out |"
    );
    println!("|---|---|---|---|---|---|---|");
    report("filtering, 3 accounts", &filtering, &bare_filtering);
    println!(
        "ratio to bare table: filtering across accounts {:.2}",
        median(&filtering.times).as_secs_f64() / median(&bare_filtering.times).as_secs_f64(),
    );
    for sim in &sims {
        sim.shutdown();
    }
}

fn app(
    runtime: &tokio::runtime::Runtime,
    clock: &ManualClock,
    start: StartOptions,
) -> Harness<'static, App> {
    let backend = Backend::start(
        runtime.handle(),
        BackendConfig {
            clock: clock.clock(),
            ..BackendConfig::new("bench-device")
        },
        Arc::new(|| {}),
    );
    Harness::builder()
        .with_size(SIZE)
        .build_eframe(move |_cc| App::with_backend(backend, start))
}

/// Runs frames only when the app asks for one, for `span` on a moved clock (the app's and egui's). Answers the
/// repaints, and how many of them `explained` accounts for.
fn idle<S>(
    harness: &mut Harness<'static, S>,
    clock: &ManualClock,
    span: Duration,
    explained: impl Fn(DateTime<Utc>) -> bool,
) -> (u32, u32) {
    // egui's time of the last frame, and how far the clocks have moved past it already (an earlier span's end).
    let last_frame = harness.ctx.input(|i| i.time);
    let mut time = harness.input().time.unwrap_or(last_frame).max(last_frame);
    let mut since_frame = Duration::from_secs_f64(time - last_frame);
    let mut waited = Duration::ZERO;
    let (mut repaints, mut accounted) = (0, 0);
    loop {
        let asked = harness
            .output()
            .viewport_output
            .get(&egui::ViewportId::ROOT)
            .map_or(Duration::MAX, |viewport| viewport.repaint_delay);
        // An event loop wakes at the deadline or a little after it, never before (egui's own delays are f32, and
        // one that rounds to nothing would otherwise wake at the same moment forever).
        let delay = asked
            .saturating_sub(since_frame)
            .max(Duration::from_millis(1));
        if asked == Duration::MAX || delay >= span - waited {
            // Nothing more within the span: its end passes without a frame.
            let rest = span - waited;
            harness.input_mut().time = Some(time + rest.as_secs_f64());
            clock.advance(TimeDelta::from_std(rest).expect("a short span"));
            return (repaints, accounted);
        }
        waited += delay;
        time += delay.as_secs_f64();
        clock.advance(TimeDelta::from_std(delay).expect("a short delay"));
        harness.input_mut().time = Some(time);
        let now = clock.now();
        harness.step();
        since_frame = Duration::ZERO;
        repaints += 1;
        if explained(now) {
            accounted += 1;
        }
    }
}

struct Frames {
    times: Vec<Duration>,
    rows: usize,
}

/// `frames` frames of each, in turns of [`BLOCK`].
fn side_by_side(
    app: &mut Harness<'static, App>,
    bare: &mut Harness<'static, Bare>,
    frames: usize,
    mut app_input: impl FnMut(&mut Harness<'static, App>, usize),
    mut bare_input: impl FnMut(&mut Harness<'static, Bare>, usize),
) -> (Frames, Frames) {
    let mut ours = Frames {
        times: Vec::with_capacity(frames),
        rows: 0,
    };
    let mut theirs = Frames {
        times: Vec::with_capacity(frames),
        rows: 0,
    };
    for start in (0..frames).step_by(BLOCK) {
        for n in start..(start + BLOCK).min(frames) {
            app_input(app, n);
            ours.times.push(timed_frame(app));
            ours.rows = ours.rows.max(app.state().rows_laid_out());
        }
        for n in start..(start + BLOCK).min(frames) {
            bare_input(bare, n);
            theirs.times.push(timed_frame(bare));
            theirs.rows = theirs.rows.max(bare.state().rows_drawn);
        }
    }
    assert!(
        ours.rows < 60,
        "only the visible rows may be laid out, got {}",
        ours.rows
    );
    (ours, theirs)
}

/// The search changes every frame: a digit typed, then erased.
fn type_or_erase<S>(harness: &mut Harness<'static, S>, n: usize) {
    if n.is_multiple_of(2) {
        harness.event(egui::Event::Text(((n / 2) % 10).to_string()));
    } else {
        harness.key_press(egui::Key::Backspace);
    }
}

fn timed_frame<S>(harness: &mut Harness<'static, S>) -> Duration {
    let started = Instant::now();
    harness.step();
    let output = harness.output();
    let primitives = harness
        .ctx
        .tessellate(output.shapes.clone(), output.pixels_per_point);
    std::hint::black_box(primitives);
    started.elapsed()
}

fn quantile(times: &[Duration], q: f64) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort_unstable();
    sorted[((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1]
}

fn median(times: &[Duration]) -> Duration {
    quantile(times, 0.5)
}

fn report(what: &str, app: &Frames, bare: &Frames) {
    let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1000.0);
    println!(
        "| {what} | {} | {} | {} | {} | {} | {} |",
        ms(median(&app.times)),
        ms(quantile(&app.times, 0.99)),
        ms(quantile(&app.times, 1.0)),
        ms(median(&bare.times)),
        ms(quantile(&bare.times, 0.99)),
        app.rows
    );
}

// ----- the bare table -----

/// One row of the bare table: every string made in advance.
struct BareRow {
    title: String,
    code: String,
    intercom: String,
    until: String,
    countdown: String,
    status: &'static str,
    status_color: Color32,
    removal: Option<String>,
    created: String,
    /// Title and code, lower-cased, for the filter.
    lowered: String,
    checked: bool,
}

struct Bare {
    rows: Vec<BareRow>,
    search: String,
    filtered_for: Option<String>,
    shown: Vec<usize>,
    rows_drawn: usize,
}

/// The same codes in the same order and columns as the app's table, as plain strings.
fn bare_table(app: &App) -> Harness<'static, Bare> {
    let state = app.state();
    let now = state.last_sync.unwrap_or_else(Utc::now);
    let rows = app
        .shown()
        .iter()
        .filter_map(|id| app.accounts().code(*id))
        .map(|code| {
            let status = CodeStatus::at(code, now);
            BareRow {
                title: code.title.clone(),
                code: code.code_value().expect("the code").to_owned(),
                intercom: visitor_desk::domain::intercom_name(code),
                until: i18n::date_time(code.expired_at, now),
                countdown: i18n::relative(&Relative::between(code.expired_at, now).0),
                status: status.label(),
                status_color: match status {
                    CodeStatus::Active => Color32::from_rgb(0x2e, 0x9e, 0x5b),
                    CodeStatus::ExpiringSoon => Color32::from_rgb(0xd9, 0x8c, 0x1f),
                    _ => Color32::from_rgb(0xd9, 0x3f, 0x3f),
                },
                removal: (status == CodeStatus::Expired)
                    .then(|| format!("removed {}", i18n::date_time(code.removed_at(), now))),
                created: code
                    .created_at
                    .map_or_else(|| "—".to_owned(), |at| i18n::date_time(at, now)),
                lowered: format!(
                    "{}\n{}",
                    code.title.to_lowercase(),
                    code.code_value().expect("the code").to_lowercase()
                ),
                checked: false,
            }
        })
        .collect();
    let bare = Bare {
        rows,
        search: String::new(),
        filtered_for: None,
        shown: Vec::new(),
        rows_drawn: 0,
    };
    let mut harness = Harness::builder()
        .with_size(SIZE)
        .build_ui_state(draw_bare, bare);
    harness.step();
    harness
}

fn draw_bare(ui: &mut egui::Ui, bare: &mut Bare) {
    let label = ui.label("Search");
    ui.add(egui::TextEdit::singleline(&mut bare.search).desired_width(200.0))
        .labelled_by(label.id);
    let needle = bare.search.trim().to_lowercase();
    if bare.filtered_for.as_ref() != Some(&needle) {
        bare.shown = bare
            .rows
            .iter()
            .enumerate()
            .filter(|(_, row)| needle.is_empty() || row.lowered.contains(needle.as_str()))
            .map(|(index, _)| index)
            .collect();
        bare.filtered_for = Some(needle);
    }
    bare.rows_drawn = 0;
    let muted = Color32::from_gray(0x8a);
    TableBuilder::new(ui)
        .striped(true)
        .resizable(true)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(24.0))
        .column(Column::initial(135.0).at_least(70.0).clip(true))
        .column(Column::initial(118.0).at_least(110.0))
        .column(Column::initial(105.0).at_least(60.0).clip(true))
        .column(Column::initial(122.0).at_least(100.0).clip(true))
        .column(Column::initial(112.0).at_least(80.0).clip(true))
        .column(Column::remainder().at_least(70.0).clip(true))
        .header(24.0, bare_header)
        .body(|body| {
            body.rows(40.0, bare.shown.len(), |mut row| {
                let row_data = &mut bare.rows[bare.shown[row.index()]];
                bare.rows_drawn += 1;
                row.col(|ui| {
                    let response = ui.add(egui::Checkbox::without_text(&mut row_data.checked));
                    named(response, row_data.checked, "Select");
                });
                row.col(|ui| {
                    ui.label(&row_data.title);
                });
                row.col(|ui| {
                    ui.label(
                        RichText::new(&row_data.code)
                            .monospace()
                            .size(18.0)
                            .strong(),
                    );
                    let _ = ui.small_button("Copy");
                });
                row.col(|ui| {
                    ui.label(&row_data.intercom);
                });
                row.col(|ui| {
                    ui.vertical(|ui| {
                        ui.label(&row_data.until);
                        ui.label(RichText::new(&row_data.countdown).small().color(muted));
                    });
                });
                row.col(|ui| {
                    ui.vertical(|ui| {
                        ui.label(RichText::new(row_data.status).color(row_data.status_color));
                        if let Some(removal) = &row_data.removal {
                            ui.label(RichText::new(removal).small().color(muted));
                        }
                    });
                });
                row.col(|ui| {
                    ui.label(RichText::new(&row_data.created).color(muted));
                });
            });
        });
}

/// The bare table's header: a select-all box and a button a column.
fn bare_header(mut header: egui_extras::TableRow<'_, '_>) {
    header.col(|ui| {
        let mut all = false;
        named(
            ui.add(egui::Checkbox::without_text(&mut all)),
            all,
            "Select all shown",
        );
    });
    for title in [
        "Title",
        "Code",
        "Intercom",
        "Valid until",
        "Status",
        "Created",
    ] {
        header.col(|ui| {
            let _ = ui.button(RichText::new(title).strong());
        });
    }
}

/// A checkbox without visible text, named for the accessibility tree as the app names its own.
fn named(response: egui::Response, checked: bool, name: &str) {
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::CheckBox, true, checked, name));
}
