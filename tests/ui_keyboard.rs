//! The window from the keyboard alone, as a front desk works it: shortcuts that never type, Enter that makes the
//! code from anywhere in the form, the codes table and the calls reached and worked with keys. The real `App`
//! (egui_kittest) against the in-process simulator; keys are sent as egui-winit sends them.

mod common;

use chrono::TimeDelta;
use common::desk::Desk;
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use visitor_desk::messages::Command;
use visitor_desk::new_code::{Expiry, QuickExpiry};

/// A key pressed and released with `modifiers`, and the text it types, in one frame's input as egui-winit sends
/// them on X11 (a chord with Alt types its character; one with Ctrl does not).
fn chord(desk: &mut Desk, modifiers: Modifiers, key: Key, typed: Option<&str>) {
    let press = |pressed| Event::Key {
        key,
        physical_key: Some(key),
        pressed,
        repeat: false,
        modifiers,
    };
    let events = &mut desk.harness.input_mut().events;
    events.push(press(true));
    events.extend(typed.map(|text| Event::Text(text.to_owned())));
    events.push(press(false));
    desk.frames(2);
}

/// The last command sent that makes a code: its title, and how long from now it is valid.
fn create_sent(desk: &mut Desk) -> Option<(String, TimeDelta)> {
    let now = desk.now();
    desk.sent()
        .into_iter()
        .rev()
        .find_map(|command| match command {
            Command::CreateCode {
                title, expires_at, ..
            } => Some((title, expires_at - now)),
            _ => None,
        })
}

// ----- Shortcuts never type -----

#[test]
fn alt_and_a_digit_pick_a_quick_choice_and_type_nothing_in_the_title() {
    let mut desk = Desk::signed_in();
    desk.type_into("Title", "Test");
    let digits = [
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Num4,
        Key::Num5,
        Key::Num6,
    ];
    for (index, (key, choice)) in digits.into_iter().zip(QuickExpiry::ALL).enumerate() {
        let typed = (index + 1).to_string();
        chord(&mut desk, Modifiers::ALT, key, Some(&typed));
        assert_eq!(desk.field("Title"), "Test", "Alt+{typed} typed nothing");
        assert_eq!(
            desk.harness.state_mut().code_form_mut().expiry,
            Expiry::Quick(choice),
            "Alt+{typed} picked {choice:?}"
        );
    }
    chord(&mut desk, Modifiers::ALT, Key::Num2, Some("2"));
    assert_eq!(desk.field("Title"), "Test");
    desk.sent();
    desk.harness.key_press(Key::Enter);
    desk.frames(2);
    let (title, valid_for) = create_sent(&mut desk).expect("Enter made the code");
    assert_eq!(
        title, "Test",
        "the slip, the message and the journal say Test"
    );
    assert!(
        (valid_for - TimeDelta::hours(4)).num_seconds().abs() <= 60,
        "Alt+2 is +4 h: {valid_for}"
    );
}

#[test]
fn a_character_typed_with_alt_that_is_no_shortcut_still_types() {
    // Alt is only taken from the window's own chords: a digit typed after one still lands.
    let mut desk = Desk::signed_in();
    desk.type_into("Title", "Flat ");
    chord(&mut desk, Modifiers::ALT, Key::Num2, Some("2"));
    chord(&mut desk, Modifiers::NONE, Key::Num2, Some("2"));
    chord(&mut desk, Modifiers::ALT, Key::Num9, Some("9"));
    assert_eq!(desk.field("Title"), "Flat 29");
}

// ----- Enter makes the code from anywhere in the form -----

/// Waits until the server answered the code asked for (the demo account may be full: what counts here is that
/// it was asked for), and puts `title` back in the form for the next.
fn answered(desk: &mut Desk, title: &str) {
    desk.step_until("the server's answer", |h| {
        h.state().state().create.in_flight.is_none()
    });
    desk.harness.state_mut().code_form_mut().title = title.to_owned();
    desk.frames(1);
}

/// Whether the widget labelled `label` has the keyboard.
fn has_keyboard(desk: &Desk, label: &str) -> bool {
    desk.harness.get_by_label(label).is_focused()
}

