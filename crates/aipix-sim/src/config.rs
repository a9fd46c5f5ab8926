//! How a simulator is configured ([`SimConfig`], [`DemoCalls`], [`SessionsShape`]), the version it says it is, and
//! where its live channel is served.

use std::ops::RangeInclusive;
use std::time::Duration;

use crate::pushes::PushShapes;
use crate::tls::SimTls;

/// The AIPIX version the simulator says it is (`static/basic`), unless `require_version` names another.
pub const SIM_VERSION: &str = "24.03.0.0";

/// The websocket path `GET /api/v1/wsurl` names: the contract's example, and where the vendor's ingress sends
/// `/ws` (push1st's raw protocol). With the legacy shapes the Pusher endpoint is there.
pub(crate) const ANNOUNCED_PATH: &str = "/ws";

/// push1st's Pusher endpoint (`pusher: path: /pusher/` in `push1st/server.yml.sample`).
pub(crate) const PUSHER_PATH: &str = "/pusher";

/// Where the vendor's SDKs ask for channel auth (`{base}api/v1/broadcasting/auth`, `socket/VMSPusherApi.kt`).
pub(crate) const DEFAULT_AUTH_PATH: &str = "/api/v1/broadcasting/auth";

/// How "too many sessions" (419) lists the account's sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SessionsShape {
    /// `{"message", "sessions_limit", "sessions": [...], "key": null}`, as both SDKs read it (`VMSLoginResponse` in
    /// `aipix-dev/vms-mobile-sdk-android` `models/ApiResponses.kt`, `VMSSessionResponse` in
    /// `aipix-dev/vms-mobile-sdk-ios` `Network/Api/ApiResponses.swift`).
    #[default]
    Object,
    /// A bare array of sessions, which Android reads when the object does not parse (`getErrorMessage419` in
    /// `network/ApiErrors.kt`).
    BareArray,
}

/// How the simulated server behaves. `Default` gives one `demo`/`demo` account with sample data.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Accounts as (login, password).
    pub users: Vec<(String, String)>,
    /// Codes one account may hold at a time (expired ones count until deleted).
    pub code_limit: usize,
    /// Give each account four intercoms and three codes.
    pub demo_data: bool,
    /// Wait this long before answering every `/api` request.
    pub request_delay: Duration,
    /// Login requires `captcha` + `key` from `GET /api/v1/captcha`.
    pub captcha: bool,
    /// `Some(n)`: a login beyond `n` open sessions answers 419.
    pub max_sessions: Option<usize>,
    /// Larger `per_page` values are clamped to this.
    pub max_per_page: u32,
    /// Pusher app credentials announced by `wsurl` and used to sign channel auth.
    pub app_key: String,
    pub app_secret: String,
    /// Where `POST` channel auth is answered (Laravel's `/broadcasting/auth` by default); set e.g.
    /// only `/api/v1/broadcasting/auth` to test a client's fallback. Must not clash with the API.
    pub auth_paths: Vec<String>,
    /// The live channel's shapes: the real server's by default.
    pub pushes: PushShapes,
    /// The path `wsurl` names: `/ws` as in the contract's example (with the real shapes, push1st's raw protocol
    /// there; with the legacy ones, the Pusher endpoint). Set another to see a client find the endpoint.
    pub wsurl_path: String,
    /// Announced (whole seconds, at least 1) in `pusher:connection_established`: 40 s, as the vendor deploys
    /// push1st. With [`PushShapes::Real`] a socket that sent nothing for twice this long is closed (1001); with
    /// [`PushShapes::Legacy`] a silent socket gets `pusher:ping` after this long.
    pub activity_timeout: Duration,
    /// [`PushShapes::Legacy`]: after its ping, how long the server waits for any message before closing with 4201.
    pub pong_grace: Duration,
    /// `Some`: REST and the live channel are served over HTTPS/WSS (same port) with this certificate.
    pub tls: Option<SimTls>,
    /// `Some`: visitors ring now and then at the confirmed intercoms that are online (`sim` and `--demo`).
    pub demo_calls: Option<DemoCalls>,
    /// Which building the demo data describes ([`crate::site_name`]): each server of [`crate::start_many`] its own, so that a
    /// user can tell them apart.
    pub site: usize,
    /// With demo data, every account holds this many more codes (at its main entrance, valid for a day), and may
    /// hold as many more than `code_limit`: big accounts for tests and benchmarks.
    pub extra_codes: usize,
    /// `Some(seed)`: every field the vendor's SDKs take as optional is left out or sent as `null` at random, each
    /// object the same way every time it is sent (the seed decides), as a server may send them.
    pub sparse: Option<u64>,
    /// `Some(v)`: an API request whose `X-Version` is not `v` is answered 409, as a server that needs a newer
    /// client (both SDKs send `X-Version` and read 409 as "update the app").
    pub require_version: Option<String>,
    /// `Some(n)`: a `per_page` above `n` is refused with 422 naming it, as a server validating it (by default a
    /// larger one is clamped to `max_per_page`).
    pub per_page_max: Option<u32>,
    /// How a 419 lists the sessions.
    pub sessions_shape: SessionsShape,
}

/// How often the demo's visitors ring, and how long each step of a call takes (each a random point in its range).
#[derive(Debug, Clone)]
pub struct DemoCalls {
    /// Between the end of one call and the next ring.
    pub every: RangeInclusive<Duration>,
    /// How long a call rings before somebody answers, or it is missed.
    pub ringing: RangeInclusive<Duration>,
    /// How long an answered call lasts.
    pub talking: RangeInclusive<Duration>,
}

impl Default for DemoCalls {
    /// A call every minute or two, ringing for 5–25 s, talking for 10–40 s.
    fn default() -> Self {
        Self {
            every: Duration::from_secs(60)..=Duration::from_secs(120),
            ringing: Duration::from_secs(5)..=Duration::from_secs(25),
            talking: Duration::from_secs(10)..=Duration::from_secs(40),
        }
    }
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            users: vec![("demo".to_owned(), "demo".to_owned())],
            code_limit: 5,
            demo_data: true,
            request_delay: Duration::ZERO,
            captcha: false,
            max_sessions: None,
            max_per_page: 100,
            app_key: "visitor-desk-key".to_owned(),
            app_secret: "visitor-desk-secret".to_owned(),
            auth_paths: vec![DEFAULT_AUTH_PATH.to_owned()],
            pushes: PushShapes::Real,
            wsurl_path: ANNOUNCED_PATH.to_owned(),
            activity_timeout: Duration::from_secs(40),
            pong_grace: Duration::from_secs(30),
            tls: None,
            demo_calls: None,
            site: 0,
            extra_codes: 0,
            sparse: None,
            require_version: None,
            per_page_max: None,
            sessions_shape: SessionsShape::Object,
        }
    }
}
