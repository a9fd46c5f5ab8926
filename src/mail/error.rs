//! Why a code could not be sent by e-mail, as the person at the desk is told it.

use crate::t;

/// Why sending failed. `Display` is English for the logs; [`MailError::text`] is for people. The server's own
/// words (`answer`) are kept as it sent them: they are what a mail administrator asks for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MailError {
    #[error("no mail server is set for this account")]
    NotSet,
    #[error("the mail server's settings are incomplete: {0}")]
    Incomplete(&'static str),
    #[error("no password is kept for the mail server's login")]
    NoPassword,
    #[error("the mail server's password could not be read: {0}")]
    Keyring(String),
    #[error("{address:?} is not an e-mail address")]
    BadAddress { address: String },
    #[error("the sender's address {address:?} is not an e-mail address")]
    BadSender { address: String },
    #[error("the message could not be made: {0}")]
    Compose(String),
    #[error("{server} cannot be reached: {reason}")]
    Unreachable { server: String, reason: String },
    #[error("{server} does not offer STARTTLS: nothing was sent unencrypted")]
    NoStartTls { server: String },
    /// The certificate was refused, or the TLS choice cannot be used (the REST client's words).
    #[error("{0}")]
    Certificate(String),
    #[error("{server} takes no login this desk can use (PLAIN or LOGIN)")]
    NoLogin { server: String },
    #[error("the mail server refused the login: {answer}")]
    WrongPassword { answer: String },
    #[error("the mail server refused the sender: {answer}")]
    SenderRefused { answer: String },
    #[error("the mail server refused the recipient {address}: {answer}")]
    RecipientRefused { address: String, answer: String },
    #[error("the mail server refused the message: {answer}")]
    MessageRefused { answer: String },
    #[error("the mail server did not answer within {seconds} s")]
    TimedOut { seconds: u64 },
    #[error("the mail server's answer could not be understood: {0}")]
    Protocol(String),
}

impl MailError {
    /// What happened and what to do, in the user's language.
    pub fn text(&self) -> String {
        match self {
            MailError::NotSet => t!("mail-error-not-set").to_owned(),
            MailError::Incomplete(what) => t!("mail-error-incomplete", what = *what),
            MailError::NoPassword => t!("mail-error-no-password").to_owned(),
            MailError::Keyring(why) => t!("mail-error-keyring", why = why.as_str()),
            MailError::BadAddress { address } => {
                t!("mail-error-bad-address", address = address.as_str())
            }
            MailError::BadSender { address } => {
                t!("mail-error-bad-sender", address = address.as_str())
            }
            MailError::Compose(why) => t!("mail-error-compose", why = why.as_str()),
            MailError::Unreachable { server, reason } => t!(
                "mail-error-unreachable",
                server = server.as_str(),
                reason = reason.as_str()
            ),
            MailError::NoStartTls { server } => {
                t!("mail-error-no-starttls", server = server.as_str())
            }
            MailError::Certificate(error) => {
                t!("mail-error-certificate", reason = error.as_str())
            }
            MailError::NoLogin { server } => t!("mail-error-no-login", server = server.as_str()),
            MailError::WrongPassword { answer } => {
                t!("mail-error-wrong-password", answer = answer.as_str())
            }
            MailError::SenderRefused { answer } => {
                t!("mail-error-sender-refused", answer = answer.as_str())
            }
            MailError::RecipientRefused { address, answer } => t!(
                "mail-error-recipient-refused",
                address = address.as_str(),
                answer = answer.as_str()
            ),
            MailError::MessageRefused { answer } => {
                t!("mail-error-message-refused", answer = answer.as_str())
            }
            MailError::TimedOut { seconds } => t!("mail-error-timed-out", seconds = *seconds),
            MailError::Protocol(why) => t!("mail-error-protocol", why = why.as_str()),
        }
    }

    /// Whether the address typed is at fault (the send dialog puts the keyboard back in it).
    pub fn is_the_address(&self) -> bool {
        matches!(
            self,
            MailError::BadAddress { .. } | MailError::RecipientRefused { .. }
        )
    }
}
