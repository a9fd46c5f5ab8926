//! The real `App` driven by typing and clicking (egui_kittest), against the in-process simulator.

mod common;

use std::time::{Duration, Instant};

use aipix_client::api::LoginRequest;
use aipix_sim::SimConfig;
use aipix_sim::testing::start_on_loopback;
use chrono::{TimeDelta, Timelike as _, Utc};
use common::desk::{Desk, PATIENCE, Wakes, creates};
use common::{client_for, signed_in};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use visitor_desk::backend::{Backend, BackendConfig};
use visitor_desk::messages::Command;
use visitor_desk::ui::{App, StartOptions};

#[test]
fn signing_in_by_typing_shows_the_codes() {
    let mut desk = Desk::new(SimConfig::default(), |_| StartOptions::default());
    let server = desk.sim.base_url();
    desk.harness.step();
    desk.type_into("Server", &server);
    desk.type_into("Login", "demo");
    desk.type_into("Password", "demo");
    desk.harness.get_by_label("Sign in").click();
    desk.step_until("the codes on screen", |h| {
        h.state().state().last_sync.is_some()
    });
    desk.harness.step();
    for code in desk.runtime.block_on(async {
        let (client, _) = signed_in(&desk.sim, "demo", "demo").await;
        client.codes().await.expect("codes").items
    }) {
        assert!(desk.has_label(&code.title), "{} is listed", code.title);
        let digits = code.code_value().expect("the simulator sends it");
        assert!(desk.has_label(digits), "{digits} is shown");
    }
    assert!(desk.has_label("Main entrance"));
    assert!(desk.has_label("Sign out"));
}

#[test]
fn enter_signs_in_and_a_wrong_password_shows_the_servers_reason() {
    let mut desk = Desk::at_sign_in();
    desk.harness.step();
    // The keyboard starts in the first empty field: the password.
    assert!(
        desk.harness
            .get_by_role_and_label(Role::PasswordInput, "Password")
            .is_focused()
    );
    desk.harness
        .get_by_role_and_label(Role::PasswordInput, "Password")
        .type_text("not-the-password");
    desk.harness.key_press(egui::Key::Enter);
    desk.step_until("the refusal", |h| {
        let state = h.state().state();
        !state.sign_in.busy && !state.sign_in.problem.field("login").is_empty()
    });
    desk.harness.step();
    assert!(desk.has_label("These credentials do not match our records."));
    // The server files it under `login`, but it is about the login and password together: it is said at the
    // form's top, where the user looks, not under the login field between two fields.
    let reason = desk.rect_of("These credentials do not match our records.");
    let server = desk
        .harness
        .get_by_role_and_label(Role::TextInput, "Server")
        .rect();
    assert!(
        reason.bottom() <= server.top(),
        "the reason {reason:?} is above the form's first field {server:?}"
    );
    assert!(
        desk.harness
            .get_by_role_and_label(Role::PasswordInput, "Password")
            .is_focused(),
        "the keyboard is in the password, to type it again"
    );
    assert!(!desk.harness.state().state().is_signed_in());
    // What was typed is still there.
    let server = desk
        .harness
        .get_by_role_and_label(Role::TextInput, "Server")
        .value();
    assert_eq!(server.as_deref(), Some(desk.sim.base_url().as_str()));
}

