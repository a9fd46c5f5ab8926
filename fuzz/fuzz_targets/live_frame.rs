//! A live frame as the socket hands it over: parsed as a Pusher frame, its data read as a push whatever its
//! shape, the push written as `watch` prints it. Nothing may panic, whatever the server sends.
#![no_main]

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
    let push = Push::read(&frame.data);
    let _ = push.needs_resync();
    let _ = serde_json::to_string(&push);
    if let Some(inner) = frame.data.get("data") {
        let _ = Push::from_envelope(inner);
    }
    let _ = frame.to_text();
});
