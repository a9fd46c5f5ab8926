//! The REST client: one `reqwest::Client`, the contract's headers on every call, answers mapped to typed errors.

use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use parking_lot::{Mutex, RwLock};
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderValue, RETRY_AFTER};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use url::Url;
use zeroize::Zeroizing;

use super::error::{ApiError, FieldErrors};
use super::identity::{AIPIX_VERSION, CLIENT_KIND, DEFAULT_LANGUAGE};
use super::models::{
    Captcha, CaptchaAnswer, Code, Intercom, IntercomCall, Listing, LoginAnswer, Page, ServerFacts,
    SessionInfo, Unreadable, User, WsUrl,
};
use super::paging::{self, MAX_RETRY_WAIT, WaitHook};
use super::tls::{TlsTrust, Trust};
use super::{bounds, time};

/// The most ids one `DELETE /api/v1/intercom/codes` takes.
pub const MAX_DELETE_IDS: usize = 200;
/// The most ids one `GET /api/v1/intercom/shows` takes.
pub const MAX_SHOWS_IDS: usize = 25;
/// The most bytes of one answer read by default: a page of 100 codes is about 30 KB, so this leaves room for a
/// server that ignores `per_page` and answers thousands at once, and none for one that streams without end.
pub const MAX_ANSWER_BYTES: usize = 4 * 1024 * 1024;
/// The most of an error's body read for its message (the rest is dropped unread).
const MAX_ERROR_BODY_BYTES: usize = 64 * 1024;
/// Where the language of each request (`hl`) comes from when it follows a program's own setting (a window whose
/// language the user switches): asked before every request.
#[derive(Clone)]
pub struct LanguageSource(Arc<dyn Fn() -> String + Send + Sync>);

impl LanguageSource {
    pub fn new(tag: impl Fn() -> String + Send + Sync + 'static) -> Self {
        Self(Arc::new(tag))
    }
}

impl fmt::Debug for LanguageSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LanguageSource")
    }
}

#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub base_url: Url,
    /// Sent as `X-UUID` on every call: one id per installation.
    pub device_id: String,
    /// The limit for one whole request, answer included.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Asked for when listing; the server may answer with fewer, and its own figure is the one used.
    pub per_page: u32,
    /// The most list pages fetched at once. Below it, the number adapts to how the server copes: it grows while
    /// pages come back as fast as one alone, shrinks on a 429 or when answers slow down.
    pub max_pages_in_flight: usize,
    /// Which server certificates are trusted (REST and the live socket).
    pub tls: TlsTrust,
    /// The most bytes of one answer read into memory; a longer one ends in [`ApiError::TooLarge`].
    pub max_answer_bytes: usize,
    /// Whether a password or token may go over plain `http://` to a host other than this computer. Off by default:
    /// such a call ends in [`ApiError::InsecureHttp`] before anything is sent. Loopback addresses need no leave.
    pub allow_insecure_http: bool,
    /// The longest `Retry-After` a listing waits out; a longer one ends it at once with [`ApiError::RateLimited`].
    pub max_retry_wait: Duration,
    /// Told of each such wait before it starts.
    pub on_wait: Option<WaitHook>,
    /// Sent as `hl`: the language the server writes its messages in (a tag such as `en` or `ru`). Change it later
    /// with [`Client::set_language`].
    pub language: String,
    /// When set, `hl` follows it instead (asked before every request).
    pub language_source: Option<LanguageSource>,
    /// The most items one listing takes; a server announcing more ends it with [`ApiError::ListTooLarge`].
    pub max_list_items: u64,
    /// The most bytes of answers one listing reads, all its pages together; then [`ApiError::ListTooLarge`].
    pub max_list_bytes: usize,
    /// Which servers refused `per_page`; clients given the same one (clones share it) learn it once per server.
    pub paging: PagingMemory,
}

/// Which servers refused `per_page` (a 422 naming it, from a server whose maximum is lower than asked): their
/// lists are asked for without it, as the vendor's SDKs always ask (`getIntercomCodesList` in
/// `aipix-dev/vms-mobile-sdk-ios` `Network/Api/IntercomApi.swift` sends `page` alone). Others are asked for
/// [`ClientConfig::per_page`] at a time, which takes a quarter of the requests of the server's default of 25.
#[derive(Debug, Clone, Default)]
pub struct PagingMemory(Arc<Mutex<HashSet<String>>>);

impl PagingMemory {
    /// Whether `server` refused `per_page`.
    pub fn refused(&self, server: &Url) -> bool {
        self.0.lock().contains(server.as_str())
    }

    fn refuse(&self, server: &Url) {
        tracing::info!(server = %server, "the server refused per_page: lists are asked for without it");
        self.0.lock().insert(server.as_str().to_owned());
    }
}

impl ClientConfig {
    /// A configuration with the usual limits. `server` may omit the scheme (`vms.local` means `https://vms.local`).
    pub fn new(server: &str, device_id: impl Into<String>) -> Result<Self, ApiError> {
        Ok(Self {
            base_url: parse_base_url(server)?,
            device_id: device_id.into(),
            timeout: Duration::from_secs(15),
            connect_timeout: Duration::from_secs(5),
            per_page: 100,
            max_pages_in_flight: 16,
            tls: TlsTrust::System,
            max_answer_bytes: MAX_ANSWER_BYTES,
            allow_insecure_http: false,
            max_retry_wait: MAX_RETRY_WAIT,
            on_wait: None,
            language: DEFAULT_LANGUAGE.to_owned(),
            language_source: None,
            max_list_items: bounds::MAX_LIST_ITEMS,
            max_list_bytes: bounds::MAX_LIST_BYTES,
            paging: PagingMemory::default(),
        })
    }
}

