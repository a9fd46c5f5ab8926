//! The REST client: one `reqwest::Client`, the contract's headers on every call, answers mapped to typed errors.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use parking_lot::RwLock;
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderValue, RETRY_AFTER};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use url::Url;
use zeroize::Zeroizing;

use super::error::{ApiError, FieldErrors};
use super::models::{
    Captcha, CaptchaAnswer, Code, Intercom, IntercomCall, LoginAnswer, Page, User, WsUrl,
};
use super::tls::{TlsTrust, Trust};
use super::{paging, time};

/// Who we are to the server.
pub const CLIENT_KIND: &str = "thick-legal";
/// The most ids one `DELETE /api/v1/intercom/codes` takes.
pub const MAX_DELETE_IDS: usize = 200;
/// The most ids one `GET /api/v1/intercom/shows` takes.
pub const MAX_SHOWS_IDS: usize = 25;
/// The most bytes of one answer read by default: a page of 100 codes is about 30 KB, so this leaves room for a
/// server that ignores `per_page` and answers thousands at once, and none for one that streams without end.
pub const MAX_ANSWER_BYTES: usize = 4 * 1024 * 1024;
/// The most of an error's body read for its message (the rest is dropped unread).
const MAX_ERROR_BODY_BYTES: usize = 64 * 1024;
/// The longest `Retry-After` waited out by default; a server asking for longer gets its answer at once.
pub const MAX_RETRY_WAIT: Duration = Duration::from_secs(30);

/// Told how long a request waits before asking again (a `429` with `Retry-After`), so that a program can say so
/// rather than seem to hang.
#[derive(Clone)]
pub struct WaitHook(Arc<dyn Fn(Duration) + Send + Sync>);

impl WaitHook {
    pub fn new(hook: impl Fn(Duration) + Send + Sync + 'static) -> Self {
        Self(Arc::new(hook))
    }

    pub(crate) fn waiting(&self, wait: Duration) {
        (self.0)(wait);
    }
}

impl fmt::Debug for WaitHook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WaitHook")
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
        })
    }
}

/// Reads what a user typed as a server address into a base URL.
pub fn parse_base_url(server: &str) -> Result<Url, ApiError> {
    let trimmed = server.trim();
    if trimmed.is_empty() {
        return Err(ApiError::InvalidUrl("the address is empty".into()));
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
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                config,
                trust,
                session: RwLock::new(None),
                socket_id: RwLock::new(None),
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
        let status = response.status();
        if matches!(status.as_u16(), 419 | 429) {
            // The docs give both statuses for "too many sessions"; the body may name one to end.
            let body = read_prefix(response, MAX_ERROR_BODY_BYTES).await;
            let parsed: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            let message = parsed["message"].as_str().unwrap_or_default();
            return Err(ApiError::TooManySessions {
                session_id: find_session_id(&parsed),
                message: super::error::redact(message, &secrets),
            });
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

    /// Ends this session on the server, then forgets it here. Forgets it even when the server call fails.
    pub async fn logout(&self) -> Result<(), ApiError> {
        let session = self.session().ok_or(ApiError::NotSignedIn)?;
        let path = format!(
            "api/v1/sessions/{}",
            path_segment(&session.user.access_token_id)
        );
        let result = self.send(self.request(Method::POST, &path)?).await;
        self.forget_session();
        match result {
            Ok(_) | Err(ApiError::Unauthorized) => Ok(()),
            Err(other) => Err(other),
        }
    }

    /// The live channel's settings (the server allows 20 calls in 5 minutes: callers cache this).
    pub async fn ws_url(&self) -> Result<WsUrl, ApiError> {
        let response = self
            .send(self.request(Method::GET, "api/v1/wsurl")?)
            .await?;
        self.read_json(response, "live channel settings").await
    }

    /// Every intercom of the account, in server order.
    pub async fn intercoms(&self) -> Result<Vec<Intercom>, ApiError> {
        self.list_all("api/v1/intercom", "intercom list", |intercom: &Intercom| {
            intercom.id
        })
        .await
    }

    /// The account's intercoms among `ids` (asked for at most 25 at a time, as the server requires).
    pub async fn intercoms_by_id(&self, ids: &[u64]) -> Result<Vec<Intercom>, ApiError> {
        let mut found = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(MAX_SHOWS_IDS) {
            let query: Vec<(&str, u64)> = chunk.iter().map(|id| ("ids[]", *id)).collect();
            let builder = self
                .request(Method::GET, "api/v1/intercom/shows")?
                .query(&query);
            let response = self.send(builder).await?;
            found.extend(
                self.read_json::<Vec<Intercom>>(response, "intercoms")
                    .await?,
            );
        }
        Ok(found)
    }

    /// Every code of every intercom of the account, in server order, each once.
    pub async fn codes(&self) -> Result<Vec<Code>, ApiError> {
        self.list_all("api/v1/intercom/codes", "code list", |code: &Code| code.id)
            .await
    }

    /// Every call at the account's intercoms, in server order (newest first), each once: the same paged listing
    /// as the codes' (`GET /api/v1/intercom/calls`, `INTERCOM_CALLS` in `aipix-dev/vms-mobile-sdk-android`
    /// `network/ApiPaths.kt`, `Intercom.Calls` in `aipix-dev/vms-mobile-sdk-ios` `Network/ApiPaths.swift`).
    pub async fn calls(&self) -> Result<Vec<IntercomCall>, ApiError> {
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

    async fn list_all<T: DeserializeOwned>(
        &self,
        path: &str,
        what: &str,
        id_of: impl Fn(&T) -> u64,
    ) -> Result<Vec<T>, ApiError> {
        let config = &self.inner.config;
        let per_page = config.per_page.max(1);
        let fetch = |page: u32| async move {
            let builder = self
                .request(Method::GET, path)?
                .query(&[("page", page), ("per_page", per_page)]);
            let response = self.send(builder).await?;
            self.read_json::<Page<T>>(response, &format!("{what} page {page}"))
                .await
        };
        let waits = paging::Waits {
            most: config.max_retry_wait,
            hook: config.on_wait.clone(),
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
        let mut builder = self.inner.http.request(method, self.url(path)?);
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
        decode(&body, what).map_err(|error| match error {
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
        StatusCode::UNPROCESSABLE_ENTITY => validation_error(body, secrets),
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

/// Reads a 422 body, `{"message", "errors": {field: [reasons]}}`, tolerating a lone string for a field.
fn validation_error(body: &[u8], secrets: &[&str]) -> ApiError {
    let parsed: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let mut errors = FieldErrors::new();
    if let Some(fields) = parsed["errors"].as_object() {
        for (field, reasons) in fields {
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
                .map(|text| super::error::redact(text, secrets))
                .collect();
            errors.insert(field.clone(), texts);
        }
    }
    let message = match parsed["message"].as_str() {
        Some(message) => super::error::redact(message, secrets),
        None => excerpt_without(body, 160, secrets),
    };
    ApiError::Validation { message, errors }
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
