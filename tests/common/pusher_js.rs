//! The official Pusher client (pusher-js, from npm) as a peer of the simulator, driven through
//! `tests/interop/listen.mjs`. Installs pusher-js into `tests/interop/node_modules` on first use.

use parking_lot::Mutex;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt as _, BufReader, Lines};
use tokio::process::{Child, ChildStdout, Command};

/// One install at a time within a test binary; npm itself tolerates a second process.
static INSTALL: Mutex<()> = Mutex::new(());

fn interop_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("interop")
}

/// Makes sure pusher-js is installed (from the lock file), and answers the listener script's path.
pub fn ensure_installed() -> PathBuf {
    let dir = interop_dir();
    let _guard = INSTALL.lock();
    if !dir.join("node_modules/pusher-js/package.json").exists() {
        let status = std::process::Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir)
            .status()
            .expect("npm runs (Node.js and npm are needed for the pusher-js checks)");
        assert!(
            status.success(),
            "npm ci in {} failed: {status}",
            dir.display()
        );
    }
    dir.join("listen.mjs")
}

/// What the listener needs to know.
pub struct ListenerOptions {
    pub host: String,
    pub port: u16,
    pub path: String,
    pub key: String,
    pub auth_endpoint: String,
    pub token: String,
    pub channels: Vec<String>,
    pub pushes: usize,
}

/// A running pusher-js listener and the JSON lines it prints.
pub struct PusherJs {
    child: Child,
    lines: Lines<BufReader<ChildStdout>>,
}

impl PusherJs {
    pub fn spawn(options: &ListenerOptions) -> Self {
        let script = ensure_installed();
        let arguments = serde_json::json!({
            "host": options.host, "port": options.port, "path": options.path, "key": options.key,
            "authEndpoint": options.auth_endpoint, "token": options.token,
            "channels": options.channels, "pushes": options.pushes,
        });
        let mut child = Command::new("node")
            .arg(script)
            .arg(arguments.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("node starts");
        let stdout = child.stdout.take().expect("piped stdout");
        Self {
            child,
            lines: BufReader::new(stdout).lines(),
        }
    }

    /// The next line the listener printed; an `error` step, an exit or a long silence fails the caller.
    pub async fn next_step(&mut self, patience: Duration) -> Value {
        let line = tokio::time::timeout(patience, self.lines.next_line())
            .await
            .expect("pusher-js said something in time")
            .expect("pusher-js output is readable")
            .expect("pusher-js is still running");
        let step: Value = serde_json::from_str(&line).expect("pusher-js prints JSON lines");
        assert_ne!(step["step"], "error", "pusher-js failed: {step}");
        step
    }

    /// The next line as it is, `None` once the listener has exited.
    pub async fn next_raw(&mut self) -> Option<Value> {
        let line = self.lines.next_line().await.ok()??;
        serde_json::from_str(&line).ok()
    }

    /// Waits for the listener to finish on its own.
    pub async fn finished(mut self) -> std::process::ExitStatus {
        tokio::time::timeout(Duration::from_secs(10), self.child.wait())
            .await
            .expect("pusher-js exits")
            .expect("exit status")
    }
}
