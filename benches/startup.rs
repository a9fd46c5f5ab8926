//! What a desk pays to start and to stay open, beside a bare egui window (`examples/bare_window.rs`: the same
//! eframe, fonts and window size, a countdown that changes once a minute, nothing else) in the same run:
//!
//! - process start → first frame (eframe maps its window once the first frame is painted: the benchmark sees
//!   the map on the X server);
//! - process start → the codes of a kept account listed and drawn (the desk logs the frame after the one that
//!   first drew them);
//! - the resident set after the idle seconds (and after listing), and the CPU time of the idle minute that
//!   follows, countdowns on screen.
//!
//! Three programs: the bare window; the desk on a kept account of the demo's size (4 intercoms, 3 codes); the
//! desk on a kept account of 10,000 codes whose server takes 5 ms a request. Each desk has a settings folder,
//! a journal and a sign-in kept in a real Secret Service (gnome-keyring on a private D-Bus session), as a
//! desk has after its first day; the simulators run in processes of their own. Everything runs on an X server
//! of the benchmark's own (Xvfb, no window manager), drawn on the CPU (lavapipe or llvmpipe), as CI draws.
//!
//! The start-up runs go one program at a time, in rounds (bare, small, big), so that all three see the same
//! machine; the idle runs put the three side by side (idle, they hardly compete), each on an X server of its own so
//! that every window is drawn (eframe skips a covered one), round after round.
//! `cargo bench --bench startup` for the figures (20 runs each; about half an hour); under `cargo test` one
//! short run checks that the benchmark works.

// A benchmark reports on the terminal.
#![allow(clippy::print_stdout)]

use std::collections::HashMap;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use aipix_sim::SimConfig;
use aipix_sim::testing::start_on_loopback;
use chrono::{TimeDelta, Utc};
use x11rb::connection::Connection as _;
use x11rb::protocol::Event;
use x11rb::protocol::xproto::{AtomEnum, ChangeWindowAttributesAux, ConnectionExt as _, EventMask};

/// Set in the environment of the child process that serves a simulator: how many codes in all (0: the demo's).
const SIM_PROCESS: &str = "VISITOR_DESK_BENCH_SIM";
/// Set in the environment of the child process that hands the command line's kept sign-in to the window.
const HAND_TO_WINDOW: &str = "VISITOR_DESK_BENCH_HAND_TO_WINDOW";
/// What the desk logs on the frame after the one that first drew a listing's codes.
const CODES_ON_SCREEN: &str = "the codes listed are on screen";
/// What the desk logs once it knows its renderer.
const RENDERER: &str = "the window's renderer";
/// How long anything the benchmark waits for may take before it gives up.
const PATIENCE: Duration = Duration::from_secs(120);
const KEYRING_PASSWORD: &str = "bench-keyring";
/// CPU time in the idle stretch above which a program's log is printed.
const BUSY_IDLE: Duration = Duration::from_secs(1);

/// How much to measure.
struct Plan {
    runs: usize,
    /// Idle before the resident set is read.
    idle: Duration,
    /// The idle stretch whose CPU time is read.
    cpu: Duration,
    /// Codes on the big account.
    big: usize,
}

/// Whether this is the full run (`cargo bench`), and its plan; `-- --runs N` sets how many rounds.
fn plan_from_arguments() -> (bool, Plan) {
    let arguments: Vec<String> = std::env::args().collect();
    let full = arguments.iter().any(|argument| argument == "--bench");
    // `-- --runs N`: fewer (or more) than 20, when the machine is busy.
    let runs = arguments
        .iter()
        .position(|argument| argument == "--runs")
        .and_then(|at| arguments.get(at + 1)?.parse().ok())
        .unwrap_or(20);
    let plan = if full {
        Plan {
            runs,
            idle: Duration::from_secs(10),
            cpu: Duration::from_secs(60),
            big: 10_000,
        }
    } else {
        Plan {
            runs: 1,
            idle: Duration::from_secs(1),
            cpu: Duration::from_secs(2),
            big: 1_000,
        }
    };
    (full, plan)
}

