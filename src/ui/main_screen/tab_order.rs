//! Tab on the main screen goes in reading order: the top bar from left to right, the intercoms, the codes (search,
//! filter, headings, rows), the calls under them, the new-code form, the status bar, then the notices; Shift+Tab
//! back. egui's own order is the order widgets are added, which is not the reading order here: a window's side
//! panels are laid out before its middle (so Tab went from the table back to the top), and the top bar's buttons
//! are laid out from its right edge (so that a narrow window cuts the account's name, not a button). So each part
//! is marked as it is drawn, and a Tab (or Shift+Tab) from one of the last frame's stops, or from none, is taken
//! before any widget sees it and given to the stop that follows in that order.

use egui::{Event, Id, Key, LayerId, Ui};

/// The parts of the main screen, in the order Tab goes through them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Part {
    TopBar,
    /// The box saying the server needs a newer Visitor Desk.
    Outdated,
    Intercoms,
    Codes,
    Calls,
    Form,
    StatusBar,
}

#[derive(Debug, Default)]
pub(super) struct TabOrder {
    /// Where each part's widgets started in the main screen's layer, in the order they were drawn: this frame's,
    /// being marked, and the last frame's.
    marking: Vec<(Part, usize)>,
    marked: Vec<(Part, usize)>,
    /// The pass `marking` was made in (the last frame's marks are of no use after another screen was drawn).
    marking_pass: u64,
}

impl TabOrder {
    /// Before anything is drawn: takes a Tab or Shift+Tab from one of the last frame's stops (or from none) to the
    /// next (previous) stop in reading order, round from the last to the first.
    pub(super) fn begin(&mut self, ui: &Ui) {
        let ctx = ui.ctx();
        let pass = ctx.cumulative_pass_nr();
        let marking = std::mem::take(&mut self.marking);
        self.marked = if self.marking_pass + 1 == pass {
            marking
        } else {
            Vec::new()
        };
        self.marking_pass = pass;
        let layer = ui.layer_id();
        // Under a dialog the dialog's own order stands; the first frame has no order yet.
        if self.marked.is_empty() || !ctx.memory(|memory| memory.allows_interaction(layer)) {
            return;
        }
        let Some(forward) = ui.input(|input| {
            input.events.iter().rev().find_map(|event| match event {
                Event::Key {
                    key: Key::Tab,
                    pressed: true,
                    modifiers,
                    ..
                } if !modifiers.any() || modifiers.shift_only() => Some(!modifiers.shift),
                _ => None,
            })
        }) else {
            return;
        };
        let stops = self.stops(ctx, layer);
        let focused = ctx.memory(egui::Memory::focused);
        let at = match focused {
            Some(id) => match stops.iter().position(|stop| *stop == id) {
                Some(at) => Some(at),
                // A menu's entries, a list: their own order stands.
                None => return,
            },
            None => None,
        };
        let Some(to) = next(stops.len(), at, forward) else {
            return;
        };
        ctx.memory_mut(|memory| {
            memory.move_focus(egui::FocusDirection::None);
            memory.request_focus(stops[to]);
        });
    }

    /// Marks the start of `part`: the widgets added from here until the next mark are its.
    pub(super) fn part(&mut self, ui: &Ui, part: Part) {
        let layer = ui.layer_id();
        let drawn = ui
            .ctx()
            .viewport(|viewport| viewport.this_pass.widgets.get_layer(layer).count());
        self.marking.push((part, drawn));
    }

    /// The last frame's stops in reading order: the main screen's by part (the top bar's from left to right,
    /// each other part's as it was drawn), then the notices'.
    fn stops(&self, ctx: &egui::Context, layer: LayerId) -> Vec<Id> {
        ctx.viewport(|viewport| {
            let widgets = &viewport.prev_pass.widgets;
            let drawn: Vec<&egui::WidgetRect> = widgets.get_layer(layer).collect();
            let mut parts: Vec<(Part, Vec<&egui::WidgetRect>)> = Vec::new();
            for (k, &(part, from)) in self.marked.iter().enumerate() {
                let to = self
                    .marked
                    .get(k + 1)
                    .map_or(drawn.len(), |&(_, next)| next)
                    .min(drawn.len());
                let mut stops: Vec<&egui::WidgetRect> = drawn[from.min(to)..to]
                    .iter()
                    .copied()
                    .filter(|widget| is_stop(widget))
                    .collect();
                if part == Part::TopBar {
                    stops.sort_by(|a, b| a.rect.left().total_cmp(&b.rect.left()));
                }
                parts.push((part, stops));
            }
            // Stable: a part drawn in two pieces keeps its pieces' order.
            parts.sort_by_key(|(part, _)| *part);
            parts
                .into_iter()
                .flat_map(|(_, stops)| stops)
                .chain(
                    widgets
                        .get_layer(crate::ui::toasts::layer())
                        .filter(|widget| is_stop(widget)),
                )
                .map(|widget| widget.id)
                .collect()
        })
    }
}

/// Whether Tab stops at `widget`.
fn is_stop(widget: &egui::WidgetRect) -> bool {
    widget.enabled && widget.sense.is_focusable()
}

/// The stop after (before) `at` among `count`, round the ends; from none, the first (the last).
fn next(count: usize, at: Option<usize>, forward: bool) -> Option<usize> {
    let last = count.checked_sub(1)?;
    Some(match (at, forward) {
        (None, true) => 0,
        (None, false) => last,
        (Some(at), true) if at >= last => 0,
        (Some(at), true) => at + 1,
        (Some(0), false) => last,
        (Some(at), false) => at - 1,
    })
}

#[cfg(test)]
mod tests {
    use super::next;

    #[test]
    fn tab_goes_round_the_ends() {
        assert_eq!(next(0, None, true), None);
        assert_eq!(next(3, None, true), Some(0));
        assert_eq!(next(3, None, false), Some(2));
        assert_eq!(next(3, Some(1), true), Some(2));
        assert_eq!(next(3, Some(2), true), Some(0));
        assert_eq!(next(3, Some(0), false), Some(2));
        assert_eq!(next(3, Some(2), false), Some(1));
    }
}
