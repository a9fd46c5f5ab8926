//! The journal's file: writing through its thread, reading pages and stories, retention, exports, the command.

use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeDelta, Utc};
use parking_lot::Mutex;

use super::observe::What;
use super::store::Batch;
use super::*;

fn setup(dir: &Path) -> JournalSetup {
    JournalSetup {
        dir: dir.to_owned(),
        keep: TimeDelta::days(400),
        desk: Desk {
            device_id: "device-1".into(),
            os_user: "anna".into(),
            command_line: false,
            session_lines: crate::journal::SessionLines::All,
        },
        clock: crate::clock::Clock::system(),
        language: crate::i18n::Language::default(),
    }
}

/// A journal whose answers are collected.
fn open(dir: &Path) -> (Journal, Arc<Mutex<Vec<Answer>>>) {
    let answers = Arc::new(Mutex::new(Vec::new()));
    let into = answers.clone();
    let sink: Sink = Arc::new(move |answer| into.lock().push(answer));
    let journal = Journal::open(&setup(dir), "http://127.0.0.1:1/", "demo", sink);
    (journal, answers)
}

fn wait_for<T>(answers: &Mutex<Vec<Answer>>, mut pick: impl FnMut(&Answer) -> Option<T>) -> T {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(found) = answers.lock().iter().find_map(&mut pick) {
            return found;
        }
        assert!(std::time::Instant::now() < deadline, "no such answer came");
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn entry(at: DateTime<Utc>, kind: Kind, origin: Origin, title: &str, code: &str) -> Entry {
    Entry {
        title: title.into(),
        code: code.into(),
        intercom_id: Some(1),
        intercom: "Gate".into(),
        code_id: Some(1000),
        ..Entry::new(at, kind, origin)
    }
}

fn write_entries(connection: &mut rusqlite::Connection, entries: Vec<Entry>) {
    let tx = connection.transaction().expect("tx");
    store::write(
        &tx,
        &Batch {
            entries,
            ..Batch::default()
        },
    )
    .expect("write");
    tx.commit().expect("commit");
}

#[test]
fn the_file_is_per_server_and_login_and_readable() {
    let dir = Path::new("/data");
    let a = file_path(dir, "https://vms.example.org/", "anna");
    let b = file_path(dir, "https://vms.example.org/", "bob");
    let c = file_path(dir, "http://vms.example.org/", "anna");
    assert_ne!(a, b);
    assert_ne!(a, c, "another scheme is another server");
    let name = a.file_name().and_then(|n| n.to_str()).expect("name");
    assert!(name.starts_with("anna@vms.example.org-"), "{name}");
    assert!(name.ends_with(".sqlite3"));
    let odd = file_path(dir, "https://host:8443/base/", "a/b\\c");
    assert_eq!(
        odd.parent(),
        Some(dir),
        "nothing escapes the folder: {odd:?}"
    );
}

#[test]
fn the_data_folder_can_be_moved_by_the_environment() {
    assert_eq!(
        dir_from(Some("/portable/data".into())),
        Some(PathBuf::from("/portable/data/journal"))
    );
    assert_ne!(dir_from(None), dir_from(Some("/portable/data".into())));
}

/// Fifty codes made here and elsewhere a minute apart from three days ago, a revoke, a door opened and a code made
/// from the command line at the first minute; answers that minute.
fn fifty_three_entries(connection: &mut rusqlite::Connection) -> DateTime<Utc> {
    let t0 = Utc::now() - TimeDelta::days(3);
    let mut entries = Vec::new();
    for n in 0..50 {
        let origin = if n % 2 == 0 {
            Origin::Desk
        } else {
            Origin::Push
        };
        entries.push(entry(
            t0 + TimeDelta::minutes(n),
            Kind::CodeCreated,
            origin,
            &format!("Visitor {n}"),
            &format!("{:05}", n),
        ));
    }
    entries.push(entry(
        t0,
        Kind::CodeRevoked,
        Origin::Desk,
        "Иван Петров",
        "55555",
    ));
    entries.push(entry(t0, Kind::DoorOpened, Origin::Desk, "100%_off", ""));
    // Made from the command line at this computer: this desk's too.
    entries.push(entry(
        t0,
        Kind::CodeCreated,
        Origin::CommandLine,
        "Scripted courier",
        "77777",
    ));
    write_entries(connection, entries);
    t0
}

#[test]
fn search_takes_yo_and_ye_and_case_alike_in_old_lines_too() {
    let dir = tempfile::tempdir().expect("dir");
    let mut connection = schema::open(&dir.path().join("j.sqlite3")).expect("open");
    let t0 = Utc::now() - TimeDelta::days(1);
    let line = |title: &str| entry(t0, Kind::CodeCreated, Origin::Desk, title, "12345");
    write_entries(
        &mut connection,
        vec![line("Фёдор Ёлкин"), line("ФЕДОР елкин"), line("Пётр")],
    );
    // A line written before the fold keeps its ё in the search column.
    connection
        .execute(
            "UPDATE entries SET search = 'пётр\n12345' WHERE title = 'Пётр'",
            [],
        )
        .expect("an old line");
    let found = |search: &str| {
        let filter = Filter {
            search: search.into(),
            ..Filter::default()
        };
        store::count(&connection, &filter, None).expect("count")
    };
    assert_eq!(found("федор"), 2);
    assert_eq!(found("ФЁДОР ЁЛКИН"), 2);
    assert_eq!(found("Елкин"), 2);
    assert_eq!(found("петр"), 1, "an old line with ё");
    assert_eq!(found("пётр"), 1);
}

#[test]
fn a_session_ended_here_is_found_by_its_id_while_it_is_recent() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("j.sqlite3");
    let mut connection = schema::open(&path).expect("open");
    let at = Utc::now();
    let tx = connection.transaction().expect("tx");
    store::write(
        &tx,
        &Batch {
            changes: vec![store::Change::EndingSession {
                id: "c862e3c5aa".into(),
                at,
                origin: Origin::CommandLine,
            }],
            ..Batch::default()
        },
    )
    .expect("write");
    tx.commit().expect("commit");
    drop(connection);
    let found = |id: &str, since| session_ended_here(&path, id, since);
    let ended = found("c862e3c5aa", at - TimeDelta::minutes(2)).expect("found");
    assert_eq!(ended.1, Origin::CommandLine);
    assert_eq!(ended.0.timestamp_millis(), at.timestamp_millis());
    assert_eq!(
        found("c862e3c5", at - TimeDelta::minutes(2)),
        None,
        "the whole id"
    );
    assert_eq!(
        found("c862e3c5aa", at + TimeDelta::seconds(1)),
        None,
        "an old one"
    );
    assert_eq!(
        session_ended_here(&dir.path().join("none.sqlite3"), "c862e3c5aa", at),
        None,
        "no journal"
    );
}

