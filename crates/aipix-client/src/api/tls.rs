//! Which server certificates the client trusts, and why it refused one.
//!
//! Verification is always on. A server whose certificate the platform does not trust (typically a
//! self-signed on-premise server) is trusted only by an explicit choice: a CA file, or a pin on the
//! exact certificate. When a certificate is refused, the certificate the server presented is noted
//! (subject and SHA-256 fingerprint) so the error can show it and the user can decide to pin it.

use std::collections::HashMap;
use std::error::Error as StdError;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use parking_lot::Mutex;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};
use serde::{Deserialize, Serialize};
use tokio::net::TcpStream;
use url::Url;

use super::error::ApiError;
pub use super::fingerprint::{fingerprint, format_fingerprint, normalize_fingerprint};

/// Which server certificates a connection accepts (REST and the live socket alike). There is no
/// choice that turns checking off. Only `https://` and `wss://` connections are concerned.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TlsTrust {
    /// The platform's trusted authorities, with full verification (name, dates, chain).
    #[default]
    System,
    /// Only the authorities in this PEM file (one or more CA certificates), with full verification.
    /// The platform's authorities are *not* added: the file says who issues this server's certificates.
    CaFile(PathBuf),
    /// Exactly the server certificate whose DER encoding has this SHA-256 (hex; colons, spaces and
    /// case are ignored). The handshake must still be signed by that certificate's key, but its
    /// names and dates are not checked: the user vouched for this very certificate, and self-signed
    /// certificates of on-premise servers often name another host or have expired. Any other
    /// certificate is refused as changed.
    Pinned { sha256: String },
}

/// The certificate a server presented, as a user can recognise it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Presented {
    pub subject: String,
    pub sha256: String,
}

impl Presented {
    pub fn read(der: &[u8]) -> Self {
        Self {
            subject: subject_text(der),
            sha256: fingerprint(der),
        }
    }
}

/// Why a certificate was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    Untrusted {
        presented: Presented,
        reason: String,
    },
    Changed {
        expected: String,
        presented: Presented,
    },
}

impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::Untrusted { presented, reason } => ApiError::UntrustedCertificate {
                subject: presented.subject,
                sha256: presented.sha256,
                reason,
            },
            Refusal::Changed {
                expected,
                presented,
            } => ApiError::CertificateChanged {
                expected,
                found: presented.sha256,
                subject: presented.subject,
            },
        }
    }
}

/// The last refusal per server name. Connections fail inside reqwest or tungstenite, which only
/// pass on rustls' error; the verifier notes here what it saw, and the caller reads it afterwards.
#[derive(Debug, Default)]
struct Refusals {
    by_host: Mutex<HashMap<String, Refusal>>,
}

impl Refusals {
    fn record(&self, server: &ServerName<'_>, refusal: Refusal) {
        let host = server.to_str().to_ascii_lowercase();
        self.by_host.lock().insert(host, refusal);
    }

    fn get(&self, host: &str) -> Option<Refusal> {
        self.by_host.lock().get(host).cloned()
    }
}

/// What the verifier checks.
#[derive(Debug)]
enum Check {
    /// The usual verification against these authorities (a CA file's, with webpki), or the platform's (its
    /// own verifier, as reqwest's).
    Authorities(Arc<dyn ServerCertVerifier>),
    /// Exactly this certificate (lowercase hex SHA-256).
    Pinned(String),
    /// Nothing passes: used only to learn which certificate a server presents.
    Capture,
}

/// A server certificate verifier that notes the presented certificate whenever it refuses one.
#[derive(Debug)]
struct TrustVerifier {
    check: Check,
    algorithms: WebPkiSupportedAlgorithms,
    refusals: Arc<Refusals>,
}

