//! A simulator of the AIPIX VMS server, written from the project's API contract independently of any
//! client (this crate does not depend on `aipix-client`, so that the two implementations check each other):
//! REST endpoints with Laravel's shapes and errors, a Pusher protocol 7 live channel with private-channel
//! auth, demo data, and a clock tests can move.
//!
//! [`start`] serves it on the current tokio runtime and returns a [`SimHandle`]. With the `testing` feature, [`testing`] adds what tests and benchmarks need: a simulator on a
//! loopback port and hooks on the handle.

// The test hooks reach deep into the server (a socket's control queue, the store's counters, the clock). Without
// the `testing` feature those paths are unused, yet they stay compiled: the server a test drives is the very one
// `--demo` runs, not a variant of it.
#![cfg_attr(not(any(test, feature = "testing")), allow(dead_code))]

mod captcha;
mod clock;
mod config;
mod demo;
mod http;
mod hub;
mod live;
mod messages;
mod page;
mod pushes;
mod records;
mod routes;
mod sparse;
mod state;
mod store;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_sdk;
mod tls;
mod wire;

use std::collections::BTreeMap;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use tokio::net::TcpListener;

use clock::SimClock;
use state::{Endpoint, Shared};
use store::{Store, StoreError};
use tls::{CertStore, TlsListener};

pub use config::{DemoCalls, SIM_VERSION, SessionsShape, SimConfig};
pub use hub::{Announced, ClientFrame};
pub use pushes::{Push, PushShapes};
pub use tls::SimTls;

#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("user {0:?} is configured twice")]
    DuplicateUser(String),
    #[error("unknown user {0:?}")]
    UnknownUser(String),
    #[error("not found")]
    NotFound,
    /// The 422 a request would have got: Laravel's summary and the reasons per field.
    #[error("{message}")]
    Validation {
        message: String,
        errors: BTreeMap<String, Vec<String>>,
    },
    /// Any other refusal (only reachable through requests, listed for completeness).
    #[error("refused: {0}")]
    Refused(String),
    #[error("waiting for Ctrl-C failed: {0}")]
    Signal(#[source] std::io::Error),
    #[error("the TLS certificate cannot be used: {0}")]
    Tls(String),
}

impl SimError {
    fn from_store(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => Self::NotFound,
            StoreError::DuplicateUser(login) => Self::DuplicateUser(login),
            StoreError::Validation(errors) => Self::Validation {
                message: errors.message(),
                errors: errors.into_map(),
            },
            other @ (StoreError::Unauthenticated
            | StoreError::Forbidden
            | StoreError::TooManySessions { .. }
            | StoreError::RateLimited { .. }
            | StoreError::Failed) => Self::Refused(other.to_string()),
        }
    }
}

/// Control of a running simulator. Cheap to clone; every clone controls the same server.
#[derive(Clone)]
pub struct SimHandle {
    shared: Arc<Shared>,
    /// The certificate served, when serving TLS.
    certificate: Option<Arc<CertStore>>,
}

impl fmt::Debug for SimHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimHandle")
            .field("base_url", &self.shared.endpoint.base_url)
            .finish_non_exhaustive()
    }
}

/// The store `config` describes: its users, with the demo data when asked for.
fn filled_store(config: &SimConfig, now: chrono::DateTime<chrono::Utc>) -> Result<Store, SimError> {
    let code_limit = config.code_limit + config.extra_codes;
    let mut store = Store::new(code_limit, config.max_sessions, config.captcha);
    store.sparse = config.sparse.map(sparse::Sparse::new);
    store.sessions_shape = config.sessions_shape;
    for (login, password) in &config.users {
        let user = store
            .add_user(login, password, now)
            .map_err(SimError::from_store)?;
        if config.demo_data {
            demo::populate(&mut store, user, now, config.site);
            demo::add_codes(&mut store, user, now, config.extra_codes);
        }
    }
    Ok(store)
}

