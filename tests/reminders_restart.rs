//! Reminders survive a restart: the real backend and its journal against the simulator, the state applying what
//! the backend reports and ticking on the window's clock, as the window does. A reminder given is a journal line;
//! the next start reads it back and gives none again.

use std::sync::Arc;
use std::time::Duration;

use aipix_sim::SimConfig;
use aipix_sim::testing::start_on_loopback;
use chrono::TimeDelta;
use visitor_desk::backend::{Backend, BackendConfig};
use visitor_desk::clock::ManualClock;
use visitor_desk::desktop::alerts::Alert;
use visitor_desk::journal::{self, JournalSetup};
use visitor_desk::messages::{Command, SignInRequest};
use visitor_desk::reminders::ReminderKind;
use visitor_desk::state::AppState;

const PATIENCE: Duration = Duration::from_secs(20);

/// A window without its drawing: a backend and the state it feeds.
struct Desk {
    backend: Backend,
    state: AppState,
    clock: ManualClock,
}

impl Desk {
    fn start(
        runtime: &tokio::runtime::Runtime,
        journal_dir: &std::path::Path,
        clock: ManualClock,
    ) -> Self {
        let config = BackendConfig {
            journal: Some(JournalSetup::new(
                journal_dir.to_owned(),
                "reminder-desk",
                journal::DEFAULT_KEEP_DAYS,
            )),
            clock: clock.clock(),
            ..BackendConfig::new("reminder-desk")
        };
        Self {
            backend: Backend::start(runtime.handle(), config, Arc::new(|| {})),
            state: AppState::new(),
            clock,
        }
    }

    fn send(&mut self, command: Command) {
        self.state.sent(&command);
        self.backend.send(command);
    }

    /// Applies what the backend said until `done`, sending the commands it calls for; waits on the backend's
    /// asynchronous receive, so each event is applied the moment it comes.
    fn until(&mut self, what: &str, mut done: impl FnMut(&AppState) -> bool) {
        // A runtime for the wait alone: the backend runs on the test's own, which this thread is not inside.
        let waiting = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a runtime to wait on");
        let deadline = tokio::time::Instant::now() + PATIENCE;
        while !done(&self.state) {
            let next = waiting
                .block_on(async { tokio::time::timeout_at(deadline, self.backend.recv()).await });
            match next {
                Ok(Some(event)) => {
                    let effects = self.state.apply(event, self.clock.now());
                    for command in effects.commands {
                        self.send(command);
                    }
                }
                Ok(None) => panic!("the backend stopped before {what}"),
                Err(_) => panic!("timed out waiting for {what}"),
            }
        }
    }

    /// The reminders the clock brings now (sent to the backend, which journals them).
    fn tick(&mut self) -> Vec<(ReminderKind, u64)> {
        let effects = self.state.tick(self.clock.now());
        let mut given = Vec::new();
        for command in effects.commands {
            if let Command::Notify(alert) = &command
                && let Alert::Reminder { kind, code, .. } = alert.as_ref()
            {
                given.push((*kind, code.id));
            }
            self.send(command);
        }
        given
    }
}

fn sign_in(desk: &mut Desk, server: &str, code: u64) {
    desk.send(Command::SignIn(SignInRequest {
        server: server.to_owned(),
        login: "demo".into(),
        password: "demo".into(),
        ..SignInRequest::default()
    }));
    desk.until(
        "the listing with the code, and the reminders given before",
        |state| state.code(code).is_some() && state.reminders_ready(),
    );
}

#[test]
fn a_reminder_given_is_never_given_again_after_a_restart() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let sim = runtime.block_on(start_on_loopback(SimConfig::default()));
    let journal_dir = tempfile::tempdir().expect("a journal folder");
    let clock = ManualClock::following_system();
    let main = sim.intercom_ids("demo")[0];
    let expires_at = clock.now() + TimeDelta::minutes(20);
    let code = sim
        .create_code("demo", main, "Late guest", expires_at)
        .expect("a code for 20 minutes")["id"]
        .as_u64()
        .expect("its id");
    let of_the_code = |given: Vec<(ReminderKind, u64)>| -> Vec<ReminderKind> {
        given
            .into_iter()
            .filter(|(_, id)| *id == code)
            .map(|(kind, _)| kind)
            .collect()
    };

    let mut first = Desk::start(&runtime, journal_dir.path(), clock.clone());
    sign_in(&mut first, &sim.base_url(), code);
    assert!(of_the_code(first.tick()).is_empty(), "20 minutes before");
    clock.advance(TimeDelta::minutes(5));
    assert_eq!(of_the_code(first.tick()), [ReminderKind::ExpiresSoon]);
    assert!(of_the_code(first.tick()).is_empty(), "once");
    drop(first);
    assert!(journal::finish_writing(PATIENCE), "the journal is written");

    let mut second = Desk::start(&runtime, journal_dir.path(), clock.clone());
    sign_in(&mut second, &sim.base_url(), code);
    clock.advance(TimeDelta::seconds(30));
    assert!(
        of_the_code(second.tick()).is_empty(),
        "not again after a restart"
    );
}
