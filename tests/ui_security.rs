//! The window before a password leaves in clear: a plain-http server on another computer (the simulator on this
//! machine's address that is not loopback) gets no sign-in until the user says so under the address, "Use
//! http://…" asks first instead of signing in, and a session over plain http says "Not encrypted" while it lasts.
//! A user name and password typed into the address are refused under it.

mod common;

use aipix_sim::SimConfig;
use common::desk::{Desk, WIDE};
use common::events::wait_for as next_of;
use egui_kittest::kittest::Queryable as _;
use visitor_desk::backend::BackendConfig;
use visitor_desk::messages::Command;
use visitor_desk::ui::StartOptions;

const CONFIRM: &str = "Sign in without encryption";

/// The sign-in screen for the demo account on a simulator at this machine's non-loopback address, `server` made
/// from the simulator's address.
fn at_sign_in_elsewhere(server: impl FnOnce(&str) -> String) -> Desk {
    Desk::with_sim_on(
        common::non_loopback_ip(),
        SimConfig::default(),
        WIDE,
        BackendConfig::new("ui-test-device"),
        |sim| StartOptions {
            also: Vec::new(),
            server: server(&sim.base_url()),
            login: "demo".into(),
            password: None,
        },
    )
}

fn sign_ins(commands: &[Command]) -> Vec<bool> {
    commands
        .iter()
        .filter_map(|command| match command {
            Command::SignIn(request) => Some(request.allow_insecure_http),
            _ => None,
        })
        .collect()
}

#[test]
fn plain_http_to_another_computer_asks_before_the_password_goes_and_stays_marked() {
    let mut desk = at_sign_in_elsewhere(str::to_owned);
    desk.frames(2);
    assert!(
        !desk.has_label(CONFIRM),
        "no warning before anything is asked"
    );
    desk.type_into("Password", "demo");
    desk.harness.key_press(egui::Key::Enter);
    desk.step_until("the warning", |h| h.query_by_label(CONFIRM).is_some());
    assert!(desk.has_label_containing("reached over plain http"));
    assert!(desk.has_label_containing("network you trust"));
    assert_eq!(sign_ins(&desk.sent()), [false]);
    assert_eq!(
        desk.sim.session_count("demo"),
        0,
        "no password reached the server"
    );
    assert!(!desk.has_label_containing("Not encrypted"));

    desk.harness.get_by_label(CONFIRM).click();
    desk.step_until("the codes", |h| h.state().state().last_sync.is_some());
    assert_eq!(sign_ins(&desk.sent()), [true]);
    assert_eq!(desk.sim.session_count("demo"), 1);
    // The marker stays in the top bar for the whole session.
    assert!(desk.has_label_containing("Not encrypted"));
    desk.frames(3);
    assert!(desk.has_label_containing("Not encrypted"));
}

#[test]
fn use_http_on_another_computer_asks_first_instead_of_signing_in_in_one_click() {
    let mut desk = at_sign_in_elsewhere(|base| base.replacen("http://", "https://", 1));
    let plain = desk.sim.base_url();
    desk.type_into("Password", "demo");
    desk.harness.key_press(egui::Key::Enter);
    let use_http = format!("Use {plain}");
    desk.step_until("the offer to use http", |h| {
        h.query_by_label(&use_http).is_some()
    });
    desk.sent();
    desk.harness.get_by_label(&use_http).click();
    desk.frames(3);
    assert!(
        sign_ins(&desk.sent()).is_empty(),
        "nothing was sent on that click"
    );
    assert_eq!(desk.field("Server"), plain);
    assert!(desk.has_label_containing("reached over plain http"));
    desk.harness.get_by_label(CONFIRM).click();
    desk.step_until("the codes", |h| h.state().state().last_sync.is_some());
    assert_eq!(sign_ins(&desk.sent()), [true]);
    assert!(desk.has_label_containing("Not encrypted"));
}

