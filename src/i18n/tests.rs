//! The translations are complete and agree with each other; plurals and dates follow each language's rules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{DateTime, TimeDelta, TimeZone as _, Utc, Weekday};
use fluent_syntax::ast;

use super::*;

/// Every message of a language with the variables it uses (`$count`, …), from its files.
fn messages(language: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut messages = BTreeMap::new();
    for (path, source) in LocaleFiles::sources(language) {
        // The command line's help: English is its definition in the code, not a file, so only the other
        // languages have one; the command line's own tests check it against the definition.
        if path.ends_with("/cli-help.ftl") {
            continue;
        }
        let resource = fluent_syntax::parser::parse(source.as_str())
            .unwrap_or_else(|(_, errors)| panic!("{path} does not parse: {errors:?}"));
        for entry in resource.body {
            if let ast::Entry::Message(message) = entry {
                let mut variables = BTreeSet::new();
                if let Some(pattern) = &message.value {
                    collect_variables(pattern, &mut variables);
                }
                let id = message.id.name.to_owned();
                assert!(
                    messages.insert(id.clone(), variables).is_none(),
                    "{path}: {id} twice"
                );
            }
        }
    }
    messages
}

fn collect_variables(pattern: &ast::Pattern<&str>, into: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            collect_in_expression(expression, into);
        }
    }
}

fn collect_in_expression(expression: &ast::Expression<&str>, into: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            collect_in_inline(selector, into);
            for variant in variants {
                collect_variables(&variant.value, into);
            }
        }
        ast::Expression::Inline(inline) => collect_in_inline(inline, into),
    }
}

fn collect_in_inline(inline: &ast::InlineExpression<&str>, into: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            into.insert(id.name.to_owned());
        }
        ast::InlineExpression::Placeable { expression } => collect_in_expression(expression, into),
        _ => {}
    }
}

#[test]
fn every_language_has_every_message_with_the_same_arguments() {
    let languages = LocaleFiles::languages();
    assert!(languages.contains(&"en".to_owned()) && languages.contains(&"ru".to_owned()));
    let english = messages(FALLBACK);
    assert!(english.len() > 10);
    for language in &languages {
        let theirs = messages(language);
        let missing: Vec<_> = english
            .keys()
            .filter(|id| !theirs.contains_key(*id))
            .collect();
        let extra: Vec<_> = theirs
            .keys()
            .filter(|id| !english.contains_key(*id))
            .collect();
        assert!(missing.is_empty(), "{language} lacks {missing:?}");
        assert!(
            extra.is_empty(),
            "{language} has messages English lacks: {extra:?}"
        );
        for (id, variables) in &english {
            assert_eq!(
                &theirs[id], variables,
                "{language}: {id} takes other arguments than in English"
            );
        }
    }
}

/// Every `t!("id"…)` in the app's sources names a message that exists.
#[test]
fn every_message_the_code_asks_for_exists() {
    let english = messages(FALLBACK);
    let mut asked = Vec::new();
    collect_t_ids(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut asked,
    );
    assert!(asked.len() > 5, "the scan finds the calls: {asked:?}");
    let unknown: Vec<_> = asked
        .iter()
        .filter(|(id, _)| !english.contains_key(id))
        .collect();
    assert!(unknown.is_empty(), "messages no file has: {unknown:?}");
}

fn collect_t_ids(dir: &Path, into: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).expect("source folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            // This module defines the macro and talks about it; it asks for no message.
            if !path.ends_with("i18n") {
                collect_t_ids(&path, into);
            }
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let source = std::fs::read_to_string(&path).expect("source file");
            for (at, _) in source.match_indices("t!(") {
                // `format!("`, `assert!("` are not `t!("`.
                let word_before = source[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_');
                // rustfmt puts the id of a long call on a line of its own: `t!(\n    "id",`.
                let rest = source[at + 3..].trim_start();
                if let (false, Some(quoted)) = (word_before, rest.strip_prefix('"'))
                    && let Some((id, _)) = quoted.split_once('"')
                {
                    into.push((id.to_owned(), path.display().to_string()));
                }
            }
        }
    }
}

fn catalog(tag: &str) -> std::sync::Arc<Catalog> {
    catalog_for(tag).expect("a catalog")
}

