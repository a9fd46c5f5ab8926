//! A list of expected visitors read from a file: CSV (UTF-8 or Windows-1251, as Russian Excel saves it; `,` or
//! `;`) or XLSX. Read into a [`Sheet`], its columns mapped to [`Field`]s by their headers (English or Russian),
//! then turned into a [`Preview`]: the visitors it will add and the rows it skips, each with why. Nothing is kept
//! until the preview is accepted, and nothing is sent to the server.

use std::io::Cursor;

use calamine::{Data, Reader as _, Xlsx};
use chrono::NaiveDate;
use encoding_rs::WINDOWS_1251;

use super::{Field, Invalid, NewVisitor, fold, parse_day, parse_time, parse_window};
use crate::t;

/// The largest file read: a list of a few thousand visitors is far smaller.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// Most rows one import takes.
pub const MAX_ROWS: usize = 5000;
/// Most columns read of a row.
const MAX_COLUMNS: usize = 64;

/// What the file was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv {
        /// Windows-1251 rather than UTF-8.
        windows_1251: bool,
        separator: u8,
    },
    Xlsx,
}

impl Format {
    /// "CSV, UTF-8, separated by ;", "XLSX".
    pub fn text(self) -> String {
        match self {
            Format::Csv {
                windows_1251,
                separator,
            } => t!(
                "expected-import-format-csv",
                encoding = if windows_1251 {
                    "Windows-1251"
                } else {
                    "UTF-8"
                },
                separator = char::from(separator).to_string()
            ),
            Format::Xlsx => "XLSX".to_owned(),
        }
    }
}

/// A file's cells as text: its first row (the headers) and the rows after it, each with its line (1-based, as a
/// spreadsheet numbers them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub format: Format,
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Why a file could not be read at all. `Display` for logs; [`ImportError::text`] for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("the file is larger than {MAX_FILE_BYTES} bytes")]
    TooLarge,
    #[error("the file has more than {MAX_ROWS} rows")]
    TooManyRows,
    #[error("the file has no rows")]
    Empty,
    #[error("the spreadsheet could not be read: {0}")]
    Spreadsheet(String),
    #[error("the CSV could not be read: {0}")]
    Csv(String),
    /// No column is the visitors' names.
    #[error("no column is named as a name column (headers: {0:?})")]
    NoNameColumn(Vec<String>),
    /// The file could not be opened or read at all.
    #[error("{path} could not be read: {reason}")]
    Unopened { path: String, reason: String },
}

impl ImportError {
    pub fn text(&self) -> String {
        match self {
            ImportError::TooLarge => t!(
                "expected-import-too-large",
                most = MAX_FILE_BYTES / (1024 * 1024)
            ),
            ImportError::TooManyRows => t!("expected-import-too-many-rows", most = MAX_ROWS),
            ImportError::Empty => t!("expected-import-empty").to_owned(),
            ImportError::Spreadsheet(reason) => {
                t!("expected-import-unreadable", reason = reason.as_str())
            }
            ImportError::Csv(reason) => t!("expected-import-unreadable", reason = reason.as_str()),
            ImportError::NoNameColumn(headers) => t!(
                "expected-import-no-name-column",
                headers = headers.join(", ")
            ),
            ImportError::Unopened { path, reason } => t!(
                "expected-file-unreadable",
                path = path.as_str(),
                reason = reason.as_str()
            ),
        }
    }
}

/// Reads the file at `path`: its size first, so that a file far larger than any list is not read into memory.
pub fn read_file(path: &std::path::Path) -> Result<Sheet, ImportError> {
    let unopened = |error: std::io::Error| ImportError::Unopened {
        path: path.display().to_string(),
        reason: error.to_string(),
    };
    let size = std::fs::metadata(path).map_err(unopened)?.len();
    if size > MAX_FILE_BYTES as u64 {
        return Err(ImportError::TooLarge);
    }
    read(&std::fs::read(path).map_err(unopened)?)
}

