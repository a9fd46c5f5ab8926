//! The desk tells the truth: the real `App` (egui_kittest) against the in-process simulator, one test per promise
//! a front desk relies on — no dead code shown as good, no password left behind, every window size, every
//! message human.

mod common;
#[path = "ui_desk/russian.rs"]
mod russian;

use aipix_sim::SimConfig;
use chrono::{DateTime, Datelike as _, Local, TimeDelta, Utc};
use common::desk::{Desk, WIDE, creates};
use common::{RawReply, RawServer};
use egui::accesskit::{Role, Toggled};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use visitor_desk::backend::BackendConfig;
use visitor_desk::messages::Command;
use visitor_desk::settings::{SettingsChange, ThemeChoice};
use visitor_desk::ui::StartOptions;
use visitor_desk::ui::theme;

/// A code made with the form (title typed, Enter); answers its digits once the panel shows it.
fn make_code(desk: &mut Desk, title: &str) -> String {
    desk.type_into("Title", title);
    desk.harness.key_press(egui::Key::Enter);
    desk.step_until("the new code", |h| {
        h.state()
            .state()
            .create
            .created
            .as_ref()
            .is_some_and(|code| code.title == title)
    });
    desk.frames(2);
    desk.harness
        .state()
        .state()
        .create
        .created
        .as_ref()
        .and_then(|code| code.code.clone())
        .expect("created")
}

fn created_id(desk: &Desk) -> u64 {
    desk.harness
        .state()
        .state()
        .create
        .created
        .as_ref()
        .map(|code| code.id)
        .expect("created")
}

/// What a node says: its label, or for a label its text.
fn text_of(node: &egui_kittest::Node<'_>) -> Option<String> {
    let node = node.accesskit_node();
    node.label().or_else(|| node.value())
}

/// Whether the button with this label is there and can be pressed.
fn enabled(desk: &Desk, label: &str) -> bool {
    !desk
        .harness
        .get_by_label(label)
        .accesskit_node()
        .is_disabled()
}

/// The last command sent that makes a code.
fn create_sent(commands: &[Command]) -> Option<(String, DateTime<Utc>)> {
    commands.iter().rev().find_map(|command| match command {
        Command::CreateCode {
            title, expires_at, ..
        } => Some((title.clone(), *expires_at)),
        _ => None,
    })
}

/// "14:05" as the status bar and the panel write a time.
fn hh_mm(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local).format("%H:%M").to_string()
}

// ----- Never show a dead or stale code as valid -----

#[test]
fn the_code_just_made_says_do_not_hand_out_once_revoked_at_another_desk() {
    let mut desk = Desk::signed_in();
    desk.wait_for_live();
    let digits = make_code(&mut desk, "Maria Lopez");
    desk.harness.get_by_label("Show as QR code").click();
    desk.frames(2);
    assert!(enabled(&desk, "Copy code"));
    assert!(desk.has_label("QR code of the message for the visitor"));

    let id = created_id(&desk);
    assert_eq!(desk.sim.delete_codes("demo", &[id]), 1);
    desk.step_until("the warning", |h| {
        h.query_by_label_contains("Revoked at another desk at")
            .is_some()
    });
    desk.frames(1);
    assert!(desk.has_label_containing("— do not hand out"));
    assert!(!enabled(&desk, "Copy code"), "nothing to copy any more");
    assert!(!enabled(&desk, "Copy as message"));
    assert!(desk.has_label("QR code of a code that no longer works"));
    assert!(!desk.has_label("Copied to the clipboard"));
    let digits_color = desk
        .painted()
        .into_iter()
        .find(|painted| painted.text == digits && painted.size >= theme::text::CODE_LARGE)
        .map(|painted| painted.color)
        .expect("the digits are still shown, for reference");
    assert_ne!(
        digits_color,
        theme::palette_of(&desk.harness.ctx).ok,
        "greyed"
    );
}

#[test]
fn a_notice_stands_over_the_codes_not_over_the_new_code_panel() {
    let mut desk = Desk::signed_in();
    desk.harness.set_size(egui::vec2(1024.0, 768.0));
    desk.wait_for_live();
    make_code(&mut desk, "Maria Lopez");
    let made = created_id(&desk);
    let other = desk
        .sim
        .code_ids("demo")
        .into_iter()
        .find(|id| *id != made)
        .expect("a code of the demo data");
    assert_eq!(desk.sim.delete_codes("demo", &[other]), 1);
    desk.step_until("the notice", |h| {
        h.query_by_label_contains("Revoked at another desk:")
            .is_some()
    });
    desk.frames(2);
    let notice = desk
        .harness
        .get_by_label_contains("Revoked at another desk:")
        .rect();
    let panel_left = desk.rect_of("New code").left();
    let slip = desk.rect_of("Visitor slip");
    assert!(
        notice.right() < panel_left && !notice.intersects(slip),
        "the notice {notice:?} covers the new-code panel (from x = {panel_left}, the slip button {slip:?})"
    );
    assert!(
        notice.left() > desk.rect_of("Intercoms").right(),
        "the notice stands over the codes: {notice:?}"
    );
}

