//! Share-message templates: text with `{placeholders}` filled from a code and its intercom. A template with a
//! placeholder we do not know is refused when it is edited, so a visitor never receives `{cdoe}`.

use std::fmt;

use super::Handover;

/// The placeholders a template may use, in the order the editor lists them.
pub const PLACEHOLDERS: [Placeholder; 9] = [
    Placeholder::Code,
    Placeholder::Title,
    Placeholder::Intercom,
    Placeholder::Place,
    Placeholder::Address,
    Placeholder::Entrance,
    Placeholder::ValidUntil,
    Placeholder::ValidFor,
    Placeholder::Instructions,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholder {
    Code,
    Title,
    Intercom,
    /// The address and the entrance as people read them together, whichever the server gave.
    Place,
    Address,
    Entrance,
    ValidUntil,
    ValidFor,
    Instructions,
}

impl Placeholder {
    /// The name written between braces.
    pub fn name(self) -> &'static str {
        match self {
            Placeholder::Code => "code",
            Placeholder::Title => "title",
            Placeholder::Intercom => "intercom",
            Placeholder::Place => "place",
            Placeholder::Address => "address",
            Placeholder::Entrance => "entrance",
            Placeholder::ValidUntil => "valid_until",
            Placeholder::ValidFor => "valid_for",
            Placeholder::Instructions => "instructions",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        PLACEHOLDERS.into_iter().find(|p| p.name() == name)
    }

    /// The placeholder a mistyped `name` most likely meant (`cdoe`, `valid until`, `Code`), if one is close.
    pub fn nearest(name: &str) -> Option<Self> {
        let name = name.trim().to_lowercase().replace([' ', '-'], "_");
        PLACEHOLDERS
            .into_iter()
            .map(|p| (strsim::damerau_levenshtein(&name, p.name()), p))
            .filter(|(distance, p)| *distance <= 2.min(p.name().len() / 2))
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, p)| p)
    }

    fn value(self, handover: &Handover) -> &str {
        match self {
            Placeholder::Code => &handover.code,
            Placeholder::Title => &handover.title,
            Placeholder::Intercom => &handover.intercom,
            Placeholder::Place => &handover.place,
            Placeholder::Address => &handover.address,
            Placeholder::Entrance => &handover.entrance,
            Placeholder::ValidUntil => &handover.valid_until,
            Placeholder::ValidFor => &handover.valid_for,
            Placeholder::Instructions => &handover.instructions,
        }
    }
}

/// What is wrong with a template, with where (a character offset) so the editor can point at it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("unknown placeholder {{{name}}} at character {at}")]
    Unknown { name: String, at: usize },
    #[error("a {{ at character {at} is not closed")]
    Unclosed { at: usize },
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Slot(Placeholder),
}

/// A template that passed the check: every placeholder is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pieces: Vec<Piece>,
}

/// One token of a template's text, with where it stands (in characters).
enum Token {
    /// A character of the text (a doubled brace counts as one).
    Literal(char),
    /// `{name}`, known or not; `len` counts the braces.
    Slot { at: usize, len: usize, name: String },
    /// A `{` with no `}` after it: the rest of the text.
    Unclosed { at: usize },
}

/// Reads `text` into tokens: the one reading both the parser and the editor's marks use.
fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match (chars[i], chars.get(i + 1)) {
            ('{', Some('{')) | ('}', Some('}')) => {
                tokens.push(Token::Literal(chars[i]));
                i += 2;
            }
            ('{', _) => {
                let Some(length) = chars[i + 1..].iter().position(|c| *c == '}') else {
                    tokens.push(Token::Unclosed { at: i });
                    break;
                };
                tokens.push(Token::Slot {
                    at: i,
                    len: length + 2,
                    name: chars[i + 1..i + 1 + length].iter().collect(),
                });
                i += length + 2;
            }
            (c, _) => {
                tokens.push(Token::Literal(c));
                i += 1;
            }
        }
    }
    tokens
}

