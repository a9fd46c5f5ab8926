//! What the main screens look like, pixel for pixel: sign-in, the main screen with codes, the new-code panel with
//! a code just made, and History, in the dark and the light theme, at 800×600 and 1920×1080. Drawn by wgpu as the
//! window draws them (on the CPU where there is no GPU: Vulkan on lavapipe, from `mesa-vulkan-drivers`), and
//! compared with the reference images in `tests/snapshots/` (egui_kittest's default tolerance: a pixel may differ
//! by its anti-aliasing, none may change its colour).
//!
//! The data and the time are fixed (the app's clock stopped, the simulator's set to it, codes with their own digits
//! and titles), and the test runs in a process of its own in UTC, so that an image changes only when a screen does.
//! After a deliberate change: `UPDATE_SNAPSHOTS=1 cargo test --test ui_snapshots`, and look at the new images.
#![cfg(unix)]

mod common;

use chrono::{DateTime, TimeDelta, TimeZone as _, Utc};
use common::desk::Desk;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;

/// Set for the child process that draws the screens.
const INNER: &str = "VISITOR_DESK_TEST_SNAPSHOTS";

const SIZES: [(&str, [f32; 2]); 2] = [("800x600", [800.0, 600.0]), ("1920x1080", [1920.0, 1080.0])];
const THEMES: [(&str, egui::Theme); 2] =
    [("dark", egui::Theme::Dark), ("light", egui::Theme::Light)];

/// A Friday morning at the desk.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0)
        .single()
        .expect("a time")
}

#[test]
fn the_main_screens_look_as_they_did() {
    let output = std::process::Command::new(std::env::current_exe().expect("this test"))
        .args([
            "--exact",
            "screens_in_utc",
            "--include-ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(INNER, "1")
        .env("TZ", "UTC")
        .output()
        .expect("the child runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{said}");
    assert!(said.contains("1 passed"), "the screens were drawn: {said}");
}

#[test]
#[ignore = "run by the_main_screens_look_as_they_did, in a process of its own in UTC"]
fn screens_in_utc() {
    assert!(
        std::env::var_os(INNER).is_some(),
        "run through the_main_screens_look_as_they_did"
    );
    let mut results = egui_kittest::SnapshotResults::new();
    for (size_name, size) in SIZES {
        for (theme_name, theme) in THEMES {
            let name = |screen: &str| format!("{screen}_{theme_name}_{size_name}");
            let journal = tempfile::tempdir().expect("journal folder");

            let mut desk = at_sign_in(size, theme, journal.path());
            results.add(desk.harness.try_snapshot(name("sign_in")));
            drop(desk);

            let mut desk = Desk::for_snapshots(size, theme, now(), journal.path(), fixed_codes);
            settle(&mut desk);
            results.add(desk.harness.try_snapshot(name("main")));

            make_a_code(&mut desk);
            results.add(desk.harness.try_snapshot(name("new_code")));

            desk.harness.get_by_label("History").click();
            desk.step_until("the journal's lines", |h| {
                h.query_all_by_label_contains("Code created")
                    .next()
                    .is_some()
            });
            settle(&mut desk);
            results.add(desk.harness.try_snapshot(name("history")));
        }
    }
    results.unwrap();
}

/// The sign-in screen of a first start: nothing kept, nothing typed.
fn at_sign_in(size: [f32; 2], theme: egui::Theme, journal: &std::path::Path) -> Desk {
    let mut desk = Desk::for_snapshots_signed_out(size, theme, now(), journal);
    desk.step_until("the sign-in form", |h| {
        h.query_by_role_and_label(Role::PasswordInput, "Password")
            .is_some()
    });
    settle(&mut desk);
    desk
}

/// The demo account's codes replaced by ones of fixed digits and titles: valid for hours, expiring soon,
/// expired, at two intercoms.
fn fixed_codes(sim: &aipix_sim::SimHandle) {
    sim.delete_codes("demo", &sim.code_ids("demo"));
    // Room for the one the new-code panel makes.
    sim.set_code_limit(10);
    let intercoms = sim.intercom_ids("demo");
    let (main, courtyard) = (intercoms[0], intercoms[1]);
    let now = now();
    for (intercom, title, digits, expires) in [
        (main, "Anna Schmidt", "48213", TimeDelta::hours(4)),
        (
            main,
            "Courier, parcel for flat 7",
            "07391",
            TimeDelta::minutes(20),
        ),
        (
            main,
            "Cleaning service",
            "86420",
            TimeDelta::minutes(6 * 60 + 30),
        ),
        (courtyard, "Plumber", "55102", TimeDelta::days(2)),
        (courtyard, "Guest of flat 12", "19930", -TimeDelta::hours(1)),
    ] {
        // The courier's code was made two hours ago: in the last quarter of its time, so expiring soon (a code
        // made now for twenty minutes is not, yet).
        let made_ago = if digits == "07391" {
            TimeDelta::hours(2)
        } else {
            TimeDelta::zero()
        };
        sim.advance_clock(-made_ago);
        sim.insert_code("demo", intercom, title, digits, now + expires)
            .expect("a code with its digits");
        sim.advance_clock(made_ago);
    }
}

/// Makes a code through the form, with the digits the server is told to give, and waits for the panel.
fn make_a_code(desk: &mut Desk) {
    desk.sim.next_code_digits("31415");
    desk.type_into("Title", "Maria Lopez");
    desk.harness.get_by_label("Create code").click();
    desk.step_until("the new code's panel", |h| {
        h.query_all_by_label_contains("31415").next().is_some()
    });
    settle(desk);
}

/// The pointer gone (nothing hovered), and frames until nothing moves (a panel sliding in, a toast's first frame).
/// The side panels are laid out afresh from what they show now: a resizable panel keeps the widest its content
/// was in the frames before, and how many of those saw the listing before the live channel came up is the
/// machine's timing (a few pixels either way at 800×600).
fn settle(desk: &mut Desk) {
    desk.harness
        .ctx
        .data_mut(|data| data.remove_by_type::<egui::PanelState>());
    desk.harness
        .input_mut()
        .events
        .push(egui::Event::PointerGone);
    desk.frames(10);
}
