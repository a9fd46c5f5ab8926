//! What a running simulator shares between its HTTP handlers and its `SimHandle`: the store
//! behind one mutex, the clock, the runtime knobs, and the push channel. Mutations that the live
//! channel reports go through here so each one pushes exactly once, in commit order.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use parking_lot::{Mutex, MutexGuard};
use serde_json::{Value, json};
use tokio::sync::{broadcast, watch};

use crate::clock::SimClock;
use crate::hub::Hub;
use crate::pushes::{Push, PushShapes};
use crate::store::{CallChange, Device, Store, StoreError};
use crate::wire;

/// Pushes buffered for slow subscribers before they start missing some.
const PUSH_CAPACITY: usize = 1024;

/// Fixed facts about where the server listens and what it tells clients.
#[derive(Debug, Clone)]
pub(crate) struct Endpoint {
    pub addr: SocketAddr,
    /// `http(s)://HOST:PORT`, with a loopback host when bound to an unspecified address.
    pub base_url: String,
    /// The host as `wsurl` reports it (no brackets).
    pub host: String,
    /// Served over TLS: `wsurl` announces `wss://`.
    pub encrypted: bool,
    pub app_key: String,
    pub app_secret: String,
    pub max_per_page: u32,
    /// The path `wsurl` names.
    pub wsurl_path: String,
    /// A larger `per_page` is refused (422) rather than clamped.
    pub per_page_max: Option<u32>,
    /// Sign-in asks for a captcha (told by `static/basic`).
    pub captcha: bool,
}

/// A change the user's channel is told of.
enum Change<'a> {
    CodeCreated(Value),
    CodesDeleted(&'a [u64]),
    IntercomUpdated(Value),
    IntercomsDeleted(&'a [u64]),
    /// A call rang, or what became of it (`intercom.call.store`).
    CallStored(Value),
    CallsDeleted(&'a [u64]),
    /// A ringing call stopped ringing (`intercom_cancel`): its data.
    CallCancelled(Value),
}

/// One API request counted as in flight while this lives.
pub(crate) struct InFlight<'a>(&'a AtomicUsize);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Which of a client's requests fail with 500 (test hooks).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Failing {
    pub creates: bool,
    pub deletes: bool,
}

#[derive(Debug)]
pub(crate) struct Shared {
    store: Mutex<Store>,
    pub clock: SimClock,
    pub endpoint: Endpoint,
    request_delay: Mutex<Duration>,
    /// Requests a test told the server to fail with 500.
    pub failing: Mutex<Failing>,
    /// The next so many API requests are answered 429 with this `Retry-After` (a test hook).
    rate_limited: Mutex<Option<(usize, u64)>>,
    /// Requests with another `X-Version` are answered 409.
    required_version: Mutex<Option<String>>,
    /// API requests being answered now, the most there were at once, and (`usize::MAX` when off) how many may be
    /// before the next is answered 429.
    requests_in_flight: AtomicUsize,
    most_requests_in_flight: AtomicUsize,
    concurrency_limit: AtomicUsize,
    requests_refused: AtomicUsize,
    /// API requests answered, by `METHOD path`.
    requests: Mutex<std::collections::HashMap<String, usize>>,
    pushes: broadcast::Sender<Push>,
    /// The open live sockets and the live endpoint's settings.
    pub live: Hub,
    shutdown: watch::Sender<bool>,
    stopped: watch::Sender<bool>,
}

impl Shared {
    pub fn new(
        store: Store,
        clock: SimClock,
        endpoint: Endpoint,
        request_delay: Duration,
        live: Hub,
    ) -> Self {
        Self {
            store: Mutex::new(store),
            clock,
            endpoint,
            request_delay: Mutex::new(request_delay),
            failing: Mutex::new(Failing::default()),
            rate_limited: Mutex::new(None),
            required_version: Mutex::new(None),
            requests_in_flight: AtomicUsize::new(0),
            most_requests_in_flight: AtomicUsize::new(0),
            concurrency_limit: AtomicUsize::new(usize::MAX),
            requests_refused: AtomicUsize::new(0),
            requests: Mutex::new(std::collections::HashMap::new()),
            pushes: broadcast::channel(PUSH_CAPACITY).0,
            live,
            shutdown: watch::channel(false).0,
            stopped: watch::channel(false).0,
        }
    }

