//! The codes, kept ready for a frame: each code's status as of the state's clock, the valid codes per intercom,
//! the moments statuses change, titles already lower-cased, and the codes already sorted for the chosen order.
//!
//! A frame asks for the view, the counts and the next change many times a second; the codes change far less often,
//! and their statuses only at known moments. So the work is done when something changes (a push, a listing, a
//! status boundary passing) and a frame only reads, or at most filters one sorted list.

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};
use std::ops::Bound;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::view::{AccountId, CodeKey, CodeQuery, Selection, Sort, SortKey, StatusFilter};
use crate::domain::{CodeStatus, intercom_key, next_status_change, status_changes};
use crate::search_fold;
use aipix_client::api::Code;

/// A code's intercom title for sorting: codes whose intercom the server did not name come first.
fn intercom_title(code: &Code) -> Option<&str> {
    code.intercom
        .as_ref()
        .map(|intercom| intercom.title.as_str())
}

#[derive(Debug)]
struct Entry {
    code: Code,
    /// Status as of [`CodeIndex::now`].
    status: CodeStatus,
    /// What the search looks in, lower-cased, one per line: the title, the code, the intercom's name.
    haystack: Arc<str>,
    title_lower: Arc<str>,
}

/// One row of a sorted order: what the filters read, copied so that filtering never looks anything up.
#[derive(Debug, Clone)]
struct Row {
    id: u64,
    intercom: u64,
    status: CodeStatus,
    haystack: Arc<str>,
}

#[derive(Debug)]
pub(crate) struct CodeIndex {
    entries: HashMap<u64, Entry>,
    /// The clock the statuses are as of.
    now: DateTime<Utc>,
    /// Every moment after `now` at which some code's status changes.
    boundaries: BTreeSet<(DateTime<Utc>, u64)>,
    /// Codes that still open the door, per intercom.
    valid: HashMap<u64, usize>,
    /// Changes with every change of a code or a status; the views' caches are kept against it.
    version: u64,
}

impl Default for CodeIndex {
    fn default() -> Self {
        Self {
            entries: HashMap::new(),
            now: DateTime::<Utc>::MIN_UTC,
            boundaries: BTreeSet::new(),
            valid: HashMap::new(),
            version: 0,
        }
    }
}

impl CodeIndex {
    pub fn get(&self, id: u64) -> Option<&Code> {
        self.entries.get(&id).map(|entry| &entry.code)
    }

