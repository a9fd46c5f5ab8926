//! What a screen asks the app to do. Screens draw from `&AppState` and answer [`Action`]s; the app carries them
//! out after the screen is drawn (rerun's `SystemCommand`, halloy's child-returns-event): it numbers requests,
//! sends commands to the backend (noting them in the state), switches screens and applies the settings menu's
//! choices. No screen reaches past its own fields, and no choice travels through egui's memory.

use chrono::{DateTime, Utc};

use crate::journal::ExportFormat;
use crate::messages::Command;
use crate::settings::ThemeChoice;
use crate::state::DeskId;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Send this command to the focused account's backend as it is.
    Send(Command),
    /// Work with this account from now on: the actions after this one are its.
    Focus(DeskId),
    /// Sign in to another account beside those signed in.
    AddAccount,
    /// The account being added is not wanted after all.
    GiveUpAdding,
    /// Sign out of this account (the others stay signed in).
    SignOut(DeskId),
    /// List every account's codes again.
    RefreshAll,
    /// Make a code (the app numbers the request, whose answer the form waits for).
    Create(NewCode),
    /// Extend a code: a new one with a later expiry in its place (the app numbers the request).
    Extend(Extension),
    /// Show the History screen.
    OpenHistory,
    /// Save the codes as the main screen shows them (its intercom, search, filter and order).
    ExportCodes(ExportFormat),
    /// Speak this language from now on (`None`: the operating system's), and remember it.
    SetLanguage(Option<String>),
    /// Look light or dark from now on, and remember it.
    SetTheme(ThemeChoice),
}

/// A code the new-code form asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCode {
    pub intercom: u64,
    pub title: String,
    pub expires_at: DateTime<Utc>,
}

/// What Extend asks for: a code like `old`, working until `expires_at`.
#[derive(Debug, Clone, PartialEq)]
pub struct Extension {
    pub old: u64,
    pub intercom: u64,
    pub title: String,
    pub expires_at: DateTime<Utc>,
    /// The account is full and the user agreed that the old code goes first.
    pub revoke_first: bool,
}

/// What a dialog answers each frame: what it asks for, and whether it closed. Every dialog over the main screen
/// answers this one shape ([`Modal`]).
#[derive(Debug, Default)]
pub struct ModalAnswer {
    pub actions: Vec<Action>,
    pub closed: bool,
}

impl ModalAnswer {
    pub fn closed() -> Self {
        Self {
            actions: Vec::new(),
            closed: true,
        }
    }

    /// Asks for `action` and closes.
    pub fn done(action: Action) -> Self {
        Self {
            actions: vec![action],
            closed: true,
        }
    }
}

/// A dialog over the main screen: drawn each frame from the state, answering what the user asked of it.
pub trait Modal {
    fn show(
        &mut self,
        ctx: &egui::Context,
        state: &crate::state::AppState,
        now: DateTime<Utc>,
    ) -> ModalAnswer;
}
