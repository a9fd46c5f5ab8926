//! A visitor's very long title (the server takes 255 characters) in the window: the QR dialog stays on screen, its title cut, its message
//! scrolling, its Close button where it can be clicked (800×600, the smallest window).

mod common;

use chrono::{TimeDelta, Utc};
use common::desk::Desk;
use egui_kittest::kittest::Queryable as _;

const SMALL: [f32; 2] = [800.0, 600.0];

fn on_screen(rect: egui::Rect) -> bool {
    rect.min.x >= 0.0 && rect.min.y >= 0.0 && rect.max.x <= SMALL[0] && rect.max.y <= SMALL[1]
}

#[test]
fn the_qr_dialog_of_a_very_long_title_stays_on_screen_with_its_close_button() {
    let words =
        "Guest of the tenants of flat 12 on the third floor who asked for a plumber ".repeat(3);
    let unbroken = "Ж".repeat(250);
    for title in [words.trim(), unbroken.as_str()] {
        let mut desk = Desk::signed_in_at(SMALL);
        desk.wait_for_live();
        let intercom = desk.sim.intercom_ids("demo")[0];
        let made = desk
            .sim
            .create_code("demo", intercom, title, Utc::now() + TimeDelta::hours(4))
            .expect("a code with a long title");
        let id = made["id"].as_u64().expect("id");
        desk.step_until("the code pushed", |h| h.state().state().code(id).is_some());
        let code = desk
            .harness
            .state()
            .state()
            .code(id)
            .cloned()
            .expect("listed");

        desk.harness
            .get_by_label(&format!(
                "Actions for {} ({})",
                code.title,
                code.code_value().expect("the code")
            ))
            .click();
        desk.frames(2);
        desk.harness.get_by_label("Show QR code…").click();
        desk.frames(3);

        let close = desk.rect_of("Close");
        assert!(on_screen(close), "Close at {close:?}");
        let qr = desk.rect_of("QR code of the message for the visitor");
        assert!(on_screen(qr), "the QR code at {qr:?}");
        let heading = format!("Code {} for", code.code_value().expect("the code"));
        let painted = desk.painted();
        let title_lines: Vec<_> = painted
            .iter()
            .filter(|text| text.text.starts_with(&heading))
            .collect();
        assert!(!title_lines.is_empty(), "the dialog's title is shown");
        for line in title_lines {
            assert!(on_screen(line.rect), "the title at {:?}", line.rect);
            assert!(
                line.rect.height() < 80.0,
                "cut to a line or two: {:?}",
                line.rect
            );
        }
        desk.harness.get_by_label("Close").click();
        desk.frames(2);
        assert!(!desk.has_label("QR code of the message for the visitor"));
    }
}