#[test]
fn filters_pages_and_search() {
    let dir = tempfile::tempdir().expect("dir");
    let mut connection = schema::open(&dir.path().join("j.sqlite3")).expect("open");
    let t0 = fifty_three_entries(&mut connection);

    let all = Filter::default();
    assert_eq!(store::count(&connection, &all, None).expect("count"), 53);
    let first = store::page(&connection, &all, None, 0, 10).expect("page");
    assert_eq!(first.len(), 10);
    assert!(first.windows(2).all(|w| w[0].at >= w[1].at), "newest first");
    assert_eq!(first[0].title, "Visitor 49");

    let count = |filter: Filter| store::count(&connection, &filter, None).expect("count");
    assert_eq!(
        count(Filter {
            who: Who::ThisDesk,
            ..Filter::default()
        }),
        28
    );
    assert_eq!(
        count(Filter {
            who: Who::Others,
            ..Filter::default()
        }),
        25
    );
    assert_eq!(
        count(Filter {
            kind: Some(Kind::CodeRevoked),
            ..Filter::default()
        }),
        1
    );
    assert_eq!(
        count(Filter {
            intercom: Some(2),
            ..Filter::default()
        }),
        0
    );
    // Case does not matter, in Cyrillic either; the code matches too.
    assert_eq!(
        count(Filter {
            search: "иВАН".into(),
            ..Filter::default()
        }),
        1
    );
    assert_eq!(
        count(Filter {
            search: "55555".into(),
            ..Filter::default()
        }),
        1
    );
    // LIKE's wildcards are searched as themselves.
    assert_eq!(
        count(Filter {
            search: "%".into(),
            ..Filter::default()
        }),
        1
    );
    assert_eq!(
        count(Filter {
            search: "0%_".into(),
            ..Filter::default()
        }),
        1
    );
    assert_eq!(
        count(Filter {
            since: Some(t0 + TimeDelta::minutes(10)),
            before: Some(t0 + TimeDelta::minutes(20)),
            ..Filter::default()
        }),
        10
    );

    // Pages line up with the newest id of the first, however many lines come later.
    let upto = store::newest_id(&connection).expect("newest");
    write_entries(
        &mut connection,
        vec![entry(Utc::now(), Kind::SignIn, Origin::Desk, "", "")],
    );
    let second = store::page(&connection, &all, Some(upto), 10, 10).expect("page");
    assert_eq!(second[0].title, "Visitor 39");
    assert_eq!(
        store::count(&connection, &all, Some(upto)).expect("count"),
        53
    );
}

