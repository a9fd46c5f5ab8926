//! The typed REST client of the AIPIX server (`X-Client: thick-legal`). Knows nothing of the UI.

pub mod bounds;
mod client;
pub mod error;
pub mod models;
mod paging;
pub mod time;
pub mod tls;

pub use client::{
    AIPIX_VERSION, CLIENT_KIND, Client, ClientConfig, DEFAULT_LANGUAGE, LanguageSource,
    LoginRequest, MAX_ANSWER_BYTES, MAX_DELETE_IDS, MAX_RETRY_WAIT, MAX_SHOWS_IDS, PagingMemory,
    Password, Session, Token, WaitHook, is_unencrypted, parse_base_url, read_error_body,
};
pub use error::{ApiError, FieldErrors};
pub use models::{
    CallState, Captcha, CaptchaAnswer, Code, Confirmation, Intercom, IntercomBrief, IntercomCall,
    Listing, Online, Page, PageMeta, Permission, ServerFacts, SessionInfo, Unreadable, User, WsUrl,
};
pub use tls::TlsTrust;
