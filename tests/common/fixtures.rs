//! Data the tests make by hand: a [`Code`] as the server would list it, built from what the test cares about.

use aipix_client::api::{Code, IntercomBrief};
use chrono::{DateTime, TimeDelta, Utc};

/// A code listed at `now`: made then, valid for four hours, at an online intercom; change what matters to the test.
pub fn a_code(id: u64, now: DateTime<Utc>) -> CodeBuilder {
    CodeBuilder(Code {
        id,
        title: "Visitor".into(),
        code: Some("48213".into()),
        expired_at: now + TimeDelta::hours(4),
        is_expired: Some(false),
        will_deleted_at: None,
        created_at: Some(now),
        intercom: Some(IntercomBrief {
            id: 1,
            title: "Main entrance".into(),
            is_online: Some(true),
            department: Some(1),
            address: String::new(),
        }),
    })
}

#[must_use]
pub struct CodeBuilder(Code);

impl CodeBuilder {
    pub fn title(mut self, title: &str) -> Self {
        self.0.title = title.into();
        self
    }

    /// The door code itself.
    pub fn digits(mut self, digits: &str) -> Self {
        self.0.code = Some(digits.into());
        self
    }

    pub fn expires_at(mut self, at: DateTime<Utc>) -> Self {
        self.0.expired_at = at;
        self
    }

    /// The intercom's id, name, entrance and address.
    pub fn at(mut self, id: u64, title: &str, department: Option<i64>, address: &str) -> Self {
        self.0.intercom = Some(IntercomBrief {
            id,
            title: title.into(),
            department,
            address: address.into(),
            is_online: Some(true),
        });
        self
    }

    pub fn build(self) -> Code {
        self.0
    }
}
