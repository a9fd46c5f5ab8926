//! Helpers shared by the integration tests: clients for the simulator (which `aipix_sim::testing` starts), and a raw
//! HTTP server that answers whatever bytes a test wants (for broken answers the simulator never gives).
#![allow(dead_code)] // each test crate uses a different part of this module

pub mod cli;
pub mod desk;
pub mod events;
pub mod fakes;
pub mod fixtures;
pub mod live;
pub mod mail_server;
#[cfg(target_os = "linux")]
pub mod notify_daemon;
pub mod pdf;
pub mod pusher_js;
pub mod spreadsheet;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use parking_lot::Mutex;
use std::time::Duration;

use aipix_client::api::{Client, ClientConfig, LoginRequest, Session};
use aipix_sim::SimHandle;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

pub const LOOPBACK_ANY_PORT: &str = "127.0.0.1:0";

pub fn client_for(base_url: &str) -> Client {
    client_with(base_url, |_| {})
}

pub fn client_with(base_url: &str, adjust: impl FnOnce(&mut ClientConfig)) -> Client {
    let mut config = ClientConfig::new(base_url, "test-device-0001").expect("config");
    adjust(&mut config);
    Client::new(config).expect("client")
}

pub async fn signed_in(sim: &SimHandle, login: &str, password: &str) -> (Client, Session) {
    let client = client_for(&sim.base_url());
    let session = client
        .login(&LoginRequest::new(login, password))
        .await
        .expect("sign-in succeeds");
    (client, session)
}

/// One request as the raw server saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub head: String,
    pub body: Vec<u8>,
}

impl Recorded {
    /// The value of a header (names compared without case), if present.
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    }

    pub fn request_line(&self) -> &str {
        self.head.lines().next().unwrap_or_default()
    }
}

/// What the raw server does with a request.
#[derive(Clone)]
pub enum RawReply {
    /// Writes these bytes, then closes the connection.
    Bytes(Vec<u8>),
    /// Closes the connection without a word.
    Hangup,
    /// Never answers (until the client gives up).
    Silence,
    /// Writes `head`, then `chunk` again and again until the client stops reading (an endless body).
    Endless { head: Vec<u8>, chunk: Vec<u8> },
}

impl RawReply {
    /// An HTTP/1.1 answer with the given status line, extra headers and body.
    pub fn http(status: &str, extra_headers: &[(&str, &str)], body: &[u8]) -> Self {
        let mut head = format!(
            "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
            body.len()
        );
        for (name, value) in extra_headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(body);
        RawReply::Bytes(bytes)
    }

    pub fn json(status: &str, body: &str) -> Self {
        Self::http(
            status,
            &[("Content-Type", "application/json")],
            body.as_bytes(),
        )
    }
}

/// A loopback HTTP server that records every request and answers with `reply(request)`.
pub struct RawServer {
    pub base_url: String,
    pub requests: Arc<Mutex<Vec<Recorded>>>,
    /// Every byte of every answer the clients took off the socket so far.
    pub written: Arc<AtomicU64>,
}

impl RawServer {
    pub async fn start(reply: impl Fn(&Recorded) -> RawReply + Send + Sync + 'static) -> Self {
        Self::start_on(LOOPBACK_ANY_PORT, reply).await
    }

    /// The same, listening on `address` (`"192.0.2.2:0"`, say: an address that is not loopback).
    pub async fn start_on(
        address: &str,
        reply: impl Fn(&Recorded) -> RawReply + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind(address).await.expect("bind raw server");
        let base_url = format!("http://{}", listener.local_addr().expect("local addr"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let written = Arc::new(AtomicU64::new(0));
        let (seen, counted) = (requests.clone(), written.clone());
        let reply = Arc::new(reply);
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let (seen, counted) = (seen.clone(), counted.clone());
                let reply = reply.clone();
                tokio::spawn(async move {
                    let Some(request) = read_request(&mut socket).await else {
                        return;
                    };
                    seen.lock().push(request.clone());
                    match reply(&request) {
                        RawReply::Bytes(bytes) => {
                            if socket.write_all(&bytes).await.is_ok() {
                                counted.fetch_add(bytes.len() as u64, Ordering::SeqCst);
                            }
                            let _ = socket.shutdown().await;
                        }
                        RawReply::Hangup => {}
                        RawReply::Silence => tokio::time::sleep(Duration::from_secs(30)).await,
                        RawReply::Endless { head, chunk } => {
                            let mut next = head;
                            while socket.write_all(&next).await.is_ok() {
                                counted.fetch_add(next.len() as u64, Ordering::SeqCst);
                                next.clone_from(&chunk);
                            }
                        }
                    }
                });
            }
        });
        Self {
            base_url,
            requests,
            written,
        }
    }

    pub fn recorded(&self) -> Vec<Recorded> {
        self.requests.lock().clone()
    }

    /// Bytes of answers written to the clients so far.
    pub fn written(&self) -> u64 {
        self.written.load(Ordering::SeqCst)
    }
}

/// An address of this machine that is not loopback (the one its default route leaves from): a server there is
/// "another computer" to the client. Nothing is sent to find it (connecting a UDP socket sends no packet).
pub fn non_loopback_ip() -> IpAddr {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").expect("a UDP socket");
    socket
        .connect(SocketAddr::from(([192, 0, 2, 1], 9)))
        .expect("this test needs a network interface other than loopback (a default route)");
    let ip = socket.local_addr().expect("its local address").ip();
    assert!(!ip.is_loopback() && !ip.is_unspecified(), "found {ip}");
    ip
}

async fn read_request(socket: &mut tokio::net::TcpStream) -> Option<Recorded> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        let read = socket.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let length = head
        .lines()
        .find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        let read = socket.read(&mut chunk).await.ok()?;
        if read == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..read]);
    }
    Some(Recorded { head, body })
}