#[test]
fn tab_to_a_quick_choice_space_then_enter_makes_the_code() {
    let mut desk = Desk::signed_in();
    desk.type_into("Title", "Keyboard guest");
    for _ in 0..3 {
        desk.harness.key_press(Key::Tab);
        desk.frames(1);
    }
    assert!(
        has_keyboard(&desk, "End of today"),
        "three Tabs from the title"
    );
    desk.harness.key_press(Key::Space);
    desk.frames(2);
    assert_eq!(
        desk.harness.state_mut().code_form_mut().expiry,
        Expiry::Quick(QuickExpiry::EndOfToday)
    );
    assert!(
        desk.is_focused("Title"),
        "the choice returns the keyboard to the title"
    );
    desk.sent();
    desk.harness.key_press(Key::Enter);
    desk.frames(2);
    let (title, _) = create_sent(&mut desk).expect("Enter made the code");
    assert_eq!(title, "Keyboard guest");
}

#[test]
fn enter_on_any_of_the_forms_buttons_makes_the_code() {
    let mut desk = Desk::signed_in();
    desk.type_into("Title", "Guest");
    // The quick choices, the date and the intercom: Enter there makes the code with what the form says (+4 h,
    // the default), and opens no list.
    for button in ["+1 week", "+1 h"] {
        desk.harness.get_by_label(button).focus();
        desk.frames(2);
        assert!(has_keyboard(&desk, button));
        desk.sent();
        desk.harness.key_press(Key::Enter);
        desk.frames(2);
        let (title, valid_for) =
            create_sent(&mut desk).unwrap_or_else(|| panic!("Enter on {button} made the code"));
        assert_eq!(title, "Guest");
        assert!(
            (valid_for - TimeDelta::hours(4)).num_seconds().abs() <= 60,
            "Enter is not a click on {button}: {valid_for}"
        );
        answered(&mut desk, "Guest");
    }
    for (role, field) in [(Role::ComboBox, "Intercom"), (Role::SpinButton, "Hour")] {
        desk.harness.get_by_role_and_label(role, field).focus();
        desk.frames(2);
        desk.sent();
        desk.harness.key_press(Key::Enter);
        desk.frames(2);
        let (title, _) =
            create_sent(&mut desk).unwrap_or_else(|| panic!("Enter on {field} made the code"));
        assert_eq!(title, "Guest");
        assert!(
            !egui::Popup::is_any_open(&desk.harness.ctx),
            "Enter on {field} opened no list"
        );
        answered(&mut desk, "Guest");
    }
}

#[test]
fn enter_on_a_quick_choice_with_no_title_says_why_where_the_user_looks() {
    let mut desk = Desk::signed_in();
    desk.harness.get_by_label("+1 day").focus();
    desk.frames(2);
    desk.sent();
    desk.harness.key_press(Key::Enter);
    desk.frames(3);
    assert!(create_sent(&mut desk).is_none(), "nothing sent");
    assert!(desk.has_label("Enter a title: who is the code for?"));
    assert!(
        desk.is_focused("Title"),
        "the keyboard is in the field at fault"
    );
}

// ----- The codes table from the keyboard -----

/// The node that has the keyboard: its role and what it is called.
fn focused(desk: &Desk) -> Option<(Role, String)> {
    desk.harness
        .query_all(egui_kittest::kittest::by())
        .find(|node| node.is_focused())
        .map(|node| {
            let node = node.accesskit_node();
            (node.role(), node.label().unwrap_or_default())
        })
}

/// The table's rows as the list shows them: each code's title and value.
fn rows(desk: &Desk) -> Vec<(String, String)> {
    let app = desk.harness.state();
    app.shown()
        .iter()
        .filter_map(|key| app.accounts().code(*key))
        .map(|code| {
            let value = code.code_value().unwrap_or_default().to_owned();
            (code.title.clone(), value)
        })
        .collect()
}

fn press(desk: &mut Desk, key: Key) {
    desk.harness.key_press(key);
    desk.frames(2);
}

/// Tabs from the search field until the rows have the keyboard; answers every widget Tab stopped at on the way.
fn tab_into_the_rows(desk: &mut Desk) -> Vec<(Role, String)> {
    desk.harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    desk.frames(2);
    let mut stops = Vec::new();
    for _ in 0..40 {
        press(desk, Key::Tab);
        let stop = focused(desk).expect("Tab always stops somewhere");
        if stop.0 == Role::Row {
            return stops;
        }
        stops.push(stop);
    }
    panic!("Tab never reached the codes: {stops:?}");
}

/// The focused row's name as a screen reader reads it, which starts with its title and code.
fn focused_row(desk: &Desk) -> String {
    match focused(desk) {
        Some((Role::Row, name)) => name,
        other => panic!("the rows do not have the keyboard: {other:?}"),
    }
}

