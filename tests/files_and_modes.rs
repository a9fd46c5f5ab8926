//! What the app keeps on disk, through the real backend against the simulator: the journal is the user's alone
//! (files 0600 in a 0700 folder), a damaged journal is set aside with its bytes and a new one takes the waiting
//! entries (said once, and not again after a restart), and two windows writing the settings at once lose
//! neither's change.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use aipix_sim::SimConfig;
use aipix_sim::testing::start_on_loopback;
use common::events::{journal_when, wait_for};
use visitor_desk::backend::{Backend, BackendConfig, SettingsHome};
use visitor_desk::journal::{self, Entry, JournalSetup, Kind};
use visitor_desk::messages::{Command, Event, SignInRequest};
use visitor_desk::settings::{self, SettingsChange, ThemeChoice};

/// Every event until `done` picks one, and what it picked.
fn events_until(
    backend: &mut Backend,
    what: &str,
    mut done: impl FnMut(&Event) -> bool,
) -> Vec<Event> {
    let mut seen = Vec::new();
    wait_for(backend, what, |event| {
        seen.push(event.clone());
        done(event).then_some(())
    });
    seen
}

fn sign_in(server: &str) -> Command {
    Command::SignIn(SignInRequest {
        server: server.to_owned(),
        login: "demo".into(),
        password: "demo".into(),
        ..SignInRequest::default()
    })
}

/// A backend that keeps its journals under `data`.
fn desk_with_journal(runtime: &tokio::runtime::Runtime, data: &Path) -> Backend {
    let config = BackendConfig {
        journal: Some(JournalSetup::new(
            data.join("journal"),
            "files-test-device",
            400,
        )),
        ..BackendConfig::new("files-test-device")
    };
    Backend::start(runtime.handle(), config, Arc::new(|| {}))
}

/// Signs in, and answers the notices said on the way to the first listing.
fn sign_in_and_list(backend: &mut Backend, server: &str) -> Vec<String> {
    backend.send(sign_in(server));
    events_until(backend, "the first listing", |e| {
        matches!(e, Event::Synced { .. })
    })
    .into_iter()
    .filter_map(|event| match event {
        Event::Notice { text } => Some(text),
        _ => None,
    })
    .collect()
}

/// The notices among `events`.
fn notices(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|event| match event {
            Event::Notice { text } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// Signs out, and answers the journal file once the sign-out is its last line (the journal's thread writes on
/// its own time).
fn sign_out_and_read(backend: &mut Backend, file: &Path) -> Vec<Entry> {
    sign_out_and_read_noting(backend, file, &mut Vec::new())
}

/// [`sign_out_and_read`], keeping every event that came on the way in `seen` (and those waiting after it).
fn sign_out_and_read_noting(
    backend: &mut Backend,
    file: &Path,
    seen: &mut Vec<Event>,
) -> Vec<Entry> {
    // As the journal keeps times: in milliseconds.
    let asked = chrono::DateTime::from_timestamp_millis(chrono::Utc::now().timestamp_millis())
        .expect("now");
    backend.send(Command::SignOut);
    seen.extend(events_until(backend, "the sign-out", |e| {
        matches!(e, Event::SignedOut { .. })
    }));
    let entries = journal_when(backend, file, seen, |entries| {
        entries
            .last()
            .is_some_and(|entry| entry.kind == Kind::SignOut && entry.at >= asked)
    });
    seen.extend(std::iter::from_fn(|| backend.try_recv()));
    entries
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn journal_file(data: &Path, server: &str) -> PathBuf {
    journal::file_path(&data.join("journal"), &format!("{server}/"), "demo")
}

#[cfg(unix)]
#[test]
fn the_journal_is_readable_by_its_user_alone_even_one_an_older_version_left_open() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let sim = runtime.block_on(start_on_loopback(SimConfig::default()));
    let data = tempfile::tempdir().expect("data");
    let data = data.path().join("visitor-desk");
    let file = journal_file(&data, &sim.base_url());

    let mut desk = desk_with_journal(&runtime, &data);
    sign_in_and_list(&mut desk, &sim.base_url());
    let entries = sign_out_and_read(&mut desk, &file);
    assert!(entries.iter().any(|entry| entry.kind == Kind::SignIn));
    assert_eq!(mode(&data), 0o700, "the data folder it made");
    assert_eq!(mode(&data.join("journal")), 0o700);
    assert_eq!(mode(&file), 0o600);
    let mut wal = file.as_os_str().to_owned();
    wal.push("-wal");
    if Path::new(&wal).exists() {
        assert_eq!(mode(Path::new(&wal)), 0o600);
    }
    drop(desk);

    // As an older version left them: readable by everyone.
    use std::os::unix::fs::PermissionsExt as _;
    let open = |path: &Path, bits| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(bits)).expect("chmod")
    };
    open(&data.join("journal"), 0o755);
    open(&file, 0o644);
    let mut desk = desk_with_journal(&runtime, &data);
    sign_in_and_list(&mut desk, &sim.base_url());
    sign_out_and_read(&mut desk, &file);
    assert_eq!(mode(&data.join("journal")), 0o700);
    assert_eq!(mode(&file), 0o600);
}

