//! Captcha images: random text drawn with a tiny built-in 5×7 bitmap font into a grayscale PNG,
//! answered as a `data:` URL like the server's `img` field.

use base64::Engine as _;
use rand::RngExt;

/// Characters a captcha uses: no 0/O, 1/I, B/8 or similar pairs a person would confuse.
const ALPHABET: &[u8] = b"23456789ACEFHKMNPRTUVWXY";
const LENGTH: usize = 5;

/// Each glyph is 7 rows of 5 pixels, the high bit of the 5 on the left.
const GLYPH_WIDTH: usize = 5;
const GLYPH_HEIGHT: usize = 7;
const SCALE: usize = 4;
const GAP: usize = 6;
const MARGIN: usize = 8;
/// Room for each character's random vertical shift.
const JITTER: usize = 6;

const BACKGROUND: u8 = 242;
const INK: u8 = 40;

fn glyph(c: char) -> Option<[u8; GLYPH_HEIGHT]> {
    Some(match c {
        '2' => [0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F],
        '3' => [0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E],
        '4' => [0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02],
        '5' => [0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E],
        '6' => [0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E],
        '7' => [0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
        '8' => [0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E],
        '9' => [0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C],
        'A' => [0x0E, 0x11, 0x11, 0x11, 0x1F, 0x11, 0x11],
        'C' => [0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E],
        'E' => [0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F],
        'F' => [0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10],
        'H' => [0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11],
        'K' => [0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11],
        'M' => [0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11],
        'N' => [0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11],
        'P' => [0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10],
        'R' => [0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11],
        'T' => [0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04],
        'U' => [0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E],
        'V' => [0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04],
        'W' => [0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A],
        'X' => [0x11, 0x11, 0x0A, 0x04, 0x0A, 0x11, 0x11],
        'Y' => [0x11, 0x11, 0x11, 0x0A, 0x04, 0x04, 0x04],
        _ => return None,
    })
}

/// A fresh captcha answer.
pub(crate) fn random_text() -> String {
    let mut rng = rand::rng();
    (0..LENGTH)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

/// `text` drawn as a PNG, as `data:image/png;base64,...`. Characters without a glyph are left
/// blank.
pub(crate) fn data_url(text: &str) -> Result<String, png::EncodingError> {
    let png = render_png(text)?;
    let encoded = base64::engine::general_purpose::STANDARD.encode(png);
    Ok(format!("data:image/png;base64,{encoded}"))
}

fn render_png(text: &str) -> Result<Vec<u8>, png::EncodingError> {
    let chars = text.chars().count().max(1);
    let cell = GLYPH_WIDTH * SCALE + GAP;
    let width = MARGIN * 2 + chars * cell - GAP;
    let height = MARGIN * 2 + GLYPH_HEIGHT * SCALE + JITTER;
    let mut pixels = vec![BACKGROUND; width * height];
    let mut rng = rand::rng();

    // Light speckle so the image is not a clean font rendering.
    for _ in 0..width * height / 12 {
        let at = rng.random_range(0..pixels.len());
        pixels[at] = rng.random_range(170..=225);
    }

    for (index, c) in text.chars().enumerate() {
        let Some(rows) = glyph(c.to_ascii_uppercase()) else {
            continue;
        };
        let left = MARGIN + index * cell;
        let top = MARGIN + rng.random_range(0..=JITTER);
        for (row, bits) in rows.iter().enumerate() {
            for col in 0..GLYPH_WIDTH {
                if bits & (0x10 >> col) == 0 {
                    continue;
                }
                for dy in 0..SCALE {
                    let y = top + row * SCALE + dy;
                    let start = y * width + left + col * SCALE;
                    pixels[start..start + SCALE].fill(INK);
                }
            }
        }
    }

    let mut out = Vec::new();
    // Dimensions are a few hundred pixels at most: the conversions cannot truncate.
    let mut encoder = png::Encoder::new(&mut out, width as u32, height as u32);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&pixels)?;
    writer.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_alphabet_character_has_a_glyph() {
        for &c in ALPHABET {
            assert!(glyph(char::from(c)).is_some(), "{}", char::from(c));
        }
    }

    #[test]
    fn random_text_uses_the_alphabet() {
        let text = random_text();
        assert_eq!(text.len(), LENGTH);
        assert!(text.bytes().all(|b| ALPHABET.contains(&b)));
    }

    #[test]
    fn image_is_a_decodable_png_data_url() {
        let url = data_url("AB3?x");
        let Ok(url) = url else {
            panic!("encoding failed: {url:?}")
        };
        let b64 = url
            .strip_prefix("data:image/png;base64,")
            .unwrap_or_default();
        let bytes = base64::engine::general_purpose::STANDARD.decode(b64);
        let Ok(bytes) = bytes else {
            panic!("not base64")
        };
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let reader = decoder.read_info();
        let Ok(reader) = reader else {
            panic!("not a png")
        };
        let info = reader.info();
        assert_eq!(
            info.width as usize,
            MARGIN * 2 + 5 * (GLYPH_WIDTH * SCALE + GAP) - GAP
        );
        assert_eq!(
            info.height as usize,
            MARGIN * 2 + GLYPH_HEIGHT * SCALE + JITTER
        );
    }

    #[test]
    fn empty_text_still_renders() {
        assert!(data_url("").is_ok());
    }
}
