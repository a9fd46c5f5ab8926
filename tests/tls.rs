//! TLS trust against the simulator serving HTTPS and WSS, with certificates made for each test: a
//! self-signed server is refused by default, accepted once pinned or through its CA file, and refused
//! again when its certificate changes — for REST and for the live socket alike.

mod common;

use aipix_client::api::{ApiError, Client, LoginRequest, TlsTrust};
use aipix_client::live::{LiveEvent, Push};
use aipix_sim::testing::start_on_loopback;
use aipix_sim::{SimConfig, SimHandle, SimTls};
use chrono::{TimeDelta, Utc};
use common::client_with;
use common::live::{Listener, quick_config};
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
use sha2::{Digest as _, Sha256};
use tokio::io::AsyncWriteExt as _;

/// A server certificate for 127.0.0.1 and localhost, with its key.
struct ServerCert {
    pem: String,
    key_pem: String,
    der: Vec<u8>,
}

impl ServerCert {
    fn sha256(&self) -> String {
        hex::encode(Sha256::digest(&self.der))
    }

    fn sim_tls(&self) -> SimTls {
        SimTls {
            cert_pem: self.pem.clone(),
            key_pem: self.key_pem.clone(),
        }
    }
}

fn server_params(common_name: &str) -> CertificateParams {
    let mut params = CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
        .expect("server names");
    params
        .distinguished_name
        .push(DnType::CommonName, common_name);
    params
}

fn self_signed(common_name: &str) -> ServerCert {
    let key = KeyPair::generate().expect("key");
    let cert = server_params(common_name)
        .self_signed(&key)
        .expect("self-signed certificate");
    ServerCert {
        pem: cert.pem(),
        key_pem: key.serialize_pem(),
        der: cert.der().to_vec(),
    }
}

/// A private CA, as an on-premise installation would have.
fn authority(common_name: &str) -> CertifiedIssuer<'static, KeyPair> {
    let mut params = CertificateParams::default();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(DnType::CommonName, common_name);
    CertifiedIssuer::self_signed(params, KeyPair::generate().expect("key")).expect("CA")
}

fn issued_by(ca: &CertifiedIssuer<'static, KeyPair>, common_name: &str) -> ServerCert {
    let key = KeyPair::generate().expect("key");
    let cert = server_params(common_name)
        .signed_by(&key, ca)
        .expect("issued certificate");
    ServerCert {
        pem: cert.pem(),
        key_pem: key.serialize_pem(),
        der: cert.der().to_vec(),
    }
}

/// The CA's certificate in a PEM file, as a user would pick it.
fn ca_file(ca: &CertifiedIssuer<'static, KeyPair>) -> tempfile::NamedTempFile {
    let file = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(file.path(), ca.pem()).expect("write the CA file");
    file
}

async fn tls_sim(cert: &ServerCert) -> SimHandle {
    let sim = start_on_loopback(SimConfig {
        tls: Some(cert.sim_tls()),
        ..SimConfig::default()
    })
    .await;
    assert!(sim.base_url().starts_with("https://127.0.0.1:"), "{sim:?}");
    sim
}

fn client(sim: &SimHandle, trust: TlsTrust) -> Client {
    client_with(&sim.base_url(), |config| config.tls = trust)
}

fn pinned(cert: &ServerCert) -> TlsTrust {
    TlsTrust::Pinned {
        sha256: cert.sha256(),
    }
}

/// The subject and reason of an "untrusted certificate" refusal that names `cert`; panics on anything else.
fn untrusted<'a>(refused: &'a Result<(), ApiError>, cert: &ServerCert) -> (&'a str, &'a str) {
    let Err(ApiError::UntrustedCertificate {
        subject,
        sha256,
        reason,
    }) = refused
    else {
        panic!("expected an untrusted certificate, got {refused:?}");
    };
    assert_eq!(
        *sha256,
        cert.sha256(),
        "the refusal names the certificate the server showed"
    );
    (subject, reason)
}

async fn sign_in(client: &Client) -> Result<(), ApiError> {
    client
        .login(&LoginRequest::new("demo", "demo"))
        .await
        .map(|_| ())
}

fn in_hours(hours: i64) -> chrono::DateTime<Utc> {
    Utc::now() + TimeDelta::hours(hours)
}

#[tokio::test]
async fn a_self_signed_server_is_refused_by_default_and_named() {
    let cert = self_signed("Visitor Desk test server");
    let sim = tls_sim(&cert).await;

    let refused = sign_in(&client(&sim, TlsTrust::System)).await;
    let (subject, reason) = untrusted(&refused, &cert);
    assert_eq!(subject, "CN=Visitor Desk test server");
    assert!(!reason.is_empty());
    let text = refused.as_ref().expect_err("refused").to_string();
    let shown = cert.sha256()[..6].to_owned();
    assert!(
        text.contains(&format!(
            "{}:{}:{}",
            &shown[..2],
            &shown[2..4],
            &shown[4..6]
        )),
        "the fingerprint is shown in pairs: {text}"
    );
    assert_eq!(sim.session_count("demo"), 0, "nothing reached the server");

    // Refused handshakes and junk do not hurt the server: the next client gets through.
    let mut junk = tokio::net::TcpStream::connect(sim.addr())
        .await
        .expect("connect");
    junk.write_all(b"GET / HTTP/1.1\r\n\r\n")
        .await
        .expect("write junk");
    drop(junk);
    let _ = tokio::net::TcpStream::connect(sim.addr())
        .await
        .expect("connect");
    sign_in(&client(&sim, pinned(&cert)))
        .await
        .expect("the server still serves");
}