/// Reads what a user typed as a server address into a base URL.
pub fn parse_base_url(server: &str) -> Result<Url, ApiError> {
    let trimmed = server.trim();
    if trimmed.is_empty() {
        return Err(ApiError::InvalidUrl("the address is empty".into()));
    }
    // `htp//host`, `https//host`, `//host`: a scheme mistyped or half there. Taken as a host and a path, it
    // would send the sign-in to a host named `htp`.
    if !trimmed.contains("://") && trimmed.contains("//") {
        return Err(ApiError::InvalidUrl(format!(
            "{trimmed}: the scheme is mistyped; write https:// (or http://) before the host name"
        )));
    }
    let with_scheme = if trimmed.contains("://") {
        trimmed.to_owned()
    } else {
        format!("https://{trimmed}")
    };
    let mut url =
        Url::parse(&with_scheme).map_err(|e| ApiError::InvalidUrl(format!("{trimmed}: {e}")))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(ApiError::CredentialsInAddress);
    }
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err(ApiError::InvalidUrl(format!(
            "{trimmed}: use http:// or https:// and a host name"
        )));
    }
    // Paths are joined below this one, so it must end in `/`.
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    url.set_query(None);
    url.set_fragment(None);
    Ok(url)
}

/// Whether what is sent to `url` travels unencrypted beyond this computer: plain `http://` to a host that is not
/// a loopback address (`127.0.0.0/8`, `::1`, `localhost`).
pub fn is_unencrypted(url: &Url) -> bool {
    url.scheme() == "http" && !is_loopback(url)
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost")
        }
        None => false,
    }
}

/// A bearer token. Its `Debug` never shows it, so it cannot leak into a log by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Takes the token as the server gives it, with or without the `Bearer ` prefix.
    pub fn new(raw: &str) -> Self {
        let trimmed = raw.trim();
        let bare = match trimmed.get(..7) {
            Some(prefix) if prefix.eq_ignore_ascii_case("bearer ") => trimmed[7..].trim_start(),
            _ => trimmed,
        };
        Self(bare.to_owned())
    }

    /// The bare token, for secure storage only.
    pub fn secret(&self) -> &str {
        &self.0
    }

    /// The `Authorization` header value.
    pub fn header_value(&self) -> String {
        format!("Bearer {}", self.0)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// A signed-in session: the user from the login answer and the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: User,
    pub token: Token,
}

/// A password on its way to the server: its buffer is zeroed when dropped (a core dump, or a later allocation,
/// does not find it), and `Debug` never shows it.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Password(Zeroizing<String>);

impl Password {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Password {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<String> for Password {
    fn from(password: String) -> Self {
        Self(Zeroizing::new(password))
    }
}

impl From<&str> for Password {
    fn from(password: &str) -> Self {
        Self::from(password.to_owned())
    }
}

impl From<Zeroizing<String>> for Password {
    fn from(password: Zeroizing<String>) -> Self {
        Self(password)
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// What a login sends. Its `Debug` never shows the password, and the password's buffer is zeroed when dropped.
#[derive(Clone, Default)]
pub struct LoginRequest {
    pub login: String,
    pub password: Password,
    pub captcha: Option<CaptchaAnswer>,
    /// After a too-many-sessions answer: the session to end so that this one may start.
    pub end_session: Option<String>,
}

impl fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginRequest")
            .field("login", &self.login)
            .field("password", &"<redacted>")
            .field("captcha", &self.captcha.as_ref().map(|_| "<answered>"))
            .field("end_session", &self.end_session)
            .finish()
    }
}

impl LoginRequest {
    pub fn new(login: impl Into<String>, password: impl Into<Password>) -> Self {
        Self {
            login: login.into(),
            password: password.into(),
            ..Self::default()
        }
    }
}

/// The sign-in's JSON body, borrowing what it sends.
#[derive(serde::Serialize)]
struct LoginBody<'a> {
    login: &'a str,
    password: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    captcha: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    session_id: Option<&'a str>,
}

/// A request body zeroed when the transport drops it.
struct ZeroizedBody(Zeroizing<Vec<u8>>);

impl AsRef<[u8]> for ZeroizedBody {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// The AIPIX REST client. Cheap to clone; clones share the session and the socket id.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    config: ClientConfig,
    trust: Trust,
    session: RwLock<Option<Session>>,
    socket_id: RwLock<Option<String>>,
    /// Sent as `hl`.
    language: RwLock<String>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.config.base_url.as_str())
            .field("signed_in", &self.session().is_some())
            .finish_non_exhaustive()
    }
}

