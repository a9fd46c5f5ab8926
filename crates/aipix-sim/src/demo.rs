//! Sample data for one account: four intercoms in the states a client must show differently
//! (online, offline, not yet confirmed; a gate the app may not open, a door that takes no codes) and codes that
//! are active, about to expire, and expired. And visitors who ring now and then ([`ring_now_and_then`]).

use std::sync::Arc;

use chrono::{DateTime, Duration, DurationRound, Utc};

use crate::config::DemoCalls;
use crate::state::Shared;
use crate::store::{NewIntercom, Store};

/// The streets the demo's buildings stand on, one per server.
const STREETS: [&str; 6] = [
    "Harbour Street",
    "Mill Lane",
    "Station Road",
    "Orchard Row",
    "Quay Side",
    "Linden Avenue",
];

/// The building of demo site `site` (`SimConfig::site`): "Harbour Street", "Mill Lane", …; past the sixth, the
/// streets again with a number ("Harbour Street 2").
pub fn site_name(site: usize) -> String {
    let street = STREETS[site % STREETS.len()];
    match site / STREETS.len() {
        0 => street.to_owned(),
        round => format!("{street} {}", round + 1),
    }
}

/// Gives `user` its own intercoms and codes at building `site`, dated relative to `now`.
pub(crate) fn populate(store: &mut Store, user: u64, now: DateTime<Utc>, site: usize) {
    let street = site_name(site);
    let (at_12, at_12a, at_14) = (
        format!("12 {street}"),
        format!("12a {street}"),
        format!("14 {street}"),
    );
    let installed = now - Duration::days(30);
    let intercom = |title, address, department, is_online, status, created_at| NewIntercom {
        title,
        address,
        department,
        is_online,
        status,
        created_at,
        updated_at: now - Duration::days(2),
        opens_from_app: true,
        takes_codes: true,
    };
    // The first has no creation date, as in the contract's examples.
    let main = store.add_intercom(
        user,
        intercom("Main entrance", &at_12, 1, true, "confirmed", None),
    );
    // Its gate opens by a code or a key, never from the app.
    let courtyard = store.add_intercom(
        user,
        NewIntercom {
            opens_from_app: false,
            ..intercom(
                "Courtyard gate",
                &at_12,
                2,
                true,
                "confirmed",
                Some(installed),
            )
        },
    );
    store.add_intercom(
        user,
        intercom(
            "Parking barrier",
            &at_14,
            3,
            false,
            "confirmed",
            Some(installed),
        ),
    );
    // Pending: listed, but opening its door answers 404. Staff come in with keys: no visitor codes.
    store.add_intercom(
        user,
        NewIntercom {
            takes_codes: false,
            ..intercom("Service door", &at_12a, 4, true, "pending", Some(installed))
        },
    );

    // Whole minutes, as the client's form sends them.
    let minute = |t: DateTime<Utc>| t.duration_trunc(Duration::minutes(1)).unwrap_or(t);
    // Oldest first, so ids grow with creation time as in a database.
    let codes = [
        (main, "Courier", Duration::hours(-2), Duration::hours(6)),
        (
            courtyard,
            "Anna Schmidt",
            Duration::days(2),
            Duration::hours(5),
        ),
        (main, "Plumber", Duration::hours(3), Duration::minutes(20)),
    ];
    for (intercom, title, expires_in, made_ago) in codes {
        // Cannot fail: the intercom is this user's and has plenty of free codes.
        let _ = store.insert_code(
            user,
            intercom,
            title,
            minute(now + expires_in),
            now - made_ago,
        );
    }
}

/// Gives `user` `count` more codes at its first intercom, valid for a day (big accounts).
pub(crate) fn add_codes(store: &mut Store, user: u64, now: DateTime<Utc>, count: usize) {
    if count == 0 {
        return;
    }
    if let Some(&intercom) = store.intercom_ids(user).first() {
        store.insert_codes(user, intercom, count, now + Duration::days(1), now);
    }
}

/// Rings now and then until the simulator stops: at a random moment in `calls.every`, a visitor rings at one of
/// the confirmed intercoms that are online (of any account); after a while in `calls.ringing` somebody answers on
/// some device (half the time) and talks for a while in `calls.talking`, or nobody does and the call is missed.
/// Every step is pushed as a real server pushes it. One call at a time.
pub(crate) async fn ring_now_and_then(shared: Arc<Shared>, calls: DemoCalls) {
    let stop = shared.clone();
    let ringing = async move {
        loop {
            tokio::time::sleep(rand::random_range(calls.every.clone())).await;
            let Some((user, intercom)) = shared.store().random_ringable_intercom() else {
                continue;
            };
            let Ok(call) = shared.ring(user, intercom) else {
                continue;
            };
            let Some(id) = call["id"].as_u64() else {
                continue;
            };
            tokio::time::sleep(rand::random_range(calls.ringing.clone())).await;
            if rand::random_bool(0.5) && shared.answer_call(user, id).is_ok() {
                tokio::time::sleep(rand::random_range(calls.talking.clone())).await;
            }
            // A call the user removed meanwhile is gone: nothing to end.
            let _ = shared.end_call(user, id);
        }
    };
    tokio::select! {
        () = ringing => {}
        () = stop.shutdown_requested() => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::PageRequest;

    #[test]
    fn each_user_gets_four_intercoms_and_three_codes_of_their_own() {
        let now = Utc::now();
        let mut store = Store::new(5, None, false);
        let a = store.add_user("a", "a", now).unwrap_or_default();
        let b = store.add_user("b", "b", now).unwrap_or_default();
        populate(&mut store, a, now, 0);
        populate(&mut store, b, now, 0);

        let (a_intercoms, b_intercoms) = (store.intercom_ids(a), store.intercom_ids(b));
        assert_eq!((a_intercoms.len(), b_intercoms.len()), (4, 4));
        assert!(a_intercoms.iter().all(|id| !b_intercoms.contains(id)));

        let (codes, total) = store.codes_page(
            a,
            PageRequest {
                page: 1,
                per_page: 25,
            },
            now,
        );
        assert_eq!(total, 3);
        let expired: Vec<bool> = codes
            .iter()
            .map(|c| c["is_expired"].as_bool().unwrap_or(false))
            .collect();
        assert_eq!(expired.iter().filter(|e| **e).count(), 1);
        assert!(store.open_door(a, a_intercoms[0]).is_ok());
        assert!(store.open_door(a, a_intercoms[3]).is_err());
    }
}
