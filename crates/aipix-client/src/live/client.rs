//! The live client: one task that connects, authorises, subscribes, keeps the socket alive and reconnects,
//! reporting everything as [`LiveEvent`]s.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt as _, StreamExt as _};
use parking_lot::Mutex;
use tokio::net::TcpStream;
use tokio::sync::{mpsc, watch};
use tokio::time::{Instant, sleep, sleep_until, timeout};
use tokio_tungstenite::tungstenite::error::ProtocolError;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream};
use url::Url;

use super::backoff::{Backoff, Jitter};
use super::close::{CloseClass, close_class, describe_code};
use super::events::{LiveEvent, Push};
use crate::api::{ApiError, Client, WsUrl};
use pusher_wire::{self as protocol, Established, Frame};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// The auth routes a Laravel application may have, tried in this order: the vendor's SDKs use
/// `{base}api/v1/broadcasting/auth` (`aipix-dev/vms-mobile-sdk-android` `socket/VMSPusherApi.kt`,
/// `aipix-dev/vms-mobile-sdk-ios` `Network/SocketApi/VMSPusherApi.swift`), then Laravel's own defaults.
pub const DEFAULT_AUTH_PATHS: [&str; 3] = [
    "/api/v1/broadcasting/auth",
    "/broadcasting/auth",
    "/api/broadcasting/auth",
];

/// Where a Pusher endpoint may be when the path `wsurl` names refuses a Pusher client: push1st's Pusher endpoint
/// (`/pusher/`, `aipix-dev/aipix-deploy` `push1st/server.yml.sample`; the deployed `/ws/` is push1st's raw
/// websocket protocol, which closes a Pusher client at once), then the root, where plain Pusher servers listen.
/// The Android SDK also falls back to `/pusher` (`VMSPusherApi.Builder`).
pub const FALLBACK_LIVE_PATHS: [&str; 2] = ["/pusher", ""];

/// The vendor's SDKs ping every 25 s and give a pong 12.5 s (`PING_TIMEOUT`, `PONG_TIMEOUT` in
/// `socket/VMSPusherApi.kt`); push1st closes a session that sent nothing for twice its `activity_timeout`.
const SDK_PING_EVERY: Duration = Duration::from_secs(25);
const SDK_PONG_WITHIN: Duration = Duration::from_millis(12_500);

/// The live channel's message cap (see [`LiveConfig::max_message_size`]): 256 KiB.
pub const MAX_MESSAGE_SIZE: usize = 256 << 10;

/// The websocket close code for a protocol error: push1st's answer to a subscription it refuses.
const PROTOCOL_ERROR: u16 = 1002;

#[derive(Debug, Clone)]
pub struct LiveConfig {
    /// Channel authorisation endpoints, tried in order until one exists; it is kept from then on.
    pub auth_paths: Vec<String>,
    /// Our longest silence before a ping; the server's `activity_timeout`, when shorter, wins.
    pub activity_timeout: Duration,
    /// How long a ping may go unanswered before the connection counts as dead.
    pub pong_timeout: Duration,
    /// The limit for each step of connecting: the socket, the greeting, the authorisation, the subscription.
    pub handshake_timeout: Duration,
    /// The shortest wait between attempts; the wait grows with the outage (see [`Backoff`]).
    pub backoff_floor: Duration,
    /// The longest wait between attempts.
    pub backoff_max: Duration,
    /// A close asking for an immediate reconnect (4200–4299) is granted one at most this often.
    pub at_once_spacing: Duration,
    /// A connection the server ends young (sooner than the desk waited for it, at most this long after
    /// subscribing), when the desk got back in at the first attempt, doubles the next wait (see [`Backoff`]); one
    /// that stays up longer clears the doubling.
    pub backoff_hold: Duration,
    /// Where each wait's jitter comes from (random; fixed in tests that must know every wait).
    pub jitter: Jitter,
    /// The largest message accepted; a larger one costs a reconnect and a resync. A real push is a few KB (a
    /// code object at the longest the models keep, in push1st's doubly encoded frame, is under 16 KB; push1st
    /// itself takes at most 64 KB from the application), so the cap leaves a wide margin and still bounds what a
    /// server can make the desk hold.
    pub max_message_size: usize,
    /// `wsurl` is rate limited (20 calls in 5 minutes): its answer is kept this long.
    pub settings_max_age: Duration,
    /// What is learned per server: its `wsurl` answer and the live path that answered. Clones of this
    /// configuration share it, so every session and account on one server asks `wsurl` once and starts where
    /// the last one found the endpoint.
    pub servers: LiveServers,
}

impl Default for LiveConfig {
    fn default() -> Self {
        Self {
            auth_paths: DEFAULT_AUTH_PATHS.iter().map(|p| (*p).to_owned()).collect(),
            activity_timeout: SDK_PING_EVERY,
            pong_timeout: SDK_PONG_WITHIN,
            handshake_timeout: Duration::from_secs(10),
            backoff_floor: Duration::from_millis(500),
            backoff_max: Duration::from_secs(30),
            at_once_spacing: Duration::from_secs(3),
            backoff_hold: Duration::from_secs(10),
            jitter: Jitter::random(),
            max_message_size: MAX_MESSAGE_SIZE,
            settings_max_age: Duration::from_secs(30 * 60),
            servers: LiveServers::default(),
        }
    }
}

