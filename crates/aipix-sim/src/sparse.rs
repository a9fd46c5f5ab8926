//! A server that leaves things out: with `SimConfig::sparse`, every field the vendor's SDKs take as optional is
//! kept, sent as `null`, or left out, at random. Each object is thinned the same way every time it is sent (the
//! choice is a hash of the seed, the kind of object, its id and the field), so a listing and a push of one code
//! agree, and a test or a demo run sees the same data again with the same seed.
//!
//! Which fields, read from the SDKs' models (`aipix-dev/vms-mobile-sdk-android` `models/ApiModels.kt`,
//! `models/ApiResponses.kt`; `aipix-dev/vms-mobile-sdk-ios` `Network/Models/`): a field is thinned when either
//! SDK declares it optional and the reading of the server confirms it may be missing.

use serde_json::Value;

/// A code's optional fields (`VMSCodeVisitor`, `VMSIntercomCode`).
const CODE: &[&str] = &["title", "code", "intercom", "is_expired"];
/// An intercom's, full or nested in a code or a call (`VMSIntercom`: everything but `id`).
const INTERCOM: &[&str] = &[
    "title",
    "is_online",
    "is_enabled",
    "status",
    "department",
    "address",
    "timetable",
    "camera",
    "created_at",
    "updated_at",
    "is_open_door_app",
    "is_open_door_code",
];
/// The user's (`VMSUser`: everything but `id`), and a permission's.
const USER: &[&str] = &[
    "login",
    "name",
    "parent_id",
    "permissions",
    "access_token_id",
    "can_update_password",
];
const PERMISSION: &[&str] = &["id"];
/// A session's (`VMSSession`).
const SESSION: &[&str] = &["online", "last", "user_agent", "client", "ip"];

#[derive(Debug, Clone, Copy)]
pub(crate) struct Sparse {
    seed: u64,
}

/// What becomes of one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Kept,
    Null,
    Absent,
}

impl Sparse {
    pub fn new(seed: u64) -> Self {
        Self { seed }
    }

    pub fn code(self, code: &mut Value) {
        let id = code["id"].as_u64().unwrap_or_default();
        if let Some(intercom) = code.get_mut("intercom").filter(|i| i.is_object()) {
            self.intercom(intercom);
        }
        self.thin(code, "code", id, CODE);
    }

    pub fn intercom(self, intercom: &mut Value) {
        let id = intercom["id"].as_u64().unwrap_or_default();
        self.thin(intercom, "intercom", id, INTERCOM);
    }

    pub fn call(self, call: &mut Value) {
        if let Some(intercom) = call.get_mut("intercom").filter(|i| i.is_object()) {
            self.intercom(intercom);
        }
    }

    pub fn user(self, user: &mut Value) {
        let id = user["id"].as_u64().unwrap_or_default();
        if let Some(Value::Array(permissions)) = user.get_mut("permissions") {
            for permission in permissions {
                let pid = permission["id"].as_u64().unwrap_or_default();
                self.thin(permission, "permission", pid, PERMISSION);
            }
        }
        self.thin(user, "user", id, USER);
    }

    pub fn session(self, session: &mut Value) {
        let id = hash_text(session["id"].as_str().unwrap_or_default());
        self.thin(session, "session", id, SESSION);
    }

    /// A page's envelope: `links` and `meta.last_page` may be missing, `data` `null` when there is none.
    pub fn page(self, page: &mut Value) {
        let number = page["meta"]["current_page"].as_u64().unwrap_or_default();
        if let Some(meta) = page.get_mut("meta") {
            self.thin(meta, "meta", number, &["last_page"]);
        }
        self.thin(page, "page", number, &["links"]);
        if page["data"].as_array().is_some_and(Vec::is_empty)
            && self.fate("data", number, "data") != Fate::Kept
        {
            page["data"] = Value::Null;
        }
    }

    fn thin(self, object: &mut Value, kind: &str, id: u64, fields: &[&str]) {
        let Some(map) = object.as_object_mut() else {
            return;
        };
        for field in fields {
            match self.fate(kind, id, field) {
                Fate::Kept => {}
                Fate::Null => {
                    if map.contains_key(*field) {
                        map.insert((*field).to_owned(), Value::Null);
                    }
                }
                Fate::Absent => {
                    map.remove(*field);
                }
            }
        }
    }

    /// Half the fields are kept, a quarter `null`, a quarter left out.
    fn fate(self, kind: &str, id: u64, field: &str) -> Fate {
        let mixed = mix(self.seed
            ^ hash_text(kind).rotate_left(17)
            ^ id.wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ hash_text(field).rotate_left(41));
        match mixed % 4 {
            0 | 1 => Fate::Kept,
            2 => Fate::Null,
            _ => Fate::Absent,
        }
    }
}

/// SplitMix64's finaliser: every bit of the input moves every bit of the output.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// FNV-1a: a stable hash of a short text (the same in every run and build).
fn hash_text(text: &str) -> u64 {
    text.bytes().fold(0xCBF2_9CE4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn code(id: u64) -> Value {
        json!({"id": id, "title": "Visitor", "code": "12345", "expired_at": "2030-01-01T10:00:00.000000Z",
               "is_expired": false, "intercom": {"id": 180, "title": "House", "is_online": true}})
    }

    #[test]
    fn the_same_seed_thins_the_same_object_the_same_way_and_keeps_what_is_required() {
        let sparse = Sparse::new(7);
        let (mut a, mut b) = (code(1), code(1));
        sparse.code(&mut a);
        sparse.code(&mut b);
        assert_eq!(a, b);
        let mut seen = std::collections::HashSet::new();
        for id in 1..200 {
            let mut thinned = code(id);
            sparse.code(&mut thinned);
            assert_eq!(thinned["id"], id, "an id is never thinned");
            assert!(thinned.get("expired_at").is_some(), "nor the expiry");
            for field in CODE {
                seen.insert((*field, thinned.get(*field).map(Value::is_null)));
            }
        }
        // Over 200 codes every field is seen kept, null and absent.
        for field in CODE {
            for fate in [Some(false), Some(true), None] {
                assert!(seen.contains(&(*field, fate)), "{field} {fate:?}");
            }
        }
        let mut other = code(1);
        Sparse::new(8).code(&mut other);
        let differs = (1..50).any(|id| {
            let (mut x, mut y) = (code(id), code(id));
            Sparse::new(7).code(&mut x);
            Sparse::new(8).code(&mut y);
            x != y
        });
        assert!(differs, "another seed, other data");
    }
}
