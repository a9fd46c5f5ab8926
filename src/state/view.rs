//! The list as the user asked to see it: which intercom, what search, which statuses, in what order.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};

use super::status::CodeStatus;
use crate::t;
use aipix_client::api::Code;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Selection {
    #[default]
    All,
    Intercom(u64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum StatusFilter {
    #[default]
    Any,
    /// Codes that still open the door (active or expiring soon).
    Valid,
    ExpiringSoon,
    Expired,
}

impl StatusFilter {
    pub const ALL: [StatusFilter; 4] = [
        StatusFilter::Any,
        StatusFilter::Valid,
        StatusFilter::ExpiringSoon,
        StatusFilter::Expired,
    ];

    pub fn label(self) -> &'static str {
        match self {
            StatusFilter::Any => t!("filter-any"),
            StatusFilter::Valid => t!("filter-valid"),
            StatusFilter::ExpiringSoon => t!("filter-expiring-soon"),
            StatusFilter::Expired => t!("filter-expired"),
        }
    }

    fn admits(self, status: CodeStatus) -> bool {
        match self {
            StatusFilter::Any => status != CodeStatus::Removed,
            StatusFilter::Valid => status.is_valid(),
            StatusFilter::ExpiringSoon => status == CodeStatus::ExpiringSoon,
            StatusFilter::Expired => status == CodeStatus::Expired,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortKey {
    Title,
    Code,
    Intercom,
    Expiry,
    Status,
    Created,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Sort {
    pub key: SortKey,
    pub ascending: bool,
}

impl Default for Sort {
    /// Soonest expiry first: what a front desk looks at.
    fn default() -> Self {
        Self {
            key: SortKey::Expiry,
            ascending: true,
        }
    }
}

impl Sort {
    /// Clicking a column: the same column flips the direction, another starts ascending.
    pub fn toggled(self, key: SortKey) -> Self {
        if self.key == key {
            Self {
                key,
                ascending: !self.ascending,
            }
        } else {
            Self {
                key,
                ascending: true,
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct CodeQuery {
    pub selection: Selection,
    /// Matched against the title and the intercom's name (ignoring case), and the code.
    pub search: String,
    pub filter: StatusFilter,
    pub sort: Sort,
}

impl CodeQuery {
    pub(crate) fn matches(&self, code: &Code, status: CodeStatus, needle: &str) -> bool {
        if let Selection::Intercom(id) = self.selection
            && code.intercom.id != id
        {
            return false;
        }
        self.filter.admits(status)
            && (needle.is_empty()
                || code.code.contains(needle)
                || code.title.to_lowercase().contains(needle)
                || code.intercom.title.to_lowercase().contains(needle))
    }

    pub(crate) fn compare(&self, a: &Code, b: &Code, now: DateTime<Utc>) -> Ordering {
        let by_key = match self.sort.key {
            SortKey::Title => a.title.to_lowercase().cmp(&b.title.to_lowercase()),
            SortKey::Code => a.code.cmp(&b.code),
            SortKey::Intercom => a.intercom.title.cmp(&b.intercom.title),
            SortKey::Expiry => a.expired_at.cmp(&b.expired_at),
            SortKey::Status => CodeStatus::at(a, now).cmp(&CodeStatus::at(b, now)),
            SortKey::Created => a.created_at.cmp(&b.created_at),
        };
        // Ties keep a stable order by expiry, then id, whatever the direction.
        let by_key = if self.sort.ascending {
            by_key
        } else {
            by_key.reverse()
        };
        by_key
            .then_with(|| a.expired_at.cmp(&b.expired_at))
            .then_with(|| a.id.cmp(&b.id))
    }
}
