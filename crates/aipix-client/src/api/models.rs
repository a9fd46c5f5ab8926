//! The server's objects as the client reads them.
//!
//! Reading follows the vendor's own clients (`aipix-dev/vms-mobile-sdk-android` `models/ApiModels.kt`,
//! `models/ApiResponses.kt`; `aipix-dev/vms-mobile-sdk-ios` `Network/Models/`): every field either of them takes as
//! optional may be `null` or absent here too, and says so (an [`Online::Unknown`] intercom, a code without a
//! value, a code whose intercom is not known). A field stays required only where nothing sensible can be shown
//! without it: an item's `id`, a code's expiry (required by both SDKs), the user's `id`. A wrong type is still an
//! error, and a listing leaves such an item out and counts it ([`Page::unreadable`]) rather than failing whole.
//!
//! Server text (titles, names, addresses) is cut to [`bounds::MAX_TEXT_CHARS`] as it is read.
//!
//! Every object is read only from a JSON object. serde's derive would also read a struct from an array of its
//! fields in order (`"intercom": [7, "Gate", true]` as an intercom), which no server means; the derived code is
//! kept (`#[serde(remote = "Self")]` makes it inherent) and wrapped by [`objects_only!`], which takes maps alone.

use std::fmt;
use std::marker::PhantomData;

use chrono::{DateTime, Utc};
use serde::de::value::MapAccessDeserializer;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::bounds;
use super::time;

/// Implements `Deserialize` (and `Serialize` for the types listed after `serialize:`) for structs whose derived
/// impls were made inherent with `#[serde(remote = "Self")]`: reading accepts a JSON object and nothing else.
macro_rules! objects_only {
    (deserialize: $($plain:ident $(<$g:ident>)?),* ; serialize: $($both:ident),*) => {
        $(objects_only!(@de $plain $(<$g>)?);)*
        $(
            objects_only!(@de $both);
            impl Serialize for $both {
                fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    // The inherent, derived `serialize`.
                    $both::serialize(self, serializer)
                }
            }
        )*
    };
    (@de $ty:ident $(<$g:ident>)?) => {
        impl<'de $(, $g: Deserialize<'de>)?> Deserialize<'de> for $ty $(<$g>)? {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_map(ObjectOnly::<Self>(PhantomData))
            }
        }
        impl<'de $(, $g: Deserialize<'de>)?> Visitor<'de> for ObjectOnly<$ty $(<$g>)?> {
            type Value = $ty $(<$g>)?;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!("a JSON object (", stringify!($ty), ")"))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                // The inherent, derived `deserialize`, which only ever sees this map.
                $ty::deserialize(MapAccessDeserializer::new(map))
            }
        }
    };
}

objects_only!(
    deserialize: Captcha, RawPage, PageMeta, LoginAnswer;
    serialize: User, Permission, Intercom, IntercomBrief, Code, WsUrl, IntercomCall, SessionInfo, ServerFacts
);

/// The visitor of [`objects_only!`]: a map, or an "invalid type" error naming what was expected.
struct ObjectOnly<T>(PhantomData<T>);

/// The signed-in user, as the login answer (and `GET /api/v1/users/self`) gives it. Only `id` is required: it
/// names the live channel (`VMSUser` in both SDKs makes everything else optional).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct User {
    pub id: u64,
    #[serde(default, deserialize_with = "text_or_empty")]
    pub login: String,
    #[serde(default, deserialize_with = "text_or_empty")]
    pub name: String,
    #[serde(default)]
    pub parent_id: Option<u64>,
    /// `null` is none (iOS `permissions: [VMSPermission]?`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub permissions: Vec<Permission>,
    /// Names this session: its live channel (`private-token.{id}`), and the sign-out fallback
    /// `POST /api/v1/sessions/{id}`. `None` when the server does not say (`accessTokenId: String?` in both SDKs).
    #[serde(default, deserialize_with = "optional_id_text")]
    pub access_token_id: Option<String>,
    #[serde(default, deserialize_with = "optional_bool")]
    pub can_update_password: Option<bool>,
}

/// One permission of the user; iOS reads its `id` with `decodeIfPresent`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Permission {
    #[serde(default)]
    pub id: Option<u64>,
    #[serde(default, deserialize_with = "text_or_empty")]
    pub name: String,
}

/// Whether an intercom answers, as far as the server said: `is_online` is optional in both SDKs (`Boolean?`,
/// `Bool?`), so a server may leave it out or send `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Online {
    Yes,
    No,
    /// The server did not say: neither online nor offline.
    Unknown,
}

impl Online {
    pub fn from_flag(flag: Option<bool>) -> Self {
        match flag {
            Some(true) => Online::Yes,
            Some(false) => Online::No,
            None => Online::Unknown,
        }
    }

