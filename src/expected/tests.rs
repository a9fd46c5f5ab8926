use chrono::{NaiveDate, NaiveTime, TimeZone as _, Utc};

use super::import::{self, Context, Format};
use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("a time")
}

fn visitor(name: &str, on: NaiveDate) -> Visitor {
    Visitor {
        id: 1,
        details: NewVisitor::new(name, on),
        added_by: "anna".into(),
        added_at: Utc::now(),
        arrived_at: None,
        code_id: None,
        code: String::new(),
    }
}

#[test]
fn three_letters_find_a_visitor_with_yo_or_ye_alike() {
    let mut fyodor = visitor("Фёдор Семёнов", day(2026, 12, 7));
    fyodor.details.company = "ООО Ромашка".into();
    for query in ["фед", "ФЁД", "семен", "ром", "  сЕм "] {
        assert!(fyodor.matches(&fold(query)), "{query} finds him");
    }
    assert!(!fyodor.matches(&fold("пет")));
    assert!(visitor("Anna Petrova", day(2026, 12, 7)).matches(&fold("PET")));
}

#[test]
fn days_times_and_windows_read_as_typed_at_a_russian_desk() {
    let today = day(2026, 12, 7);
    for text in [
        "2026-12-07",
        "07.12.2026",
        "07.12.26",
        "07/12/2026",
        "сегодня",
        "Today",
    ] {
        assert_eq!(parse_day(text, today), Ok(today), "{text}");
    }
    assert_eq!(parse_day("завтра", today), Ok(day(2026, 12, 8)));
    assert_eq!(parse_day("2026-12-08 00:00", today), Ok(day(2026, 12, 8)));
    assert!(matches!(
        parse_day("12/31/2026", today),
        Err(Invalid::BadDay(_))
    ));
    assert_eq!(parse_time("9:30"), Ok(time(9, 30)));
    assert_eq!(parse_time("14.00"), Ok(time(14, 0)));
    assert_eq!(parse_time("14:00:00"), Ok(time(14, 0)));
    assert!(matches!(parse_time("25:00"), Err(Invalid::BadTime(_))));
    assert_eq!(
        parse_window("14:00–16:00"),
        Ok((Some(time(14, 0)), Some(time(16, 0))))
    );
    assert_eq!(parse_window("- 16:00"), Ok((None, Some(time(16, 0)))));
    assert_eq!(parse_window("10"), Ok((Some(time(10, 0)), None)));
}

#[test]
fn a_visitor_without_a_name_or_with_a_backwards_window_is_refused() {
    let on = day(2026, 12, 7);
    assert_eq!(NewVisitor::new("  ", on).checked(), Err(Invalid::NoName));
    let mut backwards = NewVisitor::new("Anna", on);
    (backwards.from, backwards.to) = (Some(time(16, 0)), Some(time(14, 0)));
    assert!(matches!(
        backwards.checked(),
        Err(Invalid::WindowBackwards { .. })
    ));
    let mut long = NewVisitor::new("Anna", on);
    long.note = "x".repeat(MAX_FIELD_CHARS + 1);
    assert_eq!(long.checked(), Err(Invalid::TooLong(Field::Note)));
    assert_eq!(
        NewVisitor::new("  Anna ", on).checked().map(|v| v.name),
        Ok("Anna".to_owned())
    );
}

#[test]
fn timing_follows_the_window_and_the_arrival() {
    let on = day(2026, 12, 7);
    let mut anna = visitor("Anna", on);
    (anna.details.from, anna.details.to) = (Some(time(14, 0)), Some(time(16, 0)));
    assert_eq!(anna.timing(on.and_time(time(13, 0))), Timing::Later);
    assert_eq!(anna.timing(on.and_time(time(15, 0))), Timing::Now);
    assert_eq!(anna.timing(on.and_time(time(16, 0))), Timing::Gone);
    assert_eq!(
        anna.timing(day(2026, 12, 6).and_time(time(15, 0))),
        Timing::Later
    );
    anna.arrived_at = Some(Utc::now());
    assert_eq!(anna.timing(on.and_time(time(17, 0))), Timing::Arrived);
}

