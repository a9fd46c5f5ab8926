//! The window from the keyboard alone, as a front desk works it: shortcuts that never type, Enter that makes the
//! code from anywhere in the form, the codes table and the calls reached and worked with keys. The real `App`
//! (egui_kittest) against the in-process simulator; keys are sent as egui-winit sends them.

mod common;

use chrono::TimeDelta;
use common::desk::Desk;
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
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
    desk.sent().into_iter().rev().find_map(|command| match command {
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
    let digits = [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5, Key::Num6];
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
    assert_eq!(title, "Test", "the slip, the message and the journal say Test");
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
    assert!(has_keyboard(&desk, "End of today"), "three Tabs from the title");
    desk.harness.key_press(Key::Space);
    desk.frames(2);
    assert_eq!(
        desk.harness.state_mut().code_form_mut().expiry,
        Expiry::Quick(QuickExpiry::EndOfToday)
    );
    assert!(desk.is_focused("Title"), "the choice returns the keyboard to the title");
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
    assert!(desk.is_focused("Title"), "the keyboard is in the field at fault");
}