fn main() {
    if let Ok(codes) = std::env::var(SIM_PROCESS) {
        serve_simulator(codes.parse().unwrap_or(0));
        return;
    }
    if std::env::var_os(HAND_TO_WINDOW).is_some() {
        hand_sign_in_to_window();
        return;
    }
    let (full, plan) = plan_from_arguments();
    let bare = bare_window(full);
    let home = tempfile::tempdir().expect("a folder for the run");
    let display = Display::start();
    let bus = SessionBus::start(home.path());
    let small_server = SimProcess::start(0);
    let big_server = SimProcess::start(plan.big);
    let programs = [
        Program::bare(&bare),
        Program::desk("desk, 3 codes", home.path(), &small_server.base_url, &bus),
        Program::desk(
            &format!("desk, {} codes", plan.big),
            home.path(),
            &big_server.base_url,
            &bus,
        ),
    ];
    let maps = display.watch_maps();
    println!("load average before: {}", load_average());

    // One start of each first, not counted: files into the page cache, the journals made, the renderer kept.
    for program in &programs {
        let first = program.start_once(&display, &maps, &bus);
        if let Some(took) = first.renderer {
            println!(
                "{}: its first start chose the renderer by trying in {} ms",
                program.name,
                took.as_millis()
            );
        }
    }
    let mut starts: [Vec<Start>; 3] = Default::default();
    for round in 0..plan.runs {
        for (program, times) in programs.iter().zip(&mut starts) {
            let start = program.start_once(&display, &maps, &bus);
            assert!(
                program.home.is_none() || start.remembered,
                "{}: a later start takes the renderer the one before kept",
                program.name
            );
            times.push(start);
        }
        if full {
            println!("start-up round {} of {} done", round + 1, plan.runs);
        }
    }
    let idles = idle_rounds(&programs, &bus, &plan, full);
    println!("load average after: {}", load_average());
    report(&programs, &starts, &idles, &plan);
}

/// The idle rounds: the three started side by side, left idle, then measured (resident set, then CPU time).
fn idle_rounds(
    programs: &[Program; 3],
    bus: &SessionBus,
    plan: &Plan,
    full: bool,
) -> [Vec<Idle>; 3] {
    // Side by side, each on an X server of its own: on one screen the windows would lie on top of each other, and
    // eframe does not draw a window that is covered (the covered two would look idle for free).
    let idle_displays: Vec<(Display, Maps)> = programs
        .iter()
        .map(|_| {
            let display = Display::start();
            let maps = display.watch_maps();
            (display, maps)
        })
        .collect();
    let mut idles: [Vec<Idle>; 3] = Default::default();
    for round in 0..plan.runs {
        let running: Vec<Running> = programs
            .iter()
            .zip(&idle_displays)
            .map(|(program, (display, maps))| program.start(display, maps, bus))
            .collect();
        std::thread::sleep(plan.idle);
        let before: Vec<(Rss, HashMap<u32, u64>)> = running
            .iter()
            .map(|running| (rss(running.pid()), thread_times(running.pid())))
            .collect();
        std::thread::sleep(plan.cpu);
        for (((running, (resident, cpu)), idle), program) in running
            .into_iter()
            .zip(before)
            .zip(&mut idles)
            .zip(programs)
        {
            let cpu = cpu_between(&cpu, &thread_times(running.pid()));
            if cpu > BUSY_IDLE {
                // Not idle after all: what it logged says why.
                println!(
                    "{}: {} ms of CPU in the idle stretch; its log:\n{}",
                    program.name,
                    cpu.as_millis(),
                    running.log.text()
                );
            }
            idle.push(Idle { resident, cpu });
            running.stop();
        }
        if full {
            println!("idle round {} of {} done", round + 1, plan.runs);
        }
    }
    idles
}

