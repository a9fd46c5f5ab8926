//! The visitor slip: a printable page with the intercom and its address, the code very large, when it is valid
//! (local time), how to use it, and a QR code of the share message. A PDF with real, searchable text in
//! embedded fonts that cover Cyrillic (the ones egui ships: Ubuntu Light for words, Hack for the code), so it
//! prints the same everywhere.

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

use super::Handover;
use crate::t;

/// 1 mm in PDF points.
const MM: f32 = 72.0 / 25.4;

/// The most lines a text from the server or a person takes on the slip; more is cut with an ellipsis, so that
/// a visitor's very long title cannot push the code or the QR code off the paper.
const TITLE_LINES: usize = 3;
const PLACE_LINES: usize = 2;
const INSTRUCTION_LINES: usize = 6;
/// What of a text is laid out at all (a few lines' worth and more).
const MOST_CHARS: usize = 2_000;
/// A sheet's slip is made smaller, down to this share of its size, until it fits the page.
const LEAST_SHRINK: f32 = 0.5;
/// The smallest square of the QR code (a long message makes many): a phone reads it from arm's length, and an
/// independent decoder from the page rendered at 216 dpi (tests/slip.rs), which half a millimetre was not, nor
/// 0.8 mm once a message with the door's address made a code of 101 squares.
const QR_MODULE: f32 = 0.88 * MM;

/// The paper a slip is made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SlipSize {
    /// A6 postcard, 105 × 148 mm: the usual desk printer tray.
    #[default]
    A6,
    /// 80 mm receipt roll (72 mm printable), as long as the content.
    Receipt,
    /// A4, 210 × 297 mm.
    A4,
}

impl SlipSize {
    pub const ALL: [SlipSize; 3] = [SlipSize::A6, SlipSize::Receipt, SlipSize::A4];

