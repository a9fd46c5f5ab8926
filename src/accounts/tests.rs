//! The window's accounts, driven as the app drives them but with no backend, no runtime and no window: each test
//! is the unit twin of a scenario of `tests/ui_accounts.rs` (which runs the real window against simulators), or of
//! a defect a trial met, and asserts what the model answers: commands per account, backends to start or stop,
//! what the window is asked to do.

use std::time::Duration;

use super::*;
use crate::desktop::alerts::Alert;
use crate::desktop::notices::NoticeAction;
use crate::fixtures::{
    HARBOUR, MILL, code, intercom, listing, settings_of, sign_in_request, signed_in, t, two_open,
};
use crate::messages::{Event, SignOutReason};
use crate::new_code::{DEFAULT_EXPIRY, Expiry};
use crate::state::{CodeQuery, CodeView, LiveStatus, Selection, view_across};
use aipix_client::live::{LiveEvent, Push};

/// The accounts of the codes `query` shows, and their titles.
fn shown(accounts: &Accounts, query: &CodeQuery) -> Vec<(AccountId, String)> {
    let mut view = CodeView::default();
    view_across(&mut view, &accounts.states(), query)
        .iter()
        .map(|key| {
            (
                key.account,
                accounts.code(*key).expect("listed").title.clone(),
            )
        })
        .collect()
}

/// A code made at another desk of `account`'s server, pushed live.
fn pushed(accounts: &mut Accounts, account: AccountId, title: &str) -> Effects {
    let made = code(30, 1, title, "33333", t(15, 0));
    let push = Event::Live(LiveEvent::Push(Push::CodeCreated {
        code: Box::new(made),
    }));
    accounts.apply(account, push, t(10, 0))
}

#[test]
fn codes_made_at_each_server_are_listed_under_their_own_account_and_said_so() {
    let (mut accounts, first, second) = two_open();
    let all = shown(&accounts, &CodeQuery::default());
    assert!(all.contains(&(first, "Courier".into())) && all.contains(&(second, "Courier".into())));

    let effects = pushed(&mut accounts, second, "Plumber at the mill");
    let name = accounts.name(second);
    let notices: Vec<&UiEffect> = effects.ui_for(second).collect();
    assert!(
        notices.iter().any(|effect| matches!(effect, UiEffect::Notice(notice)
            if notice.text.starts_with(&format!("{name}: New code at another desk: Plumber at the mill")))),
        "{notices:?}"
    );
    // Its group's "All its codes": that account's alone.
    let group = CodeQuery {
        selection: Selection::Account(second),
        ..CodeQuery::default()
    };
    let rows = shown(&accounts, &group);
    assert!(
        rows.iter().all(|(account, _)| *account == second),
        "{rows:?}"
    );
    assert!(rows.contains(&(second, "Plumber at the mill".into())));
}

#[test]
fn a_server_that_goes_down_takes_only_its_own_account_off_the_live_channel() {
    let (mut accounts, first, second) = two_open();
    let lost = LiveEvent::Disconnected {
        reason: "connection reset".into(),
        retry_in: Duration::from_secs(2),
    };
    accounts.apply(second, Event::Live(lost), t(10, 0));
    assert!(!accounts.state(second).expect("open").live.is_connected());
    assert_eq!(
        accounts.state(first).expect("open").live,
        LiveStatus::Connected
    );
    assert!(
        accounts.get(second).is_some_and(Account::is_open),
        "still open, not live"
    );
}

#[test]
fn signing_out_of_one_account_leaves_the_other_and_stops_only_its_backend() {
    let (mut accounts, first, second) = two_open();
    let effects = accounts.act(Action::SignOut(second), t(10, 0));
    assert_eq!(
        effects.commands_for(second).collect::<Vec<_>>(),
        [&Command::SignOut]
    );
    assert_eq!(
        accounts.get(second).map(|a| a.phase.clone()),
        Some(Phase::Leaving)
    );
    assert_eq!(accounts.open().map(|a| a.id).collect::<Vec<_>>(), [first]);

    let effects = accounts.apply(second, Event::SignedOut { reason: None }, t(10, 0));
    assert_eq!(effects.stop, [second]);
    assert!(accounts.get(second).is_none(), "its account has gone");
    assert_eq!(accounts.focus(), first);
    assert!(
        accounts.focused().is_open(),
        "the window stays on the first"
    );
    assert!(
        effects
            .commands_for(first)
            .all(|command| matches!(command, Command::Remember(_)))
    );
}

