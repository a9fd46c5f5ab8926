//! Pusher Channels protocol 7 on the wire: frames, event and channel names, the greeting, and (with the
//! `signing` feature, which only a server needs) the private-channel signature.
//!
//! The one piece both sides of a connection share: the AIPIX client reads and writes frames with it, and the
//! simulator's live endpoint does too. What each side *does* with the frames (reconnecting, keeping alive,
//! signing subscriptions) stays with that side. The official pusher-js client checks both against an
//! implementation we did not write.

use serde_json::{Value, json};

pub const PROTOCOL_VERSION: u8 = 7;

pub const CONNECTION_ESTABLISHED: &str = "pusher:connection_established";
pub const SUBSCRIBE: &str = "pusher:subscribe";
pub const SUBSCRIPTION_SUCCEEDED: &str = "pusher_internal:subscription_succeeded";
pub const SUBSCRIPTION_ERROR: &str = "pusher:subscription_error";
pub const ERROR: &str = "pusher:error";
pub const PING: &str = "pusher:ping";
pub const PONG: &str = "pusher:pong";
pub const UNSUBSCRIBE: &str = "pusher:unsubscribe";

/// The Laravel event class of user pushes, and the short names an application may broadcast it as.
pub const USER_PUSH_EVENTS: [&str; 3] = ["App\\Events\\UserPush", "UserPush", ".UserPush"];
pub const USER_PUSH_EVENT: &str = USER_PUSH_EVENTS[0];

/// The event of per-session pushes on the token channel (`logout`, …), and its short names.
pub const TOKEN_PUSH_EVENTS: [&str; 3] = ["App\\Events\\TokenPush", "TokenPush", ".TokenPush"];
pub const TOKEN_PUSH_EVENT: &str = TOKEN_PUSH_EVENTS[0];

/// Laravel's broadcast of a notification: how an AIPIX server sends codes, intercoms and calls, with a flat
/// payload (`aipix-dev/vms-mobile-sdk-android` `socket/SocketConstants.kt`, `INTERCOM_PUSH`).
pub const NOTIFICATION_EVENTS: [&str; 3] = [
    "Illuminate\\Notifications\\Events\\BroadcastNotificationCreated",
    "BroadcastNotificationCreated",
    ".BroadcastNotificationCreated",
];
pub const NOTIFICATION_EVENT: &str = NOTIFICATION_EVENTS[0];

/// The wire name of a user's private channel.
pub fn user_channel(user_id: u64) -> String {
    format!("private-user.{user_id}")
}

/// The wire name of one session's private channel, named by the login answer's `user.access_token_id`.
pub fn token_channel(access_token_id: &str) -> String {
    format!("private-token.{access_token_id}")
}

/// One frame: `{"event", "channel"?, "data"}`, with `data` already decoded from its string form when it was
/// sent as a JSON-encoded string (most servers do; some send an object).
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub event: String,
    pub channel: Option<String>,
    pub data: Value,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    #[error("not JSON: {0}")]
    NotJson(String),
    #[error("not a frame: {0}")]
    NotAFrame(&'static str),
}

impl Frame {
    pub fn new(event: &str, channel: Option<&str>, data: Value) -> Self {
        Self {
            event: event.to_owned(),
            channel: channel.map(str::to_owned),
            data,
        }
    }

