//! HTTPS and WSS for the simulator: a certificate that can be swapped while the server runs, and a
//! listener that hands axum only connections whose TLS handshake succeeded.
//!
//! Handshakes run in their own tasks, so a client that stalls mid-handshake delays nobody, and a
//! failed handshake (an untrusting client, a port scanner) is logged and forgotten, never fatal.

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use parking_lot::RwLock;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;

/// How long a client may take over its handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Handshaken connections waiting for axum to take them.
const ACCEPT_BACKLOG: usize = 64;

/// A certificate (chain, leaf first) and its private key, both PEM.
#[derive(Clone)]
pub struct SimTls {
    pub cert_pem: String,
    pub key_pem: String,
}

impl fmt::Debug for SimTls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimTls")
            .field("cert_pem", &self.cert_pem)
            .finish_non_exhaustive()
    }
}

/// The certificate the server presents; replaceable at any time (new handshakes get the new one).
#[derive(Debug)]
pub(crate) struct CertStore {
    provider: Arc<CryptoProvider>,
    current: RwLock<Arc<CertifiedKey>>,
}

impl CertStore {
    pub fn new(tls: &SimTls) -> Result<Arc<Self>, String> {
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let current = RwLock::new(Arc::new(certified_key(&provider, tls)?));
        Ok(Arc::new(Self { provider, current }))
    }

    pub fn replace(&self, tls: &SimTls) -> Result<(), String> {
        let key = Arc::new(certified_key(&self.provider, tls)?);
        *self.current.write() = key;
        Ok(())
    }

    /// The server configuration that presents whatever certificate the store holds.
    pub fn server_config(self: &Arc<Self>) -> Result<Arc<rustls::ServerConfig>, String> {
        let mut config = rustls::ServerConfig::builder_with_provider(self.provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|error| error.to_string())?
            .with_no_client_auth()
            .with_cert_resolver(self.clone());
        // axum serves HTTP/1.1 here (its http2 feature is off); websockets need it anyway.
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        // No session resumption: a resumed session skips the certificate, so a swapped one would
        // go unseen. A real server that changes its certificate restarts and forgets its sessions.
        config.session_storage = Arc::new(rustls::server::NoServerSessionStorage {});
        config.send_tls13_tickets = 0;
        Ok(Arc::new(config))
    }
}

impl ResolvesServerCert for CertStore {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(self.current.read().clone())
    }
}

fn certified_key(provider: &CryptoProvider, tls: &SimTls) -> Result<CertifiedKey, String> {
    let chain = CertificateDer::pem_slice_iter(tls.cert_pem.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| format!("the certificate is not valid PEM: {error}"))?;
    if chain.is_empty() {
        return Err("no certificate in the certificate PEM".into());
    }
    let key = PrivateKeyDer::from_pem_slice(tls.key_pem.as_bytes())
        .map_err(|error| format!("the private key is not valid PEM: {error}"))?;
    let key = provider
        .key_provider
        .load_private_key(key)
        .map_err(|error| format!("the private key cannot be used: {error}"))?;
    let certified = CertifiedKey::new(chain, key);
    certified
        .keys_match()
        .map_err(|error| format!("the key does not belong to the certificate: {error}"))?;
    Ok(certified)
}

/// A listener for `axum::serve` that yields TLS streams. Dropping it (when the server stops) ends
/// the accept task and closes the port.
pub(crate) struct TlsListener {
    local: SocketAddr,
    ready: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
}

impl TlsListener {
    pub fn new(tcp: TcpListener, config: Arc<rustls::ServerConfig>) -> io::Result<Self> {
        let local = tcp.local_addr()?;
        let (sender, ready) = mpsc::channel(ACCEPT_BACKLOG);
        tokio::spawn(accept_loop(tcp, TlsAcceptor::from(config), sender));
        Ok(Self { local, ready })
    }
}

async fn accept_loop(
    mut tcp: TcpListener,
    acceptor: TlsAcceptor,
    ready: mpsc::Sender<(TlsStream<TcpStream>, SocketAddr)>,
) {
    loop {
        let (stream, peer) = tokio::select! {
            // axum's own accept for TCP: it retries (and logs) failed accepts.
            accepted = axum::serve::Listener::accept(&mut tcp) => accepted,
            () = ready.closed() => return,
        };
        // Each push leaves at once, not held back by Nagle's algorithm behind the last one's ACK.
        if let Err(error) = stream.set_nodelay(true) {
            tracing::debug!(%error, "sim: TCP_NODELAY not set");
        }
        let acceptor = acceptor.clone();
        let ready = ready.clone();
        tokio::spawn(async move {
            match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                Ok(Ok(tls)) => {
                    // An error means the server stopped meanwhile; the connection just closes.
                    let _ = ready.send((tls, peer)).await;
                }
                Ok(Err(error)) => tracing::debug!(%peer, %error, "sim: TLS handshake failed"),
                Err(_) => tracing::debug!(%peer, "sim: TLS handshake timed out"),
            }
        });
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(connection) => connection,
            // The accept task only ends once this listener is gone, so this is never reached;
            // waiting forever is the one answer that cannot hurt.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        Ok(self.local)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(name: &str) -> SimTls {
        let rcgen::CertifiedKey { cert, signing_key } =
            rcgen::generate_simple_self_signed(vec![name.to_owned()]).expect("certificate");
        SimTls {
            cert_pem: cert.pem(),
            key_pem: signing_key.serialize_pem(),
        }
    }

    #[test]
    fn a_key_of_another_certificate_is_refused() {
        let first = pair("localhost");
        let second = pair("localhost");
        let mixed = SimTls {
            cert_pem: first.cert_pem.clone(),
            key_pem: second.key_pem,
        };
        assert!(CertStore::new(&first).is_ok());
        let error = CertStore::new(&mixed).expect_err("mismatched key");
        assert!(error.contains("does not belong"), "{error}");
        let garbage = SimTls {
            cert_pem: "nothing".into(),
            key_pem: first.key_pem,
        };
        assert!(CertStore::new(&garbage).is_err());
    }

    #[test]
    fn the_key_stays_out_of_debug_output() {
        let tls = pair("localhost");
        let shown = format!("{tls:?}");
        assert!(!shown.contains(&tls.key_pem), "{shown}");
    }
}
