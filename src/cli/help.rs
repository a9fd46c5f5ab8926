//! `--help` in the user's language. English is what `args.rs` says, untouched (the man pages and completions
//! are made from the same definition); another language's texts are in its `cli-help.ftl`, keyed by the
//! command's path and the argument's id (`cli-help-codes-create-until`). Before parsing, the built command is
//! walked once and every text a help page shows is replaced: the abouts, each argument's help, its possible
//! values, default and environment variable, the exit codes and environment after it, and clap's own headings
//! and placeholders ("Usage:", "Options:", "[OPTIONS]", "Print help").

use std::fmt::Write as _;

use clap::{Arg, Command};
use visitor_desk::i18n::Catalog;

use super::manual;

/// The text for a key, given the English it replaces; `None` keeps the English.
type Source<'a> = dyn FnMut(&str, &str) -> Option<String> + 'a;

/// Set by every translation of the help; without it (English, or a language whose help is not translated yet)
/// the help stays as `args.rs` wrote it.
const MARKER: &str = "cli-help-heading-usage";

/// `command`, built, with its help in `catalog`'s language when that language has a translation of it.
pub fn localize(command: Command, catalog: &Catalog) -> Command {
    if !catalog.has(MARKER) {
        return command;
    }
    translate(command, &mut |key, _english| {
        catalog.has(key).then(|| catalog.format(key, &[]))
    })
}

/// Builds `command` (so that the global arguments, `--help`, `--version` and the `help` command exist) and
/// asks `source` for every text its help pages show.
fn translate(mut command: Command, source: &mut Source<'_>) -> Command {
    command.build();
    translate_command(command, "", source)
}

/// `cli-help-<path>-<name>`, or `cli-help-<name>` at the top.
fn key(path: &str, name: &str) -> String {
    if path.is_empty() {
        format!("cli-help-{name}")
    } else {
        format!("cli-help-{path}-{name}")
    }
}

/// The translation of `key`, or the English.
fn text(source: &mut Source<'_>, key: &str, english: &str) -> String {
    source(key, english).unwrap_or_else(|| english.to_owned())
}

fn translate_command(mut command: Command, path: &str, source: &mut Source<'_>) -> Command {
    if let Some(about) = command.get_about().map(ToString::to_string) {
        command = command.about(text(source, &key(path, "about"), &about));
    }
    if let Some(long_about) = command.get_long_about().map(ToString::to_string) {
        command = command.long_about(text(source, &key(path, "long-about"), &long_about));
    }
    if command.get_after_help().is_some() {
        command = command.after_help(after_help(source));
    }
    command = command.mut_args(|arg| translate_arg(arg, path, source));
    command = command.mut_subcommands(|sub| {
        let name = sub.get_name().to_owned();
        if name == "help" {
            // clap's own `help` command: only its line in the list of commands is ever shown.
            let about = sub.get_about().map(ToString::to_string).unwrap_or_default();
            sub.about(text(source, "cli-help-help-about", &about))
        } else {
            let path = if path.is_empty() {
                name
            } else {
                format!("{path}-{name}")
            };
            translate_command(sub, &path, source)
        }
    });
    if command.has_subcommands() {
        let name = command.get_subcommand_value_name().unwrap_or("COMMAND");
        // Leaked: clap keeps names as `&'static str`, and the command is made once per run.
        let name: &'static str = text(source, "cli-help-placeholder-command", name).leak();
        command = command.subcommand_value_name(name);
    }
    let usage = usage(&mut command, source);
    let template = template(&command, source);
    command.override_usage(usage).help_template(template)
}

/// The usage line without its heading (the template writes that), with clap's placeholder translated.
fn usage(command: &mut Command, source: &mut Source<'_>) -> String {
    let style = *command.get_styles().get_usage();
    let rendered = command.render_usage().ansi().to_string();
    let heading = format!("{style}Usage:{style:#} ");
    let line = rendered.strip_prefix(&heading).unwrap_or(&rendered);
    let options = text(source, "cli-help-placeholder-options", "OPTIONS");
    line.replace("[OPTIONS]", &format!("[{options}]"))
}

/// clap's default template, with the headings it writes itself in the language.
fn template(command: &Command, source: &mut Source<'_>) -> String {
    let styles = command.get_styles();
    let (usage, header) = (*styles.get_usage(), *styles.get_header());
    let mut sections = Vec::new();
    let mut section = |key: &str, english: &str, tag: &str| {
        let heading = text(source, key, english);
        sections.push(format!("{header}{heading}:{header:#}\n{{{tag}}}"));
    };
    if command.get_subcommands().any(|sub| !sub.is_hide_set()) {
        section("cli-help-heading-commands", "Commands", "subcommands");
    }
    if command.get_positionals().any(|arg| !arg.is_hide_set()) {
        section("cli-help-heading-arguments", "Arguments", "positionals");
    }
    if command
        .get_arguments()
        .any(|arg| !arg.is_positional() && !arg.is_hide_set())
    {
        section("cli-help-heading-options", "Options", "options");
    }
    let heading = text(source, MARKER, "Usage");
    let mut template =
        format!("{{before-help}}{{about-with-newline}}\n{usage}{heading}:{usage:#} {{usage}}");
    if !sections.is_empty() {
        template.push_str("\n\n");
        template.push_str(&sections.join("\n\n"));
    }
    template.push_str("{after-help}");
    template
}

