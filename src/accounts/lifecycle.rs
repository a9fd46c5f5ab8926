//! How the window's accounts come and go: an account's events (signed in, signed out by the user or ended by its
//! server, not resumed, the settings read), one added beside the others (and given up), one signed out while the
//! others stay, the accounts open last time started again, an account signed in twice, and what the window
//! forgets when the last one goes.

use chrono::{DateTime, Utc};

use super::{Account, AccountId, Accounts, Effects, Identity, Phase};
use crate::messages::Resume;
use crate::messages::{Command, Event, SignInRequest};
use crate::settings::SettingsChange;
use crate::state::{Notice, NoticeKind, UiEffect};
use crate::t;

/// What an event means for its account's place in the window.
enum Turn {
    SignedIn,
    /// `by_server`: the server ended the session (not a sign-out asked here).
    SignedOut {
        by_server: bool,
    },
    /// A sign-in or a resume came to nothing.
    NotSignedIn,
    /// The settings file was read.
    Remembered,
    None,
}

impl Turn {
    fn of(event: &Event) -> Self {
        match event {
            Event::SignedIn { .. } => Turn::SignedIn,
            Event::SignedOut { reason } => Turn::SignedOut {
                by_server: reason.is_some(),
            },
            Event::NotResumed { .. } | Event::SignInFailed(_) => Turn::NotSignedIn,
            Event::Remembered(_) => Turn::Remembered,
            _ => Turn::None,
        }
    }
}

impl Accounts {
    /// What `id`'s backend reported (an account no longer here is past hearing it).
    pub fn apply(&mut self, id: AccountId, event: Event, now: DateTime<Utc>) -> Effects {
        let mut effects = Effects::default();
        let turn = Turn::of(&event);
        let Some(account) = self.get_mut(id) else {
            return effects;
        };
        let was = account.identity();
        let asked = account.state.apply(event, now);
        match turn {
            Turn::SignedIn => self.signed_in(id, &mut effects),
            Turn::SignedOut { by_server } => self.signed_out(id, was, by_server, &mut effects),
            Turn::NotSignedIn => self.not_signed_in(id, &mut effects),
            Turn::Remembered => self.reopen_accounts(id, &mut effects),
            Turn::None => {}
        }
        // What the state asked, as the window stands after the event (who is open, whose the sign-in screen is).
        self.take(id, asked, &mut effects);
        self.follow(&mut effects);
        effects
    }

    /// Signed in: open, unless the same account is open already (then this one goes, and the window says so);
    /// a form the server's end of that account's session interrupted is offered back.
    fn signed_in(&mut self, id: AccountId, effects: &mut Effects) {
        let Some(account) = self.get_mut(id) else {
            return;
        };
        let reopened = account.phase == Phase::SigningIn { reopened: true };
        account.phase = Phase::Open;
        let Some(who) = account.identity() else {
            return;
        };
        if let Some(twin) = self.signed_in_as(&who, id) {
            // The one signed in first stays; the other's backend stops (its session stays kept).
            let (stays, goes) = (twin.min(id), twin.max(id));
            self.remove(goes, effects);
            self.focus = stays;
            if !reopened {
                effects.ui.push((
                    stays,
                    UiEffect::Notice(Notice {
                        kind: NoticeKind::Info,
                        text: t!("account-already-open").to_owned(),
                        detail: None,
                        said_apart: false,
                    }),
                ));
            }
            if goes == id {
                return;
            }
        }
        if self.unsent.as_ref().is_some_and(|(whose, _)| *whose == who)
            && let Some((_, unsent)) = self.unsent.take()
        {
            effects.ui.push((id, UiEffect::OfferUnsent(unsent)));
        }
    }

    /// The open account, other than `except`, signed in as `who`.
    fn signed_in_as(&self, who: &Identity, except: AccountId) -> Option<AccountId> {
        self.open()
            .find(|account| account.id != except && account.identity().as_ref() == Some(who))
            .map(|account| account.id)
    }

    /// Signed out: an account leaving goes; one the server ended stays as a group that says so; the window
    /// stays on the accounts still open, and the sign-in screen is for this one only when none is.
    fn signed_out(
        &mut self,
        id: AccountId,
        was: Option<Identity>,
        by_server: bool,
        effects: &mut Effects,
    ) {
        let Some(account) = self.get_mut(id) else {
            return;
        };
        let was_open = account.phase == Phase::Open;
        if account.phase == Phase::Leaving && self.accounts.len() > 1 {
            self.remove(id, effects);
            return;
        }
        let Some(account) = self.get_mut(id) else {
            return;
        };
        account.phase = match was {
            Some(who) if by_server && was_open => Phase::Ended(who),
            _ => Phase::SigningIn { reopened: false },
        };
        if was_open {
            effects.ui.push((id, UiEffect::SessionEnded { by_server }));
        }
        let next_open = self.open().next().map(|account| account.id);
        match next_open {
            // The others stay on screen: this account is a group that says it was signed out.
            Some(next) if self.focus == id => self.focus = next,
            Some(_) => {}
            // None is left: the sign-in screen is for this one, filled with who it was.
            None => {
                self.focus = id;
                if let Some(Phase::Ended(who)) = self.get(id).map(|account| account.phase.clone()) {
                    effects.ui.push((
                        id,
                        UiEffect::SignInFor {
                            server: who.server,
                            login: who.login,
                        },
                    ));
                }
            }
        }
    }

    /// An account of last time that could not be resumed goes quietly.
    fn not_signed_in(&mut self, id: AccountId, effects: &mut Effects) {
        if self
            .get(id)
            .is_some_and(|account| account.phase == Phase::SigningIn { reopened: true })
        {
            self.remove(id, effects);
        }
    }