#[test]
fn an_expired_codes_digits_are_struck_and_greyed_in_the_table() {
    let mut desk = Desk::signed_in();
    desk.frames(2);
    let digits_of = |desk: &Desk, title: &str| {
        let app = desk.harness.state();
        app.shown()
            .iter()
            .filter_map(|id| app.state().code(id.id))
            .find(|code| code.title == title)
            .and_then(|code| code.code.clone())
            .expect("a code of the demo data")
    };
    let (expired, active) = (digits_of(&desk, "Courier"), digits_of(&desk, "Plumber"));
    let painted = desk.painted();
    let color_of = |digits: &str| {
        painted
            .iter()
            .find(|painted| painted.text == digits && painted.size >= theme::text::CODE)
            .map(|painted| painted.color)
            .expect("the digits in the table")
    };
    let palette = theme::palette_of(&desk.harness.ctx);
    assert_eq!(
        color_of(&expired),
        palette.muted,
        "the expired code is greyed"
    );
    assert_ne!(color_of(&active), palette.muted, "the active one is not");
}

#[test]
fn the_code_just_made_says_so_when_revoked_here() {
    let mut desk = Desk::signed_in();
    make_code(&mut desk, "Window cleaner");
    desk.harness.get_by_label("Select Window cleaner").click();
    desk.frames(2);
    desk.harness.key_press(egui::Key::Delete);
    desk.frames(2);
    desk.harness.get_by_label("Revoke 1 code").click();
    desk.step_until("the warning", |h| {
        h.query_by_label_contains("Revoked at ").is_some()
    });
    assert!(!desk.has_label_containing("another desk"));
    assert!(!enabled(&desk, "Copy code"));
}

#[test]
fn the_code_just_made_says_so_once_expired_and_once_removed() {
    let mut desk = Desk::signed_in();
    desk.harness
        .key_press_modifiers(egui::Modifiers::ALT, egui::Key::Num1);
    desk.frames(1);
    make_code(&mut desk, "Short visit");
    let expiry = desk
        .harness
        .state()
        .state()
        .create
        .created
        .as_ref()
        .map(|code| code.expired_at)
        .expect("created");

    desk.advance_clock(TimeDelta::minutes(61));
    desk.frames(2);
    assert!(
        desk.has_label(&format!("Expired at {} — do not hand out", hh_mm(expiry))),
        "expired, said with its time"
    );
    assert!(!enabled(&desk, "Copy code"));

    desk.advance_clock(TimeDelta::hours(24));
    desk.frames(2);
    assert!(desk.has_label_containing("Removed by the server at"));
}

#[test]
fn a_failed_create_clears_the_previous_visitors_code_from_the_panel() {
    let mut desk = Desk::signed_in();
    let first = make_code(&mut desk, "Timing one");
    let large = |desk: &Desk, digits: &str| {
        desk.painted()
            .iter()
            .any(|p| p.text == digits && p.size >= theme::text::CODE_LARGE)
    };
    assert!(large(&desk, &first));
    assert!(desk.has_label("Copied to the clipboard"));
    desk.sim.set_code_limit(desk.sim.code_ids("demo").len());
    desk.type_into("Title", "Timing two");
    desk.harness.get_by_label("Create code").click();
    desk.step_until("the refusal", |h| {
        let state = h.state().state();
        state.create.in_flight.is_none() && !state.create.problem.is_empty()
    });
    desk.frames(2);
    assert!(
        desk.has_label_containing("no more than"),
        "the server's reason"
    );
    assert!(!desk.has_label("Copied to the clipboard"));
    assert!(!desk.has_label("Just made"));
    assert!(
        !large(&desk, &first),
        "the previous visitor's code left the panel"
    );
    assert_eq!(desk.field("Title"), "Timing two", "nothing typed is lost");
}

#[test]
fn codes_made_and_revoked_at_another_desk_are_announced() {
    let mut desk = Desk::signed_in();
    desk.wait_for_live();
    let intercom = desk.sim.intercom_ids("demo")[1];
    let made = desk
        .sim
        .create_code(
            "demo",
            intercom,
            "Made elsewhere",
            Utc::now() + TimeDelta::hours(3),
        )
        .expect("create");
    desk.step_until("the announcement", |h| {
        h.query_by_label("New code at another desk: Made elsewhere (Courtyard gate)")
            .is_some()
    });
    let id = made["id"].as_u64().expect("id");
    desk.sim.delete_codes("demo", &[id]);
    desk.step_until("the announcement", |h| {
        h.query_by_label("Revoked at another desk: Made elsewhere (Courtyard gate)")
            .is_some()
    });
}

#[test]
fn synced_shows_the_last_live_change_too() {
    let mut desk = Desk::signed_in();
    desk.wait_for_live();
    desk.advance_clock(TimeDelta::hours(2));
    let intercom = desk.sim.intercom_ids("demo")[0];
    desk.sim
        .create_code(
            "demo",
            intercom,
            "Late arrival",
            desk.now() + TimeDelta::hours(3),
        )
        .expect("create");
    desk.step_until("the pushed code", |h| {
        h.query_by_label("Late arrival").is_some()
    });
    desk.frames(1);
    let before = hh_mm(desk.now() - TimeDelta::minutes(1));
    let now = hh_mm(desk.now());
    assert!(
        desk.has_label(&format!("Synced {now}")) || desk.has_label(&format!("Synced {before}")),
        "the live change counts as synced"
    );
}

