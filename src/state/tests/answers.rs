//! The state's answers to extensions, refusals and what the settings keep: the panel of the code just made, the
//! keyboard moved to the field a refusal is about, the form offered the account used last.

use super::*;

fn extend_sent(state: &mut AppState) {
    state.sent(&Command::Extend {
        request: 9,
        old: 10,
        intercom: 1,
        title: "Alice".into(),
        expires_at: t(16, 0),
        revoke_first: false,
    });
    assert_eq!(state.extend.in_flight, Some((9, 10)));
}

#[test]
fn an_extension_shows_the_new_code_and_drops_the_old_one() {
    let mut state = listed();
    extend_sent(&mut state);
    let effects = state.apply(
        Event::Extended {
            request: 9,
            code: code(70, 1, "Alice", "77777", t(16, 0)),
            old: 10,
            old_revoke: Ok(()),
        },
        t(10, 5),
    );
    assert_eq!(state.extend, ExtendStatus::default());
    assert_eq!(state.create.created.as_ref().map(|c| c.id), Some(70));
    assert!(effects.ui.contains(&UiEffect::Copy("77777".into())));
    assert!(state.code(10).is_none() && state.code(70).is_some());
    assert_eq!(
        effects.notices().last().map(|n| n.kind),
        Some(NoticeKind::Info)
    );
}

#[test]
fn an_extension_whose_revoke_failed_keeps_both_and_says_so() {
    let mut state = listed();
    extend_sent(&mut state);
    let effects = state.apply(
        Event::Extended {
            request: 9,
            code: code(70, 1, "Alice", "77777", t(16, 0)),
            old: 10,
            old_revoke: Err(Problem::failure(Failure::ServerFault {
                status: 500,
                detail: String::new(),
            })),
        },
        t(10, 5),
    );
    assert!(state.code(10).is_some() && state.code(70).is_some());
    let notice = effects.notices().last().expect("a notice");
    assert_eq!(notice.kind, NoticeKind::Error);
    assert!(
        notice.text.contains("11111") && notice.text.contains("77777"),
        "{}",
        notice.text
    );
    // The panel keeps saying so while the old code is listed.
    assert_eq!(state.create.replaces, Some(10));
}

#[test]
fn an_extended_code_starts_the_panel_afresh() {
    let mut state = listed();
    // The panel showed a code that was then revoked here.
    state.create.created = state.code(10).cloned();
    state.create.ended = Some(CodeEnd::Revoked {
        at: t(10, 1),
        here: true,
    });
    extend_sent(&mut state);
    state.apply(
        Event::Extended {
            request: 9,
            code: code(70, 1, "Alice", "77777", t(16, 0)),
            old: 10,
            old_revoke: Ok(()),
        },
        t(10, 5),
    );
    assert_eq!(state.create.ended, None, "nothing of the code shown before");
    assert_eq!(state.create.created_at, Some(t(10, 5)));
    assert_eq!(state.create.replaces, Some(10));
    // Revoked at another desk later: the panel says when, for this code.
    state.apply(
        Event::Live(aipix_client::live::LiveEvent::Push(
            aipix_client::live::Push::CodesDeleted { ids: vec![70] },
        )),
        t(10, 9),
    );
    assert_eq!(
        state.created_life(t(10, 10)).map(|(_, life)| life),
        Some(CodeLife::Revoked {
            at: t(10, 9),
            here: false
        })
    );
}

#[test]
fn a_failed_extension_on_a_full_account_offers_to_revoke_first() {
    let mut state = listed();
    extend_sent(&mut state);
    state.apply(
        Event::ExtendFailed {
            request: 9,
            old: 10,
            problem: Problem::failure(Failure::Refused {
                reasons: vec!["You can have no more than 3 visitor codes at a time.".into()],
            }),
            limit: Some(3),
            old_revoked: false,
        },
        t(10, 5),
    );
    assert_eq!(state.extend.in_flight, None);
    assert!(state.extend.account_full);
    assert!(state.code(10).is_some(), "the old code still works");
    assert_eq!(state.code_limit, Some(3));

    // Revoked first, then the create failed: the old code is gone and the user is told.
    extend_sent(&mut state);
    let effects = state.apply(
        Event::ExtendFailed {
            request: 9,
            old: 10,
            problem: Problem::failure(Failure::ServerFault {
                status: 500,
                detail: String::new(),
            }),
            limit: None,
            old_revoked: true,
        },
        t(10, 6),
    );
    assert!(state.code(10).is_none());
    assert!(!state.extend.account_full);
    let notice = effects.notices().last().expect("a notice");
    assert_eq!(notice.kind, NoticeKind::Error);
    assert!(notice.text.contains("11111"), "{}", notice.text);
}

fn focus(effects: &Effects) -> Vec<Field> {
    effects
        .ui
        .iter()
        .filter_map(|effect| match effect {
            UiEffect::Focus(field) => Some(*field),
            _ => None,
        })
        .collect()
}