#[test]
fn a_damaged_journal_is_set_aside_with_its_bytes_and_a_new_one_takes_the_entries_said_once() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let sim = runtime.block_on(start_on_loopback(SimConfig::default()));
    let data = tempfile::tempdir().expect("data");
    let file = journal_file(data.path(), &sim.base_url());
    std::fs::create_dir_all(file.parent().expect("folder")).expect("folder");
    let damage: Vec<u8> = b"SQLite format 3\0"
        .iter()
        .copied()
        .chain((0..=255u8).cycle().take(8192))
        .collect();
    std::fs::write(&file, &damage).expect("damaged journal");

    let mut desk = desk_with_journal(&runtime, data.path());
    desk.send(sign_in(&sim.base_url()));
    // The journal's thread says it when it opens the file, in its own time: wait for the listing and for that.
    let (mut listed, mut told) = (false, false);
    let mut seen = Vec::new();
    while !(listed && told) {
        seen.extend(events_until(&mut desk, "the listing and the notice", |e| {
            listed |= matches!(e, Event::Synced { .. });
            told |= matches!(e, Event::Notice { text } if text.contains("was damaged"));
            listed && told
        }));
    }
    let entries = sign_out_and_read_noting(&mut desk, &file, &mut seen);
    let all = notices(&seen);
    let said: Vec<&String> = all
        .iter()
        .filter(|text| text.contains("was damaged"))
        .collect();
    assert_eq!(said.len(), 1, "said once: {all:#?}");
    let kinds: Vec<Kind> = entries.iter().map(|entry| entry.kind).collect();
    // The sign-in was noted while the damaged file was still in the way: it waited, and is in the new one.
    assert!(kinds.contains(&Kind::SignIn), "{kinds:?}");
    let aside: Vec<PathBuf> = std::fs::read_dir(file.parent().expect("folder"))
        .expect("list")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.to_string_lossy().contains(".damaged-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert!(
        said[0].contains(&aside[0].display().to_string()),
        "{}",
        said[0]
    );
    assert_eq!(
        std::fs::read(&aside[0]).expect("aside"),
        damage,
        "its bytes, untouched"
    );
    drop(desk);

    // The next start finds a journal in order: nothing to say, and it goes on recording.
    let mut desk = desk_with_journal(&runtime, data.path());
    let mut said = sign_in_and_list(&mut desk, &sim.base_url());
    let mut seen = Vec::new();
    // Read back once its sign-out is written: the file was opened by then, and anything it found was said.
    let entries = sign_out_and_read_noting(&mut desk, &file, &mut seen);
    said.extend(notices(&seen));
    assert!(
        said.iter().all(|text| !text.contains("damaged")),
        "{said:#?}"
    );
    let sign_ins = entries
        .iter()
        .filter(|entry| entry.kind == Kind::SignIn)
        .count();
    assert_eq!(sign_ins, 2);
}

