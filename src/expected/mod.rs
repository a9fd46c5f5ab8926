//! Expected visitors: who is coming, kept on this computer (a table of the account's journal file) until they
//! arrive, when their code is made. An account holds few codes at once and a code is valid from the moment it is
//! made, so a visitor expected tomorrow takes no slot today. Nothing here is sent to the server; no egui.
//!
//! `import` reads a visitor list from a file (CSV or XLSX) into a preview; `store` keeps them.

pub mod import;
pub mod store;

use chrono::{DateTime, Datelike as _, Local, NaiveDate, NaiveTime, TimeDelta, Utc};
use serde::Serialize;

use crate::new_code::{DEFAULT_EXPIRY, local_to_utc};
use crate::t;

/// Most characters kept of one field (a name, a note): what a file brings is bounded before the desk holds it.
pub const MAX_FIELD_CHARS: usize = 200;

/// A visitor as typed or imported, before the desk keeps them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewVisitor {
    pub name: String,
    pub flat: String,
    pub company: String,
    /// Whom they visit.
    pub host: String,
    /// The door their code opens, when known already (else it is chosen when they arrive).
    pub intercom_id: Option<u64>,
    /// The day of the visit, local.
    pub day: NaiveDate,
    /// The window of the visit, local; either end may be open.
    pub from: Option<NaiveTime>,
    pub to: Option<NaiveTime>,
    pub note: String,
}

impl NewVisitor {
    /// A visitor called `name` on `day`, everything else empty.
    pub fn new(name: &str, day: NaiveDate) -> Self {
        Self {
            name: name.to_owned(),
            flat: String::new(),
            company: String::new(),
            host: String::new(),
            intercom_id: None,
            day,
            from: None,
            to: None,
            note: String::new(),
        }
    }

    /// The visitor with every text trimmed, or why the desk does not take them.
    pub fn checked(mut self) -> Result<Self, Invalid> {
        for (field, text) in [
            (Field::Name, &mut self.name),
            (Field::Flat, &mut self.flat),
            (Field::Company, &mut self.company),
            (Field::Host, &mut self.host),
            (Field::Note, &mut self.note),
        ] {
            let trimmed = text.trim();
            if trimmed.chars().count() > MAX_FIELD_CHARS {
                return Err(Invalid::TooLong(field));
            }
            *text = trimmed.to_owned();
        }
        if self.name.is_empty() {
            return Err(Invalid::NoName);
        }
        if let (Some(from), Some(to)) = (self.from, self.to)
            && from >= to
        {
            return Err(Invalid::WindowBackwards { from, to });
        }
        Ok(self)
    }
}

/// A visitor the desk keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Visitor {
    pub id: i64,
    #[serde(flatten)]
    pub details: NewVisitor,
    /// Who added them: the operating system's user (and "command line" when added there).
    pub added_by: String,
    pub added_at: DateTime<Utc>,
    /// Set once their code is made.
    pub arrived_at: Option<DateTime<Utc>>,
    pub code_id: Option<u64>,
    /// The code they were given.
    pub code: String,
}

impl Visitor {
    /// Whether `query` (folded by [`fold`]) is in the name, the flat, the company or the host; an empty query
    /// finds everyone.
    pub fn matches(&self, folded_query: &str) -> bool {
        folded_query.is_empty()
            || [
                &self.details.name,
                &self.details.flat,
                &self.details.company,
                &self.details.host,
            ]
            .into_iter()
            .any(|text| fold(text).contains(folded_query))
    }

    /// Where the visit stands at `now` (local).
    pub fn timing(&self, now: chrono::NaiveDateTime) -> Timing {
        if self.arrived_at.is_some() {
            return Timing::Arrived;
        }
        let day = self.details.day;
        if day != now.date() {
            return if day < now.date() {
                Timing::Gone
            } else {
                Timing::Later
            };
        }
        let time = now.time();
        match (self.details.from, self.details.to) {
            (_, Some(to)) if time >= to => Timing::Gone,
            (Some(from), _) if time < from => Timing::Later,
            _ => Timing::Now,
        }
    }

    /// The title of their code: the name and flat ("Anna Petrova, flat 12"), or the name alone.
    pub fn code_title(&self) -> String {
        if self.details.flat.is_empty() {
            self.details.name.clone()
        } else {
            t!(
                "expected-code-title",
                name = self.details.name.as_str(),
                flat = self.details.flat.as_str()
            )
        }
    }

    /// Until when their code is valid, made at `now`: the end of their window, or the usual default when the
    /// window has no end or its end has passed.
    pub fn code_expiry(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        self.details
            .to
            .and_then(|to| local_to_utc(self.details.day.and_time(to)))
            .filter(|end| *end > now + TimeDelta::minutes(1))
            .unwrap_or_else(|| DEFAULT_EXPIRY.at(now))
    }