#[test]
fn a_full_account_finds_the_same_door_through_another_with_a_free_slot() {
    let (mut accounts, first, second) = two_open();
    let full = Event::CreateFailed {
        request: 1,
        problem: crate::messages::Problem::default(),
        limit: Some(1),
    };
    accounts.apply(first, full, t(10, 0));
    let offer = accounts.same_door_with_room(first, 1);
    assert_eq!(offer, Some((second, 1, accounts.name(second))));
    // Once the other is full too, nothing is offered.
    let full = Event::CreateFailed {
        request: 2,
        problem: crate::messages::Problem::default(),
        limit: Some(1),
    };
    accounts.apply(second, full, t(10, 0));
    assert_eq!(accounts.same_door_with_room(first, 1), None);
}

#[test]
fn an_account_added_beside_the_others_can_be_given_up() {
    let (mut accounts, first, _) = two_open();
    let effects = accounts.act(Action::AddAccount { sign_in: None }, t(10, 0));
    let [(third, Resume::Nothing)] = effects.start.as_slice() else {
        panic!("one backend started, resuming nothing: {effects:?}");
    };
    assert_eq!(accounts.focus(), *third, "the sign-in screen is for it");
    assert!(!accounts.focused().is_open());
    assert!(effects.ui_for(*third).any(|effect| *effect
        == UiEffect::SignInFor {
            server: String::new(),
            login: String::new()
        }));

    let effects = accounts.act(Action::GiveUpAdding, t(10, 1));
    assert_eq!(effects.stop, [*third]);
    assert_eq!(accounts.iter().count(), 2);
    assert_eq!(accounts.focus(), first);
}

#[test]
fn the_accounts_open_together_come_back_at_the_next_start_and_are_kept_once_all_were_tried() {
    let mut settings = settings_of(&[(HARBOUR, "demo"), (MILL, "demo")]);
    settings.open_accounts = settings.profiles.iter().map(|p| p.name.clone()).collect();
    settings.last_profile = Some(settings.profiles[0].name.clone());
    let mut accounts = Accounts::new().allowing_more();
    let first = accounts.focus();
    let effects = accounts.apply(first, Event::remembered(&settings), t(9, 0));
    let mill = settings.profiles[1].token_key();
    let [(second, Resume::Account(key))] = effects.start.as_slice() else {
        panic!("the second account resumed: {effects:?}");
    };
    assert_eq!(*key, mill);
    let second = *second;

    // The first one back is not kept alone while the other is still being resumed.
    let effects = accounts.apply(first, signed_in(HARBOUR, "demo"), t(9, 0));
    assert!(
        effects
            .commands
            .iter()
            .all(|(_, c)| !matches!(c, Command::Remember(_)))
    );
    accounts.apply(second, Event::remembered(&settings), t(9, 0));
    let effects = accounts.apply(second, signed_in(MILL, "demo"), t(9, 0));
    let kept: Vec<&Command> = effects.commands.iter().map(|(_, c)| c).collect();
    assert_eq!(
        kept,
        [&Command::Remember(SettingsChange::OpenAccounts(
            settings.open_accounts.clone()
        ))]
    );
}

