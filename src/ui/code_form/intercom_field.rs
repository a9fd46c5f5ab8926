//! The form's intercom: every open account's doors (grouped by account when there are several), the account whose
//! limit the code takes, and what is wrong with the door chosen before anyone types.

use egui::{Id, RichText, Ui};

use super::CodeForm;
use crate::accounts::Accounts;
use crate::state::{AppState, CodeField};
use crate::t;
use crate::ui::theme;
use crate::ui::widgets::{displayable, field_errors};

fn intercom_id() -> Id {
    Id::unique("new-code-intercom")
}

impl CodeForm {
    /// The intercom, of any account open; picking one of another account makes the form that account's. Answers
    /// where its label and its choice were drawn.
    pub(super) fn intercom_field(
        &mut self,
        ui: &mut Ui,
        accounts: &Accounts,
        state: &AppState,
    ) -> egui::Rect {
        let intercom_label = ui.label(t!("form-intercom"));
        let selected_title = self.intercom.and_then(|id| state.intercom(id)).map_or_else(
            || t!("form-choose").to_owned(),
            |intercom| displayable(ui, &intercom.title).into_owned(),
        );
        let mut picked = None;
        let combo = egui::ComboBox::from_id_salt(intercom_id())
            .selected_text(selected_title)
            .width(ui.available_width())
            .truncate()
            .show_ui(ui, |ui| {
                for account in accounts.open() {
                    if accounts.several() {
                        let name = displayable(ui, &account.name()).into_owned();
                        ui.label(RichText::new(name).small().strong());
                    }
                    for intercom in &account.state.intercoms {
                        let title = displayable(ui, &intercom.title).into_owned();
                        let chosen =
                            Some(account.id) == self.account && self.intercom == Some(intercom.id);
                        // A door whose codes are off is listed (so that it is not missed) but cannot be picked.
                        ui.add_enabled_ui(intercom.takes_codes(), |ui| {
                            let item = ui
                                .selectable_label(chosen, title)
                                .on_disabled_hover_text(t!("intercom-takes-no-codes"));
                            if item.clicked() {
                                picked = Some((account.id, intercom.id));
                            }
                        });
                    }
                }
            });
        if let Some((account, intercom)) = picked {
            self.open_on(account, intercom);
        }
        self.intercom_widget = Some(combo.response.id);
        let field = intercom_label.rect.union(combo.response.rect);
        let _ = combo.response.labelled_by(intercom_label.id);
        if accounts.several()
            && let Some(account) = self.account
        {
            // Whose limit the code takes.
            let name = displayable(ui, &accounts.name(account)).into_owned();
            ui.label(
                RichText::new(t!("form-account", account = name.as_str()))
                    .small()
                    .color(theme::palette(ui).muted),
            );
        }
        field_errors(ui, &self.errors_for(CodeField::Intercom, state));
        self.door_note(ui, state);
        field
    }

    /// A code for an intercom that cannot use it is said here, before anyone types.
    fn door_note(&self, ui: &mut Ui, state: &AppState) {
        let Some(intercom) = self.intercom.and_then(|id| state.intercom(id)) else {
            return;
        };
        let palette = theme::palette(ui);
        let title = displayable(ui, &intercom.title).into_owned();
        let note = if !intercom.takes_codes() {
            // Said once: as the field's error once the form was tried.
            let refused = self
                .local_errors
                .iter()
                .any(|(field, _)| *field == CodeField::Intercom);
            (!refused).then(|| {
                (
                    palette.error,
                    t!("form-intercom-takes-no-codes", intercom = title.as_str()),
                )
            })
        } else if intercom.is_unconfirmed() {
            Some((
                palette.error,
                t!("form-intercom-not-confirmed", intercom = title.as_str()),
            ))
        } else if state.live.is_connected() && intercom.online().is_offline() {
            Some((
                palette.warning,
                t!("form-intercom-offline", intercom = title.as_str()),
            ))
        } else {
            None
        };
        if let Some((color, text)) = note {
            ui.add(egui::Label::new(RichText::new(text).color(color).small()).wrap());
        }
    }
}
