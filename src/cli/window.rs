//! The desktop window: on a server (`--server/--login` fill in the sign-in screen), or on the embedded demo.

use std::sync::{Arc, OnceLock};
use std::time::Duration;
use visitor_desk::desktop::notify::Bus;

use visitor_desk::backend::{BackendConfig, Resume, SettingsHome};
#[cfg(feature = "demo")]
use visitor_desk::demo;
use visitor_desk::journal;
use visitor_desk::secrets;
use visitor_desk::settings::{self, WindowPlace};
use visitor_desk::ui::{App, StartOptions};

use super::args::{AccountArgs, Renderer};
use super::failure::CliError;
use super::instance;
use super::renderer;
#[cfg(feature = "demo")]
use super::stdout;
use super::text;

/// The application's id: the desktop entry's and the metainfo's name, so that the desktop shows the window with
/// the menu entry's icon.
pub const APP_ID: &str = "org.visitordesk.VisitorDesk";

pub fn run(
    runtime: &tokio::runtime::Runtime,
    account: AccountArgs,
    new_instance: bool,
    renderer: Renderer,
) -> Result<(), CliError> {
    if account.ca_file.is_some() || account.pin_sha256.is_some() {
        return Err(CliError::usage(text::trust_options_are_for_commands()));
    }
    // `--account NAME`: that saved account, as if its server and login were given, its kept sign-in resumed.
    let saved = super::account::saved_profile(&account)?;
    let account = match &saved {
        Some(profile) => AccountArgs {
            server: Some(profile.server.clone()),
            login: Some(profile.login.clone()),
            ..account
        },
        None => account,
    };
    // One copy per account: a window open on it takes this launch's options and comes to the front.
    let instance::Start::Window(first) = instance::claim(runtime, &account, new_instance) else {
        return Ok(());
    };
    // A server given on the command line is a fresh start: the last sign-in is not resumed over it.
    let resume = match (&saved, &account.server) {
        (Some(profile), _) => Resume::Account(profile.token_key()),
        (None, None) => Resume::LastProfile,
        (None, Some(_)) => Resume::Nothing,
    };
    // `--server/--login` with VISITOR_DESK_PASSWORD signs in at once, as every command does; the window keeps that
    // sign-in as its own (the command line's `login` keeps one of its own, which the window never takes).
    let password = match (&account.server, &account.login) {
        (Some(_), Some(_)) => std::env::var(super::input::PASSWORD_ENV)
            .ok()
            .filter(|password| !password.is_empty()),
        _ => None,
    };
    let start = StartOptions {
        also: Vec::new(),
        server: account.server.unwrap_or_default(),
        login: account.login.unwrap_or_default(),
        password,
    };
    let allow_insecure_http = account.allow_insecure_http;
    // The renderer that drew last time is kept beside the settings (the demo keeps nothing: it tries each time).
    let memory = settings::default_dir().map(|dir| renderer::Memory::new(&dir, super::VERSION));
    show(
        runtime,
        remembering_config(resume),
        start,
        allow_insecure_http,
        first,
        || {},
        (renderer, memory),
    )
}