impl ServerCertVerifier for TrustVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let refusal = match &self.check {
            Check::Authorities(webpki) => {
                match webpki.verify_server_cert(
                    end_entity,
                    intermediates,
                    server_name,
                    ocsp_response,
                    now,
                ) {
                    Ok(verified) => return Ok(verified),
                    Err(error) => {
                        let reason = refusal_reason(&error, server_name);
                        let presented = Presented::read(end_entity);
                        self.refusals
                            .record(server_name, Refusal::Untrusted { presented, reason });
                        return Err(error);
                    }
                }
            }
            Check::Pinned(expected) => {
                let presented = Presented::read(end_entity);
                if presented.sha256 == *expected {
                    return Ok(ServerCertVerified::assertion());
                }
                Refusal::Changed {
                    expected: expected.clone(),
                    presented,
                }
            }
            Check::Capture => Refusal::Untrusted {
                presented: Presented::read(end_entity),
                reason: String::new(),
            },
        };
        self.refusals.record(server_name, refusal);
        Err(rustls::Error::InvalidCertificate(
            CertificateError::ApplicationVerificationFailure,
        ))
    }

    // The handshake is signed by the certificate's key whatever the check: a pinned certificate
    // copied by someone without its key does not pass.
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// A [`TlsTrust`] made ready for connections.
#[derive(Debug)]
pub(crate) struct Trust {
    /// `None` for [`TlsTrust::System`]: reqwest's platform verifier (and tungstenite's native roots)
    /// do the checking, since this crate has no access of its own to the platform's authorities.
    config: Option<Arc<rustls::ClientConfig>>,
    refusals: Arc<Refusals>,
    provider: Arc<CryptoProvider>,
}

impl Trust {
    pub fn new(choice: &TlsTrust) -> Result<Self, ApiError> {
        // Named explicitly: reqwest's provider, whatever the process default happens to be.
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let refusals = Arc::new(Refusals::default());
        let check = chosen_check(choice, &provider)?;
        let config = check
            .map(|check| client_config(&provider, check, refusals.clone()))
            .transpose()?
            .map(Arc::new);
        Ok(Self {
            config,
            refusals,
            provider,
        })
    }

    /// The rustls configuration for sockets opened outside reqwest (the live websocket); `None`
    /// means the platform's authorities.
    pub fn rustls_config(&self) -> Option<Arc<rustls::ClientConfig>> {
        self.config.clone()
    }

    /// Hands the configuration to reqwest (which keeps its own platform verifier for `System`).
    pub fn configure(&self, builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
        match &self.config {
            None => builder,
            Some(config) => {
                let mut rest = rustls::ClientConfig::clone(config);
                // reqwest leaves ALPN to a preconfigured backend; offer what it would.
                rest.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
                builder.tls_backend_preconfigured(rest)
            }
        }
    }

    /// When `error` (of a connection to `url`) is a refused server certificate, the error that says
    /// which certificate and why; `None` for every other failure. Under `System` the refused
    /// certificate is fetched by a second, short handshake that accepts nothing, bounded by `wait`.
    ///
    /// The error is read before the future starts, so the future holds no reference to it.
    pub fn refusal(
        &self,
        url: &Url,
        error: &(dyn StdError + 'static),
        wait: Duration,
    ) -> impl Future<Output = Option<ApiError>> + Send + '_ {
        let problem = certificate_error(error).cloned();
        let host = host_of(url);
        let port = url.port_or_known_default();
        async move {
            let (problem, host) = (problem?, host?);
            if self.config.is_some() {
                return self.refusals.get(&host).map(ApiError::from);
            }
            let presented = tokio::time::timeout(wait, self.capture(&host, port?))
                .await
                .ok()??;
            let server = ServerName::try_from(host).ok()?;
            let error = rustls::Error::InvalidCertificate(problem);
            Some(ApiError::from(Refusal::Untrusted {
                presented,
                reason: refusal_reason(&error, &server),
            }))
        }
    }

    /// Connects to `host:port` only to see its certificate; the handshake is always refused.
    async fn capture(&self, host: &str, port: u16) -> Option<Presented> {
        let refusals = Arc::new(Refusals::default());
        let config = client_config(&self.provider, Check::Capture, refusals.clone()).ok()?;
        let server = ServerName::try_from(host.to_owned()).ok()?;
        let tcp = TcpStream::connect((host, port)).await.ok()?;
        let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
        // The handshake fails by design; the verifier has noted the certificate by then.
        let _ = connector.connect(server, tcp).await;
        match refusals.get(host)? {
            Refusal::Untrusted { presented, .. } | Refusal::Changed { presented, .. } => {
                Some(presented)
            }
        }
    }
}

