//! The server's JSON shapes (user, intercom, code, push envelope) and its two date formats,
//! written by hand from the contract so the simulator never borrows the client's models.

use chrono::{DateTime, Datelike as _, Timelike as _, Utc};
use serde::Serialize;
use serde_json::{Value, json};

use crate::records::{Call, Code, Intercom, User};

/// Event name of every legacy push on a `user.{ID}` channel.
pub(crate) const USER_PUSH_EVENT: &str = "App\\Events\\UserPush";
/// Event name of per-session pushes on `private-token.{access_token_id}`.
pub(crate) const TOKEN_PUSH_EVENT: &str = "App\\Events\\TokenPush";
/// Event name of codes, intercoms and calls from a real server.
pub(crate) const NOTIFICATION_EVENT: &str =
    "Illuminate\\Notifications\\Events\\BroadcastNotificationCreated";

/// `"2022-04-19 17:16:00"`: the user's `updated_at` (and code dates as the contract's example wrote them, before
/// the vendor's SDKs were read).
pub(crate) fn sql_time(t: DateTime<Utc>) -> String {
    // Written field by field: a page of codes holds hundreds of dates, and strftime reads its pattern each time.
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// `"2022-04-18T17:25:56.000000Z"`: intercom and code dates, as the vendor's SDKs parse them
/// (`TIME_FORMAT_SERVER_UTC` in `aipix-dev/vms-mobile-sdk-android` `models/DateUtils.kt`, `DateFormatter.serverUTC`
/// in `aipix-dev/vms-mobile-sdk-ios` `Network/Api/ApiExtensions.swift`, with which `VMSIntercomCode` reads its
/// `expired_at`, `created_at` and `will_deleted_at`).
pub(crate) fn iso_time(t: DateTime<Utc>) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.timestamp_subsec_micros().min(999_999)
    )
}

fn iso_or_null(t: Option<DateTime<Utc>>) -> Value {
    t.map_or(Value::Null, |t| Value::String(iso_time(t)))
}

/// The `user` object of the login answer. `created_at` is `""` as in the contract's example,
/// which clients must cope with.
pub(crate) fn user(user: &User, access_token_id: &str) -> Value {
    let permissions: Vec<Value> = user
        .permissions
        .iter()
        .map(|(id, name)| json!({"id": id, "name": name}))
        .collect();
    json!({
        "id": user.id,
        "login": user.login,
        "name": user.name,
        "parent_id": null,
        "permissions": permissions,
        "created_at": "",
        "updated_at": sql_time(user.updated_at),
        "access_token_id": access_token_id,
        "can_update_password": true,
        "analytic_license": [],
    })
}

/// The full intercom object (lists, `shows`, PATCH answers, `intercom_updated` pushes, calls), with the door
/// flags of the vendor's `VMSIntercom` (`aipix-dev/vms-mobile-sdk-android` `models/ApiModels.kt`).
pub(crate) fn intercom(i: &Intercom) -> Value {
    json!({
        "id": i.id,
        "title": i.title,
        "is_online": i.is_online,
        "is_enabled": i.is_enabled,
        "timetable": i.timetable,
        "department": i.department,
        "address": i.address,
        "camera": null,
        "status": i.status,
        "is_open_door_app": i.opens_from_app,
        "is_open_door_code": i.takes_codes,
        "created_at": iso_or_null(i.created_at),
        "updated_at": iso_time(i.updated_at),
    })
}

/// A call object, with the fields of the vendor's `VMSIntercomCall` (`aipix-dev/vms-mobile-sdk-android`
/// `models/ApiModels.kt`); its dates in the format the SDK parses them with (`TIME_FORMAT_SERVER_UTC`,
/// `models/DateUtils.kt`), as the intercoms'. What `type` and `mark_type` hold is not published: `null`.
pub(crate) fn call(c: &Call, intercom: &Intercom) -> Value {
    json!({
        "id": c.id,
        "status": c.status.as_str(),
        "type": null,
        "mark_type": null,
        "created_at": iso_time(c.created_at),
        "started_at": iso_or_null(c.started_at),
        "ended_at": iso_or_null(c.ended_at),
        "intercom": self::intercom(intercom),
    })
}

/// The `data` of an `intercom_cancel` push: the intercom's id and title and the call's id, as Android's
/// `VMSIntercomData` (`socket/VMSSocketEvents.kt`) and iOS's `VMSCanceledCall` (`Network/SocketApi/Models/
/// VMSIntercomSocketData.swift`) read it. The ids are numbers: iOS decodes them as `Int`, and Gson reads a number
/// into Android's `String` fields as well.
pub(crate) fn call_cancel(c: &Call, intercom: &Intercom) -> Value {
    json!({
        "id": intercom.id,
        "call_id": c.id,
        "title": intercom.title,
        "address": intercom.address,
        "video_url": null,
        "call_created_at": iso_time(c.created_at),
        "camera_id": null,
        "mark_type": null,
        "is_open_door_app": intercom.opens_from_app,
    })
}

