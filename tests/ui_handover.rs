//! Handing a code over from the real `App` (egui_kittest), against the simulator: the share-message editor (an
//! unknown placeholder is refused and nothing is saved), "Copy as message" from a row and from the panel of the
//! code just made (the clipboard holds the rendered template), the door's instructions, "Extend" with each of
//! extension's outcomes and the full account (also when the new code then fails), and a visitor slip saved from
//! the window.

mod common;

use std::sync::Arc;

use aipix_client::api::Code;
use chrono::{TimeDelta, Utc};
use common::desk::{Desk, WIDE};
use common::fakes::ChosenPath;
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use visitor_desk::backend::{BackendConfig, FileKind, SettingsHome};
use visitor_desk::domain::CodeStatus;
use visitor_desk::handover::{Handover, SlipSize, Template};
use visitor_desk::messages::{Command, SlipAction};
use visitor_desk::settings::SettingsChange;

/// A desk signed in to the demo account, with a settings file (templates and door instructions are kept there)
/// and a save dialog that answers `slip.pdf` in the same folder.
struct HandoverDesk {
    desk: Desk,
    dir: tempfile::TempDir,
    asked: Arc<parking_lot::Mutex<Vec<(String, FileKind)>>>,
}

impl HandoverDesk {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("dir");
        let (settings, warning) = visitor_desk::settings::load_or_create(dir.path());
        assert_eq!(warning, None);
        let asked = Arc::new(parking_lot::Mutex::new(Vec::new()));
        let config = BackendConfig {
            store: Arc::new(visitor_desk::secrets::MemoryStore::new()),
            home: Some(SettingsHome {
                dir: dir.path().to_owned(),
                settings: settings.clone(),
            }),
            save_dialog: Arc::new(ChosenPath {
                path: dir.path().join("slip.pdf"),
                asked: asked.clone(),
            }),
            ..BackendConfig::new(settings.device_id)
        };
        let mut desk = Desk::signed_in_with(WIDE, config);
        desk.frames(2);
        desk.sent();
        Self { desk, dir, asked }
    }

    /// The settings file as written.
    fn settings_file(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("settings.json")).unwrap_or_default()
    }
}

impl std::ops::Deref for HandoverDesk {
    type Target = Desk;
    fn deref(&self) -> &Desk {
        &self.desk
    }
}

impl std::ops::DerefMut for HandoverDesk {
    fn deref_mut(&mut self) -> &mut Desk {
        &mut self.desk
    }
}

/// The first listed code that works for hours yet, lowest id first.
fn a_working_code(desk: &Desk) -> Code {
    let state = desk.harness.state().state();
    let now = desk.now();
    let mut codes: Vec<Code> = state
        .intercoms
        .iter()
        .flat_map(|intercom| {
            let intercom = intercom.id;
            desk.sim
                .code_ids("demo")
                .into_iter()
                .filter_map(|id| state.code(id).cloned())
                .filter(move |code| code.intercom_id().expect("the intercom") == intercom)
        })
        .filter(|code| CodeStatus::at(code, now) == CodeStatus::Active)
        .collect();
    codes.sort_by_key(|code| code.id);
    codes
        .into_iter()
        .next()
        .expect("a working code in the demo data")
}

fn click(desk: &mut Desk, label: &str) {
    desk.harness.get_by_label(label).click();
    desk.frames(2);
}

/// Opens a row's menu (its "…" button).
fn open_row_menu(desk: &mut Desk, code: &Code) {
    click(
        desk,
        &format!(
            "Actions for {} ({})",
            code.title,
            code.code_value().expect("the code")
        ),
    );
}

/// Replaces the text of the multi-line field `label` with `text`.
fn retype(desk: &mut Desk, label: &str, text: &str) {
    desk.harness
        .get_by_role_and_label(Role::MultilineTextInput, label)
        .click();
    desk.frames(1);
    desk.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    desk.harness.key_press(egui::Key::Delete);
    desk.frames(1);
    desk.harness
        .get_by_role_and_label(Role::MultilineTextInput, label)
        .type_text(text);
    desk.frames(2);
}

fn multiline(desk: &Desk, label: &str) -> String {
    desk.harness
        .get_by_role_and_label(Role::MultilineTextInput, label)
        .value()
        .unwrap_or_default()
}