impl Client {
    pub fn new(config: ClientConfig) -> Result<Self, ApiError> {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert("X-Client", HeaderValue::from_static(CLIENT_KIND));
        headers.insert("X-Version", HeaderValue::from_static(AIPIX_VERSION));
        let device = HeaderValue::from_str(&config.device_id).map_err(|_| {
            ApiError::InvalidUrl("the device id is not a valid header value".into())
        })?;
        headers.insert("X-UUID", device);
        let trust = Trust::new(&config.tls)?;
        let builder = reqwest::Client::builder()
            // No redirect is followed: reqwest's default re-posts a body (the sign-in's password) to wherever a
            // 307 points, other hosts and plain http included. A redirect is an answer of its own (`Redirected`).
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            .user_agent(concat!("visitor-desk/", env!("CARGO_PKG_VERSION")));
        let http = trust
            .configure(builder)
            .build()
            .map_err(|e| ApiError::Network(describe(&e)))?;
        let language = RwLock::new(language_tag(&config.language));
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                config,
                trust,
                session: RwLock::new(None),
                socket_id: RwLock::new(None),
                language,
            }),
        })
    }

    pub fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    /// The rustls configuration that carries this client's [`TlsTrust`], for other sockets to the
    /// same server (the live websocket). `None` under [`TlsTrust::System`]: use the platform's
    /// authorities.
    pub fn tls_config(&self) -> Option<Arc<rustls::ClientConfig>> {
        self.inner.trust.rustls_config()
    }

    /// When `error` (of any connection to `url`) is a refused server certificate, the error that
    /// says which one and why ([`ApiError::UntrustedCertificate`] or [`ApiError::CertificateChanged`]).
    pub(crate) fn certificate_refusal(
        &self,
        url: &Url,
        error: &(dyn std::error::Error + 'static),
    ) -> impl Future<Output = Option<ApiError>> + Send + '_ {
        self.inner
            .trust
            .refusal(url, error, self.inner.config.connect_timeout)
    }

    /// The current session, if signed in.
    pub fn session(&self) -> Option<Session> {
        self.inner.session.read().clone()
    }

    /// Uses a session kept from an earlier run (the token from secure storage).
    pub fn restore_session(&self, session: Session) {
        *self.inner.session.write() = Some(session);
    }

    /// Forgets the session locally, without telling the server (after a 401, say).
    pub fn forget_session(&self) {
        *self.inner.session.write() = None;
    }

    /// The live socket's id while connected: sent as `X-Socket-ID`, so the server skips us when it pushes.
    pub fn set_socket_id(&self, socket_id: Option<String>) {
        *self.inner.socket_id.write() = socket_id;
    }

    pub fn socket_id(&self) -> Option<String> {
        self.inner.socket_id.read().clone()
    }

    /// The language the server is asked to write its messages in (`hl`), from the next request on.
    pub fn set_language(&self, tag: &str) {
        *self.inner.language.write() = language_tag(tag);
    }

    /// The language asked for now: the source's, when the configuration gives one.
    pub fn language(&self) -> String {
        match &self.inner.config.language_source {
            Some(source) => language_tag(&(source.0)()),
            None => self.inner.language.read().clone(),
        }
    }

    /// The image and key of a captcha, for servers that ask for one.
    pub async fn captcha(&self) -> Result<Captcha, ApiError> {
        let response = self
            .send(self.request(Method::GET, "api/v1/captcha")?)
            .await?;
        self.read_json(response, "captcha").await
    }

    /// Signs in; on success the client keeps the session for every later call.
    pub async fn login(&self, request: &LoginRequest) -> Result<Session, ApiError> {
        self.check_encrypted()?;
        let body = LoginBody {
            login: &request.login,
            password: &request.password,
            captcha: request
                .captcha
                .as_ref()
                .map(|captcha| captcha.text.as_str()),
            key: request.captcha.as_ref().map(|captcha| captcha.key.as_str()),
            session_id: request.end_session.as_deref(),
        };
        // Serialized straight into a buffer that is zeroed when the request lets go of it (no JSON value holding
        // a copy of the password on the way).
        let bytes =
            Zeroizing::new(serde_json::to_vec(&body).map_err(|error| ApiError::Decode {
                what: "sign-in request".into(),
                detail: error.to_string(),
            })?);
        let builder = self
            .request_unauthenticated(Method::POST, "api/v1/token")?
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(bytes::Bytes::from_owner(ZeroizedBody(bytes)));
        let response = match builder.send().await {
            Ok(response) => response,
            Err(error) => return Err(self.transport_error(error).await),
        };
        // Whatever the server says back must not repeat the password (nor a token) to the user.
        let secrets = [request.password.as_str()];
        if response.status().as_u16() == 419 {
            // Too many sessions: both SDKs read 419 so (429 is a rate limit, answered by `check_status`).
            let body = read_prefix(response, MAX_ERROR_BODY_BYTES).await;
            return Err(sessions_refusal(&body, &secrets));
        }
        let response = check_status(response, &secrets).await?;
        let answer: LoginAnswer = self.read_json(response, "sign-in answer").await?;
        let session = Session {
            user: answer.user,
            token: Token::new(&answer.access_token),
        };
        if session.token.secret().is_empty() {
            return Err(ApiError::Decode {
                what: "sign-in answer".into(),
                detail: "access_token is empty".into(),
            });
        }
        self.restore_session(session.clone());
        Ok(session)
    }

    /// Ends this session on the server with `POST /api/v1/logout` (`{"uuid": device id}`), as both SDKs sign out
    /// (`LOGOUT` in `aipix-dev/vms-mobile-sdk-android` `network/ApiPaths.kt`, `logout` in
    /// `aipix-dev/vms-mobile-sdk-ios` `Network/Api/UserApi.swift`); a server without that route (404, 405) is
    /// asked to end `sessions/{access_token_id}` instead. Then forgets the session here, even when the server
    /// call failed: an error then means the server may keep the session open.
    pub async fn logout(&self) -> Result<(), ApiError> {
        let session = self.session().ok_or(ApiError::NotSignedIn)?;
        let body = json!({ "uuid": self.inner.config.device_id });
        let logout = self.request(Method::POST, "api/v1/logout")?.json(&body);
        let result = match self.send(logout).await {
            Err(error) if is_missing_route(&error) => match &session.user.access_token_id {
                Some(id) => self.end_session(id).await,
                None => Err(error),
            },
            other => other.map(drop),
        };
        self.forget_session();
        match result {
            Ok(()) | Err(ApiError::Unauthorized) => Ok(()),
            Err(other) => Err(other),
        }
    }

    /// The account's sessions (`GET /api/v1/sessions`; `SESSIONS_LIST` in `aipix-dev/vms-mobile-sdk-android`
    /// `network/ApiPaths.kt`, `getSessionsList` in `aipix-dev/vms-mobile-sdk-ios` `Network/Api/SessionsApi.swift`),
    /// each read on its own: one that cannot be read is left out.
    pub async fn sessions(&self) -> Result<Vec<SessionInfo>, ApiError> {
        let response = self
            .send(self.request(Method::GET, "api/v1/sessions")?)
            .await?;
        let body = read_limited(response, self.inner.config.max_answer_bytes).await?;
        let value: Value = self.decode_redacted(&body, "sessions")?;
        let list = match &value {
            Value::Array(items) => items.as_slice(),
            other => ["data", "sessions"]
                .iter()
                .find_map(|key| other.get(key)?.as_array())
                .map_or(&[][..], Vec::as_slice),
        };
        Ok(read_sessions(list))
    }

    /// Ends another session of the account (`POST /api/v1/sessions/{id}`), as the SDKs' sessions screen does.
    pub async fn end_session(&self, id: &str) -> Result<(), ApiError> {
        let path = format!("api/v1/sessions/{}", path_segment(id));
        self.send(self.request(Method::POST, &path)?).await?;
        Ok(())
    }

    /// The signed-in user as the server has it now (`GET /api/v1/users/self`, `USER_SELF` in
    /// `aipix-dev/vms-mobile-sdk-android` `network/ApiPaths.kt`); the session keeps it. Its `access_token_id`
    /// stays the one of the sign-in when this answer leaves it out.
    pub async fn refresh_user(&self) -> Result<User, ApiError> {
        let response = self
            .send(self.request(Method::GET, "api/v1/users/self")?)
            .await?;
        let body = read_limited(response, self.inner.config.max_answer_bytes).await?;
        let value: Value = self.decode_redacted(&body, "user")?;
        // Read as it comes, or inside Laravel's `data` wrapper.
        let value = match value.get("data") {
            Some(inner) if inner.is_object() && value.get("id").is_none() => inner.clone(),
            _ => value,
        };
        let mut user: User = serde_json::from_value(value).map_err(|error| ApiError::Decode {
            what: "user".into(),
            detail: bounds::bounded(error.to_string()),
        })?;
        let mut session = self.inner.session.write();
        if let Some(session) = session.as_mut() {
            if user.access_token_id.is_none() {
                user.access_token_id = session.user.access_token_id.clone();
            }
            session.user = user.clone();
        }
        Ok(user)
    }

    /// What the server says of itself before anyone signs in (`GET /api/v1/static/basic`; `STATIC_BASIC` in
    /// `aipix-dev/vms-mobile-sdk-android` `network/ApiPaths.kt`, `getBasicStatic` in
    /// `aipix-dev/vms-mobile-sdk-ios` `Network/Api/StaticsApi.swift`). Sends no token and no password.
    pub async fn server_facts(&self) -> Result<ServerFacts, ApiError> {
        let builder = self.request_unauthenticated(Method::GET, "api/v1/static/basic")?;
        let response = match builder.send().await {
            Ok(response) => check_status(response, &[]).await?,
            Err(error) => return Err(self.transport_error(error).await),
        };
        self.read_json(response, "server facts").await
    }

    /// The live channel's settings (the server allows 20 calls in 5 minutes: callers cache this).
    pub async fn ws_url(&self) -> Result<WsUrl, ApiError> {
        let response = self
            .send(self.request(Method::GET, "api/v1/wsurl")?)
            .await?;
        self.read_json(response, "live channel settings").await
    }

    /// Every intercom of the account, in server order, and those that could not be read.
    pub async fn intercoms(&self) -> Result<Listing<Intercom>, ApiError> {
        self.list_all("api/v1/intercom", "intercom list", |intercom: &Intercom| {
            intercom.id
        })
        .await
    }

    /// The account's intercoms among `ids` (asked for at most 25 at a time, as the server requires). One that
    /// cannot be read is left out.
    pub async fn intercoms_by_id(&self, ids: &[u64]) -> Result<Vec<Intercom>, ApiError> {
        let mut found = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(MAX_SHOWS_IDS) {
            let query: Vec<(&str, u64)> = chunk.iter().map(|id| ("ids[]", *id)).collect();
            let builder = self
                .request(Method::GET, "api/v1/intercom/shows")?
                .query(&query);
            let response = self.send(builder).await?;
            let raw: Vec<Box<serde_json::value::RawValue>> =
                self.read_json(response, "intercoms").await?;
            for item in raw {
                match Unreadable::read::<Intercom>(item.get()) {
                    Ok(intercom) => found.push(intercom),
                    Err(bad) => {
                        tracing::warn!(reason = %bad.reason, "an intercom could not be read")
                    }
                }
            }
        }
        Ok(found)
    }

    /// Every code of every intercom of the account, in server order, each once, and those that could not be read.
    pub async fn codes(&self) -> Result<Listing<Code>, ApiError> {
        self.list_all("api/v1/intercom/codes", "code list", |code: &Code| code.id)
            .await
    }

    /// Every call at the account's intercoms, in server order (newest first), each once: the same paged listing
    /// as the codes' (`GET /api/v1/intercom/calls`, `INTERCOM_CALLS` in `aipix-dev/vms-mobile-sdk-android`
    /// `network/ApiPaths.kt`, `Intercom.Calls` in `aipix-dev/vms-mobile-sdk-ios` `Network/ApiPaths.swift`).
    pub async fn calls(&self) -> Result<Listing<IntercomCall>, ApiError> {
        self.list_all(
            "api/v1/intercom/calls",
            "call list",
            |call: &IntercomCall| call.id,
        )
        .await
    }

    /// Makes a code. The server pushes it to every other device, not to this one: insert the answer yourself.
    pub async fn create_code(
        &self,
        intercom: u64,
        title: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<Code, ApiError> {
        let body = json!({ "title": title, "expired_at": time::format_expiry(expires_at) });
        let path = format!("api/v1/intercom/{intercom}/codes");
        let response = self
            .send(self.request(Method::POST, &path)?.json(&body))
            .await?;
        self.read_json(response, "new code").await
    }

    /// Revokes codes, at most 200 per request. Stops at the first failure: the codes of the earlier
    /// requests are gone by then, so callers list the codes again after an error.
    pub async fn delete_codes(&self, ids: &[u64]) -> Result<(), ApiError> {
        for chunk in ids.chunks(MAX_DELETE_IDS) {
            let builder = self
                .request(Method::DELETE, "api/v1/intercom/codes")?
                .json(&json!({ "ids": chunk }));
            self.send(builder).await?;
        }
        Ok(())
    }

    /// Opens the door of an intercom (for the time its administrator set).
    pub async fn open_door(&self, intercom: u64) -> Result<(), ApiError> {
        let path = format!("api/v1/intercom/{intercom}/open-door");
        self.send(self.request(Method::POST, &path)?).await?;
        Ok(())
    }

    /// Asks the application to sign a private-channel subscription (Laravel's broadcasting auth route,
    /// relative to the server's address). Answers the `auth` value for `pusher:subscribe`. The route must be on
    /// the server's own address: the call carries the token, so a full URL to another host is refused.
    pub async fn authorize_channel(
        &self,
        path: &str,
        socket_id: &str,
        channel: &str,
    ) -> Result<String, ApiError> {
        #[derive(serde::Deserialize)]
        struct ChannelAuth {
            auth: String,
        }
        let body = json!({ "socket_id": socket_id, "channel_name": channel });
        let relative = path.trim_start_matches('/');
        let url = self.url(relative)?;
        if url.origin() != self.inner.config.base_url.origin() {
            return Err(ApiError::InvalidUrl(format!(
                "the channel authorisation route {path} is not on the server's own address"
            )));
        }
        let builder = self.request(Method::POST, relative)?.json(&body);
        let response = self.send(builder).await?;
        Ok(self
            .read_json::<ChannelAuth>(response, "channel authorisation")
            .await?
            .auth)
    }

    /// Every page of a list. `per_page` is asked for unless this server refused it: then the page is asked for
    /// again without it, and so is every later list of the server ([`PagingMemory`]).
    async fn list_all<T: DeserializeOwned>(
        &self,
        path: &str,
        what: &str,
        id_of: impl Fn(&T) -> u64,
    ) -> Result<Listing<T>, ApiError> {
        let config = &self.inner.config;
        let per_page = config.per_page.max(1);
        let bytes_read = AtomicUsize::new(0);
        let bytes_read = &bytes_read;
        let fetch = |page: u32| async move {
            loop {
                let sized = !config.paging.refused(&config.base_url);
                let mut query = vec![("page", page)];
                if sized {
                    query.push(("per_page", per_page));
                }
                let builder = self.request(Method::GET, path)?.query(&query);
                let response = match self.send(builder).await {
                    Ok(response) => response,
                    Err(error) if sized && names_per_page(&error) => {
                        config.paging.refuse(&config.base_url);
                        continue;
                    }
                    Err(error) => return Err(error),
                };
                let body = read_limited(response, config.max_answer_bytes).await?;
                let total = bytes_read.fetch_add(body.len(), Ordering::Relaxed) + body.len();
                if total > config.max_list_bytes {
                    return Err(ApiError::ListTooLarge {
                        max_items: config.max_list_items,
                        max_bytes: config.max_list_bytes,
                    });
                }
                return self.decode_redacted::<Page<T>>(&body, &format!("{what} page {page}"));
            }
        };
        let waits = paging::Waits {
            most: config.max_retry_wait,
            hook: config.on_wait.clone(),
            max_items: config.max_list_items,
            max_bytes: config.max_list_bytes,
        };
        paging::fetch_all(fetch, config.max_pages_in_flight, &waits, id_of).await
    }

    fn url(&self, path: &str) -> Result<Url, ApiError> {
        self.inner
            .config
            .base_url
            .join(path)
            .map_err(|e| ApiError::InvalidUrl(format!("{path}: {e}")))
    }

    /// A request with the contract's headers but no token (login, captcha).
    fn request_unauthenticated(
        &self,
        method: Method,
        path: &str,
    ) -> Result<RequestBuilder, ApiError> {
        let mut builder = self
            .inner
            .http
            .request(method, self.url(path)?)
            .header("hl", self.language());
        if let Some(socket_id) = self.socket_id() {
            builder = builder.header("X-Socket-ID", socket_id);
        }
        Ok(builder)
    }

    /// A request with the contract's headers and the session's token.
    fn request(&self, method: Method, path: &str) -> Result<RequestBuilder, ApiError> {
        let builder = self.request_unauthenticated(method, path)?;
        Ok(match self.session() {
            Some(session) => {
                self.check_encrypted()?;
                builder.header(AUTHORIZATION, session.token.header_value())
            }
            None => builder,
        })
    }

    /// Refuses to send a secret in clear beyond this computer unless the caller allowed it.
    fn check_encrypted(&self) -> Result<(), ApiError> {
        let base = &self.inner.config.base_url;
        if is_unencrypted(base) && !self.inner.config.allow_insecure_http {
            return Err(ApiError::InsecureHttp {
                host: base.host_str().unwrap_or_default().to_owned(),
            });
        }
        Ok(())
    }

    async fn send(&self, builder: RequestBuilder) -> Result<Response, ApiError> {
        let token = self.session().map(|session| session.token);
        let secrets: Vec<&str> = token.iter().map(Token::secret).collect();
        match builder.send().await {
            Ok(response) => check_status(response, &secrets).await,
            Err(error) => Err(self.transport_error(error).await),
        }
    }

    /// Reads a JSON body into `T`, at most [`ClientConfig::max_answer_bytes`] of it; a failure names the part
    /// that could not be read, with no token in its words.
    async fn read_json<T: DeserializeOwned>(
        &self,
        response: Response,
        what: &str,
    ) -> Result<T, ApiError> {
        let body = read_limited(response, self.inner.config.max_answer_bytes).await?;
        self.decode_redacted(&body, what)
    }

    /// [`decode`], with no token in what it says.
    fn decode_redacted<T: DeserializeOwned>(&self, body: &[u8], what: &str) -> Result<T, ApiError> {
        decode(body, what).map_err(|error| match error {
            ApiError::Decode { what, detail } => {
                let token = self.session().map(|session| session.token);
                let secrets: Vec<&str> = token.iter().map(Token::secret).collect();
                ApiError::Decode {
                    what,
                    detail: super::error::redact(&detail, &secrets),
                }
            }
            other => other,
        })
    }

    /// A failed request as the user should hear of it: a refused certificate by name, else a network error.
    async fn transport_error(&self, error: reqwest::Error) -> ApiError {
        let url = error.url().unwrap_or(&self.inner.config.base_url);
        match self.certificate_refusal(url, &error).await {
            Some(refusal) => refusal,
            None if super::tls::is_plain_http_answer(&error) => ApiError::PlainHttp,
            None => network_error(&error),
        }
    }
}

