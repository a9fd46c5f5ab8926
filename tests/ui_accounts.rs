//! Several accounts in one window: the real app (egui_kittest) signed in to two simulated servers at once. Each
//! account has its own group in the intercom list and its own rows in the one codes table; a server that goes down
//! marks only its own rows; signing out of one leaves the other; each account keeps one sign-in in the store; an
//! account whose door is full offers the same door through another account with a free slot.

mod common;

use std::sync::Arc;

use chrono::{TimeDelta, Utc};
use egui_kittest::kittest::Queryable as _;
use visitor_desk::backend::{Backend, BackendConfig};
use visitor_desk::secrets::{MemoryStore, TokenKey};
use visitor_desk::state::{AccountId, LiveStatus};
use visitor_desk::ui::{App, StartOptions};

use common::desk::{Desk, WIDE};

/// The window's two accounts: the first and the second.
fn two_accounts(desk: &Desk) -> (AccountId, AccountId) {
    let ids: Vec<AccountId> = desk
        .harness
        .state()
        .accounts()
        .open()
        .map(|account| account.id)
        .collect();
    (ids[0], ids[1])
}

/// Puts the new-code form on `account`'s first door, as picking it in the form's list does.
fn form_on_first_door(desk: &mut Desk, account: AccountId) {
    let door = desk
        .harness
        .state()
        .accounts()
        .state(account)
        .expect("open")
        .intercoms[0]
        .id;
    desk.harness
        .state_mut()
        .code_form_mut()
        .open_on(account, door);
}

/// The group name of a desk as the window shows it.
fn group_of(desk: &Desk, id: AccountId) -> String {
    desk.harness
        .state()
        .accounts()
        .state(id)
        .expect("the account is open")
        .group_name()
}

/// The titles of the codes the table lists, with the account of each.
fn listed(desk: &Desk) -> Vec<(AccountId, String)> {
    let app = desk.harness.state();
    app.shown()
        .iter()
        .filter_map(|key| Some((key.account, app.accounts().code(*key)?.title.clone())))
        .collect()
}

/// Signs out of one account through the Sign out menu, and waits until its desk has gone (its backend signed out,
/// on the server and in the store); answers the name it had.
fn sign_out_of(desk: &mut Desk, account: AccountId) -> String {
    let name = group_of(desk, account);
    desk.harness.get_by_label("Sign out").click();
    desk.frames(2);
    desk.harness
        .get_by_label(&format!("Sign out of {name}"))
        .click();
    desk.step_until("the account signed out", |h| {
        h.state().accounts().get(account).is_none()
    });
    name
}

#[test]
fn codes_made_at_each_server_appear_under_their_own_account() {
    let mut desk = Desk::on_servers(2, WIDE, BackendConfig::new("ui-accounts"));
    let (first, second) = two_accounts(&desk);
    // Each server has its own demo account, with intercoms of the same names: only the group tells them apart.
    for name in [group_of(&desk, first), group_of(&desk, second)] {
        assert!(desk.has_label(&name), "a group named {name}");
    }
    let expires = Utc::now() + TimeDelta::hours(3);
    let intercom = desk.sim.intercom_ids("demo")[0];
    desk.sim
        .create_code("demo", intercom, "Courier at the harbour", expires)
        .expect("a code made at another desk of the first server");
    let intercom = desk.more_sims[0].intercom_ids("demo")[0];
    desk.more_sims[0]
        .create_code("demo", intercom, "Plumber at the mill", expires)
        .expect("a code made at another desk of the second server");
    desk.step_until("both codes listed", |h| {
        h.query_by_label("Courier at the harbour").is_some()
            && h.query_by_label("Plumber at the mill").is_some()
    });
    // The notice of each says whose it is.
    let second_name = group_of(&desk, second);
    let notice = format!("{second_name}: New code at another desk: Plumber at the mill");
    desk.step_until("the second account's notice", |h| {
        h.query_all_by_label_contains(&notice).next().is_some()
    });
    let rows = listed(&desk);
    assert!(
        rows.contains(&(first, "Courier at the harbour".into())),
        "{rows:?}"
    );
    assert!(
        rows.contains(&(second, "Plumber at the mill".into())),
        "{rows:?}"
    );

    // The second group's "All its codes" shows its codes alone.
    desk.harness
        .get_all_by_label("All its codes")
        .nth(1)
        .expect("the second group's")
        .click();
    desk.frames(2);
    let rows = listed(&desk);
    assert!(
        rows.iter().all(|(account, _)| *account == second),
        "{rows:?}"
    );
    assert!(
        rows.contains(&(second, "Plumber at the mill".into())),
        "{rows:?}"
    );
    assert!(
        desk.harness
            .query_by_label("Courier at the harbour")
            .is_none()
    );
}

