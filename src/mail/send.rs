//! The SMTP dialogue with the account's mail server, through lettre's connection. The TLS is the REST client's
//! own ([`StreamTrust`]: the same certificate choices, the same refusals), since lettre takes no verifier of ours:
//! for implicit TLS the stream is encrypted before lettre sees it; for STARTTLS the plain prelude (greeting, EHLO,
//! STARTTLS) is said here, and lettre then reads the server's greeting as it was given and goes on over TLS. No
//! login is ever sent unencrypted. Each step is told apart, so that a refused recipient and a refused password
//! are said as such.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, AsyncTokioStream};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailParameter};
use lettre::transport::smtp::response::Response;
use tokio::io::{
    AsyncBufReadExt as _, AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _, BufReader,
    ReadBuf,
};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

use super::{Letter, MailError};
use crate::settings::{MailSecurity, MailSettings};
use aipix_client::api::{StreamTrust, TlsTrust};

/// How long a whole send may take, from the connection to the server's answer to the message.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(60);
/// The longest line of the plain prelude that is read, and how many lines one answer may have.
const MAX_LINE: usize = 1024;
const MAX_LINES: usize = 64;

/// What the server said when it took the message ("250 OK id=1xaeNz-0004jK-16").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub answer: String,
}

/// Sends `letter` through `mail`'s server, logging in with `password`, within `timeout`.
pub async fn send(
    mail: &MailSettings,
    password: &str,
    letter: &Letter,
    timeout: Duration,
) -> Result<Sent, MailError> {
    check(mail)?;
    tokio::time::timeout(timeout, deliver(mail, password, letter))
        .await
        .unwrap_or(Err(MailError::TimedOut {
            seconds: timeout.as_secs(),
        }))
}

fn check(mail: &MailSettings) -> Result<(), MailError> {
    if mail.server.trim().is_empty() {
        return Err(MailError::Incomplete("server"));
    }
    if mail.port == 0 {
        return Err(MailError::Incomplete("port"));
    }
    if mail.login.trim().is_empty() {
        return Err(MailError::Incomplete("login"));
    }
    Ok(())
}

async fn deliver(mail: &MailSettings, password: &str, letter: &Letter) -> Result<Sent, MailError> {
    let mut connection = connect(mail).await?;
    let credentials = Credentials::new(mail.login.trim().to_owned(), password.to_owned());
    if let Err(error) = connection
        .auth(&[Mechanism::Plain, Mechanism::Login], &credentials)
        .await
    {
        connection.abort().await;
        return Err(if error.is_client() {
            MailError::NoLogin {
                server: mail.server.clone(),
            }
        } else {
            MailError::WrongPassword {
                answer: said(&error),
            }
        });
    }
    let sent = transaction(&mut connection, letter).await;
    match &sent {
        Ok(_) => {
            let _ = connection.quit().await;
        }
        Err(_) => connection.abort().await,
    }
    sent
}

/// MAIL, RCPT, DATA and the message, each refusal told as what it refused.
async fn transaction(
    connection: &mut AsyncSmtpConnection,
    letter: &Letter,
) -> Result<Sent, MailError> {
    let envelope = letter.message.envelope();
    let mut options = Vec::new();
    let non_ascii = envelope
        .to()
        .iter()
        .chain(envelope.from())
        .any(|address| !AsRef::<str>::as_ref(address).is_ascii());
    if non_ascii
        && connection
            .server_info()
            .supports_feature(Extension::SmtpUtfEight)
    {
        options.push(MailParameter::SmtpUtfEight);
    }
    connection
        .command(Mail::new(envelope.from().cloned(), options))
        .await
        .map_err(|error| MailError::SenderRefused {
            answer: said(&error),
        })?;
    for to in envelope.to() {
        connection
            .command(Rcpt::new(to.clone(), Vec::new()))
            .await
            .map_err(|error| MailError::RecipientRefused {
                address: to.to_string(),
                answer: said(&error),
            })?;
    }
    let refused = |error: lettre::transport::smtp::Error| MailError::MessageRefused {
        answer: said(&error),
    };
    connection.command(Data).await.map_err(refused)?;
    let answer = connection
        .message(&letter.message.formatted())
        .await
        .map_err(refused)?;
    Ok(Sent {
        answer: answer_text(&answer),
    })
}

