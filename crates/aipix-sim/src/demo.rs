//! Sample data for one account: four intercoms in the states a client must show differently
//! (online, offline, not yet confirmed) and codes that are active, about to expire, and expired.

use chrono::{DateTime, Duration, DurationRound, Utc};

use super::store::{NewIntercom, Store};

/// Gives `user` its own intercoms and codes, dated relative to `now`.
pub(crate) fn populate(store: &mut Store, user: u64, now: DateTime<Utc>) {
    let installed = now - Duration::days(30);
    let intercom = |title, address, department, is_online, status, created_at| NewIntercom {
        title,
        address,
        department,
        is_online,
        status,
        created_at,
        updated_at: now - Duration::days(2),
    };
    // The first has no creation date, as in the contract's examples.
    let main = store.add_intercom(
        user,
        intercom(
            "Main entrance",
            "12 Harbour Street",
            1,
            true,
            "confirmed",
            None,
        ),
    );
    let courtyard = store.add_intercom(
        user,
        intercom(
            "Courtyard gate",
            "12 Harbour Street",
            2,
            true,
            "confirmed",
            Some(installed),
        ),
    );
    store.add_intercom(
        user,
        intercom(
            "Parking barrier",
            "14 Harbour Street",
            3,
            false,
            "confirmed",
            Some(installed),
        ),
    );
    // Pending: listed, but opening its door answers 404.
    store.add_intercom(
        user,
        intercom(
            "Service door",
            "12a Harbour Street",
            4,
            true,
            "pending",
            Some(installed),
        ),
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
        populate(&mut store, a, now);
        populate(&mut store, b, now);

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
