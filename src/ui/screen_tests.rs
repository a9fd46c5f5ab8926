//! Screens drawn alone, as egui's own demo tests its windows: each from an accounts model built by `apply` (the
//! events a backend would send), with no backend, no runtime and no simulator. What a screen asks of the accounts
//! goes through the model's `act`, as in the app, so a test reads both what was asked and what became of it.

use chrono::{DateTime, Utc};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use super::action::{Action, Question, Show};
use super::history::HistoryScreen;
use super::main_screen::MainScreen;
use super::sign_in::SignInForm;
use crate::accounts::{self, AccountId, Accounts};
use crate::fixtures::{self, t, two_open};
use crate::i18n::Language;
use crate::messages::{Command, Event, Failure, SignOutReason};
use crate::settings::SettingsChange;
use crate::state::{CodeKey, Selection, UiEffect};

/// The time of every frame here.
fn now() -> DateTime<Utc> {
    t(10, 0)
}

/// A screen, the accounts it is drawn from, and what it asked.
struct Drawn<S> {
    accounts: Accounts,
    screen: S,
    /// Every action the screen answered, in order.
    asked: Vec<Action>,
    /// The commands the accounts' backends would have been sent.
    sent: Vec<(AccountId, Command)>,
}

impl<S> Drawn<S> {
    /// Feeds an event of `account` to the model; what it asks of the window is given to `effect`.
    fn apply(
        &mut self,
        account: AccountId,
        event: Event,
        mut effect: impl FnMut(&mut S, AccountId, UiEffect, &Accounts) -> Vec<Action>,
    ) {
        let effects = self.accounts.apply(account, event, now());
        self.sent.extend(effects.commands);
        for (account, ui) in effects.ui {
            let asked = effect(&mut self.screen, account, ui, &self.accounts);
            self.carry_out(asked);
        }
    }

    fn carry_out(&mut self, asked: Vec<Action>) {
        for action in asked {
            if let Action::Accounts(action) = &action {
                let effects = self.accounts.act(action.clone(), now());
                self.sent.extend(effects.commands);
            }
            self.asked.push(action);
        }
    }

    /// Whether the screen asked to send `command` to `account`.
    fn sent_to(&self, account: AccountId, command: &Command) -> bool {
        self.sent
            .iter()
            .any(|(to, sent)| *to == account && sent == command)
    }
}

/// `screen` drawn by `draw` from `accounts`, in English, in a window of 1400×900.
fn drawn<S: 'static>(
    accounts: Accounts,
    screen: S,
    draw: fn(&mut S, &mut egui::Ui, &Accounts, DateTime<Utc>) -> Vec<Action>,
) -> Harness<'static, Drawn<S>> {
    drawn_at(now(), accounts, screen, draw)
}

/// As [`drawn`], every frame at `now` (the model's events stay at [`now`]).
fn drawn_at<S: 'static>(
    now: DateTime<Utc>,
    accounts: Accounts,
    screen: S,
    draw: fn(&mut S, &mut egui::Ui, &Accounts, DateTime<Utc>) -> Vec<Action>,
) -> Harness<'static, Drawn<S>> {
    let language = Language::new("en");
    let state = Drawn {
        accounts,
        screen,
        asked: Vec::new(),
        sent: Vec::new(),
    };
    Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(
            move |ui, drawn: &mut Drawn<S>| {
                language.enter(|| {
                    let asked = draw(&mut drawn.screen, ui, &drawn.accounts, now);
                    drawn.carry_out(asked);
                });
            },
            state,
        )
}

fn main_screen(accounts: Accounts) -> Harness<'static, Drawn<MainScreen>> {
    drawn(
        accounts,
        MainScreen::default(),
        |screen, ui, accounts, now| screen.ui(ui, accounts, now),
    )
}

/// What the app does with the main screen's effects: the screen follows them.
fn to_main(
    screen: &mut MainScreen,
    account: AccountId,
    effect: UiEffect,
    accounts: &Accounts,
) -> Vec<Action> {
    screen.follow_effect(account, effect, accounts)
}

