//! A window whose session this computer ended says so, with when: the command line's `--end-session` notes the
//! session in the account's journal before it asks, and the window reads it there when the server tells it its
//! session is over, instead of blaming "another device or an administrator".

mod common;

use aipix_sim::SimConfig;
use common::cli::Home;
use common::desk::{Desk, WIDE};
use egui_kittest::kittest::Queryable as _;
use visitor_desk::backend::BackendConfig;
use visitor_desk::i18n;
use visitor_desk::journal::JournalSetup;
use visitor_desk::ui::StartOptions;

fn ended_from_the_command_line(tag: &str, refresh: &str, said: &str) {
    let home = Home::new();
    let backend = BackendConfig {
        language: i18n::Language::new(tag),
        journal: Some(JournalSetup::new(home.journal_dir(), "window-desk", 400)),
        ..BackendConfig::new("window-desk")
    };
    // An account of two sessions: this window's and a phone's.
    let config = SimConfig {
        max_sessions: Some(2),
        ..SimConfig::default()
    };
    let mut desk = Desk::with(config, WIDE, backend, |sim| StartOptions {
        also: Vec::new(),
        server: sim.base_url(),
        login: "demo".into(),
        password: Some("demo".into()),
    });
    desk.step_until("the first listing", |h| {
        h.state().state().last_sync.is_some()
    });
    desk.wait_for_live();
    let window_session = desk
        .harness
        .state()
        .state()
        .session
        .as_ref()
        .and_then(|session| session.user.access_token_id.clone())
        .expect("the simulator names the session");
    desk.runtime
        .block_on(common::signed_in(&desk.sim, "demo", "demo"));

    // The command line finds the account full and ends the window's session to sign in.
    let server = desk.sim.base_url();
    let run = desk.runtime.block_on(home.run(
        &[
            "codes",
            "list",
            "--server",
            &server,
            "--login",
            "demo",
            "--end-session",
            &window_session[..12],
        ],
        Some("demo"),
    ));
    run.exited(0);
    assert!(!desk.sim.session_ids("demo").contains(&window_session));

    // The server does not tell a session given up at a sign-in (the vendor's sources show no push there): the
    // window finds out at its next call, here a refresh.
    desk.harness.get_by_label(refresh).click();

    desk.step_until("the sign-in screen", |h| {
        h.state().state().session.is_none()
    });
    desk.frames(2);
    assert!(desk.has_label_containing(said), "said as done from here");
    assert!(
        !desk.has_label_containing("another device")
            && !desk.has_label_containing("другого устройства"),
        "not blamed on another device"
    );
}

#[test]
fn a_session_the_command_line_ended_is_said_to_be_ended_from_this_computer() {
    std::thread::scope(|both| {
        both.spawn(|| {
            ended_from_the_command_line(
                "ru",
                "Обновить",
                "Сеанс завершён с командной строки этого компьютера в ",
            )
        });
        ended_from_the_command_line(
            "en",
            "Refresh",
            "Signed out from this computer's command line at ",
        );
    });
}
