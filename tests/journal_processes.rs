//! The journal's file against real processes: a writer killed with SIGKILL in the middle of its work loses nothing
//! it had committed and leaves a sound file; two copies of the app write one file at once and lose nothing; a copy
//! that finds the file held by another waits, says so, and writes once it is free.
//!
//! The writers are this test binary run again as a child (`child_writer`, ignored in normal runs), driving the
//! real journal (its thread, its connection) and printing `committed N` once entries 0..N are committed.

use std::collections::HashSet;
use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use chrono::Utc;
use visitor_desk::journal::observe::What;
use visitor_desk::journal::{self, Answer, Entry, Health, Journal, JournalSetup, Observation};

const DIR_VAR: &str = "JOURNAL_CHILD_FILE";
const LABEL_VAR: &str = "JOURNAL_CHILD_LABEL";
const COUNT_VAR: &str = "JOURNAL_CHILD_COUNT";
/// Entries between two waits for the commit.
const BURST: usize = 10;

/// Run as a child by the tests below: writes `COUNT` entries (or until killed) to the journal at `FILE`.
#[test]
#[ignore = "a child process of the tests in this file"]
#[allow(clippy::print_stdout)]
fn child_writer() {
    let (Ok(file), Ok(label)) = (std::env::var(DIR_VAR), std::env::var(LABEL_VAR)) else {
        return;
    };
    let count: usize = std::env::var(COUNT_VAR)
        .ok()
        .and_then(|count| count.parse().ok())
        .unwrap_or(usize::MAX);
    let file = PathBuf::from(file);
    let setup = JournalSetup::new(
        file.parent().expect("folder").to_owned(),
        &format!("device-{label}"),
        400,
    );
    let sink: journal::Sink = Arc::new(|answer| {
        if let Answer::Health(health) = answer {
            let word = match health {
                Health::Ok => "ok",
                Health::Busy => "busy",
                Health::Unavailable(_) => "unavailable",
                Health::Off => "off",
            };
            println!("health {word}");
        }
    });
    let journal = Journal::open_at(file, setup, "demo", sink);
    let mut sent = 0;
    while sent < count {
        for _ in 0..BURST.min(count - sent) {
            journal.observe(Observation {
                at: Utc::now(),
                what: What::SignInFailed {
                    reason: format!("{label} #{sent}"),
                },
            });
            sent += 1;
        }
        // Keep trying while the file is held by another process.
        while journal.flush().is_err() {
            // Another process holds the file's lock: nothing in this one says when it lets go.
            std::thread::sleep(Duration::from_millis(20));
        }
        println!("committed {sent}");
    }
}

/// A child that is killed if the test ends early, so that no writer outlives a failed test.
struct Writer(Child);

impl Drop for Writer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl std::ops::Deref for Writer {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.0
    }
}

impl std::ops::DerefMut for Writer {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

fn spawn_writer(file: &Path, label: &str, count: Option<usize>) -> Writer {
    let mut command = Command::new(std::env::current_exe().expect("this test binary"));
    command
        .args(["child_writer", "--exact", "--ignored", "--nocapture"])
        .env(DIR_VAR, file)
        .env(LABEL_VAR, label)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(count) = count {
        command.env(COUNT_VAR, count.to_string());
    }
    Writer(command.spawn().expect("the child starts"))
}

/// The child's `committed`/`health` lines, as they come.
fn lines_of(child: &mut Child) -> mpsc::Receiver<String> {
    let stdout = child.stdout.take().expect("stdout");
    let (lines, received) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            // The test harness may print its own words before ours on the same line.
            let ours = ["committed ", "health "]
                .iter()
                .find_map(|word| line.find(word));
            if let Some(start) = ours
                && lines.send(line[start..].to_owned()).is_err()
            {
                break;
            }
        }
    });
    received
}

fn committed(line: &str) -> Option<usize> {
    line.strip_prefix("committed ")?.parse().ok()
}

/// Every entry of the file, read the way `visitor-desk journal` reads it.
fn entries(file: &Path) -> Vec<Entry> {
    let mut out = Vec::new();
    let options = journal::command::Options {
        format: journal::command::Format::Json,
        ..journal::command::Options::default()
    };
    journal::command::write_from(file, &options, &mut out).expect("the journal reads");
    serde_json::from_slice(&out).expect("json")
}

