//! "Extend" for a visitor who needs longer. AIPIX codes cannot be changed, so this makes a new code with the same
//! title and intercom and a new expiry, and revokes the old one once the new one exists (the backend's
//! `Command::Extend`). One confirmation with the new expiry (the form's quick choices, counted from the old
//! expiry: extending never shortens, and an end no later than the old one cannot be chosen); it waits while the
//! request runs, closes when the new code is in the panel, and shows a refusal where it was asked. When the
//! account is full it says that the old code must go first, leaving the visitor briefly without one, and sends
//! that only once the user has agreed to it in so many words.

use chrono::{DateTime, Local, Utc};
use egui::{Key, Modifiers, RichText, Ui};

use super::action::{Action, Modal, Show};
use super::theme::{self, space};
use super::widgets::{Tone, displayable, message_box, primary_button};
use crate::accounts::Accounts;
use crate::messages::Command;
use crate::new_code::{DEFAULT_EXPIRY, Expiry, Extension, QuickExpiry, local_to_utc};
use crate::state::{AppState, CodeKey};
use crate::{i18n, t};
use aipix_client::api::Code;

#[derive(Debug)]
pub struct ExtendDialog {
    /// The code to replace, and whose it is.
    pub key: CodeKey,
    /// A quick choice (counted from the old expiry), or a date and time picked.
    choice: Expiry,
    /// Asked for: the answer closes the dialog or is shown in it.
    sent: bool,
    /// The user agreed to revoke the old code first (the account is full).
    revoke_first: bool,
    /// Whether it was drawn before: the Enter that opened it must not also confirm it.
    armed: bool,
}

/// Where the extension stands, as the dialog shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Asking,
    Running,
    /// The answer came: the new code is made (the dialog closes).
    Done,
    /// The answer came: no new code.
    Failed,
}

/// What the dialog reads of the state in a frame.
struct Situation {
    stage: Stage,
    /// The account holds as many codes as it may.
    full: bool,
    /// How many codes it holds, and may.
    held: usize,
    limit: usize,
    /// Other codes that open no door but still count: revoking them makes room.
    expired: Vec<u64>,
    /// Why the last extension made no new code.
    problem: Vec<String>,
}

impl ExtendDialog {
    pub fn new(key: CodeKey) -> Self {
        Self {
            key,
            choice: Expiry::Quick(DEFAULT_EXPIRY),
            sent: false,
            revoke_first: false,
            armed: false,
        }
    }

    fn stage(&self, state: &AppState) -> Stage {
        if !self.sent {
            return Stage::Asking;
        }
        match state.extend.in_flight {
            Some((_, old)) if old == self.key.id => Stage::Running,
            _ if state.extend.problem.is_empty() => Stage::Done,
            _ => Stage::Failed,
        }
    }

    fn situation(&self, state: &AppState, now: DateTime<Utc>) -> Situation {
        // Full while the account holds as many codes as its limit; before the server has named the limit, only
        // this dialog's own refusal says so (an older one may be stale by now).
        let full = match state.code_limit {
            Some(limit) => state.code_count() >= limit as usize,
            None => self.sent && state.extend.account_full,
        };
        let held = state.code_count();
        Situation {
            stage: self.stage(state),
            full,
            held,
            limit: state.code_limit.map_or(held, |limit| limit as usize),
            expired: state
                .expired_codes(now)
                .iter()
                .map(|expired| expired.id)
                .filter(|id| *id != self.key.id)
                .collect(),
            problem: state.extend.problem.general(&[]),
        }
    }
}

impl Modal for ExtendDialog {
    fn show(
        &mut self,
        ctx: &egui::Context,
        accounts: &Accounts,
        now: DateTime<Utc>,
    ) -> Vec<Action> {
        let close = vec![Action::Show(Show::Close)];
        let Some(state) = accounts.open_state(self.key.account) else {
            // Its account has gone: so has the question.
            return close;
        };
        let situation = self.situation(state, now);
        if situation.stage == Stage::Done {
            return close;
        }
        let armed = std::mem::replace(&mut self.armed, true);
        let mut actions = Vec::new();
        let modal = egui::Modal::new(egui::Id::unique("visitor-desk-extend")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            let enter =
                armed && ui.input_mut(|input| input.consume_key(Modifiers::NONE, Key::Enter));
            actions = match state.code(self.key.id) {
                Some(code) => self.asking(ui, code, &situation, now, enter),
                None => gone(ui, &situation, enter),
            };
        });
        if modal.should_close() && !actions.contains(&Action::Show(Show::Close)) {
            actions.push(Action::Show(Show::Close));
        }
        actions
    }
}

