//! What applying an event asks of the rest of the app, besides the state's own change: commands for the backend,
//! and things the window does once (a notice, a copy to the clipboard, a form filled, the keyboard moved). They
//! come back from [`AppState::apply`](super::AppState::apply) on their own channel rather than sitting in fields
//! for a screen to take, so nothing is read twice or missed, and no counter grows for ever.

use crate::messages::{Command, Failure};
use crate::new_code::Unsent;
use crate::settings::Profile;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Effects {
    /// For the backend, in order.
    pub commands: Vec<Command>,
    /// For the window, in order.
    pub ui: Vec<UiEffect>,
}

/// Something the window does once.
#[derive(Debug, Clone, PartialEq)]
pub enum UiEffect {
    Notice(Notice),
    /// Copy this text to the clipboard (the code just made).
    Copy(String),
    /// Fill the sign-in form from this profile, unless the user is already typing another (the account used last).
    Prefill(Box<Profile>),
    /// Show this intercom's codes (the one looked at last time, once the first listing has it).
    OpenIntercom(u64),
    /// Put the keyboard in this field: the one a refusal is about.
    Focus(Field),
    /// New entries were written to the journal (the History screen may read them).
    JournalChanged,
    /// Bring the window to the front (a notification clicked).
    Raise,
    /// A later launch handed over its arguments: to the front (or, where the desktop refuses, a notification),
    /// and the sign-in form filled from them while nobody is signed in.
    HandedOver(Vec<String>),
    /// The new-code form for this intercom, the title prefilled (a call's "Make code").
    MakeCode {
        intercom: u64,
        title: String,
    },
    /// Ask whether to open this intercom's door (a call's "Open door": the call it answers).
    ConfirmOpenDoor {
        intercom: u64,
        call: Option<u64>,
    },
    /// The Extend dialog of this code (a reminder's "Extend…").
    Extend(Box<aipix_client::api::Code>),
    /// A code was made for the form's request (or by an extension): the form readies itself for the next visitor,
    /// and the panel of the code just made comes into view.
    CodeMade {
        title: String,
    },
    /// Codes known here were revoked at another desk (not by this desk's own request): a screen reader is told
    /// which, by title and digits.
    RevokedElsewhere(Vec<aipix_client::api::Code>),
    /// An account's session started or ended: the sign-in form keeps no password nor captcha answer.
    ForgetSecrets,
    /// This account's session ended (`by_server`: not by a sign-out here): the new-code form leaves it.
    SessionEnded {
        by_server: bool,
    },
    /// No account is signed in any more: nothing of the main window stays for the next person.
    NoAccountOpen,
    /// The new-code form offers back what the server's end of this account's session interrupted.
    OfferUnsent(Unsent),
    /// The sign-in screen is for this account now: filled with its server and login (an account the server
    /// signed out), or empty (one added beside the others).
    SignInFor {
        server: String,
        login: String,
    },
}

/// A field of a form, where the keyboard can be put.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    SignIn(SignInField),
    NewCode(CodeField),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInField {
    Server,
    Login,
    Password,
    Captcha,
}

impl SignInField {
    pub const ALL: [SignInField; 4] = [
        SignInField::Server,
        SignInField::Login,
        SignInField::Password,
        SignInField::Captcha,
    ];

    /// The field's name as the server's refusals name it.
    pub const fn name(self) -> &'static str {
        match self {
            SignInField::Server => "server",
            SignInField::Login => "login",
            SignInField::Password => "password",
            SignInField::Captcha => "captcha",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeField {
    Title,
    Expiry,
    Intercom,
}

impl CodeField {
    /// In the order a refusal is looked at for the field it is about.
    pub const ALL: [CodeField; 3] = [CodeField::Title, CodeField::Expiry, CodeField::Intercom];

    /// The field's name as the server's refusals name it.
    pub const fn name(self) -> &'static str {
        match self {
            CodeField::Title => "title",
            CodeField::Expiry => "expired_at",
            CodeField::Intercom => "intercom",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub text: String,
    /// The technical reason, when there is one (shown on demand).
    pub detail: Option<String>,
    /// A screen reader is told of it apart, in other words (codes revoked at another desk, by their digits): the
    /// card is no live region of its own, so that it is said once.
    pub said_apart: bool,
}

impl Effects {
    pub fn is_empty(&self) -> bool {
        self.commands.is_empty() && self.ui.is_empty()
    }

    /// Asks the backend for `command`.
    pub fn command(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// Asks for a fresh listing, once however many parts of an event ask (the backend folds the rest anyway).
    pub fn refresh(&mut self) {
        if !self.commands.contains(&Command::Refresh) {
            self.commands.push(Command::Refresh);
        }
    }

    pub fn notify(&mut self, kind: NoticeKind, text: impl Into<String>) {
        self.ui.push(UiEffect::Notice(Notice {
            kind,
            text: text.into(),
            detail: None,
            said_apart: false,
        }));
    }

    /// An information notice a screen reader is told of apart (see [`Notice::said_apart`]).
    pub fn notify_said_apart(&mut self, text: impl Into<String>) {
        self.ui.push(UiEffect::Notice(Notice {
            kind: NoticeKind::Info,
            text: text.into(),
            detail: None,
            said_apart: true,
        }));
    }

    /// An error notice, with the failure's technical reason for those who ask.
    pub fn notify_failure(&mut self, text: String, failure: &Failure) {
        self.ui.push(UiEffect::Notice(Notice {
            kind: NoticeKind::Error,
            text,
            detail: failure.detail().map(str::to_owned),
            said_apart: false,
        }));
    }

    pub fn ui(&mut self, effect: UiEffect) {
        self.ui.push(effect);
    }

    /// The notices among the effects, oldest first.
    pub fn notices(&self) -> impl Iterator<Item = &Notice> {
        self.ui.iter().filter_map(|effect| match effect {
            UiEffect::Notice(notice) => Some(notice),
            _ => None,
        })
    }

    /// Takes `other`'s effects in after these.
    pub fn merge(&mut self, other: Effects) {
        for command in other.commands {
            if command == Command::Refresh {
                self.refresh();
            } else {
                self.commands.push(command);
            }
        }
        self.ui.extend(other.ui);
    }
}