#[test]
fn a_full_account_says_how_many_expired_codes_still_count_and_offers_to_revoke_them() {
    let mut desk = Desk::signed_in();
    let held = desk.sim.code_ids("demo").len();
    desk.sim.set_code_limit(held);
    desk.type_into("Title", "One too many");
    desk.harness.get_by_label("Create code").click();
    desk.step_until("the refusal", |h| h.state().state().code_limit.is_some());
    desk.frames(2);
    // The demo account holds one code that expired two hours ago ("Courier").
    assert!(desk.has_label(&format!(
        "The account holds {held} of {held} codes. 1 of them has expired but still counts until the server \
         removes it."
    )));
    desk.sent();
    desk.harness.get_by_label("Revoke the expired code").click();
    desk.frames(2);
    assert!(desk.has_label("Revoke 1 code?"));
    assert!(desk.has_label_containing("— Courier ("));
    desk.harness.key_press(egui::Key::Enter);
    desk.frames(2);
    let deletes: Vec<Vec<u64>> = desk
        .sent()
        .into_iter()
        .filter_map(|command| match command {
            Command::RevokeCodes { ids } => Some(ids),
            _ => None,
        })
        .collect();
    assert_eq!(deletes.len(), 1, "one confirmed action");
    assert_eq!(deletes[0].len(), 1);
}

// ----- Sign-out and the shared front-desk PC -----

#[test]
fn signing_out_leaves_no_password_behind() {
    let mut desk = Desk::new(SimConfig::default(), |_| StartOptions::default());
    let server = desk.sim.base_url();
    desk.harness.step();
    desk.type_into("Server", &server);
    desk.type_into("Login", "demo");
    desk.type_into("Password", "demo");
    desk.harness.get_by_label("Sign in").click();
    desk.step_until("the codes", |h| h.state().state().last_sync.is_some());
    desk.frames(1);
    desk.harness.get_by_label("Sign out").click();
    desk.step_until("the sign-in screen", |h| !h.state().state().is_signed_in());
    desk.frames(2);
    assert_eq!(desk.field("Password"), "", "the password is gone");
    assert_eq!(desk.field("Login"), "demo");
    assert_eq!(desk.field("Server"), server);

    desk.sent();
    desk.harness.get_by_label("Sign in").click();
    desk.frames(3);
    assert!(
        !desk.sent().iter().any(|c| matches!(c, Command::SignIn(_))),
        "nobody signs in again with a left-over password"
    );
    assert!(desk.has_label("Enter your password."));
    assert!(desk.is_focused("Password"));
}

#[test]
fn the_next_person_finds_nothing_of_the_last_session_in_the_main_window() {
    let mut desk = Desk::at_sign_in();
    desk.harness.step();
    desk.sign_in_by_typing();
    desk.frames(1);
    desk.type_into("Title", "Half-typed visitor");
    desk.type_into("Search", "plumb");
    desk.harness.get_by_label("Sign out").click();
    desk.step_until("the sign-in screen", |h| !h.state().state().is_signed_in());
    desk.frames(2);
    desk.sign_in_by_typing();
    desk.frames(2);
    assert_eq!(desk.field("Title"), "");
    assert_eq!(desk.field("Search"), "");
}

#[test]
fn a_session_ended_by_the_server_leaves_no_password_behind() {
    let mut desk = Desk::at_sign_in();
    desk.harness.step();
    desk.sign_in_by_typing();
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
    assert!(desk.has_label("Your session has ended. Please sign in again."));
    assert_eq!(desk.field("Password"), "");
}

#[test]
fn a_captcha_answer_does_not_outlive_the_session() {
    let mut desk = Desk::new(
        SimConfig {
            captcha: true,
            ..SimConfig::default()
        },
        |sim| StartOptions {
            also: Vec::new(),
            server: sim.base_url(),
            login: "demo".into(),
            password: None,
        },
    );
    desk.harness.step();
    desk.type_into("Password", "demo");
    desk.harness.key_press(egui::Key::Enter);
    desk.step_until("the captcha", |h| {
        h.state().state().sign_in.captcha.is_some()
    });
    desk.frames(1);
    let key = desk
        .harness
        .state()
        .state()
        .sign_in
        .captcha_key()
        .expect("key")
        .to_owned();
    let answer = desk.sim.captcha_answer(&key).expect("answer");
    desk.type_into("Captcha", &answer);
    desk.harness.get_by_label("Sign in").click();
    desk.step_until("the codes", |h| h.state().state().last_sync.is_some());
    desk.frames(1);
    desk.harness.get_by_label("Sign out").click();
    desk.step_until("the sign-in screen", |h| !h.state().state().is_signed_in());
    desk.frames(1);
    desk.type_into("Password", "demo");
    desk.harness.get_by_label("Sign in").click();
    desk.step_until("a new captcha", |h| {
        h.state().state().sign_in.captcha.is_some()
    });
    desk.frames(1);
    assert_eq!(desk.field("Captcha"), "", "the old answer is gone");
}

// ----- Doors -----

#[test]
fn a_door_of_an_unconfirmed_intercom_is_refused_and_an_offline_one_warned() {
    let mut desk = Desk::signed_in();
    desk.wait_for_live();
    desk.sent();

    desk.harness
        .get_by_label("Open the door of Service door")
        .click();
    desk.frames(2);
    assert!(
        desk.has_label("Service door is not confirmed yet: the server refuses to open its door.")
    );
    assert!(!desk.has_label("Open the door") && !desk.has_label("Open anyway"));
    desk.harness.key_press(egui::Key::Enter);
    desk.frames(2);
    assert!(
        !desk.has_label_containing("not confirmed yet"),
        "Enter closed it"
    );

    desk.harness
        .get_by_label("Open the door of Parking barrier")
        .click();
    desk.frames(2);
    assert!(desk.has_label_containing("Parking barrier is offline"));
    desk.harness.get_by_label("Open anyway").click();
    desk.step_until("the server's answer", |h| {
        h.query_by_label_contains("Parking barrier: the server accepted")
            .is_some()
    });
    let opened: Vec<u64> = desk
        .sent()
        .into_iter()
        .filter_map(|command| match command {
            Command::OpenDoor { intercom, .. } => Some(intercom),
            _ => None,
        })
        .collect();
    assert_eq!(
        opened,
        [desk.sim.intercom_ids("demo")[2]],
        "only the door confirmed"
    );
    assert!(
        !desk.has_label_containing("Door opened"),
        "no unconditional claim"
    );
}

