//! The account's expected visitors as the window's Today shows them: the day's list as the backend last read it,
//! whether a read is under way or failed, and the visitors whose code is being made (by the request that makes
//! it), so that the code's answer marks them arrived and the journal links the two.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::Effects;
use crate::domain::RequestId;
use crate::expected::import::Sheet;
use crate::expected::{Answer, Arrival, Request, Visitor};
use crate::messages::Command;
use aipix_client::api::Code;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExpectedToday {
    /// The day the list is of, once read.
    pub day: Option<NaiveDate>,
    pub visitors: Vec<Visitor>,
    /// A read or a change is under way.
    pub loading: bool,
    /// Why the last one failed, in the user's language.
    pub failure: Option<String>,
    /// The visitor the last add kept (the form empties itself for the next one).
    pub added: Option<i64>,
    /// The last visitor list read for import, numbered so that the window tells a new one from one it has seen.
    pub list_read: Option<(u64, String, Result<Sheet, String>)>,
    /// How many visitors the import under way adds; then, once kept, how many the last one added.
    importing: Option<usize>,
    pub imported: Option<usize>,
    /// The visitors whose code is being made, by its request, and when the desk began making it.
    arriving: HashMap<RequestId, (Visitor, DateTime<Utc>)>,
}

impl ExpectedToday {
    /// A request is on its way to the backend.
    pub(super) fn sent(&mut self, request: &Request) {
        self.loading = true;
        self.failure = None;
        match request {
            Request::Add { .. } => self.added = None,
            Request::Import { visitors, .. } => {
                self.importing = Some(visitors.len());
                self.imported = None;
            }
            // Another day asked for (Today opened after midnight): yesterday's list goes.
            Request::Load { day } if self.day != Some(*day) => {
                self.day = Some(*day);
                self.visitors.clear();
            }
            Request::Load { .. } | Request::Arrived { .. } => {}
        }
    }

    pub(super) fn apply(&mut self, answer: Answer) {
        if let Answer::ListRead { file, sheet } = answer {
            let number = self.list_read.as_ref().map_or(1, |(n, _, _)| n + 1);
            self.list_read = Some((number, file, sheet));
            return;
        }
        self.loading = false;
        match answer {
            Answer::Day {
                day,
                visitors,
                added,
            } => {
                // An answer about another day (a visitor added for tomorrow) does not replace today's list.
                if self.day.is_none_or(|shown| shown == day) {
                    self.day = Some(day);
                    self.visitors = visitors;
                }
                self.added = added.or(self.added);
                self.imported = self.importing.take().or(self.imported);
            }
            Answer::Failed { reason } => {
                self.importing = None;
                self.failure = Some(reason);
            }
            Answer::ListRead { .. } => {}
        }
    }

    /// The code of `visitor` is asked for by `request`, from `at`.
    pub fn arriving(&mut self, request: RequestId, visitor: Visitor, at: DateTime<Utc>) {
        self.arriving.insert(request, (visitor, at));
    }

    /// Whether `visitor`'s code is being made.
    pub fn is_arriving(&self, visitor: i64) -> bool {
        self.arriving.values().any(|(v, _)| v.id == visitor)
    }

    /// The code of a request answered: a visitor waiting on it is marked arrived at once (the list shows their
    /// code), kept so in the table, and linked to it in the journal.
    pub(super) fn code_made(
        &mut self,
        request: RequestId,
        code: &Code,
        now: DateTime<Utc>,
        effects: &mut Effects,
    ) {
        let Some((visitor, began)) = self.arriving.remove(&request) else {
            return;
        };
        let value = code.code_value().unwrap_or_default().to_owned();
        if let Some(shown) = self.visitors.iter_mut().find(|v| v.id == visitor.id) {
            shown.arrived_at = Some(now);
            shown.code_id = Some(code.id);
            shown.code.clone_from(&value);
        }
        effects.command(Command::VisitorArrived(Box::new(Arrival::of(
            &visitor,
            code.clone(),
            began,
        ))));
        effects.command(Command::Expected(Request::Arrived {
            visitor: visitor.id,
            day: self.day.unwrap_or(visitor.details.day),
            at: now,
            code_id: code.id,
            code: value,
        }));
    }

    /// The code of a request was refused: the visitor is still expected (the form says why).
    pub(super) fn code_refused(&mut self, request: RequestId) {
        self.arriving.remove(&request);
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone as _, Utc};

    use super::*;
    use crate::expected::NewVisitor;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).expect("a day")
    }

    fn visitor(id: i64, on: NaiveDate) -> Visitor {
        Visitor {
            id,
            details: NewVisitor::new("Anna", on),
            added_by: String::new(),
            added_at: Utc.timestamp_opt(0, 0).single().expect("epoch"),
            arrived_at: None,
            code_id: None,
            code: String::new(),
        }
    }

    fn answer(on: NaiveDate, ids: &[i64]) -> Answer {
        Answer::Day {
            day: on,
            visitors: ids.iter().map(|id| visitor(*id, on)).collect(),
            added: None,
        }
    }

    #[test]
    fn today_opened_after_midnight_shows_the_new_day_and_a_visitor_added_for_another_day_leaves_it()
    {
        let mut today = ExpectedToday::default();
        today.sent(&Request::Load { day: day(7) });
        today.apply(answer(day(7), &[1, 2]));
        assert_eq!(today.visitors.len(), 2);
        // The next morning: the new day's list, not yesterday's.
        today.sent(&Request::Load { day: day(8) });
        assert!(today.visitors.is_empty());
        today.apply(answer(day(8), &[3]));
        assert_eq!((today.day, today.visitors.len()), (Some(day(8)), 1));
        // An answer about another day (an add for tomorrow) keeps the day shown.
        today.apply(answer(day(9), &[4]));
        assert_eq!(today.visitors[0].id, 3);
    }
}
