//! The simulator's live channel: a Pusher protocol 7 server on the REST server's port, the
//! private-channel auth route(s), a registry of open sockets, and the test hooks on [`SimHandle`].
//!
//! With the real shapes ([`PushShapes::Real`]) it behaves as push1st does as the vendor deploys it
//! (`navek-soft/push1st` `application/push1st/proto/cpushersession.cpp`, `.h`; `aipix-dev/aipix-deploy`
//! `push1st/server.yml.sample`): the Pusher endpoint is `/pusher/app/{key}`, while `/ws/…` (the path `wsurl`
//! names) is push1st's raw protocol, which closes a Pusher client at once (1008); the greeting gives
//! `activity_timeout` as a string; the server never pings, and closes (1001) a session that sent nothing for
//! twice that timeout; `pusher:pong` and `subscription_succeeded` carry no data; a refused subscription, or any
//! client event but subscribe, unsubscribe, ping and a channel push, closes the socket (1002) with no
//! `pusher:error`. With [`PushShapes::Legacy`] it keeps the behaviour this project guessed before: the endpoint
//! at `/ws/app/{key}`, server pings and 4201, `pusher:subscription_error`, errors that leave the socket open.
//!
//! Every socket task subscribes to the store's push broadcast itself and forwards what belongs to
//! a channel it is subscribed to; a socket that falls behind the broadcast is closed with 4200 so
//! its client resynchronises. Hooks reach a socket through its control queue in the registry.

use std::collections::HashSet;
use std::time::Duration;

use axum::extract::rejection::PathRejection;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};
use tokio::sync::{broadcast, mpsc};

use crate::config::{ANNOUNCED_PATH, PUSHER_PATH};
use crate::http::{AppState, Caller, Input, message, method_not_allowed};
use crate::hub::{Control, FAR_FUTURE};
use crate::pushes::{Push, PushShapes};
use pusher_wire::{
    self as protocol, ERROR, Frame, PING, PONG, PROTOCOL_VERSION, SUBSCRIBE, SUBSCRIPTION_ERROR,
    SUBSCRIPTION_SUCCEEDED, UNSUBSCRIBE, channel_auth, token_channel, user_channel,
};

/// Larger client messages (and frames) close the socket with 1009.
const MAX_MESSAGE_SIZE: usize = 64 * 1024;

/// How long a closing socket waits for the client's close frame before dropping the connection.
const CLOSE_WAIT: Duration = Duration::from_secs(1);

/// Close frame reasons must fit a control frame (125 bytes, 2 of them the code).
const MAX_REASON_BYTES: usize = 123;

// Close and error codes this server uses (Pusher's table, and websocket's for push1st).
const CLOSE_GOING_AWAY: u16 = 1001;
const CLOSE_PROTOCOL_ERROR: u16 = 1002;
const CLOSE_POLICY_VIOLATION: u16 = 1008;
const CLOSE_TOO_BIG: u16 = 1009;
const UNKNOWN_APP: u16 = 4001;
const UNSUPPORTED_PROTOCOL: u16 = 4007;
const NO_PROTOCOL: u16 = 4008;
const RECONNECT: u16 = 4200;
const PONG_NOT_RECEIVED: u16 = 4201;
const CLIENT_EVENTS_DISABLED: u16 = 4301;

// ----- routes -----

/// The websocket routes and the configured auth routes (no request delay applies to them).
pub(crate) fn router(state: &AppState) -> Router<AppState> {
    let mut router = match state.live.shapes() {
        PushShapes::Real => Router::new()
            .route(&format!("{PUSHER_PATH}/app/{{key}}"), get(upgrade))
            .route(&format!("{ANNOUNCED_PATH}/{{*rest}}"), get(raw_protocol)),
        PushShapes::Legacy => {
            Router::new().route(&format!("{ANNOUNCED_PATH}/app/{{key}}"), get(upgrade))
        }
    };
    let mut seen = HashSet::new();
    for path in &state.live.settings.auth_paths {
        let path = path.trim();
        if path.is_empty() {
            continue;
        }
        let path = if path.starts_with('/') {
            path.to_owned()
        } else {
            format!("/{path}")
        };
        if seen.insert(path.clone()) {
            router = router.route(&path, post(authorize));
        }
    }
    router.method_not_allowed_fallback(method_not_allowed)
}

