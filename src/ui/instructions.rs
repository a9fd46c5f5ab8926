//! What a visitor does at one intercom's door ("press # then the code"), edited where the intercom is shown. Kept
//! per account; it fills `{instructions}` in the share message and is printed on the slip.

use chrono::{DateTime, Utc};
use egui::{Id, RichText, TextEdit};

use super::action::{Action, Modal, Show};
use super::theme::{self, space};
use super::widgets::{displayable, primary_button};
use crate::accounts::{AccountId, Accounts};
use crate::settings::SettingsChange;
use crate::state::AppState;
use crate::t;

#[derive(Debug)]
pub struct InstructionsEditor {
    pub account: AccountId,
    pub intercom: u64,
    text: String,
    /// The text takes the keyboard when the editor opens.
    focus: super::widgets::FocusOnOpen,
}

impl InstructionsEditor {
    pub fn new(account: AccountId, state: &AppState, intercom: u64) -> Self {
        Self {
            account,
            intercom,
            text: state.instructions(intercom).to_owned(),
            focus: super::widgets::FocusOnOpen::default(),
        }
    }
}

impl Modal for InstructionsEditor {
    fn show(
        &mut self,
        ctx: &egui::Context,
        accounts: &Accounts,
        _now: DateTime<Utc>,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        let close = Action::Show(Show::Close);
        let Some((state, intercom)) = accounts
            .open_state(self.account)
            .and_then(|state| Some((state, state.intercom(self.intercom)?)))
        else {
            // The intercom (or its account) went away meanwhile.
            return vec![close];
        };
        let modal = egui::Modal::new(Id::unique("visitor-desk-instructions")).show(ctx, |ui| {
            ui.set_width((ctx.content_rect().width() - 80.0).clamp(300.0, 460.0));
            super::a11y::dialog_heading(
                ui,
                t!(
                    "instructions-title",
                    intercom = displayable(ui, &intercom.title).as_ref()
                ),
            );
            ui.add(
                egui::Label::new(
                    RichText::new(t!("instructions-intro")).color(theme::palette(ui).muted),
                )
                .wrap(),
            );
            ui.add_space(space::S);
            let label = ui.label(t!("instructions-label"));
            let id = Id::unique("door-instructions-text");
            if self.focus.ask() {
                ui.memory_mut(|memory| memory.request_focus(id));
            }
            ui.add(
                TextEdit::multiline(&mut self.text)
                    .id(id)
                    .desired_rows(3)
                    .desired_width(f32::INFINITY)
                    .hint_text(t!("instructions-hint")),
            )
            .labelled_by(label.id);
            ui.add_space(space::M);
            ui.horizontal(|ui| {
                if primary_button(ui, true, t!("instructions-save")).clicked()
                    && let Some(profile) = state.profile()
                {
                    actions.push(Action::remember(SettingsChange::Instructions {
                        profile: profile.name.clone(),
                        intercom: self.intercom,
                        text: self.text.trim().to_owned(),
                    }));
                    actions.push(close.clone());
                }
                if ui.button(t!("cancel")).clicked() {
                    actions.push(close.clone());
                }
            });
        });
        if modal.should_close() && !actions.contains(&close) {
            actions.push(close);
        }
        actions
    }
}
