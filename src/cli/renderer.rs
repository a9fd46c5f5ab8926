//! What draws the window. eframe's default renderer, wgpu, picks a graphics API by itself, and on some computers
//! it is given a device that cannot draw: Direct3D 12 under Wine (its shader compiler is missing), an old or
//! broken driver, a virtual machine or a remote session without a GPU. The window then ended with a graphics
//! error and nothing a user could act on.
//!
//! So `auto` (the default) tries each of wgpu's graphics APIs this system has, best first, by building egui's own
//! render pipeline on it off screen ([`can_draw`]); the first that can is the one the window uses. When none
//! can, OpenGL through eframe's `glow` renderer. `--renderer wgpu|glow` (or `VISITOR_DESK_RENDERER`) forces one,
//! and `WGPU_BACKEND` (wgpu's own variable) names the only API to try. What was tried, and why each failed, goes
//! into the message shown when no window can start.
//!
//! Trying costs the start 0.1–0.25 s here (Vulkan on lavapipe) and about a second under Wine, before the window
//! opens. So the API a window drew with is kept ([`Memory`]), and the next start of the same build takes it
//! without trying.

use std::fmt;
use std::path::{Path, PathBuf};

use eframe::egui_wgpu::{self, WgpuSetup, WgpuSetupCreateNew};
use eframe::wgpu;

use super::args::Renderer;

/// How the window is to be drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// wgpu, on these graphics APIs (it picks among them itself when several).
    Wgpu(wgpu::Backends),
    /// OpenGL through glow.
    Glow,
}

/// One graphics API tried, and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tried {
    pub api: String,
    /// The device that can draw, or why it could not.
    pub outcome: Result<String, String>,
}

impl fmt::Display for Tried {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.outcome {
            Ok(device) => write!(f, "{}: {device}", self.api),
            Err(why) => write!(f, "{}: {why}", self.api),
        }
    }
}

/// The graphics APIs `auto` tries, best first: the one `WGPU_BACKEND` names, else each this system may have.
pub fn candidates() -> Vec<wgpu::Backends> {
    if let Some(named) = wgpu::Backends::from_env() {
        return vec![named];
    }
    if cfg!(windows) {
        vec![
            wgpu::Backends::DX12,
            wgpu::Backends::VULKAN,
            wgpu::Backends::GL,
        ]
    } else if cfg!(target_os = "macos") {
        vec![wgpu::Backends::METAL]
    } else {
        vec![wgpu::Backends::VULKAN, wgpu::Backends::GL]
    }
}

/// The name of a graphics API as a person knows it.
pub fn api_name(backends: wgpu::Backends) -> String {
    let names: Vec<&str> = [
        (wgpu::Backends::DX12, "Direct3D 12"),
        (wgpu::Backends::VULKAN, "Vulkan"),
        (wgpu::Backends::METAL, "Metal"),
        (wgpu::Backends::GL, "OpenGL (wgpu)"),
        (wgpu::Backends::BROWSER_WEBGPU, "WebGPU"),
    ]
    .into_iter()
    .filter(|(backend, _)| backends.contains(*backend))
    .map(|(_, name)| name)
    .collect();
    names.join(", ")
}

/// The plan for `asked`: `probe` answers whether a graphics API can draw (the device's name) or why not. `auto`
/// takes the first of `candidates` that can, else glow; the others are taken as asked.
pub fn plan(
    asked: Renderer,
    candidates: &[wgpu::Backends],
    mut probe: impl FnMut(wgpu::Backends) -> Result<String, String>,
) -> (Plan, Vec<Tried>) {
    match asked {
        Renderer::Glow => (Plan::Glow, Vec::new()),
        Renderer::Wgpu => (
            Plan::Wgpu(
                candidates
                    .iter()
                    .fold(wgpu::Backends::empty(), |all, b| all | *b),
            ),
            Vec::new(),
        ),
        Renderer::Auto => {
            let mut tried = Vec::new();
            for &backends in candidates {
                let outcome = probe(backends);
                let works = outcome.is_ok();
                tried.push(Tried {
                    api: api_name(backends),
                    outcome,
                });
                if works {
                    return (Plan::Wgpu(backends), tried);
                }
            }
            (Plan::Glow, tried)
        }
    }
}