#[test]
fn a_code_made_with_the_form_is_listed_and_copied() {
    let mut desk = Desk::signed_in();
    let before = desk.sim.code_ids("demo").len();
    desk.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    desk.harness.step();
    assert!(
        desk.harness
            .get_by_role_and_label(Role::TextInput, "Title")
            .is_focused(),
        "Ctrl+N goes to the title"
    );
    desk.harness
        .get_by_role_and_label(Role::TextInput, "Title")
        .type_text("Window cleaner");
    desk.harness.step();
    desk.harness.get_by_label("Create code").click();

    let mut copies = desk.step_until_collecting_copies("the new code", |h| {
        h.state().state().create.created.is_some()
    });
    copies.extend(desk.step_until_collecting_copies("one more frame", |_| true));
    let created = desk.created().expect("created");
    assert_eq!(
        copies,
        vec![created.code_value().expect("the code").to_owned()],
        "the new code, and only it, went to the clipboard"
    );
    assert_eq!(desk.sim.code_ids("demo").len(), before + 1);
    assert!(desk.sim.code_ids("demo").contains(&created.id));
    assert!(desk.has_label("Window cleaner"), "listed at once");
    assert!(
        !desk
            .harness
            .get_all_by_label(created.code_value().expect("the code"))
            .collect::<Vec<_>>()
            .is_empty()
    );
    // The code can be shown as a QR code for the visitor's phone.
    desk.harness.get_by_label("Show as QR code").click();
    desk.harness.step();
    desk.harness.step();
    let shown = desk
        .harness
        .get_by_label("Show as QR code")
        .accesskit_node()
        .toggled();
    assert_eq!(shown, Some(egui::accesskit::Toggled::True));
    // The title is cleared for the next visitor.
    assert_eq!(
        desk.harness
            .get_by_role_and_label(Role::TextInput, "Title")
            .value()
            .as_deref(),
        Some("")
    );
}

#[test]
fn an_empty_title_or_a_past_expiry_is_refused_before_sending() {
    let mut desk = Desk::signed_in();
    desk.sent();
    desk.harness.get_by_label("Create code").click();
    desk.harness.step();
    desk.harness.step();
    assert!(desk.has_label("Enter a title: who is the code for?"));
    assert_eq!(creates(&desk.sent()), 0, "nothing sent");

    desk.type_into("Title", "Late visitor");
    let past = desk.now() - TimeDelta::hours(2);
    desk.harness.state_mut().code_form_mut().set_expiry(past);
    desk.harness.step();
    desk.harness.get_by_label("Create code").click();
    desk.harness.step();
    desk.harness.step();
    assert!(desk.has_label("The expiry must be in the future."));
    assert!(!desk.has_label("Enter a title: who is the code for?"));
    assert_eq!(creates(&desk.sent()), 0, "nothing sent");
    assert_eq!(
        desk.harness
            .get_by_role_and_label(Role::TextInput, "Title")
            .value()
            .as_deref(),
        Some("Late visitor"),
        "what was typed stays"
    );
}

#[test]
fn a_server_refusal_is_shown_and_the_form_keeps_what_was_typed() {
    let mut desk = Desk::signed_in();
    desk.sim.set_code_limit(desk.sim.code_ids("demo").len());
    desk.type_into("Title", "Over the limit");
    desk.harness.get_by_label("Create code").click();
    desk.step_until("the refusal", |h| {
        let state = h.state().state();
        state.create.in_flight.is_none() && !state.create.problem.fields.is_empty()
    });
    desk.harness.step();
    assert!(
        desk.harness.query_all_by_role(Role::Label).any(|node| node
            .accesskit_node()
            .value()
            .is_some_and(|text| text.contains("no more than"))),
        "the server's reason is shown"
    );
    assert_eq!(
        desk.harness
            .get_by_role_and_label(Role::TextInput, "Title")
            .value()
            .as_deref(),
        Some("Over the limit")
    );
    let held = desk.sim.code_ids("demo").len();
    assert!(
        desk.has_label(&format!("{held} of {held} codes")),
        "the limit is known now"
    );
}

#[test]
fn a_double_submit_makes_one_code() {
    let mut desk = Desk::signed_in();
    desk.sim.set_request_delay(Duration::from_millis(400));
    let before = desk.sim.code_ids("demo").len();
    desk.type_into("Title", "Only once");
    desk.harness.get_by_label("Create code").click();
    desk.harness.step();
    desk.harness.get_by_label("Create code").click();
    desk.harness.step();
    desk.harness
        .get_by_role_and_label(Role::TextInput, "Title")
        .click();
    desk.harness.step();
    desk.harness.key_press(egui::Key::Enter);
    desk.harness.step();
    desk.step_until("the code", |h| h.state().state().create.created.is_some());
    desk.harness.step();
    assert_eq!(creates(&desk.sent()), 1, "one create, however many clicks");
    assert_eq!(desk.sim.code_ids("demo").len(), before + 1);
}

