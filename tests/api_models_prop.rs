//! The client's models read what the vendor's own clients read: every field either SDK takes as optional may be
//! `null` or absent in any combination, and a page with items that cannot be read yields the others and a count.
//! (Sources: `aipix-dev/vms-mobile-sdk-android` `models/ApiModels.kt`, `models/ApiResponses.kt`;
//! `aipix-dev/vms-mobile-sdk-ios` `Network/Models/*.swift`.)

use aipix_client::api::bounds::{CUT_MARK, MAX_RAW_CHARS, MAX_TEXT_CHARS};
use aipix_client::api::{
    Code, Confirmation, Intercom, Online, Page, ServerFacts, SessionInfo, User,
};
use proptest::prelude::*;
use serde_json::{Value, json};

/// A code with every field a server may send, in the SDKs' date format.
fn full_code(id: u64) -> Value {
    json!({
        "id": id, "title": format!("Visitor {id}"), "code": "12345",
        "expired_at": "2029-12-31T12:45:00.000000Z", "is_expired": false,
        "will_deleted_at": "2030-01-01T12:45:00.000000Z", "created_at": "2029-12-30T10:00:00.000000Z",
        "intercom": full_brief(),
    })
}

fn full_brief() -> Value {
    json!({
        "id": 180, "title": "House", "is_online": true, "department": 100, "address": "Cameras",
        "created_at": null, "updated_at": "2022-04-18T17:25:56.000000Z",
    })
}

fn full_intercom() -> Value {
    json!({
        "id": 180, "title": "House", "is_online": true, "is_enabled": true,
        "timetable": {"days": [], "intervals": []}, "department": 100, "address": "Cameras",
        "camera": null, "status": "confirmed", "created_at": null,
        "updated_at": "2022-04-20T12:34:30.000000Z", "is_open_door_app": true, "is_open_door_code": true,
    })
}

fn full_user() -> Value {
    json!({
        "id": 13, "login": "user", "name": "user", "parent_id": null,
        "permissions": [{"id": 223, "name": "intercom-index"}],
        "access_token_id": "c862e3c5", "can_update_password": true,
    })
}

const CODE_OPTIONAL: &[&str] = &[
    "title",
    "code",
    "intercom",
    "is_expired",
    "will_deleted_at",
    "created_at",
];
const BRIEF_OPTIONAL: &[&str] = &[
    "title",
    "is_online",
    "department",
    "address",
    "created_at",
    "updated_at",
];
const INTERCOM_OPTIONAL: &[&str] = &[
    "title",
    "is_online",
    "is_enabled",
    "timetable",
    "department",
    "address",
    "camera",
    "status",
    "created_at",
    "updated_at",
    "is_open_door_app",
    "is_open_door_code",
];
const USER_OPTIONAL: &[&str] = &[
    "login",
    "name",
    "parent_id",
    "permissions",
    "access_token_id",
    "can_update_password",
];

/// What becomes of one optional field.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fate {
    Kept,
    Null,
    Absent,
}

fn fates(count: usize) -> impl Strategy<Value = Vec<Fate>> {
    prop::collection::vec(
        prop_oneof![Just(Fate::Kept), Just(Fate::Null), Just(Fate::Absent)],
        count,
    )
}

/// `object` with each of `fields` kept, set to `null` or taken out, as `fates` says.
fn thinned(mut object: Value, fields: &[&str], fates: &[Fate]) -> Value {
    let map = object.as_object_mut().expect("an object");
    for (field, fate) in fields.iter().zip(fates) {
        match fate {
            Fate::Kept => {}
            Fate::Null => {
                map.insert((*field).to_owned(), Value::Null);
            }
            Fate::Absent => {
                map.remove(*field);
            }
        }
    }
    object
}

fn fate_of<'a>(fields: &[&str], fates: &'a [Fate], field: &str) -> &'a Fate {
    let at = fields
        .iter()
        .position(|name| *name == field)
        .expect("field");
    &fates[at]
}

