//! What the live channel tells the app: the user's and the session's pushes, decoded, and the connection's state.
//!
//! The shapes are the ones the vendor's own SDKs read (`aipix-dev/vms-mobile-sdk-android` `socket/VMSPusherApi.kt`,
//! `socket/VMSSocketEvents.kt`; `aipix-dev/vms-mobile-sdk-ios` `Network/SocketApi/`):
//!
//! - codes, intercoms and calls come as Laravel's `BroadcastNotificationCreated` with a **flat** payload,
//!   `{"type": "intercom.code.store", "intercom_code": {…}, "deleted_ids": null, "id": "<uuid>"}`;
//! - `UserPush` and `TokenPush` are **nested**: `{"data": {"type", "status", "data"}, "subject", "message"}`
//!   (`logout` on the token channel ends this session);
//! - the envelope this project guessed before it read the SDKs, `{"type", "status", "data", "subject", "message"}`
//!   with `intercom_code_created` and the like, is still read, so a server (or simulator) speaking it still works.
//!
//! A payload is read by its shape, whatever event name it came under. Types compare case-insensitively, as in
//! the SDKs.

use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

use crate::api::{Code, Intercom, IntercomCall};

/// One change pushed on the user's or the session's channel.
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
    /// An intercom added, renamed, changed or newly confirmed: the whole object, to put in place of the one known
    /// (or beside the others when it is new).
    IntercomUpdated {
        intercom: Box<Intercom>,
    },
    /// The server could not confirm an intercom's key or add an intercom (`intercom.key_error`,
    /// `intercom.add_error`); `error` is its text.
    IntercomFailed {
        kind: String,
        error: String,
    },
    /// A call at an intercom was recorded (`intercom.call.store`).
    CallStored {
        call: Box<IntercomCall>,
    },
    /// Calls were removed from the history (`intercom.call.delete`).
    CallsDeleted {
        ids: Vec<u64>,
    },
    /// A ringing call was answered or ended elsewhere (`intercom_cancel`).
    CallCancelled {
        call_id: Option<String>,
    },
    /// This session was ended elsewhere (another device, an administrator): sign in again. `subject` is the
    /// server's own words, when it gave any.
    Logout {
        subject: Option<String>,
    },
    /// The user's permissions changed: which intercoms the account sees may have changed with them.
    PermissionsUpdated,
    /// A push this client has no use for (cameras, analytics, archives, or a type it does not know): seen, and
    /// nothing more.
    Unknown {
        kind: String,
        data: Value,
    },
    /// A push of a kind the app follows (codes, intercoms) whose payload could not be read: the app's picture may
    /// now be wrong, so it lists everything again.
    Unreadable {
        kind: String,
        reason: String,
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
    /// The server's REST address is https, but it announced its live channel without encryption (`announced`,
    /// `ws://…`) and nothing answered with encryption there: not followed, since its pushes carry working door
    /// codes. A `Stopped` follows.
    Unencrypted {
        announced: String,
    },
    /// Pushes may have been missed (before the subscription, or while disconnected): list everything again.
    ResyncNeeded,
    Push(Push),
}

fn seconds<S: serde::Serializer>(duration: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(duration.as_secs_f64())
}

/// The push types of the envelope this project guessed before reading the vendor's SDKs; still read, and still
/// what the simulator sends with `--legacy-pushes`.
pub mod kinds {
    pub const CODE_CREATED: &str = "intercom_code_created";
    pub const CODES_DELETED: &str = "intercom_codes_deleted";
    pub const INTERCOMS_DELETED: &str = "intercoms_deleted";
    pub const INTERCOM_UPDATED: &str = "intercom_updated";
}

/// The types an AIPIX server sends, as the vendor's SDKs name them (`socket/SocketConstants.kt`).
pub mod types {
    pub const CODE_STORE: &str = "intercom.code.store";
    pub const CODE_DELETE: &str = "intercom.code.delete";
    pub const INTERCOM_STORE: &str = "intercom.store";
    pub const INTERCOM_RENAME: &str = "intercom.rename";
    pub const INTERCOM_UPDATE: &str = "intercom.update";
    pub const INTERCOM_DELETE: &str = "intercom.delete";
    pub const INTERCOM_KEY_CONFIRMED: &str = "intercom.key_confirmed";
    pub const INTERCOM_KEY_ERROR: &str = "intercom.key_error";
    pub const INTERCOM_ADD_ERROR: &str = "intercom.add_error";
    pub const CALL_STORE: &str = "intercom.call.store";
    pub const CALL_DELETE: &str = "intercom.call.delete";
    /// A ringing call answered elsewhere; read before anything else by the Android SDK (`VMSPusherApi.onEvent`).
    pub const CALL_CANCEL: &str = "intercom_cancel";
    /// Nested in a `TokenPush`: this session was ended.
    pub const LOGOUT: &str = "logout";
    pub const PERMISSIONS_UPDATED: &str = "permissions_updated";
}

