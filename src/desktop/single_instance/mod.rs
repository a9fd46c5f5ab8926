//! One copy of the window per account: a second launch on the same account hands its arguments to the window
//! already open, and ends.
//!
//! The account's key is a hash of the settings folder, the server and the login. On Unix the hand-over goes
//! through a socket named by it in a folder of the user's own in the runtime directory
//! (`$XDG_RUNTIME_DIR/visitor-desk`, else `visitor-desk-<uid>` in the temporary folder), made 0700, the socket
//! itself 0600 ([`unix`]); on Windows through a named pipe whose name also hashes a secret kept in the user's
//! local application data, so that no other user of the machine can make the pipe first ([`pipe_name`],
//! [`windows`]). Nobody else can hand anything over. [`claim`] either hands over ([`Claim::HandedOver`]: exit) or
//! takes the name ([`Claim::First`]); a socket file left by a copy that was killed answers nobody and is replaced
//! (a pipe goes with its process). A lock on a file beside it keeps two launches at the same moment from both
//! taking the name. The exchange itself, and the first copy's accept loop, are the same on both ([`protocol`]).
//!
//! The first copy's [`Listener::serve`] puts each [`Handover`] on a channel the window drains, and calls `wake` so
//! that it comes to the front. On other systems every launch is a copy of its own.

pub mod protocol;
#[cfg(unix)]
mod unix;
#[cfg(windows)]
mod windows;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

/// How long a second launch waits for the first copy to take its arguments.
pub const PATIENCE: Duration = Duration::from_secs(2);

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

#[cfg_attr(not(any(unix, windows)), allow(dead_code))]
fn alone(reason: String) -> Claim {
    tracing::info!(%reason, "this window is a copy of its own");
    Claim::Alone { reason }
}

/// The folder for the sockets: `$XDG_RUNTIME_DIR/visitor-desk`, else `visitor-desk-<uid>` in the temporary
/// folder; on Windows, the pipes' secret and locks in the user's local application data. `None` where there is
/// no such thing.
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
        directories::ProjectDirs::from("org", "VisitorDesk", "visitor-desk")
            .map(|dirs| dirs.data_local_dir().join("instances"))
    }
}

/// The socket of `key` in `dir`.
pub fn socket_path(dir: &Path, key: &InstanceKey) -> PathBuf {
    dir.join(format!("{}.sock", key.as_str()))
}

/// The file in `dir` holding the secret the pipes' names are made with.
const PIPE_SECRET: &str = "pipe-secret";
/// Its length: 64 hex digits.
const SECRET_LENGTH: usize = 64;

/// The Windows named pipe of `key` (`\\.\pipe\visitor-desk-` and 32 hex digits). Pipe names are one namespace
/// for every user of the machine, and whoever makes a name first receives what is sent to it: the name hashes
/// the key with a secret made once in `dir` (the user's own: the profile's ACL on Windows, 0600 elsewhere), so
/// another user can neither guess it nor make it first.
pub fn pipe_name(dir: &Path, key: &InstanceKey) -> std::io::Result<String> {
    let secret = pipe_secret(dir)?;
    let mut hash = Sha256::new();
    hash.update(secret.len().to_le_bytes());
    hash.update(&secret);
    hash.update(key.as_str().as_bytes());
    Ok(format!(
        r"\\.\pipe\visitor-desk-{}",
        hex::encode(&hash.finalize()[..16])
    ))
}

/// The secret in `dir`, made (random, private to the user) when it is not there yet. Two launches making it at
/// the same moment agree: the file is created only if absent, and whoever loses reads the winner's.
fn pipe_secret(dir: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Write as _;
    let path = dir.join(PIPE_SECRET);
    for _ in 0..3 {
        match std::fs::read(&path) {
            Ok(secret) if secret.len() == SECRET_LENGTH => return Ok(secret),
            // Being written by another launch this moment.
            Ok(_) => std::thread::sleep(Duration::from_millis(20)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                crate::files::private_dir(dir)?;
                let made = crate::files::private_options()
                    .write(true)
                    .create_new(true)
                    .open(&path);
                match made {
                    Ok(mut file) => {
                        let secret = format!(
                            "{}{}",
                            uuid::Uuid::new_v4().simple(),
                            uuid::Uuid::new_v4().simple()
                        );
                        file.write_all(secret.as_bytes())?;
                        file.sync_all()?;
                        return Ok(secret.into_bytes());
                    }
                    Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
                    Err(error) => return Err(error),
                }
            }
            Err(error) => return Err(error),
        }
    }
    Err(std::io::Error::other(format!(
        "{} is not the pipes' secret (64 hex digits)",
        path.display()
    )))
}

/// Hands `handover` to the copy running for `key` (sockets in `dir`), or takes the name when there is none. On
/// Windows the pipe is made on the tokio runtime this is called in (none: a copy of its own).
pub fn claim(dir: &Path, key: &InstanceKey, handover: &Handover) -> Claim {
    #[cfg(unix)]
    {
        unix::claim(dir, key, handover)
    }
    #[cfg(windows)]
    {
        windows::claim(dir, key, handover)
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = (dir, key, handover);
        Claim::Alone {
            reason: "one copy per account is kept on Unix and Windows only".to_owned(),
        }
    }
}