/// `--demo`: the window on the embedded demo server, signed in, with a second desk at work on it.
#[cfg(feature = "demo")]
pub fn run_demo(
    runtime: &tokio::runtime::Runtime,
    servers: usize,
    sparse: Option<u64>,
    renderer: Renderer,
) -> Result<(), CliError> {
    let mut sims = runtime
        .block_on(demo::start_servers(servers, sparse))
        .map_err(|error| CliError::usage(error.to_string()))?;
    stdout::to_stdout(|out| {
        for sim in &sims {
            writeln!(
                out,
                "{}",
                text::demo_server(&sim.base_url(), demo::DEMO_LOGIN, demo::DEMO_PASSWORD)
            )?;
        }
        Ok(())
    })?;
    let sim = sims.remove(0);
    runtime.spawn(demo::second_desk(
        sim.base_url(),
        Duration::from_secs(20)..=Duration::from_secs(40),
    ));
    let start = StartOptions {
        server: sim.base_url(),
        login: demo::DEMO_LOGIN.to_owned(),
        password: Some(demo::DEMO_PASSWORD.to_owned()),
        // The other demo servers, each an account beside the first.
        also: sims
            .iter()
            .map(|other| visitor_desk::ui::AccountStart {
                server: other.base_url(),
                login: demo::DEMO_LOGIN.to_owned(),
                password: demo::DEMO_PASSWORD.to_owned(),
            })
            .collect(),
    };
    // The demo keeps nothing: its server lives only as long as this window (`sim` is held until it closes), and
    // so do its journal and its settings (the share message, door instructions, the slip's paper), in temporary
    // folders (removed when `journal_dir` and `settings_dir` go).
    let device_id = format!("visitor-desk-demo-{}", uuid::Uuid::new_v4());
    demo::remove_stale_folders();
    let journal_dir =
        demo::temporary_folder().map_err(|error| CliError::usage(error.to_string()))?;
    let settings_dir =
        demo::temporary_folder().map_err(|error| CliError::usage(error.to_string()))?;
    let (mut settings, _) = settings::load_or_create(settings_dir.path());
    // Each demo server's group of intercoms is named after its street, as a property manager would name it.
    for (site, sim) in std::iter::once(&sim).chain(&sims).enumerate() {
        settings.upsert_profile(settings::Profile {
            name: settings::profile_name(demo::DEMO_LOGIN, &sim.base_url()),
            server: sim.base_url(),
            login: demo::DEMO_LOGIN.to_owned(),
            group: Some(aipix_sim::site_name(site)),
            ..settings::Profile::default()
        });
    }
    if let Err(error) = settings::save(settings_dir.path(), &settings) {
        tracing::warn!(%error, "the demo's group names could not be kept");
    }
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
        desktop: Some(Bus::Session),
        ..BackendConfig::new(device_id)
    };
    // Stopped by a signal, the window closes and the folders go as usual; if it cannot close, they go anyway.
    let leftovers = [
        journal_dir.path().to_owned(),
        settings_dir.path().to_owned(),
    ];
    let remove_leftovers = move || {
        for dir in &leftovers {
            let _ = std::fs::remove_dir_all(dir);
        }
    };
    let result = show(
        runtime,
        config,
        start,
        false,
        None,
        remove_leftovers,
        (renderer, None),
    );
    drop(sim);
    drop(sims);
    drop(journal_dir);
    drop(settings_dir);
    result
}

/// The smallest the window goes, in points: a 1280×800 screen at 200% (the system's scale, or Ctrl +) has 640×400
/// points, less the title bar and a desktop panel; at 720×480 the window could not fit there, and its bottom (the
/// status bar, Create code) fell below the screen's edge.
const SMALLEST: [f32; 2] = [600.0, 360.0];

/// The window where it was kept: its corner, its size, maximized or not (a size below the smallest the window
/// takes is raised to it).
fn placed(viewport: egui::ViewportBuilder, place: WindowPlace) -> egui::ViewportBuilder {
    viewport
        .with_position([place.x, place.y])
        .with_inner_size([place.width.max(SMALLEST[0]), place.height.max(SMALLEST[1])])
        .with_maximized(place.maximized)
}