#[test]
fn a_server_that_goes_down_marks_only_its_own_rows() {
    let mut desk = Desk::on_servers(2, WIDE, BackendConfig::new("ui-accounts"));
    let (first, second) = two_accounts(&desk);
    let expires = Utc::now() + TimeDelta::hours(3);
    for (sim, title) in [
        (&desk.sim, "Harbour guest"),
        (&desk.more_sims[0], "Mill guest"),
    ] {
        let intercom = sim.intercom_ids("demo")[0];
        sim.create_code("demo", intercom, title, expires)
            .expect("a code");
    }
    desk.step_until("both codes listed", |h| {
        h.query_by_label("Harbour guest").is_some() && h.query_by_label("Mill guest").is_some()
    });
    assert_eq!(desk.harness.query_all_by_label("not live").count(), 0);

    desk.more_sims[0].shutdown();
    desk.step_until("the second account no longer live", |h| {
        let accounts = h.state().accounts();
        accounts
            .state(second)
            .is_some_and(|state| !state.live.is_connected())
    });
    desk.frames(2);
    let second_rows = listed(&desk)
        .iter()
        .filter(|(account, _)| *account == second)
        .count();
    assert!(second_rows > 0);
    assert_eq!(
        desk.harness.query_all_by_label("not live").count(),
        second_rows,
        "each row of the server that went down, and only those"
    );
    let first_state = desk.harness.state().accounts().state(first).expect("open");
    assert_eq!(
        first_state.live,
        LiveStatus::Connected,
        "the other server stays live"
    );
    assert!(desk.harness.query_by_label("Harbour guest").is_some());
}

#[test]
fn signing_out_of_one_account_leaves_the_other_and_each_keeps_one_sign_in() {
    let store = Arc::new(MemoryStore::new());
    let backend = BackendConfig {
        store: store.clone(),
        ..BackendConfig::new("ui-accounts")
    };
    let mut desk = Desk::on_servers(2, WIDE, backend);
    let (first, second) = two_accounts(&desk);
    let key_of = |sim: &aipix_sim::SimHandle| TokenKey::new(&sim.base_url(), "demo");
    let (first_key, second_key) = (key_of(&desk.sim), key_of(&desk.more_sims[0]));
    let mut kept = store.keys();
    kept.sort_by_key(|key| format!("{key:?}"));
    let mut expected = vec![first_key.clone(), second_key.clone()];
    expected.sort_by_key(|key| format!("{key:?}"));
    assert_eq!(kept, expected, "one kept sign-in per account");

    let second_name = sign_out_of(&mut desk, second);
    let accounts = desk.harness.state().accounts();
    assert_eq!(
        accounts.open().next().map(|account| account.id),
        Some(first)
    );
    assert!(
        desk.harness.state().state().is_signed_in(),
        "the first stays"
    );
    assert_eq!(desk.harness.state().state().live, LiveStatus::Connected);
    assert_eq!(
        store.keys(),
        vec![first_key],
        "only the second's sign-in was forgotten"
    );
    assert_eq!(
        desk.more_sims[0].session_count("demo"),
        0,
        "its session ended on its server"
    );
    assert_eq!(desk.sim.session_count("demo"), 1, "the other's did not");
    assert!(!desk.has_label(&second_name), "its group is gone");
}