#[test]
fn plurals_follow_each_languages_rules() {
    let count = |tag: &str, n: u64| catalog(tag).format("codes-count", &[("count", n.into())]);
    let russian: Vec<String> = [1, 2, 5, 11, 21, 22, 25, 101, 111]
        .into_iter()
        .map(|n| count("ru", n))
        .collect();
    assert_eq!(
        russian,
        [
            "1 код",
            "2 кода",
            "5 кодов",
            "11 кодов",
            "21 код",
            "22 кода",
            "25 кодов",
            "101 код",
            "111 кодов"
        ]
    );
    let english: Vec<String> = [1, 2, 5, 11, 21, 22, 25]
        .into_iter()
        .map(|n| count("en", n))
        .collect();
    assert_eq!(
        english,
        [
            "1 code", "2 codes", "5 codes", "11 codes", "21 codes", "22 codes", "25 codes"
        ]
    );
}

#[test]
fn distances_in_time_read_naturally_in_both_languages() {
    let span = Span::from_minutes(65);
    assert_eq!(
        span,
        Span {
            days: 0,
            hours: 1,
            minutes: 5
        }
    );
    assert_eq!(catalog("en").relative(&Relative::In(span)), "in 1 h 5 min");
    assert_eq!(
        catalog("ru").relative(&Relative::In(span)),
        "через 1 ч 5 мин"
    );
    let days = Span::from_minutes(2 * 24 * 60 + 4 * 60 + 7);
    assert_eq!(catalog("en").relative(&Relative::Ago(days)), "2 d 4 h ago");
    assert_eq!(
        catalog("ru").relative(&Relative::Ago(days)),
        "2 д 4 ч назад"
    );
    assert_eq!(catalog("ru").relative(&Relative::JustNow), "только что");
}

#[test]
fn dates_use_the_languages_names_and_calendar() {
    // Noon UTC is the same day in every time zone the tests may run in.
    let at = Utc
        .with_ymd_and_hms(2026, 11, 27, 12, 0, 0)
        .single()
        .expect("date");
    let russian = catalog("ru").date_time(at, at);
    assert!(russian.contains("27 ноября"), "{russian}");
    assert!(russian.starts_with("Пт"), "{russian}");
    let english = catalog("en").date_time(at, at);
    assert!(english.starts_with("Fri 27 Nov"), "{english}");
    let next_year = Utc
        .with_ymd_and_hms(2027, 1, 5, 12, 0, 0)
        .single()
        .expect("date");
    assert!(
        catalog("ru")
            .date_time(next_year, at)
            .contains("5 января 2027")
    );

    let ru = catalog("ru");
    assert_eq!(ru.date_names().first_weekday(), Weekday::Mon);
    assert_eq!(ru.date_names().weekday(Weekday::Mon), "Пн");
    assert_eq!(ru.date_names().month(11), "Ноябрь");
    let en = catalog("en");
    assert_eq!(en.date_names().first_weekday(), Weekday::Sun);
    assert_eq!(en.date_names().month(11), "November");
    assert_eq!(catalog("en-GB").date_names().first_weekday(), Weekday::Mon);
}

#[test]
fn the_language_follows_the_request_then_the_system_then_english() {
    assert_eq!(choose_from(Some("ru"), Some("en-US")), "ru");
    assert_eq!(choose_from(None, Some("ru-RU")), "ru-RU");
    assert_eq!(choose_from(None, Some("ru_RU.UTF-8")), "ru-RU");
    assert_eq!(choose_from(Some("de"), Some("ru")), "ru");
    assert_eq!(choose_from(Some("de"), Some("C")), "en");
    assert_eq!(choose_from(None, None), "en");
    let names: Vec<String> = available().into_iter().map(|l| l.name).collect();
    assert_eq!(names[0], "English");
    assert!(names.contains(&"Русский".to_owned()));
}

fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, h, m, 0)
        .single()
        .expect("date")
}

fn span(days: i64, hours: i64, minutes: i64) -> Span {
    Span {
        days,
        hours,
        minutes,
    }
}

#[test]
fn countdowns_count_whole_minutes_and_say_when_they_change() {
    let now = at(10, 0);
    let (distance, next) = Relative::between(at(12, 10) + TimeDelta::seconds(30), now);
    assert_eq!(distance, Relative::In(span(0, 2, 10)));
    assert_eq!(
        next,
        at(10, 0) + TimeDelta::seconds(30) + TimeDelta::milliseconds(1)
    );
    assert_eq!(
        Relative::between(at(12, 0), now).0,
        Relative::In(span(0, 2, 0))
    );
    assert_eq!(
        Relative::between(at(10, 45), now).0,
        Relative::In(span(0, 0, 45))
    );
    assert_eq!(
        Relative::between(now + TimeDelta::seconds(20), now),
        (Relative::InUnderAMinute, now + TimeDelta::seconds(20))
    );
    assert_eq!(
        Relative::between(now + TimeDelta::days(2) + TimeDelta::hours(4), now).0,
        Relative::In(span(2, 4, 0))
    );
    let (past, next) = Relative::between(at(9, 57), now);
    assert_eq!(past, Relative::Ago(span(0, 0, 3)));
    assert_eq!(next, at(10, 1));
    assert_eq!(Relative::between(now, now).0, Relative::JustNow);
}