fn starts_row(name: &str, row: &(String, String)) -> bool {
    name.starts_with(&format!("{}, code {}, ", row.0, row.1))
}

/// The frames painted in the last frame in the focus colour, two points wide: the row focus.
fn focus_frames(desk: &Desk) -> Vec<egui::Rect> {
    fn walk(shape: &egui::Shape, accent: egui::Color32, into: &mut Vec<egui::Rect>) {
        match shape {
            egui::Shape::Vec(shapes) => shapes.iter().for_each(|shape| walk(shape, accent, into)),
            egui::Shape::Rect(rect) if rect.stroke.color == accent && rect.stroke.width >= 2.0 => {
                into.push(rect.rect);
            }
            _ => {}
        }
    }
    let accent = visitor_desk::ui::theme::palette_of(&desk.harness.ctx).focus;
    let mut frames = Vec::new();
    for clipped in &desk.harness.output().shapes {
        walk(&clipped.shape, accent, &mut frames);
    }
    frames
}

#[test]
fn tab_reaches_the_rows_in_one_stop_and_the_arrows_move_a_visible_row_focus() {
    let mut desk = Desk::signed_in();
    let stops = tab_into_the_rows(&mut desk);
    assert!(
        stops.len() <= 12,
        "the toolbar and the headers, then the rows: {stops:?}"
    );
    assert!(
        !stops
            .iter()
            .any(|(_, name)| name.starts_with("Select ") && name != "Select all shown"),
        "no row's checkbox is a stop of its own: {stops:?}"
    );
    let rows = rows(&desk);
    assert!(rows.len() >= 3, "{rows:?}");
    assert!(
        starts_row(&focused_row(&desk), &rows[0]),
        "the first row first"
    );
    let frame = focus_frames(&desk);
    assert_eq!(frame.len(), 1, "one row shows the focus: {frame:?}");

    press(&mut desk, Key::ArrowDown);
    assert!(starts_row(&focused_row(&desk), &rows[1]));
    let moved = focus_frames(&desk);
    assert_eq!(moved.len(), 1);
    assert!(moved[0].top() > frame[0].top(), "the frame went down a row");
    press(&mut desk, Key::End);
    assert!(starts_row(&focused_row(&desk), rows.last().expect("rows")));
    press(&mut desk, Key::Home);
    assert!(starts_row(&focused_row(&desk), &rows[0]));
    press(&mut desk, Key::ArrowUp);
    assert!(
        starts_row(&focused_row(&desk), &rows[0]),
        "stays at the top"
    );
    // The name says the rest: door, until when, status.
    let name = focused_row(&desk);
    assert!(
        name.contains("valid until") && name.contains("Main entrance")
            || name.contains("Courtyard gate"),
        "{name}"
    );

    // Tab goes on out of the table, as it came in.
    press(&mut desk, Key::Tab);
    assert_ne!(focused(&desk).map(|(role, _)| role), Some(Role::Row));
}

#[test]
fn the_focused_row_is_scrolled_into_view_page_by_page() {
    let config = aipix_sim::SimConfig {
        extra_codes: 60,
        ..aipix_sim::SimConfig::default()
    };
    let mut desk = Desk::with(
        config,
        [1024.0, 768.0],
        visitor_desk::backend::BackendConfig::new("ui-test-device"),
        |sim| visitor_desk::ui::StartOptions {
            server: sim.base_url(),
            login: "demo".into(),
            password: Some("demo".into()),
            ..Default::default()
        },
    );
    desk.step_until("the first listing", |h| {
        h.state().state().last_sync.is_some()
    });
    desk.frames(2);
    tab_into_the_rows(&mut desk);
    let rows = rows(&desk);
    assert!(rows.len() > 60);
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1024.0, 768.0));
    let mut seen = vec![focused_row(&desk)];
    for key in [Key::PageDown, Key::PageDown, Key::End, Key::PageUp] {
        press(&mut desk, key);
        // The table scrolls there smoothly, as egui scrolls: a few frames.
        desk.frames(30);
        let name = focused_row(&desk);
        let frame = focus_frames(&desk);
        assert_eq!(frame.len(), 1, "after {key:?} the focus shows: {frame:?}");
        assert!(window.contains_rect(frame[0]), "{key:?}: {frame:?}");
        // The row in the frame is the focused one, drawn there.
        let at = rows
            .iter()
            .position(|row| starts_row(&name, row))
            .expect("a row");
        let title_drawn = desk
            .painted()
            .into_iter()
            .any(|text| text.text == rows[at].1 && frame[0].contains_rect(text.rect));
        assert!(title_drawn, "{key:?}: the code {} in the frame", rows[at].1);
        seen.push(name);
    }
    assert!(starts_row(&seen[3], rows.last().expect("rows")), "End");
    let index = |name: &String| {
        rows.iter()
            .position(|row| starts_row(name, row))
            .expect("a row")
    };
    assert!(
        index(&seen[1]) > 3 && index(&seen[2]) > index(&seen[1]),
        "Page Down moves a page"
    );
    assert!(index(&seen[4]) < index(&seen[3]), "Page Up");
}