/// The bare window's program, built now (`cargo bench` builds no examples) in this benchmark's profile.
fn bare_window(release: bool) -> PathBuf {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut build = Command::new(cargo);
    build.current_dir(env!("CARGO_MANIFEST_DIR")).args([
        "build",
        "--locked",
        "--quiet",
        "--example",
        "bare_window",
    ]);
    if release {
        build.arg("--release");
    }
    let status = build.status().expect("cargo runs");
    assert!(status.success(), "the bare window builds: {status}");
    // This benchmark is target/<profile>/deps/startup-…; the example is target/<profile>/examples/bare_window.
    let exe = std::env::current_exe().expect("this benchmark's path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>");
    profile_dir.join("examples").join("bare_window")
}

/// One of the programs measured, with its folders.
struct Program {
    name: String,
    exe: PathBuf,
    /// Its own settings, journal and runtime folders (the desks); none for the bare window.
    home: Option<PathBuf>,
}

impl Program {
    fn bare(exe: &Path) -> Self {
        Self {
            name: "bare window".to_owned(),
            exe: exe.to_owned(),
            home: None,
        }
    }

    /// A desk with a kept sign-in on `server` (signed in once with `visitor-desk login`, as a user would).
    fn desk(name: &str, home: &Path, server: &str, bus: &SessionBus) -> Self {
        let program = Self {
            name: name.to_owned(),
            exe: PathBuf::from(env!("CARGO_BIN_EXE_visitor-desk")),
            home: Some(home.join(name.replace([' ', ','], "-"))),
        };
        let output = program
            .command(bus)
            .args(["login", "--server", server, "--login", "demo"])
            .env("VISITOR_DESK_PASSWORD", "demo")
            .output()
            .expect("visitor-desk login runs");
        assert!(
            output.status.success(),
            "the sign-in is kept: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        // `login` keeps a sign-in of the command line's own; the window resumes its own entry, as if it had
        // signed in there before. Done in a child process on the benchmark's D-Bus session.
        let home = program.home.as_ref().expect("a desk's home");
        let handed = Command::new(std::env::current_exe().expect("the benchmark's path"))
            .env(HAND_TO_WINDOW, "1")
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
            .env("VISITOR_DESK_CONFIG_DIR", home.join("config"))
            .output()
            .expect("the hand-over runs");
        assert!(
            handed.status.success(),
            "the sign-in is the window's: {}",
            String::from_utf8_lossy(&handed.stderr)
        );
        program
    }

    fn command(&self, bus: &SessionBus) -> Command {
        let mut command = Command::new(&self.exe);
        command
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
            .env("RUST_LOG", "warn,visitor_desk=info")
            .env_remove("WAYLAND_DISPLAY")
            .env_remove("WGPU_BACKEND")
            .env_remove("VISITOR_DESK_RENDERER")
            .stdin(Stdio::null())
            .stdout(Stdio::null());
        if let Some(home) = &self.home {
            let runtime_dir = home.join("runtime");
            std::fs::create_dir_all(&runtime_dir).expect("a runtime folder");
            command
                .env("VISITOR_DESK_CONFIG_DIR", home.join("config"))
                .env("VISITOR_DESK_DATA_DIR", home.join("data"))
                .env("XDG_RUNTIME_DIR", runtime_dir);
        } else {
            // On the graphics API the desks draw with (checked as each starts): eframe's default tries OpenGL
            // as well, which costs a bare window's start a tenth of a second more here.
            command.env("WGPU_BACKEND", "vulkan");
        }
        command
    }

    /// Starts the program and waits for its first frame and, for a desk, for its codes on screen.
    fn start(&self, display: &Display, maps: &Maps, bus: &SessionBus) -> Running {
        maps.forget();
        let started = Instant::now();
        let mut child = self
            .command(bus)
            .env("DISPLAY", display.name())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the program starts");
        let log = Log::follow(child.stderr.take().expect("stderr"));
        let pid = child.id();
        let mapped = maps.wait_for(pid, || log.text());
        let first_frame = mapped - started;
        let codes = self.home.as_ref().map(|_| {
            let line = log.wait_for(CODES_ON_SCREEN);
            line.at - started
        });
        let chosen = self.home.as_ref().map(|_| log.wait_for(RENDERER).text);
        if let Some(chosen) = &chosen {
            assert!(
                chosen.contains("VULKAN"),
                "the desk draws on Vulkan, as the bare window does: {chosen}"
            );
        }
        Running {
            child,
            log,
            start: Start {
                first_frame,
                codes,
                renderer: chosen
                    .as_ref()
                    .map(|line| Duration::from_millis(number_after(line, "took_ms"))),
                remembered: chosen.is_some_and(|line| line.contains("remembered=true")),
            },
        }
    }

    fn start_once(&self, display: &Display, maps: &Maps, bus: &SessionBus) -> Start {
        let running = self.start(display, maps, bus);
        let start = running.start;
        running.stop();
        start
    }
}

/// A program started and on screen.
struct Running {
    child: Child,
    log: Log,
    start: Start,
}

impl Running {
    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Closes it as a session ending does (SIGTERM), and waits for it to end.
    fn stop(mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        panic!("it ended within 10 s of SIGTERM: {}", self.log.text());
    }
}

#[derive(Debug, Clone, Copy)]
struct Start {
    first_frame: Duration,
    /// The desks': start → their codes listed and drawn.
    codes: Option<Duration>,
    /// The desks': how long choosing the renderer took (in the log), part of the first frame.
    renderer: Option<Duration>,
    /// Whether the desk took the renderer its last start kept, without trying the graphics APIs.
    remembered: bool,
}

/// The number after `name=` in a log line (`took_ms=188`).
fn number_after(text: &str, name: &str) -> u64 {
    let Some(at) = text.find(name) else {
        panic!("no {name} in {text:?}");
    };
    let digits: String = text[at + name.len()..]
        .chars()
        .skip_while(|c| *c == '=')
        .take_while(char::is_ascii_digit)
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("no number after {name} in {text:?}"))
}