    /// Once the first account has read the settings: the accounts open together last time start again beside
    /// it, each resuming its kept sign-in.
    fn reopen_accounts(&mut self, id: AccountId, effects: &mut Effects) {
        if self.reopened || !self.can_add || id != self.focus {
            return;
        }
        let Some(first) = self.state(id) else {
            return;
        };
        if first.profiles().is_empty() {
            return;
        }
        let resumed_by_first = first.profile().map(|profile| profile.name.clone());
        let keys: Vec<_> = first
            .open_accounts()
            .iter()
            .filter(|name| Some(*name) != resumed_by_first.as_ref())
            .filter_map(|name| first.profiles().iter().find(|p| &p.name == name))
            .map(crate::settings::Profile::token_key)
            .collect();
        self.reopened = true;
        for key in keys {
            self.start(
                Phase::SigningIn { reopened: true },
                Resume::Account(key),
                effects,
            );
        }
    }

    /// Starts another account's backend; its id.
    fn start(&mut self, phase: Phase, resume: Resume, effects: &mut Effects) -> AccountId {
        let id = AccountId(self.next);
        self.next += 1;
        self.accounts.push(Account::new(id, phase));
        effects.start.push((id, resume));
        id
    }

    /// An account leaves the window (its backend stops; a session still signed in stays kept for the next
    /// start). The last one stays: the window always has an account to sign in with.
    fn remove(&mut self, id: AccountId, effects: &mut Effects) {
        if self.accounts.len() == 1 || self.get(id).is_none() {
            return;
        }
        self.accounts.retain(|account| account.id != id);
        effects.stop.push(id);
        if self.focus == id {
            let next = self.open().next().unwrap_or(&self.accounts[0]).id;
            self.focus = next;
        }
    }

    /// The sign-in screen for `id`: an account the server signed out is filled in with who it was.
    pub(super) fn focus_on(&mut self, id: AccountId, effects: &mut Effects) {
        let Some(phase) = self.get(id).map(|account| account.phase.clone()) else {
            return;
        };
        self.focus = id;
        if let Phase::Ended(who) = phase {
            effects.ui.push((
                id,
                UiEffect::SignInFor {
                    server: who.server,
                    login: who.login,
                },
            ));
        }
    }

    /// A new account beside the others: the sign-in screen, empty, for it; or signed in to at once.
    pub(super) fn add_account(&mut self, sign_in: Option<SignInRequest>, effects: &mut Effects) {
        if !self.can_add {
            return;
        }
        let id = self.start(
            Phase::SigningIn { reopened: false },
            Resume::Nothing,
            effects,
        );
        match sign_in {
            Some(request) => self.command(id, Command::SignIn(request), effects),
            None => {
                self.focus = id;
                effects.ui.push((
                    id,
                    UiEffect::SignInFor {
                        server: String::new(),
                        login: String::new(),
                    },
                ));
            }
        }
    }

    /// The sign-in screen is left for the accounts open: one being added goes; one the server ended stays as its
    /// group, which says so.
    pub(super) fn give_up_adding(&mut self, effects: &mut Effects) {
        let Some(next) = self.open().next().map(|account| account.id) else {
            return;
        };
        let id = self.focus;
        match self.get(id).map(|account| &account.phase) {
            Some(Phase::SigningIn { .. }) => self.remove(id, effects),
            Some(Phase::Ended(_)) => {}
            _ => return,
        }
        self.focus = next;
    }

    /// Signs out of one account; the others stay signed in. The last one signs out as the window always did.
    pub(super) fn sign_out(&mut self, id: AccountId, effects: &mut Effects) {
        let others = self.open().any(|other| other.id != id);
        if others && let Some(leaving) = self.get_mut(id) {
            leaving.phase = Phase::Leaving;
            let next = self.open().next().map(|account| account.id);
            if self.focus == id
                && let Some(next) = next
            {
                self.focus = next;
            }
        }
        self.command(id, Command::SignOut, effects);
    }

    /// After every input: when the accounts open change, the sign-in form keeps no password, the main window
    /// starts afresh once none is left, and the settings keep which are open together (once the accounts of last
    /// time have all been tried again, else the first one back would be kept alone).
    pub(super) fn follow(&mut self, effects: &mut Effects) {
        let reopening = self
            .accounts
            .iter()
            .any(|account| account.phase == Phase::SigningIn { reopened: true });
        let reopened_now = self.reopening_before && !reopening;
        self.reopening_before = reopening;
        // Compared in place first: an input that changes nothing here allocates nothing.
        let open = || {
            self.accounts
                .iter()
                .filter(|account| account.is_open())
                .filter_map(|account| Some((account.id, account.state.session.as_ref()?)))
        };
        let unchanged = open().count() == self.open_before.len()
            && open()
                .zip(&self.open_before)
                .all(|((id, session), (was, who))| {
                    id == *was && session.server == who.server && session.user.login == who.login
                });
        if unchanged && !reopened_now {
            return;
        }
        if !unchanged {
            self.open_before = self
                .open()
                .filter_map(|account| Some((account.id, account.identity()?)))
                .collect();
            effects.ui.push((self.focus, UiEffect::ForgetSecrets));
            if self.open_before.is_empty() {
                effects.ui.push((self.focus, UiEffect::NoAccountOpen));
            }
        }
        if self.reopened && !reopening {
            let profiles: Vec<String> = self
                .open()
                .filter_map(|account| account.state.profile().map(|p| p.name.clone()))
                .collect();
            if !profiles.is_empty() {
                self.remember(SettingsChange::OpenAccounts(profiles), effects);
            }
        }
    }
}

impl Account {
    /// Whether the window should say this account is signed out (its server ended it).
    pub fn is_ended(&self) -> bool {
        matches!(self.phase, Phase::Ended(_))
    }
}