impl ExtendDialog {
    /// The question: until when, what stands in the way, and the button that asks.
    fn asking(
        &mut self,
        ui: &mut Ui,
        code: &Code,
        situation: &Situation,
        now: DateTime<Utc>,
        enter: bool,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        super::a11y::dialog_heading(
            ui,
            t!(
                "extend-title",
                code = crate::domain::shown_value(code),
                title = displayable(ui, &code.title).as_ref()
            ),
        );
        ui.add(egui::Label::new(t!("extend-body")).wrap());
        ui.add_space(space::S);
        let running = situation.stage == Stage::Running;
        ui.add_enabled_ui(!running, |ui| self.expiry_choices(ui, code.expired_at, now));
        if situation.stage == Stage::Failed && !situation.full && !situation.problem.is_empty() {
            ui.add_space(space::S);
            let text = t!(
                "extend-failed",
                old = crate::domain::shown_value(code),
                reason = situation.problem.join(" ")
            );
            error_box(ui, text);
        }
        if situation.full {
            actions.extend(self.account_full(ui, code, situation));
        }
        ui.add_space(space::M);
        ui.horizontal(|ui| {
            let (label, allowed) = if situation.full {
                (t!("extend-revoke-and-make"), self.revoke_first)
            } else {
                (t!("extend-make"), true)
            };
            let expires_at = self.new_expiry(code.expired_at, now).ok();
            let ready = allowed && !running && expires_at.is_some();
            let clicked = primary_button(ui, ready, label)
                .on_disabled_hover_text(t!("extend-tick-first"))
                .clicked();
            if let Some(expires_at) = expires_at.filter(|_| ready && (clicked || enter))
                && let Some(intercom) = code.intercom_id()
            {
                self.sent = true;
                let extension = Extension {
                    old: code.id,
                    intercom,
                    title: code.title.clone(),
                    expires_at,
                    revoke_first: situation.full && self.revoke_first,
                };
                actions.push(Action::Accounts(crate::accounts::Action::Extend {
                    account: self.key.account,
                    extension,
                }));
            }
            if running {
                ui.spinner();
            }
            let dismiss = if running { t!("close") } else { t!("cancel") };
            if ui.button(dismiss).clicked() {
                actions.push(Action::Show(Show::Close));
            }
        });
        // A button that waits for the box says so where the user looks, not only in a tooltip.
        if situation.full && !self.revoke_first && !running {
            ui.label(
                RichText::new(t!("extend-tick-first"))
                    .small()
                    .color(theme::palette(ui).muted),
            );
        }
        actions
    }

    /// The account is full: revoke the expired codes that still count, or agree that the old code goes first.
    fn account_full(&mut self, ui: &mut Ui, code: &Code, situation: &Situation) -> Option<Action> {
        let running = situation.stage == Stage::Running;
        let expired = &situation.expired;
        let mut action = None;
        ui.add_space(space::S);
        message_box(ui, Tone::Warning, |ui, color| {
            let said = |ui: &mut Ui, text: String| {
                ui.add(egui::Label::new(RichText::new(text).color(color)).wrap());
            };
            said(
                ui,
                t!(
                    "extend-full",
                    held = situation.held,
                    limit = situation.limit
                ),
            );
            if !expired.is_empty() {
                said(ui, t!("extend-expired-count", count = expired.len()));
                let revoke = egui::Button::new(t!("form-revoke-expired", count = expired.len()));
                if ui.add_enabled(!running, revoke).clicked() {
                    action = Some(Action::send(
                        self.key.account,
                        Command::RevokeCodes {
                            ids: expired.clone(),
                        },
                    ));
                }
                ui.add_space(space::XS);
            }
            ui.add(
                egui::Label::new(
                    RichText::new(t!(
                        "extend-revoke-first",
                        old = crate::domain::shown_value(code)
                    ))
                    .color(color)
                    .strong(),
                )
                .wrap(),
            );
            ui.add_enabled(
                !running,
                egui::Checkbox::new(&mut self.revoke_first, t!("extend-agree")),
            );
        });
        action
    }

