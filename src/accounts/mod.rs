//! The window's accounts as one model, below the screens and with no backend in it: each account's state and where
//! it stands ([`Phase`]), which account the sign-in screen is for, and what the new-code form held when a server
//! ended its account's session. Three inputs change it, and nothing else does: [`Accounts::apply`] an account's
//! event, [`Accounts::act`] what a screen asked, [`Accounts::advance`] the clock. Each answers [`Effects`]: the
//! commands for each account's backend (noted in its state as they leave), the backends to start or stop, and what
//! the window does once. `App` owns the backends and carries the effects out; tests drive the model alone, with no
//! runtime and no window.

mod lifecycle;
#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};

use crate::domain::RequestId;
use crate::messages::Resume;
use crate::messages::{Command, SignInRequest};
use crate::new_code::{Extension, NewCode, Unsent};
use crate::settings::SettingsChange;
use crate::state::{AppState, CodeKey, UiEffect};
use aipix_client::api::Code;

pub use crate::state::AccountId;

/// Who an account is: the server (its base URL) and the login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub server: String,
    pub login: String,
}

/// Where an account of the window stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// Not signed in yet: the sign-in screen is for it, or its kept sign-in is being resumed. `reopened`: the
    /// window had it open last time; it goes quietly if it cannot be resumed.
    SigningIn { reopened: bool },
    /// Signed in: its group, its rows and its status are on the main screen.
    Open,
    /// Its sign-out was asked for while other accounts stay: it goes once its backend has signed out.
    Leaving,
    /// The server ended its session (not a sign-out here): its group says so under its name and offers to sign in
    /// to it again.
    Ended(Identity),
}

/// One account of the window.
#[derive(Debug)]
pub struct Account {
    pub id: AccountId,
    pub state: AppState,
    pub phase: Phase,
}

impl Account {
    fn new(id: AccountId, phase: Phase) -> Self {
        Self {
            id,
            state: AppState::new(),
            phase,
        }
    }

    /// Signed in, and staying.
    pub fn is_open(&self) -> bool {
        self.phase == Phase::Open
    }

    /// Who is signed in, while someone is.
    pub fn identity(&self) -> Option<Identity> {
        self.state.session.as_ref().map(|session| Identity {
            server: session.server.clone(),
            login: session.user.login.clone(),
        })
    }

    /// What the window calls the account: its group's name, while signed in or after the server ended it.
    pub fn name(&self) -> String {
        match &self.phase {
            Phase::Ended(who) => self.state.account_name(&who.server, &who.login),
            _ => self.state.group_name(),
        }
    }
}

/// What an input asks of the rest of the window.
#[derive(Debug, Default, PartialEq)]
pub struct Effects {
    /// Backends to start, each for a new account, resuming what is named.
    pub start: Vec<(AccountId, Resume)>,
    /// Commands, each for one account's backend, in order (each noted in its state already).
    pub commands: Vec<(AccountId, Command)>,
    /// Backends to stop: their accounts have left the window.
    pub stop: Vec<AccountId>,
    /// What the window does once, and whose it is.
    pub ui: Vec<(AccountId, UiEffect)>,
}

impl Effects {
    pub fn is_empty(&self) -> bool {
        self.start.is_empty()
            && self.commands.is_empty()
            && self.stop.is_empty()
            && self.ui.is_empty()
    }

    /// The commands for `account`, in order.
    pub fn commands_for(&self, account: AccountId) -> impl Iterator<Item = &Command> {
        self.commands
            .iter()
            .filter(move |(to, _)| *to == account)
            .map(|(_, command)| command)
    }

    /// What the window is asked to do for `account`, in order.
    pub fn ui_for(&self, account: AccountId) -> impl Iterator<Item = &UiEffect> {
        self.ui
            .iter()
            .filter(move |(to, _)| *to == account)
            .map(|(_, effect)| effect)
    }
}

