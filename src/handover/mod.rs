//! Handing a code over to the visitor: the share message from a template, and the printable slip. Plain data
//! and text: no egui, no I/O.

pub mod slip;
pub mod template;

use aipix_client::api::{Code, Intercom};
use chrono::{DateTime, Utc};

use crate::i18n::{self, Span};
use crate::t;

pub use slip::{SlipError, SlipFailure, SlipSize, Void, render_pdf, render_void_pdf};
pub use template::{Mark, MarkKind, PLACEHOLDERS, Placeholder, Template, TemplateError};

/// What a message or a slip says about one code, as the visitor reads it (local time, their language).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Handover {
    pub code: String,
    pub title: String,
    pub intercom: String,
    pub address: String,
    /// The entrance number, empty when the server gave none.
    pub entrance: String,
    /// The address and the entrance together ("Mill Lane 4, entrance 2"), whichever the server gave; empty when
    /// it gave neither.
    pub place: String,
    pub valid_from: String,
    pub valid_until: String,
    /// How long from now: "4 h 0 min".
    pub valid_for: String,
    /// What to do at the door ("press # then the code"), set per intercom.
    pub instructions: String,
}

impl Handover {
    /// The code as the visitor reads it at `now`. `intercom` is the full intercom when known (its address may
    /// have changed since the code's listing); `instructions` are those set for it.
    pub fn new(
        code: &Code,
        intercom: Option<&Intercom>,
        instructions: &str,
        now: DateTime<Utc>,
    ) -> Self {
        let (title, address, entrance) = match intercom {
            Some(intercom) => (
                intercom.title.clone(),
                intercom.address.clone(),
                intercom.department,
            ),
            None => match &code.intercom {
                Some(brief) => (brief.title.clone(), brief.address.clone(), brief.department),
                None => (crate::domain::intercom_name(code), String::new(), None),
            },
        };
        let minutes = (code.expired_at - now).num_minutes().max(0);
        Self {
            // Callers hand over only a code with a value (`Code::code_value`): none is never on a slip.
            code: code.code_value().unwrap_or_default().to_owned(),
            title: code.title.clone(),
            intercom: title,
            place: place(&address, entrance),
            address,
            entrance: entrance.map(|n| n.to_string()).unwrap_or_default(),
            valid_from: code
                .created_at
                .map_or_else(|| i18n::date_time(now, now), |at| i18n::date_time(at, now)),
            valid_until: i18n::date_time(code.expired_at, now),
            valid_for: i18n::current().duration(&Span::from_minutes(minutes)),
            instructions: instructions.trim().to_owned(),
        }
    }
}

/// "Mill Lane 4, entrance 2": the address and the entrance the server gave, either, or neither.
pub fn place(address: &str, entrance: Option<i64>) -> String {
    let entrance = entrance.map(|number| t!("intercom-entrance", number = number));
    [Some(address.trim().to_owned()), entrance]
        .into_iter()
        .flatten()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The share template of the current language, used until the user writes their own: it names the door's
/// address and entrance.
pub fn default_template() -> &'static str {
    t!("share-template-default")
}

/// The language's default for `handover`: the one with the address and entrance, or, for a door the server gave
/// neither of, the one without them (never "for Gate (), …").
fn default_for(handover: &Handover) -> &'static str {
    if handover.place.is_empty() {
        t!("share-template-default-no-place")
    } else {
        default_template()
    }
}

/// The share message for `handover`: the user's template when it is valid, else the language's default.
pub fn message(template: Option<&str>, handover: &Handover) -> String {
    template
        .and_then(|text| Template::parse(text).ok())
        .or_else(|| Template::parse(default_for(handover)).ok())
        .map_or_else(
            || format!("{} {}", handover.code, handover.valid_until),
            |template| template.render(handover),
        )
}
