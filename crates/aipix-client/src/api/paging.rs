//! Reading every page of a Laravel list: page 1 first, then the rest concurrently, as many at once as the server
//! takes without slowing down.
//!
//! How many pages are in flight adapts like a TCP window: it starts at a few, grows by one with every page answered
//! about as fast as the fastest (doubling every round trip), then by one per round trip once it has had to shrink;
//! it stops growing while answers come in slower than that (the server's parallelism is used up). It shrinks by a
//! quarter when answers come in markedly slower than the fastest (requests queue at the server), and by half on a
//! 429 (the page is asked for again after the server's `Retry-After`, or a short pause). It never
//! exceeds the configured cap. A `Retry-After` longer than the caller waits out ends the listing at once with the
//! server's answer, and every wait is announced before it starts, so that nobody watches a silent hang.
//!
//! Offset pages can shift while they are read: a code made or deleted meanwhile moves the others across page
//! boundaries, so a naive union may hold a code twice or miss one that still exists. A pass is accepted only when
//! every page agrees on the total and the union of distinct ids has exactly that many members; otherwise the whole
//! pass is read again. Live pushes cover the codes that changed; the re-read covers the ones that merely moved.

use std::collections::HashSet;
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt as _;
use futures_util::stream::FuturesUnordered;
use tokio::time::Instant;

use super::error::ApiError;
use super::models::{Listing, Page};

/// The longest `Retry-After` waited out by default; a server asking for longer gets its answer at once.
pub const MAX_RETRY_WAIT: Duration = Duration::from_secs(30);

/// Told how long a request waits before asking again (a `429` with `Retry-After`), so that a program can say so
/// rather than seem to hang.
#[derive(Clone)]
pub struct WaitHook(Arc<dyn Fn(Duration) + Send + Sync>);

impl WaitHook {
    pub fn new(hook: impl Fn(Duration) + Send + Sync + 'static) -> Self {
        Self(Arc::new(hook))
    }

    pub(crate) fn waiting(&self, wait: Duration) {
        (self.0)(wait);
    }
}

impl fmt::Debug for WaitHook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WaitHook")
    }
}

/// How many whole passes are tried before the list is declared too busy to read.
const MAX_PASSES: usize = 4;

/// Far more pages than any real account holds; a larger `last_page` is a broken answer, not work to do.
const MAX_PAGES: u32 = 100_000;

/// Pages in flight at the start (or the cap, when lower).
const INITIAL_WINDOW: usize = 4;

/// How often one page may be answered 429 before the listing gives up.
const MAX_RATE_LIMITED: u32 = 5;

/// The pause before asking again after a 429 that named no `Retry-After`.
const RATE_LIMIT_PAUSE: Duration = Duration::from_millis(100);

/// Waits shorter than this are not worth announcing.
const ANNOUNCED_WAIT: Duration = Duration::from_secs(1);

/// How a listing waits when the server asks it to (a 429 with `Retry-After`), and how much it takes.
#[derive(Debug, Clone)]
pub(crate) struct Waits {
    /// The longest wait taken; the server asking for longer ends the listing with its answer.
    pub most: Duration,
    /// Told of each wait of a second or more before it starts.
    pub hook: Option<WaitHook>,
    /// The most items a listing takes: a `total` above it ends the listing at page 1.
    pub max_items: u64,
    /// The most bytes of answers it reads (counted by the caller's fetch; named in the error).
    pub max_bytes: usize,
}

impl Default for Waits {
    fn default() -> Self {
        Self {
            most: MAX_RETRY_WAIT,
            hook: None,
            max_items: super::bounds::MAX_LIST_ITEMS,
            max_bytes: super::bounds::MAX_LIST_BYTES,
        }
    }
}

/// The waits of one listing: refused when too long, announced once however many pages wait together.
struct Waiting<'a> {
    waits: &'a Waits,
    /// When the last announced wait ends.
    announced_until: Option<Instant>,
}

impl<'a> Waiting<'a> {
    fn new(waits: &'a Waits) -> Self {
        Self {
            waits,
            announced_until: None,
        }
    }