/// The longest `Retry-After` kept as the server said it (a day); anything longer is the same to a person.
const LONGEST_RETRY_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// Maps an answer's status to the error it stands for; passes successful answers through. What the server says
/// goes into the error without any of `secrets` (the request's password or token).
async fn check_status(response: Response, secrets: &[&str]) -> Result<Response, ApiError> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    if status.is_redirection() {
        return Err(ApiError::Redirected {
            status: status.as_u16(),
            location: redirect_target(&response),
        });
    }
    let retry_after = response
        .headers()
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|text| text.trim().parse::<u64>().ok())
        .map(|seconds| Duration::from_secs(seconds).min(LONGEST_RETRY_AFTER));
    let body = read_prefix(response, MAX_ERROR_BODY_BYTES).await;
    Err(error_of(status, retry_after, &body, secrets))
}

/// The error an answer of `status` (not a success, not a redirect) with `body` is read as.
fn error_of(
    status: StatusCode,
    retry_after: Option<Duration>,
    body: &[u8],
    secrets: &[&str],
) -> ApiError {
    match status {
        StatusCode::UNAUTHORIZED => ApiError::Unauthorized,
        StatusCode::FORBIDDEN => ApiError::Forbidden,
        StatusCode::NOT_FOUND => ApiError::NotFound,
        StatusCode::TOO_MANY_REQUESTS => ApiError::RateLimited { retry_after },
        StatusCode::CONFLICT => ApiError::NeedsNewerClient {
            message: excerpt_without(body, 160, secrets),
        },
        StatusCode::UNPROCESSABLE_ENTITY => validation_error(body, secrets),
        // iOS reads a 400 as it reads a 422 (`incorrectData`, `Network/Api/VMS.swift`), when it has such a body.
        StatusCode::BAD_REQUEST if has_validation_body(body) => validation_error(body, secrets),
        _ => ApiError::Server {
            status: status.as_u16(),
            excerpt: excerpt_without(body, 160, secrets),
        },
    }
}

