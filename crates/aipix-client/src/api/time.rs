//! The server's time formats, read into and written from `DateTime<Utc>`.
//!
//! The server stores UTC and answers in several shapes: `"2022-04-19 17:16:00"` (UTC without a zone),
//! `"2022-04-18T17:25:56.000000Z"` (ISO with microseconds), and `null` or `""` for "absent". Requests carry
//! `expired_at` as UTC `Y-m-d H:i`.

use chrono::{DateTime, Datelike as _, NaiveDateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, de};

/// A server time string that matches none of the known formats.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a server time: {0:?}")]
pub struct TimeFormatError(pub String);

/// The years a server time may fall in: those four digits write. chrono reads a signed year of any length
/// (`+262142-12-31 23:59:59`), and a day added to its last day (when a code is removed) overflows.
const YEARS: std::ops::RangeInclusive<i32> = 0..=9999;

/// Reads one server time. An empty string is an error here: absence is handled by [`parse_optional`].
pub fn parse(text: &str) -> Result<DateTime<Utc>, TimeFormatError> {
    read_any(text.trim())
        .filter(|at| YEARS.contains(&at.year()))
        .ok_or_else(|| TimeFormatError(text.chars().take(64).collect()))
}

/// Reads a time in any format the server uses.
fn read_any(trimmed: &str) -> Option<DateTime<Utc>> {
    if let Some(plain) = parse_plain_seconds(trimmed) {
        return Some(plain);
    }
    // ISO 8601 with a zone (`Z` or an offset), any number of fractional digits.
    if let Ok(with_zone) = DateTime::parse_from_rfc3339(trimmed) {
        return Some(with_zone.with_timezone(&Utc));
    }
    // Plain `Y-m-d H:i[:s[.f]]`, with a space or a `T`, which the server means as UTC.
    const NAIVE_FORMATS: [&str; 4] = [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ];
    NAIVE_FORMATS
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(trimmed, format).ok())
        .map(|naive| naive.and_utc())
}

/// The formats of every time on a code, read by hand: `Y-m-d H:i:s` (the contract's example) and the vendor's
/// SDKs' `Y-m-d\TH:i:s.uuuuuu\Z` (`TIME_FORMAT_SERVER_UTC` in `aipix-dev/vms-mobile-sdk-android`
/// `models/DateUtils.kt`). A list of 10,000 codes holds 30,000 of them, and chrono's general parsers read their
/// format anew each time. `None` for anything else (the general parser then decides).
fn parse_plain_seconds(text: &str) -> Option<DateTime<Utc>> {
    let bytes = text.as_bytes();
    let (separator, fraction) = match bytes.len() {
        19 => (b' ', None),
        27 if bytes[19] == b'.' && bytes[26] == b'Z' => (b'T', Some(20..26)),
        _ => return None,
    };
    if bytes[4] != b'-'
        || bytes[7] != b'-'
        || bytes[10] != separator
        || bytes[13] != b':'
        || bytes[16] != b':'
    {
        return None;
    }
    let number = |from: usize, to: usize| -> Option<u32> {
        bytes[from..to].iter().try_fold(0u32, |value, byte| {
            byte.is_ascii_digit()
                .then(|| value * 10 + u32::from(byte - b'0'))
        })
    };
    let date = chrono::NaiveDate::from_ymd_opt(
        i32::try_from(number(0, 4)?).ok()?,
        number(5, 7)?,
        number(8, 10)?,
    )?;
    let micros = match fraction {
        Some(digits) => number(digits.start, digits.end)?,
        None => 0,
    };
    let time = chrono::NaiveTime::from_hms_micro_opt(
        number(11, 13)?,
        number(14, 16)?,
        number(17, 19)?,
        micros,
    )?;
    Some(NaiveDateTime::new(date, time).and_utc())
}

/// Reads a time that may be absent: `None` for `""` (and, through serde, `null`).
pub fn parse_optional(text: &str) -> Result<Option<DateTime<Utc>>, TimeFormatError> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse(text).map(Some)
    }
}

