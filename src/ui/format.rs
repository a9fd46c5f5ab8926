//! Times as the user reads them: local time, and how far away.

use chrono::{DateTime, Datelike as _, Local, Utc};

/// "Tue 10 Mar 14:05" in the user's time zone; the year only when it is not this year.
pub fn local(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let local = at.with_timezone(&Local);
    if local.year() == now.with_timezone(&Local).year() {
        local.format("%a %d %b %H:%M").to_string()
    } else {
        local.format("%a %d %b %Y %H:%M").to_string()
    }
}

/// "14:05:09": a time of day in the user's time zone.
pub fn clock(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local).format("%H:%M:%S").to_string()
}
