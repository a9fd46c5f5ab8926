//! A notification service written for the tests: a small `org.freedesktop.Notifications` on a private D-Bus
//! session bus (the real `dbus-daemon`, with no service files, so that nothing else can answer). It records every
//! call and sends the signals a real one sends when a button is clicked.

use std::collections::HashMap;
use std::io::BufRead as _;
use std::sync::Arc;

use parking_lot::Mutex;
use zbus::zvariant::OwnedValue;

use visitor_desk::desktop::notify::Bus;

pub const PATH: &str = "/org/freedesktop/Notifications";
pub const INTERFACE: &str = "org.freedesktop.Notifications";

/// A session bus of the test's own, gone when dropped.
pub struct PrivateBus {
    daemon: std::process::Child,
    pub address: String,
    _config: tempfile::TempDir,
}

impl PrivateBus {
    pub fn start() -> Self {
        let config = tempfile::tempdir().expect("a folder for the bus");
        let file = config.path().join("session.conf");
        // The session bus's rules without any service folder: no service can be started on demand.
        std::fs::write(
            &file,
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
                config.path().display()
            ),
        )
        .expect("the bus's configuration");
        let mut daemon = std::process::Command::new("dbus-daemon")
            .arg(format!("--config-file={}", file.display()))
            .args(["--nofork", "--print-address=1"])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("dbus-daemon runs (Debian package dbus)");
        let mut address = String::new();
        std::io::BufReader::new(daemon.stdout.take().expect("its stdout"))
            .read_line(&mut address)
            .expect("its address");
        Self {
            daemon,
            address: address.trim().to_owned(),
            _config: config,
        }
    }

    pub fn bus(&self) -> Bus {
        Bus::Address(self.address.clone())
    }

    pub async fn connect(&self) -> zbus::Connection {
        zbus::connection::Builder::address(self.address.as_str())
            .expect("an address")
            .build()
            .await
            .expect("connected")
    }
}

impl Drop for PrivateBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// One `Notify` as the service received it.
#[derive(Debug, Clone)]
pub struct Notified {
    pub app_name: String,
    pub replaces_id: u32,
    pub app_icon: String,
    pub summary: String,
    pub body: String,
    pub actions: Vec<String>,
    pub urgency: Option<u8>,
    pub desktop_entry: Option<String>,
    pub expire_timeout: i32,
}

#[derive(Default)]
pub struct Record {
    pub notified: Vec<Notified>,
    pub closed: Vec<u32>,
}

pub struct FakeService {
    capabilities: Vec<String>,
    record: Arc<Mutex<Record>>,
    next_id: u32,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl FakeService {
    fn get_capabilities(&self) -> Vec<String> {
        self.capabilities.clone()
    }

    #[allow(clippy::too_many_arguments)]
    fn notify(
        &mut self,
        app_name: String,
        replaces_id: u32,
        app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        hints: HashMap<String, OwnedValue>,
        expire_timeout: i32,
    ) -> u32 {
        self.next_id += 1;
        self.record.lock().notified.push(Notified {
            app_name,
            replaces_id,
            app_icon,
            summary,
            body,
            actions,
            urgency: hints.get("urgency").and_then(|v| u8::try_from(v).ok()),
            desktop_entry: hints
                .get("desktop-entry")
                .and_then(|v| String::try_from(v.clone()).ok()),
            expire_timeout,
        });
        if replaces_id != 0 {
            replaces_id
        } else {
            self.next_id
        }
    }

    fn close_notification(&self, id: u32) {
        self.record.lock().closed.push(id);
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        (
            "fake".into(),
            "visitor-desk tests".into(),
            "1".into(),
            "1.2".into(),
        )
    }
}

/// The fake service on `bus`, answering as `capabilities` say; its connection sends its signals.
pub async fn serve(
    bus: &PrivateBus,
    capabilities: &[&str],
) -> (zbus::Connection, Arc<Mutex<Record>>) {
    let record = Arc::new(Mutex::new(Record::default()));
    let service = FakeService {
        capabilities: capabilities.iter().map(|c| (*c).to_owned()).collect(),
        record: record.clone(),
        next_id: 40,
    };
    let connection = zbus::connection::Builder::address(bus.address.as_str())
        .expect("an address")
        .name("org.freedesktop.Notifications")
        .expect("the name")
        .serve_at(PATH, service)
        .expect("the object")
        .build()
        .await
        .expect("the fake service is on the bus");
    (connection, record)
}

pub async fn emit<B>(connection: &zbus::Connection, signal: &str, body: &B)
where
    B: serde::Serialize + zbus::zvariant::DynamicType,
{
    connection
        .emit_signal(None::<&str>, PATH, INTERFACE, signal, body)
        .await
        .expect("the signal goes out");
}
