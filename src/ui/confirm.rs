//! Confirmations: a modal dialog that says what will happen and what may go wrong. Enter confirms, Esc (or a
//! click beside the dialog) cancels.

use chrono::{DateTime, Utc};
use egui::{Key, Modifiers, RichText};

use super::action::{Action, CreateWarning, Modal, Question, Show};
use super::theme::{self, space};
use super::widgets::{Tone, displayable, message_box, primary_button};
use crate::accounts::{AccountId, Accounts};
use crate::domain::CodeStatus;
use crate::messages::Command;
use crate::new_code::NewCode;
use crate::state::{AppState, CodeKey};
use crate::t;
use aipix_client::api::Intercom;

/// How many codes a revoke confirmation names before it says "and N more".
const LIST_LIMIT: usize = 15;

/// An open confirmation.
#[derive(Debug)]
pub struct Dialog {
    pub question: Question,
    /// Whether it was drawn before: the Enter that opened it must not also confirm it.
    armed: bool,
}

/// The ways out of a dialog: the confirming button (when there is one: a refused door has none) and what it
/// asks for, and the button that closes it without a word.
struct Answers {
    confirm: Option<(String, Vec<Action>)>,
    dismiss: &'static str,
}

impl Answers {
    fn confirm(label: String, actions: Vec<Action>) -> Self {
        Self {
            confirm: Some((label, actions)),
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
    pub fn new(question: Question) -> Self {
        Self {
            question,
            armed: false,
        }
    }

    /// Whether the question is still about something there is: the accounts it names are open.
    pub fn stands(&self, accounts: &Accounts) -> bool {
        let open = |id: AccountId| accounts.get(id).is_some_and(|account| account.is_open());
        match &self.question {
            Question::Revoke(keys) => keys.iter().any(|key| open(key.account)),
            Question::OpenDoor { account, .. } | Question::CreateAnyway { account, .. } => {
                open(*account)
            }
        }
    }
}

impl Modal for Dialog {
    /// Draws the dialog; closes it with what was confirmed (nothing when cancelled). Enter takes the confirming
    /// button, or closes a dialog that has none.
    fn show(
        &mut self,
        ctx: &egui::Context,
        accounts: &Accounts,
        now: DateTime<Utc>,
    ) -> Vec<Action> {
        if !self.stands(accounts) {
            // Its account has gone: so has the question.
            return vec![Action::Show(Show::Close)];
        }
        let armed = std::mem::replace(&mut self.armed, true);
        let mut decision: Option<Vec<Action>> = None;
        let modal = egui::Modal::new(egui::Id::unique("visitor-desk-confirm")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            let enter =
                armed && ui.input_mut(|input| input.consume_key(Modifiers::NONE, Key::Enter));
            let answers = match &self.question {
                Question::Revoke(keys) => revoke(ui, accounts, keys, now),
                Question::OpenDoor {
                    account,
                    intercom,
                    call,
                } => {
                    account_line(ui, accounts, *account);
                    open_door(ui, accounts, *account, *intercom, *call)
                }
                Question::CreateAnyway {
                    account,
                    code,
                    warnings,
                } => {
                    account_line(ui, accounts, *account);
                    create_anyway(ui, *account, code, warnings)
                }
            };
            ui.add_space(space::M);
            ui.horizontal(|ui| {
                if let Some((label, actions)) = answers.confirm {
                    let clicked = button(ui, &self.question, label).clicked();
                    if clicked || enter {
                        decision = Some(actions);
                    }
                } else if enter {
                    decision = Some(Vec::new());
                }
                if ui.button(answers.dismiss).clicked() {
                    decision = Some(Vec::new());
                }
            });
        });
        if decision.is_none() && modal.should_close() {
            decision = Some(Vec::new());
        }
        decision.map_or_else(Vec::new, |mut actions| {
            actions.push(Action::Show(Show::Close));
            actions
        })
    }
}

/// Whose door or code the question is about, when the window shows several accounts.
fn account_line(ui: &mut egui::Ui, accounts: &Accounts, account: AccountId) {
    if accounts.several() {
        let name = accounts.name(account);
        ui.label(
            RichText::new(t!(
                "confirm-account",
                account = displayable(ui, &name).as_ref()
            ))
            .color(theme::palette(ui).muted),
        );
    }
}

/// The confirming button: red for what cannot be undone, the accent colour otherwise.
fn button(ui: &mut egui::Ui, question: &Question, label: String) -> egui::Response {
    match question {
        Question::Revoke(_) => {
            let color = theme::palette(ui).error;
            ui.button(RichText::new(label).color(color).strong())
        }
        _ => primary_button(ui, true, &label),
    }
}

/// The revoke question, naming what goes (each account's codes under its name, when they are of several):
/// codes that still open the door stop at once; expired ones open none already, and only stop counting against
/// their account. One answer revokes them all, each at its own account.
fn revoke(ui: &mut egui::Ui, accounts: &Accounts, keys: &[CodeKey], now: DateTime<Utc>) -> Answers {
    let mut by_account: Vec<(AccountId, Vec<&aipix_client::api::Code>)> = Vec::new();
    for key in keys {
        let Some(code) = accounts.code(*key) else {
            continue;
        };
        match by_account
            .iter_mut()
            .find(|(account, _)| *account == key.account)
        {
            Some((_, codes)) => codes.push(code),
            None => by_account.push((key.account, vec![code])),
        }
    }
    let codes: Vec<_> = by_account
        .iter()
        .flat_map(|(_, codes)| codes.iter())
        .collect();
    let working = codes
        .iter()
        .filter(|code| CodeStatus::at(code, now).is_valid())
        .count();
    // The exact number 1 picks "this code", not the plural category "one" (which in Russian takes 21 too).
    super::a11y::dialog_heading(ui, t!("confirm-revoke-title", count = codes.len()));
    ui.label(if working == 0 {
        t!("confirm-revoke-body-expired", count = codes.len())
    } else {
        t!("confirm-revoke-body", count = codes.len())
    });
    let mut listed = 0;
    for (account, codes) in &by_account {
        if accounts.several() {
            account_line(ui, accounts, *account);
        }
        for code in codes.iter().take(LIST_LIMIT.saturating_sub(listed)) {
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
            listed += 1;
        }
    }
    if codes.len() > LIST_LIMIT {
        ui.label(t!("confirm-revoke-more", count = codes.len() - LIST_LIMIT));
    }
    let actions = by_account
        .iter()
        .map(|(account, codes)| {
            Action::send(
                *account,
                Command::RevokeCodes {
                    ids: codes.iter().map(|code| code.id).collect(),
                },
            )
        })
        .collect();
    Answers::confirm(t!("confirm-revoke-button", count = codes.len()), actions)
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
fn open_door(
    ui: &mut egui::Ui,
    accounts: &Accounts,
    account: AccountId,
    id: u64,
    call: Option<u64>,
) -> Answers {
    let Some(state) = accounts.state(account) else {
        return Answers::only_close();
    };
    let Some(intercom) = state.intercom(id) else {
        ui.label(t!("door-gone"));
        return Answers::only_close();
    };
    let title = displayable(ui, &intercom.title).into_owned();
    super::a11y::dialog_heading(ui, t!("door-title", intercom = title.as_str()));
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
    let open = vec![Action::send(
        account,
        Command::OpenDoor { intercom: id, call },
    )];
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

fn create_anyway(
    ui: &mut egui::Ui,
    account: AccountId,
    code: &NewCode,
    warnings: &[CreateWarning],
) -> Answers {
    super::a11y::dialog_heading(ui, t!("confirm-create-title"));
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
    let create = crate::accounts::Action::Create {
        account,
        code: code.clone(),
    };
    Answers::confirm(
        t!("confirm-create-button").to_owned(),
        vec![Action::Accounts(create)],
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