#[test]
fn a_full_account_offers_the_same_door_through_another_with_a_free_slot() {
    let config = aipix_sim::testing::config_with_users(&[("demo", "demo"), ("second", "second")]);
    let mut desk = Desk::on_accounts(
        config,
        &["demo", "second"],
        BackendConfig::new("ui-accounts"),
    );
    let (first, second) = two_accounts(&desk);
    // Both accounts full at the server's limit, then one of the second's codes revoked elsewhere: it has room.
    let held = desk.sim.code_ids("demo").len();
    desk.sim.set_code_limit(held);
    let seconds = desk.sim.code_ids("second");
    desk.sim.delete_codes("second", &seconds[..1]);
    desk.step_until("the second account's revoke seen", |h| {
        h.state()
            .accounts()
            .state(second)
            .is_some_and(|state| state.code_count() == held - 1)
    });
    assert_eq!(desk.harness.state().accounts().focus(), first);
    // The form starts on whichever account answered first; this visitor's code is for the first's door.
    form_on_first_door(&mut desk, first);

    desk.type_into("Title", "Guest of flat 3");
    desk.harness.get_by_label("Create code").click();
    desk.step_until("the refusal", |h| h.state().state().create.full);
    desk.frames(2);
    let offer = format!("Make it with {}", group_of(&desk, second));
    desk.harness.get_by_label(&offer).click();
    desk.frames(2);
    let form = desk.harness.state_mut().code_form_mut();
    assert_eq!(
        form.account,
        Some(second),
        "the form is the second account's now"
    );
    let chosen = form.intercom.expect("a door");
    let second_state = |desk: &Desk| {
        desk.harness
            .state()
            .accounts()
            .state(second)
            .expect("open")
            .create
            .created
            .clone()
    };
    let door = desk
        .harness
        .state()
        .accounts()
        .state(second)
        .expect("open")
        .intercom(chosen);
    let first_door = desk
        .harness
        .state()
        .accounts()
        .state(first)
        .expect("open")
        .intercoms[0]
        .clone();
    assert!(
        door.is_some_and(|door| visitor_desk::domain::same_door(door, &first_door)),
        "the same door, as the second account lists it"
    );
    assert_eq!(
        desk.field("Title"),
        "Guest of flat 3",
        "nothing typed is lost"
    );
    desk.harness.get_by_label("Create code").click();
    desk.step_until("the code made through the second account", |h| {
        h.state()
            .accounts()
            .state(second)
            .is_some_and(|state| state.create.created.is_some())
    });
    let made = second_state(&desk).expect("made");
    assert_eq!(made.title, "Guest of flat 3");
    assert!(
        desk.sim.code_ids("second").contains(&made.id),
        "it is the second account's"
    );
    assert!(!desk.sim.code_ids("demo").contains(&made.id));
}

#[test]
fn an_account_is_added_in_the_window_beside_the_one_signed_in() {
    let mut desk = Desk::on_servers(1, WIDE, BackendConfig::new("ui-accounts"));
    let other = desk.runtime.block_on(aipix_sim::testing::start_on_loopback(
        aipix_sim::SimConfig::default(),
    ));
    desk.harness.get_by_label("Add account…").click();
    desk.frames(2);
    // An empty form for the new account, which can be given up.
    assert_eq!(desk.field("Server"), "");
    assert!(desk.has_label("Back to the accounts"));
    desk.type_into("Server", &other.base_url());
    desk.type_into("Login", "demo");
    desk.type_into("Password", "demo");
    desk.harness.get_by_label("Sign in").click();
    desk.step_until("two accounts signed in", |h| {
        h.state().accounts().open().count() == 2
    });
    let (first, second) = two_accounts(&desk);
    for id in [first, second] {
        let name = group_of(&desk, id);
        desk.step_until("its group shown", |h| {
            h.query_all_by_label(&name).next().is_some()
        });
    }
    assert_eq!(
        desk.sim.session_count("demo"),
        1,
        "the first stays signed in"
    );

    // A third added, then given up: back to the two.
    desk.harness.get_by_label("Add account…").click();
    desk.frames(2);
    desk.harness.get_by_label("Back to the accounts").click();
    desk.frames(2);
    assert_eq!(desk.harness.state().accounts().iter().count(), 2);
    assert!(desk.harness.state().state().is_signed_in());
    other.shutdown();
}

