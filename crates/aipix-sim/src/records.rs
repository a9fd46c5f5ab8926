//! The simulator's records: the accounts, intercoms, codes and calls the store holds and [`crate::wire`] writes
//! out as the server's JSON. Plain data with no rules, so that the store and the wire format both build on it.

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

/// An account (the simulator has no parents or sub-users).
#[derive(Debug, Clone)]
pub(crate) struct User {
    pub id: u64,
    pub login: String,
    /// Never written out: the store compares it at login.
    pub password: String,
    pub name: String,
    pub permissions: Vec<(u64, String)>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub(crate) struct Intercom {
    pub id: u64,
    pub owner: u64,
    pub title: String,
    pub is_online: bool,
    pub is_enabled: bool,
    pub timetable: Value,
    pub department: u32,
    pub address: String,
    pub status: String,
    pub created_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    /// `is_open_door_app`: the door may be opened from the app.
    pub opens_from_app: bool,
    /// `is_open_door_code`: visitor codes work here.
    pub takes_codes: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Code {
    pub id: u64,
    /// Kept on the code itself so listing an account's codes needs no join.
    pub owner: u64,
    pub intercom_id: u64,
    pub title: String,
    pub code: String,
    pub expired_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

impl Code {
    pub fn is_expired(&self, now: DateTime<Utc>) -> bool {
        now >= self.expired_at
    }

    pub fn will_deleted_at(&self) -> DateTime<Utc> {
        // Saturates so an absurd expiry from a test cannot overflow.
        self.expired_at
            .checked_add_signed(Duration::hours(24))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    pub fn is_gone(&self, now: DateTime<Utc>) -> bool {
        now >= self.will_deleted_at()
    }
}

/// Where a call stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CallStatus {
    Ring,
    Answered,
    Ended,
    Missed,
}

impl CallStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CallStatus::Ring => "ring",
            CallStatus::Answered => "answered",
            CallStatus::Ended => "ended",
            CallStatus::Missed => "missed",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Call {
    pub id: u64,
    pub owner: u64,
    pub intercom_id: u64,
    pub status: CallStatus,
    pub created_at: DateTime<Utc>,
    /// When somebody answered.
    pub started_at: Option<DateTime<Utc>>,
    /// When the conversation ended, or the ringing stopped unanswered.
    pub ended_at: Option<DateTime<Utc>>,
}