#[test]
fn a_code_for_an_unconfirmed_intercom_asks_first() {
    let mut desk = Desk::signed_in();
    desk.wait_for_live();
    // The demo's unconfirmed door takes no codes (staff come in with keys): here its administrator turned them on.
    let service = desk.intercom_id("Service door");
    desk.sim
        .set_door_flags("demo", service, true, true)
        .expect("codes on");
    desk.step_until("the door's codes on", |h| {
        h.state()
            .state()
            .intercom(service)
            .is_some_and(|intercom| intercom.takes_codes())
    });
    // Choosing an intercom at the left chooses it for the form too.
    desk.harness
        .query_all_by_label("Service door")
        .next()
        .expect("listed")
        .click();
    desk.frames(2);
    assert!(desk.has_label_containing("Service door is not confirmed: a code for it"));
    desk.type_into("Title", "Builder");
    desk.sent();
    desk.harness.key_press(egui::Key::Enter);
    desk.frames(2);
    assert_eq!(creates(&desk.sent()), 0, "not sent yet");
    assert!(desk.has_label("Create this code?"));
    assert!(desk.has_label("Service door is not confirmed: the code may not open its door."));
    desk.harness.get_by_label("Create anyway").click();
    desk.frames(2);
    assert_eq!(creates(&desk.sent()), 1);
}

#[test]
fn online_marks_say_unknown_while_live_updates_are_down() {
    let mut desk = Desk::signed_in();
    desk.wait_for_live();
    desk.frames(1);
    assert!(desk.has_label("online"));
    assert!(desk.has_label("offline"));
    desk.sim
        .refuse_live_connections_for(std::time::Duration::from_secs(60));
    desk.sim.drop_live_connections(1012, "restarting");
    desk.step_until("the live channel down", |h| {
        !h.state().state().live.is_connected()
    });
    desk.frames(1);
    assert!(!desk.has_label("online"), "no stale online mark");
    assert!(!desk.has_label("offline"));
    assert!(desk.has_label("online status unknown"));
}

// ----- Every window size -----

/// Whether the widget with this label lies whole inside the window.
fn on_screen(desk: &Desk, label: &str, size: [f32; 2]) -> bool {
    let rect = desk.rect_of(label);
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(size[0], size[1]));
    window.contains_rect(rect)
}

#[test]
fn small_windows_keep_every_action_on_screen() {
    for size in [[800.0, 600.0], [1024.0, 768.0]] {
        let mut desk = Desk::signed_in_at(size);
        desk.wait_for_live();
        desk.frames(3);
        for label in [
            "Sign out",
            "Refresh",
            "Settings",
            "Create code",
            "+1 h",
            "+4 h",
            "End of today",
            "Tomorrow 12:00",
            "+1 day",
            "+1 week",
            "Live",
        ] {
            assert!(
                on_screen(&desk, label, size),
                "{label} at {size:?}: {:?}",
                desk.rect_of(label)
            );
        }
        let synced = desk
            .harness
            .query_by_label_contains("Synced ")
            .expect("the status bar says when it synced")
            .rect();
        assert!(synced.right() <= size[0], "the status bar at {size:?}");
        let sign_out = desk.rect_of("Sign out");
        for other in ["Refresh", "Settings", "Visitor Desk"] {
            assert!(
                !sign_out.intersects(desk.rect_of(other)),
                "{other} overlaps Sign out"
            );
        }
    }
}

/// The table's header button whose label starts with `title` (the sorted one carries an arrow).
fn header(desk: &Desk, title: &str) -> egui::Rect {
    desk.harness
        .query_all_by_role(Role::Button)
        .find(|node| text_of(node).is_some_and(|label| label.starts_with(title)))
        .map(|node| node.rect())
        .unwrap_or_else(|| panic!("no {title} column"))
}

#[test]
fn middle_sized_windows_keep_valid_until_and_status_in_view() {
    for width in [900.0, 1024.0] {
        let mut desk = Desk::signed_in_at([width, 700.0]);
        desk.frames(3);
        let form = desk.rect_of("New code");
        let table = header(&desk, "Title");
        header(&desk, "Valid until");
        header(&desk, "Status");
        let painted = desk.painted();
        // The columns' contents are drawn, and whole: the status of the expired code and its removal line, the
        // dates; nothing of the table runs on under the form (where it would be cut off).
        assert!(painted.iter().any(|p| p.text == "Expired"), "at {width}");
        assert!(
            painted
                .iter()
                .any(|p| p.text.starts_with("will be removed")),
            "at {width}"
        );
        for text in painted
            .iter()
            .filter(|p| p.rect.left() >= table.left() - 40.0 && p.rect.left() < form.left())
        {
            assert!(
                text.rect.right() <= form.left(),
                "at {width}, {text:?} runs under the form, which starts at {}",
                form.left()
            );
        }
    }
}