/// What the live client learns per server (keyed by its REST address): the `wsurl` answer and the live path
/// that answered. Cheap to clone; clones share what they learn.
#[derive(Debug, Clone, Default)]
pub struct LiveServers(Arc<Mutex<HashMap<String, Learned>>>);

#[derive(Debug, Default)]
struct Learned {
    /// The live path that last greeted a Pusher client.
    path: Option<String>,
    /// The `wsurl` answer and when it came. An async lock, held across the request, so that sessions starting
    /// together on one server wait for a single request instead of each spending one of the server's 20.
    settings: Arc<tokio::sync::Mutex<Option<(WsUrl, Instant)>>>,
}

impl LiveServers {
    /// The path that last worked for `server`.
    pub fn path(&self, server: &str) -> Option<String> {
        self.0
            .lock()
            .get(server)
            .and_then(|learned| learned.path.clone())
    }

    fn remember_path(&self, server: &str, path: &str) {
        self.0.lock().entry(server.to_owned()).or_default().path = Some(path.to_owned());
    }

    fn forget_path(&self, server: &str) {
        if let Some(learned) = self.0.lock().get_mut(server) {
            learned.path = None;
        }
    }

    /// Drops `server`'s `wsurl` answer if older than `age`. One being fetched right now is left alone: it is new.
    fn forget_settings_older_than(&self, server: &str, age: Duration) {
        let Some(slot) = self
            .0
            .lock()
            .get(server)
            .map(|learned| Arc::clone(&learned.settings))
        else {
            return;
        };
        if let Ok(mut kept) = slot.try_lock()
            && kept.as_ref().is_some_and(|(_, at)| at.elapsed() >= age)
        {
            *kept = None;
        }
    }

    /// `server`'s live settings: the answer kept while younger than `max_age`, else a fresh one from `api`.
    async fn settings(
        &self,
        server: &str,
        api: &Client,
        max_age: Duration,
    ) -> Result<WsUrl, ApiError> {
        let slot = Arc::clone(&self.0.lock().entry(server.to_owned()).or_default().settings);
        let mut kept = slot.lock().await;
        if let Some((settings, at)) = kept.as_ref()
            && at.elapsed() < max_age
        {
            return Ok(settings.clone());
        }
        let settings = api.ws_url().await?;
        *kept = Some((settings.clone(), Instant::now()));
        Ok(settings)
    }
}

