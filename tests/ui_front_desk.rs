//! What a front desk tripped over, through the real `App` (egui_kittest) against the simulator: keys typed right
//! after Ctrl+N, copy buttons, a refusal that outlived its cause, the status bar's count and sync time, expired
//! codes' buttons and words, a countdown that moved the panel, and a form kept across a session that ended.

mod common;

use chrono::{Local, TimeDelta};
use common::desk::Desk;
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use visitor_desk::messages::Command;

/// What a node says: its label, or for a label its text.
fn text_of(node: &egui_kittest::Node<'_>) -> Option<String> {
    let node = node.accesskit_node();
    node.label().or_else(|| node.value())
}

/// How many nodes say exactly `label`.
fn count(desk: &Desk, label: &str) -> usize {
    desk.harness.query_all_by_label(label).count()
}

/// A code made with the form (title typed, Enter), once the panel shows it.
fn make_code(desk: &mut Desk, title: &str) {
    desk.type_into("Title", title);
    desk.harness.key_press(Key::Enter);
    desk.step_until("the new code", |h| {
        h.state()
            .state()
            .create
            .created
            .as_ref()
            .is_some_and(|code| code.title == title)
    });
    desk.frames(2);
}

/// Ctrl+N and `text` typed right after it, all in one frame's input.
fn ctrl_n_and_type(desk: &mut Desk, text: &str) {
    let key = |pressed| egui::Event::Key {
        key: Key::N,
        pressed,
        modifiers: Modifiers::COMMAND,
        repeat: false,
        physical_key: None,
    };
    let input = desk.harness.input_mut();
    input.events.extend([
        egui::Event::ModifiersChanged(Modifiers::COMMAND),
        key(true),
        key(false),
        egui::Event::ModifiersChanged(Modifiers::NONE),
    ]);
    input
        .events
        .extend(text.chars().map(|c| egui::Event::Text(c.to_string())));
    desk.harness.step();
}

#[test]
fn keys_typed_with_ctrl_n_all_land_in_the_title_and_replace_what_was_left_there() {
    let mut desk = Desk::signed_in();
    desk.frames(2);
    // Ctrl+N and the name in one frame, as a fast typist's keys arrive.
    ctrl_n_and_type(&mut desk, "Guest A");
    desk.frames(3);
    assert_eq!(desk.field("Title"), "Guest A", "no key lost");

    // Text left in the title from before: Ctrl+N selects it, so the next name replaces it.
    desk.harness.key_press(Key::Escape);
    desk.frames(1);
    desk.type_into("Title", "uest C");
    desk.type_into("Search", "");
    assert!(!desk.is_focused("Title"));
    ctrl_n_and_type(&mut desk, "Guest C");
    desk.frames(3);
    assert_eq!(desk.field("Title"), "Guest C");
}

#[test]
fn only_the_copy_button_clicked_says_copied() {
    let mut desk = Desk::signed_in();
    make_code(&mut desk, "Window cleaner");
    desk.harness.get_by_label("Copy code").click();
    desk.frames(2);
    assert_eq!(count(&desk, "Copied"), 1, "one button says it");
    assert_eq!(
        count(&desk, "Copy as message"),
        1,
        "the other still says what it does"
    );
}

#[test]
fn a_full_accounts_refusal_goes_once_a_code_has_made_room() {
    let mut desk = Desk::signed_in();
    desk.wait_for_live();
    let held = desk.sim.code_ids("demo");
    desk.sim.set_code_limit(held.len());
    desk.type_into("Title", "One too many");
    desk.harness.key_press(Key::Enter);
    desk.step_until("the refusal", |h| h.state().state().code_limit.is_some());
    desk.frames(2);
    let refusal = format!(
        "You can have no more than {} visitor codes at a time.",
        held.len()
    );
    assert!(desk.has_label(&refusal));
    // Another desk revokes a code: there is room again, and the form says nothing of a full account.
    desk.sim.delete_codes("demo", &held[..1]);
    desk.step_until("the revoke seen", |h| {
        h.state().state().code(held[0]).is_none()
    });
    desk.frames(2);
    assert!(desk.has_label(&format!("{} of {} codes", held.len() - 1, held.len())));
    assert!(!desk.has_label(&refusal), "the refusal went with its cause");
    assert_eq!(desk.field("Title"), "One too many", "what was typed stays");
}

