//! Calls at the intercoms' doors: rung by a visitor (the demo, or a test), answered or missed, listed newest first
//! (`GET /api/v1/intercom/calls`), removed from the history by the user (`DELETE /api/v1/intercom/calls`).
//!
//! The statuses are the ones the iOS SDK names (`VMSCallStatus` in `aipix-dev/vms-mobile-sdk-ios`
//! `Network/Models/VMSIntercomCall.swift`: `ring`, `answered`, `ended`, `missed`). A call rings, then either
//! somebody answers it (and it ends later) or nobody does.

use chrono::{DateTime, SubsecRound, Utc};
use serde_json::Value;

use super::{FieldErrors, MAX_DELETE_IDS, PageRequest, Store, StoreError, slice, validate_ids};
use crate::records::{Call, CallStatus};
use crate::wire;

/// A call's change, as the live channel tells it.
#[derive(Debug, Clone)]
pub(crate) struct CallChange {
    /// The call as it now is (the `intercom_call` of `intercom.call.store`).
    pub call: Value,
    /// When the change stopped the ringing: the `data` of `intercom_cancel`, so that every other device stops
    /// ringing too.
    pub cancel: Option<Value>,
}

impl Store {
    /// A visitor rings at `intercom_id` (of `user_id`): a new call, ringing.
    pub fn ring(
        &mut self,
        user_id: u64,
        intercom_id: u64,
        now: DateTime<Utc>,
    ) -> Result<CallChange, StoreError> {
        self.own_intercom(user_id, intercom_id)?;
        let id = self.next_call_id;
        self.next_call_id += 1;
        let call = Call {
            id,
            owner: user_id,
            intercom_id,
            status: CallStatus::Ring,
            created_at: now.trunc_subsecs(0),
            started_at: None,
            ended_at: None,
        };
        self.calls.insert(id, call);
        self.call_change(id, false)
    }

    /// A ringing call answered (on some device): it stops ringing everywhere.
    pub fn answer_call(
        &mut self,
        user_id: u64,
        id: u64,
        now: DateTime<Utc>,
    ) -> Result<CallChange, StoreError> {
        let call = self.own_call(user_id, id)?;
        if call.status != CallStatus::Ring {
            return Err(not_ringing(call.status));
        }
        call.status = CallStatus::Answered;
        call.started_at = Some(now.trunc_subsecs(0));
        self.call_change(id, true)
    }

    /// A call ends: an answered one is over (`ended`), a ringing one was not answered (`missed`, and it stops
    /// ringing everywhere).
    pub fn end_call(
        &mut self,
        user_id: u64,
        id: u64,
        now: DateTime<Utc>,
    ) -> Result<CallChange, StoreError> {
        let call = self.own_call(user_id, id)?;
        let stops_ringing = match call.status {
            CallStatus::Ring => {
                call.status = CallStatus::Missed;
                true
            }
            CallStatus::Answered => {
                call.status = CallStatus::Ended;
                false
            }
            done @ (CallStatus::Ended | CallStatus::Missed) => return Err(not_ringing(done)),
        };
        call.ended_at = Some(now.trunc_subsecs(0));
        self.call_change(id, stops_ringing)
    }

    /// One page of the user's calls, newest first, and how many there are.
    pub fn calls_page(&self, user_id: u64, req: PageRequest) -> (Vec<Value>, u64) {
        let own = self.calls.values().rev().filter(|c| c.owner == user_id);
        let (page, total) = slice(own, req);
        let data = page
            .into_iter()
            .filter_map(|call| {
                let mut value = wire::call(call, self.intercoms.get(&call.intercom_id)?);
                if let Some(sparse) = self.sparse {
                    sparse.call(&mut value);
                }
                Some(value)
            })
            .collect();
        (data, total)
    }

    /// The user's calls, ascending id.
    pub fn call_ids(&self, user_id: u64) -> Vec<u64> {
        self.calls
            .values()
            .filter(|c| c.owner == user_id)
            .map(|c| c.id)
            .collect()
    }

    /// `DELETE /intercom/calls` (`{"ids": [...]}`, as the SDKs' `deleteCalls` sends it): removes those that are
    /// the caller's; answers the ids removed, ascending.
    pub fn delete_calls(&mut self, user_id: u64, body: &Value) -> Result<Vec<u64>, StoreError> {
        let ids = validate_ids(body, Some(MAX_DELETE_IDS)).map_err(StoreError::Validation)?;
        Ok(self.delete_call_ids(user_id, &ids))
    }

    /// Removes those of `ids` that are the user's calls; answers them, ascending.
    pub fn delete_call_ids(&mut self, user_id: u64, ids: &[u64]) -> Vec<u64> {
        let mut deleted: Vec<u64> = ids
            .iter()
            .copied()
            .filter(|id| self.calls.get(id).is_some_and(|c| c.owner == user_id))
            .collect();
        deleted.sort_unstable();
        deleted.dedup();
        for id in &deleted {
            self.calls.remove(id);
        }
        deleted
    }

    /// A confirmed intercom that is online, of any account, chosen at random (the demo's visitors ring there).
    pub fn random_ringable_intercom(&self) -> Option<(u64, u64)> {
        let ringable: Vec<(u64, u64)> = self
            .intercoms
            .values()
            .filter(|i| i.is_online && i.status == "confirmed")
            .map(|i| (i.owner, i.id))
            .collect();
        (!ringable.is_empty()).then(|| ringable[rand::random_range(0..ringable.len())])
    }