impl Push {
    /// Reads the data of one event on our channels, whatever its shape (see the module's notes).
    pub fn read(data: &Value) -> Push {
        let Some(fields) = data.as_object() else {
            return unknown("", data);
        };
        match fields.get("type").and_then(Value::as_str) {
            Some(kind) => {
                let lower = kind.to_ascii_lowercase();
                if let Some(push) = notification(kind, &lower, data) {
                    push
                } else if fields.contains_key("status") || fields.contains_key("data") {
                    // The guessed envelope: type, status and data side by side.
                    Push::from_envelope(data)
                } else {
                    unknown(kind, data)
                }
            }
            // Nested: `{"data": {"type", "status", "data"}, "subject", "message"}`.
            None => match fields.get("data") {
                Some(inner) if inner.get("type").is_some_and(Value::is_string) => {
                    let mut push = Push::from_envelope(inner);
                    if let Push::Logout { subject } = &mut push
                        && subject.is_none()
                    {
                        *subject = text(fields.get("subject"));
                    }
                    push
                }
                _ => unknown("", data),
            },
        }
    }

    /// Reads a `{type, status, data, subject, message}` envelope: the inner part of a `UserPush`/`TokenPush`,
    /// or the whole of the guessed envelope.
    pub fn from_envelope(envelope: &Value) -> Push {
        let kind = envelope
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let data = envelope.get("data").cloned().unwrap_or(Value::Null);
        let lower = kind.to_ascii_lowercase();
        // The Android SDK acts on `logout` whatever its status (`VMSPusherApi.handleAppSocket`).
        if lower == types::LOGOUT {
            return Push::Logout {
                subject: text(envelope.get("subject")),
            };
        }
        let status_ok = envelope
            .get("status")
            .and_then(Value::as_str)
            .is_none_or(|s| s.eq_ignore_ascii_case("ok"));
        if !status_ok {
            return unknown(kind, &data);
        }
        if lower == types::PERMISSIONS_UPDATED {
            return Push::PermissionsUpdated;
        }
        let mentions_codes = lower.contains("code");
        let mentions_intercoms = lower.contains("intercom");
        let deletion = lower.contains("delete") || lower.contains("remove");
        let unreadable = |reason: &str| Push::Unreadable {
            kind: kind.to_owned(),
            reason: reason.to_owned(),
        };

        match (kind, &data) {
            (kinds::CODE_CREATED, _) => code(kind, &data),
            (kinds::CODES_DELETED, _) => ids(&data)
                .map(|ids| Push::CodesDeleted { ids })
                .unwrap_or_else(|| unreadable("the ids are not a list of numbers")),
            (kinds::INTERCOMS_DELETED, _) => ids(&data)
                .map(|ids| Push::IntercomsDeleted { ids })
                .unwrap_or_else(|| unreadable("the ids are not a list of numbers")),
            (kinds::INTERCOM_UPDATED, _) => intercom(kind, &data),
            // Other names: go by shape. An object with `code` and `expired_at` is a code.
            (_, Value::Object(fields))
                if fields.contains_key("code") && fields.contains_key("expired_at") =>
            {
                if deletion {
                    unknown(kind, &data)
                } else {
                    code(kind, &data)
                }
            }
            (_, Value::Array(_)) if deletion && mentions_codes => match ids(&data) {
                Some(ids) => Push::CodesDeleted { ids },
                None => unknown(kind, &data),
            },
            (_, Value::Array(_)) if deletion && mentions_intercoms => match ids(&data) {
                Some(ids) => Push::IntercomsDeleted { ids },
                None => unknown(kind, &data),
            },
            (_, Value::Object(fields))
                if mentions_intercoms
                    && !deletion
                    && fields.contains_key("id")
                    && fields.contains_key("is_online") =>
            {
                intercom(kind, &data)
            }
            _ => unknown(kind, &data),
        }
    }

    /// Whether the app's picture of codes and intercoms may be wrong after this push, so that it must list
    /// everything again. Only for pushes it follows but could not read: an unknown push asks for nothing, so that
    /// a server busy with camera events costs no listings.
    pub fn needs_resync(&self) -> bool {
        matches!(self, Push::Unreadable { .. })
    }
}

