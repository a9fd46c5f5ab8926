//! How the window's accounts come and go: one added beside the others (and given up), one signed out while the
//! others stay, the accounts open last time started again, an account signed in twice, and what the sign-in form
//! and the main screen forget when the last one goes.

use super::{AccountStart, App, SignInForm, main_screen};
use crate::backend::Resume;
use crate::messages::{Command, Event};
use crate::state::{DeskId, NoticeKind};
use crate::t;

impl App {
    /// After the events: accounts whose sign-out is done leave, an account signed in twice goes, and the sign-in
    /// form and the main screen follow who is signed in.
    pub(super) fn follow_desks(&mut self) {
        self.reopen_accounts();
        let done: Vec<DeskId> = self
            .desks
            .iter()
            .filter(|desk| desk.leaving && !desk.state.sign_in.busy && !desk.state.is_signed_in())
            .map(|desk| desk.id)
            .collect();
        for desk in done {
            self.desks.remove(desk);
        }
        self.drop_second_sign_ins();
        // Compared in place first: a frame with no change allocates nothing.
        let open = || {
            self.desks
                .open()
                .filter_map(|desk| Some((desk.id, desk.account()?)))
        };
        let unchanged = open().count() == self.signed_in.len()
            && open()
                .zip(&self.signed_in)
                .all(|((id, (server, login)), (was, account))| {
                    id == *was && server == account.0 && login == account.1
                });
        if unchanged {
            return;
        }
        let signed_in: Vec<(DeskId, (String, String))> = open()
            .map(|(id, (server, login))| (id, (server.to_owned(), login.to_owned())))
            .collect();
        // A session that starts or ends leaves no password (nor captcha answer) in the sign-in form.
        self.sign_in.forget_secrets();
        let before = std::mem::replace(&mut self.signed_in, signed_in);
        // An account that left without a sign-out asked here (the server ended it) is remembered by its group, to
        // say whose it was and to sign in to it again.
        for (id, account) in &before {
            if let Some(desk) = self.desks.get_mut(*id)
                && !desk.leaving
                && !desk.state.is_signed_in()
            {
                desk.ended = Some(account.clone());
            }
        }
        for (id, _) in &self.signed_in {
            if let Some(desk) = self.desks.get_mut(*id) {
                desk.ended = None;
            }
        }
        for (_, account) in &self.signed_in {
            if !before.iter().any(|(_, was)| was == account)
                && let Some((unsent_for, unsent)) = self.unsent.take()
            {
                if &unsent_for == account {
                    self.main.form.offer(unsent);
                } else {
                    self.unsent = Some((unsent_for, unsent));
                }
            }
        }
        if self.signed_in.is_empty() {
            // The last one ended: nothing of the main window (a title typed, a search, a selection) stays for the
            // next person. A session the server ended (not a sign-out) keeps what was being typed, for the same
            // account.
            let ended_by_server = self.state().sign_in.notice.is_some();
            let account = before.into_iter().next().map(|(_, account)| account);
            self.unsent = account
                .zip(self.main.form.unsent())
                .filter(|_| ended_by_server);
            self.main = main_screen::MainScreen::default();
        }
        // Kept once the accounts of last time have all been tried again (else the first one back would be kept
        // alone).
        let reopening = self
            .desks
            .iter()
            .any(|desk| desk.reopened && !desk.leaving && !desk.state.is_signed_in());
        if self.reopened && !reopening {
            self.remember_open_accounts();
        }
    }

    /// Tells the settings which accounts are open together, for the next start.
    fn remember_open_accounts(&mut self) {
        let profiles: Vec<String> = self
            .desks
            .open()
            .filter_map(|desk| desk.state.profile().map(|profile| profile.name.clone()))
            .collect();
        let first = self.desks.open().next().map(|desk| desk.id);
        if let Some(first) = first {
            self.send_to(first, Command::RememberOpenAccounts { profiles });
        }
    }

    /// Once the settings are read: the accounts open together last time start again beside the first, each
    /// resuming its kept sign-in (one that cannot be resumed goes quietly).
    fn reopen_accounts(&mut self) {
        if self.reopened || !self.desks.can_add() {
            return;
        }
        let first = &self.desks.focused().state;
        if first.profiles.is_empty() {
            return;
        }
        self.reopened = true;
        let resumed_by_first = first.profile().map(|profile| profile.name.clone());
        let keys: Vec<_> = first
            .open_accounts
            .iter()
            .filter(|name| Some(*name) != resumed_by_first.as_ref())
            .filter_map(|name| first.profiles.iter().find(|p| &p.name == name))
            .map(crate::settings::Profile::token_key)
            .collect();
        for key in keys {
            self.desks.add(Resume::Account(key), true);
        }
    }

    /// An account signed in on two desks keeps the first; the second's backend stops (the session stays kept).
    fn drop_second_sign_ins(&mut self) {
        let twice: Vec<(DeskId, DeskId)> = self
            .desks
            .open()
            .filter_map(|desk| {
                let (server, login) = desk.account()?;
                let first = self.desks.signed_in_as(server, login, desk.id)?;
                (first < desk.id).then_some((desk.id, first))
            })
            .collect();
        for (second, first) in twice {
            let quiet = self.desks.get(second).is_some_and(|desk| desk.reopened);
            self.desks.remove(second);
            self.desks.set_focus(first);
            if !quiet {
                self.toasts.push(
                    crate::state::Notice {
                        kind: NoticeKind::Info,
                        text: t!("account-already-open").to_owned(),
                        detail: None,
                    },
                    self.now,
                );
            }
        }
    }

    /// Whether an event ends a desk that was reopening a past account: it could not be resumed.
    pub(super) fn ends_reopening(event: &Event) -> bool {
        matches!(event, Event::NotResumed { .. } | Event::SignInFailed(_))
    }

    /// A new account beside the others: the sign-in screen, empty, for it.
    pub(super) fn add_account(&mut self) {
        if let Some(desk) = self.desks.add(Resume::Nothing, false) {
            self.desks.set_focus(desk);
            self.sign_in = SignInForm::new("", "");
        }
    }

    /// The account being added is given up: back to the others.
    pub(super) fn give_up_adding(&mut self) {
        let focused = self.desks.focused();
        if !focused.state.is_signed_in() && self.desks.open().next().is_some() {
            let id = focused.id;
            self.desks.remove(id);
        }
    }

    /// Signs out of one account; the others stay signed in. The last one signs out as the window always did.
    pub(super) fn sign_out(&mut self, desk: DeskId) {
        let others = self.desks.open().any(|other| other.id != desk);
        if others && let Some(leaving) = self.desks.get_mut(desk) {
            leaving.leaving = true;
            let next = self.desks.open().next().map(|other| other.id);
            if self.desks.focus() == desk
                && let Some(next) = next
            {
                self.desks.set_focus(next);
            }
        }
        self.send_to(desk, Command::SignOut);
    }

    /// Signs in to `account` beside the accounts there are (named at start).
    pub(super) fn sign_in_beside(&mut self, account: AccountStart) {
        let Some(desk) = self.desks.add(Resume::Nothing, false) else {
            return;
        };
        let mut form = SignInForm::new(&account.server, &account.login);
        form.password = account.password;
        self.send_to(desk, form.submit_command());
    }
}