/// Keeps the live task running; dropping it (or [`LiveHandle::stop`]) ends the task and closes the socket.
#[derive(Debug)]
pub struct LiveHandle {
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl LiveHandle {
    /// Stops the task and waits until the socket is closed.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

/// Starts the live client for the signed-in user of `api` on the current tokio runtime.
pub fn spawn(
    api: Client,
    config: LiveConfig,
    events: mpsc::UnboundedSender<LiveEvent>,
) -> LiveHandle {
    let (stop, stop_rx) = watch::channel(false);
    let backoff = Backoff::new(
        config.backoff_floor,
        config.backoff_max,
        config.at_once_spacing,
        config.backoff_hold,
        config.jitter.clone(),
    );
    let worker = Worker {
        api,
        config,
        events,
        stop: stop_rx,
        auth_path: None,
        backoff,
        token_refused: false,
    };
    LiveHandle {
        stop,
        task: tokio::spawn(worker.run()),
    }
}

/// Why one connection ended, and what to do next.
#[derive(Debug)]
enum Ending {
    /// Do not reconnect.
    Stop(String),
    /// Do not reconnect: the server announced its live channel without encryption (this address) while its REST
    /// address is https, and nothing answers with encryption there.
    Unencrypted(String),
    /// Reconnect after the wait that `class` asks for (or exactly `after`, when the server said). `closed_with`:
    /// the close code, when the server closed the socket with one.
    Retry {
        reason: String,
        class: CloseClass,
        after: Option<Duration>,
        closed_with: Option<u16>,
    },
}

impl Ending {
    fn retry(reason: impl Into<String>) -> Self {
        Ending::Retry {
            reason: reason.into(),
            class: CloseClass::BackOff,
            after: None,
            closed_with: None,
        }
    }

    fn from_close(code: Option<u16>, reason: &str) -> Self {
        let text = match (code, reason.trim()) {
            (Some(code), "") => format!("{} ({code})", describe_code(code)),
            (Some(code), said) => format!("{} ({code}: {said})", describe_code(code)),
            (None, _) => "the connection was lost".to_owned(),
        };
        match close_class(code) {
            CloseClass::Stop => Ending::Stop(text),
            class => Ending::Retry {
                reason: text,
                class,
                after: None,
                closed_with: code,
            },
        }
    }

    /// A socket that failed. A message it could not take (too large, not UTF-8, broken framing) came from a server
    /// that is otherwise up: reconnect at once and resync, rather than wait as for a server that went away.
    fn from_socket_error(error: &WsError) -> Self {
        let unreadable = match error {
            WsError::Capacity(_) | WsError::Utf8(_) => true,
            // A connection that just ended is a server that went away, not a message we could not read.
            WsError::Protocol(problem) => !matches!(
                problem,
                ProtocolError::ResetWithoutClosingHandshake | ProtocolError::HandshakeIncomplete
            ),
            _ => false,
        };
        Ending::Retry {
            reason: if unreadable {
                format!("a message could not be read: {error}")
            } else {
                format!("the connection failed: {error}")
            },
            class: if unreadable {
                CloseClass::Now
            } else {
                CloseClass::BackOff
            },
            after: None,
            closed_with: None,
        }
    }

    fn from_api(error: ApiError) -> Self {
        match error {
            ApiError::Unauthorized
            | ApiError::NotSignedIn
            | ApiError::UntrustedCertificate { .. }
            | ApiError::CertificateChanged { .. }
            | ApiError::TlsSetup(_) => Ending::Stop(error.to_string()),
            ApiError::RateLimited { retry_after } => Ending::Retry {
                reason: error.to_string(),
                class: CloseClass::BackOff,
                after: retry_after,
                closed_with: None,
            },
            other => Ending::retry(other.to_string()),
        }
    }
}

/// What came off the socket.
enum Incoming {
    Frame(Frame),
    /// A frame that is not one: logged and skipped, never fatal.
    Garbage,
    Ended(Ending),
}

/// How opening one live path went.
enum Opened {
    /// The server greeted us: a Pusher endpoint.
    Greeted(Box<Socket>, Established),
    /// This path is not a Pusher endpoint: the upgrade was refused (404, 400, …) or the socket was closed before
    /// the greeting (push1st's raw `/ws/` closes a Pusher client with 1008). The next path may be.
    Refused(String),
    /// The server is unreachable, slow, or refused us for a reason no other path changes.
    Failed(Ending),
}

/// The channels of one connection: the user's (required) and this session's (when the server signs it).
struct Channels {
    user: String,
    token: Option<String>,
}

impl Channels {
    fn all(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.user.as_str()).chain(self.token.as_deref())
    }

    fn contains(&self, channel: Option<&str>) -> bool {
        channel.is_some_and(|channel| self.all().any(|ours| ours == channel))
    }
}

struct Worker {
    api: Client,
    config: LiveConfig,
    events: mpsc::UnboundedSender<LiveEvent>,
    stop: watch::Receiver<bool>,
    auth_path: Option<String>,
    backoff: Backoff,
    /// The server refused the session's channel by closing the socket (push1st's answer to a bad signature):
    /// from then on the user's channel is followed alone.
    token_refused: bool,
}

impl Worker {
    async fn run(mut self) {
        let mut attempt = 0u32;
        loop {
            attempt = attempt.saturating_add(1);
            self.emit(LiveEvent::Connecting { attempt });
            let mut stop = self.stop.clone();
            let ending = tokio::select! {
                ending = self.connect_and_listen() => ending,
                () = stopped(&mut stop) => Ending::Stop("stopped".into()),
            };
            self.api.set_socket_id(None);
            match ending {
                Ending::Stop(reason) => {
                    self.emit(LiveEvent::Stopped { reason });
                    return;
                }
                Ending::Unencrypted(announced) => {
                    tracing::warn!(
                        announced,
                        "the live channel is offered only without encryption: not followed"
                    );
                    self.emit(LiveEvent::Unencrypted {
                        announced: announced.clone(),
                    });
                    self.emit(LiveEvent::Stopped {
                        reason: format!(
                            "the server offers its live channel only without encryption ({announced}), while its \
                             address is https: not followed"
                        ),
                    });
                    return;
                }
                Ending::Retry {
                    reason,
                    class,
                    after,
                    ..
                } => {
                    let scheduled = self
                        .backoff
                        .next_delay(Instant::now(), class == CloseClass::Now);
                    // A wait the server named (Retry-After) is the one kept.
                    let wait = after.unwrap_or(scheduled);
                    tracing::info!(%reason, ?wait, "live connection lost");
                    self.emit(LiveEvent::Disconnected {
                        reason,
                        retry_in: wait,
                    });
                    let mut stop = self.stop.clone();
                    tokio::select! {
                        () = sleep(wait) => {}
                        () = stopped(&mut stop) => {
                            self.emit(LiveEvent::Stopped { reason: "stopped".into() });
                            return;
                        }
                    }
                }
            }
            if self.events.is_closed() {
                return;
            }
        }
    }

    fn emit(&self, event: LiveEvent) {
        // Nobody listening means the app is gone; the stop signal ends this task soon after.
        let _ = self.events.send(event);
    }