/// What a screen asks of the window's accounts. Each names the account it is for: nothing depends on which
/// account a click happened to focus before.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Send this command to one account's backend as it is.
    Send {
        account: AccountId,
        command: Command,
    },
    /// Make a code at one account (the model numbers the request, whose answer the form waits for).
    Create { account: AccountId, code: NewCode },
    /// An expected visitor of one account has come: their code is made on `intercom` (titled with the name and
    /// flat, valid until the end of their window), and once made it marks them arrived and the journal links them.
    Arrive {
        account: AccountId,
        visitor: Box<crate::expected::Visitor>,
        intercom: u64,
    },
    /// Extend a code of one account: a new one with a later expiry in its place.
    Extend {
        account: AccountId,
        extension: Extension,
    },
    /// The sign-in screen is for this account from now on (its group's "Sign in again…").
    Focus(AccountId),
    /// Another account beside those open: the sign-in screen for it, or signed in to at once with `sign_in`.
    AddAccount { sign_in: Option<SignInRequest> },
    /// The account being signed in beside the others is not wanted after all: back to them.
    GiveUpAdding,
    /// Sign out of this account; the others stay signed in.
    SignOut(AccountId),
    /// List every open account's codes again.
    RefreshAll,
    /// Keep a change of the settings: every account's state shows it at once, one backend writes it down.
    Remember(SettingsChange),
    /// What the new-code form held for `account` when its server ended the session: offered back when the same
    /// account signs in again, never to another.
    KeepUnsent { account: AccountId, unsent: Unsent },
}

/// The window's accounts, in the order they were added.
#[derive(Debug)]
pub struct Accounts {
    accounts: Vec<Account>,
    /// The account the sign-in screen is for while it is not open; the screens show the open ones either way.
    focus: AccountId,
    next: u32,
    /// More accounts can be started (the window has a way to start their backends).
    can_add: bool,
    /// The accounts open last time have been started again (once, after the settings were read).
    reopened: bool,
    /// What the new-code form held when the server ended its account's session, and whose it was.
    unsent: Option<(Identity, Unsent)>,
    /// The last request number given (a create or an extend waits for the answer to its number).
    last_request: RequestId,
    /// The accounts open at the last look, and who they are: the sign-in form and the settings follow a change.
    open_before: Vec<(AccountId, Identity)>,
    /// Accounts of last time were still being resumed at the last look.
    reopening_before: bool,
}

impl Default for Accounts {
    fn default() -> Self {
        Self::new()
    }
}

impl Accounts {
    /// A window of one account, not signed in yet.
    pub fn new() -> Self {
        let first = AccountId(1);
        Self {
            accounts: vec![Account::new(first, Phase::SigningIn { reopened: false })],
            focus: first,
            next: 2,
            can_add: false,
            reopened: false,
            unsent: None,
            last_request: 0,
            open_before: Vec::new(),
            reopening_before: false,
        }
    }

    /// The window can start more accounts' backends: accounts can be added, and those of last time come back.
    #[must_use]
    pub fn allowing_more(mut self) -> Self {
        self.can_add = true;
        self
    }

    pub fn can_add(&self) -> bool {
        self.can_add
    }

    /// The account the sign-in screen is for (while it is not open).
    pub fn focus(&self) -> AccountId {
        self.focus
    }

    pub fn focused(&self) -> &Account {
        self.get(self.focus).unwrap_or(&self.accounts[0])
    }

    pub fn get(&self, id: AccountId) -> Option<&Account> {
        self.accounts.iter().find(|account| account.id == id)
    }

    fn get_mut(&mut self, id: AccountId) -> Option<&mut Account> {
        self.accounts.iter_mut().find(|account| account.id == id)
    }