    /// `wait` (what the window asks for after a 429 that said `retry_after`), or the server's answer when it
    /// asks for longer than this listing waits.
    fn take(
        &mut self,
        wait: Duration,
        retry_after: Option<Duration>,
    ) -> Result<Duration, ApiError> {
        if wait > self.waits.most {
            return Err(ApiError::RateLimited { retry_after });
        }
        let until = Instant::now() + wait;
        let news = self
            .announced_until
            .is_none_or(|announced| until > announced + ANNOUNCED_WAIT);
        if wait >= ANNOUNCED_WAIT && news {
            self.announced_until = Some(until);
            if let Some(hook) = &self.waits.hook {
                hook.waiting(wait);
            }
        }
        Ok(wait)
    }
}

/// Answers slower than this many times the fastest one (smoothed) mean requests are queueing at the server.
const SLOWDOWN: u32 = 2;

/// Below this, a difference in latency is noise rather than queueing (a local server answers in a millisecond).
const LATENCY_SLACK: Duration = Duration::from_millis(2);

/// Reads every page with `fetch(page)`, at most `max_in_flight` requests at once, and returns the items in server
/// order without duplicates, with those that could not be read.
pub(crate) async fn fetch_all<T, F, Fut>(
    fetch: F,
    max_in_flight: usize,
    waits: &Waits,
    id_of: impl Fn(&T) -> u64,
) -> Result<Listing<T>, ApiError>
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = Result<Page<T>, ApiError>>,
{
    let mut waiting = Waiting::new(waits);
    for pass in 1..=MAX_PASSES {
        match read_pass(&fetch, max_in_flight.max(1), &mut waiting, &id_of).await? {
            Some(items) => return Ok(items),
            None => tracing::debug!(pass, "the list changed while it was read; reading it again"),
        }
    }
    Err(ApiError::ListChanging)
}

/// One pass over all pages: `Some(listing)` when the pages agree with each other, `None` when the list moved.
async fn read_pass<T, F, Fut>(
    fetch: &F,
    max_in_flight: usize,
    waiting: &mut Waiting<'_>,
    id_of: &impl Fn(&T) -> u64,
) -> Result<Option<Listing<T>>, ApiError>
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = Result<Page<T>, ApiError>>,
{
    let mut window = Window::new(max_in_flight);
    let first = first_page(fetch, &mut window, waiting).await?;
    let last_page = first.meta.pages();
    let rest = rest_pages(fetch, last_page, &mut window, waiting).await?;
    tracing::debug!(pages = last_page, window = ?window, "list read");
    Ok(union(first, rest, id_of))
}

/// Page 1, asked for again after each 429, and what its meta says checked against the limits.
async fn first_page<T, F, Fut>(
    fetch: &F,
    window: &mut Window,
    waiting: &mut Waiting<'_>,
) -> Result<Page<T>, ApiError>
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = Result<Page<T>, ApiError>>,
{
    let mut refusals = 0;
    let first = loop {
        let ticket = window.start();
        let started = Instant::now();
        match fetch(1).await {
            Ok(page) => {
                window.answered(ticket, started.elapsed());
                break page;
            }
            Err(ApiError::RateLimited { retry_after }) => {
                refusals += 1;
                let wait = window.rate_limited(ticket, refusals, retry_after)?;
                tokio::time::sleep(waiting.take(wait, retry_after)?).await;
            }
            Err(error) => return Err(error),
        }
    };
    let last_page = first.meta.pages();
    let per_page = u64::from(first.meta.per_page.max(1));
    if first.meta.total > waiting.waits.max_items {
        return Err(ApiError::ListTooLarge {
            max_items: waiting.waits.max_items,
            max_bytes: waiting.waits.max_bytes,
        });
    }
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
    Ok(first)
}

/// Pages 2..=`last_page`, as many in flight as the window allows, in page order (a page refused by a 429 is asked
/// for again after its wait).
async fn rest_pages<T, F, Fut>(
    fetch: &F,
    last_page: u32,
    window: &mut Window,
    waiting: &mut Waiting<'_>,
) -> Result<Vec<Page<T>>, ApiError>
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = Result<Page<T>, ApiError>>,
{
    // Each page answered into its slot. `retries`: pages to ask for again after a 429, with how often each was
    // refused and how long to wait first.
    let mut rest: Vec<Option<Page<T>>> = (2..=last_page).map(|_| None).collect();
    let mut next_page = 2;
    let mut retries: Vec<(u32, u32, Duration)> = Vec::new();
    let mut in_flight = FuturesUnordered::new();
    loop {
        while in_flight.len() < window.allowed() {
            let (page, refusals, wait) = match retries.pop() {
                Some(retry) => retry,
                None if next_page <= last_page => {
                    next_page += 1;
                    (next_page - 1, 0, Duration::ZERO)
                }
                None => break,
            };
            let ticket = window.start();
            in_flight.push(async move {
                if !wait.is_zero() {
                    tokio::time::sleep(wait).await;
                }
                let started = Instant::now();
                let answer = fetch(page).await;
                (page, refusals, ticket, answer, started.elapsed())
            });
        }
        let Some((page, refusals, ticket, answer, latency)) = in_flight.next().await else {
            break;
        };
        match answer {
            Ok(answer) => {
                window.answered(ticket, latency);
                rest[(page - 2) as usize] = Some(answer);
            }
            Err(ApiError::RateLimited { retry_after }) => {
                let wait = window.rate_limited(ticket, refusals + 1, retry_after)?;
                retries.push((page, refusals + 1, waiting.take(wait, retry_after)?));
            }
            Err(error) => return Err(error),
        }
    }
    Ok(rest.into_iter().flatten().collect())
}