#[test]
fn an_account_of_last_time_that_cannot_be_resumed_goes_quietly_and_the_rest_are_kept() {
    let mut settings = settings_of(&[(HARBOUR, "demo"), (MILL, "demo")]);
    settings.open_accounts = settings.profiles.iter().map(|p| p.name.clone()).collect();
    settings.last_profile = Some(settings.profiles[0].name.clone());
    let mut accounts = Accounts::new().allowing_more();
    let first = accounts.focus();
    let second = accounts
        .apply(first, Event::remembered(&settings), t(9, 0))
        .start[0]
        .0;
    accounts.apply(first, signed_in(HARBOUR, "demo"), t(9, 0));
    let effects = accounts.apply(second, Event::NotResumed { reason: None }, t(9, 0));
    assert_eq!(effects.stop, [second]);
    assert!(
        effects
            .ui
            .iter()
            .all(|(_, e)| !matches!(e, UiEffect::Notice(_))),
        "quietly"
    );
    let kept: Vec<&Command> = effects.commands.iter().map(|(_, c)| c).collect();
    assert_eq!(
        kept,
        [&Command::Remember(SettingsChange::OpenAccounts(vec![
            settings.profiles[0].name.clone()
        ]))]
    );
}

#[test]
fn a_notifications_make_code_is_for_the_account_whose_door_rang() {
    let (mut accounts, _, second) = two_open();
    let clicked = Event::NotificationAction {
        action: NoticeAction::MakeCode {
            intercom: 1,
            title: "Visitor 10:00".into(),
        },
    };
    let effects = accounts.apply(second, clicked, t(10, 0));
    assert!(effects.ui_for(second).any(|effect| *effect
        == UiEffect::MakeCode {
            intercom: 1,
            title: "Visitor 10:00".into()
        }));
}

#[test]
fn codes_of_two_accounts_are_revoked_each_at_its_own_account() {
    let (mut accounts, first, second) = two_open();
    for account in [first, second] {
        let revoke = Command::RevokeCodes { ids: vec![10] };
        let effects = accounts.act(
            Action::Send {
                account,
                command: revoke.clone(),
            },
            t(10, 0),
        );
        assert_eq!(effects.commands, [(account, revoke)]);
    }
}

#[test]
fn an_account_the_server_signs_out_stays_under_its_name_and_signs_in_again_there() {
    let (mut accounts, first, second) = two_open();
    let name = accounts.name(second);
    let ended = Event::SignedOut {
        reason: Some(SignOutReason::EndedElsewhere),
    };
    let effects = accounts.apply(second, ended, t(10, 0));
    let who = Identity {
        server: MILL.into(),
        login: "demo".into(),
    };
    assert_eq!(
        accounts.get(second).map(|a| a.phase.clone()),
        Some(Phase::Ended(who.clone()))
    );
    assert_eq!(
        accounts.name(second),
        name,
        "its group still says whose it was"
    );
    assert_eq!(
        accounts.focus(),
        first,
        "the window stays on the accounts open"
    );
    assert!(effects.stop.is_empty());
    assert!(
        effects
            .ui_for(second)
            .any(|e| *e == UiEffect::SessionEnded { by_server: true })
    );

    let effects = accounts.act(Action::Focus(second), t(10, 1));
    assert!(effects.ui_for(second).any(|e| *e
        == UiEffect::SignInFor {
            server: who.server.clone(),
            login: who.login.clone()
        }));
    accounts.apply(second, signed_in(MILL, "demo"), t(10, 2));
    assert!(
        accounts.get(second).is_some_and(Account::is_open),
        "on the same account"
    );
    assert_eq!(accounts.iter().count(), 2);
}

#[test]
fn naming_a_group_changes_its_name_and_nothing_else() {
    let (mut accounts, first, second) = two_open();
    let profile = accounts
        .state(second)
        .and_then(|s| s.profile())
        .expect("its profile")
        .name
        .clone();
    let focus = accounts.focus();
    let effects = accounts.act(
        Action::Remember(SettingsChange::GroupName {
            profile,
            name: "Mill Lane".into(),
        }),
        t(10, 0),
    );
    assert_eq!(accounts.name(second), "Mill Lane");
    assert_ne!(accounts.name(first), "Mill Lane");
    assert_eq!(accounts.focus(), focus);
    assert_eq!(effects.commands.len(), 1, "written down once: {effects:?}");
}

