//! The typed REST client of the AIPIX server (`X-Client: thick-legal`). Knows nothing of the UI.

mod client;
pub mod error;
pub mod models;
mod paging;
pub mod time;
pub mod tls;

pub use client::{
    CLIENT_KIND, Client, ClientConfig, LoginRequest, MAX_ANSWER_BYTES, MAX_DELETE_IDS,
    MAX_RETRY_WAIT, MAX_SHOWS_IDS, Password, Session, Token, WaitHook, is_unencrypted,
    parse_base_url, read_error_body,
};
pub use error::{ApiError, FieldErrors};
pub use models::{
    CallState, Captcha, CaptchaAnswer, Code, Intercom, IntercomBrief, IntercomCall, Page, PageMeta,
    Permission, User, WsUrl,
};
pub use tls::TlsTrust;
