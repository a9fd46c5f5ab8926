//! Every word the user reads, in their language: Project Fluent messages from `assets/locales/<lang>/*.ftl`
//! (embedded in the binary), CLDR plural rules through Fluent's selectors, and dates in the language's own
//! names and patterns. Adding a language is adding a folder of `.ftl` files: the list of languages is read from
//! the embedded folders, not written in code.
//!
//! Use the [`t!`](crate::t) macro: `t!("status-active")` is a `&'static str` (looked up and formatted once per
//! language, then kept, so a label costs a hash lookup per frame and no formatting);
//! `t!("codes-count", count = n)` formats with arguments into a `String`.
//!
//! Whose language: a window holds a [`Language`] (given once, in the backend's config, and shared by the app, its
//! backend and its journal), and `t!` reads the catalog of the language whose scope the code runs in: the app
//! enters its own around each frame ([`Language::enter`]), the backend's tasks run in theirs
//! ([`Language::scoped`]), the journal's thread enters its own for each message. Outside any scope (the command
//! line, which has one user and one language for its run) `t!` reads the process's language, set once at its
//! start ([`set_language`]). So two windows in one process (two tests, say) speak two languages, and no frame
//! changes what another reads. Server-provided text (the reasons of a 422, the server's messages) is shown as the
//! server wrote it.

mod catalog;
mod dates;

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, LazyLock};
use std::task::{Context, Poll};

use parking_lot::RwLock;
use unic_langid::LanguageIdentifier;

pub use catalog::{Arg, Catalog, LocaleFiles};
pub use dates::{Relative, Span};

/// The language used when the user's is not available, and for messages a translation lacks.
pub const FALLBACK: &str = "en";

/// `t!("id")` → `&'static str`; `t!("id", name = value, …)` → `String` (numbers select plural forms).
#[macro_export]
macro_rules! t {
    ($id:literal) => {
        $crate::i18n::text($id)
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::format($id, &[$((stringify!($name), $crate::i18n::Arg::from($value))),+])
    };
}

/// A language the app can speak: its tag and its name in itself ("Русский"), for the language switch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvailableLanguage {
    pub tag: String,
    pub name: String,
}

struct Languages {
    current: Arc<Catalog>,
    /// Every catalog loaded so far, so that switching back and forth loads each language once.
    loaded: Vec<Arc<Catalog>>,
}

static LANGUAGES: LazyLock<RwLock<Languages>> = LazyLock::new(|| {
    let english = Arc::new(Catalog::load(&parse_tag(FALLBACK), None));
    RwLock::new(Languages {
        current: english.clone(),
        loaded: vec![english],
    })
});

/// `ru`, `ru-RU`, `ru_RU.UTF-8`, `sr_RS@latin` → a language identifier (`und` when unreadable, e.g. `C`).
fn parse_tag(tag: &str) -> LanguageIdentifier {
    let bare = tag.split(['.', '@']).next().unwrap_or_default();
    bare.replace('_', "-")
        .parse()
        .unwrap_or_else(|_| LanguageIdentifier::default())
}

thread_local! {
    /// The language whose scope this thread runs in, if any.
    static SCOPE: RefCell<Option<Language>> = const { RefCell::new(None) };
}

/// The catalog in use: the scope's language's, else the process's.
pub fn current() -> Arc<Catalog> {
    with_current(|catalog| catalog.clone())
}

/// Runs `read` on the catalog in use, without a copy of its handle (`t!` in every frame).
fn with_current<R>(read: impl FnOnce(&Arc<Catalog>) -> R) -> R {
    SCOPE.with_borrow(|scope| match scope {
        Some(language) => read(&language.0.read()),
        None => read(&LANGUAGES.read().current),
    })
}

/// The language one window speaks, shared by its app, its backend and its journal: cheap to clone, every clone
/// sees a change. Text is made in its language inside [`enter`](Self::enter) and [`scoped`](Self::scoped).
#[derive(Clone)]
pub struct Language(Arc<RwLock<Arc<Catalog>>>);

impl Language {
    /// `tag` (e.g. `ru`, `en-GB`); an unknown one speaks English.
    pub fn new(tag: &str) -> Self {
        Self(Arc::new(RwLock::new(catalog_or_fallback(tag))))
    }

    /// Speaks `tag` from now on.
    pub fn set(&self, tag: &str) {
        *self.0.write() = catalog_or_fallback(tag);
    }

    pub fn catalog(&self) -> Arc<Catalog> {
        self.0.read().clone()
    }

    /// The tag of the language (e.g. `ru`, `en-GB`).
    pub fn tag(&self) -> String {
        self.catalog().tag().to_string()
    }

    /// Runs `make` with `t!` speaking this language.
    pub fn enter<R>(&self, make: impl FnOnce() -> R) -> R {
        let outer = SCOPE.with_borrow_mut(|scope| scope.replace(self.clone()));
        let made = make();
        SCOPE.with_borrow_mut(|scope| *scope = outer);
        made
    }