#[test]
fn a_wide_window_gives_the_table_the_width() {
    let mut desk = Desk::signed_in_at([1920.0, 1080.0]);
    desk.frames(3);
    let form = desk.rect_of("New code");
    let created = header(&desk, "Created");
    let title = header(&desk, "Title");
    assert!(
        form.left() - created.right() < 200.0,
        "the last column reaches the form"
    );
    assert!(
        created.left() - title.left() > 700.0,
        "the title takes the room"
    );
    // Every date is drawn whole: none is cut short beside empty space.
    for painted in desk.painted() {
        assert!(!painted.text.ends_with('…'), "{painted:?}");
    }
}

#[test]
fn no_text_is_smaller_than_a_desk_can_read() {
    let mut desk = Desk::signed_in();
    desk.wait_for_live();
    make_code(&mut desk, "Reading test");
    desk.frames(2);
    let painted = desk.painted();
    assert!(painted.len() > 30);
    // Addresses, countdowns and removal dates are all on screen.
    assert!(painted.iter().any(|p| p.text.contains("Harbour Street")));
    assert!(
        painted
            .iter()
            .any(|p| p.text.starts_with("will be removed"))
    );
    for text in painted {
        assert!(text.size >= theme::text::MIN, "{text:?}");
    }
}

// ----- The form -----

#[test]
fn quick_choices_count_from_the_moment_the_code_is_made() {
    let mut desk = Desk::signed_in();
    // The app has been open for three hours when the visitor arrives.
    desk.advance_clock(TimeDelta::hours(3));
    desk.frames(1);
    desk.type_into("Title", "Afternoon guest");
    desk.sent();
    desk.harness.key_press(egui::Key::Enter);
    desk.frames(2);
    let (_, expires_at) = create_sent(&desk.sent()).expect("sent");
    let wanted = desk.now() + TimeDelta::hours(4);
    assert!(
        expires_at >= wanted - TimeDelta::seconds(5)
            && expires_at <= wanted + TimeDelta::minutes(1),
        "+4 h from now: {expires_at} vs {wanted}"
    );
}

#[test]
fn alt_and_a_digit_pick_a_quick_choice() {
    let mut desk = Desk::signed_in();
    desk.harness.get_by_label("+1 h").hover();
    // Tooltips wait for the pointer to rest.
    for _ in 0..120 {
        desk.harness.step();
        if desk.has_label("Alt+1") {
            break;
        }
    }
    assert!(desk.has_label("Alt+1"), "the tooltip names the keys");
    desk.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    desk.frames(1);
    desk.harness
        .get_by_role_and_label(Role::TextInput, "Title")
        .type_text("Maria Lopez");
    desk.frames(1);
    desk.harness
        .key_press_modifiers(egui::Modifiers::ALT, egui::Key::Num1);
    desk.frames(1);
    assert_eq!(
        desk.field("Title"),
        "Maria Lopez",
        "the chord types nothing"
    );
    desk.sent();
    desk.harness.key_press(egui::Key::Enter);
    desk.frames(2);
    let (title, expires_at) = create_sent(&desk.sent()).expect("sent");
    assert_eq!(title, "Maria Lopez");
    let wanted = desk.now() + TimeDelta::hours(1);
    assert!(
        (expires_at - wanted).num_seconds().abs() <= 60,
        "+1 h: {expires_at} vs {wanted}"
    );
}

#[test]
fn a_long_validity_asks_first_and_the_next_visitor_gets_the_default_again() {
    let mut desk = Desk::signed_in();
    let far = desk.now() + TimeDelta::days(45);
    desk.harness.state_mut().code_form_mut().set_expiry(far);
    desk.type_into("Title", "Long stay");
    desk.sent();
    desk.harness.key_press(egui::Key::Enter);
    desk.frames(2);
    assert_eq!(creates(&desk.sent()), 0, "asks first");
    assert!(desk.has_label_containing("valid for 45 days, longer than the usual limit of 30 days"));
    desk.harness.key_press(egui::Key::Enter);
    desk.frames(2);
    let (_, expires_at) = create_sent(&desk.sent()).expect("Enter confirmed it");
    assert!((expires_at - far).num_minutes().abs() <= 1);
    desk.step_until("the code", |h| h.state().state().create.created.is_some());
    desk.frames(2);

    // The chosen date does not carry over to the next visitor.
    desk.type_into("Title", "Next visitor");
    desk.harness.key_press(egui::Key::Enter);
    desk.frames(2);
    let (_, expires_at) = create_sent(&desk.sent()).expect("sent without asking");
    let wanted = desk.now() + TimeDelta::hours(4);
    assert!(
        (expires_at - wanted).num_minutes().abs() <= 1,
        "back to +4 h"
    );
}

