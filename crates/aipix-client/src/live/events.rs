//! What the live channel tells the app: the user's pushes, decoded, and the connection's state.

use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

use crate::api::{Code, Intercom};

/// One change pushed on the user's channel.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "push", rename_all = "snake_case")]
pub enum Push {
    CodeCreated {
        code: Box<Code>,
    },
    CodesDeleted {
        ids: Vec<u64>,
    },
    IntercomsDeleted {
        ids: Vec<u64>,
    },
    IntercomUpdated {
        intercom: Box<Intercom>,
    },
    /// A push this client does not understand: the app answers it with a fresh list over REST.
    Unknown {
        kind: String,
        data: Value,
    },
}

/// Everything the live client reports, in the order it happens.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum LiveEvent {
    Connecting {
        attempt: u32,
    },
    /// Subscribed to the user's channel; `socket_id` now goes out as `X-Socket-ID`.
    Connected {
        socket_id: String,
    },
    /// Lost; the next attempt starts after `retry_in`.
    Disconnected {
        reason: String,
        #[serde(serialize_with = "seconds")]
        retry_in: Duration,
    },
    /// Given up for good (the server refused us, or the app stopped the client).
    Stopped {
        reason: String,
    },
    /// Pushes may have been missed (before the subscription, or while disconnected): list everything again.
    ResyncNeeded,
    Push(Push),
}

fn seconds<S: serde::Serializer>(duration: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(duration.as_secs_f64())
}

/// The push types the simulator sends; a real server may name them differently, so shapes are read too.
pub mod kinds {
    pub const CODE_CREATED: &str = "intercom_code_created";
    pub const CODES_DELETED: &str = "intercom_codes_deleted";
    pub const INTERCOMS_DELETED: &str = "intercoms_deleted";
    pub const INTERCOM_UPDATED: &str = "intercom_updated";
}

impl Push {
    /// Reads the data of a `UserPush`: the envelope `{type, status, data, subject, message}`.
    pub fn from_envelope(envelope: &Value) -> Push {
        let kind = envelope
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let data = envelope.get("data").cloned().unwrap_or(Value::Null);
        let status_ok = envelope
            .get("status")
            .and_then(Value::as_str)
            .is_none_or(|s| s == "ok");
        let unknown = || Push::Unknown {
            kind: kind.to_owned(),
            data: data.clone(),
        };
        if !status_ok {
            return unknown();
        }
        let lower = kind.to_ascii_lowercase();
        let mentions_codes = lower.contains("code");
        let mentions_intercoms = lower.contains("intercom");
        let deletion = lower.contains("delete") || lower.contains("remove");

        match (kind, &data) {
            (kinds::CODE_CREATED, _) => code(&data).unwrap_or_else(unknown),
            (kinds::CODES_DELETED, _) => ids(&data)
                .map(|ids| Push::CodesDeleted { ids })
                .unwrap_or_else(unknown),
            (kinds::INTERCOMS_DELETED, _) => ids(&data)
                .map(|ids| Push::IntercomsDeleted { ids })
                .unwrap_or_else(unknown),
            (kinds::INTERCOM_UPDATED, _) => intercom(&data).unwrap_or_else(unknown),
            // Unknown names: go by shape. An object with `code` and `expired_at` is a code.
            (_, Value::Object(fields))
                if fields.contains_key("code") && fields.contains_key("expired_at") =>
            {
                if deletion {
                    unknown()
                } else {
                    code(&data).unwrap_or_else(unknown)
                }
            }
            (_, Value::Array(_)) if deletion && mentions_codes => ids(&data)
                .map(|ids| Push::CodesDeleted { ids })
                .unwrap_or_else(unknown),
            (_, Value::Array(_)) if deletion && mentions_intercoms => ids(&data)
                .map(|ids| Push::IntercomsDeleted { ids })
                .unwrap_or_else(unknown),
            (_, Value::Object(fields))
                if mentions_intercoms
                    && !deletion
                    && fields.contains_key("id")
                    && fields.contains_key("is_online") =>
            {
                intercom(&data).unwrap_or_else(unknown)
            }
            _ => unknown(),
        }
    }
}

/// A pushed code; the models take objects only, at every level (an intercom sent as `[5]` is refused).
fn code(data: &Value) -> Option<Push> {
    match serde_json::from_value::<Code>(data.clone()) {
        Ok(code) => Some(Push::CodeCreated {
            code: Box::new(code),
        }),
        Err(error) => {
            tracing::warn!(%error, "a pushed code could not be read");
            None
        }
    }
}

fn intercom(data: &Value) -> Option<Push> {
    match serde_json::from_value::<Intercom>(data.clone()) {
        Ok(intercom) => Some(Push::IntercomUpdated {
            intercom: Box::new(intercom),
        }),
        Err(error) => {
            tracing::warn!(%error, "a pushed intercom could not be read");
            None
        }
    }
}