/// What draws the window: the plan, what was tried for it, and, when `auto` chose one graphics API, that API and
/// where to keep it once the window has shown a frame with it.
fn chosen_renderer(
    runtime: &tokio::runtime::Runtime,
    renderer: Renderer,
    memory: Option<renderer::Memory>,
) -> (
    renderer::Plan,
    Vec<renderer::Tried>,
    Option<(eframe::wgpu::Backends, renderer::Memory)>,
) {
    let probing = std::time::Instant::now();
    let candidates = renderer::candidates();
    let memory = memory.filter(|_| renderer == Renderer::Auto);
    let remembered = memory.as_ref().and_then(|memory| memory.take(&candidates));
    let (plan, tried) = match remembered {
        Some(api) => (renderer::Plan::Wgpu(api), Vec::new()),
        None => renderer::plan(renderer, &candidates, |backends| {
            runtime.block_on(renderer::can_draw(backends))
        }),
    };
    for attempt in &tried {
        tracing::info!(%attempt, "a graphics API tried for the window");
    }
    let took_ms = probing.elapsed().as_millis();
    tracing::info!(
        ?plan,
        took_ms,
        remembered = remembered.is_some(),
        "the window's renderer"
    );
    let keep = match (&plan, memory) {
        (renderer::Plan::Wgpu(api), Some(memory)) if api.bits().count_ones() == 1 => {
            Some((*api, memory))
        }
        _ => None,
    };
    (plan, tried, keep)
}

/// Runs the window until it closes. `first`: the account's socket, when this is its first copy (later launches
/// bring it to the front). `last_resort` runs when a signal asked it to close and it could not. `renderer`: what
/// the user asked to draw it with, and where the API that drew last time is kept (`auto` takes it without trying
/// the others, and keeps the one it drew with once its first frame is on screen); a wgpu window that cannot start
/// before the app is made is tried again with glow, and when nothing can draw, the message names what was tried
/// and what to do.
fn show(
    runtime: &tokio::runtime::Runtime,
    config: BackendConfig,
    start: StartOptions,
    allow_insecure_http: bool,
    first: Option<visitor_desk::backend::InstanceClaim>,
    last_resort: impl FnOnce() + Send + 'static,
    (renderer, memory): (Renderer, Option<renderer::Memory>),
) -> Result<(), CliError> {
    *config.instance.lock() = first;
    let place = config.home.as_ref().and_then(|home| home.settings.window);
    let (plan, mut tried, keep) = chosen_renderer(runtime, renderer, memory);
    let _entered = runtime.enter();
    let handle = runtime.handle().clone();
    let window = Arc::new(OnceLock::new());
    runtime.spawn(close_on_signals(window.clone(), last_resort));
    let viewport = viewport(place);
    // What the app is made of, taken by the first attempt that gets as far as making it.
    let parts = std::cell::RefCell::new(Some((config, start)));
    let attempt = |plan: &renderer::Plan| {
        let mut options = eframe::NativeOptions {
            viewport: viewport.clone(),
            ..eframe::NativeOptions::default()
        };
        renderer::apply(plan, &mut options);
        // Only a wgpu plan is kept (the glow fallback never is).
        let keep = keep
            .clone()
            .filter(|_| matches!(plan, renderer::Plan::Wgpu(_)));
        let window = window.clone();
        let (handle, parts) = (&handle, &parts);
        surviving_a_destroyed_window(move || {
            eframe::run_native(
                "Visitor Desk",
                options,
                Box::new(move |cc| {
                    let Some((config, start)) = parts.borrow_mut().take() else {
                        return Err("the app was made already".into());
                    };
                    let _ = window.set(cc.egui_ctx.clone());
                    let mut app = App::new(cc, handle, config, start);
                    let ctx = cc.egui_ctx.clone();
                    app.follow_text_scale(visitor_desk::desktop::text_scale::follow(
                        handle,
                        Arc::new(move || ctx.request_repaint()),
                    ));
                    let runtime = handle.clone();
                    let on_first_frame = move || {
                        if let Some((api, memory)) = keep {
                            // A small file, off the window's thread.
                            runtime.spawn_blocking(move || {
                                if let Err(error) = memory.keep(api) {
                                    tracing::warn!(%error, "the window's renderer could not be kept");
                                }
                            });
                        }
                    };
                    if let Some(started) = super::STARTED.get() {
                        app = app.reporting_start_from(*started, on_first_frame);
                    }
                    Ok(Box::new(if allow_insecure_http {
                        app.allowing_insecure_http()
                    } else {
                        app
                    }))
                }),
            )
        })
    };
    let mut outcome = attempt(&plan);
    if let (Some(Err(error)), renderer::Plan::Wgpu(backends)) = (&outcome, &plan)
        && parts.borrow().is_some()
    {
        tracing::warn!(%error, "wgpu could not open the window: trying OpenGL (glow)");
        tried.push(renderer::Tried {
            api: renderer::api_name(*backends),
            outcome: Err(error.to_string()),
        });
        outcome = attempt(&renderer::Plan::Glow);
    }
    match outcome {
        Some(Err(error)) => Err(CliError::usage(text::no_window(&error, &tried))),
        // Gone as if closed: what follows a close (the demo's folders going, say) follows this too.
        Some(Ok(())) | None => Ok(()),
    }
}

