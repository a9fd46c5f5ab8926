//! Every text of the help has a translation in every language, and no translation is left over.

use clap::CommandFactory as _;

use super::*;
use crate::cli::args::Cli;

/// Every key the help asks for, with the English it replaces, once each.
fn wanted() -> Vec<(String, String)> {
    let mut wanted: Vec<(String, String)> = Vec::new();
    translate(Cli::command(), &mut |key, english| {
        if !wanted.iter().any(|(known, _)| known == key) {
            wanted.push((key.to_owned(), english.to_owned()));
        }
        None
    });
    wanted
}

#[test]
fn every_command_and_argument_has_a_translation() {
    let wanted = wanted();
    for key in [
        "cli-help-about",
        "cli-help-long-about",
        "cli-help-codes-create-about",
        "cli-help-codes-create-until",
        "cli-help-codes-list-status-expiring",
        "cli-help-server",
        "cli-help-exit-4",
        "cli-help-env-visitor-desk-password",
        "cli-help-flag-help-more",
        MARKER,
    ] {
        assert!(
            wanted.iter().any(|(known, _)| known == key),
            "the walk asks for {key}: {wanted:#?}"
        );
    }
    let languages = visitor_desk::i18n::LocaleFiles::languages();
    assert!(languages.iter().any(|language| language == "ru"));
    for language in languages
        .iter()
        .filter(|language| *language != visitor_desk::i18n::FALLBACK)
    {
        let catalog = visitor_desk::i18n::catalog_for(language).expect("a catalog");
        let missing: Vec<String> = wanted
            .iter()
            .filter(|(key, _)| !catalog.has(key))
            .map(|(key, english)| format!("{key} = {}", english.replace('\n', "\n    ")))
            .collect();
        assert!(
            missing.is_empty(),
            "{language}/cli-help.ftl lacks these (in English, to translate):\n{}",
            missing.join("\n")
        );
    }
}

#[test]
fn every_usage_error_message_is_listed_and_translated() {
    let source = include_str!("errors.rs");
    let asked: std::collections::BTreeSet<&str> = source
        .match_indices("\"cli-error")
        .filter_map(|(at, _)| source[at + 1..].split('"').next())
        .collect();
    let listed: std::collections::BTreeSet<&str> =
        errors::MESSAGES.iter().map(|(id, _)| *id).collect();
    assert!(asked.len() > 10, "{asked:?}");
    assert_eq!(
        asked, listed,
        "errors::MESSAGES lists the messages errors.rs asks for"
    );
    for language in visitor_desk::i18n::LocaleFiles::languages()
        .iter()
        .filter(|language| *language != visitor_desk::i18n::FALLBACK)
    {
        let catalog = visitor_desk::i18n::catalog_for(language).expect("a catalog");
        let missing: Vec<String> = errors::MESSAGES
            .iter()
            .filter(|(id, _)| !catalog.has(id))
            .map(|(id, english)| format!("{id} = {english}"))
            .collect();
        assert!(
            missing.is_empty(),
            "{language}/cli-help.ftl lacks these (in English, to translate):\n{}",
            missing.join("\n")
        );
    }
}

/// A translation no command asks for any more (an option renamed or removed) is a leftover.
#[cfg(feature = "demo")]
#[test]
fn no_translation_is_left_over() {
    let wanted = wanted();
    let asked = |id: &str| {
        wanted.iter().any(|(key, _)| key == id)
            || errors::MESSAGES.iter().any(|(key, _)| *key == id)
    };
    for language in visitor_desk::i18n::LocaleFiles::languages() {
        for (path, source) in visitor_desk::i18n::LocaleFiles::sources(&language) {
            if !path.ends_with("/cli-help.ftl") {
                continue;
            }
            let resource = fluent_syntax::parser::parse(source.as_str())
                .unwrap_or_else(|(_, errors)| panic!("{path} does not parse: {errors:?}"));
            let left: Vec<&str> = resource
                .body
                .iter()
                .filter_map(|entry| match entry {
                    fluent_syntax::ast::Entry::Message(message) => Some(message.id.name),
                    _ => None,
                })
                .filter(|id| !asked(id))
                .collect();
            assert!(left.is_empty(), "{path}: nothing asks for {left:?}");
        }
    }
}
