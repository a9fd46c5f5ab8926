//! The simulator's data and rules: users, sessions, captchas, intercoms, codes, Laravel-style
//! validation, the per-account code limit, expiry and deletion. No HTTP here: every operation
//! takes the request input as JSON and the current time, and answers JSON or a typed error.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDateTime, SubsecRound, Utc};
use rand::RngExt;
use serde_json::{Value, json};

use crate::config::SessionsShape;
use crate::page::{self, PageRequest, php_int};
use crate::records::{Call, Code, Intercom, User};
use crate::sparse::Sparse;
use crate::wire;

mod calls;

pub(crate) use calls::CallChange;

/// Seconds a captcha key stays valid (the contract's `ttl`).
pub(crate) const CAPTCHA_TTL_SECS: i64 = 60;
/// Laravel's usual `max:255` for the title.
const MAX_TITLE_CHARS: usize = 255;
/// The contract's limit for one delete call.
const MAX_DELETE_IDS: usize = 200;
/// The contract's limit for `intercom/shows`.
const MAX_SHOW_IDS: usize = 25;
/// `GET /wsurl`: at most this many calls per window per user.
const WSURL_MAX_CALLS: u32 = 20;
const WSURL_WINDOW_SECS: i64 = 300;
/// Codes are 5 digits: this many distinct values per intercom.
const CODE_SPACE: u32 = 100_000;
const CREDENTIALS_MESSAGE: &str = "These credentials do not match our records.";

/// Wrong passwords one login may have in [`SIGN_IN_WINDOW_SECS`] before sign-in is refused for the rest of it
/// (Laravel's `ThrottlesLogins`: five a minute). The simulator is for demos and tests, but `--listen` can put it
/// on a network, with `demo/demo` over plain http.
const SIGN_IN_ATTEMPTS: u32 = 5;
const SIGN_IN_WINDOW_SECS: i64 = 60;

/// Validation errors in the order the rules ran (Laravel's `message` summarises the first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FieldErrors(Vec<(String, Vec<String>)>);

impl FieldErrors {
    fn single(field: &str, reason: impl Into<String>) -> Self {
        let mut errors = Self::default();
        errors.add(field, reason);
        errors
    }

    pub fn add(&mut self, field: &str, reason: impl Into<String>) {
        let reason = reason.into();
        match self.0.iter_mut().find(|(f, _)| f == field) {
            Some((_, reasons)) => reasons.push(reason),
            None => self.0.push((field.to_owned(), vec![reason])),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The reasons given for `field` (empty when it passed).
    #[cfg(test)]
    pub fn get(&self, field: &str) -> &[String] {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map_or(&[], |(_, reasons)| reasons.as_slice())
    }

    /// Laravel's `ValidationException::summarize`: the first reason, plus how many others.
    pub fn message(&self) -> String {
        let mut all = self.0.iter().flat_map(|(_, reasons)| reasons);
        let Some(first) = all.next() else {
            return "The given data was invalid.".to_owned();
        };
        match all.count() {
            0 => first.clone(),
            1 => format!("{first} (and 1 more error)"),
            n => format!("{first} (and {n} more errors)"),
        }
    }

    /// The `errors` object of a 422 answer.
    pub fn to_json(&self) -> Value {
        Value::Object(
            self.0
                .iter()
                .map(|(field, reasons)| (field.clone(), json!(reasons)))
                .collect(),
        )
    }

    pub fn into_map(self) -> BTreeMap<String, Vec<String>> {
        self.0.into_iter().collect()
    }
}

/// Why an operation was refused; each maps to one HTTP answer of the contract.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum StoreError {
    #[error("Unauthenticated.")]
    Unauthenticated,
    #[error("Not found.")]
    NotFound,
    /// Laravel's answer to a request its policy refuses (403, `AuthorizationException`'s own words).
    #[error("This action is unauthorized.")]
    Forbidden,
    #[error("{}", .0.message())]
    Validation(FieldErrors),
    /// The account's sessions (`sessions`, the SDKs' `VMSSession`s), of which a retry may end one by sending its
    /// id as `session_id`; `limit` is how many it may have. `bare`: answered as a bare array of sessions.
    #[error("Too many sessions.")]
    TooManySessions {
        limit: usize,
        sessions: Vec<Value>,
        bare: bool,
    },
    #[error("Too Many Attempts.")]
    RateLimited { retry_after_secs: u64 },
    #[error("user {0:?} is configured twice")]
    DuplicateUser(String),
    /// A request a test told the server to fail, as an unhandled exception would.
    #[error("Server Error")]
    Failed,
}

/// One login: its bearer token and the id the logout endpoint names it by, and what the sessions list tells of it.
#[derive(Debug, Clone)]
struct Session {
    user_id: u64,
    token: String,
    access_token_id: String,
    device: Device,
    last_used: DateTime<Utc>,
}

/// What a sign-in tells of the device it came from (its headers and address).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Device {
    pub user_agent: Option<String>,
    /// `X-Client`: `thick-legal`, `ios`, `android`, …
    pub client: Option<String>,
    pub ip: Option<String>,
}

/// A session used this recently counts as online in the sessions list.
const ONLINE_WITHIN: Duration = Duration::minutes(5);

/// Who a valid bearer token belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Auth {
    pub user_id: u64,
    pub access_token_id: String,
}

/// What the demo data (or a test) needs to say to make an intercom.
#[derive(Debug, Clone)]
pub(crate) struct NewIntercom<'a> {
    pub title: &'a str,
    pub address: &'a str,
    pub department: u32,
    pub is_online: bool,
    pub status: &'a str,
    pub created_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub opens_from_app: bool,
    pub takes_codes: bool,
}

#[derive(Debug, Clone)]
struct Captcha {
    answer: String,
    expires_at: DateTime<Utc>,
}

/// A fixed rate-limit window, like Laravel's `throttle` middleware.
#[derive(Debug, Clone, Copy)]
struct RateWindow {
    started: DateTime<Utc>,
    hits: u32,
}

/// Everything the server knows. Ids are global counters like database autoincrements; they start
/// at the contract's example values so a client mixing up user, intercom and code ids shows it.
#[derive(Debug)]
pub(crate) struct Store {
    users: Vec<User>,
    /// In login order: the first of a user's sessions is its oldest.
    sessions: Vec<Session>,
    intercoms: BTreeMap<u64, Intercom>,
    codes: BTreeMap<u64, Code>,
    calls: BTreeMap<u64, Call>,
    /// No code is gone before this moment (the earliest deletion time when last worked out), so a request in
    /// between needs no sweep of every code.
    purge_due: DateTime<Utc>,
    captchas: HashMap<String, Captcha>,
    wsurl_windows: HashMap<u64, RateWindow>,
    /// Wrong passwords per login, in the current window.
    failed_sign_ins: HashMap<String, RateWindow>,
    next_user_id: u64,
    next_intercom_id: u64,
    next_code_id: u64,
    next_call_id: u64,
    pub code_limit: usize,
    pub max_sessions: Option<usize>,
    pub captcha_required: bool,
    /// The digits the next code made through the API gets, when free on its intercom (a test's fixed data).
    pub next_digits: Option<String>,
    /// Fields the SDKs make optional are left out or `null` at random.
    pub sparse: Option<Sparse>,
    /// How a 419 lists the sessions.
    pub sessions_shape: SessionsShape,
}

impl Store {
    pub fn new(code_limit: usize, max_sessions: Option<usize>, captcha_required: bool) -> Self {
        Self {
            users: Vec::new(),
            sessions: Vec::new(),
            intercoms: BTreeMap::new(),
            codes: BTreeMap::new(),
            calls: BTreeMap::new(),
            purge_due: DateTime::<Utc>::MAX_UTC,
            captchas: HashMap::new(),
            wsurl_windows: HashMap::new(),
            failed_sign_ins: HashMap::new(),
            next_user_id: 13,
            next_intercom_id: 180,
            next_code_id: 1388,
            next_call_id: 5012,
            code_limit,
            max_sessions,
            captcha_required,
            next_digits: None,
            sparse: None,
            sessions_shape: SessionsShape::Object,
        }
    }