/// The window's icon, 128×128. X11 takes it as one `_NET_WM_ICON` property in one request, and a request is at
/// most 256 KiB where the server offers no BIG-REQUESTS: the 256×256 icon (256 KiB and 8 bytes) was refused
/// and the window had an empty icon, shown as the window manager's blank one.
const WINDOW_ICON: &[u8] =
    include_bytes!("../../assets/icons/hicolor/128x128/apps/org.visitordesk.VisitorDesk.png");

/// The window's place, size, title, icon and id.
fn viewport(place: Option<WindowPlace>) -> egui::ViewportBuilder {
    let mut viewport = egui::ViewportBuilder::default();
    // Where the window was last time, as big as it was; the default size otherwise.
    viewport = match place {
        Some(place) => placed(viewport, place),
        None => viewport.with_inner_size([1280.0, 760.0]),
    };
    match eframe::icon_data::from_png_bytes(WINDOW_ICON) {
        Ok(icon) => viewport = viewport.with_icon(icon),
        Err(error) => tracing::warn!(%error, "the window icon could not be read"),
    }
    viewport
        .with_title("Visitor Desk")
        .with_app_id(APP_ID)
        .with_min_inner_size(SMALLEST)
}

/// Runs the window; `None` when it was destroyed from outside. Then the windowing library panics on its next
/// call (winit unwraps X11's BadWindow; eframe does not handle the window's Destroyed event): that is the window
/// going away, not a bug in the app, so it is said in one line on the log and the app ends as after a close.
/// Any other panic goes on as it would have.
fn surviving_a_destroyed_window<T>(run: impl FnOnce() -> T) -> Option<T> {
    let from_window_system = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let seen = from_window_system.clone();
    let previous: Arc<dyn Fn(&std::panic::PanicHookInfo<'_>) + Send + Sync> =
        Arc::from(std::panic::take_hook());
    let usual = previous.clone();
    std::panic::set_hook(Box::new(move |info| {
        let in_winit = info
            .location()
            .is_some_and(|location| location.file().contains("winit"));
        if in_winit {
            seen.store(true, std::sync::atomic::Ordering::SeqCst);
            tracing::warn!(
                reason = info.payload_as_str().unwrap_or_default(),
                "the window was destroyed from outside (or its display went away)"
            );
        } else {
            usual(info);
        }
    }));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(run));
    std::panic::set_hook(Box::new(move |info| previous(info)));
    match outcome {
        Ok(value) => Some(value),
        Err(_) if from_window_system.load(std::sync::atomic::Ordering::SeqCst) => None,
        Err(payload) => std::panic::resume_unwind(payload),
    }
}

/// How long a window asked to close by a signal gets before the process ends without it.
const CLOSING: Duration = Duration::from_secs(3);

/// Closes the window on SIGTERM, SIGINT or SIGHUP (a session ending, `kill`, Ctrl+C in the terminal that started
/// it; their counterparts on Windows) as if the user had closed it, so that what goes with it goes (the demo's
/// temporary folders). Should the window not close, `last_resort` runs and the process ends with the signal's
/// status.
async fn close_on_signals(
    window: Arc<OnceLock<egui::Context>>,
    last_resort: impl FnOnce() + Send + 'static,
) {
    let Some(status) = stop_signal().await else {
        return;
    };
    tracing::info!("asked to stop: closing the window");
    if let Some(ctx) = window.get() {
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        ctx.request_repaint();
    }
    // The window closing ends the runtime, and this task with it, before the time is up.
    tokio::time::sleep(CLOSING).await;
    last_resort();
    std::process::exit(status);
}

