//! Remembering where the window is and how big: the place is read from egui's viewport info each frame, and once
//! it has stayed the same for a moment after a move or a resize (a drag reports many in between), it is sent to
//! be kept in the settings file. The next start opens the window there (`cli::window`).

use chrono::{DateTime, TimeDelta, Utc};
use egui::Context;

use crate::settings::{SettingsChange, WindowPlace};

/// How long the window must stay put before its place is kept.
const SETTLED: TimeDelta = TimeDelta::milliseconds(800);

#[derive(Debug, Default)]
pub struct PlaceKeeper {
    /// The place seen last, and since when.
    seen: Option<(WindowPlace, DateTime<Utc>)>,
    /// The place kept last (or found at start): nothing is sent again for it.
    kept: Option<WindowPlace>,
}

impl PlaceKeeper {
    /// The window's place as the windowing system reports it, in whole points; `None` before it is known.
    fn read(ctx: &Context) -> Option<WindowPlace> {
        ctx.input(|input| {
            let viewport = input.viewport();
            let outer = viewport.outer_rect?;
            let inner = viewport.inner_rect?;
            Some(WindowPlace {
                x: outer.min.x.round(),
                y: outer.min.y.round(),
                width: inner.width().round(),
                height: inner.height().round(),
                maximized: viewport.maximized.unwrap_or(false),
            })
        })
    }

    /// Answers the command that keeps the window's place, once it has settled somewhere new. Asks for the frame
    /// that will see it settled.
    pub fn follow(&mut self, ctx: &Context, now: DateTime<Utc>) -> Option<SettingsChange> {
        let place = Self::read(ctx)?;
        if self.kept.is_none() && self.seen.is_none() {
            // Where it opened is where it was kept (or the default): nothing to keep yet.
            self.kept = Some(place);
        }
        match self.seen {
            Some((seen, _)) if seen == place => {}
            _ => self.seen = Some((place, now)),
        }
        let (place, since) = self.seen?;
        if self.kept == Some(place) {
            return None;
        }
        let settled_at = since + SETTLED;
        if now < settled_at {
            let wait = (settled_at - now).to_std().unwrap_or_default();
            ctx.request_repaint_after(wait);
            return None;
        }
        self.kept = Some(place);
        Some(SettingsChange::Window(place))
    }
}
