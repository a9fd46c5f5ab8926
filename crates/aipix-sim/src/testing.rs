//! What tests and benchmarks need of the simulator, behind the `testing` feature: a simulator on a free
//! loopback port, and hooks on [`SimHandle`] to look inside, to act as another desk of the same account, to move
//! the server's clock, and to break the live channel on purpose.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::Ordering;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::json;
use tokio::sync::broadcast;

use pusher_wire::user_channel;

use crate::{ClientFrame, Push, SimConfig, SimError, SimHandle, SimTls, wire};

/// Starts the simulator on a free port of 127.0.0.1, on the current tokio runtime.
///
/// # Panics
/// When no loopback port can be bound: nothing a test could go on without.
pub async fn start_on_loopback(config: SimConfig) -> SimHandle {
    crate::start(config, SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .await
        .expect("the simulator starts on a loopback port")
}

/// Starts `count` independent simulators on free ports of 127.0.0.1, each with `config` at its own demo building
/// (see [`crate::start_many`]).
///
/// # Panics
/// When no loopback port can be bound.
pub async fn start_many_on_loopback(config: &SimConfig, count: usize) -> Vec<SimHandle> {
    crate::start_many(config, count, SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .await
        .expect("the simulators start on loopback ports")
}

/// A configuration with these accounts (login, password) and the usual demo data.
pub fn config_with_users(users: &[(&str, &str)]) -> SimConfig {
    SimConfig {
        users: users
            .iter()
            .map(|(login, password)| ((*login).to_owned(), (*password).to_owned()))
            .collect(),
        ..SimConfig::default()
    }
}

/// Looking inside, and acting as another desk.
impl SimHandle {
    /// Presents another certificate from the next handshake on (open connections keep the old
    /// one), as a server whose certificate was renewed or replaced. Only for a TLS simulator.
    pub fn set_tls_certificate(&self, cert_pem: &str, key_pem: &str) -> Result<(), SimError> {
        let store = self
            .certificate
            .as_ref()
            .ok_or_else(|| SimError::Tls("this simulator does not serve TLS".into()))?;
        store
            .replace(&SimTls {
                cert_pem: cert_pem.to_owned(),
                key_pem: key_pem.to_owned(),
            })
            .map_err(SimError::Tls)
    }

    /// The path of the Pusher endpoint: `/pusher` with the real shapes (where `wsurl` names `/ws`, push1st's raw
    /// protocol), `/ws` with the legacy ones.
    pub fn live_path(&self) -> &'static str {
        match self.shared.live.shapes() {
            crate::PushShapes::Real => crate::config::PUSHER_PATH,
            crate::PushShapes::Legacy => crate::config::ANNOUNCED_PATH,
        }
    }

    pub fn app_key(&self) -> &str {
        &self.shared.endpoint.app_key
    }

    pub fn app_secret(&self) -> &str {
        &self.shared.endpoint.app_secret
    }

    /// Moves the server's clock (expiry, deletion, captcha ttl and rate windows follow it).
    pub fn advance_clock(&self, by: chrono::Duration) {
        self.shared.clock.advance(by);
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.shared.clock.now()
    }

    pub fn set_request_delay(&self, delay: Duration) {
        self.shared.set_request_delay(delay);
    }

    /// `Some(n)`: an API request arriving while `n` are being answered gets 429 (no `Retry-After`), as from a
    /// proxy that limits concurrent requests per client. `None` lifts the limit.
    pub fn limit_concurrent_requests(&self, limit: Option<usize>) {
        self.shared.set_concurrency_limit(limit);
    }

    /// The most API requests answered at once, and how many were refused by
    /// [`limit_concurrent_requests`](Self::limit_concurrent_requests), since the last call.
    pub fn take_request_stats(&self) -> (usize, usize) {
        self.shared.take_request_stats()
    }

    pub fn set_code_limit(&self, limit: usize) {
        self.shared.store().code_limit = limit;
    }

    pub fn user_id(&self, login: &str) -> Option<u64> {
        self.shared.store().user_id(login)
    }

    /// The user's intercoms in list order (empty for an unknown login).
    pub fn intercom_ids(&self, login: &str) -> Vec<u64> {
        let store = self.shared.store();
        store
            .user_id(login)
            .map(|user| store.intercom_ids(user))
            .unwrap_or_default()
    }

    /// The user's live (not yet deleted) codes, ascending id.
    pub fn code_ids(&self, login: &str) -> Vec<u64> {
        let now = self.now();
        let mut store = self.shared.store();
        store
            .user_id(login)
            .map(|user| store.code_ids(user, now))
            .unwrap_or_default()
    }

    /// The `access_token_id`s of the user's open sessions, oldest first.
    pub fn session_ids(&self, login: &str) -> Vec<String> {
        let store = self.shared.store();
        store
            .user_id(login)
            .map(|user| store.session_ids(user))
            .unwrap_or_default()
    }

    /// Ends one of the user's sessions as another device (or an administrator) would, and tells it so: a
    /// `logout` `TokenPush` on `private-token.{access_token_id}`. Answers whether there was such a session.
    pub fn end_session(&self, login: &str, access_token_id: &str) -> bool {
        self.user_id(login)
            .is_some_and(|user| self.shared.end_session(user, access_token_id, None).is_ok())
    }

    /// How many API requests were answered for `method` and `path` (e.g. `GET /api/v1/intercom/codes`) since the
    /// simulator started. Websocket upgrades count under their endpoint's path (`GET /pusher`, `GET /ws`).
    pub fn requests_to(&self, method: &str, path: &str) -> usize {
        self.shared.requests_to(method, path)
    }

    /// The user's sessions as `GET /api/v1/sessions` lists them (none current), oldest first.
    pub fn sessions(&self, login: &str) -> Vec<serde_json::Value> {
        let now = self.shared.clock.now();
        let store = self.shared.store();
        store
            .user_id(login)
            .map(|user| store.sessions_json(user, None, now))
            .unwrap_or_default()
    }

    /// The next `count` API requests are answered 429 with `Retry-After: retry_after_secs`, as a rate-limited
    /// server answers.
    pub fn rate_limit_next(&self, count: usize, retry_after_secs: u64) {
        self.shared.rate_limit_next(count, retry_after_secs);
    }

    /// From now on, answer 409 to a client whose `X-Version` is not `version` (`None`: take any again).
    pub fn require_version(&self, version: Option<&str>) {
        self.shared.set_required_version(version.map(str::to_owned));
    }

    pub fn session_count(&self, login: &str) -> usize {
        let store = self.shared.store();
        store
            .user_id(login)
            .map_or(0, |user| store.session_count(user))
    }

    /// The text of a captcha still waiting to be answered.
    pub fn captcha_answer(&self, key: &str) -> Option<String> {
        self.shared.store().captcha_answer(key)
    }

    /// Adds `count` codes at once, ignoring the limit and pushing nothing (big lists for tests and
    /// benches). Empty when the login is unknown or the intercom is not its own.
    pub fn insert_codes(
        &self,
        login: &str,
        intercom: u64,
        count: usize,
        expires_at: DateTime<Utc>,
    ) -> Vec<u64> {
        let now = self.now();
        let mut store = self.shared.store();
        match store.user_id(login) {
            Some(user) => store.insert_codes(user, intercom, count, expires_at, now),
            None => Vec::new(),
        }
    }

    /// One code with these digits and title, made now (by the simulator's clock); pushed to no one. `None` when
    /// the intercom is not the account's, or the digits are in use there.
    pub fn insert_code(
        &self,
        login: &str,
        intercom: u64,
        title: &str,
        digits: &str,
        expires_at: DateTime<Utc>,
    ) -> Option<u64> {
        let now = self.now();
        let mut store = self.shared.store();
        let user = store.user_id(login)?;
        store.insert_code_with_digits(user, intercom, title, digits, expires_at, now)
    }

    /// The next code made through the API (by any account) gets these digits, when they are free on its intercom.
    pub fn next_code_digits(&self, digits: &str) {
        self.shared.store().next_digits = Some(digits.to_owned());
    }

    /// Creates a code as another desk of the account would: validation and limit apply, and the
    /// code is pushed to every socket. `expires_at` is kept to whole seconds.
    pub fn create_code(
        &self,
        login: &str,
        intercom: u64,
        title: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<serde_json::Value, SimError> {
        let user = self.known_user(login)?;
        let body = json!({"title": title, "expired_at": wire::sql_time(expires_at)});
        self.shared
            .create_code(user, intercom, &body, None)
            .map_err(SimError::from_store)
    }

    /// Deletes codes as another desk would (ids not the user's are ignored); pushes the deletion
    /// when anything went. Answers how many were deleted.
    pub fn delete_codes(&self, login: &str, ids: &[u64]) -> usize {
        match self.user_id(login) {
            Some(user) => self.shared.delete_code_ids(user, ids),
            None => 0,
        }
    }

    /// Takes an intercom online or offline, as its hardware would; with `push`, every socket is told (an
    /// `intercom_updated` push), else only the next listing shows it.
    pub fn set_intercom_online(
        &self,
        login: &str,
        intercom: u64,
        online: bool,
        push: bool,
    ) -> Result<(), SimError> {
        let user = self.known_user(login)?;
        self.shared
            .set_intercom_online(user, intercom, online, push)
            .map_err(SimError::from_store)
    }

    /// Changes what an intercom allows, as its administrator would: opening its door from the app
    /// (`is_open_door_app`) and visitor codes (`is_open_door_code`). Every socket is told (an intercom update).
    pub fn set_door_flags(
        &self,
        login: &str,
        intercom: u64,
        opens_from_app: bool,
        takes_codes: bool,
    ) -> Result<(), SimError> {
        let user = self.known_user(login)?;
        self.shared
            .set_door_flags(user, intercom, opens_from_app, takes_codes)
            .map_err(SimError::from_store)
    }

    /// A visitor rings at `intercom` (of `login`, whatever its state): a new call, ringing, pushed to every
    /// socket as `intercom.call.store`. Answers the call object.
    pub fn ring(&self, login: &str, intercom: u64) -> Result<serde_json::Value, SimError> {
        let user = self.known_user(login)?;
        self.shared
            .ring(user, intercom)
            .map_err(SimError::from_store)
    }

    /// A ringing call answered on some device: `intercom_cancel`, then the call (`answered`), are pushed.
    pub fn answer_call(&self, login: &str, call: u64) -> Result<serde_json::Value, SimError> {
        let user = self.known_user(login)?;
        self.shared
            .answer_call(user, call)
            .map_err(SimError::from_store)
    }

    /// A call ends: an answered one is `ended`; a ringing one is `missed`, and `intercom_cancel` is pushed first.
    pub fn end_call(&self, login: &str, call: u64) -> Result<serde_json::Value, SimError> {
        let user = self.known_user(login)?;
        self.shared
            .end_call(user, call)
            .map_err(SimError::from_store)
    }

    /// The user's calls, ascending id.
    pub fn call_ids(&self, login: &str) -> Vec<u64> {
        let store = self.shared.store();
        store
            .user_id(login)
            .map(|user| store.call_ids(user))
            .unwrap_or_default()
    }

    /// Removes calls from the history as another device would (ids not the user's are ignored); pushes
    /// `intercom.call.delete` when anything went. Answers how many went.
    pub fn delete_calls(&self, login: &str, ids: &[u64]) -> usize {
        match self.user_id(login) {
            Some(user) => self.shared.delete_call_ids(user, ids),
            None => 0,
        }
    }

    /// While `true`, every client's request to create a code fails with 500 (another desk's, through
    /// [`create_code`](Self::create_code), still works).
    pub fn fail_creates(&self, fail: bool) {
        self.shared.failing.lock().creates = fail;
    }

    /// While `true`, every client's request to revoke codes fails with 500.
    pub fn fail_deletes(&self, fail: bool) {
        self.shared.failing.lock().deletes = fail;
    }

    /// Every push from now on (a receiver lagging over 1024 pushes misses the oldest).
    pub fn subscribe_pushes(&self) -> broadcast::Receiver<Push> {
        self.shared.subscribe_pushes()
    }

    fn known_user(&self, login: &str) -> Result<u64, SimError> {
        self.user_id(login)
            .ok_or_else(|| SimError::UnknownUser(login.to_owned()))
    }
}

/// Breaking the live channel on purpose.
impl SimHandle {
    /// Closes every open live socket with close frame `code` and `reason` (cut to 123 bytes),
    /// as a server restart or a load balancer would; answers how many sockets were asked to close.
    /// They leave [`live_connection_count`](Self::live_connection_count) at once. Use a code a
    /// client may receive (1000–1003, 1007–1014, 3000–4999).
    pub fn drop_live_connections(&self, code: u16, reason: &str) -> usize {
        let closed = self.shared.live.close_all(Some(code), reason);
        tracing::debug!(code, closed, "sim live: dropping every socket");
        closed
    }

    /// Sends `text` as one raw text frame, unchanged, to every socket subscribed to
    /// `private-user.{user_id}` (garbage and fuzz tests); answers how many sockets it was queued for.
    pub fn push_raw(&self, user_id: u64, text: &str) -> usize {
        self.shared.live.send_raw(&user_channel(user_id), text)
    }

    /// Sends `text` as one raw text frame, unchanged, to every socket subscribed to `channel`; answers how many
    /// sockets it was queued for.
    pub fn push_raw_on(&self, channel: &str, text: &str) -> usize {
        self.shared.live.send_raw(channel, text)
    }

    /// The frames clients sent lately (the last 4,096), oldest first, each with its socket and when it came.
    pub fn live_client_frames(&self) -> Vec<ClientFrame> {
        self.shared.live.client_frames()
    }

    /// The socket ids of the open live sockets.
    pub fn live_socket_ids(&self) -> Vec<String> {
        self.shared.live.socket_ids()
    }

    /// For `duration` from now, websocket upgrades are refused with HTTP 503 (before the upgrade,
    /// so the client sees a failed handshake). Open sockets are left alone; `Duration::ZERO` ends
    /// an earlier refusal.
    pub fn refuse_live_connections_for(&self, duration: Duration) {
        self.shared.live.refuse_for(duration);
    }

    /// Stops the live endpoint as a live server that goes down would: every open socket is closed with `close`
    /// (`None`: cut without a close frame, as when the process is killed), and every upgrade is refused with 503
    /// (as from the proxy in front of it) until [`start_live_endpoint`](Self::start_live_endpoint). REST stays up.
    /// Answers how many sockets were open.
    pub fn stop_live_endpoint(&self, close: Option<u16>) -> usize {
        self.shared.live.refuse_for(Duration::MAX);
        let closed = self.shared.live.close_all(close, "Server shutting down");
        tracing::debug!(?close, closed, "sim live: endpoint stopped");
        closed
    }

    /// Accepts live connections again after [`stop_live_endpoint`](Self::stop_live_endpoint).
    pub fn start_live_endpoint(&self) {
        self.shared.live.refuse_for(Duration::ZERO);
        tracing::debug!("sim live: endpoint started");
    }

    /// Open live sockets (counted from just before `pusher:connection_established` is sent until
    /// the socket closes or is dropped by a hook).
    pub fn live_connection_count(&self) -> usize {
        self.shared.live.count()
    }

    /// Sockets subscribed to `private-user.{user_id}` (counted before the client gets
    /// `pusher_internal:subscription_succeeded`).
    pub fn subscriber_count(&self, user_id: u64) -> usize {
        self.shared.live.subscribers(&user_channel(user_id))
    }

    /// Subscribers of `channel` (a user's, a session's `private-token.{access_token_id}`, any other).
    pub fn channel_subscriber_count(&self, channel: &str) -> usize {
        self.shared.live.subscribers(channel)
    }

    /// From now on, closes every live socket with `code` right after its session's channel (the last one a desk
    /// subscribes) is subscribed, as a server over capacity that accepts a desk and drops it at once; `None` ends
    /// it. Only with the real (push1st) shapes.
    pub fn drop_after_subscribing(&self, code: Option<u16>) {
        self.shared.live.hostility.lock().drop_after_subscribing = code;
    }

    /// While `true`, the auth route signs the session's channels (`private-token.…`) with a wrong secret, so that
    /// push1st refuses them by closing the socket with 1002, as it does any bad signature.
    pub fn mis_sign_token_channels(&self, wrong: bool) {
        self.shared.live.hostility.lock().mis_sign_token_channels = wrong;
    }

    /// What `wsurl` announces from now on instead of this server's own live address (`None`: its own again).
    pub fn announce_live(&self, announced: Option<crate::Announced>) {
        self.shared.live.hostility.lock().announced = announced;
    }

    /// While `true`, the server sends no Pusher frame on any live socket (no `pusher:pong`, no pings of
    /// its own, no pushes), like a link that stalled, to test a client's missing-pong detection.
    /// Websocket-level pings are still answered by the websocket layer.
    pub fn set_live_silent(&self, silent: bool) {
        self.shared.live.silent.store(silent, Ordering::Relaxed);
    }
}
