//! The server's messages in the language a client asks for with `hl`, as both SDKs send it
//! (`aipix-dev/vms-mobile-sdk-android` `network/VMSClientApi.kt`, `aipix-dev/vms-mobile-sdk-ios`
//! `Network/Builders/HeadersBuilder.swift`). The store writes English (Laravel's `en` messages); a refusal to a
//! client that asked for Russian is written again in Laravel's Russian (the wording of the `laravel-lang`
//! package) on its way out. A message this table does not know stays English, as a server missing a translation.

use serde_json::Value;

/// The languages the simulator writes in (`static/basic`'s `available_locales`).
pub(crate) const LANGUAGES: [&str; 2] = ["en", "ru"];

/// Whether `hl` asks for Russian (`ru`, `ru-RU`, `ru_RU`).
pub(crate) fn wants_russian(hl: Option<&str>) -> bool {
    hl.is_some_and(|tag| {
        tag.trim()
            .get(..2)
            .is_some_and(|primary| primary.eq_ignore_ascii_case("ru"))
    })
}

/// Every message of a JSON refusal (`message`, each reason of `errors`) in Russian where it is known.
pub(crate) fn to_russian(body: &mut Value) {
    if let Some(Value::String(message)) = body.get_mut("message") {
        *message = russian(message);
    }
    match body.get_mut("errors") {
        Some(Value::Object(fields)) => {
            for reasons in fields.values_mut() {
                if let Value::Array(reasons) = reasons {
                    for reason in reasons.iter_mut() {
                        if let Value::String(text) = reason {
                            *text = russian(text);
                        }
                    }
                }
            }
        }
        Some(Value::String(text)) => *text = russian(text),
        _ => {}
    }
}

/// One message in Russian, or as it was when it is not known here.
pub(crate) fn russian(english: &str) -> String {
    // Laravel's summary: the first reason, and how many more.
    if let Some((first, more)) = english.rsplit_once(" (and ")
        && let Some(count) = more
            .strip_suffix(" more error)")
            .or_else(|| more.strip_suffix(" more errors)"))
            .and_then(|count| count.parse::<u64>().ok())
    {
        return format!("{} (и ещё ошибок: {count})", russian(first));
    }
    fixed(english)
        .map(str::to_owned)
        .or_else(|| field_rule(english))
        .or_else(|| code_limit(english))
        .unwrap_or_else(|| english.to_owned())
}

fn fixed(english: &str) -> Option<&'static str> {
    Some(match english {
        "These credentials do not match our records." => "Неверное имя пользователя или пароль.",
        "The captcha is incorrect or has expired." => {
            "Неверный код с картинки, или его срок истёк."
        }
        "The given data was invalid." => "Введённые данные неверны.",
        "Too many sessions." => "Слишком много открытых сеансов.",
        "Too Many Attempts." => "Слишком много попыток.",
        "Unauthenticated." => "Не выполнен вход.",
        "This action is unauthorized." => "Действие не разрешено.",
        "Not found." => "Не найдено.",
        "No free code is left on this intercom." => "На этом домофоне не осталось свободных кодов.",
        _ => return None,
    })
}

/// "The {attribute} field …": Laravel's validation rules.
fn field_rule(english: &str) -> Option<String> {
    let rest = english.strip_prefix("The ")?;
    let (attribute, rule) = rest.split_once(" field ")?;
    let text = match rule {
        "is required." => format!("Поле {attribute} обязательно для заполнения."),
        "must be a string." => format!("Поле {attribute} должно быть строкой."),
        "must be an array." => format!("Поле {attribute} должно быть массивом."),
        "must be an integer." => format!("Поле {attribute} должно быть целым числом."),
        "must be true or false." => {
            format!("Поле {attribute} должно иметь значение логического типа.")
        }
        "must be a date after now." => {
            format!("В поле {attribute} должна быть дата позже текущего момента.")
        }
        rule => {
            if let Some(max) = between(rule, "must not be greater than ", " characters.") {
                format!("Количество символов в поле {attribute} не может превышать {max}.")
            } else if let Some(max) = between(rule, "must not have more than ", " items.") {
                format!("Количество элементов в поле {attribute} не может превышать {max}.")
            } else if let Some(max) = between(rule, "must not be greater than ", ".") {
                format!("Значение поля {attribute} не может быть больше {max}.")
            } else if let Some(format) = between(rule, "must match the format ", ".") {
                format!("Поле {attribute} не соответствует формату {format}.")
            } else {
                return None;
            }
        }
    };
    Some(text)
}

/// "You can have no more than N visitor code(s) at a time."
fn code_limit(english: &str) -> Option<String> {
    let rest = english.strip_prefix("You can have no more than ")?;
    let (count, _) = rest.split_once(' ')?;
    let count: u64 = count.parse().ok()?;
    let noun = match (count % 10, count % 100) {
        (1, n) if n != 11 => "кода",
        _ => "кодов",
    };
    Some(format!(
        "Одновременно можно иметь не больше {count} {noun} для посетителей."
    ))
}

/// What stands between `prefix` and `suffix`, when `text` is exactly that.
fn between<'a>(text: &'a str, prefix: &str, suffix: &str) -> Option<&'a str> {
    text.strip_prefix(prefix)?.strip_suffix(suffix)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn refusals_are_written_in_russian_when_asked() {
        assert_eq!(
            russian("The title field must not be greater than 255 characters."),
            "Количество символов в поле title не может превышать 255."
        );
        assert_eq!(
            russian("The expired at field must match the format Y-m-d H:i."),
            "Поле expired at не соответствует формату Y-m-d H:i."
        );
        assert_eq!(
            russian("The per page field must not be greater than 50."),
            "Значение поля per page не может быть больше 50."
        );
        assert_eq!(
            russian("The title field is required. (and 1 more error)"),
            "Поле title обязательно для заполнения. (и ещё ошибок: 1)"
        );
        assert_eq!(
            russian("You can have no more than 5 visitor codes at a time."),
            "Одновременно можно иметь не больше 5 кодов для посетителей."
        );
        assert_eq!(russian("Something new."), "Something new.");
        let mut body = json!({"message": "These credentials do not match our records.",
                              "errors": {"login": ["These credentials do not match our records."]}});
        to_russian(&mut body);
        assert_eq!(
            body["errors"]["login"][0],
            "Неверное имя пользователя или пароль."
        );
        assert!(wants_russian(Some("ru-RU")) && wants_russian(Some("RU")));
        assert!(!wants_russian(Some("en")) && !wants_russian(None));
    }
}