#[test]
fn codes_made_and_revoked_at_another_desk_appear_and_vanish_by_themselves() {
    let mut desk = Desk::signed_in();
    desk.step_until("live updates", |h| {
        h.state().state().live == visitor_desk::state::LiveStatus::Connected
    });
    let (other, _) = desk.runtime.block_on(signed_in(&desk.sim, "demo", "demo"));
    let intercom = desk.sim.intercom_ids("demo")[1];
    let code = desk
        .runtime
        .block_on(other.create_code(intercom, "Made elsewhere", Utc::now() + TimeDelta::hours(3)))
        .expect("create");
    desk.step_until("the code from the other desk", |h| {
        h.query_by_label("Made elsewhere").is_some()
    });
    assert!(desk.has_label(code.code_value().expect("the code")));

    desk.runtime
        .block_on(other.delete_codes(&[code.id]))
        .expect("revoke");
    desk.step_until("the revoked code to vanish", |h| {
        h.query_by_label("Made elsewhere").is_none()
    });
}

#[test]
fn a_code_turns_expired_on_screen_when_its_time_passes() {
    let mut desk = Desk::signed_in();
    desk.step_until("live updates", |h| {
        h.state().state().live == visitor_desk::state::LiveStatus::Connected
    });
    let intercom = desk.sim.intercom_ids("demo")[0];
    let expiry = desk.now() + TimeDelta::minutes(30);
    desk.sim
        .create_code("demo", intercom, "Short visit", expiry)
        .expect("create");
    desk.step_until("the new code", |h| {
        h.query_by_label("Short visit").is_some()
    });
    let expired = |desk: &Desk| desk.harness.query_all_by_label("Expired").count();
    let before = expired(&desk);

    desk.advance_clock(TimeDelta::minutes(29));
    desk.harness.step();
    assert_eq!(expired(&desk), before, "still valid a minute before");
    assert!(desk.has_label("Expiring soon"));

    desk.advance_clock(TimeDelta::minutes(2));
    desk.harness.step();
    assert_eq!(
        expired(&desk),
        before + 1,
        "expired once its time has passed"
    );
}

#[test]
fn a_revoked_session_returns_to_sign_in() {
    let mut desk = Desk::signed_in();
    let session_id = desk
        .harness
        .state()
        .state()
        .session
        .as_ref()
        .expect("signed in")
        .user
        .access_token_id
        .clone()
        .expect("the simulator names the session");
    // Another sign-in ends this desk's session on the server, as "too many sessions" does.
    desk.runtime
        .block_on(async {
            let client = client_for(&desk.sim.base_url());
            let request = LoginRequest {
                end_session: Some(session_id),
                ..LoginRequest::new("demo", "demo")
            };
            client.login(&request).await
        })
        .expect("the other sign-in");
    desk.harness.get_by_label("Refresh").click();
    desk.step_until("the sign-in screen", |h| !h.state().state().is_signed_in());
    desk.harness.step();
    assert!(desk.has_label("Your session has ended. Please sign in again."));
    assert!(desk.harness.query_by_label("Sign in").is_some());
    // The login is still filled in.
    assert_eq!(
        desk.harness
            .get_by_role_and_label(Role::TextInput, "Login")
            .value()
            .as_deref(),
        Some("demo")
    );
}

