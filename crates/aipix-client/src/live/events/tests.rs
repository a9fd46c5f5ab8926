use super::*;
use serde_json::json;

fn code_json() -> Value {
    json!({ "id": 1388, "title": "Visitor 1", "code": "12345",
            "expired_at": "2029-04-19 17:16:00", "is_expired": false,
            "will_deleted_at": "2029-04-20 17:16:00", "created_at": "2029-04-19 17:14:04",
            "intercom": { "id": 180, "title": "House", "is_online": true, "department": 100,
                          "address": "Cameras", "created_at": null, "updated_at": "2022-04-18T17:25:56.000000Z" } })
}

fn intercom_json() -> Value {
    json!({ "id": 180, "title": "House", "is_online": false, "is_enabled": true,
            "timetable": {"days": [], "intervals": []}, "department": 100, "address": "Cameras",
            "camera": null, "status": "confirmed", "created_at": null,
            "updated_at": "2022-04-20T12:34:30.000000Z" })
}

fn envelope(kind: &str, data: Value) -> Value {
    json!({ "type": kind, "status": "ok", "data": data, "subject": null, "message": null })
}

/// A `BroadcastNotificationCreated` payload as `VMSVisitorSocket`, `VMSIntercomSocket` and
/// `VMSVisitHistorySocket` read it (`socket/VMSSocketEvents.kt`): the type, one payload key, `deleted_ids`, the
/// notification's id.
fn notification(kind: &str, key: &str, payload: Value, deleted: Value) -> Value {
    let mut data = json!({ "type": kind, "deleted_ids": deleted, "id": "0b5d5d2c-4f4b-4e8a-9a43-1c9f3b1f9a10" });
    if !key.is_empty() {
        data[key] = payload;
    }
    data
}

/// `UserPush` / `TokenPush` as `VMSPusherApi.handleAppSocket` reads them: the type nested under `data`.
fn nested(kind: &str, status: &str, data: Value, subject: Value) -> Value {
    json!({ "data": { "type": kind, "status": status, "data": data }, "subject": subject, "message": null })
}

#[test]
fn a_code_notification_is_a_code() {
    let data = notification(types::CODE_STORE, "intercom_code", code_json(), Value::Null);
    let Push::CodeCreated { code } = Push::read(&data) else {
        panic!("{:?}", Push::read(&data))
    };
    assert_eq!((code.id, code.code_value()), (1388, Some("12345")));
    assert_eq!(code.intercom_id(), Some(180));
    // Types compare case-insensitively, as in the SDKs (`equals(type, ignoreCase = true)`).
    let shouting = notification(
        "INTERCOM.CODE.STORE",
        "intercom_code",
        code_json(),
        Value::Null,
    );
    assert!(matches!(Push::read(&shouting), Push::CodeCreated { .. }));
}

#[test]
fn deleted_ids_remove_codes_intercoms_and_calls() {
    let deleted = notification(
        types::CODE_DELETE,
        "intercom_code",
        Value::Null,
        json!([2, 6, 9]),
    );
    assert_eq!(
        Push::read(&deleted),
        Push::CodesDeleted { ids: vec![2, 6, 9] }
    );
    let deleted = notification(
        types::INTERCOM_DELETE,
        "intercom",
        Value::Null,
        json!([180]),
    );
    assert_eq!(
        Push::read(&deleted),
        Push::IntercomsDeleted { ids: vec![180] }
    );
    let deleted = notification(
        types::CALL_DELETE,
        "intercom_call",
        Value::Null,
        json!(["4", 5]),
    );
    assert_eq!(Push::read(&deleted), Push::CallsDeleted { ids: vec![4, 5] });
    // A code deletion that names nothing cannot be applied: the app lists again.
    for broken in [Value::Null, json!("2"), json!([2, "x"])] {
        let data = notification(types::CODE_DELETE, "", Value::Null, broken.clone());
        let push = Push::read(&data);
        assert!(
            matches!(push, Push::Unreadable { .. }) && push.needs_resync(),
            "{broken}: {push:?}"
        );
    }
}

#[test]
fn intercom_notifications_carry_the_intercom() {
    for kind in [
        types::INTERCOM_STORE,
        types::INTERCOM_RENAME,
        types::INTERCOM_UPDATE,
        types::INTERCOM_KEY_CONFIRMED,
    ] {
        let data = notification(kind, "intercom", intercom_json(), Value::Null);
        let Push::IntercomUpdated { intercom } = Push::read(&data) else {
            panic!("{kind}: {:?}", Push::read(&data))
        };
        assert_eq!(intercom.id, 180, "{kind}");
        assert!(
            intercom.online().is_offline() && intercom.is_confirmed(),
            "{kind}"
        );
    }
    // A part of an intercom would overwrite what is known with defaults: listed again instead.
    let partial = notification(
        types::INTERCOM_RENAME,
        "intercom",
        json!({"id": 180, "title": "Gate"}),
        Value::Null,
    );
    assert!(Push::read(&partial).needs_resync());
    for kind in [types::INTERCOM_KEY_ERROR, types::INTERCOM_ADD_ERROR] {
        let data = json!({ "type": kind, "error": "The key is wrong", "id": "uuid" });
        assert_eq!(
            Push::read(&data),
            Push::IntercomFailed {
                kind: kind.to_owned(),
                error: "The key is wrong".to_owned()
            }
        );
    }
}