fn open_template_editor(desk: &mut Desk) {
    click(desk, "Settings");
    click(desk, "Share message…");
    assert!(desk.has_label("Message template"), "the editor is open");
}

/// Saves `template` through the editor.
fn save_template(desk: &mut Desk, template: &str) {
    open_template_editor(desk);
    retype(desk, "Message template", template);
    click(desk, "Save");
    desk.step_until("the template kept", |h| {
        h.state().state().handover().template.as_deref() == Some(template)
    });
}

/// The message a template gives for `code`, as the visitor reads it now.
fn rendered(desk: &Desk, template: &str, code: &Code, instructions: &str) -> String {
    let state = desk.harness.state().state();
    let handover = Handover::new(
        code,
        state.intercom(code.intercom_id().expect("the intercom")),
        instructions,
        desk.now(),
    );
    Template::parse(template).expect("valid").render(&handover)
}

fn extensions(sent: &[Command]) -> Vec<(u64, bool, chrono::DateTime<Utc>)> {
    sent.iter()
        .filter_map(|command| match command {
            Command::Extend {
                old,
                revoke_first,
                expires_at,
                ..
            } => Some((*old, *revoke_first, *expires_at)),
            _ => None,
        })
        .collect()
}

#[test]
fn an_unknown_placeholder_is_marked_and_refused_and_nothing_is_saved() {
    let mut desk = HandoverDesk::new();
    open_template_editor(&mut desk);
    retype(&mut desk, "Message template", "Code {cdoe} for {title}");

    // Named under the text, with where it is and what was meant; marked in red where it stands.
    assert!(
        desk.has_label("{cdoe} is not a placeholder (line 1, column 6). Did you mean {code}?"),
        "the error is named"
    );
    let error = visitor_desk::ui::theme::palette_of(&desk.harness.ctx).error;
    assert!(
        desk.painted()
            .iter()
            .any(|text| text.text == "{cdoe}" && text.color == error),
        "the unknown placeholder is drawn as an error where it stands"
    );
    assert!(desk.has_label("The preview shows once the template has no errors."));

    // Save does nothing: no command, nothing in the settings file, the editor stays.
    click(&mut desk, "Save");
    desk.frames(3);
    let sent = desk.sent();
    assert!(
        !sent
            .iter()
            .any(|command| matches!(command, Command::Remember(SettingsChange::Handover(_)))),
        "nothing saved: {sent:?}"
    );
    assert_eq!(desk.harness.state().state().handover().template, None);
    assert!(!desk.settings_file().contains("cdoe"));
    assert!(desk.has_label("Message template"), "the editor stays open");

    // Fixed, with a placeholder inserted at the cursor: the preview is the real code's message, and it saves.
    retype(&mut desk, "Message template", "Hello {title}, your code: ");
    click(&mut desk, "{code}");
    assert_eq!(
        multiline(&desk, "Message template"),
        "Hello {title}, your code: {code}"
    );
    // The preview takes a code that works, and says which.
    let state = desk.harness.state().state();
    let previewed = desk
        .sim
        .code_ids("demo")
        .into_iter()
        .filter_map(|id| state.code(id).cloned())
        .find(|shown| {
            desk.has_label(&format!(
                "Hello {}, your code: {}",
                shown.title,
                shown.code_value().expect("the code")
            ))
        })
        .expect("the preview is a listed code's message");
    assert!(desk.has_label(&format!(
        "Preview with code {}",
        previewed.code_value().expect("the code")
    )));
    assert!(CodeStatus::at(&previewed, desk.now()).is_valid());
    click(&mut desk, "Save");
    desk.step_until("the template kept", |h| {
        h.state().state().handover().template.is_some()
    });
    assert!(
        desk.sent().iter().any(|command| matches!(
            command,
            Command::Remember(SettingsChange::Handover(handover)) if handover.template.as_deref() == Some("Hello {title}, your code: {code}")
        )),
        "the template went to the backend"
    );
    assert!(!desk.has_label("Message template"), "the editor closed");
    // The backend writes the file in its own time, and says nothing of it: frames until it is there.
    let settings = desk.dir.path().join("settings.json");
    desk.step_until("the file keeps it", |_| {
        std::fs::read_to_string(&settings).is_ok_and(|kept| kept.contains("your code: {code}"))
    });

    // Reset to the default: the language's own template, kept as "none" so that it follows the language.
    open_template_editor(&mut desk);
    click(&mut desk, "Reset to the default");
    assert_eq!(
        multiline(&desk, "Message template"),
        visitor_desk::handover::default_template()
    );
    click(&mut desk, "Save");
    desk.step_until("the default again", |h| {
        h.state().state().handover().template.is_none()
    });
}

