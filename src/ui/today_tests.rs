//! Today drawn alone from an accounts model built by `apply` (the events a backend would send), with no backend:
//! what Enter asks, what the model sends for it, and what the dialog shows once the code's answer is applied.

use chrono::{DateTime, Utc};
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use super::TodayDialog;
use crate::accounts::{self, AccountId, Accounts};
use crate::expected::{Answer, NewVisitor, Request, Visitor};
use crate::fixtures::{code, t, two_open};
use crate::i18n::Language;
use crate::messages::{Command, Event};
use crate::ui::action::{Action, Modal as _};

fn now() -> DateTime<Utc> {
    t(10, 0)
}

struct Drawn {
    accounts: Accounts,
    dialog: TodayDialog,
    asked: Vec<Action>,
    sent: Vec<(AccountId, Command)>,
}

fn visitor(id: i64, name: &str, flat: &str) -> Visitor {
    let mut details = NewVisitor::new(name, crate::expected::local_now(now()).date());
    details.flat = flat.into();
    Visitor {
        id,
        details,
        added_by: "frontdesk".into(),
        added_at: t(8, 0),
        arrived_at: None,
        code_id: None,
        code: String::new(),
    }
}

/// The Today dialog of the first of two accounts, its day's visitors as the backend would answer them.
fn today(visitors: Vec<Visitor>) -> (Harness<'static, Drawn>, AccountId) {
    let (harness, first, _) = today_of_two(visitors, Vec::new());
    (harness, first)
}

/// The Today dialog opened on the first of two accounts, each with its day's visitors.
fn today_of_two(
    first_visitors: Vec<Visitor>,
    second_visitors: Vec<Visitor>,
) -> (Harness<'static, Drawn>, AccountId, AccountId) {
    let (mut accounts, first, second) = two_open();
    let day = crate::expected::local_now(now()).date();
    for (account, visitors) in [(first, first_visitors), (second, second_visitors)] {
        accounts.apply(
            account,
            Event::Expected(Answer::Day {
                day,
                visitors,
                added: None,
            }),
            now(),
        );
    }
    let language = Language::new("en");
    let drawn = Drawn {
        accounts,
        dialog: TodayDialog::new(first),
        asked: Vec::new(),
        sent: Vec::new(),
    };
    let harness = Harness::builder()
        .with_size([1200.0, 900.0])
        .build_ui_state(
            move |ui, drawn: &mut Drawn| {
                language.enter(|| {
                    let asked = drawn.dialog.show(ui.ctx(), &drawn.accounts, now());
                    for action in asked {
                        if let Action::Accounts(action) = &action {
                            let effects = drawn.accounts.act(action.clone(), now());
                            drawn.sent.extend(effects.commands);
                        }
                        drawn.asked.push(action);
                    }
                });
            },
            drawn,
        );
    (harness, first, second)
}

fn search(harness: &mut Harness<'_, Drawn>, text: &str) {
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Find a visitor")
        .type_text(text);
    harness.run();
    harness.key_press(Key::Enter);
    // A spinner turns while the code is made: steps, not a run that waits for the screen to settle.
    harness.run_steps(3);
}

#[test]
fn enter_makes_the_code_of_the_one_found_and_its_answer_marks_them_arrived() {
    let (mut harness, first) = today(vec![
        visitor(1, "Anna Petrova", "7"),
        visitor(2, "Фёдор Семёнов", "12"),
    ]);
    search(&mut harness, "сем");
    let arrive = harness
        .state()
        .asked
        .iter()
        .find_map(|action| match action {
            Action::Accounts(accounts::Action::Arrive {
                visitor, intercom, ..
            }) => Some((visitor.id, *intercom)),
            _ => None,
        });
    assert_eq!(arrive, Some((2, 1)), "the one found, on the account's door");
    let request = harness
        .state()
        .sent
        .iter()
        .find_map(|(to, command)| match command {
            Command::CreateCode { request, title, .. } if *to == first => {
                assert_eq!(title, "Фёдор Семёнов, flat 12");
                Some(*request)
            }
            _ => None,
        })
        .expect("the code asked of the first account");

    // The server's answer: the visitor arrived, the journal and the table told.
    let made = code(31, 1, "Фёдор Семёнов, flat 12", "40404", t(14, 0));
    let drawn = harness.state_mut();
    let effects = drawn.accounts.apply(
        first,
        Event::CodeCreated {
            request,
            code: made.clone(),
        },
        now(),
    );
    let commands: Vec<&Command> = effects.commands_for(first).collect();
    assert!(commands.iter().any(|command| matches!(
        command,
        Command::VisitorArrived(arrival) if arrival.visitor == 2 && arrival.code.id == 31
    )));
    assert!(commands.iter().any(|command| matches!(
        command,
        Command::Expected(Request::Arrived { visitor: 2, code_id: 31, code, .. }) if code == "40404"
    )));
    harness.run_steps(3);
    // In their row, and large in the panel of the code just made.
    assert_eq!(
        harness.query_all_by_label("40404").count(),
        2,
        "their code shown"
    );
    assert!(harness.query_by_label("Copy as message").is_some());
}

#[test]
fn a_visitor_given_a_code_already_shows_it_and_gets_no_second() {
    let mut arrived = visitor(1, "Anna Petrova", "7");
    arrived.arrived_at = Some(t(9, 30));
    arrived.code_id = Some(30);
    arrived.code = "30303".into();
    let (mut harness, _) = today(vec![arrived]);
    search(&mut harness, "ann");
    assert!(
        harness.state().sent.is_empty(),
        "{:?}",
        harness.state().sent
    );
    assert!(harness.query_by_label("30303").is_some());
    assert_eq!(harness.state().dialog.shown.map(|(_, id)| id), Some(1));
}

#[test]
fn three_letters_leave_out_who_does_not_match() {
    let (mut harness, _) = today(vec![
        visitor(1, "Anna Petrova", "7"),
        visitor(2, "Фёдор Семёнов", "12"),
    ]);
    harness.run();
    assert!(harness.query_by_label("Anna Petrova").is_some());
    harness
        .get_by_role_and_label(Role::TextInput, "Find a visitor")
        .type_text("фед");
    harness.run();
    assert!(harness.query_by_label("Anna Petrova").is_none());
    assert!(harness.query_by_label("Фёдор Семёнов").is_some());
}

#[test]
fn today_lists_every_accounts_visitors_and_enter_makes_the_code_at_the_visitors_own_account() {
    let (mut harness, first, second) = today_of_two(
        vec![visitor(1, "Anna Petrova", "7")],
        vec![visitor(1, "Фёдор Семёнов", "12")],
    );
    harness.run();
    // Both accounts' visitors, each naming its account (the fixtures' two servers).
    assert!(harness.query_by_label("Anna Petrova").is_some());
    assert!(harness.query_by_label("Фёдор Семёнов").is_some());
    let names: Vec<String> = [first, second]
        .map(|id| harness.state().accounts.name(id))
        .into();
    for name in &names {
        assert!(
            harness.query_by_label_contains(name).is_some(),
            "{name} named in its visitor's row"
        );
    }
    search(&mut harness, "сем");
    let sent: Vec<(AccountId, String)> = harness
        .state()
        .sent
        .iter()
        .filter_map(|(to, command)| match command {
            Command::CreateCode { title, .. } => Some((*to, title.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        sent,
        [(second, "Фёдор Семёнов, flat 12".to_owned())],
        "made at the second account, the visitor's own"
    );
    assert_eq!(harness.state().dialog.shown, Some((second, 1)));
}
