//! The transport on Unix: a socket file per account in a folder of the user's own (0700), the socket 0600, a
//! lock file beside it. A socket left by a copy that was killed answers nobody and is replaced.

use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io;
use std::os::unix::fs::{
    DirBuilderExt as _, MetadataExt as _, OpenOptionsExt as _, PermissionsExt as _,
};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};

use super::protocol::{self, Endpoint};
use super::{Claim, Handover, InstanceKey, Listener, PATIENCE, socket_path};

/// This process's user id, without `libc` (no `unsafe` in this project): the owner of `/proc/self` on Linux;
/// elsewhere the owner of the temporary folder, which is the user's own on macOS.
pub(super) fn uid() -> u32 {
    fs::metadata("/proc/self")
        .or_else(|_| fs::metadata(std::env::temp_dir()))
        .map(|meta| meta.uid())
        .unwrap_or(u32::MAX)
}

/// A socket bound, not yet served. Dropped, it removes its file.
#[derive(Debug)]
pub(super) struct Bound {
    listener: UnixListener,
    pub(super) removal: Removal,
}

/// Removes the socket file when dropped, if it is still the one this copy bound.
#[derive(Debug)]
pub(super) struct Removal {
    pub(super) path: PathBuf,
    /// The socket file as bound (device, inode): only that file is removed at the end.
    identity: (u64, u64),
}

impl Drop for Removal {
    fn drop(&mut self) {
        let ours = fs::symlink_metadata(&self.path)
            .is_ok_and(|meta| (meta.dev(), meta.ino()) == self.identity);
        if ours {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// The socket being served.
struct Socket(tokio::net::UnixListener);

impl Endpoint for Socket {
    type Stream = tokio::net::UnixStream;
    async fn accept(&mut self) -> io::Result<Self::Stream> {
        self.0.accept().await.map(|(stream, _)| stream)
    }
}

pub(super) fn claim(dir: &Path, key: &InstanceKey, handover: &Handover) -> Claim {
    if let Err(error) = private_dir(dir) {
        return super::alone(format!("{}: {error}", dir.display()));
    }
    let path = socket_path(dir, key);
    // One launch at a time past this point, so that two started together do not both take the name.
    let lock = match open_lock(&dir.join(format!("{}.lock", key.as_str()))) {
        Ok(lock) => lock,
        Err(error) => {
            return super::alone(format!("the lock beside {}: {error}", path.display()));
        }
    };
    match hand_over(&path, handover) {
        Ok(()) => return Claim::HandedOver,
        // Nobody listens: no socket, or one left by a copy that was killed.
        Err(error)
            if matches!(
                error.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::ConnectionRefused
            ) =>
        {
            if error.kind() == io::ErrorKind::ConnectionRefused {
                tracing::info!(socket = %path.display(), "a copy that ended without cleaning up left its socket: replacing it");
                let _ = fs::remove_file(&path);
            }
        }
        Err(error) => {
            return super::alone(format!(
                "a copy holds {} but did not take the arguments: {error}",
                path.display()
            ));
        }
    }
    let bound = match bind(&path) {
        Ok(bound) => bound,
        Err(error) => return super::alone(format!("cannot listen at {}: {error}", path.display())),
    };
    drop(lock);
    Claim::First(Listener { inner: bound })
}

/// `dir`, made the user's alone (0700) if it is not there; refused when it is someone else's or open to others
/// (a folder in the shared temporary folder another user made first).
fn private_dir(dir: &Path) -> io::Result<()> {
    match DirBuilder::new().recursive(true).mode(0o700).create(dir) {
        Ok(()) => {}
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
        Err(error) => return Err(error),
    }
    let meta = fs::symlink_metadata(dir)?;
    if !meta.is_dir() || meta.uid() != uid() || meta.mode() & 0o077 != 0 {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the folder is not this user's alone",
        ));
    }
    Ok(())
}

fn open_lock(path: &Path) -> io::Result<File> {
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(0o600)
        .open(path)?;
    file.lock()?;
    Ok(file)
}

/// Sends the handover and waits (at most [`PATIENCE`] each way) for the first copy to say it took it.
fn hand_over(path: &Path, handover: &Handover) -> io::Result<()> {
    let stream = UnixStream::connect(path)?;
    stream.set_read_timeout(Some(PATIENCE))?;
    stream.set_write_timeout(Some(PATIENCE))?;
    protocol::hand_over_on(&stream, handover)
}

fn bind(path: &Path) -> io::Result<Bound> {
    let listener = UnixListener::bind(path)?;
    fs::set_permissions(path, fs::Permissions::from_mode(0o600))?;
    let meta = fs::symlink_metadata(path)?;
    listener.set_nonblocking(true)?;
    Ok(Bound {
        listener,
        removal: Removal {
            path: path.to_owned(),
            identity: (meta.dev(), meta.ino()),
        },
    })
}

/// The endpoint to serve, and the removal of its file when the window is done with it.
pub(super) fn endpoint(bound: Bound) -> (io::Result<impl Endpoint>, Removal) {
    let Bound { listener, removal } = bound;
    (
        tokio::net::UnixListener::from_std(listener).map(Socket),
        removal,
    )
}