    /// The language whose scope this runs in, if any: a task started from it speaks it too.
    pub fn of_scope() -> Option<Language> {
        SCOPE.with_borrow(Clone::clone)
    }

    /// `future`, speaking this language each time it runs (a task moves between threads).
    pub fn scoped<F: Future>(&self, future: F) -> Scoped<F> {
        Scoped {
            language: self.clone(),
            future: Box::pin(future),
        }
    }
}

impl Default for Language {
    /// The process's language as it is now (the command line's, set at its start).
    fn default() -> Self {
        Self(Arc::new(RwLock::new(LANGUAGES.read().current.clone())))
    }
}

impl std::fmt::Debug for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Language").field(&self.tag()).finish()
    }
}

/// A future that runs in a language's scope ([`Language::scoped`]).
pub struct Scoped<F> {
    language: Language,
    future: Pin<Box<F>>,
}

impl<F: Future> Future for Scoped<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.get_mut();
        let future = this.future.as_mut();
        this.language.enter(|| future.poll(cx))
    }
}

/// The catalog of `tag`, or English.
fn catalog_or_fallback(tag: &str) -> Arc<Catalog> {
    catalog_for(tag).unwrap_or_else(|| {
        catalog_for(FALLBACK).expect("the fallback language's files are embedded")
    })
}

/// The languages there are files for, English first.
pub fn available() -> Vec<AvailableLanguage> {
    let mut tags = LocaleFiles::languages();
    tags.sort_by_key(|tag| (tag != FALLBACK, tag.clone()));
    tags.into_iter()
        .map(|tag| {
            let name = catalog_for(&tag)
                .map(|catalog| catalog.text("language-name").to_owned())
                .unwrap_or_else(|| tag.clone());
            AvailableLanguage { tag, name }
        })
        .collect()
}

/// The language the user reads: `requested` (the settings, `--lang`) if there are files for it, else the
/// operating system's (LC_ALL, LC_MESSAGES, LANG on Linux), else English. Answers the tag chosen.
pub fn choose(requested: Option<&str>) -> String {
    choose_from(requested, sys_locale::get_locale().as_deref())
}

/// [`choose`], with the system's locale given.
pub fn choose_from(requested: Option<&str>, system: Option<&str>) -> String {
    let wanted = requested.into_iter().chain(system).map(parse_tag);
    let tags = LocaleFiles::languages();
    for want in wanted {
        if let Some(tag) = tags
            .iter()
            .find(|tag| parse_tag(tag).language == want.language)
        {
            // Keep the user's region (en-GB dates are not en-US dates) when it is the same language.
            return if want.region.is_some() {
                want.to_string()
            } else {
                tag.clone()
            };
        }
    }
    FALLBACK.to_owned()
}

/// Sets the process's language (a tag such as `ru`, `en-GB`; an unknown one falls back to English): what `t!`
/// speaks outside any [`Language`]'s scope. For the start of a process (the command line's `--lang`); a window
/// speaks its own [`Language`].
pub fn set_language(tag: &str) {
    LANGUAGES.write().current = catalog_or_fallback(tag);
}

/// The tag of the language in use (e.g. `ru`, `en-GB`).
pub fn language() -> String {
    current().tag().to_string()
}

/// The catalog of `tag`, loaded once; `None` when there are no files for its language.
pub fn catalog_for(tag: &str) -> Option<Arc<Catalog>> {
    let wanted = parse_tag(tag);
    let files = LocaleFiles::languages();
    let folder = files
        .iter()
        .find(|folder| parse_tag(folder).language == wanted.language)?;
    if let Some(loaded) = LANGUAGES
        .read()
        .loaded
        .iter()
        .find(|catalog| *catalog.tag() == wanted)
    {
        return Some(loaded.clone());
    }
    let fallback = (folder != FALLBACK).then(|| {
        // English is loaded first, when the languages are first used.
        LANGUAGES.read().loaded[0].clone()
    });
    let catalog = Arc::new(Catalog::load_folder(folder, &wanted, fallback));
    LANGUAGES.write().loaded.push(catalog.clone());
    Some(catalog)
}

/// A message without arguments, in the current language. Formatted once per language, then kept.
pub fn text(id: &'static str) -> &'static str {
    with_current(|catalog| catalog.text(id))
}

/// A message with arguments, in the current language.
pub fn format(id: &str, args: &[(&str, Arg)]) -> String {
    with_current(|catalog| catalog.format(id, args))
}

/// "Fri 27 Nov 14:05" / "Пт 27 ноября 14:05" in the local time zone; the year only when it is not this year's.
pub fn date_time(at: chrono::DateTime<chrono::Utc>, now: chrono::DateTime<chrono::Utc>) -> String {
    current().date_time(at, now)
}

/// "14:05:09": a time of day in the local time zone.
pub fn clock(at: chrono::DateTime<chrono::Utc>) -> String {
    current().clock(at)
}

/// "in 2 h 10 min" / "через 2 ч 10 мин", "3 min ago" / "3 мин назад".
pub fn relative(relative: &Relative) -> String {
    current().relative(relative)
}

#[cfg(test)]
mod tests;
