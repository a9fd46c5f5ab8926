//! One copy of the window per account: a second launch on the same account hands its arguments to the window
//! already open, over a local socket, and ends.
//!
//! The socket is named per account (a hash of the settings folder, the server and the login) in a folder of the
//! user's own in the runtime directory (`$XDG_RUNTIME_DIR/visitor-desk`, else `visitor-desk-<uid>` in the
//! temporary folder), made 0700, the socket itself 0600: nobody else can hand anything over. [`claim`] either
//! hands over ([`Claim::HandedOver`]: exit) or takes the name ([`Claim::First`]); a socket file left by a copy that
//! was killed answers nobody and is replaced. A lock on a file beside it keeps two launches at the same moment
//! from both taking the name.
//!
//! The first copy's [`Listener::serve`] puts each [`Handover`] on a channel the window drains, and calls `wake` so
//! that it comes to the front. Unix only (std's and tokio's Unix sockets, already in the build); elsewhere every
//! launch is a copy of its own.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

/// How long a second launch waits for the first copy to take its arguments.
pub const PATIENCE: Duration = Duration::from_secs(2);

/// The most bytes of one handover read (the arguments of one command line).
const MOST_BYTES: u64 = 64 * 1024;

/// The format of a handover; a first copy refuses another (an older or newer version running).
const VERSION: u32 = 1;

/// The account a window is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account<'a> {
    /// Where the settings are kept (`VISITOR_DESK_CONFIG_DIR`): two folders are two separate desks.
    pub config_dir: Option<&'a Path>,
    /// The server as typed, or empty for the sign-in screen with nothing chosen.
    pub server: &'a str,
    pub login: &'a str,
}

/// The name of one account's socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceKey(String);

impl InstanceKey {
    /// The key of `account`: the same for the same settings folder, server (however typed: `vms.local`,
    /// `https://vms.local/`) and login, whatever the case of the server's name.
    pub fn new(account: &Account<'_>) -> Self {
        let server = match aipix_client::api::parse_base_url(account.server) {
            Ok(url) => url.to_string(),
            Err(_) => account.server.trim().to_owned(),
        };
        let mut hash = Sha256::new();
        for part in [
            account
                .config_dir
                .map(|dir| dir.to_string_lossy().into_owned())
                .unwrap_or_default(),
            server.to_lowercase(),
            account.login.trim().to_owned(),
        ] {
            hash.update(part.len().to_le_bytes());
            hash.update(part.as_bytes());
        }
        Self(hex::encode(&hash.finalize()[..12]))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a second launch hands over: its arguments (without the program's name) and where it was started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handover {
    pub args: Vec<String>,
    pub working_dir: Option<PathBuf>,
}

impl Handover {
    /// This process's arguments and working folder.
    pub fn from_this_process() -> Self {
        Self {
            args: std::env::args_os()
                .skip(1)
                .map(|arg| arg.to_string_lossy().into_owned())
                .collect(),
            working_dir: std::env::current_dir().ok(),
        }
    }
}

/// The message on the socket: one JSON line.
#[derive(Debug, Serialize, Deserialize)]
struct Wire {
    version: u32,
    #[serde(flatten)]
    handover: Handover,
}

/// What [`claim`] found.
#[derive(Debug)]
pub enum Claim {
    /// No copy runs on this account: this one listens (keep the listener while the window is open).
    First(Listener),
    /// A copy runs, and has the arguments: this launch is done.
    HandedOver,
    /// Could not tell or could not listen (no private folder, a copy that does not answer, another system): go
    /// on as a copy of its own. `reason` is for the log.
    Alone { reason: String },
}

/// The folder for the sockets: `$XDG_RUNTIME_DIR/visitor-desk`, else `visitor-desk-<uid>` in the temporary
/// folder. `None` where there is no such thing (not Unix).
pub fn default_dir() -> Option<PathBuf> {
    #[cfg(unix)]
    {
        match std::env::var_os("XDG_RUNTIME_DIR").filter(|dir| !dir.is_empty()) {
            Some(runtime) => Some(PathBuf::from(runtime).join("visitor-desk")),
            None => Some(std::env::temp_dir().join(format!("visitor-desk-{}", unix::uid()))),
        }
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// The socket of `key` in `dir`.
pub fn socket_path(dir: &Path, key: &InstanceKey) -> PathBuf {
    dir.join(format!("{}.sock", key.as_str()))
}

/// Hands `handover` to the copy running for `key` (sockets in `dir`), or takes the name when there is none.
pub fn claim(dir: &Path, key: &InstanceKey, handover: &Handover) -> Claim {
    #[cfg(unix)]
    {
        unix::claim(dir, key, handover)
    }
    #[cfg(not(unix))]
    {
        let _ = (dir, key, handover);
        Claim::Alone {
            reason: "one copy per account is kept on Unix only".to_owned(),
        }
    }
}

/// The first copy's socket. Dropping it (unserved) removes the socket.
#[derive(Debug)]
pub struct Listener {
    #[cfg(unix)]
    inner: unix::Bound,
}

/// The socket of a listener being served: removed when this is dropped (the window closed). A copy killed
/// leaves it behind; the next launch replaces it.
#[derive(Debug)]
pub struct SocketFile {
    #[cfg(unix)]
    _inner: unix::Removal,
}

impl Listener {
    /// Where it listens.
    pub fn path(&self) -> &Path {
        #[cfg(unix)]
        {
            &self.inner.removal.path
        }
        #[cfg(not(unix))]
        {
            Path::new("")
        }
    }

    /// Takes handovers on `runtime` until the runtime ends: each goes on the returned channel, then `wake` is
    /// called (to bring the window to the front), then the second launch is told it may end.
    pub fn serve(
        self,
        runtime: &tokio::runtime::Handle,
        wake: impl Fn() + Send + Sync + 'static,
    ) -> (tokio::sync::mpsc::UnboundedReceiver<Handover>, SocketFile) {
        let (sender, handovers) = tokio::sync::mpsc::unbounded_channel();
        #[cfg(unix)]
        {
            let removal = unix::serve(self.inner, runtime, sender, wake);
            (handovers, SocketFile { _inner: removal })
        }
        #[cfg(not(unix))]
        {
            let _ = (runtime, sender, wake);
            (handovers, SocketFile {})
        }
    }
}

#[cfg(unix)]
mod unix {
    use std::fs::{self, DirBuilder, File, OpenOptions};
    use std::io::{self, BufRead as _, BufReader, Read as _, Write as _};
    use std::os::unix::fs::{
        DirBuilderExt as _, MetadataExt as _, OpenOptionsExt as _, PermissionsExt as _,
    };
    use std::os::unix::net::{UnixListener, UnixStream};
    use std::path::{Path, PathBuf};

    use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _};
    use tokio::sync::mpsc::UnboundedSender;

    use super::{
        Claim, Handover, InstanceKey, Listener, MOST_BYTES, PATIENCE, VERSION, Wire, socket_path,
    };

    /// The reply that tells a second launch it may end.
    const TAKEN: &str = "taken";

    /// This process's user id, without `libc` (no `unsafe` in this project): the owner of `/proc/self` on
    /// Linux; elsewhere the owner of the temporary folder, which is the user's own on macOS.
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
            remove_if_ours(&self.path, self.identity);
        }
    }

    fn remove_if_ours(path: &Path, identity: (u64, u64)) {
        let ours =
            fs::symlink_metadata(path).is_ok_and(|meta| (meta.dev(), meta.ino()) == identity);
        if ours {
            let _ = fs::remove_file(path);
        }
    }

    pub(super) fn claim(dir: &Path, key: &InstanceKey, handover: &Handover) -> Claim {
        let alone = |reason: String| {
            tracing::info!(%reason, "this window is a copy of its own");
            Claim::Alone { reason }
        };
        if let Err(error) = private_dir(dir) {
            return alone(format!("{}: {error}", dir.display()));
        }
        let path = socket_path(dir, key);
        // One launch at a time past this point, so that two started together do not both take the name.
        let lock = match open_lock(&dir.join(format!("{}.lock", key.as_str()))) {
            Ok(lock) => lock,
            Err(error) => return alone(format!("the lock beside {}: {error}", path.display())),
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
                return alone(format!(
                    "a copy holds {} but did not take the arguments: {error}",
                    path.display()
                ));
            }
        }
        let bound = match bind(&path) {
            Ok(bound) => bound,
            Err(error) => return alone(format!("cannot listen at {}: {error}", path.display())),
        };
        drop(lock);
        Claim::First(Listener { inner: bound })
    }

