//! A bare egui window: the anchor the `startup` benchmark measures the desk against. The same eframe, egui and
//! fonts as the desk (one package, one feature set), the same default size, and what the desk's main screen
//! shows at its least: a few labels and one countdown that changes once a minute. Nothing else: no runtime, no
//! settings, no keyring, no network.
//!
//! `cargo run --release --example bare_window -- [wgpu|glow]` (default wgpu, on the graphics APIs wgpu picks from
//! `WGPU_BACKEND`, as the desk's window does when it is told one).

use std::time::{Duration, Instant};

use eframe::egui;

/// As long as the countdown runs: a day, as the demo's codes are valid.
const COUNTDOWN: Duration = Duration::from_secs(24 * 60 * 60);

fn main() -> eframe::Result {
    let renderer = match std::env::args().nth(1).as_deref() {
        Some("glow") => eframe::Renderer::Glow,
        _ => eframe::Renderer::Wgpu,
    };
    let options = eframe::NativeOptions {
        renderer,
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1280.0, 760.0])
            .with_title("Bare egui window"),
        ..eframe::NativeOptions::default()
    };
    let started = Instant::now();
    eframe::run_ui_native("Bare egui window", options, move |ui, _frame| {
        let left = COUNTDOWN.saturating_sub(started.elapsed());
        let minutes = left.as_secs().div_ceil(60);
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("A bare egui window");
            ui.label(format!("{} h {:02} min left", minutes / 60, minutes % 60));
        });
        // The next moment the countdown's text changes, as the desk asks for its countdowns.
        let into_minute = Duration::from_nanos(
            u64::try_from(left.as_nanos() % 60_000_000_000).unwrap_or_default(),
        );
        ui.ctx()
            .request_repaint_after(into_minute + Duration::from_millis(1));
    })
}