    fn own_call(&mut self, user_id: u64, id: u64) -> Result<&mut Call, StoreError> {
        self.calls
            .get_mut(&id)
            .filter(|c| c.owner == user_id)
            .ok_or(StoreError::NotFound)
    }

    fn call_change(&self, id: u64, stops_ringing: bool) -> Result<CallChange, StoreError> {
        let call = self.calls.get(&id).ok_or(StoreError::NotFound)?;
        let intercom = self
            .intercoms
            .get(&call.intercom_id)
            .ok_or(StoreError::NotFound)?;
        Ok(CallChange {
            call: wire::call(call, intercom),
            cancel: stops_ringing.then(|| wire::call_cancel(call, intercom)),
        })
    }
}

/// A change a call that no longer rings cannot take.
fn not_ringing(status: CallStatus) -> StoreError {
    let mut errors = FieldErrors::default();
    errors.add(
        "status",
        format!("The call is {} already.", status.as_str()),
    );
    StoreError::Validation(errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::NewIntercom;

    fn store() -> (Store, u64, u64, DateTime<Utc>) {
        let now = Utc::now();
        let mut store = Store::new(5, None, false);
        let user = store.add_user("demo", "demo", now).unwrap_or_default();
        let intercom = store.add_intercom(
            user,
            NewIntercom {
                title: "Main entrance",
                address: "12 Harbour Street",
                department: 1,
                is_online: true,
                status: "confirmed",
                created_at: None,
                updated_at: now,
                opens_from_app: true,
                takes_codes: true,
            },
        );
        (store, user, intercom, now)
    }

    fn page(store: &Store, user: u64) -> (Vec<Value>, u64) {
        store.calls_page(
            user,
            PageRequest {
                page: 1,
                per_page: 25,
            },
        )
    }

    #[test]
    fn a_call_rings_then_is_answered_and_ends_and_only_the_answer_stops_the_ringing() {
        let (mut store, user, intercom, now) = store();
        let rung = store.ring(user, intercom, now).expect("rings");
        assert_eq!(rung.call["status"], "ring");
        assert!(rung.cancel.is_none(), "a new call rings");
        assert_eq!(rung.call["intercom"]["title"], "Main entrance");
        let id = rung.call["id"].as_u64().expect("id");

        let answered = store.answer_call(user, id, now).expect("answers");
        assert_eq!(answered.call["status"], "answered");
        assert!(answered.call["started_at"].is_string());
        let cancel = answered.cancel.expect("the ringing stops everywhere");
        assert_eq!(cancel["call_id"], id);
        assert_eq!(cancel["id"], intercom);

        let ended = store.end_call(user, id, now).expect("ends");
        assert_eq!(ended.call["status"], "ended");
        assert!(ended.cancel.is_none(), "no longer ringing");
        assert!(matches!(
            store.end_call(user, id, now),
            Err(StoreError::Validation(_))
        ));
    }

    #[test]
    fn an_unanswered_call_is_missed_and_stops_ringing() {
        let (mut store, user, intercom, now) = store();
        let id = store.ring(user, intercom, now).expect("rings").call["id"]
            .as_u64()
            .expect("id");
        let missed = store.end_call(user, id, now).expect("missed");
        assert_eq!(missed.call["status"], "missed");
        assert!(missed.call["started_at"].is_null() && missed.call["ended_at"].is_string());
        assert!(missed.cancel.is_some());
        assert!(matches!(
            store.answer_call(user, id, now),
            Err(StoreError::Validation(_))
        ));
    }

    #[test]
    fn calls_are_listed_newest_first_and_each_user_sees_only_their_own() {
        let (mut store, user, intercom, now) = store();
        let other = store.add_user("other", "other", now).unwrap_or_default();
        assert!(matches!(
            store.ring(other, intercom, now),
            Err(StoreError::NotFound)
        ));
        for _ in 0..3 {
            store.ring(user, intercom, now).expect("rings");
        }
        let (calls, total) = page(&store, user);
        assert_eq!(total, 3);
        let ids: Vec<u64> = calls.iter().filter_map(|c| c["id"].as_u64()).collect();
        assert!(ids.windows(2).all(|pair| pair[0] > pair[1]), "{ids:?}");
        assert_eq!(page(&store, other).1, 0);
        assert!(matches!(
            store.answer_call(other, ids[0], now),
            Err(StoreError::NotFound)
        ));
    }

    #[test]
    fn deleting_calls_takes_only_the_callers_own() {
        let (mut store, user, intercom, now) = store();
        let ids: Vec<u64> = (0..3)
            .filter_map(|_| store.ring(user, intercom, now).ok()?.call["id"].as_u64())
            .collect();
        let body = serde_json::json!({"ids": [ids[2], ids[0], ids[0], 99_999]});
        assert_eq!(
            store.delete_calls(user, &body).expect("deleted"),
            [ids[0], ids[2]]
        );
        assert_eq!(store.call_ids(user), [ids[1]]);
        assert!(matches!(
            store.delete_calls(user, &serde_json::json!({})),
            Err(StoreError::Validation(_))
        ));
        // An intercom removed takes its calls with it.
        store
            .delete_intercoms(user, &serde_json::json!({"ids": [intercom]}))
            .expect("deleted");
        assert!(store.call_ids(user).is_empty());
    }
}
