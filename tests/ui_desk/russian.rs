//! The screens in Russian, switched to from the settings menu: every word the app itself writes is Russian, plural
//! forms and calendar names included. Beside the English tests of this binary: each window speaks its own language.

use chrono::{Datelike as _, Local};

use crate::common::desk::Desk;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use visitor_desk::i18n::{self, LocaleFiles};
use visitor_desk::messages::Command;
use visitor_desk::settings::SettingsChange;

/// Every message of the English files without arguments that reads differently in Russian: what must not be
/// seen once the app speaks Russian.
fn english_only_words() -> Vec<String> {
    let english = i18n::catalog_for("en").expect("English");
    let russian = i18n::catalog_for("ru").expect("Russian");
    let mut words = Vec::new();
    for (_, source) in LocaleFiles::sources("en") {
        for line in source.lines() {
            let Some((id, value)) = line.split_once(" = ") else {
                continue;
            };
            if id.starts_with(['#', ' ']) || id.starts_with("format-") || value.contains('{') {
                continue;
            }
            let (en, ru) = (english.format(id, &[]), russian.format(id, &[]));
            if en != ru {
                words.push(en);
            }
        }
    }
    words
}

/// Words a Russian screen may show in Latin letters: names, formats and keys that Russian writes the same way.
const SAME_IN_RUSSIAN: [&str; 22] = [
    "visitor", "desk", "aipix", "vms", "org", "example", "http", "https", "url", "csv", "json",
    "excel", "pdf", "sha", "zenity", "xdg", "portal", "ctrl", "alt", "shift", "esc", "enter",
];

/// The words English messages are made of (three letters or more), but for [`SAME_IN_RUSSIAN`]: a painted text with
/// one of them is English that bypassed the translation (or a translation left in English), even when it was built
/// from pieces or took arguments.
fn english_words() -> std::collections::BTreeSet<String> {
    LocaleFiles::sources("en")
        .into_iter()
        .flat_map(|(_, source)| {
            source
                .lines()
                .filter(|line| !line.trim_start().starts_with('#'))
                .map(|line| {
                    line.split_once(" = ")
                        .map_or(line, |(_, value)| value)
                        .to_owned()
                })
                .collect::<Vec<_>>()
        })
        .flat_map(|value| words(&value))
        .filter(|word| word.len() >= 3 && !SAME_IN_RUSSIAN.contains(&word.as_str()))
        .collect()
}

/// The Latin words of a text, lower-cased; placeables (`{ $count }`) and strftime patterns are not words.
fn words(text: &str) -> Vec<String> {
    let mut plain = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = (depth - 1).max(0),
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    plain
        .split(|c: char| !c.is_ascii_alphabetic() && c != '%')
        .filter(|word| !word.is_empty() && !word.contains('%'))
        .map(str::to_lowercase)
        .collect()
}

/// Fails when anything painted holds an English word of the app's messages. What the server sent (titles,
/// intercoms, addresses, the login and the server's address) is taken out first: it is shown as the server wrote it;
/// so are the product's name and each language's own name in the language switch.
#[track_caller]
fn assert_speaks_russian(desk: &Desk, screen: &str) {
    let english = english_words();
    assert!(
        english.len() > 200,
        "the check knows the English words: {}",
        english.len()
    );
    let state = desk.harness.state().state();
    let mut server_data: Vec<String> = state
        .intercoms
        .iter()
        .flat_map(|intercom| [intercom.title.clone(), intercom.address.clone()])
        .chain(
            state
                .session
                .iter()
                .flat_map(|s| [s.user.login.clone(), s.server.clone()]),
        )
        // The account's login, typed by the user (the session is gone on the sign-in screen).
        .chain([
            desk.sim.base_url(),
            "demo".to_owned(),
            "Visitor Desk".to_owned(),
            "AIPIX".to_owned(),
        ])
        // The language switch names each language in itself.
        .chain(i18n::available().into_iter().map(|language| language.name))
        .collect();
    for id in desk.sim.code_ids("demo") {
        if let Some(code) = state.code(id) {
            server_data.push(code.title.clone());
        }
    }
    // Longest first, so that "Main entrance" goes before "Main".
    server_data.sort_by_key(|text| std::cmp::Reverse(text.len()));
    let leaks: Vec<String> = desk
        .painted()
        .into_iter()
        .map(|painted| painted.text)
        .filter(|text| {
            let mut ours = text.clone();
            for data in server_data.iter().filter(|data| !data.is_empty()) {
                ours = ours.replace(data.as_str(), " ");
            }
            words(&ours).iter().any(|word| english.contains(word))
        })
        .collect();
    assert!(
        leaks.is_empty(),
        "English on the Russian {screen}: {leaks:?}"
    );
}