#[test]
fn the_status_bar_counts_what_the_search_shows_of_all() {
    let mut desk = Desk::signed_in();
    let all = desk.harness.state().state().code_count();
    assert!(desk.has_label(&format!("{all} codes")));
    desk.type_into("Search", "plumb");
    desk.frames(2);
    assert!(
        desk.has_label(&format!("Showing 1 of {all} codes")),
        "the count follows the search"
    );
}

/// "14:05" as the status bar writes a time.
fn hh_mm(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&Local).format("%H:%M").to_string()
}

#[test]
fn synced_moves_when_the_server_answers_a_code_made_here() {
    let mut desk = Desk::signed_in();
    desk.wait_for_live();
    desk.advance_clock(TimeDelta::hours(2));
    make_code(&mut desk, "Late visitor");
    let (now, before) = (hh_mm(desk.now()), hh_mm(desk.now() - TimeDelta::minutes(1)));
    assert!(
        desk.has_label(&format!("Synced {now}")) || desk.has_label(&format!("Synced {before}")),
        "the server's answer is a sync too: {:?}",
        desk.harness
            .query_all_by_label_contains("Synced")
            .filter_map(|node| text_of(&node))
            .collect::<Vec<_>>()
    );
}

/// Takes the live channel down for a minute (the simulator refuses it meanwhile).
fn live_down(desk: &mut Desk) {
    desk.wait_for_live();
    desk.sim
        .refuse_live_connections_for(std::time::Duration::from_secs(60));
    desk.sim.drop_live_connections(1012, "restarting");
    desk.step_until("the live channel down", |h| {
        matches!(
            h.state().state().live,
            visitor_desk::state::LiveStatus::Reconnecting { .. }
        )
    });
    desk.frames(1);
}

#[test]
fn reconnecting_never_counts_down_to_zero_seconds() {
    let mut desk = Desk::signed_in();
    live_down(&mut desk);
    assert!(desk.has_label_containing("reconnecting in "));
    // The moment of the next attempt has come (the app's clock moved past it).
    desk.advance_clock(TimeDelta::minutes(2));
    desk.frames(2);
    assert!(!desk.has_label_containing("in 0 s"));
    assert!(desk.has_label("Live updates lost: reconnecting…"));
}

#[test]
fn online_status_unknown_stays_on_one_line_in_a_small_window() {
    let mut desk = Desk::signed_in_at([800.0, 600.0]);
    live_down(&mut desk);
    let unknown: Vec<_> = desk
        .painted()
        .into_iter()
        .filter(|text| text.text == "online status unknown")
        .collect();
    assert!(!unknown.is_empty(), "every intercom says so");
    for text in unknown {
        assert!(
            text.rect.height() < 1.6 * text.size,
            "one line, not two: {text:?}"
        );
    }
}

/// The code the demo data lists as expired ("Courier", two hours ago).
fn the_expired_code(desk: &Desk) -> aipix_client::api::Code {
    let now = desk.now();
    desk.harness.state().state().expired_codes(now)[0].clone()
}

#[test]
fn an_expired_code_has_nothing_to_copy_and_its_revoke_says_what_it_does() {
    let mut desk = Desk::signed_in();
    desk.frames(2);
    let expired = the_expired_code(&desk);
    // The row's copy button sits under its digits.
    let digits = desk
        .harness
        .get_by_label(expired.code_value().expect("the code"))
        .rect();
    let copy_button = desk
        .harness
        .query_all_by_label_contains("Copy ")
        .find(|node| {
            let at = node.rect().center();
            at.y > digits.bottom()
                && at.y < digits.bottom() + 30.0
                && (at.x - digits.center().x).abs() < 60.0
        })
        .expect("the expired row's copy button");
    assert!(
        copy_button.accesskit_node().is_disabled(),
        "an expired code is not handed out"
    );
    // Revoked from its row's menu: the question does not say it stops opening the door.
    desk.harness
        .get_by_label(&format!(
            "Actions for {} ({})",
            expired.title,
            expired.code_value().expect("the code")
        ))
        .click();
    desk.frames(2);
    desk.harness.get_by_label("Revoke…").click();
    desk.frames(2);
    assert!(desk.has_label("Revoke 1 code?"));
    assert!(!desk.has_label_containing("will stop opening the door"));
    assert!(desk.has_label_containing("This code has expired and opens no door already"));
    desk.harness.key_press(Key::Enter);
    desk.frames(2);
    assert!(desk.sent().iter().any(|command| *command
        == Command::RevokeCodes {
            ids: vec![expired.id]
        }));
}