/// Whether wgpu can draw egui on `backends` here: an adapter, a device, and egui's render pipeline built on it
/// (where Direct3D 12 under Wine fails: its shader compiler is not there), with any error the device reports
/// meanwhile. Answers the adapter's name, or why not. Off screen: no window is needed.
pub async fn can_draw(backends: wgpu::Backends) -> Result<String, String> {
    let instance = wgpu::Instance::new(wgpu::InstanceDescriptor {
        backends,
        flags: wgpu::InstanceFlags::from_build_config().with_env(),
        backend_options: wgpu::BackendOptions::from_env_or_default(),
        memory_budget_thresholds: wgpu::MemoryBudgetThresholds::default(),
        display: None,
    });
    let adapter = instance
        .request_adapter(&wgpu::RequestAdapterOptions {
            power_preference: wgpu::PowerPreference::HighPerformance,
            ..wgpu::RequestAdapterOptions::default()
        })
        .await
        .map_err(|error| error.to_string())?;
    let info = adapter.get_info();
    let setup = WgpuSetupCreateNew::without_display_handle();
    let (device, _queue) = adapter
        .request_device(&(setup.device_descriptor)(&adapter))
        .await
        .map_err(|error| format!("{}: {error}", info.name))?;
    let lost = std::sync::Arc::new(parking_lot::Mutex::new(None));
    let seen = lost.clone();
    device.set_device_lost_callback(move |_, message| *seen.lock() = Some(message));
    let validation = device.push_error_scope(wgpu::ErrorFilter::Validation);
    let internal = device.push_error_scope(wgpu::ErrorFilter::Internal);
    let _renderer = egui_wgpu::Renderer::new(
        &device,
        wgpu::TextureFormat::Bgra8Unorm,
        egui_wgpu::RendererOptions::default(),
    );
    let internal = internal.pop().await;
    let validation = validation.pop().await;
    if let Some(error) = internal.or(validation) {
        return Err(format!("{}: {error}", info.name));
    }
    if let Some(message) = lost.lock().take() {
        return Err(format!("{}: the device was lost: {message}", info.name));
    }
    Ok(format!("{} ({:?})", info.name, info.device_type))
}

/// The graphics API the window last drew with, in a small file in the settings folder. It holds for the build
/// that kept it (another version may bring another wgpu), and for one start at a time: [`Memory::take`] removes
/// it, and the window keeps it again ([`Memory::keep`]) only once its first frame is on screen. An API that
/// stopped drawing since (a new driver, a session without the GPU) thus costs one start at most, however that
/// start fails; the next tries the APIs again.
#[derive(Debug, Clone)]
pub struct Memory {
    file: PathBuf,
    build: String,
}

/// The memory's file in the settings folder.
const MEMORY_FILE: &str = "renderer";

impl Memory {
    /// The memory in the settings folder `dir`, for the build named `build` (its version and commit).
    pub fn new(dir: &Path, build: &str) -> Self {
        Self {
            file: dir.join(MEMORY_FILE),
            build: build.to_owned(),
        }
    }

    /// The API kept by this build, when it is one of `candidates` (`WGPU_BACKEND` naming another wins), and
    /// forgets it until [`Memory::keep`].
    pub fn take(&self, candidates: &[wgpu::Backends]) -> Option<wgpu::Backends> {
        let text = std::fs::read_to_string(&self.file).ok()?;
        if let Err(error) = std::fs::remove_file(&self.file) {
            // Kept, it would be taken again after a start that failed with it: better to try the APIs each time.
            tracing::warn!(%error, "the window's renderer could not be forgotten: not taken");
            return None;
        }
        let mut lines = text.lines();
        if lines.next() != Some(self.build.as_str()) {
            return None;
        }
        let api = wgpu::Backends::from_comma_list(lines.next()?);
        candidates.contains(&api).then_some(api)
    }

    /// Keeps `api` (one graphics API) for the next start.
    pub fn keep(&self, api: wgpu::Backends) -> std::io::Result<()> {
        let name = [
            (wgpu::Backends::DX12, "dx12"),
            (wgpu::Backends::VULKAN, "vulkan"),
            (wgpu::Backends::METAL, "metal"),
            (wgpu::Backends::GL, "gl"),
        ]
        .into_iter()
        .find_map(|(backend, name)| (backend == api).then_some(name))
        .ok_or_else(|| std::io::Error::other(format!("not one graphics API: {api:?}")))?;
        if let Some(dir) = self.file.parent() {
            visitor_desk::files::private_dir(dir)?;
        }
        std::fs::write(&self.file, format!("{}\n{name}\n", self.build))
    }
}