/// Types `text` into the field labelled `field`, as a user would: a click, then the keys.
fn type_into<S>(harness: &mut Harness<'_, S>, field: &str, text: &str) {
    harness
        .get_by_role_and_label(Role::TextInput, field)
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, field)
        .type_text(text);
    harness.run();
}

/// Whether some node says `text` (a dialog and its heading both do).
fn has_label(harness: &Harness<'_, impl Sized>, text: &str) -> bool {
    harness.query_all_by_label(text).next().is_some()
}

#[test]
fn the_main_screen_shows_every_account_in_a_group_of_its_own() {
    let (accounts, first, second) = two_open();
    let names = (accounts.name(first), accounts.name(second));
    let mut harness = main_screen(accounts);
    harness.run();
    for name in [&names.0, &names.1] {
        assert!(
            harness.query_all_by_label(name).next().is_some(),
            "{name}'s group"
        );
    }
    // Each server's "Main entrance", one per group; the form is the first account's.
    assert_eq!(harness.query_all_by_label("Main entrance").count(), 2);
    assert!(has_label(&harness, &format!("Counts against {}", names.0)));
    assert!(harness.state().asked.is_empty(), "drawing asks nothing");
}

/// An idle desk draws once a minute however many countdowns are on screen: codes running out at different
/// seconds all change their countdowns just after the clock's minute, as the form's quick choices do.
#[test]
fn the_codes_countdowns_change_together_on_the_minute() {
    let (mut accounts, first, _) = two_open();
    let second = chrono::TimeDelta::seconds;
    let codes = vec![
        fixtures::code(11, 1, "Plumber", "31313", t(10, 30) + second(17)),
        fixtures::code(12, 1, "Courier", "42424", t(11, 5) + second(43)),
        fixtures::code(13, 1, "Nanny", "53535", t(12, 0) + second(5)),
    ];
    accounts.apply(
        first,
        fixtures::listing(vec![fixtures::intercom(1, "Main entrance")], codes, now()),
        now(),
    );
    let mut harness = drawn_at(
        now() + second(20),
        accounts,
        MainScreen::default(),
        |screen, ui, accounts, now| screen.ui(ui, accounts, now),
    );
    harness.run();
    // 11:05:43 seen from 10:00:20 is 65 min 23 s away; read from the minute's end, 64 min 43 s.
    assert!(has_label(&harness, "in 1 h 4 min"));
    assert_eq!(
        harness.state().screen.next_visible_change(),
        Some(t(10, 1) + chrono::TimeDelta::milliseconds(1)),
        "the next frame is just after the next minute"
    );
}

#[test]
fn the_form_stays_with_its_account_when_another_group_is_named() {
    let (accounts, first, second) = two_open();
    let first_name = accounts.name(first);
    let mut harness = main_screen(accounts);
    harness.run();
    // The form on the second account's door.
    harness
        .get_all_by_label("Main entrance")
        .nth(1)
        .expect("the second group's door")
        .click();
    harness.run();
    assert_eq!(harness.state().screen.form.account, Some(second));
    harness
        .get_by_label(&format!("Menu of {first_name}"))
        .click();
    harness.run();
    harness.get_by_label("Name this group…").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Group name")
        .type_text(" (north)");
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    let drawn = harness.state();
    assert_eq!(drawn.accounts.name(first), format!("{first_name} (north)"));
    assert_eq!(
        drawn.screen.form.account,
        Some(second),
        "the form did not move"
    );
    assert!(
        !drawn
            .asked
            .iter()
            .any(|action| matches!(action, Action::Accounts(accounts::Action::Focus(_)))),
        "{:?}",
        drawn.asked
    );
}

