//! Everything a call to the server can end in, with texts a user can understand.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use super::fingerprint::format_fingerprint;
use super::identity::AIPIX_VERSION;
use super::models::SessionInfo;

/// The reasons of a 422, by the field they name. A key need not be a field of any form.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("The server no longer accepts this sign-in. Please sign in again.")]
    Unauthorized,

    #[error("{}", validation_text(.message, .errors))]
    Validation {
        message: String,
        errors: FieldErrors,
    },

    /// 419 on sign-in: the account has as many sessions open as it may. Signing in again with one of `sessions`
    /// as `session_id` ends that one. The body is `{"sessions_limit", "sessions": [...], "key"?}`, or a bare array
    /// of sessions (`getErrorMessage419` in `aipix-dev/vms-mobile-sdk-android` `network/ApiErrors.kt`;
    /// `VMSSessionResponse` in `aipix-dev/vms-mobile-sdk-ios` `Network/Api/ApiResponses.swift`).
    #[error("Too many sessions are open for this account{}.", session_limit(.limit))]
    TooManySessions {
        /// How many sessions the account may have open at once, when the server says.
        limit: Option<u32>,
        /// The account's sessions, to choose one to end.
        sessions: Vec<SessionInfo>,
        /// A sign-in key to send back instead of the password (`key`), when the server gives one.
        key: Option<String>,
        message: String,
    },

    /// 429: the server limits how often it is asked (both SDKs: "request limit"), never "too many sessions".
    #[error("The server limits how often it is asked; please try again{}.", retry_hint(.retry_after))]
    RateLimited { retry_after: Option<Duration> },

    /// 409: the server wants a newer client (both SDKs read 409 as "update the app", having sent `X-Version`).
    #[error("This server needs a newer Visitor Desk (this one speaks AIPIX {AIPIX_VERSION}).")]
    NeedsNewerClient { message: String },

    /// A listing past what the client takes ([`bounds::MAX_LIST_ITEMS`](super::bounds::MAX_LIST_ITEMS) items or
    /// [`bounds::MAX_LIST_BYTES`](super::bounds::MAX_LIST_BYTES) of answers by default): not read whole.
    #[error(
        "The server's list is larger than this client reads (more than {max_items} items or {} MiB); it was not read.",
        .max_bytes / (1024 * 1024)
    )]
    ListTooLarge { max_items: u64, max_bytes: usize },

    #[error("The server does not allow this.")]
    Forbidden,

    #[error("Not found: it does not exist or is not yours.")]
    NotFound,

    #[error("The server failed (HTTP {status}): {excerpt}")]
    Server { status: u16, excerpt: String },

    /// The server answered with a redirect (3xx). No redirect is ever followed: a sign-in re-posted to another
    /// address would carry the password there, so the user is told where it pointed instead.
    #[error("The server redirected to {location} (HTTP {status}); nothing was sent there.")]
    Redirected { status: u16, location: String },

    /// The answer was longer than the client reads ([`ClientConfig::max_answer_bytes`](super::ClientConfig)); it
    /// was dropped unread rather than held in memory.
    #[error("The server's answer was too large (more than {} MiB); it was not read.", .limit / (1024 * 1024))]
    TooLarge { limit: usize },

    #[error("Could not reach the server: {0}")]
    Network(String),

    /// An `https://` address whose server answered in plain HTTP: it speaks `http://` only.
    #[error("The server answered in plain HTTP, not HTTPS: its address starts with http://.")]
    PlainHttp,

    #[error("The server's answer could not be read ({what}): {detail}")]
    Decode { what: String, detail: String },

    #[error("The list kept changing while it was read; it will be read again.")]
    ListChanging,

    #[error("Not a usable server address: {0}")]
    InvalidUrl(String),

    /// The address carries a user name or password (`user:pass@host`). Refused rather than kept: it would be
    /// saved with the profile and shown on screen. Its text never repeats what was typed.
    #[error(
        "The server address contains a user name or password (user@host): type them in the sign-in fields instead."
    )]
    CredentialsInAddress,

    /// A password or token would go over plain `http://` to a host that is not this computer, and the caller did
    /// not allow it ([`ClientConfig::allow_insecure_http`](super::ClientConfig)). Nothing was sent.
    #[error(
        "{host} is reached over plain http: the password and the sign-in would travel unencrypted. Nothing was sent."
    )]
    InsecureHttp { host: String },

    #[error("Not signed in.")]
    NotSignedIn,

    /// The server's certificate did not pass verification. `sha256` (lowercase hex) is what
    /// [`TlsTrust::Pinned`](super::TlsTrust::Pinned) stores if the user chooses to trust it.
    #[error(
        "The server's certificate is not trusted: {reason}. Certificate: {subject}. \
         Fingerprint (SHA-256): {}",
        format_fingerprint(.sha256)
    )]
    UntrustedCertificate {
        subject: String,
        sha256: String,
        reason: String,
    },

    /// The server presented another certificate than the pinned one (`expected`); `found` is the
    /// new one's SHA-256 (lowercase hex).
    #[error(
        "The server's certificate has changed since you trusted it. It could be a new certificate \
         or someone in between. Now: {subject}, fingerprint (SHA-256) {}; trusted: {}. \
         If you expected this, trust the new one.",
        format_fingerprint(.found),
        format_fingerprint(.expected)
    )]
    CertificateChanged {
        expected: String,
        found: String,
        subject: String,
    },

    /// The TLS choice itself cannot be used (an unreadable CA file, a malformed pin).
    #[error("The certificate settings for this server cannot be used: {0}.")]
    TlsSetup(String),
}

