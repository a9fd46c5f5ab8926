//! The desktop's text scale read over D-Bus from the XDG desktop portal (`org.freedesktop.portal.Settings`), as the
//! window reads it at start: from the real portal (Debian's `xdg-desktop-portal` with its GTK backend, which reads
//! GNOME's `text-scaling-factor` through GSettings), and from a bus where no portal answers.

mod common;

use common::notify_daemon::PrivateBus;
use visitor_desk::desktop::text_scale::{self, TextScaleError};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

/// A bus where nothing can start the portal: no scale, said at once (not after waiting out the patience).
#[test]
fn a_bus_without_the_portal_gives_no_scale() {
    let bus = PrivateBus::start();
    let read = runtime().block_on(text_scale::read(Some(&bus.address)));
    match read {
        Err(TextScaleError::Portal(_)) => {}
        other => panic!("no portal on this bus: {other:?}"),
    }
}

/// No bus at all (a session without D-Bus): no scale either.
#[test]
fn no_bus_gives_no_scale() {
    let gone = tempfile::tempdir().expect("a folder");
    let address = format!("unix:path={}", gone.path().join("no-bus").display());
    assert!(
        runtime()
            .block_on(text_scale::read(Some(&address)))
            .is_err()
    );
}

/// GNOME's text scaling as the real portal publishes it. Needs a session bus whose portal reads the GSettings this
/// test writes: run under `GSETTINGS_BACKEND=keyfile XDG_CONFIG_HOME=<a folder> xvfb-run -a dbus-run-session --`
/// (the GTK backend of the portal needs a display), as `.ci/run` does.
#[test]
#[ignore = "needs a D-Bus session with xdg-desktop-portal and a display (.ci/run)"]
fn the_real_portal_gives_gnomes_text_scaling_factor() {
    assert_eq!(
        std::env::var("GSETTINGS_BACKEND").as_deref(),
        Ok("keyfile"),
        "the portal must read the settings this test writes"
    );
    for (written, expected) in [("1.75", 1.75), ("1.0", 1.0)] {
        let set = std::process::Command::new("gsettings")
            .args([
                "set",
                "org.gnome.desktop.interface",
                "text-scaling-factor",
                written,
            ])
            .status()
            .expect("gsettings runs (Debian package libglib2.0-bin)");
        assert!(set.success(), "gsettings set {written}");
        // The portal's backend hears the file change a moment later.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let read = runtime().block_on(text_scale::read(None));
            if matches!(read, Ok(scale) if (scale - expected).abs() < 1e-6) {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the portal's text-scaling-factor after {written}: {read:?}"
            );
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
    }
}
