//! Reading every page of a Laravel list: page 1 first, then the rest concurrently with a bound.
//!
//! Offset pages can shift while they are read: a code made or deleted meanwhile moves the others across page
//! boundaries, so a naive union may hold a code twice or miss one that still exists. A pass is accepted only when
//! every page agrees on the total and the union of distinct ids has exactly that many members; otherwise the whole
//! pass is read again. Live pushes cover the codes that changed; the re-read covers the ones that merely moved.

use std::collections::HashSet;
use std::future::Future;

use futures_util::{StreamExt as _, TryStreamExt as _, stream};

use super::error::ApiError;
use super::models::Page;

/// How many whole passes are tried before the list is declared too busy to read.
const MAX_PASSES: usize = 4;

/// Far more pages than any real account holds; a larger `last_page` is a broken answer, not work to do.
const MAX_PAGES: u32 = 100_000;

/// Reads every page with `fetch(page)`, at most `in_flight` requests at once, and returns the items in server
/// order without duplicates.
pub(crate) async fn fetch_all<T, F, Fut>(
    fetch: F,
    in_flight: usize,
    id_of: impl Fn(&T) -> u64,
) -> Result<Vec<T>, ApiError>
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = Result<Page<T>, ApiError>>,
{
    for pass in 1..=MAX_PASSES {
        match read_pass(&fetch, in_flight.max(1), &id_of).await? {
            Some(items) => return Ok(items),
            None => tracing::debug!(pass, "the list changed while it was read; reading it again"),
        }
    }
    Err(ApiError::ListChanging)
}

/// One pass over all pages: `Some(items)` when the pages agree with each other, `None` when the list moved.
async fn read_pass<T, F, Fut>(
    fetch: &F,
    in_flight: usize,
    id_of: &impl Fn(&T) -> u64,
) -> Result<Option<Vec<T>>, ApiError>
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = Result<Page<T>, ApiError>>,
{
    let first = fetch(1).await?;
    let last_page = first.meta.last_page.max(1);
    let per_page = u64::from(first.meta.per_page.max(1));
    if last_page > MAX_PAGES
        || u64::from(last_page) > first.meta.total.div_ceil(per_page).max(1) + 1
    {
        return Err(ApiError::Decode {
            what: "list page 1".into(),
            detail: format!(
                "meta says {last_page} pages for {} items at {per_page} a page",
                first.meta.total
            ),
        });
    }
    let total = first.meta.total;
    let rest: Vec<Page<T>> = stream::iter(2..=last_page)
        .map(fetch)
        .buffered(in_flight)
        .try_collect()
        .await?;
    let pages_agree = rest
        .iter()
        .all(|page| page.meta.total == total && page.meta.last_page.max(1) == last_page);

    let mut seen = HashSet::new();
    let items: Vec<T> = std::iter::once(first)
        .chain(rest)
        .flat_map(|page| page.data)
        .filter(|item| seen.insert(id_of(item)))
        .collect();
    Ok((pages_agree && items.len() as u64 == total).then_some(items))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::models::PageMeta;
    use parking_lot::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A list on "the server" that tests can change between page reads.
    struct FakeList {
        ids: Mutex<Vec<u64>>,
        per_page: u32,
        reads: AtomicUsize,
    }

    impl FakeList {
        fn new(ids: impl IntoIterator<Item = u64>, per_page: u32) -> Self {
            Self {
                ids: Mutex::new(ids.into_iter().collect()),
                per_page,
                reads: AtomicUsize::new(0),
            }
        }

        fn page(&self, page: u32) -> Page<u64> {
            self.reads.fetch_add(1, Ordering::SeqCst);
            let ids = self.ids.lock();
            let per = self.per_page as usize;
            let start = (page as usize - 1) * per;
            let data = ids.iter().skip(start).take(per).copied().collect();
            let total = ids.len() as u64;
            Page {
                data,
                meta: PageMeta {
                    current_page: page,
                    last_page: (total.div_ceil(u64::from(self.per_page)) as u32).max(1),
                    per_page: self.per_page,
                    total,
                },
            }
        }
    }

    fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime")
            .block_on(future)
    }

    #[test]
    fn reads_every_page_in_order() {
        let list = FakeList::new(1..=103, 10);
        let items = block_on(fetch_all(
            |p| std::future::ready(Ok(list.page(p))),
            4,
            |id| *id,
        ))
        .expect("list");
        assert_eq!(items, (1..=103).collect::<Vec<_>>());
        assert_eq!(list.reads.load(Ordering::SeqCst), 11);
    }

    #[test]
    fn an_empty_list_is_one_request() {
        let list = FakeList::new([], 10);
        let items = block_on(fetch_all(
            |p| std::future::ready(Ok(list.page(p))),
            4,
            |id| *id,
        ))
        .expect("list");
        assert!(items.is_empty());
        assert_eq!(list.reads.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_deletion_during_the_pass_is_read_again_and_nothing_existing_is_lost() {
        // Newest first; after page 1 is read the first item is deleted, shifting item 91 onto page 1.
        let list = FakeList::new((1..=100).rev(), 10);
        let deleted = AtomicUsize::new(0);
        let items = block_on(fetch_all(
            |p| {
                if p == 2 && deleted.fetch_add(1, Ordering::SeqCst) == 0 {
                    list.ids.lock().remove(0);
                }
                let page = list.page(p);
                async { Ok(page) }
            },
            1,
            |id| *id,
        ))
        .expect("list");
        assert_eq!(items, (1..=99).rev().collect::<Vec<_>>());
    }

    #[test]
    fn a_creation_during_the_pass_gives_no_duplicates() {
        let list = FakeList::new((1..=50).rev(), 10);
        let created = AtomicUsize::new(0);
        let items = block_on(fetch_all(
            |p| {
                if p == 3 && created.fetch_add(1, Ordering::SeqCst) == 0 {
                    list.ids.lock().insert(0, 51);
                }
                let page = list.page(p);
                async { Ok(page) }
            },
            2,
            |id| *id,
        ))
        .expect("list");
        assert_eq!(items, (1..=51).rev().collect::<Vec<_>>());
    }

    #[test]
    fn a_list_that_never_settles_is_an_error_not_a_wrong_answer() {
        let list = FakeList::new(1..=30, 10);
        let next = AtomicUsize::new(1000);
        let result = block_on(fetch_all(
            |p| {
                if p == 2 {
                    let id = next.fetch_add(1, Ordering::SeqCst) as u64;
                    list.ids.lock().push(id);
                }
                let page = list.page(p);
                async { Ok(page) }
            },
            4,
            |id| *id,
        ));
        assert!(matches!(result, Err(ApiError::ListChanging)));
    }

    #[test]
    fn an_absurd_page_count_is_a_decode_error() {
        let result = block_on(fetch_all(
            |_| async {
                Ok(Page::<u64> {
                    data: vec![],
                    meta: PageMeta {
                        current_page: 1,
                        last_page: u32::MAX,
                        per_page: 25,
                        total: 3,
                    },
                })
            },
            4,
            |id| *id,
        ));
        assert!(matches!(result, Err(ApiError::Decode { .. })));
    }
}
