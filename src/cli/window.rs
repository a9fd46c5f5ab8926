//! The desktop window: on a server (`--server/--login` fill in the sign-in screen), or on the embedded demo.

use std::sync::Arc;
#[cfg(feature = "demo")]
use std::time::Duration;

use visitor_desk::backend::{BackendConfig, Resume, SettingsHome};
#[cfg(feature = "demo")]
use visitor_desk::demo;
use visitor_desk::journal;
use visitor_desk::secrets;
use visitor_desk::settings;
use visitor_desk::ui::{App, StartOptions};

use super::args::AccountArgs;
use super::failure::Failure;
#[cfg(feature = "demo")]
use super::output;
use super::text;

/// The application's id: the desktop entry's and the metainfo's name, so that the desktop shows the window with
/// the menu entry's icon.
pub const APP_ID: &str = "org.visitordesk.VisitorDesk";

pub fn run(runtime: &tokio::runtime::Runtime, account: AccountArgs) -> Result<(), Failure> {
    if account.ca_file.is_some() || account.pin_sha256.is_some() {
        return Err(Failure::usage(text::trust_options_are_for_commands()));
    }
    // A server given on the command line is a fresh start: the last sign-in is not resumed over it.
    let resume = if account.server.is_none() {
        Resume::LastProfile
    } else {
        Resume::Nothing
    };
    let start = StartOptions {
        server: account.server.unwrap_or_default(),
        login: account.login.unwrap_or_default(),
        password: None,
    };
    let allow_insecure_http = account.allow_insecure_http;
    show(
        runtime,
        remembering_config(resume),
        start,
        allow_insecure_http,
    )
}

/// `--demo`: the window on the embedded demo server, signed in, with a second desk at work on it.
#[cfg(feature = "demo")]
pub fn run_demo(runtime: &tokio::runtime::Runtime) -> Result<(), Failure> {
    let sim = runtime
        .block_on(demo::start_server())
        .map_err(|error| Failure::usage(error.to_string()))?;
    output::to_stdout(|out| {
        writeln!(
            out,
            "{}",
            text::demo_server(&sim.base_url(), demo::DEMO_LOGIN, demo::DEMO_PASSWORD)
        )
    })?;
    runtime.spawn(demo::second_desk(
        sim.base_url(),
        Duration::from_secs(20)..=Duration::from_secs(40),
    ));
    let start = StartOptions {
        server: sim.base_url(),
        login: demo::DEMO_LOGIN.to_owned(),
        password: Some(demo::DEMO_PASSWORD.to_owned()),
    };
    // The demo keeps nothing: its server lives only as long as this window (`sim` is held until it closes), and
    // so do its journal and its settings (the share message, door instructions, the slip's paper), in temporary
    // folders (removed when `journal_dir` and `settings_dir` go).
    let device_id = format!("visitor-desk-demo-{}", uuid::Uuid::new_v4());
    let journal_dir = tempfile::tempdir().map_err(|error| Failure::usage(error.to_string()))?;
    let settings_dir = tempfile::tempdir().map_err(|error| Failure::usage(error.to_string()))?;
    let (settings, _) = settings::load_or_create(settings_dir.path());
    let config = BackendConfig {
        home: Some(SettingsHome {
            dir: settings_dir.path().to_owned(),
            settings,
        }),
        journal: Some(journal::JournalSetup::new(
            journal_dir.path().to_owned(),
            &device_id,
            journal::DEFAULT_KEEP_DAYS,
        )),
        ..BackendConfig::new(device_id)
    };
    let result = show(runtime, config, start, false);
    drop(sim);
    drop(journal_dir);
    drop(settings_dir);
    result
}

fn show(
    runtime: &tokio::runtime::Runtime,
    config: BackendConfig,
    start: StartOptions,
    allow_insecure_http: bool,
) -> Result<(), Failure> {
    let _entered = runtime.enter();
    let handle = runtime.handle().clone();
    let mut viewport = egui::ViewportBuilder::default();
    match eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon.png")) {
        Ok(icon) => viewport = viewport.with_icon(icon),
        Err(error) => tracing::warn!(%error, "the window icon could not be read"),
    }
    let options = eframe::NativeOptions {
        viewport: viewport
            .with_title("Visitor Desk")
            .with_app_id(APP_ID)
            .with_inner_size([1280.0, 760.0])
            .with_min_inner_size([720.0, 480.0]),
        ..eframe::NativeOptions::default()
    };
    eframe::run_native(
        "Visitor Desk",
        options,
        Box::new(move |cc| {
            let app = App::new(cc, &handle, config, start);
            Ok(Box::new(if allow_insecure_http {
                app.allowing_insecure_http()
            } else {
                app
            }))
        }),
    )
    .map_err(|error| Failure::usage(text::window_failed(&error)))
}

/// A backend that keeps the device id and profiles in the settings file and sign-ins in the system keyring
/// (memory only when there is none). Runs at start, before the window: the keyring probe may block briefly.
fn remembering_config(resume: Resume) -> BackendConfig {
    let (store, store_warning) = secrets::open_store();
    let mut notices = Vec::new();
    let home = match settings::default_dir() {
        Some(dir) => {
            let (settings, warning) = settings::load_or_create(&dir);
            notices.extend(warning);
            Some(SettingsHome { dir, settings })
        }
        None => {
            notices.push(text::no_settings_folder());
            None
        }
    };
    let device_id = home.as_ref().map_or_else(
        || uuid::Uuid::new_v4().to_string(),
        |home| home.settings.device_id.clone(),
    );
    let keep_days = home
        .as_ref()
        .and_then(|home| home.settings.journal_keep_days)
        .unwrap_or(journal::DEFAULT_KEEP_DAYS);
    let journal =
        journal::default_dir().map(|dir| journal::JournalSetup::new(dir, &device_id, keep_days));
    if journal.is_none() {
        notices.push(text::no_data_folder());
    }
    BackendConfig {
        store: Arc::from(store),
        store_warning,
        home,
        resume,
        notices,
        journal,
        ..BackendConfig::new(device_id)
    }
}
