//! The command line from outside: the built binary against the simulator on 127.0.0.1, every command and every
//! exit code, with JSON parsed back and CSV read by a CSV reader.
//!
//! Here no system keyring is reachable (each run gets a D-Bus address that cannot exist), so commands sign in
//! for their run with `--server/--login` and `VISITOR_DESK_PASSWORD`. The kept sign-in of `login` is tested
//! against a real Secret Service in `cli_keyring.rs`.

mod common;

/// The command line's definition, as `build.rs` includes it: the English help is clap's rendering of it.
#[allow(dead_code)]
#[path = "../src/cli/args.rs"]
mod args;
#[allow(dead_code)]
#[path = "../src/cli/manual.rs"]
mod manual;

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use aipix_sim::SimHandle;
use aipix_sim::testing::{config_with_users, start_on_loopback};
use chrono::{DateTime, Local, NaiveDateTime, TimeDelta, TimeZone as _, Utc};
use serde_json::Value;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::process::Command;

/// What one run of `visitor-desk` left.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Exit code `code`, and on failure nothing on stdout.
    #[track_caller]
    fn exited(&self, code: i32) -> &Self {
        assert_eq!(self.code, Some(code), "{self:#?}");
        if code != 0 {
            assert_eq!(self.stdout, "", "a failure prints nothing on stdout");
        }
        self
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {self:#?}"))
    }

    /// The CSV on stdout, as records keyed by the header row.
    fn csv(&self) -> Vec<std::collections::HashMap<String, String>> {
        let mut reader = csv::Reader::from_reader(self.stdout.as_bytes());
        let headers = reader.headers().expect("a header row").clone();
        reader
            .records()
            .map(|record| {
                let record = record.expect("a CSV record");
                headers
                    .iter()
                    .zip(record.iter())
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    .collect()
            })
            .collect()
    }
}

/// `visitor-desk` with a settings folder of its own, no keyring, no terminal, and the password if given.
struct Script {
    config_dir: tempfile::TempDir,
    /// The journals' folder (`VISITOR_DESK_DATA_DIR`).
    data_dir: tempfile::TempDir,
    server: String,
}

impl Script {
    fn new(sim: &SimHandle) -> Self {
        Self::at(sim.base_url())
    }

    fn at(server: String) -> Self {
        Self {
            config_dir: tempfile::tempdir().expect("config dir"),
            data_dir: tempfile::tempdir().expect("data dir"),
            server,
        }
    }

    fn command(&self, args: &[&str], password: Option<&str>) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_visitor-desk"));
        command
            .args(args)
            .env("VISITOR_DESK_CONFIG_DIR", self.config_dir.path())
            .env("VISITOR_DESK_DATA_DIR", self.data_dir.path())
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                "unix:path=/nonexistent/visitor-desk-test/bus",
            )
            .env_remove("RUST_LOG")
            .env_remove("VISITOR_DESK_PASSWORD")
            // English messages whatever the machine's language (a test below asks for Russian).
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C.UTF-8")
            .stdin(Stdio::null())
            .kill_on_drop(true);
        if let Some(password) = password {
            command.env("VISITOR_DESK_PASSWORD", password);
        }
        command
    }

    /// A run without `--server/--login`.
    async fn bare(&self, args: &[&str], password: Option<&str>) -> Run {
        run(self.command(args, password)).await
    }

    /// A run signed in for itself as demo.
    async fn demo(&self, args: &[&str]) -> Run {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--server", &self.server, "--login", "demo"]);
        self.bare(&all, Some("demo")).await
    }
}