impl ApiError {
    /// The reasons the server gave for one field of a 422, if any.
    pub fn field_errors(&self, field: &str) -> &[String] {
        match self {
            ApiError::Validation { errors, .. } => {
                errors.get(field).map(Vec::as_slice).unwrap_or(&[])
            }
            _ => &[],
        }
    }

    /// The per-account code limit, when a 422 names it (`errors.limit`: "... no more than 5 ...").
    pub fn code_limit(&self) -> Option<u32> {
        self.field_errors("limit")
            .iter()
            .find_map(|reason| first_number(reason))
    }

    /// The presented certificate a user may choose to trust, as (subject, SHA-256 in lowercase hex),
    /// when the error is a refused certificate.
    pub fn offered_certificate(&self) -> Option<(&str, &str)> {
        match self {
            ApiError::UntrustedCertificate {
                subject, sha256, ..
            } => Some((subject, sha256)),
            ApiError::CertificateChanged { subject, found, .. } => Some((subject, found)),
            _ => None,
        }
    }

    /// Whether the error says the sign-in is over (the app returns to the sign-in screen).
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, ApiError::Unauthorized)
    }

    /// After a 419: the session a user would most likely end, the one used longest ago that is not this one.
    pub fn oldest_session(&self) -> Option<&SessionInfo> {
        let ApiError::TooManySessions { sessions, .. } = self else {
            return None;
        };
        sessions
            .iter()
            .filter(|session| !session.is_current)
            .min_by_key(|session| session.last.unwrap_or(i64::MIN))
    }

    /// A short excerpt of a body for messages: tags dropped, whitespace squeezed, at most `limit` characters.
    pub(crate) fn excerpt(body: &[u8], limit: usize) -> String {
        let text = String::from_utf8_lossy(body);
        let mut plain = String::new();
        let mut in_tag = false;
        for ch in text.chars() {
            match ch {
                '<' => in_tag = true,
                '>' if in_tag => {
                    in_tag = false;
                    plain.push(' ');
                }
                _ if in_tag => {}
                c if c.is_whitespace() || c.is_control() => plain.push(' '),
                c => plain.push(c),
            }
        }
        let squeezed = plain.split_whitespace().collect::<Vec<_>>().join(" ");
        if squeezed.chars().count() > limit {
            let mut cut: String = squeezed.chars().take(limit).collect();
            cut.push('…');
            cut
        } else if squeezed.is_empty() {
            "(empty answer)".to_owned()
        } else {
            squeezed
        }
    }
}

/// What stands in a text for a secret taken out of it.
pub const REDACTED: &str = "[redacted]";

/// The shortest run of token characters that is taken for a token although it is none of the known secrets.
const TOKEN_LIKE_LEN: usize = 32;

/// The server's words (an error page, a refusal) without the `secrets` the request carried, as they are and as a
/// JSON encoder may have escaped them, and without anything else that looks like a token: a run of at least 32
/// letters, digits and `-_.~+|` holding both letters and digits (a bearer token, a JWT, another session's token).
/// A server that echoes the request must not get the password or the token onto a terminal or into a log.
pub(crate) fn redact(text: &str, secrets: &[&str]) -> String {
    let mut text = text.to_owned();
    for secret in secrets.iter().filter(|secret| secret.chars().count() >= 3) {
        for form in escaped_forms(secret) {
            if text.contains(&form) {
                text = text.replace(&form, REDACTED);
            }
        }
    }
    redact_token_like(&text)
}

/// A secret as it is, as JSON writes it, with `/` written `\/`, and with every non-ASCII character as `\uXXXX`
/// (PHP's `json_encode` does both by default).
fn escaped_forms(secret: &str) -> Vec<String> {
    let json = serde_json::to_string(secret).unwrap_or_default();
    let json = json
        .strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
        .unwrap_or(secret)
        .to_owned();
    let slashes = json.replace('/', "\\/");
    let mut ascii = String::new();
    for ch in slashes.chars() {
        if ch.is_ascii() {
            ascii.push(ch);
        } else {
            let mut units = [0u16; 2];
            for unit in ch.encode_utf16(&mut units) {
                let _ = write!(ascii, "\\u{unit:04x}");
            }
        }
    }
    let mut forms = vec![secret.to_owned(), json, slashes, ascii];
    forms.sort();
    forms.dedup();
    // The longest first, so that a form inside another is not replaced half.
    forms.sort_by_key(|form| std::cmp::Reverse(form.len()));
    forms
}