#[test]
fn copy_message_puts_the_rendered_template_with_the_doors_instructions_on_the_clipboard() {
    let mut desk = HandoverDesk::new();
    let code = a_working_code(&desk);
    let template =
        "{title}: your code for {intercom} is {code}, until {valid_until}.\n{instructions}";
    save_template(&mut desk, template);

    // The door's instructions, edited where the intercom is shown.
    let intercom = desk
        .harness
        .state()
        .state()
        .intercom(code.intercom_id().expect("the intercom"))
        .expect("intercom")
        .title
        .clone();
    click(&mut desk, &format!("Door instructions for {intercom}"));
    retype(&mut desk, "Instructions", "Press # then the code.");
    click(&mut desk, "Save");
    desk.step_until("the instructions kept", |h| {
        h.state()
            .state()
            .instructions(code.intercom_id().expect("the intercom"))
            == "Press # then the code."
    });
    assert!(desk.sent().iter().any(|command| matches!(
        command,
        Command::Remember(SettingsChange::Instructions { intercom, text, .. }) if *intercom == code.intercom_id().expect("the intercom") && text == "Press # then the code."
    )));
    assert!(
        desk.has_label("Press # then the code."),
        "shown with the intercom"
    );

    open_row_menu(&mut desk, &code);
    desk.harness.get_by_label("Copy as message").click();
    let copies = desk.step_until_collecting_copies("the copy", |_| true);
    let copies = [
        copies,
        desk.step_until_collecting_copies("one more frame", |_| true),
    ]
    .concat();
    let expected = rendered(&desk, template, &code, "Press # then the code.");
    assert!(expected.ends_with("\nPress # then the code."), "{expected}");
    assert_eq!(
        copies,
        vec![expected],
        "the message, and only it, was copied"
    );

    // "Copy code" copies the digits alone.
    open_row_menu(&mut desk, &code);
    desk.harness.get_by_label("Copy code").click();
    let copies = desk.step_until_collecting_copies("the copy", |_| true);
    assert_eq!(
        copies,
        vec![code.code_value().expect("the code").to_owned()]
    );

    // The QR code of the message, from the row.
    open_row_menu(&mut desk, &code);
    click(&mut desk, "Show QR code…");
    assert!(desk.has_label("QR code of the message for the visitor"));
    assert!(desk.has_label(&format!(
        "Code {} for {}",
        code.code_value().expect("the code"),
        code.title
    )));
    click(&mut desk, "Close");
    assert!(!desk.has_label("QR code of the message for the visitor"));
}

#[test]
fn the_code_just_made_copies_its_message_from_the_template() {
    let mut desk = HandoverDesk::new();
    let template = "Welcome, {title}! Code: {code}";
    save_template(&mut desk, template);
    desk.type_into("Title", "Window cleaner");
    click(&mut desk, "Create code");
    desk.step_until("the new code", |h| {
        h.state().state().create.created.is_some()
    });
    desk.frames(2);
    let created = desk.created().expect("made");
    desk.harness.get_by_label("Copy as message").click();
    let copies = desk.step_until_collecting_copies("the copy", |_| true);
    assert_eq!(
        copies,
        vec![format!(
            "Welcome, Window cleaner! Code: {}",
            created.code_value().expect("the code")
        )]
    );
}

/// Opens Extend on `code` from its row, picks "+1 day", and confirms.
fn extend_for_a_day(desk: &mut Desk, code: &Code) {
    open_row_menu(desk, code);
    click(desk, "Extend…");
    assert!(desk.has_label(&format!(
        "Extend code {} ({})",
        code.code_value().expect("the code"),
        code.title
    )));
    // The dialog's own quick choice (the form behind has one of the same name).
    desk.harness
        .query_all_by_label("+1 day")
        .last()
        .expect("the dialog's choice")
        .click();
    desk.frames(2);
    // No frames after this click: the answer's frame is the tests' to watch.
    desk.harness.get_by_label("Make the new code").click();
}