/// How many entries the file has, or why it cannot be read (yet: the first writer may not have made it).
fn try_count(file: &Path) -> Result<usize, journal::command::CommandError> {
    let mut out = Vec::new();
    let options = journal::command::Options {
        format: journal::command::Format::Json,
        ..journal::command::Options::default()
    };
    journal::command::write_from(file, &options, &mut out)
}

fn integrity(file: &Path) -> String {
    let connection = rusqlite::Connection::open(file).expect("open");
    connection
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .expect("integrity check")
}

fn details_of(entries: &[Entry], label: &str) -> HashSet<String> {
    entries
        .iter()
        .filter(|entry| entry.detail.starts_with(&format!("{label} #")))
        .map(|entry| entry.detail.clone())
        .collect()
}

#[test]
fn a_writer_killed_with_sigkill_loses_nothing_it_committed() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("journal.sqlite3");
    for round in 0..3 {
        let label = format!("round{round}");
        let mut child = spawn_writer(&file, &label, None);
        let lines = lines_of(&mut child);
        // Let it commit a good number of bursts, then kill it wherever it is.
        let target = 150 + round * 70;
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut last = 0;
        while last < target {
            let line = lines
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("the child commits");
            last = committed(&line).unwrap_or(last);
        }
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        // Commits it reported between our last read and the kill count too.
        while let Ok(line) = lines.try_recv() {
            last = committed(&line).unwrap_or(last);
        }

        assert_eq!(integrity(&file), "ok");
        let found = details_of(&entries(&file), &label);
        let missing: Vec<usize> = (0..last)
            .filter(|n| !found.contains(&format!("{label} #{n}")))
            .collect();
        assert!(
            missing.is_empty(),
            "round {round}: lost committed entries {missing:?}"
        );
    }
}

#[test]
fn two_copies_write_one_file_at_once_and_a_reader_reads_meanwhile() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("journal.sqlite3");
    let count = 400;
    let mut first = spawn_writer(&file, "left", Some(count));
    let mut second = spawn_writer(&file, "right", Some(count));
    // A third party reads while both write (the history view of a third window, say).
    let (mut reads, mut read_some) = (0, false);
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let done =
            first.try_wait().expect("wait").is_some() && second.try_wait().expect("wait").is_some();
        if let Ok(count) = try_count(&file) {
            reads += 1;
            read_some |= count > 0;
        }
        if done {
            break;
        }
        assert!(Instant::now() < deadline, "the writers did not finish");
        // Two writer processes and this reader on one file: read as they write.
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(first.wait().expect("first").success());
    assert!(second.wait().expect("second").success());
    assert!(
        reads > 0 && read_some,
        "read {reads} times while they wrote"
    );

    assert_eq!(integrity(&file), "ok");
    let all = entries(&file);
    assert_eq!(details_of(&all, "left").len(), count);
    assert_eq!(details_of(&all, "right").len(), count);
    assert_eq!(all.len(), 2 * count, "nothing written twice");
}

#[test]
fn a_copy_that_finds_the_file_held_waits_says_so_and_writes_after() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("journal.sqlite3");
    // Make the file, then hold its write lock as another copy in the middle of a long write would.
    let mut first = spawn_writer(&file, "first", Some(1));
    assert!(first.wait().expect("first").success());
    let holder = rusqlite::Connection::open(&file).expect("open");
    holder.execute_batch("BEGIN IMMEDIATE").expect("lock");

    let mut child = spawn_writer(&file, "waiting", Some(30));
    let lines = lines_of(&mut child);
    let busy = lines
        .recv_timeout(Duration::from_secs(30))
        .expect("the child says something");
    assert_eq!(busy, "health busy", "it says it is waiting");
    // Nothing of it is in the file while the lock is held.
    // What must NOT happen (a commit while the lock is held) has no event: half a second is given for it.
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        lines.try_recv().is_err(),
        "it committed nothing while the file was held"
    );
    holder.execute_batch("COMMIT").expect("unlock");
    drop(holder);

    let mut said = Vec::new();
    while let Ok(line) = lines.recv_timeout(Duration::from_secs(30)) {
        said.push(line);
    }
    assert!(child.wait().expect("child").success());
    assert_eq!(
        said.first().map(String::as_str),
        Some("health ok"),
        "{said:?}"
    );
    assert_eq!(
        said.last().map(String::as_str),
        Some("committed 30"),
        "{said:?}"
    );
    assert_eq!(details_of(&entries(&file), "waiting").len(), 30);
}
