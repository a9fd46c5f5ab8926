//! Confirmations: a modal dialog that says what will happen and what may go wrong. Enter confirms, Esc (or a
//! click beside the dialog) cancels.

use chrono::{DateTime, Utc};
use egui::{Key, Modifiers, RichText};

use super::action::{Action, Modal, ModalAnswer, NewCode};
use super::theme::{self, space};
use super::widgets::{Tone, displayable, message_box, primary_button};
use crate::domain::CodeStatus;
use crate::messages::Command;
use crate::state::AppState;
use crate::t;
use aipix_client::api::Intercom;

/// How many codes a revoke confirmation names before it says "and N more".
const LIST_LIMIT: usize = 15;

/// What is to be confirmed.
#[derive(Debug, Clone, PartialEq)]
pub enum Confirm {
    Revoke(Vec<u64>),
    /// Open a door; `call`: the call it answers, when a call's button asked.
    OpenDoor {
        intercom: u64,
        call: Option<u64>,
    },
    /// A code that may not do what the visitor needs: asked for only when confirmed.
    CreateAnyway {
        code: NewCode,
        warnings: Vec<CreateWarning>,
    },
}

/// Why a new code asks first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreateWarning {
    /// Valid for longer than the usual limit (a setting).
    LongExpiry { days: i64, limit: u32 },
    /// Its intercom is not confirmed: the server may refuse it, or the door ignore it.
    NotConfirmed { intercom: String },
    /// Its intercom is offline: it may not learn of the code until it is back.
    Offline { intercom: String },
}

/// An open confirmation.
#[derive(Debug)]
pub struct Dialog {
    pub confirm: Confirm,
    /// Whose codes or door it is about, when the window has several accounts.
    pub account: Option<String>,
    /// Whether it was drawn before: the Enter that opened it must not also confirm it.
    armed: bool,
}

/// The ways out of a dialog: the confirming button (when there is one: a refused door has none) and what it
/// asks for, and the button that closes it without a word.
struct Answers {
    confirm: Option<(String, Action)>,
    dismiss: &'static str,
}

impl Answers {
    fn confirm(label: String, action: Action) -> Self {
        Self {
            confirm: Some((label, action)),
            dismiss: t!("cancel"),
        }
    }

    fn only_close() -> Self {
        Self {
            confirm: None,
            dismiss: t!("close"),
        }
    }
}

/// How an intercom's door can be opened, as far as this desk knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DoorState {
    Ready,
    Offline,
    Unknown,
    NotConfirmed,
}

impl Dialog {
    pub fn new(confirm: Confirm) -> Self {
        Self {
            confirm,
            account: None,
            armed: false,
        }
    }
}

impl Modal for Dialog {
    /// Draws the dialog; closes it with what was confirmed (nothing when cancelled). Enter takes the confirming
    /// button, or closes a dialog that has none.
    fn show(&mut self, ctx: &egui::Context, state: &AppState, now: DateTime<Utc>) -> ModalAnswer {
        let armed = std::mem::replace(&mut self.armed, true);
        let mut decision: Option<ModalAnswer> = None;
        let modal = egui::Modal::new(egui::Id::unique("visitor-desk-confirm")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            let enter =
                armed && ui.input_mut(|input| input.consume_key(Modifiers::NONE, Key::Enter));
            if let Some(account) = &self.account {
                ui.label(
                    RichText::new(t!("confirm-account", account = account.as_str()))
                        .color(theme::palette(ui).muted),
                );
            }
            let answers = match &self.confirm {
                Confirm::Revoke(ids) => revoke(ui, state, ids, now),
                Confirm::OpenDoor { intercom, call } => open_door(ui, state, *intercom, *call),
                Confirm::CreateAnyway { code, warnings } => create_anyway(ui, code, warnings),
            };
            ui.add_space(space::M);
            ui.horizontal(|ui| {
                if let Some((label, action)) = answers.confirm {
                    let clicked = button(ui, &self.confirm, label).clicked();
                    if clicked || enter {
                        decision = Some(ModalAnswer::done(action));
                    }
                } else if enter {
                    decision = Some(ModalAnswer::closed());
                }
                if ui.button(answers.dismiss).clicked() {
                    decision = Some(ModalAnswer::closed());
                }
            });
        });
        if decision.is_none() && modal.should_close() {
            decision = Some(ModalAnswer::closed());
        }
        decision.unwrap_or_default()
    }
}

/// The confirming button: red for what cannot be undone, the accent colour otherwise.
fn button(ui: &mut egui::Ui, confirm: &Confirm, label: String) -> egui::Response {
    match confirm {
        Confirm::Revoke(_) => {
            let color = theme::palette(ui).error;
            ui.button(RichText::new(label).color(color).strong())
        }
        _ => primary_button(ui, true, &label),
    }
}

