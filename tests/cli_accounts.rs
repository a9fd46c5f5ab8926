//! The command line with several accounts: `--account NAME` picks a saved account, `codes list --all-accounts`
//! and `watch --all-accounts` read every saved account with a kept sign-in at once, and `sim --servers N` runs
//! several servers in one process.
//!
//! The kept sign-ins need a Secret Service: those tests are ignored by default, so that they never touch a
//! developer's keyring, and CI runs them inside a private D-Bus session with a throwaway, unlocked gnome-keyring
//! (see `.ci/run`), as `cli_keyring.rs`.

mod common;

use std::process::Stdio;
use std::time::Duration;

use aipix_sim::testing::{config_with_users, start_many_on_loopback};
use aipix_sim::{SimConfig, SimHandle};
use common::cli::{Home, Run, run};
use serde_json::Value;
use tokio::io::AsyncBufReadExt as _;
use tokio::process::Command;
use visitor_desk::settings::{self, Profile, Settings};

/// A run in `home` that reaches this session's keyring (the one CI starts for these tests).
fn with_keyring(home: &Home, args: &[&str], password: Option<&str>) -> Command {
    let mut command = home.command(args, password);
    match std::env::var_os("DBUS_SESSION_BUS_ADDRESS") {
        Some(bus) => command.env("DBUS_SESSION_BUS_ADDRESS", bus),
        None => command.env_remove("DBUS_SESSION_BUS_ADDRESS"),
    };
    command
}

async fn kept(home: &Home, args: &[&str]) -> Run {
    run(with_keyring(home, args, None)).await
}

/// `login` to `login` at `sim` (its password is its login), kept in the keyring, then the profile renamed to
/// `name` as the window's account list would.
async fn sign_in_as(home: &Home, sim: &SimHandle, login: &str, name: &str) {
    let server = sim.base_url();
    let signed_in = run(with_keyring(
        home,
        &["login", "--server", &server, "--login", login],
        Some(login),
    ))
    .await;
    signed_in.exited(0);
    let key = visitor_desk::secrets::TokenKey::new(&server, login);
    settings::update(home.config.path(), |settings| {
        let profile = settings
            .profiles
            .iter_mut()
            .find(|profile| profile.token_key() == key)
            .expect("login saved the profile");
        if settings.last_profile.as_deref() == Some(profile.name.as_str()) {
            settings.last_profile = Some(name.to_owned());
        }
        profile.name = name.to_owned();
    })
    .written()
    .expect("settings written");
}

/// Two servers, three accounts: `Harbour` (demo) and `Harbour back office` (alice) on the first, `Mill` (demo) on
/// the second; every password is the login.
async fn three_accounts() -> (Vec<SimHandle>, Home) {
    let sims = start_many_on_loopback(
        &config_with_users(&[("demo", "demo"), ("alice", "alice")]),
        2,
    )
    .await;
    let home = Home::new();
    sign_in_as(&home, &sims[0], "demo", "Harbour").await;
    sign_in_as(&home, &sims[0], "alice", "Harbour back office").await;
    sign_in_as(&home, &sims[1], "demo", "Mill").await;
    (sims, home)
}

/// The ids `sim` holds for `login`, and those the listing gave for `account`.
fn listed_ids(listing: &Value, account: &str) -> Vec<u64> {
    let mut ids: Vec<u64> = listing
        .as_array()
        .expect("a JSON array")
        .iter()
        .filter(|code| code["account"] == account)
        .map(|code| code["id"].as_u64().expect("an id"))
        .collect();
    ids.sort_unstable();
    ids
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a Secret Service: run under dbus-run-session with gnome-keyring (see .ci/run)"]
async fn an_account_is_picked_by_the_name_its_group_has_in_the_window() {
    let (sims, home) = three_accounts().await;
    // The window's intercom list named the Mill's group.
    settings::update(home.config.path(), |settings| {
        let mill = settings
            .profiles
            .iter_mut()
            .find(|profile| profile.name == "Mill")
            .expect("the Mill's profile");
        mill.group = Some("Mill Lane".into());
    })
    .written()
    .expect("settings written");

    let one = kept(
        &home,
        &[
            "codes",
            "list",
            "--account",
            "Mill Lane",
            "--format",
            "json",
        ],
    )
    .await;
    let json: Value = serde_json::from_str(&one.exited(0).stdout).expect("JSON");
    let mut ids: Vec<u64> = json
        .as_array()
        .expect("a JSON array")
        .iter()
        .map(|code| code["id"].as_u64().expect("an id"))
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, sims[1].code_ids("demo"));

    let all = kept(
        &home,
        &["codes", "list", "--all-accounts", "--format", "json"],
    )
    .await;
    let json: Value = serde_json::from_str(&all.exited(0).stdout).expect("JSON");
    assert_eq!(listed_ids(&json, "Mill Lane"), sims[1].code_ids("demo"));
}