fn about_a_day_from(from: chrono::DateTime<Utc>, at: chrono::DateTime<Utc>) -> bool {
    (at - (from + TimeDelta::days(1))).num_seconds().abs() < 120
}

#[test]
fn extend_makes_a_new_code_shows_it_and_revokes_the_old_one() {
    let mut desk = HandoverDesk::new();
    let old = a_working_code(&desk);
    let before = desk.sim.code_ids("demo").len();
    extend_for_a_day(&mut desk, &old);
    let mut copies = desk.step_until_collecting_copies("the new code", |h| {
        h.state()
            .state()
            .create
            .created
            .as_ref()
            .is_some_and(|code| code.id != old.id)
    });
    copies.extend(desk.step_until_collecting_copies("one more frame", |_| true));
    let sent = extensions(&desk.sent());
    assert_eq!(sent.len(), 1, "one request: {sent:?}");
    assert_eq!((sent[0].0, sent[0].1), (old.id, false));
    assert!(
        about_a_day_from(old.expired_at, sent[0].2),
        "a day after the old expiry"
    );

    let state = desk.harness.state().state();
    let new = state.create.created.clone().expect("the new code");
    assert_eq!(
        (new.title.as_str(), new.intercom_id().expect("the intercom")),
        (old.title.as_str(), old.intercom_id().expect("the intercom"))
    );
    assert!(about_a_day_from(old.expired_at, new.expired_at));
    assert_eq!(
        copies,
        vec![new.code_value().expect("the code").to_owned()],
        "the new code is on the clipboard"
    );
    let held = desk.sim.code_ids("demo");
    assert!(held.contains(&new.id) && !held.contains(&old.id));
    assert_eq!(held.len(), before);
    desk.frames(2);
    assert!(
        !desk.has_label("Make the new code")
            && !desk.has_label("The code is gone")
            && !desk.has_label_containing("Extend code"),
        "the dialog closed by itself"
    );
    assert!(desk.has_label("Just made"), "the panel shows the new code");
    assert!(desk.has_label(new.code_value().expect("the code")));
    assert!(!desk.has_label_containing("could not be revoked"));
}

#[test]
fn extend_whose_create_fails_leaves_the_old_code_untouched_and_says_so() {
    let mut desk = HandoverDesk::new();
    let old = a_working_code(&desk);
    let before = desk.sim.code_ids("demo");
    desk.sim.fail_creates(true);
    extend_for_a_day(&mut desk, &old);
    desk.step_until("the refusal", |h| {
        let state = h.state().state();
        state.extend.in_flight.is_none() && !state.extend.problem.is_empty()
    });
    desk.frames(2);
    assert_eq!(
        desk.sim.code_ids("demo"),
        before,
        "nothing changed on the server"
    );
    let state = desk.harness.state().state();
    assert!(state.code(old.id).is_some(), "still listed");
    assert!(state.create.created.is_none(), "no new code in the panel");
    assert!(!state.extend.account_full);
    // Said in the dialog, where the user is looking (a notice says it too, in other words).
    let said: Vec<String> = desk
        .harness
        .query_all_by_label_contains("No new code was made: ")
        .filter_map(|node| {
            let node = node.accesskit_node();
            node.label().or_else(|| node.value())
        })
        .collect();
    assert!(
        said.iter().any(|text| text.ends_with(&format!(
            "The old code {} still works.",
            old.code_value().expect("the code")
        ))),
        "said in the dialog: {said:?}"
    );
    assert!(
        desk.has_label("Make the new code"),
        "the dialog stays, to try again"
    );
    assert!(
        !desk.has_label_containing(".)."),
        "the server's sentence is not wrapped in brackets after its own full stop"
    );

    // Tried again once the server works: it goes through.
    desk.sim.fail_creates(false);
    click(&mut desk, "Make the new code");
    desk.step_until("the new code", |h| {
        h.state().state().create.created.is_some()
    });
    assert_eq!(extensions(&desk.sent()).len(), 2);
}