/// What a stretch of a template is, for an editor that colours it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    Placeholder(Placeholder),
    /// A placeholder we do not know: an error.
    Unknown,
    /// An opening brace never closed (to the end of the text): an error.
    Unclosed,
}

/// A stretch of a template worth marking, in characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub chars: std::ops::Range<usize>,
    pub kind: MarkKind,
}

impl Template {
    /// Reads a template. `{name}` is a placeholder; `{{` and `}}` are literal braces. Every problem is
    /// reported, not just the first.
    pub fn parse(text: &str) -> Result<Self, Vec<TemplateError>> {
        let mut pieces = Vec::new();
        let mut errors = Vec::new();
        let mut literal = String::new();
        for token in tokens(text) {
            match token {
                Token::Literal(c) => literal.push(c),
                Token::Slot { at, name, .. } => match Placeholder::from_name(name.trim()) {
                    Some(placeholder) => {
                        if !literal.is_empty() {
                            pieces.push(Piece::Text(std::mem::take(&mut literal)));
                        }
                        pieces.push(Piece::Slot(placeholder));
                    }
                    None => errors.push(TemplateError::Unknown { name, at }),
                },
                Token::Unclosed { at } => errors.push(TemplateError::Unclosed { at }),
            }
        }
        if !literal.is_empty() {
            pieces.push(Piece::Text(literal));
        }
        if errors.is_empty() {
            Ok(Self { pieces })
        } else {
            Err(errors)
        }
    }

    /// The placeholders and the errors of `text`, where they stand: what an editor colours.
    pub fn marks(text: &str) -> Vec<Mark> {
        let end = text.chars().count();
        tokens(text)
            .into_iter()
            .filter_map(|token| match token {
                Token::Literal(_) => None,
                Token::Slot { at, len, name } => Some(Mark {
                    chars: at..at + len,
                    kind: Placeholder::from_name(name.trim())
                        .map_or(MarkKind::Unknown, MarkKind::Placeholder),
                }),
                Token::Unclosed { at } => Some(Mark {
                    chars: at..end,
                    kind: MarkKind::Unclosed,
                }),
            })
            .collect()
    }

    /// The message for one code. A line that only held values which are empty (no instructions, no address)
    /// is dropped, so the message has no holes; blank lines written in the template stay (one at most).
    pub fn render(&self, handover: &Handover) -> String {
        #[derive(Default)]
        struct Line {
            text: String,
            /// A placeholder stood on this line.
            has_value: bool,
        }
        let mut lines = vec![Line::default()];
        let mut add = |text: &str, is_value: bool| {
            for (i, part) in text.split('\n').enumerate() {
                if i > 0 {
                    lines.push(Line::default());
                }
                if let Some(line) = lines.last_mut() {
                    line.text.push_str(part);
                    line.has_value |= is_value;
                }
            }
        };
        for piece in &self.pieces {
            match piece {
                Piece::Text(text) => add(text, false),
                Piece::Slot(placeholder) => add(placeholder.value(handover), true),
            }
        }
        let mut kept: Vec<&str> = Vec::with_capacity(lines.len());
        for line in &lines {
            let text = line.text.trim_end();
            if text.trim().is_empty() {
                // Emptied by its values, or a blank line at the start or after another: nothing to show.
                if line.has_value || kept.last().is_none_or(|last| last.is_empty()) {
                    continue;
                }
                kept.push("");
            } else {
                kept.push(text);
            }
        }
        while kept.last().is_some_and(|last| last.is_empty()) {
            kept.pop();
        }
        kept.join("\n")
    }

    /// Whether the template uses `placeholder`.
    pub fn uses(&self, placeholder: Placeholder) -> bool {
        self.pieces.contains(&Piece::Slot(placeholder))
    }
}