    // ----- users and sessions -----

    pub fn add_user(
        &mut self,
        login: &str,
        password: &str,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        if self.user_id(login).is_some() {
            return Err(StoreError::DuplicateUser(login.to_owned()));
        }
        let id = self.next_user_id;
        self.next_user_id += 1;
        self.users.push(User {
            id,
            login: login.to_owned(),
            password: password.to_owned(),
            name: login.to_owned(),
            permissions: vec![
                (223, "intercoms.view".to_owned()),
                (224, "intercoms.open-door".to_owned()),
                (225, "intercom-codes.manage".to_owned()),
            ],
            updated_at: now.trunc_subsecs(0),
        });
        Ok(id)
    }

    pub fn user_id(&self, login: &str) -> Option<u64> {
        self.users.iter().find(|u| u.login == login).map(|u| u.id)
    }

    /// [`login_from`](Self::login_from) a device that says nothing of itself.
    #[cfg(test)]
    pub fn login(&mut self, body: &Value, now: DateTime<Utc>) -> Result<Value, StoreError> {
        self.login_from(body, &Device::default(), now)
    }

    /// `POST /token`: validates, checks the captcha and the credentials, applies the session
    /// limit, and answers the contract's login object.
    pub fn login_from(
        &mut self,
        body: &Value,
        device: &Device,
        now: DateTime<Utc>,
    ) -> Result<Value, StoreError> {
        let mut errors = FieldErrors::default();
        let login = required_string(&mut errors, body, "login", Trim::Yes);
        // Laravel's TrimStrings leaves passwords alone.
        let password = required_string(&mut errors, body, "password", Trim::No);
        if self.captcha_required {
            let answer = required_string(&mut errors, body, "captcha", Trim::Yes);
            let key = required_string(&mut errors, body, "key", Trim::Yes);
            if let (Some(answer), Some(key)) = (answer, key)
                && !self.take_captcha(&key, &answer, now)
            {
                errors.add("captcha", "The captcha is incorrect or has expired.");
            }
        }
        let (Some(login), Some(password)) = (login, password) else {
            return Err(StoreError::Validation(errors));
        };
        if !errors.is_empty() {
            return Err(StoreError::Validation(errors));
        }

        let window = Duration::seconds(SIGN_IN_WINDOW_SECS);
        self.failed_sign_ins
            .retain(|_, failed| now - failed.started < window);
        if let Some(failed) = self.failed_sign_ins.get(&login)
            && failed.hits >= SIGN_IN_ATTEMPTS
        {
            let seconds = ((failed.started + window - now).num_milliseconds() + 999) / 1000;
            return Err(StoreError::Validation(FieldErrors::single(
                "login",
                format!("Too many login attempts. Please try again in {seconds} seconds."),
            )));
        }
        let Some(user) = self
            .users
            .iter()
            .find(|u| u.login == login && u.password == password)
        else {
            self.failed_sign_ins
                .entry(login)
                .or_insert(RateWindow {
                    started: now,
                    hits: 0,
                })
                .hits += 1;
            return Err(StoreError::Validation(FieldErrors::single(
                "login",
                CREDENTIALS_MESSAGE,
            )));
        };
        let user_id = user.id;

        // A retry after 419 names the session to give up.
        if let Some(old) = body.get("session_id").and_then(Value::as_str) {
            self.sessions
                .retain(|s| !(s.user_id == user_id && s.access_token_id == old));
        }
        if let Some(max) = self.max_sessions
            && self.session_count(user_id) >= max
        {
            return Err(StoreError::TooManySessions {
                limit: max,
                sessions: self.sessions_json(user_id, None, now),
                bare: self.sessions_shape == SessionsShape::BareArray,
            });
        }

        let session = Session {
            user_id,
            token: random_string(64, ALPHANUMERIC),
            access_token_id: random_string(80, HEX),
            device: device.clone(),
            last_used: now,
        };
        let mut user = wire::user(user, &session.access_token_id);
        if let Some(sparse) = self.sparse {
            sparse.user(&mut user);
        }
        let answer = json!({
            "user": user,
            "access_token": format!("Bearer {}", session.token),
        });
        self.sessions.push(session);
        Ok(answer)
    }

    /// `GET /users/self`: the signed-in user.
    pub fn user_json(&self, user_id: u64, access_token_id: &str) -> Result<Value, StoreError> {
        let user = self
            .users
            .iter()
            .find(|u| u.id == user_id)
            .ok_or(StoreError::Unauthenticated)?;
        let mut user = wire::user(user, access_token_id);
        if let Some(sparse) = self.sparse {
            sparse.user(&mut user);
        }
        Ok(user)
    }

    /// The user's sessions as `GET /sessions` and a 419 list them (oldest first); `current` is the caller's.
    pub fn sessions_json(
        &self,
        user_id: u64,
        current: Option<&str>,
        now: DateTime<Utc>,
    ) -> Vec<Value> {
        self.sessions
            .iter()
            .filter(|s| s.user_id == user_id)
            .map(|s| {
                let mut session = json!({
                    "id": s.access_token_id,
                    "online": now - s.last_used < ONLINE_WITHIN,
                    "last": s.last_used.timestamp(),
                    "user_agent": s.device.user_agent,
                    "client": s.device.client,
                    "ip": s.device.ip,
                    "is_current": current == Some(s.access_token_id.as_str()),
                });
                if let Some(sparse) = self.sparse {
                    sparse.session(&mut session);
                }
                session
            })
            .collect()
    }

    /// Notes that a session was used now (the sessions list's `last` and `online`).
    pub fn touch(&mut self, token: &str, now: DateTime<Utc>) {
        if let Some(session) = self.sessions.iter_mut().find(|s| s.token == token) {
            session.last_used = now;
        }
    }

    /// The `access_token_id`s of the user's open sessions, oldest first.
    pub fn session_ids(&self, user_id: u64) -> Vec<String> {
        self.sessions
            .iter()
            .filter(|s| s.user_id == user_id)
            .map(|s| s.access_token_id.clone())
            .collect()
    }

    pub fn authenticate(&self, token: &str) -> Option<Auth> {
        self.sessions
            .iter()
            .find(|s| s.token == token)
            .map(|s| Auth {
                user_id: s.user_id,
                access_token_id: s.access_token_id.clone(),
            })
    }

    /// Logout: ends one of the caller's sessions (any of them, not only the current one).
    pub fn end_session(&mut self, user_id: u64, access_token_id: &str) -> Result<(), StoreError> {
        let index = self
            .sessions
            .iter()
            .position(|s| s.user_id == user_id && s.access_token_id == access_token_id)
            .ok_or(StoreError::NotFound)?;
        self.sessions.remove(index);
        Ok(())
    }

    pub fn session_count(&self, user_id: u64) -> usize {
        self.sessions
            .iter()
            .filter(|s| s.user_id == user_id)
            .count()
    }

    // ----- captcha and rate limits -----

    /// Remembers a captcha answer and returns its key.
    pub fn add_captcha(&mut self, answer: String, now: DateTime<Utc>) -> String {
        self.captchas.retain(|_, c| now < c.expires_at);
        let key = random_string(40, ALPHANUMERIC);
        let expires_at = now + Duration::seconds(CAPTCHA_TTL_SECS);
        self.captchas
            .insert(key.clone(), Captcha { answer, expires_at });
        key
    }

    pub fn captcha_answer(&self, key: &str) -> Option<String> {
        self.captchas.get(key).map(|c| c.answer.clone())
    }

    /// Checks a captcha answer; the key is used up whatever the outcome.
    fn take_captcha(&mut self, key: &str, answer: &str, now: DateTime<Utc>) -> bool {
        self.captchas
            .remove(key)
            .is_some_and(|c| now < c.expires_at && c.answer.eq_ignore_ascii_case(answer))
    }