#[test]
fn the_countdown_text_holds_until_its_next_change() {
    let expiry = at(12, 10) + TimeDelta::seconds(30);
    let mut now = at(10, 0);
    while now < expiry {
        let (text, next) = Relative::between(expiry, now);
        assert!(next > now);
        let just_before = next - TimeDelta::milliseconds(1);
        assert_eq!(
            Relative::between(expiry, just_before).0,
            text,
            "unchanged until {next}"
        );
        now = next;
    }
}

/// The table's countdowns change on the clock's minute, all in one frame: never showing more time than is left,
/// at most a minute less, and each text holds until the moment given for its next change.
#[test]
fn countdowns_on_the_minute_change_together_and_never_overstate() {
    let minute = |now: DateTime<Utc>| {
        now.timestamp().rem_euclid(60) == 0 && now.timestamp_subsec_nanos() == 0
    };
    // Expiries at different seconds, ahead and past, and a start in the middle of a minute.
    let start = at(10, 0) + TimeDelta::milliseconds(17_250);
    for offset in [-7_000, -61, -59, -1, 1, 20, 59, 61, 90, 3_599, 7_843] {
        let expiry = start + TimeDelta::seconds(offset);
        let mut now = start;
        while now < start + TimeDelta::minutes(5) {
            let (shown, next) = Relative::on_the_minute(expiry, now);
            assert!(next > now, "{offset}: the next change is ahead");
            assert!(
                minute(next - TimeDelta::milliseconds(1)) || next == expiry,
                "{offset}: {next} is neither just after a whole minute nor the expiry"
            );
            let exact = Relative::between(expiry, now).0;
            match (shown, exact) {
                (Relative::In(shown), Relative::In(exact)) => {
                    let (shown, exact) = (minutes(shown), minutes(exact));
                    assert!(
                        shown == exact || shown + 1 == exact,
                        "{offset} at {now}: {shown} vs {exact}"
                    );
                }
                (Relative::InUnderAMinute, Relative::In(exact)) => assert_eq!(minutes(exact), 1),
                (Relative::Ago(shown), Relative::Ago(exact)) => {
                    let (shown, exact) = (minutes(shown), minutes(exact));
                    assert!(
                        shown == exact || shown + 1 == exact,
                        "{offset} at {now}: {shown} vs {exact}"
                    );
                }
                (Relative::JustNow, Relative::Ago(exact)) => assert_eq!(minutes(exact), 1),
                (shown, exact) => assert_eq!(shown, exact, "{offset} at {now}"),
            }
            let just_before = next - TimeDelta::milliseconds(1);
            assert_eq!(
                Relative::on_the_minute(expiry, just_before).0,
                shown,
                "{offset}: unchanged until {next}"
            );
            now = next;
        }
    }
}

fn minutes(span: Span) -> i64 {
    (span.days * 24 + span.hours) * 60 + span.minutes
}

/// An error's `Display` is what the logs say, in English whatever language the window speaks; its `text()` is
/// what the person reads, in theirs.
#[test]
fn errors_log_in_english_and_speak_the_users_language() {
    use crate::files::{DialogError, OutputError};
    use crate::handover::SlipFailure;
    use crate::journal::JournalError;
    use crate::secrets::{KeyringFault, SecretsError};

    let russian = Language::new("ru");
    let (logged, read) = russian.enter(|| {
        let errors: [(String, String); 5] = [
            {
                let error = OutputError::Exists("codes.csv".into());
                (error.to_string(), error.text())
            },
            {
                let error = JournalError::Newer;
                (error.to_string(), error.text())
            },
            {
                let error = SlipFailure::NoPrinter;
                (error.to_string(), error.text())
            },
            {
                let error = DialogError::NoDialog;
                (error.to_string(), error.text())
            },
            {
                let error = SecretsError::Other(KeyringFault::Damaged);
                (error.to_string(), error.reason())
            },
        ];
        errors.into_iter().unzip::<_, _, Vec<_>, Vec<_>>()
    });
    for line in &logged {
        assert!(
            !line.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c)),
            "a log line in Russian: {line}"
        );
    }
    for text in &read {
        assert!(
            text.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c)),
            "a message for the user not in their language: {text}"
        );
    }
}