#[test]
fn retention_removes_old_entries_and_gives_the_space_back() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("j.sqlite3");
    let mut connection = schema::open(&path).expect("open");
    let now = Utc::now();
    let long_detail = "x".repeat(2000);
    let mut entries = Vec::new();
    for n in 0..3000 {
        let mut old = entry(
            now - TimeDelta::days(500),
            Kind::SignIn,
            Origin::Desk,
            "",
            "",
        );
        old.detail = format!("{long_detail}{n}");
        entries.push(old);
    }
    entries.push(entry(
        now - TimeDelta::days(10),
        Kind::SignOut,
        Origin::Desk,
        "",
        "",
    ));
    write_entries(&mut connection, entries);
    let before = std::fs::metadata(&path).expect("meta").len()
        + std::fs::metadata(dir.path().join("j.sqlite3-wal")).map_or(0, |m| m.len());

    let pruned = store::prune(&connection, now, TimeDelta::days(400)).expect("prune");
    assert_eq!(pruned.removed, 3000);
    assert!(pruned.vacuumed);
    assert_eq!(
        store::count(&connection, &Filter::default(), None).expect("count"),
        1
    );
    connection
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .expect("checkpoint");
    let after = std::fs::metadata(&path).expect("meta").len();
    assert!(after * 10 < before, "{before} bytes → {after} bytes");

    // Nothing to remove: no vacuum.
    let again = store::prune(&connection, now, TimeDelta::days(400)).expect("prune");
    assert_eq!(again, Pruned::default());
}

#[test]
fn retention_removes_the_expected_visitors_of_days_past_it() {
    use crate::expected::{NewVisitor, store as expected};
    let dir = tempfile::tempdir().expect("dir");
    let connection = schema::open(&dir.path().join("j.sqlite3")).expect("open");
    let now = Utc::now();
    let today = now.with_timezone(&chrono::Local).date_naive();
    let long_ago = today - TimeDelta::days(401);
    let yesterday = today - TimeDelta::days(1);
    for (name, day) in [
        ("Old", long_ago),
        ("Yesterday", yesterday),
        ("Today", today),
    ] {
        expected::add(&connection, &NewVisitor::new(name, day), "desk", now).expect("add");
    }
    let pruned = store::prune(&connection, now, TimeDelta::days(400)).expect("prune");
    assert_eq!(pruned.removed, 1);
    let kept: Vec<String> = expected::between(&connection, long_ago, today)
        .expect("read")
        .into_iter()
        .map(|visitor| visitor.details.name)
        .collect();
    assert_eq!(kept, ["Yesterday", "Today"]);
}

