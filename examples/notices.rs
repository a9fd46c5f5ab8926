//! Shows Visitor Desk's notices on this desktop's notification service, as the desk will send them, and prints
//! the buttons clicked, until interrupted: a look at the texts and buttons on a real desktop (and a check that a
//! click comes back). `cargo run --example notices -- [en|ru] [call|expiring|holding|lost|made|revoked|open]...`
//! (default: English, a call at the door).

// An example reports on the terminal.
#![allow(clippy::print_stdout)]

use chrono::{TimeDelta, Utc};

use aipix_client::api::{Code, Intercom};
use visitor_desk::desktop::notices::Notices;
use visitor_desk::desktop::notify::{Bus, Delivery, Notifier};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let language = args
        .iter()
        .find(|arg| arg.len() == 2)
        .cloned()
        .unwrap_or_else(|| "en".to_owned());
    let mut kinds: Vec<&str> = args
        .iter()
        .filter(|arg| arg.len() > 2)
        .map(String::as_str)
        .collect();
    if kinds.is_empty() {
        kinds.push("call");
    }
    let catalog =
        visitor_desk::i18n::catalog_for(&language).expect("a language there are files for");
    let notices = Notices::new(&catalog);
    let now = Utc::now();
    let gate: Intercom = serde_json::from_value(serde_json::json!({
        "id": 180, "title": "Main entrance", "is_online": true, "status": "confirmed",
        "address": "12 Harbour Street", "is_open_door_app": true, "is_open_door_code": true
    }))
    .expect("an intercom");
    let code: Code = serde_json::from_value(serde_json::json!({
        "id": 1388, "title": "Anna Schmidt", "code": "48213",
        "expired_at": (now + TimeDelta::minutes(15)).format("%Y-%m-%d %H:%M:%S").to_string(),
        "intercom": {"id": 180, "title": "Main entrance"}
    }))
    .expect("a code");

    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let (sender, mut events) = tokio::sync::mpsc::unbounded_channel();
        let notifier = Notifier::new(Bus::Session, sender);
        for kind in kinds {
            let notice = match kind {
                "call" => notices.call_at_door(&gate, 1, now, "Visitor at Main entrance"),
                "expiring" => notices.expires_soon(&code),
                "holding" => notices.expired_holding_slot(&code, 5),
                "lost" => notices.live_lost(now - TimeDelta::minutes(2)),
                "made" => notices.code_made_elsewhere(&code, now),
                "revoked" => notices.codes_revoked_elsewhere(&["Courier", "Plumber"]),
                "open" => notices.already_open("demo @ https://vms.example.org"),
                other => panic!("no notice called {other}"),
            };
            match notifier.notify(&notice).await {
                Delivery::Shown { id, with_actions } => {
                    println!("shown: {kind} as {id:?} (buttons: {with_actions})");
                }
                Delivery::NoService { reason } => {
                    println!(
                        "no notification service ({reason}); the window would say: {}",
                        notice.as_text()
                    );
                }
            }
        }
        while let Some(event) = events.recv().await {
            println!("{event:?}");
        }
    });
}