struct Idle {
    resident: Rss,
    cpu: Duration,
}

/// A program's stderr, read as it comes, each line with the moment it came.
struct Log {
    lines: mpsc::Receiver<Line>,
    seen: std::cell::RefCell<Vec<Line>>,
}

#[derive(Clone)]
struct Line {
    at: Instant,
    text: String,
}

impl Log {
    fn follow(stderr: impl std::io::Read + Send + 'static) -> Self {
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for text in BufReader::new(stderr).lines() {
                let Ok(text) = text else { break };
                let text = without_colours(&text);
                if sender
                    .send(Line {
                        at: Instant::now(),
                        text,
                    })
                    .is_err()
                {
                    break;
                }
            }
        });
        Self {
            lines,
            seen: std::cell::RefCell::default(),
        }
    }

    fn wait_for(&self, words: &str) -> Line {
        if let Some(line) = self
            .seen
            .borrow()
            .iter()
            .find(|line| line.text.contains(words))
        {
            return line.clone();
        }
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Ok(line) = self.lines.recv_timeout(left) else {
                panic!("no \"{words}\" in the log: {}", self.text());
            };
            self.seen.borrow_mut().push(line.clone());
            if line.text.contains(words) {
                return line;
            }
        }
    }

    fn text(&self) -> String {
        let mut seen = self.seen.borrow_mut();
        seen.extend(self.lines.try_iter());
        seen.iter().map(|line| format!("{}\n", line.text)).collect()
    }
}

/// A log line without the terminal's colours (`ESC [ … m`), whose digits would read as numbers.
fn without_colours(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            plain.push(c);
        }
    }
    plain
}

/// An X server of the benchmark's own, without a window manager.
struct Display {
    server: Child,
    number: String,
}