#[test]
fn the_thread_writes_what_it_is_told_and_answers_pages_and_stories() {
    let dir = tempfile::tempdir().expect("dir");
    let (journal, answers) = open(dir.path());
    let now = Utc::now();
    let code = aipix_client::api::Code {
        id: 77,
        title: "Courier".into(),
        code: Some("12345".into()),
        expired_at: now + TimeDelta::hours(1),
        is_expired: Some(false),
        will_deleted_at: None,
        created_at: Some(now),
        intercom: Some(aipix_client::api::IntercomBrief {
            id: 5,
            title: "Main gate".into(),
            is_online: Some(true),
            department: None,
            address: String::new(),
        }),
    };
    for what in [
        What::SignedIn {
            login: "demo".into(),
        },
        What::Created { request: 1, code },
        What::Revoked { ids: vec![77] },
    ] {
        journal.observe(Observation { at: now, what });
    }
    journal.flush().expect("flush");
    journal.page(1, Filter::default(), 0, 10, None);
    let page = wait_for(&answers, |answer| match answer {
        Answer::Page(page) => Some(page.clone()),
        _ => None,
    });
    assert_eq!(page.total, 3);
    assert_eq!(page.rows.len(), 3);
    assert!(
        page.rows
            .iter()
            .all(|row| row.device_id == "device-1" && row.os_user == "anna")
    );
    journal.story(77);
    let story = wait_for(&answers, |answer| match answer {
        Answer::Story(story) => Some(story.clone()),
        _ => None,
    });
    let kinds: Vec<Kind> = story.entries.iter().map(|entry| entry.kind).collect();
    assert_eq!(kinds, vec![Kind::CodeCreated, Kind::CodeRevoked]);
    assert!(story.last_seen.is_none(), "revoked: no longer listed");
    assert!(
        answers
            .lock()
            .iter()
            .any(|answer| matches!(answer, Answer::Changed { .. })),
        "the view is told of new lines"
    );
}

#[test]
fn what_was_seen_is_remembered_across_runs() {
    let dir = tempfile::tempdir().expect("dir");
    let now = Utc::now();
    let listing = |codes: Vec<aipix_client::api::Code>| What::Listing {
        intercoms: Vec::new(),
        codes,
        started: Utc::now(),
    };
    let code = |id: u64| aipix_client::api::Code {
        id,
        title: format!("Visitor {id}"),
        code: Some(format!("{id}")),
        expired_at: now + TimeDelta::hours(1),
        is_expired: Some(false),
        will_deleted_at: None,
        created_at: None,
        intercom: Some(aipix_client::api::IntercomBrief {
            id: 5,
            title: "Main gate".into(),
            is_online: Some(true),
            department: None,
            address: String::new(),
        }),
    };
    {
        let (journal, _) = open(dir.path());
        journal.observe(Observation {
            at: now,
            what: listing(vec![code(1), code(2)]),
        });
        journal.flush().expect("flush");
    }
    // While the app was closed, code 1 was revoked and code 3 made elsewhere.
    let (journal, answers) = open(dir.path());
    journal.observe(Observation {
        at: Utc::now(),
        what: listing(vec![code(2), code(3)]),
    });
    journal.flush().expect("flush");
    journal.page(1, Filter::default(), 0, 10, None);
    let page = wait_for(&answers, |answer| match answer {
        Answer::Page(page) => Some(page.clone()),
        _ => None,
    });
    let mut seen: Vec<(Kind, Option<u64>)> = page
        .rows
        .iter()
        .map(|row| (row.kind, row.code_id))
        .collect();
    seen.sort_by_key(|(kind, _)| kind.as_str());
    assert_eq!(
        seen,
        vec![(Kind::CodeCreated, Some(3)), (Kind::CodeRevoked, Some(1))]
    );
}

