//! The window's end, when it is not the user who closes it: `--demo` stopped with SIGTERM closes its window and
//! removes its temporary journal and settings; a window destroyed from outside ends the app as a close does,
//! without a panic; a demo that could not clean up (killed, or its display connection cut: Xlib then exits the
//! process at once) leaves folders the next demo removes. The built binary on an X server of the test's own (Xvfb, as the smoke test uses).

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::io::AsyncBufReadExt as _;
use tokio::process::{Child, Command};

const PATIENCE: Duration = Duration::from_secs(90);

/// An X server for one test, gone when dropped.
struct Display {
    server: Child,
    number: String,
}

impl Display {
    async fn start() -> Self {
        let mut server = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("Xvfb runs (the xvfb package)");
        let stdout = server.stdout.take().expect("stdout");
        let number = tokio::time::timeout(
            PATIENCE,
            tokio::io::BufReader::new(stdout).lines().next_line(),
        )
        .await
        .expect("Xvfb ready in time")
        .expect("readable")
        .expect("Xvfb names its display");
        Self { server, number }
    }

    fn name(&self) -> String {
        format!(":{}", self.number.trim())
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        let _ = self.server.start_kill();
    }
}

/// `visitor-desk --demo` on `display`, its temporary folders in `tmp`.
struct Demo {
    app: Child,
    tmp: PathBuf,
    stderr: PathBuf,
}

impl Demo {
    async fn start(display: &Display, tmp: &Path) -> Self {
        let stderr = tmp.join("stderr.log");
        let runtime_dir = tmp.join("xdg");
        std::fs::create_dir_all(&runtime_dir).expect("runtime dir");
        let app = Command::new(env!("CARGO_BIN_EXE_visitor-desk"))
            .arg("--demo")
            .env("DISPLAY", display.name())
            .env("TMPDIR", tmp)
            .env("XDG_RUNTIME_DIR", &runtime_dir)
            .env("RUST_LOG", "warn,visitor_desk=info")
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                "unix:path=/nonexistent/visitor-desk-test/bus",
            )
            .env_remove("WAYLAND_DISPLAY")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&stderr).expect("stderr file"))
            .kill_on_drop(true)
            .spawn()
            .expect("visitor-desk runs");
        let demo = Self {
            app,
            tmp: tmp.to_owned(),
            stderr,
        };
        // Signed in, its journal written: its two folders exist.
        let own = format!("visitor-desk-demo-{}-", demo.app.id().expect("pid"));
        demo.wait_for("the demo signed in with its journal", |demo| {
            let folders = demo.folders();
            let its_own = folders
                .iter()
                .filter(|folder| folder.to_string_lossy().contains(&own))
                .count();
            demo.log().contains("signed in") && its_own == 2
        })
        .await;
        demo
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    /// The demo's temporary folders in `tmp`.
    fn folders(&self) -> Vec<PathBuf> {
        demo_folders(&self.tmp)
    }

    async fn wait_for(&self, what: &str, done: impl Fn(&Self) -> bool) {
        let deadline = Instant::now() + PATIENCE;
        while !done(self) {
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}: {}",
                self.log()
            );
            // The window is another process: its log is read again until it says so.
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn ended(mut self) -> (Option<i32>, String, Vec<PathBuf>) {
        let status = tokio::time::timeout(PATIENCE, self.app.wait())
            .await
            .expect("the app ended in time")
            .expect("its status");
        (status.code(), self.log(), self.folders())
    }
}

fn demo_folders(tmp: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(tmp)
        .expect("tmp")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with("visitor-desk-demo-"))
        })
        .collect()
}

async fn xdotool(display: &Display, args: &[&str]) -> String {
    let output = Command::new("xdotool")
        .args(args)
        .env("DISPLAY", display.name())
        .output()
        .await
        .expect("xdotool runs (the xdotool package)");
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

async fn window_of(display: &Display) -> String {
    let found = xdotool(display, &["search", "--name", "^Visitor Desk$"]).await;
    found.lines().next().expect("the window").to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_stopped_with_sigterm_closes_and_leaves_nothing_in_tmp() {
    let display = Display::start().await;
    let tmp = tempfile::tempdir().expect("tmp");
    let demo = Demo::start(&display, tmp.path()).await;
    let pid = demo.app.id().expect("pid").to_string();
    // The shell's own kill: no procps needed.
    let killed = Command::new("sh")
        .args(["-c", &format!("kill -TERM {pid}")])
        .status()
        .await
        .expect("sh runs");
    assert!(killed.success());
    let (code, log, folders) = demo.ended().await;
    assert_eq!(code, Some(0), "closed as by the user: {log}");
    assert!(folders.is_empty(), "left behind: {folders:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_window_destroyed_from_outside_ends_the_app_as_a_close_does() {
    let display = Display::start().await;
    let tmp = tempfile::tempdir().expect("tmp");
    let demo = Demo::start(&display, tmp.path()).await;
    let window = window_of(&display).await;
    xdotool(&display, &["windowclose", &window]).await;
    let (code, log, folders) = demo.ended().await;
    assert!(!log.contains("panicked"), "{log}");
    assert!(log.contains("destroyed from outside"), "{log}");
    assert_eq!(code, Some(0), "{log}");
    assert!(folders.is_empty(), "left behind: {folders:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn folders_of_a_demo_that_could_not_clean_up_go_at_the_next_demo() {
    let display = Display::start().await;
    let tmp = tempfile::tempdir().expect("tmp");
    let mut first = Demo::start(&display, tmp.path()).await;
    let left = first.folders();
    // Killed outright (as when its display connection is cut and Xlib ends the process on the spot): nothing of
    // it runs after.
    first.app.start_kill().expect("killed");
    let (code, log, folders) = first.ended().await;
    assert_eq!(code, None, "ended by the signal: {log}");
    assert_eq!(folders, left, "this one could not clean up");
    let second = Demo::start(&display, tmp.path()).await;
    let now = second.folders();
    assert!(
        left.iter().all(|folder| !now.contains(folder)),
        "the first demo's folders went: {now:?}"
    );
}
