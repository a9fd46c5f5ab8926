//! The built `visitor-desk` binary as a script runs it: folders of its own for settings and journals, no
//! keyring, no terminal, English, and what it left (exit code, stdout, stderr).

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use tokio::process::Command;

/// What one run left.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Exit code `code`, and on failure nothing on stdout.
    #[track_caller]
    pub fn exited(&self, code: i32) -> &Self {
        assert_eq!(self.code, Some(code), "{self:#?}");
        if code != 0 {
            assert_eq!(self.stdout, "", "a failure prints nothing on stdout");
        }
        self
    }
}

/// Folders of one user of the command line: settings in `config`, journals under `data`.
pub struct Home {
    pub config: tempfile::TempDir,
    pub data: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Self {
        Self {
            config: tempfile::tempdir().expect("config dir"),
            data: tempfile::tempdir().expect("data dir"),
        }
    }

    /// `visitor-desk ARGS` in this home, with the password if given.
    pub fn command(&self, args: &[&str], password: Option<&str>) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_visitor-desk"));
        command
            .args(args)
            .env("VISITOR_DESK_CONFIG_DIR", self.config.path())
            .env("VISITOR_DESK_DATA_DIR", self.data.path())
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                "unix:path=/nonexistent/visitor-desk-test/bus",
            )
            .env_remove("RUST_LOG")
            .env_remove("VISITOR_DESK_PASSWORD")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C.UTF-8")
            .stdin(Stdio::null())
            .kill_on_drop(true);
        if let Some(password) = password {
            command.env("VISITOR_DESK_PASSWORD", password);
        }
        command
    }

    pub async fn run(&self, args: &[&str], password: Option<&str>) -> Run {
        run(self.command(args, password)).await
    }

    /// The journals' folder.
    pub fn journal_dir(&self) -> std::path::PathBuf {
        self.data.path().join("journal")
    }

    pub fn settings_file(&self) -> std::path::PathBuf {
        self.config.path().join("settings.json")
    }
}

pub async fn run(mut command: Command) -> Run {
    let output = tokio::time::timeout(Duration::from_secs(60), command.output())
        .await
        .expect("visitor-desk finished in time")
        .expect("visitor-desk runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Every file under `dir`, however deep.
pub fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found
}

impl Home {
    /// Runs `command_line` on a pseudo-terminal (util-linux's `script`), typing each answer once its prompt
    /// shows; answers the exit code and the screen.
    pub async fn in_terminal(
        &self,
        command_line: &str,
        answers: &[(&str, &str)],
    ) -> (Option<i32>, String) {
        use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
        let mut script = Command::new("script");
        script
            .args([
                "--quiet",
                "--return",
                "--command",
                command_line,
                "/dev/null",
            ])
            .env("VISITOR_DESK_CONFIG_DIR", self.config.path())
            .env("VISITOR_DESK_DATA_DIR", self.data.path())
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                "unix:path=/nonexistent/visitor-desk-test/bus",
            )
            .env_remove("RUST_LOG")
            .env_remove("VISITOR_DESK_PASSWORD")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C.UTF-8")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let mut child = script.spawn().expect("script(1) runs");
        let mut stdin = child.stdin.take().expect("stdin");
        let mut stdout = child.stdout.take().expect("stdout");
        let mut screen = String::new();
        let typing = async {
            for (prompt, answer) in answers {
                while !screen.contains(prompt) {
                    let mut buffer = [0u8; 4096];
                    let read = stdout.read(&mut buffer).await.expect("the terminal");
                    assert!(read > 0, "ended before {prompt:?}: {screen}");
                    screen.push_str(&String::from_utf8_lossy(&buffer[..read]));
                }
                // As a person would, answer after the prompt is read (what is typed earlier is echoed by the
                // terminal before the program reads it).
                tokio::time::sleep(Duration::from_millis(300)).await;
                screen.push_str("\n<typed>\n");
                stdin
                    .write_all(format!("{answer}\r").as_bytes())
                    .await
                    .expect("typing");
            }
            stdout
                .read_to_string(&mut screen)
                .await
                .expect("the rest of the screen");
        };
        let in_time = tokio::time::timeout(Duration::from_secs(60), typing).await;
        assert!(
            in_time.is_ok(),
            "the terminal session took too long: {screen}"
        );
        let status = child.wait().await.expect("script ends");
        (status.code(), screen)
    }
}