/// The revoke question, naming what goes: codes that still open the door stop at once; expired ones open none
/// already, and only stop counting against the account.
fn revoke(ui: &mut egui::Ui, state: &AppState, ids: &[u64], now: DateTime<Utc>) -> Answers {
    let codes: Vec<_> = ids.iter().filter_map(|id| state.code(*id)).collect();
    let working = codes
        .iter()
        .filter(|code| CodeStatus::at(code, now).is_valid())
        .count();
    ui.heading(t!("confirm-revoke-title", count = codes.len()));
    ui.label(if working == 0 {
        t!("confirm-revoke-body-expired")
    } else {
        t!("confirm-revoke-body")
    });
    for code in codes.iter().take(LIST_LIMIT) {
        let mut line = format!(
            "{} — {} ({})",
            crate::domain::shown_value(code),
            displayable(ui, &code.title),
            displayable(ui, &crate::domain::intercom_name(code))
        );
        if working > 0 && !CodeStatus::at(code, now).is_valid() {
            line = t!("confirm-revoke-expired-line", code = line);
        }
        ui.label(line);
    }
    if codes.len() > LIST_LIMIT {
        ui.label(t!("confirm-revoke-more", count = codes.len() - LIST_LIMIT));
    }
    Answers::confirm(
        t!("confirm-revoke-button", count = codes.len()),
        Action::Send(Command::RevokeCodes {
            ids: codes.iter().map(|code| code.id).collect(),
        }),
    )
}

fn door_state(state: &AppState, intercom: &Intercom) -> DoorState {
    if intercom.is_unconfirmed() {
        DoorState::NotConfirmed
    } else {
        match online_state(state, intercom) {
            None => DoorState::Unknown,
            Some(true) => DoorState::Ready,
            Some(false) => DoorState::Offline,
        }
    }
}

/// The door question: refused for an intercom that is not confirmed, warned for one offline or unknown.
fn open_door(ui: &mut egui::Ui, state: &AppState, id: u64, call: Option<u64>) -> Answers {
    let Some(intercom) = state.intercom(id) else {
        ui.label(t!("door-gone"));
        return Answers::only_close();
    };
    let title = displayable(ui, &intercom.title).into_owned();
    ui.heading(t!("door-title", intercom = title.as_str()));
    let door = door_state(state, intercom);
    let warning = match door {
        DoorState::Ready => None,
        DoorState::Offline => Some((Tone::Warning, t!("door-offline", intercom = title.as_str()))),
        DoorState::Unknown => Some((Tone::Warning, t!("door-unknown", intercom = title.as_str()))),
        DoorState::NotConfirmed => Some((
            Tone::Error,
            t!("door-not-confirmed", intercom = title.as_str()),
        )),
    };
    if let Some((tone, text)) = warning {
        message_box(ui, tone, |ui, color| {
            ui.label(RichText::new(text).color(color))
        });
    }
    let open = Action::Send(Command::OpenDoor { intercom: id, call });
    match door {
        DoorState::NotConfirmed => Answers::only_close(),
        DoorState::Ready => {
            let muted = theme::palette(ui).muted;
            ui.label(RichText::new(t!("door-how-long")).color(muted));
            Answers::confirm(t!("door-open").to_owned(), open)
        }
        DoorState::Offline | DoorState::Unknown => {
            Answers::confirm(t!("door-open-anyway").to_owned(), open)
        }
    }
}

fn create_anyway(ui: &mut egui::Ui, code: &NewCode, warnings: &[CreateWarning]) -> Answers {
    ui.heading(t!("confirm-create-title"));
    for warning in warnings {
        let (tone, text) = match warning {
            CreateWarning::LongExpiry { days, limit } => (
                Tone::Warning,
                t!("confirm-create-long", days = *days, limit = *limit),
            ),
            CreateWarning::NotConfirmed { intercom } => (
                Tone::Error,
                t!(
                    "confirm-create-not-confirmed",
                    intercom = displayable(ui, intercom).as_ref()
                ),
            ),
            CreateWarning::Offline { intercom } => (
                Tone::Warning,
                t!(
                    "confirm-create-offline",
                    intercom = displayable(ui, intercom).as_ref()
                ),
            ),
        };
        message_box(ui, tone, |ui, color| {
            ui.label(RichText::new(text).color(color))
        });
        ui.add_space(space::XS);
    }
    Answers::confirm(
        t!("confirm-create-button").to_owned(),
        Action::Create(code.clone()),
    )
}

/// Whether the intercom's online mark can be trusted now, and what it says: `None` while the live channel is down,
/// or when the server does not say (`is_online` is optional in the vendor's SDKs).
pub fn online_state(state: &AppState, intercom: &Intercom) -> Option<bool> {
    state
        .live
        .is_connected()
        .then_some(intercom.is_online)
        .flatten()
}