    /// The day and window as people read them: "2026-12-07 14:00–16:00", "2026-12-07 from 14:00", …
    pub fn window_text(&self) -> String {
        let day = self.details.day.format("%Y-%m-%d").to_string();
        let time = |time: NaiveTime| time.format("%H:%M").to_string();
        match (self.details.from, self.details.to) {
            (Some(from), Some(to)) => format!("{day} {}–{}", time(from), time(to)),
            (Some(from), None) => t!("expected-window-from", day = day, from = time(from)),
            (None, Some(to)) => t!("expected-window-until", day = day, to = time(to)),
            (None, None) => day,
        }
    }
}

/// An expected visitor given their code: what the journal writes to link the two.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrival {
    pub visitor: i64,
    pub name: String,
    /// The day and window they were expected in, as people read it ([`Visitor::window_text`]).
    pub window: String,
    pub added_by: String,
    pub added_at: DateTime<Utc>,
    /// When the desk began making their code (before the code's own line).
    pub at: DateTime<Utc>,
    pub code: aipix_client::api::Code,
}

impl Arrival {
    /// `visitor` given `code`, which the desk began making at `at`.
    pub fn of(visitor: &Visitor, code: aipix_client::api::Code, at: DateTime<Utc>) -> Self {
        Self {
            visitor: visitor.id,
            name: visitor.details.name.clone(),
            window: visitor.window_text(),
            added_by: visitor.added_by.clone(),
            added_at: visitor.added_at,
            at,
            code,
        }
    }
}

/// What the window asks of the account's table (its backend carries it out off the window's thread).
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// The visitors of `day`.
    Load { day: NaiveDate },
    /// Keep a visitor (typed in the window), then the visitors of their day.
    Add {
        visitor: NewVisitor,
        added_by: String,
        at: DateTime<Utc>,
    },
    /// Keep the visitors of an import, all or none, then the visitors of `day` (the day Today shows).
    Import {
        visitors: Vec<NewVisitor>,
        added_by: String,
        at: DateTime<Utc>,
        day: NaiveDate,
    },
    /// `visitor` was given their code, then the visitors of `day`.
    Arrived {
        visitor: i64,
        day: NaiveDate,
        at: DateTime<Utc>,
        code_id: u64,
        code: String,
    },
}

/// What the backend answers a [`Request`].
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// The visitors of `day`, by the start of their window; `added`: the visitor a request added.
    Day {
        day: NaiveDate,
        visitors: Vec<Visitor>,
        added: Option<i64>,
    },
    /// The table could not be read or written: why, in the user's language.
    Failed { reason: String },
    /// A visitor list picked for import, read off the window's thread: the file's name and its cells, or why it
    /// could not be read (in the user's language). Nothing is kept until its preview is accepted.
    ListRead {
        file: String,
        sheet: Result<import::Sheet, String>,
    },
}

/// Where an expected visit stands now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Timing {
    /// Expected now: today, inside the window (or no window).
    Now,
    /// Later today, or a later day.
    Later,
    /// Their code was made.
    Arrived,
    /// The window (or the day) has passed without them.
    Gone,
}

impl Timing {
    pub fn label(self) -> &'static str {
        match self {
            Timing::Now => t!("expected-timing-now"),
            Timing::Later => t!("expected-timing-later"),
            Timing::Arrived => t!("expected-timing-arrived"),
            Timing::Gone => t!("expected-timing-gone"),
        }
    }
}

/// What a visitor's details are, one by one (the columns of an import, the reasons of a refusal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    Flat,
    Company,
    Host,
    Intercom,
    Day,
    From,
    To,
    /// "14:00–16:00" in one cell.
    Window,
    Note,
}

impl Field {
    pub const ALL: [Field; 10] = [
        Field::Name,
        Field::Flat,
        Field::Company,
        Field::Host,
        Field::Intercom,
        Field::Day,
        Field::From,
        Field::To,
        Field::Window,
        Field::Note,
    ];

    /// Its name on the command line (`--columns`) and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Flat => "flat",
            Field::Company => "company",
            Field::Host => "host",
            Field::Intercom => "intercom",
            Field::Day => "day",
            Field::From => "from",
            Field::To => "to",
            Field::Window => "window",
            Field::Note => "note",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Field::Name => t!("expected-field-name"),
            Field::Flat => t!("expected-field-flat"),
            Field::Company => t!("expected-field-company"),
            Field::Host => t!("expected-field-host"),
            Field::Intercom => t!("expected-field-intercom"),
            Field::Day => t!("expected-field-day"),
            Field::From => t!("expected-field-from"),
            Field::To => t!("expected-field-to"),
            Field::Window => t!("expected-field-window"),
            Field::Note => t!("expected-field-note"),
        }
    }
}

