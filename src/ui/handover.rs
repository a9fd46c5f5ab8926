//! Handing a code over from the window: its share message (the user's template), its QR code and its visitor
//! slip, for the code just made and for any row of the table; and the row's menu, which gathers these with
//! Extend and Revoke so that the table keeps one narrow column for them.

use chrono::{DateTime, Utc};
use egui::{RichText, Ui};

use super::action::{Action, Modal, Question, Show};
use super::theme::{self, space};
use super::widgets::{copy_button, displayable, qr_code};
use crate::accounts::Accounts;
use crate::domain::CodeStatus;
use crate::handover::{self, Handover, SlipSize};
use crate::messages::{Command, SlipAction};
use crate::settings::{HandoverSettings, SettingsChange};
use crate::state::{AppState, CodeKey};
use crate::t;
use aipix_client::api::Code;

/// What the visitor reads about `code`: its intercom as listed now, and the door's instructions.
pub fn handover_of(state: &AppState, code: &Code, now: DateTime<Utc>) -> Handover {
    let intercom = crate::domain::intercom_key(code);
    Handover::new(
        code,
        state.intercom(intercom),
        state.instructions(intercom),
        now,
    )
}

/// The share message of `code`, from the user's template (or the language's default).
pub fn message_of(state: &AppState, code: &Code, now: DateTime<Utc>) -> String {
    handover::message(
        state.handover().template.as_deref(),
        &handover_of(state, code, now),
    )
}

/// The paper chosen last for slips.
pub fn slip_size(state: &AppState) -> SlipSize {
    state
        .handover()
        .slip_size
        .as_deref()
        .and_then(SlipSize::from_name)
        .unwrap_or_default()
}

/// The command that makes `code`'s slip on the chosen paper and does `then` with it.
pub fn slip_command(
    state: &AppState,
    code: &Code,
    now: DateTime<Utc>,
    then: SlipAction,
) -> Command {
    let handover = handover_of(state, code, now);
    let qr_text = handover::message(state.handover().template.as_deref(), &handover);
    Command::MakeSlip {
        handover: Box::new(handover),
        qr_text,
        size: slip_size(state),
        then,
    }
}

/// Whether a code in this state can be handed over: only one that opens the door.
pub fn can_hand_over(status: CodeStatus) -> bool {
    status.is_valid()
}

/// Whether a code can be extended (extended): one that works, or one that expired but is still listed.
pub fn can_extend(status: CodeStatus) -> bool {
    matches!(
        status,
        CodeStatus::Active | CodeStatus::ExpiringSoon | CodeStatus::Expired
    )
}

/// The slip's menu: open, print, save as, and the paper (remembered for the next slip). Answers the command the
/// user chose.
pub fn slip_menu(
    ui: &mut Ui,
    state: &AppState,
    code: &Code,
    now: DateTime<Utc>,
    enabled: bool,
) -> Option<Command> {
    let mut command = None;
    ui.add_enabled_ui(enabled, |ui| {
        ui.menu_button(t!("slip-menu"), |ui| {
            command = slip_menu_items(ui, state, code, now);
        })
    })
    .inner
    .response
    .on_disabled_hover_text(t!("handover-dead-code"));
    command
}

fn slip_menu_items(
    ui: &mut Ui,
    state: &AppState,
    code: &Code,
    now: DateTime<Utc>,
) -> Option<Command> {
    let mut command = None;
    let size = slip_size(state);
    for (label, then) in [
        (t!("slip-open"), SlipAction::Open),
        (t!("slip-print"), SlipAction::Print),
        (t!("slip-save-as"), SlipAction::SaveAs),
    ] {
        if ui.button(label).clicked() {
            command = Some(slip_command(state, code, now, then));
        }
    }
    ui.separator();
    ui.label(
        RichText::new(t!("slip-paper"))
            .small()
            .color(theme::palette(ui).muted),
    );
    let mut chosen = size;
    for paper in SlipSize::ALL {
        ui.radio_value(&mut chosen, paper, paper.label());
    }
    if chosen != size {
        command = Some(Command::Remember(SettingsChange::Handover(
            HandoverSettings {
                slip_size: Some(chosen.name().to_owned()),
                ..state.handover().clone()
            },
        )));
    }
    command
}