#[test]
fn a_file_that_cannot_be_opened_is_reported_and_entries_wait() {
    let dir = tempfile::tempdir().expect("dir");
    // A file where the journal folder should be: the folder cannot be made.
    let blocked = dir.path().join("blocked");
    std::fs::write(&blocked, "not a folder").expect("write");
    let answers = Arc::new(Mutex::new(Vec::new()));
    let into = answers.clone();
    let journal = Journal::open(
        &setup(&blocked),
        "http://127.0.0.1:1/",
        "demo",
        Arc::new(move |answer| into.lock().push(answer)),
    );
    journal.observe(Observation {
        at: Utc::now(),
        what: What::SignedIn {
            login: "demo".into(),
        },
    });
    assert!(journal.flush().is_err(), "nothing could be written");
    let why = wait_for(&answers, |answer| match answer {
        Answer::Health(Health::Unavailable(why)) => Some(why.clone()),
        _ => None,
    });
    assert!(why.text().contains("blocked"), "{why}");
}

#[test]
fn the_command_prints_the_last_profiles_journal() {
    let data = tempfile::tempdir().expect("data");
    let config = tempfile::tempdir().expect("config");
    let server = "http://127.0.0.1:8080/";
    let mut settings = crate::settings::Settings::new();
    settings.profiles.push(crate::settings::Profile {
        name: "demo@127.0.0.1:8080".into(),
        server: server.into(),
        login: "demo".into(),
        ..crate::settings::Profile::default()
    });
    settings.last_profile = Some("demo@127.0.0.1:8080".into());
    crate::settings::save(config.path(), &settings).expect("settings");

    let journal_dir = data.path().join("journal");
    let path = file_path(&journal_dir, server, "demo");
    let mut connection = schema::open(&path).expect("open");
    let old = Utc::now() - TimeDelta::days(30);
    write_entries(
        &mut connection,
        vec![
            entry(old, Kind::SignIn, Origin::Desk, "", ""),
            entry(
                Utc::now(),
                Kind::CodeCreated,
                Origin::Desk,
                "=HYPERLINK(\"x\")",
                "12345",
            ),
        ],
    );
    drop(connection);

    let options = command::Options {
        settings_dir: Some(config.path().to_owned()),
        journal_dir: Some(journal_dir.clone()),
        ..command::Options::default()
    };
    let mut out = Vec::new();
    let count = command::run(&options, &mut out).expect("run");
    assert_eq!(count, 2);
    let text = String::from_utf8(out).expect("utf-8");
    assert!(text.contains("Code created"), "{text}");
    assert!(text.contains("12345"));
    assert!(text.contains("2 entries"), "{text}");

    let since = command::Options {
        since: Some(Utc::now() - TimeDelta::days(1)),
        format: command::Format::Json,
        ..options.clone()
    };
    let mut out = Vec::new();
    assert_eq!(command::run(&since, &mut out).expect("run"), 1);
    let json: serde_json::Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(json[0]["kind"], "code_created");
    assert_eq!(
        json[0]["title"], "=HYPERLINK(\"x\")",
        "JSON is for programs: unchanged"
    );

    let csv_options = command::Options {
        format: command::Format::Csv,
        bom: true,
        ..options.clone()
    };
    let mut out = Vec::new();
    command::run(&csv_options, &mut out).expect("run");
    assert!(out.starts_with("\u{feff}".as_bytes()));
    let mut reader = csv::Reader::from_reader(&out[3..]);
    let titles: Vec<String> = reader
        .records()
        .map(|record| record.expect("record")[6].to_owned())
        .collect();
    assert_eq!(titles, vec!["'=HYPERLINK(\"x\")".to_owned(), String::new()]);

    // Another server, or none kept: a clear message.
    let other = command::Options {
        server: Some("https://elsewhere.example".into()),
        login: Some("demo".into()),
        ..options.clone()
    };
    let error = command::run(&other, &mut Vec::new()).expect_err("no such journal");
    assert!(error.text().contains("elsewhere.example"), "{error}");
    let nothing = command::Options {
        settings_dir: Some(data.path().join("none")),
        ..options
    };
    assert!(command::run(&nothing, &mut Vec::new()).is_err());
}