/// The first copy's socket or pipe. Dropping it (unserved) gives the name up.
#[derive(Debug)]
pub struct Listener {
    #[cfg(unix)]
    inner: unix::Bound,
    #[cfg(windows)]
    inner: windows::Bound,
}

/// The socket or pipe of a listener being served: given up when this is dropped (the window closed, or signed
/// in to another account). A copy killed leaves a socket file behind; the next launch replaces it.
#[derive(Debug)]
pub struct SocketFile {
    serving: Option<tokio::task::AbortHandle>,
    #[cfg(unix)]
    _removal: unix::Removal,
}

impl Drop for SocketFile {
    fn drop(&mut self) {
        if let Some(serving) = &self.serving {
            serving.abort();
        }
    }
}

impl Listener {
    /// Where it listens: the socket file, or the pipe's name.
    pub fn path(&self) -> &Path {
        #[cfg(unix)]
        {
            &self.inner.removal.path
        }
        #[cfg(windows)]
        {
            Path::new(&self.inner.name)
        }
        #[cfg(not(any(unix, windows)))]
        {
            Path::new("")
        }
    }

    /// Takes handovers on `runtime` until the returned [`SocketFile`] is dropped: each goes on the returned
    /// channel, then `wake` is called (to bring the window to the front), then the second launch is told it may
    /// end.
    pub fn serve(
        self,
        runtime: &tokio::runtime::Handle,
        wake: impl Fn() + Send + Sync + 'static,
    ) -> (tokio::sync::mpsc::UnboundedReceiver<Handover>, SocketFile) {
        let (sender, handovers) = tokio::sync::mpsc::unbounded_channel();
        let wake: Arc<dyn Fn() + Send + Sync> = Arc::new(wake);
        #[cfg(unix)]
        {
            let _entered = runtime.enter();
            let (endpoint, removal) = unix::endpoint(self.inner);
            let serving = match endpoint {
                Ok(endpoint) => Some(
                    runtime
                        .spawn(protocol::accept_handovers(endpoint, sender, wake))
                        .abort_handle(),
                ),
                Err(error) => {
                    tracing::warn!(%error, "a second launch cannot be heard");
                    None
                }
            };
            let socket = SocketFile {
                serving,
                _removal: removal,
            };
            (handovers, socket)
        }
        #[cfg(windows)]
        {
            let endpoint = windows::endpoint(self.inner);
            let serving = runtime.spawn(protocol::accept_handovers(endpoint, sender, wake));
            let socket = SocketFile {
                serving: Some(serving.abort_handle()),
            };
            (handovers, socket)
        }
        #[cfg(not(any(unix, windows)))]
        {
            let _ = (runtime, sender, wake);
            (handovers, SocketFile { serving: None })
        }
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

    #[test]
    fn a_pipe_is_named_by_the_users_secret_and_the_account() {
        let profile = tempfile::tempdir().expect("a profile");
        // A user name with a space and Cyrillic, as Windows makes its profile folder.
        let dir = profile.path().join("Анна Петрова").join("instances");
        let key = |login: &str| {
            InstanceKey::new(&Account {
                config_dir: None,
                server: "vms.example.org",
                login,
            })
        };
        let name = pipe_name(&dir, &key("desk")).expect("a name");
        let digits = name
            .strip_prefix(r"\\.\pipe\visitor-desk-")
            .expect("a local pipe");
        assert_eq!(digits.len(), 32);
        assert!(digits.chars().all(|c| c.is_ascii_hexdigit()));
        // The same for every launch of this user, another for another account.
        assert_eq!(pipe_name(&dir, &key("desk")).expect("again"), name);
        assert_ne!(pipe_name(&dir, &key("manager")).expect("another"), name);
        // Another user (another secret) gets another name for the same account: theirs cannot be guessed.
        let elsewhere = profile.path().join("Борис").join("instances");
        assert_ne!(pipe_name(&elsewhere, &key("desk")).expect("theirs"), name);
        let secret = std::fs::read(dir.join(PIPE_SECRET)).expect("kept");
        assert_eq!(secret.len(), 64);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(dir.join(PIPE_SECRET))
                .expect("its mode")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "the user's alone");
        }
    }

    #[test]
    fn launches_making_the_secret_at_once_agree_on_it() {
        let profile = tempfile::tempdir().expect("a profile");
        let dir = profile.path().join("instances");
        let key = InstanceKey::new(&Account {
            config_dir: None,
            server: "vms.example.org",
            login: "desk",
        });
        let names: Vec<String> = std::thread::scope(|scope| {
            let racing: Vec<_> = (0..8)
                .map(|_| scope.spawn(|| pipe_name(&dir, &key).expect("a name")))
                .collect();
            racing
                .into_iter()
                .map(|name| name.join().expect("joined"))
                .collect()
        });
        assert!(names.windows(2).all(|pair| pair[0] == pair[1]), "{names:?}");
    }
}