    /// Counts one `GET /wsurl` call; answers the calls left in the window, or how long to wait.
    pub fn hit_wsurl(&mut self, user_id: u64, now: DateTime<Utc>) -> Result<u32, StoreError> {
        let length = Duration::seconds(WSURL_WINDOW_SECS);
        let window = self.wsurl_windows.entry(user_id).or_insert(RateWindow {
            started: now,
            hits: 0,
        });
        if now >= window.started + length {
            *window = RateWindow {
                started: now,
                hits: 0,
            };
        }
        if window.hits >= WSURL_MAX_CALLS {
            let left_ms = (window.started + length - now).num_milliseconds().max(0);
            let retry_after_secs = u64::try_from((left_ms + 999) / 1000).unwrap_or(1).max(1);
            return Err(StoreError::RateLimited { retry_after_secs });
        }
        window.hits += 1;
        Ok(WSURL_MAX_CALLS - window.hits)
    }

    // ----- intercoms -----

    pub fn add_intercom(&mut self, owner: u64, new: NewIntercom<'_>) -> u64 {
        let id = self.next_intercom_id;
        self.next_intercom_id += 1;
        self.intercoms.insert(
            id,
            Intercom {
                id,
                owner,
                title: new.title.to_owned(),
                is_online: new.is_online,
                is_enabled: true,
                timetable: json!({"days": [], "intervals": []}),
                department: new.department,
                address: new.address.to_owned(),
                status: new.status.to_owned(),
                created_at: new.created_at.map(|t| t.trunc_subsecs(0)),
                updated_at: new.updated_at.trunc_subsecs(0),
                opens_from_app: new.opens_from_app,
                takes_codes: new.takes_codes,
            },
        );
        id
    }

    fn own_intercoms(&self, user_id: u64) -> impl DoubleEndedIterator<Item = &Intercom> {
        self.intercoms.values().filter(move |i| i.owner == user_id)
    }

    fn own_intercom(&self, user_id: u64, id: u64) -> Result<&Intercom, StoreError> {
        self.intercoms
            .get(&id)
            .filter(|i| i.owner == user_id)
            .ok_or(StoreError::NotFound)
    }

    pub fn intercom_ids(&self, user_id: u64) -> Vec<u64> {
        self.own_intercoms(user_id).map(|i| i.id).collect()
    }

    /// One page of the user's intercoms (full objects, by id) and how many there are.
    pub fn intercoms_page(&self, user_id: u64, req: PageRequest) -> (Vec<Value>, u64) {
        let (page, total) = slice(self.own_intercoms(user_id), req);
        let page = page
            .into_iter()
            .map(|i| self.thinned_intercom(wire::intercom(i)));
        (page.collect(), total)
    }

    /// `GET /intercom/shows`: the caller's intercoms among `ids` (at most 25), by id.
    pub fn show_intercoms(&self, user_id: u64, input: &Value) -> Result<Vec<Value>, StoreError> {
        let ids = validate_ids(input, Some(MAX_SHOW_IDS)).map_err(StoreError::Validation)?;
        Ok(ids
            .iter()
            .filter_map(|id| self.own_intercom(user_id, *id).ok())
            .map(|i| self.thinned_intercom(wire::intercom(i)))
            .collect())
    }

    /// `POST /intercom/{id}/open-door`: 404 for an intercom not the user's or not confirmed (the contract), 403
    /// for one whose door the app may not open (`is_open_door_app: false`; the simulator's choice, as Laravel's
    /// policies answer).
    pub fn open_door(&self, user_id: u64, id: u64) -> Result<(), StoreError> {
        let intercom = self.own_intercom(user_id, id)?;
        if intercom.status != "confirmed" {
            Err(StoreError::NotFound)
        } else if !intercom.opens_from_app {
            Err(StoreError::Forbidden)
        } else {
            Ok(())
        }
    }

    /// Changes what an intercom allows (a test hook, as its administrator would); answers its full object.
    pub fn set_door_flags(
        &mut self,
        user_id: u64,
        id: u64,
        opens_from_app: bool,
        takes_codes: bool,
        now: DateTime<Utc>,
    ) -> Result<Value, StoreError> {
        self.own_intercom(user_id, id)?;
        let intercom = self.intercoms.get_mut(&id).ok_or(StoreError::NotFound)?;
        intercom.opens_from_app = opens_from_app;
        intercom.takes_codes = takes_codes;
        intercom.updated_at = now.trunc_subsecs(0);
        let answer = wire::intercom(intercom);
        Ok(self.thinned_intercom(answer))
    }

    /// `PATCH /intercom/{id}`: title, is_enabled and timetable, each optional.
    pub fn update_intercom(
        &mut self,
        user_id: u64,
        id: u64,
        body: &Value,
        now: DateTime<Utc>,
    ) -> Result<Value, StoreError> {
        self.own_intercom(user_id, id)?;
        let mut errors = FieldErrors::default();
        let title = match body.get("title") {
            None => None,
            Some(_) => required_string(&mut errors, body, "title", Trim::Yes)
                .filter(|t| check_max_chars(&mut errors, "title", t)),
        };
        let is_enabled = match body.get("is_enabled") {
            None => None,
            Some(v) => {
                let parsed = php_bool(v);
                if parsed.is_none() {
                    errors.add("is_enabled", "The is enabled field must be true or false.");
                }
                parsed
            }
        };
        let timetable = match body.get("timetable") {
            None => None,
            Some(v) => timetable(&mut errors, v),
        };
        if !errors.is_empty() {
            return Err(StoreError::Validation(errors));
        }

        let intercom = self.intercoms.get_mut(&id).ok_or(StoreError::NotFound)?;
        if let Some(title) = title {
            intercom.title = title;
        }
        if let Some(is_enabled) = is_enabled {
            intercom.is_enabled = is_enabled;
        }
        if let Some(timetable) = timetable {
            intercom.timetable = timetable;
        }
        intercom.updated_at = now.trunc_subsecs(0);
        let answer = wire::intercom(intercom);
        Ok(self.thinned_intercom(answer))
    }

    /// An intercom going online or offline, as its hardware would (a test hook); answers its full object.
    pub fn set_intercom_online(
        &mut self,
        user_id: u64,
        id: u64,
        online: bool,
        now: DateTime<Utc>,
    ) -> Result<Value, StoreError> {
        self.own_intercom(user_id, id)?;
        let intercom = self.intercoms.get_mut(&id).ok_or(StoreError::NotFound)?;
        intercom.is_online = online;
        intercom.updated_at = now.trunc_subsecs(0);
        let answer = wire::intercom(intercom);
        Ok(self.thinned_intercom(answer))
    }

    /// `DELETE /intercom`: removes those of the caller's intercoms and their codes; answers the
    /// ids actually removed, ascending.
    pub fn delete_intercoms(&mut self, user_id: u64, body: &Value) -> Result<Vec<u64>, StoreError> {
        let ids = validate_ids(body, None).map_err(StoreError::Validation)?;
        let deleted: Vec<u64> = ids
            .into_iter()
            .filter(|id| self.own_intercom(user_id, *id).is_ok())
            .collect();
        for id in &deleted {
            self.intercoms.remove(id);
        }
        let gone: HashSet<u64> = deleted.iter().copied().collect();
        self.codes.retain(|_, c| !gone.contains(&c.intercom_id));
        self.calls.retain(|_, c| !gone.contains(&c.intercom_id));
        Ok(deleted)
    }

    // ----- codes -----

    /// Drops codes past `will_deleted_at` (the server does this silently) and stale captchas.
    fn purge(&mut self, now: DateTime<Utc>) {
        if now >= self.purge_due {
            self.codes.retain(|_, c| !c.is_gone(now));
            self.purge_due = self
                .codes
                .values()
                .map(Code::will_deleted_at)
                .min()
                .unwrap_or(DateTime::<Utc>::MAX_UTC);
        }
        self.captchas.retain(|_, c| now < c.expires_at);
    }

