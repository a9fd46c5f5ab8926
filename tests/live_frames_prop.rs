//! Whatever arrives on the live socket, the decoder answers with a value or an error, never a panic.

use aipix_client::live::{Push, kinds, types};
use proptest::prelude::*;
use pusher_wire::{Established, Frame};
use serde_json::{Value, json};

/// Any JSON value, nested a few levels, with the field names the decoder looks for mixed in.
fn any_json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("id".to_owned()),
        Just("code".to_owned()),
        Just("expired_at".to_owned()),
        Just("intercom".to_owned()),
        Just("type".to_owned()),
        Just("data".to_owned()),
        Just("status".to_owned()),
        Just("socket_id".to_owned()),
        Just("is_online".to_owned()),
        Just("intercom_code".to_owned()),
        Just("intercom_call".to_owned()),
        Just("deleted_ids".to_owned()),
        Just("subject".to_owned()),
        Just("title".to_owned()),
        ".{0,12}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_map(|n| serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)),
        ".{0,40}".prop_map(Value::String),
        Just(json!("2029-12-31 12:45:00")),
        Just(json!("2022-04-18T17:25:56.000000Z")),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..8)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

fn push_type() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(kinds::CODE_CREATED.to_owned()),
        Just(kinds::CODES_DELETED.to_owned()),
        Just(kinds::INTERCOMS_DELETED.to_owned()),
        Just(kinds::INTERCOM_UPDATED.to_owned()),
        Just("codes_removed".to_owned()),
        Just(types::CODE_STORE.to_owned()),
        Just(types::CODE_DELETE.to_owned()),
        Just(types::INTERCOM_UPDATE.to_owned()),
        Just(types::INTERCOM_DELETE.to_owned()),
        Just(types::INTERCOM_KEY_ERROR.to_owned()),
        Just(types::CALL_STORE.to_owned()),
        Just(types::CALL_DELETE.to_owned()),
        Just(types::CALL_CANCEL.to_owned()),
        Just(types::LOGOUT.to_owned()),
        Just(types::PERMISSIONS_UPDATED.to_owned()),
        ".{0,20}",
    ]
}

/// The payload key a notification of `kind` carries its object in.
fn payload_key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("intercom_code".to_owned()),
        Just("intercom".to_owned()),
        Just("intercom_call".to_owned()),
        Just("data".to_owned()),
        Just("error".to_owned()),
    ]
}

/// Feeds one text through every stage the live client puts a frame through.
fn decode_everything(text: &str) {
    if let Ok(frame) = Frame::parse(text) {
        let _ = Established::from_frame(&frame);
        let _ = Push::from_envelope(&frame.data);
        let _ = Push::read(&frame.data);
        let _ = frame.to_text();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        decode_everything(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn arbitrary_json_never_panics(value in any_json()) {
        decode_everything(&value.to_string());
        let _ = Push::from_envelope(&value);
        let _ = Push::read(&value);
    }

    #[test]
    fn frames_of_wrong_shapes_never_panic(event in ".{0,30}", channel in any_json(), data in any_json(), as_string in any::<bool>()) {
        let data = if as_string { Value::String(data.to_string()) } else { data };
        decode_everything(&json!({ "event": event, "channel": channel, "data": data }).to_string());
        decode_everything(&json!({ "event": "App\\Events\\UserPush", "channel": "private-user.1", "data": data }).to_string());
    }

    #[test]
    fn envelopes_of_wrong_shapes_never_panic(kind in push_type(), status in any_json(), data in any_json()) {
        let envelope = json!({ "type": kind, "status": status, "data": data, "subject": null, "message": null });
        let push = Push::from_envelope(&envelope);
        // A push is either understood with the right payload, or kept whole as unknown.
        match push {
            Push::Unknown { kind: unknown_kind, .. } | Push::Unreadable { kind: unknown_kind, .. } => prop_assert_eq!(unknown_kind, kind),
            Push::CodesDeleted { ids } | Push::IntercomsDeleted { ids } => prop_assert!(data.is_array() && ids.len() == data.as_array().map_or(0, Vec::len)),
            Push::CodeCreated { .. } | Push::IntercomUpdated { .. } => prop_assert!(data.is_object()),
            Push::Logout { .. } => prop_assert!(kind.eq_ignore_ascii_case(types::LOGOUT)),
            Push::PermissionsUpdated => prop_assert!(kind.eq_ignore_ascii_case(types::PERMISSIONS_UPDATED)),
            other => prop_assert!(false, "an envelope never makes {other:?}"),
        }
    }

    #[test]
    fn notifications_of_wrong_shapes_never_panic(kind in push_type(), key in payload_key(), payload in any_json(), deleted in any_json(), as_string in any::<bool>()) {
        let notification = json!({ "type": kind, key.as_str(): payload, "deleted_ids": deleted, "id": "x" });
        let push = Push::read(&notification);
        let nested = json!({ "data": { "type": kind, "status": "ok", "data": payload }, "subject": payload, "message": null });
        let _ = Push::read(&nested);
        let frame = json!({
            "event": "Illuminate\\Notifications\\Events\\BroadcastNotificationCreated",
            "channel": "private-user.1",
            "data": if as_string { Value::String(notification.to_string()) } else { notification.clone() },
        });
        decode_everything(&frame.to_string());
        // What comes out is what the payload says, or the push is kept as unknown or unreadable.
        match push {
            // From `deleted_ids`, or (the old envelope: the type beside `data`) from `data`.
            Push::CodesDeleted { ids } | Push::IntercomsDeleted { ids } | Push::CallsDeleted { ids } => {
                let flat = [types::CODE_DELETE, types::INTERCOM_DELETE, types::CALL_DELETE]
                    .iter()
                    .any(|flat| kind.eq_ignore_ascii_case(flat));
                let listed = if flat {
                    &deleted
                } else {
                    &payload
                };
                prop_assert_eq!(Some(ids.len()), listed.as_array().map(Vec::len));
            }
            Push::CodeCreated { .. } => prop_assert!(key == "intercom_code" && payload.is_object()),
            Push::IntercomUpdated { .. } => prop_assert!(key == "intercom" && payload.is_object()),
            Push::CallStored { .. } => prop_assert!(key == "intercom_call" && payload.is_object()),
            Push::Unknown { .. } | Push::Unreadable { .. } | Push::IntercomFailed { .. } | Push::CallCancelled { .. } => {}
            // Only the old envelope's shape (type beside data) reads a logout or a change of permissions.
            Push::Logout { .. } | Push::PermissionsUpdated => prop_assert_eq!(key.as_str(), "data"),
        }
    }
}

#[test]
fn huge_strings_never_panic() {
    let huge = "9".repeat(4 << 20);
    decode_everything(&huge);
    decode_everything(&format!("{{\"event\":\"{huge}\",\"data\":\"{huge}\"}}"));
    decode_everything(&format!(
        "{{\"event\":\"pusher:connection_established\",\"data\":{{\"socket_id\":\"{huge}.1\",\"activity_timeout\":{huge}}}}}"
    ));
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    decode_everything(&deep);
    let code = json!({ "type": kinds::CODE_CREATED, "data": { "id": 1, "title": huge, "code": huge,
        "expired_at": "2029-12-31 12:45:00", "intercom": { "id": 2 } } });
    assert!(matches!(
        Push::from_envelope(&code),
        Push::CodeCreated { .. }
    ));
}
