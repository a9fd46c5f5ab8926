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

/// The texts the last frame painted cut short (with "…"), whole as they were given.
fn cut_texts(desk: &Desk) -> Vec<String> {
    fn walk(shape: &egui::Shape, into: &mut Vec<String>) {
        match shape {
            egui::Shape::Vec(shapes) => shapes.iter().for_each(|shape| walk(shape, into)),
            egui::Shape::Text(text) if text.galley.elided => {
                into.push(text.galley.job.text.clone())
            }
            _ => {}
        }
    }
    let mut cut = Vec::new();
    for clipped in &desk.harness.output().shapes {
        walk(&clipped.shape, &mut cut);
    }
    cut
}

/// Whether the table shows a column headed `title`.
fn has_column(desk: &Desk, title: &str) -> bool {
    desk.harness
        .query_all_by_role(egui::accesskit::Role::Button)
        .any(|node| {
            egui_kittest::kittest::NodeT::accesskit_node(&node)
                .label()
                .is_some_and(|label| label.starts_with(title))
        })
}

#[test]
fn a_title_is_not_cut_while_the_intercom_or_created_column_takes_the_room() {
    for width in [1024.0, 1280.0, 1400.0, 1600.0, 1920.0] {
        let mut desk = Desk::signed_in_at([width, 800.0]);
        desk.wait_for_live();
        let intercom = desk.sim.intercom_ids("demo")[0];
        desk.sim
            .create_code(
                "demo",
                intercom,
                "Courier with two parcels for flat 12",
                Utc::now() + TimeDelta::hours(4),
            )
            .expect("a code");
        desk.step_until("the code", |h| {
            h.query_all_by_label("Courier with two parcels for flat 12")
                .next()
                .is_some()
        });
        desk.frames(3);
        let optional = has_column(&desk, "Intercom") || has_column(&desk, "Created");
        let cut = cut_texts(&desk);
        assert!(
            !optional || cut.is_empty(),
            "at {width}: the titles are cut ({cut:?}) while an optional column shows"
        );
    }
}

#[test]
fn a_cut_title_shows_whole_on_hover() {
    let mut desk = Desk::signed_in_at(SMALL);
    desk.wait_for_live();
    let intercom = desk.sim.intercom_ids("demo")[0];
    let title = "Guest of the tenants of flat 12 on the third floor";
    desk.sim
        .create_code("demo", intercom, title, Utc::now() + TimeDelta::hours(4))
        .expect("a code");
    desk.step_until("the code", |h| h.query_all_by_label(title).next().is_some());
    desk.frames(3);
    assert!(
        cut_texts(&desk).iter().any(|cut| cut == title),
        "the title is cut at 800×600"
    );
    let shown = desk
        .painted()
        .into_iter()
        .find(|painted| painted.text == title)
        .expect("the title in the table");
    desk.harness
        .input_mut()
        .events
        .push(egui::Event::PointerMoved(shown.rect.center()));
    // Tooltips wait for the pointer to rest.
    for _ in 0..120 {
        desk.harness.step();
        // The tooltip: the title painted a second time, whole.
        let whole = desk
            .painted()
            .iter()
            .filter(|painted| painted.text == title)
            .count();
        if whole > 1 && cut_texts(&desk).iter().filter(|cut| *cut == title).count() < whole {
            return;
        }
    }
    panic!("the whole title never showed on hover");
}

#[test]
fn a_very_long_titles_notice_is_cut_to_a_few_lines_and_whole_on_hover() {
    let mut desk = Desk::signed_in_at([1024.0, 768.0]);
    desk.wait_for_live();
    let intercom = desk.sim.intercom_ids("demo")[0];
    let title =
        "Guest of the tenants of flat 12 on the third floor who asked for a plumber, ".repeat(3);
    let title = title.trim_end_matches([',', ' ']);
    assert!(title.chars().count() > 200);
    desk.sim
        .create_code("demo", intercom, title, Utc::now() + TimeDelta::hours(4))
        .expect("a code");
    desk.step_until("the notice", |h| {
        h.query_all_by_label_contains("another desk")
            .next()
            .is_some()
    });
    desk.frames(2);
    let notice = desk
        .harness
        .query_all_by_label_contains("another desk")
        .map(|node| node.rect())
        .find(|rect| rect.left() > 0.0)
        .expect("the notice");
    let body = egui::TextStyle::Body.resolve(&desk.harness.ctx.global_style());
    let line = desk.harness.ctx.fonts_mut(|fonts| fonts.row_height(&body));
    assert!(
        notice.height() <= 3.5 * line,
        "three lines at most: {notice:?} ({line} a line)"
    );
    assert!(
        cut_texts(&desk).iter().any(|cut| cut.contains(title)),
        "the notice is cut"
    );
    desk.harness
        .input_mut()
        .events
        .push(egui::Event::PointerMoved(notice.center()));
    for _ in 0..120 {
        desk.harness.step();
        let whole = desk
            .painted()
            .iter()
            .filter(|painted| painted.text.contains(title))
            .count();
        if whole
            > cut_texts(&desk)
                .iter()
                .filter(|cut| cut.contains(title))
                .count()
        {
            return;
        }
    }
    panic!("the whole notice never showed on hover");
}
