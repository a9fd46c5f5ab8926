//! The live channel as a desk meets it, through the real window (egui_kittest) against the simulator speaking as a
//! real AIPIX server does: another desk's code on screen with no listing asked for, a deletion and an intercom's new
//! name likewise, and a session ended elsewhere taking the window back to sign-in, said in words and journalled.

mod common;

use chrono::{TimeDelta, Utc};
use common::desk::{Desk, WIDE};
use common::events::read_journal;
use visitor_desk::backend::BackendConfig;
use visitor_desk::i18n;
use visitor_desk::journal::{self, JournalSetup, Kind, Origin};

const LISTING: &str = "/api/v1/intercom/codes";

/// How many times the desk has listed the codes so far.
fn listings(desk: &Desk) -> usize {
    desk.sim.requests_to("GET", LISTING)
}

#[test]
fn another_desks_code_is_on_screen_from_its_push_with_no_listing_in_between() {
    let mut desk = Desk::signed_in();
    desk.wait_for_live();
    // The listing that follows every connection, then quiet.
    desk.step_until("the resync after connecting", |h| {
        !h.state().state().syncing
    });
    let listed = listings(&desk);

    let intercom = desk.sim.intercom_ids("demo")[0];
    let code = desk
        .sim
        .create_code(
            "demo",
            intercom,
            "Window cleaner",
            Utc::now() + TimeDelta::hours(3),
        )
        .expect("another desk's code");
    let id = code["id"].as_u64().expect("id");
    let digits = code["code"].as_str().expect("digits").to_owned();
    desk.step_until("the pushed code on screen", |h| {
        h.state().state().code(id).is_some()
    });
    desk.frames(2);
    assert!(
        desk.has_label_containing("Window cleaner"),
        "the row is drawn"
    );
    assert!(desk.has_label_containing(&digits));
    assert_eq!(listings(&desk), listed, "no listing was asked for");

    // Revoked there: `deleted_ids` takes it off this screen, again without a listing.
    assert_eq!(desk.sim.delete_codes("demo", &[id]), 1);
    desk.step_until("the revoked code gone", |h| {
        h.state().state().code(id).is_none()
    });
    desk.frames(2);
    // Its row is gone (the notice at the bottom right names it by title).
    assert!(!desk.has_label_containing(&digits));
    assert_eq!(listings(&desk), listed, "no listing was asked for");

    // An intercom goes offline there: pushed as `intercom.update`, shown as such here.
    desk.sim
        .set_intercom_online("demo", intercom, false, true)
        .expect("offline");
    desk.step_until("the intercom offline", |h| {
        h.state()
            .state()
            .intercom(intercom)
            .is_some_and(|shown| shown.online().is_offline())
    });
    assert_eq!(listings(&desk), listed, "no listing was asked for");
}

/// Signing in lists the codes once: after the live channel's subscription (a listing made before it would miss
/// what was pushed in between, and be made again), not also before it.
#[test]
fn a_new_session_lists_its_codes_once_after_subscribing() {
    let mut desk = Desk::signed_in();
    desk.wait_for_live();
    desk.step_until("the listing done", |h| !h.state().state().syncing);
    // Longer than the first listing ever waits for the live channel.
    let until = std::time::Instant::now() + std::time::Duration::from_millis(1500);
    while std::time::Instant::now() < until {
        desk.frames(1);
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(listings(&desk), 1, "one listing");
}

/// A server whose live channel refuses connections still has its codes listed, without waiting for it.
#[test]
fn the_codes_are_listed_when_the_live_channel_is_refused() {
    let mut desk = Desk::at_sign_in();
    desk.sim
        .refuse_live_connections_for(std::time::Duration::from_secs(60));
    desk.sign_in_by_typing();
    assert!(desk.harness.state().state().last_sync.is_some());
    assert_eq!(listings(&desk), 1, "one listing");
}

/// Signs in, has another device end the session, and checks the window and the journal in language `tag`.
fn ended_elsewhere(tag: &str) {
    let data = tempfile::tempdir().expect("data");
    let backend = BackendConfig {
        language: i18n::Language::new(tag),
        journal: Some(JournalSetup::new(
            data.path().join("journal"),
            "live-desk",
            400,
        )),
        ..BackendConfig::new("live-desk")
    };
    let mut desk = Desk::signed_in_with(WIDE, backend);
    desk.wait_for_live();
    let session = desk
        .harness
        .state()
        .state()
        .session
        .clone()
        .expect("signed in");
    let server = session.server.clone();

    // Another device (or an administrator) ends this session: the server says so on the session's channel.
    let token_id = session
        .user
        .access_token_id
        .as_deref()
        .expect("the sim names it");
    assert!(desk.sim.end_session("demo", token_id));
    desk.step_until("the sign-in screen", |h| {
        h.state().state().session.is_none()
    });
    desk.frames(2);
    let (sentence, login) = match tag {
        "ru" => (
            "Этот сеанс завершён с другого устройства или администратором",
            "Логин",
        ),
        _ => (
            "This session was ended from another device or by an administrator",
            "Login",
        ),
    };
    assert!(desk.has_label_containing(sentence), "said in words");
    assert_eq!(desk.field(login), "demo", "the login is kept");
    if tag == "en" {
        assert_eq!(desk.field("Password"), "", "no password left behind");
    }

    // Journalled: the session ended, and why.
    let file = journal::file_path(&data.path().join("journal"), &server, "demo");
    // The journal's thread writes in its own time, and its answer wakes the window.
    desk.step_until("the session's end in the journal", |_| {
        read_journal(&file)
            .iter()
            .any(|e| e.kind == Kind::SessionEnded)
    });
    let entries = read_journal(&file);
    let ended = entries
        .iter()
        .find(|e| e.kind == Kind::SessionEnded)
        .expect("a line for the session's end");
    assert_eq!(ended.origin, Origin::Desk);
    assert!(ended.detail.contains(sentence), "{}", ended.detail);
}

/// Each window speaks its own language: an English and a Russian one side by side, in one process.
#[test]
fn a_session_ended_elsewhere_returns_the_window_to_sign_in_with_the_login_kept_in_both_languages() {
    std::thread::scope(|both| {
        both.spawn(|| ended_elsewhere("ru"));
        ended_elsewhere("en");
    });
}
