//! The share message from a real code. (The slip itself is read back in `tests/slip.rs`.)

use aipix_client::api::{Code, IntercomBrief};
use chrono::{TimeDelta, TimeZone as _, Utc};

use super::*;

fn code(title: &str) -> Code {
    let now = Utc
        .with_ymd_and_hms(2026, 11, 27, 12, 0, 0)
        .single()
        .expect("date");
    Code {
        id: 1388,
        title: title.into(),
        code: "48213".into(),
        expired_at: now + TimeDelta::hours(4),
        is_expired: false,
        will_deleted_at: None,
        created_at: Some(now),
        intercom: IntercomBrief {
            id: 180,
            title: "Главный вход".into(),
            is_online: true,
            department: Some(2),
            address: "ул. Садовая, 12".into(),
        },
    }
}

fn handover(title: &str) -> Handover {
    let code = code(title);
    let now = code.created_at.expect("made");
    Handover::new(&code, None, "Нажмите # и наберите код", now)
}

#[test]
fn the_default_message_names_the_code_the_intercom_and_the_expiry() {
    let handover = handover("Maria Lopez");
    assert_eq!(handover.valid_for, "4 h");
    assert_eq!(handover.entrance, "2");
    let message = message(None, &handover);
    assert!(message.contains("48213"), "{message}");
    assert!(message.contains("Главный вход"), "{message}");
    assert!(message.contains(&handover.valid_until), "{message}");
    assert!(message.ends_with("Нажмите # и наберите код"), "{message}");
    assert!(!message.contains('{'), "no placeholder left: {message}");
}

#[test]
fn a_broken_template_falls_back_to_the_default_rather_than_reaching_a_visitor() {
    let handover = handover("Maria Lopez");
    let message = message(Some("Your code: {cdoe}"), &handover);
    assert!(!message.contains("{cdoe}"));
    assert_eq!(message, super::message(None, &handover));
    assert_eq!(
        super::message(Some("Code {code}, {title}"), &handover),
        "Code 48213, Maria Lopez"
    );
}