#[test]
fn an_account_signed_in_twice_keeps_the_first_and_says_so() {
    let (mut accounts, first, _) = two_open();
    let add = accounts.act(
        Action::AddAccount {
            sign_in: Some(sign_in_request(HARBOUR, "demo")),
        },
        t(10, 0),
    );
    let twin = add.start[0].0;
    let effects = accounts.apply(twin, signed_in(HARBOUR, "demo"), t(10, 0));
    assert_eq!(effects.stop, [twin]);
    assert!(accounts.get(twin).is_none());
    assert!(
        effects
            .ui_for(first)
            .any(|e| matches!(e, UiEffect::Notice(_)))
    );
}

// The defects a trial met, three buildings on two servers.

#[test]
fn a_server_ending_the_focused_account_keeps_the_window_on_the_others() {
    let (mut accounts, first, second) = two_open();
    assert_eq!(accounts.focus(), first);
    let ended = Event::SignedOut {
        reason: Some(SignOutReason::SessionEnded),
    };
    accounts.apply(first, ended, t(10, 0));
    assert_eq!(accounts.focus(), second);
    assert!(
        accounts.focused().is_open(),
        "no jump to the sign-in screen"
    );
}

#[test]
fn back_to_the_accounts_keeps_an_ended_account_as_its_group() {
    let (mut accounts, first, second) = two_open();
    let ended = Event::SignedOut {
        reason: Some(SignOutReason::EndedElsewhere),
    };
    accounts.apply(second, ended, t(10, 0));
    accounts.act(Action::Focus(second), t(10, 1));
    let effects = accounts.act(Action::GiveUpAdding, t(10, 2));
    assert!(effects.stop.is_empty(), "{effects:?}");
    assert!(
        accounts.get(second).is_some_and(Account::is_ended),
        "still listed, as signed out"
    );
    assert_eq!(accounts.focus(), first);
}

#[test]
fn a_form_left_unsent_when_the_server_ended_its_account_is_offered_to_that_account_alone() {
    let (mut accounts, first, second) = two_open();
    let ended = Event::SignedOut {
        reason: Some(SignOutReason::EndedElsewhere),
    };
    accounts.apply(second, ended, t(10, 0));
    let unsent = Unsent {
        intercom: Some(1),
        title: "Guest of flat 3".into(),
        expiry: Expiry::Quick(DEFAULT_EXPIRY),
    };
    accounts.act(
        Action::KeepUnsent {
            account: second,
            unsent: unsent.clone(),
        },
        t(10, 0),
    );
    // Another account signing in (again) is not offered it.
    accounts.apply(first, Event::SignedOut { reason: None }, t(10, 1));
    let effects = accounts.apply(first, signed_in(HARBOUR, "demo"), t(10, 2));
    assert!(
        effects
            .ui
            .iter()
            .all(|(_, e)| !matches!(e, UiEffect::OfferUnsent(_)))
    );
    // The same account is, once.
    let effects = accounts.apply(second, signed_in(MILL, "demo"), t(10, 3));
    assert_eq!(
        effects
            .ui_for(second)
            .filter(|e| **e == UiEffect::OfferUnsent(unsent.clone()))
            .count(),
        1
    );
}

#[test]
fn desktop_notifications_name_their_account_when_several_are_open() {
    let (mut accounts, _, second) = two_open();
    let effects = pushed(&mut accounts, second, "Plumber at the mill");
    let name = accounts.name(second);
    let told: Vec<&Alert> = effects
        .commands_for(second)
        .filter_map(|command| match command {
            Command::Notify(alert) => Some(alert.as_ref()),
            _ => None,
        })
        .collect();
    assert!(
        matches!(told.as_slice(), [Alert::Of { account, alert }]
            if *account == name && matches!(alert.as_ref(), Alert::CodeMadeElsewhere { .. })),
        "{told:?}"
    );
    // With one account open, a notification is as it always was.
    accounts.act(Action::SignOut(second), t(10, 1));
    accounts.apply(second, Event::SignedOut { reason: None }, t(10, 1));
    let first = accounts.focus();
    let effects = pushed(&mut accounts, first, "Courier two");
    assert!(effects.commands_for(first).any(|command| matches!(command,
        Command::Notify(alert) if matches!(alert.as_ref(), Alert::CodeMadeElsewhere { .. }))));
}

