//! What each observation writes, and what it must not write twice.

use chrono::{TimeDelta, TimeZone as _, Utc};

use super::*;
use aipix_client::api::IntercomBrief;
use aipix_client::live::Push;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 5, 1, 9, 0, 0)
        .single()
        .expect("time")
}

fn code(id: u64, intercom: u64) -> Code {
    Code {
        id,
        title: format!("Visitor {id}"),
        code: Some(format!("{:05}", id * 7)),
        expired_at: t0() + TimeDelta::hours(2),
        is_expired: Some(false),
        will_deleted_at: None,
        created_at: Some(t0()),
        intercom: Some(IntercomBrief {
            id: intercom,
            title: format!("Gate {intercom}"),
            is_online: Some(true),
            department: None,
            address: String::new(),
        }),
    }
}

fn intercom(id: u64, online: bool) -> Intercom {
    Intercom {
        id,
        title: format!("Gate {id}"),
        is_online: Some(online),
        is_enabled: Some(true),
        department: None,
        address: String::new(),
        status: Some("confirmed".into()),
        created_at: None,
        updated_at: None,
        is_open_door_app: None,
        is_open_door_code: None,
    }
}

fn recorder() -> Recorder {
    Recorder::new(
        Desk {
            device_id: "device-1".into(),
            os_user: "anna".into(),
            command_line: false,
            session_lines: crate::journal::SessionLines::All,
        },
        "demo".into(),
        Snapshot::default(),
    )
}

fn observe(recorder: &mut Recorder, at: DateTime<Utc>, what: What) -> Batch {
    recorder.observe(Observation { at, what })
}

fn kinds(batch: &Batch) -> Vec<(Kind, Origin, Outcome)> {
    batch
        .entries
        .iter()
        .map(|entry| (entry.kind, entry.origin, entry.outcome))
        .collect()
}

fn listing(
    recorder: &mut Recorder,
    at: DateTime<Utc>,
    intercoms: &[Intercom],
    codes: &[Code],
) -> Batch {
    observe(
        recorder,
        at,
        What::Listing {
            intercoms: intercoms.to_vec(),
            codes: codes.to_vec(),
            started: at,
        },
    )
}

#[test]
fn the_first_listing_only_learns_and_the_next_tells_what_changed() {
    let mut recorder = recorder();
    let first = listing(
        &mut recorder,
        t0(),
        &[intercom(1, true), intercom(2, true)],
        &[code(10, 1), code(11, 2)],
    );
    assert!(first.entries.is_empty(), "{:?}", first.entries);
    assert!(first.changes.contains(&Change::Listed));
    let learned = first
        .changes
        .iter()
        .filter(|change| matches!(change, Change::Code(_)))
        .count();
    assert_eq!(learned, 2);

    let next = listing(
        &mut recorder,
        t0() + TimeDelta::minutes(5),
        &[intercom(1, false), intercom(2, true)],
        &[code(11, 2), code(12, 1)],
    );
    let mut seen = kinds(&next);
    seen.sort_by_key(|(kind, ..)| kind.as_str());
    assert_eq!(
        seen,
        vec![
            (Kind::CodeCreated, Origin::Listing, Outcome::Ok),
            (Kind::CodeRevoked, Origin::Listing, Outcome::Ok),
            (Kind::IntercomOffline, Origin::Listing, Outcome::Ok),
        ]
    );
    let revoked = next
        .entries
        .iter()
        .find(|entry| entry.kind == Kind::CodeRevoked)
        .expect("revoked");
    assert_eq!(revoked.code_id, Some(10));
    assert_eq!(revoked.title, "Visitor 10");
    assert_eq!(revoked.intercom, "Gate 1");
    assert_eq!(revoked.device_id, "device-1");
    assert_eq!(revoked.os_user, "anna");
    assert_eq!(revoked.login, "demo");
    assert!(next.changes.contains(&Change::CodeGone(10)));
}

#[test]
fn a_code_gone_after_its_removal_time_was_removed_not_revoked() {
    let mut recorder = recorder();
    listing(&mut recorder, t0(), &[intercom(1, true)], &[code(10, 1)]);
    // Expired at t0 + 2 h, removed a day later.
    let later = t0() + TimeDelta::hours(27);
    let batch = listing(&mut recorder, later, &[intercom(1, true)], &[]);
    assert_eq!(
        kinds(&batch),
        vec![(Kind::CodeRemoved, Origin::Listing, Outcome::Ok)]
    );
}