#[test]
fn the_accounts_open_together_are_signed_in_again_at_the_next_start() {
    let store = Arc::new(MemoryStore::new());
    let dir = tempfile::tempdir().expect("a settings folder");
    let config = || {
        let (settings, _) = visitor_desk::settings::load_or_create(dir.path());
        BackendConfig {
            store: store.clone(),
            home: Some(visitor_desk::backend::SettingsHome {
                dir: dir.path().to_owned(),
                settings,
            }),
            ..BackendConfig::new("ui-accounts")
        }
    };
    let desk = Desk::on_servers(2, WIDE, config());
    let servers: Vec<String> = std::iter::once(&desk.sim)
        .chain(&desk.more_sims)
        .map(aipix_sim::SimHandle::base_url)
        .collect();
    let deadline = std::time::Instant::now() + common::desk::PATIENCE;
    while visitor_desk::settings::load_or_create(dir.path())
        .0
        .open_accounts
        .len()
        < 2
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the open accounts were not kept"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }

    // The window closes (the sessions stay kept) and starts again, with nothing typed.
    let Desk {
        runtime,
        harness,
        sim,
        more_sims,
        ..
    } = desk;
    drop(harness);
    let wakes = common::desk::Wakes::default();
    let first = Backend::start(runtime.handle(), config(), wakes.waker());
    let (handle, waker, again) = (runtime.handle().clone(), wakes.waker(), config());
    let mut harness = egui_kittest::Harness::builder()
        .with_size(WIDE)
        .build_eframe(move |_cc| {
            App::with_backend(first, StartOptions::default()).with_more_accounts(Box::new(
                move |resume| {
                    Backend::start(&handle, again.for_another_account(resume), waker.clone())
                },
            ))
        });
    let deadline = std::time::Instant::now() + common::desk::PATIENCE;
    loop {
        let seen = wakes.count();
        harness.step();
        let open: Vec<String> = harness
            .state()
            .accounts()
            .open()
            .filter_map(|account| {
                let who = account.identity()?;
                Some(who.server.trim_end_matches('/').to_owned())
            })
            .collect();
        if open.len() == 2 {
            for server in &servers {
                assert!(open.contains(server), "{server} is open again: {open:?}");
            }
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "not reopened: {open:?}"
        );
        wakes.wait_after(seen, std::time::Duration::from_millis(200));
    }
    assert_eq!(sim.session_count("demo"), 1, "resumed, not signed in again");
    assert_eq!(more_sims[0].session_count("demo"), 1);
}

#[test]
fn a_call_at_another_accounts_door_is_listed_with_its_account_and_made_a_code_for_there() {
    let mut desk = Desk::on_servers(2, WIDE, BackendConfig::new("ui-accounts"));
    let (first, second) = two_accounts(&desk);
    let other = &desk.more_sims[0];
    let door = other.intercom_ids("demo")[0];
    let call = other.ring("demo", door).expect("rings")["id"]
        .as_u64()
        .expect("its id");
    desk.step_until("the call in the panel", |h| {
        h.state()
            .accounts()
            .state(second)
            .is_some_and(|state| state.calls.get(call).is_some())
    });
    desk.frames(2);
    assert_eq!(desk.harness.state().accounts().focus(), first);
    let name = group_of(&desk, second);
    let rows = listed(&desk)
        .iter()
        .filter(|(account, _)| *account == second)
        .count();
    assert_eq!(
        desk.harness.query_all_by_label(&name).count(),
        rows + 2,
        "its rows, its group and its call name the account"
    );
    // The form starts on whichever account answered first: on the first's door, Make code must move it.
    form_on_first_door(&mut desk, first);
    desk.harness.get_by_label("Make code").click();
    desk.frames(3);
    let form = desk.harness.state_mut().code_form_mut();
    assert_eq!(
        form.account,
        Some(second),
        "the form is the second account's"
    );
    assert_eq!(form.intercom, Some(door));
    assert!(form.title.starts_with("Visitor "), "{}", form.title);
}

#[test]
fn codes_selected_across_accounts_are_revoked_each_by_its_own_account_after_one_question() {
    let mut desk = Desk::on_servers(2, WIDE, BackendConfig::new("ui-accounts"));
    let (first, second) = two_accounts(&desk);
    let (first_codes, second_codes) = (
        desk.sim.code_ids("demo").len(),
        desk.more_sims[0].code_ids("demo").len(),
    );
    let all = first_codes + second_codes;
    desk.harness.get_by_label("Select all shown").click();
    desk.frames(2);
    desk.harness
        .get_by_label(&format!("Revoke selected ({all})"))
        .click();
    desk.frames(2);
    // One question, naming each account over its codes.
    for account in [first, second] {
        let name = group_of(&desk, account);
        assert!(
            desk.has_label(&format!("Account: {name}")),
            "the question names {name}"
        );
    }
    assert_eq!(
        desk.sim.code_ids("demo").len(),
        first_codes,
        "nothing revoked before the answer"
    );
    assert_eq!(desk.more_sims[0].code_ids("demo").len(), second_codes);
    desk.harness
        .get_by_label(&format!("Revoke {all} codes"))
        .click();
    desk.frames(2);
    assert!(
        desk.harness
            .query_by_label(&format!("Revoke {all} codes"))
            .is_none(),
        "asked once"
    );
    desk.step_until("both accounts' codes revoked", |h| {
        h.state()
            .accounts()
            .open()
            .all(|account| account.state.code_count() == 0)
    });
    assert!(desk.sim.code_ids("demo").is_empty());
    assert!(desk.more_sims[0].code_ids("demo").is_empty());
}

