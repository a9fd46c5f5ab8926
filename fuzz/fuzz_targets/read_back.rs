//! What the client and the desk do with a model once it is read (its status times, its flags, its page count),
//! so that a value that reads but cannot be used is found too.
// Each target uses the part for the models it reads.
#![allow(dead_code)]

use aipix_client::api::{Code, Intercom, IntercomCall, Page, SessionInfo};

pub fn code(code: &Code) {
    let _ = code.removed_at();
    let _ = code.code_value();
    let _ = code.intercom_id();
    if let Some(brief) = &code.intercom {
        let _ = brief.online();
    }
}

pub fn intercom(intercom: &Intercom) {
    let _ = intercom.online();
    let _ = intercom.confirmation();
    let _ = intercom.takes_codes();
    let _ = intercom.opens_from_app();
}

pub fn call(call: &IntercomCall) {
    let _ = call.state().was_answered();
    let _ = call.came_at();
}

pub fn session(session: &SessionInfo) {
    let _ = session.last_used();
}

pub fn page<T>(page: &Page<T>, each: impl Fn(&T)) {
    let _ = page.meta.pages();
    page.data.iter().for_each(each);
}