/// Binds `addr` (port 0 picks a free port), fills the store, and serves on the current runtime.
pub async fn start(config: SimConfig, addr: SocketAddr) -> Result<SimHandle, SimError> {
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| SimError::Bind { addr, source })?;
    let local = listener
        .local_addr()
        .map_err(|source| SimError::Bind { addr, source })?;
    let certificate = config
        .tls
        .as_ref()
        .map(CertStore::new)
        .transpose()
        .map_err(SimError::Tls)?;

    let clock = SimClock::new();
    let now = clock.now();
    let store = filled_store(&config, now)?;

    let host = reachable_host(local.ip());
    let scheme = if certificate.is_some() {
        "https"
    } else {
        "http"
    };
    let base_url = match host {
        IpAddr::V4(ip) => format!("{scheme}://{ip}:{}", local.port()),
        IpAddr::V6(ip) => format!("{scheme}://[{ip}]:{}", local.port()),
    };
    let endpoint = Endpoint {
        addr: local,
        base_url,
        host: host.to_string(),
        encrypted: certificate.is_some(),
        app_key: config.app_key,
        app_secret: config.app_secret,
        max_per_page: config.max_per_page,
        wsurl_path: config.wsurl_path,
        per_page_max: config.per_page_max,
        captcha: config.captcha,
    };
    let live = hub::Hub::new(hub::LiveSettings {
        shapes: config.pushes,
        activity_timeout: config.activity_timeout,
        pong_grace: config.pong_grace,
        auth_paths: config.auth_paths,
    });
    let shared = Arc::new(Shared::new(
        store,
        clock,
        endpoint,
        config.request_delay,
        live,
    ));
    shared.set_required_version(config.require_version);

    if let Some(calls) = config.demo_calls {
        tokio::spawn(demo::ring_now_and_then(shared.clone(), calls));
    }
    let app = routes::router(shared.clone());
    match &certificate {
        Some(store) => {
            let config = store.server_config().map_err(SimError::Tls)?;
            let listener = TlsListener::new(listener, config)
                .map_err(|source| SimError::Bind { addr, source })?;
            tokio::spawn(serve(listener, app, shared.clone()));
        }
        None => {
            use axum::serve::ListenerExt as _;
            // Each push leaves at once, not held back by Nagle's algorithm behind the last one's ACK.
            let listener = listener.tap_io(|tcp| {
                if let Err(error) = tcp.set_nodelay(true) {
                    tracing::debug!(%error, "sim: TCP_NODELAY not set");
                }
            });
            tokio::spawn(serve_plain(listener, app, shared.clone()));
        }
    }
    tracing::info!(url = %shared.endpoint.base_url, "sim: listening");
    Ok(SimHandle {
        shared,
        certificate,
    })
}

/// Starts `count` independent servers in this process, each with its own port, users, data and live channel,
/// the `i`-th with `config` describing building `i` ([`site_name`]). `first` is the first one's address; the others
/// listen on the ports after it (port 0: each on a free port). A failure stops those already started.
pub async fn start_many(
    config: &SimConfig,
    count: usize,
    first: SocketAddr,
) -> Result<Vec<SimHandle>, SimError> {
    let mut started: Vec<SimHandle> = Vec::with_capacity(count);
    for site in 0..count {
        let port = match first.port() {
            0 => Some(0),
            port => u16::try_from(site)
                .ok()
                .and_then(|offset| port.checked_add(offset)),
        };
        let Some(port) = port else {
            started.iter().for_each(SimHandle::shutdown);
            return Err(SimError::Bind {
                addr: first,
                source: std::io::Error::other("no port left after it"),
            });
        };
        let config = SimConfig {
            site: config.site + site,
            ..config.clone()
        };
        match start(config, SocketAddr::new(first.ip(), port)).await {
            Ok(sim) => started.push(sim),
            Err(error) => {
                started.iter().for_each(SimHandle::shutdown);
                return Err(error);
            }
        }
    }
    Ok(started)
}

pub use demo::site_name;

/// Serves until shutdown is asked for, then marks the simulator stopped.
async fn serve<L>(listener: L, app: axum::Router, server: Arc<Shared>)
where
    L: axum::serve::Listener,
    L::Addr: fmt::Debug,
{
    let signal = {
        let server = server.clone();
        async move { server.shutdown_requested().await }
    };
    if let Err(error) = axum::serve(listener, app)
        .with_graceful_shutdown(signal)
        .await
    {
        tracing::error!(%error, "sim: server stopped with an error");
    }
    server.mark_stopped();
}

/// [`serve`] for plain TCP, where each request also knows the address it came from (the sessions list's `ip`).
async fn serve_plain<F>(
    listener: axum::serve::TapIo<TcpListener, F>,
    app: axum::Router,
    server: Arc<Shared>,
) where
    F: FnMut(&mut tokio::net::TcpStream) + Send + 'static,
{
    let signal = {
        let server = server.clone();
        async move { server.shutdown_requested().await }
    };
    let app = app.into_make_service_with_connect_info::<SocketAddr>();
    if let Err(error) = axum::serve(listener, app)
        .with_graceful_shutdown(signal)
        .await
    {
        tracing::error!(%error, "sim: server stopped with an error");
    }
    server.mark_stopped();
}

/// Where a client on this machine reaches a server bound to `ip` (an unspecified address means
/// every interface, so loopback works).
fn reachable_host(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        other => other,
    }
}

impl SimHandle {
    pub fn addr(&self) -> SocketAddr {
        self.shared.endpoint.addr
    }

    /// `http://127.0.0.1:PORT`, or `https://…` when serving TLS (no trailing slash).
    pub fn base_url(&self) -> String {
        self.shared.endpoint.base_url.clone()
    }

    /// Stops accepting connections and lets open requests finish; every live socket is closed
    /// with 1001.
    pub fn shutdown(&self) {
        self.shared.request_shutdown();
    }

    /// Resolves once the server has stopped (after `shutdown`).
    pub async fn stopped(&self) {
        self.shared.stopped().await;
    }

    /// Serves until Ctrl-C (or a shutdown), then stops and waits for open requests to finish.
    pub async fn serve_until_interrupted(&self) -> Result<(), SimError> {
        let result = tokio::select! {
            signal = tokio::signal::ctrl_c() => signal.map_err(SimError::Signal),
            () = self.stopped() => Ok(()),
        };
        self.shutdown();
        self.stopped().await;
        result
    }
}