    fn keep(&mut self, code: Code) {
        self.purge_due = self.purge_due.min(code.will_deleted_at());
        self.codes.insert(code.id, code);
    }

    fn code_json(&self, code: &Code, now: DateTime<Utc>) -> Option<Value> {
        let intercom = self.intercoms.get(&code.intercom_id)?;
        let mut code = wire::code(code, intercom, now);
        if let Some(sparse) = self.sparse {
            sparse.code(&mut code);
        }
        Some(code)
    }

    /// An intercom as sent: thinned when the server is sparse.
    pub(crate) fn thinned_intercom(&self, mut intercom: Value) -> Value {
        if let Some(sparse) = self.sparse {
            sparse.intercom(&mut intercom);
        }
        intercom
    }

    /// A page envelope as sent: thinned when the server is sparse.
    pub(crate) fn thinned_page(&self, mut page: Value) -> Value {
        if let Some(sparse) = self.sparse {
            sparse.page(&mut page);
        }
        page
    }

    /// One page of all the user's codes, newest first, and how many there are: the answer of
    /// [`codes_page_json`](Self::codes_page_json) read back, for tests.
    #[cfg(test)]
    pub fn codes_page(
        &mut self,
        user_id: u64,
        req: PageRequest,
        now: DateTime<Utc>,
    ) -> (Vec<Value>, u64) {
        let json = self.codes_page_json(user_id, req, now, "http://sim/api/v1/intercom/codes");
        let page: Value = serde_json::from_slice(&json).unwrap_or(Value::Null);
        (
            page["data"].as_array().cloned().unwrap_or_default(),
            page["meta"]["total"].as_u64().unwrap_or(0),
        )
    }

    /// The whole answer to `GET /intercom/codes` for one page (newest first), as JSON bytes: written from the
    /// store directly, since a long list is read page after page.
    pub fn codes_page_json(
        &mut self,
        user_id: u64,
        req: PageRequest,
        now: DateTime<Utc>,
        path: &str,
    ) -> Vec<u8> {
        self.purge(now);
        let own = self.codes.values().rev().filter(|c| c.owner == user_id);
        let (page, total) = slice(own, req);
        if self.sparse.is_some() {
            // Thinned one by one: the typed writer below has every field.
            let data: Vec<Value> = page
                .into_iter()
                .filter_map(|c| self.code_json(c, now))
                .collect();
            let page = self.thinned_page(page::envelope(data, total, req, path));
            return serde_json::to_vec(&page).unwrap_or_default();
        }
        let data: Vec<wire::CodeOut<'_>> = page
            .into_iter()
            .filter_map(|c| Some(wire::code_out(c, self.intercoms.get(&c.intercom_id)?, now)))
            .collect();
        serde_json::to_vec(&page::typed_envelope(data, total, req, path)).unwrap_or_default()
    }

    /// The user's live codes, ascending id.
    pub fn code_ids(&mut self, user_id: u64, now: DateTime<Utc>) -> Vec<u64> {
        self.purge(now);
        self.codes
            .values()
            .filter(|c| c.owner == user_id)
            .map(|c| c.id)
            .collect()
    }

    /// `POST /intercom/{id}/codes`: ownership, then whether the intercom takes codes (403, a policy, before
    /// validation as Laravel's `FormRequest::authorize`), then validation, then the account's limit.
    pub fn create_code(
        &mut self,
        user_id: u64,
        intercom_id: u64,
        body: &Value,
        now: DateTime<Utc>,
    ) -> Result<Value, StoreError> {
        self.purge(now);
        if !self.own_intercom(user_id, intercom_id)?.takes_codes {
            return Err(StoreError::Forbidden);
        }
        let (title, expired_at) = validate_new_code(body, now).map_err(StoreError::Validation)?;
        let live = self.codes.values().filter(|c| c.owner == user_id).count();
        if live >= self.code_limit {
            return Err(StoreError::Validation(FieldErrors::single(
                "limit",
                limit_message(self.code_limit),
            )));
        }
        let used = self.used_codes(intercom_id);
        let chosen = self
            .next_digits
            .take()
            .filter(|digits| !used.contains(digits));
        let Some(code) = chosen.or_else(|| fresh_code(&used)) else {
            return Err(StoreError::Validation(FieldErrors::single(
                "code",
                "No free code is left on this intercom.",
            )));
        };
        let code = self.new_code(user_id, intercom_id, title, code, expired_at, now);
        let answer = self.code_json(&code, now).ok_or(StoreError::NotFound)?;
        self.keep(code);
        Ok(answer)
    }

    /// Adds a code without validation or limit (demo data, bulk test data). `None` when the
    /// intercom is not the user's or has no free code left.
    pub fn insert_code(
        &mut self,
        user_id: u64,
        intercom_id: u64,
        title: &str,
        expired_at: DateTime<Utc>,
        created_at: DateTime<Utc>,
    ) -> Option<u64> {
        self.own_intercom(user_id, intercom_id).ok()?;
        let code = fresh_code(&self.used_codes(intercom_id))?;
        let code = self.new_code(
            user_id,
            intercom_id,
            title.to_owned(),
            code,
            expired_at,
            created_at,
        );
        let id = code.id;
        self.keep(code);
        Some(id)
    }

    /// Adds `count` codes "Visitor N" at once, bypassing the limit (stops early only when the
    /// intercom runs out of distinct codes).
    pub fn insert_codes(
        &mut self,
        user_id: u64,
        intercom_id: u64,
        count: usize,
        expired_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Vec<u64> {
        self.purge(now);
        if self.own_intercom(user_id, intercom_id).is_err() {
            return Vec::new();
        }
        // One set for the whole batch keeps this linear.
        let mut used = self.used_codes(intercom_id);
        let mut ids = Vec::with_capacity(count.min(CODE_SPACE as usize));
        for n in 1..=count {
            let Some(code) = fresh_code(&used) else {
                break;
            };
            used.insert(code.clone());
            let title = format!("Visitor {n}");
            let code = self.new_code(user_id, intercom_id, title, code, expired_at, now);
            ids.push(code.id);
            self.keep(code);
        }
        ids
    }

    /// One code with the digits and title given (a test's fixed data); `None` for another's intercom or digits in
    /// use there.
    pub fn insert_code_with_digits(
        &mut self,
        user_id: u64,
        intercom_id: u64,
        title: &str,
        digits: &str,
        expired_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Option<u64> {
        self.purge(now);
        self.own_intercom(user_id, intercom_id).ok()?;
        if self.used_codes(intercom_id).contains(digits) {
            return None;
        }
        let code = self.new_code(
            user_id,
            intercom_id,
            title.to_owned(),
            digits.to_owned(),
            expired_at,
            now,
        );
        let id = code.id;
        self.keep(code);
        Some(id)
    }

    fn new_code(
        &mut self,
        owner: u64,
        intercom_id: u64,
        title: String,
        code: String,
        expired_at: DateTime<Utc>,
        created_at: DateTime<Utc>,
    ) -> Code {
        let id = self.next_code_id;
        self.next_code_id += 1;
        // The database keeps whole seconds.
        Code {
            id,
            owner,
            intercom_id,
            title,
            code,
            expired_at: expired_at.trunc_subsecs(0),
            created_at: created_at.trunc_subsecs(0),
        }
    }

    fn used_codes(&self, intercom_id: u64) -> HashSet<String> {
        self.codes
            .values()
            .filter(|c| c.intercom_id == intercom_id)
            .map(|c| c.code.clone())
            .collect()
    }

    /// `DELETE /intercom/codes`: validates `ids` and deletes those that are the caller's.
    pub fn delete_codes(
        &mut self,
        user_id: u64,
        body: &Value,
        now: DateTime<Utc>,
    ) -> Result<Vec<u64>, StoreError> {
        let ids = validate_ids(body, Some(MAX_DELETE_IDS)).map_err(StoreError::Validation)?;
        Ok(self.delete_code_ids(user_id, &ids, now))
    }

    /// Deletes those of `ids` that are the user's live codes (others are ignored, as the server
    /// does); answers the ids actually deleted, ascending.
    pub fn delete_code_ids(&mut self, user_id: u64, ids: &[u64], now: DateTime<Utc>) -> Vec<u64> {
        self.purge(now);
        let wanted: BTreeSet<u64> = ids.iter().copied().collect();
        wanted
            .into_iter()
            .filter(|id| {
                let mine = self.codes.get(id).is_some_and(|c| c.owner == user_id);
                if mine {
                    self.codes.remove(id);
                }
                mine
            })
            .collect()
    }
}

// ----- validation helpers (Laravel's rules and messages) -----

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trim {
    Yes,
    No,
}

/// One input value as Laravel's middleware leaves it: trimmed, with empty strings made null.
enum Input<'a> {
    Missing,
    Text(String),
    Other(&'a Value),
}

fn input<'a>(body: &'a Value, key: &str, trim: Trim) -> Input<'a> {
    match body.get(key) {
        None | Some(Value::Null) => Input::Missing,
        Some(Value::String(s)) => {
            let s = if trim == Trim::Yes { s.trim() } else { s };
            if s.is_empty() {
                Input::Missing
            } else {
                Input::Text(s.to_owned())
            }
        }
        Some(Value::Array(a)) if a.is_empty() => Input::Missing,
        Some(other) => Input::Other(other),
    }
}