/// A row's menu: copy the message or the code (at once), the QR code, the slip, Extend, Revoke. `key` names the
/// code and its account.
pub fn row_menu_items(
    ui: &mut Ui,
    state: &AppState,
    key: CodeKey,
    code: &Code,
    now: DateTime<Utc>,
) -> Vec<Action> {
    let status = CodeStatus::at(code, now);
    // A code the server sent without its value has nothing to hand out.
    let usable = can_hand_over(status) && code.code_value().is_some();
    let mut choice = Vec::new();
    ui.set_min_width(180.0);
    let dead = if code.code_value().is_none() {
        t!("code-value-missing")
    } else {
        t!("handover-dead-code")
    };
    if ui
        .add_enabled(usable, egui::Button::new(t!("copy-message")))
        .on_disabled_hover_text(dead)
        .clicked()
    {
        ui.ctx().copy_text(message_of(state, code, now));
    }
    if ui
        .add_enabled(usable, egui::Button::new(t!("copy-code")))
        .on_disabled_hover_text(dead)
        .clicked()
    {
        ui.ctx()
            .copy_text(code.code_value().unwrap_or_default().to_owned());
    }
    if ui
        .add_enabled(usable, egui::Button::new(t!("show-qr-menu")))
        .on_disabled_hover_text(dead)
        .clicked()
    {
        choice.push(Action::Show(Show::Qr(key)));
    }
    ui.add_enabled_ui(usable, |ui| {
        ui.menu_button(t!("slip-menu"), |ui| {
            if let Some(command) = slip_menu_items(ui, state, code, now) {
                choice.push(slip_action(key, command));
            }
        })
    })
    .inner
    .response
    .on_disabled_hover_text(dead);
    if ui
        .add_enabled(usable, egui::Button::new(t!("mail-send-button")))
        .on_disabled_hover_text(dead)
        .clicked()
    {
        choice.push(Action::Show(Show::Email(key)));
    }
    ui.separator();
    if ui
        // A new code needs the door: one whose intercom the server did not name cannot be extended.
        .add_enabled(
            can_extend(status) && code.intercom.is_some(),
            egui::Button::new(t!("extend")),
        )
        .on_hover_text(t!("extend-hint"))
        .clicked()
    {
        choice.push(Action::Show(Show::Extend(key)));
    }
    let revoke = RichText::new(t!("revoke")).color(theme::palette(ui).error);
    if ui.button(revoke).clicked() {
        choice.push(Action::Show(Show::Question(Question::Revoke(vec![key]))));
    }
    choice
}

/// What a slip's menu asked: a slip made, or the paper kept (every account's, as the settings are).
pub fn slip_action(key: CodeKey, command: Command) -> Action {
    match command {
        Command::Remember(change) => Action::remember(change),
        command => Action::send(key.account, command),
    }
}

/// The QR code of a row's message, large, with the message under it: for the visitor's phone.
#[derive(Debug)]
pub struct QrDialog {
    pub key: CodeKey,
}

impl Modal for QrDialog {
    fn show(
        &mut self,
        ctx: &egui::Context,
        accounts: &Accounts,
        now: DateTime<Utc>,
    ) -> Vec<Action> {
        let close = Action::Show(Show::Close);
        let found = accounts.open_code(self.key);
        let Some((state, code)) = found else {
            // Revoked meanwhile (here or elsewhere), or its account gone: nothing to show any more.
            return vec![close];
        };
        let usable = can_hand_over(CodeStatus::at(code, now));
        let mut close_clicked = false;
        let modal = egui::Modal::new(egui::Id::unique("visitor-desk-qr")).show(ctx, |ui| {
            let side = (ctx.content_rect().height() * 0.45).clamp(160.0, 320.0);
            ui.set_width(side.max(300.0));
            // One line, cut with an ellipsis (the whole title on hover): a visitor's title can be 255 characters.
            let title = t!(
                "qr-dialog-title",
                code = crate::domain::shown_value(code),
                title = displayable(ui, &code.title).as_ref()
            );
            super::a11y::name_dialog(ui, &title);
            ui.add(egui::Label::new(RichText::new(title).heading()).truncate());
            ui.add_space(space::S);
            let message = message_of(state, code, now);
            ui.vertical_centered(|ui| qr_code(ui, &message, side, usable));
            ui.add_space(space::S);
            // The message scrolls when it is long, so that the buttons stay on screen.
            egui::ScrollArea::vertical()
                .max_height((ctx.content_rect().height() * 0.2).max(48.0))
                .show(ui, |ui| {
                    ui.add(
                        egui::Label::new(RichText::new(&message).color(theme::palette(ui).muted))
                            .wrap(),
                    );
                });
            ui.add_space(space::M);
            ui.horizontal(|ui| {
                copy_button(ui, usable, t!("copy-message"), &message, false);
                if ui.button(t!("close")).clicked() {
                    close_clicked = true;
                }
            });
        });
        if close_clicked || modal.should_close() {
            vec![close]
        } else {
            Vec::new()
        }
    }
}