    /// Reads a text frame.
    pub fn parse(text: &str) -> Result<Self, FrameError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| FrameError::NotJson(e.to_string()))?;
        let Value::Object(mut fields) = value else {
            return Err(FrameError::NotAFrame("not an object"));
        };
        let Some(Value::String(event)) = fields.remove("event") else {
            return Err(FrameError::NotAFrame("no event name"));
        };
        let channel = match fields.remove("channel") {
            Some(Value::String(channel)) => Some(channel),
            None | Some(Value::Null) => None,
            Some(_) => return Err(FrameError::NotAFrame("the channel is not text")),
        };
        let data = match fields.remove("data") {
            // A JSON-encoded string is decoded a second time; a plain string stays a string.
            Some(Value::String(text)) => serde_json::from_str(&text).unwrap_or(Value::String(text)),
            Some(other) => other,
            None => Value::Null,
        };
        Ok(Self {
            event,
            channel,
            data,
        })
    }

    /// Writes the frame with `data` as an object (Reverb rejects a string in `pusher:subscribe`).
    pub fn to_text(&self) -> String {
        let mut frame = json!({ "event": self.event, "data": self.data });
        if let Some(channel) = &self.channel {
            frame["channel"] = json!(channel);
        }
        frame.to_string()
    }

    /// Writes the frame with `data` JSON-encoded into a string, as servers send it.
    pub fn to_server_text(&self) -> String {
        let mut frame = json!({ "event": self.event, "data": self.data.to_string() });
        if let Some(channel) = &self.channel {
            frame["channel"] = json!(channel);
        }
        frame.to_string()
    }

    pub fn subscribe(channel: &str, auth: &str) -> Self {
        Self::new(SUBSCRIBE, None, json!({ "channel": channel, "auth": auth }))
    }

    pub fn ping() -> Self {
        Self::new(PING, None, json!({}))
    }

    pub fn pong() -> Self {
        Self::new(PONG, None, json!({}))
    }

    /// Writes the frame as push1st does: `data` left out when it is `null` (its `pusher:pong` and
    /// `pusher_internal:subscription_succeeded` have none), a JSON-encoded string otherwise.
    pub fn to_push1st_text(&self) -> String {
        let mut frame = json!({ "event": self.event });
        if let Some(channel) = &self.channel {
            frame["channel"] = json!(channel);
        }
        if !self.data.is_null() {
            frame["data"] = json!(self.data.to_string());
        }
        frame.to_string()
    }

    /// `pusher:error` with a code (servers send these before closing, or instead of a subscription error).
    pub fn error(code: u16, message: &str) -> Self {
        Self::new(ERROR, None, json!({ "code": code, "message": message }))
    }
}

/// What `pusher:connection_established` tells the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Established {
    pub socket_id: String,
    /// Seconds of silence after which a ping is due, as the server wants it.
    pub activity_timeout: Option<u64>,
}

impl Established {
    pub fn from_frame(frame: &Frame) -> Option<Self> {
        if frame.event != CONNECTION_ESTABLISHED {
            return None;
        }
        let socket_id = frame.data.get("socket_id")?.as_str()?;
        is_valid_socket_id(socket_id).then(|| Self {
            socket_id: socket_id.to_owned(),
            activity_timeout: frame.data.get("activity_timeout").and_then(seconds),
        })
    }

    /// The greeting as Pusher documents it: `activity_timeout` a number.
    pub fn to_frame(&self) -> Frame {
        let mut data = json!({ "socket_id": self.socket_id });
        if let Some(timeout) = self.activity_timeout {
            data["activity_timeout"] = json!(timeout);
        }
        Frame::new(CONNECTION_ESTABLISHED, None, data)
    }

    /// The greeting as push1st writes it: `activity_timeout` a string (`std::to_string(KeepAlive)` in
    /// `navek-soft/push1st` `application/push1st/proto/cpushersession.cpp`, `OnWsConnect`).
    pub fn to_push1st_frame(&self) -> Frame {
        let mut data = json!({ "socket_id": self.socket_id });
        if let Some(timeout) = self.activity_timeout {
            data["activity_timeout"] = json!(timeout.to_string());
        }
        Frame::new(CONNECTION_ESTABLISHED, None, data)
    }
}

/// Whole seconds given as a number (Pusher, soketi, Reverb) or as a numeric string (push1st: `"40"`).
fn seconds(value: &Value) -> Option<u64> {
    match value {
        Value::Number(number) => number
            .as_u64()
            // `40.0` from a server that writes floats; a fraction rounds down, at least to a second.
            .or_else(|| {
                number
                    .as_f64()
                    .filter(|s| s.is_finite() && *s >= 1.0)
                    .map(|s| s as u64)
            }),
        Value::String(text) => text.trim().parse::<u64>().ok(),
        _ => None,
    }
}

/// Socket ids look like `123.456`: two runs of digits.
pub fn is_valid_socket_id(socket_id: &str) -> bool {
    socket_id.split_once('.').is_some_and(|(a, b)| {
        !a.is_empty() && !b.is_empty() && (a.bytes().chain(b.bytes())).all(|c| c.is_ascii_digit())
    })
}

