//! clap's usage errors in the user's language: the same report as clap's own (what is wrong, a similar name
//! to try, the usage, where to read more), written from the error's context with the language's words. English
//! stays clap's own formatter; what clap hands over already written (the reason a value did not parse) is
//! shown as it is.

use std::fmt::Write as _;

use clap::builder::{StyledStr, Styles};
use clap::error::{ContextKind, ContextValue, Error, ErrorFormatter, ErrorKind};
use visitor_desk::i18n::{Arg, Catalog};

/// Every message of a usage error, with clap's English, for the test that every translated language has them.
#[cfg(test)]
pub const MESSAGES: [(&str, &str); 20] = [
    ("cli-error", "error"),
    ("cli-error-quoted", "'{ $text }'"),
    ("cli-error-tip", "tip"),
    ("cli-error-more", "For more information, try '{ $help }'."),
    (
        "cli-error-repeated",
        "the argument '{ $arg }' cannot be used multiple times",
    ),
    (
        "cli-error-conflict",
        "the argument '{ $arg }' cannot be used with",
    ),
    (
        "cli-error-command-conflict",
        "the subcommand '{ $command }' cannot be used with",
    ),
    (
        "cli-error-conflict-others",
        "one or more of the other specified arguments",
    ),
    (
        "cli-error-no-equals",
        "equal sign is needed when assigning values to '{ $arg }'",
    ),
    (
        "cli-error-value-missing",
        "a value is required for '{ $arg }' but none was supplied",
    ),
    (
        "cli-error-invalid-value",
        "invalid value '{ $value }' for '{ $arg }'",
    ),
    ("cli-error-possible-values", "possible values"),
    (
        "cli-error-unknown-command",
        "unrecognized subcommand '{ $command }'",
    ),
    (
        "cli-error-missing-arguments",
        "the following required arguments were not provided:",
    ),
    (
        "cli-error-missing-command",
        "'{ $command }' requires a subcommand but one was not provided",
    ),
    ("cli-error-commands", "subcommands"),
    (
        "cli-error-extra-value",
        "unexpected value '{ $value }' for '{ $arg }' found; no more were expected",
    ),
    (
        "cli-error-value-count",
        "{ $wanted } values required for '{ $arg }' but { $given } were provided",
    ),
    (
        "cli-error-unknown-argument",
        "unexpected argument '{ $arg }' found",
    ),
    ("cli-error-similar", "a similar name exists: { $names }"),
];

/// Formats clap's errors in the current language (see [`translates`]).
pub struct Translated;

/// Whether the current language has its own words for clap's errors; English never does.
pub fn translates() -> bool {
    visitor_desk::i18n::current().has("cli-error")
}

/// The message `id` of the current language, with `args`.
fn say(catalog: &Catalog, id: &str, args: &[(&str, Arg)]) -> String {
    catalog.format(id, args)
}

/// A name or value in the language's quotation marks.
fn quote(catalog: &Catalog, text: &str) -> String {
    say(catalog, "cli-error-quoted", &[("text", text.into())])
}

fn string(error: &Error<Translated>, kind: ContextKind) -> Option<&str> {
    match error.get(kind) {
        Some(ContextValue::String(value)) => Some(value),
        _ => None,
    }
}

fn strings(error: &Error<Translated>, kind: ContextKind) -> Option<Vec<String>> {
    match error.get(kind) {
        Some(ContextValue::String(value)) => Some(vec![value.clone()]),
        Some(ContextValue::Strings(values)) => Some(values.clone()),
        _ => None,
    }
}

fn number(error: &Error<Translated>, kind: ContextKind) -> Option<isize> {
    match error.get(kind) {
        Some(ContextValue::Number(value)) => Some(*value),
        _ => None,
    }
}

impl ErrorFormatter for Translated {
    fn format_error(error: &Error<Self>) -> StyledStr {
        let catalog = visitor_desk::i18n::current();
        let styles = Styles::default();
        let (failure, valid) = (*styles.get_error(), *styles.get_valid());
        let mut text = format!("{failure}{}:{failure:#} ", say(&catalog, "cli-error", &[]));
        text.push_str(&what_went_wrong(error, &catalog));
        let similar = [
            ContextKind::SuggestedSubcommand,
            ContextKind::SuggestedArg,
            ContextKind::SuggestedValue,
        ]
        .into_iter()
        .filter_map(|kind| strings(error, kind))
        .flatten()
        .map(|name| quote(&catalog, &format!("{valid}{name}{valid:#}")))
        .collect::<Vec<_>>();
        let tip = say(&catalog, "cli-error-tip", &[]);
        if !similar.is_empty() {
            let names = similar.join(", ");
            let similar = say(&catalog, "cli-error-similar", &[("names", names.into())]);
            let _ = write!(text, "\n\n  {valid}{tip}:{valid:#} {similar}");
        }
        if let Some(ContextValue::StyledStrs(suggestions)) = error.get(ContextKind::Suggested) {
            // clap's own advice (how to pass a value that looks like an option) has no translation.
            if similar.is_empty() {
                text.push('\n');
            }
            for suggestion in suggestions {
                let _ = write!(text, "\n  {valid}{tip}:{valid:#} {}", suggestion.ansi());
            }
        }
        if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
            // The usage line itself is already translated (see `help::usage`); its heading is clap's.
            let heading = say(&catalog, super::MARKER, &[]);
            let usage = usage.ansi().to_string().replacen("Usage", &heading, 1);
            let _ = write!(text, "\n\n{usage}");
        }
        let more = say(&catalog, "cli-error-more", &[("help", "--help".into())]);
        let _ = write!(text, "\n\n{more}\n");
        StyledStr::from(text)
    }
}

