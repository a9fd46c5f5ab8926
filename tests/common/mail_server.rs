//! A real mail server for the tests: Debian's Exim, with a configuration and a certificate made here, delivering
//! into a mailbox file the test reads. Exim is started per connection, as inetd would start it (`-bs`, its SMTP
//! on the accepted socket), by a listener of the test's own on 127.0.0.1 port 0: no fixed port, no daemon left
//! behind. It takes one login (PLAIN or LOGIN, offered only once the connection is encrypted) and one mailbox.

use std::net::TcpListener;
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use parking_lot::Mutex;
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
use sha2::{Digest as _, Sha256};

pub const LOGIN: &str = "frontdesk";
pub const PASSWORD: &str = "Mail-s3cret-7Qx";
/// The one address that takes mail; any other of the domain is refused at RCPT.
pub const MAILBOX: &str = "guest@visitors.test";
pub const SENDER: &str = "desk@visitors.test";

/// How the server is reached: STARTTLS on a plain connection, or TLS from the first byte; or a server that
/// offers no encryption at all (nor, then, a login).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encryption {
    StartTls,
    Tls,
    None,
}

pub struct MailServer {
    dir: tempfile::TempDir,
    pub port: u16,
    /// The private CA that issued the server's certificate (PEM), for a CA-file trust.
    pub ca_file: PathBuf,
    /// The server certificate's SHA-256 (lowercase hex), for a pinned trust.
    pub sha256: String,
    stop: Arc<AtomicBool>,
    children: Arc<Mutex<Vec<Child>>>,
}

/// Exim's program: Debian's `exim4`, else `exim`.
fn exim() -> &'static str {
    for name in ["/usr/sbin/exim4", "/usr/sbin/exim"] {
        if Path::new(name).exists() {
            return name;
        }
    }
    panic!("Exim is not installed: `apt-get install exim4-daemon-light` (as .ci/run does)");
}