/// A flat notification (`BroadcastNotificationCreated`): its type decides the payload key. `None` when the type is
/// not one of them.
fn notification(kind: &str, lower: &str, data: &Value) -> Option<Push> {
    let unreadable = |reason: String| Push::Unreadable {
        kind: kind.to_owned(),
        reason,
    };
    let deleted = |then: fn(Vec<u64>) -> Push| match data.get("deleted_ids") {
        Some(list) => ids(list)
            .map(then)
            .unwrap_or_else(|| unreadable("deleted_ids is not a list of numbers".into())),
        None => unreadable("no deleted_ids".into()),
    };
    let push = match lower {
        types::CODE_STORE => match data.get("intercom_code") {
            Some(object) if object.is_object() => code(kind, object),
            _ => unreadable("no intercom_code".into()),
        },
        types::CODE_DELETE => deleted(|ids| Push::CodesDeleted { ids }),
        types::INTERCOM_STORE
        | types::INTERCOM_RENAME
        | types::INTERCOM_UPDATE
        | types::INTERCOM_KEY_CONFIRMED => match data.get("intercom") {
            Some(object) if object.is_object() => intercom(kind, object),
            _ => unreadable("no intercom".into()),
        },
        types::INTERCOM_DELETE => deleted(|ids| Push::IntercomsDeleted { ids }),
        types::INTERCOM_KEY_ERROR | types::INTERCOM_ADD_ERROR => Push::IntercomFailed {
            kind: kind.to_owned(),
            error: text(data.get("error")).unwrap_or_default(),
        },
        // Calls are not shown yet: one that cannot be read is only seen, never a reason to list codes again.
        types::CALL_STORE => match data
            .get("intercom_call")
            .map(|call| serde_json::from_value::<IntercomCall>(call.clone()))
        {
            Some(Ok(call)) => Push::CallStored {
                call: Box::new(call),
            },
            _ => unknown(kind, data),
        },
        types::CALL_DELETE => match data.get("deleted_ids").and_then(ids) {
            Some(ids) => Push::CallsDeleted { ids },
            None => unknown(kind, data),
        },
        // `{"type": "intercom_cancel", "data": {"call_id": …}}`: Android reads `call_id` as text, iOS as a number.
        types::CALL_CANCEL => Push::CallCancelled {
            call_id: data
                .get("data")
                .and_then(|call| call.get("call_id"))
                .and_then(|id| match id {
                    Value::String(text) => Some(text.clone()),
                    Value::Number(number) => Some(number.to_string()),
                    _ => None,
                }),
        },
        _ => return None,
    };
    Some(push)
}

fn unknown(kind: &str, data: &Value) -> Push {
    Push::Unknown {
        kind: kind.to_owned(),
        data: data.clone(),
    }
}

/// Text that may be absent, `null` or not text at all.
fn text(value: Option<&Value>) -> Option<String> {
    value
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .map(str::to_owned)
}

/// A pushed code; the models take objects only, at every level (an intercom sent as `[5]` is refused).
fn code(kind: &str, data: &Value) -> Push {
    match serde_json::from_value::<Code>(data.clone()) {
        Ok(code) => Push::CodeCreated {
            code: Box::new(code),
        },
        Err(error) => {
            tracing::warn!(%error, "a pushed code could not be read");
            Push::Unreadable {
                kind: kind.to_owned(),
                reason: format!("the code could not be read: {error}"),
            }
        }
    }
}

/// A pushed intercom. It must name what the desk shows (its title and whether it is online): a partial object
/// would put defaults in place of what is known, so it is answered with a listing instead.
fn intercom(kind: &str, data: &Value) -> Push {
    let unreadable = |reason: String| Push::Unreadable {
        kind: kind.to_owned(),
        reason,
    };
    if let Some(missing) = ["title", "is_online"]
        .into_iter()
        .find(|field| data.get(field).is_none())
    {
        return unreadable(format!("the intercom has no {missing}"));
    }
    match serde_json::from_value::<Intercom>(data.clone()) {
        Ok(intercom) => Push::IntercomUpdated {
            intercom: Box::new(intercom),
        },
        Err(error) => {
            tracing::warn!(%error, "a pushed intercom could not be read");
            unreadable(format!("the intercom could not be read: {error}"))
        }
    }
}

/// An array of ids; ids sent as numeric strings are accepted, anything else makes the whole list unreadable.
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
mod tests;
