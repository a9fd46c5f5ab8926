//! What the unit tests build their accounts from: a moment, an intercom, a code, a user, a listing. Plain data,
//! as a server would send it.

use chrono::{DateTime, TimeDelta, TimeZone as _, Utc};

use crate::accounts::{AccountId, Accounts, Action};
use crate::messages::{Event, SignInRequest};
use crate::settings::{Profile, Settings};
use aipix_client::api::{Code, Intercom, IntercomBrief, User};
use aipix_client::live::LiveEvent;

/// 10 March 2026 at `h`:`m`, UTC.
pub fn t(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, h, m, 0)
        .single()
        .expect("date")
}

/// A confirmed intercom, online, that takes codes and opens from the app.
pub fn intercom(id: u64, title: &str) -> Intercom {
    Intercom {
        id,
        title: title.into(),
        is_online: Some(true),
        is_enabled: Some(true),
        department: Some(1),
        address: "1 Main St".into(),
        status: Some("confirmed".into()),
        created_at: None,
        updated_at: None,
        is_open_door_app: None,
        is_open_door_code: None,
    }
}

/// A code of `intercom` valid until `expires`.
pub fn code(id: u64, intercom: u64, title: &str, number: &str, expires: DateTime<Utc>) -> Code {
    Code {
        id,
        title: title.into(),
        code: Some(number.into()),
        expired_at: expires,
        is_expired: Some(false),
        will_deleted_at: Some(expires + TimeDelta::hours(24)),
        created_at: Some(expires - TimeDelta::hours(5)),
        intercom: Some(IntercomBrief {
            id: intercom,
            title: format!("Intercom {intercom}"),
            is_online: Some(true),
            department: Some(1),
            address: String::new(),
        }),
    }
}

/// The user `login` as a sign-in answers it.
pub fn user(login: &str) -> User {
    serde_json::from_str(&format!(
        r#"{{"id": 13, "login": "{login}", "access_token_id": "abc"}}"#
    ))
    .expect("user")
}

/// Signed in to `server` as `login`.
pub fn signed_in(server: &str, login: &str) -> Event {
    Event::SignedIn {
        user: user(login),
        server: server.into(),
    }
}

/// A listing of `intercoms` and `codes` at `at`.
pub fn listing(intercoms: Vec<Intercom>, codes: Vec<Code>, at: DateTime<Utc>) -> Event {
    Event::Synced {
        intercoms,
        codes,
        at,
    }
}

pub const HARBOUR: &str = "http://harbour.example/";
pub const MILL: &str = "http://mill.example/";

/// A sign-in of `login` at `server`, as the sign-in screen sends it.
pub fn sign_in_request(server: &str, login: &str) -> SignInRequest {
    SignInRequest {
        server: server.into(),
        login: login.into(),
        password: login.into(),
        ..SignInRequest::default()
    }
}

/// The settings file as a sign-in leaves it: the profiles of `accounts` (server, login), the last one used last.
pub fn settings_of(accounts: &[(&str, &str)]) -> Settings {
    let profiles: Vec<Profile> = accounts
        .iter()
        .map(|(server, login)| Profile {
            name: crate::settings::profile_name(login, server),
            server: (*server).into(),
            login: (*login).into(),
            ..Profile::default()
        })
        .collect();
    Settings {
        last_profile: profiles.last().map(|profile| profile.name.clone()),
        profiles,
        ..Settings::default()
    }
}

/// A window with demo@harbour (the first account) and demo@mill (added beside it) signed in and listed, each
/// with a "Main entrance" and a code of its own.
pub fn two_open() -> (Accounts, AccountId, AccountId) {
    let mut accounts = Accounts::new().allowing_more();
    let first = accounts.focus();
    let settings = settings_of(&[(HARBOUR, "demo"), (MILL, "demo")]);
    accounts.apply(first, Event::remembered(&settings), t(9, 0));
    accounts.apply(first, signed_in(HARBOUR, "demo"), t(9, 0));
    let add = accounts.act(
        Action::AddAccount {
            sign_in: Some(sign_in_request(MILL, "demo")),
        },
        t(9, 0),
    );
    let second = add.start[0].0;
    accounts.apply(second, Event::remembered(&settings), t(9, 0));
    accounts.apply(second, signed_in(MILL, "demo"), t(9, 0));
    for (id, number) in [(first, "11111"), (second, "22222")] {
        let codes = vec![code(10, 1, "Courier", number, t(12, 0))];
        accounts.apply(
            id,
            listing(vec![intercom(1, "Main entrance")], codes, t(9, 1)),
            t(9, 1),
        );
        accounts.apply(
            id,
            Event::Live(LiveEvent::Connected {
                socket_id: "1.2".into(),
            }),
            t(9, 1),
        );
    }
    (accounts, first, second)
}
