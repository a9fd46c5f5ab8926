//! A first window that fits the screen: the default size (1280×760) is clamped to the monitor by eframe, but
//! the title bar and the desktop's panels come on top of it, and on a 1024×768 screen the status bar would fall
//! below the edge. Such a screen gets a maximized window instead, which the window manager fits to the room left.

use egui::{Context, ViewportCommand};

/// Room a window manager's decorations and a desktop panel may need around the window.
const ROOM_FOR_DECORATIONS: f32 = 64.0;

/// Maximizes the window once, if it is too big for its monitor to show whole. Answers whether the question is
/// settled (the monitor's size is known), so that the caller asks only until then.
pub fn fit_to_monitor(ctx: &Context) -> bool {
    let (monitor, inner) = ctx.input(|input| {
        let viewport = input.viewport();
        (viewport.monitor_size, viewport.inner_rect)
    });
    let (Some(monitor), Some(inner)) = (monitor, inner) else {
        return false;
    };
    let room = monitor - egui::Vec2::splat(ROOM_FOR_DECORATIONS);
    if inner.width() > room.x || inner.height() > room.y {
        ctx.send_viewport_cmd(ViewportCommand::Maximized(true));
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{RawInput, Rect, ViewportId, ViewportInfo, pos2, vec2};

    /// Whether a frame on a monitor and a window of these sizes settles the question, and the window commands it
    /// sends (egui's own first-frame theme command left out).
    fn commands(monitor: Option<egui::Vec2>, window: egui::Vec2) -> (bool, Vec<ViewportCommand>) {
        let ctx = Context::default();
        let mut input = RawInput::default();
        input.viewports.insert(
            ViewportId::ROOT,
            ViewportInfo {
                monitor_size: monitor,
                inner_rect: Some(Rect::from_min_size(pos2(0.0, 20.0), window)),
                ..ViewportInfo::default()
            },
        );
        let mut settled = false;
        let mut output = ctx.run_ui(input, |ui| settled = fit_to_monitor(ui.ctx()));
        // No painter here takes the font texture.
        output.textures_delta.clear();
        let commands = output
            .viewport_output
            .get(&ViewportId::ROOT)
            .map(|viewport| viewport.commands.clone())
            .unwrap_or_default()
            .into_iter()
            .filter(|command| !matches!(command, ViewportCommand::SetTheme(_)))
            .collect();
        (settled, commands)
    }

    #[test]
    fn a_window_as_big_as_a_small_screen_is_maximized() {
        for (monitor, window) in [
            (vec2(1024.0, 768.0), vec2(1024.0, 760.0)),
            (vec2(800.0, 600.0), vec2(800.0, 600.0)),
        ] {
            let (settled, commands) = commands(Some(monitor), window);
            assert!(settled);
            assert!(
                commands.contains(&ViewportCommand::Maximized(true)),
                "{monitor:?}: {commands:?}"
            );
        }
    }

    #[test]
    fn a_window_with_room_around_it_is_left_as_it_is() {
        let (settled, commands) = commands(Some(vec2(1920.0, 1080.0)), vec2(1280.0, 760.0));
        assert!(settled);
        assert!(commands.is_empty(), "{commands:?}");
    }

    #[test]
    fn without_a_monitor_size_nothing_is_decided() {
        let (settled, commands) = commands(None, vec2(1280.0, 760.0));
        assert!(!settled);
        assert!(commands.is_empty(), "{commands:?}");
    }
}
