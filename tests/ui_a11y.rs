//! What a screen reader is told, read from the window's AccessKit tree (which AccessKit hands to AT-SPI on
//! Linux): the real app through egui_kittest, signed in to the real simulator. Changes a sighted user sees are
//! announced in live regions (polite, or assertive for a call and a refusal); the codes table reads row by row.

mod common;

use common::desk::Desk;
use egui::accesskit::{Live, Role};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use visitor_desk::backend::BackendConfig;
use visitor_desk::ui::App;

/// The live regions in the tree (announcements, notices): their words and how urgently they are said.
fn announcements(harness: &Harness<'static, App>) -> Vec<(String, Live)> {
    let mut said = Vec::new();
    for role in [Role::Status, Role::Alert, Role::Label] {
        for node in harness.query_all_by_role(role) {
            let node = node.accesskit_node();
            let words = node.label().or_else(|| node.value());
            if let (Some(label), Some(live)) = (words, node.data().live()) {
                said.push((label, live));
            }
        }
    }
    said
}

fn announced(harness: &Harness<'static, App>, words: &str, live: Live) -> bool {
    announcements(harness)
        .iter()
        .any(|(text, how)| text.contains(words) && *how == live)
}

/// Digits as the announcements spell them: one by one.
fn spelled(digits: &str) -> String {
    digits
        .chars()
        .map(String::from)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_code_made_from_the_keyboard_is_announced_with_its_digits_and_title() {
    let mut desk = Desk::signed_in();
    desk.wait_for_live();
    assert!(
        announcements(&desk.harness).is_empty(),
        "nothing to announce yet"
    );
    desk.type_into("Title", "Maria Lopez");
    desk.harness.key_press(egui::Key::Enter);
    desk.step_until("the new code", |h| {
        h.state().state().create.created.is_some()
    });
    desk.frames(2);
    let digits = desk.created().and_then(|code| code.code).expect("digits");
    let words = format!("Code {} made for Maria Lopez.", spelled(&digits));
    assert!(
        announced(&desk.harness, &words, Live::Polite),
        "{words:?} among {:?}",
        announcements(&desk.harness)
    );
}

#[test]
fn a_notice_is_announced_as_it_shows() {
    let mut desk = Desk::signed_in();
    desk.wait_for_live();
    let door = desk.intercom_id("Courtyard gate");
    desk.sim
        .create_code(
            "demo",
            door,
            "Made elsewhere",
            chrono::Utc::now() + chrono::TimeDelta::hours(3),
        )
        .expect("create");
    let words = "New code at another desk: Made elsewhere (Courtyard gate)";
    desk.step_until("the notice", |h| h.query_by_label(words).is_some());
    assert!(announced(&desk.harness, words, Live::Polite));
}

#[test]
fn a_call_at_the_door_is_announced_at_once() {
    let mut desk = Desk::signed_in();
    desk.wait_for_live();
    let door = desk.intercom_id("Courtyard gate");
    desk.sim.ring("demo", door).expect("rings");
    desk.step_until("the announcement", |h| {
        h.query_by_label("Someone is at Courtyard gate.").is_some()
    });
    assert!(announced(
        &desk.harness,
        "Someone is at Courtyard gate.",
        Live::Assertive
    ));
}

#[test]
fn the_live_channel_lost_and_back_is_announced() {
    let mut desk = Desk::signed_in();
    desk.wait_for_live();
    desk.frames(1);
    desk.sim.drop_live_connections(1012, "restarting");
    desk.step_until("the loss announced", |h| {
        announced(h, "Live updates lost", Live::Polite)
    });
    desk.step_until("the return announced", |h| {
        announced(h, "Live updates are back.", Live::Polite)
    });
}

#[test]
fn a_refusal_from_the_server_is_announced_at_once() {
    let mut desk = Desk::signed_in();
    desk.wait_for_live();
    desk.sim.fail_creates(true);
    desk.type_into("Title", "Refused visitor");
    desk.harness.key_press(egui::Key::Enter);
    desk.step_until("the refusal", |h| {
        !h.state().state().create.problem.is_empty()
    });
    desk.frames(2);
    let reasons = desk.harness.state().state().create.problem.general(&[]);
    assert!(!reasons.is_empty());
    let words = format!("Not accepted: {}", reasons.join(" "));
    assert!(
        announced(&desk.harness, &words, Live::Assertive),
        "{reasons:?} among {:?}",
        announcements(&desk.harness)
    );
}

#[test]
fn the_codes_table_reads_row_by_row_with_each_codes_digits() {
    let mut desk = Desk::signed_in();
    desk.wait_for_live();
    desk.frames(2);
    desk.harness.get_by_role_and_label(Role::Table, "Codes");
    let rows: Vec<String> = desk
        .harness
        .query_all_by_role(Role::Row)
        .filter_map(|row| row.accesskit_node().label())
        .filter(|name| !name.is_empty())
        .collect();
    let listed: Vec<String> = (desk.harness.state().state().all_codes())
        .filter_map(|code| code.code.clone())
        .collect();
    assert!(!listed.is_empty());
    for digits in &listed {
        assert!(
            rows.iter().any(|row| row.contains(&spelled(digits))),
            "a row says {digits}: {rows:?}"
        );
    }
    let plumber = rows
        .iter()
        .find(|row| row.starts_with("Plumber, code "))
        .expect("the plumber's row");
    assert!(
        plumber.contains("Main entrance, valid until ") && plumber.contains(", Active, in "),
        "{plumber}"
    );
}

/// Whether the widget labelled `label` lies whole inside what the window shows at its zoom.
fn whole_on_screen(desk: &Desk, label: &str) -> bool {
    let shown = desk.harness.ctx.content_rect();
    shown.contains_rect(desk.rect_of(label))
}

#[test]
fn ctrl_plus_minus_and_zero_scale_the_window_and_it_holds_at_150_percent_of_1280_by_800() {
    let mut desk = Desk::signed_in_at([1280.0, 800.0]);
    desk.wait_for_live();
    desk.frames(2);
    let zoom = |desk: &Desk| desk.harness.ctx.zoom_factor();
    // In a field too: the keys are the window's, not the text's.
    desk.type_into("Title", "Ada");
    for _ in 0..5 {
        desk.harness
            .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Plus);
        desk.frames(1);
    }
    assert!((zoom(&desk) - 1.5).abs() < 1e-3, "{}", zoom(&desk));
    assert_eq!(desk.field("Title"), "Ada", "nothing typed by the zoom keys");
    desk.frames(3);
    for label in [
        "Sign out",
        "Refresh",
        "Settings",
        "History",
        "Create code",
        "+1 h",
        "+1 week",
        "Search",
        "Live",
    ] {
        assert!(
            whole_on_screen(&desk, label),
            "{label} at 150%: {:?} in {:?}",
            desk.rect_of(label),
            desk.harness.ctx.content_rect()
        );
    }
    desk.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Minus);
    desk.frames(1);
    assert!((zoom(&desk) - 1.4).abs() < 1e-3, "{}", zoom(&desk));
    desk.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num0);
    desk.frames(1);
    assert!((zoom(&desk) - 1.0).abs() < 1e-3, "{}", zoom(&desk));
}