/// The brief intercom object nested in every code.
#[derive(Serialize)]
struct IntercomBrief<'a> {
    id: u64,
    title: &'a str,
    is_online: bool,
    department: u32,
    address: &'a str,
    created_at: Option<String>,
    updated_at: String,
}

/// A code object, typed: a page of a long list is written straight from these (no `Value` in between).
#[derive(Serialize)]
pub(crate) struct CodeOut<'a> {
    id: u64,
    title: &'a str,
    code: &'a str,
    expired_at: String,
    is_expired: bool,
    will_deleted_at: String,
    created_at: String,
    intercom: IntercomBrief<'a>,
}

/// A code object; `is_expired` is judged at `now` (answer time).
pub(crate) fn code_out<'a>(c: &'a Code, intercom: &'a Intercom, now: DateTime<Utc>) -> CodeOut<'a> {
    CodeOut {
        id: c.id,
        title: &c.title,
        code: &c.code,
        expired_at: iso_time(c.expired_at),
        is_expired: c.is_expired(now),
        will_deleted_at: iso_time(c.will_deleted_at()),
        created_at: iso_time(c.created_at),
        intercom: IntercomBrief {
            id: intercom.id,
            title: &intercom.title,
            is_online: intercom.is_online,
            department: intercom.department,
            address: &intercom.address,
            created_at: intercom.created_at.map(iso_time),
            updated_at: iso_time(intercom.updated_at),
        },
    }
}

/// A code object as a `Value` (answers and pushes of one code).
pub(crate) fn code(c: &Code, intercom: &Intercom, now: DateTime<Utc>) -> Value {
    serde_json::to_value(code_out(c, intercom, now)).unwrap_or(Value::Null)
}

/// Every legacy push's data: `{"type", "status", "data", "subject", "message"}`.
pub(crate) fn envelope(kind: &str, data: Value) -> Value {
    json!({"type": kind, "status": "ok", "data": data, "subject": null, "message": null})
}

/// A `BroadcastNotificationCreated` payload: flat, the type beside its one payload key, `deleted_ids` and the
/// notification's id (`VMSVisitorSocket`, `VMSIntercomSocket`, `VMSVisitHistorySocket` in
/// `aipix-dev/vms-mobile-sdk-android` `socket/VMSSocketEvents.kt`).
pub(crate) fn notification(
    kind: &str,
    key: &str,
    object: Option<Value>,
    deleted_ids: Option<&[u64]>,
) -> Value {
    let mut data = json!({
        "type": kind,
        "deleted_ids": deleted_ids.map_or(Value::Null, |ids| json!(ids)),
        "id": notification_id(),
    });
    data[key] = object.unwrap_or(Value::Null);
    data
}

/// The payload of `intercom_cancel` (`{"type", "data", "id"}`), as Android's `VMSCallSocket` reads it before any
/// other push (`VMSPusherApi.onEvent`) and iOS among the intercom notifications (`VMSPusherApi.swift`).
pub(crate) fn cancel_notification(data: Value) -> Value {
    json!({"type": "intercom_cancel", "data": data, "id": notification_id()})
}

/// A nested `UserPush`/`TokenPush` payload: `{"data": {"type", "status", "data"}, "subject", "message"}`, as
/// `VMSPusherApi.handleAppSocket` reads it (and as the frame quoted in its comments has it).
pub(crate) fn nested(kind: &str, data: Value, subject: Option<&str>) -> Value {
    json!({"data": {"type": kind, "status": "ok", "data": data}, "subject": subject, "message": null})
}

/// A notification's id: a random UUID, as Laravel gives each notification.
fn notification_id() -> String {
    let hex: String = (0..32)
        .map(|_| char::from_digit(rand::random_range(0..16u32), 16).unwrap_or('0'))
        .collect();
    format!(
        "{}-{}-4{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[13..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn date_formats_match_the_contract() {
        let t = Utc.with_ymd_and_hms(2022, 4, 20, 12, 34, 30).single();
        let Some(t) = t else { panic!("valid date") };
        assert_eq!(sql_time(t), "2022-04-20 12:34:30");
        assert_eq!(iso_time(t), "2022-04-20T12:34:30.000000Z");
        for t in [
            t + chrono::Duration::microseconds(250_001),
            Utc.with_ymd_and_hms(1, 1, 1, 0, 0, 0).single().unwrap_or(t),
            Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59)
                .single()
                .unwrap_or(t),
        ] {
            assert_eq!(sql_time(t), t.format("%Y-%m-%d %H:%M:%S").to_string());
            assert_eq!(iso_time(t), t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string());
        }
    }
}