    /// The name on the command line and in the settings.
    pub fn name(self) -> &'static str {
        match self {
            SlipSize::A6 => "a6",
            SlipSize::Receipt => "receipt",
            SlipSize::A4 => "a4",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|size| size.name() == name)
    }

    pub fn label(self) -> &'static str {
        match self {
            SlipSize::A6 => t!("slip-size-a6"),
            SlipSize::Receipt => t!("slip-size-receipt"),
            SlipSize::A4 => t!("slip-size-a4"),
        }
    }

    /// Page width and (for sheets) height in points, and the margin.
    fn page(self) -> (f32, Option<f32>, f32) {
        match self {
            SlipSize::A6 => (105.0 * MM, Some(148.0 * MM), 8.0 * MM),
            SlipSize::Receipt => (80.0 * MM, None, 4.0 * MM),
            SlipSize::A4 => (210.0 * MM, Some(297.0 * MM), 20.0 * MM),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SlipError {
    #[error("the slip's font could not be loaded")]
    Font,
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}

/// Why a slip did not reach the viewer, the printer or its file. `Display` for logs (English);
/// [`SlipFailure::text`] for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlipFailure {
    /// The PDF could not be made (or this run's folder for it).
    #[error("the slip could not be made: {0}")]
    Make(String),
    #[error("the slip could not be written to {}: {reason}", .path.display())]
    Write {
        path: std::path::PathBuf,
        reason: String,
    },
    #[error("the slip was made but could not be opened: {0}")]
    Open(String),
    /// No `lp` on this computer.
    #[error("there is no printer command (lp)")]
    NoPrinter,
    #[error("the printer refused the slip: {0}")]
    NotPrinted(String),
    /// `lp` has no printer to send to: none is the default; `printers` are those the system knows.
    #[error("no printer is the default; printers: {}", .printers.join(", "))]
    NoDefaultPrinter { printers: Vec<String> },
    /// The printing service (CUPS's scheduler) does not answer; what `lp` said.
    #[error("the printing service does not answer: {0}")]
    NoPrintingService(String),
    #[error(transparent)]
    Dialog(#[from] crate::files::DialogError),
}

impl SlipFailure {
    /// What went wrong, in the user's language.
    pub fn text(&self) -> String {
        match self {
            SlipFailure::Make(reason) => t!("slip-failed", reason = reason.as_str()),
            SlipFailure::Write { path, reason } => t!(
                "slip-not-written",
                path = path.display().to_string(),
                reason = reason.as_str()
            ),
            SlipFailure::Open(reason) => t!("slip-not-opened", reason = reason.as_str()),
            SlipFailure::NoPrinter => t!("slip-no-printer").to_owned(),
            SlipFailure::NotPrinted(reason) => t!("slip-not-printed", reason = reason.as_str()),
            SlipFailure::NoDefaultPrinter { printers } if printers.is_empty() => {
                t!("slip-no-printers").to_owned()
            }
            SlipFailure::NoDefaultPrinter { printers } => t!(
                "slip-no-default-printer",
                printers = printers.join(", "),
                first = printers[0].as_str()
            ),
            SlipFailure::NoPrintingService(reason) => {
                t!("slip-no-printing-service", reason = reason.as_str())
            }
            SlipFailure::Dialog(error) => error.text(),
        }
    }
}

/// One font for measuring (how wide a text is) and for drawing.
struct Face {
    font: Font,
    /// Advance widths in em, by character; characters the font lacks measure as the average.
    face: ttf_parser::Face<'static>,
    /// The font for what this one lacks: emoji in a title ("Courier 🚲") would otherwise print as empty boxes.
    fallback: Option<Box<Face>>,
}

impl Face {
    fn new(data: &'static [u8]) -> Result<Self, SlipError> {
        let font = Font::new(data.to_vec().into(), 0).ok_or(SlipError::Font)?;
        let face = ttf_parser::Face::parse(data, 0).map_err(|_| SlipError::Font)?;
        Ok(Self {
            font,
            face,
            fallback: None,
        })
    }

    /// This face, with the emoji egui ships (Noto Emoji, one colour, so it prints) for what it lacks.
    fn with_emoji(mut self) -> Result<Self, SlipError> {
        self.fallback = Some(Box::new(Face::new(
            epaint_default_fonts::NOTO_EMOJI_REGULAR,
        )?));
        Ok(self)
    }

    fn has(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some()
    }

    /// The face that draws `c`: this one, else its fallback when that has it, else this one (its empty box).
    fn for_char(&self, c: char) -> &Face {
        match &self.fallback {
            Some(fallback) if !self.has(c) && fallback.has(c) => fallback,
            _ => self,
        }
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars()
            .map(|c| {
                let face = self.for_char(c);
                let per_em = f32::from(face.face.units_per_em());
                let units = face
                    .face
                    .glyph_index(c)
                    .and_then(|glyph| face.face.glyph_hor_advance(glyph))
                    .map_or(per_em * 0.5, f32::from);
                units / per_em * size
            })
            .sum()
    }

    /// `text` in runs of one face each, as drawn.
    fn runs<'a>(&'a self, text: &str) -> Vec<(&'a Face, String)> {
        let mut runs: Vec<(&Face, String)> = Vec::new();
        for c in text.chars() {
            let face = self.for_char(c);
            match runs.last_mut() {
                Some((last, run)) if std::ptr::eq(*last, face) => run.push(c),
                _ => runs.push((face, c.to_string())),
            }
        }
        runs
    }
}

/// `text` as the slip prints it: without the invisible marks of emoji (the variation selector that asks for
/// colour, the joiner of a family, skin tones), which no printable font draws and which would show as boxes.
fn printable(text: &str) -> String {
    text.chars()
        .filter(|c| {
            !matches!(
                *c,
                '\u{FE0E}' | '\u{FE0F}' | '\u{200D}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0020}'..='\u{E007F}'
            )
        })
        .collect()
}

/// Draws lines top to bottom, centred or left-aligned, wrapping words at the page's width.
struct Writer {
    width: f32,
    margin: f32,
    /// The baseline of the next line.
    y: f32,
}

impl Writer {
    fn room(&self) -> f32 {
        self.width - 2.0 * self.margin
    }

    /// The lines `text` takes at `size`: greedy wrapping at spaces; a word longer than a line is broken where
    /// the line ends. At most `most` lines: the last of them then ends in an ellipsis.
    fn wrap(&self, face: &Face, text: &str, size: f32, most: usize) -> Vec<String> {
        let room = self.room();
        let text: String = printable(text).chars().take(MOST_CHARS).collect();
        let mut lines = Vec::new();
        for paragraph in text.lines() {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                for piece in pieces(face, word, size, room) {
                    let candidate = if line.is_empty() {
                        piece.clone()
                    } else {
                        format!("{line} {piece}")
                    };
                    if !line.is_empty() && face.width(&candidate, size) > room {
                        lines.push(std::mem::replace(&mut line, piece));
                    } else {
                        line = candidate;
                    }
                }
            }
            lines.push(line);
        }
        if lines.len() > most.max(1) {
            lines.truncate(most.max(1));
            if let Some(last) = lines.last_mut() {
                *last = ellipsized(face, last, size, room);
            }
        }
        lines
    }

    fn text(
        &mut self,
        surface: Option<&mut Surface<'_>>,
        face: &Face,
        text: &str,
        size: f32,
        centred: bool,
    ) {
        self.text_at_most(surface, face, text, size, centred, usize::MAX);
    }

    /// [`Writer::text`] in at most `most` lines.
    fn text_at_most(
        &mut self,
        surface: Option<&mut Surface<'_>>,
        face: &Face,
        text: &str,
        size: f32,
        centred: bool,
        most: usize,
    ) {
        let mut surface = surface;
        for line in self.wrap(face, text, size, most) {
            self.y += size * 1.2;
            if let Some(surface) = surface.as_deref_mut() {
                let mut x = if centred {
                    (self.width - face.width(&line, size)) / 2.0
                } else {
                    self.margin
                };
                for (run_face, run) in face.runs(&line) {
                    surface.draw_text(
                        Point::from_xy(x, self.y),
                        run_face.font.clone(),
                        size,
                        &run,
                        false,
                        TextDirection::LeftToRight,
                    );
                    x += run_face.width(&run, size);
                }
            }
        }
    }

    fn gap(&mut self, points: f32) {
        self.y += points;
    }
}