#[test]
fn a_dialog_is_named_by_its_question() {
    let mut desk = Desk::signed_in();
    desk.wait_for_live();
    desk.harness
        .get_by_label("Open the door of Parking barrier")
        .click();
    desk.frames(2);
    let dialog = desk.harness.get_by_role(Role::Dialog);
    let name = dialog.accesskit_node().label().unwrap_or_default();
    assert!(
        name.contains("Parking barrier"),
        "the dialog's name: {name:?}"
    );
    assert!(
        desk.harness.query_by_label("Open anyway").is_some(),
        "its buttons are named"
    );
}

/// The live regions whose words contain `part` (in any case).
fn said_containing(harness: &Harness<'static, App>, part: &str) -> Vec<(String, Live)> {
    let part = part.to_lowercase();
    announcements(harness)
        .into_iter()
        .filter(|(text, _)| text.to_lowercase().contains(&part))
        .collect()
}

/// The demo account's code titled `title`: its id and digits.
fn demo_code(desk: &Desk, title: &str) -> (u64, String) {
    let state = desk.harness.state().state();
    let code = (state.all_codes())
        .find(|code| code.title == title)
        .unwrap_or_else(|| panic!("the demo's {title}"));
    (code.id, code.code.clone().expect("digits"))
}

#[test]
fn a_code_revoked_at_another_desk_is_announced_once_by_its_title_and_digits() {
    let mut desk = Desk::signed_in();
    desk.wait_for_live();
    let (id, digits) = demo_code(&desk, "Plumber");
    assert_eq!(desk.sim.delete_codes("demo", &[id]), 1);
    let words = format!(
        "Code {} for Plumber was revoked at another desk.",
        spelled(&digits)
    );
    desk.step_until("the announcement", |h| announced(h, &words, Live::Polite));
    desk.frames(3);
    // The notice's card shows it too, but is not a second live region: a screen reader says it once.
    assert!(desk.has_label_containing("Revoked at another desk: Plumber"));
    assert_eq!(
        said_containing(&desk.harness, "revoked at another desk"),
        [(words, Live::Polite)]
    );
}