#[test]
fn extend_whose_revoke_fails_says_both_codes_work_until_the_old_one_is_revoked() {
    let mut desk = HandoverDesk::new();
    let old = a_working_code(&desk);
    desk.sim.fail_deletes(true);
    extend_for_a_day(&mut desk, &old);
    desk.step_until("the new code", |h| {
        h.state().state().create.created.is_some()
    });
    desk.frames(2);
    let new = desk.created().expect("made");
    let held = desk.sim.code_ids("demo");
    assert!(
        held.contains(&new.id) && held.contains(&old.id),
        "both work"
    );
    let warning = format!(
        "The old code {} could not be revoked and still opens the door too.",
        old.code_value().expect("the code")
    );
    assert!(desk.has_label(&warning), "the panel says so");
    assert!(
        desk.has_label_containing("Both open the door"),
        "and a notice does"
    );

    // Revoked from the panel once the server works: the warning goes.
    desk.sim.fail_deletes(false);
    click(&mut desk, "Revoke the old code…");
    click(&mut desk, "Revoke 1 code");
    desk.step_until("the old code revoked", |h| {
        h.state().state().code(old.id).is_none()
    });
    desk.frames(2);
    assert!(!desk.sim.code_ids("demo").contains(&old.id));
    assert!(!desk.has_label(&warning));
}

#[test]
fn a_full_account_asks_before_revoking_the_old_code_first() {
    let mut desk = HandoverDesk::new();
    let old = a_working_code(&desk);
    let held = desk.sim.code_ids("demo").len();
    desk.sim.set_code_limit(held);
    extend_for_a_day(&mut desk, &old);
    desk.step_until("the refusal", |h| h.state().state().extend.account_full);
    desk.frames(2);
    let sent = extensions(&desk.sent());
    assert_eq!(sent.len(), 1);
    assert_eq!(
        (sent[0].0, sent[0].1),
        (old.id, false),
        "tried as usual first"
    );
    assert!(desk.sim.code_ids("demo").contains(&old.id), "untouched");
    assert!(desk.has_label_containing(&format!(
        "The old code {} can be revoked first.",
        old.code_value().expect("the code")
    )));

    // Not without saying so: the button waits for the explicit choice.
    click(&mut desk, "Revoke the old code and make the new one");
    desk.frames(3);
    assert!(
        extensions(&desk.sent()).is_empty(),
        "nothing sent before agreeing"
    );
    click(&mut desk, "Revoke the old code first");
    click(&mut desk, "Revoke the old code and make the new one");
    desk.step_until("the new code", |h| {
        h.state().state().create.created.is_some()
    });
    let sent = extensions(&desk.sent());
    assert_eq!(sent.len(), 1);
    assert_eq!(
        (sent[0].0, sent[0].1),
        (old.id, true),
        "revoke first, as agreed"
    );
    let new = desk.created().expect("made");
    let now_held = desk.sim.code_ids("demo");
    assert!(now_held.contains(&new.id) && !now_held.contains(&old.id));
    assert_eq!(now_held.len(), held);
}

#[test]
fn a_slip_saved_from_a_row_is_written_on_the_paper_chosen() {
    let mut desk = HandoverDesk::new();
    let code = a_working_code(&desk);

    // The paper is remembered.
    open_row_menu(&mut desk, &code);
    click(&mut desk, "Visitor slip");
    click(&mut desk, "80 mm receipt");
    desk.step_until("the paper kept", |h| {
        h.state().state().handover().slip_size.as_deref() == Some("receipt")
    });

    open_row_menu(&mut desk, &code);
    click(&mut desk, "Visitor slip");
    click(&mut desk, "Save as…");
    let path = desk.dir.path().join("slip.pdf");
    desk.step_until("the slip written", |_| path.exists());
    let sent = desk.sent();
    assert!(
        sent.iter().any(|command| matches!(
            command,
            Command::MakeSlip { size: SlipSize::Receipt, then: SlipAction::SaveAs, handover, .. }
                if handover.code == code.code_value().expect("the code")
        )),
        "the slip asked of the backend: {sent:?}"
    );
    assert_eq!(
        desk.asked.lock().clone(),
        vec![(
            format!("visitor-slip-{}.pdf", code.code_value().expect("the code")),
            FileKind::Slip
        )],
        "the save dialog was asked once, for a PDF"
    );
    // The notice comes once the file is written whole.
    desk.step_until("the notice", |h| {
        h.query_all_by_label_contains("The slip is saved")
            .next()
            .is_some()
    });
    let text = pdf_extract::extract_text(&path).expect("a readable PDF");
    assert!(
        text.contains(code.code_value().expect("the code")) && text.contains(&code.title),
        "{text}"
    );
}

