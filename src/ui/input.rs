//! What the app does to egui's input before each frame, for every screen at once: keys typed after a focus move
//! wait for the frame in which the focus has moved, a shortcut types nothing, and the text cursor stops blinking
//! when nobody types.

use std::time::Duration;

use egui::{Context, Event, Key, RawInput};

/// How long the text cursor blinks after the last input (GTK's `gtk-cursor-blink-timeout`).
pub const BLINK_TIMEOUT: Duration = Duration::from_secs(10);

/// Registers the plugins on `ctx` (once; a second call changes nothing).
pub fn install(ctx: &Context) {
    ctx.add_plugin(KeysFollowFocus::default());
    ctx.add_plugin(ShortcutsTypeNothing::default());
    ctx.add_plugin(BlinkTimeout::default());
}

/// The window's Alt shortcuts (Alt+1…Alt+6, the quick expiries) work wherever the keyboard is, a text field too.
/// egui-winit sends such a chord as its key and then the character the key types ("2"), which the field with the
/// keyboard would take: "Test" + Alt+2 became "Test2". That character is dropped before any widget sees it.
/// Only these chords: elsewhere Alt may be how a layout types a character.
#[derive(Default)]
struct ShortcutsTypeNothing {
    /// The last event seen was such a chord (its character may come with the next frame's input).
    after_shortcut: bool,
}

/// Whether `event` is the press of one of the window's Alt shortcuts.
fn is_alt_shortcut(event: &Event) -> bool {
    matches!(
        event,
        Event::Key { key, pressed: true, modifiers, .. }
            if modifiers.alt
                && !modifiers.ctrl
                && !modifiers.command
                && super::code_form::QUICK_KEYS.contains(key)
    )
}

impl egui::Plugin for ShortcutsTypeNothing {
    fn debug_name(&self) -> &'static str {
        "ShortcutsTypeNothing"
    }

    fn input_hook(&mut self, _ctx: &Context, input: &mut RawInput) {
        let after_shortcut = &mut self.after_shortcut;
        input.events.retain(|event| {
            let typed_by_shortcut = *after_shortcut && matches!(event, Event::Text(_));
            *after_shortcut = is_alt_shortcut(event);
            !typed_by_shortcut
        });
    }
}

/// egui moves the keyboard focus for Tab during the frame that sees it, and every key of that frame goes to the
/// field that had the focus when the frame began: "demo", Tab, "demo" arriving together (a fast typist, a barcode
/// scanner, a slow frame) would put "demodemo" in one field. So the events after a Tab, a click that may focus
/// another field, or a shortcut that puts the keyboard in a field (Ctrl+N, Ctrl+F: "Guest A" typed at once after
/// Ctrl+N lost its "G"), are held back for the next frame, which is asked for at once.
#[derive(Default)]
struct KeysFollowFocus {
    held: Vec<Event>,
}

/// An event after which the focus may be somewhere else.
fn moves_focus(event: &Event) -> bool {
    match event {
        Event::Key {
            key: Key::Tab,
            pressed: true,
            ..
        }
        | Event::PointerButton { .. } => true,
        // The shortcuts that put the keyboard in a field.
        Event::Key {
            key: Key::N | Key::F,
            pressed: true,
            modifiers,
            ..
        } => modifiers.command_only(),
        _ => false,
    }
}

impl egui::Plugin for KeysFollowFocus {
    fn debug_name(&self) -> &'static str {
        "KeysFollowFocus"
    }

    fn input_hook(&mut self, ctx: &Context, input: &mut RawInput) {
        if !self.held.is_empty() {
            let newer = std::mem::take(&mut input.events);
            input.events = std::mem::take(&mut self.held);
            input.events.extend(newer);
        }
        if let Some(at) = input.events.iter().position(moves_focus)
            && at + 1 < input.events.len()
        {
            self.held = input.events.split_off(at + 1);
            ctx.request_repaint();
        }
    }
}

/// A focused text field blinks its cursor twice a second, a repaint each time, for as long as it has the focus.
/// After [`BLINK_TIMEOUT`] without input (or a change of focus) the cursor stays lit instead, and an idle window
/// asks for no frames at all; the next key or click makes it blink again.
#[derive(Default)]
struct BlinkTimeout {
    /// The input time of the last event that counts as activity.
    last_activity: f64,
    focused: Option<egui::Id>,
    blinking: Option<bool>,
}

/// What counts as the user doing something (pointer moves do not, as in GTK).
fn is_activity(event: &Event) -> bool {
    matches!(
        event,
        Event::Key { .. }
            | Event::Text(_)
            | Event::Paste(_)
            | Event::Copy
            | Event::Cut
            | Event::Ime(_)
            | Event::PointerButton { .. }
            | Event::MouseWheel { .. }
            | Event::Touch { .. }
    )
}

impl egui::Plugin for BlinkTimeout {
    fn debug_name(&self) -> &'static str {
        "BlinkTimeout"
    }

    fn input_hook(&mut self, ctx: &Context, input: &mut RawInput) {
        // The time this frame will have (egui's own rule when the integration gives none).
        let time = input
            .time
            .unwrap_or_else(|| ctx.input(|i| i.time) + f64::from(input.predicted_dt));
        let focused = ctx.memory(egui::Memory::focused);
        if input.events.iter().any(is_activity) || focused != self.focused {
            self.last_activity = time;
            self.focused = focused;
        }
        let blink = time - self.last_activity < BLINK_TIMEOUT.as_secs_f64();
        if self.blinking != Some(blink) {
            self.blinking = Some(blink);
            ctx.all_styles_mut(|style| style.visuals.text_cursor.blink = blink);
        }
    }
}
