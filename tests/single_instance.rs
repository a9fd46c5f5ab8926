//! One copy per account, with real processes: the built window on an X server of the test's own (Xvfb), launched
//! again on the same account (it hands over and ends), with `--new-instance` (a second window), after the first
//! was killed (its socket replaced); and launches racing for an account that has no window yet.
#![cfg(target_os = "linux")]

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use visitor_desk::desktop::single_instance::{
    self, Account, Claim, Handover, InstanceKey, socket_path,
};

const PATIENCE: Duration = Duration::from_secs(90);
const SERVER: &str = "http://127.0.0.1:9";

/// An X server for one test, gone when dropped.
struct Display {
    server: Child,
    name: String,
}

impl Display {
    fn start() -> Self {
        use std::io::BufRead as _;
        let mut server = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1024x768x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb runs (the xvfb package)");
        let mut number = String::new();
        std::io::BufReader::new(server.stdout.take().expect("stdout"))
            .read_line(&mut number)
            .expect("Xvfb names its display");
        Self {
            server,
            name: format!(":{}", number.trim()),
        }
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

/// The folders of one desk: settings, journal, runtime (where the sockets are).
struct Desk {
    home: tempfile::TempDir,
    display: Display,
}

/// A launch of the built binary, its stderr in a file.
struct Launch {
    child: Child,
    log: PathBuf,
}

impl Launch {
    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn wait_for_log(&self, what: &str) {
        wait_until(what, || self.log().contains(what), || self.log());
    }
}

impl Drop for Launch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_until(what: &str, done: impl Fn() -> bool, seen: impl Fn() -> String) {
    let deadline = Instant::now() + PATIENCE;
    while !done() {
        assert!(
            Instant::now() < deadline,
            "no {what} in time; saw:\n{}",
            seen()
        );
        // Other processes, over a real socket: nothing here to wait on but their output.
        std::thread::sleep(Duration::from_millis(20));
    }
}

impl Desk {
    fn new() -> Self {
        let home = tempfile::tempdir().expect("a home");
        for dir in ["config", "data", "xdg"] {
            std::fs::create_dir(home.path().join(dir)).expect("a folder");
        }
        std::fs::set_permissions(
            home.path().join("xdg"),
            std::fs::Permissions::from_mode(0o700),
        )
        .expect("a private runtime folder");
        Self {
            home,
            display: Display::start(),
        }
    }

    fn runtime_dir(&self) -> PathBuf {
        self.home.path().join("xdg")
    }

    /// Where the sockets of this desk's accounts are.
    fn sockets(&self) -> PathBuf {
        self.runtime_dir().join("visitor-desk")
    }

    fn socket_of(&self, login: &str) -> PathBuf {
        let config = self.home.path().join("config");
        socket_path(
            &self.sockets(),
            &InstanceKey::new(&Account {
                config_dir: Some(&config),
                server: SERVER,
                login,
            }),
        )
    }

    fn launch(&self, name: &str, args: &[&str]) -> Launch {
        self.launch_with_password(name, args, None)
    }

    fn launch_with_password(&self, name: &str, args: &[&str], password: Option<&str>) -> Launch {
        let log = self.home.path().join(format!("{name}.log"));
        let mut command = Command::new(env!("CARGO_BIN_EXE_visitor-desk"));
        match password {
            Some(password) => command.env("VISITOR_DESK_PASSWORD", password),
            None => command.env_remove("VISITOR_DESK_PASSWORD"),
        };
        let child = command
            .args(args)
            .env("DISPLAY", &self.display.name)
            .env("XDG_RUNTIME_DIR", self.runtime_dir())
            .env("VISITOR_DESK_CONFIG_DIR", self.home.path().join("config"))
            .env("VISITOR_DESK_DATA_DIR", self.home.path().join("data"))
            .env("HOME", self.home.path())
            .env("RUST_LOG", "warn,visitor_desk=info")
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                "unix:path=/nonexistent/visitor-desk-test/bus",
            )
            .env_remove("WAYLAND_DISPLAY")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("a log"))
            .spawn()
            .expect("visitor-desk runs");
        Launch { child, log }
    }

    /// The windows called Visitor Desk on this desk's display.
    fn windows(&self) -> usize {
        let found = Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", "^Visitor Desk$"])
            .env("DISPLAY", &self.display.name)
            .output()
            .expect("xdotool runs (the xdotool package)");
        String::from_utf8_lossy(&found.stdout).lines().count()
    }
}