/// Ends the desk's session on the server (another sign-in ends it), as an outage's end or an administrator would.
fn end_session_on_the_server(desk: &mut Desk) {
    let session = desk
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
    desk.runtime
        .block_on(async {
            let client = common::client_for(&desk.sim.base_url());
            let request = aipix_client::api::LoginRequest {
                end_session: Some(session),
                ..aipix_client::api::LoginRequest::new("demo", "demo")
            };
            client.login(&request).await
        })
        .expect("the other sign-in");
    desk.harness.get_by_label("Refresh").click();
    desk.step_until("the sign-in screen", |h| !h.state().state().is_signed_in());
    desk.frames(2);
}

#[test]
fn a_title_typed_when_the_session_ended_is_offered_back_after_signing_in() {
    let mut desk = Desk::signed_in();
    desk.frames(2);
    desk.type_into("Title", "Guest A");
    end_session_on_the_server(&mut desk);
    assert!(desk.has_label("Your session has ended. Please sign in again."));
    desk.sign_in_by_typing();
    desk.frames(2);
    assert!(
        desk.has_label_containing("Not made when the session ended: a code for “Guest A”"),
        "offered back"
    );
    assert_eq!(desk.field("Title"), "", "not put back without asking");
    desk.harness.get_by_label("Restore it").click();
    desk.frames(2);
    assert_eq!(desk.field("Title"), "Guest A");
    assert!(!desk.has_label("Restore it"), "the offer is done");
}

#[test]
fn signing_out_keeps_nothing_to_offer_the_next_person() {
    let mut desk = Desk::signed_in();
    desk.frames(2);
    desk.type_into("Title", "Guest B");
    desk.harness.get_by_label("Sign out").click();
    desk.step_until("the sign-in screen", |h| !h.state().state().is_signed_in());
    desk.frames(2);
    desk.sign_in_by_typing();
    desk.frames(2);
    assert!(!desk.has_label_containing("Guest B"));
    assert!(!desk.has_label("Restore it"));
}

#[test]
fn the_code_panel_does_not_move_as_its_countdown_changes() {
    let mut desk = Desk::signed_in_at([800.0, 600.0]);
    desk.frames(2);
    make_code(&mut desk, "Electrician");
    let checkbox = |desk: &Desk| desk.harness.get_by_label("Show as QR code").rect();
    let first = checkbox(&desk);
    // Through the code's four hours (until it expires, when a warning rightly comes above), seven minutes at a time.
    let mut moved = Vec::new();
    for minutes in (0..224).step_by(7) {
        desk.advance_clock(TimeDelta::minutes(7));
        desk.frames(2);
        let now = checkbox(&desk);
        if (now.top() - first.top()).abs() > 0.5 {
            moved.push((minutes + 7, now.top() - first.top()));
        }
    }
    assert!(
        moved.is_empty(),
        "the QR checkbox moved (minutes, by): {moved:?}"
    );
}

/// Tells the app, as the windowing system would, that its window is at `(x, y)` with an inner size `w`×`h`.
fn window_at(desk: &mut Desk, x: f32, y: f32, w: f32, h: f32) {
    let info = desk
        .harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default();
    info.outer_rect = Some(egui::Rect::from_min_size(
        egui::pos2(x, y),
        egui::vec2(w, h + 30.0),
    ));
    info.inner_rect = Some(egui::Rect::from_min_size(
        egui::pos2(x, y + 30.0),
        egui::vec2(w, h),
    ));
    info.maximized = Some(false);
}

