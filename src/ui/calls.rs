//! The calls panel under the codes: who called which door, when, and whether anyone answered, newest first. From
//! a call, one button makes a code for that door (its title prefilled), only where the intercom takes codes, and
//! one opens the door (after the desk's usual question), only where the intercom may be opened from the app.
//! With several accounts signed in, every account's calls are in the one list, each naming its account.

use chrono::{DateTime, Utc};
use egui::{RichText, Ui};

use super::action::{Action, Question, Show};
use super::theme::{self, space};
use super::widgets::{displayable, status_dot};
use crate::accounts::{AccountId, Accounts};
use crate::state::{AppState, CallRow, visitor_title};
use crate::{i18n, t};
use aipix_client::api::CallState;

/// How tall the panel starts (a few rows), in points.
pub const DEFAULT_HEIGHT: f32 = 150.0;

/// Draws the calls; answers what a button asked for.
pub fn calls_panel(ui: &mut Ui, accounts: &Accounts, now: DateTime<Utc>) -> Vec<Action> {
    let mut rows: Vec<(AccountId, &AppState, &CallRow)> = accounts
        .open()
        .flat_map(|account| {
            let state = &account.state;
            state
                .calls
                .rows()
                .iter()
                .map(move |row| (account.id, state, row))
        })
        .collect();
    if accounts.several() {
        // Newest first across the accounts, as each account's are.
        rows.sort_by_key(|(_, _, row)| std::cmp::Reverse(row.call.came_at()));
    }
    ui.horizontal(|ui| {
        ui.strong(t!("calls-title"));
        let ringing = rows
            .iter()
            .filter(|(_, _, row)| row.state() == CallState::Ringing)
            .count();
        if ringing > 0 {
            let color = theme::palette(ui).warning;
            ui.label(RichText::new(t!("calls-ringing", count = ringing)).color(color));
        }
    });
    if rows.is_empty() {
        ui.label(RichText::new(t!("calls-none")).color(theme::palette(ui).muted));
        return Vec::new();
    }
    let mut choice = Vec::new();
    // Every row laid out (the panel keeps at most a few hundred calls): a narrow window wraps a row's buttons
    // under its words, so that rows are not all one height.
    egui::ScrollArea::vertical()
        .id_salt("calls")
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for (account, state, row) in rows {
                let name = accounts.several().then(|| accounts.name(account));
                let call = Call {
                    account,
                    state,
                    row,
                    name,
                };
                choice.extend(call.show(ui, now));
            }
        });
    choice
}

/// When a call came: the time alone today, the day and time before.
fn came(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let catalog = i18n::current();
    let local = |moment: DateTime<Utc>| moment.with_timezone(&chrono::Local).date_naive();
    if local(at) == local(now) {
        catalog.format_moment(at, "format-time")
    } else {
        catalog.date_time(at, now)
    }
}

/// One call, and whose it is.
struct Call<'a> {
    account: AccountId,
    state: &'a AppState,
    row: &'a CallRow,
    /// The account's name, when the window shows several.
    name: Option<String>,
}

impl Call<'_> {
    fn show(&self, ui: &mut Ui, now: DateTime<Utc>) -> Option<Action> {
        let (account, row) = (self.account, self.row);
        let palette = theme::palette(ui);
        let intercom = self.state.call_intercom(row);
        let mut choice = None;
        ui.horizontal_wrapped(|ui| {
            let (label, color) = match row.state() {
                CallState::Ringing => (t!("call-ringing"), palette.warning),
                CallState::Answered => (t!("call-answered"), palette.ok),
                CallState::Ended => (t!("call-ended"), palette.muted),
                CallState::Missed => (t!("call-missed"), palette.error),
                CallState::Unknown(_) => (t!("call-unknown"), palette.muted),
            };
            status_dot(ui, color, row.state() == CallState::Ringing);
            let when = row
                .call
                .came_at()
                .map(|at| came(at, now))
                .unwrap_or_default();
            ui.label(RichText::new(when).color(palette.muted));
            let door = intercom.map_or_else(
                || t!("call-door-unknown").to_owned(),
                |i| displayable(ui, &i.title).into_owned(),
            );
            ui.label(RichText::new(door).color(palette.strong_text));
            if let Some(name) = &self.name {
                ui.label(
                    RichText::new(displayable(ui, name))
                        .small()
                        .color(palette.muted),
                );
            }
            ui.label(RichText::new(label).color(color));
            let Some(intercom) = intercom else { return };
            ui.add_space(space::S);
            if intercom.takes_codes()
                && ui
                    .button(t!("call-make-code"))
                    .on_hover_text(t!("call-make-code-hint"))
                    .clicked()
            {
                let at = row.call.came_at().unwrap_or(now);
                choice = Some(Action::Show(Show::NewCode {
                    account,
                    intercom: intercom.id,
                    title: Some(visitor_title(at)),
                }));
            }
            if intercom.opens_from_app()
                && ui
                    .button(t!("call-open-door"))
                    .on_hover_text(t!("call-open-door-hint"))
                    .clicked()
            {
                choice = Some(Action::Show(Show::Question(Question::OpenDoor {
                    account,
                    intercom: intercom.id,
                    call: Some(row.call.id),
                })));
            }
        });
        choice
    }
}