    /// Only a door the server called offline: an unknown one is not warned about as offline.
    pub fn is_offline(self) -> bool {
        self == Online::No
    }
}

/// What the server said of an intercom's setup (`status`): absent from Android's `VMSIntercom`, an optional enum
/// (`keyConfirmed`, `confirmed`) in iOS's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmation<'a> {
    /// `confirmed`: usable, the door can be opened.
    Confirmed,
    /// Any other status, as the server wrote it (`keyConfirmed`: the key is, the intercom not yet).
    Unconfirmed(&'a str),
    /// No status at all: nothing to warn about.
    NotReported,
}

/// An intercom as the intercom list gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Intercom {
    pub id: u64,
    #[serde(default, deserialize_with = "text_or_empty")]
    pub title: String,
    /// Read it through [`Intercom::online`].
    #[serde(default, deserialize_with = "optional_bool")]
    pub is_online: Option<bool>,
    /// Whether this device answers the intercom's calls: a per-device setting keyed by `X-UUID`, so a desk the
    /// server has never seen may get `null`.
    #[serde(default, deserialize_with = "optional_bool")]
    pub is_enabled: Option<bool>,
    /// The entrance number.
    #[serde(default)]
    pub department: Option<i64>,
    #[serde(default, deserialize_with = "text_or_empty")]
    pub address: String,
    /// `confirmed` means usable (the door can be opened); `None` when the server does not report it. Read it
    /// through [`Intercom::confirmation`].
    #[serde(default, deserialize_with = "optional_text")]
    pub status: Option<String>,
    #[serde(
        default,
        deserialize_with = "time::deserialize_optional",
        serialize_with = "time::serialize_optional"
    )]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(
        default,
        deserialize_with = "time::deserialize_optional",
        serialize_with = "time::serialize_optional"
    )]
    pub updated_at: Option<DateTime<Utc>>,
    /// Whether the app may open this door (`POST /intercom/{id}/open-door`): the vendor's "open door from button
    /// inside app" (`is_open_door_app` of `VMSIntercom`, `aipix-dev/vms-mobile-sdk-android` `models/ApiModels.kt`;
    /// `isOpenDoorApp` in `aipix-dev/vms-mobile-sdk-ios` `Network/Models/VMSIntercom.swift`). `None`: the server
    /// did not say (older servers, the contract's example): see [`Intercom::opens_from_app`].
    #[serde(
        default,
        deserialize_with = "optional_flag",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_open_door_app: Option<bool>,
    /// Whether visitor codes work at this intercom: the vendor's "codes for visitors tab" (`is_open_door_code`,
    /// same sources). `None`: the server did not say: see [`Intercom::takes_codes`].
    #[serde(
        default,
        deserialize_with = "optional_flag",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_open_door_code: Option<bool>,
}

impl Intercom {
    pub const CONFIRMED: &'static str = "confirmed";

    pub fn online(&self) -> Online {
        Online::from_flag(self.is_online)
    }

    pub fn confirmation(&self) -> Confirmation<'_> {
        match self.status.as_deref().map(str::trim) {
            None | Some("") => Confirmation::NotReported,
            Some(Self::CONFIRMED) => Confirmation::Confirmed,
            Some(other) => Confirmation::Unconfirmed(other),
        }
    }

    /// Whether the server said the intercom is `confirmed`.
    pub fn is_confirmed(&self) -> bool {
        self.confirmation() == Confirmation::Confirmed
    }

    /// Whether the server reported a status other than `confirmed`: worth a warning. A status not reported is not.
    pub fn is_unconfirmed(&self) -> bool {
        matches!(self.confirmation(), Confirmation::Unconfirmed(_))
    }

    /// Whether the door may be opened from the app. A server that does not send the flag is taken at its word
    /// of old: every intercom's door could be opened (the server still refuses an unconfirmed one).
    pub fn opens_from_app(&self) -> bool {
        self.is_open_door_app != Some(false)
    }

    /// Whether a visitor code can be offered for this intercom. Without the flag, codes work (as before it
    /// existed); only an explicit `false` turns them off.
    pub fn takes_codes(&self) -> bool {
        self.is_open_door_code != Some(false)
    }
}

/// The short intercom object nested in every code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct IntercomBrief {
    pub id: u64,
    #[serde(default, deserialize_with = "text_or_empty")]
    pub title: String,
    /// Read it through [`IntercomBrief::online`].
    #[serde(default, deserialize_with = "optional_bool")]
    pub is_online: Option<bool>,
    #[serde(default)]
    pub department: Option<i64>,
    #[serde(default, deserialize_with = "text_or_empty")]
    pub address: String,
}

impl IntercomBrief {
    pub fn online(&self) -> Online {
        Online::from_flag(self.is_online)
    }
}