#[test]
#[ignore = "needs a Secret Service: run under dbus-run-session with gnome-keyring (see .ci/run)"]
fn the_keyring_holds_one_entry_per_account_signed_in_in_the_window() {
    use visitor_desk::secrets::{KeyringStore, TokenStore as _};
    let store = Arc::new(KeyringStore::open().expect("a keyring"));
    let backend = BackendConfig {
        store: store.clone(),
        ..BackendConfig::new("ui-accounts")
    };
    let mut desk = Desk::on_servers(2, WIDE, backend);
    let (_, second) = two_accounts(&desk);
    let keys = [
        TokenKey::new(&desk.sim.base_url(), "demo"),
        TokenKey::new(&desk.more_sims[0].base_url(), "demo"),
    ];
    // Read through a store of its own, as the next start would.
    let reader = KeyringStore::open().expect("a keyring");
    for key in &keys {
        assert!(
            reader.load(key).expect("readable").is_some(),
            "{key:?} is kept"
        );
    }
    sign_out_of(&mut desk, second);
    assert!(
        reader.load(&keys[0]).expect("readable").is_some(),
        "the first stays kept"
    );
    assert_eq!(
        reader.load(&keys[1]).expect("readable"),
        None,
        "the second is forgotten"
    );
    reader.clear(&keys[0]).expect("cleared");
}

#[test]
fn an_account_the_server_signs_out_says_so_under_its_name_and_signs_in_again_from_there() {
    let mut desk = Desk::on_servers(2, WIDE, BackendConfig::new("ui-accounts"));
    let (first, second) = two_accounts(&desk);
    let name = group_of(&desk, second);
    let other = &desk.more_sims[0];
    let session = other.session_ids("demo").pop().expect("its session");
    assert!(
        other.end_session("demo", &session),
        "ended as by an administrator"
    );
    desk.step_until("the second account signed out", |h| {
        h.state()
            .accounts()
            .state(second)
            .is_some_and(|state| !state.is_signed_in())
    });
    desk.frames(2);
    assert!(
        desk.harness.state().state().is_signed_in(),
        "the first stays"
    );
    assert_eq!(desk.harness.state().accounts().focus(), first);
    assert!(desk.has_label(&name), "its group still says whose it was");
    assert!(
        desk.has_label_containing("ended from another device"),
        "and why"
    );

    desk.harness.get_by_label("Sign in again…").click();
    desk.frames(2);
    let server = desk.more_sims[0].base_url();
    assert_eq!(desk.field("Server").trim_end_matches('/'), server);
    assert_eq!(desk.field("Login"), "demo");
    desk.type_into("Password", "demo");
    desk.harness.get_by_label("Sign in").click();
    desk.step_until("both accounts signed in again", |h| {
        h.state().accounts().open().count() == 2
    });
    assert_eq!(
        desk.harness.state().accounts().iter().count(),
        2,
        "on the same desk"
    );
}

#[test]
fn a_group_is_named_from_its_menu_and_a_click_elsewhere_keeps_the_name_typed() {
    // The name is kept in the account's profile, in the settings file.
    let dir = tempfile::tempdir().expect("a settings folder");
    let backend = BackendConfig {
        home: Some(visitor_desk::backend::SettingsHome {
            dir: dir.path().to_owned(),
            settings: visitor_desk::settings::load_or_create(dir.path()).0,
        }),
        ..BackendConfig::new("ui-accounts")
    };
    let mut desk = Desk::on_servers(2, WIDE, backend);
    let (first, _) = two_accounts(&desk);
    let menu = format!("Menu of {}", group_of(&desk, first));
    desk.harness.get_by_label(&menu).click();
    desk.frames(2);
    desk.harness.get_by_label("Name this group…").click();
    desk.frames(2);
    assert!(desk.is_focused("Group name"), "the keyboard is in the name");
    desk.harness
        .get_by_role_and_label(egui::accesskit::Role::TextInput, "Group name")
        .type_text(" (north)");
    desk.frames(1);
    // A click in the search: the keyboard goes there, and the name stays as typed.
    desk.harness.get_by_label("Search").click();
    desk.frames(2);
    assert!(
        desk.is_focused("Search"),
        "the name field does not take the keyboard back"
    );
    assert!(desk.field("Group name").ends_with(" (north)"));
    desk.harness.get_by_label("Save").click();
    desk.frames(2);
    let named = group_of(&desk, first);
    assert!(named.ends_with(" (north)"), "{named}");
    assert!(desk.has_label(&named));
    let deadline = std::time::Instant::now() + common::desk::PATIENCE;
    while !visitor_desk::settings::load_or_create(dir.path())
        .0
        .profiles
        .iter()
        .any(|profile| profile.group.as_deref() == Some(named.as_str()))
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the name was not kept"
        );
        desk.frames(1);
    }
}

