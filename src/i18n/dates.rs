//! Dates and distances in time as a language writes them: its day and month names and first day of the week
//! (from the locale data chrono carries), its patterns (from its `.ftl` files), in the local time zone.

use chrono::{DateTime, TimeDelta, Utc, Weekday};
// chrono formats with this very `Locale` type (it re-exports it); its data also gives the calendar words.
use pure_rust_locales::{Locale, locale_match};
use unic_langid::LanguageIdentifier;

/// A distance in whole minutes, as people say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub days: i64,
    pub hours: i64,
    pub minutes: i64,
}

impl Span {
    pub fn from_minutes(minutes: i64) -> Self {
        Self {
            days: minutes / (24 * 60),
            hours: minutes / 60 % 24,
            minutes: minutes % 60,
        }
    }
}

/// How far a moment is from now, to the minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relative {
    /// Less than a minute ahead.
    InUnderAMinute,
    /// Less than a minute ago.
    JustNow,
    In(Span),
    Ago(Span),
}

impl Relative {
    /// How far `at` is from `now`, to the minute ("in 2 h 10 min", "3 min ago" once put in words by
    /// [`Catalog::relative`]), with the moment that distance next changes.
    pub fn between(at: DateTime<Utc>, now: DateTime<Utc>) -> (Relative, DateTime<Utc>) {
        let future = at > now;
        let distance = if future { at - now } else { now - at };
        let minutes = distance.num_minutes();
        let relative = match (minutes < 1, future) {
            (true, true) => Relative::InUnderAMinute,
            (true, false) => Relative::JustNow,
            (false, true) => Relative::In(Span::from_minutes(minutes)),
            (false, false) => Relative::Ago(Span::from_minutes(minutes)),
        };
        // The distance is read in whole minutes, so it changes at most when the whole minutes of the distance
        // do: for a future moment just after the distance drops below its current minute, for a past one when
        // it reaches the next.
        let next = if future {
            if minutes < 1 {
                at
            } else {
                at - TimeDelta::minutes(minutes) + TimeDelta::milliseconds(1)
            }
        } else {
            at + TimeDelta::minutes(minutes + 1)
        };
        (relative, next)
    }

    /// As [`Relative::between`], but changing only just after the clock's whole minutes (and at `at` itself), as
    /// the form's quick choices do, so that the countdowns of a screenful of codes change together in one frame
    /// rather than each in a frame of its own. Each text holds over a minute of the clock (`start`, `end`]: a
    /// moment ahead is read from the end of it (never more time than is left, at most a minute less), a moment past
    /// from its start.
    pub fn on_the_minute(at: DateTime<Utc>, now: DateTime<Utc>) -> (Relative, DateTime<Utc>) {
        let into_minute = TimeDelta::seconds(now.timestamp().rem_euclid(60))
            + TimeDelta::nanoseconds(i64::from(now.timestamp_subsec_nanos()));
        let end = if into_minute.is_zero() {
            now
        } else {
            now - into_minute + TimeDelta::minutes(1)
        };
        let start = end - TimeDelta::minutes(1);
        let after_end = end + TimeDelta::milliseconds(1);
        let (read_at, next) = if at > end {
            (end, after_end)
        } else if at > now {
            // Under a minute left: the moment it runs out is a change of its own.
            (now, at)
        } else if at > start {
            (now, after_end)
        } else {
            (start, after_end)
        };
        (Relative::between(at, read_at).0, next)
    }
}

/// The calendar words of a language, from its locale data.
#[derive(Debug, Clone)]
pub struct DateNames {
    pub(super) locale: Locale,
    /// Short weekday names, Monday first.
    weekdays: [String; 7],
    /// Month names as a calendar's heading writes them (nominative: "Ноябрь", not "ноября").
    months: [String; 12],
    first_weekday: Weekday,
}

impl DateNames {
    pub(super) fn for_language(tag: &LanguageIdentifier) -> Self {
        let locale = chrono_locale(tag);
        let abday: &[&str] = locale_match!(locale => LC_TIME::ABDAY);
        let mon: &[&str] = locale_match!(locale => LC_TIME::MON);
        let alt_mon: Option<&[&str]> = locale_match!(locale => LC_TIME::ALT_MON);
        let first: Option<i64> = locale_match!(locale => LC_TIME::FIRST_WEEKDAY);
        let week: Option<&[i64]> = locale_match!(locale => LC_TIME::WEEK);
        // ABDAY starts on Sunday; ours start on Monday.
        let weekdays = std::array::from_fn(|i| {
            abday
                .get((i + 1) % 7)
                .map_or_else(String::new, |d| capitalise(d))
        });
        let months = std::array::from_fn(|i| {
            alt_mon
                .and_then(|names| names.get(i))
                .or_else(|| mon.get(i))
                .map_or_else(String::new, |m| capitalise(m))
        });
        // glibc counts `first_weekday` from the day of its `week` base date (1997-11-30, a Sunday, by default).
        let base = match week.and_then(|w| w.get(1)) {
            Some(19_971_201) => Weekday::Mon,
            _ => Weekday::Sun,
        };
        let first_weekday = (1..first.unwrap_or(1)).fold(base, |day, _| day.succ());
        Self {
            locale,
            weekdays,
            months,
            first_weekday,
        }
    }

    /// "Mo"/"Пн": a short weekday name.
    pub fn weekday(&self, day: Weekday) -> &str {
        &self.weekdays[day.num_days_from_monday() as usize]
    }

    /// "November"/"Ноябрь", for a calendar heading; `month` is 1 to 12.
    pub fn month(&self, month: u32) -> &str {
        self.months
            .get(month.saturating_sub(1) as usize)
            .map_or("", String::as_str)
    }

    pub fn first_weekday(&self) -> Weekday {
        self.first_weekday
    }

    /// The locale data chrono formats with, for patterns of a language's `.ftl` files.
    pub fn chrono_locale(&self) -> Locale {
        self.locale
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// The locale data for a language tag: its region's when given (`en-GB` → `en_GB`), else the language's
/// home (`ru` → `ru_RU`), else the C locale.
fn chrono_locale(tag: &LanguageIdentifier) -> Locale {
    let language = tag.language.as_str();
    let mut candidates = Vec::new();
    if let Some(region) = tag.region {
        candidates.push(format!("{language}_{}", region.as_str()));
    }
    candidates.push(match language {
        "en" => "en_US".to_owned(),
        "uk" => "uk_UA".to_owned(),
        "kk" => "kk_KZ".to_owned(),
        "be" => "be_BY".to_owned(),
        "hy" => "hy_AM".to_owned(),
        "ka" => "ka_GE".to_owned(),
        other => format!("{other}_{}", other.to_uppercase()),
    });
    candidates
        .iter()
        .find_map(|name| Locale::try_from(name.as_str()).ok())
        .unwrap_or(Locale::POSIX)
}