#[test]
fn a_full_account_whose_new_code_then_fails_says_the_visitor_has_no_code() {
    let mut desk = HandoverDesk::new();
    let old = a_working_code(&desk);
    desk.sim.set_code_limit(desk.sim.code_ids("demo").len());
    extend_for_a_day(&mut desk, &old);
    desk.step_until("the refusal", |h| h.state().state().extend.account_full);
    desk.frames(2);

    // Agreed to revoke first; the revoke goes through, the create does not.
    desk.sim.fail_creates(true);
    click(&mut desk, "Revoke the old code first");
    click(&mut desk, "Revoke the old code and make the new one");
    desk.step_until("the answer", |h| {
        let state = h.state().state();
        state.extend.in_flight.is_none() && state.code(old.id).is_none()
    });
    desk.frames(2);
    assert!(!desk.sim.code_ids("demo").contains(&old.id), "revoked");
    assert!(desk.harness.state().state().create.created.is_none());
    assert!(
        desk.has_label("The code is gone"),
        "the dialog stays, and says so"
    );
    assert!(
        desk.has_label_containing("The visitor has no code now: make one with the form."),
        "the dialog says the visitor has no code"
    );
}

/// The listed code that works longest, for a visitor who stays for days.
fn the_longest_code(desk: &Desk) -> Code {
    let state = desk.harness.state().state();
    desk.sim
        .code_ids("demo")
        .into_iter()
        .filter_map(|id| state.code(id).cloned())
        .max_by_key(|code| code.expired_at)
        .expect("a code in the demo data")
}

/// Opens Extend on `code` from its row and clicks the dialog's quick choice `choice`.
fn extend_choosing(desk: &mut Desk, code: &Code, choice: &str) {
    open_row_menu(desk, code);
    click(desk, "Extend…");
    desk.harness
        .query_all_by_label(choice)
        .last()
        .expect("the dialog's choice")
        .click();
    desk.frames(2);
}

#[test]
fn extend_counts_its_choices_from_the_old_expiry() {
    let mut desk = HandoverDesk::new();
    let old = the_longest_code(&desk);
    assert!(old.expired_at > desk.now() + TimeDelta::hours(2), "{old:?}");
    extend_choosing(&mut desk, &old, "+1 h");
    desk.harness.get_by_label("Make the new code").click();
    desk.frames(2);
    let sent = extensions(&desk.sent());
    assert_eq!(sent.len(), 1, "{sent:?}");
    let wanted = old.expired_at + TimeDelta::hours(1);
    assert!(
        (sent[0].2 - wanted).num_seconds().abs() <= 60,
        "an hour after the old expiry ({wanted}), not after now: {}",
        sent[0].2
    );
}

#[test]
fn extend_cannot_shorten_a_code() {
    let mut desk = HandoverDesk::new();
    let old = the_longest_code(&desk);
    let tomorrow_noon = (desk.now() + TimeDelta::days(1)).with_timezone(&chrono::Local);
    assert!(
        old.expired_at > tomorrow_noon.with_timezone(&Utc) + TimeDelta::hours(12),
        "a code that runs past tomorrow: {old:?}"
    );
    // Both moments end before the code does: they cannot be chosen, and the one chosen stays.
    extend_choosing(&mut desk, &old, "End of today");
    extend_choosing_again(&mut desk, "Tomorrow 12:00");
    desk.harness.key_press(egui::Key::Enter);
    desk.frames(2);
    let sent = extensions(&desk.sent());
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(
        sent[0].2 > old.expired_at,
        "the new code ends after the old one ({}): {}",
        old.expired_at,
        sent[0].2
    );
    let wanted = old.expired_at + TimeDelta::hours(4);
    assert!(
        (sent[0].2 - wanted).num_seconds().abs() <= 60,
        "+4 h, the choice it opened with"
    );
}

