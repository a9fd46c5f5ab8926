//! The window against a server that answers as the vendor's SDKs read one: sparse data drawn honestly, the
//! too-many-sessions choice ending the session chosen, a server that needs a newer Visitor Desk, a rate limit
//! waited out on screen, what a server says of itself on the sign-in screen, and its messages in Russian.

mod common;

use aipix_sim::SimConfig;
use chrono::TimeDelta;
use common::desk::{Desk, WIDE};
use egui_kittest::kittest::Queryable as _;
use visitor_desk::backend::BackendConfig;
use visitor_desk::ui::StartOptions;

fn at_sign_in(config: SimConfig) -> Desk {
    Desk::new(config, |sim| StartOptions {
        also: Vec::new(),
        server: sim.base_url(),
        login: "demo".into(),
        password: None,
    })
}

fn signed_in(config: SimConfig) -> Desk {
    let mut desk = Desk::new(config, |sim| StartOptions {
        also: Vec::new(),
        server: sim.base_url(),
        login: "demo".into(),
        password: Some("demo".into()),
    });
    desk.step_until("the first listing", |h| {
        h.state().state().last_sync.is_some()
    });
    desk
}

#[test]
fn sparse_data_is_listed_whole_and_its_unknowns_drawn_as_such() {
    let mut desk = signed_in(SimConfig {
        sparse: Some(5),
        extra_codes: 30,
        ..SimConfig::default()
    });
    desk.wait_for_live();
    desk.frames(3);
    let state = desk.harness.state().state();
    assert_eq!(
        state.code_count(),
        desk.sim.code_ids("demo").len(),
        "every code is listed"
    );
    assert_eq!(state.intercoms.len(), desk.sim.intercom_ids("demo").len());
    assert!(!state.unreadable.any(), "nothing unreadable in sparse data");
    let no_value = state.all_codes().filter(|code| code.code.is_none()).count();
    let no_intercom = state
        .all_codes()
        .filter(|code| code.intercom.is_none())
        .count();
    assert!(
        no_value > 0 && no_intercom > 0,
        "seed 5 leaves some out: {no_value} {no_intercom}"
    );
    let unknown_online = state
        .intercoms
        .iter()
        .any(|intercom| intercom.is_online.is_none());
    let not_reported = state
        .intercoms
        .iter()
        .any(|intercom| intercom.status.is_none());
    assert!(unknown_online && not_reported, "{:?}", state.intercoms);
    // A code without its value says so where the digits would be; a code whose door is unknown says so too.
    assert!(desk.has_label("No code: ask the server"));
    assert!(desk.has_label("Unknown intercom"));
    // An intercom the server did not say is online or not: neither, while the live channel is up.
    assert!(desk.has_label("online status unknown"));
    // A status not reported is not "not confirmed".
    let unconfirmed = desk
        .harness
        .state()
        .state()
        .intercoms
        .iter()
        .filter(|intercom| intercom.is_unconfirmed())
        .count();
    assert_eq!(
        desk.harness.query_all_by_label("not confirmed").count(),
        unconfirmed
    );
}

#[test]
fn a_code_whose_intercom_is_unknown_can_still_be_revoked() {
    let mut desk = signed_in(SimConfig {
        sparse: Some(5),
        extra_codes: 30,
        ..SimConfig::default()
    });
    let state = desk.harness.state().state();
    let code = state
        .all_codes()
        .find(|code| code.intercom.is_none() && !code.title.is_empty() && code.code.is_some())
        .cloned()
        .expect("seed 5 has one");
    let value = code.code.clone().expect("value");
    // Its row in sight: the search finds it by its code.
    desk.type_into("Search", &value);
    desk.frames(2);
    desk.harness
        .get_by_label(&format!("Actions for {} ({value})", code.title))
        .click();
    desk.frames(2);
    desk.harness.get_by_label("Revoke…").click();
    desk.frames(2);
    desk.harness.key_press(egui::Key::Enter);
    desk.step_until("the revoke", |h| h.state().state().code(code.id).is_none());
    assert!(
        !desk.sim.code_ids("demo").contains(&code.id),
        "the server revoked it"
    );
}

#[test]
fn too_many_sessions_lets_the_user_choose_which_to_end_and_the_server_ends_that_one() {
    let mut desk = at_sign_in(SimConfig {
        max_sessions: Some(2),
        ..SimConfig::default()
    });
    desk.runtime.block_on(async {
        for _ in 0..2 {
            common::signed_in(&desk.sim, "demo", "demo").await;
        }
    });
    let open = desk.sim.session_ids("demo");
    desk.type_into("Password", "demo");
    desk.harness.key_press(egui::Key::Enter);
    desk.step_until("the sessions to choose from", |h| {
        h.state().state().sign_in.too_many_sessions.is_some()
    });
    desk.frames(2);
    assert!(desk.has_label_containing("it may have 2"));
    assert!(desk.has_label("Which session should end?"));
    // Not the oldest (chosen at first): the second.
    let second = &open[1][..12];
    desk.harness
        .get_by_label_contains(&format!("({second})"))
        .click();
    desk.frames(1);
    desk.harness.get_by_label("End it and sign in").click();
    desk.step_until("signed in", |h| h.state().state().last_sync.is_some());
    let left = desk.sim.session_ids("demo");
    assert_eq!(left.len(), 2);
    assert!(left.contains(&open[0]), "the other one stays");
    assert!(!left.contains(&open[1]), "the one chosen was ended");
}

