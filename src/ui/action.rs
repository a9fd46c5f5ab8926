//! What a screen answers. Every screen, and every part of one (the new-code form, the codes table, the calls, a
//! dialog), draws from the accounts model by shared reference and returns `Vec<Action>`; the app carries them out
//! after the screen is drawn (rerun's `SystemCommand`, halloy's child-returns-event). Each action names the account
//! it is for, so none depends on which account a click focused before. Nothing travels through a field or through
//! egui's memory.

use crate::accounts::{self, AccountId};
use crate::journal::ExportFormat;
use crate::messages::Command;
use crate::new_code::NewCode;
use crate::settings::SettingsChange;
use crate::state::CodeKey;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// For the window's accounts: the model acts on it ([`accounts::Accounts::act`]).
    Accounts(accounts::Action),
    /// A dialog over the main screen, or the new-code form readied (the main screen takes these itself).
    Show(Show),
    /// The History screen, on this account's journal.
    OpenHistory(AccountId),
    /// Save the codes as the main screen shows them (its group or intercom, search, filter and order).
    ExportCodes(ExportFormat),
    /// Speak this language from now on (`None`: the operating system's), and remember it.
    SetLanguage(Option<String>),
}

impl Action {
    /// Send `command` to `account`'s backend as it is.
    pub fn send(account: AccountId, command: Command) -> Self {
        Action::Accounts(accounts::Action::Send { account, command })
    }

    /// Keep a change of the settings (every account shows it at once).
    pub fn remember(change: SettingsChange) -> Self {
        Action::Accounts(accounts::Action::Remember(change))
    }
}

/// What the main screen opens over itself, or readies.
#[derive(Debug, Clone, PartialEq)]
pub enum Show {
    /// Ask before doing what cannot be undone, or may not work.
    Question(Question),
    /// A code's share message as a QR code, large.
    Qr(CodeKey),
    /// Extend a code (a new one with a later expiry in its place).
    Extend(CodeKey),
    /// What a visitor does at this intercom's door.
    Instructions { account: AccountId, intercom: u64 },
    /// The share message's template.
    Template,
    /// The new-code form on this door, the title filled in when one is given (a call's "Make code"), the keyboard
    /// in it.
    NewCode {
        account: AccountId,
        intercom: u64,
        title: Option<String>,
    },
    /// The Sessions view of this account.
    Sessions(AccountId),
    /// Today's expected visitors of this account.
    Today(AccountId),
    /// Send a code by e-mail.
    Email(CodeKey),
    /// The mail server settings of this account.
    MailSettings(AccountId),
    /// The dialog open closes.
    Close,
}

/// What a confirmation asks.
#[derive(Debug, Clone, PartialEq)]
pub enum Question {
    /// Revoke these codes, of one account or several: one question, each account's codes under its name.
    Revoke(Vec<CodeKey>),
    /// Open a door; `call`: the call it answers, when a call's button asked.
    OpenDoor {
        account: AccountId,
        intercom: u64,
        call: Option<u64>,
    },
    /// A code that may not do what the visitor needs: asked for only when confirmed.
    CreateAnyway {
        account: AccountId,
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

/// A dialog over the main screen: drawn each frame from the accounts model, answering what the user asked of it
/// ([`Show::Close`] among them once it closes).
pub trait Modal {
    fn show(
        &mut self,
        ctx: &egui::Context,
        accounts: &accounts::Accounts,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Vec<Action>;
}
