//! How large the window draws: the desktop's text scale (see [`crate::desktop::text_scale`], which comes a moment
//! after start) times the user's own Ctrl + / Ctrl − choice, applied as egui's zoom. Ctrl 0 goes back to the
//! desktop's scale, not to 100%: a user whose desktop asks for large text does not lose it by resetting the zoom.
//! (egui's own zoom keys set the zoom alone, and Ctrl 0 set it to 1: they are turned off for these.)

use std::sync::mpsc::Receiver;

use egui::gui_zoom::kb_shortcuts::{ZOOM_IN, ZOOM_IN_SECONDARY, ZOOM_OUT, ZOOM_RESET};

/// The user's zoom goes by tenths, as egui's did, within egui's bounds.
const STEP: f32 = 0.1;
const USER_RANGE: std::ops::RangeInclusive<f32> = 0.2..=5.0;

#[derive(Debug)]
pub struct TextScale {
    /// The desktop's text scale (1 until it is read, or when there is none).
    desktop: f32,
    /// The user's Ctrl + / Ctrl − choice on top of it (not remembered across runs).
    user: f32,
    /// The desktop's scale, as it is read off the window's thread.
    coming: Option<Receiver<f32>>,
    /// Whether egui's own zoom keys are off yet.
    keys_taken: bool,
}

impl Default for TextScale {
    fn default() -> Self {
        Self {
            desktop: 1.0,
            user: 1.0,
            coming: None,
            keys_taken: false,
        }
    }
}

impl TextScale {
    /// Follows the desktop's scale as `coming` brings it.
    pub fn follow(&mut self, coming: Receiver<f32>) {
        self.coming = Some(coming);
    }

    /// Before a frame: the desktop's scale if it came, the zoom keys pressed, and the zoom they make together.
    pub fn before_frame(&mut self, ctx: &egui::Context) {
        if !self.keys_taken {
            ctx.options_mut(|options| options.zoom_with_keyboard = false);
            self.keys_taken = true;
        }
        if let Some(scale) = self
            .coming
            .as_ref()
            .and_then(|coming| coming.try_recv().ok())
        {
            tracing::info!(scale, "the desktop's text scale");
            self.desktop = scale;
            self.coming = None;
        }
        self.keys(ctx);
        let zoom = self.desktop * self.user;
        if (ctx.zoom_factor() - zoom).abs() > 1e-4 {
            ctx.set_zoom_factor(zoom);
        }
    }

    /// Ctrl + (or Ctrl =), Ctrl − and Ctrl 0, wherever the keyboard is (a field's text takes none of them).
    fn keys(&mut self, ctx: &egui::Context) {
        let pressed = |shortcut| ctx.input_mut(|input| input.consume_shortcut(shortcut));
        if pressed(&ZOOM_RESET) {
            self.user = 1.0;
            return;
        }
        let mut by = 0.0;
        if pressed(&ZOOM_IN) || pressed(&ZOOM_IN_SECONDARY) {
            by += STEP;
        }
        if pressed(&ZOOM_OUT) {
            by -= STEP;
        }
        if by != 0.0 {
            let user = ((self.user + by) * 10.0).round() / 10.0;
            self.user = user.clamp(*USER_RANGE.start(), *USER_RANGE.end());
        }
    }
}
