//! Waiting for what the backend answers: on its own asynchronous receive, so that a test goes on the moment the
//! event arrives (no polling, no sleeps), and fails with what it waited for when it does not come.

use std::path::Path;
use std::time::Duration;

use visitor_desk::backend::Backend;
use visitor_desk::journal::{self, Answer, Entry};
use visitor_desk::messages::Event;

/// How long a test waits for an answer before it fails: generous, because CI machines are busy.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// Waits for the first event `pick` answers `Some` for (those before it are dropped), and answers that.
pub fn wait_for<T>(
    backend: &mut Backend,
    what: &str,
    mut pick: impl FnMut(&Event) -> Option<T>,
) -> T {
    // A runtime for the wait alone: the backend runs on the test's own, which this thread is not inside.
    let waiting = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a runtime to wait on");
    let found = waiting.block_on(async {
        tokio::time::timeout(PATIENCE, async {
            while let Some(event) = backend.recv().await {
                if let Some(found) = pick(&event) {
                    return Some(found);
                }
            }
            None
        })
        .await
    });
    match found {
        Ok(Some(found)) => found,
        Ok(None) => panic!("the backend stopped before {what}"),
        Err(_) => panic!("timed out waiting for {what}"),
    }
}

/// Waits for the first event that `matches`, and answers it.
pub fn wait_for_event(
    backend: &mut Backend,
    what: &str,
    matches: impl Fn(&Event) -> bool,
) -> Event {
    wait_for(backend, what, |event| matches(event).then(|| event.clone()))
}

/// The journal at `file`, oldest first, as the command line reads it; empty while it cannot be read.
pub fn read_journal(file: &Path) -> Vec<Entry> {
    let mut out = Vec::new();
    let options = journal::command::Options {
        format: journal::command::Format::Json,
        ..journal::command::Options::default()
    };
    if journal::command::write_from(file, &options, &mut out).is_err() {
        return Vec::new();
    }
    let mut entries: Vec<Entry> = serde_json::from_slice(&out).expect("json");
    entries.reverse();
    entries
}

/// The journal at `file` once `done` holds for it: read again each time the journal's thread says it wrote
/// (`Answer::Changed`), which it does in its own time. The events on the way are kept in `seen`.
pub fn journal_when(
    backend: &mut Backend,
    file: &Path,
    seen: &mut Vec<Event>,
    done: impl Fn(&[Entry]) -> bool,
) -> Vec<Entry> {
    loop {
        let entries = read_journal(file);
        if done(&entries) {
            return entries;
        }
        wait_for(backend, "the journal's next write", |event| {
            seen.push(event.clone());
            matches!(event, Event::Journal(Answer::Changed { .. })).then_some(())
        });
    }
}