proptest! {
    #[test]
    fn a_code_reads_with_any_optional_field_null_or_absent(
        code_fates in fates(CODE_OPTIONAL.len()),
        brief_fates in fates(BRIEF_OPTIONAL.len()),
    ) {
        let mut code = full_code(7);
        code["intercom"] = thinned(full_brief(), BRIEF_OPTIONAL, &brief_fates);
        let code = thinned(code, CODE_OPTIONAL, &code_fates);
        let read: Code = serde_json::from_value(code).expect("the code reads");
        prop_assert_eq!(read.id, 7);
        let value_kept = *fate_of(CODE_OPTIONAL, &code_fates, "code") == Fate::Kept;
        prop_assert_eq!(read.code_value(), value_kept.then_some("12345"));
        let intercom_kept = *fate_of(CODE_OPTIONAL, &code_fates, "intercom") == Fate::Kept;
        prop_assert_eq!(read.intercom_id(), intercom_kept.then_some(180));
        if let Some(brief) = &read.intercom {
            let online = match fate_of(BRIEF_OPTIONAL, &brief_fates, "is_online") {
                Fate::Kept => Online::Yes,
                _ => Online::Unknown,
            };
            prop_assert_eq!(brief.online(), online);
        }
        let expired = fate_of(CODE_OPTIONAL, &code_fates, "is_expired");
        prop_assert_eq!(read.is_expired, (*expired == Fate::Kept).then_some(false));
    }

    #[test]
    fn an_intercom_reads_with_any_optional_field_null_or_absent(fates in fates(INTERCOM_OPTIONAL.len())) {
        let intercom = thinned(full_intercom(), INTERCOM_OPTIONAL, &fates);
        let read: Intercom = serde_json::from_value(intercom).expect("the intercom reads");
        prop_assert_eq!(read.id, 180);
        let kept = |field| *fate_of(INTERCOM_OPTIONAL, &fates, field) == Fate::Kept;
        prop_assert_eq!(read.online(), if kept("is_online") { Online::Yes } else { Online::Unknown });
        prop_assert_eq!(read.is_enabled, kept("is_enabled").then_some(true));
        let confirmation = if kept("status") { Confirmation::Confirmed } else { Confirmation::NotReported };
        prop_assert_eq!(read.confirmation(), confirmation);
        // A status not reported is nothing to warn about.
        prop_assert!(!read.is_unconfirmed());
    }

    #[test]
    fn a_user_reads_with_any_optional_field_null_or_absent(
        fates in fates(USER_OPTIONAL.len()),
        permission_id in prop_oneof![Just(Fate::Kept), Just(Fate::Null), Just(Fate::Absent)],
    ) {
        let mut user = full_user();
        user["permissions"][0] = thinned(user["permissions"][0].clone(), &["id"], &[permission_id]);
        let user = thinned(user, USER_OPTIONAL, &fates);
        let read: User = serde_json::from_value(user).expect("the user reads");
        prop_assert_eq!(read.id, 13);
        let kept = |field| *fate_of(USER_OPTIONAL, &fates, field) == Fate::Kept;
        prop_assert_eq!(read.access_token_id.as_deref(), kept("access_token_id").then_some("c862e3c5"));
        prop_assert_eq!(read.permissions.len(), usize::from(kept("permissions")));
        if let Some(permission) = read.permissions.first() {
            prop_assert_eq!(permission.id, (permission_id == Fate::Kept).then_some(223));
        }
    }

    #[test]
    fn a_session_reads_with_only_its_id(fates in fates(6)) {
        let fields = ["online", "last", "user_agent", "client", "ip", "is_current"];
        let session = json!({"id": "s1", "online": true, "last": 1_700_000_000, "user_agent": "Firefox",
                             "client": "web", "ip": "10.0.0.2", "is_current": true});
        let read: SessionInfo = serde_json::from_value(thinned(session, &fields, &fates)).expect("reads");
        prop_assert_eq!(read.id.as_str(), "s1");
        prop_assert_eq!(read.online, (fates[0] == Fate::Kept).then_some(true));
        prop_assert_eq!(read.is_current, fates[5] == Fate::Kept);
    }

    #[test]
    fn server_facts_read_with_any_field_null_or_absent(fates in fates(4)) {
        let fields = ["version", "is_captcha_available", "is_external_auth_enabled", "available_locales"];
        let facts = json!({"version": "24.03.0.0", "is_captcha_available": true,
                           "is_external_auth_enabled": false, "available_locales": ["en", "ru"]});
        let read: ServerFacts = serde_json::from_value(thinned(facts, &fields, &fates)).expect("reads");
        prop_assert_eq!(read.version.is_some(), fates[0] == Fate::Kept);
        prop_assert_eq!(read.available_locales.len(), if fates[3] == Fate::Kept { 2 } else { 0 });
    }

    /// Of `count` codes, the one at `broken` is spoiled in one of several ways: the page still reads, with the
    /// others in order and that one counted, its raw JSON kept for the journal.
    #[test]
    fn a_page_with_an_unreadable_item_yields_the_others_and_a_count(
        count in 1usize..30,
        broken in any::<prop::sample::Index>(),
        spoil in 0usize..6,
        last_page_kept in any::<bool>(),
    ) {
        let broken = broken.index(count);
        let mut data: Vec<Value> = (1..=count as u64).map(full_code).collect();
        let item = &mut data[broken];
        let keeps_id = match spoil {
            0 => { item["id"] = json!("not a number"); false }
            1 => { item.as_object_mut().expect("object").remove("id"); false }
            2 => { item["expired_at"] = json!("tomorrow"); true }
            3 => { item["intercom"] = json!([180, "House"]); true }
            4 => { item["code"] = json!({"value": 1}); true }
            _ => { *item = json!(["not", "an", "object"]); false }
        };
        let mut meta = json!({"current_page": 1, "last_page": 1, "per_page": 100, "total": count});
        if !last_page_kept {
            meta.as_object_mut().expect("object").remove("last_page");
        }
        let page = json!({"data": data, "links": {"first": null}, "meta": meta});
        let read: Page<Code> = serde_json::from_value(page).expect("the page reads");
        let expected: Vec<u64> = (1..=count as u64).filter(|id| *id != broken as u64 + 1).collect();
        prop_assert_eq!(read.data.iter().map(|code| code.id).collect::<Vec<_>>(), expected);
        prop_assert_eq!(read.unreadable.len(), 1);
        let bad = &read.unreadable[0];
        prop_assert_eq!(bad.id, keeps_id.then_some(broken as u64 + 1));
        prop_assert!(!bad.reason.is_empty());
        prop_assert!(!bad.raw.is_empty() && bad.raw.chars().count() <= MAX_RAW_CHARS + 1);
        prop_assert_eq!(read.meta.pages(), 1);
    }
}