/// Laravel's display name of a field: `expired_at` → "expired at".
fn attribute(key: &str) -> String {
    key.replace('_', " ")
}

/// `required|string`.
fn required_string(
    errors: &mut FieldErrors,
    body: &Value,
    key: &str,
    trim: Trim,
) -> Option<String> {
    match input(body, key, trim) {
        Input::Text(s) => Some(s),
        Input::Missing => {
            errors.add(key, format!("The {} field is required.", attribute(key)));
            None
        }
        Input::Other(_) => {
            errors.add(
                key,
                format!("The {} field must be a string.", attribute(key)),
            );
            None
        }
    }
}

/// `max:255` on a string; true when it passes.
fn check_max_chars(errors: &mut FieldErrors, key: &str, value: &str) -> bool {
    let ok = value.chars().count() <= MAX_TITLE_CHARS;
    if !ok {
        errors.add(
            key,
            format!(
                "The {} field must not be greater than {MAX_TITLE_CHARS} characters.",
                attribute(key)
            ),
        );
    }
    ok
}

/// Laravel's `boolean` rule.
fn php_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_i64() {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => None,
        },
        Value::String(s) => match s.as_str() {
            "0" => Some(false),
            "1" => Some(true),
            _ => None,
        },
        _ => None,
    }
}

/// `timetable` must be an object; its `days` and `intervals`, when given, arrays.
fn timetable(errors: &mut FieldErrors, v: &Value) -> Option<Value> {
    let Value::Object(map) = v else {
        errors.add("timetable", "The timetable field must be an array.");
        return None;
    };
    let mut out = json!({"days": [], "intervals": []});
    let mut ok = true;
    for key in ["days", "intervals"] {
        match map.get(key) {
            None | Some(Value::Null) => {}
            Some(list @ Value::Array(_)) => out[key] = list.clone(),
            Some(_) => {
                errors.add(
                    &format!("timetable.{key}"),
                    format!("The timetable.{key} field must be an array."),
                );
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

/// Laravel's `integer` rule on one JSON value.
fn php_integer(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        }),
        Value::String(s) => php_int(s),
        _ => None,
    }
}

/// `ids: required|array|max:N`, `ids.*: integer`. Answers the distinct non-negative ids,
/// ascending (the order a `whereIn` query gives).
fn validate_ids(body: &Value, max: Option<usize>) -> Result<Vec<u64>, FieldErrors> {
    let mut errors = FieldErrors::default();
    let list = match input(body, "ids", Trim::Yes) {
        Input::Missing => {
            errors.add("ids", "The ids field is required.");
            return Err(errors);
        }
        Input::Other(Value::Array(list)) => list,
        Input::Other(_) | Input::Text(_) => {
            errors.add("ids", "The ids field must be an array.");
            return Err(errors);
        }
    };
    if let Some(max) = max
        && list.len() > max
    {
        errors.add(
            "ids",
            format!("The ids field must not have more than {max} items."),
        );
    }
    let mut ids = BTreeSet::new();
    for (i, v) in list.iter().enumerate() {
        match php_integer(v) {
            Some(id) => {
                if let Ok(id) = u64::try_from(id) {
                    ids.insert(id);
                }
            }
            None => errors.add(
                &format!("ids.{i}"),
                format!("The ids.{i} field must be an integer."),
            ),
        }
    }
    if errors.is_empty() {
        Ok(ids.into_iter().collect())
    } else {
        Err(errors)
    }
}

/// `title: required|string|max:255`, `expired_at: required|date_format:Y-m-d H:i|after:now`
/// (seconds accepted too, read as UTC). All failing fields are reported together.
fn validate_new_code(
    body: &Value,
    now: DateTime<Utc>,
) -> Result<(String, DateTime<Utc>), FieldErrors> {
    let mut errors = FieldErrors::default();
    let title = required_string(&mut errors, body, "title", Trim::Yes)
        .filter(|t| check_max_chars(&mut errors, "title", t));
    let format_error = "The expired at field must match the format Y-m-d H:i.";
    let expired_at = match input(body, "expired_at", Trim::Yes) {
        Input::Missing => {
            errors.add("expired_at", "The expired at field is required.");
            None
        }
        Input::Other(_) => {
            errors.add("expired_at", format_error);
            None
        }
        Input::Text(s) => match parse_expiry(&s) {
            None => {
                errors.add("expired_at", format_error);
                None
            }
            Some(t) if t <= now => {
                errors.add(
                    "expired_at",
                    "The expired at field must be a date after now.",
                );
                None
            }
            Some(t) => Some(t),
        },
    };
    match (title, expired_at) {
        (Some(title), Some(expired_at)) if errors.is_empty() => Ok((title, expired_at)),
        _ => Err(errors),
    }
}

/// `Y-m-d H:i` or `Y-m-d H:i:s`, strictly (PHP's `date_format` re-formats and compares, so
/// "2029-1-5 9:05" does not pass), or ISO 8601 with a zone as the vendor's SDKs send it
/// (`2029-12-31T12:45:00.000000Z`: `DateFormatter.serverUTC` in `aipix-dev/vms-mobile-sdk-ios`
/// `Network/Api/ApiExtensions.swift`, used by `createCode` in `Network/Api/IntercomApi.swift`).
fn parse_expiry(s: &str) -> Option<DateTime<Utc>> {
    let seed = ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|format| {
            let t = NaiveDateTime::parse_from_str(s, format).ok()?;
            (t.format(format).to_string() == s).then(|| t.and_utc())
        });
    seed.or_else(|| {
        s.contains('T')
            .then(|| DateTime::parse_from_rfc3339(s).ok())
            .flatten()
            .map(|t| t.with_timezone(&Utc))
    })
}

fn limit_message(limit: usize) -> String {
    let noun = if limit == 1 { "code" } else { "codes" };
    format!("You can have no more than {limit} visitor {noun} at a time.")
}

// ----- small utilities -----

/// Items of `req`'s page out of `items`, plus the total count.
fn slice<T>(items: impl Iterator<Item = T>, req: PageRequest) -> (Vec<T>, u64) {
    let mut total = 0u64;
    let mut page = Vec::new();
    let offset = req.offset();
    for item in items {
        if offset.is_some_and(|offset| {
            (offset..offset.saturating_add(req.limit())).contains(&(total as usize))
        }) {
            page.push(item);
        }
        total += 1;
    }
    (page, total)
}

