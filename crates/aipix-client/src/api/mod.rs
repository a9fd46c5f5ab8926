//! The typed REST client of the AIPIX server (`X-Client: thick-legal`). Knows nothing of the UI.

pub mod bounds;
mod client;
pub mod error;
mod fingerprint;
mod identity;
pub mod models;
mod paging;
pub mod time;
pub mod tls;

pub use client::{
    Client, ClientConfig, LanguageSource, LoginRequest, MAX_ANSWER_BYTES, MAX_DELETE_IDS,
    MAX_SHOWS_IDS, PagingMemory, Password, Session, Token, is_unencrypted, parse_base_url,
    read_error_body,
};
pub use error::{ApiError, FieldErrors};
pub use identity::{AIPIX_VERSION, CLIENT_KIND, DEFAULT_LANGUAGE};
pub use models::{
    CallState, Captcha, CaptchaAnswer, Code, Confirmation, Intercom, IntercomBrief, IntercomCall,
    Listing, Online, Page, PageMeta, Permission, ServerFacts, SessionInfo, Unreadable, User, WsUrl,
};
pub use paging::{MAX_RETRY_WAIT, WaitHook};
pub use tls::{StreamTrust, TlsTrust};
