//! A live frame as the socket hands it over: parsed as a Pusher frame, its data read as a push whatever its
//! shape, what it carries used as the desk uses it, the push written as `watch` prints it. Nothing may panic,
//! whatever the server sends.
#![no_main]

mod read_back;

use aipix_client::live::Push;
use libfuzzer_sys::fuzz_target;
use pusher_wire::{Established, Frame};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(frame) = Frame::parse(text) else {
        return;
    };
    let _ = Established::from_frame(&frame);
    use_push(&Push::read(&frame.data));
    if let Some(inner) = frame.data.get("data") {
        use_push(&Push::from_envelope(inner));
    }
    let _ = frame.to_text();
});

fn use_push(push: &Push) {
    let _ = push.needs_resync();
    match push {
        Push::CodeCreated { code } => read_back::code(code),
        Push::IntercomUpdated { intercom } => read_back::intercom(intercom),
        Push::CallStored { call } => read_back::call(call),
        _ => {}
    }
    let _ = serde_json::to_string(push);
}
