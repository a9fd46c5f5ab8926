//! What the main screens look like, pixel for pixel: sign-in, the main screen with codes, the new-code panel with
//! a code just made, and History, in the dark and the light theme, at 800×600 and 1920×1080. Drawn by wgpu as the
//! window draws them (on the CPU where there is no GPU: Vulkan on lavapipe, from `mesa-vulkan-drivers`), and
//! compared with the reference images in `tests/snapshots/` (egui_kittest's default tolerance: a pixel may differ
//! by its anti-aliasing, none may change its colour).
//!
//! The data and the time are fixed (the app's clock stopped, the simulator's set to it, codes with their own digits
//! and titles), and the test runs in a process of its own in UTC, so that an image changes only when a screen does.
//! After a deliberate change: `UPDATE_SNAPSHOTS=1 cargo test --test ui_snapshots`, and look at the new images.
//!
//! Each screen's AccessKit tree (what a screen reader reads: every node's role and name, whether the keyboard
//! reaches it, how urgently it is announced) is compared as text with `tests/snapshots/a11y/`, at 1920×1080 in the
//! dark theme, so that a label lost, a button unnamed or a role changed fails here; `UPDATE_SNAPSHOTS=1` writes
//! them again too.
#![cfg(unix)]

mod common;

use chrono::{DateTime, TimeDelta, TimeZone as _, Utc};
use common::desk::Desk;
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

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
    let mut tree_changes = Vec::new();
    for (size_name, size) in SIZES {
        for (theme_name, theme) in THEMES {
            let name = |screen: &str| format!("{screen}_{theme_name}_{size_name}");
            let journal = tempfile::tempdir().expect("journal folder");

            // The tree does not change with the theme; it does with the width (columns folded).
            let trees = theme_name == "dark" && size_name == "1920x1080";
            let mut tree = |desk: &Desk, screen: &str| {
                if trees {
                    tree_as_it_was(&mut tree_changes, desk, screen);
                }
            };

            let mut desk = at_sign_in(size, theme, journal.path());
            results.add(desk.harness.try_snapshot(name("sign_in")));
            tree(&desk, "sign_in");
            drop(desk);

            let mut desk = Desk::for_snapshots(size, theme, now(), journal.path(), fixed_codes);
            settle(&mut desk);
            results.add(desk.harness.try_snapshot(name("main")));
            tree(&desk, "main");

            make_a_code(&mut desk);
            results.add(desk.harness.try_snapshot(name("new_code")));
            tree(&desk, "new_code");

            desk.harness.get_by_label("History").click();
            desk.step_until("the journal's lines", |h| {
                h.query_all_by_label_contains("Code created")
                    .next()
                    .is_some()
            });
            settle(&mut desk);
            results.add(desk.harness.try_snapshot(name("history")));
            tree(&desk, "history");
        }
    }
    // Both kinds of change are told, whichever fails first.
    if !tree_changes.is_empty() {
        eprintln!("{}", tree_changes.join("\n\n"));
    }
    results.unwrap();
    assert!(tree_changes.is_empty(), "{}", tree_changes.join("\n\n"));
}

/// Compares `screen`'s AccessKit tree with `tests/snapshots/a11y/{screen}.txt` (writes it with
/// `UPDATE_SNAPSHOTS=1`); a difference is added to `changes`.
fn tree_as_it_was(changes: &mut Vec<String>, desk: &Desk, screen: &str) {
    let mut lines = Vec::new();
    tree_lines(&desk.harness.root(), 0, &mut lines);
    let tree = lines.join("\n") + "\n";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots/a11y")
        .join(format!("{screen}.txt"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("the folder");
        std::fs::write(&path, &tree).expect("the tree written");
        return;
    }
    let before = std::fs::read_to_string(&path).unwrap_or_default();
    if before != tree {
        let diff: Vec<String> = diff_lines(&before, &tree);
        changes.push(format!(
            "the accessibility tree of {screen} changed ({}):\n{}",
            path.display(),
            diff.join("\n")
        ));
    }
}

/// One line per node a screen reader meets (a container with neither role nor name is skipped, its children
/// kept): its role, its name, `focusable`, and its live region.
fn tree_lines(node: &egui_kittest::Node<'_>, depth: usize, lines: &mut Vec<String>) {
    let data = node.accesskit_node();
    let name = without_port(&data.label().or_else(|| data.value()).unwrap_or_default());
    let role = data.role();
    // A label's text run says what the label does.
    if role == Role::TextRun {
        return;
    }
    let shown = role != Role::GenericContainer || !name.is_empty();
    let depth = if shown {
        let mut line = format!("{}{role:?}", "  ".repeat(depth));
        if !name.is_empty() {
            line.push_str(&format!(" {name:?}"));
        }
        if data.data().supports_action(egui::accesskit::Action::Focus) {
            line.push_str(" focusable");
        }
        if let Some(live) = data.data().live() {
            line.push_str(&format!(" live={live:?}"));
        }
        lines.push(line);
        depth + 1
    } else {
        depth
    };
    for child in node.children() {
        tree_lines(&child, depth, lines);
    }
}

/// `name` without the simulator's port, which each run picks.
fn without_port(name: &str) -> String {
    match name.split_once("127.77.0.1:") {
        Some((before, after)) => {
            let rest = after.trim_start_matches(|c: char| c.is_ascii_digit());
            format!("{before}127.77.0.1:PORT{rest}")
        }
        None => name.to_owned(),
    }
}

/// The lines only one side has, marked `-` (before) and `+` (now), in order.
fn diff_lines(before: &str, now: &str) -> Vec<String> {
    let old: Vec<&str> = before.lines().collect();
    let new: Vec<&str> = now.lines().collect();
    let mut diff: Vec<String> = old
        .iter()
        .filter(|line| !new.contains(line))
        .map(|line| format!("- {line}"))
        .collect();
    diff.extend(
        new.iter()
            .filter(|line| !old.contains(line))
            .map(|line| format!("+ {line}")),
    );
    diff
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