/// `word` in pieces that each fit `room` (one piece when it fits; a character per piece at the very least).
fn pieces(face: &Face, word: &str, size: f32, room: f32) -> Vec<String> {
    if face.width(word, size) <= room {
        return vec![word.to_owned()];
    }
    let mut pieces = Vec::new();
    let mut piece = String::new();
    for c in word.chars() {
        piece.push(c);
        if piece.chars().count() > 1 && face.width(&piece, size) > room {
            piece.pop();
            pieces.push(std::mem::take(&mut piece));
            piece.push(c);
        }
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    pieces
}

/// `line` with an ellipsis at its end, cut so that both fit `room`.
fn ellipsized(face: &Face, line: &str, size: f32, room: f32) -> String {
    let mut kept: Vec<char> = line.trim_end().chars().collect();
    loop {
        let candidate: String = kept.iter().chain(['…'].iter()).collect();
        if kept.is_empty() || face.width(&candidate, size) <= room {
            return candidate;
        }
        kept.pop();
    }
}

/// The slip of one code as a PDF. `qr_text` is what the QR code holds (the share message).
pub fn render_pdf(
    handover: &Handover,
    size: SlipSize,
    qr_text: &str,
) -> Result<Vec<u8>, SlipError> {
    render(handover, size, qr_text, None)
}

/// Why a slip is printed for a code that no longer opens the door.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Void {
    Expired,
    Revoked,
}

impl Void {
    /// The mark across the slip, in capitals: nobody takes it for a working code.
    pub fn mark(self) -> &'static str {
        match self {
            Void::Expired => t!("slip-void-expired"),
            Void::Revoked => t!("slip-void-revoked"),
        }
    }
}

/// The slip of a code that no longer works (asked for on purpose, for a record): marked as such above and below
/// the code, and without the QR code, which would hand the dead code on as if it worked.
pub fn render_void_pdf(
    handover: &Handover,
    size: SlipSize,
    void: Void,
) -> Result<Vec<u8>, SlipError> {
    render(handover, size, "", Some(void))
}