#[test]
fn space_selects_enter_opens_the_rows_menu_and_escape_keeps_the_row() {
    let mut desk = Desk::signed_in();
    tab_into_the_rows(&mut desk);
    // A code that works (an expired one has nothing to copy): the menu's entries are all there.
    let at = rows(&desk)
        .iter()
        .position(|row| row.0 == "Plumber")
        .expect("the plumber's code");
    for _ in 0..at {
        press(&mut desk, Key::ArrowDown);
    }
    let first = rows(&desk)[at].clone();
    let checkbox = |desk: &Desk| {
        desk.harness
            .get_by_label(&format!("Select {}", first.0))
            .accesskit_node()
            .toggled()
    };
    press(&mut desk, Key::Space);
    assert_eq!(
        checkbox(&desk),
        Some(egui::accesskit::Toggled::True),
        "Space selects"
    );
    press(&mut desk, Key::Space);
    assert_eq!(
        checkbox(&desk),
        Some(egui::accesskit::Toggled::False),
        "and unselects"
    );

    press(&mut desk, Key::Enter);
    assert!(desk.has_label("Copy code"), "Enter opens the row's menu");
    press(&mut desk, Key::Escape);
    assert!(!desk.has_label("Copy code"), "Escape closes it");
    assert!(
        starts_row(&focused_row(&desk), &first),
        "and the row keeps the focus"
    );

    // The menu's entries from the keyboard: down to "Copy code", Enter copies, the menu closes.
    press(&mut desk, Key::Enter);
    press(&mut desk, Key::ArrowDown);
    press(&mut desk, Key::ArrowDown);
    assert_eq!(
        focused(&desk).map(|(_, name)| name),
        Some("Copy code".into())
    );
    // One event a frame here: the copy is in the frame of the key's press.
    desk.harness.key_down(Key::Enter);
    let copies = desk.step_until_collecting_copies("a frame", |_| true);
    desk.harness.key_up(Key::Enter);
    desk.frames(2);
    assert!(!desk.has_label("Copy code"), "a choice closes the menu");
    assert_eq!(copies, vec![first.1.clone()]);
    assert!(starts_row(&focused_row(&desk), &first), "back on the row");
}

#[test]
fn ctrl_c_copies_the_focused_rows_code_and_delete_asks_to_revoke_it() {
    let mut desk = Desk::signed_in();
    tab_into_the_rows(&mut desk);
    press(&mut desk, Key::ArrowDown);
    let second = rows(&desk)[1].clone();
    // Ctrl+C as egui-winit sends it: a copy event.
    desk.harness.event(Event::Copy);
    let copies = desk.step_until_collecting_copies("a frame", |_| true);
    assert_eq!(
        copies,
        vec![second.1.clone()],
        "nothing was selected: the focused row"
    );
    press(&mut desk, Key::Delete);
    assert!(desk.has_label("Revoke 1 code?"), "asks first");
    assert!(desk.has_label_containing(&format!("— {} (", second.0)));
    assert!(
        !desk
            .sent()
            .iter()
            .any(|command| matches!(command, Command::RevokeCodes { .. })),
        "nothing revoked yet"
    );
}