/// Waits for a signal to stop; answers the exit status it stands for (128 + its number). `None`: none can be
/// listened to.
#[cfg(unix)]
async fn stop_signal() -> Option<i32> {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut term), Ok(mut interrupt), Ok(mut hangup)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
        signal(SignalKind::hangup()),
    ) else {
        return None;
    };
    Some(tokio::select! {
        _ = term.recv() => 143,
        _ = interrupt.recv() => 130,
        _ = hangup.recv() => 129,
    })
}

/// On Windows: Ctrl+C or Ctrl+Break in the console that started it, that console closed, the user signing off or
/// the system shutting down (Windows waits a few seconds for the window to close before it ends the process).
#[cfg(windows)]
async fn stop_signal() -> Option<i32> {
    use tokio::signal::windows::{ctrl_break, ctrl_c, ctrl_close, ctrl_logoff, ctrl_shutdown};
    let (Ok(mut interrupt), Ok(mut brk), Ok(mut close), Ok(mut logoff), Ok(mut shutdown)) = (
        ctrl_c(),
        ctrl_break(),
        ctrl_close(),
        ctrl_logoff(),
        ctrl_shutdown(),
    ) else {
        return None;
    };
    Some(tokio::select! {
        _ = interrupt.recv() => 130,
        _ = brk.recv() => 130,
        _ = close.recv() => 129,
        _ = logoff.recv() => 129,
        _ = shutdown.recv() => 143,
    })
}

#[cfg(not(any(unix, windows)))]
async fn stop_signal() -> Option<i32> {
    tokio::signal::ctrl_c().await.ok().map(|()| 130)
}

/// A backend that keeps the device id and profiles in the settings file and sign-ins in the system keyring
/// (memory only when there is none, which the backend learns once the keyring has answered).
fn remembering_config(resume: Resume) -> BackendConfig {
    // Opened while the window shows itself: the backend's first call waits for it, not the window.
    let store = secrets::OpeningStore::start();
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
        store: Arc::new(store),
        home,
        resume,
        notices,
        journal,
        desktop: Some(Bus::Session),
        ..BackendConfig::new(device_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_icon_fits_in_one_x11_request() {
        let icon = eframe::icon_data::from_png_bytes(WINDOW_ICON).expect("a PNG");
        // `_NET_WM_ICON` is width, height, then a 32-bit pixel each; ChangeProperty's header is 24 bytes; a
        // request without BIG-REQUESTS is at most 65,535 units of 4 bytes.
        let property = 4 * (2 + icon.width as usize * icon.height as usize);
        assert!(
            24 + property <= 4 * 65_535,
            "{}×{}: {property} bytes",
            icon.width,
            icon.height
        );
        assert!(icon.width >= 64, "sharp enough for a task switcher");
    }

    #[test]
    fn the_window_opens_where_it_was_kept() {
        let place = WindowPlace {
            x: 240.0,
            y: 150.0,
            width: 1000.0,
            height: 700.0,
            maximized: true,
        };
        let viewport = placed(egui::ViewportBuilder::default(), place);
        assert_eq!(viewport.position, Some(egui::pos2(240.0, 150.0)));
        assert_eq!(viewport.inner_size, Some(egui::vec2(1000.0, 700.0)));
        assert_eq!(viewport.maximized, Some(true));
        let tiny = placed(
            egui::ViewportBuilder::default(),
            WindowPlace {
                width: 100.0,
                height: 50.0,
                ..place
            },
        );
        assert_eq!(
            tiny.inner_size,
            Some(egui::Vec2::from(SMALLEST)),
            "never below the smallest it takes"
        );
    }
}