    /// One connection, from the first byte to its end.
    async fn connect_and_listen(&mut self) -> Ending {
        let Some(session) = self.api.session() else {
            return Ending::Stop("not signed in".into());
        };
        let settings = match self.settings().await {
            Ok(settings) => settings,
            Err(error) => return Ending::from_api(error),
        };
        let (mut socket, established) = match self.open_any_path(&settings).await {
            Ok(opened) => opened,
            Err(ending) => return ending,
        };
        let mut channels = Channels {
            user: protocol::user_channel(session.user.id),
            // A server that does not name the session (`access_token_id` is optional in both SDKs) gets no token
            // channel: the user channel alone.
            token: session
                .user
                .access_token_id
                .as_deref()
                .map(str::trim)
                .filter(|id| !id.is_empty() && !self.token_refused)
                .map(protocol::token_channel),
        };
        if let Err(ending) = self
            .subscribe(&mut socket, &established.socket_id, &mut channels)
            .await
        {
            return ending;
        }

        self.backoff.connected(Instant::now());
        self.api.set_socket_id(Some(established.socket_id.clone()));
        self.emit(LiveEvent::Connected {
            socket_id: established.socket_id.clone(),
        });
        // Anything pushed before this moment (or while we were away) never reached us.
        self.emit(LiveEvent::ResyncNeeded);

        let activity = ping_interval(established.activity_timeout, self.config.activity_timeout);
        self.listen(&mut socket, &channels, activity).await
    }

    /// The live settings, kept per server while fresh.
    async fn settings(&self) -> Result<WsUrl, ApiError> {
        let server = self.api.config().base_url.to_string();
        self.config
            .servers
            .settings(&server, &self.api, self.config.settings_max_age)
            .await
    }

    /// Opens the live socket: at the path that worked last for this server, else the one `wsurl` names, then the
    /// fallbacks, each tried at once while the one before is refused as no Pusher endpoint.
    async fn open_any_path(&mut self, settings: &WsUrl) -> Result<(Socket, Established), Ending> {
        let server = self.api.config().base_url.to_string();
        let remembered = self.config.servers.path(&server);
        let mut paths: Vec<String> = Vec::new();
        for path in remembered
            .iter()
            .cloned()
            .chain(std::iter::once(announced_path(settings)))
            .chain(FALLBACK_LIVE_PATHS.iter().map(|p| (*p).to_owned()))
        {
            let path = normalised_path(&path);
            if !paths.contains(&path) {
                paths.push(path);
            }
        }
        let mut refusals = Vec::new();
        for path in &paths {
            let url = match connection_url_at(settings, &self.api.config().base_url, path) {
                Ok(url) => url,
                Err(reason) => return Err(Ending::Stop(reason)),
            };
            let upgraded = url.scheme() == "wss" && !announced_encrypted(settings);
            match self.open(&url, upgraded).await {
                Opened::Greeted(socket, established) => {
                    if remembered.as_deref() != Some(path.as_str()) {
                        tracing::info!(path, "live endpoint found");
                        self.config.servers.remember_path(&server, path);
                    }
                    return Ok((*socket, established));
                }
                Opened::Refused(why) => {
                    tracing::info!(path, why, "no Pusher endpoint at this path");
                    if remembered.as_deref() == Some(path.as_str()) {
                        self.config.servers.forget_path(&server);
                    }
                    refusals.push(format!("{}: {why}", url.path()));
                }
                Opened::Failed(ending) => return Err(ending),
            }
        }
        Err(Ending::retry(format!(
            "no live endpoint answered ({})",
            refusals.join("; ")
        )))
    }

    /// Opens one socket and waits for the greeting. `upgraded`: `wsurl` announced this address without encryption,
    /// and it is asked for with encryption (see [`connection_url_at`]).
    async fn open(&mut self, url: &Url, upgraded: bool) -> Opened {
        let limits = WebSocketConfig::default()
            .max_message_size(Some(self.config.max_message_size))
            .max_frame_size(Some(self.config.max_message_size));
        // The API client's trust choice applies to `wss://` too; `None` means the platform's authorities.
        let connector = self.api.tls_config().map(Connector::Rustls);
        let connect = tokio_tungstenite::connect_async_tls_with_config(
            url.as_str(),
            Some(limits),
            true,
            connector,
        );
        let mut socket = match timeout(self.config.handshake_timeout, connect).await {
            Ok(Ok((socket, _))) => socket,
            // The upgrade was answered, and not by a websocket: no endpoint here (a server or a proxy in trouble,
            // 429 and 5xx, is not a wrong path).
            Ok(Err(WsError::Http(response)))
                if response.status().is_client_error() && response.status().as_u16() != 429 =>
            {
                return Opened::Refused(format!("HTTP {}", response.status().as_u16()));
            }
            Ok(Err(error)) => {
                // A refused certificate will not heal by retrying: the user has to decide.
                if let Some(refusal) = self.api.certificate_refusal(url, &error).await {
                    return Opened::Failed(Ending::Stop(refusal.to_string()));
                }
                if upgraded && speaks_no_tls(&error) {
                    let mut announced = url.clone();
                    let _ = announced.set_scheme("ws");
                    announced.set_query(None);
                    return Opened::Failed(Ending::Unencrypted(announced.to_string()));
                }
                // The address may have changed: ask for it again next time (the cache age still applies).
                let server = self.api.config().base_url.to_string();
                self.config
                    .servers
                    .forget_settings_older_than(&server, Duration::from_secs(60));
                return Opened::Failed(Ending::retry(format!(
                    "could not connect to {}: {error}",
                    url.host_str().unwrap_or("?")
                )));
            }
            Err(_) => {
                return Opened::Failed(Ending::retry("the live server did not answer in time"));
            }
        };
        let deadline = Instant::now() + self.config.handshake_timeout;
        loop {
            let incoming = match timeout_at(deadline, next_incoming(&mut socket)).await {
                Ok(incoming) => incoming,
                Err(ending) => return Opened::Failed(ending),
            };
            match incoming {
                Incoming::Frame(frame) => {
                    if let Some(established) = Established::from_frame(&frame) {
                        return Opened::Greeted(Box::new(socket), established);
                    }
                    if let Some(ending) = error_ending(&frame) {
                        return Opened::Failed(ending);
                    }
                }
                Incoming::Garbage => {}
                // Closed before any greeting: whatever listens here does not speak Pusher to us.
                Incoming::Ended(ending) => {
                    let why = match ending {
                        Ending::Stop(reason)
                        | Ending::Unencrypted(reason)
                        | Ending::Retry { reason, .. } => reason,
                    };
                    return Opened::Refused(format!("closed before the greeting: {why}"));
                }
            }
        }
    }