/// A visitor code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Code {
    pub id: u64,
    #[serde(default, deserialize_with = "text_or_empty")]
    pub title: String,
    /// Made by the server; opaque (examples are five digits, some servers send a number). `None` when the server
    /// sent none (`code: String?` in both SDKs): read it through [`Code::code_value`].
    #[serde(default, deserialize_with = "optional_id_text")]
    pub code: Option<String>,
    #[serde(
        deserialize_with = "time::deserialize",
        serialize_with = "time::serialize"
    )]
    pub expired_at: DateTime<Utc>,
    /// What the server judged when it answered; the client judges by `expired_at` and its own clock.
    #[serde(default, deserialize_with = "optional_bool")]
    pub is_expired: Option<bool>,
    /// When the server removes the expired code (expiry + 24 h).
    #[serde(
        default,
        deserialize_with = "time::deserialize_optional",
        serialize_with = "time::serialize_optional"
    )]
    pub will_deleted_at: Option<DateTime<Utc>>,
    #[serde(
        default,
        deserialize_with = "time::deserialize_optional",
        serialize_with = "time::serialize_optional"
    )]
    pub created_at: Option<DateTime<Utc>>,
    /// The door the code opens; `None` when the server did not say (`intercom: VMSIntercom?` in both SDKs).
    #[serde(default)]
    pub intercom: Option<IntercomBrief>,
}

impl Code {
    /// How long an expired code stays listed when the server does not say.
    pub const REMOVAL_DELAY: chrono::TimeDelta = chrono::TimeDelta::hours(24);

    /// The code to give the visitor, when the server sent one.
    pub fn code_value(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The id of the code's intercom, when the server said which it is.
    pub fn intercom_id(&self) -> Option<u64> {
        self.intercom.as_ref().map(|intercom| intercom.id)
    }

    /// When the server removes this code: its `will_deleted_at`, or expiry + 24 h when that is absent.
    pub fn removed_at(&self) -> DateTime<Utc> {
        self.will_deleted_at
            .unwrap_or(self.expired_at + Self::REMOVAL_DELAY)
    }
}

/// The settings of the live channel, from `GET /api/v1/wsurl`.
///
/// The vendor's Android SDK types `is_encrypted` as a string (`"true"`) and `port` as a number
/// (`aipix-dev/vms-mobile-sdk-android` `models/ApiModels.kt`, `VMSSocketResponse`); servers also send
/// `true`/`1`, and a port as text: both are read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct WsUrl {
    #[serde(default, deserialize_with = "text_or_empty")]
    pub ws_url: String,
    pub app_key: String,
    #[serde(default, deserialize_with = "port_number")]
    pub port: Option<u16>,
    #[serde(default, deserialize_with = "text_or_empty")]
    pub host: String,
    #[serde(default, deserialize_with = "text_or_empty")]
    pub path: String,
    #[serde(default, deserialize_with = "flag")]
    pub is_encrypted: bool,
}

/// One intercom call, as `GET /api/v1/intercom/calls` lists it and the live channel's `intercom.call.store`
/// carries it (field names of the vendor's `VMSIntercomCall`, `aipix-dev/vms-mobile-sdk-android`
/// `models/ApiModels.kt`; `aipix-dev/vms-mobile-sdk-ios` `Network/Models/VMSIntercomCall.swift`). Only `id` is
/// sure to be there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct IntercomCall {
    pub id: u64,
    /// What became of the call, in the server's words: read it through [`IntercomCall::state`].
    #[serde(default, deserialize_with = "optional_text")]
    pub status: Option<String>,
    /// The kind of call, in the server's words (`type` on the wire).
    #[serde(default, rename = "type", deserialize_with = "optional_text")]
    pub call_type: Option<String>,
    #[serde(default, deserialize_with = "optional_text")]
    pub mark_type: Option<String>,
    #[serde(
        default,
        deserialize_with = "time::deserialize_optional",
        serialize_with = "time::serialize_optional"
    )]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(
        default,
        deserialize_with = "time::deserialize_optional",
        serialize_with = "time::serialize_optional"
    )]
    pub started_at: Option<DateTime<Utc>>,
    #[serde(
        default,
        deserialize_with = "time::deserialize_optional",
        serialize_with = "time::serialize_optional"
    )]
    pub ended_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub intercom: Option<Intercom>,
}

impl IntercomCall {
    /// What became of the call: the statuses the iOS SDK names (`VMSCallStatus`: `ring`, `answered`, `ended`,
    /// `missed`; the Android SDK's docs compare with `"ring"`), compared without case.
    pub fn state(&self) -> CallState {
        let Some(status) = self.status.as_deref().map(str::trim) else {
            return CallState::Unknown(String::new());
        };
        match status.to_ascii_lowercase().as_str() {
            "ring" => CallState::Ringing,
            "answered" => CallState::Answered,
            "ended" => CallState::Ended,
            "missed" => CallState::Missed,
            _ => CallState::Unknown(status.to_owned()),
        }
    }