#[test]
fn the_calendar_shows_the_month_and_year_and_offers_no_past_day() {
    let mut desk = Desk::signed_in();
    // Noon on the 15th of next month, so that the month has days before and after "today".
    let now = desk.now().with_timezone(&Local);
    let next_month = (now.date_naive() + chrono::Months::new(1))
        .with_day0(14)
        .expect("the 15th")
        .and_hms_opt(12, 0, 0)
        .expect("noon");
    let target = next_month
        .and_local_timezone(Local)
        .earliest()
        .expect("a local time")
        .with_timezone(&Utc);
    desk.advance_clock(target - desk.now());
    desk.frames(2);
    let today = desk.now().with_timezone(&Local).date_naive();
    let label = |day: chrono::NaiveDate| day.format("%a %d %b").to_string();
    // The expiry (+4 h) is today: its date is on the button.
    desk.harness.get_by_label(&label(today)).click();
    desk.frames(2);
    let heading = format!("{} {}", today.format("%B"), today.format("%Y"));
    assert!(desk.has_label(&heading), "{heading}");
    let yesterday = today.pred_opt().expect("a day");
    let tomorrow = today.succ_opt().expect("a day");
    assert!(!enabled(&desk, &label(yesterday)), "no past day");
    assert!(enabled(&desk, &label(tomorrow)));
    assert!(!enabled(&desk, "Previous month"), "no past month");
    desk.harness.get_by_label(&label(tomorrow)).click();
    desk.frames(2);
    assert!(
        desk.has_label(&label(tomorrow)),
        "the button shows the day chosen"
    );
}

#[test]
fn enter_confirms_a_dialog_and_esc_cancels_it() {
    let mut desk = Desk::signed_in();
    desk.harness.get_by_label("Plumber").click();
    desk.frames(2);
    desk.harness.key_press(egui::Key::Delete);
    desk.frames(2);
    assert!(desk.has_label("Revoke 1 code?"));
    desk.sent();
    desk.harness.key_press(egui::Key::Escape);
    desk.frames(2);
    assert!(!desk.has_label("Revoke 1 code?"), "Esc cancelled");
    assert!(desk.sent().is_empty());
    desk.harness.key_press(egui::Key::Delete);
    desk.frames(2);
    desk.harness.key_press(egui::Key::Enter);
    desk.frames(2);
    assert!(
        desk.sent()
            .iter()
            .any(|command| matches!(command, Command::RevokeCodes { ids } if ids.len() == 1)),
        "Enter confirmed"
    );
}

#[test]
fn a_refused_submit_puts_the_keyboard_in_the_field_at_fault_and_fixing_it_clears_the_message() {
    let mut desk = Desk::signed_in();
    desk.harness.get_by_label("Create code").click();
    desk.frames(2);
    assert!(desk.has_label("Enter a title: who is the code for?"));
    assert!(desk.is_focused("Title"), "the keyboard is in the title");
    desk.harness
        .get_by_role_and_label(Role::TextInput, "Title")
        .type_text("Ann");
    desk.frames(2);
    assert_eq!(desk.field("Title"), "Ann", "typing goes there");
    assert!(
        !desk.has_label("Enter a title: who is the code for?"),
        "the message goes as soon as the title is there"
    );
}

#[test]
fn after_a_wrong_password_the_keyboard_is_in_the_password() {
    let mut desk = Desk::at_sign_in();
    desk.harness.step();
    desk.type_into("Password", "wrong");
    desk.harness.get_by_label("Sign in").click();
    desk.until_sign_in_refused();
    desk.frames(2);
    assert!(desk.is_focused("Password"));
    desk.harness
        .get_by_role_and_label(Role::PasswordInput, "Password")
        .type_text("demo");
    desk.frames(1);
    assert_eq!(
        desk.field("Password").chars().count(),
        4,
        "typing replaces the wrong one"
    );
    desk.harness.key_press(egui::Key::Enter);
    desk.step_until("the codes", |h| h.state().state().last_sync.is_some());
}

#[test]
fn a_double_click_on_create_makes_one_code_and_no_false_error() {
    let mut desk = Desk::signed_in();
    let before = desk.sim.code_ids("demo").len();
    desk.type_into("Title", "Double click");
    desk.sent();
    desk.harness.get_by_label("Create code").click();
    desk.step_until("the code", |h| h.state().state().create.created.is_some());
    // The second click of the double click lands just after the code arrived.
    desk.harness.get_by_label("Create code").click();
    desk.frames(3);
    assert_eq!(creates(&desk.sent()), 1);
    assert_eq!(desk.sim.code_ids("demo").len(), before + 1);
    assert!(
        !desk.has_label("Enter a title: who is the code for?"),
        "no false error"
    );
}

// ----- Messages a person understands -----

#[test]
fn an_address_without_a_scheme_tries_https_and_offers_http() {
    let mut desk = Desk::new(SimConfig::default(), |_| StartOptions::default());
    let bare = desk
        .sim
        .base_url()
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    desk.harness.step();
    desk.type_into("Server", &bare);
    desk.type_into("Login", "demo");
    desk.type_into("Password", "demo");
    desk.harness.get_by_label("Sign in").click();
    desk.until_sign_in_refused();
    desk.frames(2);
    assert!(desk.has_label("This server speaks http, not https."));
    assert!(!desk.has_label_containing("InvalidContentType"));
    assert!(!desk.has_label_containing("corrupt message"));
    desk.harness
        .get_by_label(&format!("Use http://{bare}"))
        .click();
    desk.step_until("the codes over http", |h| {
        h.state().state().last_sync.is_some()
    });
}