    /// Changes with every change of a code or a status (for caches kept against it).
    pub fn version(&self) -> u64 {
        self.version
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn contains(&self, id: u64) -> bool {
        self.entries.contains_key(&id)
    }

    pub fn codes(&self) -> impl Iterator<Item = &Code> {
        self.entries.values().map(|entry| &entry.code)
    }

    /// Adds a code, or replaces the one with its id. A code already past its removal is not kept.
    pub fn insert(&mut self, code: Code) {
        self.remove(code.id);
        let status = CodeStatus::at(&code, self.now);
        if status == CodeStatus::Removed {
            return;
        }
        for moment in status_changes(&code) {
            if moment > self.now {
                self.boundaries.insert((moment, code.id));
            }
        }
        self.count(intercom_key(&code), status, 1);
        let title_lower: Arc<str> = code.title.to_lowercase().into();
        // The search is one line: it cannot match across the line breaks.
        let haystack = format!(
            "{}\n{}\n{}",
            search_fold::fold(&code.title),
            search_fold::fold(code.code_value().unwrap_or_default()),
            code.intercom
                .as_ref()
                .map_or_else(String::new, |intercom| search_fold::fold(&intercom.title))
        )
        .into();
        self.entries.insert(
            code.id,
            Entry {
                code,
                status,
                haystack,
                title_lower,
            },
        );
        self.version += 1;
    }

    pub fn remove(&mut self, id: u64) -> Option<Code> {
        let entry = self.entries.remove(&id)?;
        for moment in status_changes(&entry.code) {
            self.boundaries.remove(&(moment, id));
        }
        self.count(intercom_key(&entry.code), entry.status, -1);
        self.version += 1;
        Some(entry.code)
    }

    /// Replaces every code at once (a listing).
    pub fn replace_all(&mut self, codes: impl IntoIterator<Item = Code>) {
        self.entries.clear();
        self.boundaries.clear();
        self.valid.clear();
        for code in codes {
            self.insert(code);
        }
        self.version += 1;
    }

    fn count(&mut self, intercom: u64, status: CodeStatus, delta: isize) {
        if status.is_valid() {
            let count = self.valid.entry(intercom).or_default();
            *count = count.saturating_add_signed(delta);
        }
    }

    /// Moves the clock to `now`: statuses whose moment has come change, and codes past their removal leave (the
    /// server has deleted them without a push). Answers whether anything changed.
    pub fn advance(&mut self, now: DateTime<Utc>) -> bool {
        if now < self.now {
            // The clock went back (the system's was set): every status is worked out again.
            self.now = now;
            let codes: Vec<Code> = self.entries.drain().map(|(_, entry)| entry.code).collect();
            self.replace_all(codes);
            return true;
        }
        self.now = now;
        let mut changed = false;
        while let Some(&(moment, id)) = self.boundaries.first()
            && moment <= now
        {
            self.boundaries.pop_first();
            let Some(entry) = self.entries.get_mut(&id) else {
                continue;
            };
            let status = CodeStatus::at(&entry.code, now);
            if status == entry.status {
                continue;
            }
            let (intercom, before) = (intercom_key(&entry.code), entry.status);
            entry.status = status;
            changed = true;
            self.count(intercom, before, -1);
            self.count(intercom, status, 1);
            if status == CodeStatus::Removed {
                self.remove(id);
            }
        }
        if changed {
            self.version += 1;
        }
        changed
    }

    /// Whether the statuses kept are those at `now` (no status changes between the clock and `now`).
    fn current_at(&self, now: DateTime<Utc>) -> bool {
        now >= self.now
            && self
                .boundaries
                .first()
                .is_none_or(|(moment, _)| now < *moment)
    }

    /// How many codes of an intercom still open the door at `now`.
    pub fn valid_count(&self, intercom: u64, now: DateTime<Utc>) -> usize {
        if self.current_at(now) {
            return self.valid.get(&intercom).copied().unwrap_or(0);
        }
        self.entries
            .values()
            .filter(|entry| {
                intercom_key(&entry.code) == intercom && CodeStatus::at(&entry.code, now).is_valid()
            })
            .count()
    }

    /// The next moment after `now` at which some code's status changes.
    pub fn next_change(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if now < self.now {
            return self
                .entries
                .values()
                .filter_map(|entry| next_status_change(&entry.code, now))
                .min();
        }
        self.boundaries
            .range((Bound::Excluded((now, u64::MAX)), Bound::Unbounded))
            .next()
            .map(|(moment, _)| *moment)
    }

    /// Every code in the order `sort` asks for, with what the filters read.
    fn sorted_rows(&self, sort: Sort) -> Vec<Row> {
        let mut entries: Vec<&Entry> = self.entries.values().collect();
        entries.sort_unstable_by(|a, b| compare(sort, a, b));
        entries.into_iter().map(Row::of).collect()
    }
}

impl Row {
    fn of(entry: &Entry) -> Self {
        Self {
            id: entry.code.id,
            intercom: intercom_key(&entry.code),
            status: entry.status,
            haystack: entry.haystack.clone(),
        }
    }
}

/// The codes a query shows across the window's accounts, kept by the screen that asks (the main screen's list, its
/// export, the template's sample), against the indexes' versions: a frame with the same query and nothing changed
/// reads it back; a new search filters the codes already sorted. Reads each index as its state's clock left it
/// ([`CodeIndex::advance`] through `AppState::prune`), so it never changes a state.
#[derive(Debug, Default)]
pub struct CodeView {
    sorted: Option<SortedRows>,
    /// The codes the query shows before its search: what a search filters, and what an emptied search shows
    /// again without a pass over every code.
    narrowed: Option<Narrowed>,
    /// The codes a non-empty search shows.
    searched: Option<(Versions, CodeQuery, Vec<CodeKey>)>,
}

/// The sorted rows a selection and a status filter admit, as positions in [`CodeView::sorted`] and as keys.
#[derive(Debug)]
struct Narrowed {
    versions: Versions,
    selection: Selection,
    filter: StatusFilter,
    sort: Sort,
    rows: Vec<usize>,
    keys: Vec<CodeKey>,
}

/// Which indexes, at which versions, a cached answer was made from.
type Versions = Vec<(AccountId, u64)>;

/// Every code of the indexes, in one order, and what it was made from.
type SortedRows = (Versions, Sort, Vec<(AccountId, Row)>);

impl CodeView {
    /// The codes `query` shows, in its order.
    pub(crate) fn of(
        &mut self,
        indexes: &[(AccountId, &CodeIndex)],
        query: &CodeQuery,
    ) -> &[CodeKey] {
        let versions: Versions = indexes
            .iter()
            .map(|(account, index)| (*account, index.version))
            .collect();
        self.narrow(indexes, &versions, query);
        let needle = search_fold::fold(query.search.trim());
        if needle.is_empty() {
            self.searched = None;
            return self.shown();
        }
        let fresh = self
            .searched
            .as_ref()
            .is_some_and(|(cached_versions, cached, _)| {
                *cached_versions == versions && cached == query
            });
        if !fresh {
            let rows = self.sorted.as_ref().map_or(&[][..], |(_, _, rows)| rows);
            let narrowed = self.narrowed.as_ref().map_or(&[][..], |n| &n.rows);
            let keys = narrowed
                .iter()
                .map(|&position| &rows[position])
                .filter(|(_, row)| row.haystack.contains(needle.as_str()))
                .map(|(account, row)| CodeKey {
                    account: *account,
                    id: row.id,
                })
                .collect();
            self.searched = Some((versions, query.clone(), keys));
        }
        self.shown()
    }