#[test]
fn the_sessions_view_lists_the_accounts_sessions_and_ends_another() {
    let mut desk = Desk::signed_in();
    let other = desk
        .runtime
        .block_on(async { common::signed_in(&desk.sim, "demo", "demo").await.1 });
    let other_id = other.user.access_token_id.expect("named");
    // The account's name is its menu.
    desk.harness.get_by_label_contains("demo · ").click();
    desk.frames(3);
    desk.harness.get_by_label("Sessions").click();
    desk.step_until("the sessions", |h| {
        h.state().state().sessions.list.len() == 2
    });
    desk.frames(2);
    let account = format!(
        "demo @ {}",
        desk.sim.base_url().trim_start_matches("http://")
    );
    assert!(
        desk.has_label(&format!("Sessions of {}", account.trim_end_matches('/'))),
        "named by its account"
    );
    assert!(desk.has_label("this device"));
    desk.harness
        .get_by_label_contains(&format!("({})", &other_id[..12]))
        .click();
    desk.step_until("the other session ended", |h| {
        h.state().state().sessions.list.len() == 1
    });
    assert_eq!(desk.sim.session_count("demo"), 1);
    assert!(!desk.sim.session_ids("demo").contains(&other_id));
    assert!(
        desk.harness.state().state().is_signed_in(),
        "this session goes on"
    );
}

#[test]
fn a_server_that_needs_a_newer_client_says_so_on_the_sign_in_screen_and_over_the_codes() {
    let mut desk = at_sign_in(SimConfig {
        require_version: Some("99.0.0.0".into()),
        ..SimConfig::default()
    });
    let banner = format!(
        "This server needs a newer Visitor Desk (this one speaks AIPIX {}). Ask your administrator for an update.",
        aipix_client::api::AIPIX_VERSION
    );
    desk.step_until("the server's facts", |h| {
        h.state().state().server_facts.is_some()
    });
    desk.frames(2);
    assert!(desk.has_label(&banner), "before any sign-in");

    let mut desk = Desk::signed_in();
    desk.sim.require_version(Some("99.0.0.0"));
    desk.harness.get_by_label("Refresh").click();
    desk.step_until("the refusal", |h| h.state().state().needs_update.is_some());
    desk.frames(2);
    assert!(desk.has_label(&banner), "over the codes");
}

#[test]
fn a_rate_limited_sign_in_counts_down_then_signs_in_by_itself() {
    let mut desk = at_sign_in(SimConfig::default());
    desk.step_until("the server's facts", |h| {
        h.state().state().server_facts.is_some()
    });
    desk.frames(2);
    assert!(
        desk.has_label_containing("AIPIX 24.03.0.0"),
        "what the server says of itself"
    );
    desk.sim.rate_limit_next(1, 3);
    desk.type_into("Password", "demo");
    desk.harness.key_press(egui::Key::Enter);
    desk.step_until("the wait", |h| h.state().state().sign_in.retry_at.is_some());
    desk.frames(2);
    assert!(desk.has_label("The server limits how often it is asked: signing in again in 3 s."));
    desk.advance_clock(TimeDelta::milliseconds(2100));
    desk.frames(2);
    assert!(desk.has_label("The server limits how often it is asked: signing in again in 1 s."));
    assert!(!desk.harness.state().state().is_signed_in());
    desk.advance_clock(TimeDelta::milliseconds(1000));
    desk.step_until("signed in by itself", |h| {
        h.state().state().last_sync.is_some()
    });
    assert_eq!(desk.sim.session_count("demo"), 1);
}

#[test]
fn a_server_message_arrives_in_the_windows_language() {
    let mut desk = Desk::signed_in_with(
        WIDE,
        BackendConfig {
            language: visitor_desk::i18n::Language::new("ru"),
            ..BackendConfig::new("ui-test-device")
        },
    );
    let russian = visitor_desk::i18n::catalog_for("ru").expect("Russian");
    desk.sim.set_code_limit(desk.sim.code_ids("demo").len());
    desk.type_into(&russian.format("form-title", &[]), "Сверх предела");
    desk.harness
        .get_by_label(&russian.format("form-create", &[]))
        .click();
    desk.step_until("the refusal", |h| {
        let state = h.state().state();
        state.create.in_flight.is_none() && !state.create.problem.fields.is_empty()
    });
    desk.frames(1);
    let limit = desk.sim.code_ids("demo").len();
    assert!(
        desk.has_label_containing(&format!("Одновременно можно иметь не больше {limit}")),
        "the server's reason, in Russian"
    );
}
