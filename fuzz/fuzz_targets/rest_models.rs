//! A REST answer's body read as each model the client reads (a page of codes, of intercoms and of calls, a code, an
//! intercom, the sign-in's user, `wsurl`, a captcha), and as an error answer of each status the client tells
//! apart. Nothing may panic, whatever the server answers.
#![no_main]

use aipix_client::api::{Captcha, Code, Intercom, IntercomCall, Page, User, WsUrl, read_error_body};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = serde_json::from_slice::<Page<Code>>(data);
    let _ = serde_json::from_slice::<Page<Intercom>>(data);
    let _ = serde_json::from_slice::<Page<IntercomCall>>(data);
    let _ = serde_json::from_slice::<Vec<Intercom>>(data);
    let _ = serde_json::from_slice::<Code>(data);
    let _ = serde_json::from_slice::<User>(data);
    let _ = serde_json::from_slice::<WsUrl>(data);
    let _ = serde_json::from_slice::<Captcha>(data);
    for status in [401, 403, 404, 419, 422, 429, 500, 503] {
        let error = read_error_body(status, data);
        let _ = error.to_string();
        let _ = error.field_errors("login");
        let _ = error.code_limit();
    }
});