#[test]
fn several_codes_are_revoked_with_one_confirmation() {
    let mut desk = Desk::signed_in();
    let intercom = desk.sim.intercom_ids("demo")[0];
    desk.sim.set_code_limit(20);
    for title in ["First to go", "Second to go", "Stays"] {
        desk.sim
            .create_code("demo", intercom, title, Utc::now() + TimeDelta::hours(5))
            .expect("code");
    }
    desk.step_until("the new codes", |h| h.query_by_label("Stays").is_some());
    desk.harness.get_by_label("Select First to go").click();
    desk.harness.step();
    desk.harness.get_by_label("Select Second to go").click();
    desk.harness.step();
    // The toolbar above the table counts the selection of the frame before.
    desk.harness.step();
    desk.harness.get_by_label("Revoke selected (2)").click();
    desk.harness.step();
    desk.harness.step();
    assert!(desk.has_label("Revoke 2 codes?"));
    let listed =
        |h: &Harness<'static, App>, title: &str| h.query_all_by_label_contains(title).count();
    assert_eq!(
        listed(&desk.harness, "— First to go ("),
        1,
        "the confirmation names what goes"
    );
    assert_eq!(listed(&desk.harness, "— Second to go ("), 1);
    assert_eq!(listed(&desk.harness, "— Stays ("), 0);
    desk.harness.get_by_label("Revoke 2 codes").click();
    desk.step_until("the codes to go", |h| {
        h.query_by_label("First to go").is_none() && h.query_by_label("Second to go").is_none()
    });
    assert!(desk.has_label("Stays"));
    let titles = desk.runtime.block_on(async {
        let (client, _) = signed_in(&desk.sim, "demo", "demo").await;
        client
            .codes()
            .await
            .expect("codes")
            .items
            .into_iter()
            .map(|code| code.title)
            .collect::<Vec<_>>()
    });
    assert!(titles.contains(&"Stays".to_owned()));
    assert!(
        !titles.iter().any(|title| title.ends_with("to go")),
        "{titles:?}"
    );
}

/// A backend that keeps sign-ins in `store` and profiles in `dir`, as the installed app does.
fn remembering(
    store: &std::sync::Arc<visitor_desk::secrets::MemoryStore>,
    dir: &std::path::Path,
) -> BackendConfig {
    let (settings, warning) = visitor_desk::settings::load_or_create(dir);
    assert_eq!(warning, None);
    BackendConfig {
        store: store.clone(),
        home: Some(visitor_desk::backend::SettingsHome {
            dir: dir.to_owned(),
            settings: settings.clone(),
        }),
        ..BackendConfig::new(settings.device_id)
    }
}

/// An app with its backend on `runtime`, its waker counting in `wakes`.
fn harness_with(
    runtime: &tokio::runtime::Runtime,
    config: BackendConfig,
    start: StartOptions,
    wakes: &Wakes,
) -> Harness<'static, App> {
    let backend = Backend::start(runtime.handle(), config, wakes.waker());
    Harness::builder()
        .with_size([1400.0, 900.0])
        .build_eframe(move |_cc| App::with_backend(backend, start))
}

/// Frames as the backend's events come, until `done`.
fn wait(wakes: &Wakes, harness: &mut Harness<'_, App>, what: &str, done: &dyn Fn(&App) -> bool) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let seen = wakes.count();
        harness.step();
        if done(harness.state()) {
            break;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        wakes.wait_after(seen, PATIENCE);
    }
    harness.step();
}

/// A run with nothing kept: the sign-in screen, filled in from the profile. The backend's start answers twice,
/// what was kept and that nothing was resumed: the screen is read once both are in.
fn third_run_offers_the_account(
    runtime: &tokio::runtime::Runtime,
    store: &std::sync::Arc<visitor_desk::secrets::MemoryStore>,
    config_dir: &std::path::Path,
) {
    let its_wakes = Wakes::default();
    let mut third = harness_with(
        runtime,
        remembering(store, config_dir),
        StartOptions::default(),
        &its_wakes,
    );
    let deadline = Instant::now() + PATIENCE;
    while its_wakes.count() < 2 {
        assert!(
            Instant::now() < deadline,
            "timed out waiting for the start's answers"
        );
        its_wakes.wait_after(its_wakes.count(), PATIENCE);
    }
    third.step();
    third.step();
    assert!(!third.state().state().is_signed_in());
    assert_eq!(
        third
            .get_by_role_and_label(Role::TextInput, "Login")
            .value()
            .as_deref(),
        Some("demo")
    );
}

