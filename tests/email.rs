//! A code sent by e-mail, against a real mail server (Debian's Exim, started by the test: see
//! `common::mail_server`): the message arrives in the mailbox with the code, the door's address and entrance, the
//! QR code inline and the slip attached; a refused recipient, a wrong password and an untrusted certificate are
//! each said as such; the journal keeps what happened; the mail server's password is in no file and no output.

mod common;

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use aipix_sim::SimHandle;
use aipix_sim::testing::{config_with_users, start_on_loopback};
use chrono::TimeDelta;
use common::cli::Run;
use common::mail_server::{self, Encryption, MailServer};
use mailparse::{DispositionType, MailHeaderMap as _, ParsedMail};
use serde_json::{Value, json};
use tokio::process::Command;
use visitor_desk::journal::{Entry, Kind, Outcome};

/// A script's folders, signed in for each run as demo, with the account's mail server kept in its settings.
struct Desk {
    config: tempfile::TempDir,
    data: tempfile::TempDir,
    server: String,
}

impl Desk {
    fn new(sim: &SimHandle, mail: Value) -> Self {
        let desk = Self {
            config: tempfile::tempdir().expect("config"),
            data: tempfile::tempdir().expect("data"),
            server: sim.base_url(),
        };
        let settings = json!({
            "handover": {"template": "Code {code} for {title} at {intercom}."},
            "profiles": [{
                "name": "demo@local", "server": format!("{}/", sim.base_url()), "login": "demo",
                "tls": {"kind": "system"}, "mail": mail
            }]
        });
        std::fs::write(
            desk.config.path().join("settings.json"),
            settings.to_string(),
        )
        .expect("settings");
        desk
    }