impl Display {
    fn start() -> Self {
        let mut server = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1920x1080x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb runs (the xvfb package)");
        let mut number = String::new();
        BufReader::new(server.stdout.take().expect("stdout"))
            .read_line(&mut number)
            .expect("Xvfb names its display");
        Self {
            server,
            number: number.trim().to_owned(),
        }
    }

    fn name(&self) -> String {
        format!(":{}", self.number)
    }

    /// Follows the windows mapped on this display, from now on.
    fn watch_maps(&self) -> Maps {
        let (connection, screen) =
            x11rb::connect(Some(&self.name())).expect("the X server answers");
        let root = connection.setup().roots[screen].root;
        connection
            .change_window_attributes(
                root,
                &ChangeWindowAttributesAux::new().event_mask(EventMask::SUBSTRUCTURE_NOTIFY),
            )
            .expect("a request")
            .check()
            .expect("the root's map events");
        let pid_atom = connection
            .intern_atom(false, b"_NET_WM_PID")
            .expect("a request")
            .reply()
            .expect("an atom")
            .atom;
        let (sender, maps) = mpsc::channel();
        std::thread::spawn(move || {
            while let Ok(event) = connection.wait_for_event() {
                let Event::MapNotify(map) = event else {
                    continue;
                };
                let at = Instant::now();
                let pid = connection
                    .get_property(false, map.window, pid_atom, AtomEnum::CARDINAL, 0, 1)
                    .ok()
                    .and_then(|cookie| cookie.reply().ok())
                    .and_then(|reply| reply.value32().and_then(|mut values| values.next()));
                if let Some(pid) = pid
                    && sender.send((pid, at)).is_err()
                {
                    break;
                }
            }
        });
        Maps { maps }
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

/// The windows mapped on the display: the process that mapped each, and when.
struct Maps {
    maps: mpsc::Receiver<(u32, Instant)>,
}

impl Maps {
    /// Drops what was mapped before.
    fn forget(&self) {
        while self.maps.try_recv().is_ok() {}
    }

    /// When a window of `pid` was mapped; `log` says why not when none is.
    fn wait_for(&self, pid: u32, log: impl Fn() -> String) -> Instant {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.maps.recv_timeout(left) {
                Ok((mapped, at)) if mapped == pid => return at,
                Ok(_) => {}
                Err(_) => panic!("no window of process {pid} was mapped: {}", log()),
            }
        }
    }
}

/// In the child process: every account of the settings file gets the command line's kept token as the
/// window's too.
fn hand_sign_in_to_window() {
    use visitor_desk::secrets::{Holder, KeyringStore, TokenStore as _};
    let folder = std::env::var_os("VISITOR_DESK_CONFIG_DIR").expect("the config folder");
    let bytes = std::fs::read(Path::new(&folder).join("settings.json")).expect("the settings file");
    let (settings, _) = visitor_desk::settings::read(&bytes).expect("readable settings");
    let store = KeyringStore::open().expect("the keyring");
    for profile in &settings.profiles {
        let key = profile.token_key();
        let token = store
            .load(&key.held_by(Holder::CommandLine))
            .expect("the keyring reads")
            .expect("the command line's sign-in");
        store.save(&key, &token).expect("the keyring writes");
    }
}

/// A D-Bus session of the benchmark's own, with gnome-keyring's Secret Service unlocked on it.
struct SessionBus {
    daemon: Child,
    address: String,
}

impl SessionBus {
    fn start(home: &Path) -> Self {
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon runs (the dbus package)");
        let mut address = String::new();
        BufReader::new(daemon.stdout.take().expect("stdout"))
            .read_line(&mut address)
            .expect("dbus-daemon says its address");
        let address = address.trim().to_owned();
        // It forks into the background once its Secret Service is on the bus, and ends with the bus.
        let keyring_home = home.join("keyring");
        std::fs::create_dir_all(&keyring_home).expect("the keyring's folder");
        let mut keyring = Command::new("gnome-keyring-daemon")
            .args(["--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .env("XDG_DATA_HOME", &keyring_home)
            .env("XDG_RUNTIME_DIR", &keyring_home)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon runs (the gnome-keyring package)");
        keyring
            .stdin
            .take()
            .expect("stdin")
            .write_all(KEYRING_PASSWORD.as_bytes())
            .expect("the keyring's password");
        let mut said = String::new();
        let _ = keyring
            .stdout
            .take()
            .expect("stdout")
            .read_to_string(&mut said);
        let status = keyring.wait().expect("gnome-keyring-daemon starts");
        assert!(status.success(), "the keyring started: {status}");
        Self { daemon, address }
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// A simulator in a process of its own.
struct SimProcess {
    child: Child,
    input: Option<ChildStdin>,
    base_url: String,
}

impl SimProcess {
    fn start(codes: usize) -> Self {
        let mut child = Command::new(std::env::current_exe().expect("this benchmark's path"))
            .env(SIM_PROCESS, codes.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the simulator process starts");
        let input = child.stdin.take();
        let mut base_url = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut base_url)
            .expect("the simulator's address");
        Self {
            child,
            input,
            base_url: base_url.trim().to_owned(),
        }
    }
}

impl Drop for SimProcess {
    fn drop(&mut self) {
        // Closing its stdin ends the simulator.
        drop(self.input.take());
        let _ = self.child.wait();
    }
}

/// The child: the demo's data, with more codes to make `codes` in all on the demo account (none when it has as
/// many), 5 ms a request, no visitors ringing; prints its address, then serves until its input ends.
fn serve_simulator(codes: usize) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let sim = runtime.block_on(start_on_loopback(SimConfig {
        request_delay: Duration::from_millis(5),
        ..SimConfig::default()
    }));
    let intercoms = sim.intercom_ids("demo");
    let extra = codes.saturating_sub(sim.code_ids("demo").len());
    for (n, intercom) in intercoms.iter().enumerate() {
        let share = extra / intercoms.len() + usize::from(n < extra % intercoms.len());
        // Valid for days: the countdowns change once a minute, and no status changes while measured.
        sim.insert_codes(
            "demo",
            *intercom,
            share,
            Utc::now() + TimeDelta::hours(30 + 7 * n as i64),
        );
    }
    let mut stdout = std::io::stdout();
    writeln!(stdout, "{}", sim.base_url()).expect("the benchmark reads");
    stdout.flush().expect("the benchmark reads");
    for line in std::io::stdin().lines() {
        if line.is_err() {
            break;
        }
    }
    sim.shutdown();
    runtime.block_on(sim.stopped());
}

/// What /proc says of a process's memory, in KiB.
#[derive(Debug, Clone, Copy, Default)]
struct Rss {
    total: u64,
    anonymous: u64,
}

fn rss(pid: u32) -> Rss {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("its status");
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|kib| kib.parse().ok())
            .unwrap_or(0)
    };
    Rss {
        total: field("VmRSS:"),
        anonymous: field("RssAnon:"),
    }
}

/// The time each of the process's threads has run, in nanoseconds (the scheduler's own count, not clock ticks:
/// an idle window's minute is a few milliseconds of it).
fn thread_times(pid: u32) -> HashMap<u32, u64> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return HashMap::new();
    };
    tasks
        .filter_map(|task| {
            let task = task.ok()?;
            let tid = task.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(task.path().join("schedstat")).ok()?;
            Some((tid, stat.split_whitespace().next()?.parse().ok()?))
        })
        .collect()
}