#[test]
fn a_storm_of_codes_revoked_at_another_desk_is_one_summary() {
    let mut desk = Desk::signed_in();
    desk.wait_for_live();
    let ids = desk.sim.code_ids("demo");
    assert!(ids.len() >= 3, "{ids:?}");
    // One push each, a moment apart, as a manager clicking through a list makes them.
    for id in &ids {
        assert_eq!(desk.sim.delete_codes("demo", &[*id]), 1);
    }
    let words = format!("{} codes were revoked at another desk.", ids.len());
    desk.step_until("the summary", |h| announced(h, &words, Live::Polite));
    desk.frames(3);
    assert_eq!(
        said_containing(&desk.harness, "revoked at another desk"),
        [(words, Live::Polite)],
        "one summary, no code said alone"
    );
}

#[test]
fn a_code_running_out_by_the_clock_is_announced_once() {
    let mut desk = Desk::signed_in();
    desk.wait_for_live();
    let door = desk.intercom_id("Courtyard gate");
    let made = desk
        .sim
        .create_code(
            "demo",
            door,
            "Short visit",
            desk.now() + chrono::TimeDelta::minutes(10),
        )
        .expect("create");
    let digits = made["code"].as_str().expect("digits").to_owned();
    desk.step_until("the code listed", |h| {
        h.state()
            .state()
            .all_codes()
            .any(|code| code.title == "Short visit")
    });
    desk.frames(2);
    assert!(said_containing(&desk.harness, "expired").is_empty());
    desk.advance_clock(chrono::TimeDelta::minutes(10) + chrono::TimeDelta::seconds(1));
    let words = format!("Code {} for Short visit has expired.", spelled(&digits));
    desk.step_until("the announcement", |h| announced(h, &words, Live::Polite));
    desk.advance_clock(chrono::TimeDelta::seconds(5));
    desk.frames(3);
    assert_eq!(
        said_containing(&desk.harness, "has expired"),
        [(words, Live::Polite)],
        "said once, and no other code ran out"
    );
}

#[test]
fn a_code_revoked_at_another_desk_is_announced_in_russian() {
    let mut desk = Desk::signed_in_speaking("ru", [1280.0, 800.0]);
    desk.wait_for_live();
    let (id, digits) = demo_code(&desk, "Plumber");
    assert_eq!(desk.sim.delete_codes("demo", &[id]), 1);
    let words = format!(
        "Код {} для «Plumber» отозван на другом рабочем месте.",
        spelled(&digits)
    );
    desk.step_until("the announcement", |h| announced(h, &words, Live::Polite));
}

/// What the layout test looks for, in the window's language.
struct Words {
    language: &'static str,
    create: &'static str,
    codes: &'static str,
    /// A row's Copy button and its menu button start so.
    copy: &'static str,
    menu: &'static str,
    live: &'static str,
    /// The top bar's buttons, and More, which holds the less used of them when they do not all fit.
    top_bar: [&'static str; 7],
    more: &'static str,
}

const ENGLISH: Words = Words {
    language: "en",
    create: "Create code",
    codes: "Codes",
    copy: "Copy ",
    menu: "Actions for ",
    live: "Live",
    top_bar: [
        "Settings",
        "Refresh",
        "Today",
        "History",
        "Export codes",
        "Add account…",
        "Sign out",
    ],
    more: "More",
};

const RUSSIAN: Words = Words {
    language: "ru",
    create: "Создать код",
    codes: "Коды",
    copy: "Скопировать ",
    menu: "Действия: ",
    live: "Живые обновления",
    top_bar: [
        "Настройки",
        "Обновить",
        "Сегодня",
        "История",
        "Выгрузить коды",
        "Добавить учётную запись…",
        "Выйти",
    ],
    more: "Ещё",
};

/// Where the table named `name` draws: the union of every node under it that is drawn (the table's own node has no
/// rect), scrolled out of sight sideways included.
fn table_extent(desk: &Desk, name: &'static str) -> egui::Rect {
    let under_table = move |node: &egui_kittest::kittest::AccessKitNode<'_>| {
        let mut up = node.parent();
        while let Some(parent) = up {
            if parent.role() == Role::Table && parent.label().as_deref() == Some(name) {
                return true;
            }
            up = parent.parent();
        }
        false
    };
    desk.harness
        .query_all_by(move |node| node.bounding_box().is_some() && under_table(node))
        .map(|node| node.rect())
        .reduce(egui::Rect::union)
        .expect("the table draws")
}