#[test]
fn a_refused_sign_in_moves_the_keyboard_to_the_field_it_is_about() {
    let refused = |problem: Problem, captcha: bool| {
        let mut state = AppState::new();
        state.sign_in.captcha_required = captcha;
        focus(&state.apply(
            Event::SignInFailed(SignInFailure::Refused(problem)),
            t(10, 0),
        ))
    };
    let at = |field: &str| Problem::at_field(field, Failure::Forbidden);
    assert_eq!(
        refused(at("server"), false),
        [Field::SignIn(SignInField::Server)]
    );
    assert_eq!(
        refused(at("captcha"), false),
        [Field::SignIn(SignInField::Captcha)]
    );
    assert_eq!(
        refused(Problem::default(), true),
        [Field::SignIn(SignInField::Captcha)],
        "a captcha asked for"
    );
    assert_eq!(
        refused(at("password"), false),
        [Field::SignIn(SignInField::Password)]
    );
    // Each refusal says so once: a second one moves the keyboard again, an unrelated event does not.
    let mut state = AppState::new();
    for _ in 0..2 {
        let effects = state.apply(
            Event::SignInFailed(SignInFailure::Refused(at("login"))),
            t(10, 0),
        );
        assert_eq!(focus(&effects), [Field::SignIn(SignInField::Password)]);
    }
    let effects = state.apply(Event::NotResumed { reason: None }, t(10, 0));
    assert!(focus(&effects).is_empty());
}

#[test]
fn a_refused_create_moves_the_keyboard_to_its_field_and_only_for_its_own_request() {
    let mut state = listed();
    let refused = |state: &mut AppState, request, field: Option<&str>| {
        let mut problem = Problem::default();
        if let Some(field) = field {
            problem.fields.insert(field.into(), vec!["wrong".into()]);
        }
        focus(&state.apply(
            Event::CreateFailed {
                request,
                problem,
                limit: None,
            },
            t(10, 1),
        ))
    };
    let sent = |state: &mut AppState, request| {
        state.sent(&Command::CreateCode {
            request,
            intercom: 1,
            title: "Ida".into(),
            expires_at: t(14, 0),
        })
    };
    sent(&mut state, 1);
    assert_eq!(
        refused(&mut state, 1, Some("expired_at")),
        [Field::NewCode(CodeField::Expiry)]
    );
    sent(&mut state, 2);
    assert_eq!(
        refused(&mut state, 2, Some("intercom")),
        [Field::NewCode(CodeField::Intercom)]
    );
    sent(&mut state, 3);
    assert_eq!(
        refused(&mut state, 3, None),
        [Field::NewCode(CodeField::Title)],
        "about no field: the title"
    );
    assert!(
        refused(&mut state, 99, Some("title")).is_empty(),
        "not the form's request"
    );
}

#[test]
fn the_first_listing_of_a_session_opens_on_the_intercom_looked_at_last() {
    let remembered = |last_intercom| {
        Event::remembered(&crate::settings::Settings {
            last_intercom,
            ..crate::settings::Settings::default()
        })
    };
    let listing = |at| Event::Synced {
        intercoms: vec![intercom(1, "Main"), intercom(2, "Gate")],
        codes: Vec::new(),
        at,
    };
    let mut state = AppState::new();
    assert!(state.apply(remembered(Some(2)), t(9, 0)).ui.is_empty());
    state.apply(
        Event::SignedIn {
            user: user(),
            server: "http://x".into(),
        },
        t(10, 0),
    );
    let first = state.apply(listing(t(10, 0)), t(10, 0));
    assert_eq!(first.ui, [UiEffect::OpenIntercom(2)]);
    let second = state.apply(listing(t(10, 5)), t(10, 5));
    assert!(second.ui.is_empty(), "once a session: {second:?}");

    // An intercom no longer listed is not opened on.
    let mut state = AppState::new();
    state.apply(remembered(Some(7)), t(9, 0));
    let first = state.apply(listing(t(10, 0)), t(10, 0));
    assert!(first.ui.is_empty(), "{first:?}");
}

#[test]
fn the_sign_in_form_is_offered_the_account_used_last_while_no_one_is_signed_in() {
    let profile = Profile {
        name: "demo@x".into(),
        server: "http://x".into(),
        login: "demo".into(),
        ..Profile::default()
    };
    let remembered = Event::remembered(&crate::settings::Settings {
        profiles: vec![profile.clone()],
        last_profile: Some(profile.name.clone()),
        ..crate::settings::Settings::default()
    });
    let mut state = AppState::new();
    let effects = state.apply(remembered.clone(), t(9, 0));
    assert_eq!(effects.ui, [UiEffect::Prefill(Box::new(profile.clone()))]);
    state.apply(
        Event::SignedIn {
            user: user(),
            server: "http://x".into(),
        },
        t(10, 0),
    );
    assert!(state.apply(remembered, t(10, 1)).ui.is_empty());
    let effects = state.apply(Event::SignedOut { reason: None }, t(10, 2));
    assert_eq!(effects.ui, [UiEffect::Prefill(Box::new(profile))]);
}