#[test]
fn what_this_desk_did_is_written_once_however_it_comes_back() {
    let mut recorder = recorder();
    listing(&mut recorder, t0(), &[intercom(1, true)], &[]);
    let at = t0() + TimeDelta::minutes(1);
    observe(
        &mut recorder,
        at,
        What::CreateAttempt {
            request: 7,
            intercom: 1,
            title: "Visitor 20".into(),
            expires_at: code(20, 1).expired_at,
        },
    );
    let created = observe(
        &mut recorder,
        at,
        What::Created {
            request: 7,
            code: code(20, 1),
        },
    );
    assert_eq!(
        kinds(&created),
        vec![(Kind::CodeCreated, Origin::Desk, Outcome::Ok)]
    );
    assert_eq!(Some(created.entries[0].code.clone()), code(20, 1).code);
    // The same code pushed, or listed, is nothing new.
    let pushed = observe(
        &mut recorder,
        at,
        What::Push(Push::CodeCreated {
            code: Box::new(code(20, 1)),
        }),
    );
    assert!(pushed.entries.is_empty());
    let listed = listing(
        &mut recorder,
        at + TimeDelta::minutes(1),
        &[intercom(1, true)],
        &[code(20, 1)],
    );
    assert!(listed.entries.is_empty());

    let revoked = observe(&mut recorder, at, What::Revoked { ids: vec![20] });
    assert_eq!(
        kinds(&revoked),
        vec![(Kind::CodeRevoked, Origin::Desk, Outcome::Ok)]
    );
    assert_eq!(
        revoked.entries[0].title, "Visitor 20",
        "named from what was known"
    );
    let echoed = observe(
        &mut recorder,
        at,
        What::Push(Push::CodesDeleted { ids: vec![20] }),
    );
    assert!(echoed.entries.is_empty());
}

#[test]
fn a_listing_that_began_before_a_change_here_does_not_undo_it() {
    let mut recorder = recorder();
    listing(&mut recorder, t0(), &[intercom(1, true)], &[code(10, 1)]);
    let began = t0() + TimeDelta::minutes(1);
    let revoked_at = began + TimeDelta::seconds(1);
    observe(&mut recorder, revoked_at, What::Revoked { ids: vec![10] });
    observe(
        &mut recorder,
        revoked_at,
        What::Created {
            request: 1,
            code: code(11, 1),
        },
    );
    // The listing still shows 10 and not yet 11: neither a "made elsewhere" nor a "revoked elsewhere".
    let stale = observe(
        &mut recorder,
        began + TimeDelta::seconds(2),
        What::Listing {
            intercoms: vec![intercom(1, true)],
            codes: vec![code(10, 1)],
            started: began,
        },
    );
    assert!(stale.entries.is_empty(), "{:?}", stale.entries);
}

#[test]
fn a_failed_create_names_what_was_tried_and_the_servers_answer() {
    let mut recorder = recorder();
    listing(&mut recorder, t0(), &[intercom(1, true)], &[]);
    observe(
        &mut recorder,
        t0(),
        What::CreateAttempt {
            request: 3,
            intercom: 1,
            title: "Plumber".into(),
            expires_at: t0() + TimeDelta::hours(1),
        },
    );
    let failed = observe(
        &mut recorder,
        t0(),
        What::CreateFailed {
            request: 3,
            reason: "The code limit is reached.".into(),
        },
    );
    let entry = &failed.entries[0];
    assert_eq!(
        (entry.kind, entry.outcome),
        (Kind::CodeCreated, Outcome::Failed)
    );
    assert_eq!(entry.title, "Plumber");
    assert_eq!(entry.intercom, "Gate 1");
    assert_eq!(entry.detail, "The code limit is reached.");
}

#[test]
fn pushes_from_other_desks_and_intercoms_going_offline() {
    let mut recorder = recorder();
    listing(&mut recorder, t0(), &[intercom(1, true)], &[code(10, 1)]);
    let made = observe(
        &mut recorder,
        t0(),
        What::Push(Push::CodeCreated {
            code: Box::new(code(30, 1)),
        }),
    );
    assert_eq!(
        kinds(&made),
        vec![(Kind::CodeCreated, Origin::Push, Outcome::Ok)]
    );
    let gone = observe(
        &mut recorder,
        t0(),
        What::Push(Push::CodesDeleted { ids: vec![10, 99] }),
    );
    assert_eq!(
        kinds(&gone),
        vec![
            (Kind::CodeRevoked, Origin::Push, Outcome::Ok),
            (Kind::CodeRevoked, Origin::Push, Outcome::Ok)
        ]
    );
    assert_eq!(
        gone.entries[1].code_id,
        Some(99),
        "an unknown code is named by its id"
    );
    let offline = observe(
        &mut recorder,
        t0(),
        What::Push(Push::IntercomUpdated {
            intercom: Box::new(intercom(1, false)),
        }),
    );
    assert_eq!(
        kinds(&offline),
        vec![(Kind::IntercomOffline, Origin::Push, Outcome::Ok)]
    );
    // The listing after it agrees: nothing more.
    let agreed = listing(
        &mut recorder,
        t0() + TimeDelta::minutes(1),
        &[intercom(1, false)],
        &[code(30, 1)],
    );
    assert!(agreed.entries.is_empty(), "{:?}", agreed.entries);
}