#[test]
fn extend_takes_a_time_picked_besides_its_quick_choices() {
    let mut desk = HandoverDesk::new();
    let old = the_longest_code(&desk);
    // The dialog opens on "+4 h" from the old expiry; its time fields show that moment.
    extend_choosing(&mut desk, &old, "+4 h");
    let shown = (old.expired_at + TimeDelta::hours(4)).with_timezone(&chrono::Local);
    // An hour earlier (or later, at midnight), typed into the dialog's hour field.
    let by = if shown.format("%H").to_string() == "00" {
        TimeDelta::hours(1)
    } else {
        TimeDelta::hours(-1)
    };
    let hour = (shown + by).format("%H").to_string();
    desk.harness
        .query_all_by_role_and_label(Role::SpinButton, "Hour")
        .last()
        .expect("the dialog's hour")
        .focus();
    desk.frames(1);
    desk.harness
        .query_all_by_role_and_label(Role::SpinButton, "Hour")
        .last()
        .expect("the dialog's hour")
        .type_text(&hour);
    desk.frames(1);
    desk.harness.key_press(egui::Key::Tab);
    desk.frames(2);
    desk.harness.get_by_label("Make the new code").click();
    desk.frames(2);
    let sent = extensions(&desk.sent());
    assert_eq!(sent.len(), 1, "{sent:?}");
    let wanted = old.expired_at + TimeDelta::hours(4) + by;
    assert!(
        (sent[0].2 - wanted).num_seconds().abs() <= 60,
        "the time picked ({wanted}), not the quick choice: {}",
        sent[0].2
    );
}

/// Clicks another quick choice of the open Extend dialog.
fn extend_choosing_again(desk: &mut Desk, choice: &str) {
    desk.harness
        .query_all_by_label(choice)
        .last()
        .expect("the dialog's choice")
        .click();
    desk.frames(2);
}

#[test]
fn a_full_account_can_make_room_by_revoking_its_expired_codes_instead_of_the_old_one() {
    let mut desk = HandoverDesk::new();
    let old = a_working_code(&desk);
    let now = desk.now();
    let expired: Vec<u64> = {
        let state = desk.harness.state().state();
        state
            .expired_codes(now)
            .iter()
            .map(|code| code.id)
            .collect()
    };
    assert_eq!(expired.len(), 1, "the demo data has one expired code");
    let held = desk.sim.code_ids("demo").len();
    desk.sim.set_code_limit(held);
    extend_for_a_day(&mut desk, &old);
    desk.step_until("the refusal", |h| h.state().state().extend.account_full);
    desk.frames(2);
    desk.sent();
    assert!(
        desk.has_label_containing("has expired but still counts"),
        "the expired code is named as a way out"
    );
    assert!(
        desk.has_label_containing("Tick the box above first"),
        "the waiting button says what it waits for"
    );
    assert!(
        !desk.has_label_containing(".)."),
        "the server's sentence is not wrapped in brackets after its own full stop"
    );
    // The dialog's button (the form behind, full too, has one of the same name).
    desk.harness
        .query_all_by_label("Revoke the expired code")
        .last()
        .expect("the dialog's button")
        .click();
    desk.frames(2);
    assert!(
        desk.sent().iter().any(|command| *command
            == Command::RevokeCodes {
                ids: expired.clone()
            }),
        "the expired code, not the visitor's"
    );
    desk.step_until("room made", |h| {
        h.state().state().code(expired[0]).is_none()
    });
    desk.frames(2);
    assert!(!desk.has_label_containing("Tick the box above first"));
    click(&mut desk, "Make the new code");
    desk.step_until("the new code", |h| {
        h.state().state().create.created.is_some()
    });
    let sent = extensions(&desk.sent());
    assert_eq!(sent.len(), 1);
    assert_eq!(
        (sent[0].0, sent[0].1),
        (old.id, false),
        "the old code works until the new one does"
    );
    let now_held = desk.sim.code_ids("demo");
    let new = desk.created().expect("made");
    assert!(now_held.contains(&new.id) && !now_held.contains(&old.id));
}