#[test]
fn the_app_restarts_signed_in_and_signing_out_forgets_the_token() {
    use visitor_desk::secrets::TokenStore as _;
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let sim = runtime.block_on(start_on_loopback(SimConfig::default()));
    let store = std::sync::Arc::new(visitor_desk::secrets::MemoryStore::new());
    let config_dir = tempfile::tempdir().expect("config dir");
    let wakes = Wakes::default();
    // First run: sign in with the password; the token goes to the store, the profile to the settings file.
    let start = StartOptions {
        also: Vec::new(),
        server: sim.base_url(),
        login: "demo".into(),
        password: Some("demo".into()),
    };
    let mut first = harness_with(
        &runtime,
        remembering(&store, config_dir.path()),
        start,
        &wakes,
    );
    wait(&wakes, &mut first, "the first sign-in", &|app| {
        app.state().last_sync.is_some()
    });
    let profile = visitor_desk::settings::load_or_create(config_dir.path())
        .0
        .last_used_profile()
        .cloned()
        .expect("profile");
    assert_eq!(profile.login, "demo");
    assert!(
        store.load(&profile.token_key()).expect("store").is_some(),
        "the sign-in is kept"
    );
    let sessions = sim.session_count("demo");
    drop(first);

    // Second run: no password typed, and the same session goes on.
    let mut second = harness_with(
        &runtime,
        remembering(&store, config_dir.path()),
        StartOptions::default(),
        &wakes,
    );
    wait(&wakes, &mut second, "the silent sign-in", &|app| {
        app.state().last_sync.is_some()
    });
    assert!(second.state().state().is_signed_in());
    assert_eq!(
        sim.session_count("demo"),
        sessions,
        "no new session: the kept one was used"
    );
    assert!(second.query_by_label("Sign out").is_some());

    // Signing out ends the session on the server and forgets the token here.
    second.get_by_label("Sign out").click();
    wait(&wakes, &mut second, "the sign-in screen", &|app| {
        !app.state().is_signed_in()
    });
    assert!(
        store.load(&profile.token_key()).expect("store").is_none(),
        "the token is forgotten"
    );
    assert_eq!(sim.session_count("demo"), sessions - 1);
    assert_eq!(
        second
            .get_by_role_and_label(Role::TextInput, "Login")
            .value()
            .as_deref(),
        Some("demo"),
        "the sign-in screen offers the same account again"
    );
    drop(second);

    // Third run: nothing kept, so the sign-in screen, filled in from the profile.
    third_run_offers_the_account(&runtime, &store, config_dir.path());
    sim.shutdown();
}

#[test]
fn an_untrusted_certificate_is_shown_and_trusting_it_signs_in() {
    use sha2::Digest as _;
    let key = rcgen::KeyPair::generate().expect("key");
    let mut params =
        rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
            .expect("names");
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "Front desk test server");
    let certificate = params.self_signed(&key).expect("certificate");
    let sha256 = hex::encode(sha2::Sha256::digest(certificate.der()));
    let tls = aipix_sim::SimTls {
        cert_pem: certificate.pem(),
        key_pem: key.serialize_pem(),
    };

    let mut desk = Desk::new(
        SimConfig {
            tls: Some(tls),
            ..SimConfig::default()
        },
        |sim| StartOptions {
            also: Vec::new(),
            server: sim.base_url(),
            login: "demo".into(),
            password: Some("demo".into()),
        },
    );
    assert!(desk.sim.base_url().starts_with("https://"));
    desk.step_until("the certificate question", |h| {
        h.state().state().sign_in.certificate.is_some()
    });
    desk.harness.step();
    assert!(
        !desk.harness.state().state().is_signed_in(),
        "not trusted by default"
    );
    let fingerprint = aipix_client::api::tls::format_fingerprint(&sha256);
    assert!(
        desk.has_label(&format!("SHA-256: {fingerprint}")),
        "the fingerprint is shown"
    );
    assert!(
        desk.harness
            .query_all_by_label_contains("Front desk test server")
            .next()
            .is_some()
    );

    desk.harness.get_by_label("Trust this certificate").click();
    desk.step_until("the sign-in over HTTPS", |h| {
        h.state().state().last_sync.is_some()
    });
    desk.step_until("live updates over WSS", |h| {
        h.state().state().live == visitor_desk::state::LiveStatus::Connected
    });
}

