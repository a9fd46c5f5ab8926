//! The History screen's model: the journal's rows of the view shown, read a page at a time (a frame never waits
//! for the database: rows not read yet show as "…" for the frame or two it takes), how many entries are new, the
//! story of one code, and how the journal is doing. It changes as the rest of the state does: by the journal's
//! answers ([`AppState::apply`](super::AppState::apply)) and by the reads the app sent
//! ([`AppState::sent`](super::AppState::sent)). The screen asks for reads by answering the commands this model
//! makes ([`History::page_request`], [`History::restart`], [`History::story_request`]).

use std::collections::{HashMap, HashSet};

use super::{Effects, NoticeKind, UiEffect};
use crate::journal::{Answer, Entry, Filter, Health, Page, Request, Story};
use crate::messages::Command;
use crate::t;

/// Rows per page read from the journal.
pub const PAGE_ROWS: u64 = 100;
/// Pages kept in memory; the ones farthest from the page read last go first.
const PAGES_KEPT: usize = 24;

/// Pages of rows read so far, by page number.
type Pages = HashMap<u64, Vec<Entry>>;

/// The rows of the view being shown, as far as they have been read.
#[derive(Debug, Default)]
struct Rows {
    /// Numbers the query; answers for an older one are dropped.
    view: u64,
    filter: Filter,
    /// How many rows the filter admits (known once the first page came).
    total: Option<u64>,
    /// The newest entry the view shows, from its first page.
    upto: Option<i64>,
    pages: Pages,
    requested: HashSet<u64>,
    /// The previous view's rows and count, shown until the new view's first page comes (no flash of "…").
    stale: Option<(Pages, Option<u64>)>,
}

impl Rows {
    fn row(&self, index: u64) -> Option<&Entry> {
        let key = index / PAGE_ROWS;
        let page = match (self.pages.get(&key), &self.stale) {
            (Some(page), _) => page,
            (None, Some((pages, _))) => pages.get(&key)?,
            (None, None) => return None,
        };
        usize::try_from(index % PAGE_ROWS)
            .ok()
            .and_then(|n| page.get(n))
    }

    /// A new view was asked for: its rows are read afresh, the previous ones shown meanwhile.
    fn restarted(&mut self, view: u64, filter: Filter) {
        self.view = view;
        self.filter = filter;
        if self.stale.is_none() {
            self.stale = Some((std::mem::take(&mut self.pages), self.total));
        }
        self.pages.clear();
        self.total = None;
        self.upto = None;
        self.requested.clear();
    }

    fn take(&mut self, page: Page) {
        if page.view != self.view {
            return;
        }
        let index = page.offset / PAGE_ROWS;
        self.stale = None;
        self.requested.remove(&index);
        self.total = Some(page.total);
        self.upto = Some(page.upto);
        self.pages.insert(index, page.rows);
        // Keep memory flat however far the user scrolls: forget the pages farthest from the one just read (the
        // screen asks for the pages it shows).
        while self.pages.len() > PAGES_KEPT {
            let Some(farthest) = self.pages.keys().copied().max_by_key(|p| p.abs_diff(index))
            else {
                break;
            };
            self.pages.remove(&farthest);
        }
    }
}

#[derive(Debug, Default)]
pub struct History {
    rows: Rows,
    /// The newest entry written, as the journal last said: newer than the view's → "N new".
    newest: Option<i64>,
    /// The journal's trouble, if any.
    health: Option<Health>,
    /// The code whose story was asked for last, and the story once it came.
    story: Option<(u64, Option<Story>)>,
}

impl History {
    /// A model for the next account: nothing of this one's journal, but its views' numbers go on, so that an
    /// answer for an old view is never taken for one of the next.
    pub(super) fn after(previous: &History) -> Self {
        Self {
            rows: Rows {
                view: previous.rows.view,
                ..Rows::default()
            },
            ..Self::default()
        }
    }

    /// The filter of the view shown (or asked for).
    pub fn filter(&self) -> &Filter {
        &self.rows.filter
    }

    /// How many rows the view holds, once known.
    pub fn total(&self) -> Option<u64> {
        self.rows.total
    }

    /// How many rows to draw: the view's, or the previous view's while the new one loads.
    pub fn shown_total(&self) -> Option<u64> {
        self.rows
            .total
            .or_else(|| self.rows.stale.as_ref().and_then(|(_, total)| *total))
    }

    /// The entry at `index` of the view, if it has been read (or the previous view's, while this one loads).
    pub fn row(&self, index: u64) -> Option<&Entry> {
        self.rows.row(index)
    }

    /// Whether the row at `index` of the current view has been read.
    pub fn is_read(&self, index: u64) -> bool {
        self.rows.pages.contains_key(&(index / PAGE_ROWS))
    }