/// An error answer's body as the client reads it, for the fuzzer (`fuzz/`): `status` 100–999, anything else
/// taken as 500.
#[doc(hidden)]
pub fn read_error_body(status: u16, body: &[u8]) -> ApiError {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    error_of(status, None, body, &["a secret"])
}

/// Where a redirect pointed, for the user to judge: scheme, host, port and path, without a user name, password,
/// query or fragment (which may carry anything), at most 200 characters.
fn redirect_target(response: &Response) -> String {
    let Some(location) = response
        .headers()
        .get(reqwest::header::LOCATION)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
    else {
        return "(no address given)".to_owned();
    };
    match response.url().join(location.trim()) {
        Ok(mut url) => {
            let _ = url.set_username("");
            let _ = url.set_password(None);
            url.set_query(None);
            url.set_fragment(None);
            ApiError::excerpt(url.as_str().as_bytes(), 200)
        }
        Err(_) => ApiError::excerpt(location.as_bytes(), 200),
    }
}

/// An excerpt of a body for a message, without the secrets (redacted before cutting, so no half of one stays).
fn excerpt_without(body: &[u8], limit: usize, secrets: &[&str]) -> String {
    let redacted = super::error::redact(&String::from_utf8_lossy(body), secrets);
    ApiError::excerpt(redacted.as_bytes(), limit)
}