    /// When the call came: `created_at`, else when it was answered.
    pub fn came_at(&self) -> Option<DateTime<Utc>> {
        self.created_at.or(self.started_at)
    }
}

/// A call's [`IntercomCall::status`], read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallState {
    /// Still ringing: nobody has answered yet.
    Ringing,
    /// Answered (on some device), the conversation under way.
    Answered,
    /// Answered, and over.
    Ended,
    /// Nobody answered.
    Missed,
    /// A status this client does not know (empty when the server sent none), kept as the server wrote it.
    Unknown(String),
}

impl CallState {
    /// Whether somebody took the call.
    pub fn was_answered(&self) -> bool {
        matches!(self, CallState::Answered | CallState::Ended)
    }
}

/// `GET /api/v1/captcha`: an image to show and the key to send back with the answer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(remote = "Self")]
pub struct Captcha {
    pub key: String,
    /// A data URL, `data:image/png;base64,...`.
    pub img: String,
    #[serde(default)]
    pub ttl: Option<u64>,
}

/// What the user typed for a captcha, with the key it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptchaAnswer {
    pub key: String,
    pub text: String,
}

/// One Laravel page: the items that could be read, those that could not, and the `meta` the client needs to fetch
/// the rest. `data` may be `null` (Android's `VMSPaginatedResponse`: `data: List<T>? = null`): no items.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub data: Vec<T>,
    /// Items of `data` that are not a `T` (a wrong type, a missing id): left out, and kept here for the journal.
    pub unreadable: Vec<Unreadable>,
    pub meta: PageMeta,
}

/// An item of a list the client could not read: said to the user as a count, and kept (bounded) for whoever
/// looks into it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unreadable {
    /// The item's `id`, when it has a readable one.
    pub id: Option<u64>,
    /// Why it could not be read (where in the item, and what was wrong).
    pub reason: String,
    /// The item's JSON as the server sent it, cut to [`bounds::MAX_RAW_CHARS`].
    pub raw: String,
}

impl Unreadable {
    /// Reads `raw` as a `T`, or says why not.
    pub fn read<T: serde::de::DeserializeOwned>(raw: &str) -> Result<T, Unreadable> {
        let mut deserializer = serde_json::Deserializer::from_str(raw);
        serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
            let path = error.path().to_string();
            let inner = error.into_inner();
            let reason = if path == "." {
                inner.to_string()
            } else {
                format!("{path}: {inner}")
            };
            #[derive(Deserialize)]
            struct JustId {
                id: u64,
            }
            Unreadable {
                id: serde_json::from_str::<JustId>(raw).ok().map(|item| item.id),
                reason: bounds::bounded(reason),
                raw: bounds::cut(raw.to_owned(), bounds::MAX_RAW_CHARS),
            }
        })
    }
}

/// A whole list as the client read it: every item it could read, in server order, and those it could not.
#[derive(Debug, Clone)]
pub struct Listing<T> {
    pub items: Vec<T>,
    pub unreadable: Vec<Unreadable>,
}

impl<T> Listing<T> {
    /// The items that could be read, forgetting the others.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }
}

/// A page as it arrives: the items still raw, read one by one into [`Page`].
#[derive(Deserialize)]
#[serde(remote = "Self")]
struct RawPage {
    #[serde(default)]
    data: Option<Vec<Box<serde_json::value::RawValue>>>,
    meta: PageMeta,
}

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for Page<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw: RawPage = Deserialize::deserialize(deserializer)?;
        let mut data = Vec::new();
        let mut unreadable = Vec::new();
        for item in raw.data.unwrap_or_default() {
            match Unreadable::read::<T>(item.get()) {
                Ok(item) => data.push(item),
                Err(bad) => unreadable.push(bad),
            }
        }
        Ok(Page {
            data,
            unreadable,
            meta: raw.meta,
        })
    }
}

/// A page's `meta`. iOS's `Meta` makes `last_page` optional: [`PageMeta::pages`] reckons it from the total then.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(remote = "Self")]
pub struct PageMeta {
    pub current_page: u32,
    #[serde(default)]
    pub last_page: Option<u32>,
    pub per_page: u32,
    pub total: u64,
}

impl PageMeta {
    /// How many pages the list has: `last_page`, or the total over the page size when the server left it out.
    pub fn pages(&self) -> u32 {
        let reckoned = || {
            let pages = self.total.div_ceil(u64::from(self.per_page.max(1)));
            u32::try_from(pages).unwrap_or(u32::MAX)
        };
        self.last_page.unwrap_or_else(reckoned).max(1)
    }
}

