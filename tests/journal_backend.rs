//! Every kind of journal line, recorded by the real backend against the simulator: what this desk did (with the
//! server's answer), what it saw other desks do (live and in listings), intercoms going offline and online, a
//! break of the live channel; read back through the backend (pages, a code's story, an export) and from the file.

mod common;

use std::sync::Arc;
use std::time::Duration;

use aipix_client::api::{Code, Intercom};
use aipix_client::live::{LiveEvent, Push};
use aipix_sim::testing::start_on_loopback;
use aipix_sim::{SimConfig, SimHandle};
use chrono::{TimeDelta, Utc};
use common::events::{journal_when, wait_for};
use common::fakes::ChosenPath;
use visitor_desk::backend::{Backend, BackendConfig};
use visitor_desk::journal::{
    self, Answer, Entry, ExportFormat, ExportSource, Filter, JournalSetup, Kind, Origin, Outcome,
    Request,
};
use visitor_desk::messages::{Command, Event, SignInRequest};

fn kinds(entries: &[Entry]) -> Vec<(Kind, Origin, Outcome)> {
    entries
        .iter()
        .map(|entry| (entry.kind, entry.origin, entry.outcome))
        .collect()
}

/// Signs the demo account out and answers its whole journal file once the sign-out is its last line.
fn sign_out_and_read_journal(
    backend: &mut Backend,
    data: &std::path::Path,
    server: &str,
) -> Vec<Entry> {
    backend.send(Command::SignOut);
    wait_for(backend, "the sign-out", |e| {
        matches!(e, Event::SignedOut { .. }).then_some(())
    });
    let file = journal::file_path(&data.join("journal"), &format!("{server}/"), "demo");
    journal_when(backend, &file, &mut Vec::new(), |all| {
        all.last().is_some_and(|e| e.kind == Kind::SignOut)
    })
}

fn sign_in(server: &str, password: &str) -> Command {
    Command::SignIn(SignInRequest {
        server: server.to_owned(),
        login: "demo".into(),
        password: password.into(),
        ..SignInRequest::default()
    })
}

/// A refused sign-in, then one accepted: the intercoms of the first listing, once the live channel is up too.
/// The intercoms of the first listing after a sign-in, once the live channel is up too (in whichever order they
/// come).
fn signed_in_and_live(backend: &mut Backend) -> Vec<Intercom> {
    let (mut listed, mut connected) = (None, false);
    while listed.is_none() || !connected {
        wait_for(
            backend,
            "the first listing and the live channel",
            |e| match e {
                Event::Synced { intercoms, .. } => {
                    listed = Some(intercoms.clone());
                    Some(())
                }
                Event::Live(LiveEvent::Connected { .. }) => {
                    connected = true;
                    Some(())
                }
                _ => None,
            },
        );
    }
    listed.unwrap_or_default()
}

fn signed_in_after_a_refusal(backend: &mut Backend, server: &str) -> Vec<Intercom> {
    // Sign-in: refused, then accepted.
    backend.send(sign_in(server, "wrong"));
    wait_for(backend, "the refusal", |e| {
        matches!(e, Event::SignInFailed(_)).then_some(())
    });
    backend.send(sign_in(server, "demo"));
    // The first listing and the live channel, in whichever order they come.
    signed_in_and_live(backend)
}

/// What this desk does, and the server's answers: a code made, one refused, the first revoked, a door opened and
/// one that does not open. Answers the code made.
fn this_desk_acts(backend: &mut Backend, confirmed: &Intercom, unconfirmed: &Intercom) -> Code {
    backend.send(Command::CreateCode {
        request: 1,
        intercom: confirmed.id,
        title: "Courier".into(),
        expires_at: Utc::now() + TimeDelta::hours(3),
    });
    let made: Code = wait_for(backend, "the new code", |e| match e {
        Event::CodeCreated { code, .. } => Some(code.clone()),
        _ => None,
    });
    backend.send(Command::CreateCode {
        request: 2,
        intercom: confirmed.id,
        title: "Too late".into(),
        expires_at: Utc::now() - TimeDelta::hours(1),
    });
    wait_for(backend, "the refused code", |e| {
        matches!(e, Event::CreateFailed { request: 2, .. }).then_some(())
    });
    backend.send(Command::RevokeCodes { ids: vec![made.id] });
    wait_for(backend, "the revocation", |e| {
        matches!(e, Event::CodesRevoked { .. }).then_some(())
    });
    backend.send(Command::OpenDoor {
        intercom: confirmed.id,
        call: None,
    });
    wait_for(backend, "the door", |e| {
        matches!(e, Event::DoorOpened { .. }).then_some(())
    });
    backend.send(Command::OpenDoor {
        intercom: unconfirmed.id,
        call: None,
    });
    wait_for(backend, "the door that does not open", |e| {
        matches!(e, Event::DoorFailed { .. }).then_some(())
    });
    made
}