/// The whole body, unless it is longer than `limit`: then [`ApiError::TooLarge`], decided by `Content-Length`
/// before a byte is read when the server gives one, else as soon as the chunks add up past it.
async fn read_limited(mut response: Response, limit: usize) -> Result<Vec<u8>, ApiError> {
    let too_large = || ApiError::TooLarge { limit };
    let declared = response.content_length();
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(too_large());
    }
    let mut body = Vec::with_capacity(declared.map_or(0, |length| length as usize));
    while let Some(chunk) = response.chunk().await.map_err(|e| network_error(&e))? {
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The first `limit` bytes of a body (an error's, for its message); the rest is dropped unread, and a body that
/// breaks off is what arrived.
async fn read_prefix(mut response: Response, limit: usize) -> Vec<u8> {
    let mut body = Vec::new();
    while body.len() < limit {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let room = limit - body.len();
                body.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            Ok(None) | Err(_) => break,
        }
    }
    body
}

/// Reads a 422 body, `{"message", "errors": {field: [reasons]}}`, tolerating a lone string for a field, and
/// `errors` as one string (`getErrorFromData` in `aipix-dev/vms-mobile-sdk-ios` `Network/Api/VMS.swift`), kept
/// under the empty field name. Every reason and the message are cut to [`bounds::MAX_TEXT_CHARS`].
fn validation_error(body: &[u8], secrets: &[&str]) -> ApiError {
    let parsed: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let mut errors = FieldErrors::new();
    if let Some(reason) = parsed["errors"].as_str() {
        errors.insert(
            String::new(),
            vec![bounds::bounded(super::error::redact(reason, secrets))],
        );
    }
    if let Some(fields) = parsed["errors"].as_object() {
        for (field, reasons) in fields.iter().take(MAX_ERROR_FIELDS) {
            let texts: Vec<String> = match reasons {
                Value::Array(items) => items
                    .iter()
                    .map(|item| {
                        item.as_str()
                            .map_or_else(|| item.to_string(), str::to_owned)
                    })
                    .collect(),
                Value::String(text) => vec![text.clone()],
                other => vec![other.to_string()],
            };
            let texts = texts
                .iter()
                .take(MAX_ERROR_FIELDS)
                .map(|text| bounds::bounded(super::error::redact(text, secrets)))
                .collect();
            errors.insert(bounds::bounded(field.clone()), texts);
        }
    }
    let message = match parsed["message"].as_str() {
        Some(message) => bounds::bounded(super::error::redact(message, secrets)),
        None => excerpt_without(body, 160, secrets),
    };
    ApiError::Validation { message, errors }
}

/// The most fields (and reasons per field) of a refusal kept.
const MAX_ERROR_FIELDS: usize = 64;

/// Whether a body reads as a validation refusal: JSON with `errors` or `message`.
fn has_validation_body(body: &[u8]) -> bool {
    let parsed: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    parsed.get("errors").is_some() || parsed["message"].is_string()
}

/// Whether a refusal is about `per_page` (a server whose maximum is lower than asked).
fn names_per_page(error: &ApiError) -> bool {
    match error {
        ApiError::Validation { message, errors } => {
            errors.contains_key("per_page")
                || errors
                    .values()
                    .flatten()
                    .chain(std::iter::once(message))
                    .any(|text| text.contains("per_page") || text.contains("per page"))
        }
        _ => false,
    }
}

/// Whether an error says the route is not there (404, 405): the server is older or newer than the call.
fn is_missing_route(error: &ApiError) -> bool {
    matches!(
        error,
        ApiError::NotFound | ApiError::Server { status: 405, .. }
    )
}

/// The most sessions read from one answer.
const MAX_SESSIONS: usize = 256;

/// Each session of a list that can be read; the others are left out.
fn read_sessions(list: &[Value]) -> Vec<SessionInfo> {
    list.iter()
        .filter_map(
            |item| match <SessionInfo as serde::Deserialize>::deserialize(item) {
                Ok(session) => Some(session),
                Err(error) => {
                    tracing::warn!(%error, "a session could not be read");
                    None
                }
            },
        )
        .take(MAX_SESSIONS)
        .collect()
}

/// A 419's body: the SDK's `{"sessions_limit", "sessions", "key"?}`, Android's fallback of a bare array of
/// sessions, or an older server's lone `session_id`.
fn sessions_refusal(body: &[u8], secrets: &[&str]) -> ApiError {
    let parsed: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let list = match &parsed {
        Value::Array(items) => items.as_slice(),
        other => other
            .get("sessions")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice),
    };
    let mut sessions = read_sessions(list);
    if sessions.is_empty()
        && let Some(id) = find_session_id(&parsed)
    {
        sessions.push(SessionInfo {
            id: bounds::bounded(id),
            online: None,
            last: None,
            user_agent: None,
            client: None,
            ip: None,
            is_current: false,
        });
    }
    let text = |key: &str| {
        parsed
            .get(key)
            .and_then(Value::as_str)
            .map(|text| bounds::bounded(super::error::redact(text, secrets)))
    };
    ApiError::TooManySessions {
        limit: parsed
            .get("sessions_limit")
            .and_then(Value::as_u64)
            .and_then(|limit| u32::try_from(limit).ok()),
        sessions,
        key: parsed.get("key").and_then(Value::as_str).map(str::to_owned),
        message: text("message").unwrap_or_default(),
    }
}