    async fn send(&self, code_id: u64, to: &str, mail_password: &str) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_visitor-desk"));
        command
            .args([
                "codes",
                "send",
                "--code-id",
                &code_id.to_string(),
                "--to",
                to,
            ])
            .args(["--server", &self.server, "--login", "demo"])
            .env("VISITOR_DESK_CONFIG_DIR", self.config.path())
            .env("VISITOR_DESK_DATA_DIR", self.data.path())
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                "unix:path=/nonexistent/visitor-desk-test/bus",
            )
            .env("RUST_LOG", "debug")
            .env("VISITOR_DESK_PASSWORD", "demo")
            .env("VISITOR_DESK_SMTP_PASSWORD", mail_password)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C.UTF-8")
            .stdin(Stdio::null())
            .kill_on_drop(true);
        common::cli::run(command).await
    }

    /// `visitor-desk mail ARGS` for the saved account, no keyring unless `keyring` (the session's), with the
    /// environment given.
    async fn mail(
        &self,
        args: &[&str],
        env: &[(&str, &str)],
        stdin: Option<&str>,
        keyring: bool,
    ) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_visitor-desk"));
        command
            .arg("mail")
            .args(args)
            .args(["--account", "demo@local"])
            .env("VISITOR_DESK_CONFIG_DIR", self.config.path())
            .env("VISITOR_DESK_DATA_DIR", self.data.path())
            .env("RUST_LOG", "debug")
            .env_remove("VISITOR_DESK_SMTP_PASSWORD")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C.UTF-8")
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        if !keyring {
            command.env(
                "DBUS_SESSION_BUS_ADDRESS",
                "unix:path=/nonexistent/visitor-desk-test/bus",
            );
        }
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("runs");
        if let Some(text) = stdin {
            use tokio::io::AsyncWriteExt as _;
            let mut input = child.stdin.take().expect("stdin");
            input.write_all(text.as_bytes()).await.expect("written");
        }
        let output = tokio::time::timeout(Duration::from_secs(90), child.wait_with_output())
            .await
            .expect("in time")
            .expect("ran");
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// The mail server the settings file keeps for the account.
    fn kept_mail(&self) -> Value {
        let text =
            std::fs::read_to_string(self.config.path().join("settings.json")).expect("settings");
        let settings: Value = serde_json::from_str(&text).expect("JSON");
        settings["profiles"][0]["mail"].clone()
    }

    /// The account's journal, oldest first.
    fn journal(&self) -> Vec<Entry> {
        let files: Vec<PathBuf> = common::cli::files_under(&self.data.path().join("journal"))
            .into_iter()
            .filter(|path| path.extension().is_some_and(|ext| ext == "sqlite3"))
            .collect();
        assert_eq!(files.len(), 1, "one journal: {files:?}");
        common::events::read_journal(&files[0])
    }

    fn emailed(&self) -> Vec<Entry> {
        self.journal()
            .into_iter()
            .filter(|entry| entry.kind == Kind::CodeEmailed)
            .collect()
    }

    /// Every file the desk left, with the password searched in each.
    fn assert_no_file_holds(&self, secret: &str) {
        for dir in [self.config.path(), self.data.path()] {
            for file in common::cli::files_under(dir) {
                let bytes = std::fs::read(&file).unwrap_or_default();
                assert!(
                    !contains(&bytes, secret.as_bytes()),
                    "{} holds the mail password",
                    file.display()
                );
            }
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

fn mail_settings(server: &MailServer, security: &str, tls: Value) -> Value {
    json!({
        "server": "localhost", "port": server.port, "security": security,
        "login": mail_server::LOGIN, "sender_name": "Harbour Street reception",
        "sender_address": mail_server::SENDER, "tls": tls
    })
}

fn ca_trust(server: &MailServer) -> Value {
    json!({"kind": "ca_file", "path": server.ca_file})
}

/// A code on the simulator: (id, digits, its intercom's title, the line naming its address and entrance).
fn a_code(sim: &SimHandle) -> (u64, String, String, String) {
    let intercom = sim.intercom_ids("demo")[0];
    let made = sim
        .create_code(
            "demo",
            intercom,
            "Мария Лопес",
            sim.now() + TimeDelta::hours(3),
        )
        .expect("a code");
    let door = &made["intercom"];
    let address = door["address"].as_str().expect("an address");
    assert!(!address.is_empty(), "the demo door has an address: {made}");
    let place = match door["department"].as_u64() {
        Some(entrance) => format!("Address: {address}, entrance {entrance}"),
        None => format!("Address: {address}"),
    };
    (
        made["id"].as_u64().expect("id"),
        made["code"].as_str().expect("code").to_owned(),
        door["title"].as_str().expect("title").to_owned(),
        place,
    )
}

/// The parts of a message that are not multipart, depth first.
fn leaves<'a>(mail: &'a ParsedMail<'a>, out: &mut Vec<&'a ParsedMail<'a>>) {
    if mail.subparts.is_empty() {
        out.push(mail);
    }
    for part in &mail.subparts {
        leaves(part, out);
    }
}

fn qr_of_png(png: &[u8]) -> String {
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("its size")];
    let info = reader.next_frame(&mut pixels).expect("its pixels");
    assert_eq!(info.color_type, png::ColorType::Grayscale);
    let (width, height) = (info.width as usize, info.height as usize);
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| pixels[y * width + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the image");
    grids[0].decode().expect("the QR code decodes").1
}

#[tokio::test]
async fn a_code_sent_over_starttls_arrives_with_the_code_the_address_the_qr_code_inline_and_the_slip()
 {
    let server = MailServer::start(Encryption::StartTls);
    let sim = start_on_loopback(config_with_users(&[("demo", "demo")])).await;
    let (id, code, intercom, place) = a_code(&sim);
    let desk = Desk::new(&sim, mail_settings(&server, "starttls", ca_trust(&server)));

    let run = desk
        .send(id, mail_server::MAILBOX, mail_server::PASSWORD)
        .await;
    run.exited(0);
    assert!(
        run.stderr.contains("sent to guest@visitors.test"),
        "{run:#?}"
    );
    let messages = server.wait_for_messages(1, Duration::from_secs(20));
    assert_eq!(messages.len(), 1, "{}", server.log());
    let mail = mailparse::parse_mail(&messages[0]).expect("a message");
    assert_eq!(
        mail.headers.get_first_value("Subject").as_deref(),
        Some(format!("Your visitor code for {intercom}").as_str())
    );
    let from = mail.headers.get_first_value("From").expect("From");
    assert!(
        from.contains("Harbour Street reception") && from.contains(mail_server::SENDER),
        "{from}"
    );

    let mut parts = Vec::new();
    leaves(&mail, &mut parts);
    let share = format!("Code {code} for Мария Лопес at {intercom}.");
    let plain = parts
        .iter()
        .find(|part| part.ctype.mimetype == "text/plain")
        .expect("a text part")
        .get_body()
        .expect("its text");
    assert!(plain.contains(&share), "{plain:?}");
    assert!(plain.contains(&place), "{plain:?}");
    let html = parts
        .iter()
        .find(|part| part.ctype.mimetype == "text/html")
        .expect("an HTML part")
        .get_body()
        .expect("its text");
    assert!(html.contains("src=\"cid:visitor-code-qr\""), "{html}");
    let qr = parts
        .iter()
        .find(|part| part.ctype.mimetype == "image/png")
        .expect("the QR code");
    assert_eq!(
        qr.headers.get_first_value("Content-ID").as_deref(),
        Some("<visitor-code-qr>")
    );
    assert_eq!(
        qr.get_content_disposition().disposition,
        DispositionType::Inline
    );
    assert_eq!(qr_of_png(&qr.get_body_raw().expect("its bytes")), share);
    let slip = parts
        .iter()
        .find(|part| part.ctype.mimetype == "application/pdf")
        .expect("the slip");
    let disposition = slip.get_content_disposition();
    assert_eq!(disposition.disposition, DispositionType::Attachment);
    assert_eq!(
        disposition.params.get("filename").map(String::as_str),
        Some(format!("visitor-slip-{code}.pdf").as_str())
    );
    let slip_text = common::pdf::text(&slip.get_body_raw().expect("its bytes"));
    assert!(
        slip_text.contains(&code) && slip_text.contains("Мария Лопес"),
        "{slip_text:?}"
    );

    // The journal: sent, to whom, and what the mail server answered.
    let emailed = desk.emailed();
    assert_eq!(emailed.len(), 1, "{emailed:#?}");
    assert_eq!(emailed[0].outcome, Outcome::Ok);
    assert_eq!(emailed[0].code_id, Some(id));
    assert!(
        emailed[0].detail.starts_with("to guest@visitors.test: 250"),
        "{:?}",
        emailed[0].detail
    );
    // The password: in no file the desk keeps, not in what it said (with its debug log on).
    desk.assert_no_file_holds(mail_server::PASSWORD);
    assert!(!run.stderr.contains(mail_server::PASSWORD), "{run:#?}");
}

#[tokio::test]
async fn a_refused_recipient_and_a_wrong_password_are_said_as_such_and_nothing_arrives() {
    let server = MailServer::start(Encryption::StartTls);
    let sim = start_on_loopback(config_with_users(&[("demo", "demo")])).await;
    let (id, ..) = a_code(&sim);
    let desk = Desk::new(&sim, mail_settings(&server, "starttls", ca_trust(&server)));

    let refused = desk
        .send(id, "nobody@visitors.test", mail_server::PASSWORD)
        .await;
    refused.exited(2);
    assert!(
        refused
            .stderr
            .contains("The mail server refused the address nobody@visitors.test")
            && refused.stderr.contains("no such mailbox here"),
        "{refused:#?}"
    );

    let wrong = desk
        .send(id, mail_server::MAILBOX, "not-the-password")
        .await;
    wrong.exited(3);
    assert!(
        wrong
            .stderr
            .contains("The mail server refused the login and password")
            && wrong.stderr.contains("535"),
        "{wrong:#?}"
    );

    // Typed wrong before anything is sent: the address, said as such.
    let typo = desk
        .send(id, "guest at visitors.test", mail_server::PASSWORD)
        .await;
    typo.exited(1);
    assert!(
        typo.stderr.contains("is not an e-mail address"),
        "{typo:#?}"
    );

    assert!(server.messages().is_empty(), "{}", server.log());
    let emailed = desk.emailed();
    assert_eq!(emailed.len(), 3, "{emailed:#?}");
    assert!(emailed.iter().all(|entry| entry.outcome == Outcome::Failed));
    assert!(
        emailed[0].detail.contains("nobody@visitors.test"),
        "{emailed:#?}"
    );
    desk.assert_no_file_holds(mail_server::PASSWORD);
}

#[tokio::test]
async fn implicit_tls_takes_a_pinned_certificate_and_refuses_one_this_computer_does_not_trust() {
    let server = MailServer::start(Encryption::Tls);
    let sim = start_on_loopback(config_with_users(&[("demo", "demo")])).await;
    let (id, ..) = a_code(&sim);

    let pinned = Desk::new(
        &sim,
        mail_settings(
            &server,
            "tls",
            json!({"kind": "pinned", "sha256": server.sha256, "subject": "CN=mail.visitors.test"}),
        ),
    );
    pinned
        .send(id, mail_server::MAILBOX, mail_server::PASSWORD)
        .await
        .exited(0);
    assert_eq!(
        server.wait_for_messages(1, Duration::from_secs(20)).len(),
        1,
        "{}",
        server.log()
    );

    // The system's authorities do not know the test's CA: refused before the login is sent, and the certificate
    // named as REST names it.
    let untrusted = Desk::new(
        &sim,
        mail_settings(&server, "tls", json!({"kind": "system"})),
    );
    let run = untrusted
        .send(id, mail_server::MAILBOX, mail_server::PASSWORD)
        .await;
    run.exited(4);
    assert!(
        run.stderr
            .contains("The mail server's certificate was refused")
            && run.stderr.contains("mail.visitors.test"),
        "{run:#?}"
    );
    assert_eq!(server.messages().len(), 1, "nothing more arrived");
    assert_log_has_no_login_after_the_first(&server);
}

/// Exim logs each login it took (`A=plain:frontdesk`); the refused handshake made none.
fn assert_log_has_no_login_after_the_first(server: &MailServer) {
    let log = server.log();
    assert_eq!(log.matches("A=plain:").count(), 1, "{log}");
}

#[tokio::test]
async fn a_server_that_offers_no_encryption_is_refused_before_the_login_is_sent() {
    let server = MailServer::start(Encryption::None);
    let sim = start_on_loopback(config_with_users(&[("demo", "demo")])).await;
    let (id, ..) = a_code(&sim);
    let desk = Desk::new(&sim, mail_settings(&server, "starttls", ca_trust(&server)));

    let run = desk
        .send(id, mail_server::MAILBOX, mail_server::PASSWORD)
        .await;
    run.exited(4);
    assert!(
        run.stderr
            .contains("does not offer encryption (STARTTLS). Nothing was sent"),
        "{run:#?}"
    );
    let log = server.log();
    assert!(
        !log.contains("authenticator failed") && !log.contains("A=plain"),
        "{log}"
    );
    assert!(server.messages().is_empty());
}

/// The options of `mail set` for the test's Exim (STARTTLS, its CA).
fn mail_set_args(server: &MailServer) -> Vec<String> {
    [
        "set",
        "--host",
        "localhost",
        "--port",
        &server.port.to_string(),
        "--security",
        "starttls",
        "--mail-login",
        mail_server::LOGIN,
        "--sender-name",
        "Harbour Street reception",
        "--sender-address",
        mail_server::SENDER,
        "--mail-ca-file",
        &server.ca_file.to_string_lossy(),
    ]
    .map(str::to_owned)
    .to_vec()
}

/// The subject of each message in the mailbox.
fn subjects(server: &MailServer, count: usize) -> Vec<String> {
    server
        .wait_for_messages(count, Duration::from_secs(20))
        .iter()
        .map(|raw| {
            mailparse::parse_mail(raw)
                .expect("a message")
                .headers
                .get_first_value("Subject")
                .unwrap_or_default()
        })
        .collect()
}

#[tokio::test]
async fn mail_set_keeps_the_windows_settings_show_prints_them_without_the_password_and_test_sends()
{
    let server = MailServer::start(Encryption::StartTls);
    let sim = start_on_loopback(config_with_users(&[("demo", "demo")])).await;
    let desk = Desk::new(&sim, Value::Null);
    let set_args = mail_set_args(&server);
    let set_args: Vec<&str> = set_args.iter().map(String::as_str).collect();

    // Not yet set: said so, by test and show alike.
    let unset = desk.mail(&["show"], &[], None, false).await;
    assert!(
        unset.exited(1).stderr.contains("No mail server is set"),
        "{unset:#?}"
    );
    // Refused before anything is kept: a sender that is no address.
    let mut bad = set_args.clone();
    bad[12] = "reception";
    let refused = desk.mail(&bad, &[], None, false).await;
    assert!(
        refused
            .exited(1)
            .stderr
            .contains("“reception” is not an e-mail address"),
        "{refused:#?}"
    );
    assert_eq!(desk.kept_mail(), Value::Null, "nothing kept");

    // Kept as the window keeps them; with no keyring here, the password cannot be, and that is said.
    let set = desk
        .mail(
            &set_args,
            &[("VISITOR_DESK_SMTP_PASSWORD", mail_server::PASSWORD)],
            None,
            false,
        )
        .await;
    assert!(
        set.exited(1)
            .stderr
            .contains("The password could not be kept: no keyring answered"),
        "{set:#?}"
    );
    let kept = desk.kept_mail();
    assert_eq!(kept["server"], "localhost");
    assert_eq!(kept["port"], server.port);
    assert_eq!(kept["security"], "starttls");
    assert_eq!(kept["login"], mail_server::LOGIN);
    assert_eq!(kept["sender_address"], mail_server::SENDER);
    assert_eq!(kept["tls"]["kind"], "ca_file");

    let shown = desk.mail(&["show"], &[], None, false).await;
    let text = &shown.exited(0).stdout;
    for line in [
        format!("Server:      localhost:{} (STARTTLS)", server.port),
        format!("Login:       {}", mail_server::LOGIN),
        format!(
            "Sender:      Harbour Street reception <{}>",
            mail_server::SENDER
        ),
        "Password:    unknown: no keyring answered".to_owned(),
    ] {
        assert!(text.contains(&line), "{line:?} in {text}");
    }
    let json: Value = serde_json::from_str(
        &desk
            .mail(&["show", "--format", "json"], &[], None, false)
            .await
            .exited(0)
            .stdout,
    )
    .expect("JSON");
    assert_eq!(json["login"], mail_server::LOGIN);
    assert_eq!(json["password_kept"], Value::Null);

    // One option changed keeps the rest.
    desk.mail(
        &["set", "--sender-name", "Mill Lane desk"],
        &[],
        None,
        false,
    )
    .await
    .exited(0);
    assert_eq!(desk.kept_mail()["sender_name"], "Mill Lane desk");
    assert_eq!(desk.kept_mail()["port"], server.port);

    for run in [&set, &shown] {
        assert!(
            !run.stdout.contains(mail_server::PASSWORD)
                && !run.stderr.contains(mail_server::PASSWORD)
        );
    }
    desk.assert_no_file_holds(mail_server::PASSWORD);
}

#[tokio::test]
async fn mail_test_sends_a_test_message_and_says_a_wrong_or_missing_password() {
    let server = MailServer::start(Encryption::StartTls);
    let sim = start_on_loopback(config_with_users(&[("demo", "demo")])).await;
    let desk = Desk::new(&sim, mail_settings(&server, "starttls", ca_trust(&server)));
    // The test message, with the password for this run: it arrives; a wrong one is said as such.
    let sent = desk
        .mail(
            &["test", "--to", mail_server::MAILBOX],
            &[("VISITOR_DESK_SMTP_PASSWORD", mail_server::PASSWORD)],
            None,
            false,
        )
        .await;
    assert!(
        sent.exited(0).stderr.contains(&format!(
            "The test message was sent to {}",
            mail_server::MAILBOX
        )),
        "{sent:#?}"
    );
    assert_eq!(
        subjects(&server, 1),
        ["Visitor Desk: a test message"],
        "{}",
        server.log()
    );
    let wrong = desk
        .mail(
            &["test"],
            &[("VISITOR_DESK_SMTP_PASSWORD", "not-it")],
            None,
            false,
        )
        .await;
    assert!(
        wrong
            .exited(3)
            .stderr
            .contains("refused the login and password"),
        "{wrong:#?}"
    );
    let no_password = desk.mail(&["test"], &[], None, false).await;
    assert!(
        no_password.exited(1).stderr.contains("keyring"),
        "{no_password:#?}"
    );
    for run in [&sent, &wrong] {
        assert!(
            !run.stdout.contains(mail_server::PASSWORD)
                && !run.stderr.contains(mail_server::PASSWORD)
        );
    }
    desk.assert_no_file_holds(mail_server::PASSWORD);
}

/// The password read from stdin goes to the keyring, where `test` (and the window) find it.
#[tokio::test]
#[ignore = "needs a Secret Service: run under dbus-run-session with gnome-keyring (see .ci/run)"]
async fn mail_set_keeps_the_password_from_stdin_in_the_keyring_and_test_uses_it() {
    let server = MailServer::start(Encryption::StartTls);
    let sim = start_on_loopback(config_with_users(&[("demo", "demo")])).await;
    let desk = Desk::new(&sim, Value::Null);
    let mut set_args = mail_set_args(&server);
    set_args.push("--password-stdin".into());
    let set_args: Vec<&str> = set_args.iter().map(String::as_str).collect();
    let set = desk
        .mail(
            &set_args,
            &[],
            Some(&format!("{}\n", mail_server::PASSWORD)),
            true,
        )
        .await;
    assert!(
        set.exited(0)
            .stderr
            .contains("Its password is kept in the keyring."),
        "{set:#?}"
    );
    let shown = desk.mail(&["show"], &[], None, true).await;
    assert!(
        shown
            .exited(0)
            .stdout
            .contains("Password:    kept in the keyring"),
        "{shown:#?}"
    );
    let sent = desk
        .mail(&["test", "--to", mail_server::MAILBOX], &[], None, true)
        .await;
    sent.exited(0);
    assert_eq!(
        subjects(&server, 1),
        ["Visitor Desk: a test message"],
        "{}",
        server.log()
    );
    // The entry the window reads: its own, `login@server:port (e-mail)`.
    let key = visitor_desk::secrets::TokenKey::new(
        &format!("localhost:{}", server.port),
        mail_server::LOGIN,
    )
    .held_by(visitor_desk::secrets::Holder::Mail);
    let store = visitor_desk::secrets::KeyringStore::open().expect("the session's keyring");
    use visitor_desk::secrets::TokenStore as _;
    assert_eq!(
        store.load(&key).expect("read").as_deref(),
        Some(mail_server::PASSWORD)
    );
    store.clear(&key).expect("removed");
    desk.assert_no_file_holds(mail_server::PASSWORD);
}