/// A connection with the server's greeting and EHLO read, encrypted by the chosen [`MailSecurity`].
async fn connect(mail: &MailSettings) -> Result<AsyncSmtpConnection, MailError> {
    let host = mail.server.trim();
    let refused = |error: aipix_client::api::ApiError| MailError::Certificate(error.to_string());
    let trust = StreamTrust::new(&TlsTrust::from(&mail.tls)).map_err(refused)?;
    let unreachable = |error: io::Error| MailError::Unreachable {
        server: format!("{host}:{}", mail.port),
        reason: error.to_string(),
    };
    let tcp = TcpStream::connect((host, mail.port))
        .await
        .map_err(unreachable)?;
    let peer = tcp.peer_addr().map_err(unreachable)?;
    let (greeting, tcp) = match mail.security {
        MailSecurity::Tls => (Vec::new(), tcp),
        MailSecurity::StartTls => starttls_prelude(host, tcp).await?,
    };
    let tls = trust.connect(host, tcp).await.map_err(refused)?;
    let stream = Replayed {
        said: greeting,
        at: 0,
        inner: tls,
        peer,
    };
    AsyncSmtpConnection::connect_with_transport(Box::new(stream), &ClientId::default())
        .await
        .map_err(|error| MailError::Protocol(said(&error)))
}

/// Greeting, EHLO and STARTTLS in plain text; answers the greeting's bytes (lettre reads them again once the
/// stream is encrypted) and the socket, ready for the TLS handshake.
async fn starttls_prelude(host: &str, tcp: TcpStream) -> Result<(Vec<u8>, TcpStream), MailError> {
    let mut plain = BufReader::new(tcp);
    let (code, greeting) = read_reply(&mut plain).await?;
    if code != 220 {
        return Err(MailError::Protocol(text_of(&greeting)));
    }
    plain
        .get_mut()
        .write_all(format!("EHLO {}\r\n", ClientId::default()).as_bytes())
        .await
        .map_err(|error| MailError::Protocol(error.to_string()))?;
    let (code, hello) = read_reply(&mut plain).await?;
    let offers_starttls = String::from_utf8_lossy(&hello).lines().any(|line| {
        line.get(4..)
            .is_some_and(|word| word.trim().eq_ignore_ascii_case("STARTTLS"))
    });
    if code != 250 || !offers_starttls {
        return Err(MailError::NoStartTls {
            server: host.to_owned(),
        });
    }
    plain
        .get_mut()
        .write_all(b"STARTTLS\r\n")
        .await
        .map_err(|error| MailError::Protocol(error.to_string()))?;
    let (code, ready) = read_reply(&mut plain).await?;
    if code != 220 {
        return Err(MailError::NoStartTls {
            server: format!("{host} ({})", text_of(&ready)),
        });
    }
    // Anything sent before the handshake would be read as if it came encrypted (RFC 3207's injection).
    if !plain.buffer().is_empty() {
        return Err(MailError::Protocol(
            "the server sent more after agreeing to STARTTLS".into(),
        ));
    }
    Ok((greeting, plain.into_inner()))
}

/// One SMTP answer, its lines as sent: its code and its bytes. Bounded in length and lines.
async fn read_reply(reader: &mut BufReader<TcpStream>) -> Result<(u16, Vec<u8>), MailError> {
    let mut all = Vec::new();
    for _ in 0..MAX_LINES {
        let mut line = Vec::new();
        let read = (&mut *reader)
            .take(MAX_LINE as u64)
            .read_until(b'\n', &mut line)
            .await
            .map_err(|error| MailError::Protocol(error.to_string()))?;
        if read == 0 || !line.ends_with(b"\n") {
            return Err(MailError::Protocol(
                "the server closed the connection or sent an endless line".into(),
            ));
        }
        all.extend_from_slice(&line);
        let code = line
            .get(..3)
            .and_then(|digits| std::str::from_utf8(digits).ok())
            .and_then(|digits| digits.parse::<u16>().ok())
            .ok_or_else(|| MailError::Protocol(text_of(&line)))?;
        if line.get(3) != Some(&b'-') {
            return Ok((code, all));
        }
    }
    Err(MailError::Protocol(
        "the server's answer does not end".into(),
    ))
}

fn text_of(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).trim().to_owned()
}

/// What lettre's error says: the server's code and words when it answered.
fn said(error: &lettre::transport::smtp::Error) -> String {
    error.to_string()
}

fn answer_text(answer: &Response) -> String {
    let words: Vec<&str> = answer.message().collect();
    format!("{} {}", answer.code(), words.join(" "))
}

/// The encrypted stream lettre reads, with the greeting of the plain prelude first.
#[derive(Debug)]
struct Replayed {
    said: Vec<u8>,
    at: usize,
    inner: TlsStream<TcpStream>,
    peer: SocketAddr,
}

impl AsyncRead for Replayed {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if let Some(rest) = this.said.get(this.at..).filter(|rest| !rest.is_empty()) {
            let n = rest.len().min(buf.remaining());
            buf.put_slice(&rest[..n]);
            this.at += n;
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut this.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for Replayed {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

impl AsyncTokioStream for Replayed {
    fn peer_addr(&self) -> io::Result<SocketAddr> {
        Ok(self.peer)
    }
}