/// A window's backend that keeps its settings in `dir`, loaded as the window loads them at start.
fn window(runtime: &tokio::runtime::Runtime, dir: &Path) -> Backend {
    let (loaded, warning) = settings::load_or_create(dir);
    assert_eq!(warning, None);
    let config = BackendConfig {
        home: Some(SettingsHome {
            dir: dir.to_owned(),
            settings: loaded,
        }),
        ..BackendConfig::new("settings-test-device")
    };
    let mut backend = Backend::start(runtime.handle(), config, Arc::new(|| {}));
    // Its start says what it remembered, then that there was no sign-in to resume.
    wait_for(&mut backend, "the window's start", |e| {
        matches!(e, Event::NotResumed { .. }).then_some(())
    });
    backend
}

#[test]
fn two_windows_changing_the_settings_keep_each_others_changes() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let sim = runtime.block_on(start_on_loopback(SimConfig::default()));
    let config = tempfile::tempdir().expect("config");
    // Both open on the same file, as two windows started one after the other.
    let mut first = window(&runtime, config.path());
    let mut second = window(&runtime, config.path());
    let intercom = sim.intercom_ids("demo")[0];

    first.send(sign_in(&sim.base_url()));
    let profile = wait_for(&mut first, "the first window's profile", |e| match e {
        Event::Remembered(settings) => settings.last_used_profile().map(|p| p.name.clone()),
        _ => None,
    });
    wait_for(&mut first, "the first window's listing", |e| {
        matches!(e, Event::Synced { .. }).then_some(())
    });
    first.send(Command::Remember(SettingsChange::Instructions {
        profile,
        intercom,
        text: "Press # then the code".into(),
    }));
    first.send(Command::Remember(SettingsChange::LastIntercom(Some(
        intercom,
    ))));
    // The command queue is in order: once this is answered, the instructions are on disk.
    first.send(Command::Remember(SettingsChange::Forget {
        profile: "nobody".into(),
    }));
    wait_for(&mut first, "the first window's save", |e| {
        matches!(e, Event::Remembered(_)).then_some(())
    });

    // The second window knows nothing of that; it changes the theme and the language.
    second.send(Command::Remember(SettingsChange::Theme(ThemeChoice::Dark)));
    second.send(Command::Remember(SettingsChange::Language(Some(
        "ru".into(),
    ))));
    second.send(Command::Remember(SettingsChange::Forget {
        profile: "nobody".into(),
    }));
    wait_for(&mut second, "the second window's save", |e| {
        matches!(e, Event::Remembered(_)).then_some(())
    });

    let on_disk = settings::peek(config.path()).expect("a readable file");
    assert_eq!(on_disk.theme, ThemeChoice::Dark);
    assert_eq!(on_disk.language.as_deref(), Some("ru"));
    assert_eq!(on_disk.last_intercom, Some(intercom));
    let profile = on_disk
        .last_used_profile()
        .expect("the first window's profile");
    assert_eq!(
        profile.instructions.get(&intercom).map(String::as_str),
        Some("Press # then the code")
    );
}

#[test]
fn writers_at_once_lose_no_change() {
    let config = tempfile::tempdir().expect("config");
    settings::load_or_create(config.path());
    let rounds = 40u64;
    let dir = config.path().to_owned();
    let writers: Vec<_> = (0..2)
        .map(|writer| {
            let dir = dir.clone();
            std::thread::spawn(move || {
                for round in 1..=rounds {
                    settings::update(&dir, |settings| {
                        if writer == 0 {
                            settings
                                .unknown
                                .insert(format!("first-{round}"), serde_json::Value::from(round));
                        } else {
                            settings
                                .unknown
                                .insert(format!("second-{round}"), serde_json::Value::from(round));
                        }
                    })
                    .written()
                    .expect("written");
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().expect("the writer finished");
    }
    let on_disk = settings::peek(&dir).expect("readable");
    for round in 1..=rounds {
        for writer in ["first", "second"] {
            assert!(
                on_disk.unknown.contains_key(&format!("{writer}-{round}")),
                "{writer}-{round} lost"
            );
        }
    }
}