/// A 5-digit code not in `used`: random tries first, then a scan so a nearly full intercom
/// still finds its last free values. `None` only when all 100,000 are taken.
fn fresh_code(used: &HashSet<String>) -> Option<String> {
    let mut rng = rand::rng();
    for _ in 0..32 {
        let candidate = format!("{:05}", rng.random_range(0..CODE_SPACE));
        if !used.contains(&candidate) {
            return Some(candidate);
        }
    }
    let start = rng.random_range(0..CODE_SPACE);
    (0..CODE_SPACE)
        .map(|i| format!("{:05}", (start + i) % CODE_SPACE))
        .find(|candidate| !used.contains(candidate))
}

const ALPHANUMERIC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX: &[u8] = b"0123456789abcdef";

fn random_string(len: usize, alphabet: &[u8]) -> String {
    let mut rng = rand::rng();
    (0..len)
        .map(|_| char::from(alphabet[rng.random_range(0..alphabet.len())]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SimClock;

    fn store_with_user() -> (Store, u64, u64, SimClock) {
        let clock = SimClock::new();
        let mut store = Store::new(5, None, false);
        let user = store.add_user("demo", "demo", clock.now()).ok();
        let Some(user) = user else {
            panic!("first user is accepted")
        };
        let intercom = store.add_intercom(user, intercom_spec("Main entrance", clock.now()));
        (store, user, intercom, clock)
    }

    fn intercom_spec(title: &str, now: DateTime<Utc>) -> NewIntercom<'_> {
        NewIntercom {
            title,
            address: "12 Harbour Street",
            department: 1,
            is_online: true,
            status: "confirmed",
            created_at: None,
            updated_at: now,
            opens_from_app: true,
            takes_codes: true,
        }
    }

    fn in_minutes(now: DateTime<Utc>, minutes: i64) -> String {
        wire::sql_time(now + Duration::minutes(minutes))
    }

    fn validation(result: Result<impl std::fmt::Debug, StoreError>) -> FieldErrors {
        match result {
            Err(StoreError::Validation(errors)) => errors,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    fn token_of(answer: &Value) -> String {
        answer["access_token"]
            .as_str()
            .and_then(|t| t.strip_prefix("Bearer "))
            .unwrap_or_default()
            .to_owned()
    }

    fn login(store: &mut Store, now: DateTime<Utc>) -> Value {
        match store.login(&json!({"login": "demo", "password": "demo"}), now) {
            Ok(answer) => answer,
            Err(e) => panic!("login failed: {e:?}"),
        }
    }

    #[test]
    fn login_answers_the_contract_shape_and_opens_a_session() {
        let (mut store, user, _, clock) = store_with_user();
        let answer = login(&mut store, clock.now());
        assert_eq!(answer["user"]["id"], user);
        assert_eq!(answer["user"]["login"], "demo");
        for field in [
            "name",
            "parent_id",
            "permissions",
            "created_at",
            "updated_at",
            "access_token_id",
            "can_update_password",
            "analytic_license",
        ] {
            assert!(answer["user"].get(field).is_some(), "user.{field} missing");
        }
        let token = token_of(&answer);
        assert_eq!(token.len(), 64);
        let auth = store.authenticate(&token);
        assert_eq!(
            auth.map(|a| a.access_token_id),
            answer["user"]["access_token_id"]
                .as_str()
                .map(str::to_owned)
        );
        assert_eq!(store.session_count(user), 1);
    }

    #[test]
    fn each_login_is_its_own_session_and_logout_ends_only_one() {
        let (mut store, user, _, clock) = store_with_user();
        let first = login(&mut store, clock.now());
        let second = login(&mut store, clock.now());
        assert_ne!(token_of(&first), token_of(&second));
        assert_ne!(
            first["user"]["access_token_id"],
            second["user"]["access_token_id"]
        );
        let first_id = first["user"]["access_token_id"]
            .as_str()
            .unwrap_or_default();
        assert_eq!(store.end_session(user, first_id), Ok(()));
        assert_eq!(store.authenticate(&token_of(&first)), None);
        assert!(store.authenticate(&token_of(&second)).is_some());
        assert_eq!(store.end_session(user, first_id), Err(StoreError::NotFound));
        assert_eq!(
            store.end_session(user + 1, "nope"),
            Err(StoreError::NotFound)
        );
    }

    #[test]
    fn login_validation_and_wrong_credentials() {
        let (mut store, _, _, clock) = store_with_user();
        let errors = validation(store.login(&json!({}), clock.now()));
        assert_eq!(errors.get("login"), ["The login field is required."]);
        assert_eq!(errors.get("password"), ["The password field is required."]);
        assert_eq!(
            errors.message(),
            "The login field is required. (and 1 more error)"
        );

        let errors = validation(store.login(&json!({"login": "  ", "password": 5}), clock.now()));
        assert_eq!(errors.get("login"), ["The login field is required."]);
        assert_eq!(
            errors.get("password"),
            ["The password field must be a string."]
        );

        let errors = validation(store.login(&json!("not an object"), clock.now()));
        assert_eq!(errors.get("login").len(), 1);

        let errors =
            validation(store.login(&json!({"login": "demo", "password": "wrong"}), clock.now()));
        assert_eq!(errors.get("login"), [CREDENTIALS_MESSAGE]);
        assert_eq!(errors.message(), CREDENTIALS_MESSAGE);
    }

    /// The simulator may be on a network with `demo/demo`: five wrong passwords a minute per login, then every
    /// sign-in of that login is refused (the right password too) until the minute is over, said on the field.
    #[test]
    fn wrong_passwords_are_limited_to_five_a_minute_per_login() {
        let (mut store, _, _, clock) = store_with_user();
        store
            .add_user("other", "other", clock.now())
            .expect("a second user");
        let wrong = json!({"login": "demo", "password": "guess"});
        for _ in 0..SIGN_IN_ATTEMPTS {
            let errors = validation(store.login(&wrong, clock.now()));
            assert_eq!(errors.get("login"), [CREDENTIALS_MESSAGE]);
        }
        let right = json!({"login": "demo", "password": "demo"});
        let errors = validation(store.login(&right, clock.now()));
        assert_eq!(
            errors.get("login"),
            ["Too many login attempts. Please try again in 60 seconds."]
        );
        assert!(
            store
                .login(&json!({"login": "other", "password": "other"}), clock.now())
                .is_ok(),
            "another login is not held back"
        );
        clock.advance(Duration::seconds(SIGN_IN_WINDOW_SECS));
        assert!(store.login(&right, clock.now()).is_ok(), "a minute later");
    }

    #[test]
    fn session_limit_names_the_oldest_and_session_id_frees_it() {
        let (mut store, user, _, clock) = store_with_user();
        store.max_sessions = Some(2);
        let first = login(&mut store, clock.now());
        login(&mut store, clock.now());
        let oldest = first["user"]["access_token_id"].as_str().map(str::to_owned);
        let Err(StoreError::TooManySessions {
            limit,
            sessions,
            bare,
        }) = store.login(&json!({"login": "demo", "password": "demo"}), clock.now())
        else {
            panic!("the third session is refused");
        };
        assert_eq!((limit, bare), (2, false));
        // The SDKs' `VMSSession`s, oldest first, none of them the (not yet signed-in) caller.
        assert_eq!(sessions.len(), 2);
        assert_eq!(sessions[0]["id"].as_str(), oldest.as_deref());
        for session in &sessions {
            for field in ["online", "last", "user_agent", "client", "ip"] {
                assert!(session.get(field).is_some(), "{field}: {session}");
            }
            assert_eq!(session["is_current"], false);
        }
        let body = json!({"login": "demo", "password": "demo", "session_id": oldest});
        assert!(store.login(&body, clock.now()).is_ok());
        assert_eq!(store.session_count(user), 2);
        assert_eq!(store.authenticate(&token_of(&first)), None);
    }

    #[test]
    fn captcha_is_required_single_use_and_expires() {
        let (mut store, _, _, clock) = store_with_user();
        store.captcha_required = true;
        let errors =
            validation(store.login(&json!({"login": "demo", "password": "demo"}), clock.now()));
        assert_eq!(errors.get("captcha"), ["The captcha field is required."]);

        let key = store.add_captcha("AB12C".to_owned(), clock.now());
        assert_eq!(store.captcha_answer(&key).as_deref(), Some("AB12C"));
        let wrong = json!({"login": "demo", "password": "demo", "captcha": "zzzzz", "key": key});
        assert_eq!(
            validation(store.login(&wrong, clock.now()))
                .get("captcha")
                .len(),
            1
        );
        // The key is used up even by a wrong answer.
        let right = json!({"login": "demo", "password": "demo", "captcha": "ab12c", "key": key});
        assert_eq!(
            validation(store.login(&right, clock.now()))
                .get("captcha")
                .len(),
            1
        );

        let key = store.add_captcha("AB12C".to_owned(), clock.now());
        let right = json!({"login": "demo", "password": "demo", "captcha": "ab12c", "key": key});
        assert!(store.login(&right, clock.now()).is_ok());
        assert!(store.login(&right, clock.now()).is_err());

        let key = store.add_captcha("XYZ99".to_owned(), clock.now());
        clock.advance(Duration::seconds(CAPTCHA_TTL_SECS));
        let late = json!({"login": "demo", "password": "demo", "captcha": "XYZ99", "key": key});
        assert_eq!(
            validation(store.login(&late, clock.now()))
                .get("captcha")
                .len(),
            1
        );
    }

    #[test]
    fn wsurl_is_rate_limited_per_window() {
        let (mut store, user, _, clock) = store_with_user();
        for left in (0..WSURL_MAX_CALLS).rev() {
            assert_eq!(store.hit_wsurl(user, clock.now()), Ok(left));
        }
        clock.advance(Duration::seconds(100));
        match store.hit_wsurl(user, clock.now()) {
            Err(StoreError::RateLimited { retry_after_secs }) => {
                assert!(
                    (199..=200).contains(&retry_after_secs),
                    "{retry_after_secs}"
                );
            }
            other => panic!("expected 429, got {other:?}"),
        }
        // Another user has its own window.
        assert!(store.hit_wsurl(user + 1, clock.now()).is_ok());
        clock.advance(Duration::seconds(200));
        assert!(store.hit_wsurl(user, clock.now()).is_ok());
    }

    #[test]
    fn code_validation_reports_every_failing_field() {
        let (mut store, user, intercom, clock) = store_with_user();
        let now = clock.now();
        let errors = validation(store.create_code(user, intercom, &json!({}), now));
        assert_eq!(errors.get("title"), ["The title field is required."]);
        assert_eq!(
            errors.get("expired_at"),
            ["The expired at field is required."]
        );

        let long = "x".repeat(256);
        let body = json!({"title": long, "expired_at": "31.12.2029 12:45"});
        let errors = validation(store.create_code(user, intercom, &body, now));
        assert_eq!(
            errors.get("title"),
            ["The title field must not be greater than 255 characters."]
        );
        assert_eq!(
            errors.get("expired_at"),
            ["The expired at field must match the format Y-m-d H:i."]
        );

        let body = json!({"title": "ok", "expired_at": in_minutes(now, -1)});
        let errors = validation(store.create_code(user, intercom, &body, now));
        assert_eq!(
            errors.get("expired_at"),
            ["The expired at field must be a date after now."]
        );

        for bad in [
            "2029-1-5 09:05",
            "2029-02-30 12:00",
            "2029-12-31T12:45",
            "2029-12-31 12:45:00Z",
        ] {
            let body = json!({"title": "ok", "expired_at": bad});
            let errors = validation(store.create_code(user, intercom, &body, now));
            assert_eq!(errors.get("expired_at").len(), 1, "{bad}");
        }
        let body = json!({"title": 12, "expired_at": 2029});
        let errors = validation(store.create_code(user, intercom, &body, now));
        assert_eq!(errors.get("title"), ["The title field must be a string."]);
        assert_eq!(errors.get("expired_at").len(), 1);

        // 255 characters (not bytes) pass; the seed's formats and the SDKs' ISO one are read as UTC, and the
        // code's dates are written in the SDKs' format.
        let title = "é".repeat(255);
        let body = json!({"title": title, "expired_at": "2099-12-31 12:45"});
        let code = store.create_code(user, intercom, &body, now);
        assert_eq!(
            code.map(|c| c["expired_at"].clone()),
            Ok(json!("2099-12-31T12:45:00.000000Z"))
        );
        let body = json!({"title": "Sdk", "expired_at": "2099-12-31T12:46:00.000000Z"});
        let code = store.create_code(user, intercom, &body, now);
        assert_eq!(
            code.map(|c| c["expired_at"].clone()),
            Ok(json!("2099-12-31T12:46:00.000000Z"))
        );
        let body = json!({"title": "Offset", "expired_at": "2099-12-31T15:47:00+03:00"});
        let code = store.create_code(user, intercom, &body, now);
        assert_eq!(
            code.map(|c| c["expired_at"].clone()),
            Ok(json!("2099-12-31T12:47:00.000000Z"))
        );
        let body = json!({"title": " Bob ", "expired_at": "2099-12-31 12:45:30"});
        let code = store.create_code(user, intercom, &body, now);
        assert_eq!(
            code.map(|c| (c["title"].clone(), c["will_deleted_at"].clone())),
            Ok((json!("Bob"), json!("2100-01-01T12:45:30.000000Z")))
        );
    }

    #[test]
    fn created_code_has_the_contract_shape() {
        let (mut store, user, intercom, clock) = store_with_user();
        let now = clock.now();
        let body = json!({"title": "Visitor 1", "expired_at": in_minutes(now, 90)});
        let code = store.create_code(user, intercom, &body, now);
        let Ok(code) = code else {
            panic!("create failed: {code:?}")
        };
        let digits = code["code"].as_str().unwrap_or_default();
        assert_eq!(digits.len(), 5);
        assert!(digits.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(code["is_expired"], false);
        assert_eq!(code["intercom"]["id"], intercom);
        assert_eq!(code["intercom"]["created_at"], Value::Null);
        for field in ["id", "title", "expired_at", "will_deleted_at", "created_at"] {
            assert!(code.get(field).is_some(), "{field} missing");
        }
        let brief = code["intercom"].as_object().map(|o| o.len());
        assert_eq!(brief, Some(7));
    }

    #[test]
    fn limit_counts_live_codes_including_expired_ones() {
        let (mut store, user, intercom, clock) = store_with_user();
        let now = clock.now();
        for i in 0..5 {
            let body = json!({"title": format!("v{i}"), "expired_at": in_minutes(now, 10)});
            assert!(store.create_code(user, intercom, &body, now).is_ok());
        }
        let body = json!({"title": "sixth", "expired_at": in_minutes(now, 60 * 48)});
        let errors = validation(store.create_code(user, intercom, &body, now));
        assert_eq!(
            errors.get("limit"),
            ["You can have no more than 5 visitor codes at a time."]
        );

        // Expired but not yet deleted: still counted.
        clock.advance(Duration::minutes(30));
        let errors = validation(store.create_code(user, intercom, &body, clock.now()));
        assert_eq!(errors.get("limit").len(), 1);

        // Once the server deletes them, there is room again.
        clock.advance(Duration::hours(24));
        assert!(
            store
                .create_code(user, intercom, &body, clock.now())
                .is_ok()
        );

        store.code_limit = 1;
        let errors = validation(store.create_code(user, intercom, &body, clock.now()));
        assert_eq!(
            errors.get("limit"),
            ["You can have no more than 1 visitor code at a time."]
        );
    }

    #[test]
    fn someone_elses_intercom_is_not_found() {
        let (mut store, _, intercom, clock) = store_with_user();
        let other = store.add_user("other", "pw", clock.now());
        let Ok(other) = other else {
            panic!("second user is accepted")
        };
        let body = json!({"title": "x", "expired_at": in_minutes(clock.now(), 10)});
        assert_eq!(
            store.create_code(other, intercom, &body, clock.now()),
            Err(StoreError::NotFound)
        );
        assert_eq!(store.open_door(other, intercom), Err(StoreError::NotFound));
        assert!(
            store
                .insert_code(other, intercom, "x", clock.now(), clock.now())
                .is_none()
        );
        assert_eq!(
            store.add_user("other", "pw", clock.now()),
            Err(StoreError::DuplicateUser("other".into()))
        );
    }

    #[test]
    fn codes_are_unique_per_intercom() {
        let (mut store, user, intercom, clock) = store_with_user();
        let far = clock.now() + Duration::days(30);
        let ids = store.insert_codes(user, intercom, 20_000, far, clock.now());
        assert_eq!(ids.len(), 20_000);
        let codes = store.used_codes(intercom);
        assert_eq!(codes.len(), 20_000);
        // A nearly full intercom still finds the remaining values, then stops.
        let rest = store.insert_codes(user, intercom, 90_000, far, clock.now());
        assert_eq!(rest.len(), 80_000);
        assert_eq!(
            store.insert_code(user, intercom, "x", far, clock.now()),
            None
        );
    }

    #[test]
    fn expiry_and_deletion_follow_the_clock() {
        let (mut store, user, intercom, clock) = store_with_user();
        let ids = store.insert_codes(
            user,
            intercom,
            1,
            clock.now() + Duration::hours(1),
            clock.now(),
        );
        let page = |store: &mut Store, now| {
            store.codes_page(
                user,
                PageRequest {
                    page: 1,
                    per_page: 25,
                },
                now,
            )
        };

        let (data, total) = page(&mut store, clock.now());
        assert_eq!((total, data[0]["is_expired"].clone()), (1, json!(false)));

        clock.advance(Duration::hours(1));
        let (data, total) = page(&mut store, clock.now());
        assert_eq!((total, data[0]["is_expired"].clone()), (1, json!(true)));
        assert_eq!(store.code_ids(user, clock.now()), ids);

        clock.advance(Duration::hours(24));
        let (data, total) = page(&mut store, clock.now());
        assert_eq!((total, data.len()), (0, 0));
        assert!(store.code_ids(user, clock.now()).is_empty());
    }

    #[test]
    fn codes_page_is_newest_first_and_per_user() {
        let (mut store, user, intercom, clock) = store_with_user();
        let far = clock.now() + Duration::days(1);
        let ids = store.insert_codes(user, intercom, 30, far, clock.now());
        let other = store
            .add_user("other", "pw", clock.now())
            .unwrap_or_default();
        let theirs = store.add_intercom(other, intercom_spec("Theirs", clock.now()));
        store.insert_codes(other, theirs, 3, far, clock.now());

        let (data, total) = store.codes_page(
            user,
            PageRequest {
                page: 2,
                per_page: 25,
            },
            clock.now(),
        );
        assert_eq!(total, 30);
        let got: Vec<u64> = data.iter().filter_map(|c| c["id"].as_u64()).collect();
        let want: Vec<u64> = ids.iter().rev().skip(25).copied().collect();
        assert_eq!(got, want);
    }

    #[test]
    fn delete_codes_validates_and_ignores_other_peoples_ids() {
        let (mut store, user, intercom, clock) = store_with_user();
        let now = clock.now();
        let far = now + Duration::days(1);
        let mine = store.insert_codes(user, intercom, 3, far, now);
        let other = store.add_user("other", "pw", now).unwrap_or_default();
        let theirs_intercom = store.add_intercom(other, intercom_spec("Theirs", now));
        let theirs = store.insert_codes(other, theirs_intercom, 1, far, now);

        for body in [json!({}), json!({"ids": []}), json!(null)] {
            assert_eq!(
                validation(store.delete_codes(user, &body, now)).get("ids"),
                ["The ids field is required."]
            );
        }
        assert_eq!(
            validation(store.delete_codes(user, &json!({"ids": "1,2"}), now)).get("ids"),
            ["The ids field must be an array."]
        );
        let many: Vec<u64> = (1..=201).collect();
        assert_eq!(
            validation(store.delete_codes(user, &json!({"ids": many}), now)).get("ids"),
            ["The ids field must not have more than 200 items."]
        );
        let errors = validation(store.delete_codes(user, &json!({"ids": [1, "x", 2.5]}), now));
        assert_eq!(errors.get("ids.1"), ["The ids.1 field must be an integer."]);
        assert_eq!(errors.get("ids.2"), ["The ids.2 field must be an integer."]);

        let body = json!({"ids": [mine[0], mine[1].to_string(), theirs[0], 999_999, mine[0]]});
        assert_eq!(
            store.delete_codes(user, &body, now),
            Ok(vec![mine[0], mine[1]])
        );
        assert_eq!(store.code_ids(user, now), vec![mine[2]]);
        assert_eq!(store.code_ids(other, now), theirs);
    }

    #[test]
    fn intercom_show_update_open_and_delete() {
        let (mut store, user, intercom, clock) = store_with_user();
        let now = clock.now();
        let mut pending = intercom_spec("Service door", now);
        pending.status = "pending";
        let pending = store.add_intercom(user, pending);
        assert_eq!(store.open_door(user, intercom), Ok(()));
        assert_eq!(store.open_door(user, pending), Err(StoreError::NotFound));

        let shown = store.show_intercoms(user, &json!({"ids": [pending.to_string(), "1"]}));
        assert_eq!(shown.map(|v| v.len()), Ok(1));
        let too_many: Vec<u64> = (0..26).collect();
        assert_eq!(
            validation(store.show_intercoms(user, &json!({"ids": too_many}))).get("ids"),
            ["The ids field must not have more than 25 items."]
        );

        let errors = validation(store.update_intercom(
            user,
            intercom,
            &json!({"title": "", "is_enabled": "yes", "timetable": 3}),
            now,
        ));
        assert_eq!(errors.get("title"), ["The title field is required."]);
        assert_eq!(
            errors.get("is_enabled"),
            ["The is enabled field must be true or false."]
        );
        assert_eq!(
            errors.get("timetable"),
            ["The timetable field must be an array."]
        );
        let updated = store.update_intercom(
            user,
            intercom,
            &json!({"title": "Front", "is_enabled": 0, "timetable": {"days": [1, 2]}}),
            now,
        );
        let Ok(updated) = updated else {
            panic!("update failed: {updated:?}")
        };
        assert_eq!(updated["title"], "Front");
        assert_eq!(updated["is_enabled"], false);
        assert_eq!(
            updated["timetable"],
            json!({"days": [1, 2], "intervals": []})
        );
        assert_eq!(updated["camera"], Value::Null);

        store.insert_codes(user, intercom, 2, now + Duration::days(1), now);
        assert_eq!(
            store.delete_intercoms(user, &json!({"ids": [intercom, 4242]})),
            Ok(vec![intercom])
        );
        assert_eq!(store.intercom_ids(user), vec![pending]);
        assert!(store.code_ids(user, now).is_empty());
    }

    #[test]
    fn messages_summarise_like_laravel() {
        let mut errors = FieldErrors::default();
        assert_eq!(errors.message(), "The given data was invalid.");
        errors.add("a", "First.");
        errors.add("a", "Second.");
        errors.add("b", "Third.");
        assert_eq!(errors.message(), "First. (and 2 more errors)");
        assert_eq!(
            errors.to_json(),
            json!({"a": ["First.", "Second."], "b": ["Third."]})
        );
    }
}