/// Why a visitor is not taken. `Display` for logs; [`Invalid::text`] for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    #[error("no name")]
    NoName,
    #[error("{0:?} is longer than {MAX_FIELD_CHARS} characters")]
    TooLong(Field),
    #[error("the window ends ({to}) before it begins ({from})")]
    WindowBackwards { from: NaiveTime, to: NaiveTime },
    #[error("{0:?} is not a date")]
    BadDay(String),
    #[error("{0:?} is not a time")]
    BadTime(String),
    #[error("{0:?} is not an intercom")]
    UnknownIntercom(String),
    #[error("the day {0} has passed")]
    Past(NaiveDate),
}

impl Invalid {
    pub fn text(&self) -> String {
        match self {
            Invalid::NoName => t!("expected-invalid-no-name").to_owned(),
            Invalid::TooLong(field) => t!(
                "expected-invalid-too-long",
                field = field.label(),
                most = MAX_FIELD_CHARS
            ),
            Invalid::WindowBackwards { from, to } => t!(
                "expected-invalid-window",
                from = from.format("%H:%M").to_string(),
                to = to.format("%H:%M").to_string()
            ),
            Invalid::BadDay(text) => t!("expected-invalid-day", text = text.as_str()),
            Invalid::BadTime(text) => t!("expected-invalid-time", text = text.as_str()),
            Invalid::UnknownIntercom(text) => {
                t!("expected-invalid-intercom", text = text.as_str())
            }
            Invalid::Past(day) => t!(
                "expected-invalid-past",
                day = day.format("%Y-%m-%d").to_string()
            ),
        }
    }
}

/// Text as the search compares it: lowercase, ё as е (Russian writes either for the same name), spaces trimmed.
pub fn fold(text: &str) -> String {
    text.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

/// A day as typed: `2026-12-07`, `07.12.2026`, `07.12.26`, `07/12/2026` (day first), `today`/`сегодня`,
/// `tomorrow`/`завтра`.
pub fn parse_day(text: &str, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    let trimmed = text.trim();
    match fold(trimmed).as_str() {
        "today" | "сегодня" => return Ok(today),
        "tomorrow" | "завтра" => {
            return today.succ_opt().ok_or(Invalid::BadDay(trimmed.into()));
        }
        _ => {}
    }
    // A spreadsheet's date may come with a midnight time.
    let day_part = trimmed.split([' ', 'T']).next().unwrap_or(trimmed);
    ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y", "%d/%m/%y"]
        .into_iter()
        .filter_map(|format| NaiveDate::parse_from_str(day_part, format).ok())
        // `%Y` takes "26" as the year 26: a two-digit year is `%y`'s.
        .find(|day| day.year() >= 1000)
        .ok_or_else(|| Invalid::BadDay(trimmed.to_owned()))
}

/// A time as typed: `14:00`, `9:30`, `14.00`, `14`, with seconds ignored.
pub fn parse_time(text: &str) -> Result<NaiveTime, Invalid> {
    let trimmed = text.trim();
    let bad = || Invalid::BadTime(trimmed.to_owned());
    let mut parts = trimmed.split([':', '.']);
    let hour: u32 = parts
        .next()
        .and_then(|hour| hour.trim().parse().ok())
        .ok_or_else(bad)?;
    let minute: u32 = match parts.next() {
        Some(minute) => minute.trim().parse().map_err(|_| bad())?,
        None => 0,
    };
    NaiveTime::from_hms_opt(hour, minute, 0).ok_or_else(bad)
}

/// A window in one cell: `14:00-16:00`, `14:00–16:00`, `14:00 — 16:00`, or a single time (from then on).
pub fn parse_window(text: &str) -> Result<(Option<NaiveTime>, Option<NaiveTime>), Invalid> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok((None, None));
    }
    match trimmed.split_once(['-', '–', '—']) {
        Some((from, to)) => {
            let from = Some(from.trim()).filter(|from| !from.is_empty());
            let to = Some(to.trim()).filter(|to| !to.is_empty());
            Ok((
                from.map(parse_time).transpose()?,
                to.map(parse_time).transpose()?,
            ))
        }
        None => Ok((Some(parse_time(trimmed)?), None)),
    }
}

/// The local day and time now.
pub fn local_now(now: DateTime<Utc>) -> chrono::NaiveDateTime {
    now.with_timezone(&Local).naive_local()
}

#[cfg(test)]
mod tests;
