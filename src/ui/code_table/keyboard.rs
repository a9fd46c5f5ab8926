//! The codes table from the keyboard. The rows are one Tab stop: inside it the arrows move the row focus (a frame
//! around the row, scrolled into view), Home/End/Page Up/Page Down jump, Space selects or unselects the row, Enter
//! opens the row's menu (whose entries the arrows, Enter and Space work; Escape closes it and the row keeps the
//! focus). Ctrl+C and Delete act on the focused row (see the main screen). The row's widgets (checkbox, Copy, menu
//! button) stay for the mouse but take no Tab stop of their own: Tab walked through three per row before, with no
//! focus shown. The stop is named as the focused row reads (title, code, door, valid until, status), for screen
//! readers.

use egui::{EventFilter, Id, Key, Modifiers, Rect, Sense, Ui};

use super::{RowTexts, TableInput, TableState, row_texts};
use crate::state::CodeKey;
use crate::t;
use crate::ui::action::Action;
use crate::ui::handover::row_menu_items;
use crate::ui::theme;

/// The rows' Tab stop.
pub fn focus_id() -> Id {
    Id::unique("codes-table-rows")
}

/// The focused row's menu, opened with Enter.
fn menu_id() -> Id {
    // As egui names the popup of a widget: the menu is the Tab stop's.
    focus_id().with("popup")
}

/// What the keyboard does in the table between frames.
#[derive(Debug, Default)]
pub(super) struct RowFocus {
    /// How many rows a page is (the rows that fitted in the last frame).
    page: usize,
    /// The row whose menu is open, and where its menu button was.
    menu: Option<CodeKey>,
    menu_anchor: Option<Rect>,
    /// Where the focused row was in the list: when it goes (revoked, expired and removed), the row that takes its
    /// place has the focus, or the last one.
    at: Option<usize>,
    /// The rows are to have the keyboard as soon as they take it (a dialog over them closed).
    give: bool,
}

impl TableState {
    /// Gives the rows the keyboard on `key`, which was the `at`th row (on the row there now if it is gone): a
    /// dialog about it closed.
    pub fn give_keyboard(&mut self, ctx: &egui::Context, key: CodeKey, at: usize) {
        self.current = Some(key);
        self.focus.at = Some(at);
        self.focus.give = true;
        ctx.request_repaint();
    }

    /// Whether the rows were to have the keyboard (and no longer are: there are none).
    pub fn take_keyboard_wanted(&mut self) -> bool {
        std::mem::take(&mut self.focus.give)
    }
}

/// Whether the table's rows have the keyboard.
pub fn has_keyboard(ctx: &egui::Context) -> bool {
    ctx.memory(|memory| memory.has_focus(focus_id()))
}

/// Reads the keys meant for the rows, before they are drawn: answers the row to scroll into view when the focus
/// moved. The focus starts on the row clicked last, or the first.
pub(super) fn before_rows(ui: &mut Ui, table: &mut TableState, keys: &[CodeKey]) -> Option<usize> {
    let menu_open = egui::Popup::is_id_open(ui.ctx(), menu_id());
    // Under a dialog the rows take no keys.
    let reachable = ui.memory(|memory| memory.allows_interaction(ui.layer_id()));
    if table.focus.give {
        // egui keeps the dialog's layer on top for a frame after it closed: the rows take the keyboard after.
        if reachable {
            table.focus.give = false;
            ui.memory_mut(|memory| memory.request_focus(focus_id()));
        }
        ui.ctx().request_repaint();
    }
    if !menu_open && table.focus.menu.take().is_some() && reachable {
        // The menu closed (Escape, a choice, a click elsewhere): the row keeps the keyboard, unless another
        // widget took it.
        let focused = ui.memory(egui::Memory::focused);
        let in_menu = focused.is_none_or(|id| {
            ui.ctx()
                .read_response(id)
                .is_none_or(|widget| widget.layer_id.id == menu_id())
        });
        if in_menu {
            ui.memory_mut(|memory| memory.request_focus(focus_id()));
        }
    }
    if !has_keyboard(ui.ctx()) || keys.is_empty() || !reachable {
        return None;
    }
    // While the menu is open the arrows and Escape are its own.
    let filter = EventFilter {
        vertical_arrows: !menu_open,
        horizontal_arrows: !menu_open,
        escape: !menu_open,
        tab: false,
    };
    ui.memory_mut(|memory| memory.set_focus_lock_filter(focus_id(), filter));
    let last = keys.len() - 1;
    let at = table
        .current
        .and_then(|current| keys.iter().position(|key| *key == current))
        .or_else(|| table.focus.at.map(|at| at.min(last)));
    if menu_open {
        return None;
    }
    let page = table.focus.page.max(1);
    let moved = ui.input_mut(|input| {
        let mut to = at;
        let mut press = |key: Key| input.consume_key(Modifiers::NONE, key);
        if press(Key::ArrowDown) {
            to = Some(at.map_or(0, |at| (at + 1).min(last)));
        }
        if press(Key::ArrowUp) {
            to = Some(at.map_or(0, |at| at.saturating_sub(1)));
        }
        if press(Key::PageDown) {
            to = Some(at.map_or(0, |at| (at + page).min(last)));
        }
        if press(Key::PageUp) {
            to = Some(at.map_or(0, |at| at.saturating_sub(page)));
        }
        if press(Key::Home) {
            to = Some(0);
        }
        if press(Key::End) {
            to = Some(last);
        }
        to.filter(|to| Some(*to) != at)
    });
    let index = moved.or(at).unwrap_or(0);
    let key = keys[index];
    table.current = Some(key);
    table.focus.at = Some(index);
    let (space, enter) = ui.input_mut(|input| {
        (
            input.consume_key(Modifiers::NONE, Key::Space),
            input.consume_key(Modifiers::NONE, Key::Enter),
        )
    });
    if space && !table.selected.remove(&key) {
        table.selected.insert(key);
    }
    if enter {
        egui::Popup::open_id(ui.ctx(), menu_id());
        table.focus.menu = Some(key);
        // The keyboard stays on the row (the menu's anchor): the arrows go into the menu from there.
        ui.memory_mut(|memory| memory.set_focus_lock_filter(focus_id(), EventFilter::default()));
    }
    moved
}