    /// Signs and subscribes every channel, and waits until the server confirms each. The session's channel is
    /// given up (with a warning) when the server will not sign or accept it; the user's channel is required.
    async fn subscribe(
        &mut self,
        socket: &mut Socket,
        socket_id: &str,
        channels: &mut Channels,
    ) -> Result<(), Ending> {
        let user_auth = self.authorize(socket_id, &channels.user).await?;
        let token_auth = match &channels.token {
            Some(token) => match self.authorize(socket_id, token).await {
                Ok(auth) => Some(auth),
                Err(Ending::Stop(reason)) if self.auth_path.is_some() => {
                    tracing::warn!(%reason, "the session's channel is not signed: following the user's only");
                    None
                }
                Err(ending) => return Err(ending),
            },
            None => None,
        };
        if token_auth.is_none() {
            channels.token = None;
        }
        send(socket, &Frame::subscribe(&channels.user, &user_auth)).await?;
        if let (Some(token), Some(auth)) = (&channels.token, &token_auth) {
            send(socket, &Frame::subscribe(token, auth)).await?;
        }
        self.subscriptions(socket, channels).await
    }

    /// Asks the application to sign our subscription, trying the auth routes until one exists.
    async fn authorize(&mut self, socket_id: &str, channel: &str) -> Result<String, Ending> {
        let paths: Vec<String> = match &self.auth_path {
            Some(known) => vec![known.clone()],
            None => self.config.auth_paths.clone(),
        };
        for path in &paths {
            let call = self.api.authorize_channel(path, socket_id, channel);
            match timeout(self.config.handshake_timeout, call).await {
                Ok(Ok(auth)) => {
                    self.auth_path = Some(path.clone());
                    return Ok(auth);
                }
                // Not this route: Laravel answers 404 (or 405) for a route it does not have.
                Ok(Err(ApiError::NotFound | ApiError::Server { status: 405, .. })) => continue,
                Ok(Err(ApiError::Forbidden)) => {
                    return Err(Ending::Stop(format!(
                        "the server does not allow listening to {channel}"
                    )));
                }
                Ok(Err(error)) => return Err(Ending::from_api(error)),
                Err(_) => {
                    return Err(Ending::retry(
                        "the channel authorisation did not answer in time",
                    ));
                }
            }
        }
        self.auth_path = None;
        Err(Ending::Stop(format!(
            "no channel authorisation route answered (tried {})",
            paths.join(", ")
        )))
    }

    /// Waits for the answers to our subscriptions. push1st answers a refused one by closing the socket, with no
    /// `pusher:error` (`navek-soft/push1st` `cpushersession.cpp`, `OnPusherSubscribe`): that is a lost
    /// connection like any other.
    async fn subscriptions(
        &mut self,
        socket: &mut Socket,
        channels: &mut Channels,
    ) -> Result<(), Ending> {
        let mut waiting: Vec<String> = channels.all().map(str::to_owned).collect();
        let deadline = Instant::now() + self.config.handshake_timeout;
        while !waiting.is_empty() {
            match timeout_at(deadline, next_incoming(socket)).await? {
                Incoming::Frame(frame) => match frame.event.as_str() {
                    protocol::SUBSCRIPTION_SUCCEEDED => {
                        waiting
                            .retain(|channel| Some(channel.as_str()) != frame.channel.as_deref());
                    }
                    protocol::SUBSCRIPTION_ERROR => {
                        let status = frame.data.get("status").and_then(serde_json::Value::as_u64);
                        let said = frame
                            .data
                            .get("error")
                            .and_then(serde_json::Value::as_str)
                            .unwrap_or("refused");
                        let channel = frame.channel.clone().unwrap_or_default();
                        if channels.token.as_deref() == Some(channel.as_str()) {
                            tracing::warn!(
                                said,
                                "the session's channel was refused: following the user's only"
                            );
                            channels.token = None;
                            waiting.retain(|waiting| *waiting != channel);
                            continue;
                        }
                        let reason =
                            format!("the subscription to {} was refused: {said}", channels.user);
                        return Err(match status {
                            Some(401 | 403) => Ending::Stop(reason),
                            _ => Ending::retry(reason),
                        });
                    }
                    protocol::PING => send(socket, &Frame::pong()).await?,
                    _ => {
                        if let Some(ending) = error_ending(&frame) {
                            return Err(ending);
                        }
                    }
                },
                Incoming::Garbage => {}
                Incoming::Ended(ending) => {
                    if refused_the_token_channel(&ending, channels, &waiting) {
                        tracing::warn!(
                            "the session's channel was refused by closing the socket: following the user's only"
                        );
                        self.token_refused = true;
                    }
                    return Err(ending);
                }
            }
        }
        Ok(())
    }