#[test]
fn since_reads_days_times_and_rfc3339() {
    let day = command::parse_since("2030-05-01").expect("day");
    let local = chrono::Local
        .with_ymd_and_hms(2030, 5, 1, 0, 0, 0)
        .single()
        .expect("local");
    assert_eq!(day, local.with_timezone(&Utc));
    assert!(command::parse_since("2030-05-01 14:05").is_ok());
    assert_eq!(
        command::parse_since("2030-05-01T14:05:00+03:00").expect("rfc"),
        chrono::TimeZone::with_ymd_and_hms(&Utc, 2030, 5, 1, 11, 5, 0)
            .single()
            .expect("utc")
    );
    let error = command::parse_since("yesterday").expect_err("not a date");
    assert!(error.text().contains("yesterday"), "{error}");
}

use chrono::TimeZone as _;

/// A code pushed by another desk, as two copies of the app on one account both hear it.
fn pushed_code(id: u64, title: &str) -> What {
    let now = Utc::now();
    What::Push(aipix_client::live::Push::CodeCreated {
        code: Box::new(aipix_client::api::Code {
            id,
            title: title.into(),
            code: Some("12345".into()),
            expired_at: now + TimeDelta::hours(1),
            is_expired: Some(false),
            will_deleted_at: None,
            created_at: Some(now),
            intercom: Some(aipix_client::api::IntercomBrief {
                id: 5,
                title: "Main gate".into(),
                is_online: Some(true),
                department: None,
                address: String::new(),
            }),
        }),
    })
}

fn count(path: &Path, kind: Kind, origin: Origin) -> i64 {
    let connection = rusqlite::Connection::open(path).expect("the journal");
    connection
        .query_row(
            "SELECT count(*) FROM entries WHERE kind = ?1 AND origin = ?2",
            [kind.as_str(), origin.as_str()],
            |row| row.get(0),
        )
        .expect("count")
}

/// Two copies of the app on one account share its journal and hear the same pushes: what another desk did is
/// written by the copy holding the journal's observer lock (here the other copy, played by the test holding it),
/// what each copy did itself by each; when the holder ends, this copy takes over. A journal closed and opened
/// again within one process (a sign-out, a sign-in) shares the lock with its old writer.
#[test]
fn two_copies_on_one_account_journal_what_others_did_once() {
    let dir = tempfile::tempdir().expect("dir");
    let path = file_path(dir.path(), "http://127.0.0.1:1/", "demo");
    std::fs::create_dir_all(path.parent().expect("folder")).expect("folder");
    let other_copy = std::fs::File::create(format!("{}.observer", path.display())).expect("lock");
    other_copy
        .try_lock()
        .expect("the other copy holds the lock");

    let (journal, _) = open(dir.path());
    journal.observe(Observation {
        at: Utc::now(),
        what: What::SignedIn {
            login: "demo".into(),
        },
    });
    for id in 1..=10 {
        journal.observe(Observation {
            at: Utc::now(),
            what: pushed_code(id, "Visitor"),
        });
    }
    journal.flush().expect("flush");
    assert_eq!(
        count(&path, Kind::CodeCreated, Origin::Push),
        0,
        "the other copy writes those"
    );
    assert_eq!(count(&path, Kind::SignIn, Origin::Desk), 1, "its own act");

    drop(other_copy);
    journal.observe(Observation {
        at: Utc::now(),
        what: pushed_code(11, "After the other copy closed"),
    });
    journal.flush().expect("flush");
    assert_eq!(
        count(&path, Kind::CodeCreated, Origin::Push),
        1,
        "the copy left writes what others do"
    );

    // Opened again in this process while the old writer is still there: both write.
    let (again, _) = open(dir.path());
    again.observe(Observation {
        at: Utc::now(),
        what: pushed_code(12, "Seen by the journal opened again"),
    });
    again.flush().expect("flush");
    drop(journal);
    assert_eq!(count(&path, Kind::CodeCreated, Origin::Push), 2);
}