fn translate_arg(arg: Arg, path: &str, source: &mut Source<'_>) -> Arg {
    let id = arg.get_id().as_str().replace('_', "-");
    match id.as_str() {
        // clap's own flags.
        "help" if arg.get_long_help().is_some() => arg
            .help(text(
                source,
                "cli-help-flag-help-more",
                "Print help (see more with '--help')",
            ))
            .long_help(text(
                source,
                "cli-help-flag-help-summary",
                "Print help (see a summary with '-h')",
            )),
        "help" => arg.help(text(source, "cli-help-flag-help", "Print help")),
        "version" => arg.help(text(source, "cli-help-flag-version", "Print version")),
        _ => {
            // A global argument is the same everywhere: it is translated once, at the top.
            let key = if arg.is_global_set() {
                key("", &id)
            } else {
                key(path, &id)
            };
            translate_own_arg(arg, &key, source)
        }
    }
}

/// An argument's possible values, in the language: the note "[possible values: …]", and, for values with a help
/// of their own, the list `--help` shows (one per line, aligned). Hidden from clap, which would say them in English.
fn possible_values(mut arg: Arg, key: &str, source: &mut Source<'_>) -> (Arg, Vec<String>, String) {
    let values: Vec<_> = arg
        .get_possible_values()
        .into_iter()
        .filter(|value| !value.is_hide_set())
        .collect();
    let mut value_list = String::new();
    let mut value_specs = Vec::new();
    if values.is_empty() || arg.is_hide_possible_values_set() {
        return (arg, value_specs, value_list);
    }
    let names: Vec<&str> = values.iter().map(|value| value.get_name()).collect();
    let word = text(source, "cli-help-spec-possible-values", "possible values");
    value_specs.push(format!("[{word}: {}]", names.join(", ")));
    if values.iter().any(|value| value.get_help().is_some()) {
        let heading = text(
            source,
            "cli-help-heading-possible-values",
            "Possible values",
        );
        let widest = names
            .iter()
            .map(|name| name.chars().count())
            .max()
            .unwrap_or(0);
        value_list = format!("{heading}:");
        for value in &values {
            let name = value.get_name();
            let help = value
                .get_help()
                .map(|help| text(source, &format!("{key}-{name}"), &help.to_string()))
                .unwrap_or_default();
            let padding = widest - name.chars().count();
            let _ = write!(value_list, "\n- {name}: {:padding$}{help}", "");
        }
    }
    arg = arg.hide_possible_values(true);
    (arg, value_specs, value_list)
}

/// An argument of `args.rs`: its help, and what clap would add to it in English (the environment variable,
/// the default, the possible values), now written here in the language and hidden from clap.
fn translate_own_arg(mut arg: Arg, key: &str, source: &mut Source<'_>) -> Arg {
    let help = arg
        .get_help()
        .map(|help| text(source, key, &help.to_string()))
        .unwrap_or_default();
    let long_help = arg
        .get_long_help()
        .map(|long| text(source, &format!("{key}-long"), &long.to_string()));

    let mut specs = Vec::new();
    if let Some(name) = arg
        .get_env()
        .map(|name| name.to_string_lossy().into_owned())
        && !arg.is_hide_env_set()
    {
        let word = text(source, "cli-help-spec-env", "env");
        let value = if arg.is_hide_env_values_set() {
            String::new()
        } else {
            format!("={}", std::env::var(&name).unwrap_or_default())
        };
        specs.push(format!("[{word}: {name}{value}]"));
        arg = arg.hide_env(true);
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|value| value.to_string_lossy().into_owned())
        .collect();
    if arg.get_action().takes_values() && !defaults.is_empty() && !arg.is_hide_default_value_set() {
        let word = text(source, "cli-help-spec-default", "default");
        specs.push(format!("[{word}: {}]", defaults.join(" ")));
        arg = arg.hide_default_value(true);
    }
    let (arg, value_specs, value_list) = possible_values(arg, key, source);
    if specs.is_empty() && value_specs.is_empty() {
        let arg = arg.help(help);
        return match long_help {
            Some(long) => arg.long_help(long),
            None => arg,
        };
    }
    // `-h`: the help, then the notes on the same line.
    let short = [help.clone()]
        .into_iter()
        .chain(specs.iter().cloned())
        .chain(value_specs.iter().cloned())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    // `--help`: the help, the values one per line when they have help, then one note per line.
    let mut long_specs = specs;
    if value_list.is_empty() {
        long_specs.extend(value_specs);
    }
    let long = [long_help.unwrap_or(help), value_list, long_specs.join("\n")]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    arg.help(short).long_help(long)
}

/// The exit codes and environment after the help, in the language.
fn after_help(source: &mut Source<'_>) -> String {
    let exit_status = text(source, "cli-help-heading-exit-status", "Exit status");
    let environment = text(source, "cli-help-heading-environment", "Environment");
    let codes: Vec<(u8, String)> = manual::EXIT_CODES
        .iter()
        .map(|(code, meaning)| {
            (
                *code,
                text(source, &format!("cli-help-exit-{code}"), meaning),
            )
        })
        .collect();
    let variables: Vec<(&str, String)> = manual::ENVIRONMENT
        .iter()
        .map(|(name, meaning)| {
            let key = format!("cli-help-env-{}", name.to_lowercase().replace('_', "-"));
            (*name, text(source, &key, meaning))
        })
        .collect();
    manual::after_help_in(
        &exit_status,
        codes
            .iter()
            .map(|(code, meaning)| (*code, meaning.as_str())),
        &environment,
        variables
            .iter()
            .map(|(name, meaning)| (*name, meaning.as_str())),
    )
}

pub mod errors;

#[cfg(test)]
mod tests;