/// The table has an account column first; so has the CSV.
async fn table_and_csv_name_the_account(home: &Home, total: usize) {
    let table = kept(home, &["codes", "list", "--all-accounts"]).await;
    let table = &table.exited(0).stdout;
    let header = table.lines().next().expect("a header");
    assert!(header.starts_with("ACCOUNT"), "{table}");
    assert!(
        table
            .lines()
            .any(|line| line.starts_with("Mill ") && line.contains("Mill visitor")),
        "{table}"
    );
    let csv = kept(
        home,
        &["codes", "list", "--all-accounts", "--format", "csv"],
    )
    .await;
    let mut reader = csv::Reader::from_reader(csv.exited(0).stdout.as_bytes());
    assert_eq!(reader.headers().expect("a header").get(0), Some("account"));
    assert_eq!(reader.records().count(), total);
}

/// `--account NAME`: that account alone, from its kept sign-in.
async fn one_account_alone(home: &Home, mill: &SimHandle) {
    let one = kept(
        home,
        &["codes", "list", "--account", "Mill", "--format", "json"],
    )
    .await;
    let one: Value = serde_json::from_str(&one.exited(0).stdout).expect("JSON");
    let mut ids: Vec<u64> = one
        .as_array()
        .expect("an array")
        .iter()
        .map(|code| code["id"].as_u64().expect("id"))
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, mill.code_ids("demo"));
}