impl MailServer {
    pub fn start(encryption: Encryption) -> Self {
        let dir = tempfile::tempdir().expect("the mail server's folder");
        // Exim gives up root for the configuration of a test (`-C`) and runs as its own user: it must read the
        // certificate and write the spool and the mailbox.
        open_to_all(dir.path(), 0o755);
        for sub in ["spool", "log", "mail"] {
            std::fs::create_dir(dir.path().join(sub)).expect("a folder");
            open_to_all(&dir.path().join(sub), 0o777);
        }
        let (ca_pem, cert_pem, key_pem, sha256) = certificate();
        let ca_file = dir.path().join("ca.pem");
        std::fs::write(&ca_file, ca_pem).expect("the CA file");
        std::fs::write(dir.path().join("cert.pem"), cert_pem).expect("the certificate");
        std::fs::write(dir.path().join("key.pem"), key_pem).expect("the key");
        open_to_all(&dir.path().join("key.pem"), 0o644);
        let config = dir.path().join("exim.conf");
        std::fs::write(&config, configuration(dir.path(), encryption)).expect("the configuration");
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
        let port = listener.local_addr().expect("its address").port();
        let stop = Arc::new(AtomicBool::new(false));
        let children = Arc::new(Mutex::new(Vec::new()));
        let (stop_flag, running) = (stop.clone(), children.clone());
        let stderr = dir.path().join("log/stderr");
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop_flag.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let socket = OwnedFd::from(stream);
                let input = socket.try_clone().expect("the socket twice");
                let mut command = Command::new(exim());
                command.args(["-C", config.to_str().expect("UTF-8"), "-bs", "-odi"]);
                if encryption == Encryption::Tls {
                    command.arg("-tls-on-connect");
                }
                let errors = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&stderr)
                    .expect("exim's stderr");
                let child = command
                    .stdin(Stdio::from(input))
                    .stdout(Stdio::from(socket))
                    .stderr(Stdio::from(errors))
                    .spawn()
                    .expect("exim starts");
                running.lock().push(child);
            }
        });
        Self {
            dir,
            port,
            ca_file,
            sha256,
            stop,
            children,
        }
    }

    /// The messages delivered to [`MAILBOX`], each as its bytes (the mbox's `From ` line left out).
    pub fn messages(&self) -> Vec<Vec<u8>> {
        let Ok(mbox) = std::fs::read(self.dir.path().join("mail/guest.mbox")) else {
            return Vec::new();
        };
        let text = String::from_utf8_lossy(&mbox).into_owned();
        let mut messages = Vec::new();
        let mut current: Option<String> = None;
        for line in text.split_inclusive('\n') {
            if line.starts_with("From ") {
                messages.extend(current.take());
                current = Some(String::new());
            } else if let Some(message) = &mut current {
                message.push_str(line);
            }
        }
        messages.extend(current);
        messages.into_iter().map(String::into_bytes).collect()
    }

    /// Waits up to `within` for `count` messages in the mailbox (delivery follows the answer to DATA).
    pub fn wait_for_messages(&self, count: usize, within: Duration) -> Vec<Vec<u8>> {
        let deadline = Instant::now() + within;
        loop {
            let messages = self.messages();
            if messages.len() >= count || Instant::now() > deadline {
                return messages;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Exim's logs, for a failure's message.
    pub fn log(&self) -> String {
        ["log/mainlog", "log/rejectlog", "log/paniclog", "log/stderr"]
            .iter()
            .filter_map(|name| std::fs::read_to_string(self.dir.path().join(name)).ok())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl Drop for MailServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the listener, which then sees the flag.
        let _ = std::net::TcpStream::connect(("127.0.0.1", self.port));
        for child in self.children.lock().iter_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn open_to_all(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("permissions");
}

/// A private CA and the server's certificate for `localhost` and 127.0.0.1: (CA PEM, certificate PEM, key PEM,
/// the certificate's SHA-256).
fn certificate() -> (String, String, String, String) {
    let mut params = CertificateParams::default();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(DnType::CommonName, "Visitor Desk test mail CA");
    let ca = CertifiedIssuer::self_signed(params, KeyPair::generate().expect("key")).expect("CA");
    let mut params = CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
        .expect("names");
    params
        .distinguished_name
        .push(DnType::CommonName, "mail.visitors.test");
    let key = KeyPair::generate().expect("key");
    let cert = params.signed_by(&key, &ca).expect("certificate");
    let sha256 = hex::encode(Sha256::digest(cert.der()));
    (ca.pem(), cert.pem(), key.serialize_pem(), sha256)
}

/// Exim's configuration: AUTH only over TLS, one login, one mailbox, every other recipient refused at RCPT.
fn configuration(dir: &Path, encryption: Encryption) -> String {
    let dir = dir.display();
    let offered = if encryption == Encryption::None {
        ""
    } else {
        "*"
    };
    format!(
        r#"keep_environment =
primary_hostname = mail.visitors.test
spool_directory = {dir}/spool
log_file_path = {dir}/log/%slog
tls_advertise_hosts = {offered}
tls_certificate = {dir}/cert.pem
tls_privatekey = {dir}/key.pem
auth_advertise_hosts = ${{if def:tls_in_cipher {{*}}{{}}}}
domainlist local_domains = visitors.test
acl_smtp_rcpt = check_rcpt

begin acl
check_rcpt:
  deny message = authentication required
       !authenticated = *
  deny message = no such mailbox here: $local_part@$domain
       !verify = recipient
  accept

begin routers
guest:
  driver = accept
  domains = +local_domains
  local_parts = guest
  transport = mailbox

begin transports
mailbox:
  driver = appendfile
  file = {dir}/mail/guest.mbox
  # Root's Exim runs a test's configuration as the exim user; anyone else's, as that user.
  user = ${{if eq{{$caller_uid}}{{0}}{{$exim_uid}}{{$caller_uid}}}}
  group = ${{if eq{{$caller_uid}}{{0}}{{$exim_gid}}{{$caller_gid}}}}
  mode = 0666

begin authenticators
plain:
  driver = plaintext
  public_name = PLAIN
  server_prompts = :
  server_condition = ${{if and{{{{eq{{$auth2}}{{{LOGIN}}}}}{{eq{{$auth3}}{{{PASSWORD}}}}}}}}}
  server_set_id = $auth2
login:
  driver = plaintext
  public_name = LOGIN
  server_prompts = Username:: : Password::
  server_condition = ${{if and{{{{eq{{$auth1}}{{{LOGIN}}}}}{{eq{{$auth2}}{{{PASSWORD}}}}}}}}}
  server_set_id = $auth1
"#
    )
}
