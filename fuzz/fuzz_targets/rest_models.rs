//! A REST answer's body read as each model the client reads (a page of codes, of intercoms and of calls, a code, an
//! intercom, the sign-in's user, `wsurl`, a captcha, a session, the server's facts), and as an error answer of each
//! status the client tells apart; what is read is then used as the client and the desk use it. Nothing may panic,
//! whatever the server answers.
#![no_main]

mod read_back;

use aipix_client::api::{
    Captcha, Code, Intercom, IntercomCall, Page, ServerFacts, SessionInfo, User, WsUrl,
    read_error_body,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(page) = serde_json::from_slice::<Page<Code>>(data) {
        read_back::page(&page, read_back::code);
    }
    if let Ok(page) = serde_json::from_slice::<Page<Intercom>>(data) {
        read_back::page(&page, read_back::intercom);
    }
    if let Ok(page) = serde_json::from_slice::<Page<IntercomCall>>(data) {
        read_back::page(&page, read_back::call);
    }
    if let Ok(intercoms) = serde_json::from_slice::<Vec<Intercom>>(data) {
        intercoms.iter().for_each(read_back::intercom);
    }
    if let Ok(code) = serde_json::from_slice::<Code>(data) {
        read_back::code(&code);
    }
    if let Ok(sessions) = serde_json::from_slice::<Vec<SessionInfo>>(data) {
        sessions.iter().for_each(read_back::session);
    }
    let _ = serde_json::from_slice::<User>(data);
    let _ = serde_json::from_slice::<WsUrl>(data);
    let _ = serde_json::from_slice::<Captcha>(data);
    let _ = serde_json::from_slice::<ServerFacts>(data);
    for status in [401, 403, 404, 419, 422, 429, 500, 503] {
        let error = read_error_body(status, data);
        let _ = error.to_string();
        let _ = error.field_errors("login");
        let _ = error.code_limit();
        let _ = error.oldest_session().map(read_back::session);
    }
});
