//! A share template as a user types it: its marks as the editor shows them (in order, apart, inside the text, as
//! the editor's colouring slices the text by them), parsed, and rendered with a code. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use visitor_desk::handover::{Handover, Template};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let chars = text.chars().count();
    let mut done = 0;
    for mark in Template::marks(text) {
        assert!(
            done <= mark.chars.start
                && mark.chars.start < mark.chars.end
                && mark.chars.end <= chars,
            "a mark out of order or outside the text: {mark:?} after {done}, in {chars} characters"
        );
        done = mark.chars.end;
    }
    if let Ok(template) = Template::parse(text) {
        let handover = Handover {
            code: "08583".into(),
            title: "Анна".into(),
            intercom: "Main gate".into(),
            address: "12 Harbour Street".into(),
            entrance: "2".into(),
            valid_from: "14:05".into(),
            valid_until: "18:05".into(),
            valid_for: "4 h 0 min".into(),
            instructions: "Press # then the code".into(),
        };
        let _ = template.render(&handover);
    }
});