    /// How many entries were written since the view's first page was read.
    pub fn waiting(&self) -> Option<i64> {
        match (self.newest, self.rows.upto) {
            (Some(newest), Some(upto)) if newest > upto => Some(newest - upto),
            _ => None,
        }
    }

    pub fn health(&self) -> Option<&Health> {
        self.health.as_ref()
    }

    /// The story of `code_id`, once it came.
    pub fn story(&self, code_id: u64) -> Option<&Story> {
        match &self.story {
            Some((id, story)) if *id == code_id => story.as_ref(),
            _ => None,
        }
    }

    /// The read of page `page`, if it is needed and not asked for yet (pages after the first wait for it).
    pub fn page_request(&self, page: u64) -> Option<Command> {
        let rows = &self.rows;
        if rows.pages.contains_key(&page) || rows.requested.contains(&page) {
            return None;
        }
        if page > 0 && rows.upto.is_none() {
            return None;
        }
        Some(Command::Journal(Request::Page {
            view: rows.view,
            filter: rows.filter.clone(),
            offset: page * PAGE_ROWS,
            limit: PAGE_ROWS,
            upto: rows.upto,
        }))
    }

    /// The first page of a new view with `filter` (the journal read afresh).
    pub fn restart(&self, filter: Filter) -> Command {
        Command::Journal(Request::Page {
            view: self.rows.view + 1,
            filter,
            offset: 0,
            limit: PAGE_ROWS,
            upto: None,
        })
    }

    /// Every line about one code.
    pub fn story_request(code_id: u64) -> Command {
        Command::Journal(Request::Story { code_id })
    }

    /// The app asked the journal for this.
    pub(super) fn sent(&mut self, request: &Request) {
        match request {
            Request::Page {
                view,
                filter,
                offset,
                ..
            } => {
                if *view > self.rows.view {
                    self.rows.restarted(*view, filter.clone());
                }
                if *view == self.rows.view {
                    self.rows.requested.insert(offset / PAGE_ROWS);
                }
            }
            Request::Story { code_id } => {
                if self.story.as_ref().is_none_or(|(id, _)| id != code_id) {
                    self.story = Some((*code_id, None));
                }
            }
            Request::Export { .. } => {}
        }
    }

    /// Takes what the journal answered; says what the user should hear as notices.
    pub(super) fn apply(&mut self, answer: Answer, effects: &mut Effects) {
        match answer {
            Answer::Page(page) => {
                self.rows.take(page);
                if self.health == Some(Health::Busy) {
                    self.health = None;
                }
            }
            Answer::Story(story) => {
                if let Some((id, shown)) = &mut self.story
                    && *id == story.code_id
                {
                    *shown = Some(story);
                }
            }
            Answer::Changed { newest } => {
                self.newest = Some(newest);
                // The screen reads the view afresh when it is at the top (what the user reads further down does
                // not move), and the story it shows.
                effects.ui(UiEffect::JournalChanged);
            }
            Answer::Exported { path, count, note } => {
                if let Some(note) = note {
                    effects.notify(NoticeKind::Error, note.text());
                }
                effects.notify(
                    NoticeKind::Info,
                    t!(
                        "export-saved",
                        count = count,
                        path = path.display().to_string()
                    ),
                );
            }
            Answer::ExportFailed { error } => {
                effects.notify(
                    NoticeKind::Error,
                    t!("export-failed", reason = error.text()),
                );
            }
            Answer::Health(health) => self.health_changed(health, effects),
            Answer::Recovered { path, aside } => {
                effects.notify(NoticeKind::Error, Answer::recovered_text(&path, &aside));
            }
            // The reminders' business (the state takes it before the history sees it).
            Answer::Reminded { .. } => {}
        }
    }