#[tokio::test]
async fn a_pinned_certificate_serves_rest_and_the_live_socket() {
    let cert = self_signed("Desk pinned");
    let sim = tls_sim(&cert).await;
    let desk = client(&sim, pinned(&cert));
    sign_in(&desk).await.expect("sign-in over HTTPS");

    let intercom = sim.intercom_ids("demo")[0];
    let made = desk
        .create_code(intercom, "Courier", in_hours(2))
        .await
        .expect("create over HTTPS");
    let codes = desk.codes().await.expect("codes over HTTPS").items;
    assert!(codes.iter().any(|code| code.id == made.id));

    let settings = desk.ws_url().await.expect("wsurl");
    assert!(settings.is_encrypted && settings.ws_url.starts_with("wss://"));

    let mut live = Listener::start(&desk, quick_config());
    live.connected().await;
    let pushed = sim
        .create_code("demo", intercom, "Plumber", in_hours(1))
        .expect("another desk's code");
    let push = live
        .wait_for("a push", |e| matches!(e, LiveEvent::Push(_)))
        .await;
    let LiveEvent::Push(Push::CodeCreated { code }) = push else {
        panic!("expected the new code, got {push:?}");
    };
    assert_eq!(Some(code.id), pushed["id"].as_u64());
}

#[tokio::test]
async fn a_changed_certificate_is_refused_by_rest_and_the_live_socket() {
    let trusted = self_signed("Desk before");
    let replacement = self_signed("Desk after");
    let sim = tls_sim(&trusted).await;
    let desk = client(&sim, pinned(&trusted));
    sign_in(&desk).await.expect("sign-in");
    let mut live = Listener::start(&desk, quick_config());
    live.connected().await;

    sim.set_tls_certificate(&replacement.pem, &replacement.key_pem)
        .expect("swap the certificate");

    // REST: a new connection (a restarted app) meets the new certificate.
    let restarted = client(&sim, pinned(&trusted));
    let refused = sign_in(&restarted).await;
    let Err(ApiError::CertificateChanged {
        expected,
        found,
        subject,
    }) = &refused
    else {
        panic!("expected a changed certificate, got {refused:?}");
    };
    assert_eq!(*expected, trusted.sha256());
    assert_eq!(*found, replacement.sha256());
    assert_eq!(subject, "CN=Desk after");

    // Live: the server restarts its sockets; reconnecting meets the new certificate and gives up.
    assert_eq!(sim.drop_live_connections(4200, "Restarting"), 1);
    let reason = live.stopped().await;
    assert!(
        reason.contains("changed since you trusted it"),
        "the reason says why: {reason}"
    );

    // Trusting the new one, as the error offers, works.
    let (_, offered) = refused
        .as_ref()
        .expect_err("refused")
        .offered_certificate()
        .expect("a certificate on offer");
    let renewed = client(
        &sim,
        TlsTrust::Pinned {
            sha256: offered.to_owned(),
        },
    );
    sign_in(&renewed).await.expect("the new pin is accepted");
}

#[tokio::test]
async fn the_ca_file_of_the_server_is_trusted() {
    let ca = authority("Desk test CA");
    let cert = issued_by(&ca, "Desk behind a CA");
    let sim = tls_sim(&cert).await;
    let file = ca_file(&ca);
    let desk = client(&sim, TlsTrust::CaFile(file.path().to_owned()));

    sign_in(&desk).await.expect("sign-in with the CA file");
    assert!(!desk.intercoms().await.expect("intercoms").items.is_empty());
    let mut live = Listener::start(&desk, quick_config());
    live.connected().await;
}

#[tokio::test]
async fn the_ca_file_of_another_authority_is_not_enough() {
    let server_ca = authority("Desk test CA");
    let other_ca = authority("Someone else's CA");
    let cert = issued_by(&server_ca, "Desk behind a CA");
    let sim = tls_sim(&cert).await;
    let file = ca_file(&other_ca);

    let refused = sign_in(&client(&sim, TlsTrust::CaFile(file.path().to_owned()))).await;
    let (subject, reason) = untrusted(&refused, &cert);
    assert_eq!(subject, "CN=Desk behind a CA");
    assert!(reason.contains("not issued by an authority"), "{reason}");
    // The system's authorities do not know this CA either.
    let refused = sign_in(&client(&sim, TlsTrust::System)).await;
    untrusted(&refused, &cert);
}

#[tokio::test]
async fn a_plain_server_is_unaffected_by_the_choice() {
    let sim = start_on_loopback(SimConfig::default()).await;
    assert!(sim.base_url().starts_with("http://"));
    let cert = self_signed("unused");
    sign_in(&client(&sim, pinned(&cert)))
        .await
        .expect("no TLS, nothing to check");
}
