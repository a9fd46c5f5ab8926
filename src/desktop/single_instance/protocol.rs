//! The hand-over itself, the same on every transport (a Unix socket, a Windows named pipe): a second launch sends
//! one JSON line and waits for `taken`; the first copy reads at most [`MOST_BYTES`], queues the handover, and
//! answers. The first copy's accept loop is here too, over any [`Endpoint`], so that it is tested on one system
//! and runs on both.

use std::future::Future;
use std::io::{self, BufRead as _, BufReader, Read, Write};
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::io::{
    AsyncBufReadExt as _, AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _,
};
use tokio::sync::mpsc::UnboundedSender;

use super::{Handover, PATIENCE};

/// The most bytes of one handover read (the arguments of one command line).
pub(super) const MOST_BYTES: u64 = 64 * 1024;

/// The format of a handover; a first copy refuses another (an older or newer version running).
const VERSION: u32 = 1;

/// The reply that tells a second launch it may end.
const TAKEN: &str = "taken";

/// How long the first copy waits after a connection could not be accepted (no file descriptors left, a pipe
/// that could not be made): the error is not retried at once, which would spin a core for as long as it lasts.
pub const ACCEPT_PAUSE: Duration = Duration::from_millis(250);

/// The message on the wire: one JSON line.
#[derive(Debug, Serialize, Deserialize)]
struct Wire {
    version: u32,
    #[serde(flatten)]
    handover: Handover,
}

/// Sends `handover` on a connected `stream` and waits for the first copy to say it took it. The caller bounds the
/// wait (a socket's timeouts, or a thread given [`PATIENCE`]).
pub(super) fn hand_over_on(mut stream: impl Read + Write, handover: &Handover) -> io::Result<()> {
    let mut line = serde_json::to_vec(&Wire {
        version: VERSION,
        handover: handover.clone(),
    })
    .map_err(io::Error::other)?;
    line.push(b'\n');
    stream.write_all(&line)?;
    stream.flush()?;
    let mut reply = String::new();
    BufReader::new(stream.take(256)).read_line(&mut reply)?;
    if reply.trim() == TAKEN {
        Ok(())
    } else {
        Err(io::Error::other(format!("it answered {:?}", reply.trim())))
    }
}

/// Reads one handover from `stream`, queues it, and says so.
pub(super) async fn take(
    stream: impl AsyncRead + AsyncWrite + Unpin,
    handovers: &UnboundedSender<Handover>,
) -> io::Result<()> {
    let (reader, mut writer) = tokio::io::split(stream);
    let mut line = String::new();
    tokio::io::BufReader::new(reader.take(MOST_BYTES))
        .read_line(&mut line)
        .await?;
    let wire: Wire = serde_json::from_str(&line).map_err(io::Error::other)?;
    if wire.version != VERSION {
        writer.write_all(b"another version\n").await?;
        return Err(io::Error::other(format!(
            "version {} of the handover",
            wire.version
        )));
    }
    tracing::info!(args = ?wire.handover.args, "a second launch handed over");
    handovers
        .send(wire.handover)
        .map_err(|_| io::Error::other("the window is closing"))?;
    writer.write_all(format!("{TAKEN}\n").as_bytes()).await?;
    writer.flush().await?;
    Ok(())
}

/// Where a first copy hears later launches: each call waits for the next one to connect.
pub trait Endpoint: Send + 'static {
    type Stream: AsyncRead + AsyncWrite + Unpin + Send + 'static;
    fn accept(&mut self) -> impl Future<Output = io::Result<Self::Stream>> + Send;
}