#[test]
fn the_code_lasts_to_the_end_of_the_window_or_the_usual_default() {
    let now = Utc
        .with_ymd_and_hms(2026, 12, 7, 12, 0, 0)
        .single()
        .expect("now");
    let local_today = local_now(now).date();
    let mut anna = visitor("Anna", local_today);
    anna.details.to = Some(time(23, 30));
    let until = anna.code_expiry(now);
    assert_eq!(local_now(until).time(), time(23, 30));
    // A window already over (or none): the form's default.
    anna.details.to = Some(time(0, 30));
    assert_eq!(
        anna.code_expiry(now),
        crate::new_code::DEFAULT_EXPIRY.at(now)
    );
    anna.details.to = None;
    assert_eq!(
        anna.code_expiry(now),
        crate::new_code::DEFAULT_EXPIRY.at(now)
    );
}

#[test]
fn the_title_is_the_name_and_flat() {
    let mut anna = visitor("Anna Petrova", day(2026, 12, 7));
    assert_eq!(anna.code_title(), "Anna Petrova");
    anna.details.flat = "12".into();
    assert!(anna.code_title().contains("Anna Petrova"));
    assert!(anna.code_title().contains("12"));
}

fn context() -> Context {
    Context {
        today: day(2026, 12, 7),
        intercoms: vec![(180, "Main entrance".into()), (181, "Подъезд 2".into())],
    }
}

const ROWS: &str = "ФИО;Квартира;Дата;Время;Домофон;Примечание\n\
    Фёдор Семёнов;12;07.12.2026;14:00-16:00;180;с собакой\n\
    Анна Петрова;7;2026-12-08;;Подъезд 2;\n\
    ;3;07.12.2026;;;без имени\n\
    Олег;5;31.02.2026;;;\n\
    Ирина;9;07.12.2026;16:00-14:00;;\n\
    Пётр;1;06.12.2026;;;\n\
    Мария;2;07.12.2026;;Чёрный ход;\n\
    \n";

#[test]
fn a_csv_in_windows_1251_with_semicolons_is_read_and_its_broken_rows_said() {
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(ROWS);
    let sheet = import::read(&bytes).expect("read");
    assert_eq!(
        sheet.format,
        Format::Csv {
            windows_1251: true,
            separator: b';'
        }
    );
    let mapping = import::guess_mapping(&sheet.headers);
    assert_eq!(
        mapping,
        [
            Some(Field::Name),
            Some(Field::Flat),
            Some(Field::Day),
            Some(Field::Window),
            Some(Field::Intercom),
            Some(Field::Note)
        ]
    );
    let preview = import::preview(&sheet, &mapping, &context()).expect("preview");
    let names: Vec<&str> = preview
        .visitors
        .iter()
        .map(|(_, v)| v.name.as_str())
        .collect();
    assert_eq!(names, ["Фёдор Семёнов", "Анна Петрова"]);
    let fyodor = &preview.visitors[0].1;
    assert_eq!(
        (fyodor.from, fyodor.to),
        (Some(time(14, 0)), Some(time(16, 0)))
    );
    assert_eq!(fyodor.intercom_id, Some(180));
    assert_eq!(fyodor.note, "с собакой");
    assert_eq!(preview.visitors[1].1.intercom_id, Some(181));
    let reasons: Vec<(usize, &Invalid)> = preview
        .skipped
        .iter()
        .map(|skipped| (skipped.line, &skipped.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            (4, &Invalid::NoName),
            (5, &Invalid::BadDay("31.02.2026".into())),
            (
                6,
                &Invalid::WindowBackwards {
                    from: time(16, 0),
                    to: time(14, 0)
                }
            ),
            (7, &Invalid::Past(day(2026, 12, 6))),
            (8, &Invalid::UnknownIntercom("Чёрный ход".into())),
        ]
    );
    assert_eq!(preview.skipped[0].first, "3");
}

#[test]
fn a_csv_in_utf8_with_commas_and_a_bom_is_read_alike() {
    let text = format!("\u{feff}{}", ROWS.replace(';', ","));
    let sheet = import::read(text.as_bytes()).expect("read");
    assert_eq!(
        sheet.format,
        Format::Csv {
            windows_1251: false,
            separator: b','
        }
    );
    assert_eq!(sheet.headers[0], "ФИО");
    let preview =
        import::preview(&sheet, &import::guess_mapping(&sheet.headers), &context()).expect("ok");
    assert_eq!(preview.visitors.len(), 2);
    assert_eq!(preview.skipped.len(), 5);
}