    /// `dir`, made the user's alone (0700) if it is not there; refused when it is someone else's or open to
    /// others (a folder in the shared temporary folder another user made first).
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

    /// Sends the handover and waits for the first copy to say it took it.
    fn hand_over(path: &Path, handover: &Handover) -> io::Result<()> {
        let mut stream = UnixStream::connect(path)?;
        stream.set_read_timeout(Some(PATIENCE))?;
        stream.set_write_timeout(Some(PATIENCE))?;
        let mut line = serde_json::to_vec(&Wire {
            version: VERSION,
            handover: handover.clone(),
        })
        .map_err(io::Error::other)?;
        line.push(b'\n');
        stream.write_all(&line)?;
        let mut reply = String::new();
        BufReader::new(stream.take(256)).read_line(&mut reply)?;
        if reply.trim() == TAKEN {
            Ok(())
        } else {
            Err(io::Error::other(format!("it answered {:?}", reply.trim())))
        }
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

    pub(super) fn serve(
        bound: Bound,
        runtime: &tokio::runtime::Handle,
        handovers: UnboundedSender<Handover>,
        wake: impl Fn() + Send + Sync + 'static,
    ) -> Removal {
        let Bound { listener, removal } = bound;
        let wake = std::sync::Arc::new(wake);
        runtime.spawn(async move {
            let listener = match tokio::net::UnixListener::from_std(listener) {
                Ok(listener) => listener,
                Err(error) => {
                    tracing::warn!(%error, "a second launch cannot be heard");
                    return;
                }
            };
            loop {
                let stream = match listener.accept().await {
                    Ok((stream, _)) => stream,
                    Err(error) => {
                        tracing::debug!(%error, "a second launch could not connect");
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
        });
        removal
    }

    /// Reads one handover, queues it, and says so.
    async fn take(
        stream: tokio::net::UnixStream,
        handovers: &UnboundedSender<Handover>,
    ) -> io::Result<()> {
        let (reader, mut writer) = stream.into_split();
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
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_the_accounts_however_its_server_is_typed() {
        let dir = Path::new("/home/desk/.config/visitor-desk");
        let key = |server: &str, login: &str| {
            InstanceKey::new(&Account {
                config_dir: Some(dir),
                server,
                login,
            })
        };
        assert_eq!(
            key("vms.example.org", "desk"),
            key("https://VMS.example.org/", "desk")
        );
        assert_ne!(
            key("vms.example.org", "desk"),
            key("vms.example.org", "manager")
        );
        assert_ne!(
            key("vms.example.org", "desk"),
            key("other.example.org", "desk")
        );
        let elsewhere = InstanceKey::new(&Account {
            config_dir: Some(Path::new("/tmp/portable")),
            server: "vms.example.org",
            login: "desk",
        });
        assert_ne!(elsewhere, key("vms.example.org", "desk"));
        assert!(key("", "").as_str().chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(key("", "").as_str().len(), 24);
    }
}
