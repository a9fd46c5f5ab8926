//! One desk for the UI tests: the real `App` in an egui_kittest harness, on a runtime of its own, signed in to the
//! in-process simulator, with a clock the test moves and a copy of every command the app sends.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use aipix_sim::{SimConfig, SimHandle};
use chrono::{DateTime, TimeDelta, Utc};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use visitor_desk::backend::{Backend, BackendConfig};
use visitor_desk::clock::ManualClock;
use visitor_desk::messages::Command;
use visitor_desk::ui::{App, StartOptions};

pub const PATIENCE: Duration = Duration::from_secs(15);

/// The window size of most tests.
pub const WIDE: [f32; 2] = [1400.0, 900.0];

pub struct Desk {
    pub runtime: tokio::runtime::Runtime,
    pub sim: SimHandle,
    pub harness: Harness<'static, App>,
    /// The app's clock: the system's, moved on by the test.
    clock: ManualClock,
    sent: tokio::sync::mpsc::UnboundedReceiver<Command>,
    /// The backend's wake-ups: a frame waits for the next instead of sleeping.
    wakes: Wakes,
    /// The servers of the accounts signed in beside the first ([`Desk::on_servers`]).
    pub more_sims: Vec<SimHandle>,
}

/// Counts the backend's wake-ups (one per event it sends the app), so that a test waits for the next one rather
/// than sleeping.
#[derive(Clone, Default)]
pub struct Wakes(Arc<(parking_lot::Mutex<u64>, parking_lot::Condvar)>);

impl Wakes {
    /// The waker to give the backend.
    pub fn waker(&self) -> visitor_desk::backend::Waker {
        let wakes = self.clone();
        Arc::new(move || {
            *wakes.0.0.lock() += 1;
            wakes.0.1.notify_all();
        })
    }

    pub fn count(&self) -> u64 {
        *self.0.0.lock()
    }

    /// Waits until the backend wakes the app after `seen` wake-ups, or `at_most` passed.
    pub fn wait_after(&self, seen: u64, at_most: Duration) {
        let mut count = self.0.0.lock();
        if *count == seen {
            let _ = self.0.1.wait_for(&mut count, at_most);
        }
    }
}

/// Where the simulator of a snapshot listens: the window's title bar names the server, so its port is fixed (on
/// a loopback address of its own, which nothing else here uses).
const SNAPSHOT_SERVER: SocketAddr =
    SocketAddr::new(IpAddr::V4(Ipv4Addr::new(127, 77, 0, 1)), 47_631);

/// The longest a frame waits for the backend before the next: the app's own timers (a countdown, a toast's
/// fading) move on without an event.
const AT_MOST_BETWEEN_FRAMES: Duration = Duration::from_millis(200);

/// A piece of text as the last frame painted it.
#[derive(Debug, Clone)]
pub struct Painted {
    pub text: String,
    pub size: f32,
    pub color: egui::Color32,
    pub rect: egui::Rect,
}

impl Desk {
    pub fn new(config: SimConfig, start: impl FnOnce(&SimHandle) -> StartOptions) -> Self {
        Self::with(config, WIDE, BackendConfig::new("ui-test-device"), start)
    }

    /// A desk with a window of `size` and a backend made from `backend`.
    pub fn with(
        config: SimConfig,
        size: [f32; 2],
        backend: BackendConfig,
        start: impl FnOnce(&SimHandle) -> StartOptions,
    ) -> Self {
        Self::with_sim_on(Ipv4Addr::LOCALHOST.into(), config, size, backend, start)
    }