/// At `zoom_steps` tenths of Ctrl + on a 1280×800 screen: the codes table stands within its panel (no sideways
/// scroll: every drawn row's Copy and menu buttons are left of the new-code form), and Create is whole in the window,
/// above the status bar.
fn layout_holds(words: &Words, zoom_steps: usize) {
    // As the window starts: another account can be added, so the top bar has all its buttons.
    let backend = BackendConfig {
        language: visitor_desk::i18n::Language::new(words.language),
        ..BackendConfig::new("ui-test-device")
    };
    let mut desk = Desk::on_servers(1, [1280.0, 800.0], backend);
    desk.wait_for_live();
    for _ in 0..zoom_steps {
        desk.harness
            .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Plus);
        desk.frames(1);
    }
    desk.frames(4);
    assert_layout_holds(&desk, words, 100 + 10 * zoom_steps);
    // Every button of the top bar is on it or under More.
    let missing: Vec<&str> = words
        .top_bar
        .into_iter()
        .filter(|label| desk.harness.query_by_label(label).is_none())
        .collect();
    if !missing.is_empty() {
        desk.harness.get_by_label(words.more).click();
        desk.frames(2);
        for label in missing {
            assert!(
                whole_on_screen(&desk, label),
                "{label:?} is neither on the top bar nor whole under More"
            );
        }
    }
}

/// The codes table within its panel, Create whole above the status bar, the top bar's buttons whole in the window
/// and apart, at `percent`.
fn assert_layout_holds(desk: &Desk, words: &Words, percent: usize) {
    let window = desk.harness.ctx.content_rect();
    // The top bar's buttons on it (the others under More) are whole in the window.
    let top_bar: Vec<egui::Rect> = words
        .top_bar
        .iter()
        .chain([&words.more])
        .filter_map(|label| desk.harness.query_by_label(label).map(|node| node.rect()))
        .collect();
    for rect in &top_bar {
        assert!(
            window.contains_rect(*rect),
            "at {percent}% a top bar button {rect:?} is not whole in the window {window:?}"
        );
    }
    for (n, rect) in top_bar.iter().enumerate() {
        for other in &top_bar[n + 1..] {
            assert!(
                !rect.intersects(other.shrink(1.0)),
                "at {percent}% the top bar's buttons overlap: {rect:?} {other:?}"
            );
        }
    }
    let create = desk.rect_of(words.create);
    let status_bar = desk.rect_of(words.live);
    let table = table_extent(desk, words.codes);
    assert!(
        table.left() >= window.left() && table.right() <= create.left(),
        "at {percent}% the table {table:?} runs past its panel (the form from x = {})",
        create.left()
    );
    let mut buttons = 0;
    for prefix in [words.copy, words.menu] {
        for node in desk.harness.query_all_by_label_contains(prefix) {
            let label = node.accesskit_node().label().unwrap_or_default();
            if !label.starts_with(prefix) || node.accesskit_node().role() != Role::Button {
                continue;
            }
            buttons += 1;
            let rect = node.rect();
            assert!(
                rect.left() >= table.left() && rect.right() <= table.right(),
                "at {percent}% {label:?} {rect:?} is outside the table {table:?}"
            );
        }
    }
    assert!(buttons >= 2, "a row's Copy and menu at {percent}%");
    assert!(
        window.contains_rect(create) && create.bottom() <= status_bar.top(),
        "at {percent}% Create {create:?} is not whole above the status bar {status_bar:?} in {window:?}"
    );
}

#[test]
fn the_layout_holds_at_150_percent_of_1280_by_800() {
    layout_holds(&ENGLISH, 5);
}

#[test]
fn the_layout_holds_at_200_percent_of_1280_by_800() {
    layout_holds(&ENGLISH, 10);
}

#[test]
fn the_layout_holds_at_200_percent_of_1280_by_800_in_russian() {
    layout_holds(&RUSSIAN, 10);
}

#[test]
fn the_desktops_text_scale_is_the_zoom_ctrl_plus_multiplies_and_ctrl_0_returns_to() {
    let mut desk = Desk::signed_in_at([1280.0, 800.0]);
    desk.wait_for_live();
    let zoom = |desk: &Desk| desk.harness.ctx.zoom_factor();
    assert!((zoom(&desk) - 1.0).abs() < 1e-3, "{}", zoom(&desk));
    // As the desktop's portal answers, a moment after the first frames.
    let (desktop, coming) = std::sync::mpsc::channel();
    desk.harness.state_mut().follow_text_scale(coming);
    desk.frames(2);
    desktop.send(2.0).expect("the window listens");
    desk.frames(5);
    assert!((zoom(&desk) - 2.0).abs() < 1e-3, "{}", zoom(&desk));
    assert_layout_holds(&desk, &ENGLISH, 200);
    desk.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Plus);
    desk.frames(1);
    assert!((zoom(&desk) - 2.2).abs() < 1e-3, "2 × 1.1: {}", zoom(&desk));
    desk.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num0);
    desk.frames(1);
    assert!(
        (zoom(&desk) - 2.0).abs() < 1e-3,
        "back to the desktop's: {}",
        zoom(&desk)
    );
}
