//! The settings file as it may be found on disk (edited by hand, cut short, written by another version): read,
//! keeping what can be read, then written as the desk saves it and read again, which must give the same settings
//! with nothing left out (else what the desk wrote would be read as a broken file next time). Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use visitor_desk::settings;

fuzz_target!(|data: &[u8]| {
    let Ok((read, _problems)) = settings::read(data) else {
        return;
    };
    let written = serde_json::to_vec_pretty(&read).expect("settings are always written");
    let (again, problems) = settings::read(&written).expect("what the desk writes is JSON");
    assert!(problems.is_empty(), "written, then not read: {problems:?}");
    assert_eq!(again, read, "written, then read as something else");
});