#[test]
fn a_title_typed_for_an_account_the_server_ended_never_shows_under_another() {
    let (accounts, _, second) = two_open();
    let mut harness = main_screen(accounts);
    harness.run();
    harness
        .get_all_by_label("Main entrance")
        .nth(1)
        .expect("the second group's door")
        .click();
    harness.run();
    type_into(&mut harness, "Title", "Guest of flat 3");
    let ended = Event::SignedOut {
        reason: Some(SignOutReason::EndedElsewhere),
    };
    harness.state_mut().apply(second, ended, to_main);
    harness.run();
    let drawn = harness.state();
    assert_ne!(drawn.screen.form.account, Some(second));
    assert_eq!(
        drawn.screen.form.title, "",
        "nothing typed for the Mill stays in the Harbour's form"
    );
    assert!(
        drawn.asked.iter().any(|action| matches!(action,
            Action::Accounts(accounts::Action::KeepUnsent { account, unsent })
                if *account == second && unsent.title == "Guest of flat 3")),
        "kept for the account it was typed for: {:?}",
        drawn.asked
    );
}

#[test]
fn codes_of_several_accounts_are_revoked_after_one_question() {
    let (accounts, first, second) = two_open();
    let names = (accounts.name(first), accounts.name(second));
    let mut harness = main_screen(accounts);
    harness.run();
    harness.get_by_label("Select all shown").click();
    harness.run();
    harness.get_by_label("Revoke selected (2)").click();
    harness.run();
    for name in [&names.0, &names.1] {
        assert!(
            has_label(&harness, &format!("Account: {name}")),
            "the question names {name}"
        );
    }
    harness.get_by_label("Revoke 2 codes").click();
    harness.run();
    let revoke = Command::RevokeCodes { ids: vec![10] };
    let drawn = harness.state();
    assert!(
        drawn.sent_to(first, &revoke) && drawn.sent_to(second, &revoke),
        "{:?}",
        drawn.sent
    );
    assert!(
        harness.query_by_label("Revoke 2 codes").is_none(),
        "no second question"
    );
}

#[test]
fn an_account_whose_codes_were_never_listed_does_not_read_0_codes() {
    let (mut accounts, first, second) = two_open();
    // The first account signed in again while its server is down: no listing, one failure.
    accounts.apply(first, Event::SignedOut { reason: None }, now());
    accounts.apply(
        first,
        crate::fixtures::signed_in(crate::fixtures::HARBOUR, "demo"),
        now(),
    );
    let down = Event::SyncFailed {
        failure: Failure::Unreachable {
            detail: "connection refused".into(),
        },
    };
    accounts.apply(first, down, now());
    let (name, other) = (accounts.name(first), accounts.name(second));
    let mut harness = main_screen(accounts);
    harness.run();
    assert!(has_label(
        &harness,
        &format!("{name}: codes not listed yet")
    ));
    assert!(!has_label(&harness, &format!("{name}: 0 codes")));
    assert!(has_label(&harness, &format!("{other}: 1 code")));
    // And the form is for the account whose server answered.
    assert_eq!(harness.state().screen.form.account, Some(second));
}

#[test]
fn a_full_account_offers_the_same_door_through_another_and_keeps_the_title() {
    let (mut accounts, first, second) = two_open();
    let full = Event::CreateFailed {
        request: 1,
        problem: crate::messages::Problem::default(),
        limit: Some(1),
    };
    accounts.apply(first, full, now());
    let other = accounts.name(second);
    let mut harness = main_screen(accounts);
    harness.run();
    type_into(&mut harness, "Title", "Guest of flat 3");
    harness
        .get_by_label(&format!("Make it with {other}"))
        .click();
    harness.run();
    let drawn = harness.state();
    assert_eq!(drawn.screen.form.account, Some(second));
    assert_eq!(drawn.screen.form.intercom, Some(1));
    assert_eq!(
        drawn.screen.form.title, "Guest of flat 3",
        "nothing typed is lost"
    );
}

