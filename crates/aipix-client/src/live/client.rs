//! The live client: one task that connects, authorises, subscribes, keeps the socket alive and reconnects,
//! reporting everything as [`LiveEvent`]s.

use std::time::Duration;

use futures_util::{SinkExt as _, StreamExt as _};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, watch};
use tokio::time::{Instant, sleep, sleep_until, timeout};
use tokio_tungstenite::tungstenite::error::ProtocolError;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream};
use url::Url;

use super::backoff::Backoff;
use super::close::{CloseClass, close_class, describe_code};
use super::events::{LiveEvent, Push};
use crate::api::{ApiError, Client, WsUrl};
use pusher_wire::{self as protocol, Established, Frame};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// The auth routes a Laravel application may have, tried in this order.
pub const DEFAULT_AUTH_PATHS: [&str; 3] = [
    "/broadcasting/auth",
    "/api/broadcasting/auth",
    "/api/v1/broadcasting/auth",
];

#[derive(Debug, Clone)]
pub struct LiveConfig {
    /// Channel authorisation endpoints, tried in order until one exists; it is kept from then on.
    pub auth_paths: Vec<String>,
    /// Our longest silence before a ping; the server's, when shorter, wins.
    pub activity_timeout: Duration,
    /// How long a ping may go unanswered before the connection counts as dead.
    pub pong_timeout: Duration,
    /// The limit for each step of connecting: the socket, the greeting, the authorisation, the subscription.
    pub handshake_timeout: Duration,
    /// The shortest wait between attempts; the wait grows with the outage (see [`Backoff`]).
    pub backoff_floor: Duration,
    /// The longest wait between attempts.
    pub backoff_max: Duration,
    /// How long a connection must hold for its loss to count as a new outage (and for a 4200 close to be
    /// answered at once).
    pub stable_after: Duration,
    /// The largest message accepted. The server decides what it pushes; a larger one costs a reconnect and a
    /// resync, so the cap only bounds memory.
    pub max_message_size: usize,
    /// `wsurl` is rate limited (20 calls in 5 minutes): its answer is kept this long.
    pub settings_max_age: Duration,
}