/// Esc that closes a popup closes only the popup: the title typed stays.
fn esc_closes_only_the_popup(desk: &mut Desk) {
    desk.type_into("Title", "Kept");
    desk.harness
        .get_by_role_and_label(Role::ComboBox, "Intercom")
        .click();
    desk.harness.step();
    desk.harness.step();
    assert!(
        desk.harness.ctx.any_popup_open(),
        "the intercom list is open"
    );
    desk.harness.key_press(egui::Key::Escape);
    desk.harness.step();
    desk.harness.step();
    assert!(!desk.harness.ctx.any_popup_open(), "Esc closed it");
    let title = desk
        .harness
        .get_by_role_and_label(Role::TextInput, "Title")
        .value();
    assert_eq!(title.as_deref(), Some("Kept"));
}

#[test]
fn the_keyboard_finds_copies_revokes_and_cancels() {
    let mut desk = Desk::signed_in();
    let intercom = desk.sim.intercom_ids("demo")[0];
    desk.sim.set_code_limit(20);
    let code = desk
        .sim
        .create_code(
            "demo",
            intercom,
            "Keyboard guest",
            Utc::now() + TimeDelta::hours(5),
        )
        .expect("code");
    let number = code["code"].as_str().expect("code").to_owned();
    desk.step_until("the new code", |h| {
        h.query_by_label("Keyboard guest").is_some()
    });

    // Ctrl+F: the search field, and typing filters the list.
    desk.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    desk.harness.step();
    assert!(
        desk.harness
            .get_by_role_and_label(Role::TextInput, "Search")
            .is_focused()
    );
    desk.harness
        .get_by_role_and_label(Role::TextInput, "Search")
        .type_text("keyboard");
    desk.harness.step();
    desk.harness.step();
    assert!(desk.has_label("Keyboard guest"));
    assert!(!desk.has_label("Plumber"), "filtered out");

    // Esc leaves the search field; with a code selected, Ctrl+C copies it and Delete asks before revoking.
    desk.harness.key_press(egui::Key::Escape);
    desk.harness.step();
    desk.harness.get_by_label("Select Keyboard guest").click();
    desk.harness.step();
    desk.harness.step();
    // One event per frame: the harness runs a frame for each queued event and keeps the last frame's output.
    desk.harness.event(egui::Event::Key {
        key: egui::Key::C,
        pressed: true,
        modifiers: egui::Modifiers::COMMAND,
        repeat: false,
        physical_key: None,
    });
    let copies = desk.step_until_collecting_copies("a frame", |_| true);
    assert_eq!(
        copies,
        vec![number.clone()],
        "Ctrl+C copies the selected code"
    );
    desk.harness.key_press(egui::Key::Delete);
    desk.harness.step();
    desk.harness.step();
    assert!(desk.has_label("Revoke 1 code?"), "Delete asks first");
    assert!(
        desk.sim
            .code_ids("demo")
            .contains(&code["id"].as_u64().expect("id")),
        "nothing revoked yet"
    );
    desk.harness.get_by_label("Cancel").click();
    desk.harness.step();
    desk.harness.step();
    assert!(!desk.has_label("Revoke 1 code?"));

    // Esc that closes a popup closes only the popup: the title typed stays.
    esc_closes_only_the_popup(&mut desk);

    // Esc in the title field cancels the new code: what was typed goes.
    desk.harness
        .get_by_role_and_label(Role::TextInput, "Title")
        .click();
    desk.harness.step();
    desk.harness.key_press(egui::Key::Escape);
    desk.harness.step();
    desk.harness.step();
    assert_eq!(
        desk.harness
            .get_by_role_and_label(Role::TextInput, "Title")
            .value()
            .as_deref(),
        Some("")
    );
}