#[test]
fn a_call_at_another_accounts_door_readies_the_form_there() {
    let (mut accounts, _, second) = two_open();
    let call = aipix_client::api::IntercomCall {
        id: 5,
        status: Some("ring".into()),
        call_type: None,
        mark_type: None,
        created_at: Some(t(9, 59)),
        started_at: None,
        ended_at: None,
        intercom: Some(crate::fixtures::intercom(1, "Main entrance")),
    };
    accounts.apply(second, Event::CallsListed { calls: vec![call] }, now());
    let mut harness = main_screen(accounts);
    harness.run();
    harness.get_by_label("Make code").click();
    harness.run();
    let form = &harness.state().screen.form;
    assert_eq!(form.account, Some(second));
    assert_eq!(form.intercom, Some(1));
    assert!(form.title.starts_with("Visitor "), "{}", form.title);
    assert_eq!(
        harness.state().screen.query.selection,
        Selection::All,
        "the table's filter stays the user's own"
    );
}

#[test]
fn a_door_chosen_in_the_form_leaves_the_tables_filter_alone() {
    let (accounts, _, second) = two_open();
    let mut harness = main_screen(accounts);
    harness.run();
    harness
        .get_by_role_and_label(Role::ComboBox, "Intercom")
        .click();
    harness.run();
    // The second account's door, as the form's list offers it (the last of that name drawn: the popup's).
    harness
        .get_all_by_label("Main entrance")
        .last()
        .expect("the form's choice")
        .click();
    harness.run();
    let screen = &harness.state().screen;
    assert_eq!(screen.form.account, Some(second));
    assert_eq!(screen.form.intercom, Some(1));
    assert_eq!(screen.query.selection, Selection::All);
}

#[test]
fn the_codes_saved_from_several_accounts_name_each_ones_account() {
    let (accounts, first, second) = two_open();
    let mut screen = MainScreen::default();
    let crate::journal::ExportSource::Codes {
        codes,
        accounts: names,
        ..
    } = screen.export_source(&accounts, now())
    else {
        panic!("codes");
    };
    assert_eq!(codes.len(), 2);
    let mut names = names;
    names.sort();
    let mut expected = vec![accounts.name(first), accounts.name(second)];
    expected.sort();
    assert_eq!(names, expected);
}

#[test]
fn the_sign_in_screen_names_the_account_the_server_signed_out() {
    let (mut accounts, _, second) = two_open();
    let name = accounts.name(second);
    let ended = Event::SignedOut {
        reason: Some(SignOutReason::EndedElsewhere),
    };
    accounts.apply(second, ended, now());
    accounts.act(accounts::Action::Focus(second), now());
    let mut harness = drawn(
        accounts,
        SignInForm::new(crate::fixtures::MILL, "demo"),
        |form, ui, accounts, now| form.ui(ui, accounts, now),
    );
    harness.run();
    assert!(has_label(&harness, &format!("Sign in again to {name}")));
    assert!(
        harness
            .query_all_by_label_contains("ended from another device")
            .next()
            .is_some()
    );
    harness.get_by_label("Back to the accounts").click();
    harness.run();
    let drawn = harness.state();
    assert!(
        drawn
            .accounts
            .get(second)
            .is_some_and(|account| account.is_ended()),
        "still its group"
    );
    assert!(drawn.accounts.focused().is_open());
}

/// The History screen opened on `account`'s journal, drawn once.
fn history_of(accounts: Accounts, account: AccountId) -> Harness<'static, Drawn<HistoryScreen>> {
    let mut screen = HistoryScreen::default();
    let opened = screen.open(account, &accounts.state(account).expect("open").history);
    let mut harness = drawn(accounts, screen, |screen, ui, accounts, now| {
        screen.ui(ui, accounts, now)
    });
    harness.state_mut().carry_out(opened);
    harness.run();
    harness
}

#[test]
fn history_switches_to_another_accounts_journal() {
    let (accounts, first, second) = two_open();
    let other = accounts.name(second);
    let mut harness = history_of(accounts, first);
    harness
        .get_by_role_and_label(Role::ComboBox, "Account")
        .click();
    harness.run();
    harness.get_by_label(&other).click();
    harness.run();
    let drawn = harness.state();
    assert_eq!(drawn.screen.account(), second);
    assert!(
        drawn
            .sent
            .iter()
            .any(|(to, command)| *to == second && matches!(command, Command::Journal(_))),
        "its journal is read: {:?}",
        drawn.sent
    );
}