/// The second server goes down: its account is named on stderr, the others are listed, and the exit code says
/// that not all were read; a signed-out account is no longer among them; then every server is down.
async fn servers_down_are_named(home: &Home, sims: &[SimHandle]) {
    sims[1].shutdown();
    sims[1].stopped().await;
    let partial = kept(
        home,
        &["codes", "list", "--all-accounts", "--format", "json"],
    )
    .await;
    assert_eq!(partial.code, Some(5), "{partial:#?}");
    let json: Value = serde_json::from_str(&partial.stdout).expect("JSON");
    assert_eq!(listed_ids(&json, "Harbour"), sims[0].code_ids("demo"));
    assert_eq!(
        listed_ids(&json, "Harbour back office"),
        sims[0].code_ids("alice")
    );
    assert!(listed_ids(&json, "Mill").is_empty());
    assert!(partial.stderr.contains("Mill: not read."), "{partial:#?}");
    assert!(
        partial.stderr.contains("1 of 3 accounts could not be read"),
        "{partial:#?}"
    );
    assert!(!partial.stderr.contains("Harbour"), "{partial:#?}");

    // A signed-out account is no longer among them: it has no kept sign-in.
    kept(home, &["logout", "--account", "Harbour back office"])
        .await
        .exited(0);
    assert_eq!(sims[0].session_count("alice"), 0);
    assert_eq!(
        sims[0].session_count("demo"),
        1,
        "the other account of the server stays signed in"
    );
    let after = kept(
        home,
        &["codes", "list", "--all-accounts", "--format", "json"],
    )
    .await;
    assert_eq!(after.code, Some(5), "{after:#?}");
    let json: Value = serde_json::from_str(&after.stdout).expect("JSON");
    assert!(listed_ids(&json, "Harbour back office").is_empty());
    assert!(after.stderr.contains("1 of 2 accounts"), "{after:#?}");
    // Every server down: nothing is listed, and the exit code is the first failure's (unreachable).
    sims[0].shutdown();
    sims[0].stopped().await;
    let none = kept(home, &["codes", "list", "--all-accounts"]).await;
    none.exited(4);
    assert!(
        none.stderr.contains("Harbour: not read.") && none.stderr.contains("Mill: not read."),
        "{none:#?}"
    );
    assert!(
        none.stderr.contains("None of the 2 accounts could be read"),
        "{none:#?}"
    );
    let not_kept = kept(home, &["codes", "list", "--account", "Harbour back office"]).await;
    not_kept.exited(3);
    assert!(
        not_kept
            .stderr
            .contains("Not signed in to the account “Harbour back office”"),
        "{not_kept:#?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a Secret Service: run under dbus-run-session with gnome-keyring (see .ci/run)"]
async fn all_accounts_are_listed_in_one_table_and_a_server_down_is_named_while_the_others_are_listed()
 {
    let (sims, home) = three_accounts().await;
    // Codes that tell the accounts apart: the same id may exist on both servers.
    sims[1]
        .create_code(
            "demo",
            sims[1].intercom_ids("demo")[0],
            "Mill visitor",
            sims[1].now() + chrono::TimeDelta::hours(2),
        )
        .expect("a code");

    let listing = kept(
        &home,
        &["codes", "list", "--all-accounts", "--format", "json"],
    )
    .await;
    let json: Value = serde_json::from_str(&listing.exited(0).stdout).expect("JSON");
    assert_eq!(listed_ids(&json, "Harbour"), sims[0].code_ids("demo"));
    assert_eq!(
        listed_ids(&json, "Harbour back office"),
        sims[0].code_ids("alice")
    );
    assert_eq!(listed_ids(&json, "Mill"), sims[1].code_ids("demo"));
    let total = sims[0].code_ids("demo").len()
        + sims[0].code_ids("alice").len()
        + sims[1].code_ids("demo").len();
    assert_eq!(json.as_array().map(Vec::len), Some(total), "{json:#}");
    let mill = json
        .as_array()
        .and_then(|codes| codes.iter().find(|code| code["title"] == "Mill visitor"))
        .expect("the Mill code");
    assert_eq!(mill["account"], "Mill");
    assert!(
        mill["intercom"]["address"]
            .as_str()
            .is_some_and(|address| address.contains("Mill Lane")),
        "each server its own building: {mill:#}"
    );
    assert_eq!(
        (
            sims[0].session_count("demo"),
            sims[0].session_count("alice"),
            sims[1].session_count("demo")
        ),
        (1, 1, 1),
        "the kept sign-ins are used, no new session"
    );

    table_and_csv_name_the_account(&home, total).await;
    one_account_alone(&home, &sims[1]).await;
    servers_down_are_named(&home, &sims).await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a Secret Service: run under dbus-run-session with gnome-keyring (see .ci/run)"]
async fn watch_all_accounts_is_one_stream_naming_each_account_with_one_wsurl_per_server() {
    let (sims, home) = three_accounts().await;
    let mut watch = with_keyring(&home, &["watch", "--all-accounts"], None);
    let mut watch = watch.stdout(Stdio::piped()).spawn().expect("watch starts");
    let mut lines = tokio::io::BufReader::new(watch.stdout.take().expect("stdout")).lines();
    let mut next = async || -> Value {
        let line = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
            .await
            .expect("a line in time")
            .expect("readable")
            .expect("watch still runs");
        serde_json::from_str(&line).unwrap_or_else(|error| panic!("{line:?}: {error}"))
    };
    let mut connected = std::collections::BTreeSet::new();
    while connected.len() < 3 {
        let event = next().await;
        if event["event"] == "connected" {
            connected.insert(
                event["account"]
                    .as_str()
                    .expect("each line names its account")
                    .to_owned(),
            );
        }
    }
    assert_eq!(
        connected.into_iter().collect::<Vec<_>>(),
        ["Harbour", "Harbour back office", "Mill"]
    );
    assert_eq!(
        sims[0].requests_to("GET", "/api/v1/wsurl"),
        1,
        "one wsurl for both accounts of the server"
    );
    assert_eq!(sims[1].requests_to("GET", "/api/v1/wsurl"), 1);

    // A code made at the second server from another desk comes named by its account.
    sims[1]
        .create_code(
            "demo",
            sims[1].intercom_ids("demo")[0],
            "From the Mill desk",
            sims[1].now() + chrono::TimeDelta::hours(1),
        )
        .expect("a code");
    let pushed = loop {
        let event = next().await;
        if event.to_string().contains("From the Mill desk") {
            break event;
        }
    };
    assert_eq!(pushed["account"], "Mill", "{pushed:#}");
    watch.kill().await.expect("stopped");
}

/// The settings of a desk with two saved accounts (no keyring needed to be refused).
fn two_profiles(home: &Home) {
    let mut saved = Settings::new();
    for (name, server) in [
        ("Harbour", "http://127.0.0.1:9"),
        ("Mill", "http://127.0.0.1:10"),
    ] {
        saved.upsert_profile(Profile {
            name: name.to_owned(),
            server: server.to_owned(),
            login: "demo".to_owned(),
            ..Profile::default()
        });
    }
    settings::save(home.config.path(), &saved).expect("settings saved");
}

#[tokio::test]
async fn an_unknown_account_is_a_usage_error_that_lists_the_saved_ones() {
    let home = Home::new();
    let nothing_saved = home
        .run(&["codes", "list", "--account", "Harbour"], None)
        .await;
    nothing_saved.exited(1);
    assert!(
        nothing_saved.stderr.contains("no account is saved yet"),
        "{nothing_saved:#?}"
    );

    two_profiles(&home);
    for args in [
        &["codes", "list", "--account", "Quay"][..],
        &["intercoms", "--account", "Quay"],
        &["journal", "--account", "Quay"],
        &["--account", "Quay", "logout"],
        &["watch", "--account", "Quay"],
        // The window too: refused before any window opens.
        &["--account", "Quay"],
    ] {
        let unknown = home.run(args, None).await;
        unknown.exited(1);
        assert!(
            unknown.stderr.contains(
                "There is no saved account named “Quay”. The saved accounts: Harbour, Mill."
            ),
            "{args:?}: {unknown:#?}"
        );
    }
    let russian = home
        .run(
            &["codes", "list", "--account", "Quay", "--lang", "ru"],
            None,
        )
        .await;
    russian.exited(1);
    assert!(
        russian
            .stderr
            .contains("Нет сохранённой учётной записи «Quay»"),
        "{russian:#?}"
    );

    // One account is named one way: --account with --server or --login, or --all-accounts with --account, is a
    // usage error.
    for args in [
        &[
            "codes",
            "list",
            "--account",
            "Mill",
            "--server",
            "http://127.0.0.1:9",
        ][..],
        &["codes", "list", "--account", "Mill", "--login", "demo"],
        &["codes", "list", "--all-accounts", "--account", "Mill"],
        &[
            "codes",
            "list",
            "--all-accounts",
            "--server",
            "http://127.0.0.1:9",
            "--login",
            "demo",
        ],
        &["watch", "--all-accounts", "--account", "Mill"],
    ] {
        let both = home.run(args, None).await;
        both.exited(1);
        assert!(
            both.stderr.contains("cannot be used with"),
            "{args:?}: {both:#?}"
        );
    }

    // Without a keyring, no kept sign-in can be read: the listing fails with exit 3 and says why.
    let none = home.run(&["codes", "list", "--all-accounts"], None).await;
    none.exited(3);
    assert!(
        none.stderr.contains("The system keyring cannot be reached"),
        "{none:#?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn sim_runs_several_servers_each_with_its_own_address_users_and_building() {
    let home = Home::new();
    let mut sim = home.command(
        &[
            "sim",
            "--servers",
            "3",
            "--listen",
            "127.0.0.1:0",
            "--accounts",
            "2",
            "--codes-per-account",
            "40",
        ],
        None,
    );
    let mut sim = sim
        .stdout(Stdio::piped())
        .spawn()
        .expect("the simulators start");
    let mut lines = tokio::io::BufReader::new(sim.stdout.take().expect("stdout")).lines();
    let mut servers = Vec::new();
    while servers.len() < 3 {
        let line = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
            .await
            .expect("in time")
            .expect("readable")
            .expect("a line");
        if let Some(url) = line
            .split_whitespace()
            .find(|word| word.starts_with("http://127.0.0.1:"))
        {
            servers.push((url.to_owned(), line.clone()));
        }
    }
    assert!(servers[0].1.contains("(Harbour Street)"), "{servers:?}");
    assert!(servers[1].1.contains("(Mill Lane)"), "{servers:?}");
    let urls: std::collections::BTreeSet<&str> =
        servers.iter().map(|(url, _)| url.as_str()).collect();
    assert_eq!(urls.len(), 3, "each server its own port: {servers:?}");

    // Each server has the demo account and user1, user2, with 3 demo codes + 40 each, and its own building.
    for ((url, _), street) in servers
        .iter()
        .zip(["Harbour Street", "Mill Lane", "Station Road"])
    {
        for login in ["demo", "user2"] {
            let args = [
                "codes",
                "list",
                "--format",
                "json",
                "--server",
                url.as_str(),
                "--login",
                login,
            ];
            let listed = home.run(&args, Some(login)).await;
            let codes: Value = serde_json::from_str(&listed.exited(0).stdout).expect("JSON");
            let codes = codes.as_array().expect("an array");
            assert_eq!(codes.len(), 43, "{login} at {url}");
            assert!(
                codes.iter().all(|code| code["intercom"]["address"]
                    .as_str()
                    .is_some_and(|a| a.ends_with(street))),
                "{login} at {url}: {codes:#?}"
            );
        }
    }
    sim.kill().await.expect("stopped");
}

/// The simulator's own view: several independent servers from one call.
#[tokio::test]
async fn start_many_gives_each_server_its_own_users_data_and_building() {
    let sims = start_many_on_loopback(&SimConfig::default(), 2).await;
    assert_ne!(sims[0].base_url(), sims[1].base_url());
    let code = sims[0]
        .create_code(
            "demo",
            sims[0].intercom_ids("demo")[0],
            "Only here",
            sims[0].now() + chrono::TimeDelta::hours(1),
        )
        .expect("a code");
    let id = code["id"].as_u64().expect("id");
    assert!(sims[0].code_ids("demo").contains(&id));
    assert_eq!(
        sims[1].code_ids("demo").len(),
        3,
        "the other server's data is its own"
    );
    assert_eq!(aipix_sim::site_name(0), "Harbour Street");
    assert_eq!(aipix_sim::site_name(1), "Mill Lane");
    assert_eq!(aipix_sim::site_name(6), "Harbour Street 2");
}