/// The pages' items without duplicates, when every page agrees on the total and the distinct items are exactly
/// that many; `None` when the list moved while it was read.
fn union<T>(first: Page<T>, rest: Vec<Page<T>>, id_of: &impl Fn(&T) -> u64) -> Option<Listing<T>> {
    let total = first.meta.total;
    let last_page = first.meta.pages();
    let pages_agree = rest.len() == (last_page - 1) as usize
        && rest
            .iter()
            .all(|page| page.meta.total == total && page.meta.pages() == last_page);
    // An unreadable item with a readable id is counted once like any other; one without is counted as it comes.
    let mut seen = HashSet::new();
    let mut items = Vec::new();
    let mut unreadable = Vec::new();
    for page in std::iter::once(first).chain(rest) {
        items.extend(
            page.data
                .into_iter()
                .filter(|item| seen.insert(id_of(item))),
        );
        unreadable.extend(
            page.unreadable
                .into_iter()
                .filter(|item| item.id.is_none_or(|id| seen.insert(id))),
        );
    }
    let counted = (items.len() + unreadable.len()) as u64;
    (pages_agree && counted == total).then_some(Listing { items, unreadable })
}

/// How many pages may be in flight, from what the answers so far say about the server.
#[derive(Debug)]
pub(crate) struct Window {
    cap: usize,
    limit: f64,
    /// Below this the window grows by one per answer (slow start), above it by one per round trip.
    threshold: f64,
    /// The fastest answer so far: the server's latency without a queue.
    fastest: Option<Duration>,
    /// Recent answers, smoothed, so that one slow answer (a new connection, say) is not taken for a queue.
    smoothed: Option<Duration>,
    /// Requests started so far; each answer carries the number it started with.
    started: u64,
    /// Answers to requests started before this number do not shrink the window again: they were already in
    /// flight when it last shrank.
    shrunk_at: u64,
    /// The most pages in flight allowed at any moment.
    pub(crate) widest: usize,
}

impl Window {
    pub(crate) fn new(cap: usize) -> Self {
        let cap = cap.max(1);
        let limit = INITIAL_WINDOW.min(cap) as f64;
        Self {
            cap,
            limit,
            threshold: cap as f64,
            fastest: None,
            smoothed: None,
            started: 0,
            shrunk_at: 0,
            widest: limit as usize,
        }
    }

    /// How many requests may be in flight now: at least one, at most the cap.
    pub(crate) fn allowed(&self) -> usize {
        (self.limit as usize).clamp(1, self.cap)
    }

    /// A request starts; its answer is reported with the number this returns.
    pub(crate) fn start(&mut self) -> u64 {
        self.started += 1;
        self.started
    }

    pub(crate) fn answered(&mut self, ticket: u64, latency: Duration) {
        let fastest = self.fastest.map_or(latency, |fastest| fastest.min(latency));
        self.fastest = Some(fastest);
        if ticket <= self.shrunk_at {
            // Sent before the window last shrank: it says how things were, not how they are.
            return;
        }
        let smoothed = self
            .smoothed
            .map_or(latency, |smoothed| (smoothed * 3 + latency) / 4);
        self.smoothed = Some(smoothed);
        if smoothed > fastest * SLOWDOWN + LATENCY_SLACK {
            self.shrink(ticket, 0.75);
        } else if latency > fastest * 3 / 2 + LATENCY_SLACK {
            // Not slow enough to shrink for, but slower than alone: the server's parallelism is used up.
        } else if self.limit < self.threshold {
            self.limit += 1.0;
        } else {
            self.limit += 1.0 / self.limit;
        }
        self.limit = self.limit.min(self.cap as f64);
        self.widest = self.widest.max(self.allowed());
    }