#[test]
fn call_notifications_are_typed_with_the_sdks_field_names() {
    let call = json!({ "id": 31, "status": "missed", "type": "call", "mark_type": null,
                       "created_at": "2026-12-01 10:00:00", "intercom": intercom_json(),
                       "started_at": null, "ended_at": null });
    let data = notification(types::CALL_STORE, "intercom_call", call, Value::Null);
    let Push::CallStored { call } = Push::read(&data) else {
        panic!("{:?}", Push::read(&data))
    };
    assert_eq!(call.id, 31);
    assert_eq!(call.status.as_deref(), Some("missed"));
    assert_eq!(
        call.intercom.map(|intercom| intercom.title),
        Some("House".to_owned())
    );
    // A call that cannot be read is seen, not a reason to list codes again.
    let broken = notification(
        types::CALL_STORE,
        "intercom_call",
        json!({"id": "x"}),
        Value::Null,
    );
    let push = Push::read(&broken);
    assert!(
        matches!(push, Push::Unknown { .. }) && !push.needs_resync(),
        "{push:?}"
    );
    // Android's `VMSCallSocket` (call_id as text) and iOS's `VMSCanceledCall` (call_id as a number).
    for (call_id, read) in [(json!("77"), "77"), (json!(77), "77")] {
        let cancel = json!({ "type": "intercom_cancel", "data": {"id": "5", "call_id": call_id, "title": "House"} });
        assert_eq!(
            Push::read(&cancel),
            Push::CallCancelled {
                call_id: Some(read.to_owned())
            }
        );
    }
}

#[test]
fn a_logout_token_push_ends_the_session_with_the_servers_words() {
    let logout = nested("logout", "ok", json!([]), json!("Session completed"));
    assert_eq!(
        Push::read(&logout),
        Push::Logout {
            subject: Some("Session completed".to_owned())
        }
    );
    // Whatever its status and its case, with or without words.
    for (status, subject) in [
        ("error", Value::Null),
        ("ok", json!("  ")),
        ("ok", json!(5)),
    ] {
        let push = Push::read(&nested("LOGOUT", status, Value::Null, subject.clone()));
        assert_eq!(push, Push::Logout { subject: None }, "{status} {subject}");
    }
    // In the old envelope too.
    assert_eq!(
        Push::read(&envelope("logout", Value::Null)),
        Push::Logout { subject: None }
    );
}

#[test]
fn the_frame_quoted_in_the_android_sdk_is_seen_and_ignored() {
    // `socket/VMSPusherApi.kt`: "error : {"data":{"type":"archive_generated","status":"error","data":{"url":null}},
    // "subject":null,"message":null}".
    let quoted: Value = serde_json::from_str(
        r#"{"data":{"type":"archive_generated","status":"error","data":{"url":null}},"subject":null,"message":null}"#,
    )
    .expect("the quoted frame");
    let push = Push::read(&quoted);
    assert!(
        matches!(&push, Push::Unknown { kind, .. } if kind == "archive_generated")
            && !push.needs_resync(),
        "{push:?}"
    );
    let permissions = nested(
        "permissions_updated",
        "ok",
        json!({"detached": [1, 2], "attached": [4, 6]}),
        Value::Null,
    );
    assert_eq!(Push::read(&permissions), Push::PermissionsUpdated);
    for kind in [
        "cameras_updated",
        "analytic_case_motion_detect_event_created",
        "mark_created",
    ] {
        let push = Push::read(&nested(kind, "ok", json!({"id": 1}), Value::Null));
        assert!(
            matches!(push, Push::Unknown { .. }) && !push.needs_resync(),
            "{kind}"
        );
    }
    let unknown_notification =
        notification("intercom.add", "intercom", intercom_json(), Value::Null);
    assert!(matches!(
        Push::read(&unknown_notification),
        Push::Unknown { .. }
    ));
}

#[test]
fn the_guessed_envelope_is_still_read() {
    let created = Push::read(&envelope(kinds::CODE_CREATED, code_json()));
    assert!(matches!(created, Push::CodeCreated { ref code } if code.id == 1388));
    assert_eq!(
        Push::read(&envelope(kinds::CODES_DELETED, json!([2, 6, 9]))),
        Push::CodesDeleted { ids: vec![2, 6, 9] }
    );
    assert_eq!(
        Push::read(&envelope(kinds::INTERCOMS_DELETED, json!([180]))),
        Push::IntercomsDeleted { ids: vec![180] }
    );
    let updated = Push::read(&envelope(kinds::INTERCOM_UPDATED, intercom_json()));
    assert!(
        matches!(updated, Push::IntercomUpdated { ref intercom } if intercom.online().is_offline())
    );
    // Nested the real way, a guessed type is read the same.
    let nested_code = nested(kinds::CODE_CREATED, "ok", code_json(), Value::Null);
    assert!(matches!(Push::read(&nested_code), Push::CodeCreated { .. }));
}

