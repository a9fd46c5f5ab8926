//! What the fuzz targets in `fuzz/` reach and once panicked on, replayed here through the calls they make (read,
//! then used as the desk uses it), so that plain `cargo test` keeps each one fixed.

use aipix_client::api::{Code, Page};
use aipix_client::live::Push;
use pusher_wire::Frame;

/// chrono reads a signed year of any length; this is its last day, and a day after it (when such a code is
/// removed) does not exist.
const CHRONOS_LAST_DAY: &str = "+262142-12-31 23:59:59";

#[test]
fn a_code_expiring_past_four_digit_years_is_left_out_of_its_page() {
    let body = format!(
        r#"{{"data": [{{"id": 1, "code": "1", "expired_at": "{CHRONOS_LAST_DAY}"}},
                      {{"id": 2, "code": "2", "expired_at": "2026-12-07 18:00:00"}},
                      {{"id": 3, "code": "3", "expired_at": "2026-12-07 18:00:00",
                        "will_deleted_at": "-262142-01-01 00:00:00"}}],
             "meta": {{"current_page": 1, "per_page": 100, "total": 3}}}}"#
    );
    let page: Page<Code> = serde_json::from_str(&body).expect("the page is read");
    let read: Vec<u64> = page.data.iter().map(|code| code.id).collect();
    assert_eq!(read, [2], "only the code with a time of this world is read");
    let left_out: Vec<Option<u64>> = page.unreadable.iter().map(|item| item.id).collect();
    assert_eq!(left_out, [Some(1), Some(3)]);
    for code in &page.data {
        let _ = code.removed_at();
    }
}

#[test]
fn a_pushed_code_expiring_past_four_digit_years_asks_for_a_new_listing() {
    let payload = serde_json::json!({
        "type": "intercom.code.store",
        "intercom_code": {"id": 1, "code": "12345", "expired_at": CHRONOS_LAST_DAY},
    });
    let frame = Frame::new(
        "Illuminate\\Notifications\\Events\\BroadcastNotificationCreated",
        Some("private-user.13"),
        payload,
    );
    let frame = Frame::parse(&frame.to_server_text()).expect("the frame is read");
    let push = Push::read(&frame.data);
    if let Push::CodeCreated { code } = &push {
        let _ = code.removed_at();
    }
    assert!(
        push.needs_resync(),
        "an unreadable code is a reason to list again: {push:?}"
    );
}