/// Another desk of the account, seen live; changes nobody pushed, found by the next listing; a break of the live
/// channel. Answers the codes nobody pushed.
fn others_act_and_the_channel_breaks(
    backend: &mut Backend,
    sim: &SimHandle,
    confirmed: &Intercom,
) -> Vec<u64> {
    let other = sim
        .create_code(
            "demo",
            confirmed.id,
            "Plumber",
            Utc::now() + TimeDelta::hours(1),
        )
        .expect("another desk makes a code");
    let other_id = other["id"].as_u64().expect("id");
    wait_for(backend, "the push of the other desk's code", |e| {
        matches!(e, Event::Live(LiveEvent::Push(Push::CodeCreated { .. }))).then_some(())
    });
    assert_eq!(sim.delete_codes("demo", &[other_id]), 1);
    wait_for(backend, "the push of its revocation", |e| {
        matches!(e, Event::Live(LiveEvent::Push(Push::CodesDeleted { .. }))).then_some(())
    });
    sim.set_intercom_online("demo", confirmed.id, false, true)
        .expect("offline");
    wait_for(backend, "the intercom going offline", |e| {
        matches!(
            e,
            Event::Live(LiveEvent::Push(Push::IntercomUpdated { .. }))
        )
        .then_some(())
    });

    // Changes nobody pushed, found by the next listing.
    let unpushed = sim.insert_codes("demo", confirmed.id, 1, Utc::now() + TimeDelta::hours(5));
    sim.set_intercom_online("demo", confirmed.id, true, false)
        .expect("online");
    backend.send(Command::Refresh);
    wait_for(backend, "the next listing", |e| {
        matches!(e, Event::Synced { .. }).then_some(())
    });

    // A break of the live channel, from when to when.
    assert!(sim.drop_live_connections(4200, "server restart") > 0);
    wait_for(backend, "the break", |e| {
        matches!(e, Event::Live(LiveEvent::Disconnected { .. })).then_some(())
    });
    wait_for(backend, "the reconnection", |e| {
        matches!(e, Event::Live(LiveEvent::Connected { .. })).then_some(())
    });
    unpushed
}

/// The details of the entries read back: who did what, with what, and the server's answers.
fn entries_hold_the_details(
    entries: &[Entry],
    made: &Code,
    confirmed: &Intercom,
    unpushed: &[u64],
) {
    let by_kind = |kind, origin, outcome| {
        entries
            .iter()
            .find(|e| (e.kind, e.origin, e.outcome) == (kind, origin, outcome))
            .expect("entry")
    };
    assert!(
        !by_kind(Kind::SignIn, Origin::Desk, Outcome::Failed)
            .detail
            .is_empty()
    );
    let created = by_kind(Kind::CodeCreated, Origin::Desk, Outcome::Ok);
    assert_eq!(
        (
            created.code_id,
            created.code.as_str(),
            created.title.as_str()
        ),
        (
            Some(made.id),
            made.code_value().expect("the code"),
            "Courier"
        )
    );
    assert_eq!(created.intercom, confirmed.title);
    assert_eq!(created.expires_at, Some(made.expired_at));
    assert_eq!(created.device_id, "desk-device-1");
    assert_eq!(created.login, "demo");
    let refused = by_kind(Kind::CodeCreated, Origin::Desk, Outcome::Failed);
    assert_eq!(refused.title, "Too late");
    assert!(!refused.detail.is_empty(), "the server's answer is kept");
    assert_eq!(
        by_kind(Kind::CodeRevoked, Origin::Desk, Outcome::Ok).title,
        "Courier"
    );
    assert!(
        !by_kind(Kind::DoorOpened, Origin::Desk, Outcome::Failed)
            .detail
            .is_empty()
    );
    assert_eq!(
        by_kind(Kind::CodeRevoked, Origin::Push, Outcome::Ok).title,
        "Plumber"
    );
    assert_eq!(
        by_kind(Kind::CodeCreated, Origin::Listing, Outcome::Ok).code_id,
        unpushed.first().copied()
    );
    let gap = by_kind(Kind::LiveGap, Origin::Desk, Outcome::Ok);
    let until = gap.until.expect("the gap's end");
    assert!(gap.at < until, "{gap:?}");
    assert!(gap.detail.contains("server restart"), "{gap:?}");
}

