//! The client's certificate trust over another protocol's socket (`StreamTrust`, which the desk's mail sending
//! uses): a pinned certificate passes, another is refused as changed, and one the platform does not trust is
//! refused with its subject and fingerprint, as REST says them.

use std::sync::Arc;

use aipix_client::api::{ApiError, StreamTrust, TlsTrust};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use sha2::{Digest as _, Sha256};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

struct Server {
    der: Vec<u8>,
    acceptor: tokio_rustls::TlsAcceptor,
}

fn server(common_name: &str) -> Server {
    let mut params = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).expect("params");
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, common_name);
    let key = rcgen::KeyPair::generate().expect("key");
    let cert = params.self_signed(&key).expect("certificate");
    let der = cert.der().to_vec();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("versions")
    .with_no_client_auth()
    .with_single_cert(
        vec![CertificateDer::from(der.clone())],
        PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
    )
    .expect("server config");
    Server {
        der,
        acceptor: tokio_rustls::TlsAcceptor::from(Arc::new(config)),
    }
}

/// Connects `trust` to `server` over an in-memory pipe; the server answers one byte.
async fn connect(trust: &StreamTrust, server: &Server) -> Result<(), ApiError> {
    let (client, far) = tokio::io::duplex(64 * 1024);
    let acceptor = server.acceptor.clone();
    let served = tokio::spawn(async move {
        if let Ok(mut stream) = acceptor.accept(far).await {
            let _ = stream.write_all(b"!").await;
            let _ = stream.flush().await;
        }
    });
    let result = match trust.connect("localhost", client).await {
        Ok(mut stream) => {
            let mut byte = [0_u8; 1];
            stream.read_exact(&mut byte).await.expect("a byte");
            assert_eq!(&byte, b"!");
            Ok(())
        }
        Err(error) => Err(error),
    };
    drop(served);
    result
}

#[tokio::test]
async fn a_pinned_certificate_passes_and_another_is_refused_as_changed() {
    let server = server("Mail test");
    let pin = hex::encode(Sha256::digest(&server.der));
    let trust = StreamTrust::new(&TlsTrust::Pinned {
        sha256: pin.clone(),
    })
    .expect("trust");
    connect(&trust, &server)
        .await
        .expect("the pinned certificate passes");

    let other = server_named_elsewhere();
    match connect(&trust, &other).await {
        Err(ApiError::CertificateChanged {
            expected, found, ..
        }) => {
            assert_eq!(expected, pin);
            assert_eq!(found, hex::encode(Sha256::digest(&other.der)));
        }
        other => panic!("refused as changed: {other:?}"),
    }
}

fn server_named_elsewhere() -> Server {
    server("Someone in between")
}

#[tokio::test]
async fn a_certificate_the_platform_does_not_trust_is_named() {
    let server = server("Mail test");
    let trust = StreamTrust::new(&TlsTrust::System).expect("the platform's authorities");
    match connect(&trust, &server).await {
        Err(ApiError::UntrustedCertificate {
            subject, sha256, ..
        }) => {
            assert!(subject.contains("Mail test"), "{subject}");
            assert_eq!(sha256, hex::encode(Sha256::digest(&server.der)));
        }
        other => panic!("refused as untrusted: {other:?}"),
    }
}