/// Where the table's title column starts: its header.
fn title_column(desk: &Desk) -> egui::Rect {
    desk.harness
        .query_all_by_role(egui::accesskit::Role::Button)
        .find(|node| {
            node.accesskit_node()
                .label()
                .is_some_and(|label| label.starts_with("Название"))
        })
        .map(|node| node.rect())
        .expect("the title column")
}

fn choose_language(desk: &mut Desk, settings: &str, language: &str) {
    desk.harness.get_by_label(settings).click();
    desk.frames(2);
    desk.harness.get_by_label(language).click();
    desk.frames(3);
}

/// The main window in Russian: its words, a Russian plural, and no English word left on screen.
fn main_window_speaks_russian(desk: &Desk) {
    for label in [
        "Выйти",
        "Обновить",
        "Настройки",
        "Домофоны",
        "Все домофоны",
        "Новый код",
        "Создать код",
        "+4 ч",
        "До конца дня",
        "Живые обновления",
        "Истёк",
        "Действует",
    ] {
        assert!(desk.has_label(label), "{label}");
    }
    assert!(
        desk.has_label_containing("будет удалён "),
        "the expired code's removal"
    );
    assert!(desk.has_label_containing("Синхронизировано в "));
    let held = desk.sim.code_ids("demo").len();
    assert!(desk.has_label(&format!("{held} кода")), "a Russian plural");
    let leaks: Vec<String> = {
        let words = english_only_words();
        assert!(
            words.len() > 100,
            "the check knows the English words: {}",
            words.len()
        );
        desk.painted()
            .into_iter()
            .map(|painted| painted.text)
            .filter(|text| words.contains(text))
            .collect()
    };
    assert!(leaks.is_empty(), "English on the Russian screen: {leaks:?}");
    assert_speaks_russian(desk, "main window");
}

/// The calendar: Russian month names, the week from Monday. The date button shows the expiry (+4 h), which just
/// before midnight is tomorrow, and the calendar opens on its month.
fn calendar_speaks_russian(desk: &mut Desk) {
    let names = i18n::catalog_for("ru").expect("Russian");
    let expiry = (desk.now() + chrono::TimeDelta::hours(4))
        .with_timezone(&Local)
        .date_naive();
    desk.harness
        .get_by_label(
            &expiry
                .format_localized("%a %-d %B", names.date_names().chrono_locale())
                .to_string(),
        )
        .click();
    desk.frames(2);
    let heading = format!(
        "{} {}",
        names.date_names().month(expiry.month()),
        expiry.year()
    );
    assert!(desk.has_label(&heading), "{heading}");
    assert!(
        desk.rect_of("Пн").left() < desk.rect_of("Вс").left(),
        "Monday first"
    );
    desk.harness.key_press(egui::Key::Escape);
    desk.frames(2);
}