#[cfg(feature = "signing")]
mod signing;
#[cfg(feature = "signing")]
pub use signing::{auth_signature, channel_auth};
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_is_read_as_a_string_or_as_an_object() {
        let string = Frame::parse(r#"{"event":"pusher:connection_established","data":"{\"socket_id\":\"123.456\",\"activity_timeout\":120}"}"#)
            .expect("string data");
        let object = Frame::parse(r#"{"event":"pusher:connection_established","data":{"socket_id":"123.456","activity_timeout":120}}"#)
            .expect("object data");
        assert_eq!(string, object);
        let established = Established::from_frame(&string).expect("established");
        assert_eq!(established.socket_id, "123.456");
        assert_eq!(established.activity_timeout, Some(120));
        assert_eq!(
            Established::from_frame(
                &Frame::parse(&established.to_frame().to_server_text()).expect("round trip")
            ),
            Some(established)
        );
    }

    #[test]
    fn push1sts_greeting_gives_the_timeout_as_a_string() {
        // Seen verbatim from push1st configured as the vendor's sample (`activity-timeout: 40`).
        let frame = Frame::parse(r#"{"data":"{\"activity_timeout\":\"40\",\"socket_id\":\"1796248669309859222.0794548283\"}","event":"pusher:connection_established"}"#)
            .expect("push1st's greeting");
        let established = Established::from_frame(&frame).expect("established");
        assert_eq!(established.socket_id, "1796248669309859222.0794548283");
        assert_eq!(established.activity_timeout, Some(40));
        let written = established.to_push1st_frame().to_push1st_text();
        let value: Value = serde_json::from_str(&written).expect("json");
        let data: Value =
            serde_json::from_str(value["data"].as_str().expect("a string")).expect("json");
        assert_eq!(data["activity_timeout"], "40");
        for (timeout, read) in [
            (json!(" 40 "), Some(40)),
            (json!(40.0), Some(40)),
            (json!("forty"), None),
            (json!(-5), None),
            (json!("-5"), None),
            (json!(null), None),
            (json!([40]), None),
        ] {
            let frame = Frame::new(
                CONNECTION_ESTABLISHED,
                None,
                json!({"socket_id": "1.2", "activity_timeout": timeout}),
            );
            assert_eq!(
                Established::from_frame(&frame).and_then(|e| e.activity_timeout),
                read,
                "{timeout}"
            );
        }
    }

    #[test]
    fn push1sts_frames_without_data_and_with_extra_keys_are_read() {
        let pong = Frame::parse(r#"{"event":"pusher:pong"}"#).expect("pong");
        assert_eq!(pong.event, PONG);
        assert_eq!(pong.data, Value::Null);
        assert_eq!(
            Frame::new(PONG, None, Value::Null).to_push1st_text(),
            r#"{"event":"pusher:pong"}"#
        );
        let subscribed = Frame::parse(
            r#"{"channel":"private-user.77","event":"pusher_internal:subscription_succeeded"}"#,
        )
        .expect("subscribed");
        assert_eq!(subscribed.channel.as_deref(), Some("private-user.77"));
        let push = Frame::parse(r##"{"#msg-from":"api","#msg-id":1796248669309862998,"#msg-time":66630,"channel":"private-user.77","data":{"x":2},"event":"obj-event"}"##)
            .expect("push");
        assert_eq!(push.data, json!({"x": 2}));
        assert_eq!(token_channel("c862e3c5"), "private-token.c862e3c5");
    }

    #[test]
    fn a_plain_string_stays_a_string() {
        let frame = Frame::parse(r#"{"event":"x","channel":"c","data":"hello"}"#).expect("frame");
        assert_eq!(frame.data, json!("hello"));
        assert_eq!(frame.channel.as_deref(), Some("c"));
    }

    #[test]
    fn subscribe_sends_data_as_an_object() {
        let text = Frame::subscribe("private-user.42", "key:sig").to_text();
        let value: Value = serde_json::from_str(&text).expect("json");
        assert_eq!(value["event"], "pusher:subscribe");
        assert_eq!(value["data"]["channel"], "private-user.42");
        assert_eq!(value["data"]["auth"], "key:sig");
    }

    #[test]
    fn broken_frames_are_errors() {
        for text in [
            "",
            "[]",
            "{}",
            r#"{"event": 3}"#,
            r#"{"event":"x","channel":5}"#,
            "{\"event\":",
            "null",
        ] {
            assert!(Frame::parse(text).is_err(), "{text:?}");
        }
        let no_socket = Frame::parse(r#"{"event":"pusher:connection_established","data":"{}"}"#)
            .expect("frame");
        assert_eq!(Established::from_frame(&no_socket), None);
        let bad_socket =
            Frame::parse(r#"{"event":"pusher:connection_established","data":{"socket_id":"abc"}}"#)
                .expect("frame");
        assert_eq!(Established::from_frame(&bad_socket), None);
    }
}