/// Reads a file's bytes: XLSX by its ZIP signature, anything else as CSV.
pub fn read(bytes: &[u8]) -> Result<Sheet, ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge);
    }
    let (format, mut rows) = if bytes.starts_with(b"PK\x03\x04") {
        (Format::Xlsx, xlsx_rows(bytes)?)
    } else {
        let (text, windows_1251) = decode(bytes);
        let separator = separator_of(&text);
        let format = Format::Csv {
            windows_1251,
            separator,
        };
        (format, csv_rows(&text, separator)?)
    };
    // Rows with nothing in them are no one: a spreadsheet's blank lines are not listed as skipped.
    rows.retain(|(_, cells)| cells.iter().any(|cell| !cell.trim().is_empty()));
    if rows.len() > MAX_ROWS + 1 {
        return Err(ImportError::TooManyRows);
    }
    let mut rows = rows.into_iter();
    let (_, headers) = rows.next().ok_or(ImportError::Empty)?;
    Ok(Sheet {
        format,
        headers,
        rows: rows.collect(),
    })
}

/// The text of a CSV file, and whether it was Windows-1251: UTF-8 (a byte-order mark dropped) when it is valid
/// UTF-8, else Windows-1251, which Russian Excel writes and which any byte sequence is.
fn decode(bytes: &[u8]) -> (String, bool) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), false),
        Err(_) => {
            let (text, _, _) = WINDOWS_1251.decode(bytes);
            (text.into_owned(), true)
        }
    }
}

/// `;` when the header line has more of them than of `,` (Excel in a language whose decimal mark is a comma),
/// else `,`.
fn separator_of(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let count = |c| first.chars().filter(|&x| x == c).count();
    if count(';') > count(',') { b';' } else { b',' }
}

fn csv_rows(text: &str, separator: u8) -> Result<Vec<(usize, Vec<String>)>, ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    // Each record's line is counted here from the newlines before it: the reader's own count does not move on a
    // line ended by "\r\n", which is how Excel ends them.
    let (mut counted_to, mut line) = (0, 1);
    for record in reader.records() {
        let record = record.map_err(|error| ImportError::Csv(error.to_string()))?;
        if let Some(start) = record.position().map(|position| position.byte() as usize) {
            // The reader may place a record's start on the end of the line before it: that end counts too.
            let bytes = text.as_bytes();
            let start = start
                + bytes
                    .get(start..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|&&byte| byte == b'\r' || byte == b'\n')
                    .count();
            let before = bytes.get(counted_to..start).unwrap_or_default();
            line += before.iter().filter(|&&byte| byte == b'\n').count();
            counted_to = start.max(counted_to);
        }
        rows.push((
            line,
            record.iter().take(MAX_COLUMNS).map(str::to_owned).collect(),
        ));
        if rows.len() > MAX_ROWS + 1 {
            return Err(ImportError::TooManyRows);
        }
    }
    Ok(rows)
}

fn xlsx_rows(bytes: &[u8]) -> Result<Vec<(usize, Vec<String>)>, ImportError> {
    let unreadable = |error: calamine::XlsxError| ImportError::Spreadsheet(error.to_string());
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let range = book
        .worksheet_range_at(0)
        .ok_or(ImportError::Empty)?
        .map_err(unreadable)?;
    if range.height() > MAX_ROWS + 1 {
        return Err(ImportError::TooManyRows);
    }
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    Ok(range
        .rows()
        .enumerate()
        .map(|(index, cells)| {
            let cells = cells.iter().take(MAX_COLUMNS).map(cell_text).collect();
            (first_row + index + 1, cells)
        })
        .collect())
}

