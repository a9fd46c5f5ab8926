//! An account's mail server, for sending a code by e-mail: where, how it is encrypted, whose login, and who the
//! message is from. Its password is not here: it is kept in the keyring, as the sign-in's token is
//! ([`MailSettings::password_key`]).

use serde::{Deserialize, Serialize};

use super::TrustChoice;
use crate::secrets::{Holder, TokenKey};

/// How the connection to the mail server is encrypted. There is no choice without encryption: the login's
/// password and a working door code go over it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailSecurity {
    /// Plain at first, then `STARTTLS` before anything else is said (submission, port 587). A server that does
    /// not offer it is refused.
    #[default]
    #[serde(rename = "starttls")]
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
}

impl MailSecurity {
    pub const ALL: [MailSecurity; 2] = [MailSecurity::StartTls, MailSecurity::Tls];

    /// The port a server of this kind usually listens on.
    pub fn usual_port(self) -> u16 {
        match self {
            MailSecurity::StartTls => 587,
            MailSecurity::Tls => 465,
        }
    }

    /// Its name on the command line and in the settings file.
    pub fn name(self) -> &'static str {
        match self {
            MailSecurity::StartTls => "starttls",
            MailSecurity::Tls => "tls",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|security| security.name() == name)
    }
}

/// One account's mail server (SMTP with AUTH).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MailSettings {
    /// The server's host name (its certificate must bear it) or address.
    pub server: String,
    pub port: u16,
    pub security: MailSecurity,
    pub login: String,
    /// The sender as the visitor reads it ("Harbour Street reception").
    pub sender_name: String,
    pub sender_address: String,
    /// Which certificates the mail server may show, chosen as for the account's server: never unchecked.
    pub tls: TrustChoice,
}

impl MailSettings {
    /// Where the mail server's password is kept: its own keyring entry, `login@server:port (e-mail)`.
    pub fn password_key(&self) -> TokenKey {
        TokenKey::new(
            &format!("{}:{}", self.server.trim(), self.port),
            &self.login,
        )
        .held_by(Holder::Mail)
    }
}