/// Where the rows were drawn in the last frame.
pub(super) struct Drawn {
    /// The part of the table's body that shows.
    pub body: Rect,
    pub row_height: f32,
    /// The focused row, when it was drawn, and its menu button.
    pub current: Option<Rect>,
    pub menu_button: Option<Rect>,
}

/// After the rows: the Tab stop (on the focused row, named as it reads), its frame while it has the keyboard, and
/// the row's menu when Enter opened it. Answers what the menu asked for.
pub(super) fn after_rows(
    ui: &mut Ui,
    table: &mut TableState,
    input: &TableInput<'_>,
    drawn: &Drawn,
) -> Vec<Action> {
    table.focus.page = ((drawn.body.height() / drawn.row_height).floor() as usize).max(2) - 1;
    let row = drawn
        .current
        .map(|rect| rect.intersect(drawn.body))
        .filter(|rect| rect.is_positive());
    let response = ui.interact(row.unwrap_or(drawn.body), focus_id(), Sense::FOCUSABLE);
    if response.gained_focus() && table.current.is_none() {
        // Tabbed in: the first row has the focus.
        table.current = input.keys.first().copied();
        ui.ctx().request_repaint();
    }
    let current = table
        .current
        .and_then(|key| Some((key, input.accounts.code(key)?)));
    // Before a row has the focus, the stop is the table's (a focusable node without a name is a blank to a
    // screen reader).
    let name = current.map_or_else(
        || t!("a11y-codes-table").to_owned(),
        |(key, code)| {
            let texts = row_texts(&mut table.texts, ui.ctx(), key, code, input.now);
            row_name(texts, code, input.now)
        },
    );
    let selected = current.is_some_and(|(key, _)| table.selected.contains(&key));
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Row, true, selected, &name));
    let menu_open = egui::Popup::is_id_open(ui.ctx(), menu_id());
    if let Some(rect) = row.filter(|_| response.has_focus() || menu_open) {
        let stroke = egui::Stroke::new(theme::FOCUS_WIDTH, theme::palette(ui).focus);
        ui.painter().with_clip_rect(drawn.body).rect_stroke(
            rect.shrink(1.0),
            2.0,
            stroke,
            egui::StrokeKind::Inside,
        );
    }
    if drawn.menu_button.is_some() {
        table.focus.menu_anchor = drawn.menu_button;
    }
    row_menu(ui, table, input, &response)
}

/// The focused row as a screen reader reads it: title, code, door, until when, status.
fn row_name(
    texts: &RowTexts,
    code: &aipix_client::api::Code,
    now: chrono::DateTime<chrono::Utc>,
) -> String {
    t!(
        "codes-table-row",
        title = texts.title.as_str(),
        code = crate::domain::shown_value(code),
        intercom = texts.intercom.as_str(),
        until = texts.until.as_str(),
        status = crate::domain::CodeStatus::at(code, now).label()
    )
}

/// The focused row's menu, opened by Enter, under its menu button (the row, when the button is scrolled away).
/// A choice closes it, as a click does.
fn row_menu(
    ui: &mut Ui,
    table: &mut TableState,
    input: &TableInput<'_>,
    response: &egui::Response,
) -> Vec<Action> {
    let Some(key) = table.focus.menu else {
        return Vec::new();
    };
    let Some((state, code)) = input
        .accounts
        .state(key.account)
        .and_then(|state| Some((state, state.code(key.id)?)))
    else {
        egui::Popup::close_id(ui.ctx(), menu_id());
        return Vec::new();
    };
    let anchor = table.focus.menu_anchor.unwrap_or(response.rect);
    let copies = |ui: &Ui| {
        ui.ctx().output(|output| {
            output
                .commands
                .iter()
                .filter(|command| matches!(command, egui::OutputCommand::CopyText(_)))
                .count()
        })
    };
    let copied_before = copies(ui);
    let shown = egui::Popup::menu(response)
        .id(menu_id())
        .anchor(anchor)
        .show(|ui| {
            let asked = row_menu_items(ui, state, key, code, input.now);
            if !asked.is_empty() || copies(ui) > copied_before {
                ui.close();
            }
            asked
        });
    shown.map(|shown| shown.inner).unwrap_or_default()
}