async fn run(mut command: Command) -> Run {
    let output = tokio::time::timeout(Duration::from_secs(60), command.output())
        .await
        .expect("visitor-desk finished in time")
        .expect("visitor-desk runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

fn ids_of(json: &Value) -> Vec<u64> {
    let mut ids: Vec<u64> = json
        .as_array()
        .expect("a JSON array")
        .iter()
        .map(|object| object["id"].as_u64().expect("an id"))
        .collect();
    ids.sort_unstable();
    ids
}

fn sorted(mut ids: Vec<u64>) -> Vec<u64> {
    ids.sort_unstable();
    ids
}

/// The journal's lines the command line wrote: kind, outcome, code and title.
fn command_line_lines(entries: &Value) -> Vec<(String, String, Option<u64>, String)> {
    entries
        .as_array()
        .expect("an array")
        .iter()
        .filter(|entry| entry["origin"] == "command_line")
        .map(|entry| {
            (
                entry["kind"].as_str().unwrap_or_default().to_owned(),
                entry["outcome"].as_str().unwrap_or_default().to_owned(),
                entry["code_id"].as_u64(),
                entry["title"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn what_the_command_line_does_is_in_the_journal_with_no_window_ever_opened() {
    let sim = start_on_loopback(Default::default()).await;
    let desk = Script::new(&sim);
    let intercom = sim.intercom_ids("demo")[0].to_string();
    let made = desk
        .demo(&[
            "codes",
            "create",
            "--intercom",
            &intercom,
            "--title",
            "Courier from a script",
            "--for",
            "2h",
            "--format",
            "json",
        ])
        .await;
    let made = made.exited(0).json();
    let id = made["id"].as_u64().expect("the new code's id");
    desk.demo(&["codes", "revoke", &id.to_string(), "--yes"])
        .await
        .exited(0);
    let refused = desk
        .bare(
            &["codes", "list", "--server", &desk.server, "--login", "demo"],
            Some("not the password"),
        )
        .await;
    refused.exited(3);
    // Reads: nothing of their own.
    desk.demo(&["codes", "list"]).await.exited(0);
    desk.demo(&["intercoms"]).await.exited(0);

    // Read by `journal` alone: no window, no sign-in.
    let journal = desk
        .bare(
            &[
                "journal",
                "--server",
                &desk.server,
                "--login",
                "demo",
                "--format",
                "json",
            ],
            None,
        )
        .await;
    let entries = journal.exited(0).json();
    let ours = command_line_lines(&entries);
    let has = |kind: &str, outcome: &str, code: Option<u64>| {
        ours.iter()
            .any(|(k, o, c, _)| k == kind && o == outcome && (code.is_none() || *c == code))
    };
    assert!(has("code_created", "ok", Some(id)), "{ours:#?}");
    assert!(
        ours.iter()
            .any(|(kind, _, _, title)| kind == "code_created" && title == "Courier from a script")
    );
    assert!(has("code_revoked", "ok", Some(id)), "{ours:#?}");
    assert!(
        has("sign_in", "failed", None),
        "the refused password: {ours:#?}"
    );
    // One line per run, what it did; the sign-ins and sign-outs around each are not lines of their own.
    assert_eq!(ours.len(), 3, "{ours:#?}");
    assert!(
        entries
            .as_array()
            .expect("an array")
            .iter()
            .all(|entry| entry["origin"] != "desk"),
        "no line claims the window did it"
    );

    let table = desk
        .bare(
            &["journal", "--server", &desk.server, "--login", "demo"],
            None,
        )
        .await;
    assert!(
        table.exited(0).stdout.contains("This desk (command line)"),
        "{}",
        table.stdout
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn codes_as_csv_for_excel_keep_their_leading_zeros_and_their_fields_in_a_spreadsheet() {
    let sim = start_on_loopback(Default::default()).await;
    let intercom = sim.intercom_ids("demo")[0];
    sim.create_code(
        "demo",
        intercom,
        "Электрик; щиток, 2 этаж",
        Utc::now() + TimeDelta::hours(3),
    )
    .expect("a code with separators in its title");
    sim.create_code(
        "demo",
        intercom,
        "=1+1 курьер",
        Utc::now() + TimeDelta::hours(3),
    )
    .expect("a code whose title looks like a formula");
    // Enough codes that some start with a zero (one in ten), as 13 of 136 did at a real desk.
    sim.insert_codes("demo", intercom, 200, Utc::now() + TimeDelta::hours(3));
    let desk = Script::new(&sim);
    let json = desk.demo(&["codes", "list", "--format", "json"]).await;
    let mut expected: Vec<(String, String)> = json
        .exited(0)
        .json()
        .as_array()
        .expect("array")
        .iter()
        .map(|code| {
            (
                code["code"].as_str().expect("code").to_owned(),
                code["title"].as_str().expect("title").to_owned(),
            )
        })
        .collect();
    expected.sort();
    assert!(
        expected.iter().any(|(code, _)| code.starts_with('0')),
        "some codes start with a zero"
    );

    // For scripts: the values as the server holds them, nothing added.
    let csv = desk.demo(&["codes", "list", "--format", "csv"]).await;
    let mut plain: Vec<(String, String)> = csv
        .exited(0)
        .csv()
        .into_iter()
        .map(|row| (row["code"].clone(), row["title"].clone()))
        .collect();
    plain.sort();
    assert_eq!(plain, expected, "plain CSV carries every value as it is");
    assert!(!csv.stdout.contains("=\""), "{}", csv.stdout);

    let excel = desk.demo(&["codes", "list", "--format", "excel"]).await;
    assert!(
        excel.exited(0).stdout.starts_with('\u{feff}'),
        "CSV for Excel starts with a byte-order mark"
    );
    assert!(
        excel.stdout.contains("'=1+1 курьер") && !excel.stdout.contains(",=1+1"),
        "a title that looks like a formula is guarded: {}",
        excel.stdout
    );
    // What spreadsheets show of a guarded title differs (Gnumeric hides the apostrophe, LibreOffice shows it):
    // the codes and the other titles are compared.
    expected.retain(|(_, title)| !title.starts_with('='));
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("codes.csv");
    std::fs::write(&file, &excel.stdout).expect("written");
    for rows in [
        common::spreadsheet::rows_in_gnumeric(&file),
        common::spreadsheet::rows_in_libreoffice(&file, b','),
    ] {
        let (code_at, title_at) = (1, 2);
        assert_eq!(
            (rows[0][code_at].as_str(), rows[0][title_at].as_str()),
            ("code", "title")
        );
        let mut shown: Vec<(String, String)> = rows[1..]
            .iter()
            .map(|row| (row[code_at].clone(), row[title_at].clone()))
            .filter(|(_, title)| !title.contains("=1+1"))
            .collect();
        shown.sort();
        assert_eq!(
            shown, expected,
            "every code as the server wrote it, every title whole"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn intercoms_as_a_table_as_json_and_as_csv() {
    let sim = start_on_loopback(Default::default()).await;
    let desk = Script::new(&sim);
    let expected = sorted(sim.intercom_ids("demo"));
    assert_eq!(expected.len(), 4, "the demo data");

    let json = desk.demo(&["intercoms", "--format", "json"]).await;
    let parsed = json.exited(0).json();
    assert_eq!(ids_of(&parsed), expected);
    assert!(
        parsed
            .as_array()
            .is_some_and(|all| all.iter().any(|i| i["title"] == "Main entrance"
                && i["is_online"] == true
                && i["status"] == "confirmed")),
        "{parsed:#}"
    );

    let csv = desk.demo(&["intercoms", "--format", "csv"]).await;
    let rows = csv.exited(0).csv();
    let mut csv_ids: Vec<u64> = rows.iter().map(|r| r["id"].parse().expect("id")).collect();
    csv_ids.sort_unstable();
    assert_eq!(csv_ids, expected);
    let main = rows
        .iter()
        .find(|r| r["title"] == "Main entrance")
        .expect("Main entrance");
    assert_eq!(main["online"], "true");
    assert_eq!(main["address"], "12 Harbour Street");

    let table = desk.demo(&["intercoms"]).await;
    let lines: Vec<&str> = table.exited(0).stdout.lines().collect();
    assert!(
        lines[0].starts_with("ID") && lines[0].contains("TITLE"),
        "{lines:?}"
    );
    assert_eq!(lines.len(), 1 + expected.len(), "{lines:?}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Service door") && l.contains("not confirmed"))
    );

    assert_eq!(
        sim.session_count("demo"),
        0,
        "each run signed out of the session it opened"
    );
}

/// `codes list --format csv`: every code a row, the status in words, the door code kept as text by a
/// spreadsheet, times in RFC 3339.
async fn csv_is_a_spreadsheets(
    desk: &Script,
    count: usize,
    soon: &Value,
    expired_id: u64,
    intercom: u64,
) {
    let soon_id = soon["id"].as_u64().expect("id");
    let csv = desk.demo(&["codes", "list", "--format", "csv"]).await;
    let rows = csv.exited(0).csv();
    assert_eq!(rows.len(), count);
    let row = rows
        .iter()
        .find(|r| r["id"] == soon_id.to_string())
        .expect("the expiring code's row");
    assert_eq!(row["status"], "expiring");
    assert_eq!(row["title"], "Soon gone");
    // For scripts, the door code as the server sent it (CSV for Excel guards it: see above).
    assert_eq!(row["code"], soon["code"].as_str().expect("code"));
    assert_eq!(row["intercom_id"], intercom.to_string());
    let expires: DateTime<Utc> = row["expires_at"].parse().expect("RFC 3339 time");
    assert!(
        (expires - Utc::now() - TimeDelta::minutes(30))
            .num_seconds()
            .abs()
            < 120
    );
    let expired_row = rows
        .iter()
        .find(|r| r["id"] == expired_id.to_string())
        .expect("the expired code's row");
    assert_eq!(expired_row["status"], "expired");
}

#[tokio::test(flavor = "multi_thread")]
async fn codes_list_shows_every_code_and_narrows_by_status_and_intercom() {
    let sim = start_on_loopback(Default::default()).await;
    let desk = Script::new(&sim);
    let intercoms = sorted(sim.intercom_ids("demo"));
    // Made two hours ago (the simulator's clock set back while it is made), with half an hour left: in the last
    // quarter of its time, so expiring soon (a code made now for half an hour is not, yet).
    sim.advance_clock(-TimeDelta::hours(2));
    let soon = sim
        .create_code(
            "demo",
            intercoms[1],
            "Soon gone",
            Utc::now() + TimeDelta::minutes(30),
        )
        .expect("an expiring code");
    sim.advance_clock(TimeDelta::hours(2));
    let soon_id = soon["id"].as_u64().expect("id");
    let all = sorted(sim.code_ids("demo"));
    assert_eq!(all.len(), 4);

    let every = desk.demo(&["codes", "list", "--format", "json"]).await;
    let every = every.exited(0).json();
    assert_eq!(ids_of(&every), all, "expired ones included");
    let expired: Vec<&Value> = every
        .as_array()
        .expect("array")
        .iter()
        .filter(|code| code["is_expired"] == true)
        .collect();
    assert_eq!(expired.len(), 1, "the demo data has one expired code");
    let expired_id = expired[0]["id"].as_u64().expect("id");
    let first = &every[0];
    for field in ["code", "title", "expired_at", "will_deleted_at", "intercom"] {
        assert!(!first[field].is_null(), "the whole code object: {first:#}");
    }

    let only_expired = desk
        .demo(&["codes", "list", "--status", "expired", "--format", "json"])
        .await;
    assert_eq!(ids_of(&only_expired.exited(0).json()), vec![expired_id]);
    let expiring = desk
        .demo(&["codes", "list", "--status", "expiring", "--format", "json"])
        .await;
    assert_eq!(ids_of(&expiring.exited(0).json()), vec![soon_id]);
    let valid = desk
        .demo(&[
            "codes",
            "list",
            "--status",
            "active,expiring",
            "--format",
            "json",
        ])
        .await;
    let valid = ids_of(&valid.exited(0).json());
    assert_eq!(valid.len(), 3);
    assert!(!valid.contains(&expired_id));

    let on_second = desk
        .demo(&[
            "codes",
            "list",
            "--intercom",
            &intercoms[1].to_string(),
            "--format",
            "json",
        ])
        .await;
    let on_second = on_second.exited(0).json();
    assert!(ids_of(&on_second).contains(&soon_id));
    assert!(
        on_second
            .as_array()
            .expect("array")
            .iter()
            .all(|code| code["intercom"]["id"] == intercoms[1]),
        "{on_second:#}"
    );

    csv_is_a_spreadsheets(&desk, all.len(), &soon, expired_id, intercoms[1]).await;

    let table = desk.demo(&["codes", "list", "--status", "expired"]).await;
    let lines: Vec<&str> = table.exited(0).stdout.lines().collect();
    assert_eq!(lines.len(), 2, "a header and one code: {lines:?}");
    assert!(lines[1].contains("Expired"), "{lines:?}");

    let unknown = desk.demo(&["codes", "list", "--intercom", "999999"]).await;
    unknown.exited(1);
    assert!(
        unknown.stderr.contains("no intercom with id 999999"),
        "{unknown:#?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn codes_create_prints_the_code_or_the_whole_object() {
    let sim = start_on_loopback(Default::default()).await;
    let desk = Script::new(&sim);
    let intercom = sorted(sim.intercom_ids("demo"))[0].to_string();

    let plain = desk
        .demo(&[
            "codes",
            "create",
            "--intercom",
            &intercom,
            "--title",
            "Courier",
            "--for",
            "4h",
        ])
        .await;
    let printed = plain.exited(0).stdout.trim_end_matches('\n');
    assert!(
        !printed.is_empty() && !printed.contains('\n'),
        "the code alone: {plain:#?}"
    );
    let listed = desk.demo(&["codes", "list", "--format", "json"]).await;
    let listed = listed.exited(0).json();
    let made = listed
        .as_array()
        .expect("array")
        .iter()
        .find(|code| code["code"] == printed)
        .expect("the printed code is on the server");
    assert_eq!(made["title"], "Courier");
    let expires = Utc.from_utc_datetime(
        &NaiveDateTime::parse_from_str(
            made["expired_at"].as_str().expect("expiry"),
            "%Y-%m-%d %H:%M:%S",
        )
        .expect("server time"),
    );
    assert!(
        (expires - Utc::now() - TimeDelta::hours(4))
            .num_seconds()
            .abs()
            < 120,
        "{expires}"
    );

    let until = (Local::now() + TimeDelta::days(2))
        .format("%Y-%m-%d 18:30")
        .to_string();
    let json = desk
        .demo(&[
            "codes",
            "create",
            "--intercom",
            &intercom,
            "--title",
            "Anna Schmidt",
            "--until",
            &until,
            "--format",
            "json",
        ])
        .await;
    let code = json.exited(0).json();
    let id = code["id"].as_u64().expect("the object has its id");
    assert!(sim.code_ids("demo").contains(&id));
    assert_eq!(code["title"], "Anna Schmidt");
    assert_eq!(code["intercom"]["id"].to_string(), intercom);
    let local = Local
        .from_local_datetime(
            &NaiveDateTime::parse_from_str(&until, "%Y-%m-%d %H:%M").expect("until"),
        )
        .earliest()
        .expect("a local time")
        .with_timezone(&Utc);
    assert_eq!(
        code["expired_at"],
        local.format("%Y-%m-%d %H:%M:%S").to_string(),
        "--until is local time"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn codes_revoke_needs_yes_without_a_terminal_and_refuses_unknown_ids() {
    let sim = start_on_loopback(Default::default()).await;
    let desk = Script::new(&sim);
    let codes = sorted(sim.code_ids("demo"));
    let (first, second) = (codes[0].to_string(), codes[1].to_string());

    let unasked = desk.demo(&["codes", "revoke", &first]).await;
    unasked.exited(1);
    assert!(unasked.stderr.contains("--yes"), "{unasked:#?}");
    assert_eq!(sorted(sim.code_ids("demo")), codes, "nothing was revoked");
    assert_eq!(
        sim.session_count("demo"),
        0,
        "refused before signing in: {unasked:#?}"
    );

    let mistyped = desk
        .demo(&["codes", "revoke", &first, "999999", "--yes"])
        .await;
    mistyped.exited(1);
    assert!(mistyped.stderr.contains("999999"), "{mistyped:#?}");
    assert_eq!(sorted(sim.code_ids("demo")), codes, "nothing was revoked");

    let revoked = desk
        .demo(&["codes", "revoke", &first, &second, "--yes"])
        .await;
    revoked.exited(0);
    assert!(revoked.stderr.contains("Revoked 2 codes"), "{revoked:#?}");
    assert_eq!(sorted(sim.code_ids("demo")), codes[2..].to_vec());
}

#[tokio::test(flavor = "multi_thread")]
async fn exit_2_when_the_server_refuses_with_its_reason_on_stderr() {
    let sim = start_on_loopback(Default::default()).await;
    let desk = Script::new(&sim);
    let intercom = sim.intercom_ids("demo")[0].to_string();
    let before = sorted(sim.code_ids("demo"));

    let untitled = desk
        .demo(&[
            "codes",
            "create",
            "--intercom",
            &intercom,
            "--title",
            " ",
            "--for",
            "1h",
        ])
        .await;
    untitled.exited(2);
    assert!(untitled.stderr.contains("title"), "{untitled:#?}");

    sim.set_code_limit(before.len());
    let over = desk
        .demo(&[
            "codes",
            "create",
            "--intercom",
            &intercom,
            "--title",
            "Sixth",
            "--for",
            "1h",
        ])
        .await;
    over.exited(2);
    assert!(over.stderr.contains(&before.len().to_string()), "{over:#?}");
    assert_eq!(sorted(sim.code_ids("demo")), before, "nothing was made");

    // An expiry the desk cannot check (it takes the server's time as given): the server's own reason. Here the
    // simulator's clock runs ahead of the desk's, so a time still to come here is past there.
    sim.set_code_limit(100);
    sim.advance_clock(chrono::Duration::days(3));
    let past = desk
        .demo(&[
            "codes",
            "create",
            "--intercom",
            &intercom,
            "--title",
            "Late",
            "--for",
            "1d",
        ])
        .await;
    past.exited(2);
    assert!(past.stderr.contains("expired"), "{past:#?}");
    sim.advance_clock(-chrono::Duration::days(3));

    let wrong = desk
        .bare(
            &["codes", "list", "--server", &desk.server, "--login", "demo"],
            Some("wrong"),
        )
        .await;
    // A wrong password is "not signed in" (3), as the exit codes' table says, not a refused request (2).
    wrong.exited(3);
    assert!(wrong.stderr.contains("do not match"), "{wrong:#?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn exit_3_without_a_kept_sign_in() {
    let sim = start_on_loopback(Default::default()).await;
    let desk = Script::new(&sim);
    for args in [
        &["codes", "list"][..],
        &["intercoms"],
        &[
            "codes",
            "create",
            "--intercom",
            "1",
            "--title",
            "x",
            "--for",
            "1h",
        ],
        &["codes", "revoke", "1", "--yes"],
        &["logout"],
    ] {
        let run = desk.bare(args, None).await;
        run.exited(3);
        assert!(run.stderr.contains("Not signed in"), "{args:?}: {run:#?}");
        assert!(
            run.stderr.contains("visitor-desk login"),
            "{args:?}: {run:#?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_saved_account_without_a_reachable_keyring_says_so_not_just_not_signed_in() {
    // As under cron: the account was signed in at the desk, but no session bus reaches its keyring.
    let sim = start_on_loopback(Default::default()).await;
    let desk = Script::new(&sim);
    let settings = serde_json::json!({
        "last_profile": "Front desk",
        "profiles": [{
            "name": "Front desk", "server": format!("{}/", sim.base_url()), "login": "demo",
            "tls": {"kind": "system"}
        }]
    });
    std::fs::write(
        desk.config_dir.path().join("settings.json"),
        settings.to_string(),
    )
    .expect("settings");
    for args in [
        &["codes", "list"][..],
        &["codes", "list", "--account", "Front desk"],
        &["codes", "list", "--all-accounts"],
        &["watch"],
    ] {
        let run = desk.bare(args, None).await;
        run.exited(3);
        assert!(
            run.stderr.contains("The system keyring cannot be reached")
                && run.stderr.contains("DBUS_SESSION_BUS_ADDRESS")
                && !run.stderr.contains("Not signed in"),
            "{args:?}: {run:#?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn login_without_a_keyring_keeps_nothing_and_says_so_with_exit_3() {
    let sim = start_on_loopback(Default::default()).await;
    let desk = Script::new(&sim);
    let login = desk
        .bare(
            &["login", "--server", &desk.server, "--login", "demo"],
            Some("demo"),
        )
        .await;
    login.exited(3);
    assert!(login.stderr.contains("no system keyring"), "{login:#?}");
    assert_eq!(sim.session_count("demo"), 0, "no session left open");
    desk.bare(&["codes", "list"], None).await.exited(3);
}

#[tokio::test(flavor = "multi_thread")]
async fn exit_4_when_the_server_cannot_be_reached() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let desk = Script::at(format!("http://127.0.0.1:{port}"));
    for args in [
        &["intercoms"][..],
        &["codes", "list"],
        &[
            "codes",
            "create",
            "--intercom",
            "1",
            "--title",
            "x",
            "--for",
            "1h",
        ],
        &["codes", "revoke", "1", "--yes"],
    ] {
        let run = desk.demo(args).await;
        run.exited(4);
        assert!(
            run.stderr.contains("Could not reach the server"),
            "{args:?}: {run:#?}"
        );
    }
    let login = desk
        .bare(
            &["login", "--server", &desk.server, "--login", "demo"],
            Some("demo"),
        )
        .await;
    // Without a keyring, `login` stops before it tries (exit 3); with one it would be 4. Either way no output.
    assert!(matches!(login.code, Some(3 | 4)), "{login:#?}");
    assert_eq!(login.stdout, "");
}

/// A usage mistake: the arguments, the password in the environment, and what the refusal must say.
type Mistake<'a> = (Vec<&'a str>, Option<&'static str>, &'static str);

/// Usage mistakes of `codes list` and `codes create`.
fn codes_mistakes(server: &str) -> Vec<Mistake<'_>> {
    vec![
        (
            vec!["codes", "lists"],
            Some("demo"),
            "unrecognized subcommand",
        ),
        (
            vec!["codes", "list", "--format", "xml"],
            Some("demo"),
            "xml",
        ),
        (
            vec!["codes", "list", "--status", "valid"],
            Some("demo"),
            "valid",
        ),
        (
            vec!["codes", "list", "--server", server],
            Some("demo"),
            "--login",
        ),
        (
            vec!["codes", "list", "--server", server, "--login", "demo"],
            None,
            "VISITOR_DESK_PASSWORD",
        ),
        (
            vec!["codes", "create", "--intercom", "1", "--title", "x"],
            Some("demo"),
            "--until",
        ),
        (
            vec![
                "codes",
                "create",
                "--intercom",
                "1",
                "--title",
                "x",
                "--until",
                "2030-01-01 10:00",
                "--for",
                "1h",
            ],
            Some("demo"),
            "cannot be used with",
        ),
        (
            vec![
                "codes",
                "create",
                "--intercom",
                "1",
                "--title",
                "x",
                "--for",
                "soon",
                "--server",
                server,
                "--login",
                "demo",
            ],
            Some("demo"),
            "--for",
        ),
        (
            vec![
                "codes",
                "create",
                "--intercom",
                "1",
                "--title",
                "x",
                "--until",
                "tomorrow",
                "--server",
                server,
                "--login",
                "demo",
            ],
            Some("demo"),
            "YYYY-MM-DD HH:MM",
        ),
    ]
}

/// Usage mistakes of the other commands.
fn other_mistakes(server: &str) -> Vec<Mistake<'_>> {
    vec![
        (vec!["codes", "revoke"], Some("demo"), "<ID>"),
        (vec!["login"], Some("demo"), "--server"),
        (
            vec!["login", "--server", "http://[broken", "--login", "demo"],
            Some("demo"),
            "address",
        ),
        (
            vec![
                "intercoms",
                "--server",
                server,
                "--login",
                "demo",
                "--pin-sha256",
                "abc",
            ],
            Some("demo"),
            "SHA-256",
        ),
        (vec!["watch", "--server", server], Some("demo"), "--login"),
    ]
}

/// A length of time, a date and an address that cannot be right, each said as what is wrong with it.
fn input_mistakes(server: &str) -> Vec<Mistake<'_>> {
    vec![
        (
            vec![
                "codes",
                "create",
                "--intercom",
                "1",
                "--title",
                "x",
                "--for",
                "-1h",
                "--server",
                server,
                "--login",
                "demo",
            ],
            Some("demo"),
            "must be valid for some time from now",
        ),
        (
            vec![
                "codes",
                "create",
                "--intercom",
                "1",
                "--title",
                "x",
                "--until",
                "2020-01-01 10:00",
                "--server",
                server,
                "--login",
                "demo",
            ],
            Some("demo"),
            "is in the past",
        ),
        (
            vec![
                "codes",
                "create",
                "--intercom",
                "1",
                "--title",
                "x",
                "--until",
                "2031-02-31 10:00",
                "--server",
                server,
                "--login",
                "demo",
            ],
            Some("demo"),
            "no such date",
        ),
        (
            vec!["journal", "--since", "2026-02-31"],
            None,
            "no such date",
        ),
        (
            vec!["journal", "--until", "31/01/2026"],
            None,
            "is not a date",
        ),
        (
            vec![
                "codes",
                "list",
                "--server",
                "htp//vms.example.org",
                "--login",
                "demo",
            ],
            Some("demo"),
            "This is not a server address",
        ),
        (
            vec![
                "codes",
                "list",
                "--server",
                "https//vms.example.org",
                "--login",
                "demo",
            ],
            Some("demo"),
            "mistyped",
        ),
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn exit_1_for_usage_mistakes_before_anything_is_sent() {
    let sim = start_on_loopback(Default::default()).await;
    let desk = Script::new(&sim);
    let server = desk.server.clone();
    let mistakes = [
        codes_mistakes(&server),
        other_mistakes(&server),
        input_mistakes(&server),
    ]
    .concat();
    for (args, password, says) in mistakes {
        let run = desk.bare(&args, password).await;
        run.exited(1);
        assert!(run.stderr.contains(says), "{args:?}: {run:#?}");
    }
    assert_eq!(sim.session_count("demo"), 0, "nothing signed in");
    assert_eq!(
        sim.requests_to("POST", "/api/v1/login"),
        0,
        "nothing was sent"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_long_code_needs_yes_a_door_without_codes_is_named_and_an_unknown_language_is_said() {
    let sim = start_on_loopback(Default::default()).await;
    let desk = Script::new(&sim);
    let intercom = sim.intercom_ids("demo")[0].to_string();
    let create = |valid_for: &'static str, yes: bool| {
        let intercom = intercom.clone();
        let desk = &desk;
        async move {
            let mut args = vec![
                "codes",
                "create",
                "--intercom",
                &intercom,
                "--title",
                "Long stay",
                "--for",
                valid_for,
            ];
            if yes {
                args.push("--yes");
            }
            desk.demo(&args).await
        }
    };
    // Longer than the usual 30 days, and no terminal to ask: refused, nothing made, unless --yes.
    let before = sim.code_ids("demo").len();
    let run = create("400d", false).await;
    run.exited(1);
    assert!(run.stderr.contains("--yes"), "{run:#?}");
    assert_eq!(sim.code_ids("demo").len(), before, "nothing made");
    create("400d", true).await.exited(0);
    assert_eq!(sim.code_ids("demo").len(), before + 1);

    // A door whose codes are turned off: that reason (exit 2), before anything is sent.
    sim.set_door_flags("demo", intercom.parse().expect("id"), true, false)
        .expect("flags");
    let run = create("1h", false).await;
    run.exited(2);
    assert!(run.stderr.contains("takes no visitor codes"), "{run:#?}");
    assert_eq!(sim.code_ids("demo").len(), before + 1);

    // A language there are no words for: said, and the run goes on in English.
    let run = desk.demo(&["intercoms", "--lang", "de"]).await;
    run.exited(0);
    assert!(
        run.stderr.contains(
            "The language “de” is not available; going on in English. Available: en, ru."
        ),
        "{run:#?}"
    );

    // journal --until: the entries up to then; a day counts whole.
    let all = desk.demo(&["journal", "--format", "json"]).await;
    let all = all.exited(0).json();
    assert!(!all.as_array().expect("array").is_empty());
    let none = desk
        .demo(&["journal", "--format", "json", "--until", "2020-01-01"])
        .await;
    assert_eq!(none.exited(0).json(), serde_json::json!([]));
    let today = Local::now().format("%Y-%m-%d").to_string();
    let until_today = desk
        .demo(&["journal", "--format", "json", "--until", &today])
        .await;
    assert_eq!(until_today.exited(0).json(), all, "today counts whole");
}

#[tokio::test(flavor = "multi_thread")]
async fn help_lists_the_exit_codes_and_version_names_the_commit() {
    let sim = start_on_loopback(Default::default()).await;
    let desk = Script::new(&sim);
    for args in [
        &["--help"][..],
        &["codes", "list", "--help"],
        &["login", "--help"],
    ] {
        let help = desk.bare(args, None).await;
        help.exited(0);
        for code in [
            "0  done",
            "1  usage",
            "2  refused by the server",
            "3  not signed in",
            "4  the server cannot be reached",
        ] {
            assert!(
                help.stdout.contains(code),
                "{args:?} lacks {code:?}: {help:#?}"
            );
        }
        assert_eq!(help.stderr, "");
    }

    let version = desk.bare(&["--version"], None).await;
    let line = version.exited(0).stdout.trim_end().to_owned();
    let rest = line
        .strip_prefix(&format!("visitor-desk {} (", env!("CARGO_PKG_VERSION")))
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("{line:?}"));
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|output| {
            output.status.success() && Path::new(env!("CARGO_MANIFEST_DIR")).join(".git").exists()
        });
    match head {
        Some(head) => assert_eq!(
            rest,
            format!("commit {}", String::from_utf8_lossy(&head.stdout).trim()),
            "built in this checkout"
        ),
        None => assert_eq!(rest, "built outside git: commit unknown"),
    }
}

/// Every command's path, for `--help`.
const COMMANDS: [&[&str]; 22] = [
    &[],
    &["login"],
    &["logout"],
    &["intercoms"],
    &["codes"],
    &["codes", "list"],
    &["codes", "create"],
    &["codes", "revoke"],
    &["codes", "send"],
    &["journal"],
    &["slip"],
    &["expected"],
    &["expected", "add"],
    &["expected", "import"],
    &["expected", "list"],
    &["expected", "arrive"],
    &["mail"],
    &["mail", "set"],
    &["mail", "show"],
    &["mail", "test"],
    &["watch"],
    &["sim"],
];

/// The help the binary prints for `args` (help flags among them), wrapped at 100 columns.
async fn help_of(desk: &Script, args: &[&str]) -> String {
    let mut command = desk.command(args, None);
    command.env("COLUMNS", "100");
    let help = run(command).await;
    assert_eq!(help.exited(0).stderr, "", "{args:?}");
    help.stdout
}

/// The words of an English help text a translation must not keep: what is left once option names, value
/// names, commands and environment variables in it, addresses and examples are taken out, less the names of
/// products, formats and values that stay as they are in every language.
fn english_words(help: &str) -> std::collections::BTreeSet<String> {
    const KEPT: [&str; 64] = [
        // Products, formats, standards, streams, signals.
        "visitor",
        "desk",
        "aipix",
        "vms",
        "pdf",
        "qr",
        "json",
        "csv",
        "utc",
        "rfc",
        "sha",
        "pem",
        "http",
        "api",
        "excel",
        "stderr",
        "stdin",
        "sigint",
        "sigterm",
        // The Secret Service (the keyring's protocol), and LANG, an environment variable without an underscore.
        "secret",
        "service",
        "lang",
        // Systems, desktops and graphics APIs, and the renderers one chooses.
        "linux",
        "windows",
        "gnome",
        "vulkan",
        "opengl",
        "gl",
        "auto",
        "wgpu",
        "glow",
        // Values one types: formats, statuses, paper sizes, languages, log levels, the demo account.
        "table",
        "code",
        "active",
        "expiring",
        "expired",
        "receipt",
        "ru",
        "en",
        "warn",
        "debug",
        "demo",
        // Names of commands.
        "login",
        "logout",
        "intercoms",
        "codes",
        "list",
        "create",
        "revoke",
        "send",
        "journal",
        "slip",
        "expected",
        "add",
        "import",
        "arrive",
        "mail",
        "set",
        "show",
        "test",
        // The mail server's encryptions, and the format `mail show` prints for people.
        "starttls",
        "tls",
        "text",
        // The spreadsheet format an import reads.
        "xlsx",
    ];
    let mut words = std::collections::BTreeSet::new();
    for word in without_names(help)
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|word| word.len() > 1)
    {
        let word = word.to_lowercase();
        if !KEPT.contains(&word.as_str()) && !["watch", "sim", "help"].contains(&word.as_str()) {
            words.insert(word);
        }
    }
    words
}

/// `help` without what is not a word of the language: `--options`, `-h`, `<VALUE NAMES>`, `code spans`,
/// `ENVIRONMENT_VARIABLES`, addresses, `LOGIN:PASSWORD`, and words with digits in them (`2h30m`, `a6`).
fn without_names(help: &str) -> String {
    let mut text = String::new();
    let mut rest = help;
    // Value names may hold spaces (`<YYYY-MM-DD HH:MM>`), code spans too.
    while let Some(at) = rest.find(['<', '`']) {
        text.push_str(&rest[..at]);
        let close = if rest[at..].starts_with('<') {
            '>'
        } else {
            '`'
        };
        rest = rest[at + 1..]
            .split_once(close)
            .map_or("", |(_, after)| after);
        text.push(' ');
    }
    text.push_str(rest);
    text.split_whitespace()
        .filter(|token| {
            let token = token.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
            !(token.starts_with('-')
                || token.contains("://")
                || token.contains(':') && token.chars().any(|c| c.is_ascii_uppercase())
                || token.contains('_')
                || token.chars().any(|c| c.is_ascii_digit()))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every command's help in Russian keeps no English word of its English help (option names, value names and
/// product names aside): the descriptions, clap's headings and placeholders, the exit codes and environment.
#[tokio::test(flavor = "multi_thread")]
async fn help_speaks_russian_when_asked() {
    // Help needs no server.
    let desk = Script::at(String::new());
    for path in COMMANDS {
        for flag in ["--help", "-h"] {
            let english = help_of(&desk, &[path, &[flag, "--lang", "en"]].concat()).await;
            let russian = help_of(&desk, &[path, &[flag, "--lang", "ru"]].concat()).await;
            let words = english_words(&english);
            assert!(words.len() > 5, "{path:?} {flag}: {words:?}");
            let russian_words: std::collections::BTreeSet<String> = without_names(&russian)
                .split(|c: char| !c.is_alphabetic())
                .map(str::to_lowercase)
                .collect();
            let left: Vec<&String> = words
                .iter()
                .filter(|word| russian_words.contains(*word))
                .collect();
            assert!(
                left.is_empty(),
                "{path:?} {flag} keeps {left:?}:\n{russian}"
            );
        }
    }
    let root = help_of(&desk, &["--lang", "ru", "--help"]).await;
    for russian in [
        "Использование: visitor-desk [ПАРАМЕТРЫ] [КОМАНДА]",
        "Команды:",
        "Параметры:",
        "Коды выхода:\n  0  готово",
        "Переменные окружения:\n  VISITOR_DESK_PASSWORD",
        "Показать справку",
    ] {
        assert!(root.contains(russian), "{russian:?} in {root}");
    }
    let create = help_of(&desk, &["codes", "create", "--help", "--lang=ru"]).await;
    for russian in [
        "--until <YYYY-MM-DD HH:MM>\n          Срок действия по местному времени",
        "Возможные значения:\n          - code: Только код, одной строкой",
        "[по умолчанию: code]",
    ] {
        assert!(create.contains(russian), "{russian:?} in {create}");
    }
    // The language chosen in the app counts too, and --lang before it.
    std::fs::write(
        desk.config_dir.path().join("settings.json"),
        r#"{"language": "ru"}"#,
    )
    .expect("settings");
    assert!(help_of(&desk, &["--help"]).await.contains("Использование:"));
    assert!(
        help_of(&desk, &["--help", "--lang", "en"])
            .await
            .contains("Usage:")
    );
}

/// clap's usage errors in Russian keep no English word of the English error, and still exit with 1 and
/// nothing on stdout.
#[tokio::test(flavor = "multi_thread")]
async fn usage_errors_speak_russian_when_asked() {
    let desk = Script::at(String::new());
    for (args, russian) in [
        (&["codes", "lists"][..], "неизвестная команда «lists»"),
        (
            &["codes", "list", "--fromat", "json"],
            "есть похожее: «--format»",
        ),
        (
            &["codes", "list", "--format", "xml"],
            "недопустимое значение «xml» для «--format <FORMAT>»\n  [возможные значения: table, json, csv, excel]",
        ),
        (
            &[
                "codes",
                "create",
                "--intercom",
                "1",
                "--title",
                "x",
                "--for",
                "1h",
                "--until",
                "2030-01-01 10:00",
            ],
            "нельзя указывать вместе с",
        ),
        (
            &["codes", "revoke"],
            "не указаны обязательные аргументы:\n  <ID>...",
        ),
        (
            &["codes", "list", "--intercom", "1", "--intercom", "2"],
            "можно указать только один раз",
        ),
        (&["journal", "--since"], "нужно значение, а оно не указано"),
    ] {
        let english = desk.bare(&[args, &["--lang", "en"]].concat(), None).await;
        let translated = desk.bare(&[args, &["--lang", "ru"]].concat(), None).await;
        translated.exited(1);
        english.exited(1);
        assert!(
            translated.stderr.starts_with("ошибка: "),
            "{args:?}: {translated:#?}"
        );
        assert!(
            translated.stderr.contains(russian),
            "{args:?}: {translated:#?}"
        );
        // What was typed is quoted back as it was.
        let mut words = english_words(&english.stderr);
        words.retain(|word| !args.iter().any(|arg| arg.contains(word.as_str())));
        assert!(words.len() > 3, "{args:?}: {words:?}");
        let left: Vec<&String> = words
            .iter()
            .filter(|word| {
                without_names(&translated.stderr)
                    .split(|c: char| !c.is_alphabetic())
                    .any(|russian| russian.eq_ignore_ascii_case(word))
            })
            .collect();
        assert!(
            left.is_empty(),
            "{args:?} keeps {left:?}:\n{}",
            translated.stderr
        );
    }
}

/// English help is clap's rendering of `args.rs`, to the byte, with or without `--lang en`.
#[tokio::test(flavor = "multi_thread")]
async fn help_in_english_is_the_definition_unchanged() {
    use clap::CommandFactory as _;

    // Help needs no server.
    let desk = Script::at(String::new());
    // What clap itself answers to the same arguments, from the definition alone.
    let clap_help = |args: &[&str]| {
        let error = args::Cli::command()
            .term_width(100)
            .try_get_matches_from([&["visitor-desk"], args].concat())
            .expect_err("help");
        assert_eq!(error.kind(), clap::error::ErrorKind::DisplayHelp);
        error.render().to_string()
    };
    for path in COMMANDS {
        for flag in ["--help", "-h"] {
            let args = [path, &[flag]].concat();
            let expected = clap_help(&args);
            assert_eq!(help_of(&desk, &args).await, expected, "{args:?}");
            let args = [path, &[flag, "--lang", "en"]].concat();
            assert_eq!(help_of(&desk, &args).await, expected, "{args:?}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn messages_follow_the_language_and_the_output_does_not() {
    let sim = start_on_loopback(Default::default()).await;
    let desk = Script::new(&sim);
    let english = desk.demo(&["codes", "list", "--format", "csv"]).await;
    let russian = desk
        .demo(&["codes", "list", "--format", "csv", "--lang", "ru"])
        .await;
    assert_eq!(
        russian.exited(0).stdout,
        english.exited(0).stdout,
        "CSV is for scripts"
    );
    let table = desk.demo(&["intercoms", "--lang", "ru"]).await;
    assert!(table.exited(0).stdout.starts_with("ID"), "{table:#?}");
    assert!(
        table.stdout.contains("НАЗВАНИЕ") && table.stdout.contains("не подтверждён"),
        "{table:#?}"
    );

    let not_signed_in = desk.bare(&["codes", "list", "--lang", "ru"], None).await;
    not_signed_in.exited(3);
    assert!(
        not_signed_in.stderr.contains("Вход не выполнен"),
        "{not_signed_in:#?}"
    );
    let codes = sorted(sim.code_ids("demo"));
    let revoked = desk
        .demo(&[
            "codes",
            "revoke",
            &codes[0].to_string(),
            &codes[1].to_string(),
            "--yes",
            "--lang",
            "ru",
        ])
        .await;
    revoked.exited(0);
    assert!(
        revoked.stderr.contains("Отозвано 2 кода"),
        "CLDR plural: {revoked:#?}"
    );
    let mut system = desk.command(&["codes", "revoke", "999999", "--yes"], Some("demo"));
    system
        .args(["--server", &desk.server, "--login", "demo"])
        .env("LANG", "ru_RU.UTF-8");
    let unknown = run(system).await;
    unknown.exited(1);
    assert!(
        unknown.stderr.contains("нет кода с id 999999"),
        "the system's language: {unknown:#?}"
    );
}

/// Revoking with a terminal attached asks first; a password is asked without echo. The terminal is a real
/// pseudo-terminal, from util-linux's `script`.
#[tokio::test(flavor = "multi_thread")]
async fn with_a_terminal_revoke_asks_and_the_password_is_prompted_without_echo() {
    const PASSWORD: &str = "s3cret-pass";
    let sim = start_on_loopback(config_with_users(&[("desk", PASSWORD)])).await;
    let desk = Script::new(&sim);
    let codes = sorted(sim.code_ids("desk"));
    let target = codes[0].to_string();
    let revoke = format!(
        "{} codes revoke {target} --server {} --login desk",
        env!("CARGO_BIN_EXE_visitor-desk"),
        desk.server
    );

    // Answer "n": nothing is revoked.
    let (code, screen) = in_terminal(
        &desk,
        &revoke,
        &[("Password for desk", PASSWORD), ("[y/N]", "n")],
    )
    .await;
    assert_eq!(code, Some(1), "{screen}");
    assert!(screen.contains("Revoke 1 code?"), "{screen}");
    assert!(screen.contains("Nothing was revoked"), "{screen}");
    assert!(
        !screen.contains(PASSWORD),
        "the password was echoed: {screen}"
    );
    assert_eq!(sorted(sim.code_ids("desk")), codes);

    // Answer "y": revoked.
    let (code, screen) = in_terminal(
        &desk,
        &revoke,
        &[("Password for desk", PASSWORD), ("[y/N]", "y")],
    )
    .await;
    assert_eq!(code, Some(0), "{screen}");
    assert!(screen.contains("Revoked 1 code"), "{screen}");
    assert_eq!(sorted(sim.code_ids("desk")), codes[1..].to_vec());
}

/// Runs `command_line` on a pseudo-terminal, typing each answer once its prompt shows; answers the exit code
/// and the screen.
async fn in_terminal(
    desk: &Script,
    command_line: &str,
    answers: &[(&str, &str)],
) -> (Option<i32>, String) {
    let mut script = Command::new("script");
    script
        .args([
            "--quiet",
            "--return",
            "--command",
            command_line,
            "/dev/null",
        ])
        .env("VISITOR_DESK_CONFIG_DIR", desk.config_dir.path())
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/visitor-desk-test/bus",
        )
        .env_remove("RUST_LOG")
        .env_remove("VISITOR_DESK_PASSWORD")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let mut child = script.spawn().expect("script(1) runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut screen = String::new();
    let typing = async {
        for (prompt, answer) in answers {
            while !screen.contains(prompt) {
                let mut buffer = [0u8; 4096];
                let read = stdout.read(&mut buffer).await.expect("the terminal");
                assert!(read > 0, "ended before {prompt:?}: {screen}");
                screen.push_str(&String::from_utf8_lossy(&buffer[..read]));
            }
            // As a person would, type after reading the prompt: rpassword turns echo off just after printing it,
            // and what is typed before that instant is echoed by the terminal itself.
            tokio::time::sleep(Duration::from_millis(300)).await;
            // What was on screen so far is checked; what comes next is the program's answer to this input.
            screen.push_str("\n<typed>\n");
            stdin
                .write_all(format!("{answer}\r").as_bytes())
                .await
                .expect("typing");
        }
        stdout
            .read_to_string(&mut screen)
            .await
            .expect("the rest of the screen");
    };
    let in_time = tokio::time::timeout(Duration::from_secs(60), typing).await;
    assert!(
        in_time.is_ok(),
        "the terminal session took too long: {screen}"
    );
    let status = child.wait().await.expect("script ends");
    (status.code(), screen)
}

/// `visitor-desk sim` serves the account the other commands then use.
#[tokio::test(flavor = "multi_thread")]
async fn the_simulator_on_its_own_serves_the_commands() {
    use tokio::io::AsyncBufReadExt as _;
    let mut desk = Script::at(String::new());
    let mut sim = desk.command(
        &["sim", "--listen", "127.0.0.1:0", "--user", "front:desk-pw"],
        None,
    );
    let mut sim = sim
        .stdout(Stdio::piped())
        .spawn()
        .expect("the simulator starts");
    let mut lines = tokio::io::BufReader::new(sim.stdout.take().expect("stdout")).lines();
    let first = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
        .await
        .expect("in time")
        .expect("readable")
        .expect("a first line");
    let url = first
        .split_whitespace()
        .find(|word| word.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no address in {first:?}"));
    desk.server = url.to_owned();
    let intercoms = desk
        .bare(
            &[
                "intercoms",
                "--format",
                "json",
                "--server",
                url,
                "--login",
                "front",
            ],
            Some("desk-pw"),
        )
        .await;
    assert_eq!(
        intercoms.exited(0).json().as_array().map(Vec::len),
        Some(4),
        "the demo data"
    );
    sim.kill().await.expect("stopped");
}

/// `sim --listen 0.0.0.0:…` listens on every interface: it says so on stderr, with the address it really bound,
/// and that its accounts sign in over plain http; on loopback it says nothing of the kind.
#[tokio::test(flavor = "multi_thread")]
async fn the_simulator_on_every_interface_says_so_and_what_it_exposes() {
    use tokio::io::AsyncBufReadExt as _;
    for (listen, exposed) in [("0.0.0.0:0", true), ("127.0.0.1:0", false)] {
        let desk = Script::at(String::new());
        let mut sim = desk
            .command(&["sim", "--listen", listen], None)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the simulator starts");
        let mut lines = tokio::io::BufReader::new(sim.stdout.take().expect("stdout")).lines();
        tokio::time::timeout(Duration::from_secs(30), lines.next_line())
            .await
            .expect("in time")
            .expect("readable")
            .expect("a first line");
        let mut errors = tokio::io::BufReader::new(sim.stderr.take().expect("stderr")).lines();
        if exposed {
            let warning = tokio::time::timeout(Duration::from_secs(30), errors.next_line())
                .await
                .expect("in time")
                .expect("readable")
                .expect("a warning");
            assert!(
                warning.contains("Warning: listening on 0.0.0.0:")
                    && warning.contains("for demos and tests only"),
                "{warning}"
            );
        }
        sim.kill().await.expect("stopped");
        let rest = errors.next_line().await.expect("readable");
        assert_eq!(rest, None, "{listen}: nothing more said");
    }
}

#[tokio::test]
async fn slip_writes_a_pdf_of_the_code_with_the_kept_template_and_door_instructions() {
    let sim = start_on_loopback(config_with_users(&[("demo", "demo")])).await;
    let desk = Script::new(&sim);
    let intercom = sim.intercom_ids("demo")[0];
    let made = sim
        .create_code(
            "demo",
            intercom,
            "Мария Лопес",
            sim.now() + TimeDelta::hours(3),
        )
        .expect("a code");
    let (id, code) = (
        made["id"].as_u64().expect("id"),
        made["code"].as_str().expect("code").to_owned(),
    );

    // The window kept a template and this door's instructions for the account.
    let settings = serde_json::json!({
        "handover": {"template": "Code {code} for {title}. {instructions}"},
        "profiles": [{
            "name": "demo@local", "server": format!("{}/", sim.base_url()), "login": "demo",
            "tls": {"kind": "system"}, "instructions": {intercom.to_string(): "Press # then the code"}
        }]
    });
    std::fs::write(
        desk.config_dir.path().join("settings.json"),
        settings.to_string(),
    )
    .expect("settings");

    let pdf = desk.config_dir.path().join("slip.pdf");
    let pdf_arg = pdf.display().to_string();
    let run = desk
        .demo(&[
            "slip",
            "--code-id",
            &id.to_string(),
            "--size",
            "receipt",
            "--output",
            &pdf_arg,
        ])
        .await;
    run.exited(0);
    assert!(run.stderr.contains(&code), "{run:#?}");
    let slip = std::fs::read(&pdf).expect("the slip");
    let text = common::pdf::text(&slip);
    for expected in [code.as_str(), "Мария Лопес", "Press # then the code"] {
        assert!(text.contains(expected), "{expected:?} not in {text:?}");
    }
    // The QR code holds the message from the kept template.
    assert_eq!(
        common::pdf::qr_text(&slip),
        format!("Code {code} for Мария Лопес. Press # then the code")
    );

    // An id that is not the account's: usage, and no file.
    let missing = desk.config_dir.path().join("missing.pdf");
    let missing_arg = missing.display().to_string();
    desk.demo(&["slip", "--code-id", "999999", "--output", &missing_arg])
        .await
        .exited(1);
    assert!(!missing.exists());
    // A file that cannot be written: a message, exit 1.
    let nowhere = desk
        .config_dir
        .path()
        .join("no/such/folder/slip.pdf")
        .display()
        .to_string();
    let run = desk
        .demo(&["slip", "--code-id", &id.to_string(), "--output", &nowhere])
        .await;
    run.exited(1);
    assert!(run.stderr.contains("no/such/folder"), "{run:#?}");
}

/// The id of the demo intercom with this title.
async fn intercom_id(desk: &Script, title: &str) -> String {
    let intercoms = desk.demo(&["intercoms", "--format", "json"]).await;
    intercoms
        .exited(0)
        .json()
        .as_array()
        .expect("array")
        .iter()
        .find(|intercom| intercom["title"] == title)
        .and_then(|intercom| intercom["id"].as_u64())
        .unwrap_or_else(|| panic!("{title}"))
        .to_string()
}

/// An offline intercom, 60 days, a full account: each said on stderr as the window would ask (no terminal: the
/// code is made all the same, or refused with the codes to revoke).
async fn warnings_as_the_window_asks(sim: &SimHandle, desk: &Script) {
    // Offline, and for 60 days: said on stderr as the window would ask (no terminal: --yes makes it all the same).
    let parking = intercom_id(desk, "Parking barrier").await;
    let offline = desk
        .demo(&[
            "codes",
            "create",
            "--intercom",
            &parking,
            "--title",
            "Van",
            "--for",
            "60d",
            "--yes",
        ])
        .await;
    offline.exited(0);
    assert!(
        offline.stderr.contains("Parking barrier is offline"),
        "{offline:#?}"
    );
    assert!(
        offline
            .stderr
            .contains("valid for 60 days, longer than the usual limit"),
        "{offline:#?}"
    );

    // A full account: the refusal, and which expired codes to revoke to make room.
    let held = sim.code_ids("demo");
    sim.set_code_limit(held.len());
    let main = intercom_id(desk, "Main entrance").await;
    let full = desk
        .demo(&[
            "codes",
            "create",
            "--intercom",
            &main,
            "--title",
            "Guest",
            "--for",
            "1h",
        ])
        .await;
    full.exited(2);
    let expired = desk
        .demo(&["codes", "list", "--status", "expired", "--format", "json"])
        .await;
    let expired = ids_of(&expired.exited(0).json());
    assert_eq!(expired.len(), 1, "the demo data's expired code");
    assert!(
        full.stderr.contains("has expired but still counts")
            && full
                .stderr
                .contains(&format!("codes revoke {} --yes", expired[0])),
        "{full:#?}"
    );
}

/// `sim --help` lists the simulator's options, not the client's; the commands keep theirs.
async fn the_simulators_help_has_no_client_options(desk: &Script) {
    let sim_help = desk.bare(&["sim", "--help"], None).await;
    let sim_help = &sim_help.exited(0).stdout;
    // As an option's line shows it (`--servers` is the simulator's own).
    for client_option in [
        "--server <",
        "--login <",
        "--ca-file <",
        "--pin-sha256 <",
        "--account <",
        "--allow-insecure-http",
    ] {
        assert!(
            !sim_help.contains(client_option),
            "{client_option} in:\n{sim_help}"
        );
    }
    assert!(sim_help.contains("For demos and tests"), "{sim_help}");
    let create_help = desk.bare(&["codes", "create", "--help"], None).await;
    assert!(
        create_help.exited(0).stdout.contains("--server"),
        "the commands keep them"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn messages_name_what_they_are_about_and_warn_as_the_window_asks() {
    let sim = start_on_loopback(Default::default()).await;
    let desk = Script::new(&sim);

    let nowhere = tempfile::tempdir().expect("a folder");
    let slip_file = nowhere.path().join("slip.pdf");
    let slip = desk
        .demo(&[
            "slip",
            "--code-id",
            "99999",
            "--output",
            slip_file.to_str().expect("a UTF-8 path"),
        ])
        .await;
    slip.exited(1);
    assert!(slip.stderr.contains("no code with id 99999"), "{slip:#?}");
    assert!(!slip_file.exists(), "no slip written for no code");
    assert!(
        !slip.stderr.contains("revoked"),
        "a slip revokes nothing: {slip:#?}"
    );

    let nowhere = desk
        .demo(&[
            "codes",
            "create",
            "--intercom",
            "424242",
            "--title",
            "Guest",
            "--for",
            "1h",
        ])
        .await;
    nowhere.exited(1);
    assert!(
        nowhere.stderr.contains("424242"),
        "the intercom named: {nowhere:#?}"
    );

    let mistyped = desk
        .demo(&[
            "codes",
            "create",
            "--intercom",
            "1",
            "--title",
            "Guest",
            "--for",
            "4x",
        ])
        .await;
    mistyped.exited(1);
    assert!(
        mistyped.stderr.contains("is not a length of time"),
        "{mistyped:#?}"
    );
    for internals in ["unit", "designator", "parse", "span", "jiff"] {
        assert!(
            !mistyped.stderr.to_lowercase().contains(internals),
            "no parser internals ({internals}): {mistyped:#?}"
        );
    }

    warnings_as_the_window_asks(&sim, &desk).await;
    the_simulators_help_has_no_client_options(&desk).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn slip_refuses_an_expired_or_revoked_code_with_exit_7_and_force_prints_it_marked() {
    let sim = start_on_loopback(config_with_users(&[("demo", "demo")])).await;
    let desk = Script::new(&sim);
    let intercom = sim.intercom_ids("demo")[0];
    let expired = sim
        .insert_code(
            "demo",
            intercom,
            "Пётр Сантехник",
            "48213",
            sim.now() - TimeDelta::hours(1),
        )
        .expect("an expired code");
    let pdf = desk.config_dir.path().join("expired.pdf");
    let pdf_arg = pdf.display().to_string();
    let slip = |id: String, force: bool| {
        let pdf_arg = pdf_arg.clone();
        let desk = &desk;
        async move {
            let mut args = vec!["slip", "--code-id", &id, "--output", &pdf_arg];
            if force {
                args.push("--force");
            }
            desk.demo(&args).await
        }
    };

    let run = slip(expired.to_string(), false).await;
    run.exited(7);
    assert!(
        run.stderr.contains("48213") && run.stderr.contains("expired"),
        "{run:#?}"
    );
    assert!(!pdf.exists(), "no slip of a code that opens nothing");
    let run = slip(expired.to_string(), true).await;
    run.exited(0);
    assert!(run.stderr.contains("EXPIRED"), "{run:#?}");
    let text = common::pdf::text(&std::fs::read(&pdf).expect("the slip"));
    for expected in ["EXPIRED", "48213", "Пётр Сантехник"] {
        assert!(text.contains(expected), "{expected:?} not in {text:?}");
    }

    // Revoked from this computer: the server forgets the code, the journal does not.
    let made = desk
        .demo(&[
            "codes",
            "create",
            "--intercom",
            &intercom.to_string(),
            "--title",
            "Анна",
            "--for",
            "4h",
            "--format",
            "json",
        ])
        .await;
    let made = made.exited(0).json();
    let (id, code) = (
        made["id"].as_u64().expect("id").to_string(),
        made["code"].as_str().expect("code").to_owned(),
    );
    desk.demo(&["codes", "revoke", &id, "--yes"])
        .await
        .exited(0);
    std::fs::remove_file(&pdf).expect("the expired slip removed");
    let run = slip(id.clone(), false).await;
    run.exited(7);
    assert!(
        run.stderr.contains(&code) && run.stderr.contains("revoked"),
        "{run:#?}"
    );
    assert!(!pdf.exists());
    let run = slip(id, true).await;
    run.exited(0);
    let text = common::pdf::text(&std::fs::read(&pdf).expect("the slip"));
    for expected in ["REVOKED", code.as_str(), "Анна"] {
        assert!(text.contains(expected), "{expected:?} not in {text:?}");
    }

    // A code this account never had is still an unknown id (1), not a revoked one.
    desk.demo(&[
        "slip",
        "--code-id",
        "999999",
        "--output",
        &pdf_arg,
        "--force",
    ])
    .await
    .exited(1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reader_that_went_away_is_no_failure_of_any_command_that_prints() {
    let sim = start_on_loopback(Default::default()).await;
    let desk = Script::new(&sim);
    // Something in the journal, and codes to list.
    desk.demo(&[
        "codes",
        "revoke",
        "--yes",
        &sim.code_ids("demo")[0].to_string(),
    ])
    .await
    .exited(0);
    sim.insert_codes(
        "demo",
        sim.intercom_ids("demo")[0],
        50,
        Utc::now() + TimeDelta::hours(3),
    );
    let server = desk.server.clone();
    let account = ["--server", server.as_str(), "--login", "demo"];
    for args in [
        &["journal"][..],
        &["journal", "--format", "csv"],
        &["journal", "--format", "json"],
        &["codes", "list"],
        &["codes", "list", "--format", "csv"],
        &["codes", "list", "--format", "excel"],
        &["codes", "list", "--format", "json"],
        &["intercoms", "--format", "csv"],
    ] {
        let all: Vec<&str> = args.iter().chain(&account).copied().collect();
        // A pipe whose reading end is already closed, as `| head` leaves it once it has its lines.
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let mut command = desk.command(&all, Some("demo"));
        // Not `output()`, which would give it a pipe of its own.
        command.stdout(writer).stderr(Stdio::piped());
        let child = command.spawn().expect("runs");
        let output = tokio::time::timeout(Duration::from_secs(60), child.wait_with_output())
            .await
            .expect("in time")
            .expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{all:?}: {stderr}");
        assert!(
            !stderr.to_lowercase().contains("pipe"),
            "{all:?} says nothing of it: {stderr}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_mistyped_server_or_login_leaves_no_journal_file_and_a_later_refusal_is_journalled() {
    let sim = start_on_loopback(Default::default()).await;
    let desk = Script::new(&sim);
    let journals = desk.data_dir.path().join("journal");
    let files = || common::cli::files_under(&journals);
    let server = desk.server.clone();
    for (server, login, password, exit) in [
        (server.as_str(), "nobody", "demo", 3),
        (server.as_str(), "demo", "wrong", 3),
        ("http://127.0.0.1:9", "demo", "demo", 4),
    ] {
        let run = desk
            .bare(
                &["codes", "list", "--server", server, "--login", login],
                Some(password),
            )
            .await;
        run.exited(exit);
        assert_eq!(files(), Vec::<std::path::PathBuf>::new(), "{run:#?}");
    }
    desk.demo(&["codes", "list"]).await.exited(0);
    assert!(!files().is_empty(), "the account's journal, once signed in");
    // The account has a journal now: a wrong password is written there.
    desk.bare(
        &["codes", "list", "--server", &server, "--login", "demo"],
        Some("wrong"),
    )
    .await
    .exited(3);
    let journal = desk.demo(&["journal", "--format", "json"]).await;
    let entries = journal.exited(0).json();
    assert!(
        entries
            .as_array()
            .expect("array")
            .iter()
            .any(|entry| entry["kind"] == "sign_in" && entry["outcome"] == "failed"),
        "{entries:#}"
    );
}