/// What a choice other than the platform's checks; `None` for [`TlsTrust::System`].
fn chosen_check(
    choice: &TlsTrust,
    provider: &Arc<CryptoProvider>,
) -> Result<Option<Check>, ApiError> {
    Ok(match choice {
        TlsTrust::System => None,
        TlsTrust::CaFile(path) => {
            let roots = read_authorities(path)?;
            let webpki =
                WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
                    .build()
                    .map_err(|error| {
                        ApiError::TlsSetup(format!(
                            "the CA file {} cannot be used: {error}",
                            path.display()
                        ))
                    })?;
            Some(Check::Authorities(webpki))
        }
        TlsTrust::Pinned { sha256 } => {
            let pin = normalize_fingerprint(sha256).ok_or_else(|| {
                ApiError::TlsSetup(format!(
                    "the pinned fingerprint {sha256:?} is not a SHA-256 (64 hex digits)"
                ))
            })?;
            Some(Check::Pinned(pin))
        }
    })
}

/// TLS for another protocol's socket to a server the desk trusts as it trusts its REST server (the mail
/// server): the same [`TlsTrust`] and the same verifier over any stream, and a refused certificate told as REST
/// tells it ([`ApiError::UntrustedCertificate`], [`ApiError::CertificateChanged`]). The platform's authorities
/// are checked by the platform's verifier, as reqwest checks them.
#[derive(Debug)]
pub struct StreamTrust {
    config: Arc<rustls::ClientConfig>,
    refusals: Arc<Refusals>,
}

impl StreamTrust {
    pub fn new(choice: &TlsTrust) -> Result<Self, ApiError> {
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let refusals = Arc::new(Refusals::default());
        let check = match chosen_check(choice, &provider)? {
            Some(check) => check,
            None => Check::Authorities(Arc::new(
                rustls_platform_verifier::Verifier::new(provider.clone()).map_err(|error| {
                    ApiError::TlsSetup(format!(
                        "this computer's trusted authorities cannot be read: {error}"
                    ))
                })?,
            )),
        };
        let config = client_config(&provider, check, refusals.clone())?;
        Ok(Self {
            config: Arc::new(config),
            refusals,
        })
    }

    /// The TLS handshake over `stream` with the server named `host` (the name its certificate must bear).
    pub async fn connect<S>(
        &self,
        host: &str,
        stream: S,
    ) -> Result<tokio_rustls::client::TlsStream<S>, ApiError>
    where
        S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
    {
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_ascii_lowercase();
        let server = ServerName::try_from(host.clone())
            .map_err(|_| ApiError::InvalidUrl(format!("{host} is not a server name")))?;
        let connector = tokio_rustls::TlsConnector::from(self.config.clone());
        connector.connect(server, stream).await.map_err(|error| {
            let refused = certificate_error(&error)
                .is_some()
                .then(|| self.refusals.get(&host))
                .flatten();
            match refused {
                Some(refusal) => ApiError::from(refusal),
                None => ApiError::Network(format!("the encrypted connection failed: {error}")),
            }
        })
    }
}

fn client_config(
    provider: &Arc<CryptoProvider>,
    check: Check,
    refusals: Arc<Refusals>,
) -> Result<rustls::ClientConfig, ApiError> {
    let verifier = TrustVerifier {
        check,
        algorithms: provider.signature_verification_algorithms,
        refusals,
    };
    Ok(
        rustls::ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|error| ApiError::TlsSetup(error.to_string()))?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth(),
    )
}

/// The CA certificates of a PEM file.
fn read_authorities(path: &std::path::Path) -> Result<RootCertStore, ApiError> {
    let unusable =
        |why: String| ApiError::TlsSetup(format!("the CA file {} {why}", path.display()));
    let pem = std::fs::read(path).map_err(|error| unusable(format!("cannot be read: {error}")))?;
    let mut roots = RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(&pem) {
        let cert = cert.map_err(|error| unusable(format!("is not valid PEM: {error}")))?;
        roots
            .add(cert)
            .map_err(|error| unusable(format!("holds an unusable certificate: {error}")))?;
    }
    if roots.is_empty() {
        return Err(unusable("holds no certificate".into()));
    }
    Ok(roots)
}