#[test]
fn a_page_without_data_or_last_page_is_an_empty_page_or_reckoned() {
    for data in [json!(null), json!([])] {
        let page: Page<Code> = serde_json::from_value(
            json!({"data": data, "meta": {"current_page": 1, "per_page": 25, "total": 0}}),
        )
        .expect("an empty page");
        assert!(page.data.is_empty() && page.unreadable.is_empty());
        assert_eq!(page.meta.pages(), 1);
    }
    let page: Page<Code> =
        serde_json::from_value(json!({"meta": {"current_page": 2, "per_page": 25, "total": 51}}))
            .expect("data absent");
    assert_eq!(page.meta.pages(), 3, "51 items at 25 a page");
}

#[test]
fn server_text_is_cut_where_it_is_read() {
    let mut code = full_code(1);
    code["title"] = json!("A".repeat(1_000_000));
    code["intercom"]["address"] = json!("Б".repeat(10_000));
    let read: Code = serde_json::from_value(code).expect("reads");
    assert_eq!(read.title.chars().count(), MAX_TEXT_CHARS + 1);
    assert!(read.title.ends_with(CUT_MARK));
    let address = &read.intercom.expect("intercom").address;
    assert_eq!(address.chars().count(), MAX_TEXT_CHARS + 1);
    let mut user = full_user();
    user["name"] = json!("x".repeat(5_000));
    let read: User = serde_json::from_value(user).expect("reads");
    assert!(read.name.len() <= MAX_TEXT_CHARS + CUT_MARK.len_utf8());
}

#[test]
fn wrong_types_stay_errors_for_the_item() {
    // Tolerance is for what the SDKs make optional, not for anything at all.
    for (field, value) in [
        ("is_online", json!(1)),
        ("is_online", json!("yes")),
        ("status", json!(5)),
    ] {
        let mut intercom = full_intercom();
        intercom[field] = value.clone();
        assert!(
            serde_json::from_value::<Intercom>(intercom).is_err(),
            "{field} = {value}"
        );
    }
    let mut code = full_code(1);
    code.as_object_mut().expect("object").remove("expired_at");
    assert!(
        serde_json::from_value::<Code>(code).is_err(),
        "both SDKs require the expiry"
    );
}