#[test]
fn a_server_that_is_not_aipix_is_named_as_such() {
    for reply in [
        RawReply::http(
            "404 Not Found",
            &[("Content-Type", "text/html")],
            b"<html><body><h1>Not Found</h1></body></html>",
        ),
        RawReply::http(
            "200 OK",
            &[("Content-Type", "text/html")],
            b"<html><body>Welcome to nginx!</body></html>",
        ),
        // A plain web server that takes no POST (Python's http.server).
        RawReply::http(
            "501 Unsupported method ('POST')",
            &[("Content-Type", "text/html")],
            b"<html><body><h1>Error response</h1><p>Error code: 501</p></body></html>",
        ),
    ] {
        let mut desk = Desk::new(SimConfig::default(), |_| StartOptions::default());
        let server = desk
            .runtime
            .block_on(RawServer::start(move |_| reply.clone()));
        desk.harness.step();
        desk.type_into("Server", &server.base_url);
        desk.type_into("Login", "demo");
        desk.type_into("Password", "demo");
        desk.harness.get_by_label("Sign in").click();
        desk.until_sign_in_refused();
        desk.frames(2);
        assert!(desk.has_label(
            "No AIPIX server at this address. Check the address with your administrator."
        ));
        assert!(
            !desk.has_label_containing("Welcome to nginx"),
            "no page text, no library text"
        );
        assert!(!desk.has_label_containing("HTTP 404"));
        assert!(!desk.has_label_containing("ran into a problem"));
    }
}

#[test]
fn a_mistyped_address_is_named_as_such_and_nothing_is_sent() {
    let mut desk = Desk::new(SimConfig::default(), |_| StartOptions::default());
    desk.harness.step();
    desk.type_into("Server", "htp//vms example");
    desk.type_into("Login", "demo");
    desk.type_into("Password", "demo");
    desk.sent();
    desk.harness.get_by_label("Sign in").click();
    desk.frames(2);
    assert!(desk.has_label(
        "This is not a server address. Type it like vms.example.org or https://vms.example.org."
    ));
    assert!(!desk.has_label_containing("Could not reach"));
    assert!(
        !desk
            .sent()
            .iter()
            .any(|command| matches!(command, Command::SignIn(_))),
        "nothing sent"
    );
    assert!(desk.is_focused("Server"), "the keyboard in the address");
    assert_eq!(
        desk.field("Server"),
        "htp//vms example",
        "what was typed stays"
    );
}

#[test]
fn an_unreachable_server_is_one_sentence_with_the_reason_behind_details() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let mut desk = Desk::new(SimConfig::default(), |_| StartOptions::default());
    desk.harness.step();
    desk.type_into("Server", &format!("http://127.0.0.1:{port}"));
    desk.type_into("Login", "demo");
    desk.type_into("Password", "demo");
    desk.harness.get_by_label("Sign in").click();
    desk.until_sign_in_refused();
    desk.frames(2);
    assert!(desk.has_label(
        "Could not reach the server. Check the address and the network connection, then try again."
    ));
    // The library's words: "… tcp connect error: Connection refused …".
    let technical = |desk: &Desk| {
        desk.harness
            .query_all_by_label_contains("onnect")
            .filter_map(|node| text_of(&node))
            .any(|label| {
                !label.starts_with("Could not reach") && !label.contains("network connection")
            })
    };
    assert!(!technical(&desk), "the library's words stay behind Details");
    desk.harness.get_by_label("Details").click();
    desk.frames(2);
    assert!(technical(&desk), "and are there for whoever fixes it");
}

#[test]
fn the_missing_keyring_note_says_what_it_means() {
    let reason = "the keyring service could not be reached: org.freedesktop.DBus.Error.ServiceUnknown \
                  (unix:path=/run/user/0/bus)";
    let backend = BackendConfig {
        store_warning: Some(reason.to_owned()),
        ..BackendConfig::new("ui-test-device")
    };
    let mut desk = Desk::with(SimConfig::default(), WIDE, backend, |_| {
        StartOptions::default()
    });
    desk.frames(3);
    assert!(desk.has_label(
        "This computer has no keyring to keep your sign-in safe: you will be asked for your password each \
         time Visitor Desk starts."
    ));
    assert!(
        !desk.has_label_containing("/run/user"),
        "no socket path in the user's face"
    );
    desk.harness.get_by_label("Details").click();
    desk.frames(2);
    assert!(desk.has_label(reason), "the reason, on demand");
}

// ----- Smaller things users noticed -----

#[test]
fn clicking_a_row_selects_it_for_copy_and_delete() {
    let mut desk = Desk::signed_in();
    desk.harness.get_by_label("Plumber").click();
    desk.frames(2);
    let checked = desk
        .harness
        .get_by_label("Select Plumber")
        .accesskit_node()
        .toggled();
    assert_eq!(checked, Some(Toggled::True), "the row is selected");
    desk.harness.event(egui::Event::Key {
        key: egui::Key::C,
        pressed: true,
        modifiers: egui::Modifiers::COMMAND,
        repeat: false,
        physical_key: None,
    });
    let copies = desk.step_until_collecting_copies("a frame", |_| true);
    assert_eq!(copies.len(), 1, "Ctrl+C copies the code of the row clicked");
    desk.harness.key_press(egui::Key::Delete);
    desk.frames(2);
    assert!(desk.has_label("Revoke 1 code?"));
    assert!(desk.has_label_containing("— Plumber ("));
}

#[test]
fn esc_in_the_search_clears_it_and_the_search_matches_intercoms() {
    let mut desk = Desk::signed_in();
    desk.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    desk.frames(1);
    desk.harness
        .get_by_role_and_label(Role::TextInput, "Search")
        .type_text("courtyard");
    desk.frames(2);
    assert!(
        desk.has_label("Anna Schmidt"),
        "a code of the Courtyard gate"
    );
    assert!(!desk.has_label("Plumber"), "a code of the Main entrance");
    desk.harness.key_press(egui::Key::Escape);
    desk.frames(2);
    assert_eq!(desk.field("Search"), "", "Esc cleared the search");
    assert!(desk.has_label("Plumber"));
}