    /// A 429, the `refusals`-th for its page: halves the window and answers how long to wait before asking again
    /// (an error once the page has been refused too often).
    pub(crate) fn rate_limited(
        &mut self,
        ticket: u64,
        refusals: u32,
        retry_after: Option<Duration>,
    ) -> Result<Duration, ApiError> {
        tracing::debug!(refusals, ?retry_after, "a list page was rate limited");
        if refusals > MAX_RATE_LIMITED {
            return Err(ApiError::RateLimited { retry_after });
        }
        self.shrink(ticket, 0.5);
        Ok(retry_after.unwrap_or(RATE_LIMIT_PAUSE))
    }

    fn shrink(&mut self, ticket: u64, factor: f64) {
        if ticket <= self.shrunk_at {
            return;
        }
        self.limit = (self.limit * factor).max(1.0);
        self.threshold = self.limit;
        self.shrunk_at = self.started;
        // The queue that slowed the last answers is draining: measure afresh from here.
        self.smoothed = None;
    }
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
                unreadable: Vec::new(),
                meta: PageMeta {
                    current_page: page,
                    last_page: Some((total.div_ceil(u64::from(self.per_page)) as u32).max(1)),
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
            &Waits::default(),
            |id| *id,
        ))
        .expect("list")
        .items;
        assert_eq!(items, (1..=103).collect::<Vec<_>>());
        assert_eq!(list.reads.load(Ordering::SeqCst), 11);
    }

    #[test]
    fn an_empty_list_is_one_request() {
        let list = FakeList::new([], 10);
        let items = block_on(fetch_all(
            |p| std::future::ready(Ok(list.page(p))),
            4,
            &Waits::default(),
            |id| *id,
        ))
        .expect("list")
        .items;
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
            &Waits::default(),
            |id| *id,
        ))
        .expect("list")
        .items;
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
            &Waits::default(),
            |id| *id,
        ))
        .expect("list")
        .items;
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
            &Waits::default(),
            |id| *id,
        ));
        assert!(matches!(result, Err(ApiError::ListChanging)));
    }

    /// A server with `workers` requests served at once, each taking `service`; requests beyond that wait their turn
    /// (so latency rises with concurrency); requests beyond `refuse_above` in flight are answered 429.
    struct FakeServer {
        list: FakeList,
        workers: usize,
        service: Duration,
        refuse_above: Option<usize>,
        in_flight: AtomicUsize,
        most_in_flight: AtomicUsize,
        refused: AtomicUsize,
    }

    impl FakeServer {
        fn new(items: u64, workers: usize, service: Duration) -> Self {
            Self {
                list: FakeList::new((1..=items).rev(), 100),
                workers,
                service,
                refuse_above: None,
                in_flight: AtomicUsize::new(0),
                most_in_flight: AtomicUsize::new(0),
                refused: AtomicUsize::new(0),
            }
        }

        async fn page(&self, page: u32) -> Result<Page<u64>, ApiError> {
            let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            self.most_in_flight.fetch_max(now, Ordering::SeqCst);
            let answer = if self.refuse_above.is_some_and(|limit| now > limit) {
                self.refused.fetch_add(1, Ordering::SeqCst);
                Err(ApiError::RateLimited { retry_after: None })
            } else {
                // Served in turns of `workers`: the later a request arrives in a crowd, the longer it waits.
                let turns = now.div_ceil(self.workers) as u32;
                tokio::time::sleep(self.service * turns).await;
                Ok(self.list.page(page))
            };
            self.in_flight.fetch_sub(1, Ordering::SeqCst);
            answer
        }

        fn most_in_flight(&self) -> usize {
            self.most_in_flight.load(Ordering::SeqCst)
        }
    }

    const CAP: usize = 16;

    #[tokio::test(start_paused = true)]
    async fn a_server_that_keeps_up_gets_up_to_the_cap_and_never_more() {
        let server = FakeServer::new(10_000, usize::MAX, Duration::from_millis(5));
        let started = tokio::time::Instant::now();
        let items = fetch_all(|p| server.page(p), CAP, &Waits::default(), |id| *id)
            .await
            .expect("list")
            .items;
        assert_eq!(items, (1..=10_000).rev().collect::<Vec<_>>());
        assert_eq!(server.most_in_flight(), CAP);
        // One page at a time would take 100 × 5 ms.
        let took = started.elapsed();
        assert!(took < Duration::from_millis(500) / 6, "{took:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn rising_latency_keeps_the_window_small() {
        // Two requests at a time; a third waits a whole turn: more in flight only queues.
        let server = FakeServer::new(10_000, 2, Duration::from_millis(10));
        let items = fetch_all(|p| server.page(p), CAP, &Waits::default(), |id| *id)
            .await
            .expect("list")
            .items;
        assert_eq!(items.len(), 10_000);
        let most = server.most_in_flight();
        assert!(
            most <= CAP / 2,
            "the window stayed near the server's two workers: {most}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_429_halves_the_window_and_the_page_is_asked_for_again() {
        let mut server = FakeServer::new(10_000, usize::MAX, Duration::from_millis(5));
        server.refuse_above = Some(3);
        let items = fetch_all(|p| server.page(p), CAP, &Waits::default(), |id| *id)
            .await
            .expect("list")
            .items;
        assert_eq!(items, (1..=10_000).rev().collect::<Vec<_>>());
        let refused = server.refused.load(Ordering::SeqCst);
        // A fixed window of 16 would be refused 13 pages in every round; the adaptive one probes now and then.
        assert!((1..=25).contains(&refused), "refused {refused} times");
        assert!(server.most_in_flight() <= CAP);
    }

    #[tokio::test(start_paused = true)]
    async fn a_page_refused_again_and_again_ends_the_listing_with_the_servers_answer() {
        let mut server = FakeServer::new(1_000, usize::MAX, Duration::from_millis(5));
        server.refuse_above = Some(0);
        let result = fetch_all(|p| server.page(p), CAP, &Waits::default(), |id| *id).await;
        assert!(
            matches!(result, Err(ApiError::RateLimited { .. })),
            "{result:?}"
        );
        assert_eq!(
            server.refused.load(Ordering::SeqCst),
            MAX_RATE_LIMITED as usize + 1
        );
    }

    #[test]
    fn the_window_grows_per_answer_until_it_shrinks_then_per_round_trip() {
        let fast = Duration::from_millis(10);
        let mut window = Window::new(CAP);
        assert_eq!(window.allowed(), INITIAL_WINDOW);
        for _ in 0..4 {
            let ticket = window.start();
            window.answered(ticket, fast);
        }
        assert_eq!(window.allowed(), 8, "slow start: one more per answer");
        let tickets: Vec<u64> = (0..8).map(|_| window.start()).collect();
        window
            .rate_limited(tickets[0], 1, None)
            .expect("one refusal");
        assert_eq!(window.allowed(), 4, "halved");
        // The rest of that round was already in flight: no further halving for their refusals.
        window
            .rate_limited(tickets[1], 1, None)
            .expect("one refusal");
        assert_eq!(window.allowed(), 4);
        for _ in 0..5 {
            let ticket = window.start();
            window.answered(ticket, fast);
        }
        assert_eq!(window.allowed(), 5, "then one per round trip");
        for _ in 0..500 {
            let ticket = window.start();
            window.answered(ticket, fast);
        }
        assert_eq!(window.allowed(), CAP, "never past the cap");
    }

    #[test]
    fn slow_answers_shrink_the_window_by_a_quarter() {
        let mut window = Window::new(CAP);
        let ticket = window.start();
        window.answered(ticket, Duration::from_millis(10));
        assert_eq!(window.allowed(), 5);
        let mut ticket = window.start();
        // One slow answer (a new connection, say) is smoothed away: no shrinking, but no growing on it either.
        window.answered(ticket, Duration::from_millis(30));
        assert_eq!(window.allowed(), 5);
        while window.allowed() >= 5 {
            ticket = window.start();
            window.answered(ticket, Duration::from_millis(60));
        }
        assert_eq!(window.allowed(), 3, "5 × 3/4, rounded down");
    }

    #[test]
    fn an_absurd_page_count_is_a_decode_error() {
        let result = block_on(fetch_all(
            |_| async {
                Ok(Page::<u64> {
                    data: vec![],
                    unreadable: Vec::new(),
                    meta: PageMeta {
                        current_page: 1,
                        last_page: Some(u32::MAX),
                        per_page: 25,
                        total: 3,
                    },
                })
            },
            4,
            &Waits::default(),
            |id| *id,
        ));
        assert!(matches!(result, Err(ApiError::Decode { .. })));
    }
}