    /// The connected life: pushes, pings and pongs, until the socket ends. A ping goes out whenever we have sent
    /// nothing for `activity`: push1st counts only what the client sends (`cpushersession.h`, `IsLeaveUs`), so
    /// pushes coming in do not keep the session alive on their own.
    async fn listen(&self, socket: &mut Socket, channels: &Channels, activity: Duration) -> Ending {
        let mut last_sent = Instant::now();
        let mut ping_sent: Option<Instant> = None;
        loop {
            let wake = match ping_sent {
                Some(sent) => sent + self.config.pong_timeout,
                None => last_sent + activity,
            };
            let incoming = tokio::select! {
                incoming = next_incoming(socket) => incoming,
                () = sleep_until(wake) => {
                    if ping_sent.is_some() {
                        let _ = socket.close(None).await;
                        return Ending::Retry {
                            reason: describe_code(4201).into(),
                            class: CloseClass::Now,
                            after: None,
                            closed_with: None,
                        };
                    }
                    if let Err(ending) = send(socket, &Frame::ping()).await {
                        return ending;
                    }
                    last_sent = Instant::now();
                    ping_sent = Some(last_sent);
                    continue;
                }
            };
            // Any message at all shows the connection is alive.
            ping_sent = None;
            let frame = match incoming {
                Incoming::Frame(frame) => frame,
                Incoming::Garbage => continue,
                Incoming::Ended(ending) => return ending,
            };
            match frame.event.as_str() {
                protocol::PING => {
                    if let Err(ending) = send(socket, &Frame::pong()).await {
                        return ending;
                    }
                    last_sent = Instant::now();
                }
                protocol::PONG => {}
                event if event.starts_with("pusher") => {
                    if let Some(ending) = error_ending(&frame) {
                        let _ = socket.close(None).await;
                        return ending;
                    }
                    tracing::debug!(event = %frame.event, "live frame ignored");
                }
                event => {
                    if !channels.contains(frame.channel.as_deref()) {
                        tracing::warn!(channel = ?frame.channel, event, "a push for another channel was ignored");
                        continue;
                    }
                    let push = if is_push_event(event) {
                        Push::read(&frame.data)
                    } else {
                        // An event the SDKs do not bind: seen, and nothing more.
                        Push::Unknown {
                            kind: event.to_owned(),
                            data: frame.data,
                        }
                    };
                    let logout = matches!(push, Push::Logout { .. });
                    self.emit(LiveEvent::Push(push));
                    if logout {
                        // The session is over on the server: nothing more will be signed for it.
                        let _ = socket.close(None).await;
                        return Ending::Stop("this session was ended elsewhere".into());
                    }
                }
            }
        }
    }
}

/// The events the vendor's SDKs bind on their two channels (`VMSPusherApi.onConnect`: `TOKEN_PUSH`,
/// `USER_PUSH`, `INTERCOM_PUSH`).
fn is_push_event(event: &str) -> bool {
    protocol::USER_PUSH_EVENTS.contains(&event)
        || protocol::TOKEN_PUSH_EVENTS.contains(&event)
        || protocol::NOTIFICATION_EVENTS.contains(&event)
}

/// Whether the socket closed because the server refused the session's channel: push1st answers a bad signature by
/// closing with 1002 (`cpushersession.cpp`, `OnPusherSubscribe`), and it answers subscriptions in order, so a 1002
/// after the user's channel succeeded and while the session's waits is the session's refusal.
fn refused_the_token_channel(ending: &Ending, channels: &Channels, waiting: &[String]) -> bool {
    let Ending::Retry {
        closed_with: Some(PROTOCOL_ERROR),
        ..
    } = ending
    else {
        return false;
    };
    channels
        .token
        .as_ref()
        .is_some_and(|token| waiting.contains(token))
        && !waiting.contains(&channels.user)
}

/// How long we may stay silent before a ping: ours, or the server's `activity_timeout` when that is shorter.
fn ping_interval(server: Option<u64>, ours: Duration) -> Duration {
    server
        .map(Duration::from_secs)
        .filter(|server| !server.is_zero())
        .map_or(ours, |server| server.min(ours))
}

/// Resolves when the handle asks to stop or is dropped.
async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|stop| *stop).await;
}

async fn timeout_at<T>(deadline: Instant, future: impl Future<Output = T>) -> Result<T, Ending> {
    tokio::time::timeout_at(deadline, future)
        .await
        .map_err(|_| Ending::retry("the live server did not answer in time"))
}

