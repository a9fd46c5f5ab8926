//! The transport on Windows: a named pipe per account (`\\.\pipe\visitor-desk-…`, see [`super::pipe_name`]),
//! with a lock file beside the pipe's secret so that two launches at the same moment do not both take the name.
//! The pipe is made with `first_pipe_instance` (the name is this copy's, or the making fails) and refuses remote
//! clients; it goes with the process, so a copy that was killed leaves nothing to replace.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::Path;
use std::time::{Duration, Instant};

use tokio::net::windows::named_pipe::{NamedPipeServer, ServerOptions};

use super::protocol::{self, Endpoint};
use super::{Claim, Handover, InstanceKey, Listener, PATIENCE, pipe_name};

/// Every instance of the pipe is talking to another launch: wait and try again.
const ERROR_PIPE_BUSY: i32 = 231;

/// The pipe made, not yet served.
pub(super) struct Bound {
    pub(super) name: String,
    first: NamedPipeServer,
}

impl std::fmt::Debug for Bound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bound").field("name", &self.name).finish()
    }
}

/// The pipe being served: the instance the next launch will connect to.
struct Pipe {
    name: String,
    next: NamedPipeServer,
}

impl Endpoint for Pipe {
    type Stream = NamedPipeServer;
    async fn accept(&mut self) -> io::Result<Self::Stream> {
        let connected = self.next.connect().await;
        // A fresh instance for the launch after this one, whatever became of this one.
        let fresh = instance(&self.name, false)?;
        let used = std::mem::replace(&mut self.next, fresh);
        connected.map(|()| used)
    }
}

fn instance(name: &str, first: bool) -> io::Result<NamedPipeServer> {
    ServerOptions::new()
        .first_pipe_instance(first)
        .reject_remote_clients(true)
        .create(name)
}

pub(super) fn claim(dir: &Path, key: &InstanceKey, handover: &Handover) -> Claim {
    if let Err(error) = fs::create_dir_all(dir) {
        return super::alone(format!("{}: {error}", dir.display()));
    }
    let name = match pipe_name(dir, key) {
        Ok(name) => name,
        Err(error) => {
            return super::alone(format!("the pipe's secret in {}: {error}", dir.display()));
        }
    };
    // The pipe is registered with the runtime that will serve it.
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return super::alone("no runtime to serve a pipe on".to_owned());
    };
    // One launch at a time past this point, so that two started together do not both take the name.
    let lock = match open_lock(&dir.join(format!("{}.lock", key.as_str()))) {
        Ok(lock) => lock,
        Err(error) => return super::alone(format!("the lock in {}: {error}", dir.display())),
    };
    match hand_over(&name, handover) {
        Ok(()) => return Claim::HandedOver,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {}
        Err(error) => {
            return super::alone(format!(
                "a copy holds the pipe but did not take the arguments: {error}"
            ));
        }
    }
    let _entered = runtime.enter();
    let first = match instance(&name, true) {
        Ok(first) => first,
        Err(error) => return super::alone(format!("cannot make the pipe {name}: {error}")),
    };
    drop(lock);
    Claim::First(Listener {
        inner: Bound { name, first },
    })
}

fn open_lock(path: &Path) -> io::Result<File> {
    let file = crate::files::private_options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)?;
    file.lock()?;
    Ok(file)
}

/// Sends the handover on a thread of its own: a pipe opened as a file has no timeouts, and a first copy that
/// hangs must not hang this launch. Past [`PATIENCE`] twice over, the launch goes on alone.
fn hand_over(name: &str, handover: &Handover) -> io::Result<()> {
    let (sender, answer) = std::sync::mpsc::channel();
    let (name, handover) = (name.to_owned(), handover.clone());
    std::thread::spawn(move || {
        let _ = sender.send(connect_and_hand_over(&name, &handover));
    });
    answer.recv_timeout(PATIENCE * 2).unwrap_or_else(|_| {
        Err(io::Error::new(
            io::ErrorKind::TimedOut,
            "the copy did not answer in time",
        ))
    })
}

fn connect_and_hand_over(name: &str, handover: &Handover) -> io::Result<()> {
    let deadline = Instant::now() + PATIENCE;
    let pipe = loop {
        match OpenOptions::new().read(true).write(true).open(name) {
            Ok(pipe) => break pipe,
            Err(error)
                if error.raw_os_error() == Some(ERROR_PIPE_BUSY) && Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(error) => return Err(error),
        }
    };
    protocol::hand_over_on(&pipe, handover)
}

/// The endpoint to serve.
pub(super) fn endpoint(bound: Bound) -> impl Endpoint {
    Pipe {
        name: bound.name,
        next: bound.first,
    }
}
