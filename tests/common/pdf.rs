//! Reading a PDF back: its text, and the page rendered to pixels by a PDF renderer we did not write (hayro),
//! to decode the QR code printed on it.
#![allow(dead_code)] // each test crate uses a different part of this module

use std::sync::Arc;

/// The text of a PDF, as a reader copying it would get it.
pub fn text(pdf: &[u8]) -> String {
    pdf_extract::extract_text_from_mem(pdf).expect("the PDF's text")
}

/// The first page rendered at 3 × 72 dpi, as a grey image: (width, height, pixels).
pub fn rasterise(pdf: &[u8]) -> (usize, usize, Vec<u8>) {
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

/// The page's size in millimetres.
pub fn page_mm(pdf: &[u8]) -> (f32, f32) {
    let (width, height, _) = rasterise(pdf);
    let mm = |pixels: usize| pixels as f32 / 3.0 * 25.4 / 72.0;
    (mm(width), mm(height))
}

/// What the one QR code on the first page holds.
pub fn qr_text(pdf: &[u8]) -> String {
    let (width, height, grey) = rasterise(pdf);
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| grey[y * width + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on the page");
    let (_, content) = grids[0].decode().expect("the QR code decodes");
    content
}