    pub fn state(&self, id: AccountId) -> Option<&AppState> {
        self.get(id).map(|account| &account.state)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Account> {
        self.accounts.iter()
    }

    /// The accounts signed in and staying, in order.
    pub fn open(&self) -> impl Iterator<Item = &Account> {
        self.accounts.iter().filter(|account| account.is_open())
    }

    /// Whether the window shows more than one account (then it names them).
    pub fn several(&self) -> bool {
        self.open().nth(1).is_some()
    }

    /// Each open account's state, for views across them.
    pub fn states(&self) -> Vec<(AccountId, &AppState)> {
        self.open()
            .map(|account| (account.id, &account.state))
            .collect()
    }

    pub fn code(&self, key: CodeKey) -> Option<&Code> {
        self.state(key.account).and_then(|state| state.code(key.id))
    }

    /// The state of `id` while it is signed in and staying: what a view of one account is drawn from (a view
    /// whose account has gone closes).
    pub fn open_state(&self, id: AccountId) -> Option<&AppState> {
        self.get(id)
            .filter(|account| account.is_open())
            .map(|account| &account.state)
    }

    /// A code of an open account, with that account's state.
    pub fn open_code(&self, key: CodeKey) -> Option<(&AppState, &Code)> {
        let state = self.open_state(key.account)?;
        Some((state, state.code(key.id)?))
    }

    /// What the window calls `id` (its group's name); empty for an account it does not hold.
    pub fn name(&self, id: AccountId) -> String {
        self.get(id).map(Account::name).unwrap_or_default()
    }

    /// The account a new code goes to when nothing says otherwise: the first open one whose server answered its
    /// listing (one whose server is down holds no door to make a code for), else the first open one.
    pub fn first_for_codes(&self) -> Option<AccountId> {
        self.open()
            .find(|account| account.state.last_sync.is_some() && account.state.sync_error.is_none())
            .or_else(|| self.open().next())
            .map(|account| account.id)
    }

    /// The same door as `intercom` of `account` (same name, address and entrance), as another open account
    /// reaches it with a free slot: that account, its intercom there, and its name.
    pub fn same_door_with_room(
        &self,
        account: AccountId,
        intercom: u64,
    ) -> Option<(AccountId, u64, String)> {
        let door = self.state(account)?.intercom(intercom)?;
        self.open()
            .filter(|other| other.id != account && other.state.has_free_slot())
            .find_map(|other| {
                let same = other.state.intercoms.iter().find(|candidate| {
                    crate::domain::same_door(door, candidate) && candidate.takes_codes()
                })?;
                Some((other.id, same.id, other.name()))
            })
    }

    /// The next moment the clock changes something of some account (a status, a reminder).
    pub fn next_change(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.accounts
            .iter()
            .flat_map(|account| {
                [
                    account.state.next_change(now),
                    account.state.next_alert(now),
                ]
            })
            .flatten()
            .min()
    }

    /// The clock moved: every account's statuses follow it, and the reminders and alerts it brings are due.
    pub fn advance(&mut self, now: DateTime<Utc>) -> Effects {
        let mut effects = Effects::default();
        let ids: Vec<AccountId> = self.accounts.iter().map(|account| account.id).collect();
        for id in ids {
            let Some(account) = self.get_mut(id) else {
                continue;
            };
            account.state.prune(now);
            let due = account.state.tick(now);
            self.take(id, due, &mut effects);
        }
        effects
    }

    /// What a screen asked.
    pub fn act(&mut self, action: Action, now: DateTime<Utc>) -> Effects {
        let mut effects = Effects::default();
        match action {
            Action::Send { account, command } => self.command(account, command, &mut effects),
            Action::Create { account, code } => {
                let request = self.next_request();
                let command = Command::CreateCode {
                    request,
                    intercom: code.intercom,
                    title: code.title,
                    expires_at: code.expires_at,
                };
                self.command(account, command, &mut effects);
            }
            Action::Arrive {
                account,
                visitor,
                intercom,
            } => self.arrive(account, *visitor, intercom, now, &mut effects),
            Action::Extend { account, extension } => {
                let request = self.next_request();
                let command = Command::Extend {
                    request,
                    old: extension.old,
                    intercom: extension.intercom,
                    title: extension.title,
                    expires_at: extension.expires_at,
                    revoke_first: extension.revoke_first,
                };
                self.command(account, command, &mut effects);
            }
            Action::Focus(account) => self.focus_on(account, &mut effects),
            Action::AddAccount { sign_in } => self.add_account(sign_in, &mut effects),
            Action::GiveUpAdding => self.give_up_adding(&mut effects),
            Action::SignOut(account) => self.sign_out(account, &mut effects),
            Action::RefreshAll => {
                let open: Vec<AccountId> = self.open().map(|account| account.id).collect();
                for account in open {
                    self.command(account, Command::Refresh, &mut effects);
                }
            }
            Action::Remember(change) => self.remember(change, &mut effects),
            Action::KeepUnsent { account, unsent } => {
                if let Some(Phase::Ended(who)) = self.get(account).map(|a| a.phase.clone()) {
                    self.unsent = Some((who, unsent));
                }
            }
        }
        self.follow(&mut effects);
        effects
    }

    /// Sends `command` to `account`'s backend, noting it in its state first (what waits on it waits from now).
    /// An expected visitor's code asked for, the visitor noted as waiting on its request.
    fn arrive(
        &mut self,
        account: AccountId,
        visitor: crate::expected::Visitor,
        intercom: u64,
        now: DateTime<Utc>,
        effects: &mut Effects,
    ) {
        let request = self.next_request();
        let command = Command::CreateCode {
            request,
            intercom,
            title: visitor.code_title(),
            expires_at: visitor.code_expiry(now),
        };
        if let Some(target) = self.get_mut(account) {
            target.state.expected.arriving(request, visitor, now);
        }
        self.command(account, command, effects);
    }

    fn command(&mut self, account: AccountId, command: Command, effects: &mut Effects) {
        if matches!(command, Command::Remember(_)) {
            // Every account's state holds the settings file: each shows the change.
            for other in &mut self.accounts {
                if other.id != account {
                    other.state.sent(&command);
                }
            }
        }
        if let Some(target) = self.get_mut(account) {
            target.state.sent(&command);
            effects.commands.push((account, command));
        }
    }

    /// A change of the window's settings: every state shows it, the first open account's backend (else the
    /// focused one's) writes it down.
    fn remember(&mut self, change: SettingsChange, effects: &mut Effects) {
        let writer = self.open().next().map_or(self.focus, |account| account.id);
        self.command(writer, Command::Remember(change), effects);
    }

    fn next_request(&mut self) -> RequestId {
        self.last_request += 1;
        self.last_request
    }

    /// What an account's state asked of the rest of the window, as this window does it: its commands to its own
    /// backend; a notice or a desktop notification naming the account when several are open; the sign-in form's
    /// part only for the account it is for.
    fn take(&mut self, id: AccountId, asked: crate::state::Effects, effects: &mut Effects) {
        let named = self.several() && self.get(id).is_some_and(Account::is_open);
        let name = if named { self.name(id) } else { String::new() };
        for command in asked.commands {
            let command = match command {
                // A storm's summary names its account already.
                Command::Notify(alert)
                    if named
                        && !matches!(*alert, crate::desktop::alerts::Alert::Summary { .. }) =>
                {
                    Command::Notify(Box::new(crate::desktop::alerts::Alert::Of {
                        account: name.clone(),
                        alert,
                    }))
                }
                other => other,
            };
            self.command(id, command, effects);
        }
        let nobody_in = self.open().next().is_none();
        for effect in asked.ui {
            match effect {
                // The account used last fills the form only while no one is signed in: an account added beside
                // others starts from an empty form.
                UiEffect::Prefill(_) if !nobody_in || id != self.focus => {}
                UiEffect::Focus(crate::state::Field::SignIn(_)) if id != self.focus => {}
                // The intercom looked at last is one for the window: the first account's listing opens on it.
                UiEffect::OpenIntercom(_) if id != self.focus => {}
                UiEffect::Notice(mut notice) => {
                    if named {
                        notice.text = format!("{name}: {}", notice.text);
                    }
                    effects.ui.push((id, UiEffect::Notice(notice)));
                }
                other => effects.ui.push((id, other)),
            }
        }
    }
}