/// Runs a launch to its end; answers its exit status.
fn finish(mut launch: Launch) -> (std::process::ExitStatus, String) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(status) = launch.child.try_wait().expect("its status") {
            return (status, launch.log());
        }
        assert!(
            Instant::now() < deadline,
            "it did not end: {}",
            launch.log()
        );
        // A child process: its exit is looked for, not waited on (the test must see it ends in time).
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn a_second_launch_on_the_same_account_hands_over_and_ends_and_a_stale_socket_is_replaced() {
    let desk = Desk::new();
    let args = ["--server", SERVER, "--login", "desk"];
    let first = desk.launch("first", &args);
    let socket = desk.socket_of("desk");
    wait_until(
        "the first window's socket",
        || socket.exists(),
        || first.log(),
    );
    wait_until("the first window", || desk.windows() == 1, || first.log());
    // The user's alone.
    let mode = |path: &Path| std::fs::metadata(path).expect("there").permissions().mode() & 0o777;
    assert_eq!(mode(&desk.sockets()), 0o700);
    assert_eq!(mode(&socket), 0o600);

    let (status, said) = finish(desk.launch(
        "second",
        &["--server", SERVER, "--login", "desk", "--lang", "ru"],
    ));
    assert!(status.success(), "{status}: {said}");
    first.wait_for_log("a second launch handed over");
    assert!(
        first
            .log()
            .contains(r#"["--server", "http://127.0.0.1:9", "--login", "desk", "--lang", "ru"]"#),
        "the first window has the second's arguments: {}",
        first.log()
    );
    assert_eq!(desk.windows(), 1, "no second window");

    // Another account is another window.
    let other = desk.launch("other", &["--server", SERVER, "--login", "manager"]);
    wait_until(
        "the other account's window",
        || desk.windows() == 2,
        || other.log(),
    );
    assert!(desk.socket_of("manager").exists());
    drop(other);

    // --new-instance: a window of its own, beside the first.
    wait_until("the other window gone", || desk.windows() == 1, String::new);
    let own = desk.launch(
        "own",
        &["--server", SERVER, "--login", "desk", "--new-instance"],
    );
    wait_until(
        "a second window on the same account",
        || desk.windows() == 2,
        || own.log(),
    );
    drop(own);

    // Killed outright, the first leaves its socket behind; the next launch finds nobody there and takes over.
    let mut first = first;
    first.child.kill().expect("SIGKILL");
    first.child.wait().expect("gone");
    assert!(socket.exists(), "a killed window cannot clean up");
    let next = desk.launch("next", &args);
    next.wait_for_log("left its socket: replacing it");
    wait_until(
        "the new first window's socket",
        || desk.socket_of("desk").exists(),
        || next.log(),
    );
    let (status, said) = finish(desk.launch("after", &args));
    assert!(status.success(), "{status}: {said}");
    next.wait_for_log("a second launch handed over");

    // Closed as usual (SIGTERM closes it as the user would), the window takes its socket with it.
    wait_until(
        "the new first window",
        || desk.windows() == 1,
        || next.log(),
    );
    let stopped = Command::new("kill")
        .args(["-TERM", &next.child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(stopped.success());
    let (status, said) = finish(next);
    assert!(status.code().is_some(), "it ended by itself: {said}");
    assert!(!desk.socket_of("desk").exists(), "{said}");
}

#[test]
fn launches_racing_for_an_account_without_a_window_make_one_first_and_the_rest_hand_over() {
    let dir = tempfile::tempdir().expect("a runtime folder");
    let sockets = dir.path().join("visitor-desk");
    let key = InstanceKey::new(&Account {
        config_dir: Some(dir.path()),
        server: SERVER,
        login: "race",
    });
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let (sender, firsts) = std::sync::mpsc::channel();
    let claims: Vec<_> = (0..8)
        .map(|n| {
            let (sockets, key, sender) = (sockets.clone(), key.clone(), sender.clone());
            let handle = runtime.handle().clone();
            std::thread::spawn(move || {
                let handover = Handover {
                    args: vec![format!("launch {n}")],
                    working_dir: None,
                };
                match single_instance::claim(&sockets, &key, &handover) {
                    Claim::First(listener) => {
                        let (handovers, socket) = listener.serve(&handle, || {});
                        let _ = sender.send((handovers, socket));
                        "first"
                    }
                    Claim::HandedOver => "handed over",
                    Claim::Alone { .. } => "alone",
                }
            })
        })
        .collect();
    let outcomes: Vec<&str> = claims
        .into_iter()
        .map(|claim| claim.join().expect("a claim"))
        .collect();
    assert_eq!(
        outcomes.iter().filter(|o| **o == "first").count(),
        1,
        "{outcomes:?}"
    );
    assert_eq!(
        outcomes.iter().filter(|o| **o == "handed over").count(),
        7,
        "{outcomes:?}"
    );
    let (mut handovers, _socket) = firsts.recv().expect("the first's listener");
    let mut heard = Vec::new();
    while let Ok(handover) = handovers.try_recv() {
        heard.extend(handover.args);
    }
    heard.sort();
    assert_eq!(
        heard.len(),
        7,
        "each other launch's arguments, once: {heard:?}"
    );
}

#[test]
fn a_window_given_a_server_a_login_and_the_password_signs_in_at_once() {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime for the simulator");
    let sim = runtime.block_on(aipix_sim::testing::start_on_loopback(Default::default()));
    let server = sim.base_url();
    let desk = Desk::new();
    let window = desk.launch_with_password(
        "window",
        &["--server", &server, "--login", "demo"],
        Some("demo"),
    );
    wait_until(
        "a session on the server",
        || sim.session_count("demo") == 1,
        || window.log(),
    );
    wait_until("the window", || desk.windows() == 1, || window.log());
    // Without the password, the same start opens the form filled in: no second session.
    drop(window);
    let form = desk.launch("form", &["--server", &server, "--login", "demo"]);
    wait_until("the window", || desk.windows() == 1, || form.log());
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(sim.session_count("demo"), 1, "{}", form.log());
}
