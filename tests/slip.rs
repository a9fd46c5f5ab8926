//! Handing a code over: the share message from a real code, and the visitor slip read back (its text from the
//! PDF, its QR code from the page rendered to pixels by a PDF renderer independent of the writer, its paper
//! sizes).

mod common;

use chrono::{TimeZone as _, Utc};
use common::fixtures::a_code;
use common::pdf;
use visitor_desk::handover::{self, Handover, SlipSize, render_pdf};

fn handover(title: &str) -> Handover {
    let now = Utc
        .with_ymd_and_hms(2026, 11, 27, 12, 0, 0)
        .single()
        .expect("date");
    let code = a_code(1388, now)
        .title(title)
        .digits("48213")
        .at(180, "Главный вход", Some(2), "ул. Садовая, 12")
        .build();
    Handover::new(&code, None, "Нажмите # и наберите код", now)
}

#[test]
fn the_default_message_names_the_code_the_intercom_and_the_expiry() {
    let handover = handover("Maria Lopez");
    assert_eq!(handover.valid_for, "4 h");
    assert_eq!(handover.entrance, "2");
    let message = handover::message(None, &handover);
    assert!(message.contains("48213"), "{message}");
    assert!(message.contains("Главный вход"), "{message}");
    assert!(message.contains(&handover.valid_until), "{message}");
    assert!(message.ends_with("Нажмите # и наберите код"), "{message}");
    assert!(!message.contains('{'), "no placeholder left: {message}");
}

#[test]
fn the_default_message_names_the_address_and_entrance_the_server_gave_and_only_those() {
    let now = Utc
        .with_ymd_and_hms(2026, 11, 27, 12, 0, 0)
        .single()
        .expect("date");
    let at = |entrance: Option<i64>, address: &str| {
        let code = a_code(7, now)
            .digits("48213")
            .at(180, "Gate", entrance, address)
            .build();
        handover::message(None, &Handover::new(&code, None, "", now))
    };
    let both = at(Some(2), "Mill Lane 4");
    assert!(
        both.starts_with("Your visitor code for Gate (Mill Lane 4, entrance 2) is 48213."),
        "{both}"
    );
    let address = at(None, "Mill Lane 4");
    assert!(
        address.starts_with("Your visitor code for Gate (Mill Lane 4) is 48213."),
        "{address}"
    );
    let entrance = at(Some(3), " ");
    assert!(
        entrance.starts_with("Your visitor code for Gate (entrance 3) is 48213."),
        "{entrance}"
    );
    // A door the server sent neither for: no empty brackets.
    let neither = at(None, "");
    assert!(
        neither.starts_with("Your visitor code for Gate is 48213."),
        "{neither}"
    );
}

#[test]
fn a_broken_template_falls_back_to_the_default_rather_than_reaching_a_visitor() {
    let handover = handover("Maria Lopez");
    let message = handover::message(Some("Your code: {cdoe}"), &handover);
    assert!(!message.contains("{cdoe}"));
    assert_eq!(message, handover::message(None, &handover));
    assert_eq!(
        handover::message(Some("Code {code}, {title}"), &handover),
        "Code 48213, Maria Lopez"
    );
}

#[test]
fn every_slip_size_has_real_text_and_a_qr_code_of_the_message() {
    let handover = handover("Мария Лопес");
    let message = handover::message(None, &handover);
    for size in SlipSize::ALL {
        let slip = render_pdf(&handover, size, &message).expect("a slip");
        assert!(slip.starts_with(b"%PDF-"), "{size:?}");
        let text = pdf::text(&slip);
        for expected in [
            "48213",
            "Мария Лопес",
            "Главный вход",
            "ул. Садовая, 12",
            "Нажмите # и наберите код",
            handover.valid_until.as_str(),
        ] {
            assert!(
                text.contains(expected),
                "{size:?}: {expected:?} not in {text:?}"
            );
        }
        assert_eq!(pdf::qr_text(&slip), message, "{size:?}");
    }
}

#[test]
fn slip_sizes_have_their_paper() {
    let handover = handover("Maria Lopez");
    let page = |size| pdf::page_mm(&render_pdf(&handover, size, "x").expect("a slip"));
    let (w, h) = page(SlipSize::A6);
    assert!(
        (w - 105.0).abs() < 1.0 && (h - 148.0).abs() < 1.0,
        "A6: {w}×{h} mm"
    );
    let (w, h) = page(SlipSize::A4);
    assert!(
        (w - 210.0).abs() < 1.0 && (h - 297.0).abs() < 1.0,
        "A4: {w}×{h} mm"
    );
    let (w, h) = page(SlipSize::Receipt);
    assert!((w - 80.0).abs() < 1.0, "receipt: {w} mm wide");
    assert!(
        h > 60.0 && h < 200.0,
        "receipt as long as its content: {h} mm"
    );
    assert_eq!(SlipSize::from_name("receipt"), Some(SlipSize::Receipt));
}

#[test]
fn a_very_long_title_is_wrapped_and_cut_and_everything_stays_on_the_paper() {
    let words =
        "Guest of the tenants of flat 12 on the third floor who asked for a plumber ".repeat(4);
    let unbroken = "Ж".repeat(200);
    for title in [words.as_str(), unbroken.as_str()] {
        let mut handover = handover(title);
        handover.intercom = "Main entrance of the building at the corner ".repeat(4);
        handover.instructions = "Press # then the code and wait for the long beep. ".repeat(8);
        let message = handover::message(None, &handover);
        for size in SlipSize::ALL {
            let slip = render_pdf(&handover, size, &message).expect("a slip");
            let text = pdf::text(&slip);
            assert!(text.contains("48213"), "{size:?}: the code is there");
            assert!(text.contains('…'), "{size:?}: the long texts are cut");
            assert_eq!(
                pdf::qr_text(&slip),
                message,
                "{size:?}: the QR code is whole"
            );
            // Nothing is drawn in the outer 3 mm of the paper: no line ran past an edge.
            let (width, height, grey) = pdf::rasterise(&slip);
            let edge = (3.0 / 25.4 * 72.0 * 3.0) as usize;
            for y in 0..height {
                for x in 0..width {
                    let outer = x < edge || x >= width - edge || y < edge || y >= height - edge;
                    assert!(
                        !outer || grey[y * width + x] > 200,
                        "{size:?}: ink at ({x}, {y}) of {width}×{height}"
                    );
                }
            }
        }
    }
}