#[test]
fn the_same_server_on_loopback_needs_no_leave_and_has_no_marker() {
    let mut desk = Desk::signed_in();
    desk.frames(2);
    assert!(desk.sim.base_url().starts_with("http://127.0.0.1"));
    assert!(!desk.has_label_containing("Not encrypted"));
}

#[test]
fn a_password_in_the_address_is_refused_under_it_and_sends_nothing() {
    let mut desk = Desk::at_sign_in();
    let address = desk
        .sim
        .base_url()
        .replacen("http://", "http://demo:demo@", 1);
    desk.harness.get_by_label("Server").click();
    desk.frames(1);
    desk.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    desk.harness.get_by_label("Server").type_text(&address);
    desk.frames(1);
    desk.type_into("Password", "demo");
    desk.harness.key_press(egui::Key::Enter);
    desk.step_until("the refusal", |h| {
        // Under the field, and in what a screen reader is told.
        h.query_all_by_label_contains("contains a user name or password")
            .next()
            .is_some()
    });
    assert!(
        desk.is_focused("Server"),
        "the keyboard goes to the address"
    );
    assert_eq!(desk.sim.session_count("demo"), 0);
    assert!(!desk.harness.state().state().is_signed_in());
}

#[test]
fn the_agreement_to_plain_http_is_kept_with_the_profile_and_a_kept_sign_in_without_it_is_not_resumed()
 {
    use std::sync::Arc;
    use visitor_desk::backend::{Backend, Resume, SettingsHome};
    use visitor_desk::messages::{Event, SignInRequest};
    use visitor_desk::secrets::MemoryStore;

    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let address = std::net::SocketAddr::new(common::non_loopback_ip(), 0);
    let sim = runtime
        .block_on(aipix_sim::start(SimConfig::default(), address))
        .expect("the simulator starts");
    let store = Arc::new(MemoryStore::new());
    let config_dir = tempfile::tempdir().expect("config");
    let window = |resume: Resume| {
        let (settings, _) = visitor_desk::settings::load_or_create(config_dir.path());
        let config = BackendConfig {
            store: store.clone(),
            home: Some(SettingsHome {
                dir: config_dir.path().to_owned(),
                settings: settings.clone(),
            }),
            resume,
            ..BackendConfig::new(settings.device_id)
        };
        Backend::start(runtime.handle(), config, Arc::new(|| {}))
    };

    let mut first = window(Resume::Nothing);
    first.send(Command::SignIn(SignInRequest {
        server: sim.base_url(),
        login: "demo".into(),
        password: "demo".into(),
        allow_insecure_http: true,
        ..SignInRequest::default()
    }));
    next_of(&mut first, "the sign-in", |e| {
        matches!(e, Event::SignedIn { .. }).then_some(())
    });
    drop(first);
    let kept = visitor_desk::settings::peek(config_dir.path()).expect("settings");
    assert!(kept.profiles[0].allow_insecure_http, "{kept:#?}");

    // The next start resumes it: the user agreed.
    let mut second = window(Resume::LastProfile);
    next_of(&mut second, "the resumed listing", |e| {
        matches!(e, Event::Synced { .. }).then_some(())
    });
    drop(second);

    // A profile kept before the user was asked (an older version): not resumed, and why.
    visitor_desk::settings::update(config_dir.path(), |settings| {
        settings.profiles[0].allow_insecure_http = false;
    })
    .written()
    .expect("written");
    sim.take_request_stats();
    let mut third = window(Resume::LastProfile);
    let reason = next_of(&mut third, "the start", |e| match e {
        Event::NotResumed { reason } => Some(reason.clone()),
        Event::Resuming { .. } | Event::Synced { .. } => panic!("resumed: {e:?}"),
        _ => None,
    });
    assert!(
        reason
            .as_deref()
            .is_some_and(|why| why.contains("plain http")),
        "{reason:?}"
    );
    assert_eq!(sim.take_request_stats().0, 0, "the token was not sent");
}