impl fmt::Display for Template {
    /// The template as it would be typed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for piece in &self.pieces {
            match piece {
                Piece::Text(text) => write!(f, "{}", text.replace('{', "{{").replace('}', "}}"))?,
                Piece::Slot(placeholder) => write!(f, "{{{}}}", placeholder.name())?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handover() -> Handover {
        Handover {
            code: "48213".into(),
            title: "Maria Lopez".into(),
            intercom: "Main entrance".into(),
            address: "12 Garden St".into(),
            entrance: "2".into(),
            place: "12 Garden St, entrance 2".into(),
            valid_until: "Fri 27 Nov 18:00".into(),
            valid_for: "4 h".into(),
            valid_from: "Fri 27 Nov 14:00".into(),
            instructions: "Press # then the code".into(),
        }
    }

    #[test]
    fn placeholders_are_filled() {
        let template =
            Template::parse("{title}: code {code} for {intercom} ({address}, entrance {entrance}), until {valid_until} ({valid_for}). {instructions}")
                .expect("valid");
        assert_eq!(
            template.render(&handover()),
            "Maria Lopez: code 48213 for Main entrance (12 Garden St, entrance 2), until Fri 27 Nov 18:00 (4 h). Press # then the code"
        );
    }

    #[test]
    fn unknown_and_unclosed_placeholders_are_refused_with_where() {
        let errors =
            Template::parse("Code {cdoe} for {intercom}, {valid until}").expect_err("unknown");
        assert_eq!(
            errors,
            vec![
                TemplateError::Unknown {
                    name: "cdoe".into(),
                    at: 5
                },
                TemplateError::Unknown {
                    name: "valid until".into(),
                    at: 28
                },
            ]
        );
        assert_eq!(
            Template::parse("Code {code").expect_err("unclosed"),
            vec![TemplateError::Unclosed { at: 5 }]
        );
    }

    #[test]
    fn double_braces_are_literal_and_survive_a_round_trip() {
        let text = "{{not a placeholder}} {code}";
        let template = Template::parse(text).expect("valid");
        assert_eq!(template.render(&handover()), "{not a placeholder} 48213");
        assert_eq!(template.to_string(), text);
        assert!(template.uses(Placeholder::Code));
        assert!(!template.uses(Placeholder::Title));
    }

    #[test]
    fn empty_values_leave_no_empty_lines() {
        let template =
            Template::parse("Code {code}\n{instructions}\n\n{address}\nBye").expect("valid");
        let mut bare = handover();
        bare.instructions.clear();
        bare.address.clear();
        assert_eq!(template.render(&bare), "Code 48213\n\nBye");
        // With values, every line is there.
        assert_eq!(
            template.render(&handover()),
            "Code 48213\nPress # then the code\n\n12 Garden St\nBye"
        );
    }

    #[test]
    fn a_mistyped_placeholder_finds_the_one_meant() {
        assert_eq!(Placeholder::nearest("cdoe"), Some(Placeholder::Code));
        assert_eq!(
            Placeholder::nearest("valid until"),
            Some(Placeholder::ValidUntil)
        );
        assert_eq!(Placeholder::nearest("Title"), Some(Placeholder::Title));
        assert_eq!(Placeholder::nearest("name"), None);
        assert_eq!(Placeholder::nearest("x"), None);
    }

    #[test]
    fn marks_show_placeholders_and_errors_where_they_stand() {
        let marks = Template::marks("Код {code}, {{x}} {cdoe} {title");
        assert_eq!(
            marks,
            vec![
                Mark {
                    chars: 4..10,
                    kind: MarkKind::Placeholder(Placeholder::Code)
                },
                Mark {
                    chars: 18..24,
                    kind: MarkKind::Unknown
                },
                Mark {
                    chars: 25..31,
                    kind: MarkKind::Unclosed
                },
            ]
        );
    }

    #[test]
    fn cyrillic_text_keeps_its_offsets_in_characters() {
        let errors = Template::parse("Код {кот}").expect_err("unknown");
        assert_eq!(
            errors,
            vec![TemplateError::Unknown {
                name: "кот".into(),
                at: 4
            }]
        );
    }
}