fn render(
    handover: &Handover,
    size: SlipSize,
    qr_text: &str,
    void: Option<Void>,
) -> Result<Vec<u8>, SlipError> {
    let words = Face::new(epaint_default_fonts::UBUNTU_LIGHT)?.with_emoji()?;
    let digits = Face::new(epaint_default_fonts::HACK_REGULAR)?;
    let (width, height, margin) = size.page();
    // Lay it out once without drawing to measure it: a receipt is as long as what is on it, and on a sheet the
    // slip stands in the middle of the page, made smaller until it fits there.
    let mut fit = Fit {
        shrink: 1.0,
        instruction_lines: INSTRUCTION_LINES,
    };
    let mut measured = layout(
        None, handover, void, &words, &digits, width, margin, 0.0, qr_text, fit,
    );
    if let Some(height) = height {
        let room = height - 2.0 * margin;
        while measured > room && fit.shrink > LEAST_SHRINK {
            fit.shrink = (fit.shrink * room / measured * 0.98).max(LEAST_SHRINK);
            measured = layout(
                None, handover, void, &words, &digits, width, margin, 0.0, qr_text, fit,
            );
        }
        // Still too long (a long message makes a large QR code, which never shrinks below readable): the
        // instructions give up lines, down to one, rather than the slip running off the paper.
        while measured > room && fit.instruction_lines > 1 {
            fit.instruction_lines -= 1;
            measured = layout(
                None, handover, void, &words, &digits, width, margin, 0.0, qr_text, fit,
            );
        }
    }
    let (height, top) = match height {
        Some(height) => (height, margin.max((height - measured) / 2.0)),
        None => (measured + 2.0 * margin, margin),
    };

    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title({
                let title = t!(
                    "slip-pdf-title",
                    code = handover.code.as_str(),
                    title = handover.title.as_str()
                );
                match void {
                    Some(void) => format!("{}: {title}", void.mark()),
                    None => title,
                }
            })
            .creator("Visitor Desk".to_owned())
            .language(crate::i18n::language()),
    );
    let settings =
        PageSettings::from_wh(width, height).ok_or_else(|| SlipError::Pdf("page size".into()))?;
    let mut page = document.start_page_with(settings);
    let mut surface = page.surface();
    layout(
        Some(&mut surface),
        handover,
        void,
        &words,
        &digits,
        width,
        margin,
        top,
        qr_text,
        fit,
    );
    surface.finish();
    page.finish();
    document
        .finish()
        .map_err(|error| SlipError::Pdf(format!("{error:?}")))
}

/// A dead code's mark (EXPIRED, REVOKED), above and below its digits; nothing for a live one.
fn void_mark(
    writer: &mut Writer,
    surface: Option<&mut Surface<'_>>,
    words: &Face,
    void: Option<Void>,
    scale: f32,
) {
    if let Some(void) = void {
        writer.text(surface, words, void.mark(), 16.0 * scale, true);
        writer.gap(4.0 * scale);
    }
}

/// How a slip is made to fit its paper: everything `shrink` times its usual size, the instructions in at most
/// so many lines.
#[derive(Debug, Clone, Copy)]
struct Fit {
    shrink: f32,
    instruction_lines: usize,
}

/// Lays the slip out from `top`, drawing when given a surface, as `fit` says; answers the height it takes.
#[allow(clippy::too_many_arguments)] // one call site measures, one draws: a struct would only rename them
fn layout(
    mut surface: Option<&mut Surface<'_>>,
    handover: &Handover,
    void: Option<Void>,
    words: &Face,
    digits: &Face,
    width: f32,
    margin: f32,
    top: f32,
    qr_text: &str,
    fit: Fit,
) -> f32 {
    let shrink = fit.shrink;
    // Sizes scale with the page so that A4 is not a postcard in a corner.
    let scale = (width / (105.0 * MM)).clamp(0.85, 1.8) * shrink;
    let mut writer = Writer {
        width,
        margin,
        y: top,
    };
    void_mark(&mut writer, surface.as_deref_mut(), words, void, scale);
    writer.text(
        surface.as_deref_mut(),
        words,
        t!("slip-heading"),
        9.0 * scale,
        true,
    );
    writer.gap(2.0 * scale);
    writer.text_at_most(
        surface.as_deref_mut(),
        words,
        &handover.intercom,
        15.0 * scale,
        true,
        PLACE_LINES,
    );
    let place = place(handover);
    if !place.is_empty() {
        writer.text_at_most(
            surface.as_deref_mut(),
            words,
            &place,
            10.0 * scale,
            true,
            PLACE_LINES,
        );
    }

    // The code: as large as fits the width, digits in a monospace face so that 1 and 7 are not confused.
    writer.gap(6.0 * scale);
    let room = width - 2.0 * margin;
    let code_size = (room / digits.width(&handover.code, 1.0).max(0.1)).min(72.0 * scale);
    writer.text(
        surface.as_deref_mut(),
        digits,
        &handover.code,
        code_size,
        true,
    );
    // Room for the digits' descent below their baseline.
    writer.gap(code_size * 0.2 + 4.0 * scale);
    void_mark(&mut writer, surface.as_deref_mut(), words, void, scale);

    writer.text_at_most(
        surface.as_deref_mut(),
        words,
        &t!("slip-for", title = handover.title.as_str()),
        11.0 * scale,
        true,
        TITLE_LINES,
    );
    writer.text(
        surface.as_deref_mut(),
        words,
        &t!(
            "slip-valid",
            from = handover.valid_from.as_str(),
            until = handover.valid_until.as_str()
        ),
        10.0 * scale,
        true,
    );
    if !handover.instructions.trim().is_empty() {
        writer.gap(4.0 * scale);
        writer.text_at_most(
            surface.as_deref_mut(),
            words,
            &handover.instructions,
            10.0 * scale,
            true,
            fit.instruction_lines,
        );
    }

    if void.is_none() {
        qr_block(&mut writer, surface.as_deref_mut(), qr_text, scale, shrink);
    }
    writer.gap(4.0 * scale);
    writer.text(surface, words, t!("slip-footer"), 7.0 * scale, true);
    // The last line's descent.
    writer.y + 3.0 * scale - top
}