    /// [`Desk::with`], the simulator listening on `ip` (another address than loopback: "another computer").
    pub fn with_sim_on(
        ip: IpAddr,
        config: SimConfig,
        size: [f32; 2],
        backend: BackendConfig,
        start: impl FnOnce(&SimHandle) -> StartOptions,
    ) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let sim = runtime
            .block_on(aipix_sim::start(config, SocketAddr::new(ip, 0)))
            .expect("the simulator starts");
        let options = start(&sim);
        let clock = ManualClock::following_system();
        let backend = BackendConfig {
            clock: clock.clock(),
            ..backend
        };
        let wakes = Wakes::default();
        let mut backend = Backend::start(runtime.handle(), backend, wakes.waker());
        let sent = backend.tap();
        let harness = Harness::builder()
            .with_size(size)
            .build_eframe(move |_cc| App::with_backend(backend, options));
        Self {
            runtime,
            sim,
            harness,
            clock,
            sent,
            wakes,
            more_sims: Vec::new(),
        }
    }

    /// A desk whose window is drawn by wgpu (on the CPU where there is no GPU: lavapipe), for snapshots: the
    /// app's clock stopped at `now` and the simulator's set to it, the window in `theme`, signed in to the demo
    /// account once `prepare` has set the server's data, its journal in `journal_dir`.
    pub fn for_snapshots(
        size: [f32; 2],
        theme: egui::Theme,
        now: DateTime<Utc>,
        journal_dir: &std::path::Path,
        prepare: impl FnOnce(&SimHandle),
    ) -> Self {
        let mut desk = Self::drawn(size, theme, now, journal_dir, prepare, true);
        desk.step_until("the first listing", |h| {
            h.state().state().last_sync.is_some()
        });
        desk.wait_for_live();
        desk
    }

    /// [`Desk::for_snapshots`] at a first start: nothing kept, nothing typed, not signed in.
    pub fn for_snapshots_signed_out(
        size: [f32; 2],
        theme: egui::Theme,
        now: DateTime<Utc>,
        journal_dir: &std::path::Path,
    ) -> Self {
        Self::drawn(size, theme, now, journal_dir, |_| {}, false)
    }

    fn drawn(
        size: [f32; 2],
        theme: egui::Theme,
        now: DateTime<Utc>,
        journal_dir: &std::path::Path,
        prepare: impl FnOnce(&SimHandle),
        sign_in: bool,
    ) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let sim = runtime
            .block_on(aipix_sim::start(SimConfig::default(), SNAPSHOT_SERVER))
            .expect("the simulator starts");
        sim.advance_clock(now - sim.now());
        prepare(&sim);
        let options = if sign_in {
            StartOptions {
                also: Vec::new(),
                server: sim.base_url(),
                login: "demo".into(),
                password: Some("demo".into()),
            }
        } else {
            StartOptions::default()
        };
        let clock = ManualClock::stopped_at(now);
        let mut journal = visitor_desk::journal::JournalSetup::new(
            journal_dir.to_owned(),
            "snapshot-device",
            400,
        );
        journal.desk.os_user = "frontdesk".into();
        // The look and the language chosen in the app, as a user would.
        let settings = visitor_desk::settings::Settings {
            device_id: "snapshot-device".into(),
            theme: match theme {
                egui::Theme::Dark => visitor_desk::settings::ThemeChoice::Dark,
                egui::Theme::Light => visitor_desk::settings::ThemeChoice::Light,
            },
            language: Some("en".into()),
            ..visitor_desk::settings::Settings::new()
        };
        // On disk too: the backend reads the file again before each change it keeps (a sign-in's profile).
        let settings_dir = journal_dir.join("settings");
        std::fs::create_dir_all(&settings_dir).expect("a settings folder");
        visitor_desk::settings::save(&settings_dir, &settings).expect("the settings");
        let backend = BackendConfig {
            clock: clock.clock(),
            journal: Some(journal),
            home: Some(visitor_desk::backend::SettingsHome {
                dir: settings_dir,
                settings,
            }),
            ..BackendConfig::new("snapshot-device")
        };
        let wakes = Wakes::default();
        let mut backend = Backend::start(runtime.handle(), backend, wakes.waker());
        let sent = backend.tap();
        let harness = Harness::builder()
            .with_size(size)
            .with_theme(theme)
            .with_render_cursor(false)
            .wgpu()
            .build_eframe(move |_cc| App::with_backend(backend, options));
        Self {
            runtime,
            sim,
            harness,
            clock,
            sent,
            wakes,
            more_sims: Vec::new(),
        }
    }

    /// A window signed in to the demo account of each of `count` simulators at once, its backends made from
    /// `backend` (the first's commands are the ones [`Desk::sent`] sees), the first listing of each on screen.
    pub fn on_servers(count: usize, size: [f32; 2], backend: BackendConfig) -> Self {
        let runtime = runtime();
        let mut sims = runtime.block_on(aipix_sim::testing::start_many_on_loopback(
            &SimConfig::default(),
            count,
        ));
        let sim = sims.remove(0);
        let accounts = std::iter::once(&sim)
            .chain(&sims)
            .map(|sim| (sim.base_url(), "demo"))
            .collect();
        Self::with_accounts(runtime, sim, sims, accounts, size, backend)
    }

    /// A window signed in to each of `logins` (their password is their login) on one simulator of `config`.
    pub fn on_accounts(config: SimConfig, logins: &[&str], backend: BackendConfig) -> Self {
        let runtime = runtime();
        let sim = runtime.block_on(aipix_sim::testing::start_on_loopback(config));
        let accounts = logins
            .iter()
            .map(|login| (sim.base_url(), *login))
            .collect();
        Self::with_accounts(runtime, sim, Vec::new(), accounts, WIDE, backend)
    }

    fn with_accounts(
        runtime: tokio::runtime::Runtime,
        sim: SimHandle,
        more_sims: Vec<SimHandle>,
        accounts: Vec<(String, &str)>,
        size: [f32; 2],
        backend: BackendConfig,
    ) -> Self {
        let count = accounts.len();
        let mut accounts =
            accounts
                .into_iter()
                .map(|(server, login)| visitor_desk::ui::AccountStart {
                    server,
                    login: login.to_owned(),
                    password: if login == "demo" {
                        "demo".into()
                    } else {
                        login.to_owned()
                    },
                });
        let first = accounts.next().expect("an account");
        let options = StartOptions {
            server: first.server,
            login: first.login,
            password: Some(first.password),
            also: accounts.collect(),
        };
        let clock = ManualClock::following_system();
        let backend = BackendConfig {
            clock: clock.clock(),
            ..backend
        };
        let wakes = Wakes::default();
        let mut first = Backend::start(runtime.handle(), backend.clone(), wakes.waker());
        let sent = first.tap();
        let (handle, waker) = (runtime.handle().clone(), wakes.waker());
        let harness = Harness::builder().with_size(size).build_eframe(move |_cc| {
            App::with_backend(first, options).with_more_accounts(Box::new(move |resume| {
                Backend::start(&handle, backend.for_another_account(resume), waker.clone())
            }))
        });
        let mut desk = Self {
            runtime,
            sim,
            harness,
            clock,
            sent,
            wakes,
            more_sims,
        };
        desk.step_until("every account listed and live", |h| {
            let accounts = h.state().accounts();
            accounts.open().count() == count
                && accounts.open().all(|account| {
                    account.state.last_sync.is_some()
                        && account.state.live == visitor_desk::state::LiveStatus::Connected
                })
        });
        desk
    }

    /// Moves time forward for the server and the app alike.
    pub fn advance_clock(&mut self, by: TimeDelta) {
        self.sim.advance_clock(by);
        self.clock.advance(by);
    }

    /// The app's time.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The commands the app sent since the last call, in order.
    pub fn sent(&mut self) -> Vec<Command> {
        std::iter::from_fn(|| self.sent.try_recv().ok()).collect()
    }

    /// A desk already signed in to the demo account, with the first listing on screen.
    pub fn signed_in() -> Self {
        Self::signed_in_at(WIDE)
    }

    /// [`Desk::signed_in`] in a window of `size`.
    pub fn signed_in_at(size: [f32; 2]) -> Self {
        Self::signed_in_with(size, BackendConfig::new("ui-test-device"))
    }

    /// A desk signed in to the demo account with a backend of the test's own making, the first listing on screen.
    pub fn signed_in_with(size: [f32; 2], backend: BackendConfig) -> Self {
        let mut desk = Self::with(SimConfig::default(), size, backend, |sim| StartOptions {
            also: Vec::new(),
            server: sim.base_url(),
            login: "demo".into(),
            password: Some("demo".into()),
        });
        desk.step_until("the first listing", |h| {
            h.state().state().last_sync.is_some()
        });
        desk
    }

    /// [`Desk::signed_in_at`], the window speaking `language` from the start.
    pub fn signed_in_speaking(language: &str, size: [f32; 2]) -> Self {
        Self::signed_in_with(
            size,
            BackendConfig {
                language: visitor_desk::i18n::Language::new(language),
                ..BackendConfig::new("ui-test-device")
            },
        )
    }

    /// The id of the intercom titled `title` (the simulator's demo intercoms).
    pub fn intercom_id(&self, title: &str) -> u64 {
        self.harness
            .state()
            .state()
            .intercoms
            .iter()
            .find(|intercom| intercom.title == title)
            .map(|intercom| intercom.id)
            .unwrap_or_else(|| panic!("no intercom {title}"))
    }

    /// The code in the "just made" panel, if any.
    pub fn created(&self) -> Option<aipix_client::api::Code> {
        self.harness.state().state().create.created.clone()
    }

    /// The sign-in screen for the demo account: server and login filled in, the password not given.
    pub fn at_sign_in() -> Self {
        Self::new(SimConfig::default(), |sim| StartOptions {
            also: Vec::new(),
            server: sim.base_url(),
            login: "demo".into(),
            password: None,
        })
    }

    /// Types the demo account's password, presses Enter and waits for the codes.
    pub fn sign_in_by_typing(&mut self) {
        self.type_into("Password", "demo");
        self.harness.key_press(egui::Key::Enter);
        self.step_until("the codes", |h| h.state().state().last_sync.is_some());
    }

    /// Waits until the sign-in just asked for is refused (the form says why).
    pub fn until_sign_in_refused(&mut self) {
        self.step_until("the sign-in's refusal", |h| {
            let sign_in = &h.state().state().sign_in;
            !sign_in.busy && !sign_in.problem.is_empty()
        });
    }

    /// Waits until the live channel is up (pushes arrive from then on).
    pub fn wait_for_live(&mut self) {
        self.step_until("live updates", |h| {
            h.state().state().live == visitor_desk::state::LiveStatus::Connected
        });
    }

    /// Runs frames until `done` holds, letting real time pass for the backend between them.
    pub fn step_until(&mut self, what: &str, mut done: impl FnMut(&Harness<'static, App>) -> bool) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let seen = self.wakes.count();
            self.harness.step();
            if done(&self.harness) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; the app's state: {:#?}",
                self.harness.state().state()
            );
            self.wait_for_news(seen);
        }
    }

    /// Before the next frame: none to wait for when the last one asked for another at once; else the backend's
    /// next event (or the app's own timers).
    fn wait_for_news(&self, seen: u64) {
        if !self.harness.ctx.requested_repaint_last_pass() {
            self.wakes.wait_after(seen, AT_MOST_BETWEEN_FRAMES);
        }
    }

    /// Steps until `done`, and answers every text the frames on the way copied to the clipboard.
    pub fn step_until_collecting_copies(
        &mut self,
        what: &str,
        mut done: impl FnMut(&Harness<'static, App>) -> bool,
    ) -> Vec<String> {
        let mut copies = Vec::new();
        let deadline = Instant::now() + PATIENCE;
        loop {
            let seen = self.wakes.count();
            self.harness.step();
            for command in &self.harness.output().platform_output.commands {
                if let egui::OutputCommand::CopyText(text) = command {
                    copies.push(text.clone());
                }
            }
            if done(&self.harness) {
                return copies;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; the app's state: {:#?}",
                self.harness.state().state()
            );
            self.wait_for_news(seen);
        }
    }

    /// Runs a few frames (a click's effect shows on the frame after it).
    pub fn frames(&mut self, count: usize) {
        for _ in 0..count {
            self.harness.step();
        }
    }

    pub fn has_label(&self, label: &str) -> bool {
        self.harness.query_all_by_label(label).next().is_some()
    }

    pub fn has_label_containing(&self, part: &str) -> bool {
        self.harness
            .query_all_by_label_contains(part)
            .next()
            .is_some()
    }

    /// Where the widget with this label is on screen.
    pub fn rect_of(&self, label: &str) -> egui::Rect {
        self.harness.get_by_label(label).rect()
    }

    pub fn type_into(&mut self, field: &str, text: &str) {
        let role = if field == "Password" {
            Role::PasswordInput
        } else {
            Role::TextInput
        };
        self.harness.get_by_role_and_label(role, field).click();
        self.harness.step();
        self.harness
            .get_by_role_and_label(role, field)
            .type_text(text);
        self.harness.step();
    }

    /// The text of a field.
    pub fn field(&self, field: &str) -> String {
        let role = if field == "Password" {
            Role::PasswordInput
        } else {
            Role::TextInput
        };
        self.harness
            .get_by_role_and_label(role, field)
            .value()
            .unwrap_or_default()
    }

    pub fn is_focused(&self, field: &str) -> bool {
        let role = if field == "Password" {
            Role::PasswordInput
        } else {
            Role::TextInput
        };
        self.harness.get_by_role_and_label(role, field).is_focused()
    }

    /// Every piece of text the last frame painted, with its size and colour.
    pub fn painted(&self) -> Vec<Painted> {
        fn walk(shape: &egui::Shape, into: &mut Vec<Painted>) {
            match shape {
                egui::Shape::Vec(shapes) => shapes.iter().for_each(|shape| walk(shape, into)),
                egui::Shape::Text(text) => {
                    for section in &text.galley.job.sections {
                        let range = section.byte_range.start.0..section.byte_range.end.0;
                        let Some(part) = text.galley.job.text.get(range) else {
                            continue;
                        };
                        if part.trim().is_empty() {
                            continue;
                        }
                        let color = text.override_text_color.unwrap_or(
                            if section.format.color == egui::Color32::PLACEHOLDER {
                                text.fallback_color
                            } else {
                                section.format.color
                            },
                        );
                        into.push(Painted {
                            text: part.to_owned(),
                            size: section.format.font_id.size,
                            color,
                            rect: text.visual_bounding_rect(),
                        });
                    }
                }
                _ => {}
            }
        }
        let mut painted = Vec::new();
        for clipped in &self.harness.output().shapes {
            walk(&clipped.shape, &mut painted);
        }
        painted
    }
}

/// How many of `commands` ask for a new code.
pub fn creates(commands: &[Command]) -> usize {
    commands
        .iter()
        .filter(|command| matches!(command, Command::CreateCode { .. }))
        .count()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}