/// Everything a keyboard sends for `text`: a key press and release and the text, character by character.
fn typed(text: &str) -> Vec<egui::Event> {
    text.chars()
        .flat_map(|c| {
            let key = egui::Key::from_name(&c.to_string());
            let mut events = Vec::new();
            if let Some(key) = key {
                events.push(key_event(key, true));
            }
            events.push(egui::Event::Text(c.to_string()));
            if let Some(key) = key {
                events.push(key_event(key, false));
            }
            events
        })
        .collect()
}

fn key_event(key: egui::Key, pressed: bool) -> egui::Event {
    egui::Event::Key {
        key,
        physical_key: Some(key),
        pressed,
        repeat: false,
        modifiers: egui::Modifiers::NONE,
    }
}

#[test]
fn keys_typed_after_tab_in_the_same_frame_land_in_the_next_field() {
    let mut desk = Desk::new(SimConfig::default(), |sim| StartOptions {
        also: Vec::new(),
        server: sim.base_url(),
        login: String::new(),
        password: None,
    });
    desk.harness.step();
    desk.harness.step();
    assert!(
        desk.harness
            .get_by_role_and_label(Role::TextInput, "Login")
            .is_focused(),
        "the keyboard starts in the first empty field"
    );
    // One batch, as a fast typist or a barcode scanner delivers it within one frame.
    let mut batch = typed("demo");
    batch.extend([
        key_event(egui::Key::Tab, true),
        key_event(egui::Key::Tab, false),
    ]);
    batch.extend(typed("demo"));
    desk.harness.input_mut().events.extend(batch);
    for _ in 0..4 {
        desk.harness.step();
    }
    assert_eq!(
        desk.harness
            .get_by_role_and_label(Role::TextInput, "Login")
            .value()
            .as_deref(),
        Some("demo")
    );
    let password = desk
        .harness
        .get_by_role_and_label(Role::PasswordInput, "Password");
    assert!(password.is_focused());
    assert_eq!(password.value().map(|v| v.chars().count()), Some(4));
    desk.sent();
    desk.harness.key_press(egui::Key::Enter);
    desk.harness.step();
    let sign_in = desk.sent().into_iter().find_map(|command| match command {
        Command::SignIn(request) => Some(request),
        _ => None,
    });
    let request = sign_in.expect("Enter signs in");
    assert_eq!(
        (request.login.as_str(), request.password.as_str()),
        ("demo", "demo")
    );
}

/// The repaint the last frame asked for: `None` for none at all.
fn repaint_asked(harness: &Harness<'static, App>) -> Option<Duration> {
    harness
        .output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .map(|viewport| viewport.repaint_delay)
        .filter(|delay| *delay != Duration::MAX)
}

/// Runs frames at the egui times `times` (seconds), as the event loop would when asked; answers the repaint the
/// last one asked for.
fn frames_at(
    harness: &mut Harness<'static, App>,
    times: impl IntoIterator<Item = f64>,
) -> Option<Duration> {
    for time in times {
        harness.input_mut().time = Some(time);
        harness.step();
    }
    repaint_asked(harness)
}

/// Moves the desk's clock forward to the next time its seconds read `second`.
fn move_clock_to_second(desk: &mut Desk, second: u32) {
    let now = desk.now();
    let wait = (i64::from(second) - i64::from(now.second())).rem_euclid(60);
    desk.advance_clock(
        chrono::TimeDelta::seconds(wait)
            - chrono::TimeDelta::nanoseconds(i64::from(now.nanosecond())),
    );
}