/// A `pusher:error` that ends the connection: codes 4000–4099 stop (Reverb's refused subscription is 4009),
/// the other classes reconnect. Errors without a code are only logged.
fn error_ending(frame: &Frame) -> Option<Ending> {
    if frame.event != protocol::ERROR {
        return None;
    }
    let message = frame
        .data
        .get("message")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default();
    match frame.data.get("code").and_then(serde_json::Value::as_u64) {
        Some(code) => Some(Ending::from_close(u16::try_from(code).ok(), message)),
        None => {
            tracing::warn!(message, "the live server reported an error");
            None
        }
    }
}

async fn send(socket: &mut Socket, frame: &Frame) -> Result<(), Ending> {
    socket
        .send(Message::text(frame.to_text()))
        .await
        .map_err(|error| Ending::retry(format!("could not send: {error}")))
}

async fn next_incoming(socket: &mut Socket) -> Incoming {
    loop {
        let message = match socket.next().await {
            None => return Incoming::Ended(Ending::from_close(None, "")),
            Some(Err(error)) => return Incoming::Ended(Ending::from_socket_error(&error)),
            Some(Ok(message)) => message,
        };
        match message {
            Message::Text(text) => {
                return match Frame::parse(&text) {
                    Ok(frame) => Incoming::Frame(frame),
                    Err(error) => {
                        tracing::warn!(%error, "a live frame could not be read");
                        Incoming::Garbage
                    }
                };
            }
            Message::Close(close) => {
                let (code, reason) = close
                    .map(|frame| (Some(u16::from(frame.code)), frame.reason.to_string()))
                    .unwrap_or((None, String::new()));
                return Incoming::Ended(Ending::from_close(code, &reason));
            }
            // tungstenite queues the pong for a ping; flushing sends it now rather than with our next frame.
            Message::Ping(_) => {
                if let Err(error) = socket.flush().await {
                    return Incoming::Ended(Ending::retry(format!(
                        "could not answer a ping: {error}"
                    )));
                }
            }
            Message::Pong(_) | Message::Binary(_) | Message::Frame(_) => return Incoming::Garbage,
        }
    }
}

/// The path `wsurl` names: its `path`, else the path of its `ws_url`.
fn announced_path(settings: &WsUrl) -> String {
    if settings.path.trim().is_empty() {
        Url::parse(&settings.ws_url)
            .map(|url| url.path().to_owned())
            .unwrap_or_default()
    } else {
        settings.path.trim().to_owned()
    }
}

/// Whether `wsurl` announces an encrypted live channel (`is_encrypted`, or a `wss://` address).
fn announced_encrypted(settings: &WsUrl) -> bool {
    settings.is_encrypted || Url::parse(&settings.ws_url).is_ok_and(|url| url.scheme() == "wss")
}

/// Whether a connection failed because nothing speaks TLS at its address: the answer was not a TLS record (a
/// plain websocket or HTTP server answering the greeting with text), or the socket closed in the handshake.
fn speaks_no_tls(error: &WsError) -> bool {
    match error {
        WsError::Tls(_) => true,
        WsError::Io(io) => {
            io.get_ref()
                .is_some_and(|inner| inner.is::<rustls::Error>())
                || matches!(
                    io.kind(),
                    std::io::ErrorKind::InvalidData | std::io::ErrorKind::UnexpectedEof
                )
        }
        _ => false,
    }
}

/// `"ws/"` as `"/ws"`; the root as `""`.
fn normalised_path(path: &str) -> String {
    let path = path.trim().trim_end_matches('/');
    if path.is_empty() || path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    }
}

/// `{ws|wss}://{host}:{port}{path}/app/{app_key}?protocol=7&client=...&version=...&flash=false`, at the path
/// `wsurl` names.
///
/// The parts come from `wsurl`'s fields; where the server left one empty, from its `ws_url`, and the host
/// finally from the REST server's own address.
pub fn connection_url(settings: &WsUrl, api_base: &Url) -> Result<Url, String> {
    connection_url_at(settings, api_base, &announced_path(settings))
}