    /// The codes the last query answered.
    pub fn shown(&self) -> &[CodeKey] {
        match (&self.searched, &self.narrowed) {
            (Some((_, _, keys)), _) => keys,
            (None, Some(narrowed)) => &narrowed.keys,
            (None, None) => &[],
        }
    }

    /// Keeps [`CodeView::narrowed`] to what `query`'s selection and status filter admit, made again only when
    /// the codes, the order or those two changed (a search alone never).
    fn narrow(
        &mut self,
        indexes: &[(AccountId, &CodeIndex)],
        versions: &Versions,
        query: &CodeQuery,
    ) {
        let fresh = self.narrowed.as_ref().is_some_and(|narrowed| {
            narrowed.versions == *versions
                && narrowed.selection == query.selection
                && narrowed.filter == query.filter
                && narrowed.sort == query.sort
        });
        if fresh {
            return;
        }
        let rows = self.sorted(indexes, versions, query.sort);
        let (positions, keys) = rows
            .iter()
            .enumerate()
            .filter(|(_, (account, row))| query.selection.admits(*account, row.intercom))
            .filter(|(_, (_, row))| query.filter.admits(row.status))
            .map(|(position, (account, row))| {
                let key = CodeKey {
                    account: *account,
                    id: row.id,
                };
                (position, key)
            })
            .unzip();
        self.narrowed = Some(Narrowed {
            versions: versions.clone(),
            selection: query.selection,
            filter: query.filter,
            sort: query.sort,
            rows: positions,
            keys,
        });
    }

    /// Every code in the order `sort` asks for, sorted again only when the codes or the order changed. One
    /// account's codes come sorted from its index; several are sorted together.
    fn sorted(
        &mut self,
        indexes: &[(AccountId, &CodeIndex)],
        versions: &Versions,
        sort: Sort,
    ) -> &[(AccountId, Row)] {
        let fresh = self
            .sorted
            .as_ref()
            .is_some_and(|(cached_versions, cached, _)| {
                cached_versions == versions && *cached == sort
            });
        if !fresh {
            let rows = if let [(account, index)] = indexes {
                let account = *account;
                index
                    .sorted_rows(sort)
                    .into_iter()
                    .map(|row| (account, row))
                    .collect()
            } else {
                let mut entries: Vec<(AccountId, &Entry)> = indexes
                    .iter()
                    .flat_map(|(account, index)| {
                        index.entries.values().map(|entry| (*account, entry))
                    })
                    .collect();
                entries.sort_unstable_by(|(a_account, a), (b_account, b)| {
                    compare(sort, a, b).then_with(|| a_account.cmp(b_account))
                });
                entries
                    .into_iter()
                    .map(|(account, entry)| (account, Row::of(entry)))
                    .collect()
            };
            self.sorted = Some((versions.clone(), sort, rows));
        }
        self.sorted
            .as_ref()
            .map_or(&[], |(_, _, rows)| rows.as_slice())
    }
}

/// The order of two codes under `sort`; ties keep a stable order by expiry, then id, whatever the direction.
fn compare(sort: Sort, a: &Entry, b: &Entry) -> Ordering {
    let by_key = match sort.key {
        SortKey::Title => a.title_lower.cmp(&b.title_lower),
        SortKey::Code => a.code.code.cmp(&b.code.code),
        SortKey::Intercom => intercom_title(&a.code).cmp(&intercom_title(&b.code)),
        SortKey::Expiry => a.code.expired_at.cmp(&b.code.expired_at),
        SortKey::Status => a.status.cmp(&b.status),
        SortKey::Created => a.code.created_at.cmp(&b.code.created_at),
    };
    let by_key = if sort.ascending {
        by_key
    } else {
        by_key.reverse()
    };
    by_key
        .then_with(|| a.code.expired_at.cmp(&b.code.expired_at))
        .then_with(|| a.code.id.cmp(&b.code.id))
}

#[cfg(test)]
mod tests {
    //! The index against the plain definition: every view, count and next change equals what a scan of all codes
    //! at that moment gives, whatever the order of inserts, removals, listings and clock moves.