/// A code made, its notice, the revoke confirmation and the panel saying it no longer works, in Russian.
fn code_made_and_revoked_in_russian(desk: &mut Desk) {
    desk.type_into("Название", "Мария");
    desk.harness.key_press(egui::Key::Enter);
    desk.step_until("the code", |h| h.state().state().create.created.is_some());
    desk.frames(2);
    assert!(desk.has_label("Только что создан"));
    assert!(desk.has_label("Скопирован в буфер обмена"));
    assert_speaks_russian(desk, "new-code panel");
    desk.harness.get_by_label("Выбрать Мария").click();
    desk.frames(2);
    desk.harness.key_press(egui::Key::Delete);
    desk.frames(2);
    assert!(desk.has_label("Отозвать 1 код?"));
    assert_speaks_russian(desk, "revoke confirmation");
    desk.harness.key_press(egui::Key::Enter);
    desk.step_until("the notice", |h| {
        h.query_by_label("Отозван 1 код").is_some()
    });
    assert!(
        desk.has_label_containing("Отозван в "),
        "the panel says it no longer works"
    );
}

#[test]
fn the_settings_menu_switches_every_screen_to_russian() {
    let mut desk = Desk::signed_in();
    desk.wait_for_live();
    desk.sent();
    choose_language(&mut desk, "Settings", "Русский");
    assert!(
        desk.sent()
            .contains(&Command::Remember(SettingsChange::Language(Some(
                "ru".into()
            )))),
        "the choice is remembered"
    );

    // The main window.
    main_window_speaks_russian(&desk);

    // The settings menu, open.
    desk.harness.get_by_label("Настройки").click();
    desk.frames(2);
    assert_speaks_russian(&desk, "settings menu");
    desk.harness.key_press(egui::Key::Escape);
    desk.frames(2);

    // The History screen, and back.
    desk.harness.get_by_label("История").click();
    desk.frames(3);
    assert!(desk.has_label("Кто"), "the History screen");
    assert_speaks_russian(&desk, "History screen");
    desk.harness.key_press(egui::Key::Escape);
    desk.frames(2);

    // A window made smaller takes the side panels with it: the codes keep at least half of it.
    desk.harness.set_size(egui::vec2(1024.0, 768.0));
    desk.frames(3);
    let codes_width = desk.rect_of("Новый код").left() - title_column(&desk).left();
    assert!(
        codes_width >= 512.0,
        "the codes have {codes_width} of 1024 px"
    );
    desk.harness.set_size(egui::vec2(1400.0, 900.0));
    desk.frames(3);

    // The calendar: Russian month names, the week from Monday.
    calendar_speaks_russian(&mut desk);

    // A code made, and a notice.
    code_made_and_revoked_in_russian(&mut desk);

    // The sign-in screen.
    desk.harness.get_by_label("Выйти").click();
    desk.step_until("the sign-in screen", |h| !h.state().state().is_signed_in());
    desk.frames(2);
    for label in ["Сервер", "Логин", "Пароль", "Войти", "Дополнительно"]
    {
        assert!(desk.has_label(label), "{label}");
    }
    assert_speaks_russian(&desk, "sign-in screen");

    // The longer Russian words still fit a window of 1024 pixels: the toolbar and the table end before the
    // form.
    let mut small = Desk::signed_in_speaking("ru", [1024.0, 768.0]);
    small.frames(3);
    let form = small.rect_of("Новый код");
    let toolbar = small.rect_of("Отозвать выбранные (0)");
    assert!(toolbar.right() <= form.left(), "{toolbar:?}");
    let table = title_column(&small);
    let painted = small.painted();
    assert!(painted.iter().any(|p| p.text.starts_with("будет удалён")));
    for text in painted.iter().filter(|p| {
        p.rect.left() >= table.left() && p.rect.left() < form.left() && p.rect.top() >= table.top()
    }) {
        assert!(
            text.rect.right() <= form.left(),
            "{text:?} runs under the form"
        );
    }
    drop(small);

    // And back.
    choose_language(&mut desk, "Настройки", "English");
    assert!(desk.has_label("Sign in"));
}