#[test]
fn a_file_without_a_name_column_says_which_headers_it_has() {
    let sheet = import::read(b"Who,When\nAnna,today\n").expect("read");
    let error = import::preview(&sheet, &import::guess_mapping(&sheet.headers), &context())
        .expect_err("no name column");
    assert_eq!(
        error,
        import::ImportError::NoNameColumn(vec!["Who".into(), "When".into()])
    );
    assert!(error.text().contains("Who, When"));
}

#[test]
fn an_oversized_file_or_one_with_too_many_rows_is_refused_before_it_is_held() {
    let big = vec![b'a'; import::MAX_FILE_BYTES + 1];
    assert_eq!(import::read(&big), Err(import::ImportError::TooLarge));
    let many = format!("Name\n{}", "Anna\n".repeat(import::MAX_ROWS + 1));
    assert_eq!(
        import::read(many.as_bytes()),
        Err(import::ImportError::TooManyRows)
    );
    assert_eq!(import::read(b""), Err(import::ImportError::Empty));
    assert!(matches!(
        import::read(b"PK\x03\x04not a zip"),
        Err(import::ImportError::Spreadsheet(_))
    ));
}

#[test]
fn a_column_mapped_by_hand_changes_what_is_taken_and_a_field_comes_from_one_column() {
    // Headers the importer does not know: it finds no name column, until the user says which one it is.
    let sheet = import::read("Who,Number,When\nАнна,7,today\nОлег,5,31.02.2026\n".as_bytes())
        .expect("read");
    let mut mapping = import::guess_mapping(&sheet.headers);
    assert_eq!(mapping, [None, None, None]);
    import::assign(&mut mapping, 0, Some(Field::Name));
    let preview = import::preview(&sheet, &mapping, &context()).expect("a name column now");
    assert_eq!(
        preview.visitors.len(),
        2,
        "no date column: both are today's"
    );
    // The third column read as the day: Олег's date is not one, and he is skipped.
    import::assign(&mut mapping, 2, Some(Field::Day));
    let preview = import::preview(&sheet, &mapping, &context()).expect("preview");
    assert_eq!(preview.visitors.len(), 1);
    assert_eq!(preview.skipped[0].line, 3);
    assert_eq!(
        preview.skipped[0].reason,
        Invalid::BadDay("31.02.2026".into())
    );
    // The name taken by the second column leaves the first with nothing.
    import::assign(&mut mapping, 1, Some(Field::Name));
    assert_eq!(mapping, [None, Some(Field::Name), Some(Field::Day)]);
    import::assign(&mut mapping, 1, None);
    assert!(import::preview(&sheet, &mapping, &context()).is_err());
}

#[test]
fn a_columns_list_maps_by_field_names_in_the_files_order() {
    assert_eq!(
        import::mapping_of_list("name, -,,Day", 5),
        Ok(vec![Some(Field::Name), None, None, Some(Field::Day), None])
    );
    assert_eq!(
        import::mapping_of_list("name,name,flat,note", 3),
        Ok(vec![Some(Field::Name), None, Some(Field::Flat)]),
        "a field twice goes to the first; a list longer than the file stops at its end"
    );
    assert_eq!(
        import::mapping_of_list("name,room", 2),
        Err(import::UnknownField("room".into()))
    );
}

#[test]
fn lines_ended_as_excel_ends_them_are_numbered_as_the_file_numbers_them() {
    let sheet = import::read(b"Name;Flat\r\nAnna;7\r\n;3\r\n\"Two\r\nlines\";4\r\nOleg;5\r\n")
        .expect("read");
    let lines: Vec<usize> = sheet.rows.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, [2, 3, 4, 6]);
    let plain = import::read(b"Name\nAnna\n\nOleg\n").expect("read");
    let lines: Vec<usize> = plain.rows.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, [2, 4], "a blank line is counted, not listed");
}
