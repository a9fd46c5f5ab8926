//! The screens in Russian, switched to from the settings menu: every word the app itself writes is Russian, plural
//! forms and calendar names included. A binary of its own: the language is process-wide, so this one test
//! switches it while no other test runs beside it.

mod common;

use chrono::{Datelike as _, Local};
use common::desk::Desk;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use visitor_desk::i18n::{self, LocaleFiles};
use visitor_desk::messages::Command;

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

#[test]
fn the_settings_menu_switches_every_screen_to_russian() {
    i18n::set_language("en");
    let mut desk = Desk::signed_in();
    desk.wait_for_live();
    desk.sent();
    choose_language(&mut desk, "Settings", "Русский");
    assert!(
        desk.sent().contains(&Command::RememberLanguage {
            language: Some("ru".into())
        }),
        "the choice is remembered"
    );

    // The main window.
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
    let today = desk.now().with_timezone(&Local).date_naive();
    let names = i18n::current();
    desk.harness
        .get_by_label(
            &today
                .format_localized("%a %-d %B", names.date_names().chrono_locale())
                .to_string(),
        )
        .click();
    desk.frames(2);
    // The expiry (+4 h) may fall in the next month just before midnight: the calendar opens on its month.
    let expiry = (desk.now() + chrono::TimeDelta::hours(4))
        .with_timezone(&Local)
        .date_naive();
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

    // A code made, and a notice.
    desk.type_into("Название", "Мария");
    desk.harness.key_press(egui::Key::Enter);
    desk.step_until("the code", |h| h.state().state().create.created.is_some());
    desk.frames(2);
    assert!(desk.has_label("Только что создан"));
    assert!(desk.has_label("Скопирован в буфер обмена"));
    desk.harness.get_by_label("Выбрать Мария").click();
    desk.frames(2);
    desk.harness.key_press(egui::Key::Delete);
    desk.frames(2);
    assert!(desk.has_label("Отозвать 1 код?"));
    desk.harness.key_press(egui::Key::Enter);
    desk.step_until("the notice", |h| {
        h.query_by_label("Отозван 1 код").is_some()
    });
    assert!(
        desk.has_label_containing("Отозван в "),
        "the panel says it no longer works"
    );

    // The sign-in screen.
    desk.harness.get_by_label("Выйти").click();
    desk.step_until("the sign-in screen", |h| !h.state().state().is_signed_in());
    desk.frames(2);
    for label in ["Сервер", "Логин", "Пароль", "Войти", "Дополнительно"]
    {
        assert!(desk.has_label(label), "{label}");
    }

    // The longer Russian words still fit a window of 1024 pixels: the toolbar and the table end before the
    // form.
    let mut small = Desk::signed_in_at([1024.0, 768.0]);
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
    i18n::set_language("en");
}
