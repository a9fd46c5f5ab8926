//! Calls at the door in the window: the real app through egui_kittest, signed in to the real simulator, whose
//! `ring` hook makes a call as the server would (a listing entry and the `intercom.call.store` push).

mod common;

use aipix_client::api::CallState;
use common::desk::Desk;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use visitor_desk::messages::Command;

fn ring(desk: &mut Desk, title: &str) -> u64 {
    let id = desk.intercom_id(title);
    let call = desk.sim.ring("demo", id).expect("rings")["id"]
        .as_u64()
        .expect("its id");
    desk.step_until("the call in the panel", |h| {
        h.state().state().calls.get(call).is_some()
    });
    call
}

fn buttons(desk: &Desk, label: &str) -> usize {
    desk.harness.query_all_by_label(label).count()
}

#[test]
fn a_call_shows_newest_first_and_offers_only_what_its_door_allows() {
    let mut desk = Desk::signed_in();
    desk.wait_for_live();
    assert!(desk.has_label("No calls yet. When someone rings, the call shows here."));

    // The service door takes no codes (it may be opened from the app).
    ring(&mut desk, "Service door");
    desk.frames(2);
    assert_eq!(
        buttons(&desk, "Make code"),
        0,
        "never a code where codes are off"
    );
    assert_eq!(buttons(&desk, "Open door…"), 1);
    assert!(desk.has_label("1 ringing"));

    // The courtyard gate takes codes but may not be opened from the app.
    let gate_call = ring(&mut desk, "Courtyard gate");
    desk.frames(2);
    assert_eq!(buttons(&desk, "Make code"), 1);
    assert_eq!(
        buttons(&desk, "Open door…"),
        1,
        "not for the courtyard gate"
    );
    let rows = desk.harness.state().state().calls.rows();
    assert_eq!(rows[0].call.id, gate_call, "newest first");

    // Answered elsewhere: no longer ringing.
    desk.sim.answer_call("demo", gate_call).expect("answered");
    desk.step_until("the call answered", |h| {
        h.state()
            .state()
            .calls
            .get(gate_call)
            .map(|row| row.state())
            == Some(CallState::Answered)
    });
    desk.frames(2);
    assert!(desk.has_label("Answered"));
}

#[test]
fn make_code_from_a_call_fills_the_form_for_its_door_and_open_door_asks_first() {
    let mut desk = Desk::signed_in();
    desk.wait_for_live();
    let main = desk.intercom_id("Main entrance");
    ring(&mut desk, "Main entrance");
    desk.frames(2);
    desk.sent();

    desk.harness.get_by_label("Make code").click();
    desk.frames(3);
    let form = desk.harness.state_mut().code_form_mut();
    assert_eq!(form.intercom, Some(main));
    assert!(form.title.starts_with("Visitor "), "{}", form.title);
    assert!(
        desk.sent()
            .iter()
            .all(|command| !matches!(command, Command::CreateCode { .. }))
    );

    let opened = desk
        .sim
        .requests_to("POST", &format!("/api/v1/intercom/{main}/open-door"));
    desk.harness.get_by_label("Open door…").click();
    desk.frames(3);
    assert!(
        desk.sent().is_empty(),
        "nothing is opened before the question is answered"
    );
    assert!(desk.has_label("Open the door of Main entrance?"));
    desk.harness.get_by_label("Open the door").click();
    desk.step_until("the door opened", |h| {
        h.state().state().opening_doors.is_empty()
    });
    desk.frames(2);
    assert_eq!(
        desk.sim
            .requests_to("POST", &format!("/api/v1/intercom/{main}/open-door")),
        opened + 1
    );
}

/// The intercom list and the new-code form follow the door's flags too: the courtyard gate's Open door is greyed
/// (the server does not let the app open it), and the service door, whose codes are off, cannot be given a code:
/// the form says why under the intercom and sends nothing.
#[test]
fn the_intercom_list_and_the_form_offer_only_what_each_door_allows() {
    let mut desk = Desk::signed_in();
    let open = |desk: &Desk, title: &str| {
        !desk
            .harness
            .get_by_label(&format!("Open the door of {title}"))
            .accesskit_node()
            .is_disabled()
    };
    assert!(!open(&desk, "Courtyard gate"), "greyed where not allowed");
    assert!(open(&desk, "Main entrance"));

    desk.harness
        .get_all_by_label("Service door")
        .next()
        .expect("in the list")
        .click();
    desk.frames(2);
    let why = "Service door takes no visitor codes (they are turned off for this door on the server): \
               choose another intercom.";
    assert!(desk.has_label(why), "said before anyone types");
    desk.type_into("Title", "Window cleaner");
    desk.sent();
    desk.harness.get_by_label("Create code").click();
    desk.frames(3);
    assert_eq!(common::desk::creates(&desk.sent()), 0, "nothing sent");
    assert_eq!(
        desk.field("Title"),
        "Window cleaner",
        "what was typed is kept"
    );
    assert!(desk.has_label(why));
}
