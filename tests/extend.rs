//! Extension through the real backend against the simulator: the three outcomes (both steps work, the create
//! fails, the revoke fails) and the full account, checked on the server and in what the backend reports.

mod common;

use std::sync::Arc;

use aipix_sim::SimHandle;
use aipix_sim::testing::start_on_loopback;
use chrono::{TimeDelta, Utc};
use visitor_desk::backend::{Backend, BackendConfig};
use visitor_desk::messages::{Command, Event, SignInRequest};

struct Headless {
    _runtime: tokio::runtime::Runtime,
    sim: SimHandle,
    backend: Backend,
}

impl Headless {
    fn signed_in() -> Self {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let sim = runtime.block_on(start_on_loopback(aipix_sim::SimConfig::default()));
        let backend = Backend::start(
            runtime.handle(),
            BackendConfig::new("extend-test"),
            Arc::new(|| {}),
        );
        backend.send(Command::SignIn(SignInRequest {
            server: sim.base_url(),
            login: "demo".into(),
            password: "demo".into(),
            ..SignInRequest::default()
        }));
        let mut desk = Self {
            _runtime: runtime,
            sim,
            backend,
        };
        desk.wait_for("the first listing", |e| matches!(e, Event::Synced { .. }));
        desk
    }

    fn wait_for(&mut self, what: &str, matches: impl Fn(&Event) -> bool) -> Event {
        common::events::wait_for_event(&mut self.backend, what, matches)
    }

    /// A code of the demo account that still works, and its intercom.
    fn a_valid_code(&self) -> (u64, u64) {
        let intercom = self.sim.intercom_ids("demo")[0];
        let made = self
            .sim
            .create_code(
                "demo",
                intercom,
                "Maria Lopez",
                self.sim.now() + TimeDelta::minutes(10),
            )
            .expect("a code");
        (made["id"].as_u64().expect("id"), intercom)
    }

    fn extend(&mut self, old: u64, intercom: u64, revoke_first: bool) -> Event {
        self.backend.send(Command::Extend {
            request: 7,
            old,
            intercom,
            title: "Maria Lopez".into(),
            expires_at: Utc::now() + TimeDelta::hours(4),
            revoke_first,
        });
        self.wait_for("the extension's answer", |e| {
            matches!(e, Event::Extended { .. } | Event::ExtendFailed { .. })
        })
    }
}

#[test]
fn the_new_code_is_made_before_the_old_one_is_revoked() {
    let mut desk = Headless::signed_in();
    let (old, intercom) = desk.a_valid_code();
    let before = desk.sim.code_ids("demo").len();
    let mut pushes = desk.sim.subscribe_pushes();
    let Event::Extended {
        code,
        old: replaced,
        old_revoke,
        ..
    } = desk.extend(old, intercom, false)
    else {
        panic!("an extension");
    };
    assert_eq!(replaced, old);
    assert_eq!(old_revoke, Ok(()));
    assert_eq!(code.title, "Maria Lopez");
    assert_eq!(code.intercom_id().expect("the intercom"), intercom);
    let held = desk.sim.code_ids("demo");
    assert!(held.contains(&code.id) && !held.contains(&old));
    assert_eq!(held.len(), before, "one in, one out");
    // The server saw the create first, then the revoke.
    let order: Vec<String> = std::iter::from_fn(|| pushes.try_recv().ok())
        .map(|push| push.data["type"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(order, ["intercom.code.store", "intercom.code.delete"]);
}

#[test]
fn a_failed_create_leaves_the_old_code_untouched() {
    let mut desk = Headless::signed_in();
    let (old, intercom) = desk.a_valid_code();
    let before = desk.sim.code_ids("demo");
    desk.sim.fail_creates(true);
    let Event::ExtendFailed { old_revoked, .. } = desk.extend(old, intercom, false) else {
        panic!("a failure");
    };
    assert!(!old_revoked);
    assert_eq!(
        desk.sim.code_ids("demo"),
        before,
        "nothing changed on the server"
    );
}

#[test]
fn a_failed_revoke_says_both_codes_work() {
    let mut desk = Headless::signed_in();
    let (old, intercom) = desk.a_valid_code();
    desk.sim.fail_deletes(true);
    let Event::Extended {
        code, old_revoke, ..
    } = desk.extend(old, intercom, false)
    else {
        panic!("an extension");
    };
    assert!(old_revoke.is_err(), "the revoke's failure is reported");
    let held = desk.sim.code_ids("demo");
    assert!(held.contains(&code.id) && held.contains(&old), "both work");
}

#[test]
fn a_full_account_refuses_then_revoking_first_makes_room() {
    let mut desk = Headless::signed_in();
    let (old, intercom) = desk.a_valid_code();
    desk.sim.set_code_limit(desk.sim.code_ids("demo").len());
    let Event::ExtendFailed {
        limit, old_revoked, ..
    } = desk.extend(old, intercom, false)
    else {
        panic!("the account is full");
    };
    assert!(limit.is_some(), "the refusal names the limit");
    assert!(!old_revoked);
    assert!(desk.sim.code_ids("demo").contains(&old));

    let Event::Extended {
        code, old_revoke, ..
    } = desk.extend(old, intercom, true)
    else {
        panic!("revoking first makes room");
    };
    assert_eq!(old_revoke, Ok(()));
    let held = desk.sim.code_ids("demo");
    assert!(held.contains(&code.id) && !held.contains(&old));
}

#[test]
fn revoking_first_then_failing_to_create_is_reported_as_such() {
    let mut desk = Headless::signed_in();
    let (old, intercom) = desk.a_valid_code();
    desk.sim.fail_creates(true);
    let Event::ExtendFailed { old_revoked, .. } = desk.extend(old, intercom, true) else {
        panic!("a failure");
    };
    assert!(
        old_revoked,
        "the visitor has no code now, and the event says so"
    );
    assert!(!desk.sim.code_ids("demo").contains(&old));
}

#[test]
fn a_slip_saved_by_the_backend_is_a_pdf_of_the_code() {
    use visitor_desk::handover::{Handover, SlipSize};
    use visitor_desk::messages::SlipAction;

    let mut desk = Headless::signed_in();
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("slip.pdf");
    let handover = Handover {
        code: "48213".into(),
        title: "Maria Lopez".into(),
        intercom: "Main entrance".into(),
        ..Handover::default()
    };
    desk.backend.send(Command::MakeSlip {
        handover: Box::new(handover),
        qr_text: "Your code is 48213".into(),
        size: SlipSize::Receipt,
        then: SlipAction::Save(path.clone()),
    });
    let Event::SlipMade { path: made, .. } = desk.wait_for("the slip", |e| {
        matches!(e, Event::SlipMade { .. } | Event::SlipFailed { .. })
    }) else {
        panic!("the slip is made");
    };
    assert_eq!(made, path);
    let text = pdf_extract::extract_text(&path).expect("a PDF");
    assert!(
        text.contains("48213") && text.contains("Maria Lopez"),
        "{text}"
    );

    // A folder that does not exist: a message, not a crash.
    desk.backend.send(Command::MakeSlip {
        handover: Box::default(),
        qr_text: String::new(),
        size: SlipSize::A6,
        then: SlipAction::Save(dir.path().join("missing/slip.pdf")),
    });
    let Event::SlipFailed { error } = desk.wait_for("the failure", |e| {
        matches!(e, Event::SlipMade { .. } | Event::SlipFailed { .. })
    }) else {
        panic!("the slip cannot be written there");
    };
    let message = error.text();
    assert!(message.contains("missing"), "{message}");
}