pub(crate) fn decode<T: DeserializeOwned>(body: &[u8], what: &str) -> Result<T, ApiError> {
    let failure = |detail: String| ApiError::Decode {
        what: what.to_owned(),
        detail,
    };
    let not_json =
        |error: &serde_json::Error| format!("not JSON ({error}): {}", ApiError::excerpt(body, 80));
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        failure(if inner.is_syntax() || inner.is_eof() {
            not_json(&inner)
        } else if path == "." {
            inner.to_string()
        } else {
            format!("{path}: {inner}")
        })
    })?;
    deserializer
        .end()
        .map_err(|error| failure(not_json(&error)))?;
    Ok(value)
}

/// Finds a session id in a too-many-sessions body, wherever the server put it.
fn find_session_id(body: &Value) -> Option<String> {
    fn as_id(value: &Value) -> Option<String> {
        match value {
            Value::String(text) if !text.is_empty() => Some(text.clone()),
            Value::Number(number) => Some(number.to_string()),
            Value::Array(items) => items.iter().find_map(as_id),
            _ => None,
        }
    }
    let direct = ["session_id", "sessionId", "access_token_id"]
        .iter()
        .find_map(|key| body.get(key).and_then(as_id));
    direct
        .or_else(|| {
            ["data", "errors"]
                .iter()
                .find_map(|key| find_session_id(body.get(key)?))
        })
        .or_else(|| {
            let first = body.get("sessions")?.as_array()?.first()?;
            ["access_token_id", "id", "session_id"]
                .iter()
                .find_map(|key| first.get(key).and_then(as_id))
        })
}