/// The address and entrance, on one line.
fn place(handover: &Handover) -> String {
    let mut place = handover.address.clone();
    if !handover.entrance.is_empty() {
        if !place.is_empty() {
            place.push_str(" · ");
        }
        place.push_str(&t!("slip-entrance", entrance = handover.entrance.as_str()));
    }
    place
}

/// The QR code centred under what the writer wrote, with room around it; nothing but a gap when the text does not
/// fit in a QR code.
fn qr_block(
    writer: &mut Writer,
    surface: Option<&mut Surface<'_>>,
    qr_text: &str,
    scale: f32,
    shrink: f32,
) {
    let room = writer.room();
    let Some(code) = qr_code(qr_text, room) else {
        writer.gap(8.0 * scale);
        return;
    };
    // A long message makes a dense code: its squares stay readable whatever the slip's size (up to the
    // width of the paper), with the four squares of white around it that a reader needs.
    let readable = code.width() as f32 * QR_MODULE;
    let side = ((room * 0.45).min(60.0 * MM) * shrink)
        .max(readable)
        .min(room);
    let quiet = 4.0 * side / code.width() as f32;
    writer.gap(quiet.max(8.0 * scale));
    if let Some(surface) = surface {
        draw_qr(surface, &code, (writer.width - side) / 2.0, writer.y, side);
    }
    writer.y += side + (quiet - 4.0 * scale).max(0.0);
}

/// The QR code of `text`: with the usual error correction (M) when its squares fit in most of `room` at their
/// readable size, else with the least (L, fewer squares), which a long message (a long door name, its address
/// and instructions) needs to stay on a postcard; `None` when the text fits in no QR code.
fn qr_code(text: &str, room: f32) -> Option<qrcode::QrCode> {
    let usual = qrcode::QrCode::new(text.as_bytes()).ok();
    if usual
        .as_ref()
        .is_some_and(|code| code.width() as f32 * QR_MODULE <= room * 0.8)
    {
        return usual;
    }
    qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::L)
        .ok()
        .or(usual)
}

/// The QR code as black squares on the page (its quiet zone is the white paper around it).
fn draw_qr(surface: &mut Surface<'_>, code: &qrcode::QrCode, x: f32, y: f32, side: f32) {
    let modules = code.width();
    let step = side / modules as f32;
    let mut path = PathBuilder::new();
    for (index, color) in code.to_colors().into_iter().enumerate() {
        if color == qrcode::Color::Dark {
            let (column, row) = ((index % modules) as f32, (index / modules) as f32);
            // A hair wider than the step, so that anti-aliasing leaves no seams between squares.
            if let Some(rect) =
                Rect::from_xywh(x + column * step, y + row * step, step + 0.05, step + 0.05)
            {
                path.push_rect(rect);
            }
        }
    }
    if let Some(path) = path.finish() {
        surface.set_fill(Some(Fill {
            paint: rgb::Color::black().into(),
            opacity: NormalizedF32::ONE,
            rule: FillRule::NonZero,
        }));
        surface.draw_path(&path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoji_in_a_title_are_printed_with_a_font_that_has_them() {
        let words = Face::new(epaint_default_fonts::UBUNTU_LIGHT)
            .and_then(Face::with_emoji)
            .expect("the fonts");
        let title = printable("Курьер 🚲 Maria ☕️ 👍🏽 👨‍👩‍👧 ✉ 🎉!");
        let missing: Vec<char> = title
            .chars()
            .filter(|c| !words.for_char(*c).has(*c))
            .collect();
        assert!(missing.is_empty(), "no glyph for {missing:?}");
        // Words stay in the words' font; an emoji goes to the emoji font, alone in its run.
        let runs: Vec<String> = words
            .runs("Курьер 🚲 ok")
            .into_iter()
            .map(|(_, run)| run)
            .collect();
        assert_eq!(runs, ["Курьер ", "🚲", " ok"]);
    }
}