#[test]
fn the_calls_panel_is_worked_from_the_keyboard() {
    let mut desk = Desk::signed_in();
    desk.wait_for_live();
    let gate = desk.intercom_id("Courtyard gate");
    let call = desk.sim.ring("demo", gate).expect("rings")["id"]
        .as_u64()
        .expect("its id");
    desk.step_until("the call", |h| h.state().state().calls.get(call).is_some());
    let service = desk.intercom_id("Service door");
    desk.sim.ring("demo", service).expect("rings");
    desk.step_until("the second call", |h| {
        h.state().state().calls.rows().len() == 2
    });
    desk.frames(2);
    // Both buttons are stops, right after the codes above them.
    tab_into_the_rows(&mut desk);
    let mut stops = Vec::new();
    for _ in 0..40 {
        press(&mut desk, Key::Tab);
        let stop = focused(&desk).expect("a stop");
        if stop.1 == "Make code" {
            break;
        }
        stops.push(stop);
    }
    assert_eq!(
        focused(&desk).map(|(_, name)| name),
        Some("Make code".into()),
        "{stops:?}"
    );
    press(&mut desk, Key::Enter);
    let form = desk.harness.state_mut().code_form_mut();
    assert_eq!(
        form.intercom,
        Some(gate),
        "Make code readied the form for the gate"
    );
    assert!(form.title.starts_with("Visitor "), "{}", form.title);
    desk.frames(2);
    assert!(desk.is_focused("Title"));

    // From the title, round the window to the calls.
    for _ in 0..80 {
        press(&mut desk, Key::Tab);
        if focused(&desk).is_some_and(|(_, name)| name == "Open door…") {
            break;
        }
    }
    assert_eq!(
        focused(&desk).map(|(_, name)| name),
        Some("Open door…".into())
    );
    press(&mut desk, Key::Enter);
    assert!(
        desk.has_label_containing("Open the door"),
        "the desk's usual question"
    );
}

// ----- A small window -----

#[test]
fn ctrl_n_in_a_small_window_shows_the_door_the_code_is_for_with_the_title() {
    let mut desk = Desk::signed_in_at([800.0, 600.0]);
    desk.wait_for_live();
    desk.type_into("Title", "First visitor");
    desk.harness.key_press(Key::Enter);
    desk.step_until("the code made", |h| {
        h.state().state().create.created.is_some()
    });
    // The panel of the code made comes into view: the form scrolls down, the door out of sight.
    desk.frames(30);
    desk.harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    desk.frames(30);
    let top = desk.rect_of("Sign out").bottom();
    let door = desk
        .harness
        .get_by_role_and_label(Role::ComboBox, "Intercom")
        .rect();
    let title = desk
        .harness
        .get_by_role_and_label(Role::TextInput, "Title")
        .rect();
    assert!(desk.is_focused("Title"));
    assert!(
        door.top() >= top && door.bottom() <= 600.0,
        "the door the code is for shows: {door:?} (the top bar ends at {top})"
    );
    assert!(title.top() >= top && title.bottom() <= 600.0, "{title:?}");
}

/// The texts the last frame painted cut short (with "…"), whole as they were given, and where.
fn cut_texts(desk: &Desk) -> Vec<(String, egui::Rect)> {
    fn walk(shape: &egui::Shape, into: &mut Vec<(String, egui::Rect)>) {
        match shape {
            egui::Shape::Vec(shapes) => shapes.iter().for_each(|shape| walk(shape, into)),
            egui::Shape::Text(text) if text.galley.elided => {
                into.push((text.galley.job.text.clone(), text.visual_bounding_rect()));
            }
            _ => {}
        }
    }
    let mut cut = Vec::new();
    for clipped in &desk.harness.output().shapes {
        walk(&clipped.shape, &mut cut);
    }
    cut
}

/// A window in Russian at 800×600 that may add accounts (its top bar has every button), the codes listed.
fn russian_at_800_by_600() -> Desk {
    let backend = visitor_desk::backend::BackendConfig {
        language: visitor_desk::i18n::Language::new("ru"),
        ..visitor_desk::backend::BackendConfig::new("ui-test-device")
    };
    let mut desk = Desk::on_servers(1, [800.0, 600.0], backend);
    desk.wait_for_live();
    desk.frames(5);
    desk
}

#[test]
fn in_russian_at_800_by_600_the_countdowns_show_whole() {
    let desk = russian_at_800_by_600();
    let form = desk.rect_of("Новый код").left();
    let countdowns: Vec<_> = desk
        .painted()
        .into_iter()
        .filter(|text| text.text.contains("через ") || text.text.contains(" назад"))
        .filter(|text| text.rect.left() < form)
        .collect();
    assert!(countdowns.len() >= 3, "{countdowns:?}");
    for countdown in &countdowns {
        assert!(
            countdown.rect.right() <= form,
            "{countdown:?} runs under the form, which starts at {form}"
        );
    }
    let cut = cut_texts(&desk);
    assert!(
        !cut.iter()
            .any(|(text, _)| text.contains("через ") || text.contains(" назад")),
        "{cut:?}"
    );
}