/// The first line: what is wrong, in the language; clap's English for what has no context to write it from.
fn what_went_wrong(error: &Error<Translated>, catalog: &Catalog) -> String {
    let styles = Styles::default();
    let (valid, invalid) = (*styles.get_valid(), *styles.get_invalid());
    let quoted = |value: &str| quote(catalog, &format!("{invalid}{value}{invalid:#}"));
    let arg = string(error, ContextKind::InvalidArg).map(|arg| ("arg", Arg::from(quoted(arg))));
    let value = string(error, ContextKind::InvalidValue);
    let command = string(error, ContextKind::InvalidSubcommand)
        .map(|command| ("command", Arg::from(quoted(command))));
    let list = |heading: &str, values: Option<Vec<String>>| {
        let values = values.unwrap_or_default();
        if values.is_empty() {
            return String::new();
        }
        let values: Vec<String> = values
            .iter()
            .map(|value| format!("{valid}{value}{valid:#}"))
            .collect();
        format!("\n  [{heading}: {}]", values.join(", "))
    };
    match (error.kind(), arg, value, command) {
        (ErrorKind::ArgumentConflict, arg, _, command) => {
            conflict(error, catalog, arg, command, &quoted)
        }
        (ErrorKind::NoEquals, Some(arg), _, _) => say(catalog, "cli-error-no-equals", &[arg]),
        (ErrorKind::InvalidValue, Some(arg), Some(""), _) => {
            say(catalog, "cli-error-value-missing", &[arg])
        }
        (ErrorKind::InvalidValue, Some(arg), Some(value), _) => {
            let value = ("value", Arg::from(quoted(value)));
            let heading = say(catalog, "cli-error-possible-values", &[]);
            say(catalog, "cli-error-invalid-value", &[value, arg])
                + &list(&heading, strings(error, ContextKind::ValidValue))
        }
        (ErrorKind::InvalidSubcommand, _, _, Some(command)) => {
            say(catalog, "cli-error-unknown-command", &[command])
        }
        (ErrorKind::MissingRequiredArgument, _, _, _) => {
            let mut said = say(catalog, "cli-error-missing-arguments", &[]);
            for arg in strings(error, ContextKind::InvalidArg).unwrap_or_default() {
                let _ = write!(said, "\n  {valid}{arg}{valid:#}");
            }
            said
        }
        (ErrorKind::MissingSubcommand, _, _, Some(command)) => {
            let heading = say(catalog, "cli-error-commands", &[]);
            say(catalog, "cli-error-missing-command", &[command])
                + &list(&heading, strings(error, ContextKind::ValidSubcommand))
        }
        (ErrorKind::TooManyValues, Some(arg), Some(value), _) => {
            let value = ("value", Arg::from(quoted(value)));
            say(catalog, "cli-error-extra-value", &[value, arg])
        }
        (ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues, Some(arg), _, _) => {
            let given = number(error, ContextKind::ActualNumValues);
            let wanted = number(error, ContextKind::MinValues)
                .or_else(|| number(error, ContextKind::ExpectedNumValues));
            match (given, wanted) {
                (Some(given), Some(wanted)) => say(
                    catalog,
                    "cli-error-value-count",
                    &[arg, ("given", given.into()), ("wanted", wanted.into())],
                ),
                _ => english(error),
            }
        }
        (ErrorKind::ValueValidation, Some(arg), Some(value), _) => {
            let value = ("value", Arg::from(quoted(value)));
            let mut said = say(catalog, "cli-error-invalid-value", &[value, arg]);
            // The reason comes from the value's parser, as it wrote it.
            if let Some(reason) = std::error::Error::source(error) {
                let _ = write!(said, ": {reason}");
            }
            said
        }
        (ErrorKind::UnknownArgument, Some(arg), _, _) => {
            say(catalog, "cli-error-unknown-argument", &[arg])
        }
        _ => english(error),
    }
}

/// An argument used twice, or with another it cannot go with.
fn conflict(
    error: &Error<Translated>,
    catalog: &Catalog,
    arg: Option<(&str, Arg)>,
    command: Option<(&str, Arg)>,
    quoted: &dyn Fn(&str) -> String,
) -> String {
    let prior = error.get(ContextKind::PriorArg);
    let repeated = matches!(
        (prior, string(error, ContextKind::InvalidArg)),
        (Some(ContextValue::String(prior)), Some(arg)) if prior == arg
    );
    let mut said = match (arg, command) {
        (Some(arg), _) if repeated => say(catalog, "cli-error-repeated", &[arg]),
        (Some(arg), _) => say(catalog, "cli-error-conflict", &[arg]),
        (None, Some(command)) => say(catalog, "cli-error-command-conflict", &[command]),
        (None, None) => return english(error),
    };
    match prior {
        _ if repeated => {}
        Some(ContextValue::Strings(others)) => {
            said.push(':');
            for other in others {
                let _ = write!(said, "\n  {}", quoted(other));
            }
        }
        Some(ContextValue::String(other)) => {
            let _ = write!(said, " {}", quoted(other));
        }
        _ => {
            let others = say(catalog, "cli-error-conflict-others", &[]);
            let _ = write!(said, " {others}");
        }
    }
    said
}

/// clap's own words for an error it gave no context for.
fn english(error: &Error<Translated>) -> String {
    error.kind().as_str().unwrap_or("unknown cause").to_owned()
}