/// A spreadsheet cell as the text a CSV would hold: dates as `YYYY-MM-DD`, times as `HH:MM`, whole numbers
/// without a decimal point (a flat number, an intercom's id).
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Int(number) => number.to_string(),
        Data::Float(number) if number.fract() == 0.0 && number.abs() < 1e15 => {
            format!("{number:.0}")
        }
        Data::Float(number) => number.to_string(),
        Data::Bool(yes) => yes.to_string(),
        // A time is a fraction of a day: 14:00 may come back as 13:59:59.999, so it is rounded to the second.
        Data::DateTime(moment) => match moment
            .as_datetime()
            .map(|moment| moment + chrono::TimeDelta::milliseconds(500))
        {
            // A time of day alone is a fraction of a day: its date is the epoch's.
            Some(moment)
                if moment.date() <= NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default() =>
            {
                moment.format("%H:%M").to_string()
            }
            Some(moment) if moment.time() == chrono::NaiveTime::MIN => {
                moment.format("%Y-%m-%d").to_string()
            }
            Some(moment) => moment.format("%Y-%m-%d %H:%M").to_string(),
            None => moment.as_f64().to_string(),
        },
    }
}

/// The field a header names, in English or Russian; `None` for a column the desk has no use for.
pub fn field_of_header(header: &str) -> Option<Field> {
    let header = fold(header);
    let header = header.trim_end_matches([':', '.', '*']);
    let field = match header {
        "name"
        | "full name"
        | "visitor"
        | "guest"
        | "имя"
        | "фио"
        | "ф.и.о"
        | "посетитель"
        | "гость"
        | "имя гостя"
        | "имя посетителя" => Field::Name,
        "flat" | "apartment" | "apt" | "unit" | "room" | "office" | "квартира" | "кв" | "офис"
        | "помещение" => Field::Flat,
        "company" | "organisation" | "organization" | "компания" | "организация" => {
            Field::Company
        }
        "host"
        | "visiting"
        | "to see"
        | "whom"
        | "к кому"
        | "принимающий"
        | "хозяин"
        | "сотрудник" => Field::Host,
        "intercom" | "door" | "entrance" | "домофон" | "дверь" | "подъезд" | "вход" => {
            Field::Intercom
        }
        "date" | "day" | "дата" | "день" | "дата визита" => Field::Day,
        "from" | "since" | "arrives" | "arrival" | "с" | "от" | "время с" | "начало"
        | "прибытие" => Field::From,
        "to" | "until" | "till" | "leaves" | "по" | "до" | "время по" | "конец" | "окончание" => {
            Field::To
        }
        "time" | "window" | "hours" | "время" | "окно" | "часы" => Field::Window,
        "note" | "notes" | "comment" | "remark" | "примечание" | "комментарий" | "заметка" => {
            Field::Note
        }
        _ => return None,
    };
    Some(field)
}

/// Each column's field by its header; a field named by two columns goes to the first.
pub fn guess_mapping(headers: &[String]) -> Vec<Option<Field>> {
    let mut taken = Vec::new();
    headers
        .iter()
        .map(|header| {
            let field = field_of_header(header).filter(|field| !taken.contains(field))?;
            taken.push(field);
            Some(field)
        })
        .collect()
}

/// `column` fills `field` from now on; a column that filled it before fills nothing (a field comes from one column).
pub fn assign(mapping: &mut [Option<Field>], column: usize, field: Option<Field>) {
    if field.is_some() {
        for other in mapping.iter_mut().filter(|other| **other == field) {
            *other = None;
        }
    }
    if let Some(chosen) = mapping.get_mut(column) {
        *chosen = field;
    }
}

/// Why a `--columns` list is not one: the word that is no field's name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a field")]
pub struct UnknownField(pub String);

/// A mapping typed on the command line: one field's name per column, in the file's order (`name,flat,-,day`),
/// `-` or nothing for a column left out; columns past the list's end are left out too. A field named twice goes
/// to the first column that names it.
pub fn mapping_of_list(list: &str, columns: usize) -> Result<Vec<Option<Field>>, UnknownField> {
    let mut mapping = vec![None; columns];
    for (column, word) in list.split(',').enumerate().take(columns) {
        let word = word.trim();
        if word.is_empty() || word == "-" {
            continue;
        }
        let field = Field::ALL
            .into_iter()
            .find(|field| field.name() == word.to_ascii_lowercase())
            .ok_or_else(|| UnknownField(word.to_owned()))?;
        if !mapping.contains(&Some(field)) {
            mapping[column] = Some(field);
        }
    }
    Ok(mapping)
}