    /// The new expiry the choice means, or why it cannot be: a code is never shortened, nor made to end in the
    /// past.
    fn new_expiry(
        &self,
        old_expiry: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, NotLater> {
        let at = match self.choice {
            Expiry::Quick(choice) => choice.after(old_expiry, now),
            Expiry::At(moment) => local_to_utc(moment).ok_or(NotLater::Past)?,
        };
        if at <= old_expiry {
            Err(NotLater::Sooner)
        } else if at <= now {
            Err(NotLater::Past)
        } else {
            Ok(at)
        }
    }

    /// The form's quick choices, two to a row, counted from the old expiry; those that would end no later than it
    /// cannot be chosen. Then the moment the chosen one means.
    fn expiry_choices(&mut self, ui: &mut Ui, old_expiry: DateTime<Utc>, now: DateTime<Utc>) {
        ui.label(RichText::new(t!("extend-until")).strong());
        let sooner = t!("extend-sooner", when = i18n::date_time(old_expiry, now));
        let half = (ui.available_width() - ui.spacing().item_spacing.x) / 2.0;
        egui::Grid::new("extend-expiry")
            .num_columns(2)
            .spacing(ui.spacing().item_spacing)
            .show(ui, |ui| {
                for (index, choice) in QuickExpiry::ALL.into_iter().enumerate() {
                    let later = choice.after(old_expiry, now) > old_expiry;
                    let button = egui::Button::selectable(
                        self.choice == Expiry::Quick(choice),
                        choice.label(),
                    )
                    .min_size(egui::vec2(half, 0.0));
                    if ui
                        .add_enabled(later, button)
                        .on_disabled_hover_text(&sooner)
                        .clicked()
                    {
                        self.choice = Expiry::Quick(choice);
                    }
                    if index % 2 == 1 {
                        ui.end_row();
                    }
                }
            });
        self.moment_fields(ui, old_expiry, now);
        let muted = theme::palette(ui).muted;
        match self.new_expiry(old_expiry, now) {
            Ok(at) => {
                let relative = i18n::relative(&i18n::Relative::between(at, now).0);
                ui.label(
                    RichText::new(format!("{} ({relative})", i18n::date_time(at, now)))
                        .color(muted),
                );
            }
            Err(why) => {
                let text = match why {
                    NotLater::Sooner => sooner,
                    NotLater::Past => t!("extend-past").to_owned(),
                };
                ui.label(
                    RichText::new(text)
                        .small()
                        .color(theme::palette(ui).warning),
                );
            }
        }
    }

    /// Besides the quick choices, a date (a calendar that offers no past day) and a time of day, showing the
    /// moment chosen; editing them chooses that moment.
    fn moment_fields(&mut self, ui: &mut Ui, old_expiry: DateTime<Utc>, now: DateTime<Utc>) {
        let today = now.with_timezone(&Local).date_naive();
        let shown = match self.choice {
            Expiry::At(moment) => moment,
            Expiry::Quick(choice) => choice
                .after(old_expiry, now)
                .with_timezone(&Local)
                .naive_local(),
        };
        let picked = ui
            .horizontal(|ui| {
                ui.label(t!("extend-or-at"));
                super::calendar::moment_field(ui, egui::Id::unique("extend-date"), shown, today)
                    .picked
            })
            .inner;
        if let Some(moment) = picked {
            self.choice = Expiry::At(moment);
        }
    }
}

/// Why a chosen expiry cannot be the new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NotLater {
    /// No later than the code's own expiry: extending never shortens.
    Sooner,
    /// A moment that has passed (or that the clock skips, at a change to summer time).
    Past,
}

/// The code is no longer listed: revoked meanwhile, or revoked first by this extension and then no new code was
/// made (which is said).
fn gone(ui: &mut Ui, situation: &Situation, enter: bool) -> Vec<Action> {
    super::a11y::dialog_heading(ui, t!("extend-title-gone"));
    if situation.stage == Stage::Failed && !situation.problem.is_empty() {
        error_box(
            ui,
            t!("extend-no-code-now", reason = situation.problem.join(" ")),
        );
    } else {
        ui.label(t!("extend-gone"));
    }
    ui.add_space(space::M);
    if ui.button(t!("close")).clicked() || enter {
        return vec![Action::Show(Show::Close)];
    }
    Vec::new()
}

fn error_box(ui: &mut Ui, text: String) {
    message_box(ui, Tone::Error, |ui, color| {
        ui.add(egui::Label::new(RichText::new(text).color(color)).wrap())
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::t;

    fn local(at: DateTime<Utc>) -> chrono::NaiveDateTime {
        at.with_timezone(&Local).naive_local()
    }

    #[test]
    fn a_picked_moment_must_be_later_than_the_old_expiry_and_than_now() {
        let now = t(10, 0);
        let mut dialog = ExtendDialog::new(CodeKey {
            account: crate::state::AccountId(1),
            id: 7,
        });
        // A code that expired at 8:00, extended.
        let old = t(8, 0);
        dialog.choice = Expiry::At(local(t(9, 0)));
        assert_eq!(dialog.new_expiry(old, now), Err(NotLater::Past));
        dialog.choice = Expiry::At(local(t(7, 0)));
        assert_eq!(dialog.new_expiry(old, now), Err(NotLater::Sooner));
        dialog.choice = Expiry::At(local(t(13, 30)));
        assert_eq!(dialog.new_expiry(old, now), Ok(t(13, 30)));
        // A working code until 12:00: 11:00 would shorten it.
        dialog.choice = Expiry::At(local(t(11, 0)));
        assert_eq!(dialog.new_expiry(t(12, 0), now), Err(NotLater::Sooner));
    }
}
