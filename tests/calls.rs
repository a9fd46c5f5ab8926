//! Calls at the door and the intercoms' door flags: the client against the simulator, over REST (the paged list)
//! and the live channel (the real server's pushes), on real sockets on 127.0.0.1.

mod common;

use aipix_client::api::{ApiError, CallState, Intercom};
use aipix_client::live::Push;
use aipix_sim::SimConfig;
use aipix_sim::testing::start_on_loopback;
use common::live::{Listener, quick_config};
use common::{client_with, signed_in};

#[tokio::test]
async fn every_call_is_listed_through_the_paged_listing_newest_first_each_once() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let (demo, _) = signed_in(&sim, "demo", "demo").await;
    assert!(demo.calls().await.expect("no calls yet").items.is_empty());
    let main = sim.intercom_ids("demo")[0];
    for _ in 0..230 {
        let id = sim.ring("demo", main).expect("rings")["id"]
            .as_u64()
            .expect("id");
        sim.end_call("demo", id).expect("missed");
    }
    let answered = sim.ring("demo", main).expect("rings")["id"]
        .as_u64()
        .expect("id");
    sim.answer_call("demo", answered).expect("answered");

    // 25 a page: ten pages.
    let client = client_with(&sim.base_url(), |config| config.per_page = 25);
    client.restore_session(demo.session().expect("signed in"));
    let before = sim.requests_to("GET", "/api/v1/intercom/calls");
    let calls = client.calls().await.expect("the calls").items;
    assert_eq!(
        sim.requests_to("GET", "/api/v1/intercom/calls") - before,
        10,
        "one request a page"
    );
    let ids: Vec<u64> = calls.iter().map(|call| call.id).collect();
    let mut expected = sim.call_ids("demo");
    expected.reverse();
    assert_eq!(ids, expected, "newest first, each once");
    let newest = &calls[0];
    assert_eq!(newest.state(), CallState::Answered);
    assert!(newest.started_at.is_some() && newest.ended_at.is_none());
    let intercom = newest.intercom.as_ref().expect("the intercom it came from");
    assert_eq!(intercom.title, "Main entrance");
    assert!(intercom.opens_from_app() && intercom.takes_codes());
    assert!(
        calls[1..]
            .iter()
            .all(|call| call.state() == CallState::Missed && call.came_at().is_some())
    );
}

#[tokio::test]
async fn the_calls_of_another_account_are_not_listed_and_a_signed_out_client_is_told() {
    let sim = start_on_loopback(aipix_sim::testing::config_with_users(&[
        ("alice", "a"),
        ("bob", "b"),
    ]))
    .await;
    sim.ring("bob", sim.intercom_ids("bob")[0]).expect("rings");
    let (alice, _) = signed_in(&sim, "alice", "a").await;
    assert!(alice.calls().await.expect("alice's calls").items.is_empty());
    alice.forget_session();
    assert!(matches!(alice.calls().await, Err(ApiError::Unauthorized)));
}

#[tokio::test]
async fn a_call_rings_is_answered_elsewhere_and_is_removed_live_as_the_sdks_read_it() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let (client, _) = signed_in(&sim, "demo", "demo").await;
    let mut desk = Listener::start(&client, quick_config());
    desk.connected().await;
    let gate = sim.intercom_ids("demo")[1];

    let id = sim.ring("demo", gate).expect("rings")["id"]
        .as_u64()
        .expect("id");
    let Push::CallStored { call } = desk.next_push().await else {
        panic!("the ring is a stored call")
    };
    assert_eq!((call.id, call.state()), (id, CallState::Ringing));
    let at = call.intercom.expect("the intercom");
    assert_eq!(at.id, gate);
    assert!(
        !at.opens_from_app(),
        "the courtyard gate does not open from the app"
    );

    sim.answer_call("demo", id).expect("answered on a phone");
    assert_eq!(
        desk.next_push().await,
        Push::CallCancelled {
            call_id: Some(id.to_string())
        }
    );
    let Push::CallStored { call } = desk.next_push().await else {
        panic!("the answered call")
    };
    assert_eq!(call.state(), CallState::Answered);

    assert_eq!(sim.delete_calls("demo", &[id]), 1);
    assert_eq!(desk.next_push().await, Push::CallsDeleted { ids: vec![id] });
    desk.handle.stop().await;
}

#[tokio::test]
async fn the_door_flags_reach_the_client_from_the_list_and_live() {
    let sim = start_on_loopback(SimConfig::default()).await;
    let (client, _) = signed_in(&sim, "demo", "demo").await;
    let intercoms = client.intercoms().await.expect("intercoms").items;
    let by_title = |title: &str| -> &Intercom {
        intercoms
            .iter()
            .find(|intercom| intercom.title == title)
            .expect("listed")
    };
    assert!(!by_title("Courtyard gate").opens_from_app());
    assert!(by_title("Courtyard gate").takes_codes());
    assert!(!by_title("Service door").takes_codes());
    assert!(by_title("Service door").opens_from_app());
    assert!(by_title("Parking barrier").takes_codes() && by_title("Main entrance").takes_codes());

    // The server holds to them: the desk hears it as "not allowed".
    let gate = by_title("Courtyard gate").id;
    assert!(matches!(
        client.open_door(gate).await,
        Err(ApiError::Forbidden)
    ));
    let service = by_title("Service door").id;
    let tomorrow = chrono::Utc::now() + chrono::TimeDelta::days(1);
    assert!(matches!(
        client.create_code(service, "Van", tomorrow).await,
        Err(ApiError::Forbidden)
    ));

    let mut desk = Listener::start(&client, quick_config());
    desk.connected().await;
    sim.set_door_flags("demo", gate, true, false)
        .expect("its administrator changes it");
    let Push::IntercomUpdated { intercom } = desk.next_push().await else {
        panic!("an intercom update")
    };
    assert_eq!(intercom.id, gate);
    assert!(intercom.opens_from_app() && !intercom.takes_codes());
    client.open_door(gate).await.expect("opens now");
}
