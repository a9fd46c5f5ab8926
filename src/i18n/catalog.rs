//! One language's messages: its `.ftl` files in one Fluent bundle, English behind it for anything missing, and
//! the messages without arguments kept once formatted.

use std::collections::HashMap;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use parking_lot::RwLock;
use rust_embed::RustEmbed;
use std::sync::Arc;
use unic_langid::LanguageIdentifier;

use super::dates::{DateNames, Relative, Span};
use chrono::{DateTime, Datelike as _, Local, Utc};

/// The translation files, embedded in the binary: `<language>/<name>.ftl`.
#[derive(RustEmbed)]
#[folder = "assets/locales/"]
pub struct LocaleFiles;

impl LocaleFiles {
    /// The language folders there are files for (`en`, `ru`, …).
    pub fn languages() -> Vec<String> {
        let mut languages: Vec<String> = Self::iter()
            .filter(|path| path.ends_with(".ftl"))
            .filter_map(|path| path.split_once('/').map(|(lang, _)| lang.to_owned()))
            .collect();
        languages.sort();
        languages.dedup();
        languages
    }

    /// The text of every `.ftl` file of `language`, by file name.
    pub fn sources(language: &str) -> Vec<(String, String)> {
        let prefix = format!("{language}/");
        let mut files: Vec<(String, String)> = Self::iter()
            .filter(|path| path.starts_with(&prefix) && path.ends_with(".ftl"))
            .filter_map(|path| {
                let file = Self::get(&path)?;
                let text = String::from_utf8_lossy(&file.data).into_owned();
                Some((path.into_owned(), text))
            })
            .collect();
        files.sort();
        files
    }
}

/// An argument of a message: a number (which selects plural forms) or a text.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Number(f64),
    Text(String),
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            #[allow(clippy::cast_precision_loss, clippy::cast_lossless)]
            fn from(value: $t) -> Self {
                Arg::Number(value as f64)
            }
        }
    )*};
}
number_args!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize, f32, f64);

impl From<&str> for Arg {
    fn from(value: &str) -> Self {
        Arg::Text(value.to_owned())
    }
}

impl From<String> for Arg {
    fn from(value: String) -> Self {
        Arg::Text(value)
    }
}

impl From<&String> for Arg {
    fn from(value: &String) -> Self {
        Arg::Text(value.clone())
    }
}

pub struct Catalog {
    tag: LanguageIdentifier,
    bundle: FluentBundle<FluentResource>,
    /// English, for messages this language lacks (none, when the files are complete: a test checks).
    fallback: Option<Arc<Catalog>>,
    /// Messages without arguments, formatted once and kept for the life of the process: a label costs a
    /// lookup, not a formatting, per frame. Bounded by the number of message ids.
    texts: RwLock<HashMap<&'static str, &'static str>>,
    pub(super) dates: DateNames,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog")
            .field("tag", &self.tag)
            .finish_non_exhaustive()
    }
}

impl Catalog {
    /// The catalog of the folder named like `tag`'s language.
    pub(super) fn load(tag: &LanguageIdentifier, fallback: Option<Arc<Catalog>>) -> Self {
        Self::load_folder(tag.language.as_str(), tag, fallback)
    }

    pub(super) fn load_folder(
        folder: &str,
        tag: &LanguageIdentifier,
        fallback: Option<Arc<Catalog>>,
    ) -> Self {
        let mut bundle = FluentBundle::new_concurrent(vec![tag.clone()]);
        // Unicode isolation marks would show as boxes in some fonts; our texts are all left-to-right.
        bundle.set_use_isolating(false);
        for (path, source) in LocaleFiles::sources(folder) {
            let resource = match FluentResource::try_new(source) {
                Ok(resource) => resource,
                Err((resource, errors)) => {
                    tracing::error!(%path, ?errors, "a translation file has syntax errors");
                    resource
                }
            };
            if let Err(errors) = bundle.add_resource(resource) {
                tracing::error!(%path, ?errors, "a translation file repeats messages");
            }
        }
        Self {
            dates: DateNames::for_language(tag),
            tag: tag.clone(),
            bundle,
            fallback,
            texts: RwLock::new(HashMap::new()),
        }
    }

    pub fn tag(&self) -> &LanguageIdentifier {
        &self.tag
    }

    /// Whether this language's own files have the message (not through the fallback).
    pub fn has(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }

    /// A message without arguments. An id no file has comes back as itself (a test keeps that from happening).
    pub fn text(&self, id: &'static str) -> &'static str {
        if let Some(text) = self.texts.read().get(id) {
            return text;
        }
        let formatted: &'static str = Box::leak(self.format(id, &[]).into_boxed_str());
        self.texts.write().insert(id, formatted);
        formatted
    }

    /// A message with arguments.
    pub fn format(&self, id: &str, args: &[(&str, Arg)]) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            return match &self.fallback {
                Some(fallback) => fallback.format(id, args),
                None => {
                    tracing::error!(id, "no translation has this message");
                    id.to_owned()
                }
            };
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Number(n) => fluent_args.set(*name, FluentValue::from(*n)),
                Arg::Text(text) => fluent_args.set(*name, FluentValue::from(text.as_str())),
            }
        }
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors);
        if !errors.is_empty() {
            tracing::warn!(id, ?errors, "a message did not format cleanly");
        }
        text.into_owned()
    }
}

impl Catalog {
    pub fn date_names(&self) -> &DateNames {
        &self.dates
    }

    /// A moment in local time by the pattern message `pattern_id` (chrono's strftime, in the `.ftl` file).
    pub fn format_moment(&self, at: DateTime<Utc>, pattern_id: &'static str) -> String {
        at.with_timezone(&Local)
            .format_localized(self.text(pattern_id), self.dates.locale)
            .to_string()
    }

    /// A date and time in local time; the year only when it is not this year's.
    pub fn date_time(&self, at: DateTime<Utc>, now: DateTime<Utc>) -> String {
        let same_year = at.with_timezone(&Local).year() == now.with_timezone(&Local).year();
        self.format_moment(
            at,
            if same_year {
                "format-date-time"
            } else {
                "format-date-time-year"
            },
        )
    }

    pub fn clock(&self, at: DateTime<Utc>) -> String {
        self.format_moment(at, "format-time-seconds")
    }

    pub fn relative(&self, relative: &Relative) -> String {
        match relative {
            Relative::InUnderAMinute => self.text("time-in-under-a-minute").to_owned(),
            Relative::JustNow => self.text("time-just-now").to_owned(),
            Relative::In(span) => self.format("time-in", &[("span", self.duration(span).into())]),
            Relative::Ago(span) => self.format("time-ago", &[("span", self.duration(span).into())]),
        }
    }

    /// "2 h 10 min", "3 d 4 h": a length of time by its two largest units.
    pub fn duration(&self, span: &Span) -> String {
        let (id, first, second) = match (span.days, span.hours, span.minutes) {
            (0, 0, m) => ("span-minutes", m, 0),
            (0, h, 0) => ("span-hours", h, 0),
            (0, h, m) => ("span-hours-minutes", h, m),
            (d, 0, _) => ("span-days", d, 0),
            (d, h, _) => ("span-days-hours", d, h),
        };
        self.format(id, &[("first", first.into()), ("second", second.into())])
    }
}