/// What a preview needs to know besides the file.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The day of rows without one.
    pub today: NaiveDate,
    /// The account's intercoms (id, title), to find a door named by its title; empty takes any id.
    pub intercoms: Vec<(u64, String)>,
}

/// A row not taken, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Its line in the file (1-based, the header's is 1).
    pub line: usize,
    /// Its first cell that is not empty, so that people can find it.
    pub first: String,
    pub reason: Invalid,
}

/// What an import will do: the visitors it adds, each with its line, and the rows it skips.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub format: Format,
    pub headers: Vec<String>,
    pub mapping: Vec<Option<Field>>,
    pub visitors: Vec<(usize, NewVisitor)>,
    pub skipped: Vec<Skipped>,
}

/// The visitors of `sheet`, its columns mapped by `mapping` (one per header). Rows before `context.today` are
/// skipped, as are rows without a name and rows whose date, time or door cannot be read.
pub fn preview(
    sheet: &Sheet,
    mapping: &[Option<Field>],
    context: &Context,
) -> Result<Preview, ImportError> {
    if !mapping.contains(&Some(Field::Name)) {
        return Err(ImportError::NoNameColumn(sheet.headers.clone()));
    }
    let mut visitors = Vec::new();
    let mut skipped = Vec::new();
    for (line, cells) in &sheet.rows {
        match visitor_of(cells, mapping, context) {
            Ok(visitor) => visitors.push((*line, visitor)),
            Err(reason) => skipped.push(Skipped {
                line: *line,
                first: cells
                    .iter()
                    .map(|cell| cell.trim())
                    .find(|cell| !cell.is_empty())
                    .unwrap_or_default()
                    .chars()
                    .take(40)
                    .collect(),
                reason,
            }),
        }
    }
    Ok(Preview {
        format: sheet.format,
        headers: sheet.headers.clone(),
        mapping: mapping.to_vec(),
        visitors,
        skipped,
    })
}

fn visitor_of(
    cells: &[String],
    mapping: &[Option<Field>],
    context: &Context,
) -> Result<NewVisitor, Invalid> {
    let mut visitor = NewVisitor::new("", context.today);
    for (cell, field) in cells.iter().zip(mapping) {
        let Some(field) = field else { continue };
        let text = cell.trim();
        match field {
            Field::Name => visitor.name = text.to_owned(),
            Field::Flat => visitor.flat = text.to_owned(),
            Field::Company => visitor.company = text.to_owned(),
            Field::Host => visitor.host = text.to_owned(),
            Field::Note => visitor.note = text.to_owned(),
            _ if text.is_empty() => {}
            Field::Intercom => visitor.intercom_id = Some(intercom_of(text, &context.intercoms)?),
            Field::Day => visitor.day = parse_day(text, context.today)?,
            Field::From => visitor.from = Some(parse_time(text)?),
            Field::To => visitor.to = Some(parse_time(text)?),
            Field::Window => (visitor.from, visitor.to) = parse_window(text)?,
        }
    }
    let visitor = visitor.checked()?;
    if visitor.day < context.today {
        return Err(Invalid::Past(visitor.day));
    }
    Ok(visitor)
}

/// A door by its id, or by its title (as the search compares names).
fn intercom_of(text: &str, intercoms: &[(u64, String)]) -> Result<u64, Invalid> {
    let unknown = || Invalid::UnknownIntercom(text.chars().take(40).collect());
    if let Ok(id) = text.parse::<u64>() {
        return if intercoms.is_empty() || intercoms.iter().any(|(known, _)| *known == id) {
            Ok(id)
        } else {
            Err(unknown())
        };
    }
    let folded = fold(text);
    intercoms
        .iter()
        .find(|(_, title)| fold(title) == folded)
        .map(|(id, _)| *id)
        .ok_or_else(unknown)
}