/// The login answer's body.
#[derive(Debug, Clone, Deserialize)]
#[serde(remote = "Self")]
pub(crate) struct LoginAnswer {
    pub user: User,
    pub access_token: String,
}

/// One session of the account, as the 419 answer and `GET /api/v1/sessions` list them (`VMSSession` in both SDKs:
/// `aipix-dev/vms-mobile-sdk-android` `models/ApiModels.kt`, `aipix-dev/vms-mobile-sdk-ios`
/// `Network/Models/VMSSession.swift`). Only `id` is required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct SessionInfo {
    /// What `POST /api/v1/sessions/{id}` and a sign-in's `session_id` name.
    #[serde(deserialize_with = "id_text")]
    pub id: String,
    /// Whether the session is connected now; `None` when the server does not say.
    #[serde(default, deserialize_with = "optional_bool")]
    pub online: Option<bool>,
    /// When the session was last used, as Unix seconds (Android's `last: Int?`).
    #[serde(default)]
    pub last: Option<i64>,
    #[serde(default, deserialize_with = "optional_text")]
    pub user_agent: Option<String>,
    /// The kind of client (`ios`, `android`, `thick-legal`, …).
    #[serde(default, deserialize_with = "optional_text")]
    pub client: Option<String>,
    #[serde(default, deserialize_with = "optional_text")]
    pub ip: Option<String>,
    /// The session that asks.
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_current: bool,
}

impl SessionInfo {
    /// When the session was last used, when the server says.
    pub fn last_used(&self) -> Option<DateTime<Utc>> {
        self.last
            .and_then(|seconds| DateTime::from_timestamp(seconds, 0))
    }
}

/// What a server says of itself before anyone signs in: `GET /api/v1/static/basic` (`VMSBasicStatic` in both
/// SDKs; every field optional in Android's).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct ServerFacts {
    /// The server's version (`"24.03.0.0"`).
    #[serde(default, deserialize_with = "optional_text")]
    pub version: Option<String>,
    /// Whether the server may ask for a captcha at sign-in.
    #[serde(default, deserialize_with = "optional_bool")]
    pub is_captcha_available: Option<bool>,
    /// Whether it signs in through another service (SSO), which this client does not offer.
    #[serde(default, deserialize_with = "optional_bool")]
    pub is_external_auth_enabled: Option<bool>,
    /// The languages the server writes its messages in (`hl`).
    #[serde(default, deserialize_with = "texts_or_none")]
    pub available_locales: Vec<String>,
}

/// Text that the server may send as `null`, cut to [`bounds::MAX_TEXT_CHARS`].
fn text_or_empty<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(optional_text(deserializer)?.unwrap_or_default())
}

/// Text that may be absent or `null` (none), cut to [`bounds::MAX_TEXT_CHARS`].
fn optional_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.map(bounds::bounded))
}

/// A list of texts that may be `null` (none); each cut, at most 64 kept.
fn texts_or_none<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    let texts = Option::<Vec<Option<String>>>::deserialize(deserializer)?.unwrap_or_default();
    Ok(texts
        .into_iter()
        .flatten()
        .take(64)
        .map(bounds::bounded)
        .collect())
}

/// A value whose `null` means its default (an empty list, `false`).
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// A JSON `true`/`false` that may be absent or `null` (none). Nothing else is a yes or no here: the SDKs decode
/// these as booleans.
fn optional_bool<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    Option::<bool>::deserialize(deserializer)
}

/// A yes/no the server may send as `true`, `"true"`, `1` or `"1"` (and their opposites); `null` is no.
fn flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    use serde::de::Error as _;
    match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::Bool(flag) => Ok(flag),
        serde_json::Value::Null => Ok(false),
        serde_json::Value::Number(number) => match number.as_u64() {
            Some(0) => Ok(false),
            Some(1) => Ok(true),
            _ => Err(D::Error::custom(format!("{number} is not a yes or no"))),
        },
        serde_json::Value::String(text) => match text.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Ok(true),
            "false" | "0" | "no" | "" => Ok(false),
            other => Err(D::Error::custom(format!("{other:?} is not a yes or no"))),
        },
        other => Err(D::Error::custom(format!("{other} is not a yes or no"))),
    }
}

/// A yes/no that may be absent or `null` (none), else read as [`flag`] reads it.
fn optional_flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    if value.is_null() {
        return Ok(None);
    }
    flag(value).map(Some).map_err(serde::de::Error::custom)
}