#[test]
fn a_new_code_goes_by_default_to_an_account_whose_server_answered() {
    let mut accounts = Accounts::new().allowing_more();
    let first = accounts.focus();
    accounts.apply(first, signed_in(HARBOUR, "demo"), t(9, 0));
    let second = accounts
        .act(
            Action::AddAccount {
                sign_in: Some(sign_in_request(MILL, "demo")),
            },
            t(9, 0),
        )
        .start[0]
        .0;
    accounts.apply(second, signed_in(MILL, "demo"), t(9, 0));
    let down = Event::SyncFailed {
        failure: crate::messages::Failure::Unreachable {
            detail: "connection refused".into(),
        },
    };
    accounts.apply(first, down, t(9, 1));
    accounts.apply(
        second,
        listing(vec![intercom(1, "Main entrance")], Vec::new(), t(9, 1)),
        t(9, 1),
    );
    assert_eq!(accounts.first_for_codes(), Some(second));
}

#[test]
fn every_account_shows_a_change_of_the_settings_and_one_backend_writes_it() {
    let (mut accounts, first, second) = two_open();
    let change = SettingsChange::Theme(crate::settings::ThemeChoice::Light);
    let effects = accounts.act(Action::Remember(change.clone()), t(10, 0));
    assert_eq!(effects.commands, [(first, Command::Remember(change))]);
    for account in [first, second] {
        let state = accounts.state(account).expect("open");
        assert_eq!(
            state.preferences().theme,
            crate::settings::ThemeChoice::Light
        );
    }
}

#[test]
fn only_the_first_accounts_listing_opens_on_the_intercom_looked_at_last() {
    let mut settings = settings_of(&[(HARBOUR, "demo"), (MILL, "demo")]);
    settings.last_intercom = Some(1);
    let mut accounts = Accounts::new().allowing_more();
    let first = accounts.focus();
    accounts.apply(first, Event::remembered(&settings), t(9, 0));
    accounts.apply(first, signed_in(HARBOUR, "demo"), t(9, 0));
    let second = accounts
        .act(
            Action::AddAccount {
                sign_in: Some(sign_in_request(MILL, "demo")),
            },
            t(9, 0),
        )
        .start[0]
        .0;
    accounts.apply(second, Event::remembered(&settings), t(9, 0));
    accounts.apply(second, signed_in(MILL, "demo"), t(9, 0));
    let doors = || vec![intercom(1, "Main entrance")];
    let opens = |effects: &Effects, id| effects.ui_for(id).any(|e| *e == UiEffect::OpenIntercom(1));
    let effects = accounts.apply(first, listing(doors(), Vec::new(), t(9, 1)), t(9, 1));
    assert!(opens(&effects, first));
    let effects = accounts.apply(second, listing(doors(), Vec::new(), t(9, 1)), t(9, 1));
    assert!(
        !opens(&effects, second),
        "the form stays where the first listing put it"
    );
}

#[test]
fn signing_out_of_the_last_account_offers_the_sign_in_form_the_account_used_last() {
    let mut accounts = Accounts::new().allowing_more();
    let first = accounts.focus();
    let settings = settings_of(&[(HARBOUR, "demo")]);
    accounts.apply(first, Event::remembered(&settings), t(9, 0));
    accounts.apply(first, signed_in(HARBOUR, "demo"), t(9, 0));
    accounts.act(Action::SignOut(first), t(10, 0));
    let effects = accounts.apply(first, Event::SignedOut { reason: None }, t(10, 0));
    let profile = settings.profiles[0].clone();
    assert!(
        effects
            .ui_for(first)
            .any(|e| *e == UiEffect::Prefill(Box::new(profile.clone()))),
        "{effects:?}"
    );
    assert!(effects.ui_for(first).any(|e| *e == UiEffect::NoAccountOpen));
    assert!(!accounts.focused().is_open(), "the sign-in screen");
}