#[test]
fn historys_date_filters_say_they_filter_dates_and_set_one() {
    let (accounts, first, _) = two_open();
    let mut harness = history_of(accounts, first);
    assert!(has_label(&harness, "Date to…"));
    harness.get_by_label("Date from…").click();
    harness.run();
    assert!(!has_label(&harness, "Date from…"), "the date is set");
    assert!(has_label(&harness, "From"));
}

#[test]
fn a_revoke_question_for_one_code_asks_its_own_account() {
    let (accounts, _, second) = two_open();
    let mut harness = main_screen(accounts);
    harness.run();
    let key = CodeKey {
        account: second,
        id: 10,
    };
    let drawn = harness.state_mut();
    drawn
        .screen
        .show(Show::Question(Question::Revoke(vec![key])), &drawn.accounts);
    harness.run();
    assert!(has_label(
        &harness,
        "This code will stop opening the door at once:"
    ));
    harness.get_by_label("Revoke 1 code").click();
    harness.run();
    let revoke = Command::RevokeCodes { ids: vec![10] };
    assert!(harness.state().sent_to(second, &revoke));
    assert!(!harness.state().sent.iter().any(|(to, _)| *to != second));
}

#[test]
fn the_settings_menu_changes_every_accounts_look_at_once() {
    let (accounts, first, second) = two_open();
    let mut harness = main_screen(accounts);
    harness.run();
    harness.get_by_label("Settings").click();
    harness.run();
    harness.get_by_label("Light").click();
    harness.run();
    let drawn = harness.state();
    let change = Command::Remember(SettingsChange::Theme(crate::settings::ThemeChoice::Light));
    assert!(drawn.sent_to(first, &change), "{:?}", drawn.sent);
    for account in [first, second] {
        let theme = drawn
            .accounts
            .state(account)
            .expect("open")
            .preferences()
            .theme;
        assert_eq!(theme, crate::settings::ThemeChoice::Light);
    }
}

/// A session of the account, as the server lists it.
fn session(id: &str, device: &str, current: bool) -> aipix_client::api::SessionInfo {
    serde_json::from_value(serde_json::json!({
        "id": id, "user_agent": device, "client": "thick-legal", "is_current": current, "online": true
    }))
    .expect("a session")
}

#[test]
fn the_sessions_view_ends_a_session_of_its_own_account_and_closes_when_it_is_gone() {
    let (mut accounts, first, second) = two_open();
    let listed = Event::SessionsListed {
        sessions: vec![
            session("a1", "This desk", true),
            session("b2", "Reception tablet", false),
        ],
    };
    accounts.apply(second, listed, now());
    // The other account is focused: the view still acts on its own, and says whose it is.
    accounts.act(accounts::Action::Focus(first), now());
    let title = format!("Sessions of {}", accounts.name(second));
    let mut harness = drawn(
        accounts,
        super::sessions::SessionsDialog { account: second },
        |view, ui, accounts, now| super::action::Modal::show(view, ui.ctx(), accounts, now),
    );
    harness.run();
    assert!(has_label(&harness, &title), "{title}");
    assert!(has_label(&harness, "Reception tablet"));
    assert!(
        harness
            .query_all_by_label_contains("End the session of This desk")
            .next()
            .is_none(),
        "this session cannot be ended from here"
    );
    harness
        .get_by_label_contains("End the session of Reception tablet")
        .click();
    // Its spinner turns while the session is being ended.
    harness.run_steps(3);
    let end = Command::EndSession { id: "b2".into() };
    assert!(
        harness.state().sent_to(second, &end),
        "ended at its own account"
    );
    assert!(
        !harness.state().sent_to(first, &end),
        "not at the one focused"
    );

    let signed_out = Event::SignedOut {
        reason: Some(SignOutReason::EndedElsewhere),
    };
    harness
        .state_mut()
        .apply(second, signed_out, |_, _, _, _| Vec::new());
    harness.run();
    assert!(
        harness.state().asked.contains(&Action::Show(Show::Close)),
        "the view of an account that has gone closes"
    );
}