#[test]
fn a_live_gap_runs_from_the_break_to_the_reconnection() {
    let mut recorder = recorder();
    assert!(
        observe(&mut recorder, t0(), What::LiveUp)
            .entries
            .is_empty()
    );
    let down = t0() + TimeDelta::minutes(1);
    observe(
        &mut recorder,
        down,
        What::LiveDown {
            reason: "closed".into(),
        },
    );
    // A failed retry does not move the start.
    observe(
        &mut recorder,
        down + TimeDelta::seconds(5),
        What::LiveDown {
            reason: "refused".into(),
        },
    );
    let up = down + TimeDelta::seconds(30);
    let gap = observe(&mut recorder, up, What::LiveUp);
    assert_eq!(gap.entries.len(), 1);
    let entry = &gap.entries[0];
    assert_eq!(entry.kind, Kind::LiveGap);
    assert_eq!((entry.at, entry.until), (down, Some(up)));
    assert_eq!(entry.detail, "closed");
}

#[test]
fn sign_in_failures_and_ends_of_sessions() {
    let mut recorder = recorder();
    observe(
        &mut recorder,
        t0(),
        What::SignInAttempt {
            login: "bob".into(),
        },
    );
    let failed = observe(
        &mut recorder,
        t0(),
        What::SignInFailed {
            reason: "Wrong password".into(),
        },
    );
    assert_eq!(
        kinds(&failed),
        vec![(Kind::SignIn, Origin::Desk, Outcome::Failed)]
    );
    assert_eq!(failed.entries[0].login, "bob");
    let ended = observe(
        &mut recorder,
        t0(),
        What::SignedOut {
            reason: Some("Your session has ended.".into()),
        },
    );
    assert_eq!(
        kinds(&ended),
        vec![(Kind::SessionEnded, Origin::Desk, Outcome::Ok)]
    );
    let out = observe(&mut recorder, t0(), What::SignedOut { reason: None });
    assert_eq!(
        kinds(&out),
        vec![(Kind::SignOut, Origin::Desk, Outcome::Ok)]
    );
}

#[test]
fn a_call_that_stopped_ringing_is_one_line_that_says_how_it_ended() {
    let mut recorder = recorder();
    let call = |id: u64, status: &str| {
        What::Push(Push::CallStored {
            call: Box::new(aipix_client::api::IntercomCall {
                id,
                status: Some(status.into()),
                call_type: Some("call".into()),
                mark_type: None,
                created_at: Some(t0()),
                started_at: None,
                ended_at: None,
                intercom: Some(intercom(3, true)),
            }),
        })
    };
    let cancel = |id: &str| {
        What::Push(Push::CallCancelled {
            call_id: Some(id.into()),
        })
    };
    // As the server sends a missed call: the ringing stops, then the call as it is.
    let mut lines = Vec::new();
    for what in [
        cancel("41"),
        call(41, "missed"),
        cancel("42"),
        call(42, "answered"),
    ] {
        lines.extend(observe(&mut recorder, t0(), what).entries);
    }
    let details: Vec<&str> = lines.iter().map(|entry| entry.detail.as_str()).collect();
    assert_eq!(
        details,
        [
            "Intercom call 41: Missed",
            "Intercom call 42: answered at another device"
        ]
    );
    // A call that rings and is answered without a cancel in between: its state, in words.
    let ringing = observe(&mut recorder, t0(), call(43, "ring"));
    assert_eq!(ringing.entries[0].detail, "Intercom call 43: Ringing");
}