#[test]
fn in_russian_at_800_by_600_the_app_name_keeps_clear_of_the_buttons() {
    let desk = russian_at_800_by_600();
    let buttons: Vec<egui::Rect> = ["Настройки", "Обновить", "Выйти"]
        .into_iter()
        .map(|label| desk.rect_of(label))
        .collect();
    for painted in desk.painted() {
        if painted.text == "Visitor Desk" && painted.rect.top() < 40.0 {
            for button in &buttons {
                assert!(
                    painted.rect.right() + 4.0 <= button.left(),
                    "the app's name {:?} runs into {button:?}",
                    painted.rect
                );
            }
        }
    }
}

#[test]
fn a_click_on_a_row_gives_the_rows_the_keyboard() {
    let mut desk = Desk::signed_in();
    let rows = rows(&desk);
    desk.harness.get_by_label(&rows[0].0).click();
    desk.frames(2);
    assert!(
        starts_row(&focused_row(&desk), &rows[0]),
        "the row clicked has the focus"
    );
    press(&mut desk, Key::ArrowDown);
    assert!(
        starts_row(&focused_row(&desk), &rows[1]),
        "and the arrows go on from it"
    );
    assert_eq!(focus_frames(&desk).len(), 1, "shown");
}

// ----- Back on the row after its dialog -----

/// With the rows' keyboard at the top, goes down to the row titled `title`; answers it.
fn to_row(desk: &mut Desk, title: &str) -> (String, String) {
    let rows = rows(desk);
    let at = rows
        .iter()
        .position(|row| row.0 == title)
        .unwrap_or_else(|| panic!("no row {title}: {rows:?}"));
    for _ in 0..at {
        press(desk, Key::ArrowDown);
    }
    rows[at].clone()
}

/// Opens the focused row's menu (Enter) and chooses `entry` from the keyboard.
fn choose_from_the_rows_menu(desk: &mut Desk, entry: &str) {
    press(desk, Key::Enter);
    for _ in 0..12 {
        press(desk, Key::ArrowDown);
        if focused(desk).is_some_and(|(_, name)| name == entry) {
            press(desk, Key::Enter);
            return;
        }
    }
    panic!("no {entry} in the row's menu");
}

/// The keyboard is on `row`, its frame drawn.
fn assert_back_on(desk: &mut Desk, row: &(String, String), after: &str) {
    desk.frames(3);
    let name = focused_row(desk);
    assert!(starts_row(&name, row), "after {after}: {name}");
    assert_eq!(
        focus_frames(desk).len(),
        1,
        "after {after}: the frame shows"
    );
}

#[test]
fn after_a_dialog_from_a_row_the_keyboard_is_back_on_that_row() {
    let mut desk = Desk::signed_in();
    tab_into_the_rows(&mut desk);
    let plumber = to_row(&mut desk, "Plumber");

    press(&mut desk, Key::Delete);
    assert!(desk.has_label("Revoke 1 code?"));
    press(&mut desk, Key::Escape);
    assert!(!desk.has_label("Revoke 1 code?"));
    assert_back_on(&mut desk, &plumber, "Delete, then Escape");

    choose_from_the_rows_menu(&mut desk, "Extend…");
    assert!(desk.has_label_containing("Extend"));
    desk.harness.get_by_label("Cancel").click();
    desk.frames(2);
    assert!(!desk.has_label("Cancel"), "the dialog closed");
    assert_back_on(&mut desk, &plumber, "Extend…, then Cancel");

    choose_from_the_rows_menu(&mut desk, "Show QR code…");
    desk.harness.get_by_label("Close").click();
    desk.frames(2);
    assert_back_on(&mut desk, &plumber, "Show QR code…, then Close");

    choose_from_the_rows_menu(&mut desk, "Send by e-mail…");
    assert!(desk.has_label("Cancel"), "the send dialog");
    // A click beside the dialog closes it, as the window's close.
    desk.harness.drag_at(egui::pos2(5.0, 700.0));
    desk.harness.drop_at(egui::pos2(5.0, 700.0));
    desk.frames(3);
    assert!(!desk.has_label("Cancel"), "the dialog closed");
    assert_back_on(
        &mut desk,
        &plumber,
        "Send by e-mail…, then a click beside it",
    );
}