/// Takes handovers from `endpoint` until the task is ended: each is read on a task of its own (bounded by
/// [`PATIENCE`]), queued on `handovers`, then `wake` is called. An error accepting waits [`ACCEPT_PAUSE`].
pub async fn accept_handovers(
    mut endpoint: impl Endpoint,
    handovers: UnboundedSender<Handover>,
    wake: Arc<dyn Fn() + Send + Sync>,
) {
    loop {
        let stream = match endpoint.accept().await {
            Ok(stream) => stream,
            Err(error) => {
                tracing::debug!(%error, "a second launch could not connect");
                tokio::time::sleep(ACCEPT_PAUSE).await;
                continue;
            }
        };
        let handovers = handovers.clone();
        let wake = wake.clone();
        tokio::spawn(async move {
            match tokio::time::timeout(PATIENCE, take(stream, &handovers)).await {
                Ok(Ok(())) => wake(),
                Ok(Err(error)) => {
                    tracing::info!(%error, "a second launch's arguments were not read")
                }
                Err(_) => tracing::info!("a second launch said nothing in time"),
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    fn launch(args: &[&str]) -> Handover {
        Handover {
            args: args.iter().map(|arg| (*arg).to_owned()).collect(),
            working_dir: Some("/home/Анна Петрова/Документы".into()),
        }
    }

    /// An endpoint whose every accept fails, as one does when the process has no file descriptors left.
    struct Exhausted(Arc<AtomicUsize>);

    impl Endpoint for Exhausted {
        type Stream = tokio::io::DuplexStream;
        async fn accept(&mut self) -> io::Result<Self::Stream> {
            // Past a thousand it stops answering, so that a loop that spins ends and can be counted.
            if self.0.fetch_add(1, Ordering::SeqCst) >= 1000 {
                std::future::pending::<()>().await;
            }
            Err(io::Error::other("Too many open files (os error 24)"))
        }
    }

    #[tokio::test(start_paused = true)]
    async fn an_accept_that_keeps_failing_is_retried_after_a_pause_not_at_once() {
        let attempts = Arc::new(AtomicUsize::new(0));
        let (sender, _handovers) = tokio::sync::mpsc::unbounded_channel();
        let serving = tokio::spawn(accept_handovers(
            Exhausted(attempts.clone()),
            sender,
            Arc::new(|| {}),
        ));
        // Ten seconds of the clock: a loop without the pause makes millions of attempts in that time.
        for _ in 0..1000 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        serving.abort();
        let made = attempts.load(Ordering::SeqCst);
        let most = (10_000 / ACCEPT_PAUSE.as_millis() + 1) as usize;
        assert!(
            (most - 2..=most).contains(&made),
            "{made} attempts in 10 s (one every {ACCEPT_PAUSE:?} expected)"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_handover_crosses_a_connection_and_is_answered() {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        let (first, second) = std::os::unix::net::UnixStream::pair().expect("a pair");
        second.set_read_timeout(Some(PATIENCE)).expect("a timeout");
        let (sender, mut handovers) = tokio::sync::mpsc::unbounded_channel();
        let served = runtime.spawn(async move {
            first.set_nonblocking(true).expect("non-blocking");
            let first = tokio::net::UnixStream::from_std(first).expect("tokio's");
            take(first, &sender).await
        });
        let sent = launch(&["--server", "https://vms.example.org", "--login", "анна"]);
        hand_over_on(&second, &sent).expect("taken");
        runtime.block_on(served).expect("joined").expect("read");
        assert_eq!(handovers.try_recv().expect("queued"), sent);
    }

    #[tokio::test]
    async fn another_version_or_a_line_too_long_is_refused_and_nothing_is_queued() {
        let (sender, mut handovers) = tokio::sync::mpsc::unbounded_channel();
        let (mut second, first) = tokio::io::duplex(4096);
        let reading = tokio::spawn({
            let sender = sender.clone();
            async move { take(first, &sender).await }
        });
        second
            .write_all(b"{\"version\":2,\"args\":[],\"working_dir\":null}\n")
            .await
            .expect("sent");
        let mut reply = String::new();
        tokio::io::BufReader::new(&mut second)
            .read_line(&mut reply)
            .await
            .expect("a reply");
        assert_eq!(reply.trim(), "another version");
        assert!(reading.await.expect("joined").is_err());

        // A line past the limit is cut there, so it is no handover at all.
        let (mut second, first) = tokio::io::duplex(1 << 20);
        let reading = tokio::spawn(async move { take(first, &sender).await });
        let long = format!(
            "{{\"version\":1,\"args\":[\"{}\"],\"working_dir\":null}}\n",
            "x".repeat(MOST_BYTES as usize)
        );
        let writing = tokio::spawn(async move {
            let _ = second.write_all(long.as_bytes()).await;
        });
        assert!(reading.await.expect("joined").is_err());
        writing.abort();
        assert!(handovers.try_recv().is_err());
    }
}