/// A port as a number or as numeric text; `null` and `""` are none.
fn port_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u16>, D::Error> {
    use serde::de::Error as _;
    match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::Number(number) => number
            .as_u64()
            .and_then(|port| u16::try_from(port).ok())
            .map(Some)
            .ok_or_else(|| D::Error::custom(format!("{number} is not a port"))),
        serde_json::Value::String(text) if text.trim().is_empty() => Ok(None),
        serde_json::Value::String(text) => text
            .trim()
            .parse::<u16>()
            .map(Some)
            .map_err(|_| D::Error::custom(format!("{text:?} is not a port"))),
        other => Err(D::Error::custom(format!("{other} is not a port"))),
    }
}

/// An identifier the server may send as a string or as a number; kept as text (cut as other text is).
fn id_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(match TextOrNumber::deserialize(deserializer)? {
        TextOrNumber::Text(text) => bounds::bounded(text),
        TextOrNumber::Unsigned(number) => number.to_string(),
        TextOrNumber::Signed(number) => number.to_string(),
    })
}

/// [`id_text`] that may be absent, `null` or `""` (none).
fn optional_id_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    let text = match Option::<TextOrNumber>::deserialize(deserializer)? {
        None => return Ok(None),
        Some(TextOrNumber::Text(text)) => bounds::bounded(text),
        Some(TextOrNumber::Unsigned(number)) => number.to_string(),
        Some(TextOrNumber::Signed(number)) => number.to_string(),
    };
    Ok((!text.trim().is_empty()).then_some(text))
}

