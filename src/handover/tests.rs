//! The share message and the slip from a real code: the slip's text read back from the PDF, and its QR code
//! read back from the page rendered to pixels by a PDF renderer we did not write.

use std::sync::Arc;

use aipix_client::api::{Code, IntercomBrief};
use chrono::{TimeDelta, TimeZone as _, Utc};

use super::*;

fn code(title: &str) -> Code {
    let now = Utc
        .with_ymd_and_hms(2026, 11, 27, 12, 0, 0)
        .single()
        .expect("date");
    Code {
        id: 1388,
        title: title.into(),
        code: "48213".into(),
        expired_at: now + TimeDelta::hours(4),
        is_expired: false,
        will_deleted_at: None,
        created_at: Some(now),
        intercom: IntercomBrief {
            id: 180,
            title: "Главный вход".into(),
            is_online: true,
            department: Some(2),
            address: "ул. Садовая, 12".into(),
        },
    }
}

fn handover(title: &str) -> Handover {
    let code = code(title);
    let now = code.created_at.expect("made");
    Handover::new(&code, None, "Нажмите # и наберите код", now)
}

#[test]
fn the_default_message_names_the_code_the_intercom_and_the_expiry() {
    let handover = handover("Maria Lopez");
    assert_eq!(handover.valid_for, "4 h");
    assert_eq!(handover.entrance, "2");
    let message = message(None, &handover);
    assert!(message.contains("48213"), "{message}");
    assert!(message.contains("Главный вход"), "{message}");
    assert!(message.contains(&handover.valid_until), "{message}");
    assert!(message.ends_with("Нажмите # и наберите код"), "{message}");
    assert!(!message.contains('{'), "no placeholder left: {message}");
}

#[test]
fn a_broken_template_falls_back_to_the_default_rather_than_reaching_a_visitor() {
    let handover = handover("Maria Lopez");
    let message = message(Some("Your code: {cdoe}"), &handover);
    assert!(!message.contains("{cdoe}"));
    assert_eq!(message, super::message(None, &handover));
    assert_eq!(
        super::message(Some("Code {code}, {title}"), &handover),
        "Code 48213, Maria Lopez"
    );
}

/// The page rendered to pixels (pure Rust, independent of the PDF writer), as a grey image.
fn rasterise(pdf: &[u8]) -> (usize, usize, Vec<u8>) {
    use hayro::hayro_syntax::Pdf;
    let pdf = Pdf::new(Arc::new(pdf.to_vec())).expect("a PDF the renderer reads");
    let page = &pdf.pages()[0];
    let pixmap = hayro::render(
        page,
        &hayro::RenderCache::new(),
        &hayro::hayro_interpret::InterpreterSettings::default(),
        &hayro::RenderSettings::default(),
        &hayro::PixmapSettings {
            x_scale: 3.0,
            y_scale: 3.0,
            bg_color: hayro::vello_cpu::color::palette::css::WHITE,
        },
    );
    let (width, height) = (usize::from(pixmap.width()), usize::from(pixmap.height()));
    let grey = pixmap
        .data()
        .iter()
        .map(|pixel| ((u16::from(pixel.r) + u16::from(pixel.g) + u16::from(pixel.b)) / 3) as u8)
        .collect();
    (width, height, grey)
}

fn decode_qr(width: usize, height: usize, grey: &[u8]) -> String {
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| grey[y * width + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on the slip");
    let (_, content) = grids[0].decode().expect("the QR code decodes");
    content
}

#[test]
fn every_slip_size_has_real_text_and_a_qr_code_of_the_message() {
    let handover = handover("Мария Лопес");
    let message = message(None, &handover);
    for size in SlipSize::ALL {
        let pdf = render_pdf(&handover, size, &message).expect("a slip");
        assert!(pdf.starts_with(b"%PDF-"), "{size:?}");

        let text = pdf_extract::extract_text_from_mem(&pdf).expect("the PDF's text");
        for expected in [
            "48213",
            "Мария Лопес",
            "Главный вход",
            "ул. Садовая, 12",
            "Нажмите # и наберите код",
        ] {
            assert!(
                text.contains(expected),
                "{size:?}: {expected:?} not in {text:?}"
            );
        }
        assert!(text.contains(&handover.valid_until), "{size:?}: {text:?}");

        let (width, height, grey) = rasterise(&pdf);
        assert_eq!(decode_qr(width, height, &grey), message, "{size:?}");
    }
}

#[test]
fn slip_sizes_have_their_paper() {
    let handover = handover("Maria Lopez");
    let page_width = |size| {
        let pdf = render_pdf(&handover, size, "x").expect("a slip");
        let (width, height, _) = rasterise(&pdf);
        (
            width as f32 / 3.0 * 25.4 / 72.0,
            height as f32 / 3.0 * 25.4 / 72.0,
        )
    };
    let (w, h) = page_width(SlipSize::A6);
    assert!(
        (w - 105.0).abs() < 1.0 && (h - 148.0).abs() < 1.0,
        "A6: {w}×{h} mm"
    );
    let (w, h) = page_width(SlipSize::A4);
    assert!(
        (w - 210.0).abs() < 1.0 && (h - 297.0).abs() < 1.0,
        "A4: {w}×{h} mm"
    );
    let (w, h) = page_width(SlipSize::Receipt);
    assert!((w - 80.0).abs() < 1.0, "receipt: {w} mm wide");
    assert!(
        h > 60.0 && h < 200.0,
        "receipt as long as its content: {h} mm"
    );
    assert_eq!(SlipSize::from_name("receipt"), Some(SlipSize::Receipt));
}