/// Each account's journal file (the first's, the second's), named by its server's port, once the sign-ins made them.
fn journal_files(desk: &mut Desk, dir: &std::path::Path) -> [std::path::PathBuf; 2] {
    let ports = [desk.sim.base_url(), desk.more_sims[0].base_url()].map(|url| {
        let port = url
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .expect("a port");
        format!("_{port}")
    });
    let find = |port: &str| {
        std::fs::read_dir(dir)
            .ok()?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .find(|path| {
                path.extension().is_some_and(|ext| ext == "sqlite3")
                    && path.to_string_lossy().contains(port)
            })
    };
    desk.step_until("both journal files", |_| {
        ports.iter().all(|port| find(port).is_some())
    });
    ports.map(|port| find(&port).expect("the journal file"))
}

/// Today with two accounts open: each account's expected visitors in one list, each row naming its account, and
/// Enter on the second's visitor makes the code at the second server, on its door, and marks them arrived in the
/// second account's own table.
#[test]
fn today_lists_both_accounts_visitors_and_makes_the_code_at_the_visitors_own_account() {
    use visitor_desk::expected::{NewVisitor, store};
    let dir = tempfile::tempdir().expect("dir");
    let backend = BackendConfig {
        journal: Some(visitor_desk::journal::JournalSetup::new(
            dir.path().to_owned(),
            "ui-accounts",
            400,
        )),
        ..BackendConfig::new("ui-accounts")
    };
    let mut desk = Desk::on_servers(2, WIDE, backend);
    let (first, second) = two_accounts(&desk);
    let files = journal_files(&mut desk, dir.path());
    for sim in std::iter::once(&desk.sim).chain(&desk.more_sims) {
        sim.delete_codes("demo", &sim.code_ids("demo"));
    }
    let today = visitor_desk::expected::local_now(Utc::now()).date();
    let doors = [
        desk.sim.intercom_ids("demo")[0],
        desk.more_sims[0].intercom_ids("demo")[0],
    ];
    for ((file, door), (name, flat)) in files
        .iter()
        .zip(doors)
        .zip([("Anna Petrova", "7"), ("Фёдор Семёнов", "12")])
    {
        let mut visitor = NewVisitor::new(name, today);
        visitor.flat = flat.into();
        visitor.intercom_id = Some(door);
        let connection = visitor_desk::journal::open_database(file).expect("the journal");
        store::add(&connection, &visitor, "frontdesk", Utc::now()).expect("added");
    }

    desk.harness.get_by_label("Today").click();
    desk.step_until("both accounts' visitors", |h| {
        [first, second].iter().all(|id| {
            h.state()
                .accounts()
                .state(*id)
                .is_some_and(|state| state.expected.visitors.len() == 1)
        })
    });
    desk.frames(2);
    assert!(desk.has_label("Anna Petrova"));
    assert!(desk.has_label("Фёдор Семёнов"));
    let second_name = group_of(&desk, second);
    assert!(
        desk.has_label_containing(&format!("{second_name} · ")),
        "the second's visitor names {second_name}"
    );

    desk.type_into("Find a visitor", "сем");
    desk.harness.key_press(egui::Key::Enter);
    desk.step_until("the code made", |h| {
        [first, second].iter().any(|id| {
            h.state()
                .accounts()
                .state(*id)
                .is_some_and(|state| state.create.created.is_some())
        })
    });
    assert_eq!(
        desk.more_sims[0].code_ids("demo").len(),
        1,
        "made at the second server"
    );
    assert!(
        desk.sim.code_ids("demo").is_empty(),
        "nothing made at the first server"
    );
    let made = desk
        .harness
        .state()
        .accounts()
        .state(second)
        .and_then(|state| state.create.created.clone())
        .expect("the second account's code just made");
    assert_eq!(made.title, "Фёдор Семёнов, flat 12");
    assert_eq!(made.intercom_id(), Some(doors[1]));
    desk.step_until("the second table marked", |_| {
        let connection = visitor_desk::journal::open_database(&files[1]).expect("journal");
        store::on_day(&connection, today)
            .expect("read")
            .iter()
            .any(|visitor| visitor.code_id == Some(made.id))
    });
}