/// The journal's first page as the History view asks for it, oldest first: every kind of line, each once.
fn every_kind_read_back(backend: &mut Backend) -> Vec<Entry> {
    backend.send(Command::Journal(Request::Page {
        view: 1,
        filter: Filter::default(),
        offset: 0,
        limit: 100,
        upto: None,
    }));
    let page = wait_for(backend, "a page", |e| match e {
        Event::Journal(Answer::Page(page)) if page.total >= 13 => Some(page.clone()),
        _ => None,
    });
    let mut entries = page.rows.clone();
    entries.reverse();
    assert_eq!(
        kinds(&entries),
        vec![
            (Kind::SignIn, Origin::Desk, Outcome::Failed),
            (Kind::SignIn, Origin::Desk, Outcome::Ok),
            (Kind::CodeCreated, Origin::Desk, Outcome::Ok),
            (Kind::CodeCreated, Origin::Desk, Outcome::Failed),
            (Kind::CodeRevoked, Origin::Desk, Outcome::Ok),
            (Kind::DoorOpened, Origin::Desk, Outcome::Ok),
            (Kind::DoorOpened, Origin::Desk, Outcome::Failed),
            (Kind::CodeCreated, Origin::Push, Outcome::Ok),
            (Kind::CodeRevoked, Origin::Push, Outcome::Ok),
            (Kind::IntercomOffline, Origin::Push, Outcome::Ok),
            (Kind::CodeCreated, Origin::Listing, Outcome::Ok),
            (Kind::IntercomOnline, Origin::Listing, Outcome::Ok),
            (Kind::LiveGap, Origin::Desk, Outcome::Ok),
        ],
        "{entries:#?}"
    );
    entries
}

/// The desk's door openings exported as CSV through the save dialog, into a file like any other.
fn doors_exported(backend: &mut Backend, export_path: &std::path::Path) {
    backend.send(Command::Journal(Request::Export {
        source: ExportSource::Journal {
            filter: Filter {
                kind: Some(Kind::DoorOpened),
                ..Filter::default()
            },
            account: None,
        },
        format: ExportFormat::Csv { bom: false },
    }));
    let (path, count) = wait_for(backend, "the export", |e| match e {
        Event::Journal(Answer::Exported { path, count, .. }) => Some((path.clone(), *count)),
        Event::Journal(Answer::ExportFailed { error }) => panic!("{error}"),
        _ => None,
    });
    assert_eq!((path, count), (export_path.to_path_buf(), 2));
    let mut reader = csv::Reader::from_path(export_path).expect("csv");
    assert_eq!(reader.records().count(), 2);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(export_path)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o777,
            0o644,
            "a saved file like any other, not a private temporary one"
        );
    }
}

