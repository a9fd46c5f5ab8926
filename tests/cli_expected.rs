//! `visitor-desk expected add|import|list|arrive` from outside: the built binary, its journal folder of its own,
//! the simulator on 127.0.0.1. Adding and importing send nothing to the server: an account with fifty visitors
//! expected holds no more codes than before; `arrive` makes one code, once, and the journal links it.

mod common;

use aipix_sim::testing::start_on_loopback;
use chrono::DateTime;
use common::cli::{Home, Run};
use serde_json::Value;

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {run:#?}"))
}

/// `args` as the demo user of `server`, the password given for a command that signs in.
async fn as_demo(home: &Home, server: &str, args: &[&str]) -> Run {
    let mut all = args.to_vec();
    all.extend(["--server", server, "--login", "demo"]);
    home.run(&all, Some("demo")).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_visitor_added_then_arriving_gets_one_code_linked_in_the_journal() {
    let sim = start_on_loopback(Default::default()).await;
    let server = sim.base_url();
    let home = Home::new();
    let intercom = sim.intercom_ids("demo")[0].to_string();
    let codes_before = sim.code_ids("demo").len();

    let added = as_demo(
        &home,
        &server,
        &[
            "expected",
            "add",
            "--name",
            "Фёдор Семёнов",
            "--flat",
            "12",
            "--host",
            "Ivanov",
            "--intercom",
            &intercom,
            "--format",
            "json",
        ],
    )
    .await;
    let added = json(added.exited(0));
    let id = added[0]["id"].as_i64().expect("an id").to_string();
    assert_eq!(added[0]["status"], "now");
    assert!(added[0]["code_id"].is_null());
    assert_eq!(sim.code_ids("demo").len(), codes_before, "nothing was sent");

    // Found by three letters, е for ё.
    let found = as_demo(
        &home,
        &server,
        &["expected", "list", "--search", "фед", "--format", "json"],
    )
    .await;
    assert_eq!(json(found.exited(0)).as_array().map(Vec::len), Some(1));
    let none = as_demo(&home, &server, &["expected", "list", "--search", "пет"]).await;
    assert!(
        none.exited(0).stderr.contains("No visitors are expected"),
        "{none:#?}"
    );

    let arrived = as_demo(
        &home,
        &server,
        &["expected", "arrive", &id, "--format", "json"],
    )
    .await;
    let code = json(arrived.exited(0));
    let code_id = code["id"].as_u64().expect("the code's id");
    assert_eq!(code["title"], "Фёдор Семёнов, flat 12");
    assert_eq!(sim.code_ids("demo").len(), codes_before + 1);
    assert!(sim.code_ids("demo").contains(&code_id));
    let value = code["code"].as_str().expect("the code").to_owned();

    // Again: the code they were given, not a second one.
    let again = as_demo(&home, &server, &["expected", "arrive", &id]).await;
    assert_eq!(again.exited(0).stdout.trim(), value);
    assert!(again.stderr.contains("was given code"), "{again:#?}");
    assert_eq!(sim.code_ids("demo").len(), codes_before + 1);

    let listed = as_demo(&home, &server, &["expected", "list", "--format", "csv"]).await;
    let mut reader = csv::Reader::from_reader(listed.exited(0).stdout.as_bytes());
    let headers = reader.headers().expect("headers").clone();
    let row = reader.records().next().expect("a row").expect("a record");
    let cell = |name: &str| {
        row.get(headers.iter().position(|h| h == name).expect(name))
            .expect(name)
    };
    assert_eq!(cell("status"), "arrived");
    assert_eq!(cell("code_id"), code_id.to_string());
    assert_eq!(cell("code"), value);

    journal_links_the_arrival_to_the_code(&home, &server, code_id).await;
}

/// The journal's lines of the code: the arrival (with when they were expected) before the code's creation.
async fn journal_links_the_arrival_to_the_code(home: &Home, server: &str, code_id: u64) {
    let journal = as_demo(home, server, &["journal", "--format", "json"]).await;
    let entries = json(journal.exited(0));
    let at = |entry: &Value| {
        DateTime::parse_from_rfc3339(entry["at"].as_str().expect("at")).expect("a time")
    };
    // In the order History tells a code's story: by time.
    let mut of_code: Vec<&Value> = entries
        .as_array()
        .expect("entries")
        .iter()
        .filter(|entry| entry["code_id"].as_u64() == Some(code_id))
        .collect();
    of_code.sort_by_key(|entry| at(entry));
    let kinds: Vec<&str> = of_code.iter().filter_map(|e| e["kind"].as_str()).collect();
    assert_eq!(kinds, ["visitor_arrived", "code_created"], "{of_code:#?}");
    let arrival = of_code[0];
    assert_eq!(arrival["title"], "Фёдор Семёнов");
    assert!(
        arrival["detail"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Expected "),
        "{arrival:#?}"
    );
}

/// Fifty visitors and three broken rows, as Russian Excel saves a list: Windows-1251, `;`.
fn fifty_visitors_in_windows_1251() -> Vec<u8> {
    let mut text = String::from("ФИО;Квартира;Дата;Время;Примечание\n");
    for n in 1..=50 {
        text.push_str(&format!("Гость {n};{n};сегодня;;\n"));
    }
    text.push_str(";51;сегодня;;без имени\n");
    text.push_str("Ёлкин;52;31.02.2030;;\n");
    text.push_str("Опоздавший;53;сегодня;18:00-17:00;\n");
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(&text);
    assert!(!unmappable);
    bytes.into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn fifty_visitors_imported_take_no_code_and_the_broken_rows_are_said() {
    let sim = start_on_loopback(Default::default()).await;
    let server = sim.base_url();
    let home = Home::new();
    let codes_before = sim.code_ids("demo").len();
    let file = home.data.path().join("visitors.csv");
    std::fs::write(&file, fifty_visitors_in_windows_1251()).expect("the file");
    let file = file.to_string_lossy().into_owned();

    let dry = as_demo(&home, &server, &["expected", "import", &file, "--dry-run"]).await;
    let said = &dry.exited(0).stderr;
    for line in [
        "Read as CSV, Windows-1251, separated by “;”.",
        "Column “ФИО” → Name",
        "Line 52 (51) skipped: no name",
        "Line 53 (Ёлкин) skipped: “31.02.2030” is not a date",
        "Line 54 (Опоздавший) skipped: the time ends (17:00) before it begins (18:00)",
        "50 visitors to add, 3 rows skipped.",
        "Nothing was added (--dry-run).",
    ] {
        assert!(said.contains(line), "{line:?} in {said}");
    }
    let listed = as_demo(&home, &server, &["expected", "list", "--format", "json"]).await;
    assert_eq!(json(listed.exited(0)), Value::Array(Vec::new()));

    let imported = as_demo(
        &home,
        &server,
        &["expected", "import", &file, "--format", "csv"],
    )
    .await;
    assert!(imported.exited(0).stderr.contains("50 visitors added."));
    let listed = as_demo(&home, &server, &["expected", "list", "--format", "json"]).await;
    let listed = json(listed.exited(0));
    assert_eq!(listed.as_array().map(Vec::len), Some(50));
    assert!(
        listed
            .as_array()
            .into_iter()
            .flatten()
            .all(|v| v["code_id"].is_null())
    );
    assert_eq!(sim.code_ids("demo").len(), codes_before, "nothing was sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_refused_with_its_reason_and_keeps_nothing() {
    let sim = start_on_loopback(Default::default()).await;
    let server = sim.base_url();
    let home = Home::new();
    let backwards = as_demo(
        &home,
        &server,
        &[
            "expected", "add", "--name", "Anna", "--from", "16:00", "--to", "14:00",
        ],
    )
    .await;
    assert!(
        backwards.exited(1).stderr.contains("before it begins"),
        "{backwards:#?}"
    );
    let no_name = as_demo(&home, &server, &["expected", "add", "--name", "  "]).await;
    assert!(no_name.exited(1).stderr.contains("no name"));
    let past = as_demo(
        &home,
        &server,
        &["expected", "add", "--name", "Anna", "--day", "2020-01-01"],
    )
    .await;
    assert!(past.exited(1).stderr.contains("has passed"));
    let listed = as_demo(&home, &server, &["expected", "list", "--format", "json"]).await;
    assert_eq!(json(listed.exited(0)), Value::Array(Vec::new()));
    // A visitor without a door is asked for one; nothing is made.
    let added = as_demo(
        &home,
        &server,
        &["expected", "add", "--name", "Anna", "--format", "json"],
    )
    .await;
    let id = json(added.exited(0))[0]["id"]
        .as_i64()
        .expect("id")
        .to_string();
    let codes_before = sim.code_ids("demo").len();
    let no_door = as_demo(&home, &server, &["expected", "arrive", &id]).await;
    assert!(
        no_door.exited(1).stderr.contains("--intercom"),
        "{no_door:#?}"
    );
    let unknown = as_demo(&home, &server, &["expected", "arrive", "999"]).await;
    assert!(
        unknown
            .exited(1)
            .stderr
            .contains("no expected visitor with id 999")
    );
    assert_eq!(sim.code_ids("demo").len(), codes_before);
}

#[tokio::test(flavor = "multi_thread")]
async fn columns_named_on_the_command_line_replace_the_headers() {
    let sim = start_on_loopback(Default::default()).await;
    let server = sim.base_url();
    let home = Home::new();
    // Headers the importer does not read as any field: without --columns there is no name column.
    let file = home.data.path().join("guests.csv");
    std::fs::write(
        &file,
        "Who,Number,Arriving\nАнна,7,today\nОлег,5,31.02.2030\n",
    )
    .expect("file");
    let file = file.to_string_lossy().into_owned();
    let guessed = as_demo(&home, &server, &["expected", "import", &file, "--dry-run"]).await;
    assert!(
        guessed
            .exited(1)
            .stderr
            .contains("No column holds the visitors' names"),
        "{guessed:#?}"
    );
    let mapped = as_demo(
        &home,
        &server,
        &[
            "expected",
            "import",
            &file,
            "--columns",
            "name,flat,day",
            "--format",
            "json",
        ],
    )
    .await;
    let said = &mapped.exited(0).stderr;
    for line in [
        "Column “Number” → Flat",
        "Line 3 (Олег) skipped: “31.02.2030” is not a date",
        "One visitor added.",
    ] {
        assert!(said.contains(line), "{line:?} in {said}");
    }
    let added = json(&mapped);
    assert_eq!(added[0]["name"], "Анна");
    assert_eq!(added[0]["flat"], "7");
    let unknown = as_demo(
        &home,
        &server,
        &["expected", "import", &file, "--columns", "name,room"],
    )
    .await;
    assert!(
        unknown
            .exited(1)
            .stderr
            .contains("“room” in --columns is not a field"),
        "{unknown:#?}"
    );
}