/// A language as `hl` carries it: the primary tag of what the caller gave (`ru-RU` → `ru`), English when empty
/// or not a tag.
fn language_tag(tag: &str) -> String {
    let primary = tag
        .trim()
        .split(['-', '_', '.'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if (2..=8).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic()) {
        primary
    } else {
        DEFAULT_LANGUAGE.to_owned()
    }
}

fn path_segment(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn network_error(error: &reqwest::Error) -> ApiError {
    ApiError::Network(describe(error))
}

/// A reqwest error with its causes, minus the URL (which can carry nothing secret, but is long).
fn describe(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        return "the server did not answer in time".into();
    }
    let mut text = String::new();
    let mut source: Option<&dyn std::error::Error> = std::error::Error::source(error);
    while let Some(cause) = source {
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    if text.is_empty() {
        error.to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_normalised_and_redacted() {
        assert_eq!(Token::new("Bearer abc").secret(), "abc");
        assert_eq!(Token::new("bearer  abc").secret(), "abc");
        assert_eq!(Token::new("abc").header_value(), "Bearer abc");
        assert_eq!(Token::new("Bearer token").header_value(), "Bearer token");
        assert_eq!(
            format!("{:?}", Token::new("Bearer s3cret")),
            "Token(<redacted>)"
        );
    }

    #[test]
    fn a_login_request_never_shows_its_password() {
        let request = LoginRequest::new("desk", "hunter2-secret");
        let shown = format!("{request:?}");
        assert!(
            shown.contains("desk") && !shown.contains("hunter2"),
            "{shown}"
        );
    }

    #[test]
    fn base_urls_get_a_scheme_and_a_trailing_slash() {
        assert_eq!(
            parse_base_url("vms.local").expect("host").as_str(),
            "https://vms.local/"
        );
        assert_eq!(
            parse_base_url("http://127.0.0.1:8080")
                .expect("loopback")
                .as_str(),
            "http://127.0.0.1:8080/"
        );
        assert_eq!(
            parse_base_url("https://example.org/vms?x=1")
                .expect("path")
                .as_str(),
            "https://example.org/vms/"
        );
        assert!(parse_base_url("").is_err());
        assert!(parse_base_url("ftp://example.org").is_err());
        for mistyped in [
            "htp//vms.example.org",
            "https//vms.example.org",
            "//vms.example.org",
        ] {
            assert!(
                matches!(parse_base_url(mistyped), Err(ApiError::InvalidUrl(why)) if why.contains("mistyped")),
                "{mistyped}"
            );
        }
        assert!(parse_base_url("http://").is_err());
    }

    #[test]
    fn finds_the_session_id_wherever_it_is() {
        assert_eq!(
            find_session_id(&json!({"session_id": "abc"})),
            Some("abc".into())
        );
        assert_eq!(
            find_session_id(&json!({"errors": {"session_id": ["abc"]}})),
            Some("abc".into())
        );
        assert_eq!(
            find_session_id(&json!({"data": {"session_id": 42}})),
            Some("42".into())
        );
        assert_eq!(
            find_session_id(&json!({"sessions": [{"id": "s1"}, {"id": "s2"}]})),
            Some("s1".into())
        );
        assert_eq!(
            find_session_id(&json!({"message": "Too many sessions."})),
            None
        );
        assert_eq!(find_session_id(&Value::Null), None);
    }

    #[test]
    fn validation_bodies_of_any_shape_become_reasons() {
        let error = validation_error(
            br#"{"message":"x","errors":{"title":["a","b"],"limit":"c","n":[1]}}"#,
            &[],
        );
        assert_eq!(error.field_errors("title"), ["a", "b"]);
        assert_eq!(error.field_errors("limit"), ["c"]);
        assert_eq!(error.field_errors("n"), ["1"]);
        let garbage = validation_error(b"<html>oops</html>", &[]);
        assert!(matches!(garbage, ApiError::Validation { ref message, .. } if message == "oops"));
    }

    #[test]
    fn decode_errors_name_the_path() {
        let error = decode::<Vec<Code>>(br#"[{"id": "x"}]"#, "codes").expect_err("bad id");
        let text = error.to_string();
        assert!(text.contains("codes") && text.contains("[0].id"), "{text}");
        let truncated = decode::<Vec<Code>>(br#"[{"id": 1, "ti"#, "codes").expect_err("truncated");
        assert!(truncated.to_string().contains("not JSON"), "{truncated}");
        let trailing = decode::<Vec<u64>>(b"[1] [2]", "ids").expect_err("trailing");
        assert!(matches!(trailing, ApiError::Decode { .. }));
    }
}
