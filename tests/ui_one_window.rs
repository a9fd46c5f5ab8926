//! One copy per account, inside the window: the real app (egui_kittest) whose backend serves the account's
//! socket. A later launch's arguments reach the window through it (the window asks for the front, and when it
//! does not get the focus within a second, says so in a notification); a sign-in to another account moves the
//! socket to that account.
#![cfg(unix)]

mod common;

use std::sync::Arc;

use aipix_sim::SimConfig;
use chrono::TimeDelta;
use parking_lot::Mutex;
use visitor_desk::backend::{BackendConfig, InstanceClaim};
use visitor_desk::desktop::alerts::Alert;
use visitor_desk::desktop::single_instance::{self, Account, Claim, Handover, InstanceKey};
use visitor_desk::messages::Command;
use visitor_desk::ui::StartOptions;

use common::desk::{Desk, WIDE};
use egui_kittest::kittest::Queryable as _;

fn key(server: &str, login: &str) -> InstanceKey {
    InstanceKey::new(&Account {
        config_dir: None,
        server,
        login,
    })
}

fn launch(args: &[&str]) -> Handover {
    Handover {
        args: args.iter().map(|arg| (*arg).to_owned()).collect(),
        working_dir: None,
    }
}

#[test]
fn a_later_launch_reaches_the_window_and_a_sign_in_moves_the_socket_to_its_account() {
    let sockets = tempfile::tempdir().expect("a folder for the sockets");
    let dir = sockets.path().join("visitor-desk");
    // Launched with nothing chosen: the sign-in screen's socket.
    let blank = key("", "");
    let Claim::First(listener) = single_instance::claim(&dir, &blank, &launch(&[])) else {
        panic!("the first copy")
    };
    let backend = BackendConfig {
        instance: Arc::new(Mutex::new(Some(InstanceClaim {
            dir: dir.clone(),
            config_dir: None,
            listener: Some((listener, blank.clone())),
        }))),
        resume: visitor_desk::backend::Resume::Nothing,
        ..BackendConfig::new("one-window")
    };
    let mut desk = Desk::with(SimConfig::default(), WIDE, backend, |_| {
        StartOptions::default()
    });
    desk.frames(3);
    let server = desk.sim.base_url();

    // A second launch naming the simulator: handed over; the window fills its sign-in form from it.
    let Claim::HandedOver = single_instance::claim(
        &dir,
        &blank,
        &launch(&["--server", &server, "--login", "demo"]),
    ) else {
        panic!("handed over to the window")
    };
    desk.step_until("the launch's server in the form", |h| {
        h.state().sign_in_form().server == server
    });
    assert_eq!(desk.field("Login"), "demo");

    // The test's window never gets the focus, as on a desktop that prevents focus stealing: a second later,
    // the notification.
    desk.sent();
    desk.advance_clock(TimeDelta::milliseconds(1100));
    desk.frames(2);
    // (The sign-in form asks the server what it is, as it does for any address filled in.)
    let told: Vec<Command> = desk
        .sent()
        .into_iter()
        .filter(|command| !matches!(command, Command::LoadServerFacts { .. }))
        .collect();
    assert!(
        matches!(
            told.as_slice(),
            [Command::Notify(alert)] if matches!(alert.as_ref(), Alert::AlreadyOpen { .. })
        ),
        "{told:?}"
    );

    // Signed in: the socket is the account's now, and the sign-in screen's is free again.
    desk.type_into("Password", "demo");
    desk.harness.key_press(egui::Key::Enter);
    desk.step_until("the codes", |h| h.state().state().last_sync.is_some());
    assert!(matches!(
        single_instance::claim(&dir, &key(&server, "demo"), &launch(&[])),
        Claim::HandedOver
    ));
    assert!(matches!(
        single_instance::claim(&dir, &blank, &launch(&[])),
        Claim::First(_)
    ));
}

#[test]
fn a_later_launch_does_not_overwrite_what_the_user_typed_into_the_sign_in_form_it_asks() {
    let sockets = tempfile::tempdir().expect("a folder for the sockets");
    let dir = sockets.path().join("visitor-desk");
    let blank = key("", "");
    let Claim::First(listener) = single_instance::claim(&dir, &blank, &launch(&[])) else {
        panic!("the first copy")
    };
    let backend = BackendConfig {
        instance: Arc::new(Mutex::new(Some(InstanceClaim {
            dir: dir.clone(),
            config_dir: None,
            listener: Some((listener, blank.clone())),
        }))),
        resume: visitor_desk::backend::Resume::Nothing,
        ..BackendConfig::new("one-window-typed")
    };
    let mut desk = Desk::with(SimConfig::default(), WIDE, backend, |_| {
        StartOptions::default()
    });
    desk.frames(3);
    let server = desk.sim.base_url();
    // The user is half way through signing in to another server.
    desk.type_into("Server", "https://vms.example.org");
    desk.type_into("Login", "frontdesk");
    desk.type_into("Password", "half-typed");

    let hand_over = |login: &str| {
        assert!(matches!(
            single_instance::claim(
                &dir,
                &blank,
                &launch(&["--server", &server, "--login", login]),
            ),
            Claim::HandedOver
        ));
    };
    hand_over("demo");
    desk.step_until("the question", |h| {
        h.query_by_label("Keep what I typed").is_some()
    });
    assert_eq!(desk.field("Server"), "https://vms.example.org");
    assert_eq!(desk.field("Login"), "frontdesk");
    assert_eq!(
        desk.harness.state().sign_in_form().password,
        "half-typed",
        "nothing typed is lost while the question waits"
    );
    desk.harness.get_by_label("Keep what I typed").click();
    desk.frames(2);
    assert!(!desk.has_label("Keep what I typed"));
    assert_eq!(desk.field("Server"), "https://vms.example.org");
    assert_eq!(desk.harness.state().sign_in_form().password, "half-typed");

    // Asked again, and taken this time: the launch's account, the password to type.
    hand_over("demo");
    desk.step_until("the question again", |h| {
        h.query_by_label("Fill in that account").is_some()
    });
    desk.harness.get_by_label("Fill in that account").click();
    desk.frames(2);
    assert_eq!(desk.field("Server"), server);
    assert_eq!(desk.field("Login"), "demo");
    assert!(desk.harness.state().sign_in_form().password.is_empty());
    assert!(desk.is_focused("Password"));

    // The form as the app filled it, nothing typed since: the next launch fills it without asking.
    hand_over("manager");
    desk.step_until("the next launch's login", |h| {
        h.state().sign_in_form().login == "manager"
    });
    assert!(!desk.has_label("Keep what I typed"));
}