/// The certificate problem among an error's causes. A failed handshake reaches reqwest and
/// tungstenite as rustls' error inside one or more `io::Error`s, whose `source()` skips the error
/// they wrap, hence `get_ref` for those.
fn certificate_error<'a>(error: &'a (dyn StdError + 'static)) -> Option<&'a CertificateError> {
    let mut next = Some(error);
    while let Some(current) = next {
        if let Some(rustls::Error::InvalidCertificate(problem)) = current.downcast_ref() {
            return Some(problem);
        }
        next = match current.downcast_ref::<std::io::Error>() {
            Some(io) => io.get_ref().map(|inner| inner as &(dyn StdError + 'static)),
            None => current.source(),
        };
    }
    None
}

/// Whether a TLS handshake failed because the server answered in plain text: an `https://`
/// address whose server speaks only `http://` (its "400 Bad Request" is no TLS record).
pub(crate) fn is_plain_http_answer(error: &(dyn StdError + 'static)) -> bool {
    let mut next = Some(error);
    while let Some(current) = next {
        if let Some(rustls::Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType)) =
            current.downcast_ref()
        {
            return true;
        }
        next = match current.downcast_ref::<std::io::Error>() {
            Some(io) => io.get_ref().map(|inner| inner as &(dyn StdError + 'static)),
            None => current.source(),
        };
    }
    false
}

/// The host as rustls names the server (no brackets around IPv6), lowercase.
fn host_of(url: &Url) -> Option<String> {
    Some(match url.host()? {
        url::Host::Domain(domain) => domain.to_ascii_lowercase(),
        url::Host::Ipv4(ip) => ip.to_string(),
        url::Host::Ipv6(ip) => ip.to_string(),
    })
}

/// Why webpki refused a certificate, in words for the person at the desk.
fn refusal_reason(error: &rustls::Error, server: &ServerName<'_>) -> String {
    let rustls::Error::InvalidCertificate(problem) = error else {
        return error.to_string();
    };
    match problem {
        CertificateError::UnknownIssuer => {
            "it is not issued by an authority this computer trusts (it may be self-signed)".into()
        }
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
            "it has expired".into()
        }
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
            "it is not valid yet (is this computer's clock right?)".into()
        }
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
            format!("it is not made out to {}", server.to_str())
        }
        CertificateError::Revoked => "it has been revoked".into(),
        CertificateError::InvalidPurpose | CertificateError::InvalidPurposeContext { .. } => {
            "it is not meant for a server".into()
        }
        CertificateError::BadEncoding | CertificateError::BadSignature => {
            "it is damaged or forged".into()
        }
        // webpki's words for a server that shows its authority's certificate instead of its own.
        other if other.to_string().contains("CaUsedAsEndEntity") => {
            "it is a certificate authority's, not a server's (the server shows its CA certificate instead of \
             its own)"
                .into()
        }
        other => format!("it was refused ({other})"),
    }
}

/// The certificate's subject (`CN=…, O=…`), or its names when the subject is empty.
fn subject_text(der: &[u8]) -> String {
    let Ok((_, cert)) = x509_parser::parse_x509_certificate(der) else {
        return "(a certificate that cannot be read)".into();
    };
    let subject = cert.subject().to_string();
    if !subject.trim().is_empty() {
        return subject;
    }
    let names: Vec<String> = cert
        .subject_alternative_name()
        .ok()
        .flatten()
        .map(|san| {
            san.value
                .general_names
                .iter()
                .filter_map(|name| match name {
                    x509_parser::extensions::GeneralName::DNSName(dns) => Some((*dns).to_owned()),
                    x509_parser::extensions::GeneralName::IPAddress(bytes) => ip_text(bytes),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    if names.is_empty() {
        "(no subject)".into()
    } else {
        format!("(no subject) for {}", names.join(", "))
    }
}

fn ip_text(bytes: &[u8]) -> Option<String> {
    let ip = match bytes.len() {
        4 => IpAddr::from(<[u8; 4]>::try_from(bytes).ok()?),
        16 => IpAddr::from(<[u8; 16]>::try_from(bytes).ok()?),
        _ => return None,
    };
    Some(ip.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PIN: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    fn self_signed(name: &str) -> CertificateDer<'static> {
        named_self_signed(name, "Desk test")
    }

    fn named_self_signed(name: &str, common_name: &str) -> CertificateDer<'static> {
        let mut params =
            rcgen::CertificateParams::new(vec![name.to_owned()]).expect("certificate params");
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, common_name);
        let key = rcgen::KeyPair::generate().expect("key");
        params.self_signed(&key).expect("certificate").der().clone()
    }

    fn verifier(check: Check) -> (TrustVerifier, Arc<Refusals>) {
        let refusals = Arc::new(Refusals::default());
        let provider = rustls::crypto::aws_lc_rs::default_provider();
        let verifier = TrustVerifier {
            check,
            algorithms: provider.signature_verification_algorithms,
            refusals: refusals.clone(),
        };
        (verifier, refusals)
    }

    fn verify(verifier: &TrustVerifier, cert: &CertificateDer<'_>, host: &str) -> bool {
        let server = ServerName::try_from(host.to_owned()).expect("server name");
        verifier
            .verify_server_cert(cert, &[], &server, &[], UnixTime::now())
            .is_ok()
    }

    #[test]
    fn fingerprints_are_lowercase_hex_and_shown_in_pairs() {
        assert_eq!(
            fingerprint(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(format_fingerprint("ba7816bf"), "ba:78:16:bf");
        assert_eq!(format_fingerprint(""), "");
    }

    #[test]
    fn typed_fingerprints_are_normalised() {
        let shown = format_fingerprint(PIN).to_uppercase();
        assert_eq!(normalize_fingerprint(&shown).as_deref(), Some(PIN));
        assert_eq!(
            normalize_fingerprint(&format!(" {PIN} ")).as_deref(),
            Some(PIN)
        );
        assert_eq!(normalize_fingerprint(&PIN[2..]), None);
        assert_eq!(normalize_fingerprint(&PIN.replace('0', "g")), None);
    }

    #[test]
    fn a_pin_accepts_its_certificate_whatever_its_name() {
        let cert = self_signed("desk.example");
        let (verifier, refusals) = verifier(Check::Pinned(fingerprint(&cert)));
        assert!(verify(&verifier, &cert, "127.0.0.1"));
        assert!(refusals.get("127.0.0.1").is_none());
    }

    #[test]
    fn a_pin_refuses_another_certificate_as_changed() {
        let trusted = self_signed("localhost");
        let other = self_signed("localhost");
        let (verifier, refusals) = verifier(Check::Pinned(fingerprint(&trusted)));
        assert!(!verify(&verifier, &other, "LocalHost"));
        let Some(Refusal::Changed {
            expected,
            presented,
        }) = refusals.get("localhost")
        else {
            panic!("a change is noted");
        };
        assert_eq!(expected, fingerprint(&trusted));
        assert_eq!(presented.sha256, fingerprint(&other));
        assert_eq!(presented.subject, "CN=Desk test");
    }

    #[test]
    fn authorities_refuse_a_stranger_and_note_why() {
        let authority = self_signed("localhost");
        let mut roots = RootCertStore::empty();
        roots.add(authority).expect("root");
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
            .build()
            .expect("verifier");
        let (verifier, refusals) = verifier(Check::Authorities(webpki));
        let stranger = named_self_signed("localhost", "Stranger");
        assert!(!verify(&verifier, &stranger, "localhost"));
        let Some(Refusal::Untrusted { presented, reason }) = refusals.get("localhost") else {
            panic!("the refusal is noted");
        };
        assert_eq!(presented, Presented::read(&stranger));
        assert!(reason.contains("not issued by an authority"), "{reason}");

        // One that only claims the authority's name fails its signature.
        let impostor = self_signed("localhost");
        assert!(!verify(&verifier, &impostor, "localhost"));
        let Some(Refusal::Untrusted { reason, .. }) = refusals.get("localhost") else {
            panic!("the refusal is noted");
        };
        assert_eq!(reason, "it is damaged or forged");
    }

    /// A server that shows the authority's own certificate (the CA file picked as the server's, a common slip
    /// when setting up a private CA) is told as such, not as webpki's `CaUsedAsEndEntity`.
    #[test]
    fn an_authoritys_certificate_shown_as_the_servers_is_named_in_words() {
        let mut params =
            rcgen::CertificateParams::new(vec!["localhost".to_owned()]).expect("params");
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        let key = rcgen::KeyPair::generate().expect("key");
        let authority = params.self_signed(&key).expect("CA").der().clone();
        let mut roots = RootCertStore::empty();
        roots.add(authority.clone()).expect("root");
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
            .build()
            .expect("verifier");
        let (verifier, refusals) = verifier(Check::Authorities(webpki));
        assert!(!verify(&verifier, &authority, "localhost"));
        let Some(Refusal::Untrusted { reason, .. }) = refusals.get("localhost") else {
            panic!("the refusal is noted");
        };
        assert!(
            reason.contains("a certificate authority's, not a server's"),
            "{reason}"
        );
        assert!(!reason.contains("CaUsedAsEndEntity"), "{reason}");
    }

    #[test]
    fn capture_refuses_everything() {
        let cert = self_signed("127.0.0.1");
        let (verifier, refusals) = verifier(Check::Capture);
        assert!(!verify(&verifier, &cert, "127.0.0.1"));
        assert!(matches!(
            refusals.get("127.0.0.1"),
            Some(Refusal::Untrusted { presented, .. }) if presented.sha256 == fingerprint(&cert)
        ));
    }

    #[test]
    fn unreadable_certificates_still_have_a_fingerprint() {
        let presented = Presented::read(b"not a certificate");
        assert_eq!(presented.subject, "(a certificate that cannot be read)");
        assert_eq!(presented.sha256.len(), 64);
    }

    #[test]
    fn a_subjectless_certificate_is_named_by_its_names() {
        let params =
            rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned(), "desk.local".into()])
                .expect("params");
        let mut params = params;
        params.distinguished_name = rcgen::DistinguishedName::new();
        let key = rcgen::KeyPair::generate().expect("key");
        let cert = params.self_signed(&key).expect("certificate");
        assert_eq!(
            subject_text(cert.der()),
            "(no subject) for 127.0.0.1, desk.local"
        );
    }

    #[test]
    fn bad_choices_are_reported_not_ignored() {
        let pin = Trust::new(&TlsTrust::Pinned {
            sha256: "abc".into(),
        });
        assert!(matches!(pin, Err(ApiError::TlsSetup(_))));
        let missing = Trust::new(&TlsTrust::CaFile("/nonexistent/ca.pem".into()));
        assert!(
            matches!(&missing, Err(ApiError::TlsSetup(text)) if text.contains("cannot be read")),
            "{missing:?}"
        );
        let file = tempfile::NamedTempFile::new().expect("temp file");
        std::fs::write(file.path(), "no PEM here").expect("write");
        let empty = Trust::new(&TlsTrust::CaFile(file.path().to_owned()));
        assert!(
            matches!(&empty, Err(ApiError::TlsSetup(text)) if text.contains("no certificate")),
            "{empty:?}"
        );
        assert!(
            Trust::new(&TlsTrust::System)
                .expect("system")
                .rustls_config()
                .is_none()
        );
    }

    #[test]
    fn only_certificate_errors_count() {
        let refused = std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer),
        );
        assert_eq!(
            certificate_error(&refused),
            Some(&CertificateError::UnknownIssuer)
        );
        let other = std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            rustls::Error::HandshakeNotComplete,
        );
        assert_eq!(certificate_error(&other), None);
        let plain = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert_eq!(certificate_error(&plain), None);
        // As hyper-rustls reports it to reqwest: wrapped twice.
        let nested = std::io::Error::other(refused);
        assert_eq!(
            certificate_error(&nested),
            Some(&CertificateError::UnknownIssuer)
        );
    }

    #[test]
    fn the_choice_is_stored_readably() {
        let pinned = TlsTrust::Pinned { sha256: PIN.into() };
        let json = serde_json::to_value(&pinned).expect("json");
        assert_eq!(json, serde_json::json!({"pinned": {"sha256": PIN}}));
        let back: TlsTrust = serde_json::from_value(json).expect("back");
        assert_eq!(back, pinned);
        assert_eq!(
            serde_json::from_value::<TlsTrust>(serde_json::json!("system")).expect("system"),
            TlsTrust::System
        );
        let ca = TlsTrust::CaFile("/etc/desk/ca.pem".into());
        let json = serde_json::to_value(&ca).expect("json");
        assert_eq!(json, serde_json::json!({"ca_file": "/etc/desk/ca.pem"}));
    }
}