#[test]
fn a_row_revoked_from_the_keyboard_hands_its_focus_to_the_next_row() {
    let mut desk = Desk::signed_in();
    desk.wait_for_live();
    tab_into_the_rows(&mut desk);
    let before = rows(&desk);
    let plumber = to_row(&mut desk, "Plumber");
    let at = before
        .iter()
        .position(|row| *row == plumber)
        .expect("its row");
    let next = before
        .get(at + 1)
        .expect("a row after the plumber's")
        .clone();
    press(&mut desk, Key::Delete);
    assert!(desk.has_label("Revoke 1 code?"));
    // Enter confirms.
    press(&mut desk, Key::Enter);
    desk.step_until("the code revoked", |h| {
        !h.state()
            .shown()
            .iter()
            .filter_map(|key| h.state().accounts().code(*key))
            .any(|code| code.title == "Plumber")
    });
    assert_back_on(&mut desk, &next, "the revoked row went");
}

// ----- Tab in reading order -----

/// Presses Tab (Shift+Tab when `back`) and answers the stop it reached.
fn tab(desk: &mut Desk, back: bool) -> (Role, String) {
    let modifiers = if back {
        Modifiers::SHIFT
    } else {
        Modifiers::NONE
    };
    desk.harness.key_press_modifiers(modifiers, Key::Tab);
    desk.frames(2);
    focused(desk).expect("Tab always stops somewhere")
}

/// Signed in and live, with a call at the Courtyard gate in the calls panel (so that it has its buttons).
fn signed_in_with_a_call() -> Desk {
    let mut desk = Desk::signed_in();
    desk.wait_for_live();
    let gate = desk.intercom_id("Courtyard gate");
    desk.sim.ring("demo", gate).expect("rings");
    desk.step_until("the call", |h| !h.state().state().calls.rows().is_empty());
    desk.frames(2);
    desk
}

#[test]
fn tab_after_the_table_goes_on_to_the_calls_and_shift_tab_comes_back() {
    let mut desk = signed_in_with_a_call();
    let stops = tab_into_the_rows(&mut desk);
    let before_table = stops.last().expect("a stop before the rows").clone();
    let first = rows(&desk)[0].clone();

    // The calls are under the codes: their first button is next, not the top of the window.
    assert_eq!(tab(&mut desk, false), (Role::Button, "Make code".into()));
    let row = tab(&mut desk, true);
    assert_eq!(row.0, Role::Row, "Shift+Tab is back on the rows");
    assert!(starts_row(&row.1, &first), "{}", row.1);
    assert_eq!(
        tab(&mut desk, true),
        before_table,
        "Shift+Tab from the rows: the control before them"
    );
    let heading = desk
        .harness
        .get_by_role_and_label(before_table.0, &before_table.1)
        .rect();
    let frames = focus_frames(&desk);
    assert!(
        frames.len() == 1 && frames[0].contains_rect(heading.shrink(1.0)),
        "its focus shows: {frames:?} for {before_table:?} at {heading:?}"
    );
    assert_eq!(tab(&mut desk, false).0, Role::Row);
}

#[test]
fn tab_goes_round_the_main_screen_as_it_reads() {
    let mut desk = signed_in_with_a_call();
    // From nowhere, Tab starts at the top bar's left: the account's menu.
    let first = tab(&mut desk, false);
    assert!(first.1.starts_with("demo · http://"), "{first:?}");
    let mut stops = vec![first.clone()];
    loop {
        let stop = tab(&mut desk, false);
        if stop == first {
            break;
        }
        stops.push(stop);
        assert!(stops.len() < 80, "Tab never came round: {stops:?}");
    }
    let names: Vec<&str> = stops.iter().map(|(_, name)| name.as_str()).collect();
    let at = |name: &str| {
        names
            .iter()
            .position(|stop| stop.starts_with(name))
            .unwrap_or_else(|| panic!("Tab never reached {name}: {names:?}"))
    };
    // Each in turn, after the one before (the headings "Title" and "Intercom" come before the form's).
    let in_turn = |order: &[&str]| {
        let mut from = 0;
        for name in order {
            let found = names[from..]
                .iter()
                .position(|stop| stop.starts_with(name))
                .unwrap_or_else(|| {
                    panic!(
                        "Tab did not reach {name} after {:?}: {names:?}",
                        names.get(from.wrapping_sub(1))
                    )
                });
            from += found + 1;
        }
    };
    // The top bar left to right, as it is drawn.
    let top_bar: Vec<f32> = names[..at("All intercoms")]
        .iter()
        .map(|name| desk.harness.get_by_label(name).rect().left())
        .collect();
    assert!(
        top_bar.windows(2).all(|pair| pair[0] < pair[1]),
        "the top bar from left to right: {:?} at {top_bar:?}",
        &names[..at("All intercoms")]
    );
    assert_eq!(
        names[..at("All intercoms")].last(),
        Some(&"Sign out"),
        "{names:?}"
    );
    // Then the intercoms, the codes, the calls under them, the form at the right.
    let order = [
        "Settings",
        "Sign out",
        "All intercoms",
        "Main entrance",
        "Search",
        "Show",
        "Select all shown",
        "Courier, code ",
        "Make code",
        "Intercom",
        "Title",
        "+1 h",
        "Create code",
    ];
    in_turn(&order);
    // And Shift+Tab goes the same way back.
    let mut back = vec![first.clone()];
    for _ in 1..stops.len() {
        back.push(tab(&mut desk, true));
    }
    back[1..].reverse();
    assert_eq!(back, stops, "Shift+Tab is Tab backwards");
}

