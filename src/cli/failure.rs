//! How a command fails: the exit code scripts act on (listed in `manual::EXIT_CODES`), and the message for stderr.

use std::process::ExitCode;

use visitor_desk::messages::{self, FailureKind, Problem, SignInFailure};

use super::text;

/// The exit codes other than 0 (done).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// A wrong option or value, a missing password, no `--yes` without a terminal, an unknown id.
    Usage = 1,
    /// The server said no (422 and the like); the reason goes to stderr.
    Refused = 2,
    /// Not signed in, or the server no longer accepts the sign-in (401).
    NotSignedIn = 3,
    /// The server cannot be reached or gave no usable answer.
    Unreachable = 4,
    /// `--all-accounts`: some accounts could not be read; the others were.
    NotAllAccounts = 5,
    /// The server needs a newer client (409).
    Outdated = 6,
    /// `slip`: the code has expired or was revoked; a slip would hand the visitor a code that opens nothing.
    NotValid = 7,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}

impl From<FailureKind> for Exit {
    fn from(kind: FailureKind) -> Self {
        match kind {
            FailureKind::Local => Exit::Usage,
            FailureKind::Refused => Exit::Refused,
            FailureKind::Unauthorized => Exit::NotSignedIn,
            FailureKind::Unreachable => Exit::Unreachable,
            FailureKind::Outdated => Exit::Outdated,
        }
    }
}

/// Why a command did not do what it was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliError {
    pub exit: Exit,
    /// For stderr; never holds a token.
    pub message: String,
}

impl CliError {
    pub fn new(exit: Exit, message: impl Into<String>) -> Self {
        Self {
            exit,
            message: message.into(),
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Exit::Usage, message)
    }

    /// A problem the backend reported: every reason it gave, one per line, and the technical detail last.
    pub fn from_problem(problem: &Problem) -> Self {
        let mut lines = problem.general(&[]);
        lines.extend(
            problem
                .failure
                .as_ref()
                .and_then(messages::Failure::detail)
                .map(str::to_owned),
        );
        Self::new(problem.kind().into(), lines.join("\n"))
    }

    /// What went wrong, as the window would say it, with the technical detail on the next line.
    pub fn from_failure(failure: &messages::Failure) -> Self {
        let mut message = failure.sentence();
        if let Some(detail) = failure.detail() {
            message.push('\n');
            message.push_str(detail);
        }
        Self::new(failure.kind().into(), message)
    }

    pub fn from_sign_in(failure: SignInFailure) -> Self {
        match failure {
            // The server's reasons about the login or the password: not signed in (3), as the table says, not
            // a refused request (2).
            SignInFailure::Refused(problem)
                if problem.failure.is_none() && !problem.fields.is_empty() =>
            {
                Self {
                    exit: Exit::NotSignedIn,
                    ..Self::from_problem(&problem)
                }
            }
            SignInFailure::Refused(problem) => Self::from_problem(&problem),
            SignInFailure::CaptchaRequired(problem) => Self::new(
                Exit::Refused,
                text::captcha_required(&problem.general(&[]).join(" ")),
            ),
            SignInFailure::TooManySessions {
                message,
                limit,
                sessions,
            } => Self::new(
                Exit::Refused,
                text::too_many_sessions(&message, limit, &super::output::sessions_table(&sessions)),
            ),
            SignInFailure::RateLimited { retry_after } => {
                Self::from_failure(&messages::Failure::Busy { retry_after })
            }
            SignInFailure::Certificate(problem) => Self::new(
                Exit::Unreachable,
                text::untrusted_certificate(&problem.detail, &problem.sha256),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aipix_client::api::ApiError;

    #[test]
    fn each_kind_of_failure_has_its_exit_code() {
        let refused = ApiError::Validation {
            message: "The given data was invalid.".into(),
            errors: [(
                "title".to_owned(),
                vec!["The title is required.".to_owned()],
            )]
            .into(),
        };
        let failure = CliError::from_problem(&Problem::from_api(&refused));
        assert_eq!(failure.exit, Exit::Refused);
        assert_eq!(failure.message, "The title is required.");
        for (error, exit) in [
            (ApiError::Unauthorized, Exit::NotSignedIn),
            (ApiError::Network("refused".into()), Exit::Unreachable),
            (
                ApiError::Server {
                    status: 502,
                    excerpt: String::new(),
                },
                Exit::Unreachable,
            ),
            (ApiError::InvalidUrl("x".into()), Exit::Usage),
            (ApiError::NotFound, Exit::Refused),
        ] {
            assert_eq!(
                CliError::from_problem(&Problem::from_api(&error)).exit,
                exit,
                "{error}"
            );
        }
        assert_eq!(ExitCode::from(Exit::Unreachable), ExitCode::from(4));
    }
}