#[derive(Deserialize)]
#[serde(untagged)]
enum TextOrNumber {
    Text(String),
    Unsigned(u64),
    Signed(i64),
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTRACT_CODE: &str = r#"{
        "id": 1388, "title": "Visitor 1", "code": "12345",
        "expired_at": "2022-04-19 17:16:00", "is_expired": true,
        "will_deleted_at": "2022-04-20 17:16:00", "created_at": "2022-04-19 17:14:04",
        "intercom": { "id": 180, "title": "House", "is_online": true, "department": 100, "address": "Cameras",
                      "created_at": null, "updated_at": "2022-04-18T17:25:56.000000Z" } }"#;

    #[test]
    fn reads_the_contract_code() {
        let code: Code = serde_json::from_str(CONTRACT_CODE).expect("contract example");
        assert_eq!(code.id, 1388);
        assert_eq!(code.code_value(), Some("12345"));
        assert_eq!(code.is_expired, Some(true));
        assert_eq!(code.intercom_id(), Some(180));
        assert_eq!(
            code.removed_at(),
            time::parse("2022-04-20 17:16:00").expect("time")
        );
    }

    #[test]
    fn a_numeric_code_is_kept_as_text() {
        let numeric = CONTRACT_CODE.replace(r#""code": "12345""#, r#""code": 7301"#);
        let code: Code = serde_json::from_str(&numeric).expect("numeric code");
        assert_eq!(code.code_value(), Some("7301"));
    }

    #[test]
    fn removal_defaults_to_a_day_after_expiry() {
        let without = CONTRACT_CODE.replace(r#""will_deleted_at": "2022-04-20 17:16:00","#, "");
        let code: Code = serde_json::from_str(&without).expect("no will_deleted_at");
        assert_eq!(code.will_deleted_at, None);
        assert_eq!(
            code.removed_at(),
            code.expired_at + chrono::TimeDelta::hours(24)
        );
    }

    #[test]
    fn reads_the_contract_intercom_and_user() {
        let intercom: Intercom = serde_json::from_str(
            r#"{ "id": 180, "title": "House", "is_online": true, "is_enabled": true,
                 "timetable": {"days": [], "intervals": []}, "department": 100, "address": "Cameras",
                 "camera": null, "status": "confirmed", "created_at": null,
                 "updated_at": "2022-04-20T12:34:30.000000Z" }"#,
        )
        .expect("contract intercom");
        assert!(intercom.is_confirmed());
        assert_eq!(intercom.department, Some(100));
        let user: User = serde_json::from_str(
            r#"{ "id": 13, "login": "user", "name": "user", "parent_id": null,
                 "permissions": [{"id": 223, "name": "any-permission"}],
                 "created_at": "", "updated_at": "2022-04-21 16:37:46",
                 "access_token_id": "c862e3c5", "can_update_password": true, "analytic_license": [] }"#,
        )
        .expect("contract user");
        assert_eq!(user.id, 13);
        assert_eq!(user.access_token_id.as_deref(), Some("c862e3c5"));
    }

    /// Every value in `value` (objects and arrays included), each with its path.
    fn paths(value: &serde_json::Value, at: Vec<String>, out: &mut Vec<Vec<String>>) {
        if let serde_json::Value::Object(fields) = value {
            for (name, field) in fields {
                let mut path = at.clone();
                path.push(name.clone());
                out.push(path.clone());
                paths(field, path, out);
            }
        }
    }

    fn replaced(
        value: &serde_json::Value,
        path: &[String],
        with: serde_json::Value,
    ) -> serde_json::Value {
        let mut copy = value.clone();
        let mut slot = &mut copy;
        for name in path {
            slot = &mut slot[name.as_str()];
        }
        *slot = with;
        copy
    }

    #[test]
    fn an_object_given_as_an_array_of_its_fields_is_refused_at_every_level() {
        let code: serde_json::Value = serde_json::from_str(CONTRACT_CODE).expect("json");
        // The whole code, and its intercom, as the arrays serde's derive would read in field order.
        let as_fields = serde_json::json!([1388, "Visitor 1", "12345", "2022-04-19 17:16:00"]);
        assert!(serde_json::from_value::<Code>(as_fields).is_err());
        for intercom in [
            serde_json::json!([5]),
            serde_json::json!([7, "Gate", true]),
            serde_json::json!([180, "House", true, 100, "Cameras"]),
            serde_json::json!([]),
        ] {
            let broken = replaced(&code, &["intercom".into()], intercom.clone());
            let error =
                serde_json::from_value::<Code>(broken).expect_err("an array is no intercom");
            assert!(
                error.to_string().contains("JSON object"),
                "{intercom}: {error}"
            );
        }
        // Through the REST decoder too, which names where it failed.
        let page = format!(r#"{{"data": [{CONTRACT_CODE}], "meta": [1, 1, 25, 1]}}"#);
        let error = super::super::client::decode::<Page<Code>>(page.as_bytes(), "page")
            .expect_err("meta as an array");
        assert!(error.to_string().contains("meta"), "{error}");
        let intercom = r#"[180, "House", true, true, 100, "Cameras", "confirmed"]"#;
        assert!(serde_json::from_str::<Intercom>(intercom).is_err());
        assert!(serde_json::from_str::<User>(r#"[13, "user", "user"]"#).is_err());
    }

    #[test]
    fn a_wrong_type_anywhere_in_a_code_is_refused() {
        let code: serde_json::Value = serde_json::from_str(CONTRACT_CODE).expect("json");
        let mut all = Vec::new();
        paths(&code, Vec::new(), &mut all);
        assert!(
            all.len() >= 15,
            "the walk reaches the intercom's fields: {all:?}"
        );
        // No field of a code takes an array or an object, whatever its level, except the intercom (an object).
        for path in &all {
            let wrong: Vec<serde_json::Value> = if path == &["intercom"] {
                vec![
                    serde_json::json!([1]),
                    serde_json::json!("House"),
                    serde_json::json!(7),
                ]
            } else {
                vec![serde_json::json!([1]), serde_json::json!({"a": 1})]
            };
            for value in wrong {
                let broken = replaced(&code, path, value.clone());
                // `created_at`/`updated_at` of the nested intercom are not part of the brief: ignored fields.
                let ignored =
                    path.len() == 2 && ["created_at", "updated_at"].contains(&path[1].as_str());
                let result = serde_json::from_value::<Code>(broken);
                assert_eq!(
                    result.is_ok(),
                    ignored,
                    "{} = {value}: {result:?}",
                    path.join(".")
                );
            }
        }
        // Scalars of the wrong kind, field by field.
        for (path, value) in [
            (vec!["id"], serde_json::json!("x")),
            (vec!["id"], serde_json::json!(-1)),
            (vec!["title"], serde_json::json!(5)),
            (vec!["code"], serde_json::json!(true)),
            (vec!["expired_at"], serde_json::json!(1_650_388_560)),
            (vec!["is_expired"], serde_json::json!("yes")),
            (vec!["will_deleted_at"], serde_json::json!(false)),
            (vec!["intercom", "id"], serde_json::json!("180")),
            (vec!["intercom", "title"], serde_json::json!(1)),
            (vec!["intercom", "is_online"], serde_json::json!(1)),
            (vec!["intercom", "department"], serde_json::json!("100")),
            (vec!["intercom", "address"], serde_json::json!(false)),
        ] {
            let path: Vec<String> = path.into_iter().map(str::to_owned).collect();
            let broken = replaced(&code, &path, value.clone());
            assert!(
                serde_json::from_value::<Code>(broken).is_err(),
                "{} = {value} must be refused",
                path.join(".")
            );
        }
    }

    #[test]
    fn wsurl_takes_is_encrypted_and_the_port_as_text_or_as_values() {
        let read = |is_encrypted: &str, port: &str| {
            serde_json::from_str::<WsUrl>(&format!(
                r#"{{"ws_url": "wss://192.168.1.167/ws", "app_key": "key", "port": {port},
                    "host": "192.168.1.167", "path": "/ws", "is_encrypted": {is_encrypted}}}"#
            ))
        };
        for (text, encrypted) in [
            (r#""true""#, true),
            (r#""TRUE""#, true),
            (r#""1""#, true),
            ("true", true),
            ("1", true),
            (r#""false""#, false),
            (r#""0""#, false),
            ("false", false),
            ("0", false),
            ("null", false),
        ] {
            let settings = read(text, "443").expect(text);
            assert_eq!(settings.is_encrypted, encrypted, "{text}");
            assert_eq!(settings.port, Some(443));
        }
        assert_eq!(
            read("true", r#""6001""#).expect("port as text").port,
            Some(6001)
        );
        assert_eq!(read("true", "null").expect("no port").port, None);
        assert_eq!(read("true", r#""""#).expect("empty port").port, None);
        for bad in [r#""maybe""#, "2", "[true]"] {
            assert!(read(bad, "443").is_err(), "{bad}");
        }
        for bad in ["70000", r#""http""#, "-1"] {
            assert!(read("true", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_call_needs_only_its_id() {
        let call: IntercomCall = serde_json::from_str(
            r#"{"id": 17, "status": "answered", "type": "call", "mark_type": null,
                "created_at": "2026-12-01 10:00:00", "started_at": null, "ended_at": "",
                "intercom": {"id": 180, "title": "House", "is_online": true}}"#,
        )
        .expect("a call");
        assert_eq!(call.id, 17);
        assert_eq!(call.call_type.as_deref(), Some("call"));
        assert_eq!(call.intercom.map(|intercom| intercom.id), Some(180));
        assert!(call.created_at.is_some() && call.ended_at.is_none());
        let bare: IntercomCall = serde_json::from_str(r#"{"id": 18}"#).expect("bare");
        assert_eq!(bare.status, None);
        assert!(serde_json::from_str::<IntercomCall>(r#"{"status": "x"}"#).is_err());
        assert!(serde_json::from_str::<IntercomCall>("[18]").is_err());
    }

    #[test]
    fn the_door_flags_are_read_when_sent_and_absent_means_allowed() {
        let read = |flags: &str| {
            serde_json::from_str::<Intercom>(&format!(
                r#"{{"id": 180, "title": "House", "is_online": true, "status": "confirmed"{flags}}}"#
            ))
        };
        let without = read("").expect("no flags, as in the contract's example");
        assert_eq!(
            (without.is_open_door_app, without.is_open_door_code),
            (None, None)
        );
        assert!(without.opens_from_app() && without.takes_codes());
        let nulls =
            read(r#", "is_open_door_app": null, "is_open_door_code": null"#).expect("nulls");
        assert!(nulls.opens_from_app() && nulls.takes_codes());
        let off = read(r#", "is_open_door_app": false, "is_open_door_code": "0""#).expect("off");
        assert_eq!(
            (off.is_open_door_app, off.is_open_door_code),
            (Some(false), Some(false))
        );
        assert!(!off.opens_from_app() && !off.takes_codes());
        let on = read(r#", "is_open_door_app": 1, "is_open_door_code": true"#).expect("on");
        assert!(on.opens_from_app() && on.takes_codes());
        assert_eq!(on.is_open_door_app, Some(true));
        assert!(read(r#", "is_open_door_app": "perhaps""#).is_err());
        // Written back only when the server said.
        let written = serde_json::to_value(&without).expect("json");
        assert!(written.get("is_open_door_app").is_none());
        let written = serde_json::to_value(&off).expect("json");
        assert_eq!(written["is_open_door_code"], serde_json::json!(false));
    }

    #[test]
    fn a_calls_status_is_read_as_the_sdks_name_it() {
        let call = |status: &str| {
            serde_json::from_str::<IntercomCall>(&format!(r#"{{"id": 1, "status": {status}}}"#))
                .expect("a call")
                .state()
        };
        assert_eq!(call(r#""ring""#), CallState::Ringing);
        assert_eq!(call(r#""Answered""#), CallState::Answered);
        assert_eq!(call(r#""ended""#), CallState::Ended);
        assert_eq!(call(r#""missed""#), CallState::Missed);
        assert_eq!(call("null"), CallState::Unknown(String::new()));
        assert_eq!(call(r#""busy""#), CallState::Unknown("busy".into()));
        assert!(CallState::Ended.was_answered() && !CallState::Missed.was_answered());
    }

    #[test]
    fn wrong_types_are_errors() {
        let bad_id = CONTRACT_CODE.replace(r#""id": 1388"#, r#""id": "x""#);
        assert!(serde_json::from_str::<Code>(&bad_id).is_err());
        let bad_expiry = CONTRACT_CODE.replace("2022-04-19 17:16:00", "tomorrow");
        assert!(serde_json::from_str::<Code>(&bad_expiry).is_err());
    }
}