/// An array of ids; ids sent as numeric strings are accepted, anything else makes the whole push unknown.
fn ids(data: &Value) -> Option<Vec<u64>> {
    data.as_array()?
        .iter()
        .map(|item| match item {
            Value::Number(n) => n.as_u64(),
            Value::String(text) => text.trim().parse().ok(),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn code_json() -> Value {
        json!({ "id": 1388, "title": "Visitor 1", "code": "12345",
                "expired_at": "2029-04-19 17:16:00", "is_expired": false,
                "will_deleted_at": "2029-04-20 17:16:00", "created_at": "2029-04-19 17:14:04",
                "intercom": { "id": 180, "title": "House", "is_online": true, "department": 100,
                              "address": "Cameras", "created_at": null, "updated_at": "2022-04-18T17:25:56.000000Z" } })
    }

    fn envelope(kind: &str, data: Value) -> Value {
        json!({ "type": kind, "status": "ok", "data": data, "subject": null, "message": null })
    }

    #[test]
    fn known_types_decode() {
        let created = Push::from_envelope(&envelope(kinds::CODE_CREATED, code_json()));
        assert!(matches!(created, Push::CodeCreated { ref code } if code.id == 1388));
        assert_eq!(
            Push::from_envelope(&envelope(kinds::CODES_DELETED, json!([2, 6, 9]))),
            Push::CodesDeleted { ids: vec![2, 6, 9] }
        );
        assert_eq!(
            Push::from_envelope(&envelope(kinds::INTERCOMS_DELETED, json!([180]))),
            Push::IntercomsDeleted { ids: vec![180] }
        );
        let updated = Push::from_envelope(&envelope(
            kinds::INTERCOM_UPDATED,
            json!({"id": 180, "title": "House", "is_online": false, "status": "confirmed"}),
        ));
        assert!(matches!(updated, Push::IntercomUpdated { ref intercom } if !intercom.is_online));
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
    fn anything_else_is_unknown_and_keeps_its_data() {
        let calls = Push::from_envelope(&envelope("calls_deleted", json!([1, 2])));
        assert!(matches!(calls, Push::Unknown { ref kind, .. } if kind == "calls_deleted"));
        let permissions = envelope(
            "permissions_updated",
            json!({"detached": [1, 2], "attached": [4, 6]}),
        );
        assert!(matches!(
            Push::from_envelope(&permissions),
            Push::Unknown { .. }
        ));
        let broken_code = Push::from_envelope(&envelope(kinds::CODE_CREATED, json!({"id": "x"})));
        assert!(matches!(broken_code, Push::Unknown { .. }));
        let broken_ids = Push::from_envelope(&envelope(kinds::CODES_DELETED, json!([1, "two"])));
        assert!(matches!(broken_ids, Push::Unknown { .. }));
        let failed = json!({ "type": kinds::CODES_DELETED, "status": "error", "data": [1] });
        assert!(matches!(Push::from_envelope(&failed), Push::Unknown { .. }));
        assert!(matches!(
            Push::from_envelope(&Value::Null),
            Push::Unknown { .. }
        ));
        assert!(matches!(
            Push::from_envelope(&json!("text")),
            Push::Unknown { .. }
        ));
    }

    #[test]
    fn a_pushed_object_with_an_array_at_any_level_is_refused() {
        for intercom in [json!([5]), json!([7, "Gate", true])] {
            let mut data = code_json();
            data["intercom"] = intercom.clone();
            for kind in [kinds::CODE_CREATED, "visitor_code_new"] {
                assert!(
                    matches!(
                        Push::from_envelope(&envelope(kind, data.clone())),
                        Push::Unknown { .. }
                    ),
                    "{kind} with intercom {intercom}"
                );
            }
        }
        let as_fields = json!([1388, "Visitor 1", "12345", "2029-04-19 17:16:00", false]);
        assert!(matches!(
            Push::from_envelope(&envelope(kinds::CODE_CREATED, as_fields)),
            Push::Unknown { .. }
        ));
        let intercom_fields = json!([180, "House", false, true, 100, "Cameras", "confirmed"]);
        assert!(matches!(
            Push::from_envelope(&envelope(kinds::INTERCOM_UPDATED, intercom_fields)),
            Push::Unknown { .. }
        ));
        let mut nested = code_json();
        nested["intercom"]["title"] = json!(["House"]);
        assert!(matches!(
            Push::from_envelope(&envelope(kinds::CODE_CREATED, nested)),
            Push::Unknown { .. }
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
        let push = serde_json::to_value(LiveEvent::Push(Push::CodesDeleted { ids: vec![1] }))
            .expect("json");
        assert_eq!(
            push,
            json!({"event": "push", "push": "codes_deleted", "ids": [1]})
        );
    }
}