#[test]
fn what_the_live_channel_says_beside_codes_is_journalled_as_seen() {
    let mut recorder = recorder();
    let call = aipix_client::api::IntercomCall {
        id: 31,
        status: Some("missed".into()),
        call_type: Some("call".into()),
        mark_type: None,
        created_at: Some(t0()),
        started_at: None,
        ended_at: None,
        intercom: Some(intercom(3, true)),
    };
    let pushes = [
        Push::CallStored {
            call: Box::new(call),
        },
        Push::CallsDeleted { ids: vec![31, 32] },
        // Without an id, nothing follows to say how it ended: its own line.
        Push::CallCancelled { call_id: None },
        Push::IntercomFailed {
            kind: "intercom.key_error".into(),
            error: "The key is wrong".into(),
        },
        Push::PermissionsUpdated,
        Push::Unreadable {
            kind: "intercom.code.store".into(),
            reason: "no intercom_code".into(),
        },
    ];
    for push in pushes {
        let batch = observe(&mut recorder, t0(), What::Push(push.clone()));
        assert_eq!(
            kinds(&batch),
            vec![(Kind::LiveNotice, Origin::Push, Outcome::Ok)],
            "{push:?}"
        );
        assert!(!batch.entries[0].detail.is_empty(), "{push:?}");
        assert!(batch.changes.is_empty(), "{push:?}");
    }
    let call = observe(
        &mut recorder,
        t0(),
        What::Push(Push::CallsDeleted { ids: vec![7] }),
    );
    assert!(call.entries[0].detail.contains('7'));
    // The sign-out that follows a logout is its line; the push itself adds none.
    let logout = observe(
        &mut recorder,
        t0(),
        What::Push(Push::Logout {
            subject: Some("Session completed".into()),
        }),
    );
    assert!(logout.entries.is_empty());
}

#[test]
fn a_push_the_desk_has_no_use_for_is_journalled_once_an_hour_per_kind() {
    let mut recorder = recorder();
    let unknown = |kind: &str| {
        What::Push(Push::Unknown {
            kind: kind.into(),
            data: serde_json::json!({"id": 1}),
        })
    };
    let motion = "analytic_case_motion_detect_event_created";
    let first = observe(&mut recorder, t0(), unknown(motion));
    assert_eq!(
        kinds(&first),
        vec![(Kind::LiveNotice, Origin::Push, Outcome::Ok)]
    );
    assert!(first.entries[0].detail.contains(motion));
    for minute in 1..60 {
        let again = observe(
            &mut recorder,
            t0() + TimeDelta::minutes(minute),
            unknown(motion),
        );
        assert!(again.entries.is_empty(), "minute {minute}");
    }
    assert_eq!(
        observe(
            &mut recorder,
            t0() + TimeDelta::minutes(5),
            unknown("cameras_updated")
        )
        .entries
        .len(),
        1,
        "another kind has its own hour"
    );
    assert_eq!(
        observe(
            &mut recorder,
            t0() + TimeDelta::minutes(61),
            unknown(motion)
        )
        .entries
        .len(),
        1
    );
}

#[test]
fn this_desks_code_pushed_back_before_its_answer_is_written_once_as_this_desks() {
    let mut recorder = recorder();
    listing(&mut recorder, t0(), &[intercom(1, true)], &[]);
    let made = code(20, 1);
    observe(
        &mut recorder,
        t0(),
        What::CreateAttempt {
            request: 7,
            intercom: 1,
            title: made.title.clone(),
            expires_at: made.expired_at,
        },
    );
    // The push overtakes the answer (a server that does not leave the maker out).
    let pushed = observe(
        &mut recorder,
        t0(),
        What::Push(Push::CodeCreated {
            code: Box::new(made.clone()),
        }),
    );
    assert!(pushed.entries.is_empty(), "{:?}", kinds(&pushed));
    let answered = observe(
        &mut recorder,
        t0(),
        What::Created {
            request: 7,
            code: made.clone(),
        },
    );
    assert_eq!(
        kinds(&answered),
        vec![(Kind::CodeCreated, Origin::Desk, Outcome::Ok)]
    );
    // Another desk's code for the same door, made meanwhile, is still another desk's.
    observe(
        &mut recorder,
        t0(),
        What::CreateAttempt {
            request: 8,
            intercom: 1,
            title: "Someone else".into(),
            expires_at: made.expired_at,
        },
    );
    let theirs = observe(
        &mut recorder,
        t0(),
        What::Push(Push::CodeCreated {
            code: Box::new(code(21, 1)),
        }),
    );
    assert_eq!(
        kinds(&theirs),
        vec![(Kind::CodeCreated, Origin::Push, Outcome::Ok)]
    );
}