/// `POST {auth path}` with `socket_id` and `channel_name` (JSON or form): signs the caller's own
/// user channel, and the channel of the caller's own session.
async fn authorize(caller: Caller, State(state): State<AppState>, Input(body): Input) -> Response {
    let field = |name: &str| body.get(name).and_then(Value::as_str).map(str::trim);
    let channel = field("channel_name").unwrap_or_default();
    if channel != user_channel(caller.user_id) && channel != token_channel(&caller.access_token_id)
    {
        tracing::debug!(user_id = caller.user_id, channel, "sim live: auth refused");
        return message(StatusCode::FORBIDDEN, "This action is unauthorized.");
    }
    let socket_id = field("socket_id").unwrap_or_default();
    if !protocol::is_valid_socket_id(socket_id) {
        let body = json!({
            "message": "Invalid socket ID.",
            "errors": {"socket_id": ["Invalid socket ID."]},
        });
        return (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response();
    }
    let endpoint = &state.endpoint;
    let secret = if state.live.hostility().mis_sign_token_channels
        && channel.starts_with("private-token.")
    {
        "not-the-app-secret"
    } else {
        endpoint.app_secret.as_str()
    };
    let auth = channel_auth(&endpoint.app_key, secret, socket_id, channel);
    Json(json!({ "auth": auth })).into_response()
}

/// `GET …/app/{key}?protocol=7`: 503 while refusing, else upgrades; a wrong key or
/// protocol is told over the socket (`pusher:error`, then a close with the same code).
async fn upgrade(
    State(state): State<AppState>,
    key: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
    ws: WebSocketUpgrade,
) -> Response {
    let path = match state.live.shapes() {
        PushShapes::Real => PUSHER_PATH,
        PushShapes::Legacy => ANNOUNCED_PATH,
    };
    state.count_request("GET", path);
    if state.live.refusing() {
        tracing::debug!("sim live: refusing an upgrade");
        return message(StatusCode::SERVICE_UNAVAILABLE, "Service Unavailable");
    }
    let refusal = handshake_refusal(&state, key.ok().map(|Path(k)| k), query.as_deref());
    ws.max_message_size(MAX_MESSAGE_SIZE)
        .max_frame_size(MAX_MESSAGE_SIZE)
        .on_failed_upgrade(|error| tracing::debug!(%error, "sim live: upgrade failed"))
        .on_upgrade(move |socket| async move {
            match refusal {
                Some((code, reason)) => refuse(socket, code, reason).await,
                None => Connection::run(socket, state).await,
            }
        })
}

/// `GET /ws/…` with the real shapes: push1st's raw websocket protocol, which upgrades and then closes a
/// Pusher client at once with 1008.
async fn raw_protocol(State(state): State<AppState>, ws: WebSocketUpgrade) -> Response {
    state.count_request("GET", ANNOUNCED_PATH);
    if state.live.refusing() {
        return message(StatusCode::SERVICE_UNAVAILABLE, "Service Unavailable");
    }
    ws.on_failed_upgrade(|error| tracing::debug!(%error, "sim live: upgrade failed"))
        .on_upgrade(|socket| async move {
            tracing::debug!("sim live: a Pusher client on the raw protocol's path");
            close(socket, CLOSE_POLICY_VIOLATION, "").await;
        })
}

fn handshake_refusal(
    state: &AppState,
    key: Option<String>,
    query: Option<&str>,
) -> Option<(u16, &'static str)> {
    if key.as_deref() != Some(state.endpoint.app_key.as_str()) {
        return Some((UNKNOWN_APP, "App key not found"));
    }
    let protocol = url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .find(|(name, _)| name == "protocol")
        .map(|(_, value)| value.into_owned());
    match protocol {
        None => Some((NO_PROTOCOL, "No protocol version supplied")),
        Some(v) if v.trim().parse::<u8>().ok() != Some(PROTOCOL_VERSION) => {
            Some((UNSUPPORTED_PROTOCOL, "Unsupported protocol version"))
        }
        Some(_) => None,
    }
}

async fn refuse(mut socket: WebSocket, code: u16, reason: &str) {
    tracing::debug!(code, reason, "sim live: handshake refused");
    let frame = Frame::error(code, reason).to_server_text();
    if socket.send(Message::text(frame)).await.is_ok() {
        close(socket, code, reason).await;
    }
}

/// Sends a close frame, then waits (bounded) for the client's answer so the handshake completes.
async fn close(mut socket: WebSocket, code: u16, reason: &str) {
    let mut cut = reason.len().min(MAX_REASON_BYTES);
    while !reason.is_char_boundary(cut) {
        cut -= 1;
    }
    let frame = CloseFrame {
        code,
        reason: reason[..cut].into(),
    };
    if socket.send(Message::Close(Some(frame))).await.is_err() {
        return;
    }
    let _ = tokio::time::timeout(CLOSE_WAIT, async {
        while let Some(Ok(_)) = socket.recv().await {}
    })
    .await;
}

// ----- one socket -----

/// Why a socket's loop ended.
enum End {
    /// The client went away (or the connection broke): nothing more to send.
    Gone,
    /// Close with this code and reason.
    Close(u16, String),
}

impl End {
    fn close(code: u16, reason: &str) -> Self {
        Self::Close(code, reason.to_owned())
    }
}

/// Removes the socket from the registry however its task ends.
struct Registered {
    state: AppState,
    key: u64,
}

impl Drop for Registered {
    fn drop(&mut self) {
        self.state.live.remove(self.key);
    }
}

struct Connection {
    socket: WebSocket,
    state: AppState,
    key: u64,
    socket_id: String,
    last_heard: tokio::time::Instant,
    /// When the server's `pusher:ping` went out, while no answer has come.
    pinged: Option<tokio::time::Instant>,
}

impl Connection {
    async fn run(socket: WebSocket, state: AppState) {
        // Subscribe before registering: nothing pushed after the client can see us is missed.
        let mut pushes = state.subscribe_pushes();
        let (control, mut controls) = mpsc::unbounded_channel();
        let (key, socket_id) = state.live.register(control);
        let _registered = Registered {
            state: state.clone(),
            key,
        };
        tracing::debug!(socket_id, "sim live: connected");
        let mut conn = Self {
            socket,
            state,
            key,
            socket_id,
            last_heard: tokio::time::Instant::now(),
            pinged: None,
        };
        let end = conn.serve(&mut pushes, &mut controls).await;
        let socket_id = conn.socket_id;
        match end {
            End::Gone => tracing::debug!(socket_id, "sim live: client gone"),
            End::Close(code, reason) => {
                tracing::debug!(socket_id, code, reason, "sim live: closing");
                close(conn.socket, code, &reason).await;
            }
        }
    }

    async fn serve(
        &mut self,
        pushes: &mut broadcast::Receiver<Push>,
        controls: &mut mpsc::UnboundedReceiver<Control>,
    ) -> End {
        let settings = self.state.live.settings.clone();
        let established = protocol::Established {
            socket_id: self.socket_id.clone(),
            activity_timeout: Some(settings.activity_timeout.as_secs().max(1)),
        };
        let greeting = match settings.shapes {
            PushShapes::Real => established.to_push1st_frame().to_push1st_text(),
            PushShapes::Legacy => established.to_frame().to_server_text(),
        };
        if !self.send(&greeting).await {
            return End::Gone;
        }
        let state = self.state.clone();
        let shutdown = state.shutdown_requested();
        tokio::pin!(shutdown);
        loop {
            let (from, wait) = match (settings.shapes, self.pinged) {
                // push1st: alive while `ActivityCheckTime + KeepAlive >= now`, where every message from the client
                // (and every push sent to it) sets `ActivityCheckTime = now + KeepAlive` (`cpushersession.h`).
                (PushShapes::Real, _) => {
                    (self.last_heard, settings.activity_timeout.saturating_mul(2))
                }
                (PushShapes::Legacy, Some(at)) => (at, settings.pong_grace),
                (PushShapes::Legacy, None) => (self.last_heard, settings.activity_timeout),
            };
            let deadline = from.checked_add(wait).unwrap_or_else(|| from + FAR_FUTURE);
            tokio::select! {
                () = &mut shutdown => return End::close(CLOSE_GOING_AWAY, "Server shutting down"),
                control = controls.recv() => match control {
                    Some(Control::Close { code, reason }) => return End::Close(code, reason),
                    Some(Control::Drop) => return End::Gone,
                    Some(Control::Raw(text)) => {
                        if !self.send(&text).await {
                            return End::Gone;
                        }
                    }
                    // The registry forgot this socket without a close order: cannot happen.
                    None => return End::close(RECONNECT, "Reconnect"),
                },
                push = pushes.recv() => match push {
                    Ok(push) => {
                        if !self.deliver(&push).await {
                            return End::Gone;
                        }
                    }
                    Err(broadcast::error::RecvError::Lagged(missed)) => {
                        tracing::warn!(socket_id = self.socket_id, missed, "sim live: socket lagged behind the pushes");
                        return End::close(RECONNECT, "Missed pushes, reconnect");
                    }
                    Err(broadcast::error::RecvError::Closed) => {
                        return End::close(CLOSE_GOING_AWAY, "Server shutting down");
                    }
                },
                message = self.socket.recv() => {
                    if let Some(end) = self.heard(message).await {
                        return end;
                    }
                }
                () = tokio::time::sleep_until(deadline) => {
                    if settings.shapes == PushShapes::Real {
                        return End::close(CLOSE_GOING_AWAY, "");
                    }
                    if self.pinged.is_some() {
                        return End::close(PONG_NOT_RECEIVED, "Pong reply not received");
                    }
                    self.pinged = Some(tokio::time::Instant::now());
                    if !self.send(&Frame::ping().to_server_text()).await {
                        return End::Gone;
                    }
                }
            }
        }
    }

    /// Handles one read from the client; `Some` ends the socket.
    async fn heard(&mut self, message: Option<Result<Message, axum::Error>>) -> Option<End> {
        let message = match message {
            None => return Some(End::Gone),
            Some(Ok(message)) => message,
            Some(Err(error)) => return Some(read_failure(error)),
        };
        self.last_heard = tokio::time::Instant::now();
        self.pinged = None;
        match message {
            Message::Text(text) => self.frame(text.as_str()).await,
            Message::Binary(bytes) => {
                tracing::debug!(len = bytes.len(), "sim live: binary frame ignored");
                None
            }
            // The websocket layer answers pings (on the next read) by itself.
            Message::Ping(_) | Message::Pong(_) => None,
            Message::Close(frame) => {
                tracing::debug!(?frame, "sim live: client closed");
                // Reading on flushes the automatic close reply.
                let _ = tokio::time::timeout(CLOSE_WAIT, async {
                    while let Some(Ok(_)) = self.socket.recv().await {}
                })
                .await;
                Some(End::Gone)
            }
        }
    }

    /// One text frame from the client.
    async fn frame(&mut self, text: &str) -> Option<End> {
        let real = self.state.live.shapes() == PushShapes::Real;
        let frame = match Frame::parse(text) {
            Ok(frame) => frame,
            Err(error) => {
                self.state.live.note_client_frame(&self.socket_id, "");
                // push1st closes on anything it cannot unpack (`OnWsMessage`).
                if real {
                    return Some(End::close(CLOSE_PROTOCOL_ERROR, ""));
                }
                tracing::debug!(%error, "sim live: unreadable frame ignored");
                return None;
            }
        };
        self.state
            .live
            .note_client_frame(&self.socket_id, &frame.event);
        if real {
            return self.push1st_frame(frame).await;
        }
        let sent = match frame.event.as_str() {
            PING => self.send(&Frame::pong().to_server_text()).await,
            PONG => true,
            SUBSCRIBE => self.subscribe(&frame.data).await,
            UNSUBSCRIBE => {
                if let Some(channel) = frame.data.get("channel").and_then(Value::as_str) {
                    self.state.live.unsubscribe(self.key, channel);
                }
                true
            }
            event if event.starts_with("client-") => {
                let error = Frame::error(
                    CLIENT_EVENTS_DISABLED,
                    "The app does not have client messaging enabled.",
                );
                self.send(&error.to_server_text()).await
            }
            event => {
                tracing::debug!(event, "sim live: unknown event ignored");
                true
            }
        };
        (!sent).then_some(End::Gone)
    }

    /// One frame, as push1st takes it (`OnWsMessage`): subscribe, ping and unsubscribe; a frame with a channel is a
    /// client push, accepted and dropped; anything else closes the socket.
    async fn push1st_frame(&mut self, frame: Frame) -> Option<End> {
        let sent = match frame.event.as_str() {
            PING => {
                self.send(&Frame::new(PONG, None, Value::Null).to_push1st_text())
                    .await
            }
            SUBSCRIBE => return self.push1st_subscribe(&frame.data).await,
            UNSUBSCRIBE => {
                if let Some(channel) = frame.data.get("channel").and_then(Value::as_str) {
                    self.state.live.unsubscribe(self.key, channel);
                }
                true
            }
            _ if frame.channel.is_some() => true,
            event => {
                tracing::debug!(event, "sim live: an event push1st does not take");
                return Some(End::close(CLOSE_PROTOCOL_ERROR, ""));
            }
        };
        (!sent).then_some(End::Gone)
    }

    /// `pusher:subscribe` as push1st answers it (`OnPusherSubscribe`): a private channel needs a good signature, a
    /// presence channel is not offered here; every refusal closes the socket with a protocol error, unexplained.
    async fn push1st_subscribe(&mut self, data: &Value) -> Option<End> {
        let channel = data
            .get("channel")
            .and_then(Value::as_str)
            .filter(|channel| !channel.is_empty());
        let Some(channel) = channel else {
            return Some(End::close(CLOSE_PROTOCOL_ERROR, ""));
        };
        let allowed = if channel.starts_with("presence-") {
            false
        } else if channel.starts_with("private-") {
            data.get("auth")
                .and_then(Value::as_str)
                .is_some_and(|auth| self.signed(channel, auth))
        } else {
            true
        };
        if !allowed {
            tracing::debug!(
                socket_id = self.socket_id,
                channel,
                "sim live: subscription refused, closing"
            );
            return Some(End::close(CLOSE_PROTOCOL_ERROR, ""));
        }
        self.state.live.subscribe(self.key, channel);
        tracing::debug!(socket_id = self.socket_id, channel, "sim live: subscribed");
        let frame = Frame::new(SUBSCRIPTION_SUCCEEDED, Some(channel), Value::Null);
        if !self.send(&frame.to_push1st_text()).await {
            return Some(End::Gone);
        }
        self.dropped_once_subscribed(channel)
    }

    /// The hostile server's close, right after the session's channel is subscribed.
    fn dropped_once_subscribed(&self, channel: &str) -> Option<End> {
        let code = self.state.live.hostility().drop_after_subscribing?;
        channel
            .starts_with("private-token.")
            .then(|| End::close(code, "Dropped on purpose"))
    }

    /// Whether `auth` is this socket's signature for `channel`.
    fn signed(&self, channel: &str, auth: &str) -> bool {
        let endpoint = &self.state.endpoint;
        let expected = channel_auth(
            &endpoint.app_key,
            &endpoint.app_secret,
            &self.socket_id,
            channel,
        );
        constant_time_eq(auth.as_bytes(), expected.as_bytes())
    }

    /// `pusher:subscribe` with `{channel, auth}`; answers whether the socket is still writable.
    async fn subscribe(&mut self, data: &Value) -> bool {
        let Some(channel) = data.get("channel").and_then(Value::as_str) else {
            let error = Frame::new(
                ERROR,
                None,
                json!({"code": null, "message": "pusher:subscribe needs a channel"}),
            );
            return self.send(&error.to_server_text()).await;
        };
        let refusal = if channel.starts_with("presence-") {
            Some("Presence channels are not supported")
        } else if channel.starts_with("private-") {
            let auth = data.get("auth").and_then(Value::as_str).unwrap_or_default();
            (!self.signed(channel, auth)).then_some("The connection is unauthorized.")
        } else {
            None
        };
        if let Some(error) = refusal {
            tracing::debug!(
                socket_id = self.socket_id,
                channel,
                error,
                "sim live: subscription refused"
            );
            // soketi's shape: data as an object.
            let frame = Frame::new(
                SUBSCRIPTION_ERROR,
                Some(channel),
                json!({"type": "AuthError", "error": error, "status": 401}),
            );
            return self.send(&frame.to_text()).await;
        }
        self.state.live.subscribe(self.key, channel);
        tracing::debug!(socket_id = self.socket_id, channel, "sim live: subscribed");
        let frame = Frame::new(SUBSCRIPTION_SUCCEEDED, Some(channel), json!({}));
        self.send(&frame.to_server_text()).await
    }

    /// Forwards a push when this socket listens on its channel and did not cause it.
    async fn deliver(&mut self, push: &Push) -> bool {
        if push.except_socket.as_deref() == Some(self.socket_id.as_str()) {
            return true;
        }
        if !self.state.live.is_subscribed(self.key, &push.channel) {
            return true;
        }
        let text = match self.state.live.shapes() {
            PushShapes::Real => {
                // push1st's `Pack`: its own keys beside the event's; `data` as the application sent it (Laravel's
                // Pusher broadcaster: a JSON string).
                let message_id = rand::random_range(1_000_000_000_000_000_000..u64::MAX);
                json!({
                    "event": push.event,
                    "channel": push.channel,
                    "#msg-time": rand::random_range(1_000..100_000u64),
                    "data": push.data.to_string(),
                    "#msg-id": message_id,
                    "#msg-from": "api",
                })
                .to_string()
            }
            PushShapes::Legacy => {
                Frame::new(&push.event, Some(&push.channel), push.data.clone()).to_server_text()
            }
        };
        let sent = self.send(&text).await;
        if sent {
            // push1st counts a push it delivered as activity (`Push` sets `ActivityCheckTime`).
            self.last_heard = tokio::time::Instant::now();
        }
        sent
    }

    /// Sends a text frame; `false` when the connection is gone. While the server is silent the frame is
    /// dropped, as on a link that stalled.
    async fn send(&mut self, text: &str) -> bool {
        if self.state.live.silent() {
            tracing::debug!(
                socket_id = self.socket_id,
                "sim live: silent, frame not sent"
            );
            return true;
        }
        match self.socket.send(Message::text(text)).await {
            Ok(()) => true,
            Err(error) => {
                tracing::debug!(%error, socket_id = self.socket_id, "sim live: send failed");
                false
            }
        }
    }
}

/// A read error: an oversized message is closed with 1009, anything else means the peer is gone.
fn read_failure(error: axum::Error) -> End {
    use tokio_tungstenite::tungstenite::Error as WsError;
    let inner = error.into_inner();
    match inner.downcast_ref::<WsError>() {
        Some(WsError::Capacity(capacity)) => {
            tracing::warn!(%capacity, "sim live: message too big");
            End::close(CLOSE_TOO_BIG, "Message too big")
        }
        _ => {
            tracing::debug!(error = %inner, "sim live: read failed");
            End::Gone
        }
    }
}

/// Compares without stopping at the first difference (the length is not secret).
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    //! The live endpoint over a real socket, checked with a raw websocket client and plain HTTP
    //! (not the project's live client, which has its own tests against this server).

    use std::time::Instant;

    use futures_util::{SinkExt as _, StreamExt as _};
    use reqwest::Client;
    use tokio::net::TcpStream;
    use tokio_tungstenite::tungstenite::{self, Message as WsMessage};
    use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};

    use super::*;
    use crate::config::DEFAULT_AUTH_PATH;
    use crate::{PushShapes, SimConfig, SimHandle};
    use pusher_wire::{CONNECTION_ESTABLISHED, Established, auth_signature};

    type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

    /// The longest any single wait in these tests may take.
    const STEP: Duration = Duration::from_secs(3);

    async fn sim(config: SimConfig) -> SimHandle {
        crate::testing::start_on_loopback(config).await
    }

    fn two_users() -> SimConfig {
        crate::testing::config_with_users(&[("demo", "demo"), ("other", "other")])
    }

    /// The shapes this project guessed before reading the vendor's sources.
    fn legacy() -> SimConfig {
        SimConfig {
            pushes: PushShapes::Legacy,
            ..SimConfig::default()
        }
    }

    /// Signs in over REST: (the `Authorization` value, the user id).
    async fn login(sim: &SimHandle, login: &str) -> (String, u64) {
        let (token, user, _) = login_session(sim, login).await;
        (token, user)
    }

    /// Signs in over REST: (the `Authorization` value, the user id, the session's `access_token_id`).
    async fn login_session(sim: &SimHandle, login: &str) -> (String, u64, String) {
        let response = Client::new()
            .post(format!("{}/api/v1/token", sim.base_url()))
            .json(&json!({"login": login, "password": login}))
            .send()
            .await;
        let body: Value = match response {
            Ok(r) => r.json().await.unwrap_or(Value::Null),
            Err(e) => panic!("login failed: {e}"),
        };
        let token = body["access_token"].as_str().unwrap_or_default().to_owned();
        let user = body["user"]["id"].as_u64().unwrap_or_default();
        let session = body["user"]["access_token_id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            !token.is_empty() && user > 0 && !session.is_empty(),
            "{body}"
        );
        (token, user, session)
    }

    fn ws_url(sim: &SimHandle, key: &str, query: &str) -> String {
        format!("ws://{}{}/app/{key}{query}", sim.addr(), sim.live_path())
    }

    fn good_url(sim: &SimHandle) -> String {
        ws_url(
            sim,
            sim.app_key(),
            "?protocol=7&client=test&version=1.0&flash=false",
        )
    }

    async fn connect(url: &str) -> Ws {
        match tokio::time::timeout(STEP, connect_async(url)).await {
            Ok(Ok((ws, _))) => ws,
            Ok(Err(e)) => panic!("websocket handshake failed: {e}"),
            Err(_) => panic!("websocket handshake timed out"),
        }
    }

    /// The next message of any kind.
    async fn next_message(ws: &mut Ws) -> WsMessage {
        match tokio::time::timeout(STEP, ws.next()).await {
            Ok(Some(Ok(message))) => message,
            Ok(Some(Err(e))) => panic!("websocket failed: {e}"),
            Ok(None) => panic!("websocket ended"),
            Err(_) => panic!("nothing arrived in {STEP:?}"),
        }
    }

    /// The next text frame, raw (websocket pings and pongs skipped; a close fails the test).
    async fn next_text(ws: &mut Ws) -> String {
        loop {
            match next_message(ws).await {
                WsMessage::Text(text) => return text.as_str().to_owned(),
                WsMessage::Ping(_) | WsMessage::Pong(_) => {}
                other => panic!("expected a text frame, got {other:?}"),
            }
        }
    }

    async fn next_frame(ws: &mut Ws) -> Frame {
        let text = next_text(ws).await;
        match Frame::parse(&text) {
            Ok(frame) => frame,
            Err(e) => panic!("server sent a broken frame {text:?}: {e}"),
        }
    }

    /// Reads until the close frame: (code, reason). Text frames before it are skipped.
    async fn closed_with(ws: &mut Ws) -> (u16, String) {
        loop {
            match next_message(ws).await {
                WsMessage::Close(Some(frame)) => {
                    return (u16::from(frame.code), frame.reason.as_str().to_owned());
                }
                WsMessage::Close(None) => panic!("closed without a code"),
                _ => {}
            }
        }
    }

    /// Nothing but websocket control frames arrives for `time`.
    async fn quiet(ws: &mut Ws, time: Duration) {
        let deadline = tokio::time::Instant::now() + time;
        loop {
            match tokio::time::timeout_at(deadline, ws.next()).await {
                Err(_) => return,
                Ok(Some(Ok(WsMessage::Ping(_) | WsMessage::Pong(_)))) => {}
                Ok(other) => panic!("expected silence, got {other:?}"),
            }
        }
    }

    async fn send(ws: &mut Ws, text: &str) {
        if let Err(e) = ws.send(WsMessage::text(text)).await {
            panic!("send failed: {e}");
        }
    }

    /// Connects and reads `connection_established`: (socket, socket id).
    async fn open(sim: &SimHandle) -> (Ws, String) {
        let mut ws = connect(&good_url(sim)).await;
        let frame = next_frame(&mut ws).await;
        let Some(established) = Established::from_frame(&frame) else {
            panic!("expected connection_established, got {frame:?}")
        };
        (ws, established.socket_id)
    }

    /// A ping answered by a pong (with no data from push1st, `{}` from the legacy server).
    async fn ping_pong(ws: &mut Ws) {
        send(ws, &Frame::ping().to_text()).await;
        let frame = next_frame(ws).await;
        assert_eq!(frame.event, PONG);
        assert!(
            frame.data == Value::Null || frame.data == json!({}),
            "{frame:?}"
        );
    }

    /// POSTs to an auth path: (status, JSON body or null).
    async fn auth(
        sim: &SimHandle,
        token: Option<&str>,
        path: &str,
        fields: &[(&str, &str)],
        form: bool,
    ) -> (reqwest::StatusCode, Value) {
        let mut request = Client::new()
            .post(format!("{}{path}", sim.base_url()))
            .header("Accept", "application/json");
        if let Some(token) = token {
            request = request.header("Authorization", token);
        }
        request = if form {
            // What pusher-js sends (reqwest's `form` needs a feature this crate does not use).
            let body = url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(fields)
                .finish();
            request
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(body)
        } else {
            let body: serde_json::Map<String, Value> = fields
                .iter()
                .map(|(k, v)| ((*k).to_owned(), json!(v)))
                .collect();
            request.json(&body)
        };
        match request.send().await {
            Ok(r) => {
                let status = r.status();
                (status, r.json().await.unwrap_or(Value::Null))
            }
            Err(e) => panic!("auth request failed: {e}"),
        }
    }

    /// Auth over REST, then subscribe to the user's channel and expect success.
    async fn subscribe_own(sim: &SimHandle, ws: &mut Ws, token: &str, socket: &str, user: u64) {
        let channel = user_channel(user);
        let (status, body) = auth(
            sim,
            Some(token),
            DEFAULT_AUTH_PATH,
            &[("socket_id", socket), ("channel_name", &channel)],
            true,
        )
        .await;
        assert_eq!(status, reqwest::StatusCode::OK, "{body}");
        let signature = body["auth"].as_str().unwrap_or_default();
        send(ws, &Frame::subscribe(&channel, signature).to_text()).await;
        let frame = next_frame(ws).await;
        assert_eq!(frame.event, SUBSCRIPTION_SUCCEEDED, "{frame:?}");
        assert_eq!(frame.channel.as_deref(), Some(channel.as_str()));
    }

    async fn wait_until(what: &str, condition: impl Fn() -> bool) {
        let deadline = Instant::now() + STEP;
        while !condition() {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    #[tokio::test]
    async fn wsurl_names_push1sts_raw_path_and_the_pusher_endpoint_greets_as_push1st_does() {
        let sim = sim(SimConfig::default()).await;
        let (token, _) = login(&sim, "demo").await;
        let wsurl: Value = match Client::new()
            .get(format!("{}/api/v1/wsurl", sim.base_url()))
            .header("Authorization", &token)
            .send()
            .await
        {
            Ok(r) => r.json().await.unwrap_or(Value::Null),
            Err(e) => panic!("wsurl failed: {e}"),
        };
        assert_eq!(wsurl["path"], ANNOUNCED_PATH);
        // The Android SDK's model: a string.
        assert_eq!(wsurl["is_encrypted"], "false");
        // What `wsurl` names is push1st's raw protocol: a Pusher client is closed at once, with 1008.
        let url = format!(
            "{}/app/{}?protocol=7&client=test&version=1&flash=false",
            wsurl["ws_url"].as_str().unwrap_or_default(),
            wsurl["app_key"].as_str().unwrap_or_default()
        );
        let mut raw = connect(&url).await;
        match next_message(&mut raw).await {
            WsMessage::Close(Some(frame)) => assert_eq!(u16::from(frame.code), 1008),
            other => panic!("expected a close with 1008, got {other:?}"),
        }
        assert_eq!(sim.live_connection_count(), 0);

        // At /pusher: push1st's greeting, `activity_timeout` as a string.
        let mut ws = connect(&good_url(&sim)).await;
        let text = next_text(&mut ws).await;
        let raw: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        assert_eq!(raw["event"], CONNECTION_ESTABLISHED);
        let data: Value =
            serde_json::from_str(raw["data"].as_str().unwrap_or_default()).unwrap_or(Value::Null);
        assert_eq!(data["activity_timeout"], "40", "{text}");
        assert!(protocol::is_valid_socket_id(
            data["socket_id"].as_str().unwrap_or_default()
        ));
        // A pong without data.
        send(&mut ws, &Frame::ping().to_text()).await;
        assert_eq!(next_text(&mut ws).await, r#"{"event":"pusher:pong"}"#);
        sim.shutdown();
    }

    #[tokio::test]
    async fn the_handshake_announces_a_fresh_socket_id() {
        let sim = sim(legacy()).await;
        let (token, _) = login(&sim, "demo").await;
        let wsurl: Value = match Client::new()
            .get(format!("{}/api/v1/wsurl", sim.base_url()))
            .header("Authorization", &token)
            .send()
            .await
        {
            Ok(r) => r.json().await.unwrap_or(Value::Null),
            Err(e) => panic!("wsurl failed: {e}"),
        };
        assert_eq!(wsurl["path"], ANNOUNCED_PATH);
        assert_eq!(wsurl["is_encrypted"], false);
        let url = format!(
            "{}/app/{}?protocol=7&client=test&version=1&flash=false",
            wsurl["ws_url"].as_str().unwrap_or_default(),
            wsurl["app_key"].as_str().unwrap_or_default()
        );
        let mut first = connect(&url).await;
        let text = next_text(&mut first).await;
        let raw: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        assert_eq!(raw["event"], CONNECTION_ESTABLISHED);
        let Some(data) = raw["data"].as_str() else {
            panic!("data must be a JSON-encoded string: {text}")
        };
        let data: Value = serde_json::from_str(data).unwrap_or(Value::Null);
        assert_eq!(data["activity_timeout"], 40);
        let first_id = data["socket_id"].as_str().unwrap_or_default().to_owned();
        assert!(protocol::is_valid_socket_id(&first_id), "{first_id}");

        let (_second, second_id) = open(&sim).await;
        assert_ne!(first_id, second_id);
        assert_eq!(sim.live_connection_count(), 2);
        drop(first);
        wait_until("the closed socket to leave", || {
            sim.live_connection_count() == 1
        })
        .await;
        sim.shutdown();
    }

    #[tokio::test]
    async fn wrong_keys_and_protocols_are_refused_with_their_codes() {
        let sim = sim(SimConfig::default()).await;
        let cases = [
            (ws_url(&sim, "nope", "?protocol=7"), 4001),
            (ws_url(&sim, sim.app_key(), ""), 4008),
            (ws_url(&sim, sim.app_key(), "?client=js"), 4008),
            (ws_url(&sim, sim.app_key(), "?protocol=6"), 4007),
            (ws_url(&sim, sim.app_key(), "?protocol=seven"), 4007),
        ];
        for (url, code) in cases {
            let mut ws = connect(&url).await;
            let frame = next_frame(&mut ws).await;
            assert_eq!(frame.event, ERROR, "{url}");
            assert_eq!(frame.data["code"], code, "{url}");
            assert_eq!(closed_with(&mut ws).await.0, code, "{url}");
        }
        assert_eq!(sim.live_connection_count(), 0);
        sim.shutdown();
    }

    #[tokio::test]
    async fn the_auth_route_signs_only_the_callers_channel() {
        let sim = sim(two_users()).await;
        let (token, user) = login(&sim, "demo").await;
        let (_, other) = login(&sim, "other").await;
        let own = user_channel(user);
        let theirs = user_channel(other);
        let path = DEFAULT_AUTH_PATH;

        let fields = [("socket_id", "1234.5678"), ("channel_name", own.as_str())];
        let (status, body) = auth(&sim, None, path, &fields, true).await;
        assert_eq!(status, reqwest::StatusCode::UNAUTHORIZED);
        assert_eq!(body, json!({"message": "Unauthenticated."}));
        let (status, _) = auth(&sim, Some("Bearer wrong"), path, &fields, false).await;
        assert_eq!(status, reqwest::StatusCode::UNAUTHORIZED);

        let expected = format!(
            "{}:{}",
            sim.app_key(),
            auth_signature(sim.app_secret(), "1234.5678", &own)
        );
        for form in [true, false] {
            let (status, body) = auth(&sim, Some(&token), path, &fields, form).await;
            assert_eq!(status, reqwest::StatusCode::OK, "form {form}: {body}");
            assert_eq!(body, json!({"auth": expected}), "form {form}");
        }

        for channel in [theirs.as_str(), "private-user.x", "user.1", ""] {
            let fields = [("socket_id", "1234.5678"), ("channel_name", channel)];
            let (status, body) = auth(&sim, Some(&token), path, &fields, true).await;
            assert_eq!(status, reqwest::StatusCode::FORBIDDEN, "{channel}");
            assert_eq!(body, json!({"message": "This action is unauthorized."}));
        }
        let (status, _) = auth(
            &sim,
            Some(&token),
            path,
            &[("channel_name", own.as_str())],
            true,
        )
        .await;
        assert_eq!(status, reqwest::StatusCode::UNPROCESSABLE_ENTITY);
        for socket in ["12345678", "1.2.3", "a.1", "1234.5678:x"] {
            let fields = [("socket_id", socket), ("channel_name", own.as_str())];
            let (status, _) = auth(&sim, Some(&token), path, &fields, false).await;
            assert_eq!(
                status,
                reqwest::StatusCode::UNPROCESSABLE_ENTITY,
                "{socket}"
            );
        }
        for absent in ["/broadcasting/auth", "/api/broadcasting/auth"] {
            let (status, _) = auth(&sim, Some(&token), absent, &fields, true).await;
            assert_eq!(status, reqwest::StatusCode::NOT_FOUND, "{absent}");
        }
        // The REST delay does not apply.
        sim.set_request_delay(STEP * 2);
        let (status, _) = auth(&sim, Some(&token), path, &fields, true).await;
        assert_eq!(status, reqwest::StatusCode::OK);
        sim.shutdown();
    }

    #[tokio::test]
    async fn the_session_channel_is_signed_for_its_own_session_only() {
        let sim = sim(SimConfig::default()).await;
        let (token, _, session) = login_session(&sim, "demo").await;
        let (_, _, other_session) = login_session(&sim, "demo").await;
        let own = token_channel(&session);
        let fields = [("socket_id", "1.2"), ("channel_name", own.as_str())];
        let (status, body) = auth(&sim, Some(&token), DEFAULT_AUTH_PATH, &fields, true).await;
        assert_eq!(status, reqwest::StatusCode::OK, "{body}");
        assert_eq!(
            body["auth"],
            channel_auth(sim.app_key(), sim.app_secret(), "1.2", &own)
        );
        let theirs = token_channel(&other_session);
        let fields = [("socket_id", "1.2"), ("channel_name", theirs.as_str())];
        let (status, _) = auth(&sim, Some(&token), DEFAULT_AUTH_PATH, &fields, true).await;
        assert_eq!(status, reqwest::StatusCode::FORBIDDEN);
        sim.shutdown();
    }

    #[tokio::test]
    async fn auth_paths_are_configurable() {
        let sim = sim(SimConfig {
            auth_paths: vec!["/broadcasting/auth".to_owned()],
            ..SimConfig::default()
        })
        .await;
        let (token, user) = login(&sim, "demo").await;
        let own = user_channel(user);
        let fields = [("socket_id", "1.2"), ("channel_name", own.as_str())];
        for absent in ["/api/v1/broadcasting/auth", "/api/broadcasting/auth"] {
            let (status, body) = auth(&sim, Some(&token), absent, &fields, true).await;
            assert_eq!(status, reqwest::StatusCode::NOT_FOUND, "{absent}");
            assert!(body["message"].is_string());
        }
        let (status, body) = auth(&sim, Some(&token), "/broadcasting/auth", &fields, true).await;
        assert_eq!(status, reqwest::StatusCode::OK);
        assert_eq!(
            body["auth"],
            channel_auth(sim.app_key(), sim.app_secret(), "1.2", &own)
        );
        sim.shutdown();
    }

    #[tokio::test]
    async fn a_bad_signature_closes_the_socket_with_a_protocol_error_and_no_explanation() {
        let sim = sim(SimConfig::default()).await;
        let (token, user) = login(&sim, "demo").await;
        let channel = user_channel(user);
        let other_socket = channel_auth(sim.app_key(), sim.app_secret(), "1.1", &channel);
        for attempt in [
            Frame::subscribe(&channel, &other_socket).to_text(),
            Frame::subscribe(&channel, "nonsense").to_text(),
            json!({"event": SUBSCRIBE, "data": {"channel": channel}}).to_string(),
            json!({"event": SUBSCRIBE, "data": {"channel": ""}}).to_string(),
            json!({"event": SUBSCRIBE, "data": "not an object"}).to_string(),
        ] {
            let (mut ws, _) = open(&sim).await;
            send(&mut ws, &attempt).await;
            // push1st says nothing: no `pusher:error`, no `pusher:subscription_error`, only the close.
            match next_message(&mut ws).await {
                WsMessage::Close(Some(frame)) => {
                    assert_eq!(u16::from(frame.code), 1002, "{attempt}")
                }
                other => panic!("{attempt}: expected a close, got {other:?}"),
            }
        }
        assert_eq!(sim.subscriber_count(user), 0);
        let (mut ws, socket) = open(&sim).await;
        subscribe_own(&sim, &mut ws, &token, &socket, user).await;
        assert_eq!(sim.subscriber_count(user), 1);
        sim.shutdown();
    }

    #[tokio::test]
    async fn a_bad_signature_is_refused_and_the_socket_stays_open() {
        let sim = sim(legacy()).await;
        let (token, user) = login(&sim, "demo").await;
        let (mut ws, socket) = open(&sim).await;
        let channel = user_channel(user);
        // Signed for another socket, garbage, and missing.
        let other_socket = channel_auth(sim.app_key(), sim.app_secret(), "1.1", &channel);
        let attempts = [
            Frame::subscribe(&channel, &other_socket).to_text(),
            Frame::subscribe(&channel, "nonsense").to_text(),
            json!({"event": SUBSCRIBE, "data": {"channel": channel}}).to_string(),
        ];
        for attempt in attempts {
            send(&mut ws, &attempt).await;
            let frame = next_frame(&mut ws).await;
            assert_eq!(frame.event, SUBSCRIPTION_ERROR, "{attempt}");
            assert_eq!(frame.channel.as_deref(), Some(channel.as_str()));
            assert_eq!(frame.data["type"], "AuthError");
            assert_eq!(frame.data["status"], 401);
            assert!(frame.data["error"].is_string());
        }
        assert_eq!(sim.subscriber_count(user), 0);
        ping_pong(&mut ws).await;

        // Data as a JSON-encoded string is accepted too.
        let good = channel_auth(sim.app_key(), sim.app_secret(), &socket, &channel);
        let as_string = json!({
            "event": SUBSCRIBE,
            "data": json!({"channel": channel, "auth": good}).to_string(),
        });
        send(&mut ws, &as_string.to_string()).await;
        let frame = next_frame(&mut ws).await;
        assert_eq!(frame.event, SUBSCRIPTION_SUCCEEDED);
        assert_eq!(sim.subscriber_count(user), 1);

        send(
            &mut ws,
            &json!({"event": UNSUBSCRIBE, "data": {"channel": channel}}).to_string(),
        )
        .await;
        wait_until("the unsubscription", || sim.subscriber_count(user) == 0).await;
        // A public channel needs no auth.
        send(&mut ws, &Frame::subscribe("news", "").to_text()).await;
        let frame = next_frame(&mut ws).await;
        assert_eq!(frame.event, SUBSCRIPTION_SUCCEEDED);
        assert_eq!(frame.channel.as_deref(), Some("news"));
        subscribe_own(&sim, &mut ws, &token, &socket, user).await;
        assert_eq!(sim.subscriber_count(user), 1);
        sim.shutdown();
    }

    #[tokio::test]
    async fn codes_come_as_push1st_relays_laravels_notification_to_the_users_other_sockets_only() {
        let sim = sim(two_users()).await;
        let (token, user) = login(&sim, "demo").await;
        let (other_token, other) = login(&sim, "other").await;
        let (mut a, a_id) = open(&sim).await;
        let (mut b, b_id) = open(&sim).await;
        let (mut c, c_id) = open(&sim).await;
        subscribe_own(&sim, &mut a, &token, &a_id, user).await;
        subscribe_own(&sim, &mut b, &token, &b_id, user).await;
        subscribe_own(&sim, &mut c, &other_token, &c_id, other).await;

        let intercom = sim.intercom_ids("demo")[0];
        let expires = (sim.now() + chrono::Duration::hours(1))
            .format("%Y-%m-%d %H:%M")
            .to_string();
        let response = Client::new()
            .post(format!(
                "{}/api/v1/intercom/{intercom}/codes",
                sim.base_url()
            ))
            .header("Authorization", &token)
            .header("X-Socket-ID", &a_id)
            .json(&json!({"title": "Guest", "expired_at": expires}))
            .send()
            .await;
        let code: Value = match response {
            Ok(r) if r.status().is_success() => r.json().await.unwrap_or(Value::Null),
            Ok(r) => panic!("create answered {}", r.status()),
            Err(e) => panic!("create failed: {e}"),
        };

        let text = next_text(&mut b).await;
        let raw: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        assert_eq!(
            raw["event"],
            "Illuminate\\Notifications\\Events\\BroadcastNotificationCreated"
        );
        assert_eq!(raw["channel"], user_channel(user));
        // push1st's own keys beside the event's.
        assert_eq!(raw["#msg-from"], "api", "{text}");
        assert!(
            raw["#msg-id"].is_u64() && raw["#msg-time"].is_u64(),
            "{text}"
        );
        let Some(data) = raw["data"].as_str() else {
            panic!("push data must be a JSON-encoded string: {text}")
        };
        let notification: Value = serde_json::from_str(data).unwrap_or(Value::Null);
        assert_eq!(notification["type"], "intercom.code.store");
        assert_eq!(notification["intercom_code"], code);
        assert_eq!(notification["deleted_ids"], Value::Null);
        assert!(notification["id"].is_string());

        // A made the code and C is another user: neither hears of it.
        quiet(&mut a, Duration::from_millis(300)).await;
        quiet(&mut c, Duration::from_millis(50)).await;
        ping_pong(&mut a).await;
        ping_pong(&mut c).await;

        // Without X-Socket-ID every socket of the user gets it (here: a deletion by another desk).
        assert_eq!(
            sim.delete_codes("demo", &[code["id"].as_u64().unwrap_or(0)]),
            1
        );
        for ws in [&mut a, &mut b] {
            let frame = next_frame(ws).await;
            assert_eq!(frame.data["type"], "intercom.code.delete");
            assert_eq!(frame.data["deleted_ids"], json!([code["id"]]));
            assert_eq!(frame.data["intercom_code"], Value::Null);
        }
        quiet(&mut c, Duration::from_millis(100)).await;
        sim.shutdown();
    }

    #[tokio::test]
    async fn a_session_ended_elsewhere_hears_a_logout_token_push_on_its_own_channel() {
        let sim = sim(SimConfig::default()).await;
        let (token, user, session) = login_session(&sim, "demo").await;
        let (other_token, _, other_session) = login_session(&sim, "demo").await;
        let (mut ws, socket) = open(&sim).await;
        let (mut other_ws, other_socket) = open(&sim).await;
        for (ws, token, socket, session) in [
            (&mut ws, &token, &socket, &session),
            (&mut other_ws, &other_token, &other_socket, &other_session),
        ] {
            let channel = token_channel(session);
            let (status, body) = auth(
                &sim,
                Some(token),
                DEFAULT_AUTH_PATH,
                &[("socket_id", socket), ("channel_name", &channel)],
                true,
            )
            .await;
            assert_eq!(status, reqwest::StatusCode::OK, "{body}");
            send(
                ws,
                &Frame::subscribe(&channel, body["auth"].as_str().unwrap_or_default()).to_text(),
            )
            .await;
            let text = next_text(ws).await;
            // push1st's success has no data.
            assert_eq!(
                text,
                format!(
                    r#"{{"channel":"{channel}","event":"pusher_internal:subscription_succeeded"}}"#
                )
            );
        }
        // The other device ends this session.
        let ended = Client::new()
            .post(format!("{}/api/v1/sessions/{session}", sim.base_url()))
            .header("Authorization", &other_token)
            .header("X-Socket-ID", &other_socket)
            .send()
            .await
            .map(|r| r.status());
        assert!(
            matches!(ended, Ok(status) if status.is_success()),
            "{ended:?}"
        );
        let frame = next_frame(&mut ws).await;
        assert_eq!(frame.event, "App\\Events\\TokenPush");
        assert_eq!(
            frame.channel.as_deref(),
            Some(token_channel(&session).as_str())
        );
        assert_eq!(frame.data["data"]["type"], "logout");
        assert!(frame.data["subject"].is_string());
        quiet(&mut other_ws, Duration::from_millis(200)).await;
        assert_eq!(sim.session_count("demo"), 1);
        assert_eq!(
            sim.subscriber_count(user),
            0,
            "only the session channels were joined"
        );
        sim.shutdown();
    }

    #[tokio::test]
    async fn pushes_reach_the_users_other_sockets_only() {
        let sim = sim(SimConfig {
            pushes: PushShapes::Legacy,
            ..two_users()
        })
        .await;
        let (token, user) = login(&sim, "demo").await;
        let (other_token, other) = login(&sim, "other").await;
        let (mut a, a_id) = open(&sim).await;
        let (mut b, b_id) = open(&sim).await;
        let (mut c, c_id) = open(&sim).await;
        subscribe_own(&sim, &mut a, &token, &a_id, user).await;
        subscribe_own(&sim, &mut b, &token, &b_id, user).await;
        subscribe_own(&sim, &mut c, &other_token, &c_id, other).await;

        let intercom = sim.intercom_ids("demo")[0];
        let expires = (sim.now() + chrono::Duration::hours(1))
            .format("%Y-%m-%d %H:%M")
            .to_string();
        let response = Client::new()
            .post(format!(
                "{}/api/v1/intercom/{intercom}/codes",
                sim.base_url()
            ))
            .header("Authorization", &token)
            .header("X-Socket-ID", &a_id)
            .json(&json!({"title": "Guest", "expired_at": expires}))
            .send()
            .await;
        let code: Value = match response {
            Ok(r) if r.status().is_success() => r.json().await.unwrap_or(Value::Null),
            Ok(r) => panic!("create answered {}", r.status()),
            Err(e) => panic!("create failed: {e}"),
        };

        let text = next_text(&mut b).await;
        let raw: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        assert_eq!(raw["event"], "App\\Events\\UserPush");
        assert_eq!(raw["channel"], user_channel(user));
        let Some(data) = raw["data"].as_str() else {
            panic!("push data must be a JSON-encoded string: {text}")
        };
        let envelope: Value = serde_json::from_str(data).unwrap_or(Value::Null);
        assert_eq!(envelope["type"], "intercom_code_created");
        assert_eq!(envelope["status"], "ok");
        assert_eq!(envelope["data"], code);

        // A made the code and C is another user: neither hears of it.
        quiet(&mut a, Duration::from_millis(300)).await;
        quiet(&mut c, Duration::from_millis(50)).await;
        ping_pong(&mut a).await;
        ping_pong(&mut c).await;

        // Without X-Socket-ID every socket of the user gets it (here: a deletion by another desk).
        assert_eq!(
            sim.delete_codes("demo", &[code["id"].as_u64().unwrap_or(0)]),
            1
        );
        for ws in [&mut a, &mut b] {
            let frame = next_frame(ws).await;
            assert_eq!(frame.event, "App\\Events\\UserPush");
            assert_eq!(frame.data["type"], "intercom_codes_deleted");
            assert_eq!(frame.data["data"], json!([code["id"]]));
        }
        quiet(&mut c, Duration::from_millis(100)).await;
        sim.shutdown();
    }

    #[tokio::test]
    async fn pings_are_answered_at_both_levels() {
        let sim = sim(SimConfig::default()).await;
        let (mut ws, _) = open(&sim).await;
        ping_pong(&mut ws).await;
        // Data as a string, the way some clients send it.
        send(&mut ws, r#"{"event":"pusher:ping","data":"{}"}"#).await;
        assert_eq!(next_frame(&mut ws).await.event, PONG);

        if let Err(e) = ws.send(WsMessage::Ping(b"hello"[..].into())).await {
            panic!("ping failed: {e}");
        }
        match next_message(&mut ws).await {
            WsMessage::Pong(payload) => assert_eq!(&payload[..], b"hello"),
            other => panic!("expected a websocket pong, got {other:?}"),
        }
        sim.shutdown();
    }

    #[tokio::test]
    async fn a_client_silent_for_twice_the_timeout_is_closed_with_1001_unpinged() {
        let sim = sim(SimConfig {
            activity_timeout: Duration::from_secs(1),
            ..SimConfig::default()
        })
        .await;
        let silent = async {
            let mut ws = connect(&good_url(&sim)).await;
            let established = Established::from_frame(&next_frame(&mut ws).await);
            assert_eq!(established.and_then(|e| e.activity_timeout), Some(1));
            let started = Instant::now();
            // No ping comes: push1st never pings; it closes the session as gone.
            match tokio::time::timeout(STEP, ws.next()).await {
                Ok(Some(Ok(WsMessage::Close(Some(frame))))) => {
                    assert_eq!(u16::from(frame.code), 1001)
                }
                other => panic!("expected a close with 1001, got {other:?}"),
            }
            let silent_for = started.elapsed();
            assert!(silent_for >= Duration::from_millis(1900), "{silent_for:?}");
        };
        let pinging = async {
            let (mut ws, _) = open(&sim).await;
            for _ in 0..5 {
                tokio::time::sleep(Duration::from_millis(600)).await;
                ping_pong(&mut ws).await;
            }
            ws
        };
        let ((), mut kept) = tokio::join!(silent, pinging);
        ping_pong(&mut kept).await;
        assert_eq!(sim.live_connection_count(), 1);
        let pings = sim
            .live_client_frames()
            .iter()
            .filter(|frame| frame.event == PING)
            .count();
        assert!(pings >= 6, "every ping is seen by the hooks: {pings}");
        sim.shutdown();
    }

    #[tokio::test]
    async fn a_silent_client_is_pinged_then_closed_with_4201() {
        let sim = sim(SimConfig {
            activity_timeout: Duration::from_secs(1),
            pong_grace: Duration::from_millis(400),
            ..legacy()
        })
        .await;
        let silent = async {
            let mut ws = connect(&good_url(&sim)).await;
            let established = Established::from_frame(&next_frame(&mut ws).await);
            assert_eq!(established.and_then(|e| e.activity_timeout), Some(1));
            let started = Instant::now();
            assert_eq!(next_frame(&mut ws).await.event, PING);
            assert!(started.elapsed() >= Duration::from_millis(900));
            let (code, _) = closed_with(&mut ws).await;
            assert_eq!(code, 4201);
            assert!(started.elapsed() >= Duration::from_millis(1300));
        };
        let answering = async {
            let (mut ws, _) = open(&sim).await;
            for _ in 0..2 {
                assert_eq!(next_frame(&mut ws).await.event, PING);
                send(&mut ws, &Frame::pong().to_text()).await;
            }
            ws
        };
        let ((), mut kept) = tokio::join!(silent, answering);
        ping_pong(&mut kept).await;
        assert_eq!(sim.live_connection_count(), 1);
        sim.shutdown();
    }

    #[tokio::test]
    async fn hooks_drop_push_raw_refuse_and_silence() {
        let sim = sim(SimConfig::default()).await;
        let (token, user) = login(&sim, "demo").await;
        let (mut a, a_id) = open(&sim).await;
        let (mut b, _) = open(&sim).await;
        subscribe_own(&sim, &mut a, &token, &a_id, user).await;

        assert_eq!(sim.push_raw(user, "not json {"), 1);
        assert_eq!(next_text(&mut a).await, "not json {");
        assert_eq!(sim.push_raw(user + 100, "x"), 0);
        quiet(&mut b, Duration::from_millis(50)).await;

        sim.set_live_silent(true);
        send(&mut a, &Frame::ping().to_text()).await;
        quiet(&mut a, Duration::from_millis(300)).await;
        sim.set_live_silent(false);
        ping_pong(&mut a).await;

        assert_eq!(sim.drop_live_connections(4200, "bye"), 2);
        assert_eq!(sim.live_connection_count(), 0);
        assert_eq!(sim.subscriber_count(user), 0);
        for ws in [&mut a, &mut b] {
            assert_eq!(closed_with(ws).await, (4200, "bye".to_owned()));
        }

        sim.refuse_live_connections_for(Duration::from_millis(400));
        match connect_async(good_url(&sim)).await {
            Err(tungstenite::Error::Http(response)) => assert_eq!(response.status(), 503),
            Err(e) => panic!("expected HTTP 503, got {e}"),
            Ok(_) => panic!("the upgrade should be refused"),
        }
        tokio::time::sleep(Duration::from_millis(450)).await;
        let (_c, _) = open(&sim).await;
        assert_eq!(sim.live_connection_count(), 1);
        sim.shutdown();
    }

    #[tokio::test]
    async fn the_live_endpoint_stops_and_starts_again_while_rest_stays_up() {
        let sim = sim(SimConfig::default()).await;
        let (mut gracefully, _) = open(&sim).await;
        assert_eq!(sim.stop_live_endpoint(Some(1001)), 1);
        assert_eq!(closed_with(&mut gracefully).await.0, 1001);
        match connect_async(good_url(&sim)).await {
            Err(tungstenite::Error::Http(response)) => assert_eq!(response.status(), 503),
            Err(e) => panic!("expected HTTP 503, got {e}"),
            Ok(_) => panic!("the upgrade should be refused while stopped"),
        }
        login(&sim, "demo").await;

        sim.start_live_endpoint();
        let (mut killed, _) = open(&sim).await;
        assert_eq!(sim.stop_live_endpoint(None), 1);
        // Cut without a close frame, as a killed process.
        match tokio::time::timeout(STEP, killed.next()).await {
            Ok(Some(Err(_)) | None) => {}
            Ok(Some(Ok(message))) => panic!("expected a cut connection, got {message:?}"),
            Err(_) => panic!("the connection was not cut"),
        }
        sim.start_live_endpoint();
        let (_again, _) = open(&sim).await;
        assert_eq!(sim.live_connection_count(), 1);
        sim.shutdown();
    }

    #[tokio::test]
    async fn what_push1st_does_not_take_closes_the_socket() {
        let sim = sim(SimConfig::default()).await;
        for text in [
            "not json",
            "[]",
            r#"{"event": 5}"#,
            r#"{"event":"whatever","data":{}}"#,
            r#"{"event":"pusher:pong","data":{}}"#,
        ] {
            let (mut ws, _) = open(&sim).await;
            send(&mut ws, text).await;
            assert_eq!(closed_with(&mut ws).await.0, 1002, "{text}");
        }
        // A client event on a channel is taken (and dropped), as push1st's `OnPusherPush` does.
        let (mut ws, _) = open(&sim).await;
        let client_event =
            json!({"event": "client-typing", "channel": "private-user.1", "data": {}});
        send(&mut ws, &client_event.to_string()).await;
        ping_pong(&mut ws).await;
        sim.shutdown();
    }

    #[tokio::test]
    async fn garbage_from_a_client_is_survived() {
        let sim = sim(legacy()).await;
        let (mut ws, _) = open(&sim).await;
        for text in [
            "",
            "not json",
            "[]",
            "null",
            r#"{"event": 5}"#,
            r#"{"event":"pusher:subscribe","data":null}"#,
            r#"{"event":"pusher:subscribe","data":"{broken"}"#,
            r#"{"event":"pusher:subscribe","data":{"channel":7}}"#,
            r#"{"event":"pusher:unsubscribe"}"#,
            r#"{"event":"whatever","data":{}}"#,
        ] {
            send(&mut ws, text).await;
        }
        if let Err(e) = ws
            .send(WsMessage::Binary(vec![0, 159, 146, 150].into()))
            .await
        {
            panic!("binary send failed: {e}");
        }
        // The subscribes without a channel are told so; the rest is ignored.
        for _ in 0..3 {
            let frame = next_frame(&mut ws).await;
            assert_eq!(frame.event, ERROR, "{frame:?}");
        }
        ping_pong(&mut ws).await;

        let client_event =
            json!({"event": "client-typing", "channel": "private-user.1", "data": {}});
        send(&mut ws, &client_event.to_string()).await;
        let frame = next_frame(&mut ws).await;
        assert_eq!(frame.event, ERROR);
        assert_eq!(frame.data["code"], 4301);
        ping_pong(&mut ws).await;

        let huge = format!(
            r#"{{"event":"pusher:ping","data":"{}"}}"#,
            "x".repeat(100_000)
        );
        send(&mut ws, &huge).await;
        assert_eq!(closed_with(&mut ws).await.0, 1009);
        let (mut fresh, _) = open(&sim).await;
        ping_pong(&mut fresh).await;
        sim.shutdown();
    }

    #[tokio::test]
    async fn a_socket_that_lags_behind_is_closed_with_4200() {
        let sim = sim(SimConfig::default()).await;
        let (mut ws, _) = open(&sim).await;
        sim.set_code_limit(usize::MAX);
        let intercom = sim.intercom_ids("demo")[0];
        let expires = sim.now() + chrono::Duration::hours(1);
        // This runtime has one thread: the socket task cannot read while this loop runs.
        for i in 0..1100 {
            if let Err(e) = sim.create_code("demo", intercom, &format!("Guest {i}"), expires) {
                panic!("create failed: {e}");
            }
        }
        assert_eq!(closed_with(&mut ws).await.0, 4200);
        wait_until("the lagging socket to leave", || {
            sim.live_connection_count() == 0
        })
        .await;
        sim.shutdown();
    }

    #[tokio::test]
    async fn shutdown_closes_live_sockets_with_1001() {
        let sim = sim(SimConfig::default()).await;
        let (mut a, _) = open(&sim).await;
        let (mut b, _) = open(&sim).await;
        sim.shutdown();
        for ws in [&mut a, &mut b] {
            assert_eq!(closed_with(ws).await.0, 1001);
        }
        let stopped = tokio::time::timeout(STEP, sim.stopped()).await;
        assert!(stopped.is_ok(), "the server did not stop");
        wait_until("every socket to leave", || sim.live_connection_count() == 0).await;
    }

    #[tokio::test]
    async fn huge_durations_do_not_overflow() {
        let sim = sim(SimConfig {
            activity_timeout: Duration::MAX,
            pong_grace: Duration::MAX,
            ..SimConfig::default()
        })
        .await;
        let (mut ws, _) = open(&sim).await;
        ping_pong(&mut ws).await;
        sim.refuse_live_connections_for(Duration::MAX);
        assert!(connect_async(good_url(&sim)).await.is_err());
        sim.refuse_live_connections_for(Duration::ZERO);
        let (mut fresh, _) = open(&sim).await;
        ping_pong(&mut fresh).await;
        sim.shutdown();
    }

    #[test]
    fn constant_time_eq_compares_whole_strings() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(constant_time_eq(b"", b""));
    }
}