#[test]
fn other_names_are_recognised_by_shape() {
    assert!(matches!(
        Push::from_envelope(&envelope("visitor_code_new", code_json())),
        Push::CodeCreated { .. }
    ));
    assert_eq!(
        Push::from_envelope(&envelope("IntercomCodesDeleted", json!(["4", 5]))),
        Push::CodesDeleted { ids: vec![4, 5] }
    );
    assert_eq!(
        Push::from_envelope(&envelope("intercom_removed", json!([7]))),
        Push::IntercomsDeleted { ids: vec![7] }
    );
}

#[test]
fn anything_else_is_unknown_keeps_its_data_and_asks_for_nothing() {
    let calls = Push::from_envelope(&envelope("calls_deleted", json!([1, 2])));
    assert!(matches!(calls, Push::Unknown { ref kind, .. } if kind == "calls_deleted"));
    let failed = json!({ "type": kinds::CODES_DELETED, "status": "error", "data": [1] });
    assert!(matches!(Push::from_envelope(&failed), Push::Unknown { .. }));
    for value in [
        Value::Null,
        json!("text"),
        json!([1]),
        json!({}),
        json!({"data": 5}),
    ] {
        let push = Push::read(&value);
        assert!(
            matches!(push, Push::Unknown { .. }) && !push.needs_resync(),
            "{value}: {push:?}"
        );
    }
    // A known kind whose payload is broken is another matter: the desk's picture may be wrong.
    let broken_code = Push::from_envelope(&envelope(kinds::CODE_CREATED, json!({"id": "x"})));
    assert!(broken_code.needs_resync(), "{broken_code:?}");
    let broken_ids = Push::from_envelope(&envelope(kinds::CODES_DELETED, json!([1, "two"])));
    assert!(broken_ids.needs_resync(), "{broken_ids:?}");
    let no_code = notification(types::CODE_STORE, "intercom_code", Value::Null, Value::Null);
    assert!(Push::read(&no_code).needs_resync());
}

#[test]
fn a_pushed_object_with_an_array_at_any_level_is_refused() {
    for intercom in [json!([5]), json!([7, "Gate", true])] {
        let mut data = code_json();
        data["intercom"] = intercom.clone();
        for push in [
            Push::from_envelope(&envelope(kinds::CODE_CREATED, data.clone())),
            Push::from_envelope(&envelope("visitor_code_new", data.clone())),
            Push::read(&notification(
                types::CODE_STORE,
                "intercom_code",
                data.clone(),
                Value::Null,
            )),
        ] {
            assert!(
                matches!(push, Push::Unreadable { .. }),
                "intercom {intercom}: {push:?}"
            );
        }
    }
    let as_fields = json!([1388, "Visitor 1", "12345", "2029-04-19 17:16:00", false]);
    assert!(!matches!(
        Push::from_envelope(&envelope(kinds::CODE_CREATED, as_fields.clone())),
        Push::CodeCreated { .. }
    ));
    assert!(!matches!(
        Push::read(&notification(
            types::CODE_STORE,
            "intercom_code",
            as_fields,
            Value::Null
        )),
        Push::CodeCreated { .. }
    ));
    let intercom_fields = json!([180, "House", false, true, 100, "Cameras", "confirmed"]);
    assert!(!matches!(
        Push::from_envelope(&envelope(kinds::INTERCOM_UPDATED, intercom_fields)),
        Push::IntercomUpdated { .. }
    ));
    let mut nested_title = code_json();
    nested_title["intercom"]["title"] = json!(["House"]);
    assert!(matches!(
        Push::from_envelope(&envelope(kinds::CODE_CREATED, nested_title)),
        Push::Unreadable { .. }
    ));
}

#[test]
fn events_serialise_as_one_json_object() {
    let text = serde_json::to_string(&LiveEvent::Disconnected {
        reason: "closed".into(),
        retry_in: Duration::from_millis(1500),
    })
    .expect("json");
    assert_eq!(
        text,
        r#"{"event":"disconnected","reason":"closed","retry_in":1.5}"#
    );
    let push =
        serde_json::to_value(LiveEvent::Push(Push::CodesDeleted { ids: vec![1] })).expect("json");
    assert_eq!(
        push,
        json!({"event": "push", "push": "codes_deleted", "ids": [1]})
    );
    let logout =
        serde_json::to_value(LiveEvent::Push(Push::Logout { subject: None })).expect("json");
    assert_eq!(
        logout,
        json!({"event": "push", "push": "logout", "subject": null})
    );
}