// ----- Read whole in Russian -----

#[test]
fn in_russian_at_1024_by_768_an_expired_codes_removal_date_reads_whole() {
    let mut desk = Desk::signed_in_speaking("ru", [1024.0, 768.0]);
    desk.wait_for_live();
    desk.frames(5);
    let painted = desk.painted();
    let removal: Vec<_> = painted
        .iter()
        .filter(|text| text.text.starts_with("будет удалён "))
        .collect();
    assert!(
        !removal.is_empty(),
        "the courier's expired code says when it goes"
    );
    let cut = cut_texts(&desk);
    assert!(
        !cut.iter().any(|(text, _)| text.contains("будет удал")),
        "cut: {cut:?}"
    );
    let form = desk.rect_of("Новый код").left();
    for line in removal {
        assert!(line.rect.right() <= form, "{line:?} runs under the form");
        // Wrapped in its row: it runs into no other text (the next row's).
        let overlapping: Vec<_> = painted
            .iter()
            .filter(|other| other.text != line.text && other.rect.intersects(line.rect))
            .collect();
        assert!(overlapping.is_empty(), "{line:?} runs into {overlapping:?}");
    }
    // And its row is tall enough for it: nothing of it is clipped away.
    for (text, rect, clip) in clipped_texts(&desk) {
        if text.starts_with("будет удалён ") {
            assert!(
                clip.contains_rect(rect),
                "{text:?} at {rect:?} is clipped to {clip:?}"
            );
        }
    }
}

/// The texts the last frame painted, where, and the rectangle each was clipped to.
fn clipped_texts(desk: &Desk) -> Vec<(String, egui::Rect, egui::Rect)> {
    fn walk(
        shape: &egui::Shape,
        clip: egui::Rect,
        into: &mut Vec<(String, egui::Rect, egui::Rect)>,
    ) {
        match shape {
            egui::Shape::Vec(shapes) => shapes.iter().for_each(|shape| walk(shape, clip, into)),
            egui::Shape::Text(text) => {
                into.push((
                    text.galley.job.text.clone(),
                    text.visual_bounding_rect(),
                    clip,
                ));
            }
            _ => {}
        }
    }
    let mut texts = Vec::new();
    for clipped in &desk.harness.output().shapes {
        walk(&clipped.shape, clipped.clip_rect, &mut texts);
    }
    texts
}

#[test]
fn after_extending_a_row_the_keyboard_is_on_the_new_codes_row() {
    let mut desk = Desk::signed_in();
    desk.wait_for_live();
    tab_into_the_rows(&mut desk);
    let plumber = to_row(&mut desk, "Plumber");
    choose_from_the_rows_menu(&mut desk, "Extend…");
    desk.frames(2);
    // A week on: the new code sorts elsewhere than the old one did (by "Valid until").
    let week = desk
        .harness
        .query_all_by_label("+1 week")
        .last()
        .expect("the dialog's +1 week");
    week.click();
    desk.frames(2);
    // Enter confirms the extension.
    press(&mut desk, Key::Enter);
    desk.step_until("the old code replaced", |h| {
        h.state().state().create.replaces.is_some()
            && !h
                .state()
                .shown()
                .iter()
                .filter_map(|key| h.state().accounts().code(*key))
                .any(|code| code.code_value() == Some(plumber.1.as_str()))
    });
    let new = desk.created().expect("the new code");
    let value = new.code_value().expect("its digits").to_owned();
    assert_ne!(value, plumber.1);
    assert_back_on(
        &mut desk,
        &("Plumber".to_owned(), value),
        "Extend…, confirmed",
    );
}