    /// The store, locked. Callers keep the guard for one statement or block, never across an
    /// `.await` (the guard is not `Send`, so the compiler enforces it in handlers).
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock()
    }

    pub fn request_delay(&self) -> Duration {
        *self.request_delay.lock()
    }

    pub fn set_request_delay(&self, delay: Duration) {
        *self.request_delay.lock() = delay;
    }

    /// The next `count` API requests are answered 429 with `Retry-After: retry_after_secs`.
    #[cfg(any(test, feature = "testing"))]
    pub fn rate_limit_next(&self, count: usize, retry_after_secs: u64) {
        *self.rate_limited.lock() = (count > 0).then_some((count, retry_after_secs));
    }

    /// The `X-Version` a client must send (`None`: any).
    pub fn required_version(&self) -> Option<String> {
        self.required_version.lock().clone()
    }

    pub fn set_required_version(&self, version: Option<String>) {
        *self.required_version.lock() = version;
    }

    /// Whether this request is one of those to refuse for the rate limit (a test hook), and the wait it names.
    pub fn take_rate_limited(&self) -> Option<u64> {
        let mut limited = self.rate_limited.lock();
        let (left, wait) = (*limited)?;
        *limited = (left > 1).then_some((left - 1, wait));
        Some(wait)
    }

    /// Counts one API request to `METHOD path`.
    pub fn count_request(&self, method: &str, path: &str) {
        *self
            .requests
            .lock()
            .entry(format!("{method} {path}"))
            .or_default() += 1;
    }

    #[cfg(any(test, feature = "testing"))]
    pub fn requests_to(&self, method: &str, path: &str) -> usize {
        self.requests
            .lock()
            .get(&format!("{method} {path}"))
            .copied()
            .unwrap_or_default()
    }

    /// An API request begins; `None` when it is one more than the concurrency limit allows (answer 429). The
    /// returned guard counts it as in flight until dropped.
    pub fn begin_request(&self) -> Option<InFlight<'_>> {
        let now = self.requests_in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        let guard = InFlight(&self.requests_in_flight);
        if now > self.concurrency_limit.load(Ordering::Relaxed) {
            self.requests_refused.fetch_add(1, Ordering::Relaxed);
            return None;
        }
        self.most_requests_in_flight
            .fetch_max(now, Ordering::Relaxed);
        Some(guard)
    }

    #[cfg(any(test, feature = "testing"))]
    pub fn set_concurrency_limit(&self, limit: Option<usize>) {
        self.concurrency_limit
            .store(limit.unwrap_or(usize::MAX), Ordering::Relaxed);
    }

    /// The most API requests answered at once, and how many were refused for the concurrency limit, since the
    /// last call (which starts counting afresh).
    #[cfg(any(test, feature = "testing"))]
    pub fn take_request_stats(&self) -> (usize, usize) {
        (
            self.most_requests_in_flight.swap(0, Ordering::Relaxed),
            self.requests_refused.swap(0, Ordering::Relaxed),
        )
    }

    pub fn subscribe_pushes(&self) -> broadcast::Receiver<Push> {
        self.pushes.subscribe()
    }

    /// Sends one push. Called with the store still locked so pushes leave in commit order.
    fn push(&self, push: Push) {
        tracing::debug!(channel = push.channel, event = push.event, "sim push");
        // An error only means nobody is subscribed, which is fine.
        let _ = self.pushes.send(push);
    }

    /// Sends a change of codes, intercoms or calls to the user's channel, in the shapes the live channel speaks.
    /// The legacy shapes have no calls (the envelope guessed before the vendor's sources were read never named
    /// any): a call there is seen in the list only.
    fn push_change(&self, user_id: u64, except_socket: Option<String>, change: Change<'_>) {
        let (event, data) = match self.live.shapes() {
            PushShapes::Real => {
                let (kind, key, object, deleted) = match change {
                    Change::CallCancelled(data) => {
                        let data = wire::cancel_notification(data);
                        return self.push(Push {
                            user_id,
                            channel: pusher_wire::user_channel(user_id),
                            except_socket,
                            event: wire::NOTIFICATION_EVENT.to_owned(),
                            data,
                        });
                    }
                    Change::CallStored(call) => {
                        ("intercom.call.store", "intercom_call", Some(call), None)
                    }
                    Change::CallsDeleted(ids) => {
                        ("intercom.call.delete", "intercom_call", None, Some(ids))
                    }
                    Change::CodeCreated(code) => {
                        ("intercom.code.store", "intercom_code", Some(code), None)
                    }
                    Change::CodesDeleted(ids) => {
                        ("intercom.code.delete", "intercom_code", None, Some(ids))
                    }
                    Change::IntercomUpdated(intercom) => {
                        ("intercom.update", "intercom", Some(intercom), None)
                    }
                    Change::IntercomsDeleted(ids) => {
                        ("intercom.delete", "intercom", None, Some(ids))
                    }
                };
                (
                    wire::NOTIFICATION_EVENT,
                    wire::notification(kind, key, object, deleted),
                )
            }
            PushShapes::Legacy => {
                let (kind, data) = match change {
                    Change::CodeCreated(code) => ("intercom_code_created", code),
                    Change::CodesDeleted(ids) => ("intercom_codes_deleted", json!(ids)),
                    Change::IntercomUpdated(intercom) => ("intercom_updated", intercom),
                    Change::IntercomsDeleted(ids) => ("intercoms_deleted", json!(ids)),
                    Change::CallStored(_) | Change::CallsDeleted(_) | Change::CallCancelled(_) => {
                        return;
                    }
                };
                (wire::USER_PUSH_EVENT, wire::envelope(kind, data))
            }
        };
        self.push(Push {
            user_id,
            channel: pusher_wire::user_channel(user_id),
            except_socket,
            event: event.to_owned(),
            data,
        });
    }

    /// Tells a session that it was ended: a `logout` `TokenPush` on its own channel.
    fn push_logout(&self, user_id: u64, access_token_id: &str, except_socket: Option<String>) {
        const SUBJECT: &str = "The session was ended.";
        let data = match self.live.shapes() {
            PushShapes::Real => wire::nested("logout", json!([]), Some(SUBJECT)),
            PushShapes::Legacy => {
                let mut data = wire::envelope("logout", Value::Null);
                data["subject"] = json!(SUBJECT);
                data
            }
        };
        self.push(Push {
            user_id,
            channel: pusher_wire::token_channel(access_token_id),
            except_socket,
            event: wire::TOKEN_PUSH_EVENT.to_owned(),
            data,
        });
    }

    /// Signs in. A session given up for it (`session_id` after a 419) is not told: the vendor's sources do not
    /// show the server pushing a `logout` there, and the desk finds out at its next call (401).
    pub fn login(&self, body: &Value, device: &Device) -> Result<Value, StoreError> {
        self.store().login_from(body, device, self.clock.now())
    }

    /// Ends one of the user's sessions (the caller's own or another) and tells it so, except on the socket that
    /// asked.
    pub fn end_session(
        &self,
        user_id: u64,
        access_token_id: &str,
        socket: Option<String>,
    ) -> Result<(), StoreError> {
        let mut store = self.store();
        store.end_session(user_id, access_token_id)?;
        self.push_logout(user_id, access_token_id, socket);
        Ok(())
    }

    pub fn create_code(
        &self,
        user_id: u64,
        intercom_id: u64,
        body: &Value,
        socket: Option<String>,
    ) -> Result<Value, StoreError> {
        let mut store = self.store();
        let code = store.create_code(user_id, intercom_id, body, self.clock.now())?;
        self.push_change(user_id, socket, Change::CodeCreated(code.clone()));
        Ok(code)
    }

    pub fn delete_codes(
        &self,
        user_id: u64,
        body: &Value,
        socket: Option<String>,
    ) -> Result<(), StoreError> {
        let mut store = self.store();
        let deleted = store.delete_codes(user_id, body, self.clock.now())?;
        if !deleted.is_empty() {
            self.push_change(user_id, socket, Change::CodesDeleted(&deleted));
        }
        Ok(())
    }

    /// Deletion as another desk would do it; answers how many went.
    pub fn delete_code_ids(&self, user_id: u64, ids: &[u64]) -> usize {
        let mut store = self.store();
        let deleted = store.delete_code_ids(user_id, ids, self.clock.now());
        if !deleted.is_empty() {
            self.push_change(user_id, None, Change::CodesDeleted(&deleted));
        }
        deleted.len()
    }

    pub fn update_intercom(
        &self,
        user_id: u64,
        intercom_id: u64,
        body: &Value,
        socket: Option<String>,
    ) -> Result<Value, StoreError> {
        let mut store = self.store();
        let intercom = store.update_intercom(user_id, intercom_id, body, self.clock.now())?;
        self.push_change(user_id, socket, Change::IntercomUpdated(intercom.clone()));
        Ok(intercom)
    }

    /// An intercom going online or offline; pushed as an update when `push`.
    pub fn set_intercom_online(
        &self,
        user_id: u64,
        intercom_id: u64,
        online: bool,
        push: bool,
    ) -> Result<(), StoreError> {
        let mut store = self.store();
        let intercom = store.set_intercom_online(user_id, intercom_id, online, self.clock.now())?;
        if push {
            self.push_change(user_id, None, Change::IntercomUpdated(intercom));
        }
        Ok(())
    }

    /// Changes what an intercom allows (as its administrator would); pushed as an update.
    pub fn set_door_flags(
        &self,
        user_id: u64,
        intercom_id: u64,
        opens_from_app: bool,
        takes_codes: bool,
    ) -> Result<(), StoreError> {
        let mut store = self.store();
        let intercom = store.set_door_flags(
            user_id,
            intercom_id,
            opens_from_app,
            takes_codes,
            self.clock.now(),
        )?;
        self.push_change(user_id, None, Change::IntercomUpdated(intercom));
        Ok(())
    }

    /// A visitor rings: the new call is pushed. Answers the call object.
    pub fn ring(&self, user_id: u64, intercom_id: u64) -> Result<Value, StoreError> {
        let mut store = self.store();
        let change = store.ring(user_id, intercom_id, self.clock.now())?;
        Ok(self.push_call(user_id, change))
    }

    /// A ringing call answered on some device: its new state, and the end of the ringing, are pushed.
    pub fn answer_call(&self, user_id: u64, call_id: u64) -> Result<Value, StoreError> {
        let mut store = self.store();
        let change = store.answer_call(user_id, call_id, self.clock.now())?;
        Ok(self.push_call(user_id, change))
    }

    /// A call ends (answered: over; ringing: missed, and the ringing stops): pushed.
    pub fn end_call(&self, user_id: u64, call_id: u64) -> Result<Value, StoreError> {
        let mut store = self.store();
        let change = store.end_call(user_id, call_id, self.clock.now())?;
        Ok(self.push_call(user_id, change))
    }

    /// Pushes a call's change: the end of its ringing first (as a phone stops ringing before the history shows
    /// it), then the call as it is. Answers the call object.
    fn push_call(&self, user_id: u64, change: CallChange) -> Value {
        if let Some(cancel) = change.cancel {
            self.push_change(user_id, None, Change::CallCancelled(cancel));
        }
        self.push_change(user_id, None, Change::CallStored(change.call.clone()));
        change.call
    }

    pub fn delete_calls(
        &self,
        user_id: u64,
        body: &Value,
        socket: Option<String>,
    ) -> Result<(), StoreError> {
        let mut store = self.store();
        let deleted = store.delete_calls(user_id, body)?;
        if !deleted.is_empty() {
            self.push_change(user_id, socket, Change::CallsDeleted(&deleted));
        }
        Ok(())
    }

    /// Calls removed as another device would; answers how many went.
    pub fn delete_call_ids(&self, user_id: u64, ids: &[u64]) -> usize {
        let mut store = self.store();
        let deleted = store.delete_call_ids(user_id, ids);
        if !deleted.is_empty() {
            self.push_change(user_id, None, Change::CallsDeleted(&deleted));
        }
        deleted.len()
    }

    pub fn delete_intercoms(
        &self,
        user_id: u64,
        body: &Value,
        socket: Option<String>,
    ) -> Result<(), StoreError> {
        let mut store = self.store();
        let deleted = store.delete_intercoms(user_id, body)?;
        if !deleted.is_empty() {
            self.push_change(user_id, socket, Change::IntercomsDeleted(&deleted));
        }
        Ok(())
    }

    // ----- lifecycle -----

    pub fn request_shutdown(&self) {
        self.shutdown.send_replace(true);
    }

    /// Resolves once shutdown has been asked for.
    pub async fn shutdown_requested(&self) {
        let mut rx = self.shutdown.subscribe();
        // Err means the sender is gone, which cannot happen while `self` lives.
        let _ = rx.wait_for(|stop| *stop).await;
    }

    pub fn mark_stopped(&self) {
        self.stopped.send_replace(true);
    }

    /// Resolves once the server task has finished.
    pub async fn stopped(&self) {
        let mut rx = self.stopped.subscribe();
        let _ = rx.wait_for(|stopped| *stopped).await;
    }
}