/// CPU time between two readings: what each thread ran since the first (all of it for a thread started since).
/// A thread that ended between them takes its share with it (a runtime's idle worker, which hardly ran).
fn cpu_between(before: &HashMap<u32, u64>, after: &HashMap<u32, u64>) -> Duration {
    let ns = after
        .iter()
        .map(|(tid, ran)| ran.saturating_sub(before.get(tid).copied().unwrap_or(0)))
        .sum();
    Duration::from_nanos(ns)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

fn report(programs: &[Program; 3], starts: &[Vec<Start>; 3], idles: &[Vec<Idle>; 3], plan: &Plan) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mib = |kib: u64| kib as f64 / 1024.0;
    println!(
        "\n{} runs each; start-up one program at a time, idle side by side",
        plan.runs
    );
    println!(
        "| | {} | {} | {} |",
        programs[0].name, programs[1].name, programs[2].name
    );
    println!("|---|---|---|---|");
    let row = |label: &str, values: [Option<Vec<f64>>; 3], unit: &str| {
        let cells: Vec<String> = values
            .into_iter()
            .map(|values| match values {
                Some(values) => {
                    let (median, p90) = median_p90(values);
                    // Whole milliseconds of a start; tenths of idle CPU and of memory.
                    let decimals = usize::from(unit == "MiB" || label.starts_with("CPU"));
                    format!("{median:.decimals$} / {p90:.decimals$} {unit}")
                }
                None => "—".to_owned(),
            })
            .collect();
        println!("| {label} (median / p90) | {} |", cells.join(" | "));
    };
    let each = |get: &dyn Fn(usize) -> Option<Vec<f64>>| [get(0), get(1), get(2)];
    row(
        "start → first frame",
        each(&|i| Some(starts[i].iter().map(|s| ms(s.first_frame)).collect())),
        "ms",
    );
    row(
        "of which choosing the renderer",
        each(&|i| starts[i].iter().map(|s| s.renderer.map(ms)).collect()),
        "ms",
    );
    row(
        "start → codes listed and drawn",
        each(&|i| starts[i].iter().map(|s| s.codes.map(ms)).collect()),
        "ms",
    );
    row(
        &format!("RSS after {} s idle", plan.idle.as_secs()),
        each(&|i| Some(idles[i].iter().map(|s| mib(s.resident.total)).collect())),
        "MiB",
    );
    row(
        "of which anonymous (heap)",
        each(&|i| Some(idles[i].iter().map(|s| mib(s.resident.anonymous)).collect())),
        "MiB",
    );
    row(
        &format!("CPU time in the next {} s idle", plan.cpu.as_secs()),
        each(&|i| Some(idles[i].iter().map(|s| ms(s.cpu)).collect())),
        "ms",
    );
    let median = |values: Vec<f64>| median_p90(values).0;
    let first_frame = |i: usize| median(starts[i].iter().map(|s| ms(s.first_frame)).collect());
    let resident = |i: usize| median(idles[i].iter().map(|s| mib(s.resident.total)).collect());
    let cpu = |i: usize| median(idles[i].iter().map(|s| ms(s.cpu)).collect());
    println!(
        "\nfirst frame: {:.2} of the bare window's, {:.2} with {} codes (goal ≤ 1.2)",
        first_frame(1) / first_frame(0),
        first_frame(2) / first_frame(0),
        plan.big
    );
    println!(
        "memory the desk adds: {:.1} MiB (goal ≤ 40), and {:.2} MiB per 1,000 codes (goal ≤ 2)",
        resident(1) - resident(0),
        (resident(2) - resident(1)) / (plan.big as f64 / 1000.0)
    );
    // A tenth of a millisecond at least: the ratio to a bare window that did nothing at all is not a number.
    let bare_cpu = cpu(0).max(0.1);
    println!(
        "idle CPU in {} s: bare window {:.1} ms; desk {:.1} ms, {:.2} of the bare window's; with {} codes {:.1} ms, \
         {:.2} of it (goal ≤ 1.5)",
        plan.cpu.as_secs(),
        cpu(0),
        cpu(1),
        cpu(1) / bare_cpu,
        plan.big,
        cpu(2),
        cpu(2) / bare_cpu
    );
}

fn median_p90(mut values: Vec<f64>) -> (f64, f64) {
    values.sort_by(f64::total_cmp);
    let at = |share: f64| values[((values.len() - 1) as f64 * share).round() as usize];
    (at(0.5), at(0.9))
}