/// Selects all of a one-line field's text and types `text` over it.
fn retype_line(desk: &mut Desk, field: &str, text: &str) {
    desk.harness
        .get_by_role_and_label(Role::TextInput, field)
        .click();
    desk.harness.step();
    desk.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    desk.harness.step();
    desk.harness
        .get_by_role_and_label(Role::TextInput, field)
        .type_text(text);
    desk.harness.step();
}

#[test]
fn a_code_sent_by_e_mail_keeps_a_refused_address_and_arrives_once_it_is_right() {
    use common::mail_server::{self, Encryption, MailServer};
    let server = MailServer::start(Encryption::StartTls);
    let mut desk = HandoverDesk::new();
    let code = a_working_code(&desk);

    // No mail server yet: said under the address, which stays; nothing is sent.
    open_row_menu(&mut desk, &code);
    click(&mut desk, "Send by e-mail…");
    desk.type_into("Visitor's e-mail", "guest@visitors.test");
    click(&mut desk, "Send");
    assert!(desk.has_label_containing("No mail server is set for this account"));
    assert_eq!(desk.field("Visitor's e-mail"), "guest@visitors.test");
    assert!(
        !desk
            .sent()
            .iter()
            .any(|c| matches!(c, Command::SendEmail(_))),
        "nothing sent without a mail server"
    );

    // The account's mail server, typed in its settings; the password goes to the keyring, not the file.
    click(&mut desk, "Mail server…");
    // A dialog's first frame only measures it, and its grid's the next: clicks wait until it stands still.
    desk.frames(3);
    assert!(
        desk.has_label_containing("Mail server of"),
        "the mail server's settings open"
    );
    desk.type_into("Server", "localhost");
    retype_line(&mut desk, "Port", &server.port.to_string());
    desk.type_into("Login", mail_server::LOGIN);
    desk.type_into("Password", mail_server::PASSWORD);
    desk.type_into("Sender's address", mail_server::SENDER);
    click(&mut desk, "Issued by the CA in this file");
    desk.type_into(
        "Issued by the CA in this file",
        server.ca_file.to_str().expect("UTF-8"),
    );
    click(&mut desk, "Save");
    desk.step_until("the mail server kept", |h| {
        let state = h.state().state();
        state.profile().is_some_and(|p| p.mail.is_some()) && state.mail.password_not_kept.is_none()
    });
    let file = desk.dir.path().join("settings.json");
    desk.step_until("the settings file written", |_| {
        std::fs::read_to_string(&file).is_ok_and(|text| text.contains("visitors.test"))
    });

    // A recipient the mail server refuses: its words under the address, the address kept as typed.
    open_row_menu(&mut desk, &code);
    click(&mut desk, "Send by e-mail…");
    desk.type_into("Visitor's e-mail", "nobody@visitors.test");
    click(&mut desk, "Send");
    desk.step_until("the refusal", |h| {
        matches!(&h.state().state().mail.last, Some((_, _, Err(_))))
    });
    desk.frames(2);
    assert!(
        desk.has_label_containing("The mail server refused the address nobody@visitors.test"),
        "the refusal shown in the dialog"
    );
    assert_eq!(desk.field("Visitor's e-mail"), "nobody@visitors.test");

    // Corrected: sent, the dialog closes, the message arrives.
    retype_line(&mut desk, "Visitor's e-mail", mail_server::MAILBOX);
    click(&mut desk, "Send");
    desk.step_until("the notice", |h| {
        h.query_all_by_label_contains("The code was sent to guest@visitors.test")
            .next()
            .is_some()
    });
    assert!(
        desk.harness.query_by_label("Visitor's e-mail").is_none(),
        "the dialog closed"
    );
    let messages = server.wait_for_messages(1, std::time::Duration::from_secs(20));
    assert_eq!(messages.len(), 1, "{}", server.log());
    let text = String::from_utf8_lossy(&messages[0]).into_owned();
    assert!(text.contains("Content-ID: <visitor-code-qr>"), "{text}");
    assert!(
        !desk_file_has(&desk, mail_server::PASSWORD),
        "no password in the settings"
    );
}

fn desk_file_has(desk: &HandoverDesk, text: &str) -> bool {
    desk.settings_file().contains(text)
}