/// The options that carry out `plan`.
pub fn apply(plan: &Plan, options: &mut eframe::NativeOptions) {
    match plan {
        Plan::Glow => options.renderer = eframe::Renderer::Glow,
        Plan::Wgpu(backends) => {
            options.renderer = eframe::Renderer::Wgpu;
            let mut setup = WgpuSetupCreateNew::without_display_handle();
            setup.instance_descriptor.backends = *backends;
            options.wgpu_options.wgpu_setup = WgpuSetup::CreateNew(setup);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORDER: [wgpu::Backends; 3] = [
        wgpu::Backends::DX12,
        wgpu::Backends::VULKAN,
        wgpu::Backends::GL,
    ];

    #[test]
    fn auto_takes_the_first_api_that_can_draw_and_says_what_the_others_did() {
        let mut asked = Vec::new();
        let (plan, tried) = plan(Renderer::Auto, &ORDER, |backends| {
            asked.push(backends);
            if backends == wgpu::Backends::DX12 {
                Err("FXC D3DCompile error (Not implemented)".to_owned())
            } else {
                Ok("llvmpipe (Cpu)".to_owned())
            }
        });
        assert_eq!(plan, Plan::Wgpu(wgpu::Backends::VULKAN));
        assert_eq!(
            asked,
            [wgpu::Backends::DX12, wgpu::Backends::VULKAN],
            "no further"
        );
        let said: Vec<String> = tried.iter().map(ToString::to_string).collect();
        assert_eq!(
            said,
            [
                "Direct3D 12: FXC D3DCompile error (Not implemented)",
                "Vulkan: llvmpipe (Cpu)"
            ]
        );
    }

    #[test]
    fn auto_falls_back_to_glow_when_no_api_can_draw_and_forced_choices_probe_nothing() {
        let (plan_made, tried) = plan(Renderer::Auto, &ORDER, |_| Err("no adapter".to_owned()));
        assert_eq!(plan_made, Plan::Glow);
        assert_eq!(tried.len(), 3);
        let never = |_| -> Result<String, String> { panic!("a forced choice probes nothing") };
        assert_eq!(plan(Renderer::Glow, &ORDER, never).0, Plan::Glow);
        assert_eq!(
            plan(Renderer::Wgpu, &ORDER, never).0,
            Plan::Wgpu(wgpu::Backends::DX12 | wgpu::Backends::VULKAN | wgpu::Backends::GL)
        );
    }

    /// The probe itself, on this machine's real drivers: Vulkan is there wherever the tests run (lavapipe, on
    /// the CPU, in CI), and Direct3D 12 is not on Linux.
    #[cfg(target_os = "linux")]
    #[test]
    fn the_probe_builds_eguis_pipeline_where_an_api_exists_and_says_why_where_not() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime");
        let vulkan = runtime.block_on(can_draw(wgpu::Backends::VULKAN));
        assert!(vulkan.is_ok(), "{vulkan:?}");
        let dx12 = runtime.block_on(can_draw(wgpu::Backends::DX12));
        assert!(dx12.is_err(), "{dx12:?}");
    }

    #[test]
    fn the_api_kept_is_taken_once_by_the_same_build_and_only_among_the_candidates() {
        let dir = tempfile::tempdir().expect("a folder");
        let memory = Memory::new(&dir.path().join("settings"), "visitor-desk 1.0 (commit a)");
        assert_eq!(memory.take(&ORDER), None, "nothing kept yet");
        memory.keep(wgpu::Backends::VULKAN).expect("kept");
        assert_eq!(memory.take(&ORDER), Some(wgpu::Backends::VULKAN));
        assert_eq!(
            memory.take(&ORDER),
            None,
            "taken: a start that fails with it leaves nothing to take"
        );
        memory.keep(wgpu::Backends::DX12).expect("kept");
        assert_eq!(
            memory.take(&[wgpu::Backends::VULKAN]),
            None,
            "WGPU_BACKEND names another API"
        );
        memory.keep(wgpu::Backends::VULKAN).expect("kept");
        let other_build = Memory::new(&dir.path().join("settings"), "visitor-desk 1.1 (commit b)");
        assert_eq!(other_build.take(&ORDER), None, "another build tries again");
        std::fs::write(dir.path().join("settings").join(MEMORY_FILE), "garbage").expect("written");
        assert_eq!(memory.take(&ORDER), None);
        assert!(
            memory
                .keep(wgpu::Backends::VULKAN | wgpu::Backends::GL)
                .is_err(),
            "one API, or nothing"
        );
    }

    #[test]
    fn a_plan_becomes_the_window_options() {
        let mut options = eframe::NativeOptions::default();
        apply(&Plan::Glow, &mut options);
        assert_eq!(options.renderer, eframe::Renderer::Glow);
        apply(&Plan::Wgpu(wgpu::Backends::VULKAN), &mut options);
        assert_eq!(options.renderer, eframe::Renderer::Wgpu);
        let WgpuSetup::CreateNew(setup) = &options.wgpu_options.wgpu_setup else {
            panic!("a new device")
        };
        assert_eq!(setup.instance_descriptor.backends, wgpu::Backends::VULKAN);
    }
}