    /// How the journal is doing: said when it changes, and kept for the screen's status line.
    fn health_changed(&mut self, health: Health, effects: &mut Effects) {
        let before = self.health.clone().unwrap_or(Health::Ok);
        if before != health {
            match &health {
                Health::Off => {}
                Health::Ok => effects.notify(NoticeKind::Info, t!("journal-health-ok")),
                Health::Busy => effects.notify(NoticeKind::Error, t!("journal-health-busy")),
                Health::Unavailable(why) => effects.notify(
                    NoticeKind::Error,
                    t!("journal-health-unavailable", reason = why.text()),
                ),
            }
        }
        self.health = (health != Health::Ok).then_some(health);
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::journal::{Kind, Origin};

    fn entries(from: i64, count: u64) -> Vec<Entry> {
        (0..count as i64)
            .map(|n| Entry {
                id: from - n,
                ..Entry::new(Utc::now(), Kind::CodeCreated, Origin::Desk)
            })
            .collect()
    }

    /// Sends `command` as the app would (the model notes it), and answers its request.
    fn ask(history: &mut History, make: impl FnOnce(&History) -> Command) -> Request {
        let command = make(history);
        let Command::Journal(request) = command else {
            panic!("a journal read: {command:?}");
        };
        history.sent(&request);
        request
    }

    fn page(request: &Request, total: u64, upto: i64) -> Answer {
        let Request::Page {
            view,
            offset,
            limit,
            ..
        } = request
        else {
            panic!("a page: {request:?}");
        };
        let count = limit.min(&total.saturating_sub(*offset)).to_owned();
        Answer::Page(Page {
            view: *view,
            offset: *offset,
            total,
            upto,
            rows: entries(upto - *offset as i64, count),
        })
    }

    #[test]
    fn pages_are_asked_for_once_and_after_the_first_only() {
        let mut history = History::default();
        assert!(
            history.page_request(1).is_none(),
            "the second page waits for the first"
        );
        let first = ask(&mut history, |h| h.restart(Filter::default()));
        assert!(history.page_request(0).is_none(), "asked for already");
        history.apply(page(&first, 250, 1000), &mut Effects::default());
        assert_eq!(history.total(), Some(250));
        assert_eq!(history.row(0).map(|e| e.id), Some(1000));
        assert!(history.is_read(99) && !history.is_read(100));
        let second = ask(&mut history, |h| h.page_request(1).expect("the next page"));
        assert!(history.page_request(1).is_none());
        history.apply(page(&second, 250, 1000), &mut Effects::default());
        assert_eq!(history.row(100).map(|e| e.id), Some(900));
    }

    #[test]
    fn a_new_view_shows_the_old_rows_until_its_first_page_and_drops_old_answers() {
        let mut history = History::default();
        let old = ask(&mut history, |h| h.restart(Filter::default()));
        history.apply(page(&old, 10, 50), &mut Effects::default());
        let search = Filter {
            search: "anna".into(),
            ..Filter::default()
        };
        let new = ask(&mut history, |h| h.restart(search.clone()));
        assert_eq!(history.filter(), &search);
        assert_eq!(history.total(), None);
        assert_eq!(
            history.shown_total(),
            Some(10),
            "the old count, no flash of nothing"
        );
        assert_eq!(history.row(0).map(|e| e.id), Some(50));
        // A late answer for the old view changes nothing.
        history.apply(page(&old, 10, 50), &mut Effects::default());
        assert_eq!(history.total(), None);
        history.apply(page(&new, 3, 60), &mut Effects::default());
        assert_eq!(history.total(), Some(3));
        assert_eq!(history.row(0).map(|e| e.id), Some(60));
        assert!(history.row(5).is_none(), "nothing of the old view");
    }

    #[test]
    fn memory_stays_flat_however_far_the_user_scrolls() {
        let mut history = History::default();
        let first = ask(&mut history, |h| h.restart(Filter::default()));
        history.apply(page(&first, 100_000, 100_000), &mut Effects::default());
        for number in 1..60 {
            let request = ask(&mut history, |h| h.page_request(number).expect("a page"));
            history.apply(page(&request, 100_000, 100_000), &mut Effects::default());
        }
        assert_eq!(history.rows.pages.len(), PAGES_KEPT);
        assert!(
            history.is_read(59 * PAGE_ROWS),
            "the pages near the screen stay"
        );
        assert!(!history.is_read(0), "the farthest went first");
    }

    #[test]
    fn new_entries_are_counted_and_told_to_the_screen_and_health_is_said_when_it_changes() {
        let mut history = History::default();
        let first = ask(&mut history, |h| h.restart(Filter::default()));
        history.apply(page(&first, 5, 40), &mut Effects::default());
        let mut effects = Effects::default();
        history.apply(Answer::Changed { newest: 43 }, &mut effects);
        assert_eq!(history.waiting(), Some(3));
        assert_eq!(effects.ui, [UiEffect::JournalChanged]);

        let mut effects = Effects::default();
        history.apply(Answer::Health(Health::Busy), &mut effects);
        history.apply(Answer::Health(Health::Busy), &mut effects);
        assert_eq!(effects.notices().count(), 1, "said once");
        assert_eq!(history.health(), Some(&Health::Busy));
        // A page read means the file is free again.
        let again = ask(&mut history, |h| h.restart(Filter::default()));
        history.apply(page(&again, 8, 43), &mut Effects::default());
        assert_eq!(history.health(), None);
        assert_eq!(history.waiting(), None);
    }

    #[test]
    fn a_story_is_kept_for_the_code_asked_for_last() {
        let mut history = History::default();
        ask(&mut history, |_| History::story_request(7));
        let story = |code_id| Story {
            code_id,
            entries: Vec::new(),
            last_seen: None,
        };
        history.apply(Answer::Story(story(8)), &mut Effects::default());
        assert!(history.story(8).is_none(), "not the one asked for");
        history.apply(Answer::Story(story(7)), &mut Effects::default());
        assert!(history.story(7).is_some());
        // Asked again (new entries): the story stays shown meanwhile.
        ask(&mut history, |_| History::story_request(7));
        assert!(history.story(7).is_some());
    }
}