impl Default for LiveConfig {
    fn default() -> Self {
        Self {
            auth_paths: DEFAULT_AUTH_PATHS.iter().map(|p| (*p).to_owned()).collect(),
            activity_timeout: Duration::from_secs(120),
            pong_timeout: Duration::from_secs(30),
            handshake_timeout: Duration::from_secs(10),
            backoff_floor: Duration::from_millis(500),
            backoff_max: Duration::from_secs(30),
            stable_after: Duration::from_secs(3),
            max_message_size: 16 << 20,
            settings_max_age: Duration::from_secs(30 * 60),
        }
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
        config.stable_after,
    );
    let worker = Worker {
        api,
        config,
        events,
        stop: stop_rx,
        settings: None,
        auth_path: None,
        backoff,
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
    /// Reconnect after the wait that `class` asks for (or exactly `after`, when the server said).
    Retry {
        reason: String,
        class: CloseClass,
        after: Option<Duration>,
    },
}

impl Ending {
    fn retry(reason: impl Into<String>) -> Self {
        Ending::Retry {
            reason: reason.into(),
            class: CloseClass::BackOff,
            after: None,
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

struct Worker {
    api: Client,
    config: LiveConfig,
    events: mpsc::UnboundedSender<LiveEvent>,
    stop: watch::Receiver<bool>,
    settings: Option<(WsUrl, Instant)>,
    auth_path: Option<String>,
    backoff: Backoff,
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
                Ending::Retry {
                    reason,
                    class,
                    after,
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
        let channel = protocol::user_channel(session.user.id);
        let settings = match self.settings().await {
            Ok(settings) => settings,
            Err(error) => return Ending::from_api(error),
        };
        let url = match connection_url(&settings, &self.api.config().base_url) {
            Ok(url) => url,
            Err(reason) => return Ending::Stop(reason),
        };

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
            Ok(Err(error)) => {
                // A refused certificate will not heal by retrying: the user has to decide.
                if let Some(refusal) = self.api.certificate_refusal(&url, &error).await {
                    return Ending::Stop(refusal.to_string());
                }
                // The address may have changed: ask for it again next time (the cache age still applies).
                self.settings = self
                    .settings
                    .take()
                    .filter(|(_, at)| at.elapsed() < Duration::from_secs(60));
                return Ending::retry(format!(
                    "could not connect to {}: {error}",
                    url.host_str().unwrap_or("?")
                ));
            }
            Err(_) => return Ending::retry("the live server did not answer in time"),
        };

        let established = match self.greeting(&mut socket).await {
            Ok(established) => established,
            Err(ending) => return ending,
        };
        let auth = match self.authorize(&established.socket_id, &channel).await {
            Ok(auth) => auth,
            Err(ending) => return ending,
        };
        if let Err(ending) = send(&mut socket, &Frame::subscribe(&channel, &auth)).await {
            return ending;
        }
        if let Err(ending) = self.subscription(&mut socket, &channel).await {
            return ending;
        }

        self.backoff.connected(Instant::now());
        self.api.set_socket_id(Some(established.socket_id.clone()));
        self.emit(LiveEvent::Connected {
            socket_id: established.socket_id.clone(),
        });
        // Anything pushed before this moment (or while we were away) never reached us.
        self.emit(LiveEvent::ResyncNeeded);

        let activity = established
            .activity_timeout
            .map(Duration::from_secs)
            .filter(|server| !server.is_zero())
            .map_or(self.config.activity_timeout, |server| {
                server.min(self.config.activity_timeout)
            });
        self.listen(&mut socket, &channel, activity).await
    }

    /// The live settings, from the cache while it is fresh.
    async fn settings(&mut self) -> Result<WsUrl, ApiError> {
        if let Some((settings, at)) = &self.settings
            && at.elapsed() < self.config.settings_max_age
        {
            return Ok(settings.clone());
        }
        let settings = self.api.ws_url().await?;
        self.settings = Some((settings.clone(), Instant::now()));
        Ok(settings)
    }

    /// Waits for `pusher:connection_established`; nothing may be sent before it.
    async fn greeting(&self, socket: &mut Socket) -> Result<Established, Ending> {
        let deadline = Instant::now() + self.config.handshake_timeout;
        loop {
            match timeout_at(deadline, next_incoming(socket)).await? {
                Incoming::Frame(frame) => {
                    if let Some(established) = Established::from_frame(&frame) {
                        return Ok(established);
                    }
                    if let Some(ending) = error_ending(&frame) {
                        return Err(ending);
                    }
                }
                Incoming::Garbage => {}
                Incoming::Ended(ending) => return Err(ending),
            }
        }
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

    /// Waits for the answer to our subscription.
    async fn subscription(&self, socket: &mut Socket, channel: &str) -> Result<(), Ending> {
        let deadline = Instant::now() + self.config.handshake_timeout;
        loop {
            match timeout_at(deadline, next_incoming(socket)).await? {
                Incoming::Frame(frame) => match frame.event.as_str() {
                    protocol::SUBSCRIPTION_SUCCEEDED
                        if frame.channel.as_deref() == Some(channel) =>
                    {
                        return Ok(());
                    }
                    protocol::SUBSCRIPTION_ERROR => {
                        let status = frame.data.get("status").and_then(serde_json::Value::as_u64);
                        let said = frame
                            .data
                            .get("error")
                            .and_then(serde_json::Value::as_str)
                            .unwrap_or("refused");
                        let reason = format!("the subscription to {channel} was refused: {said}");
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
                Incoming::Ended(ending) => return Err(ending),
            }
        }
    }

    /// The connected life: pushes, pings and pongs, until the socket ends.
    async fn listen(&self, socket: &mut Socket, channel: &str, activity: Duration) -> Ending {
        let mut last_heard = Instant::now();
        let mut ping_sent: Option<Instant> = None;
        loop {
            let wake = match ping_sent {
                Some(sent) => sent + self.config.pong_timeout,
                None => last_heard + activity,
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
                        };
                    }
                    if let Err(ending) = send(socket, &Frame::ping()).await {
                        return ending;
                    }
                    ping_sent = Some(Instant::now());
                    continue;
                }
            };
            // Any message at all shows the connection is alive.
            last_heard = Instant::now();
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
                }
                protocol::PONG => {}
                event if protocol::USER_PUSH_EVENTS.contains(&event) => {
                    if frame.channel.as_deref() == Some(channel) {
                        self.emit(LiveEvent::Push(Push::from_envelope(&frame.data)));
                    } else {
                        tracing::warn!(channel = ?frame.channel, "a push for another channel was ignored");
                    }
                }
                _ => {
                    if let Some(ending) = error_ending(&frame) {
                        let _ = socket.close(None).await;
                        return ending;
                    }
                    tracing::debug!(event = %frame.event, "live frame ignored");
                }
            }
        }
    }
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

/// `{ws|wss}://{host}:{port}{path}/app/{app_key}?protocol=7&client=...&version=...&flash=false`.
///
/// The parts come from `wsurl`'s fields; where the server left one empty, from its `ws_url`, and the host
/// finally from the REST server's own address.
pub fn connection_url(settings: &WsUrl, api_base: &Url) -> Result<Url, String> {
    if settings.app_key.trim().is_empty() {
        return Err("the server's live settings have no app key".into());
    }
    let from_ws_url = Url::parse(&settings.ws_url).ok();
    let encrypted = settings.is_encrypted
        || from_ws_url
            .as_ref()
            .is_some_and(|url| url.scheme() == "wss");
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
    let path = if settings.path.is_empty() {
        from_ws_url
            .as_ref()
            .map(|url| url.path().to_owned())
            .unwrap_or_default()
    } else {
        settings.path.clone()
    };
    let path = path.trim_end_matches('/');
    let path = if path.is_empty() || path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    };
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

    #[test]
    fn plain_settings_without_a_path() {
        let url = connection_url(&settings("", "127.0.0.1", Some(6001), "", false), &base())
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
        let url = connection_url(&settings("", "", Some(6001), "ws", false), &base()).expect("url");
        assert!(
            url.as_str().starts_with("ws://vms.local:6001/ws/app/key?"),
            "{url}"
        );
    }

    #[test]
    fn no_app_key_is_an_error() {
        let mut without_key = settings("", "h", Some(1), "", false);
        without_key.app_key = " ".into();
        assert!(connection_url(&without_key, &base()).is_err());
    }
}