#[test]
fn each_thing_done_and_seen_is_recorded_once_with_the_servers_answer() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let sim = runtime.block_on(start_on_loopback(SimConfig::default()));
    let data = tempfile::tempdir().expect("data");
    let export_path = data.path().join("export.csv");
    let config = BackendConfig {
        journal: Some(JournalSetup::new(
            data.path().join("journal"),
            "desk-device-1",
            400,
        )),
        save_dialog: Arc::new(ChosenPath::new(&export_path)),
        ..BackendConfig::new("desk-device-1")
    };
    let mut backend = Backend::start(runtime.handle(), config, Arc::new(|| {}));
    let intercoms = signed_in_after_a_refusal(&mut backend, &sim.base_url());
    let confirmed = intercoms
        .iter()
        .find(|i| i.is_confirmed() && i.is_online == Some(true))
        .expect("a usable intercom");
    let unconfirmed = intercoms
        .iter()
        .find(|i| !i.is_confirmed())
        .expect("an unconfirmed intercom");
    let made = this_desk_acts(&mut backend, confirmed, unconfirmed);
    let unpushed = others_act_and_the_channel_breaks(&mut backend, &sim, confirmed);
    // Read back through the backend, as the History view does.
    let entries = every_kind_read_back(&mut backend);
    entries_hold_the_details(&entries, &made, confirmed, &unpushed);
    // A code's story.
    backend.send(Command::Journal(Request::Story { code_id: made.id }));
    let story = wait_for(&mut backend, "the story", |e| match e {
        Event::Journal(Answer::Story(story)) => Some(story.clone()),
        _ => None,
    });
    assert_eq!(
        kinds(&story.entries),
        vec![
            (Kind::CodeCreated, Origin::Desk, Outcome::Ok),
            (Kind::CodeRevoked, Origin::Desk, Outcome::Ok)
        ]
    );

    // An export of what the view shows (only this desk's doings), through the save dialog.
    doors_exported(&mut backend, &export_path);

    // Signing out is the last line; the file holds everything.
    let all = sign_out_and_read_journal(&mut backend, data.path(), &sim.base_url());
    assert_eq!(all.len(), entries.len() + 1, "{:#?}", kinds(&all));
    assert_eq!(all.last().map(|e| e.kind), Some(Kind::SignOut));
    drop(backend);
    runtime.shutdown_timeout(Duration::from_secs(2));
}

/// A journal line as the extension test compares it: its code, what, whose, how it went, and the linked code.
type Line = (Option<u64>, Kind, Origin, Outcome, Option<u64>);

/// Four codes, each an extension of the one before: both steps working, the revoke failing (both codes work),
/// the create failing (nothing changes, no code), a full account revoking first as agreed.
fn extensions(backend: &mut Backend, sim: &SimHandle, intercom: u64) -> [Code; 4] {
    let extend = |request, old: u64, revoke_first| Command::Extend {
        request,
        old,
        intercom,
        title: "Anna".into(),
        expires_at: Utc::now() + TimeDelta::hours(6),
        revoke_first,
    };
    let answered = |backend: &mut Backend, request| {
        wait_for(backend, "the extension's answer", |e| match e {
            Event::Extended { request: r, .. } | Event::ExtendFailed { request: r, .. }
                if *r == request =>
            {
                Some(e.clone())
            }
            _ => None,
        })
    };

    backend.send(Command::CreateCode {
        request: 1,
        intercom,
        title: "Anna".into(),
        expires_at: Utc::now() + TimeDelta::hours(1),
    });
    let first: Code = wait_for(backend, "the first code", |e| match e {
        Event::CodeCreated { code, .. } => Some(code.clone()),
        _ => None,
    });

    // Both steps work: the new code made, the old one revoked.
    backend.send(extend(2, first.id, false));
    let Event::Extended { code: second, .. } = answered(backend, 2) else {
        panic!("extended");
    };
    // The revoke fails: both codes work.
    sim.fail_deletes(true);
    backend.send(extend(3, second.id, false));
    let Event::Extended { code: third, .. } = answered(backend, 3) else {
        panic!("extended");
    };
    sim.fail_deletes(false);
    // The create fails: nothing changes.
    sim.fail_creates(true);
    backend.send(extend(4, third.id, false));
    assert!(matches!(answered(backend, 4), Event::ExtendFailed { .. }));
    sim.fail_creates(false);
    // A full account, revoking first as agreed.
    sim.set_code_limit(sim.code_ids("demo").len());
    backend.send(extend(5, third.id, true));
    let Event::Extended { code: fourth, .. } = answered(backend, 5) else {
        panic!("extended");
    };
    [first, second, third, fourth]
}

/// A code's story follows the extension's link both ways.
fn story_follows_the_link(backend: &mut Backend, first: &Code, second: &Code) {
    backend.send(Command::Journal(Request::Story { code_id: first.id }));
    let story = wait_for(backend, "the story", |e| match e {
        Event::Journal(Answer::Story(story)) if story.code_id == first.id => Some(story.clone()),
        _ => None,
    });
    let lines: Vec<(Option<u64>, Kind, Outcome)> = story
        .entries
        .iter()
        .map(|e| (e.code_id, e.kind, e.outcome))
        .collect();
    assert_eq!(
        lines,
        vec![
            (Some(first.id), Kind::CodeCreated, Outcome::Ok),
            (Some(second.id), Kind::CodeCreated, Outcome::Ok),
            (Some(first.id), Kind::CodeRevoked, Outcome::Ok),
        ],
        "{:#?}",
        story.entries
    );
}