/// Writes an expiry the way the create endpoint takes it: UTC `Y-m-d H:i`.
pub fn format_expiry(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}

/// Writes a time the way the server writes it on codes: UTC `Y-m-d H:i:s`.
pub fn format_plain(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// Writes a time as ISO 8601 with microseconds and `Z`, as the server writes it on intercoms.
pub fn format_iso(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Serde: a required server time.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse(&text).map_err(de::Error::custom)
}

/// Serde: a server time that may be `null`, `""` or missing (use with `#[serde(default)]`).
pub fn deserialize_optional<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    match Option::<String>::deserialize(deserializer)? {
        None => Ok(None),
        Some(text) => parse_optional(&text).map_err(de::Error::custom),
    }
}

/// Serde: writes a time back in the plain server format (for models that are stored or re-sent).
pub fn serialize<S: serde::Serializer>(
    at: &DateTime<Utc>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&format_plain(*at))
}

/// Serde: writes an optional time in the plain server format, `null` when absent.
pub fn serialize_optional<S: serde::Serializer>(
    at: &Option<DateTime<Utc>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match at {
        Some(at) => serialize(at, serializer),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s)
            .single()
            .expect("valid test date")
    }

    #[test]
    fn reads_plain_utc() {
        assert_eq!(
            parse("2022-04-19 17:16:00"),
            Ok(utc(2022, 4, 19, 17, 16, 0))
        );
    }

    #[test]
    fn reads_plain_without_seconds() {
        assert_eq!(parse("2029-12-31 12:45"), Ok(utc(2029, 12, 31, 12, 45, 0)));
    }

    #[test]
    fn reads_iso_with_microseconds_and_z() {
        let read = parse("2022-04-18T17:25:56.000000Z").expect("iso");
        assert_eq!(read, utc(2022, 4, 18, 17, 25, 56));
        let fractional = parse("2022-04-18T17:25:56.250000Z").expect("iso with fraction");
        assert_eq!(fractional.timestamp_subsec_micros(), 250_000);
    }

    #[test]
    fn the_hand_read_iso_form_agrees_with_chrono() {
        for text in [
            "2022-04-18T17:25:56.000000Z",
            "2029-12-31T23:59:59.999999Z",
            "2000-02-29T00:00:00.000001Z",
            "1970-01-01T00:00:00.000000Z",
        ] {
            let chrono = DateTime::parse_from_rfc3339(text)
                .expect("rfc 3339")
                .with_timezone(&Utc);
            assert_eq!(parse_plain_seconds(text), Some(chrono), "{text}");
        }
        // Not the fixed form: left to the general parser, which still reads what is valid.
        assert_eq!(parse_plain_seconds("2022-04-18T17:25:56.0000001Z"), None);
        assert!(parse("2022-04-18T17:25:56.0000001Z").is_ok());
        assert_eq!(parse_plain_seconds("2022-02-30T00:00:00.000000Z"), None);
        assert!(parse("2022-02-30T00:00:00.000000Z").is_err());
        assert_eq!(parse_plain_seconds("2022-04-18 17:25:56.000000Z"), None);
    }

    #[test]
    fn reads_iso_with_an_offset_as_the_same_instant() {
        assert_eq!(
            parse("2022-04-18T19:25:56+02:00"),
            Ok(utc(2022, 4, 18, 17, 25, 56))
        );
    }

    #[test]
    fn absent_values_are_none() {
        assert_eq!(parse_optional(""), Ok(None));
        assert_eq!(parse_optional("   "), Ok(None));
        #[derive(serde::Deserialize)]
        struct Holder {
            #[serde(default, deserialize_with = "deserialize_optional")]
            at: Option<DateTime<Utc>>,
        }
        let from_null: Holder = serde_json::from_str(r#"{"at": null}"#).expect("null");
        assert_eq!(from_null.at, None);
        let from_empty: Holder = serde_json::from_str(r#"{"at": ""}"#).expect("empty");
        assert_eq!(from_empty.at, None);
        let from_missing: Holder = serde_json::from_str("{}").expect("missing");
        assert_eq!(from_missing.at, None);
        let present: Holder =
            serde_json::from_str(r#"{"at": "2022-04-19 17:16:00"}"#).expect("present");
        assert_eq!(present.at, Some(utc(2022, 4, 19, 17, 16, 0)));
    }

    #[test]
    fn bad_times_are_errors_not_panics() {
        for bad in [
            "",
            "yesterday",
            "2022-13-01 00:00:00",
            "2022-02-30 10:00",
            "2022-04-19 25:00",
            "2022-04-19",
            "17:16:00",
            "2022-04-19 17:16:00 junk",
            "\u{0}\u{ffff}",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should not parse");
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Holder {
            #[serde(deserialize_with = "deserialize")]
            at: DateTime<Utc>,
        }
        assert!(serde_json::from_str::<Holder>(r#"{"at": 12}"#).is_err());
        assert!(serde_json::from_str::<Holder>(r#"{"at": null}"#).is_err());
        assert!(serde_json::from_str::<Holder>(r#"{"at": "soon"}"#).is_err());
    }

    #[test]
    fn the_quick_reading_agrees_with_chrono() {
        for text in [
            "2022-04-19 17:16:00",
            "0001-01-01 00:00:00",
            "9999-12-31 23:59:59",
            "2024-02-29 12:00:00",
            "2023-02-29 12:00:00",
            "2022-04-19 24:00:00",
            "2022-04-19 17:60:00",
            "2022-04-19 17:16:60",
            "2022-00-19 17:16:00",
            "2022-04-19T17:16:00",
            "2022-04-19 17:16:0x",
            "+022-04-19 17:16:00",
            "2022-04-19 17:16:00Z",
        ] {
            let general = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
                .ok()
                .map(|naive| naive.and_utc());
            // The quick path answers only what chrono would, and leaves anything unusual (a leap second) to it.
            if let Some(quick) = parse_plain_seconds(text) {
                assert_eq!(Some(quick), general, "{text}");
            }
            if general.is_some() {
                assert_eq!(parse(text).ok(), general, "{text}");
            }
        }
        assert!(parse_plain_seconds("2022-04-19 17:16:00").is_some());
    }

    /// A code that expired on chrono's last day was read, and its removal time (a day later) panicked: seen while
    /// giving the fuzz targets their read-back (`fuzz/`), which now reaches it.
    #[test]
    fn a_time_outside_four_digit_years_is_refused() {
        for far in [
            "+262142-12-31 23:59:59",
            "+262142-12-31T23:59:59",
            "-262142-01-01 00:00",
            "+10000-01-01 00:00:00",
            "-0001-12-31 23:59:59",
            "0000-01-01T00:00:00+00:01",
        ] {
            assert!(parse(far).is_err(), "{far:?} should not be read");
        }
        for near in [
            "0000-01-01 00:00:00",
            "9999-12-31 23:59:59",
            "+9999-12-31 23:59",
            "9999-12-31T23:59:59.999999Z",
        ] {
            assert!(parse(near).is_ok(), "{near:?} should be read");
        }
    }

    #[test]
    fn writes_expiry_as_utc_minutes() {
        assert_eq!(
            format_expiry(utc(2029, 12, 31, 12, 45, 59)),
            "2029-12-31 12:45"
        );
        let local = chrono::FixedOffset::east_opt(3 * 3600)
            .expect("offset")
            .with_ymd_and_hms(2029, 12, 31, 15, 45, 0)
            .single()
            .expect("valid");
        assert_eq!(format_expiry(local.with_timezone(&Utc)), "2029-12-31 12:45");
    }

    #[test]
    fn written_formats_read_back() {
        let at = utc(2026, 1, 2, 3, 4, 5);
        assert_eq!(parse(&format_plain(at)), Ok(at));
        assert_eq!(parse(&format_iso(at)), Ok(at));
        assert_eq!(format_iso(at), "2026-01-02T03:04:05.000000Z");
    }
}
