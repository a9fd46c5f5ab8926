use super::*;
use crate::domain::CodeStatus;
use crate::fixtures::{code, intercom, t};
use crate::messages::SignInFailure;
use aipix_client::api::User;
use aipix_client::live::{LiveEvent, Push};
use chrono::TimeDelta;

fn user() -> User {
    serde_json::from_str(r#"{"id": 13, "login": "demo", "access_token_id": "abc"}"#).expect("user")
}

/// A signed-in state with two intercoms and three codes, listed at 10:00.
fn listed() -> AppState {
    let mut state = AppState::new();
    state.apply(
        Event::SignedIn {
            user: user(),
            server: "http://x".into(),
        },
        t(10, 0),
    );
    let follow = state.apply(
        Event::Synced {
            intercoms: vec![intercom(1, "Main"), intercom(2, "Gate")],
            codes: vec![
                code(10, 1, "Alice", "11111", t(12, 0)),
                code(11, 1, "Bob", "22222", t(10, 30)),
                code(12, 2, "Carol", "33333", t(9, 0)),
            ],
            at: t(10, 0),
        },
        t(10, 0),
    );
    assert!(follow.is_empty(), "{follow:?}");
    state
}

/// The ids `query` shows at `now`, through `view`, the cache a screen keeps across frames.
fn ids(
    state: &mut AppState,
    view: &mut CodeView,
    query: &CodeQuery,
    now: DateTime<Utc>,
) -> Vec<u64> {
    state.prune(now);
    state
        .view(ACCOUNT, view, query)
        .iter()
        .map(|key| key.id)
        .collect()
}

/// The one account of most tests here.
const ACCOUNT: AccountId = AccountId(1);

#[test]
fn a_push_of_a_code_we_have_is_harmless() {
    let mut state = listed();
    let again = code(10, 1, "Alice", "11111", t(12, 0));
    let push = Event::Live(LiveEvent::Push(Push::CodeCreated {
        code: Box::new(again),
    }));
    assert!(state.apply(push.clone(), t(10, 1)).is_empty());
    assert!(
        state.apply(push, t(10, 1)).is_empty(),
        "no listing, no notice"
    );
    assert_eq!(state.code_count(), 3);
}

#[test]
fn pushes_add_and_remove_codes() {
    let mut state = listed();
    let new = code(20, 2, "Dave", "44444", t(15, 0));
    state.apply(
        Event::Live(LiveEvent::Push(Push::CodeCreated {
            code: Box::new(new),
        })),
        t(10, 1),
    );
    assert!(state.code(20).is_some());
    let follow = state.apply(
        Event::Live(LiveEvent::Push(Push::CodesDeleted { ids: vec![10, 20] })),
        t(10, 2),
    );
    // (Besides telling the desktop: they were revoked elsewhere.)
    assert!(
        follow
            .commands
            .iter()
            .all(|command| matches!(command, Command::Notify(_))),
        "both were known: {follow:?}"
    );
    assert!(state.code(10).is_none() && state.code(20).is_none());
    assert_eq!(state.code_count(), 2);
}

#[test]
fn pushes_naming_what_we_do_not_know_ask_for_a_listing() {
    let mut state = listed();
    let stranger = code(30, 99, "Eve", "55555", t(15, 0));
    let follow = state.apply(
        Event::Live(LiveEvent::Push(Push::CodeCreated {
            code: Box::new(stranger),
        })),
        t(10, 1),
    );
    let (told, asked): (Vec<&Command>, Vec<&Command>) = follow
        .commands
        .iter()
        .partition(|command| matches!(command, Command::Notify(_)));
    assert_eq!(asked, [&Command::Refresh], "a code of an unknown intercom");
    assert_eq!(told.len(), 1, "and the desktop told");
    assert!(state.code(30).is_some(), "and it is shown meanwhile");
    let follow = state.apply(
        Event::Live(LiveEvent::Push(Push::CodesDeleted { ids: vec![777] })),
        t(10, 1),
    );
    assert_eq!(follow.commands, vec![Command::Refresh]);
    let unreadable = Push::Unreadable {
        kind: "intercom.code.store".into(),
        reason: "no intercom_code".into(),
    };
    assert_eq!(
        state
            .apply(Event::Live(LiveEvent::Push(unreadable)), t(10, 1))
            .commands,
        vec![Command::Refresh]
    );
    assert_eq!(
        state
            .apply(
                Event::Live(LiveEvent::Push(Push::PermissionsUpdated)),
                t(10, 1)
            )
            .commands,
        vec![Command::Refresh]
    );
    assert_eq!(
        state
            .apply(Event::Live(LiveEvent::ResyncNeeded), t(10, 1))
            .commands,
        vec![Command::Refresh]
    );
}

/// The backend lists the codes itself at the live channel's first subscription of a session, so the resync that
/// comes with it asks for no second listing; a resync after the channel came back does.
#[test]
fn only_a_resync_after_a_break_asks_for_a_listing() {
    let mut state = listed();
    let connected = || {
        Event::Live(LiveEvent::Connected {
            socket_id: "1.2".into(),
        })
    };
    let resync = || Event::Live(LiveEvent::ResyncNeeded);
    state.apply(connected(), t(10, 0));
    assert!(state.apply(resync(), t(10, 0)).commands.is_empty());
    state.apply(
        Event::Live(LiveEvent::Disconnected {
            reason: "restart".into(),
            retry_in: std::time::Duration::from_secs(1),
        }),
        t(10, 1),
    );
    state.apply(connected(), t(10, 2));
    assert_eq!(
        state.apply(resync(), t(10, 2)).commands,
        vec![Command::Refresh]
    );
}

#[test]
fn intercom_pushes_add_and_rename_intercoms_without_a_listing() {
    let mut state = listed();
    let follow = state.apply(
        Event::Live(LiveEvent::Push(Push::IntercomUpdated {
            intercom: Box::new(intercom(5, "New")),
        })),
        t(10, 1),
    );
    assert!(follow.is_empty(), "{follow:?}");
    assert_eq!(state.intercom(5).map(|i| i.title.as_str()), Some("New"));
    // A rename from the vendor's model, without `status`: the status the list gave stays.
    let mut renamed = intercom(1, "Front door");
    renamed.status = None;
    let follow = state.apply(
        Event::Live(LiveEvent::Push(Push::IntercomUpdated {
            intercom: Box::new(renamed),
        })),
        t(10, 2),
    );
    assert!(follow.is_empty(), "{follow:?}");
    let main = state.intercom(1).expect("still there");
    assert_eq!(main.title, "Front door");
    assert!(main.is_confirmed(), "{main:?}");
    assert_eq!(state.intercoms.len(), 3);
}

#[test]
fn pushes_a_desk_has_no_use_for_ask_for_nothing() {
    let mut state = listed();
    let (intercoms, codes) = (state.intercoms.clone(), state.code_count());
    for push in [
        Push::Unknown {
            kind: "analytic_case_motion_detect_event_created".into(),
            data: serde_json::json!({"id": 1}),
        },
        Push::CallsDeleted { ids: vec![1] },
        Push::CallCancelled { call_id: None },
        Push::IntercomFailed {
            kind: "intercom.key_error".into(),
            error: "wrong key".into(),
        },
    ] {
        assert!(
            state
                .apply(Event::Live(LiveEvent::Push(push.clone())), t(10, 1))
                .is_empty(),
            "{push:?}"
        );
    }
    assert_eq!(state.intercoms, intercoms);
    assert_eq!(state.code_count(), codes);
}

#[test]
fn deleting_an_intercom_takes_its_codes() {
    let mut state = listed();
    state.apply(
        Event::Live(LiveEvent::Push(Push::IntercomsDeleted { ids: vec![1] })),
        t(10, 1),
    );
    assert_eq!(state.intercoms.len(), 1);
    assert!(state.code(10).is_none() && state.code(11).is_none());
    assert!(state.code(12).is_some());
}

#[test]
fn an_updated_intercom_replaces_the_old() {
    let mut state = listed();
    let mut offline = intercom(2, "Gate");
    offline.is_online = Some(false);
    state.apply(
        Event::Live(LiveEvent::Push(Push::IntercomUpdated {
            intercom: Box::new(offline),
        })),
        t(10, 1),
    );
    assert!(
        state
            .intercom(2)
            .expect("still there")
            .online()
            .is_offline()
    );
}

#[test]
fn a_listing_that_began_before_a_local_change_does_not_undo_it() {
    let mut state = listed();
    // At 10:05 a listing starts; at 10:06 a code is made here and another is revoked elsewhere.
    state.apply(
        Event::Live(LiveEvent::Push(Push::CodeCreated {
            code: Box::new(code(40, 1, "Fay", "66666", t(13, 0))),
        })),
        t(10, 6),
    );
    state.apply(
        Event::Live(LiveEvent::Push(Push::CodesDeleted { ids: vec![11] })),
        t(10, 6),
    );
    // The listing (started 10:05) knows neither change.
    state.apply(
        Event::Synced {
            intercoms: vec![intercom(1, "Main"), intercom(2, "Gate")],
            codes: vec![
                code(10, 1, "Alice", "11111", t(12, 0)),
                code(11, 1, "Bob", "22222", t(10, 30)),
            ],
            at: t(10, 5),
        },
        t(10, 7),
    );
    assert!(
        state.code(40).is_some(),
        "made after the listing began: kept"
    );
    assert!(
        state.code(11).is_none(),
        "revoked after the listing began: stays revoked"
    );
    assert!(
        state.code(12).is_none(),
        "gone from a listing that knew it: gone"
    );
    // A later listing is the truth again.
    state.apply(
        Event::Synced {
            intercoms: vec![intercom(1, "Main")],
            codes: vec![],
            at: t(10, 8),
        },
        t(10, 8),
    );
    assert_eq!(state.code_count(), 0);
}

#[test]
fn statuses_at_given_times() {
    let state = listed();
    let status = |id, at| CodeStatus::at(state.code(id).expect("code"), at);
    assert_eq!(status(10, t(10, 0)), CodeStatus::Active);
    assert_eq!(status(11, t(10, 0)), CodeStatus::ExpiringSoon);
    assert_eq!(status(12, t(10, 0)), CodeStatus::Expired);
    assert_eq!(state.valid_code_count(1, t(10, 0)), 2);
    assert_eq!(state.valid_code_count(1, t(11, 0)), 1);
    assert_eq!(state.valid_code_count(2, t(10, 0)), 0);
    assert_eq!(
        state.next_change(t(10, 0)),
        Some(t(10, 30)),
        "Bob expires first"
    );
}

#[test]
fn removed_codes_leave_the_list() {
    let mut state = listed();
    state.prune(t(10, 0) + TimeDelta::hours(23));
    assert!(
        state.code(12).is_none(),
        "Carol expired at 9:00 and was removed at 9:00 the next day"
    );
    assert_eq!(state.code_count(), 2);
}

#[test]
fn the_search_takes_yo_and_ye_and_case_alike() {
    let mut state = listed();
    state.apply(
        Event::Live(LiveEvent::Push(Push::CodeCreated {
            code: Box::new(code(20, 1, "Фёдор Ёлкин", "44444", t(12, 0))),
        })),
        t(10, 0),
    );
    state.apply(
        Event::Live(LiveEvent::Push(Push::CodeCreated {
            code: Box::new(code(21, 2, "ФЕДОР елкин", "55555", t(12, 0))),
        })),
        t(10, 0),
    );
    let mut view = CodeView::default();
    let mut found = |search: &str| {
        let query = CodeQuery {
            search: search.into(),
            ..CodeQuery::default()
        };
        let mut ids = ids(&mut state, &mut view, &query, t(10, 0));
        ids.sort_unstable();
        ids
    };
    assert_eq!(found("федор"), vec![20, 21]);
    assert_eq!(found("ФЁДОР ЁЛКИН"), vec![20, 21]);
    assert_eq!(found("Елкин"), vec![20, 21]);
}

#[test]
fn the_view_filters_searches_and_sorts() {
    let mut state = listed();
    let mut view = CodeView::default();
    let now = t(10, 0);
    let all = CodeQuery::default();
    assert_eq!(
        ids(&mut state, &mut view, &all, now),
        vec![12, 11, 10],
        "soonest expiry first"
    );

    let by_title_desc = CodeQuery {
        sort: Sort {
            key: SortKey::Title,
            ascending: false,
        },
        ..CodeQuery::default()
    };
    assert_eq!(
        ids(&mut state, &mut view, &by_title_desc, now),
        vec![12, 11, 10]
    );
    let by_title = CodeQuery {
        sort: Sort::default().toggled(SortKey::Title),
        ..CodeQuery::default()
    };
    assert_eq!(ids(&mut state, &mut view, &by_title, now), vec![10, 11, 12]);

    let main_only = CodeQuery {
        selection: Selection::Intercom(ACCOUNT, 1),
        ..CodeQuery::default()
    };
    assert_eq!(ids(&mut state, &mut view, &main_only, now), vec![11, 10]);

    let search_title = CodeQuery {
        search: "  aLi ".into(),
        ..CodeQuery::default()
    };
    assert_eq!(ids(&mut state, &mut view, &search_title, now), vec![10]);
    let search_code = CodeQuery {
        search: "333".into(),
        ..CodeQuery::default()
    };
    assert_eq!(ids(&mut state, &mut view, &search_code, now), vec![12]);

    let valid = CodeQuery {
        filter: StatusFilter::Valid,
        ..CodeQuery::default()
    };
    assert_eq!(ids(&mut state, &mut view, &valid, now), vec![11, 10]);
    let soon = CodeQuery {
        filter: StatusFilter::ExpiringSoon,
        ..CodeQuery::default()
    };
    assert_eq!(ids(&mut state, &mut view, &soon, now), vec![11]);
    let expired = CodeQuery {
        filter: StatusFilter::Expired,
        ..CodeQuery::default()
    };
    assert_eq!(ids(&mut state, &mut view, &expired, now), vec![12]);

    let by_status = CodeQuery {
        sort: Sort {
            key: SortKey::Status,
            ascending: true,
        },
        ..CodeQuery::default()
    };
    assert_eq!(
        ids(&mut state, &mut view, &by_status, now),
        vec![10, 11, 12]
    );
}

/// Two accounts in one list: their codes sorted together, each kept apart by its account (both have a code 10),
/// a group showing only its own, an intercom only its account's (both accounts have an intercom 1).
#[test]
fn the_view_across_accounts_sorts_together_and_keeps_accounts_apart() {
    let mut first = listed();
    let mut second = AppState::new();
    let now = t(10, 0);
    let _ = second.apply(
        Event::Synced {
            intercoms: vec![intercom(1, "Gate")],
            codes: vec![
                code(10, 1, "Dora", "44444", t(11, 30)),
                code(20, 1, "Emil", "55555", t(9, 30) + TimeDelta::days(1)),
            ],
            at: now,
        },
        now,
    );
    first.prune(now);
    second.prune(now);
    let (one, two) = (AccountId(1), AccountId(2));
    let mut view = CodeView::default();
    let keys = |view: &mut CodeView, query: &CodeQuery| -> Vec<(u32, u64)> {
        view_across(view, &[(one, &first), (two, &second)], query)
            .iter()
            .map(|key| (key.account.0, key.id))
            .collect()
    };
    let all = keys(&mut view, &CodeQuery::default());
    let expiries: Vec<_> = all
        .iter()
        .map(|(desk, id)| {
            let state = if *desk == 1 { &first } else { &second };
            state.code(*id).map(|code| code.expired_at)
        })
        .collect();
    assert_eq!(all.len(), 5, "{all:?}");
    assert!(all.contains(&(1, 10)) && all.contains(&(2, 10)), "{all:?}");
    assert!(
        expiries.windows(2).all(|pair| pair[0] <= pair[1]),
        "{all:?}"
    );
    let group = CodeQuery {
        selection: Selection::Account(two),
        ..CodeQuery::default()
    };
    assert_eq!(keys(&mut view, &group), vec![(2, 10), (2, 20)]);
    let door = CodeQuery {
        selection: Selection::Intercom(one, 1),
        ..CodeQuery::default()
    };
    assert_eq!(keys(&mut view, &door), vec![(1, 11), (1, 10)]);
}

#[test]
fn the_view_follows_the_clock_and_the_data() {
    let mut state = listed();
    let mut view = CodeView::default();
    let valid = CodeQuery {
        filter: StatusFilter::Valid,
        ..CodeQuery::default()
    };
    assert_eq!(ids(&mut state, &mut view, &valid, t(10, 0)), vec![11, 10]);
    // Same query, later: Bob has expired meanwhile.
    assert_eq!(ids(&mut state, &mut view, &valid, t(10, 31)), vec![10]);
    state.apply(
        Event::Live(LiveEvent::Push(Push::CodeCreated {
            code: Box::new(code(50, 2, "Gus", "77777", t(18, 0))),
        })),
        t(10, 31),
    );
    assert_eq!(ids(&mut state, &mut view, &valid, t(10, 31)), vec![10, 50]);
}

#[test]
fn a_created_code_is_shown_copied_and_listed_once() {
    let mut state = listed();
    let command = Command::CreateCode {
        request: 7,
        intercom: 1,
        title: "Hal".into(),
        expires_at: t(14, 0),
    };
    state.sent(&command);
    assert_eq!(state.create.in_flight, Some(7));
    let effects = state.apply(
        Event::CodeCreated {
            request: 7,
            code: code(60, 1, "Hal", "88888", t(14, 0)),
        },
        t(10, 1),
    );
    assert_eq!(state.create.in_flight, None);
    assert_eq!(state.create.created.as_ref().map(|c| c.id), Some(60));
    assert!(
        effects.ui.contains(&UiEffect::Copy("88888".into())),
        "{effects:?}"
    );
    assert_eq!(state.code_count(), 4);
}

#[test]
fn a_refused_create_keeps_its_reasons_and_the_limit() {
    let mut state = listed();
    state.sent(&Command::CreateCode {
        request: 8,
        intercom: 1,
        title: "Ida".into(),
        expires_at: t(14, 0),
    });
    let problem = Problem {
        fields: [(
            "limit".to_owned(),
            vec!["You can have no more than 5 visitor codes at a time.".to_owned()],
        )]
        .into(),
        ..Problem::default()
    };
    state.apply(
        Event::CreateFailed {
            request: 8,
            problem: problem.clone(),
            limit: Some(5),
        },
        t(10, 1),
    );
    assert_eq!(state.create.in_flight, None);
    assert_eq!(state.create.problem, problem);
    assert_eq!(state.code_limit, Some(5));
    assert_eq!(
        state.create.problem.general(&["title", "expired_at"]),
        problem.fields["limit"]
    );
}

#[test]
fn live_states_and_signing_out() {
    let mut state = listed();
    assert_eq!(state.live, LiveStatus::Connecting);
    state.apply(
        Event::Live(LiveEvent::Connected {
            socket_id: "1.2".into(),
        }),
        t(10, 0),
    );
    assert_eq!(state.live, LiveStatus::Connected);
    state.apply(
        Event::Live(LiveEvent::Disconnected {
            reason: "lost".into(),
            retry_in: std::time::Duration::from_secs(4),
        }),
        t(10, 0),
    );
    assert_eq!(
        state.live,
        LiveStatus::Reconnecting {
            at: t(10, 0) + TimeDelta::seconds(4),
            reason: "lost".into()
        }
    );
    state.apply(Event::Live(LiveEvent::Connecting { attempt: 2 }), t(10, 0));
    assert!(
        matches!(state.live, LiveStatus::Reconnecting { .. }),
        "still says why it reconnects"
    );

    state.apply(
        Event::SignedOut {
            reason: Some(SignOutReason::SessionEnded),
        },
        t(10, 1),
    );
    assert!(!state.is_signed_in());
    assert_eq!(state.code_count(), 0);
    assert_eq!(state.sign_in.notice, Some(SignOutReason::SessionEnded));
}

mod answers;

#[test]
fn an_intercom_sent_without_a_title_is_named_by_its_number_listed_or_pushed() {
    let mut state = AppState::new();
    state.apply(
        Event::SignedIn {
            user: user(),
            server: "http://x".into(),
        },
        t(10, 0),
    );
    state.apply(
        Event::Synced {
            intercoms: vec![intercom(1, ""), intercom(2, "Gate")],
            codes: vec![untitled_door(code(10, 1, "Alice", "11111", t(12, 0)))],
            at: t(10, 0),
        },
        t(10, 0),
    );
    let title = |state: &AppState, id| state.intercom(id).map(|i| i.title.clone());
    assert_eq!(title(&state, 1).as_deref(), Some("Intercom 1"));
    let door_of = |state: &AppState, id| {
        state
            .code(id)
            .and_then(|code| code.intercom.as_ref())
            .map(|door| door.title.clone())
    };
    assert_eq!(
        door_of(&state, 10).as_deref(),
        Some("Intercom 1"),
        "the code's door too"
    );
    assert_eq!(
        title(&state, 2).as_deref(),
        Some("Gate"),
        "a name sent stays"
    );
    state.apply(
        Event::Live(LiveEvent::Push(Push::IntercomUpdated {
            intercom: Box::new(intercom(7, "  ")),
        })),
        t(10, 1),
    );
    assert_eq!(title(&state, 7).as_deref(), Some("Intercom 7"));
    state.apply(
        Event::Live(LiveEvent::Push(Push::CodeCreated {
            code: Box::new(untitled_door(code(11, 7, "Bob", "22222", t(12, 0)))),
        })),
        t(10, 2),
    );
    assert_eq!(door_of(&state, 11).as_deref(), Some("Intercom 7"), "pushed");
}

/// `code` as a server sends it when its door has no title.
fn untitled_door(mut code: Code) -> Code {
    if let Some(door) = code.intercom.as_mut() {
        door.title.clear();
    }
    code
}