/// [`connection_url`] at another path (`""` for the root).
pub fn connection_url_at(settings: &WsUrl, api_base: &Url, path: &str) -> Result<Url, String> {
    if settings.app_key.trim().is_empty() {
        return Err("the server's live settings have no app key".into());
    }
    let from_ws_url = Url::parse(&settings.ws_url).ok();
    // From an https server a plain socket is never used, wherever it points: its pushes carry working door codes.
    // The same address is asked for with encryption instead.
    let encrypted = announced_encrypted(settings) || api_base.scheme() == "https";
    let scheme = if encrypted { "wss" } else { "ws" };
    let host = [
        settings.host.as_str(),
        from_ws_url
            .as_ref()
            .and_then(Url::host_str)
            .unwrap_or_default(),
    ]
    .into_iter()
    .find(|host| !host.is_empty())
    .or(api_base.host_str())
    .ok_or("the server's live settings name no host")?;
    let port = settings
        .port
        .or_else(|| from_ws_url.as_ref().and_then(Url::port))
        .unwrap_or(if encrypted { 443 } else { 80 });
    let path = normalised_path(path);
    let host = if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]")
    } else {
        host.to_owned()
    };
    let mut url = Url::parse(&format!(
        "{scheme}://{host}:{port}{path}/app/{}",
        settings.app_key.trim()
    ))
    .map_err(|error| format!("the server's live settings do not make an address: {error}"))?;
    url.query_pairs_mut()
        .append_pair("protocol", &protocol::PROTOCOL_VERSION.to_string())
        .append_pair("client", "visitor-desk")
        .append_pair("version", env!("CARGO_PKG_VERSION"))
        .append_pair("flash", "false");
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(ws_url: &str, host: &str, port: Option<u16>, path: &str, encrypted: bool) -> WsUrl {
        WsUrl {
            ws_url: ws_url.into(),
            app_key: "key".into(),
            port,
            host: host.into(),
            path: path.into(),
            is_encrypted: encrypted,
        }
    }

    fn base() -> Url {
        Url::parse("https://vms.local/").expect("url")
    }

    #[test]
    fn builds_the_url_of_the_contract_example() {
        let url = connection_url(
            &settings(
                "wss://192.168.1.167/ws",
                "192.168.1.167",
                Some(443),
                "/ws",
                true,
            ),
            &base(),
        )
        .expect("url");
        assert_eq!(
            url.as_str(),
            format!(
                "wss://192.168.1.167/ws/app/key?protocol=7&client=visitor-desk&version={}&flash=false",
                env!("CARGO_PKG_VERSION")
            )
        );
    }

    /// A server on plain http (this computer, or one the user agreed to reach unencrypted).
    fn plain_base() -> Url {
        Url::parse("http://vms.local/").expect("url")
    }

    #[test]
    fn plain_settings_without_a_path() {
        let url = connection_url(
            &settings("", "127.0.0.1", Some(6001), "", false),
            &plain_base(),
        )
        .expect("url");
        assert!(
            url.as_str()
                .starts_with("ws://127.0.0.1:6001/app/key?protocol=7&"),
            "{url}"
        );
    }

    #[test]
    fn missing_fields_come_from_ws_url_then_from_the_api_host() {
        let url = connection_url(
            &settings("wss://live.example.org:8443/socket/", "", None, "", false),
            &base(),
        )
        .expect("url");
        assert!(
            url.as_str()
                .starts_with("wss://live.example.org:8443/socket/app/key?"),
            "{url}"
        );
        let url =
            connection_url(&settings("", "", Some(6001), "ws", false), &plain_base()).expect("url");
        assert!(
            url.as_str().starts_with("ws://vms.local:6001/ws/app/key?"),
            "{url}"
        );
    }

    #[test]
    fn from_an_https_server_a_plain_live_address_is_asked_for_with_encryption() {
        for (ws_url, host, port, expected) in [
            // Its own host, another port: the same port, with TLS.
            ("", "", Some(6001), "wss://vms.local:6001/ws/app/key?"),
            // Another host, named only by ws_url: TLS's port.
            (
                "ws://live.example.org/ws",
                "",
                None,
                "wss://live.example.org/ws/app/key?",
            ),
            // ws's own port (80) is not named: TLS's is asked for.
            (
                "ws://live.example.org:80/ws",
                "",
                None,
                "wss://live.example.org/ws/app/key?",
            ),
        ] {
            let plain = settings(ws_url, host, port, "ws", false);
            assert!(!announced_encrypted(&plain));
            let url = connection_url(&plain, &base()).expect("url");
            assert!(url.as_str().starts_with(expected), "{ws_url}: {url}");
        }
        // `is_encrypted` as the SDKs read it, or a wss address: announced encrypted.
        assert!(announced_encrypted(&settings("", "", None, "", true)));
        assert!(announced_encrypted(&settings(
            "wss://h/ws",
            "",
            None,
            "",
            false
        )));
    }

    #[test]
    fn other_paths_at_the_same_server() {
        let settings = settings("wss://vms.example.org/ws", "", None, "", false);
        let at = |path: &str| {
            connection_url_at(&settings, &base(), path)
                .expect("url")
                .as_str()
                .split('?')
                .next()
                .map(str::to_owned)
        };
        assert_eq!(
            at("/pusher").as_deref(),
            Some("wss://vms.example.org/pusher/app/key")
        );
        assert_eq!(
            at("pusher/").as_deref(),
            Some("wss://vms.example.org/pusher/app/key")
        );
        assert_eq!(at("").as_deref(), Some("wss://vms.example.org/app/key"));
        assert_eq!(announced_path(&settings), "/ws");
    }

    #[test]
    fn the_ping_comes_at_the_lower_of_the_servers_timeout_and_ours() {
        let ours = Duration::from_secs(25);
        // push1st as deployed announces "40" (a string, read as 40): the SDK's 25 s is lower.
        assert_eq!(ping_interval(Some(40), ours), ours);
        assert_eq!(ping_interval(Some(120), ours), ours);
        assert_eq!(ping_interval(Some(10), ours), Duration::from_secs(10));
        assert_eq!(ping_interval(Some(0), ours), ours);
        assert_eq!(ping_interval(None, ours), ours);
        assert_eq!(LiveConfig::default().activity_timeout, ours);
    }

    #[test]
    fn no_app_key_is_an_error() {
        let mut without_key = settings("", "h", Some(1), "", false);
        without_key.app_key = " ".into();
        assert!(connection_url(&without_key, &base()).is_err());
    }
}