fn redact_token_like(text: &str) -> String {
    let is_token_char =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | '+' | '|');
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        let looks_like_token = run.len() >= TOKEN_LIKE_LEN
            && run.chars().any(|c| c.is_ascii_alphabetic())
            && run.chars().any(|c| c.is_ascii_digit());
        out.push_str(if looks_like_token { REDACTED } else { run });
        run.clear();
    };
    for ch in text.chars() {
        if is_token_char(ch) {
            run.push(ch);
        } else {
            flush(&mut run, &mut out);
            out.push(ch);
        }
    }
    flush(&mut run, &mut out);
    out
}

fn validation_text(message: &str, errors: &FieldErrors) -> String {
    // `message` is "not informative" per the vendor; the reasons are what the user needs.
    let mut text = String::new();
    for reason in errors.values().flatten() {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(reason);
    }
    if text.is_empty() {
        let _ = write!(text, "The server refused the request: {message}");
    }
    text
}

fn session_limit(limit: &Option<u32>) -> String {
    match limit {
        Some(limit) => format!(" (at most {limit})"),
        None => String::new(),
    }
}

fn retry_hint(retry_after: &Option<Duration>) -> String {
    match retry_after {
        Some(wait) => format!(" in {} s", wait.as_secs().max(1)),
        None => " later".to_owned(),
    }
}

fn first_number(text: &str) -> Option<u32> {
    text.split(|c: char| !c.is_ascii_digit())
        .find(|part| !part.is_empty())
        .and_then(|digits| digits.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_shows_the_reasons_not_the_message() {
        let error = ApiError::Validation {
            message: "There won't be any informative message here".into(),
            errors: FieldErrors::from([(
                "title".into(),
                vec!["The title field is required.".into()],
            )]),
        };
        assert_eq!(error.to_string(), "The title field is required.");
        assert_eq!(
            error.field_errors("title"),
            ["The title field is required."]
        );
        assert!(error.field_errors("expired_at").is_empty());
    }

    #[test]
    fn reads_the_code_limit_from_its_reason() {
        let error = ApiError::Validation {
            message: String::new(),
            errors: FieldErrors::from([(
                "limit".into(),
                vec!["You can have no more than 5 visitor codes at a time.".into()],
            )]),
        };
        assert_eq!(error.code_limit(), Some(5));
    }

    #[test]
    fn certificate_errors_show_the_fingerprint_in_pairs() {
        let untrusted = ApiError::UntrustedCertificate {
            subject: "CN=vms.local".into(),
            sha256: "aabbcc".into(),
            reason: "it may be self-signed".into(),
        };
        assert_eq!(
            untrusted.to_string(),
            "The server's certificate is not trusted: it may be self-signed. Certificate: \
             CN=vms.local. Fingerprint (SHA-256): aa:bb:cc"
        );
        assert_eq!(
            untrusted.offered_certificate(),
            Some(("CN=vms.local", "aabbcc"))
        );
        let changed = ApiError::CertificateChanged {
            expected: "0102".into(),
            found: "0a0b".into(),
            subject: "CN=vms.local".into(),
        };
        let text = changed.to_string();
        assert!(text.starts_with("The server's certificate has changed since you trusted it."));
        assert!(
            text.contains("fingerprint (SHA-256) 0a:0b; trusted: 01:02"),
            "{text}"
        );
        assert!(text.ends_with("If you expected this, trust the new one."));
        assert_eq!(
            changed.offered_certificate(),
            Some(("CN=vms.local", "0a0b"))
        );
        assert_eq!(ApiError::Forbidden.offered_certificate(), None);
    }

    #[test]
    fn secrets_and_token_like_runs_are_redacted() {
        let token = "41|q2Jx8fV0bN3mK7pL9sT4wY6zA1cE5gH8jR2uD0o";
        assert_eq!(
            redact(&format!("bad token Bearer {token} here"), &[token]),
            "bad token Bearer [redacted] here"
        );
        // As PHP's json_encode writes it.
        assert_eq!(
            redact(r#"{"password":"p\/ss\u00e9word"}"#, &["p/sséword"]),
            r#"{"password":"[redacted]"}"#
        );
        // Another session's token, a JWT: nothing known, but it looks like one.
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        assert_eq!(redact(&format!("token={jwt};"), &[]), "token=[redacted];");
        // Ordinary words, paths and short ids stay.
        let plain =
            "No query results for model [App\\Code] 1388 at /api/v1/intercom/codes (c862e3c5)";
        assert_eq!(redact(plain, &[]), plain);
        // A password too short to tell from ordinary text is left alone rather than cutting words apart.
        assert_eq!(redact("a b", &["a"]), "a b");
    }

    #[test]
    fn excerpt_strips_html_and_cuts() {
        let page = b"<html><head><title>502 Bad Gateway</title></head>\n<body><h1>502 Bad Gateway</h1></body></html>";
        assert_eq!(
            ApiError::excerpt(page, 200),
            "502 Bad Gateway 502 Bad Gateway"
        );
        assert_eq!(ApiError::excerpt(b"abcdef", 3), "abc…");
        assert_eq!(ApiError::excerpt(b"", 3), "(empty answer)");
    }
}