#[test]
fn the_window_keeps_its_size_and_place_for_the_next_start() {
    let dir = tempfile::tempdir().expect("dir");
    let (settings, _) = visitor_desk::settings::load_or_create(dir.path());
    let config = visitor_desk::backend::BackendConfig {
        home: Some(visitor_desk::backend::SettingsHome {
            dir: dir.path().to_owned(),
            settings: settings.clone(),
        }),
        ..visitor_desk::backend::BackendConfig::new(settings.device_id)
    };
    let mut desk = Desk::with(
        aipix_sim::SimConfig::default(),
        common::desk::WIDE,
        config,
        |sim| visitor_desk::ui::StartOptions {
            also: Vec::new(),
            server: sim.base_url(),
            login: "demo".into(),
            password: Some("demo".into()),
        },
    );
    window_at(&mut desk, 100.0, 80.0, 1280.0, 760.0);
    desk.step_until("the first listing", |h| {
        h.state().state().last_sync.is_some()
    });
    desk.advance_clock(TimeDelta::seconds(2));
    desk.frames(2);
    let remembered = |sent: &[Command]| {
        sent.iter()
            .filter_map(|command| match command {
                Command::Remember(visitor_desk::settings::SettingsChange::Window(place)) => {
                    Some(*place)
                }
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    assert!(
        remembered(&desk.sent()).is_empty(),
        "where it opened is nothing new"
    );

    // Dragged and resized: kept once it has settled, not at every step of the drag.
    for step in 0..5 {
        window_at(&mut desk, 200.0 + 10.0 * step as f32, 150.0, 1000.0, 700.0);
        desk.frames(1);
    }
    desk.advance_clock(TimeDelta::seconds(2));
    desk.frames(2);
    let kept = remembered(&desk.sent());
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(
        (
            kept[0].x,
            kept[0].y,
            kept[0].width,
            kept[0].height,
            kept[0].maximized
        ),
        (240.0, 150.0, 1000.0, 700.0, false)
    );
    let file = dir.path().join("settings.json");
    desk.step_until("the settings file", |_| {
        std::fs::read_to_string(&file).is_ok_and(|text| text.contains("\"window\""))
    });
    let (again, _) = visitor_desk::settings::load_or_create(dir.path());
    assert_eq!(again.window, Some(kept[0]), "what the next start reads");
}

/// Whether the widget with this label lies whole inside a window of `size`.
fn on_screen(desk: &Desk, label: &str, size: [f32; 2]) -> bool {
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(size[0], size[1]));
    desk.harness
        .query_all_by_label(label)
        .any(|node| window.contains_rect(node.rect()))
}

#[test]
fn a_small_window_shows_every_status_whole_and_the_new_codes_buttons() {
    let size = [800.0, 600.0];
    let mut desk = Desk::signed_in_at(size);
    desk.wait_for_live();
    desk.frames(3);
    // The codes end where the new-code panel begins.
    let panel = desk.rect_of("New code").left();
    let statuses: Vec<_> = desk
        .painted()
        .into_iter()
        .filter(|text| {
            ["Active", "Expiring soon", "Expired"]
                .iter()
                .any(|s| text.text.starts_with(s))
        })
        .collect();
    assert!(statuses.len() >= 3, "every code's status: {statuses:?}");
    for status in &statuses {
        assert!(
            status.rect.right() < panel,
            "“{}” is cut by the new-code panel at {panel}: {:?}",
            status.text,
            status.rect
        );
    }
    make_code(&mut desk, "Electrician");
    desk.frames(3);
    for label in ["Copy code", "Copy as message", "Show as QR code", "Extend…"] {
        assert!(
            on_screen(&desk, label, size),
            "{label} in view: {:?}",
            desk.rect_of(label)
        );
    }
    // The next visitor: Ctrl+N brings the title back into view.
    desk.harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    desk.frames(3);
    assert!(
        on_screen(&desk, "Title", size),
        "{:?}",
        desk.rect_of("Title")
    );
}