#[test]
fn an_expired_code_will_be_removed_in_the_future_tense() {
    let mut desk = Desk::signed_in();
    desk.frames(1);
    // "Courier" expired two hours ago; the server removes it 24 hours after its expiry.
    assert!(desk.has_label_containing("will be removed "));
    assert!(
        !desk
            .harness
            .query_all_by_label_contains("removed ")
            .any(|node| text_of(&node).is_some_and(|label| label.starts_with("removed ")))
    );
}

#[test]
fn copy_buttons_say_copied() {
    let mut desk = Desk::signed_in();
    // The first row whose code works (an expired code has nothing to copy).
    desk.harness
        .query_all_by_role(Role::Button)
        .filter(|node| text_of(node).is_some_and(|name| name.starts_with("Copy ")))
        .find(|node| !node.accesskit_node().is_disabled())
        .expect("a Copy button per working code")
        .click();
    desk.frames(2);
    assert!(desk.has_label("Copied"));
}

#[test]
fn notices_stay_clear_of_the_top_bar() {
    let mut desk = Desk::signed_in();
    desk.harness.get_by_label("Plumber").click();
    desk.frames(2);
    desk.harness.key_press(egui::Key::Delete);
    desk.frames(2);
    desk.harness.get_by_label("Revoke 1 code").click();
    desk.step_until("the notice", |h| {
        h.query_by_label("1 code revoked").is_some()
    });
    desk.frames(1);
    let notice = desk.rect_of("1 code revoked");
    for button in ["Sign out", "Refresh", "Settings"] {
        assert!(!notice.intersects(desk.rect_of(button)), "covers {button}");
    }
    assert!(notice.top() > WIDE[1] / 2.0, "at the bottom: {notice:?}");
    // It goes away by itself.
    desk.advance_clock(TimeDelta::seconds(30));
    desk.frames(2);
    assert!(!desk.has_label("1 code revoked"));
}

#[test]
fn an_emoji_in_a_title_shows_as_itself_or_a_clean_replacement() {
    let mut desk = Desk::signed_in();
    desk.wait_for_live();
    let intercom = desk.sim.intercom_ids("demo")[0];
    // 🎉 is in the emoji font; 🫨 (Unicode 15) and the Chinese characters are in no font the app carries.
    desk.sim
        .create_code(
            "demo",
            intercom,
            "Party 🎉 🫨 漢字",
            Utc::now() + TimeDelta::hours(2),
        )
        .expect("create");
    // Under egui_kittest a missing glyph panics: reaching the label at all means none was drawn.
    desk.step_until("the code", |h| {
        h.query_all_by_label_contains("Party 🎉").next().is_some()
    });
    desk.frames(2);
    // In the list (its row as a screen reader reads it, its title, its checkbox's name and its menu's), and in the
    // notice that another desk made it.
    let shown: Vec<String> = desk
        .harness
        .query_all_by_label_contains("Party 🎉")
        .filter_map(|node| text_of(&node))
        .collect();
    assert_eq!(shown.len(), 5, "{shown:?}");
    for label in shown {
        assert!(
            label.contains("Party 🎉 "),
            "the emoji the fonts have shows as itself: {label}"
        );
        assert!(
            !label.contains('🫨') && !label.contains('漢'),
            "the others are replaced: {label}"
        );
    }
}

// ----- A look that fits a desk -----

#[test]
fn light_and_dark_themes_are_chosen_in_settings_and_status_colours_read_in_both() {
    let mut desk = Desk::signed_in();
    let intercom = desk.sim.intercom_ids("demo")[0];
    // Made two hours ago with half an hour left (the simulator's clock set back while it is made): in the last
    // quarter of its time, so expiring soon.
    desk.sim.advance_clock(-TimeDelta::hours(2));
    desk.sim
        .create_code(
            "demo",
            intercom,
            "Quick visit",
            Utc::now() + TimeDelta::minutes(30),
        )
        .expect("create");
    desk.sim.advance_clock(TimeDelta::hours(2));
    desk.harness.get_by_label("Refresh").click();
    desk.step_until("the code", |h| h.query_by_label("Quick visit").is_some());
    for (choice, label, theme_wanted) in [
        (ThemeChoice::Light, "Light", egui::Theme::Light),
        (ThemeChoice::Dark, "Dark", egui::Theme::Dark),
    ] {
        desk.sent();
        desk.harness.get_by_label("Settings").click();
        desk.frames(2);
        desk.harness.get_by_label(label).click();
        desk.frames(3);
        assert_eq!(desk.harness.ctx.theme(), theme_wanted);
        assert!(
            desk.sent()
                .contains(&Command::Remember(SettingsChange::Theme(choice))),
            "remembered"
        );
        let background = desk.harness.ctx.global_style().visuals.panel_fill;
        let stripe = desk.harness.ctx.global_style().visuals.faint_bg_color;
        let painted = desk.painted();
        for status in ["Active", "Expiring soon", "Expired"] {
            let color = painted
                .iter()
                .find(|p| p.text == status)
                .map(|p| p.color)
                .unwrap_or_else(|| panic!("{status} is shown"));
            for ground in [background, stripe] {
                let ratio = theme::contrast(color, ground);
                assert!(ratio >= 4.5, "{status} in the {label} theme: {ratio:.2}");
            }
        }
    }
}