/// What the extension's lines say: which code each one extends or replaces, and the server's refusals.
fn extension_details(all: &[Entry], first: &Code, second: &Code, third: &Code) {
    let line = |code: Option<u64>, kind, outcome| {
        all.iter()
            .find(|e| e.code_id == code && e.kind == kind && e.outcome == outcome)
            .expect("the line")
    };
    let made = line(Some(second.id), Kind::CodeCreated, Outcome::Ok);
    assert_eq!(
        made.detail,
        format!(
            "Extension of code {}",
            first.code_value().expect("the code")
        )
    );
    assert_eq!(
        (made.code.as_str(), made.title.as_str()),
        (second.code_value().expect("the code"), "Anna")
    );
    let replaced = line(Some(first.id), Kind::CodeRevoked, Outcome::Ok);
    assert_eq!(
        replaced.detail,
        format!(
            "Replaced by code {}",
            second.code_value().expect("the code")
        )
    );
    let refused = line(None, Kind::CodeCreated, Outcome::Failed);
    assert_eq!(refused.title, "Anna");
    assert!(
        refused.detail.starts_with(&format!(
            "Extension of code {}: ",
            third.code_value().expect("the code")
        )),
        "{}",
        refused.detail
    );
    assert!(
        line(Some(second.id), Kind::CodeRevoked, Outcome::Failed)
            .detail
            .starts_with(&format!(
                "Replaced by code {}: ",
                third.code_value().expect("the code")
            ))
    );
}

#[test]
fn an_extension_is_recorded_once_with_the_link_between_its_two_codes() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let sim = runtime.block_on(start_on_loopback(SimConfig::default()));
    let data = tempfile::tempdir().expect("data");
    let config = BackendConfig {
        journal: Some(JournalSetup::new(
            data.path().join("journal"),
            "desk-device-1",
            400,
        )),
        ..BackendConfig::new("desk-device-1")
    };
    let mut backend = Backend::start(runtime.handle(), config, Arc::new(|| {}));
    backend.send(sign_in(&sim.base_url(), "demo"));
    let intercom = signed_in_and_live(&mut backend)
        .into_iter()
        .find(|i| i.is_confirmed())
        .expect("an intercom")
        .id;
    let [first, second, third, fourth] = extensions(&mut backend, &sim, intercom);

    // A code's story follows the link both ways.
    story_follows_the_link(&mut backend, &first, &second);

    let all = sign_out_and_read_journal(&mut backend, data.path(), &sim.base_url());
    let codes = [first.id, second.id, third.id, fourth.id];
    let extension_lines: Vec<Line> = all
        .iter()
        .filter(|e| {
            e.code_id.is_some_and(|id| codes.contains(&id))
                || e.related_code_id.is_some_and(|id| codes.contains(&id))
        })
        .map(|e| (e.code_id, e.kind, e.origin, e.outcome, e.related_code_id))
        .collect();
    // Each change once, as this desk's (the pushes of its own extends are not another desk's), linked.
    let desk = |code: Option<&Code>, kind, outcome, related: Option<&Code>| {
        (
            code.map(|c| c.id),
            kind,
            Origin::Desk,
            outcome,
            related.map(|c| c.id),
        )
    };
    let (made, revoked, ok, failed) = (
        Kind::CodeCreated,
        Kind::CodeRevoked,
        Outcome::Ok,
        Outcome::Failed,
    );
    assert_eq!(
        extension_lines,
        vec![
            desk(Some(&first), made, ok, None),
            desk(Some(&second), made, ok, Some(&first)),
            desk(Some(&first), revoked, ok, Some(&second)),
            desk(Some(&third), made, ok, Some(&second)),
            desk(Some(&second), revoked, failed, Some(&third)),
            desk(None, made, failed, Some(&third)),
            desk(Some(&third), revoked, ok, None),
            desk(Some(&fourth), made, ok, Some(&third)),
        ],
        "{all:#?}"
    );
    extension_details(&all, &first, &second, &third);
    drop(backend);
    runtime.shutdown_timeout(Duration::from_secs(2));
}