    use chrono::{TimeDelta, TimeZone as _};
    use proptest::prelude::*;

    use super::*;

    /// The one account of these tests.
    const ACCOUNT: AccountId = AccountId(1);
    use aipix_client::api::IntercomBrief;

    fn start() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 10, 10, 0, 0)
            .single()
            .expect("date")
    }

    const TITLES: [&str; 5] = ["Alice", "alice B", "Bob", "ÉMILE", "courier"];

    #[derive(Debug, Clone)]
    enum Op {
        Insert {
            id: u64,
            intercom: u64,
            title: usize,
            expires_in: i64,
            keep_for: Option<i64>,
        },
        Remove(u64),
        Relist(Vec<(u64, u64, usize, i64)>),
        Advance(i64),
        Back(i64),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            5 => (1u64..30, 1u64..4, 0..TITLES.len(), -3000i64..3000, proptest::option::of(0i64..1500))
                .prop_map(|(id, intercom, title, expires_in, keep_for)| Op::Insert {
                    id,
                    intercom,
                    title,
                    expires_in,
                    keep_for,
                }),
            2 => (1u64..30).prop_map(Op::Remove),
            1 => proptest::collection::vec((1u64..30, 1u64..4, 0..TITLES.len(), -3000i64..3000), 0..12)
                .prop_map(Op::Relist),
            4 => (0i64..600).prop_map(Op::Advance),
            1 => (0i64..300).prop_map(Op::Back),
        ]
    }

    fn code(
        id: u64,
        intercom: u64,
        title: usize,
        expires: DateTime<Utc>,
        keep: Option<i64>,
    ) -> Code {
        Code {
            id,
            title: TITLES[title].into(),
            code: Some(format!("{:05}", id * 7919 % 100_000)),
            expired_at: expires,
            is_expired: Some(false),
            will_deleted_at: keep.map(|minutes| expires + TimeDelta::minutes(minutes)),
            created_at: Some(expires - TimeDelta::minutes(id as i64)),
            intercom: Some(IntercomBrief {
                id: intercom,
                title: format!("Intercom {}", 4 - intercom),
                is_online: Some(true),
                department: None,
                address: String::new(),
            }),
        }
    }

    /// The definition: every code, its status at `now`, filtered, sorted.
    fn plain_view(codes: &HashMap<u64, Code>, query: &CodeQuery, now: DateTime<Utc>) -> Vec<u64> {
        let needle = search_fold::fold(query.search.trim());
        let shown = |text: Option<&str>| search_fold::fold(text.unwrap_or_default());
        let mut shown: Vec<&Code> = codes
            .values()
            .filter(|code| query.selection.admits(ACCOUNT, intercom_key(code)))
            .filter(|code| query.filter.admits(CodeStatus::at(code, now)))
            .filter(|code| {
                needle.is_empty()
                    || shown(code.code_value()).contains(&needle)
                    || search_fold::fold(&code.title).contains(&needle)
                    || shown(intercom_title(code)).contains(&needle)
            })
            .collect();
        shown.sort_by(|a, b| {
            let by_key = match query.sort.key {
                SortKey::Title => a.title.to_lowercase().cmp(&b.title.to_lowercase()),
                SortKey::Code => a.code.cmp(&b.code),
                SortKey::Intercom => intercom_title(a).cmp(&intercom_title(b)),
                SortKey::Expiry => a.expired_at.cmp(&b.expired_at),
                SortKey::Status => CodeStatus::at(a, now).cmp(&CodeStatus::at(b, now)),
                SortKey::Created => a.created_at.cmp(&b.created_at),
            };
            let by_key = if query.sort.ascending {
                by_key
            } else {
                by_key.reverse()
            };
            by_key
                .then_with(|| a.expired_at.cmp(&b.expired_at))
                .then_with(|| a.id.cmp(&b.id))
        });
        shown.into_iter().map(|code| code.id).collect()
    }

    fn queries() -> Vec<CodeQuery> {
        let mut queries = Vec::new();
        for selection in [
            Selection::All,
            Selection::Account(ACCOUNT),
            Selection::Intercom(ACCOUNT, 2),
        ] {
            for search in ["", "ali", "É", "0", "zz"] {
                for filter in StatusFilter::ALL {
                    for key in [
                        SortKey::Title,
                        SortKey::Code,
                        SortKey::Intercom,
                        SortKey::Expiry,
                        SortKey::Status,
                        SortKey::Created,
                    ] {
                        queries.push(CodeQuery {
                            selection,
                            search: search.into(),
                            filter,
                            sort: Sort {
                                key,
                                ascending: search.len() % 2 == 0,
                            },
                        });
                    }
                }
            }
        }
        queries
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn the_index_agrees_with_a_scan_of_every_code(ops in proptest::collection::vec(op(), 1..40)) {
            let queries = queries();
            let mut index = CodeIndex::default();
            let mut view = CodeView::default();
            let mut plain: HashMap<u64, Code> = HashMap::new();
            let mut now = start();
            for op in ops {
                match op {
                    Op::Insert { id, intercom, title, expires_in, keep_for } => {
                        let code = code(id, intercom, title, now + TimeDelta::minutes(expires_in), keep_for);
                        plain.remove(&id);
                        if CodeStatus::at(&code, now) != CodeStatus::Removed {
                            plain.insert(id, code.clone());
                        }
                        index.advance(now);
                        index.insert(code);
                    }
                    Op::Remove(id) => {
                        prop_assert_eq!(index.remove(id).map(|code| code.id), plain.remove(&id).map(|code| code.id));
                    }
                    Op::Relist(codes) => {
                        // A listing holds each id once (the client drops repeats).
                        let mut seen = std::collections::HashSet::new();
                        let codes: Vec<Code> = codes
                            .into_iter()
                            .filter(|(id, ..)| seen.insert(*id))
                            .map(|(id, intercom, title, expires_in)| {
                                code(id, intercom, title, now + TimeDelta::minutes(expires_in), None)
                            })
                            .collect();
                        plain = codes
                            .iter()
                            .filter(|code| CodeStatus::at(code, now) != CodeStatus::Removed)
                            .map(|code| (code.id, code.clone()))
                            .collect();
                        index.advance(now);
                        index.replace_all(codes);
                    }
                    Op::Advance(minutes) => now += TimeDelta::minutes(minutes),
                    Op::Back(minutes) => now -= TimeDelta::minutes(minutes),
                }
                // Counts and the next change hold for any moment, before the clock is moved too.
                for intercom in 1..4 {
                    let expected = plain
                        .values()
                        .filter(|code| code.intercom_id() == Some(intercom) && CodeStatus::at(code, now).is_valid())
                        .count();
                    prop_assert_eq!(index.valid_count(intercom, now), expected);
                }
                let next = plain
                    .values()
                    .filter_map(|code| crate::domain::next_status_change(code, now))
                    .min();
                prop_assert_eq!(index.next_change(now), next);
                plain.retain(|_, code| CodeStatus::at(code, now) != CodeStatus::Removed);
                for query in queries.iter().step_by(7) {
                    index.advance(now);
                    let shown: Vec<u64> = view.of(&[(ACCOUNT, &index)], query).iter().map(|key| key.id).collect();
                    prop_assert_eq!(shown, plain_view(&plain, query, now), "{:?}", query);
                }
                // One part of a query changed at a time: a search typed and erased, then each status filter.
                let base = &queries[(index.len() * 7) % queries.len()];
                let searches = ["a", "al", "ali", "", "0", "", "É"].map(|search| CodeQuery { search: search.into(), ..base.clone() });
                let filters = StatusFilter::ALL.map(|filter| CodeQuery { filter, ..base.clone() });
                for query in searches.iter().chain(&filters) {
                    let shown: Vec<u64> = view.of(&[(ACCOUNT, &index)], query).iter().map(|key| key.id).collect();
                    prop_assert_eq!(shown, plain_view(&plain, query, now), "{:?}", query);
                }
                prop_assert_eq!(index.len(), plain.len());
                for intercom in 1..4 {
                    let expected = plain
                        .values()
                        .filter(|code| code.intercom_id() == Some(intercom) && CodeStatus::at(code, now).is_valid())
                        .count();
                    prop_assert_eq!(index.valid_count(intercom, now), expected);
                }
            }
        }
    }
}
