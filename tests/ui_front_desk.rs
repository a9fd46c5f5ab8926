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
