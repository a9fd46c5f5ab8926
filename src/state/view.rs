//! The list as the user asked to see it: which intercom, what search, which statuses, in what order.

use crate::domain::CodeStatus;
use crate::t;

/// One account of the window (its own backend and state), as the window numbers them: never reused while the
/// window is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct AccountId(pub u32);

/// A code as the window's one table knows it: code ids are the server's, so two accounts (two servers) may
/// both have a code 17.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CodeKey {
    pub account: AccountId,
    pub id: u64,
}

/// Which codes the list shows: all of them, one account's (a group of the intercom list), or one intercom's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Selection {
    #[default]
    All,
    Account(AccountId),
    Intercom(AccountId, u64),
}

impl Selection {
    /// Whether a code of `account` at `intercom` is shown.
    pub fn admits(self, account: AccountId, intercom: u64) -> bool {
        match self {
            Selection::All => true,
            Selection::Account(shown) => shown == account,
            Selection::Intercom(shown, id) => shown == account && id == intercom,
        }
    }
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

    pub(crate) fn admits(self, status: CodeStatus) -> bool {
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
