//! The settings file as it may be found on disk (edited by hand, cut short, written by another version): read,
//! keeping what can be read, and written back. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok((settings, _problems)) = visitor_desk::settings::read(data) {
        let _ = serde_json::to_vec(&settings);
    }
});
