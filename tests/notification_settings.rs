//! Which desktop notifications show is kept with the other settings, read, changed and written as they are: a kind
//! turned off here does not undo another kind another window turned off meanwhile, and the next start has both.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use visitor_desk::backend::{Backend, BackendConfig, Resume, SettingsHome};
use visitor_desk::desktop::alerts::AlertKind;
use visitor_desk::messages::{Command, Event};
use visitor_desk::settings;

use common::events::wait_for;

#[test]
fn a_kind_turned_off_is_kept_beside_another_windows_change() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("a settings folder");
    let start = |runtime: &tokio::runtime::Runtime| {
        let (kept, _) = settings::load_or_create(dir.path());
        let config = BackendConfig {
            home: Some(SettingsHome {
                dir: dir.path().to_owned(),
                settings: kept,
            }),
            resume: Resume::Nothing,
            ..BackendConfig::new("settings-desk")
        };
        Backend::start(runtime.handle(), config, Arc::new(|| {}))
    };
    let first = start(&runtime);
    // Another window turns "live updates lost" off after this one started.
    settings::update(dir.path(), |kept| kept.notifications.live_lost = false)
        .written()
        .expect("written");
    first.send(Command::Remember(settings::SettingsChange::Notification {
        kind: AlertKind::Calls,
        on: false,
    }));
    let deadline = Instant::now() + common::events::PATIENCE;
    while settings::peek(dir.path()).is_none_or(|kept| kept.notifications.calls) {
        assert!(Instant::now() < deadline, "the choice is written");
        std::thread::sleep(Duration::from_millis(10));
    }
    let kept = settings::peek(dir.path()).expect("settings").notifications;
    assert!(
        !kept.calls && !kept.live_lost,
        "both windows' changes: {kept:?}"
    );
    assert!(kept.expires_soon && kept.codes_elsewhere && kept.expired_holding_slot);
    drop(first);

    let mut second = start(&runtime);
    let remembered = wait_for(&mut second, "what was kept", |event| match event {
        Event::Remembered(settings) => Some(settings.notifications),
        _ => None,
    });
    assert_eq!(remembered, kept, "the next start has them");
}