/// Checks that a focused field blinks (a repaint within a second) until the blink timeout, then asks for nothing,
/// and blinks again after a key.
fn blinks_then_idles(harness: &mut Harness<'static, App>, start: f64) {
    let timeout = visitor_desk::ui::BLINK_TIMEOUT.as_secs_f64();
    let blinking = frames_at(harness, [start, start + 0.5, start + 1.0]);
    assert!(
        blinking.is_some_and(|delay| delay <= Duration::from_millis(500)),
        "the cursor blinks while the user is active: {blinking:?}"
    );
    let idle = frames_at(
        harness,
        (1..=8).map(|n| start + timeout + f64::from(n) * 0.5),
    );
    // A clock on screen (the new-code form's expiry) may ask for the turn of its minute, never sooner.
    assert!(
        idle.is_none_or(|delay| delay >= Duration::from_secs(30)),
        "no repaint after the blink timeout: {idle:?}"
    );
    harness
        .input_mut()
        .events
        .push(key_event(egui::Key::ArrowLeft, true));
    let woken = frames_at(harness, [start + timeout + 10.0]);
    assert!(
        woken.is_some_and(|delay| delay <= Duration::from_millis(500)),
        "a key makes it blink again: {woken:?}"
    );
}

#[test]
fn the_sign_in_screen_with_a_focused_field_stops_asking_for_frames_after_the_blink_timeout() {
    let mut desk = Desk::at_sign_in();
    frames_at(&mut desk.harness, [0.0, 0.1]);
    assert!(
        desk.harness
            .get_by_role_and_label(Role::PasswordInput, "Password")
            .is_focused()
    );
    blinks_then_idles(&mut desk.harness, 1.0);
}

#[test]
fn the_main_screen_with_the_search_focused_stops_asking_for_frames_after_the_blink_timeout() {
    let mut desk = Desk::signed_in();
    // No codes, so no countdown on screen asks for frames of its own.
    let ids = desk.sim.code_ids("demo");
    desk.sim.delete_codes("demo", &ids);
    desk.step_until("the codes gone", |h| h.state().state().code_count() == 0);
    // The notice that says they were revoked elsewhere goes away by the desk's clock, not egui's; and the
    // new-code form's expiry (now + 4 h) turns its minute a minute from now, not within this test.
    desk.advance_clock(chrono::TimeDelta::minutes(1));
    move_clock_to_second(&mut desk, 1);
    desk.frames(2);
    let start = desk.harness.ctx.input(|i| i.time) + 1.0;
    desk.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    frames_at(&mut desk.harness, [start, start + 0.1]);
    assert!(
        desk.harness
            .get_by_role_and_label(Role::TextInput, "Search")
            .is_focused()
    );
    blinks_then_idles(&mut desk.harness, start + 0.2);
}

#[test]
fn the_new_code_forms_expiry_turns_with_the_clock_and_asks_for_no_other_frame() {
    let mut desk = Desk::signed_in();
    // No codes, so only the form's expiry (now + 4 h, to the minute) changes by itself.
    let ids = desk.sim.code_ids("demo");
    desk.sim.delete_codes("demo", &ids);
    desk.step_until("the codes gone", |h| h.state().state().code_count() == 0);
    desk.advance_clock(chrono::TimeDelta::minutes(1));
    move_clock_to_second(&mut desk, 1);
    desk.frames(2);
    // The clock's seconds read 1 to 59 here: "+4 h" rounded up to the minute.
    let shown = |desk: &Desk| {
        (desk.now() + chrono::TimeDelta::hours(4) + chrono::TimeDelta::seconds(59))
            .with_timezone(&chrono::Local)
            .format("%H:%M")
            .to_string()
    };
    let before = shown(&desk);
    assert!(desk.has_label_containing(&before), "{before} on the form");
    let asked = repaint_asked(&desk.harness).expect("a frame when the minute turns");
    assert!(
        (Duration::from_secs(50)..=Duration::from_secs(59)).contains(&asked),
        "the next frame at the turn of the minute, not sooner: {asked:?}"
    );
    desk.advance_clock(chrono::TimeDelta::seconds(60));
    desk.frames(1);
    let after = shown(&desk);
    assert_ne!(before, after);
    assert!(desk.has_label_containing(&after), "{after} on the form");
}
